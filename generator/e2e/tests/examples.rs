//! The documents' examples against the generated types: every request and response example in
//! `specs/*.yaml` (the seed documents' examples, transcribed) deserializes into the generated
//! type of its operation and status, and serializes back to equal JSON.
//!
//! The specs are read at test time and walked paths → operations → request body / responses →
//! content → `example` / `examples` (local `$ref`s to `components` are followed). Each example is
//! dispatched through an explicit table on (spec, operationId, where); an example without an
//! entry fails the test, so a new example cannot be skipped silently.
//!
//! Comparison is on `serde_json::Value`, with one normalisation:
//!
//! - key order is not compared (`serde_json::Map` equality ignores it, with or without
//!   `preserve_order`);
//! - numbers compare by value: the YAML integer `0` and the `0.0` written back by an `f64` field
//!   are equal. Needed by Rapyd, whose amounts, prices, percentages and package dimensions are
//!   `number` (`f64`) while the examples write whole values as integers (`amount_off: 0`,
//!   `percent_off: 2`, `height: 10`, `divide_by: 1`, …).
//!
//! Nothing else is normalised: a field dropped, renamed, defaulted or turned from `null` into
//! an absent key fails the comparison.

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

const SPECS: [&str; 4] = ["paycross", "monri", "payarc", "rapyd"];
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Where in an operation an example sits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Request,
    Response(String),
}

/// One example found in a spec.
#[derive(Debug)]
struct Example {
    spec: &'static str,
    operation_id: String,
    place: Place,
    media_type: String,
    /// `example` or the name under `examples`.
    name: String,
    value: Value,
}

impl Example {
    fn label(&self) -> String {
        let place = match &self.place {
            Place::Request => "request".to_owned(),
            Place::Response(status) => format!("response {status}"),
        };
        format!(
            "{}.yaml {} {place} {} example `{}`",
            self.spec, self.operation_id, self.media_type, self.name
        )
    }
}

fn load(spec: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../specs")
        .join(format!("{spec}.yaml"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not YAML: {e}", path.display()));
    serde_json::to_value(yaml)
        .unwrap_or_else(|e| panic!("{} does not convert to JSON: {e}", path.display()))
}

/// Follows a local `$ref` (`#/components/...`), repeatedly.
fn resolve<'a>(doc: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..16 {
        let Some(target) = node.get("$ref").and_then(Value::as_str) else {
            return node;
        };
        let pointer = target
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("only local $refs are supported, got {target}"));
        node = doc
            .pointer(pointer)
            .unwrap_or_else(|| panic!("dangling $ref {target}"));
    }
    panic!("$ref chain too long at {node}");
}

/// The examples of a `content` map: `example`, and every `examples.<name>.value`.
fn content_examples(
    doc: &Value,
    content: Option<&Value>,
    mut found: impl FnMut(String, String, Value),
) {
    let Some(content) = content.and_then(Value::as_object) else {
        return;
    };
    for (media_type, media) in content {
        let media = resolve(doc, media);
        if let Some(value) = media.get("example") {
            found(media_type.clone(), "example".to_owned(), value.clone());
        }
        if let Some(examples) = media.get("examples").and_then(Value::as_object) {
            for (name, example) in examples {
                let example = resolve(doc, example);
                let value = example.get("value").unwrap_or_else(|| {
                    panic!(
                        "example `{name}` has no inline `value` (externalValue is not supported)"
                    )
                });
                found(media_type.clone(), name.clone(), value.clone());
            }
        }
    }
}

fn examples_of(spec: &'static str) -> Vec<Example> {
    let doc = load(spec);
    let mut out = Vec::new();
    let paths = doc["paths"].as_object().expect("the spec has paths");
    for (path, item) in paths {
        let item = resolve(&doc, item);
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let operation_id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{spec}.yaml {method} {path} has no operationId"))
                .to_owned();
            if let Some(body) = op.get("requestBody") {
                let body = resolve(&doc, body);
                content_examples(&doc, body.get("content"), |media_type, name, value| {
                    out.push(Example {
                        spec,
                        operation_id: operation_id.clone(),
                        place: Place::Request,
                        media_type,
                        name,
                        value,
                    })
                });
            }
            let responses = op["responses"].as_object().expect("responses");
            for (status, response) in responses {
                let response = resolve(&doc, response);
                content_examples(&doc, response.get("content"), |media_type, name, value| {
                    out.push(Example {
                        spec,
                        operation_id: operation_id.clone(),
                        place: Place::Response(status.clone()),
                        media_type,
                        name,
                        value,
                    })
                });
            }
        }
    }
    out
}

