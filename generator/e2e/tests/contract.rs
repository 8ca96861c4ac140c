//! Contract tests against Prism (`@stoplight/prism-cli`, pinned in the repository's
//! `package.json`), a mock server that validates every request against the spec and answers with
//! the spec's examples.
//!
//! Each test starts one Prism for one spec on 127.0.0.1 and a free port (the pinned Prism in
//! `node_modules/.bin/prism`: `cargo xtask ci` installs it; by hand, run
//! `npm ci --no-audit --no-fund` at the workspace root once; the tests never run npm), calls every
//! operation of the spec through the generated client, and kills Prism when it ends (a `Drop`
//! guard, also on panic).
//!
//! A request that breaks the spec gets a 4xx from Prism (400/401/404/405/422, with the
//! violations in an `sl-violations` header), so asserting the documented success status — and,
//! for the documented error statuses driven with `Prefer: code=…`, that no `sl-violations` header
//! came back — proves the generated client sends what the spec describes.

use std::fmt::Debug;
use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::pin::pin;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use generated::runtime::{Error, Nullable};
use reqwest::header::{HeaderMap, HeaderValue};

// ---------------------------------------------------------------------------------------------
// The Prism harness
// ---------------------------------------------------------------------------------------------

/// How long Prism may take to answer after it was started.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("generator/e2e/ lives two levels below the workspace root")
        .to_path_buf()
}

/// `node_modules/.bin/prism`, pinned in `package-lock.json`. The tests do not install it: a
/// missing Prism fails them with the command to run.
fn prism_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let root = repo_root();
        let bin = root.join("node_modules/.bin/prism");
        assert!(
            bin.exists(),
            "{} is missing: run `npm ci --no-audit --no-fund` in {} once (or `cargo xtask ci`, \
             which installs the pinned npm tools before it tests)",
            bin.display(),
            root.display()
        );
        bin
    })
}

/// A port that was free a moment ago (the kernel's pick for port 0).
fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .expect("binds an ephemeral port on 127.0.0.1")
        .port()
}

/// A running `prism mock` for one spec; killed (and reaped) on drop.
struct Prism {
    child: Child,
    port: u16,
}

