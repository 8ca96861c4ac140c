//! Inputs shared by the fuzz tests (`fuzz_decode.rs`, `fuzz_responses.rs`): what a hostile or
//! broken server could send, as proptest strategies.
//!
//! - [`SpecInputs`]: read from a spec at test time: every `example`/`examples` value (so decoding
//!   gets deep into real shapes), every property name (so arbitrary objects hit declared
//!   fields) and every string the spec lists (enum values, example strings).
//! - [`json`]: arbitrary `serde_json::Value` trees built from those names and strings.
//! - [`mutated`]: a spec example with a few edits (a node replaced, removed, retyped, nulled,
//!   wrapped in an array).
//! - [`bytes`]: arbitrary bytes, and byte-level edits of the examples' JSON text.
//! - [`nested`]: JSON nested far beyond serde_json's recursion limit.
//!
//! Case counts keep the two files within seconds in CI; [`scaled`] multiplies them.

#![allow(dead_code)] // each test file uses part of it

use std::path::Path;

use proptest::prelude::*;
use proptest::sample::{select, Index};
use serde_json::{Map, Number, Value};

/// `cases` times `FUZZ_SCALE` (an environment variable, default 1): the case counts are sized
/// for CI; `FUZZ_SCALE=50 cargo test -p e2e --test fuzz_decode --test fuzz_responses` searches
/// longer.
pub fn scaled(cases: u32) -> u32 {
    let scale = std::env::var("FUZZ_SCALE")
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(1);
    cases.saturating_mul(scale.max(1))
}

/// The four specs, as their module names in `generated`.
pub const SPECS: [&str; 4] = ["paycross", "monri", "payarc", "rapyd"];

/// What one spec contributes to the inputs.
#[derive(Debug, Clone)]
pub struct SpecInputs {
    /// Every example value of the spec (request and response bodies, schemas, properties).
    pub examples: Vec<Value>,
    /// Every property name the spec declares.
    pub keys: Vec<String>,
    /// Enum values and example strings.
    pub strings: Vec<String>,
    /// The documented responses that have an example: (status, example body).
    pub responses: Vec<(u16, Value)>,
}

