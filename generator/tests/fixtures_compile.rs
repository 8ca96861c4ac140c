//! The fixture specs' generated code compiles with zero warnings and passes clippy: all of them
//! are generated into one crate (a feature each, like `generated/`) under `target/`, and
//! `cargo clippy --all-features -- -D warnings` runs on it. That crate depends on the runtime
//! crate, as `generated/` does; a second test compiles one standalone crate in each runtime form.

mod support;

use std::path::PathBuf;

#[test]
fn fixtures_compile_without_warnings() {
    clippy_fixtures("fixture-crate", false);
}

/// Under `--lean` each type implements only the directions it travels in, so a type the
/// fixtures send (a multipart part too) that lacked `Serialize` would not compile.
#[test]
fn fixtures_compile_without_warnings_when_lean() {
    clippy_fixtures("fixture-crate-lean", true);
}

/// Generates every fixture into one crate (a module and a feature each) under `target/dir` and
/// runs `cargo clippy --all-features -- -D warnings` on it.
fn clippy_fixtures(dir: &str, lean: bool) {
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
    if let Err(e) = support::clippy_workspace_crate(dir, "fixture crate", &inputs, lean) {
        panic!("the fixtures' generated code ({dir}) does not compile cleanly:\n{e}");
    }
}

/// A standalone crate compiles cleanly in both runtime forms: Monri's spec (a signer,
/// date-times, dates, uuids, pagination, patterns) with the runtime vendored into `src/runtime/`,
/// and Rapyd's (the other signer) depending on the `generator-runtime` crate by path with the
/// features its code uses.
#[test]
fn standalone_crates_compile_in_both_runtime_forms() {
    use generator::emit::package::{standalone_crate_for, RuntimeForm};
    let forms = [
        ("monri", "vendored-crate", RuntimeForm::Vendored),
        (
            "rapyd",
            "dependent-crate",
            RuntimeForm::Path(support::runtime_path()),
        ),
    ];
    for (spec, dir, form) in forms {
        let path = support::workspace().join(format!("specs/{spec}.yaml"));
        let doc = generator::load::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
        let api = generator::model::build(&doc.api).unwrap_or_else(|e| panic!("{e:?}"));
        let files = standalone_crate_for(dir, &api, "standalone", &Default::default(), &form)
            .unwrap_or_else(|e| panic!("{e}"));
        if let Err(e) = support::clippy_crate(dir, dir, &files) {
            panic!("{spec} ({form:?}) does not compile cleanly:\n{e}");
        }
    }
}
