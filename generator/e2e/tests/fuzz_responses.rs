//! A server is untrusted input: every operation of the four generated clients, and both pagers,
//! driven against an in-process HTTP server that answers with proptest-chosen raw responses
//! (any status, odd `Content-Type`/`Retry-After`/`Content-Length` headers and framing, bodies
//! from arbitrary bytes, arbitrary JSON, mutated spec examples and 100,000-level nesting, one to
//! three of them in turn). Every call must end (no hang, bounded attempts), never panic, keep
//! the status and body of the response in its error, and print, convert and walk its error
//! without panicking; a pager must end by itself. The process's heap is counted: no case may
//! grow it by more than a few times the response size limit, and an endless body is cut off at
//! the limit.

mod fuzz;

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::{Debug, Display};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use futures_util::StreamExt as _;
use fuzz::{Nesting, SpecInputs};
use generated::runtime::{Error, RetryPolicy, UntypedError};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

// ---- the heap, counted ----

/// The system allocator, counting the bytes currently allocated and their peak.
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(size: usize) {
    let now = CURRENT.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static HEAP: Counting = Counting;

/// Tests of this file run one at a time, so a case's heap peak is its own.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs `f` and returns how far the heap grew above where it was when `f` started.
fn heap_growth<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let start = CURRENT.load(Ordering::Relaxed);
    PEAK.store(start, Ordering::Relaxed);
    let out = f();
    (out, PEAK.load(Ordering::Relaxed).saturating_sub(start))
}

// ---- what the server sends ----

/// The response size limit of the clients under test.
const LIMIT: u64 = 1 << 20;

/// How a reply's body is delimited.
#[derive(Debug, Clone, Copy)]
enum Framing {
    /// `Content-Length` of the body.
    Length,
    /// A `Content-Length` off by this much (the body is cut, or the server closes early).
    WrongLength(i8),
    /// `Content-Length: 10 GiB`.
    Huge,
    /// `Content-Length: abc`.
    Garbage,
    /// `Transfer-Encoding: chunked`, in two chunks.
    Chunked,
    /// Chunked, cut off before the last chunk.
    ChunkedCut,
    /// No length: the body ends when the server closes the connection.
    Close,
}

/// One raw HTTP/1.1 response.
#[derive(Clone)]
struct Reply {
    status: u16,
    headers: Vec<(&'static str, Vec<u8>)>,
    body: Vec<u8>,
    framing: Framing,
}

impl Debug for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let body = String::from_utf8_lossy(&self.body[..self.body.len().min(2000)]);
        f.debug_struct("Reply")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("framing", &self.framing)
            .field("body_len", &self.body.len())
            .field("body", &body)
            .finish()
    }
}

impl Reply {
    fn to_bytes(&self) -> Vec<u8> {
        let mut out =
            format!("HTTP/1.1 {} Fuzz\r\nconnection: close\r\n", self.status).into_bytes();
        for (name, value) in &self.headers {
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(value);
            out.extend_from_slice(b"\r\n");
        }
        let len = self.body.len();
        match self.framing {
            Framing::Length => {
                out.extend_from_slice(format!("content-length: {len}\r\n").as_bytes())
            }
            Framing::WrongLength(d) => {
                let wrong = (len as i64 + i64::from(d)).max(0);
                out.extend_from_slice(format!("content-length: {wrong}\r\n").as_bytes());
            }
            Framing::Huge => out.extend_from_slice(b"content-length: 10737418240\r\n"),
            Framing::Garbage => out.extend_from_slice(b"content-length: abc\r\n"),
            Framing::Chunked | Framing::ChunkedCut => {
                out.extend_from_slice(b"transfer-encoding: chunked\r\n")
            }
            Framing::Close => {}
        }
        out.extend_from_slice(b"\r\n");
        match self.framing {
            Framing::Chunked | Framing::ChunkedCut => {
                let (a, b) = self.body.split_at(len / 2);
                for chunk in [a, b].into_iter().filter(|c| !c.is_empty()) {
                    out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
                    out.extend_from_slice(chunk);
                    out.extend_from_slice(b"\r\n");
                }
                if let Framing::Chunked = self.framing {
                    out.extend_from_slice(b"0\r\n\r\n");
                }
            }
            _ => out.extend_from_slice(&self.body),
        }
        out
    }

