//! The generated webhook module works at run time: the `webhooks.yaml` fixture's crate, with a
//! test of its own, reads Adyen-shaped bodies by webhook name (`Event::parse`) and by body alone
//! (`Event::from_body`), and refuses an unknown name and a body of the wrong shape. The crate is
//! built with `CARGO_TARGET_DIR=target/fixture-check`, shared with the compile tests.

mod support;

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
    support::run_generated_test("webhooks.yaml", "webhooks-run", "events", EVENTS_TEST, "");
}
