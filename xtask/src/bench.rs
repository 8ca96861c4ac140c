//! `cargo xtask bench [--peers] [--binary] [--github]`: the benchmarks that are whole commands rather than functions
//! (the functions are criterion benchmarks: `cargo bench`). Prints Markdown tables and writes
//! them to `target/bench/results.md`; every command's output is kept in `target/bench/logs/`.
//!
//! Every command runs under `/usr/bin/time -v` (wall time and peak resident memory of the
//! largest process it waited for, e.g. one rustc) in its own process group, killed with the
//! whole group when it outlives its time limit. The 1-minute load average is noted with every
//! measurement: on a shared machine, numbers taken under load are slower.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::util::{root, Args};

mod binary;

const HELP: &str = "\
cargo xtask bench [--peers] [--binary] [--github]

Measures, and prints as Markdown tables (also written to target/bench/results.md):
  (a) `cargo check` of the crate generated from GitHub's REST spec (npm `@octokit/openapi`,
      installed by `npm ci`): cold with its dependencies, then the crate alone (default
      features: `full`), then the crate alone with one tag's feature (`issues`)
  (b) `cargo xtask codegen` when nothing changed (5 runs, median)
  (c) cold `cargo build -p generated --features X` per provider feature
Everything runs under target/bench/. Each step has a time limit.

Options:
  --peers   Also install (under target/bench/) and run progenitor and openapi-generator's Rust
            generator on the same specs: generation time and memory, lines generated, and
            `cargo check` of their output, as ratios to ours
  --binary  Also (e): a release binary calling one GitHub operation, with GitHub's crate as
            generated before per-tag features (the generator at their parent commit, built
            from `git archive`) and now with `issues` alone: crate + binary build time and
            the binary's size (slow: two cold release builds)
  --github  GitHub's rows only: skip (b) and (c), and in (d) run openapi-generator on GitHub's
            spec alone (progenitor cannot generate it)";

/// GitHub's REST description, installed by `npm ci` (npm `@octokit/openapi`, pinned).
pub const GITHUB: &str = "node_modules/@octokit/openapi/generated/api.github.com.json";
const PROGENITOR_VERSION: &str = "0.15.1";
const OPENAPI_GENERATOR_VERSION: &str = "7.26.0";

const MINUTE: Duration = Duration::from_secs(60);

/// One command's outcome.
#[derive(Clone)]
struct Measured {
    ok: bool,
    wall: Duration,
    max_rss_kb: Option<u64>,
    /// User plus system CPU seconds of the command and its children (`/usr/bin/time`): less
    /// sensitive than wall time to what else runs on the machine.
    cpu_secs: Option<f64>,
    load: String,
    /// Why it failed (a short excerpt of its output), empty on success.
    failure: String,
    /// For the median of several runs ([`median_of_runs`]): how many, and their wall times'
    /// range; empty for one run.
    spread: String,
}

impl Measured {
    fn secs(&self) -> String {
        format!("{:.2} s", self.wall.as_secs_f64())
    }

    fn rss(&self) -> String {
        match self.max_rss_kb {
            Some(kb) => human_kb(kb),
            None => "?".into(),
        }
    }

    /// Wall time with the CPU time beside it, or the failure.
    fn secs_or_failure(&self) -> String {
        if self.ok {
            match self.cpu_secs {
                Some(cpu) => format!("{} (CPU {cpu:.2} s{})", self.secs(), self.spread),
                None => format!("{}{}", self.secs(), self.spread),
            }
        } else {
            format!("failed: {}", self.failure)
        }
    }
}

fn human_kb(kb: u64) -> String {
    let mib = kb as f64 / 1024.0;
    if mib >= 1024.0 {
        format!("{:.2} GiB", mib / 1024.0)
    } else {
        format!("{mib:.0} MiB")
    }
}

/// The 1-minute load average, as `/proc/loadavg` says.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

/// How many times each generator generates (fresh output directory each time); tables show the
/// median. One run of a one-second command swings by 2× with what the machine did just before
/// (page cache, memory to reclaim); the checks, tens of seconds each, run once.
const GENERATE_RUNS: usize = 3;

