//! Proptest strategies for random but plausible OpenAPI 3.0 documents, as `serde_json::Value`.
//!
//! Shared by `proptest_specs.rs` (load → model → emit never panics) and `proptest_compile.rs`
//! (what generates, compiles). The documents aim at the corners the generator has to get right:
//! keyword, non-ASCII and empty names, names equal after case folding or sanitising, enums whose
//! values collide, unions with and without discriminators, nullable everything, odd patterns and
//! formats, references to existing, missing and cyclic components, paths with dotted and
//! undeclared parameters, every parameter location, several body media types, many statuses.

#![allow(dead_code)]

use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Names chosen to collide with Rust keywords, std types, generated items and each other.
pub const NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "_",
    "",
    " ",
    "a",
    "A",
    "a-b",
    "a_b",
    "aB",
    "a b",
    "a.b",
    "AB",
    "ab",
    "中文",
    "é",
    "ñame",
    "😀",
    "123",
    "1a",
    "0",
    "r#type",
    "Option",
    "String",
    "Result",
    "Box",
    "Vec",
    "None",
    "Some",
    "Ok",
    "Err",
    "Default",
    "Other",
    "Unknown",
    "Client",
    "Server",
    "Error",
    "Response",
    "Body",
    "Params",
    "body",
    "params",
    "value",
    "Value",
    "std",
    "core",
    "serde",
    "runtime",
    "client",
    "types",
    "mod",
    "validate",
    "extra",
    "extras",
    "additional",
    "Item",
    "__",
    "-",
    "+1",
    "-1",
    "@type",
    "$ref",
    "fmt",
    "clone",
    "builder",
    "transport",
    "new",
    "limit",
    "offset",
    "data",
    "id",
    "ID",
    "Id",
    "user_id",
    "userId",
    "UserID",
    "async",
    "await",
    "dyn",
    "match",
    "loop",
    "try",
    "gen",
    "union",
    "macro_rules",
    "Idempotency-Key",
    "Content-Type",
    "Accept",
    "Authorization",
    "x-request-id",
];

/// A property, parameter, tag or component name.
pub fn name() -> BoxedStrategy<String> {
    prop_oneof![
        8 => prop::sample::select(NAMES).prop_map(String::from),
        3 => "[a-zA-Z][a-zA-Z0-9_]{0,6}",
        1 => "[a-zA-Z_ .$@-]{0,5}",
        1 => "\\PC{0,4}",
    ]
    .boxed()
}

/// Component schema names: a small pool, so that references and names often meet.
pub fn component_name() -> BoxedStrategy<String> {
    prop_oneof![
        6 => prop::sample::select(&[
            "Pet", "pet", "PET", "pet_", "Pet-Item", "PetItem", "Pet.Item", "Owner", "String",
            "Option", "Result", "Box", "Vec", "Client", "Server", "Self", "self", "type", "Error",
            "Value", "GetPetsResponse", "GetPetsError", "GetPetsParams", "GetPetsOkBody",
            "ListPetsParams", "中文", "Ünïcödé", "1st", "Nullable", "Timestamp", "Other", "Unknown",
            "Item", "Empty", "", "Default", "Ok", "Err",
        ][..])
        .prop_map(String::from),
        1 => name(),
    ]
    .boxed()
}

/// A placeholder reference, rewritten to a real one by [`fix_refs`] once the component names are
/// known.
fn ref_placeholder() -> BoxedStrategy<Value> {
    prop_oneof![
        12 => any::<u8>().prop_map(|k| json!({ "$ref": format!("\u{0}REF{k}") })),
        1 => Just(json!({ "$ref": "#/components/schemas/DoesNotExist" })),
        1 => prop::sample::select(&[
            "#/components/schemas/",
            "#",
            "#/definitions/Pet",
            "#/components/responses/Pet",
            "#/components/schemas/a~1b",
            "#/components/schemas/Pet/properties/id",
            "other.yaml#/components/schemas/Pet",
            "https://example.com/pet.json",
            "Pet",
            "",
        ][..])
        .prop_map(|r| json!({ "$ref": r })),
    ]
    .boxed()
}

