//! The scans of a string behind the gate (the parent module tells why): the literal automaton as a
//! flat table, the count of digits, and the necessary condition for a digit-gated row.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::Anchored;

use super::{Opens, Rows};

/// Columns per state of [`Walk`]'s table: a byte of some literal (in either ASCII case) has a
/// column of its own, every other byte shares column 0.
const STRIDE: usize = 64;
/// Entries of [`Walk`]'s table before the rows of the states that end a literal: a power of
/// two, whose bit tells such states. The states that end no literal are in this lower part.
const INNER: usize = 1 << 17;
/// The bit of a state's offset that tells it ends some literal.
const ENDS: u32 = INNER as u32;

/// The literal automaton as a flat table of `u32`, walked one byte at a time: a state is the
/// offset of its row, a byte picks the column. The states that end some literal have the bit
/// [`ENDS`], so that one test tells whether anything ended at any of several bytes.
///
/// Each step waits for the one before: the walk runs at the latency of a load (perf puts its
/// samples on the instruction after each load). The table is sized to its states (610 KB)
/// and indexed with a bounds check, whose predicted branch is off that chain; a table masked
/// into a power-of-two length (1 MiB), and `u16` state numbers with rows by shift (180 KB
/// touched instead of 354 KB), measured no different.
pub(super) struct Walk {
    columns: [u8; 256],
    trans: Box<[u32]>,
    start: u32,
    /// What the state `ENDS + k * STRIDE` opens: every pattern that ends in it.
    ends: Vec<Opens>,
}

impl Walk {
    /// The table of `dfa`, built over `patterns` (lower-cased, ASCII case-insensitive, with
    /// standard match semantics), whose pattern `p` opens `opens[p]`.
    pub(super) fn new(dfa: &DFA, opens: &[Opens], patterns: &[String]) -> Walk {
        let mut columns = [0u8; 256];
        let mut width = 1;
        for b in patterns.iter().flat_map(|p| p.bytes()) {
            if columns[usize::from(b)] == 0 {
                columns[usize::from(b)] = width;
                width += 1;
            }
        }
        assert!(
            usize::from(width) <= STRIDE,
            "too many distinct literal bytes"
        );
        for b in b'A'..=b'Z' {
            columns[usize::from(b)] = columns[usize::from(b.to_ascii_lowercase())];
        }
        // A byte standing for each column.
        let mut byte_of = vec![0u8; usize::from(width)];
        for b in (0..=255u8).rev() {
            byte_of[usize::from(columns[usize::from(b)])] = b;
        }
        // Every state reachable from the start, those that end a literal last.
        let start = dfa
            .start_state(Anchored::No)
            .expect("the automaton is unanchored");
        let mut states = vec![start];
        let mut index = std::collections::HashMap::from([(start, 0)]);
        let mut at = 0;
        while at < states.len() {
            for &b in &byte_of {
                let next = dfa.next_state(Anchored::No, states[at], b);
                index.entry(next).or_insert_with(|| {
                    states.push(next);
                    states.len() - 1
                });
            }
            at += 1;
        }
        let (inner, ending): (Vec<StateID>, Vec<StateID>) =
            states.into_iter().partition(|&sid| !dfa.is_match(sid));
        assert!(
            inner.len() * STRIDE <= INNER && ending.len() * STRIDE <= INNER,
            "too many automaton states"
        );
        let place = |i: usize| u32::try_from(i * STRIDE).expect("a state offset fits");
        let offset: std::collections::HashMap<StateID, u32> = (inner.iter().enumerate())
            .map(|(i, &sid)| (sid, place(i)))
            .chain(
                ending
                    .iter()
                    .enumerate()
                    .map(|(i, &sid)| (sid, ENDS + place(i))),
            )
            .collect();
        let mut trans = vec![0; INNER + ending.len() * STRIDE].into_boxed_slice();
        for &sid in inner.iter().chain(&ending) {
            for (column, &b) in byte_of.iter().enumerate() {
                trans[offset[&sid] as usize + column] =
                    offset[&dfa.next_state(Anchored::No, sid, b)];
            }
        }
        let ends = ending
            .iter()
            .map(|&sid| {
                let mut o = Opens::default();
                for k in 0..dfa.match_len(sid) {
                    let p = &opens[dfa.match_pattern(sid, k).as_usize()];
                    o.rows |= p.rows;
                    o.exact.extend(p.exact.iter().copied());
                }
                o
            })
            .collect();
        Walk {
            columns,
            trans,
            start: offset[&start],
            ends,
        }
    }

    /// The rows opened by the literals in `bytes`: an overlapping walk, which sees every
    /// occurrence of every pattern, including a literal inside another.
    #[inline]
    pub(super) fn walk(&self, bytes: &[u8]) -> Rows {
        let mut open = Rows::default();
        let (mut at, mut sid) = (0, self.start);
        loop {
            (at, sid) = self.to_end(bytes, at, sid);
            if sid & ENDS == 0 {
                return open;
            }
            let ends = &self.ends[(sid - ENDS) as usize / STRIDE];
            open |= ends.rows;
            for &(row, lit) in &ends.exact {
                if bytes[at - lit.len()..at] == *lit.as_bytes() {
                    open.insert(row);
                }
            }
            if at == bytes.len() {
                return open;
            }
        }
    }

