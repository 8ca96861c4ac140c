//! Security: the requirements in effect for each operation (from the raw documents) and the
//! security schemes, added, removed or changed.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::OpenAPI;

use crate::diag::pointer_join;
use crate::model::Operation;

use super::raw::raw_op_in;
use super::{ChangeKind, Op, Review, Severity};

/// The alternatives of scheme keys that satisfy an operation (its own list, else the document's).
fn requirements(doc: &OpenAPI, op: &Operation) -> BTreeSet<Vec<String>> {
    let list = raw_op_in(doc, op)
        .and_then(|raw| raw.security.as_ref())
        .or(doc.security.as_ref());
    list.map(|alternatives| {
        alternatives
            .iter()
            .map(|alternative| {
                let mut keys: Vec<String> = alternative.keys().cloned().collect();
                keys.sort();
                keys
            })
            .collect()
    })
    .unwrap_or_default()
}

/// Requirements in words: `` `a` or `b + c` ``, `anonymous`, `none`.
fn requirements_text(requirements: &BTreeSet<Vec<String>>) -> String {
    if requirements.is_empty() || requirements.iter().all(Vec::is_empty) {
        return "none".to_string();
    }
    requirements
        .iter()
        .map(|alternative| {
            if alternative.is_empty() {
                "anonymous".to_string()
            } else {
                format!("`{}`", alternative.join(" + "))
            }
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

/// Whether a call without credentials is allowed.
fn anonymous(requirements: &BTreeSet<Vec<String>>) -> bool {
    requirements.is_empty() || requirements.iter().any(Vec::is_empty)
}

impl<'a> Review<'a> {
    /// Security requirements in effect for an operation.
    pub(super) fn operation_security(&mut self, old_op: Op<'a>, new_op: Op<'a>, at: &str) {
        let old = requirements(self.old.doc, old_op.model);
        let new = requirements(self.new.doc, new_op.model);
        if old == new {
            return;
        }
        let severity = if !anonymous(&new) && old.difference(&new).next().is_some() {
            Severity::Err
        } else {
            Severity::Info
        };
        self.push(
            severity,
            ChangeKind::SecurityChanged,
            format!("{at}/security"),
            format!(
                "security of {} changed: {} → {}",
                new_op.label(),
                requirements_text(&old),
                requirements_text(&new)
            ),
            Vec::new(),
        );
    }

    /// The security schemes, by key.
    pub(super) fn security_schemes(&mut self) {
        let schemes = |api: &crate::model::Api| -> BTreeMap<String, String> {
            api.security
                .iter()
                .map(|s| (s.key.clone(), format!("{:?}", s.kind)))
                .collect()
        };
        let old = schemes(self.old.api);
        let new = schemes(self.new.api);
        for (key, old_kind) in &old {
            let at = pointer_join("/components/securitySchemes", key);
            match new.get(key) {
                None => self.push(
                    Severity::Warn,
                    ChangeKind::SecuritySchemeRemoved,
                    at,
                    format!("security scheme `{key}` removed"),
                    Vec::new(),
                ),
                Some(new_kind) if new_kind != old_kind => self.push(
                    Severity::Err,
                    ChangeKind::SecuritySchemeChanged,
                    at,
                    format!("security scheme `{key}` changed: {old_kind} → {new_kind}"),
                    Vec::new(),
                ),
                Some(_) => {}
            }
        }
        for key in new.keys() {
            if !old.contains_key(key) {
                self.push(
                    Severity::Info,
                    ChangeKind::SecuritySchemeAdded,
                    pointer_join("/components/securitySchemes", key),
                    format!("security scheme `{key}` added"),
                    Vec::new(),
                );
            }
        }
    }
}
