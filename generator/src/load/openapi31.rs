//! OpenAPI 3.1 input: the untyped 3.1 tree is lowered into a 3.0 tree before it is typed.
//!
//! Why lowering and not a second typed model: everything downstream (resolve, model, emit, the
//! review report) reads `openapiv3`'s 3.0 types, and what real 3.1 documents use of JSON Schema
//! 2020-12 has a 3.0 spelling for nearly all of it (`type: [T, "null"]` is `nullable`, `const` a
//! one-value `enum`, numeric `exclusiveMinimum` a `minimum` with a flag). Lowering keeps one model,
//! and a document that says the same thing in 3.0 and 3.1 generates the same Rust. What 3.0 cannot
//! say is carried in an extension the model reads (`x-oas31-webhooks`, see [`WEBHOOKS`]) or
//! described in the schema's docs with a warning (`if`/`then`/`else`, `dependentRequired`).
//!
//! Lowering edits schemas in place, so every node keeps its pointer; warnings name the pointer
//! into the original document. Schemas moved elsewhere (`$defs`, webhook payloads) are recorded
//! as origins by the caller (see [`super::pointers`]).
//!
//! A 3.0 document's `x-webhooks` (GitHub's spelling of `webhooks` before 3.1) goes into the same
//! extension through [`read_x_webhooks`], its schemas left as they are.

use serde_json::{Map, Value};

use crate::diag::pointer_join;

/// Where a node is: rendered into a JSON pointer only when a note needs it (most nodes never
/// do, and a pointer string per node was most of the cost of lowering).
#[derive(Clone, Copy)]
enum At<'a> {
    /// A pointer, already rendered.
    Root(&'a str),
    /// A member of a mapping.
    Key(&'a At<'a>, &'a str),
    /// An item of a list.
    Index(&'a At<'a>, usize),
}

impl At<'_> {
    fn render(&self) -> String {
        match self {
            At::Root(p) => p.to_string(),
            At::Key(parent, key) => pointer_join(&parent.render(), key),
            At::Index(parent, i) => format!("{}/{i}", parent.render()),
        }
    }

    /// The pointer of this node's member `key`.
    fn member(&self, key: &str) -> String {
        pointer_join(&self.render(), key)
    }

    /// Whether this is the document's `/components`.
    fn is_components(&self) -> bool {
        matches!(self, At::Key(At::Root(""), "components"))
    }
}

/// The top-level extension the lowered document carries webhooks in: a map from webhook name to
/// `{ "method", "schema" (a `$ref` to the payload's component), "description", "origin" }`.
pub const WEBHOOKS: &str = "x-oas31-webhooks";

/// Whether the tree declares OpenAPI 3.1.
pub fn is_31(value: &Value) -> bool {
    value
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("3.1"))
}

/// A lowering warning: the pointer into the original document and the message.
pub type Note = (String, String);

/// Lowers a 3.1 tree into a 3.0.3 tree. Returns the warnings (pointers into the original) and the
/// origins of schemas it moved (new pointer, original pointer).
pub fn lower(doc: &mut Value) -> (Vec<Note>, Vec<(String, String)>) {
    let mut notes = Vec::new();
    let mut origins = Vec::new();
    let snapshot_webhooks = doc.get("webhooks").cloned();
    let components_path_items = doc
        .pointer("/components/pathItems")
        .cloned()
        .unwrap_or(Value::Null);
    let Some(top) = doc.as_object_mut() else {
        return (notes, origins);
    };
    top.insert("openapi".into(), Value::String("3.0.3".into()));
    top.remove("jsonSchemaDialect");
    top.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(Value::Object(info)) = top.get_mut("info") {
        // 3.0 has no `summary`: it leads the description instead of being lost.
        if let Some(Value::String(summary)) = info.remove("summary") {
            let description = match info.get("description").and_then(Value::as_str) {
                Some(d) => format!("{summary}\n\n{d}"),
                None => summary,
            };
            info.insert("description".into(), Value::String(description));
        }
        if let Some(Value::Object(license)) = info.get_mut("license") {
            let identifier = license.remove("identifier");
            if let (Some(Value::String(id)), false) = (identifier, license.contains_key("name")) {
                license.insert("name".into(), Value::String(id));
            }
        }
    }
    for (key, child) in top.iter_mut() {
        if key == "webhooks" || key.starts_with("x-") {
            continue;
        }
        walk(child, &At::Key(&At::Root(""), key), &mut notes);
    }
    if let Some(Value::Object(hooks)) = snapshot_webhooks {
        top.remove("webhooks");
        let (lowered, moved) = webhooks(
            &hooks,
            WebhookSource::Webhooks31,
            &components_path_items,
            top,
            &mut notes,
        );
        origins.extend(moved);
        if !lowered.is_empty() {
            top.insert(WEBHOOKS.into(), Value::Object(lowered));
        }
    }
    (notes, origins)
}

