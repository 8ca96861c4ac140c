//! Property tests of load → model → emit on random documents: never a panic, never a hang, and
//! every refusal is a diagnostic with a message.
//!
//! - `generated_specs_never_panic`: random but plausible OpenAPI 3.0 documents (see `specgen/`),
//!   rendered as JSON or YAML.
//! - `mutated_yaml_never_panics`: the real specs in `specs/` with random byte edits.
//!
//! Each case runs on its own thread with a time limit, so a hang fails the test instead of
//! stalling it. `PROPTEST_CASES=N` raises (or lowers) the number of cases; the defaults keep a
//! debug run well under a minute on two cores.

mod specgen;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

/// How long one document may take through every stage before it counts as a hang (debug build,
/// shared machine: generous).
const LIMIT: Duration = Duration::from_secs(30);

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn config(default_cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: cases(default_cases),
        // Found bugs become fixtures under tests/fixtures or tests/diagnostics instead.
        failure_persistence: None,
        max_shrink_iters: 2000,
        ..ProptestConfig::default()
    }
}

/// What happened to one document.
#[derive(Debug)]
enum Outcome {
    /// Refused while loading.
    Load,
    /// Refused while building the model.
    Model,
    /// Generated.
    Generated,
}

/// Runs every stage; `Err` describes a broken promise (a panic, an empty diagnostic, an emit
/// failure after the model accepted the document).
fn run_stages(text: &str, path: &Path, emit: bool) -> Result<Outcome, String> {
    // The load stage alone first, to tell its refusals from the model's.
    if let Err(ds) = generator::load::load_str(text, path) {
        if ds.is_empty() || !ds.has_errors() {
            return Err(format!(
                "load refused the document without an error: {ds:?}"
            ));
        }
        if let Some(d) = ds.iter().find(|d| d.message.trim().is_empty()) {
            return Err(format!("a load diagnostic without a message: {d:?}"));
        }
        return Ok(Outcome::Load);
    }
    let generator = generator::Generator::new(generator::Settings {
        crate_name: Some("prop-crate".into()),
        header: "proptest".into(),
        ..Default::default()
    });
    let modelled = match generator.model_str(text, path) {
        Ok(modelled) => modelled,
        Err(ds) => {
            if !ds.has_errors() {
                return Err(format!(
                    "the model refused the document without an error: {ds:?}"
                ));
            }
            if let Some(d) = ds.iter().find(|d| d.message.trim().is_empty()) {
                return Err(format!("a model diagnostic without a message: {d:?}"));
            }
            return Ok(Outcome::Model);
        }
    };
    if let Some(d) = modelled
        .warnings
        .iter()
        .find(|d| d.message.trim().is_empty())
    {
        return Err(format!("a warning without a message: {d:?}"));
    }
    if emit {
        // The model accepted the document: emitting must work (an emit error means tokens that
        // do not parse, a generator bug).
        let output = generator
            .emit(modelled)
            .map_err(|d| format!("emit failed after the model accepted the document: {d}"))?;
        if !output.files.iter().any(|f| f.path == "src/lib.rs") {
            return Err("no src/lib.rs".into());
        }
    }
    Ok(Outcome::Generated)
}

/// [`run_stages`] on a thread of its own, with a panic turned into a failure and [`LIMIT`] as
/// the hang detector.
fn guarded(text: String, path: PathBuf, emit: bool) -> Result<Outcome, TestCaseError> {
    // `PROPTEST_DUMP=file`: each case is written there first, to catch one that takes the whole
    // process down (runs out of memory) rather than failing.
    if let Ok(dump) = std::env::var("PROPTEST_DUMP") {
        let _ = std::fs::write(dump, &text);
    }
    let (tx, rx) = mpsc::channel();
    let handle = std::thread::Builder::new()
        .name("stages".into())
        .spawn(move || {
            let _ = tx.send(run_stages(&text, &path, emit));
        })
        .map_err(|e| TestCaseError::fail(format!("cannot spawn: {e}")))?;
    match rx.recv_timeout(LIMIT) {
        Ok(Ok(outcome)) => {
            let _ = handle.join();
            Ok(outcome)
        }
        Ok(Err(broken)) => Err(TestCaseError::fail(broken)),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(TestCaseError::fail(format!(
            "no answer within {LIMIT:?}: a hang"
        ))),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let msg = match handle.join() {
                Err(p) => p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "non-string panic".into()),
                Ok(()) => "the stage thread ended without an answer".into(),
            };
            Err(TestCaseError::fail(format!("panicked: {msg}")))
        }
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn generated_specs_never_panic(doc in specgen::document(), yaml in any::<bool>()) {
        let (text, path) = if yaml {
            (serde_yaml::to_string(&doc).unwrap_or_default(), "prop/spec.yaml")
        } else {
            (serde_json::to_string_pretty(&doc).unwrap_or_default(), "prop/spec.json")
        };
        guarded(text, PathBuf::from(path), true)?;
    }
}

