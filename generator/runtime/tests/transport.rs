//! The transport against an in-process mock server (`wiremock`) and a raw TCP listener on
//! 127.0.0.1: retries, `Retry-After`, timeouts, reset connections, idempotency, URL and body
//! encoding, auth, typed and untyped responses, and what `Debug` and `tracing` may show.
// Some cases use the signers (`required-features` in the manifest).

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use generator_runtime::transport::parse_retry_after;
use generator_runtime::{
    ApiKeyLocation, Error, RawResponse, RequestBuilder, RequestError, RetryPolicy, Secret,
    Transport, Validate, Validator,
};
use reqwest::Method;
use serde::Deserialize;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_retries: 3,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
    }
}

fn transport(base: &str) -> Transport {
    Transport::builder(base)
        .retry(fast_retries())
        .build()
        .expect("builds")
}

fn get(path: &'static str) -> RequestBuilder {
    let mut req = RequestBuilder::new(Method::GET, "test");
    req.path(path);
    req
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

/// Mounts `first` for the first `n` matching requests, then `then`.
async fn respond_n_then(
    server: &MockServer,
    http_method: &str,
    url_path: &str,
    first: ResponseTemplate,
    n: u64,
    then: ResponseTemplate,
) {
    Mock::given(method(http_method))
        .and(path(url_path))
        .respond_with(first)
        .up_to_n_times(n)
        .mount(server)
        .await;
    Mock::given(method(http_method))
        .and(path(url_path))
        .respond_with(then)
        .mount(server)
        .await;
}

// ---------------------------------------------------------------------------------------------
// Retries

#[tokio::test]
async fn server_errors_are_retried_until_success() {
    let server = MockServer::start().await;
    respond_n_then(
        &server,
        "GET",
        "/v1/customers",
        ResponseTemplate::new(502),
        2,
        ResponseTemplate::new(200).set_body_string(r#"{"id":"cus_1"}"#),
    )
    .await;
    let response = transport(&server.uri())
        .send(get("/v1/customers"))
        .await
        .expect("a response");
    assert_eq!(response.status(), 200);
    assert_eq!(&response.body[..], br#"{"id":"cus_1"}"#);
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn retries_give_up_after_max_retries_and_return_the_last_response() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_string("still down"))
        .mount(&server)
        .await;
    let response = transport(&server.uri())
        .send(get("/x"))
        .await
        .expect("a response");
    assert_eq!(response.status(), 500);
    assert_eq!(&response.body[..], b"still down");
    assert_eq!(received(&server).await.len(), 4, "1 attempt + 3 retries");
}

#[tokio::test]
async fn status_408_and_429_are_retried_but_4xx_are_not() {
    let server = MockServer::start().await;
    respond_n_then(
        &server,
        "GET",
        "/a",
        ResponseTemplate::new(408),
        1,
        ResponseTemplate::new(200),
    )
    .await;
    respond_n_then(
        &server,
        "GET",
        "/b",
        ResponseTemplate::new(429),
        1,
        ResponseTemplate::new(200),
    )
    .await;
    respond_n_then(
        &server,
        "GET",
        "/c",
        ResponseTemplate::new(404),
        1,
        ResponseTemplate::new(200),
    )
    .await;
    let t = transport(&server.uri());
    assert_eq!(t.send(get("/a")).await.expect("ok").status(), 200);
    assert_eq!(t.send(get("/b")).await.expect("ok").status(), 200);
    assert_eq!(t.send(get("/c")).await.expect("ok").status(), 404);
    assert_eq!(received(&server).await.len(), 5);
}

#[tokio::test]
async fn retry_after_seconds_is_honoured() {
    let server = MockServer::start().await;
    respond_n_then(
        &server,
        "GET",
        "/limited",
        ResponseTemplate::new(429).insert_header("Retry-After", "1"),
        1,
        ResponseTemplate::new(200),
    )
    .await;
    let t = Transport::builder(server.uri())
        .retry(RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_secs(5),
        })
        .build()
        .expect("builds");
    let started = Instant::now();
    let response = t.send(get("/limited")).await.expect("a response");
    let elapsed = started.elapsed();
    assert_eq!(response.status(), 200);
    assert!(elapsed >= Duration::from_millis(990), "waited {elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "waited {elapsed:?}");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn retry_after_http_date_is_honoured() {
    let server = MockServer::start().await;
    let at = chrono::DateTime::<chrono::Utc>::from(SystemTime::now() + Duration::from_secs(2));
    let date = at.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    respond_n_then(
        &server,
        "GET",
        "/busy",
        ResponseTemplate::new(503).insert_header("Retry-After", date.as_str()),
        1,
        ResponseTemplate::new(200),
    )
    .await;
    let t = Transport::builder(server.uri())
        .retry(RetryPolicy {
            max_retries: 1,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_secs(5),
        })
        .build()
        .expect("builds");
    let started = Instant::now();
    let response = t.send(get("/busy")).await.expect("a response");
    let elapsed = started.elapsed();
    assert_eq!(response.status(), 200);
    // The date has whole seconds: the wait is between 1 and 2 s.
    assert!(elapsed >= Duration::from_millis(900), "waited {elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "waited {elapsed:?}");
}

#[tokio::test]
async fn retry_after_beyond_max_backoff_returns_the_response_at_once() {
    let server = MockServer::start().await;
    respond_n_then(
        &server,
        "GET",
        "/limited",
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "3600")
            .set_body_string("slow down"),
        1,
        ResponseTemplate::new(200),
    )
    .await;
    let t = Transport::builder(server.uri())
        .retry(RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_secs(1),
        })
        .build()
        .expect("builds");
    let started = Instant::now();
    let response = t.send(get("/limited")).await.expect("a response");
    assert!(started.elapsed() < Duration::from_millis(900));
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers["retry-after"], "3600");
    assert_eq!(&response.body[..], b"slow down");
    assert_eq!(received(&server).await.len(), 1);
}

