//! `cargo xtask lint`: Spectral and Redocly over `specs/`, with the versions pinned in
//! `package-lock.json`, installed with `npm ci` on first use.

use std::path::Path;

use crate::util::{root, run, Args};

const HELP: &str = "\
cargo xtask lint

Lints every spec in specs/ with Spectral (.spectral.yaml: spectral:oas, all rules; fails on
warnings) and Redocly CLI (redocly.yaml: recommended; fails on errors). Installs the pinned
npm tools with `npm ci` when node_modules/ is missing.";

/// Installs the pinned npm tools if they are not there yet.
pub fn ensure_npm_tools(root: &Path) -> Result<(), String> {
    let bins = ["spectral", "redocly", "prism"];
    if bins
        .iter()
        .all(|b| root.join("node_modules/.bin").join(b).exists())
    {
        return Ok(());
    }
    println!("installing the pinned npm tools (npm ci)…");
    run(root, "npm", &["ci", "--no-audit", "--no-fund"])
}

fn spec_files(root: &Path) -> Result<Vec<String>, String> {
    let mut specs: Vec<String> = std::fs::read_dir(root.join("specs"))
        .map_err(|e| format!("cannot read specs/: {e}"))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| matches!(p.extension().and_then(|x| x.to_str()), Some("yaml" | "yml")))
        .filter_map(|p| {
            p.strip_prefix(root)
                .ok()
                .map(|p| p.to_string_lossy().into_owned())
        })
        .collect();
    specs.sort();
    Ok(specs)
}

/// The command.
pub fn main(args: &[String]) -> Result<(), String> {
    Args::parse(args, &[], &[], HELP)?;
    let root = root();
    ensure_npm_tools(&root)?;
    let specs = spec_files(&root)?;
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
