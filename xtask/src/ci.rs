//! `cargo xtask ci`: everything CI runs, in order, with a summary at the end. It is the README's
//! test command; `.ci/run` calls it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::error::Error;
use crate::util::{root, run, Args};

const HELP: &str = "\
cargo xtask ci

Runs, in order: rustfmt check; clippy -D warnings over the workspace with all features, and over
the generated crate with each provider feature alone; codegen --check; spec lint (Spectral,
Redocly); the pinned cargo-semver-checks (installed under target/tools if missing); the pinned
npm tools (`npm ci`, if node_modules/ lacks them); every test (unit, snapshot, fixture compile,
the semver agreement of the review with cargo-semver-checks, the runtime's transport, signer and
value tests, and the e2e crate's calls, objects, spec examples and Prism contract tests).
Prints a summary, ending with the total `N passed, N failed`, and exits non-zero if any step
failed.";

/// `cargo test`, streaming its output and adding up its `test result:` lines.
fn test(root: &Path, totals: &mut (u64, u64)) -> Result<(), Error> {
    let mut child = Command::new("cargo")
        .args(["test", "--workspace", "--all-features", "--no-fail-fast"])
        .current_dir(root)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|source| Error::Spawn {
            program: "cargo test".into(),
            source,
        })?;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some(rest) = line.strip_prefix("test result: ") {
                let count = |word: &str| {
                    rest.split(';')
                        .find_map(|part| {
                            part.trim()
                                .trim_start_matches("ok. ")
                                .trim_start_matches("FAILED. ")
                                .strip_suffix(word)
                        })
                        .and_then(|n| n.trim().parse::<u64>().ok())
                        .unwrap_or(0)
                };
                totals.0 += count(" passed");
                totals.1 += count(" failed");
            }
        }
    }
    let status = child.wait().map_err(|source| Error::Spawn {
        program: "cargo test".into(),
        source,
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::Failed {
            command: "cargo test --workspace --all-features --no-fail-fast".into(),
            status,
        })
    }
}

/// The command.
pub fn main(args: &[String]) -> Result<(), Error> {
    Args::parse(args, &[], &[], HELP)?;
    let root = root();
    let mut totals = (0u64, 0u64);
    let mut summary = Vec::new();
    let mut failed = Vec::new();
    let mut step = |name: &str, result: &mut dyn FnMut() -> Result<(), Error>| {
        println!("\n==> {name}");
        let started = Instant::now();
        let outcome = result();
        let secs = started.elapsed().as_secs_f32();
        match outcome {
            Ok(()) => summary.push(format!("  ok    {name} ({secs:.1} s)")),
            Err(e) => {
                eprintln!("{e}");
                summary.push(format!("  FAIL  {name} ({secs:.1} s)"));
                failed.push(name.to_string());
            }
        }
    };
    step("format", &mut || {
        run(
            &root,
            "cargo",
            &[
                "fmt",
                "--check",
                "-p",
                "generator",
                "-p",
                "generator-runtime",
                "-p",
                "e2e",
                "-p",
                "xtask",
            ],
        )
    });
    step("clippy", &mut || {
        run(
            &root,
            "cargo",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--all-features",
                "--",
                "-D",
                "warnings",
            ],
        )
    });
    step("clippy per provider feature", &mut || {
        for spec in crate::util::specs(&root)? {
            let f = spec.module;
            run(
                &root,
                "cargo",
                &[
                    "clippy",
                    "-p",
                    "generated",
                    "--no-default-features",
                    "--features",
                    &f,
                    "--",
                    "-D",
                    "warnings",
                ],
            )?;
        }
        Ok(())
    });
    step("codegen --check", &mut || crate::codegen::check(&root));
    step("lint", &mut || crate::lint::main(&[]));
    // The tests never install anything: the semver agreement test needs the pinned
    // cargo-semver-checks (under target/tools, built once, a few minutes on a fresh clone)...
    step("cargo-semver-checks (installed if missing)", &mut || {
        crate::semver::ensure_checker(&root).map(|_| ())
    });
    // ...and the Prism contract tests (and GitHub's spec) the pinned npm tools, installed here
    // first.
    step("test", &mut || {
        crate::lint::ensure_npm_tools(&root)?;
        test(&root, &mut totals)
    });
    println!("\nci summary:\n{}", summary.join("\n"));
    println!("ci: {} passed, {} failed", totals.0, totals.1);
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::Steps(failed))
    }
}
