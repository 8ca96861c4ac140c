//! `Validate` implementations: constraints to checks that report every violation with its field
//! path. Regexes are compiled once, in `static` `LazyLock`s, with the engine the surface chose
//! (`regex`, or `regress` for ECMA-262 patterns `regex` refuses), and were compiled by the
//! generator first with the same pinned version, so the generated `expect` cannot fire. String
//! `format`s are checked by the runtime's `Validator::format`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::analysis::ty_validates;
use crate::model::{Constraints, Prim, StringFormat, Ty};
use crate::surface::PatternEngine;

use super::rust_types::TypeRenderer;

/// The pattern statics the surface named ([`crate::surface::Patterns`]), rendered.
pub struct Patterns<'a> {
    surface: &'a crate::surface::Patterns,
}

impl<'a> Patterns<'a> {
    /// Renders `surface`'s statics.
    pub fn new(surface: &'a crate::surface::Patterns) -> Self {
        Patterns { surface }
    }

    /// The check of `value` against `pattern` (a statement on the validator `v`), if the
    /// pattern was collected.
    pub fn check(
        &self,
        pattern: &str,
        value: &TokenStream,
        root: &TokenStream,
    ) -> Option<TokenStream> {
        let s = self.surface.get(pattern)?;
        let name = format_ident!("{}", s.name);
        Some(match s.engine {
            PatternEngine::Regex => quote! { v.pattern(#value, &#root::types::#name); },
            PatternEngine::Ecma => {
                let p = &s.regex;
                quote! { v.pattern_ecma(#value, &#root::types::#name, #p); }
            }
        })
    }

    /// The `static` items for every pattern.
    pub fn statics(&self) -> TokenStream {
        let items = self.surface.statics.iter().map(|s| {
            let name = format_ident!("{}", s.name);
            let p = &s.regex;
            let (doc, engine) = match s.engine {
                PatternEngine::Regex => (format!(" `{p}`, compiled on first use."), quote! { ::regex::Regex }),
                PatternEngine::Ecma => (
                    format!(" `{p}` (ECMA-262, which the `regex` crate does not read), compiled on first use."),
                    quote! { ::regress::Regex },
                ),
            };
            quote! {
                #[doc = #doc]
                #[doc(hidden)]
                pub static #name: ::std::sync::LazyLock<#engine> =
                    ::std::sync::LazyLock::new(|| #engine::new(#p).expect("the generator compiled this pattern"));
            }
        });
        quote! { #(#items)* }
    }
}

/// `inner`, the checks of one property, run with `wire` on the validator's path (`v.enter`…
/// `v.leave`, no closure: one per checked property was a function for the compiler to check).
pub fn in_field(wire: &str, inner: TokenStream) -> TokenStream {
    quote! { v.enter(#wire); #inner v.leave(); }
}

/// Renders checks.
pub struct Checks<'a> {
    /// Type rendering (for the model and the module root).
    pub types: &'a TypeRenderer<'a>,
    /// The pattern statics.
    pub patterns: &'a Patterns<'a>,
}

impl Checks<'_> {
    /// Checks on `value` (an expression of type `&T` for `ty`), or nothing.
    pub fn checks(&self, ty: &Ty, c: &Constraints, value: TokenStream) -> TokenStream {
        let api = self.types.api;
        // Look through aliases to what is really there.
        let ty = crate::model::alias_target(&api.types, ty);
        let mut out = TokenStream::new();
        match ty {
            Ty::Prim(Prim::String) => {
                if let Some(n) = c.min_length {
                    out.extend(quote! { v.min_length(#value, #n); });
                }
                if let Some(n) = c.max_length {
                    out.extend(quote! { v.max_length(#value, #n); });
                }
                if let Some(check) = c
                    .pattern
                    .as_deref()
                    .and_then(|p| self.patterns.check(p, &value, &self.types.root))
                {
                    out.extend(check);
                }
                if let Some(f) = c.format {
                    out.extend(format_check(f, quote! { #value }));
                }
            }
            // A `Timestamp` keeps any text it is given: the text is what is sent.
            Ty::Prim(Prim::DateTime) => {
                if let Some(f @ StringFormat::DateTime) = c.format {
                    out.extend(format_check(f, quote! { #value.as_str() }));
                }
            }
            Ty::Prim(p @ (Prim::I32 | Prim::I64 | Prim::F32 | Prim::F64)) => {
                let as_f64 = match p {
                    Prim::F64 => quote! { *#value },
                    Prim::I64 => quote! { *#value as f64 },
                    _ => quote! { f64::from(*#value) },
                };
                if let Some((m, ex)) = c.minimum {
                    out.extend(quote! { v.minimum(#as_f64, #m, #ex); });
                }
                if let Some((m, ex)) = c.maximum {
                    out.extend(quote! { v.maximum(#as_f64, #m, #ex); });
                }
                if let Some(m) = c.multiple_of {
                    out.extend(quote! { v.multiple_of(#as_f64, #m); });
                }
            }
            Ty::Vec(item) => {
                if let Some(n) = c.min_items {
                    out.extend(quote! { v.min_items(#value.len(), #n); });
                }
                if let Some(n) = c.max_items {
                    out.extend(quote! { v.max_items(#value.len(), #n); });
                }
                if c.unique_items {
                    out.extend(quote! { v.unique_items(#value); });
                }
                let empty = Constraints::default();
                let inner =
                    self.checks(item, c.items.as_deref().unwrap_or(&empty), quote! { item });
                if !inner.is_empty() {
                    out.extend(quote! {
                        for (i, item) in #value.iter().enumerate() {
                            v.enter_index(i); #inner v.leave();
                        }
                    });
                }
            }
            Ty::Map(val) => {
                let empty = Constraints::default();
                let inner = self.checks(val, c.items.as_deref().unwrap_or(&empty), quote! { item });
                if !inner.is_empty() {
                    out.extend(quote! {
                        for (key, item) in #value {
                            v.enter_key(key); #inner v.leave();
                        }
                    });
                }
            }
            Ty::Option(inner) => {
                let inner = self.checks(inner, c, quote! { item });
                if !inner.is_empty() {
                    out.extend(
                        quote! { if let ::std::option::Option::Some(item) = #value { #inner } },
                    );
                }
            }
            Ty::Named(_) if ty_validates(&api.types, ty) => {
                out.extend(quote! { v.nested(#value); });
            }
            _ => {}
        }
        out
    }

    /// The checks of a union's alternative: its own constraints on its payload.
    pub fn variant_checks(
        &self,
        v: &crate::model::UnionVariant,
        value: TokenStream,
    ) -> TokenStream {
        self.checks_maybe_boxed(&v.ty, &v.constraints, value, v.boxed)
    }

    /// Checks on a value that may be boxed: `&**value` reaches the `T` in `&Box<T>`.
    pub fn checks_maybe_boxed(
        &self,
        ty: &Ty,
        c: &Constraints,
        value: TokenStream,
        boxed: bool,
    ) -> TokenStream {
        if boxed {
            self.checks(ty, c, quote! { &**#value })
        } else {
            self.checks(ty, c, value)
        }
    }
}

/// `v.format(value, crate::runtime::Format::…);`.
fn format_check(f: StringFormat, value: TokenStream) -> TokenStream {
    let variant = format_ident!("{}", f.variant());
    quote! { v.format(#value, crate::runtime::Format::#variant); }
}
