//! One small fixture spec per feature (`tests/fixtures/*.yaml`), its generated Rust and its
//! model as `insta` snapshots (`cargo insta review` to accept changes), and the diagnostics for
//! the documents the generator refuses (`tests/diagnostics/*`). `fixtures_compile.rs` proves the
//! snapshots compile without warnings.

use std::path::{Path, PathBuf};

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn name(p: &Path) -> String {
    p.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string()
}

/// The file path relative to the crate, with `/` separators, so snapshots do not depend on the
/// checkout location.
fn relative(p: &Path) -> PathBuf {
    p.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| p.to_path_buf())
}

/// A load warning with its file relative to the crate.
fn relative_file(d: &generator::diag::Diagnostic) -> generator::diag::Diagnostic {
    let mut d = d.clone();
    d.file = d.file.as_deref().map(relative);
    d
}

#[test]
fn generated_code() {
    let mut count = 0;
    for path in fixtures("fixtures") {
        let doc =
            generator::load::load_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let api = generator::model::build(&doc.api)
            .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        let files = generator::emit::package::standalone_crate(
            &name(&path).replace('_', "-"),
            &api,
            "Generated from a test fixture.",
        )
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut text = String::new();
        for w in &doc.warnings {
            text.push_str(&format!("// {}\n", relative_file(w)));
        }
        for w in &api.warnings {
            text.push_str(&format!("// {w}\n"));
        }
        for f in files.iter().filter(|f| !f.path.starts_with("src/runtime/")) {
            text.push_str(&format!("// ===== {} =====\n{}\n", f.path, f.contents));
        }
        insta::assert_snapshot!(format!("code__{}", name(&path)), text);
        insta::assert_snapshot!(format!("model__{}", name(&path)), format!("{:#?}", api));
        count += 1;
    }
    assert!(count >= 8, "expected the fixture specs, found {count}");
}

#[test]
fn diagnostics() {
    let mut count = 0;
    for path in fixtures("diagnostics") {
        let rel = relative(&path);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let outcome = match generator::load::load_str(&text, &rel) {
            Err(e) => e.to_string(),
            Ok(doc) => match generator::model::build(&doc.api) {
                Err(ds) => ds
                    .iter()
                    .map(|d| d.clone().in_file(&rel).to_string())
                    .collect::<Vec<_>>()
                    .join("\n"),
                Ok(_) => panic!("{} should be refused with a diagnostic", path.display()),
            },
        };
        assert!(outcome.contains("error"), "{outcome}");
        insta::assert_snapshot!(format!("diagnostic__{}", name(&path)), outcome);
        count += 1;
    }
    assert!(count >= 6);
}

#[test]
fn output_is_deterministic() {
    for path in fixtures("fixtures") {
        let render = || {
            let doc = generator::load::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
            let api = generator::model::build(&doc.api).unwrap_or_else(|e| panic!("{e:?}"));
            generator::emit::package::standalone_crate("x", &api, "h")
                .unwrap_or_else(|e| panic!("{e}"))
        };
        assert_eq!(render(), render(), "{}", path.display());
    }
}
