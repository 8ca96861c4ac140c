//! The fixture specs' generated code compiles with zero warnings and passes clippy: all of them
//! are generated into one crate (a feature each, like `generated/`) under `target/`, and
//! `cargo clippy --all-features -- -D warnings` runs on it.

use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn fixtures_compile_without_warnings() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = manifest.parent().unwrap_or(manifest);
    let target = workspace.join("target");
    let out = target.join("fixture-crate");
    let fixtures = manifest.join("tests/fixtures");
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
    let files = generator::emit::package::workspace_crate(&specs, "fixture crate", "")
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_dir_all(out.join("src"));
    for f in &files {
        let path = out.join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap_or(&out)).unwrap_or_else(|e| panic!("{e}"));
        let mut contents = f.contents.clone();
        if f.path == "Cargo.toml" {
            // Its own workspace, so the outer one does not claim it.
            contents = contents.replace("name = \"generated\"", "name = \"fixture-crate\"");
            contents.push_str("\n[workspace]\n");
        }
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("{e}"));
    }
    // Resolve the same versions as the workspace.
    let _ = std::fs::copy(workspace.join("Cargo.lock"), out.join("Cargo.lock"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "clippy",
            "--quiet",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", target.join("fixture-check"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    assert!(
        output.status.success(),
        "the fixtures' generated code does not compile cleanly:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
