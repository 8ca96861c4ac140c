//! Every spec in `specs/` loads with `openapiv3`, and every example it carries validates against
//! its schema with a real JSON Schema validator (format validation on).
//!
//! OpenAPI 3.0 schemas are not JSON Schema: before validation each schema is translated
//! (`nullable: true` becomes a `null` alternative, boolean `exclusiveMinimum`/`exclusiveMaximum`
//! become numeric, OpenAPI-only keywords are dropped). Local `$ref`s such as
//! `#/components/schemas/Customer` are resolved by embedding the translated `components` in the
//! root of every schema handed to the validator, at the same JSON pointer.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

// Shared with the e2e round-trip test, which also uses its per-component `validator`.
#[allow(dead_code)]
#[path = "support/json_schema.rs"]
mod json_schema;

use json_schema::{to_json_schema, translated_components};

fn specs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

fn spec_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(specs_dir())
        .expect("specs/ exists")
        .map(|entry| entry.expect("readable specs/ entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no specs/*.yaml found");
    files
}

fn load_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("spec is readable");
    serde_yaml::from_str(&text).unwrap_or_else(|err| panic!("{}: not YAML: {err}", path.display()))
}

fn spec_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// Follows a local `$ref` (`#/components/...`) inside the spec.
fn deref<'a>(spec: &'a Value, value: &'a Value) -> &'a Value {
    let mut current = value;
    while let Some(reference) = current.get("$ref").and_then(Value::as_str) {
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("non-local $ref {reference}"));
        current = spec
            .pointer(pointer)
            .unwrap_or_else(|| panic!("dangling $ref {reference}"));
    }
    current
}

struct Checker<'a> {
    spec: &'a Value,
    components: Value,
    checked: usize,
    failures: Vec<String>,
}

impl<'a> Checker<'a> {
    fn new(spec: &'a Value) -> Self {
        Self {
            spec,
            components: translated_components(spec),
            checked: 0,
            failures: Vec::new(),
        }
    }

