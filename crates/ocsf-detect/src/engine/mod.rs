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
//! - `Shape(min, f)`: the string has at least `min` bytes and `f` holds for it.
//!
//! All the literals of the table, lower-cased and without duplicates, form one ASCII
//! case-insensitive Aho-Corasick DFA. The walk is overlapping: at every position the DFA's
//! state lists every pattern that ends there, so every occurrence of every pattern is seen,
//! including a literal inside another (`sk-` in `sk-ant-`, `key` in `secret_access_key`).
//! Each pattern knows the rows it opens: the rows whose literal it is in any case open at
//! once; a row whose literal must match in its case opens when the bytes of the occurrence
//! equal that literal. A literal occurs case-sensitively exactly when its lower-cased form
//! occurs case-insensitively at the same place and the bytes there are the literal, so each
//! row opens on exactly the strings it opened on with the two automata (exact-case and
//! case-insensitive) before.
//!
//! The walk does not step the DFA through its API but a copy of it as a flat table (`Walk`),
//! built once from the DFA's own transitions: one column per byte that occurs in a literal
//! (upper and lower case share one), one for every other byte (they all lead where any of
//! them does), 64 columns a row, states as row offsets, the states where some pattern ends in
//! the upper half of the table. A step is a table lookup with no bounds check (the index is
//! masked into the table's power-of-two length); eight steps are taken before one test of
//! the bit that marks an ending state, and only when it is set are those bytes walked again
//! one by one to find where. What each ending state opens (the union of its patterns' rows,
//! and their exact-case literals) is gathered when the table is built. The digits are
//! counted apart, sixteen bytes at a time, and only when the digit-gated rows may run.
//!
//! Three cheaper tests then only remove work that could not report anything:
//!
//! - a row the options do not allow is never opened (it never reported anyway), and its shape
//!   test does not run;
//! - the digit-gated rows open together on most strings with digits (hashes, UUIDs, times),
//!   and their regexes all fail there. So before they run, one [`RegexSet`] of their regexes
//!   is asked which of them could report, and only those open. A bounded row reports only a
//!   match with no letter, digit or `_` on either side, so its regex enters the set between
//!   `(?:^|[^A-Za-z0-9_])` and `(?:$|[^A-Za-z0-9_])` (a multi-byte character counts as
//!   non-word in both); other rows' regexes enter as they are. A row whose pattern in the
//!   set does not match cannot report, and does not run. The set is first asked only whether
//!   anything matches (which stops early, and is all most strings need), then which;
//! - before the set, without `strict`, a necessary condition for any digit-gated row to match
//!   (`Numeric`, an automaton over five kinds of bytes): the string has an ASCII upper-case
//!   letter or a `+`, or 14 word characters (`[A-Za-z0-9_]`) in a row, or 9 digits in one run
//!   of digits and the separators ` -.(),/`. Every digit-gated row's regex (other than the
//!   strict-only IPv4 one, which is why `strict` skips this test) needs one of them:
//!   - IBAN, Spanish DNI/NIE, codice fiscale, NRIC, National Insurance number and postal code
//!     with city: an upper-case letter in every alternative;
//!   - bitcoin addresses: 26 to 35 base58 characters, or `bc1` and 11 or more bech32
//!     characters, all word characters; Chinese resident ids: 18 of them;
//!   - phone numbers: a `+` (E.164), or one of the national formats, all of whose characters
//!     are digits and ` ().-` and which have at least 9 digits;
//!   - card numbers (13 digits or more), SSN, ITIN and Canadian SIN (9), CPF and Belgian
//!     national number (11), Swedish personnummer (10, with `-` or `+`), Aadhaar (12),
//!     coordinates (10) and the forms of the French NIR (15) and Finnish HETU (10) without
//!     letters: digits and separators only; their forms with letters have upper-case ones.
//!
//!   `tests` lists the rows this was shown for, so that a new digit-gated row fails a test
//!   until it is added here (or the condition widened).
//!
//! A row whose gate opened runs exactly as before: every match of its regex in order, the
//! word-boundary test of bounded rows, the overlap test against the findings of earlier rows,
//! then its check; capture rows first ask `is_match`, so that a string without a match costs
//! no capture buffer. Rows run in table order and the findings are sorted by start, stably,
//! as before. `tests/differential.rs` compares the result with the engine before this one
//! (`crate::reference`) under every option set.
//!
//! A new row needs little here: its literals join the automaton, its digit gate joins the
//! set (and must be added to the `Numeric` condition above), its shape test runs.
//!
//! # ASCII forms
//!
//! A regex is compiled only when a string first opens its row, and most of a short run's time
//! went there: the rows' Unicode classes under bounded repetition (`[^\s:]{1,64}`) compile to
//! large automata, and the lazy DFA then builds its states from them. Nearly every value is
//! ASCII, and on an ASCII string a pattern matches exactly what it matches with each of its
//! classes cut down to its ASCII members: a non-ASCII member can never match there. So each
//! pattern also has an ASCII form (`ascii_form`: parsed, every class intersected with ASCII,
//! printed back; the other parts, case folding already expanded into classes, are kept),
//! whose automaton is a fraction of the size; an ASCII string runs each regex and the
//! digit-gated set in that form, any other string the pattern as written. Both are
//! `regex::Regex`es (the crate's bytes regexes were tried: they pick other search strategies,
//! some of them far slower on short strings). `tests` compares the two forms on ASCII strings
//! for every row.

