//! Detectors for secrets and personal data in string values.
//!
//! ```
//! use ocsf_detect::{detect, Category};
//!
//! // Split so that secret scanners do not flag this file.
//! let text = concat!("export STRIPE_KEY=sk_", "live_4eC39HqLyjWDarjtT1zdp7dc");
//! let found = detect(text);
//! assert_eq!(found.len(), 1);
//! assert_eq!(found[0].detector.id, "stripe_secret_key");
//! assert_eq!(found[0].detector.category, Category::Secret);
//! assert_eq!(&text[found[0].span.clone()], &text[18..]);
//! // Messages never carry the value whole.
//! assert_eq!(found[0].describe(text), "Stripe live secret key (32 chars, starts \"sk_l\")");
//! assert!(detect(concat!("pk_", "live_4eC39HqLyjWDarjtT1zdp7dc")).is_empty()); // public
//! ```
//!
//! A pure library: no I/O, no global state beyond the compiled automaton and regexes, built
//! once per process on first use. Every string is first walked once by one Aho-Corasick
//! automaton over the literal prefixes and keywords of all detectors, and its digits are
//! counted for the numeric personal-data formats; only the detectors whose gate opened run
//! their regex, and a match is reported only when its checksum or plausibility check passes.
//! How the gate works, and why it opens exactly where it should, is told in `src/engine/mod.rs`.

mod checks;
mod engine;
mod keyed;
mod lanes;
mod national;
mod published;
#[cfg(any(test, feature = "reference"))]
#[doc(hidden)]
pub mod reference;
mod specs;
mod wallet;

use std::ops::Range;

pub use checks::{crc32_base62, is_masked, is_placeholder, is_sequence, luhn};
pub use keyed::{detect_keyed, is_lowered, is_secret_key, wants_key, KEYED};
use specs::SPECS;

/// The family of a detector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// Material that grants access.
    Secret,
    /// Personal data.
    Pii,
}

/// Static description of one detector.
#[derive(Debug, PartialEq, Eq)]
pub struct DetectorInfo {
    /// Stable diagnostic code (`OCSFS121`); never reused.
    pub code: &'static str,
    /// Stable snake_case id (`github_pat`), used in redaction placeholders.
    pub id: &'static str,
    /// Human name (`GitHub personal access token`).
    pub name: &'static str,
    pub category: Category,
    /// What the detector looks for, for documentation.
    pub shape: &'static str,
    /// How many leading characters a message may show (format prefixes such as `AKIA`);
    /// 0 for personal data and for secrets found by context.
    pub reveal: usize,
    /// Reported only under a strict policy.
    pub strict_only: bool,
    /// Reported with a lower severity than its category's: the value may be a template or a
    /// placeholder rather than the secret itself (`OCSFS303`).
    pub lowered: bool,
}

/// One detected value: which detector, and where in the string (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub detector: &'static DetectorInfo,
    pub span: Range<usize>,
}

impl Finding {
    /// `AWS access key id (20 chars, starts "AKIA")`: kind, length and at most the first four
    /// characters (fewer for short values), never the value.
    pub fn describe(&self, haystack: &str) -> String {
        let text = haystack.get(self.span.clone()).unwrap_or_default();
        describe(self.detector, text)
    }
}

/// The message text for a detected value; see [`Finding::describe`].
pub fn describe(info: &DetectorInfo, text: &str) -> String {
    let n = text.chars().count();
    let shown = info.reveal.min(4).min(n / 4);
    if shown == 0 {
        return format!("{} ({n} chars)", info.name);
    }
    let head: String = text.chars().take(shown).collect();
    format!("{} ({n} chars, starts \"{head}\")", info.name)
}

/// Which detectors run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Also run the strict-only detectors (IP addresses in free text).
    pub strict: bool,
    /// Skip personal-data detectors (secrets only).
    pub secrets_only: bool,
    /// Skip the digit-gated personal-data detectors (cards, IBANs, SSNs, phone numbers): for
    /// values whose type already fixes their shape (timestamps, addresses, hashes).
    pub skip_numeric: bool,
}

/// Every detector: the value detectors of [`detect`], then the attribute-name rules of
/// [`detect_keyed`].
pub fn detectors() -> impl Iterator<Item = &'static DetectorInfo> {
    SPECS.iter().map(|s| &s.info).chain(KEYED.iter())
}

