//! The review's Rust verdict agrees with cargo-semver-checks: every scripted edit of
//! `generator/tests/semver/shop.yaml` (`generator/tests/semver/edits.rs`, at least 12) is
//! generated old and new (through the generator library, runtime by path) and checked with the
//! pinned checker; the report's bump (major/minor/patch) must equal the checker's, except for the
//! edits in [`CHECKER_GAPS`], where the checker has no lint for what the review must report and
//! the checker's own verdict is pinned instead. The checker is not installed here: `cargo xtask
//! ci` installs it before the tests (`super::ensure_checker`). All checks share one target
//! directory, so the runtime and its dependencies are documented once.

use std::path::Path;
use std::time::Instant;

use generator::review::cli::spec_report;
use generator::review::Bump;

use super::{check, installed, write_crate, VERSION};

// Shared with `generator/tests/review_verdicts.rs`, which reads the per-change verdicts; this
// test reads each edit's overall bump.
#[allow(dead_code)]
#[path = "../../../generator/tests/semver/edits.rs"]
mod edits;

/// Edits on which cargo-semver-checks 0.51.0 says less than the review must, by name: what the
/// checker says, and why it has no lint for the case. The test fails if the checker's verdict
/// changes, so an entry cannot go stale silently. (`one_of_reordered`, `constraint_tightened`:
/// the review's Rust verdict is patch with "behaviour may change", which the checker cannot see
/// but agrees with on the bump, so they are not listed.)
const CHECKER_GAPS: &[(&str, Bump, &str)] = &[
    (
        "optional_request_property",
        Bump::Patch,
        "additions: the checker has no lint for new public items (a field and its `with_x` \
         setter on a non_exhaustive struct); semver calls them minor",
    ),
    (
        "response_enum_value",
        Bump::Patch,
        "additions: no lint for a variant added to a non_exhaustive enum; semver calls it minor",
    ),
    (
        "error_status_added",
        Bump::Patch,
        "additions: no lint for a variant added to the non_exhaustive `…Error` enum",
    ),
    (
        "operation_added",
        Bump::Patch,
        "additions: no lint for a new method and new types",
    ),
    (
        "server_added",
        Bump::Patch,
        "additions: no lint for a variant added to the non_exhaustive `Server` enum",
    ),
    (
        "optional_query_parameter",
        Bump::Patch,
        "additions: no lint for a new field and setter of the non_exhaustive `…Params` struct",
    ),
    (
        "int32_to_int64",
        Bump::Patch,
        "type changes: 0.51.0 has no lint for a public field's type or a method argument's type \
         changing (`amount: i32` → `i64`, `new(amount: impl Into<i32>)` → `impl Into<i64>`), \
         which breaks callers",
    ),
    (
        "required_made_nullable",
        Bump::Patch,
        "type changes: no lint for `id: String` → `Option<String>` (a field and `new`'s \
         argument), which breaks callers",
    ),
];

/// The report's bump for `old` → `new` (patch when it reports nothing).
fn review_bump(old: &str, new: &str, path: &Path) -> Bump {
    let report = spec_report(
        "specs/shop.yaml",
        "shop".into(),
        path,
        Some((old, "old")),
        Some((new, "new")),
    )
    .expect("the edited spec loads");
    report
        .iter()
        .flat_map(|r| &r.changes)
        .map(|c| c.verdict.rust)
        .max()
        .unwrap_or(Bump::Patch)
}

#[test]
fn review_rust_verdicts_agree_with_cargo_semver_checks() {
    let started = Instant::now();
    let root = crate::util::root();
    let checker = installed(&root).unwrap_or_else(|| {
        panic!(
            "cargo-semver-checks {VERSION} is not installed under target/tools: `cargo xtask ci` \
             (or `cargo xtask diff --semver`) installs it"
        )
    });
    let spec_path = root.join("generator/tests/semver/shop.yaml");
    let base = std::fs::read_to_string(&spec_path).expect("shop.yaml");
    let work = root.join("target/semver-agreement");
    // The target directory `cargo xtask diff --semver` uses too: the runtime's dependencies
    // are documented once for both.
    let target_dir = root.join("target/semver-check");
    let old_dir = work.join("old");
    write_crate(&root, &base, &spec_path, "shop", &old_dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(edits::EDITS.len() >= 12, "at least 12 edits");
    let mut disagreements = Vec::new();
    for edit in edits::EDITS {
        let new = (edit.apply)(&base);
        let ours = review_bump(&base, &new, &spec_path);
        assert_eq!(ours.label(), edit.bump, "{}: the review's bump", edit.name);
        let new_dir = work.join(edit.name);
        write_crate(&root, &new, &spec_path, "shop", &new_dir).unwrap_or_else(|e| panic!("{e}"));
        let each = Instant::now();
        let theirs = check(&checker, &old_dir, &new_dir, &target_dir)
            .unwrap_or_else(|e| panic!("{}: {e}", edit.name));
        println!(
            "{}: review {}, cargo-semver-checks {} {:?} ({:.1} s)",
            edit.name,
            ours.label(),
            theirs.bump.label(),
            theirs.lints,
            each.elapsed().as_secs_f32()
        );
        let expected = match CHECKER_GAPS.iter().find(|(name, ..)| *name == edit.name) {
            Some((_, gap, why)) => {
                println!("  a checker gap: {why}");
                *gap
            }
            None => ours,
        };
        if theirs.bump != expected {
            disagreements.push(format!(
                "{}: review {}, cargo-semver-checks {} (expected {}) {:?}\n{}",
                edit.name,
                ours.label(),
                theirs.bump.label(),
                expected.label(),
                theirs.lints,
                theirs.output
            ));
        }
    }
    for (name, ..) in CHECKER_GAPS {
        assert!(
            edits::EDITS.iter().any(|e| e.name == *name),
            "CHECKER_GAPS names `{name}`, which is not an edit"
        );
    }
    println!(
        "semver agreement: {} edits in {:.0} s",
        edits::EDITS.len(),
        started.elapsed().as_secs_f32()
    );
    assert!(
        disagreements.is_empty(),
        "the review and cargo-semver-checks disagree:\n{}",
        disagreements.join("\n")
    );
}
