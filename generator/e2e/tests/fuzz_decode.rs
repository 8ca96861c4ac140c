//! A server is untrusted input: every generated type of the four specs is decoded from
//! arbitrary bytes, arbitrary JSON trees and mutated spec examples (proptest), and from JSON
//! nested far past serde_json's recursion limit. Decoding may fail; it must never panic, and deep
//! nesting must be refused with an error (or, under a property the type ignores, skipped by
//! serde_json's iterative skipper), never a stack overflow.
//!
//! The types are listed by [`every_type!`] below; `the_type_list_is_every_generated_type`
//! checks that list against the generator's own surface of each spec (every public struct, enum
//! and alias of `types::` and `webhooks::`), so a new type cannot be left out.
//!
//! A value that decodes must also print with `Debug`, serialise, and decode again from what it
//! serialised to.

mod fuzz;

use std::collections::BTreeSet;

use fuzz::{Nesting, SpecInputs, SPECS};
use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// One generated type, as functions that decode it: `Ok` with the length of the JSON the decoded
/// value serialises back to, `Err` with serde's message.
struct Decoder {
    spec: &'static str,
    name: &'static str,
    from_bytes: fn(&[u8]) -> Result<usize, String>,
    from_value: fn(&Value) -> Result<usize, String>,
}

/// Decodes `bytes`; on success also prints, serialises and decodes the result again.
fn decode_bytes<T: DeserializeOwned + Serialize + std::fmt::Debug>(
    bytes: &[u8],
) -> Result<usize, String> {
    let value: T = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    Ok(round_trip(&value))
}

/// Decodes `value` through both of serde_json's `Value` deserialisers (borrowed and owned).
fn decode_value<T: DeserializeOwned + Serialize + std::fmt::Debug>(
    value: &Value,
) -> Result<usize, String> {
    let borrowed = T::deserialize(value).map_err(|e| e.to_string());
    let owned = serde_json::from_value::<T>(value.clone()).map_err(|e| e.to_string());
    assert_eq!(
        borrowed.is_ok(),
        owned.is_ok(),
        "the borrowed and owned Value deserialisers disagree: {borrowed:?} / {owned:?}"
    );
    Ok(round_trip(&owned?))
}

/// Prints, serialises and decodes `value` again; the length of its JSON.
fn round_trip<T: DeserializeOwned + Serialize + std::fmt::Debug>(value: &T) -> usize {
    let _ = format!("{value:?}");
    let text = serde_json::to_vec(value).expect("a decoded value serialises");
    if let Err(e) = serde_json::from_slice::<T>(&text) {
        panic!(
            "a decoded value does not decode from its own JSON ({e}): {}",
            String::from_utf8_lossy(&text)
        );
    }
    text.len()
}

/// Lists every generated type of every spec as a [`Decoder`] (`decoders()`).
macro_rules! every_type {
    ($($spec:ident: [$($ty:ident),* $(,)?];)*) => {
        fn decoders() -> Vec<Decoder> {
            vec![$($(
                Decoder {
                    spec: stringify!($spec),
                    name: concat!("types::", stringify!($ty)),
                    from_bytes: decode_bytes::<generated::$spec::types::$ty>,
                    from_value: decode_value::<generated::$spec::types::$ty>,
                },
            )*)*]
        }
    };
}

every_type! {
    paycross: [
        CountryCode, CurrencyCode, LenientInteger, CustomerCreate, Customer, VisibleField,
        TransactionType, ExpiredAt, ProductCreate, ProductUpdate, Product, ValidationError,
    ];
    monri: [
        ResponseStatus, Metadata, CustomerCreate, CustomerUpdate, Customer, CustomerList,
        DeleteCustomerResponse, PaymentMethod, PaymentMethodList, ErrorResponse,
    ];
    payarc: [
        CustomerCreate, Timestamp, ObjectList, Customer, ResponseMeta, CustomerResponse,
        CustomerObject,
    ];
    rapyd: [
        CountryCode, CurrencyCode, UnixTime, Metadata, Address, AddressCreate, CustomerCreate,
        ResponseStatus, Coupon, Discount, PaymentMethod, PaymentMethodList, PackageDimensions, Sku,
        Product, PlanTier, TransformUsage, Plan, SubscriptionItem, SubscriptionItemList,
        Subscription, Customer, CustomerResponse,
    ];
}

fn decoders_of(spec: &str) -> Vec<Decoder> {
    decoders().into_iter().filter(|d| d.spec == spec).collect()
}

