//! The HTTP transport every generated operation goes through: [`ClientBuilder`] (configuration),
//! [`Transport`] (a configured, cheaply cloned client), [`RequestBuilder`] (one operation's
//! request), [`RetryPolicy`], [`Auth`] and [`BuildError`].
//!
//! For every attempt, [`Transport::send`]:
//!
//! 1. uses the URL built once: base URL (trailing `/` trimmed, its own path kept as a prefix) +
//!    the operation's literal path pieces + percent-encoded path parameters (everything outside
//!    RFC 3986 "unreserved" is encoded, so `../admin` becomes `..%2Fadmin`, one segment) + the
//!    query, `application/x-www-form-urlencoded`;
//! 2. sets `Accept: application/json` (unless the operation set its own), `User-Agent`,
//!    `Content-Type` for a body, the operation's header parameters and the auth credentials
//!    (marked sensitive);
//! 3. runs the client's [`Hook`], if any (it may change headers), then calls the [`Signer`], if
//!    any, with the final method, path with query, headers and the exact body bytes (the body is
//!    serialised once, before the first attempt);
//! 4. sends with the per-attempt timeout within what is left of the call's deadline, and reads
//!    the body chunk by chunk up to the size limit (or, for [`Transport::call_stream`], hands a
//!    binary success over unread, as a [`ByteStream`]).
//!
//! A multipart body with a file streamed from a reader ([`crate::body`]) is sent by the first
//! attempt only: it is never retried, and a client with a signer refuses it.
//!
//! Connection errors, timeouts, `408`, `429` and `5xx` are retried — only when the method is
//! idempotent (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`, `TRACE`) or the operation set an
//! idempotency key, which is then the same on every attempt. See [`RetryPolicy`] for the delays.
//!
//! `tracing`: each call is a `debug` span `http_request` with `operation`, `method` and `path`
//! (the URL path without its query, which may carry an API key), recording `attempts`, `status`
//! (of the last response) and `latency_ms` (since the call started); each attempt logs `debug`
//! events with `attempt`, `status` or the error kind, and the retry delay. Header values, query
//! strings and bodies are never logged.

use std::fmt::{self, Display};
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, RETRY_AFTER,
    USER_AGENT,
};
use reqwest::{Method, StatusCode, Url};
use serde::Serialize;
use tracing::Instrument as _;

use crate::body::{ByteStream, Multipart, MultipartBody};
use crate::error::{Error, OversizedResponse, RawResponse, RequestError, Response};
use crate::hook::{AttemptRequest, AttemptResult, Hook};
use crate::secret::Secret;
use crate::sign::{SignableRequest, Signer};
use crate::validate::{Validate, ValidationErrors};

/// Bytes kept as they are in a path segment: RFC 3986 "unreserved" (`A–Z a–z 0–9 - . _ ~`).
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The default per-attempt timeout (connect until the whole body is read).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The default deadline of a whole call: every attempt and every wait between attempts.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);

/// The default limit of a response body, in bytes (32 MiB).
pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 32 * 1024 * 1024;

/// The default cap on a `Retry-After` the client waits for before retrying.
pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// The default `User-Agent`: this crate's name and version.
pub const DEFAULT_USER_AGENT: &str =
    concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// Where an API key is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// In a request header named by the scheme.
    Header,
    /// In a query parameter named by the scheme.
    Query,
    /// In a cookie named by the scheme.
    Cookie,
}

/// The credentials sent with every request. `Debug` shows no secret.
#[derive(Clone)]
pub enum Auth {
    /// HTTP Basic: `Authorization: Basic base64(username:password)`.
    Basic {
        /// The user name (shown by `Debug`; it is an account identifier, not a secret).
        username: String,
        /// The password.
        password: Secret,
    },
    /// `Authorization: Bearer <token>`.
    Bearer(Secret),
    /// An API key in a header, the query or a cookie.
    ApiKey {
        /// Where the key goes.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        name: String,
        /// The key.
        value: Secret,
    },
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Basic { username, password } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", password)
                .finish(),
            Auth::Bearer(token) => f.debug_tuple("Bearer").field(token).finish(),
            Auth::ApiKey {
                location,
                name,
                value,
            } => f
                .debug_struct("ApiKey")
                .field("location", location)
                .field("name", name)
                .field("value", value)
                .finish(),
        }
    }
}

/// When and how often a failed attempt is retried.
///
/// Attempt `n` (counting from 1) that failed with a retryable outcome is followed, after a delay,
/// by attempt `n + 1`, up to `1 + max_retries` attempts in all. The delay is:
///
/// * the response's `Retry-After` (delta-seconds, or an HTTP-date in IMF-fixdate form) when a
///   retryable status carries one — exactly that long, no jitter, up to the client's
///   `max_retry_after` cap ([`DEFAULT_MAX_RETRY_AFTER`]);
/// * otherwise "full jitter": uniformly random in `[0, min(max_backoff, initial_backoff × 2ⁿ⁻¹)]`.
///
/// No wait ever passes the call's deadline ([`DEFAULT_DEADLINE`]): when the next wait (a
/// `Retry-After` above the cap, or any delay longer than what is left of the deadline) cannot be
/// made, the call stops at once, and a generated operation's error says why
/// ([`Error::NotRetried`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0: never retry).
    pub max_retries: u32,
    /// The cap of the first retry's delay; doubled for every further retry.
    pub initial_backoff: Duration,
    /// The largest backoff delay (a `Retry-After` is capped separately, by the client's
    /// `max_retry_after`).
    pub max_backoff: Duration,
}

impl RetryPolicy {
    /// No retries: every call makes exactly one attempt.
    pub fn disabled() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The full-jitter delay before the retry that follows failed attempt `attempt` (from 1).
    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        let cap = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        let cap_nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=cap_nanos))
    }
}

impl Default for RetryPolicy {
    /// 3 retries, 200 ms initial backoff, 10 s cap.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
        }
    }
}

/// Why a client could not be built.
#[derive(Debug)]
pub enum BuildError {
    /// The base URL is not an absolute `http`/`https` URL without credentials, query or fragment.
    InvalidBaseUrl(String),
    /// The user agent is not a valid header value.
    InvalidUserAgent,
    /// A credential cannot be sent (e.g. an API key header name or value that is not valid in a
    /// header); the message names the problem, never the value.
    InvalidCredentials(String),
    /// reqwest could not build its client.
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::InvalidBaseUrl(m) => write!(f, "invalid base URL: {m}"),
            BuildError::InvalidUserAgent => {
                f.write_str("the user agent is not a valid header value")
            }
            BuildError::InvalidCredentials(m) => write!(f, "invalid credentials: {m}"),
            BuildError::Http(e) => write!(f, "could not build the HTTP client: {e}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Http(e) => Some(e),
            _ => None,
        }
    }
}

