//! Serde for generated structs and unions without serde's derive.
//!
//! Every generated struct is followed by one [`json_object!`](crate::json_object) invocation
//! listing its fields as `kind field = "wire name";`. It expands into a `Serialize` impl that
//! writes a JSON object field by field (one `Writer` call per field, named after its kind, with
//! no `?` per field) and a `Deserialize` impl with one `match` over the property names;
//! undeclared properties go to (and come from) the struct's extras map. The per-field work lives
//! in the functions below, so each struct costs the compiler a few lines instead of the field
//! enum, visitors and content buffering that `#[derive]` with `#[serde(flatten)]` expands into
//! (on GitHub's spec, two thirds of the expanded code). [`json_union!`](crate::json_union) does
//! the same for unions.
//!
//! Field kinds (modules and `Writer` methods of the same name):
//! - `req`: required; missing is an error; always written.
//! - `nul`: required but nullable (`Option<T>`); missing reads as `None`; always written.
//! - `opt`: optional (`Option<T>` or `Nullable<T>`); missing reads as absent and absent is not
//!   written.
//!
//! A property sent twice is an error, as with serde's derive.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A property name, borrowed from the input when it can be.
#[doc(hidden)]
pub struct Key<'de>(pub Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v)))
    }
}

/// A generated struct read from a JSON object; `json_object!` implements it.
#[doc(hidden)]
pub trait ReadObject<'de>: Sized {
    /// The struct's name, for "expected an object (Name)".
    const NAME: &'static str;

    /// Reads the object's properties.
    fn read<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of every generated struct: one visitor for all of them.
#[doc(hidden)]
pub fn deserialize<'de, D: Deserializer<'de>, T: ReadObject<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: ReadObject<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object ({})", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(map)
    }
}

/// Reads the value of a declared property into its slot; a second one is an error.
#[doc(hidden)]
pub fn field<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Keeps an undeclared property in the extras map.
#[doc(hidden)]
pub fn extra<'de, A, V>(
    map: &mut A,
    extras: &mut BTreeMap<String, V>,
    key: Key<'de>,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    V: Deserialize<'de>,
{
    let value = map.next_value()?;
    extras.insert(key.0.into_owned(), value);
    Ok(())
}

/// Skips an undeclared property (a struct without an extras map).
#[doc(hidden)]
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// The object a generated struct's `Serialize` writes: one method call per property, named
/// after the property's kind, and no `?` (an early return) per property. The first error is kept
/// and every later write skipped, so the result is the one `?` after each entry would give; the
/// compiler checks one straight line of calls per struct instead of a branch per property.
#[doc(hidden)]
pub struct Writer<M: SerializeMap> {
    map: Result<M, M::Error>,
}

impl<M: SerializeMap> Writer<M> {
    /// Starts the object (`serialize_map`).
    pub fn new<S>(serializer: S) -> Self
    where
        S: Serializer<SerializeMap = M, Ok = M::Ok, Error = M::Error>,
    {
        Writer {
            map: serializer.serialize_map(None),
        }
    }

    /// A required property: always written.
    pub fn req<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.entry(name, value);
    }

    /// A required but nullable property: always written (`null` for `None`).
    pub fn nul<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.entry(name, value);
    }

    /// An optional property: written unless it is absent.
    pub fn opt<T: Serialize + opt::Absent>(&mut self, name: &'static str, value: &T) {
        if !value.is_absent() {
            self.entry(name, value);
        }
    }

    /// The extras map, after the declared properties.
    pub fn extras<V: Serialize>(&mut self, extras: &BTreeMap<String, V>) {
        for (name, value) in extras {
            self.entry(name, value);
        }
    }

    /// Writes one entry unless an earlier one failed.
    fn entry<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        if let Ok(map) = &mut self.map {
            if let Err(e) = map.serialize_entry(name, value) {
                self.map = Err(e);
            }
        }
    }

    /// Ends the object, or returns the first error.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        self.map?.end()
    }
}

