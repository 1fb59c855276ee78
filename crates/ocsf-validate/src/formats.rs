//! Value checks of the schema's data types. The hot types get hand-written checks (no regex,
//! no allocation); other types with a regular expression fall back to it, compiled once per
//! [`crate::Validator`].

use std::net::IpAddr;

use ocsf_schema::DataType;
use regex::Regex;

use crate::Error;

/// How a string of one data type is checked.
#[derive(Debug, Clone)]
pub(crate) enum Format {
    Any,
    Datetime,
    Ip,
    Subnet,
    Mac,
    Email,
    Url,
    Uuid,
    Hostname,
    Hex,
    Regex(Regex),
}

#[derive(Debug, Clone)]
pub(crate) struct TypeCheck {
    pub format: Format,
    pub max_len: Option<usize>,
    pub range: Option<(i64, i64)>,
    pub is_timestamp: bool,
}

impl Format {
    /// A valid value of the format is made of a few fixed character classes only (digits,
    /// hex, separators): an address, an id, a time or a digest, never free text.
    pub fn is_fixed_shape(&self) -> bool {
        matches!(
            self,
            Format::Datetime
                | Format::Ip
                | Format::Subnet
                | Format::Mac
                | Format::Uuid
                | Format::Hex
        )
    }
}

impl TypeCheck {
    pub fn compile(ty: &'static DataType) -> Result<TypeCheck, Error> {
        let format = match ty.name {
            "datetime_t" => Format::Datetime,
            "ip_t" => Format::Ip,
            "subnet_t" => Format::Subnet,
            "mac_t" => Format::Mac,
            "email_t" => Format::Email,
            "url_t" => Format::Url,
            "uuid_t" => Format::Uuid,
            "hostname_t" => Format::Hostname,
            "file_hash_t" => Format::Hex,
            _ => match ty.regex {
                Some(re) => Format::Regex(Regex::new(re).map_err(|source| Error::SchemaRegex {
                    ty: ty.name,
                    source,
                })?),
                None => Format::Any,
            },
        };
        Ok(TypeCheck {
            format,
            max_len: ty.max_len.map(|n| n as usize),
            range: ty.range,
            is_timestamp: ty.name == "timestamp_t",
        })
    }

    /// The type's length and range bounds without a format check: only for a type whose
    /// check was not compiled in advance, which [`crate::tables::VersionTables`] rules out.
    pub fn bounds_only(ty: &'static DataType) -> TypeCheck {
        TypeCheck {
            format: Format::Any,
            max_len: ty.max_len.map(|n| n as usize),
            range: ty.range,
            is_timestamp: ty.name == "timestamp_t",
        }
    }

    /// Whether `s` has the format of the type (length is checked separately).
    pub fn accepts(&self, s: &str) -> bool {
        match &self.format {
            Format::Any => true,
            Format::Datetime => parse_rfc3339_ms(s).is_some(),
            Format::Ip => is_ip(s),
            Format::Subnet => is_subnet(s),
            Format::Mac => is_mac(s),
            Format::Email => is_email(s),
            Format::Url => is_url(s),
            Format::Uuid => is_uuid(s),
            Format::Hostname => is_hostname(s),
            Format::Hex => !s.is_empty() && all_hex(s.as_bytes()),
            Format::Regex(re) => re.is_match(s),
        }
    }

    pub fn describe(&self) -> &'static str {
        match &self.format {
            Format::Any => "any string",
            Format::Datetime => "an RFC 3339 date-time such as 2024-05-01T12:00:00Z",
            Format::Ip => "an IPv4 or IPv6 address",
            Format::Subnet => "a CIDR subnet such as 10.0.0.0/8",
            Format::Mac => "a MAC address such as 00:1a:2b:3c:4d:5e",
            Format::Email => "an email address",
            Format::Url => "a URL without spaces",
            Format::Uuid => "a UUID such as 123e4567-e89b-12d3-a456-426614174000",
            Format::Hostname => "a host name (letters, digits, `-`, `_`, dot-separated labels)",
            Format::Hex => "a hexadecimal hash",
            Format::Regex(_) => "the pattern of the data type",
        }
    }
}