/// Configures a client of type `C` (a generated client, or [`Transport`] itself). `Debug` shows
/// no secret.
pub struct ClientBuilder<C> {
    base_url: String,
    auth: Option<Auth>,
    signer: Option<Arc<dyn Signer>>,
    timeout: Duration,
    deadline: Duration,
    max_retry_after: Duration,
    validate: bool,
    max_response_size: u64,
    retry: RetryPolicy,
    user_agent: String,
    http: Option<reqwest::Client>,
    hook: Option<Arc<dyn Hook>>,
    pool_max_idle_per_host: Option<usize>,
    pool_idle_timeout: Option<Duration>,
    max_concurrent_requests: Option<usize>,
    client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("auth", &self.auth)
            .field("signer", &self.signer.as_ref().map(|_| "…"))
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("max_retry_after", &self.max_retry_after)
            .field("validate", &self.validate)
            .field("max_response_size", &self.max_response_size)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .field("http_client", &self.http.is_some())
            .field("hook", &self.hook.as_ref().map(|_| "…"))
            .field("pool_max_idle_per_host", &self.pool_max_idle_per_host)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("max_concurrent_requests", &self.max_concurrent_requests)
            .finish()
    }
}

impl<C: From<Transport>> ClientBuilder<C> {
    /// A builder for the API at `base_url` (e.g. `https://api.example.com/v1`), with no auth,
    /// [`DEFAULT_TIMEOUT`] per attempt, [`DEFAULT_DEADLINE`] per call, [`RetryPolicy::default`],
    /// [`DEFAULT_MAX_RETRY_AFTER`], validation on, and [`DEFAULT_USER_AGENT`].
    pub fn new(base_url: impl Into<String>) -> Self {
        ClientBuilder {
            base_url: base_url.into(),
            auth: None,
            signer: None,
            timeout: DEFAULT_TIMEOUT,
            deadline: DEFAULT_DEADLINE,
            max_retry_after: DEFAULT_MAX_RETRY_AFTER,
            validate: true,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            retry: RetryPolicy::default(),
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            http: None,
            hook: None,
            pool_max_idle_per_host: None,
            pool_idle_timeout: None,
            max_concurrent_requests: None,
            client: PhantomData,
        }
    }

    /// Sends the given credentials with every request (replacing any set before).
    #[must_use]
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = Some(auth);
        self
    }

    /// HTTP Basic authentication.
    #[must_use]
    pub fn basic_auth(self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.auth(Auth::Basic {
            username: username.into(),
            password: Secret::new(password),
        })
    }

    /// `Authorization: Bearer <token>`.
    #[must_use]
    pub fn bearer_auth(self, token: impl Into<String>) -> Self {
        self.auth(Auth::Bearer(Secret::new(token)))
    }

    /// An API key sent in a header, the query or a cookie named `name`.
    #[must_use]
    pub fn api_key(
        self,
        location: ApiKeyLocation,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        self.auth(Auth::ApiKey {
            location,
            name: name.into(),
            value: Secret::new(value),
        })
    }

    /// Signs every attempt of every request (after auth is applied).
    #[must_use]
    pub fn signer(mut self, signer: impl Signer) -> Self {
        self.signer = Some(Arc::new(signer));
        self
    }

    /// The timeout of each attempt, from connecting until the whole body is read.
    #[must_use]
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = d;
        self
    }

    /// The deadline of each whole call: every attempt, and every wait between attempts. No
    /// attempt runs and no wait lasts past it; a call that reaches it fails with
    /// [`RequestError::DeadlineExceeded`]. Default: [`DEFAULT_DEADLINE`].
    #[must_use]
    pub fn deadline(mut self, d: Duration) -> Self {
        self.deadline = d;
        self
    }

    /// The longest `Retry-After` the client waits for before a retry (default
    /// [`DEFAULT_MAX_RETRY_AFTER`]). A longer one stops the retries at once, and the operation's
    /// error says so ([`Error::NotRetried`]).
    #[must_use]
    pub fn max_retry_after(mut self, d: Duration) -> Self {
        self.max_retry_after = d;
        self
    }

    /// Whether arguments are checked against the API document's constraints before sending
    /// (default `true`). Turn it off when a transcribed constraint is stricter than the real
    /// server; a value that cannot be sent at all (a header value with a line break, a path
    /// parameter `..`) is still refused. Per call: [`Call::no_validation`].
    #[must_use]
    pub fn validation(mut self, on: bool) -> Self {
        self.validate = on;
        self
    }

    /// The largest response body accepted, in bytes (default [`DEFAULT_MAX_RESPONSE_SIZE`]).
    /// The body is read as it arrives and never buffered past the limit (a `Content-Length`
    /// over it is refused before reading); a larger one fails the call with
    /// [`RequestError::ResponseTooLarge`], which keeps status and headers. Per call:
    /// [`Call::max_response_size`].
    #[must_use]
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// The retry policy ([`RetryPolicy::disabled`] turns retries off).
    #[must_use]
    pub fn retry(mut self, p: RetryPolicy) -> Self {
        self.retry = p;
        self
    }

    /// The `User-Agent` header.
    #[must_use]
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = ua.into();
        self
    }

    /// Uses this reqwest client (its proxies, TLS roots, pool, …) instead of a default one. Its
    /// default headers apply where a request sets none; the per-attempt timeout still applies.
    #[must_use]
    pub fn http_client(mut self, c: reqwest::Client) -> Self {
        self.http = Some(c);
        self
    }

    /// Runs `hook` around every attempt of every call (see [`Hook`]).
    #[must_use]
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hook = Some(Arc::new(hook));
        self
    }

    /// At most this many idle connections kept open per host (default: reqwest's, unbounded).
    /// Applies to the client the builder makes, not to one given with
    /// [`http_client`](Self::http_client), which keeps its own pool settings.
    #[must_use]
    pub fn pool_max_idle_per_host(mut self, n: usize) -> Self {
        self.pool_max_idle_per_host = Some(n);
        self
    }

    /// How long an idle connection is kept (default: reqwest's, 90 s). Not for a client given
    /// with [`http_client`](Self::http_client).
    #[must_use]
    pub fn pool_idle_timeout(mut self, d: Duration) -> Self {
        self.pool_idle_timeout = Some(d);
        self
    }

    /// At most `n` attempts in flight at once over this client and its clones (default: no
    /// cap). An attempt waits for a free slot; the wait counts against the call's deadline.
    #[must_use]
    pub fn max_concurrent_requests(mut self, n: usize) -> Self {
        self.max_concurrent_requests = Some(n);
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<C, BuildError> {
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        let base = check_base_url(&base_url)?;
        let user_agent =
            HeaderValue::from_str(&self.user_agent).map_err(|_| BuildError::InvalidUserAgent)?;
        let auth = match &self.auth {
            Some(auth) => AuthParts::new(auth)?,
            None => AuthParts::None,
        };
        let http = match self.http {
            Some(c) => c,
            // Redirects are not followed: a documented 3xx reaches the caller as such (and
            // signature headers never travel to another host). A caller-supplied client keeps
            // its own policy.
            None => {
                let mut builder =
                    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
                if let Some(n) = self.pool_max_idle_per_host {
                    builder = builder.pool_max_idle_per_host(n);
                }
                if let Some(d) = self.pool_idle_timeout {
                    builder = builder.pool_idle_timeout(d);
                }
                builder.build().map_err(BuildError::Http)?
            }
        };
        let limiter = self
            .max_concurrent_requests
            .map(|n| Arc::new(tokio::sync::Semaphore::new(n)));
        Ok(C::from(Transport {
            inner: Arc::new(Inner {
                base_url,
                base,
                auth,
                auth_config: self.auth,
                signer: self.signer,
                timeout: self.timeout,
                deadline: self.deadline,
                max_retry_after: self.max_retry_after,
                validate: self.validate,
                max_response_size: self.max_response_size,
                retry: self.retry,
                user_agent,
                http,
                hook: self.hook,
                limiter,
            }),
        }))
    }
}

