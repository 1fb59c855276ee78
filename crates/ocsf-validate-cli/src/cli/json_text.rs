//! Bytes of text tested eight at a time, in the lanes of a `u64`, without a parser: where the
//! plain run of a JSON string ends (for the writer of JSON lines, which escapes what it finds,
//! and the scanner that locates members in an event, which skips strings as serde_json does),
//! and whether a token of the human format's excerpts is printable ASCII.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `v` below `n` (at most 0x80), exact for the lowest such byte:
/// a borrow runs only up from a byte that sets it, so a byte above the lowest may be flagged
/// by mistake, never one below it.
fn less_than(v: u64, n: u64) -> u64 {
    v.wrapping_sub(ONES * n) & !v & HIGH
}

/// The eight bytes of `chunk` (at most eight) as a word, padded with `pad`.
fn word(chunk: &[u8], pad: u8) -> u64 {
    let mut w = [pad; 8];
    w[..chunk.len()].copy_from_slice(chunk);
    u64::from_le_bytes(w)
}

/// The index of the first byte JSON must escape (a control character, `"` or `\\`), tested
/// eight bytes at a time with the classic "has a byte less than" trick, which sets the high
/// bit of a byte below `n`. Flipping bit 1 of every byte maps `"` (0x22) to 0x20 and keeps
/// the control characters below 0x20, while no other byte lands below 0x21: one test finds
/// both, a second the backslash (a byte of 0 after `^ '\\'`). The last partial word is
/// padded with a byte that needs no escape, so it is one test too.
pub(crate) fn first_to_escape(bytes: &[u8]) -> Option<usize> {
    let hits =
        |v: u64| less_than(v ^ (ONES * 0x02), 0x21) | less_than(v ^ (ONES * u64::from(b'\\')), 1);
    // The tricks can flag a byte after a real hit, never before it: the lowest flagged byte is
    // the first to escape.
    let lowest = |hits: u64| (hits.trailing_zeros() / 8) as usize;
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let h = hits(word(chunk, 0));
        if h != 0 {
            return Some(at + lowest(h));
        }
        at += 8;
    }
    let h = hits(word(chunks.remainder(), b'a'));
    (h != 0).then(|| at + lowest(h))
}

/// Whether every byte of `bytes` is printable ASCII (`0x20..0x7f`): a byte below 0x20 is
/// [`less_than`] it, a byte from 0x7f on has its top bit set in `v + 0x01…` or in `v`. The
/// last partial word is padded with a printable byte.
pub(crate) fn printable_ascii(bytes: &[u8]) -> bool {
    let bad = |v: u64| less_than(v, 0x20) | (v.wrapping_add(ONES) | v) & HIGH;
    let mut chunks = bytes.chunks_exact(8);
    chunks.all(|chunk| bad(word(chunk, 0)) == 0) && bad(word(chunks.remainder(), b'a')) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time search finds the same first byte as the plain one, wherever it is:
    /// every byte at every place of the first words, alone and before each byte that needs an
    /// escape (a borrow from a lower byte must not hide or invent a hit).
    #[test]
    fn the_first_byte_to_escape_is_found_exactly() {
        let plain = |b: &[u8]| b.iter().position(|&c| c < 0x20 || c == b'"' || c == b'\\');
        for len in 0..20 {
            for at in 0..=len {
                for special in 0..=255u8 {
                    for later in [None, Some(0x00u8), Some(0x1f), Some(b'"'), Some(b'\\')] {
                        let mut s: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
                        if at < len {
                            s[at] = special;
                        }
                        if let Some(b) = later.filter(|_| at + 1 < len) {
                            s[len - 1] = b;
                        }
                        assert_eq!(first_to_escape(&s), plain(&s), "{s:?}");
                    }
                }
            }
        }
    }

    /// The word test says what a test of each byte says, for every byte at every place of a
    /// word and after it, amid printable bytes and next to the bytes at the edges of the range.
    #[test]
    fn printable_ascii_is_the_byte_test() {
        for fill in [b'a', b' ', b'~', 0x1f, 0x7f, 0xff] {
            for b in 0..=255u8 {
                for at in 0..12 {
                    let mut bytes = [fill; 12];
                    bytes[at] = b;
                    for len in at + 1..=12 {
                        let text = &bytes[..len];
                        let expected = text.iter().all(|c| (0x20..0x7f).contains(c));
                        assert_eq!(printable_ascii(text), expected, "{text:?}");
                    }
                }
            }
        }
    }
}
