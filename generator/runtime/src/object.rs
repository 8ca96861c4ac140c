//! Serde, `Debug`, `Clone` and `PartialEq` for generated structs and unions without derives.
//!
//! Every generated struct is followed by one [`json_object!`](crate::json_object) invocation
//! listing its fields as `kind field = "wire name";`. A struct that is read (`de`, or `both`
//! ways) gets a table: one [`Entry`] per field (its wire name, its offset in the struct,
//! and functions that read, write, drop, show, clone and compare a value of its type), built on
//! the stack where it is used. Its impls are one line each, calling one function for all
//! structs: [`deserialize`] (through [`read_object`]), [`serialize`], and, when the invocation
//! names them (`Name, both + Debug + Clone + PartialEq;`), [`debug`], [`clone`] and [`eq`]. These
//! walk the table with each field type's own impl, so they read, write, print, copy and compare
//! as the derives do. Undeclared properties go to (and come from) the struct's extras map.
//!
//! The table is not an inline `const`: as one, a body of its own per struct to build, check and
//! promote, it cost GitHub's check 3–4 s (of 22) and 49 MB. Built where it is used, it reads and
//! writes as fast in a release build (within 1%); cloning and comparing are 3–7% slower, and 25%
//! in a debug build (`BENCHMARKS.md`; `cargo bench -p generator-runtime --bench objects`).
//!
//! Each struct so costs the compiler one array and six short functions, instead of the
//! field enum, visitors and content buffering that serde's derive with `#[serde(flatten)]`
//! expands into (on GitHub's spec, two thirds of the expanded code), and instead of an
//! expression per field in each derive: on GitHub's spec, the table cut the crate's check from
//! 2.0 GB to 1.7 GB and about 40% of its time. A struct that is only written (`ser`, under
//! `--lean`) has no table: its `Serialize` is a straight line of `Writer` calls, one per field,
//! named after its kind, with no `?` per field. [`json_union!`](crate::json_union) gives unions
//! `Serialize` and `Deserialize`.
//!
//! Field kinds (functions of [`read`] and [`both`], and `Writer` methods, of the same name):
//! - `req`: required; missing is an error; always written.
//! - `nul`: required but nullable (`Option<T>`); missing reads as `None`; always written.
//! - `opt`: optional (`Option<T>` or `Nullable<T>`); missing reads as absent and absent is not
//!   written.
//!
//! A property sent twice is an error, as with serde's derive.
//!
//! # Safety of the table
//!
//! [`read_object`] and [`clone`] write each field through a raw pointer at the offset its entry
//! records and with the type its entry was built for, then take the struct as initialised;
//! [`debug`] and [`eq`] read fields so. `json_object!` builds every entry from one place
//! expression, `&raw const (*base).field`, beside `base` (an uninitialised value of the struct
//! on the stack): the offset and the type come from the same field, so they cannot disagree.
//! A pattern of `_`s destructures the struct without `..`, so the invocation does not compile
//! unless it lists each field once. Building an entry panics, before any field is read or
//! written, if a field may be misaligned, as in a `#[repr(packed)]` struct. If reading or cloning stops early (an error or a panic), the fields written so far are dropped
//! and the rest are left alone. The invocation's `unsafe impl` of [`Object`] states all this.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::mem::MaybeUninit;

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

/// A generated struct described by its table; `json_object!` implements it.
///
/// # Safety
/// [`Object::table`] passes its function a table that names every field of `Self` once, each
/// entry built from that field's place (so with its offset and its type).
#[doc(hidden)]
pub unsafe trait Object<'de>: Sized {
    /// The struct's name, for "expected an object (Name)" and for `Debug`.
    const NAME: &'static str;

    /// The fields' Rust names, in the table's order and then the extras map's, separated by
    /// spaces (one `stringify!` per struct: one per field costs GitHub's check 50 MB).
    const FIELDS: &'static str;

    /// Calls `f` with the struct's table: its declared properties and its extras map.
    fn table<A: MapAccess<'de>, W: SerializeMap, R>(
        f: impl FnOnce(&[Entry<'de, A, W>], Option<&ExtrasEntry<'de, A, W>>) -> R,
    ) -> R;
}

