//! Errors and responses: [`RequestError`] (a request that could not be made), [`Error`] (the
//! error type of every generated operation), [`RawResponse`] (a response before it is typed),
//! [`Response`] (a typed body beside its status and headers) and [`ApiError`] (a documented error
//! status with its typed body).
//!
//! Generated operations send a request through the transport, then turn the [`RawResponse`] into
//! a `Result<Response<T>, Error<E>>` with the small helpers on it: [`RawResponse::json`] for a
//! documented success body, [`RawResponse::error_json`] for a documented error body,
//! [`RawResponse::unexpected`] for anything the document does not describe. Nothing received is
//! thrown away: an unexpected or undecodable response keeps its status, headers and body bytes.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::time::Duration;

use bytes::Bytes;
/// Response headers (`reqwest`'s, re-exported so callers need no `reqwest` dependency).
pub use reqwest::header::HeaderMap;
/// An HTTP status code (`reqwest`'s, re-exported so callers need no `reqwest` dependency).
pub use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::hook::HookError;
use crate::sign::SignError;
use crate::validate::ValidationErrors;

/// Why a request could not be completed, before any response status was seen.
#[derive(Debug)]
pub enum RequestError {
    /// An argument broke the API's documented constraints (or cannot be sent, e.g. a header value
    /// with a line break, or a path parameter that is empty, `.` or `..`); nothing was sent.
    InvalidArgument(ValidationErrors),
    /// The body or the URL could not be serialised; nothing was sent.
    Encode(String),
    /// The connection failed: refused, reset, closed early, TLS, DNS, a broken body, …
    Transport(reqwest::Error),
    /// An attempt took longer than the configured per-attempt timeout.
    Timeout(reqwest::Error),
    /// The request signer failed; nothing was sent.
    Sign(SignError),
    /// The call's deadline passed during attempt `attempts` (attempts and the waits between
    /// them count against it).
    DeadlineExceeded {
        /// The deadline of the call.
        deadline: Duration,
        /// The attempts made, the last one cut short.
        attempts: u32,
    },
    /// The response body is larger than the configured limit; it was not read past the limit
    /// (nor at all when its `Content-Length` already said so). Not retried.
    ResponseTooLarge(Box<OversizedResponse>),
    /// The client's [`Hook`](crate::Hook) refused to send an attempt; not retried.
    Hook(HookError),
}

/// A response refused for its size: its status and headers, and the limit it broke.
#[derive(Debug, Clone)]
pub struct OversizedResponse {
    /// The status code.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The limit, in bytes.
    pub limit: u64,
}

impl fmt::Display for OversizedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the response body (status {}) is larger than the limit of {} bytes",
            self.status, self.limit
        )
    }
}

impl RequestError {
    /// Whether trying the same request again later may succeed: a broken connection, a
    /// timeout or a passed deadline. (The transport has already retried as its policy allows.)
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            RequestError::Transport(_)
                | RequestError::Timeout(_)
                | RequestError::DeadlineExceeded { .. }
        )
    }

    /// The status of the response this error carries, if one was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            RequestError::ResponseTooLarge(r) => Some(r.status),
            _ => None,
        }
    }

    /// Classifies an error from reqwest: a timeout becomes [`RequestError::Timeout`], anything
    /// else [`RequestError::Transport`].
    pub fn from_reqwest(e: reqwest::Error) -> Self {
        if e.is_timeout() {
            RequestError::Timeout(e)
        } else {
            RequestError::Transport(e)
        }
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::InvalidArgument(e) => write!(f, "invalid argument: {e}"),
            RequestError::Encode(e) => write!(f, "could not encode the request: {e}"),
            RequestError::Transport(e) => write!(f, "transport error: {e}"),
            RequestError::Timeout(e) => write!(f, "request timed out: {e}"),
            RequestError::Sign(e) => write!(f, "could not sign the request: {e}"),
            RequestError::DeadlineExceeded { deadline, attempts } => {
                write!(f, "{}", deadline_message(*deadline, *attempts))
            }
            RequestError::ResponseTooLarge(r) => r.fmt(f),
            RequestError::Hook(e) => write!(f, "the client's hook refused the request: {e}"),
        }
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RequestError::InvalidArgument(e) => Some(e),
            RequestError::Encode(_) => None,
            RequestError::Transport(e) | RequestError::Timeout(e) => Some(e),
            RequestError::Sign(e) => Some(e),
            RequestError::Hook(e) => Some(e.as_ref()),
            RequestError::DeadlineExceeded { .. } | RequestError::ResponseTooLarge(_) => None,
        }
    }
}

