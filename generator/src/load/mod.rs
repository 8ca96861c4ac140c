//! Stage 1, load: read a YAML or JSON file into `openapiv3` types.
//!
//! Errors name the file, the line and column where the parser could tell, and the JSON pointer of
//! each node whose shape is wrong (every one of them, not only the first); a key given twice is
//! placed at its second occurrence. Constructs read leniently are rewritten with a warning each
//! (`lenient.rs`). Swagger 2.0 documents are converted to OpenAPI 3.0 on the untyped tree (see
//! [`swagger2`]), and OpenAPI 3.1 documents lowered into 3.0 (see [`openapi31`]), before they
//! are typed. Relative-file `$ref`s are bundled into the root document's `components` here (see
//! [`bundle`]), and references to any other place in the document are given components of their
//! own (see [`pointers`]), so later stages only ever see `#/components/<section>/<name>`.
//! Diagnostics about converted, lowered or moved parts point into the document as written
//! ([`Document::place`]).

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};

use crate::diag::{Diagnostic, Diagnostics};

pub mod bundle;
mod lenient;
mod locate;
pub mod openapi31;
mod pointers;
pub mod swagger2;
mod typed;

pub use locate::locate;
use typed::{typed, typed_document};

/// A loaded, version-checked document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where it was read from.
    pub path: PathBuf,
    /// The parsed document, with every external reference bundled in.
    pub api: OpenAPI,
    /// Warnings about the input found while loading (constructs read leniently, lowered or only
    /// described), each placed in the document as written.
    pub warnings: Vec<Diagnostic>,
    /// What is needed to place a later stage's diagnostic in the document as written; see
    /// [`Document::place`].
    origin: Origin,
}

/// The text as written, and where converted or moved parts came from.
#[derive(Clone, Default)]
struct Origin {
    /// The text as read.
    text: String,
    /// Whether parts were bundled from other files (only exact matches are positions then).
    bundled: bool,
    /// Converted → original pointers, for a Swagger 2.0 document (empty otherwise).
    converted: swagger2::PointerMap,
    /// (pointer in the typed document, pointer before the move), for parts moved by lowering
    /// OpenAPI 3.1 or by giving a pointer target a component of its own.
    moved: Vec<(String, String)>,
}

impl std::fmt::Debug for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Origin")
            .field("bundled", &self.bundled)
            .field("converted", &self.converted)
            .field("moved", &self.moved)
            .finish_non_exhaustive()
    }
}

impl Origin {
    /// The pointer in the document as written for `pointer` in the typed document.
    fn original(&self, pointer: &str) -> String {
        let best = self
            .moved
            .iter()
            .filter(|(new, _)| {
                pointer == new
                    || pointer
                        .strip_prefix(new.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .max_by_key(|(new, _)| new.len());
        let unmoved = match best {
            Some((new, old)) => format!("{old}{}", &pointer[new.len()..]),
            None => pointer.to_string(),
        };
        self.converted.original(&unmoved)
    }

    /// `d` attributed to `path`, its pointer (and the references its message quotes) in the
    /// document as written; its position is left as it is.
    fn translate(&self, d: Diagnostic, path: &Path) -> Diagnostic {
        let d = Diagnostic {
            pointer: self.original(&d.pointer),
            message: self.converted.original_message(&d.message),
            ..d
        };
        if d.file.is_none() {
            d.in_file(path)
        } else {
            d
        }
    }

    /// As [`Origin::translate`], at the line and column of its pointer where they can be found.
    fn place(&self, d: Diagnostic, path: &Path) -> Diagnostic {
        let d = self.translate(d, path);
        if d.position.is_some() {
            return d;
        }
        match locate(&self.text, &d.pointer, !self.bundled) {
            Some((line, column)) => d.at(line, column),
            None => d,
        }
    }
}

impl Document {
    /// Whether parts of the document came from other files (then only an exact match in the
    /// text read is a position).
    pub fn bundled(&self) -> bool {
        self.origin.bundled
    }

    /// A diagnostic from a later stage, whose pointer is into `api`, placed in the file that was
    /// read: the pointer into the document as written (a Swagger 2.0 or 3.1 one, for a converted
    /// or lowered document), and the line and column of that node where they can be found.
    pub fn place(&self, d: Diagnostic) -> Diagnostic {
        self.origin.place(d, &self.path)
    }

    /// A diagnostic from a later stage, attributed to the file that was read, with its pointer
    /// (and the references its message quotes) translated into the document as written; its
    /// position is left for the caller to find (see [`Document::place`]).
    pub fn translate(&self, d: Diagnostic) -> Diagnostic {
        self.origin.translate(d, &self.path)
    }
}

/// Whether the text is JSON (by its first non-blank character) or YAML.
fn looks_like_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
}

/// Reads and parses the document at `path`.
pub fn load_file(path: &Path) -> Result<Document, Diagnostics> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::error("", format!("cannot read the file: {e}")).in_file(path))?;
    load_str(&text, path)
}