/// Runs `run` [`GENERATE_RUNS`] times, removing `out` before each, and gives the run with the
/// median wall time, its CPU time the median CPU time and its peak RSS the largest; failed if
/// any run failed.
fn median_of_runs(out: &Path, run: impl Fn() -> Measured) -> Measured {
    let mut runs: Vec<Measured> = Vec::new();
    for _ in 0..GENERATE_RUNS {
        let _ = std::fs::remove_dir_all(out);
        let m = run();
        if !m.ok {
            return m;
        }
        runs.push(m);
    }
    let mut cpus: Vec<f64> = runs.iter().filter_map(|m| m.cpu_secs).collect();
    cpus.sort_by(f64::total_cmp);
    let rss = runs.iter().filter_map(|m| m.max_rss_kb).max();
    runs.sort_by_key(|m| m.wall);
    let (fastest, slowest) = (runs[0].wall, runs[runs.len() - 1].wall);
    let median = runs.swap_remove(runs.len() / 2);
    Measured {
        cpu_secs: cpus.get(cpus.len() / 2).copied(),
        max_rss_kb: rss,
        spread: format!(
            "; median of {GENERATE_RUNS}, wall {:.2}–{:.2} s",
            fastest.as_secs_f64(),
            slowest.as_secs_f64()
        ),
        ..median
    }
}

/// Where logs go.
fn logs() -> PathBuf {
    root().join("target/bench/logs")
}

/// Runs `program args` in `dir` under `/usr/bin/time -v`, output to `logs/<name>.log`, killed
/// (with its process group) after `limit`.
fn measure(
    name: &str,
    dir: &Path,
    program: &str,
    args: &[&str],
    envs: &[(&str, &str)],
    limit: Duration,
) -> Measured {
    use std::os::unix::process::CommandExt;

    let _ = std::fs::create_dir_all(logs());
    let log_path = logs().join(format!("{name}.log"));
    let time_path = logs().join(format!("{name}.time"));
    let _ = std::fs::remove_file(&time_path);
    let load = load();
    let fail = |wall: Duration, failure: String| Measured {
        ok: false,
        wall,
        max_rss_kb: None,
        cpu_secs: None,
        load: load.clone(),
        failure,
        spread: String::new(),
    };
    let (log_out, log_err) =
        match std::fs::File::create(&log_path).and_then(|f| f.try_clone().map(|g| (f, g))) {
            Ok(pair) => pair,
            Err(e) => {
                return fail(
                    Duration::ZERO,
                    format!("cannot create {}: {e}", log_path.display()),
                )
            }
        };
    let timed = Path::new("/usr/bin/time").exists();
    let mut command = if timed {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-v").arg("-o").arg(&time_path).arg(program);
        c
    } else {
        Command::new(program)
    };
    command
        .args(args)
        .current_dir(dir)
        .envs(envs.iter().copied())
        .stdin(Stdio::null())
        .stdout(log_out)
        .stderr(log_err)
        .process_group(0);
    eprintln!(
        "bench: {name}: {program} {} (limit {} s)",
        args.join(" "),
        limit.as_secs()
    );
    let started = Instant::now();
    let mut child = match command.spawn() {
        Ok(c) => c,
        Err(e) => return fail(Duration::ZERO, format!("cannot run `{program}`: {e}")),
    };
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() > limit => {
                // Only the group we started.
                let _ = Command::new("kill")
                    .args(["-KILL", &format!("-{}", child.id())])
                    .status();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return fail(started.elapsed(), format!("cannot wait: {e}")),
        }
    };
    let wall = started.elapsed();
    let time_report = std::fs::read_to_string(&time_path).unwrap_or_default();
    let max_rss_kb = time_report
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse().ok());
    let seconds = |label: &str| {
        time_report.lines().find_map(|l| {
            l.trim()
                .strip_prefix(label)
                .and_then(|v| v.trim().parse::<f64>().ok())
        })
    };
    let cpu_secs = seconds("User time (seconds): ")
        .and_then(|user| seconds("System time (seconds): ").map(|sys| user + sys));
    let Some(status) = status else {
        return Measured {
            max_rss_kb,
            ..fail(wall, format!("timed out after {} s", limit.as_secs()))
        };
    };
    if status.success() {
        Measured {
            ok: true,
            wall,
            max_rss_kb,
            cpu_secs,
            load,
            failure: String::new(),
            spread: String::new(),
        }
    } else {
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        Measured {
            max_rss_kb,
            ..fail(wall, excerpt(&log, status))
        }
    }
}

