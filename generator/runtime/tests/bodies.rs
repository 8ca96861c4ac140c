//! Bodies that are not JSON held in memory, against in-process servers (`wiremock`, and a raw
//! TCP listener for chunked responses): a `multipart/form-data` upload arrives byte-exact (files
//! from bytes and streamed from a reader, text and JSON fields, file names and content types);
//! a streamed upload is neither retried nor signed, one held in memory is both; a 50 MB binary
//! response is streamed in bounded chunks; an over-limit one fails with `ResponseTooLarge`,
//! keeping status and headers; error statuses of a streamed operation are read as usual.
//!
//! The requests are built as generated operations build them (see the `bodies` fixture's
//! snapshot): `RequestBuilder::multipart` and `Transport::call_stream`.

use std::collections::BTreeMap;
use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt;
use generator_runtime::{
    ByteStream, Error, FilePart, Multipart, RawResponse, RequestBuilder, RequestError, Response,
    RetryPolicy, SignError, SignableRequest, Transport,
};
use reqwest::Method;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn transport(base: &str) -> Transport {
    Transport::builder(base)
        .retry(RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(20),
        })
        .build()
        .expect("builds")
}

fn status(r: RawResponse) -> Result<u16, Error<()>> {
    Ok(r.status())
}

/// A documented 404 with a text body; anything else is unexpected (as generated code reads a
/// streamed operation's other statuses).
fn read_errors(r: RawResponse) -> Result<Response<ByteStream>, Error<String>> {
    match r.status() {
        404 => Err(r.error_text(|t| t)),
        _ => Err(r.unexpected()),
    }
}

/// `n` bytes that are not a repeating short pattern (a boundary-like run would show).
fn content(n: usize, seed: u64) -> Vec<u8> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..n).map(|_| rng.u8(..)).collect()
}

