//! Where a type is used: the types reachable from parameters and request bodies are request
//! types, those reachable from responses response types; a type used by neither (in either
//! version) is taken as both. A change to a request type breaks callers differently from a
//! change to a response type.

use crate::model::{Additional, Api, ResponseBody, Ty, TypeKind};

use super::Severity;

/// Where a type is used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Usage {
    /// Reachable from a parameter or request body.
    pub(super) req: bool,
    /// Reachable from a response body.
    pub(super) resp: bool,
}

impl Usage {
    /// Used in either; used in neither counts as both.
    pub(super) fn or(self, other: Usage) -> Usage {
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
    pub(super) fn pick(self, req: Severity, resp: Severity) -> Severity {
        let mut s = Severity::Info;
        if self.req {
            s = s.max(req);
        }
        if self.resp {
            s = s.max(resp);
        }
        s
    }

    /// The worse of the two wire verdicts that apply.
    pub(super) fn pick_wire(self, req: super::Wire, resp: super::Wire) -> super::Wire {
        let mut w = super::Wire::None;
        if self.req {
            w = w.max(req);
        }
        if self.resp {
            w = w.max(resp);
        }
        w
    }
}

/// Marks every type reachable from parameters and bodies as request types, and from responses as
/// response types.
pub(super) fn usage(api: &Api) -> Vec<Usage> {
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
                        if let Additional::Typed(t, _) = &s.additional {
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
