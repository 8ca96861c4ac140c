//! Stage 3, model: the intermediate model of types and operations, with final Rust names.
//!
//! Plain data and no tokens: the emitters in [`crate::emit`] only render it, and its `Debug`
//! output is readable enough to snapshot. [`build`] turns a loaded document into an [`Api`].

pub mod analysis;
mod dedupe;
mod inherit;
mod multipart;
mod names;
mod operations;
pub mod reach;
mod schema;
mod webhooks;

pub use names::{to_field_name, to_type_name};
pub use webhooks::{Webhook, Webhooks};

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diag::{Diagnostics, Severity};

/// Index of a [`TypeDef`] in [`Api::types`].
pub type TypeId = usize;

/// Everything the emitters need for one spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// Named base URLs.
    pub servers: Vec<Server>,
    /// Security schemes, in document order.
    pub security: Vec<SecurityScheme>,
    /// Every named type, models first in a stable order.
    pub types: Vec<TypeDef>,
    /// Every operation, sorted by path then method.
    pub operations: Vec<Operation>,
    /// The webhooks the provider sends (OpenAPI 3.1 `webhooks`), in document order.
    pub webhooks: Webhooks,
}

/// What `ty` is once aliases are looked through (`ty` itself when it is no alias).
pub fn alias_target<'a>(types: &'a [TypeDef], ty: &'a Ty) -> &'a Ty {
    let mut ty = ty;
    // Bounded, so that a cycle of aliases (which the model does not build) cannot hang.
    for _ in 0..=types.len() {
        match ty {
            Ty::Named(id) => match types.get(*id).map(|t| &t.kind) {
                Some(TypeKind::Alias(inner)) => ty = inner,
                _ => break,
            },
            _ => break,
        }
    }
    ty
}

/// One entry of `servers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// Enum variant name (`Test`, `Production`, `Server1`).
    pub variant: String,
    /// The URL with server variables replaced by their defaults.
    pub url: String,
    /// Its description.
    pub description: Option<String>,
}

/// How a security scheme is satisfied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    /// HTTP Basic.
    Basic,
    /// HTTP Bearer.
    Bearer,
    /// A static key in a header, query parameter or cookie.
    ApiKey {
        /// `header`, `query` or `cookie`.
        location: String,
        /// The header or parameter name.
        name: String,
    },
    /// Computed per request by a signer (`x-signer`): the name of the ready signer.
    Signed {
        /// The signer's identifier, such as `monri-wp3-v2.1` or `rapyd`.
        signer: String,
        /// The header it fills.
        name: String,
    },
    /// OAuth2 / OpenID Connect: a bearer token the caller obtains.
    OAuth,
}

/// One security scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its key in `components.securitySchemes`.
    pub key: String,
    /// What satisfies it.
    pub kind: SecurityKind,
    /// Its description.
    pub description: Option<String>,
}

/// Documentation carried onto a Rust item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    /// Title or summary line.
    pub title: Option<String>,
    /// Description paragraphs.
    pub description: Option<String>,
    /// Default value, as JSON.
    pub default: Option<Value>,
    /// Example value, as JSON.
    pub example: Option<Value>,
    /// Human-readable constraints (`1–50 characters`).
    pub constraints: Vec<String>,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
}

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust type name, unique within the spec.
    pub name: String,
    /// JSON pointer of the schema it came from.
    pub origin: String,
    /// Its docs.
    pub docs: Docs,
    /// What it is.
    pub kind: TypeKind,
    /// Whether every required part has a `Default` (so the type can derive it).
    pub has_default: bool,
    /// Whether it has constraints of its own or in what it contains (`Validate` is emitted).
    pub validates: bool,
    /// Which directions it travels in.
    pub usage: Usage,
}

/// Where a type is used: in what the client sends, in what it receives, or both. A type no
/// operation reaches counts as both (it is there for callers to use as they like).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Reachable from a parameter or request body.
    pub request: bool,
    /// Reachable from a response body.
    pub response: bool,
}

