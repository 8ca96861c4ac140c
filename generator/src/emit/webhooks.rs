//! `webhooks.rs`: the events a provider sends (OpenAPI 3.1 `webhooks`) as one `Event` enum, read
//! from an incoming request body by webhook name (`Event::parse`) or, where every payload names
//! its webhook in one property, from the body alone (`Event::from_body`).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::rust_types::{ident, TypeRenderer};
use crate::model::Webhooks;

/// The tokens of `webhooks.rs`: names, payload types and methods as the surface decided them
/// ([`crate::surface::WebhooksSurface`]); the docs come from the model.
pub fn webhooks_file(r: &TypeRenderer<'_>, hooks: &Webhooks) -> TokenStream {
    let surface = &r.surface.webhooks;
    let variants: Vec<TokenStream> = surface
        .events
        .iter()
        .zip(&hooks.events)
        .map(|(e, model)| {
            let v = ident(&e.variant);
            let ty = r.tokens(&e.payload.full);
            let mut text = format!("`{} {}`", model.method, e.name);
            if let Some(d) = &model.docs.description {
                text = format!("{}\n\nWebhook {text}.", super::docs::sanitize(d));
            } else {
                text = format!("Webhook {text}.");
            }
            let doc = doc_attrs(&text);
            quote! { #doc #v(#ty), }
        })
        .collect();
    let names: Vec<&str> = surface.events.iter().map(|e| e.name.as_str()).collect();
    let idents: Vec<_> = surface.events.iter().map(|e| ident(&e.variant)).collect();
    let from_body = surface.from_body.as_ref().map(|property| {
        let doc = format!(
            " Reads a request body alone: its `{property}` property names the webhook."
        );
        quote! {
            #[doc = #doc]
            pub fn from_body(body: &[u8]) -> ::std::result::Result<Self, ParseError> {
                let probe: ::serde_json::Value = ::serde_json::from_slice(body).map_err(ParseError::Body)?;
                let name = probe
                    .get(#property)
                    .and_then(::serde_json::Value::as_str)
                    .ok_or_else(|| ParseError::UnknownWebhook(::std::string::String::new()))?;
                Self::parse(name, body)
            }
        }
    });
    quote! {
        /// One event the provider sends: the payload of one of its webhooks.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum Event {
            #(#variants)*
        }

        /// Why a request body could not be read as an [`Event`].
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum ParseError {
            /// No webhook of this name is described (empty when the body did not name one).
            UnknownWebhook(::std::string::String),
            /// The body is not the webhook's payload.
            Body(::serde_json::Error),
        }

        impl ::std::fmt::Display for ParseError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    ParseError::UnknownWebhook(name) => write!(f, "unknown webhook `{name}`"),
                    ParseError::Body(e) => write!(f, "the body is not the webhook's payload: {e}"),
                }
            }
        }

        impl ::std::error::Error for ParseError {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    ParseError::Body(e) => ::std::option::Option::Some(e),
                    ParseError::UnknownWebhook(_) => ::std::option::Option::None,
                }
            }
        }

        impl Event {
            /// The webhook names, as the document spells them.
            pub const NAMES: &'static [&'static str] = &[#(#names),*];

            /// Reads the body of the webhook named `name` (as the document names it: see
            /// [`Event::NAMES`]).
            pub fn parse(name: &str, body: &[u8]) -> ::std::result::Result<Self, ParseError> {
                match name {
                    #( #names => ::serde_json::from_slice(body).map(Event::#idents).map_err(ParseError::Body), )*
                    other => ::std::result::Result::Err(ParseError::UnknownWebhook(other.into())),
                }
            }

            #from_body

            /// The name of the webhook this event came from.
            pub fn name(&self) -> &'static str {
                match self {
                    #( Event::#idents(_) => #names, )*
                }
            }
        }
    }
}
