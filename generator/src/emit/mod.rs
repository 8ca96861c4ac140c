//! Stage 4, emit: the model to tokens (`quote`), parsed into a `syn::File` and formatted with
//! `prettyplease`. One file per concern, so a spec change shows up as a small diff: `types.rs`,
//! `client/mod.rs`, and `client/<tag>.rs` for each tag's operations.

mod client;
mod docs;
pub mod package;
mod rust_types;
mod types;
mod validate;

use proc_macro2::TokenStream;
use quote::quote;

use crate::diag::Diagnostic;
use crate::model::Api;

pub use docs::sanitize as sanitize_docs;

/// One output file, its path relative to the spec's module directory (or the crate's `src/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    /// Relative path with `/` separators.
    pub path: String,
    /// The file's text.
    pub contents: String,
}

/// Formats tokens as a Rust file. Tokens that do not parse are a bug in the generator, reported
/// as a diagnostic rather than a panic.
pub fn format_tokens(tokens: TokenStream, what: &str) -> Result<String, Diagnostic> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| Diagnostic::error("", format!("internal error: the generated {what} does not parse ({e}); please report this with the spec")))?;
    Ok(prettyplease::unparse(&file))
}

/// `//` comment lines.
pub fn comment(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                format!("{prefix}\n")
            } else {
                format!("{prefix} {l}\n")
            }
        })
        .collect()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Renders one spec's module: `mod.rs`, `types.rs`, `client/mod.rs`, `client/<tag>.rs`.
///
/// `module_path` is where the module sits in its crate (`crate::paycross`, or `crate` for a
/// standalone crate); `header` is the comment every file starts with.
pub fn render_api(api: &Api, module_path: &str, header: &str) -> Result<Vec<OutFile>, Diagnostic> {
    let root: TokenStream = module_path.parse().map_err(|_| {
        Diagnostic::error("", format!("internal error: `{module_path}` is not a path"))
    })?;
    let r = rust_types::TypeRenderer { api, root };
    let patterns = validate::Patterns::default();
    let head = comment(header, "//");
    let mut files = Vec::new();

    // Operations first: their checks may add regexes that `types.rs` declares.
    let modules = client::modules(api);
    let names: Vec<String> = modules.keys().cloned().collect();
    for (module, ops) in &modules {
        let tokens = client::operations_file(&r, &patterns, ops);
        let body = format_tokens(tokens, &format!("client/{module}.rs"))?;
        let doc = format!("Operations tagged `{module}`: their parameter, response and error types, and `Client` methods.");
        files.push(OutFile {
            path: format!("client/{module}.rs"),
            contents: format!("{head}{}\n{body}", comment(&doc, "//!")),
        });
    }
    let client_tokens = client::client_module(&r, &names);
    let client_body = format_tokens(client_tokens, "client/mod.rs")?;
    files.push(OutFile {
        path: "client/mod.rs".into(),
        contents: format!(
            "{head}{}\n{client_body}",
            comment(
                "The client: `Client`, its builder, `Server`, and the operations by tag.",
                "//!"
            )
        ),
    });

    let types_tokens = types::types_module(&r, &patterns);
    let types_body = format_tokens(types_tokens, "types.rs")?;
    files.push(OutFile {
        path: "types.rs".into(),
        contents: format!(
            "{head}{}\n{types_body}",
            comment("Models: every schema of the spec as a Rust type.", "//!")
        ),
    });

    let mut doc = format!("{} (version {})", api.title, api.version);
    if let Some(d) = &api.description {
        doc.push_str("\n\n");
        doc.push_str(&docs::sanitize(d));
    }
    let mod_tokens = quote! {
        pub mod client;
        pub mod types;
        pub use client::*;
    };
    let mod_body = format_tokens(mod_tokens, "mod.rs")?;
    files.push(OutFile {
        path: "mod.rs".into(),
        contents: format!("{head}{}\n{mod_body}", comment(&doc, "//!")),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