/// `Deserialize::deserialize` of every generated struct: one visitor for all of them.
#[doc(hidden)]
pub fn deserialize<'de, D: Deserializer<'de>, T: Object<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Object<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object ({})", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        // SAFETY: the table describes `T` (`Object`'s promise).
        T::table::<A, NoWriter, _>(|fields, extras| unsafe { read_object(map, fields, extras) })
    }
}

/// The reader of a table used only to show, clone or compare a struct: no value of it exists.
enum NoReader {}

impl<'de> MapAccess<'de> for NoReader {
    type Error = de::value::Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        _: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        match *self {}
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        _: V,
    ) -> Result<V::Value, Self::Error> {
        match *self {}
    }
}

/// The writer of a table used only to read, show, clone or compare a struct: no value of it
/// exists.
enum NoWriter {}

impl SerializeMap for NoWriter {
    type Ok = ();
    type Error = de::value::Error;

    fn serialize_key<K: Serialize + ?Sized>(&mut self, _: &K) -> Result<(), Self::Error> {
        match *self {}
    }

    fn serialize_value<V: Serialize + ?Sized>(&mut self, _: &V) -> Result<(), Self::Error> {
        match *self {}
    }

    fn end(self) -> Result<(), Self::Error> {
        match self {}
    }
}

/// `Serialize::serialize` of a generated struct that is read and written: the declared
/// properties in the table's order (an optional one only when present), then the extras map.
#[doc(hidden)]
pub fn serialize<T: Object<'static>, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let base = (value as *const T).cast::<u8>();
    T::table::<NoReader, S::SerializeMap, _>(|fields, extras| {
        let mut map = serializer.serialize_map(None)?;
        // (`json_object!` gives every entry of a struct it writes a `write`)
        for field in fields {
            if let Some(write) = field.write {
                // SAFETY: the field's place in `value`, of the entry's type (`Object`'s promise).
                unsafe { write(&mut map, field.name, base.add(field.offset))? }
            }
        }
        if let Some(extras) = extras {
            if let Some(write) = extras.write {
                // SAFETY: as above.
                unsafe { write(&mut map, base.add(extras.offset))? }
            }
        }
        map.end()
    })
}

/// `Debug::fmt` of a generated struct: `Name { field: value, .. }` in the table's order (the
/// struct's), as the derive prints it.
#[doc(hidden)]
pub fn debug<T: Object<'static>>(value: &T, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let base = (value as *const T).cast::<u8>();
    T::table::<NoReader, NoWriter, _>(|fields, extras| {
        let mut out = f.debug_struct(T::NAME);
        let mut names = T::FIELDS
            .split_ascii_whitespace()
            .map(|name| name.strip_prefix("r#").unwrap_or(name));
        let places = fields
            .iter()
            .map(|field| (field.offset, field.traits.debug));
        let extras = extras.map(|extras| (extras.offset, extras.traits.debug));
        for (offset, debug) in places.chain(extras) {
            let name = names.next().unwrap_or_default();
            // SAFETY: the field's place in `value`, of the entry's type (`Object`'s promise).
            unsafe { debug(base.add(offset), name, &mut out) }
        }
        out.finish()
    })
}

/// `Clone::clone` of a generated struct: each field cloned in place. If a field's `clone`
/// panics, the fields cloned so far are dropped.
#[doc(hidden)]
pub fn clone<T: Object<'static>>(value: &T) -> T {
    let from = (value as *const T).cast::<u8>();
    T::table::<NoReader, NoWriter, _>(|fields, extras| {
        let mut copy = MaybeUninit::<T>::uninit();
        let base = copy.as_mut_ptr().cast::<u8>();
        if let Some(extras) = extras {
            // SAFETY: the extras map's places in `value` and in `copy` (not yet written).
            unsafe { (extras.traits.clone)(from.add(extras.offset), base.add(extras.offset)) }
        }
        let mut partial = Partial {
            base,
            fields,
            extras,
            written: Written::new(fields.len()),
        };
        for (i, field) in fields.iter().enumerate() {
            // SAFETY: field `i`'s places in `value` and in `copy` (not yet written).
            unsafe { (field.traits.clone)(from.add(field.offset), base.add(field.offset)) }
            partial.written.set(i);
        }
        std::mem::forget(partial);
        // SAFETY: every field of `T` is written: the table names them all.
        unsafe { copy.assume_init() }
    })
}

