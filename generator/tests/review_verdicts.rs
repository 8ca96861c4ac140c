//! The review's two verdicts per change (wire and Rust, `generator::review::verdict`) on the
//! scripted edits of `tests/semver/shop.yaml` (`tests/semver/edits.rs`): each edit's change has
//! the expected wire verdict, Rust bump and "behaviour may change" flag, and the report the
//! expected overall bump. `xtask/src/semver/agreement.rs` checks the same edits' Rust verdicts
//! against cargo-semver-checks.

use std::path::Path;

use generator::review::cli::{rust_failure, spec_report};
use generator::review::report::{self, Report};
use generator::review::Bump;

#[path = "semver/edits.rs"]
mod edits;

fn report_of(old: &str, new: &str) -> Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/semver/shop.yaml");
    let specs = spec_report(
        "specs/shop.yaml",
        "shop".into(),
        &path,
        Some((old, "old")),
        Some((new, "new")),
    )
    .expect("the edited spec loads")
    .into_iter()
    .collect();
    Report {
        compared: "old → new".into(),
        specs,
    }
}

#[test]
fn every_edit_gets_its_verdicts() {
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/semver/shop.yaml"),
    )
    .expect("shop.yaml");
    let mut wrong = Vec::new();
    for edit in edits::EDITS {
        let new = (edit.apply)(&base);
        assert_ne!(new, base, "{}: the edit changes nothing", edit.name);
        let r = report_of(&base, &new);
        let changes: Vec<_> = r.specs.iter().flat_map(|s| &s.changes).collect();
        let bump = r.bump().map_or("patch", |b| b.label());
        if bump != edit.bump {
            wrong.push(format!(
                "{}: overall bump {bump}, expected {}",
                edit.name, edit.bump
            ));
        }
        if edit.kind.is_empty() {
            if !changes.is_empty() {
                wrong.push(format!(
                    "{}: expected no change, got {changes:?}",
                    edit.name
                ));
            }
            continue;
        }
        match changes.iter().find(|c| c.kind.code() == edit.kind) {
            None => wrong.push(format!(
                "{}: no `{}` change in {changes:?}",
                edit.name, edit.kind
            )),
            Some(c) => {
                let got = (
                    c.verdict.wire.label(),
                    c.verdict.rust.label(),
                    c.verdict.behaviour,
                );
                let expected = (edit.wire, edit.rust, edit.behaviour);
                if got != expected {
                    wrong.push(format!(
                        "{}: `{}` judged {got:?}, expected {expected:?} ({})",
                        edit.name, edit.kind, c.message
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "wrong verdicts:\n{}", wrong.join("\n"));
}

#[test]
fn the_reports_show_both_verdicts_and_the_bump() {
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/semver/shop.yaml"),
    )
    .expect("shop.yaml");
    let new = edits::EDITS
        .iter()
        .filter(|e| {
            [
                "optional_request_property",
                "one_of_reordered",
                "operation_id_renamed",
            ]
            .contains(&e.name)
        })
        .fold(base.clone(), |spec, e| (e.apply)(&spec));
    let r = report_of(&base, &new);
    insta::assert_snapshot!("verdicts_markdown", report::markdown(&r));
    insta::assert_snapshot!("verdicts_json", report::json(&r));
    insta::assert_snapshot!("verdicts_github", report::github(&r));
}

#[test]
fn fail_on_rust_gates_on_the_bump() {
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/semver/shop.yaml"),
    )
    .expect("shop.yaml");
    let edit = |name: &str| {
        let e = edits::EDITS.iter().find(|e| e.name == name).expect("edit");
        report_of(&base, &(e.apply)(&base))
    };
    let (minor, major, patch) = (
        edit("optional_request_property"),
        edit("operation_removed"),
        edit("one_of_reordered"),
    );
    assert_eq!(rust_failure(&minor, None), None);
    assert_eq!(rust_failure(&minor, Some(Bump::Major)), None);
    assert!(
        rust_failure(&minor, Some(Bump::Minor)).is_some_and(|m| m.contains("minor version bump"))
    );
    assert!(
        rust_failure(&major, Some(Bump::Major)).is_some_and(|m| m.contains("major version bump"))
    );
    assert!(rust_failure(&major, Some(Bump::Minor)).is_some());
    assert_eq!(rust_failure(&patch, Some(Bump::Minor)), None);
}