impl From<ValidationErrors> for RequestError {
    fn from(e: ValidationErrors) -> Self {
        RequestError::InvalidArgument(e)
    }
}

impl From<SignError> for RequestError {
    fn from(e: SignError) -> Self {
        RequestError::Sign(e)
    }
}

fn deadline_message(deadline: Duration, attempts: u32) -> String {
    let plural = if attempts == 1 { "" } else { "s" };
    format!("the call's deadline of {deadline:?} passed after {attempts} attempt{plural}")
}

/// A complete HTTP response whose body has not been interpreted yet.
#[derive(Clone)]
pub struct RawResponse {
    /// The status code.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body, exactly as received.
    pub body: Bytes,
}

/// The text of the response header `name` (its first value), if it is there and visible ASCII;
/// generated `…Headers::from_headers` read `String` headers with it.
pub fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name)?.to_str().ok().map(str::to_owned)
}

/// The response header `name` parsed as `T` (surrounding spaces ignored), if it is there and
/// parses; generated `…Headers::from_headers` read number and boolean headers with it.
pub fn header_parsed<T: std::str::FromStr>(headers: &HeaderMap, name: &str) -> Option<T> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// The string in the JSON document `body` at the JSON pointer `pointer`, if there is one.
fn string_at(body: &[u8], pointer: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    value.pointer(pointer)?.as_str().map(str::to_owned)
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const PREVIEW: usize = 1024;
        let shown = &self.body[..self.body.len().min(PREVIEW)];
        let mut preview = String::from_utf8_lossy(shown).into_owned();
        if self.body.len() > PREVIEW {
            preview.push('…');
        }
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .field("body", &preview)
            .finish()
    }
}

/// The property names [`RawResponse::provider_message`] reads, most preferred first (the rule
/// the generator applies to documented error bodies).
const MESSAGE_FIELDS: [&str; 4] = ["message", "error_message", "detail", "description"];

/// The message property of a JSON object: the first of [`MESSAGE_FIELDS`] holding a string.
fn message_of(object: &serde_json::Map<String, serde_json::Value>) -> Option<&str> {
    MESSAGE_FIELDS
        .iter()
        .find_map(|name| object.get(*name).and_then(serde_json::Value::as_str))
}

impl RawResponse {
    /// The provider's message in a JSON body the document does not describe: a string property
    /// `message`, `error_message`, `detail` or `description` (in that order) of the body's
    /// object, else of an object one level down (`{"status": {"message": …}}`, the first such
    /// object). Shown by `Display` of [`Error::UnexpectedResponse`].
    pub fn provider_message(&self) -> Option<String> {
        let value: serde_json::Value = serde_json::from_slice(&self.body).ok()?;
        let object = value.as_object()?;
        let message = message_of(object).or_else(|| {
            object
                .values()
                .filter_map(serde_json::Value::as_object)
                .find_map(message_of)
        })?;
        let message = message.trim();
        (!message.is_empty()).then(|| message.to_owned())
    }

