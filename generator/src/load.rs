//! Stage 1, load: read a YAML or JSON file into `openapiv3` types.
//!
//! Errors name the file, the line and column where the parser could tell, and the JSON pointer of
//! the node whose shape was wrong. Swagger 2.0 and OpenAPI 3.1 documents are recognised and
//! refused with a diagnostic naming the version found. Relative-file `$ref`s are bundled into the
//! root document's `components` here (see [`crate::resolve::bundle`]), so later stages only ever
//! see local references.

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics};

/// A loaded, version-checked document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where it was read from.
    pub path: PathBuf,
    /// The parsed document, with every external reference bundled in.
    pub api: OpenAPI,
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
pub fn load_str(text: &str, path: &Path) -> Result<Document, Diagnostics> {
    check_version(text, path)?;
    let api = if crate::resolve::has_external_refs(text) {
        let value = parse_value(text, path)?;
        let bundled = crate::resolve::bundle(value, path)?;
        let mut track = serde_path_to_error::Track::new();
        let de = serde_path_to_error::Deserializer::new(bundled, &mut track);
        OpenAPI::deserialize(de).map_err(|e| {
            Diagnostic::error(
                path_to_pointer(&track.path()),
                shape_message(&e.to_string()),
            )
            .in_file(path)
        })?
    } else {
        parse_typed(text, path)?
    };
    Ok(Document {
        path: path.to_path_buf(),
        api,
    })
}

/// Parses into an untyped tree (for bundling and for the version check).
pub fn parse_value(text: &str, path: &Path) -> Result<serde_json::Value, Diagnostics> {
    if looks_like_json(text) {
        serde_json::from_str(text).map_err(|e| json_error(&e, "", path).into())
    } else {
        serde_yaml::from_str(text).map_err(|e| yaml_error(&e, "", path).into())
    }
}

fn parse_typed(text: &str, path: &Path) -> Result<OpenAPI, Diagnostics> {
    let mut track = serde_path_to_error::Track::new();
    if looks_like_json(text) {
        let mut inner = serde_json::Deserializer::from_str(text);
        let de = serde_path_to_error::Deserializer::new(&mut inner, &mut track);
        OpenAPI::deserialize(de)
            .and_then(|api| inner.end().map(|()| api))
            .map_err(|e| json_error(&e, &path_to_pointer(&track.path()), path).into())
    } else {
        let inner = serde_yaml::Deserializer::from_str(text);
        let de = serde_path_to_error::Deserializer::new(inner, &mut track);
        OpenAPI::deserialize(de)
            .map_err(|e| yaml_error(&e, &path_to_pointer(&track.path()), path).into())
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

#[derive(Deserialize)]
struct VersionProbe {
    openapi: Option<serde_json::Value>,
    swagger: Option<serde_json::Value>,
}

/// Refuses anything but OpenAPI 3.0.x with a diagnostic naming the version found.
fn check_version(text: &str, path: &Path) -> Result<(), Diagnostics> {
    let probe: Result<VersionProbe, Diagnostic> = if looks_like_json(text) {
        serde_json::from_str(text).map_err(|e| json_error(&e, "", path))
    } else {
        serde_yaml::from_str(text).map_err(|e| yaml_error(&e, "", path))
    };
    let probe = probe.map_err(|d| {
        // A syntax error is reported as such; a document that is not a mapping at all is named.
        if d.message.contains("invalid type") {
            Diagnostic {
                message: "the document is not a mapping: expected an OpenAPI 3.0 object at the top"
                    .into(),
                ..d
            }
        } else {
            d
        }
    })?;
    let version = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match (probe.openapi.as_ref().map(version), probe.swagger.as_ref().map(version)) {
        (Some(v), _) if v.starts_with("3.0") => Ok(()),
        (Some(v), _) if v.starts_with("3.1") => Err(Diagnostic::error(
            "/openapi",
            format!("OpenAPI {v} is not supported: this generator reads OpenAPI 3.0.x; 3.1 changes the schema dialect (type arrays, `null` types). Convert the document to 3.0.3."),
        ).in_file(path).into()),
        (Some(v), _) => Err(Diagnostic::error("/openapi", format!("unsupported OpenAPI version `{v}`: expected 3.0.x")).in_file(path).into()),
        (None, Some(v)) => Err(Diagnostic::error(
            "/swagger",
            format!("this is a Swagger {v} document; this generator reads OpenAPI 3.0.x. Convert it first (for example with swagger2openapi)."),
        ).in_file(path).into()),
        (None, None) => Err(Diagnostic::error("", "no `openapi` field: this does not look like an OpenAPI 3.0 document").in_file(path).into()),
    }
}