/// The shape of a [`TypeDef`].
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with named properties.
    Struct(Struct),
    /// A string enum that keeps unknown values.
    StrEnum(StrEnum),
    /// An integer enum that keeps unknown values.
    IntEnum(IntEnum),
    /// `oneOf`/`anyOf`.
    Union(Union),
    /// A named alias of another type (`type X = Vec<Y>`).
    Alias(Ty),
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Properties in document order.
    pub fields: Vec<Field>,
    /// What happens to properties the spec does not declare.
    pub additional: Additional,
}

/// Undeclared properties of an object.
#[derive(Debug, Clone, PartialEq)]
pub enum Additional {
    /// `additionalProperties: false`: none are allowed, nothing is kept.
    Forbidden,
    /// Not said, or `true`: kept as JSON values in an `extra` map so drift stays visible.
    Kept,
    /// `additionalProperties: {schema}`: kept, typed, each value checked against the schema's
    /// constraints.
    Typed(Ty, Constraints),
}

/// Whether a property may be absent and whether it may be `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always present, never null: `T`.
    Required,
    /// Always present, may be null: `Option<T>`, serialised as `null`.
    RequiredNullable,
    /// May be absent, never null: `Option<T>`, skipped when `None`.
    Optional,
    /// May be absent or null, and the two differ: `Nullable<T>`.
    OptionalNullable,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust field name (escaped).
    pub name: String,
    /// Name on the wire.
    pub json_name: String,
    /// Its type (before `Option`/`Nullable` wrapping).
    pub ty: Ty,
    /// Absent/null handling.
    pub presence: Presence,
    /// Whether the field must be boxed to break a recursive type.
    pub boxed: bool,
    /// Validation rules.
    pub constraints: Constraints,
    /// Whether its value is a secret (`format: password` or `x-sensitive: true`): redacted in
    /// the `Debug` output of the type that holds it.
    pub sensitive: bool,
    /// Its docs.
    pub docs: Docs,
}

/// A string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct StrEnum {
    /// `(variant name, wire value)` in document order.
    pub variants: Vec<(String, String)>,
    /// The name of the variant that holds unknown values.
    pub other: String,
}

/// An integer enum.
#[derive(Debug, Clone, PartialEq)]
pub struct IntEnum {
    /// `(variant name, wire value)` in document order.
    pub variants: Vec<(String, i64)>,
    /// The name of the variant that holds unknown values.
    pub other: String,
}

/// A `oneOf`/`anyOf`.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The alternatives.
    pub variants: Vec<UnionVariant>,
    /// The discriminator property, when the spec names one.
    pub discriminator: Option<String>,
}

/// One alternative of a [`Union`].
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// Variant name.
    pub name: String,
    /// Its payload.
    pub ty: Ty,
    /// Discriminator values that select it.
    pub tags: Vec<String>,
    /// Whether the payload must be boxed (recursion).
    pub boxed: bool,
    /// The alternative's own validation rules (`oneOf: [{type: integer, minimum: 0}, …]`): a
    /// value must satisfy the alternative it is in.
    pub constraints: Constraints,
}

/// A Rust type expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ty {
    /// A named type of this spec.
    Named(TypeId),
    /// A primitive.
    Prim(Prim),
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// `BTreeMap<String, T>`.
    Map(Box<Ty>),
    /// Any JSON value.
    Json,
    /// `Option<T>` inside a container (nullable items or map values).
    Option(Box<Ty>),
}

/// Scalars and the formats with a dedicated Rust type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Prim {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `date-time`: the runtime's lenient `Timestamp`.
    DateTime,
    /// `date`: `chrono::NaiveDate`.
    Date,
    /// `uuid`: `uuid::Uuid`.
    Uuid,
    /// `ipv4`.
    Ipv4,
    /// `ipv6`.
    Ipv6,
    /// `binary`: raw bytes.
    Binary,
}

