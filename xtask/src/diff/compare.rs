//! The comparison of two versions of one spec.
//!
//! Both versions are loaded and built into the generator's model ([`generator::model::Api`]), so
//! every change can name the generated Rust items it affects with the names the generator really
//! gives them. Operations are matched by HTTP method and path (an `operationId` change is then
//! reported as such), types by the JSON pointer of the schema they come from (`origin`), struct
//! fields by their wire name, parameters by location and wire name, responses by status, and
//! enum values by their wire value. What the model does not keep (media types, security
//! requirements) is compared on the raw `openapiv3` documents.
//!
//! Each change is classified by what it does to code calling the generated client:
//!
//! - ERR: breaks callers on the wire or at compile time (an operation or a response field removed,
//!   a parameter or request field now required, a type changed, a request constraint tightened,
//!   a method renamed).
//! - WARN: may break callers (a Rust field becomes `Option<T>`, an enum used in responses gains a
//!   value, a public item disappears).
//! - INFO: everything else worth a reviewer's eye (additions, loosened request constraints).
//!
//! Whether a schema change hits requests or responses is decided by where the type is used: the
//! types reachable from parameters and request bodies are request types, those reachable from
//! responses response types; a type used by neither is taken as both.

use std::collections::{BTreeMap, BTreeSet};

use generator::diag::pointer_join;
use generator::model::{
    Additional, Api, Body, BodyMedia, Constraints, Field, Operation, Param, ParamLocation,
    Presence, Prim, ResponseBody, ResponseCase, StatusMatch, Ty, TypeDef, TypeId, TypeKind,
};
use openapiv3::{OpenAPI, ReferenceOr, StatusCode};

/// How much a change matters to callers, worst last (so `max` picks the worst).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing, breaks nothing.
    Info,
    /// May break callers.
    Warn,
    /// Breaks callers.
    Err,
}

impl Severity {
    /// `ERR`, `WARN` or `INFO`.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Err => "ERR",
            Severity::Warn => "WARN",
            Severity::Info => "INFO",
        }
    }

    /// Parses `ERR`/`WARN`/`INFO` (any case).
    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_uppercase().as_str() {
            "ERR" | "ERROR" => Some(Severity::Err),
            "WARN" | "WARNING" => Some(Severity::Warn),
            "INFO" => Some(Severity::Info),
            _ => None,
        }
    }
}

/// One change between the two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// How much it matters.
    pub severity: Severity,
    /// A stable, kebab-case identifier of the kind of change (`operation-removed`).
    pub kind: &'static str,
    /// What changed, in a sentence (Markdown code spans for names).
    pub message: String,
    /// JSON pointer of the node in the spec (in the new version when it exists there).
    pub pointer: String,
    /// Generated Rust items whose signatures change (`paycross::Client::create_customer`); a
    /// rename reads `old → new`.
    pub items: Vec<String>,
    /// 1-based line of `pointer` (or its nearest existing ancestor) in the new file, when found.
    pub line: Option<usize>,
}

/// One version of a spec: the raw document and its model.
pub struct Side<'a> {
    /// The parsed document.
    pub doc: &'a OpenAPI,
    /// The generator's model of it.
    pub api: &'a Api,
}

/// Where a type is used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Usage {
    req: bool,
    resp: bool,
}

impl Usage {
    fn or(self, other: Usage) -> Usage {
        let u = Usage {
            req: self.req || other.req,
            resp: self.resp || other.resp,
        };
        if u.req || u.resp {
            u
        } else {
            Usage {
                req: true,
                resp: true,
            }
        }
    }

    /// The worse of the two severities that apply.
    fn pick(self, req: Severity, resp: Severity) -> Severity {
        let mut s = Severity::Info;
        if self.req {
            s = s.max(req);
        }
        if self.resp {
            s = s.max(resp);
        }
        s
    }
}

/// Marks every type reachable from parameters and bodies as request types, and from responses as
/// response types.
fn usage(api: &Api) -> Vec<Usage> {
    let mut out = vec![Usage::default(); api.types.len()];
    let mut stack: Vec<(&Ty, bool)> = Vec::new();
    for op in &api.operations {
        stack.extend(op.params.iter().map(|p| (&p.ty, true)));
        stack.extend(op.body.iter().map(|b| (&b.ty, true)));
        for r in &op.responses {
            if let ResponseBody::Json(ty) = &r.body {
                stack.push((ty, false));
            }
        }
    }
    while let Some((ty, req)) = stack.pop() {
        match ty {
            Ty::Named(id) => {
                let Some(slot) = out.get_mut(*id) else {
                    continue;
                };
                let seen = if req { &mut slot.req } else { &mut slot.resp };
                if std::mem::replace(seen, true) {
                    continue;
                }
                match api.types.get(*id).map(|t| &t.kind) {
                    Some(TypeKind::Struct(s)) => {
                        stack.extend(s.fields.iter().map(|f| (&f.ty, req)));
                        if let Additional::Typed(t) = &s.additional {
                            stack.push((t, req));
                        }
                    }
                    Some(TypeKind::Union(u)) => {
                        stack.extend(u.variants.iter().map(|v| (&v.ty, req)))
                    }
                    Some(TypeKind::Alias(t)) => stack.push((t, req)),
                    _ => {}
                }
            }
            Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) => stack.push((t, req)),
            Ty::Prim(_) | Ty::Json => {}
        }
    }
    out
}

/// A short, readable Rust spelling of a model type (`Vec<Customer>`, `Option<String>`).
fn short(api: &Api, ty: &Ty) -> String {
    match ty {
        Ty::Named(id) => api
            .types
            .get(*id)
            .map(|t| t.name.clone())
            .unwrap_or_else(|| "?".into()),
        Ty::Prim(p) => prim(*p).to_string(),
        Ty::Vec(t) => format!("Vec<{}>", short(api, t)),
        Ty::Map(t) => format!("BTreeMap<String, {}>", short(api, t)),
        Ty::Option(t) => format!("Option<{}>", short(api, t)),
        Ty::Json => "serde_json::Value".into(),
    }
}

fn prim(p: Prim) -> &'static str {
    match p {
        Prim::String => "String",
        Prim::Bool => "bool",
        Prim::I32 => "i32",
        Prim::I64 => "i64",
        Prim::F32 => "f32",
        Prim::F64 => "f64",
        Prim::DateTime => "Timestamp",
        Prim::Date => "NaiveDate",
        Prim::Uuid => "Uuid",
        Prim::Ipv4 => "Ipv4Addr",
        Prim::Ipv6 => "Ipv6Addr",
        Prim::Binary => "Vec<u8>",
    }
}

/// The Rust type of a struct field with its presence wrapper.
fn field_rust(api: &Api, f: &Field) -> String {
    let inner = short(api, &f.ty);
    match f.presence {
        Presence::Required => inner,
        Presence::RequiredNullable | Presence::Optional => format!("Option<{inner}>"),
        Presence::OptionalNullable => format!("Nullable<{inner}>"),
    }
}

/// `(required, nullable)` of a presence.
fn split(p: Presence) -> (bool, bool) {
    match p {
        Presence::Required => (true, false),
        Presence::RequiredNullable => (true, true),
        Presence::Optional => (false, false),
        Presence::OptionalNullable => (false, true),
    }
}

