//! The engine behind [`crate::detect_into`]: which rows of the table run their regex on a
//! string, and what they report.
//!
//! # The gate
//!
//! A row runs its regex only when its gate (`specs::Gate`) opens:
//!
//! - `Literals`: one of its literals occurs in the string, in exactly its case for token
//!   formats (rows that reveal a prefix) and in any ASCII case for context keywords;
//! - `Digits(n)`: the string has at least `n` ASCII digits (unless the options skip the
//!   numeric rows);
//! - `Shape(f)`: `f` holds for the string.
//!
//! All the literals of the table, lower-cased and without duplicates, form one ASCII
//! case-insensitive Aho-Corasick DFA, walked byte by byte in one pass that also counts the
//! digits. The walk is overlapping: at every position the DFA's state lists every pattern
//! that ends there, so every occurrence of every pattern is seen, including a literal inside
//! another (`sk-` in `sk-ant-`, `key` in `secret_access_key`). Each pattern knows the rows
//! it opens: the rows whose literal it is in any case open at once; a row whose literal must
//! match in its case opens when the bytes of the occurrence equal that literal. A literal
//! occurs case-sensitively exactly when its lower-cased form occurs case-insensitively at
//! the same place and the bytes there are the literal, so each row opens on exactly the
//! strings it opened on with the two automata (exact-case and case-insensitive) before.
//!
//! Two cheaper tests then only remove work that could not report anything:
//!
//! - a row the options do not allow is never opened (it never reported anyway), and its shape
//!   test does not run;
//! - the digit-gated rows open together on most strings with digits (hashes, UUIDs, times),
//!   and their regexes all fail there. So before they run, one [`RegexSet`] of their regexes
//!   is asked which of them could report, and only those open. A bounded row reports only a match with no
//!   letter, digit or `_` on either side, so its regex enters the set between
//!   `(?:^|[^A-Za-z0-9_])` and `(?:$|[^A-Za-z0-9_])` (a multi-byte character counts as
//!   non-word in both); other rows' regexes enter as they are. A row whose pattern in the
//!   set does not match cannot report, and does not run. The set is first asked only whether
//!   anything matches (which stops early, and is all most strings need), then which.
//!
//! A row whose gate opened runs exactly as before: every match of its regex in order, the
//! word-boundary test of bounded rows, the overlap test against the findings of earlier rows,
//! then its check; capture rows first ask `is_match`, so that a string without a match costs
//! no capture buffer. Rows run in table order and the findings are sorted by start, stably,
//! as before. `tests/differential.rs` compares the result with the engine before this one
//! (`crate::reference`) under every option set.
//!
//! A new row needs nothing here: its literals join the automaton, its digit gate joins the
//! set, its shape test runs.

use std::ops::{BitOrAssign, Range};
use std::sync::{LazyLock, OnceLock};

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};
use regex::{Regex, RegexSet};

use crate::specs::{Gate, SPECS};
use crate::{Category, Finding, Options};

/// A set of rows of [`SPECS`], by index.
#[derive(Clone, Copy, Default)]
struct Rows([u64; Rows::WORDS]);

impl Rows {
    const WORDS: usize = SPECS.len().div_ceil(64);

    fn insert(&mut self, row: usize) {
        self.0[row / 64] |= 1 << (row % 64);
    }
    fn contains(&self, row: usize) -> bool {
        self.0[row / 64] & (1 << (row % 64)) != 0
    }
    fn is_empty(&self) -> bool {
        self.0.iter().all(|&w| w == 0)
    }
    fn and(mut self, other: Rows) -> Rows {
        self.0.iter_mut().zip(other.0).for_each(|(a, b)| *a &= b);
        self
    }
    /// The rows in table order.
    fn iter(self) -> impl Iterator<Item = usize> {
        self.0.into_iter().enumerate().flat_map(|(k, mut word)| {
            std::iter::from_fn(move || {
                let bit = word.trailing_zeros() as usize;
                word &= word.wrapping_sub(1);
                (bit < 64).then_some(k * 64 + bit)
            })
        })
    }
}

