//! Constraints of aliases carried to where they are used. A component that is not an object,
//! enum or union becomes an alias (`pub type Emails = Vec<String>`); a `$ref` to a string or
//! number component already brings its constraints along, but one to an array or map component
//! (`uniqueItems`, `minItems`, its items' `format` or `multipleOf`) did not. Every field, union
//! alternative, typed extra property and parameter whose type is (or holds) such an alias gets the alias's constraints
//! where it states none of its own, so that the checks emitted at the use site include them.

use std::collections::HashMap;

use super::{Additional, Constraints, Operation, Ty, TypeDef, TypeId, TypeKind};

/// How many aliases of aliases are followed (a cycle of aliases is not a type, but is bounded).
const MAX_CHAIN: usize = 32;

/// Gives every use site of an alias in `aliases` the alias's constraints it does not state.
pub(super) fn alias_constraints(
    aliases: &HashMap<TypeId, Constraints>,
    types: &mut [TypeDef],
    operations: &mut [Operation],
) {
    if aliases.is_empty() {
        return;
    }
    let kinds: Vec<TypeKind> = types.iter().map(|t| t.kind.clone()).collect();
    let fill = |ty: &Ty, c: &mut Constraints| inherit(aliases, &kinds, ty, c, 0);
    for t in types.iter_mut() {
        match &mut t.kind {
            TypeKind::Struct(s) => {
                s.fields
                    .iter_mut()
                    .for_each(|f| fill(&f.ty, &mut f.constraints));
                if let Additional::Typed(ty, c) = &mut s.additional {
                    fill(ty, c);
                }
            }
            TypeKind::Union(u) => u
                .variants
                .iter_mut()
                .for_each(|v| fill(&v.ty, &mut v.constraints)),
            _ => {}
        }
    }
    for op in operations {
        op.params
            .iter_mut()
            .for_each(|p| fill(&p.ty, &mut p.constraints));
    }
}

fn inherit(
    aliases: &HashMap<TypeId, Constraints>,
    kinds: &[TypeKind],
    ty: &Ty,
    c: &mut Constraints,
    depth: usize,
) {
    if depth > MAX_CHAIN {
        return;
    }
    match ty {
        Ty::Named(id) => {
            if let Some(own) = aliases.get(id) {
                merge(c, own);
            }
            if let Some(TypeKind::Alias(inner)) = kinds.get(*id) {
                inherit(aliases, kinds, inner, c, depth + 1);
            }
        }
        Ty::Vec(inner) | Ty::Map(inner) => {
            let mut items = c.items.take().map(|b| *b).unwrap_or_default();
            inherit(aliases, kinds, inner, &mut items, depth + 1);
            if !items.is_empty() {
                c.items = Some(Box::new(items));
            }
        }
        Ty::Option(inner) => inherit(aliases, kinds, inner, c, depth + 1),
        Ty::Prim(_) | Ty::Json => {}
    }
}

/// Fills what `c` does not state from `from`.
fn merge(c: &mut Constraints, from: &Constraints) {
    c.min_length = c.min_length.or(from.min_length);
    c.max_length = c.max_length.or(from.max_length);
    if c.pattern.is_none() {
        c.pattern.clone_from(&from.pattern);
    }
    c.format = c.format.or(from.format);
    c.minimum = c.minimum.or(from.minimum);
    c.maximum = c.maximum.or(from.maximum);
    c.multiple_of = c.multiple_of.or(from.multiple_of);
    c.min_items = c.min_items.or(from.min_items);
    c.max_items = c.max_items.or(from.max_items);
    c.unique_items |= from.unique_items;
    match (&mut c.items, &from.items) {
        (Some(mine), Some(theirs)) => merge(mine, theirs),
        (None, Some(theirs)) => c.items = Some(theirs.clone()),
        _ => {}
    }
}