/// One parsed part: its headers (lower-case names) and its body bytes.
#[derive(Debug)]
struct Part {
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Part {
    fn disposition(&self) -> &str {
        self.headers
            .get("content-disposition")
            .map_or("", String::as_str)
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// Parses a `multipart/form-data` body (RFC 7578) strictly: every delimiter on its own line,
/// a closing delimiter at the end, nothing after it but CRLF.
fn parse_multipart(content_type: &str, body: &[u8]) -> Vec<Part> {
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a multipart content type with a boundary");
    let delimiter = format!("--{boundary}");
    let next = format!("\r\n--{boundary}");
    assert!(
        body.starts_with(delimiter.as_bytes()),
        "no leading delimiter"
    );
    let mut at = delimiter.len();
    let mut parts = Vec::new();
    loop {
        let rest = &body[at..];
        if rest == b"--\r\n" {
            return parts;
        }
        assert!(
            rest.starts_with(b"\r\n"),
            "a delimiter not followed by CRLF"
        );
        let head_start = at + 2;
        let head_end = find(body, b"\r\n\r\n", head_start).expect("part headers end");
        let head = std::str::from_utf8(&body[head_start..head_end]).expect("ASCII headers");
        let headers = head
            .split("\r\n")
            .map(|line| {
                let (name, value) = line.split_once(": ").expect("a header line");
                (name.to_ascii_lowercase(), value.to_owned())
            })
            .collect();
        let body_start = head_end + 4;
        let body_end = find(body, next.as_bytes(), body_start).expect("a delimiter after a part");
        parts.push(Part {
            headers,
            body: body[body_start..body_end].to_vec(),
        });
        at = body_end + next.len();
    }
}

fn upload(form: Multipart) -> RequestBuilder {
    let mut req = RequestBuilder::new(Method::POST, "uploadDocument");
    req.path("/documents");
    req.multipart(form);
    req
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

#[tokio::test]
async fn a_multipart_upload_arrives_byte_exact() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/documents"))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    // 3 MB from a reader (streamed in several reads) and 100 kB from memory.
    let streamed = content(3 * 1024 * 1024 + 17, 1);
    let in_memory = content(100_000, 2);
    let mut form = Multipart::new();
    form.file(
        "file",
        FilePart::reader(std::io::Cursor::new(streamed.clone()))
            .file_name("evidence \"final\".pdf")
            .content_type("application/pdf"),
    );
    form.value("purpose", &"dispute_evidence", None);
    form.text("title", "Receipt — März", None);
    form.value("pages", &12, None);
    form.value(
        "metadata",
        &serde_json::json!({"order": "o-1", "lines": [1, 2]}),
        Some("application/json; charset=utf-8"),
    );
    form.value("tags", &["a", "b"], None);
    form.value("note", &Option::<String>::None, None);
    form.files(
        "attachments",
        [FilePart::bytes(in_memory.clone()).file_name("scan.png")],
    );
    let sent = transport(&server.uri())
        .call(upload(form), status)
        .await
        .expect("sent");
    assert_eq!(sent, 201);

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    let content_type = request.headers["content-type"].to_str().expect("ASCII");
    let parts = parse_multipart(content_type, &request.body);
    let dispositions: Vec<&str> = parts.iter().map(Part::disposition).collect();
    assert_eq!(
        dispositions,
        [
            "form-data; name=\"file\"; filename=\"evidence %22final%22.pdf\"",
            "form-data; name=\"purpose\"",
            "form-data; name=\"title\"",
            "form-data; name=\"pages\"",
            "form-data; name=\"metadata\"",
            "form-data; name=\"tags\"",
            "form-data; name=\"tags\"",
            "form-data; name=\"attachments\"; filename=\"scan.png\"",
        ]
    );
    assert_eq!(parts[0].headers["content-type"], "application/pdf");
    assert_eq!(
        parts[0].body, streamed,
        "the streamed file arrives byte-exact"
    );
    assert_eq!(
        parts[1].body, b"dispute_evidence",
        "a string is sent as it is"
    );
    assert!(!parts[1].headers.contains_key("content-type"));
    assert_eq!(parts[2].body, "Receipt — März".as_bytes());
    assert_eq!(parts[3].body, b"12", "a number is sent as JSON");
    assert_eq!(
        parts[4].headers["content-type"],
        "application/json; charset=utf-8"
    );
    let metadata: serde_json::Value = serde_json::from_slice(&parts[4].body).expect("JSON");
    assert_eq!(
        metadata,
        serde_json::json!({"order": "o-1", "lines": [1, 2]})
    );
    assert_eq!(
        (&parts[5].body[..], &parts[6].body[..]),
        (&b"a"[..], &b"b"[..])
    );
    assert_eq!(
        parts[7].headers["content-type"], "application/octet-stream",
        "the default file content type"
    );
    assert_eq!(
        parts[7].body, in_memory,
        "the in-memory file arrives byte-exact"
    );
}

#[tokio::test]
async fn a_streamed_upload_is_not_retried_and_the_error_says_why() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let mut form = Multipart::new();
    form.file(
        "file",
        FilePart::reader(std::io::Cursor::new(vec![7u8; 1000])),
    );
    let mut req = RequestBuilder::new(Method::PUT, "replaceDocument");
    req.path("/documents/1");
    req.multipart(form);
    let err = transport(&server.uri())
        .call(req, |r| Err::<(), Error<()>>(r.unexpected()))
        .await
        .expect_err("503");
    match &err {
        Error::NotRetried { reason, .. } => {
            assert!(reason.contains("streamed"), "{reason}");
        }
        other => panic!("expected NotRetried, got {other:?}"),
    }
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(received(&server).await.len(), 1, "one attempt only");
}

#[tokio::test]
async fn an_in_memory_upload_is_retried_with_the_same_bytes() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let mut form = Multipart::new();
    form.file("file", FilePart::bytes(content(5000, 3)).file_name("a.bin"));
    assert!(form.is_replayable());
    let mut req = RequestBuilder::new(Method::PUT, "replaceDocument");
    req.path("/documents/1");
    req.multipart(form);
    let sent = transport(&server.uri()).call(req, status).await;
    assert_eq!(sent.expect("retried"), 200);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(
        requests[0].headers["content-length"],
        requests[0].body.len().to_string().as_str()
    );
}

#[tokio::test]
async fn a_streamed_upload_is_refused_by_a_signing_client_before_any_io() {
    let server = MockServer::start().await;
    let t = Transport::builder(server.uri())
        .signer(|req: &mut SignableRequest<'_>| {
            req.headers
                .insert("x-signature", "s".parse().expect("valid"));
            Ok::<(), SignError>(())
        })
        .build()
        .expect("builds");
    let mut form = Multipart::new();
    form.file(
        "file",
        FilePart::reader(std::io::Cursor::new(vec![1u8; 10])),
    );
    let err = t.call(upload(form), status).await.expect_err("refused");
    assert!(
        matches!(err, Error::Encode(ref m) if m.contains("signed")),
        "{err:?}"
    );
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn a_field_that_cannot_be_encoded_fails_before_any_io() {
    let server = MockServer::start().await;
    let mut form = Multipart::new();
    form.text("note", "x", Some("text/plain\r\nX-Injected: 1"));
    let err = transport(&server.uri())
        .call(upload(form), status)
        .await
        .expect_err("refused");
    assert!(matches!(err, Error::Encode(_)), "{err:?}");
    assert!(received(&server).await.is_empty());
}

/// A server answering every connection with `total` bytes of `application/octet-stream` in
/// 64 KiB chunks (`Transfer-Encoding: chunked`, so no `Content-Length`), made as they are sent.
async fn chunked_server(total: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while find(&head, b"\r\n\r\n", 0).is_none() {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let header = "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\n\
                              x-request-id: r-9\r\ntransfer-encoding: chunked\r\n\r\n";
                if socket.write_all(header.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = vec![0xA5u8; 64 * 1024];
                let mut left = total;
                while left > 0 {
                    let n = left.min(chunk.len());
                    let frame = format!("{n:x}\r\n");
                    let sent = async {
                        socket.write_all(frame.as_bytes()).await?;
                        socket.write_all(&chunk[..n]).await?;
                        socket.write_all(b"\r\n").await
                    };
                    if sent.await.is_err() {
                        return;
                    }
                    left -= n;
                }
                let _ = socket.write_all(b"0\r\n\r\n").await;
            });
        }
    });
    format!("http://{addr}")
}

