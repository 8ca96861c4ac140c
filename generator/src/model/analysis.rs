//! Whole-model facts computed after all types exist: which fields must be boxed to break
//! recursion, which types can derive `Default`, which have anything to validate, and type aliases
//! that would be infinitely recursive.

use super::reach::{mentioned, references};
use super::{
    Additional, Constraints, Operation, Presence, Prim, StringFormat, Ty, TypeDef, TypeId, TypeKind,
};
use crate::diag::Diagnostic;

/// Types mentioned by value (not behind `Vec` or a map) in `ty`.
fn by_value(ty: &Ty, out: &mut Vec<TypeId>) {
    match ty {
        Ty::Named(id) => out.push(*id),
        Ty::Option(inner) => by_value(inner, out),
        Ty::Prim(_) | Ty::Vec(_) | Ty::Map(_) | Ty::Json => {}
    }
}

/// Every type mentioned anywhere in `ty`.
fn value_edges(t: &TypeDef) -> Vec<TypeId> {
    let mut out = Vec::new();
    match &t.kind {
        TypeKind::Struct(s) => s.fields.iter().for_each(|f| by_value(&f.ty, &mut out)),
        TypeKind::Union(u) => u.variants.iter().for_each(|v| by_value(&v.ty, &mut out)),
        TypeKind::Alias(ty) => by_value(ty, &mut out),
        TypeKind::StrEnum(_) | TypeKind::IntEnum(_) => {}
    }
    out
}

fn reaches(
    types: &[TypeDef],
    from: TypeId,
    target: TypeId,
    edges: &dyn Fn(&TypeDef) -> Vec<TypeId>,
) -> bool {
    let mut seen = vec![false; types.len()];
    let mut stack = vec![from];
    while let Some(t) = stack.pop() {
        if t == target {
            return true;
        }
        if t >= types.len() || std::mem::replace(&mut seen[t], true) {
            continue;
        }
        stack.extend(edges(&types[t]));
    }
    false
}

/// Computes boxing, `Default` and validation facts in place; returns warnings.
pub(super) fn analyse(types: &mut [TypeDef]) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    // Aliases that mention themselves through other aliases cannot be written as `type X = …`.
    for id in 0..types.len() {
        if let TypeKind::Alias(ty) = &types[id].kind {
            let mut start = Vec::new();
            mentioned(ty, &mut start);
            let alias_edges = |t: &TypeDef| match &t.kind {
                TypeKind::Alias(ty) => {
                    let mut out = Vec::new();
                    mentioned(ty, &mut out);
                    out
                }
                _ => Vec::new(),
            };
            if start.iter().any(|&s| reaches(types, s, id, &alias_edges)) {
                warnings.push(Diagnostic::warning(
                    &types[id].origin,
                    "this schema is defined only in terms of itself; using serde_json::Value",
                ));
                types[id].kind = TypeKind::Alias(Ty::Json);
            }
        }
    }
    // Box a by-value edge whose target can reach its source again.
    for id in 0..types.len() {
        let targets_reaching: Vec<bool> = match &types[id].kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| field_cycles(types, &f.ty, id))
                .collect(),
            TypeKind::Union(u) => u
                .variants
                .iter()
                .map(|v| field_cycles(types, &v.ty, id))
                .collect(),
            _ => Vec::new(),
        };
        match &mut types[id].kind {
            TypeKind::Struct(s) => s
                .fields
                .iter_mut()
                .zip(targets_reaching)
                .for_each(|(f, b)| f.boxed = b),
            TypeKind::Union(u) => u
                .variants
                .iter_mut()
                .zip(targets_reaching)
                .for_each(|(v, b)| v.boxed = b),
            _ => {}
        }
    }
    // Least fixpoints: recursion alone never makes a type defaultable or validating.
    loop {
        let mut changed = false;
        for id in 0..types.len() {
            let d = !types[id].has_default && can_default(types, id);
            let v = !types[id].validates && needs_validation(types, id);
            if d {
                types[id].has_default = true;
            }
            if v {
                types[id].validates = true;
            }
            changed |= d || v;
        }
        if !changed {
            break;
        }
    }
    warnings
}