/// A runner with `cases` cases, seeded the same every run (so the CI time is stable and a
/// failure reproduces) and without failure files (a failure prints its minimal input).
fn runner(cases: u32) -> TestRunner {
    let config = Config {
        cases: fuzz::scaled(cases),
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
}

/// Runs `check` on `cases` inputs from `strategy` for every spec.
fn for_every_spec<S: Strategy>(
    cases: u32,
    strategy: impl Fn(&SpecInputs) -> S,
    check: impl Fn(&[Decoder], S::Value),
) {
    for spec in SPECS {
        let inputs = SpecInputs::read(spec);
        let decoders = decoders_of(spec);
        let result = runner(cases).run(&strategy(&inputs), |input| {
            check(&decoders, input);
            Ok(())
        });
        if let Err(e) = result {
            panic!("{spec}: {e}");
        }
    }
}

#[test]
fn the_type_list_is_every_generated_type() {
    for spec in SPECS {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../../specs/{spec}.yaml"));
        let doc = generator::load::load_file(&path).unwrap_or_else(|e| panic!("{spec}: {e}"));
        let api = generator::model::build(&doc.api).unwrap_or_else(|e| panic!("{spec}: {e:?}"));
        let surface = generator::surface::Surface::new(&api, &format!("crate::{spec}"));
        let expected: BTreeSet<String> = surface
            .items()
            .into_iter()
            .filter(|item| {
                use generator::surface::ItemKind::{Enum, Struct, TypeAlias};
                matches!(item.kind, Struct | Enum | TypeAlias)
                    && (item.path.starts_with("types::") || item.path.starts_with("webhooks::"))
            })
            .map(|item| item.path)
            .collect();
        let listed: BTreeSet<String> = decoders_of(spec)
            .iter()
            .map(|d| d.name.to_owned())
            .collect();
        assert_eq!(
            listed, expected,
            "{spec}: `every_type!` in tests/fuzz_decode.rs must list exactly the spec's types"
        );
    }
}

#[test]
fn every_type_decodes_arbitrary_bytes_without_panicking() {
    for_every_spec(192, fuzz::bytes, |decoders, bytes: Vec<u8>| {
        for d in decoders {
            let _ = (d.from_bytes)(&bytes);
        }
    });
}

#[test]
fn every_type_decodes_arbitrary_json_without_panicking() {
    for_every_spec(128, fuzz::json, |decoders, value: Value| {
        let text = serde_json::to_vec(&value).expect("serialises");
        for d in decoders {
            let from_text = (d.from_bytes)(&text);
            let from_value = (d.from_value)(&value);
            assert_eq!(
                from_text.is_ok(),
                from_value.is_ok(),
                "{}: text and Value decoding disagree: {from_text:?} / {from_value:?}",
                d.name
            );
        }
    });
}

#[test]
fn every_type_decodes_mutated_examples_without_panicking() {
    for_every_spec(160, fuzz::mutated, |decoders, value: Value| {
        let text = serde_json::to_vec(&value).expect("serialises");
        for d in decoders {
            let _ = (d.from_bytes)(&text);
            let _ = (d.from_value)(&value);
        }
    });
}

/// The object examples (with the elements of array examples, which `SpecInputs` adds) decode
/// into at least one type of their spec, so the mutations start from inputs that get deep.
#[test]
fn every_example_decodes_into_some_type() {
    for spec in SPECS {
        let inputs = SpecInputs::read(spec);
        let decoders = decoders_of(spec);
        for example in inputs.examples.iter().filter(|e| e.is_object()) {
            let text = serde_json::to_vec(example).expect("serialises");
            assert!(
                decoders.iter().any(|d| (d.from_bytes)(&text).is_ok()),
                "{spec}: no type decodes the example {example}"
            );
        }
    }
}

/// 100,000 levels of arrays, objects or both are refused by every type with an error. So are
/// 2,000 levels (far past serde_json's limit of 128) as any property of a valid body (an untyped
/// `serde_json::Value` field, an extras map, a union's buffered value); a type that ignores the
/// property may accept the body (serde_json skips a value without recursing), but then it did
/// not keep the value.
#[test]
fn deep_nesting_is_refused_cleanly() {
    const DEPTH: usize = 100_000;
    const PROPERTY_DEPTH: usize = 2_000;
    for spec in SPECS {
        let inputs = SpecInputs::read(spec);
        let decoders = decoders_of(spec);
        let objects: Vec<&Value> = inputs.examples.iter().filter(|v| v.is_object()).collect();
        for kind in [Nesting::Arrays, Nesting::Objects, Nesting::Mixed] {
            let deep = fuzz::nested(DEPTH, kind);
            for d in &decoders {
                let e = (d.from_bytes)(&deep).expect_err(d.name);
                assert!(
                    e.contains("recursion limit") || e.contains("invalid type"),
                    "{spec} {}: {e}",
                    d.name
                );
            }
            // Every property of every example object, and an undeclared one, holding the deep
            // value, decoded as the types that accept the example.
            let deep = fuzz::nested(PROPERTY_DEPTH, kind);
            let mut refused = 0;
            for example in &objects {
                let text = serde_json::to_vec(example).expect("serialises");
                let accepting: Vec<&Decoder> = decoders
                    .iter()
                    .filter(|d| (d.from_bytes)(&text).is_ok())
                    .collect();
                let keys = example.as_object().into_iter().flat_map(|m| m.keys());
                for key in keys.map(String::as_str).chain(["undeclared"]) {
                    let text = fuzz::with_deep_property(example, key, &deep);
                    for d in &accepting {
                        match (d.from_bytes)(&text) {
                            Err(_) => refused += 1,
                            Ok(len) => assert!(
                                len < PROPERTY_DEPTH,
                                "{spec} {}: kept {PROPERTY_DEPTH} levels under `{key}`",
                                d.name
                            ),
                        }
                    }
                }
            }
            assert!(refused > 0, "{spec}: no type refused a deep property");
        }
    }
}

/// Nesting just inside the limit decodes where the type allows any value (a metadata map),
/// without overflowing the test thread's stack, and is written back as it came.
#[test]
fn nesting_within_the_limit_decodes() {
    let deep = fuzz::nested(60, Nesting::Mixed);
    let text = [b"{\"k\":".as_slice(), &deep, b"}"].concat();
    let metadata: generated::rapyd::types::Metadata =
        serde_json::from_slice(&text).expect("121 levels are within the limit");
    assert_eq!(metadata.len(), 1);
    let again = serde_json::to_vec(&metadata).expect("serialises");
    assert_eq!(again, text);
}