/// The first error-looking line of a failed command's output (or its last line), shortened.
fn excerpt(log: &str, status: std::process::ExitStatus) -> String {
    let lines: Vec<&str> = log
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("Command exited with non-zero status"))
        .collect();
    let found = lines.iter().position(|l| {
        let lower = l.to_lowercase();
        lower.starts_with("error") || lower.contains("exception") || lower.contains("panicked")
    });
    let line = match found {
        // A panic's message is on the line after "panicked at FILE:LINE:COL:".
        Some(i) if lines[i].ends_with(':') && i + 1 < lines.len() => {
            format!("{} {}", lines[i], lines[i + 1])
        }
        Some(i) => lines[i].to_string(),
        None => lines.last().map(|l| l.to_string()).unwrap_or_default(),
    };
    let mut text: String = line.replace('|', "\\|").chars().take(200).collect();
    if line.chars().count() > 200 {
        text.push('…');
    }
    format!("{text} ({status})")
}

/// Lines of Rust in `dir` (recursively, `target/` excluded).
fn rust_lines(dir: &Path) -> u64 {
    let mut total = 0;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "target") {
                continue;
            }
            total += rust_lines(&path);
        } else if path.extension().is_some_and(|x| x == "rs") {
            total += std::fs::read_to_string(&path)
                .map(|s| s.lines().count() as u64)
                .unwrap_or(0);
        }
    }
    total
}

/// Makes a generated crate its own workspace with our lock file as a starting point.
fn standalone(dir: &Path) -> Result<(), Error> {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| Error::io("read", &manifest, e))?;
    if !text.lines().any(|l| l.trim() == "[workspace]") {
        std::fs::write(&manifest, format!("{text}\n[workspace]\n"))
            .map_err(|e| Error::io("write", &manifest, e))?;
    }
    let lock = dir.join("Cargo.lock");
    std::fs::copy(root().join("Cargo.lock"), &lock).map_err(|e| Error::io("write", &lock, e))?;
    Ok(())
}

/// Marks every `.rs` file of `dir/src` as modified, so the next check recompiles the crate.
fn touch_sources(dir: &Path) {
    let _ = Command::new("find")
        .arg(dir.join("src"))
        .args(["-name", "*.rs", "-exec", "touch", "{}", "+"])
        .status();
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// `cargo check` of a standalone crate with one tag's feature alone, after [`check`] built its
/// dependencies: sources touched, no incremental reuse, so it measures the crate alone.
fn check_tag(name: &str, dir: &Path, target: &Path, tag: &str) -> Measured {
    let target = target.to_string_lossy().into_owned();
    let envs = [
        ("CARGO_TARGET_DIR", target.as_str()),
        ("CARGO_INCREMENTAL", "0"),
    ];
    touch_sources(dir);
    measure(
        &format!("{name}-check-{tag}"),
        dir,
        &cargo(),
        &["check", "--no-default-features", "--features", tag],
        &envs,
        10 * MINUTE,
    )
}

/// `cargo check` of a standalone crate: fetch (not timed), a check with whatever the target
/// directory lacks, then one of the crate alone (sources touched, no incremental reuse).
struct Check {
    with_deps: Measured,
    crate_only: Measured,
}

fn check(name: &str, dir: &Path, target: &Path, limit: Duration) -> Check {
    let target = target.to_string_lossy().into_owned();
    let envs = [
        ("CARGO_TARGET_DIR", target.as_str()),
        ("CARGO_INCREMENTAL", "0"),
    ];
    let _ = measure(
        &format!("{name}-fetch"),
        dir,
        &cargo(),
        &["fetch"],
        &envs,
        10 * MINUTE,
    );
    let with_deps = measure(
        &format!("{name}-check-deps"),
        dir,
        &cargo(),
        &["check"],
        &envs,
        limit,
    );
    if !with_deps.ok {
        return Check {
            crate_only: with_deps.clone(),
            with_deps,
        };
    }
    touch_sources(dir);
    let crate_only = measure(
        &format!("{name}-check-crate"),
        dir,
        &cargo(),
        &["check"],
        &envs,
        limit,
    );
    Check {
        with_deps,
        crate_only,
    }
}

/// Our specs: (module name, path), sorted.
fn our_specs(root: &Path) -> Vec<(String, PathBuf)> {
    crate::util::specs(root)
        .unwrap_or_default()
        .into_iter()
        .map(|s| (s.module, s.path))
        .collect()
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
            })
        })
        .unwrap_or_else(|| "?".into());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("MemTotal:")
                    .and_then(|v| v.trim().trim_end_matches(" kB").parse::<u64>().ok())
            })
        })
        .map(human_kb)
        .unwrap_or_else(|| "?".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into());
    let rustc = Command::new("rustc")
        .arg("-V")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    format!(
        "Machine: {cores} cores, {mem}, {cpu}; {rustc}; load at start {}\n",
        load()
    )
}

