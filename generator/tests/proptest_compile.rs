//! What generates, compiles: a fixed, seeded set of random documents from `specgen/` that the
//! generator accepts is generated into ONE crate (a module and feature each, like `generated/`)
//! under `target/`, and `cargo clippy --all-features -- -D warnings` runs on it.
//!
//! The draw is deterministic (proptest's deterministic runner), so the same specs are checked on
//! every run; `PROPTEST_COMPILE_SPECS=N` changes how many, `PROPTEST_COMPILE_SEED=S` draws a
//! different set (skipping the first S accepted documents), to look for new failures by hand.
//! Dependencies are shared with `fixtures_compile.rs` through `target/fixture-check`.

mod specgen;

use std::path::Path;
use std::process::Command;

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

#[test]
fn generated_specs_compile_without_warnings() {
    let wanted = env_number("PROPTEST_COMPILE_SPECS", 24);
    let skip = env_number("PROPTEST_COMPILE_SEED", 0);
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = manifest.parent().unwrap_or(manifest);
    let target = workspace.join("target");
    let out = target.join("proptest-crate");

    let mut runner = TestRunner::deterministic();
    let strategy = specgen::document();
    let mut accepted = Vec::new();
    let mut seen = 0usize;
    let mut drawn = 0usize;
    while accepted.len() < wanted {
        drawn += 1;
        assert!(
            drawn < wanted * 200,
            "only {} of {drawn} drawn documents generate",
            accepted.len()
        );
        let doc = strategy
            .new_tree(&mut runner)
            .unwrap_or_else(|e| panic!("{e}"))
            .current();
        let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        let Ok(loaded) = generator::load::load_str(&text, Path::new("proptest.json")) else {
            continue;
        };
        let Ok(api) = generator::model::build(&loaded.api) else {
            continue;
        };
        seen += 1;
        if seen <= skip {
            continue;
        }
        accepted.push((format!("spec_{:02}", accepted.len()), api, text));
    }

    let specs: Vec<_> = accepted
        .iter()
        .map(|(name, api, _)| generator::emit::package::WorkspaceSpec {
            name,
            api,
            header: "proptest".into(),
        })
        .collect();
    let files = generator::emit::package::workspace_crate(&specs, "proptest crate", "")
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_dir_all(out.join("src"));
    let _ = std::fs::remove_dir_all(out.join("specs"));
    for f in &files {
        let path = out.join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap_or(&out)).unwrap_or_else(|e| panic!("{e}"));
        let mut contents = f.contents.clone();
        if f.path == "Cargo.toml" {
            // Its own workspace, so the outer one does not claim it.
            contents = contents.replace("name = \"generated\"", "name = \"proptest-crate\"");
            contents.push_str("\n[workspace]\n");
        }
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("{e}"));
    }
    // The documents themselves, to reproduce a failure with `cargo xtask generate`.
    std::fs::create_dir_all(out.join("specs")).unwrap_or_else(|e| panic!("{e}"));
    for (name, _, text) in &accepted {
        std::fs::write(out.join("specs").join(format!("{name}.json")), text)
            .unwrap_or_else(|e| panic!("{e}"));
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
        "the generated code of {} random specs (in {}) does not compile cleanly:\n{}",
        accepted.len(),
        out.join("specs").display(),
        String::from_utf8_lossy(&output.stderr)
    );
}