/// Parses and checks the base URL: the parsed URL is kept, so calls parse only their own path
/// and query, not the scheme and host again.
fn check_base_url(base_url: &str) -> Result<Url, BuildError> {
    let url = Url::parse(base_url)
        .map_err(|e| BuildError::InvalidBaseUrl(format!("`{base_url}` does not parse: {e}")))?;
    let problem = if url.scheme() != "http" && url.scheme() != "https" {
        Some("the scheme must be http or https")
    } else if url.host_str().is_none() {
        Some("it has no host")
    } else if !url.username().is_empty() || url.password().is_some() {
        Some("it must not contain credentials; use the builder's auth methods")
    } else if url.query().is_some() || url.fragment().is_some() {
        Some("it must not have a query or fragment")
    } else {
        None
    };
    match problem {
        // The URL is shown only when it holds no credentials.
        Some(p) if url.password().is_some() || !url.username().is_empty() => {
            Err(BuildError::InvalidBaseUrl(p.to_owned()))
        }
        Some(p) => Err(BuildError::InvalidBaseUrl(format!("`{base_url}`: {p}"))),
        None => Ok(url),
    }
}

/// Credentials turned into what is added to each attempt.
enum AuthParts {
    None,
    Header(HeaderName, HeaderValue),
    Query(String, Secret),
}

impl AuthParts {
    fn new(auth: &Auth) -> Result<Self, BuildError> {
        let (name, value) = match auth {
            Auth::Basic { username, password } => {
                use base64::Engine as _;
                let raw = format!("{username}:{}", password.expose());
                let encoded = base64::engine::general_purpose::STANDARD.encode(raw);
                (AUTHORIZATION, format!("Basic {encoded}"))
            }
            Auth::Bearer(token) => (AUTHORIZATION, format!("Bearer {}", token.expose())),
            Auth::ApiKey {
                location: ApiKeyLocation::Query,
                name,
                value,
            } => return Ok(AuthParts::Query(name.clone(), value.clone())),
            Auth::ApiKey {
                location: ApiKeyLocation::Header,
                name,
                value,
            } => {
                let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                    BuildError::InvalidCredentials(format!("`{name}` is not a valid header name"))
                })?;
                (name, value.expose().to_owned())
            }
            Auth::ApiKey {
                location: ApiKeyLocation::Cookie,
                name,
                value,
            } => (COOKIE, format!("{name}={}", value.expose())),
        };
        let mut value = HeaderValue::from_str(&value).map_err(|_| {
            BuildError::InvalidCredentials(format!(
                "the credential for `{name}` is not a valid header value"
            ))
        })?;
        value.set_sensitive(true);
        Ok(AuthParts::Header(name, value))
    }
}

struct Inner {
    base_url: String,
    /// `base_url` parsed (at build time, once); each call's path is appended to its path.
    base: Url,
    auth: AuthParts,
    auth_config: Option<Auth>,
    signer: Option<Arc<dyn Signer>>,
    timeout: Duration,
    deadline: Duration,
    max_retry_after: Duration,
    validate: bool,
    max_response_size: u64,
    retry: RetryPolicy,
    user_agent: HeaderValue,
    http: reqwest::Client,
    hook: Option<Arc<dyn Hook>>,
    limiter: Option<Arc<tokio::sync::Semaphore>>,
}

/// A configured client: base URL, credentials, signer, timeout, retry policy and a reqwest
/// client. Cheap to clone (one `Arc`). `Debug` shows no secret.
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Inner>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Transport")
            .field("base_url", &inner.base_url)
            .field("auth", &inner.auth_config)
            .field("signer", &inner.signer.as_ref().map(|_| "…"))
            .field("timeout", &inner.timeout)
            .field("deadline", &inner.deadline)
            .field("max_retry_after", &inner.max_retry_after)
            .field("validate", &inner.validate)
            .field("max_response_size", &inner.max_response_size)
            .field("retry", &inner.retry)
            .field("user_agent", &inner.user_agent)
            .field("hook", &inner.hook.as_ref().map(|_| "…"))
            .field(
                "max_concurrent_requests",
                &inner.limiter.as_ref().map(|_| "…"),
            )
            .finish()
    }
}

/// What one attempt ended with.
type AttemptOutcome = Result<RawResponse, reqwest::Error>;

impl Transport {
    /// A builder for a bare transport (generated clients use `ClientBuilder<Client>`).
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder<Transport> {
        ClientBuilder::new(base_url)
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The per-attempt timeout.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The deadline of a whole call.
    pub fn deadline(&self) -> Duration {
        self.inner.deadline
    }

    /// Sends the request, retrying as the [`RetryPolicy`] allows within the deadline, and
    /// returns the last response whatever its status; only a request that got no response at
    /// all is an error. (Why a retryable response was not retried is known only to
    /// [`Transport::call`], which reports it as [`Error::NotRetried`].)
    pub async fn send(&self, req: RequestBuilder) -> Result<RawResponse, RequestError> {
        self.send_call(req).await.map(|sent| sent.response)
    }

    /// Sends the request as [`send`](Self::send) does and reads the response with `read`.
    ///
    /// Every generated operation ends here: it builds its request when called and returns this
    /// future with a plain function that reads each documented status. (One shared, named
    /// future instead of an `async fn` per operation keeps large clients quick to compile.)
    /// The returned [`Call`] takes per-call options until it is first polled.
    pub fn call<T, E>(
        &self,
        req: RequestBuilder,
        read: fn(RawResponse) -> Result<T, Error<E>>,
    ) -> Call<'_, T, E> {
        Call {
            transport: self,
            req,
            send: None,
            read,
            streamed: None,
        }
    }

