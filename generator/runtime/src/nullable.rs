//! [`Nullable`]: a field that can be absent, explicitly `null`, or a value — three states that
//! `Option` cannot tell apart.
//!
//! Use it with `#[serde(default, skip_serializing_if = "crate::Nullable::is_absent")]`:
//! a missing key deserialises to [`Nullable::Absent`] (the default) and is not written back;
//! `null` deserialises to [`Nullable::Null`] and is written as `null`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Absent, `null`, or a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Nullable<T> {
    /// The key is not present.
    Absent,
    /// The key is present with the value `null`.
    Null,
    /// The key is present with a value.
    Value(T),
}

impl<T> Default for Nullable<T> {
    /// [`Nullable::Absent`].
    fn default() -> Self {
        Nullable::Absent
    }
}

impl<T> Nullable<T> {
    /// Whether the key is absent (for `skip_serializing_if`).
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the value is an explicit `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// Whether there is a value.
    pub fn is_value(&self) -> bool {
        matches!(self, Nullable::Value(_))
    }

    /// The value, if any.
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value, if any (absent and `null` both become `None`).
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(v: T) -> Self {
        Nullable::Value(v)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    /// A value as itself; `Null` (and `Absent`, when not skipped) as `null`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(v) => v.serialize(serializer),
            Nullable::Null | Nullable::Absent => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// `null` as `Null`, anything else as a `Value`; a missing key is `Absent` via
    /// `#[serde(default)]`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(v) => Nullable::Value(v),
            None => Nullable::Null,
        })
    }
}
