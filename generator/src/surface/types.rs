//! The surface of the `types` module: each named type's kind, its fields (with the name of the
//! field holding undeclared properties), its variants, and their Rust types.

use crate::diag::pointer_join;
use crate::model::{Additional, Field, Presence, TypeDef, TypeKind};

use super::rust_type::{RustType, OPTION, STRING};
use super::Surface;

/// One named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeSurface {
    /// Its name in `types`.
    pub name: String,
    /// JSON pointer of the schema it comes from.
    pub origin: String,
    /// What it is.
    pub shape: TypeShape,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeShape {
    /// `pub struct` with public fields.
    Struct {
        /// The declared properties, in document order.
        fields: Vec<FieldSurface>,
        /// The map of undeclared properties (`extra`), unless `additionalProperties: false`.
        extra: Option<FieldSurface>,
    },
    /// A string enum (`as_str`), whose last variant keeps unknown values.
    StrEnum {
        /// Listed values, then the catch-all holding a `String`.
        variants: Vec<VariantSurface>,
    },
    /// An integer enum (`value`), whose last variant keeps unknown values.
    IntEnum {
        /// Listed values, then the catch-all holding an `i64`.
        variants: Vec<VariantSurface>,
    },
    /// A `oneOf`/`anyOf` enum (with an `Unknown` variant when it has a discriminator).
    Union {
        /// Its variants.
        variants: Vec<VariantSurface>,
    },
    /// `pub type Name = …;`.
    Alias(RustType),
}

/// A public field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldSurface {
    /// Rust name (may be a raw identifier).
    pub name: String,
    /// Its type, with the `Option`/`Nullable`/`Box` wrapping it is held in.
    pub ty: RustType,
    /// JSON pointer of the node it comes from.
    pub origin: String,
}

/// An enum variant, with its payload type if it has one.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantSurface {
    /// Variant name.
    pub name: String,
    /// Its tuple payload.
    pub payload: Option<RustType>,
}

/// The name of the field holding undeclared properties: `extra`, unless a declared property
/// took it.
pub fn extra_field_name(fields: &[Field]) -> &'static str {
    ["extra", "extra_properties", "additional_properties"]
        .into_iter()
        .find(|n| !fields.iter().any(|f| f.name == *n))
        .unwrap_or("extra_")
}

pub(super) fn type_surface(surface: &Surface<'_>, t: &TypeDef) -> TypeSurface {
    let shape = match &t.kind {
        TypeKind::Struct(s) => {
            let fields = s
                .fields
                .iter()
                .map(|f| FieldSurface {
                    name: f.name.clone(),
                    ty: field_type(surface, f),
                    origin: pointer_join(&pointer_join(&t.origin, "properties"), &f.json_name),
                })
                .collect();
            let extra_value = match &s.additional {
                Additional::Forbidden => None,
                Additional::Kept => Some(RustType {
                    full: "::serde_json::Value".into(),
                    short: "serde_json::Value".into(),
                }),
                Additional::Typed(ty, _) => Some(surface.rust_type(ty)),
            };
            let extra = extra_value.map(|value| FieldSurface {
                name: extra_field_name(&s.fields).to_string(),
                ty: RustType {
                    full: format!("::std::collections::BTreeMap<{STRING}, {}>", value.full),
                    short: format!("BTreeMap<String, {}>", value.short),
                },
                origin: pointer_join(&t.origin, "additionalProperties"),
            });
            TypeShape::Struct { fields, extra }
        }
        TypeKind::StrEnum(e) => TypeShape::StrEnum {
            variants: catch_all(
                e.variants.iter().map(|(v, _)| v),
                &e.other,
                RustType {
                    full: STRING.into(),
                    short: "String".into(),
                },
            ),
        },
        TypeKind::IntEnum(e) => TypeShape::IntEnum {
            variants: catch_all(
                e.variants.iter().map(|(v, _)| v),
                &e.other,
                RustType::same("i64"),
            ),
        },
        TypeKind::Union(u) => {
            let mut variants: Vec<VariantSurface> = u
                .variants
                .iter()
                .map(|v| VariantSurface {
                    name: v.name.clone(),
                    payload: Some(surface.maybe_boxed(&v.ty, v.boxed)),
                })
                .collect();
            if u.discriminator.is_some() {
                variants.push(VariantSurface {
                    name: "Unknown".into(),
                    payload: Some(RustType {
                        full: "::serde_json::Value".into(),
                        short: "serde_json::Value".into(),
                    }),
                });
            }
            TypeShape::Union { variants }
        }
        TypeKind::Alias(ty) => TypeShape::Alias(surface.rust_type(ty)),
    };
    TypeSurface {
        name: t.name.clone(),
        origin: t.origin.clone(),
        shape,
    }
}

/// Unit variants, then the catch-all holding `other`.
fn catch_all<'s>(
    names: impl Iterator<Item = &'s String>,
    other: &str,
    held: RustType,
) -> Vec<VariantSurface> {
    let mut variants: Vec<VariantSurface> = names
        .map(|n| VariantSurface {
            name: n.clone(),
            payload: None,
        })
        .collect();
    variants.push(VariantSurface {
        name: other.to_string(),
        payload: Some(held),
    });
    variants
}

/// A struct field's type with its presence wrapper.
fn field_type(surface: &Surface<'_>, f: &Field) -> RustType {
    let inner = surface.maybe_boxed(&f.ty, f.boxed);
    match f.presence {
        Presence::Required => inner,
        Presence::RequiredNullable | Presence::Optional => inner.wrapped(OPTION, "Option"),
        Presence::OptionalNullable => inner.wrapped("crate::runtime::Nullable", "Nullable"),
    }
}