/// Whether an optional parameter is held as plain `T` in the params struct (it has a default the
/// generator can write), mirroring the emitter.
fn param_plain(api: &Api, p: &Param) -> bool {
    if p.required {
        return true;
    }
    let Some(d) = &p.default else { return false };
    fn writable(api: &Api, ty: &Ty, d: &serde_json::Value) -> bool {
        match ty {
            Ty::Prim(Prim::String) => d.is_string(),
            Ty::Prim(Prim::Bool) => d.is_boolean(),
            Ty::Prim(Prim::I32) => d.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            Ty::Prim(Prim::I64) => d.as_i64().is_some(),
            Ty::Prim(Prim::F64) => d.as_f64().is_some(),
            Ty::Named(id) => match api.types.get(*id).map(|t| &t.kind) {
                Some(TypeKind::StrEnum(e)) => d
                    .as_str()
                    .is_some_and(|s| e.variants.iter().any(|(_, v)| v == s)),
                Some(TypeKind::IntEnum(e)) => d
                    .as_i64()
                    .is_some_and(|n| e.variants.iter().any(|(_, v)| *v == n)),
                Some(TypeKind::Alias(inner)) => writable(api, inner, d),
                _ => false,
            },
            _ => false,
        }
    }
    writable(api, &p.ty, d)
}

/// The Rust type of a parameter where the caller gives it.
fn param_rust(api: &Api, p: &Param) -> String {
    let t = short(api, &p.ty);
    if p.location == ParamLocation::Path || param_plain(api, p) {
        t
    } else {
        format!("Option<{t}>")
    }
}

fn successes(op: &Operation) -> Vec<&ResponseCase> {
    op.responses.iter().filter(|r| r.success).collect()
}

/// `(old code, new range)` when an operation's only success status became the range that
/// holds it (`201` → `2XX`) with the same body, and nothing else about the success changed
/// (`changed`: the method's signature or the number of successes did).
fn widened_success(
    c: &Cmp<'_>,
    o: &Operation,
    n: &Operation,
    changed: bool,
) -> Option<(StatusMatch, StatusMatch)> {
    let (old_successes, new_successes) = (successes(o), successes(n));
    let ([was], [now]) = (old_successes.as_slice(), new_successes.as_slice()) else {
        return None;
    };
    let (StatusMatch::Code(code), StatusMatch::Range(digit)) = (was.status, now.status) else {
        return None;
    };
    let same_body = match (&was.body, &now.body) {
        (ResponseBody::Json(a), ResponseBody::Json(b)) => c.same_ty(a, b),
        (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
    };
    let still_there = |s: StatusMatch| n.responses.iter().any(|r| r.status == s);
    (!changed && code / 100 == digit && same_body && !still_there(was.status))
        .then_some((was.status, now.status))
}

fn body_rust(api: &Api, b: &ResponseBody) -> String {
    match b {
        ResponseBody::Empty => "()".into(),
        ResponseBody::Json(t) => short(api, t),
        ResponseBody::Text => "String".into(),
        ResponseBody::Bytes => "Vec<u8>".into(),
    }
}

/// The method's signature as the emitter writes it, spelt shortly.
fn signature(api: &Api, op: &Operation) -> String {
    let mut args = Vec::new();
    for p in op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
    {
        args.push(format!("{}: {}", p.name, short(api, &p.ty)));
    }
    if let Some(b) = &op.body {
        let t = short(api, &b.ty);
        args.push(if b.required {
            format!("body: &{t}")
        } else {
            format!("body: Option<&{t}>")
        });
    }
    if op.params.iter().any(|p| p.location != ParamLocation::Path) {
        args.push("params: &…Params".to_string());
    }
    let ok = match successes(op).as_slice() {
        [] => "()".to_string(),
        [one] => body_rust(api, &one.body),
        _ => "…Response".to_string(),
    };
    // The names of the method and of the operation's own types are left out: renames are
    // reported on their own.
    format!("fn({}) -> Result<{ok}, Error<…Error>>", args.join(", "))
}

fn status_text(s: StatusMatch) -> String {
    match s {
        StatusMatch::Code(c) => c.to_string(),
        StatusMatch::Range(d) => format!("{d}XX"),
        StatusMatch::Default => "default".into(),
    }
}

fn location_text(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

fn op_pointer(op: &Operation) -> String {
    pointer_join(
        &pointer_join("/paths", &op.path),
        &op.http_method.to_ascii_lowercase(),
    )
}

fn op_label(op: &Operation) -> String {
    format!("`{} {}`", op.http_method, op.path)
}

/// A number without a pointless `.0`.
fn num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One constraint that got stricter or looser.
struct ConstraintChange {
    tightened: bool,
    text: String,
}

/// Compares two sets of validation rules; `what` prefixes nested item rules.
fn constraint_changes(
    old: &Constraints,
    new: &Constraints,
    what: &str,
    out: &mut Vec<ConstraintChange>,
) {
    let mut push = |tightened: bool, text: String| {
        out.push(ConstraintChange {
            tightened,
            text: format!("{what}{text}"),
        })
    };
    let opt = |v: Option<usize>| v.map_or("none".to_string(), |n| n.to_string());
    // Lower bounds: higher is stricter; upper bounds: lower is stricter; none is loosest.
    let lower = |a: Option<usize>, b: Option<usize>| -> Option<bool> {
        match (a, b) {
            (x, y) if x == y => None,
            (None, Some(_)) => Some(true),
            (Some(_), None) => Some(false),
            (Some(x), Some(y)) => Some(y > x),
            _ => None,
        }
    };
    let upper = |a: Option<usize>, b: Option<usize>| -> Option<bool> {
        match (a, b) {
            (x, y) if x == y => None,
            (None, Some(_)) => Some(true),
            (Some(_), None) => Some(false),
            (Some(x), Some(y)) => Some(y < x),
            _ => None,
        }
    };
    if let Some(t) = lower(old.min_length, new.min_length) {
        push(
            t,
            format!(
                "`minLength` {} → {}",
                opt(old.min_length),
                opt(new.min_length)
            ),
        );
    }
    if let Some(t) = upper(old.max_length, new.max_length) {
        push(
            t,
            format!(
                "`maxLength` {} → {}",
                opt(old.max_length),
                opt(new.max_length)
            ),
        );
    }
    if let Some(t) = lower(old.min_items, new.min_items) {
        push(
            t,
            format!("`minItems` {} → {}", opt(old.min_items), opt(new.min_items)),
        );
    }
    if let Some(t) = upper(old.max_items, new.max_items) {
        push(
            t,
            format!("`maxItems` {} → {}", opt(old.max_items), opt(new.max_items)),
        );
    }
    if old.unique_items != new.unique_items {
        push(
            new.unique_items,
            format!("`uniqueItems` {} → {}", old.unique_items, new.unique_items),
        );
    }
    match (&old.pattern, &new.pattern) {
        (None, Some(p)) => push(true, format!("`pattern` added: `{p}`")),
        (Some(p), None) => push(false, format!("`pattern` removed (was `{p}`)")),
        (Some(a), Some(b)) if a != b => push(true, format!("`pattern` changed: `{a}` → `{b}`")),
        _ => {}
    }
    let bound = |b: Option<(f64, bool)>| match b {
        None => "none".to_string(),
        Some((n, true)) => format!("{} (exclusive)", num(n)),
        Some((n, false)) => num(n),
    };
    // A bound as a comparable number line position: exclusive lower bounds sit just above.
    let cmp_bound = |a: Option<(f64, bool)>, b: Option<(f64, bool)>, low: bool| -> Option<bool> {
        match (a, b) {
            (x, y) if x == y => None,
            (None, None) => None,
            (None, Some(_)) => Some(true),
            (Some(_), None) => Some(false),
            (Some((x, xe)), Some((y, ye))) => {
                if x == y {
                    Some(ye && !xe)
                } else if low {
                    Some(y > x)
                } else {
                    Some(y < x)
                }
            }
        }
    };
    if let Some(t) = cmp_bound(old.minimum, new.minimum, true) {
        push(
            t,
            format!("`minimum` {} → {}", bound(old.minimum), bound(new.minimum)),
        );
    }
    if let Some(t) = cmp_bound(old.maximum, new.maximum, false) {
        push(
            t,
            format!("`maximum` {} → {}", bound(old.maximum), bound(new.maximum)),
        );
    }
    match (old.multiple_of, new.multiple_of) {
        (a, b) if a == b => {}
        (None, Some(b)) => push(true, format!("`multipleOf` {} added", num(b))),
        (Some(a), None) => push(false, format!("`multipleOf` {} removed", num(a))),
        (Some(a), Some(b)) => {
            // Stricter unless the new step divides the old one.
            let looser = a != 0.0 && b != 0.0 && ((a / b).fract() == 0.0);
            push(!looser, format!("`multipleOf` {} → {}", num(a), num(b)));
        }
        _ => {}
    }
    let empty = Constraints::default();
    match (&old.items, &new.items) {
        (None, None) => {}
        (a, b) => {
            let a = a.as_deref().unwrap_or(&empty);
            let b = b.as_deref().unwrap_or(&empty);
            constraint_changes(a, b, &format!("{what}items: "), out);
        }
    }
}

/// The comparison of one spec's two versions.
struct Cmp<'a> {
    module: &'a str,
    old: &'a Api,
    new: &'a Api,
    old_doc: &'a OpenAPI,
    new_doc: &'a OpenAPI,
    old_use: Vec<Usage>,
    new_use: Vec<Usage>,
    out: Vec<Change>,
}

/// Lists the changes from `old` to `new` for the spec whose module is `module`, sorted worst
/// first, then by pointer.
pub fn compare(module: &str, old: Side<'_>, new: Side<'_>) -> Vec<Change> {
    let mut c = Cmp {
        module,
        old: old.api,
        new: new.api,
        old_doc: old.doc,
        new_doc: new.doc,
        old_use: usage(old.api),
        new_use: usage(new.api),
        out: Vec::new(),
    };
    c.operations();
    c.types();
    c.servers();
    c.security_schemes();
    let mut out = c.out;
    for ch in &mut out {
        ch.items.sort();
        ch.items.dedup();
    }
    sort(&mut out);
    out
}

/// Worst first, then by pointer, kind and message: a stable order.
pub fn sort(changes: &mut [Change]) {
    changes.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.pointer.cmp(&b.pointer))
            .then_with(|| a.kind.cmp(b.kind))
            .then_with(|| a.message.cmp(&b.message))
            .then_with(|| a.items.cmp(&b.items))
    });
}