/// Walks the non-schema parts of the document and lowers every schema it meets.
fn walk(v: &mut Value, at: &At<'_>, notes: &mut Vec<Note>) {
    match v {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let here = At::Key(at, key);
                match key.as_str() {
                    // (`default` is not data here: under `responses` it is a response.)
                    "example" | "examples" => {}
                    k if k.starts_with("x-") => {}
                    "schema" => schema(child, &here, notes),
                    "schemas" if at.is_components() => {
                        if let Value::Object(schemas) = child {
                            for (name, s) in schemas.iter_mut() {
                                schema(s, &At::Key(&here, name), notes);
                            }
                        }
                    }
                    _ => walk(child, &here, notes),
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                walk(child, &At::Index(at, i), notes);
            }
        }
        _ => {}
    }
}

/// Keywords whose value is one subschema.
const ONE_SCHEMA: [&str; 9] = [
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
];
/// Keywords whose value maps names to subschemas.
const MAP_OF_SCHEMAS: [&str; 5] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
/// Keywords whose value lists subschemas.
const LIST_OF_SCHEMAS: [&str; 4] = ["allOf", "oneOf", "anyOf", "prefixItems"];

/// Keywords that describe a value as a whole and stay on the outside when a schema is split.
const DESCRIPTIVE: [&str; 9] = [
    "title",
    "description",
    "nullable",
    "deprecated",
    "readOnly",
    "writeOnly",
    "default",
    "example",
    "externalDocs",
];

/// Lowers one schema (and its subschemas) at `at`.
fn schema(v: &mut Value, at: &At<'_>, notes: &mut Vec<Note>) {
    // 2020-12 allows `true` and `false` as schemas.
    if let Value::Bool(b) = v {
        *v = if *b {
            Value::Object(Map::new())
        } else {
            serde_json::json!({ "not": {} })
        };
        return;
    }
    let Value::Object(map) = v else { return };
    for key in ONE_SCHEMA {
        if let Some(child) = map.get_mut(key) {
            // `additionalProperties: true/false` keeps its 3.0 meaning.
            if !(key == "additionalProperties" && child.is_boolean()) {
                schema(child, &At::Key(at, key), notes);
            }
        }
    }
    for key in MAP_OF_SCHEMAS {
        if let Some(Value::Object(children)) = map.get_mut(key) {
            let base = At::Key(at, key);
            for (name, child) in children.iter_mut() {
                schema(child, &At::Key(&base, name), notes);
            }
        }
    }
    for key in LIST_OF_SCHEMAS {
        if let Some(Value::Array(children)) = map.get_mut(key) {
            let base = At::Key(at, key);
            for (i, child) in children.iter_mut().enumerate() {
                schema(child, &At::Index(&base, i), notes);
            }
        }
    }
    keywords(map, at, notes);
    types(map, at, notes);
    if map.contains_key("$ref") && map.len() > 1 {
        // 3.0 ignores a `$ref`'s siblings; as `allOf: [{$ref}]` they keep their meaning (the
        // model keeps the referenced type's name when only docs and nullability differ).
        if let Some(reference) = map.remove("$ref") {
            let mut wrapped = Map::new();
            wrapped.insert("$ref".into(), reference);
            let mut all_of = vec![Value::Object(wrapped)];
            if let Some(Value::Array(more)) = map.remove("allOf") {
                all_of.extend(more);
            }
            map.insert("allOf".into(), Value::Array(all_of));
        }
    }
}

