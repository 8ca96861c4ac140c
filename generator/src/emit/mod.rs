//! Stage 4, emit: the model to tokens (`quote`), parsed into a `syn::File` and formatted with
//! `prettyplease`. One file per concern, so a spec change shows up as a small diff: `types.rs`,
//! `client/mod.rs`, and `client/<tag>.rs` for each tag's operations.

mod builders;
mod client;
mod docs;
mod features;
mod layout;
pub mod package;
pub mod runtime;
mod rust_types;
mod types;
mod validate;
mod webhooks;

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

/// Formats tokens as a Rust file, laid out for review (see `layout.rs`). Tokens that do not parse are a bug in the generator, reported
/// as a diagnostic rather than a panic.
pub fn format_tokens(tokens: TokenStream, what: &str) -> Result<String, Diagnostic> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| Diagnostic::error("", format!("internal error: the generated {what} does not parse ({e}); please report this with the spec")))?;
    let text = layout::for_review(&docs::restore(&prettyplease::unparse(&file))?);
    // Literals keep a carriage return escaped; only doc comments (`///`, `/** */`) made from spec
    // text can hold one, and rustc refuses a bare CR in a doc comment.
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', " ")
    } else {
        text
    })
}

/// `//` comment lines (a carriage return breaks a line too: rustc refuses a bare CR in a doc
/// comment).
pub fn comment(text: &str, prefix: &str) -> String {
    // As `str::lines`, but a lone `\r` ends a line as well.
    let text = text.replace("\r\n", "\n");
    if text.is_empty() {
        return String::new();
    }
    text.strip_suffix('\n')
        .unwrap_or(&text)
        .split(['\n', '\r'])
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

/// How code is emitted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Implement `Serialize` only on types the client sends and `Deserialize` only on types it
    /// receives (and `Validate` only on the former), instead of both on every type. Compiles
    /// faster and smaller for very large specs; off by default, so responses can be re-serialised.
    pub lean: bool,
}

/// Above this many types, `types.rs` becomes a `types/` directory of files by first letter, so
/// they format in parallel and a change touches one small file.
const TYPES_PER_FILE: usize = 300;

/// One file to render: what it holds.
enum Job {
    /// `client/<module>.rs`: one tag's operations.
    Operations(String),
    /// `client/mod.rs`.
    ClientMod,
    /// `types.rs` or `types/<chunk>.rs` with these type ids.
    Types(String, Vec<usize>),
    /// `types/mod.rs` when types are split: each file's name and type ids.
    TypesMod(Vec<(String, Vec<usize>)>),
    /// The spec's `mod.rs`.
    Mod,
    /// `webhooks.rs`, when the spec describes webhooks.
    Webhooks,
}

impl Job {
    /// A rough estimate of the job's work, to start the heaviest first (see [`crate::parallel::run`]):
    /// about what each part adds to the file on GitHub's spec (a field ~500 bytes of Rust with
    /// its setter and docs, an operation ~3 KB with its parameters, response and error types).
    fn weight(&self, api: &Api, modules: &std::collections::BTreeMap<String, Vec<usize>>) -> usize {
        let type_weight = |id: usize| {
            300 + 500
                * api.types.get(id).map_or(0, |t| match &t.kind {
                    crate::model::TypeKind::Struct(s) => s.fields.len(),
                    crate::model::TypeKind::StrEnum(e) => e.variants.len() / 4,
                    crate::model::TypeKind::IntEnum(e) => e.variants.len() / 4,
                    crate::model::TypeKind::Union(u) => u.variants.len(),
                    crate::model::TypeKind::Alias(_) => 0,
                })
        };
        match self {
            Job::Operations(m) => 3000 * modules.get(m).map_or(0, Vec::len),
            Job::Types(_, ids) => ids.iter().map(|&id| type_weight(id)).sum(),
            Job::Webhooks => 3000 * api.webhooks.events.len(),
            Job::ClientMod | Job::TypesMod(_) | Job::Mod => 0,
        }
    }
}

/// `pub use ::crate_name;` for each crate whose types appear in the module's public API
/// (`serde_json::Value`, `uuid::Uuid`, `chrono::NaiveDate`, the `regex::Regex` of pattern
/// statics, the `Stream` of `…_stream` methods), so a caller needs no dependency of their own at a
/// matching version. HTTP types (`StatusCode`, `HeaderMap`) come through `runtime`.
fn foreign_reexports(api: &Api) -> TokenStream {
    use runtime::Need;
    let needs = package::needs(api);
    let mut crates = vec![("serde_json", "JSON values (`serde_json::Value`)")];
    for (need, name, what) in [
        (Need::Uuid, "uuid", "`format: uuid` values (`uuid::Uuid`)"),
        (
            Need::Date,
            "chrono",
            "`format: date` values (`chrono::NaiveDate`)",
        ),
        (
            Need::Pattern,
            "regex",
            "the pattern statics (`regex::Regex`)",
        ),
        (
            Need::Paginate,
            "futures_util",
            "the `Stream` of `…_stream` methods (`futures_util::StreamExt`)",
        ),
    ] {
        if needs.contains(&need) {
            crates.push((name, what));
        }
    }
    crates
        .into_iter()
        .map(|(name, what)| {
            let krate = quote::format_ident!("{}", name);
            let doc = format!(" `{name}`, re-exported for {what}.");
            quote! {
                #[doc = #doc]
                #[doc(no_inline)]
                pub use ::#krate;
            }
        })
        .collect()
}

