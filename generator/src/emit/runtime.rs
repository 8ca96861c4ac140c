//! The runtime crate (`generator/runtime/`, package `generator-runtime`) as the emitter sees it:
//! its manifest (the one place the runtime's dependency versions are written), the Cargo
//! feature behind each optional part, and its source vendored into a crate's `src/runtime/`.
//!
//! A vendored copy is the crate's `src/*.rs` with two rewrites: every `crate::` path (and so
//! every `$crate::` in the macros) gains `runtime::`, and the `#[macro_export]`ed macros become
//! `pub(crate)` macros re-exported by `src/runtime/mod.rs`, so the vendoring crate's public
//! surface is only `runtime::…`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use super::{comment, OutFile};

/// The runtime crate's package name (a generated crate's dependency line).
pub const PACKAGE: &str = "generator-runtime";

/// The runtime crate's library name (a generated crate's `pub use … as runtime;`).
pub const LIBRARY: &str = "generator_runtime";

/// The runtime crate's manifest, compiled in.
pub const MANIFEST: &str = include_str!("../../runtime/Cargo.toml");

const LIB_RS: &str = include_str!("../../runtime/src/lib.rs");

/// Optional runtime parts and dependencies, each one Cargo feature of the runtime crate.
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
    /// ECMA-262 regex checks (`regress`) for patterns `regex` refuses.
    PatternEcma,
}

impl Need {
    /// Every need, in order.
    pub const ALL: [Need; 8] = [
        Need::Monri,
        Need::Rapyd,
        Need::Timestamp,
        Need::Date,
        Need::Uuid,
        Need::Paginate,
        Need::Pattern,
        Need::PatternEcma,
    ];

    /// The runtime crate's Cargo feature for it.
    pub fn feature(self) -> &'static str {
        match self {
            Need::Monri => "signer-monri",
            Need::Rapyd => "signer-rapyd",
            Need::Timestamp => "timestamp",
            Need::Date => "date",
            Need::Uuid => "uuid",
            Need::Paginate => "paginate",
            Need::Pattern => "pattern",
            Need::PatternEcma => "pattern-ecma",
        }
    }

    /// Whether generated code calls a runtime part behind this feature (`Date` and `Uuid` only
    /// name `chrono` and `uuid` themselves).
    pub fn uses_runtime_part(self) -> bool {
        !matches!(self, Need::Date | Need::Uuid)
    }

    /// The crate generated code names itself (`::regex::Regex`, …) when it has this need.
    fn named_crate(self) -> Option<&'static str> {
        match self {
            Need::Date => Some("chrono"),
            Need::Uuid => Some("uuid"),
            Need::Paginate => Some("futures-util"),
            Need::Pattern => Some("regex"),
            Need::PatternEcma => Some("regress"),
            Need::Monri | Need::Rapyd | Need::Timestamp => None,
        }
    }
}

/// Crates every generated crate names itself (`::serde::Serialize`, `::serde_json::Value`,
/// `::reqwest::Method`), whichever runtime form it uses.
const ALWAYS_NAMED: &[&str] = &["reqwest", "serde", "serde_json"];

/// A runtime source file.
struct Part {
    module: &'static str,
    source: &'static str,
}

