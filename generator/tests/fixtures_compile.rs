//! The fixture specs' generated code compiles with zero warnings and passes clippy: all of them
//! are generated into one crate (a feature each, like `generated/`) under `target/`, and
//! `cargo clippy --all-features -- -D warnings` runs on it.

mod support;

use std::path::PathBuf;

#[test]
fn fixtures_compile_without_warnings() {
    let fixtures = support::workspace().join("generator/tests/fixtures");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    let mut models = Vec::new();
    for p in &paths {
        let doc = generator::load::load_file(p).unwrap_or_else(|e| panic!("{e}"));
        let api = generator::model::build(&doc.api).unwrap_or_else(|e| panic!("{e:?}"));
        let name =
            generator::model::to_field_name(p.file_stem().and_then(|s| s.to_str()).unwrap_or("x"));
        models.push((name, api));
    }
    let specs: Vec<_> = models
        .iter()
        .map(|(name, api)| generator::emit::package::WorkspaceSpec {
            name,
            api,
            header: "fixture".into(),
        })
        .collect();
    let files = generator::emit::package::workspace_crate(
        &specs,
        "fixture crate",
        &support::runtime_path(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    if let Err(e) = support::clippy_crate("fixture-crate", "fixture-crate", &files) {
        panic!("the fixtures' generated code does not compile cleanly:\n{e}");
    }
}
