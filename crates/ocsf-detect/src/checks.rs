//! Validation of candidate matches: checksums (CRC32, Luhn, mod 97, bech32), structure (JWT
//! headers, SSN ranges) and plausibility (placeholders, entropy). A regex match is reported
//! only when its check passes, which is where most of the precision comes from.

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Base62 of a CRC32, left-padded with `0` to six characters (GitHub's and npm's token checksum).
pub fn crc32_base62(data: &[u8]) -> [u8; 6] {
    let mut n = crc32fast::hash(data);
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    out
}

/// `prefix_` + 30 random base62 characters + 6-character CRC32 checksum of the random part.
/// GitHub's `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_` tokens and npm's `npm_` tokens use this layout.
pub fn github_style_checksum(token: &str) -> bool {
    let Some((_, body)) = token.split_once('_') else {
        return false;
    };
    let b = body.as_bytes();
    b.len() == 36 && crc32_base62(&b[..30]) == b[30..]
}

pub(crate) const BECH32: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

pub(crate) fn bech32_polymod(values: impl Iterator<Item = u8>) -> u32 {
    const GEN: [u32; 5] = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
    let mut chk: u32 = 1;
    for v in values {
        let top = chk >> 25;
        chk = ((chk & 0x1ff_ffff) << 5) ^ u32::from(v);
        for (i, g) in GEN.iter().enumerate() {
            if (top >> i) & 1 == 1 {
                chk ^= g;
            }
        }
    }
    chk
}

/// The bech32 checksum of a string like `AGE-SECRET-KEY-1…` (case-insensitive, BIP 173).
pub fn bech32_valid(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let Some(sep) = lower.rfind('1') else {
        return false;
    };
    let (hrp, data) = (&lower[..sep], &lower[sep + 1..]);
    if hrp.is_empty() || data.len() < 6 {
        return false;
    }
    bech32_values(hrp, data).is_some_and(|values| bech32_polymod(values.into_iter()) == 1)
}

/// What the bech32 checksum runs over (BIP 173): the expansion of the lower-case `hrp`, then
/// the 5-bit value of each character of the lower-case `data`; `None` for a character outside
/// the bech32 alphabet.
pub(crate) fn bech32_values(hrp: &str, data: &str) -> Option<Vec<u8>> {
    let mut values = Vec::with_capacity(hrp.len() * 2 + 1 + data.len());
    values.extend(hrp.bytes().map(|c| c >> 5));
    values.push(0);
    values.extend(hrp.bytes().map(|c| c & 31));
    for c in data.bytes() {
        values.push(BECH32.iter().position(|&x| x == c)? as u8);
    }
    Some(values)
}

/// Standard or URL-safe base64, padding optional. `None` on any other character.
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

