//! The `client` module: `Client`, `Server`, and per tag one file with the operations' parameter,
//! response and error types and their methods (each builds its request and returns a future).

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::model::{
    Api, BodyMedia, Operation, Param, ParamLocation, PathSegment, Prim, ResponseBody, ResponseCase,
    SecurityKind, StatusMatch, Ty, TypeKind,
};

use super::docs::{doc_attrs, docs};
use super::rust_types::{ident, TypeRenderer};
use super::validate::{Checks, Patterns};

/// `client/mod.rs`: the client type, the servers, and the per-tag modules.
pub fn client_module(r: &TypeRenderer<'_>, modules: &[String]) -> TokenStream {
    let api = r.api;
    let root = &r.root;
    let servers = &api.servers;
    let server_enum = if servers.is_empty() {
        quote! {}
    } else {
        let variants: Vec<_> = servers.iter().map(|s| ident(&s.variant)).collect();
        let urls: Vec<_> = servers.iter().map(|s| s.url.as_str()).collect();
        let vdocs = servers.iter().map(|s| {
            let d = s.description.as_deref().unwrap_or("");
            format!(" {d} (`{}`)", s.url).replace("  ", " ")
        });
        quote! {
            /// The servers the spec lists. `Client::builder` takes one of these or any URL.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            pub enum Server {
                #( #[doc = #vdocs] #variants, )*
            }
            impl Server {
                /// The base URL.
                pub fn url(self) -> &'static str {
                    match self { #( Self::#variants => #urls, )* }
                }
            }
            impl ::std::convert::From<Server> for ::std::string::String {
                fn from(server: Server) -> Self {
                    server.url().to_owned()
                }
            }
        }
    };
    let mut auth_lines = Vec::new();
    for s in &api.security {
        let how = match &s.kind {
            SecurityKind::Basic => "`.basic_auth(username, password)`".to_string(),
            SecurityKind::Bearer | SecurityKind::OAuth => "`.bearer_auth(token)`".to_string(),
            SecurityKind::ApiKey { location, name } => format!("`.api_key(crate::runtime::ApiKeyLocation::{}, \"{name}\", key)`", super::capitalise(location)),
            SecurityKind::Signed { signer, name } => match signer.as_str() {
                "monri-wp3-v2.1" => format!("`.signer(crate::runtime::MonriSigner::new(authenticity_token, merchant_key))` (sets `{name}`)"),
                "rapyd" => format!("`.signer(crate::runtime::RapydSigner::new(access_key, secret_key))` (sets `{name}`)"),
                other => format!("a `.signer(…)` implementing `{other}` (sets `{name}`)"),
            },
        };
        let line = format!("- `{}`: {how}", s.key);
        if !auth_lines.contains(&line) {
            auth_lines.push(line);
        }
    }
    let auth_doc = if auth_lines.is_empty() {
        String::new()
    } else {
        format!(
            "\n\nAuthentication, per the spec's security schemes:\n\n{}",
            auth_lines.join("\n")
        )
    };
    let builder_doc = doc_attrs(&format!(
        "Starts building a client for `base_url`: a [`Server`] or any URL (a mock server's, say).{auth_doc}"
    ));
    let builder_doc = if servers.is_empty() {
        doc_attrs(&format!(
            "Starts building a client for `base_url`.{auth_doc}"
        ))
    } else {
        builder_doc
    };
    let title = format!(" Client for {} {}.", api.title, api.version);
    let mods: Vec<_> = modules.iter().map(|m| ident(m)).collect();
    quote! {
        #server_enum
        #[doc = #title]
        ///
        /// Cheap to clone: clones share one connection pool.
        #[derive(Debug, Clone)]
        pub struct Client {
            transport: crate::runtime::Transport,
        }
        impl ::std::convert::From<crate::runtime::Transport> for Client {
            fn from(transport: crate::runtime::Transport) -> Self {
                Self { transport }
            }
        }
        impl Client {
            #builder_doc
            pub fn builder(base_url: impl ::std::convert::Into<::std::string::String>) -> crate::runtime::ClientBuilder<Self> {
                // The default User-Agent names this crate, whichever crate the runtime is.
                crate::runtime::ClientBuilder::new(base_url)
                    .user_agent(::std::concat!(::std::env!("CARGO_PKG_NAME"), "/", ::std::env!("CARGO_PKG_VERSION")))
            }
            /// The transport every call goes through.
            pub fn transport(&self) -> &crate::runtime::Transport {
                &self.transport
            }
        }
        #( mod #mods; pub use #mods::*; )*
        #[allow(unused_imports)]
        use #root::types as _;
    }
}

