//! What generated clients check before sending (issue 12, item 5) and what their models keep
//! out of `Debug` (item 7), against a wiremock server that records what it receives:
//! `format` violations and constraints of the `oneOf` alternative a value is in fail before any
//! I/O, each violation naming its field path; `.no_validation()` on a call and
//! `.validation(false)` on the builder send them anyway.

use generated::monri::types::PaymentMethod;
use generated::paycross::types::{CustomerCreate, LenientInteger, ProductUpdate};
use generated::paycross::Client;
use generated::runtime::Error;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/customers"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "id": "cst_1", "email": "ada@example.com", "ip": "127.0.0.1"
        })))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/products/prd_1"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer, validation: bool) -> Client {
    Client::builder(server.uri())
        .basic_auth("1", "secret-key")
        .validation(validation)
        .build()
        .expect("client")
}

fn bad_customer() -> CustomerCreate {
    CustomerCreate::new("not-an-email", "127.0.0.1")
}

/// `amount` is a `oneOf` of an integer and a string matching `^-?[0-9]+$`: `"12a"` is in the
/// string alternative and breaks its pattern. `return_url` is `format: uri`.
fn bad_update() -> ProductUpdate {
    ProductUpdate::default()
        .with_amount(LenientInteger::String("12a".into()))
        .with_quantity(LenientInteger::String("10".into()))
        .with_return_url("not a uri")
}

fn violations<E: std::fmt::Debug>(err: Error<E>) -> Vec<String> {
    match err {
        Error::InvalidArgument(errors) => errors.0.iter().map(ToString::to_string).collect(),
        other => panic!("expected InvalidArgument, got {other:?}"),
    }
}

#[tokio::test]
async fn format_violations_fail_before_any_io_with_their_paths() {
    let server = server().await;
    let client = client(&server, true);
    let err = client
        .create_customer(&bad_customer())
        .await
        .expect_err("invalid email");
    assert_eq!(violations(err), ["email: not an e-mail address"]);
    let received = server.received_requests().await.expect("recording is on");
    assert!(received.is_empty(), "{received:?}");
}

#[tokio::test]
async fn one_of_alternatives_are_checked_with_their_own_constraints() {
    let server = server().await;
    let client = client(&server, true);
    let err = client
        .update_product("prd_1", &bad_update())
        .await
        .expect_err("invalid amount and return_url");
    assert_eq!(
        violations(err),
        [
            "amount: does not match the pattern `^-?[0-9]+$`",
            "return_url: not an absolute URI",
        ]
    );
    let received = server.received_requests().await.expect("recording is on");
    assert!(received.is_empty(), "{received:?}");

    // The values the alternatives allow pass, in either form.
    let good = ProductUpdate::default()
        .with_amount(LenientInteger::Integer(990))
        .with_quantity(LenientInteger::String("-5".into()))
        .with_return_url("https://shop.example.com/return?order=1");
    let updated = client.update_product("prd_1", &good).await.expect("sent");
    assert_eq!(updated.status(), 204);
}

#[tokio::test]
async fn no_validation_on_a_call_sends_what_breaks_a_constraint() {
    let server = server().await;
    let client = client(&server, true);
    client
        .create_customer(&bad_customer())
        .no_validation()
        .await
        .expect("sent without checks");
    client
        .update_product("prd_1", &bad_update())
        .no_validation()
        .await
        .expect("sent without checks");
    let received = server.received_requests().await.expect("recording is on");
    assert_eq!(received.len(), 2);
    let customer: serde_json::Value = serde_json::from_slice(&received[0].body).expect("json");
    assert_eq!(customer["email"], "not-an-email");
    let product: serde_json::Value = serde_json::from_slice(&received[1].body).expect("json");
    assert_eq!(product["amount"], "12a");
    assert_eq!(product["return_url"], "not a uri");

    // Only that call: the next one is checked again.
    let err = client
        .create_customer(&bad_customer())
        .await
        .expect_err("checked again");
    assert_eq!(violations(err), ["email: not an e-mail address"]);
    let received = server.received_requests().await.expect("recording is on");
    assert_eq!(received.len(), 2);
}

#[tokio::test]
async fn validation_off_on_the_builder_sends_every_call_unchecked() {
    let server = server().await;
    let client = client(&server, false);
    client
        .create_customer(&bad_customer())
        .await
        .expect("sent without checks");
    client
        .update_product("prd_1", &bad_update())
        .await
        .expect("sent without checks");
    let received = server.received_requests().await.expect("recording is on");
    assert_eq!(received.len(), 2);
    // A value that cannot be sent at all is still refused.
    let err = client
        .update_product("", &ProductUpdate::default())
        .await
        .expect_err("empty path parameter");
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
}

/// Monri's payment-method `token` (and its `id`, the same value) are `x-sensitive`: `Debug`
/// shows that they are there, never what they are; the fields keep their plain types.
#[test]
fn debug_of_a_payment_method_shows_no_token() {
    let token = "00c1eb1a4a0b61d1c2921c8d3a3f4570801da3f3f087c280e832cb4876a5e633";
    // A received type: built as the client builds it, from JSON.
    let method: PaymentMethod = serde_json::from_value(serde_json::json!({
        "id": token,
        "token": token,
        "masked_pan": "405840******0005",
        "keep_until": null,
    }))
    .expect("a payment method");
    for text in [format!("{method:?}"), format!("{method:#?}")] {
        assert!(!text.contains(token), "{text}");
        assert!(!text.contains("00c1eb"), "{text}");
        assert!(
            text.contains("token: Value(\"***\")") || text.contains("token: Value(\n"),
            "{text}"
        );
        // Fields that are not sensitive print as the derive would.
        assert!(text.contains("405840******0005"), "{text}");
    }
    assert_eq!(
        format!("{method:?}").matches("Value(\"***\")").count(),
        2,
        "{method:?}"
    );
    assert!(format!("{method:?}").contains("keep_until: Null"));
    assert!(format!("{method:?}").contains("customer_uuid: Absent"));
    // The value itself is untouched, and is what is sent.
    assert_eq!(method.token.as_option().map(String::as_str), Some(token));
    let json = serde_json::to_value(&method).expect("json");
    assert_eq!(json["token"], token);
}