/// Every byte is an ASCII hex digit, tested eight bytes at a time (hash values are long, and
/// every one of them is checked).
fn all_hex(b: &[u8]) -> bool {
    use crate::swar::{in_range, word, HI, LO};
    let mut chunks = b.chunks_exact(8);
    for chunk in &mut chunks {
        let v = word(chunk);
        if v & HI != 0 {
            return false;
        }
        // `x | 0x20` is a lower-case letter a-f exactly for A-F and a-f.
        let ok = in_range(v, 0x30, 0x39) | in_range(v | (LO * 0x20), 0x61, 0x66);
        if ok != HI {
            return false;
        }
    }
    chunks.remainder().iter().all(u8::is_ascii_hexdigit)
}

fn is_ip(s: &str) -> bool {
    // The schema's regex allows an IPv6 zone (`fe80::1%eth0`); std does not parse zones.
    // Addresses are short: a byte search, not `str::split_once`'s searcher (which cost as much
    // as the parse on the personal-data corpus).
    let addr = match s.bytes().position(|b| b == b'%') {
        Some(i) if i + 1 < s.len() && s.as_bytes()[..i].contains(&b':') => &s[..i],
        Some(_) => return false,
        None => s,
    };
    addr.parse::<IpAddr>().is_ok()
}

fn is_subnet(s: &str) -> bool {
    let Some((ip, prefix)) = s.split_once('/') else {
        return false;
    };
    let Ok(ip) = ip.parse::<IpAddr>() else {
        return false;
    };
    let max = if ip.is_ipv4() { 32 } else { 128 };
    !prefix.is_empty()
        && prefix.len() <= 3
        && prefix.bytes().all(|b| b.is_ascii_digit())
        && prefix.parse::<u32>().is_ok_and(|p| p <= max)
}

