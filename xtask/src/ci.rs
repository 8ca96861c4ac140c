//! `cargo xtask ci`: everything CI runs, in order, with a summary at the end. It is the README's
//! test command; `.ci/run` calls it.

use std::time::Instant;

use crate::util::{root, run, Args};

const HELP: &str = "\
cargo xtask ci

Runs, in order: rustfmt check, clippy -D warnings (workspace and the generated crate with all
features), codegen --check, spec lint, and every test (unit, snapshot, fault, contract).
Prints a summary and exits non-zero if any step failed.";

/// The command.
pub fn main(args: &[String]) -> Result<(), String> {
    Args::parse(args, &[], &[], HELP)?;
    let root = root();
    type Step = (&'static str, Box<dyn Fn() -> Result<(), String>>);
    let r = root.clone();
    let steps: Vec<Step> = vec![
        (
            "format",
            Box::new({
                let r = r.clone();
                move || {
                    run(
                        &r,
                        "cargo",
                        &["fmt", "--check", "-p", "generator", "-p", "xtask"],
                    )
                }
            }),
        ),
        (
            "clippy",
            Box::new({
                let r = r.clone();
                move || {
                    run(
                        &r,
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
                }
            }),
        ),
        (
            "codegen --check",
            Box::new({
                let r = r.clone();
                move || crate::codegen::check(&r)
            }),
        ),
        ("lint", Box::new(|| crate::lint::main(&[]))),
        (
            "test",
            Box::new({
                let r = r.clone();
                move || run(&r, "cargo", &["test", "--workspace", "--all-features"])
            }),
        ),
    ];
    let mut summary = Vec::new();
    let mut failed = false;
    for (name, step) in &steps {
        println!("\n==> {name}");
        let started = Instant::now();
        let result = step();
        let secs = started.elapsed().as_secs_f32();
        match result {
            Ok(()) => summary.push(format!("  ok    {name} ({secs:.1} s)")),
            Err(e) => {
                eprintln!("{e}");
                summary.push(format!("  FAIL  {name} ({secs:.1} s)"));
                failed = true;
            }
        }
    }
    println!("\nci summary:\n{}", summary.join("\n"));
    if failed {
        Err("ci: some steps failed".into())
    } else {
        Ok(())
    }
}