/// A JWT: the header decodes to a JSON object naming an `alg`, the payload to a JSON object.
pub fn jwt_valid(token: &str) -> bool {
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(_sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let json_object = |part: &str| {
        base64_decode(part)
            .and_then(|b| String::from_utf8(b).ok())
            .filter(|t| t.trim_start().starts_with('{') && t.trim_end().ends_with('}'))
    };
    match (json_object(h), json_object(p)) {
        (Some(header), Some(_)) => header.contains("\"alg\""),
        _ => false,
    }
}

/// Grafana API keys are base64 of `{"k":"…","n":"…","id":…}`.
pub fn grafana_key_valid(token: &str) -> bool {
    base64_decode(token)
        .and_then(|b| String::from_utf8(b).ok())
        .is_some_and(|t| t.starts_with("{\"k\":\"") && t.contains("\"n\":"))
}

/// A Discord bot token's first part is the base64 of the bot's numeric user id.
pub fn discord_bot_valid(token: &str) -> bool {
    let first = token.split('.').next().unwrap_or_default();
    base64_decode(first)
        .is_some_and(|b| (17..=20).contains(&b.len()) && b.iter().all(u8::is_ascii_digit))
}

/// Basic credentials decode to `user:password`.
pub fn basic_auth_valid(b64: &str) -> bool {
    base64_decode(b64)
        .and_then(|b| String::from_utf8(b).ok())
        .is_some_and(|t| {
            t.split_once(':')
                .is_some_and(|(u, p)| !u.is_empty() && !p.is_empty() && !is_placeholder(p))
        })
}

fn digits(s: &str) -> Vec<u8> {
    s.bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect()
}

pub fn luhn(ds: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, &d) in ds.iter().rev().enumerate() {
        let mut v = u32::from(d);
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

/// Payment card number: consistent separators, a known issuer prefix with one of its lengths,
/// and the Luhn checksum.
pub fn card_valid(s: &str) -> bool {
    let seps: Vec<char> = s.chars().filter(|c| !c.is_ascii_digit()).collect();
    if seps.windows(2).any(|w| w[0] != w[1]) {
        return false;
    }
    let ds = digits(s);
    let n = ds.len();
    let prefix = |k: usize| ds.iter().take(k).fold(0u32, |a, &d| a * 10 + u32::from(d));
    let issuer_ok = match ds.first() {
        Some(4) => matches!(n, 13 | 16 | 19),
        Some(5) => (51..=55).contains(&prefix(2)) && n == 16,
        Some(2) => (2221..=2720).contains(&prefix(4)) && n == 16,
        Some(3) => {
            (matches!(prefix(2), 34 | 37) && n == 15)
                || ((3528..=3589).contains(&prefix(4)) && (16..=19).contains(&n))
                || ((matches!(prefix(2), 36 | 38 | 39) || (300..=305).contains(&prefix(3)))
                    && n == 14)
        }
        Some(6) => {
            (prefix(4) == 6011
                || prefix(2) == 65
                || (644..=649).contains(&prefix(3))
                || prefix(2) == 62)
                && (16..=19).contains(&n)
        }
        _ => false,
    };
    // A run of one digit is a test pattern or padding, not a card.
    issuer_ok && luhn(&ds) && ds.iter().any(|&d| d != ds[0])
}

/// IBAN lengths by country (ISO 13616 registry).
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BR", 29),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NL", 18),
    ("NO", 15),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("SA", 24),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VG", 24),
    ("XK", 20),
];

pub fn iban_length(country: &str) -> Option<usize> {
    IBAN_LENGTHS
        .iter()
        .find(|(c, _)| *c == country)
        .map(|(_, n)| *n)
}

