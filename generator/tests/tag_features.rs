//! Per-tag Cargo features: the `tag_features` fixture's standalone crate (and `path_groups`',
//! whose untagged operations are grouped by resource) passes
//! `cargo clippy -- -D warnings` with each tag's feature alone (`--no-default-features
//! --features <tag>`), with no feature at all, and with the default (`full`). One crate under
//! `target/`, the shared `target/fixture-check` target directory, so dependencies build once.

mod support;

use generator::emit::package::{standalone_crate_for, RuntimeForm};
use generator::surface::Features;

/// `cargo clippy --quiet <args> -- -D warnings` in `dir`: clippy's errors unless it is clean.
fn clippy(dir: &std::path::Path, args: &[&str]) -> Result<(), String> {
    let mut all = vec!["clippy", "--quiet", "--all-targets"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--", "-D", "warnings"]);
    let output = support::cargo(dir, &all)?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.success() && !stderr.contains("warning:") {
        Ok(())
    } else {
        Err(stderr.chars().take(20_000).collect())
    }
}

#[test]
fn each_tag_feature_alone_compiles_cleanly() {
    each_feature_alone_compiles_cleanly(
        "tag_features",
        &["customer-accounts", "invoices", "reports", "untagged"],
    );
}

/// A document without tags gets a feature per resource its paths name (Stripe's shape).
#[test]
fn each_resource_feature_of_an_untagged_document_alone_compiles_cleanly() {
    each_feature_alone_compiles_cleanly("path_groups", &["charges", "customers", "untagged"]);
}

/// The fixture's standalone crate has exactly the features `expected` (and `full`), and passes
/// clippy with each alone, with none and with the default.
fn each_feature_alone_compiles_cleanly(fixture: &str, expected: &[&str]) {
    let path = support::workspace().join(format!("generator/tests/fixtures/{fixture}.yaml"));
    let doc = generator::load::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
    let api = generator::model::build(&doc.api).unwrap_or_else(|e| panic!("{e:?}"));
    let features = Features::new(&api, "crate");
    let names: Vec<&str> = features.groups.iter().map(|g| g.feature.as_str()).collect();
    assert_eq!(names, expected);

    let dir = format!("{}-crate", fixture.replace('_', "-"));
    let files = standalone_crate_for(
        &dir,
        &api,
        "tag features",
        &Default::default(),
        &RuntimeForm::Path(support::runtime_path()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = support::write_crate(&dir, &dir, &files, "").unwrap_or_else(|e| panic!("{e}"));
    let mut failures = Vec::new();
    let mut runs: Vec<Vec<&str>> = vec![vec![], vec!["--no-default-features"]];
    for name in &names {
        runs.push(vec!["--no-default-features", "--features", name]);
    }
    for args in &runs {
        if let Err(e) = clippy(&out, args) {
            failures.push(format!("cargo clippy {}:\n{e}", args.join(" ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Feature names are unique and valid Cargo feature names: a tag named `full`, `webhooks` or
/// `untagged` is renamed rather than merged, untagged operations are `untagged`, webhook events
/// `webhooks`, and in `generated/` every name carries the provider.
#[test]
fn feature_names_are_sanitized_and_unique() {
    let op = |id: &str, tag: Option<&str>| {
        let tags = tag.map(|t| format!("tags: [\"{t}\"]")).unwrap_or_default();
        format!("    {id}:\n      get:\n        operationId: {id}\n        {tags}\n        responses:\n          \"204\":\n            description: ok\n")
    };
    let paths = [
        op("/a", Some("full")),
        op("/b", Some("Web Hooks")),
        op("/c", Some("untagged")),
        op("/d", None),
        op("/e", Some("Code Scanning (beta)")),
        op("/f", Some("_internal_")),
    ]
    .concat();
    let spec = format!(
        "openapi: 3.1.0\ninfo:\n  title: Names\n  version: \"1\"\npaths:\n{paths}webhooks:\n  ping:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n      responses:\n        \"200\":\n          description: ok\n"
    );
    let doc = generator::load::load_str(&spec, std::path::Path::new("names.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let api = generator::model::build(&doc.api).unwrap_or_else(|e| panic!("{e:?}"));
    let names = |module_path: &str| -> Vec<String> {
        let features = Features::new(&api, module_path);
        let mut names: Vec<String> = features.groups.iter().map(|g| g.feature.clone()).collect();
        names.push(features.all);
        names
    };
    assert_eq!(
        names("crate"),
        [
            "code-scanning-beta",
            "full-2",
            "internal",
            "untagged",
            "untagged-2",
            "web-hooks",
            "webhooks",
            "full"
        ]
    );
    assert_eq!(
        names("crate::acme"),
        [
            "acme-code-scanning-beta",
            "acme-full",
            "acme-internal",
            "acme-untagged",
            "acme-untagged-2",
            "acme-web-hooks",
            "acme-webhooks",
            "acme"
        ]
    );
}
