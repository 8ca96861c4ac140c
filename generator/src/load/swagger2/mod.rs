//! Swagger 2.0 input: converts the untyped tree of a `swagger: "2.0"` document into an OpenAPI
//! 3.0.3 tree before it is typed, so one model stays downstream of loading.
//!
//! What becomes what:
//! - `definitions`, `parameters`, `responses`, `securityDefinitions` → `components.schemas`,
//!   `.parameters`, `.responses`, `.securitySchemes`, and every `#/definitions/…`,
//!   `#/parameters/…`, `#/responses/…` reference is rewritten to match;
//! - `host`, `basePath`, `schemes` → one server per scheme;
//! - a `body` parameter → `requestBody`, with one media type per `consumes` entry (the
//!   operation's, else the document's, else `application/json`); `formData` parameters → one
//!   object schema under `multipart/form-data` (when a field is a file or `consumes` says so)
//!   and/or `application/x-www-form-urlencoded`;
//! - a parameter's or header's `type`/`format`/`items`/`enum`/`default`/constraints → `schema`,
//!   `collectionFormat` → `style`/`explode`;
//! - a response's `schema` → `content`, one media type per `produces` entry;
//! - in schemas: `type: file` → `type: string, format: binary`, `x-nullable` → `nullable`,
//!   `discriminator: <property>` → `discriminator: {propertyName: <property>}`;
//! - `basic` → `http`/`basic`; `oauth2` flows `implicit`, `password`, `application`,
//!   `accessCode` → `implicit`, `password`, `clientCredentials`, `authorizationCode`.
//!
//! Lenient reading of what real documents contain although 2.0 forbids it (`type` arrays,
//! `type: "null"`, `items` given as a list) is converted with a warning each time. Every node
//! that moves is recorded in a [`PointerMap`], so a problem found later names the pointer into
//! the original document.
//!
//! This file converts the document level (servers, components, security schemes);
//! `operations.rs` paths, parameters, bodies and responses; `schema.rs` schema objects.

mod operations;
mod schema;

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::diag::{pointer_join, Diagnostic};
use operations::in_of;

/// Where each moved node of a converted document came from: converted pointer prefix →
/// original pointer prefix. Pointers under no recorded prefix did not move.
#[derive(Debug, Clone, Default)]
pub struct PointerMap {
    moves: HashMap<String, String>,
    /// Whether the document was converted (else the map is empty and changes nothing).
    converted: bool,
}

impl PointerMap {
    /// Whether the document was converted from Swagger 2.0.
    pub fn is_converted(&self) -> bool {
        self.converted
    }

    /// A later stage's message about the converted document in the original's terms: the
    /// references it quotes as they were written (`#/definitions/Pet`, not
    /// `#/components/schemas/Pet`).
    pub fn original_message(&self, message: &str) -> String {
        if !self.converted {
            return message.to_string();
        }
        message
            .replace("`#/components/schemas/", "`#/definitions/")
            .replace("`#/components/parameters/", "`#/parameters/")
            .replace("`#/components/responses/", "`#/responses/")
            .replace("` in components", "` in `definitions`")
            .replace(
                "a valid OpenAPI 3.0 document",
                "a valid Swagger 2.0 document (read as OpenAPI 3.0)",
            )
    }

    /// The pointer into the original document for a pointer into the converted one: the
    /// longest recorded prefix is replaced, the rest kept.
    pub fn original(&self, pointer: &str) -> String {
        let mut end = pointer.len();
        loop {
            if let Some(origin) = self.moves.get(&pointer[..end]) {
                return format!("{origin}{}", &pointer[end..]);
            }
            match pointer[..end].rfind('/') {
                Some(i) if end > 0 => end = i,
                _ => return pointer.to_string(),
            }
        }
    }

    fn record(&mut self, converted: String, original: String) {
        if converted != original {
            self.moves.insert(converted, original);
        }
    }
}

/// A converted document: the OpenAPI 3.0 tree, where its nodes came from, and the warnings for
/// what was read leniently (their pointers are into the original document).
#[derive(Debug)]
pub struct Converted {
    /// The OpenAPI 3.0.3 tree.
    pub value: Value,
    /// Converted → original pointers.
    pub pointers: PointerMap,
    /// Constructs accepted leniently.
    pub warnings: Vec<Diagnostic>,
}

const JSON: &str = "application/json";

