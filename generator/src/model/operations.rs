//! Operations, servers and security schemes: paths and methods to the model's [`Operation`]s,
//! with their parameters, bodies, typed responses, idempotency keys and pagination.

use openapiv3::{
    Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, SecurityScheme as OaScheme,
    StatusCode,
};

use super::names::{to_field_name, to_module_name, to_type_name, Namespace};
use super::schema::Ctx;
use super::{
    Body, BodyMedia, Docs, Operation, PageEndSignal, PageField, Pagination, Param, ParamLocation,
    PathSegment, Presence, Prim, ResponseBody, ResponseCase, ResponseHeader, SecurityKind,
    SecurityScheme, Server, StatusMatch, Ty, TypeKind,
};
use crate::diag::{pointer_join, Diagnostic};

/// Header names (lower case) that carry an idempotency key and make a POST safe to retry.
const IDEMPOTENCY_HEADERS: &[&str] = &["idempotency", "idempotency-key", "x-idempotency-key"];
/// The extension (`x-idempotency-key: true`) that marks a header parameter of any other name as
/// the idempotency key.
const IDEMPOTENCY_EXTENSION: &str = "x-idempotency-key";

/// Method names the generated `Client` already has.
const CLIENT_METHODS: &[&str] = &["builder", "from_transport", "transport", "clone", "fmt"];

fn methods(item: &PathItem) -> [(&'static str, Option<&openapiv3::Operation>); 8] {
    [
        ("GET", item.get.as_ref()),
        ("PUT", item.put.as_ref()),
        ("POST", item.post.as_ref()),
        ("DELETE", item.delete.as_ref()),
        ("OPTIONS", item.options.as_ref()),
        ("HEAD", item.head.as_ref()),
        ("PATCH", item.patch.as_ref()),
        ("TRACE", item.trace.as_ref()),
    ]
}

/// The method name for an operation named `name`: a name that clippy reads as a constructor or
/// a conversion (`new`, `from_*`, `into_*`), which a method taking `&self` and returning a
/// future is not, gets the HTTP method in front (`post_new`, `get_into_account`).
fn method_base(http_method: &str, name: &str) -> String {
    if name == "new" || name.starts_with("from_") || name.starts_with("into_") {
        format!("{}_{name}", http_method.to_ascii_lowercase())
    } else {
        name.to_string()
    }
}

/// A name for an operation without `operationId`: `get_customers_by_id_payment_methods`.
fn derived_name(method: &str, path: &str) -> String {
    let mut out = method.to_ascii_lowercase();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        out.push('_');
        if let Some(p) = part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            out.push_str("by_");
            out.push_str(p);
        } else {
            out.push_str(part);
        }
    }
    out
}

fn status_variant(code: u16) -> String {
    match code {
        200 => "Ok".into(),
        201 => "Created".into(),
        202 => "Accepted".into(),
        203 => "NonAuthoritativeInformation".into(),
        204 => "NoContent".into(),
        205 => "ResetContent".into(),
        206 => "PartialContent".into(),
        301 => "MovedPermanently".into(),
        302 => "Found".into(),
        303 => "SeeOther".into(),
        304 => "NotModified".into(),
        307 => "TemporaryRedirect".into(),
        308 => "PermanentRedirect".into(),
        400 => "BadRequest".into(),
        401 => "Unauthorized".into(),
        402 => "PaymentRequired".into(),
        403 => "Forbidden".into(),
        404 => "NotFound".into(),
        405 => "MethodNotAllowed".into(),
        406 => "NotAcceptable".into(),
        408 => "RequestTimeout".into(),
        409 => "Conflict".into(),
        410 => "Gone".into(),
        412 => "PreconditionFailed".into(),
        413 => "PayloadTooLarge".into(),
        415 => "UnsupportedMediaType".into(),
        422 => "UnprocessableEntity".into(),
        423 => "Locked".into(),
        429 => "TooManyRequests".into(),
        500 => "InternalServerError".into(),
        501 => "NotImplemented".into(),
        502 => "BadGateway".into(),
        503 => "ServiceUnavailable".into(),
        504 => "GatewayTimeout".into(),
        other => format!("Status{other}"),
    }
}

fn is_json(media: &str) -> bool {
    let m = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    m == "application/json" || m.ends_with("+json") || m == "*/*" || m == "application/*"
}