use std::cell::OnceCell;
use std::ops::{BitOrAssign, Range};
use std::sync::{LazyLock, OnceLock};

mod walk;

use aho_corasick::dfa::DFA;
use aho_corasick::{MatchKind, StartKind};
use regex::{Regex, RegexSet};
use regex_syntax::hir::{
    Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
};

use walk::{count_digits, Numeric, Walk};

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
    /// case-insensitively, as a flat table.
    literals: Walk,
    /// The digit-gated rows that open on a string with `n` digits, at `n` (the last entry for
    /// more digits).
    by_digits: Vec<Rows>,
    /// Rows, the least length their test passes, and the test.
    shape_gated: Vec<(usize, usize, ShapeTest)>,
    /// Whether a digit-gated row may match, without `strict`.
    numeric_may: Numeric,
    /// The rows an option set may report, by `[strict][secrets_only]`.
    allowed: [[Rows; 2]; 2],
    /// The digit-gated rows allowed with and without `strict` (digit gates are shut under
    /// `secrets_only`), and the pattern each has in the set, by `strict`: each bounded row's
    /// between non-word characters.
    numeric_patterns: [(Vec<usize>, Vec<String>); 2],
    /// The digit-gated rows' regexes as the module documentation says, by `strict`.
    numeric: [OnceLock<RegexSet>; 2],
    /// The same sets in their ASCII forms, for ASCII strings.
    numeric_ascii: [OnceLock<RegexSet>; 2],
    regexes: Vec<OnceLock<Regex>>,
    /// Each row's regex in its ASCII form, for ASCII strings.
    ascii: Vec<OnceLock<Regex>>,
    /// Each row's pattern as parsed when a string first opens the row.
    parsed: Vec<OnceLock<Parsed>>,
}

/// What a row's pattern says before its regex is compiled.
struct Parsed {
    /// The length of its shortest match, in bytes: a shorter string cannot match. Many rows
    /// open on a keyword alone (`vault` in a host name), and their regexes ask for a value
    /// after it; running a regex that cannot match costs as much as the rest of the gate.
    min_len: usize,
    /// Its ASCII form (module documentation).
    ascii: String,
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
            Gate::Shape(min, f) => shape_gated.push((row, min, f)),
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
    let literals = Walk::new(&literals, &opens, &patterns);
    let most = digit_gated.iter().map(|&(_, n)| n).max().unwrap_or(0);
    let by_digits = (0..=most)
        .map(|d| {
            digit_gated
                .iter()
                .filter(|&&(_, n)| n <= d)
                .map(|&(row, _)| row)
                .collect()
        })
        .collect();
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
    let numeric_patterns =
        [false, true].map(|strict| numeric_patterns(&digit_gated, allowed[usize::from(strict)][0]));
    Engine {
        literals,
        numeric_patterns,
        by_digits,
        numeric_may: Numeric::new(),
        shape_gated,
        allowed,
        numeric: [OnceLock::new(), OnceLock::new()],
        numeric_ascii: [OnceLock::new(), OnceLock::new()],
        regexes: SPECS.iter().map(|_| OnceLock::new()).collect(),
        ascii: SPECS.iter().map(|_| OnceLock::new()).collect(),
        parsed: SPECS.iter().map(|_| OnceLock::new()).collect(),
    }
});