    /// Whether the client reads exactly `body` (the framing is right and the status allows a
    /// body), so an error that keeps the body must keep this one.
    fn body_is_exact(&self) -> bool {
        matches!(self.framing, Framing::Length | Framing::Chunked)
            && (200..=599).contains(&self.status)
            && self.status != 204
            && self.status != 304
    }
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        4 => select(vec![200u16, 201]),
        4 => select(vec![202u16, 204, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503]),
        2 => 100u16..=599,
        1 => 600u16..=999,
    ]
}

fn header() -> impl Strategy<Value = (&'static str, Vec<u8>)> {
    let bytes = |v: &[&str]| v.iter().map(|s| s.as_bytes().to_vec()).collect::<Vec<_>>();
    prop_oneof![
        (
            Just("content-type"),
            select(bytes(&[
                "application/json",
                "application/json; charset=utf-8",
                "text/plain",
                "application/octet-stream",
                "",
                "application/problem+json",
            ]))
        ),
        (
            Just("retry-after"),
            select(bytes(&[
                "0",
                "1",
                "120",
                "-1",
                "1.5",
                "99999999999999999999999999",
                "Sun, 06 Nov 1994 08:49:37 GMT",
                "Wed, 21 Oct 2099 07:28:00 GMT",
                "Sun, 31 Feb 2024 99:99:99 GMT",
                "soon",
            ]))
        ),
        (
            Just("retry-after"),
            prop::collection::vec(0x20u8..0x7f, 0..40)
        ),
        (Just("x-fuzz"), prop::collection::vec(0x80u8..=0xff, 0..40)),
        (
            Just("location"),
            Just(b"http://127.0.0.1:1/elsewhere".to_vec())
        ),
    ]
}

fn framing() -> impl Strategy<Value = Framing> {
    prop_oneof![
        8 => Just(Framing::Length),
        1 => (-3i8..=3).prop_map(Framing::WrongLength),
        1 => Just(Framing::Huge),
        1 => Just(Framing::Garbage),
        2 => Just(Framing::Chunked),
        1 => Just(Framing::ChunkedCut),
        1 => Just(Framing::Close),
    ]
}

fn body(inputs: &SpecInputs) -> BoxedStrategy<Vec<u8>> {
    let text = |v: serde_json::Value| serde_json::to_vec(&v).expect("serialises");
    prop_oneof![
        4 => fuzz::mutated(inputs).prop_map(text),
        2 => fuzz::json(inputs).prop_map(text),
        4 => select(inputs.examples.clone()).prop_map(text),
        2 => fuzz::bytes(inputs),
        1 => select(vec![Nesting::Arrays, Nesting::Objects, Nesting::Mixed])
            .prop_map(|kind| fuzz::nested(100_000, kind)),
    ]
    .boxed()
}

fn replies(inputs: &SpecInputs) -> impl Strategy<Value = Vec<Reply>> {
    let arbitrary = (status(), body(inputs));
    // A documented status with its documented example, as is or mutated.
    let seeds = inputs.clone();
    let documented = select(inputs.responses.clone()).prop_flat_map(move |(status, example)| {
        let text = serde_json::to_vec(&example).expect("serialises");
        let mutated = fuzz::mutated_from(vec![example], &seeds)
            .prop_map(|v| serde_json::to_vec(&v).expect("serialises"));
        (Just(status), prop_oneof![Just(text), mutated])
    });
    let reply = (
        prop_oneof![1 => arbitrary, 1 => documented],
        prop::collection::vec(header(), 0..4),
        framing(),
    )
        .prop_map(|((status, body), headers, framing)| Reply {
            status,
            headers,
            body,
            framing,
        });
    prop::collection::vec(reply, 1..4)
}

// ---- the server ----

