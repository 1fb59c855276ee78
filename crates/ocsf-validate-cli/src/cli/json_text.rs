//! Bytes of JSON text read without a parser: where the plain run of a string ends. Shared by
//! the writer of JSON lines (which escapes what it finds) and the scanner that locates members
//! in an event (which skips strings as serde_json does).

/// The index of the first byte JSON must escape (a control character, `"` or `\\`), tested
/// eight bytes at a time with the classic "has a byte less than" trick, which sets the high
/// bit of a byte below `n`. Flipping bit 1 of every byte maps `"` (0x22) to 0x20 and keeps
/// the control characters below 0x20, while no other byte lands below 0x21: one test finds
/// both, a second the backslash (a byte of 0 after `^ '\\'`). The last partial word is
/// padded with a byte that needs no escape, so it is one test too.
pub(crate) fn first_to_escape(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let less_than = |v: u64, n: u64| v.wrapping_sub(ONES * n) & !v & HIGH;
    let hits = |word: [u8; 8]| {
        let v = u64::from_le_bytes(word);
        less_than(v ^ (ONES * 0x02), 0x21) | less_than(v ^ (ONES * u64::from(b'\\')), 1)
    };
    // The tricks can flag a byte after a real hit, never before it: the lowest flagged byte is
    // the first to escape.
    let lowest = |hits: u64| (hits.trailing_zeros() / 8) as usize;
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let h = hits(word);
        if h != 0 {
            return Some(at + lowest(h));
        }
        at += 8;
    }
    let rest = chunks.remainder();
    let mut word = [b'a'; 8];
    word[..rest.len()].copy_from_slice(rest);
    let h = hits(word);
    (h != 0).then(|| at + lowest(h))
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
}
