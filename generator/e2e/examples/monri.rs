//! Monri WebPay: create a customer, fetch it (by uuid and by your own id), update it, list all
//! customers page by page, list its saved cards, and delete it — every request signed with
//! `WP3-v2.1`.
//!
//! ```sh
//! # against Prism (a validating mock of specs/monri.yaml):
//! npx prism mock -h 127.0.0.1 -p 4011 specs/monri.yaml &
//! MONRI_BASE_URL=http://127.0.0.1:4011 cargo run -p generated --all-features --example monri
//! ```
//!
//! Environment: `MONRI_BASE_URL` (default: the spec's test server), `MONRI_AUTHENTICITY_TOKEN`
//! and `MONRI_MERCHANT_KEY` (placeholders by default).

use std::fmt::Debug;
use std::pin::pin;

use futures_util::StreamExt as _;
use generated::monri::types::{CustomerCreate, CustomerUpdate, ErrorResponse};
use generated::monri::{
    Client, CreateCustomerError, ListCustomerPaymentMethodsParams, ListCustomersParams, Server,
};
use generated::runtime::{Error, MonriSigner, PageLimits};

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    run(&env_or("MONRI_BASE_URL", Server::Test.url())).await
}

/// The walk-through against the API at `base_url` (`cargo test -p e2e --test contract` runs it
/// against Prism).
pub async fn run(base_url: &str) -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder(base_url)
        .signer(MonriSigner::new(
            env_or("MONRI_AUTHENTICITY_TOKEN", "your-authenticity-token"),
            env_or("MONRI_MERCHANT_KEY", "your-merchant-key"),
        ))
        .build()?;
    println!("Monri at {base_url}");

    let new_customer = CustomerCreate::default()
        .with_merchant_customer_id("customer-id-1234")
        .with_name("Test")
        .with_email("email@email.com")
        .with_description("Customer")
        .with_country("BA")
        .with_zip_code("71000")
        .with_metadata([("segment".to_owned(), "retail".into())]);
    let customer = match client.create_customer(&new_customer).await {
        Ok(created) => created.into_body(),
        // 400 and 401 are documented, with the body's `status`.
        Err(Error::Api(e)) => {
            let (what, body) = match &e.body {
                CreateCustomerError::BadRequest(b) => ("request rejected", Some(b)),
                CreateCustomerError::Unauthorized(b) => ("Authorization rejected", Some(b)),
                // `…Error` enums are `#[non_exhaustive]`: a later documented status.
                _ => ("refused", None),
            };
            match body {
                Some(ErrorResponse { status, .. }) => {
                    eprintln!("{what} (HTTP {}): status {status}", e.status);
                }
                None => eprintln!("{what} (HTTP {})", e.status),
            }
            return Err(Error::Api(e).into());
        }
        Err(e) => return Err(describe("create_customer", e)),
    };
    let uuid = customer
        .uuid
        .or(customer.id)
        .ok_or("Monri answered a customer without a uuid")?;
    println!("created customer {uuid} ({})", customer.status);

    let fetched = client
        .get_customer(&uuid)
        .await
        .map_err(|e| describe("get_customer", e))?;
    println!(
        "fetched {uuid}: {} <{}>",
        fetched.name.as_option().map_or("-", String::as_str),
        fetched.email.as_option().map_or("-", String::as_str)
    );
    let by_own_id = client
        .get_customer_by_merchant_customer_id("customer-id-1234")
        .await
        .map_err(|e| describe("get_customer_by_merchant_customer_id", e))?;
    println!(
        "customer-id-1234 is {}",
        by_own_id
            .uuid
            .or(by_own_id.id)
            .map_or_else(String::new, |u| u.to_string())
    );

    // Change the e-mail and unset a metadata key (`null` unsets a key; the document gives no
    // other field that meaning).
    let update = CustomerUpdate::default()
        .with_email("new-email@email.com")
        .with_metadata([("segment".to_owned(), serde_json::Value::Null)]);
    let updated = client
        .update_customer(&uuid, &update)
        .await
        .map_err(|e| describe("update_customer", e))?;
    println!("updated {uuid} at {}", updated.updated_at);

    // Every customer, 20 per request, at most 500: Monri's list has no end signal, so the
    // stream ends after an empty page (or with `Error::Paging` on a repeated one).
    let params = ListCustomersParams::default().with_limit(20);
    let limits = PageLimits {
        max_items: Some(500),
        ..Default::default()
    };
    let mut customers = pin!(client.list_customers_stream(&params, limits));
    let mut count = 0;
    while let Some(item) = customers.next().await {
        let c = match item {
            Ok(c) => c,
            // A mock that ignores `offset` answers every page alike: the pager stops there.
            Err(Error::Paging(why)) => {
                println!("  paging stopped: {why}");
                break;
            }
            Err(e) => return Err(describe("list_customers", e)),
        };
        count += 1;
        println!(
            "  {} {} (created {})",
            c.uuid.or(c.id).map_or_else(String::new, |u| u.to_string()),
            c.email.as_option().map_or("-", String::as_str),
            c.created_at
        );
    }
    println!("{count} customers");

    let cards = client
        .list_customer_payment_methods(&uuid, &ListCustomerPaymentMethodsParams::default())
        .await
        .map_err(|e| describe("list_customer_payment_methods", e))?;
    for card in &cards.data {
        println!(
            "  card {} expires {} (expired: {})",
            card.masked_pan.as_option().map_or("-", String::as_str),
            card.expiration_date.as_option().map_or("-", String::as_str),
            card.expired
                .as_option()
                .map_or_else(|| "unknown".to_owned(), bool::to_string)
        );
    }

    let deleted = client
        .delete_customer(&uuid)
        .await
        .map_err(|e| describe("delete_customer", e))?;
    println!("deleted {}: {}", deleted.id, deleted.deleted);
    Ok(())
}

/// Prints what went wrong, by kind, and hands the error on.
fn describe<E: Debug + 'static>(operation: &str, e: Error<E>) -> Box<dyn std::error::Error> {
    match &e {
        Error::InvalidArgument(v) => eprintln!("{operation}: not sent, invalid arguments: {v}"),
        Error::Api(api) => eprintln!(
            "{operation}: documented error, HTTP {}: {:?}",
            api.status, api.body
        ),
        Error::UnexpectedResponse(r) => eprintln!(
            "{operation}: undocumented answer, HTTP {}: {}",
            r.status,
            r.body_text()
        ),
        Error::Decode { response, source } => eprintln!(
            "{operation}: HTTP {} with a body that does not match the spec ({source})",
            response.status
        ),
        Error::Sign(err) => eprintln!("{operation}: could not sign the request: {err}"),
        Error::Timeout(_) => eprintln!("{operation}: timed out"),
        Error::Transport(err) => eprintln!("{operation}: could not reach Monri: {err}"),
        other => eprintln!("{operation}: {other}"),
    }
    Box::new(e)
}