/// `PartialEq::eq` of a generated struct: every field equal, compared in the table's order
/// (the struct's) up to the first that differs, as the derive compares them.
#[doc(hidden)]
pub fn eq<T: Object<'static>>(a: &T, b: &T) -> bool {
    let (a, b) = ((a as *const T).cast::<u8>(), (b as *const T).cast::<u8>());
    T::table::<NoReader, NoWriter, _>(|fields, extras| {
        // SAFETY: each entry's places in `a` and `b`, of its type (`Object`'s promise).
        fields
            .iter()
            .all(|field| unsafe { (field.traits.eq)(a.add(field.offset), b.add(field.offset)) })
            && extras.is_none_or(|extras| unsafe {
                (extras.traits.eq)(a.add(extras.offset), b.add(extras.offset))
            })
    })
}

/// One declared property of a generated struct: its wire name, its offset in the struct, and
/// functions that read, drop and default a value of its type (for [`read_object`]), write one
/// (for [`serialize`]), and show, clone and compare one (for [`debug`], [`clone`] and [`eq`]).
///
/// Built only by `json_object!`, from the places of an uninitialised struct (see the module docs
/// for why its entries are right).
#[doc(hidden)]
pub struct Entry<'de, A: MapAccess<'de>, W: SerializeMap> {
    name: &'static str,
    offset: usize,
    read: unsafe fn(&mut A, *mut u8) -> Result<(), A::Error>,
    /// How the property is written (`None` in a struct that is only read).
    write: Option<WriteField<W>>,
    drop: unsafe fn(*mut u8),
    /// What a missing property reads as (`None`: it is required, and missing is an error).
    missing: Option<unsafe fn(*mut u8)>,
    traits: Traits,
    de: PhantomData<fn() -> &'de ()>,
}

