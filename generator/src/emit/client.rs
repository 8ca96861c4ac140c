//! The `client` module: `Client`, `Server`, and per tag one file with the operations' parameter,
//! response and error types and their methods (each builds its request and returns a future).

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::model::{
    Api, BodyMedia, Operation, Param, ParamLocation, PartKind, PathSegment, Prim, ResponseBody,
    ResponseCase, SecurityKind, StatusMatch, Ty, TypeKind,
};
use crate::surface::{
    DefaultValue, Held, OperationSurface, ParamSurface, ParamsDefault, VariantSurface,
};

use super::builders::{struct_impl, BuiltField, Store};
use super::docs::{doc_attrs, docs, sanitize};
use super::rust_types::{ident, tokens, TypeRenderer};
use super::types::{redacted_debug_impl, Shown};
use super::validate::{in_field, Checks, Patterns};

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
            /// (`#[non_exhaustive]`: a server the spec adds later is not a breaking change.)
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            #[non_exhaustive]
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
    let cfgs: Vec<TokenStream> = modules
        .iter()
        .map(|m| super::features::cfg_attr(r.surface.features.module_cfg(m).as_deref()))
        .collect();
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
        #( #cfgs mod #mods; #cfgs pub use #mods::*; )*
        #[allow(unused_imports)]
        use #root::types as _;
    }
}

/// Groups operations (by index) by module name, in a stable order.
pub fn modules(api: &Api) -> BTreeMap<String, Vec<usize>> {
    let mut out: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, op) in api.operations.iter().enumerate() {
        out.entry(op.module.clone()).or_default().push(i);
    }
    out
}