/// The detector with a given id.
pub fn detector(id: &str) -> Option<&'static DetectorInfo> {
    detectors().find(|d| d.id == id)
}

/// Whether a detector's match identifies a credential rather than being one: an AWS access key
/// id names a key pair whose secret is elsewhere. In free text such an id is reported (it
/// usually travels with its secret); in an attribute made to hold it (`credential_uid`) it
/// is what the attribute is for, and callers that know the attribute drop the finding.
pub fn names_a_credential(info: &DetectorInfo) -> bool {
    matches!(
        info.id,
        "aws_access_key_id" | "alibaba_access_key_id" | "tencent_secret_id" | "twilio_api_key"
    )
}

/// Every secret and personal-data finding in `s` under the default options.
pub fn detect(s: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    detect_into(s, Options::default(), &mut out);
    out
}

/// Appends the findings in `s` to `out`, in order of position, without overlaps (when two
/// detectors match overlapping text, the more specific one is kept). Allocates nothing unless
/// some detector's regex matches.
///
/// A value that is a canonical UUID or a hex digest of a standard length
/// ([`is_hex_identifier`]) is an identifier or a hash, and reports nothing.
#[inline]
pub fn detect_into(s: &str, opts: Options, out: &mut Vec<Finding>) {
    // Most strings are short: they cost no call.
    if s.len() >= engine::MIN_LEN && !is_hex_identifier(s) {
        engine::detect_into(s, opts, out);
    }
}

/// Whether `s` is a canonical UUID (`8-4-4-4-12` hex digits, in either case) or a hex digest
/// of a standard length (MD5 32, SHA-1 40, SHA-224 56, SHA-256 64, SHA-384 96, SHA-512 128
/// digits, with at least one letter, all letters in one case).
///
/// Such a value is an identifier or a hash: it holds no personal data, and a secret of that
/// shape (a hex API key) is told only by where it sits, which [`detect_keyed`] judges. Without
/// this test the detectors read some as what they are not: a UUID whose last two groups are
/// digits as a card number, an upper-case SHA-256 that starts `EAAA` as a Square token.
/// It also spares the detectors' walk the most frequent long values of published events
/// (UUIDs in `uid`, hashes in `value`: a third of the bytes the walk read).
#[inline]
pub fn is_hex_identifier(s: &str) -> bool {
    // Most values have none of these lengths: they cost a comparison, not a call.
    matches!(s.len(), 32 | 36 | 40 | 56 | 64 | 96 | 128)
        && hex_identifier_of_its_length(s.as_bytes())
}

/// [`is_hex_identifier`] for a value of one of its lengths.
#[inline(never)]
fn hex_identifier_of_its_length(b: &[u8]) -> bool {
    if b.len() == 36 {
        if [8, 13, 18, 23].iter().any(|&i| b[i] != b'-') {
            return false;
        }
        let mut digits = [0u8; 32];
        for (to, from) in digits
            .chunks_exact_mut(4)
            .zip([0..4, 4..8, 9..13, 14..18, 19..23, 24..28, 28..32, 32..36].map(|r| &b[r]))
        {
            to.copy_from_slice(from);
        }
        return hex_cases(digits.chunks_exact(8)).is_some();
    }
    hex_cases(b.chunks_exact(8)).is_some_and(|(lower, upper)| lower != upper)
}

