//! One client call on loopback: the generated client against a bare `reqwest` call of the same
//! request: `cargo bench -p generated --features full --bench client`.
//!
//! A tiny in-process HTTP/1.1 server (a tokio `TcpListener`, a task on the same single-threaded
//! runtime as the calls) answers every request with the same fixed 200 response: PayCross's `get_customer` example from
//! `specs/paycross.yaml`. Both sides keep their connection alive and decode the body into the
//! same type (`generated::paycross::types::Customer`), so the difference is the client's own work
//! (URL and header building, auth, per-request timeout, tracing span, retry bookkeeping).
//!
//! - `generated`: `generated::paycross::Client::get_customer`, built as a user would (basic
//!   auth, default timeout and retry policy);
//! - `bare_reqwest`: `reqwest::Client::get(url)` with the same headers and basic auth, then
//!   `bytes()` and `serde_json::from_slice`;
//! - `bare_reqwest_timeout`: the same with a per-request timeout, as the generated client sets
//!   one (to show what that alone costs).
//!
//! Criterion measures the three one after another, so on a shared machine drift between them
//! shows up as a difference. Before the criterion groups the bench therefore also runs the three
//! interleaved (`ROUNDS` rounds of `CALLS` calls each, in rotating order) and prints the median
//! time per call of each and the median of the per-round ratios: that ratio is the overhead
//! `BENCHMARKS.md` reports.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

type Customer = generated::paycross::types::Customer;

/// The `get_customer` 200 example of `specs/paycross.yaml`, as compact JSON.
fn customer_json() -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../specs/paycross.yaml");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let spec: Value = serde_yaml::from_str(&text).expect("specs/paycross.yaml is YAML");
    let example = spec
        .pointer(
            "/paths/~1customers~1{customer_id}/get/responses/200/content/application~1json/examples/customer/value",
        )
        .expect("the get_customer 200 example");
    serde_json::to_vec(example).expect("serialises")
}

/// Starts the server as a task of `rt`, the runtime the calls run on: one thread does both
/// sides, so the numbers are the work of the two, not the latency of waking another thread.
/// Returns its base URL.
fn serve(rt: &tokio::runtime::Runtime, body: &[u8]) -> String {
    let mut response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(body);
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("binds loopback");
    let addr = listener.local_addr().expect("local address");
    rt.spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            let response = response.clone();
            tokio::spawn(async move {
                let mut buf = Vec::with_capacity(4096);
                let mut chunk = [0u8; 4096];
                loop {
                    // Answer every complete request head (GETs carry no body).
                    while let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        buf.drain(..end + 4);
                        if stream.write_all(&response).await.is_err() {
                            return;
                        }
                    }
                    match stream.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
            });
        }
    });
    format!("http://{addr}")
}

fn client(c: &mut Criterion) {
    let body = customer_json();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let base = serve(&rt, &body);

    let generated = generated::paycross::Client::builder(base.as_str())
        .basic_auth("1", "secret-key")
        .build()
        .expect("client");
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest client");
    let url = format!("{base}/customers/cst_7aee5afb954c7ef7");
    let timeout = generated.transport().timeout();

    // Both decode the same customer.
    let a = rt
        .block_on(generated.get_customer("cst_7aee5afb954c7ef7"))
        .expect("generated call");
    let b = rt
        .block_on(bare_call(&bare, &url, None))
        .expect("bare call");
    assert_eq!(a.into_body(), b);

    if let Ok(only) = std::env::var("CLIENT_BENCH_ONLY") {
        profile_one(&rt, &generated, &bare, &url, timeout, &only);
        std::process::exit(0);
    }
    interleaved(&rt, &generated, &bare, &url, timeout);

    let mut group = c.benchmark_group("paycross_get_customer_loopback");
    group.bench_function("generated", |b| {
        b.to_async(&rt).iter(|| async {
            generated
                .get_customer("cst_7aee5afb954c7ef7")
                .await
                .expect("call")
                .into_body()
        })
    });
    group.bench_function("bare_reqwest", |b| {
        b.to_async(&rt)
            .iter(|| async { bare_call(&bare, &url, None).await.expect("call") })
    });
    group.bench_function("bare_reqwest_timeout", |b| {
        b.to_async(&rt)
            .iter(|| async { bare_call(&bare, &url, Some(timeout)).await.expect("call") })
    });
    group.finish();
}