impl BitOrAssign for Rows {
    fn bitor_assign(&mut self, other: Rows) {
        self.0.iter_mut().zip(other.0).for_each(|(a, b)| *a |= b);
    }
}

impl FromIterator<usize> for Rows {
    fn from_iter<I: IntoIterator<Item = usize>>(rows: I) -> Rows {
        let mut set = Rows::default();
        rows.into_iter().for_each(|r| set.insert(r));
        set
    }
}

/// What an occurrence of one pattern of the automaton opens.
#[derive(Default)]
struct Opens {
    /// The rows whose literal this is, in any case.
    rows: Rows,
    /// The rows whose literal must occur in its own case, with that literal.
    exact: Vec<(usize, &'static str)>,
}

type ShapeTest = fn(&str) -> bool;

struct Engine {
    /// Every literal of the table, lower-cased and without duplicates, matched ASCII
    /// case-insensitively; `opens` is indexed by its patterns.
    literals: DFA,
    opens: Vec<Opens>,
    /// Rows and their minimum digit count.
    digit_gated: Vec<(usize, usize)>,
    shape_gated: Vec<(usize, ShapeTest)>,
    /// The rows an option set may report, by `[strict][secrets_only]`.
    allowed: [[Rows; 2]; 2],
    /// The digit-gated rows' regexes as the module documentation says, by `strict`.
    /// With the row of each of the set's patterns.
    numeric: [OnceLock<(RegexSet, Vec<usize>)>; 2],
    regexes: Vec<OnceLock<Regex>>,
}

static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    let mut patterns: Vec<String> = Vec::new();
    let mut opens: Vec<Opens> = Vec::new();
    let mut digit_gated = Vec::new();
    let mut shape_gated = Vec::new();
    for (row, spec) in SPECS.iter().enumerate() {
        match spec.gate {
            Gate::Literals(lits) => {
                for &lit in lits {
                    let key = lit.to_ascii_lowercase();
                    let p = patterns.iter().position(|p| *p == key).unwrap_or_else(|| {
                        patterns.push(key);
                        opens.push(Opens::default());
                        patterns.len() - 1
                    });
                    // Token formats have a fixed-case prefix; context keywords come in any case.
                    if spec.info.reveal > 0 {
                        opens[p].exact.push((row, lit));
                    } else {
                        opens[p].rows.insert(row);
                    }
                }
            }
            Gate::Digits(n) => digit_gated.push((row, n)),
            Gate::Shape(f) => shape_gated.push((row, f)),
        }
    }
    let literals = DFA::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .start_kind(StartKind::Unanchored)
        // The walk below steps the DFA itself; a prefilter would go unused.
        .prefilter(false)
        .build(&patterns)
        .expect("detector literals build an automaton");
    let allowed = [false, true].map(|strict| {
        [false, true].map(|secrets_only| {
            SPECS
                .iter()
                .enumerate()
                .filter(|(_, s)| strict || !s.info.strict_only)
                .filter(|(_, s)| !(secrets_only && s.info.category == Category::Pii))
                .map(|(row, _)| row)
                .collect()
        })
    });
    Engine {
        literals,
        opens,
        digit_gated,
        shape_gated,
        allowed,
        numeric: [OnceLock::new(), OnceLock::new()],
        regexes: SPECS.iter().map(|_| OnceLock::new()).collect(),
    }
});

impl Engine {
    fn regex(&self, row: usize) -> &Regex {
        self.regexes[row].get_or_init(|| {
            Regex::new(SPECS[row].re).unwrap_or_else(|e| panic!("{}: {e}", SPECS[row].info.id))
        })
    }

    /// The digit-gated rows' regexes, each bounded row's between non-word characters, for the
    /// rows allowed with `strict` (digit gates are shut under `secrets_only`).
    fn numeric(&self, strict: bool) -> &(RegexSet, Vec<usize>) {
        self.numeric[usize::from(strict)].get_or_init(|| {
            let allowed = self.allowed[usize::from(strict)][0];
            let rows: Vec<usize> = self
                .digit_gated
                .iter()
                .map(|&(row, _)| row)
                .filter(|&row| allowed.contains(row))
                .collect();
            let set = RegexSet::new(rows.iter().map(|&row| {
                let spec = &SPECS[row];
                if spec.bounded {
                    format!("(?:^|[^A-Za-z0-9_])(?:{})(?:$|[^A-Za-z0-9_])", spec.re)
                } else {
                    spec.re.to_owned()
                }
            }))
            .expect("the digit-gated regexes build a set");
            (set, rows)
        })
    }