/// Renders one spec's module: `mod.rs`, `types.rs` (or `types/`), `client/mod.rs`,
/// `client/<tag>.rs`. Files are rendered and formatted on all cores; the result does not depend
/// on how many there are.
///
/// `module_path` is where the module sits in its crate (`crate::paycross`, or `crate` for a
/// standalone crate); `header` is the comment every file starts with.
pub fn render_api(
    api: &Api,
    module_path: &str,
    header: &str,
    options: &Options,
) -> Result<Vec<OutFile>, Diagnostic> {
    if module_path.parse::<TokenStream>().is_err() {
        return Err(Diagnostic::error(
            "",
            format!("internal error: `{module_path}` is not a path"),
        ));
    }
    let surface = crate::surface::Surface::new(api, module_path);
    let patterns = validate::Patterns::new(&surface.patterns);
    let head = comment(header, "//");
    let modules = client::modules(api);
    let module_names: Vec<String> = modules.keys().cloned().collect();

    let mut jobs: Vec<Job> = module_names
        .iter()
        .map(|m| Job::Operations(m.clone()))
        .collect();
    jobs.push(Job::ClientMod);
    if api.types.len() <= TYPES_PER_FILE {
        jobs.push(Job::Types(
            "types.rs".into(),
            (0..api.types.len()).collect(),
        ));
    } else {
        let mut chunks: std::collections::BTreeMap<String, Vec<usize>> =
            std::collections::BTreeMap::new();
        for (id, t) in api.types.iter().enumerate() {
            let first = t
                .name
                .chars()
                .next()
                .map(|c| c.to_ascii_lowercase())
                .filter(char::is_ascii_alphabetic)
                .unwrap_or('_');
            let key = if first == '_' {
                "other".to_string()
            } else {
                first.to_string()
            };
            chunks.entry(key).or_default().push(id);
        }
        jobs.push(Job::TypesMod(
            chunks
                .iter()
                .map(|(k, ids)| (k.clone(), ids.clone()))
                .collect(),
        ));
        for (key, ids) in chunks {
            jobs.push(Job::Types(format!("types/{key}.rs"), ids));
        }
    }
    jobs.push(Job::Mod);
    if !api.webhooks.events.is_empty() {
        jobs.push(Job::Webhooks);
    }

    let render = |job: &Job| -> Result<OutFile, Diagnostic> {
        let r = rust_types::TypeRenderer::new(&surface, options.lean);
        let (path, doc, tokens) = match job {
            Job::Operations(m) => {
                let ops = modules.get(m).map(Vec::as_slice).unwrap_or_default();
                let doc = format!("The `{m}` operations: their parameter, response and error types, and `Client` methods.");
                (
                    format!("client/{m}.rs"),
                    doc,
                    client::operations_file(&r, &patterns, ops),
                )
            }
            Job::ClientMod => (
                "client/mod.rs".into(),
                "The client: `Client`, its builder, `Server`, and the operations by tag.".into(),
                client::client_module(&r, &module_names),
            ),
            Job::Types(path, ids) => {
                let mut tokens = TokenStream::new();
                for &id in ids {
                    let cfg = surface.features.type_cfg(id);
                    tokens.extend(features::gate(
                        types::type_items(&r, &patterns, &[id]),
                        cfg.as_deref(),
                    ));
                }
                if path == "types.rs" {
                    tokens.extend(patterns.statics());
                }
                (
                    path.clone(),
                    "Models: the spec's schemas as Rust types.".into(),
                    tokens,
                )
            }
            Job::TypesMod(chunks) => {
                let mods: Vec<_> = chunks
                    .iter()
                    .map(|(c, _)| quote::format_ident!("{}", c))
                    .collect();
                // A file whose types are all gated off would re-export nothing (a warning).
                let cfgs: Vec<_> = chunks
                    .iter()
                    .map(|(_, ids)| features::cfg_attr(surface.features.types_cfg(ids).as_deref()))
                    .collect();
                let statics = patterns.statics();
                let tokens = quote! { #( #cfgs mod #mods; #cfgs pub use #mods::*; )* #statics };
                (
                    "types/mod.rs".into(),
                    "Models: the spec's schemas as Rust types, in files by first letter.".into(),
                    tokens,
                )
            }
            Job::Mod => {
                let mut doc = format!("{} (version {})", api.title, api.version);
                if let Some(d) = &api.description {
                    doc.push_str("\n\n");
                    doc.push_str(&docs::sanitize(d));
                }
                let cfg = features::cfg_attr(surface.features.webhooks_cfg().as_deref());
                let webhooks =
                    (!api.webhooks.events.is_empty()).then(|| quote! { #cfg pub mod webhooks; });
                let reexports = foreign_reexports(api);
                let tokens = quote! {
                    pub mod client;
                    pub mod types;
                    #webhooks
                    pub use client::*;
                    #reexports
                };
                ("mod.rs".into(), doc, tokens)
            }
            Job::Webhooks => (
                "webhooks.rs".into(),
                "Webhooks: the events the provider sends, read from a request body.".into(),
                webhooks::webhooks_file(&r, &api.webhooks),
            ),
        };
        let body = format_tokens(tokens, &path)?;
        Ok(OutFile {
            path,
            contents: format!("{head}{}\n{body}", comment(&doc, "//!")),
        })
    };
    let weights: Vec<usize> = jobs.iter().map(|j| j.weight(api, &modules)).collect();
    let mut files = crate::parallel::run(&jobs, &weights, &render, || {
        Diagnostic::error("", "internal error: a rendering thread stopped early")
    })?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
