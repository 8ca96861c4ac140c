//! `cargo xtask diff`: the review report for a pull request that touches `specs/`. A thin wrapper:
//! the review engine, its arguments and its formats live in the generator library
//! (`generator::review`, documented there), which the generator's binary runs too.

use crate::error::Error;
use crate::util::root;

/// Runs `cargo xtask diff` on this workspace's `specs/`.
pub fn main(args: &[String]) -> Result<(), Error> {
    generator::review::cli::run_in(args, &root()).map_err(Error::Review)
}