fn op_docs(op: &openapiv3::Operation) -> Docs {
    Docs {
        title: op.summary.clone(),
        description: op.description.clone(),
        deprecated: op.deprecated,
        ..Docs::default()
    }
}

/// The locals of a generated `Client` method and its `…_stream` method (`emit/client.rs`),
/// which no path parameter's argument may be named: here.com's tracking API has a path
/// parameter `value`, which the validation's `let value` shadowed, so the request went out with
/// another parameter's value in its place.
const METHOD_LOCALS: &[&str] = &[
    "req",
    "v",
    "value",
    "form",
    "limits",
    "offset",
    "limit",
    "p",
    "start",
    "page_size",
    "items",
    "has_more",
];

/// Builds every operation in document order.
/// Problems go to the context's diagnostics.
pub(super) fn build_operations(ctx: &mut Ctx<'_>) -> Vec<Operation> {
    let api = ctx.api;
    let mut method_names = Namespace::with_reserved(CLIENT_METHODS);
    let mut prefixes = Namespace::with_reserved(&["Client", "Server"]);
    let mut out = Vec::new();
    for (path, item) in &api.paths.paths {
        let path_at = pointer_join("/paths", path);
        let item = match item {
            ReferenceOr::Item(i) => i,
            ReferenceOr::Reference { reference } => {
                ctx.error(Diagnostic::warning(
                    &path_at,
                    format!(
                        "path item reference `{reference}` is not supported; the path is skipped"
                    ),
                ));
                continue;
            }
        };
        for (method, op) in methods(item) {
            let Some(op) = op else { continue };
            let at = pointer_join(&path_at, &method.to_ascii_lowercase());
            let operation_id = op
                .operation_id
                .clone()
                .unwrap_or_else(|| derived_name(method, path));
            let method_name =
                method_names.claim(&method_base(method, &to_field_name(&operation_id)));
            let type_prefix = prefixes.claim(&to_type_name(&operation_id));
            let built = build_one(
                ctx,
                item,
                op,
                method,
                path,
                &at,
                method_name,
                type_prefix,
                operation_id,
            );
            out.push(built);
        }
    }
    if out.iter().all(|op| op.tag_modules.is_empty()) {
        group_by_resource(&mut out);
    }
    out
}

/// Groups the operations of a document that tags none (Stripe's 452) by the resource their path
/// names, as tags would: a module and a Cargo feature per resource instead of one `untagged`
/// group holding the whole API, so that a caller of one resource compiles that resource. The
/// resource is the path's first literal segment that is no version and no `api` prefix
/// (`/v1/customers/{customer}/sources` → `customers`). A path without one (`/`, `/v2/{id}`)
/// stays untagged, and so does every operation when the paths name a single resource.
fn group_by_resource(operations: &mut [Operation]) {
    let resources: Vec<Option<String>> = operations
        .iter()
        .map(|op| resource_of(&op.path).map(to_module_name))
        .collect();
    let distinct: std::collections::BTreeSet<&String> = resources.iter().flatten().collect();
    if distinct.len() < 2 {
        return;
    }
    for (op, resource) in operations.iter_mut().zip(resources) {
        if let Some(module) = resource {
            op.module = module.clone();
            op.tag_modules = vec![module];
        }
    }
}

/// The resource a path names (see [`group_by_resource`]).
fn resource_of(path: &str) -> Option<&str> {
    let is_version = |s: &str| {
        let digits = s.strip_prefix(['v', 'V']).unwrap_or("");
        !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
    };
    path.split('/')
        .filter(|s| !s.is_empty() && !s.contains('{'))
        .find(|s| !is_version(s) && !s.eq_ignore_ascii_case("api"))
}

