//! A review's report and its three renderings: Markdown for a pull-request comment
//! ([`markdown`]), JSON for tools ([`json`], the structure documented in [`crate::review`]), and
//! GitHub Actions workflow commands ([`github`], annotations in the files view of a pull request).
//!
//! All three list specs in file order and changes worst first, then by JSON pointer, so the same
//! inputs always give the same bytes. Annotations carry line numbers found by [`locate`].

mod github;
mod json;
mod locate;
mod markdown;

pub use github::github;
pub use json::json;
pub use locate::locate;
pub use markdown::markdown;

use super::{Bump, Change, Severity, Wire};

/// How a spec file differs as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecStatus {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// In both, with different contents.
    Modified,
}

impl SpecStatus {
    /// `added`, `removed` or `modified`.
    pub fn label(self) -> &'static str {
        match self {
            SpecStatus::Added => "added",
            SpecStatus::Removed => "removed",
            SpecStatus::Modified => "modified",
        }
    }
}

/// The changes of one spec file.
#[derive(Debug, Clone)]
pub struct SpecReport {
    /// The file as shown to the reader and in annotations (`specs/paycross.yaml`).
    pub file: String,
    /// Its Rust module (`paycross`).
    pub module: String,
    /// Added, removed or modified.
    pub status: SpecStatus,
    /// The changes, sorted.
    pub changes: Vec<Change>,
}

/// A whole report.
#[derive(Debug, Clone)]
pub struct Report {
    /// What was compared with what, in a few words (`` `main` (1a2b3c4) → working tree ``).
    pub compared: String,
    /// The specs that differ, in file order.
    pub specs: Vec<SpecReport>,
}

impl Report {
    /// Number of changes per severity: `[ERR, WARN, INFO]`.
    pub fn counts(&self) -> [usize; 3] {
        let mut c = [0; 3];
        for ch in self.specs.iter().flat_map(|s| &s.changes) {
            c[match ch.severity {
                Severity::Err => 0,
                Severity::Warn => 1,
                Severity::Info => 2,
            }] += 1;
        }
        c
    }

    /// The worst severity present.
    pub fn worst(&self) -> Option<Severity> {
        self.specs
            .iter()
            .flat_map(|s| &s.changes)
            .map(|c| c.severity)
            .max()
    }

    /// The semver bump the generated crate needs: the worst Rust verdict (`None` when nothing
    /// changed).
    pub fn bump(&self) -> Option<Bump> {
        self.changes().map(|c| c.verdict.rust).max()
    }

    /// The worst wire verdict (`None` when nothing changed).
    pub fn wire(&self) -> Option<Wire> {
        self.changes().map(|c| c.verdict.wire).max()
    }

    /// How many changes may change the behaviour of Rust items that keep their signatures.
    pub fn behaviour_changes(&self) -> usize {
        self.changes().filter(|c| c.verdict.behaviour).count()
    }

    fn changes(&self) -> impl Iterator<Item = &Change> {
        self.specs.iter().flat_map(|s| &s.changes)
    }

    /// `generated crate: major version bump required; existing HTTP clients: breaks; 1 change
    /// may change behaviour`, or `None` when nothing changed.
    pub fn semver_summary(&self) -> Option<String> {
        let (bump, wire) = (self.bump()?, self.wire()?);
        let mut text = format!(
            "generated crate: {} version bump required; existing HTTP clients: {}",
            bump.label(),
            wire.label()
        );
        match self.behaviour_changes() {
            0 => {}
            1 => text.push_str("; 1 change may change behaviour"),
            n => text.push_str(&format!("; {n} changes may change behaviour")),
        }
        Some(text)
    }

    /// `1 ERR, 0 WARN, 2 INFO in 1 spec`.
    pub fn summary(&self) -> String {
        let [e, w, i] = self.counts();
        let n = self.specs.len();
        format!(
            "{e} ERR, {w} WARN, {i} INFO in {n} spec{}",
            if n == 1 { "" } else { "s" }
        )
    }
}
