//! Deserialisers for open enums: string and integer enums that keep values the document does
//! not list instead of failing, so a provider adding a new status does not break parsing.
//!
//! A generated string enum implements `FromStr<Err = Infallible>` (unknown text becomes its
//! `Other(String)` variant) and uses `#[serde(deserialize_with = ...)]` or a `Deserialize` impl
//! that calls [`deserialize_str_enum`]; an integer enum implements `From<i64>` and uses
//! [`deserialize_int_enum`].

use std::convert::Infallible;
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// Deserialises a string into `T` through `T::from_str`, which cannot fail.
pub fn deserialize_str_enum<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr<Err = Infallible>,
{
    d.deserialize_str(StrEnumVisitor(PhantomData))
}

struct StrEnumVisitor<T>(PhantomData<fn() -> T>);

impl<T: FromStr<Err = Infallible>> Visitor<'_> for StrEnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        match T::from_str(v) {
            Ok(t) => Ok(t),
            Err(never) => match never {},
        }
    }
}

/// Deserialises an integer (within `i64`) into `T` through `T::from`.
pub fn deserialize_int_enum<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: From<i64>,
{
    i64::deserialize(d).map(T::from)
}
