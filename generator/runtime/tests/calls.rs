//! A whole call against an in-process mock server (`wiremock`): the deadline over every attempt
//! and wait, `Retry-After` within the deadline and its cap (and the error that says why a
//! retryable response was not retried), and the per-call options of [`Call`].

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use generator_runtime::{
    AttemptRequest, AttemptResult, Error, ErrorKind, Hook, HookError, HookFuture, RawResponse,
    RequestBuilder, RetryPolicy, Transport, UntypedError, ValidationErrors,
};
use reqwest::Method;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Reads a success as its status, anything else as an unexpected response.
fn status(r: RawResponse) -> Result<u16, Error<()>> {
    if r.status.is_success() {
        Ok(r.status())
    } else {
        Err(r.unexpected())
    }
}

fn request(m: Method, p: &'static str) -> RequestBuilder {
    let mut req = RequestBuilder::new(m, "test");
    req.path(p);
    req
}

fn quick_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(20),
    }
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

async fn mount(server: &MockServer, response: ResponseTemplate, times: Option<u64>) {
    let mock = Mock::given(path("/x")).respond_with(response);
    match times {
        Some(n) => mock.up_to_n_times(n).mount(server).await,
        None => mock.mount(server).await,
    }
}

// ---------------------------------------------------------------------------------------------
// The deadline

#[tokio::test]
async fn the_deadline_holds_within_ten_percent_across_retries() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(503).set_delay(Duration::from_millis(300)),
        None,
    )
    .await;
    let t = Transport::builder(server.uri())
        .retry(quick_retries(100))
        .deadline(Duration::from_secs(1))
        .build()
        .expect("builds");
    let started = Instant::now();
    let err = t
        .call(request(Method::GET, "/x"), status)
        .await
        .expect_err("never succeeds");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(900) && elapsed <= Duration::from_millis(1100),
        "{elapsed:?}"
    );
    let attempts = received(&server).await.len();
    assert!(attempts >= 3, "retried within the deadline: {attempts}");
    assert!(err.is_timeout(), "{err:?}");
    match &err {
        Error::DeadlineExceeded {
            deadline,
            attempts: n,
        } => {
            assert_eq!(*deadline, Duration::from_secs(1));
            assert_eq!(*n as usize, attempts);
        }
        other => panic!("expected DeadlineExceeded, got {other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with("the call's deadline of 1s passed after"),
        "{err}"
    );
}

#[tokio::test]
async fn the_deadline_cuts_a_long_attempt_short() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(200).set_delay(Duration::from_secs(5)),
        None,
    )
    .await;
    let t = Transport::builder(server.uri())
        .timeout(Duration::from_secs(30))
        .deadline(Duration::from_millis(500))
        .build()
        .expect("builds");
    let started = Instant::now();
    let err = t
        .call(request(Method::GET, "/x"), status)
        .await
        .expect_err("slow");
    let elapsed = started.elapsed();
    assert!(
        matches!(err, Error::DeadlineExceeded { attempts: 1, .. }),
        "{err:?}"
    );
    assert!(elapsed >= Duration::from_millis(450), "{elapsed:?}");
    assert!(elapsed <= Duration::from_millis(550), "{elapsed:?}");
}

