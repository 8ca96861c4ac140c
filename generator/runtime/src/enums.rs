//! Deserialisers for open enums: string and integer enums that keep values the document does
//! not list instead of failing, so a provider adding a new status does not break parsing.
//!
//! A generated string enum implements `FromStr<Err = Infallible>` (unknown text becomes its
//! `Other(String)` variant) and uses `#[serde(deserialize_with = ...)]` or a `Deserialize` impl
//! that calls [`deserialize_str_enum`]; an integer enum implements `From<i64>` and uses
//! [`deserialize_int_enum`].
//!
//! A string enum's other traits come from [`string_enum!`]: its `Debug`, `Clone`, `PartialEq`,
//! `Eq`, `Hash`, `PartialOrd`, `Ord`, `FromStr`, `Display`, `Serialize` and `Deserialize` are
//! one-line calls into the functions below, which read three constants the macro gives it
//! ([`StrEnum`]): its unit variants, their wire values and their names. They behave as the
//! derives do (variants compare in declaration order, `Other` last, and `Debug` prints
//! `Read` or `Other("…")`). The only `match` an enum carries is [`StrEnum::other`]'s, which the
//! compiler checks is exhaustive, so the constants cannot leave a variant out. Built this way an
//! enum costs the compiler a fraction of what eleven derived or hand-written bodies did: GitHub's
//! 545 string enums are the largest group of items in its crate (see `BENCHMARKS.md`).

use std::cmp::Ordering;
use std::convert::Infallible;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::mem;
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

/// What [`string_enum!`] states about a string enum: its unit variants in declaration order,
/// their wire values, their names, and its `Other(String)` variant, declared last.
///
/// # Safety
///
/// Every entry of `UNITS` is a unit variant, so a bitwise copy of one is a second, independent
/// value (it owns nothing); `UNITS` holds each unit variant once, in declaration order, and
/// `other` returns `Some` for the `Other` variant only, which is declared after them. The macro
/// writes `UNITS` as `&[Self::Read, …]`, which only compiles for unit variants, and `other` as an
/// exhaustive `match` over the same names.
#[doc(hidden)]
pub unsafe trait StrEnum: Sized + 'static {
    /// The unit variants, in declaration order.
    const UNITS: &'static [Self];
    /// Their wire values, in the same order.
    const WIRE: &'static [&'static str];
    /// Their Rust names and then the `Other` variant's, as `stringify!` writes them: separated
    /// by spaces or line breaks, raw identifiers with their `r#`.
    const NAMES: &'static str;
    /// The `Other` variant's constructor.
    const OTHER: fn(String) -> Self;
    /// The text of an `Other` value; `None` for a unit variant.
    fn other(&self) -> Option<&String>;
}

/// The position of `value`'s variant in declaration order (`Other` is last), with an `Other`
/// value's text.
fn index<T: StrEnum>(value: &T) -> (usize, Option<&String>) {
    match value.other() {
        Some(text) => (T::UNITS.len(), Some(text)),
        None => {
            let variant = mem::discriminant(value);
            let i = T::UNITS
                .iter()
                .position(|unit| mem::discriminant(unit) == variant)
                .expect(
                    "StrEnum::UNITS lists every unit variant (its `other` match is exhaustive)",
                );
            (i, None)
        }
    }
}

/// The variant's name (`Read`), without `r#`.
fn name<T: StrEnum>(i: usize) -> &'static str {
    // `stringify!` breaks long lists over lines: any whitespace separates.
    let name = T::NAMES.split_ascii_whitespace().nth(i).unwrap_or_default();
    name.strip_prefix("r#").unwrap_or(name)
}

/// A second value of the unit variant at `i`.
fn unit<T: StrEnum>(i: usize) -> T {
    // SAFETY: `StrEnum` promises `UNITS` holds unit variants, which own nothing.
    unsafe { std::ptr::read(&T::UNITS[i]) }
}

/// The value as sent on the wire (a string enum's `as_str`).
#[doc(hidden)]
pub fn as_str<T: StrEnum>(value: &T) -> &str {
    match index(value) {
        (_, Some(text)) => text,
        (i, None) => T::WIRE[i],
    }
}

/// The variant whose wire value is `text`, else `Other(text)` (`FromStr`).
#[doc(hidden)]
pub fn from_str<T: StrEnum>(text: &str) -> T {
    match T::WIRE.iter().position(|wire| *wire == text) {
        Some(i) => unit(i),
        None => (T::OTHER)(text.to_owned()),
    }
}

