//! End-to-end tests, examples and benches of the generated clients (`generated/`, all provider
//! features on). This crate has no code of its own; its targets are:
//!
//! - `tests/`: `calls.rs` (what an operation returns, on the real PayCross client), `objects.rs`
//!   (how models read and write JSON), `examples.rs` (every example in `specs/*.yaml` against
//!   the generated types), `runtime.rs` (`generated::runtime` is the `generator-runtime` crate,
//!   shared by every provider) and `contract.rs` (every operation against Prism, which needs
//!   `npm ci --no-audit --no-fund` at the workspace root once);
//! - `examples/`: one client per provider (`cargo run -p e2e --example paycross`);
//! - `benches/`: criterion benches of the client (`client.rs`) and of decoding (`decode.rs`).
//!
//! The runtime's own tests live with the runtime crate (`generator/runtime/tests/`).
