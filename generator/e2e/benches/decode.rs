//! Decoding Rapyd's customer response (`create_customer`, 200: the example in
//! `specs/rapyd.yaml`, 13 KB of JSON) with the generated types against hand-written serde structs
//! of the same shape, and encoding it again: `cargo bench -p e2e --bench decode`.
//!
//! - `generated`: `generated::rapyd::types::CustomerResponse`;
//! - `hand_extras`: the same structs written by hand, each with the `#[serde(flatten)]` map of
//!   undeclared properties the generated one has (apples to apples; encoding leaves out absent
//!   fields, as the generated code does);
//! - `hand_plain`: the same structs without that map (what one would usually write by hand,
//!   dropping unknown properties); decoding only.
//!
//! Nullable fields (`Nullable<T>` in the generated code, which tells absent from `null`) are a
//! plain `Option<T>` in the hand-written structs.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde::{Deserialize, Serialize};
use serde_json::Value;

type Map = BTreeMap<String, Value>;

/// The customer tree once: each callback macro below turns it into a module of structs.
macro_rules! customer_shape {
    ($callback:ident) => {
        $callback! {
            CustomerResponse { status: ResponseStatus, data: Option<Customer> }
            ResponseStatus {
                error_code: Option<String>, message: Option<String>,
                operation_id: Option<String>, response_code: Option<String>,
                status: Option<String>,
            }
            Address {
                canton: Option<String>, city: Option<String>, country: Option<String>,
                created_at: Option<f64>, district: Option<String>, id: Option<String>,
                line_1: Option<String>, line_2: Option<String>, line_3: Option<String>,
                metadata: Option<Map>, name: Option<String>, phone_number: Option<String>,
                state: Option<String>, zip: Option<String>,
            }
            Coupon {
                amount_off: Option<f64>, created: Option<f64>, currency: Option<String>,
                description: Option<String>, discount_duration_in_uses: Option<f64>,
                discount_valid_until: Option<f64>, discount_validity_in_months: Option<f64>,
                duration: Option<String>, duration_in_months: Option<f64>, id: Option<String>,
                max_redemptions: Option<f64>, metadata: Option<Map>, percent_off: Option<f64>,
                redeem_by: Option<f64>, times_redeemed: Option<f64>, valid: Option<bool>,
            }
            Discount {
                coupon: Option<Coupon>, customer: Option<String>, end: Option<f64>,
                id: Option<String>, number_of_uses: Option<f64>, start: Option<f64>,
                subscription: Option<String>, valid: Option<bool>,
            }
            PaymentMethod {
                id: Option<String>, r#type: Option<String>, category: Option<String>,
                metadata: Option<Map>, image: Option<String>, webhook_url: Option<String>,
                supporting_documentation: Option<String>, next_action: Option<String>,
                bic_swift: Option<String>, account_last4: Option<String>,
            }
            PaymentMethodList {
                data: Option<Vec<PaymentMethod>>, has_more: Option<bool>,
                total_count: Option<i64>, url: Option<String>,
            }
            PackageDimensions {
                height: Option<f64>, length: Option<f64>, weight: Option<f64>,
                width: Option<f64>,
            }
            Sku {
                active: Option<bool>, attributes: Option<Map>, created_at: Option<f64>,
                currency: Option<String>, id: Option<String>, image: Option<String>,
                inventory: Option<Map>, metadata: Option<Map>,
                package_dimensions: Option<PackageDimensions>, price: Option<f64>,
                product: Option<String>, updated_at: Option<f64>,
            }
            Product {
                active: Option<bool>, attributes: Option<Vec<String>>, created_at: Option<f64>,
                description: Option<String>, id: Option<String>, images: Option<Vec<String>>,
                metadata: Option<Map>, name: Option<String>,
                package_dimensions: Option<PackageDimensions>, shippable: Option<bool>,
                skus: Option<Vec<Sku>>, statement_descriptor: Option<String>,
                r#type: Option<String>, unit_label: Option<String>, updated_at: Option<f64>,
            }
            PlanTier { amount: Option<f64>, flat_amount: Option<f64>, up_to: Option<String> }
            TransformUsage { divide_by: Option<f64>, round: Option<String> }
            Plan {
                active: Option<bool>, aggregate_usage: Option<String>, amount: Option<f64>,
                billing_scheme: Option<String>, created_at: Option<f64>,
                currency: Option<String>, id: Option<String>, interval: Option<String>,
                interval_count: Option<f64>, metadata: Option<Map>, nickname: Option<String>,
                product: Option<Product>, tiers: Option<Vec<PlanTier>>,
                tiers_mode: Option<String>, transform_usage: Option<TransformUsage>,
                trial_period_days: Option<f64>, usage_type: Option<String>,
            }
            SubscriptionItem {
                created: Option<f64>, id: Option<String>, metadata: Option<Map>,
                plan: Option<Plan>, quantity: Option<f64>, subscription_id: Option<String>,
            }
            SubscriptionItemList {
                data: Option<Vec<SubscriptionItem>>, has_more: Option<bool>,
                total_count: Option<f64>, url: Option<String>,
            }
            Subscription {
                billing: Option<String>, billing_cycle_anchor: Option<String>,
                cancel_at_period_end: Option<bool>, canceled_at: Option<f64>,
                created_at: Option<f64>, current_period_end: Option<f64>,
                current_period_start: Option<f64>, customer_token: Option<String>,
                days_until_due: Option<f64>, discount: Option<Discount>,
                ended_at: Option<f64>, id: Option<String>, metadata: Option<Map>,
                payment_fields: Option<Map>, payment_method: Option<String>,
                payout_fields: Option<Map>, simultaneous_invoice: Option<bool>,
                status: Option<String>, subscription_items: Option<SubscriptionItemList>,
                tax_percent: Option<f64>, trial_end: Option<f64>, trial_start: Option<f64>,
                r#type: Option<String>,
            }
            Customer {
                name: Option<String>, addresses: Option<Vec<Address>>,
                business_vat_id: Option<String>, created_at: Option<i64>,
                default_payment_method: Option<String>, delinquent: Option<bool>,
                description: Option<String>, discount: Option<Discount>, email: Option<String>,
                ewallet: Option<String>, id: Option<String>, invoice_prefix: Option<String>,
                metadata: Option<Map>, payment_methods: Option<PaymentMethodList>,
                phone_number: Option<String>, subscriptions: Option<Vec<Subscription>>,
            }
        }
    };
}

