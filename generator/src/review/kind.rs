//! The kinds of change the review reports, each with a stable kebab-case code: the JSON report's
//! `kind` and the GitHub annotation's title carry it, and tools match on it, so a code is never
//! renamed or reused (a new kind gets a new code; a kind that is no longer reported keeps its
//! code retired). [`ChangeKind::ALL`] lists them; the table below is the documentation.
//!
//! - Specs: `spec-added`, `spec-removed`.
//! - Operations: `operation-added`, `operation-removed`, `operation-id-changed`, `method-renamed`, `operation-deprecated`, `pagination-added`, `pagination-removed`.
//! - Parameters: `required-parameter-added`, `optional-parameter-added`, `parameter-removed`, `parameter-renamed`, `parameter-type-changed`, `parameter-became-required`, `parameter-became-optional`, `parameter-default-changed`, `parameter-deprecated`.
//! - Request bodies: `required-request-body-added`, `optional-request-body-added`, `request-body-removed`, `request-body-type-changed`, `request-body-became-required`, `request-body-became-optional`, `request-encoding-changed`, `request-media-type-added`, `request-media-type-removed`.
//! - Responses: `success-status-added`, `success-status-removed`, `error-status-added`, `error-status-removed`, `status-class-changed`, `response-type-changed`, `response-media-type-added`, `success-media-type-removed`, `error-media-type-removed`.
//! - Types: `schema-added`, `schema-removed`, `schema-deprecated`, `type-renamed`, `type-changed`, `additional-properties-changed`, `enum-value-added`, `enum-value-removed`, `enum-variant-renamed`, `union-variant-added`, `union-variant-removed`, `union-variant-type-changed`, `union-variants-reordered`, `discriminator-changed`.
//! - Fields: `required-property-added`, `optional-property-added`, `property-removed`, `property-renamed`, `property-type-changed`, `property-became-required`, `property-became-optional`, `property-became-nullable`, `property-became-non-nullable`, `property-deprecated`.
//! - Constraints (of parameters and properties): `constraint-tightened`, `constraint-loosened`.
//! - Security: `security-changed`, `security-scheme-added`, `security-scheme-removed`, `security-scheme-changed`.
//! - Servers: `server-added`, `server-removed`, `server-url-changed`.

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

    /// Parses `ERR`/`WARN`/`INFO` (any case, `ERROR` and `WARNING` too).
    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_uppercase().as_str() {
            "ERR" | "ERROR" => Some(Severity::Err),
            "WARN" | "WARNING" => Some(Severity::Warn),
            "INFO" => Some(Severity::Info),
            _ => None,
        }
    }
}

