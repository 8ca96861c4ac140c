//! End-to-end tests, examples and benches of the generated clients (`generated/`, all provider
//! features on). This crate has no code of its own; its targets are:
//!
//! - `tests/`: `calls.rs` (what an operation returns, on the real PayCross client), `objects.rs`
//!   (how models read and write JSON), `examples.rs` (every example in `specs/*.yaml` against
//!   the generated types), `runtime.rs` (`generated::runtime` is the `generator-runtime` crate,
//!   shared by every provider), `contract.rs` (every operation and every example against Prism,
//!   which needs `npm ci --no-audit --no-fund` at the workspace root once) and `readme.rs` (the
//!   README's example is the doc test at the end of this file);
//! - `examples/`: one client per provider (`cargo run -p e2e --example paycross`), each a `run`
//!   function the contract tests call with Prism's URL;
//! - `benches/`: criterion benches of the client (`client.rs`) and of decoding (`decode.rs`).
//!
//! The runtime's own tests live with the runtime crate (`generator/runtime/tests/`).
//!
//! # Misuse that does not compile
//!
//! A generated struct with required properties cannot be made up with `Default`, nor built
//! with a struct literal (it is `#[non_exhaustive]`, so a new optional property is no breaking
//! change):
//!
//! ```compile_fail,E0639
//! use generated::paycross::types::CustomerCreate;
//! let body = CustomerCreate { first_name: Some("John".into()), ..Default::default() };
//! ```
//!
//! ```compile_fail,E0599
//! let body = generated::paycross::types::CustomerCreate::default();
//! ```
//!
//! It is built with its required fields and chained setters instead:
//!
//! ```
//! use generated::paycross::types::CustomerCreate;
//! let body = CustomerCreate::new("john@example.com", "127.0.0.1").with_first_name("John");
//! assert_eq!(body.first_name.as_deref(), Some("John"));
//! ```
//!
//! `None` never becomes an explicit `null`: there is no `From<Option<T>>` for `Nullable<T>`
//! (`clear_x()` or `Nullable::Null` says it on purpose):
//!
//! ```compile_fail,E0277
//! use generated::runtime::Nullable;
//! let maybe: Option<String> = None;
//! let phone: Nullable<String> = maybe.into();
//! ```
//!
//! A documented error status added to the spec later is a new variant, so a `match` on an
//! `…Error` enum needs a fallback arm:
//!
//! ```compile_fail,E0004
//! use generated::paycross::CreateCustomerError;
//! fn message(e: &CreateCustomerError) -> &str {
//!     match e {
//!         CreateCustomerError::UnprocessableEntity(v) => &v.message,
//!     }
//! }
//! ```
//!
//! A body field is never shadowed by the response: `resp.status` would be the body's own
//! `status` field, the HTTP status is `resp.status()`:
//!
//! ```compile_fail,E0615
//! fn http_status(resp: &generated::runtime::Response<()>) -> generated::runtime::StatusCode {
//!     resp.status
//! }
//! ```
//!
//! # No extra dependency
//!
//! Every foreign type in a signature is reachable through the generated crate: the spec's
//! module re-exports the crates its types name, `runtime` the HTTP ones.
//!
//! ```
//! # async fn run(client: &generated::monri::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use generated::monri::uuid::Uuid;
//! let customer = client.get_customer(&Uuid::nil()).await?;
//! let _: generated::runtime::StatusCode = customer.status();
//! let _: &generated::runtime::HeaderMap = customer.headers();
//! let _: Option<&generated::monri::serde_json::Value> = None;
//! let _: Option<generated::runtime::bytes::Bytes> = None;
//! # Ok(())
//! # }
//! ```
//!
//! # The README's example
//!
//! The snippet under "Using the generated clients" in `README.md`, compiled here (not run: it
//! would call PayCross); `tests/readme.rs` requires the two to stay the same text:
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! use generated::paycross::{types::CustomerCreate, Client, Server};
//!
//! let client = Client::builder(Server::Production)
//!     .basic_auth("shop_id", "secret_key")
//!     .timeout(std::time::Duration::from_secs(10))
//!     .build()?;
//! let created = client
//!     .create_customer(&CustomerCreate::new("jane@example.com", "127.0.0.1").with_first_name("Jane"))
//!     .await?;
//! println!("{} {}", created.status(), created.id); // HTTP status beside the typed body
//! # Ok(())
//! # }
//! ```
