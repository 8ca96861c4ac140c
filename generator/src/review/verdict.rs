//! The two verdicts of a change: *wire* (does an HTTP client built against the old spec break
//! against a server of the new one: [`Wire`]) and *Rust* (the semver bump the generated crate
//! needs: [`Bump`], with a "behaviour may change" flag when the items keep their signatures but
//! do something else at run time).
//!
//! The Rust verdict is about the code generated today, which the surface decides: every model
//! struct, `…Params` and `…Form` struct, `…Response` and `…Error` enum, string/integer enum and
//! union is `#[non_exhaustive]`, so new fields, setters and variants are minor; structs are built
//! with `new(required…)`, so a new or removed required field changes `new`'s arguments (major);
//! `Server` is `#[non_exhaustive]` too, so a new server is minor and a removed one major. [`judge`] gives each kind's verdict
//! from its severity; the few sites where the verdict depends on more (a field's Rust type, the
//! method's signature, where a struct is used) set it themselves ([`super::Review::push_judged`]).
//! `xtask/src/semver/agreement.rs` checks the Rust verdicts against cargo-semver-checks.

use super::{ChangeKind, Severity};

/// What a change does to an existing HTTP client (one built against the old spec), worst last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Wire {
    /// Requests it sends and responses it gets keep working.
    None,
    /// Some may stop working (a response value it does not know, a server that moved).
    MayBreak,
    /// Requests it sends are refused, or responses it gets no longer match what it expects.
    Breaks,
}

impl Wire {
    /// `none`, `may break` or `breaks`.
    pub fn label(self) -> &'static str {
        match self {
            Wire::None => "none",
            Wire::MayBreak => "may break",
            Wire::Breaks => "breaks",
        }
    }
}

/// The semver bump a change needs in the generated crate, worst last (so `max` picks the bump
/// of a whole report).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// No public item changes.
    Patch,
    /// Items are added; code that compiled still compiles.
    Minor,
    /// Items are removed, renamed or change signature; some code stops compiling.
    Major,
}

impl Bump {
    /// `patch`, `minor` or `major`.
    pub fn label(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// Parses `patch`/`minor`/`major` (any case).
    pub fn parse(s: &str) -> Option<Bump> {
        match s.to_ascii_lowercase().as_str() {
            "patch" => Some(Bump::Patch),
            "minor" => Some(Bump::Minor),
            "major" => Some(Bump::Major),
            _ => None,
        }
    }
}

/// The two verdicts of one change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Verdict {
    /// What it does to an existing HTTP client.
    pub wire: Wire,
    /// The semver bump of the generated crate.
    pub rust: Bump,
    /// The Rust items keep their signatures but may behave differently (what a request is
    /// checked against, how a response is decoded, where requests go).
    pub behaviour: bool,
}

impl Verdict {
    /// A verdict without a behaviour change.
    pub fn new(wire: Wire, rust: Bump) -> Verdict {
        Verdict {
            wire,
            rust,
            behaviour: false,
        }
    }

    /// `major`, `minor, behaviour may change`: the Rust verdict in words.
    pub fn rust_text(&self) -> String {
        if self.behaviour {
            format!("{}, behaviour may change", self.rust.label())
        } else {
            self.rust.label().to_string()
        }
    }
}

/// The wire verdict a severity stands for, for kinds whose severity is about the wire.
pub fn wire_of(severity: Severity) -> Wire {
    match severity {
        Severity::Err => Wire::Breaks,
        Severity::Warn => Wire::MayBreak,
        Severity::Info => Wire::None,
    }
}

/// The verdict of a change of `kind` reported with `severity`, for the code generated today.
pub fn judge(kind: ChangeKind, severity: Severity) -> Verdict {
    use ChangeKind as K;
    let wire = match kind {
        // Only Rust names, docs or generated helpers change: the requests and responses are the
        // same.
        K::SpecAdded
        | K::OperationAdded
        | K::OperationIdChanged
        | K::MethodRenamed
        | K::OperationDeprecated
        | K::PaginationAdded
        | K::PaginationRemoved
        | K::ParameterRenamed
        | K::ParameterDeprecated
        | K::PropertyRenamed
        | K::PropertyDeprecated
        | K::TypeRenamed
        | K::EnumVariantRenamed
        | K::SchemaAdded
        | K::SchemaRemoved
        | K::SchemaDeprecated
        | K::UnionVariantsReordered
        | K::ServerAdded
        | K::SecuritySchemeAdded => Wire::None,
        // The endpoint is gone.
        K::SpecRemoved | K::OperationRemoved => Wire::Breaks,
        _ => wire_of(severity),
    };
    let rust = match kind {
        K::OperationIdChanged if severity == Severity::Err => Bump::Major,
        K::OperationIdChanged => Bump::Patch,
        K::SpecRemoved
        | K::OperationRemoved
        | K::MethodRenamed
        | K::PaginationRemoved
        | K::RequiredParameterAdded
        | K::ParameterRemoved
        | K::ParameterRenamed
        | K::ParameterTypeChanged
        | K::ParameterBecameRequired
        | K::ParameterBecameOptional
        | K::ParameterDefaultChanged
        | K::RequiredRequestBodyAdded
        | K::OptionalRequestBodyAdded
        | K::RequestBodyRemoved
        | K::RequestBodyTypeChanged
        | K::RequestBodyBecameRequired
        | K::RequestBodyBecameOptional
        | K::SuccessStatusRemoved
        | K::ErrorStatusRemoved
        | K::StatusClassChanged
        | K::ResponseTypeChanged
        | K::SchemaRemoved
        | K::TypeRenamed
        | K::TypeChanged
        | K::AdditionalPropertiesChanged
        | K::EnumValueRemoved
        | K::EnumVariantRenamed
        | K::UnionVariantRemoved
        | K::UnionVariantTypeChanged
        | K::RequiredPropertyAdded
        | K::PropertyRemoved
        | K::PropertyRenamed
        | K::PropertyTypeChanged
        | K::PropertyBecameRequired
        | K::PropertyBecameOptional
        | K::PropertyBecameNullable
        | K::PropertyBecameNonNullable
        | K::ServerRemoved => Bump::Major,
        K::SpecAdded
        | K::OperationAdded
        | K::PaginationAdded
        | K::OptionalParameterAdded
        | K::SuccessStatusAdded
        | K::ErrorStatusAdded
        | K::SchemaAdded
        | K::EnumValueAdded
        | K::UnionVariantAdded
        | K::OptionalPropertyAdded
        // `Server` is `#[non_exhaustive]`: a new variant breaks no `match`.
        | K::ServerAdded => Bump::Minor,
        _ => Bump::Patch,
    };
    let behaviour = matches!(
        kind,
        K::ConstraintTightened
            | K::ConstraintLoosened
            | K::ServerUrlChanged
            | K::SuccessStatusWidened
            | K::DiscriminatorChanged
            | K::UnionVariantAdded
            | K::UnionVariantsReordered
            | K::SecurityChanged
            | K::SecuritySchemeChanged
            | K::RequestEncodingChanged
            | K::RequestMediaTypeAdded
            | K::RequestMediaTypeRemoved
            | K::SuccessMediaTypeRemoved
            | K::ErrorMediaTypeRemoved
    );
    Verdict {
        wire,
        rust,
        behaviour,
    }
}