/// Validation rules of one value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// Minimum length in characters.
    pub min_length: Option<usize>,
    /// Maximum length in characters.
    pub max_length: Option<usize>,
    /// An ECMA-262 regex that the `regex` crate or the ECMA-262 engine `regress` compiles.
    pub pattern: Option<String>,
    /// A `format` that is checked on a string value (`email`, `uri`, …).
    pub format: Option<StringFormat>,
    /// Lower bound and whether it is exclusive.
    pub minimum: Option<(f64, bool)>,
    /// Upper bound and whether it is exclusive.
    pub maximum: Option<(f64, bool)>,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
    /// Fewest items.
    pub min_items: Option<usize>,
    /// Most items.
    pub max_items: Option<usize>,
    /// Items must differ.
    pub unique_items: bool,
    /// Rules for each item or map value.
    pub items: Option<Box<Constraints>>,
}

/// The string `format`s the generated client checks before sending (the runtime's `Format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StringFormat {
    /// `email`.
    Email,
    /// `uri`.
    Uri,
    /// `uuid`.
    Uuid,
    /// `date`.
    Date,
    /// `date-time`.
    DateTime,
    /// `ipv4`.
    Ipv4,
    /// `ipv6`.
    Ipv6,
    /// `byte` (base64).
    Byte,
}

impl StringFormat {
    /// The format of this `format` name, if it is one that is checked.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "email" => StringFormat::Email,
            "uri" => StringFormat::Uri,
            "uuid" => StringFormat::Uuid,
            "date" => StringFormat::Date,
            "date-time" => StringFormat::DateTime,
            "ipv4" => StringFormat::Ipv4,
            "ipv6" => StringFormat::Ipv6,
            "byte" => StringFormat::Byte,
            _ => return None,
        })
    }

    /// The `format` name as the spec writes it.
    pub fn name(self) -> &'static str {
        match self {
            StringFormat::Email => "email",
            StringFormat::Uri => "uri",
            StringFormat::Uuid => "uuid",
            StringFormat::Date => "date",
            StringFormat::DateTime => "date-time",
            StringFormat::Ipv4 => "ipv4",
            StringFormat::Ipv6 => "ipv6",
            StringFormat::Byte => "byte",
        }
    }

    /// Whether a value of this format stays a `String` in Rust (`email`, `uri`, `byte`; the
    /// others have types of their own: `Uuid`, `NaiveDate`, `Timestamp`, `Ipv4Addr`, `Ipv6Addr`).
    pub fn keeps_string(self) -> bool {
        matches!(
            self,
            StringFormat::Email | StringFormat::Uri | StringFormat::Byte
        )
    }

    /// The runtime's `Format` variant.
    pub fn variant(self) -> &'static str {
        match self {
            StringFormat::Email => "Email",
            StringFormat::Uri => "Uri",
            StringFormat::Uuid => "Uuid",
            StringFormat::Date => "Date",
            StringFormat::DateTime => "DateTime",
            StringFormat::Ipv4 => "Ipv4",
            StringFormat::Ipv6 => "Ipv6",
            StringFormat::Byte => "Byte",
        }
    }
}

impl Constraints {
    /// Whether there is nothing to check.
    pub fn is_empty(&self) -> bool {
        self == &Constraints::default()
    }
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Rust method name (`create_customer`).
    pub method_name: String,
    /// Prefix for the operation's own types (`CreateCustomer`).
    pub type_prefix: String,
    /// The `operationId`, or the one derived from method and path.
    pub operation_id: String,
    /// HTTP method, upper case.
    pub http_method: String,
    /// The path template as written.
    pub path: String,
    /// The path split into literals and parameters.
    pub segments: Vec<PathSegment>,
    /// The module the operation is emitted into (from its first tag).
    pub module: String,
    /// The module names of all its tags, in the spec's order (the first is `module`); empty
    /// when it has none. Its Cargo feature is any of theirs.
    pub tag_modules: Vec<String>,
    /// Its docs.
    pub docs: Docs,
    /// Parameters: path ones in path order, then the rest in document order.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<Body>,
    /// Documented responses, successes first.
    pub responses: Vec<ResponseCase>,
    /// Name of the header carrying an idempotency key, if the operation has one.
    pub idempotency_header: Option<String>,
    /// Limit/offset pagination, when detected.
    pub pagination: Option<Pagination>,
    /// The `Accept` header to send when the responses are not all JSON (`application/json,
    /// text/html`); `None` keeps the client's default (`application/json`).
    pub accept: Option<String>,
    /// Security scheme keys that apply (any of the alternatives, flattened).
    pub security: Vec<String>,
}

