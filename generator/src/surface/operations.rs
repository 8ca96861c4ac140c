//! The surface of one operation: its `Client` method (and `…_stream` method), its `…Params`
//! struct and how each parameter is held there, its `…Response` and `…Error` enums, and the
//! method signatures as the emitter writes them.

use crate::diag::pointer_join;
use crate::model::{
    BodyMedia, Operation, Param, ParamLocation, PartKind, Prim, ResponseBody, ResponseCase, Ty,
    TypeKind,
};

use super::messages::{message_path, MessageStep};
use super::rust_type::{prim, RustType, OPTION, STRING};
use super::types::{struct_methods, FieldRole, StructMethod, VariantSurface};
use super::Surface;

/// One operation's public items.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationSurface {
    /// The `Client` method (may be a raw identifier).
    pub method: String,
    /// The method's signature after `pub` (`fn create_customer(&self, …) -> …`).
    pub signature: String,
    /// The method's arguments after `&self`.
    pub args: Vec<Arg>,
    /// What a success returns: `()`, the one success body, or the `…Response` enum.
    pub ok: RustType,
    /// The `…Params` struct, when the operation has query, header or cookie parameters.
    pub params_struct: Option<String>,
    /// How the `…Params` struct gets `Default`.
    pub params_default: ParamsDefault,
    /// Per parameter of [`Operation::params`], by the same index.
    pub params: Vec<ParamSurface>,
    /// The `…Response` enum, when there are several successes.
    pub response_enum: Option<String>,
    /// Its variants.
    pub response_variants: Vec<VariantSurface>,
    /// The `…Error` enum.
    pub error_enum: String,
    /// Its variants.
    pub error_variants: Vec<VariantSurface>,
    /// Per error variant, the fields of its typed body that hold the provider's message (shown
    /// by the error's `Display`), when the body has one.
    pub error_messages: Vec<Option<Vec<MessageStep>>>,
    /// The `…_stream` method and its signature, for paginated operations: the list method's
    /// path parameters and params, then a `crate::runtime::PageLimits`.
    pub stream: Option<(String, String)>,
    /// The `…Form` struct of a `multipart/form-data` body, taken by value.
    pub form_struct: Option<String>,
    /// Per part of the body's [`crate::model::Body::parts`], by the same index: its field and
    /// type (`FilePart` for a file, `Option<…>` when not required).
    pub form_fields: Vec<(String, RustType)>,
    /// Whether the one success body is binary and handed over unread, as a `ByteStream`.
    pub streamed: bool,
    /// The `…Params` struct's constructor (when a parameter is required) and setters.
    pub params_methods: Vec<StructMethod>,
    /// The `…Form` struct's constructor (when a part is required) and setters.
    pub form_methods: Vec<StructMethod>,
    /// Per documented response that declares headers, its `…Headers` struct.
    pub response_headers: Vec<HeadersSurface>,
    /// JSON pointer of the operation.
    pub origin: String,
}

/// The `{Operation}{Variant}Headers` struct of a response that declares headers: one
/// `Option<T>` field per header (absent or unparsable is `None`) and
/// `from_headers(&HeaderMap) -> Self`.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadersSurface {
    /// The struct's name.
    pub name: String,
    /// Index into [`Operation::responses`].
    pub response: usize,
    /// Per header of the response, by the same index: its field type (`Option<…>`).
    pub fields: Vec<RustType>,
}

/// The method every `…Headers` struct has.
pub const FROM_HEADERS: &str = "fn from_headers(headers: &crate::runtime::HeaderMap) -> Self";

/// A method argument.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// Its name.
    pub name: String,
    /// Its type as written in the signature; `short` says what the caller passes.
    pub ty: RustType,
}

/// How the `…Params` struct implements `Default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamsDefault {
    /// `#[derive(Default)]`: every parameter is optional without a default.
    Derive,
    /// A written `impl Default` with the spec's defaults: no parameter is required.
    Impl,
    /// None: some parameter is required.
    None,
}

/// How a parameter is held.
#[derive(Debug, Clone, PartialEq)]
pub enum Held {
    /// A method argument (path parameters).
    Argument,
    /// `T` in the params struct: the caller must give it.
    Required,
    /// `T` in the params struct, which `Default` fills with the spec's default.
    Defaulted(DefaultValue),
    /// `Option<T>` in the params struct: optional without a default the generator can write.
    Optional,
}

/// A default value the generator can write as a Rust expression.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// A `String`.
    String(String),
    /// A `bool`.
    Bool(bool),
    /// An `i32`.
    I32(i32),
    /// An `i64`.
    I64(i64),
    /// An `f64`.
    F64(f64),
    /// An enum variant: the enum's full path and the variant.
    Variant {
        /// The enum's full path.
        ty: String,
        /// The variant.
        variant: String,
    },
}

