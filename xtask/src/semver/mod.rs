//! cargo-semver-checks beside the review's Rust verdict: the pinned checker (installed under
//! `target/tools` when missing, never into `~/.cargo/bin`), the old and new crates of a spec
//! written through the generator library (as `cargo xtask generate` does, with the runtime taken
//! from `generator/runtime` by path), one `check-release` run on them, and `cargo xtask diff
//! --semver`, which prints the checker's verdict beside the report's for every changed spec.
//! `agreement.rs` is the test that requires both to agree on scripted spec edits.

#[cfg(test)]
mod agreement;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use generator::emit::package::RuntimeForm;
use generator::review::Bump;
use generator::{Generator, Settings};

use crate::error::Error;

/// The pinned cargo-semver-checks (it reads the rustdoc JSON of rustc 1.95).
pub const VERSION: &str = "0.51.0";

/// Where the checker is installed, under the workspace's `target/`.
pub fn tools_root(root: &Path) -> PathBuf {
    root.join("target/tools")
}

/// The installed checker's binary.
pub fn checker_path(root: &Path) -> PathBuf {
    tools_root(root).join("bin/cargo-semver-checks")
}

/// The checker, when the pinned version is installed.
pub fn installed(root: &Path) -> Option<PathBuf> {
    let path = checker_path(root);
    let out = Command::new(&path).arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    (out.status.success() && text.split_whitespace().any(|w| w == VERSION)).then_some(path)
}

/// The checker, installed first when missing: `cargo install --locked --version VERSION --root
/// target/tools`, with the release profile made cheap to build (no LTO, 256 codegen units,
/// opt-level 0, no debug info: 5 min of CPU against 14 at opt-level 1, and the checks take as
/// long; the figures are in the README).
pub fn ensure_checker(root: &Path) -> Result<PathBuf, Error> {
    if let Some(path) = installed(root) {
        return Ok(path);
    }
    println!("installing cargo-semver-checks {VERSION} into target/tools (once; a few minutes)…");
    let started = Instant::now();
    let tools = tools_root(root);
    let status = Command::new("cargo")
        .args(["install", "--locked", "--version", VERSION, "--root"])
        .arg(&tools)
        .arg("cargo-semver-checks")
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "0")
        .current_dir(root)
        .status()
        .map_err(|source| Error::Spawn {
            program: "cargo install".into(),
            source,
        })?;
    if !status.success() {
        return Err(Error::Failed {
            command: format!("cargo install --locked --version {VERSION} cargo-semver-checks"),
            status,
        });
    }
    println!(
        "installed cargo-semver-checks {VERSION} in {:.0} s",
        started.elapsed().as_secs_f32()
    );
    installed(root).ok_or_else(|| {
        Error::Semver(format!(
            "{} does not report version {VERSION} after installing it",
            checker_path(root).display()
        ))
    })
}

/// Writes the crate `name` generated from `spec` (its text; `path` is where it lives, for the
/// crate name and relative references) into `dir`, version 1.0.0 (so the checker reads major,
/// minor and patch as they are), depending on `generator/runtime` by path.
pub fn write_crate(
    root: &Path,
    spec: &str,
    path: &Path,
    name: &str,
    dir: &Path,
) -> Result<(), Error> {
    let runtime = root.join("generator/runtime");
    let settings = Settings {
        crate_name: Some(name.to_string()),
        header: "Generated for a semver check.".into(),
        runtime: RuntimeForm::Path(runtime.to_string_lossy().into_owned()),
        ..Default::default()
    };
    let output = Generator::new(settings)
        .generate_str(spec, path)
        .map_err(|diagnostics| Error::Generation {
            diagnostics,
            note: "while generating a crate for the semver check",
        })?;
    let _ = std::fs::remove_dir_all(dir);
    for f in &output.files {
        let target = dir.join(&f.path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
        }
        let mut contents = f.contents.clone();
        if f.path == "Cargo.toml" {
            contents = contents.replacen("version = \"0.1.0\"", "version = \"1.0.0\"", 1);
            // Its own workspace, so that no enclosing one claims it.
            contents.push_str("\n[workspace]\n");
        }
        std::fs::write(&target, contents).map_err(|e| Error::io("write", &target, e))?;
    }
    let lock = root.join("Cargo.lock");
    let _ = std::fs::copy(&lock, dir.join("Cargo.lock"));
    Ok(())
}

/// What cargo-semver-checks said about one pair of crates.
#[derive(Debug, Clone)]
pub struct CheckerVerdict {
    /// The bump it requires (`Patch` for "no semver update required").
    pub bump: Bump,
    /// The failed lints, by name.
    pub lints: Vec<String>,
    /// Its whole output.
    pub output: String,
}