impl<'a> Cmp<'a> {
    fn push(
        &mut self,
        severity: Severity,
        kind: &'static str,
        pointer: String,
        message: String,
        items: Vec<String>,
    ) {
        self.out.push(Change {
            severity,
            kind,
            message,
            pointer,
            items,
            line: None,
        });
    }

    fn method(&self, op: &Operation) -> String {
        format!("{}::Client::{}", self.module, op.method_name)
    }

    fn op_type(&self, op: &Operation, suffix: &str) -> String {
        format!("{}::{}{}", self.module, op.type_prefix, suffix)
    }

    fn type_item(&self, api: &Api, id: TypeId) -> String {
        let name = api.types.get(id).map_or("?", |t| t.name.as_str());
        format!("{}::types::{}", self.module, name)
    }

    /// Every public item an operation contributes.
    fn op_items(&self, op: &Operation) -> Vec<String> {
        let mut items = vec![self.method(op), self.op_type(op, "Error")];
        if op.params.iter().any(|p| p.location != ParamLocation::Path) {
            items.push(self.op_type(op, "Params"));
        }
        if successes(op).len() > 1 {
            items.push(self.op_type(op, "Response"));
        }
        if op.pagination.is_some() {
            items.push(format!(
                "{}::Client::{}_stream",
                self.module,
                op.method_name.trim_start_matches("r#")
            ));
        }
        items
    }

    /// Whether two types (old, new) are the same Rust type, named types matched by origin.
    fn same_ty(&self, a: &Ty, b: &Ty) -> bool {
        match (a, b) {
            (Ty::Named(x), Ty::Named(y)) => {
                match (self.old.types.get(*x), self.new.types.get(*y)) {
                    (Some(t), Some(u)) if !t.origin.is_empty() || !u.origin.is_empty() => {
                        t.origin == u.origin
                    }
                    (Some(t), Some(u)) => t.name == u.name,
                    _ => false,
                }
            }
            (Ty::Vec(x), Ty::Vec(y))
            | (Ty::Map(x), Ty::Map(y))
            | (Ty::Option(x), Ty::Option(y)) => self.same_ty(x, y),
            (Ty::Prim(x), Ty::Prim(y)) => x == y,
            (Ty::Json, Ty::Json) => true,
            _ => false,
        }
    }

    // ---------------------------------------------------------------- operations

    fn operations(&mut self) {
        let key = |op: &'a Operation| (op.path.clone(), op.http_method.clone());
        let old: BTreeMap<(String, String), &'a Operation> =
            self.old.operations.iter().map(|o| (key(o), o)).collect();
        let new: BTreeMap<(String, String), &'a Operation> =
            self.new.operations.iter().map(|o| (key(o), o)).collect();
        for (k, o) in &old {
            match new.get(k) {
                None => {
                    let items = self.op_items(o);
                    self.push(
                        Severity::Err,
                        "operation-removed",
                        op_pointer(o),
                        format!("operation {} (`{}`) removed", op_label(o), o.operation_id),
                        items,
                    );
                }
                Some(n) => self.operation(o, n),
            }
        }
        for (k, n) in &new {
            if !old.contains_key(k) {
                self.push(
                    Severity::Info,
                    "operation-added",
                    op_pointer(n),
                    format!("operation {} (`{}`) added", op_label(n), n.operation_id),
                    vec![self.method(n)],
                );
            }
        }
    }

    fn operation(&mut self, o: &'a Operation, n: &'a Operation) {
        let at = op_pointer(n);
        if o.operation_id != n.operation_id
            || o.method_name != n.method_name
            || o.type_prefix != n.type_prefix
        {
            let mut items = Vec::new();
            if o.method_name != n.method_name {
                items.push(format!("{} → {}", self.method(o), self.method(n)));
                if o.pagination.is_some() && n.pagination.is_some() {
                    let s = |op: &Operation| {
                        format!(
                            "{}::Client::{}_stream",
                            self.module,
                            op.method_name.trim_start_matches("r#")
                        )
                    };
                    items.push(format!("{} → {}", s(o), s(n)));
                }
            }
            if o.type_prefix != n.type_prefix {
                items.push(format!(
                    "{} → {}",
                    self.op_type(o, "Error"),
                    self.op_type(n, "Error")
                ));
                if n.params.iter().any(|p| p.location != ParamLocation::Path) {
                    items.push(format!(
                        "{} → {}",
                        self.op_type(o, "Params"),
                        self.op_type(n, "Params")
                    ));
                }
                if successes(n).len() > 1 {
                    items.push(format!(
                        "{} → {}",
                        self.op_type(o, "Response"),
                        self.op_type(n, "Response")
                    ));
                }
            }
            let (kind, message) = if o.operation_id != n.operation_id {
                (
                    "operation-id-changed",
                    format!(
                        "`operationId` of {} changed: `{}` → `{}`",
                        op_label(n),
                        o.operation_id,
                        n.operation_id
                    ),
                )
            } else {
                (
                    "method-renamed",
                    format!(
                        "the Rust names of {} changed (a name collision resolved differently)",
                        op_label(n)
                    ),
                )
            };
            let (severity, message) = if items.is_empty() {
                (
                    Severity::Info,
                    format!("{message}; the generated Rust names stay the same"),
                )
            } else {
                (
                    Severity::Err,
                    format!("{message}, which renames generated Rust items"),
                )
            };
            self.push(
                severity,
                kind,
                pointer_join(&at, "operationId"),
                message,
                items,
            );
        }
        if !o.docs.deprecated && n.docs.deprecated {
            self.push(
                Severity::Info,
                "operation-deprecated",
                at.clone(),
                format!("operation {} deprecated", op_label(n)),
                vec![self.method(n)],
            );
        }
        self.params(o, n);
        self.body(o, n, &at);
        self.responses(o, n, &at);
        self.media_types(o, n, &at);
        self.op_security(o, n, &at);
        match (&o.pagination, &n.pagination) {
            (Some(_), None) => self.push(
                Severity::Warn,
                "pagination-removed",
                at.clone(),
                format!("{} is no longer recognised as limit/offset paginated; its stream method is gone", op_label(n)),
                vec![format!("{}::Client::{}_stream", self.module, o.method_name.trim_start_matches("r#"))],
            ),
            (None, Some(_)) => self.push(
                Severity::Info,
                "pagination-added",
                at.clone(),
                format!("{} is now limit/offset paginated: a stream method is added", op_label(n)),
                vec![format!("{}::Client::{}_stream", self.module, n.method_name.trim_start_matches("r#"))],
            ),
            _ => {}
        }
    }