/// Writes one declared property: the map, the property's name, and the field's place.
type WriteField<W> =
    unsafe fn(&mut W, &'static str, *const u8) -> Result<(), <W as SerializeMap>::Error>;

/// Writes the extras map's properties: the map, and the extras map's place.
type WriteExtras<W> = unsafe fn(&mut W, *const u8) -> Result<(), <W as SerializeMap>::Error>;

/// `Debug`, `Clone` and `PartialEq` of one field's type, through untyped places.
#[derive(Clone, Copy)]
struct Traits {
    debug: unsafe fn(*const u8, &str, &mut fmt::DebugStruct<'_, '_>),
    clone: unsafe fn(*const u8, *mut u8),
    eq: unsafe fn(*const u8, *const u8) -> bool,
}

impl Traits {
    const fn of<T: fmt::Debug + Clone + PartialEq>() -> Self {
        Traits {
            debug: debug_value::<T>,
            clone: clone_value::<T>,
            eq: eq_value::<T>,
        }
    }
}

/// Entries of a struct that is only read (`json_object!`'s `de`).
#[doc(hidden)]
pub mod read {
    use super::*;

    /// # Safety
    /// `field` points to a field of the value `base` points to (so one allocation holds both).
    const unsafe fn new<'de, A, W, S, T>(
        name: &'static str,
        base: *const S,
        field: *const T,
        missing: Option<unsafe fn(*mut u8)>,
    ) -> Entry<'de, A, W>
    where
        A: MapAccess<'de>,
        W: SerializeMap,
        T: Deserialize<'de> + fmt::Debug + Clone + PartialEq,
    {
        Entry {
            name,
            // SAFETY: the caller's promise.
            offset: unsafe { offset(base, field) },
            read: read_value::<A, T>,
            write: None,
            drop: drop_value::<T>,
            missing,
            traits: Traits::of::<T>(),
            de: PhantomData,
        }
    }

    /// A required property: missing is an error.
    ///
    /// # Safety
    /// `field` points to a field of the value `base` points to.
    pub const unsafe fn req<'de, A: MapAccess<'de>, W: SerializeMap, S, T>(
        name: &'static str,
        base: *const S,
        field: *const T,
    ) -> Entry<'de, A, W>
    where
        T: Deserialize<'de> + fmt::Debug + Clone + PartialEq,
    {
        // SAFETY: the caller's promise.
        unsafe { new(name, base, field, None) }
    }

    /// A required but nullable property: missing reads as `None`, as an optional one.
    ///
    /// # Safety
    /// `field` points to a field of the value `base` points to.
    pub const unsafe fn nul<'de, A: MapAccess<'de>, W: SerializeMap, S, T>(
        name: &'static str,
        base: *const S,
        field: *const T,
    ) -> Entry<'de, A, W>
    where
        T: Deserialize<'de> + fmt::Debug + Clone + PartialEq + Default,
    {
        // SAFETY: the caller's promise.
        unsafe { opt(name, base, field) }
    }

    /// An optional property: missing reads as absent (`T::default()`).
    ///
    /// # Safety
    /// `field` points to a field of the value `base` points to.
    pub const unsafe fn opt<'de, A: MapAccess<'de>, W: SerializeMap, S, T>(
        name: &'static str,
        base: *const S,
        field: *const T,
    ) -> Entry<'de, A, W>
    where
        T: Deserialize<'de> + fmt::Debug + Clone + PartialEq + Default,
    {
        // SAFETY: the caller's promise.
        unsafe { new(name, base, field, Some(write_default::<T>)) }
    }

    /// The extras map.
    ///
    /// # Safety
    /// `field` points to a field of the value `base` points to.
    pub const unsafe fn extras<'de, A: MapAccess<'de>, W: SerializeMap, S, V>(
        base: *const S,
        field: *const BTreeMap<String, V>,
    ) -> ExtrasEntry<'de, A, W>
    where
        V: Deserialize<'de> + fmt::Debug + Clone + PartialEq,
    {
        ExtrasEntry {
            // SAFETY: the caller's promise.
            offset: unsafe { offset(base, field) },
            init: write_default::<BTreeMap<String, V>>,
            insert: insert_extra::<A, V>,
            write: None,
            drop: drop_value::<BTreeMap<String, V>>,
            traits: Traits::of::<BTreeMap<String, V>>(),
        }
    }
}

/// Entries of a struct that is read and written (`json_object!`'s `both`): as [`read`]'s, and
/// written by [`serialize`].
#[doc(hidden)]
pub mod both {
    use super::*;

    /// A required property: missing is an error; always written.
    ///
    /// # Safety
    /// `field` points to a field of the value `base` points to.
    pub const unsafe fn req<'de, A: MapAccess<'de>, W: SerializeMap, S, T>(
        name: &'static str,
        base: *const S,
        field: *const T,
    ) -> Entry<'de, A, W>
    where
        T: Deserialize<'de> + Serialize + fmt::Debug + Clone + PartialEq,
    {
        Entry {
            write: Some(write_value::<W, T>),
            // SAFETY: the caller's promise.
            ..unsafe { read::req(name, base, field) }
        }
    }

    /// A required but nullable property: missing reads as `None`; always written.
    ///
    /// # Safety
    /// `field` points to a field of the value `base` points to.
    pub const unsafe fn nul<'de, A: MapAccess<'de>, W: SerializeMap, S, T>(
        name: &'static str,
        base: *const S,
        field: *const T,
    ) -> Entry<'de, A, W>
    where
        T: Deserialize<'de> + Serialize + fmt::Debug + Clone + PartialEq + Default,
    {
        Entry {
            write: Some(write_value::<W, T>),
            // SAFETY: the caller's promise.
            ..unsafe { read::nul(name, base, field) }
        }
    }