#[tokio::test]
async fn retry_after_2_is_honoured() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(429).insert_header("Retry-After", "2"),
        Some(1),
    )
    .await;
    mount(&server, ResponseTemplate::new(200), None).await;
    let t = Transport::builder(server.uri())
        .retry(quick_retries(3))
        .build()
        .expect("builds");
    let started = Instant::now();
    let ok = t
        .call(request(Method::GET, "/x"), status)
        .await
        .expect("retried");
    let elapsed = started.elapsed();
    assert_eq!(ok, 200);
    assert!(elapsed >= Duration::from_millis(1990), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_retry_after_past_the_deadline_returns_at_once_and_says_why() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "30")
            .set_body_string("slow down"),
        None,
    )
    .await;
    let t = Transport::builder(server.uri())
        .retry(quick_retries(3))
        .deadline(Duration::from_secs(5))
        .build()
        .expect("builds");
    let started = Instant::now();
    let err = t
        .call(request(Method::GET, "/x"), status)
        .await
        .expect_err("429");
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(received(&server).await.len(), 1);
    let Error::NotRetried { reason, error } = &err else {
        panic!("expected NotRetried, got {err:?}");
    };
    assert!(
        reason.starts_with("Retry-After 30 s exceeds the remaining deadline"),
        "{reason}"
    );
    assert!(matches!(**error, Error::UnexpectedResponse(_)), "{error:?}");
    // The response is kept, and reachable without matching.
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(err.headers().expect("headers")["retry-after"], "30");
    assert_eq!(&err.raw_body().expect("body")[..], b"slow down");
    let text = err.to_string();
    assert!(text.contains("status 429"), "{text}");
    assert!(
        text.contains("not retried: Retry-After 30 s exceeds"),
        "{text}"
    );
}

#[tokio::test]
async fn a_retry_after_over_the_cap_returns_at_once_and_says_why() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(503).insert_header("Retry-After", "5"),
        None,
    )
    .await;
    let t = Transport::builder(server.uri())
        .retry(quick_retries(3))
        .max_retry_after(Duration::from_secs(1))
        .build()
        .expect("builds");
    let started = Instant::now();
    let err = t
        .call(request(Method::GET, "/x"), status)
        .await
        .expect_err("503");
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(received(&server).await.len(), 1);
    let Error::NotRetried { reason, .. } = &err else {
        panic!("expected NotRetried, got {err:?}");
    };
    assert_eq!(
        reason,
        "Retry-After 5 s exceeds the cap of 1 s (max_retry_after)"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
}

#[tokio::test]
async fn exhausted_retries_return_the_last_response_as_read() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(503), None).await;
    let t = Transport::builder(server.uri())
        .retry(quick_retries(2))
        .build()
        .expect("builds");
    let err = t
        .call(request(Method::GET, "/x"), status)
        .await
        .expect_err("503");
    assert!(matches!(err, Error::UnexpectedResponse(_)), "{err:?}");
    assert_eq!(received(&server).await.len(), 3);
}

// ---------------------------------------------------------------------------------------------
// Per-call options

#[tokio::test]
async fn per_call_retries_apply_to_that_call_only() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(503), None).await;
    let t = Transport::builder(server.uri())
        .retry(quick_retries(3))
        .build()
        .expect("builds");
    let _ = t.call(request(Method::GET, "/x"), status).retries(0).await;
    assert_eq!(received(&server).await.len(), 1, "no retry for this call");
    let _ = t.call(request(Method::GET, "/x"), status).await;
    assert_eq!(
        received(&server).await.len(),
        5,
        "the client's 3 retries again"
    );
    let _ = t
        .call(request(Method::GET, "/x"), status)
        .retry_policy(quick_retries(1))
        .await;
    assert_eq!(received(&server).await.len(), 7);
}

#[tokio::test]
async fn per_call_timeout_and_deadline_apply_to_that_call_only() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(200).set_delay(Duration::from_millis(300)),
        None,
    )
    .await;
    let t = Transport::builder(server.uri())
        .retry(RetryPolicy::disabled())
        .build()
        .expect("builds");
    let err = t
        .call(request(Method::GET, "/x"), status)
        .timeout(Duration::from_millis(50))
        .await
        .expect_err("times out");
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    let err = t
        .call(request(Method::GET, "/x"), status)
        .deadline(Duration::from_millis(50))
        .await
        .expect_err("deadline");
    assert!(matches!(err, Error::DeadlineExceeded { .. }), "{err:?}");
    let ok = t.call(request(Method::GET, "/x"), status).await;
    assert_eq!(ok.expect("the client's defaults"), 200);
}

