//! The JSON report, a stable structure for tools (documented in [`crate::review`]).

use super::super::{Bump, Severity, Wire};
use super::Report;

/// The JSON report (its structure is documented in [`crate::review`]).
pub fn json(r: &Report) -> String {
    use serde_json::{json, Value};
    let [e, w, i] = r.counts();
    let specs: Vec<Value> = r
        .specs
        .iter()
        .map(|s| {
            let changes: Vec<Value> = s
                .changes
                .iter()
                .map(|c| {
                    json!({
                        "severity": c.severity.label(),
                        "kind": c.kind.code(),
                        "message": c.message,
                        "pointer": c.pointer,
                        "line": c.line,
                        "rust_items": c.items,
                        "wire": c.verdict.wire.label(),
                        "rust": c.verdict.rust.label(),
                        "behaviour_may_change": c.verdict.behaviour,
                    })
                })
                .collect();
            json!({ "file": s.file, "module": s.module, "status": s.status.label(), "changes": changes })
        })
        .collect();
    let v = json!({
        "version": 1,
        "compared": r.compared,
        "summary": { "ERR": e, "WARN": w, "INFO": i },
        "worst": r.worst().map(Severity::label),
        "semver": r.bump().map(Bump::label),
        "wire": r.wire().map(Wire::label),
        "specs": specs,
    });
    let mut s =
        serde_json::to_string_pretty(&v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