/// Groups operations by module name, in a stable order.
pub fn modules(api: &Api) -> BTreeMap<String, Vec<&Operation>> {
    let mut out: BTreeMap<String, Vec<&Operation>> = BTreeMap::new();
    for op in &api.operations {
        out.entry(op.module.clone()).or_default().push(op);
    }
    out
}

/// One tag's file: its operations' types and methods.
pub fn operations_file(
    r: &TypeRenderer<'_>,
    patterns: &Patterns,
    ops: &[&Operation],
) -> TokenStream {
    let checks = Checks { types: r, patterns };
    let mut items = TokenStream::new();
    let mut methods = TokenStream::new();
    for op in ops {
        let (op_items, op_methods) = operation(r, &checks, op);
        items.extend(op_items);
        methods.extend(op_methods);
    }
    // One `impl` block per file: rustc compares every inherent impl block of a type with every
    // other, so a block per operation costs seconds on a spec with a thousand operations.
    quote! {
        #items
        impl super::Client { #methods }
    }
}

/// Whether values of `ty` implement `Display` (so they can go in a URL or header as they are).
fn is_display(api: &Api, ty: &Ty) -> bool {
    match ty {
        Ty::Prim(p) => *p != Prim::Binary,
        Ty::Json => true,
        Ty::Named(id) => match api.types.get(*id).map(|t| &t.kind) {
            Some(TypeKind::StrEnum(_) | TypeKind::IntEnum(_)) => true,
            Some(TypeKind::Alias(inner)) => is_display(api, inner),
            _ => false,
        },
        _ => false,
    }
}

/// The Rust expression for a JSON default value of `ty`, if it can be written.
fn default_expr(r: &TypeRenderer<'_>, ty: &Ty, value: &serde_json::Value) -> Option<TokenStream> {
    match (ty, value) {
        (Ty::Prim(Prim::String), serde_json::Value::String(s)) => {
            Some(quote! { ::std::string::String::from(#s) })
        }
        (Ty::Prim(Prim::Bool), serde_json::Value::Bool(b)) => Some(quote! { #b }),
        (Ty::Prim(Prim::I32), v) => v.as_i64().and_then(|n| i32::try_from(n).ok()).map(|n| {
            let l = Literal::i32_unsuffixed(n);
            quote! { #l }
        }),
        (Ty::Prim(Prim::I64), v) => v.as_i64().map(|n| {
            let l = Literal::i64_unsuffixed(n);
            quote! { #l }
        }),
        (Ty::Prim(Prim::F64), v) => v.as_f64().map(|n| {
            let l = Literal::f64_unsuffixed(n);
            quote! { #l }
        }),
        (Ty::Named(id), serde_json::Value::String(s)) => match &r.api.types.get(*id)?.kind {
            TypeKind::StrEnum(e) => {
                let (variant, _) = e.variants.iter().find(|(_, v)| v == s)?;
                let t = r.ty(ty);
                let v = ident(variant);
                Some(quote! { #t::#v })
            }
            TypeKind::Alias(inner) => default_expr(r, inner, value),
            _ => None,
        },
        (Ty::Named(id), v) => match &r.api.types.get(*id)?.kind {
            TypeKind::IntEnum(e) => {
                let n = v.as_i64()?;
                let (variant, _) = e.variants.iter().find(|(_, x)| *x == n)?;
                let t = r.ty(ty);
                let v = ident(variant);
                Some(quote! { #t::#v })
            }
            TypeKind::Alias(inner) => default_expr(r, inner, value),
            _ => None,
        },
        _ => None,
    }
}

/// How a non-path parameter is held in the params struct.
enum Held {
    /// `T`: required, or optional with a default the struct's `Default` fills in.
    Plain(Option<TokenStream>),
    /// `Option<T>`: optional without a usable default.
    Optional,
}

fn held(r: &TypeRenderer<'_>, p: &Param) -> Held {
    if p.required {
        return Held::Plain(None);
    }
    match p.default.as_ref().and_then(|d| default_expr(r, &p.ty, d)) {
        Some(e) => Held::Plain(Some(e)),
        None => Held::Optional,
    }
}

fn success_type(r: &TypeRenderer<'_>, op: &Operation, successes: &[&ResponseCase]) -> TokenStream {
    match successes {
        [] => quote! { () },
        [one] => body_type(r, &one.body),
        _ => {
            let name = format_ident!("{}Response", op.type_prefix);
            quote! { #name }
        }
    }
}

fn body_type(r: &TypeRenderer<'_>, body: &ResponseBody) -> TokenStream {
    match body {
        ResponseBody::Empty => quote! { () },
        ResponseBody::Json(ty) => r.ty(ty),
        ResponseBody::Text => quote! { ::std::string::String },
        ResponseBody::Bytes => quote! { ::std::vec::Vec<u8> },
    }
}

/// The pattern for a response case. Exact codes are matched first, so a range leaves out the
/// listed codes at its ends (`200` and `2XX` give `200` and `201..=299`: rustc warns about ranges
/// that overlap a pattern on an endpoint); a range whose every code is listed has no arm.
fn status_pattern(s: StatusMatch, codes: &[u16]) -> Option<TokenStream> {
    match s {
        StatusMatch::Code(c) => {
            let l = Literal::u16_unsuffixed(c);
            Some(quote! { #l })
        }
        StatusMatch::Range(d) => {
            let listed = |c: u32| u16::try_from(c).is_ok_and(|c| codes.contains(&c));
            let (mut lo, mut hi) = (u32::from(d) * 100, u32::from(d) * 100 + 99);
            while lo <= hi && listed(lo) {
                lo += 1;
            }
            while hi > lo && listed(hi) {
                hi -= 1;
            }
            if lo > hi {
                return None;
            }
            let (lo, hi) = (Literal::u32_unsuffixed(lo), Literal::u32_unsuffixed(hi));
            Some(quote! { #lo..=#hi })
        }
        StatusMatch::Default => Some(quote! { _ }),
    }
}

/// One operation: its types (items) and its `Client` methods.
fn operation(
    r: &TypeRenderer<'_>,
    checks: &Checks<'_>,
    op: &Operation,
) -> (TokenStream, TokenStream) {
    let api = r.api;
    let prefix = &op.type_prefix;
    let method = ident(&op.method_name);
    let op_id = &op.operation_id;
    let successes: Vec<&ResponseCase> = op.responses.iter().filter(|c| c.success).collect();
    let errors: Vec<&ResponseCase> = op.responses.iter().filter(|c| !c.success).collect();
    let ok_ty = success_type(r, op, &successes);
    let err_name = format_ident!("{}Error", prefix);
    let mut items = TokenStream::new();

    // The response enum, when there are several successes.
    if successes.len() > 1 {
        let name = format_ident!("{}Response", prefix);
        let variants = case_variants(r, &successes);
        let doc = format!(
            " The documented successes of [`Client::{}`].",
            op.method_name
        );
        items.extend(quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq)]
            pub enum #name { #variants }
        });
    }
    // The error enum: every documented error status.
    let variants = case_variants(r, &errors);
    let doc = format!(
        " The documented error responses of [`Client::{}`], inside `crate::runtime::Error::Api` with their status and headers.",
        op.method_name
    );
    items.extend(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #err_name { #variants }
    });

    // Parameters other than path ones go into a params struct.
    let others: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .collect();
    let params_name = format_ident!("{}Params", prefix);
    if !others.is_empty() {
        let fields = others.iter().map(|p| {
            let name = ident(&p.name);
            let t = r.ty(&p.ty);
            let mut d = p.docs.clone();
            let loc = match p.location {
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
                ParamLocation::Path => "path",
            };
            let where_doc = format!(" Sent as the {loc} parameter `{}`.", p.wire_name);
            d.title = None;
            let fdoc = docs(&d);
            let t = match held(r, p) {
                Held::Plain(_) => t,
                Held::Optional => quote! { ::std::option::Option<#t> },
            };
            quote! { #fdoc #[doc = ""] #[doc = #where_doc] pub #name: #t, }
        });
        let helds: Vec<Held> = others.iter().map(|p| held(r, p)).collect();
        let all_optional = helds.iter().all(|h| matches!(h, Held::Optional));
        let all_defaulted = helds.iter().all(|h| !matches!(h, Held::Plain(None)));
        let doc = format!(
            " Query, header and cookie parameters of [`Client::{}`].",
            op.method_name
        );
        let (derive_default, default_impl) = if all_optional {
            (quote! { Default, }, quote! {})
        } else if all_defaulted {
            let inits = others.iter().zip(&helds).map(|(p, h)| {
                let name = ident(&p.name);
                match h {
                    Held::Plain(Some(e)) => quote! { #name: #e, },
                    _ => quote! { #name: ::std::option::Option::None, },
                }
            });
            (
                quote! {},
                quote! {
                    /// The spec's defaults; optional parameters without one are left out.
                    impl ::std::default::Default for #params_name {
                        fn default() -> Self { Self { #(#inits)* } }
                    }
                },
            )
        } else {
            (quote! {}, quote! {})
        };
        items.extend(quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq, #derive_default)]
            pub struct #params_name { #(#fields)* }
            #default_impl
        });
    }

    // Method arguments.
    let mut args = TokenStream::new();
    for p in op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
    {
        let name = ident(&p.name);
        let t = match &p.ty {
            Ty::Prim(Prim::String) => quote! { &str },
            Ty::Prim(p @ (Prim::I32 | Prim::I64 | Prim::F32 | Prim::F64 | Prim::Bool)) => {
                super::rust_types::prim(*p)
            }
            other => {
                let t = r.ty(other);
                quote! { &#t }
            }
        };
        args.extend(quote! { #name: #t, });
    }
    if let Some(b) = &op.body {
        // Raw bodies are taken as a slice; everything else by reference to its type.
        let t = if b.ty == Ty::Prim(Prim::Binary) {
            quote! { [u8] }
        } else {
            r.ty(&b.ty)
        };
        if b.required {
            args.extend(quote! { body: &#t, });
        } else {
            args.extend(quote! { body: ::std::option::Option<&#t>, });
        }
    }
    if !others.is_empty() {
        args.extend(quote! { params: &#params_name, });
    }

    // Validation before any I/O.
    let mut validation = TokenStream::new();
    for p in &op.params {
        let name = ident(&p.name);
        let wire = &p.wire_name;
        let inner = checks.checks(&p.ty, &p.constraints, quote! { value });
        if inner.is_empty() {
            continue;
        }
        validation.extend(match (p.location, held(r, p)) {
            (ParamLocation::Path, _) => match &p.ty {
                Ty::Prim(Prim::String) => quote! { let value = #name; v.field(#wire, |v| { #inner }); },
                _ => quote! { let value = &#name; v.field(#wire, |v| { #inner }); },
            },
            (_, Held::Plain(_)) => quote! { let value = &params.#name; v.field(#wire, |v| { #inner }); },
            (_, Held::Optional) => quote! { if let ::std::option::Option::Some(value) = &params.#name { v.field(#wire, |v| { #inner }); } },
        });
    }
    if let Some(b) = &op.body {
        let inner = checks.checks(&b.ty, &Default::default(), quote! { body });
        if !inner.is_empty() {
            validation.extend(if b.required {
                inner
            } else {
                quote! { if let ::std::option::Option::Some(body) = body { #inner } }
            });
        }
    }
    let validation = if validation.is_empty() {
        quote! {}
    } else {
        quote! {
            let mut v = crate::runtime::Validator::new();
            #validation
            req.check(v.finish());
        }
    };

    // Building the request.
    let http_method = format_ident!("{}", op.http_method);
    let mut build = quote! {
        let mut req = crate::runtime::RequestBuilder::new(::reqwest::Method::#http_method, #op_id);
        #validation
    };
    if let Some(accept) = &op.accept {
        build.extend(quote! { req.header("accept", &#accept); });
    }
    for seg in &op.segments {
        match seg {
            PathSegment::Literal(l) => build.extend(quote! { req.path(#l); }),
            PathSegment::Param(i) => {
                let p = &op.params[*i];
                let name = ident(&p.name);
                let expr = if is_display(api, &p.ty) {
                    quote! { &#name }
                } else {
                    quote! { &::serde_json::to_string(#name).unwrap_or_default() }
                };
                build.extend(quote! { req.path_param(#expr); });
            }
        }
    }
    for p in &others {
        let name = ident(&p.name);
        let wire = &p.wire_name;
        let optional = matches!(held(r, p), Held::Optional);
        let value = quote! { value };
        let as_display = |v: &TokenStream, ty: &Ty| -> TokenStream {
            if is_display(api, ty) {
                quote! { #v }
            } else {
                quote! { &::serde_json::to_string(#v).unwrap_or_default() }
            }
        };
        let stmt = match (p.location, &p.ty) {
            (ParamLocation::Query, Ty::Vec(item))
                if is_display(api, item) && p.list_separator.is_some() =>
            {
                let separator = p.list_separator.unwrap_or(",");
                quote! {
                    let joined = #value.iter().map(::std::string::ToString::to_string).collect::<::std::vec::Vec<_>>().join(#separator);
                    req.query(#wire, &joined);
                }
            }
            (ParamLocation::Query, Ty::Vec(item)) if is_display(api, item) => {
                quote! {
                    let list: ::std::vec::Vec<&dyn ::std::fmt::Display> = #value.iter().map(|x| x as &dyn ::std::fmt::Display).collect();
                    req.query_list(#wire, &list);
                }
            }
            (ParamLocation::Query, ty) => {
                let d = as_display(&value, ty);
                quote! { req.query(#wire, #d); }
            }
            (ParamLocation::Header, ty)
                if op.idempotency_header.as_deref() == Some(wire.as_str()) =>
            {
                let d = as_display(&value, ty);
                quote! { req.idempotency_key(#wire, #d); }
            }
            (ParamLocation::Header, ty) => {
                let d = as_display(&value, ty);
                quote! { req.header(#wire, #d); }
            }
            (ParamLocation::Cookie, ty) => {
                let d = as_display(&value, ty);
                quote! { req.cookie(#wire, #d); }
            }
            (ParamLocation::Path, _) => quote! {},
        };
        build.extend(if optional {
            quote! { if let ::std::option::Option::Some(value) = &params.#name { #stmt } }
        } else {
            quote! { { let value = &params.#name; #stmt } }
        });
    }
    if let Some(b) = &op.body {
        let send = match &b.media {
            BodyMedia::Json => quote! { req.json(body); },
            BodyMedia::Form => quote! { req.form(body); },
            BodyMedia::Bytes(ct) => quote! { req.bytes(#ct, body.to_vec()); },
        };
        build.extend(if b.required {
            send
        } else {
            quote! { if let ::std::option::Option::Some(body) = body { #send } }
        });
    }

    // Reading the response.
    let mut cases: Vec<&ResponseCase> = op.responses.iter().collect();
    cases.sort_by_key(|c| c.status);
    let many = successes.len() > 1;
    let response_enum = format_ident!("{}Response", prefix);
    let codes: Vec<u16> = cases
        .iter()
        .filter_map(|c| match c.status {
            StatusMatch::Code(code) => Some(code),
            _ => None,
        })
        .collect();
    let mut arms: Vec<TokenStream> = cases
        .iter()
        .filter_map(|c| {
            let pat = status_pattern(c.status, &codes)?;
            let v = ident(&c.variant);
            let expr = if c.success {
                match (&c.body, many) {
                    (ResponseBody::Empty, false) => quote! { resp.empty() },
                    (ResponseBody::Empty, true) => quote! { resp.empty_map(#response_enum::#v) },
                    (ResponseBody::Json(_), false) => quote! { resp.json() },
                    (ResponseBody::Json(_), true) => quote! { resp.json_map(#response_enum::#v) },
                    (ResponseBody::Text, false) => quote! { resp.text() },
                    (ResponseBody::Text, true) => quote! { resp.text().map(|r| r.map(#response_enum::#v)) },
                    (ResponseBody::Bytes, false) => quote! { ::std::result::Result::Ok(resp.into_bytes()) },
                    (ResponseBody::Bytes, true) => quote! { ::std::result::Result::Ok(resp.into_bytes().map(#response_enum::#v)) },
                }
            } else {
                match &c.body {
                    ResponseBody::Empty => quote! { ::std::result::Result::Err(resp.error_empty(#err_name::#v)) },
                    ResponseBody::Json(_) => quote! { ::std::result::Result::Err(resp.error_json(#err_name::#v)) },
                    ResponseBody::Text => quote! { ::std::result::Result::Err(resp.error_text(#err_name::#v)) },
                    ResponseBody::Bytes => quote! { ::std::result::Result::Err(resp.error_bytes(#err_name::#v)) },
                }
            };
            Some(quote! { #pat => #expr, })
        })
        .collect();
    if successes.is_empty() {
        arms.insert(0, quote! { 200..=299 => resp.empty(), });
    }
    if !cases.iter().any(|c| c.status == StatusMatch::Default) {
        arms.push(quote! { _ => ::std::result::Result::Err(resp.unexpected()), });
    }

    let method_docs = {
        let mut d = docs(&op.docs);
        let line = format!(" `{} {}`", op.http_method, op.path);
        d.extend(quote! { #[doc = ""] #[doc = #line] });
        d
    };
    // A plain method that builds the request (invalid arguments are kept in it and returned
    // before any I/O) and returns the transport's shared future, `Call`, with a function reading
    // each documented status: no `async fn` (and so no state machine to check) per operation.
    let mut methods = quote! {
        #method_docs
        pub fn #method(&self, #args) -> crate::runtime::Call<'_, crate::runtime::Response<#ok_ty>, #err_name> {
            #build
            self.transport.call(req, |resp| match resp.status() {
                #(#arms)*
            })
        }
    };

    if let Some(pg) = &op.pagination {
        methods.extend(pagination(r, op, pg, &err_name, &params_name));
    }
    (items, methods)
}

fn pagination(
    r: &TypeRenderer<'_>,
    op: &Operation,
    pg: &crate::model::Pagination,
    err_name: &proc_macro2::Ident,
    params_name: &proc_macro2::Ident,
) -> TokenStream {
    let stream_name = format_ident!("{}_stream", op.method_name.trim_start_matches("r#"));
    let method = ident(&op.method_name);
    let item_ty = r.ty(&pg.item);
    let limit = ident(&op.params[pg.limit].name);
    let offset = ident(&op.params[pg.offset].name);
    let limit_optional = matches!(held(r, &op.params[pg.limit]), Held::Optional);
    let offset_optional = matches!(held(r, &op.params[pg.offset]), Held::Optional);
    let is_i32 = |p: &Param| p.ty == Ty::Prim(Prim::I32);
    // No closures: clippy rejects `map(|v| i64::from(v))` (redundant) and `map(|v| v)`.
    let read = |name: &proc_macro2::Ident, optional: bool, fallback: i64, i32_ty: bool| {
        let fallback = Literal::i64_unsuffixed(fallback);
        match (optional, i32_ty) {
            (true, true) => quote! { params.#name.map(i64::from).unwrap_or(#fallback) },
            // Already `i64`: no identity `map` (clippy's `map_identity`).
            (true, false) => quote! { params.#name.unwrap_or(#fallback) },
            (false, true) => quote! { i64::from(params.#name) },
            (false, false) => quote! { params.#name },
        }
    };
    let start = read(&offset, offset_optional, 0, is_i32(&op.params[pg.offset]));
    let page = read(&limit, limit_optional, 50, is_i32(&op.params[pg.limit]));
    let set = |name: &proc_macro2::Ident, optional: bool, i32_ty: bool, var: TokenStream| {
        let v = if i32_ty {
            quote! { i32::try_from(#var).unwrap_or(i32::MAX) }
        } else {
            var
        };
        if optional {
            quote! { p.#name = ::std::option::Option::Some(#v); }
        } else {
            quote! { p.#name = #v; }
        }
    };
    let set_offset = set(
        &offset,
        offset_optional,
        is_i32(&op.params[pg.offset]),
        quote! { offset },
    );
    let set_limit = set(
        &limit,
        limit_optional,
        is_i32(&op.params[pg.limit]),
        quote! { limit },
    );
    let path_params: Vec<_> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .collect();
    let path_args = path_params.iter().map(|p| {
        let name = ident(&p.name);
        let t = match &p.ty {
            Ty::Prim(Prim::String) => quote! { &'a str },
            Ty::Prim(p @ (Prim::I32 | Prim::I64 | Prim::F32 | Prim::F64 | Prim::Bool)) => {
                super::rust_types::prim(*p)
            }
            other => {
                let t = r.ty(other);
                quote! { &'a #t }
            }
        };
        quote! { #name: #t, }
    });
    let path_names: Vec<_> = path_params.iter().map(|p| ident(&p.name)).collect();
    let extract = if pg.items_path.is_empty() {
        quote! { page.into_body() }
    } else {
        let f = ident(&pg.items_path[0]);
        quote! { page.into_body().#f }
    };
    let doc = format!(
        " Every item of [`Client::{}`], page by page: starts at the params' offset, asks for pages of their limit, and stops after a page shorter than the limit.",
        op.method_name
    );
    quote! {
            #[doc = #doc]
            pub fn #stream_name<'a>(&'a self, #(#path_args)* params: &'a #params_name) -> impl ::futures_util::stream::Stream<Item = ::std::result::Result<#item_ty, crate::runtime::Error<#err_name>>> + 'a {
                let start = #start;
                let page_size = #page;
                crate::runtime::paginate_offset(start, page_size, move |offset, limit| {
                    let mut p = params.clone();
                    #set_offset
                    #set_limit
                    async move {
                        let page = self.#method(#(#path_names,)* &p).await?;
                        ::std::result::Result::Ok(#extract)
                    }
                })
            }
    }
}

/// One enum variant per response case: named by status, holding the typed body if there is one.
fn case_variants(r: &TypeRenderer<'_>, cases: &[&ResponseCase]) -> TokenStream {
    cases
        .iter()
        .map(|c| {
            let v = ident(&c.variant);
            let d = format!(
                " {} {}",
                status_text(c.status),
                c.description.lines().next().unwrap_or("")
            );
            match &c.body {
                ResponseBody::Empty => quote! { #[doc = #d] #v, },
                b => {
                    let t = body_type(r, b);
                    quote! { #[doc = #d] #v(#t), }
                }
            }
        })
        .collect()
}

fn status_text(s: StatusMatch) -> String {
    match s {
        StatusMatch::Code(c) => format!("`{c}`:"),
        StatusMatch::Range(d) => format!("`{d}XX`:"),
        StatusMatch::Default => "Any other status:".into(),
    }
}