/// What the server answers: the replies in turn, one per connection (it closes each).
#[derive(Default)]
struct Script {
    replies: Vec<Arc<Vec<u8>>>,
    served: usize,
}

/// A raw HTTP/1.1 server on the current runtime; returns its base URL.
async fn serve(script: Arc<Mutex<Script>>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds loopback");
    let addr = listener.local_addr().expect("local address");
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            tokio::spawn(answer(stream, script.clone()));
        }
    });
    format!("http://{addr}")
}

async fn answer(mut stream: tokio::net::TcpStream, script: Arc<Mutex<Script>>) {
    let mut request = Vec::new();
    let mut chunk = [0u8; 4096];
    // The head, then as many body bytes as it announces.
    let head_end = loop {
        if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&request[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while request.len() < head_end + length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&chunk[..n]),
        }
    }
    let reply = {
        let mut script = script.lock().expect("script");
        let n = script.replies.len().max(1);
        let reply = script.replies.get(script.served % n).cloned();
        script.served += 1;
        reply
    };
    if let Some(reply) = reply {
        let _ = stream.write_all(&reply).await;
    }
    let _ = stream.shutdown().await;
}

// ---- the calls ----

/// What a case expects of an error that keeps a response (when the server sent one reply).
struct Expect {
    status: Option<u16>,
    body: Option<Vec<u8>>,
}

/// Uses every part of a call's outcome that a caller might; checks an error against `expect`.
fn inspect<T: Debug, E: Debug>(outcome: Result<T, Error<E>>, expect: &Expect)
where
    Error<E>: std::error::Error + Display,
    UntypedError: From<Error<E>>,
{
    let e = match outcome {
        Ok(response) => {
            let _ = format!("{response:?}");
            return;
        }
        Err(e) => e,
    };
    let _ = (e.to_string(), format!("{e:?}"), e.kind(), e.is_retryable());
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        let _ = s.to_string();
        source = s.source();
    }
    if let (Some(status), Some(expected)) = (e.status(), expect.status) {
        assert_eq!(
            status.as_u16(),
            expected,
            "the error keeps the status: {e:?}"
        );
    }
    if let (Some(body), Some(expected)) = (e.raw_body(), &expect.body) {
        assert_eq!(
            body.as_ref(),
            expected.as_slice(),
            "the error keeps the body: {e}"
        );
    }
    let _ = e.headers().map(|h| h.len());
    let _ = e.api_body().map(|b| format!("{b:?}"));
    let untyped = UntypedError::from(e);
    let _ = (
        untyped.to_string(),
        format!("{untyped:?}"),
        untyped.raw_body(),
    );
}

/// Drains a pager: it must end by itself (within the case's time limit) with a bounded number
/// of items, whatever the server sends.
async fn drain<T: Debug, E: Debug>(
    stream: impl futures_util::Stream<Item = Result<T, Error<E>>>,
    expect: &Expect,
) where
    Error<E>: std::error::Error + Display,
    UntypedError: From<Error<E>>,
{
    let mut stream = std::pin::pin!(stream);
    let mut items = 0usize;
    while let Some(item) = stream.next().await {
        items += 1;
        assert!(items <= 10_000, "the pager does not end");
        inspect(item, expect);
    }
}

fn policy() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(2),
    }
}

macro_rules! client {
    ($spec:ident, $base:expr) => {
        generated::$spec::Client::builder($base)
            .retry(policy())
            .max_retry_after(Duration::from_millis(5))
            .timeout(Duration::from_secs(5))
            .deadline(Duration::from_secs(10))
            .max_response_size(LIMIT)
            .build()
            .expect("client")
    };
}

