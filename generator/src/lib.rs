//! The OpenAPI 3.0 and 3.1 to Rust generator: load → resolve → model → emit.
//!
//! Each stage is a module: [`load`] reads YAML or JSON into `openapiv3` types, [`resolve`]
//! follows and bundles references, [`model`] builds the intermediate model of types and
//! operations with final Rust names, and [`emit`] renders that model to tokens and formatted
//! files. Nothing panics on bad input: every problem is a [`diag::Diagnostic`].

pub mod diag;
pub mod emit;
pub mod load;
pub mod model;
pub mod resolve;