    /// Like [`call`](Self::call), for an operation whose success body is binary: a response
    /// whose status passes `streamed` (the operation's binary successes) is answered with its
    /// body unread, as a [`ByteStream`] beside status and headers (see [`crate::body`] for its
    /// limits); any other response is read by `read` as usual.
    pub fn call_stream<E>(
        &self,
        mut req: RequestBuilder,
        streamed: fn(u16) -> bool,
        read: fn(RawResponse) -> Result<Response<ByteStream>, Error<E>>,
    ) -> Call<'_, Response<ByteStream>, E> {
        req.stream_statuses = Some(streamed);
        Call {
            transport: self,
            req,
            send: None,
            read,
            streamed: Some(|response| response),
        }
    }

    async fn send_call(&self, req: RequestBuilder) -> Result<Sent, RequestError> {
        let call = self.prepare(req)?;
        self.run(Box::new(call)).await
    }

    /// Everything before the first attempt that needs no waiting: the problems that fail a call
    /// before any I/O, the URL, the headers, the call's settings and its span. Done before the
    /// call's future is boxed, so the box holds only what the attempts need.
    fn prepare(&self, mut req: RequestBuilder) -> Result<PreparedCall, RequestError> {
        if let Some(e) = req.deferred.take() {
            return Err(*e);
        }
        let options = req.options.take().map(|o| *o).unwrap_or_default();
        if options.validate.unwrap_or(self.inner.validate) {
            if let Some(e) = req.validation.take() {
                return Err(*e);
            }
        }
        let url = self.url(&req.path, &req.query)?;
        let span = tracing::debug_span!(
            "http_request",
            operation = req.operation_id,
            method = %req.method,
            path = url.path(),
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let mut headers = req.headers;
        let mut keyed = req.idempotency_key;
        if let Some(key) = options.idempotency_key {
            let name = req
                .idempotency_header
                .clone()
                .unwrap_or(HeaderName::from_static("idempotency-key"));
            headers.insert(name, key);
            keyed = true;
        } else if let (false, Some(name)) = (keyed, &req.idempotency_header) {
            // Made once: every attempt of this call carries the same key.
            headers.insert(name.clone(), uuid_v4());
            keyed = true;
        }
        for (name, value) in options.headers {
            headers.insert(name, value);
        }
        let settings = Settings {
            timeout: options.timeout.unwrap_or(self.inner.timeout),
            deadline: options.deadline.unwrap_or(self.inner.deadline),
            max_retry_after: self.inner.max_retry_after,
            max_response_size: options
                .max_response_size
                .unwrap_or(self.inner.max_response_size),
            retry: options.retry.unwrap_or(self.inner.retry),
        };
        let streamed = req.stream_body.is_some() || req.stream_statuses.is_some();
        let streams = streamed.then(|| {
            Box::new(Streams {
                sends_body: req.stream_body.is_some(),
                body: std::sync::Mutex::new(req.stream_body),
                statuses: req.stream_statuses,
                response: std::sync::Mutex::new(None),
            })
        });
        let prepared = Prepared {
            operation: req.operation_id,
            url,
            retryable: keyed || is_idempotent(&req.method),
            method: req.method,
            headers: self.base_headers(headers, req.body.as_ref()),
            body: req.body.map(|b| b.bytes).unwrap_or_default(),
            streams,
        };
        Ok(PreparedCall {
            prepared,
            settings,
            span,
        })
    }

    /// The attempts of a prepared call, inside its span.
    #[allow(clippy::manual_async_fn)] // deliberate: see the comment inside
    fn run(
        &self,
        call: Box<PreparedCall>,
    ) -> impl Future<Output = Result<Sent, RequestError>> + '_ {
        // Every call allocates this future: it is kept under 1 kB, which glibc's allocator serves
        // from its per-thread cache (larger blocks take its slow path, measurably per call). So
        // the prepared call is boxed apart, and this is an `async` block, not an `async fn` (which
        // would keep its argument and a moved copy of it).
        async move {
            let attempts = self.send_prepared(&call.prepared, &call.settings, &call.span);
            // Without a subscriber that wants the span, the attempts run unwrapped: entering a
            // disabled span does nothing, and the wrapper is one more move of a large future.
            let mut sent = if call.span.is_disabled() {
                attempts.await?
            } else {
                attempts.instrument(call.span.clone()).await?
            };
            // A binary success read as a stream: its response was kept unread.
            let PreparedCall {
                prepared, settings, ..
            } = *call;
            if let Some(response) = prepared.streams.and_then(|s| s.into_response()) {
                sent.stream = Some(ByteStream::new(response, settings.max_response_size));
            }
            Ok(sent)
        }
    }

    async fn send_prepared(
        &self,
        req: &Prepared,
        settings: &Settings,
        span: &tracing::Span,
    ) -> Result<Sent, RequestError> {
        let started = tokio::time::Instant::now();
        // A deadline too far to represent (`Duration::MAX`) is as good as none.
        let end = started
            .checked_add(settings.deadline)
            .unwrap_or_else(|| started + Duration::from_secs(100 * 365 * 86_400));
        // One clock read per attempt (and one after each wait), shared by the deadline and the
        // span's latency.
        let mut now = started;
        let mut attempt: u32 = 0;
        loop {
            attempt = attempt.saturating_add(1);
            span.record("attempts", attempt);
            let remaining = end.saturating_duration_since(now);
            // reqwest's own per-request timer enforces the deadline when the attempt is only the
            // request (no second timer: it is measurable per call); a hook or a concurrency
            // slot may wait too, so then the whole attempt is bounded.
            let attempt_timeout = settings.timeout.min(remaining);
            let cut_by_deadline = attempt_timeout < settings.timeout;
            let deadline_exceeded = || RequestError::DeadlineExceeded {
                deadline: settings.deadline,
                attempts: attempt,
            };
            let outcome = if self.inner.hook.is_some() || self.inner.limiter.is_some() {
                // Boxed: the common path's future (the one every call allocates) does not carry
                // a second attempt and a timer.
                let bounded: Pin<Box<dyn Future<Output = _> + Send + '_>> =
                    Box::pin(tokio::time::timeout(
                        remaining,
                        self.attempt(req, settings, attempt, attempt_timeout),
                    ));
                bounded.await.unwrap_or_else(|_| Err(deadline_exceeded()))
            } else {
                match self.attempt(req, settings, attempt, attempt_timeout).await {
                    Ok(Err(e)) if cut_by_deadline && e.is_timeout() => Err(deadline_exceeded()),
                    other => other,
                }
            };
            now = tokio::time::Instant::now();
            span.record("latency_ms", millis(now.saturating_duration_since(started)));
            let outcome = match outcome {
                Ok(outcome) => outcome,
                Err(e) => {
                    tracing::debug!(attempt, error = %e, "call failed");
                    return Err(e);
                }
            };
            if let Ok(r) = &outcome {
                span.record("status", r.status.as_u16());
            }
            match &outcome {
                Ok(r) => tracing::debug!(attempt, status = r.status.as_u16(), "response"),
                Err(e) => tracing::debug!(attempt, error = error_kind(e), "no response"),
            }
            let remaining = end.saturating_duration_since(now);
            let replayable = req.streams.as_ref().is_none_or(|s| !s.sends_body);
            match next_step(
                settings,
                req.retryable,
                replayable,
                attempt,
                &outcome,
                remaining,
            ) {
                Step::Retry(delay) => {
                    tracing::debug!(attempt, delay_ms = millis(delay), "retrying");
                    tokio::time::sleep(delay).await;
                    now = tokio::time::Instant::now();
                }
                Step::Stop(stopped) => {
                    if let Some(reason) = &stopped {
                        tracing::debug!(attempt, reason = reason.as_str(), "not retried");
                    }
                    return match outcome {
                        Ok(response) => Ok(Sent {
                            response,
                            stopped,
                            stream: None,
                        }),
                        Err(e) => Err(self.request_error(e)),
                    };
                }
            }
        }
    }

    /// One attempt: a slot (when concurrency is capped), the hook's `before_send`, the request,
    /// the response read up to the size limit, the hook's `after_attempt`.
    async fn attempt(
        &self,
        req: &Prepared,
        settings: &Settings,
        attempt: u32,
        timeout: Duration,
    ) -> Result<AttemptOutcome, RequestError> {
        let inner = &*self.inner;
        let _slot = match &inner.limiter {
            // The semaphore is never closed, so `acquire` does not fail.
            Some(limiter) => limiter.acquire().await.ok(),
            None => None,
        };
        let mut headers = req.headers.clone();
        if let Some(hook) = &inner.hook {
            let mut request = AttemptRequest {
                operation: req.operation,
                attempt,
                method: &req.method,
                url: &req.url,
                headers: &mut headers,
            };
            hook.before_send(&mut request)
                .await
                .map_err(RequestError::Hook)?;
        }
        let request = self.attempt_request(req, headers, timeout)?;
        // The clock is read for the hook alone.
        let sent = inner.hook.as_ref().map(|_| std::time::Instant::now());
        // The request goes to reqwest here, so the futures that wait keep only its small
        // pending future, not the request.
        let pending = inner.http.execute(request);
        let outcome = self
            .execute(pending, settings.max_response_size, req.streams.as_deref())
            .await?;
        if let Some(hook) = &inner.hook {
            let response = outcome.as_ref().ok();
            let result = AttemptResult {
                operation: req.operation,
                attempt,
                method: &req.method,
                status: response.map(|r| r.status),
                headers: response.map(|r| &r.headers),
                latency: sent.map(|t| t.elapsed()).unwrap_or_default(),
            };
            hook.after_attempt(&result).await;
        }
        Ok(outcome)
    }

    /// Builds one attempt: the headers (with auth), the body, the timeout, then the signature.
    fn attempt_request(
        &self,
        req: &Prepared,
        mut headers: HeaderMap,
        timeout: Duration,
    ) -> Result<reqwest::Request, RequestError> {
        let inner = &*self.inner;
        if let Some(signer) = &inner.signer {
            signer.sign(&mut SignableRequest {
                method: &req.method,
                path_and_query: &path_and_query(&req.url),
                headers: &mut headers,
                body: &req.body,
            })?;
        }
        let streamed_body = match &req.streams {
            Some(streams) if streams.sends_body => Some(streams.take_body(inner.signer.is_some())?),
            _ => None,
        };
        let mut request = reqwest::Request::new(req.method.clone(), req.url.clone());
        *request.headers_mut() = headers;
        *request.timeout_mut() = Some(timeout);
        if let Some(body) = streamed_body {
            *request.body_mut() = Some(body);
        } else if !req.body.is_empty() {
            *request.body_mut() = Some(reqwest::Body::from(req.body.clone()));
        }
        Ok(request)
    }

    /// One attempt's response (`pending`, reqwest's future of it) with its body read chunk by
    /// chunk up to `limit` bytes. A body over the limit is an error that is not retried (the
    /// outer `Err`).
    async fn execute(
        &self,
        pending: impl Future<Output = Result<reqwest::Response, reqwest::Error>>,
        limit: u64,
        streams: Option<&Streams>,
    ) -> Result<AttemptOutcome, RequestError> {
        let mut response = match pending.await {
            Ok(r) => r,
            Err(e) => return Ok(Err(e)),
        };
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let too_large = |headers| {
            RequestError::ResponseTooLarge(Box::new(OversizedResponse {
                status,
                headers,
                limit,
            }))
        };
        if response.content_length().is_some_and(|n| n > limit) {
            return Err(too_large(headers));
        }
        // A binary success the caller reads as a stream: kept unread (with its headers).
        if let Some(s) = streams.filter(|s| s.statuses.is_some_and(|f| f(status.as_u16()))) {
            *response.headers_mut() = headers.clone();
            s.keep_response(response);
            return Ok(Ok(RawResponse {
                status,
                headers,
                body: Bytes::new(),
            }));
        }
        // Most bodies arrive in one chunk, kept as it is (no copy, no allocation); more are
        // gathered and joined at the end.
        let mut first: Option<Bytes> = None;
        let mut more: Vec<Bytes> = Vec::new();
        let mut len: u64 = 0;
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    len = len.saturating_add(chunk.len() as u64);
                    if len > limit {
                        return Err(too_large(headers));
                    }
                    if first.is_none() {
                        first = Some(chunk);
                    } else {
                        more.push(chunk);
                    }
                }
                Ok(None) => break,
                Err(e) => return Ok(Err(e)),
            }
        }
        let body = match first {
            None => Bytes::new(),
            Some(only) if more.is_empty() => only,
            Some(first) => {
                let mut joined = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
                joined.extend_from_slice(&first);
                for chunk in &more {
                    joined.extend_from_slice(chunk);
                }
                Bytes::from(joined)
            }
        };
        Ok(Ok(RawResponse {
            status,
            headers,
            body,
        }))
    }

    /// base URL + path + query (with an API key in the query, if that is the auth).
    ///
    /// The base URL was parsed once, at build time: a call sets only its path and query on a
    /// copy of it (the same URL a parse of the joined text gives, without parsing the scheme
    /// and host again: that parse was a tenth of a call's instructions).
    fn url(&self, path: &str, query: &[(&'static str, String)]) -> Result<Url, RequestError> {
        let inner = &*self.inner;
        // The base path without its trailing `/` (empty for a bare host).
        let base_path = inner.base.path().trim_end_matches('/');
        let mut full = String::with_capacity(base_path.len() + path.len());
        full.push_str(base_path);
        full.push_str(path);
        let mut url = inner.base.clone();
        url.set_path(&full);
        let mut pairs: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
        if let AuthParts::Query(name, value) = &inner.auth {
            pairs.push((name, value.expose()));
        }
        if !pairs.is_empty() {
            // Never show the query in the error: it may hold an API key.
            let encoded = serde_urlencoded::to_string(&pairs)
                .map_err(|e| RequestError::Encode(format!("query: {e}")))?;
            url.set_query(Some(&encoded));
        }
        Ok(url)
    }

    /// Accept, User-Agent and the body's Content-Type, where the operation set none of its own
    /// (an operation's `Accept` wins), then the credentials (over any header of the same name):
    /// added to the operation's map once per call, no second map.
    fn base_headers(&self, mut headers: HeaderMap, body: Option<&Body>) -> HeaderMap {
        headers
            .entry(ACCEPT)
            .or_insert_with(|| HeaderValue::from_static("application/json"));
        headers
            .entry(USER_AGENT)
            .or_insert_with(|| self.inner.user_agent.clone());
        if let Some(body) = body {
            headers
                .entry(CONTENT_TYPE)
                .or_insert_with(|| body.content_type.clone());
        }
        if let AuthParts::Header(name, value) = &self.inner.auth {
            headers.insert(name.clone(), value.clone());
        }
        headers
    }

    fn request_error(&self, e: reqwest::Error) -> RequestError {
        // reqwest errors print their URL; drop it when the query carries an API key.
        let e = match self.inner.auth {
            AuthParts::Query(..) => e.without_url(),
            _ => e,
        };
        RequestError::from_reqwest(e)
    }
}

/// A call's settings: the client's, overridden by the call's options.
struct Settings {
    timeout: Duration,
    deadline: Duration,
    max_retry_after: Duration,
    max_response_size: u64,
    retry: RetryPolicy,
}

/// What a call ended with: the last response, and why it was not retried when it could have
/// been (a `Retry-After` over the cap, a wait past the deadline).
struct Sent {
    response: RawResponse,
    stopped: Option<String>,
    /// The body of a response kept unread for a [`ByteStream`].
    stream: Option<ByteStream>,
}

/// A call's streamed parts: a request body sent once, and the statuses whose response bodies
/// are handed over unread (with the one kept, if any).
struct Streams {
    /// Whether the request body is a stream (sent once only, by the first attempt).
    sends_body: bool,
    body: std::sync::Mutex<Option<reqwest::Body>>,
    statuses: Option<fn(u16) -> bool>,
    response: std::sync::Mutex<Option<reqwest::Response>>,
}

impl Streams {
    /// The streamed request body, for the one attempt that sends it.
    fn take_body(&self, signed: bool) -> Result<reqwest::Body, RequestError> {
        if signed {
            return Err(RequestError::Encode(
                "a streamed request body cannot be signed (its bytes are not known in advance); \
                 give its files as bytes"
                    .into(),
            ));
        }
        let taken = self.body.lock().ok().and_then(|mut b| b.take());
        taken.ok_or_else(|| RequestError::Encode("a streamed request body was already sent".into()))
    }

    fn keep_response(&self, response: reqwest::Response) {
        if let Ok(mut slot) = self.response.lock() {
            *slot = Some(response);
        }
    }

    fn into_response(self) -> Option<reqwest::Response> {
        self.response.into_inner().ok().flatten()
    }
}

/// A random UUID v4 (from `fastrand`: unique, not secret), for an idempotency key.
fn uuid_v4() -> HeaderValue {
    let mut b = fastrand::u128(..).to_be_bytes();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut s = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        s.push_str(&format!("{byte:02x}"));
    }
    HeaderValue::from_str(&s).unwrap_or(HeaderValue::from_static(
        "00000000-0000-4000-8000-000000000000",
    ))
}

