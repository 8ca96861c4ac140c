//! [`Validator::pattern`], the `pattern` check, kept apart from `validate.rs` so that only
//! crates whose specs use `pattern` depend on `regex`.

use crate::validate::Validator;

impl Validator {
    /// `pattern`: the string must contain a match of `re` (JSON Schema patterns are not
    /// anchored; anchor them with `^…$` in the pattern itself).
    pub fn pattern(&mut self, s: &str, re: &regex::Regex) {
        if !re.is_match(s) {
            self.violation(format!("does not match the pattern `{}`", re.as_str()));
        }
    }
}
