//! The Markdown report: a summary line, then one table per spec, for a pull-request comment.

use super::Report;

/// A Markdown code span that survives backticks in `s` and `|` inside a table.
fn code(s: &str) -> String {
    let s = s.replace('|', "\\|").replace(['\n', '\r'], " ");
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

/// Text for a table cell: pipes escaped, one line.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// An item, or a rename `a → b`, as code spans.
fn item(s: &str) -> String {
    match s.split_once(" → ") {
        Some((a, b)) => format!("{} → {}", code(a), code(b)),
        None => code(s),
    }
}

/// The Markdown report: a summary line, then one table per spec.
pub fn markdown(r: &Report) -> String {
    let mut out = String::from("## OpenAPI spec changes\n\n");
    if r.specs.is_empty() {
        out.push_str(&format!("No spec changes ({}).\n", r.compared));
        return out;
    }
    out.push_str(&format!("**{}** ({}).\n\n", r.summary(), r.compared));
    if let Some(semver) = r.semver_summary() {
        out.push_str(&format!("**Semver:** {semver}.\n\n"));
    }
    out.push_str(
        "ERR breaks callers of the generated client, WARN may break them, INFO breaks nothing. \
         Wire: what the change does to an HTTP client built against the old spec. Rust: the \
         semver bump the generated crate needs for it.\n",
    );
    for s in &r.specs {
        out.push_str(&format!(
            "\n### {} ({}, module {})\n\n",
            code(&s.file),
            s.status.label(),
            code(&s.module)
        ));
        if s.changes.is_empty() {
            out.push_str("The file changed, but nothing the generated client depends on did.\n");
            continue;
        }
        out.push_str("| Severity | Wire | Rust | What changed | Where | Rust items affected |\n| --- | --- | --- | --- | --- | --- |\n");
        for c in &s.changes {
            let items = if c.items.is_empty() {
                "—".to_string()
            } else {
                c.items
                    .iter()
                    .map(|i| item(i))
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            let at = if c.pointer.is_empty() {
                "—".to_string()
            } else {
                code(&c.pointer)
            };
            out.push_str(&format!(
                "| **{}** | {} | {} | {} | {} | {} |\n",
                c.severity.label(),
                c.verdict.wire.label(),
                c.verdict.rust_text(),
                cell(&c.message),
                at,
                items
            ));
        }
    }
    out
}
