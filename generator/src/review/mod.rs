//! The review of a spec change: what changed for callers of the generated client between two
//! versions of one spec, each change classified ERR (breaks callers), WARN (may break) or INFO,
//! naming the generated Rust items it affects. `cargo xtask diff` and the generator's binary run
//! it through [`cli::run`].
//!
//! Both versions are loaded and built into the model and their [`Surface`]s, so every change names
//! the Rust items with the names the emitter really gives them (the surface decides them; nothing
//! here re-derives them). Operations are matched by HTTP method and path (an `operationId` change
//! is then reported as such), types by the JSON pointer of the schema they come from (`origin`),
//! struct fields by their wire name, parameters by location and wire name, responses by status,
//! and enum values by their wire value. What the model does not keep (media types, security
//! requirements) is compared on the raw `openapiv3` documents (`raw`).
//!
//! Each change is classified by what it does to code calling the generated client:
//!
//! - ERR: breaks callers on the wire or at compile time (an operation or a response field removed,
//!   a parameter or request field now required, a type changed, a request constraint tightened,
//!   a method renamed).
//! - WARN: may break callers (a Rust field becomes `Option<T>`, an enum used in responses gains a
//!   value, a public item disappears).
//! - INFO: everything else worth a reviewer's eye (additions, loosened request constraints).
//!
//! Each change also carries two verdicts ([`verdict`]): *wire* (does an HTTP client built against
//! the old spec break: breaks, may break, none) and *Rust* (the semver bump the generated crate
//! needs: major, minor or patch, flagged when items keep their signatures but may behave
//! differently). The reports end with the bump the whole change needs.
//!
//! Whether a schema change hits requests or responses is decided by where the type is used
//! (`usage`). One file per concern: `operations`, `parameters`, `bodies`, `responses`,
//! `types`, `fields`, `constraints`, `security`, `servers`; the change kinds and their
//! stable codes are in [`kind`], the renderings in [`report`].
//!
//! The JSON report (`--format json`) is an object:
//!
//! ```text
//! {
//!   "version": 1,                          // bumped on incompatible changes of this structure
//!   "compared": "`main` (1a2b3c4) → working tree",
//!   "summary": { "ERR": 1, "WARN": 0, "INFO": 2 },
//!   "worst": "ERR",                        // or null when nothing changed
//!   "semver": "major",                     // "major" | "minor" | "patch", or null
//!   "wire": "breaks",                      // "breaks" | "may break" | "none", or null
//!   "specs": [ {
//!     "file": "specs/paycross.yaml", "module": "paycross",
//!     "status": "modified",                // "added" | "removed" | "modified"
//!     "changes": [ {
//!       "severity": "ERR",                 // "ERR" | "WARN" | "INFO"
//!       "kind": "operation-removed",       // a stable code, see `kind`
//!       "message": "operation `DELETE /customers/{id}` (`delete_customer`) removed",
//!       "pointer": "/paths/~1customers~1{id}/delete",
//!       "line": 120,                       // in the new file, or null
//!       "rust_items": ["paycross::Client::delete_customer", "paycross::DeleteCustomerError"],
//!       "wire": "breaks",                  // "breaks" | "may break" | "none"
//!       "rust": "major",                   // "major" | "minor" | "patch"
//!       "behaviour_may_change": false
//!     } ]
//!   } ]
//! }
//! ```
//!
//! Specs are listed by file name, changes worst first, then by pointer. A renamed item reads
//! `old → new` in `rust_items`.

mod bodies;
pub mod cli;
mod constraints;
mod fields;
pub mod kind;
mod operations;
mod parameters;
mod raw;
pub mod report;
mod responses;
mod security;
mod servers;
mod types;
mod usage;
pub mod verdict;

pub use kind::{ChangeKind, Severity};
pub use verdict::{Bump, Verdict, Wire};

use openapiv3::OpenAPI;

use crate::diag::pointer_join;
use crate::model::{Api, Operation, ParamLocation, StatusMatch, TypeId};
use crate::surface::{OperationSurface, Surface};

/// One change between the two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// How much it matters.
    pub severity: Severity,
    /// What kind of change (its code is stable).
    pub kind: ChangeKind,
    /// What changed, in a sentence (Markdown code spans for names).
    pub message: String,
    /// JSON pointer of the node in the spec (in the new version when it exists there).
    pub pointer: String,
    /// Generated Rust items whose signatures change (`paycross::Client::create_customer`); a
    /// rename reads `old → new`.
    pub items: Vec<String>,
    /// 1-based line of `pointer` (or its nearest existing ancestor) in the new file, when found.
    pub line: Option<usize>,
    /// What it does to an existing HTTP client, and the generated crate's semver bump.
    pub verdict: Verdict,
}

/// One version of a spec: the raw document and its model.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    /// The parsed document.
    pub doc: &'a OpenAPI,
    /// The generator's model of it.
    pub api: &'a Api,
}

/// One version as the review sees it: the document, the model, its surface, where types are used.
struct Version<'a> {
    doc: &'a OpenAPI,
    api: &'a Api,
    surface: Surface<'a>,
    usage: Vec<usage::Usage>,
}

impl<'a> Version<'a> {
    fn new(side: Side<'a>, module: &str) -> Self {
        Version {
            doc: side.doc,
            api: side.api,
            surface: Surface::new(side.api, &format!("crate::{module}")),
            usage: usage::usage(side.api),
        }
    }

    /// The short Rust spelling of a model type (`Vec<Customer>`).
    fn short(&self, ty: &crate::model::Ty) -> String {
        self.surface.rust_type(ty).short
    }
}

/// An operation with its surface.
#[derive(Clone, Copy)]
struct Op<'a> {
    model: &'a Operation,
    surface: &'a OperationSurface,
}