/// Parses `text` as the document at `path` (used for relative `$ref`s and in diagnostics).
///
/// The text is parsed into an untyped tree first (syntax errors and duplicate keys are reported
/// with the parser's line and column), then typed. Typing from the tree, not from the text, is
/// what keeps `openapiv3`'s `ReferenceOr` from panicking on inputs that only its second attempt
/// accepts (duplicate keys were one); shape errors are narrowed down to the deepest nodes that
/// fail (all of them, see `narrow`) and located in the text (see [`locate`]). A Swagger 2.0
/// document is converted first (see [`swagger2`]); its diagnostics point into the 2.0 text.
pub fn load_str(text: &str, path: &Path) -> Result<Document, Diagnostics> {
    let value = parse_value(text, path)?;
    let version = check_version(&value, path)?;
    let is_31 = matches!(version, Version::OpenApi31);
    let (value, converted, mut warnings) = match version {
        Version::OpenApi30 | Version::OpenApi31 => {
            (value, swagger2::PointerMap::default(), Vec::new())
        }
        Version::Swagger2(top) => {
            let converted = swagger2::convert(top);
            let warnings = converted
                .warnings
                .into_iter()
                .map(|d| place_in_text(d.in_file(path), text))
                .collect();
            (converted.value, converted.pointers, warnings)
        }
    };
    let bundled = bundle::has_external_refs(text);
    let mut value = if bundled {
        bundle::bundle(value, path)?
    } else {
        value
    };
    let mut origin = Origin {
        text: text.to_string(),
        bundled,
        converted,
        moved: Vec::new(),
    };
    let version_name = if is_31 {
        let (notes, moved) = openapi31::lower(&mut value);
        origin.moved.extend(moved);
        warnings.extend(summarise(notes).into_iter().map(|d| origin.place(d, path)));
        "OpenAPI 3.1"
    } else {
        let (notes, moved) = openapi31::read_x_webhooks(&mut value);
        origin.moved.extend(moved);
        warnings.extend(summarise(notes).into_iter().map(|d| origin.place(d, path)));
        "OpenAPI 3.0"
    };
    for w in lenient::relax(&mut value) {
        warnings.push(origin.place(w, path));
    }
    let moved = pointers::localise(&mut value).map_err(|d| origin.place(d, path))?;
    origin.moved.extend(moved);
    let api = typed_document(&value).map_err(|first| {
        // Every wrong node, as a compiler reports every error; the whole document's error
        // when no part of it can be singled out.
        let mut found = narrow(&value);
        if found.is_empty() {
            found.push(first);
        }
        let diagnostics = found.into_iter().map(|(pointer, message)| {
            let message = format!(
                "not a valid {version_name} document: {}",
                shape_message(&message)
            );
            origin.place(Diagnostic::error(pointer, message), path)
        });
        Diagnostics::from(diagnostics.collect::<Vec<_>>())
    })?;
    crate::alloc::drop_aside_if_large(value, text.len());
    Ok(Document {
        path: path.to_path_buf(),
        api,
        warnings,
        origin,
    })
}