/// What kind of change; [`ChangeKind::code`] is its stable identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    // Specs
    /// `spec-added`
    SpecAdded,
    /// `spec-removed`
    SpecRemoved,
    // Operations
    /// `operation-added`
    OperationAdded,
    /// `operation-removed`
    OperationRemoved,
    /// `operation-id-changed`
    OperationIdChanged,
    /// `method-renamed`
    MethodRenamed,
    /// `operation-deprecated`
    OperationDeprecated,
    /// `pagination-added`
    PaginationAdded,
    /// `pagination-removed`
    PaginationRemoved,
    // Parameters
    /// `required-parameter-added`
    RequiredParameterAdded,
    /// `optional-parameter-added`
    OptionalParameterAdded,
    /// `parameter-removed`
    ParameterRemoved,
    /// `parameter-renamed`
    ParameterRenamed,
    /// `parameter-type-changed`
    ParameterTypeChanged,
    /// `parameter-became-required`
    ParameterBecameRequired,
    /// `parameter-became-optional`
    ParameterBecameOptional,
    /// `parameter-default-changed`
    ParameterDefaultChanged,
    /// `parameter-deprecated`
    ParameterDeprecated,
    // Request bodies
    /// `required-request-body-added`
    RequiredRequestBodyAdded,
    /// `optional-request-body-added`
    OptionalRequestBodyAdded,
    /// `request-body-removed`
    RequestBodyRemoved,
    /// `request-body-type-changed`
    RequestBodyTypeChanged,
    /// `request-body-became-required`
    RequestBodyBecameRequired,
    /// `request-body-became-optional`
    RequestBodyBecameOptional,
    /// `request-encoding-changed`
    RequestEncodingChanged,
    /// `request-media-type-added`
    RequestMediaTypeAdded,
    /// `request-media-type-removed`
    RequestMediaTypeRemoved,
    // Responses
    /// `success-status-added`
    SuccessStatusAdded,
    /// `success-status-removed`
    SuccessStatusRemoved,
    /// `success-status-widened`: the only success code became the range that holds it
    /// (`201` → `2XX`) with the same body; every status the old client accepted is accepted.
    SuccessStatusWidened,
    /// `error-status-added`
    ErrorStatusAdded,
    /// `error-status-removed`
    ErrorStatusRemoved,
    /// `status-class-changed`
    StatusClassChanged,
    /// `response-type-changed`
    ResponseTypeChanged,
    /// `response-media-type-added`
    ResponseMediaTypeAdded,
    /// `success-media-type-removed`
    SuccessMediaTypeRemoved,
    /// `error-media-type-removed`
    ErrorMediaTypeRemoved,
    // Types
    /// `schema-added`
    SchemaAdded,
    /// `schema-removed`
    SchemaRemoved,
    /// `schema-deprecated`
    SchemaDeprecated,
    /// `type-renamed`
    TypeRenamed,
    /// `type-changed`
    TypeChanged,
    /// `additional-properties-changed`
    AdditionalPropertiesChanged,
    /// `enum-value-added`
    EnumValueAdded,
    /// `enum-value-removed`
    EnumValueRemoved,
    /// `enum-variant-renamed`
    EnumVariantRenamed,
    /// `union-variant-added`
    UnionVariantAdded,
    /// `union-variant-removed`
    UnionVariantRemoved,
    /// `union-variant-type-changed`
    UnionVariantTypeChanged,
    /// `union-variants-reordered`: the alternatives of a union without a discriminator are
    /// listed in another order, so a value matching several may decode as another one.
    UnionVariantsReordered,
    /// `discriminator-changed`
    DiscriminatorChanged,
    // Fields
    /// `required-property-added`
    RequiredPropertyAdded,
    /// `optional-property-added`
    OptionalPropertyAdded,
    /// `property-removed`
    PropertyRemoved,
    /// `property-renamed`
    PropertyRenamed,
    /// `property-type-changed`
    PropertyTypeChanged,
    /// `property-became-required`
    PropertyBecameRequired,
    /// `property-became-optional`
    PropertyBecameOptional,
    /// `property-became-nullable`
    PropertyBecameNullable,
    /// `property-became-non-nullable`
    PropertyBecameNonNullable,
    /// `property-deprecated`
    PropertyDeprecated,
    // Constraints (of parameters and properties)
    /// `constraint-tightened`
    ConstraintTightened,
    /// `constraint-loosened`
    ConstraintLoosened,
    // Security
    /// `security-changed`
    SecurityChanged,
    /// `security-scheme-added`
    SecuritySchemeAdded,
    /// `security-scheme-removed`
    SecuritySchemeRemoved,
    /// `security-scheme-changed`
    SecuritySchemeChanged,
    // Servers
    /// `server-added`
    ServerAdded,
    /// `server-removed`
    ServerRemoved,
    /// `server-url-changed`
    ServerUrlChanged,
}