/// `Debug`, as the derive writes it: `Read`, `Other("…")`.
#[doc(hidden)]
pub fn debug<T: StrEnum>(value: &T, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match index(value) {
        (i, Some(text)) => f.debug_tuple(name::<T>(i)).field(text).finish(),
        (i, None) => f.write_str(name::<T>(i)),
    }
}

/// `Clone`.
#[doc(hidden)]
pub fn clone<T: StrEnum>(value: &T) -> T {
    match index(value) {
        (_, Some(text)) => (T::OTHER)(text.clone()),
        (i, None) => unit(i),
    }
}

/// `PartialEq`: the same variant, and for `Other` the same text.
#[doc(hidden)]
pub fn eq<T: StrEnum>(a: &T, b: &T) -> bool {
    mem::discriminant(a) == mem::discriminant(b) && a.other() == b.other()
}

/// `Hash`, consistent with [`eq`].
#[doc(hidden)]
pub fn hash<T: StrEnum, H: Hasher>(value: &T, state: &mut H) {
    mem::discriminant(value).hash(state);
    value.other().hash(state);
}

/// `Ord`, as the derive orders: by variant in declaration order, then `Other`'s text.
#[doc(hidden)]
pub fn cmp<T: StrEnum>(a: &T, b: &T) -> Ordering {
    index(a).cmp(&index(b))
}

/// Implements a string enum's traits and its `as_str` through [`StrEnum`]; the enum is declared
/// beside it with its unit variants and then `Other(String)`.
///
/// ```
/// # use generator_runtime::string_enum;
/// #[non_exhaustive]
/// pub enum State {
///     Open,
///     Closed,
///     Other(String),
/// }
/// string_enum! { State; Open = "open", Closed = "closed"; Other }
/// let open: State = "open".parse().unwrap();
/// assert_eq!(open, State::Open);
/// assert_eq!(State::Other("x".into()).as_str(), "x");
/// assert_eq!(format!("{:?}", open.clone()), "Open");
/// assert!(State::Closed < State::Other("a".into()));
/// ```
///
/// An enum whose spec lists no value has only `Other`:
///
/// ```
/// # use generator_runtime::string_enum;
/// pub enum Free { Other(String) }
/// string_enum! { Free; ; Other }
/// assert_eq!("x".parse::<Free>().unwrap().as_str(), "x");
/// ```
///
/// A variant left out does not compile:
///
/// ```compile_fail,E0004
/// # use generator_runtime::string_enum;
/// pub enum State { Open, Closed, Other(String) }
/// string_enum! { State; Open = "open"; Other }
/// ```
#[macro_export]
macro_rules! string_enum {
    ($name:ident; ; $other:ident) => {
        $crate::string_enum! { @enum $name; ; $other; [] }
    };
    ($name:ident; $($variant:ident = $wire:literal),+ ; $other:ident) => {
        // One arm for all the unit variants: an arm each cost the compiler more.
        $crate::string_enum! { @enum $name; $($variant = $wire),+ ; $other; [
            $(Self::$variant)|+ => ::std::option::Option::None,
        ] }
    };
    (@enum $name:ident; $($variant:ident = $wire:literal),* ; $other:ident; [$($units:tt)*]) => {
        // SAFETY: `UNITS` names unit variants (only they are values of `Self`), in the order the
        // generator declares them, and `other` is an exhaustive match over the same names.
        unsafe impl $crate::enums::StrEnum for $name {
            const UNITS: &'static [Self] = &[$(Self::$variant),*];
            const WIRE: &'static [&'static str] = &[$($wire),*];
            const NAMES: &'static str = ::std::stringify!($($variant)* $other);
            const OTHER: fn(::std::string::String) -> Self = Self::$other;
            fn other(&self) -> ::std::option::Option<&::std::string::String> {
                match self {
                    $($units)*
                    Self::$other(text) => ::std::option::Option::Some(text),
                }
            }
        }
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                $crate::enums::as_str(self)
            }
        }
        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::enums::debug(self, f)
            }
        }
        impl ::std::clone::Clone for $name {
            fn clone(&self) -> Self {
                $crate::enums::clone(self)
            }
        }
        impl ::std::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                $crate::enums::eq(self, other)
            }
        }
        impl ::std::cmp::Eq for $name {}
        impl ::std::hash::Hash for $name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                $crate::enums::hash(self, state)
            }
        }
        impl ::std::cmp::PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                ::std::option::Option::Some(self.cmp(other))
            }
        }
        impl ::std::cmp::Ord for $name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                $crate::enums::cmp(self, other)
            }
        }
        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(text: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                ::std::result::Result::Ok($crate::enums::from_str(text))
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($crate::enums::as_str(self))
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str($crate::enums::as_str(self))
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::enums::deserialize_str_enum(deserializer)
            }
        }
    };
}
