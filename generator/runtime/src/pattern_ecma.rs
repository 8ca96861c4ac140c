//! [`Validator::pattern_ecma`], the `pattern` check for the ECMA-262 regular expressions the
//! `regex` crate cannot compile (lookahead, lookbehind, backreferences): the generator tries
//! `regex` first and uses the `regress` engine only for those, so only crates with such patterns
//! depend on `regress`.

use crate::validate::Validator;

impl Validator {
    /// `pattern`, with an ECMA-262 engine: the string must contain a match of `re` (`source` is
    /// the pattern as written, for the message). Like [`Validator::pattern`], not anchored.
    pub fn pattern_ecma(&mut self, s: &str, re: &regress::Regex, source: &str) {
        if re.find(s).is_none() {
            self.violation(format!("does not match the pattern `{source}`"));
        }
    }
}