    /// An optional property: missing reads as absent, and absent is not written.
    ///
    /// # Safety
    /// `field` points to a field of the value `base` points to.
    pub const unsafe fn opt<'de, A: MapAccess<'de>, W: SerializeMap, S, T>(
        name: &'static str,
        base: *const S,
        field: *const T,
    ) -> Entry<'de, A, W>
    where
        T: Deserialize<'de> + Serialize + opt::Absent + fmt::Debug + Clone + PartialEq + Default,
    {
        Entry {
            write: Some(write_present::<W, T>),
            // SAFETY: the caller's promise.
            ..unsafe { read::opt(name, base, field) }
        }
    }

    /// The extras map, written after the declared properties.
    ///
    /// # Safety
    /// `field` points to a field of the value `base` points to.
    pub const unsafe fn extras<'de, A: MapAccess<'de>, W: SerializeMap, S, V>(
        base: *const S,
        field: *const BTreeMap<String, V>,
    ) -> ExtrasEntry<'de, A, W>
    where
        V: Deserialize<'de> + Serialize + fmt::Debug + Clone + PartialEq,
    {
        ExtrasEntry {
            write: Some(write_extras::<W, V>),
            // SAFETY: the caller's promise.
            ..unsafe { read::extras(base, field) }
        }
    }
}

/// The extras map of a generated struct (`BTreeMap<String, V>`): as [`Entry`], for the map.
#[doc(hidden)]
pub struct ExtrasEntry<'de, A: MapAccess<'de>, W: SerializeMap> {
    offset: usize,
    init: unsafe fn(*mut u8),
    insert: unsafe fn(&mut A, *mut u8, Key<'de>) -> Result<(), A::Error>,
    write: Option<WriteExtras<W>>,
    drop: unsafe fn(*mut u8),
    traits: Traits,
}

/// The offset of `field` in the value `base` points to, in bytes (`offset_from` on byte pointers
/// is const-stable since Rust 1.65).
///
/// # Safety
/// `field` points to a field of the value `base` points to.
///
/// Compiling a use of a table whose field may be misaligned (in a `#[repr(packed)]` struct)
/// fails here: a field is aligned wherever its struct is when the struct's alignment is at least
/// the field's and its offset is a multiple of the field's.
const unsafe fn offset<S, T>(base: *const S, field: *const T) -> usize {
    // SAFETY: the caller's promise; a field's offset is never negative.
    let offset = unsafe { field.cast::<u8>().offset_from(base.cast::<u8>()) as usize };
    let align = std::mem::align_of::<T>();
    assert!(
        std::mem::align_of::<S>() >= align && offset % align == 0,
        "json_object!: a field may be misaligned (a #[repr(packed)] struct)"
    );
    offset
}

/// Reads the next value into `place`, a field of type `T` not yet written.
unsafe fn read_value<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    place: *mut u8,
) -> Result<(), A::Error> {
    let value = map.next_value::<T>()?;
    // SAFETY: the caller passes the place of a field of type `T`, not yet written.
    unsafe { place.cast::<T>().write(value) };
    Ok(())
}

/// Drops the value at `place`, a written field of type `T`.
unsafe fn drop_value<T>(place: *mut u8) {
    // SAFETY: the caller passes the place of a written field of type `T`.
    unsafe { place.cast::<T>().drop_in_place() }
}

/// Writes `T::default()` to `place`, a field of type `T` not yet written.
unsafe fn write_default<T: Default>(place: *mut u8) {
    // SAFETY: the caller passes the place of a field of type `T`, not yet written.
    unsafe { place.cast::<T>().write(T::default()) }
}

/// Adds the written field of type `T` at `place` to `out` as `name`.
unsafe fn debug_value<T: fmt::Debug>(
    place: *const u8,
    name: &str,
    out: &mut fmt::DebugStruct<'_, '_>,
) {
    // SAFETY: the caller passes the place of a written field of type `T`.
    out.field(name, unsafe { &*place.cast::<T>() });
}

/// Writes a clone of the field of type `T` at `from` to `to`, a place of that type not yet
/// written.
unsafe fn clone_value<T: Clone>(from: *const u8, to: *mut u8) {
    // SAFETY: the caller passes the place of a written field of type `T`, and one not yet
    // written.
    unsafe { to.cast::<T>().write((*from.cast::<T>()).clone()) }
}

