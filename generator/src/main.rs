//! `openapi-rust-gen`: the generator as a command other repositories can install
//! (`cargo install --path generator`). The subcommands live in [`generator::cli`].

use std::io::Write;
use std::process::ExitCode;

/// The generator allocates millions of small tokens and strings; mimalloc makes large specs
/// generate about a third faster than glibc's allocator (see `BENCHMARKS.md`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    generator::alloc::tune();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match generator::cli::main(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(generator::cli::Error::Help(text)) => {
            // A closed pipe (`--help | head`) is no failure.
            let _ = writeln!(std::io::stdout(), "{text}");
            ExitCode::SUCCESS
        }
        Err(e @ generator::cli::Error::Usage(_)) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
