//! Bodies that are not held in memory whole: [`Multipart`] (a `multipart/form-data` request
//! body of fields and [`FilePart`]s, each file from bytes or streamed from a reader) and
//! [`ByteStream`] (a binary response body handed over chunk by chunk, within the call's size
//! limit).
//!
//! Replays: a multipart body whose files are all bytes is built once, in memory, and is signed and
//! retried like any body. A body with a file read from a reader is streamed once: it is not
//! retried (a generated operation's error then says why, [`Error::NotRetried`]), and a client
//! with a request signer refuses it before any I/O (a signature covers the exact body bytes,
//! which are not known in advance); give such files as [`FilePart::bytes`] instead. The
//! per-attempt timeout covers sending the body: raise it per call ([`Call::timeout`]) for a
//! large upload.
//!
//! A [`ByteStream`]'s body counts against the limits of the call it came from: the
//! per-attempt timeout and the call's deadline run until the last byte is read (raise them per
//! call, [`Call::timeout`] and [`Call::deadline`], for large downloads), and more bytes than the
//! call's `max_response_size` fail the stream with [`RequestError::ResponseTooLarge`] (a
//! `Content-Length` over it fails the call before any byte is read).
//!
//! [`Error::NotRetried`]: crate::Error::NotRetried
//! [`Call::timeout`]: crate::Call::timeout
//! [`Call::deadline`]: crate::Call::deadline

use std::collections::VecDeque;
use std::fmt;
use std::future::poll_fn;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use http_body::{Body as HttpBody, Frame};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::Serialize;
use tokio::io::{AsyncRead, ReadBuf};

use crate::error::{OversizedResponse, RequestError};

/// How many bytes a streamed file part reads at a time.
const READ_CHUNK: usize = 64 * 1024;

/// A reader a file part streams from.
type Reader = Box<dyn AsyncRead + Send + Unpin>;

/// One file of a [`Multipart`] body: its content (bytes, or a reader streamed once), and the
/// file name and content type sent with it (`application/octet-stream` unless set).
pub struct FilePart {
    source: FileSource,
    file_name: Option<String>,
    content_type: Option<String>,
}

enum FileSource {
    Bytes(Bytes),
    Reader(Reader),
}

impl FilePart {
    /// A file held in memory: the body can be signed and the call retried.
    pub fn bytes(content: impl Into<Bytes>) -> Self {
        FilePart {
            source: FileSource::Bytes(content.into()),
            file_name: None,
            content_type: None,
        }
    }

    /// A file streamed from `reader` (e.g. a `tokio::fs::File`) as the request is sent, never
    /// held whole in memory. The call is then not retried, and cannot be signed (see the
    /// [module docs](self)).
    pub fn reader(reader: impl AsyncRead + Send + Unpin + 'static) -> Self {
        FilePart {
            source: FileSource::Reader(Box::new(reader)),
            file_name: None,
            content_type: None,
        }
    }

    /// The file name sent in the part's `Content-Disposition`.
    #[must_use]
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The part's `Content-Type` (default `application/octet-stream`).
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Whether the content is in memory (so the body can be sent again).
    pub fn is_replayable(&self) -> bool {
        matches!(self.source, FileSource::Bytes(_))
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // File content may be personal data: only its size or kind is shown.
        let source = match &self.source {
            FileSource::Bytes(b) => format!("{} bytes", b.len()),
            FileSource::Reader(_) => "reader".to_owned(),
        };
        f.debug_struct("FilePart")
            .field("source", &source)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// A piece of the encoded body: bytes, or a reader to stream.
enum Segment {
    Bytes(Bytes),
    Reader(Mutex<Reader>),
}

/// A `multipart/form-data` request body (RFC 7578), built part by part in the order the parts
/// are added. The boundary is 128 random bits.
///
/// Values: [`text`](Self::text) sends a string as it is; [`value`](Self::value) sends a string
/// as it is, every element of an array as a part of its own under the same name, `null` as no
/// part, and anything else as JSON.
pub struct Multipart {
    boundary: String,
    segments: Vec<Segment>,
    pending: BytesMut,
    problem: Option<String>,
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Multipart")
            .field("boundary", &self.boundary)
            .field("streamed", &!self.is_replayable())
            .finish_non_exhaustive()
    }
}

impl Default for Multipart {
    fn default() -> Self {
        Multipart::new()
    }
}

/// A [`Multipart`] body as it is sent: bytes, or a stream.
pub(crate) enum MultipartBody {
    Bytes(Bytes),
    Stream(reqwest::Body),
}

impl Multipart {
    /// An empty body with a fresh random boundary.
    pub fn new() -> Self {
        Multipart {
            boundary: format!("generator-runtime-{:032x}", fastrand::u128(..)),
            segments: Vec::new(),
            pending: BytesMut::new(),
            problem: None,
        }
    }

