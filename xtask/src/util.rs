//! Small helpers shared by the commands: the workspace root, argument parsing, running
//! subprocesses.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root (the parent of this crate's directory).
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// Parsed `--flag value` and `--switch` arguments.
pub struct Args {
    items: Vec<String>,
}

impl Args {
    /// Parses `args`, refusing anything not in `known` (`--name` takes a value if listed in
    /// `with_value`).
    pub fn parse(
        args: &[String],
        switches: &[&str],
        with_value: &[&str],
        help: &str,
    ) -> Result<Self, String> {
        let mut i = 0;
        while i < args.len() {
            let a = args[i].as_str();
            if a == "-h" || a == "--help" {
                println!("{help}");
                std::process::exit(0);
            } else if with_value.contains(&a) {
                if i + 1 >= args.len() {
                    return Err(format!("`{a}` needs a value\n\n{help}"));
                }
                i += 2;
            } else if switches.contains(&a) {
                i += 1;
            } else {
                return Err(format!("unexpected argument `{a}`\n\n{help}"));
            }
        }
        Ok(Args {
            items: args.to_vec(),
        })
    }

    /// Whether a switch was given.
    pub fn has(&self, name: &str) -> bool {
        self.items.iter().any(|a| a == name)
    }

    /// The value after `name`.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.items
            .iter()
            .position(|a| a == name)
            .and_then(|i| self.items.get(i + 1))
            .map(String::as_str)
    }
}

/// Runs a command in `dir`, streaming its output; an error names the command.
pub fn run(dir: &Path, program: &str, args: &[&str]) -> Result<(), String> {
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .status()
        .map_err(|e| format!("cannot run `{program}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
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
pub fn specs(root: &Path) -> Result<Vec<Spec>, String> {
    let dir = root.join("specs");
    let mut specs: Vec<Spec> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
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
