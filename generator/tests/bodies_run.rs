//! The generated multipart and binary-body operations work at run time: the `bodies.yaml`
//! fixture's crate, with a test of its own against an in-process mock server (wiremock), uploads
//! a form (a file streamed from a reader, a file from bytes, an enum, a string, a number, a
//! date-time, a JSON object under its `encoding` content type) that arrives byte-exact, refuses a
//! part that breaks its constraints before any I/O, streams a binary download chunk by chunk,
//! reads its documented 404 as usual, and refuses one over the size limit keeping status and
//! headers. The crate is built with `CARGO_TARGET_DIR=target/fixture-check`, shared with the
//! compile tests.

mod support;

/// The test the generated crate runs.
const BODIES_TEST: &str = r##"
use std::collections::BTreeMap;

use bodies_run::runtime::{Error, FilePart};
use bodies_run::types::UploadDocumentPurpose;
use bodies_run::{Client, DownloadDocumentError, UploadDocumentForm};
use futures_util::StreamExt;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn content(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 7 + i / 251) as u8).collect()
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| i + from)
}

/// (headers, body) per part of a multipart/form-data body.
fn parts(content_type: &str, body: &[u8]) -> Vec<(String, Vec<u8>)> {
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("multipart");
    let next = format!("\r\n--{boundary}");
    assert!(body.starts_with(format!("--{boundary}\r\n").as_bytes()));
    assert!(body.ends_with(format!("--{boundary}--\r\n").as_bytes()));
    let mut at = boundary.len() + 4;
    let mut out = Vec::new();
    while let Some(end) = find(body, next.as_bytes(), at) {
        let head_end = find(body, b"\r\n\r\n", at).expect("headers");
        let head = String::from_utf8(body[at..head_end].to_vec()).expect("ASCII");
        out.push((head, body[head_end + 4..end].to_vec()));
        at = end + next.len() + 2;
    }
    out
}

fn client(server: &MockServer) -> Client {
    Client::builder(server.uri()).build().expect("builds")
}

#[tokio::test]
async fn an_upload_arrives_byte_exact() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/documents"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": "d-1"})))
        .mount(&server).await;
    let pdf = content(2 * 1024 * 1024 + 3);
    let png = content(1000);
    let created = client(&server)
        .upload_document(
            UploadDocumentForm::new(
                FilePart::reader(std::io::Cursor::new(pdf.clone()))
                    .file_name("evidence.pdf")
                    .content_type("application/pdf"),
                UploadDocumentPurpose::DisputeEvidence,
            )
            .with_title("Receipt")
            .with_pages(3)
            .with_signed_at(String::from("2026-12-01T10:00:00Z"))
            .with_metadata(BTreeMap::from([("order".to_string(), "o-1".to_string())]))
            .with_attachments(vec![FilePart::bytes(png.clone()).file_name("scan.png")]),
        )
        .await
        .expect("uploaded");
    assert_eq!(created.body().id, "d-1");
    let requests = server.received_requests().await.expect("recorded");
    let content_type = requests[0].headers["content-type"].to_str().expect("ASCII");
    let got = parts(content_type, &requests[0].body);
    let heads: Vec<&str> = got.iter().map(|(h, _)| h.as_str()).collect();
    assert_eq!(heads, [
        "Content-Disposition: form-data; name=\"file\"; filename=\"evidence.pdf\"\r\nContent-Type: application/pdf",
        "Content-Disposition: form-data; name=\"purpose\"",
        "Content-Disposition: form-data; name=\"title\"",
        "Content-Disposition: form-data; name=\"pages\"",
        "Content-Disposition: form-data; name=\"signed_at\"",
        "Content-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json; charset=utf-8",
        "Content-Disposition: form-data; name=\"attachments\"; filename=\"scan.png\"\r\nContent-Type: application/octet-stream",
    ]);
    assert_eq!(got[0].1, pdf);
    assert_eq!(got[1].1, b"dispute_evidence");
    assert_eq!(got[2].1, b"Receipt");
    assert_eq!(got[3].1, b"3");
    assert_eq!(got[4].1, b"2026-12-01T10:00:00Z", "a date-time is a string: sent as it is");
    assert_eq!(got[5].1, br#"{"order":"o-1"}"#);
    assert_eq!(got[6].1, png);
}

#[tokio::test]
async fn a_part_breaking_its_constraints_fails_before_any_io() {
    let server = MockServer::start().await;
    let err = client(&server)
        .upload_document(
            UploadDocumentForm::new(FilePart::bytes(vec![1u8, 2, 3]), UploadDocumentPurpose::Identity)
                .with_title("<script>")
                .with_pages(0),
        )
        .await
        .expect_err("invalid");
    let Error::InvalidArgument(errors) = err else { panic!("expected InvalidArgument") };
    let text = errors.to_string();
    assert!(text.contains("title") && text.contains("pages"), "{text}");
    assert!(server.received_requests().await.expect("recorded").is_empty());
}

#[tokio::test]
async fn a_download_streams_and_errors_read_as_usual() {
    let server = MockServer::start().await;
    let data = content(3 * 1024 * 1024);
    Mock::given(method("GET")).and(path("/documents/d-1/content"))
        .respond_with(ResponseTemplate::new(200).insert_header("x-request-id", "r-1").set_body_bytes(data.clone()))
        .mount(&server).await;
    Mock::given(method("GET")).and(path("/documents/d-2/content"))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({"message": "no such document"})))
        .mount(&server).await;
    let c = client(&server);
    let response = c.download_document("d-1").await.expect("a stream");
    assert_eq!(response.headers()["x-request-id"], "r-1");
    let mut body = response.into_body();
    let (mut received, mut largest) = (Vec::new(), 0);
    while let Some(chunk) = body.next().await {
        let chunk = chunk.expect("a chunk");
        largest = largest.max(chunk.len());
        received.extend_from_slice(&chunk);
    }
    assert_eq!(received, data);
    assert!(largest < data.len(), "one chunk of {largest} bytes");

    let err = c.download_document("d-2").await.expect_err("404");
    let Error::Api(api) = err else { panic!("expected Api") };
    let DownloadDocumentError::NotFound(body) = &api.body else { panic!("expected NotFound") };
    assert_eq!(body.message, "no such document");

    let err = c.download_document("d-1").max_response_size(1024).await.expect_err("too large");
    let Error::ResponseTooLarge(r) = err else { panic!("expected ResponseTooLarge") };
    assert_eq!(r.status.as_u16(), 200);
    assert_eq!(r.headers["x-request-id"], "r-1");
}
"##;

#[test]
fn generated_multipart_and_binary_operations_work() {
    support::run_generated_test(
        "bodies.yaml",
        "bodies-run",
        "bodies",
        BODIES_TEST,
        support::MOCK_SERVER_DEV_DEPENDENCIES,
    );
}