#[tokio::test]
async fn per_call_headers_apply_to_that_call_only() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(200), None).await;
    let t = Transport::builder(server.uri()).build().expect("builds");
    let mut req = request(Method::GET, "/x");
    req.header("x-op", &"from the operation");
    t.call(req, status)
        .header("x-request-id", "r-1")
        .header("X-Op", "from the call")
        .await
        .expect("ok");
    t.call(request(Method::GET, "/x"), status)
        .await
        .expect("ok");
    let seen = received(&server).await;
    assert_eq!(seen[0].headers["x-request-id"], "r-1");
    assert_eq!(seen[0].headers["x-op"], "from the call");
    assert_eq!(seen[0].headers.get_all("x-op").iter().count(), 1);
    assert!(!seen[1].headers.contains_key("x-request-id"));

    let err = t
        .call(request(Method::GET, "/x"), status)
        .header("x-bad", "line\nbreak")
        .await
        .expect_err("refused");
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    assert_eq!(received(&server).await.len(), 2, "nothing sent");
}

#[tokio::test]
async fn a_per_call_idempotency_key_makes_a_post_retryable_with_one_key() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(503), Some(2)).await;
    mount(&server, ResponseTemplate::new(201), None).await;
    let t = Transport::builder(server.uri())
        .retry(quick_retries(3))
        .build()
        .expect("builds");
    let created = t
        .call(request(Method::POST, "/x"), status)
        .idempotency_key("order-1234")
        .await
        .expect("retried");
    assert_eq!(created, 201);
    let seen = received(&server).await;
    assert_eq!(seen.len(), 3);
    for r in &seen {
        assert_eq!(r.headers["idempotency-key"], "order-1234");
    }
}

#[tokio::test]
async fn a_declared_idempotency_header_gets_one_generated_key_per_call() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(503), Some(1)).await;
    mount(&server, ResponseTemplate::new(201), None).await;
    let t = Transport::builder(server.uri())
        .retry(quick_retries(3))
        .build()
        .expect("builds");
    for _ in 0..2 {
        let mut req = request(Method::POST, "/x");
        req.idempotency_header("idempotency");
        t.call(req, status).await.expect("retried");
    }
    // A caller's key goes into the declared header.
    let mut req = request(Method::POST, "/x");
    req.idempotency_header("idempotency");
    t.call(req, status)
        .idempotency_key("mine")
        .await
        .expect("ok");
    let keys: Vec<String> = received(&server)
        .await
        .iter()
        .map(|r| r.headers["idempotency"].to_str().expect("ascii").to_owned())
        .collect();
    assert_eq!(keys.len(), 4, "{keys:?}");
    assert_eq!(keys[0], keys[1], "the same key on every attempt of a call");
    assert_ne!(keys[1], keys[2], "a new key for a new call");
    assert_eq!(keys[3], "mine");
    for key in &keys[..3] {
        let hex: String = key.chars().filter(|c| *c != '-').collect();
        assert_eq!(key.len(), 36, "{key}");
        assert_eq!(hex.len(), 32, "{key}");
        assert!(hex.chars().all(|c| c.is_ascii_hexdigit()), "{key}");
        assert_eq!(&key[14..15], "4", "version 4: {key}");
        assert!(
            matches!(&key[19..20], "8" | "9" | "a" | "b"),
            "variant: {key}"
        );
    }
}

fn broken_constraint() -> Result<(), ValidationErrors> {
    Err(ValidationErrors::single(
        "name",
        "does not match the pattern",
    ))
}

