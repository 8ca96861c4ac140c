//! Schema objects: `$ref`s into `definitions`, `x-nullable`, `type: file`, `discriminator` as a
//! property name, and the `type` lists and list-valued `items` real documents use.

use serde_json::{Map, Value};

use super::{rewrite_ref, Converter};
use crate::diag::pointer_join;
use crate::diag::Diagnostic;

impl Converter<'_> {
    /// A 2.0 schema object as a 3.0 one (recursively); `at` is its pointer in the original.
    pub(super) fn schema(&mut self, schema: &Value, at: &str) -> Value {
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
