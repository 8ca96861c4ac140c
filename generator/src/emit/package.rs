//! Whole crates: the runtime files, `lib.rs` and `Cargo.toml`, for the workspace's `generated/`
//! crate (one Cargo feature per provider) and for standalone crates (`cargo xtask generate`).
//!
//! The runtime (`generator/runtime/`) is copied in part by part: a crate gets the signers,
//! `Timestamp`, pagination and regex support only when a spec needs them, and so depends on
//! exactly the crates it uses.

use std::collections::BTreeSet;

use super::{comment, render_api, Options, OutFile};
use crate::diag::Diagnostic;
use crate::model::{Api, Prim, ResponseBody, SecurityKind, Ty, TypeKind};

/// A runtime file and what it needs.
struct Part {
    module: &'static str,
    source: &'static str,
    /// The need that pulls it in; `None`: always included.
    need: Option<Need>,
}

/// Optional runtime parts and dependencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need {
    /// Monri's `WP3-v2.1` signer.
    Monri,
    /// Rapyd's signature headers.
    Rapyd,
    /// `date-time` fields.
    Timestamp,
    /// `date` fields (chrono's `NaiveDate`).
    Date,
    /// `uuid` fields.
    Uuid,
    /// Limit/offset pagination streams.
    Paginate,
    /// Regex checks.
    Pattern,
}

const PARTS: &[Part] = &[
    Part {
        module: "enums",
        source: include_str!("../../runtime/enums.rs"),
        need: None,
    },
    Part {
        module: "error",
        source: include_str!("../../runtime/error.rs"),
        need: None,
    },
    Part {
        module: "monri",
        source: include_str!("../../runtime/monri.rs"),
        need: Some(Need::Monri),
    },
    Part {
        module: "nullable",
        source: include_str!("../../runtime/nullable.rs"),
        need: None,
    },
    Part {
        module: "object",
        source: include_str!("../../runtime/object.rs"),
        need: None,
    },
    Part {
        module: "paginate",
        source: include_str!("../../runtime/paginate.rs"),
        need: Some(Need::Paginate),
    },
    Part {
        module: "pattern",
        source: include_str!("../../runtime/pattern.rs"),
        need: Some(Need::Pattern),
    },
    Part {
        module: "rapyd",
        source: include_str!("../../runtime/rapyd.rs"),
        need: Some(Need::Rapyd),
    },
    Part {
        module: "secret",
        source: include_str!("../../runtime/secret.rs"),
        need: None,
    },
    Part {
        module: "sign",
        source: include_str!("../../runtime/sign.rs"),
        need: None,
    },
    Part {
        module: "timestamp",
        source: include_str!("../../runtime/timestamp.rs"),
        need: Some(Need::Timestamp),
    },
    Part {
        module: "transport",
        source: include_str!("../../runtime/transport.rs"),
        need: None,
    },
    Part {
        module: "validate",
        source: include_str!("../../runtime/validate.rs"),
        need: None,
    },
];

const RUNTIME_MOD: &str = include_str!("../../runtime/mod.rs");