#[allow(clippy::too_many_arguments)]
fn build_one<'a>(
    ctx: &mut Ctx<'a>,
    item: &'a PathItem,
    op: &'a openapiv3::Operation,
    method: &str,
    path: &str,
    at: &str,
    method_name: String,
    type_prefix: String,
    operation_id: String,
) -> Operation {
    let mut names = Namespace::with_reserved(&["body", "params", "self"]);
    // Operation-level parameters override path-level ones with the same name and location.
    let mut raw: Vec<(&'a Parameter, String)> = Vec::new();
    for (list, base) in [
        (
            &item.parameters,
            format!(
                "{}/parameters",
                at.rsplit_once('/').map(|x| x.0).unwrap_or(at)
            ),
        ),
        (&op.parameters, format!("{at}/parameters")),
    ] {
        for (i, p) in list.iter().enumerate() {
            let p_at = format!("{base}/{i}");
            match ctx.resolver.parameter(p, &p_at) {
                Ok((p, _)) => {
                    let key = (
                        p.parameter_data_ref().name.clone(),
                        std::mem::discriminant(p),
                    );
                    raw.retain(|(q, _)| {
                        (
                            q.parameter_data_ref().name.clone(),
                            std::mem::discriminant(*q),
                        ) != key
                    });
                    raw.push((p, p_at));
                }
                Err(d) => ctx.error(d),
            }
        }
    }
    // Path parameters in template order first.
    let template_names: Vec<String> = path
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_string()))
        .collect();
    raw.sort_by_key(|(p, _)| match p {
        Parameter::Path { parameter_data, .. } => template_names
            .iter()
            .position(|n| n == &parameter_data.name)
            .unwrap_or(usize::MAX - 1),
        _ => usize::MAX,
    });
    let mut params = Vec::new();
    let mut marked_idempotency: Option<String> = None;
    for (p, p_at) in raw {
        let data = p.parameter_data_ref();
        let location = match p {
            Parameter::Path { .. } => ParamLocation::Path,
            Parameter::Query { .. } => ParamLocation::Query,
            Parameter::Header { .. } => ParamLocation::Header,
            Parameter::Cookie { .. } => ParamLocation::Cookie,
        };
        if location == ParamLocation::Path && !template_names.contains(&data.name) {
            ctx.error(Diagnostic::warning(
                &p_at,
                format!(
                    "path parameter `{}` does not appear in the path `{path}`; it is ignored",
                    data.name
                ),
            ));
            continue;
        }
        if location == ParamLocation::Header
            && ["accept", "content-type", "authorization"]
                .contains(&data.name.to_ascii_lowercase().as_str())
        {
            // Set by the client itself (content negotiation and security schemes).
            continue;
        }
        let hint = format!("{type_prefix}{}", to_type_name(&data.name));
        let sensitive = data.extensions.get("x-sensitive") == Some(&serde_json::Value::Bool(true))
            || matches!(&data.format, ParameterSchemaOrContent::Schema(s)
                if ctx.is_sensitive_param(s, &format!("{p_at}/schema")));
        let (ty, constraints, mut docs, default) = match &data.format {
            ParameterSchemaOrContent::Schema(s) => {
                let c = ctx.convert_plain(s, &hint, &format!("{p_at}/schema"));
                let default = match s {
                    ReferenceOr::Item(s) => s.schema_data.default.clone(),
                    ReferenceOr::Reference { .. } => None,
                };
                (c.ty, c.constraints, c.docs, default)
            }
            ParameterSchemaOrContent::Content(_) => {
                ctx.error(Diagnostic::warning(
                    &p_at,
                    "parameter with `content` is sent as a JSON string",
                ));
                (Ty::Json, Default::default(), Docs::default(), None)
            }
        };
        docs.description = data.description.clone().or(docs.description);
        docs.deprecated |= data.deprecated.unwrap_or(false);
        if docs.example.is_none() {
            docs.example = data.example.clone();
        }
        if location == ParamLocation::Header
            && data.extensions.get(IDEMPOTENCY_EXTENSION) == Some(&serde_json::Value::Bool(true))
        {
            marked_idempotency.get_or_insert_with(|| data.name.clone());
        }
        let required = data.required || location == ParamLocation::Path;
        let list_separator = match p {
            Parameter::Query { style, .. } => query_separator(style, data.explode),
            _ => None,
        };
        let base = to_field_name(&data.name);
        // A path parameter is an argument of the method (and of its `…_stream`), whose body
        // has locals of its own: an argument named like one would be shadowed by it.
        let base = if location == ParamLocation::Path && METHOD_LOCALS.contains(&base.as_str()) {
            format!("{base}_arg")
        } else {
            base
        };
        params.push(Param {
            name: names.claim(&base),
            wire_name: data.name.clone(),
            location,
            ty,
            required,
            default,
            constraints,
            docs,
            list_separator,
            sensitive,
        });
    }
    // A template parameter nobody declared: still a required string, so the URL can be built.
    for n in &template_names {
        if !params
            .iter()
            .any(|p| p.location == ParamLocation::Path && &p.wire_name == n)
        {
            ctx.error(Diagnostic::warning(
                at,
                format!("path parameter `{n}` is not declared; it is taken as a required string"),
            ));
            params.push(Param {
                name: names.claim(&to_field_name(n)),
                wire_name: n.clone(),
                location: ParamLocation::Path,
                ty: Ty::Prim(super::Prim::String),
                required: true,
                default: None,
                constraints: Default::default(),
                docs: Docs::default(),
                list_separator: None,
                sensitive: false,
            });
        }
    }
    let segments = segments(path, &params);
    let body = op
        .request_body
        .as_ref()
        .and_then(|b| body(ctx, b, &type_prefix, &format!("{at}/requestBody")));
    let responses = responses(ctx, op, &type_prefix, at);
    let accept = accept_header(ctx, op, at);
    let idempotency_header = marked_idempotency.or_else(|| {
        params
            .iter()
            .find(|p| {
                p.location == ParamLocation::Header
                    && IDEMPOTENCY_HEADERS.contains(&p.wire_name.to_ascii_lowercase().as_str())
            })
            .map(|p| p.wire_name.clone())
    });
    let pagination = pagination(ctx, &params, &responses);
    let security = op
        .security
        .as_ref()
        .or(ctx.api.security.as_ref())
        .map(|reqs| {
            let mut keys: Vec<String> = Vec::new();
            for r in reqs {
                for k in r.keys() {
                    if !keys.contains(k) {
                        keys.push(k.clone());
                    }
                }
            }
            keys
        })
        .unwrap_or_default();
    let module = op
        .tags
        .first()
        .map(|t| to_module_name(t))
        .unwrap_or_else(|| "default".into());
    let mut tag_modules: Vec<String> = Vec::new();
    for t in &op.tags {
        let m = to_module_name(t);
        if !tag_modules.contains(&m) {
            tag_modules.push(m);
        }
    }
    Operation {
        method_name,
        type_prefix,
        operation_id,
        http_method: method.to_string(),
        path: path.to_string(),
        segments,
        module,
        tag_modules,
        docs: op_docs(op),
        params,
        body,
        responses,
        idempotency_header,
        pagination,
        accept,
        security,
    }
}