impl Op<'_> {
    /// `` `GET /customers/{id}` ``.
    fn label(&self) -> String {
        format!("`{} {}`", self.model.http_method, self.model.path)
    }

    /// `/paths/~1customers~1{id}/get`.
    fn pointer(&self) -> String {
        pointer_join(
            &pointer_join("/paths", &self.model.path),
            &self.model.http_method.to_ascii_lowercase(),
        )
    }

    /// The method's signature as a reader says it, without the names of the method and of the
    /// operation's own types (renames are reported on their own).
    fn signature(&self) -> String {
        let args: Vec<String> = self
            .surface
            .args
            .iter()
            .map(|a| format!("{}: {}", a.name, a.ty.short))
            .collect();
        format!(
            "fn({}) -> Result<{}, Error<…Error>>",
            args.join(", "),
            self.surface.ok.short
        )
    }
}

/// The comparison of one spec's two versions: the changes found so far, and how to name items.
struct Review<'a> {
    module: &'a str,
    old: &'a Version<'a>,
    new: &'a Version<'a>,
    changes: Vec<Change>,
}

/// Lists the changes from `old` to `new` for the spec whose module is `module`, sorted worst
/// first, then by pointer.
pub fn compare(module: &str, old: Side<'_>, new: Side<'_>) -> Vec<Change> {
    let (old, new) = (Version::new(old, module), Version::new(new, module));
    let mut review = Review {
        module,
        old: &old,
        new: &new,
        changes: Vec::new(),
    };
    review.operations();
    review.types();
    review.servers();
    review.security_schemes();
    let mut changes = review.changes;
    for change in &mut changes {
        change.items.sort();
        change.items.dedup();
    }
    sort(&mut changes);
    changes
}

/// Worst first, then by pointer, kind code and message: a stable order.
pub fn sort(changes: &mut [Change]) {
    changes.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.pointer.cmp(&b.pointer))
            .then_with(|| a.kind.code().cmp(b.kind.code()))
            .then_with(|| a.message.cmp(&b.message))
            .then_with(|| a.items.cmp(&b.items))
    });
}

impl<'a> Review<'a> {
    /// Records a change with the verdicts its kind and severity give ([`verdict::judge`]).
    fn push(
        &mut self,
        severity: Severity,
        kind: ChangeKind,
        pointer: String,
        message: String,
        items: Vec<String>,
    ) {
        let verdict = verdict::judge(kind, severity);
        self.push_judged(severity, kind, pointer, message, items, verdict);
    }

    /// Records a change whose verdicts the caller decided.
    fn push_judged(
        &mut self,
        severity: Severity,
        kind: ChangeKind,
        pointer: String,
        message: String,
        items: Vec<String>,
        verdict: Verdict,
    ) {
        self.changes.push(Change {
            severity,
            kind,
            message,
            pointer,
            items,
            line: None,
            verdict,
        });
    }

    /// `paycross::<name>`: an item at the module's root.
    fn item(&self, name: &str) -> String {
        format!("{}::{name}", self.module)
    }

    /// The operation's `Client` method.
    fn method_item(&self, op: Op<'_>) -> String {
        self.item(&format!("Client::{}", op.surface.method))
    }

    /// The operation's `…_stream` method, when it is paginated.
    fn stream_item(&self, op: Op<'_>) -> Option<String> {
        let (name, _) = op.surface.stream.as_ref()?;
        Some(self.item(&format!("Client::{name}")))
    }

    /// The operation's `…Error` enum.
    fn error_item(&self, op: Op<'_>) -> String {
        self.item(&op.surface.error_enum)
    }

    /// The operation's `…Params` struct, when it has one.
    fn params_item(&self, op: Op<'_>) -> Option<String> {
        op.surface.params_struct.as_deref().map(|p| self.item(p))
    }

    /// The operation's `…Response` enum, when it has one.
    fn response_item(&self, op: Op<'_>) -> Option<String> {
        op.surface.response_enum.as_deref().map(|r| self.item(r))
    }

    /// `paycross::types::Customer`.
    fn type_item(&self, version: &Version<'_>, id: TypeId) -> String {
        let name = version
            .surface
            .types
            .get(id)
            .map_or("?", |t| t.name.as_str());
        self.item(&format!("types::{name}"))
    }
}

/// `200`, `2XX` or `default`, as the spec writes it.
fn status_text(s: StatusMatch) -> String {
    match s {
        StatusMatch::Code(c) => c.to_string(),
        StatusMatch::Range(d) => format!("{d}XX"),
        StatusMatch::Default => "default".into(),
    }
}

fn location_text(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

impl Review<'_> {
    /// Whether two types (old, new) are the same Rust type, named types matched by origin.
    fn same_ty(&self, old: &crate::model::Ty, new: &crate::model::Ty) -> bool {
        use crate::model::Ty;
        match (old, new) {
            (Ty::Named(old_id), Ty::Named(new_id)) => {
                match (
                    self.old.api.types.get(*old_id),
                    self.new.api.types.get(*new_id),
                ) {
                    (Some(old_type), Some(new_type))
                        if !old_type.origin.is_empty() || !new_type.origin.is_empty() =>
                    {
                        old_type.origin == new_type.origin
                    }
                    (Some(old_type), Some(new_type)) => old_type.name == new_type.name,
                    _ => false,
                }
            }
            (Ty::Vec(old_inner), Ty::Vec(new_inner))
            | (Ty::Map(old_inner), Ty::Map(new_inner))
            | (Ty::Option(old_inner), Ty::Option(new_inner)) => self.same_ty(old_inner, new_inner),
            (Ty::Prim(old_prim), Ty::Prim(new_prim)) => old_prim == new_prim,
            (Ty::Json, Ty::Json) => true,
            _ => false,
        }
    }
}
