//! Lenient reading: constructs real documents use although OpenAPI 3.0 does not allow them,
//! rewritten on the untyped tree before typing, with a warning naming each one:
//!
//! - `type: file` (Swagger 2.0's upload type, left in 3.0 documents) → `type: string,
//!   format: binary`;
//! - a type name in the wrong case (`type: String`, `type: Integer`) → the lowercase name.
//!
//! Free-form values (extensions, `example`, `examples`, `default`, `enum`) are not looked into:
//! a `type` key there is data, not a schema keyword.

use std::fmt::Write as _;

use serde_json::Value;

use crate::diag::{pointer_join, push_token, Diagnostic};

const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

/// Rewrites what is read leniently in `value` and returns a warning for each (pointers into
/// `value`).
pub fn relax(value: &mut Value) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    walk(value, &mut String::new(), 0, &mut warnings);
    warnings
}

/// Walks `value`, whose pointer is `at`. `at` is one buffer for the whole walk: each level
/// appends its token and truncates it again, so a 13 MB document costs no allocation per node.
fn walk(value: &mut Value, at: &mut String, depth: usize, warnings: &mut Vec<Diagnostic>) {
    if depth > 256 {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(Value::String(t)) = map.get("type") {
                relax_type(map, t.clone(), at, warnings);
            }
            for (key, child) in map.iter_mut() {
                let free_form = key.starts_with("x-")
                    || matches!(key.as_str(), "example" | "examples" | "default" | "enum");
                if !free_form {
                    let len = at.len();
                    at.push('/');
                    push_token(at, key);
                    walk(child, at, depth + 1, warnings);
                    at.truncate(len);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                let len = at.len();
                // Writing to a `String` cannot fail.
                let _ = write!(at, "/{i}");
                walk(child, at, depth + 1, warnings);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

/// Rewrites `type: file` and a wrongly cased type name in the schema `map` (at `at`).
fn relax_type(
    map: &mut serde_json::Map<String, Value>,
    t: String,
    at: &str,
    warnings: &mut Vec<Diagnostic>,
) {
    // The usual case, a lowercase type name, costs no allocation.
    if TYPES.contains(&t.as_str()) {
        return;
    }
    let here = pointer_join(at, "type");
    let lower = t.to_ascii_lowercase();
    if lower == "file" {
        warnings.push(Diagnostic::warning(
            here,
            format!("`type: {t}` is Swagger 2.0, not OpenAPI 3.0; read as `type: string, format: binary`"),
        ));
        map.insert("type".into(), "string".into());
        map.entry("format").or_insert_with(|| "binary".into());
    } else if TYPES.contains(&lower.as_str()) {
        warnings.push(Diagnostic::warning(
            here,
            format!("`type: {t}` is not a type name (they are lowercase); read as `type: {lower}`"),
        ));
        map.insert("type".into(), lower.into());
    }
}