/// A small JSON value (defaults, examples, enum members).
pub fn small_json() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1000i64..1000).prop_map(Value::from),
        (-1.0e6f64..1.0e6).prop_map(|f| json!(f)),
        name().prop_map(Value::String),
        Just(json!([])),
        Just(json!({})),
        Just(json!([1, "a"])),
        Just(json!({ "a": 1 })),
    ]
    .boxed()
}

const PATTERNS: &[&str] = &[
    "^[a-z]+$",
    "^(?=.*[A-Z]).{8,}$",
    "[",
    "(",
    "\\p{L}+",
    "\\p{Greek}",
    "^\\d{3}-\\d{4}$",
    "(a)\\1",
    "\\",
    "\"",
    "\"#",
    "'",
    "^.*$",
    "",
    "a{1000000}",
    "\\u00e9",
    "[^\\s]",
    "}{",
];

const FORMATS: &[&str] = &[
    "date-time",
    "date",
    "uuid",
    "ipv4",
    "ipv6",
    "email",
    "uri",
    "byte",
    "binary",
    "password",
    "int32",
    "int64",
    "float",
    "double",
    "weird-format",
    "",
];

const DESCRIPTIONS: &[&str] = &[
    "A thing.",
    "```\nlet x = 1;\n```",
    "```rust\nfn broken(\n```",
    "    indented code block\n    more",
    "*/ /* \\ \"quoted\" # hash",
    "<b>html</b> & [link](http://x) <http://y>",
    "line\r\nwith\rcarriage",
    "tab\there",
    "",
    "#[doc = \"x\"]",
    "中文描述 😀",
    "\u{0}nul",
];

fn description() -> BoxedStrategy<String> {
    prop_oneof![
        3 => prop::sample::select(DESCRIPTIONS).prop_map(String::from),
        1 => "\\PC{0,12}",
    ]
    .boxed()
}

fn string_schema() -> BoxedStrategy<Value> {
    (
        prop::option::of(prop::sample::select(FORMATS)),
        prop::option::of(0u64..20),
        prop::option::of(0u64..40),
        prop::option::weighted(0.3, prop::sample::select(PATTERNS)),
    )
        .prop_map(|(format, min, max, pattern)| {
            let mut m = Map::new();
            m.insert("type".into(), json!("string"));
            if let Some(f) = format {
                m.insert("format".into(), json!(f));
            }
            if let Some(n) = min {
                m.insert("minLength".into(), json!(n));
            }
            if let Some(n) = max {
                m.insert("maxLength".into(), json!(n));
            }
            if let Some(p) = pattern {
                m.insert("pattern".into(), json!(p));
            }
            Value::Object(m)
        })
        .boxed()
}

fn number_schema() -> BoxedStrategy<Value> {
    (
        prop::sample::select(&["integer", "number"][..]),
        prop::option::of(prop::sample::select(FORMATS)),
        prop::option::of(-100i64..100),
        prop::option::of(-100i64..100),
        any::<bool>(),
        prop::option::weighted(0.2, prop::sample::select(&[0.5f64, 2.0, 3.0, 0.01][..])),
    )
        .prop_map(|(typ, format, min, max, exclusive, multiple)| {
            let mut m = Map::new();
            m.insert("type".into(), json!(typ));
            if let Some(f) = format {
                m.insert("format".into(), json!(f));
            }
            if let Some(n) = min {
                m.insert("minimum".into(), json!(n));
                m.insert("exclusiveMinimum".into(), json!(exclusive));
            }
            if let Some(n) = max {
                m.insert("maximum".into(), json!(n));
            }
            if let Some(x) = multiple {
                let x = if typ == "integer" {
                    json!(x.ceil() as i64)
                } else {
                    json!(x)
                };
                m.insert("multipleOf".into(), x);
            }
            Value::Object(m)
        })
        .boxed()
}