/// Every media type the responses document, JSON first, when any of them is not JSON: servers
/// that negotiate content would otherwise never send the documented non-JSON answers.
fn accept_header<'a>(ctx: &mut Ctx<'a>, op: &'a openapiv3::Operation, at: &str) -> Option<String> {
    let mut media: Vec<String> = Vec::new();
    let all = op
        .responses
        .responses
        .values()
        .chain(op.responses.default.as_ref());
    for r in all {
        if let Ok((resp, _)) = ctx.resolver.response(r, at) {
            for m in resp.content.keys() {
                if !media.contains(m) {
                    media.push(m.clone());
                }
            }
        }
    }
    if media.iter().all(|m| is_json(m)) {
        return None;
    }
    media.sort_by_key(|m| !is_json(m));
    Some(media.join(", "))
}

fn segments(path: &str, params: &[Param]) -> Vec<PathSegment> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        if start > 0 {
            out.push(PathSegment::Literal(rest[..start].to_string()));
        }
        let name = &rest[start + 1..start + len];
        match params
            .iter()
            .position(|p| p.location == ParamLocation::Path && p.wire_name == name)
        {
            Some(i) => out.push(PathSegment::Param(i)),
            None => out.push(PathSegment::Literal(rest[start..=start + len].to_string())),
        }
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        out.push(PathSegment::Literal(rest.to_string()));
    }
    out
}

