//! `paginate_offset_with` against an in-process mock server (`wiremock`) that serves a list of
//! items by `offset`/`limit`: a server that caps pages below `limit`, one that ignores `offset`,
//! an empty last page, the response's own end signal, bounds, and nullable item arrays.

use std::pin::pin;

use futures_util::StreamExt as _;
use generator_runtime::{
    more_before_total, page_param, paginate_offset, paginate_offset_with, Error, Page, PageEnd,
    PageLimits, RawResponse, RequestBuilder, Transport,
};
use reqwest::Method;
use serde::Deserialize;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Serves items `0..total` as `{"data": [...], "has_more": …}`, at most `cap` per page;
/// `ignore_offset` always serves the first page.
struct ListServer {
    total: i64,
    cap: i64,
    ignore_offset: bool,
}

fn query(req: &Request, name: &str) -> Option<i64> {
    req.url
        .query_pairs()
        .find(|(k, _)| k == name)
        .and_then(|(_, v)| v.parse().ok())
}

impl Respond for ListServer {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let offset = if self.ignore_offset {
            0
        } else {
            query(req, "offset").unwrap_or(0)
        };
        let limit = query(req, "limit").unwrap_or(10).min(self.cap);
        let items: Vec<i64> = (offset..(offset + limit).min(self.total)).collect();
        let has_more = offset + (items.len() as i64) < self.total;
        ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({ "data": items, "has_more": has_more }))
    }
}

#[derive(Deserialize)]
struct List {
    data: Option<Vec<i64>>,
    has_more: bool,
}

fn read(r: RawResponse) -> Result<List, Error<()>> {
    match r.status() {
        200 => r.json::<List, ()>().map(|r| r.into_body()),
        _ => Err(r.unexpected()),
    }
}

async fn server(total: i64, cap: i64, ignore_offset: bool) -> (MockServer, Transport) {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::path("/items"))
        .respond_with(ListServer {
            total,
            cap,
            ignore_offset,
        })
        .mount(&server)
        .await;
    let t = Transport::builder(server.uri()).build().expect("builds");
    (server, t)
}

async fn list(t: &Transport, offset: i64, limit: i64) -> Result<List, Error<()>> {
    let mut req = RequestBuilder::new(Method::GET, "list_items");
    req.path("/items");
    req.query("offset", &offset);
    req.query("limit", &limit);
    t.call(req, read).await
}

async fn collect<T>(
    s: impl futures_util::Stream<Item = Result<T, Error<()>>>,
) -> Vec<Result<T, Error<()>>> {
    let mut s = pin!(s);
    let mut out = Vec::new();
    while let Some(item) = s.next().await {
        out.push(item);
    }
    out
}

fn oks(items: Vec<Result<i64, Error<()>>>) -> Vec<i64> {
    items.into_iter().map(|r| r.expect("ok")).collect()
}

async fn requests(server: &MockServer) -> Vec<(i64, i64)> {
    server
        .received_requests()
        .await
        .expect("recording")
        .iter()
        .map(|r| {
            (
                query(r, "offset").unwrap_or(-1),
                query(r, "limit").unwrap_or(-1),
            )
        })
        .collect()
}

#[tokio::test]
async fn all_45_items_from_a_server_that_caps_pages_at_20_while_limit_is_50() {
    let (server, t) = server(45, 20, false).await;
    let items = collect(paginate_offset_with(
        0,
        50,
        PageEnd::Empty,
        PageLimits::default(),
        |offset, limit| {
            let t = &t;
            async move { list(t, offset, limit).await.map(|l| l.data) }
        },
    ))
    .await;
    assert_eq!(oks(items), (0..45).collect::<Vec<_>>());
    assert_eq!(
        requests(&server).await,
        [(0, 50), (20, 50), (40, 50), (45, 50)],
        "until an empty page"
    );
}

#[tokio::test]
async fn the_responses_own_end_signal_ends_the_stream_without_an_extra_request() {
    let (server, t) = server(45, 20, false).await;
    let items = collect(paginate_offset_with(
        0,
        50,
        PageEnd::Empty,
        PageLimits::default(),
        |offset, limit| {
            let t = &t;
            async move {
                let l = list(t, offset, limit).await?;
                Ok(Page {
                    items: l.data.unwrap_or_default(),
                    has_more: Some(l.has_more),
                })
            }
        },
    ))
    .await;
    assert_eq!(oks(items), (0..45).collect::<Vec<_>>());
    assert_eq!(requests(&server).await, [(0, 50), (20, 50), (40, 50)]);
}

#[tokio::test]
async fn a_repeated_page_stops_the_stream_with_an_error() {
    let (server, t) = server(45, 10, true).await;
    let items = collect(paginate_offset_with(
        0,
        10,
        PageEnd::Empty,
        PageLimits::default(),
        |offset, limit| {
            let t = &t;
            async move { list(t, offset, limit).await.map(|l| l.data) }
        },
    ))
    .await;
    assert_eq!(items.len(), 11, "the first page, then the error");
    let (ok, err) = items.split_at(10);
    assert_eq!(
        ok.iter()
            .map(|r| *r.as_ref().expect("ok"))
            .collect::<Vec<_>>(),
        (0..10).collect::<Vec<_>>()
    );
    let Err(Error::Paging(message)) = &err[0] else {
        panic!("expected a paging error, got {:?}", err[0]);
    };
    assert!(
        message.starts_with("page 2 (offset 10) repeats the page before it"),
        "{message}"
    );
    assert_eq!(
        requests(&server).await.len(),
        2,
        "no request after the repeat"
    );
}

