//! Shared by the tests that compile generated code: write a crate under `target/` and run
//! `cargo clippy -- -D warnings` (or a test written into it) on it, with dependencies shared in
//! `target/fixture-check`.

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::emit::OutFile;

/// The workspace root.
pub fn workspace() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The runtime crate's directory, absolute, for crates that depend on it.
#[allow(dead_code)] // not every test that includes this module depends on the runtime crate
pub fn runtime_path() -> String {
    workspace()
        .join("generator/runtime")
        .to_string_lossy()
        .into_owned()
}

/// `node_modules/` at the workspace root, holding `files` (paths under it): the pinned npm
/// packages of `package.json` are installed with `npm ci` first when one is missing.
#[allow(dead_code)] // only the tests that read real documents need it
pub fn node_modules(files: &[&str]) -> PathBuf {
    let workspace = workspace();
    let dir = workspace.join("node_modules");
    if !files.iter().all(|f| dir.join(f).exists()) {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&workspace)
            .status()
            .unwrap_or_else(|e| panic!("cannot run npm to install the documents: {e}"));
        assert!(status.success(), "npm ci failed");
    }
    dir
}

/// The dev-dependencies of a test run inside a generated crate against a mock server
/// ([`run_generated_test`]): an async runtime, wiremock, and streams.
#[allow(dead_code)] // only the tests that run inside a generated crate use it
pub const MOCK_SERVER_DEV_DEPENDENCIES: &str = r#"
[dev-dependencies]
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
wiremock = "0.6"
futures-util = { version = "0.3", default-features = false, features = ["std"] }
"#;

/// Writes `files` as the crate `target/<dir>`: its own workspace (so the outer one does not
/// claim it), named `package`, its manifest followed by `manifest_tail` (dev-dependencies of a
/// test written into it), resolving the workspace's locked versions. Returns the directory.
#[allow(dead_code)] // Not every test binary that includes `support` writes a crate.
pub fn write_crate(
    dir: &str,
    package: &str,
    files: &[OutFile],
    manifest_tail: &str,
) -> Result<PathBuf, String> {
    let workspace = workspace();
    let out = workspace.join("target").join(dir);
    let _ = std::fs::remove_dir_all(&out);
    for f in files {
        let path = out.join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap_or(&out)).map_err(|e| e.to_string())?;
        let mut contents = f.contents.clone();
        if f.path == "Cargo.toml" {
            if let Some(line) = contents
                .lines()
                .find(|l| l.starts_with("name = "))
                .map(str::to_string)
            {
                contents = contents.replacen(&line, &format!("name = \"{package}\""), 1);
            }
            contents.push_str(manifest_tail);
            contents.push_str("\n[workspace]\n");
        }
        std::fs::write(&path, contents).map_err(|e| e.to_string())?;
    }
    let _ = std::fs::copy(workspace.join("Cargo.lock"), out.join("Cargo.lock"));
    Ok(out)
}

/// Runs `cargo <args>` in `dir` with the shared `target/fixture-check` target directory
/// (dependencies build once for every crate the tests write).
#[allow(dead_code)] // Not every test binary that includes `support` runs cargo itself.
pub fn cargo(dir: &Path, args: &[&str]) -> Result<std::process::Output, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", workspace().join("target/fixture-check"))
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))
}

/// `cargo clippy <args> -- -D warnings` in `dir`: clippy's error output (at most `limit`
/// characters) unless it passes with no warning.
fn clippy(dir: &Path, args: &[&str], limit: usize) -> Result<(), String> {
    let mut all = vec!["clippy", "--quiet", "--all-features"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--", "-D", "warnings"]);
    let output = cargo(dir, &all)?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.success() && !stderr.contains("warning:") {
        Ok(())
    } else {
        Err(stderr.chars().take(limit).collect())
    }
}

/// Writes `files` as the crate `target/<dir>` (see [`write_crate`]) and runs clippy with
/// `-D warnings` on it (all features). Returns clippy's error output when it does not pass
/// cleanly.
#[allow(dead_code)] // Not every test binary that includes `support` checks a single crate.
pub fn clippy_crate(dir: &str, package: &str, files: &[OutFile]) -> Result<(), String> {
    let out = write_crate(dir, package, files, "")?;
    clippy(&out, &[], 20_000)
}

/// Generates `inputs` into one workspace crate (a module and a feature each, depending on the
/// runtime crate, with `header` on its own files, `lean` as `--lean`) and runs `cargo clippy
/// --all-features -- -D warnings` on it as `target/<dir>`: clippy's errors unless it is clean.
#[allow(dead_code)] // Not every test binary that includes `support` generates a workspace crate.
pub fn clippy_workspace_crate(
    dir: &str,
    header: &str,
    inputs: &[generator::pipeline::WorkspaceInput],
    lean: bool,
) -> Result<(), String> {
    let files = generator::Generator::new(generator::Settings {
        header: header.into(),
        runtime: generator::emit::package::RuntimeForm::Path(runtime_path()),
        emit: generator::emit::Options { lean },
        ..Default::default()
    })
    .generate_workspace(inputs)
    .map_err(|e| e.to_string())?
    .files;
    clippy_crate(dir, dir, &files)
}

/// Writes each `(package, files)` as a member of one workspace `target/<dir>` and runs one
/// `cargo clippy --workspace --all-features -- -D warnings` over all of them, with the shared
/// `target/fixture-check` target directory (dependencies build once for every member). Returns
/// clippy's error output when it does not pass cleanly.
#[allow(dead_code)] // Not every test binary that includes `support` checks a workspace.
pub fn clippy_workspace(dir: &str, crates: &[(String, Vec<OutFile>)]) -> Result<(), String> {
    let workspace = workspace();
    let out = workspace.join("target").join(dir);
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let mut members = Vec::new();
    for (package, files) in crates {
        let root = out.join(package);
        for f in files {
            let path = root.join(&f.path);
            std::fs::create_dir_all(path.parent().unwrap_or(&root)).map_err(|e| e.to_string())?;
            std::fs::write(&path, &f.contents).map_err(|e| e.to_string())?;
        }
        members.push(format!("{package:?}"));
    }
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(out.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    let _ = std::fs::copy(workspace.join("Cargo.lock"), out.join("Cargo.lock"));
    clippy(&out, &["--workspace", "--keep-going"], 40_000)
}

/// Generates the crate `name` from the fixture spec `fixture` (a file in `tests/fixtures/`),
/// adds `test_source` to it as `tests/<test>.rs` (with `dev_dependencies`, a `[dev-dependencies]`
/// table or nothing), and runs that test; panics with cargo's output when it fails.
#[allow(dead_code)] // Only the tests that run a generated crate's own test use it.
pub fn run_generated_test(
    fixture: &str,
    name: &str,
    test: &str,
    test_source: &str,
    dev_dependencies: &str,
) {
    let spec = workspace().join("generator/tests/fixtures").join(fixture);
    let mut files = generator::Generator::new(generator::Settings {
        crate_name: Some(name.into()),
        header: "test".into(),
        ..Default::default()
    })
    .generate(&spec)
    .unwrap_or_else(|e| panic!("{e}"))
    .files;
    files.push(OutFile {
        path: format!("tests/{test}.rs"),
        contents: test_source.into(),
    });
    let out = write_crate(name, name, &files, dev_dependencies).unwrap_or_else(|e| panic!("{e}"));
    let output =
        cargo(&out, &["test", "--quiet", "--test", test]).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        output.status.success(),
        "the test of the crate generated from {fixture} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