/// Runs `cargo semver-checks check-release --baseline-root OLD --manifest-path NEW/Cargo.toml`
/// with the rustdoc builds in `target_dir` (shared between runs, so dependencies are documented
/// once). Cargo runs offline first (the dependencies are those of this workspace's lock file,
/// normally in the local registry already: that saves an index update per run, about 3 s), and
/// online when that fails.
pub fn check(
    checker: &Path,
    old: &Path,
    new: &Path,
    target_dir: &Path,
) -> Result<CheckerVerdict, Error> {
    check_once(checker, old, new, target_dir, true)
        .or_else(|_| check_once(checker, old, new, target_dir, false))
}

fn check_once(
    checker: &Path,
    old: &Path,
    new: &Path,
    target_dir: &Path,
    offline: bool,
) -> Result<CheckerVerdict, Error> {
    let output = Command::new(checker)
        .args([
            "semver-checks",
            "check-release",
            "--color",
            "never",
            "--baseline-root",
        ])
        .arg(old)
        .arg("--manifest-path")
        .arg(new.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target_dir)
        .env("CARGO_NET_OFFLINE", if offline { "true" } else { "false" })
        .output()
        .map_err(|source| Error::Spawn {
            program: checker.display().to_string(),
            source,
        })?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let summary = text
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("Summary "))
        .ok_or_else(|| Error::Semver(format!("cargo-semver-checks printed no summary:\n{text}")))?;
    let bump = if summary.starts_with("no semver update required") {
        Bump::Patch
    } else if summary.contains("new major version") {
        Bump::Major
    } else if summary.contains("new minor version") {
        Bump::Minor
    } else {
        return Err(Error::Semver(format!(
            "cannot read cargo-semver-checks' summary `{summary}`:\n{text}"
        )));
    };
    let lints = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("--- failure "))
        .filter_map(|l| l.split(':').next())
        .map(|l| l.trim().to_string())
        .collect();
    Ok(CheckerVerdict {
        bump,
        lints,
        output: text,
    })
}

/// `cargo xtask diff --semver`: for every spec in both versions, the report's bump and the
/// checker's, side by side. The crates are written under a temporary directory; the rustdoc
/// builds are kept in `target/semver-check`.
pub fn compare_specs(root: &Path, args: &[String]) -> Result<(), Error> {
    let versions = versions(root, args)?;
    let checker = ensure_checker(root)?;
    let scratch = std::env::temp_dir().join(format!("xtask-semver-{}", std::process::id()));
    let target_dir = root.join("target/semver-check");
    println!("\n## cargo-semver-checks {VERSION}\n");
    let mut result = Ok(());
    for v in versions {
        let (Some((old, _)), Some((new, _))) = (&v.old, &v.new) else {
            continue;
        };
        if old == new {
            continue;
        }
        let report = generator::review::cli::spec_report(
            &v.file,
            v.module.clone(),
            &v.path,
            Some((old, "old")),
            Some((new, "new")),
        )
        .map_err(Error::Semver)?;
        let ours = report
            .iter()
            .flat_map(|r| &r.changes)
            .map(|c| c.verdict.rust)
            .max()
            .unwrap_or(Bump::Patch);
        let (old_dir, new_dir) = (
            scratch.join(&v.module).join("old"),
            scratch.join(&v.module).join("new"),
        );
        let checked = write_crate(root, old, &v.path, &v.module, &old_dir)
            .and_then(|()| write_crate(root, new, &v.path, &v.module, &new_dir))
            .and_then(|()| check(&checker, &old_dir, &new_dir, &target_dir));
        match checked {
            Ok(theirs) => {
                println!(
                    "- `{}`: review {}, cargo-semver-checks {}{}",
                    v.file,
                    ours.label(),
                    theirs.bump.label(),
                    if theirs.lints.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", theirs.lints.join(", "))
                    }
                );
                if ours != theirs.bump {
                    println!(
                        "  They differ (the README's `cargo xtask diff` section lists the cases \
                         the checker has no lint for). Its output:\n{}",
                        theirs.output
                    );
                }
            }
            Err(e) => {
                println!("- `{}`: cargo-semver-checks could not run: {e}", v.file);
                result = Err(e);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

/// The spec versions `diff` compares: `--old`/`--new` files, or git's base revision and the
/// working tree.
fn versions(
    root: &Path,
    args: &[String],
) -> Result<Vec<generator::review::cli::SpecVersions>, Error> {
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map(String::as_str)
    };
    if let (Some(old), Some(new)) = (value("--old"), value("--new")) {
        let read = |p: &str| std::fs::read_to_string(p).map_err(|e| Error::io("read", p, e));
        let path = PathBuf::from(new);
        return Ok(vec![generator::review::cli::SpecVersions {
            file: new.to_string(),
            module: generator::review::cli::module_of(Path::new(old)),
            old: Some((read(old)?, old.to_string())),
            new: Some((read(new)?, new.to_string())),
            path,
        }]);
    }
    let (_, versions) =
        generator::review::cli::git_versions(root, value("--base")).map_err(Error::Semver)?;
    Ok(versions)
}
