//! Scripted spec edits of `shop.yaml`, each a function from the old YAML to the new, with the
//! verdicts the review must give. Shared by `generator/tests/review_verdicts.rs` (the review's
//! verdicts) and `xtask/src/semver/agreement.rs` (the Rust verdicts against cargo-semver-checks).

/// One edit and what the review must say about it.
pub struct Edit {
    /// A short name (also the name of the generated crates).
    pub name: &'static str,
    /// The edit: old spec text → new spec text.
    pub apply: fn(&str) -> String,
    /// The kind code of the change that carries the case (`""`: the review reports nothing).
    pub kind: &'static str,
    /// Its wire verdict (`none`, `may break`, `breaks`).
    pub wire: &'static str,
    /// Its Rust verdict (`patch`, `minor`, `major`).
    pub rust: &'static str,
    /// Whether it is flagged "behaviour may change".
    pub behaviour: bool,
    /// The whole report's bump (`patch` when nothing is reported).
    pub bump: &'static str,
}

/// `spec` with `find` (which must occur exactly once) replaced by `replace`.
pub fn replace_once(spec: &str, find: &str, replace: &str) -> String {
    assert_eq!(spec.matches(find).count(), 1, "edit anchor {find:?}");
    spec.replacen(find, replace, 1)
}

fn optional_request_property(s: &str) -> String {
    replace_once(
        s,
        "        payment:\n          $ref",
        "        currency:\n          type: string\n          description: ISO 4217.\n        payment:\n          $ref",
    )
}

fn new_required_request_property(s: &str) -> String {
    let s = replace_once(
        s,
        "      required: [amount]\n",
        "      required: [amount, email]\n",
    );
    replace_once(
        &s,
        "        gift:\n",
        "        email:\n          type: string\n          description: Where the receipt goes.\n        gift:\n",
    )
}

fn response_enum_value(s: &str) -> String {
    replace_once(s, "enum: [open, paid]", "enum: [open, paid, refunded]")
}

fn enum_value_removed(s: &str) -> String {
    replace_once(s, "enum: [open, paid]", "enum: [open]")
}

fn operation_id_renamed(s: &str) -> String {
    replace_once(s, "operationId: create_order", "operationId: place_order")
}

fn int32_to_int64(s: &str) -> String {
    replace_once(s, "format: int32", "format: int64")
}

fn required_made_nullable(s: &str) -> String {
    replace_once(
        s,
        "          type: string\n          description: Its id.\n",
        "          type: string\n          nullable: true\n          description: Its id.\n",
    )
}

fn one_of_reordered(s: &str) -> String {
    replace_once(
        s,
        "        - $ref: '#/components/schemas/Card'\n        - $ref: '#/components/schemas/Transfer'\n",
        "        - $ref: '#/components/schemas/Transfer'\n        - $ref: '#/components/schemas/Card'\n",
    )
}

fn error_status_added(s: &str) -> String {
    replace_once(
        s,
        "        '422':\n",
        "        '409':\n          description: Duplicate.\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Problem'\n        '422':\n",
    )
}

fn operation_added(s: &str) -> String {
    replace_once(
        s,
        "  /orders:\n",
        "  /orders:\n    get:\n      operationId: list_orders\n      description: Every order.\n      responses:\n        '200':\n          description: The orders.\n          content:\n            application/json:\n              schema:\n                type: array\n                items:\n                  $ref: '#/components/schemas/Order'\n",
    )
}

fn operation_removed(s: &str) -> String {
    let start = s.find("  /orders/{id}:\n").expect("get_order");
    let end = s.find("components:\n").expect("components");
    format!("{}{}", &s[..start], &s[end..])
}

fn optional_query_parameter(s: &str) -> String {
    replace_once(
        s,
        "      requestBody:\n",
        "        - name: channel\n          in: query\n          description: Where it came from.\n          schema:\n            type: string\n      requestBody:\n",
    )
}

fn optional_response_property_removed(s: &str) -> String {
    replace_once(
        s,
        "        note:\n          type: string\n          description: The note given when it was placed.\n",
        "",
    )
}

