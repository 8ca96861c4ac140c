//! GitHub's official REST description (npm `@octokit/openapi`, pinned in `package.json`:
//! `generated/api.github.com.json`, 13 MB, ~1,200 operations) generates a standalone crate that
//! passes `cargo clippy -- -D warnings`: zero errors and zero warnings, emitted both the default
//! way and `--lean`.
//!
//! The test installs the pinned npm package itself (`npm ci`) when it is missing. The crate is
//! written under `target/github-crate` and checked with `CARGO_TARGET_DIR=target/fixture-check`,
//! sharing its dependencies with the fixture compile test.

mod support;
#[path = "support/surface_items.rs"]
mod surface_items;

use std::path::{Path, PathBuf};
use std::process::Command;

fn spec(workspace: &Path) -> PathBuf {
    if let Ok(p) = std::env::var("GITHUB_OPENAPI_SPEC") {
        return PathBuf::from(p);
    }
    let path = workspace.join("node_modules/@octokit/openapi/generated/api.github.com.json");
    if !path.exists() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(workspace)
            .status()
            .unwrap_or_else(|e| panic!("cannot run npm to install @octokit/openapi: {e}"));
        assert!(status.success(), "npm ci failed");
    }
    assert!(
        path.exists(),
        "{} is missing after npm ci: is @octokit/openapi in package.json?",
        path.display()
    );
    path
}

#[test]
fn github_rest_api_generates_crates_that_compile_cleanly() {
    let workspace = support::workspace();
    let spec = spec(&workspace);
    let doc = generator::load::load_file(&spec).unwrap_or_else(|e| panic!("{e}"));
    let api = generator::model::build(&doc.api).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(
        api.operations.len() > 1000,
        "only {} operations",
        api.operations.len()
    );
    // The surface lists exactly the public items emitted (types split into `types/` files here).
    let items = surface_items::check_api(&api, &spec, "crate");
    assert!(items > 10_000, "only {items} public items");
    // Both ways of emitting: serde both ways on every type (the default), and `--lean`.
    for (dir, lean) in [("github-crate", false), ("github-crate-lean", true)] {
        let options = generator::emit::Options { lean };
        let files = generator::emit::package::standalone_crate_with(
            "github-rest",
            &api,
            "Generated from GitHub's REST description by the github test.",
            &options,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        if let Err(e) = support::clippy_crate(dir, "github-rest", &files) {
            panic!("GitHub's crate ({dir}) does not compile cleanly:\n{e}");
        }
    }
}