    /// The pointer of a parameter in the new (or old) document: searched by name among the
    /// operation's and path item's parameters, else the operation's `parameters`.
    fn param_pointer(&self, doc: &OpenAPI, op: &Operation, p: &Param) -> String {
        let path_at = pointer_join("/paths", &op.path);
        let method = op.http_method.to_ascii_lowercase();
        let Some(ReferenceOr::Item(item)) = doc.paths.paths.get(&op.path) else {
            return format!("{path_at}/{method}/parameters");
        };
        let raw_op = raw_operation(item, &method);
        let lists: Vec<(String, &Vec<ReferenceOr<openapiv3::Parameter>>)> = raw_op
            .map(|r| (format!("{path_at}/{method}/parameters"), &r.parameters))
            .into_iter()
            .chain(std::iter::once((
                format!("{path_at}/parameters"),
                &item.parameters,
            )))
            .collect();
        for (base, list) in &lists {
            for (i, rp) in list.iter().enumerate() {
                let data = match rp {
                    ReferenceOr::Item(x) => Some(x.parameter_data_ref()),
                    ReferenceOr::Reference { reference } => reference
                        .strip_prefix("#/components/parameters/")
                        .and_then(|name| doc.components.as_ref()?.parameters.get(name))
                        .and_then(|r| r.as_item())
                        .map(|x| x.parameter_data_ref()),
                };
                if data.is_some_and(|d| d.name == p.wire_name) {
                    return format!("{base}/{i}");
                }
            }
        }
        format!("{path_at}/{method}/parameters")
    }

    /// The items naming a parameter: the method for path parameters, else the params field.
    fn param_items(&self, op: &Operation, p: &Param) -> Vec<String> {
        if p.location == ParamLocation::Path {
            vec![self.method(op)]
        } else {
            vec![format!(
                "{}::{}Params::{}",
                self.module, op.type_prefix, p.name
            )]
        }
    }

    fn params(&mut self, o: &'a Operation, n: &'a Operation) {
        let key = |p: &'a Param| (location_text(p.location), p.wire_name.clone());
        let old: BTreeMap<_, &'a Param> = o.params.iter().map(|p| (key(p), p)).collect();
        let new: BTreeMap<_, &'a Param> = n.params.iter().map(|p| (key(p), p)).collect();
        let had_struct = o.params.iter().any(|p| p.location != ParamLocation::Path);
        let has_struct = n.params.iter().any(|p| p.location != ParamLocation::Path);
        let struct_flip = had_struct != has_struct;
        for (k, p) in &old {
            if new.contains_key(k) {
                continue;
            }
            let mut items = self.param_items(o, p);
            if struct_flip {
                items.push(self.method(o));
            }
            // Indices shift when a parameter goes: point at the list in the new version.
            let at = format!("{}/parameters", op_pointer(n));
            self.push(
                Severity::Warn,
                "parameter-removed",
                at,
                format!(
                    "{} parameter `{}` of {} removed",
                    location_text(p.location),
                    p.wire_name,
                    op_label(n)
                ),
                items,
            );
        }
        for (k, p) in &new {
            match old.get(k) {
                None => {
                    let mut items = self.param_items(n, p);
                    if struct_flip {
                        items.push(self.method(n));
                    }
                    let at = self.param_pointer(self.new_doc, n, p);
                    let (sev, kind, what) = if p.required {
                        (Severity::Err, "required-parameter-added", "required")
                    } else {
                        (Severity::Info, "optional-parameter-added", "optional")
                    };
                    self.push(
                        sev,
                        kind,
                        at,
                        format!(
                            "new {what} {} parameter `{}` on {}",
                            location_text(p.location),
                            p.wire_name,
                            op_label(n)
                        ),
                        items,
                    );
                }
                Some(q) => self.param(o, n, q, p),
            }
        }
    }

    fn param(&mut self, o: &Operation, n: &Operation, q: &Param, p: &Param) {
        let at = self.param_pointer(self.new_doc, n, p);
        let items = self.param_items(n, p);
        let label = format!(
            "{} parameter `{}` of {}",
            location_text(p.location),
            p.wire_name,
            op_label(n)
        );
        if q.name != p.name {
            let old_item = self.param_items(o, q).join(", ");
            self.push(
                Severity::Err,
                "parameter-renamed",
                at.clone(),
                format!(
                    "the Rust name of {label} changed: `{}` → `{}`",
                    q.name, p.name
                ),
                vec![format!("{old_item} → {}", items.join(", "))],
            );
        }
        if !self.same_ty(&q.ty, &p.ty) {
            self.push(
                Severity::Err,
                "parameter-type-changed",
                at.clone(),
                format!(
                    "type of {label} changed: `{}` → `{}`",
                    short(self.old, &q.ty),
                    short(self.new, &p.ty)
                ),
                items.clone(),
            );
        }
        if !q.required && p.required {
            let (a, b) = (param_rust(self.old, q), param_rust(self.new, p));
            let extra = if a != b {
                format!(" (Rust type `{a}` → `{b}`)")
            } else {
                String::new()
            };
            self.push(
                Severity::Err,
                "parameter-became-required",
                at.clone(),
                format!("{label} became required{extra}"),
                items.clone(),
            );
        } else if q.required && !p.required {
            let (a, b) = (param_rust(self.old, q), param_rust(self.new, p));
            let (sev, extra) = if a != b {
                (Severity::Warn, format!(" (Rust type `{a}` → `{b}`)"))
            } else {
                (Severity::Info, String::new())
            };
            self.push(
                sev,
                "parameter-became-optional",
                at.clone(),
                format!("{label} became optional{extra}"),
                items.clone(),
            );
        } else if !q.required
            && param_rust(self.old, q) != param_rust(self.new, p)
            && self.same_ty(&q.ty, &p.ty)
        {
            let (a, b) = (param_rust(self.old, q), param_rust(self.new, p));
            self.push(
                Severity::Warn,
                "parameter-default-changed",
                at.clone(),
                format!("default of {label} changed; Rust type `{a}` → `{b}`"),
                items.clone(),
            );
        }
        let mut cs = Vec::new();
        constraint_changes(&q.constraints, &p.constraints, "", &mut cs);
        for c in cs {
            let (sev, kind, verb) = if c.tightened {
                (Severity::Err, "constraint-tightened", "tightened")
            } else {
                (Severity::Info, "constraint-loosened", "loosened")
            };
            self.push(
                sev,
                kind,
                at.clone(),
                format!("{label}: constraint {verb}: {}", c.text),
                items.clone(),
            );
        }
        if !q.docs.deprecated && p.docs.deprecated {
            self.push(
                Severity::Info,
                "parameter-deprecated",
                at.clone(),
                format!("{label} deprecated"),
                items.clone(),
            );
        }
    }