fn server_added(s: &str) -> String {
    replace_once(
        s,
        "    description: Production.\n",
        "    description: Production.\n  - url: https://sandbox.shop.example\n    description: Sandbox.\n",
    )
}

fn docs_only(s: &str) -> String {
    replace_once(
        s,
        "description: Places an order.",
        "description: Places an order (idempotent per note).",
    )
}

fn constraint_tightened(s: &str) -> String {
    replace_once(
        s,
        "          description: A note on the order.\n          schema:\n            type: string\n",
        "          description: A note on the order.\n          schema:\n            type: string\n            maxLength: 200\n",
    )
}

/// Every edit, with its verdicts.
pub const EDITS: &[Edit] = &[
    Edit {
        name: "optional_request_property",
        apply: optional_request_property,
        kind: "optional-property-added",
        wire: "none",
        rust: "minor",
        behaviour: false,
        bump: "minor",
    },
    Edit {
        name: "new_required_request_property",
        apply: new_required_request_property,
        kind: "required-property-added",
        wire: "breaks",
        rust: "major",
        behaviour: false,
        bump: "major",
    },
    Edit {
        name: "response_enum_value",
        apply: response_enum_value,
        kind: "enum-value-added",
        wire: "may break",
        rust: "minor",
        behaviour: false,
        bump: "minor",
    },
    Edit {
        name: "enum_value_removed",
        apply: enum_value_removed,
        kind: "enum-value-removed",
        wire: "may break",
        rust: "major",
        behaviour: false,
        bump: "major",
    },
    Edit {
        name: "operation_id_renamed",
        apply: operation_id_renamed,
        kind: "operation-id-changed",
        wire: "none",
        rust: "major",
        behaviour: false,
        bump: "major",
    },
    Edit {
        name: "int32_to_int64",
        apply: int32_to_int64,
        kind: "property-type-changed",
        wire: "none",
        rust: "major",
        behaviour: false,
        bump: "major",
    },
    Edit {
        name: "required_made_nullable",
        apply: required_made_nullable,
        kind: "property-became-nullable",
        wire: "breaks",
        rust: "major",
        behaviour: false,
        bump: "major",
    },
    Edit {
        name: "one_of_reordered",
        apply: one_of_reordered,
        kind: "union-variants-reordered",
        wire: "none",
        rust: "patch",
        behaviour: true,
        bump: "patch",
    },
    Edit {
        name: "error_status_added",
        apply: error_status_added,
        kind: "error-status-added",
        wire: "none",
        rust: "minor",
        behaviour: false,
        bump: "minor",
    },
    Edit {
        name: "operation_added",
        apply: operation_added,
        kind: "operation-added",
        wire: "none",
        rust: "minor",
        behaviour: false,
        bump: "minor",
    },
    Edit {
        name: "operation_removed",
        apply: operation_removed,
        kind: "operation-removed",
        wire: "breaks",
        rust: "major",
        behaviour: false,
        bump: "major",
    },
    Edit {
        name: "optional_query_parameter",
        apply: optional_query_parameter,
        kind: "optional-parameter-added",
        wire: "none",
        rust: "minor",
        behaviour: false,
        bump: "minor",
    },
    Edit {
        name: "optional_response_property_removed",
        apply: optional_response_property_removed,
        kind: "property-removed",
        wire: "none",
        rust: "major",
        behaviour: false,
        bump: "major",
    },
    Edit {
        name: "server_added",
        apply: server_added,
        kind: "server-added",
        wire: "none",
        rust: "minor",
        behaviour: false,
        bump: "minor",
    },
    Edit {
        name: "docs_only",
        apply: docs_only,
        kind: "",
        wire: "none",
        rust: "patch",
        behaviour: false,
        bump: "patch",
    },
    Edit {
        name: "constraint_tightened",
        apply: constraint_tightened,
        kind: "constraint-tightened",
        wire: "breaks",
        rust: "patch",
        behaviour: true,
        bump: "patch",
    },
];
