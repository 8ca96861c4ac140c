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
//! 3. calls the [`Signer`], if any, with the final method, path with query, headers and the exact
//!    body bytes (the body is serialised once, before the first attempt);
//! 4. sends with the per-attempt timeout and reads the whole body.
//!
//! Connection errors, timeouts, `408`, `429` and `5xx` are retried — only when the method is
//! idempotent (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`, `TRACE`) or the operation set an
//! idempotency key, which is then the same on every attempt. See [`RetryPolicy`] for the delays.
//!
//! `tracing`: each call is a `debug` span `http_request` with `operation`, `method` and `path`
//! (the URL path without its query, which may carry an API key); each attempt logs `debug`
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

use crate::error::{Error, RawResponse, RequestError};
use crate::secret::Secret;
use crate::sign::{SignableRequest, Signer};
use crate::validate::{Validate, ValidationErrors};

/// Bytes kept as they are in a path segment: RFC 3986 "unreserved" (`A–Z a–z 0–9 - . _ ~`).
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The default per-attempt timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

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
///   retryable status carries one — exactly that long, no jitter. If it is longer than
///   `max_backoff`, the call does **not** wait and does not retry: the response (typically 429
///   or 503) is returned at once, so a caller never waits longer than it configured;
/// * otherwise "full jitter": uniformly random in `[0, min(max_backoff, initial_backoff × 2ⁿ⁻¹)]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0: never retry).
    pub max_retries: u32,
    /// The cap of the first retry's delay; doubled for every further retry.
    pub initial_backoff: Duration,
    /// The largest delay, and the largest `Retry-After` that is honoured.
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
    retry: RetryPolicy,
    user_agent: String,
    http: Option<reqwest::Client>,
    client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("auth", &self.auth)
            .field("signer", &self.signer.as_ref().map(|_| "…"))
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .field("http_client", &self.http.is_some())
            .finish()
    }
}

impl<C: From<Transport>> ClientBuilder<C> {
    /// A builder for the API at `base_url` (e.g. `https://api.example.com/v1`), with no auth,
    /// [`DEFAULT_TIMEOUT`], [`RetryPolicy::default`] and [`DEFAULT_USER_AGENT`].
    pub fn new(base_url: impl Into<String>) -> Self {
        ClientBuilder {
            base_url: base_url.into(),
            auth: None,
            signer: None,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            http: None,
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

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<C, BuildError> {
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        check_base_url(&base_url)?;
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
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(BuildError::Http)?,
        };
        Ok(C::from(Transport {
            inner: Arc::new(Inner {
                base_url,
                auth,
                auth_config: self.auth,
                signer: self.signer,
                timeout: self.timeout,
                retry: self.retry,
                user_agent,
                http,
            }),
        }))
    }
}

fn check_base_url(base_url: &str) -> Result<(), BuildError> {
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
        None => Ok(()),
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
    auth: AuthParts,
    auth_config: Option<Auth>,
    signer: Option<Arc<dyn Signer>>,
    timeout: Duration,
    retry: RetryPolicy,
    user_agent: HeaderValue,
    http: reqwest::Client,
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
            .field("retry", &inner.retry)
            .field("user_agent", &inner.user_agent)
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

    /// Sends the request, retrying as the [`RetryPolicy`] allows, and returns the last response
    /// whatever its status; only a request that got no response at all is an error.
    pub async fn send(&self, req: RequestBuilder) -> Result<RawResponse, RequestError> {
        if let Some(e) = req.deferred {
            return Err(e);
        }
        let url = self.url(&req.path, &req.query)?;
        let span = tracing::debug_span!(
            "http_request",
            operation = req.operation_id,
            method = %req.method,
            path = url.path(),
        );
        let prepared = Prepared {
            url,
            retryable: req.idempotency_key || is_idempotent(&req.method),
            method: req.method,
            headers: self.base_headers(req.headers, req.body.as_ref()),
            body: req.body.map(|b| b.bytes).unwrap_or_default(),
        };
        self.send_prepared(&prepared).instrument(span).await
    }

    /// Sends the request as [`send`](Self::send) does and reads the response with `read`.
    ///
    /// Every generated operation ends here: it builds its request when called and returns this
    /// future with a plain function that reads each documented status. (One shared, named
    /// future instead of an `async fn` per operation keeps large clients quick to compile.)
    pub fn call<T, E>(
        &self,
        req: RequestBuilder,
        read: fn(RawResponse) -> Result<T, Error<E>>,
    ) -> Call<'_, T, E> {
        Call {
            send: Box::pin(self.send(req)),
            read,
        }
    }

    async fn send_prepared(&self, req: &Prepared) -> Result<RawResponse, RequestError> {
        let policy = &self.inner.retry;
        let max_retries = if req.retryable { policy.max_retries } else { 0 };
        let mut attempt: u32 = 0;
        loop {
            attempt = attempt.saturating_add(1);
            let request = self.attempt_request(req)?;
            let outcome = self.execute(request).await;
            let delay = if attempt > max_retries {
                None
            } else {
                retry_delay(policy, attempt, &outcome)
            };
            match &outcome {
                Ok(r) => tracing::debug!(attempt, status = r.status.as_u16(), "response"),
                Err(e) => tracing::debug!(attempt, error = error_kind(e), "no response"),
            }
            match delay {
                Some(delay) => {
                    tracing::debug!(
                        attempt,
                        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                        "retrying"
                    );
                    tokio::time::sleep(delay).await;
                }
                None => return outcome.map_err(|e| self.request_error(e)),
            }
        }
    }

