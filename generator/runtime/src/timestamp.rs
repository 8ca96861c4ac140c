//! [`Timestamp`]: what `format: date-time` maps to — a lenient date-time that keeps its text.
//!
//! Providers' documents say "date-time" but send RFC 3339 (`2022-12-20T18:54:42.033Z`),
//! `2018-11-27 07:36:58` (no offset) or even a bare date (`2023-12-31`). A [`Timestamp`] accepts
//! any string: it keeps the text exactly and writes it back unchanged, and [`Timestamp::parsed`]
//! interprets it as
//!
//! 1. RFC 3339 (with `T`, `t` or a space between date and time);
//! 2. `YYYY-MM-DD hh:mm:ss[.fff]` or `YYYY-MM-DDThh:mm:ss[.fff]` without offset, taken as UTC;
//! 3. `YYYY-MM-DD`, taken as midnight UTC;
//!
//! and is `None` for anything else.

use std::convert::Infallible;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date-time as received: its exact text and, when it parses, its value.
///
/// Equality, hashing and ordering-free comparison use the text.
#[derive(Clone)]
pub struct Timestamp {
    raw: String,
    parsed: Option<DateTime<FixedOffset>>,
}

impl Timestamp {
    /// Wraps `text`, parsing it leniently (see the module documentation).
    pub fn new(text: impl Into<String>) -> Self {
        let raw = text.into();
        let parsed = parse_lenient(&raw);
        Timestamp { raw, parsed }
    }

    /// The instant, if the text is one of the accepted forms.
    pub fn parsed(&self) -> Option<DateTime<FixedOffset>> {
        self.parsed
    }

    /// The text exactly as received (or as written for a value made from a `DateTime`).
    pub fn as_str(&self) -> &str {
        &self.raw
    }
}

fn parse_lenient(s: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt);
    }
    let utc = FixedOffset::east_opt(0)?;
    for format in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(s, format) {
            return Some(utc.from_utc_datetime(&naive));
        }
    }
    let date = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    Some(utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0)?))
}

impl<Tz: TimeZone> From<DateTime<Tz>> for Timestamp {
    /// Written as RFC 3339, with `Z` for UTC and as many fractional digits as needed.
    fn from(dt: DateTime<Tz>) -> Self {
        let fixed = dt.fixed_offset();
        Timestamp {
            raw: fixed.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            parsed: Some(fixed),
        }
    }
}

impl From<String> for Timestamp {
    fn from(text: String) -> Self {
        Timestamp::new(text)
    }
}

impl From<&str> for Timestamp {
    fn from(text: &str) -> Self {
        Timestamp::new(text)
    }
}

impl FromStr for Timestamp {
    type Err = Infallible;
    fn from_str(s: &str) -> Result<Self, Infallible> {
        Ok(Timestamp::new(s))
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl Eq for Timestamp {}

impl Hash for Timestamp {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.raw.hash(state);
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({:?})", self.raw)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Timestamp::new)
    }
}

/// `Utc::now()`-free helper so that `chrono`'s `clock` feature is not needed.
impl Timestamp {
    /// The instant as UTC, if the text parsed.
    pub fn utc(&self) -> Option<DateTime<Utc>> {
        self.parsed.map(|dt| dt.with_timezone(&Utc))
    }
}