fn is_mac(s: &str) -> bool {
    // Same shape as the schema regex: six hex pairs separated by `:` or `-`.
    let b = s.as_bytes();
    b.len() == 17
        && b.iter().enumerate().all(|(i, &c)| {
            if i % 3 == 2 {
                c == b':' || c == b'-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

fn is_email(s: &str) -> bool {
    // Byte searches rather than `str`'s char searchers, whose set-up costs more than these
    // short strings (as for `is_ip`).
    let Some(at) = s.bytes().rposition(|b| b == b'@') else {
        return false;
    };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    let local_ok = !local.is_empty()
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b));
    let Some(dot) = domain.bytes().position(|b| b == b'.') else {
        return false;
    };
    let (head, tail) = (&domain[..dot], &domain[dot + 1..]);
    let domain_ok = !head.is_empty()
        && head.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !tail.is_empty()
        && tail
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    local_ok && domain_ok
}

fn is_url(s: &str) -> bool {
    // url_t has no pattern in the schema; only reject what no URL can contain, and a
    // malformed scheme when one is written.
    // In ASCII the whitespace and control characters are exactly the bytes up to the space
    // and DEL; tested byte by byte without decoding characters.
    let spaced = if s.is_ascii() {
        s.bytes().any(|b| b <= b' ' || b == 0x7f)
    } else {
        s.chars().any(|c| c.is_whitespace() || c.is_control())
    };
    if s.is_empty() || spaced {
        return false;
    }
    // The first `://`, found at the first `:` that starts it (mostly within the first bytes).
    let b = s.as_bytes();
    let scheme_end = (0..b.len().saturating_sub(2))
        .find(|&i| b[i] == b':' && b[i + 1] == b'/' && b[i + 2] == b'/');
    match scheme_end {
        Some(0) => false,
        Some(i) => {
            let scheme = &s[..i];
            scheme.as_bytes()[0].is_ascii_alphabetic()
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.')
        }
        None => true,
    }
}

fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn is_hostname(s: &str) -> bool {
    // One pass over the bytes, counting the label's length (`str::split` with a char pattern
    // sets up a search per label, which cost more than the test).
    let s = s.strip_suffix('.').unwrap_or(s);
    if s.is_empty() || s.len() > 253 {
        return false;
    }
    let mut label = 0usize;
    for b in s.bytes() {
        if b == b'.' {
            if label == 0 {
                return false;
            }
            label = 0;
        } else if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            label += 1;
            if label > 63 {
                return false;
            }
        } else {
            return false;
        }
    }
    label > 0
}

/// Parses an RFC 3339 date-time (as the schema's `datetime_t` pattern allows: the offset may be
/// left out, meaning UTC) into milliseconds since the epoch, dropping sub-millisecond digits.
pub(crate) fn parse_rfc3339_ms(s: &str) -> Option<i64> {
    parse_rfc3339(s).map(|(ms, _)| ms)
}

/// Like [`parse_rfc3339_ms`], also returning the precision of the text in milliseconds
/// (1000 for whole seconds, 100 for one fractional digit, 1 for three or more).
pub fn parse_rfc3339(s: &str) -> Option<(i64, i64)> {
    let b = s.as_bytes();
    if b.len() < 19 {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(r)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(part.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
    };
    if b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, min, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    // 60 allows a leap second.
    if hour > 23 || min > 59 || sec > 60 {
        return None;
    }
    let mut i = 19;
    let mut millis = 0i64;
    let mut precision = 1000i64;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            if i - start < 3 {
                millis = millis * 10 + i64::from(b[i] - b'0');
            }
            i += 1;
        }
        let digits = i - start;
        if digits == 0 {
            return None;
        }
        for _ in digits..3 {
            millis *= 10;
        }
        precision = 10i64.pow(3u32.saturating_sub(digits as u32));
    }
    let offset_min = match b.get(i) {
        None => 0,
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(&sign @ (b'+' | b'-')) if b.len() == i + 6 && b[i + 3] == b':' => {
            let (h, m) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
            if h > 23 || m > 59 {
                return None;
            }
            let off = h * 60 + m;
            if sign == b'+' {
                off
            } else {
                -off
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3600 + min * 60 + sec - offset_min * 60;
    Some((secs * 1000 + millis, precision))
}

pub(crate) fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Milliseconds since the epoch as RFC 3339 text (`2022-04-11T23:55:32.000Z`), for messages;
/// the proleptic Gregorian calendar for any `i64`.
pub fn format_epoch_ms(ms: i64) -> String {
    let mut out = String::with_capacity(25);
    push_epoch_ms(ms, &mut out);
    out
}

/// Appends [`format_epoch_ms`]'s text to `out`.
pub(crate) fn push_epoch_ms(ms: i64, out: &mut String) {
    let days = ms.div_euclid(86_400_000);
    let rest = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let (h, min, s, milli) = (
        rest / 3_600_000,
        rest / 60_000 % 60,
        rest / 1000 % 60,
        rest % 1000,
    );
    if !(0..=99_999).contains(&y) {
        use std::fmt::Write;
        let _ = write!(
            out,
            "{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{milli:03}Z"
        );
        return;
    }
    // Written by hand, two digits at a time from a table: the plausibility rules put two dates
    // in each of their messages (one of them often past the year 9999), and `format!` with
    // padding costs more than the rest of such a diagnostic. The fields are in range here (the
    // year was checked above), so they are taken as `u32`.
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
        2021222324252627282930313233343536373839\
        4041424344454647484950515253545556575859\
        6061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899";
    let field = |n: i64| u32::try_from(n).unwrap_or_default();
    let pair = |n: u32| {
        let i = (n % 100) as usize * 2;
        [PAIRS[i], PAIRS[i + 1]]
    };
    let (y, milli) = (field(y), field(milli));
    let mut buf = [0u8; 25];
    let mut at = 0;
    let mut put = |bytes: &[u8]| {
        buf[at..at + bytes.len()].copy_from_slice(bytes);
        at += bytes.len();
    };
    if y > 9999 {
        put(&[b'0' + (y / 10_000) as u8]);
    }
    put(&pair(y / 100));
    put(&pair(y));
    for (sep, n) in [(b'-', m), (b'-', d), (b'T', h), (b':', min), (b':', s)] {
        put(&[sep]);
        put(&pair(field(n)));
    }
    put(&[b'.', b'0' + (milli / 100) as u8]);
    put(&pair(milli));
    put(b"Z");
    push_ascii(&buf[..at], out);
}

/// Appends ASCII `bytes` (digits, separators). Pushing them one `char` at a time costs twice
/// the check of `str::from_utf8` (measured).
#[inline]
fn push_ascii(bytes: &[u8], out: &mut String) {
    debug_assert!(bytes.is_ascii());
    out.push_str(std::str::from_utf8(bytes).unwrap_or_default());
}

/// Appends `n` in decimal, without `fmt`'s machinery (messages and pointers carry numbers).
pub(crate) fn push_int(n: i64, out: &mut String) {
    if n < 0 {
        out.push('-');
    }
    push_uint(n.unsigned_abs(), out);
}

/// Appends `n` in decimal: `itoa`'s two digits per step, which needs no check of its output
/// (the digits written one by one and checked as UTF-8 cost some 380 instructions for a
/// millisecond timestamp, several times this).
pub(crate) fn push_uint(n: u64, out: &mut String) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// The date of a day number (days since 1970-01-01); the inverse of [`days_from_civil`].
pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_spaces_and_controls_are_those_of_char() {
        for b in 0..0x80u8 {
            let c = char::from(b);
            assert_eq!(
                b <= b' ' || b == 0x7f,
                c.is_whitespace() || c.is_control(),
                "{b}"
            );
        }
    }

    /// The word-at-a-time test agrees with `is_ascii_hexdigit` on every byte at every place.
    #[test]
    fn hex_is_tested_as_byte_by_byte() {
        for len in 0..20 {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut s: Vec<u8> = (0..len)
                        .map(|i| b"0123456789abcdefABCDEF"[i % 22])
                        .collect();
                    s[at] = b;
                    assert_eq!(all_hex(&s), s.iter().all(u8::is_ascii_hexdigit), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn epoch_milliseconds_read_as_dates() {
        assert_eq!(format_epoch_ms(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            format_epoch_ms(1_649_721_732_000),
            "2022-04-12T00:02:12.000Z"
        );
        assert_eq!(format_epoch_ms(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(format_epoch_ms(951_782_400_000), "2000-02-29T00:00:00.000Z");
        // Written digit by digit as `format!` writes the same fields, past the year 9999 too
        // (microseconds read as milliseconds land there).
        // A sweep from the year 0 to past 99999 (where `format!` writes them), with odd steps
        // so that every field takes many values.
        let sweep = (-62_167_219_200_000i64..3_250_000_000_000_000).step_by(331_000_000_017);
        for ms in [
            1_631_047_050_502_680i64,
            253_402_300_799_999,
            253_402_300_800_000,
            7,
        ]
        .into_iter()
        .chain(sweep)
        {
            let (days, rest) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
            let (y, m, d) = civil_from_days(days);
            let expected = format!(
                "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
                rest / 3_600_000,
                rest / 60_000 % 60,
                rest / 1000 % 60,
                rest % 1000
            );
            assert_eq!(format_epoch_ms(ms), expected);
        }
        for ms in [
            0i64,
            1,
            86_399_999,
            951_782_400_000,
            4_102_444_800_000,
            -86_400_001,
        ] {
            let text = format_epoch_ms(ms);
            assert_eq!(parse_rfc3339_ms(&text), Some(ms), "{text}");
        }
    }

    #[test]
    fn rfc3339() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339_ms("2023-11-14T22:13:20.123456Z"),
            Some(1_700_000_000_123)
        );
        assert_eq!(
            parse_rfc3339_ms("2023-11-15T00:13:20+02:00"),
            Some(1_700_000_000_000)
        );
        assert_eq!(parse_rfc3339_ms("2023-02-29T00:00:00Z"), None);
        assert_eq!(parse_rfc3339_ms("2023-11-14 22:13:20Z"), None);
        assert_eq!(parse_rfc3339_ms("2023-11-14T22:13:20."), None);
    }

    #[test]
    fn hand_written_formats() {
        assert!(is_ip("10.0.0.1") && is_ip("::1") && is_ip("fe80::1%eth0"));
        assert!(!is_ip("10.0.0.256") && !is_ip("host"));
        assert!(is_subnet("10.0.0.0/8") && !is_subnet("10.0.0.0/33") && !is_subnet("10.0.0.0"));
        assert!(is_mac("00:1a:2B:3c:4d:5e") && !is_mac("00:1a:2b:3c:4d"));
        assert!(is_email("a.b@example.com") && !is_email("a@b") && !is_email("@x.org"));
        assert!(is_uuid("123e4567-e89b-12d3-a456-426614174000") && !is_uuid("123e4567"));
        assert!(is_hostname("web-01.example.com.") && !is_hostname("a..b"));
        assert!(is_url("https://x.org/a?b") && is_url("/relative") && !is_url("a b"));
        assert!(!is_url("1http://x"));
    }

    /// The byte-searching formats say what `str`'s splits said, on every string of up to six
    /// characters over an alphabet of their separators and a few others (including a
    /// multi-byte one).
    #[test]
    fn byte_searches_agree_with_str_splits() {
        fn ip_split(s: &str) -> bool {
            let addr = match s.split_once('%') {
                Some((a, zone)) if !zone.is_empty() && a.contains(':') => a,
                Some(_) => return false,
                None => s,
            };
            addr.parse::<IpAddr>().is_ok()
        }
        fn email_split(s: &str) -> bool {
            let Some((local, domain)) = s.rsplit_once('@') else {
                return false;
            };
            let Some((head, tail)) = domain.split_once('.') else {
                return false;
            };
            !local.is_empty()
                && local
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b))
                && !head.is_empty()
                && head.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !tail.is_empty()
                && tail
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        }
        fn hostname_split(s: &str) -> bool {
            let s = s.strip_suffix('.').unwrap_or(s);
            !s.is_empty()
                && s.len() <= 253
                && s.split('.').all(|label| {
                    !label.is_empty()
                        && label.len() <= 63
                        && label
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                })
        }
        fn url_find(s: &str) -> bool {
            let spaced = s.chars().any(|c| c.is_whitespace() || c.is_control());
            if s.is_empty() || spaced {
                return false;
            }
            match s.find("://") {
                Some(0) => false,
                Some(i) => {
                    s.as_bytes()[0].is_ascii_alphabetic()
                        && s[..i].bytes().all(|b| {
                            b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.'
                        })
                }
                None => true,
            }
        }
        let alphabet = ['a', '1', '.', '@', '%', ':', '/', '-', ' ', 'é'];
        let mut strings = vec![String::new()];
        for _ in 0..6 {
            let longer: Vec<String> = strings
                .iter()
                .filter(|s| s.chars().count() == strings.last().map_or(0, |l| l.chars().count()))
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            strings.extend(longer);
        }
        for s in &strings {
            assert_eq!(is_ip(s), ip_split(s), "{s:?}");
            assert_eq!(is_email(s), email_split(s), "{s:?}");
            assert_eq!(is_hostname(s), hostname_split(s), "{s:?}");
            assert_eq!(is_url(s), url_find(s), "{s:?}");
        }
        let long_label = "a".repeat(63);
        for s in [
            long_label.clone(),
            format!("{long_label}a"),
            format!("{long_label}.b"),
        ] {
            assert_eq!(is_hostname(&s), hostname_split(&s), "{s:?}");
        }
    }
}