#[tokio::test]
async fn validation_can_be_turned_off_per_call_and_per_client() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let t = Transport::builder(server.uri()).build().expect("builds");
    let mut req = request(Method::POST, "/x");
    req.check(broken_constraint());
    let err = t.call(req, status).await.expect_err("invalid");
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    assert_eq!(received(&server).await.len(), 0);

    let mut req = request(Method::POST, "/x");
    req.check(broken_constraint());
    assert_eq!(
        t.call(req, status).no_validation().await.expect("sent"),
        201
    );

    let lenient = Transport::builder(server.uri())
        .validation(false)
        .build()
        .expect("builds");
    let mut req = request(Method::POST, "/x");
    req.check(broken_constraint());
    assert_eq!(lenient.call(req, status).await.expect("sent"), 201);

    // A value that cannot be sent at all is refused even then.
    let mut req = request(Method::POST, "/x");
    req.header("x-bad", &"line\nbreak");
    let err = lenient
        .call(req, status)
        .no_validation()
        .await
        .expect_err("unsendable");
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    assert_eq!(received(&server).await.len(), 2);
}

// ---------------------------------------------------------------------------------------------
// The response size limit

const HUNDRED_MB: u64 = 100 * 1024 * 1024;

/// A server that answers one request with a 100 MB body, in 64 KiB writes, announced by
/// `Content-Length` or sent chunked; returns its base URL and a counter of the body bytes it
/// managed to write before the client went away.
async fn hundred_mb_server(content_length: bool) -> (String, Arc<AtomicU64>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let addr = listener.local_addr().expect("address");
    let sent = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&sent);
    tokio::spawn(async move {
        let Ok((mut stream, _)) = listener.accept().await else {
            return;
        };
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => request.extend_from_slice(&buf[..n]),
            }
        }
        let head = if content_length {
            format!("HTTP/1.1 200 OK\r\ncontent-length: {HUNDRED_MB}\r\n\r\n")
        } else {
            "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nx-kind: chunked\r\n\r\n".to_owned()
        };
        if stream.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let piece = vec![b'x'; 64 * 1024];
        let mut chunk = format!("{:x}\r\n", piece.len()).into_bytes();
        chunk.extend_from_slice(&piece);
        chunk.extend_from_slice(b"\r\n");
        let write: &[u8] = if content_length { &piece } else { &chunk };
        while counter.load(Ordering::SeqCst) < HUNDRED_MB {
            if stream.write_all(write).await.is_err() {
                return;
            }
            counter.fetch_add(piece.len() as u64, Ordering::SeqCst);
        }
    });
    (format!("http://{addr}"), sent)
}

#[tokio::test]
async fn a_100_mb_body_is_refused_without_being_buffered() {
    for content_length in [false, true] {
        let (base, sent) = hundred_mb_server(content_length).await;
        let t = Transport::builder(base)
            .max_response_size(1024 * 1024)
            .build()
            .expect("builds");
        let err = t
            .call(request(Method::GET, "/x"), status)
            .await
            .expect_err("too large");
        let Error::ResponseTooLarge(r) = &err else {
            panic!("expected ResponseTooLarge, got {err:?}");
        };
        assert_eq!(r.limit, 1024 * 1024);
        assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
        if !content_length {
            assert_eq!(err.headers().expect("kept")["x-kind"], "chunked");
        }
        assert_eq!(
            err.to_string(),
            "the response body (status 200 OK) is larger than the limit of 1048576 bytes"
        );
        // The client dropped the connection: the server could write little more than the limit
        // plus what the loopback socket buffers hold, far from 100 MB.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let written = sent.load(Ordering::SeqCst);
        assert!(written < 24 * 1024 * 1024, "{written} bytes written");
    }
}

#[tokio::test]
async fn the_size_limit_is_per_client_and_per_call() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(200).set_body_bytes(vec![b'a'; 2048]),
        None,
    )
    .await;
    let t = Transport::builder(server.uri())
        .max_response_size(1024)
        .build()
        .expect("builds");
    let err = t
        .call(request(Method::GET, "/x"), status)
        .await
        .expect_err("2 KiB > 1 KiB");
    assert!(matches!(err, Error::ResponseTooLarge(_)), "{err:?}");
    let ok = t
        .call(request(Method::GET, "/x"), status)
        .max_response_size(4096)
        .await;
    assert_eq!(ok.expect("within this call's limit"), 200);
    let body = Transport::builder(server.uri())
        .build()
        .expect("builds")
        .send(request(Method::GET, "/x"))
        .await
        .expect("default limit");
    assert_eq!(body.body.len(), 2048);
    assert_eq!(
        received(&server).await.len(),
        3,
        "a refused body is not retried"
    );
}

