//! The surface and the emitted code agree: for every fixture spec and the four specs under
//! `specs/`, the public items [`generator::surface::Surface::items`] lists are exactly the public
//! items found by parsing the emitted files with `syn` (see `support/surface_items.rs`; the GitHub
//! test checks GitHub's spec the same way).

#[path = "support/surface_items.rs"]
mod surface_items;

use std::path::{Path, PathBuf};

use surface_items::check_api;

/// Emits `spec` as a module at `module_path` and compares its surface with the emitted items;
/// returns how many there are.
fn check(spec: &Path, module_path: &str) -> usize {
    let doc =
        generator::load::load_file(spec).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let api =
        generator::model::build(&doc.api).unwrap_or_else(|e| panic!("{}: {e:?}", spec.display()));
    check_api(&api, spec, module_path)
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn fixtures_surface_matches_emitted_items() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let fixtures = yaml_files(&dir);
    assert!(
        fixtures.len() >= 8,
        "expected the fixture specs in {}",
        dir.display()
    );
    for spec in fixtures {
        let n = check(&spec, "crate");
        assert!(n > 0, "{}: no public items", spec.display());
    }
}

#[test]
fn specs_surface_matches_emitted_items() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let specs = yaml_files(&dir);
    assert_eq!(
        specs.len(),
        4,
        "expected the four specs in {}",
        dir.display()
    );
    for spec in specs {
        let module = generator::model::to_field_name(
            spec.file_stem().and_then(|s| s.to_str()).unwrap_or("spec"),
        );
        let n = check(&spec, &format!("crate::{module}"));
        assert!(n > 20, "{}: only {n} public items", spec.display());
    }
}
