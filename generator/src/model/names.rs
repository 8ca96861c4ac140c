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

/// `heck`'s word splitting and case conversion (`to_upper_camel_case` when `camel`, else
/// `to_snake_case`) for ASCII text, which is all [`ascii_words`] gives: the same words and the
/// same output, without `heck`'s formatter and Unicode case tables (naming GitHub's inline
/// types through `heck` took 5% of its generation). Other text goes to `heck` itself; the
/// `ascii_case_is_hecks` test compares the two.
fn ascii_case(s: &str, camel: bool) -> String {
    if !s.is_ascii() {
        return if camel {
            s.to_upper_camel_case()
        } else {
            s.to_snake_case()
        };
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Boundary,
        Lower,
        Upper,
    }
    let mut out = String::with_capacity(s.len());
    let mut first_word = true;
    let mut emit = |word: &[u8], out: &mut String| {
        if !first_word && !camel {
            out.push('_');
        }
        first_word = false;
        for (k, &b) in word.iter().enumerate() {
            let c = if camel && k == 0 {
                b.to_ascii_uppercase()
            } else {
                b.to_ascii_lowercase()
            };
            out.push(char::from(c));
        }
    };
    for word in s.as_bytes().split(|b| !b.is_ascii_alphanumeric()) {
        let mut init = 0;
        let mut mode = Mode::Boundary;
        for i in 0..word.len() {
            let c = word[i];
            let Some(&next) = word.get(i + 1) else {
                emit(&word[init..], &mut out);
                break;
            };
            let next_mode = if c.is_ascii_lowercase() {
                Mode::Lower
            } else if c.is_ascii_uppercase() {
                Mode::Upper
            } else {
                mode
            };
            if next_mode == Mode::Lower && next.is_ascii_uppercase() {
                emit(&word[init..=i], &mut out);
                init = i + 1;
                mode = Mode::Boundary;
            } else if mode == Mode::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                emit(&word[init..i], &mut out);
                init = i;
                mode = Mode::Boundary;
            } else {
                mode = next_mode;
            }
        }
    }
    out
}

/// A PascalCase type or variant name for `s`.
pub fn to_type_name(s: &str) -> String {
    let mut name = ascii_case(&ascii_words(s), true);
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
    let mut name = ascii_case(&ascii_words(s), false);
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

    /// [`ascii_case`] gives what `heck` gives: on every string of up to 6 characters over an
    /// alphabet of each character class `heck` tells apart, and on names seen in real specs.
    #[test]
    fn ascii_case_is_hecks() {
        let alphabet = ['a', 'B', '7', ' ', '_', 'c', 'D'];
        let mut inputs: Vec<String> = vec![
            String::new(),
            "HTTPServerError".into(),
            "webhook-issue-comment-created".into(),
            "getV2APIKeys".into(),
            "x-github-media-type".into(),
            "ABC".into(),
            "a1B2c3D".into(),
            "u1f600 ".into(),
            "Ünïcode name".into(),
        ];
        let mut layer = vec![String::new()];
        for _ in 0..6 {
            let mut next = Vec::new();
            for prefix in &layer {
                for c in alphabet {
                    let mut s = prefix.clone();
                    s.push(c);
                    next.push(s);
                }
            }
            inputs.extend(next.iter().cloned());
            layer = next;
        }
        for s in &inputs {
            assert_eq!(
                ascii_case(s, true),
                s.to_upper_camel_case(),
                "camel of {s:?}"
            );
            assert_eq!(ascii_case(s, false), s.to_snake_case(), "snake of {s:?}");
        }
    }

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
