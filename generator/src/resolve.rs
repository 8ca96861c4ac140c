//! Stage 2, resolve: the typed lookup the model uses. [`Resolver`] follows local `$ref`s on a
//! loaded document and catches dangling references and reference cycles. (Relative-file
//! references were already bundled in by the load stage, [`crate::load::bundle`].)

use crate::diag::Diagnostic;
use openapiv3::{
    Components, Header, OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema,
    SecurityScheme,
};

/// Local reference lookups on a typed document.
pub struct Resolver<'a> {
    components: Option<&'a Components>,
}

/// How many `$ref` hops are followed before a chain is called a cycle.
const MAX_HOPS: usize = 64;

macro_rules! follow_fn {
    ($(#[$doc:meta])* $fn_name:ident, $ty:ty, $section:literal, $field:ident) => {
        $(#[$doc])*
        pub fn $fn_name(&self, item: &'a ReferenceOr<$ty>, at: &str) -> Result<(&'a $ty, Option<&'a str>), Diagnostic> {
            let mut current = item;
            let mut name = None;
            for _ in 0..MAX_HOPS {
                match current {
                    ReferenceOr::Item(v) => return Ok((v, name)),
                    ReferenceOr::Reference { reference } => {
                        let n = self.ref_name(reference, $section, at)?;
                        let found = self.components.and_then(|c| c.$field.get_key_value(n.as_str()));
                        let Some((key, next)) = found else {
                            return Err(Diagnostic::error(at, format!("dangling reference `{reference}`: no such component")));
                        };
                        name = Some(key.as_str());
                        current = next;
                    }
                }
            }
            Err(Diagnostic::error(at, "reference cycle: these `$ref`s point at each other and never reach a definition"))
        }
    };
}

impl<'a> Resolver<'a> {
    /// A resolver over `api`'s components.
    pub fn new(api: &'a OpenAPI) -> Self {
        Resolver {
            components: api.components.as_ref(),
        }
    }

    /// The component name a reference names, checking it points into `section`.
    pub fn ref_name(&self, reference: &str, section: &str, at: &str) -> Result<String, Diagnostic> {
        let prefix = format!("#/components/{section}/");
        match reference.strip_prefix(&prefix) {
            Some(name) if !name.contains('/') => Ok(unescape(name)),
            _ => Err(Diagnostic::error(
                at,
                format!("unsupported reference `{reference}`: expected `{prefix}<name>`"),
            )),
        }
    }

    follow_fn!(
        /// The schema behind `item` and, if it was reached through a reference, the component name.
        schema, Schema, "schemas", schemas
    );
    follow_fn!(
        /// The parameter behind `item`.
        parameter, Parameter, "parameters", parameters
    );
    follow_fn!(
        /// The request body behind `item`.
        request_body, RequestBody, "requestBodies", request_bodies
    );
    follow_fn!(
        /// The response behind `item`.
        response, Response, "responses", responses
    );
    follow_fn!(
        /// The header behind `item`.
        header, Header, "headers", headers
    );
    follow_fn!(
        /// The security scheme behind `item`.
        security_scheme, SecurityScheme, "securitySchemes", security_schemes
    );

    /// The schema behind a boxed reference (properties and items are boxed in `openapiv3`).
    pub fn boxed_schema(
        &self,
        item: &'a ReferenceOr<Box<Schema>>,
        at: &str,
    ) -> Result<(&'a Schema, Option<&'a str>), Diagnostic> {
        match item {
            ReferenceOr::Item(s) => Ok((s, None)),
            ReferenceOr::Reference { reference } => {
                let r: &'a ReferenceOr<Schema> = self.schema_ref(reference, at)?;
                let (s, name) = self.schema(r, at)?;
                let own = self.ref_name(reference, "schemas", at)?;
                let own = self
                    .components
                    .and_then(|c| c.schemas.get_key_value(own.as_str()))
                    .map(|(k, _)| k.as_str());
                Ok((s, own.or(name)))
            }
        }
    }

    fn schema_ref(&self, reference: &str, at: &str) -> Result<&'a ReferenceOr<Schema>, Diagnostic> {
        let n = self.ref_name(reference, "schemas", at)?;
        self.components
            .and_then(|c| c.schemas.get(n.as_str()))
            .ok_or_else(|| {
                Diagnostic::error(
                    at,
                    format!("dangling reference `{reference}`: no such component"),
                )
            })
    }
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}
