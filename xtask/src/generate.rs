//! `cargo xtask generate --spec FILE --out DIR [--name CRATE] [--lean]`: the generator's own
//! `generate` command (`generator::cli::generate`, also `openapi-rust-gen generate`), under
//! the workspace's command name.

/// The command.
pub fn main(args: &[String]) -> Result<(), crate::error::Error> {
    Ok(generator::cli::generate::main(
        args,
        "cargo xtask generate",
    )?)
}