/// `d` at the position of its pointer in `text` (or of the nearest parent that exists).
fn place_in_text(d: Diagnostic, text: &str) -> Diagnostic {
    match locate(text, &d.pointer, true) {
        Some((line, column)) => d.at(line, column),
        None => d,
    }
}
/// How many places a repeated warning lists before it only counts them.
const PLACES_LISTED: usize = 3;

/// One warning per message: at its first place, with the count and the next few places.
fn summarise(notes: Vec<openapi31::Note>) -> Vec<Diagnostic> {
    let mut by_message: Vec<(String, Vec<String>)> = Vec::new();
    for (pointer, message) in notes {
        match by_message.iter_mut().find(|(m, _)| *m == message) {
            Some((_, places)) => places.push(pointer),
            None => by_message.push((message, vec![pointer])),
        }
    }
    by_message
        .into_iter()
        .map(|(message, places)| {
            let message = if places.len() > 1 {
                let listed: Vec<&str> = places[1..]
                    .iter()
                    .take(PLACES_LISTED)
                    .map(String::as_str)
                    .collect();
                let more = places.len() - 1 - listed.len();
                let more = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                format!(
                    "{message} ({} places; also at {}{more})",
                    places.len(),
                    listed.join(", ")
                )
            } else {
                message
            };
            Diagnostic::warning(places[0].clone(), message)
        })
        .collect()
}

/// Parses into an untyped tree (for bundling and typing). A key given twice in one mapping is an
/// error: YAML forbids it, and in JSON one of the two values would be silently lost.
pub fn parse_value(text: &str, path: &Path) -> Result<serde_json::Value, Diagnostics> {
    let mut at = Vec::new();
    let result = if looks_like_json(text) {
        let mut de = serde_json::Deserializer::from_str(text);
        Tree { path: &mut at }
            .deserialize(&mut de)
            .and_then(|v| de.end().map(|()| v))
            .map_err(|e| json_error(&e, &tokens_to_pointer(&at), path))
    } else {
        let de = serde_yaml::Deserializer::from_str(text);
        Tree { path: &mut at }.deserialize(de).map_err(|e| {
            let d = yaml_error(&e, &tokens_to_pointer(&at), path);
            match d.message.find(DUPLICATE) {
                // serde_yaml marks where the mapping starts and prefixes its path: name the
                // key given twice, at its second occurrence (at the first, or the mapping,
                // when the layout hides the second).
                Some(i) => {
                    let pointer = tokens_to_pointer(&at);
                    let parent = tokens_to_pointer(&at[..at.len().saturating_sub(1)]);
                    let d = Diagnostic {
                        message: format!("not a valid OpenAPI 3.0 document: {}", &d.message[i..]),
                        pointer: pointer.clone(),
                        position: None,
                        ..d
                    };
                    match locate::locate_yaml_duplicate(text, &pointer)
                        .or_else(|| locate(text, &pointer, false))
                        .or_else(|| locate(text, &parent, true))
                    {
                        Some((line, column)) => d.at(line, column),
                        None => d,
                    }
                }
                None => d,
            }
        })
    };
    result.map_err(Diagnostics::from)
}

const DUPLICATE: &str = "duplicate key ";

fn tokens_to_pointer(tokens: &[String]) -> String {
    tokens
        .iter()
        .fold(String::new(), |p, t| crate::diag::pointer_join(&p, t))
}

/// Builds a `serde_json::Value`, refusing duplicate keys, and leaves the path to the node being
/// read in `path` when it fails (keys are moved in and out, not copied).
struct Tree<'p> {
    path: &'p mut Vec<String>,
}

impl<'de> DeserializeSeed<'de> for Tree<'_> {
    type Value = serde_json::Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Tree<'_> {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON or YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, Into::into))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        loop {
            self.path.push(out.len().to_string());
            let next = seq.next_element_seed(Tree {
                path: &mut *self.path,
            })?;
            self.path.pop();
            match next {
                Some(v) => out.push(v),
                None => return Ok(serde_json::Value::Array(out)),
            }
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let duplicate = out.contains_key(&key);
            self.path.push(key);
            if duplicate {
                let key = self.path.last().cloned().unwrap_or_default();
                return Err(serde::de::Error::custom(format!(
                    "{DUPLICATE}`{key}`: a mapping may name each key once"
                )));
            }
            let value = map.next_value_seed(Tree {
                path: &mut *self.path,
            })?;
            let key = self.path.pop().unwrap_or_default();
            out.insert(key, value);
        }
        Ok(serde_json::Value::Object(out))
    }
}

