//! Responses matched by status: a success added or removed (which may change what the method
//! returns), an error added or removed, a status that changed class, a retyped body, and (from the
//! raw documents) response media types added or removed.

use std::collections::BTreeMap;

use crate::diag::pointer_join;
use crate::model::{ResponseBody, ResponseCase, StatusMatch};
use crate::surface::response_body_type;

use super::raw::{raw_op_in, responses_media};
use super::{status_text, Bump, ChangeKind, Op, Review, Severity, Version};

fn cases_by_status(op: Op<'_>) -> BTreeMap<StatusMatch, &ResponseCase> {
    op.model.responses.iter().map(|r| (r.status, r)).collect()
}

/// The Rust type of a response body as a reader says it (`()` for none).
fn body_text(version: &Version<'_>, body: &ResponseBody) -> String {
    response_body_type(&version.surface, body).map_or_else(|| "()".to_string(), |t| t.short)
}

/// `(old code, new range)` when an operation's only success status became the range that holds
/// it (`201` → `2XX`) with the same body, and the method's signature did not change.
fn widened_success(
    review: &Review<'_>,
    old_op: Op<'_>,
    new_op: Op<'_>,
    signature_changed: bool,
) -> Option<(StatusMatch, StatusMatch)> {
    fn successes<'o>(op: Op<'o>) -> Vec<&'o ResponseCase> {
        op.model.responses.iter().filter(|r| r.success).collect()
    }
    let (old_successes, new_successes) = (successes(old_op), successes(new_op));
    let ([was], [now]) = (old_successes.as_slice(), new_successes.as_slice()) else {
        return None;
    };
    let (StatusMatch::Code(code), StatusMatch::Range(digit)) = (was.status, now.status) else {
        return None;
    };
    let same_body = match (&was.body, &now.body) {
        (ResponseBody::Json(a), ResponseBody::Json(b)) => review.same_ty(a, b),
        (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
    };
    let still_there = new_op
        .model
        .responses
        .iter()
        .any(|r| r.status == was.status);
    (!signature_changed && code / 100 == digit && same_body && !still_there)
        .then_some((was.status, now.status))
}

impl<'a> Review<'a> {
    /// The enum variant a response case is read into: `…Response::…` for a success when there
    /// are several, `…Error::…` for an error.
    fn variant_item(&self, op: Op<'_>, case: &ResponseCase) -> Option<String> {
        let owner = if case.success {
            op.surface.response_enum.as_deref()?
        } else {
            op.surface.error_enum.as_str()
        };
        Some(self.item(&format!("{owner}::{}", case.variant)))
    }

    pub(super) fn responses(&mut self, old_op: Op<'a>, new_op: Op<'a>, at: &str) {
        let old = cases_by_status(old_op);
        let new = cases_by_status(new_op);
        let signature_changed = old_op.signature() != new_op.signature();
        let response_at =
            |s: StatusMatch| pointer_join(&format!("{at}/responses"), &status_text(s));
        // The only success `200` replaced by `2XX` with the same body: the method and its type
        // stay, and every status the old client accepted is still accepted.
        let widened = widened_success(self, old_op, new_op, signature_changed);
        if let Some((code, range)) = widened {
            self.push(
                Severity::Info,
                ChangeKind::SuccessStatusWidened,
                response_at(range),
                format!(
                    "success response `{}` of {} widened to `{}`: any status of the range is a success",
                    status_text(code),
                    new_op.label(),
                    status_text(range)
                ),
                Vec::new(),
            );
        }
        for (status, case) in &old {
            if new.contains_key(status) || widened.is_some_and(|(code, _)| code == *status) {
                continue;
            }
            let mut items: Vec<String> = self.variant_item(old_op, case).into_iter().collect();
            if case.success && signature_changed {
                items.push(self.method_item(new_op));
            }
            let (severity, kind, what) = if case.success {
                (
                    Severity::Err,
                    ChangeKind::SuccessStatusRemoved,
                    "success response",
                )
            } else {
                (
                    Severity::Warn,
                    ChangeKind::ErrorStatusRemoved,
                    "error response",
                )
            };
            self.push(
                severity,
                kind,
                response_at(*status),
                format!(
                    "{what} `{}` of {} removed",
                    status_text(*status),
                    new_op.label()
                ),
                items,
            );
        }
        for (status, case) in &new {
            match old.get(status) {
                None if widened.is_some_and(|(_, range)| range == *status) => {}
                None => {
                    let mut items: Vec<String> =
                        self.variant_item(new_op, case).into_iter().collect();
                    if case.success && signature_changed {
                        items.push(self.method_item(new_op));
                    }
                    let (severity, kind, what) = if case.success {
                        (
                            Severity::Warn,
                            ChangeKind::SuccessStatusAdded,
                            "success response",
                        )
                    } else {
                        (
                            Severity::Info,
                            ChangeKind::ErrorStatusAdded,
                            "error response",
                        )
                    };
                    // A new success changes what the method returns, adds a variant to its
                    // non_exhaustive `…Response` enum, or (same body, one success type) nothing.
                    // A new error is a variant of the non_exhaustive `…Error` enum.
                    let mut verdict = super::verdict::judge(kind, severity);
                    if case.success {
                        verdict.rust = if signature_changed {
                            Bump::Major
                        } else if new_op.surface.response_enum.is_some() {
                            Bump::Minor
                        } else {
                            Bump::Patch
                        };
                    }
                    self.push_judged(
                        severity,
                        kind,
                        response_at(*status),
                        format!(
                            "new {what} `{}` on {}",
                            status_text(*status),
                            new_op.label()
                        ),
                        items,
                        verdict,
                    );
                }
                Some(old_case) => {
                    self.response_pair(new_op, old_case, case, response_at(*status));
                }
            }
        }
    }

