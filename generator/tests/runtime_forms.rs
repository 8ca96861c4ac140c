//! The two forms a generated crate gets its runtime in: a vendored copy, whose `[dependencies]`
//! are written from the runtime crate's manifest (the one source of versions), and a dependency
//! on the `generator-runtime` crate with exactly the features the code uses.

use std::collections::BTreeSet;
use std::path::Path;

use generator::emit::package::{standalone_crate_for, RuntimeForm};
use generator::emit::{runtime, Options, OutFile};

fn model(spec: &str) -> generator::model::Api {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(spec);
    let doc = generator::load::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
    generator::model::build(&doc.api).unwrap_or_else(|e| panic!("{e:?}"))
}

fn file<'a>(files: &'a [OutFile], path: &str) -> &'a str {
    files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("no {path}"))
}

fn table(text: &str, key: &str) -> toml::Table {
    let parsed: toml::Table = text.parse().unwrap_or_else(|e| panic!("{e}\n{text}"));
    parsed
        .get(key)
        .and_then(toml::Value::as_table)
        .cloned()
        .unwrap_or_else(|| panic!("no [{key}] in\n{text}"))
}

/// The runtime crate's manifest entry for `name`, as a standalone crate must write it.
fn manifest_entry(name: &str) -> toml::Value {
    let deps = table(runtime::MANIFEST, "dependencies");
    let entry = deps
        .get(name)
        .cloned()
        .unwrap_or_else(|| panic!("generator/runtime/Cargo.toml does not list {name}"));
    match entry {
        toml::Value::Table(mut t) => {
            t.remove("optional");
            match (t.len(), t.get("version")) {
                (1, Some(version)) => version.clone(),
                _ => toml::Value::Table(t),
            }
        }
        other => other,
    }
}

/// Every dependency a vendored crate writes is the runtime manifest's entry (without
/// `optional`), and the crates are the manifest's always-needed ones plus the `dep:` entries of
/// the features the spec needs.
#[test]
fn a_vendored_crate_writes_the_runtime_manifests_dependencies() {
    let features = table(runtime::MANIFEST, "features");
    let deps = table(runtime::MANIFEST, "dependencies");
    for spec in [
        "specs/monri.yaml",
        "specs/rapyd.yaml",
        "specs/payarc.yaml",
        "specs/paycross.yaml",
    ] {
        let api = model(spec);
        let files =
            standalone_crate_for("x", &api, "h", &Options::default(), &RuntimeForm::Vendored)
                .unwrap_or_else(|e| panic!("{e}"));
        let written = table(file(&files, "Cargo.toml"), "dependencies");
        for (name, value) in &written {
            assert_eq!(value, &manifest_entry(name), "{spec}: {name}");
        }
        let mut expected: BTreeSet<String> = deps
            .iter()
            .filter(|(_, v)| v.get("optional").and_then(toml::Value::as_bool) != Some(true))
            .map(|(k, _)| k.clone())
            .collect();
        for need in generator::emit::package::needs(&api) {
            let list = features
                .get(need.feature())
                .and_then(toml::Value::as_array)
                .unwrap_or_else(|| panic!("no feature {}", need.feature()));
            expected.extend(
                list.iter()
                    .filter_map(|v| v.as_str()?.strip_prefix("dep:").map(str::to_string)),
            );
        }
        let names: BTreeSet<String> = written.keys().cloned().collect();
        assert_eq!(names, expected, "{spec}");
        assert!(file(&files, "src/lib.rs").contains("\npub mod runtime;\n"));
        assert!(files.iter().any(|f| f.path == "src/runtime/transport.rs"));
    }
}

/// A crate that depends on the runtime crate turns on the features of the parts its code calls,
/// depends on the crates its code names (at the manifest's versions), and has no runtime copy.
#[test]
fn a_dependent_crate_turns_on_the_features_its_code_uses() {
    let api = model("specs/monri.yaml");
    let files = standalone_crate_for(
        "monri-client",
        &api,
        "h",
        &Options::default(),
        &RuntimeForm::Version("0.1".into()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(!files.iter().any(|f| f.path.starts_with("src/runtime/")));
    assert!(file(&files, "src/lib.rs").contains("\npub use generator_runtime as runtime;\n"));
    let written = table(file(&files, "Cargo.toml"), "dependencies");
    let runtime_dep = written
        .get(runtime::PACKAGE)
        .unwrap_or_else(|| panic!("no {} dependency", runtime::PACKAGE));
    assert_eq!(
        runtime_dep.get("version").and_then(toml::Value::as_str),
        Some("0.1")
    );
    let features: Vec<&str> = runtime_dep
        .get("features")
        .and_then(toml::Value::as_array)
        .map(|a| a.iter().filter_map(toml::Value::as_str).collect())
        .unwrap_or_default();
    assert_eq!(
        features,
        ["signer-monri", "timestamp", "paginate", "pattern"],
        "Monri's spec signs, has date-times (read by the runtime's timestamp), paginates and has patterns"
    );
    let names: Vec<&str> = written.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "generator-runtime",
            "futures-util",
            "regex",
            "reqwest",
            "serde",
            "serde_json",
            "uuid"
        ]
    );
    for (name, value) in written.iter().filter(|(k, _)| *k != runtime::PACKAGE) {
        assert_eq!(value, &manifest_entry(name), "{name}");
    }
}