    /// The boundary between parts.
    pub fn boundary(&self) -> &str {
        &self.boundary
    }

    /// `multipart/form-data; boundary=…`, the body's `Content-Type`.
    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    /// Whether every part is in memory (the body can be signed and sent again).
    pub fn is_replayable(&self) -> bool {
        self.segments.iter().all(|s| matches!(s, Segment::Bytes(_)))
    }

    /// A text field, sent as it is, with `content_type` when given (none means `text/plain`).
    pub fn text(&mut self, name: &str, value: &str, content_type: Option<&str>) {
        self.head(name, None, content_type);
        self.pending.extend_from_slice(value.as_bytes());
        self.pending.extend_from_slice(b"\r\n");
    }

    /// A field serialised as the OpenAPI `multipart` encoding says: a string as it is, an array
    /// as one part per element, `null` as no part, anything else (numbers, booleans, objects)
    /// as JSON. `content_type` (the spec's `encoding.<name>.contentType`) is sent when given;
    /// otherwise JSON objects say `application/json`. A value that cannot be serialised makes
    /// the call fail with [`RequestError::Encode`] before any I/O.
    pub fn value<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        content_type: Option<&str>,
    ) {
        match serde_json::to_value(value) {
            Ok(v) => self.json_value(name, &v, content_type),
            Err(e) => self.fail(format!("multipart field `{name}`: {e}")),
        }
    }

    fn json_value(&mut self, name: &str, value: &serde_json::Value, content_type: Option<&str>) {
        use serde_json::Value;
        match value {
            Value::Null => {}
            Value::String(s) => self.text(name, s, content_type),
            Value::Array(items) => {
                for item in items {
                    self.json_value(name, item, content_type);
                }
            }
            Value::Object(_) => {
                let ct = content_type.unwrap_or("application/json");
                self.text(name, &value.to_string(), Some(ct));
            }
            Value::Bool(_) | Value::Number(_) => self.text(name, &value.to_string(), content_type),
        }
    }

    /// A file field: `Content-Disposition` with its file name, and its content type
    /// (`application/octet-stream` unless the part sets one).
    pub fn file(&mut self, name: &str, file: FilePart) {
        let content_type = file
            .content_type
            .as_deref()
            .unwrap_or("application/octet-stream");
        self.head(
            name,
            Some(file.file_name.as_deref().unwrap_or("")),
            Some(content_type),
        );
        match file.source {
            FileSource::Bytes(b) => self.pending.extend_from_slice(&b),
            FileSource::Reader(r) => {
                self.flush();
                self.segments.push(Segment::Reader(Mutex::new(r)));
            }
        }
        self.pending.extend_from_slice(b"\r\n");
    }

    /// A file field for each of `files`, under the same name.
    pub fn files(&mut self, name: &str, files: impl IntoIterator<Item = FilePart>) {
        for file in files {
            self.file(name, file);
        }
    }

    /// Why the body cannot be sent, if something could not be encoded.
    pub(crate) fn take_problem(&mut self) -> Option<String> {
        self.problem.take()
    }

    /// The encoded body, closing boundary included.
    pub(crate) fn into_body(mut self) -> MultipartBody {
        self.pending.extend_from_slice(b"--");
        self.pending.extend_from_slice(self.boundary.as_bytes());
        self.pending.extend_from_slice(b"--\r\n");
        self.flush();
        if self.is_replayable() {
            let mut all = BytesMut::new();
            for s in self.segments {
                if let Segment::Bytes(b) = s {
                    all.extend_from_slice(&b);
                }
            }
            return MultipartBody::Bytes(all.freeze());
        }
        MultipartBody::Stream(reqwest::Body::wrap(Streamed {
            segments: self.segments.into(),
            buffer: vec![0; READ_CHUNK].into_boxed_slice(),
        }))
    }

    fn head(&mut self, name: &str, file_name: Option<&str>, content_type: Option<&str>) {
        let mut head = format!(
            "--{}\r\nContent-Disposition: form-data; name=\"{}\"",
            self.boundary,
            escape(name)
        );
        if let Some(file_name) = file_name {
            head.push_str(&format!("; filename=\"{}\"", escape(file_name)));
        }
        head.push_str("\r\n");
        if let Some(ct) = content_type {
            if ct.contains(['\r', '\n']) {
                self.fail(format!(
                    "multipart field `{name}`: the content type has a line break"
                ));
            } else {
                head.push_str(&format!("Content-Type: {ct}\r\n"));
            }
        }
        head.push_str("\r\n");
        self.pending.extend_from_slice(head.as_bytes());
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let bytes = std::mem::take(&mut self.pending).freeze();
            self.segments.push(Segment::Bytes(bytes));
        }
    }

    fn fail(&mut self, message: String) {
        if self.problem.is_none() {
            self.problem = Some(message);
        }
    }
}