impl SpecInputs {
    /// Reads `specs/<spec>.yaml`.
    pub fn read(spec: &str) -> SpecInputs {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../specs/{spec}.yaml"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let doc: serde_yaml::Value =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut inputs = SpecInputs {
            examples: Vec::new(),
            keys: Vec::new(),
            strings: Vec::new(),
            responses: Vec::new(),
        };
        inputs.walk(&doc);
        inputs.documented_responses(&doc);
        let examples = inputs.examples.clone();
        for example in &examples {
            inputs.example_strings(example);
        }
        for list in [&mut inputs.keys, &mut inputs.strings] {
            list.sort();
            list.dedup();
        }
        assert!(
            !inputs.examples.is_empty() && !inputs.keys.is_empty() && !inputs.responses.is_empty(),
            "{spec}: no examples, property names or response examples found"
        );
        inputs
    }

    fn walk(&mut self, node: &serde_yaml::Value) {
        match node {
            serde_yaml::Value::Mapping(map) => {
                for (key, value) in map {
                    match key.as_str() {
                        Some("example") => self.example(value),
                        Some("examples") => {
                            if let Some(named) = value.as_mapping() {
                                for example in named.values() {
                                    if let Some(v) = example.get("value") {
                                        self.example(v);
                                    }
                                }
                            }
                        }
                        Some("properties") => {
                            if let Some(props) = value.as_mapping() {
                                self.keys.extend(
                                    props.keys().filter_map(|k| k.as_str()).map(str::to_owned),
                                );
                            }
                        }
                        Some("enum") => {
                            if let Some(values) = value.as_sequence() {
                                self.strings.extend(
                                    values.iter().filter_map(|v| v.as_str()).map(str::to_owned),
                                );
                            }
                        }
                        _ => {}
                    }
                    self.walk(value);
                }
            }
            serde_yaml::Value::Sequence(items) => items.iter().for_each(|v| self.walk(v)),
            serde_yaml::Value::Tagged(tagged) => self.walk(&tagged.value),
            _ => {}
        }
    }

    fn example(&mut self, value: &serde_yaml::Value) {
        // An example whose YAML does not map to JSON (a non-string key) is left out. The
        // elements of an array example (a list response) are examples of their own.
        if let Ok(json) = serde_json::to_value(value) {
            if let Value::Array(items) = &json {
                self.examples.extend(items.iter().cloned());
            }
            self.examples.push(json);
        }
    }

    /// The examples of every operation's documented responses, by status (`2XX` as 200),
    /// following local `$ref`s to responses and examples.
    fn documented_responses(&mut self, doc: &serde_yaml::Value) {
        let Some(paths) = doc.get("paths").and_then(|p| p.as_mapping()) else {
            return;
        };
        let operations = paths
            .values()
            .filter_map(|item| item.as_mapping())
            .flat_map(|item| item.values());
        for operation in operations {
            let Some(responses) = operation.get("responses").and_then(|r| r.as_mapping()) else {
                continue;
            };
            for (code, response) in responses {
                let code = match code {
                    serde_yaml::Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
                    serde_yaml::Value::String(s) => s.replace("XX", "00").parse().ok(),
                    _ => None,
                };
                let Some(code) = code else { continue };
                let response = resolve(doc, response);
                let media = response
                    .get("content")
                    .and_then(|c| c.as_mapping())
                    .into_iter()
                    .flat_map(|c| c.values());
                for media in media {
                    let named = media.get("examples").and_then(|e| e.as_mapping());
                    let examples = media.get("example").into_iter().chain(
                        named
                            .into_iter()
                            .flat_map(|n| n.values())
                            .filter_map(|e| resolve(doc, e).get("value")),
                    );
                    for example in examples {
                        if let Ok(json) = serde_json::to_value(example) {
                            self.responses.push((code, json));
                        }
                    }
                }
            }
        }
    }

    fn example_strings(&mut self, value: &Value) {
        match value {
            Value::String(s) => self.strings.push(s.clone()),
            Value::Array(items) => items.iter().for_each(|v| self.example_strings(v)),
            Value::Object(map) => map.values().for_each(|v| self.example_strings(v)),
            _ => {}
        }
    }
}

/// `node`, or what its local `$ref` (`#/components/...`) points to.
fn resolve<'a>(doc: &'a serde_yaml::Value, node: &'a serde_yaml::Value) -> &'a serde_yaml::Value {
    let mut node = node;
    for _ in 0..8 {
        let Some(target) = node.get("$ref").and_then(|r| r.as_str()) else {
            break;
        };
        let Some(pointer) = target.strip_prefix("#/") else {
            break;
        };
        let found = pointer
            .split('/')
            .map(|part| part.replace("~1", "/").replace("~0", "~"))
            .try_fold(doc, |at, part| at.get(part.as_str()));
        match found {
            Some(next) => node = next,
            None => break,
        }
    }
    node
}

/// A JSON number: small, large, negative, fractional, and the edges of `i64`/`u64`/`f64`.
pub fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        (-1000i64..1000).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
        select(vec![
            Value::from(i64::MIN),
            Value::from(u64::MAX),
            Value::from(-0.0),
            Value::from(0.5),
            Value::from(1e308),
            Value::from(-1e-308),
            Value::from(f64::EPSILON),
        ]),
    ]
}

/// A string: one the spec lists, an arbitrary one, or a troublesome one.
pub fn string(strings: Vec<String>) -> impl Strategy<Value = String> {
    let listed = if strings.is_empty() {
        vec![String::new()]
    } else {
        strings
    };
    prop_oneof![
        3 => select(listed),
        2 => any::<String>(),
        1 => select(vec![
            String::new(),
            "\u{0}".to_owned(),
            "\u{feff}é✓𝄞".to_owned(),
            "2023-02-30T25:61:61Z".to_owned(),
            "2023-12-31".to_owned(),
            "-1".to_owned(),
            "1e999".to_owned(),
            "NaN".to_owned(),
            "x".repeat(300),
        ]),
    ]
}

