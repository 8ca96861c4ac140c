//! Generated checks work at run time: the `validation.yaml` fixture's crate (runtime vendored,
//! so `format.rs` and `pattern_ecma.rs` are exercised as copied), with a test of its own, checks
//! the constraints of the `oneOf` alternative a value is in (`-5` breaks the integer
//! alternative's `minimum: 0`, `"12a"` the string alternative's pattern), string formats, an
//! ECMA-262 lookahead pattern, array-alias and extra-property constraints, refuses a call with
//! such arguments before any I/O (the call is ready at its first poll, with no runtime to do I/O
//! on), and prints sensitive fields and parameters as `"***"`. `.no_validation()` is tested against a mock
//! server in `generator/e2e/tests/validation.rs`. The crate is built with
//! `CARGO_TARGET_DIR=target/fixture-check`, shared with the compile tests.

mod support;

/// The test the generated crate runs.
const CHECKS_TEST: &str = r##"
use std::future::Future;
use std::task::{Context, Poll, Waker};

use validation_run::runtime::{Error, Nullable, Validate};
use validation_run::types::{Amount, Card, Contact, Signup, Weights};
use validation_run::{Client, CreateSignupParams};

fn signup(amount: Amount) -> Signup {
    // Generated structs are `#[non_exhaustive]`: built with `new`, set through their fields.
    Signup::new("ada@example.com", amount)
}

fn violations(value: &dyn Validate) -> Vec<String> {
    match value.validate() {
        Ok(()) => Vec::new(),
        Err(e) => e.0.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn one_of_alternatives_are_checked_with_their_own_constraints() {
    assert_eq!(violations(&signup(Amount::Integer(-5))), ["amount: less than 0"]);
    assert_eq!(violations(&signup(Amount::Integer(-3))), ["amount: less than 0", "amount: not a multiple of 5"]);
    assert_eq!(violations(&signup(Amount::String("12a".into()))), ["amount: does not match the pattern `^[0-9]+$`"]);
    assert!(violations(&signup(Amount::Integer(10))).is_empty());
    assert!(violations(&signup(Amount::String("0012".into()))).is_empty());
    assert_eq!(violations(&Contact::String("not-an-email".into())), ["not an e-mail address"]);
    assert_eq!(violations(&Contact::String2("not a uri".into())), ["not an absolute URI"]);
}

#[test]
fn formats_patterns_and_alias_constraints_are_checked_with_paths() {
    let mut s = signup(Amount::Integer(5));
    s.email = "not-an-email".into();
    s.site = Some("not a uri".into());
    s.seen_at = Some(validation_run::runtime::Timestamp::new("2018-11-27 07:36:58"));
    s.avatar = Some("not base64!".into());
    s.step = Some(0.3);
    s.tags = Some(vec!["a@example.com".into(), "a@example.com".into()]);
    s.cc = Some(vec!["a@example.com".into(), "b@".into(), "c@example.com".into(), "d@example.com".into()]);
    let mut weights = Weights::default();
    weights.extra = [("x".to_string(), -1.5)].into_iter().collect();
    s.weights = Some(weights);
    s.scores = Some([("y".to_string(), 11)].into_iter().collect());
    s.username = Some("admin".into());
    s.backref = Some("ab".into());
    s.broken = Some("anything: neither engine reads its pattern".into());
    s.card = Some(Card::new("4111"));
    assert_eq!(
        violations(&s),
        [
            "email: not an e-mail address",
            "site: not an absolute URI",
            "seen_at: not an RFC 3339 date-time",
            "avatar: not base64",
            "step: not a multiple of 0.25",
            "tags: items [0] and [1] are equal",
            "cc: more than 3 items",
            "cc[1]: not an e-mail address",
            "weights[\"x\"]: less than 0",
            "scores[\"y\"]: greater than 10",
            "username: does not match the pattern `^(?!admin$)[a-z]+$`",
            "backref: does not match the pattern `^(a)\\1$`",
            "card.pan: shorter than 12 characters",
        ]
    );
    s.username = Some("ada".into());
    s.backref = Some("aa".into());
    assert!(!violations(&s).iter().any(|v| v.starts_with("username") || v.starts_with("backref")));
}

/// Polls a call once: one that fails its checks is ready at once, before any I/O.
fn poll_once<F: Future>(call: F) -> Poll<F::Output> {
    let mut call = std::pin::pin!(call);
    call.as_mut().poll(&mut Context::from_waker(Waker::noop()))
}

#[test]
fn invalid_arguments_fail_before_any_io() {
    // Nothing listens on port 9 (discard), and there is no async runtime: a call that went on
    // to I/O would be pending (or fail), not ready with the violations.
    let client = Client::builder("http://127.0.0.1:9").build().expect("client");
    let params = CreateSignupParams::default().with_callback("not a uri");
    let body = signup(Amount::Integer(-5));
    match poll_once(client.create_signup("1BCD", &body, &params)) {
        Poll::Ready(Err(Error::InvalidArgument(e))) => assert_eq!(
            e.to_string(),
            "code: does not match the pattern `^(?=[A-Z])[A-Z0-9]{4}$`; callback: not an absolute URI; amount: less than 0"
        ),
        Poll::Ready(other) => panic!("expected InvalidArgument, got {other:?}"),
        Poll::Pending => panic!("the call went on to I/O"),
    }
}

#[test]
fn sensitive_fields_print_redacted() {
    let mut card = Card::new("4111111111111111");
    card.cvv = Nullable::Value("737".into());
    card.token = Some("tok_live_secret".into());
    card.holder = Some("Ada Lovelace".into());
    let text = format!("{card:?}");
    assert_eq!(
        text,
        "Card { pan: \"***\", cvv: Value(\"***\"), token: Some(\"***\"), holder: Some(\"Ada Lovelace\"), extra: {} }"
    );
    let params = CreateSignupParams::default()
        .with_callback("https://example.com/back")
        .with_x_signup_secret("s3cret-header")
        .with_session("sess-cookie");
    assert_eq!(
        format!("{params:?}"),
        "CreateSignupParams { callback: Some(\"https://example.com/back\"), since: None, \
         x_signup_secret: Some(\"***\"), session: Some(\"***\") }"
    );
    assert!(format!("{:?}", CreateSignupParams::default()).contains("x_signup_secret: None"));
    let mut s = signup(Amount::Integer(5));
    s.password = Some("hunter2".into());
    s.card = Some(card);
    let text = format!("{s:#?}");
    assert!(!text.contains("hunter2") && !text.contains("4111") && !text.contains("tok_live"), "{text}");
    assert!(text.contains("ada@example.com"), "{text}");
}
"##;

#[test]
fn generated_checks_run() {
    support::run_generated_test(
        "validation.yaml",
        "validation-run",
        "checks",
        CHECKS_TEST,
        "",
    );
}
