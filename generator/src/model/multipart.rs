//! `multipart/form-data` request bodies: the body's object schema to one [`FormPart`] per
//! property (a file, several files, or a typed value) with its `encoding.<name>.contentType`.

use openapiv3::{MediaType, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

use super::names::{to_field_name, to_type_name, Namespace};
use super::schema::{Ctx, SchemaRef};
use super::{Constraints, Docs, FormPart, PartKind};
use crate::diag::{pointer_join, Diagnostic};

/// The parts of a multipart body, or `None` (with a warning) when its schema is not an object
/// with properties, which is then sent as raw bytes.
pub(super) fn form_parts<'a>(
    ctx: &mut Ctx<'a>,
    media: &'a MediaType,
    prefix: &str,
    media_at: &str,
) -> Option<Vec<FormPart>> {
    let schema_at = format!("{media_at}/schema");
    let object = media
        .schema
        .as_ref()
        .and_then(|s| ctx.resolver.schema(s, &schema_at).ok())
        .and_then(|(s, _)| match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => Some(o),
            _ => None,
        });
    let Some(object) = object else {
        ctx.error(Diagnostic::warning(
            media_at,
            "a multipart body without an object schema with properties is sent as raw bytes; \
             build the multipart payload yourself",
        ));
        return None;
    };
    let mut names = Namespace::default();
    let mut parts = Vec::new();
    for (wire, prop) in &object.properties {
        let prop_at = pointer_join(&pointer_join(&schema_at, "properties"), wire);
        let resolved = ctx
            .resolver
            .boxed_schema(prop, &prop_at)
            .ok()
            .map(|(s, _)| s);
        let mut constraints = Constraints::default();
        let kind = match resolved.map(|s| &s.schema_kind) {
            Some(k) if is_binary(k) => PartKind::File,
            Some(SchemaKind::Type(Type::Array(a)))
                if a.items
                    .as_ref()
                    .and_then(|i| ctx.resolver.boxed_schema(i, &prop_at).ok())
                    .is_some_and(|(s, _)| is_binary(&s.schema_kind)) =>
            {
                PartKind::Files
            }
            _ => {
                let hint = format!("{prefix}{}", to_type_name(wire));
                let converted = ctx.convert(SchemaRef::Boxed(prop), &hint, &prop_at, None);
                constraints = converted.constraints;
                PartKind::Value(converted.ty)
            }
        };
        parts.push(FormPart {
            name: names.claim(&to_field_name(wire)),
            wire_name: wire.clone(),
            kind,
            required: object.required.contains(wire),
            content_type: media
                .encoding
                .get(wire)
                .and_then(|e| e.content_type.clone()),
            constraints,
            docs: Docs {
                description: resolved.and_then(|s| s.schema_data.description.clone()),
                ..Docs::default()
            },
        });
    }
    Some(parts)
}

/// `type: string, format: binary` (or Swagger 2.0's `type: file`, converted to it on load).
fn is_binary(kind: &SchemaKind) -> bool {
    matches!(
        kind,
        SchemaKind::Type(Type::String(s))
            if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
    )
}
