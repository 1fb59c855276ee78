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
//! once per process on first use. Every string is first scanned by one Aho-Corasick automaton
//! over the literal prefixes and keywords of all detectors (and a digit count for the numeric
//! personal-data formats); only the detectors whose gate opened run their regex, and a match is
//! reported only when its checksum or plausibility check passes.

mod checks;
mod keyed;
mod specs;

use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

pub use checks::{crc32_base62, is_placeholder, luhn};
pub use keyed::{detect_keyed, is_secret_key, wants_key, KEYED};
use specs::{Gate, SPECS};

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

type ShapeTest = fn(&str) -> bool;

struct Engine {
    /// Token prefixes, matched case-sensitively (`AKIA`, `ghp_`): few false gate openings.
    exact: AhoCorasick,
    exact_owner: Vec<usize>,
    /// Keywords of context detectors (`password`, `authorization`), ASCII case-insensitive.
    words: AhoCorasick,
    words_owner: Vec<usize>,
    regexes: Vec<OnceLock<Regex>>,
    digit_gated: Vec<(usize, usize)>,
    shape_gated: Vec<(usize, ShapeTest)>,
}

static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    let (mut exact, mut exact_owner, mut words, mut words_owner) = (vec![], vec![], vec![], vec![]);
    let mut digit_gated = Vec::new();
    let mut shape_gated = Vec::new();
    for (i, s) in SPECS.iter().enumerate() {
        match s.gate {
            Gate::Literals(lits) => {
                // Token formats have a fixed-case prefix; context keywords come in any case.
                let case_sensitive = s.info.reveal > 0;
                for l in lits {
                    if case_sensitive {
                        exact.push(*l);
                        exact_owner.push(i);
                    } else {
                        words.push(*l);
                        words_owner.push(i);
                    }
                }
            }
            Gate::Digits(n) => digit_gated.push((i, n)),
            Gate::Shape(f) => shape_gated.push((i, f)),
        }
    }
    let build = |ci: bool, pats: &[&str]| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(ci)
            .match_kind(MatchKind::Standard)
            .build(pats)
            .expect("detector literals build an automaton")
    };
    Engine {
        exact: build(false, &exact),
        exact_owner,
        words: build(true, &words),
        words_owner,
        regexes: SPECS.iter().map(|_| OnceLock::new()).collect(),
        digit_gated,
        shape_gated,
    }
});

impl Engine {
    fn regex(&self, i: usize) -> &Regex {
        self.regexes[i].get_or_init(|| {
            Regex::new(SPECS[i].re).unwrap_or_else(|e| panic!("{}: {e}", SPECS[i].info.id))
        })
    }
}

/// Strings shorter than this cannot hold any detected format.
const MIN_LEN: usize = 8;

fn is_word(b: Option<&u8>) -> bool {
    b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

/// Every secret and personal-data finding in `s` under the default options.
pub fn detect(s: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    detect_into(s, Options::default(), &mut out);
    out
}

/// Appends the findings in `s` to `out`, in order of position, without overlaps (when two
/// detectors match overlapping text, the more specific one is kept). Allocates nothing when
/// nothing is found.
pub fn detect_into(s: &str, opts: Options, out: &mut Vec<Finding>) {
    if s.len() < MIN_LEN {
        return;
    }
    let engine = &*ENGINE;
    // Candidate specs as a bit set; the table has fewer than 192 rows.
    let mut cand = [0u64; 3];
    let mut any = false;
    for (ac, owner) in [
        (&engine.exact, &engine.exact_owner),
        (&engine.words, &engine.words_owner),
    ] {
        for m in ac.find_overlapping_iter(s) {
            let i = owner[m.pattern().as_usize()];
            cand[i / 64] |= 1 << (i % 64);
            any = true;
        }
    }
    if !opts.secrets_only && !opts.skip_numeric {
        let digits = s.bytes().filter(u8::is_ascii_digit).count();
        for &(i, n) in &engine.digit_gated {
            if digits >= n {
                cand[i / 64] |= 1 << (i % 64);
                any = true;
            }
        }
    }
    for &(i, f) in &engine.shape_gated {
        if f(s) {
            cand[i / 64] |= 1 << (i % 64);
            any = true;
        }
    }
    if !any {
        return;
    }
    let start = out.len();
    let bytes = s.as_bytes();
    for (i, spec) in SPECS.iter().enumerate() {
        if cand[i / 64] & (1 << (i % 64)) == 0 {
            continue;
        }
        let info = &spec.info;
        if (info.strict_only && !opts.strict)
            || (opts.secrets_only && info.category == Category::Pii)
        {
            continue;
        }
        let re = engine.regex(i);
        // Capture groups cost a slower engine: only context detectors need one.
        let matches: Box<dyn Iterator<Item = (Range<usize>, Range<usize>)>> = if spec.group == 0 {
            Box::new(re.find_iter(s).map(|m| (m.range(), m.range())))
        } else {
            Box::new(
                re.captures_iter(s)
                    .filter_map(|c| Some((c.get(0)?.range(), c.get(spec.group)?.range()))),
            )
        };
        for (whole, span) in matches {
            if spec.bounded
                && (is_word(bytes[..whole.start].last()) || is_word(bytes.get(whole.end)))
            {
                continue;
            }
            let text = &s[span.clone()];
            if out[start..]
                .iter()
                .any(|f| f.span.start < span.end && span.start < f.span.end)
            {
                continue;
            }
            if (spec.check)(text, s, span.start) {
                out.push(Finding {
                    detector: info,
                    span,
                });
            }
        }
    }
    out[start..].sort_by_key(|f| f.span.start);
}