// ---------------------------------------------------------------------------------------------
// Errors handled generically

#[derive(Debug, PartialEq)]
enum GetError {
    NotFound(String),
}

fn typed(r: RawResponse) -> Result<u16, Error<GetError>> {
    match r.status() {
        200..=299 => Ok(r.status()),
        404 => Err(r.error_text(GetError::NotFound)),
        _ => Err(r.unexpected()),
    }
}

/// What a user's own function returns: every operation's error through `?`.
async fn boxed(t: &Transport) -> Result<u16, Box<dyn std::error::Error + Send + Sync>> {
    Ok(t.call(request(Method::GET, "/x"), typed).await?)
}

#[tokio::test]
async fn errors_say_whether_they_are_retryable_and_convert_to_one_untyped_error() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(503)
            .insert_header("x-request-id", "r-9")
            .set_body_string("down"),
        Some(3),
    )
    .await;
    mount(
        &server,
        ResponseTemplate::new(404).set_body_string("no such thing"),
        None,
    )
    .await;
    let t = Transport::builder(server.uri())
        .retry(quick_retries(2))
        .build()
        .expect("builds");

    let unavailable = t
        .call(request(Method::GET, "/x"), typed)
        .await
        .expect_err("503");
    assert!(unavailable.is_retryable());
    assert_eq!(unavailable.kind(), ErrorKind::UnexpectedResponse);
    let text = unavailable.to_string();
    let untyped: UntypedError = unavailable.into();
    assert_eq!(untyped.to_string(), text);
    assert_eq!(untyped.kind(), ErrorKind::UnexpectedResponse);
    assert_eq!(untyped.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(untyped.headers().expect("kept")["x-request-id"], "r-9");
    assert_eq!(&untyped.raw_body().expect("kept")[..], b"down");
    assert!(untyped.is_retryable());

    let missing = t
        .call(request(Method::GET, "/x"), typed)
        .await
        .expect_err("404");
    assert!(!missing.is_retryable());
    assert_eq!(missing.kind(), ErrorKind::Api);
    assert_eq!(
        missing.api_body(),
        Some(&GetError::NotFound("no such thing".into()))
    );
    let untyped = missing.into_untyped();
    assert_eq!(untyped.status().map(|s| s.as_u16()), Some(404));
    assert!(!untyped.is_retryable());

    let boxed = boxed(&t).await.expect_err("404 again");
    assert_eq!(boxed.to_string(), "API error: status 404 Not Found");

    let mut req = request(Method::GET, "/x");
    req.check(Err(ValidationErrors::single("name", "too long")));
    let invalid = t.call(req, typed).await.expect_err("invalid");
    assert!(!invalid.is_retryable());
    assert_eq!(invalid.status(), None);
    let untyped = UntypedError::from(invalid);
    assert_eq!(untyped.kind(), ErrorKind::InvalidArgument);
    let source = std::error::Error::source(&untyped).expect("the violations");
    assert_eq!(source.to_string(), "name: too long");
}

// ---------------------------------------------------------------------------------------------
// The hook, the concurrency cap, pool settings and the call's span

/// Records every attempt it sees, sets a request id and a fresh token on each.
#[derive(Default)]
struct Recorder {
    seen: Mutex<Vec<String>>,
    refuse: bool,
}

