//! How generated models read and write JSON (`runtime::object`'s `json_object!` and
//! `json_union!`): required, nullable and optional properties, undeclared properties, duplicates
//! and unions, on the real generated types.

use generated::paycross::types::{Customer, CustomerCreate, LenientInteger, Product};
use generated::runtime::Nullable;
use serde_json::{json, Value};

fn paycross_customer() -> Value {
    json!({
        "id": "cst_1",
        "first_name": "Ada",
        "last_name": null,
        "email": "ada@example.com",
        "ip": "127.0.0.1"
    })
}

#[test]
fn required_optional_and_nullable_properties_read_apart() {
    let c: Customer = serde_json::from_value(paycross_customer()).expect("reads");
    assert_eq!(c.id, "cst_1");
    assert_eq!(c.first_name, Nullable::Value("Ada".to_owned()));
    assert_eq!(c.last_name, Nullable::Null);
    assert_eq!(c.address, Nullable::Absent);
}

#[test]
fn a_missing_required_property_is_named() {
    let mut v = paycross_customer();
    v.as_object_mut().expect("object").remove("id");
    let err = serde_json::from_value::<Customer>(v).expect_err("id is required");
    assert!(err.to_string().contains("missing field `id`"), "{err}");
}

#[test]
fn a_property_sent_twice_is_an_error() {
    let text = r#"{"id": "a", "id": "b", "email": "x@example.com"}"#;
    let err = serde_json::from_str::<Customer>(text).expect_err("duplicate");
    assert!(err.to_string().contains("duplicate field `id`"), "{err}");
}

#[test]
fn a_value_of_the_wrong_shape_says_what_was_expected() {
    let err = serde_json::from_str::<Customer>("[1, 2]").expect_err("not an object");
    assert!(err.to_string().contains("an object (Customer)"), "{err}");
    let err = serde_json::from_str::<Customer>(r#"{"id": 7}"#).expect_err("id is a string");
    assert!(
        err.to_string().contains("invalid type: integer `7`"),
        "{err}"
    );
}

#[test]
fn undeclared_properties_are_kept_and_written_back() {
    let mut v = paycross_customer();
    v["loyalty"] = json!({"tier": "gold"});
    let c: Customer = serde_json::from_value(v.clone()).expect("reads");
    assert_eq!(c.extra.get("loyalty"), Some(&json!({"tier": "gold"})));
    // Written back: declared properties (absent ones left out, null kept), then the extras.
    let back = serde_json::to_value(&c).expect("writes");
    assert_eq!(back, v);
}

#[test]
fn absent_optional_properties_are_not_written() {
    let body = CustomerCreate::new("ada@example.com", "127.0.0.1").with_first_name("Ada");
    let text = serde_json::to_string(&body).expect("writes");
    assert_eq!(
        text,
        r#"{"first_name":"Ada","email":"ada@example.com","ip":"127.0.0.1"}"#
    );
}

#[test]
fn a_missing_required_nullable_property_reads_as_none() {
    // PayCross's product: `quantity` is required but nullable (`Option<i64>`).
    let v = json!({
        "id": "prd_1", "name": "product", "description": "d", "currency": "USD",
        "amount": 990, "infinite": true, "language": "en", "transaction_type": "payment",
        "created_at": "2022-12-20T18:54:42.033Z", "updated_at": "2022-12-20T18:54:42.033Z",
        "test": false, "additional_data": {}, "pay_url": "https://example.com/pay",
        "payment_url": "https://example.com/pay", "confirm_url": "https://example.com/confirm"
    });
    let p: Product = serde_json::from_value(v).expect("reads");
    assert_eq!(p.quantity, None);
    // And `None` is written as `null`: the property is required.
    let back = serde_json::to_value(&p).expect("writes");
    assert_eq!(back["quantity"], Value::Null);
}

#[test]
fn untagged_unions_take_the_first_variant_that_fits() {
    let n: LenientInteger = serde_json::from_str("42").expect("integer");
    assert_eq!(n, LenientInteger::Integer(42));
    let s: LenientInteger = serde_json::from_str(r#""42""#).expect("string");
    assert_eq!(s, LenientInteger::String("42".into()));
    assert_eq!(serde_json::to_string(&n).expect("writes"), "42");
    assert_eq!(serde_json::to_string(&s).expect("writes"), r#""42""#);
    let err = serde_json::from_str::<LenientInteger>("true").expect_err("neither");
    assert!(
        err.to_string()
            .contains("data did not match any variant of untagged enum LenientInteger"),
        "{err}"
    );
}