    /// The status code as a number.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The body as (lossy) UTF-8 text, for messages and logs.
    pub fn body_text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// Parses a documented success body as JSON. If it does not parse, the error is
    /// [`Error::Decode`], which keeps this response.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<Response<T>, Error<E>> {
        match serde_json::from_slice::<T>(&self.body) {
            Ok(body) => Ok(self.into_response(body)),
            Err(source) => Err(Error::Decode {
                response: Box::new(self),
                source,
            }),
        }
    }

    /// Like [`RawResponse::json`], then maps the parsed body (e.g. into one variant of an enum of
    /// the operation's success bodies).
    pub fn json_map<T: DeserializeOwned, U, E>(
        self,
        f: impl FnOnce(T) -> U,
    ) -> Result<Response<U>, Error<E>> {
        self.json::<T, E>().map(|r| r.map(f))
    }

    /// A documented success without a body (e.g. 204); any body received is ignored.
    pub fn empty<E>(self) -> Result<Response<()>, Error<E>> {
        Ok(self.into_response(()))
    }

    /// Like [`RawResponse::empty`], with `value` as the typed body.
    pub fn empty_map<U, E>(self, value: U) -> Result<Response<U>, Error<E>> {
        Ok(self.into_response(value))
    }

    /// A documented text body; bytes that are not UTF-8 are replaced with U+FFFD.
    pub fn text<E>(self) -> Result<Response<String>, Error<E>> {
        let text = String::from_utf8_lossy(&self.body).into_owned();
        Ok(self.into_response(text))
    }

    /// A documented raw body (`application/octet-stream` and the like), as bytes.
    pub fn into_bytes(self) -> Response<Vec<u8>> {
        let bytes = self.body.to_vec();
        self.into_response(bytes)
    }

    /// A documented error status with a text body: [`Error::Api`] with the text mapped by `f`.
    pub fn error_text<E>(self, f: impl FnOnce(String) -> E) -> Error<E> {
        let text = String::from_utf8_lossy(&self.body).into_owned();
        self.error_empty(f(text))
    }

    /// A documented error status with a raw body: [`Error::Api`] with the bytes mapped by `f`.
    pub fn error_bytes<E>(self, f: impl FnOnce(Vec<u8>) -> E) -> Error<E> {
        let bytes = self.body.to_vec();
        self.error_empty(f(bytes))
    }

    /// A documented error status with a JSON body: [`Error::Api`] with the body parsed as `T` and
    /// mapped by `f`, or [`Error::Decode`] (keeping this response) if it does not parse.
    pub fn error_json<T: DeserializeOwned, E>(self, f: impl FnOnce(T) -> E) -> Error<E> {
        match serde_json::from_slice::<T>(&self.body) {
            Ok(body) => self.error_empty(f(body)),
            Err(source) => Error::Decode {
                response: Box::new(self),
                source,
            },
        }
    }

    /// Like [`RawResponse::error_json`], keeping the provider's message that `message` reads
    /// from the parsed body ([`ApiError::message`], shown by `Display`).
    pub fn error_json_with<T: DeserializeOwned, E>(
        self,
        f: impl FnOnce(T) -> E,
        message: impl FnOnce(&T) -> Option<String>,
    ) -> Error<E> {
        match serde_json::from_slice::<T>(&self.body) {
            Ok(body) => {
                let message = message(&body);
                let mut error = self.error_empty(f(body));
                if let Error::Api(api) = &mut error {
                    api.message = message;
                }
                error
            }
            Err(source) => Error::Decode {
                response: Box::new(self),
                source,
            },
        }
    }

    /// Like [`RawResponse::error_json_with`], with the message read from the body as JSON: the
    /// string at the JSON pointer `message_at` (`/message`, `/status/message`); `None` where the
    /// body has none there, or something else than a string. Generated code uses this one: a
    /// pointer is data, where a closure per error response was a function for the compiler to
    /// check.
    pub fn error_json_message<T: DeserializeOwned, E>(
        self,
        f: impl FnOnce(T) -> E,
        message_at: &str,
    ) -> Error<E> {
        let message = string_at(&self.body, message_at);
        self.error_json_with(f, |_| message)
    }

    /// A documented error status whose typed body is `e` (e.g. one without a body);
    /// [`ApiError::raw`] still holds the bytes received.
    pub fn error_empty<E>(self, e: E) -> Error<E> {
        Error::Api(Box::new(ApiError {
            status: self.status,
            headers: self.headers,
            body: e,
            raw: self.body,
            message: None,
        }))
    }

    /// A status the API document does not describe for this operation.
    pub fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedResponse(Box::new(self))
    }

    fn into_response<T>(self, body: T) -> Response<T> {
        Response {
            status: self.status,
            headers: self.headers,
            body,
        }
    }
}

