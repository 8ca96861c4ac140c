//! GitHub's official REST description (npm `@octokit/openapi`, pinned in `package.json`:
//! `generated/api.github.com.json`, 13 MB, ~1,200 operations) generates a standalone crate that
//! passes `cargo clippy -- -D warnings`: zero errors and zero warnings, emitted both the default
//! way and `--lean`; and a sample of its per-tag features compiles cleanly alone.
//!
//! The test does not install the pinned npm package: `cargo xtask ci` does, and by hand
//! `npm ci --no-audit --no-fund` at the workspace root; without it the test fails saying so.
//! The crate is written under `target/github-crate` and checked with
//! `CARGO_TARGET_DIR=target/fixture-check`, sharing its dependencies with the fixture compile
//! test.

mod support;
#[path = "support/surface_items.rs"]
mod surface_items;

use std::path::{Path, PathBuf};

fn spec(workspace: &Path) -> PathBuf {
    if let Ok(p) = std::env::var("GITHUB_OPENAPI_SPEC") {
        return PathBuf::from(p);
    }
    let path = workspace.join("node_modules/@octokit/openapi/generated/api.github.com.json");
    assert!(
        path.exists(),
        "{} is missing: run `npm ci --no-audit --no-fund` in {} once (or `cargo xtask ci`, which \
         installs the pinned npm tools before it tests)",
        path.display(),
        workspace.display()
    );
    path
}

#[test]
fn github_rest_api_generates_crates_that_compile_cleanly() {
    let workspace = support::workspace();
    let spec = spec(&workspace);
    // The surface lists exactly the public items emitted (types split into `types/` files here).
    let modelled = generator::Generator::new(generator::Settings::default())
        .model(&spec)
        .unwrap_or_else(|e| panic!("{e}"));
    let items = surface_items::check_api(&modelled.api, &spec, "crate");
    assert!(items > 10_000, "only {items} public items");
    // Both ways of emitting: serde both ways on every type (the default), and `--lean`.
    for (dir, lean) in [("github-crate", false), ("github-crate-lean", true)] {
        let output = generator::Generator::new(generator::Settings {
            crate_name: Some("github-rest".into()),
            header: "Generated from GitHub's REST description by the github test.".into(),
            emit: generator::emit::Options { lean },
            ..Default::default()
        })
        .generate(&spec)
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            output.api.operations.len() > 1000,
            "only {} operations",
            output.api.operations.len()
        );
        let files = output.files;
        if let Err(e) = support::clippy_crate(dir, "github-rest", &files) {
            panic!("GitHub's crate ({dir}) does not compile cleanly:\n{e}");
        }
    }
}

/// A sample of GitHub's per-tag features compiles cleanly alone (`cargo clippy
/// --no-default-features --features <tag> -- -D warnings`): `issues` (a large tag sharing many
/// types with others), `meta` (a small one) and `webhooks` (the 272 events of its `x-webhooks`).
/// `full` is the test above (`--all-features`).
#[test]
fn github_tag_features_alone_compile_cleanly() {
    let workspace = support::workspace();
    let spec = spec(&workspace);
    let output = generator::Generator::new(generator::Settings {
        crate_name: Some("github-rest".into()),
        header: "Generated from GitHub's REST description by the github test.".into(),
        ..Default::default()
    })
    .generate(&spec)
    .unwrap_or_else(|e| panic!("{e}"));
    let dir = "github-crate-tags";
    let out = support::write_crate(dir, "github-rest", &output.files, "")
        .unwrap_or_else(|e| panic!("{e}"));
    for tag in ["issues", "meta", "webhooks"] {
        let args = [
            "clippy",
            "--quiet",
            "--no-default-features",
            "--features",
            tag,
            "--",
            "-D",
            "warnings",
        ];
        let result = support::cargo(&out, &args).unwrap_or_else(|e| panic!("{e}"));
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(
            result.status.success() && !stderr.contains("warning:"),
            "GitHub's `{tag}` feature alone does not compile cleanly:\n{}",
            stderr.chars().take(20_000).collect::<String>()
        );
    }
}