/// The command.
pub fn main(args: &[String]) -> Result<(), Error> {
    let args = Args::parse(args, &["--peers", "--binary", "--github"], &[], HELP)?;
    let root = root();
    let bench = root.join("target/bench");
    std::fs::create_dir_all(&bench).map_err(|e| Error::io("create", &bench, e))?;
    let mut out = String::new();
    out.push_str(&machine());

    // Our generator, built for release: the generation times below are of this binary.
    let built = measure(
        "build-xtask-release",
        &root,
        &cargo(),
        &["build", "--release", "-p", "xtask"],
        &[],
        20 * MINUTE,
    );
    if !built.ok {
        return Err(Error::Bench(format!(
            "cannot build xtask for release: {}",
            built.failure
        )));
    }
    let ours = root.join("target/release/xtask");
    let ours = ours.to_string_lossy().into_owned();

    // (a) GitHub's crate.
    let github = root.join(GITHUB);
    let mut github_ours: Option<(Measured, u64, Check)> = None;
    out.push_str("\n### (a) `cargo check` of the crate generated from GitHub's spec\n\n");
    if github.is_file() {
        let dir = bench.join("github-crate");
        let _ = std::fs::remove_dir_all(&dir);
        let spec = github.to_string_lossy().into_owned();
        let dir_s = dir.to_string_lossy().into_owned();
        let generated = median_of_runs(&dir, || {
            measure(
                "github-generate",
                &root,
                &ours,
                &[
                    "generate", "--spec", &spec, "--out", &dir_s, "--name", "github",
                ],
                &[],
                5 * MINUTE,
            )
        });
        out.push_str("| step | wall | peak RSS | load (1 min) |\n|---|---|---|---|\n");
        out.push_str(&format!(
            "| generate (release `xtask generate`) | {} | {} | {} |\n",
            generated.secs_or_failure(),
            generated.rss(),
            generated.load
        ));
        if generated.ok {
            let lines = rust_lines(&dir);
            match standalone(&dir) {
                Ok(()) => {
                    let checked = check("github", &dir, &dir.join("target"), 30 * MINUTE);
                    out.push_str(&format!(
                        "| `cargo check`, cold, with dependencies | {} | {} | {} |\n",
                        checked.with_deps.secs_or_failure(),
                        checked.with_deps.rss(),
                        checked.with_deps.load
                    ));
                    out.push_str(&format!(
                        "| `cargo check`, the crate alone (sources touched, `CARGO_INCREMENTAL=0`) | {} | {} | {} |\n",
                        checked.crate_only.secs_or_failure(),
                        checked.crate_only.rss(),
                        checked.crate_only.load
                    ));
                    if checked.crate_only.ok {
                        let tag = check_tag("github", &dir, &dir.join("target"), "issues");
                        out.push_str(&format!(
                            "| `cargo check --no-default-features --features issues`, the crate alone (issue 15: at most 1/8 of the row above) | {} | {} | {} |\n",
                            tag.secs_or_failure(),
                            tag.rss(),
                            tag.load
                        ));
                    }
                    out.push_str(&format!("\n{lines} lines of Rust generated.\n"));
                    github_ours = Some((generated, lines, checked));
                }
                Err(e) => out.push_str(&format!("\nnot checked: {e}\n")),
            }
        }
    } else {
        out.push_str(&format!(
            "skipped: {GITHUB} is missing; run `npm ci` at the workspace root.\n"
        ));
    }
    print!("{out}");

    let github_only = args.has("--github");
    // (b) codegen, nothing changed.
    if !github_only {
        let part = codegen_and_builds(&root, &bench);
        out.push_str(&part);
    }

    if args.has("--binary") {
        let part = binary::run(&root, &ours);
        print!("{part}");
        out.push_str(&part);
    }

    if args.has("--peers") {
        let part = peers(&root, &bench, &ours, github_ours, github_only);
        print!("{part}");
        out.push_str(&part);
    }

    let results = bench.join("results.md");
    std::fs::write(&results, &out).map_err(|e| Error::io("write", &results, e))?;
    println!(
        "\nwritten to {}; logs in {}",
        results.display(),
        logs().display()
    );
    Ok(())
}

