//! Additive spec changes do not break callers: a consumer crate written against the generated
//! API (`additive/consumer.rs`, over `additive/shop.yaml`) keeps compiling, with no warning,
//! after each scripted additive edit of the spec: a new optional request property, a new
//! optional response property, a new enum value, a new documented error status, and a new
//! optional query parameter. All variants are checked in one workspace under `target/` (one
//! `cargo clippy` run, dependencies shared with the other compile tests).

mod support;

use generator::emit::package::{standalone_crate_for, RuntimeForm};
use generator::emit::OutFile;

/// One edit: its name, then the text to find in the spec (exactly once) and what to put in its
/// place.
const EDITS: &[(&str, &str, &str)] = &[
    ("unchanged", "", ""),
    (
        "optional_request_property",
        "        gift:\n",
        "        currency:\n          type: string\n          description: ISO 4217.\n        gift:\n",
    ),
    (
        "optional_response_property",
        "        status:\n          $ref: '#/components/schemas/OrderStatus'\n",
        "        status:\n          $ref: '#/components/schemas/OrderStatus'\n        paid_at:\n          type: string\n          description: When it was paid.\n",
    ),
    ("enum_value", "enum: [open, paid]", "enum: [open, paid, refunded]"),
    (
        "error_status",
        "        '422':\n",
        "        '409':\n          description: Duplicate.\n        '422':\n",
    ),
    (
        "optional_query_parameter",
        "      requestBody:\n",
        "        - name: channel\n          in: query\n          description: Where it came from.\n          schema:\n            type: string\n      requestBody:\n",
    ),
];

fn edited(base: &str, find: &str, replace: &str) -> String {
    if find.is_empty() {
        return base.to_string();
    }
    assert_eq!(base.matches(find).count(), 1, "edit anchor {find:?}");
    base.replacen(find, replace, 1)
}

#[test]
fn a_consumer_keeps_compiling_after_additive_spec_changes() {
    let dir = support::workspace().join("generator/tests/additive");
    let base = std::fs::read_to_string(dir.join("shop.yaml")).expect("shop.yaml");
    let consumer = std::fs::read_to_string(dir.join("consumer.rs")).expect("consumer.rs");
    let mut crates = Vec::new();
    for (name, find, replace) in EDITS {
        let spec = edited(&base, find, replace);
        let doc = generator::load::load_str(&spec, &dir.join(format!("{name}.yaml")))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let api = generator::model::build(&doc.api).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let api_crate = format!("api_{name}");
        let files = standalone_crate_for(
            &api_crate,
            &api,
            "additive change",
            &Default::default(),
            &RuntimeForm::Path(support::runtime_path()),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        crates.push((api_crate.clone(), files));
        let manifest = format!(
            "[package]\nname = \"consumer_{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\napi = {{ package = {api_crate:?}, path = \"../{api_crate}\" }}\n"
        );
        crates.push((
            format!("consumer_{name}"),
            vec![
                OutFile {
                    path: "Cargo.toml".into(),
                    contents: manifest,
                },
                OutFile {
                    path: "src/lib.rs".into(),
                    contents: consumer.clone(),
                },
            ],
        ));
    }
    if let Err(e) = support::clippy_workspace("additive-changes", &crates) {
        panic!("a consumer broke (or warned) after an additive change:\n{e}");
    }
}
