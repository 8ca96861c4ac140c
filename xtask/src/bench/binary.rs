//! `cargo xtask bench --binary` (issue 15): a release binary that calls one GitHub operation
//! (`issues_get`), built against GitHub's crate as generated before per-tag features existed
//! (the generator at [`BEFORE_TAGS`], all of the crate) and as generated now with the `issues`
//! feature alone. For each: a cold release build with the dependencies (not compared), then the
//! crate plus the binary alone (sources touched, dependencies built), and the binary's size.

use std::path::Path;

use super::{cargo, measure, standalone, touch_sources, Measured, GITHUB, MINUTE};
use crate::error::Error;

/// The last commit before per-tag Cargo features (the first parent of the merge that brought
/// them to main).
pub const BEFORE_TAGS: &str = "4dd7360";

/// The program, the same for both crates: builds a client, calls one operation, prints the
/// outcome (the decoded body is used, so the decoding stays in the binary).
const MAIN_RS: &str = r#"//! Calls one GitHub operation (issue 15's release-binary benchmark).
fn main() {
    let client = github::Client::builder(github::Server::Server1)
        .build()
        .expect("a client");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    match runtime.block_on(async { client.issues_get("rust-lang", "rust", 1).await }) {
        Ok(issue) => println!("{}", issue.title),
        Err(e) => eprintln!("{e}"),
    }
}
"#;

/// One version's figures.
struct Built {
    cold: Measured,
    alone: Option<Measured>,
    size: Option<u64>,
}

/// Writes the program's crate `call-{version}` next to the generated crate `github`.
fn write_program(dir: &Path, version: &str, features: &str) -> Result<(), Error> {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| Error::io("create", &src, e))?;
    let manifest = format!(
        "[package]\nname = \"call-{version}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\ngithub = {{ path = \"../github\"{features} }}\n\
         tokio = {{ version = \"1\", features = [\"rt\"] }}\n\n[workspace]\n"
    );
    let path = dir.join("Cargo.toml");
    std::fs::write(&path, manifest).map_err(|e| Error::io("write", &path, e))?;
    let path = src.join("main.rs");
    std::fs::write(&path, MAIN_RS).map_err(|e| Error::io("write", &path, e))?;
    let lock = dir.join("Cargo.lock");
    std::fs::copy(crate::util::root().join("Cargo.lock"), &lock)
        .map_err(|e| Error::io("write", &lock, e))?;
    Ok(())
}

/// Builds `call-{version}` in `dir` for release: cold, then the generated crate and the program
/// alone.
fn build(dir: &Path, crate_dir: &Path, target: &Path, version: &str) -> Built {
    let target_s = target.to_string_lossy().into_owned();
    let envs = [
        ("CARGO_TARGET_DIR", target_s.as_str()),
        ("CARGO_INCREMENTAL", "0"),
    ];
    let cold = measure(
        &format!("binary-{version}-cold"),
        dir,
        &cargo(),
        &["build", "--release"],
        &envs,
        40 * MINUTE,
    );
    if !cold.ok {
        return Built {
            cold,
            alone: None,
            size: None,
        };
    }
    touch_sources(crate_dir);
    touch_sources(dir);
    let alone = measure(
        &format!("binary-{version}-alone"),
        dir,
        &cargo(),
        &["build", "--release"],
        &envs,
        40 * MINUTE,
    );
    let size = std::fs::metadata(target.join(format!("release/call-{version}")))
        .ok()
        .map(|m| m.len());
    Built {
        cold,
        alone: Some(alone),
        size,
    }
}

/// The generator before per-tag features, built from `git archive` into `work`: the path of
/// its binary, or why it is missing.
fn generator_before(root: &Path, work: &Path) -> Result<String, String> {
    let src = work.join("src");
    let binary = root.join("target/bench/before-tags-bin/openapi-rust-gen");
    if binary.is_file() {
        return Ok(binary.to_string_lossy().into_owned());
    }
    let _ = std::fs::remove_dir_all(&src);
    std::fs::create_dir_all(&src).map_err(|e| format!("create {}: {e}", src.display()))?;
    let archive = format!(
        "git archive {BEFORE_TAGS} | tar -x -C '{}'",
        src.to_string_lossy()
    );
    let unpacked = measure(
        "binary-before-archive",
        root,
        "sh",
        &["-c", &archive],
        &[],
        5 * MINUTE,
    );
    if !unpacked.ok {
        return Err(unpacked.failure);
    }
    // Its own target directory: cargo names a path package's artefacts by its path relative to
    // the workspace root, so in ours this generator would overwrite our own `generator`.
    let target = work.join("target").to_string_lossy().into_owned();
    let built = measure(
        "binary-before-generator",
        &src,
        &cargo(),
        &[
            "build",
            "--release",
            "-p",
            "generator",
            "--bin",
            "openapi-rust-gen",
        ],
        &[("CARGO_TARGET_DIR", target.as_str())],
        30 * MINUTE,
    );
    if !built.ok {
        return Err(built.failure);
    }
    let dir = binary.parent().unwrap_or(root);
    std::fs::create_dir_all(dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    std::fs::copy(work.join("target/release/openapi-rust-gen"), &binary)
        .map_err(|e| format!("copy the generator: {e}"))?;
    Ok(binary.to_string_lossy().into_owned())
}

/// Generates GitHub's crate with `generator` into `dir/github` and writes the program beside it.
fn prepare(
    root: &Path,
    dir: &Path,
    generator: &str,
    version: &str,
    features: &str,
) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(dir);
    let crate_dir = dir.join("github");
    let spec = root.join(GITHUB).to_string_lossy().into_owned();
    let out = crate_dir.to_string_lossy().into_owned();
    let generated = measure(
        &format!("binary-{version}-generate"),
        root,
        generator,
        &[
            "generate", "--spec", &spec, "--out", &out, "--name", "github",
        ],
        &[],
        10 * MINUTE,
    );
    if !generated.ok {
        return Err(generated.failure);
    }
    standalone(&crate_dir).map_err(|e| e.to_string())?;
    write_program(&dir.join("app"), version, features).map_err(|e| e.to_string())
}