/// Enum values: all strings (often colliding after sanitising), all integers, mixed, with nulls.
fn enum_schema() -> BoxedStrategy<Value> {
    let strings = prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(&[
                "a", "A", "a-b", "a_b", "a b", "A_B", "aB", "", " ", "Other", "other", "OTHER",
                "Unknown", "1", "01", "+", "-", "é", "e", "中", "self", "Self", "type", "None",
            ][..])
            .prop_map(String::from),
            1 => name(),
        ]
        .prop_map(Value::String),
        0..6,
    );
    let ints = prop::collection::vec(
        prop_oneof![
            (-3i64..3).prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            Just(Value::from(i64::MIN)),
            Just(Value::from(u64::MAX)),
        ],
        0..5,
    );
    (
        prop_oneof![
            strings.clone().prop_map(|v| (Some("string"), v)),
            strings.prop_map(|v| (None, v)),
            ints.clone().prop_map(|v| (Some("integer"), v)),
            ints.prop_map(|v| (None, v)),
            prop::collection::vec(small_json(), 0..5).prop_map(|v| (None, v)),
            prop::collection::vec(small_json(), 1..4).prop_map(|v| (Some("number"), v)),
            prop::collection::vec(any::<bool>().prop_map(Value::Bool), 1..3)
                .prop_map(|v| (Some("boolean"), v)),
        ],
        any::<bool>(),
    )
        .prop_map(|((typ, mut values), with_null)| {
            if with_null {
                values.push(Value::Null);
            }
            let mut m = Map::new();
            if let Some(t) = typ {
                m.insert("type".into(), json!(t));
            }
            m.insert("enum".into(), Value::Array(values));
            Value::Object(m)
        })
        .boxed()
}

fn leaf() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => string_schema(),
        2 => number_schema(),
        1 => Just(json!({ "type": "boolean" })),
        2 => enum_schema(),
        3 => ref_placeholder(),
        1 => Just(json!({})),
        1 => Just(json!({ "type": "object" })),
        1 => Just(json!({ "type": "object", "additionalProperties": false })),
        1 => Just(json!({ "type": "object", "additionalProperties": true })),
        1 => Just(json!({ "type": "array" })),
        1 => Just(json!({ "type": "null" })),
        1 => Just(json!({ "type": "weird" })),
        1 => Just(json!({ "not": { "type": "string" } })),
        1 => Just(json!({ "nullable": true })),
    ]
    .boxed()
}

/// Optional extras on a schema: nullable, docs, default, example, read/write-only.
fn decorate(s: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    (
        s,
        prop::option::weighted(0.25, any::<bool>()),
        prop::option::weighted(0.15, description()),
        prop::option::weighted(0.1, small_json()),
        prop::option::weighted(0.05, small_json()),
        prop::option::weighted(0.05, any::<bool>()),
        prop::option::weighted(0.05, name()),
    )
        .prop_map(|(mut s, nullable, desc, default, example, ro, title)| {
            if let Value::Object(m) = &mut s {
                if let Some(n) = nullable {
                    m.insert("nullable".into(), json!(n));
                }
                if let Some(d) = desc {
                    m.insert("description".into(), json!(d));
                }
                if let Some(d) = default {
                    m.insert("default".into(), d);
                }
                if let Some(e) = example {
                    m.insert("example".into(), e);
                }
                if let Some(r) = ro {
                    m.insert(if r { "readOnly" } else { "writeOnly" }.into(), json!(true));
                }
                if let Some(t) = title {
                    m.insert("title".into(), json!(t));
                }
            }
            s
        })
        .boxed()
}

fn object_of(inner: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    (
        prop::collection::vec((name(), inner.clone(), any::<bool>()), 0..6),
        prop::option::weighted(0.3, prop::option::of(inner)),
        prop::option::weighted(0.2, any::<bool>()),
        prop::option::weighted(0.1, name()),
        any::<bool>(),
    )
        .prop_map(
            |(props, additional, additional_bool, extra_required, typed)| {
                let mut m = Map::new();
                if typed {
                    m.insert("type".into(), json!("object"));
                }
                let mut properties = Map::new();
                let mut required = Vec::new();
                for (n, s, req) in props {
                    if req && !required.contains(&json!(n)) {
                        required.push(json!(n));
                    }
                    properties.insert(n, s);
                }
                if let Some(r) = extra_required {
                    required.push(json!(r));
                }
                m.insert("properties".into(), Value::Object(properties));
                if !required.is_empty() {
                    m.insert("required".into(), Value::Array(required));
                }
                match (additional, additional_bool) {
                    (Some(Some(s)), _) => {
                        m.insert("additionalProperties".into(), s);
                    }
                    (Some(None), _) => {
                        m.insert("additionalProperties".into(), json!({}));
                    }
                    (None, Some(b)) => {
                        m.insert("additionalProperties".into(), json!(b));
                    }
                    (None, None) => {}
                }
                Value::Object(m)
            },
        )
        .boxed()
}

