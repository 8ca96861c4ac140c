//! Renders the Cargo features the surface decided ([`crate::surface::Features`]): `#[cfg(…)]`
//! attributes on a type's items and on the client and webhook modules, and the `[features]`
//! lines of a generated crate's manifest.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

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

/// Whether `tokens[at..]` starts with a `#[doc …]` attribute (a `///` comment).
fn is_doc_attribute(tokens: &[TokenTree], at: usize) -> bool {
    matches!(
        (tokens.get(at), tokens.get(at + 1)),
        (Some(TokenTree::Punct(p)), Some(TokenTree::Group(g)))
            if p.as_char() == '#'
                && g.delimiter() == Delimiter::Bracket
                && matches!(g.stream().into_iter().next(), Some(TokenTree::Ident(i)) if i == "doc")
    )
}

/// Whether the item that `tokens[..at]` holds the start of ends with `tokens[at - 1]`: a `;`
/// at the top level, or a `{ … }` at the top level not followed by `;` (a `struct`, `enum`,
/// `impl` or macro body rather than a struct expression in a `const`).
fn item_ends(tokens: &[TokenTree], at: usize) -> bool {
    let is_semicolon =
        |t: Option<&TokenTree>| matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == ';');
    match at.checked_sub(1).and_then(|i| tokens.get(i)) {
        Some(t @ TokenTree::Punct(_)) => is_semicolon(Some(t)),
        Some(TokenTree::Group(g)) => {
            g.delimiter() == Delimiter::Brace && !is_semicolon(tokens.get(at))
        }
        _ => false,
    }
}

/// `items` (a type's definition and its impls, or an operation's types) with the `#[cfg(…)]`
/// of `features` on each, right after its doc comment; unchanged when `features` is `None`.
/// Works on the token trees (no parse): items end at a top-level `;` or `{ … }`.
pub fn gate(items: TokenStream, features: Option<&[String]>) -> TokenStream {
    if features.is_none() {
        return items;
    }
    let attr = cfg_attr(features);
    let tokens: Vec<TokenTree> = items.into_iter().collect();
    let mut out = TokenStream::new();
    let mut at = 0;
    while at < tokens.len() {
        while is_doc_attribute(&tokens, at) {
            out.extend(tokens[at..at + 2].iter().cloned());
            at += 2;
        }
        out.extend(attr.clone());
        while at < tokens.len() {
            out.extend(std::iter::once(tokens[at].clone()));
            at += 1;
            if item_ends(&tokens, at) {
                break;
            }
        }
    }
    out
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