impl Operation {
    /// Every type the caller sends: parameters, the request body and each value part of a
    /// multipart body (whose [`Body::ty`] is only a placeholder).
    pub fn sent_types(&self) -> Vec<&Ty> {
        let mut out: Vec<&Ty> = self.params.iter().map(|p| &p.ty).collect();
        if let Some(body) = &self.body {
            out.push(&body.ty);
            out.extend(body.parts.iter().filter_map(|p| match &p.kind {
                PartKind::Value(ty) => Some(ty),
                PartKind::File | PartKind::Files => None,
            }));
        }
        out
    }

    /// Every type the caller receives: each JSON response body and, for a paginated operation,
    /// the page's item and the fields the pager reads.
    pub fn received_types(&self) -> Vec<&Ty> {
        let mut out: Vec<&Ty> = self
            .responses
            .iter()
            .filter_map(|r| match &r.body {
                ResponseBody::Json(ty) => Some(ty),
                ResponseBody::Empty | ResponseBody::Text | ResponseBody::Bytes => None,
            })
            .collect();
        if let Some(page) = &self.pagination {
            out.push(&page.item);
            out.extend(page.items_field.iter().map(|f| &f.ty));
            if let PageEndSignal::HasMore(f) | PageEndSignal::Total(f) = &page.end {
                out.push(&f.ty);
            }
        }
        out
    }

    /// Calls `f` on every type the operation holds, sent and received, so that renumbering types
    /// ([`dedupe`]) misses none: [`Operation::sent_types`] and [`Operation::received_types`]
    /// in one mutable pass (a test keeps the three in step).
    pub(crate) fn for_each_type_mut(&mut self, f: &mut dyn FnMut(&mut Ty)) {
        self.params.iter_mut().for_each(|p| f(&mut p.ty));
        if let Some(body) = &mut self.body {
            f(&mut body.ty);
            for part in &mut body.parts {
                if let PartKind::Value(ty) = &mut part.kind {
                    f(ty);
                }
            }
        }
        for r in &mut self.responses {
            if let ResponseBody::Json(ty) = &mut r.body {
                f(ty);
            }
        }
        if let Some(page) = &mut self.pagination {
            f(&mut page.item);
            if let Some(field) = &mut page.items_field {
                f(&mut field.ty);
            }
            if let PageEndSignal::HasMore(field) | PageEndSignal::Total(field) = &mut page.end {
                f(&mut field.ty);
            }
        }
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Literal text, sent as written.
    Literal(String),
    /// The parameter at this index in [`Operation::params`].
    Param(usize),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In a cookie.
    Cookie,
}

/// An operation parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Rust name.
    pub name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: Ty,
    /// Whether the caller must give it.
    pub required: bool,
    /// The spec's default, sent when the caller gives none.
    pub default: Option<Value>,
    /// Validation rules.
    pub constraints: Constraints,
    /// Its docs.
    pub docs: Docs,
    /// For a query array sent as one value (`explode: false`: `form` joins with `,`,
    /// `spaceDelimited` with a space, `pipeDelimited` with `|`), the separator; `None` sends
    /// `name=v` once per value (`form`, `explode: true`, the default).
    pub list_separator: Option<&'static str>,
    /// Marked sensitive (`format: password`, or `x-sensitive: true` on the parameter or its
    /// schema): its value prints as `***` in the `…Params` struct's `Debug`.
    pub sensitive: bool,
}

