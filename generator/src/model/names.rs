//! Rust names from spec names: case conversion, escaping of keywords and invalid identifiers, and
//! deterministic collision resolution.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be identifiers as they are (strict and reserved keywords, 2021 edition).
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot even be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Replaces everything but ASCII letters and digits by word breaks. A name with no ASCII
/// alphanumerics at all is spelt out as its code points so it still gets a stable, unique name.
fn ascii_words(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    if mapped.trim().is_empty() && !s.is_empty() {
        return s.chars().map(|c| format!("u{:x} ", c as u32)).collect();
    }
    // Keep "a-b" and "a_b" apart from "ab" but alike each other: both become words "a b".
    mapped
}

/// A PascalCase type or variant name for `s`.
pub fn to_type_name(s: &str) -> String {
    let mut name = ascii_words(s).to_upper_camel_case();
    if name.is_empty() {
        name = "Empty".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'N');
    }
    if name == "Self" {
        name = "SelfType".into();
    }
    name
}

/// A snake_case field, parameter or method name for `s`, escaped if it is a keyword.
pub fn to_field_name(s: &str) -> String {
    let mut name = ascii_words(s).to_snake_case();
    if name.is_empty() {
        name = "empty".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'n');
    }
    escape_keyword(name)
}

/// A snake_case module name for `s`: like [`to_field_name`], but a keyword takes a trailing `_`
/// instead of becoming a raw identifier, since the name is also a file name (a tag `mod` must not
/// become `client/mod.rs`).
pub fn to_module_name(s: &str) -> String {
    let name = to_field_name(s);
    match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => name,
    }
}

/// `type` → `r#type`; `self` → `self_`.
pub fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// A set of names in one namespace; [`Namespace::claim`] hands out unique ones.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    used: HashSet<String>,
}

impl Namespace {
    /// A namespace with some names already taken.
    pub fn with_reserved(names: &[&str]) -> Self {
        Namespace {
            used: names.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// `base` if free, else `base2`, `base3`, … (raw identifiers get the suffix inside).
    pub fn claim(&mut self, base: &str) -> String {
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let bare = base.strip_prefix("r#").unwrap_or(base);
        let bare = bare
            .strip_suffix('_')
            .filter(|b| NOT_RAW.contains(b))
            .unwrap_or(bare);
        let mut n = 2;
        loop {
            let candidate = format!(
                "{bare}{}{n}",
                if bare.ends_with(|c: char| c.is_ascii_digit()) {
                    "_"
                } else {
                    ""
                }
            );
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(to_type_name("invalid-request"), "InvalidRequest");
        assert_eq!(to_type_name("3d_verification"), "N3dVerification");
        assert_eq!(to_type_name("Self"), "SelfType");
        assert_eq!(to_type_name("中文"), "U4e2dU6587");
        assert_eq!(to_field_name("type"), "r#type");
        assert_eq!(to_field_name("self"), "self_");
        assert_eq!(to_field_name("merchantCustomerID"), "merchant_customer_id");
        assert_eq!(to_field_name("+1"), "n1");
        assert_eq!(to_field_name("@timestamp"), "timestamp");
        assert_eq!(to_module_name("mod"), "mod_");
        assert_eq!(to_module_name("Self"), "self_");
        assert_eq!(to_module_name("Pets"), "pets");
        let mut ns = Namespace::default();
        assert_eq!(ns.claim("a"), "a");
        assert_eq!(ns.claim("a"), "a2");
        assert_eq!(ns.claim("r#type"), "r#type");
        assert_eq!(ns.claim("r#type"), "type2");
        assert_eq!(ns.claim("v1"), "v1");
        assert_eq!(ns.claim("v1"), "v1_2");
    }
}
