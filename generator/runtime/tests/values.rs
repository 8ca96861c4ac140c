//! The runtime's value types and helpers: `Nullable`, `Timestamp`, open enums, `Validator`
//! paths and messages, and `paginate_offset`.
// Timestamp, pagination and regex checks are optional parts (`required-features` in the manifest).

use std::convert::Infallible;
use std::pin::pin;
use std::str::FromStr;

use futures_util::StreamExt as _;
use generator_runtime::{
    deserialize_int_enum, deserialize_str_enum, paginate_offset, Error, Nullable, Timestamp,
    Validate, Validator,
};
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------------------------
// Nullable

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Patch {
    id: String,
    #[serde(
        default,
        skip_serializing_if = "generator_runtime::Nullable::is_absent"
    )]
    description: Nullable<String>,
}

fn patch_round_trip(json: &str) -> Patch {
    let patch: Patch = serde_json::from_str(json).expect("parses");
    let written = serde_json::to_string(&patch).expect("serialises");
    assert_eq!(written, json, "written back unchanged");
    patch
}

#[test]
fn nullable_keeps_absent_null_and_value_apart() {
    let absent = patch_round_trip(r#"{"id":"c1"}"#);
    assert_eq!(absent.description, Nullable::Absent);
    assert!(absent.description.is_absent());

    let null = patch_round_trip(r#"{"id":"c1","description":null}"#);
    assert_eq!(null.description, Nullable::Null);
    assert!(null.description.is_null());

    let value = patch_round_trip(r#"{"id":"c1","description":"VIP"}"#);
    assert_eq!(value.description, Nullable::Value("VIP".to_owned()));
    assert_eq!(value.description.into_option().as_deref(), Some("VIP"));
}

#[test]
fn nullable_conversions_and_default() {
    assert_eq!(Nullable::<u8>::default(), Nullable::Absent);
    // No `From<Option<T>>`: an `Option` converts only as a value of its own, so `None` never
    // turns into an explicit `null` by accident.
    assert_eq!(Nullable::from(Some(3)), Nullable::Value(Some(3)));
    assert_eq!(Nullable::<Option<u8>>::from(None), Nullable::Value(None));
    assert_eq!(Nullable::from(4).as_option(), Some(&4));
}

#[test]
fn nullable_value_of_wrong_type_is_an_error() {
    let r: Result<Patch, _> = serde_json::from_str(r#"{"id":"c1","description":5}"#);
    assert!(r.is_err());
}

// ---------------------------------------------------------------------------------------------
// Timestamp

fn ts_round_trip(text: &str) -> Timestamp {
    let json = serde_json::to_string(text).expect("string");
    let ts: Timestamp = serde_json::from_str(&json).expect("any string deserialises");
    assert_eq!(ts.as_str(), text);
    assert_eq!(
        serde_json::to_string(&ts).expect("serialises"),
        json,
        "byte-identical"
    );
    ts
}

#[test]
fn timestamp_rfc3339_with_millis() {
    let ts = ts_round_trip("2022-12-20T18:54:42.033Z");
    let dt = ts.parsed().expect("RFC 3339 parses");
    assert_eq!(dt.timestamp_millis(), 1_671_562_482_033);
    assert_eq!(dt.offset().local_minus_utc(), 0);
}

#[test]
fn timestamp_rfc3339_with_offset() {
    let ts = ts_round_trip("2022-12-20T19:54:42+01:00");
    let dt = ts.parsed().expect("parses");
    assert_eq!(dt.timestamp(), 1_671_562_482);
    assert_eq!(dt.offset().local_minus_utc(), 3600);
}

#[test]
fn timestamp_space_separated_without_offset_is_utc() {
    let ts = ts_round_trip("2018-11-27 07:36:58");
    let dt = ts.parsed().expect("lenient form parses");
    assert_eq!(dt.timestamp(), 1_543_304_218);
    assert_eq!(dt.offset().local_minus_utc(), 0);
}

#[test]
fn timestamp_bare_date_is_midnight_utc() {
    let ts = ts_round_trip("2023-12-31");
    assert_eq!(ts.parsed().expect("date parses").timestamp(), 1_703_980_800);
}

#[test]
fn timestamp_garbage_still_deserialises() {
    for garbage in ["not a date", "", "2023-13-45", "31/12/2023"] {
        let ts = ts_round_trip(garbage);
        assert_eq!(ts.parsed(), None, "{garbage:?}");
    }
}

#[test]
fn timestamp_from_datetime_is_rfc3339() {
    let dt = chrono_like_utc();
    let ts = Timestamp::from(dt);
    assert_eq!(ts.as_str(), "2022-12-20T18:54:42.033Z");
    assert_eq!(
        ts.parsed().map(|d| d.timestamp_millis()),
        Some(1_671_562_482_033)
    );
}

fn chrono_like_utc() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(1_671_562_482_033).expect("in range")
}

#[test]
fn timestamp_non_string_is_an_error() {
    assert!(serde_json::from_str::<Timestamp>("12345").is_err());
}

// ---------------------------------------------------------------------------------------------
// Open enums

#[derive(Debug, PartialEq, Deserialize)]
#[serde(transparent)]
struct Wrapped(#[serde(deserialize_with = "deserialize_str_enum")] Status);

#[derive(Debug, PartialEq)]
enum Status {
    Approved,
    Declined,
    Other(String),
}

impl FromStr for Status {
    type Err = Infallible;
    fn from_str(s: &str) -> Result<Self, Infallible> {
        Ok(match s {
            "approved" => Status::Approved,
            "declined" => Status::Declined,
            other => Status::Other(other.to_owned()),
        })
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_str_enum(d)
    }
}

#[derive(Debug, PartialEq)]
enum Code {
    Ok,
    Other(i64),
}

impl From<i64> for Code {
    fn from(n: i64) -> Self {
        if n == 0 {
            Code::Ok
        } else {
            Code::Other(n)
        }
    }
}

#[derive(Debug, Deserialize)]
struct Payment {
    status: Status,
    #[serde(deserialize_with = "deserialize_int_enum")]
    code: Code,
}

#[test]
fn str_enum_known_and_unknown_values() {
    let p: Payment = serde_json::from_str(r#"{"status":"approved","code":0}"#).expect("parses");
    assert_eq!(p.status, Status::Approved);
    assert_eq!(p.code, Code::Ok);

    let p: Payment =
        serde_json::from_str(r#"{"status":"partially-refunded","code":7}"#).expect("parses");
    assert_eq!(p.status, Status::Other("partially-refunded".to_owned()));
    assert_eq!(p.code, Code::Other(7));

    let w: Wrapped = serde_json::from_str(r#""declined""#).expect("parses");
    assert_eq!(w.0, Status::Declined);
}

#[test]
fn str_enum_rejects_non_strings() {
    assert!(serde_json::from_str::<Payment>(r#"{"status":1,"code":0}"#).is_err());
    assert!(serde_json::from_str::<Payment>(r#"{"status":"approved","code":"x"}"#).is_err());
}

// ---------------------------------------------------------------------------------------------
// Validator

struct Address {
    zip: String,
    lines: Vec<String>,
}

impl Validate for Address {
    fn validate_into(&self, v: &mut Validator) {
        v.field("zip", |v| {
            v.max_length(&self.zip, 10);
            v.pattern(
                &self.zip,
                &regex::Regex::new("^[0-9A-Z -]+$").expect("regex"),
            );
        });
        v.field("lines", |v| {
            v.min_items(self.lines.len(), 1);
            v.unique_items(&self.lines);
        });
    }
}

struct Customer {
    name: String,
    age: f64,
    addresses: Vec<Address>,
    metadata: std::collections::BTreeMap<String, Address>,
}

impl Validate for Customer {
    fn validate_into(&self, v: &mut Validator) {
        v.field("name", |v| v.min_length(&self.name, 2));
        v.field("age", |v| {
            v.minimum(self.age, 18.0, false);
            v.maximum(self.age, 150.0, true);
            v.multiple_of(self.age, 0.5);
        });
        v.field("addresses", |v| {
            v.max_items(self.addresses.len(), 2);
            v.nested(&self.addresses);
        });
        v.field("metadata", |v| v.nested(&self.metadata));
    }
}

fn address(zip: &str, lines: &[&str]) -> Address {
    Address {
        zip: zip.to_owned(),
        lines: lines.iter().map(|s| (*s).to_owned()).collect(),
    }
}

#[test]
fn validator_reports_paths_and_messages() {
    let mut metadata = std::collections::BTreeMap::new();
    metadata.insert("billing".to_owned(), address("OK 1", &[]));
    let customer = Customer {
        name: "Ż".to_owned(),
        age: 17.25,
        addresses: vec![
            address("12345678901", &["a", "b", "a"]),
            address("10000", &["x"]),
            address("zip?", &["y"]),
        ],
        metadata,
    };
    let errors = customer.validate().expect_err("invalid");
    let lines: Vec<String> = errors.0.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "name: shorter than 2 characters",
            "age: less than 18",
            "age: not a multiple of 0.5",
            "addresses: more than 2 items",
            "addresses[0].zip: longer than 10 characters",
            "addresses[0].lines: items [0] and [2] are equal",
            "addresses[2].zip: does not match the pattern `^[0-9A-Z -]+$`",
            "metadata[\"billing\"].lines: fewer than 1 items",
        ]
    );
    assert_eq!(errors.0[4].path, "addresses[0].zip");
    assert_eq!(errors.0[4].message, "longer than 10 characters");
    assert_eq!(errors.to_string(), lines.join("; "));
}

#[test]
fn validator_counts_characters_not_bytes() {
    let ok = Address {
        zip: "ŻŻŻŻŻŻŻŻŻŻ".to_owned(), // 10 chars, 20 bytes
        lines: vec!["x".to_owned()],
    };
    let mut v = Validator::new();
    v.field("zip", |v| v.max_length(&ok.zip, 10));
    assert!(v.is_ok());
}

#[test]
fn validator_bounds_exclusive_and_inclusive() {
    let mut v = Validator::new();
    v.minimum(0.0, 0.0, false); // ok
    v.maximum(10.0, 10.0, false); // ok
    v.multiple_of(0.3, 0.1); // ok despite binary floating point
    assert!(v.is_ok(), "{:?}", v.violations());
    v.minimum(0.0, 0.0, true);
    v.maximum(10.0, 10.0, true);
    v.maximum(11.0, 10.0, false);
    v.minimum(f64::NAN, 0.0, false);
    let messages: Vec<&str> = v.violations().iter().map(|x| x.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "not greater than 0",
            "not less than 10",
            "greater than 10",
            "not a number"
        ]
    );
    assert_eq!(
        v.violations()[0].to_string(),
        "not greater than 0",
        "root path"
    );
}

#[test]
fn valid_value_passes() {
    let customer = Customer {
        name: "Ada".to_owned(),
        age: 36.5,
        addresses: vec![address("10000", &["Ilica 1"])],
        metadata: Default::default(),
    };
    assert_eq!(customer.validate(), Ok(()));
}

// ---------------------------------------------------------------------------------------------
// paginate_offset

async fn collect<T>(
    s: impl futures_util::Stream<Item = Result<T, Error<String>>>,
) -> Vec<Result<T, Error<String>>> {
    let mut s = pin!(s);
    let mut out = Vec::new();
    while let Some(item) = s.next().await {
        out.push(item);
    }
    out
}

#[tokio::test]
async fn paginate_stops_after_a_short_page() {
    let calls = std::sync::Mutex::new(Vec::new());
    let items = collect(paginate_offset(0, 3, |offset, limit| {
        calls.lock().expect("lock").push((offset, limit));
        async move {
            let all: Vec<i64> = (0..7).collect();
            let from = usize::try_from(offset).expect("offset");
            let to = (from + usize::try_from(limit).expect("limit")).min(all.len());
            Ok::<_, Error<String>>(all[from..to].to_vec())
        }
    }))
    .await;
    let items: Vec<i64> = items.into_iter().map(|r| r.expect("ok")).collect();
    assert_eq!(items, (0..7).collect::<Vec<_>>());
    assert_eq!(*calls.lock().expect("lock"), [(0, 3), (3, 3), (6, 3)]);
}

#[tokio::test]
async fn paginate_stops_after_an_empty_page() {
    let calls = std::sync::Mutex::new(Vec::new());
    let items = collect(paginate_offset(10, 2, |offset, limit| {
        calls.lock().expect("lock").push((offset, limit));
        async move {
            let page = if offset < 14 {
                vec![offset, offset + 1]
            } else {
                vec![]
            };
            Ok::<_, Error<String>>(page)
        }
    }))
    .await;
    let items: Vec<i64> = items.into_iter().map(|r| r.expect("ok")).collect();
    assert_eq!(items, [10, 11, 12, 13]);
    assert_eq!(*calls.lock().expect("lock"), [(10, 2), (12, 2), (14, 2)]);
}

#[tokio::test]
async fn paginate_surfaces_an_error_and_stops() {
    let calls = std::sync::Mutex::new(0);
    let items = collect(paginate_offset(0, 2, |offset, _limit| {
        *calls.lock().expect("lock") += 1;
        async move {
            if offset == 0 {
                Ok(vec!["a", "b"])
            } else {
                Err(Error::Encode("page 2 failed".to_owned()))
            }
        }
    }))
    .await;
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].as_ref().ok(), Some(&"a"));
    assert_eq!(items[1].as_ref().ok(), Some(&"b"));
    assert!(matches!(&items[2], Err(Error::Encode(m)) if m == "page 2 failed"));
    assert_eq!(*calls.lock().expect("lock"), 2, "no fetch after the error");
}

/// A body with its own `status` field, as Monri's and Rapyd's have.
#[derive(Debug, Clone, PartialEq)]
struct Charge {
    status: &'static str,
}

#[test]
fn a_response_never_shadows_a_body_field() {
    use generator_runtime::{HeaderMap, Response, StatusCode};
    let mut resp = Response::new(
        StatusCode::CREATED,
        HeaderMap::new(),
        Charge { status: "paid" },
    );
    // The wrapper has no public field: `resp.status` is the body's, the HTTP status a method.
    assert_eq!(resp.status, "paid");
    assert_eq!(resp.status(), StatusCode::CREATED);
    assert_eq!(resp.body().status, "paid");
    resp.body_mut().status = "refunded";
    assert_eq!(resp.status, "refunded");
    assert!(resp.headers().is_empty());
    assert_eq!(resp.header("x-request-id"), None);
    let mapped = resp.map(|p| p.status.len());
    assert_eq!(*mapped.body(), "refunded".len());
    let (status, _, body) = mapped.into_parts();
    assert_eq!((status, body), (StatusCode::CREATED, 8));
}

/// An ECMA-262 pattern `regex` cannot compile (a lookahead) is checked with `regress`: not
/// anchored, and the message names the pattern as written.
#[test]
fn ecma_patterns_are_checked_with_regress() {
    let source = "^(?!test_)[a-z_]+$";
    assert!(
        regex::Regex::new(source).is_err(),
        "regex refuses lookahead"
    );
    let re = regress::Regex::new(source).expect("regress compiles it");
    let mut v = Validator::new();
    v.field("ok", |v| v.pattern_ecma("live_key", &re, source));
    v.field("bad", |v| v.pattern_ecma("test_key", &re, source));
    let unanchored = regress::Regex::new("(?<=a)b").expect("lookbehind");
    v.field("inside", |v| v.pattern_ecma("xxab", &unanchored, "(?<=a)b"));
    v.field("missing", |v| v.pattern_ecma("bb", &unanchored, "(?<=a)b"));
    let errors = v.finish().expect_err("two violations");
    assert_eq!(
        errors.to_string(),
        "bad: does not match the pattern `^(?!test_)[a-z_]+$`; missing: does not match the pattern `(?<=a)b`"
    );
}

/// `Customer`'s checks written as generated code writes them: `enter`/`leave`, no closures.
struct EnteredCustomer(Customer);

impl Validate for EnteredCustomer {
    fn validate_into(&self, v: &mut Validator) {
        let c = &self.0;
        v.enter("name");
        v.min_length(&c.name, 2);
        v.leave();
        v.enter("age");
        v.minimum(c.age, 18.0, false);
        v.maximum(c.age, 150.0, true);
        v.multiple_of(c.age, 0.5);
        v.leave();
        v.enter("addresses");
        v.max_items(c.addresses.len(), 2);
        for (i, a) in c.addresses.iter().enumerate() {
            v.enter_index(i);
            v.nested(a);
            v.leave();
        }
        v.leave();
        v.enter("metadata");
        for (key, a) in &c.metadata {
            v.enter_key(key);
            v.nested(a);
            v.leave();
        }
        v.leave();
    }
}

#[test]
fn enter_and_leave_report_the_paths_the_closures_do() {
    let customer = || {
        let mut metadata = std::collections::BTreeMap::new();
        metadata.insert("billing".to_owned(), address("OK 1", &[]));
        Customer {
            name: "Ż".to_owned(),
            age: 17.25,
            addresses: vec![
                address("12345678901", &["a", "b", "a"]),
                address("zip?", &["y"]),
            ],
            metadata,
        }
    };
    let with_closures = customer().validate().expect_err("invalid").to_string();
    let entered = EnteredCustomer(customer()).validate().expect_err("invalid");
    assert_eq!(entered.to_string(), with_closures);
    assert!(with_closures.contains("addresses[0].zip: longer than 10 characters"));
    assert!(with_closures.contains("metadata[\"billing\"].lines"));
}

#[derive(Debug, Deserialize)]
struct Failure {
    #[allow(dead_code)] // read to check the body parses
    code: i64,
}

#[derive(Debug)]
enum FailureError {
    Failed(Failure),
}

fn raw(status: u16, body: &str) -> generator_runtime::RawResponse {
    let mut headers = generator_runtime::HeaderMap::new();
    headers.insert("x-count", " 42 ".parse().expect("header"));
    headers.insert(
        "link",
        "<https://example.com?page=2>; rel=\"next\""
            .parse()
            .expect("header"),
    );
    generator_runtime::RawResponse {
        status: generator_runtime::StatusCode::from_u16(status).expect("status"),
        headers,
        body: bytes::Bytes::copy_from_slice(body.as_bytes()),
    }
}

#[test]
fn error_json_message_reads_the_string_at_the_pointer() {
    let message =
        |body: &str, at: &str| match raw(422, body).error_json_message(FailureError::Failed, at) {
            Error::Api(api) => {
                let FailureError::Failed(f) = &api.body;
                assert_eq!(f.code, 7);
                api.message
            }
            other => panic!("expected Error::Api, got {other:?}"),
        };
    assert_eq!(
        message(r#"{"code":7,"message":"No."}"#, "/message").as_deref(),
        Some("No.")
    );
    let nested = r#"{"code":7,"status":{"message":"Nested.","a/b":"slash"}}"#;
    assert_eq!(
        message(nested, "/status/message").as_deref(),
        Some("Nested.")
    );
    assert_eq!(message(nested, "/status/a~1b").as_deref(), Some("slash"));
    assert_eq!(message(r#"{"code":7,"message":3}"#, "/message"), None);
    assert_eq!(message(r#"{"code":7}"#, "/message"), None);
    // A body that is not the documented type is a decode error that keeps the response.
    match raw(422, r#"{"message":"No."}"#).error_json_message(FailureError::Failed, "/message") {
        Error::Decode { response, .. } => assert_eq!(response.status.as_u16(), 422),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[test]
fn header_helpers_read_text_and_parsed_values() {
    let headers = raw(200, "").headers;
    assert_eq!(
        generator_runtime::header_text(&headers, "link").as_deref(),
        Some("<https://example.com?page=2>; rel=\"next\"")
    );
    assert_eq!(
        generator_runtime::header_parsed::<i64>(&headers, "x-count"),
        Some(42)
    );
    assert_eq!(
        generator_runtime::header_parsed::<i64>(&headers, "link"),
        None
    );
    assert_eq!(generator_runtime::header_text(&headers, "absent"), None);
}
