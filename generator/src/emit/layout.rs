//! Layout for review: what `prettyplease` prints, rearranged so a one-line change to a spec is a
//! few-line change to the generated code.
//!
//! - `json_object!` and `json_union!` bodies (which `prettyplease` fills like a paragraph, so one
//!   new property reflows the whole block) get one field or variant per line, each ending with
//!   its separator, so adding one adds one line.
//! - A blank line separates items: top-level items, and functions and other items inside `impl`
//!   blocks. One-line `use` and `mod` items stay together.
//!
//! Only whitespace changes: the tokens are the ones `prettyplease` printed.

/// The macros whose bodies are laid out one entry per line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Macro {
    /// `json_object! { Name, dir; kind field = "wire"; … ..extra; }`: entries end with `;`.
    Object,
    /// `json_union! { Name, dir; Variant, Variant }`: a `;` after the head, variants end with `,`.
    Union,
}

/// Lays out a formatted Rust file for review (see the module docs).
pub fn for_review(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous: Option<&str> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if previous.is_some_and(|p| blank_between(p, line)) {
            out.push('\n');
        }
        if let Some(consumed) = macro_block(&lines[i..], &mut out) {
            previous = Some(lines[i + consumed - 1]);
            i += consumed;
            continue;
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
        i += 1;
    }
    if !text.ends_with('\n') {
        out.pop();
    }
    out
}

/// When `lines` starts a `json_object!`/`json_union!` invocation, writes it laid out to `out`
/// and returns how many lines it spanned.
fn macro_block(lines: &[&str], out: &mut String) -> Option<usize> {
    let first = *lines.first()?;
    let trimmed = first.trim_ascii_start();
    let indent = &first[..first.len() - trimmed.len()];
    let (kind, opener_end) = opener(trimmed)?;
    let head = &trimmed[..opener_end];
    let rest = trimmed[opener_end..].trim();
    // One line: `json_object! { … }`; otherwise the body runs to a `}` at the opener's indent.
    let (body, consumed) = if let Some(inner) = rest.strip_suffix('}') {
        (inner.trim().to_string(), 1)
    } else if rest.is_empty() {
        let end = lines
            .iter()
            .position(|l| l.trim() == "}" && l.len() - l.trim_start().len() == indent.len())?;
        let body: Vec<&str> = lines[1..end].iter().map(|l| l.trim()).collect();
        (body.join(" "), end + 1)
    } else {
        return None;
    };
    out.push_str(indent);
    out.push_str(head);
    out.push('\n');
    for entry in entries(&body, kind) {
        out.push_str(indent);
        out.push_str("    ");
        out.push_str(&entry);
        out.push('\n');
    }
    out.push_str(indent);
    out.push_str("}\n");
    Some(consumed)
}

/// Where a `json_object! {` or `json_union! {` opener (after an optional path) ends in
/// `trimmed`, and which macro it opens.
fn opener(trimmed: &str) -> Option<(Macro, usize)> {
    // An opener line ends with its `{` (or, on one line, with the closing `}`).
    if !trimmed.ends_with(['{', '}']) {
        return None;
    }
    let bang = trimmed.find('!')?;
    if !trimmed[bang + 1..].starts_with(" {") {
        return None;
    }
    let path = &trimmed[..bang];
    let kind = if path.ends_with("json_object") {
        Macro::Object
    } else if path.ends_with("json_union") {
        Macro::Union
    } else {
        return None;
    };
    path.chars()
        .all(|c| c.is_alphanumeric() || c == ':' || c == '_')
        .then_some((kind, bang + 3))
}

/// The body's entries, each with its separator: `Name, both;`, then `opt a = "a";` … or
/// `Variant,` ….
fn entries(body: &str, kind: Macro) -> Vec<String> {
    let (head, rest) = match split_outside_strings(body, ';').split_first() {
        Some((head, rest)) => (head.trim().to_string(), rest.join(";")),
        None => return Vec::new(),
    };
    let mut out = vec![format!("{head};")];
    let separator = match kind {
        Macro::Object => ';',
        Macro::Union => ',',
    };
    out.extend(
        split_outside_strings(&rest, separator)
            .into_iter()
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(|e| format!("{e}{separator}")),
    );
    out
}

