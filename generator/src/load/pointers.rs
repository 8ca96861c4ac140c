//! `$ref`s to any JSON pointer in the document, in any OpenAPI version.
//!
//! Later stages follow references of one shape only: `#/components/<section>/<name>`. Real
//! documents also point into another schema's properties (`#/components/schemas/Event/properties/type`),
//! into `paths` (a parameter or a response written once under an operation), into `$defs`, and
//! (3.1) at `components.pathItems`. [`localise`] runs on the untyped tree before it is typed and
//! gives each such target a component of its own (named after where it was: `Event_type`),
//! rewriting the references and leaving a reference where the part was (so both places name one
//! type); a path item, which has no component section in 3.0, is copied in
//! place. The moved parts' original pointers are returned so diagnostics still point into the
//! document as written.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::diag::{escape_token, Diagnostic};

/// Component sections a reference of the usual shape may point into.
const SECTIONS: [&str; 9] = [
    "schemas",
    "callbacks",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
];

/// Tokens that say how a node is reached rather than what it is; left out of generated names.
const STRUCTURAL: [&str; 19] = [
    "components",
    "schemas",
    "properties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "additionalProperties",
    "schema",
    "content",
    "$defs",
    "definitions",
    "paths",
    "parameters",
    "responses",
    "requestBody",
    "headers",
    "webhooks",
];

/// Whether a reference already has the shape later stages follow.
fn is_component_ref(reference: &str) -> bool {
    let Some(rest) = reference.strip_prefix("#/components/") else {
        return !reference.starts_with('#');
    };
    match rest.split_once('/') {
        Some((section, name)) => SECTIONS.contains(&section) && !name.contains('/'),
        None => false,
    }
}

/// Gives every in-document reference target a component of its own. Returns the moved parts as
/// (new pointer, original pointer); an error names the reference whose target does not exist.
pub fn localise(doc: &mut Value) -> Result<Vec<(String, String)>, Diagnostic> {
    if !has_other_refs(doc, false) {
        return Ok(Vec::new());
    }
    let original = doc.clone();
    let mut state = State {
        original: &original,
        moved: HashMap::new(),
        taken: HashMap::new(),
        added: Vec::new(),
        origins: Vec::new(),
    };
    if let Some(Value::Object(c)) = original.get("components") {
        for section in SECTIONS {
            if let Some(Value::Object(m)) = c.get(section) {
                state
                    .taken
                    .insert(section.to_string(), m.keys().cloned().collect());
            }
        }
    }
    state.rewrite(doc, "", 0, false)?;
    // Moved parts may themselves hold such references: rewrite them until none are left.
    let mut done = 0;
    while done < state.added.len() {
        let mut value = state.added[done].2.clone();
        let at = state.added[done].3.clone();
        state.rewrite(&mut value, &at, 0, false)?;
        state.added[done].2 = value;
        done += 1;
    }
    // The part where it was becomes a reference too, so both places name one type.
    for (section, name, _, at) in &state.added {
        if let Some(slot) = doc.pointer_mut(at) {
            let local = format!("#/components/{section}/{}", escape_token(name));
            *slot = serde_json::json!({ "$ref": local });
        }
    }
    let components = doc
        .as_object_mut()
        .map(|top| {
            top.entry("components")
                .or_insert_with(|| Value::Object(Map::new()))
        })
        .and_then(Value::as_object_mut);
    if let Some(components) = components {
        for (section, name, value, _) in std::mem::take(&mut state.added) {
            let entry = components
                .entry(section)
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(m) = entry {
                m.insert(name, value);
            }
        }
    }
    Ok(state.origins)
}

/// Keys whose values are data, not document structure (unless they name a property): examples,
/// enum values, and extensions, whose `$ref`s are free-form (Azure's `x-ms-parameterized-host`
/// keeps Swagger 2.0 references the conversion does not rewrite). `default` is not among them:
/// under `responses` it is the default response.
fn is_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "enum" | "const") || key.starts_with("x-")
}

/// Keys whose values map names (of properties, schemas) to nodes: there `default` or `example`
/// is a name like any other.
fn holds_names(key: &str) -> bool {
    matches!(
        key,
        "properties" | "patternProperties" | "$defs" | "definitions" | "schemas"
    )
}

fn has_other_refs(v: &Value, names: bool) -> bool {
    match v {
        Value::Object(m) => m.iter().any(|(k, child)| match (k.as_str(), child) {
            ("$ref", Value::String(r)) if !names => !is_component_ref(r),
            (k, _) if !names && is_data(k) => false,
            (k, _) => has_other_refs(child, !names && holds_names(k)),
        }),
        Value::Array(items) => items.iter().any(|i| has_other_refs(i, false)),
        _ => false,
    }
}

struct State<'o> {
    original: &'o Value,
    /// Original pointer → the local reference it was moved to.
    moved: HashMap<String, String>,
    /// Names used, by section.
    taken: HashMap<String, HashSet<String>>,
    /// (section, name, value, original pointer) of each moved part.
    added: Vec<(String, String, Value, String)>,
    origins: Vec<(String, String)>,
}

/// How deep copied path items may nest references before it is called a cycle.
const MAX_INLINE: usize = 16;