/// An arbitrary JSON tree (depth ≤ 6, up to ~64 nodes), with the spec's property names as
/// keys most of the time and its strings as values.
pub fn json(inputs: &SpecInputs) -> BoxedStrategy<Value> {
    let keys = inputs.keys.clone();
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        string(inputs.strings.clone()).prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 8, move |inner| {
        let key = prop_oneof![3 => select(keys.clone()), 1 => "[a-z_]{0,12}"];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..10)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
    .boxed()
}

/// One edit of a JSON tree, applied at a node chosen by an [`Index`] over its nodes.
#[derive(Debug, Clone)]
pub enum Edit {
    /// The node becomes this value.
    Replace(Value),
    /// The node is removed from its object or array (the root becomes `null`).
    Remove,
    /// A string becomes a number and the other way round, an object the array of its values,
    /// an array its first element.
    Retype,
    /// The node is wrapped in a one-element array.
    WrapInArray,
    /// An object gets one more property.
    AddProperty(String, Value),
}

fn edit(inputs: &SpecInputs) -> impl Strategy<Value = Edit> {
    let keys = inputs.keys.clone();
    prop_oneof![
        3 => json(inputs).prop_map(Edit::Replace),
        2 => Just(Edit::Remove),
        2 => Just(Edit::Retype),
        1 => Just(Edit::Replace(Value::Null)),
        1 => Just(Edit::WrapInArray),
        2 => (prop_oneof![select(keys), "[a-z_]{1,12}"], json(inputs))
            .prop_map(|(k, v)| Edit::AddProperty(k, v)),
    ]
}

/// A spec example with one to four edits.
pub fn mutated(inputs: &SpecInputs) -> BoxedStrategy<Value> {
    mutated_from(inputs.examples.clone(), inputs)
}

/// One of `seeds` with one to four edits made of the spec's names and strings.
pub fn mutated_from(seeds: Vec<Value>, inputs: &SpecInputs) -> BoxedStrategy<Value> {
    (
        select(seeds),
        prop::collection::vec((any::<Index>(), edit(inputs)), 1..5),
    )
        .prop_map(|(mut value, edits)| {
            for (at, e) in &edits {
                let target = at.index(count_nodes(&value));
                apply(&mut value, target, e);
            }
            value
        })
        .boxed()
}

fn count_nodes(v: &Value) -> usize {
    1 + match v {
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        Value::Object(map) => map.values().map(count_nodes).sum(),
        _ => 0,
    }
}

/// Applies `e` to the node numbered `target` in pre-order (the root is 0).
pub fn apply(root: &mut Value, target: usize, e: &Edit) {
    if target == 0 {
        if let Edit::Remove = e {
            *root = Value::Null;
        } else {
            edit_node(root, e);
        }
        return;
    }
    let mut seen = 1;
    apply_below(root, target, e, &mut seen);
}

/// Walks the children of `v`; `seen` numbers nodes in pre-order. Returns true once applied.
fn apply_below(v: &mut Value, target: usize, e: &Edit, seen: &mut usize) -> bool {
    let children: Vec<&mut Value> = match v {
        Value::Array(items) => items.iter_mut().collect(),
        Value::Object(map) => map.values_mut().collect(),
        _ => return false,
    };
    let mut remove_at = None;
    for (i, child) in children.into_iter().enumerate() {
        if *seen == target {
            if let Edit::Remove = e {
                remove_at = Some(i);
                break;
            }
            edit_node(child, e);
            return true;
        }
        *seen += 1;
        if apply_below(child, target, e, seen) {
            return true;
        }
    }
    match (remove_at, v) {
        (Some(i), Value::Array(items)) => {
            items.remove(i);
            true
        }
        (Some(i), Value::Object(map)) => {
            let key = map.keys().nth(i).cloned();
            if let Some(key) = key {
                map.remove(&key);
            }
            true
        }
        _ => false,
    }
}