/// Converts a Swagger 2.0 tree (already known to say `swagger: "2.0"`).
pub fn convert(doc: &Map<String, Value>) -> Converted {
    let mut c = Converter {
        doc,
        pointers: PointerMap {
            converted: true,
            ..PointerMap::default()
        },
        warnings: Vec::new(),
    };
    let mut out = Map::new();
    out.insert("openapi".into(), "3.0.3".into());
    for (key, value) in doc {
        match key.as_str() {
            "info" | "tags" | "externalDocs" | "security" => {
                out.insert(key.clone(), value.clone());
            }
            k if k.starts_with("x-") => {
                out.insert(key.clone(), value.clone());
            }
            _ => {}
        }
    }
    if let Some(servers) = c.servers() {
        out.insert("servers".into(), servers);
    }
    out.insert("paths".into(), c.paths());
    if let Some(extra) = doc.get("x-ms-paths").and_then(Value::as_object) {
        // Azure puts paths that differ only in their query string here; they are not paths.
        c.warnings.push(Diagnostic::warning(
            "/x-ms-paths",
            format!(
                "`x-ms-paths` (an Azure extension) holds {} path(s) whose operations are not generated",
                extra.len()
            ),
        ));
    }
    let components = c.components();
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    Converted {
        value: Value::Object(out),
        pointers: c.pointers,
        warnings: c.warnings,
    }
}

/// One conversion: the 2.0 document, and what it has recorded so far. Its methods are spread
/// over this file (document level: servers, components, security), `operations.rs` and
/// `schema.rs`.
struct Converter<'a> {
    doc: &'a Map<String, Value>,
    pointers: PointerMap,
    warnings: Vec<Diagnostic>,
}

/// The media types an operation reads or writes: its own list, else the document's, else JSON.
fn media_types(op: &Map<String, Value>, doc: &Map<String, Value>, key: &str) -> Vec<String> {
    let list = op
        .get(key)
        .or_else(|| doc.get(key))
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    if list.is_empty() {
        vec![JSON.to_string()]
    } else {
        list
    }
}