/// The encoding of a request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyMedia {
    /// `application/json` (and `+json`).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data` with an object schema: one part per property, as
    /// [`Body::parts`] lists them.
    Multipart,
    /// Anything else, sent as bytes with this content type.
    Bytes(String),
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// How it is encoded.
    pub media: BodyMedia,
    /// Its type.
    pub ty: Ty,
    /// Whether it must be sent.
    pub required: bool,
    /// Its docs.
    pub docs: Docs,
    /// The parts of a [`BodyMedia::Multipart`] body, in the schema's order (empty otherwise).
    pub parts: Vec<FormPart>,
}

/// One property of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq)]
pub struct FormPart {
    /// Rust field name.
    pub name: String,
    /// The part's name on the wire.
    pub wire_name: String,
    /// A file, several files, or a value.
    pub kind: PartKind,
    /// Whether the schema requires it.
    pub required: bool,
    /// `encoding.<name>.contentType`, when the spec gives one.
    pub content_type: Option<String>,
    /// The constraints of a [`PartKind::Value`], checked before sending.
    pub constraints: Constraints,
    /// Its docs.
    pub docs: Docs,
}

/// What a multipart part carries.
#[derive(Debug, Clone, PartialEq)]
pub enum PartKind {
    /// `type: string, format: binary`: a file.
    File,
    /// An array of binary strings: several files under one name.
    Files,
    /// Anything else: a value of this type (strings sent as they are, others as JSON).
    Value(Ty),
}

/// Which statuses a response case covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// Exactly this code.
    Code(u16),
    /// `2XX` and friends: the leading digit.
    Range(u16),
    /// `default`.
    Default,
}

/// How a response body is read.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// No body (or one the spec does not describe).
    Empty,
    /// JSON into this type.
    Json(Ty),
    /// Text.
    Text,
    /// Raw bytes.
    Bytes,
}

/// One documented response.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseCase {
    /// Which statuses.
    pub status: StatusMatch,
    /// Whether it is a success (2xx, or 1xx/3xx documented as such).
    pub success: bool,
    /// Variant name in the operation's response or error enum.
    pub variant: String,
    /// Its body.
    pub body: ResponseBody,
    /// Its description.
    pub description: String,
    /// The headers it declares, in the spec's order.
    pub headers: Vec<ResponseHeader>,
}

/// A header a documented response declares.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// The header name as on the wire.
    pub wire_name: String,
    /// Its Rust field name.
    pub name: String,
    /// Its value's type: [`Prim::String`], [`Prim::I64`], [`Prim::F64`] or [`Prim::Bool`].
    pub ty: Prim,
    /// Its description.
    pub description: Option<String>,
}

/// Limit/offset pagination over a list operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Index of the `limit` parameter.
    pub limit: usize,
    /// Index of the `offset` parameter.
    pub offset: usize,
    /// The success body's field holding the item array; `None` when the body is the array.
    pub items_field: Option<PageField>,
    /// How the array itself is held: [`Presence::Required`] for a plain array, another presence
    /// when it may be `null` or absent (an empty page).
    pub items_presence: Presence,
    /// The item type.
    pub item: Ty,
    /// How the response says that a page is the last.
    pub end: PageEndSignal,
}

/// A field of a list operation's success body that the pager reads.
#[derive(Debug, Clone, PartialEq)]
pub struct PageField {
    /// Rust field name.
    pub name: String,
    /// Name on the wire.
    pub json_name: String,
    /// Its type (before `Option`/`Nullable` wrapping).
    pub ty: Ty,
    /// Absent/null handling.
    pub presence: Presence,
}

/// The end signal of a list operation's response, which decides the page after which its
/// stream ends.
#[derive(Debug, Clone, PartialEq)]
pub enum PageEndSignal {
    /// None: the stream ends on an empty page (a short page does not end it, since servers may
    /// cap a page below the `limit` asked for).
    Empty,
    /// A boolean field (`has_more`, `hasMore`, `has_next`): `false` ends the stream.
    HasMore(PageField),
    /// An integer field with the total number of items (`total_count`, `total`, `totalCount`,
    /// `total_items`): the stream ends once the offset reaches it.
    Total(PageField),
}