/// Numbers compare by value (see the module documentation); everything else structurally.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// The first difference between two JSON values, for the failure message.
fn first_difference(a: &Value, b: &Value, at: &str) -> String {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    None => return format!("{at}.{k}: dropped (was {v})"),
                    Some(w) if !same(v, w) => return first_difference(v, w, &format!("{at}.{k}")),
                    Some(_) => {}
                }
            }
            for (k, w) in y {
                if !x.contains_key(k) {
                    return format!("{at}.{k}: added ({w})");
                }
            }
            format!("{at}: differs")
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                if !same(v, w) {
                    return first_difference(v, w, &format!("{at}[{i}]"));
                }
            }
            format!("{at}: differs")
        }
        _ => format!("{at}: {a} became {b}"),
    }
}

/// Deserializes `value` as `T` and serializes it back; the result must equal `value`.
fn roundtrip<T: DeserializeOwned + Serialize>(value: &Value) -> Result<(), String> {
    let typed: T = serde_json::from_value(value.clone()).map_err(|e| {
        format!(
            "does not deserialize into {}: {e}",
            std::any::type_name::<T>()
        )
    })?;
    let back = serde_json::to_value(&typed)
        .map_err(|e| format!("{} does not serialize: {e}", std::any::type_name::<T>()))?;
    if same(value, &back) {
        Ok(())
    } else {
        Err(format!(
            "{} does not serialize back to the example: {}",
            std::any::type_name::<T>(),
            first_difference(value, &back, "$")
        ))
    }
}

/// The generated type of each example: `None` when the table has no entry.
fn check(e: &Example) -> Option<Result<(), String>> {
    use generated::{monri, payarc, paycross, rapyd};
    use Place::{Request, Response};

    let status = match &e.place {
        Request => None,
        Response(s) => Some(s.as_str()),
    };
    let v = &e.value;
    let result = match (e.spec, e.operation_id.as_str(), status) {
        // PayCross
        ("paycross", "create_customer", None) => roundtrip::<paycross::types::CustomerCreate>(v),
        ("paycross", "create_customer", Some("201")) => roundtrip::<paycross::types::Customer>(v),
        ("paycross", "create_customer", Some("422")) => {
            roundtrip::<paycross::types::ValidationError>(v)
        }
        ("paycross", "list_customers", Some("200")) => {
            roundtrip::<Vec<paycross::types::Customer>>(v)
        }
        ("paycross", "get_customer", Some("200")) => roundtrip::<paycross::types::Customer>(v),
        ("paycross", "create_product", None) => roundtrip::<paycross::types::ProductCreate>(v),
        ("paycross", "create_product", Some("201")) => roundtrip::<paycross::types::Product>(v),
        ("paycross", "create_product", Some("422")) => {
            roundtrip::<paycross::types::ValidationError>(v)
        }
        ("paycross", "list_products", Some("200")) => roundtrip::<Vec<paycross::types::Product>>(v),
        ("paycross", "get_product", Some("200")) => roundtrip::<paycross::types::Product>(v),
        ("paycross", "get_product", Some("302")) => roundtrip::<String>(v),
        ("paycross", "update_product", None) => roundtrip::<paycross::types::ProductUpdate>(v),
        ("paycross", "update_product", Some("422")) => {
            roundtrip::<paycross::types::ValidationError>(v)
        }

        // Monri
        ("monri", "create_customer", None) => roundtrip::<monri::types::CustomerCreate>(v),
        ("monri", "update_customer", None) => roundtrip::<monri::types::CustomerUpdate>(v),
        (
            "monri",
            "create_customer"
            | "get_customer"
            | "update_customer"
            | "get_customer_by_merchant_customer_id",
            Some("2XX"),
        ) => roundtrip::<monri::types::Customer>(v),
        ("monri", "list_customers", Some("2XX")) => roundtrip::<monri::types::CustomerList>(v),
        ("monri", "delete_customer", Some("2XX")) => {
            roundtrip::<monri::types::DeleteCustomerResponse>(v)
        }
        ("monri", "list_customer_payment_methods", Some("2XX")) => {
            roundtrip::<monri::types::PaymentMethodList>(v)
        }
        (
            "monri",
            "create_customer"
            | "list_customers"
            | "get_customer"
            | "update_customer"
            | "delete_customer"
            | "get_customer_by_merchant_customer_id"
            | "list_customer_payment_methods",
            Some("400" | "401"),
        ) => roundtrip::<monri::types::ErrorResponse>(v),

        // PayArc
        ("payarc", "create_customer", None) => roundtrip::<payarc::types::CustomerCreate>(v),
        ("payarc", "create_customer", Some("2XX")) => {
            roundtrip::<payarc::types::CustomerResponse>(v)
        }

        // Rapyd
        ("rapyd", "create_customer", None) => roundtrip::<rapyd::types::CustomerCreate>(v),
        ("rapyd", "create_customer", Some("200")) => roundtrip::<rapyd::types::CustomerResponse>(v),

        _ => return None,
    };
    Some(result)
}

