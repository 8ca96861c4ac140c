//! `cargo xtask diff`: the review report for a pull request that touches `specs/`. A thin wrapper:
//! the review engine, its arguments and its formats live in the generator library
//! (`generator::review`, documented there), which the generator's binary runs too.

use crate::util::root;

/// Runs `cargo xtask diff` on this workspace's `specs/`.
pub fn main(args: &[String]) -> Result<(), String> {
    generator::review::cli::run_in(args, &root()).map_err(|e| e.to_string())
}