/// (b) `cargo xtask codegen` with nothing changed and (c) cold builds per provider feature.
fn codegen_and_builds(root: &Path, bench: &Path) -> String {
    let root = root.to_path_buf();
    let mut out = String::new();
    let mut part = String::from("\n### (b) `cargo xtask codegen` when nothing changed\n\n");
    let fresh = measure(
        "codegen-check",
        &root,
        &cargo(),
        &["xtask", "codegen", "--check"],
        &[],
        10 * MINUTE,
    );
    if fresh.ok {
        let mut runs: Vec<Measured> = (1..=5)
            .map(|i| {
                measure(
                    &format!("codegen-{i}"),
                    &root,
                    &cargo(),
                    &["xtask", "codegen"],
                    &[],
                    5 * MINUTE,
                )
            })
            .collect();
        runs.sort_by_key(|m| m.wall);
        let all: Vec<String> = runs.iter().map(Measured::secs).collect();
        let median = &runs[runs.len() / 2];
        part.push_str(&format!(
            "| median of 5 | all runs | peak RSS | load (1 min) |\n|---|---|---|---|\n| {} | {} | {} | {} |\n",
            median.secs_or_failure(),
            all.join(", "),
            median.rss(),
            median.load
        ));
    } else {
        part.push_str(&format!(
            "skipped: `cargo xtask codegen --check` failed, so something did change ({}).\n",
            fresh.failure
        ));
    }
    print!("{part}");
    out.push_str(&part);

    // (c) cold builds per feature.
    let mut part = String::from(
        "\n### (c) Cold `cargo build -p generated --features X` (debug, own target directory)\n\n| feature | wall | peak RSS | load (1 min) |\n|---|---|---|---|\n",
    );
    for (feature, _) in our_specs(&root) {
        let target = bench.join(format!("build-{feature}"));
        let _ = std::fs::remove_dir_all(&target);
        let target_s = target.to_string_lossy().into_owned();
        let built = measure(
            &format!("build-{feature}"),
            &root,
            &cargo(),
            &["build", "-p", "generated", "--features", &feature],
            &[("CARGO_TARGET_DIR", target_s.as_str())],
            30 * MINUTE,
        );
        part.push_str(&format!(
            "| {feature} | {} | {} | {} |\n",
            built.secs_or_failure(),
            built.rss(),
            built.load
        ));
    }
    print!("{part}");
    out.push_str(&part);
    out
}

/// One generator's run on one spec.
struct Row {
    generate: Measured,
    lines: u64,
    check: Option<Measured>,
}