fn body<'a>(
    ctx: &mut Ctx<'a>,
    b: &'a ReferenceOr<openapiv3::RequestBody>,
    prefix: &str,
    at: &str,
) -> Option<Body> {
    let (b, _) = match ctx.resolver.request_body(b, at) {
        Ok(x) => x,
        Err(d) => {
            ctx.error(d);
            return None;
        }
    };
    let pick = b
        .content
        .iter()
        .find(|(m, _)| is_json(m))
        .map(|(m, t)| (BodyMedia::Json, m, t))
        .or_else(|| {
            b.content
                .iter()
                .find(|(m, _)| m.starts_with("application/x-www-form-urlencoded"))
                .map(|(m, t)| (BodyMedia::Form, m, t))
        })
        .or_else(|| {
            b.content
                .iter()
                .next()
                .map(|(m, t)| (BodyMedia::Bytes(m.clone()), m, t))
        })?;
    let (mut media, media_name, media_type) = pick;
    let media_at = pointer_join(&format!("{at}/content"), media_name);
    let mut parts = Vec::new();
    if media_name.starts_with("multipart/form-data") {
        if let Some(found) = super::multipart::form_parts(ctx, media_type, prefix, &media_at) {
            media = BodyMedia::Multipart;
            parts = found;
        }
    } else if media_name.starts_with("multipart/") {
        ctx.error(Diagnostic::warning(
            &media_at,
            "multipart bodies other than multipart/form-data are sent as raw bytes; build the \
             multipart payload yourself",
        ));
    }
    let ty = match (&media, &media_type.schema) {
        // The parts say what is sent.
        (BodyMedia::Multipart, _) => Ty::Json,
        (BodyMedia::Bytes(_), _) => Ty::Prim(super::Prim::Binary),
        (_, Some(s)) => {
            let c = ctx.convert_plain(s, &format!("{prefix}Body"), &format!("{media_at}/schema"));
            // A nullable schema as the whole JSON body: `null` is a value the caller may send.
            let json = matches!(media, BodyMedia::Json);
            super::schema::wrap_nullable(c.ty, c.nullable && json)
        }
        (_, None) => Ty::Json,
    };
    Some(Body {
        media,
        ty,
        required: b.required,
        docs: Docs {
            description: b.description.clone(),
            ..Docs::default()
        },
        parts,
    })
}

fn responses<'a>(
    ctx: &mut Ctx<'a>,
    op: &'a openapiv3::Operation,
    prefix: &str,
    at: &str,
) -> Vec<ResponseCase> {
    let mut cases = Vec::new();
    let mut variants = Namespace::default();
    let mut all: Vec<(StatusMatch, &'a ReferenceOr<openapiv3::Response>, String)> = op
        .responses
        .responses
        .iter()
        .map(|(code, r)| {
            let m = match code {
                StatusCode::Code(c) => StatusMatch::Code(*c),
                StatusCode::Range(r) => StatusMatch::Range(*r),
            };
            (
                m,
                r,
                pointer_join(&format!("{at}/responses"), &code.to_string()),
            )
        })
        .collect();
    if let Some(d) = &op.responses.default {
        all.push((StatusMatch::Default, d, format!("{at}/responses/default")));
    }
    all.sort_by_key(|(m, _, _)| *m);
    for (status, r, r_at) in all {
        let (resp, _) = match ctx.resolver.response(r, &r_at) {
            Ok(x) => x,
            Err(d) => {
                ctx.error(d);
                continue;
            }
        };
        let success = match status {
            StatusMatch::Code(c) => c < 300,
            StatusMatch::Range(r) => r <= 2,
            StatusMatch::Default => false,
        };
        let variant = variants.claim(&match status {
            StatusMatch::Code(c) => status_variant(c),
            StatusMatch::Range(1) => "Informational".into(),
            StatusMatch::Range(2) => "Success".into(),
            StatusMatch::Range(3) => "Redirection".into(),
            StatusMatch::Range(4) => "ClientError".into(),
            StatusMatch::Range(5) => "ServerError".into(),
            StatusMatch::Range(n) => format!("Status{n}xx"),
            StatusMatch::Default => "Default".into(),
        });
        let body = match resp.content.iter().find(|(m, _)| is_json(m)) {
            Some((m, media)) => match &media.schema {
                Some(s) => {
                    let c = ctx.convert_plain(
                        s,
                        &format!("{prefix}{variant}Body"),
                        &format!("{}/schema", pointer_join(&format!("{r_at}/content"), m)),
                    );
                    // A nullable schema (often a component) as the whole body: `null` is a value.
                    ResponseBody::Json(super::schema::wrap_nullable(c.ty, c.nullable))
                }
                None => ResponseBody::Json(Ty::Json),
            },
            None => match resp.content.keys().next() {
                Some(m) if m.starts_with("text/") => ResponseBody::Text,
                Some(_) => ResponseBody::Bytes,
                None => ResponseBody::Empty,
            },
        };
        cases.push(ResponseCase {
            status,
            success,
            variant,
            body,
            description: resp.description.clone(),
            headers: response_headers(ctx, resp, &r_at),
        });
    }
    // Successes first, each group in status order.
    cases.sort_by_key(|c| (!c.success, c.status));
    cases
}

/// The headers `resp` declares, each with a scalar type (anything else is read as text).
fn response_headers<'a>(
    ctx: &mut Ctx<'a>,
    resp: &'a openapiv3::Response,
    at: &str,
) -> Vec<ResponseHeader> {
    let mut names = Namespace::default();
    let mut out = Vec::new();
    for (wire, h) in &resp.headers {
        let h_at = pointer_join(&format!("{at}/headers"), wire);
        let header = match ctx.resolver.header(h, &h_at) {
            Ok((header, _)) => header,
            Err(d) => {
                ctx.error(d);
                continue;
            }
        };
        let kind = match &header.format {
            ParameterSchemaOrContent::Schema(s) => ctx
                .resolver
                .schema(s, &format!("{h_at}/schema"))
                .ok()
                .map(|(s, _)| &s.schema_kind),
            ParameterSchemaOrContent::Content(_) => None,
        };
        use openapiv3::{SchemaKind, Type};
        let ty = match kind {
            Some(SchemaKind::Type(Type::Integer(_))) => Prim::I64,
            Some(SchemaKind::Type(Type::Number(_))) => Prim::F64,
            Some(SchemaKind::Type(Type::Boolean(_))) => Prim::Bool,
            _ => Prim::String,
        };
        out.push(ResponseHeader {
            wire_name: wire.to_ascii_lowercase(),
            name: names.claim(&to_field_name(wire)),
            ty,
            description: header.description.clone(),
        });
    }
    out
}

