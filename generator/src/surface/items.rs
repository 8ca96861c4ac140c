//! The surface as a flat list of public items, each with its path inside the spec's module
//! (`Client::create_customer`, `types::Customer::email`, `CreateCustomerError::NotFound`), its
//! kind, its type or signature text, and the JSON pointer it comes from.

use super::types::{FieldSurface, TypeShape, VariantSurface};
use super::Surface;

/// What kind of public item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemKind {
    /// `pub struct`.
    Struct,
    /// `pub enum`.
    Enum,
    /// `pub type`.
    TypeAlias,
    /// `pub static`.
    Static,
    /// A `pub` field of a struct.
    Field,
    /// An enum variant.
    Variant,
    /// A `pub fn` in an inherent `impl`.
    Method,
}

/// One public item.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Item {
    /// Its path inside the spec's module, as callers name it (operation items are re-exported
    /// at the module's root, types live in `types`).
    pub path: String,
    /// What it is.
    pub kind: ItemKind,
    /// The full Rust text of its type (fields, variant payloads, aliases, statics) or signature
    /// after `pub` (methods); empty for structs, enums and unit variants.
    pub rust: String,
    /// JSON pointer of the node it comes from (or its nearest ancestor the model keeps); empty
    /// for items every spec gets (`Client`).
    pub origin: String,
}

impl Item {
    fn new(path: String, kind: ItemKind, rust: impl Into<String>, origin: &str) -> Self {
        Item {
            path,
            kind,
            rust: rust.into(),
            origin: origin.to_string(),
        }
    }
}

impl Surface<'_> {
    /// Every public item of the spec's module, in a stable order.
    pub fn items(&self) -> Vec<Item> {
        let mut out = Vec::new();
        self.client_items(&mut out);
        for (op_index, op) in self.operations.iter().enumerate() {
            let origin = op.origin.as_str();
            out.push(Item::new(
                format!("Client::{}", op.method),
                ItemKind::Method,
                &op.signature,
                origin,
            ));
            if let Some((name, signature)) = &op.stream {
                out.push(Item::new(
                    format!("Client::{name}"),
                    ItemKind::Method,
                    signature,
                    origin,
                ));
            }
            if let Some(name) = &op.params_struct {
                out.push(Item::new(name.clone(), ItemKind::Struct, "", origin));
                for p in op.params.iter().filter(|p| p.held != super::Held::Argument) {
                    out.push(Item::new(
                        format!("{name}::{}", p.name),
                        ItemKind::Field,
                        &p.ty.full,
                        origin,
                    ));
                }
            }
            if let Some(name) = &op.params_struct {
                method_items(&mut out, name, &op.params_methods, origin);
            }
            if let Some(name) = &op.form_struct {
                method_items(&mut out, name, &op.form_methods, origin);
                out.push(Item::new(name.clone(), ItemKind::Struct, "", origin));
                for (field, ty) in &op.form_fields {
                    out.push(Item::new(
                        format!("{name}::{field}"),
                        ItemKind::Field,
                        &ty.full,
                        origin,
                    ));
                }
            }
            if let Some(name) = &op.response_enum {
                enum_items(&mut out, name, &op.response_variants, origin);
            }
            enum_items(&mut out, &op.error_enum, &op.error_variants, origin);
            for h in &op.response_headers {
                out.push(Item::new(h.name.clone(), ItemKind::Struct, "", origin));
                out.push(Item::new(
                    format!("{}::from_headers", h.name),
                    ItemKind::Method,
                    super::FROM_HEADERS,
                    origin,
                ));
                let case = &self.api.operations[op_index].responses[h.response];
                for (header, ty) in case.headers.iter().zip(&h.fields) {
                    out.push(Item::new(
                        format!("{}::{}", h.name, header.name),
                        ItemKind::Field,
                        &ty.full,
                        origin,
                    ));
                }
            }
        }
        for t in &self.types {
            type_items(&mut out, t);
        }
        self.webhook_items(&mut out);
        for p in &self.patterns.statics {
            out.push(Item::new(
                format!("types::{}", p.name),
                ItemKind::Static,
                p.engine.static_type(),
                &p.origin,
            ));
        }
        out.sort();
        out
    }

    /// `webhooks::Event` with a variant per webhook and its methods, and `webhooks::ParseError`.
    fn webhook_items(&self, out: &mut Vec<Item>) {
        let hooks = &self.webhooks;
        if hooks.events.is_empty() {
            return;
        }
        let event = format!("webhooks::{}", super::EVENT_ENUM);
        out.push(Item::new(event.clone(), ItemKind::Enum, "", "/webhooks"));
        for e in &hooks.events {
            let origin = crate::diag::pointer_join("/webhooks", &e.name);
            out.push(Item::new(
                format!("{event}::{}", e.variant),
                ItemKind::Variant,
                &e.payload.full,
                &origin,
            ));
        }
        for (name, signature, needs_discriminator) in super::EVENT_METHODS {
            if !needs_discriminator || hooks.from_body.is_some() {
                out.push(Item::new(
                    format!("{event}::{name}"),
                    ItemKind::Method,
                    signature,
                    "/webhooks",
                ));
            }
        }
        let error = format!("webhooks::{}", super::PARSE_ERROR);
        out.push(Item::new(error.clone(), ItemKind::Enum, "", "/webhooks"));
        for (variant, payload) in super::PARSE_ERROR_VARIANTS {
            out.push(Item::new(
                format!("{error}::{variant}"),
                ItemKind::Variant,
                payload,
                "/webhooks",
            ));
        }
    }

    /// `Client`, its builder and transport, and `Server` when the spec lists servers.
    fn client_items(&self, out: &mut Vec<Item>) {
        out.push(Item::new("Client".into(), ItemKind::Struct, "", ""));
        out.push(Item::new(
            "Client::builder".into(),
            ItemKind::Method,
            "fn builder(base_url: impl ::std::convert::Into<::std::string::String>) -> crate::runtime::ClientBuilder<Self>",
            "",
        ));
        out.push(Item::new(
            "Client::transport".into(),
            ItemKind::Method,
            "fn transport(&self) -> &crate::runtime::Transport",
            "",
        ));
        if self.api.servers.is_empty() {
            return;
        }
        out.push(Item::new("Server".into(), ItemKind::Enum, "", "/servers"));
        out.push(Item::new(
            "Server::url".into(),
            ItemKind::Method,
            "fn url(self) -> &'static str",
            "/servers",
        ));
        for (i, s) in self.api.servers.iter().enumerate() {
            out.push(Item::new(
                format!("Server::{}", s.variant),
                ItemKind::Variant,
                "",
                &format!("/servers/{i}"),
            ));
        }
    }
}

