//! Schemas to types: every component schema becomes a named type, inline objects, enums and
//! unions are hoisted with names derived from where they appear, and constraints and docs are
//! collected for validation and doc comments.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaData, SchemaKind, Type};
use serde_json::Value;

use super::names::{to_field_name, to_type_name, Namespace};
use super::{
    Additional, Constraints, Docs, Field, IntEnum, Presence, Prim, StrEnum, StringFormat, Struct,
    Ty, TypeDef, TypeId, TypeKind, Union, UnionVariant,
};
use crate::diag::{pointer_join, Diagnostic};
use crate::resolve::Resolver;

/// Nesting depth past which a schema is taken as `serde_json::Value` (guards against
/// pathological documents; real ones stay far below).
const MAX_DEPTH: usize = 48;

/// The build context: the document, the type table under construction, and diagnostics.
pub struct Ctx<'a> {
    pub(super) api: &'a OpenAPI,
    pub(super) resolver: Resolver<'a>,
    slots: Vec<Option<TypeDef>>,
    pub(super) type_names: Namespace,
    components: HashMap<String, TypeId>,
    pub(super) diags: Vec<Diagnostic>,
    depth: usize,
    /// The inline schemas being converted, innermost last, with the type each defines once it
    /// has one. `allOf` merging copies a component's properties into another type; when such a
    /// property leads back to the component (`Pet.parent: allOf [Pet, …]`), converting it again
    /// would hoist a new copy at every level (two such properties: 2^depth types). Meeting a
    /// schema that is already being converted reuses its type instead.
    active: Vec<(*const Schema, Option<TypeId>)>,
    /// The constraints of components that became aliases (`Emails: {type: array, uniqueItems:
    /// true}`), which their use sites inherit ([`super::inherit`]).
    alias_constraints: HashMap<TypeId, Constraints>,
}

/// A schema with its kind flattened, so that typed and "any" schemas read alike.
struct View<'a> {
    typ: Option<String>,
    format: Option<String>,
    enumeration: Vec<Value>,
    constraints: Constraints,
    properties: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
    required: &'a [String],
    additional: Option<&'a AdditionalProperties>,
    items: Option<&'a ReferenceOr<Box<Schema>>>,
    one_of: &'a [ReferenceOr<Schema>],
    any_of: &'a [ReferenceOr<Schema>],
    all_of: &'a [ReferenceOr<Schema>],
    not: bool,
}

fn format_name<T: std::fmt::Debug>(f: &openapiv3::VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match f {
        openapiv3::VariantOrUnknownOrEmpty::Item(t) => {
            let s = format!("{t:?}");
            Some(match s.as_str() {
                "DateTime" => "date-time".into(),
                other => other.to_ascii_lowercase(),
            })
        }
        openapiv3::VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        openapiv3::VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn view(schema: &Schema) -> View<'_> {
    const NONE: &[ReferenceOr<Schema>] = &[];
    let mut v = View {
        typ: None,
        format: None,
        enumeration: Vec::new(),
        constraints: Constraints::default(),
        properties: None,
        required: &[],
        additional: None,
        items: None,
        one_of: NONE,
        any_of: NONE,
        all_of: NONE,
        not: false,
    };
    let opt = |x: Option<Value>| x.unwrap_or(Value::Null);
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            v.typ = Some("string".into());
            v.format = format_name(&s.format);
            v.enumeration = s
                .enumeration
                .iter()
                .map(|e| opt(e.clone().map(Value::String)))
                .collect();
            v.constraints.min_length = s.min_length;
            v.constraints.max_length = s.max_length;
            v.constraints.pattern = s.pattern.clone();
            v.constraints.format = v.format.as_deref().and_then(StringFormat::from_name);
        }
        SchemaKind::Type(Type::Number(n)) => {
            v.typ = Some("number".into());
            v.format = format_name(&n.format);
            v.enumeration = n
                .enumeration
                .iter()
                .map(|e| opt(e.and_then(|f| serde_json::Number::from_f64(f).map(Value::Number))))
                .collect();
            v.constraints.minimum = n.minimum.map(|m| (m, n.exclusive_minimum));
            v.constraints.maximum = n.maximum.map(|m| (m, n.exclusive_maximum));
            v.constraints.multiple_of = n.multiple_of;
        }
        SchemaKind::Type(Type::Integer(n)) => {
            v.typ = Some("integer".into());
            v.format = format_name(&n.format);
            v.enumeration = n
                .enumeration
                .iter()
                .map(|e| opt(e.map(Value::from)))
                .collect();
            v.constraints.minimum = n.minimum.map(|m| (m as f64, n.exclusive_minimum));
            v.constraints.maximum = n.maximum.map(|m| (m as f64, n.exclusive_maximum));
            v.constraints.multiple_of = n.multiple_of.map(|m| m as f64);
        }
        SchemaKind::Type(Type::Boolean(b)) => {
            v.typ = Some("boolean".into());
            v.enumeration = b
                .enumeration
                .iter()
                .map(|e| opt(e.map(Value::Bool)))
                .collect();
        }
        SchemaKind::Type(Type::Object(o)) => {
            v.typ = Some("object".into());
            v.properties = Some(&o.properties);
            v.required = &o.required;
            v.additional = o.additional_properties.as_ref();
        }
        SchemaKind::Type(Type::Array(a)) => {
            v.typ = Some("array".into());
            v.items = a.items.as_ref();
            v.constraints.min_items = a.min_items;
            v.constraints.max_items = a.max_items;
            v.constraints.unique_items = a.unique_items;
        }
        SchemaKind::OneOf { one_of } => v.one_of = one_of,
        SchemaKind::AnyOf { any_of } => v.any_of = any_of,
        SchemaKind::AllOf { all_of } => v.all_of = all_of,
        SchemaKind::Not { .. } => v.not = true,
        SchemaKind::Any(a) => {
            v.typ = a.typ.clone();
            v.format = a.format.clone();
            v.enumeration = a.enumeration.clone();
            v.constraints = Constraints {
                min_length: a.min_length,
                max_length: a.max_length,
                pattern: a.pattern.clone(),
                format: match a.typ.as_deref() {
                    Some("string") => a.format.as_deref().and_then(StringFormat::from_name),
                    _ => None,
                },
                minimum: a.minimum.map(|m| (m, a.exclusive_minimum.unwrap_or(false))),
                maximum: a.maximum.map(|m| (m, a.exclusive_maximum.unwrap_or(false))),
                multiple_of: a.multiple_of,
                min_items: a.min_items,
                max_items: a.max_items,
                unique_items: a.unique_items.unwrap_or(false),
                items: None,
            };
            v.properties = if a.properties.is_empty() {
                None
            } else {
                Some(&a.properties)
            };
            v.required = &a.required;
            v.additional = a.additional_properties.as_ref();
            v.items = a.items.as_ref();
            v.one_of = &a.one_of;
            v.any_of = &a.any_of;
            v.all_of = &a.all_of;
            v.not = a.not.is_some();
        }
    }
    v
}

