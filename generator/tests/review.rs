//! The review engine (`generator::review`, run by `cargo xtask diff`): snapshot tests of the
//! report over the fixture pairs in `tests/review_fixtures/<case>/` (`old.yaml`, `new.yaml`), plus
//! the edges: added and removed specs, unreadable files, line lookup, the exit code and the git
//! plumbing.

use std::path::{Path, PathBuf};

use generator::review::cli::{failure, git_report, spec_report};
use generator::review::report::{self, Report};
use generator::review::Severity;

fn fixture_dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/review_fixtures")
        .join(case)
}

/// The report of one fixture pair, as `cargo xtask diff --old … --new …` would build it for a
/// spec `specs/shop.yaml`.
fn fixture_report(case: &str) -> Report {
    let dir = fixture_dir(case);
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect("fixture file");
    let (old, new) = (read("old.yaml"), read("new.yaml"));
    let specs = spec_report(
        "specs/shop.yaml",
        "shop".into(),
        &dir.join("new.yaml"),
        Some((&old, "old.yaml")),
        Some((&new, "new.yaml")),
    )
    .expect("fixtures load")
    .into_iter()
    .collect();
    Report {
        compared: "`old.yaml` → `new.yaml`".into(),
        specs,
    }
}

macro_rules! markdown_fixture {
    ($($case:ident),* $(,)?) => {$(
        #[test]
        fn $case() {
            let r = fixture_report(stringify!($case));
            insta::assert_snapshot!(stringify!($case), report::markdown(&r));
        }
    )*};
}

mod markdown {
    use super::*;
    markdown_fixture!(
        operations,
        parameters,
        request_body,
        responses,
        schemas,
        status_ranges,
        docs_only,
        multipart
    );
}