/// One random edit of a text.
#[derive(Debug, Clone)]
enum Edit {
    Delete { at: usize, len: usize },
    Insert { at: usize, text: String },
    Replace { at: usize, byte: u8 },
    DuplicateLine { line: usize },
    Indent { line: usize, by: i8 },
    SwapLines { a: usize, b: usize },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Edit::Delete { at, len }),
        (
            any::<usize>(),
            prop_oneof![
                prop::sample::select(
                    &[
                        ":",
                        "- ",
                        "{",
                        "}",
                        "[",
                        "]",
                        "\"",
                        "'",
                        "\n",
                        "\t",
                        "#",
                        "&a ",
                        "*a",
                        "!!binary ",
                        "$ref: '#/components/schemas/X'",
                        "null",
                        "~",
                        "? ",
                        "|",
                        ">",
                        "type: object",
                        "\u{feff}",
                        "\r\n",
                        "  ",
                        "3.1.0",
                        "- {}",
                        "enum: [a, A, a-b]",
                        "nullable: true",
                        "{{",
                        "}}",
                        "<<: *a",
                    ][..]
                )
                .prop_map(String::from),
                "\\PC{1,6}",
            ]
        )
            .prop_map(|(at, text)| Edit::Insert { at, text }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Edit::Replace { at, byte }),
        any::<usize>().prop_map(|line| Edit::DuplicateLine { line }),
        (any::<usize>(), -4i8..4).prop_map(|(line, by)| Edit::Indent { line, by }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines { a, b }),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for e in edits {
        match e {
            Edit::Delete { at, len } => {
                if !bytes.is_empty() {
                    let at = at % bytes.len();
                    let end = (at + len).min(bytes.len());
                    bytes.drain(at..end);
                }
            }
            Edit::Insert { at, text } => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, text.bytes());
            }
            Edit::Replace { at, byte } => {
                if !bytes.is_empty() {
                    let at = at % bytes.len();
                    bytes[at] = *byte;
                }
            }
            Edit::DuplicateLine { .. } | Edit::Indent { .. } | Edit::SwapLines { .. } => {
                let s = String::from_utf8_lossy(&bytes).into_owned();
                let mut lines: Vec<String> = s.split('\n').map(String::from).collect();
                let n = lines.len();
                match e {
                    Edit::DuplicateLine { line } => {
                        let l = lines[line % n].clone();
                        lines.insert(line % n, l);
                    }
                    Edit::Indent { line, by } => {
                        let l = &mut lines[line % n];
                        if *by >= 0 {
                            l.insert_str(0, &" ".repeat(*by as usize));
                        } else {
                            let strip = l
                                .bytes()
                                .take(by.unsigned_abs() as usize)
                                .take_while(|b| *b == b' ')
                                .count();
                            l.drain(..strip);
                        }
                    }
                    Edit::SwapLines { a, b } => lines.swap(a % n, b % n),
                    _ => {}
                }
                bytes = lines.join("\n").into_bytes();
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn seed_texts() -> &'static [(PathBuf, String)] {
    static SEEDS: std::sync::OnceLock<Vec<(PathBuf, String)>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(read_seeds)
}

fn read_seeds() -> Vec<(PathBuf, String)> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [
        manifest.join("../specs"),
        manifest.join("tests/fixtures"),
        manifest.join("tests/diagnostics"),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
            .collect();
        paths.sort();
        for p in paths {
            if let Ok(text) = std::fs::read_to_string(&p) {
                out.push((p, text));
            }
        }
    }
    out
}

#[test]
fn seeds_are_there() {
    let seeds = seed_texts();
    assert!(
        seeds
            .iter()
            .any(|(p, _)| p.to_string_lossy().contains("specs")),
        "the specs/ seeds are missing"
    );
}

proptest! {
    #![proptest_config(config(256))]

    /// Random byte and line edits of the real specs and the fixtures: loading (and, when it loads,
    /// building the model) never panics or hangs.
    #[test]
    fn mutated_yaml_never_panics(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec(edit(), 1..6),
        emit in prop::bool::weighted(0.1),
    ) {
        let seeds = seed_texts();
        prop_assume!(!seeds.is_empty());
        let (path, text) = &seeds[pick.index(seeds.len())];
        let mutated = apply(text, &edits);
        guarded(mutated, path.clone(), emit)?;
    }
}