impl State<'_> {
    /// Rewrites the references in `v`; `names` when `v`'s keys are names (of properties…).
    fn rewrite(
        &mut self,
        v: &mut Value,
        at: &str,
        depth: usize,
        names: bool,
    ) -> Result<(), Diagnostic> {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref").filter(|_| !names) {
                    if !is_component_ref(r) {
                        let r = r.clone();
                        let pointer = decode(&r);
                        let Some(target) = self.original.pointer(&pointer) else {
                            return Err(Diagnostic::error(
                                crate::diag::pointer_join(at, "$ref"),
                                format!("dangling reference `{r}`: the document has nothing at `{pointer}`"),
                            ));
                        };
                        if is_path_item(&pointer) {
                            if depth >= MAX_INLINE {
                                return Err(Diagnostic::error(
                                    at,
                                    format!("reference cycle through `{r}`"),
                                ));
                            }
                            let mut copy = target.clone();
                            if let (Value::Object(c), Value::Object(own)) = (&mut copy, &*v) {
                                for (k, x) in own.iter().filter(|(k, _)| *k != "$ref") {
                                    c.insert(k.clone(), x.clone());
                                }
                            }
                            *v = copy;
                            return self.rewrite(v, at, depth + 1, false);
                        }
                        // A target that is itself a plain component reference: use that one.
                        let plain = target
                            .as_object()
                            .filter(|t| t.len() == 1)
                            .and_then(|t| t.get("$ref"))
                            .and_then(Value::as_str)
                            .filter(|r| is_component_ref(r) && r.starts_with('#'));
                        let local = match plain {
                            Some(r) => r.to_string(),
                            None => self.move_target(&pointer, target),
                        };
                        map.insert("$ref".into(), Value::String(local));
                        return Ok(());
                    }
                }
                for (k, child) in map.iter_mut() {
                    if !names && is_data(k) {
                        continue;
                    }
                    let here = crate::diag::pointer_join(at, k);
                    self.rewrite(child, &here, depth, !names && holds_names(k))?;
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    self.rewrite(child, &format!("{at}/{i}"), depth, false)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The local reference for the part at `pointer`, moving it on first use.
    fn move_target(&mut self, pointer: &str, target: &Value) -> String {
        if let Some(local) = self.moved.get(pointer) {
            return local.clone();
        }
        let tokens: Vec<String> = pointer.split('/').skip(1).map(unescape).collect();
        let section = section_of(&tokens);
        let wanted = name_of(&tokens, self.original);
        let taken = self.taken.entry(section.to_string()).or_default();
        let mut name = wanted.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{wanted}{n}");
            n += 1;
        }
        taken.insert(name.clone());
        let new_at = format!("/components/{section}/{}", escape_token(&name));
        let local = format!("#{new_at}");
        self.moved.insert(pointer.to_string(), local.clone());
        self.origins.push((new_at, pointer.to_string()));
        self.added.push((
            section.to_string(),
            name,
            target.clone(),
            pointer.to_string(),
        ));
        local
    }
}

/// A path item: under `paths`, `webhooks`, 3.1's `components.pathItems`, or a callback's
/// expression.
fn is_path_item(pointer: &str) -> bool {
    let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
    let in_callback = tokens.len() >= 3 && tokens[tokens.len() - 3] == "callbacks";
    in_callback
        || matches!(
            tokens.as_slice(),
            ["paths", _] | ["webhooks", _] | ["components", "pathItems", _]
        )
}

/// Which component section a part belongs in, from where it sits.
fn section_of(tokens: &[String]) -> &'static str {
    let n = tokens.len();
    let last = tokens.last().map(String::as_str).unwrap_or("");
    let parent = if n >= 2 { tokens[n - 2].as_str() } else { "" };
    let in_schema = tokens.iter().any(|t| {
        matches!(
            t.as_str(),
            "schema" | "schemas" | "properties" | "items" | "$defs" | "definitions"
        )
    });
    if in_schema {
        return "schemas";
    }
    match (parent, last) {
        ("parameters", _) => "parameters",
        ("responses", _) => "responses",
        (_, "requestBody") | ("requestBodies", _) => "requestBodies",
        ("headers", _) => "headers",
        ("examples", _) => "examples",
        ("links", _) => "links",
        _ => "schemas",
    }
}

/// A component name from the meaningful tokens of the pointer (`Event_type`); a parameter (or
/// anything inside one) is named after the parameter's own `name` (`events_get_limit`).
fn name_of(tokens: &[String], original: &Value) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut at = String::new();
    for (i, t) in tokens.iter().enumerate() {
        at = crate::diag::pointer_join(&at, t);
        if t.parse::<usize>().is_ok() {
            let named = i > 0 && tokens[i - 1] == "parameters";
            if let Some(n) = original
                .pointer(&format!("{at}/name"))
                .and_then(Value::as_str)
                .filter(|_| named)
            {
                parts.push(n.to_string());
            }
            continue;
        }
        // Structure, and media types under `content`.
        if STRUCTURAL.contains(&t.as_str()) || (i > 0 && tokens[i - 1] == "content") {
            continue;
        }
        parts.push(t.clone());
    }
    let parts: Vec<String> = parts
        .iter()
        .map(|t| {
            t.chars()
                .map(|c| if c.is_alphanumeric() { c } else { '_' })
                .collect::<String>()
                .trim_matches('_')
                .to_string()
        })
        .filter(|t| !t.is_empty())
        .collect();
    if parts.is_empty() {
        "Part".to_string()
    } else {
        parts.join("_")
    }
}

/// The JSON pointer of a `#…` reference: percent-decoded (URI fragment), still escaped.
fn decode(reference: &str) -> String {
    let fragment = reference.trim_start_matches('#');
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| fragment.to_string())
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}