/// A required property.
#[doc(hidden)]
pub mod req {
    /// `name` if the property was not sent.
    pub fn missing<T>(slot: &Option<T>, name: &'static str) -> Option<&'static str> {
        slot.is_none().then_some(name)
    }

    /// The value read (`None`: missing).
    pub fn take<T>(slot: Option<T>) -> Option<T> {
        slot
    }
}

/// A required but nullable property: read as an optional one (a missing one reads as `None`, as
/// with serde's derive), written as a required one (`null` for `None`).
#[doc(hidden)]
pub mod nul {
    pub use super::opt::{missing, take};
}

/// An optional property.
#[doc(hidden)]
pub mod opt {
    /// Never missing.
    pub fn missing<T>(_slot: &Option<T>, _name: &'static str) -> Option<&'static str> {
        None
    }

    /// The value read, or absent.
    pub fn take<T: Default>(slot: Option<T>) -> Option<T> {
        Some(slot.unwrap_or_default())
    }

    /// Whether an optional property is left out when writing.
    pub trait Absent {
        /// `true` if the property is not written.
        fn is_absent(&self) -> bool;
    }

    impl<T> Absent for Option<T> {
        fn is_absent(&self) -> bool {
            self.is_none()
        }
    }

    impl<T> Absent for crate::Nullable<T> {
        fn is_absent(&self) -> bool {
            crate::Nullable::is_absent(self)
        }
    }
}

/// The first property that is required and was not sent.
#[doc(hidden)]
pub fn first_missing(missing: &[Option<&'static str>]) -> Option<&'static str> {
    missing.iter().flatten().next().copied()
}

/// The error for a value that matches no variant of an untagged union.
#[doc(hidden)]
pub fn no_variant<E: de::Error>(name: &'static str) -> E {
    E::custom(format_args!(
        "data did not match any variant of untagged enum {name}"
    ))
}

/// `Serialize` and `Deserialize` for a generated struct; see the module docs.
///
/// `json_object! { Name, both|ser|de; kind field = "wire"; ... [..extras_field;] }`
#[macro_export]
macro_rules! json_object {
    ($name:ident, both; $($rest:tt)*) => {
        $crate::json_object! { $name, ser; $($rest)* }
        $crate::json_object! { $name, de; $($rest)* }
    };
    ($name:ident, ser; $($kind:ident $field:ident = $wire:literal;)* $(..$extra:ident;)?) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                #[allow(unused_mut)] // a struct with no properties writes none
                let mut out = $crate::object::Writer::new(serializer);
                $( out.$kind($wire, &self.$field); )*
                $( out.extras(&self.$extra); )?
                out.end()
            }
        }
    };
    ($name:ident, de; $($kind:ident $field:ident = $wire:literal;)* $(..$extra:ident;)?) => {
        impl<'de> $crate::object::ReadObject<'de> for $name {
            const NAME: &'static str = ::std::stringify!($name);
            fn read<A: ::serde::de::MapAccess<'de>>(mut map: A) -> ::std::result::Result<Self, A::Error> {
                $( let mut $field = ::std::option::Option::None; )*
                $( let mut $extra = ::std::collections::BTreeMap::new(); )?
                while let ::std::option::Option::Some(key) = map.next_key::<$crate::object::Key<'de>>()? {
                    let read = match &*key.0 {
                        $( $wire => $crate::object::field(&mut map, &mut $field, $wire), )*
                        _ => $crate::json_object!(@unknown map key $($extra)?),
                    };
                    read?;
                }
                let missing = $crate::object::first_missing(&[$( $crate::object::$kind::missing(&$field, $wire), )*]);
                match ($( $crate::object::$kind::take($field), )*) {
                    ($( ::std::option::Option::Some($field), )*) => ::std::result::Result::Ok(Self { $( $field, )* $( $extra, )? }),
                    #[allow(unreachable_patterns)] // a struct without required properties
                    _ => ::std::result::Result::Err(::serde::de::Error::missing_field(missing.unwrap_or("?"))),
                }
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::object::deserialize(deserializer)
            }
        }
    };
    (@unknown $map:ident $key:ident) => {
        $crate::object::skip(&mut $map)
    };
    (@unknown $map:ident $key:ident $extra:ident) => {
        $crate::object::extra(&mut $map, &mut $extra, $key)
    };
}

/// `Serialize` (each variant as itself) and `Deserialize` (the first variant that accepts the
/// value) for an untagged union: `json_union! { Name, both|ser|de; Variant, ... }`.
#[macro_export]
macro_rules! json_union {
    ($name:ident, both; $($rest:tt)*) => {
        $crate::json_union! { $name, ser; $($rest)* }
        $crate::json_union! { $name, de; $($rest)* }
    };
    ($name:ident, ser; $($variant:ident),* $(,)?) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $( Self::$variant(value) => ::serde::Serialize::serialize(value, serializer), )*
                }
            }
        }
    };
    ($name:ident, de; $($variant:ident),* $(,)?) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                $(
                    if let ::std::result::Result::Ok(v) = ::serde::Deserialize::deserialize(&value) {
                        return ::std::result::Result::Ok(Self::$variant(v));
                    }
                )*
                ::std::result::Result::Err($crate::object::no_variant(::std::stringify!($name)))
            }
        }
    };
}
