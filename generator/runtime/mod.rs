//! The runtime that generated clients and models call, always by full path `crate::runtime::…`.
//!
//! Each part is one file with one `pub mod` line and one `pub use` line below, so a generator
//! can leave out (or put behind a feature) the parts a crate does not need. Parts that others
//! depend on: `transport` needs `secret`, `error`, `sign` and `validate`; `error` needs `sign`
//! and `validate`; `monri` and `rapyd` need `secret` and `sign`; `paginate` needs `error`;
//! `pattern` needs `validate`; `object` needs `nullable`.

pub mod enums;
pub mod error;
pub mod monri;
pub mod nullable;
pub mod object;
pub mod paginate;
pub mod pattern;
pub mod rapyd;
pub mod secret;
pub mod sign;
pub mod timestamp;
pub mod transport;
pub mod validate;

pub use enums::{deserialize_int_enum, deserialize_str_enum};
pub use error::{ApiError, Error, RawResponse, RequestError, Response};
pub use monri::MonriSigner;
pub use nullable::Nullable;
#[allow(unused_imports)] // a spec may have no structs, or no unions
pub(crate) use object::{json_object, json_union};
pub use paginate::paginate_offset;
pub use rapyd::RapydSigner;
pub use secret::Secret;
pub use sign::{SignError, SignableRequest, Signer};
pub use timestamp::Timestamp;
pub use transport::{
    ApiKeyLocation, Auth, BuildError, Call, ClientBuilder, RequestBuilder, RetryPolicy, Transport,
};
pub use validate::{Validate, ValidationErrors, Validator, Violation};