#[test]
fn retry_after_values_parse() {
    let now = UNIX_EPOCH + Duration::from_secs(784_111_767); // Sun, 06 Nov 1994 08:49:27 GMT
    assert_eq!(
        parse_retry_after("120", now),
        Some(Duration::from_secs(120))
    );
    assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
        Some(Duration::from_secs(10))
    );
    assert_eq!(
        parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", now),
        Some(Duration::ZERO),
        "a date in the past: retry now"
    );
    assert_eq!(
        parse_retry_after("Thu, 29 Feb 2024 00:00:00 GMT", UNIX_EPOCH),
        Some(Duration::from_secs(1_709_164_800))
    );
    for bad in [
        "",
        "-1",
        "1.5",
        "soon",
        "Sun, 06 Nov 1994 08:49:37 PST",
        "Sun, 32 Nov 1994 08:49:37 GMT",
    ] {
        assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
    }
    assert!(parse_retry_after("99999999999999999999999", SystemTime::now()).is_some());
}

#[tokio::test]
async fn retries_can_be_switched_off() {
    let server = MockServer::start().await;
    respond_n_then(
        &server,
        "GET",
        "/x",
        ResponseTemplate::new(503),
        1,
        ResponseTemplate::new(200),
    )
    .await;
    let t = Transport::builder(server.uri())
        .retry(RetryPolicy::disabled())
        .build()
        .expect("builds");
    assert_eq!(RetryPolicy::disabled().max_retries, 0);
    assert_eq!(t.send(get("/x")).await.expect("a response").status(), 503);
    assert_eq!(received(&server).await.len(), 1);
}

#[test]
fn default_retry_policy() {
    let p = RetryPolicy::default();
    assert_eq!(p.max_retries, 3);
    assert_eq!(p.initial_backoff, Duration::from_millis(200));
    assert_eq!(p.max_backoff, Duration::from_secs(10));
}

// ---------------------------------------------------------------------------------------------
// Idempotency