const PARTS: &[Part] = &[
    Part {
        module: "body",
        source: include_str!("../../runtime/src/body.rs"),
    },
    Part {
        module: "enums",
        source: include_str!("../../runtime/src/enums.rs"),
    },
    Part {
        module: "error",
        source: include_str!("../../runtime/src/error.rs"),
    },
    Part {
        module: "format",
        source: include_str!("../../runtime/src/format.rs"),
    },
    Part {
        module: "hook",
        source: include_str!("../../runtime/src/hook.rs"),
    },
    Part {
        module: "monri",
        source: include_str!("../../runtime/src/monri.rs"),
    },
    Part {
        module: "nullable",
        source: include_str!("../../runtime/src/nullable.rs"),
    },
    Part {
        module: "object",
        source: include_str!("../../runtime/src/object.rs"),
    },
    Part {
        module: "paginate",
        source: include_str!("../../runtime/src/paginate.rs"),
    },
    Part {
        module: "pattern",
        source: include_str!("../../runtime/src/pattern.rs"),
    },
    Part {
        module: "pattern_ecma",
        source: include_str!("../../runtime/src/pattern_ecma.rs"),
    },
    Part {
        module: "rapyd",
        source: include_str!("../../runtime/src/rapyd.rs"),
    },
    Part {
        module: "secret",
        source: include_str!("../../runtime/src/secret.rs"),
    },
    Part {
        module: "sign",
        source: include_str!("../../runtime/src/sign.rs"),
    },
    Part {
        module: "timestamp",
        source: include_str!("../../runtime/src/timestamp.rs"),
    },
    Part {
        module: "transport",
        source: include_str!("../../runtime/src/transport.rs"),
    },
    Part {
        module: "validate",
        source: include_str!("../../runtime/src/validate.rs"),
    },
];

/// What the emitter reads from the runtime crate's manifest.
struct Manifest {
    /// `[dependencies]`: crate name → its entry, as one TOML line without `optional = true`.
    dependencies: BTreeMap<String, Dependency>,
    /// `[features]`: feature → the optional crates (`dep:x`) it turns on.
    feature_crates: BTreeMap<String, Vec<String>>,
}

struct Dependency {
    /// `name = …` as a standalone crate writes it.
    line: String,
    optional: bool,
}

/// The manifest, parsed once. It is compiled in and tested, so a parse failure is a bug in this
/// repository; it is reported as an empty table the tests catch, never as a panic.
fn manifest() -> &'static Manifest {
    static PARSED: OnceLock<Manifest> = OnceLock::new();
    PARSED.get_or_init(|| {
        parse_manifest(MANIFEST).unwrap_or_else(|_| Manifest {
            dependencies: BTreeMap::new(),
            feature_crates: BTreeMap::new(),
        })
    })
}

fn parse_manifest(text: &str) -> Result<Manifest, String> {
    let table: toml::Table = text.parse().map_err(|e| format!("{e}"))?;
    let mut dependencies = BTreeMap::new();
    let deps = table
        .get("dependencies")
        .and_then(toml::Value::as_table)
        .ok_or("no [dependencies]")?;
    for (name, value) in deps {
        let (spec, optional) = match value {
            toml::Value::Table(entry) => {
                let optional = entry.get("optional").and_then(toml::Value::as_bool) == Some(true);
                let fields: Vec<String> = entry
                    .iter()
                    .filter(|(key, _)| key.as_str() != "optional")
                    .map(|(key, v)| format!("{key} = {v}"))
                    .collect();
                let spec = match (fields.as_slice(), entry.get("version")) {
                    ([_], Some(version)) => version.to_string(),
                    _ => format!("{{ {} }}", fields.join(", ")),
                };
                (spec, optional)
            }
            other => (other.to_string(), false),
        };
        dependencies.insert(
            name.clone(),
            Dependency {
                line: format!("{name} = {spec}"),
                optional,
            },
        );
    }
    let mut feature_crates = BTreeMap::new();
    if let Some(features) = table.get("features").and_then(toml::Value::as_table) {
        for (feature, list) in features {
            let crates = list
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str()?.strip_prefix("dep:").map(str::to_string))
                .collect();
            feature_crates.insert(feature.clone(), crates);
        }
    }
    Ok(Manifest {
        dependencies,
        feature_crates,
    })
}

/// The `[dependencies]` line of `name` as the runtime's manifest writes it (without
/// `optional = true`), or `None` for a crate it does not list.
pub fn dependency_line(name: &str) -> Option<&'static str> {
    manifest().dependencies.get(name).map(|d| d.line.as_str())
}