fn json_error(e: &serde_json::Error, pointer: &str, path: &Path) -> Diagnostic {
    let what = if e.is_syntax() || e.is_eof() {
        "invalid JSON"
    } else {
        "not a valid OpenAPI 3.0 document"
    };
    let msg = strip_position(&e.to_string());
    let d = Diagnostic::error(pointer, format!("{what}: {}", shape_message(&msg))).in_file(path);
    if e.line() > 0 {
        d.at(e.line(), e.column())
    } else {
        d
    }
}

fn yaml_error(e: &serde_yaml::Error, pointer: &str, path: &Path) -> Diagnostic {
    let msg = strip_position(&e.to_string());
    let d = Diagnostic::error(
        pointer,
        format!("not a valid OpenAPI 3.0 document: {}", shape_message(&msg)),
    )
    .in_file(path);
    match e.location() {
        Some(loc) => d.at(loc.line(), loc.column()),
        None => d,
    }
}

/// serde's messages end with " at line L column C"; the position is reported separately.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// `data did not match any variant of untagged enum ReferenceOr` says nothing to a spec author.
fn shape_message(msg: &str) -> String {
    if msg.contains("untagged enum ReferenceOr") {
        "expected either a `$ref` or an inline object of the right shape here".to_string()
    } else if msg.contains("untagged enum") {
        "this value does not have any of the shapes OpenAPI 3.0 allows here".to_string()
    } else {
        msg.to_string()
    }
}

/// Turns serde_path_to_error's `paths./customers.post` into a JSON pointer.
fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => out = crate::diag::pointer_join(&out, key),
            Segment::Enum { variant } => out = crate::diag::pointer_join(&out, variant),
            Segment::Unknown => {}
        }
    }
    out
}

/// The versions read: OpenAPI 3.0 as it is, OpenAPI 3.1 to be lowered, Swagger 2.0 to be
/// converted (its top mapping).
enum Version<'a> {
    OpenApi30,
    OpenApi31,
    Swagger2(&'a serde_json::Map<String, serde_json::Value>),
}

/// Refuses anything but OpenAPI 3.0.x, 3.1.x and Swagger 2.0 with a diagnostic naming the
/// version found.
fn check_version<'a>(
    value: &'a serde_json::Value,
    path: &Path,
) -> Result<Version<'a>, Diagnostics> {
    let Some(top) = value.as_object() else {
        return Err(Diagnostic::error(
            "",
            "the document is not a mapping: expected an OpenAPI 3.0 object at the top",
        )
        .in_file(path)
        .into());
    };
    let version = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match (top.get("openapi").map(version), top.get("swagger").map(version)) {
        (Some(v), _) if v.starts_with("3.0") => Ok(Version::OpenApi30),
        (Some(v), _) if v.starts_with("3.1") => Ok(Version::OpenApi31),
        (None, Some(v)) if v == "2.0" => Ok(Version::Swagger2(top)),
        (Some(v), _) => Err(Diagnostic::error("/openapi", format!("unsupported OpenAPI version `{v}`: expected 3.0.x or 3.1.x")).in_file(path).into()),
        (None, Some(v)) => Err(Diagnostic::error(
            "/swagger",
            format!("unsupported Swagger version `{v}`: this generator reads Swagger 2.0 and OpenAPI 3.0.x"),
        ).in_file(path).into()),
        (None, None) => Err(Diagnostic::error("", "no `openapi` field: this does not look like an OpenAPI 3.0 document").in_file(path).into()),
    }
}