fn edit_node(node: &mut Value, e: &Edit) {
    match e {
        Edit::Replace(value) => *node = value.clone(),
        Edit::Remove => *node = Value::Null,
        Edit::WrapInArray => *node = Value::Array(vec![node.take()]),
        Edit::AddProperty(key, value) => match node {
            Value::Object(map) => {
                map.insert(key.clone(), value.clone());
            }
            other => *other = value.clone(),
        },
        Edit::Retype => {
            *node = match node.take() {
                Value::String(s) => s
                    .parse::<f64>()
                    .ok()
                    .and_then(Number::from_f64)
                    .map_or(Value::from(s.len()), Value::Number),
                Value::Number(n) => Value::String(n.to_string()),
                Value::Bool(b) => Value::String(b.to_string()),
                Value::Null => Value::Bool(false),
                Value::Array(mut items) => {
                    if items.is_empty() {
                        Value::Object(Map::new())
                    } else {
                        items.swap_remove(0)
                    }
                }
                Value::Object(map) => Value::Array(map.into_iter().map(|(_, v)| v).collect()),
            }
        }
    }
}

/// Arbitrary bytes, arbitrary JSON text, and byte-level edits (overwrite, insert, cut) of the
/// examples' JSON text.
pub fn bytes(inputs: &SpecInputs) -> BoxedStrategy<Vec<u8>> {
    let texts: Vec<Vec<u8>> = inputs
        .examples
        .iter()
        .map(|v| serde_json::to_vec(v).expect("an example serialises"))
        .collect();
    prop_oneof![
        2 => prop::collection::vec(any::<u8>(), 0..512),
        2 => json(inputs).prop_map(|v| serde_json::to_vec(&v).expect("JSON serialises")),
        4 => (
            select(texts),
            prop::collection::vec((any::<Index>(), any::<u8>(), 0..3u8), 1..6),
        )
            .prop_map(|(mut text, edits)| {
                for (at, byte, op) in edits {
                    if text.is_empty() {
                        text.push(byte);
                        continue;
                    }
                    let i = at.index(text.len());
                    match op {
                        0 => text[i] = byte,
                        1 => text.insert(i, byte),
                        _ => text.truncate(i),
                    }
                }
                text
            }),
    ]
    .boxed()
}

/// `depth` levels of nesting, as JSON text: arrays (`[[[…]]]`), objects (`{"a":{"a":…}}`) or
/// both alternating, around `null`.
pub fn nested(depth: usize, kind: Nesting) -> Vec<u8> {
    let (open, close): (&[u8], &[u8]) = match kind {
        Nesting::Arrays => (b"[", b"]"),
        Nesting::Objects => (b"{\"a\":", b"}"),
        Nesting::Mixed => (b"[{\"a\":", b"}]"),
    };
    let mut out = Vec::with_capacity(depth * (open.len() + close.len()) + 4);
    for _ in 0..depth {
        out.extend_from_slice(open);
    }
    out.extend_from_slice(b"null");
    for _ in 0..depth {
        out.extend_from_slice(close);
    }
    out
}

/// The shape of [`nested`] text.
#[derive(Debug, Clone, Copy)]
pub enum Nesting {
    /// `[[[null]]]`
    Arrays,
    /// `{"a":{"a":null}}`
    Objects,
    /// `[{"a":[{"a":null}]}]`
    Mixed,
}

/// `example` with `deep` (JSON text) spliced in as the value of `key`, as JSON text: a deep
/// value inside an otherwise valid body (an untyped `serde_json::Value` field, an extras map).
pub fn with_deep_property(example: &Value, key: &str, deep: &[u8]) -> Vec<u8> {
    let mut object = match example {
        Value::Object(map) => map.clone(),
        _ => Map::new(),
    };
    object.insert(key.to_owned(), Value::String("\u{1}DEEP\u{1}".to_owned()));
    let text = serde_json::to_vec(&Value::Object(object)).expect("serialises");
    let marker = b"\"\\u0001DEEP\\u0001\"";
    let at = text
        .windows(marker.len())
        .position(|w| w == marker)
        .expect("the marker is in the text");
    let mut out = Vec::with_capacity(text.len() + deep.len());
    out.extend_from_slice(&text[..at]);
    out.extend_from_slice(deep);
    out.extend_from_slice(&text[at + marker.len()..]);
    out
}