/// The optional crates the runtime parts behind `need` use.
fn crates_of(need: Need) -> &'static [String] {
    manifest()
        .feature_crates
        .get(need.feature())
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// The crates a crate with a vendored runtime depends on: the runtime's always-needed crates and
/// those of the parts `needs` pulls in (in name order).
pub fn vendored_dependencies(needs: &BTreeSet<Need>) -> Vec<&'static str> {
    let optional: BTreeSet<&str> = needs
        .iter()
        .flat_map(|n| crates_of(*n))
        .map(String::as_str)
        .collect();
    manifest()
        .dependencies
        .iter()
        .filter(|(name, d)| !d.optional || optional.contains(name.as_str()))
        .map(|(name, _)| name.as_str())
        .collect()
}

/// The crates generated code names itself when it has `need` (`None`: every crate does).
pub fn named_crates(need: Option<Need>) -> Vec<&'static str> {
    match need {
        None => ALWAYS_NAMED.to_vec(),
        Some(n) => n.named_crate().into_iter().collect(),
    }
}

/// The feature each optional part's `pub mod` sits behind in `lib.rs`.
fn part_features() -> BTreeMap<&'static str, &'static str> {
    let mut features = BTreeMap::new();
    let mut pending: Option<&str> = None;
    for line in LIB_RS.lines() {
        if let Some(feature) = line
            .strip_prefix("#[cfg(feature = \"")
            .and_then(|rest| rest.strip_suffix("\")]"))
        {
            pending = Some(feature);
            continue;
        }
        if let (Some(feature), Some(module)) = (
            pending.take(),
            line.strip_prefix("pub mod ")
                .and_then(|m| m.strip_suffix(';')),
        ) {
            features.insert(module, feature);
        }
    }
    features
}

/// The lines of `lib.rs`, with a `pub use` that rustfmt spread over several lines joined into
/// one (`pub use x::{\n    a,\n    b,\n};` → `pub use x::{ a, b, };`), so that a part's
/// re-export is kept or left out whole.
fn lib_statements() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in LIB_RS.lines() {
        match out.last_mut() {
            Some(last) if open => {
                last.push(' ');
                last.push_str(line.trim());
            }
            _ => out.push(line.to_string()),
        }
        if let Some(last) = out.last() {
            open = last.starts_with("pub use ") && !last.trim_end().ends_with(';');
        }
    }
    out
}