/// The parts of a document that are typed one by one when the whole fails, to find the deepest
/// node whose shape is wrong. `openapiv3`'s flattened and untagged types make
/// `serde_path_to_error` stop at the first of them (`/paths`, or a schema's parent); typing each
/// part on its own gets past them.
#[derive(Clone, Copy)]
enum Part {
    Document,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    Header,
    MediaType,
    Schema,
    Components,
    SecurityScheme,
    Server,
    ServerVariable,
}

/// Children to look into: (key, part of each child) for mappings of parts, or the part of the
/// value under the key itself.
enum Child {
    /// `value[key]` is a part.
    One(&'static str, Part),
    /// `value[key]` maps names to parts.
    Map(&'static str, Part),
    /// `value[key]` is a list of parts.
    List(&'static str, Part),
}

fn children(part: Part) -> &'static [Child] {
    use Child::*;
    match part {
        Part::Document => &[
            List("servers", Part::Server),
            Map("paths", Part::PathItem),
            One("components", Part::Components),
        ],
        Part::Server => &[Map("variables", Part::ServerVariable)],
        Part::ServerVariable => &[],
        Part::PathItem => &[
            One("get", Part::Operation),
            One("put", Part::Operation),
            One("post", Part::Operation),
            One("delete", Part::Operation),
            One("options", Part::Operation),
            One("head", Part::Operation),
            One("patch", Part::Operation),
            One("trace", Part::Operation),
            List("parameters", Part::Parameter),
        ],
        Part::Operation => &[
            List("parameters", Part::Parameter),
            One("requestBody", Part::RequestBody),
            Map("responses", Part::Response),
        ],
        Part::Parameter => &[One("schema", Part::Schema), Map("content", Part::MediaType)],
        Part::RequestBody => &[Map("content", Part::MediaType)],
        Part::Response => &[
            Map("headers", Part::Header),
            Map("content", Part::MediaType),
        ],
        Part::Header => &[One("schema", Part::Schema), Map("content", Part::MediaType)],
        Part::MediaType => &[One("schema", Part::Schema)],
        Part::Schema => &[
            Map("properties", Part::Schema),
            One("items", Part::Schema),
            One("additionalProperties", Part::Schema),
            One("not", Part::Schema),
            List("allOf", Part::Schema),
            List("oneOf", Part::Schema),
            List("anyOf", Part::Schema),
        ],
        Part::Components => &[
            Map("schemas", Part::Schema),
            Map("responses", Part::Response),
            Map("parameters", Part::Parameter),
            Map("requestBodies", Part::RequestBody),
            Map("headers", Part::Header),
            Map("securitySchemes", Part::SecurityScheme),
        ],
        Part::SecurityScheme => &[],
    }
}

/// Whether `value` has the shape of `part` (a `$ref` counts, where the part allows one); on
/// failure the pointer below `value` and the message.
fn check_part(part: Part, value: &serde_json::Value) -> Result<(), (String, String)> {
    /// `T` or a reference: typed as `T` itself unless it is a `$ref`, so that the error's path
    /// goes on inside `T` (through `ReferenceOr` it stops at the node).
    fn ref_or<T: serde::de::DeserializeOwned>(
        value: &serde_json::Value,
    ) -> Result<(), (String, String)> {
        if value.get("$ref").is_some() {
            typed::<openapiv3::ReferenceOr<T>>(value).map(|_| ())
        } else {
            typed::<T>(value).map(|_| ())
        }
    }
    match part {
        Part::Document => typed::<OpenAPI>(value).map(|_| ()),
        Part::PathItem => ref_or::<openapiv3::PathItem>(value),
        Part::Operation => typed::<openapiv3::Operation>(value).map(|_| ()),
        Part::Parameter => ref_or::<openapiv3::Parameter>(value),
        Part::RequestBody => ref_or::<openapiv3::RequestBody>(value),
        Part::Response => ref_or::<openapiv3::Response>(value),
        Part::Header => ref_or::<openapiv3::Header>(value),
        Part::MediaType => typed::<openapiv3::MediaType>(value).map(|_| ()),
        Part::Schema => match value {
            // `additionalProperties: true` is not a schema but is allowed where it appears.
            serde_json::Value::Bool(_) => Ok(()),
            _ => ref_or::<openapiv3::Schema>(value),
        },
        Part::Components => typed::<openapiv3::Components>(value).map(|_| ()),
        Part::SecurityScheme => ref_or::<openapiv3::SecurityScheme>(value),
        Part::Server => typed::<openapiv3::Server>(value).map(|_| ()),
        Part::ServerVariable => typed::<openapiv3::ServerVariable>(value).map(|_| ()),
    }
}

/// A better message for a node whose own shape is wrong, from the flattened or tagged pieces
/// `openapiv3` hides behind "did not match any variant": a schema's common fields and the fields
/// of its `type`, a parameter's common fields.
fn explain_part(part: Part, value: &serde_json::Value) -> Option<(String, String)> {
    let obj = value.as_object()?;
    if obj.contains_key("$ref") {
        return None;
    }
    let first_error = |checks: &[&dyn Fn() -> Result<(), (String, String)>]| {
        checks.iter().find_map(|c| c().err())
    };
    fn ok<T>(r: Result<T, (String, String)>) -> Result<(), (String, String)> {
        r.map(|_| ())
    }
    match part {
        Part::Schema => {
            let kind = || -> Result<(), (String, String)> {
                match obj.get("type").and_then(serde_json::Value::as_str) {
                    Some("string") => ok(typed::<openapiv3::StringType>(value)),
                    Some("number") => ok(typed::<openapiv3::NumberType>(value)),
                    Some("integer") => ok(typed::<openapiv3::IntegerType>(value)),
                    Some("object") => ok(typed::<openapiv3::ObjectType>(value)),
                    Some("array") => ok(typed::<openapiv3::ArrayType>(value)),
                    Some("boolean") => ok(typed::<openapiv3::BooleanType>(value)),
                    _ => ok(typed::<openapiv3::AnySchema>(value)),
                }
            };
            first_error(&[&|| ok(typed::<openapiv3::SchemaData>(value)), &kind])
        }
        Part::Parameter | Part::Header => {
            first_error(&[&|| ok(typed::<openapiv3::ParameterData>(value))])
        }
        _ => None,
    }
}

/// The deepest nodes of the document whose shape is wrong: their pointers and messages, in
/// document order.
fn narrow(doc: &serde_json::Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    narrow_part(Part::Document, doc, "", 0, &mut found);
    found
}

/// Adds to `found` the deepest wrong nodes at or below `value` (a `part`); whether `value` is
/// wrong at all.
fn narrow_part(
    part: Part,
    value: &serde_json::Value,
    at: &str,
    depth: usize,
    found: &mut Vec<(String, String)>,
) -> bool {
    let Err((inner, message)) = check_part(part, value) else {
        return false;
    };
    let before = found.len();
    if depth < 64 {
        if let Some(obj) = value.as_object() {
            for child in children(part) {
                match child {
                    Child::One(key, p) => {
                        if let Some(v) = obj.get(*key) {
                            let here = crate::diag::pointer_join(at, key);
                            narrow_part(*p, v, &here, depth + 1, found);
                        }
                    }
                    Child::Map(key, p) => {
                        let base = crate::diag::pointer_join(at, key);
                        for (k, v) in obj
                            .get(*key)
                            .and_then(|m| m.as_object())
                            .into_iter()
                            .flatten()
                        {
                            let here = crate::diag::pointer_join(&base, k);
                            narrow_part(*p, v, &here, depth + 1, found);
                        }
                    }
                    Child::List(key, p) => {
                        let base = crate::diag::pointer_join(at, key);
                        for (i, v) in obj
                            .get(*key)
                            .and_then(|l| l.as_array())
                            .into_iter()
                            .flatten()
                            .enumerate()
                        {
                            narrow_part(*p, v, &format!("{base}/{i}"), depth + 1, found);
                        }
                    }
                }
            }
        }
    }
    if found.len() == before {
        let (inner, message) = explain_part(part, value).unwrap_or((inner, message));
        found.push((format!("{at}{inner}"), message));
    }
    true
}
