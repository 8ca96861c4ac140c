//! Whole crates: `lib.rs` and `Cargo.toml` (and a vendored runtime), for the workspace's
//! `generated/` crate (one Cargo feature per provider) and for standalone crates
//! (`cargo xtask generate`).
//!
//! A crate gets the runtime (`generator/runtime/`, see [`super::runtime`]) in one of two forms
//! ([`RuntimeForm`]): it depends on the runtime crate with the features its code uses, or it
//! carries a copy of the parts it needs. Either way it gets the signers, `Timestamp`, pagination
//! and regex support only when a spec needs them, and so depends on exactly the crates it uses,
//! at the versions the runtime's manifest gives.

use std::collections::BTreeSet;

use super::runtime::{self, named_crates};
use super::{comment, render_api, Options, OutFile};
use crate::diag::Diagnostic;
use crate::model::{Api, Prim, ResponseBody, SecurityKind, Ty, TypeKind};
use crate::surface::{Features, PatternEngine};

pub use super::runtime::Need;

/// How a generated crate gets its runtime (`crate::runtime::…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeForm {
    /// The parts it needs are copied into `src/runtime/`; its `[dependencies]` are the crates
    /// those parts use.
    Vendored,
    /// It depends on the `generator-runtime` crate at this path (relative to the generated
    /// crate's directory, or absolute) and says `pub use generator_runtime as runtime;`.
    Path(String),
    /// As `Path`, from the registry: this version requirement.
    Version(String),
}

/// Lints that depend on the spec's names and prose rather than on the generator.
const ALLOWED_LINTS: &str = "#![allow(
    // Variant and type names come from the spec.
    clippy::enum_variant_names,
    clippy::large_enum_variant,
    clippy::module_inception,
    // Operations take as many parameters as the spec gives them.
    clippy::too_many_arguments,
    // Doc comments are the spec's own prose.
    clippy::doc_lazy_continuation,
    clippy::doc_overindented_list_items,
    clippy::tabs_in_doc_comments,
    clippy::empty_docs,
    rustdoc::bare_urls,
    rustdoc::broken_intra_doc_links,
    rustdoc::invalid_html_tags
)]
// Every public item carries the spec's prose, or says where it comes from.
#![deny(missing_docs)]\n";

fn walk_ty(ty: &Ty, needs: &mut BTreeSet<Need>) {
    match ty {
        Ty::Prim(Prim::DateTime) => {
            needs.insert(Need::Timestamp);
        }
        Ty::Prim(Prim::Date) => {
            needs.insert(Need::Date);
        }
        Ty::Prim(Prim::Uuid) => {
            needs.insert(Need::Uuid);
        }
        Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) => walk_ty(t, needs),
        _ => {}
    }
}

/// What a spec's code needs from the runtime.
pub fn needs(api: &Api) -> BTreeSet<Need> {
    let mut needs = BTreeSet::new();
    for t in &api.types {
        match &t.kind {
            TypeKind::Struct(s) => {
                for f in &s.fields {
                    walk_ty(&f.ty, &mut needs);
                }
                if let crate::model::Additional::Typed(ty, _) = &s.additional {
                    walk_ty(ty, &mut needs);
                }
            }
            TypeKind::Union(u) => u.variants.iter().for_each(|v| walk_ty(&v.ty, &mut needs)),
            TypeKind::Alias(ty) => walk_ty(ty, &mut needs),
            _ => {}
        }
    }
    for op in &api.operations {
        for p in &op.params {
            walk_ty(&p.ty, &mut needs);
        }
        if let Some(b) = &op.body {
            walk_ty(&b.ty, &mut needs);
            for part in &b.parts {
                if let crate::model::PartKind::Value(ty) = &part.kind {
                    walk_ty(ty, &mut needs);
                }
            }
        }
        for r in &op.responses {
            if let ResponseBody::Json(ty) = &r.body {
                walk_ty(ty, &mut needs);
            }
        }
        if op.pagination.is_some() {
            needs.insert(Need::Paginate);
        }
    }
    // Every pattern the checks use, with the engine each is compiled with.
    let patterns = crate::surface::Patterns::collect(api);
    if patterns.uses(PatternEngine::Regex) {
        needs.insert(Need::Pattern);
    }
    if patterns.uses(PatternEngine::Ecma) {
        needs.insert(Need::PatternEcma);
    }
    for s in &api.security {
        if let SecurityKind::Signed { signer, .. } = &s.kind {
            match signer.as_str() {
                "monri-wp3-v2.1" => needs.insert(Need::Monri),
                "rapyd" => needs.insert(Need::Rapyd),
                _ => false,
            };
        }
    }
    needs
}

