//! The call's `tracing` span: operation, attempts, status and latency.
//!
//! A test binary of its own: `tracing` caches, per callsite, whether any subscriber wants it, and
//! a test on another thread of the same binary that reached the callsite first (with no
//! subscriber) could leave it cached as unwanted, so the span went unrecorded (seen once in CI).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use generator_runtime::{Error, RawResponse, RequestBuilder, RetryPolicy, Transport};
use reqwest::Method;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Reads a success as its status, anything else as an unexpected response.
fn status(r: RawResponse) -> Result<u16, Error<()>> {
    if r.status.is_success() {
        Ok(r.status())
    } else {
        Err(r.unexpected())
    }
}

fn quick_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(20),
    }
}

async fn mount(server: &MockServer, response: ResponseTemplate, times: Option<u64>) {
    let mock = Mock::given(path("/x")).respond_with(response);
    match times {
        Some(n) => mock.up_to_n_times(n).mount(server).await,
        None => mock.mount(server).await,
    }
}

/// A `tracing` subscriber that writes every span and event field into a string.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<String>>);

struct FieldWriter<'a>(&'a mut String);

impl tracing::field::Visit for FieldWriter<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!("{}={value:?} ", field.name()));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        span.record(&mut FieldWriter(&mut self.0.lock().expect("lock")));
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut FieldWriter(&mut self.0.lock().expect("lock")));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, _: &tracing::Event<'_>) {}
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn the_calls_span_carries_operation_attempts_status_and_latency() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(503), Some(1)).await;
    mount(&server, ResponseTemplate::new(200), None).await;
    let t = Transport::builder(server.uri())
        .retry(quick_retries(3))
        .build()
        .expect("builds");
    let capture = Capture::default();
    let guard = tracing::subscriber::set_default(capture.clone());
    tracing::callsite::rebuild_interest_cache();
    let mut req = RequestBuilder::new(Method::GET, "get_x");
    req.path("/x");
    let call = t.call(req, status);
    fn assert_send<T: Send>(_: &T) {}
    assert_send(&call);
    assert_eq!(call.await.expect("ok"), 200);
    drop(guard);
    let log = capture.0.lock().expect("lock").clone();
    for expected in [
        "operation=\"get_x\"",
        "attempts=1 ",
        "status=503 ",
        "attempts=2 ",
        "status=200 ",
        "latency_ms=",
    ] {
        assert!(log.contains(expected), "{expected} missing from {log}");
    }
}