/// `pattern` with each class cut down to its ASCII members (see the module documentation).
fn ascii_form(pattern: &str) -> String {
    ascii_only(parse(pattern)).to_string()
}

fn parse(pattern: &str) -> Hir {
    regex_syntax::Parser::new()
        .parse(pattern)
        .unwrap_or_else(|e| panic!("{pattern}: {e}"))
}

fn ascii_only(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Class(Class::Unicode(mut class)) => {
            class.intersect(&ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7f')]));
            Hir::class(Class::Unicode(class))
        }
        HirKind::Class(Class::Bytes(mut class)) => {
            class.intersect(&ClassBytes::new([ClassBytesRange::new(0, 0x7f)]));
            Hir::class(Class::Bytes(class))
        }
        HirKind::Repetition(mut rep) => {
            rep.sub = Box::new(ascii_only(*rep.sub));
            Hir::repetition(rep)
        }
        HirKind::Capture(mut cap) => {
            cap.sub = Box::new(ascii_only(*cap.sub));
            Hir::capture(cap)
        }
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(ascii_only).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(ascii_only).collect()),
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(lit) => Hir::literal(lit.0),
        HirKind::Look(look) => Hir::look(look),
    }
}

/// The digit-gated rows among `allowed`, and their patterns in the set: each bounded row's
/// between non-word characters.
fn numeric_patterns(digit_gated: &[(usize, usize)], allowed: Rows) -> (Vec<usize>, Vec<String>) {
    digit_gated
        .iter()
        .map(|&(row, _)| row)
        .filter(|&row| allowed.contains(row))
        .map(|row| {
            let spec = &SPECS[row];
            let pattern = if spec.bounded {
                format!("(?:^|[^A-Za-z0-9_])(?:{})(?:$|[^A-Za-z0-9_])", spec.re)
            } else {
                spec.re.to_owned()
            };
            (row, pattern)
        })
        .unzip()
}

/// Each thread's own copies of the regexes it has used. A `Regex` shared by threads hands its
/// search caches out from a pool whose fast path belongs to the first thread that used it;
/// every other thread took a mutex per search (with `--jobs 2`, 1.2% of the run in the pool's
/// slow path and its locks). A clone shares the compiled program and has a pool of its own.
struct Local {
    regexes: Vec<OnceCell<Regex>>,
    ascii: Vec<OnceCell<Regex>>,
    numeric: [OnceCell<RegexSet>; 2],
    numeric_ascii: [OnceCell<RegexSet>; 2],
}

thread_local! {
    static LOCAL: Local = Local {
        regexes: SPECS.iter().map(|_| OnceCell::new()).collect(),
        ascii: SPECS.iter().map(|_| OnceCell::new()).collect(),
        numeric: [OnceCell::new(), OnceCell::new()],
        numeric_ascii: [OnceCell::new(), OnceCell::new()],
    };
}

/// `f` with this thread's copy of row `row`'s regex, in its ASCII form when `ascii` (the
/// string is ASCII).
fn with_regex<R>(engine: &Engine, row: usize, ascii: bool, f: impl FnOnce(&Regex) -> R) -> R {
    LOCAL.with(|local| {
        let re = if ascii {
            local.ascii[row].get_or_init(|| engine.ascii_regex(row).clone())
        } else {
            local.regexes[row].get_or_init(|| engine.regex(row).clone())
        };
        f(re)
    })
}

impl Engine {
    fn regex(&self, row: usize) -> &Regex {
        self.regexes[row].get_or_init(|| {
            Regex::new(SPECS[row].re).unwrap_or_else(|e| panic!("{}: {e}", SPECS[row].info.id))
        })
    }

