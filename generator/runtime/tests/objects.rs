//! `json_object!`, the serde of every generated struct: what it writes for each field kind
//! (required, required-nullable, optional, the extras map), what it reads, and that the first
//! error a field's value raises is the one returned.

use std::collections::BTreeMap;

use generator_runtime::{json_object, Nullable};
use serde::ser::Error as _;
use serde::{Serialize, Serializer};

#[derive(Debug, Clone, PartialEq)]
struct Account {
    id: i64,
    owner: Option<String>,
    nickname: Option<String>,
    note: Nullable<String>,
    extra: BTreeMap<String, serde_json::Value>,
}

json_object! {
    Account, both;
    req id = "id";
    nul owner = "owner";
    opt nickname = "nick_name";
    opt note = "note";
    ..extra;
}

fn account() -> Account {
    Account {
        id: 7,
        owner: None,
        nickname: None,
        note: Nullable::Absent,
        extra: BTreeMap::new(),
    }
}

#[test]
fn writes_required_and_nullable_always_and_optional_when_present() {
    let json = serde_json::to_string(&account()).expect("serialises");
    assert_eq!(json, r#"{"id":7,"owner":null}"#);

    let mut full = account();
    full.owner = Some("ana".into());
    full.nickname = Some("a".into());
    full.note = Nullable::Null;
    full.extra.insert("z".into(), serde_json::json!(1));
    let json = serde_json::to_string(&full).expect("serialises");
    assert_eq!(
        json,
        r#"{"id":7,"owner":"ana","nick_name":"a","note":null,"z":1}"#
    );
}

#[test]
fn reads_what_it_writes_and_keeps_undeclared_properties() {
    let text = r#"{"z":[1],"note":"n","id":3,"nick_name":"b","owner":null}"#;
    let read: Account = serde_json::from_str(text).expect("parses");
    let mut want = account();
    want.id = 3;
    want.nickname = Some("b".into());
    want.note = Nullable::Value("n".into());
    want.extra.insert("z".into(), serde_json::json!([1]));
    assert_eq!(read, want);
    let again: Account =
        serde_json::from_str(&serde_json::to_string(&read).expect("serialises")).expect("parses");
    assert_eq!(again, read);
}

#[test]
fn missing_required_and_duplicate_properties_are_errors() {
    let missing = serde_json::from_str::<Account>(r#"{"owner":"x"}"#).unwrap_err();
    assert!(
        missing.to_string().contains("missing field `id`"),
        "{missing}"
    );
    // A required but nullable property may be left out: it reads as `None`.
    let read: Account = serde_json::from_str(r#"{"id":1}"#).expect("parses");
    assert_eq!(read.owner, None);
    let twice = serde_json::from_str::<Account>(r#"{"id":1,"id":2}"#).unwrap_err();
    assert!(
        twice.to_string().contains("duplicate field `id`"),
        "{twice}"
    );
}

/// A value whose serialisation fails with its own message.
#[derive(Debug, Clone, PartialEq)]
struct Failing(&'static str);

impl Serialize for Failing {
    fn serialize<S: Serializer>(&self, _serializer: S) -> Result<S::Ok, S::Error> {
        Err(S::Error::custom(self.0))
    }
}

#[derive(Debug, Clone, PartialEq)]
struct TwoFailures {
    first: Failing,
    second: Option<Failing>,
}

json_object! {
    TwoFailures, ser;
    req first = "first";
    opt second = "second";
}

#[test]
fn the_first_field_error_is_returned() {
    let value = TwoFailures {
        first: Failing("first failed"),
        second: Some(Failing("second failed")),
    };
    let err = serde_json::to_string(&value).unwrap_err();
    assert_eq!(err.to_string(), "first failed");
}
