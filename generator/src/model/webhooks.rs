//! Webhooks (OpenAPI 3.1's top-level `webhooks`): the requests a provider sends to its users, as
//! the payload types they carry and one event per webhook.
//!
//! The load stage lowers `webhooks` into the [`crate::load::openapi31::WEBHOOKS`] extension, each
//! payload a component schema; this part only names the events and points at their types.

use openapiv3::OpenAPI;
use serde_json::Value;

use super::names::{to_type_name, Namespace};
use super::{Docs, Ty, TypeDef, TypeKind};
use crate::diag::{pointer_join, Diagnostic};

/// The webhooks of a document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Webhooks {
    /// One per webhook, in document order.
    pub events: Vec<Webhook>,
    /// A string-enum property of every payload whose values include the webhook's name (Adyen's
    /// `type`), so a body alone tells which webhook it is.
    pub discriminator: Option<String>,
}

/// One webhook: an event the provider sends.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// Its name in the document (`balancePlatform.transfer.created`).
    pub name: String,
    /// Its variant in the event enum (`BalancePlatformTransferCreated`).
    pub variant: String,
    /// The HTTP method it arrives with, upper case.
    pub method: String,
    /// The payload type.
    pub ty: Ty,
    /// Its docs (the operation's summary or description).
    pub docs: Docs,
}

/// The webhooks of `api`, their payloads looked up among the (deduplicated) `types` by origin.
/// A webhook whose payload cannot be found is left out with a warning.
pub(super) fn build(api: &OpenAPI, types: &[TypeDef], warnings: &mut Vec<Diagnostic>) -> Webhooks {
    let Some(Value::Object(hooks)) = api.extensions.get(crate::load::openapi31::WEBHOOKS) else {
        return Webhooks::default();
    };
    let mut variants = Namespace::with_reserved(&["Other"]);
    let mut out = Vec::new();
    for (name, entry) in hooks {
        let origin = entry
            .get("origin")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let reference = entry
            .pointer("/schema/$ref")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let component = reference.strip_prefix("#/components/schemas/").map(|n| {
            pointer_join(
                "/components/schemas",
                &n.replace("~1", "/").replace("~0", "~"),
            )
        });
        let found = component.and_then(|c| types.iter().position(|t| t.origin == c));
        let Some(id) = found else {
            warnings.push(Diagnostic::warning(
                origin,
                format!("webhook `{name}`: its payload `{reference}` is not a component schema; left out of the event enum"),
            ));
            continue;
        };
        let description = entry
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_string);
        out.push(Webhook {
            name: name.clone(),
            variant: variants.claim(&to_type_name(name)),
            method: entry
                .get("method")
                .and_then(Value::as_str)
                .unwrap_or("post")
                .to_ascii_uppercase(),
            ty: Ty::Named(id),
            docs: Docs {
                description,
                ..Docs::default()
            },
        });
    }
    let discriminator = discriminator(&out, types);
    Webhooks {
        events: out,
        discriminator,
    }
}

/// The property that names the webhook in every payload: a string enum listing the webhook's
/// name among its values.
fn discriminator(events: &[Webhook], types: &[TypeDef]) -> Option<String> {
    let first = events.first()?;
    let candidates = fields_naming(first, types);
    candidates
        .into_iter()
        .find(|p| events.iter().all(|e| fields_naming(e, types).contains(p)))
}

/// The wire names of `event`'s payload fields whose values include the event's name.
fn fields_naming(event: &Webhook, types: &[TypeDef]) -> Vec<String> {
    let Ty::Named(id) = event.ty else {
        return Vec::new();
    };
    let Some(TypeKind::Struct(s)) = types.get(id).map(|t| &t.kind) else {
        return Vec::new();
    };
    s.fields
        .iter()
        .filter(|f| match &f.ty {
            Ty::Named(e) => matches!(
                types.get(*e).map(|t| &t.kind),
                Some(TypeKind::StrEnum(en)) if en.variants.iter().any(|(_, wire)| *wire == event.name)
            ),
            _ => false,
        })
        .map(|f| f.json_name.clone())
        .collect()
}
