//! Why an `xtask` command stopped: one error type with `Display`, shared by every command.

use std::fmt;
use std::path::PathBuf;
use std::process::ExitStatus;

use generator::diag::Diagnostics;

/// A failed command.
#[derive(Debug)]
pub enum Error {
    /// The arguments were wrong: what is wrong, then the command's help.
    Usage(String),
    /// A spec could not be generated: every diagnostic, then what was (not) done about it.
    Generation {
        /// Errors and warnings.
        diagnostics: Diagnostics,
        /// What the command left as it was (`generated/ was left as it was.`).
        note: &'static str,
    },
    /// The generator's own command line (`cargo xtask generate`) failed.
    Cli(generator::cli::Error),
    /// `generated/` is not what `cargo xtask codegen` would write.
    Stale {
        /// A unified diff of what would change.
        diff: String,
        /// How many files differ.
        files: usize,
    },
    /// A file or directory could not be read or written.
    Io {
        /// What was being done (`read`, `write`, …).
        action: &'static str,
        /// On what.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A program could not be started.
    Spawn {
        /// The program.
        program: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A program ran and failed.
    Failed {
        /// The command line.
        command: String,
        /// How it ended.
        status: ExitStatus,
    },
    /// A measurement could not be taken (`cargo xtask bench`).
    Bench(String),
    /// The review report could not be made, or `--fail-on` found changes (`cargo xtask diff`).
    Review(generator::review::cli::CliError),
    /// Some of `cargo xtask ci`'s steps failed (each printed its error as it ran).
    Steps(Vec<String>),
    /// cargo-semver-checks could not be run or read (`cargo xtask diff --semver`).
    Semver(String),
    /// Some generated crates did not check cleanly (`cargo xtask sweep`): how many.
    Sweep(usize),
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
            Error::Usage(text) | Error::Bench(text) | Error::Semver(text) => write!(f, "{text}"),
            Error::Review(e) => write!(f, "{e}"),
            Error::Generation { diagnostics, note } => write!(f, "{diagnostics}\n\n{note}"),
            Error::Cli(e) => write!(f, "{e}"),
            Error::Stale { diff, files } => write!(
                f,
                "{diff}\ngenerated/ is stale: {files} file(s) differ from what the generator writes.\nRun `cargo xtask codegen` and commit the result."
            ),
            Error::Io {
                action,
                path,
                source,
            } => write!(f, "cannot {action} {}: {source}", path.display()),
            Error::Spawn { program, source } => write!(f, "cannot run `{program}`: {source}"),
            Error::Failed { command, status } => write!(f, "`{command}` failed ({status})"),
            Error::Steps(names) => write!(f, "ci: these steps failed: {}", names.join(", ")),
            Error::Sweep(n) => write!(f, "sweep: {n} generated crate(s) did not check cleanly"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Generation { diagnostics, .. } => Some(diagnostics),
            Error::Cli(e) => Some(e),
            Error::Review(e) => Some(e),
            Error::Io { source, .. } | Error::Spawn { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<generator::cli::Error> for Error {
    fn from(e: generator::cli::Error) -> Self {
        match e {
            generator::cli::Error::Usage(text) => Error::Usage(text),
            other => Error::Cli(other),
        }
    }
}
