//! Request bodies: added (a required one breaks callers), removed, retyped (a multipart body: its
//! parts), required or optional now, sent with another encoding, and (from the raw documents) media
//! types added or removed.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, ReferenceOr};

use crate::diag::pointer_join;
use crate::model::{Body, BodyMedia};

use super::raw::raw_op_in;
use super::{ChangeKind, Op, Review, Severity};

/// The media types of an operation's request body, as the raw document lists them.
fn request_media(doc: &OpenAPI, op: &openapiv3::Operation) -> BTreeSet<String> {
    match &op.request_body {
        Some(ReferenceOr::Item(body)) => body.content.keys().cloned().collect(),
        Some(ReferenceOr::Reference { reference }) => reference
            .strip_prefix("#/components/requestBodies/")
            .and_then(|name| doc.components.as_ref()?.request_bodies.get(name)?.as_item())
            .map(|body| body.content.keys().cloned().collect())
            .unwrap_or_default(),
        None => BTreeSet::new(),
    }
}

/// How the client encodes a body, in words.
fn encoding(media: &BodyMedia) -> String {
    match media {
        BodyMedia::Json => "JSON".to_string(),
        BodyMedia::Form => "form-encoded".to_string(),
        BodyMedia::Multipart => "multipart/form-data".to_string(),
        BodyMedia::Bytes(content_type) => format!("raw `{content_type}`"),
    }
}

impl<'a> Review<'a> {
    pub(super) fn body(&mut self, old_op: Op<'a>, new_op: Op<'a>, at: &str) {
        let body_at = format!("{at}/requestBody");
        let method = vec![self.method_item(new_op)];
        match (&old_op.model.body, &new_op.model.body) {
            (None, None) => {}
            (Some(_), None) => self.push(
                Severity::Warn,
                ChangeKind::RequestBodyRemoved,
                body_at,
                format!("request body of {} removed", new_op.label()),
                method,
            ),
            (None, Some(new_body)) => {
                let (severity, kind, what) = if new_body.required {
                    (
                        Severity::Err,
                        ChangeKind::RequiredRequestBodyAdded,
                        "required",
                    )
                } else {
                    (
                        Severity::Warn,
                        ChangeKind::OptionalRequestBodyAdded,
                        "optional",
                    )
                };
                self.push(
                    severity,
                    kind,
                    body_at,
                    format!("new {what} request body on {}", new_op.label()),
                    method,
                );
            }
            (Some(old_body), Some(new_body)) => {
                self.body_pair(new_op, old_body, new_body, &body_at);
                self.form_parts(old_op, new_op, &body_at);
            }
        }
    }

    /// A request body in both versions.
    fn body_pair(&mut self, new_op: Op<'a>, old_body: &Body, new_body: &Body, at: &str) {
        let method = vec![self.method_item(new_op)];
        if !self.same_ty(&old_body.ty, &new_body.ty) {
            self.push(
                Severity::Err,
                ChangeKind::RequestBodyTypeChanged,
                at.to_string(),
                format!(
                    "request body type of {} changed: `{}` → `{}`",
                    new_op.label(),
                    self.old.short(&old_body.ty),
                    self.new.short(&new_body.ty)
                ),
                method.clone(),
            );
        }
        if !old_body.required && new_body.required {
            self.push(
                Severity::Err,
                ChangeKind::RequestBodyBecameRequired,
                at.to_string(),
                format!("request body of {} became required", new_op.label()),
                method.clone(),
            );
        } else if old_body.required && !new_body.required {
            let argument = new_op
                .surface
                .args
                .iter()
                .find(|a| a.name == "body")
                .map_or_else(String::new, |a| a.ty.short.clone());
            self.push(
                Severity::Warn,
                ChangeKind::RequestBodyBecameOptional,
                at.to_string(),
                format!(
                    "request body of {} became optional (the argument becomes `{argument}`)",
                    new_op.label(),
                ),
                method.clone(),
            );
        }
        if old_body.media != new_body.media {
            self.push(
                Severity::Warn,
                ChangeKind::RequestEncodingChanged,
                format!("{at}/content"),
                format!(
                    "the client now sends the request body of {} {} instead of {}",
                    new_op.label(),
                    encoding(&new_body.media),
                    encoding(&old_body.media)
                ),
                method,
            );
        }
    }

    /// The parts of a multipart body (its `…Form` fields and their types), in both versions.
    fn form_parts(&mut self, old_op: Op<'a>, new_op: Op<'a>, at: &str) {
        let (old, new) = (&old_op.surface.form_fields, &new_op.surface.form_fields);
        if old.is_empty() || new.is_empty() || old == new {
            return;
        }
        let list = |fields: &[(String, crate::surface::RustType)]| {
            fields
                .iter()
                .map(|(name, ty)| format!("{name}: {}", ty.short))
                .collect::<Vec<_>>()
                .join(", ")
        };
        self.push(
            Severity::Err,
            ChangeKind::RequestBodyTypeChanged,
            at.to_string(),
            format!(
                "multipart parts of {} changed: `{}` → `{}`",
                new_op.label(),
                list(old),
                list(new)
            ),
            vec![self.method_item(new_op)],
        );
    }

    /// Media types of the request body, from the raw documents.
    pub(super) fn request_media_types(&mut self, old_op: Op<'a>, new_op: Op<'a>, at: &str) {
        let (Some(old_raw), Some(new_raw)) = (
            raw_op_in(self.old.doc, old_op.model),
            raw_op_in(self.new.doc, new_op.model),
        ) else {
            return;
        };
        let old_media = request_media(self.old.doc, old_raw);
        let new_media = request_media(self.new.doc, new_raw);
        if old_media.is_empty() || new_media.is_empty() {
            return;
        }
        let content_at = format!("{at}/requestBody/content");
        for media in old_media.difference(&new_media) {
            self.push(
                Severity::Warn,
                ChangeKind::RequestMediaTypeRemoved,
                pointer_join(&content_at, media),
                format!("request media type `{media}` of {} removed", new_op.label()),
                Vec::new(),
            );
        }
        for media in new_media.difference(&old_media) {
            self.push(
                Severity::Info,
                ChangeKind::RequestMediaTypeAdded,
                pointer_join(&content_at, media),
                format!("request media type `{media}` added to {}", new_op.label()),
                Vec::new(),
            );
        }
    }
}