/// Whether the fields of type `T` at `a` and `b` are equal.
unsafe fn eq_value<T: PartialEq>(a: *const u8, b: *const u8) -> bool {
    // SAFETY: the caller passes the places of two written fields of type `T`.
    unsafe { *a.cast::<T>() == *b.cast::<T>() }
}

/// Writes the field of type `T` at `place` as the property `name`.
unsafe fn write_value<W: SerializeMap, T: Serialize>(
    map: &mut W,
    name: &'static str,
    place: *const u8,
) -> Result<(), W::Error> {
    // SAFETY: the caller passes the place of a written field of type `T`.
    map.serialize_entry(name, unsafe { &*place.cast::<T>() })
}

/// Writes the optional field of type `T` at `place` as the property `name`, unless it is absent.
unsafe fn write_present<W: SerializeMap, T: Serialize + opt::Absent>(
    map: &mut W,
    name: &'static str,
    place: *const u8,
) -> Result<(), W::Error> {
    // SAFETY: the caller passes the place of a written field of type `T`.
    let value = unsafe { &*place.cast::<T>() };
    if value.is_absent() {
        return Ok(());
    }
    map.serialize_entry(name, value)
}

/// Writes every entry of the extras map at `place`.
unsafe fn write_extras<W: SerializeMap, V: Serialize>(
    map: &mut W,
    place: *const u8,
) -> Result<(), W::Error> {
    // SAFETY: the caller passes the place of a written `BTreeMap<String, V>`.
    let extras = unsafe { &*place.cast::<BTreeMap<String, V>>() };
    extras
        .iter()
        .try_for_each(|(name, value)| map.serialize_entry(name, value))
}

/// Reads the next value into the extras map at `place` under `key`.
unsafe fn insert_extra<'de, A: MapAccess<'de>, V: Deserialize<'de>>(
    map: &mut A,
    place: *mut u8,
    key: Key<'de>,
) -> Result<(), A::Error> {
    let value = map.next_value::<V>()?;
    // SAFETY: the caller passes the place of a written `BTreeMap<String, V>`.
    let extras = unsafe { &mut *place.cast::<BTreeMap<String, V>>() };
    extras.insert(key.0.into_owned(), value);
    Ok(())
}

/// Which fields of a struct being read are written: bits for up to 128 fields, else a vector.
enum Written {
    Few(u128),
    Many(Vec<bool>),
}

impl Written {
    fn new(fields: usize) -> Self {
        if fields <= 128 {
            Written::Few(0)
        } else {
            Written::Many(vec![false; fields])
        }
    }

    fn get(&self, i: usize) -> bool {
        match self {
            Written::Few(bits) => bits & (1 << i) != 0,
            Written::Many(flags) => flags[i],
        }
    }

    fn set(&mut self, i: usize) {
        match self {
            Written::Few(bits) => *bits |= 1 << i,
            Written::Many(flags) => flags[i] = true,
        }
    }
}

/// A struct being read or cloned: drops the fields written so far if that stops early (an
/// error or a panic), and nothing else.
struct Partial<'t, 'de, A: MapAccess<'de>, W: SerializeMap> {
    base: *mut u8,
    fields: &'t [Entry<'de, A, W>],
    /// The extras map, written before any property is read.
    extras: Option<&'t ExtrasEntry<'de, A, W>>,
    written: Written,
}

impl<'de, A: MapAccess<'de>, W: SerializeMap> Drop for Partial<'_, 'de, A, W> {
    fn drop(&mut self) {
        for (i, field) in self.fields.iter().enumerate() {
            if self.written.get(i) {
                // SAFETY: field `i` was written, and is dropped once: the struct is never
                // assumed initialised once this runs.
                unsafe { (field.drop)(self.base.add(field.offset)) }
            }
        }
        if let Some(extras) = self.extras {
            // SAFETY: the extras map was written first.
            unsafe { (extras.drop)(self.base.add(extras.offset)) }
        }
    }
}

