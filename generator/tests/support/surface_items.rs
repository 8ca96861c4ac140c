//! Shared by `surface.rs` and `github.rs`: the public items the [`Surface`] of a spec lists,
//! and the public items `syn` finds in the files emitted for it (public structs and their public
//! fields, enums and their variants, type aliases, statics, and the `pub fn`s of inherent impls),
//! compared with their Rust type or signature text.

use std::collections::BTreeSet;
use std::path::Path;

use generator::emit::{render_api, Options, OutFile};
use generator::surface::{ItemKind, Surface};
use quote::ToTokens;

/// `(path, kind, Rust text without whitespace)`.
type Key = (String, ItemKind, String);

/// The Rust text of a type or signature, spaced and comma'd however: whitespace and trailing
/// commas removed.
fn normalise(text: &str) -> String {
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    squeezed.replace(",)", ")").replace(",>", ">")
}

fn text(tokens: &impl ToTokens) -> String {
    normalise(&tokens.to_token_stream().to_string())
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// Where an emitted file's items are reached from the spec's module: `types::…` for the models,
/// `webhooks::…` for the events, the module's root for the client (re-exported with
/// `pub use client::*`).
fn prefix(path: &str) -> &'static str {
    if path == "types.rs" || path.starts_with("types/") {
        "types::"
    } else if path == "webhooks.rs" {
        "webhooks::"
    } else {
        ""
    }
}

/// The public items declared in one emitted file.
fn file_items(file: &OutFile, out: &mut BTreeSet<Key>, unexpected: &mut Vec<String>) {
    let parsed: syn::File = syn::parse_file(&file.contents)
        .unwrap_or_else(|e| panic!("{} does not parse: {e}", file.path));
    let prefix = prefix(&file.path);
    for item in &parsed.items {
        match item {
            syn::Item::Struct(s) if is_pub(&s.vis) => {
                let path = format!("{prefix}{}", s.ident);
                for f in s.fields.iter().filter(|f| is_pub(&f.vis)) {
                    let name = f
                        .ident
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default();
                    out.insert((format!("{path}::{name}"), ItemKind::Field, text(&f.ty)));
                }
                out.insert((path, ItemKind::Struct, String::new()));
            }
            syn::Item::Enum(e) if is_pub(&e.vis) => {
                let path = format!("{prefix}{}", e.ident);
                for v in &e.variants {
                    let payload = v.fields.iter().map(|f| text(&f.ty)).collect::<String>();
                    out.insert((format!("{path}::{}", v.ident), ItemKind::Variant, payload));
                }
                out.insert((path, ItemKind::Enum, String::new()));
            }
            syn::Item::Type(t) if is_pub(&t.vis) => {
                let path = format!("{prefix}{}", t.ident);
                out.insert((path, ItemKind::TypeAlias, text(&t.ty)));
            }
            syn::Item::Static(s) if is_pub(&s.vis) => {
                let path = format!("{prefix}{}", s.ident);
                out.insert((path, ItemKind::Static, text(&s.ty)));
            }
            syn::Item::Impl(i) if i.trait_.is_none() => {
                let syn::Type::Path(owner) = &*i.self_ty else {
                    unexpected.push(format!("{}: impl of {}", file.path, text(&i.self_ty)));
                    continue;
                };
                let owner = owner
                    .path
                    .segments
                    .last()
                    .map(|s| s.ident.to_string())
                    .unwrap_or_default();
                let owner = if owner == "Client" {
                    owner
                } else {
                    format!("{prefix}{owner}")
                };
                for f in &i.items {
                    if let syn::ImplItem::Fn(f) = f {
                        if is_pub(&f.vis) {
                            let path = format!("{owner}::{}", f.sig.ident);
                            out.insert((path, ItemKind::Method, text(&f.sig)));
                        }
                    }
                }
            }
            // `string_enum! { Name; … }` gives the enum its `as_str` (and trait impls).
            syn::Item::Macro(m)
                if m.mac
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "string_enum") =>
            {
                let name = m
                    .mac
                    .tokens
                    .clone()
                    .into_iter()
                    .next()
                    .map(|t| t.to_string());
                let path = format!("{prefix}{}::as_str", name.unwrap_or_default());
                out.insert((
                    path,
                    ItemKind::Method,
                    normalise("fn as_str(&self) -> &str"),
                ));
            }
            // Modules and re-exports make up the layout; trait impls and the other macro
            // invocations add no public names.
            syn::Item::Mod(_) | syn::Item::Use(_) | syn::Item::Impl(_) | syn::Item::Macro(_) => {}
            other if has_pub(other) => unexpected.push(format!(
                "{}: a public item the test does not know: {}",
                file.path,
                text(other)
            )),
            _ => {}
        }
    }
}

/// Whether an item of a kind not handled above is public.
fn has_pub(item: &syn::Item) -> bool {
    match item {
        syn::Item::Const(c) => is_pub(&c.vis),
        syn::Item::Fn(f) => is_pub(&f.vis),
        syn::Item::Trait(t) => is_pub(&t.vis),
        syn::Item::Union(u) => is_pub(&u.vis),
        syn::Item::Struct(s) => is_pub(&s.vis),
        syn::Item::Enum(e) => is_pub(&e.vis),
        syn::Item::Type(t) => is_pub(&t.vis),
        syn::Item::Static(s) => is_pub(&s.vis),
        _ => false,
    }
}

/// Emits the model of `spec` as a module at `module_path` and compares its surface with the
/// emitted items; returns how many there are.
pub fn check_api(api: &generator::model::Api, spec: &Path, module_path: &str) -> usize {
    let surface = Surface::new(api, module_path);
    let listed: BTreeSet<Key> = surface
        .items()
        .into_iter()
        .map(|i| (i.path, i.kind, normalise(&i.rust)))
        .collect();
    let files = render_api(api, module_path, "test", &Options::default())
        .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let mut emitted = BTreeSet::new();
    let mut unexpected = Vec::new();
    for f in &files {
        file_items(f, &mut emitted, &mut unexpected);
    }
    assert!(
        unexpected.is_empty(),
        "{}:\n{}",
        spec.display(),
        unexpected.join("\n")
    );
    let missing: Vec<_> = emitted.difference(&listed).collect();
    let extra: Vec<_> = listed.difference(&emitted).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{}: the surface and the emitted code disagree\n  emitted, not in the surface: {missing:#?}\n  in the surface, not emitted: {extra:#?}",
        spec.display()
    );
    listed.len()
}
