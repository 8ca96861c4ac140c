//! The Monri and Rapyd signers, checked against digests computed independently of the code under
//! test: `openssl dgst`, `sha512sum` and `base64`, run as subprocesses. Also: every retry attempt
//! is signed afresh, over exactly the path, query and body the server received.

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use generator_runtime::{
    MonriSigner, RapydSigner, RequestBuilder, RetryPolicy, SignableRequest, Signer, Transport,
};
use reqwest::header::HeaderMap;
use reqwest::Method;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "7db11ea5d4a1af32421b564c79b946d1ead3daf0";
const MERCHANT_KEY: &str = "qwert1234";
const ACCESS_KEY: &str = "rak_35151028166B9A9DDEFE";
const SECRET_KEY: &str = "rsk_9b4f1c2d8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c";

/// Runs `program args…` with `input` on stdin and returns its stdout.
fn run(program: &str, args: &[&str], input: &[u8]) -> String {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{program} {args:?} failed: {out:?}");
    String::from_utf8(out.stdout).expect("utf-8")
}

/// `openssl dgst …` prints `NAME(stdin)= <hex>`.
fn openssl_dgst(args: &[&str], input: &[u8]) -> String {
    let mut full = vec!["dgst"];
    full.extend_from_slice(args);
    let out = run("openssl", &full, input);
    out.rsplit("= ").next().expect("digest").trim().to_owned()
}

fn expected_monri_digest(timestamp: u64, path_and_query: &str, body: &[u8]) -> String {
    let mut message = format!("{MERCHANT_KEY}{timestamp}{TOKEN}{path_and_query}").into_bytes();
    message.extend_from_slice(body);
    let openssl = openssl_dgst(&["-sha512"], &message);
    let coreutils = run("sha512sum", &[], &message);
    let coreutils = coreutils.split_whitespace().next().expect("digest");
    assert_eq!(openssl, coreutils, "the two independent tools agree");
    assert_eq!(openssl.len(), 128);
    openssl
}

fn expected_rapyd_signature(
    method: &str,
    path_and_query: &str,
    salt: &str,
    timestamp: u64,
    body: &[u8],
) -> String {
    let mut message =
        format!("{method}{path_and_query}{salt}{timestamp}{ACCESS_KEY}{SECRET_KEY}").into_bytes();
    message.extend_from_slice(body);
    let hex = openssl_dgst(&["-sha256", "-hmac", SECRET_KEY], &message);
    assert_eq!(hex.len(), 64);
    run("base64", &["-w0"], hex.as_bytes()).trim().to_owned()
}

fn sign(signer: &dyn Signer, method: &Method, path_and_query: &str, body: &[u8]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    signer
        .sign(&mut SignableRequest {
            method,
            path_and_query,
            headers: &mut headers,
            body,
        })
        .expect("signs");
    headers
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .expect("ascii")
}

#[test]
fn monri_post_matches_openssl_and_sha512sum() {
    let signer = MonriSigner::new(TOKEN, MERCHANT_KEY).with_clock(|| 1_671_562_482);
    let body = br#"{"name":"Ada Lovelace","email":"ada@example.com"}"#;
    let headers = sign(&signer, &Method::POST, "/v2/customers?limit=10", body);
    let digest = expected_monri_digest(1_671_562_482, "/v2/customers?limit=10", body);
    assert_eq!(
        header(&headers, "authorization"),
        format!("WP3-v2.1 {TOKEN} 1671562482 {digest}")
    );
    assert!(headers["authorization"].is_sensitive());
}

#[test]
fn monri_get_signs_an_empty_body() {
    let signer = MonriSigner::new(TOKEN, MERCHANT_KEY).with_clock(|| 1_700_000_000);
    let headers = sign(&signer, &Method::GET, "/v2/customers/cus_1", b"");
    let digest = expected_monri_digest(1_700_000_000, "/v2/customers/cus_1", b"");
    let parts: Vec<&str> = header(&headers, "authorization").split(' ').collect();
    assert_eq!(parts, ["WP3-v2.1", TOKEN, "1700000000", digest.as_str()]);
    // NOTES.md: every Monri request carries `Content-Type: application/json`, GET included.
    assert_eq!(header(&headers, "content-type"), "application/json");
}