/// Calls every operation of `spec` (and drains its pagers) once.
async fn call_every_operation(spec: &str, base: &str, expect: &Expect) {
    match spec {
        "paycross" => {
            use generated::paycross::types::{CustomerCreate, ProductCreate, ProductUpdate};
            let c = client!(paycross, base);
            inspect(c.list_customers().await, expect);
            inspect(
                c.create_customer(&CustomerCreate::new("", ""))
                    .no_validation()
                    .await,
                expect,
            );
            inspect(c.get_customer("cst_1").await, expect);
            inspect(c.list_products().await, expect);
            let product: ProductCreate = serde_json::from_value(serde_json::json!({
                "name": "n", "description": "d", "currency": "USD", "amount": 1, "language": "en"
            }))
            .expect("a product");
            inspect(c.create_product(&product).no_validation().await, expect);
            inspect(c.get_product("prd_1").await, expect);
            let update = ProductUpdate::default();
            inspect(
                c.update_product("prd_1", &update).no_validation().await,
                expect,
            );
        }
        "monri" => {
            use generated::monri::types::{CustomerCreate, CustomerUpdate};
            use generated::monri::{ListCustomerPaymentMethodsParams, ListCustomersParams};
            let c = client!(monri, base);
            let id = uuid::Uuid::nil();
            let list = ListCustomersParams::default().with_limit(2);
            let methods = ListCustomerPaymentMethodsParams::default().with_limit(2);
            inspect(c.list_customers(&list).await, expect);
            drain(
                c.list_customers_stream(&list, generated::runtime::PageLimits::default()),
                expect,
            )
            .await;
            inspect(
                c.create_customer(&CustomerCreate::default())
                    .no_validation()
                    .await,
                expect,
            );
            inspect(c.get_customer(&id).await, expect);
            inspect(
                c.update_customer(&id, &CustomerUpdate::default())
                    .no_validation()
                    .await,
                expect,
            );
            inspect(c.delete_customer(&id).await, expect);
            inspect(c.get_customer_by_merchant_customer_id("m-1").await, expect);
            inspect(c.list_customer_payment_methods(&id, &methods).await, expect);
            drain(
                c.list_customer_payment_methods_stream(
                    &id,
                    &methods,
                    generated::runtime::PageLimits::default(),
                ),
                expect,
            )
            .await;
        }
        "payarc" => {
            let c = client!(payarc, base);
            let body = generated::payarc::types::CustomerCreate::default();
            inspect(c.create_customer(&body).no_validation().await, expect);
        }
        "rapyd" => {
            let c = client!(rapyd, base);
            let body = generated::rapyd::types::CustomerCreate::default();
            let params = generated::rapyd::CreateCustomerParams::default();
            inspect(
                c.create_customer(&body, &params).no_validation().await,
                expect,
            );
        }
        other => panic!("no calls for {other}"),
    }
}

