//! From the JSON tree to `openapiv3`'s typed document, on every core.
//!
//! A large document is nearly all path items and component schemas. Typing them is cut into
//! pieces (a few dozen path items or schemas each, the other components, the rest of the
//! document) that the cores take in turn, and the pieces are put together in the document's
//! order. Any failure types the whole document again the plain way, so an error reads the same
//! either way.
//!
//! `openapiv3::Paths` is read here entry by entry rather than through its own `Deserialize`: that
//! one is two `#[serde(flatten)]` maps, which copies the whole `paths` tree into serde's buffer
//! before reading it. The entries it keeps are the same: path items (keys starting with `/`) and
//! extensions (keys starting with `x-`).

use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, PathItem, Paths, ReferenceOr, Schema};
use serde::de::value::MapDeserializer;
use serde::Deserialize as _;
use serde_json::{Map, Value};

use super::path_to_pointer;

/// How many path items or schemas one piece types.
const PER_PIECE: usize = 48;

/// The typed document (see the module docs); on failure, the pointer where typing failed and
/// the message.
pub fn typed_document(value: &Value) -> Result<OpenAPI, (String, String)> {
    let whole = || typed::<OpenAPI>(value);
    let Some(map) = value.as_object() else {
        return whole();
    };
    let (Some(Value::Object(paths)), Some(Value::Object(components))) =
        (map.get("paths"), map.get("components"))
    else {
        return whole();
    };
    match in_pieces(map, paths, components) {
        Some(api) => Ok(api),
        None => whole(),
    }
}

