//! `Secret`: a credential string that never appears in `Debug` or `Display` output; `Redacted`,
//! what a generated model's `Debug` prints in place of a sensitive field.
//!
//! Passwords, tokens, API keys and signing keys are held as [`Secret`] so that logging a client,
//! its builder or its auth configuration cannot leak them. The value is reachable only through
//! [`Secret::expose`]. Fields a spec marks sensitive (`format: password`, `x-sensitive: true`)
//! keep their natural type in generated models; only the models' `Debug` shows [`Redacted`].

use std::fmt;

/// A string that is redacted (`***`) whenever it is formatted.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }

    /// The credential itself; use it only where it is sent or used as a key.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Stands in for a sensitive value in `Debug` output: prints `"***"`, as [`Secret`] does.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.to_owned())
    }
}