/// One tag's file: its operations' types and methods. An operation listing several tags is
/// gated on their features (`super::features`), its methods in an `impl` block of their own.
pub fn operations_file(r: &TypeRenderer<'_>, patterns: &Patterns, ops: &[usize]) -> TokenStream {
    let checks = Checks { types: r, patterns };
    let mut items = TokenStream::new();
    let mut methods = TokenStream::new();
    let mut gated_methods = TokenStream::new();
    for &i in ops {
        let (Some(op), Some(surface)) = (r.api.operations.get(i), r.surface.operations.get(i))
        else {
            continue;
        };
        let (op_items, op_methods) = operation(r, &checks, op, surface);
        match r.surface.features.operation_cfg(i, &op.module) {
            None => {
                items.extend(op_items);
                methods.extend(op_methods);
            }
            Some(features) => {
                items.extend(super::features::gate(op_items, Some(&features)));
                let cfg = super::features::cfg_attr(Some(&features));
                gated_methods.extend(quote! { #cfg impl super::Client { #op_methods } });
            }
        }
    }
    // One `impl` block per file: rustc compares every inherent impl block of a type with every
    // other, so a block per operation costs seconds on a spec with a thousand operations.
    let methods = (!methods.is_empty()).then(|| quote! { impl super::Client { #methods } });
    quote! {
        #items
        #methods
        #gated_methods
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

/// The Rust expression for a default value the surface decided on.
fn default_expr(value: &DefaultValue) -> TokenStream {
    match value {
        DefaultValue::String(s) => quote! { ::std::string::String::from(#s) },
        DefaultValue::Bool(b) => quote! { #b },
        DefaultValue::I32(n) => {
            let l = Literal::i32_unsuffixed(*n);
            quote! { #l }
        }
        DefaultValue::I64(n) => {
            let l = Literal::i64_unsuffixed(*n);
            quote! { #l }
        }
        DefaultValue::F64(n) => {
            let l = Literal::f64_unsuffixed(*n);
            quote! { #l }
        }
        DefaultValue::Variant { ty, variant } => {
            let t = tokens(ty);
            let v = ident(variant);
            quote! { #t::#v }
        }
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
    s: &OperationSurface,
) -> (TokenStream, TokenStream) {
    let mut items = operation_types(r, op, s);
    items.extend(params_struct(r, op, s));
    items.extend(form_struct(r, op, s));
    items.extend(headers_structs(r, op, s));
    let op_id = &op.operation_id;
    let err_name = ident(&s.error_enum);
    let validation = validation(checks, op, s);
    let http_method = format_ident!("{}", op.http_method);
    let build = build_request(
        r.api,
        op,
        s,
        quote! {
            let mut req = crate::runtime::RequestBuilder::new(::reqwest::Method::#http_method, #op_id);
            #validation
        },
    );
    let arms = response_arms(op, s, &err_name);
    let method_docs = {
        let mut d = docs(&op.docs);
        let line = format!(" `{} {}`", op.http_method, op.path);
        d.extend(quote! { #[doc = ""] #[doc = #line] });
        if s.streamed {
            d.extend(quote! {
                #[doc = ""]
                #[doc = " The binary body is handed over unread, as a `ByteStream` of chunks, within the call's size limit, timeout and deadline (raise them per call for large bodies)."]
            });
        }
        d
    };
    let signature = tokens(&s.signature);
    // A plain method that builds the request (invalid arguments are kept in it and returned
    // before any I/O) and returns the transport's shared future, `Call`, with a function reading
    // each documented status: no `async fn` (and so no state machine to check) per operation.
    // A streamed operation without documented errors reads every other status one way: no
    // `match` with a lone `_` arm (clippy's `match_single_binding`).
    let read = match arms.as_slice() {
        [(pattern, expr)] if pattern.to_string() == "_" => quote! { |resp| #expr },
        _ => {
            let arms = arms
                .iter()
                .map(|(pattern, expr)| quote! { #pattern => #expr, });
            quote! { |resp| match resp.status() { #(#arms)* } }
        }
    };
    let call = match streamed_statuses(op, s) {
        Some(statuses) => quote! {
            self.transport.call_stream(req, |status| #statuses, #read)
        },
        None => quote! { self.transport.call(req, #read) },
    };
    let mut methods = quote! {
        #method_docs
        pub #signature {
            #build
            #call
        }
    };
    if let (Some(pg), Some(stream)) = (&op.pagination, &s.stream) {
        methods.extend(pagination(op, s, pg, stream));
    }
    (items, methods)
}

/// The operation's `…Response` enum (several successes) and `…Error` enum.
fn operation_types(r: &TypeRenderer<'_>, op: &Operation, s: &OperationSurface) -> TokenStream {
    let successes: Vec<&ResponseCase> = op.responses.iter().filter(|c| c.success).collect();
    let errors: Vec<&ResponseCase> = op.responses.iter().filter(|c| !c.success).collect();
    let mut items = TokenStream::new();
    if let Some(name) = &s.response_enum {
        let name = ident(name);
        let variants = case_variants(r, &successes, &s.response_variants);
        let doc = format!(" The documented successes of [`Client::{}`].", s.method);
        items.extend(quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum #name { #variants }
        });
    }
    let err_name = ident(&s.error_enum);
    let variants = case_variants(r, &errors, &s.error_variants);
    let doc = format!(
        " The documented error responses of [`Client::{}`], inside `crate::runtime::Error::Api` with their status and headers.",
        s.method
    );
    items.extend(quote! {
        #[doc = #doc]
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #err_name { #variants }
    });
    items
}

/// The parameters that are not in the path, with how the surface holds each.
fn struct_params<'o>(
    op: &'o Operation,
    s: &'o OperationSurface,
) -> impl Iterator<Item = (&'o Param, &'o ParamSurface)> {
    op.params
        .iter()
        .zip(&s.params)
        .filter(|(_, ps)| ps.held != Held::Argument)
}

/// The `…Params` struct and its `Default`, when there are query, header or cookie parameters.
fn params_struct(r: &TypeRenderer<'_>, op: &Operation, s: &OperationSurface) -> TokenStream {
    let Some(params_name) = &s.params_struct else {
        return quote! {};
    };
    let params_name = ident(params_name);
    let fields = struct_params(op, s).map(|(p, ps)| {
        let name = ident(&ps.name);
        let t = r.tokens(&ps.ty.full);
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
        quote! { #fdoc #[doc = ""] #[doc = #where_doc] pub #name: #t, }
    });
    let doc = format!(
        " Query, header and cookie parameters of [`Client::{}`].",
        s.method
    );
    let (derive_default, default_impl) = match s.params_default {
        ParamsDefault::Derive => (quote! { Default, }, quote! {}),
        ParamsDefault::Impl => {
            let inits = struct_params(op, s).map(|(_, ps)| {
                let name = ident(&ps.name);
                match &ps.held {
                    Held::Defaulted(value) => {
                        let e = default_expr(value);
                        quote! { #name: #e, }
                    }
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
        }
        ParamsDefault::None => (quote! {}, quote! {}),
    };
    let built: Vec<BuiltField> = struct_params(op, s)
        .map(|(_, ps)| {
            let (start, store) = match &ps.held {
                Held::Defaulted(value) => (default_expr(value), Store::Plain),
                _ => (quote! { ::std::option::Option::None }, Store::Some),
            };
            BuiltField {
                name: ident(&ps.name),
                start,
                store,
            }
        })
        .collect();
    let methods = struct_impl(
        &params_name,
        s.params_struct.as_deref().unwrap_or_default(),
        &built,
        &[],
        &s.params_methods,
    );
    let (derive_debug, debug_impl) = if struct_params(op, s).any(|(p, _)| p.sensitive) {
        (quote! {}, redacted_params_debug(&params_name, op, s))
    } else {
        (quote! { Debug, }, quote! {})
    };
    quote! {
        #[doc = #doc]
        #[derive(#derive_debug Clone, PartialEq, #derive_default)]
        #[non_exhaustive]
        pub struct #params_name { #(#fields)* }
        #debug_impl
        #default_impl
        #methods
    }
}

/// `Debug` for a `…Params` struct with sensitive parameters: as the derive would print it, with
/// each sensitive value shown as `"***"` (an absent optional one stays `None`).
fn redacted_params_debug(
    params_name: &proc_macro2::Ident,
    op: &Operation,
    s: &OperationSurface,
) -> TokenStream {
    let fields = struct_params(op, s).map(|(p, ps)| {
        let shown = match (&ps.held, p.sensitive) {
            (_, false) => Shown::Plain,
            (Held::Optional, true) => Shown::RedactedOption,
            (_, true) => Shown::Redacted,
        };
        (ps.name.as_str(), shown)
    });
    redacted_debug_impl(params_name, &params_name.to_string(), fields)
}

/// The test of the statuses whose binary body is streamed (`status == 200`,
/// `(201..=299).contains(&status)`, joined with `||`), for an operation whose surface streams
/// its success.
fn streamed_statuses(op: &Operation, s: &OperationSurface) -> Option<TokenStream> {
    if !s.streamed {
        return None;
    }
    let codes: Vec<u16> = op
        .responses
        .iter()
        .filter_map(|c| match c.status {
            StatusMatch::Code(code) => Some(code),
            _ => None,
        })
        .collect();
    let tests: Vec<TokenStream> = op
        .responses
        .iter()
        .filter(|c| c.success)
        .filter_map(|c| match c.status {
            StatusMatch::Code(code) => {
                let l = Literal::u16_unsuffixed(code);
                Some(quote! { status == #l })
            }
            range => status_pattern(range, &codes).map(|p| quote! { (#p).contains(&status) }),
        })
        .collect();
    if tests.is_empty() {
        return Some(quote! { false });
    }
    Some(quote! { #(#tests)||* })
}

/// The `…Form` struct of a `multipart/form-data` body: a field per part.
fn form_struct(r: &TypeRenderer<'_>, op: &Operation, s: &OperationSurface) -> TokenStream {
    let (Some(name), Some(body)) = (&s.form_struct, &op.body) else {
        return quote! {};
    };
    let name = ident(name);
    let fields = body
        .parts
        .iter()
        .zip(&s.form_fields)
        .map(|(p, (field, ty))| {
            let field = ident(field);
            let t = r.tokens(&ty.full);
            let fdoc = docs(&p.docs);
            let gap = (!fdoc.is_empty()).then(|| quote! { #[doc = ""] });
            let how = match (&p.kind, &p.content_type) {
                (PartKind::File | PartKind::Files, _) => {
                    format!(" Sent as the file part `{}`.", p.wire_name)
                }
                (PartKind::Value(_), Some(ct)) => {
                    format!(" Sent as the part `{}`, `Content-Type: {ct}`.", p.wire_name)
                }
                (PartKind::Value(_), None) => format!(
                    " Sent as the part `{}` (a string as it is, other values as JSON).",
                    p.wire_name
                ),
            };
            quote! { #fdoc #gap #[doc = #how] pub #field: #t, }
        });
    let doc = format!(
        " The `multipart/form-data` body of [`Client::{}`]: a field per part. Files given as readers are streamed once (the call is then not retried, and cannot be signed); files given as bytes can be.",
        s.method
    );
    let built: Vec<BuiltField> = body
        .parts
        .iter()
        .zip(&s.form_fields)
        .map(|(p, (field, _))| BuiltField {
            name: ident(field),
            start: quote! { ::std::option::Option::None },
            store: if p.required {
                Store::Plain
            } else {
                Store::Some
            },
        })
        .collect();
    let methods = struct_impl(
        &name,
        s.form_struct.as_deref().unwrap_or_default(),
        &built,
        &[],
        &s.form_methods,
    );
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        #[non_exhaustive]
        pub struct #name { #(#fields)* }
        #methods
    }
}

/// The statements putting a multipart `body` (the `…Form`, by value) into `req`.
fn multipart_body(op: &Operation, s: &OperationSurface) -> TokenStream {
    let Some(body) = &op.body else {
        return quote! {};
    };
    let parts = body
        .parts
        .iter()
        .zip(&s.form_fields)
        .map(|(p, (field, _))| {
            let field = ident(field);
            let wire = &p.wire_name;
            let content_type = match &p.content_type {
                Some(ct) => quote! { ::std::option::Option::Some(#ct) },
                None => quote! { ::std::option::Option::None },
            };
            let send = |value: TokenStream| match &p.kind {
                PartKind::File => quote! { form.file(#wire, #value); },
                PartKind::Files => quote! { form.files(#wire, #value); },
                PartKind::Value(Ty::Prim(Prim::String)) => {
                    quote! { form.text(#wire, &#value, #content_type); }
                }
                PartKind::Value(_) => quote! { form.value(#wire, &#value, #content_type); },
            };
            if p.required {
                send(quote! { body.#field })
            } else {
                let stmt = send(quote! { value });
                quote! { if let ::std::option::Option::Some(value) = body.#field { #stmt } }
            }
        });
    quote! {
        let mut form = crate::runtime::Multipart::new();
        #(#parts)*
        req.multipart(form);
    }
}

/// The checks of a multipart body's value parts (named by their part names).
fn form_validation(checks: &Checks<'_>, op: &Operation, s: &OperationSurface) -> TokenStream {
    let Some(body) = op.body.as_ref().filter(|b| b.media == BodyMedia::Multipart) else {
        return quote! {};
    };
    let mut out = TokenStream::new();
    for (p, (field, _)) in body.parts.iter().zip(&s.form_fields) {
        let PartKind::Value(ty) = &p.kind else {
            continue;
        };
        let inner = checks.checks(ty, &p.constraints, quote! { value });
        if inner.is_empty() {
            continue;
        }
        let field = ident(field);
        let checks = in_field(&p.wire_name, inner);
        out.extend(if p.required {
            quote! { let value = &body.#field; { #checks } }
        } else {
            quote! { if let ::std::option::Option::Some(value) = &body.#field { #checks } }
        });
    }
    if body.required || out.is_empty() {
        out
    } else {
        quote! { if let ::std::option::Option::Some(body) = &body { #out } }
    }
}

/// The checks run before any I/O, or nothing.
fn validation(checks: &Checks<'_>, op: &Operation, s: &OperationSurface) -> TokenStream {
    let mut validation = TokenStream::new();
    for (p, ps) in op.params.iter().zip(&s.params) {
        let name = ident(&ps.name);
        let inner = checks.checks(&p.ty, &p.constraints, quote! { value });
        if inner.is_empty() {
            continue;
        }
        let checks = in_field(&p.wire_name, inner);
        validation.extend(match &ps.held {
            Held::Argument => match &p.ty {
                Ty::Prim(Prim::String) => quote! { let value = #name; { #checks } },
                _ => quote! { let value = &#name; { #checks } },
            },
            Held::Required | Held::Defaulted(_) => {
                quote! { let value = &params.#name; { #checks } }
            }
            Held::Optional => {
                quote! { if let ::std::option::Option::Some(value) = &params.#name { #checks } }
            }
        });
    }
    validation.extend(form_validation(checks, op, s));
    if let Some(b) = &op.body {
        validation.extend(match (&b.ty, b.required) {
            (ty, true) => checks.checks(ty, &Default::default(), quote! { body }),
            // An optional body that may also be `null`: one pattern for both layers (two nested
            // `if let`s are clippy's `collapsible_match`).
            (Ty::Option(inner), false) => {
                let checks = checks.checks(inner, &Default::default(), quote! { body });
                if checks.is_empty() {
                    checks
                } else {
                    quote! { if let ::std::option::Option::Some(::std::option::Option::Some(body)) = body { #checks } }
                }
            }
            (ty, false) => {
                let checks = checks.checks(ty, &Default::default(), quote! { body });
                if checks.is_empty() {
                    checks
                } else {
                    quote! { if let ::std::option::Option::Some(body) = body { #checks } }
                }
            }
        });
    }
    if validation.is_empty() {
        quote! {}
    } else {
        quote! {
            let mut v = crate::runtime::Validator::new();
            #validation
            req.check(v.finish());
        }
    }
}

/// Appends to `build` the statements that put the path, parameters and body into `req`.
fn build_request(
    api: &Api,
    op: &Operation,
    s: &OperationSurface,
    mut build: TokenStream,
) -> TokenStream {
    if let Some(accept) = &op.accept {
        build.extend(quote! { req.header("accept", &#accept); });
    }
    if let Some(header) = &op.idempotency_header {
        // A UUID v4 key is made for a call that gives none (and sent on each of its attempts).
        build.extend(quote! { req.idempotency_header(#header); });
    }
    for seg in &op.segments {
        match seg {
            PathSegment::Literal(l) => build.extend(quote! { req.path(#l); }),
            PathSegment::Param(i) => {
                let (Some(p), Some(ps)) = (op.params.get(*i), s.params.get(*i)) else {
                    continue;
                };
                let name = ident(&ps.name);
                let expr = if is_display(api, &p.ty) {
                    quote! { &#name }
                } else {
                    quote! { &::serde_json::to_string(#name).unwrap_or_default() }
                };
                build.extend(quote! { req.path_param(#expr); });
            }
        }
    }
    for (p, ps) in struct_params(op, s) {
        let name = ident(&ps.name);
        let stmt = param_statement(api, op, p);
        build.extend(if ps.held.is_optional() {
            quote! { if let ::std::option::Option::Some(value) = &params.#name { #stmt } }
        } else {
            quote! { { let value = &params.#name; #stmt } }
        });
    }
    if let Some(b) = &op.body {
        let send = match &b.media {
            BodyMedia::Json => quote! { req.json(body); },
            BodyMedia::Form => quote! { req.form(body); },
            BodyMedia::Multipart => multipart_body(op, s),
            BodyMedia::Bytes(ct) => quote! { req.bytes(#ct, body.to_vec()); },
        };
        build.extend(if b.required {
            send
        } else {
            quote! { if let ::std::option::Option::Some(body) = body { #send } }
        });
    }
    build
}

/// The statement sending a query, header or cookie parameter held in `value`.
fn param_statement(api: &Api, op: &Operation, p: &Param) -> TokenStream {
    let wire = &p.wire_name;
    let value = quote! { value };
    let as_display = |v: &TokenStream, ty: &Ty| -> TokenStream {
        if is_display(api, ty) {
            quote! { #v }
        } else {
            quote! { &::serde_json::to_string(#v).unwrap_or_default() }
        }
    };
    match (p.location, &p.ty) {
        // `style`/`explode` (or Swagger 2.0's `collectionFormat`) join the list into one value.
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
        (ParamLocation::Header, ty) if op.idempotency_header.as_deref() == Some(wire.as_str()) => {
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
    }
}

/// The `match` arms reading each documented status: pattern and expression.
fn response_arms(
    op: &Operation,
    s: &OperationSurface,
    err_name: &proc_macro2::Ident,
) -> Vec<(TokenStream, TokenStream)> {
    let mut cases: Vec<&ResponseCase> = op.responses.iter().collect();
    cases.sort_by_key(|c| c.status);
    let response_enum = s.response_enum.as_deref().map(ident);
    let codes: Vec<u16> = cases
        .iter()
        .filter_map(|c| match c.status {
            StatusMatch::Code(code) => Some(code),
            _ => None,
        })
        .collect();
    let mut arms: Vec<(TokenStream, TokenStream)> = cases
        .iter()
        // A streamed success is answered by the transport, unread.
        .filter(|c| !(s.streamed && c.success))
        .filter_map(|c| {
            let pat = status_pattern(c.status, &codes)?;
            let v = ident(&c.variant);
            let expr = if c.success {
                match (&c.body, &response_enum) {
                    (ResponseBody::Empty, None) => quote! { resp.empty() },
                    (ResponseBody::Empty, Some(e)) => quote! { resp.empty_map(#e::#v) },
                    (ResponseBody::Json(_), None) => quote! { resp.json() },
                    (ResponseBody::Json(_), Some(e)) => quote! { resp.json_map(#e::#v) },
                    (ResponseBody::Text, None) => quote! { resp.text() },
                    (ResponseBody::Text, Some(e)) => quote! { resp.text().map(|r| r.map(#e::#v)) },
                    (ResponseBody::Bytes, None) => {
                        quote! { ::std::result::Result::Ok(resp.into_bytes()) }
                    }
                    (ResponseBody::Bytes, Some(e)) => {
                        quote! { ::std::result::Result::Ok(resp.into_bytes().map(#e::#v)) }
                    }
                }
            } else {
                match &c.body {
                    ResponseBody::Empty => {
                        quote! { ::std::result::Result::Err(resp.error_empty(#err_name::#v)) }
                    }
                    ResponseBody::Json(_) => match error_message(s, &c.variant) {
                        Some(message_at) => quote! {
                            ::std::result::Result::Err(resp.error_json_message(#err_name::#v, #message_at))
                        },
                        None => {
                            quote! { ::std::result::Result::Err(resp.error_json(#err_name::#v)) }
                        }
                    },
                    ResponseBody::Text => {
                        quote! { ::std::result::Result::Err(resp.error_text(#err_name::#v)) }
                    }
                    ResponseBody::Bytes => {
                        quote! { ::std::result::Result::Err(resp.error_bytes(#err_name::#v)) }
                    }
                }
            };
            Some((pat, expr))
        })
        .collect();
    if !op.responses.iter().any(|c| c.success) {
        arms.insert(0, (quote! { 200..=299 }, quote! { resp.empty() }));
    }
    if !cases.iter().any(|c| c.status == StatusMatch::Default) {
        arms.push((
            quote! { _ },
            quote! { ::std::result::Result::Err(resp.unexpected()) },
        ));
    }
    arms
}

/// The JSON pointer (`/message`, `/status/message`) to the provider's message in the body of the
/// error variant `variant`, where the surface found one. A string literal, not a slice of names:
/// each slice would be one more constant for the compiler to promote, in every operation.
fn error_message(s: &OperationSurface, variant: &str) -> Option<String> {
    let i = s.error_variants.iter().position(|v| v.name == variant)?;
    let path = s.error_messages.get(i)?.as_ref()?;
    Some(
        path.iter()
            .map(|step| format!("/{}", step.wire.replace('~', "~0").replace('/', "~1")))
            .collect(),
    )
}

/// The `…_stream` method of a paginated operation: `paginate_offset_with` over the list
/// method, ending where the response's end signal says (`has_more`, a total count) or on an
/// empty page.
fn pagination(
    op: &Operation,
    s: &OperationSurface,
    pg: &crate::model::Pagination,
    (_, signature): &(String, String),
) -> TokenStream {
    let method = ident(&s.method);
    let err_name = ident(&s.error_enum);
    let (Some(limit_p), Some(offset_p), Some(limit_s), Some(offset_s)) = (
        op.params.get(pg.limit),
        op.params.get(pg.offset),
        s.params.get(pg.limit),
        s.params.get(pg.offset),
    ) else {
        return quote! {};
    };
    let is_i32 = |p: &Param| p.ty == Ty::Prim(Prim::I32);
    // No closures: clippy rejects `map(|v| i64::from(v))` (redundant) and `map(|v| v)`.
    let read = |ps: &ParamSurface, fallback: i64, i32_ty: bool| {
        let name = ident(&ps.name);
        let fallback = Literal::i64_unsuffixed(fallback);
        match (ps.held.is_optional(), i32_ty) {
            (true, true) => quote! { params.#name.map(i64::from).unwrap_or(#fallback) },
            // Already `i64`: no identity `map` (clippy's `map_identity`).
            (true, false) => quote! { params.#name.unwrap_or(#fallback) },
            (false, true) => quote! { i64::from(params.#name) },
            (false, false) => quote! { params.#name },
        }
    };
    let start = read(offset_s, 0, is_i32(offset_p));
    let page = read(limit_s, 50, is_i32(limit_p));
    // The offset and limit as the parameters' types: an offset past `i32::MAX` is an error
    // (`Error::Paging`), never clamped (which would fetch the same page again).
    let set = |p: &Param, ps: &ParamSurface, var: TokenStream| {
        let name = ident(&ps.name);
        let wire = &p.wire_name;
        let v = if is_i32(p) {
            quote! { crate::runtime::page_param::<i32, #err_name>(#var, #wire)? }
        } else {
            var
        };
        if ps.held.is_optional() {
            quote! { p.#name = ::std::option::Option::Some(#v); }
        } else {
            quote! { p.#name = #v; }
        }
    };
    let set_offset = set(offset_p, offset_s, quote! { offset });
    let set_limit = set(limit_p, limit_s, quote! { limit });
    let path_names: Vec<_> = path_argument_names(op, s);
    // The body (a reference, so a copy per page) goes with every page's request.
    let body = op.body.as_ref().map(|_| quote! { body, });
    let (items, has_more) = page_items(pg);
    let doc = stream_doc(s, pg);
    let signature = tokens(signature);
    quote! {
            #doc
            pub #signature {
                let start = #start;
                let page_size = #page;
                crate::runtime::paginate_offset_with(start, page_size, crate::runtime::PageEnd::Empty, limits, move |offset, limit| {
                    let mut p = params.clone();
                    async move {
                        #set_offset
                        #set_limit
                        let body = self.#method(#(#path_names,)* #body &p).await?.into_body();
                        let items = #items;
                        let has_more = #has_more;
                        ::std::result::Result::Ok(crate::runtime::Page { items, has_more })
                    }
                })
            }
    }
}

/// The expressions reading a page's items (a `Vec`) and end signal (an `Option<bool>`) from its
/// `body`.
fn page_items(pg: &crate::model::Pagination) -> (TokenStream, TokenStream) {
    use crate::model::{PageEndSignal, Presence};
    // A field (or the body) as an `Option`, by how it is held.
    let as_option = |value: TokenStream, presence: Presence| match presence {
        Presence::Required => quote! { ::std::option::Option::Some(#value) },
        Presence::Optional | Presence::RequiredNullable => value,
        Presence::OptionalNullable => quote! { #value.into_option() },
    };
    let array = match &pg.items_field {
        None => quote! { body },
        Some(f) => {
            let f = ident(&f.name);
            quote! { body.#f }
        }
    };
    let items = match pg.items_presence {
        Presence::Required => array,
        presence => {
            let o = as_option(array, presence);
            quote! { #o.unwrap_or_default() }
        }
    };
    let has_more = match &pg.end {
        PageEndSignal::Empty => quote! { ::std::option::Option::None },
        PageEndSignal::HasMore(f) => {
            let name = ident(&f.name);
            as_option(quote! { body.#name }, f.presence)
        }
        PageEndSignal::Total(f) => {
            let name = ident(&f.name);
            let total = as_option(quote! { body.#name }, f.presence);
            let total = if f.ty == Ty::Prim(Prim::I32) {
                quote! { #total.map(i64::from) }
            } else {
                total
            };
            quote! { crate::runtime::more_before_total(offset, items.len(), #total) }
        }
    };
    (items, has_more)
}

/// The doc comment of a `…_stream` method: what it yields and the rule that ends it.
fn stream_doc(s: &OperationSurface, pg: &crate::model::Pagination) -> TokenStream {
    use crate::model::PageEndSignal;
    let rule = match &pg.end {
        PageEndSignal::Empty => "The response has no end signal, so the stream ends after an empty page (one request more than the items need); a page shorter than the limit does not end it, since a server may cap pages below the limit asked for.".to_string(),
        PageEndSignal::HasMore(f) => format!("The stream ends after a page whose `{}` is `false`, or after an empty page.", f.json_name),
        PageEndSignal::Total(f) => format!("The stream ends once the items reach the response's `{}`, or after an empty page.", f.json_name),
    };
    let text = format!(
        "Every item of [`Client::{}`], page by page: starts at the params' offset, asks for pages of their limit, and advances the offset by the items received.\n\n{rule}\n\nA page that repeats the one before stops the stream with `Error::Paging` (a server that ignores the offset), as does an offset that does not fit the parameter's type. `limits` caps the pages fetched and the items yielded (`PageLimits::default()`: no cap).",
        s.method
    );
    doc_attrs(&text)
}

/// The names of the path parameters (the method's leading arguments).
fn path_argument_names(op: &Operation, s: &OperationSurface) -> Vec<proc_macro2::Ident> {
    op.params
        .iter()
        .zip(&s.params)
        .filter(|(_, ps)| ps.held == Held::Argument)
        .map(|(_, ps)| ident(&ps.name))
        .collect()
}

/// One enum variant per response case: named by status, holding the typed body if there is one.
fn case_variants(
    r: &TypeRenderer<'_>,
    cases: &[&ResponseCase],
    variants: &[VariantSurface],
) -> TokenStream {
    cases
        .iter()
        .zip(variants)
        .map(|(c, vs)| {
            let v = ident(&vs.name);
            let d = doc_attrs(&format!(
                "{} {}",
                status_text(c.status),
                sanitize(&c.description)
            ));
            match &vs.payload {
                None => quote! { #d #v, },
                Some(t) => {
                    let t = r.tokens(&t.full);
                    quote! { #d #v(#t), }
                }
            }
        })
        .collect()
}

/// Per response that declares headers, its `…Headers` struct: a field per header, read by
/// `from_headers` (a header that is absent, not text or not of its type is `None`).
fn headers_structs(r: &TypeRenderer<'_>, op: &Operation, s: &OperationSurface) -> TokenStream {
    s.response_headers
        .iter()
        .map(|h| {
            let case = &op.responses[h.response];
            let name = ident(&h.name);
            let doc = format!(
                " The headers declared for the {} response of [`Client::{}`].",
                status_text(case.status).trim_end_matches(':'),
                s.method
            );
            let fields = case.headers.iter().zip(&h.fields).map(|(header, ty)| {
                let field = ident(&header.name);
                let ty = r.tokens(&ty.full);
                let d = doc_attrs(&match &header.description {
                    Some(d) => format!("`{}`: {}", header.wire_name, sanitize(d)),
                    None => format!("`{}`.", header.wire_name),
                });
                quote! { #d pub #field: #ty, }
            });
            let reads = case.headers.iter().map(|header| {
                let field = ident(&header.name);
                let wire = &header.wire_name;
                let read = match header.ty {
                    Prim::String => quote! { header_text },
                    _ => quote! { header_parsed },
                };
                quote! {
                    #field: crate::runtime::#read(headers, #wire),
                }
            });
            quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, PartialEq, Default)]
                #[non_exhaustive]
                pub struct #name { #(#fields)* }

                impl #name {
                    /// Reads the declared headers from a response's headers (`Response::headers()`, `ApiError::headers`).
                    pub fn from_headers(headers: &crate::runtime::HeaderMap) -> Self {
                        #name { #(#reads)* }
                    }
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