#[tokio::test]
async fn post_without_idempotency_key_is_not_retried() {
    let server = MockServer::start().await;
    respond_n_then(
        &server,
        "POST",
        "/v1/payments",
        ResponseTemplate::new(503),
        1,
        ResponseTemplate::new(201),
    )
    .await;
    let mut req = RequestBuilder::new(Method::POST, "createPayment");
    req.path("/v1/payments");
    req.json(&serde_json::json!({"amount": 100}));
    let response = transport(&server.uri())
        .send(req)
        .await
        .expect("a response");
    assert_eq!(response.status(), 503);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn post_with_idempotency_key_is_retried_with_the_same_key() {
    let server = MockServer::start().await;
    respond_n_then(
        &server,
        "POST",
        "/v1/payments",
        ResponseTemplate::new(503),
        2,
        ResponseTemplate::new(201),
    )
    .await;
    let mut req = RequestBuilder::new(Method::POST, "createPayment");
    req.path("/v1/payments");
    req.idempotency_key("Idempotency-Key", &"key-4f1c");
    req.json(&serde_json::json!({"amount": 100}));
    let response = transport(&server.uri())
        .send(req)
        .await
        .expect("a response");
    assert_eq!(response.status(), 201);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    for r in &requests {
        assert_eq!(r.headers["idempotency-key"], "key-4f1c");
        assert_eq!(r.body, br#"{"amount":100}"#);
    }
}

#[tokio::test]
async fn patch_is_not_retried_but_put_and_delete_are() {
    let server = MockServer::start().await;
    for m in ["PATCH", "PUT", "DELETE"] {
        respond_n_then(
            &server,
            m,
            "/r",
            ResponseTemplate::new(500),
            1,
            ResponseTemplate::new(200),
        )
        .await;
    }
    let t = transport(&server.uri());
    for (m, status) in [
        (Method::PATCH, 500),
        (Method::PUT, 200),
        (Method::DELETE, 200),
    ] {
        let mut req = RequestBuilder::new(m.clone(), "op");
        req.path("/r");
        assert_eq!(t.send(req).await.expect("response").status(), status, "{m}");
    }
    assert_eq!(received(&server).await.len(), 5);
}

// ---------------------------------------------------------------------------------------------
// Timeouts and broken connections

#[tokio::test]
async fn a_slow_server_is_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let t = Transport::builder(server.uri())
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy {
            max_retries: 1,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
        })
        .build()
        .expect("builds");
    let started = Instant::now();
    let err = t.send(get("/slow")).await.expect_err("times out");
    let elapsed = started.elapsed();
    assert!(matches!(err, RequestError::Timeout(_)), "{err:?}");
    assert!(
        elapsed >= Duration::from_millis(400),
        "two attempts: {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    assert_eq!(
        received(&server).await.len(),
        2,
        "a timeout of a GET is retried"
    );
    let err: Error<()> = err.into();
    assert!(err.is_timeout());
    assert!(err.to_string().starts_with("request timed out"), "{err}");
}

/// A TCP server that accepts connections and closes them at once; counts the connections.
async fn closing_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            drop(socket);
        }
    });
    (format!("http://{addr}"), accepted)
}

#[tokio::test]
async fn a_closed_connection_is_retried_then_reported_as_transport() {
    let (base, accepted) = closing_server().await;
    let err = transport(&base)
        .send(get("/x"))
        .await
        .expect_err("no response");
    assert!(matches!(err, RequestError::Transport(_)), "{err:?}");
    assert_eq!(accepted.load(Ordering::SeqCst), 4, "1 attempt + 3 retries");
    let err: Error<()> = err.into();
    assert!(matches!(err, Error::Transport(_)));
    assert_eq!(err.status(), None);
}

