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
/// (The names are made by [`words_case`], which gives the same without this string; this is
/// what its test compares it with.)
#[cfg(test)]
fn ascii_words(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    if mapped.trim().is_empty() && !s.is_empty() {
        return spelt_out(s);
    }
    // Keep "a-b" and "a_b" apart from "ab" but alike each other: both become words "a b".
    mapped
}

/// A name without ASCII letters or digits, as the code points it has (`u1f600 `).
fn spelt_out(s: &str) -> String {
    s.chars().map(|c| format!("u{:x} ", c as u32)).collect()
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
    case_words(s.as_bytes(), camel)
}

/// [`ascii_case`] of [`ascii_words`] of `s`, straight from `s`: every byte that is not an ASCII
/// letter or digit (a UTF-8 byte of any other character included) breaks words, as the spaces
/// `ascii_words` puts there do, and runs of breaks are one break either way. Names are made
/// some 100,000 times for GitHub's spec, so the intermediate string is skipped.
fn words_case(s: &str, camel: bool) -> String {
    if !s.is_empty() && !s.bytes().any(|b| b.is_ascii_alphanumeric()) {
        return ascii_case(&spelt_out(s), camel);
    }
    case_words(s.as_bytes(), camel)
}

/// The case conversion of [`ascii_case`] over bytes, any byte that is not an ASCII letter or
/// digit breaking words.
fn case_words(s: &[u8], camel: bool) -> String {
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Boundary,
        Lower,
        Upper,
    }
    let mut out: Vec<u8> = Vec::with_capacity(s.len() + 4);
    let mut first_word = true;
    let mut emit = |word: &[u8], out: &mut Vec<u8>| {
        if !first_word && !camel {
            out.push(b'_');
        }
        first_word = false;
        if let Some((&head, tail)) = word.split_first() {
            out.push(if camel {
                head.to_ascii_uppercase()
            } else {
                head.to_ascii_lowercase()
            });
            out.extend(tail.iter().map(u8::to_ascii_lowercase));
        }
    };
    for word in s.split(|b| !b.is_ascii_alphanumeric()) {
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
    // Only ASCII letters, digits and `_` were written.
    String::from_utf8(out).unwrap_or_default()
}

/// A PascalCase type or variant name for `s`.
pub fn to_type_name(s: &str) -> String {
    let mut name = words_case(s, true);
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
    let mut name = words_case(s, false);
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

    /// The empty string, `seeds`, and every string of 1 to `longest` characters over `alphabet`.
    fn seeds_and_strings_over(seeds: &[&str], alphabet: &[char], longest: usize) -> Vec<String> {
        let mut inputs: Vec<String> = std::iter::once(String::new())
            .chain(seeds.iter().map(|s| s.to_string()))
            .collect();
        let mut layer = vec![String::new()];
        for _ in 0..longest {
            let next: Vec<String> = layer
                .iter()
                .flat_map(|prefix| alphabet.iter().map(move |c| format!("{prefix}{c}")))
                .collect();
            inputs.extend(next.iter().cloned());
            layer = next;
        }
        inputs
    }

    /// [`ascii_case`] gives what `heck` gives: on every string of up to 6 characters over an
    /// alphabet of each character class `heck` tells apart, and on names seen in real specs.
    #[test]
    fn ascii_case_is_hecks() {
        let inputs = seeds_and_strings_over(
            &[
                "HTTPServerError",
                "webhook-issue-comment-created",
                "getV2APIKeys",
                "x-github-media-type",
                "ABC",
                "a1B2c3D",
                "u1f600 ",
                "Ünïcode name",
            ],
            &['a', 'B', '7', ' ', '_', 'c', 'D'],
            6,
        );
        for s in &inputs {
            assert_eq!(
                ascii_case(s, true),
                s.to_upper_camel_case(),
                "camel of {s:?}"
            );
            assert_eq!(ascii_case(s, false), s.to_snake_case(), "snake of {s:?}");
        }
    }

    /// [`words_case`] gives what `ascii_case` of `ascii_words` gives, on the same strings as above
    /// with non-ASCII characters mixed in.
    #[test]
    fn words_case_is_ascii_case_of_ascii_words() {
        let inputs = seeds_and_strings_over(
            &["Ünïcode name", "😀", "ÄÖ", "getV2APIKeys"],
            &['a', 'B', '7', ' ', '_', 'é', 'D', '😀'],
            5,
        );
        for s in &inputs {
            for camel in [true, false] {
                assert_eq!(
                    words_case(s, camel),
                    ascii_case(&ascii_words(s), camel),
                    "{s:?}, camel: {camel}"
                );
            }
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
