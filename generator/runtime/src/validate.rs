//! Client-side validation of the API document's constraints: [`Validate`], [`Validator`],
//! [`Violation`] and [`ValidationErrors`].
//!
//! Generated models implement [`Validate::validate_into`] by walking their fields with
//! [`Validator::field`] / [`Validator::index`] / [`Validator::key`] and calling the checks. A
//! violation's path is written the way the value is reached: fields joined by `.`, array items
//! as `[i]`, map entries as `["key"]`, e.g. `addresses[0].zip` or `metadata["order"]`.
//!
//! Messages say what is wrong with the value, so that `path: message` reads as a sentence:
//!
//! | check | message |
//! | --- | --- |
//! | `min_length` / `max_length` | `shorter than N characters` / `longer than N characters` |
//! | `pattern` | ``does not match the pattern `RE` `` |
//! | `minimum` (inclusive / exclusive) | `less than N` / `not greater than N` |
//! | `maximum` (inclusive / exclusive) | `greater than N` / `not less than N` |
//! | `minimum` / `maximum` / `multiple_of` on NaN | `not a number` |
//! | `multiple_of` | `not a multiple of N` |
//! | `min_items` / `max_items` | `fewer than N items` / `more than N items` |
//! | `unique_items` | `items [i] and [j] are equal` |
//!
//! Lengths are counted in Unicode scalar values (`char`s), as JSON Schema requires.

use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Write as _};

/// A value whose documented constraints can be checked before it is sent.
pub trait Validate {
    /// Records every violation of this value's constraints in `v`, at `v`'s current path.
    fn validate_into(&self, v: &mut Validator);