/// One parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamSurface {
    /// Rust name (argument or params field).
    pub name: String,
    /// How it is held.
    pub held: Held,
    /// Its type as held (`Option<T>` when [`Held::Optional`]); for path parameters, the type
    /// of the value (the argument borrows it, see [`OperationSurface::args`]).
    pub ty: RustType,
}

impl Held {
    /// Whether the params struct holds it as `Option<T>`.
    pub fn is_optional(&self) -> bool {
        matches!(self, Held::Optional)
    }
}

/// How a parameter is held.
fn held(surface: &Surface<'_>, p: &Param) -> Held {
    if p.location == ParamLocation::Path {
        return Held::Argument;
    }
    if p.required {
        return Held::Required;
    }
    match p
        .default
        .as_ref()
        .and_then(|d| default_value(surface, &p.ty, d))
    {
        Some(v) => Held::Defaulted(v),
        None => Held::Optional,
    }
}

/// The default `value` of `ty`, if the generator can write it.
fn default_value(
    surface: &Surface<'_>,
    ty: &Ty,
    value: &serde_json::Value,
) -> Option<DefaultValue> {
    use serde_json::Value;
    match (ty, value) {
        (Ty::Prim(Prim::String), Value::String(s)) => Some(DefaultValue::String(s.clone())),
        (Ty::Prim(Prim::Bool), Value::Bool(b)) => Some(DefaultValue::Bool(*b)),
        (Ty::Prim(Prim::I32), v) => v
            .as_i64()
            .and_then(|n| i32::try_from(n).ok())
            .map(DefaultValue::I32),
        (Ty::Prim(Prim::I64), v) => v.as_i64().map(DefaultValue::I64),
        (Ty::Prim(Prim::F64), v) => v.as_f64().map(DefaultValue::F64),
        (Ty::Named(id), v) => {
            let variant = match &surface.api.types.get(*id)?.kind {
                TypeKind::StrEnum(e) => {
                    let s = v.as_str()?;
                    e.variants.iter().find(|(_, w)| w == s)?.0.clone()
                }
                TypeKind::IntEnum(e) => {
                    let n = v.as_i64()?;
                    e.variants.iter().find(|(_, w)| *w == n)?.0.clone()
                }
                TypeKind::Alias(inner) => return default_value(surface, inner, value),
                _ => return None,
            };
            Some(DefaultValue::Variant {
                ty: surface.rust_type(ty).full,
                variant,
            })
        }
        _ => None,
    }
}

/// The type a path parameter is passed as: `&str`, a number or `bool` (or an alias of one) by
/// value, else `&T`.
fn path_arg(surface: &Surface<'_>, ty: &Ty, lifetime: Option<&str>) -> RustType {
    let short = surface.rust_type(ty).short;
    let full = match (ty, crate::model::alias_target(&surface.api.types, ty)) {
        (Ty::Prim(Prim::String), _) => RustType::same("str").borrowed(lifetime).full,
        (_, Ty::Prim(Prim::I32 | Prim::I64 | Prim::F32 | Prim::F64 | Prim::Bool)) => {
            surface.rust_type(ty).full
        }
        (other, _) => surface.rust_type(other).borrowed(lifetime).full,
    };
    RustType { full, short }
}

/// The body of a response as the method returns it.
pub fn response_body_type(surface: &Surface<'_>, body: &ResponseBody) -> Option<RustType> {
    match body {
        ResponseBody::Empty => None,
        ResponseBody::Json(ty) => Some(surface.rust_type(ty)),
        ResponseBody::Text => Some(RustType {
            full: STRING.into(),
            short: "String".into(),
        }),
        ResponseBody::Bytes => Some(prim(Prim::Binary)),
    }
}

/// The runtime's streamed body of a binary response.
const BYTE_STREAM: &str = "crate::runtime::ByteStream";

/// The runtime's file part of a multipart body.
const FILE_PART: &str = "crate::runtime::FilePart";

/// The `…Form` fields: per part, its name and type.
fn form_fields(surface: &Surface<'_>, op: &Operation) -> Vec<(String, RustType)> {
    let Some(body) = op.body.as_ref().filter(|b| b.media == BodyMedia::Multipart) else {
        return Vec::new();
    };
    body.parts
        .iter()
        .map(|p| {
            let ty = form_inner(surface, p);
            let ty = if p.required {
                ty
            } else {
                ty.wrapped(OPTION, "Option")
            };
            (p.name.clone(), ty)
        })
        .collect()
}