/// The 2020-12 keywords with a 3.0 spelling, and those described in the docs instead.
fn keywords(map: &mut Map<String, Value>, at: &At<'_>, notes: &mut Vec<Note>) {
    if let Some(c) = map.remove("const") {
        map.entry("enum").or_insert_with(|| Value::Array(vec![c]));
    }
    if let Some(Value::Array(examples)) = map.remove("examples") {
        if let Some(first) = examples.into_iter().next() {
            map.entry("example").or_insert(first);
        }
    }
    for (exclusive, inclusive) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(bound) = map.get(exclusive).filter(|b| b.is_number()).cloned() {
            map.insert(inclusive.into(), bound);
            map.insert(exclusive.into(), Value::Bool(true));
        }
    }
    let encoding = map.remove("contentEncoding");
    let media = map.remove("contentMediaType");
    if !map.contains_key("format") {
        let format = match (encoding.as_ref().and_then(Value::as_str), &media) {
            (Some("base64" | "base64url"), _) => Some("byte"),
            (None, Some(Value::String(m))) if !m.contains("json") && !m.starts_with("text/") => {
                Some("binary")
            }
            _ => None,
        };
        if let Some(format) = format {
            map.entry("type")
                .or_insert_with(|| Value::String("string".into()));
            map.insert("format".into(), Value::String(format.into()));
        }
    }
    if let Some(Value::Object(patterns)) = map.remove("patternProperties") {
        let mut described = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        for (pattern, s) in patterns {
            described.push(format!("`{pattern}`"));
            if !values.contains(&s) {
                values.push(s);
            }
        }
        let open = !matches!(map.get("additionalProperties"), Some(Value::Object(_)));
        if open && !matches!(map.get("additionalProperties"), Some(Value::Bool(false))) {
            let value = match values.len() {
                1 => values.remove(0),
                _ => Value::Bool(true),
            };
            map.insert("additionalProperties".into(), value);
        }
        describe(
            map,
            &format!("Other property names match {}.", described.join(" or ")),
        );
    }
    if map.remove("prefixItems").is_some() {
        map.entry("items")
            .or_insert_with(|| Value::Object(Map::new()));
        notes.push((
            at.member("prefixItems"),
            "`prefixItems` (a tuple) has no Rust type here: its items are read as serde_json::Value".into(),
        ));
    }
    if let Some(Value::Object(deps)) = map.remove("dependentRequired") {
        let mut lines = Vec::new();
        for (name, required) in deps {
            let names: Vec<String> = required
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(|n| format!("`{n}`"))
                .collect();
            lines.push(format!(
                "When `{name}` is present, {} must be too.",
                names.join(", ")
            ));
        }
        describe(map, &lines.join(" "));
        notes.push((
            at.member("dependentRequired"),
            "`dependentRequired` cannot be expressed as a Rust type: described in the docs, not checked".into(),
        ));
    }
    if map.contains_key("if") {
        map.remove("if");
        map.remove("then");
        map.remove("else");
        describe(
            map,
            "Conditional rules (`if`/`then`/`else`) apply: see the API description.",
        );
        notes.push((
            at.member("if"),
            "`if`/`then`/`else` cannot be expressed as a Rust type: described in the docs, not checked".into(),
        ));
    }
    for ignored in [
        "$schema",
        "$id",
        "$anchor",
        "$comment",
        "$dynamicAnchor",
        "dependentSchemas",
        "unevaluatedProperties",
        "unevaluatedItems",
        "contains",
        "minContains",
        "maxContains",
        "propertyNames",
    ] {
        map.remove(ignored);
    }
    if map.remove("$dynamicRef").is_some() {
        notes.push((
            at.member("$dynamicRef"),
            "`$dynamicRef` is not followed: the value is read as serde_json::Value".into(),
        ));
    }
}