/// The bare call: the same request with reqwest alone.
async fn bare_call(
    http: &reqwest::Client,
    url: &str,
    timeout: Option<Duration>,
) -> Result<Customer, Box<dyn std::error::Error>> {
    let mut req = http
        .get(url)
        .basic_auth("1", Some("secret-key"))
        .header(reqwest::header::ACCEPT, "application/json")
        .header(reqwest::header::USER_AGENT, "bench");
    if let Some(t) = timeout {
        req = req.timeout(t);
    }
    let resp = req.send().await?;
    if !resp.status().is_success() {
        return Err(format!("status {}", resp.status()).into());
    }
    let bytes = resp.bytes().await?;
    Ok(serde_json::from_slice(&bytes)?)
}

/// `CLIENT_BENCH_ONLY=generated|bare|bare_timeout`: makes 10,000 calls (`CLIENT_BENCH_CALLS`) of that variant alone and
/// exits, for an instruction count under `valgrind --tool=callgrind` (repeatable whatever the
/// load; subtract two variants' totals to get the client's own work per call).
fn profile_one(
    rt: &tokio::runtime::Runtime,
    generated: &generated::paycross::Client,
    bare: &reqwest::Client,
    url: &str,
    timeout: Duration,
    which: &str,
) {
    let calls: usize = std::env::var("CLIENT_BENCH_CALLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    rt.block_on(async {
        for _ in 0..calls {
            let customer = match which {
                "generated" => generated
                    .get_customer("cst_7aee5afb954c7ef7")
                    .await
                    .expect("call")
                    .into_body(),
                "bare" => bare_call(bare, url, None).await.expect("call"),
                "bare_timeout" => bare_call(bare, url, Some(timeout)).await.expect("call"),
                other => {
                    panic!("CLIENT_BENCH_ONLY={other}: expected generated, bare or bare_timeout")
                }
            };
            std::hint::black_box(customer);
        }
    });
}

const ROUNDS: usize = 300;
const CALLS: usize = 100;

/// The three calls in interleaved rounds; prints medians and the median per-round ratios.
fn interleaved(
    rt: &tokio::runtime::Runtime,
    generated: &generated::paycross::Client,
    bare: &reqwest::Client,
    url: &str,
    timeout: Duration,
) {
    // Per-call time of `CALLS` calls of variant `which`, in nanoseconds.
    let run = |which: usize| -> f64 {
        let start = Instant::now();
        rt.block_on(async {
            for _ in 0..CALLS {
                let customer = match which {
                    0 => generated
                        .get_customer("cst_7aee5afb954c7ef7")
                        .await
                        .expect("call")
                        .into_body(),
                    1 => bare_call(bare, url, None).await.expect("call"),
                    _ => bare_call(bare, url, Some(timeout)).await.expect("call"),
                };
                std::hint::black_box(customer);
            }
        });
        start.elapsed().as_nanos() as f64 / CALLS as f64
    };
    let mut times: [Vec<f64>; 3] = Default::default();
    for round in 0..ROUNDS {
        for k in 0..3 {
            let which = (round + k) % 3;
            times[which].push(run(which));
        }
    }
    let ratios = |a: usize, b: usize| -> Vec<f64> {
        times[a].iter().zip(&times[b]).map(|(x, y)| x / y).collect()
    };
    let median = |mut v: Vec<f64>| -> f64 {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "interleaved, {ROUNDS} rounds of {CALLS} calls: generated {:.2} µs, bare_reqwest {:.2} µs, \
         bare_reqwest_timeout {:.2} µs; generated vs bare {:+.1}%, vs bare with timeout {:+.1}% \
         (medians of per-round ratios)",
        median(times[0].clone()) / 1000.0,
        median(times[1].clone()) / 1000.0,
        median(times[2].clone()) / 1000.0,
        (median(ratios(0, 1)) - 1.0) * 100.0,
        (median(ratios(0, 2)) - 1.0) * 100.0,
    );
}

criterion_group!(benches, client);
criterion_main!(benches);