fn size(bytes: Option<u64>) -> String {
    bytes.map_or("?".into(), |b| {
        format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0))
    })
}

/// The section's Markdown.
pub fn run(root: &Path, ours: &str) -> String {
    let mut out =
        String::from("\n### (e) A release binary calling one GitHub operation (`issues_get`)\n\n");
    if !root.join(GITHUB).is_file() {
        out.push_str(&format!(
            "skipped: {GITHUB} is missing; run `npm ci` at the workspace root.\n"
        ));
        return out;
    }
    let work = root.join("target/bench/binary");
    let before_generator = match generator_before(root, &work.join("generator-before")) {
        Ok(path) => path,
        Err(e) => {
            out.push_str(&format!(
                "skipped: cannot build the generator at {BEFORE_TAGS}: {e}\n"
            ));
            return out;
        }
    };
    // Both programs share one target directory: the dependencies are built once.
    let target = work.join("target");
    let versions = [
        (
            "before",
            before_generator.as_str(),
            "",
            "all of it (no tag features yet)",
        ),
        (
            "after",
            ours,
            ", default-features = false, features = [\"issues\"]",
            "`issues` alone",
        ),
    ];
    let mut rows = Vec::new();
    for (version, generator, features, what) in versions {
        let dir = work.join(version);
        let built = match prepare(root, &dir, generator, version, features) {
            Ok(()) => build(&dir.join("app"), &dir.join("github"), &target, version),
            Err(e) => {
                out.push_str(&format!("- {version}: not generated: {e}\n"));
                continue;
            }
        };
        rows.push((version, what, built));
    }
    out.push_str(&format!(
        "Before = GitHub's crate from the generator at `{BEFORE_TAGS}`; after = this tree's. `cargo build --release` of a program calling `issues_get` (`CARGO_INCREMENTAL=0`, one target directory); \"crate + binary\" touches both crates' sources after the cold build.\n\n\
         | version | crate compiled | cold, with dependencies | crate + binary: wall (CPU = user + sys) | peak RSS | binary size | load (1 min) |\n|---|---|---|---|---|---|---|---|\n"
    ));
    for (version, what, built) in &rows {
        let (alone, rss, load) = match &built.alone {
            Some(m) => (m.secs_or_failure(), m.rss(), m.load.clone()),
            None => ("–".into(), "–".into(), built.cold.load.clone()),
        };
        out.push_str(&format!(
            "| {version} | {what} | {} | {alone} | {rss} | {} | {load} |\n",
            built.cold.secs_or_failure(),
            size(built.size)
        ));
    }
    let ok = |b: &Built| {
        b.alone
            .as_ref()
            .filter(|m| m.ok)
            .map(|m| m.wall.as_secs_f64())
    };
    let cpu = |b: &Built| b.alone.as_ref().filter(|m| m.ok).and_then(|m| m.cpu_secs);
    if let [(_, _, before), (_, _, after)] = rows.as_slice() {
        if let (Some(b), Some(a)) = (ok(before), ok(after)) {
            out.push_str(&format!(
                "\nCrate + binary, after / before: 1/{:.1} in wall time, {} in CPU time (issue 15's goal: at most 1/4); binary size after / before: {}.\n",
                b / a,
                match (cpu(before), cpu(after)) {
                    (Some(b), Some(a)) if a > 0.0 => format!("1/{:.1}", b / a),
                    _ => "?".into(),
                },
                match (before.size, after.size) {
                    (Some(b), Some(a)) if a > 0 => format!("1/{:.2}", b as f64 / a as f64),
                    _ => "?".into(),
                }
            ));
        }
    }
    out
}
