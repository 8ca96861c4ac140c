//! Named types matched by the JSON pointer of their schema: added, removed, renamed, deprecated,
//! a changed kind or alias target, undeclared properties now forbidden or kept, enum values and
//! union alternatives added, removed or renamed, a changed discriminator. Struct fields are in
//! [`super::fields`].

use std::collections::BTreeMap;

use crate::model::{Additional, Api, Struct, Ty, TypeDef, TypeId, TypeKind, Union};

use super::usage::Usage;
use super::{Bump, Change, ChangeKind, Review, Severity, Verdict, Version, Wire};

/// The types of one version with an origin, by origin (the first one wins).
fn types_by_origin(api: &Api) -> BTreeMap<&str, TypeId> {
    let mut by_origin = BTreeMap::new();
    for (id, t) in api.types.iter().enumerate() {
        if !t.origin.is_empty() {
            by_origin.entry(t.origin.as_str()).or_insert(id);
        }
    }
    by_origin
}

/// "schema" for a component, "inline type" for the rest.
fn what(origin: &str) -> &'static str {
    if origin.starts_with("/components/schemas/") {
        "schema"
    } else {
        "inline type"
    }
}

/// A type's kind in words (`a struct`, ``an alias of `Vec<Customer>` ``).
fn kind_text(kind: &TypeKind, version: &Version<'_>) -> String {
    match kind {
        TypeKind::Struct(_) => "a struct".to_string(),
        TypeKind::StrEnum(_) => "a string enum".to_string(),
        TypeKind::IntEnum(_) => "an integer enum".to_string(),
        TypeKind::Union(_) => "a union".to_string(),
        TypeKind::Alias(t) => format!("an alias of `{}`", version.short(t)),
    }
}

/// A named type in both versions, with where it is used and its item.
struct TypePair<'a> {
    old_id: TypeId,
    new_id: TypeId,
    new: &'a TypeDef,
    usage: Usage,
    item: String,
}

impl<'a> Review<'a> {
    pub(super) fn types(&mut self) {
        let old = types_by_origin(self.old.api);
        let new = types_by_origin(self.new.api);
        for (origin, &old_id) in &old {
            if let Some(&new_id) = new.get(origin) {
                self.type_pair(old_id, new_id);
            }
        }
        // Added and removed types last: they are skipped when a change at or above their origin
        // already explains them (a removed operation, a field whose type changed).
        let mut added_and_removed = Vec::new();
        for (origin, &old_id) in &old {
            if !new.contains_key(origin) && !self.covered(origin) {
                let name = &self.old.api.types[old_id].name;
                let still = self.new.api.types.iter().any(|u| &u.name == name);
                let what = what(origin);
                let (severity, message) = if still {
                    (
                        Severity::Info,
                        format!(
                            "{what} `{origin}` removed (a Rust type named `{name}` still exists)"
                        ),
                    )
                } else {
                    (
                        Severity::Warn,
                        format!("{what} `{origin}` removed: Rust type `{name}` no longer exists"),
                    )
                };
                added_and_removed.push(Change {
                    severity,
                    kind: ChangeKind::SchemaRemoved,
                    message,
                    pointer: origin.to_string(),
                    items: vec![self.type_item(self.old, old_id)],
                    line: None,
                    // The schema's own Rust type goes, unless one of that name is still generated.
                    verdict: Verdict::new(
                        Wire::None,
                        if still { Bump::Patch } else { Bump::Major },
                    ),
                });
            }
        }
        for (origin, &new_id) in &new {
            if !old.contains_key(origin) && !self.covered(origin) {
                let name = &self.new.api.types[new_id].name;
                added_and_removed.push(Change {
                    severity: Severity::Info,
                    kind: ChangeKind::SchemaAdded,
                    message: format!("{} `{origin}` added as Rust type `{name}`", what(origin)),
                    pointer: origin.to_string(),
                    items: vec![self.type_item(self.new, new_id)],
                    line: None,
                    verdict: Verdict::new(Wire::None, Bump::Minor),
                });
            }
        }
        self.changes.extend(added_and_removed);
    }

    /// Whether an already reported change sits at `pointer` or above it.
    fn covered(&self, pointer: &str) -> bool {
        self.changes.iter().any(|c| {
            !c.pointer.is_empty()
                && (pointer == c.pointer
                    || pointer
                        .strip_prefix(c.pointer.as_str())
                        .is_some_and(|rest| rest.starts_with('/')))
        })
    }

