//! Every schema-valid value decodes, and re-encodes unchanged (issue 14 item 7): for every
//! component schema of `specs/*.yaml`, seeded schema-valid instances are read from JSON text into
//! the generated Rust type of that schema, written back, and compared with the input as JSON
//! values (numbers numerically). The table below lists the types by hand; the test also checks,
//! against the generator's model, that it names exactly the type of every component schema, so
//! a new schema cannot be missed.

#[path = "roundtrip/instances.rs"]
mod instances;
#[path = "../../tests/support/json_schema.rs"]
mod json_schema;

use std::collections::BTreeSet;
use std::path::Path;

use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

use instances::Instances;

/// Instances tried per component schema.
const CASES: u64 = 64;

/// Reads `value` (as JSON text) into `T` and writes it back.
fn roundtrip<T: DeserializeOwned + Serialize>(value: &Value) -> Result<Value, String> {
    let decoded: T =
        serde_json::from_str(&value.to_string()).map_err(|e| format!("decode: {e}"))?;
    serde_json::to_value(&decoded).map_err(|e| format!("encode: {e}"))
}

type Roundtrip = fn(&Value) -> Result<Value, String>;

macro_rules! types {
    ($($provider:ident: [$($name:ident),* $(,)?];)*) => {
        /// (provider, Rust type name, its round trip, that of `Option` of it).
        fn table() -> Vec<(&'static str, &'static str, Roundtrip, Roundtrip)> {
            vec![$($(
                (
                    stringify!($provider),
                    stringify!($name),
                    roundtrip::<generated::$provider::types::$name> as Roundtrip,
                    roundtrip::<Option<generated::$provider::types::$name>> as Roundtrip,
                ),
            )*)*]
        }
    };
}

types! {
    monri: [
        ResponseStatus, Metadata, CustomerCreate, CustomerUpdate, Customer, CustomerList,
        DeleteCustomerResponse, PaymentMethod, PaymentMethodList, ErrorResponse,
    ];
    payarc: [CustomerCreate, Timestamp, ObjectList, Customer, ResponseMeta, CustomerResponse];
    paycross: [
        CountryCode, CurrencyCode, LenientInteger, CustomerCreate, Customer, VisibleField,
        TransactionType, ExpiredAt, ProductCreate, ProductUpdate, Product, ValidationError,
    ];
    rapyd: [
        CountryCode, CurrencyCode, UnixTime, Metadata, Address, AddressCreate, CustomerCreate,
        ResponseStatus, Coupon, Discount, PaymentMethod, PaymentMethodList, PackageDimensions,
        Sku, Product, PlanTier, TransformUsage, Plan, SubscriptionItem, SubscriptionItemList,
        Subscription, Customer, CustomerResponse,
    ];
}

/// JSON equality with numbers compared by value (`1` and `1.0` are the same number).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Each component schema of `doc` (the spec at `spec`) with the name of the Rust type the
/// generator's model gives it (the type whose origin is the schema's JSON pointer).
fn component_types(spec: &Path, doc: &Value) -> Vec<(String, String)> {
    let modelled = generator::Generator::new(Default::default())
        .model(spec)
        .unwrap_or_else(|e| panic!("{}: {e:?}", spec.display()));
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    schemas
        .keys()
        .map(|schema| {
            let origin = format!("/components/schemas/{schema}");
            let found = modelled.api.types.iter().find(|t| t.origin == origin);
            let rust = found.unwrap_or_else(|| panic!("{}: no type for {origin}", spec.display()));
            (schema.clone(), rust.name.clone())
        })
        .collect()
}

fn read_spec(spec: &Path) -> Value {
    serde_yaml::from_str(&std::fs::read_to_string(spec).expect("spec")).expect("YAML")
}

fn specs() -> Vec<(String, std::path::PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .expect("specs/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    specs.sort();
    specs
}

#[test]
fn the_table_names_the_type_of_every_component_schema_and_nothing_else() {
    let listed: BTreeSet<(String, String)> = table()
        .into_iter()
        .map(|(p, n, _, _)| (p.to_owned(), n.to_owned()))
        .collect();
    let mut modelled = BTreeSet::new();
    for (provider, spec) in specs() {
        for (_, rust) in component_types(&spec, &read_spec(&spec)) {
            modelled.insert((provider.clone(), rust));
        }
    }
    let missing: Vec<_> = modelled.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&modelled).collect();
    assert!(missing.is_empty(), "add to the table: {missing:?}");
    assert!(stale.is_empty(), "not a component schema's type: {stale:?}");
}

#[test]
fn every_schema_valid_value_decodes_and_re_encodes_unchanged() {
    let table = table();
    let mut failures = Vec::new();
    let mut invalid = Vec::new();
    let mut checked = 0;
    for (provider, spec) in specs() {
        let doc = read_spec(&spec);
        let types = component_types(&spec, &doc);
        for (index, (schema, rust)) in types.iter().enumerate() {
            let (_, _, plain, optional) = table
                .iter()
                .find(|(p, n, _, _)| *p == provider && n == rust)
                .unwrap_or_else(|| panic!("{provider}::{rust} is not in the table"));
            let pointer = format!("/components/schemas/{schema}");
            let node = doc.pointer(&pointer).expect("schema");
            // A nullable component is `Option<T>` wherever it is used whole (a property, an
            // item, a request or response body), `null` being `None`.
            let nullable = instances::is_nullable(node);
            let trip = if nullable { optional } else { plain };
            let validator = json_schema::validator(&doc, schema);
            let mut instances = Instances::new(&doc, 0x5EED_0000 + index as u64 * 7919);
            let mut failed = Vec::new();
            for case in 0..CASES {
                let value = instances.instance(node, 0);
                checked += 1;
                if let Some(error) = validator.iter_errors(&value).next() {
                    invalid.push(format!(
                        "{provider} {schema} case {case}: {error} at {}\n    in: {value}",
                        error.instance_path
                    ));
                    continue;
                }
                match trip(&value) {
                    Ok(back) if same(&value, &back) => {}
                    Ok(back) => failed.push(format!(
                        "case {case} changed\n    in:  {value}\n    out: {back}"
                    )),
                    Err(e) => failed.push(format!("case {case}: {e}\n    in: {value}")),
                }
            }
            if !failed.is_empty() {
                failures.push(format!(
                    "{provider} {schema}: {} of {CASES} failed, first:\n  {}",
                    failed.len(),
                    failed[0]
                ));
            }
        }
    }
    assert_eq!(
        checked,
        table.len() as u64 * CASES,
        "one type per component schema"
    );
    assert!(
        invalid.is_empty(),
        "the test made instances their schema rejects:\n{}",
        invalid.join("\n")
    );
    assert!(
        failures.is_empty(),
        "round trips failed ({checked} tried):\n{}",
        failures.join("\n")
    );
}
