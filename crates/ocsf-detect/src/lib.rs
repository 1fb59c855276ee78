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
mod national;
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
#[inline]
pub fn detect_into(s: &str, opts: Options, out: &mut Vec<Finding>) {
    // Most strings are short: they cost no call.
    if s.len() >= engine::MIN_LEN {
        engine::detect_into(s, opts, out);
    }
}
