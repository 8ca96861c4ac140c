//! [`Hook`]: asynchronous code of the user's that runs around every attempt of every call —
//! before it is sent (refresh a token, add a request id) and after its response or failure
//! (metrics, logs).
//!
//! Why a hook and not a `reqwest-middleware` client: the transport owns retries, the deadline,
//! signing and the size limit, so a hook sees each *attempt* (with its number) after the
//! transport has decided it, and what it adds to the headers is then signed; a middleware stack
//! would sit below all that, see only opaque requests, and bring its own retry layer that would
//! compound ours. A hook also adds no dependency, and costs nothing when none is set.

use std::error::Error as StdError;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode, Url};

/// A boxed `Send` future, what [`Hook`] methods return (`Box::pin(async move { … })`).
pub type HookFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Why a hook refused to send an attempt (e.g. a token could not be refreshed).
pub type HookError = Box<dyn StdError + Send + Sync>;

/// One attempt about to be sent: its headers can be changed (auth is already in them; the
/// request signer, if any, runs after the hook).
#[derive(Debug)]
pub struct AttemptRequest<'a> {
    /// The operation id (e.g. `create_customer`).
    pub operation: &'static str,
    /// The attempt, from 1.
    pub attempt: u32,
    /// The method.
    pub method: &'a Method,
    /// The URL (its query may hold an API key: do not log it whole).
    pub url: &'a Url,
    /// The headers to send.
    pub headers: &'a mut HeaderMap,
}

/// What one attempt ended with.
#[derive(Debug)]
pub struct AttemptResult<'a> {
    /// The operation id.
    pub operation: &'static str,
    /// The attempt, from 1.
    pub attempt: u32,
    /// The method.
    pub method: &'a Method,
    /// The status, when a response was received.
    pub status: Option<StatusCode>,
    /// The response headers, when a response was received.
    pub headers: Option<&'a HeaderMap>,
    /// The time from sending until the whole body was read (or the attempt failed).
    pub latency: Duration,
}

/// Code run around every attempt. Both methods default to doing nothing. Set with
/// `ClientBuilder::hook`.
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
///
/// use generator_runtime::{AttemptRequest, Hook, HookError, HookFuture};
///
/// /// Gives every attempt a request id of its own.
/// struct RequestIds(AtomicU64);
///
/// impl Hook for RequestIds {
///     fn before_send<'a>(
///         &'a self,
///         req: &'a mut AttemptRequest<'_>,
///     ) -> HookFuture<'a, Result<(), HookError>> {
///         Box::pin(async move {
///             let id = self.0.fetch_add(1, Ordering::Relaxed);
///             req.headers.insert("x-request-id", id.to_string().parse()?);
///             Ok(())
///         })
///     }
/// }
/// # let _ = RequestIds(AtomicU64::new(0));
/// ```
pub trait Hook: Send + Sync + 'static {
    /// Runs before each attempt is signed and sent; an error fails the call (not retried).
    fn before_send<'a>(
        &'a self,
        req: &'a mut AttemptRequest<'_>,
    ) -> HookFuture<'a, Result<(), HookError>> {
        let _ = req;
        Box::pin(async { Ok(()) })
    }

    /// Runs after each attempt, with its response's status and headers or without (a
    /// connection error or a timeout).
    fn after_attempt<'a>(&'a self, result: &'a AttemptResult<'_>) -> HookFuture<'a, ()> {
        let _ = result;
        Box::pin(async {})
    }
}