fn pagination(ctx: &Ctx<'_>, params: &[Param], responses: &[ResponseCase]) -> Option<Pagination> {
    let find = |n: &str| {
        params.iter().position(|p| {
            p.location == ParamLocation::Query
                && p.wire_name == n
                && matches!(p.ty, Ty::Prim(super::Prim::I32 | super::Prim::I64))
        })
    };
    let (limit, offset) = (find("limit")?, find("offset")?);
    let successes: Vec<&ResponseCase> = responses.iter().filter(|r| r.success).collect();
    let [only] = successes.as_slice() else {
        return None;
    };
    let ResponseBody::Json(ty) = &only.body else {
        return None;
    };
    let page = |item: &Ty, items_field, items_presence, end| Pagination {
        limit,
        offset,
        items_field,
        items_presence,
        item: item.clone(),
        end,
    };
    match ty {
        Ty::Vec(item) => Some(page(item, None, Presence::Required, PageEndSignal::Empty)),
        // A nullable array as the whole body: `null` is an empty page.
        Ty::Option(inner) => match &**inner {
            Ty::Vec(item) => Some(page(
                item,
                None,
                Presence::RequiredNullable,
                PageEndSignal::Empty,
            )),
            _ => None,
        },
        Ty::Named(id) => {
            let TypeKind::Struct(st) = &ctx.type_def(*id)?.kind else {
                return None;
            };
            let arrays: Vec<_> = st
                .fields
                .iter()
                .filter(|f| matches!(f.ty, Ty::Vec(_)))
                .collect();
            let field = arrays
                .iter()
                .find(|f| ["data", "items", "results"].contains(&f.json_name.as_str()))
                .or(arrays.first().filter(|_| arrays.len() == 1))?;
            let Ty::Vec(item) = &field.ty else {
                return None;
            };
            Some(page(
                item,
                Some(page_field(field)),
                field.presence,
                end_signal(&st.fields),
            ))
        }
        _ => None,
    }
}

/// Boolean fields whose `false` says a page is the last.
const HAS_MORE_FIELDS: &[&str] = &["has_more", "hasMore", "has_next", "hasNext"];
/// Integer fields holding the total number of items of a list.
const TOTAL_FIELDS: &[&str] = &[
    "total_count",
    "totalCount",
    "total",
    "total_items",
    "totalItems",
];

