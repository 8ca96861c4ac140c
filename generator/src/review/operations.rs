//! Operations matched by HTTP method and path: added, removed, renamed (`operationId` or a
//! name collision resolved differently), deprecated, pagination gained or lost. Each matched pair
//! then goes through the other concerns.

use std::collections::BTreeMap;

use crate::diag::pointer_join;

use super::{ChangeKind, Op, Review, Severity, Version};

/// The operations of one version, by `(path, method)`.
fn operations_by_key<'a>(version: &'a Version<'a>) -> BTreeMap<(String, String), Op<'a>> {
    version
        .api
        .operations
        .iter()
        .zip(&version.surface.operations)
        .map(|(model, surface)| {
            let key = (model.path.clone(), model.http_method.clone());
            (key, Op { model, surface })
        })
        .collect()
}

/// `old → new`.
fn renamed(old: &str, new: &str) -> String {
    format!("{old} → {new}")
}

impl<'a> Review<'a> {
    /// Every public item an operation contributes.
    fn operation_items(&self, op: Op<'_>) -> Vec<String> {
        let mut items = vec![self.method_item(op), self.error_item(op)];
        items.extend(self.params_item(op));
        items.extend(self.response_item(op));
        items.extend(self.stream_item(op));
        items
    }

    pub(super) fn operations(&mut self) {
        let old = operations_by_key(self.old);
        let new = operations_by_key(self.new);
        for (key, &old_op) in &old {
            match new.get(key) {
                None => {
                    let items = self.operation_items(old_op);
                    self.push(
                        Severity::Err,
                        ChangeKind::OperationRemoved,
                        old_op.pointer(),
                        format!(
                            "operation {} (`{}`) removed",
                            old_op.label(),
                            old_op.model.operation_id
                        ),
                        items,
                    );
                }
                Some(&new_op) => self.operation(old_op, new_op),
            }
        }
        for (key, &new_op) in &new {
            if !old.contains_key(key) {
                let items = vec![self.method_item(new_op)];
                self.push(
                    Severity::Info,
                    ChangeKind::OperationAdded,
                    new_op.pointer(),
                    format!(
                        "operation {} (`{}`) added",
                        new_op.label(),
                        new_op.model.operation_id
                    ),
                    items,
                );
            }
        }
    }

    /// One operation in both versions.
    fn operation(&mut self, old_op: Op<'a>, new_op: Op<'a>) {
        let at = new_op.pointer();
        self.renames(old_op, new_op, &at);
        if !old_op.model.docs.deprecated && new_op.model.docs.deprecated {
            let items = vec![self.method_item(new_op)];
            self.push(
                Severity::Info,
                ChangeKind::OperationDeprecated,
                at.clone(),
                format!("operation {} deprecated", new_op.label()),
                items,
            );
        }
        self.params(old_op, new_op);
        self.body(old_op, new_op, &at);
        self.responses(old_op, new_op, &at);
        self.request_media_types(old_op, new_op, &at);
        self.response_media_types(old_op, new_op, &at);
        self.operation_security(old_op, new_op, &at);
        self.pagination(old_op, new_op, &at);
    }

    /// An `operationId` change, or Rust names that changed without one.
    fn renames(&mut self, old_op: Op<'a>, new_op: Op<'a>, at: &str) {
        let id_changed = old_op.model.operation_id != new_op.model.operation_id;
        let method_renamed = old_op.surface.method != new_op.surface.method;
        let types_renamed = old_op.surface.error_enum != new_op.surface.error_enum;
        if !id_changed && !method_renamed && !types_renamed {
            return;
        }
        let mut items = Vec::new();
        if method_renamed {
            items.push(renamed(
                &self.method_item(old_op),
                &self.method_item(new_op),
            ));
            if let (Some(old_stream), Some(new_stream)) =
                (self.stream_item(old_op), self.stream_item(new_op))
            {
                items.push(renamed(&old_stream, &new_stream));
            }
        }
        if types_renamed {
            items.push(renamed(&self.error_item(old_op), &self.error_item(new_op)));
            for (old_item, new_item) in [
                (self.params_item(old_op), self.params_item(new_op)),
                (self.response_item(old_op), self.response_item(new_op)),
            ] {
                match (old_item, new_item) {
                    (Some(old_item), Some(new_item)) => items.push(renamed(&old_item, &new_item)),
                    (None, Some(new_item)) => items.push(new_item),
                    _ => {}
                }
            }
        }
        let (kind, message) = if id_changed {
            (
                ChangeKind::OperationIdChanged,
                format!(
                    "`operationId` of {} changed: `{}` → `{}`",
                    new_op.label(),
                    old_op.model.operation_id,
                    new_op.model.operation_id
                ),
            )
        } else {
            (
                ChangeKind::MethodRenamed,
                format!(
                    "the Rust names of {} changed (a name collision resolved differently)",
                    new_op.label()
                ),
            )
        };
        let (severity, message) = if items.is_empty() {
            (
                Severity::Info,
                format!("{message}; the generated Rust names stay the same"),
            )
        } else {
            (
                Severity::Err,
                format!("{message}, which renames generated Rust items"),
            )
        };
        self.push(
            severity,
            kind,
            pointer_join(at, "operationId"),
            message,
            items,
        );
    }

    /// The `…_stream` method appearing or going.
    fn pagination(&mut self, old_op: Op<'a>, new_op: Op<'a>, at: &str) {
        match (self.stream_item(old_op), self.stream_item(new_op)) {
            (Some(old_stream), None) => self.push(
                Severity::Warn,
                ChangeKind::PaginationRemoved,
                at.to_string(),
                format!(
                    "{} is no longer recognised as limit/offset paginated; its stream method is gone",
                    new_op.label()
                ),
                vec![old_stream],
            ),
            (None, Some(new_stream)) => self.push(
                Severity::Info,
                ChangeKind::PaginationAdded,
                at.to_string(),
                format!(
                    "{} is now limit/offset paginated: a stream method is added",
                    new_op.label()
                ),
                vec![new_stream],
            ),
            _ => {}
        }
    }
}