/// The spec's operations against `cases` proptest-chosen scripts of replies.
fn fuzz_spec(spec: &str, cases: u32) {
    let _serial = serial();
    let inputs = SpecInputs::read(spec);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let script = Arc::new(Mutex::new(Script::default()));
    let base = rt.block_on(serve(script.clone()));
    let config = Config {
        cases: fuzz::scaled(cases),
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let result = runner.run(&replies(&inputs), |replies| {
        let only = (replies.len() == 1).then(|| &replies[0]);
        let expect = Expect {
            status: only
                .filter(|r| (200..=599).contains(&r.status))
                .map(|r| r.status),
            body: only.filter(|r| r.body_is_exact()).map(|r| r.body.clone()),
        };
        *script.lock().expect("script") = Script {
            replies: replies.iter().map(|r| Arc::new(r.to_bytes())).collect(),
            served: 0,
        };
        let ((), growth) = heap_growth(|| {
            rt.block_on(async {
                tokio::time::timeout(
                    Duration::from_secs(60),
                    call_every_operation(spec, &base, &expect),
                )
                .await
                .expect("every call ends")
            })
        });
        // The largest reply is a 100,000-level body (~600 kB); nothing may hold more than a few
        // copies of a body within the limit at once.
        let bound = 8 * LIMIT as usize;
        prop_assert!(
            growth <= bound,
            "the heap grew by {growth} bytes (bound {bound})"
        );
        Ok(())
    });
    if let Err(e) = result {
        panic!("{spec}: {e}");
    }
}

#[test]
fn paycross_operations_survive_arbitrary_responses() {
    fuzz_spec("paycross", 48);
}

#[test]
fn monri_operations_and_pagers_survive_arbitrary_responses() {
    fuzz_spec("monri", 48);
}

#[test]
fn payarc_operations_survive_arbitrary_responses() {
    fuzz_spec("payarc", 96);
}

#[test]
fn rapyd_operations_survive_arbitrary_responses() {
    fuzz_spec("rapyd", 96);
}

/// A server that streams a chunked body without end: the call fails with `ResponseTooLarge`
/// (status and headers kept) once the limit is passed, and the heap never holds much more than
/// the limit.
#[test]
fn an_endless_body_is_cut_off_at_the_limit() {
    let _serial = serial();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (result, growth) = heap_growth(|| {
        rt.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("binds loopback");
            let base = format!("http://{}", listener.local_addr().expect("address"));
            let written = Arc::new(AtomicUsize::new(0));
            let counter = written.clone();
            tokio::spawn(async move {
                while let Ok((mut stream, _)) = listener.accept().await {
                    let mut head = [0u8; 4096];
                    let _ = stream.read(&mut head).await;
                    let head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                                 transfer-encoding: chunked\r\n\r\n";
                    if stream.write_all(head).await.is_err() {
                        continue;
                    }
                    let chunk = [
                        format!("{:x}\r\n", 64 * 1024).into_bytes(),
                        vec![b' '; 64 * 1024],
                        b"\r\n".to_vec(),
                    ]
                    .concat();
                    // At most 256 MiB, stopping as soon as the client hangs up.
                    for _ in 0..4096 {
                        if stream.write_all(&chunk).await.is_err() {
                            break;
                        }
                        counter.fetch_add(chunk.len(), Ordering::Relaxed);
                    }
                }
            });
            let client = client!(paycross, base.as_str());
            let outcome = client.get_customer("cst_1").await;
            (outcome.map(|_| ()), written.load(Ordering::Relaxed))
        })
    });
    let (outcome, written) = result;
    let e = outcome.expect_err("an endless body cannot decode");
    assert!(
        matches!(e, Error::ResponseTooLarge(_)),
        "expected ResponseTooLarge, got {e:?}"
    );
    assert_eq!(e.status().map(|s| s.as_u16()), Some(200));
    assert!(
        written < 64 << 20,
        "the server wrote {written} bytes before the client stopped reading"
    );
    assert!(
        growth < 4 * LIMIT as usize,
        "the heap grew by {growth} bytes"
    );
}

/// Regression: a deadline of `Duration::MAX` (or any too far to add to the clock) panicked with
/// "overflow when adding duration to instant" before the first attempt. Extreme settings are
/// accepted: the call is made, and a server error is retried at once.
#[test]
fn extreme_settings_do_not_panic() {
    let _serial = serial();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let script = Arc::new(Mutex::new(Script {
        replies: vec![Arc::new(
            Reply {
                status: 503,
                headers: vec![("retry-after", b"0".to_vec())],
                body: b"{}".to_vec(),
                framing: Framing::Length,
            }
            .to_bytes(),
        )],
        served: 0,
    }));
    rt.block_on(async {
        let base = serve(script.clone()).await;
        let client = generated::paycross::Client::builder(base)
            .timeout(Duration::MAX)
            .deadline(Duration::MAX)
            .max_retry_after(Duration::MAX)
            .max_response_size(u64::MAX)
            .retry(RetryPolicy {
                max_retries: 2,
                initial_backoff: Duration::ZERO,
                max_backoff: Duration::MAX,
            })
            .build()
            .expect("client");
        let e = client
            .get_customer("cst_1")
            .timeout(Duration::MAX)
            .deadline(Duration::MAX)
            .await
            .expect_err("503");
        assert_eq!(e.status().map(|s| s.as_u16()), Some(503), "{e:?}");
    });
    assert_eq!(
        script.lock().expect("script").served,
        3,
        "one attempt and two retries"
    );
}