    /// A validator for an OpenAPI schema, with the spec's components embedded for `$ref`s.
    fn validator(&self, openapi_schema: &Value) -> jsonschema::Validator {
        let root = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "components": self.components,
            "allOf": [to_json_schema(openapi_schema)],
        });
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&root)
            .unwrap_or_else(|err| panic!("schema does not compile: {err}\n{openapi_schema}"))
    }

    fn errors(&self, openapi_schema: &Value, instance: &Value) -> Vec<String> {
        let validator = self.validator(openapi_schema);
        validator
            .iter_errors(instance)
            .map(|err| format!("{} at {}", err, err.instance_path))
            .collect()
    }

    fn check(&mut self, location: &str, openapi_schema: &Value, example: &Value) {
        self.checked += 1;
        let errors = self.errors(openapi_schema, example);
        if !errors.is_empty() {
            self.failures
                .push(format!("{location}: {}", errors.join("; ")));
        }
    }

    /// Schema-level `example`s, in the schema and every subschema written inline.
    fn walk_schema(&mut self, location: &str, schema: &Value) {
        let Value::Object(map) = schema else { return };
        if map.contains_key("$ref") {
            return; // checked where the component is defined
        }
        if let Some(example) = map.get("example") {
            self.check(&format!("{location} (schema example)"), schema, example);
        }
        if let Some(Value::Object(props)) = map.get("properties") {
            for (name, sub) in props {
                self.walk_schema(&format!("{location}.{name}"), sub);
            }
        }
        for key in ["items", "additionalProperties", "not"] {
            if let Some(sub) = map.get(key) {
                self.walk_schema(&format!("{location}/{key}"), sub);
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(subs)) = map.get(key) {
                for (i, sub) in subs.iter().enumerate() {
                    self.walk_schema(&format!("{location}/{key}/{i}"), sub);
                }
            }
        }
    }

    /// `example` and `examples` of a Media Type, Parameter or Header object.
    fn walk_examples(&mut self, location: &str, holder: &Value, schema: &Value) {
        if let Some(example) = holder.get("example") {
            self.check(&format!("{location} example"), schema, example);
        }
        if let Some(Value::Object(examples)) = holder.get("examples") {
            for (name, example) in examples {
                let example = deref(self.spec, example);
                if let Some(value) = example.get("value") {
                    self.check(&format!("{location} examples.{name}"), schema, value);
                }
            }
        }
    }

    fn walk_content(&mut self, location: &str, content: Option<&Value>) {
        let Some(Value::Object(content)) = content else {
            return;
        };
        for (media_type, media) in content {
            let location = format!("{location} {media_type}");
            if let Some(schema) = media.get("schema") {
                self.walk_schema(&location, schema);
                self.walk_examples(&location, media, schema);
            }
        }
    }

    fn walk_parameter(&mut self, location: &str, parameter: &Value) {
        if parameter.get("$ref").is_some() {
            return; // checked under components.parameters
        }
        let name = parameter["name"].as_str().unwrap_or("?");
        let location = format!("{location} parameter {name}");
        if let Some(schema) = parameter.get("schema") {
            self.walk_schema(&location, schema);
            self.walk_examples(&location, parameter, schema);
        }
        self.walk_content(&location, parameter.get("content"));
    }

    fn walk_headers(&mut self, location: &str, headers: Option<&Value>) {
        let Some(Value::Object(headers)) = headers else {
            return;
        };
        for (name, header) in headers {
            if header.get("$ref").is_some() {
                continue;
            }
            let location = format!("{location} header {name}");
            if let Some(schema) = header.get("schema") {
                self.walk_schema(&location, schema);
                self.walk_examples(&location, header, schema);
            }
        }
    }

    fn walk_response(&mut self, location: &str, response: &Value) {
        if response.get("$ref").is_some() {
            return; // checked under components.responses
        }
        self.walk_content(location, response.get("content"));
        self.walk_headers(location, response.get("headers"));
    }

    fn walk_request_body(&mut self, location: &str, body: &Value) {
        if body.get("$ref").is_some() {
            return; // checked under components.requestBodies
        }
        self.walk_content(&format!("{location} requestBody"), body.get("content"));
    }

    fn walk(&mut self) {
        let spec = self.spec;
        if let Some(components) = spec.get("components") {
            for (name, schema) in components
                .get("schemas")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                self.walk_schema(&format!("#/components/schemas/{name}"), schema);
            }
            for (_, parameter) in components
                .get("parameters")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                self.walk_parameter("#/components/parameters", parameter);
            }
            for (name, response) in components
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                self.walk_response(&format!("#/components/responses/{name}"), response);
            }
            for (name, body) in components
                .get("requestBodies")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                self.walk_request_body(&format!("#/components/requestBodies/{name}"), body);
            }
            if let Some(headers) = components.get("headers") {
                self.walk_headers("#/components/headers", Some(headers));
            }
        }
        for (path, item) in spec
            .get("paths")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            for parameter in item
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                self.walk_parameter(path, parameter);
            }
            for method in [
                "get", "put", "post", "delete", "options", "head", "patch", "trace",
            ] {
                let Some(operation) = item.get(method) else {
                    continue;
                };
                let location = format!("{} {path}", method.to_uppercase());
                for parameter in operation
                    .get("parameters")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    self.walk_parameter(&location, parameter);
                }
                if let Some(body) = operation.get("requestBody") {
                    self.walk_request_body(&location, body);
                }
                for (status, response) in operation
                    .get("responses")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    self.walk_response(&format!("{location} {status}"), response);
                }
            }
        }
    }
}