    fn body(&mut self, o: &'a Operation, n: &'a Operation, at: &str) {
        let b_at = format!("{at}/requestBody");
        let method = vec![self.method(n)];
        match (&o.body, &n.body) {
            (None, None) => {}
            (Some(_), None) => self.push(
                Severity::Warn,
                "request-body-removed",
                b_at,
                format!("request body of {} removed", op_label(n)),
                method,
            ),
            (None, Some(b)) => {
                let (sev, kind, what) = if b.required {
                    (Severity::Err, "required-request-body-added", "required")
                } else {
                    (Severity::Warn, "optional-request-body-added", "optional")
                };
                self.push(
                    sev,
                    kind,
                    b_at,
                    format!("new {what} request body on {}", op_label(n)),
                    method,
                );
            }
            (Some(q), Some(b)) => self.body_pair(n, q, b, &b_at),
        }
    }

    fn body_pair(&mut self, n: &Operation, q: &Body, b: &Body, at: &str) {
        let method = vec![self.method(n)];
        if !self.same_ty(&q.ty, &b.ty) {
            self.push(
                Severity::Err,
                "request-body-type-changed",
                at.to_string(),
                format!(
                    "request body type of {} changed: `{}` → `{}`",
                    op_label(n),
                    short(self.old, &q.ty),
                    short(self.new, &b.ty)
                ),
                method.clone(),
            );
        }
        if !q.required && b.required {
            self.push(
                Severity::Err,
                "request-body-became-required",
                at.to_string(),
                format!("request body of {} became required", op_label(n)),
                method.clone(),
            );
        } else if q.required && !b.required {
            self.push(
                Severity::Warn,
                "request-body-became-optional",
                at.to_string(),
                format!(
                    "request body of {} became optional (the argument becomes `Option<&{}>`)",
                    op_label(n),
                    short(self.new, &b.ty)
                ),
                method.clone(),
            );
        }
        if q.media != b.media {
            let m = |x: &BodyMedia| match x {
                BodyMedia::Json => "JSON".to_string(),
                BodyMedia::Form => "form-encoded".to_string(),
                BodyMedia::Bytes(ct) => format!("raw `{ct}`"),
            };
            self.push(
                Severity::Warn,
                "request-encoding-changed",
                format!("{at}/content"),
                format!(
                    "the client now sends the request body of {} {} instead of {}",
                    op_label(n),
                    m(&b.media),
                    m(&q.media)
                ),
                method,
            );
        }
    }