/// Reads a generated struct `T` from its properties through its table: each declared property
/// into its field (a second one is an error), undeclared ones into the extras map (or skipped),
/// then every field not sent as its kind says (the first required one missing is the error).
///
/// # Safety
/// `fields` and `extras` describe `T`: together they name every field of `T` once, each entry
/// with that field's offset and type (`json_object!` builds such tables; see the module docs).
#[doc(hidden)]
pub unsafe fn read_object<'de, A: MapAccess<'de>, W: SerializeMap, T>(
    mut map: A,
    fields: &[Entry<'de, A, W>],
    extras: Option<&ExtrasEntry<'de, A, W>>,
) -> Result<T, A::Error> {
    let mut value = MaybeUninit::<T>::uninit();
    let base = value.as_mut_ptr().cast::<u8>();
    if let Some(extras) = extras {
        // SAFETY: the extras map's place in `value`, not yet written.
        unsafe { (extras.init)(base.add(extras.offset)) }
    }
    let mut partial = Partial {
        base,
        fields,
        extras,
        written: Written::new(fields.len()),
    };
    while let Some(key) = map.next_key::<Key<'de>>()? {
        match fields.iter().position(|field| field.name == key.0) {
            Some(i) => {
                let field = &fields[i];
                if partial.written.get(i) {
                    return Err(de::Error::duplicate_field(field.name));
                }
                // SAFETY: field `i`'s place in `value`, not yet written.
                unsafe { (field.read)(&mut map, base.add(field.offset))? };
                partial.written.set(i);
            }
            None => match extras {
                // SAFETY: the extras map's place in `value`, written above.
                Some(extras) => unsafe { (extras.insert)(&mut map, base.add(extras.offset), key)? },
                None => skip(&mut map)?,
            },
        }
    }
    for (i, field) in fields.iter().enumerate() {
        if !partial.written.get(i) {
            let Some(write) = field.missing else {
                return Err(de::Error::missing_field(field.name));
            };
            // SAFETY: field `i`'s place in `value`, not yet written.
            unsafe { write(base.add(field.offset)) };
            partial.written.set(i);
        }
    }
    std::mem::forget(partial);
    // SAFETY: every field of `T` is written: the table names them all (the caller's promise).
    Ok(unsafe { value.assume_init() })
}

/// Skips an undeclared property (a struct without an extras map).
#[doc(hidden)]
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// The object a struct that is only written (`ser`) writes: one method call per property, named
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

