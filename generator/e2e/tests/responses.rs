//! What a success hands back (`runtime::Response<T>`: `status()`, `headers()`, `body()`,
//! `into_body()`, deref to the body) and the typed `…Headers` struct of a response that declares
//! headers (PayCross's `302` with `Location`), against an in-process mock server (wiremock).

use generated::paycross::types::Customer;
use generated::paycross::{Client, GetProductError, GetProductFoundHeaders};
use generated::runtime::{Error, StatusCode};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> Client {
    Client::builder(server.uri())
        .basic_auth("1", "secret-key")
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_success_is_read_through_accessors_and_derefs_to_its_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/customers/cst_1"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "r-1")
                .set_body_json(serde_json::json!({
                    "id": "cst_1", "email": "ada@example.com", "ip": "127.0.0.1"
                })),
        )
        .mount(&server)
        .await;
    let resp = client(&server)
        .await
        .get_customer("cst_1")
        .await
        .expect("customer");
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["x-request-id"], "r-1");
    assert_eq!(resp.header("x-request-id"), Some("r-1"));
    assert_eq!(resp.body().email, "ada@example.com");
    assert_eq!(resp.id, "cst_1", "a body field is read through Deref");
    let body: Customer = resp.into_body();
    assert_eq!(body.ip, "127.0.0.1");
}

#[tokio::test]
async fn a_declared_response_header_is_read_typed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/products/prd_1"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", "https://example.com/error")
                .set_body_raw("<p>invalid</p>", "text/html"),
        )
        .mount(&server)
        .await;
    let err = client(&server)
        .await
        .get_product("prd_1")
        .await
        .expect_err("a 302 is a documented error");
    let Error::Api(e) = err else {
        panic!("expected Error::Api, got {err:?}");
    };
    // Error enums derive `Debug` only: match, then compare the payload.
    let GetProductError::Found(text) = &e.body else {
        panic!("expected GetProductError::Found, got {:?}", e.body);
    };
    assert_eq!(text, "<p>invalid</p>");
    let headers = GetProductFoundHeaders::from_headers(&e.headers);
    assert_eq!(
        headers.location.as_deref(),
        Some("https://example.com/error")
    );
    // An absent header is `None`.
    let none = GetProductFoundHeaders::from_headers(&generated::runtime::HeaderMap::new());
    assert_eq!(none.location, None);
}