impl Converter<'_> {
    fn servers(&mut self) -> Option<Value> {
        let host = self.doc.get("host").and_then(Value::as_str);
        let base = self
            .doc
            .get("basePath")
            .and_then(Value::as_str)
            .unwrap_or("");
        let origin = if host.is_some() {
            "/host"
        } else if self.doc.contains_key("basePath") {
            "/basePath"
        } else {
            return None;
        };
        self.pointers.record("/servers".into(), origin.into());
        let base = base.trim_end_matches('/');
        let Some(host) = host else {
            let url = if base.is_empty() { "/" } else { base };
            return Some(serde_json::json!([{ "url": url }]));
        };
        let schemes: Vec<&str> = self
            .doc
            .get("schemes")
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        // Without `schemes`, the spec says the scheme used to fetch the document: HTTPS is the
        // safe assumption for a published API.
        let schemes = if schemes.is_empty() {
            vec!["https"]
        } else {
            schemes
        };
        let servers = schemes
            .iter()
            .filter(|s| matches!(**s, "http" | "https"))
            .map(|s| serde_json::json!({ "url": format!("{s}://{host}{base}") }))
            .collect::<Vec<_>>();
        Some(Value::Array(servers))
    }

    fn components(&mut self) -> Map<String, Value> {
        let mut components = Map::new();
        if let Some(defs) = self.doc.get("definitions").and_then(Value::as_object) {
            let mut schemas = Map::new();
            for (name, schema) in defs {
                let at = pointer_join("/definitions", name);
                self.pointers
                    .record(pointer_join("/components/schemas", name), at.clone());
                schemas.insert(name.clone(), self.schema(schema, &at));
            }
            components.insert("schemas".into(), Value::Object(schemas));
        }
        if let Some(params) = self.doc.get("parameters").and_then(Value::as_object) {
            let mut out = Map::new();
            for (name, param) in params {
                // Body and form parameters become part of each operation's request body.
                if matches!(in_of(param), Some("body" | "formData")) {
                    continue;
                }
                let at = pointer_join("/parameters", name);
                let to = pointer_join("/components/parameters", name);
                out.insert(name.clone(), self.parameter(param, &at, &to));
            }
            if !out.is_empty() {
                components.insert("parameters".into(), Value::Object(out));
            }
        }
        if let Some(responses) = self.doc.get("responses").and_then(Value::as_object) {
            let produces = media_types(&Map::new(), self.doc, "produces");
            let mut out = Map::new();
            for (name, response) in responses {
                let at = pointer_join("/responses", name);
                let to = pointer_join("/components/responses", name);
                out.insert(name.clone(), self.response(response, &produces, &at, &to));
            }
            components.insert("responses".into(), Value::Object(out));
        }
        if let Some(schemes) = self
            .doc
            .get("securityDefinitions")
            .and_then(Value::as_object)
        {
            let mut out = Map::new();
            for (name, scheme) in schemes {
                let at = pointer_join("/securityDefinitions", name);
                self.pointers.record(
                    pointer_join("/components/securitySchemes", name),
                    at.clone(),
                );
                out.insert(name.clone(), self.security_scheme(scheme, &at));
            }
            components.insert("securitySchemes".into(), Value::Object(out));
        }
        components
    }

    fn security_scheme(&mut self, scheme: &Value, at: &str) -> Value {
        let Some(obj) = scheme.as_object() else {
            return scheme.clone();
        };
        let mut out = Map::new();
        let copy = |out: &mut Map<String, Value>, key: &str| {
            if let Some(v) = obj.get(key) {
                out.insert(key.into(), v.clone());
            }
        };
        copy(&mut out, "description");
        match obj.get("type").and_then(Value::as_str) {
            Some("basic") => {
                out.insert("type".into(), "http".into());
                out.insert("scheme".into(), "basic".into());
            }
            Some("oauth2") => {
                out.insert("type".into(), "oauth2".into());
                let flow_name = match obj.get("flow").and_then(Value::as_str) {
                    Some("implicit") => "implicit",
                    Some("password") => "password",
                    Some("application") => "clientCredentials",
                    Some("accessCode") => "authorizationCode",
                    other => {
                        self.warnings.push(Diagnostic::warning(
                            pointer_join(at, "flow"),
                            format!(
                                "oauth2 `flow` {} is not one of implicit, password, application, accessCode; read as accessCode",
                                other.unwrap_or("(missing)")
                            ),
                        ));
                        "authorizationCode"
                    }
                };
                let mut flow = Map::new();
                if matches!(flow_name, "implicit" | "authorizationCode") {
                    copy(&mut flow, "authorizationUrl");
                }
                if flow_name != "implicit" {
                    copy(&mut flow, "tokenUrl");
                }
                let scopes = obj
                    .get("scopes")
                    .cloned()
                    .unwrap_or_else(|| Value::Object(Map::new()));
                flow.insert("scopes".into(), scopes);
                let mut flows = Map::new();
                flows.insert(flow_name.into(), Value::Object(flow));
                out.insert("flows".into(), Value::Object(flows));
            }
            _ => {
                // `apiKey` has the same shape in both versions.
                for (k, v) in obj {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        Value::Object(out)
    }
}

/// `#/definitions/X…` → `#/components/schemas/X…`, and the same for parameters and responses.
fn rewrite_ref(r: &str) -> String {
    for (from, to) in [
        ("#/definitions/", "#/components/schemas/"),
        ("#/parameters/", "#/components/parameters/"),
        ("#/responses/", "#/components/responses/"),
    ] {
        if let Some(rest) = r.strip_prefix(from) {
            return format!("{to}{rest}");
        }
    }
    r.to_string()
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn escape(token: &str) -> String {
    crate::diag::escape_token(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn converted(doc: serde_json::Value) -> Converted {
        convert(doc.as_object().expect("a mapping"))
    }

    #[test]
    fn converts_security_servers_bodies_and_styles() {
        let c = converted(serde_json::json!({
            "swagger": "2.0",
            "info": {"title": "t", "version": "1"},
            "host": "h.example", "basePath": "/v1/", "schemes": ["https"],
            "consumes": ["application/json"],
            "securityDefinitions": {
                "b": {"type": "basic"},
                "i": {"type": "oauth2", "flow": "implicit", "authorizationUrl": "https://a"},
                "p": {"type": "oauth2", "flow": "password", "tokenUrl": "https://t", "scopes": {}},
                "a": {"type": "oauth2", "flow": "application", "tokenUrl": "https://t", "scopes": {}},
                "c": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a",
                      "tokenUrl": "https://t", "scopes": {"s": "d"}}
            },
            "paths": {"/x": {"post": {
                "parameters": [
                    {"name": "ids", "in": "query", "type": "array", "items": {"type": "integer"}},
                    {"name": "h", "in": "header", "type": "array", "items": {"type": "string"},
                     "collectionFormat": "multi"},
                    {"name": "f", "in": "formData", "type": "file", "required": true}
                ],
                "responses": {"200": {"description": "ok", "headers": {"X-N": {"type": "integer"}}}}
            }}}
        }));
        let v = &c.value;
        assert_eq!(
            v["servers"],
            serde_json::json!([{"url": "https://h.example/v1"}])
        );
        let schemes = &v["components"]["securitySchemes"];
        assert_eq!(
            schemes["b"],
            serde_json::json!({"type": "http", "scheme": "basic"})
        );
        assert_eq!(
            schemes["i"]["flows"]["implicit"],
            serde_json::json!({"authorizationUrl": "https://a", "scopes": {}})
        );
        assert_eq!(schemes["p"]["flows"]["password"]["tokenUrl"], "https://t");
        assert_eq!(
            schemes["a"]["flows"]["clientCredentials"]["tokenUrl"],
            "https://t"
        );
        assert_eq!(
            schemes["c"]["flows"]["authorizationCode"]["scopes"],
            serde_json::json!({"s": "d"})
        );
        let op = &v["paths"]["/x"]["post"];
        assert_eq!(op["parameters"][0]["style"], "form");
        assert_eq!(op["parameters"][0]["explode"], false);
        assert_eq!(
            op["parameters"][0]["schema"],
            serde_json::json!({"type": "array", "items": {"type": "integer"}})
        );
        assert_eq!(op["parameters"][1]["explode"], true);
        let form = &op["requestBody"]["content"]["multipart/form-data"]["schema"];
        assert_eq!(
            form["properties"]["f"],
            serde_json::json!({"type": "string", "format": "binary"})
        );
        assert_eq!(form["required"], serde_json::json!(["f"]));
        assert_eq!(
            op["responses"]["200"]["headers"]["X-N"]["schema"],
            serde_json::json!({"type": "integer"})
        );
        assert_eq!(
            c.pointers.original(
                "/paths/~1x/post/requestBody/content/multipart~1form-data/schema/properties/f"
            ),
            "/paths/~1x/post/parameters/2"
        );
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    }

    #[test]
    fn reads_type_lists_and_null_leniently() {
        let c = converted(serde_json::json!({
            "swagger": "2.0",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "definitions": {"A": {"type": "object", "discriminator": "k", "properties": {
                "k": {"type": "string"},
                "n": {"type": ["null", "string"]},
                "l": {"type": "array", "items": [{"type": "integer"}]},
                "x": {"type": "string", "x-nullable": true},
                "r": {"$ref": "#/definitions/A", "x-nullable": true}
            }}}
        }));
        let a = &c.value["components"]["schemas"]["A"];
        assert_eq!(a["discriminator"], serde_json::json!({"propertyName": "k"}));
        assert_eq!(
            a["properties"]["n"],
            serde_json::json!({"nullable": true, "type": "string"})
        );
        assert_eq!(
            a["properties"]["l"]["items"],
            serde_json::json!({"type": "integer"})
        );
        assert_eq!(
            a["properties"]["x"],
            serde_json::json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            a["properties"]["r"],
            serde_json::json!({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true})
        );
        let at: Vec<&str> = c.warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            at,
            [
                "/definitions/A/properties/n/type",
                "/definitions/A/properties/l/items"
            ]
        );
    }

    #[test]
    fn maps_converted_pointers_back() {
        let mut map = PointerMap::default();
        map.record("/components/schemas/Pet".into(), "/definitions/Pet".into());
        map.record(
            "/paths/~1a/get/parameters/0/schema".into(),
            "/paths/~1a/get/parameters/1".into(),
        );
        assert_eq!(
            map.original("/components/schemas/Pet/properties/id"),
            "/definitions/Pet/properties/id"
        );
        assert_eq!(
            map.original("/paths/~1a/get/parameters/0/schema/items"),
            "/paths/~1a/get/parameters/1/items"
        );
        assert_eq!(map.original("/info/title"), "/info/title");
        assert_eq!(map.original(""), "");
    }
}
