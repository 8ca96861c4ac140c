//! Identifiers and the surface's Rust text ([`crate::surface::RustType`], signatures) as tokens.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::Api;
use crate::surface::Surface;

/// An identifier token for a name the model produced (which may be a raw identifier).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Tokens for Rust text the surface decided on (a type, a signature). The surface only writes
/// text that parses; should it not, the generated code says so where it is compiled.
pub fn tokens(text: &str) -> TokenStream {
    text.parse().unwrap_or_else(|_| {
        let message = format!("internal error: the generator wrote `{text}`, which does not parse");
        quote! { ::core::compile_error!(#message) }
    })
}

/// Renders model types for one spec, with the names and types its [`Surface`] decided.
pub struct TypeRenderer<'a> {
    /// The model.
    pub api: &'a Api,
    /// The public surface.
    pub surface: &'a Surface<'a>,
    /// The path of the spec's module.
    pub root: TokenStream,
    /// Implement only the serde direction each type travels in (see [`super::Options::lean`]).
    pub lean: bool,
    /// Surface text already turned into tokens: the same few type texts (`Option<String>`, …)
    /// come back thousands of times, and cloning tokens is cheaper than lexing them again.
    parsed: std::cell::RefCell<std::collections::HashMap<String, TokenStream>>,
}

impl<'a> TypeRenderer<'a> {
    /// A renderer for `surface`. Tokens are not `Send`, so each thread makes its own.
    pub fn new(surface: &'a Surface<'a>, lean: bool) -> Self {
        let root = tokens(&surface.module_path);
        TypeRenderer {
            api: surface.api,
            surface,
            root,
            lean,
            parsed: Default::default(),
        }
    }

    /// Whether `t` gets `Serialize`, `Deserialize` and `Validate`.
    pub fn traits(&self, t: &crate::model::TypeDef) -> (bool, bool, bool) {
        if self.lean {
            (
                t.usage.request,
                t.usage.response,
                t.validates && t.usage.request,
            )
        } else {
            (true, true, t.validates)
        }
    }

    /// Tokens for surface text.
    pub fn tokens(&self, text: &str) -> TokenStream {
        if let Some(t) = self.parsed.borrow().get(text) {
            return t.clone();
        }
        let t = tokens(text);
        self.parsed.borrow_mut().insert(text.to_owned(), t.clone());
        t
    }
}