fn discriminator() -> BoxedStrategy<Value> {
    (
        name(),
        prop::collection::vec((name(), any::<u8>()), 0..3),
        any::<bool>(),
    )
        .prop_map(|(prop, mapping, bare)| {
            let mut d = Map::new();
            d.insert("propertyName".into(), json!(prop));
            if !mapping.is_empty() {
                let m: Map<String, Value> = mapping
                    .into_iter()
                    .map(|(v, k)| {
                        // Mapping targets: a full reference, or a bare schema name.
                        let target = if bare {
                            format!("\u{0}NAME{k}")
                        } else {
                            format!("\u{0}REF{k}")
                        };
                        (v, json!(target))
                    })
                    .collect();
                d.insert("mapping".into(), Value::Object(m));
            }
            Value::Object(d)
        })
        .boxed()
}

fn composite(inner: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    let parts = prop::collection::vec(
        prop_oneof![2 => ref_placeholder(), 1 => inner.clone()],
        0..4,
    );
    prop_oneof![
        4 => object_of(inner.clone()),
        2 => inner.clone().prop_map(|i| json!({ "type": "array", "items": i })),
        1 => (inner.clone(), 0u64..3, 0u64..5).prop_map(|(i, a, b)| json!({ "type": "array", "items": i, "minItems": a, "maxItems": b, "uniqueItems": true })),
        1 => inner.clone().prop_map(|i| json!({ "type": "object", "additionalProperties": i })),
        2 => (prop::sample::select(&["oneOf", "anyOf"][..]), parts.clone(), prop::option::weighted(0.4, discriminator()))
            .prop_map(|(k, parts, d)| {
                let mut m = Map::new();
                m.insert(k.into(), Value::Array(parts));
                if let Some(d) = d {
                    m.insert("discriminator".into(), d);
                }
                Value::Object(m)
            }),
        1 => (prop::sample::select(&["oneOf", "anyOf"][..]), prop::collection::vec(ref_placeholder(), 1..4), discriminator())
            .prop_map(|(k, parts, d)| {
                let mut m = Map::new();
                m.insert(k.into(), Value::Array(parts));
                m.insert("discriminator".into(), d);
                Value::Object(m)
            }),
        2 => (parts, prop::option::of(object_of(inner))).prop_map(|(parts, own)| {
            let mut m = match own {
                Some(Value::Object(m)) => m,
                _ => Map::new(),
            };
            m.insert("allOf".into(), Value::Array(parts));
            Value::Object(m)
        }),
    ]
    .boxed()
}

/// A schema tree.
pub fn schema() -> BoxedStrategy<Value> {
    decorate(leaf())
        .prop_recursive(4, 32, 6, |inner| decorate(composite(inner)))
        .boxed()
}

const MEDIA: &[&str] = &[
    "application/json",
    "application/json; charset=utf-8",
    "application/problem+json",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "multipart/form-data",
    "text/plain",
    "text/csv",
    "application/xml",
    "image/png",
    "*/*",
];

fn content() -> BoxedStrategy<Value> {
    prop::collection::vec(
        (
            prop::sample::select(MEDIA),
            prop::option::weighted(0.8, schema()),
        ),
        0..3,
    )
    .prop_map(|media| {
        let mut m = Map::new();
        for (name, s) in media {
            let mut t = Map::new();
            if let Some(s) = s {
                t.insert("schema".into(), s);
            }
            m.insert(name.into(), Value::Object(t));
        }
        Value::Object(m)
    })
    .boxed()
}

fn parameter(path_names: Vec<String>) -> BoxedStrategy<Value> {
    let names = if path_names.is_empty() {
        vec!["id".to_string()]
    } else {
        path_names
    };
    (
        prop_oneof![
            3 => prop::sample::select(names),
            2 => name(),
        ],
        prop::sample::select(&["path", "query", "header", "cookie"][..]),
        any::<bool>(),
        prop_oneof![
            8 => leaf().prop_map(Some),
            1 => Just(None),
            1 => schema().prop_map(Some),
        ],
        prop::option::weighted(0.2, small_json()),
        prop::option::weighted(
            0.1,
            prop::sample::select(
                &[
                    "form",
                    "simple",
                    "deepObject",
                    "matrix",
                    "label",
                    "pipeDelimited",
                ][..],
            ),
        ),
    )
        .prop_map(|(name, location, required, schema, default, style)| {
            let mut p = Map::new();
            p.insert("name".into(), json!(name));
            p.insert("in".into(), json!(location));
            if required || location == "path" {
                p.insert("required".into(), json!(true));
            }
            match schema {
                Some(mut s) => {
                    if let (Some(d), Value::Object(m)) = (default, &mut s) {
                        m.insert("default".into(), d);
                    }
                    p.insert("schema".into(), s);
                }
                None => {
                    p.insert(
                        "content".into(),
                        json!({ "application/json": { "schema": { "type": "object" } } }),
                    );
                }
            }
            if let Some(s) = style {
                p.insert("style".into(), json!(s));
            }
            Value::Object(p)
        })
        .boxed()
}

