//! [`MonriSigner`]: Monri's `WP3-v2.1` `Authorization` header.
//!
//! `Authorization: WP3-v2.1 <authenticity_token> <timestamp> <digest>`, where `timestamp` is Unix
//! time in seconds and `digest` is the lowercase hex SHA-512 of
//! `merchant_key + timestamp + authenticity_token + path_and_query + body`.

use std::fmt;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use reqwest::header::{HeaderValue, AUTHORIZATION};
use sha2::{Digest as _, Sha512};

use crate::secret::Secret;
use crate::sign::{SignError, SignableRequest, Signer};

/// Signs requests for Monri. `Debug` shows neither credential.
#[derive(Clone)]
pub struct MonriSigner {
    authenticity_token: Secret,
    merchant_key: Secret,
    clock: Arc<dyn Fn() -> u64 + Send + Sync>,
}

impl fmt::Debug for MonriSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MonriSigner")
            .field("authenticity_token", &self.authenticity_token)
            .field("merchant_key", &self.merchant_key)
            .finish_non_exhaustive()
    }
}

impl MonriSigner {
    /// A signer with the merchant's authenticity token and merchant key, using the system clock.
    pub fn new(authenticity_token: impl Into<String>, merchant_key: impl Into<String>) -> Self {
        MonriSigner {
            authenticity_token: Secret::new(authenticity_token),
            merchant_key: Secret::new(merchant_key),
            clock: Arc::new(unix_now),
        }
    }

    /// Uses `clock` (Unix time in seconds) instead of the system clock, e.g. in tests.
    #[must_use]
    pub fn with_clock(mut self, clock: impl Fn() -> u64 + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The `Authorization` value for a request at `timestamp`.
    pub fn authorization(&self, timestamp: u64, path_and_query: &str, body: &[u8]) -> String {
        let timestamp = timestamp.to_string();
        let token = self.authenticity_token.expose();
        let mut hasher = Sha512::new();
        hasher.update(self.merchant_key.expose().as_bytes());
        hasher.update(timestamp.as_bytes());
        hasher.update(token.as_bytes());
        hasher.update(path_and_query.as_bytes());
        hasher.update(body);
        let digest = hex::encode(hasher.finalize());
        format!("WP3-v2.1 {token} {timestamp} {digest}")
    }
}

impl Signer for MonriSigner {
    fn sign(&self, req: &mut SignableRequest<'_>) -> Result<(), SignError> {
        let value = self.authorization((self.clock)(), req.path_and_query, req.body);
        let mut value = HeaderValue::from_str(&value).map_err(|_| {
            SignError::new("the Monri authenticity token is not a valid header value")
        })?;
        value.set_sensitive(true);
        req.headers.insert(AUTHORIZATION, value);
        // Monri expects `Content-Type: application/json` on every request, GET and DELETE too.
        req.headers
            .entry(reqwest::header::CONTENT_TYPE)
            .or_insert(HeaderValue::from_static("application/json"));
        Ok(())
    }
}

/// Unix time in seconds (0 if the system clock is before 1970).
fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