/// `type` arrays: `"null"` becomes `nullable`; several other types become a `oneOf` of one
/// schema per type (each keeps the keywords that apply to it).
fn types(map: &mut Map<String, Value>, at: &At<'_>, notes: &mut Vec<Note>) {
    let listed: Vec<String> = match map.get("type") {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        Some(Value::String(t)) if t == "null" => vec!["null".into()],
        Some(Value::String(_)) | None => return,
        Some(other) => {
            // Not a type name (real documents have a schema here by mistake): read leniently.
            notes.push((
                at.member("type"),
                format!("`type` must be a type name or a list of them, not {}; the value is read as serde_json::Value", kind_of(other)),
            ));
            map.remove("type");
            return;
        }
    };
    map.remove("type");
    let mut kinds: Vec<String> = listed.iter().filter(|t| *t != "null").cloned().collect();
    if kinds.len() < listed.len() {
        map.insert("nullable".into(), Value::Bool(true));
    }
    // An integer is a number: `[integer, number]` is `number`.
    if kinds.iter().any(|k| k == "number") {
        kinds.retain(|k| k != "integer");
    }
    match kinds.len() {
        0 => {
            if !map.contains_key("enum") {
                map.insert("enum".into(), Value::Array(vec![Value::Null]));
            }
        }
        1 => {
            map.insert("type".into(), Value::String(kinds.remove(0)));
        }
        _ if alternatives_typed(map) => {
            // `type: [string, array], oneOf: [{type: string}, {type: array}]`: the alternatives
            // already say it (GitHub's documents do this).
        }
        _ if map.contains_key("oneOf")
            || map.contains_key("anyOf")
            || map.contains_key("allOf") =>
        {
            notes.push((
                at.member("type"),
                format!(
                    "a `type` list ({}) beside `oneOf`/`anyOf`/`allOf` has no Rust type: the value is read as serde_json::Value",
                    kinds.join(", ")
                ),
            ));
            map.remove("oneOf");
            map.remove("anyOf");
            map.remove("allOf");
        }
        _ => {
            let mut specific = Map::new();
            let keys: Vec<String> = map
                .keys()
                .filter(|k| !DESCRIPTIVE.contains(&k.as_str()))
                .cloned()
                .collect();
            for k in keys {
                if let Some(v) = map.remove(&k) {
                    specific.insert(k, v);
                }
            }
            let alternatives = kinds
                .into_iter()
                .map(|kind| {
                    let mut one = specific.clone();
                    one.insert("type".into(), Value::String(kind));
                    Value::Object(one)
                })
                .collect();
            map.insert("oneOf".into(), Value::Array(alternatives));
        }
    }
}

/// Whether the schema's `oneOf` or `anyOf` alternatives each name a type or a reference.
fn alternatives_typed(map: &Map<String, Value>) -> bool {
    ["oneOf", "anyOf"].iter().any(|k| {
        map.get(*k).and_then(Value::as_array).is_some_and(|alts| {
            !alts.is_empty()
                && alts
                    .iter()
                    .all(|a| a.get("$ref").is_some() || a.get("type").is_some_and(Value::is_string))
        })
    })
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Object(_) => "a mapping",
        Value::Array(_) => "a list",
        Value::Number(_) => "a number",
        Value::Bool(_) => "a boolean",
        Value::Null => "null",
        Value::String(_) => "a string",
    }
}

/// Appends a sentence to a schema's description.
fn describe(map: &mut Map<String, Value>, sentence: &str) {
    let text = match map.get("description").and_then(Value::as_str) {
        Some(d) if !d.is_empty() => format!("{d}\n\n{sentence}"),
        _ => sentence.to_string(),
    };
    map.insert("description".into(), Value::String(text));
}