/// Mod-97 check of an IBAN (spaces allowed) whose length is its country's.
pub fn iban_valid(s: &str) -> bool {
    let compact: Vec<u8> = s.bytes().filter(|b| *b != b' ').collect();
    if compact.len() < 15 || !compact[..2].iter().all(u8::is_ascii_uppercase) {
        return false;
    }
    let country = std::str::from_utf8(&compact[..2]).unwrap_or_default();
    if iban_length(country) != Some(compact.len()) {
        return false;
    }
    let mut rem: u32 = 0;
    for &c in compact[4..].iter().chain(&compact[..4]) {
        let v = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'Z' => u32::from(c - b'A') + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

/// US SSN `AAA-GG-SSSS`: area not 000, 666 or 9xx; group not 00; serial not 0000; and not the
/// two numbers published as examples (078-05-1120, 123-45-6789).
pub fn ssn_valid(s: &str) -> bool {
    let ds = digits(s);
    if ds.len() != 9 {
        return false;
    }
    let area = u32::from(ds[0]) * 100 + u32::from(ds[1]) * 10 + u32::from(ds[2]);
    let group = ds[3] * 10 + ds[4];
    let serial = ds[5..].iter().fold(0u32, |a, &d| a * 10 + u32::from(d));
    let compact: String = ds.iter().map(|d| char::from(b'0' + d)).collect();
    area != 0
        && area != 666
        && area < 900
        && group != 0
        && serial != 0
        && compact != "078051120"
        && compact != "123456789"
}

/// UK National Insurance number: prefixes the HMRC never issues are excluded.
pub fn nino_valid(s: &str) -> bool {
    let up: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let prefix = &up[..2.min(up.len())];
    !matches!(prefix, "BG" | "GB" | "NK" | "KN" | "TN" | "NT" | "ZZ")
}

/// Phone numbers: 8 to 15 digits (E.164 bound), not one repeated digit.
pub fn phone_valid(s: &str) -> bool {
    let ds = digits(s);
    (8..=15).contains(&ds.len()) && ds.iter().any(|&d| d != ds[ds.len() - 1])
}

pub fn ipv4_valid(s: &str) -> bool {
    s.parse::<std::net::Ipv4Addr>()
        .is_ok_and(|ip| !ip.is_unspecified() && !ip.is_loopback() && !ip.is_broadcast())
}

pub fn ipv6_valid(s: &str) -> bool {
    // At least three groups, so that `a::b` in prose or a time like `10:30` is not an address.
    s.matches(':').count() >= 3
        && s.parse::<std::net::Ipv6Addr>()
            .is_ok_and(|ip| !ip.is_unspecified() && !ip.is_loopback())
}

/// Shannon entropy in bits per character.
pub fn entropy(s: &str) -> f64 {
    let mut counts = [0u32; 256];
    for b in s.bytes() {
        counts[b as usize] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

/// Words that mark a value as an example or a template rather than a credential.
/// Each of [`PLACEHOLDER_WORDS`] as written, in capitals and capitalised, spelled once here
/// rather than for every value tested.
static PLACEHOLDER_SPELLINGS: std::sync::LazyLock<Vec<[String; 3]>> =
    std::sync::LazyLock::new(|| {
        PLACEHOLDER_WORDS
            .iter()
            .map(|w| {
                let mut title = (*w).to_owned();
                title[..1].make_ascii_uppercase();
                [(*w).to_owned(), w.to_ascii_uppercase(), title]
            })
            .collect()
    });

const PLACEHOLDER_WORDS: &[&str] = &[
    "example",
    "xxxx",
    "dummy",
    "placeholder",
    "changeme",
    "redacted",
    "your",
    "sample",
    "fake",
    "test1234",
    "secret123",
    "password123",
    "insert",
    "replace",
    "todo",
    "masked",
    "hidden",
    "****",
    "....",
    "0000000",
    "1234567",
    "abcdef12",
    "a1b2c3",
    "<",
    ">",
    "${",
    "{{",
    "%s",
    "$(",
];

/// Values that are placeholders, templates or configuration words, never credentials.
pub fn is_placeholder(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "true"
            | "false"
            | "null"
            | "none"
            | "nil"
            | "undefined"
            | "empty"
            | "required"
            | "optional"
            | "password"
            | "passwd"
            | "pass"
            | "secret"
            | "token"
            | "string"
            | "value"
            | "default"
            | "n/a"
            | "na"
            | "unknown"
            | "********"
    ) {
        return true;
    }
    if v.starts_with(['$', '[', '{', '<', '*', '(', '#', '\\', '.', '/', '@', '&']) {
        return true;
    }
    // `%NAME%` (a Windows variable), `%(name)s`, `%{name}`: a template. Any other value may
    // start with `%` (`%t^wQLB…` is a password).
    if let Some(rest) = v.strip_prefix('%') {
        let variable = rest.strip_suffix('%').is_some_and(|n| {
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        });
        if variable || rest.starts_with(['(', '{']) {
            return true;
        }
    }
    // What stands where no password is: `!`/`!!` and `!locked` in shadow files, Django's
    // unusable password (`!` + 40 random characters).
    if let Some(rest) = v.strip_prefix('!') {
        let django = rest.len() == 40 && rest.bytes().all(|b| b.is_ascii_alphanumeric());
        if rest.is_empty() || rest == "!" || rest.bytes().all(|b| b.is_ascii_lowercase()) || django
        {
            return true;
        }
    }
    if is_reference(v) {
        return true;
    }
    // An Ansible Vault marker (`password: !vault |`): the value follows, encrypted.
    if lower.starts_with("!vault") {
        return true;
    }
    // In one case or capitalised (`your_token`, `YOUR_TOKEN`, `YourToken`), as templates write
    // them: a long random token holds `tOdO` or `FaKe` by chance (1 in a few hundred
    // 140-character bodies), but rarely in one of these spellings.
    if PLACEHOLDER_SPELLINGS
        .iter()
        .any(|spellings| spellings.iter().any(|s| v.contains(s.as_str())))
    {
        return true;
    }
    // A run of six identical characters does not occur in random tokens.
    let b = v.as_bytes();
    b.windows(6).any(|w| w.iter().all(|&c| c == w[0]))
}

/// Values visibly masked or withheld: a run of three or more mask characters (`********`,
/// `****1234`, `••••`), a value of `x`/`X`/`#` only, a redaction marker (`[REDACTED]`,
/// `<redacted>`, `[REDACTED:…]`, `(hidden)`, `FILTERED`), or an Ansible Vault marker (`!vault |`, the value
/// follows encrypted). What is left is shown, and is a finding under a secret name.
pub fn is_masked(v: &str) -> bool {
    const MARKERS: &[&str] = &[
        "redacted",
        "filtered",
        "masked",
        "hidden",
        "removed",
        "sanitized",
        "omitted",
        "scrubbed",
        "secret hidden",
        "not shown",
    ];
    let mask = |c: char| matches!(c, '*' | '•' | '●' | '∙' | '·');
    let chars: Vec<char> = v.chars().collect();
    if chars.windows(3).any(|w| w.iter().all(|&c| mask(c))) || v.chars().all(mask) {
        return true;
    }
    if v.len() >= 3 && v.bytes().all(|b| matches!(b, b'x' | b'X' | b'#')) {
        return true;
    }
    // `[REDACTED]`, and the redactor's own `[REDACTED:<detector>:hmac:…]`.
    let lower = v.to_ascii_lowercase();
    if lower.starts_with("[redacted") || lower.starts_with("<redacted") {
        return true;
    }
    let inner = v
        .trim_matches(|c: char| {
            matches!(
                c,
                '[' | ']' | '<' | '>' | '(' | ')' | '{' | '}' | '*' | '-' | '_'
            )
        })
        .to_ascii_lowercase();
    MARKERS.contains(&inner.as_str()) || lower.starts_with("!vault")
}

/// A sequence rather than a chosen value: one character repeated, or characters that each
/// follow the previous one up or down (`123456`, `abcdef`, `987654`), or a keyboard row
/// (`qwerty`, `asdfgh`).
pub fn is_sequence(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() < 3 {
        return false;
    }
    let steps = |d: i16| b.windows(2).all(|w| i16::from(w[1]) - i16::from(w[0]) == d);
    let lower = v.to_ascii_lowercase();
    steps(0)
        || steps(1)
        || steps(-1)
        || ["qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx"]
            .iter()
            .any(|row| lower.len() >= 4 && row.contains(lower.as_str()))
}

/// `settings.GITHUB_API_SECRET`, `process.env.DB_PASSWORD`, `DB_PASSWORD`: code that names
/// a secret, not a secret.
fn is_reference(v: &str) -> bool {
    let ident = |p: &str| {
        !p.is_empty()
            && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !p.as_bytes()[0].is_ascii_digit()
    };
    let env_name = v.len() >= 6
        && v.contains('_')
        && v.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    // Dotted paths of short identifiers (`secrets.db_password`, `env.API_KEY`); token parts
    // are longer than 32 characters or, like a Discord token's, strewn with digits.
    let word =
        |p: &str| ident(p) && p.len() <= 32 && p.bytes().filter(u8::is_ascii_digit).count() <= 2;
    env_name
        || (v.contains('.')
            && v.split('.').all(word)
            && v.split('.').any(|p| p.contains('_') || p == "env"))
}

/// A token body that looks random: not a placeholder, several distinct characters, and for
/// longer bodies at least two character classes.
pub fn looks_random(body: &str) -> bool {
    if is_placeholder(body) {
        return false;
    }
    let mut seen = [false; 128];
    let mut distinct = 0;
    let (mut lower, mut upper, mut digit) = (false, false, false);
    for c in body.bytes() {
        if c < 128 && !seen[c as usize] {
            seen[c as usize] = true;
            distinct += 1;
        }
        lower |= c.is_ascii_lowercase();
        upper |= c.is_ascii_uppercase();
        digit |= c.is_ascii_digit();
    }
    let classes = usize::from(lower) + usize::from(upper) + usize::from(digit);
    distinct >= (body.len() / 3).clamp(4, 12) && (body.len() < 16 || classes >= 2)
}

/// Random token bodies over base62/base64: higher entropy than words or hex ids.
pub fn high_entropy(v: &str) -> bool {
    looks_random(v) && entropy(v) >= 3.5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums() {
        assert!(luhn(&digits("4111111111111111")));
        assert!(!luhn(&digits("4111111111111112")));
        assert!(card_valid("4539 1488 0343 6467"));
        assert!(!card_valid("4539-1488 0343 6467"), "mixed separators");
        assert!(iban_valid("GB82 WEST 1234 5698 7654 32"));
        assert!(iban_valid("DE89370400440532013000"));
        assert!(!iban_valid("DE89370400440532013001"));
        assert!(ssn_valid("536-22-1234"));
        assert!(
            !ssn_valid("666-22-1234") && !ssn_valid("936-22-1234") && !ssn_valid("536-00-1234")
        );
        assert!(!ssn_valid("536-22-0000") && !ssn_valid("000-22-1234"));
        // BIP 173 test vector.
        assert!(bech32_valid("A12UEL5L"));
        assert!(!bech32_valid("A12UEL5M"));
        let body = "0123456789abcdefghijABCDEFGHIJ";
        let sum = String::from_utf8(crc32_base62(body.as_bytes()).to_vec()).unwrap();
        assert!(github_style_checksum(&format!("ghp_{body}{sum}")));
        assert!(!github_style_checksum(&format!("ghp_{body}000000")));
    }

    #[test]
    fn placeholders() {
        assert!(is_placeholder("xxxxxxxxxxxx"));
        assert!(is_placeholder("${DB_PASSWORD}"));
        assert!(is_placeholder("<your-token>"));
        assert!(!is_placeholder("hunter2"));
        assert!(looks_random("4eC39HqLyjWDarjtT1zdp7dc"));
        assert!(!looks_random("aaaaaaaaaaaaaaaaaaaaaaaa"));
        assert!(is_placeholder("YOUR_API_KEY") && is_placeholder("YourApiKey"));
        assert!(
            !is_placeholder("zHk2o7xzs3VyoNg9ndxTOdoQxH4D4"),
            "`todo` by chance"
        );
        for m in [
            "********",
            "****1234",
            "ab•••yz",
            "[REDACTED]",
            "<masked>",
            "xxxx",
            "!vault |",
        ] {
            assert!(is_masked(m), "{m}");
        }
        for m in ["hunter2", "changeme", "x1", "redacted-db-pass"] {
            assert!(!is_masked(m), "{m}");
        }
        assert!(is_sequence("123456") && is_sequence("abcdef") && is_sequence("qwerty"));
        assert!(is_sequence("aaaa") && is_sequence("9876"));
        assert!(!is_sequence("hunter2") && !is_sequence("12") && !is_sequence("1357"));
    }
}
