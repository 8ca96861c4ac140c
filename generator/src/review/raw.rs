//! What the model does not keep, read from the raw documents: an operation's `openapiv3` node,
//! the media types of its responses.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, ReferenceOr, StatusCode};

use crate::model::Operation;

/// The operation `method` (lower case) of a path item.
pub(super) fn raw_operation<'d>(
    item: &'d openapiv3::PathItem,
    method: &str,
) -> Option<&'d openapiv3::Operation> {
    match method {
        "get" => item.get.as_ref(),
        "put" => item.put.as_ref(),
        "post" => item.post.as_ref(),
        "delete" => item.delete.as_ref(),
        "options" => item.options.as_ref(),
        "head" => item.head.as_ref(),
        "patch" => item.patch.as_ref(),
        "trace" => item.trace.as_ref(),
        _ => None,
    }
}

/// The raw node of a modelled operation.
pub(super) fn raw_op_in<'d>(doc: &'d OpenAPI, op: &Operation) -> Option<&'d openapiv3::Operation> {
    match doc.paths.paths.get(&op.path)? {
        ReferenceOr::Item(item) => raw_operation(item, &op.http_method.to_ascii_lowercase()),
        ReferenceOr::Reference { .. } => None,
    }
}

/// Status (as written: `200`, `2XX`, `default`) → media types of that response.
pub(super) fn responses_media(
    doc: &OpenAPI,
    op: &openapiv3::Operation,
) -> BTreeMap<String, BTreeSet<String>> {
    let media = |r: &ReferenceOr<openapiv3::Response>| -> BTreeSet<String> {
        let resp = match r {
            ReferenceOr::Item(r) => Some(r),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/responses/")
                .and_then(|name| doc.components.as_ref()?.responses.get(name)?.as_item()),
        };
        resp.map(|r| r.content.keys().cloned().collect())
            .unwrap_or_default()
    };
    let mut out = BTreeMap::new();
    for (code, r) in &op.responses.responses {
        let key = match code {
            StatusCode::Code(c) => c.to_string(),
            StatusCode::Range(d) => format!("{d}XX"),
        };
        out.insert(key, media(r));
    }
    if let Some(d) = &op.responses.default {
        out.insert("default".to_string(), media(d));
    }
    out
}