/// A call ready for its attempts: the request, its settings and its `tracing` span.
struct PreparedCall {
    prepared: Prepared,
    settings: Settings,
    span: tracing::Span,
}

/// A request ready for its attempts.
struct Prepared {
    operation: &'static str,
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: Bytes,
    retryable: bool,
    /// Streamed request body and response statuses, if the call has any (boxed: rare, and
    /// large beside the rest).
    streams: Option<Box<Streams>>,
}

fn path_and_query(url: &Url) -> String {
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    }
}

fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ]
    .contains(method)
}

fn is_retryable_status(status: StatusCode) -> bool {
    status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
        || status.is_server_error()
}

fn is_retryable_error(e: &reqwest::Error) -> bool {
    e.is_connect() || e.is_timeout() || e.is_request() || e.is_body() || e.is_decode()
}

fn error_kind(e: &reqwest::Error) -> &'static str {
    if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connect"
    } else if e.is_body() || e.is_decode() {
        "body"
    } else if e.is_request() {
        "request"
    } else {
        "other"
    }
}

/// After an attempt: wait this long and retry, or stop (with the reason when the outcome was
/// retryable and retries were left, so stopping is not what the policy alone would do).
enum Step {
    Retry(Duration),
    Stop(Option<String>),
}

fn next_step(
    settings: &Settings,
    retryable_request: bool,
    replayable_body: bool,
    attempt: u32,
    outcome: &AttemptOutcome,
    remaining: Duration,
) -> Step {
    let retry_after = match outcome {
        Ok(r) if is_retryable_status(r.status) => r
            .headers
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, SystemTime::now())),
        Err(e) if is_retryable_error(e) => None,
        _ => return Step::Stop(None),
    };
    if !retryable_request || attempt > settings.retry.max_retries {
        return Step::Stop(None);
    }
    if !replayable_body {
        return Step::Stop(Some(
            "the request body was streamed from a reader and cannot be sent again".into(),
        ));
    }
    let delay = match retry_after {
        Some(d) if d > settings.max_retry_after => {
            return Step::Stop(Some(format!(
                "Retry-After {} exceeds the cap of {} (max_retry_after)",
                seconds(d),
                seconds(settings.max_retry_after)
            )))
        }
        Some(d) => d,
        None => settings.retry.backoff(attempt),
    };
    if delay >= remaining {
        let what = if retry_after.is_some() {
            "Retry-After"
        } else {
            "the retry backoff"
        };
        return Step::Stop(Some(format!(
            "{what} {} exceeds the remaining deadline {} (of {})",
            seconds(delay),
            seconds(remaining),
            seconds(settings.deadline)
        )));
    }
    Step::Retry(delay)
}

