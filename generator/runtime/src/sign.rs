//! The request-signing hook: [`Signer`], the [`SignableRequest`] it sees and [`SignError`].
//!
//! The transport calls the signer once per attempt, after the URL, headers (including auth) and
//! body are final, so a signature covers exactly what is sent and is fresh for every retry.

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::Method;

/// A request about to be sent, as a signer sees it.
pub struct SignableRequest<'a> {
    /// The HTTP method.
    pub method: &'a Method,
    /// The URL path with its query string, exactly as sent (e.g. `/v2/customers?limit=10`),
    /// including any path prefix of the base URL.
    pub path_and_query: &'a str,
    /// The headers to be sent; a signer adds its own here.
    pub headers: &'a mut HeaderMap,
    /// The exact body bytes to be sent (empty when there is no body).
    pub body: &'a [u8],
}

impl fmt::Debug for SignableRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may carry credentials: only their names are shown.
        f.debug_struct("SignableRequest")
            .field("method", self.method)
            .field("path_and_query", &self.path_and_query)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// Signs requests, e.g. by adding an `Authorization` or `signature` header.
///
/// Any `Fn(&mut SignableRequest<'_>) -> Result<(), SignError>` closure is a signer too.
pub trait Signer: Send + Sync + 'static {
    /// Adds the signature to `req.headers`.
    fn sign(&self, req: &mut SignableRequest<'_>) -> Result<(), SignError>;
}

impl<F> Signer for F
where
    F: Fn(&mut SignableRequest<'_>) -> Result<(), SignError> + Send + Sync + 'static,
{
    fn sign(&self, req: &mut SignableRequest<'_>) -> Result<(), SignError> {
        self(req)
    }
}

/// Why a request could not be signed.
#[derive(Debug)]
pub struct SignError {
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl SignError {
    /// An error with a message. The message must not contain credentials.
    pub fn new(message: impl Into<String>) -> Self {
        SignError {
            message: message.into(),
            source: None,
        }
    }

    /// An error with a message and its cause.
    pub fn with_source(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        SignError {
            message: message.into(),
            source: Some(source.into()),
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SignError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.source {
            Some(e) => Some(e.as_ref()),
            None => None,
        }
    }
}