/// (d) progenitor and openapi-generator next to ours.
fn peers(
    root: &Path,
    bench: &Path,
    ours: &str,
    github_ours: Option<(Measured, u64, Check)>,
    github_only: bool,
) -> String {
    let mut out = String::from("\n### (d) Peers on the same specs\n\n");
    let tools_dir = bench.join("tools");
    let progenitor = tools_dir.join("bin/cargo-progenitor");
    let mut notes = Vec::new();
    if !progenitor.exists() && !github_only {
        let tools_s = tools_dir.to_string_lossy().into_owned();
        let installed = measure(
            "install-progenitor",
            root,
            &cargo(),
            &[
                "install",
                "cargo-progenitor",
                "--version",
                PROGENITOR_VERSION,
                "--locked",
                "--root",
                &tools_s,
            ],
            &[],
            30 * MINUTE,
        );
        if !installed.ok {
            notes.push(format!("progenitor: install failed: {}", installed.failure));
        }
    }
    let venv = bench.join("venv");
    let oag = venv.join("bin/openapi-generator-cli");
    if !oag.exists() {
        let venv_s = venv.to_string_lossy().into_owned();
        let made = measure(
            "venv",
            root,
            "python3",
            &["-m", "venv", &venv_s],
            &[],
            5 * MINUTE,
        );
        let pip = venv.join("bin/pip").to_string_lossy().into_owned();
        let package = format!("openapi-generator-cli=={OPENAPI_GENERATOR_VERSION}");
        let installed = if made.ok {
            measure(
                "install-openapi-generator",
                root,
                &pip,
                &["install", "--quiet", &package],
                &[],
                15 * MINUTE,
            )
        } else {
            made
        };
        if !installed.ok {
            notes.push(format!(
                "openapi-generator: install failed: {}",
                installed.failure
            ));
        }
    }
    let java = Command::new("java")
        .arg("-version")
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .next()
                .unwrap_or("")
                .to_string()
        })
        .unwrap_or_else(|e| format!("no java: {e}"));
    out.push_str(&format!(
        "Tools: ours (release `cargo xtask generate`), progenitor {PROGENITOR_VERSION} (`cargo progenitor`), openapi-generator {OPENAPI_GENERATOR_VERSION} (PyPI `openapi-generator-cli`, `-g rust --skip-validate-spec`, Java: {java}).\n\
         Check = `cargo check` of the generated crate alone (its dependencies already built, sources touched, `CARGO_INCREMENTAL=0`). Ratios are peer / ours.\n\n"
    ));
    for n in &notes {
        out.push_str(&format!("- {n}\n"));
    }

    let mut specs = Vec::new();
    if root.join(GITHUB).is_file() {
        specs.push(("github".to_string(), root.join(GITHUB)));
    }
    if !github_only {
        specs.extend(our_specs(root));
    }

    out.push_str("| spec | generator | generation | gen. peak RSS | lines of Rust | check | check peak RSS | ratios: gen. time / gen. RSS / lines / check time / check RSS | load (1 min) |\n|---|---|---|---|---|---|---|---|---|\n");
    let mut github_ours = github_ours;
    for (name, spec) in &specs {
        let spec_s = spec.to_string_lossy().into_owned();
        let mut rows: Vec<(&str, Row)> = Vec::new();
        for tool in ["ours", "progenitor", "openapi-generator"] {
            if github_only && tool == "progenitor" {
                continue;
            }
            let dir = bench.join("peers").join(tool).join(name);
            let target = bench.join("peers").join(tool).join("target");
            let dir_s = dir.to_string_lossy().into_owned();
            if tool == "ours" && name == "github" {
                if let Some((generate, lines, checked)) = github_ours.take() {
                    rows.push((
                        tool,
                        Row {
                            generate,
                            lines,
                            check: Some(checked.crate_only),
                        },
                    ));
                    continue;
                }
            }
            let _ = std::fs::remove_dir_all(&dir);
            let _ = std::fs::create_dir_all(dir.parent().unwrap_or(bench));
            let step = format!("{tool}-{name}");
            let generate = median_of_runs(&dir, || match tool {
                "ours" => measure(
                    &format!("{step}-generate"),
                    root,
                    ours,
                    &[
                        "generate", "--spec", &spec_s, "--out", &dir_s, "--name", name,
                    ],
                    &[],
                    10 * MINUTE,
                ),
                "progenitor" => measure(
                    &format!("{step}-generate"),
                    root,
                    &progenitor.to_string_lossy(),
                    &[
                        "progenitor",
                        "-i",
                        &spec_s,
                        "-o",
                        &dir_s,
                        "-n",
                        name,
                        "-v",
                        "0.1.0",
                    ],
                    &[],
                    10 * MINUTE,
                ),
                _ => {
                    let props = format!("packageName={name},packageVersion=0.1.0");
                    measure(
                        &format!("{step}-generate"),
                        root,
                        &oag.to_string_lossy(),
                        &[
                            "generate",
                            "-i",
                            &spec_s,
                            "-g",
                            "rust",
                            "-o",
                            &dir_s,
                            "--skip-validate-spec",
                            "--additional-properties",
                            &props,
                        ],
                        &[],
                        20 * MINUTE,
                    )
                }
            });
            // A generator that "succeeds" without writing a crate failed.
            let generate = if generate.ok && !dir.join("Cargo.toml").is_file() {
                Measured {
                    ok: false,
                    failure: "no Cargo.toml written".into(),
                    ..generate
                }
            } else {
                generate
            };
            let lines = rust_lines(&dir);
            let check = if generate.ok {
                Some(match standalone(&dir) {
                    Ok(()) => check(&step, &dir, &target, 40 * MINUTE).crate_only,
                    Err(e) => Measured {
                        ok: false,
                        failure: e.to_string(),
                        ..generate.clone()
                    },
                })
            } else {
                None
            };
            rows.push((
                tool,
                Row {
                    generate,
                    lines,
                    check,
                },
            ));
        }
        let base = rows.iter().find(|(t, _)| *t == "ours").map(|(_, r)| r);
        for (tool, row) in &rows {
            let ratio = |peer: Option<f64>, ours: Option<f64>| match (peer, ours) {
                (Some(p), Some(o)) if o > 0.0 => format!("×{:.1}", p / o),
                _ => "–".into(),
            };
            let ok_secs = |m: &Measured| m.ok.then_some(m.wall.as_secs_f64());
            let ok_cpu = |m: &Measured| m.cpu_secs.filter(|_| m.ok);
            let ok_rss = |m: &Measured| m.max_rss_kb.filter(|_| m.ok).map(|kb| kb as f64);
            // Wall time, and CPU time beside it: on a loaded machine the wall ratio says more
            // about the load than about the tools.
            let time_ratio = |peer: Option<&Measured>, ours: Option<&Measured>| {
                format!(
                    "{} (CPU {})",
                    ratio(peer.and_then(ok_secs), ours.and_then(ok_secs)),
                    ratio(peer.and_then(ok_cpu), ours.and_then(ok_cpu))
                )
            };
            let ratios = match base {
                Some(b) if *tool != "ours" => format!(
                    "{} / {} / {} / {} / {}",
                    time_ratio(Some(&row.generate), Some(&b.generate)),
                    ratio(ok_rss(&row.generate), ok_rss(&b.generate)),
                    ratio(
                        (row.generate.ok && row.lines > 0).then_some(row.lines as f64),
                        (b.lines > 0).then_some(b.lines as f64)
                    ),
                    time_ratio(row.check.as_ref(), b.check.as_ref()),
                    ratio(
                        row.check.as_ref().and_then(ok_rss),
                        b.check.as_ref().and_then(ok_rss)
                    ),
                ),
                _ => "1".into(),
            };
            let (check, check_rss) = match &row.check {
                Some(c) => (c.secs_or_failure(), c.rss()),
                None => ("–".into(), "–".into()),
            };
            out.push_str(&format!(
                "| {name} | {tool} | {} | {} | {} | {check} | {check_rss} | {ratios} | {} |\n",
                row.generate.secs_or_failure(),
                if row.generate.ok {
                    row.generate.rss()
                } else {
                    "–".into()
                },
                if row.generate.ok {
                    row.lines.to_string()
                } else {
                    "–".into()
                },
                row.generate.load
            ));
        }
    }
    out
}