    /// All violations of this value's constraints, or `Ok(())`.
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut v = Validator::new();
        self.validate_into(&mut v);
        v.finish()
    }
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate_into(&self, v: &mut Validator) {
        (**self).validate_into(v);
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_into(&self, v: &mut Validator) {
        (**self).validate_into(v);
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_into(&self, v: &mut Validator) {
        if let Some(value) = self {
            value.validate_into(v);
        }
    }
}

impl<T: Validate> Validate for [T] {
    fn validate_into(&self, v: &mut Validator) {
        for (i, item) in self.iter().enumerate() {
            v.index(i, |v| item.validate_into(v));
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_into(&self, v: &mut Validator) {
        self.as_slice().validate_into(v);
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate_into(&self, v: &mut Validator) {
        for (k, item) in self {
            v.key(k, |v| item.validate_into(v));
        }
    }
}

impl<T: Validate, S> Validate for HashMap<String, T, S> {
    fn validate_into(&self, v: &mut Validator) {
        // Sorted so that the violations come out in a stable order.
        let mut entries: Vec<(&String, &T)> = self.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (k, item) in entries {
            v.key(k, |v| item.validate_into(v));
        }
    }
}

enum Segment {
    Field(String),
    Index(usize),
    Key(String),
}

/// Walks a value, keeping the current path and the violations found.
#[derive(Default)]
pub struct Validator {
    path: Vec<Segment>,
    violations: Vec<Violation>,
}

impl fmt::Debug for Validator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Validator")
            .field("path", &self.current_path())
            .field("violations", &self.violations)
            .finish()
    }
}

impl Validator {
    /// A validator at the root path with no violations.
    pub fn new() -> Self {
        Validator::default()
    }

    /// Runs `f` with `name` appended to the path (`a.name`).
    pub fn field(&mut self, name: &str, f: impl FnOnce(&mut Self)) {
        self.enter(name);
        f(self);
        self.leave();
    }

    /// Runs `f` with an array index appended to the path (`a[i]`).
    pub fn index(&mut self, i: usize, f: impl FnOnce(&mut Self)) {
        self.enter_index(i);
        f(self);
        self.leave();
    }

    /// Runs `f` with a map key appended to the path (`a["k"]`).
    pub fn key(&mut self, k: &str, f: impl FnOnce(&mut Self)) {
        self.enter_key(k);
        f(self);
        self.leave();
    }

    /// Appends a property name to the path until the next [`Validator::leave`]: what
    /// [`Validator::field`] does, without a closure. Generated code uses these: a closure per
    /// checked field was one more function body for the compiler to check.
    pub fn enter(&mut self, name: &str) {
        self.path.push(Segment::Field(name.to_owned()));
    }

    /// Appends an array index to the path until the next [`Validator::leave`].
    pub fn enter_index(&mut self, i: usize) {
        self.path.push(Segment::Index(i));
    }

    /// Appends a map key to the path until the next [`Validator::leave`].
    pub fn enter_key(&mut self, k: &str) {
        self.path.push(Segment::Key(k.to_owned()));
    }

    /// Takes the last segment [`Validator::enter`] (or `enter_index`, `enter_key`) appended off
    /// the path.
    pub fn leave(&mut self) {
        self.path.pop();
    }

    /// Validates a nested value at the current path.
    pub fn nested(&mut self, value: &dyn Validate) {
        value.validate_into(self);
    }

    /// Records a violation at the current path with a custom message.
    pub fn violation(&mut self, message: impl Into<String>) {
        let path = self.current_path();
        self.violations.push(Violation {
            path,
            message: message.into(),
        });
    }

    /// `minLength`: at least `n` characters.
    pub fn min_length(&mut self, s: &str, n: usize) {
        if s.chars().count() < n {
            self.violation(format!("shorter than {n} characters"));
        }
    }

    /// `maxLength`: at most `n` characters.
    pub fn max_length(&mut self, s: &str, n: usize) {
        if s.chars().count() > n {
            self.violation(format!("longer than {n} characters"));
        }
    }

    /// `minimum` / `exclusiveMinimum`.
    pub fn minimum(&mut self, x: f64, min: f64, exclusive: bool) {
        if x.is_nan() {
            self.violation("not a number");
        } else if exclusive && x <= min {
            self.violation(format!("not greater than {min}"));
        } else if !exclusive && x < min {
            self.violation(format!("less than {min}"));
        }
    }

    /// `maximum` / `exclusiveMaximum`.
    pub fn maximum(&mut self, x: f64, max: f64, exclusive: bool) {
        if x.is_nan() {
            self.violation("not a number");
        } else if exclusive && x >= max {
            self.violation(format!("not less than {max}"));
        } else if !exclusive && x > max {
            self.violation(format!("greater than {max}"));
        }
    }

    /// `multipleOf` (with a tolerance for binary floating point, so `0.3` is a multiple of
    /// `0.1`). A non-positive or non-finite `m` checks nothing.
    pub fn multiple_of(&mut self, x: f64, m: f64) {
        if !(m > 0.0 && m.is_finite()) {
            return;
        }
        if !x.is_finite() {
            self.violation("not a number");
            return;
        }
        let q = x / m;
        if (q - q.round()).abs() > 1e-9 * q.abs().max(1.0) {
            self.violation(format!("not a multiple of {m}"));
        }
    }

    /// `minItems`: at least `n` items.
    pub fn min_items(&mut self, len: usize, n: usize) {
        if len < n {
            self.violation(format!("fewer than {n} items"));
        }
    }

    /// `maxItems`: at most `n` items.
    pub fn max_items(&mut self, len: usize, n: usize) {
        if len > n {
            self.violation(format!("more than {n} items"));
        }
    }

    /// `uniqueItems`: reports the first pair of equal items.
    pub fn unique_items<T: PartialEq>(&mut self, items: &[T]) {
        for (j, b) in items.iter().enumerate() {
            if let Some(i) = items[..j].iter().position(|a| a == b) {
                self.violation(format!("items [{i}] and [{j}] are equal"));
                return;
            }
        }
    }

    /// Whether no violation has been found so far.
    pub fn is_ok(&self) -> bool {
        self.violations.is_empty()
    }

    /// The violations found so far.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// `Ok(())` when nothing was found, else every violation.
    pub fn finish(self) -> Result<(), ValidationErrors> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(self.violations))
        }
    }

    fn current_path(&self) -> String {
        let mut out = String::new();
        for segment in &self.path {
            match segment {
                Segment::Field(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Segment::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
                Segment::Key(k) => {
                    let _ = write!(out, "[{k:?}]");
                }
            }
        }
        out
    }
}

/// One broken constraint: where and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where, e.g. `addresses[0].zip`; empty for the value itself.
    pub path: String,
    /// What, e.g. `longer than 10 characters`.
    pub message: String,
}

impl fmt::Display for Violation {
    /// `path: message`, or just `message` at the root.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every violation found in a value (never empty when returned as an error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationErrors(pub Vec<Violation>);

impl ValidationErrors {
    /// A single violation at `path`.
    pub fn single(path: impl Into<String>, message: impl Into<String>) -> Self {
        ValidationErrors(vec![Violation {
            path: path.into(),
            message: message.into(),
        }])
    }

    /// The violations.
    pub fn violations(&self) -> &[Violation] {
        &self.0
    }
}

impl fmt::Display for ValidationErrors {
    /// The violations joined by `; `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, v) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}
