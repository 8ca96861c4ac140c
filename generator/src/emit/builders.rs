//! How a caller builds a generated struct without a struct literal (the structs are
//! `#[non_exhaustive]`, so a new optional property is not a breaking change): `new(required…)`
//! and chained `with_x(value)` / `clear_x()` setters, as the surface lists them
//! ([`crate::surface::StructMethod`]). Shared by model structs, `…Params` and `…Form` structs.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::model::{Presence, Struct};
use crate::surface::{StructMethod, StructMethodKind};

use super::rust_types::{ident, tokens};

/// How a setter stores its value in the field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Store {
    /// `Some(value)`.
    Some,
    /// `Nullable::Value(value)`.
    Nullable,
    /// The value itself (a parameter with a default).
    Plain,
}

/// One field, as the constructor and setters see it.
pub struct BuiltField {
    /// The field.
    pub name: Ident,
    /// What `new` puts in it when it is not an argument.
    pub start: TokenStream,
    /// How a setter (or `new`, for an argument) stores a value.
    pub store: Store,
}

/// The fields of a model struct, by the model's order.
pub fn model_fields(s: &Struct) -> Vec<BuiltField> {
    s.fields
        .iter()
        .map(|f| {
            let (start, store) = match f.presence {
                Presence::Required | Presence::RequiredNullable => (quote! {}, Store::Plain),
                Presence::Optional => (quote! { ::std::option::Option::None }, Store::Some),
                Presence::OptionalNullable => {
                    (quote! { crate::runtime::Nullable::Absent }, Store::Nullable)
                }
            };
            BuiltField {
                name: ident(&f.name),
                start,
                store,
            }
        })
        .collect()
}

/// `impl Name { new…, with_…, clear_… }`; `rest` names fields outside `fields` that `new`
/// starts at their `Default` (the `extra` map).
pub fn struct_impl(
    name: &Ident,
    display: &str,
    fields: &[BuiltField],
    rest: &[Ident],
    methods: &[StructMethod],
) -> TokenStream {
    if methods.is_empty() {
        return quote! {};
    }
    let methods = methods.iter().map(|m| {
        let signature = tokens(&m.signature);
        match &m.kind {
            StructMethodKind::New(args) => {
                let inits = fields.iter().enumerate().map(|(i, f)| {
                    let n = &f.name;
                    match (args.contains(&i), m.converted.contains(&i)) {
                        (true, true) => {
                            let value = into(quote! { #n });
                            quote! { #n: #value, }
                        }
                        (true, false) => quote! { #n, },
                        (false, _) => {
                            let start = &f.start;
                            quote! { #n: #start, }
                        }
                    }
                });
                let doc = format!(
                    " A `{display}` from its required fields; every other field starts unset (or at the spec's default)."
                );
                let allow =
                    (args.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
                quote! {
                    #[doc = #doc]
                    #allow
                    pub #signature {
                        Self { #(#inits)* #(#rest: ::std::default::Default::default(),)* }
                    }
                }
            }
            StructMethodKind::With(i) => {
                let f = &fields[*i];
                let n = &f.name;
                let value = if m.converted.contains(i) {
                    into(quote! { value })
                } else {
                    quote! { value }
                };
                let value = match f.store {
                    Store::Some => quote! { ::std::option::Option::Some(#value) },
                    Store::Nullable => quote! { crate::runtime::Nullable::Value(#value) },
                    Store::Plain => value,
                };
                let doc = format!(" Sets `{}`.", n.to_string().trim_start_matches("r#"));
                quote! {
                    #[doc = #doc]
                    #[must_use]
                    pub #signature {
                        self.#n = #value;
                        self
                    }
                }
            }
            StructMethodKind::Clear(i) => {
                let n = &fields[*i].name;
                let doc = format!(
                    " Sets `{}` to an explicit `null` (sent as `null`, unlike an unset field).",
                    n.to_string().trim_start_matches("r#")
                );
                quote! {
                    #[doc = #doc]
                    #[must_use]
                    pub #signature {
                        self.#n = crate::runtime::Nullable::Null;
                        self
                    }
                }
            }
        }
    });
    quote! {
        impl #name {
            #(#methods)*
        }
    }
}

/// `value` converted by `Into`, written through the trait's path: a path call needs no method
/// lookup, which made GitHub's `cargo check` 2–5% faster than `value.into()` (BENCHMARKS.md,
/// eighth session).
fn into(value: TokenStream) -> TokenStream {
    quote! { ::std::convert::Into::into(#value) }
}