#[test]
fn rapyd_post_matches_openssl_hmac_and_base64() {
    let signer = RapydSigner::new(ACCESS_KEY, SECRET_KEY)
        .with_clock(|| 1_671_562_482)
        .with_salt(|| "s4lTs4lT9x".to_owned());
    let body = br#"{"amount":100,"currency":"USD","payment_method":{"type":"us_visa_card"}}"#;
    let headers = sign(&signer, &Method::POST, "/v1/payments", body);
    let expected =
        expected_rapyd_signature("post", "/v1/payments", "s4lTs4lT9x", 1_671_562_482, body);
    assert_eq!(header(&headers, "signature"), expected);
    assert_eq!(header(&headers, "access_key"), ACCESS_KEY);
    assert_eq!(header(&headers, "salt"), "s4lTs4lT9x");
    assert_eq!(header(&headers, "timestamp"), "1671562482");
}

#[test]
fn rapyd_get_with_query_and_no_body() {
    let signer = RapydSigner::new(ACCESS_KEY, SECRET_KEY)
        .with_clock(|| 1_700_000_123)
        .with_salt(|| "abcdefgh".to_owned());
    let headers = sign(&signer, &Method::GET, "/v1/customers?limit=3", b"");
    let expected = expected_rapyd_signature(
        "get",
        "/v1/customers?limit=3",
        "abcdefgh",
        1_700_000_123,
        b"",
    );
    // NOTES.md: Rapyd requests carry `Content-Type: application/json`, bodiless ones too.
    assert_eq!(header(&headers, "content-type"), "application/json");
    assert_eq!(header(&headers, "signature"), expected);
}

#[test]
fn rapyd_default_salt_is_random_and_8_to_16_chars() {
    let signer = RapydSigner::new(ACCESS_KEY, SECRET_KEY);
    let salts: Vec<String> = (0..5)
        .map(|_| header(&sign(&signer, &Method::GET, "/v1/x", b""), "salt").to_owned())
        .collect();
    for salt in &salts {
        assert!((8..=16).contains(&salt.len()), "{salt}");
        assert!(salt.bytes().all(|b| b.is_ascii_alphanumeric()), "{salt}");
    }
    let mut unique = salts.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        salts.len(),
        "a new salt every time: {salts:?}"
    );
    // And the system clock is used by default.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let ts: u64 = header(&sign(&signer, &Method::GET, "/v1/x", b""), "timestamp")
        .parse()
        .expect("number");
    assert!(ts.abs_diff(now) <= 5);
}

#[test]
fn rapyd_rejects_a_salt_of_the_wrong_length() {
    for salt in ["short", "seventeen-chars-x"] {
        let signer = RapydSigner::new(ACCESS_KEY, SECRET_KEY).with_salt(move || salt.to_owned());
        let mut headers = HeaderMap::new();
        let r = signer.sign(&mut SignableRequest {
            method: &Method::GET,
            path_and_query: "/v1/x",
            headers: &mut headers,
            body: b"",
        });
        assert!(r.is_err(), "{salt}");
        assert!(headers.is_empty());
    }
}

#[test]
fn signer_debug_shows_no_credentials() {
    let monri = format!("{:?}", MonriSigner::new(TOKEN, MERCHANT_KEY));
    let rapyd = format!("{:?}", RapydSigner::new(ACCESS_KEY, SECRET_KEY));
    for (debug, secrets) in [
        (&monri, [TOKEN, MERCHANT_KEY]),
        (&rapyd, [ACCESS_KEY, SECRET_KEY]),
    ] {
        for secret in secrets {
            assert!(!debug.contains(secret), "{debug}");
        }
        assert!(debug.contains("***"), "{debug}");
    }
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_retries: 3,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
    }
}