/// `format` is checked on what is sent: the formats of types no operation sends are dropped
/// (the server's values are the server's, and a type no operation reaches is never validated by
/// the client; checking them would only cost code and compile time: GitHub's 469 webhook payload
/// schemas, reached by no operation, held 863 `uri` checks), and which types validate is worked
/// out again.
pub(super) fn formats_only_where_sent(types: &mut [TypeDef], operations: &[Operation]) {
    let sent = reached(types, sent_by(operations));
    fn clear(c: &mut Constraints) {
        c.format = None;
        if let Some(items) = &mut c.items {
            clear(items);
        }
    }
    for (t, _) in types.iter_mut().zip(&sent).filter(|(_, &sent)| !sent) {
        match &mut t.kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    clear(&mut f.constraints);
                }
                if let Additional::Typed(_, c) = &mut s.additional {
                    clear(c);
                }
            }
            TypeKind::Union(u) => u
                .variants
                .iter_mut()
                .for_each(|v| clear(&mut v.constraints)),
            _ => {}
        }
    }
    types.iter_mut().for_each(|t| t.validates = false);
    loop {
        let mut changed = false;
        for id in 0..types.len() {
            if !types[id].validates && needs_validation(types, id) {
                types[id].validates = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

fn field_cycles(types: &[TypeDef], ty: &Ty, owner: TypeId) -> bool {
    let mut direct = Vec::new();
    by_value(ty, &mut direct);
    direct
        .iter()
        .any(|&t| reaches(types, t, owner, &value_edges))
}

/// Whether a value of `ty` has a `Default` (given what is known so far).
pub fn ty_has_default(types: &[TypeDef], ty: &Ty) -> bool {
    match ty {
        Ty::Prim(p) => !matches!(p, Prim::DateTime | Prim::Date | Prim::Ipv4 | Prim::Ipv6),
        Ty::Vec(_) | Ty::Map(_) | Ty::Option(_) | Ty::Json => true,
        Ty::Named(id) => types.get(*id).is_some_and(|t| match &t.kind {
            TypeKind::Alias(inner) => ty_has_default(types, inner),
            _ => t.has_default,
        }),
    }
}

fn can_default(types: &[TypeDef], id: TypeId) -> bool {
    match &types[id].kind {
        // A required field has no value to make up: `Default` would send a fabricated one
        // (`""` for a required email); such a struct is built with `new(required…)` instead.
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .all(|f| matches!(f.presence, Presence::Optional | Presence::OptionalNullable)),
        _ => false,
    }
}

/// Whether any of `c` can be checked on a value of `ty`: lengths and patterns on strings, bounds
/// on numbers, counts on arrays, item constraints on what arrays and maps hold. The spec may put
/// `maxLength` on a date or `minimum` on an enum; such a constraint is documented, not checked,
/// and must not make a type `Validate` with nothing to check.
pub fn constraints_apply(types: &[TypeDef], ty: &Ty, c: &Constraints) -> bool {
    let ty = super::alias_target(types, ty);
    if let Ty::Named(_) = ty {
        return false;
    }
    let items = |inner: &Ty| {
        c.items
            .as_deref()
            .is_some_and(|ic| constraints_apply(types, inner, ic))
    };
    match ty {
        Ty::Prim(Prim::String) => {
            c.min_length.is_some()
                || c.max_length.is_some()
                || c.pattern.is_some()
                || c.format.is_some()
        }
        // A `Timestamp` holds any text; it must be a date-time when it is sent.
        Ty::Prim(Prim::DateTime) => c.format == Some(StringFormat::DateTime),
        Ty::Prim(Prim::I32 | Prim::I64 | Prim::F32 | Prim::F64) => {
            c.minimum.is_some() || c.maximum.is_some() || c.multiple_of.is_some()
        }
        Ty::Vec(inner) => {
            c.min_items.is_some() || c.max_items.is_some() || c.unique_items || items(inner)
        }
        Ty::Map(inner) => items(inner),
        Ty::Option(inner) => constraints_apply(types, inner, c),
        Ty::Prim(_) | Ty::Json | Ty::Named(_) => false,
    }
}

/// Whether checking a value of `ty` can find anything.
pub fn ty_validates(types: &[TypeDef], ty: &Ty) -> bool {
    match ty {
        Ty::Named(id) => types.get(*id).is_some_and(|t| match &t.kind {
            TypeKind::Alias(inner) => ty_validates(types, inner),
            _ => t.validates,
        }),
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) => ty_validates(types, inner),
        Ty::Prim(_) | Ty::Json => false,
    }
}

fn needs_validation(types: &[TypeDef], id: TypeId) -> bool {
    match &types[id].kind {
        TypeKind::Struct(s) => {
            s.fields.iter().any(|f| {
                constraints_apply(types, &f.ty, &f.constraints) || ty_validates(types, &f.ty)
            }) || matches!(&s.additional, Additional::Typed(t, c) if ty_validates(types, t) || constraints_apply(types, t, c))
        }
        TypeKind::Union(u) => u
            .variants
            .iter()
            .any(|v| constraints_apply(types, &v.ty, &v.constraints) || ty_validates(types, &v.ty)),
        _ => false,
    }
}

/// Which types `roots` reach, through fields, variants and aliases.
fn reached(types: &[TypeDef], roots: Vec<&Ty>) -> Vec<bool> {
    let mut seen = vec![false; types.len()];
    let mut stack: Vec<TypeId> = Vec::new();
    for ty in roots {
        mentioned(ty, &mut stack);
    }
    while let Some(id) = stack.pop() {
        if id >= seen.len() || std::mem::replace(&mut seen[id], true) {
            continue;
        }
        stack.extend(references(&types[id]));
    }
    seen
}

/// What operations send: their parameters and request bodies.
fn sent_by(operations: &[Operation]) -> Vec<&Ty> {
    operations.iter().flat_map(Operation::sent_types).collect()
}

/// Marks each type with the directions it travels in (see [`super::Usage`]).
pub(super) fn usage(types: &mut [TypeDef], operations: &[Operation], webhooks: Vec<&Ty>) {
    // Webhook payloads are received too (by the user's server).
    let received: Vec<&Ty> = operations
        .iter()
        .flat_map(Operation::received_types)
        .chain(webhooks)
        .collect();
    let mut request = reached(types, sent_by(operations));
    let mut response = reached(types, received);
    // Types no operation reaches are there for callers to use either way, and so is everything
    // they contain.
    let unreached: Vec<Ty> = (0..types.len())
        .filter(|&i| !request[i] && !response[i])
        .map(Ty::Named)
        .collect();
    let unreached = reached(types, unreached.iter().collect());
    for i in (0..types.len()).filter(|&i| unreached[i]) {
        request[i] = true;
        response[i] = true;
    }
    for (i, t) in types.iter_mut().enumerate() {
        t.usage = super::Usage {
            request: request[i],
            response: response[i],
        };
    }
}
