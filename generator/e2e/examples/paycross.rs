//! PayCross: create a customer, fetch it, list customers; create a product, fetch its payment
//! links, update it and list products — handling the typed errors on the way.
//!
//! ```sh
//! # against Prism (a validating mock of specs/paycross.yaml):
//! npx prism mock -h 127.0.0.1 -p 4010 specs/paycross.yaml &
//! PAYCROSS_BASE_URL=http://127.0.0.1:4010 cargo run -p generated --all-features --example paycross
//! ```
//!
//! Environment: `PAYCROSS_BASE_URL` (default: the spec's only server, production — PayCross
//! marks test products with `test: true` instead of using another host), `PAYCROSS_SHOP_ID` and
//! `PAYCROSS_SECRET_KEY` (HTTP Basic credentials; placeholders by default).

use std::fmt::Debug;

use generated::paycross::types::{
    CustomerCreate, LenientInteger, ProductCreate, ProductUpdate, TransactionType, VisibleField,
};
use generated::paycross::{
    Client, CreateCustomerError, GetProductError, GetProductFoundHeaders, Server,
};
use generated::runtime::Error;

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    run(&env_or("PAYCROSS_BASE_URL", Server::Production.url())).await
}

/// The walk-through against the API at `base_url` (`cargo test -p e2e --test contract` runs it
/// against Prism).
pub async fn run(base_url: &str) -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder(base_url)
        .basic_auth(
            env_or("PAYCROSS_SHOP_ID", "1"),
            env_or("PAYCROSS_SECRET_KEY", "your-secret-key"),
        )
        .user_agent("paycross-example/0.1")
        .build()?;
    println!("PayCross at {base_url}");

    // Arguments are checked against the spec before anything is sent.
    let invalid = CustomerCreate::new("jane@example.com", "192.0.2.10").with_country("USA");
    match client.create_customer(&invalid).await {
        Err(Error::InvalidArgument(violations)) => {
            println!("not sent, invalid arguments: {violations}");
        }
        other => println!("unexpected outcome for an invalid customer: {other:?}"),
    }

    // Create a customer. A 422 carries the message of every invalid field.
    let new_customer = CustomerCreate::new("john.doe@example.com", "127.0.0.1")
        .with_first_name("John")
        .with_last_name("Doe")
        .with_address("1st Street")
        .with_city("Denver")
        .with_country("US")
        .with_state("CO")
        .with_zip("92006")
        .with_phone("+1-555-555-5555");
    let customer = match client.create_customer(&new_customer).await {
        Ok(created) => {
            println!(
                "created customer {} (HTTP {})",
                created.id,
                created.status()
            );
            created.into_body()
        }
        Err(Error::Api(e)) => {
            // `…Error` enums are `#[non_exhaustive]`: a status the spec documents later is a
            // new variant, so a match keeps a fallback arm.
            if let CreateCustomerError::UnprocessableEntity(v) = &e.body {
                eprintln!(
                    "PayCross refused the customer (HTTP {}): {}",
                    e.status, v.message
                );
                for (field, messages) in &v.errors {
                    eprintln!("  {field}: {}", messages.join(", "));
                }
            }
            return Err(Error::Api(e).into());
        }
        Err(e) => return Err(describe("create_customer", e)),
    };

    // Fetch it, then list every customer.
    let fetched = client
        .get_customer(&customer.id)
        .await
        .map_err(|e| describe("get_customer", e))?;
    println!(
        "fetched {}: {} {} <{}>",
        fetched.id,
        fetched.first_name.as_option().map_or("", String::as_str),
        fetched.last_name.as_option().map_or("", String::as_str),
        fetched.email
    );
    let customers = client
        .list_customers()
        .await
        .map_err(|e| describe("list_customers", e))?;
    println!("{} customers:", customers.len());
    for c in customers.iter() {
        println!("  {} <{}>", c.id, c.email);
    }

    // A product with a payment link.
    let new_product = ProductCreate::new(
        "Yearly plan",
        "Access for one year",
        "USD",
        LenientInteger::Integer(9900),
        "en",
    )
    .with_quantity(LenientInteger::Integer(100))
    .with_infinite(false)
    .with_visible_fields(vec![VisibleField::Email, VisibleField::Country])
    .with_test(true)
    .with_immortal(true)
    .with_return_url("https://shop.example.com/thanks")
    .with_transaction_type(TransactionType::Payment);
    let product = client
        .create_product(&new_product)
        .await
        .map_err(|e| describe("create_product", e))?
        .into_body();
    println!(
        "created product {} ({} {} minor units), pay at {}",
        product.id, product.currency, product.amount, product.pay_url
    );

    match client.get_product(&product.id).await {
        Ok(p) => println!("product {} confirm URL: {}", p.id, p.confirm_url),
        // PayCross answers invalid parameters with a redirect and an HTML page.
        Err(Error::Api(e)) => {
            let page = match &e.body {
                GetProductError::Found(page) => page.as_str(),
                _ => "",
            };
            let location = GetProductFoundHeaders::from_headers(&e.headers).location;
            eprintln!(
                "PayCross redirected (HTTP {}) to {location:?}: {page}",
                e.status
            );
        }
        Err(e) => return Err(describe("get_product", e)),
    }

    let update = ProductUpdate::default().with_amount(LenientInteger::Integer(8900));
    let updated = client
        .update_product(&product.id, &update)
        .await
        .map_err(|e| describe("update_product", e))?;
    println!("updated product {} (HTTP {})", product.id, updated.status());

    let products = client
        .list_products()
        .await
        .map_err(|e| describe("list_products", e))?;
    println!("{} products:", products.len());
    for p in products.iter() {
        let stock = p
            .quantity
            .map_or_else(|| "unlimited".to_owned(), |q| q.to_string());
        println!(
            "  {} {:?}: {} {} ({stock} left, test: {})",
            p.id, p.name, p.amount, p.currency, p.test
        );
    }
    Ok(())
}

/// Prints what went wrong, by kind, and hands the error on.
fn describe<E: Debug + Send + Sync + 'static>(
    operation: &str,
    e: Error<E>,
) -> Box<dyn std::error::Error> {
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
            "{operation}: HTTP {} with a body that does not match the spec ({source}): {}",
            response.status,
            response.body_text()
        ),
        Error::Timeout(_) => eprintln!("{operation}: timed out"),
        Error::Transport(err) => eprintln!("{operation}: could not reach PayCross: {err}"),
        other => eprintln!("{operation}: {other}"),
    }
    Box::new(e)
}
