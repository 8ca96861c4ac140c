//! Lenient reading: constructs real documents use although OpenAPI 3.0 does not allow them,
//! rewritten on the untyped tree before typing, with a warning naming each one:
//!
//! - `type: file` (Swagger 2.0's upload type, left in 3.0 documents) → `type: string,
//!   format: binary`;
//! - a type name in the wrong case (`type: String`, `type: Integer`) → the lowercase name.
//!
//! Free-form values (extensions, `example`, `examples`, `default`, `enum`) are not looked into:
//! a `type` key there is data, not a schema keyword.

use serde_json::Value;

use crate::diag::{pointer_join, Diagnostic};

const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

/// Rewrites what is read leniently in `value` and returns a warning for each (pointers into
/// `value`).
pub fn relax(value: &mut Value) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    walk(value, "", 0, &mut warnings);
    warnings
}

fn walk(value: &mut Value, at: &str, depth: usize, warnings: &mut Vec<Diagnostic>) {
    if depth > 256 {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(Value::String(t)) = map.get("type") {
                let here = pointer_join(at, "type");
                let lower = t.to_ascii_lowercase();
                if lower == "file" {
                    warnings.push(Diagnostic::warning(
                        here,
                        format!("`type: {t}` is Swagger 2.0, not OpenAPI 3.0; read as `type: string, format: binary`"),
                    ));
                    map.insert("type".into(), "string".into());
                    map.entry("format").or_insert_with(|| "binary".into());
                } else if lower != *t && TYPES.contains(&lower.as_str()) {
                    warnings.push(Diagnostic::warning(
                        here,
                        format!("`type: {t}` is not a type name (they are lowercase); read as `type: {lower}`"),
                    ));
                    map.insert("type".into(), lower.into());
                }
            }
            for (key, child) in map.iter_mut() {
                let free_form = key.starts_with("x-")
                    || matches!(key.as_str(), "example" | "examples" | "default" | "enum");
                if !free_form {
                    walk(child, &pointer_join(at, key), depth + 1, warnings);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                walk(child, &format!("{at}/{i}"), depth + 1, warnings);
            }
        }
        _ => {}
    }
}