    /// Row `row`'s regex in its ASCII form.
    fn ascii_regex(&self, row: usize) -> &Regex {
        self.ascii[row].get_or_init(|| {
            Regex::new(&self.parsed(row).ascii)
                .unwrap_or_else(|e| panic!("{} (ASCII form): {e}", SPECS[row].info.id))
        })
    }

    fn parsed(&self, row: usize) -> &Parsed {
        self.parsed[row].get_or_init(|| {
            let hir = parse(SPECS[row].re);
            Parsed {
                // `None`: the pattern matches nothing; 0 keeps it running as it would.
                min_len: hir.properties().minimum_len().unwrap_or(0),
                ascii: ascii_only(hir).to_string(),
            }
        })
    }

    /// The digit-gated rows' regexes as a set (the rows of its patterns are in
    /// `numeric_patterns`).
    fn numeric(&self, strict: bool) -> &RegexSet {
        self.numeric[usize::from(strict)].get_or_init(|| {
            let (_, patterns) = &self.numeric_patterns[usize::from(strict)];
            RegexSet::new(patterns).expect("the digit-gated regexes build a set")
        })
    }

    /// [`Self::numeric`]'s set with each pattern in its ASCII form: its patterns are in the
    /// same order, for the same rows.
    fn numeric_ascii(&self, strict: bool) -> &RegexSet {
        self.numeric_ascii[usize::from(strict)].get_or_init(|| {
            let (_, patterns) = &self.numeric_patterns[usize::from(strict)];
            RegexSet::new(patterns.iter().map(|p| ascii_form(p)))
                .expect("the digit-gated regexes build a set in their ASCII forms")
        })
    }

    /// The rows whose literal gate opens on `s`.
    fn literal_gate(&self, s: &str) -> Rows {
        self.literals.walk(s.as_bytes())
    }

    /// The rows of `numeric` whose pattern in the set matches `s`. A function of its own, so
    /// that the regex engine's frame is paid only where the set runs.
    #[inline(never)]
    fn numeric_rows(&self, s: &str, strict: bool, numeric: Rows) -> Rows {
        let (rows, _) = &self.numeric_patterns[usize::from(strict)];
        let mut open = Rows::default();
        // Most strings match none: `is_match` stops early and is cheaper than `matches`, which
        // is asked only then.
        LOCAL.with(|local| {
            let i = usize::from(strict);
            let set = if s.is_ascii() {
                local.numeric_ascii[i].get_or_init(|| self.numeric_ascii(strict).clone())
            } else {
                local.numeric[i].get_or_init(|| self.numeric(strict).clone())
            };
            if set.is_match(s) {
                for p in set.matches(s).iter() {
                    if numeric.contains(rows[p]) {
                        open.insert(rows[p]);
                    }
                }
            }
        });
        open
    }

    /// The rows that run on `s` under `opts`: the allowed rows whose gate opens, less the
    /// digit-gated ones when none of them can report.
    fn gate(&self, s: &str, opts: Options) -> Rows {
        let allowed = self.allowed[usize::from(opts.strict)][usize::from(opts.secrets_only)];
        let mut open = self.literal_gate(s);
        if !opts.secrets_only && !opts.skip_numeric {
            let digits = count_digits(s.as_bytes());
            let numeric = self.by_digits[digits.min(self.by_digits.len() - 1)].and(allowed);
            if !numeric.is_empty() && (opts.strict || self.numeric_may.may_match(s.as_bytes())) {
                open |= self.numeric_rows(s, opts.strict, numeric);
            }
        }
        for &(row, min, shape) in &self.shape_gated {
            if s.len() >= min && allowed.contains(row) && shape(s) {
                open.insert(row);
            }
        }
        open.and(allowed)
    }
}

/// Strings shorter than this cannot hold any detected format.
pub(crate) const MIN_LEN: usize = 8;

