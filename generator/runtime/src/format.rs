//! The `format` checks on strings that are sent: [`Format`], [`Validator::format`] and one
//! small, dependency-free checker per format. What each accepts:
//!
//! | format | accepted | message when not |
//! | --- | --- | --- |
//! | `email` | a pragmatic RFC 5321 mailbox: `local@domain`, the local part a dot-atom (ASCII letters, digits, ``!#$%&'*+/=?^_`{\|}~-`` and any non-ASCII character, dots only between them, at most 64 bytes), the domain dot-separated labels of letters, digits, hyphens (not first or last) and non-ASCII characters, at most 63 bytes each, or an address literal `[192.0.2.1]` / `[IPv6:…]`; at most 254 bytes in all. Quoted local parts and comments are refused | `not an e-mail address` |
//! | `uri` | an RFC 3986 absolute URI: a scheme (a letter, then letters, digits, `+`, `-`, `.`), `:`, then only URI characters (unreserved, reserved, `%` and two hex digits); an authority's host may be an IP literal in brackets, its port digits only; brackets anywhere else, spaces and other characters are refused | `not an absolute URI` |
//! | `uuid` | the RFC 9562 text form: 32 hex digits (either case) in groups of 8-4-4-4-12 joined by `-` | `not a UUID` |
//! | `date` | RFC 3339 `full-date`: `YYYY-MM-DD`, a real day (leap years included) | `not a date (YYYY-MM-DD)` |
//! | `date-time` | RFC 3339 `date-time`: a `full-date`, `T` (or `t`), `hh:mm:ss`, optional fraction, `Z`/`z` or `±hh:mm`; second 60 (a leap second) is allowed | `not an RFC 3339 date-time` |
//! | `ipv4` | dotted decimal, four numbers 0–255 without leading zeros | `not an IPv4 address` |
//! | `ipv6` | RFC 4291 text (with `::` and an embedded IPv4 tail), no zone | `not an IPv6 address` |
//! | `byte` | RFC 4648 base64 (standard alphabet) with its `=` padding, length a multiple of 4; the empty string | `not base64` |
//!
//! Generated code calls these only on values that are strings in Rust: a field typed
//! `uuid::Uuid`, `chrono::NaiveDate` or `std::net::Ipv4Addr` cannot hold a wrong value. A
//! `date-time` is a lenient [`Timestamp`](crate::Timestamp) that keeps any text it is given, so its
//! text is checked when it is sent.

use crate::validate::Validator;

/// A string `format` the client checks before sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `email`: see [`is_email`].
    Email,
    /// `uri`: see [`is_uri`].
    Uri,
    /// `uuid`: see [`is_uuid`].
    Uuid,
    /// `date`: see [`is_date`].
    Date,
    /// `date-time`: see [`is_date_time`].
    DateTime,
    /// `ipv4`: see [`is_ipv4`].
    Ipv4,
    /// `ipv6`: see [`is_ipv6`].
    Ipv6,
    /// `byte`: see [`is_byte`].
    Byte,
}

impl Format {
    /// Whether `s` is written in this format.
    pub fn accepts(self, s: &str) -> bool {
        match self {
            Format::Email => is_email(s),
            Format::Uri => is_uri(s),
            Format::Uuid => is_uuid(s),
            Format::Date => is_date(s),
            Format::DateTime => is_date_time(s),
            Format::Ipv4 => is_ipv4(s),
            Format::Ipv6 => is_ipv6(s),
            Format::Byte => is_byte(s),
        }
    }

    /// The violation's message.
    pub fn message(self) -> &'static str {
        match self {
            Format::Email => "not an e-mail address",
            Format::Uri => "not an absolute URI",
            Format::Uuid => "not a UUID",
            Format::Date => "not a date (YYYY-MM-DD)",
            Format::DateTime => "not an RFC 3339 date-time",
            Format::Ipv4 => "not an IPv4 address",
            Format::Ipv6 => "not an IPv6 address",
            Format::Byte => "not base64",
        }
    }
}

impl Validator {
    /// `format`: `s` must be written in `format` (see the module documentation).
    pub fn format(&mut self, s: &str, format: Format) {
        if !format.accepts(s) {
            self.violation(format.message());
        }
    }
}

/// `email`: a pragmatic RFC 5321 mailbox (see the module documentation).
pub fn is_email(s: &str) -> bool {
    if s.len() > 254 {
        return false;
    }
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    let atext =
        |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c) || !c.is_ascii();
    let local_ok = local.len() <= 64
        && !local.is_empty()
        && local
            .split('.')
            .all(|atom| !atom.is_empty() && atom.chars().all(atext));
    if !local_ok {
        return false;
    }
    if let Some(literal) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        return match literal.get(..5) {
            Some(tag) if tag.eq_ignore_ascii_case("IPv6:") => is_ipv6(&literal[5..]),
            _ => is_ipv4(literal),
        };
    }
    is_host_name(domain)
}