/// The end signal among a page's fields: a `has_more`-like boolean first, then an integer
/// total count; otherwise an empty page ends the stream.
fn end_signal(fields: &[super::Field]) -> PageEndSignal {
    let named = |names: &[&str], ok: &dyn Fn(&Ty) -> bool| {
        names.iter().find_map(|n| {
            fields
                .iter()
                .find(|f| f.json_name == *n && ok(&f.ty))
                .map(page_field)
        })
    };
    if let Some(f) = named(HAS_MORE_FIELDS, &|t| *t == Ty::Prim(super::Prim::Bool)) {
        return PageEndSignal::HasMore(f);
    }
    let integer = |t: &Ty| matches!(t, Ty::Prim(super::Prim::I32 | super::Prim::I64));
    match named(TOTAL_FIELDS, &integer) {
        Some(f) => PageEndSignal::Total(f),
        None => PageEndSignal::Empty,
    }
}

fn page_field(f: &super::Field) -> PageField {
    PageField {
        name: f.name.clone(),
        json_name: f.json_name.clone(),
        ty: f.ty.clone(),
        presence: f.presence,
    }
}

/// The spec's servers, with variables at their defaults and variant names from descriptions.
pub(super) fn servers(api: &openapiv3::OpenAPI) -> Vec<Server> {
    let mut names = Namespace::default();
    api.servers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut url = s.url.clone();
            if let Some(vars) = &s.variables {
                for (k, v) in vars {
                    url = url.replace(&format!("{{{k}}}"), &v.default);
                }
            }
            let base = s
                .description
                .as_deref()
                .filter(|d| d.split_whitespace().count() <= 3)
                .map(to_type_name)
                .unwrap_or_else(|| format!("Server{}", i + 1));
            Server {
                variant: names.claim(&base),
                url,
                description: s.description.clone(),
            }
        })
        .collect()
}

/// The spec's security schemes.
pub(super) fn security_schemes(ctx: &mut Ctx<'_>) -> Vec<SecurityScheme> {
    let Some(components) = &ctx.api.components else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, s) in &components.security_schemes {
        let at = pointer_join("/components/securitySchemes", key);
        let s = match ctx.resolver.security_scheme(s, &at) {
            Ok((s, _)) => s,
            Err(d) => {
                ctx.error(d);
                continue;
            }
        };
        let (kind, description) = match s {
            OaScheme::APIKey {
                location,
                name,
                description,
                extensions,
            } => {
                let loc = match location {
                    openapiv3::APIKeyLocation::Header => "header",
                    openapiv3::APIKeyLocation::Query => "query",
                    openapiv3::APIKeyLocation::Cookie => "cookie",
                };
                let kind = match extensions.get("x-signer").and_then(|v| v.as_str()) {
                    Some(signer) => SecurityKind::Signed {
                        signer: signer.to_string(),
                        name: name.clone(),
                    },
                    None => SecurityKind::ApiKey {
                        location: loc.to_string(),
                        name: name.clone(),
                    },
                };
                (kind, description)
            }
            OaScheme::HTTP {
                scheme,
                description,
                ..
            } => match scheme.to_ascii_lowercase().as_str() {
                "basic" => (SecurityKind::Basic, description),
                "bearer" => (SecurityKind::Bearer, description),
                other => {
                    ctx.error(Diagnostic::warning(&at, format!("HTTP auth scheme `{other}` is not built in; supply it through a signer")));
                    continue;
                }
            },
            OaScheme::OAuth2 { description, .. } | OaScheme::OpenIDConnect { description, .. } => {
                (SecurityKind::OAuth, description)
            }
        };
        out.push(SecurityScheme {
            key: key.clone(),
            kind,
            description: description.clone(),
        });
    }
    out
}

/// How a query array is sent: `None` once per value (`form` with `explode: true`, the default),
/// or joined into one value with this separator.
fn query_separator(style: &openapiv3::QueryStyle, explode: Option<bool>) -> Option<&'static str> {
    use openapiv3::QueryStyle;
    match (style, explode) {
        (QueryStyle::Form, Some(false)) => Some(","),
        (QueryStyle::SpaceDelimited, _) => Some(" "),
        (QueryStyle::PipeDelimited, _) => Some("|"),
        _ => None,
    }
}