/// Lowers `webhooks`: each operation's JSON request body becomes a component schema (a `$ref`
/// stays as it is) and an entry of [`WEBHOOKS`]. Returns the entries and the moved schemas'
/// origins.
fn webhooks(
    hooks: &Map<String, Value>,
    source: WebhookSource,
    components_path_items: &Value,
    top: &mut Map<String, Value>,
    notes: &mut Vec<Note>,
) -> (Map<String, Value>, Vec<(String, String)>) {
    let mut out = Map::new();
    let mut origins = Vec::new();
    for (name, item) in hooks {
        let mut at = pointer_join(source.pointer(), name);
        let mut item = item;
        // A webhook's path item is often a `$ref` to `components.pathItems`.
        for _ in 0..8 {
            let Some(r) = item.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let Some(target) = r
                .strip_prefix("#/components/pathItems/")
                .and_then(|n| components_path_items.get(unescape(n)))
            else {
                break;
            };
            at = r.trim_start_matches('#').to_string();
            item = target;
        }
        for method in ["post", "put", "patch", "get", "delete"] {
            let Some(op) = item.get(method) else { continue };
            let op_at = pointer_join(&at, method);
            let content = op
                .pointer("/requestBody/content")
                .and_then(Value::as_object);
            let json = content.and_then(|c| {
                c.iter()
                    .find(|(media, _)| media.contains("json"))
                    .map(|(media, m)| (media.clone(), m.get("schema").cloned()))
            });
            let Some((media, Some(mut payload))) = json else {
                notes.push((
                    op_at,
                    format!("webhook `{name}` has no JSON request body: it is not part of the webhook event enum"),
                ));
                continue;
            };
            let content_at = pointer_join(&pointer_join(&op_at, "requestBody"), "content");
            let schema_at = pointer_join(&pointer_join(&content_at, &media), "schema");
            let reference = match payload.get("$ref").and_then(Value::as_str) {
                Some(r) if payload.as_object().is_some_and(|m| m.len() == 1) => r.to_string(),
                _ => {
                    if source == WebhookSource::Webhooks31 {
                        schema(&mut payload, &At::Root(&schema_at), notes);
                    }
                    let component = free_schema_name(top, &format!("{name} webhook"));
                    let new_at = pointer_join("/components/schemas", &component);
                    origins.push((new_at.clone(), schema_at.clone()));
                    insert_schema(top, &component, payload);
                    format!("#{new_at}")
                }
            };
            let description = op
                .get("summary")
                .or_else(|| op.get("description"))
                .cloned()
                .unwrap_or(Value::Null);
            let entry = serde_json::json!({
                "method": method,
                "schema": { "$ref": reference },
                "description": description,
                "origin": schema_at,
            });
            let key = if out.contains_key(name) {
                format!("{name} {method}")
            } else {
                name.clone()
            };
            out.insert(key, entry);
        }
    }
    (out, origins)
}

/// Where a document's webhooks come from, and whether their schemas need lowering.
#[derive(Clone, Copy, PartialEq, Eq)]
enum WebhookSource {
    /// OpenAPI 3.1's `webhooks`, 3.1 schemas: lowered like the rest of the document.
    Webhooks31,
    /// A 3.0 document's `x-webhooks` (GitHub's spelling of the same thing before 3.1): 3.0
    /// schemas already.
    XWebhooks30,
}

impl WebhookSource {
    fn pointer(self) -> &'static str {
        match self {
            WebhookSource::Webhooks31 => "/webhooks",
            WebhookSource::XWebhooks30 => "/x-webhooks",
        }
    }
}

/// A 3.0 document's `x-webhooks` (the extension GitHub's 3.0 description carries its webhooks
/// in, shaped as 3.1's `webhooks`): read as 3.1's `webhooks` are, into [`WEBHOOKS`], so the
/// payloads are received types and the events an enum. The extension is taken out of the
/// document, as 3.1's `webhooks` are (nothing after reads it, and typing it again would copy a
/// third of GitHub's document). Returns the warnings and the origins of payload schemas moved
/// into `components`.
pub fn read_x_webhooks(doc: &mut Value) -> (Vec<Note>, Vec<(String, String)>) {
    let mut notes = Vec::new();
    let Some(top) = doc.as_object_mut() else {
        return (notes, Vec::new());
    };
    if top.contains_key(WEBHOOKS) || !matches!(top.get("x-webhooks"), Some(Value::Object(_))) {
        return (notes, Vec::new());
    }
    let Some(Value::Object(hooks)) = top.shift_remove("x-webhooks") else {
        return (notes, Vec::new());
    };
    let (lowered, moved) = webhooks(
        &hooks,
        WebhookSource::XWebhooks30,
        &Value::Null,
        top,
        &mut notes,
    );
    if !lowered.is_empty() {
        top.insert(WEBHOOKS.into(), Value::Object(lowered));
    }
    crate::alloc::drop_aside(hooks);
    (notes, moved)
}

/// A component schema name not yet taken.
fn free_schema_name(top: &Map<String, Value>, wanted: &str) -> String {
    let taken = |n: &str| {
        top.get("components")
            .and_then(|c| c.get("schemas"))
            .is_some_and(|s| s.get(n).is_some())
    };
    let mut name = wanted.to_string();
    let mut n = 2;
    while taken(&name) {
        name = format!("{wanted} {n}");
        n += 1;
    }
    name
}

fn insert_schema(top: &mut Map<String, Value>, name: &str, schema: Value) {
    let components = top
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(c) = components {
        let schemas = c
            .entry("schemas")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(s) = schemas {
            s.insert(name.to_string(), schema);
        }
    }
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}