    /// One named type in both versions.
    fn type_pair(&mut self, old_id: TypeId, new_id: TypeId) {
        let (old, new) = (&self.old.api.types[old_id], &self.new.api.types[new_id]);
        let old_usage = self.old.usage.get(old_id).copied().unwrap_or_default();
        let new_usage = self.new.usage.get(new_id).copied().unwrap_or_default();
        let pair = TypePair {
            old_id,
            new_id,
            new,
            usage: old_usage.or(new_usage),
            item: self.type_item(self.new, new_id),
        };
        let at = new.origin.clone();
        if self.old.surface.types[old_id].name != self.new.surface.types[new_id].name {
            self.push(
                Severity::Err,
                ChangeKind::TypeRenamed,
                at.clone(),
                format!(
                    "Rust type for `{at}` renamed: `{}` → `{}`",
                    old.name, new.name
                ),
                vec![format!(
                    "{} → {}",
                    self.type_item(self.old, old_id),
                    pair.item
                )],
            );
        }
        if !old.docs.deprecated && new.docs.deprecated {
            self.push(
                Severity::Info,
                ChangeKind::SchemaDeprecated,
                at.clone(),
                format!("`{}` deprecated", new.name),
                vec![pair.item.clone()],
            );
        }
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => self.struct_pair(&pair, a, b),
            (TypeKind::StrEnum(a), TypeKind::StrEnum(b)) => {
                let values = |variants: &[(String, String)]| -> Vec<(String, String)> {
                    variants
                        .iter()
                        .map(|(name, value)| (name.clone(), format!("\"{value}\"")))
                        .collect()
                };
                self.enum_values(&pair, &values(&a.variants), &values(&b.variants));
            }
            (TypeKind::IntEnum(a), TypeKind::IntEnum(b)) => {
                let values = |variants: &[(String, i64)]| -> Vec<(String, String)> {
                    variants
                        .iter()
                        .map(|(name, value)| (name.clone(), value.to_string()))
                        .collect()
                };
                self.enum_values(&pair, &values(&a.variants), &values(&b.variants));
            }
            (TypeKind::Union(a), TypeKind::Union(b)) => self.union_pair(&pair, a, b),
            (TypeKind::Alias(a), TypeKind::Alias(b)) => {
                if !self.same_ty(a, b) {
                    self.push(
                        Severity::Err,
                        ChangeKind::TypeChanged,
                        at,
                        format!(
                            "`{}` changed: `{}` → `{}`",
                            new.name,
                            self.old.short(a),
                            self.new.short(b)
                        ),
                        vec![pair.item.clone()],
                    );
                }
            }
            (a, b) => self.push(
                Severity::Err,
                ChangeKind::TypeChanged,
                at,
                format!(
                    "`{}` changed from {} to {}",
                    new.name,
                    kind_text(a, self.old),
                    kind_text(b, self.new)
                ),
                vec![pair.item.clone()],
            ),
        }
    }

    /// Two structs: their fields, and what happens to undeclared properties.
    fn struct_pair(&mut self, pair: &TypePair<'a>, old: &'a Struct, new: &'a Struct) {
        self.fields(pair.old_id, pair.new_id, pair.new, pair.usage, &pair.item);
        let additional = |x: &Additional| match x {
            Additional::Forbidden => "forbidden",
            Additional::Kept => "kept",
            Additional::Typed(..) => "typed",
        };
        let same = match (&old.additional, &new.additional) {
            (Additional::Typed(x, _), Additional::Typed(y, _)) => self.same_ty(x, y),
            (x, y) => std::mem::discriminant(x) == std::mem::discriminant(y),
        };
        if same {
            return;
        }
        let tightened = matches!(new.additional, Additional::Forbidden);
        let severity = pair.usage.pick(
            if tightened {
                Severity::Err
            } else {
                Severity::Info
            },
            Severity::Warn,
        );
        // `Forbidden` has no `extra` field: gaining one adds a field to a non_exhaustive struct;
        // losing or retyping it breaks code that reads it.
        let rust = if matches!(old.additional, Additional::Forbidden) {
            Bump::Minor
        } else {
            Bump::Major
        };
        self.push_judged(
            severity,
            ChangeKind::AdditionalPropertiesChanged,
            format!("{}/additionalProperties", pair.new.origin),
            format!(
                "undeclared properties of `{}`: {} → {}",
                pair.new.name,
                additional(&old.additional),
                additional(&new.additional)
            ),
            vec![pair.item.clone()],
            Verdict::new(super::verdict::wire_of(severity), rust),
        );
    }

    /// Two unions: alternatives by variant name, and the discriminator.
    fn union_pair(&mut self, pair: &TypePair<'a>, old: &'a Union, new: &'a Union) {
        let at = pair.new.origin.clone();
        let name = &pair.new.name;
        let by_name = |u: &'a Union| -> BTreeMap<&'a str, &'a Ty> {
            u.variants
                .iter()
                .map(|v| (v.name.as_str(), &v.ty))
                .collect()
        };
        let (old_variants, new_variants) = (by_name(old), by_name(new));
        for (variant, old_ty) in &old_variants {
            let item = vec![format!("{}::{variant}", pair.item)];
            match new_variants.get(variant) {
                None => self.push(
                    pair.usage.pick(Severity::Err, Severity::Warn),
                    ChangeKind::UnionVariantRemoved,
                    at.clone(),
                    format!(
                        "alternative `{variant}` (`{}`) of `{name}` removed",
                        self.old.short(old_ty)
                    ),
                    item,
                ),
                Some(new_ty) if !self.same_ty(old_ty, new_ty) => self.push(
                    Severity::Err,
                    ChangeKind::UnionVariantTypeChanged,
                    at.clone(),
                    format!(
                        "alternative `{variant}` of `{name}` changed: `{}` → `{}`",
                        self.old.short(old_ty),
                        self.new.short(new_ty)
                    ),
                    item,
                ),
                Some(_) => {}
            }
        }
        for (variant, new_ty) in &new_variants {
            if !old_variants.contains_key(variant) {
                self.push(
                    pair.usage.pick(Severity::Info, Severity::Warn),
                    ChangeKind::UnionVariantAdded,
                    at.clone(),
                    format!(
                        "alternative `{variant}` (`{}`) added to `{name}`",
                        self.new.short(new_ty)
                    ),
                    vec![format!("{}::{variant}", pair.item)],
                );
            }
        }
        self.union_order(pair, old, new);
        if old.discriminator != new.discriminator {
            let text = |x: &Option<String>| {
                x.as_deref()
                    .map_or("none".to_string(), |s| format!("`{s}`"))
            };
            // The enum keeps a variant for unknown tags only when it has a discriminator:
            // gaining one adds that variant (minor, the enum is non_exhaustive), losing one
            // removes it (major); another tag property keeps every item.
            let rust = match (&old.discriminator, &new.discriminator) {
                (None, Some(_)) => Bump::Minor,
                (Some(_), None) => Bump::Major,
                _ => Bump::Patch,
            };
            self.push_judged(
                Severity::Err,
                ChangeKind::DiscriminatorChanged,
                format!("{at}/discriminator"),
                format!(
                    "discriminator of `{name}` changed: {} → {}",
                    text(&old.discriminator),
                    text(&new.discriminator)
                ),
                vec![pair.item.clone()],
                Verdict {
                    wire: Wire::Breaks,
                    rust,
                    behaviour: true,
                },
            );
        }
    }

    /// The alternatives both versions have, in another order, in a union without a
    /// discriminator: its values are decoded by trying the alternatives in order, so a value
    /// matching several may now decode as another one. No item changes its signature.
    fn union_order(&mut self, pair: &TypePair<'a>, old: &'a Union, new: &'a Union) {
        if old.discriminator.is_some() || new.discriminator.is_some() {
            return;
        }
        let common = |from: &'a Union, other: &'a Union| -> Vec<&'a str> {
            from.variants
                .iter()
                .map(|v| v.name.as_str())
                .filter(|n| other.variants.iter().any(|v| v.name == *n))
                .collect()
        };
        let (old_order, new_order) = (common(old, new), common(new, old));
        if old_order == new_order {
            return;
        }
        self.push(
            Severity::Warn,
            ChangeKind::UnionVariantsReordered,
            pair.new.origin.clone(),
            format!(
                "alternatives of `{}` reordered: `{}` → `{}`; a value matching several may decode as another one",
                pair.new.name,
                old_order.join(", "),
                new_order.join(", ")
            ),
            vec![pair.item.clone()],
        );
    }

    /// Two enums' `(variant, value)` lists, matched by value.
    fn enum_values(
        &mut self,
        pair: &TypePair<'a>,
        old: &[(String, String)],
        new: &[(String, String)],
    ) {
        let at = format!("{}/enum", pair.new.origin);
        let name = &pair.new.name;
        let usage = pair.usage;
        let item = &pair.item;
        let old_values: BTreeMap<&str, &str> =
            old.iter().map(|(n, v)| (v.as_str(), n.as_str())).collect();
        let new_values: BTreeMap<&str, &str> =
            new.iter().map(|(n, v)| (v.as_str(), n.as_str())).collect();
        for (value, old_variant) in &old_values {
            match new_values.get(value) {
                None => {
                    let where_used = match (usage.req, usage.resp) {
                        (true, false) => " (used in requests)",
                        (false, true) => " (used in responses)",
                        _ => "",
                    };
                    self.push(
                        usage.pick(Severity::Err, Severity::Warn),
                        ChangeKind::EnumValueRemoved,
                        at.clone(),
                        format!("enum value {value} removed from `{name}`{where_used}"),
                        vec![format!("{item}::{old_variant}")],
                    );
                }
                Some(new_variant) if new_variant != old_variant => self.push(
                    Severity::Err,
                    ChangeKind::EnumVariantRenamed,
                    at.clone(),
                    format!(
                        "Rust variant for enum value {value} of `{name}` renamed: `{old_variant}` → `{new_variant}`"
                    ),
                    vec![format!("{item}::{old_variant} → {item}::{new_variant}")],
                ),
                Some(_) => {}
            }
        }
        for (value, new_variant) in &new_values {
            if !old_values.contains_key(value) {
                let note = if usage.resp {
                    "; responses may now carry it (an old client reads it as the enum's unknown-value variant)"
                } else {
                    ""
                };
                self.push(
                    usage.pick(Severity::Info, Severity::Warn),
                    ChangeKind::EnumValueAdded,
                    at.clone(),
                    format!("enum value {value} added to `{name}`{note}"),
                    vec![format!("{item}::{new_variant}")],
                );
            }
        }
    }
}
