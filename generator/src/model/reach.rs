//! Reachability: which named types an operation (or a webhook payload) needs to compile, as the
//! transitive closure of the types its parameters, body, responses and errors mention. The
//! surface's per-tag Cargo features ([`crate::surface::Features`]) gate each type on the groups
//! that reach it.

use super::{Additional, Operation, Ty, TypeDef, TypeId, TypeKind};

/// Pushes every named type mentioned anywhere in `ty` (inside `Vec`, maps and `Option` too).
pub(super) fn mentioned(ty: &Ty, out: &mut Vec<TypeId>) {
    match ty {
        Ty::Named(id) => out.push(*id),
        Ty::Option(inner) | Ty::Vec(inner) | Ty::Map(inner) => mentioned(inner, out),
        Ty::Prim(_) | Ty::Json => {}
    }
}

/// The types `t`'s own definition mentions: field, extra-property, variant and alias types.
pub fn references(t: &TypeDef) -> Vec<TypeId> {
    let mut out = Vec::new();
    match &t.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().for_each(|f| mentioned(&f.ty, &mut out));
            if let Additional::Typed(ty, _) = &s.additional {
                mentioned(ty, &mut out);
            }
        }
        TypeKind::Union(u) => u.variants.iter().for_each(|v| mentioned(&v.ty, &mut out)),
        TypeKind::Alias(ty) => mentioned(ty, &mut out),
        TypeKind::StrEnum(_) | TypeKind::IntEnum(_) => {}
    }
    out
}

/// The types `op`'s own items mention: parameters, the request body and its form parts, every
/// response (successes and errors) and the page item of a paginated operation.
pub fn operation_roots(op: &Operation) -> Vec<TypeId> {
    let mut out = Vec::new();
    for ty in op.sent_types().into_iter().chain(op.received_types()) {
        mentioned(ty, &mut out);
    }
    out
}

/// The types a webhook payload of type `ty` mentions.
pub fn payload_roots(ty: &Ty) -> Vec<TypeId> {
    let mut out = Vec::new();
    mentioned(ty, &mut out);
    out
}

/// Marks in `reached` (indexed by type id) every type reachable from `roots`.
pub fn mark_closure(types: &[TypeDef], roots: Vec<TypeId>, reached: &mut [bool]) {
    let mut stack = roots;
    while let Some(id) = stack.pop() {
        let Some(seen) = reached.get_mut(id) else {
            continue;
        };
        if std::mem::replace(seen, true) {
            continue;
        }
        if let Some(t) = types.get(id) {
            stack.extend(references(t));
        }
    }
}