/// `(crate name, Cargo.toml line, need)`: `None` means every crate needs it.
const DEPENDENCIES: &[(&str, &str, Option<Need>)] = &[
    ("base64", r#"base64 = "0.22""#, None),
    ("bytes", r#"bytes = "1""#, None),
    (
        "chrono",
        r#"chrono = { version = "0.4", default-features = false, features = ["std", "serde"] }"#,
        Some(Need::Timestamp),
    ),
    ("fastrand", r#"fastrand = "2""#, None),
    (
        "futures-util",
        r#"futures-util = { version = "0.3", default-features = false, features = ["std"] }"#,
        Some(Need::Paginate),
    ),
    ("hex", r#"hex = "0.4""#, Some(Need::Monri)),
    ("hmac", r#"hmac = "0.12""#, Some(Need::Rapyd)),
    ("percent-encoding", r#"percent-encoding = "2""#, None),
    ("regex", r#"regex = "1""#, Some(Need::Pattern)),
    (
        "reqwest",
        r#"reqwest = { version = "0.12", default-features = false, features = ["rustls-tls"] }"#,
        None,
    ),
    ("serde", r#"serde = "1""#, None),
    ("serde_json", r#"serde_json = "1""#, None),
    ("serde_urlencoded", r#"serde_urlencoded = "0.7""#, None),
    ("sha2", r#"sha2 = "0.10""#, Some(Need::Monri)),
    (
        "tokio",
        r#"tokio = { version = "1", features = ["time"] }"#,
        None,
    ),
    (
        "tracing",
        r#"tracing = { version = "0.1", default-features = false, features = ["std"] }"#,
        None,
    ),
    (
        "uuid",
        r#"uuid = { version = "1", features = ["serde"] }"#,
        Some(Need::Uuid),
    ),
];

/// Crates needed by more than one optional part.
fn extra_needs(dep: &str) -> &'static [Need] {
    match dep {
        "sha2" | "hex" => &[Need::Monri, Need::Rapyd],
        "chrono" => &[Need::Timestamp, Need::Date],
        _ => &[],
    }
}

fn dep_needed(dep: &str, need: Option<Need>, needs: &BTreeSet<Need>) -> bool {
    match need {
        None => true,
        Some(n) => needs.contains(&n) || extra_needs(dep).iter().any(|n| needs.contains(n)),
    }
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
)]\n";

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
    let has_pattern = |c: &crate::model::Constraints| {
        let mut c = Some(c);
        while let Some(x) = c {
            if x.pattern.is_some() {
                return true;
            }
            c = x.items.as_deref();
        }
        false
    };
    let mut pattern = false;
    for t in &api.types {
        match &t.kind {
            TypeKind::Struct(s) => {
                for f in &s.fields {
                    walk_ty(&f.ty, &mut needs);
                    pattern |= has_pattern(&f.constraints);
                }
                if let crate::model::Additional::Typed(ty) = &s.additional {
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
            pattern |= has_pattern(&p.constraints);
        }
        if let Some(b) = &op.body {
            walk_ty(&b.ty, &mut needs);
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
    if pattern {
        needs.insert(Need::Pattern);
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

/// The runtime's files. `gate(need)` gives the `#[cfg(…)]` for an optional part, or `None` to
/// leave the part out.
fn runtime_files(header: &str, gate: &dyn Fn(Need) -> Option<String>) -> Vec<OutFile> {
    let head = comment(header, "//");
    let mut files = Vec::new();
    let mut mod_rs = String::new();
    for line in RUNTIME_MOD.lines() {
        let part = line
            .strip_prefix("pub mod ")
            .or_else(|| line.strip_prefix("pub use "))
            .and_then(|rest| rest.split([';', ':']).next())
            .and_then(|m| PARTS.iter().find(|p| p.module == m));
        match part.and_then(|p| p.need) {
            Some(need) => {
                if let Some(cfg) = gate(need) {
                    mod_rs.push_str(&cfg);
                    mod_rs.push_str(line);
                    mod_rs.push('\n');
                }
            }
            None => {
                mod_rs.push_str(line);
                mod_rs.push('\n');
            }
        }
    }
    files.push(OutFile {
        path: "src/runtime/mod.rs".into(),
        contents: format!("{head}{mod_rs}"),
    });
    for p in PARTS {
        let included = match p.need {
            None => true,
            Some(n) => gate(n).is_some(),
        };
        if included {
            files.push(OutFile {
                path: format!("src/runtime/{}.rs", p.module),
                contents: format!("{head}{}", p.source),
            });
        }
    }
    files
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

/// The workspace's `generated/` crate: paths relative to the crate directory.
pub fn workspace_crate(
    specs: &[WorkspaceSpec<'_>],
    crate_header: &str,
    dev_dependencies: &str,
) -> Result<Vec<OutFile>, Diagnostic> {
    let mut files = Vec::new();
    let mut features_of: Vec<(Need, Vec<&str>)> = Vec::new();
    for s in specs {
        for n in needs(s.api) {
            match features_of.iter_mut().find(|(m, _)| *m == n) {
                Some((_, list)) => list.push(s.name),
                None => features_of.push((n, vec![s.name])),
            }
        }
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
    let gate = |need: Need| {
        let list = features_of
            .iter()
            .find(|(n, _)| *n == need)
            .map(|(_, l)| l.clone())
            .unwrap_or_default();
        if list.is_empty() {
            return None;
        }
        let feats = list
            .iter()
            .map(|f| format!("feature = \"{f}\""))
            .collect::<Vec<_>>();
        Some(match feats.as_slice() {
            [one] => format!("#[cfg({one})]\n"),
            _ => format!("#[cfg(any({}))]\n", feats.join(", ")),
        })
    };
    files.extend(runtime_files(crate_header, &gate));

    let head = comment(crate_header, "//");
    let mut lib = format!(
        "{head}//! Typed models and async clients for the payment APIs in `specs/`, one Cargo feature per\n//! provider. Every module here is generated; see the repository README.\n\n{ALLOWED_LINTS}\npub mod runtime;\n"
    );
    for s in specs {
        lib.push_str(&format!(
            "\n#[cfg(feature = \"{0}\")]\npub mod {0};\n",
            s.name
        ));
    }
    files.push(OutFile {
        path: "src/lib.rs".into(),
        contents: lib,
    });

    // Cargo.toml: the always-needed crates, and the optional ones behind the features that use them.
    let mut toml = comment(crate_header, "#");
    toml.push_str("[package]\nname = \"generated\"\nversion = \"0.1.0\"\nedition = \"2021\"\nrust-version = \"1.85\"\npublish = false\ndescription = \"Generated models and clients for the providers in specs/.\"\n\n[features]\n");
    let all: Vec<String> = specs.iter().map(|s| format!("\"{}\"", s.name)).collect();
    toml.push_str(&format!("full = [{}]\n", all.join(", ")));
    for s in specs {
        let spec_needs = needs(s.api);
        let deps: Vec<String> = DEPENDENCIES
            .iter()
            .filter(|(name, _, need)| need.is_some() && dep_needed(name, *need, &spec_needs))
            .map(|(name, _, _)| format!("\"dep:{name}\""))
            .collect();
        toml.push_str(&format!("{} = [{}]\n", s.name, deps.join(", ")));
    }
    toml.push_str("\n[dependencies]\n");
    let any_needs: BTreeSet<Need> = features_of.iter().map(|(n, _)| *n).collect();
    for (name, line, need) in DEPENDENCIES {
        if need.is_none() {
            toml.push_str(line);
            toml.push('\n');
        } else if dep_needed(name, *need, &any_needs) {
            toml.push_str(&optional(line));
            toml.push('\n');
        }
    }
    toml.push_str("\n[dev-dependencies]\n");
    toml.push_str(dev_dependencies);
    files.push(OutFile {
        path: "Cargo.toml".into(),
        contents: toml,
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
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

/// A standalone crate for one spec, with the default [`Options`]: paths relative to the crate
/// directory.
pub fn standalone_crate(
    crate_name: &str,
    api: &Api,
    header: &str,
) -> Result<Vec<OutFile>, Diagnostic> {
    standalone_crate_with(crate_name, api, header, &Options::default())
}

/// A standalone crate for one spec: paths relative to the crate directory.
pub fn standalone_crate_with(
    crate_name: &str,
    api: &Api,
    header: &str,
    options: &Options,
) -> Result<Vec<OutFile>, Diagnostic> {
    let spec_needs = needs(api);
    let mut files = Vec::new();
    for f in render_api(api, "crate", header, options)? {
        if f.path == "mod.rs" {
            let contents = f.contents.replacen(
                "\npub mod client;",
                &format!("\n{ALLOWED_LINTS}\npub mod runtime;\npub mod client;"),
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
    let gate = |need: Need| spec_needs.contains(&need).then(String::new);
    files.extend(runtime_files(header, &gate));
    let mut toml = comment(header, "#");
    toml.push_str(&format!(
        "[package]\nname = \"{crate_name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\nrust-version = \"1.85\"\npublish = false\n\n[dependencies]\n"
    ));
    for (name, line, need) in DEPENDENCIES {
        if dep_needed(name, *need, &spec_needs) {
            toml.push_str(line);
            toml.push('\n');
        }
    }
    files.push(OutFile {
        path: "Cargo.toml".into(),
        contents: toml,
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