/// A typed response body beside the status and headers it came with.
///
/// The fields are private and read through [`Response::status`], [`Response::headers`],
/// [`Response::body`] and [`Response::into_body`]. `Response<T>` also derefs to the body, so
/// `resp.id` reads the body's `id`. Because no field of `Response` is public, a body field never
/// hides behind a field of the wrapper: when the body has its own `status` field, `resp.status`
/// is that body field, and the HTTP status is only ever `resp.status()` (a method call, which
/// names the wrapper's method first; a body field is never callable, so the two cannot be
/// confused). Deref is kept for that reason: with nothing public to shadow, reading through it
/// is unambiguous. Methods of the body type with the same names as the wrapper's (`status()`,
/// `headers()`, `body()`, `into_body()`, `map()`) are reached with `resp.body().status()`.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    /// A response from its parts (for tests and hand-written transports).
    pub fn new(status: StatusCode, headers: HeaderMap, body: T) -> Self {
        Response {
            status,
            headers,
            body,
        }
    }

    /// The HTTP status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The first value of header `name` as text, if present and valid visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The typed body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The typed body, mutably.
    pub fn body_mut(&mut self) -> &mut T {
        &mut self.body
    }

    /// The typed body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Status, headers and body, taken apart.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }

    /// Transforms the body, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }
}

impl<T> Deref for Response<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.body
    }
}

impl<T> DerefMut for Response<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.body
    }
}

/// A documented error status with its typed body.
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    /// The status code.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The typed error body.
    pub body: E,
    /// The body bytes as received.
    pub raw: Bytes,
    /// The provider's message from the typed body, where the documented body carries one
    /// (PayCross's `message`, Rapyd's `status.message`); `Display` shows it after the status.
    pub message: Option<String>,
}

/// The error of every generated operation. `E` is the operation's typed error body (usually an
/// enum with one variant per documented error status).
///
/// The variants that carry a response box it, so that `Error<E>` stays small (a few machine
/// words) however large `E` is; field access through the box is transparent (`e.status`).
#[derive(Debug)]
pub enum Error<E> {
    /// An argument broke the API's documented constraints; nothing was sent.
    InvalidArgument(ValidationErrors),
    /// The body could not be serialised; nothing was sent.
    Encode(String),
    /// The connection failed: refused, reset, TLS, …
    Transport(reqwest::Error),
    /// An attempt took longer than the per-attempt timeout (after any retries).
    Timeout(reqwest::Error),
    /// The request signer failed; nothing was sent.
    Sign(SignError),
    /// A documented error status, typed.
    Api(Box<ApiError<E>>),
    /// A status the document does not describe; status, headers and body are kept.
    UnexpectedResponse(Box<RawResponse>),
    /// A documented status whose body did not parse as documented.
    Decode {
        /// The response, kept whole.
        response: Box<RawResponse>,
        /// Why it did not parse.
        source: serde_json::Error,
    },
    /// The call's deadline passed (see [`RequestError::DeadlineExceeded`]).
    DeadlineExceeded {
        /// The deadline of the call.
        deadline: Duration,
        /// The attempts made, the last one cut short.
        attempts: u32,
    },
    /// A retryable response (`408`, `429`, `5xx`) that the client did not retry although the
    /// retry policy had retries left: `reason` says why (a `Retry-After` over the cap, a wait
    /// past the deadline). `error` is the response read as usual; [`Error::status`],
    /// [`Error::headers`], [`Error::raw_body`] and [`Error::api_body`] look through to it.
    NotRetried {
        /// Why the response was not retried.
        reason: String,
        /// The response, read as the operation reads it.
        error: Box<Error<E>>,
    },
    /// The response body is larger than the configured limit (see
    /// [`RequestError::ResponseTooLarge`]); status and headers are kept.
    ResponseTooLarge(Box<OversizedResponse>),
    /// A paginated stream stopped rather than lose or repeat items (a page that repeats the one
    /// before it, an offset that overflows); the message says which.
    Paging(String),
    /// The client's [`Hook`](crate::Hook) refused to send an attempt; not retried.
    Hook(HookError),
}