/// Whole milliseconds, for logs.
fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// `30 s`, `1.25 s`: a duration for a message.
fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.3} s", d.as_secs_f64())
    }
}

/// Parses a `Retry-After` value: delta-seconds (`120`) or an HTTP-date in IMF-fixdate form
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), as a delay from `now` (zero for a date in the past).
/// `None` for anything else.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // All digits: a number too large for u64 is as good as forever.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = parse_http_date(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// IMF-fixdate, the HTTP-date form servers must send: `Sun, 06 Nov 1994 08:49:37 GMT`.
fn parse_http_date(s: &str) -> Option<SystemTime> {
    let (_weekday, rest) = s.split_once(", ")?;
    let mut parts = rest.split(' ');
    let day: u32 = parse_digits(parts.next()?, 2)?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: u32 = parse_digits(parts.next()?, 4)?;
    let mut time = parts.next()?.split(':');
    let hour: u32 = parse_digits(time.next()?, 2)?;
    let minute: u32 = parse_digits(time.next()?, 2)?;
    let second: u32 = parse_digits(time.next()?, 2)?;
    if parts.next()? != "GMT" || parts.next().is_some() || time.next().is_some() {
        return None;
    }
    if !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = days_from_civil(i64::from(year), month, day);
    let secs = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    match u64::try_from(secs) {
        Ok(secs) => UNIX_EPOCH.checked_add(Duration::from_secs(secs)),
        Err(_) => Some(UNIX_EPOCH),
    }
}

fn parse_digits(s: &str, len: usize) -> Option<u32> {
    if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// Days from 1970-01-01 to the given proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(month) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A serialised body and its media type.
struct Body {
    content_type: HeaderValue,
    bytes: Bytes,
}

/// The future a generated operation returns: sending (with retries), then reading the
/// response into the operation's types. Nothing is sent until it is awaited.
///
/// Before it is awaited, options for this call only can be set over the client's defaults (in a
/// generated crate; `tests/calls.rs` runs each of them):
///
/// ```text
/// let customer = client
///     .create_customer(&body)
///     .timeout(Duration::from_secs(5))     // per attempt
///     .deadline(Duration::from_secs(20))   // the whole call, retries and waits included
///     .retries(1)
///     .idempotency_key("order-1234")
///     .header("x-request-id", "r-1")
///     .await?;
/// ```
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Call<'a, T, E> {
    transport: &'a Transport,
    req: RequestBuilder,
    send: Option<SendFuture<'a>>,
    read: fn(RawResponse) -> Result<T, Error<E>>,
    /// For an operation with a streamed success body: the answer made of it.
    streamed: Option<fn(Response<ByteStream>) -> T>,
}

