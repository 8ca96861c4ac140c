//! Doc comments from spec text: descriptions, defaults, constraints and examples, made safe for
//! rustdoc (no accidental doctests from indented or fenced code in a description).
//!
//! Spec text does not travel through the tokens: each item's doc comment becomes one short
//! placeholder attribute (`#[doc = "\0<id>"]`, which prettyplease prints as `///\0<id>`), its
//! lines wait in a table of the thread that made them, and [`restore`] puts them back into the
//! formatted text, one `///` line each at the placeholder's indentation. Escaping long strings
//! into literals, parsing them back with `syn` (an attribute per line, each value parsed as an
//! expression) and unescaping them again in prettyplease cost about 6% of the instructions of
//! generating GitHub's crate (BENCHMARKS.md); the output is the same byte for byte.
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use proc_macro2::TokenStream;
use quote::quote;

use crate::diag::Diagnostic;
use crate::model::Docs;

/// What starts a placeholder's text (spec text holding it keeps a real literal).
const MARK: char = '\0';

/// The next placeholder's id (unique in the process, so tables of different files never mix).
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// Doc comments waiting for [`restore`], by placeholder id: those made on this thread, each
    /// its lines as they follow `///` (` text`, or empty).
    static PENDING: RefCell<HashMap<u64, Vec<String>>> = RefCell::new(HashMap::new());
}

/// One placeholder `#[doc]` attribute standing for all of `lines` (each ` text` as rustdoc
/// wants it after `///`, or empty); a literal attribute per line when a line holds the marker.
fn doc_block(lines: Vec<String>) -> TokenStream {
    if lines.iter().any(|l| l.contains(MARK)) {
        return lines.iter().map(|line| quote! { #[doc = #line] }).collect();
    }
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    PENDING.with(|p| p.borrow_mut().insert(id, lines));
    let placeholder = format!("{MARK}{id}");
    quote! { #[doc = #placeholder] }
}

/// Puts the doc comments [`doc_attrs`] set aside back into `text`, prettyplease's output for
/// tokens made on this thread: `///\0<id>` becomes `///` and the first line, and each further
/// line goes on a line of its own with the placeholder's indentation, trailing spaces trimmed as
/// prettyplease trims doc comments. The comments it used leave the table once the whole text is
/// restored (tokens interpolated twice in one file print the same placeholder twice).
pub fn restore(text: &str) -> Result<String, Diagnostic> {
    let marker = format!("///{MARK}");
    if !text.contains(&marker) {
        return Ok(text.to_string());
    }
    PENDING.with(|pending| {
        let mut pending = pending.borrow_mut();
        let mut out = String::with_capacity(text.len() + text.len() / 2);
        let mut rest = text;
        let mut used = Vec::new();
        while let Some(at) = rest.find(&marker) {
            let after = &rest[at + marker.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let id = after[..digits].parse::<u64>().ok();
            let Some((id, lines)) = id.and_then(|id| pending.get(&id).map(|lines| (id, lines)))
            else {
                return Err(Diagnostic::error(
                    "",
                    "internal error: a doc comment's text was lost between emitting and formatting",
                ));
            };
            let before = &rest[..at];
            let line_start = before.rfind('\n').map_or(0, |n| n + 1);
            let line_so_far = &before[line_start..];
            let indent = &line_so_far[..line_so_far.len() - line_so_far.trim_start().len()];
            out.push_str(before);
            for (n, line) in lines.iter().enumerate() {
                if n > 0 {
                    out.push('\n');
                    out.push_str(indent);
                }
                out.push_str("///");
                out.push_str(line.trim_end_matches(' '));
            }
            used.push(id);
            rest = &after[digits..];
        }
        out.push_str(rest);
        for id in used {
            pending.remove(&id);
        }
        Ok(out)
    })
}

/// Makes markdown from a spec safe as a doc comment: fenced code is marked `text` and indented
/// lines are unindented, so `cargo test` never compiles a description as a doctest.
pub fn sanitize(text: &str) -> String {
    let mut out = String::new();
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("```") {
            let _language = rest;
            out.push_str(if in_fence { "```" } else { "```text" });
            in_fence = !in_fence;
        } else if in_fence {
            out.push_str(line);
        } else {
            out.push_str(trimmed);
        }
        out.push('\n');
    }
    if in_fence {
        out.push_str("```\n");
    }
    out.trim_end().to_string()
}

/// Renders `value` as one short inline-code line.
fn inline_json(value: &serde_json::Value) -> String {
    let s = value.to_string();
    let s = if s.chars().count() > 200 {
        format!("{}…", s.chars().take(200).collect::<String>())
    } else {
        s
    };
    format!("`{}`", s.replace('`', "'"))
}

/// The full doc text for an item.
pub fn doc_text(docs: &Docs) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &docs.title {
        parts.push(sanitize(t));
    }
    if let Some(d) = &docs.description {
        let d = sanitize(d);
        if !parts.contains(&d) {
            parts.push(d);
        }
    }
    let mut facts = Vec::new();
    if docs.deprecated {
        // Documented rather than `#[deprecated]`: the crate's own code uses every item.
        facts.push("**Deprecated** by the API.".to_string());
    }
    if !docs.constraints.is_empty() {
        facts.push(format!("Constraints: {}.", docs.constraints.join("; ")));
    }
    if let Some(d) = &docs.default {
        facts.push(format!("Default: {}.", inline_json(d)));
    }
    if let Some(e) = &docs.example {
        facts.push(format!("Example: {}.", inline_json(e)));
    }
    if !facts.is_empty() {
        parts.push(facts.join("\n\n"));
    }
    parts.retain(|p| !p.is_empty());
    parts.join("\n\n")
}

/// `#[doc = "…"]` attributes for `text` (nothing for empty text).
pub fn doc_attrs(text: &str) -> TokenStream {
    if text.trim().is_empty() {
        return TokenStream::new();
    }
    doc_block(
        text.lines()
            .map(|l| {
                if l.is_empty() {
                    String::new()
                } else {
                    format!(" {l}")
                }
            })
            .collect(),
    )
}

/// Doc attributes for a model item.
pub fn docs(docs: &Docs) -> TokenStream {
    doc_attrs(&doc_text(docs))
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::doc_attrs;
    use crate::emit::format_tokens;

    /// Placeholders come back as the literal attributes would have printed: trailing spaces
    /// trimmed, empty lines, indentation (an item at the top, a method two levels in), a line
    /// holding the marker itself, and one set of attributes interpolated twice in a file.
    #[test]
    fn doc_lines_print_as_literals_would() {
        for text in [
            "First line  \n\nSecond line\n  indented `code`",
            "First line  \n\nSecond with \u{0}7 in it\n  indented `code`",
        ] {
            let lines: Vec<String> = text
                .lines()
                .map(|l| {
                    if l.is_empty() {
                        String::new()
                    } else {
                        format!(" {l}")
                    }
                })
                .collect();
            let attrs = doc_attrs(text);
            let placeholders = quote! {
                #attrs pub struct S;
                mod m { impl T { #attrs pub fn f() {} } }
            };
            let literals = quote! {
                #( #[doc = #lines] )* pub struct S;
                mod m { impl T { #( #[doc = #lines] )* pub fn f() {} } }
            };
            let restored = format_tokens(placeholders, "test").map_err(|d| d.to_string());
            let expected = format_tokens(literals, "test").map_err(|d| d.to_string());
            assert_eq!(restored, expected);
            assert!(
                expected.as_deref().is_ok_and(
                    |t| t.contains("/// First line\n") && t.contains("\n        /// Second")
                ),
                "{expected:?}"
            );
        }
    }
}
