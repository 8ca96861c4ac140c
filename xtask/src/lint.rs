//! `cargo xtask lint`: Spectral and Redocly over `specs/`, with the versions pinned in
//! `package-lock.json`, installed with `npm ci` on first use.

use std::path::Path;

use crate::util::{root, run, Args};

const HELP: &str = "\
cargo xtask lint

Lints every spec in specs/ with Spectral (.spectral.yaml: spectral:oas, all rules; fails on
warnings) and Redocly CLI (redocly.yaml: recommended; fails on errors). Installs the pinned
npm tools with `npm ci` when node_modules/ is missing.";

/// Installs the pinned npm packages (the lint and mock tools, and the real documents the tests
/// read: GitHub's REST description, the 3.1 documents) if they are not there yet or are older than
/// `package-lock.json`. Tests never install them: `cargo xtask ci` calls this before it tests.
pub fn ensure_npm_tools(root: &Path) -> Result<(), crate::error::Error> {
    let bins = ["spectral", "redocly", "prism"];
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    // npm writes node_modules/.package-lock.json on every install: an install at least as new as
    // the lock file has every package it pins.
    let installed = modified(&root.join("node_modules/.package-lock.json"));
    let pinned = modified(&root.join("package-lock.json"));
    let current = matches!((installed, pinned), (Some(i), Some(p)) if i >= p);
    if current
        && bins
            .iter()
            .all(|b| root.join("node_modules/.bin").join(b).exists())
        && root.join(crate::bench::GITHUB).exists()
    {
        return Ok(());
    }
    println!("installing the pinned npm packages (npm ci)…");
    run(root, "npm", &["ci", "--no-audit", "--no-fund"])
}

/// The command.
pub fn main(args: &[String]) -> Result<(), crate::error::Error> {
    Args::parse(args, &[], &[], HELP)?;
    let root = root();
    ensure_npm_tools(&root)?;
    let specs: Vec<String> = crate::util::specs(&root)?
        .into_iter()
        .map(|s| format!("specs/{}", s.file))
        .collect();
    let refs: Vec<&str> = specs.iter().map(String::as_str).collect();
    let mut spectral = vec![
        "lint",
        "--fail-severity=warn",
        "--ruleset",
        ".spectral.yaml",
    ];
    spectral.extend(&refs);
    run(&root, "node_modules/.bin/spectral", &spectral)?;
    let mut redocly = vec!["lint", "--config", "redocly.yaml"];
    redocly.extend(&refs);
    run(&root, "node_modules/.bin/redocly", &redocly)?;
    println!(
        "lint: {} spec(s) clean under Spectral and Redocly",
        specs.len()
    );
    Ok(())
}