impl ChangeKind {
    /// Every kind, grouped by concern.
    pub const ALL: &'static [ChangeKind] = &[
        ChangeKind::SpecAdded,
        ChangeKind::SpecRemoved,
        ChangeKind::OperationAdded,
        ChangeKind::OperationRemoved,
        ChangeKind::OperationIdChanged,
        ChangeKind::MethodRenamed,
        ChangeKind::OperationDeprecated,
        ChangeKind::PaginationAdded,
        ChangeKind::PaginationRemoved,
        ChangeKind::RequiredParameterAdded,
        ChangeKind::OptionalParameterAdded,
        ChangeKind::ParameterRemoved,
        ChangeKind::ParameterRenamed,
        ChangeKind::ParameterTypeChanged,
        ChangeKind::ParameterBecameRequired,
        ChangeKind::ParameterBecameOptional,
        ChangeKind::ParameterDefaultChanged,
        ChangeKind::ParameterDeprecated,
        ChangeKind::RequiredRequestBodyAdded,
        ChangeKind::OptionalRequestBodyAdded,
        ChangeKind::RequestBodyRemoved,
        ChangeKind::RequestBodyTypeChanged,
        ChangeKind::RequestBodyBecameRequired,
        ChangeKind::RequestBodyBecameOptional,
        ChangeKind::RequestEncodingChanged,
        ChangeKind::RequestMediaTypeAdded,
        ChangeKind::RequestMediaTypeRemoved,
        ChangeKind::SuccessStatusAdded,
        ChangeKind::SuccessStatusRemoved,
        ChangeKind::SuccessStatusWidened,
        ChangeKind::ErrorStatusAdded,
        ChangeKind::ErrorStatusRemoved,
        ChangeKind::StatusClassChanged,
        ChangeKind::ResponseTypeChanged,
        ChangeKind::ResponseMediaTypeAdded,
        ChangeKind::SuccessMediaTypeRemoved,
        ChangeKind::ErrorMediaTypeRemoved,
        ChangeKind::SchemaAdded,
        ChangeKind::SchemaRemoved,
        ChangeKind::SchemaDeprecated,
        ChangeKind::TypeRenamed,
        ChangeKind::TypeChanged,
        ChangeKind::AdditionalPropertiesChanged,
        ChangeKind::EnumValueAdded,
        ChangeKind::EnumValueRemoved,
        ChangeKind::EnumVariantRenamed,
        ChangeKind::UnionVariantAdded,
        ChangeKind::UnionVariantRemoved,
        ChangeKind::UnionVariantTypeChanged,
        ChangeKind::UnionVariantsReordered,
        ChangeKind::DiscriminatorChanged,
        ChangeKind::RequiredPropertyAdded,
        ChangeKind::OptionalPropertyAdded,
        ChangeKind::PropertyRemoved,
        ChangeKind::PropertyRenamed,
        ChangeKind::PropertyTypeChanged,
        ChangeKind::PropertyBecameRequired,
        ChangeKind::PropertyBecameOptional,
        ChangeKind::PropertyBecameNullable,
        ChangeKind::PropertyBecameNonNullable,
        ChangeKind::PropertyDeprecated,
        ChangeKind::ConstraintTightened,
        ChangeKind::ConstraintLoosened,
        ChangeKind::SecurityChanged,
        ChangeKind::SecuritySchemeAdded,
        ChangeKind::SecuritySchemeRemoved,
        ChangeKind::SecuritySchemeChanged,
        ChangeKind::ServerAdded,
        ChangeKind::ServerRemoved,
        ChangeKind::ServerUrlChanged,
    ];

    /// The stable kebab-case code (`operation-removed`).
    pub fn code(self) -> &'static str {
        match self {
            ChangeKind::SpecAdded => "spec-added",
            ChangeKind::SpecRemoved => "spec-removed",
            ChangeKind::OperationAdded => "operation-added",
            ChangeKind::OperationRemoved => "operation-removed",
            ChangeKind::OperationIdChanged => "operation-id-changed",
            ChangeKind::MethodRenamed => "method-renamed",
            ChangeKind::OperationDeprecated => "operation-deprecated",
            ChangeKind::PaginationAdded => "pagination-added",
            ChangeKind::PaginationRemoved => "pagination-removed",
            ChangeKind::RequiredParameterAdded => "required-parameter-added",
            ChangeKind::OptionalParameterAdded => "optional-parameter-added",
            ChangeKind::ParameterRemoved => "parameter-removed",
            ChangeKind::ParameterRenamed => "parameter-renamed",
            ChangeKind::ParameterTypeChanged => "parameter-type-changed",
            ChangeKind::ParameterBecameRequired => "parameter-became-required",
            ChangeKind::ParameterBecameOptional => "parameter-became-optional",
            ChangeKind::ParameterDefaultChanged => "parameter-default-changed",
            ChangeKind::ParameterDeprecated => "parameter-deprecated",
            ChangeKind::RequiredRequestBodyAdded => "required-request-body-added",
            ChangeKind::OptionalRequestBodyAdded => "optional-request-body-added",
            ChangeKind::RequestBodyRemoved => "request-body-removed",
            ChangeKind::RequestBodyTypeChanged => "request-body-type-changed",
            ChangeKind::RequestBodyBecameRequired => "request-body-became-required",
            ChangeKind::RequestBodyBecameOptional => "request-body-became-optional",
            ChangeKind::RequestEncodingChanged => "request-encoding-changed",
            ChangeKind::RequestMediaTypeAdded => "request-media-type-added",
            ChangeKind::RequestMediaTypeRemoved => "request-media-type-removed",
            ChangeKind::SuccessStatusAdded => "success-status-added",
            ChangeKind::SuccessStatusRemoved => "success-status-removed",
            ChangeKind::SuccessStatusWidened => "success-status-widened",
            ChangeKind::ErrorStatusAdded => "error-status-added",
            ChangeKind::ErrorStatusRemoved => "error-status-removed",
            ChangeKind::StatusClassChanged => "status-class-changed",
            ChangeKind::ResponseTypeChanged => "response-type-changed",
            ChangeKind::ResponseMediaTypeAdded => "response-media-type-added",
            ChangeKind::SuccessMediaTypeRemoved => "success-media-type-removed",
            ChangeKind::ErrorMediaTypeRemoved => "error-media-type-removed",
            ChangeKind::SchemaAdded => "schema-added",
            ChangeKind::SchemaRemoved => "schema-removed",
            ChangeKind::SchemaDeprecated => "schema-deprecated",
            ChangeKind::TypeRenamed => "type-renamed",
            ChangeKind::TypeChanged => "type-changed",
            ChangeKind::AdditionalPropertiesChanged => "additional-properties-changed",
            ChangeKind::EnumValueAdded => "enum-value-added",
            ChangeKind::EnumValueRemoved => "enum-value-removed",
            ChangeKind::EnumVariantRenamed => "enum-variant-renamed",
            ChangeKind::UnionVariantAdded => "union-variant-added",
            ChangeKind::UnionVariantRemoved => "union-variant-removed",
            ChangeKind::UnionVariantTypeChanged => "union-variant-type-changed",
            ChangeKind::UnionVariantsReordered => "union-variants-reordered",
            ChangeKind::DiscriminatorChanged => "discriminator-changed",
            ChangeKind::RequiredPropertyAdded => "required-property-added",
            ChangeKind::OptionalPropertyAdded => "optional-property-added",
            ChangeKind::PropertyRemoved => "property-removed",
            ChangeKind::PropertyRenamed => "property-renamed",
            ChangeKind::PropertyTypeChanged => "property-type-changed",
            ChangeKind::PropertyBecameRequired => "property-became-required",
            ChangeKind::PropertyBecameOptional => "property-became-optional",
            ChangeKind::PropertyBecameNullable => "property-became-nullable",
            ChangeKind::PropertyBecameNonNullable => "property-became-non-nullable",
            ChangeKind::PropertyDeprecated => "property-deprecated",
            ChangeKind::ConstraintTightened => "constraint-tightened",
            ChangeKind::ConstraintLoosened => "constraint-loosened",
            ChangeKind::SecurityChanged => "security-changed",
            ChangeKind::SecuritySchemeAdded => "security-scheme-added",
            ChangeKind::SecuritySchemeRemoved => "security-scheme-removed",
            ChangeKind::SecuritySchemeChanged => "security-scheme-changed",
            ChangeKind::ServerAdded => "server-added",
            ChangeKind::ServerRemoved => "server-removed",
            ChangeKind::ServerUrlChanged => "server-url-changed",
        }
    }

    /// The kind with this code.
    pub fn from_code(code: &str) -> Option<ChangeKind> {
        ChangeKind::ALL.iter().copied().find(|k| k.code() == code)
    }
}

impl std::fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::ChangeKind;

    #[test]
    fn codes_are_unique_kebab_case_and_round_trip() {
        let mut seen = std::collections::BTreeSet::new();
        for &kind in ChangeKind::ALL {
            let code = kind.code();
            assert!(seen.insert(code), "{code} twice");
            assert!(
                code.split('-')
                    .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase())),
                "{code}"
            );
            assert_eq!(ChangeKind::from_code(code), Some(kind));
        }
        assert_eq!(seen.len(), 70);
    }
}
