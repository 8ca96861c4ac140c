//! Model types ([`Ty`]) to Rust type tokens, always by fully qualified path so that a spec type
//! named `String`, `Option`, `Result` or `Box` never clashes with the standard library.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{Api, Prim, Ty};

/// An identifier token for a name the model produced (which may be a raw identifier).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Renders model types for one spec whose module is reachable at `root` (`crate::paycross`).
pub struct TypeRenderer<'a> {
    /// The model.
    pub api: &'a Api,
    /// The path of the spec's module.
    pub root: TokenStream,
    /// Implement only the serde direction each type travels in (see [`super::Options::lean`]).
    pub lean: bool,
}

impl<'a> TypeRenderer<'a> {
    /// A renderer for `api` at `module_path`. Tokens are not `Send`, so each thread makes its own.
    pub fn new(api: &'a Api, module_path: &str, lean: bool) -> Self {
        let root = module_path.parse().unwrap_or_else(|_| quote! { crate });
        TypeRenderer { api, root, lean }
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

    /// The Rust type of `ty`.
    pub fn ty(&self, ty: &Ty) -> TokenStream {
        match ty {
            Ty::Named(id) => {
                let root = &self.root;
                let name = ident(
                    self.api
                        .types
                        .get(*id)
                        .map(|t| t.name.as_str())
                        .unwrap_or("Unknown"),
                );
                quote! { #root::types::#name }
            }
            Ty::Prim(p) => prim(*p),
            Ty::Vec(inner) => {
                let inner = self.ty(inner);
                quote! { ::std::vec::Vec<#inner> }
            }
            Ty::Map(inner) => {
                let inner = self.ty(inner);
                quote! { ::std::collections::BTreeMap<::std::string::String, #inner> }
            }
            Ty::Option(inner) => {
                let inner = self.ty(inner);
                quote! { ::std::option::Option<#inner> }
            }
            Ty::Json => quote! { ::serde_json::Value },
        }
    }

    /// `Box<T>` when `boxed`.
    pub fn maybe_boxed(&self, ty: &Ty, boxed: bool) -> TokenStream {
        let t = self.ty(ty);
        if boxed {
            quote! { ::std::boxed::Box<#t> }
        } else {
            t
        }
    }
}

/// The Rust type of a primitive.
pub fn prim(p: Prim) -> TokenStream {
    match p {
        Prim::String => quote! { ::std::string::String },
        Prim::Bool => quote! { bool },
        Prim::I32 => quote! { i32 },
        Prim::I64 => quote! { i64 },
        Prim::F32 => quote! { f32 },
        Prim::F64 => quote! { f64 },
        Prim::DateTime => quote! { crate::runtime::Timestamp },
        Prim::Date => quote! { ::chrono::NaiveDate },
        Prim::Uuid => quote! { ::uuid::Uuid },
        Prim::Ipv4 => quote! { ::std::net::Ipv4Addr },
        Prim::Ipv6 => quote! { ::std::net::Ipv6Addr },
        Prim::Binary => quote! { ::std::vec::Vec<u8> },
    }
}
