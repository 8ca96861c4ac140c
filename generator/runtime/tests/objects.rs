//! `json_object!`, the serde of every generated struct: what it writes for each field kind
//! (required, required-nullable, optional, the extras map), what it reads, and that the first
//! error a field's value raises is the one returned. Reading goes through a table and writes
//! fields in place, so the tests also count values: every value read is dropped exactly once,
//! whether reading succeeds, fails (missing, duplicate, malformed property) or panics. `Debug`,
//! `Clone` and `PartialEq` through the same table behave as the derives do: the same text, the
//! same values, and a panicking `clone` drops what it cloned.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use generator_runtime::{json_object, Nullable};
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

/// Never read (`both` needs a `Deserialize`): reading one is an error.
impl<'de> Deserialize<'de> for Failing {
    fn deserialize<D: Deserializer<'de>>(_d: D) -> Result<Self, D::Error> {
        Err(serde::de::Error::custom("a Failing is not read"))
    }
}

/// [`TwoFailures`] read and written: written through the table instead of the `Writer`.
#[derive(Debug)]
struct TwoFailuresBoth {
    first: Failing,
    second: Option<Failing>,
}

json_object! {
    TwoFailuresBoth, both;
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
    let value = TwoFailuresBoth {
        first: Failing("first failed"),
        second: Some(Failing("second failed")),
    };
    let err = serde_json::to_string(&value).unwrap_err();
    assert_eq!(err.to_string(), "first failed");
}

/// [`Account`] only written: its `Serialize` is the `Writer`'s straight line, not the table.
struct SentAccount {
    id: i64,
    owner: Option<String>,
    nickname: Option<String>,
    note: Nullable<String>,
    extra: BTreeMap<String, serde_json::Value>,
}

json_object! {
    SentAccount, ser;
    req id = "id";
    nul owner = "owner";
    opt nickname = "nick_name";
    opt note = "note";
    ..extra;
}

#[test]
fn the_table_and_the_writer_write_the_same_object() {
    let notes = [
        Nullable::Absent,
        Nullable::Null,
        Nullable::Value("n".to_string()),
    ];
    for (i, note) in notes.into_iter().enumerate() {
        let mut account = account();
        account.note = note.clone();
        account.owner = (i == 1).then(|| "ana".to_string());
        account.nickname = (i == 2).then(|| "a".to_string());
        if i > 0 {
            account.extra.insert("z".into(), serde_json::json!([i]));
        }
        let sent = SentAccount {
            id: account.id,
            owner: account.owner.clone(),
            nickname: account.nickname.clone(),
            note,
            extra: account.extra.clone(),
        };
        assert_eq!(
            serde_json::to_string(&account).expect("writes"),
            serde_json::to_string(&sent).expect("writes")
        );
    }
}

thread_local! {
    /// `Counted` values alive on this thread.
    static ALIVE: Cell<i64> = const { Cell::new(0) };
}

fn alive() -> i64 {
    ALIVE.with(Cell::get)
}

/// A value that counts itself: read from a number (`-1` panics, a string is an error), made
/// by `Default`, cloned (`-2` panics), and dropped.
#[derive(Debug, PartialEq)]
struct Counted(i64);

impl Counted {
    fn new(n: i64) -> Self {
        ALIVE.with(|a| a.set(a.get() + 1));
        Counted(n)
    }
}

impl Default for Counted {
    fn default() -> Self {
        Counted::new(0)
    }
}

impl Clone for Counted {
    fn clone(&self) -> Self {
        assert!(self.0 != -2, "a field's Clone panicked");
        Counted::new(self.0)
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        ALIVE.with(|a| a.set(a.get() - 1));
    }
}

impl<'de> Deserialize<'de> for Counted {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = i64::deserialize(d)?;
        assert!(n != -1, "a field's Deserialize panicked");
        Ok(Counted::new(n))
    }
}