fn download() -> RequestBuilder {
    let mut req = RequestBuilder::new(Method::GET, "downloadDocument");
    req.path("/documents/1/content");
    req
}

/// The binary success of `downloadDocument`.
fn streamed(status: u16) -> bool {
    status == 200
}

/// The process's peak resident memory (`VmHWM`), in bytes, where Linux reports it.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[tokio::test]
async fn a_50_mb_binary_body_is_streamed_in_bounded_chunks() {
    const TOTAL: usize = 50 * 1024 * 1024;
    let base = chunked_server(TOTAL).await;
    let before = peak_memory();
    let response = transport(&base)
        .call_stream(download(), streamed, read_errors)
        .max_response_size(64 * 1024 * 1024)
        .timeout(Duration::from_secs(120))
        .deadline(Duration::from_secs(120))
        .await
        .expect("a stream");
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.headers["x-request-id"], "r-9");
    let mut body = response.into_body();
    let (mut total, mut largest, mut chunks) = (0usize, 0usize, 0usize);
    while let Some(chunk) = body.next().await {
        let chunk: Bytes = chunk.expect("a chunk");
        total += chunk.len();
        largest = largest.max(chunk.len());
        chunks += 1;
    }
    assert_eq!(total, TOTAL);
    assert_eq!(body.received(), TOTAL as u64);
    assert!(largest <= 1024 * 1024, "a chunk of {largest} bytes");
    assert!(chunks >= 50, "{chunks} chunks");
    if let (Some(before), Some(after)) = (before, peak_memory()) {
        // Tests run side by side in this process; the body alone would add 50 MB.
        let growth = after.saturating_sub(before);
        assert!(
            growth < 32 * 1024 * 1024,
            "peak memory grew by {growth} bytes"
        );
    }
}

#[tokio::test]
async fn an_over_limit_stream_fails_with_response_too_large_keeping_status_and_headers() {
    let base = chunked_server(4 * 1024 * 1024).await;
    let response = transport(&base)
        .call_stream(download(), streamed, read_errors)
        .max_response_size(1024 * 1024)
        .await
        .expect("the stream starts");
    let mut body = response.into_body();
    let mut received = 0usize;
    let err = loop {
        match body.chunk().await {
            Ok(Some(chunk)) => received += chunk.len(),
            Ok(None) => panic!("the body ended within the limit"),
            Err(e) => break e,
        }
    };
    assert!(received <= 1024 * 1024, "{received} bytes handed over");
    match &err {
        RequestError::ResponseTooLarge(r) => {
            assert_eq!(r.status.as_u16(), 200);
            assert_eq!(r.headers["x-request-id"], "r-9");
            assert_eq!(r.limit, 1024 * 1024);
        }
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
    // The stream ends after its error; the error converts into the operation's error.
    assert!(body.chunk().await.expect("ended").is_none());
    let err: Error<String> = err.into();
    assert!(matches!(err, Error::ResponseTooLarge(_)));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
}

#[tokio::test]
async fn a_content_length_over_the_limit_fails_the_call_before_reading() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "r-1")
                .set_body_bytes(vec![0u8; 2048]),
        )
        .mount(&server)
        .await;
    let err = transport(&server.uri())
        .call_stream(download(), streamed, read_errors)
        .max_response_size(1024)
        .await
        .expect_err("too large");
    match &err {
        Error::ResponseTooLarge(r) => {
            assert_eq!(r.status.as_u16(), 200);
            assert_eq!(r.headers["x-request-id"], "r-1");
        }
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
}

#[tokio::test]
async fn a_streamed_operation_reads_its_error_statuses_as_usual() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_string("no such document"))
        .mount(&server)
        .await;
    let err = transport(&server.uri())
        .call_stream(download(), streamed, read_errors)
        .await
        .expect_err("404");
    match err {
        Error::Api(api) => {
            assert_eq!(api.status.as_u16(), 404);
            assert_eq!(api.body, "no such document");
        }
        other => panic!("expected Api, got {other:?}"),
    }
}

#[tokio::test]
async fn a_small_binary_body_collects_whole() {
    let server = MockServer::start().await;
    let pdf = content(10_000, 4);
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/pdf")
                .set_body_bytes(pdf.clone()),
        )
        .mount(&server)
        .await;
    let response = transport(&server.uri())
        .call_stream(download(), streamed, read_errors)
        .await
        .expect("a stream");
    assert_eq!(response.headers["content-type"], "application/pdf");
    let bytes = response.into_body().collect().await.expect("read");
    assert_eq!(&bytes[..], &pdf[..]);
}
