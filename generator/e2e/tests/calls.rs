//! What a generated operation returns (`runtime::Call`): a `Send` future that sends nothing until
//! it is awaited, and that fails before any I/O when the arguments break their documented
//! constraints. Against a wiremock server that records what it receives.

use generated::paycross::types::CustomerCreate;
use generated::paycross::Client;
use generated::runtime::Error;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn assert_send<T: Send>(_: &T) {}

async fn server() -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/customers"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "id": "cst_1", "email": "ada@example.com", "ip": "127.0.0.1"
        })))
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .basic_auth("1", "secret-key")
        .build()
        .expect("client");
    (server, client)
}

fn customer(state: Option<&str>) -> CustomerCreate {
    let mut body = CustomerCreate::new("ada@example.com", "127.0.0.1");
    body.state = state.map(Into::into);
    body
}

#[tokio::test]
async fn an_operation_is_a_send_future_that_sends_nothing_until_awaited() {
    let (server, client) = server().await;
    let body = customer(Some("CA"));
    let call = client.create_customer(&body);
    assert_send(&call);
    drop(call);
    let received = server.received_requests().await.expect("recording is on");
    assert!(received.is_empty(), "{received:?}");

    // The arguments are read when the operation is called: the future does not borrow them.
    let call = client.create_customer(&customer(Some("CA")));
    let created = call.await.expect("created");
    assert_eq!(created.status(), 201);
    assert_eq!(created.body().id, "cst_1");
    let received = server.received_requests().await.expect("recording is on");
    assert_eq!(received.len(), 1);
    // The default User-Agent names the generated crate, not the runtime crate it depends on.
    assert_eq!(
        received[0].headers.get("user-agent").map(|v| v.as_bytes()),
        Some(&b"generated/0.1.0"[..])
    );
}

#[tokio::test]
async fn invalid_arguments_fail_before_any_io() {
    let (server, client) = server().await;
    // `state` must match `^[A-Z]{2}$`.
    let err = client
        .create_customer(&customer(Some("california")))
        .await
        .expect_err("invalid state");
    match &err {
        Error::InvalidArgument(errors) => {
            assert!(errors.to_string().starts_with("state:"), "{errors}");
        }
        other => panic!("{other:?}"),
    }
    // An empty path parameter cannot be sent either.
    let err = client.get_customer("").await.expect_err("empty id");
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");

    let received = server.received_requests().await.expect("recording is on");
    assert!(received.is_empty(), "{received:?}");
}
