//! PayArc: create a customer profile (form-encoded request, Bearer token) and read back the
//! new Customer object. The spec (from the seed document) has no fetch or list operation.
//!
//! ```sh
//! # against Prism (a validating mock of specs/payarc.yaml):
//! npx prism mock -h 127.0.0.1 -p 4012 specs/payarc.yaml &
//! PAYARC_BASE_URL=http://127.0.0.1:4012 cargo run -p generated --all-features --example payarc
//! ```
//!
//! Environment: `PAYARC_BASE_URL` (default: the spec's test server) and `PAYARC_TOKEN` (a
//! placeholder by default).

use generated::payarc::types::CustomerCreate;
use generated::payarc::{Client, Server};
use generated::runtime::Error;

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    run(&env_or("PAYARC_BASE_URL", Server::Test.url())).await
}

/// The walk-through against the API at `base_url` (`cargo test -p e2e --test contract` runs it
/// against Prism).
pub async fn run(base_url: &str) -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder(base_url)
        .bearer_auth(env_or("PAYARC_TOKEN", "your-api-token"))
        .build()?;
    println!("PayArc at {base_url}");

    // The name allows letters and spaces only: caught before anything is sent.
    let invalid = CustomerCreate::default().with_name("J. Smith (VIP)");
    if let Err(Error::InvalidArgument(v)) = client.create_customer(&invalid).await {
        println!("not sent, invalid arguments: {v}");
    }

    let new_customer = CustomerCreate::default()
        .with_name("John Smith")
        .with_email("customer@xyz.com")
        .with_send_email_address("invoicing@xyz.com")
        .with_cc_email_address("cc@xyz.com")
        .with_address_1("103 Mason Street")
        .with_address_2("2nd Floor")
        .with_city("New York")
        .with_state("NY")
        .with_zip("10469")
        .with_phone("541754301")
        .with_country("US");
    match client.create_customer(&new_customer).await {
        Ok(created) => {
            let c = &created.data;
            println!("created customer {} (HTTP {})", c.id, created.status());
            println!(
                "  {} <{}>, {}, {} {}",
                c.name.as_option().map_or("-", String::as_str),
                c.email.as_option().map_or("-", String::as_str),
                c.address_1.as_option().map_or("-", String::as_str),
                c.zip.as_option().map_or("-", String::as_str),
                c.city.as_option().map_or("-", String::as_str),
            );
            // The document states no field but `id` as always present.
            println!(
                "  invoice prefix {}, created {}, {} cards, {} charges",
                c.invoice_prefix.as_deref().unwrap_or("-"),
                c.created_at.as_deref().unwrap_or("-"),
                c.card.as_ref().map_or(0, |l| l.data.len()),
                c.charge.as_ref().map_or(0, |l| l.data.len())
            );
            let include = created.meta.as_ref().and_then(|m| m.include.as_ref());
            println!(
                "  can include: {}",
                include.map_or_else(|| "-".to_owned(), |i| i.join(", "))
            );
            Ok(())
        }
        Err(e) => {
            match &e {
                // PayArc documents no error answer: a refusal (e.g. 401 for a bad token) keeps
                // its status, headers and body.
                Error::UnexpectedResponse(r) => {
                    eprintln!("PayArc answered HTTP {}: {}", r.status, r.body_text())
                }
                Error::InvalidArgument(v) => eprintln!("not sent, invalid arguments: {v}"),
                Error::Decode { response, source } => eprintln!(
                    "HTTP {} with a body that does not match the spec: {source}",
                    response.status
                ),
                Error::Timeout(_) => eprintln!("timed out"),
                Error::Transport(err) => eprintln!("could not reach PayArc: {err}"),
                other => eprintln!("{other}"),
            }
            Err(e.into())
        }
    }
}