/// A name in a `Content-Disposition` quoted string, escaped as HTML forms do (WHATWG): `"` as
/// `%22`, CR as `%0D`, LF as `%0A`.
fn escape(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A multipart body with at least one reader: its pieces, sent in order.
struct Streamed {
    segments: VecDeque<Segment>,
    buffer: Box<[u8]>,
}

impl HttpBody for Streamed {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        let this = self.get_mut();
        loop {
            let Some(front) = this.segments.front_mut() else {
                return Poll::Ready(None);
            };
            let reader = match front {
                Segment::Bytes(b) => {
                    let bytes = std::mem::take(b);
                    this.segments.pop_front();
                    return Poll::Ready(Some(Ok(Frame::data(bytes))));
                }
                // Never locked: `get_mut` only proves exclusive access (the lock makes the body
                // `Sync`, as reqwest requires, for readers that are only `Send`).
                Segment::Reader(r) => r.get_mut().unwrap_or_else(|e| e.into_inner()),
            };
            let mut buf = ReadBuf::new(&mut this.buffer);
            match Pin::new(reader).poll_read(cx, &mut buf) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err(e)) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Ok(())) if buf.filled().is_empty() => {
                    this.segments.pop_front();
                }
                Poll::Ready(Ok(())) => {
                    let chunk = Bytes::copy_from_slice(buf.filled());
                    return Poll::Ready(Some(Ok(Frame::data(chunk))));
                }
            }
        }
    }
}

/// A binary response body (`application/octet-stream`, `application/pdf`, `image/*`, …) read
/// as it arrives, never buffered whole: a [`Stream`](futures_core::Stream) of [`Bytes`] chunks,
/// or [`chunk`](Self::chunk) in a loop.
///
/// Bounded like the call it came from (see the [module docs](self)): more bytes than the call's
/// size limit end it with [`RequestError::ResponseTooLarge`] (status and headers kept); a
/// passed per-attempt timeout or deadline with [`RequestError::Timeout`].
pub struct ByteStream {
    body: reqwest::Body,
    status: StatusCode,
    headers: HeaderMap,
    limit: u64,
    received: u64,
    done: bool,
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status)
            .field("limit", &self.limit)
            .field("received", &self.received)
            .field("done", &self.done)
            .finish()
    }
}

impl ByteStream {
    /// The body of `response`, limited to `limit` bytes.
    pub(crate) fn new(response: reqwest::Response, limit: u64) -> Self {
        let status = response.status();
        let headers = response.headers().clone();
        let body = http::Response::<reqwest::Body>::from(response).into_body();
        ByteStream {
            body,
            status,
            headers,
            limit,
            received: 0,
            done: false,
        }
    }

    /// The next chunk, or `None` at the end of the body.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, RequestError> {
        poll_fn(|cx| self.poll_chunk(cx)).await.transpose()
    }

    /// The bytes received so far.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// Reads the rest of the body into memory (still within the size limit).
    pub async fn collect(mut self) -> Result<Bytes, RequestError> {
        let mut all = BytesMut::new();
        while let Some(chunk) = self.chunk().await? {
            all.extend_from_slice(&chunk);
        }
        Ok(all.freeze())
    }

    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, RequestError>>> {
        if self.done {
            return Poll::Ready(None);
        }
        loop {
            let frame = match Pin::new(&mut self.body).poll_frame(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => {
                    self.done = true;
                    return Poll::Ready(None);
                }
                Poll::Ready(Some(Err(e))) => {
                    self.done = true;
                    return Poll::Ready(Some(Err(RequestError::from_reqwest(e))));
                }
                Poll::Ready(Some(Ok(frame))) => frame,
            };
            // Trailers carry no body bytes.
            let Ok(data) = frame.into_data() else {
                continue;
            };
            self.received = self.received.saturating_add(data.len() as u64);
            if self.received > self.limit {
                self.done = true;
                return Poll::Ready(Some(Err(RequestError::ResponseTooLarge(Box::new(
                    OversizedResponse {
                        status: self.status,
                        headers: self.headers.clone(),
                        limit: self.limit,
                    },
                )))));
            }
            return Poll::Ready(Some(Ok(data)));
        }
    }
}

impl futures_core::Stream for ByteStream {
    type Item = Result<Bytes, RequestError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_chunk(cx)
    }
}
