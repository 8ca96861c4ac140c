//! `string_enum!`: a string enum's traits, built on `StrEnum`'s constants, behave as the derives
//! they replaced, checked against a twin enum that derives them; and its wire form (`FromStr`,
//! `Display`, `as_str`, serde) keeps values the enum does not list.

use std::cmp::Ordering;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use generator_runtime::string_enum;

/// As generated: unit variants, then `Other`; `r#Type` checks raw identifiers.
#[non_exhaustive]
pub enum State {
    Open,
    Closed,
    r#Type,
    Other(String),
}

string_enum! { State; Open = "open", Closed = "closed", r#Type = "type"; Other }

/// The same enum with the derives `string_enum!` replaced.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Derived {
    Open,
    Closed,
    r#Type,
    Other(String),
}

/// Enough variants for `stringify!` to break its list over lines.
pub enum Long {
    FirstName,
    LastName,
    Country,
    State,
    City,
    Address,
    Zip,
    Phone,
    BirthDate,
    Email,
    TaxpayerId,
    CompanyName,
    CompanyRegistrationNumber,
    AnotherRatherLongVariantName,
    Other(String),
}

string_enum! {
    Long; FirstName = "first_name", LastName = "last_name", Country = "country",
    State = "state", City = "city", Address = "address", Zip = "zip", Phone = "phone",
    BirthDate = "birth_date", Email = "email", TaxpayerId = "taxpayer_id",
    CompanyName = "company_name", CompanyRegistrationNumber = "company_registration_number",
    AnotherRatherLongVariantName = "another"; Other
}

/// An enum whose spec lists no value.
pub enum Free {
    Other(String),
}

string_enum! { Free; ; Other }

fn both() -> Vec<(State, Derived)> {
    vec![
        (State::Open, Derived::Open),
        (State::Closed, Derived::Closed),
        (State::r#Type, Derived::r#Type),
        (State::Other("".into()), Derived::Other("".into())),
        (State::Other("open".into()), Derived::Other("open".into())),
        (State::Other("zzz".into()), Derived::Other("zzz".into())),
    ]
}

fn hash_of<T: Hash>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

#[test]
fn debug_prints_what_the_derive_prints() {
    for (ours, derived) in both() {
        assert_eq!(format!("{ours:?}"), format!("{derived:?}"));
        assert_eq!(format!("{ours:#?}"), format!("{derived:#?}"));
    }
    assert_eq!(format!("{:?}", State::r#Type), "Type");
    assert!(<Long as generator_runtime::enums::StrEnum>::NAMES.contains('\n'));
    assert_eq!(format!("{:?}", Long::Email), "Email");
    assert_eq!(format!("{:?}", Long::TaxpayerId), "TaxpayerId");
    assert_eq!(
        format!("{:?}", Long::AnotherRatherLongVariantName),
        "AnotherRatherLongVariantName"
    );
    assert_eq!(format!("{:?}", Long::Other("x".into())), "Other(\"x\")");
    assert_eq!(format!("{:?}", Free::Other("x".into())), "Other(\"x\")");
}

#[test]
fn eq_and_ord_agree_with_the_derives_on_every_pair() {
    for (a, da) in both() {
        for (b, db) in both() {
            assert_eq!(a == b, da == db, "{da:?} == {db:?}");
            assert_eq!(a.cmp(&b), da.cmp(&db), "{da:?} cmp {db:?}");
            assert_eq!(a.partial_cmp(&b), da.partial_cmp(&db));
            if a == b {
                assert_eq!(hash_of(&a), hash_of(&b), "equal values hash alike");
            }
        }
    }
    assert_eq!(State::Closed.cmp(&State::Other("a".into())), Ordering::Less);
}

#[test]
fn clone_makes_an_equal_independent_value() {
    for (ours, _) in both() {
        let copy = ours.clone();
        assert!(copy == ours);
        drop(ours);
        assert_eq!(format!("{copy:?}"), format!("{copy:?}"));
    }
}

#[test]
fn wire_form_round_trips_and_keeps_unlisted_values() {
    for (value, wire) in [
        (State::Open, "open"),
        (State::Closed, "closed"),
        (State::r#Type, "type"),
    ] {
        assert_eq!(value.as_str(), wire);
        assert_eq!(value.to_string(), wire);
        assert!(wire.parse::<State>().unwrap() == value);
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            format!("\"{wire}\"")
        );
        let read: State = serde_json::from_str(&format!("\"{wire}\"")).unwrap();
        assert!(read == value);
    }
    let other: State = serde_json::from_str("\"merged\"").unwrap();
    assert!(other == State::Other("merged".into()));
    assert_eq!(other.as_str(), "merged");
    assert_eq!(serde_json::to_string(&other).unwrap(), "\"merged\"");
    assert!(serde_json::from_str::<State>("3").is_err());
    let free: Free = "anything".parse().unwrap();
    assert_eq!(free.as_str(), "anything");
    assert!(free.clone() == free);
}