impl Hook for Recorder {
    fn before_send<'a>(
        &'a self,
        req: &'a mut AttemptRequest<'_>,
    ) -> HookFuture<'a, Result<(), HookError>> {
        Box::pin(async move {
            if self.refuse {
                return Err("no token".into());
            }
            // An async step, as a token refresh would be.
            tokio::task::yield_now().await;
            let id = format!("{}-{}", req.operation, req.attempt);
            req.headers.insert("x-request-id", id.parse()?);
            req.headers.insert(
                "authorization",
                format!("Bearer fresh-{}", req.attempt).parse()?,
            );
            self.seen.lock().expect("lock").push(format!("before {id}"));
            Ok(())
        })
    }

    fn after_attempt<'a>(&'a self, result: &'a AttemptResult<'_>) -> HookFuture<'a, ()> {
        Box::pin(async move {
            let status = result.status.map_or(0, |s| s.as_u16());
            self.seen
                .lock()
                .expect("lock")
                .push(format!("after {} {status}", result.attempt));
        })
    }
}

#[derive(Clone, Default)]
struct Shared(Arc<Recorder>);

impl Hook for Shared {
    fn before_send<'a>(
        &'a self,
        req: &'a mut AttemptRequest<'_>,
    ) -> HookFuture<'a, Result<(), HookError>> {
        self.0.before_send(req)
    }
    fn after_attempt<'a>(&'a self, result: &'a AttemptResult<'_>) -> HookFuture<'a, ()> {
        self.0.after_attempt(result)
    }
}

#[tokio::test]
async fn the_hook_sees_every_attempt() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(503), Some(2)).await;
    mount(&server, ResponseTemplate::new(200), None).await;
    let hook = Shared::default();
    let t = Transport::builder(server.uri())
        .bearer_auth("stale")
        .retry(quick_retries(3))
        .hook(hook.clone())
        .build()
        .expect("builds");
    let mut req = RequestBuilder::new(Method::GET, "get_x");
    req.path("/x");
    assert_eq!(t.call(req, status).await.expect("third attempt"), 200);
    assert_eq!(
        *hook.0.seen.lock().expect("lock"),
        [
            "before get_x-1",
            "after 1 503",
            "before get_x-2",
            "after 2 503",
            "before get_x-3",
            "after 3 200"
        ]
    );
    let seen = received(&server).await;
    for (i, r) in seen.iter().enumerate() {
        assert_eq!(
            r.headers["x-request-id"],
            format!("get_x-{}", i + 1).as_str()
        );
        assert_eq!(
            r.headers["authorization"],
            format!("Bearer fresh-{}", i + 1).as_str()
        );
    }
}

#[tokio::test]
async fn a_hook_that_refuses_sends_nothing() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(200), None).await;
    let t = Transport::builder(server.uri())
        .hook(Recorder {
            refuse: true,
            ..Recorder::default()
        })
        .build()
        .expect("builds");
    let err = t
        .call(request(Method::GET, "/x"), status)
        .await
        .expect_err("refused");
    assert!(matches!(err, Error::Hook(_)), "{err:?}");
    assert_eq!(err.kind(), ErrorKind::Hook);
    assert_eq!(
        err.to_string(),
        "the client's hook refused the request: no token"
    );
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn max_concurrent_requests_caps_attempts_in_flight() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(200).set_delay(Duration::from_millis(200)),
        None,
    )
    .await;
    for (cap, at_least, below) in [(1, 590, 2000), (3, 190, 450)] {
        let t = Transport::builder(server.uri())
            .max_concurrent_requests(cap)
            .pool_max_idle_per_host(4)
            .pool_idle_timeout(Duration::from_secs(5))
            .build()
            .expect("builds");
        let started = Instant::now();
        let (a, b, c) = tokio::join!(
            t.call(request(Method::GET, "/x"), status),
            t.call(request(Method::GET, "/x"), status),
            t.call(request(Method::GET, "/x"), status),
        );
        let elapsed = started.elapsed();
        assert_eq!(
            (a.expect("a"), b.expect("b"), c.expect("c")),
            (200, 200, 200)
        );
        assert!(
            elapsed >= Duration::from_millis(at_least),
            "cap {cap}: {elapsed:?}"
        );
        assert!(
            elapsed < Duration::from_millis(below),
            "cap {cap}: {elapsed:?}"
        );
    }
}