#[test]
fn every_fixture_has_a_test() {
    let mut cases: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/review_fixtures"))
            .expect("fixtures dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
    cases.sort();
    assert_eq!(
        cases,
        [
            "docs_only",
            "multipart",
            "operations",
            "parameters",
            "request_body",
            "responses",
            "schemas",
            "status_ranges"
        ]
    );
}

#[test]
fn json_format() {
    insta::assert_snapshot!(
        "operations_json",
        report::json(&fixture_report("operations"))
    );
}

#[test]
fn github_format() {
    insta::assert_snapshot!(
        "responses_github",
        report::github(&fixture_report("responses"))
    );
}

#[test]
fn output_is_deterministic() {
    for case in ["operations", "request_body", "schemas"] {
        let a = report::json(&fixture_report(case));
        let b = report::json(&fixture_report(case));
        assert_eq!(a, b, "{case}");
    }
}

#[test]
fn identical_texts_are_no_change() {
    let text = std::fs::read_to_string(fixture_dir("operations").join("old.yaml")).unwrap();
    let r = spec_report(
        "specs/shop.yaml",
        "shop".into(),
        Path::new("shop.yaml"),
        Some((&text, "a")),
        Some((&text, "b")),
    );
    assert!(matches!(r, Ok(None)));
    let report = Report {
        compared: "`HEAD` (1234567) → working tree".into(),
        specs: Vec::new(),
    };
    insta::assert_snapshot!("no_changes", report::markdown(&report));
}

#[test]
fn added_and_removed_specs() {
    let text = std::fs::read_to_string(fixture_dir("operations").join("new.yaml")).unwrap();
    let added = spec_report(
        "specs/shop.yaml",
        "shop".into(),
        Path::new("specs/shop.yaml"),
        None,
        Some((&text, "new")),
    )
    .unwrap()
    .unwrap();
    let removed = spec_report(
        "specs/old_shop.yaml",
        "old_shop".into(),
        Path::new("specs/old_shop.yaml"),
        Some((&text, "old")),
        None,
    )
    .unwrap()
    .unwrap();
    let r = Report {
        compared: "`main` (1234567) → working tree".into(),
        specs: vec![removed, added],
    };
    insta::assert_snapshot!("added_and_removed", report::markdown(&r));
    assert_eq!(
        failure(&r, Some(Severity::Err)).as_deref(),
        Some("diff: 1 change(s) of severity ERR or worse (--fail-on ERR)")
    );
}

#[test]
fn bad_input_is_an_error_naming_the_file() {
    let good = std::fs::read_to_string(fixture_dir("operations").join("old.yaml")).unwrap();
    let bad_yaml = "openapi: 3.0.3\ninfo: [unclosed\n";
    let err = spec_report(
        "specs/shop.yaml",
        "shop".into(),
        Path::new("specs/shop.yaml"),
        Some((&good, "specs/shop.yaml at abc1234")),
        Some((bad_yaml, "specs/shop.yaml (working tree)")),
    )
    .unwrap_err();
    assert!(
        err.starts_with("cannot read specs/shop.yaml (working tree):"),
        "{err}"
    );
    assert!(err.contains("specs/shop.yaml"), "{err}");

    let not_openapi = "swagger: '1.2'\ninfo: {title: x, version: '1'}\npaths: {}\n";
    let err = spec_report(
        "specs/shop.yaml",
        "shop".into(),
        Path::new("specs/shop.yaml"),
        Some((not_openapi, "specs/shop.yaml at abc1234")),
        Some((&good, "new")),
    )
    .unwrap_err();
    assert!(
        err.starts_with("cannot read specs/shop.yaml at abc1234:"),
        "{err}"
    );

    for weird in ["", "null", "[]", "openapi: 3.0.3\n", "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {/x: {get: {responses: {'200': {$ref: '#/nowhere'}}}}}\n"] {
        // Never a panic: either an error or a report.
        let _ = spec_report("specs/shop.yaml", "shop".into(), Path::new("specs/shop.yaml"), Some((&good, "old")), Some((weird, "new")));
    }
}

#[test]
fn fail_on_levels() {
    let r = fixture_report("responses");
    assert_eq!(r.worst(), Some(Severity::Err));
    assert!(failure(&r, None).is_none());
    assert!(failure(&r, Some(Severity::Err)).is_some());
    assert!(failure(&r, Some(Severity::Warn)).is_some());
    let info_only = fixture_report("docs_only");
    assert!(failure(&info_only, Some(Severity::Warn)).is_none());
}

#[test]
fn locate_finds_lines() {
    let text = "\
openapi: 3.0.3
paths:
  /orders/{id}:
    parameters:
      - name: id
        in: path
        schema:
          type: string
    get:
      responses:
        '200':
          description: ok
components:
  schemas:
    \"Order\":
      type: object
";
    assert_eq!(
        report::locate(text, "/paths/~1orders~1{id}/get/responses/200"),
        Some(11)
    );
    assert_eq!(
        report::locate(text, "/paths/~1orders~1{id}/parameters/0"),
        Some(5)
    );
    assert_eq!(
        report::locate(text, "/paths/~1orders~1{id}/parameters/0/in"),
        Some(6)
    );
    assert_eq!(
        report::locate(text, "/paths/~1orders~1{id}/parameters/0/schema/type"),
        Some(8)
    );
    assert_eq!(
        report::locate(text, "/components/schemas/Order/type"),
        Some(16)
    );
    // The nearest existing ancestor of something removed.
    assert_eq!(
        report::locate(text, "/paths/~1orders~1{id}/delete"),
        Some(3)
    );
    assert_eq!(report::locate(text, "/nothing/here"), None);
    assert_eq!(report::locate(text, ""), None);
    assert_eq!(report::locate("", "/paths"), None);
}

/// Runs git in `dir` for the plumbing test, with an identity so commits work anywhere.
fn git_ok(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=diff-test",
            "-c",
            "user.email=diff-test@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn git_plumbing_finds_modified_added_and_removed_specs() {
    let dir = std::env::temp_dir().join(format!("xtask-diff-git-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("specs")).unwrap();
    let copy = |case: &str, version: &str, to: &str| {
        std::fs::copy(fixture_dir(case).join(version), dir.join("specs").join(to)).unwrap();
    };
    git_ok(&dir, &["-c", "init.defaultBranch=main", "init"]);
    copy("operations", "old.yaml", "shop.yaml");
    copy("request_body", "old.yaml", "gone.yaml");
    copy("responses", "old.yaml", "same.yaml");
    std::fs::write(dir.join("specs/README.txt"), "not a spec").unwrap();
    git_ok(&dir, &["add", "."]);
    git_ok(&dir, &["commit", "-m", "base"]);

    // Working-tree changes on main: the base is HEAD itself.
    copy("operations", "new.yaml", "shop.yaml");
    std::fs::remove_file(dir.join("specs/gone.yaml")).unwrap();
    copy("schemas", "new.yaml", "added.yaml");
    let r = git_report(&dir, None).unwrap();
    let got: Vec<(&str, &str)> = r
        .specs
        .iter()
        .map(|s| (s.file.as_str(), s.module.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("specs/added.yaml", "added"),
            ("specs/gone.yaml", "gone"),
            ("specs/shop.yaml", "shop")
        ]
    );
    assert!(r.compared.starts_with("`HEAD` ("), "{}", r.compared);
    assert_eq!(
        r.specs[2].changes,
        fixture_report("operations").specs[0].changes
    );

    // On a branch with the changes committed: the base is the merge-base with main.
    git_ok(&dir, &["checkout", "-b", "feature"]);
    git_ok(&dir, &["add", "-A"]);
    git_ok(&dir, &["commit", "-m", "change"]);
    let r = git_report(&dir, None).unwrap();
    assert_eq!(r.specs.len(), 3);
    assert!(
        r.compared.starts_with("merge-base with main ("),
        "{}",
        r.compared
    );
    assert!(git_report(&dir, Some("HEAD")).unwrap().specs.is_empty());
    assert!(git_report(&dir, Some("no-such-rev")).is_err());

    // A spec that does not parse names the file and the revision.
    std::fs::write(dir.join("specs/shop.yaml"), "openapi: 3.0.3\ninfo: [\n").unwrap();
    let err = git_report(&dir, Some("HEAD")).unwrap_err();
    assert!(err.contains("specs/shop.yaml (working tree)"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