const STATUSES: &[&str] = &[
    "200", "201", "202", "204", "206", "299", "2XX", "301", "302", "304", "1XX", "100", "400",
    "401", "404", "409", "422", "4XX", "429", "500", "503", "5XX", "default", "599",
];

fn responses() -> BoxedStrategy<Value> {
    prop::collection::vec(
        (
            prop::sample::select(STATUSES),
            prop::option::weighted(0.7, content()),
            description(),
            prop::option::weighted(0.05, Just(())),
        ),
        0..7,
    )
    .prop_map(|rs| {
        let mut m = Map::new();
        for (status, content, desc, as_ref) in rs {
            let r = if as_ref.is_some() {
                json!({ "$ref": "#/components/responses/Missing" })
            } else {
                let mut r = Map::new();
                r.insert("description".into(), json!(desc));
                if let Some(c) = content {
                    r.insert("content".into(), c);
                }
                Value::Object(r)
            };
            m.insert(status.into(), r);
        }
        Value::Object(m)
    })
    .boxed()
}

fn operation(path_names: Vec<String>) -> BoxedStrategy<Value> {
    (
        prop::option::weighted(
            0.7,
            prop_oneof![
                2 => prop::sample::select(&["getPets", "get_pets", "GetPets", "get-pets", "listPets", "list", "get", "new", "builder", "clone", "", "1", "type"][..]).prop_map(String::from),
                1 => name(),
            ],
        ),
        prop::option::weighted(0.5, prop::collection::vec(name(), 0..3)),
        prop::collection::vec(parameter(path_names), 0..5),
        prop::option::weighted(
            0.3,
            (any::<bool>(), content(), prop::option::weighted(0.1, Just(()))),
        ),
        responses(),
        prop::option::weighted(0.2, description()),
        any::<bool>(),
    )
        .prop_map(|(id, tags, params, body, responses, summary, deprecated)| {
            let mut op = Map::new();
            if let Some(id) = id {
                op.insert("operationId".into(), json!(id));
            }
            if let Some(t) = tags {
                op.insert("tags".into(), json!(t));
            }
            if let Some(s) = summary {
                op.insert("summary".into(), json!(s));
            }
            if deprecated {
                op.insert("deprecated".into(), json!(true));
            }
            if !params.is_empty() {
                op.insert("parameters".into(), Value::Array(params));
            }
            if let Some((required, content, as_ref)) = body {
                let b = if as_ref.is_some() {
                    json!({ "$ref": "#/components/requestBodies/Missing" })
                } else {
                    json!({ "required": required, "content": content })
                };
                op.insert("requestBody".into(), b);
            }
            op.insert("responses".into(), responses);
            Value::Object(op)
        })
        .boxed()
}

/// A path template and the parameter names it uses.
fn path_template() -> BoxedStrategy<(String, Vec<String>)> {
    prop::collection::vec(
        prop_oneof![
            3 => "[a-z0-9._~-]{1,6}".prop_map(|s| (s, None)),
            2 => prop_oneof![
                3 => prop::sample::select(&["id", "petId", "pet.id", "pet-id", "PetId", "pet_id", "type", "self", "a.b.c", "x", "中文", "", "params", "body"][..]).prop_map(String::from),
                1 => name(),
            ]
            .prop_map(|n| (format!("{{{n}}}"), Some(n))),
            1 => "[a-z]{1,3}\\.\\{[a-z]{1,3}\\}".prop_map(|s| {
                let n = s.split('{').nth(1).and_then(|r| r.strip_suffix('}')).unwrap_or("").to_string();
                (s, Some(n))
            }),
        ],
        0..4,
    )
    .prop_map(|segs| {
        let mut path = String::new();
        let mut names = Vec::new();
        for (s, n) in segs {
            path.push('/');
            path.push_str(&s);
            names.extend(n);
        }
        if path.is_empty() {
            path.push('/');
        }
        (path, names)
    })
    .boxed()
}

