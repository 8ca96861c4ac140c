//! A seeded generator of JSON instances valid against an OpenAPI 3.0 (or 3.1) schema of a spec
//! document: types (3.1 type lists too), `const`, formats (date, date-time, uuid, email, uri,
//! uri-reference, ipv4), enums, required and optional properties, `nullable`, lengths and ranges,
//! simple patterns (or the schema's example), arrays, `allOf`/`oneOf`/`anyOf`, discriminators
//! and undeclared properties where the schema allows them.

use regex::Regex;
use serde_json::{json, Map, Number, Value};

/// xorshift64*: small, deterministic, good enough to pick shapes.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    /// True one time in `n`.
    fn one_in(&mut self, n: u64) -> bool {
        self.next() % n == 0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.next() as usize % items.len()]
    }
}

/// Builds instances of the schemas of one document.
pub struct Instances<'a> {
    doc: &'a Value,
    pub rng: Rng,
}

const ALPHABETS: &[&str] = &[
    "abcdefghijklmnopqrstuvwxyz",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "0123456789",
    "abcXYZ éü",
    "abc012-_.",
];

impl<'a> Instances<'a> {
    pub fn new(doc: &'a Value, seed: u64) -> Self {
        Instances {
            doc,
            rng: Rng::new(seed),
        }
    }

    /// A valid instance of `schema`; `depth` bounds recursion (deep levels keep to what is required).
    pub fn instance(&mut self, schema: &Value, depth: usize) -> Value {
        let doc = self.doc;
        // 3.1 keeps the siblings of a `$ref`: a `nullable` beside it counts.
        let nullable_here = is_nullable(schema);
        let schema = deref(doc, schema);
        if (nullable_here || is_nullable(schema)) && self.rng.one_in(5) {
            return Value::Null;
        }
        if let Some(value) = schema.get("const") {
            return value.clone();
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
            return (*self.rng.pick(&values)).clone();
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            let own = ["properties", "required"]
                .iter()
                .any(|k| schema.get(*k).is_some());
            if let ([only], false) = (parts.as_slice(), own) {
                return self.instance(only, depth);
            }
            let merged = self.merge_all_of(schema);
            return self.object(&merged, depth);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(branches) = schema.get(key).and_then(Value::as_array) {
                return self.union(schema, branches, depth);
            }
        }
        // 3.1 type lists: `null` is handled above, the first other type is generated.
        let listed = schema
            .get("type")
            .and_then(Value::as_array)
            .and_then(|types| {
                types
                    .iter()
                    .filter_map(Value::as_str)
                    .find(|t| *t != "null")
            });
        match listed.or_else(|| schema.get("type").and_then(Value::as_str)) {
            Some("string") => self.string(schema),
            Some("integer") => self.integer(schema),
            Some("number") => self.number(schema),
            Some("boolean") => Value::Bool(self.rng.one_in(2)),
            Some("array") => self.array(schema, depth),
            Some("object") => self.object(schema, depth),
            None if schema.get("properties").is_some() => self.object(schema, depth),
            None => self.any(depth),
            Some(other) => panic!("unknown type {other}"),
        }
    }