#[test]
fn every_spec_loads_with_openapiv3() {
    for path in spec_files() {
        let text = std::fs::read_to_string(&path).expect("spec is readable");
        let api: openapiv3::OpenAPI = serde_yaml::from_str(&text)
            .unwrap_or_else(|err| panic!("{}: openapiv3 cannot load it: {err}", path.display()));
        assert!(
            api.openapi.starts_with("3.0."),
            "{}: not OpenAPI 3.0",
            spec_name(&path)
        );
        assert!(
            !api.paths.paths.is_empty(),
            "{}: no paths",
            spec_name(&path)
        );
        assert!(!api.servers.is_empty(), "{}: no servers", spec_name(&path));
    }
}

#[test]
fn every_example_validates_against_its_schema() {
    let mut report = String::new();
    for path in spec_files() {
        let spec = load_json(&path);
        let mut checker = Checker::new(&spec);
        checker.walk();
        let name = spec_name(&path);
        eprintln!("{name}: {} examples validated", checker.checked);
        assert!(checker.checked > 0, "{name}: no examples found");
        for failure in &checker.failures {
            writeln!(report, "{name}: {failure}").unwrap();
        }
    }
    assert!(
        report.is_empty(),
        "examples that do not match their schema:\n{report}"
    );
}

/// Values that must be rejected (and a few that must be accepted), one spec at a time, to prove
/// that the validation above is real: `$ref`s resolve, formats and patterns are checked, and
/// `nullable` is translated.
#[test]
fn wrong_values_are_rejected() {
    // (spec, schema pointer, instance, valid?)
    let cases: &[(&str, &str, Value, bool)] = &[
        // PayCross: `ip` is required; `email` has format email; `quantity` is nullable.
        (
            "paycross.yaml",
            "/components/schemas/CustomerCreate",
            json!({ "email": "john.doe@example.com" }),
            false,
        ),
        (
            "paycross.yaml",
            "/components/schemas/CustomerCreate",
            json!({ "email": "not an address", "ip": "127.0.0.1" }),
            false,
        ),
        (
            "paycross.yaml",
            "/components/schemas/CustomerCreate",
            json!({ "email": "john.doe@example.com", "ip": "127.0.0.1" }),
            true,
        ),
        (
            "paycross.yaml",
            "/components/schemas/ProductUpdate",
            json!({ "amount": "9.90" }),
            false,
        ),
        (
            "paycross.yaml",
            "/components/schemas/ProductUpdate",
            json!({ "currency": "usd" }),
            false,
        ),
        (
            "paycross.yaml",
            "/components/schemas/ValidationError",
            json!({ "message": "x", "errors": { "ip": "blank" } }),
            false,
        ),
        // Monri: status is a closed enum; deleted_at is a nullable date-time; metadata values are
        // any JSON value (a key set to null unsets it in an update); in an update only metadata
        // keys may be null.
        (
            "monri.yaml",
            "/components/schemas/DeleteCustomerResponse",
            json!({ "status": "ok", "id": "x", "deleted": true }),
            false,
        ),
        (
            "monri.yaml",
            "/components/schemas/Customer",
            json!({ "status": "approved", "deleted": true, "created_at": "2019-02-12T11:22:33Z", "updated_at": "2019-02-12T11:22:33Z", "deleted_at": "yesterday" }),
            false,
        ),
        (
            "monri.yaml",
            "/components/schemas/Customer",
            json!({ "status": "approved", "deleted": false, "created_at": "2019-02-12T11:22:33Z", "updated_at": "2019-02-12T11:22:33Z", "deleted_at": null }),
            true,
        ),
        (
            "monri.yaml",
            "/components/schemas/CustomerUpdate",
            json!({ "metadata": { "key": null } }),
            true,
        ),
        (
            "monri.yaml",
            "/components/schemas/CustomerUpdate",
            json!({ "phone": null }),
            false,
        ),
        (
            "monri.yaml",
            "/components/schemas/CustomerCreate",
            json!({ "metadata": { "count": 3, "vip": true, "tags": ["a"] } }),
            true,
        ),
        (
            "monri.yaml",
            "/components/schemas/Customer",
            json!({ "status": "approved", "deleted": false, "created_at": "2019-02-12T11:22:33Z", "updated_at": "2019-02-12T11:22:33Z", "metadata": { "count": 3 } }),
            true,
        ),
        (
            "monri.yaml",
            "/components/schemas/PaymentMethod",
            json!({ "id": null, "expiration_date": "2025-12" }),
            true,
        ),
        (
            "monri.yaml",
            "/components/schemas/CustomerCreate",
            json!({ "country": "BIH" }),
            false,
        ),
        // PayArc: character classes ("Alphabetic" is letters of any alphabet); only `id` is
        // required in a customer.
        (
            "payarc.yaml",
            "/components/schemas/CustomerCreate",
            json!({ "phone": "+1-541-754" }),
            false,
        ),
        (
            "payarc.yaml",
            "/components/schemas/CustomerCreate",
            json!({ "name": "Jo" }),
            false,
        ),
        (
            "payarc.yaml",
            "/components/schemas/CustomerCreate",
            json!({ "name": "José Núñez", "city": "São Paulo", "state": "Łódź", "country": "España" }),
            true,
        ),
        (
            "payarc.yaml",
            "/components/schemas/CustomerCreate",
            json!({ "name": "John 3rd" }),
            false,
        ),
        (
            "payarc.yaml",
            "/components/schemas/CustomerCreate",
            json!({ "country": "United States" }),
            false,
        ),
        (
            "payarc.yaml",
            "/components/schemas/CustomerCreate",
            json!({ "address_1": "103 Mason St." }),
            false,
        ),
        (
            "payarc.yaml",
            "/components/schemas/CustomerResponse",
            json!({ "data": { "id": "KPxMADVnxMV4nNjp" } }),
            true,
        ),
        (
            "payarc.yaml",
            "/components/schemas/CustomerResponse",
            json!({ "data": {}, "meta": { "include": [], "custom": [] } }),
            false,
        ),
        // Rapyd: the nullable discount; `<number>` fields are numbers, only `<integer>` ones
        // integers; country and currency codes have no format the document states.
        (
            "rapyd.yaml",
            "/components/schemas/Address",
            json!({ "country": 7 }),
            false,
        ),
        (
            "rapyd.yaml",
            "/components/schemas/Coupon",
            json!({ "currency": "Euro", "percent_off": 150 }),
            true,
        ),
        (
            "rapyd.yaml",
            "/components/schemas/Customer",
            json!({ "created_at": "<integer>" }),
            false,
        ),
        (
            "rapyd.yaml",
            "/components/schemas/Customer",
            json!({ "discount": null }),
            true,
        ),
        (
            "rapyd.yaml",
            "/components/schemas/Customer",
            json!({ "created_at": 1700432000.5 }),
            false,
        ),
        (
            "rapyd.yaml",
            "/components/schemas/Subscription",
            json!({ "created_at": 1701036800.5, "days_until_due": 1.5, "canceled_at": 1.5 }),
            true,
        ),
        (
            "rapyd.yaml",
            "/components/schemas/PaymentMethodList",
            json!({ "total_count": 2.5 }),
            false,
        ),
    ];
    let mut report = String::new();
    for spec_path in spec_files() {
        let name = spec_name(&spec_path);
        let spec = load_json(&spec_path);
        let checker = Checker::new(&spec);
        let mine: Vec<_> = cases.iter().filter(|case| case.0 == name).collect();
        assert!(
            mine.iter().any(|case| !case.3),
            "{name}: add a negative case to wrong_values_are_rejected"
        );
        for (_, pointer, instance, valid) in mine {
            let schema = spec
                .pointer(pointer)
                .unwrap_or_else(|| panic!("{name}: no {pointer}"));
            let errors = checker.errors(schema, instance);
            if errors.is_empty() != *valid {
                writeln!(
                    report,
                    "{name} {pointer}: {instance} should be {} ({errors:?})",
                    if *valid { "accepted" } else { "rejected" }
                )
                .unwrap();
            }
        }
    }
    assert!(report.is_empty(), "{report}");
}