impl<T, E> Call<'_, T, E> {
    /// The timeout of each attempt of this call (the client's `timeout` otherwise).
    pub fn timeout(mut self, d: Duration) -> Self {
        self.req.options_mut().timeout = Some(d);
        self
    }

    /// The deadline of this whole call, attempts and waits included (the client's otherwise).
    pub fn deadline(mut self, d: Duration) -> Self {
        self.req.options_mut().deadline = Some(d);
        self
    }

    /// At most `max_retries` retries for this call, with the rest of the retry policy in force.
    pub fn retries(mut self, max_retries: u32) -> Self {
        let base = self
            .req
            .options
            .as_ref()
            .and_then(|o| o.retry)
            .unwrap_or(self.transport.inner.retry);
        self.req.options_mut().retry = Some(RetryPolicy {
            max_retries,
            ..base
        });
        self
    }

    /// The retry policy of this call.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.req.options_mut().retry = Some(policy);
        self
    }

    /// Sends `key` as this call's idempotency key — in the operation's idempotency header where
    /// the API document declares one, in `Idempotency-Key` otherwise — the same on every
    /// attempt; this makes a `POST` or `PATCH` retryable. A key that is not a valid header value
    /// fails the call with [`Error::InvalidArgument`] before any I/O.
    pub fn idempotency_key(mut self, key: impl AsRef<str>) -> Self {
        match HeaderValue::from_str(key.as_ref()) {
            Ok(value) => self.req.options_mut().idempotency_key = Some(value),
            Err(_) => self
                .req
                .invalid("idempotency key", "not a valid header value"),
        }
        self
    }

    /// Adds a header to every attempt of this call (replacing one of the same name that the
    /// operation set). A name or value that is not valid in a header fails the call with
    /// [`Error::InvalidArgument`] before any I/O.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        let name = HeaderName::from_bytes(name.as_ref().as_bytes());
        let value = HeaderValue::from_str(value.as_ref());
        match (name, value) {
            (Ok(name), Ok(value)) => self.req.options_mut().headers.push((name, value)),
            (Err(_), _) => self.req.invalid("header", "not a valid header name"),
            (_, Err(_)) => self.req.invalid("header", "not a valid header value"),
        }
        self
    }

    /// The largest response body accepted for this call, in bytes (the client's otherwise).
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.req.options_mut().max_response_size = Some(bytes);
        self
    }

    /// Sends the arguments without checking them against the API document's constraints (for
    /// a transcribed constraint stricter than the real server). Values that cannot be sent at
    /// all are still refused.
    pub fn no_validation(mut self) -> Self {
        self.req.options_mut().validate = Some(false);
        self
    }
}

impl<T, E> Future for Call<'_, T, E> {
    type Output = Result<T, Error<E>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Every field is `Unpin`: the request moves into the boxed send future on first poll.
        let this = self.get_mut();
        let send = match &mut this.send {
            Some(send) => send,
            None => {
                let req = std::mem::replace(&mut this.req, RequestBuilder::new(Method::GET, ""));
                // A call that fails before any I/O allocates no future.
                match this.transport.prepare(req) {
                    Ok(call) => this
                        .send
                        .insert(Box::pin(this.transport.run(Box::new(call)))),
                    Err(e) => return Poll::Ready(Err(e.into())),
                }
            }
        };
        match send.as_mut().poll(cx) {
            Poll::Ready(Ok(Sent {
                response,
                stream: Some(body),
                ..
            })) => match this.streamed {
                Some(streamed) => Poll::Ready(Ok(streamed(Response::new(
                    response.status,
                    response.headers,
                    body,
                )))),
                None => Poll::Ready((this.read)(response)),
            },
            Poll::Ready(Ok(Sent {
                response,
                stopped: None,
                ..
            })) => Poll::Ready((this.read)(response)),
            Poll::Ready(Ok(Sent {
                response,
                stopped: Some(reason),
                ..
            })) => Poll::Ready((this.read)(response).map_err(|error| Error::NotRetried {
                reason,
                error: Box::new(error),
            })),
            Poll::Ready(Err(e)) => Poll::Ready(Err(e.into())),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<T, E> fmt::Debug for Call<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("request", &self.req)
            .field("started", &self.send.is_some())
            .finish_non_exhaustive()
    }
}

/// The sending half of a started [`Call`].
type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<Sent, RequestError>> + Send + 'a>>;

/// Options of one call, set on its [`Call`] ([`None`]: the client's).
#[derive(Default)]
struct CallOptions {
    timeout: Option<Duration>,
    deadline: Option<Duration>,
    retry: Option<RetryPolicy>,
    idempotency_key: Option<HeaderValue>,
    headers: Vec<(HeaderName, HeaderValue)>,
    validate: Option<bool>,
    max_response_size: Option<u64>,
}

/// One operation's request: method, path, query, headers and body, filled in by generated code
/// and sent with [`Transport::send`].
///
/// Its methods do not fail: the first problem found while filling it in (an argument that breaks
/// its documented constraints, a header value with a line break, a path parameter that cannot
/// be sent, a body that cannot be encoded) is kept, and `send` returns it before any I/O.
pub struct RequestBuilder {
    method: Method,
    operation_id: &'static str,
    path: String,
    query: Vec<(&'static str, String)>,
    headers: HeaderMap,
    body: Option<Body>,
    stream_body: Option<reqwest::Body>,
    stream_statuses: Option<fn(u16) -> bool>,
    idempotency_key: bool,
    idempotency_header: Option<HeaderName>,
    // The rare parts are boxed: this struct is moved several times per call, and its size is
    // cache lines written each time.
    deferred: Option<Box<RequestError>>,
    validation: Option<Box<RequestError>>,
    options: Option<Box<CallOptions>>,
}

impl fmt::Debug for RequestBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header and query values may be personal data: only names are shown.
        f.debug_struct("RequestBuilder")
            .field("method", &self.method)
            .field("operation_id", &self.operation_id)
            .field("path", &self.path)
            .field(
                "query",
                &self.query.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            )
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body.as_ref().map(|b| b.bytes.len()))
            .field("streamed_body", &self.stream_body.is_some())
            .finish()
    }
}

impl RequestBuilder {
    /// A request for the operation `operation_id` (used in `tracing` spans).
    pub fn new(method: reqwest::Method, operation_id: &'static str) -> Self {
        RequestBuilder {
            method,
            operation_id,
            path: String::new(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            stream_body: None,
            stream_statuses: None,
            idempotency_key: false,
            idempotency_header: None,
            deferred: None,
            validation: None,
            options: None,
        }
    }

    /// Appends a literal piece of the path template, as written (e.g. `/v1/customers/`).
    pub fn path(&mut self, literal: &'static str) {
        self.path.push_str(literal);
    }

    /// Appends a path parameter as one percent-encoded segment: everything outside RFC 3986
    /// "unreserved" is encoded, so `../admin` is sent as `..%2Fadmin`.
    ///
    /// A value that is empty, `.` or `..` cannot be sent as a segment — URL parsers (including
    /// reqwest's) resolve `.`/`%2E` and `..`/`%2E%2E` as dot segments, which would change the
    /// path — so `send` then fails with [`RequestError::InvalidArgument`] before any I/O.
    pub fn path_param(&mut self, value: &dyn Display) {
        let raw = value.to_string();
        if raw.is_empty() || raw == "." || raw == ".." {
            let message = format!(
                "path parameter after `{}` is `{raw}`, which cannot be sent as a path segment",
                self.path
            );
            self.invalid("", message);
        }
        self.path.extend(utf8_percent_encode(&raw, PATH_SEGMENT));
    }

    /// Adds `name=value` to the query.
    pub fn query(&mut self, name: &'static str, value: &dyn Display) {
        self.query.push((name, value.to_string()));
    }

    /// Adds `name=value` to the query when `value` is present.
    pub fn query_opt(&mut self, name: &'static str, value: Option<&dyn Display>) {
        if let Some(value) = value {
            self.query(name, value);
        }
    }

    /// Adds `name=v` for every value (`form` style, `explode: true`: `a=1&a=2`).
    pub fn query_list(&mut self, name: &'static str, values: &[&dyn Display]) {
        for value in values {
            self.query(name, *value);
        }
    }

    /// Sets a header parameter. A name or value that is not valid in a header (e.g. one with a
    /// line break) makes `send` fail with [`RequestError::InvalidArgument`].
    pub fn header(&mut self, name: &'static str, value: &dyn Display) {
        let Ok(header) = HeaderName::from_bytes(name.as_bytes()) else {
            return self.invalid(name, "not a valid header name");
        };
        let Ok(value) = HeaderValue::from_str(&value.to_string()) else {
            return self.invalid(name, "not a valid header value");
        };
        self.headers.insert(header, value);
    }

    /// Adds a cookie parameter (`name=value`, joined with `; ` into one `Cookie` header).
    pub fn cookie(&mut self, name: &'static str, value: &dyn Display) {
        let pair = format!("{name}={value}");
        let joined = match self
            .headers
            .get(reqwest::header::COOKIE)
            .and_then(|v| v.to_str().ok())
        {
            Some(existing) => format!("{existing}; {pair}"),
            None => pair,
        };
        let Ok(value) = HeaderValue::from_str(&joined) else {
            return self.invalid(name, "not a valid cookie value");
        };
        self.headers.insert(reqwest::header::COOKIE, value);
    }

    /// Sets the idempotency-key header; this makes a `POST` or `PATCH` retryable, with the same
    /// key on every attempt.
    pub fn idempotency_key(&mut self, header: &'static str, key: &dyn Display) {
        self.idempotency_header(header);
        self.header(header, key);
        self.idempotency_key = true;
    }

    /// Declares the operation's idempotency header. When no key is given (neither by
    /// [`idempotency_key`](Self::idempotency_key) nor by [`Call::idempotency_key`]), a random
    /// UUID v4 is made once and sent on every attempt of the call, which makes it retryable.
    pub fn idempotency_header(&mut self, header: &'static str) {
        match HeaderName::from_bytes(header.as_bytes()) {
            Ok(name) => self.idempotency_header = Some(name),
            Err(_) => self.invalid(header, "not a valid header name"),
        }
    }

    /// Serialises `body` as compact JSON (`Content-Type: application/json`); a body that
    /// cannot be serialised makes `send` fail with [`RequestError::Encode`].
    pub fn json<T: Serialize + ?Sized>(&mut self, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.set_body(HeaderValue::from_static("application/json"), bytes),
            Err(e) => self.defer(RequestError::Encode(e.to_string())),
        }
    }

