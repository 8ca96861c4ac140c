//! Merges hoisted inline types that are structurally identical (GitHub's spec repeats the same
//! inline enums and objects thousands of times), so each shape is generated and compiled once.
//!
//! Only inline schemas are merged; every component keeps its own type. Identity is the type's
//! shape with child types already merged (iterated to a fixpoint), not its docs: a merged type
//! keeps the first occurrence's name, and drops its description when the copies' differ (the
//! fields that use it keep theirs).

use std::collections::HashMap;

use super::{Additional, Operation, Ty, TypeDef, TypeKind};

/// Whether a type came from a component schema (`/components/schemas/<name>`), not hoisted.
fn is_component(t: &TypeDef) -> bool {
    t.origin.starts_with("/components/schemas/") && t.origin.matches('/').count() == 3
}

fn remap_ty(ty: &mut Ty, f: &dyn Fn(usize) -> usize) {
    match ty {
        Ty::Named(id) => *id = f(*id),
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) => remap_ty(inner, f),
        Ty::Prim(_) | Ty::Json => {}
    }
}

fn remap_kind(kind: &mut TypeKind, f: &dyn Fn(usize) -> usize) {
    match kind {
        TypeKind::Struct(s) => {
            s.fields.iter_mut().for_each(|x| remap_ty(&mut x.ty, f));
            if let Additional::Typed(t, _) = &mut s.additional {
                remap_ty(t, f);
            }
        }
        TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| remap_ty(&mut v.ty, f)),
        TypeKind::Alias(t) => remap_ty(t, f),
        TypeKind::StrEnum(_) | TypeKind::IntEnum(_) => {}
    }
}

/// The shape of a type with child ids replaced by `key_of(id)`, ignoring docs.
fn shape(kind: &TypeKind, key_of: &dyn Fn(usize) -> usize) -> TypeKind {
    let mut k = kind.clone();
    remap_kind(&mut k, key_of);
    if let TypeKind::Struct(s) = &mut k {
        for f in &mut s.fields {
            f.docs = Default::default();
        }
    }
    k
}

/// A hash of the parts of a shape that tell most shapes apart (kind, wire names, types,
/// presence, enum values). Shapes with equal hashes are compared whole, so what it leaves out
/// costs a comparison, never a wrong merge.
fn rough_hash(kind: &TypeKind) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::mem::discriminant(kind).hash(&mut h);
    match kind {
        TypeKind::Struct(s) => {
            for f in &s.fields {
                (&f.json_name, &f.ty, f.presence as u8, f.boxed).hash(&mut h);
            }
            std::mem::discriminant(&s.additional).hash(&mut h);
        }
        TypeKind::StrEnum(e) => e.variants.hash(&mut h),
        TypeKind::IntEnum(e) => e.variants.hash(&mut h),
        TypeKind::Union(u) => {
            for v in &u.variants {
                (&v.name, &v.ty, &v.tags).hash(&mut h);
            }
            u.discriminator.hash(&mut h);
        }
        TypeKind::Alias(t) => t.hash(&mut h),
    }
    h.finish()
}

/// Merges identical inline types and renumbers everything that refers to types.
///
/// One pass suffices: before merging, an inline type refers only to components (never merged)
/// and to inline types hoisted while it was converted, which have higher ids. Walking from the
/// last id down therefore sees every child's group before its parent's shape is taken.
pub(super) fn merge_duplicates(types: &mut Vec<TypeDef>, operations: &mut [Operation]) {
    let n = types.len();
    let mut group_of: Vec<Option<usize>> = vec![None; n];
    let mut members: Vec<Vec<usize>> = Vec::new();
    // Shapes by their rough hash, each with its group.
    let mut by_shape: HashMap<u64, Vec<(TypeKind, usize)>> = HashMap::new();
    for i in (0..n).rev() {
        if is_component(&types[i]) {
            continue;
        }
        // Grouped children are named by group (offset past every id), others by id.
        let key = shape(
            &types[i].kind,
            &|id| match group_of.get(id).copied().flatten() {
                Some(g) => n + g,
                None => id,
            },
        );
        let bucket = by_shape.entry(rough_hash(&key)).or_default();
        let g = match bucket.iter().find(|(shape, _)| *shape == key) {
            Some(&(_, g)) => g,
            None => {
                members.push(Vec::new());
                bucket.push((key, members.len() - 1));
                members.len() - 1
            }
        };
        group_of[i] = Some(g);
        members[g].push(i);
    }
    // Each group is represented by its first member in document order.
    let mut roots: Vec<usize> = (0..n).collect();
    for m in &members {
        if let Some(&first) = m.iter().min() {
            for &i in m {
                roots[i] = first;
            }
        }
    }
    if roots.iter().enumerate().all(|(i, r)| i == *r) {
        return;
    }
    // Representatives whose copies had other descriptions lose theirs.
    for i in 0..n {
        let r = roots[i];
        if r != i && types[i].docs.description != types[r].docs.description {
            types[r].docs.description = None;
            types[r].docs.title = None;
            types[r].docs.example = None;
        }
    }
    let mut new_index = vec![usize::MAX; n];
    let mut next = 0;
    for i in 0..n {
        if roots[i] == i {
            new_index[i] = next;
            next += 1;
        }
    }
    let f = |id: usize| roots.get(id).map(|&r| new_index[r]).unwrap_or(id);
    let old = std::mem::take(types);
    for (i, mut t) in old.into_iter().enumerate() {
        if roots[i] == i {
            remap_kind(&mut t.kind, &f);
            types.push(t);
        }
    }
    for op in operations {
        op.for_each_type_mut(&mut |ty| remap_ty(ty, &f));
    }
}
