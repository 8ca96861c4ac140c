//! The README's usage example is the doc test at the end of `src/lib.rs` (which compiles it):
//! this test requires the two to be the same text, so the README cannot drift from the API.

use std::path::Path;

/// The lines of the first ```` ```rust ```` block after `heading` in the README.
fn readme_block(readme: &str, heading: &str) -> Vec<String> {
    let after = &readme[readme
        .find(heading)
        .unwrap_or_else(|| panic!("README.md has no `{heading}`"))..];
    let start = after.find("```rust\n").expect("a ```rust block after it") + "```rust\n".len();
    let body = &after[start..];
    let end = body.find("```").expect("the block ends");
    body[..end].lines().map(str::to_owned).collect()
}

/// The visible lines (no `# ` hidden ones) of the doc test after `heading` in `src/lib.rs`.
fn doc_block(lib: &str, heading: &str) -> Vec<String> {
    let docs: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    let at = docs
        .iter()
        .position(|l| *l == heading)
        .unwrap_or_else(|| panic!("src/lib.rs has no `{heading}`"));
    let open = at
        + docs[at..]
            .iter()
            .position(|l| l.starts_with("```"))
            .expect("a doc test after it");
    docs[open + 1..]
        .iter()
        .take_while(|l| !l.starts_with("```"))
        .filter(|l| !(l.starts_with("# ") || **l == "#"))
        .map(|l| (*l).to_owned())
        .collect()
}

#[test]
fn readme_usage_example_is_the_compiled_doc_test() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("../../README.md")).expect("README.md");
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).expect("src/lib.rs");
    let in_readme = readme_block(&readme, "## Using the generated clients");
    let compiled = doc_block(&lib, "# The README's example");
    assert!(in_readme.len() >= 5, "the README's example: {in_readme:?}");
    assert_eq!(
        in_readme, compiled,
        "README.md's example (under `## Using the generated clients`) differs from the doc test \
         in generator/e2e/src/lib.rs that compiles it: change both"
    );
}
