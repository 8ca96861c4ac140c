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
    /// A struct's constructor and setters (empty for other shapes).
    pub methods: Vec<StructMethod>,
}

/// A method of a generated struct (or `…Params`/`…Form` struct): how a caller builds it
/// without a struct literal (the structs are `#[non_exhaustive]`).
#[derive(Debug, Clone, PartialEq)]
pub struct StructMethod {
    /// Its name.
    pub name: String,
    /// What it does.
    pub kind: StructMethodKind,
    /// Its signature after `pub`.
    pub signature: String,
    /// The fields whose argument it takes as `impl Into<T>`, so converts with `.into()`; the
    /// others it takes as `T`.
    pub converted: Vec<usize>,
}

/// What a [`StructMethod`] does, by field index.
#[derive(Debug, Clone, PartialEq)]
pub enum StructMethodKind {
    /// `new(required…)`: the listed fields are arguments, every other field starts empty (or at
    /// its default).
    New(Vec<usize>),
    /// `with_x(value)`: sets the optional field to a value.
    With(usize),
    /// `clear_x()`: sets the optional nullable field to an explicit `null`.
    Clear(usize),
}

/// How a field takes part in construction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldRole {
    /// A `new` argument taking `impl Into<T>`.
    Argument,
    /// A `new` argument taking the field's type as is (`Option<T>` of a required nullable field:
    /// `None` is an explicit `null`, passed on purpose).
    ArgumentExact,
    /// Starts empty; `with_x` sets it.
    Optional,
    /// Starts `Absent`; `with_x` sets a value, `clear_x` an explicit `null`.
    OptionalNullable,
    /// Starts at the spec's default; `with_x` sets another value.
    Defaulted,
}

/// The constructor and setters of a struct whose fields (name, inner type, role, and whether
/// other types convert into it: [`Surface::converts_into`]) are given;
/// `setters: false` leaves out `with_x`/`clear_x` (a model struct the client only receives:
/// `new` is enough to build one in a test, and the fields are public).
pub fn struct_methods(
    fields: &[(&str, RustType, FieldRole, bool)],
    setters: bool,
) -> Vec<StructMethod> {
    // `T`, or `impl Into<T>` when other types convert into it.
    let param = |(ty, converts): (&RustType, bool)| {
        if converts {
            format!("impl ::std::convert::Into<{}>", ty.full)
        } else {
            ty.full.clone()
        }
    };
    let mut out = Vec::new();
    let args: Vec<usize> = (0..fields.len())
        .filter(|&i| matches!(fields[i].2, FieldRole::Argument | FieldRole::ArgumentExact))
        .collect();
    if !args.is_empty() {
        // A required nullable field takes its `Option` as it is.
        let converted: Vec<usize> = args
            .iter()
            .copied()
            .filter(|&i| fields[i].2 == FieldRole::Argument && fields[i].3)
            .collect();
        let params: Vec<String> = args
            .iter()
            .map(|&i| {
                let (name, ty, ..) = &fields[i];
                format!("{name}: {}", param((ty, converted.contains(&i))))
            })
            .collect();
        out.push(StructMethod {
            name: "new".into(),
            kind: StructMethodKind::New(args),
            signature: format!("fn new({}) -> Self", params.join(", ")),
            converted,
        });
    }
    for (i, (name, ty, role, converts)) in fields.iter().enumerate().filter(|_| setters) {
        let bare = name.trim_start_matches("r#");
        if matches!(
            role,
            FieldRole::Optional | FieldRole::OptionalNullable | FieldRole::Defaulted
        ) {
            out.push(StructMethod {
                name: format!("with_{bare}"),
                kind: StructMethodKind::With(i),
                signature: format!(
                    "fn with_{bare}(mut self, value: {}) -> Self",
                    param((ty, *converts))
                ),
                converted: if *converts { vec![i] } else { vec![] },
            });
        }
        if *role == FieldRole::OptionalNullable {
            out.push(StructMethod {
                name: format!("clear_{bare}"),
                kind: StructMethodKind::Clear(i),
                signature: format!("fn clear_{bare}(mut self) -> Self"),
                converted: vec![],
            });
        }
    }
    out
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
    let methods = match &t.kind {
        TypeKind::Struct(s) => {
            let fields: Vec<(&str, RustType, FieldRole, bool)> = s
                .fields
                .iter()
                .map(|f| {
                    let inner = surface.maybe_boxed(&f.ty, f.boxed);
                    // A `Box<T>` converts from `T`.
                    let converts = f.boxed || surface.converts_into(&f.ty);
                    let (inner, role) = match f.presence {
                        Presence::Required => (inner, FieldRole::Argument),
                        Presence::RequiredNullable => {
                            (inner.wrapped(OPTION, "Option"), FieldRole::ArgumentExact)
                        }
                        Presence::Optional => (inner, FieldRole::Optional),
                        Presence::OptionalNullable => (inner, FieldRole::OptionalNullable),
                    };
                    (f.name.as_str(), inner, role, converts)
                })
                .collect();
            struct_methods(&fields, t.usage.request)
        }
        _ => Vec::new(),
    };
    TypeSurface {
        name: t.name.clone(),
        origin: t.origin.clone(),
        shape,
        methods,
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