    /// Walks `bytes` from `at` in state `sid` up to the first byte where a literal ends, and
    /// returns the position after it and the state there; or the end and the state there. A
    /// function of its own, so that the loop keeps everything in registers.
    #[inline(never)]
    fn to_end(&self, bytes: &[u8], mut at: usize, mut sid: u32) -> (usize, u32) {
        let (trans, columns) = (&*self.trans, &self.columns);
        let step = |sid: u32, b: u8| trans[sid as usize + usize::from(columns[usize::from(b)])];
        // Eight bytes at a time, one test for the eight: most strings end no literal.
        for eight in bytes[at..].chunks_exact(8) {
            let mut seen = 0;
            let mut next = sid;
            for &b in eight {
                next = step(next, b);
                seen |= next;
            }
            if seen & ENDS != 0 {
                break;
            }
            (at, sid) = (at + 8, next);
        }
        while let Some(&b) = bytes.get(at) {
            at += 1;
            sid = step(sid, b);
            if sid & ENDS != 0 {
                break;
            }
        }
        (at, sid)
    }
}

/// The count of ASCII digits in `bytes`, eight bytes at a time in the lanes of a `u64`; the
/// bytes after the last whole word are counted in the last eight bytes, shifted so that the
/// ones already counted drop out.
#[inline]
pub(super) fn count_digits(bytes: &[u8]) -> usize {
    use crate::lanes::{within, word};
    /// A byte's top bit where it is an ASCII digit.
    fn digits(x: u64) -> u64 {
        within(x, b'0', b'9')
    }
    /// The sum of the eight lanes (each at most 255).
    fn sum(lanes: u64) -> usize {
        let pairs = (lanes & 0x00ff_00ff_00ff_00ff) + ((lanes >> 8) & 0x00ff_00ff_00ff_00ff);
        (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize
    }
    if bytes.len() < 8 {
        return bytes.iter().filter(|b| b.is_ascii_digit()).count();
    }
    let mut total = 0;
    // A lane counts at most 255 words: a group's, or those of the last group and its last
    // bytes.
    for group in bytes.chunks(8 * 255) {
        let mut words = group.chunks_exact(8);
        let mut lanes = (&mut words).fold(0, |lanes, w| lanes + (digits(word(w)) >> 7));
        let rest = words.remainder().len();
        if rest > 0 {
            let last = word(&bytes[bytes.len() - 8..]) >> (8 * (8 - rest));
            lanes += digits(last) >> 7;
        }
        total += sum(lanes);
    }
    total
}

/// Byte kinds of [`Numeric`]: a byte that ends both runs, a digit, another word character, a
/// separator of numbers, a byte that alone may let a row match.
const OTHER: u8 = 0;
const DIGIT: u8 = 1;
const WORD: u8 = 2;
const SEPARATOR: u8 = 3;
const ALONE: u8 = 4;
/// Digits in one run of digits and separators from which some digit-gated row may match.
const NUMERIC_DIGITS: usize = 9;
/// Word characters in one run from which some digit-gated row may match.
const NUMERIC_WORD: usize = 14;

/// The necessary condition for a digit-gated row to match that the module documentation
/// proves, as an automaton over byte kinds: its state counts the word characters and the
/// digits of the current runs (row `8 * (word * NUMERIC_DIGITS + digits)`), and it stays in
/// its last state, [`Numeric::MAY`], once the condition holds.
pub(super) struct Numeric {
    kinds: [u8; 256],
    trans: [u16; 1024],
}

impl Numeric {
    const MAY: u16 = (8 * NUMERIC_WORD * NUMERIC_DIGITS) as u16;

    pub(super) fn new() -> Numeric {
        let mut kinds = [OTHER; 256];
        for b in 0..=255u8 {
            kinds[usize::from(b)] = match b {
                b'0'..=b'9' => DIGIT,
                b'a'..=b'z' | b'_' => WORD,
                b' ' | b'-' | b'.' | b'(' | b')' | b',' | b'/' => SEPARATOR,
                b'A'..=b'Z' | b'+' => ALONE,
                _ => OTHER,
            };
        }
        let state = |word: usize, digits: usize| {
            if word >= NUMERIC_WORD || digits >= NUMERIC_DIGITS {
                Numeric::MAY
            } else {
                u16::try_from(8 * (word * NUMERIC_DIGITS + digits)).expect("a state fits")
            }
        };
        let mut trans = [Numeric::MAY; 1024];
        for word in 0..NUMERIC_WORD {
            for digits in 0..NUMERIC_DIGITS {
                let from = usize::from(state(word, digits));
                trans[from + usize::from(OTHER)] = state(0, 0);
                trans[from + usize::from(DIGIT)] = state(word + 1, digits + 1);
                trans[from + usize::from(WORD)] = state(word + 1, 0);
                trans[from + usize::from(SEPARATOR)] = state(0, digits);
                trans[from + usize::from(ALONE)] = Numeric::MAY;
            }
        }
        Numeric { kinds, trans }
    }

    /// Whether some digit-gated row allowed without `strict` may match in `bytes`.
    #[inline]
    pub(super) fn may_match(&self, bytes: &[u8]) -> bool {
        let mut state = 0u16;
        for block in bytes.chunks(16) {
            for &b in block {
                let kind = self.kinds[usize::from(b)];
                state = self.trans[(usize::from(state) + usize::from(kind)) & 1023];
            }
            if state == Numeric::MAY {
                return true;
            }
        }
        false
    }
}
