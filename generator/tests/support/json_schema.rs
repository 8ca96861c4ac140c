//! OpenAPI 3.0 schemas as JSON Schema (2020-12), for a real validator (formats on): the specs'
//! examples are checked with it (`generator/tests/spec_examples.rs`), and so is every instance
//! the round-trip test makes (`generator/e2e/tests/roundtrip.rs`), so that a failed round trip is
//! a finding about the generated types, never about the instance. `nullable: true` becomes a
//! `null` alternative, boolean `exclusiveMinimum`/`exclusiveMaximum` become numeric, OpenAPI-only
//! keywords are dropped, and the translated `components` sit in the root for local `$ref`s.

use serde_json::{json, Map, Value};

/// A validator for the component schema `name` of `spec`.
pub fn validator(spec: &Value, name: &str) -> jsonschema::Validator {
    let components = translated_components(spec);
    let pointer = format!("#/components/schemas/{name}");
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": components,
        "allOf": [{"$ref": pointer}],
    });
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&root)
        .unwrap_or_else(|err| panic!("{name} does not compile: {err}"))
}

/// Translates an OpenAPI 3.0 Schema Object into a JSON Schema (2020-12) schema.
pub fn to_json_schema(schema: &Value) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    if map.contains_key("$ref") {
        // Siblings of `$ref` are ignored in OpenAPI 3.0.
        return json!({ "$ref": map["$ref"] });
    }
    let mut out = Map::new();
    for (key, value) in map {
        match key.as_str() {
            "properties" => {
                let props = value
                    .as_object()
                    .expect("properties is an object")
                    .iter()
                    .map(|(name, sub)| (name.clone(), to_json_schema(sub)))
                    .collect();
                out.insert(key.clone(), Value::Object(props));
            }
            "items" | "not" => {
                out.insert(key.clone(), to_json_schema(value));
            }
            "additionalProperties" => {
                let translated = if value.is_object() {
                    to_json_schema(value)
                } else {
                    value.clone()
                };
                out.insert(key.clone(), translated);
            }
            "allOf" | "oneOf" | "anyOf" => {
                let subs = value
                    .as_array()
                    .expect("composition is an array")
                    .iter()
                    .map(to_json_schema)
                    .collect();
                out.insert(key.clone(), Value::Array(subs));
            }
            // OpenAPI-only keywords, or keywords handled below.
            "nullable" | "example" | "discriminator" | "xml" | "externalDocs" | "deprecated"
            | "exclusiveMinimum" | "exclusiveMaximum" => {}
            _ if key.starts_with("x-") => {}
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if map.get(exclusive) == Some(&Value::Bool(true)) {
            if let Some(limit) = out.remove(bound) {
                out.insert(exclusive.to_owned(), limit);
            }
        }
    }
    if map.get("nullable") == Some(&Value::Bool(true)) {
        match out.get("type").cloned() {
            Some(Value::String(ty)) => {
                out.insert("type".into(), json!([ty, "null"]));
                if let Some(Value::Array(values)) = out.get_mut("enum") {
                    if !values.contains(&Value::Null) {
                        values.push(Value::Null);
                    }
                }
            }
            Some(_) => panic!("unexpected `type` next to `nullable`: {schema}"),
            // A typeless schema already admits null unless it composes others.
            None => {
                if ["allOf", "oneOf", "anyOf"]
                    .iter()
                    .any(|k| out.contains_key(*k))
                {
                    return json!({ "anyOf": [{ "type": "null" }, Value::Object(out)] });
                }
            }
        }
    }
    Value::Object(out)
}

/// The spec's `components` with every schema translated; other component kinds are kept as
/// they are so that `$ref`s into them still resolve.
pub fn translated_components(spec: &Value) -> Value {
    let mut components = spec.get("components").cloned().unwrap_or_else(|| json!({}));
    if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
        for schema in schemas.values_mut() {
            *schema = to_json_schema(schema);
        }
    }
    components
}