    /// `allOf` as one object schema: the properties and required lists of the schema itself
    /// and of its parts (recursively).
    fn merge_all_of(&self, schema: &Value) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut closed = schema.get("additionalProperties") == Some(&Value::Bool(false));
        let parts = schema.get("allOf").and_then(Value::as_array);
        let merged_parts: Vec<Value> = parts
            .into_iter()
            .flatten()
            .map(|part| self.merge_all_of(deref(self.doc, part)))
            .collect();
        for part in merged_parts.iter().chain([schema]) {
            if let Some(props) = part.get("properties").and_then(Value::as_object) {
                properties.extend(props.clone());
            }
            if let Some(names) = part.get("required").and_then(Value::as_array) {
                required.extend(names.iter().cloned());
            }
            closed |= part.get("additionalProperties") == Some(&Value::Bool(false));
        }
        let mut merged = json!({"type": "object", "properties": properties, "required": required});
        if closed {
            merged["additionalProperties"] = Value::Bool(false);
        }
        merged
    }

    fn union(&mut self, schema: &Value, branches: &[Value], depth: usize) -> Value {
        let branch = self.rng.pick(branches);
        let mut value = self.instance(branch, depth);
        if let (Some(discriminator), Some(target)) = (
            schema.get("discriminator"),
            branch.get("$ref").and_then(Value::as_str),
        ) {
            let property = discriminator["propertyName"]
                .as_str()
                .expect("propertyName");
            let mapped = discriminator
                .get("mapping")
                .and_then(Value::as_object)
                .and_then(|m| m.iter().find(|(_, to)| to.as_str() == Some(target)))
                .map(|(name, _)| name.clone());
            let name = mapped.unwrap_or_else(|| target.rsplit('/').next().unwrap().to_owned());
            value[property] = Value::String(name);
        }
        value
    }

    fn string(&mut self, schema: &Value) -> Value {
        let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0);
        let max = schema
            .get("maxLength")
            .and_then(Value::as_u64)
            .unwrap_or(u64::MAX);
        let example = schema
            .get("example")
            .or_else(|| schema.get("examples").and_then(|e| e.get(0)))
            .and_then(Value::as_str);
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
            return Value::String(self.matching(pattern, min, max, example));
        }
        let n = self.rng.range(0, 999_999);
        let text = match schema.get("format").and_then(Value::as_str) {
            Some("date") => format!("20{:02}-{:02}-{:02}", n % 50, n % 12 + 1, n % 28 + 1),
            Some("date-time") => self.date_time(n),
            Some("uuid") => {
                let (a, b) = (self.rng.next(), self.rng.next());
                let hex = format!("{a:016x}{b:016x}");
                format!(
                    "{}-{}-{}-{}-{}",
                    &hex[..8],
                    &hex[8..12],
                    &hex[12..16],
                    &hex[16..20],
                    &hex[20..]
                )
            }
            Some("email") => format!("u{n}@example.com"),
            Some("uri") => format!("https://example.com/p/{n}"),
            Some("uri-reference") => format!("/p/{n}?q={}", n % 7),
            Some("ipv4") => format!("10.{}.{}.{}", n % 256, n / 256 % 256, n / 65536 % 256),
            _ => {
                let alphabet = *self.rng.pick(ALPHABETS);
                self.text(min, max, alphabet)
            }
        };
        let length = text.chars().count() as u64;
        assert!(
            (min..=max).contains(&length),
            "format {:?} cannot meet {min}..={max} characters",
            schema.get("format")
        );
        Value::String(text)
    }

    fn date_time(&mut self, n: u64) -> String {
        let date = format!("20{:02}-{:02}-{:02}", n % 50, n % 12 + 1, n % 28 + 1);
        let time = format!("{:02}:{:02}:{:02}", n % 24, n % 60, n / 60 % 60);
        let fraction = ["", ".5", ".123"][n as usize % 3];
        let zone = ["Z", "+02:00", "-05:30"][n as usize / 3 % 3];
        format!("{date}T{time}{fraction}{zone}")
    }

    fn text(&mut self, min: u64, max: u64, alphabet: &str) -> String {
        let chars: Vec<char> = alphabet.chars().collect();
        let length = self.rng.range(min, max.min(min + 12));
        (0..length).map(|_| *self.rng.pick(&chars)).collect()
    }

    /// A string matching `pattern` within the lengths: random candidates over simple alphabets,
    /// else the schema's example.
    fn matching(&mut self, pattern: &str, min: u64, max: u64, example: Option<&str>) -> String {
        let regex = Regex::new(pattern).expect("pattern compiles");
        let fits = |s: &str| {
            let length = s.chars().count() as u64;
            regex.is_match(s) && (min..=max).contains(&length)
        };
        let example = example.filter(|e| fits(e));
        if let Some(example) = example {
            if self.rng.one_in(3) {
                return example.to_owned();
            }
        }
        for _ in 0..400 {
            let alphabet = *self.rng.pick(ALPHABETS);
            let low = min.max(1);
            let mut candidate = self.text(low, max.max(low), alphabet);
            if self.rng.one_in(4) {
                candidate.insert(0, '-');
            }
            if fits(&candidate) {
                return candidate;
            }
        }
        example
            .unwrap_or_else(|| panic!("no simple string matches {pattern} and no example does"))
            .to_owned()
    }

    fn bounds(&self, schema: &Value, lo: f64, hi: f64) -> (f64, f64, bool, bool) {
        // 3.0 says `exclusiveMinimum: true` beside `minimum`; 3.1 gives the bound itself.
        let bound = |inclusive: &str, exclusive: &str, default: f64| match schema.get(exclusive) {
            Some(Value::Number(n)) => (n.as_f64().expect("finite"), true),
            flag => {
                let value = schema.get(inclusive).and_then(Value::as_f64);
                (value.unwrap_or(default), flag == Some(&Value::Bool(true)))
            }
        };
        let (min, xmin) = bound("minimum", "exclusiveMinimum", lo);
        let (max, xmax) = bound("maximum", "exclusiveMaximum", hi);
        (min, max, xmin, xmax)
    }

    fn integer(&mut self, schema: &Value) -> Value {
        let (min, max, xmin, xmax) = self.bounds(schema, -1e6, 1e6);
        let lo = min.ceil() as i64 + i64::from(xmin && min.fract() == 0.0);
        let hi = max.floor() as i64 - i64::from(xmax && max.fract() == 0.0);
        let span = (hi - lo) as u64;
        let edges = [lo, hi, lo + (span / 2) as i64];
        let value = if self.rng.one_in(4) {
            *self.rng.pick(&edges)
        } else {
            lo + self.rng.range(0, span) as i64
        };
        Value::Number(value.into())
    }

    fn number(&mut self, schema: &Value) -> Value {
        let (min, max, xmin, xmax) = self.bounds(schema, -1e6, 1e6);
        let hundredths = [0.0, 0.1, 0.25, 0.5, 0.99, 0.01, 0.3];
        for _ in 0..100 {
            let whole = self.rng.range(0, (max - min).min(1e9) as u64) as f64;
            let value = min.ceil() + whole + *self.rng.pick(&hundredths);
            let above = if xmin { value > min } else { value >= min };
            let below = if xmax { value < max } else { value <= max };
            if above && below {
                return Value::Number(Number::from_f64(value).expect("finite"));
            }
        }
        panic!("no number in {min}..{max}")
    }

    fn array(&mut self, schema: &Value, depth: usize) -> Value {
        let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0);
        let max = schema
            .get("maxItems")
            .and_then(Value::as_u64)
            .unwrap_or(min + 3);
        let max = if depth > 5 { min } else { max.min(min + 3) };
        let count = self.rng.range(min, max);
        let items = &schema["items"];
        (0..count)
            .map(|_| self.instance(items, depth + 1))
            .collect()
    }

    fn object(&mut self, schema: &Value, depth: usize) -> Value {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut out = Map::new();
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                let wanted = required.contains(&name.as_str()) || (depth < 5 && self.rng.one_in(2));
                if wanted {
                    let value = self.instance(property, depth + 1);
                    out.insert(name.clone(), value);
                }
            }
        }
        match schema.get("additionalProperties") {
            Some(Value::Bool(false)) => {}
            extra => {
                if depth < 5 && self.rng.one_in(3) {
                    let count = self.rng.range(1, 2);
                    for i in 0..count {
                        let value = match extra {
                            Some(s @ Value::Object(fields)) if !fields.is_empty() => {
                                self.instance(s, depth + 1)
                            }
                            _ => self.any(depth + 1),
                        };
                        out.insert(format!("x_undeclared_{i}"), value);
                    }
                }
            }
        }
        Value::Object(out)
    }

    /// Any JSON value (for schemas that say nothing, and undeclared properties).
    fn any(&mut self, depth: usize) -> Value {
        let n = self.rng.range(0, 999);
        match self.rng.range(0, if depth > 4 { 4 } else { 6 }) {
            0 => Value::Null,
            1 => Value::Bool(n % 2 == 0),
            2 => json!(n as i64 - 500),
            3 => json!(n as f64 / 8.0),
            4 => Value::String(format!("v{n}")),
            5 => json!([n, format!("s{n}")]),
            _ => json!({"k": n, "nested": {"s": format!("t{n}")}}),
        }
    }
}

/// Whether a schema admits `null`: 3.0's `nullable`, or `null` in a 3.1 type list.
pub fn is_nullable(schema: &Value) -> bool {
    schema.get("nullable") == Some(&Value::Bool(true))
        || schema
            .get("type")
            .and_then(Value::as_array)
            .is_some_and(|types| types.iter().any(|t| t == "null"))
}

/// Follows a local `$ref` (3.0 ignores its sibling keywords).
fn deref<'s>(doc: &'s Value, schema: &'s Value) -> &'s Value {
    let mut schema = schema;
    while let Some(target) = schema.get("$ref").and_then(Value::as_str) {
        let pointer = target.strip_prefix('#').expect("local $ref");
        schema = doc
            .pointer(pointer)
            .unwrap_or_else(|| panic!("dangling $ref {target}"));
    }
    schema
}