/// A clock that moves one second on every reading.
fn ticking_clock(start: u64) -> impl Fn() -> u64 + Send + Sync + 'static {
    let now = Arc::new(AtomicU64::new(start));
    move || now.fetch_add(1, Ordering::SeqCst)
}

#[tokio::test]
async fn monri_signs_every_retry_afresh_over_what_was_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/customers"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/customers"))
        .respond_with(ResponseTemplate::new(200).set_body_string("[]"))
        .mount(&server)
        .await;

    let transport: Transport = Transport::builder(format!("{}/api/", server.uri()))
        .signer(MonriSigner::new(TOKEN, MERCHANT_KEY).with_clock(ticking_clock(1_700_000_000)))
        .retry(fast_retries())
        .build()
        .expect("builds");
    let mut req = RequestBuilder::new(Method::GET, "listCustomers");
    req.path("/v2/customers");
    req.query("limit", &10);
    req.query("q", &"Ada Lovelace");
    let response = transport.send(req).await.expect("sent");
    assert_eq!(response.status(), 200);

    let received = server.received_requests().await.expect("recording");
    assert_eq!(received.len(), 3);
    let mut timestamps = Vec::new();
    for request in &received {
        let path_and_query = format!(
            "{}?{}",
            request.url.path(),
            request.url.query().expect("query")
        );
        assert_eq!(path_and_query, "/api/v2/customers?limit=10&q=Ada+Lovelace");
        let auth = request.headers["authorization"].to_str().expect("ascii");
        let parts: Vec<&str> = auth.split(' ').collect();
        let timestamp: u64 = parts[2].parse().expect("timestamp");
        let digest = expected_monri_digest(timestamp, &path_and_query, &request.body);
        assert_eq!(parts, ["WP3-v2.1", TOKEN, parts[2], digest.as_str()]);
        timestamps.push(timestamp);
    }
    assert_eq!(timestamps, [1_700_000_000, 1_700_000_001, 1_700_000_002]);
}

#[tokio::test]
async fn rapyd_signs_every_retry_of_a_post_with_the_same_idempotency_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/payments"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/payments"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;

    let transport = Transport::builder(server.uri())
        .signer(RapydSigner::new(ACCESS_KEY, SECRET_KEY).with_clock(ticking_clock(1_700_000_000)))
        .retry(fast_retries())
        .build()
        .expect("builds");
    let mut req = RequestBuilder::new(Method::POST, "createPayment");
    req.path("/v1/payments");
    req.idempotency_key("idempotency", &"pay-2024-0001");
    req.json(&serde_json::json!({"amount": 10.5, "currency": "EUR", "description": "tea & cake"}));
    let response = transport.send(req).await.expect("sent");
    assert_eq!(response.status(), 200);

    let received = server.received_requests().await.expect("recording");
    assert_eq!(received.len(), 3);
    let mut salts = Vec::new();
    for (i, request) in received.iter().enumerate() {
        let h = |name: &str| request.headers[name].to_str().expect("ascii").to_owned();
        assert_eq!(h("idempotency"), "pay-2024-0001");
        assert_eq!(h("access_key"), ACCESS_KEY);
        let timestamp: u64 = h("timestamp").parse().expect("timestamp");
        assert_eq!(timestamp, 1_700_000_000 + i as u64);
        assert_eq!(
            request.body,
            br#"{"amount":10.5,"currency":"EUR","description":"tea & cake"}"#
        );
        let expected = expected_rapyd_signature(
            "post",
            request.url.path(),
            &h("salt"),
            timestamp,
            &request.body,
        );
        assert_eq!(h("signature"), expected);
        salts.push(h("salt"));
    }
    salts.dedup();
    assert_eq!(salts.len(), 3, "a new salt for every attempt");
}
