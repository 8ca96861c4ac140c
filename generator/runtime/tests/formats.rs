//! The `format` checkers: what each accepts and refuses, and the violation `Validator::format`
//! records.

use generator_runtime::format::{
    is_byte, is_date, is_date_time, is_email, is_ipv4, is_ipv6, is_uri, is_uuid,
};
use generator_runtime::{Format, Validator};

fn check(name: &str, f: fn(&str) -> bool, accepted: &[&str], refused: &[&str]) {
    for s in accepted {
        assert!(f(s), "{name} should accept {s:?}");
    }
    for s in refused {
        assert!(!f(s), "{name} should refuse {s:?}");
    }
}

#[test]
fn email() {
    let long_local = format!("{}@example.com", "a".repeat(65));
    let long_total = format!("a@{}.com", "b.".repeat(130));
    check(
        "email",
        is_email,
        &[
            "jane@example.com",
            "jane.doe+tag@mail.example.co.uk",
            "o'brien@example.com",
            "user@localhost",
            "josé@correo.es",
            "x@[192.0.2.1]",
            "x@[IPv6:2001:db8::1]",
            "a-b_c!#$%&*=?^`{|}~@x-y.example",
        ],
        &[
            "not-an-email",
            "",
            "@example.com",
            "jane@",
            "jane@@example.com",
            "jane doe@example.com",
            ".jane@example.com",
            "jane.@example.com",
            "ja..ne@example.com",
            "jane@example..com",
            "jane@-example.com",
            "jane@example-.com",
            "jane@exa mple.com",
            "\"quoted\"@example.com",
            "x@[999.0.0.1]",
            &long_local,
            &long_total,
        ],
    );
}

#[test]
fn uri() {
    check(
        "uri",
        is_uri,
        &[
            "https://shop.example.com/return?order=1#top",
            "http://user:pw@example.com:8080/a/b",
            "http://[2001:db8::1]:443/",
            "mailto:jane@example.com",
            "urn:isbn:0451450523",
            "file:///etc/hosts",
            "https://example.com/caf%C3%A9",
            "x+y.z-w:opaque",
        ],
        &[
            "not a uri",
            "",
            "/relative/path",
            "example.com",
            "://missing-scheme",
            "1http://example.com",
            "https://example.com/a b",
            "https://example.com/%zz",
            "https://example.com/%4",
            "https://exa[mple.com/",
            "https://example.com:80a/",
            "https://[not-ipv6]/",
            "https://example.com/\u{e9}",
            "https://example.com/a#b#c",
        ],
    );
}

#[test]
fn uuid() {
    check(
        "uuid",
        is_uuid,
        &[
            "123e4567-e89b-12d3-a456-426614174000",
            "123E4567-E89B-12D3-A456-426614174000",
            "00000000-0000-0000-0000-000000000000",
        ],
        &[
            "123e4567e89b12d3a456426614174000",
            "123e4567-e89b-12d3-a456-42661417400",
            "123e4567-e89b-12d3-a456-4266141740000",
            "g23e4567-e89b-12d3-a456-426614174000",
            "{123e4567-e89b-12d3-a456-426614174000}",
            "",
        ],
    );
}

#[test]
fn date() {
    check(
        "date",
        is_date,
        &["2024-02-29", "2023-12-31", "2000-02-29", "0001-01-01"],
        &[
            "2023-02-29",
            "1900-02-29",
            "2023-13-01",
            "2023-00-10",
            "2023-04-31",
            "2023-4-30",
            "2023/04/30",
            "2023-04-30T00:00:00Z",
            "２０２３-04-30",
            "",
        ],
    );
}

#[test]
fn date_time() {
    check(
        "date-time",
        is_date_time,
        &[
            "2022-12-20T18:54:42Z",
            "2022-12-20T18:54:42.033Z",
            "2022-12-20t18:54:42z",
            "2022-12-20T18:54:42+01:00",
            "2022-12-20T18:54:42.1-05:30",
            "2016-12-31T23:59:60Z",
        ],
        &[
            "2018-11-27 07:36:58",
            "2022-12-20T18:54:42",
            "2023-12-31",
            "2022-12-20T24:00:00Z",
            "2022-12-20T18:60:00Z",
            "2022-12-20T18:54:61Z",
            "2022-12-20T18:54:42.Z",
            "2022-12-20T18:54:42+0100",
            "2022-12-20T18:54:42+24:00",
            "2022-02-30T18:54:42Z",
            "2022-12-20T18:5é:42Z",
            "tomorrow",
            "",
        ],
    );
}

#[test]
fn ipv4() {
    check(
        "ipv4",
        is_ipv4,
        &["127.0.0.1", "0.0.0.0", "255.255.255.255", "192.0.2.10"],
        &[
            "256.0.0.1",
            "1.2.3",
            "1.2.3.4.5",
            "01.2.3.4",
            "1.2.3.4 ",
            "::1",
            "",
        ],
    );
}

#[test]
fn ipv6() {
    check(
        "ipv6",
        is_ipv6,
        &[
            "::1",
            "::",
            "2001:db8::ff00:42:8329",
            "2001:0db8:0000:0000:0000:ff00:0042:8329",
            "::ffff:192.0.2.1",
        ],
        &[
            "2001:db8::g",
            "1::2::3",
            "127.0.0.1",
            "fe80::1%eth0",
            "[::1]",
            "",
        ],
    );
}

#[test]
fn byte() {
    check(
        "byte",
        is_byte,
        &["", "aGVsbG8=", "aGVsbA==", "aGVs", "+/+/", "AAAA"],
        &[
            "aGVsbG8",
            "aGVsbA=",
            "a===",
            "====",
            "aGVs bG8=",
            "aGVs-_8=",
            "aG=s",
            "é===",
        ],
    );
}

/// A broken format is one violation at the current path, with the format's message.
#[test]
fn validator_records_the_path_and_message() {
    let mut v = Validator::new();
    v.field("email", |v| v.format("not-an-email", Format::Email));
    v.field("return_url", |v| {
        v.format("https://example.com/", Format::Uri)
    });
    v.index(2, |v| v.format("not a uri", Format::Uri));
    let errors = v.finish().expect_err("two violations");
    assert_eq!(
        errors.to_string(),
        "email: not an e-mail address; [2]: not an absolute URI"
    );
}
