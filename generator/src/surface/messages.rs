//! The provider's message in a documented error body: which field of the typed body an
//! operation's `Error::Api` shows in its `Display`. The rule is structural, not per provider: a
//! string property named `message`, `error_message`, `detail` or `description` (in that order of
//! preference) of the body's object, else of an object one level down (Rapyd's
//! `status.message`), the first such object in document order.

use crate::model::{Field, ResponseBody, Ty, TypeKind};

use super::types::TypeShape;
use super::Surface;

/// The property names read as the provider's message, most preferred first.
pub const MESSAGE_FIELDS: &[&str] = &["message", "error_message", "detail", "description"];

/// One property on the way from an error body to its message.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageStep {
    /// Its name in the JSON body.
    pub wire: String,
}

/// The fields from an error `body` to its message (one or two steps), if the rule finds one.
pub fn message_path(surface: &Surface<'_>, body: &ResponseBody) -> Option<Vec<MessageStep>> {
    let ResponseBody::Json(ty) = body else {
        return None;
    };
    let fields = struct_fields(surface, ty)?;
    if let Some(step) = message_field(fields) {
        return Some(vec![step]);
    }
    fields.iter().find_map(|f| {
        let inner = struct_fields(surface, &f.ty)?;
        let last = message_field(inner)?;
        Some(vec![step(f), last])
    })
}

/// The step that reads `field`.
fn step(field: &Field) -> MessageStep {
    MessageStep {
        wire: field.json_name.clone(),
    }
}

/// The fields of `ty` when it is a named struct (through aliases).
fn struct_fields<'a>(surface: &Surface<'a>, ty: &Ty) -> Option<&'a [Field]> {
    let Ty::Named(id) = ty else {
        return None;
    };
    let def = surface.api.types.get(*id)?;
    match &def.kind {
        TypeKind::Alias(inner) => struct_fields(surface, inner),
        TypeKind::Struct(st) => {
            // Only a type the surface renders as a struct has properties to read.
            let TypeShape::Struct { .. } = &surface.types.get(*id)?.shape else {
                return None;
            };
            Some(&st.fields)
        }
        _ => None,
    }
}

/// The most preferred message property among `fields` that is a plain string.
fn message_field(fields: &[Field]) -> Option<MessageStep> {
    MESSAGE_FIELDS.iter().find_map(|name| {
        fields
            .iter()
            .find(|f| f.json_name == *name && f.ty == Ty::Prim(crate::model::Prim::String))
            .map(step)
    })
}