fn is_word(b: Option<&u8>) -> bool {
    b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

pub(crate) fn detect_into(s: &str, opts: Options, out: &mut Vec<Finding>) {
    if s.len() < MIN_LEN {
        return;
    }
    let engine = &*ENGINE;
    let open = engine.gate(s, opts);
    if !open.is_empty() {
        run(engine, open, s, out);
    }
}

/// The rows of `open` run on `s`, in table order. A function of its own: most strings open
/// none, and do not pay for its frame.
#[inline(never)]
fn run(engine: &Engine, open: Rows, s: &str, out: &mut Vec<Finding>) {
    let start = out.len();
    let bytes = s.as_bytes();
    let ascii = s.is_ascii();
    let mut earlier = Earlier::default();
    for row in open.iter() {
        if bytes.len() < engine.parsed(row).min_len {
            continue;
        }
        let spec = &SPECS[row];
        // A row's own matches never overlap one another (a regex's matches do not): only the
        // earlier rows' findings can take a span.
        earlier.update(&mut out[start..]);
        let mut consider = |whole: Range<usize>, span: Range<usize>| {
            if spec.bounded
                && (is_word(bytes[..whole.start].last()) || is_word(bytes.get(whole.end)))
            {
                return;
            }
            if earlier.overlaps(&out[start..], &span) {
                return;
            }
            if spec.accepts(&s[span.clone()], s, span.start) {
                out.push(Finding {
                    detector: &spec.info,
                    span,
                });
            }
        };
        with_regex(engine, row, ascii, |re| {
            if spec.group == 0 {
                for m in re.find_iter(s) {
                    consider(m.range(), m.range());
                }
            } else if re.is_match(s) {
                // Capture groups cost a slower engine and a buffer: only on a string with a
                // match.
                for c in re.captures_iter(s) {
                    if let (Some(whole), Some(span)) =
                        (c.get(0), crate::specs::held(&c, spec.group))
                    {
                        consider(whole.range(), span.range());
                    }
                }
            }
        });
    }
    out[start..].sort_by_key(|f| f.span.start);
}

/// The findings of the rows run so far, sorted by start, with the largest end up to each, so
/// that whether a span overlaps any of them is a binary search: a value of a million email
/// addresses tested each match against every finding before it (quadratic: 2 MB took a
/// second, 16 MB would take a minute).
#[derive(Default)]
struct Earlier {
    /// How many of the findings are indexed.
    len: usize,
    /// `max_end[i]`: the largest end among the first `i + 1` findings, by start.
    max_end: Vec<usize>,
}

impl Earlier {
    /// Indexes `found` (the findings so far; sorted here by start, stably, as `run` leaves
    /// them at its end anyway).
    fn update(&mut self, found: &mut [Finding]) {
        if found.len() == self.len {
            return;
        }
        found.sort_by_key(|f| f.span.start);
        self.max_end.clear();
        let mut most = 0;
        self.max_end.extend(found.iter().map(|f| {
            most = most.max(f.span.end);
            most
        }));
        self.len = found.len();
    }

    /// Whether `span` overlaps one of the first `self.len` findings of `found`.
    fn overlaps(&self, found: &[Finding], span: &Range<usize>) -> bool {
        let before = found[..self.len].partition_point(|f| f.span.start < span.end);
        before > 0 && self.max_end[before - 1] > span.start
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The literal gate by its definition: a token literal occurs in its case, a keyword in
    /// any ASCII case.
    fn literal_gate_by_definition(s: &str) -> Vec<usize> {
        literal_gate_of_bytes(s.as_bytes())
    }

    fn literal_gate_of_bytes(s: &[u8]) -> Vec<usize> {
        let contains = |hay: &[u8], lit: &[u8]| hay.windows(lit.len()).any(|w| w == lit);
        let lower = s.to_ascii_lowercase();
        let occurs = |reveal: usize, lit: &str| match reveal {
            0 => contains(&lower, lit.to_ascii_lowercase().as_bytes()),
            _ => contains(s, lit.as_bytes()),
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
            let open = ENGINE.literal_gate(s);
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
                let open = ENGINE.literal_gate(&s);
                assert_eq!(
                    open.iter().collect::<Vec<_>>(),
                    literal_gate_by_definition(&s),
                    "{s}"
                );
            }
        }
    }

    /// Every byte before, after and inside every literal, in both cases: the table's columns
    /// stand for their bytes in every state the literals lead to.
    #[test]
    fn every_byte_next_to_every_literal_walks_as_the_automaton() {
        for lit in literals() {
            for case in [lit.to_ascii_lowercase(), lit.to_ascii_uppercase()] {
                let lit = case.as_bytes();
                for b in 0..=255u8 {
                    let mid = lit.len() / 2;
                    for s in [
                        [&[b][..], lit].concat(),
                        [lit, &[b][..]].concat(),
                        [&lit[..mid], &[b][..], &lit[mid..], &[b][..], lit].concat(),
                    ] {
                        assert_eq!(
                            ENGINE.literals.walk(&s).iter().collect::<Vec<_>>(),
                            literal_gate_of_bytes(&s),
                            "{s:?}"
                        );
                    }
                }
            }
        }
    }

    /// The rows `Numeric` was proven for (module documentation): a new digit-gated row must be
    /// added to the proof, or make the condition wider.
    #[test]
    fn the_numeric_condition_covers_every_digit_gated_row() {
        // Under `strict` every digit-gated row is allowed.
        let ids: Vec<&str> = ENGINE.numeric_patterns[1]
            .0
            .iter()
            .map(|&row| SPECS[row].info.id)
            .collect();
        assert_eq!(
            ids,
            [
                "payment_card",
                "iban",
                "us_ssn",
                "us_itin",
                "ca_sin",
                "br_cpf",
                "fr_nir",
                "es_dni",
                "se_personnummer",
                "fi_hetu",
                "in_aadhaar",
                "geo_coordinates",
                "bitcoin_address",
                "postal_code_city",
                "it_codice_fiscale",
                "cn_resident_id",
                "sg_nric",
                "be_national_number",
                "phone_number",
                "uk_nino",
                "ipv4_address",
            ]
        );
    }

    /// Strings of the digit-gated formats: each may match.
    #[test]
    fn numeric_formats_may_match() {
        let set = ENGINE.numeric(false);
        for s in [
            "4111 1111 1111 1111",
            "card 4111-1111-1111-1111.",
            "123-45-6789",
            "ssn 123 45 6789",
            "(555) 234-5678",
            "555.234.5678",
            "06 12 34 56 78",
            "612 34 56 78",
            "52.5200, 13.4050",
            "85.01.01-123.45",
            "811228-9874",
            "131052-308T",
            "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
            "11010519491231002x",
            "1 85 05 2A 001 123 45",
            "2345 6789 0123",
        ] {
            assert!(set.is_match(s), "{s}");
            assert!(ENGINE.numeric_may.may_match(s.as_bytes()), "{s}");
        }
        for s in [
            "914d35ee-c218-11ee-845d-0242ac110005",
            "v1.21.2-eks-55daa9d",
            "/richmond/rug/imposed.tax2016",
            "ip-10-0-0-1.ec2.internal",
        ] {
            assert!(!ENGINE.numeric_may.may_match(s.as_bytes()), "{s}");
        }
    }

    #[test]
    fn digits_are_counted_in_every_length_and_alignment() {
        let text: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
        for n in 0..600 {
            for s in [&text[..n], &text[n..n + 700], &vec![b'7'; n][..]] {
                let by_byte = s.iter().filter(|b| b.is_ascii_digit()).count();
                assert_eq!(count_digits(s), by_byte, "{s:?}");
            }
        }
        assert_eq!(count_digits(&vec![b'1'; 4100]), 4100);
        assert_eq!(
            count_digits(&text),
            text.iter().filter(|b| b.is_ascii_digit()).count()
        );
    }

    /// `(whole, span)` of each match of row `row`'s regex in `s`, in the given form.
    fn matches_of(row: usize, ascii: bool, s: &str) -> Vec<(Range<usize>, Range<usize>)> {
        let group = SPECS[row].group;
        with_regex(&ENGINE, row, ascii, |re| {
            re.captures_iter(s)
                .filter_map(|c| Some((c.get(0)?.range(), crate::specs::held(&c, group)?.range())))
                .collect()
        })
    }

    /// The ASCII form keeps what can match an ASCII string, and only that.
    #[test]
    fn ascii_forms_cut_classes_to_ascii() {
        assert_eq!(
            ascii_form(r"[^\s:]"),
            ascii_form(r"[\x00-\x08\x0e-\x1f!-9;-\x7f]")
        );
        let email = Regex::new(&ascii_form(r"(?i)[\w.]+@k\.example")).unwrap();
        assert!(email.is_match("Ab_9.c@K.example"));
        // Non-ASCII members are gone: the Kelvin sign folds to `k`, `é` is a word character.
        assert!(!email.is_match("a@\u{212a}.example"));
        assert!(!email.is_match("é@k.example"));
        assert!(Regex::new(&ascii_form(r"\bkey\b"))
            .unwrap()
            .is_match("a key."));
    }

    /// A row's literals, in random case, with the digits, separators and text its patterns are
    /// made of, ASCII only.
    fn ascii_text_for(row: usize) -> impl Strategy<Value = String> {
        let literals: Vec<&'static str> = match SPECS[row].gate {
            Gate::Literals(lits) => lits.to_vec(),
            _ => vec!["password", "://", "@"],
        };
        prop::collection::vec(
            prop_oneof![
                (prop::sample::select(literals), any::<u64>()).prop_map(|(l, flips)| {
                    l.chars()
                        .enumerate()
                        .map(|(i, c)| {
                            if flips >> (i % 64) & 1 == 1 {
                                c.to_ascii_uppercase()
                            } else {
                                c
                            }
                        })
                        .collect::<String>()
                }),
                "[0-9]{1,12}",
                "[ \t\n:=/@.,;'\"()+#?&_~-]{1,2}",
                "[A-Za-z0-9]{1,40}",
                "[A-Za-z0-9+/_-]{20,70}",
                "[\x00-\x7f]{1,8}",
            ],
            0..12,
        )
        .prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        /// On ASCII strings, each row's regex in its ASCII form finds what the pattern as
        /// written finds: the same matches and capture spans, none shorter than the row's
        /// shortest match.
        #[test]
        fn ascii_forms_match_as_written_on_ascii(
            (row, s) in (0..SPECS.len()).prop_flat_map(|row| (Just(row), ascii_text_for(row)))
        ) {
            let found = matches_of(row, false, &s);
            prop_assert_eq!(matches_of(row, true, &s), found.clone(), "{}", SPECS[row].info.id);
            // No match is shorter than the length below which `run` skips the row.
            let min_len = ENGINE.parsed(row).min_len;
            prop_assert!(found.iter().all(|(whole, _)| whole.len() >= min_len), "{}", SPECS[row].info.id);
        }

        /// The digit-gated set in its ASCII forms says which rows may report as it does
        /// as written.
        #[test]
        fn the_ascii_numeric_set_matches_as_written(
            s in "[0-9 .,()+/:A-Za-z_-]{0,40}",
            strict in any::<bool>(),
        ) {
            let set = ENGINE.numeric(strict);
            let ascii = ENGINE.numeric_ascii(strict);
            prop_assert_eq!(
                ascii.matches(&s).into_iter().collect::<Vec<_>>(),
                set.matches(&s).into_iter().collect::<Vec<_>>()
            );
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
            let open = ENGINE.literal_gate(&s);
            prop_assert_eq!(open.iter().collect::<Vec<_>>(), literal_gate_by_definition(&s));
            let digits = s.bytes().filter(u8::is_ascii_digit).count();
            prop_assert_eq!(count_digits(s.as_bytes()), digits);
        }

        /// Where a digit-gated row matches, the condition holds.
        #[test]
        fn a_numeric_match_satisfies_the_condition(
            pieces in prop::collection::vec(
                prop_oneof![
                    "[0-9]{1,6}",
                    "[ .,()+-]{1,2}",
                    "[a-z_]{1,4}",
                    "[A-Z]",
                    "[1-9a-km-z]{10,36}",
                    "[/:;#=@]",
                    "\\PC",
                ],
                0..16,
            )
        ) {
            let s = pieces.concat();
            let set = ENGINE.numeric(false);
            prop_assert!(!set.is_match(&s) || ENGINE.numeric_may.may_match(s.as_bytes()), "{}", s);
        }
    }
}