    fn responses(&mut self, o: &'a Operation, n: &'a Operation, at: &str) {
        let old: BTreeMap<StatusMatch, &'a ResponseCase> =
            o.responses.iter().map(|r| (r.status, r)).collect();
        let new: BTreeMap<StatusMatch, &'a ResponseCase> =
            n.responses.iter().map(|r| (r.status, r)).collect();
        let sig_changed = signature(self.old, o) != signature(self.new, n);
        let r_at = |s: StatusMatch| pointer_join(&format!("{at}/responses"), &status_text(s));
        let many_old = successes(o).len() > 1;
        let many_new = successes(n).len() > 1;
        // The only success `200` replaced by `2XX` with the same body: the method and its type
        // stay, and every status the old client accepted is still accepted.
        let widened = widened_success(self, o, n, sig_changed || many_old || many_new);
        let variant_item =
            |this: &Self, op: &Operation, r: &ResponseCase, many: bool| -> Option<String> {
                if r.success {
                    many.then(|| {
                        format!("{}::{}Response::{}", this.module, op.type_prefix, r.variant)
                    })
                } else {
                    Some(format!(
                        "{}::{}Error::{}",
                        this.module, op.type_prefix, r.variant
                    ))
                }
            };
        if let Some((code, range)) = widened {
            self.push(
                Severity::Info,
                "success-status-widened",
                r_at(range),
                format!(
                    "success response `{}` of {} widened to `{}`: any status of the range is a success",
                    status_text(code),
                    op_label(n),
                    status_text(range)
                ),
                Vec::new(),
            );
        }
        for (s, r) in &old {
            if new.contains_key(s) || widened.is_some_and(|(code, _)| code == *s) {
                continue;
            }
            let mut items: Vec<String> = variant_item(self, o, r, many_old).into_iter().collect();
            if r.success && sig_changed {
                items.push(self.method(n));
            }
            let (sev, kind, what) = if r.success {
                (Severity::Err, "success-status-removed", "success response")
            } else {
                (Severity::Warn, "error-status-removed", "error response")
            };
            self.push(
                sev,
                kind,
                r_at(*s),
                format!("{what} `{}` of {} removed", status_text(*s), op_label(n)),
                items,
            );
        }
        for (s, r) in &new {
            match old.get(s) {
                None if widened.is_some_and(|(_, range)| range == *s) => {}
                None => {
                    let mut items: Vec<String> =
                        variant_item(self, n, r, many_new).into_iter().collect();
                    if r.success && sig_changed {
                        items.push(self.method(n));
                    }
                    let (sev, kind, what) = if r.success {
                        (Severity::Warn, "success-status-added", "success response")
                    } else {
                        (Severity::Info, "error-status-added", "error response")
                    };
                    self.push(
                        sev,
                        kind,
                        r_at(*s),
                        format!("new {what} `{}` on {}", status_text(*s), op_label(n)),
                        items,
                    );
                }
                Some(q) => {
                    if q.success != r.success {
                        let what = if r.success {
                            "now a success"
                        } else {
                            "now an error"
                        };
                        self.push(
                            Severity::Err,
                            "status-class-changed",
                            r_at(*s),
                            format!(
                                "response `{}` of {} is {what}",
                                status_text(*s),
                                op_label(n)
                            ),
                            vec![self.method(n)],
                        );
                        continue;
                    }
                    let same = match (&q.body, &r.body) {
                        (ResponseBody::Json(a), ResponseBody::Json(b)) => self.same_ty(a, b),
                        (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
                    };
                    if !same {
                        let mut items: Vec<String> =
                            variant_item(self, n, r, many_new).into_iter().collect();
                        if r.success && !many_new {
                            items.push(self.method(n));
                        }
                        let sev = if r.success {
                            Severity::Err
                        } else {
                            Severity::Warn
                        };
                        self.push(
                            sev,
                            "response-type-changed",
                            r_at(*s),
                            format!(
                                "body of response `{}` of {} changed: `{}` → `{}`",
                                status_text(*s),
                                op_label(n),
                                body_rust(self.old, &q.body),
                                body_rust(self.new, &r.body)
                            ),
                            items,
                        );
                    }
                }
            }
        }
    }

    /// Media types of the request body and of each response, from the raw documents.
    fn media_types(&mut self, o: &Operation, n: &Operation, at: &str) {
        let (old_raw, new_raw) = (raw_op_in(self.old_doc, o), raw_op_in(self.new_doc, n));
        let (Some(old_raw), Some(new_raw)) = (old_raw, new_raw) else {
            return;
        };
        let req = |doc: &OpenAPI, op: &openapiv3::Operation| -> BTreeSet<String> {
            match &op.request_body {
                Some(ReferenceOr::Item(b)) => b.content.keys().cloned().collect(),
                Some(ReferenceOr::Reference { reference }) => reference
                    .strip_prefix("#/components/requestBodies/")
                    .and_then(|name| doc.components.as_ref()?.request_bodies.get(name)?.as_item())
                    .map(|b| b.content.keys().cloned().collect())
                    .unwrap_or_default(),
                None => BTreeSet::new(),
            }
        };
        let (a, b) = (req(self.old_doc, old_raw), req(self.new_doc, new_raw));
        if !a.is_empty() && !b.is_empty() {
            for m in a.difference(&b) {
                self.push(
                    Severity::Warn,
                    "request-media-type-removed",
                    pointer_join(&format!("{at}/requestBody/content"), m),
                    format!("request media type `{m}` of {} removed", op_label(n)),
                    Vec::new(),
                );
            }
            for m in b.difference(&a) {
                self.push(
                    Severity::Info,
                    "request-media-type-added",
                    pointer_join(&format!("{at}/requestBody/content"), m),
                    format!("request media type `{m}` added to {}", op_label(n)),
                    Vec::new(),
                );
            }
        }
        let old_resp = responses_media(self.old_doc, old_raw);
        let new_resp = responses_media(self.new_doc, new_raw);
        for (status, old_media) in &old_resp {
            let Some(new_media) = new_resp.get(status) else {
                continue;
            };
            let success = status.starts_with('2');
            let case = n
                .responses
                .iter()
                .find(|r| status_text(r.status).eq_ignore_ascii_case(status));
            for m in old_media.difference(new_media) {
                let items = match case {
                    Some(r) if r.success => vec![self.method(n)],
                    Some(r) => vec![format!(
                        "{}::{}Error::{}",
                        self.module, n.type_prefix, r.variant
                    )],
                    None => Vec::new(),
                };
                let (sev, kind) = if success {
                    (Severity::Err, "success-media-type-removed")
                } else {
                    (Severity::Info, "error-media-type-removed")
                };
                let items = if success { items } else { Vec::new() };
                self.push(
                    sev,
                    kind,
                    pointer_join(
                        &format!(
                            "{}/content",
                            pointer_join(&format!("{at}/responses"), status)
                        ),
                        m,
                    ),
                    format!(
                        "media type `{m}` of response `{status}` of {} removed",
                        op_label(n)
                    ),
                    items,
                );
            }
            for m in new_media.difference(old_media) {
                self.push(
                    Severity::Info,
                    "response-media-type-added",
                    pointer_join(
                        &format!(
                            "{}/content",
                            pointer_join(&format!("{at}/responses"), status)
                        ),
                        m,
                    ),
                    format!(
                        "media type `{m}` added to response `{status}` of {}",
                        op_label(n)
                    ),
                    Vec::new(),
                );
            }
        }
    }

    /// Security requirements in effect for an operation, from the raw documents.
    fn op_security(&mut self, o: &Operation, n: &Operation, at: &str) {
        let reqs = |doc: &OpenAPI, op: &Operation| -> BTreeSet<Vec<String>> {
            let raw = raw_op_in(doc, op);
            let list = raw
                .and_then(|r| r.security.as_ref())
                .or(doc.security.as_ref());
            list.map(|l| {
                l.iter()
                    .map(|alt| {
                        let mut keys: Vec<String> = alt.keys().cloned().collect();
                        keys.sort();
                        keys
                    })
                    .collect()
            })
            .unwrap_or_default()
        };
        let (a, b) = (reqs(self.old_doc, o), reqs(self.new_doc, n));
        if a == b {
            return;
        }
        let show = |s: &BTreeSet<Vec<String>>| {
            if s.is_empty() || s.iter().all(Vec::is_empty) {
                "none".to_string()
            } else {
                s.iter()
                    .map(|alt| {
                        if alt.is_empty() {
                            "anonymous".to_string()
                        } else {
                            format!("`{}`", alt.join(" + "))
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" or ")
            }
        };
        let anonymous = |s: &BTreeSet<Vec<String>>| s.is_empty() || s.iter().any(Vec::is_empty);
        let removed: Vec<_> = a.difference(&b).collect();
        let sev = if anonymous(&b) {
            Severity::Info
        } else if !removed.is_empty() {
            Severity::Err
        } else {
            Severity::Info
        };
        self.push(
            sev,
            "security-changed",
            format!("{at}/security"),
            format!(
                "security of {} changed: {} → {}",
                op_label(n),
                show(&a),
                show(&b)
            ),
            Vec::new(),
        );
    }

    // ---------------------------------------------------------------- types

    fn types(&mut self) {
        let index = |api: &'a Api| -> BTreeMap<&'a str, TypeId> {
            let mut m = BTreeMap::new();
            for (id, t) in api.types.iter().enumerate() {
                if !t.origin.is_empty() {
                    m.entry(t.origin.as_str()).or_insert(id);
                }
            }
            m
        };
        let old = index(self.old);
        let new = index(self.new);
        for (origin, &id) in &old {
            if let Some(&nid) = new.get(origin) {
                self.type_pair(id, nid);
            }
        }
        // Added and removed types last: they are skipped when a change at or above their origin
        // already explains them (a removed operation, a field whose type changed).
        let mut extra = Vec::new();
        for (origin, &id) in &old {
            if !new.contains_key(origin) && !self.covered(origin) {
                let t = &self.old.types[id];
                let component = origin.starts_with("/components/schemas/");
                let what = if component { "schema" } else { "inline type" };
                let still = self.new.types.iter().any(|u| u.name == t.name);
                let sev = if still {
                    Severity::Info
                } else {
                    Severity::Warn
                };
                let msg = if still {
                    format!(
                        "{what} `{origin}` removed (a Rust type named `{}` still exists)",
                        t.name
                    )
                } else {
                    format!(
                        "{what} `{origin}` removed: Rust type `{}` no longer exists",
                        t.name
                    )
                };
                extra.push(Change {
                    severity: sev,
                    kind: "schema-removed",
                    message: msg,
                    pointer: origin.to_string(),
                    items: vec![self.type_item(self.old, id)],
                    line: None,
                });
            }
        }
        for (origin, &id) in &new {
            if !old.contains_key(origin) && !self.covered(origin) {
                let t = &self.new.types[id];
                let what = if origin.starts_with("/components/schemas/") {
                    "schema"
                } else {
                    "inline type"
                };
                extra.push(Change {
                    severity: Severity::Info,
                    kind: "schema-added",
                    message: format!("{what} `{origin}` added as Rust type `{}`", t.name),
                    pointer: origin.to_string(),
                    items: vec![self.type_item(self.new, id)],
                    line: None,
                });
            }
        }
        self.out.extend(extra);
    }

    /// Whether an already reported change sits at `pointer` or above it.
    fn covered(&self, pointer: &str) -> bool {
        self.out.iter().any(|c| {
            !c.pointer.is_empty()
                && (pointer == c.pointer
                    || pointer
                        .strip_prefix(c.pointer.as_str())
                        .is_some_and(|rest| rest.starts_with('/')))
        })
    }

    fn type_pair(&mut self, id: TypeId, nid: TypeId) {
        let (t, u): (&'a TypeDef, &'a TypeDef) = (&self.old.types[id], &self.new.types[nid]);
        let usage = self.old_use.get(id).copied().unwrap_or_default().or(self
            .new_use
            .get(nid)
            .copied()
            .unwrap_or_default());
        let at = u.origin.clone();
        let item = self.type_item(self.new, nid);
        if t.name != u.name {
            self.push(
                Severity::Err,
                "type-renamed",
                at.clone(),
                format!("Rust type for `{at}` renamed: `{}` → `{}`", t.name, u.name),
                vec![format!("{} → {item}", self.type_item(self.old, id))],
            );
        }
        if !t.docs.deprecated && u.docs.deprecated {
            self.push(
                Severity::Info,
                "schema-deprecated",
                at.clone(),
                format!("`{}` deprecated", u.name),
                vec![item.clone()],
            );
        }
        match (&t.kind, &u.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => {
                self.fields(u, &a.fields, &b.fields, usage, &item);
                let add = |x: &Additional| match x {
                    Additional::Forbidden => "forbidden".to_string(),
                    Additional::Kept => "kept".to_string(),
                    Additional::Typed(_) => "typed".to_string(),
                };
                let same = match (&a.additional, &b.additional) {
                    (Additional::Typed(x), Additional::Typed(y)) => self.same_ty(x, y),
                    (x, y) => std::mem::discriminant(x) == std::mem::discriminant(y),
                };
                if !same {
                    let tightened = matches!(b.additional, Additional::Forbidden);
                    let sev = usage.pick(
                        if tightened {
                            Severity::Err
                        } else {
                            Severity::Info
                        },
                        Severity::Warn,
                    );
                    self.push(
                        sev,
                        "additional-properties-changed",
                        format!("{at}/additionalProperties"),
                        format!(
                            "undeclared properties of `{}`: {} → {}",
                            u.name,
                            add(&a.additional),
                            add(&b.additional)
                        ),
                        vec![item.clone()],
                    );
                }
            }
            (TypeKind::StrEnum(a), TypeKind::StrEnum(b)) => {
                let a: Vec<(String, String)> = a
                    .variants
                    .iter()
                    .map(|(n, v)| (n.clone(), format!("\"{v}\"")))
                    .collect();
                let b: Vec<(String, String)> = b
                    .variants
                    .iter()
                    .map(|(n, v)| (n.clone(), format!("\"{v}\"")))
                    .collect();
                self.enum_values(u, &a, &b, usage, &item);
            }
            (TypeKind::IntEnum(a), TypeKind::IntEnum(b)) => {
                let a: Vec<(String, String)> = a
                    .variants
                    .iter()
                    .map(|(n, v)| (n.clone(), v.to_string()))
                    .collect();
                let b: Vec<(String, String)> = b
                    .variants
                    .iter()
                    .map(|(n, v)| (n.clone(), v.to_string()))
                    .collect();
                self.enum_values(u, &a, &b, usage, &item);
            }
            (TypeKind::Union(a), TypeKind::Union(b)) => {
                let old: BTreeMap<&str, &Ty> = a
                    .variants
                    .iter()
                    .map(|v| (v.name.as_str(), &v.ty))
                    .collect();
                let new: BTreeMap<&str, &Ty> = b
                    .variants
                    .iter()
                    .map(|v| (v.name.as_str(), &v.ty))
                    .collect();
                for (name, ty) in &old {
                    match new.get(name) {
                        None => self.push(
                            usage.pick(Severity::Err, Severity::Warn),
                            "union-variant-removed",
                            at.clone(),
                            format!(
                                "alternative `{name}` (`{}`) of `{}` removed",
                                short(self.old, ty),
                                u.name
                            ),
                            vec![format!("{item}::{name}")],
                        ),
                        Some(nty) if !self.same_ty(ty, nty) => self.push(
                            Severity::Err,
                            "union-variant-type-changed",
                            at.clone(),
                            format!(
                                "alternative `{name}` of `{}` changed: `{}` → `{}`",
                                u.name,
                                short(self.old, ty),
                                short(self.new, nty)
                            ),
                            vec![format!("{item}::{name}")],
                        ),
                        Some(_) => {}
                    }
                }
                for (name, ty) in &new {
                    if !old.contains_key(name) {
                        self.push(
                            usage.pick(Severity::Info, Severity::Warn),
                            "union-variant-added",
                            at.clone(),
                            format!(
                                "alternative `{name}` (`{}`) added to `{}`",
                                short(self.new, ty),
                                u.name
                            ),
                            vec![format!("{item}::{name}")],
                        );
                    }
                }
                if a.discriminator != b.discriminator {
                    let d = |x: &Option<String>| {
                        x.as_deref()
                            .map_or("none".to_string(), |s| format!("`{s}`"))
                    };
                    self.push(
                        Severity::Err,
                        "discriminator-changed",
                        format!("{at}/discriminator"),
                        format!(
                            "discriminator of `{}` changed: {} → {}",
                            u.name,
                            d(&a.discriminator),
                            d(&b.discriminator)
                        ),
                        vec![item.clone()],
                    );
                }
            }
            (TypeKind::Alias(a), TypeKind::Alias(b)) => {
                if !self.same_ty(a, b) {
                    self.push(
                        Severity::Err,
                        "type-changed",
                        at.clone(),
                        format!(
                            "`{}` changed: `{}` → `{}`",
                            u.name,
                            short(self.old, a),
                            short(self.new, b)
                        ),
                        vec![item.clone()],
                    );
                }
            }
            (a, b) => {
                let k = |x: &TypeKind, api: &Api| match x {
                    TypeKind::Struct(_) => "a struct".to_string(),
                    TypeKind::StrEnum(_) => "a string enum".to_string(),
                    TypeKind::IntEnum(_) => "an integer enum".to_string(),
                    TypeKind::Union(_) => "a union".to_string(),
                    TypeKind::Alias(t) => format!("an alias of `{}`", short(api, t)),
                };
                self.push(
                    Severity::Err,
                    "type-changed",
                    at.clone(),
                    format!(
                        "`{}` changed from {} to {}",
                        u.name,
                        k(a, self.old),
                        k(b, self.new)
                    ),
                    vec![item.clone()],
                );
            }
        }
    }

    fn enum_values(
        &mut self,
        u: &TypeDef,
        a: &[(String, String)],
        b: &[(String, String)],
        usage: Usage,
        item: &str,
    ) {
        let at = format!("{}/enum", u.origin);
        let old: BTreeMap<&str, &str> = a.iter().map(|(n, v)| (v.as_str(), n.as_str())).collect();
        let new: BTreeMap<&str, &str> = b.iter().map(|(n, v)| (v.as_str(), n.as_str())).collect();
        for (v, name) in &old {
            match new.get(v) {
                None => {
                    let where_ = match (usage.req, usage.resp) {
                        (true, false) => " (used in requests)",
                        (false, true) => " (used in responses)",
                        _ => "",
                    };
                    self.push(
                        usage.pick(Severity::Err, Severity::Warn),
                        "enum-value-removed",
                        at.clone(),
                        format!("enum value {v} removed from `{}`{where_}", u.name),
                        vec![format!("{item}::{name}")],
                    );
                }
                Some(n) if n != name => self.push(
                    Severity::Err,
                    "enum-variant-renamed",
                    at.clone(),
                    format!(
                        "Rust variant for enum value {v} of `{}` renamed: `{name}` → `{n}`",
                        u.name
                    ),
                    vec![format!("{item}::{name} → {item}::{n}")],
                ),
                Some(_) => {}
            }
        }
        for (v, name) in &new {
            if !old.contains_key(v) {
                let note = if usage.resp {
                    "; responses may now carry it, and exhaustive matches on the enum stop compiling"
                } else {
                    ""
                };
                self.push(
                    usage.pick(Severity::Info, Severity::Warn),
                    "enum-value-added",
                    at.clone(),
                    format!("enum value {v} added to `{}`{note}", u.name),
                    vec![format!("{item}::{name}")],
                );
            }
        }
    }

    fn fields(&mut self, u: &TypeDef, a: &'a [Field], b: &'a [Field], usage: Usage, item: &str) {
        let props = format!("{}/properties", u.origin);
        let old: BTreeMap<&str, &'a Field> = a.iter().map(|f| (f.json_name.as_str(), f)).collect();
        let new: BTreeMap<&str, &'a Field> = b.iter().map(|f| (f.json_name.as_str(), f)).collect();
        for (json, f) in &old {
            if new.contains_key(json) {
                continue;
            }
            let at = pointer_join(&props, json);
            let (req_sev, resp_sev) = if split(f.presence).0 {
                (Severity::Warn, Severity::Err)
            } else {
                (Severity::Info, Severity::Err)
            };
            // A removed request field: the server ignores or refuses it, and code setting it stops
            // compiling.
            let sev = usage.pick(req_sev.max(Severity::Warn), resp_sev);
            self.push(
                sev,
                "property-removed",
                at,
                format!("property `{json}` of `{}` removed", u.name),
                vec![format!("{item}::{}", f.name)],
            );
        }
        for (json, f) in &new {
            let at = pointer_join(&props, json);
            let field_item = format!("{item}::{}", f.name);
            let Some(q) = old.get(json) else {
                let required = split(f.presence).0;
                let (sev, kind, what) = if required {
                    (
                        usage.pick(Severity::Err, Severity::Info),
                        "required-property-added",
                        "required",
                    )
                } else {
                    (Severity::Info, "optional-property-added", "optional")
                };
                self.push(
                    sev,
                    kind,
                    at,
                    format!("new {what} property `{json}` in `{}`", u.name),
                    vec![field_item],
                );
                continue;
            };
            if q.name != f.name {
                self.push(
                    Severity::Err,
                    "property-renamed",
                    at.clone(),
                    format!(
                        "Rust field for property `{json}` of `{}` renamed: `{}` → `{}`",
                        u.name, q.name, f.name
                    ),
                    vec![format!("{item}::{} → {field_item}", q.name)],
                );
            }
            if !self.same_ty(&q.ty, &f.ty) {
                self.push(
                    Severity::Err,
                    "property-type-changed",
                    at.clone(),
                    format!(
                        "type of property `{json}` of `{}` changed: `{}` → `{}`",
                        u.name,
                        short(self.old, &q.ty),
                        short(self.new, &f.ty)
                    ),
                    vec![field_item.clone()],
                );
            }
            self.presence(u, json, q, f, usage, &at, &field_item);
            let mut cs = Vec::new();
            constraint_changes(&q.constraints, &f.constraints, "", &mut cs);
            for c in cs {
                let (sev, kind, verb) = if c.tightened {
                    (
                        usage.pick(Severity::Err, Severity::Info),
                        "constraint-tightened",
                        "tightened",
                    )
                } else {
                    (
                        usage.pick(Severity::Info, Severity::Warn),
                        "constraint-loosened",
                        "loosened",
                    )
                };
                self.push(
                    sev,
                    kind,
                    at.clone(),
                    format!(
                        "property `{json}` of `{}`: constraint {verb}: {}",
                        u.name, c.text
                    ),
                    vec![field_item.clone()],
                );
            }
            if !q.docs.deprecated && f.docs.deprecated {
                self.push(
                    Severity::Info,
                    "property-deprecated",
                    at.clone(),
                    format!("property `{json}` of `{}` deprecated", u.name),
                    vec![field_item.clone()],
                );
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn presence(
        &mut self,
        u: &TypeDef,
        json: &str,
        q: &Field,
        f: &Field,
        usage: Usage,
        at: &str,
        field_item: &str,
    ) {
        let ((qr, qn), (fr, fnull)) = (split(q.presence), split(f.presence));
        let (a, b) = (field_rust(self.old, q), field_rust(self.new, f));
        // The Rust type changing is a compile-time break for some callers at least.
        let rust_floor = if self.same_ty(&q.ty, &f.ty) && a != b {
            Severity::Warn
        } else {
            Severity::Info
        };
        let rust_note = if rust_floor == Severity::Warn {
            format!(" (Rust type `{a}` → `{b}`)")
        } else {
            String::new()
        };
        let name = &u.name;
        if qr != fr {
            let (sev, kind, what) = if fr {
                (
                    usage.pick(Severity::Err, Severity::Info),
                    "property-became-required",
                    "became required",
                )
            } else {
                (
                    usage.pick(Severity::Info, Severity::Err),
                    "property-became-optional",
                    "became optional",
                )
            };
            self.push(
                sev.max(rust_floor),
                kind,
                at.to_string(),
                format!("property `{json}` of `{name}` {what}{rust_note}"),
                vec![field_item.to_string()],
            );
        }
        if qn != fnull {
            let (sev, kind, what) = if fnull {
                (
                    usage.pick(Severity::Info, Severity::Err),
                    "property-became-nullable",
                    "became nullable",
                )
            } else {
                (
                    usage.pick(Severity::Err, Severity::Info),
                    "property-became-non-nullable",
                    "is no longer nullable",
                )
            };
            let note = if qr != fr { String::new() } else { rust_note };
            self.push(
                sev.max(rust_floor),
                kind,
                at.to_string(),
                format!("property `{json}` of `{name}` {what}{note}"),
                vec![field_item.to_string()],
            );
        }
    }

    // ---------------------------------------------------------------- spec-wide

    fn servers(&mut self) {
        let old: BTreeMap<&str, &str> = self
            .old
            .servers
            .iter()
            .map(|s| (s.variant.as_str(), s.url.as_str()))
            .collect();
        let new: BTreeMap<&str, &str> = self
            .new
            .servers
            .iter()
            .map(|s| (s.variant.as_str(), s.url.as_str()))
            .collect();
        for (v, url) in &old {
            let item = format!("{}::Server::{v}", self.module);
            match new.get(v) {
                None => self.push(
                    Severity::Warn,
                    "server-removed",
                    "/servers".into(),
                    format!("server `{v}` (`{url}`) removed"),
                    vec![item],
                ),
                Some(n) if n != url => self.push(
                    Severity::Warn,
                    "server-url-changed",
                    "/servers".into(),
                    format!("URL of server `{v}` changed: `{url}` → `{n}`"),
                    vec![item],
                ),
                Some(_) => {}
            }
        }
        for (v, url) in &new {
            if !old.contains_key(v) {
                self.push(
                    Severity::Info,
                    "server-added",
                    "/servers".into(),
                    format!("server `{v}` (`{url}`) added"),
                    vec![format!("{}::Server::{v}", self.module)],
                );
            }
        }
    }

    fn security_schemes(&mut self) {
        let old: BTreeMap<&str, String> = self
            .old
            .security
            .iter()
            .map(|s| (s.key.as_str(), format!("{:?}", s.kind)))
            .collect();
        let new: BTreeMap<&str, String> = self
            .new
            .security
            .iter()
            .map(|s| (s.key.as_str(), format!("{:?}", s.kind)))
            .collect();
        for (k, kind) in &old {
            let at = pointer_join("/components/securitySchemes", k);
            match new.get(k) {
                None => self.push(
                    Severity::Warn,
                    "security-scheme-removed",
                    at,
                    format!("security scheme `{k}` removed"),
                    Vec::new(),
                ),
                Some(n) if n != kind => self.push(
                    Severity::Err,
                    "security-scheme-changed",
                    at,
                    format!("security scheme `{k}` changed: {kind} → {n}"),
                    Vec::new(),
                ),
                Some(_) => {}
            }
        }
        for k in new.keys() {
            if !old.contains_key(k) {
                self.push(
                    Severity::Info,
                    "security-scheme-added",
                    pointer_join("/components/securitySchemes", k),
                    format!("security scheme `{k}` added"),
                    Vec::new(),
                );
            }
        }
    }
}

fn raw_operation<'d>(
    item: &'d openapiv3::PathItem,
    method: &str,
) -> Option<&'d openapiv3::Operation> {
    match method {
        "get" => item.get.as_ref(),
        "put" => item.put.as_ref(),
        "post" => item.post.as_ref(),
        "delete" => item.delete.as_ref(),
        "options" => item.options.as_ref(),
        "head" => item.head.as_ref(),
        "patch" => item.patch.as_ref(),
        "trace" => item.trace.as_ref(),
        _ => None,
    }
}

fn raw_op_in<'d>(doc: &'d OpenAPI, op: &Operation) -> Option<&'d openapiv3::Operation> {
    match doc.paths.paths.get(&op.path)? {
        ReferenceOr::Item(item) => raw_operation(item, &op.http_method.to_ascii_lowercase()),
        ReferenceOr::Reference { .. } => None,
    }
}

/// Status (as written: `200`, `2XX`, `default`) → media types of that response.
fn responses_media(doc: &OpenAPI, op: &openapiv3::Operation) -> BTreeMap<String, BTreeSet<String>> {
    let media = |r: &ReferenceOr<openapiv3::Response>| -> BTreeSet<String> {
        let resp = match r {
            ReferenceOr::Item(r) => Some(r),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/responses/")
                .and_then(|name| doc.components.as_ref()?.responses.get(name)?.as_item()),
        };
        resp.map(|r| r.content.keys().cloned().collect())
            .unwrap_or_default()
    };
    let mut out = BTreeMap::new();
    for (code, r) in &op.responses.responses {
        let key = match code {
            StatusCode::Code(c) => c.to_string(),
            StatusCode::Range(d) => format!("{d}XX"),
        };
        out.insert(key, media(r));
    }
    if let Some(d) = &op.responses.default {
        out.insert("default".to_string(), media(d));
    }
    out
}
