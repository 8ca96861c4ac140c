//! Diagnostics: what went wrong (or is worth a warning), where in which file, and the JSON pointer.
//!
//! Every stage reports through [`Diagnostic`] instead of panicking; the caller decides whether
//! warnings are printed and errors stop generation.

use std::fmt;
use std::path::PathBuf;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation went on with a documented fallback (for example `serde_json::Value`).
    Warning,
    /// Generation cannot produce correct code for this document.
    Error,
}

/// One finding about an input document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file the finding is about, when known.
    pub file: Option<PathBuf>,
    /// 1-based line and column, when the parser could tell.
    pub position: Option<(usize, usize)>,
    /// JSON pointer to the offending node (`/paths/~1customers/post`), empty for the whole document.
    pub pointer: String,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            position: None,
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    /// A warning at `pointer`.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(pointer, message)
        }
    }

    /// The same diagnostic, attributed to `file`.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// The same diagnostic, at a 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.position = Some((line, column));
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{level}: ")?;
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some((line, column)) = self.position {
                write!(f, ":{line}:{column}")?;
            }
            write!(f, ": ")?;
        }
        if !self.pointer.is_empty() {
            write!(f, "at {}: ", self.pointer)?;
        }
        write!(f, "{}", self.message)
    }
}

/// Escapes one JSON pointer token (`/` and `~`).
pub fn escape_token(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    push_token(&mut out, token);
    out
}

/// Appends `token` to `pointer`, escaped (`~` → `~0`, `/` → `~1`), without the `/` before it.
pub fn push_token(pointer: &mut String, token: &str) {
    if !token.contains(['~', '/']) {
        pointer.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// Joins a pointer and one more token.
pub fn pointer_join(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    push_token(&mut out, token);
    out
}

/// How many places of a repeated warning are shown (`{:#}` shows them all).
pub const PLACES_SHOWN: usize = 3;

/// Everything a run found: errors and warnings side by side, in the order they were met.
///
/// `Display` prints every error on its own line; a warning met in many places with the same
/// message shape (its `` `quoted` `` parts aside) is printed once, with the count and the first
/// [`PLACES_SHOWN`] places. The alternate form (`{:#}`) lists every place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// No diagnostics.
    pub fn new() -> Self {
        Diagnostics::default()
    }

    /// Adds one.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Whether any of them is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Every diagnostic, in the order met.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// Mutable access, for attributing positions after the fact.
    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, Diagnostic> {
        self.items.iter_mut()
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Attributes every diagnostic that names no file yet to `file`.
    pub fn in_file(mut self, file: &std::path::Path) -> Self {
        for d in self.items.iter_mut().filter(|d| d.file.is_none()) {
            d.file = Some(file.to_path_buf());
        }
        self
    }

    /// Shows file names relative to `base` when they lie under it (`specs/paycross.yaml` rather
    /// than an absolute path).
    pub fn relative_to(mut self, base: &std::path::Path) -> Self {
        for d in self.items.iter_mut() {
            if let Some(rel) = d.file.as_ref().and_then(|f| f.strip_prefix(base).ok()) {
                d.file = Some(rel.to_path_buf());
            }
        }
        self
    }

    /// Renders the diagnostics; `places` caps the places listed for a repeated warning.
    fn render(&self, f: &mut fmt::Formatter<'_>, places: usize) -> fmt::Result {
        let mut lines: Vec<String> = Vec::new();
        for d in self.errors() {
            lines.push(d.to_string());
        }
        for group in group_by_shape(self.warnings()) {
            lines.push(render_group(&group, places));
        }
        write!(f, "{}", lines.join("\n"))
    }
}

/// A message with its `` `quoted` `` parts blanked: warnings that differ only there are one
/// kind of finding (`pattern `…` is not a regular expression …`).
pub fn message_shape(message: &str) -> String {
    let mut shape = String::with_capacity(message.len());
    for (i, part) in message.split('`').enumerate() {
        if i > 0 {
            shape.push('`');
        }
        // Odd parts sit between backticks.
        shape.push_str(if i % 2 == 1 { "…" } else { part });
    }
    shape
}

/// Warnings grouped by message shape, groups in the order their first member was met.
fn group_by_shape<'a>(warnings: impl Iterator<Item = &'a Diagnostic>) -> Vec<Vec<&'a Diagnostic>> {
    let mut groups: Vec<Vec<&Diagnostic>> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for d in warnings {
        let shape = message_shape(&d.message);
        match index.get(&shape) {
            Some(&i) => groups[i].push(d),
            None => {
                index.insert(shape, groups.len());
                groups.push(vec![d]);
            }
        }
    }
    groups
}

