//! The generated `…_stream` methods against an in-process mock server (wiremock) through the
//! generated Monri client: a server that caps pages below `limit` loses nothing (the stream ends
//! on an empty page, not a short one), a server that ignores `offset` stops the stream with
//! `Error::Paging`, and `PageLimits` bound pages and items.

use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use futures_util::StreamExt as _;
use generated::monri::{Client, ListCustomersParams};
use generated::runtime::{Error, PageLimits};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// A customer list of `total` customers served page by page: `offset` and `limit` are read from
/// the query, and no page holds more than `cap` customers (whatever `limit` asks for). With
/// `ignore_offset`, every page starts at the first customer.
struct Customers {
    total: usize,
    cap: usize,
    ignore_offset: bool,
    requests: Arc<AtomicUsize>,
}

fn query(request: &Request, name: &str) -> Option<usize> {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == name)
        .and_then(|(_, v)| v.parse().ok())
}

fn customer(n: usize) -> serde_json::Value {
    serde_json::json!({
        "status": "approved",
        "id": format!("00000000-0000-4000-8000-{n:012}"),
        "email": format!("c{n}@example.com"),
        "deleted": false,
        "created_at": "2024-01-01T00:00:00Z",
        "updated_at": "2024-01-01T00:00:00Z",
    })
}

impl Respond for Customers {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.requests.fetch_add(1, Ordering::SeqCst);
        let offset = if self.ignore_offset {
            0
        } else {
            query(request, "offset").unwrap_or(0)
        };
        let limit = query(request, "limit").unwrap_or(50).min(self.cap);
        let end = offset.saturating_add(limit).min(self.total);
        let data: Vec<_> = (offset.min(end)..end).map(customer).collect();
        ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({ "status": "approved", "data": data }))
    }
}

async fn serve(total: usize, cap: usize, ignore_offset: bool) -> (MockServer, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let requests = Arc::new(AtomicUsize::new(0));
    Mock::given(method("GET"))
        .and(path("/v2/customers"))
        .respond_with(Customers {
            total,
            cap,
            ignore_offset,
            requests: requests.clone(),
        })
        .mount(&server)
        .await;
    (server, requests)
}

fn client(server: &MockServer) -> Client {
    Client::builder(server.uri()).build().expect("client")
}

/// Collects a stream, failing the test past 1000 items (a pager that never ends).
async fn collect<T>(stream: impl futures_util::Stream<Item = T>) -> Vec<T> {
    let mut stream = pin!(stream);
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        items.push(item);
        assert!(items.len() <= 1000, "the stream did not end");
    }
    items
}

fn email(c: &generated::monri::types::Customer) -> String {
    c.email.as_option().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_server_that_caps_pages_below_the_limit_loses_no_item() {
    let (server, requests) = serve(45, 20, false).await;
    let params = ListCustomersParams {
        limit: 50,
        offset: None,
    };
    let items =
        collect(client(&server).list_customers_stream(&params, PageLimits::default())).await;
    let emails: Vec<String> = items
        .into_iter()
        .map(|c| email(&c.expect("a customer")))
        .collect();
    let expected: Vec<String> = (0..45).map(|n| format!("c{n}@example.com")).collect();
    assert_eq!(emails, expected);
    // Pages of 20, 20, 5 and the empty page that ends the stream.
    assert_eq!(requests.load(Ordering::SeqCst), 4);
    let offsets: Vec<Option<usize>> = server
        .received_requests()
        .await
        .expect("recording is on")
        .iter()
        .map(|r| query(r, "offset"))
        .collect();
    assert_eq!(offsets, [Some(0), Some(20), Some(40), Some(45)]);
}

#[tokio::test]
async fn the_stream_ends_on_an_empty_page() {
    let (server, requests) = serve(0, 20, false).await;
    let params = ListCustomersParams::default();
    let items =
        collect(client(&server).list_customers_stream(&params, PageLimits::default())).await;
    assert!(items.is_empty(), "{items:?}");
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_repeated_page_stops_the_stream_with_a_paging_error() {
    let (server, requests) = serve(45, 10, true).await;
    let params = ListCustomersParams {
        limit: 10,
        offset: None,
    };
    let items =
        collect(client(&server).list_customers_stream(&params, PageLimits::default())).await;
    // The first page once, then the error; the repeat is not yielded.
    assert_eq!(items.len(), 11, "{items:?}");
    for (n, item) in items.iter().take(10).enumerate() {
        let c = item.as_ref().expect("a customer");
        assert_eq!(email(c), format!("c{n}@example.com"));
    }
    match &items[10] {
        Err(Error::Paging(why)) => assert!(why.contains("repeats"), "{why}"),
        other => panic!("expected Error::Paging, got {other:?}"),
    }
    assert_eq!(requests.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn page_limits_bound_the_pages_and_items() {
    let (server, requests) = serve(45, 20, false).await;
    let api = client(&server);
    let params = ListCustomersParams {
        limit: 20,
        offset: Some(5),
    };
    let two_pages = PageLimits {
        max_pages: Some(2),
        max_items: None,
    };
    let items = collect(api.list_customers_stream(&params, two_pages)).await;
    assert_eq!(items.len(), 40);
    assert_eq!(
        email(items[0].as_ref().expect("a customer")),
        "c5@example.com"
    );
    assert_eq!(requests.load(Ordering::SeqCst), 2);

    let seven_items = PageLimits {
        max_pages: None,
        max_items: Some(7),
    };
    let items = collect(api.list_customers_stream(&params, seven_items)).await;
    assert_eq!(items.len(), 7);
    // One more page was fetched for the seven items, none after.
    assert_eq!(requests.load(Ordering::SeqCst), 3);
}