/// Fields of every kind and of different sizes and alignments, so each sits at its own offset.
struct Mixed {
    flag: u8,
    first: Counted,
    name: String,
    second: Option<Counted>,
    small: Option<bool>,
    third: Nullable<Counted>,
    last: Counted,
    more: BTreeMap<String, Counted>,
}

json_object! {
    Mixed, de + Debug + Clone + PartialEq;
    req flag = "flag";
    req first = "first";
    req name = "name";
    nul second = "second";
    opt small = "small";
    opt third = "third";
    req last = "last";
    ..more;
}

#[test]
fn every_field_lands_in_its_own_place_in_any_order() {
    let text =
        r#"{"last":4,"x":9,"third":3,"small":true,"second":2,"name":"n","first":1,"flag":7}"#;
    let read: Mixed = serde_json::from_str(text).expect("parses");
    assert_eq!(
        (read.flag, read.name.as_str(), read.small),
        (7, "n", Some(true))
    );
    // (compared by number: a `Counted` made here would count its own drop)
    assert_eq!((read.first.0, read.last.0), (1, 4));
    assert_eq!(read.second.as_ref().map(|c| c.0), Some(2));
    assert!(matches!(read.third, Nullable::Value(Counted(3))));
    assert_eq!(read.more.get("x").map(|c| c.0), Some(9));
    assert_eq!(read.more.len(), 1);
    assert_eq!(alive(), 5);
    drop(read);
    assert_eq!(alive(), 0);

    // Missing optional and nullable fields read as absent and `None`.
    let read: Mixed =
        serde_json::from_str(r#"{"flag":0,"first":1,"name":"","last":2}"#).expect("parses");
    assert!(read.second.is_none() && read.small.is_none());
    assert!(matches!(read.third, Nullable::Absent));
    assert!(read.more.is_empty());
    drop(read);
    assert_eq!(alive(), 0);
}

#[test]
fn a_failed_read_drops_what_it_read_and_nothing_else() {
    let cases = [
        // the first required field missing, after optional ones defaulted
        (
            r#"{"flag":0,"second":2,"x":1,"name":"n"}"#,
            "missing field `first`",
        ),
        (
            r#"{"flag":0,"first":1,"second":2,"name":"n"}"#,
            "missing field `last`",
        ),
        (
            r#"{"first":1,"second":2,"first":3}"#,
            "duplicate field `first`",
        ),
        (r#"{"first":1,"x":5,"last":"four"}"#, "invalid type: string"),
        (r#"{"first":1,"x":"five"}"#, "invalid type: string"),
        (r#"{"first":1,"flag":300}"#, "invalid value"),
        (r#"{"first":1,"name":"n","second":2"#, "EOF"),
    ];
    for (text, want) in cases {
        let err = serde_json::from_str::<Mixed>(text).unwrap_err();
        assert!(err.to_string().contains(want), "{text}: {err}");
        assert_eq!(alive(), 0, "{text}: a value leaked or dropped twice");
    }
}

#[test]
fn a_panic_while_reading_drops_what_was_read() {
    let text = r#"{"first":1,"x":2,"second":3,"last":-1,"flag":0,"name":"n"}"#;
    let panicked = catch_unwind(AssertUnwindSafe(|| serde_json::from_str::<Mixed>(text)));
    assert!(panicked.is_err());
    assert_eq!(alive(), 0);
}

/// Declares a struct of required `u32` fields with the given names and wire names, and its
/// `json_object!`.
macro_rules! wide {
    ($name:ident: $($field:ident $wire:literal)*) => {
        #[derive(Debug, Default)]
        struct $name {
            $( $field: u32, )*
        }
        json_object! {
            $name, both;
            $( req $field = $wire; )*
        }
    };
}

wide! { Wide:
    f000 "f000" f001 "f001" f002 "f002" f003 "f003" f004 "f004" f005 "f005" f006 "f006"
    f007 "f007" f008 "f008" f009 "f009" f010 "f010" f011 "f011" f012 "f012" f013 "f013"
    f014 "f014" f015 "f015" f016 "f016" f017 "f017" f018 "f018" f019 "f019" f020 "f020"
    f021 "f021" f022 "f022" f023 "f023" f024 "f024" f025 "f025" f026 "f026" f027 "f027"
    f028 "f028" f029 "f029" f030 "f030" f031 "f031" f032 "f032" f033 "f033" f034 "f034"
    f035 "f035" f036 "f036" f037 "f037" f038 "f038" f039 "f039" f040 "f040" f041 "f041"
    f042 "f042" f043 "f043" f044 "f044" f045 "f045" f046 "f046" f047 "f047" f048 "f048"
    f049 "f049" f050 "f050" f051 "f051" f052 "f052" f053 "f053" f054 "f054" f055 "f055"
    f056 "f056" f057 "f057" f058 "f058" f059 "f059" f060 "f060" f061 "f061" f062 "f062"
    f063 "f063" f064 "f064" f065 "f065" f066 "f066" f067 "f067" f068 "f068" f069 "f069"
    f070 "f070" f071 "f071" f072 "f072" f073 "f073" f074 "f074" f075 "f075" f076 "f076"
    f077 "f077" f078 "f078" f079 "f079" f080 "f080" f081 "f081" f082 "f082" f083 "f083"
    f084 "f084" f085 "f085" f086 "f086" f087 "f087" f088 "f088" f089 "f089" f090 "f090"
    f091 "f091" f092 "f092" f093 "f093" f094 "f094" f095 "f095" f096 "f096" f097 "f097"
    f098 "f098" f099 "f099" f100 "f100" f101 "f101" f102 "f102" f103 "f103" f104 "f104"
    f105 "f105" f106 "f106" f107 "f107" f108 "f108" f109 "f109" f110 "f110" f111 "f111"
    f112 "f112" f113 "f113" f114 "f114" f115 "f115" f116 "f116" f117 "f117" f118 "f118"
    f119 "f119" f120 "f120" f121 "f121" f122 "f122" f123 "f123" f124 "f124" f125 "f125"
    f126 "f126" f127 "f127" f128 "f128" f129 "f129" f130 "f130"
}

#[test]
fn a_struct_of_more_than_128_fields_reads_every_one() {
    let mut text: Vec<String> = (0..=130).map(|i| format!(r#""f{i:03}":{i}"#)).collect();
    text.reverse();
    let text = format!("{{{}}}", text.join(","));
    let read: Wide = serde_json::from_str(&text).expect("parses");
    assert_eq!(
        (read.f000, read.f064, read.f127, read.f128, read.f130),
        (0, 64, 127, 128, 130)
    );
    let again: Wide =
        serde_json::from_str(&serde_json::to_string(&read).expect("writes")).expect("parses");
    assert_eq!(again.f129, 129);

    let missing = text.replace(r#""f129":129,"#, "");
    let err = serde_json::from_str::<Wide>(&missing).unwrap_err();
    assert!(err.to_string().contains("missing field `f129`"), "{err}");
    let twice = text.replace(r#""f000":0"#, r#""f129":1,"f000":0"#);
    let err = serde_json::from_str::<Wide>(&twice).unwrap_err();
    assert!(err.to_string().contains("duplicate field `f129`"), "{err}");
}

/// The same fields as [`Shown`], with the derives: what the table's impls must match.
#[derive(Debug, Clone, PartialEq)]
struct Derived {
    r#type: String,
    count: Option<i64>,
    note: Nullable<String>,
    inner: Option<Box<Derived>>,
    extra: BTreeMap<String, serde_json::Value>,
}

#[allow(dead_code)] // fields read only through the table
struct Shown {
    r#type: String,
    count: Option<i64>,
    note: Nullable<String>,
    inner: Option<Box<Shown>>,
    extra: BTreeMap<String, serde_json::Value>,
}

json_object! {
    Shown, both + Debug + Clone + PartialEq;
    req r#type = "type";
    opt count = "count";
    opt note = "note";
    opt inner = "inner";
    ..extra;
}

json_object! {
    Derived, de;
    req r#type = "type";
    opt count = "count";
    opt note = "note";
    opt inner = "inner";
    ..extra;
}

#[test]
fn debug_through_the_table_prints_what_the_derive_prints() {
    let text = r#"{"type":"a \"b\"","count":3,"note":null,"inner":{"type":"c","z":[1]},"y":{}}"#;
    let shown: Shown = serde_json::from_str(text).expect("parses");
    let derived: Derived = serde_json::from_str(text).expect("parses");
    // (the same but for the structs' names)
    let same = |text: String| text.replace("Derived", "Shown");
    assert_eq!(format!("{shown:?}"), same(format!("{derived:?}")));
    assert_eq!(format!("{shown:#?}"), same(format!("{derived:#?}")));
    assert!(format!("{shown:?}").starts_with(r#"Shown { type: "a \"b\"", count: Some(3), "#));
}

#[test]
fn clone_and_eq_through_the_table_match_the_derives() {
    let text = r#"{"type":"t","count":1,"inner":{"type":"u","note":"n"},"x":true}"#;
    let shown: Shown = serde_json::from_str(text).expect("parses");
    let copy = shown.clone();
    assert!(copy == shown);
    assert_eq!(
        serde_json::to_string(&copy).expect("writes"),
        serde_json::to_string(&shown).expect("writes")
    );
    // Each field, and the extras map, takes part in `==`.
    for other in [
        r#"{"type":"T","count":1,"inner":{"type":"u","note":"n"},"x":true}"#,
        r#"{"type":"t","count":2,"inner":{"type":"u","note":"n"},"x":true}"#,
        r#"{"type":"t","count":1,"note":null,"inner":{"type":"u","note":"n"},"x":true}"#,
        r#"{"type":"t","count":1,"inner":{"type":"u","note":null},"x":true}"#,
        r#"{"type":"t","count":1,"inner":{"type":"u","note":"n"},"x":false}"#,
        r#"{"type":"t","count":1,"inner":{"type":"u","note":"n"}}"#,
    ] {
        let other_shown: Shown = serde_json::from_str(other).expect("parses");
        let (a, b): (Derived, Derived) = (
            serde_json::from_str(text).expect("parses"),
            serde_json::from_str(other).expect("parses"),
        );
        assert!(a != b, "the derive tells {other} apart");
        assert!(shown != other_shown, "{other}");
        assert!(other_shown == other_shown.clone(), "{other}");
    }
}

#[test]
fn clone_makes_one_value_per_field_and_drop_ends_them() {
    let text = r#"{"last":4,"x":9,"third":3,"second":2,"name":"n","first":1,"flag":7}"#;
    let read: Mixed = serde_json::from_str(text).expect("parses");
    assert_eq!(alive(), 5);
    let copy = read.clone();
    assert_eq!(alive(), 10);
    assert!(copy == read);
    assert_eq!(
        (copy.flag, copy.name.as_str(), copy.first.0, copy.last.0),
        (7, "n", 1, 4)
    );
    assert_eq!(copy.more.get("x").map(|c| c.0), Some(9));
    drop(read);
    assert_eq!(alive(), 5);
    drop(copy);
    assert_eq!(alive(), 0);
}

#[test]
fn a_panic_while_cloning_drops_what_was_cloned() {
    // `last` (-2) panics in `clone`, after the extras map and the fields before it are cloned.
    let text = r#"{"last":-2,"x":9,"third":3,"second":2,"name":"n","first":1,"flag":7}"#;
    let read: Mixed = serde_json::from_str(text).expect("parses");
    assert_eq!(alive(), 5);
    let panicked = catch_unwind(AssertUnwindSafe(|| read.clone()));
    assert!(panicked.is_err());
    assert_eq!(
        alive(),
        5,
        "the partial clone leaked or dropped a value twice"
    );
    drop(read);
    assert_eq!(alive(), 0);
}
