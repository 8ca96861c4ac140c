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
    let inputs: Vec<_> = paths
        .iter()
        .map(|p| generator::pipeline::WorkspaceInput {
            module: generator::model::to_field_name(
                p.file_stem().and_then(|s| s.to_str()).unwrap_or("x"),
            ),
            path: p.clone(),
            header: "fixture".into(),
        })
        .collect();
    let files = generator::Generator::new(generator::Settings {
        header: "fixture crate".into(),
        ..Default::default()
    })
    .generate_workspace(&inputs)
    .unwrap_or_else(|e| panic!("{e}"))
    .files;
    if let Err(e) = support::clippy_crate("fixture-crate", "fixture-crate", &files) {
        panic!("the fixtures' generated code does not compile cleanly:\n{e}");
    }
}