impl<E> Error<E> {
    /// The status of the response this error carries, if one was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedResponse(r) | Error::Decode { response: r, .. } => Some(r.status),
            Error::NotRetried { error, .. } => error.status(),
            Error::ResponseTooLarge(r) => Some(r.status),
            _ => None,
        }
    }

    /// The headers of the response this error carries, if one was received.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api(e) => Some(&e.headers),
            Error::UnexpectedResponse(r) | Error::Decode { response: r, .. } => Some(&r.headers),
            Error::NotRetried { error, .. } => error.headers(),
            Error::ResponseTooLarge(r) => Some(&r.headers),
            _ => None,
        }
    }

    /// The body bytes of the response this error carries, if one was received.
    pub fn raw_body(&self) -> Option<&Bytes> {
        match self {
            Error::Api(e) => Some(&e.raw),
            Error::UnexpectedResponse(r) | Error::Decode { response: r, .. } => Some(&r.body),
            Error::NotRetried { error, .. } => error.raw_body(),
            _ => None,
        }
    }

    /// The typed error body, if this is a documented error status.
    pub fn api_body(&self) -> Option<&E> {
        match self {
            Error::Api(e) => Some(&e.body),
            Error::NotRetried { error, .. } => error.api_body(),
            _ => None,
        }
    }

    /// Which kind of error this is, without its details (for logs, metrics and matching
    /// without the type `E`). A [`Error::NotRetried`] has the kind of the response it carries.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidArgument(_) => ErrorKind::InvalidArgument,
            Error::Encode(_) => ErrorKind::Encode,
            Error::Transport(_) => ErrorKind::Transport,
            Error::Timeout(_) | Error::DeadlineExceeded { .. } => ErrorKind::Timeout,
            Error::Sign(_) => ErrorKind::Sign,
            Error::Api(_) => ErrorKind::Api,
            Error::UnexpectedResponse(_) => ErrorKind::UnexpectedResponse,
            Error::Decode { .. } => ErrorKind::Decode,
            Error::NotRetried { error, .. } => error.kind(),
            Error::ResponseTooLarge(_) => ErrorKind::ResponseTooLarge,
            Error::Paging(_) => ErrorKind::Paging,
            Error::Hook(_) => ErrorKind::Hook,
        }
    }

    /// Whether trying the same call again later may succeed: a broken connection, a timeout or
    /// a passed deadline, or a response with status `408`, `429` or `5xx` (the transport has
    /// already retried as its policy and deadline allow). Arguments the API refuses, a body that
    /// does not decode, a response over the size limit or a pagination stop are not retryable.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(_) | Error::Timeout(_) | Error::DeadlineExceeded { .. } => true,
            Error::Api(_) | Error::UnexpectedResponse(_) | Error::NotRetried { .. } => {
                self.status().is_some_and(|s| {
                    s == StatusCode::REQUEST_TIMEOUT
                        || s == StatusCode::TOO_MANY_REQUESTS
                        || s.is_server_error()
                })
            }
            Error::InvalidArgument(_)
            | Error::Encode(_)
            | Error::Sign(_)
            | Error::Decode { .. }
            | Error::ResponseTooLarge(_)
            | Error::Paging(_)
            | Error::Hook(_) => false,
        }
    }

    /// This error without its typed body: one type for the errors of every operation, with
    /// the message, kind, status, headers, body bytes and source kept.
    pub fn into_untyped(self) -> UntypedError {
        let message = self.to_string();
        let kind = self.kind();
        let retryable = self.is_retryable();
        let (status, headers, body) = (
            self.status(),
            self.headers().cloned(),
            self.raw_body().cloned(),
        );
        UntypedError {
            kind,
            message,
            status,
            headers,
            body,
            retryable,
            source: self.into_source(),
        }
    }

    fn into_source(self) -> Option<Box<dyn std::error::Error + Send + Sync>> {
        match self {
            Error::InvalidArgument(e) => Some(Box::new(e)),
            Error::Transport(e) | Error::Timeout(e) => Some(Box::new(e)),
            Error::Sign(e) => Some(Box::new(e)),
            Error::Decode { source, .. } => Some(Box::new(source)),
            Error::NotRetried { error, .. } => error.into_source(),
            Error::Hook(e) => Some(e),
            Error::Encode(_)
            | Error::Api(_)
            | Error::UnexpectedResponse(_)
            | Error::DeadlineExceeded { .. }
            | Error::ResponseTooLarge(_)
            | Error::Paging(_) => None,
        }
    }

    /// Whether an attempt timed out or the call's deadline passed.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout(_) | Error::DeadlineExceeded { .. })
    }
}

