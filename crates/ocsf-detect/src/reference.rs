//! The engine as it was before the single-pass gate (issue 11), kept verbatim as the oracle of
//! the differential tests and the baseline of the bench. Not part of the default build: it is
//! compiled for the crate's tests and under the non-default `reference` feature.

use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

use crate::specs::{Gate, SPECS};
use crate::{Category, Finding, Options};

type ShapeTest = fn(&str) -> bool;

struct Engine {
    exact: AhoCorasick,
    exact_owner: Vec<usize>,
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
            Gate::Shape(_, f) => shape_gated.push((i, f)),
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

const MIN_LEN: usize = 8;

fn is_word(b: Option<&u8>) -> bool {
    b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

/// [`crate::detect_into`] as it was: two overlapping Aho-Corasick passes, a digit count, the
/// shape tests, then the regex of every gated row through a boxed iterator.
pub fn detect_into(s: &str, opts: Options, out: &mut Vec<Finding>) {
    // Identifiers and digests report nothing (`crate::is_hex_identifier`): a rule of what the
    // detectors report, which the reference follows so that the two still compare.
    if s.len() < MIN_LEN || crate::is_hex_identifier(s) {
        return;
    }
    let engine = &*ENGINE;
    // The one change since issue 11: the candidate set is sized by the table (it was three
    // words, for the 192 rows it could hold), so that the reference keeps reading the same
    // table as the engine as rows are added, and the differential tests compare them on it.
    let mut cand = [0u64; SPECS.len().div_ceil(64)];
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
        let matches: Box<dyn Iterator<Item = (Range<usize>, Range<usize>)>> = if spec.group == 0 {
            Box::new(re.find_iter(s).map(|m| (m.range(), m.range())))
        } else {
            Box::new(re.captures_iter(s).filter_map(|c| {
                Some((
                    c.get(0)?.range(),
                    crate::specs::held(&c, spec.group)?.range(),
                ))
            }))
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
            if spec.accepts(text, s, span.start) {
                out.push(Finding {
                    detector: info,
                    span,
                });
            }
        }
    }
    out[start..].sort_by_key(|f| f.span.start);
}

/// Every literal of every literal-gated row, as written in the table: building blocks for
/// the differential tests' random strings.
pub fn literals() -> impl Iterator<Item = &'static str> {
    SPECS
        .iter()
        .flat_map(|s| match s.gate {
            Gate::Literals(lits) => lits,
            _ => &[],
        })
        .copied()
}