/// Whether the words (eight bytes each) hold letters `a`-`f` and `A`-`F`; `None` at the first
/// word with a byte that is no hex digit.
fn hex_cases<'a>(words: impl Iterator<Item = &'a [u8]>) -> Option<(bool, bool)> {
    let (mut lower, mut upper) = (0, 0);
    for w in words {
        let w = lanes::word(w);
        let (l, u) = (lanes::within(w, b'a', b'f'), lanes::within(w, b'A', b'F'));
        if lanes::within(w, b'0', b'9') | l | u != lanes::HIGH {
            return None;
        }
        (lower, upper) = (lower | l, upper | u);
    }
    Some((lower != 0, upper != 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(found: &[Finding]) -> Vec<&'static str> {
        found.iter().map(|f| f.detector.id).collect()
    }

    /// What the engine alone (without the identifier test) reports in `s`, under the options
    /// that report the most.
    fn engine_alone(s: &str) -> Vec<&'static str> {
        let mut out = Vec::new();
        let opts = Options {
            strict: true,
            ..Options::default()
        };
        engine::detect_into(s, opts, &mut out);
        ids(&out)
    }

    /// [`is_hex_identifier`] by its definition, a character at a time.
    fn hex_identifier_by_definition(s: &str) -> bool {
        let b = s.as_bytes();
        let hex = |c: &u8| c.is_ascii_hexdigit();
        if b.len() == 36 {
            return b.iter().enumerate().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => *c == b'-',
                _ => hex(c),
            });
        }
        let lower = b.iter().any(u8::is_ascii_lowercase);
        let upper = b.iter().any(u8::is_ascii_uppercase);
        [32, 40, 56, 64, 96, 128].contains(&b.len()) && b.iter().all(hex) && lower != upper
    }

    /// Every byte at every place of a UUID and of digests of each length, in both cases.
    #[test]
    fn hex_identifiers_are_told_as_defined() {
        let sha512 = "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce\
                      47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";
        let mut samples = vec!["123e4567-e89b-12d3-a456-426614174000".to_owned()];
        for len in [32, 40, 56, 64, 96, 128] {
            samples.push(sha512[..len].to_owned());
            samples.push(sha512[..len].to_ascii_uppercase());
        }
        for sample in samples {
            for at in 0..sample.len() {
                for c in 0..=127u8 {
                    let mut b = sample.clone().into_bytes();
                    b[at] = c;
                    let s = String::from_utf8(b).expect("ASCII");
                    assert_eq!(
                        is_hex_identifier(&s),
                        hex_identifier_by_definition(&s),
                        "{s}"
                    );
                }
            }
        }
    }

    #[test]
    fn hex_identifiers_are_told_by_their_shape() {
        let sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        for s in [
            "123e4567-e89b-12d3-a456-426614174000",
            "123E4567-E89B-12D3-A456-426614174000",
            "d41d8cd98f00b204e9800998ecf8427e",
            "da39a3ee5e6b4b0d3255bfef95601890afd80709",
            sha256,
            &sha256.to_ascii_uppercase(),
            &sha256.repeat(2),
            &sha256[..56],
            &sha256.repeat(3)[..96],
        ] {
            assert!(is_hex_identifier(s), "{s}");
        }
        for s in [
            "",
            "deadbeef",
            // Other lengths, a dash out of place, a letter past `f`, mixed case, no letter.
            &sha256[..63],
            "123e4567e-89b-12d3-a456-426614174000",
            "123e4567-e89b-12d3-a456-42661417400g",
            "d41d8cd98f00b204e9800998ecf8427g",
            "d41d8cd98f00b204e9800998ECF8427E",
            "12345678901234567890123456789012",
            // A token around hex digits is no digest.
            "fc-d41d8cd98f00b204e9800998ecf8427e",
        ] {
            assert!(!is_hex_identifier(s), "{s}");
        }
    }

    /// The values the detectors misread before the identifier test, and that they still find
    /// what is around or next to such a value.
    #[test]
    fn hex_identifiers_report_nothing() {
        // An upper-case SHA-256 that starts `EAAA` (a Square token's prefix) and a SHA-512 that
        // starts `EAA` (Meta's).
        let sha256 = "EAAA081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08E";
        let sha512 = format!(
            "EAA{}",
            &"9F86D081884C7D659A2FEAA0C55AD015".repeat(4)[..125]
        );
        // A UUID whose last two groups are a card number that passes Luhn's check (one in
        // 20,000 random UUIDs has two such groups of digits, and a tenth of those pass).
        let uuid = "3c6454a5-ecbc-3d2d-4231-206392166639";
        assert_eq!(engine_alone(sha256), ["square_access_token"]);
        assert_eq!(engine_alone(&sha512), ["meta_access_token"]);
        assert_eq!(engine_alone(uuid), ["payment_card"]);
        for s in [sha256, &sha512, uuid] {
            assert!(is_hex_identifier(s), "{s}");
            assert!(detect(s).is_empty(), "{s}");
        }
        // In text, or as a token's body, the same characters are still read.
        let text = format!("token {sha256}");
        assert_eq!(ids(&detect(&text)), ["square_access_token"]);
        let firecrawl = "fc-d41d8cd98f00b204e9800998ecf8427e";
        assert_eq!(ids(&detect(firecrawl)), ["firecrawl_api_key"]);
    }
}