fn path_item() -> BoxedStrategy<(String, Value)> {
    path_template()
        .prop_flat_map(|(path, names)| {
            (
                Just(path),
                prop::collection::vec(
                    (
                        prop::sample::select(
                            &[
                                "get", "put", "post", "delete", "options", "head", "patch", "trace",
                            ][..],
                        ),
                        operation(names.clone()),
                    ),
                    0..4,
                ),
                prop::collection::vec(parameter(names), 0..2),
            )
        })
        .prop_map(|(path, ops, params)| {
            let mut item = Map::new();
            for (m, op) in ops {
                item.insert(m.into(), op);
            }
            if !params.is_empty() {
                item.insert("parameters".into(), Value::Array(params));
            }
            (path, Value::Object(item))
        })
        .boxed()
}

/// A whole document, references resolved against its own component names.
pub fn document() -> BoxedStrategy<Value> {
    (
        prop::collection::vec((component_name(), schema()), 0..7),
        prop::collection::vec(path_item(), 0..4),
        prop::collection::vec(
            (
                prop::sample::select(
                    &[
                        "https://api.example.com",
                        "https://{region}.example.com/v1",
                        "/relative",
                        "",
                    ][..],
                ),
                prop::option::of(description()),
            ),
            0..3,
        ),
        prop::option::weighted(
            0.3,
            prop::sample::select(&["apiKey", "basic", "bearer", "digest", "oauth2"][..]),
        ),
        description(),
    )
        .prop_map(|(components, paths, servers, security, title)| {
            let mut schemas = Map::new();
            for (n, s) in components {
                schemas.insert(n, s);
            }
            let mut path_map = Map::new();
            for (p, item) in paths {
                path_map.insert(p, item);
            }
            let mut doc = json!({
                "openapi": "3.0.3",
                "info": { "title": title, "version": "1.0" },
                "paths": path_map,
                "components": { "schemas": schemas },
            });
            if !servers.is_empty() {
                doc["servers"] = servers
                    .into_iter()
                    .map(|(url, d)| {
                        let mut s = json!({ "url": url });
                        if url.contains("{region}") {
                            s["variables"] = json!({ "region": { "default": "eu" } });
                        }
                        if let Some(d) = d {
                            s["description"] = json!(d);
                        }
                        s
                    })
                    .collect();
            }
            if let Some(kind) = security {
                let scheme = match kind {
                    "apiKey" => json!({ "type": "apiKey", "in": "header", "name": "X-Key" }),
                    "oauth2" => json!({ "type": "oauth2", "flows": {} }),
                    other => json!({ "type": "http", "scheme": other }),
                };
                doc["components"]["securitySchemes"] = json!({ "auth": scheme });
                doc["security"] = json!([{ "auth": [] }]);
            }
            let names: Vec<String> = doc["components"]["schemas"]
                .as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            fix_refs(&mut doc, &names);
            doc
        })
        .boxed()
}

/// Rewrites the `\0REF<k>` / `\0NAME<k>` placeholders to the `k`-th component (modulo their
/// number), or to a missing one when there are none.
pub fn fix_refs(v: &mut Value, names: &[String]) {
    match v {
        Value::String(s) => {
            let pick = |k: &str| -> Option<String> {
                let k: usize = k.parse().ok()?;
                names.get(k % names.len().max(1)).cloned()
            };
            if let Some(k) = s.strip_prefix("\u{0}REF") {
                *s = match pick(k) {
                    Some(n) => format!(
                        "#/components/schemas/{}",
                        n.replace('~', "~0").replace('/', "~1")
                    ),
                    None => "#/components/schemas/Missing".into(),
                };
            } else if let Some(k) = s.strip_prefix("\u{0}NAME") {
                *s = pick(k).unwrap_or_else(|| "Missing".into());
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| fix_refs(x, names)),
        Value::Object(m) => m.values_mut().for_each(|x| fix_refs(x, names)),
        _ => {}
    }
}