/// One warning as usual, or a repeated one as its shape, the count and the first places.
fn render_group(group: &[&Diagnostic], places: usize) -> String {
    let [first, ..] = group else {
        return String::new();
    };
    if group.len() == 1 {
        return first.to_string();
    }
    let same_message = group.iter().all(|d| d.message == first.message);
    let headline = if same_message {
        first.message.clone()
    } else {
        message_shape(&first.message)
    };
    let mut out = format!("warning: {headline} ({} places)", group.len());
    for d in group.iter().take(places) {
        out.push_str("\n  ");
        out.push_str(&place(d));
        if !same_message {
            out.push_str(": ");
            out.push_str(&d.message);
        }
    }
    if group.len() > places {
        out.push_str(&format!("\n  … and {} more", group.len() - places));
    }
    out
}

/// Where a diagnostic is: `file:line:column: at /pointer`, as much of it as is known.
fn place(d: &Diagnostic) -> String {
    let mut out = String::new();
    if let Some(file) = &d.file {
        out.push_str(&file.display().to_string());
        if let Some((line, column)) = d.position {
            out.push_str(&format!(":{line}:{column}"));
        }
    }
    if !d.pointer.is_empty() {
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&format!("at {}", d.pointer));
    }
    if out.is_empty() {
        out.push_str("the whole document");
    }
    out
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let places = if f.alternate() {
            usize::MAX
        } else {
            PLACES_SHOWN
        };
        self.render(f, places)
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics { items: vec![d] }
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Self {
        Diagnostics { items }
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, iter: I) {
        self.items.extend(iter);
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_warning_is_shown_once_with_its_count_and_first_places() {
        let mut all = Diagnostics::new();
        for i in 0..5 {
            all.push(
                Diagnostic::warning(
                    format!("/components/schemas/S{i}"),
                    "`not` cannot be expressed; using serde_json::Value",
                )
                .in_file("api.json")
                .at(10 + i, 3),
            );
        }
        all.push(Diagnostic::warning(
            "/paths",
            "pattern `a(?=b)` is not supported",
        ));
        all.push(Diagnostic::error("/info", "bad").in_file("api.json"));
        assert_eq!(
            all.to_string(),
            "error: api.json: at /info: bad\n\
             warning: `not` cannot be expressed; using serde_json::Value (5 places)\n  \
             api.json:10:3: at /components/schemas/S0\n  \
             api.json:11:3: at /components/schemas/S1\n  \
             api.json:12:3: at /components/schemas/S2\n  \
             … and 2 more\n\
             warning: at /paths: pattern `a(?=b)` is not supported"
        );
        assert_eq!(format!("{all:#}").lines().count(), 8);
    }

    #[test]
    fn warnings_differing_only_in_quoted_parts_share_a_line_and_keep_their_own_message() {
        let all = Diagnostics::from(vec![
            Diagnostic::warning("/a", "unknown type `x`; using serde_json::Value"),
            Diagnostic::warning("/b", "unknown type `y`; using serde_json::Value"),
        ]);
        assert_eq!(
            all.to_string(),
            "warning: unknown type `…`; using serde_json::Value (2 places)\n  \
             at /a: unknown type `x`; using serde_json::Value\n  \
             at /b: unknown type `y`; using serde_json::Value"
        );
        assert!(!all.has_errors());
    }
}
