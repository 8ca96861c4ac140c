//! Generated code reviews well: adding one optional property to a schema of a real spec
//! (`specs/paycross.yaml`) adds a few lines to the generated crate and changes no other line —
//! `json_object!` bodies hold one field per line, so nothing reflows.

use std::path::Path;

/// `CustomerCreate`'s `address` property, and the property added after it.
const ADDRESS: &str = "        address:
          type: string
          description: Address of the customer.
";
const ADDED: &str = "        address_line_2:
          type: string
          description: Second line of the customer's address.
";

/// The lines added and removed between two versions of the crate, with the unified diff.
fn line_changes(
    before: &[generator::emit::OutFile],
    after: &[generator::emit::OutFile],
) -> (usize, usize, String) {
    let (mut added, mut removed, mut diff) = (0, 0, String::new());
    for new in after {
        let old = before
            .iter()
            .find(|f| f.path == new.path)
            .map_or("", |f| f.contents.as_str());
        let text_diff = similar::TextDiff::from_lines(old, new.contents.as_str());
        for change in text_diff.iter_all_changes() {
            match change.tag() {
                similar::ChangeTag::Insert => added += 1,
                similar::ChangeTag::Delete => removed += 1,
                similar::ChangeTag::Equal => {}
            }
        }
        diff.push_str(
            &text_diff
                .unified_diff()
                .header(&new.path, &new.path)
                .to_string(),
        );
    }
    removed += before
        .iter()
        .filter(|f| !after.iter().any(|n| n.path == f.path))
        .map(|f| f.contents.lines().count())
        .sum::<usize>();
    (added, removed, diff)
}

#[test]
fn adding_an_optional_property_adds_a_few_lines_and_changes_none() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/paycross.yaml");
    let spec = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let schema = spec
        .find("    CustomerCreate:\n")
        .unwrap_or_else(|| panic!("no CustomerCreate schema in {}", path.display()));
    let at = schema
        + spec[schema..]
            .find(ADDRESS)
            .unwrap_or_else(|| panic!("CustomerCreate has no `address` property"))
        + ADDRESS.len();
    let changed = format!("{}{ADDED}{}", &spec[..at], &spec[at..]);

    let generator = generator::Generator::new(generator::Settings {
        crate_name: Some("paycross".into()),
        header: "Generated for the review-diff test.".into(),
        ..Default::default()
    });
    let generate = |text: &str| {
        generator
            .generate_str(text, &path)
            .unwrap_or_else(|e| panic!("{e}"))
            .files
    };
    let (added, removed, diff) = line_changes(&generate(&spec), &generate(&changed));
    // The field's doc line and declaration, its `json_object!` entry, its line in `new()`, and
    // its setter (doc, `#[must_use]`, signature, body, and the blank line after it): 14 lines
    // today, none changed.
    assert!(
        (4..=16).contains(&added) && removed == 0,
        "{added} line(s) added and {removed} removed:\n{diff}"
    );
    assert!(
        diff.contains("+    opt address_line_2 = \"address_line_2\";\n"),
        "{diff}"
    );
}