/// A part's type without the `Option` of a part that is not required.
fn form_inner(surface: &Surface<'_>, p: &crate::model::FormPart) -> RustType {
    let file = RustType {
        full: FILE_PART.into(),
        short: "FilePart".into(),
    };
    match &p.kind {
        PartKind::File => file,
        PartKind::Files => file.wrapped("::std::vec::Vec", "Vec"),
        PartKind::Value(ty) => surface.rust_type(ty),
    }
}

/// The `…Params` constructor (required parameters) and setters (the others).
fn params_methods(
    surface: &Surface<'_>,
    op: &Operation,
    params: &[ParamSurface],
) -> Vec<StructMethod> {
    let fields: Vec<(&str, RustType, FieldRole, bool)> = op
        .params
        .iter()
        .zip(params)
        .filter(|(_, ps)| ps.held != Held::Argument)
        .map(|(p, ps)| {
            let role = match ps.held {
                Held::Required => FieldRole::Argument,
                Held::Defaulted(_) => FieldRole::Defaulted,
                _ => FieldRole::Optional,
            };
            let converts = surface.converts_into(&p.ty);
            (ps.name.as_str(), surface.rust_type(&p.ty), role, converts)
        })
        .collect();
    struct_methods(&fields, true)
}

/// The `…Form` constructor (required parts) and setters (the others).
fn form_methods(
    surface: &Surface<'_>,
    body: &crate::model::Body,
    form: &[(String, RustType)],
) -> Vec<StructMethod> {
    let fields: Vec<(&str, RustType, FieldRole, bool)> = body
        .parts
        .iter()
        .zip(form)
        .map(|(p, (name, ty))| {
            // A file part's type (`FilePart`, `Vec<FilePart>`) is the runtime's, and converts.
            let converts = match &p.kind {
                PartKind::Value(ty) => surface.converts_into(ty),
                PartKind::File | PartKind::Files => true,
            };
            if p.required {
                (name.as_str(), ty.clone(), FieldRole::Argument, converts)
            } else {
                (
                    name.as_str(),
                    form_inner(surface, p),
                    FieldRole::Optional,
                    converts,
                )
            }
        })
        .collect();
    struct_methods(&fields, true)
}

fn variants(surface: &Surface<'_>, cases: &[&ResponseCase]) -> Vec<VariantSurface> {
    cases
        .iter()
        .map(|c| VariantSurface {
            name: c.variant.clone(),
            payload: response_body_type(surface, &c.body),
        })
        .collect()
}