    /// The rows whose literal gate opens on `s`, and the count of ASCII digits in `s`.
    fn literal_gate(&self, s: &str) -> (Rows, usize) {
        let bytes = s.as_bytes();
        let mut open = Rows::default();
        let mut scan = Scan::new(&self.literals, bytes);
        for (pattern, end) in &mut scan {
            let o = &self.opens[pattern];
            open |= o.rows;
            for &(row, lit) in &o.exact {
                if &bytes[end - lit.len()..end] == lit.as_bytes() {
                    open.insert(row);
                }
            }
        }
        (open, scan.digits)
    }

    /// The rows that run on `s` under `opts`: the allowed rows whose gate opens, less the
    /// digit-gated ones when none of them can report.
    fn gate(&self, s: &str, opts: Options) -> Rows {
        let allowed = self.allowed[usize::from(opts.strict)][usize::from(opts.secrets_only)];
        let (mut open, digits) = self.literal_gate(s);
        if !opts.secrets_only && !opts.skip_numeric {
            let mut numeric = Rows::default();
            for &(row, n) in &self.digit_gated {
                if digits >= n {
                    numeric.insert(row);
                }
            }
            let numeric = numeric.and(allowed);
            if !numeric.is_empty() {
                let (set, rows) = self.numeric(opts.strict);
                // Most strings match none: `is_match` stops early and is cheaper than
                // `matches`, which is asked only then.
                if set.is_match(s) {
                    for p in set.matches(s).iter() {
                        if numeric.contains(rows[p]) {
                            open.insert(rows[p]);
                        }
                    }
                }
            }
        }
        for &(row, shape) in &self.shape_gated {
            if allowed.contains(row) && shape(s) {
                open.insert(row);
            }
        }
        open.and(allowed)
    }
}

/// An overlapping walk of the literal automaton over a string: every occurrence of every
/// pattern, as `(pattern, end)`, and the count of ASCII digits once the walk is over.
struct Scan<'a> {
    dfa: &'a DFA,
    bytes: &'a [u8],
    sid: StateID,
    at: usize,
    /// How many of the matches of state `sid` are reported.
    reported: usize,
    digits: usize,
}

impl<'a> Scan<'a> {
    fn new(dfa: &'a DFA, bytes: &'a [u8]) -> Scan<'a> {
        let sid = dfa
            .start_state(Anchored::No)
            .expect("the automaton is unanchored");
        Scan {
            dfa,
            bytes,
            sid,
            at: 0,
            reported: 0,
            digits: 0,
        }
    }
}

impl Iterator for Scan<'_> {
    type Item = (usize, usize);

    #[inline]
    fn next(&mut self) -> Option<(usize, usize)> {
        let dfa = self.dfa;
        if self.reported > 0 && self.reported < dfa.match_len(self.sid) {
            self.reported += 1;
            let p = dfa.match_pattern(self.sid, self.reported - 1);
            return Some((p.as_usize(), self.at));
        }
        // A tight loop: the state and counters stay in registers until a match.
        let (mut sid, mut at, mut digits) = (self.sid, self.at, self.digits);
        while let Some(&b) = self.bytes.get(at) {
            at += 1;
            digits += usize::from(b.is_ascii_digit());
            sid = dfa.next_state(Anchored::No, sid, b);
            if dfa.is_special(sid) && dfa.is_match(sid) {
                (self.sid, self.at, self.digits, self.reported) = (sid, at, digits, 1);
                return Some((dfa.match_pattern(sid, 0).as_usize(), at));
            }
        }
        (self.sid, self.at, self.digits, self.reported) = (sid, at, digits, 0);
        None
    }
}