    /// A status documented in both versions.
    fn response_pair(
        &mut self,
        new_op: Op<'a>,
        old_case: &ResponseCase,
        new_case: &ResponseCase,
        at: String,
    ) {
        let status = status_text(new_case.status);
        if old_case.success != new_case.success {
            let what = if new_case.success {
                "now a success"
            } else {
                "now an error"
            };
            let items = vec![self.method_item(new_op)];
            self.push(
                Severity::Err,
                ChangeKind::StatusClassChanged,
                at,
                format!("response `{status}` of {} is {what}", new_op.label()),
                items,
            );
            return;
        }
        let same = match (&old_case.body, &new_case.body) {
            (ResponseBody::Json(old_ty), ResponseBody::Json(new_ty)) => {
                self.same_ty(old_ty, new_ty)
            }
            (old_body, new_body) => {
                std::mem::discriminant(old_body) == std::mem::discriminant(new_body)
            }
        };
        if same {
            return;
        }
        let mut items: Vec<String> = self.variant_item(new_op, new_case).into_iter().collect();
        if new_case.success && new_op.surface.response_enum.is_none() {
            items.push(self.method_item(new_op));
        }
        let severity = if new_case.success {
            Severity::Err
        } else {
            Severity::Warn
        };
        self.push(
            severity,
            ChangeKind::ResponseTypeChanged,
            at,
            format!(
                "body of response `{status}` of {} changed: `{}` → `{}`",
                new_op.label(),
                body_text(self.old, &old_case.body),
                body_text(self.new, &new_case.body)
            ),
            items,
        );
    }

    /// Media types of each response, from the raw documents.
    pub(super) fn response_media_types(&mut self, old_op: Op<'a>, new_op: Op<'a>, at: &str) {
        let (Some(old_raw), Some(new_raw)) = (
            raw_op_in(self.old.doc, old_op.model),
            raw_op_in(self.new.doc, new_op.model),
        ) else {
            return;
        };
        let old_responses = responses_media(self.old.doc, old_raw);
        let new_responses = responses_media(self.new.doc, new_raw);
        for (status, old_media) in &old_responses {
            let Some(new_media) = new_responses.get(status) else {
                continue;
            };
            let content_at = format!(
                "{}/content",
                pointer_join(&format!("{at}/responses"), status)
            );
            let success = status.starts_with('2');
            for media in old_media.difference(new_media) {
                let (severity, kind, items) = if success {
                    let case = new_op
                        .model
                        .responses
                        .iter()
                        .find(|r| status_text(r.status).eq_ignore_ascii_case(status));
                    let items = match case {
                        Some(r) if r.success => vec![self.method_item(new_op)],
                        Some(r) => self.variant_item(new_op, r).into_iter().collect(),
                        None => Vec::new(),
                    };
                    (Severity::Err, ChangeKind::SuccessMediaTypeRemoved, items)
                } else {
                    (
                        Severity::Info,
                        ChangeKind::ErrorMediaTypeRemoved,
                        Vec::new(),
                    )
                };
                self.push(
                    severity,
                    kind,
                    pointer_join(&content_at, media),
                    format!(
                        "media type `{media}` of response `{status}` of {} removed",
                        new_op.label()
                    ),
                    items,
                );
            }
            for media in new_media.difference(old_media) {
                self.push(
                    Severity::Info,
                    ChangeKind::ResponseMediaTypeAdded,
                    pointer_join(&content_at, media),
                    format!(
                        "media type `{media}` added to response `{status}` of {}",
                        new_op.label()
                    ),
                    Vec::new(),
                );
            }
        }
    }
}
