//! The generated webhook module works at run time: the `webhooks.yaml` fixture's crate, with a
//! test of its own, reads Adyen-shaped bodies by webhook name (`Event::parse`) and by body alone
//! (`Event::from_body`), and refuses an unknown name and a body of the wrong shape. The crate is
//! built with `CARGO_TARGET_DIR=target/fixture-check`, shared with the compile tests.

use std::path::Path;
use std::process::Command;

/// The test the generated crate runs.
const EVENTS_TEST: &str = r##"
use webhooks_run::webhooks::{Event, ParseError};

const CREATED: &[u8] = br#"{"type":"balancePlatform.transfer.created","data":{"id":"T1","amount":100,"reason":null},"environment":"test"}"#;

#[test]
fn a_body_is_read_by_name_and_alone() {
    let by_name = Event::parse("balancePlatform.transfer.created", CREATED).expect("parses");
    let alone = Event::from_body(CREATED).expect("parses");
    assert_eq!(by_name, alone);
    assert_eq!(alone.name(), "balancePlatform.transfer.created");
    let Event::BalancePlatformTransferCreated(n) = alone else { panic!("wrong variant") };
    assert_eq!(n.data.id, "T1");
    assert_eq!(n.data.amount, 100);
    assert!(n.extra.contains_key("environment"));
    assert_eq!(Event::NAMES.len(), 3);
}

#[test]
fn unknown_names_and_wrong_shapes_are_errors() {
    assert!(matches!(Event::parse("nope", CREATED), Err(ParseError::UnknownWebhook(n)) if n == "nope"));
    assert!(matches!(Event::parse("report.ready", CREATED), Err(ParseError::Body(_))));
    assert!(matches!(Event::from_body(b"{}"), Err(ParseError::UnknownWebhook(_))));
}
"##;

#[test]
fn generated_webhook_events_parse_bodies() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = manifest.parent().unwrap_or(manifest);
    let spec = workspace.join("generator/tests/fixtures/webhooks.yaml");
    let doc = generator::load::load_file(&spec).unwrap_or_else(|e| panic!("{e}"));
    let api = generator::model::build(&doc.api).unwrap_or_else(|e| panic!("{e:?}"));
    let mut files = generator::emit::package::standalone_crate("webhooks-run", &api, "test")
        .unwrap_or_else(|e| panic!("{e}"));
    files.push(generator::emit::OutFile {
        path: "tests/events.rs".into(),
        contents: EVENTS_TEST.into(),
    });
    let out = workspace.join("target/webhooks-run");
    let _ = std::fs::remove_dir_all(&out);
    for f in &files {
        let path = out.join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap_or(&out)).unwrap_or_else(|e| panic!("{e}"));
        let mut contents = f.contents.clone();
        if f.path == "Cargo.toml" {
            contents.push_str("\n[workspace]\n");
        }
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("{e}"));
    }
    let _ = std::fs::copy(workspace.join("Cargo.lock"), out.join("Cargo.lock"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["test", "--quiet", "--test", "events"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", workspace.join("target/fixture-check"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    assert!(
        output.status.success(),
        "the generated webhook crate's test failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