/// A reference to a schema, boxed or not (properties and items are boxed in `openapiv3`).
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'a> {
    Plain(&'a ReferenceOr<Schema>),
    Boxed(&'a ReferenceOr<Box<Schema>>),
}

/// What converting a schema found out besides its type.
pub(super) struct Converted {
    pub ty: Ty,
    pub nullable: bool,
    pub constraints: Constraints,
    pub docs: Docs,
}

/// A pattern is checked with the `regex` crate where it compiles, else with the ECMA-262
/// engine `regress` (lookaround, backreferences: [`crate::surface::PatternEngine`]); a pattern
/// neither compiles is documented but not checked.
fn usable_pattern(p: &str) -> bool {
    crate::surface::PatternEngine::for_pattern(p).is_some()
}

pub(super) fn docs_of(data: &SchemaData, c: &Constraints) -> Docs {
    let mut constraints = Vec::new();
    match (c.min_length, c.max_length) {
        (Some(a), Some(b)) if a == b => constraints.push(format!("exactly {a} characters")),
        (Some(a), Some(b)) => constraints.push(format!("{a}–{b} characters")),
        (Some(a), None) => constraints.push(format!("at least {a} characters")),
        (None, Some(b)) => constraints.push(format!("at most {b} characters")),
        _ => {}
    }
    if let Some(p) = &c.pattern {
        constraints.push(format!("matches `{p}`"));
    }
    if let Some((m, ex)) = c.minimum {
        constraints.push(format!("{} {m}", if ex { ">" } else { "≥" }));
    }
    if let Some((m, ex)) = c.maximum {
        constraints.push(format!("{} {m}", if ex { "<" } else { "≤" }));
    }
    if let Some(m) = c.multiple_of {
        constraints.push(format!("a multiple of {m}"));
    }
    match (c.min_items, c.max_items) {
        (Some(a), Some(b)) => constraints.push(format!("{a}–{b} items")),
        (Some(a), None) => constraints.push(format!("at least {a} items")),
        (None, Some(b)) => constraints.push(format!("at most {b} items")),
        _ => {}
    }
    if c.unique_items {
        constraints.push("items are unique".into());
    }
    Docs {
        title: data.title.clone(),
        description: data.description.clone(),
        default: data.default.clone(),
        example: data.example.clone(),
        constraints,
        deprecated: data.deprecated,
    }
}

impl<'a> Ctx<'a> {
    /// A fresh context over `api`.
    pub fn new(api: &'a OpenAPI) -> Self {
        Ctx {
            api,
            resolver: Resolver::new(api),
            slots: Vec::new(),
            type_names: Namespace::default(),
            components: HashMap::new(),
            diags: Vec::new(),
            depth: 0,
            active: Vec::new(),
            alias_constraints: HashMap::new(),
        }
    }

    fn warn(&mut self, at: &str, msg: impl Into<String>) {
        self.diags.push(Diagnostic::warning(at, msg));
    }

    pub(super) fn error(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Reserves a named slot for a type that is about to be defined.
    fn new_slot(&mut self, hint: &str) -> TypeId {
        let name = self.type_names.claim(&to_type_name(hint));
        self.slots.push(Some(TypeDef {
            name,
            origin: String::new(),
            docs: Docs::default(),
            kind: TypeKind::Alias(Ty::Json),
            has_default: false,
            validates: false,
            usage: super::Usage::default(),
        }));
        let id = self.slots.len() - 1;
        // `convert_schema` asks for a slot for the schema it is converting, the innermost one.
        if let Some(top) = self.active.last_mut() {
            top.1.get_or_insert(id);
        }
        id
    }

    fn fill(&mut self, id: TypeId, origin: &str, docs: Docs, kind: TypeKind) {
        if let Some(Some(t)) = self.slots.get_mut(id) {
            t.origin = origin.to_string();
            t.docs = docs;
            t.kind = kind;
        }
    }

    /// Gives every component schema its name first, so references resolve in any order.
    pub fn declare_components(&mut self) {
        let Some(components) = &self.api.components else {
            return;
        };
        for name in components.schemas.keys() {
            let id = self.new_slot(name);
            self.components.insert(name.clone(), id);
        }
    }

    /// Defines every component schema.
    pub fn define_components(&mut self) {
        let Some(components) = &self.api.components else {
            return;
        };
        for (name, schema) in &components.schemas {
            let at = pointer_join("/components/schemas", name);
            let id = self.components[name];
            if let ReferenceOr::Reference { .. } = schema {
                if let Err(d) = self.resolver.schema(schema, &at) {
                    self.error(d);
                    continue;
                }
            }
            let type_name = self.slots[id]
                .as_ref()
                .map(|t| t.name.clone())
                .unwrap_or_default();
            let c = self.convert(SchemaRef::Plain(schema), &type_name, &at, Some(id));
            if c.ty != Ty::Named(id) {
                if !c.constraints.is_empty() {
                    self.alias_constraints.insert(id, c.constraints.clone());
                }
                let docs = match schema {
                    ReferenceOr::Item(s) => docs_of(&s.schema_data, &c.constraints),
                    ReferenceOr::Reference { .. } => Docs::default(),
                };
                self.fill(id, &at, docs, TypeKind::Alias(c.ty));
            }
        }
    }

    /// The constraints of components that became aliases, by type id.
    pub fn alias_constraints(&self) -> &HashMap<TypeId, Constraints> {
        &self.alias_constraints
    }

    /// The finished type table and the diagnostics.
    pub fn finish(self) -> (Vec<TypeDef>, Vec<Diagnostic>) {
        (self.slots.into_iter().flatten().collect(), self.diags)
    }

    /// Converts a schema found at `at`; hoisted types are named from `hint`. When `slot` is given
    /// and the schema defines a type of its own, it is defined in that slot.
    pub(super) fn convert(
        &mut self,
        s: SchemaRef<'a>,
        hint: &str,
        at: &str,
        slot: Option<TypeId>,
    ) -> Converted {
        let schema: &'a Schema = match s {
            SchemaRef::Plain(ReferenceOr::Item(s)) => s,
            SchemaRef::Boxed(ReferenceOr::Item(s)) => s,
            SchemaRef::Plain(ReferenceOr::Reference { reference })
            | SchemaRef::Boxed(ReferenceOr::Reference { reference }) => {
                return self.convert_ref(reference, at)
            }
        };
        if self.depth > MAX_DEPTH {
            self.warn(at, "schema nested too deeply; using serde_json::Value");
            return Converted {
                ty: Ty::Json,
                nullable: true,
                constraints: Constraints::default(),
                docs: Docs::default(),
            };
        }
        let key: *const Schema = schema;
        if let Some(&(_, defined)) = self.active.iter().find(|(s, _)| *s == key) {
            let ty = match defined {
                Some(id) => Ty::Named(id),
                None => {
                    self.warn(
                        at,
                        "this schema contains itself through `allOf`; using serde_json::Value",
                    );
                    Ty::Json
                }
            };
            return Converted {
                ty,
                nullable: schema.schema_data.nullable,
                constraints: Constraints::default(),
                docs: Docs::default(),
            };
        }
        self.depth += 1;
        self.active.push((key, slot));
        let out = self.convert_schema(schema, hint, at, slot);
        self.active.pop();
        self.depth -= 1;
        out
    }

    fn convert_ref(&mut self, reference: &str, at: &str) -> Converted {
        let name = match self.resolver.ref_name(reference, "schemas", at) {
            Ok(n) => n,
            Err(d) => {
                self.error(d);
                return json_any();
            }
        };
        let Some(&id) = self.components.get(&name) else {
            self.error(Diagnostic::error(
                at,
                format!("dangling reference `{reference}`: no schema named `{name}` in components"),
            ));
            return json_any();
        };
        // `$ref` siblings are ignored in 3.0, so nullability and constraints come from the target.
        let target = self
            .api
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(&name));
        let (nullable, constraints) = match target.map(|t| self.resolver.schema(t, at)) {
            Some(Ok((schema, _))) => {
                let v = view(schema);
                let is_scalar = matches!(v.typ.as_deref(), Some("string" | "integer" | "number"))
                    && v.enumeration.is_empty();
                let constraints = if is_scalar {
                    self.checked(v.constraints, at)
                } else {
                    Constraints::default()
                };
                (schema.schema_data.nullable, constraints)
            }
            _ => (false, Constraints::default()),
        };
        Converted {
            ty: Ty::Named(id),
            nullable,
            constraints,
            docs: Docs::default(),
        }
    }

    /// Drops a pattern neither `regex` nor the ECMA-262 engine `regress` compiles, with a warning.
    fn checked(&mut self, mut c: Constraints, at: &str) -> Constraints {
        if let Some(p) = &c.pattern {
            if !usable_pattern(p) {
                self.warn(at, format!("pattern `{p}` is not a regular expression the regex crate or the ECMA-262 engine regress accepts; it is documented but not validated"));
                c.pattern = None;
            }
        }
        c
    }

    fn convert_schema(
        &mut self,
        schema: &'a Schema,
        hint: &str,
        at: &str,
        slot: Option<TypeId>,
    ) -> Converted {
        let v = view(schema);
        let nullable = schema.schema_data.nullable;
        let mut constraints = self.checked(v.constraints.clone(), at);
        let docs = docs_of(&schema.schema_data, &constraints);
        let done = |ty: Ty, constraints: Constraints, nullable: bool| Converted {
            ty,
            nullable,
            constraints,
            docs: docs.clone(),
        };

        if v.not {
            self.warn(
                at,
                "`not` cannot be expressed as a Rust type; using serde_json::Value",
            );
            return done(Ty::Json, Constraints::default(), nullable);
        }
        if !v.all_of.is_empty() {
            let has_own = v.properties.is_some_and(|p| !p.is_empty());
            if v.all_of.len() == 1 && !has_own {
                let inner = self.convert(
                    SchemaRef::Plain(&v.all_of[0]),
                    hint,
                    &format!("{at}/allOf/0"),
                    slot,
                );
                return Converted {
                    nullable: nullable || inner.nullable,
                    docs,
                    ..inner
                };
            }
            let id = slot.unwrap_or_else(|| self.new_slot(hint));
            let st = self.merge_all_of(schema, id, at);
            self.fill(id, at, docs.clone(), TypeKind::Struct(st));
            return done(Ty::Named(id), Constraints::default(), nullable);
        }
        let alternatives = if !v.one_of.is_empty() {
            Some(("oneOf", v.one_of))
        } else if !v.any_of.is_empty() {
            Some(("anyOf", v.any_of))
        } else {
            None
        };
        if let Some((keyword, alts)) = alternatives {
            // `type: object` + properties + `oneOf: [{required: [...]}]` only states which
            // properties go together: the properties are the type.
            let own_props = v.properties.is_some_and(|p| !p.is_empty());
            let only_requirements = alts.iter().all(|a| matches!(a, ReferenceOr::Item(s) if { let w = view(s); w.typ.is_none() && w.properties.is_none() && w.one_of.is_empty() && w.all_of.is_empty() && w.any_of.is_empty() }));
            if !(own_props && only_requirements) {
                return self.convert_union(schema, keyword, alts, hint, at, slot, docs);
            }
        }
        if !v.enumeration.is_empty() {
            let has_null = v.enumeration.iter().any(Value::is_null);
            let values: Vec<&Value> = v.enumeration.iter().filter(|e| !e.is_null()).collect();
            let nullable = nullable || has_null;
            if values.is_empty() {
                return done(Ty::Json, Constraints::default(), true);
            }
            if values.iter().all(|e| e.is_string())
                && matches!(v.typ.as_deref(), None | Some("string"))
            {
                let id = slot.unwrap_or_else(|| self.new_slot(hint));
                let kind = TypeKind::StrEnum(str_enum(values.iter().filter_map(|e| e.as_str())));
                self.fill(id, at, docs.clone(), kind);
                return done(Ty::Named(id), Constraints::default(), nullable);
            }
            if values.iter().all(|e| e.is_i64())
                && matches!(v.typ.as_deref(), None | Some("integer"))
            {
                let id = slot.unwrap_or_else(|| self.new_slot(hint));
                let kind = TypeKind::IntEnum(int_enum(values.iter().filter_map(|e| e.as_i64())));
                self.fill(id, at, docs.clone(), kind);
                return done(Ty::Named(id), Constraints::default(), nullable);
            }
            if v.typ.is_none() {
                self.warn(at, "enum of mixed value types; using serde_json::Value");
                return done(Ty::Json, Constraints::default(), nullable);
            }
            // booleans and numbers: the plain type, the allowed values documented.
        }
        let ty = match v.typ.as_deref() {
            Some("string") => Ty::Prim(match v.format.as_deref() {
                Some("date-time") => Prim::DateTime,
                Some("date") => Prim::Date,
                Some("uuid") => Prim::Uuid,
                Some("ipv4") => Prim::Ipv4,
                Some("ipv6") => Prim::Ipv6,
                // Inside JSON, `binary` data is still a JSON string (its encoding unsaid): a
                // `Vec<u8>` would expect an array of numbers. Raw bodies are bytes by media type.
                _ => Prim::String,
            }),
            Some("integer") => Ty::Prim(match v.format.as_deref() {
                Some("int32") => Prim::I32,
                _ => Prim::I64,
            }),
            // `float` is `f64` too: JSON numbers are decimal text, and an `f32` would turn `0.1`
            // into `0.10000000149011612` when re-encoded; `f64` round-trips every number a
            // `float` can hold, exactly as written.
            Some("number") => Ty::Prim(match v.format.as_deref() {
                Some("int32") => Prim::I32,
                Some("int64") => Prim::I64,
                _ => Prim::F64,
            }),
            Some("boolean") => Ty::Prim(Prim::Bool),
            Some("array") => {
                let (item, item_constraints) = self.items(v.items, hint, at);
                if !item_constraints.is_empty() {
                    constraints.items = Some(Box::new(item_constraints));
                }
                Ty::Vec(Box::new(item))
            }
            Some("object") | None if v.properties.is_some_and(|p| !p.is_empty()) => {
                let id = slot.unwrap_or_else(|| self.new_slot(hint));
                let st = self.object(&v, id, at);
                self.fill(id, at, docs.clone(), TypeKind::Struct(st));
                Ty::Named(id)
            }
            Some("object") | None if v.additional.is_some() || v.typ.is_some() => {
                match v.additional {
                    Some(AdditionalProperties::Schema(s)) => {
                        let inner = self.convert(
                            SchemaRef::Plain(s),
                            &format!("{hint}Value"),
                            &format!("{at}/additionalProperties"),
                            None,
                        );
                        if !inner.constraints.is_empty() {
                            constraints.items = Some(Box::new(inner.constraints));
                        }
                        Ty::Map(Box::new(wrap_nullable(inner.ty, inner.nullable)))
                    }
                    Some(AdditionalProperties::Any(false)) => {
                        let id = slot.unwrap_or_else(|| self.new_slot(hint));
                        self.fill(
                            id,
                            at,
                            docs.clone(),
                            TypeKind::Struct(Struct {
                                fields: Vec::new(),
                                additional: Additional::Forbidden,
                            }),
                        );
                        Ty::Named(id)
                    }
                    _ => Ty::Map(Box::new(Ty::Json)),
                }
            }
            None if v.items.is_some() => {
                let (item, _) = self.items(v.items, hint, at);
                Ty::Vec(Box::new(item))
            }
            None => Ty::Json,
            Some(other) => {
                self.warn(
                    at,
                    format!("unknown type `{other}`; using serde_json::Value"),
                );
                Ty::Json
            }
        };
        done(ty, constraints, nullable)
    }

    fn items(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        hint: &str,
        at: &str,
    ) -> (Ty, Constraints) {
        match items {
            Some(items) => {
                let c = self.convert(
                    SchemaRef::Boxed(items),
                    &format!("{hint}Item"),
                    &format!("{at}/items"),
                    None,
                );
                (wrap_nullable(c.ty, c.nullable), c.constraints)
            }
            None => (Ty::Json, Constraints::default()),
        }
    }

    fn object(&mut self, v: &View<'a>, id: TypeId, at: &str) -> Struct {
        let owner = self.slots[id]
            .as_ref()
            .map(|t| t.name.clone())
            .unwrap_or_default();
        let mut fields = Vec::new();
        let mut names = Namespace::default();
        if let Some(props) = v.properties {
            for (json_name, prop) in props {
                let field_at = pointer_join(&format!("{at}/properties"), json_name);
                let hint = format!("{owner}{}", to_type_name(json_name));
                fields.push(self.field(
                    &mut names,
                    json_name,
                    prop,
                    v.required.contains(json_name),
                    &hint,
                    &field_at,
                ));
            }
        }
        for r in v.required {
            if !v.properties.is_some_and(|p| p.contains_key(r)) {
                self.warn(
                    at,
                    format!(
                        "`{r}` is listed as required but is not a property; it is not modelled"
                    ),
                );
            }
        }
        let additional = match v.additional {
            Some(AdditionalProperties::Any(false)) => Additional::Forbidden,
            Some(AdditionalProperties::Schema(s)) => {
                let c = self.convert(
                    SchemaRef::Plain(s),
                    &format!("{owner}Value"),
                    &format!("{at}/additionalProperties"),
                    None,
                );
                Additional::Typed(wrap_nullable(c.ty, c.nullable), c.constraints)
            }
            _ => Additional::Kept,
        };
        Struct { fields, additional }
    }

    fn field(
        &mut self,
        names: &mut Namespace,
        json_name: &str,
        prop: &'a ReferenceOr<Box<Schema>>,
        required: bool,
        hint: &str,
        at: &str,
    ) -> Field {
        let c = self.convert(SchemaRef::Boxed(prop), hint, at, None);
        let mut docs = c.docs;
        // A property that only refers to a described schema reads that description.
        if docs.description.is_none() && docs.title.is_none() {
            if let (ReferenceOr::Reference { .. }, Ok((target, _))) =
                (prop, self.resolver.boxed_schema(prop, at))
            {
                docs.title = target.schema_data.title.clone();
                docs.description = target.schema_data.description.clone();
            }
        }
        if let ReferenceOr::Item(s) = prop {
            // read/write-only are documented; the field stays in both directions.
            if s.schema_data.read_only {
                docs.constraints
                    .push("read-only: sent by the server".into());
            }
            if s.schema_data.write_only {
                docs.constraints.push("write-only: never returned".into());
            }
        }
        // Any JSON value includes `null`: an optional one tells `null` from absent
        // (`Nullable<Value>`), or a round trip would drop a `null` the server sent.
        let nullable = c.nullable || (!required && c.ty == Ty::Json);
        let presence = match (required, nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        };
        Field {
            name: names.claim(&to_field_name(json_name)),
            json_name: json_name.to_string(),
            ty: c.ty,
            presence,
            boxed: false,
            constraints: c.constraints,
            sensitive: self.is_sensitive(prop, at),
            docs,
        }
    }

    /// Whether a property holds a secret: it, or the schema it refers to (directly or as the
    /// one part of an `allOf`), says `format: password` or `x-sensitive: true`.
    fn is_sensitive(&self, prop: &'a ReferenceOr<Box<Schema>>, at: &str) -> bool {
        let Ok((schema, _)) = self.resolver.boxed_schema(prop, at) else {
            return false;
        };
        self.marks_sensitive(schema, at)
    }

    /// Whether a parameter's schema marks its value sensitive (as [`Self::is_sensitive`] does
    /// for a property); the parameter object's own `x-sensitive: true` is read by the caller.
    pub(super) fn is_sensitive_param(&self, schema: &'a ReferenceOr<Schema>, at: &str) -> bool {
        self.resolver
            .schema(schema, at)
            .is_ok_and(|(schema, _)| self.marks_sensitive(schema, at))
    }

    /// `format: password` or `x-sensitive: true` on the schema, or on the one part of a
    /// single-part `allOf` (how a `$ref` gets a sibling description).
    fn marks_sensitive(&self, schema: &Schema, at: &str) -> bool {
        if marked_sensitive(schema) {
            return true;
        }
        match &schema.schema_kind {
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => self
                .resolver
                .schema(&all_of[0], at)
                .is_ok_and(|(part, _)| marked_sensitive(part)),
            _ => false,
        }
    }

    /// `allOf`: the properties of every part (and of their own `allOf`s), required if any part
    /// requires them.
    fn merge_all_of(&mut self, schema: &'a Schema, id: TypeId, at: &str) -> Struct {
        let owner = self.slots[id]
            .as_ref()
            .map(|t| t.name.clone())
            .unwrap_or_default();
        let mut props: IndexMap<String, (&'a ReferenceOr<Box<Schema>>, String)> = IndexMap::new();
        let mut required: HashSet<String> = HashSet::new();
        let mut additional = Additional::Kept;
        let mut seen: HashSet<String> = HashSet::new();
        let mut stack: Vec<(&'a Schema, String)> = vec![(schema, at.to_string())];
        let mut visits = 0usize;
        while let Some((s, here)) = stack.pop() {
            visits += 1;
            if visits > 10_000 {
                break;
            }
            let v = view(s);
            if let Some(p) = v.properties {
                for (k, prop) in p {
                    props
                        .entry(k.clone())
                        .or_insert((prop, pointer_join(&format!("{here}/properties"), k)));
                }
            }
            required.extend(v.required.iter().cloned());
            if matches!(v.additional, Some(AdditionalProperties::Any(false))) {
                additional = Additional::Forbidden;
            }
            if !v.one_of.is_empty() || !v.any_of.is_empty() {
                self.warn(&here, "`oneOf`/`anyOf` inside `allOf` is not merged; only the shared properties are modelled");
            }
            // Parts are pushed in reverse so that they are read in document order.
            for (i, part) in v.all_of.iter().enumerate().rev() {
                let part_at = format!("{here}/allOf/{i}");
                if let ReferenceOr::Reference { reference } = part {
                    if !seen.insert(reference.clone()) {
                        continue; // recursive allOf: each part once
                    }
                }
                match self.resolver.schema(part, &part_at) {
                    Ok((p, _)) => stack.push((p, part_at)),
                    Err(d) => self.error(d),
                }
            }
        }
        // Read in document order: the stack visits the last part first, so sort by pointer order
        // of discovery is already stable; properties keep first-seen order.
        let mut names = Namespace::default();
        let mut fields = Vec::new();
        for (json_name, (prop, field_at)) in props {
            let hint = format!("{owner}{}", to_type_name(&json_name));
            let req = required.contains(&json_name);
            fields.push(self.field(&mut names, &json_name, prop, req, &hint, &field_at));
        }
        Struct { fields, additional }
    }

    #[allow(clippy::too_many_arguments)]
    fn convert_union(
        &mut self,
        schema: &'a Schema,
        keyword: &str,
        alts: &'a [ReferenceOr<Schema>],
        hint: &str,
        at: &str,
        slot: Option<TypeId>,
        docs: Docs,
    ) -> Converted {
        let mut nullable = schema.schema_data.nullable;
        let mut parts = Vec::new();
        for (i, alt) in alts.iter().enumerate() {
            let alt_at = format!("{at}/{keyword}/{i}");
            if let ReferenceOr::Item(s) = alt {
                let w = view(s);
                let is_null = w.typ.as_deref() == Some("null")
                    || (!w.enumeration.is_empty() && w.enumeration.iter().all(Value::is_null));
                if is_null {
                    nullable = true;
                    continue;
                }
            }
            // The same `$ref` twice is one alternative (as a tagged variant it would claim its
            // tag twice).
            if let ReferenceOr::Reference { reference } = alt {
                let repeated = parts.iter().any(
                    |(_, p, _): &(usize, &ReferenceOr<Schema>, String)| {
                        matches!(p, ReferenceOr::Reference { reference: r } if r == reference)
                    },
                );
                if repeated {
                    continue;
                }
            }
            parts.push((i, alt, alt_at));
        }
        if parts.len() == 1 && slot.is_none() {
            let (_, alt, alt_at) = &parts[0];
            let c = self.convert(SchemaRef::Plain(alt), hint, alt_at, None);
            return Converted {
                nullable: nullable || c.nullable,
                docs,
                ..c
            };
        }
        if parts.is_empty() {
            return Converted {
                ty: Ty::Json,
                nullable: true,
                constraints: Constraints::default(),
                docs,
            };
        }
        let id = slot.unwrap_or_else(|| self.new_slot(hint));
        let owner = self.slots[id]
            .as_ref()
            .map(|t| t.name.clone())
            .unwrap_or_default();
        let discriminator = schema.schema_data.discriminator.as_ref();
        // Without a declared discriminator, a property every alternative requires with a
        // one-value enum of its own tells them apart as well (`type: [ukLocal]` / `[iban]`).
        let implicit = match discriminator {
            None => self.implicit_discriminator(&parts),
            Some(_) => None,
        };
        // `Unknown` holds values with an unlisted discriminator tag.
        let mut names = Namespace::with_reserved(&["Unknown"]);
        let mut variants = Vec::new();
        // A tag selects one variant: one the mapping or an earlier alternative already claimed is
        // not given again.
        let mut claimed_tags: HashSet<String> = HashSet::new();
        // Alternatives whose discriminator property is not a string (its type, where).
        let mut not_strings = Vec::new();
        for (position, (i, alt, alt_at)) in parts.into_iter().enumerate() {
            let base = match alt {
                ReferenceOr::Reference { reference } => reference
                    .rsplit('/')
                    .next()
                    .map(to_type_name)
                    .unwrap_or_else(|| format!("Variant{i}")),
                ReferenceOr::Item(s) => match view(s).typ.as_deref() {
                    Some("string") => "String".into(),
                    Some("integer") => "Integer".into(),
                    Some("number") => "Number".into(),
                    Some("boolean") => "Boolean".into(),
                    Some("array") => "Array".into(),
                    Some("object") => s
                        .schema_data
                        .title
                        .as_deref()
                        .map(to_type_name)
                        .unwrap_or_else(|| "Object".into()),
                    _ => format!("Variant{i}"),
                },
            };
            let name = names.claim(&base);
            let c = self.convert(
                SchemaRef::Plain(alt),
                &format!("{owner}{name}"),
                &alt_at,
                None,
            );
            if c.nullable {
                nullable = true;
            }
            let mut tags = Vec::new();
            if let (Some(d), ReferenceOr::Reference { reference }) = (discriminator, alt) {
                for (value, target) in &d.mapping {
                    if target == reference
                        || target.rsplit('/').next() == reference.rsplit('/').next()
                            && !target.contains('/')
                    {
                        tags.push(value.clone());
                    }
                }
                if tags.is_empty() {
                    if let Some(n) = reference.rsplit('/').next() {
                        tags.push(n.to_string());
                    }
                }
                tags.retain(|t| claimed_tags.insert(t.clone()));
                if let Some(t) = self.non_string_property(alt, &d.property_name, &alt_at) {
                    not_strings.push(format!("`{t}` in `{name}`"));
                }
            }
            if let Some((_, implicit_tags)) = &implicit {
                tags.push(implicit_tags[position].clone());
            }
            variants.push(UnionVariant {
                name,
                ty: c.ty,
                tags,
                boxed: false,
                constraints: c.constraints,
            });
        }
        if let (Some(d), false) = (discriminator, not_strings.is_empty()) {
            // A tag is a string (OpenAPI 3.0, "Discriminator Object"); matching it against
            // numbers or booleans would send every value to `Unknown`.
            self.warn(
                at,
                format!(
                    "discriminator property `{}` is not a string ({}); read leniently: deserialising untagged",
                    d.property_name,
                    not_strings.join(", ")
                ),
            );
        }
        let tagged = (discriminator.is_some() || implicit.is_some())
            && not_strings.is_empty()
            && variants.iter().all(|v| !v.tags.is_empty());
        if discriminator.is_some() && not_strings.is_empty() && !tagged {
            self.warn(
                at,
                "discriminator given but some alternatives are inline or have no tag of their own; deserialising untagged",
            );
        }
        let union = Union {
            variants,
            discriminator: if tagged {
                discriminator
                    .map(|d| d.property_name.clone())
                    .or(implicit.map(|(property, _)| property))
            } else {
                None
            },
        };
        self.fill(id, at, docs.clone(), TypeKind::Union(union));
        Converted {
            ty: Ty::Named(id),
            nullable,
            constraints: Constraints::default(),
            docs,
        }
    }

    /// The property that tells `parts` apart when no discriminator is declared, with each
    /// part's tag: every part is a reference to an object schema that allows the property one
    /// string value only (`enum: [ukLocal]`, or 3.1's `const`), each a different one, and
    /// requires it or has that value as its default. Without this, closed alternatives that differ only in that value decode as the first
    /// that fits and lose what the others declare.
    fn implicit_discriminator(
        &self,
        parts: &[(usize, &'a ReferenceOr<Schema>, String)],
    ) -> Option<(String, Vec<String>)> {
        if parts.len() < 2 {
            return None;
        }
        // Each part's required properties with a one-value string enum, in document order.
        let mut singles: Vec<Vec<(&str, String)>> = Vec::new();
        for (_, alt, at) in parts {
            let ReferenceOr::Reference { .. } = alt else {
                return None;
            };
            let (object, _) = self.resolver.schema(alt, at).ok()?;
            let v = view(object);
            let mut found = Vec::new();
            for (name, property) in v.properties? {
                let Ok((property, _)) = self.resolver.boxed_schema(property, at) else {
                    continue;
                };
                let pv = view(property);
                let (Some("string"), [Value::String(value)]) =
                    (pv.typ.as_deref(), pv.enumeration.as_slice())
                else {
                    continue;
                };
                // Present in every value, or its one value is the default (Adyen's `sgLocal`);
                // a value without it is kept whole as `Unknown`.
                let required = v.required.iter().any(|r| r == name);
                let defaulted =
                    property.schema_data.default.as_ref() == Some(&Value::String(value.clone()));
                if required || defaulted {
                    found.push((name.as_str(), value.clone()));
                }
            }
            singles.push(found);
        }
        let first = singles.first()?;
        first.iter().find_map(|(property, _)| {
            let tags: Vec<String> = singles
                .iter()
                .map(|found| {
                    found
                        .iter()
                        .find(|(name, _)| name == property)
                        .map(|(_, value)| value.clone())
                })
                .collect::<Option<_>>()?;
            let distinct: HashSet<&String> = tags.iter().collect();
            (distinct.len() == tags.len()).then(|| (property.to_string(), tags))
        })
    }

    /// The type of `property` in the schema `alt` refers to, when it is given and is not
    /// `string` (a discriminator property must be one).
    fn non_string_property(
        &self,
        alt: &'a ReferenceOr<Schema>,
        property: &str,
        at: &str,
    ) -> Option<String> {
        let (schema, _) = self.resolver.schema(alt, at).ok()?;
        let v = view(schema);
        let ReferenceOr::Item(prop) = v.properties?.get(property)? else {
            return None;
        };
        view(prop).typ.filter(|t| t != "string")
    }

    /// Converts a schema used by an operation (parameter, body, response).
    pub(super) fn convert_plain(
        &mut self,
        s: &'a ReferenceOr<Schema>,
        hint: &str,
        at: &str,
    ) -> Converted {
        self.convert(SchemaRef::Plain(s), hint, at, None)
    }

    /// The type definition with this id.
    pub(super) fn type_def(&self, id: TypeId) -> Option<&TypeDef> {
        self.slots.get(id).and_then(Option::as_ref)
    }
}

fn json_any() -> Converted {
    Converted {
        ty: Ty::Json,
        nullable: true,
        constraints: Constraints::default(),
        docs: Docs::default(),
    }
}

/// `Option<T>` for nullable items and map values.
pub(super) fn wrap_nullable(ty: Ty, nullable: bool) -> Ty {
    if nullable && ty != Ty::Json {
        Ty::Option(Box::new(ty))
    } else {
        ty
    }
}

fn str_enum<'s>(values: impl Iterator<Item = &'s str>) -> StrEnum {
    let mut names = Namespace::default();
    let mut seen = HashSet::new();
    let mut variants = Vec::new();
    for v in values {
        if seen.insert(v.to_string()) {
            variants.push((names.claim(&to_type_name(v)), v.to_string()));
        }
    }
    let other = names.claim("Other");
    StrEnum { variants, other }
}

fn int_enum(values: impl Iterator<Item = i64>) -> IntEnum {
    let mut names = Namespace::default();
    let mut seen = HashSet::new();
    let mut variants = Vec::new();
    for v in values {
        if seen.insert(v) {
            let base = if v < 0 {
                format!("Minus{}", v.unsigned_abs())
            } else {
                format!("Value{v}")
            };
            variants.push((names.claim(&base), v));
        }
    }
    let other = names.claim("Other");
    IntEnum { variants, other }
}

/// `format: password` or `x-sensitive: true` on this schema itself.
fn marked_sensitive(s: &Schema) -> bool {
    let password = matches!(
        &s.schema_kind,
        SchemaKind::Type(Type::String(t)) if format_name(&t.format).as_deref() == Some("password")
    ) || matches!(&s.schema_kind, SchemaKind::Any(a) if a.format.as_deref() == Some("password"));
    password || s.schema_data.extensions.get("x-sensitive") == Some(&Value::Bool(true))
}
