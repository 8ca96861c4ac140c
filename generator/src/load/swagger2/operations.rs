//! Paths, operations, parameters, request bodies and responses: 2.0's parameter lists (with
//! `body` and `formData` entries, and `consumes`/`produces`) become 3.0 parameters with schemas,
//! request bodies and response content.

use serde_json::{Map, Value};

use super::{escape, media_types, rewrite_ref, unescape, Converter};
use crate::diag::{pointer_join, Diagnostic};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];
const MULTIPART: &str = "multipart/form-data";
const URLENCODED: &str = "application/x-www-form-urlencoded";

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

pub(super) fn in_of(param: &Value) -> Option<&str> {
    param.get("in").and_then(Value::as_str)
}

impl Converter<'_> {
    pub(super) fn paths(&mut self) -> Value {
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
    pub(super) fn parameter(&mut self, param: &Value, at: &str, to: &str) -> Value {
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

    pub(super) fn response(
        &mut self,
        response: &Value,
        produces: &[String],
        at: &str,
        to: &str,
    ) -> Value {
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
}
