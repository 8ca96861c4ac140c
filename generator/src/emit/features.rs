//! Renders the Cargo features the surface decided ([`crate::surface::Features`]): `#[cfg(…)]`
//! attributes on a type's items and on the client and webhook modules, and the `[features]`
//! lines of a generated crate's manifest.

use proc_macro2::TokenStream;
use quote::quote;

use crate::diag::Diagnostic;
use crate::surface::Features;

/// `#[cfg(feature = "a")]` or `#[cfg(any(feature = "a", feature = "b"))]`, or nothing.
pub fn cfg_attr(features: Option<&[String]>) -> TokenStream {
    match features {
        None => TokenStream::new(),
        Some([one]) => quote! { #[cfg(feature = #one)] },
        Some(list) => quote! { #[cfg(any( #( feature = #list ),* ))] },
    }
}

/// The same attribute as text, for files written as text (`lib.rs`).
pub fn cfg_text(features: &[String]) -> String {
    let list: Vec<String> = features
        .iter()
        .map(|f| format!("feature = \"{f}\""))
        .collect();
    match list.as_slice() {
        [one] => format!("#[cfg({one})]"),
        _ => format!("#[cfg(any({}))]", list.join(", ")),
    }
}

/// The outer attributes of `item`, when it can carry them.
fn attrs_mut(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    use syn::Item;
    Some(match item {
        Item::Const(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::ExternCrate(i) => &mut i.attrs,
        Item::Fn(i) => &mut i.attrs,
        Item::ForeignMod(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Macro(i) => &mut i.attrs,
        Item::Mod(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        Item::Struct(i) => &mut i.attrs,
        Item::Trait(i) => &mut i.attrs,
        Item::TraitAlias(i) => &mut i.attrs,
        Item::Type(i) => &mut i.attrs,
        Item::Union(i) => &mut i.attrs,
        Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
}

/// `items` (a type's definition and its impls) with the `#[cfg(…)]` of `features` on each, right
/// after its doc comment; unchanged when `features` is `None`.
pub fn gate(items: TokenStream, features: Option<&[String]>) -> Result<TokenStream, Diagnostic> {
    if features.is_none() {
        return Ok(items);
    }
    let attr_tokens = cfg_attr(features);
    let internal = |what: &str, e: syn::Error| {
        Diagnostic::error(
            "",
            format!("internal error: the generated {what} does not parse ({e}); please report this with the spec"),
        )
    };
    let file: syn::File = syn::parse2(items).map_err(|e| internal("type", e))?;
    let attr: Vec<syn::Attribute> =
        syn::parse::Parser::parse2(syn::Attribute::parse_outer, attr_tokens)
            .map_err(|e| internal("cfg attribute", e))?;
    let mut out = TokenStream::new();
    for mut item in file.items {
        if let Some(attrs) = attrs_mut(&mut item) {
            let at = attrs
                .iter()
                .position(|a| !a.path().is_ident("doc"))
                .unwrap_or(attrs.len());
            attrs.splice(at..at, attr.iter().cloned());
        }
        out.extend(quote! { #item });
    }
    Ok(out)
}

/// A TOML array of strings.
fn toml_list(entries: &[String]) -> String {
    let quoted: Vec<String> = entries.iter().map(|e| format!("\"{e}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

/// The `[features]` lines of one spec: the feature turning on everything (`full`, or the
/// provider's) lists every group; each group turns on `needs` (the runtime's features and the
/// optional crates the spec's code uses), or `needs` goes on the spec's own feature when it has
/// no groups.
pub fn manifest_lines(features: &Features, needs: &[String]) -> String {
    let mut out = String::new();
    if features.groups.is_empty() {
        out.push_str(&format!("{} = {}\n", features.all, toml_list(needs)));
        return out;
    }
    let groups: Vec<String> = features.groups.iter().map(|g| g.feature.clone()).collect();
    out.push_str(&format!("{} = {}\n", features.all, toml_list(&groups)));
    for g in &features.groups {
        out.push_str(&format!("{} = {}\n", g.feature, toml_list(needs)));
    }
    out
}
