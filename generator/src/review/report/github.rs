//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per change on
//! the spec file's line, then a summary line.

use super::super::Severity;
use super::Report;

/// Escapes the message of a workflow command.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property of a workflow command.
fn gh_prop(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions annotations: one `::error`/`::warning`/`::notice` line per change, then a
/// summary line.
pub fn github(r: &Report) -> String {
    let mut out = String::new();
    for s in &r.specs {
        for c in &s.changes {
            let level = match c.severity {
                Severity::Err => "error",
                Severity::Warn => "warning",
                Severity::Info => "notice",
            };
            let mut props = format!("file={}", gh_prop(&s.file));
            if let Some(line) = c.line {
                props.push_str(&format!(",line={line}"));
            }
            props.push_str(&format!(
                ",title={}",
                gh_prop(&format!("{} {}", c.severity.label(), c.kind.code()))
            ));
            let mut msg = c.message.clone();
            if !c.pointer.is_empty() {
                msg.push_str(&format!(" (at {})", c.pointer));
            }
            msg.push_str(&format!(
                "\nWire: {}. Rust: {}.",
                c.verdict.wire.label(),
                c.verdict.rust_text()
            ));
            if !c.items.is_empty() {
                msg.push_str(&format!("\nRust items affected: {}", c.items.join(", ")));
            }
            out.push_str(&format!("::{level} {props}::{}\n", gh_data(&msg)));
        }
    }
    if r.specs.is_empty() {
        out.push_str(&format!("No spec changes ({}).\n", r.compared));
    } else {
        out.push_str(&format!(
            "OpenAPI spec changes: {} ({}).\n",
            r.summary(),
            r.compared
        ));
        if let Some(semver) = r.semver_summary() {
            out.push_str(&format!("Semver: {semver}.\n"));
        }
    }
    out
}