pub(super) fn operation_surface(surface: &Surface<'_>, op: &Operation) -> OperationSurface {
    let prefix = &op.type_prefix;
    let successes: Vec<&ResponseCase> = op.responses.iter().filter(|c| c.success).collect();
    let errors: Vec<&ResponseCase> = op.responses.iter().filter(|c| !c.success).collect();
    let response_enum = (successes.len() > 1).then(|| format!("{prefix}Response"));
    let ok = match (&response_enum, successes.as_slice()) {
        (Some(name), _) => RustType {
            full: name.clone(),
            short: "…Response".into(),
        },
        (None, [one]) => {
            response_body_type(surface, &one.body).unwrap_or_else(|| RustType::same("()"))
        }
        (None, _) => RustType::same("()"),
    };
    // A lone binary success is handed over as a stream (several successes keep their bytes in
    // the `…Response` enum).
    let streamed = matches!(successes.as_slice(), [one] if one.body == ResponseBody::Bytes);
    let ok = if streamed {
        RustType {
            full: BYTE_STREAM.into(),
            short: "ByteStream".into(),
        }
    } else {
        ok
    };
    let form_struct = op
        .body
        .as_ref()
        .is_some_and(|b| b.media == BodyMedia::Multipart)
        .then(|| format!("{prefix}Form"));
    let error_enum = format!("{prefix}Error");
    let params: Vec<ParamSurface> = op
        .params
        .iter()
        .map(|p| {
            let held = held(surface, p);
            let mut ty = surface.rust_type(&p.ty);
            if held.is_optional() {
                ty = ty.wrapped(OPTION, "Option");
            }
            ParamSurface {
                name: p.name.clone(),
                held,
                ty,
            }
        })
        .collect();
    let in_struct: Vec<&ParamSurface> =
        params.iter().filter(|p| p.held != Held::Argument).collect();
    let params_struct = (!in_struct.is_empty()).then(|| format!("{prefix}Params"));
    let params_default = if in_struct.iter().all(|p| p.held.is_optional()) {
        ParamsDefault::Derive
    } else if in_struct.iter().all(|p| p.held != Held::Required) {
        ParamsDefault::Impl
    } else {
        ParamsDefault::None
    };
    let params_methods = if params_struct.is_some() {
        params_methods(surface, op, &params)
    } else {
        Vec::new()
    };
    let form = form_fields(surface, op);
    let form_methods = match op.body.as_ref().filter(|_| form_struct.is_some()) {
        Some(body) => form_methods(surface, body, &form),
        None => Vec::new(),
    };
    let args = arguments(
        surface,
        op,
        params_struct.as_deref(),
        form_struct.as_deref(),
        None,
    );
    let signature = format!(
        "fn {}(&self, {}) -> crate::runtime::Call<'_, crate::runtime::Response<{}>, {error_enum}>",
        op.method_name,
        args_text(&args),
        ok.full
    );
    // A multipart body is taken by value (its files may be readers): it cannot be sent again
    // for every page.
    let stream = match (&op.pagination, &params_struct) {
        (Some(pg), Some(params_name)) if form_struct.is_none() => {
            let name = format!("{}_stream", op.method_name.trim_start_matches("r#"));
            let args = arguments(surface, op, Some(params_name), None, Some("'a"));
            let item = surface.rust_type(&pg.item).full;
            let signature = format!(
                "fn {name}<'a>(&'a self, {}, limits: crate::runtime::PageLimits) -> impl ::futures_util::stream::Stream<Item = ::std::result::Result<{item}, crate::runtime::Error<{error_enum}>>> + 'a",
                args_text(&args)
            );
            Some((name, signature))
        }
        _ => None,
    };
    OperationSurface {
        method: op.method_name.clone(),
        signature,
        args,
        ok,
        params_struct,
        params_default,
        params,
        response_enum,
        response_variants: variants(surface, &successes),
        error_enum,
        error_variants: variants(surface, &errors),
        error_messages: errors
            .iter()
            .map(|c| message_path(surface, &c.body))
            .collect(),
        stream,
        form_fields: form,
        form_struct,
        params_methods,
        form_methods,
        streamed,
        response_headers: op
            .responses
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.headers.is_empty())
            .map(|(i, c)| HeadersSurface {
                name: format!("{prefix}{}Headers", c.variant),
                response: i,
                fields: c
                    .headers
                    .iter()
                    .map(|h| prim(h.ty).wrapped(OPTION, "Option"))
                    .collect(),
            })
            .collect(),
        origin: pointer_join(
            &pointer_join("/paths", &op.path),
            &op.http_method.to_ascii_lowercase(),
        ),
    }
}

/// The arguments after `&self`: path parameters, the body, the params struct. The stream
/// method borrows everything for `lifetime` (its body is sent again with every page). A
/// multipart body is its `form_struct`, taken by value (its files may be readers, consumed as
/// they are sent).
fn arguments(
    surface: &Surface<'_>,
    op: &Operation,
    params_struct: Option<&str>,
    form_struct: Option<&str>,
    lifetime: Option<&str>,
) -> Vec<Arg> {
    let mut args: Vec<Arg> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .map(|p| Arg {
            name: p.name.clone(),
            ty: path_arg(surface, &p.ty, lifetime),
        })
        .collect();
    if let (Some(b), Some(form), None) = (&op.body, form_struct, lifetime) {
        let ty = RustType {
            full: form.to_string(),
            short: "…Form".into(),
        };
        args.push(Arg {
            name: "body".into(),
            ty: if b.required {
                ty
            } else {
                ty.wrapped(OPTION, "Option")
            },
        });
    } else if let Some(b) = &op.body {
        // Raw bodies are taken as a slice; everything else by reference to its type.
        let t = surface.rust_type(&b.ty);
        let full = if b.ty == Ty::Prim(Prim::Binary) {
            "[u8]".to_string()
        } else {
            t.full
        };
        let borrowed = RustType {
            full,
            short: t.short,
        }
        .borrowed(lifetime);
        args.push(Arg {
            name: "body".into(),
            ty: if b.required {
                borrowed
            } else {
                borrowed.wrapped(OPTION, "Option")
            },
        });
    }
    if let Some(name) = params_struct {
        args.push(Arg {
            name: "params".into(),
            ty: RustType {
                full: name.to_string(),
                short: "…Params".into(),
            }
            .borrowed(lifetime),
        });
    }
    args
}

fn args_text(args: &[Arg]) -> String {
    args.iter()
        .map(|a| format!("{}: {}", a.name, a.ty.full))
        .collect::<Vec<_>>()
        .join(", ")
}