/// One spec of the workspace crate.
pub struct WorkspaceSpec<'a> {
    /// Module and feature name (`paycross`).
    pub name: &'a str,
    /// The model.
    pub api: &'a Api,
    /// The header for its files (names the spec and the command).
    pub header: String,
}

/// The `[dependencies]` line of the runtime crate: `source` is `path = "…"` or `version = "…"`.
fn runtime_dependency(source: &str, features: &[&str]) -> String {
    let package = runtime::PACKAGE;
    if features.is_empty() {
        return format!("{package} = {{ {source} }}");
    }
    let list: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
    format!(
        "{package} = {{ {source}, features = [{}] }}",
        list.join(", ")
    )
}

/// A TOML string literal.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// `x = "1"` → `x = { version = "1", optional = true }`.
fn optional(line: &str) -> String {
    let (name, spec) = line.split_once(" = ").unwrap_or((line, "\"*\""));
    if let Some(inner) = spec.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
        format!("{name} = {{{}, optional = true }}", inner.trim_end())
    } else {
        format!("{name} = {{ version = {spec}, optional = true }}")
    }
}

/// A crate's `[dependencies]` line from the runtime's manifest.
fn dependency_line(name: &str) -> Result<&'static str, Diagnostic> {
    runtime::dependency_line(name).ok_or_else(|| {
        Diagnostic::error(
            "",
            format!("internal error: generator/runtime/Cargo.toml does not list `{name}`"),
        )
    })
}

/// What one spec's feature turns on in a crate that depends on the runtime crate: the runtime's
/// features its code calls and the optional crates its code names.
fn feature_entries(needs: &BTreeSet<Need>) -> Vec<String> {
    let mut entries: Vec<String> = Vec::new();
    for need in needs {
        if need.uses_runtime_part() {
            entries.push(format!("{}/{}", runtime::PACKAGE, need.feature()));
        }
        for name in named_crates(Some(*need)) {
            entries.push(format!("dep:{name}"));
        }
    }
    entries.sort();
    entries.dedup();
    entries
}