#[tokio::test]
async fn a_server_cycling_through_pages_is_stopped_with_an_error() {
    // Pages A, B, A, B, … with no end signal: never the page before, always an earlier one.
    let fetched = std::cell::Cell::new(0);
    let items = collect(paginate_offset_with(
        0,
        2,
        PageEnd::Empty,
        PageLimits::default(),
        |_offset, _limit| {
            fetched.set(fetched.get() + 1);
            let page = if fetched.get() % 2 == 1 {
                [1, 2]
            } else {
                [3, 4]
            };
            async move { Ok::<_, Error<()>>(page.to_vec()) }
        },
    ))
    .await;
    let ok: Vec<i32> = items
        .iter()
        .filter_map(|r| r.as_ref().ok().copied())
        .collect();
    assert_eq!(ok, [1, 2, 3, 4], "each page once, then the error");
    let Some(Err(Error::Paging(message))) = items.last() else {
        panic!("expected a paging error, got {:?}", items.last());
    };
    assert!(
        message.starts_with("page 3 (offset 4) repeats page 1"),
        "{message}"
    );
    assert_eq!(fetched.get(), 3, "no request after the repeat");
}

#[tokio::test]
async fn a_cycle_longer_than_the_pages_remembered_is_stopped_by_a_bound() {
    let cycle = generator_runtime::PAGES_REMEMBERED as i64 + 2;
    let fetched = std::cell::Cell::new(0i64);
    let items = collect(paginate_offset_with(
        0,
        1,
        PageEnd::Empty,
        PageLimits {
            max_pages: Some(50),
            max_items: None,
        },
        |_offset, _limit| {
            fetched.set(fetched.get() + 1);
            let item = fetched.get() % cycle;
            async move { Ok::<_, Error<()>>(vec![item]) }
        },
    ))
    .await;
    assert_eq!(items.len(), 50, "max_pages ends what the memory cannot see");
    assert!(items.iter().all(Result::is_ok));
}

#[tokio::test]
async fn an_empty_page_ends_the_stream() {
    let (server, t) = server(20, 10, false).await;
    let items = collect(paginate_offset_with(
        0,
        10,
        PageEnd::Empty,
        PageLimits::default(),
        |offset, limit| {
            let t = &t;
            async move { list(t, offset, limit).await.map(|l| l.data) }
        },
    ))
    .await;
    assert_eq!(oks(items), (0..20).collect::<Vec<_>>());
    assert_eq!(requests(&server).await, [(0, 10), (10, 10), (20, 10)]);
}

#[tokio::test]
async fn a_short_page_ends_the_stream_only_under_the_short_page_rule() {
    let (server, t) = server(45, 20, false).await;
    let items = collect(paginate_offset(0, 50, |offset, limit| {
        let t = &t;
        async move { list(t, offset, limit).await.map(|l| l.data) }
    }))
    .await;
    // What an API that fills pages up to `limit` would mean; this server does not, so data is
    // lost: the reason `PageEnd::Empty` is the safe rule.
    assert_eq!(oks(items), (0..20).collect::<Vec<_>>());
    assert_eq!(requests(&server).await, [(0, 50)]);
}

#[tokio::test]
async fn max_pages_and_max_items_bound_the_stream() {
    let (server, t) = server(100, 10, false).await;
    let fetch = |offset, limit| {
        let t = &t;
        async move { list(t, offset, limit).await.map(|l| l.data) }
    };
    let pages = PageLimits {
        max_pages: Some(2),
        max_items: None,
    };
    let items = collect(paginate_offset_with(0, 10, PageEnd::Empty, pages, fetch)).await;
    assert_eq!(oks(items), (0..20).collect::<Vec<_>>());
    assert_eq!(requests(&server).await.len(), 2);

    let items_bound = PageLimits {
        max_pages: None,
        max_items: Some(15),
    };
    let items = collect(paginate_offset_with(
        5,
        10,
        PageEnd::Empty,
        items_bound,
        fetch,
    ))
    .await;
    assert_eq!(oks(items), (5..20).collect::<Vec<_>>());
    assert_eq!(requests(&server).await.len(), 4, "two more pages, no third");
}

#[tokio::test]
async fn offsets_are_not_clamped() {
    let calls = std::sync::Mutex::new(Vec::new());
    let start = i64::from(i32::MAX) - 1;
    let items = collect(paginate_offset_with(
        start,
        2,
        PageEnd::Empty,
        PageLimits::default(),
        |offset, _limit| {
            calls.lock().expect("lock").push(offset);
            async move {
                Ok::<_, Error<()>>(if offset < start + 6 {
                    vec![offset, offset + 1]
                } else {
                    vec![]
                })
            }
        },
    ))
    .await;
    assert_eq!(oks(items), (start..start + 6).collect::<Vec<_>>());
    assert_eq!(
        *calls.lock().expect("lock"),
        [start, start + 2, start + 4, start + 6],
        "past i32::MAX"
    );
}

#[test]
fn an_offset_that_does_not_fit_the_parameter_is_an_error_not_a_clamp() {
    let fits: Result<i32, Error<()>> = page_param(i64::from(i32::MAX), "offset");
    assert_eq!(fits.ok(), Some(i32::MAX));
    let past: Result<i32, Error<()>> = page_param(i64::from(i32::MAX) + 1, "offset");
    match past {
        Err(Error::Paging(why)) => assert!(why.contains("offset 2147483648"), "{why}"),
        other => panic!("expected Error::Paging, got {other:?}"),
    }
}

#[test]
fn a_total_count_says_whether_items_remain() {
    assert_eq!(more_before_total(0, 20, Some(45)), Some(true));
    assert_eq!(more_before_total(40, 5, Some(45)), Some(false));
    assert_eq!(more_before_total(40, 10, Some(45)), Some(false));
    assert_eq!(more_before_total(i64::MAX, 1, Some(i64::MAX)), Some(false));
    assert_eq!(more_before_total(0, 20, None), None);
}