impl Prism {
    /// Starts Prism for `specs/{spec}.yaml` and waits until it accepts connections. Retries with
    /// another port if the one picked was taken in the meantime.
    fn start(spec: &str) -> Prism {
        let bin = prism_bin();
        let spec_path = repo_root().join("specs").join(format!("{spec}.yaml"));
        assert!(spec_path.exists(), "{} is missing", spec_path.display());
        let mut last_failure = String::new();
        for _attempt in 0..3 {
            let port = free_port();
            let log_path =
                Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("prism-{spec}-{port}.log"));
            let log = File::create(&log_path).expect("creates the Prism log file");
            let child = Command::new(bin)
                .arg("mock")
                .args(["-h", "127.0.0.1", "-p", &port.to_string()])
                .arg(&spec_path)
                .stdin(Stdio::null())
                .stdout(log.try_clone().expect("clones the log file handle"))
                .stderr(log)
                .spawn()
                .unwrap_or_else(|e| panic!("could not start {}: {e}", bin.display()));
            // From here on the guard owns the process: any panic below kills it.
            let mut prism = Prism { child, port };
            match prism.wait_until_listening() {
                Ok(()) => return prism,
                Err(why) => {
                    let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                    last_failure = format!("{why}; log {}:\n{log}", log_path.display());
                    // Dropping `prism` kills it before the next attempt.
                }
            }
        }
        panic!("Prism for {spec} did not start: {last_failure}");
    }

    fn wait_until_listening(&mut self) -> Result<(), String> {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().map_err(|e| e.to_string())? {
                return Err(format!("Prism exited early with {status}"));
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(format!("no answer on {addr} after {STARTUP_TIMEOUT:?}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        // `node_modules/.bin/prism` is a script run by `node` itself (shebang, no wrapper
        // shell), and `prism mock` runs in one process unless `--multiprocess` is given, so the
        // child's pid is the whole server.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// A reqwest client that sends `Prefer: code=<status>` (Prism then answers with that documented
/// status) and does not follow redirects (so a documented 302 reaches the generated code).
fn prefer_http(status: u16) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert(
        "prefer",
        HeaderValue::from_str(&format!("code={status}")).expect("a valid header value"),
    );
    reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("builds a reqwest client")
}

/// Prism names the ways a request broke the spec in `sl-violations`; there must be none.
#[track_caller]
fn assert_no_violations(headers: &HeaderMap) {
    if let Some(v) = headers.get("sl-violations") {
        panic!(
            "Prism found the request invalid: {}",
            v.to_str().unwrap_or("<not UTF-8>")
        );
    }
}

/// The success response, after checking its status and that Prism saw a valid request.
#[track_caller]
fn expect_ok<T, E: Debug>(
    result: Result<generated::runtime::Response<T>, Error<E>>,
    status: u16,
) -> T {
    match result {
        Ok(r) => {
            assert_eq!(r.status().as_u16(), status, "success status");
            assert_no_violations(r.headers());
            r.into_body()
        }
        Err(e) => panic!("expected {status}, got {e}: {e:?}"),
    }
}

/// The typed body of a documented error, after checking its status and that Prism saw a valid
/// request (so the status is the one asked for with `Prefer`, not a validation failure).
#[track_caller]
fn expect_api_error<T: Debug, E: Debug>(
    result: Result<generated::runtime::Response<T>, Error<E>>,
    status: u16,
) -> E {
    match result {
        Err(Error::Api(e)) => {
            assert_eq!(e.status.as_u16(), status, "error status");
            assert_no_violations(&e.headers);
            e.body
        }
        other => panic!("expected Error::Api with status {status}, got {other:?}"),
    }
}

/// A request without credentials: Prism answers 401 with its own problem document, which a
/// spec without a documented 401 surfaces as `Error::UnexpectedResponse` with everything kept.
#[track_caller]
fn expect_unexpected_401<T: Debug, E: Debug>(
    result: Result<generated::runtime::Response<T>, Error<E>>,
) {
    match result {
        Err(Error::UnexpectedResponse(r)) => {
            assert_eq!(r.status.as_u16(), 401);
            let body: serde_json::Value =
                serde_json::from_slice(&r.body).expect("Prism's 401 body is JSON");
            assert_eq!(body["status"], 401, "the raw body is kept: {body}");
            assert_eq!(
                body["type"], "https://stoplight.io/prism/errors#UNAUTHORIZED",
                "the raw body is kept: {body}"
            );
            assert_eq!(
                r.headers.get("content-type").and_then(|v| v.to_str().ok()),
                Some("application/problem+json"),
                "the headers are kept"
            );
        }
        other => panic!("expected Error::UnexpectedResponse with status 401, got {other:?}"),
    }
}

/// Drains a stream, failing instead of hanging if it does not end.
async fn collect_bounded<S, T>(stream: S) -> Vec<T>
where
    S: futures_util::Stream<Item = T>,
{
    const MAX_ITEMS: usize = 1000;
    let mut stream = pin!(stream);
    let mut items = Vec::new();
    let drained = tokio::time::timeout(Duration::from_secs(20), async {
        while let Some(item) = stream.next().await {
            items.push(item);
            assert!(
                items.len() <= MAX_ITEMS,
                "the stream did not stop after {MAX_ITEMS} items"
            );
        }
    })
    .await;
    assert!(drained.is_ok(), "the stream did not end within 20 s");
    items
}

// ---------------------------------------------------------------------------------------------
// PayCross: HTTP Basic, JSON bodies, 201/204 successes, 422 and 302 errors
// ---------------------------------------------------------------------------------------------

mod paycross {
    use super::*;
    use generated::paycross::types::{
        CustomerCreate, LenientInteger, ProductCreate, ProductUpdate, TransactionType,
        ValidationError, VisibleField,
    };
    use generated::paycross::{
        Client, CreateCustomerError, CreateProductError, GetProductError, GetProductFoundHeaders,
        UpdateProductError,
    };

    const CUSTOMER_ID: &str = "cst_7aee5afb954c7ef7";
    const PRODUCT_ID: &str = "prd_ed27b047d3ccd1a6";

    fn client(base: &str) -> Client {
        Client::builder(base)
            .basic_auth("1", "shop-secret-key")
            .build()
            .expect("builds")
    }

    fn client_preferring(base: &str, status: u16) -> Client {
        Client::builder(base)
            .basic_auth("1", "shop-secret-key")
            .http_client(prefer_http(status))
            .build()
            .expect("builds")
    }

    fn new_customer() -> CustomerCreate {
        CustomerCreate::new("john.doe@example.com", "127.0.0.1")
            .with_first_name("John")
            .with_last_name("Doe")
            .with_address("1st Street")
            .with_city("Denver")
            .with_country("US")
            .with_zip("92006")
            .with_state("CO")
            .with_phone("+1-555-555-5555")
    }

    fn new_product() -> ProductCreate {
        ProductCreate::new(
            "product",
            "description",
            "USD",
            LenientInteger::Integer(990),
            "en",
        )
        .with_quantity(LenientInteger::String("10".into()))
        .with_infinite(false)
        .with_visible_fields(vec![VisibleField::Email, VisibleField::Phone])
        .with_test(true)
        .with_immortal(false)
        .with_expired_at("2030-12-31T23:59:59+01:00")
        .with_return_url("https://shop.example.com/thanks")
        .with_shop_id(LenientInteger::Integer(1))
        .with_transaction_type(TransactionType::Payment)
    }

    #[tokio::test]
    async fn paycross_contract() {
        let prism = Prism::start("paycross");
        let base = prism.base_url();
        let api = client(&base);

        // create_customer: 201 and the created customer.
        let customer = expect_ok(api.create_customer(&new_customer()).await, 201);
        assert_eq!(customer.id, CUSTOMER_ID);
        assert_eq!(customer.email, "john.doe@example.com");
        assert_eq!(customer.ip, "127.0.0.1");
        assert_eq!(customer.first_name, Nullable::Value("John".to_owned()));
        assert_eq!(customer.state, Nullable::Value("CO".to_owned()));
        assert!(
            customer.extra.is_empty(),
            "undeclared fields: {:?}",
            customer.extra
        );

        // list_customers: 200 and both customers of the example.
        let customers = expect_ok(api.list_customers().await, 200);
        let ids: Vec<&str> = customers.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["cst_5ca4fab9dfc7fcbf", "cst_9f65045c1f4c3676"]);
        assert_eq!(customers[1].ip, "10.10.0.4");
        assert_eq!(customers[1].zip, Nullable::Value("90006".to_owned()));

        // get_customer: 200.
        let customer = expect_ok(api.get_customer(CUSTOMER_ID).await, 200);
        assert_eq!(customer.id, CUSTOMER_ID);
        assert_eq!(customer.last_name, Nullable::Value("Doe".to_owned()));

        // create_product: 201 and the product with its payment links.
        let product = expect_ok(api.create_product(&new_product()).await, 201);
        assert_eq!(product.id, PRODUCT_ID);
        assert_eq!(product.amount, 990);
        assert_eq!(product.quantity, Some(10));
        assert_eq!(product.currency, "USD");
        assert_eq!(product.transaction_type, TransactionType::Payment);
        assert!(!product.infinite);
        assert!(product.additional_data.is_empty());
        assert_eq!(
            product.pay_url,
            "https://data.pay-cross.com/products/prd_ed27b047d3ccd1a6/pay"
        );
        let created = product.created_at.parsed().expect("an RFC 3339 timestamp");
        assert_eq!(created.timestamp_millis(), 1_671_562_482_033);

        // The other documented request shape (amounts as strings, a bare expiry date) is
        // valid too.
        let mut limited = new_product();
        limited.amount = LenientInteger::String("990".into());
        limited.expired_at = Some("2023-12-31".into());
        limited.shop_id = Some(LenientInteger::String("1".into()));
        expect_ok(api.create_product(&limited).await, 201);

        // list_products: 200 and the three products, the last one with `quantity: null`.
        let products = expect_ok(api.list_products().await, 200);
        assert_eq!(products.len(), 3);
        assert_eq!(products[1].currency, "EUR");
        assert_eq!(products[1].quantity, Some(7));
        assert_eq!(products[2].quantity, None);
        assert_eq!(products[2].transaction_type, TransactionType::Authorization);
        assert!(products[2].test);

        // get_product: 200.
        let product = expect_ok(api.get_product(PRODUCT_ID).await, 200);
        assert_eq!(product.id, PRODUCT_ID);
        assert_eq!(
            product.confirm_url,
            "https://panel.pay-cross.com/v2/confirm_order/prd_ed27b047d3ccd1a6/1"
        );

        // update_product: 204 and no body.
        let update = ProductUpdate::default()
            .with_amount(LenientInteger::Integer(950))
            .with_infinite(false)
            .with_quantity(LenientInteger::String("5".into()));
        let updated = api.update_product("prd_1567bece456ac4aa", &update).await;
        let () = expect_ok(updated, 204);
    }

    #[tokio::test]
    async fn paycross_documented_errors() {
        let prism = Prism::start("paycross");
        let base = prism.base_url();

        // 422 on create_customer: the typed ValidationError, inspectable field by field.
        let api = client_preferring(&base, 422);
        let err = expect_api_error(api.create_customer(&new_customer()).await, 422);
        let CreateCustomerError::UnprocessableEntity(ValidationError {
            message, errors, ..
        }) = err
        else {
            panic!("expected the documented 422, got {err:?}");
        };
        assert_eq!(message, "Ip address is invalid. Ip can't be blank");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors["ip"], ["address is invalid", "can't be blank"]);

        // 422 on create_product.
        let err = expect_api_error(api.create_product(&new_product()).await, 422);
        let CreateProductError::UnprocessableEntity(v) = err else {
            panic!("expected the documented 422, got {err:?}");
        };
        assert_eq!(
            v.errors["currency"],
            [
                "is not in ISO 4217 Alpha-3 format",
                "is unknown ISO 4217 Alpha-3 code"
            ]
        );
        assert!(v.message.starts_with("Currency is not in ISO 4217"));

        // 422 on update_product: the spec has no example, so Prism makes one up from the
        // schema; it still has to parse as a ValidationError with per-field messages.
        let update = ProductUpdate::default().with_name("renamed");
        let err = expect_api_error(api.update_product(PRODUCT_ID, &update).await, 422);
        let UpdateProductError::UnprocessableEntity(v) = err else {
            panic!("expected the documented 422, got {err:?}");
        };
        assert!(!v.message.is_empty());
        assert!(!v.errors.is_empty());
        assert!(v.errors.values().all(|messages| !messages.is_empty()));
    }

    /// The documented 302 of get_product (a `text/html` body) as `GetProductError::Found`, with
    /// the `Location` header beside it.
    ///
    /// Blocked by a generator bug: every operation sends `Accept: application/json`, also
    /// get_product whose 302 is documented as `text/html` only, so Prism's content negotiation
    /// skips the 302 and answers 200. Run with `--ignored` once the generator sends an `Accept`
    /// that lists every documented response media type.
    #[tokio::test]
    async fn paycross_documented_302() {
        let prism = Prism::start("paycross");
        let api = client_preferring(&prism.base_url(), 302);
        match api.get_product(PRODUCT_ID).await {
            Err(Error::Api(e)) => {
                assert_eq!(e.status.as_u16(), 302);
                assert_no_violations(&e.headers);
                let declared = GetProductFoundHeaders::from_headers(&e.headers);
                assert!(declared.location.is_some(), "{:?}", e.headers);
                let GetProductError::Found(text) = &e.body else {
                    panic!("expected GetProductError::Found, got {:?}", e.body);
                };
                assert!(!text.is_empty());
                assert_eq!(text.as_bytes(), &e.raw[..]);
            }
            other => panic!("expected Error::Api(302), got {other:?}"),
        }
    }

    /// With the client's own reqwest client (no `.http_client(..)`), a documented 302 must
    /// still reach the generated code as `GetProductError::Found` and not be followed.
    ///
    /// Prism cannot be asked for the 302 without a caller-supplied reqwest client (for the
    /// `Prefer` header), so this uses an in-process server. Blocked by a runtime bug: the default
    /// reqwest client follows redirects (`reqwest::redirect::Policy::default()`, up to 10), so
    /// the caller sees whatever the `Location` points to. Run with `--ignored` once
    /// `ClientBuilder::build` uses `redirect::Policy::none()`.
    #[tokio::test]
    async fn paycross_302_not_followed_by_default_client() {
        use wiremock::matchers::{method, path};
        use wiremock::{Mock, MockServer, ResponseTemplate};

        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/products/prd_missing"))
            .respond_with(
                ResponseTemplate::new(302)
                    .insert_header("location", "/elsewhere")
                    .set_body_raw("<p>Product not found</p>", "text/html"),
            )
            .mount(&server)
            .await;
        let api = client(&server.uri());
        match api.get_product("prd_missing").await {
            Err(Error::Api(e)) => {
                assert_eq!(e.status.as_u16(), 302);
                assert_eq!(
                    e.headers.get("location").and_then(|v| v.to_str().ok()),
                    Some("/elsewhere")
                );
                // Error enums derive `Debug` only: match, then compare the payload.
                match &e.body {
                    GetProductError::Found(text) => assert_eq!(text, "<p>Product not found</p>"),
                    other => panic!("expected GetProductError::Found, got {other:?}"),
                }
            }
            other => panic!("expected Error::Api(302), got {other:?}"),
        }
    }

    #[tokio::test]
    async fn paycross_rejections() {
        let prism = Prism::start("paycross");
        let base = prism.base_url();

        // No credentials: 401, not documented by PayCross, so UnexpectedResponse.
        let anonymous = Client::builder(base.as_str()).build().expect("builds");
        expect_unexpected_401(anonymous.list_customers().await);
        expect_unexpected_401(anonymous.get_product(PRODUCT_ID).await);

        // The wrong scheme (Bearer where Basic is required) is rejected the same way.
        let bearer = Client::builder(base.as_str())
            .bearer_auth("token")
            .build()
            .expect("builds");
        expect_unexpected_401(bearer.list_products().await);

        // Control: a request that breaks the spec (an `email` that is no e-mail address) is
        // refused by Prism, with its violations named. The success assertions above would
        // therefore fail on any request the client got wrong. The client itself refuses it
        // before sending (`format: email`), so its checks are turned off for this call.
        let mut bad = new_customer();
        bad.email = "not an e-mail address".into();
        match client(&base).create_customer(&bad).no_validation().await {
            Err(Error::Api(e)) => {
                assert_eq!(e.status.as_u16(), 422);
                let violations = e
                    .headers
                    .get("sl-violations")
                    .expect("Prism names the violation")
                    .to_str()
                    .expect("UTF-8");
                assert!(violations.contains("email"), "{violations}");
            }
            other => panic!("expected Prism to refuse the request, got {other:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Monri: WP3-v2.1 signed Authorization, 200 successes, 400/401 errors, pagination
// ---------------------------------------------------------------------------------------------

mod monri {
    use super::*;
    use generated::monri::types::{CustomerCreate, CustomerUpdate, ErrorResponse, ResponseStatus};
    use generated::monri::{
        Client, CreateCustomerError, DeleteCustomerError, GetCustomerByMerchantCustomerIdError,
        GetCustomerError, ListCustomerPaymentMethodsError, ListCustomerPaymentMethodsParams,
        ListCustomersError, ListCustomersParams, UpdateCustomerError,
    };
    use generated::runtime::{MonriSigner, PageLimits};

    const UUID: &str = "4b281da4-d145-4233-b957-2018cf9aa0fb";

    fn uuid() -> uuid::Uuid {
        UUID.parse().expect("a uuid")
    }

    fn client(base: &str) -> Client {
        Client::builder(base)
            .signer(MonriSigner::new("authenticity-token", "merchant-key"))
            .build()
            .expect("builds")
    }

    fn client_preferring(base: &str, status: u16) -> Client {
        Client::builder(base)
            .signer(MonriSigner::new("authenticity-token", "merchant-key"))
            .http_client(prefer_http(status))
            .build()
            .expect("builds")
    }

    fn new_customer() -> CustomerCreate {
        CustomerCreate::default()
            .with_merchant_customer_id("customer-id-1234")
            .with_description("Customer")
            .with_email("email@email.com")
            .with_name("Test")
            .with_country("BA")
            .with_zip_code("71000")
            .with_metadata([("key".to_owned(), "value".into())])
    }

    fn update() -> CustomerUpdate {
        CustomerUpdate::default()
            .with_email("email@email.com")
            .with_metadata([("key".to_owned(), serde_json::Value::Null)])
    }

    /// The single-customer example of the spec.
    #[track_caller]
    fn assert_example_customer(c: &generated::monri::types::Customer) {
        assert_eq!(c.status, ResponseStatus::Approved);
        assert_eq!(c.uuid, Some(uuid()));
        assert_eq!(
            c.merchant_customer_id,
            Nullable::Value("customer-id-1234".to_owned())
        );
        assert_eq!(c.phone, Nullable::Null);
        assert_eq!(c.country, Nullable::Value("BA".to_owned()));
        assert_eq!(
            c.metadata.as_option().and_then(|m| m.get("key")),
            Some(&serde_json::json!("value"))
        );
        assert!(!c.deleted);
        assert_eq!(c.deleted_at, Nullable::Null);
        assert_eq!(
            c.created_at.parsed().map(|t| t.timestamp()),
            Some(1_549_970_553)
        );
    }

    #[tokio::test]
    async fn monri_contract() {
        let prism = Prism::start("monri");
        let api = client(&prism.base_url());

        let c = expect_ok(api.create_customer(&new_customer()).await, 200);
        assert_example_customer(&c);

        let page = ListCustomersParams::default().with_limit(10).with_offset(0);
        let list = expect_ok(api.list_customers(&page).await, 200);
        assert_eq!(list.status, ResponseStatus::Approved);
        assert_eq!(list.data.len(), 1);
        assert_eq!(list.data[0].id, Some(uuid()));
        assert_eq!(list.data[0].uuid, None);
        assert_eq!(list.data[0].name, Nullable::Value("Test".to_owned()));

        let c = expect_ok(api.get_customer(&uuid()).await, 200);
        assert_example_customer(&c);

        let c = expect_ok(api.update_customer(&uuid(), &update()).await, 200);
        assert_example_customer(&c);

        let deleted = expect_ok(api.delete_customer(&uuid()).await, 200);
        assert_eq!(deleted.status, ResponseStatus::Approved);
        assert_eq!(deleted.id, UUID);
        assert!(deleted.deleted);

        let c = expect_ok(
            api.get_customer_by_merchant_customer_id("customer-id-1234")
                .await,
            200,
        );
        assert_example_customer(&c);

        let methods = expect_ok(
            api.list_customer_payment_methods(
                &uuid(),
                &ListCustomerPaymentMethodsParams::default(),
            )
            .await,
            200,
        );
        assert_eq!(methods.status, ResponseStatus::Approved);
        assert_eq!(methods.data.len(), 1);
        let card = &methods.data[0];
        assert_eq!(
            card.masked_pan,
            Nullable::Value("405840******0005".to_owned())
        );
        assert_eq!(card.customer_uuid, Nullable::Value(uuid()));
        assert_eq!(
            card.expiration_date,
            Nullable::Value("2025-12-31".to_owned())
        );
        assert_eq!(card.id, card.token);
        assert_eq!(card.expired, Nullable::Value(false));
    }

    #[tokio::test]
    async fn monri_pagination_streams() {
        let prism = Prism::start("monri");
        let api = client(&prism.base_url());

        // Prism answers every page with the example's one customer, whatever the offset. Monri's
        // list has no end signal, so a short page does not end the stream: the second page
        // repeats the first, and the stream yields that customer, then `Error::Paging`.
        let params = ListCustomersParams::default().with_limit(10).with_offset(0);
        let items =
            collect_bounded(api.list_customers_stream(&params, PageLimits::default())).await;
        assert_eq!(items.len(), 2, "{items:?}");
        let mut items = items.into_iter();
        let customer = items
            .next()
            .expect("one item")
            .expect("a customer, not an error");
        assert_eq!(customer.id, Some(uuid()));
        assert!(matches!(items.next(), Some(Err(Error::Paging(_)))));

        // `max_pages: 1` stops after the first page, before the repeat.
        let params = ListCustomerPaymentMethodsParams::default();
        let one_page = PageLimits {
            max_pages: Some(1),
            ..Default::default()
        };
        let items =
            collect_bounded(api.list_customer_payment_methods_stream(&uuid(), &params, one_page))
                .await;
        assert_eq!(items.len(), 1, "{items:?}");
        let card = items
            .into_iter()
            .next()
            .expect("one item")
            .expect("a payment method, not an error");
        assert_eq!(
            card.masked_pan,
            Nullable::Value("405840******0005".to_owned())
        );

        // An error ends the stream after it is yielded.
        let anonymous = Client::builder(prism.base_url()).build().expect("builds");
        let params = ListCustomersParams::default();
        let items =
            collect_bounded(anonymous.list_customers_stream(&params, PageLimits::default())).await;
        assert_eq!(items.len(), 1, "{items:?}");
        match &items[0] {
            Err(Error::Api(e)) => {
                assert_eq!(e.status.as_u16(), 401);
                assert!(matches!(e.body, ListCustomersError::Unauthorized(_)));
            }
            other => panic!("expected a 401, got {other:?}"),
        }
    }

    /// Every operation answers the documented 400 and 401 with the typed `ErrorResponse`.
    #[tokio::test]
    async fn monri_documented_errors() {
        let prism = Prism::start("monri");
        let base = prism.base_url();
        let expected = ErrorResponse::new(ResponseStatus::InvalidRequest);
        for status in [400, 401] {
            let api = client_preferring(&base, status);
            let is = |e: &ErrorResponse| assert_eq!(e, &expected, "status {status}");

            match expect_api_error(api.create_customer(&new_customer()).await, status) {
                CreateCustomerError::BadRequest(e) if status == 400 => is(&e),
                CreateCustomerError::Unauthorized(e) if status == 401 => is(&e),
                other => panic!("{status}: {other:?}"),
            }
            let page = ListCustomersParams::default();
            match expect_api_error(api.list_customers(&page).await, status) {
                ListCustomersError::BadRequest(e) if status == 400 => is(&e),
                ListCustomersError::Unauthorized(e) if status == 401 => is(&e),
                other => panic!("{status}: {other:?}"),
            }
            match expect_api_error(api.get_customer(&uuid()).await, status) {
                GetCustomerError::BadRequest(e) if status == 400 => is(&e),
                GetCustomerError::Unauthorized(e) if status == 401 => is(&e),
                other => panic!("{status}: {other:?}"),
            }
            match expect_api_error(api.update_customer(&uuid(), &update()).await, status) {
                UpdateCustomerError::BadRequest(e) if status == 400 => is(&e),
                UpdateCustomerError::Unauthorized(e) if status == 401 => is(&e),
                other => panic!("{status}: {other:?}"),
            }
            match expect_api_error(api.delete_customer(&uuid()).await, status) {
                DeleteCustomerError::BadRequest(e) if status == 400 => is(&e),
                DeleteCustomerError::Unauthorized(e) if status == 401 => is(&e),
                other => panic!("{status}: {other:?}"),
            }
            let by_merchant_id = api
                .get_customer_by_merchant_customer_id("customer-id-1234")
                .await;
            match expect_api_error(by_merchant_id, status) {
                GetCustomerByMerchantCustomerIdError::BadRequest(e) if status == 400 => is(&e),
                GetCustomerByMerchantCustomerIdError::Unauthorized(e) if status == 401 => is(&e),
                other => panic!("{status}: {other:?}"),
            }
            let page = ListCustomerPaymentMethodsParams::default();
            match expect_api_error(
                api.list_customer_payment_methods(&uuid(), &page).await,
                status,
            ) {
                ListCustomerPaymentMethodsError::BadRequest(e) if status == 400 => is(&e),
                ListCustomerPaymentMethodsError::Unauthorized(e) if status == 401 => is(&e),
                other => panic!("{status}: {other:?}"),
            }
        }

        // Without the signer there is no Authorization header: Prism answers the documented
        // 401, which is typed.
        // Prism names the missing credential in `sl-violations`.
        let anonymous = Client::builder(base.as_str()).build().expect("builds");
        match anonymous.get_customer(&uuid()).await {
            Err(Error::Api(e)) => {
                assert_eq!(e.status.as_u16(), 401);
                match &e.body {
                    GetCustomerError::Unauthorized(body) => assert_eq!(body, &expected),
                    other => panic!("expected GetCustomerError::Unauthorized, got {other:?}"),
                }
                let violations = e
                    .headers
                    .get("sl-violations")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                assert!(
                    violations.contains("Invalid security scheme used"),
                    "{violations}"
                );
            }
            other => panic!("expected the documented 401, got {other:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// PayArc: Bearer token, form-urlencoded body, 201
// ---------------------------------------------------------------------------------------------

mod payarc {
    use super::*;
    use generated::payarc::types::{CustomerCreate, CustomerObject};
    use generated::payarc::Client;

    fn new_customer() -> CustomerCreate {
        CustomerCreate::default()
            .with_name("John Smith")
            .with_email("customer@xyz.com")
            .with_description("Donut shop customer")
            .with_send_email_address("invoicing@xyz.com")
            .with_cc_email_address("cc@xyz.com")
            .with_country("US")
            .with_address_1("103 Mason Street")
            .with_address_2("2nd Floor")
            .with_city("New York")
            .with_state("NY")
            .with_zip("10469-2345")
            .with_phone("541754301")
    }

    #[tokio::test]
    async fn payarc_contract() {
        let prism = Prism::start("payarc");
        let base = prism.base_url();
        let api = Client::builder(base.as_str())
            .bearer_auth("payarc-api-token")
            .build()
            .expect("builds");

        // The success status is `2XX` (the document states none); Prism answers it with 200.
        let created = expect_ok(api.create_customer(&new_customer()).await, 200);
        let c = &created.data;
        assert_eq!(c.object, Some(CustomerObject::Customer));
        assert_eq!(c.id, "KPxMADVnxMV4nNjp");
        assert_eq!(c.real_id, Some(110));
        assert_eq!(c.name, Nullable::Value("John Smith".to_owned()));
        assert_eq!(c.description, Nullable::Null);
        assert_eq!(c.payment_overdue, Nullable::Null);
        assert_eq!(c.source_id, Nullable::Null);
        assert_eq!(c.created_at.as_deref(), Some("2018-11-27 07:36:58"));
        assert_eq!(c.invoice_prefix.as_deref(), Some("52KZ"));
        let (card, charge) = (c.card.as_ref(), c.charge.as_ref());
        assert!(card.is_some_and(|l| l.data.is_empty()));
        assert!(charge.is_some_and(|l| l.data.is_empty()));
        assert_eq!(
            created.meta.as_ref().and_then(|m| m.include.as_deref()),
            Some(&["card", "charge", "subscription", "invoice"].map(String::from)[..])
        );

        // Every field is optional: an e-mail address alone is a valid request.
        let minimal = CustomerCreate::default().with_email("customer@xyz.com");
        expect_ok(api.create_customer(&minimal).await, 200);

        // "Alphabetic" is letters of any alphabet: the client's check (the `regex` crate) and
        // Prism's (ECMA-262) both accept accented names.
        let accented = CustomerCreate::default()
            .with_name("José Núñez")
            .with_city("São Paulo")
            .with_state("Łódź")
            .with_country("España");
        expect_ok(api.create_customer(&accented).await, 200);

        // No token: 401, not documented by PayArc, so UnexpectedResponse.
        let anonymous = Client::builder(base.as_str()).build().expect("builds");
        expect_unexpected_401(anonymous.create_customer(&new_customer()).await);
    }
}

// ---------------------------------------------------------------------------------------------
// Rapyd: signature headers, idempotency header, 200
// ---------------------------------------------------------------------------------------------

mod rapyd {
    use super::*;
    use generated::rapyd::types::{AddressCreate, CustomerCreate};
    use generated::rapyd::{Client, CreateCustomerParams};
    use generated::runtime::RapydSigner;

    fn new_customer() -> CustomerCreate {
        CustomerCreate::default()
            .with_name("Jane Doe")
            .with_email("jane.doe@example.com")
            .with_phone_number("+74951234567")
            .with_description("Customer created through the API")
            .with_addresses(vec![AddressCreate::default()
                .with_name("Jane Doe")
                .with_line_1("1 Tverskaya Street")
                .with_city("Moscow")
                .with_country("RU")
                .with_zip("125009")])
    }

    #[tokio::test]
    async fn rapyd_contract() {
        let prism = Prism::start("rapyd");
        let base = prism.base_url();
        let api = Client::builder(base.as_str())
            .signer(RapydSigner::new("rapyd-access-key", "rapyd-secret-key"))
            .build()
            .expect("builds");

        let with_key = CreateCustomerParams::default().with_idempotency("7c2a4b1e9f0d43c5");
        for params in [CreateCustomerParams::default(), with_key] {
            let created = expect_ok(api.create_customer(&new_customer(), &params).await, 200);
            assert_eq!(created.status.status.as_deref(), Some("SUCCESS"));
            assert_eq!(
                created.status.operation_id.as_deref(),
                Some("9f1c2a3b-4d5e-4f60-8a7b-1c2d3e4f5a6b")
            );
            let c = created.data.expect("the new customer in `data`");
            assert_eq!(
                c.id.as_deref(),
                Some("cus_00079c1e5b7d2f3a4c6e8b0d1f2a3c4e")
            );
            assert_eq!(c.addresses.as_ref().map(Vec::len), Some(2));
            let discount = c.discount.as_option().expect("a discount");
            let coupon = discount.coupon.as_ref().expect("a coupon");
            assert_eq!(coupon.percent_off, Some(2.0));
            assert_eq!(coupon.currency.as_deref(), Some("BBD"));
            let methods = c.payment_methods.as_ref().expect("payment methods");
            assert_eq!(methods.total_count, Some(2));
            let subscription = &c.subscriptions.as_ref().expect("subscriptions")[0];
            assert!(subscription.canceled_at.is_null());
            assert_eq!(subscription.status.as_deref(), Some("trialing"));
        }

        // No signature headers: 401, not documented by Rapyd, so UnexpectedResponse.
        let anonymous = Client::builder(base.as_str()).build().expect("builds");
        expect_unexpected_401(
            anonymous
                .create_customer(&new_customer(), &CreateCustomerParams::default())
                .await,
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The examples: `examples/*.rs` compiled in here as they are, their `run` against Prism
// ---------------------------------------------------------------------------------------------

// Each example's `main` only reads its base URL from the environment and calls `run`; here `run`
// gets Prism's URL instead, so `main` is unused.
#[path = "../examples/monri.rs"]
#[allow(dead_code)]
mod monri_example;
#[path = "../examples/payarc.rs"]
#[allow(dead_code)]
mod payarc_example;
#[path = "../examples/paycross.rs"]
#[allow(dead_code)]
mod paycross_example;
#[path = "../examples/rapyd.rs"]
#[allow(dead_code)]
mod rapyd_example;

mod examples {
    use super::Prism;

    #[tokio::test]
    async fn monri_example_runs_against_prism() {
        let prism = Prism::start("monri");
        super::monri_example::run(&prism.base_url())
            .await
            .expect("examples/monri.rs runs against Prism");
    }

    #[tokio::test]
    async fn payarc_example_runs_against_prism() {
        let prism = Prism::start("payarc");
        super::payarc_example::run(&prism.base_url())
            .await
            .expect("examples/payarc.rs runs against Prism");
    }

    #[tokio::test]
    async fn paycross_example_runs_against_prism() {
        let prism = Prism::start("paycross");
        super::paycross_example::run(&prism.base_url())
            .await
            .expect("examples/paycross.rs runs against Prism");
    }

    #[tokio::test]
    async fn rapyd_example_runs_against_prism() {
        let prism = Prism::start("rapyd");
        super::rapyd_example::run(&prism.base_url())
            .await
            .expect("examples/rapyd.rs runs against Prism");
    }
}
