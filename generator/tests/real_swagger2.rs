//! The fourteen real Swagger 2.0 documents in `tests/real/swagger2/` (`SOURCES.md` there says
//! where each comes from and what it exercises) are converted and generated: each either gives
//! a crate that passes `cargo clippy -- -D warnings`, or is refused with diagnostics that name
//! the problem in the original document (file, line, column, pointer). What happened to each is
//! an `insta` snapshot: the refusals in full, the warnings grouped by message with a count and
//! the first place.
//!
//! Time is bounded: every crate is a member of one workspace under `target/real-swagger2`, and
//! one `cargo clippy --workspace` checks them all with the shared `target/fixture-check`.

mod support;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn documents() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real/swagger2");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json" || x == "yaml"))
        .collect();
    files.sort();
    files
}

/// Warnings grouped by message: how many, and where the first one is.
fn grouped(warnings: &[generator::diag::Diagnostic]) -> String {
    let mut groups: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for w in warnings {
        let place = match w.position {
            Some((line, column)) => format!("{line}:{column} {}", w.pointer),
            None => w.pointer.clone(),
        };
        let entry = groups.entry(w.message.clone()).or_insert((0, place));
        entry.0 += 1;
    }
    let mut out = String::new();
    for (message, (count, first)) in groups {
        let _ = writeln!(out, "  {count}× {message}\n     first at {first}");
    }
    out
}

#[test]
fn real_swagger2_documents_generate_clean_crates_or_diagnostics() {
    let mut report = String::new();
    let mut crates = Vec::new();
    for path in documents() {
        let file = path
            .file_name()
            .and_then(|f| f.to_str())
            .unwrap_or_default();
        let rel = Path::new("tests/real/swagger2").join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        let _ = writeln!(report, "## {file}");
        let package = format!(
            "real-{}",
            path.file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .replace(['.', '_'], "-")
        );
        let generator = generator::Generator::new(generator::Settings {
            crate_name: Some(package.clone()),
            header: "Generated from a real Swagger 2.0 document by the real_swagger2 test.".into(),
            ..Default::default()
        });
        // Every diagnostic is placed in the 2.0 document as written: line, column, pointer.
        let output = match generator.generate_str(&text, &rel) {
            Ok(output) => output,
            Err(diagnostics) => {
                let _ = writeln!(report, "refused:");
                for d in diagnostics.iter() {
                    let _ = writeln!(report, "  {d}");
                }
                report.push('\n');
                continue;
            }
        };
        let warnings: Vec<_> = output.warnings.iter().cloned().collect();
        let api = &output.api;
        let _ = writeln!(
            report,
            "generated: {} types, {} operations, {} servers; {} warnings",
            api.types.len(),
            api.operations.len(),
            api.servers.len(),
            warnings.len()
        );
        report.push_str(&grouped(&warnings));
        report.push('\n');
        let files = output.files;
        crates.push((package, files));
    }
    insta::assert_snapshot!("real_swagger2", report);
    assert!(crates.len() >= 10, "only {} crates generated", crates.len());
    if let Err(e) = support::clippy_workspace("real-swagger2", &crates) {
        panic!("the real Swagger 2.0 documents' crates do not compile cleanly:\n{e}");
    }
}