/// Every struct with a flattened map of undeclared properties, as the generated ones have.
macro_rules! with_extras {
    ($($name:ident { $($field:ident: $ty:ty),* $(,)? })*) => {
        #[allow(dead_code)]
        mod hand_extras {
            use super::*;
            $(
                #[derive(Debug, Deserialize, Serialize)]
                pub struct $name {
                    $(
                        #[serde(skip_serializing_if = "Absent::absent")]
                        pub $field: $ty,
                    )*
                    #[serde(flatten)]
                    pub extra: Map,
                }

                impl Absent for $name {
                    fn absent(&self) -> bool {
                        false
                    }
                }
            )*
        }
    };
}

/// Whether a hand-written field is left out when encoding: a `None`, as the generated code does.
trait Absent {
    fn absent(&self) -> bool;
}

impl<T> Absent for Option<T> {
    fn absent(&self) -> bool {
        self.is_none()
    }
}

/// Every struct without that map: unknown properties are skipped.
macro_rules! plain {
    ($($name:ident { $($field:ident: $ty:ty),* $(,)? })*) => {
        #[allow(dead_code)]
        mod hand_plain {
            use super::*;
            $(
                #[derive(Debug, Deserialize)]
                pub struct $name {
                    $(pub $field: $ty,)*
                }
            )*
        }
    };
}

customer_shape!(with_extras);
customer_shape!(plain);

/// The `create_customer` 200 example of `specs/rapyd.yaml`, as compact JSON.
fn customer_json() -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../specs/rapyd.yaml");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let spec: Value = serde_yaml::from_str(&text).expect("specs/rapyd.yaml is YAML");
    let example = spec
        .pointer("/paths/~1v1~1customers/post/responses/200/content/application~1json/examples/customer/value")
        .expect("the create_customer 200 example");
    serde_json::to_vec(example).expect("serialises")
}

fn decode(c: &mut Criterion) {
    let body = customer_json();

    // The three decode the same document to the same customer.
    let generated: generated::rapyd::types::CustomerResponse =
        serde_json::from_slice(&body).expect("the generated types decode the example");
    let extras: hand_extras::CustomerResponse =
        serde_json::from_slice(&body).expect("hand_extras decodes the example");
    let plain: hand_plain::CustomerResponse =
        serde_json::from_slice(&body).expect("hand_plain decodes the example");
    let customer = generated.data.as_ref().expect("data");
    let subscriptions = customer.subscriptions.as_ref().map(Vec::len);
    assert_eq!(customer.id, extras.data.as_ref().and_then(|d| d.id.clone()));
    assert_eq!(customer.id, plain.data.as_ref().and_then(|d| d.id.clone()));
    assert_eq!(
        subscriptions,
        plain
            .data
            .as_ref()
            .and_then(|d| d.subscriptions.as_ref().map(Vec::len))
    );

    let mut group = c.benchmark_group("rapyd_customer_decode");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| {
            serde_json::from_slice::<generated::rapyd::types::CustomerResponse>(black_box(&body))
                .expect("decodes")
        })
    });
    group.bench_function("hand_extras", |b| {
        b.iter(|| {
            serde_json::from_slice::<hand_extras::CustomerResponse>(black_box(&body))
                .expect("decodes")
        })
    });
    group.bench_function("hand_plain", |b| {
        b.iter(|| {
            serde_json::from_slice::<hand_plain::CustomerResponse>(black_box(&body))
                .expect("decodes")
        })
    });
    group.finish();

    // Encoding the decoded customer: both give the same JSON value, but for the `null`s the
    // generated code keeps (a `Nullable` field sent as `null`; the hand-written `Option` drops it).
    let again =
        |bytes: Vec<u8>| without_nulls(serde_json::from_slice::<Value>(&bytes).expect("JSON"));
    assert!(
        again(serde_json::to_vec(&generated).expect("encodes"))
            == again(serde_json::to_vec(&extras).expect("encodes")),
        "the generated and hand-written structs encode the customer differently"
    );
    let mut group = c.benchmark_group("rapyd_customer_encode");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::to_vec(black_box(&generated)).expect("encodes"))
    });
    group.bench_function("hand_extras", |b| {
        b.iter(|| serde_json::to_vec(black_box(&extras)).expect("encodes"))
    });
    group.finish();
}

/// `value` without its objects' `null` properties.
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

criterion_group!(benches, decode);
criterion_main!(benches);