    /// Serialises `body` as `application/x-www-form-urlencoded`; a body that cannot be
    /// serialised makes `send` fail with [`RequestError::Encode`].
    pub fn form<T: Serialize + ?Sized>(&mut self, body: &T) {
        match serde_urlencoded::to_string(body) {
            Ok(text) => self.set_body(
                HeaderValue::from_static("application/x-www-form-urlencoded"),
                text.into_bytes(),
            ),
            Err(e) => self.defer(RequestError::Encode(e.to_string())),
        }
    }

    /// Sends `body` as it is, with the given media type.
    pub fn bytes(&mut self, content_type: &'static str, body: Vec<u8>) {
        match HeaderValue::from_str(content_type) {
            Ok(ct) => self.set_body(ct, body),
            Err(_) => self.defer(RequestError::Encode(format!(
                "`{content_type}` is not a valid Content-Type"
            ))),
        }
    }

    /// Sends `form` as a `multipart/form-data` body. A body with a file read from a reader is
    /// streamed: not retried, and refused by a client with a signer (see [`crate::body`]).
    pub fn multipart(&mut self, mut form: Multipart) {
        if let Some(problem) = form.take_problem() {
            return self.defer(RequestError::Encode(problem));
        }
        let Ok(content_type) = HeaderValue::from_str(&form.content_type()) else {
            return self.defer(RequestError::Encode(
                "the multipart boundary is not a valid header value".into(),
            ));
        };
        match form.into_body() {
            MultipartBody::Bytes(bytes) => {
                self.body = Some(Body {
                    content_type,
                    bytes,
                })
            }
            MultipartBody::Stream(stream) => {
                self.body = Some(Body {
                    content_type,
                    bytes: Bytes::new(),
                });
                self.stream_body = Some(stream);
            }
        }
    }

    /// Checks `value` against its documented constraints; a violation makes `send` fail with
    /// [`RequestError::InvalidArgument`] before any I/O.
    pub fn validate(&mut self, value: &dyn Validate) {
        self.check(value.validate());
    }

    /// Keeps the outcome of a [`Validator`](crate::Validator) run over the arguments:
    /// violations make `send` fail with [`RequestError::InvalidArgument`] before any I/O.
    ///
    /// Kept apart from problems that make a request impossible to send: a client or call with
    /// validation turned off sends the request anyway.
    pub fn check(&mut self, outcome: Result<(), ValidationErrors>) {
        if let (Err(errors), None) = (outcome, &self.validation) {
            self.validation = Some(Box::new(RequestError::InvalidArgument(errors)));
        }
    }

    /// The problem that makes `send` fail before any I/O, if there is one: a value that cannot
    /// be sent, or (only while validation is on) a broken constraint.
    pub fn problem(&self) -> Option<&RequestError> {
        self.deferred.as_deref().or(self.validation.as_deref())
    }

    fn invalid(&mut self, name: &'static str, message: impl Into<String>) {
        self.defer(RequestError::InvalidArgument(ValidationErrors::single(
            name, message,
        )));
    }

    fn set_body(&mut self, content_type: HeaderValue, bytes: Vec<u8>) {
        self.body = Some(Body {
            content_type,
            bytes: Bytes::from(bytes),
        });
    }

    /// The call's own options, made on the first one set.
    fn options_mut(&mut self) -> &mut CallOptions {
        self.options.get_or_insert_with(Box::default)
    }

    fn defer(&mut self, e: RequestError) {
        if self.deferred.is_none() {
            self.deferred = Some(Box::new(e));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The URL a call builds on the base parsed once is the one a parse of the joined text
    /// gives (what this function did before the base was kept parsed).
    #[test]
    fn url_on_the_parsed_base_is_the_joined_parse() {
        let bases = [
            "http://127.0.0.1:8080",
            "https://api.example.com/",
            "https://api.example.com/v1",
            "https://api.example.com/v1/",
            "https://user-data.example.com/a%20b/v2",
            "https://[::1]:9000/base",
            "https://BÜCHER.example/api",
        ];
        let paths = [
            "",
            "/",
            "/customers",
            "/customers/cst_7aee5afb954c7ef7",
            "/customers/a%2Fb%3Fc%23d",
            "/files/%E2%82%AC%20x",
            "/odd/ünïcode path",
            "/v1/items:search",
            "/a/./b/../c",
        ];
        let queries: [&[(&'static str, String)]; 3] = [
            &[],
            &[("limit", "10".to_owned())],
            &[("q", "a b&c=d".to_owned()), ("tag", "€".to_owned())],
        ];
        for base in bases {
            let transport = Transport::builder(base).build().expect("valid base");
            let joined_base = base.trim_end_matches('/');
            for path in paths {
                for query in queries {
                    let mut text = format!("{joined_base}{path}");
                    if !query.is_empty() {
                        let pairs: Vec<(&str, &str)> =
                            query.iter().map(|(k, v)| (*k, v.as_str())).collect();
                        text.push('?');
                        text.push_str(&serde_urlencoded::to_string(&pairs).expect("encodes"));
                    }
                    let want = Url::parse(&text).expect("joined URL parses");
                    let got = transport.url(path, query).expect("URL");
                    assert_eq!(got, want, "base {base:?}, path {path:?}, query {query:?}");
                }
            }
        }
    }
}
