//! A paged list with a JSON body works at run time: the `pagination_rules.yaml` fixture's crate,
//! with a test of its own against an in-process mock server (wiremock), pages through
//! `search_items_stream`, sending the same body with every page's request and advancing the
//! offset by the items received, until an empty page. (Before, such a stream called the list
//! method without its body and the crate did not compile: apicurio.local's registry, Apache
//! Airflow, figshare.) The crate is built with `CARGO_TARGET_DIR=target/fixture-check`, shared
//! with the compile tests.

mod support;

/// The test the generated crate runs.
const PAGINATION_TEST: &str = r##"
use futures_util::StreamExt;
use pagination_run::runtime::PageLimits;
use pagination_run::types::SearchItemsBody;
use pagination_run::{Client, SearchItemsParams};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_search_sends_its_body_with_every_page() {
    let server = MockServer::start().await;
    let wanted = serde_json::json!({"query": "red"});
    for (offset, page) in [("0", vec!["a", "b"]), ("2", vec!["c"]), ("3", vec![])] {
        Mock::given(method("POST"))
            .and(path("/search"))
            .and(query_param("offset", offset))
            .and(query_param("limit", "2"))
            .and(body_json(&wanted))
            .respond_with(ResponseTemplate::new(200).set_body_json(&page))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = Client::builder(server.uri()).build().expect("builds");
    let body = SearchItemsBody::default().with_query("red");
    let params = SearchItemsParams::default().with_limit(2);
    let items: Vec<String> = client
        .search_items_stream(&body, &params, PageLimits::default())
        .map(|item| item.expect("an item"))
        .collect()
        .await;
    assert_eq!(items, ["a", "b", "c"]);
    // Three requests, each matched by its own mock (`expect(1)`, checked when the server drops).
    assert_eq!(server.received_requests().await.expect("recorded").len(), 3);
}
"##;

#[test]
fn a_paged_search_sends_its_body_with_every_page() {
    support::run_generated_test(
        "pagination_rules.yaml",
        "pagination-run",
        "pagination",
        PAGINATION_TEST,
        support::MOCK_SERVER_DEV_DEPENDENCIES,
    );
}