impl<E> From<RequestError> for Error<E> {
    fn from(e: RequestError) -> Self {
        match e {
            RequestError::InvalidArgument(v) => Error::InvalidArgument(v),
            RequestError::Encode(m) => Error::Encode(m),
            RequestError::Transport(e) => Error::Transport(e),
            RequestError::Timeout(e) => Error::Timeout(e),
            RequestError::Sign(e) => Error::Sign(e),
            RequestError::DeadlineExceeded { deadline, attempts } => {
                Error::DeadlineExceeded { deadline, attempts }
            }
            RequestError::ResponseTooLarge(r) => Error::ResponseTooLarge(r),
            RequestError::Hook(e) => Error::Hook(e),
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidArgument(e) => write!(f, "invalid argument: {e}"),
            Error::Encode(e) => write!(f, "could not encode the request: {e}"),
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::Timeout(e) => write!(f, "request timed out: {e}"),
            Error::Sign(e) => write!(f, "could not sign the request: {e}"),
            Error::Api(e) => match e.message.as_deref().filter(|m| !m.trim().is_empty()) {
                Some(message) => write!(f, "API error: status {}: {message}", e.status),
                None => write!(f, "API error: status {}", e.status),
            },
            Error::UnexpectedResponse(r) => match r.provider_message() {
                Some(message) => write!(f, "unexpected response: status {}: {message}", r.status),
                None => write!(f, "unexpected response: status {}", r.status),
            },
            Error::Decode { response, source } => write!(
                f,
                "could not decode the response body (status {}): {source}",
                response.status
            ),
            Error::DeadlineExceeded { deadline, attempts } => {
                f.write_str(&deadline_message(*deadline, *attempts))
            }
            Error::NotRetried { reason, error } => write!(f, "{error} (not retried: {reason})"),
            Error::ResponseTooLarge(r) => r.fmt(f),
            Error::Paging(m) => write!(f, "pagination stopped: {m}"),
            Error::Hook(e) => write!(f, "the client's hook refused the request: {e}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::InvalidArgument(e) => Some(e),
            Error::Transport(e) | Error::Timeout(e) => Some(e),
            Error::Sign(e) => Some(e),
            Error::Decode { source, .. } => Some(source),
            // Display already includes `error`; its own source comes next.
            Error::NotRetried { error, .. } => std::error::Error::source(error.as_ref()),
            Error::Hook(e) => Some(e.as_ref()),
            Error::Encode(_)
            | Error::Api(_)
            | Error::UnexpectedResponse(_)
            | Error::DeadlineExceeded { .. }
            | Error::ResponseTooLarge(_)
            | Error::Paging(_) => None,
        }
    }
}

/// The kind of an [`Error`] or [`UntypedError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An argument broke the API's documented constraints; nothing was sent.
    InvalidArgument,
    /// The request could not be serialised; nothing was sent.
    Encode,
    /// The connection failed.
    Transport,
    /// An attempt timed out, or the call's deadline passed.
    Timeout,
    /// The request signer failed; nothing was sent.
    Sign,
    /// A documented error status.
    Api,
    /// A status the document does not describe.
    UnexpectedResponse,
    /// A body that did not parse as documented.
    Decode,
    /// A body over the size limit.
    ResponseTooLarge,
    /// A paginated stream stopped rather than lose or repeat items.
    Paging,
    /// The client's hook refused to send.
    Hook,
}

/// One error type for every operation: an [`Error<E>`] without its typed body `E`
/// ([`Error::into_untyped`], or `From`). Keeps the message (`Display`), kind, status, headers,
/// body bytes, whether it is retryable, and the source error. `Send + Sync + 'static`, so it
/// also boxes into `Box<dyn std::error::Error + Send + Sync>`.
#[derive(Debug)]
pub struct UntypedError {
    kind: ErrorKind,
    message: String,
    status: Option<StatusCode>,
    headers: Option<HeaderMap>,
    body: Option<Bytes>,
    retryable: bool,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl UntypedError {
    /// The kind of the original error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The status of the response, if one was received.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// The headers of the response, if one was received.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.headers.as_ref()
    }

    /// The body bytes of the response, if one was received and read.
    pub fn raw_body(&self) -> Option<&Bytes> {
        self.body.as_ref()
    }

    /// See [`Error::is_retryable`].
    pub fn is_retryable(&self) -> bool {
        self.retryable
    }
}

impl fmt::Display for UntypedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UntypedError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl<E> From<Error<E>> for UntypedError {
    fn from(e: Error<E>) -> Self {
        e.into_untyped()
    }
}

impl From<RequestError> for UntypedError {
    fn from(e: RequestError) -> Self {
        Error::<std::convert::Infallible>::from(e).into_untyped()
    }
}