/// `crate::` → `crate::runtime::` (and so `$crate::` → `$crate::runtime::`), leaving paths that
/// already say `crate::runtime::` (prose about generated code) and longer identifiers alone.
fn vendor_paths(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + 1024);
    let mut rest = source;
    while let Some(at) = rest.find("crate::") {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        out.push_str("crate::");
        let after = &after["crate::".len()..];
        let joined = before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        if !joined && !after.starts_with("runtime::") {
            out.push_str("runtime::");
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Doc examples become plain text: they name `generator_runtime`, which a vendored copy is not,
/// and they are tested where they live (the runtime crate's doc tests).
fn doc_examples_as_text(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut inside = false;
    for line in source.split_inclusive('\n') {
        let doc = line.trim_start();
        let fence = doc
            .strip_prefix("///")
            .or_else(|| doc.strip_prefix("//!"))
            .map(str::trim)
            .filter(|rest| rest.starts_with("```"));
        match fence {
            Some(rest) if !inside => {
                inside = true;
                if is_rust_fence(rest) {
                    out.push_str(&line.replacen(rest, "```text", 1));
                    continue;
                }
            }
            Some(_) => inside = false,
            None => {}
        }
        out.push_str(line);
    }
    out
}

/// Whether a code fence (` ```info `) opens a block rustdoc tests: no info string, or only
/// rustdoc's attributes (`rust`, `no_run`, `compile_fail`, an error code, …).
fn is_rust_fence(fence: &str) -> bool {
    let info = fence.trim_start_matches('`').trim();
    info.is_empty()
        || info.split(',').map(str::trim).all(|a| {
            matches!(
                a,
                "rust" | "no_run" | "compile_fail" | "should_panic" | "ignore"
            ) || a.starts_with("edition")
                || (a.len() == 5
                    && a.starts_with('E')
                    && a[1..].bytes().all(|b| b.is_ascii_digit()))
        })
}

/// The parts that define `#[macro_export]`ed macros, and the macros: a vendored copy keeps
/// them crate-private (`pub(crate) use`).
const MACRO_PARTS: &[(&str, &str)] = &[
    ("object", "{json_object, json_union}"),
    ("enums", "string_enum"),
];

const VENDORED_DOC: &str = "//! The runtime that generated clients and models call, always by full path `crate::runtime::…`:
//! the parts of the `generator-runtime` crate this crate needs, copied by the generator.
";

/// The runtime vendored into `src/runtime/`: the parts every crate needs and those `needs` pulls
/// in, each file under `header`.
pub fn vendored_files(header: &str, needs: &BTreeSet<Need>) -> Vec<OutFile> {
    let head = comment(header, "//");
    let features = part_features();
    let wanted: BTreeSet<&str> = needs.iter().map(|n| n.feature()).collect();
    let included = |module: &str| features.get(module).is_none_or(|f| wanted.contains(f));
    let mut mod_rs = format!("{head}{VENDORED_DOC}");
    let mut gated = false;
    for line in lib_statements() {
        let line = line.as_str();
        if line.starts_with("//!") || line.starts_with("#![") {
            continue;
        }
        if line.starts_with("#[cfg(feature = ") {
            gated = true;
            continue;
        }
        let was_gated = std::mem::replace(&mut gated, false);
        let module = line
            .strip_prefix("pub mod ")
            .or_else(|| line.strip_prefix("pub use "))
            .and_then(|rest| rest.split([';', ':']).next());
        let keep = match module {
            // Re-exports of foreign crates (`pub use ::uuid;`) are for dependents only.
            Some("") => false,
            Some(m) => !was_gated || included(m),
            // Their `#[doc]` lines and comments.
            None => !was_gated && !line.starts_with("#[doc") && !line.starts_with("///"),
        };
        if keep {
            mod_rs.push_str(line);
            mod_rs.push('\n');
        }
    }
    let mut mod_rs = format!("{}\n", mod_rs.trim_end());
    for (module, macros) in MACRO_PARTS {
        // `src/runtime/mod.rs` re-exports the macros, crate-private.
        mod_rs.push_str(&format!(
            "#[allow(unused_imports)] // a spec may not use them\npub(crate) use {module}::{macros};\n"
        ));
    }
    let mut files = vec![OutFile {
        path: "src/runtime/mod.rs".into(),
        contents: mod_rs,
    }];
    for part in PARTS.iter().filter(|p| included(p.module)) {
        let mut source = doc_examples_as_text(&vendor_paths(part.source));
        if let Some((_, macros)) = MACRO_PARTS.iter().find(|(m, _)| *m == part.module) {
            source = source.replace(
                "#[macro_export]\n",
                "#[allow(unused_macros)] // a spec may not use it\n",
            );
            source.push_str(&format!("\npub(crate) use {macros};\n"));
        }
        files.push(OutFile {
            path: format!("src/runtime/{}.rs", part.module),
            contents: format!("{head}{source}"),
        });
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The manifest parses, lists every crate the runtime uses, and has a feature per need.
    #[test]
    fn the_manifest_is_read() {
        parse_manifest(MANIFEST).unwrap_or_else(|e| panic!("generator/runtime/Cargo.toml: {e}"));
        for need in Need::ALL {
            assert!(
                manifest().feature_crates.contains_key(need.feature()),
                "no feature `{}`",
                need.feature()
            );
            if let Some(name) = need.named_crate() {
                assert!(dependency_line(name).is_some(), "{name}");
            }
        }
        for name in ALWAYS_NAMED {
            assert!(dependency_line(name).is_some(), "{name}");
        }
    }

    /// Every part file is in `lib.rs`, and each optional part sits behind a need's feature.
    #[test]
    fn parts_and_features_agree() {
        let features = part_features();
        for part in PARTS {
            assert!(
                LIB_RS.contains(&format!("\npub mod {};\n", part.module)),
                "{}",
                part.module
            );
        }
        for (module, feature) in &features {
            assert!(
                Need::ALL.iter().any(|n| n.feature() == *feature),
                "{module} sits behind `{feature}`, which no need turns on"
            );
        }
        assert_eq!(features.get("monri"), Some(&"signer-monri"));
        assert_eq!(features.get("transport"), None);
    }

    /// A vendored `mod.rs` declares exactly the parts copied, re-exports no foreign crate, and
    /// keeps the macros crate-private.
    #[test]
    fn vendored_mod_rs_matches_the_parts_copied() {
        for needs in [BTreeSet::new(), Need::ALL.into_iter().collect()] {
            let files = vendored_files("h", &needs);
            let mod_rs = &files[0].contents;
            for part in PARTS {
                let copied = files
                    .iter()
                    .any(|f| f.path == format!("src/runtime/{}.rs", part.module));
                let declared = mod_rs.contains(&format!("\npub mod {};\n", part.module));
                assert_eq!(copied, declared, "{}: {mod_rs}", part.module);
            }
            assert_eq!(files.len(), if needs.is_empty() { 12 } else { 18 });
            assert!(
                !mod_rs.contains("cfg(") && !mod_rs.contains("pub use ::"),
                "{mod_rs}"
            );
            // A re-export spread over several lines is kept or left out whole.
            let opened = mod_rs.matches('{').count();
            assert_eq!(opened, mod_rs.matches('}').count(), "{mod_rs}");
            assert!(
                mod_rs.ends_with("pub(crate) use object::{json_object, json_union};\n#[allow(unused_imports)] // a spec may not use them\npub(crate) use enums::string_enum;\n"),
                "{mod_rs}"
            );
            let object = files.iter().find(|f| f.path == "src/runtime/object.rs");
            let object = object.map(|f| f.contents.as_str()).unwrap_or_default();
            assert!(!object.contains("#[macro_export]"));
            assert!(object.contains("$crate::runtime::json_object! { @object $name both;"));
            assert!(object.contains("$crate::runtime::object::$entries::$kind($wire,"));
            let enums = files.iter().find(|f| f.path == "src/runtime/enums.rs");
            let enums = enums.map(|f| f.contents.as_str()).unwrap_or_default();
            assert!(!enums.contains("#[macro_export]"));
            assert!(enums.contains("$crate::runtime::string_enum! { @enum $name;"));
            assert!(enums.ends_with("pub(crate) use string_enum;\n"));
        }
    }

    #[test]
    fn vendored_doc_examples_are_text() {
        let source = "/// A.\n///\n/// ```\n/// let x = 1;\n/// ```\n/// ```text\n/// t\n/// ```\nfn f() {}\n";
        assert_eq!(
            super::doc_examples_as_text(source),
            "/// A.\n///\n/// ```text\n/// let x = 1;\n/// ```\n/// ```text\n/// t\n/// ```\nfn f() {}\n"
        );
        // Every block rustdoc would test, whatever its attributes; other languages stay.
        let source = "/// ```compile_fail,E0027\n/// x\n/// ```\n/// ```rust,no_run\n/// y\n/// ```\n/// ```toml\n/// z = 1\n/// ```\n";
        assert_eq!(
            super::doc_examples_as_text(source),
            "/// ```text\n/// x\n/// ```\n/// ```text\n/// y\n/// ```\n/// ```toml\n/// z = 1\n/// ```\n"
        );
    }

    #[test]
    fn vendored_paths_gain_runtime() {
        assert_eq!(
            vendor_paths("use crate::sign::Signer; $crate::object::put; crate::runtime::X; subcrate::y"),
            "use crate::runtime::sign::Signer; $crate::runtime::object::put; crate::runtime::X; subcrate::y"
        );
    }
}
