//! The public items of a spec's `webhooks` module (OpenAPI 3.1 `webhooks`): the `Event` enum, one
//! variant per webhook holding its payload type, its methods, and `ParseError`.

use super::{RustType, Surface};

/// One webhook's variant of `webhooks::Event`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSurface {
    /// The variant name (`BalancePlatformTransferCreated`).
    pub variant: String,
    /// The payload it holds.
    pub payload: RustType,
    /// The webhook's name in the document, which `Event::parse` takes.
    pub name: String,
}

/// The `webhooks` module; empty when the document describes no webhooks (no module is emitted).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebhooksSurface {
    /// The variants of `Event`, in document order.
    pub events: Vec<EventSurface>,
    /// The payload property naming the webhook, when `Event::from_body` exists.
    pub from_body: Option<String>,
}

/// The name of the enum of events.
pub const EVENT_ENUM: &str = "Event";
/// The name of the error of `Event::parse`.
pub const PARSE_ERROR: &str = "ParseError";
/// `ParseError`'s variants with their payload types.
pub const PARSE_ERROR_VARIANTS: [(&str, &str); 2] = [
    ("UnknownWebhook", "::std::string::String"),
    ("Body", "::serde_json::Error"),
];
/// `Event`'s methods: name, signature, and whether it exists only with a discriminator.
pub const EVENT_METHODS: [(&str, &str, bool); 3] = [
    (
        "parse",
        "fn parse(name: &str, body: &[u8]) -> ::std::result::Result<Self, ParseError>",
        false,
    ),
    (
        "from_body",
        "fn from_body(body: &[u8]) -> ::std::result::Result<Self, ParseError>",
        true,
    ),
    ("name", "fn name(&self) -> &'static str", false),
];

/// Decides the `webhooks` module of `surface`'s spec.
pub(super) fn webhooks_surface(surface: &Surface<'_>) -> WebhooksSurface {
    let hooks = &surface.api.webhooks;
    WebhooksSurface {
        events: hooks
            .events
            .iter()
            .map(|e| EventSurface {
                variant: e.variant.clone(),
                payload: surface.rust_type(&e.ty),
                name: e.name.clone(),
            })
            .collect(),
        from_body: hooks.discriminator.clone(),
    }
}
