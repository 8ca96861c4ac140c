//! Struct fields matched by wire name: added (a required request field breaks callers), removed,
//! renamed in Rust, retyped, required/optional or nullable now (which may change the Rust type
//! between `T`, `Option<T>` and `Nullable<T>`), tightened or loosened constraints, deprecated.

use std::collections::BTreeMap;

use crate::diag::pointer_join;
use crate::model::{Field, Presence, Prim, Ty, TypeDef, TypeId};
use crate::surface::{FieldSurface, TypeShape};

use super::constraints::constraint_changes;
use super::usage::Usage;
use super::verdict::wire_of;
use super::{Bump, ChangeKind, Review, Severity, Verdict, Version, Wire};

/// `(required, nullable)` of a presence.
fn split(p: Presence) -> (bool, bool) {
    match p {
        Presence::Required => (true, false),
        Presence::RequiredNullable => (true, true),
        Presence::Optional => (false, false),
        Presence::OptionalNullable => (false, true),
    }
}

/// A field with its surface.
#[derive(Clone, Copy)]
struct FieldPair<'a> {
    model: &'a Field,
    surface: &'a FieldSurface,
}

/// The fields of a struct type, by wire name.
fn fields_by_wire_name<'a>(
    version: &'a Version<'a>,
    id: TypeId,
) -> BTreeMap<&'a str, FieldPair<'a>> {
    let model = match version.api.types.get(id).map(|t| &t.kind) {
        Some(crate::model::TypeKind::Struct(s)) => s.fields.as_slice(),
        _ => &[],
    };
    let surface = match version.surface.types.get(id).map(|t| &t.shape) {
        Some(TypeShape::Struct { fields, .. }) => fields.as_slice(),
        _ => &[],
    };
    model
        .iter()
        .zip(surface)
        .map(|(model, surface)| (model.json_name.as_str(), FieldPair { model, surface }))
        .collect()
}

/// Where a field's change is reported.
struct FieldSite<'s> {
    /// The property's wire name.
    json: &'s str,
    /// The struct's name.
    owner: &'s str,
    /// The property's pointer.
    at: String,
    /// The field's item.
    item: String,
    /// Where the struct is used.
    usage: Usage,
}

impl<'a> Review<'a> {
    /// The fields of a struct in both versions.
    pub(super) fn fields(
        &mut self,
        old_id: TypeId,
        new_id: TypeId,
        new_type: &TypeDef,
        usage: Usage,
        item: &str,
    ) {
        let properties = format!("{}/properties", new_type.origin);
        let old = fields_by_wire_name(self.old, old_id);
        let new = fields_by_wire_name(self.new, new_id);
        for (json, old_field) in &old {
            if new.contains_key(json) {
                continue;
            }
            let required = split(old_field.model.presence).0;
            let (request, response) = if required {
                (Severity::Warn, Severity::Err)
            } else {
                (Severity::Info, Severity::Err)
            };
            // A removed request field: the server ignores or refuses it, and code setting it stops
            // compiling. A removed response field breaks an old client only when it was required
            // (an optional one decodes as absent).
            let wire = usage.pick_wire(
                Wire::MayBreak,
                if required { Wire::Breaks } else { Wire::None },
            );
            self.push_judged(
                usage.pick(request.max(Severity::Warn), response),
                ChangeKind::PropertyRemoved,
                pointer_join(&properties, json),
                format!("property `{json}` of `{}` removed", new_type.name),
                vec![format!("{item}::{}", old_field.surface.name)],
                Verdict::new(wire, Bump::Major),
            );
        }
        for (json, new_field) in &new {
            let site = FieldSite {
                json,
                owner: &new_type.name,
                at: pointer_join(&properties, json),
                item: format!("{item}::{}", new_field.surface.name),
                usage,
            };
            match old.get(json) {
                None => self.field_added(&site, new_field.model),
                Some(old_field) => self.field_pair(&site, item, *old_field, *new_field),
            }
        }
    }

    fn field_added(&mut self, site: &FieldSite<'_>, field: &Field) {
        let (severity, kind, what) = if split(field.presence).0 {
            (
                site.usage.pick(Severity::Err, Severity::Info),
                ChangeKind::RequiredPropertyAdded,
                "required",
            )
        } else {
            (
                Severity::Info,
                ChangeKind::OptionalPropertyAdded,
                "optional",
            )
        };
        self.push(
            severity,
            kind,
            site.at.clone(),
            format!("new {what} property `{}` in `{}`", site.json, site.owner),
            vec![site.item.clone()],
        );
    }