/// An optional property.
#[doc(hidden)]
pub mod opt {
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

/// The error for a value that matches no variant of an untagged union.
#[doc(hidden)]
pub fn no_variant<E: de::Error>(name: &'static str) -> E {
    E::custom(format_args!(
        "data did not match any variant of untagged enum {name}"
    ))
}

/// `Serialize` and `Deserialize` for a generated struct, and `Debug`, `Clone` and `PartialEq`
/// through its table (a struct that is read); see the module docs.
///
/// `json_object! { Name, both|ser|de [+ Debug + Clone + PartialEq]; kind field = "wire"; ...
/// [..extras_field;] }`. Every field's type implements `Debug`, `Clone` and `PartialEq`.
///
/// ```
/// # use generator_runtime::json_object;
/// struct Pet { id: i64, name: Option<String> }
/// json_object! { Pet, de; req id = "id"; opt name = "name"; }
/// let pet: Pet = serde_json::from_str(r#"{"id":1}"#).unwrap();
/// assert_eq!((pet.id, pet.name), (1, None));
/// ```
///
/// Reading writes fields in place through a table (see the module docs), so an invocation that
/// leaves out a field does not compile:
///
/// ```compile_fail,E0027
/// # use generator_runtime::json_object;
/// struct Pet { id: i64, name: Option<String> }
/// json_object! { Pet, de; req id = "id"; }
/// ```
///
/// nor one that lists a field twice:
///
/// ```compile_fail,E0025
/// # use generator_runtime::json_object;
/// struct Pet { id: i64 }
/// json_object! { Pet, de; req id = "id"; req id = "ID"; }
/// ```
///
/// and reading a `#[repr(packed)]` struct, whose fields may be misaligned, panics before it
/// touches a field (building the table checks each field's alignment):
///
/// ```should_panic
/// # use generator_runtime::json_object;
/// #[repr(packed)]
/// struct Pet { tag: u8, id: i64 }
/// json_object! { Pet, de; req tag = "tag"; req id = "id"; }
/// let _ = serde_json::from_str::<Pet>("{}");
/// ```
///
/// `Debug`, `Clone` and `PartialEq` come from the table, which a struct that is only written
/// (`ser`) does not have; it derives them:
///
/// ```
/// # use generator_runtime::json_object;
/// struct Pet { id: i64, name: Option<String> }
/// json_object! { Pet, both + Debug + Clone + PartialEq; req id = "id"; opt name = "name"; }
/// let pet = Pet { id: 1, name: None };
/// assert!(pet.clone() == pet);
/// assert_eq!(format!("{pet:?}"), "Pet { id: 1, name: None }");
/// ```
///
/// ```compile_fail
/// # use generator_runtime::json_object;
/// struct Pet { id: i64 }
/// json_object! { Pet, ser + Debug; req id = "id"; }
/// ```
#[macro_export]
macro_rules! json_object {
    ($name:ident, both $(+ $trait:ident)*; $($rest:tt)*) => {
        $crate::json_object! { @object $name both; $($rest)* }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::object::serialize(self, serializer)
            }
        }
        $( $crate::json_object!(@impl $trait $name); )*
    };
    ($name:ident, de $(+ $trait:ident)*; $($rest:tt)*) => {
        $crate::json_object! { @object $name read; $($rest)* }
        $( $crate::json_object!(@impl $trait $name); )*
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
    (@object $name:ident $entries:ident; $($kind:ident $field:ident = $wire:literal;)* $(..$extra:ident;)?) => {
        // SAFETY: the table names every field of the struct once (the pattern of `_`s beside it
        // says so), each entry built from that field's place.
        unsafe impl<'de> $crate::object::Object<'de> for $name {
            const NAME: &'static str = ::std::stringify!($name);
            const FIELDS: &'static str = ::std::stringify!($($field)* $($extra)?);
            fn table<A: ::serde::de::MapAccess<'de>, W: ::serde::ser::SerializeMap, R>(
                f: impl ::std::ops::FnOnce(&[$crate::object::Entry<'de, A, W>], ::std::option::Option<&$crate::object::ExtrasEntry<'de, A, W>>) -> R,
            ) -> R {
                #[allow(unused_variables, unused_unsafe)] // a struct without declared properties
                let (fields, extras) = {
                    let value = ::std::mem::MaybeUninit::<Self>::uninit();
                    let base = value.as_ptr();
                    // SAFETY: each entry's field is a place in `value`; none is read (a pattern of
                    // `_`s names places without reading them).
                    unsafe {
                        // Compiles only if the fields below are every field of the struct, each
                        // once.
                        let $name { $( $field: _, )* $( $extra: _, )? } = *base;
                        (
                            [$( $crate::object::$entries::$kind($wire, base, &raw const (*base).$field), )*],
                            $crate::json_object!(@extras $entries base $($extra)?),
                        )
                    }
                };
                f(&fields, extras.as_ref())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::object::deserialize(deserializer)
            }
        }
    };
    (@extras $entries:ident $base:ident) => {
        ::std::option::Option::None
    };
    (@extras $entries:ident $base:ident $extra:ident) => {
        ::std::option::Option::Some($crate::object::$entries::extras($base, &raw const (*$base).$extra))
    };
    (@impl Debug $name:ident) => {
        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::object::debug(self, f)
            }
        }
    };
    (@impl Clone $name:ident) => {
        impl ::std::clone::Clone for $name {
            fn clone(&self) -> Self {
                $crate::object::clone(self)
            }
        }
    };
    (@impl PartialEq $name:ident) => {
        impl ::std::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                $crate::object::eq(self, other)
            }
        }
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
