//! Small helpers shared by the commands: the workspace root, argument parsing, running
//! subprocesses.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::Error;

/// The workspace root (the parent of this crate's directory).
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// Parsed `--flag value` and `--switch` arguments: the generator's parser
/// ([`generator::cli::Args`]), with `-h`/`--help` printing the command's help and exiting.
pub struct Args(generator::cli::Args);

impl Args {
    /// Parses `args`, refusing anything not in `switches` or `with_value` (which take a value).
    pub fn parse(
        args: &[String],
        switches: &[&str],
        with_value: &[&str],
        help: &str,
    ) -> Result<Self, Error> {
        match generator::cli::Args::parse(args, switches, with_value, help) {
            Ok(parsed) => Ok(Args(parsed)),
            Err(generator::cli::Error::Help(text)) => {
                println!("{text}");
                std::process::exit(0);
            }
            Err(e) => Err(e.into()),
        }
    }
}

impl std::ops::Deref for Args {
    type Target = generator::cli::Args;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

/// Runs a command in `dir`, streaming its output; an error names the command.
pub fn run(dir: &Path, program: &str, args: &[&str]) -> Result<(), Error> {
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .status()
        .map_err(|source| Error::Spawn {
            program: program.to_string(),
            source,
        })?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::Failed {
            command: format!("{program} {}", args.join(" ")),
            status,
        })
    }
}

/// One spec in `specs/`.
pub struct Spec {
    /// Its module and Cargo feature name in `generated/` (`paycross`).
    pub module: String,
    /// Its file name (`paycross.yaml`).
    pub file: String,
    /// Its path.
    pub path: PathBuf,
}

/// Every spec in `root/specs` (`.yaml`, `.yml`, `.json`), sorted by file name.
pub fn specs(root: &Path) -> Result<Vec<Spec>, Error> {
    let dir = root.join("specs");
    let mut specs: Vec<Spec> = std::fs::read_dir(&dir)
        .map_err(|e| Error::io("read", &dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|x| x.to_str()),
                Some("yaml" | "yml" | "json")
            )
        })
        .map(|path| Spec {
            module: generator::model::to_field_name(
                path.file_stem().and_then(|s| s.to_str()).unwrap_or("spec"),
            ),
            file: path
                .file_name()
                .and_then(|f| f.to_str())
                .unwrap_or_default()
                .to_string(),
            path,
        })
        .collect();
    specs.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(specs)
}
