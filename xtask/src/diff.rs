//! `cargo xtask diff`: the review report for a pull request that touches `specs/`. A thin wrapper:
//! the review engine, its arguments and its formats live in the generator library
//! (`generator::review`, documented there), which the generator's binary runs too. `--semver`
//! (this command only) then runs the pinned cargo-semver-checks on the old and new crates of
//! each changed spec and prints its verdict beside the report's (`crate::semver`).

use crate::error::Error;
use crate::util::root;

/// Runs `cargo xtask diff` on this workspace's `specs/`.
pub fn main(args: &[String]) -> Result<(), Error> {
    let semver = args.iter().any(|a| a == "--semver");
    let rest: Vec<String> = args.iter().filter(|a| *a != "--semver").cloned().collect();
    let root = root();
    let review = generator::review::cli::run_in(&rest, &root).map_err(Error::Review);
    let help = rest.iter().any(|a| a == "-h" || a == "--help");
    if !semver
        || help
        || matches!(
            review,
            Err(Error::Review(
                generator::review::cli::CliError::Usage(_)
                    | generator::review::cli::CliError::Input(_)
            ))
        )
    {
        return review;
    }
    crate::semver::compare_specs(&root, &rest)?;
    review
}
