//! Idempotency keys of generated operations against an in-process mock server (wiremock):
//! where the spec declares an idempotency header (Rapyd's `idempotency`), a call that gives no
//! key gets a UUID v4, the same on every attempt (which makes the `POST` retryable); a key the
//! caller gives (the params field or `.idempotency_key(…)`) is sent as it is.

use generated::rapyd::types::CustomerCreate;
use generated::rapyd::{Client, CreateCustomerParams};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server whose `POST /v1/customers` always answers 503 (retryable).
async fn unavailable() -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/customers"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = Client::builder(server.uri()).build().expect("client");
    (server, client)
}

/// The `idempotency` header of each request the server received.
async fn keys(server: &MockServer) -> Vec<Option<String>> {
    server
        .received_requests()
        .await
        .expect("recording is on")
        .iter()
        .map(|r| {
            r.headers
                .get("idempotency")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
        .collect()
}

fn body() -> CustomerCreate {
    CustomerCreate {
        name: Some("Jane Doe".into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_call_without_a_key_gets_one_uuid_v4_for_all_its_attempts() {
    let (server, client) = unavailable().await;
    let err = client
        .create_customer(&body(), &CreateCustomerParams::default())
        .retries(1)
        .await
        .expect_err("503");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err:?}");
    // Retried although it is a POST: it carries a key.
    let keys = keys(&server).await;
    assert_eq!(keys.len(), 2, "{keys:?}");
    let key = keys[0].clone().expect("a generated key");
    assert_eq!(keys[1].as_deref(), Some(key.as_str()));
    let uuid = uuid::Uuid::parse_str(&key).expect("a UUID");
    assert_eq!(uuid.get_version_num(), 4, "{key}");

    // The next call gets a key of its own.
    client
        .create_customer(&body(), &CreateCustomerParams::default())
        .retries(0)
        .await
        .expect_err("503");
    let all = self::keys(&server).await;
    assert_eq!(all.len(), 3);
    assert_ne!(all[2].as_deref(), Some(key.as_str()));
}

#[tokio::test]
async fn a_key_the_caller_gives_is_sent_as_it_is_on_every_attempt() {
    let (server, client) = unavailable().await;
    let params = CreateCustomerParams {
        idempotency: Some("order-1234".into()),
    };
    client
        .create_customer(&body(), &params)
        .retries(1)
        .await
        .expect_err("503");
    // `.idempotency_key(…)` on the call wins over the params field.
    client
        .create_customer(&body(), &params)
        .retries(1)
        .idempotency_key("call-5678")
        .await
        .expect_err("503");
    client
        .create_customer(&body(), &CreateCustomerParams::default())
        .retries(0)
        .idempotency_key("call-9")
        .await
        .expect_err("503");
    let keys = keys(&server).await;
    let expected = [
        "order-1234",
        "order-1234",
        "call-5678",
        "call-5678",
        "call-9",
    ];
    assert_eq!(
        keys,
        expected.map(|k| Some(k.to_owned())).to_vec(),
        "{keys:?}"
    );
}