/// Dot-separated labels of letters, digits and hyphens (not first or last), non-ASCII allowed
/// (internationalised names), each 1–63 bytes.
fn is_host_name(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || !c.is_ascii())
        })
}

/// `uri`: an RFC 3986 absolute URI with a scheme (see the module documentation).
pub fn is_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut scheme_chars = scheme.chars();
    let scheme_ok = scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if !scheme_ok {
        return false;
    }
    // hier-part [ "?" query ] [ "#" fragment ]
    let (before_fragment, fragment) = match rest.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (rest, None),
    };
    let (hier, query) = match before_fragment.split_once('?') {
        Some((h, q)) => (h, Some(q)),
        None => (before_fragment, None),
    };
    let path = match hier.strip_prefix("//") {
        Some(after) => {
            let end = after.find('/').unwrap_or(after.len());
            if !is_authority(&after[..end]) {
                return false;
            }
            &after[end..]
        }
        None => hier,
    };
    let pchar_or = |extra: &str, part: &str| uri_chars(part, |c| is_pchar(c) || extra.contains(c));
    pchar_or("/", path)
        && query.is_none_or(|q| pchar_or("/?", q))
        && fragment.is_none_or(|f| pchar_or("/?", f))
}

/// unreserved / sub-delims / `:` / `@` (RFC 3986 `pchar` without its `%` escapes).
fn is_pchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@".contains(c)
}

/// Every character of `s` is accepted by `ok` or is part of a `%HH` escape.
fn uri_chars(s: &str, ok: impl Fn(char) -> bool) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'%' {
            let hex = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return false;
            }
            i += 3;
        } else if c.is_ascii() && ok(char::from(c)) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

/// `[ userinfo "@" ] host [ ":" port ]`; the host may be empty (`file:///x`).
fn is_authority(s: &str) -> bool {
    let (userinfo, host_port) = match s.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, s),
    };
    let sub_delim_or = |extra: &str, c: char| {
        c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=".contains(c) || extra.contains(c)
    };
    if userinfo.is_some_and(|u| !uri_chars(u, |c| sub_delim_or(":", c))) {
        return false;
    }
    let (host, port) = if let Some(after) = host_port.strip_prefix('[') {
        let Some((literal, rest)) = after.split_once(']') else {
            return false;
        };
        let literal_ok = is_ipv6(literal)
            || (literal.starts_with(['v', 'V'])
                && literal.contains('.')
                && uri_chars(literal, |c| sub_delim_or(":", c)));
        if !literal_ok {
            return false;
        }
        match rest {
            "" => ("", None),
            _ => match rest.strip_prefix(':') {
                Some(port) => ("", Some(port)),
                None => return false,
            },
        }
    } else {
        match host_port.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (host_port, None),
        }
    };
    uri_chars(host, |c| sub_delim_or("", c))
        && port.is_none_or(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

/// `uuid`: 8-4-4-4-12 hex digits.
pub fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `n` ASCII digits as a number.
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `date`: RFC 3339 `full-date`.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (digits(&s[..4]), digits(&s[5..7]), digits(&s[8..]))
    else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// `date-time`: RFC 3339 `date-time`.
pub fn is_date_time(s: &str) -> bool {
    let Some((date, time)) = s.split_once(['T', 't']) else {
        return false;
    };
    if !is_date(date) || time.len() < 9 || !time.is_char_boundary(8) {
        return false;
    }
    let (hms, rest) = time.split_at(8);
    let b = hms.as_bytes();
    if b[2] != b':' || b[5] != b':' {
        return false;
    }
    let (Some(h), Some(m), Some(sec)) = (digits(&hms[..2]), digits(&hms[3..5]), digits(&hms[6..]))
    else {
        return false;
    };
    if h > 23 || m > 59 || sec > 60 {
        return false;
    }
    let offset = match rest.strip_prefix('.') {
        Some(fraction) => {
            let end = fraction
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(fraction.len());
            if end == 0 {
                return false;
            }
            &fraction[end..]
        }
        None => rest,
    };
    match offset {
        "Z" | "z" => true,
        _ => {
            let b = offset.as_bytes();
            b.len() == 6
                && (b[0] == b'+' || b[0] == b'-')
                && b[3] == b':'
                && digits(&offset[1..3]).is_some_and(|h| h <= 23)
                && digits(&offset[4..]).is_some_and(|m| m <= 59)
        }
    }
}

/// `ipv4`: dotted decimal without leading zeros (the standard library's reading).
pub fn is_ipv4(s: &str) -> bool {
    s.parse::<std::net::Ipv4Addr>().is_ok()
}

/// `ipv6`: RFC 4291 text without a zone (the standard library's reading).
pub fn is_ipv6(s: &str) -> bool {
    s.parse::<std::net::Ipv6Addr>().is_ok()
}

/// `byte`: RFC 4648 base64 with padding.
pub fn is_byte(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() % 4 != 0 {
        return false;
    }
    let body = s.trim_end_matches('=');
    let padding = b.len() - body.len();
    padding <= 2
        && body
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/')
}
