//! `Display` of an API error shows the provider's message: from the typed body of a documented
//! error (PayCross's 422 `message`), and from the JSON of an undocumented one (Rapyd's
//! `status.message`), against an in-process mock server (wiremock); a body without one shows the
//! status alone.

use generated::runtime::{Error, UntypedError};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answering(route: &str, status: u16, body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(route))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_paycross_422_displays_its_message() {
    use generated::paycross::types::CustomerCreate;
    use generated::paycross::{Client, CreateCustomerError};
    let server = answering(
        "/customers",
        422,
        serde_json::json!({
            "message": "The email must be a valid email address.",
            "errors": { "email": ["The email must be a valid email address."] }
        }),
    )
    .await;
    let client = Client::builder(server.uri())
        .basic_auth("1", "secret")
        .build()
        .expect("client");
    let body = CustomerCreate {
        email: "jane@example.com".into(),
        ip: "127.0.0.1".into(),
        ..Default::default()
    };
    let err = client.create_customer(&body).await.expect_err("422");
    assert_eq!(
        err.to_string(),
        "API error: status 422 Unprocessable Entity: The email must be a valid email address."
    );
    match &err {
        Error::Api(api) => {
            assert!(matches!(
                api.body,
                CreateCustomerError::UnprocessableEntity(_)
            ));
            assert_eq!(
                api.message.as_deref(),
                Some("The email must be a valid email address.")
            );
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    // The untyped error keeps the message.
    let untyped = UntypedError::from(err);
    assert!(
        untyped
            .to_string()
            .contains("must be a valid email address"),
        "{untyped}"
    );
}

/// Rapyd's document describes no error answer, so its errors are `UnexpectedResponse`s (status,
/// headers and body kept); their `Display` still shows the message of Rapyd's `status` envelope.
#[tokio::test]
async fn a_rapyd_error_displays_its_status_message() {
    use generated::rapyd::types::CustomerCreate;
    use generated::rapyd::{Client, CreateCustomerParams};
    let server = answering(
        "/v1/customers",
        400,
        serde_json::json!({
            "status": {
                "error_code": "INVALID_FIELDS",
                "status": "ERROR",
                "message": "The request did not contain the required field 'name'.",
                "response_code": "INVALID_FIELDS",
                "operation_id": "5d3a0e8f-0000-4000-8000-000000000000"
            }
        }),
    )
    .await;
    let client = Client::builder(server.uri()).build().expect("client");
    let err = client
        .create_customer(&CustomerCreate::default(), &CreateCustomerParams::default())
        .await
        .expect_err("400");
    assert_eq!(
        err.to_string(),
        "unexpected response: status 400 Bad Request: The request did not contain the required \
         field 'name'."
    );
    match &err {
        Error::UnexpectedResponse(r) => assert_eq!(r.status(), 400),
        other => panic!("expected Error::UnexpectedResponse, got {other:?}"),
    }
}

#[tokio::test]
async fn an_error_body_without_a_message_displays_the_status() {
    use generated::rapyd::types::CustomerCreate;
    use generated::rapyd::{Client, CreateCustomerParams};
    let server = answering(
        "/v1/customers",
        401,
        serde_json::json!({ "status": { "error_code": "UNAUTHENTICATED_API_CALL", "message": "" } }),
    )
    .await;
    let client = Client::builder(server.uri()).build().expect("client");
    let err = client
        .create_customer(&CustomerCreate::default(), &CreateCustomerParams::default())
        .await
        .expect_err("401");
    assert_eq!(
        err.to_string(),
        "unexpected response: status 401 Unauthorized"
    );
}