fn enum_items(out: &mut Vec<Item>, name: &str, variants: &[VariantSurface], origin: &str) {
    out.push(Item::new(name.to_string(), ItemKind::Enum, "", origin));
    for v in variants {
        let payload = v.payload.as_ref().map(|p| p.full.as_str()).unwrap_or("");
        out.push(Item::new(
            format!("{name}::{}", v.name),
            ItemKind::Variant,
            payload,
            origin,
        ));
    }
}

fn field_item(out: &mut Vec<Item>, owner: &str, f: &FieldSurface) {
    out.push(Item::new(
        format!("{owner}::{}", f.name),
        ItemKind::Field,
        &f.ty.full,
        &f.origin,
    ));
}

fn type_items(out: &mut Vec<Item>, t: &super::TypeSurface) {
    let path = format!("types::{}", t.name);
    let origin = t.origin.as_str();
    match &t.shape {
        TypeShape::Struct { fields, extra } => {
            out.push(Item::new(path.clone(), ItemKind::Struct, "", origin));
            for f in fields.iter().chain(extra) {
                field_item(out, &path, f);
            }
            method_items(out, &path, &t.methods, origin);
        }
        TypeShape::StrEnum { variants } => {
            enum_items(out, &path, variants, origin);
            out.push(Item::new(
                format!("{path}::as_str"),
                ItemKind::Method,
                "fn as_str(&self) -> &str",
                origin,
            ));
        }
        TypeShape::IntEnum { variants } => {
            enum_items(out, &path, variants, origin);
            out.push(Item::new(
                format!("{path}::value"),
                ItemKind::Method,
                "fn value(self) -> i64",
                origin,
            ));
        }
        TypeShape::Union { variants } => enum_items(out, &path, variants, origin),
        TypeShape::Alias(ty) => out.push(Item::new(path, ItemKind::TypeAlias, &ty.full, origin)),
    }
}

/// A struct's constructor and setters.
pub(super) fn method_items(
    out: &mut Vec<Item>,
    path: &str,
    methods: &[super::StructMethod],
    origin: &str,
) {
    for m in methods {
        out.push(Item::new(
            format!("{path}::{}", m.name),
            ItemKind::Method,
            &m.signature,
            origin,
        ));
    }
}
