//! The three renderings of a diff report: Markdown for a pull-request comment, JSON for tools,
//! and GitHub Actions workflow commands (annotations) for the files view of a pull request.
//!
//! All three list specs in file order and changes worst first, then by JSON pointer, so the same
//! inputs always give the same bytes. Line numbers for annotations are found cheaply by walking
//! the YAML (or pretty-printed JSON) text key by key along the pointer ([`locate`]).

use super::compare::{Change, Severity};

/// How a spec file differs as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecStatus {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// In both, with different contents.
    Modified,
}

impl SpecStatus {
    fn label(self) -> &'static str {
        match self {
            SpecStatus::Added => "added",
            SpecStatus::Removed => "removed",
            SpecStatus::Modified => "modified",
        }
    }
}

/// The changes of one spec file.
#[derive(Debug, Clone)]
pub struct SpecReport {
    /// The file as shown to the reader and in annotations (`specs/paycross.yaml`).
    pub file: String,
    /// Its Rust module (`paycross`).
    pub module: String,
    /// Added, removed or modified.
    pub status: SpecStatus,
    /// The changes, sorted.
    pub changes: Vec<Change>,
}

/// A whole report.
#[derive(Debug, Clone)]
pub struct Report {
    /// What was compared with what, in a few words (`` `main` (1a2b3c4) → working tree ``).
    pub compared: String,
    /// The specs that differ, in file order.
    pub specs: Vec<SpecReport>,
}

impl Report {
    /// Number of changes per severity: `[ERR, WARN, INFO]`.
    pub fn counts(&self) -> [usize; 3] {
        let mut c = [0; 3];
        for ch in self.specs.iter().flat_map(|s| &s.changes) {
            c[match ch.severity {
                Severity::Err => 0,
                Severity::Warn => 1,
                Severity::Info => 2,
            }] += 1;
        }
        c
    }

    /// The worst severity present.
    pub fn worst(&self) -> Option<Severity> {
        self.specs
            .iter()
            .flat_map(|s| &s.changes)
            .map(|c| c.severity)
            .max()
    }

    fn summary(&self) -> String {
        let [e, w, i] = self.counts();
        let n = self.specs.len();
        format!(
            "{e} ERR, {w} WARN, {i} INFO in {n} spec{}",
            if n == 1 { "" } else { "s" }
        )
    }
}

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
    out.push_str(
        "ERR breaks callers of the generated client, WARN may break them, INFO breaks nothing.\n",
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
        out.push_str("| Severity | What changed | Where | Rust items affected |\n| --- | --- | --- | --- |\n");
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
                "| **{}** | {} | {} | {} |\n",
                c.severity.label(),
                cell(&c.message),
                at,
                items
            ));
        }
    }
    out
}

/// The JSON report (see the module documentation of `diff` for its structure).
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
                        "kind": c.kind,
                        "message": c.message,
                        "pointer": c.pointer,
                        "line": c.line,
                        "rust_items": c.items,
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
        "specs": specs,
    });
    let mut s =
        serde_json::to_string_pretty(&v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

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
                gh_prop(&format!("{} {}", c.severity.label(), c.kind))
            ));
            let mut msg = c.message.clone();
            if !c.pointer.is_empty() {
                msg.push_str(&format!(" (at {})", c.pointer));
            }
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
    }
    out
}

/// Unescapes one JSON pointer token.
fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Indentation of a line (spaces; tabs count as one).
fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Whether a line carries content (not blank, not a comment).
fn content(line: &str) -> bool {
    let t = line.trim_start();
    !t.is_empty() && !t.starts_with('#')
}

/// Whether `text` (a line's content after indentation) starts with the mapping key `key`.
fn is_key(text: &str, key: &str) -> bool {
    [
        format!("{key}:"),
        format!("'{key}':"),
        format!("\"{key}\":"),
        format!("\"{key}\" :"),
    ]
    .iter()
    .any(|k| {
        text.starts_with(k.as_str())
            && text[k.len()..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace)
    })
}

/// The 1-based line of the node at `pointer` in a YAML (or pretty-printed JSON) text, or of its
/// nearest ancestor that can be found; `None` when not even the first token is found. Block
/// style only: flow collections stop the walk at their parent.
pub fn locate(text: &str, pointer: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let tokens: Vec<String> = pointer.split('/').skip(1).map(unescape).collect();
    // The block being searched: lines [start, end), whose entries are indented more than `parent`
    // (None: the top level).
    let (mut start, mut end, mut parent): (usize, usize, Option<usize>) = (0, lines.len(), None);
    // A sequence item's first key sits on its `- ` line.
    let mut inline_first: Option<(usize, usize)> = None;
    let mut found = None;
    for token in &tokens {
        let deeper = |i: usize| parent.is_none_or(|p| indent(lines[i]) > p);
        // The indentation of this block's entries.
        let Some(first) = (start..end).find(|&i| content(lines[i])) else {
            break;
        };
        let child = if let Some((line, col)) = inline_first.take() {
            // The item's keys are aligned with the text after `- ` on its line.
            let after = &lines[line][col..];
            if is_key(after, token) {
                let (s, e) = block_after(&lines, line, col, end);
                found = Some(line + 1);
                (start, end, parent) = (s, e, Some(col));
                continue;
            }
            col
        } else {
            if !deeper(first) {
                break;
            }
            indent(lines[first])
        };
        let mut hit = None;
        let key_line = (start..end).find(|&i| {
            content(lines[i]) && indent(lines[i]) == child && is_key(lines[i].trim_start(), token)
        });
        if let Some(line) = key_line {
            hit = Some(line);
            found = Some(line + 1);
            let (s, e) = block_after(&lines, line, child, end);
            (start, end, parent) = (s, e, Some(child));
        } else if let Ok(index) = token.parse::<usize>() {
            let dashes: Vec<usize> = (start..end)
                .filter(|&i| {
                    content(lines[i])
                        && indent(lines[i]) == child
                        && lines[i].trim_start().starts_with('-')
                })
                .collect();
            if let Some(&line) = dashes.get(index) {
                let rest = lines[line].trim_start()[1..].trim_start();
                let col = lines[line].len() - rest.len();
                hit = Some(line);
                found = Some(line + 1);
                let (s, e) = block_after(&lines, line, child, end);
                inline_first = if rest.is_empty() {
                    None
                } else {
                    Some((line, col))
                };
                (start, end, parent) = (s, e, Some(child));
            }
        }
        if hit.is_none() {
            break;
        }
    }
    found
}

/// The lines belonging to the entry on `line` (indented at `at`): from the next line up to the
/// next content line indented at most `at` (a sequence's `- ` lines at `at` still belong to a
/// key's block).
fn block_after(lines: &[&str], line: usize, at: usize, limit: usize) -> (usize, usize) {
    let is_seq_key = !lines[line].trim_start().starts_with('-');
    let mut end = line + 1;
    while end < limit {
        let l = lines[end];
        if content(l) {
            let i = indent(l);
            let dash_in_key = is_seq_key && i == at && l.trim_start().starts_with("- ");
            if i < at || (i == at && !dash_in_key) {
                break;
            }
        }
        end += 1;
    }
    (line + 1, end)
}