    /// A field in both versions; `owner_item` is its struct's item.
    fn field_pair(
        &mut self,
        site: &FieldSite<'_>,
        owner_item: &str,
        old: FieldPair<'a>,
        new: FieldPair<'a>,
    ) {
        let (json, owner) = (site.json, site.owner);
        if old.surface.name != new.surface.name {
            self.push(
                Severity::Err,
                ChangeKind::PropertyRenamed,
                site.at.clone(),
                format!(
                    "Rust field for property `{json}` of `{owner}` renamed: `{}` → `{}`",
                    old.surface.name, new.surface.name
                ),
                vec![format!(
                    "{owner_item}::{} → {}",
                    old.surface.name, site.item
                )],
            );
        }
        if !self.same_ty(&old.model.ty, &new.model.ty) {
            // A widened integer: old clients' requests still fit; their responses may not.
            let widened = matches!(
                (&old.model.ty, &new.model.ty),
                (Ty::Prim(Prim::I32), Ty::Prim(Prim::I64))
            );
            let wire = if widened {
                site.usage.pick_wire(Wire::None, Wire::MayBreak)
            } else {
                Wire::Breaks
            };
            self.push_judged(
                Severity::Err,
                ChangeKind::PropertyTypeChanged,
                site.at.clone(),
                format!(
                    "type of property `{json}` of `{owner}` changed: `{}` → `{}`",
                    self.old.short(&old.model.ty),
                    self.new.short(&new.model.ty)
                ),
                vec![site.item.clone()],
                Verdict::new(wire, Bump::Major),
            );
        }
        self.presence(site, old, new);
        let mut constraint_list = Vec::new();
        constraint_changes(
            &old.model.constraints,
            &new.model.constraints,
            "",
            &mut constraint_list,
        );
        for change in constraint_list {
            let (severity, kind, verb) = if change.tightened {
                (
                    site.usage.pick(Severity::Err, Severity::Info),
                    ChangeKind::ConstraintTightened,
                    "tightened",
                )
            } else {
                (
                    site.usage.pick(Severity::Info, Severity::Warn),
                    ChangeKind::ConstraintLoosened,
                    "loosened",
                )
            };
            self.push(
                severity,
                kind,
                site.at.clone(),
                format!(
                    "property `{json}` of `{owner}`: constraint {verb}: {}",
                    change.text
                ),
                vec![site.item.clone()],
            );
        }
        if !old.model.docs.deprecated && new.model.docs.deprecated {
            self.push(
                Severity::Info,
                ChangeKind::PropertyDeprecated,
                site.at.clone(),
                format!("property `{json}` of `{owner}` deprecated"),
                vec![site.item.clone()],
            );
        }
    }

    /// Required/optional and nullable changes, with the Rust type when it changes.
    fn presence(&mut self, site: &FieldSite<'_>, old: FieldPair<'a>, new: FieldPair<'a>) {
        let (old_required, old_nullable) = split(old.model.presence);
        let (new_required, new_nullable) = split(new.model.presence);
        let (old_rust, new_rust) = (&old.surface.ty.short, &new.surface.ty.short);
        // The Rust type changing is a compile-time break for some callers at least.
        let rust_floor = if self.same_ty(&old.model.ty, &new.model.ty) && old_rust != new_rust {
            Severity::Warn
        } else {
            Severity::Info
        };
        let rust_note = if rust_floor == Severity::Warn {
            format!(" (Rust type `{old_rust}` → `{new_rust}`)")
        } else {
            String::new()
        };
        let (json, owner, usage) = (site.json, site.owner, site.usage);
        // Rust: the field's type changing, or `new(required…)` gaining or losing an argument (a
        // required field is one), breaks callers; a nullability change that keeps the Rust type
        // changes nothing.
        let rust = if old_rust != new_rust || old_required != new_required {
            Bump::Major
        } else {
            Bump::Patch
        };
        if old_required != new_required {
            let (severity, kind, what) = if new_required {
                (
                    usage.pick(Severity::Err, Severity::Info),
                    ChangeKind::PropertyBecameRequired,
                    "became required",
                )
            } else {
                (
                    usage.pick(Severity::Info, Severity::Err),
                    ChangeKind::PropertyBecameOptional,
                    "became optional",
                )
            };
            self.push_judged(
                severity.max(rust_floor),
                kind,
                site.at.clone(),
                format!("property `{json}` of `{owner}` {what}{rust_note}"),
                vec![site.item.clone()],
                Verdict::new(wire_of(severity), rust),
            );
        }
        if old_nullable != new_nullable {
            let (severity, kind, what) = if new_nullable {
                (
                    usage.pick(Severity::Info, Severity::Err),
                    ChangeKind::PropertyBecameNullable,
                    "became nullable",
                )
            } else {
                (
                    usage.pick(Severity::Err, Severity::Info),
                    ChangeKind::PropertyBecameNonNullable,
                    "is no longer nullable",
                )
            };
            let note = if old_required != new_required {
                ""
            } else {
                rust_note.as_str()
            };
            self.push_judged(
                severity.max(rust_floor),
                kind,
                site.at.clone(),
                format!("property `{json}` of `{owner}` {what}{note}"),
                vec![site.item.clone()],
                Verdict::new(wire_of(severity), rust),
            );
        }
    }
}
