//! [`RapydSigner`]: Rapyd's `access_key`, `salt`, `timestamp` and `signature` headers.
//!
//! `signature` = Base64 of the lowercase hex string of HMAC-SHA256 with key `secret_key` over
//! `lower(method) + path_and_query + salt + timestamp + access_key + secret_key + body`;
//! `salt` is a random string of 8–16 characters, new for every request (and every attempt);
//! `timestamp` is Unix time in seconds.

use std::fmt;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{Hmac, Mac as _};
use reqwest::header::{HeaderName, HeaderValue};
use sha2::Sha256;

use crate::secret::Secret;
use crate::sign::{SignError, SignableRequest, Signer};

/// The length of a generated salt.
const SALT_LEN: usize = 12;

/// Signs requests for Rapyd. `Debug` shows neither key.
#[derive(Clone)]
pub struct RapydSigner {
    access_key: Secret,
    secret_key: Secret,
    clock: Arc<dyn Fn() -> u64 + Send + Sync>,
    salt: Arc<dyn Fn() -> String + Send + Sync>,
}

impl fmt::Debug for RapydSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RapydSigner")
            .field("access_key", &self.access_key)
            .field("secret_key", &self.secret_key)
            .finish_non_exhaustive()
    }
}

impl RapydSigner {
    /// A signer with the account's access key and secret key, using the system clock and random
    /// 12-character alphanumeric salts.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        RapydSigner {
            access_key: Secret::new(access_key),
            secret_key: Secret::new(secret_key),
            clock: Arc::new(unix_now),
            salt: Arc::new(random_salt),
        }
    }

    /// Uses `clock` (Unix time in seconds) instead of the system clock, e.g. in tests.
    #[must_use]
    pub fn with_clock(mut self, clock: impl Fn() -> u64 + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Uses `salt` to make each request's salt, e.g. in tests. A salt that is not 8–16
    /// characters of visible ASCII makes signing fail.
    #[must_use]
    pub fn with_salt(mut self, salt: impl Fn() -> String + Send + Sync + 'static) -> Self {
        self.salt = Arc::new(salt);
        self
    }

    /// The `signature` value for a request.
    pub fn signature(
        &self,
        method: &reqwest::Method,
        path_and_query: &str,
        salt: &str,
        timestamp: u64,
        body: &[u8],
    ) -> Result<String, SignError> {
        let secret = self.secret_key.expose();
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
            .map_err(|e| SignError::with_source("could not key HMAC-SHA256", e.to_string()))?;
        mac.update(method.as_str().to_ascii_lowercase().as_bytes());
        mac.update(path_and_query.as_bytes());
        mac.update(salt.as_bytes());
        mac.update(timestamp.to_string().as_bytes());
        mac.update(self.access_key.expose().as_bytes());
        mac.update(secret.as_bytes());
        mac.update(body);
        let hex_digest = hex::encode(mac.finalize().into_bytes());
        Ok(base64::engine::general_purpose::STANDARD.encode(hex_digest))
    }
}

impl Signer for RapydSigner {
    fn sign(&self, req: &mut SignableRequest<'_>) -> Result<(), SignError> {
        let salt = (self.salt)();
        if !(8..=16).contains(&salt.len()) || !salt.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(SignError::new(
                "the Rapyd salt must be 8 to 16 visible ASCII characters",
            ));
        }
        // Rapyd expects `Content-Type: application/json` on every request, bodiless ones too.
        req.headers
            .entry(reqwest::header::CONTENT_TYPE)
            .or_insert(HeaderValue::from_static("application/json"));
        let timestamp = (self.clock)();
        let signature =
            self.signature(req.method, req.path_and_query, &salt, timestamp, req.body)?;
        let access_key = HeaderValue::from_str(self.access_key.expose())
            .map_err(|_| SignError::new("the Rapyd access key is not a valid header value"))?;
        let headers = [
            ("access_key", access_key),
            ("salt", header_value(&salt)?),
            ("timestamp", header_value(&timestamp.to_string())?),
            ("signature", header_value(&signature)?),
        ];
        for (name, mut value) in headers {
            value.set_sensitive(true);
            req.headers.insert(HeaderName::from_static(name), value);
        }
        Ok(())
    }
}

fn header_value(s: &str) -> Result<HeaderValue, SignError> {
    HeaderValue::from_str(s).map_err(|e| SignError::with_source("invalid header value", e))
}

/// A fresh random alphanumeric salt.
fn random_salt() -> String {
    (0..SALT_LEN).map(|_| fastrand::alphanumeric()).collect()
}

/// Unix time in seconds (0 if the system clock is before 1970).
fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