/// One piece of typing work, over entries of the tree.
enum Piece<'a> {
    /// The document without its paths and components.
    Rest(&'a Map<String, Value>),
    /// The components without their schemas.
    Components(&'a Map<String, Value>),
    /// Some path items, in order.
    Paths(Vec<(&'a String, &'a Value)>),
    /// Some component schemas, in order.
    Schemas(Vec<(&'a String, &'a Value)>),
}

/// What a piece comes to.
enum Typed {
    Rest(Box<OpenAPI>),
    Components(Box<Components>),
    Paths(Vec<(String, ReferenceOr<PathItem>)>),
    Schemas(Vec<(String, ReferenceOr<Schema>)>),
}

fn in_pieces(
    document: &Map<String, Value>,
    paths: &Map<String, Value>,
    components: &Map<String, Value>,
) -> Option<OpenAPI> {
    let schemas: Vec<(&String, &Value)> = match components.get("schemas") {
        Some(Value::Object(schemas)) => schemas.iter().collect(),
        Some(_) => return None,
        None => Vec::new(),
    };
    let items: Vec<(&String, &Value)> = paths.iter().filter(|(k, _)| k.starts_with('/')).collect();
    let mut pieces = vec![Piece::Rest(document), Piece::Components(components)];
    pieces.extend(items.chunks(PER_PIECE).map(|c| Piece::Paths(c.to_vec())));
    pieces.extend(
        schemas
            .chunks(PER_PIECE)
            .map(|c| Piece::Schemas(c.to_vec())),
    );

    let mut done = run(&pieces)?.into_iter();
    let Some(Typed::Rest(mut api)) = done.next() else {
        return None;
    };
    let Some(Typed::Components(mut typed_components)) = done.next() else {
        return None;
    };
    let mut path_items = IndexMap::with_capacity(items.len());
    let mut typed_schemas = IndexMap::with_capacity(schemas.len());
    for typed in done {
        match typed {
            Typed::Paths(entries) => path_items.extend(entries),
            Typed::Schemas(entries) => typed_schemas.extend(entries),
            Typed::Rest(_) | Typed::Components(_) => return None,
        }
    }
    let extensions = paths
        .iter()
        .filter(|(k, _)| k.starts_with("x-"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    api.paths = Paths {
        paths: path_items,
        extensions,
    };
    typed_components.schemas = typed_schemas;
    api.components = Some(*typed_components);
    Some(*api)
}

/// Types every piece on every core (path items and schemas weighed by their count); `None` if
/// any piece fails.
fn run(pieces: &[Piece<'_>]) -> Option<Vec<Typed>> {
    let weights: Vec<usize> = pieces
        .iter()
        .map(|p| match p {
            Piece::Paths(entries) | Piece::Schemas(entries) => entries.len(),
            Piece::Rest(_) | Piece::Components(_) => 0,
        })
        .collect();
    crate::parallel::run(pieces, &weights, &|p| type_piece(p).ok_or(()), || ()).ok()
}

fn type_piece(piece: &Piece<'_>) -> Option<Typed> {
    Some(match piece {
        Piece::Rest(document) => {
            // The paths and components are typed in pieces of their own.
            let empty = Value::Object(Map::new());
            let entries = document.iter().map(|(k, v)| match k.as_str() {
                "paths" | "components" => (k.as_str(), &empty),
                _ => (k.as_str(), v),
            });
            Typed::Rest(Box::new(OpenAPI::deserialize(map_of(entries)).ok()?))
        }
        Piece::Components(components) => {
            let entries = components
                .iter()
                .filter(|(k, _)| k.as_str() != "schemas")
                .map(|(k, v)| (k.as_str(), v));
            Typed::Components(Box::new(Components::deserialize(map_of(entries)).ok()?))
        }
        Piece::Paths(entries) => Typed::Paths(
            entries
                .iter()
                .map(|(k, v)| Some(((*k).clone(), ReferenceOr::<PathItem>::deserialize(*v).ok()?)))
                .collect::<Option<_>>()?,
        ),
        Piece::Schemas(entries) => Typed::Schemas(
            entries
                .iter()
                .map(|(k, v)| Some(((*k).clone(), ReferenceOr::<Schema>::deserialize(*v).ok()?)))
                .collect::<Option<_>>()?,
        ),
    })
}

/// A deserializer of the object with these entries (borrowed from the tree, none copied).
fn map_of<'a>(
    entries: impl Iterator<Item = (&'a str, &'a Value)>,
) -> MapDeserializer<'a, impl Iterator<Item = (&'a str, &'a Value)>, serde_json::Error> {
    MapDeserializer::new(entries)
}

/// Deserializes `T` from a tree; on failure, the pointer (relative to `value`) where
/// `serde_path_to_error` lost track, and the message.
pub fn typed<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, (String, String)> {
    // Path tracking costs on every node; a document that types is the common case, so the
    // tracked run happens only to explain a failure.
    if let Ok(t) = T::deserialize(value) {
        return Ok(t);
    }
    let mut track = serde_path_to_error::Track::new();
    let de = serde_path_to_error::Deserializer::new(value, &mut track);
    T::deserialize(de).map_err(|e| (path_to_pointer(&track.path()), e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document with more path items and schemas than one piece holds, an extension among the
    /// paths, and components besides schemas.
    fn document() -> Value {
        let mut paths = Map::new();
        let mut schemas = Map::new();
        for i in 0..(PER_PIECE * 2 + 5) {
            paths.insert(
                format!("/things/{i}"),
                serde_json::json!({ "get": { "operationId": format!("get{i}"), "responses": {
                    "200": { "description": "ok", "content": { "application/json": {
                        "schema": { "$ref": format!("#/components/schemas/Thing{i}") } } } } } } }),
            );
            schemas.insert(
                format!("Thing{i}"),
                serde_json::json!({ "type": "object", "properties": { "id": { "type": "integer" } } }),
            );
        }
        paths.insert("x-paths-note".into(), serde_json::json!({ "kept": true }));
        serde_json::json!({
            "openapi": "3.0.3",
            "info": { "title": "T", "version": "1" },
            "x-top": 1,
            "paths": paths,
            "components": {
                "schemas": schemas,
                "responses": { "Gone": { "description": "gone" } },
                "x-components-note": "kept"
            }
        })
    }

    #[test]
    fn pieces_make_the_document_serde_makes() {
        let value = document();
        let whole = OpenAPI::deserialize(&value).expect("the fixture types");
        let in_pieces = typed_document(&value).expect("the fixture types in pieces");
        assert_eq!(in_pieces, whole);
        assert_eq!(in_pieces.paths.paths.len(), PER_PIECE * 2 + 5);
        assert!(in_pieces.paths.extensions.contains_key("x-paths-note"));
        let components = in_pieces.components.as_ref().expect("components");
        let names: Vec<&String> = components.schemas.keys().collect();
        let expected: Vec<String> = (0..(PER_PIECE * 2 + 5))
            .map(|i| format!("Thing{i}"))
            .collect();
        assert_eq!(
            names,
            expected.iter().collect::<Vec<_>>(),
            "schemas keep their order"
        );
    }

    #[test]
    fn a_failing_piece_reports_as_the_whole_document_does() {
        let mut value = document();
        value["components"]["schemas"]["Thing70"]["properties"] = serde_json::json!(7);
        let in_pieces = typed_document(&value).expect_err("a schema is wrong");
        let whole = typed::<OpenAPI>(&value).expect_err("a schema is wrong");
        assert_eq!(in_pieces, whole);
    }
}
