//! Rapyd: create a customer with an address, signed with Rapyd's `access_key`/`salt`/
//! `timestamp`/`signature` headers and sent with an idempotency key, so that the retries of the
//! client can never create it twice. The spec (from the seed document) has no fetch or list
//! operation.
//!
//! ```sh
//! # against Prism (a validating mock of specs/rapyd.yaml):
//! npx prism mock -h 127.0.0.1 -p 4013 specs/rapyd.yaml &
//! RAPYD_BASE_URL=http://127.0.0.1:4013 cargo run -p generated --all-features --example rapyd
//! ```
//!
//! Environment: `RAPYD_BASE_URL` (default: the spec's sandbox), `RAPYD_ACCESS_KEY` and
//! `RAPYD_SECRET_KEY` (placeholders by default).

use std::time::{SystemTime, UNIX_EPOCH};

use generated::rapyd::types::{AddressCreate, CustomerCreate};
use generated::rapyd::{Client, CreateCustomerParams, Server};
use generated::runtime::{Error, RapydSigner};

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    run(&env_or("RAPYD_BASE_URL", Server::Sandbox.url())).await
}

/// The walk-through against the API at `base_url` (`cargo test -p e2e --test contract` runs it
/// against Prism).
pub async fn run(base_url: &str) -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder(base_url)
        .signer(RapydSigner::new(
            env_or("RAPYD_ACCESS_KEY", "your-access-key"),
            env_or("RAPYD_SECRET_KEY", "your-secret-key"),
        ))
        .build()?;
    println!("Rapyd at {base_url}");

    let new_customer = CustomerCreate::default()
        .with_name("Jane Doe")
        .with_email("jane.doe@example.com")
        .with_phone_number("+74951234567")
        .with_description("Customer created through the API")
        .with_addresses(vec![AddressCreate::default()
            .with_name("Jane Doe")
            .with_line_1("1 Tverskaya Street")
            .with_city("Moscow")
            .with_country("RU")
            .with_zip("125009")
            .with_phone_number("+74951234567")]);
    // One key per logical request; a retry of this call reuses it.
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH)?.as_nanos();
    let params =
        CreateCustomerParams::default().with_idempotency(format!("create-jane-doe-{nanos}"));

    match client.create_customer(&new_customer, &params).await {
        Ok(created) => {
            // `created.status()` is the HTTP status; `created.status` the envelope's own field.
            let status = &created.status;
            println!(
                "Rapyd status {} (operation {})",
                status.status.as_deref().unwrap_or("-"),
                status.operation_id.as_deref().unwrap_or("-")
            );
            let Some(customer) = &created.body().data else {
                return Err("Rapyd answered without a customer".into());
            };
            println!(
                "created customer {} <{}>",
                customer.id.as_deref().unwrap_or("-"),
                customer.email.as_deref().unwrap_or("-")
            );
            for address in customer.addresses.iter().flatten() {
                println!(
                    "  address {}: {}, {} {}",
                    address.id.as_deref().unwrap_or("-"),
                    address.line_1.as_deref().unwrap_or("-"),
                    address.city.as_deref().unwrap_or("-"),
                    address.country.as_deref().unwrap_or("-")
                );
            }
            if let Some(methods) = &customer.payment_methods {
                println!(
                    "  {} payment methods",
                    methods.total_count.unwrap_or_default()
                );
            }
            Ok(())
        }
        Err(e) => {
            match &e {
                // Rapyd documents no error answer: a refusal keeps its status and body, whose
                // `status.error_code` says why.
                Error::UnexpectedResponse(r) => {
                    eprintln!("Rapyd answered HTTP {}: {}", r.status, r.body_text())
                }
                Error::InvalidArgument(v) => eprintln!("not sent, invalid arguments: {v}"),
                Error::Sign(err) => eprintln!("could not sign the request: {err}"),
                Error::Decode { response, source } => eprintln!(
                    "HTTP {} with a body that does not match the spec: {source}",
                    response.status
                ),
                Error::Timeout(_) => eprintln!("timed out"),
                Error::Transport(err) => eprintln!("could not reach Rapyd: {err}"),
                other => eprintln!("{other}"),
            }
            Err(e.into())
        }
    }
}
