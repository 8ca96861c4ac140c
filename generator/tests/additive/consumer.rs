//! A caller written against the generated `api` crate of `shop.yaml`, as its documentation
//! teaches: builders instead of struct literals, a fallback arm on every generated enum. It must
//! keep compiling, warning-free, after each additive edit of the spec.

use api::runtime::Error;
use api::types::{Order, OrderCreate, OrderStatus};
use api::{Client, CreateOrderError, CreateOrderParams};

/// Places an order and describes the outcome.
pub async fn place(client: &Client) -> Result<String, String> {
    let body = OrderCreate::new(990).with_gift(true);
    let params = CreateOrderParams::default().with_note("leave at the door");
    match client.create_order(&body, &params).await {
        Ok(created) => Ok(format!("{} ({})", describe(created.body()), created.status())),
        Err(Error::Api(e)) => match &e.body {
            CreateOrderError::UnprocessableEntity(problem) => Err(problem.message.clone()),
            _ => Err(format!("refused: {}", e.status)),
        },
        Err(e) => Err(e.to_string()),
    }
}

/// An order in words.
pub fn describe(order: &Order) -> String {
    let status = match &order.status {
        OrderStatus::Open => "open",
        OrderStatus::Paid => "paid",
        _ => "in another state",
    };
    format!("{} is {status}", order.id)
}