/// The workspace's `generated/` crate, depending on the runtime crate at `runtime_path`
/// (relative to the crate's directory, or absolute): paths relative to the crate directory.
pub fn workspace_crate(
    specs: &[WorkspaceSpec<'_>],
    crate_header: &str,
    runtime_path: &str,
) -> Result<Vec<OutFile>, Diagnostic> {
    let mut files = Vec::new();
    let mut any_needs = BTreeSet::new();
    for s in specs {
        any_needs.extend(needs(s.api));
        for f in render_api(
            s.api,
            &format!("crate::{}", s.name),
            &s.header,
            &Options::default(),
        )? {
            files.push(OutFile {
                path: format!("src/{}/{}", s.name, f.path),
                contents: f.contents,
            });
        }
    }

    let head = comment(crate_header, "//");
    let mut lib = format!(
        "{head}//! Typed models and async clients for the payment APIs in `specs/`, one Cargo feature per\n//! provider. Every module here is generated; see the repository README.\n\n{ALLOWED_LINTS}\npub use {} as runtime;\n",
        runtime::LIBRARY
    );
    for s in specs {
        let features = Features::new(s.api, &format!("crate::{}", s.name));
        lib.push_str(&format!(
            "\n{}\npub mod {};\n",
            super::features::cfg_text(&features.module_any_cfg()),
            s.name
        ));
    }
    files.push(OutFile {
        path: "src/lib.rs".into(),
        contents: lib,
    });

    // Cargo.toml: the runtime crate and the crates the code names, the optional ones behind the
    // features that use them.
    let mut toml = comment(crate_header, "#");
    toml.push_str("[package]\nname = \"generated\"\nversion = \"0.1.0\"\nedition = \"2021\"\nrust-version = \"1.85\"\npublish = false\ndescription = \"Generated models and clients for the providers in specs/.\"\n\n[features]\n");
    let all: Vec<String> = specs.iter().map(|s| format!("\"{}\"", s.name)).collect();
    toml.push_str(&format!("full = [{}]\n", all.join(", ")));
    for s in specs {
        let features = Features::new(s.api, &format!("crate::{}", s.name));
        toml.push_str(&super::features::manifest_lines(
            &features,
            &feature_entries(&needs(s.api)),
        ));
    }
    toml.push_str("\n[dependencies]\n");
    toml.push_str(&runtime_dependency(
        &format!("path = {}", toml_string(runtime_path)),
        &[],
    ));
    toml.push('\n');
    let mut lines: Vec<String> = Vec::new();
    for name in named_crates(None) {
        lines.push(dependency_line(name)?.to_string());
    }
    for need in &any_needs {
        for name in named_crates(Some(*need)) {
            lines.push(optional(dependency_line(name)?));
        }
    }
    lines.sort();
    lines.dedup();
    for line in lines {
        toml.push_str(&line);
        toml.push('\n');
    }
    files.push(OutFile {
        path: "Cargo.toml".into(),
        contents: toml,
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// A standalone crate for one spec, with the default [`Options`] and a vendored runtime: paths
/// relative to the crate directory.
pub fn standalone_crate(
    crate_name: &str,
    api: &Api,
    header: &str,
) -> Result<Vec<OutFile>, Diagnostic> {
    standalone_crate_with(crate_name, api, header, &Options::default())
}

/// A standalone crate for one spec with a vendored runtime: paths relative to the crate
/// directory.
pub fn standalone_crate_with(
    crate_name: &str,
    api: &Api,
    header: &str,
    options: &Options,
) -> Result<Vec<OutFile>, Diagnostic> {
    standalone_crate_for(crate_name, api, header, options, &RuntimeForm::Vendored)
}

/// A standalone crate for one spec, getting its runtime in the given form: paths relative to the
/// crate directory.
pub fn standalone_crate_for(
    crate_name: &str,
    api: &Api,
    header: &str,
    options: &Options,
    form: &RuntimeForm,
) -> Result<Vec<OutFile>, Diagnostic> {
    let spec_needs = needs(api);
    let runtime_item = match form {
        RuntimeForm::Vendored => "pub mod runtime;".to_string(),
        _ => format!("pub use {} as runtime;", runtime::LIBRARY),
    };
    let mut files = Vec::new();
    for f in render_api(api, "crate", header, options)? {
        if f.path == "mod.rs" {
            let contents = f.contents.replacen(
                "\npub mod client;",
                &format!("\n{ALLOWED_LINTS}\n{runtime_item}\npub mod client;"),
                1,
            );
            files.push(OutFile {
                path: "src/lib.rs".into(),
                contents,
            });
        } else {
            files.push(OutFile {
                path: format!("src/{}", f.path),
                contents: f.contents,
            });
        }
    }
    let mut toml = comment(header, "#");
    toml.push_str(&format!(
        "[package]\nname = \"{crate_name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\nrust-version = \"1.85\"\npublish = false\n\n"
    ));
    // One feature per tag; `full` (all of them) is on by default, so adding the crate and
    // calling an operation just works, and `default-features = false` picks tags.
    toml.push_str("[features]\ndefault = [\"full\"]\n");
    toml.push_str(&super::features::manifest_lines(
        &Features::new(api, "crate"),
        &[],
    ));
    toml.push_str("\n[dependencies]\n");
    let mut lines: Vec<String> = Vec::new();
    let source = match form {
        RuntimeForm::Vendored => {
            files.extend(runtime::vendored_files(header, &spec_needs));
            for name in runtime::vendored_dependencies(&spec_needs) {
                lines.push(dependency_line(name)?.to_string());
            }
            None
        }
        RuntimeForm::Path(path) => Some(format!("path = {}", toml_string(path))),
        RuntimeForm::Version(version) => Some(format!("version = {}", toml_string(version))),
    };
    if let Some(source) = source {
        let features: Vec<&str> = spec_needs
            .iter()
            .filter(|n| n.uses_runtime_part())
            .map(|n| n.feature())
            .collect();
        toml.push_str(&runtime_dependency(&source, &features));
        toml.push('\n');
        let named = named_crates(None)
            .into_iter()
            .chain(spec_needs.iter().flat_map(|n| named_crates(Some(*n))));
        for name in named {
            lines.push(dependency_line(name)?.to_string());
        }
    }
    lines.sort();
    lines.dedup();
    for line in lines {
        toml.push_str(&line);
        toml.push('\n');
    }
    files.push(OutFile {
        path: "Cargo.toml".into(),
        contents: toml,
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
