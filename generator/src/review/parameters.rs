//! Parameters matched by location and wire name: added (required ones break callers), removed,
//! renamed in Rust, retyped, required or optional now, a changed default (which changes whether
//! the params struct holds `T` or `Option<T>`), tightened or loosened constraints, deprecated.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr};

use crate::diag::pointer_join;
use crate::model::Param;
use crate::surface::{Held, ParamSurface};

use super::constraints::constraint_changes;
use super::raw::raw_operation;
use super::{location_text, ChangeKind, Op, Review, Severity};

/// A parameter with its surface.
#[derive(Clone, Copy)]
struct ParamPair<'a> {
    model: &'a Param,
    surface: &'a ParamSurface,
}

fn params_by_key<'a>(op: Op<'a>) -> BTreeMap<(&'static str, String), ParamPair<'a>> {
    op.model
        .params
        .iter()
        .zip(&op.surface.params)
        .map(|(model, surface)| {
            let key = (location_text(model.location), model.wire_name.clone());
            (key, ParamPair { model, surface })
        })
        .collect()
}

/// The pointer of a parameter in `doc`: searched by name among the operation's and path
/// item's parameters, else the operation's `parameters`.
fn param_pointer(doc: &OpenAPI, op: Op<'_>, param: &Param) -> String {
    let path_at = pointer_join("/paths", &op.model.path);
    let method = op.model.http_method.to_ascii_lowercase();
    let fallback = format!("{path_at}/{method}/parameters");
    let Some(ReferenceOr::Item(item)) = doc.paths.paths.get(&op.model.path) else {
        return fallback;
    };
    let lists = raw_operation(item, &method)
        .map(|raw| (format!("{path_at}/{method}/parameters"), &raw.parameters))
        .into_iter()
        .chain(std::iter::once((
            format!("{path_at}/parameters"),
            &item.parameters,
        )));
    for (base, list) in lists {
        for (index, raw_param) in list.iter().enumerate() {
            let data = match raw_param {
                ReferenceOr::Item(x) => Some(x.parameter_data_ref()),
                ReferenceOr::Reference { reference } => reference
                    .strip_prefix("#/components/parameters/")
                    .and_then(|name| doc.components.as_ref()?.parameters.get(name))
                    .and_then(|r| r.as_item())
                    .map(|x| x.parameter_data_ref()),
            };
            if data.is_some_and(|d| d.name == param.wire_name) {
                return format!("{base}/{index}");
            }
        }
    }
    fallback
}

impl<'a> Review<'a> {
    /// The items naming a parameter: the method for path parameters, else the params field.
    fn param_items(&self, op: Op<'_>, param: ParamPair<'_>) -> Vec<String> {
        match (&param.surface.held, &op.surface.params_struct) {
            (Held::Argument, _) | (_, None) => vec![self.method_item(op)],
            (_, Some(params)) => vec![self.item(&format!("{params}::{}", param.surface.name))],
        }
    }

    pub(super) fn params(&mut self, old_op: Op<'a>, new_op: Op<'a>) {
        let old = params_by_key(old_op);
        let new = params_by_key(new_op);
        // The method's arguments change when the params struct appears or goes.
        let struct_flip =
            old_op.surface.params_struct.is_some() != new_op.surface.params_struct.is_some();
        for (key, &old_param) in &old {
            if new.contains_key(key) {
                continue;
            }
            let mut items = self.param_items(old_op, old_param);
            if struct_flip {
                items.push(self.method_item(old_op));
            }
            // Indices shift when a parameter goes: point at the list in the new version.
            self.push(
                Severity::Warn,
                ChangeKind::ParameterRemoved,
                format!("{}/parameters", new_op.pointer()),
                format!(
                    "{} parameter `{}` of {} removed",
                    location_text(old_param.model.location),
                    old_param.model.wire_name,
                    new_op.label()
                ),
                items,
            );
        }
        for (key, &new_param) in &new {
            match old.get(key) {
                None => self.param_added(new_op, new_param, struct_flip),
                Some(&old_param) => self.param(old_op, new_op, old_param, new_param),
            }
        }
    }

    fn param_added(&mut self, new_op: Op<'a>, new_param: ParamPair<'a>, struct_flip: bool) {
        let mut items = self.param_items(new_op, new_param);
        if struct_flip {
            items.push(self.method_item(new_op));
        }
        let at = param_pointer(self.new.doc, new_op, new_param.model);
        let (severity, kind, what) = if new_param.model.required {
            (
                Severity::Err,
                ChangeKind::RequiredParameterAdded,
                "required",
            )
        } else {
            (
                Severity::Info,
                ChangeKind::OptionalParameterAdded,
                "optional",
            )
        };
        // An optional parameter is a new field and setter of the non_exhaustive `…Params`
        // struct, unless that struct is new: then the method gains an argument.
        let mut verdict = super::verdict::judge(kind, severity);
        if struct_flip {
            verdict.rust = super::Bump::Major;
        }
        self.push_judged(
            severity,
            kind,
            at,
            format!(
                "new {what} {} parameter `{}` on {}",
                location_text(new_param.model.location),
                new_param.model.wire_name,
                new_op.label()
            ),
            items,
            verdict,
        );
    }

    /// One parameter in both versions.
    fn param(&mut self, old_op: Op<'a>, new_op: Op<'a>, old: ParamPair<'a>, new: ParamPair<'a>) {
        let at = param_pointer(self.new.doc, new_op, new.model);
        let items = self.param_items(new_op, new);
        let label = format!(
            "{} parameter `{}` of {}",
            location_text(new.model.location),
            new.model.wire_name,
            new_op.label()
        );
        if old.surface.name != new.surface.name {
            let old_item = self.param_items(old_op, old).join(", ");
            self.push(
                Severity::Err,
                ChangeKind::ParameterRenamed,
                at.clone(),
                format!(
                    "the Rust name of {label} changed: `{}` → `{}`",
                    old.surface.name, new.surface.name
                ),
                vec![format!("{old_item} → {}", items.join(", "))],
            );
        }
        let same_type = self.same_ty(&old.model.ty, &new.model.ty);
        if !same_type {
            self.push(
                Severity::Err,
                ChangeKind::ParameterTypeChanged,
                at.clone(),
                format!(
                    "type of {label} changed: `{}` → `{}`",
                    self.old.short(&old.model.ty),
                    self.new.short(&new.model.ty)
                ),
                items.clone(),
            );
        }
        self.param_presence(old, new, same_type, &label, &at, &items);
        let mut constraint_list = Vec::new();
        constraint_changes(
            &old.model.constraints,
            &new.model.constraints,
            "",
            &mut constraint_list,
        );
        for change in constraint_list {
            let (severity, kind, verb) = if change.tightened {
                (Severity::Err, ChangeKind::ConstraintTightened, "tightened")
            } else {
                (Severity::Info, ChangeKind::ConstraintLoosened, "loosened")
            };
            self.push(
                severity,
                kind,
                at.clone(),
                format!("{label}: constraint {verb}: {}", change.text),
                items.clone(),
            );
        }
        if !old.model.docs.deprecated && new.model.docs.deprecated {
            self.push(
                Severity::Info,
                ChangeKind::ParameterDeprecated,
                at.clone(),
                format!("{label} deprecated"),
                items,
            );
        }
    }

    /// Required or optional now, or held differently (`T` with a default, or `Option<T>`).
    fn param_presence(
        &mut self,
        old: ParamPair<'a>,
        new: ParamPair<'a>,
        same_type: bool,
        label: &str,
        at: &str,
        items: &[String],
    ) {
        let (old_rust, new_rust) = (&old.surface.ty.short, &new.surface.ty.short);
        let rust_note = if old_rust != new_rust {
            format!(" (Rust type `{old_rust}` → `{new_rust}`)")
        } else {
            String::new()
        };
        let (severity, kind, message) = match (old.model.required, new.model.required) {
            (false, true) => (
                Severity::Err,
                ChangeKind::ParameterBecameRequired,
                format!("{label} became required{rust_note}"),
            ),
            (true, false) => (
                if old_rust != new_rust {
                    Severity::Warn
                } else {
                    Severity::Info
                },
                ChangeKind::ParameterBecameOptional,
                format!("{label} became optional{rust_note}"),
            ),
            (false, false) if old_rust != new_rust && same_type => (
                Severity::Warn,
                ChangeKind::ParameterDefaultChanged,
                format!("default of {label} changed; Rust type `{old_rust}` → `{new_rust}`"),
            ),
            _ => return,
        };
        self.push(severity, kind, at.to_string(), message, items.to_vec());
    }
}
