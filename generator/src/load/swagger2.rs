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

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::diag::{pointer_join, Diagnostic};

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

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];
const JSON: &str = "application/json";
const MULTIPART: &str = "multipart/form-data";
const URLENCODED: &str = "application/x-www-form-urlencoded";

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

/// The keys of a 2.0 parameter, header or items object that belong in its 3.0 `schema`.
const SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
    "x-nullable",
];

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

    fn paths(&mut self) -> Value {
        let mut out = Map::new();
        let Some(paths) = self.doc.get("paths").and_then(Value::as_object) else {
            return Value::Object(out);
        };
        for (path, item) in paths {
            let at = pointer_join("/paths", path);
            let converted = match item.as_object() {
                Some(item) if !path.starts_with("x-") => Value::Object(self.path_item(item, &at)),
                _ => item.clone(),
            };
            out.insert(path.clone(), converted);
        }
        Value::Object(out)
    }

    fn path_item(&mut self, item: &Map<String, Value>, at: &str) -> Map<String, Value> {
        let mut out = Map::new();
        let shared = self.parameter_list(item.get("parameters"), at);
        for (key, value) in item {
            match key.as_str() {
                "parameters" => {}
                "$ref" => {
                    out.insert(key.clone(), value.clone());
                }
                m if METHODS.contains(&m) => {
                    let op_at = pointer_join(at, m);
                    let op = match value.as_object() {
                        Some(op) => Value::Object(self.operation(op, &shared, &op_at)),
                        None => value.clone(),
                    };
                    out.insert(key.clone(), op);
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        // Path-level body and form parameters cannot stay at path level in 3.0: each operation
        // took them over. The others stay here.
        let mut kept = Vec::new();
        for p in shared.iter().filter(|p| !p.is_request_body()) {
            let to = format!("{at}/parameters/{}", kept.len());
            kept.push(self.parameter_at(p, &to));
        }
        if !kept.is_empty() {
            out.insert("parameters".into(), Value::Array(kept));
        }
        out
    }

    /// The parameters of a list, each resolved when it refers to a global parameter.
    fn parameter_list(&mut self, list: Option<&Value>, at: &str) -> Vec<Param> {
        let Some(list) = list.and_then(Value::as_array) else {
            return Vec::new();
        };
        list.iter()
            .enumerate()
            .map(|(i, p)| {
                let origin = format!("{at}/parameters/{i}");
                match p.get("$ref").and_then(Value::as_str) {
                    Some(r) => match r.strip_prefix("#/parameters/") {
                        Some(name) => {
                            let name = unescape(name);
                            let target = self
                                .doc
                                .get("parameters")
                                .and_then(|ps| ps.get(&name))
                                .cloned()
                                .unwrap_or(Value::Null);
                            Param {
                                origin,
                                global: Some(name.clone()),
                                target_origin: pointer_join("/parameters", &name),
                                value: target,
                            }
                        }
                        None => Param::inline(origin, p.clone()),
                    },
                    None => Param::inline(origin, p.clone()),
                }
            })
            .collect()
    }

    fn operation(
        &mut self,
        op: &Map<String, Value>,
        shared: &[Param],
        at: &str,
    ) -> Map<String, Value> {
        let mut out = Map::new();
        for (key, value) in op {
            match key.as_str() {
                "parameters" | "consumes" | "produces" | "responses" | "schemes" => {}
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        let own = self.parameter_list(op.get("parameters"), at);
        // An operation's parameter overrides a path-level one with the same name and location.
        let inherited = shared.iter().filter(|s| {
            s.is_request_body()
                && !own
                    .iter()
                    .any(|o| o.name() == s.name() && o.location() == s.location())
        });
        let all: Vec<&Param> = inherited.chain(own.iter()).collect();
        let mut parameters = Vec::new();
        for p in all.iter().filter(|p| !p.is_request_body()) {
            let to = format!("{at}/parameters/{}", parameters.len());
            parameters.push(self.parameter_at(p, &to));
        }
        if !parameters.is_empty() {
            out.insert("parameters".into(), Value::Array(parameters));
        }
        let consumes = media_types(op, self.doc, "consumes");
        let body_at = pointer_join(at, "requestBody");
        if let Some(body) = all.iter().find(|p| p.location() == Some("body")) {
            out.insert("requestBody".into(), self.body(body, &consumes, &body_at));
        } else {
            let form: Vec<&Param> = all
                .iter()
                .copied()
                .filter(|p| p.location() == Some("formData"))
                .collect();
            if !form.is_empty() {
                out.insert("requestBody".into(), self.form(&form, &consumes, &body_at));
            }
        }
        let produces = media_types(op, self.doc, "produces");
        if let Some(responses) = op.get("responses").and_then(Value::as_object) {
            let mut converted = Map::new();
            for (code, response) in responses {
                let r_at = pointer_join(&pointer_join(at, "responses"), code);
                let response = if code.starts_with("x-") {
                    response.clone()
                } else {
                    self.response(response, &produces, &r_at, &r_at)
                };
                converted.insert(code.clone(), response);
            }
            out.insert("responses".into(), Value::Object(converted));
        }
        out
    }

    /// A non-body parameter at `to`: a reference to the global one, or converted inline.
    fn parameter_at(&mut self, p: &Param, to: &str) -> Value {
        self.pointers.record(to.to_string(), p.origin.clone());
        // A later stage reports a referenced parameter's schema at the reference: the `$ref`.
        self.pointers
            .record(pointer_join(to, "schema"), p.origin.clone());
        match &p.global {
            Some(name) => serde_json::json!({
                "$ref": format!("#/components/parameters/{}", escape(name))
            }),
            None => self.parameter(&p.value, &p.origin, to),
        }
    }

    /// A 2.0 query, header, path or cookie parameter (or header object) as a 3.0 parameter.
    fn parameter(&mut self, param: &Value, at: &str, to: &str) -> Value {
        let Some(obj) = param.as_object() else {
            return param.clone();
        };
        self.pointers.record(to.to_string(), at.to_string());
        let mut out = Map::new();
        for (key, value) in obj {
            if SCHEMA_KEYS.contains(&key.as_str()) || key == "collectionFormat" {
                continue;
            }
            out.insert(key.clone(), value.clone());
        }
        self.pointers
            .record(pointer_join(to, "schema"), at.to_string());
        out.insert("schema".into(), self.simple_schema(obj, at));
        if obj.get("type").and_then(Value::as_str) == Some("array") {
            let location = obj.get("in").and_then(Value::as_str).unwrap_or("header");
            let format = obj
                .get("collectionFormat")
                .and_then(Value::as_str)
                .unwrap_or("csv");
            let (style, explode) = match (format, location) {
                ("multi", _) => ("form", true),
                ("csv", "query") => ("form", false),
                ("csv", _) => ("simple", false),
                ("ssv", _) => ("spaceDelimited", false),
                ("pipes", _) => ("pipeDelimited", false),
                (other, _) => {
                    self.warnings.push(Diagnostic::warning(
                        pointer_join(at, "collectionFormat"),
                        format!(
                            "`collectionFormat: {other}` has no OpenAPI 3.0 style; read as csv"
                        ),
                    ));
                    if location == "query" {
                        ("form", false)
                    } else {
                        ("simple", false)
                    }
                }
            };
            out.insert("style".into(), style.into());
            out.insert("explode".into(), explode.into());
        }
        Value::Object(out)
    }

    /// The schema of a parameter, header or items object: its schema keywords, converted.
    fn simple_schema(&mut self, obj: &Map<String, Value>, at: &str) -> Value {
        let mut schema = Map::new();
        for key in SCHEMA_KEYS {
            if let Some(v) = obj.get(*key) {
                schema.insert((*key).into(), v.clone());
            }
        }
        if let Some(items) = schema.get("items").and_then(Value::as_object) {
            let items = self.simple_schema(items, &pointer_join(at, "items"));
            schema.insert("items".into(), items);
        }
        if let Some(d) = obj.get("description") {
            if obj.get("in").is_none() {
                schema.insert("description".into(), d.clone());
            }
        }
        self.schema(&Value::Object(schema), at)
    }

    fn body(&mut self, body: &Param, consumes: &[String], to: &str) -> Value {
        self.pointers.record(to.to_string(), body.value_origin());
        let origin = body.value_origin();
        let schema_at = pointer_join(&origin, "schema");
        let schema = match body.value.get("schema") {
            Some(s) => self.schema(s, &schema_at),
            None => Value::Object(Map::new()),
        };
        let mut content = Map::new();
        for media in consumes {
            let m_at = pointer_join(&pointer_join(to, "content"), media);
            self.pointers.record(m_at.clone(), origin.clone());
            self.pointers
                .record(pointer_join(&m_at, "schema"), schema_at.clone());
            content.insert(media.clone(), serde_json::json!({ "schema": schema }));
        }
        let mut out = Map::new();
        if let Some(d) = body.value.get("description") {
            out.insert("description".into(), d.clone());
        }
        out.insert("content".into(), Value::Object(content));
        if let Some(r) = body.value.get("required") {
            out.insert("required".into(), r.clone());
        }
        Value::Object(out)
    }

    fn form(&mut self, fields: &[&Param], consumes: &[String], to: &str) -> Value {
        let first = fields.first().map(|p| p.value_origin()).unwrap_or_default();
        self.pointers.record(to.to_string(), first.clone());
        let has_file = fields
            .iter()
            .any(|p| p.value.get("type").and_then(Value::as_str) == Some("file"));
        let mut media: Vec<&str> = consumes
            .iter()
            .map(String::as_str)
            .filter(|m| m.starts_with(MULTIPART) || (!has_file && m.starts_with(URLENCODED)))
            .collect();
        if media.is_empty() {
            media.push(if has_file { MULTIPART } else { URLENCODED });
        }
        let mut properties = Map::new();
        let mut required = Vec::new();
        for p in fields {
            let Some(obj) = p.value.as_object() else {
                continue;
            };
            let name = p.name().unwrap_or_default().to_string();
            let mut schema = self.simple_schema(obj, &p.value_origin());
            if let (Some(d), Some(s)) = (obj.get("description"), schema.as_object_mut()) {
                s.insert("description".into(), d.clone());
            }
            for m in &media {
                let prop_at = format!(
                    "{}/schema/properties/{}",
                    pointer_join(&pointer_join(to, "content"), m),
                    crate::diag::escape_token(&name)
                );
                self.pointers.record(prop_at, p.value_origin());
            }
            if obj.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(Value::String(name.clone()));
            }
            properties.insert(name, schema);
        }
        let mut schema = Map::new();
        schema.insert("type".into(), "object".into());
        schema.insert("properties".into(), Value::Object(properties));
        let any_required = !required.is_empty();
        if any_required {
            schema.insert("required".into(), Value::Array(required));
        }
        let schema = Value::Object(schema);
        let mut content = Map::new();
        for m in &media {
            // The media type and its object schema stand for the form as a whole: the first field.
            let m_at = pointer_join(&pointer_join(to, "content"), m);
            self.pointers.record(m_at.clone(), first.clone());
            self.pointers
                .record(pointer_join(&m_at, "schema"), first.clone());
            content.insert(m.to_string(), serde_json::json!({ "schema": schema }));
        }
        serde_json::json!({ "content": content, "required": any_required })
    }

    fn response(&mut self, response: &Value, produces: &[String], at: &str, to: &str) -> Value {
        let Some(obj) = response.as_object() else {
            return response.clone();
        };
        if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
            return serde_json::json!({ "$ref": rewrite_ref(r) });
        }
        self.pointers.record(to.to_string(), at.to_string());
        let mut out = Map::new();
        for (key, value) in obj {
            if !matches!(key.as_str(), "schema" | "headers" | "examples") {
                out.insert(key.clone(), value.clone());
            }
        }
        out.entry("description")
            .or_insert_with(|| Value::String(String::new()));
        if let Some(headers) = obj.get("headers").and_then(Value::as_object) {
            let mut converted = Map::new();
            for (name, header) in headers {
                let h_at = pointer_join(&pointer_join(at, "headers"), name);
                let h_to = pointer_join(&pointer_join(to, "headers"), name);
                converted.insert(name.clone(), self.header(header, &h_at, &h_to));
            }
            out.insert("headers".into(), Value::Object(converted));
        }
        if let Some(schema) = obj.get("schema") {
            let schema_at = pointer_join(at, "schema");
            let file = schema.get("type").and_then(Value::as_str) == Some("file");
            let schema = self.schema(schema, &schema_at);
            let mut content = Map::new();
            for media in file_media(produces, file) {
                let m_to = pointer_join(&pointer_join(to, "content"), &media);
                self.pointers
                    .record(pointer_join(&m_to, "schema"), schema_at.clone());
                content.insert(media, serde_json::json!({ "schema": schema }));
            }
            out.insert("content".into(), Value::Object(content));
        }
        Value::Object(out)
    }

    fn header(&mut self, header: &Value, at: &str, to: &str) -> Value {
        let Some(obj) = header.as_object() else {
            return header.clone();
        };
        self.pointers.record(to.to_string(), at.to_string());
        self.pointers
            .record(pointer_join(to, "schema"), at.to_string());
        let mut out = Map::new();
        if let Some(d) = obj.get("description") {
            out.insert("description".into(), d.clone());
        }
        out.insert("schema".into(), self.simple_schema(obj, at));
        Value::Object(out)
    }

    /// A 2.0 schema object as a 3.0 one (recursively); `at` is its pointer in the original.
    fn schema(&mut self, schema: &Value, at: &str) -> Value {
        let Some(obj) = schema.as_object() else {
            return schema.clone();
        };
        if let (Some(r), Some(true)) = (
            obj.get("$ref").and_then(Value::as_str),
            obj.get("x-nullable").and_then(Value::as_bool),
        ) {
            // 3.0 ignores a `$ref`'s siblings: a nullable reference is a nullable `allOf` of
            // the one reference (the description kept beside it).
            let mut out = Map::new();
            out.insert(
                "allOf".into(),
                serde_json::json!([{ "$ref": rewrite_ref(r) }]),
            );
            out.insert("nullable".into(), true.into());
            if let Some(d) = obj.get("description") {
                out.insert("description".into(), d.clone());
            }
            self.pointers
                .record(format!("{at}/allOf/0"), at.to_string());
            return Value::Object(out);
        }
        let mut out = Map::new();
        for (key, value) in obj {
            let child_at = pointer_join(at, key);
            let converted = match key.as_str() {
                "$ref" => match value.as_str() {
                    Some(r) => Value::String(rewrite_ref(r)),
                    None => value.clone(),
                },
                "x-nullable" => {
                    if value.as_bool() == Some(true) {
                        out.insert("nullable".into(), true.into());
                    }
                    continue;
                }
                "type" => {
                    self.schema_type(value, &child_at, &mut out);
                    continue;
                }
                "discriminator" => match value.as_str() {
                    Some(name) => serde_json::json!({ "propertyName": name }),
                    None => value.clone(),
                },
                "items" => match value.as_array() {
                    Some(list) => self.items_list(list, &child_at),
                    None => self.schema(value, &child_at),
                },
                "additionalProperties" | "not" => self.schema(value, &child_at),
                "properties" => match value.as_object() {
                    Some(props) => Value::Object(
                        props
                            .iter()
                            .map(|(k, v)| (k.clone(), self.schema(v, &pointer_join(&child_at, k))))
                            .collect(),
                    ),
                    None => value.clone(),
                },
                "allOf" | "anyOf" | "oneOf" => match value.as_array() {
                    Some(list) => Value::Array(
                        list.iter()
                            .enumerate()
                            .map(|(i, v)| self.schema(v, &format!("{child_at}/{i}")))
                            .collect(),
                    ),
                    None => value.clone(),
                },
                _ => value.clone(),
            };
            out.insert(key.clone(), converted);
        }
        Value::Object(out)
    }

    /// `type`, with `file` as binary and the `type` lists and `"null"` real documents use.
    fn schema_type(&mut self, value: &Value, at: &str, out: &mut Map<String, Value>) {
        let names: Vec<&str> = match value {
            Value::String(s) => vec![s.as_str()],
            Value::Array(l) => l.iter().filter_map(Value::as_str).collect(),
            _ => {
                out.insert("type".into(), value.clone());
                return;
            }
        };
        let nullable = names.contains(&"null");
        let rest: Vec<&str> = names.iter().copied().filter(|n| *n != "null").collect();
        if value.is_array() || nullable {
            self.warnings.push(Diagnostic::warning(
                at,
                format!(
                    "`type: {value}` is not Swagger 2.0 (a type is one name); read as {}",
                    match (rest.as_slice(), nullable) {
                        ([one], true) => format!("a nullable `{one}`"),
                        ([one], false) => format!("`{one}`"),
                        ([], _) => "a value of any type that may be null".to_string(),
                        _ => "a value of any type".to_string(),
                    }
                ),
            ));
        }
        if nullable {
            out.insert("nullable".into(), true.into());
        }
        match rest.as_slice() {
            ["file"] => {
                out.insert("type".into(), "string".into());
                out.insert("format".into(), "binary".into());
            }
            [one] => {
                out.insert("type".into(), (*one).into());
            }
            _ => {}
        }
    }

    /// `items` given as a list (a tuple in JSON Schema draft 4, not allowed by 2.0).
    fn items_list(&mut self, list: &[Value], at: &str) -> Value {
        self.warnings.push(Diagnostic::warning(
            at,
            "`items` is a list here; Swagger 2.0 allows one schema: read as the first entry when \
             there is only one, else as any value",
        ));
        match list {
            [one] => self.schema(one, &format!("{at}/0")),
            _ => Value::Object(Map::new()),
        }
    }
}

/// The media types of a response: `produces`, except that a file is not JSON (it is sent as
/// the non-JSON types listed, else as `application/octet-stream`).
fn file_media(produces: &[String], file: bool) -> Vec<String> {
    if !file {
        return produces.to_vec();
    }
    let bytes: Vec<String> = produces
        .iter()
        .filter(|m| !m.contains("json"))
        .cloned()
        .collect();
    if bytes.is_empty() {
        vec!["application/octet-stream".to_string()]
    } else {
        bytes
    }
}

/// One parameter of a list, with where it came from.
struct Param {
    /// Its pointer in the list.
    origin: String,
    /// The name of the global parameter it refers to.
    global: Option<String>,
    /// The pointer of the global parameter, when it refers to one.
    target_origin: String,
    /// The parameter object itself (the global one's, for a reference).
    value: Value,
}

impl Param {
    fn inline(origin: String, value: Value) -> Self {
        Param {
            origin,
            global: None,
            target_origin: String::new(),
            value,
        }
    }
    /// Where the parameter object's own fields are in the original.
    fn value_origin(&self) -> String {
        if self.global.is_some() {
            self.target_origin.clone()
        } else {
            self.origin.clone()
        }
    }
    fn name(&self) -> Option<&str> {
        self.value.get("name").and_then(Value::as_str)
    }
    fn location(&self) -> Option<&str> {
        in_of(&self.value)
    }
    fn is_request_body(&self) -> bool {
        matches!(self.location(), Some("body" | "formData"))
    }
}

fn in_of(param: &Value) -> Option<&str> {
    param.get("in").and_then(Value::as_str)
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
