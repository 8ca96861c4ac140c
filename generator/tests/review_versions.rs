//! The review report (`generator::review`, behind `cargo xtask diff`) compares across OpenAPI
//! versions: the same API written as 3.0 and as 3.1, or as Swagger 2.0 and as 3.0
//! (`tests/equivalence/payments_*.yaml`, `shop_*.yaml`), generates the same Rust and is reported unchanged.

use std::path::{Path, PathBuf};

use generator::review::cli::files_report;

fn fixture(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/equivalence")
        .join(file)
}

/// The Rust generated for a fixture, file by file, as one crate name.
fn rust(file: &str) -> Vec<(String, String)> {
    let doc = generator::load::load_file(&fixture(file)).unwrap_or_else(|e| panic!("{e}"));
    assert!(doc.warnings.is_empty(), "{file}: {:?}", doc.warnings);
    let api = generator::model::build(&doc.api).unwrap_or_else(|e| panic!("{e:?}"));
    generator::emit::package::standalone_crate("payments", &api, "h")
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect()
}

/// Asserts that `old` and `new` generate the same Rust and that the review reports no change.
fn unchanged(old: &str, new: &str) {
    assert_eq!(
        rust(old),
        rust(new),
        "{old} and {new} generate different Rust"
    );
    let report = files_report(&fixture(old), &fixture(new)).unwrap_or_else(|e| panic!("{e}"));
    let changes: Vec<String> = report
        .specs
        .iter()
        .flat_map(|s| &s.changes)
        .map(|c| format!("{} {}: {}", c.severity.label(), c.kind.code(), c.message))
        .collect();
    assert!(changes.is_empty(), "{old} → {new}:\n{}", changes.join("\n"));
    // The texts differ, so the two versions were loaded and compared (not skipped as equal).
    assert_eq!(report.specs.len(), 1, "{old} → {new} compared");
}

#[test]
fn openapi_30_to_31_reports_no_change() {
    unchanged("payments_30.yaml", "payments_31.yaml");
    unchanged("payments_31.yaml", "payments_30.yaml");
}

#[test]
fn swagger_20_to_openapi_30_reports_no_change() {
    unchanged("payments_20.yaml", "payments_30.yaml");
    unchanged("payments_30.yaml", "payments_20.yaml");
}

/// Servers from `host`/`basePath`/`schemes`, the three kinds of security scheme, a
/// `collectionFormat`, response headers, a default response, a form body and a discriminator.
#[test]
fn swagger_20_to_openapi_30_reports_no_change_for_what_2_0_writes_differently() {
    unchanged("shop_20.yaml", "shop_30.yaml");
    unchanged("shop_30.yaml", "shop_20.yaml");
}