#[tokio::test]
async fn a_closed_connection_on_a_post_without_key_is_not_retried() {
    let (base, accepted) = closing_server().await;
    let mut req = RequestBuilder::new(Method::POST, "createPayment");
    req.path("/x");
    let err = transport(&base).send(req).await.expect_err("no response");
    assert!(matches!(err, RequestError::Transport(_)), "{err:?}");
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

// ---------------------------------------------------------------------------------------------
// Responses

#[derive(Debug, Deserialize, PartialEq)]
struct Customer {
    id: String,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Unprocessable {
    message: String,
}

#[derive(Debug, PartialEq)]
enum CreateError {
    Unprocessable(Unprocessable),
    NotFound,
}

/// What a generated operation does with a response.
fn interpret(
    raw: RawResponse,
) -> Result<generator_runtime::Response<Customer>, Error<CreateError>> {
    match raw.status() {
        200 | 201 => raw.json(),
        404 => Err(raw.error_empty(CreateError::NotFound)),
        422 => Err(raw.error_json(CreateError::Unprocessable)),
        _ => Err(raw.unexpected()),
    }
}

async fn call(
    server: &MockServer,
    template: ResponseTemplate,
) -> Result<generator_runtime::Response<Customer>, Error<CreateError>> {
    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(template)
        .mount(server)
        .await;
    let raw = transport(&server.uri()).send(get("/c")).await?;
    interpret(raw)
}

#[tokio::test]
async fn responses_become_typed_bodies_and_errors() {
    let server = MockServer::start().await;

    let ok = call(
        &server,
        ResponseTemplate::new(200)
            .insert_header("x-request-id", "r1")
            .set_body_string(r#"{"id":"cus_1"}"#),
    )
    .await
    .expect("typed");
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.headers()["x-request-id"], "r1");
    assert_eq!(ok.id, "cus_1", "Deref to the body");
    assert_eq!(ok.into_body(), Customer { id: "cus_1".into() });

    let err = call(
        &server,
        ResponseTemplate::new(422).set_body_string(r#"{"message":"email is invalid"}"#),
    )
    .await
    .expect_err("typed error");
    match &err {
        Error::Api(api) => {
            assert_eq!(api.status, 422);
            assert_eq!(
                api.body,
                CreateError::Unprocessable(Unprocessable {
                    message: "email is invalid".into()
                })
            );
            assert_eq!(&api.raw[..], br#"{"message":"email is invalid"}"#);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.api_body(),
        Some(&CreateError::Unprocessable(Unprocessable {
            message: "email is invalid".into()
        }))
    );

    let err = call(&server, ResponseTemplate::new(404))
        .await
        .expect_err("typed error");
    assert_eq!(err.api_body(), Some(&CreateError::NotFound));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test]
async fn an_unexpected_status_keeps_status_headers_and_body() {
    let server = MockServer::start().await;
    let err = call(
        &server,
        ResponseTemplate::new(418)
            .insert_header("x-request-id", "req_42")
            .set_body_string("<html>I'm a teapot</html>"),
    )
    .await
    .expect_err("unexpected");
    match &err {
        Error::UnexpectedResponse(raw) => {
            assert_eq!(raw.status(), 418);
            assert_eq!(raw.headers["x-request-id"], "req_42");
            assert_eq!(&raw.body[..], b"<html>I'm a teapot</html>");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.raw_body().map(|b| &b[..]),
        Some(&b"<html>I'm a teapot</html>"[..])
    );
    assert_eq!(
        err.headers().map(|h| h["x-request-id"].clone()),
        Some("req_42".parse().expect("value"))
    );
    assert_eq!(
        err.to_string(),
        "unexpected response: status 418 I'm a teapot"
    );
}

#[tokio::test]
async fn an_undecodable_body_keeps_the_response() {
    let server = MockServer::start().await;
    let err = call(
        &server,
        ResponseTemplate::new(200).set_body_string(r#"{"id":42}"#),
    )
    .await
    .expect_err("decode error");
    match &err {
        Error::Decode { response, source } => {
            assert_eq!(response.status(), 200);
            assert_eq!(&response.body[..], br#"{"id":42}"#);
            assert!(source.to_string().contains("invalid type"), "{source}");
        }
        other => panic!("{other:?}"),
    }
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn empty_and_text_bodies() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("pong"))
        .mount(&server)
        .await;
    let t = transport(&server.uri());
    let mut req = RequestBuilder::new(Method::DELETE, "deleteCustomer");
    req.path("/c/1");
    let raw = t.send(req).await.expect("response");
    let deleted = raw.empty::<()>().expect("empty");
    assert_eq!(deleted.status(), 204);
    let text = t
        .send(get("/ping"))
        .await
        .expect("response")
        .text::<()>()
        .expect("text");
    assert_eq!(text.body(), "pong");
}

// ---------------------------------------------------------------------------------------------
// Nothing is sent for invalid arguments

struct NewCustomer {
    email: String,
}

impl Validate for NewCustomer {
    fn validate_into(&self, v: &mut Validator) {
        v.field("email", |v| v.max_length(&self.email, 5));
    }
}

/// What a generated operation with a validated body looks like.
async fn create_customer(t: &Transport, body: &NewCustomer) -> Result<RawResponse, Error<()>> {
    let mut req = RequestBuilder::new(Method::POST, "createCustomer");
    req.path("/customers");
    req.validate(body);
    req.json(&serde_json::json!({ "email": body.email }));
    Ok(t.send(req).await?)
}

#[tokio::test]
async fn invalid_arguments_send_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let t = transport(&server.uri());

    let err = create_customer(
        &t,
        &NewCustomer {
            email: "much-too-long@example.com".into(),
        },
    )
    .await
    .expect_err("invalid");
    match &err {
        Error::InvalidArgument(errors) => {
            assert_eq!(errors.to_string(), "email: longer than 5 characters");
        }
        other => panic!("{other:?}"),
    }

    // A header value with a line break cannot be sent.
    let mut req = get("/x");
    req.header("X-Note", &"a\r\nInjected: yes");
    assert!(
        matches!(req.problem(), Some(RequestError::InvalidArgument(_))),
        "{:?}",
        req.problem()
    );
    let err = t.send(req).await.expect_err("refused");
    assert!(matches!(err, RequestError::InvalidArgument(_)), "{err:?}");

    // Path parameters that URL parsers would treat as dot segments, or an empty one.
    for bad in ["..", ".", ""] {
        let mut req = RequestBuilder::new(Method::DELETE, "deleteCustomer");
        req.path("/customers/");
        req.path_param(&bad);
        let err = t.send(req).await.expect_err("refused");
        assert!(
            matches!(err, RequestError::InvalidArgument(_)),
            "{bad:?}: {err:?}"
        );
    }

    assert_eq!(
        received(&server).await.len(),
        0,
        "nothing reached the server"
    );

    // A valid call does go through.
    let ok = create_customer(
        &t,
        &NewCustomer {
            email: "a@b.c".into(),
        },
    )
    .await
    .expect("sent");
    assert_eq!(ok.status(), 201);
    assert_eq!(received(&server).await.len(), 1);
}

// ---------------------------------------------------------------------------------------------
// URL and body encoding

#[tokio::test]
async fn path_parameters_stay_inside_their_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let t = transport(&format!("{}/api/", server.uri()));
    let cases = [
        ("../admin", "/api/customers/..%2Fadmin/cards"),
        ("a b/c?d#e%f", "/api/customers/a%20b%2Fc%3Fd%23e%25f/cards"),
        ("Žuti~cus_1.x-y", "/api/customers/%C5%BDuti~cus_1.x-y/cards"),
        ("...", "/api/customers/.../cards"),
    ];
    for (id, _) in cases {
        let mut req = get("/customers/");
        req.path_param(&id);
        req.path("/cards");
        assert_eq!(t.send(req).await.expect("sent").status(), 200);
    }
    let seen: Vec<String> = received(&server)
        .await
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    let expected: Vec<&str> = cases.iter().map(|(_, p)| *p).collect();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn query_parameters_are_form_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let mut req = get("/v2/customers");
    req.query("limit", &10);
    req.query("q", &"Ada Lovelace & co=1");
    req.query_opt("offset", None);
    req.query_opt("email", Some(&"a+b@example.com"));
    req.query_list("status", &[&"approved", &"ž"]);
    transport(&server.uri()).send(req).await.expect("sent");
    let requests = received(&server).await;
    assert_eq!(
        requests[0].url.query(),
        Some("limit=10&q=Ada+Lovelace+%26+co%3D1&email=a%2Bb%40example.com&status=approved&status=%C5%BE")
    );
}

#[tokio::test]
async fn form_and_json_bodies_and_default_headers() {
    #[derive(serde::Serialize)]
    struct Charge<'a> {
        amount: u32,
        description: &'a str,
        email: &'a str,
        capture: bool,
    }
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let t = transport(&server.uri());

    let mut req = RequestBuilder::new(Method::POST, "createCharge");
    req.path("/v1/charges");
    req.form(&Charge {
        amount: 100,
        description: "tea & cake",
        email: "a+b@x.com",
        capture: true,
    });
    t.send(req).await.expect("sent");

    let mut req = RequestBuilder::new(Method::POST, "createCustomer");
    req.path("/v1/customers");
    req.header("Accept", &"application/vnd.api+json");
    req.header("X-Request-Id", &"r-1");
    req.json(&serde_json::json!({"name": "Ada", "tags": ["a", "b"]}));
    t.send(req).await.expect("sent");

    let requests = received(&server).await;
    let form = &requests[0];
    assert_eq!(
        form.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        form.body,
        b"amount=100&description=tea+%26+cake&email=a%2Bb%40x.com&capture=true"
    );
    assert_eq!(form.headers["accept"], "application/json");
    // The default names the crate the runtime is compiled into (generated clients set their own).
    assert_eq!(
        form.headers["user-agent"],
        concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(form.headers["user-agent"], "generator-runtime/0.1.0");

    let json = &requests[1];
    assert_eq!(json.headers["content-type"], "application/json");
    assert_eq!(json.body, br#"{"name":"Ada","tags":["a","b"]}"#);
    assert_eq!(
        json.headers["accept"], "application/vnd.api+json",
        "the operation's Accept wins"
    );
    assert_eq!(json.headers["x-request-id"], "r-1");
}

// ---------------------------------------------------------------------------------------------
// Auth

async fn auth_headers(
    configure: impl FnOnce(
        generator_runtime::ClientBuilder<Transport>,
    ) -> generator_runtime::ClientBuilder<Transport>,
) -> Request {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let t = configure(Transport::builder(server.uri()).user_agent("shop/1.2"))
        .build()
        .expect("builds");
    let mut req = get("/me");
    req.query("page", &1);
    t.send(req).await.expect("sent");
    received(&server).await.remove(0)
}

#[tokio::test]
async fn basic_bearer_and_api_key_auth() {
    let r = auth_headers(|b| b.basic_auth("shop_1", "s3cret:pass")).await;
    // base64("shop_1:s3cret:pass")
    assert_eq!(r.headers["authorization"], "Basic c2hvcF8xOnMzY3JldDpwYXNz");
    assert_eq!(r.headers["user-agent"], "shop/1.2");

    let r = auth_headers(|b| b.bearer_auth("tok_abc")).await;
    assert_eq!(r.headers["authorization"], "Bearer tok_abc");

    let r = auth_headers(|b| b.api_key(ApiKeyLocation::Header, "X-Api-Key", "key_1")).await;
    assert_eq!(r.headers["x-api-key"], "key_1");

    let r = auth_headers(|b| b.api_key(ApiKeyLocation::Query, "api_key", "key 2")).await;
    assert_eq!(r.url.query(), Some("page=1&api_key=key+2"));

    let r = auth_headers(|b| b.api_key(ApiKeyLocation::Cookie, "session", "key_3")).await;
    assert_eq!(r.headers["cookie"], "session=key_3");
}

#[test]
fn build_rejects_bad_configuration() {
    for bad in [
        "not a url",
        "ftp://example.com",
        "https://example.com/v1?x=1",
        "mailto:a@b.c",
    ] {
        let err = Transport::builder(bad).build().expect_err(bad);
        assert!(err.to_string().starts_with("invalid base URL"), "{err}");
    }
    let err = Transport::builder("https://user:hunter2@example.com")
        .build()
        .expect_err("credentials");
    assert!(!err.to_string().contains("hunter2"), "{err}");
    let err = Transport::builder("https://example.com")
        .api_key(ApiKeyLocation::Header, "X-Api-Key", "bad\nkey")
        .build()
        .expect_err("bad key");
    assert!(!err.to_string().contains("bad\nkey"), "{err}");
    assert!(Transport::builder("https://example.com")
        .user_agent("a\u{7f}b")
        .build()
        .is_err());
    let t = Transport::builder("https://example.com/v1///")
        .build()
        .expect("builds");
    assert_eq!(t.base_url(), "https://example.com/v1");
}

// ---------------------------------------------------------------------------------------------
// Debug and tracing never show credentials

#[tokio::test]
async fn debug_output_shows_no_secret() {
    let secrets = ["pa55word", "tok_SECRET", "key_SECRET"];
    let builders = [
        Transport::builder("https://example.com").basic_auth("shop_1", "pa55word"),
        Transport::builder("https://example.com").bearer_auth("tok_SECRET"),
        Transport::builder("https://example.com").api_key(
            ApiKeyLocation::Query,
            "api_key",
            "key_SECRET",
        ),
    ];
    for builder in builders {
        let mut shown = format!("{builder:?}");
        let transport = builder
            .signer(generator_runtime::MonriSigner::new(
                "tok_SECRET",
                "key_SECRET",
            ))
            .build()
            .expect("builds");
        shown.push_str(&format!("{transport:?} {transport:#?}"));
        for secret in secrets {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("***"), "{shown}");
    }
    let secret = Secret::new("pa55word");
    assert_eq!(format!("{secret} {secret:?}"), "*** \"***\"");
    assert_eq!(secret.expose(), "pa55word");
    let auth = generator_runtime::Auth::Bearer(Secret::new("tok_SECRET"));
    assert!(!format!("{auth:?}").contains("tok_SECRET"));
}

#[tokio::test]
async fn an_api_key_in_the_query_is_not_in_transport_errors() {
    // A port that refuses connections: bind, note the port, close.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    let t = Transport::builder(format!("http://127.0.0.1:{port}"))
        .api_key(ApiKeyLocation::Query, "api_key", "key_SECRET")
        .retry(RetryPolicy::disabled())
        .build()
        .expect("builds");
    let err = t.send(get("/x")).await.expect_err("refused");
    assert!(matches!(err, RequestError::Transport(_)), "{err:?}");
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("key_SECRET"), "{shown}");
}

/// A `tracing` subscriber that writes every span and event field into a string.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<String>>);

struct FieldWriter<'a>(&'a mut String);

impl tracing::field::Visit for FieldWriter<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
        self.0.push_str(&format!("{}={:?} ", field.name(), value));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut out = self.0.lock().expect("lock");
        out.push_str(&format!("\nspan {} ", span.metadata().name()));
        span.record(&mut FieldWriter(&mut out));
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut FieldWriter(&mut self.0.lock().expect("lock")));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut out = self.0.lock().expect("lock");
        out.push_str("\nevent ");
        event.record(&mut FieldWriter(&mut out));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test(flavor = "current_thread")]
async fn tracing_shows_operation_method_path_status_but_no_secret() {
    let server = MockServer::start().await;
    respond_n_then(
        &server,
        "POST",
        "/v1/customers/cus_1",
        ResponseTemplate::new(503),
        1,
        ResponseTemplate::new(201),
    )
    .await;
    let t = Transport::builder(server.uri())
        .bearer_auth("tok_SECRET")
        .api_key(ApiKeyLocation::Query, "api_key", "key_SECRET")
        .retry(fast_retries())
        .build()
        .expect("builds");
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    // Tests on other threads may have cached "no subscriber is interested" for the transport's
    // callsites before this one was set; recompute, so the spans reach `capture`.
    tracing::callsite::rebuild_interest_cache();
    let mut req = RequestBuilder::new(Method::POST, "updateCustomer");
    req.path("/v1/customers/");
    req.path_param(&"cus_1");
    req.query("email", &"ada@example.com");
    req.idempotency_key("Idempotency-Key", &"idem_SECRET");
    req.json(&serde_json::json!({"card": "4111111111111111"}));
    assert_eq!(t.send(req).await.expect("sent").status(), 201);
    drop(_guard);
    let log = capture.0.lock().expect("lock").clone();
    for expected in [
        "operation=\"updateCustomer\"",
        "method=POST",
        "path=\"/v1/customers/cus_1\"",
        "status=503",
        "status=201",
        "attempt=2",
    ] {
        assert!(log.contains(expected), "{expected} missing from {log}");
    }
    for secret in [
        "tok_SECRET",
        "key_SECRET",
        "idem_SECRET",
        "4111111111111111",
        "ada@example.com",
    ] {
        assert!(!log.contains(secret), "{secret} leaked into {log}");
    }
}

#[test]
fn clients_and_their_futures_can_move_across_threads() {
    fn assert_send_sync<T: Send + Sync + Clone + 'static>(_: &T) {}
    fn assert_send<T: Send>(_: &T) {}
    let t = Transport::builder("https://example.com")
        .signer(generator_runtime::RapydSigner::new("a", "b"))
        .build()
        .expect("builds");
    assert_send_sync(&t);
    let future = t.send(get("/x"));
    assert_send(&future);
}
