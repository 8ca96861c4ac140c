//! What generates, compiles: a fixed, seeded set of random documents from `specgen/` that the
//! generator accepts is generated into ONE crate (a module and feature each, like `generated/`)
//! under `target/`, and `cargo clippy --all-features -- -D warnings` runs on it.
//!
//! The draw is deterministic (proptest's deterministic runner), so the same specs are checked on
//! every run; `PROPTEST_COMPILE_SPECS=N` changes how many, `PROPTEST_COMPILE_SEED=S` draws a
//! different set (skipping the first S accepted documents), to look for new failures by hand.
//! Dependencies are shared with `fixtures_compile.rs` through `target/fixture-check`.

mod specgen;
mod support;

use std::path::Path;

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
    let out = support::workspace().join("target/proptest-crate");

    let generator = generator::Generator::new(generator::Settings {
        header: "proptest crate".into(),
        runtime: generator::emit::package::RuntimeForm::Path(support::runtime_path()),
        ..Default::default()
    });
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
        if generator
            .model_str(&text, Path::new("proptest.json"))
            .is_err()
        {
            continue;
        }
        seen += 1;
        if seen <= skip {
            continue;
        }
        accepted.push((format!("spec_{:02}", accepted.len()), text));
    }

    // The documents themselves, generated from their files (and kept there to reproduce a
    // failure with `cargo xtask generate`).
    let _ = std::fs::remove_dir_all(out.join("specs"));
    std::fs::create_dir_all(out.join("specs")).unwrap_or_else(|e| panic!("{e}"));
    let mut inputs = Vec::new();
    for (name, text) in &accepted {
        let path = out.join("specs").join(format!("{name}.json"));
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        inputs.push(generator::pipeline::WorkspaceInput {
            module: name.clone(),
            path,
            header: "proptest".into(),
        });
    }
    let files = generator
        .generate_workspace(&inputs)
        .unwrap_or_else(|e| panic!("{e}"))
        .files;
    if let Err(e) = support::clippy_crate("proptest-crate", "proptest-crate", &files) {
        panic!(
            "the generated code of {} random specs (in {}) does not compile cleanly:\n{e}",
            accepted.len(),
            out.join("specs").display()
        );
    }
}