/// Builds the model of a loaded document, adding what it finds to `diagnostics`: warnings (the
/// model is still built) and errors (then there is no model). Generation goes through
/// [`crate::Generator`], which reports both.
pub fn build_into(api: &OpenAPI, diagnostics: &mut Diagnostics) -> Option<Api> {
    let mut ctx = schema::Ctx::new(api);
    ctx.declare_components();
    ctx.define_components();
    let mut operations = operations::build_operations(&mut ctx);
    let servers = operations::servers(api);
    let security = operations::security_schemes(&mut ctx);
    let aliases = ctx.alias_constraints().clone();
    let (mut types, found) = ctx.finish();
    inherit::alias_constraints(&aliases, &mut types, &mut operations);
    let failed = found.iter().any(|d| d.severity == Severity::Error);
    diagnostics.extend(found);
    if failed {
        return None;
    }
    dedupe::merge_duplicates(&mut types, &mut operations);
    let mut webhook_warnings = Vec::new();
    let webhooks = webhooks::build(api, &types, &mut webhook_warnings);
    diagnostics.extend(webhook_warnings);
    diagnostics.extend(analysis::analyse(&mut types));
    let payloads: Vec<&Ty> = webhooks.events.iter().map(|w| &w.ty).collect();
    analysis::usage(&mut types, &operations, payloads);
    analysis::formats_only_where_sent(&mut types, &operations);
    Some(Api {
        title: api.info.title.clone(),
        version: api.info.version.clone(),
        description: api.info.description.clone(),
        servers,
        security,
        types,
        operations,
        webhooks,
    })
}

/// The model alone, for callers that only compare models: warnings are dropped; on errors, every
/// diagnostic met is returned.
pub fn build(api: &OpenAPI) -> Result<Api, Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    build_into(api, &mut diagnostics).ok_or(diagnostics)
}

#[cfg(test)]
mod tests {
    /// `for_each_type_mut` (which renumbering uses) visits exactly what `sent_types` and
    /// `received_types` (which reach and usage use) list, in the same order: parameters, body,
    /// multipart value parts, JSON responses, the page item and the pager's fields.
    #[test]
    fn the_mutable_and_shared_type_lists_of_an_operation_agree() {
        let spec = r#"
openapi: 3.0.3
info: {title: Lists, version: "1"}
paths:
  /files:
    post:
      operationId: upload
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
        - {name: offset, in: query, schema: {type: integer}}
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: {type: string, format: binary}
                purpose: {type: string, enum: [a, b]}
                link: {type: object, properties: {create: {type: boolean}}}
      responses:
        "200":
          description: A page.
          content:
            application/json:
              schema:
                type: object
                required: [data, has_more]
                properties:
                  data: {type: array, items: {type: object, properties: {id: {type: string}}}}
                  has_more: {type: boolean}
        "400":
          description: Refused.
          content:
            application/json:
              schema: {type: object, properties: {message: {type: string}}}
"#;
        let doc = crate::load::load_str(spec, std::path::Path::new("lists.yaml"))
            .unwrap_or_else(|e| panic!("{e}"));
        let api = super::build(&doc.api).unwrap_or_else(|e| panic!("{e:?}"));
        let mut op = api.operations[0].clone();
        assert!(op.pagination.is_some(), "the fixture pages");
        let listed: Vec<super::Ty> = op
            .sent_types()
            .into_iter()
            .chain(op.received_types())
            .cloned()
            .collect();
        let mut visited = Vec::new();
        op.for_each_type_mut(&mut |ty| visited.push(ty.clone()));
        assert_eq!(visited, listed);
        // Two parameters, the body's placeholder, two value parts, two responses, the page item,
        // the items field and `has_more`.
        assert_eq!(visited.len(), 10);
    }
}