    /// Builds one attempt: fresh headers with auth, the body, the timeout, then the signature.
    fn attempt_request(&self, req: &Prepared) -> Result<reqwest::Request, RequestError> {
        let inner = &*self.inner;
        let mut headers = req.headers.clone();
        if let AuthParts::Header(name, value) = &inner.auth {
            headers.insert(name.clone(), value.clone());
        }
        if let Some(signer) = &inner.signer {
            signer.sign(&mut SignableRequest {
                method: &req.method,
                path_and_query: &path_and_query(&req.url),
                headers: &mut headers,
                body: &req.body,
            })?;
        }
        let mut request = reqwest::Request::new(req.method.clone(), req.url.clone());
        *request.headers_mut() = headers;
        *request.timeout_mut() = Some(inner.timeout);
        if !req.body.is_empty() {
            *request.body_mut() = Some(reqwest::Body::from(req.body.clone()));
        }
        Ok(request)
    }

    async fn execute(&self, request: reqwest::Request) -> AttemptOutcome {
        let mut response = self.inner.http.execute(request).await?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await?;
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }

    /// base URL + path + query (with an API key in the query, if that is the auth).
    fn url(&self, path: &str, query: &[(&'static str, String)]) -> Result<Url, RequestError> {
        let inner = &*self.inner;
        let mut s = String::with_capacity(inner.base_url.len() + path.len() + 32);
        s.push_str(&inner.base_url);
        s.push_str(path);
        let mut pairs: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
        if let AuthParts::Query(name, value) = &inner.auth {
            pairs.push((name, value.expose()));
        }
        if !pairs.is_empty() {
            let encoded = serde_urlencoded::to_string(&pairs)
                .map_err(|e| RequestError::Encode(format!("query: {e}")))?;
            s.push('?');
            s.push_str(&encoded);
        }
        // Never show the URL in the error: its query may hold an API key.
        Url::parse(&s).map_err(|e| RequestError::Encode(format!("invalid request URL: {e}")))
    }

    /// Accept, User-Agent and the body's Content-Type, where the operation set none of its own
    /// (an operation's `Accept` wins): added to the operation's map, no second map.
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

/// A request ready for its attempts.
struct Prepared {
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: Bytes,
    retryable: bool,
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

/// The delay before retrying after `outcome`, or `None` when it is not retried.
fn retry_delay(policy: &RetryPolicy, attempt: u32, outcome: &AttemptOutcome) -> Option<Duration> {
    match outcome {
        Ok(r) if is_retryable_status(r.status) => {
            let retry_after = r
                .headers
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| parse_retry_after(v, SystemTime::now()));
            match retry_after {
                Some(d) if d > policy.max_backoff => None,
                Some(d) => Some(d),
                None => Some(policy.backoff(attempt)),
            }
        }
        Ok(_) => None,
        Err(e) if is_retryable_error(e) => Some(policy.backoff(attempt)),
        Err(_) => None,
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
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct Call<'a, T, E> {
    send: Pin<Box<dyn Future<Output = Result<RawResponse, RequestError>> + Send + 'a>>,
    read: fn(RawResponse) -> Result<T, Error<E>>,
}

impl<T, E> Future for Call<'_, T, E> {
    type Output = Result<T, Error<E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.send.as_mut().poll(cx) {
            Poll::Ready(Ok(raw)) => Poll::Ready((self.read)(raw)),
            Poll::Ready(Err(e)) => Poll::Ready(Err(e.into())),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<T, E> fmt::Debug for Call<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call").finish_non_exhaustive()
    }
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
    idempotency_key: bool,
    deferred: Option<RequestError>,
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
            idempotency_key: false,
            deferred: None,
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
        self.header(header, key);
        self.idempotency_key = true;
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

    /// Checks `value` against its documented constraints; a violation makes `send` fail with
    /// [`RequestError::InvalidArgument`] before any I/O.
    pub fn validate(&mut self, value: &dyn Validate) {
        self.check(value.validate());
    }

    /// Keeps the outcome of a [`Validator`](crate::Validator) run over the arguments:
    /// violations make `send` fail with [`RequestError::InvalidArgument`] before any I/O.
    pub fn check(&mut self, outcome: Result<(), ValidationErrors>) {
        if let Err(errors) = outcome {
            self.defer(RequestError::InvalidArgument(errors));
        }
    }

    /// The problem `send` will return instead of sending, if there is one.
    pub fn problem(&self) -> Option<&RequestError> {
        self.deferred.as_ref()
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

    fn defer(&mut self, e: RequestError) {
        if self.deferred.is_none() {
            self.deferred = Some(e);
        }
    }
}