/// Splits at `separator` where it is not inside a `"…"` literal.
fn split_outside_strings(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut in_string = false;
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c == separator {
            parts.push(&text[start..at]);
            start = at + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    parts
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_ascii_start().len()
}

/// Whether a blank line goes between `previous` and `line`: `previous` ends an item and `line`
/// starts one, at the top level or among the items of a block.
fn blank_between(previous: &str, line: &str) -> bool {
    // prettyplease indents with spaces; ASCII trimming is all a line needs, and cheaper.
    let (prev, next) = (previous.trim_ascii(), line.trim_ascii());
    if prev.is_empty() || next.is_empty() || prev.starts_with("//") || next == "}" {
        return false;
    }
    if indentation(line) == 0 {
        let ends_item = prev.ends_with(';') || prev.ends_with('}');
        let one_liners = is_use_or_mod(prev) && is_use_or_mod(next);
        return ends_item && !one_liners && !next.starts_with([')', ']', '>', '}']);
    }
    prev == "}"
        && indentation(previous) == indentation(line)
        && [
            "///",
            "#[",
            "pub fn ",
            "fn ",
            "pub async fn ",
            "async fn ",
            "pub const ",
            "const ",
            "pub(crate) fn ",
            "pub type ",
            "type ",
        ]
        .iter()
        .any(|start| next.starts_with(start))
}

/// `use …;` and `mod …;` on one line.
fn is_use_or_mod(line: &str) -> bool {
    let line = line.strip_prefix("pub ").unwrap_or(line);
    (line.starts_with("use ") || line.starts_with("mod ")) && line.ends_with(';')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_bodies_get_one_field_per_line() {
        let text = "pub struct A {\n    pub a: i64,\n}\ncrate::runtime::json_object! {\n    A, both; req a = \"a\"; opt \"b; c\" = \"x;y\"; opt\n    long_name = \"long_name\"; ..extra;\n}\n";
        assert_eq!(
            for_review(text),
            "pub struct A {\n    pub a: i64,\n}\n\ncrate::runtime::json_object! {\n    A, both;\n    req a = \"a\";\n    opt \"b; c\" = \"x;y\";\n    opt long_name = \"long_name\";\n    ..extra;\n}\n"
        );
    }

    #[test]
    fn union_bodies_get_one_variant_per_line() {
        assert_eq!(
            for_review("crate::runtime::json_union! {\n    Id, both; Integer, String\n}\n"),
            "crate::runtime::json_union! {\n    Id, both;\n    Integer,\n    String,\n}\n"
        );
        assert_eq!(
            for_review("    crate::runtime::json_union! { Id, ser; A, Unknown }\n"),
            "    crate::runtime::json_union! {\n        Id, ser;\n        A,\n        Unknown,\n    }\n"
        );
    }

    #[test]
    fn items_are_separated_but_one_line_uses_stay_together() {
        let text = "use a::b;\nuse c::d;\npub type X = i64;\n/// Doc.\n#[derive(Debug)]\npub struct Y;\nimpl Y {\n    pub fn f() {\n        let x = 1;\n        if x > 0 {\n            g();\n        }\n        h();\n    }\n    /// Doc.\n    pub fn g() {}\n}\n";
        assert_eq!(
            for_review(text),
            "use a::b;\nuse c::d;\n\npub type X = i64;\n\n/// Doc.\n#[derive(Debug)]\npub struct Y;\n\nimpl Y {\n    pub fn f() {\n        let x = 1;\n        if x > 0 {\n            g();\n        }\n        h();\n    }\n\n    /// Doc.\n    pub fn g() {}\n}\n"
        );
    }
}
