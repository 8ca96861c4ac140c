//! The `types` module: structs, enums that keep unknown values, unions, aliases, and their
//! `Validate` implementations. Structs and unions get serde through one `json_object!` /
//! `json_union!` invocation each (`generator/runtime/object.rs`), not serde's derive.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::model::{Additional, IntEnum, Presence, StrEnum, Struct, TypeDef, TypeKind, Union};
use crate::surface::{FieldSurface, TypeShape, TypeSurface, VariantSurface};

use super::builders;
use super::docs::docs;
use super::rust_types::{ident, TypeRenderer};
use super::validate::{in_field, Checks, Patterns};

/// Renders the types with these ids.
pub fn type_items(r: &TypeRenderer<'_>, patterns: &Patterns, ids: &[usize]) -> TokenStream {
    let checks = Checks { types: r, patterns };
    let items = ids
        .iter()
        .filter_map(|&id| Some((r.api.types.get(id)?, r.surface.types.get(id)?)))
        .map(|(t, surface)| type_def(r, &checks, t, surface));
    quote! { #(#items)* }
}

fn type_def(
    r: &TypeRenderer<'_>,
    checks: &Checks<'_>,
    t: &TypeDef,
    surface: &TypeSurface,
) -> TokenStream {
    let mut doc = docs(&t.docs);
    if doc.is_empty() {
        let text = format!(" `{}`, from the schema at `{}`.", surface.name, t.origin);
        doc = quote! { #[doc = #text] };
    }
    let name = ident(&surface.name);
    match (&t.kind, &surface.shape) {
        (TypeKind::Struct(s), TypeShape::Struct { fields, extra }) => {
            let mut def = struct_def(r, checks, t, s, (fields, extra.as_ref()), doc);
            let rest: Vec<_> = extra.iter().map(|e| ident(&e.name)).collect();
            let built = builders::model_fields(s);
            def.extend(builders::struct_impl(
                &name,
                &surface.name,
                &built,
                &rest,
                &surface.methods,
            ));
            def
        }
        (TypeKind::StrEnum(e), _) => str_enum(&name, e, doc),
        (TypeKind::IntEnum(e), _) => int_enum(&name, e, doc),
        (TypeKind::Union(u), TypeShape::Union { variants }) => {
            union(r, checks, t, u, variants, doc)
        }
        (_, TypeShape::Alias(ty)) => {
            let ty = r.tokens(&ty.full);
            quote! { #doc pub type #name = #ty; }
        }
        // The surface is built from the same model: the shapes always match.
        _ => quote! {},
    }
}

fn struct_def(
    r: &TypeRenderer<'_>,
    checks: &Checks<'_>,
    t: &TypeDef,
    s: &Struct,
    (surface_fields, extra_field): (&[FieldSurface], Option<&FieldSurface>),
    doc: TokenStream,
) -> TokenStream {
    let name = ident(&t.name);
    let fields = s.fields.iter().zip(surface_fields).map(|(f, fs)| {
        let fname = ident(&fs.name);
        let ty = r.tokens(&fs.ty.full);
        let mut fdoc = docs(&f.docs);
        if fdoc.is_empty() {
            let text = format!(" The `{}` property.", f.json_name);
            fdoc = quote! { #[doc = #text] };
        }
        quote! { #fdoc pub #fname: #ty, }
    });
    // `kind field = "wire";` for `json_object!`: how a missing property reads and whether an
    // absent one is written.
    let wire_fields = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let json = &f.json_name;
        let kind = ident(match f.presence {
            Presence::Required => "req",
            Presence::RequiredNullable => "nul",
            Presence::Optional | Presence::OptionalNullable => "opt",
        });
        quote! { #kind #fname = #json; }
    });
    // The extras field, and `..field;` telling `json_object!` to read and write it.
    let (extra, extra_rest) = match (&s.additional, extra_field) {
        (Additional::Forbidden, _) | (_, None) => (quote! {}, quote! {}),
        (additional, Some(field)) => {
            let e = ident(&field.name);
            let ty = r.tokens(&field.ty.full);
            let doc = if matches!(additional, Additional::Kept) {
                " Properties the spec does not declare, kept as the server sent them."
            } else {
                " Further properties, as the spec's `additionalProperties` describes them."
            };
            let field = quote! {
                #[doc = #doc]
                pub #e: #ty,
            };
            (field, quote! { ..#e; })
        }
    };
    let default = if t.has_default {
        quote! { Default, }
    } else {
        quote! {}
    };
    let (ser, de, validates) = r.traits(t);
    let direction = direction(ser, de);
    let validate = if validates {
        let body = s.fields.iter().map(|f| {
            let fname = ident(&f.name);
            let json = &f.json_name;
            let (bind, value) = match f.presence {
                Presence::Required => (None, quote! { value }),
                Presence::Optional | Presence::RequiredNullable => (
                    Some(quote! { ::std::option::Option::Some(value) }),
                    quote! { value },
                ),
                Presence::OptionalNullable => (
                    Some(quote! { crate::runtime::Nullable::Value(value) }),
                    quote! { value },
                ),
            };
            let inner = checks.checks_maybe_boxed(&f.ty, &f.constraints, value, f.boxed);
            if inner.is_empty() {
                return quote! {};
            }
            let checks = in_field(json, inner);
            match bind {
                None => quote! { let value = &self.#fname; { #checks } },
                Some(pat) => quote! { if let #pat = &self.#fname { #checks } },
            }
        });
        let extra_checks = match (&s.additional, extra_field) {
            (Additional::Typed(ty, c), Some(field)) => {
                let e = ident(&field.name);
                let inner = checks.checks(ty, c, quote! { item });
                if inner.is_empty() {
                    quote! {}
                } else {
                    quote! { for (key, item) in &self.#e { v.enter_key(key); #inner v.leave(); } }
                }
            }
            _ => quote! {},
        };
        quote! {
            impl crate::runtime::Validate for #name {
                fn validate_into(&self, v: &mut crate::runtime::Validator) {
                    #(#body)*
                    #extra_checks
                }
            }
        }
    } else {
        quote! {}
    };
    let sensitive = s.fields.iter().any(|f| f.sensitive);
    let debug_impl = if sensitive {
        redacted_debug(t, s, surface_fields, extra_field)
    } else {
        quote! {}
    };
    // A struct that is read has a table (`json_object!`'s `de`), and `Debug`, `Clone` and
    // `PartialEq` go through it: three one-line impls instead of three derives walking every
    // field (on GitHub's spec, a sixth of the crate's check time). One that is only written
    // derives them. A struct with a sensitive field keeps its redacting `Debug`.
    let (derives, through_table) = match (direction != "ser", sensitive) {
        (false, false) => (quote! { Debug, Clone, PartialEq, }, quote! {}),
        (false, true) => (quote! { Clone, PartialEq, }, quote! {}),
        (true, false) => (quote! {}, quote! { + Debug + Clone + PartialEq }),
        (true, true) => (quote! {}, quote! { + Clone + PartialEq }),
    };
    let derive = if derives.is_empty() && default.is_empty() {
        quote! {}
    } else {
        quote! { #[derive(#derives #default)] }
    };
    quote! {
        #doc
        #derive
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #extra
        }
        #debug_impl
        crate::runtime::json_object! { #name, #direction #through_table; #(#wire_fields)* #extra_rest }
        #validate
    }
}

/// `Debug` for a struct with sensitive fields (`format: password`, `x-sensitive: true`): as the
/// derive would print it, with each sensitive value shown as `"***"` (`crate::runtime::Redacted`;
/// `None` stays `None`, so whether a value is there is still visible).
fn redacted_debug(
    t: &TypeDef,
    s: &Struct,
    surface_fields: &[FieldSurface],
    extra_field: Option<&FieldSurface>,
) -> TokenStream {
    let fields = s.fields.iter().zip(surface_fields).map(|(f, fs)| {
        let shown = match (f.sensitive, f.presence) {
            (false, _) => Shown::Plain,
            (true, Presence::Required) => Shown::Redacted,
            (true, Presence::Optional | Presence::RequiredNullable) => Shown::RedactedOption,
            (true, Presence::OptionalNullable) => Shown::RedactedNullable,
        };
        (fs.name.as_str(), shown)
    });
    let extra = match (&s.additional, extra_field) {
        (Additional::Forbidden, _) | (_, None) => None,
        (_, Some(field)) => Some((field.name.as_str(), Shown::Plain)),
    };
    redacted_debug_impl(&ident(&t.name), &t.name, fields.chain(extra))
}

/// How a field's value shows in a redacting `Debug`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shown {
    /// As it is.
    Plain,
    /// `"***"`.
    Redacted,
    /// An `Option`: `Some("***")` or `None`.
    RedactedOption,
    /// A `Nullable`: `Value("***")`, `Null` or `Absent`.
    RedactedNullable,
}

/// `impl Debug for name` printing `type_name { field: value, … }` as the derive would, each field
/// (its Rust name) shown as told: shared by model structs and `…Params` structs.
pub(super) fn redacted_debug_impl<'a>(
    name: &proc_macro2::Ident,
    type_name: &str,
    fields: impl Iterator<Item = (&'a str, Shown)>,
) -> TokenStream {
    let fields = fields.map(|(rust_name, shown)| {
        let fname = ident(rust_name);
        let label = rust_name.trim_start_matches("r#");
        match shown {
            Shown::Plain => quote! { .field(#label, &self.#fname) },
            Shown::Redacted => quote! { .field(#label, &crate::runtime::Redacted) },
            Shown::RedactedOption => quote! {
                .field(#label, &self.#fname.as_ref().map(|_| crate::runtime::Redacted))
            },
            Shown::RedactedNullable => quote! {
                .field(#label, &match &self.#fname {
                    crate::runtime::Nullable::Value(_) => crate::runtime::Nullable::Value(crate::runtime::Redacted),
                    crate::runtime::Nullable::Null => crate::runtime::Nullable::Null,
                    crate::runtime::Nullable::Absent => crate::runtime::Nullable::Absent,
                })
            },
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#type_name) #(#fields)* .finish()
            }
        }
    }
}

/// A string enum: the enum, its unit variants then `Other(String)`, and `string_enum!`, which
/// gives it `as_str` and its traits (`Debug`, `Clone`, `PartialEq`, `Eq`, `Hash`, `PartialOrd`,
/// `Ord`, `FromStr`, `Display`, `Serialize`, `Deserialize`) through the runtime's functions.
fn str_enum(name: &proc_macro2::Ident, e: &StrEnum, doc: TokenStream) -> TokenStream {
    let other = ident(&e.other);
    let variants: Vec<_> = e.variants.iter().map(|(v, _)| ident(v)).collect();
    let values: Vec<_> = e.variants.iter().map(|(_, s)| s.as_str()).collect();
    let variant_docs = values.iter().map(|v| format!(" `{v}`"));
    quote! {
        #doc
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #variants, )*
            /// A value this version of the spec does not list, kept as sent.
            #other(::std::string::String),
        }
        crate::runtime::string_enum! { #name; #( #variants = #values ),* ; #other }
    }
}

fn int_enum(name: &proc_macro2::Ident, e: &IntEnum, doc: TokenStream) -> TokenStream {
    let other = ident(&e.other);
    let variants: Vec<_> = e.variants.iter().map(|(v, _)| ident(v)).collect();
    let values: Vec<_> = e
        .variants
        .iter()
        .map(|(_, n)| Literal::i64_unsuffixed(*n))
        .collect();
    let variant_docs = e.variants.iter().map(|(_, n)| format!(" `{n}`"));
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #variants, )*
            /// A value this version of the spec does not list, kept as sent.
            #other(i64),
        }
        impl #name {
            /// The value as sent on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #( Self::#variants => #values, )*
                    Self::#other(value) => value,
                }
            }
        }
        impl ::std::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #( #values => Self::#variants, )*
                    other => Self::#other(other),
                }
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::deserialize_int_enum(deserializer)
            }
        }
    }
}

fn union(
    r: &TypeRenderer<'_>,
    checks: &Checks<'_>,
    t: &TypeDef,
    u: &Union,
    surface_variants: &[VariantSurface],
    doc: TokenStream,
) -> TokenStream {
    let name = ident(&t.name);
    // The surface lists the model's variants, then `Unknown` for a tagged union.
    let listed = &surface_variants[..u.variants.len().min(surface_variants.len())];
    let variants: Vec<_> = listed.iter().map(|v| ident(&v.name)).collect();
    let payloads: Vec<_> = listed
        .iter()
        .map(|v| match &v.payload {
            Some(t) => r.tokens(&t.full),
            None => quote! { () },
        })
        .collect();
    let variant_docs: Vec<String> = listed
        .iter()
        .zip(&u.variants)
        .map(|(vs, v)| {
            let short = vs.payload.as_ref().map_or("()", |p| p.short.as_str());
            match v.tags.as_slice() {
                [] => format!(" The value as `{short}`."),
                tags => format!(
                    " The value as `{short}`, selected by the tag `{}`.",
                    tags.join("`, `")
                ),
            }
        })
        .collect();
    let (ser, de, validates) = r.traits(t);
    let validate = if validates {
        let arms = u.variants.iter().map(|v| {
            let vname = ident(&v.name);
            let inner = checks.variant_checks(v, quote! { value });
            if inner.is_empty() {
                quote! { Self::#vname(_) => {} }
            } else {
                quote! { Self::#vname(value) => { #inner } }
            }
        });
        let other_arm = if u.discriminator.is_some() {
            quote! { Self::Unknown(_) => {} }
        } else {
            quote! {}
        };
        quote! {
            impl crate::runtime::Validate for #name {
                fn validate_into(&self, v: &mut crate::runtime::Validator) {
                    match self { #(#arms)* #other_arm }
                }
            }
        }
    } else {
        quote! {}
    };
    let Some(tag) = &u.discriminator else {
        let direction = direction(ser, de);
        return quote! {
            #doc
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum #name {
                #( #[doc = #variant_docs] #variants(#payloads), )*
            }
            crate::runtime::json_union! { #name, #direction; #(#variants),* }
            #validate
        };
    };
    // Tagged: each payload carries the tag itself, so serialising is untagged; deserialising
    // reads the tag first and keeps values with an unknown tag instead of failing.
    let arms = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let tags = &v.tags;
        let wrap = if v.boxed { quote! { |x| Self::#vname(::std::boxed::Box::new(x)) } } else { quote! { Self::#vname } };
        quote! { ::std::option::Option::Some(#( #tags )|*) => ::serde_json::from_value(value).map(#wrap).map_err(::serde::de::Error::custom), }
    });
    let serialize = if ser {
        quote! { crate::runtime::json_union! { #name, ser; #(#variants,)* Unknown } }
    } else {
        quote! {}
    };
    let deserialize_impl = if de {
        quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    let tag = value.get(#tag).and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
                    match tag.as_deref() {
                        #(#arms)*
                        _ => ::std::result::Result::Ok(Self::Unknown(value)),
                    }
                }
            }
        }
    } else {
        quote! {}
    };
    let doc_unknown =
        format!(" A value whose `{tag}` this version of the spec does not list, kept as sent.");
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #variants(#payloads), )*
            #[doc = #doc_unknown]
            Unknown(::serde_json::Value),
        }
        #serialize
        #deserialize_impl
        #validate
    }
}

/// `json_object!`'s and `json_union!`'s word for the directions a type travels in.
fn direction(ser: bool, de: bool) -> proc_macro2::Ident {
    ident(match (ser, de) {
        (true, true) => "both",
        (true, false) => "ser",
        (false, _) => "de",
    })
}