/// Strings shorter than this cannot hold any detected format.
const MIN_LEN: usize = 8;

fn is_word(b: Option<&u8>) -> bool {
    b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

pub(crate) fn detect_into(s: &str, opts: Options, out: &mut Vec<Finding>) {
    if s.len() < MIN_LEN {
        return;
    }
    let engine = &*ENGINE;
    let open = engine.gate(s, opts);
    if open.is_empty() {
        return;
    }
    let start = out.len();
    let bytes = s.as_bytes();
    for row in open.iter() {
        let spec = &SPECS[row];
        let mut consider = |whole: Range<usize>, span: Range<usize>| {
            if spec.bounded
                && (is_word(bytes[..whole.start].last()) || is_word(bytes.get(whole.end)))
            {
                return;
            }
            if out[start..]
                .iter()
                .any(|f| f.span.start < span.end && span.start < f.span.end)
            {
                return;
            }
            if (spec.check)(&s[span.clone()], s, span.start) {
                out.push(Finding {
                    detector: &spec.info,
                    span,
                });
            }
        };
        let re = engine.regex(row);
        if spec.group == 0 {
            for m in re.find_iter(s) {
                consider(m.range(), m.range());
            }
        } else if re.is_match(s) {
            // Capture groups cost a slower engine and a buffer: only on a string with a match.
            for c in re.captures_iter(s) {
                if let (Some(whole), Some(span)) = (c.get(0), c.get(spec.group)) {
                    consider(whole.range(), span.range());
                }
            }
        }
    }
    out[start..].sort_by_key(|f| f.span.start);
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The literal gate by its definition: a token literal occurs in its case, a keyword in
    /// any ASCII case.
    fn literal_gate_by_definition(s: &str) -> Vec<usize> {
        let lower = s.to_ascii_lowercase();
        let occurs = |reveal: usize, lit: &str| match reveal {
            0 => lower.contains(&lit.to_ascii_lowercase()),
            _ => s.contains(lit),
        };
        (0..SPECS.len())
            .filter(|&row| match SPECS[row].gate {
                Gate::Literals(lits) => lits.iter().any(|l| occurs(SPECS[row].info.reveal, l)),
                _ => false,
            })
            .collect()
    }

    fn literals() -> Vec<&'static str> {
        crate::reference::literals().collect()
    }

    #[test]
    fn literals_inside_literals_open_their_rows() {
        for s in [
            "sk-ant-api03",
            "my_secret_access_key",
            "-----BEGIN OPENSSH PRIVATE KEY-----",
        ] {
            let (open, _) = ENGINE.literal_gate(s);
            assert_eq!(
                open.iter().collect::<Vec<_>>(),
                literal_gate_by_definition(s),
                "{s}"
            );
        }
        // Every literal alone, and in the other case.
        for lit in literals() {
            for s in [
                lit.to_owned(),
                lit.to_ascii_uppercase(),
                lit.to_ascii_lowercase(),
            ] {
                let (open, _) = ENGINE.literal_gate(&s);
                assert_eq!(
                    open.iter().collect::<Vec<_>>(),
                    literal_gate_by_definition(&s),
                    "{s}"
                );
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn the_literal_gate_opens_by_its_definition(
            pieces in prop::collection::vec(
                prop_oneof![
                    (prop::sample::select(literals()), any::<u64>()).prop_map(|(l, flips)| {
                        l.chars()
                            .enumerate()
                            .map(|(i, c)| if flips >> (i % 64) & 1 == 1 { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() })
                            .collect::<String>()
                    }),
                    prop::sample::select(literals()).prop_map(str::to_owned),
                    "[A-Za-z0-9_.:/@~ -]{0,6}",
                    "\\PC{0,3}",
                ],
                0..12,
            )
        ) {
            let s = pieces.concat();
            let (open, digits) = ENGINE.literal_gate(&s);
            prop_assert_eq!(open.iter().collect::<Vec<_>>(), literal_gate_by_definition(&s));
            prop_assert_eq!(digits, s.bytes().filter(u8::is_ascii_digit).count());
        }
    }
}
