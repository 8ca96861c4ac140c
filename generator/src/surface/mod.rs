//! The public Rust surface of a generated spec module, decided once: every public name and shape
//! (the operation's `…Params`/`…Response`/`…Error`/`…Headers` types and `…_stream` method, the
//! `extra` field, the pattern statics, whether a parameter is held as `T` or `Option<T>`, the
//! constructors and setters of structs — `new(required…)`, `with_x`, `clear_x` — and the Rust
//! type text of every field, parameter and return value).
//!
//! Plain data built from an [`Api`]: [`crate::emit`] only renders it, and the review engine
//! ([`crate::review`], `cargo xtask diff`) compares two of them. [`Surface::items`] lists every
//! public item flat; `generator/tests/surface.rs` (and `github.rs`, for GitHub's spec) prove that
//! list equals what the emitted files declare.

mod features;
mod items;
mod messages;
mod operations;
mod patterns;
mod rust_type;
mod types;
mod webhooks;

pub use features::{FeatureGroup, Features, FULL, UNTAGGED, WEBHOOKS};
pub use items::{Item, ItemKind};
pub use messages::{MessageStep, MESSAGE_FIELDS};
pub use operations::{
    response_body_type, Arg, DefaultValue, HeadersSurface, Held, OperationSurface, ParamSurface,
    ParamsDefault, FROM_HEADERS,
};
pub use patterns::{PatternEngine, PatternStatic, Patterns};
pub use rust_type::{prim, rust_type, RustType};
pub use types::{
    struct_methods, FieldRole, FieldSurface, StructMethod, StructMethodKind, TypeShape,
    TypeSurface, VariantSurface,
};
pub use webhooks::{
    EventSurface, WebhooksSurface, EVENT_ENUM, EVENT_METHODS, PARSE_ERROR, PARSE_ERROR_VARIANTS,
};

use crate::model::{Api, Prim, Ty, TypeKind};

/// The public surface of one spec module.
#[derive(Debug, Clone, PartialEq)]
pub struct Surface<'a> {
    /// The model it describes.
    pub api: &'a Api,
    /// Where the spec's module sits in its crate (`crate::paycross`, or `crate`).
    pub module_path: String,
    /// Per type of [`Api::types`], by the same index.
    pub types: Vec<TypeSurface>,
    /// Per operation of [`Api::operations`], by the same index.
    pub operations: Vec<OperationSurface>,
    /// The `static` regexes of the `types` module.
    pub patterns: Patterns,
    /// The `webhooks` module.
    pub webhooks: WebhooksSurface,
    /// The Cargo features gating operations and types.
    pub features: Features,
}

impl<'a> Surface<'a> {
    /// Decides the surface of `api` as a module at `module_path` (`crate::paycross`).
    pub fn new(api: &'a Api, module_path: &str) -> Self {
        let mut surface = Surface {
            api,
            module_path: module_path.to_string(),
            types: Vec::new(),
            operations: Vec::new(),
            patterns: Patterns::collect(api),
            webhooks: WebhooksSurface::default(),
            features: Features::new(api, module_path),
        };
        surface.types = api
            .types
            .iter()
            .map(|t| types::type_surface(&surface, t))
            .collect();
        surface.operations = api
            .operations
            .iter()
            .map(|op| operations::operation_surface(&surface, op))
            .collect();
        surface.webhooks = webhooks::webhooks_surface(&surface);
        surface
    }

    /// The Rust type of `ty` in this module.
    pub fn rust_type(&self, ty: &Ty) -> RustType {
        rust_type(self.api, &self.module_path, ty)
    }

    /// Whether something else than `ty`'s Rust type itself converts into it, so that a `new`
    /// argument or a setter of that type takes `impl Into<T>`: a `&str` into a `String`, an
    /// `i32` into an `i64`, an array into a `Vec`, an `i64` into an integer enum (its `From`).
    /// A `bool`, a struct, a string enum and a union the crate generates (it implements no
    /// `From` for them, and no other crate can) are taken as they are: `impl Into` would only
    /// cost the compiler a generic parameter per argument, and callers pass the same values. An
    /// alias is its target.
    pub fn converts_into(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Prim(Prim::Bool) => false,
            Ty::Named(id) => match self.api.types.get(*id).map(|t| &t.kind) {
                Some(TypeKind::Alias(inner)) => self.converts_into(inner),
                Some(TypeKind::IntEnum(_)) | None => true,
                Some(TypeKind::Struct(_) | TypeKind::StrEnum(_) | TypeKind::Union(_)) => false,
            },
            _ => true,
        }
    }

    /// `Box<T>` when `boxed` (the short text leaves the box out: it only breaks a cycle).
    pub fn maybe_boxed(&self, ty: &Ty, boxed: bool) -> RustType {
        let t = self.rust_type(ty);
        if boxed {
            RustType {
                full: format!("{}<{}>", rust_type::BOX, t.full),
                short: t.short,
            }
        } else {
            t
        }
    }
}