#[test]
fn every_example_roundtrips_through_its_generated_type() {
    let mut failures = Vec::new();
    let mut unmapped = Vec::new();
    // Per spec: (request examples, response examples) checked.
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for spec in SPECS {
        let (requests, responses) = counts.entry(spec).or_default();
        for example in examples_of(spec) {
            match check(&example) {
                None => unmapped.push(example.label()),
                Some(Err(why)) => failures.push(format!("{}: {why}", example.label())),
                Some(Ok(())) => match example.place {
                    Place::Request => *requests += 1,
                    Place::Response(_) => *responses += 1,
                },
            }
        }
    }
    assert!(
        unmapped.is_empty(),
        "examples without an entry in the table of `check` (add one):\n  {}",
        unmapped.join("\n  ")
    );
    assert!(
        failures.is_empty(),
        "examples that do not round-trip:\n  {}",
        failures.join("\n  ")
    );
    for (spec, (requests, responses)) in &counts {
        assert!(
            *responses > 0,
            "{spec}.yaml: no response example was checked"
        );
        assert!(*requests > 0, "{spec}.yaml: no request example was checked");
    }
    // At least the examples the specs hold now: fewer means the walk lost some.
    let at_least: BTreeMap<&str, (usize, usize)> = [
        ("monri", (2, 21)),
        ("payarc", (1, 1)),
        ("paycross", (4, 8)),
        ("rapyd", (1, 1)),
    ]
    .into();
    for (spec, (requests, responses)) in at_least {
        let (r, s) = counts[spec];
        assert!(
            r >= requests && s >= responses,
            "{spec}.yaml: {r} request and {s} response examples checked, expected at least \
             {requests} and {responses}"
        );
    }
    eprintln!("(request, response) examples checked per spec: {counts:?}");
}

/// The comparison itself: it must see a dropped field, a changed value and `null` turned into
/// an absent key, and it must not see key order or `0` against `0.0`.
#[test]
fn comparison_is_strict_except_for_key_order_and_number_representation() {
    let a: Value = serde_json::from_str(r#"{"a": 0, "b": [1, 2], "c": null}"#).expect("JSON");
    let reordered: Value =
        serde_json::from_str(r#"{"c": null, "b": [1, 2], "a": 0.0}"#).expect("JSON");
    assert!(same(&a, &reordered));
    for different in [
        r#"{"a": 0, "b": [1, 2]}"#,
        r#"{"a": 0, "b": [2, 1], "c": null}"#,
        r#"{"a": 0.5, "b": [1, 2], "c": null}"#,
        r#"{"a": 0, "b": [1, 2], "c": null, "d": 1}"#,
        r#"{"a": "0", "b": [1, 2], "c": null}"#,
    ] {
        let b: Value = serde_json::from_str(different).expect("JSON");
        assert!(!same(&a, &b), "{a} and {b} must differ");
    }

    // A type that drops a field fails the round trip.
    #[derive(serde::Deserialize, serde::Serialize)]
    struct OnlyA {
        a: i64,
    }
    assert!(roundtrip::<OnlyA>(&a).is_err());
    assert!(roundtrip::<Value>(&a).is_ok());
}
