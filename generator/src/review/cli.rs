//! The `diff` command, as `cargo xtask diff` and the generator's binary run it: arguments, the
//! specs that differ between a git revision and the working tree (git plumbing) or two files
//! given with `--old`/`--new`, loading and modelling each version, the report's format, and
//! `--fail-on`.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::report::{self, Report, SpecReport, SpecStatus};
use super::{compare, Bump, Change, ChangeKind, Severity, Side};

const HELP: &str = "\
cargo xtask diff [--base REV] [--format markdown|json|github] [--fail-on ERR|WARN]
                 [--fail-on-rust major|minor] [--semver]
cargo xtask diff --old FILE --new FILE [--format ...] [--fail-on ...] [--fail-on-rust ...]

Reports what changed for callers of the generated client in every spec under specs/ that
differs between git revision REV and the working tree (specs added or removed included):
operations, parameters, request and response fields, types, enum values, constraints, status
codes, media types and security. Each change is classified ERR (breaks callers), WARN (may
break) or INFO, names the generated Rust items whose signatures change
(`paycross::Client::create_customer`, `paycross::types::CustomerCreate::email`), and carries
two verdicts: wire (does an HTTP client built against the old spec break: breaks, may break,
none) and Rust (the generated crate's semver bump: major, minor or patch, with `behaviour may
change` when items keep their signatures but act differently). The report ends with the
bump the whole change needs.

Options:
  --base REV        Revision to compare with (default: `git merge-base HEAD main`, or HEAD
                    when that is HEAD itself or cannot be found)
  --old FILE        Compare two spec files directly instead of using git (needs --new)
  --new FILE
  --format FORMAT   markdown (default, for a pull-request comment), json (a stable structure,
                    documented in generator/src/review/mod.rs), or github (::error/::warning/::notice
                    workflow commands that annotate the spec files)
  --fail-on LEVEL   Exit non-zero when a change of severity LEVEL (ERR or WARN) or worse exists;
                    by default the exit code is 0 whatever the changes
  --fail-on-rust BUMP
                    Exit non-zero when the generated crate needs a BUMP (major or minor) version
                    bump or a bigger one
  --semver          (cargo xtask diff only) Also generate the old and new crates of each changed
                    spec and run the pinned cargo-semver-checks on them (installed under
                    target/tools on first use), printing its verdict beside the report's
  -h, --help        This help

Severities, in short: ERR for removed operations, response fields or success statuses, new
required parameters or request fields, type changes, tightened request constraints, enum values
removed from requests, renamed methods (operationId changes); WARN for enum values added to
responses, Rust fields turning into Option<T>, removed public items; INFO for additions and
loosened request constraints.

Rust verdicts, in short: major when an item goes, is renamed or changes type, when `new`
gains or loses an argument (a required field added, removed or changing presence) and when a
server is added or removed (`Server` is exhaustive); minor for new operations, optional
properties and parameters, enum values, union alternatives and error statuses (the structs
and enums are #[non_exhaustive]); patch for docs, deprecations, constraints and media types.";

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Markdown,
    Json,
    Github,
}

/// Why `diff` stopped: bad arguments, a spec that cannot be read or modelled (or git failing),
/// or changes at the `--fail-on` level (the report was printed first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CliError {
    /// The arguments are wrong; the message ends with the help.
    Usage(String),
    /// A spec could not be read, parsed or modelled, or git failed.
    Input(String),
    /// `--fail-on LEVEL` and a change of that severity or worse exists.
    FailOn(String),
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::Usage(m) | CliError::Input(m) | CliError::FailOn(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for CliError {}

/// The value after `name`, if given.
fn value<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

/// Refuses unknown arguments and options without their value; `Ok(false)` for `--help`.
fn check_args(args: &[String]) -> Result<bool, CliError> {
    const WITH_VALUE: [&str; 6] = [
        "--base",
        "--format",
        "--fail-on",
        "--fail-on-rust",
        "--old",
        "--new",
    ];
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        if a == "-h" || a == "--help" {
            return Ok(false);
        } else if WITH_VALUE.contains(&a) {
            if i + 1 >= args.len() {
                return Err(CliError::Usage(format!("`{a}` needs a value\n\n{HELP}")));
            }
            i += 2;
        } else {
            return Err(CliError::Usage(format!(
                "unexpected argument `{a}`\n\n{HELP}"
            )));
        }
    }
    Ok(true)
}

/// `diff` in the git checkout holding the current directory: prints the report to standard
/// output.
pub fn run(args: &[String]) -> Result<(), CliError> {
    let dir = std::env::current_dir()
        .map_err(|e| CliError::Input(format!("cannot read the current directory: {e}")))?;
    let top = git(&dir, &["rev-parse", "--show-toplevel"]).unwrap_or_default();
    let root = if top.is_empty() {
        dir
    } else {
        PathBuf::from(top)
    };
    run_in(args, &root)
}

/// `diff` for the repository at `root` (whose `specs/` it compares): prints the report to
/// standard output.
pub fn run_in(args: &[String], root: &Path) -> Result<(), CliError> {
    if !check_args(args)? {
        println!("{HELP}");
        return Ok(());
    }
    let format = match value(args, "--format").unwrap_or("markdown") {
        "markdown" | "md" => Format::Markdown,
        "json" => Format::Json,
        "github" => Format::Github,
        other => {
            return Err(CliError::Usage(format!(
                "unknown format `{other}`: expected markdown, json or github\n\n{HELP}"
            )))
        }
    };
    let fail_on = match value(args, "--fail-on") {
        None => None,
        Some(s) => match Severity::parse(s) {
            Some(Severity::Info) | None => {
                return Err(CliError::Usage(format!(
                    "`--fail-on` takes ERR or WARN, not `{s}`"
                )))
            }
            some => some,
        },
    };
    let fail_on_rust = match value(args, "--fail-on-rust") {
        None => None,
        Some(s) => match Bump::parse(s) {
            Some(Bump::Patch) | None => {
                return Err(CliError::Usage(format!(
                    "`--fail-on-rust` takes major or minor, not `{s}`"
                )))
            }
            some => some,
        },
    };
    let report = match (value(args, "--old"), value(args, "--new")) {
        (Some(old), Some(new)) => {
            if value(args, "--base").is_some() {
                return Err(CliError::Usage(
                    "`--base` cannot be combined with `--old`/`--new`".into(),
                ));
            }
            files_report(Path::new(old), Path::new(new)).map_err(CliError::Input)?
        }
        (None, None) => git_report(root, value(args, "--base")).map_err(CliError::Input)?,
        _ => {
            return Err(CliError::Usage(format!(
                "`--old` and `--new` go together\n\n{HELP}"
            )))
        }
    };
    let text = match format {
        Format::Markdown => report::markdown(&report),
        Format::Json => report::json(&report),
        Format::Github => report::github(&report),
    };
    print!("{text}");
    match failure(&report, fail_on).or_else(|| rust_failure(&report, fail_on_rust)) {
        Some(message) => Err(CliError::FailOn(message)),
        None => Ok(()),
    }
}

/// The error that sets a non-zero exit code when `--fail-on-rust BUMP` is given and the
/// generated crate needs that bump or a bigger one.
pub fn rust_failure(report: &Report, fail_on: Option<Bump>) -> Option<String> {
    let level = fail_on?;
    let bump = report.bump()?;
    (bump >= level).then(|| {
        format!(
            "diff: the generated crate needs a {} version bump (--fail-on-rust {})",
            bump.label(),
            level.label()
        )
    })
}

/// The error that sets a non-zero exit code when `--fail-on LEVEL` is given and a change of that
/// severity or worse exists.
pub fn failure(report: &Report, fail_on: Option<Severity>) -> Option<String> {
    let level = fail_on?;
    if report.worst()? < level {
        return None;
    }
    let [e, w, i] = report.counts();
    let n = match level {
        Severity::Err => e,
        Severity::Warn => e + w,
        Severity::Info => e + w + i,
    };
    Some(format!(
        "diff: {n} change(s) of severity {} or worse (--fail-on {})",
        level.label(),
        level.label()
    ))
}

/// A loaded version of a spec.
struct Loaded {
    doc: openapiv3::OpenAPI,
    api: crate::model::Api,
}

/// Loads and models `text` through the generator's one entry point; errors name `label` (the
/// file, and the revision it came from) and list what the generator refuses.
fn load(text: &str, path: &Path, label: &str) -> Result<Loaded, String> {
    let generator = crate::pipeline::Generator::new(crate::pipeline::Settings::default());
    let (document, modelled) = generator
        .load_and_model(text, path)
        .map_err(|diagnostics| {
            let lines: Vec<String> = diagnostics
                .iter()
                .filter(|d| d.severity == crate::diag::Severity::Error)
                .map(ToString::to_string)
                .collect();
            format!("cannot read {label}:\n{}", lines.join("\n"))
        })?;
    Ok(Loaded {
        doc: document.api,
        api: modelled.api,
    })
}

/// The module name of a spec file (`specs/pay-cross.yaml` → `pay_cross`).
pub fn module_of(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
    crate::model::to_field_name(stem)
}

/// Compares one spec's two versions (either may be absent). `file` is shown to the reader,
/// `module` is the spec's Rust module, `path` is where the spec lives (for relative references),
/// and the labels name each version in errors. Returns `None` when the two texts are identical.
pub fn spec_report(
    file: &str,
    module: String,
    path: &Path,
    old: Option<(&str, &str)>,
    new: Option<(&str, &str)>,
) -> Result<Option<SpecReport>, String> {
    let (status, changes) = match (old, new) {
        (None, None) => return Ok(None),
        (Some((a, _)), Some((b, _))) if a == b => return Ok(None),
        (Some((text, label)), None) => {
            load(text, path, label)?;
            let change = Change {
                severity: Severity::Err,
                kind: ChangeKind::SpecRemoved,
                message: format!(
                    "spec removed: module `{module}` and everything in it are no longer generated"
                ),
                pointer: String::new(),
                items: vec![module.clone()],
                line: None,
                verdict: super::verdict::judge(ChangeKind::SpecRemoved, Severity::Err),
            };
            (SpecStatus::Removed, vec![change])
        }
        (None, Some((text, label))) => {
            let new = load(text, path, label)?;
            let change = Change {
                severity: Severity::Info,
                kind: ChangeKind::SpecAdded,
                message: format!(
                    "new spec: module `{module}` with {} operation(s) and {} type(s)",
                    new.api.operations.len(),
                    new.api.types.len()
                ),
                pointer: String::new(),
                items: vec![module.clone()],
                line: None,
                verdict: super::verdict::judge(ChangeKind::SpecAdded, Severity::Info),
            };
            (SpecStatus::Added, vec![change])
        }
        (Some((a, la)), Some((b, lb))) => {
            let old = load(a, path, la)?;
            let new = load(b, path, lb)?;
            let mut changes = compare(
                &module,
                Side {
                    doc: &old.doc,
                    api: &old.api,
                },
                Side {
                    doc: &new.doc,
                    api: &new.api,
                },
            );
            for c in &mut changes {
                c.line = report::locate(b, &c.pointer);
            }
            (SpecStatus::Modified, changes)
        }
    };
    Ok(Some(SpecReport {
        file: file.to_string(),
        module,
        status,
        changes,
    }))
}

/// `--old FILE --new FILE`.
pub fn files_report(old: &Path, new: &Path) -> Result<Report, String> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))
    };
    let (a, b) = (read(old)?, read(new)?);
    let (la, lb) = (old.display().to_string(), new.display().to_string());
    // The module is named after the spec being changed (`--old`), so that a scratch copy given
    // as `--new` still reports the real Rust paths.
    let specs = spec_report(&lb, module_of(old), new, Some((&a, &la)), Some((&b, &lb)))?
        .into_iter()
        .collect();
    Ok(Report {
        compared: format!("`{la}` → `{lb}`"),
        specs,
    })
}

/// Runs git in `dir` and returns its trimmed standard output.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_string())
    } else {
        Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// Runs git in `dir` and returns its standard output as it is, or `None` when it fails (a file
/// missing at that revision).
fn git_raw(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The revision to compare with: `--base`, else the merge-base with `main`, else `HEAD`.
fn base_revision(dir: &Path, base: Option<&str>) -> Result<(String, String), String> {
    if let Some(rev) = base {
        let sha = git(
            dir,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{rev}^{{commit}}"),
            ],
        )
        .map_err(|_| format!("`{rev}` is not a revision of this repository"))?;
        return Ok((rev.to_string(), sha));
    }
    let head = git(dir, &["rev-parse", "HEAD"])
        .map_err(|e| format!("cannot find HEAD (is this a git checkout?): {e}"))?;
    match git(dir, &["merge-base", "HEAD", "main"]) {
        Ok(mb) if !mb.is_empty() && mb != head => Ok(("merge-base with main".to_string(), mb)),
        _ => Ok(("HEAD".to_string(), head)),
    }
}

/// Whether a file name is a spec (`.yaml`, `.yml`, `.json`).
fn is_spec(name: &str) -> bool {
    [".yaml", ".yml", ".json"].iter().any(|e| name.ends_with(e))
}

/// One spec file at the base revision and in the working tree (either may be missing).
#[derive(Debug, Clone)]
pub struct SpecVersions {
    /// `specs/paycross.yaml`.
    pub file: String,
    /// Its Rust module (`paycross`).
    pub module: String,
    /// Where it lives in the working tree.
    pub path: PathBuf,
    /// Its text at the base revision, and how errors name that version.
    pub old: Option<(String, String)>,
    /// Its text in the working tree, and how errors name that version.
    pub new: Option<(String, String)>,
}

/// The git report: every spec under `specs/` at the base revision and in the working tree.
pub fn git_report(dir: &Path, base: Option<&str>) -> Result<Report, String> {
    let (compared, versions) = git_versions(dir, base)?;
    let mut specs = Vec::new();
    for v in versions {
        let r = spec_report(
            &v.file,
            v.module,
            &v.path,
            v.old.as_ref().map(|(t, l)| (t.as_str(), l.as_str())),
            v.new.as_ref().map(|(t, l)| (t.as_str(), l.as_str())),
        )?;
        specs.extend(r);
    }
    Ok(Report { compared, specs })
}

/// Every spec under `specs/` at the base revision (`--base`, else the merge-base with `main`)
/// and in the working tree, with what was compared in a few words.
pub fn git_versions(dir: &Path, base: Option<&str>) -> Result<(String, Vec<SpecVersions>), String> {
    let (label, sha) = base_revision(dir, base)?;
    let short = &sha[..sha.len().min(7)];
    // Old versions: the spec files at the base revision (top level of specs/).
    let listing =
        git(dir, &["ls-tree", "--name-only", &format!("{sha}:specs")]).unwrap_or_default();
    let mut names: std::collections::BTreeSet<String> = listing
        .lines()
        .filter(|n| is_spec(n))
        .map(str::to_string)
        .collect();
    let specs_dir = dir.join("specs");
    if let Ok(entries) = std::fs::read_dir(&specs_dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if is_spec(&name) && e.path().is_file() {
                names.insert(name);
            }
        }
    }
    let mut versions = Vec::new();
    for name in names {
        let file = format!("specs/{name}");
        let path: PathBuf = specs_dir.join(&name);
        let old = git_raw(dir, &["cat-file", "blob", &format!("{sha}:{file}")]);
        let new = match std::fs::read_to_string(&path) {
            Ok(t) => Some(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(format!("cannot read {file}: {e}")),
        };
        let old_label = format!("{file} at {short}");
        let new_label = format!("{file} (working tree)");
        versions.push(SpecVersions {
            module: module_of(&path),
            old: old.map(|t| (t, old_label)),
            new: new.map(|t| (t, new_label)),
            file,
            path,
        });
    }
    let compared = if label == "HEAD" || base.is_some() {
        format!("`{label}` ({short}) → working tree")
    } else {
        format!("{label} ({short}) → working tree")
    };
    Ok((compared, versions))
}
