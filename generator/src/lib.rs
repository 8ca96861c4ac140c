//! The OpenAPI 3.0 and 3.1 to Rust generator: load → resolve → model → emit.
//!
//! Each stage is a module: [`load`] reads YAML or JSON into `openapiv3` types (converting
//! Swagger 2.0 documents to OpenAPI 3.0 on the way), [`resolve`]
//! follows and bundles references, [`model`] builds the intermediate model of types and
//! operations with final Rust names, [`surface`] decides the public Rust items of a generated
//! module from the model (names, shapes, type text), and [`emit`] renders that model to tokens and formatted
//! files. Nothing panics on bad input: every problem is a [`diag::Diagnostic`].
//!
//! [`Generator`] (in [`pipeline`]) is the one entry point that runs the stages in order and
//! gathers every warning and error in one [`diag::Diagnostics`]; [`cli`] is the command line of
//! the installable `openapi-rust-gen` binary (and of `cargo xtask generate`).

pub mod alloc;
pub mod cli;
pub mod diag;
pub mod emit;
pub mod load;
pub mod model;
pub mod parallel;
pub mod pipeline;
pub mod resolve;
pub mod review;
pub mod surface;

pub use pipeline::{Generator, Output, Settings};
