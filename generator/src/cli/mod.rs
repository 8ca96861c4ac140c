//! The command line of the installable binary (`openapi-rust-gen`, `generator/src/main.rs`):
//! one module per subcommand, dispatched by [`main`]. `cargo xtask generate` runs the same
//! [`generate::main`].

mod args;
pub mod generate;

use std::fmt;
use std::path::PathBuf;

use crate::diag::Diagnostics;

pub use args::Args;

/// The binary's name.
pub const PROGRAM: &str = "openapi-rust-gen";

const HELP: &str = "\
openapi-rust-gen <command> [options]

Turns OpenAPI 3.0 documents into typed Rust models and async clients.

Commands:
  generate --spec FILE --out DIR [--name CRATE] [--lean] [--runtime-path DIR]
                Write a standalone crate for any OpenAPI 3.x or Swagger 2.0 YAML or JSON file
  diff [--base REV | --old FILE --new FILE] [--format markdown|json|github] [--fail-on ERR|WARN]
                The review report of spec changes: what breaks callers, and which Rust items

Run `openapi-rust-gen <command> --help` for a command's options.";

/// Why a command stopped.
#[derive(Debug)]
pub enum Error {
    /// `--help` was asked for: the text to print (to standard output; not a failure).
    Help(String),
    /// The arguments were wrong: what is wrong, then the help.
    Usage(String),
    /// The spec could not be generated: every diagnostic, warnings included.
    Generation(Diagnostics),
    /// `diff` could not make its report, or `--fail-on` found changes (printed first).
    Review(crate::review::cli::CliError),
    /// A file or directory could not be read or written.
    Io {
        /// What was being done (`write`, `create`, …).
        action: &'static str,
        /// On what.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

impl Error {
    /// An I/O error while doing `action` on `path`.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Help(text) | Error::Usage(text) => write!(f, "{text}"),
            Error::Generation(diagnostics) => write!(f, "{diagnostics}"),
            Error::Review(e) => write!(f, "{e}"),
            Error::Io {
                action,
                path,
                source,
            } => write!(f, "cannot {action} {}: {source}", path.display()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Generation(diagnostics) => Some(diagnostics),
            Error::Review(e) => Some(e),
            Error::Io { source, .. } => Some(source),
            Error::Help(_) | Error::Usage(_) => None,
        }
    }
}

impl From<Diagnostics> for Error {
    fn from(diagnostics: Diagnostics) -> Self {
        Error::Generation(diagnostics)
    }
}

/// Runs the subcommand named by `args[0]`.
pub fn main(args: &[String]) -> Result<(), Error> {
    let Some((command, rest)) = args.split_first() else {
        return Err(Error::Usage(HELP.to_string()));
    };
    match command.as_str() {
        "generate" => generate::main(rest, &format!("{PROGRAM} generate")),
        "diff" => crate::review::cli::run(rest).map_err(Error::Review),
        "-h" | "--help" | "help" => Err(Error::Help(HELP.to_string())),
        other => Err(Error::Usage(format!("unknown command `{other}`\n\n{HELP}"))),
    }
}
