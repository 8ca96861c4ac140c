//! The OpenAPI 3.0 to Rust generator: load → resolve → model → emit.
//!
//! Each stage is a module: [`load`] reads YAML or JSON into `openapiv3` types, [`resolve`]
//! follows and bundles references, [`model`] builds the intermediate model of types and
//! operations with final Rust names, [`surface`] decides the public Rust items of a generated
//! module from the model (names, shapes, type text), and [`emit`] renders that model to tokens and formatted
//! files. Nothing panics on bad input: every problem is a [`diag::Diagnostic`].

pub mod diag;
pub mod emit;
pub mod load;
pub mod model;
pub mod resolve;
pub mod review;
pub mod surface;
