//! Doc comments from spec text: descriptions, defaults, constraints and examples, made safe for
//! rustdoc (no accidental doctests from indented or fenced code in a description).

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Docs;

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
    let lines = text.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// Doc attributes for a model item.
pub fn docs(docs: &Docs) -> TokenStream {
    doc_attrs(&doc_text(docs))
}
