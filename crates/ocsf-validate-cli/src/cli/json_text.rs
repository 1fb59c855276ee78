//! Bytes of JSON text read without a parser: where the plain run of a string ends. Shared by
//! the writer of JSON lines (which escapes what it finds) and the scanner that locates members
//! in an event (which skips strings as serde_json does).

/// The index of the first byte JSON must escape (a control character, `"` or `\\`), tested
/// eight bytes at a time: a byte below 0x20, or equal to one of the two, sets its high bit in
/// the word masks below (the classic "has a zero byte" and "has a byte less than" tricks).
/// The last partial word is padded with a byte that needs no escape, so it is one test too.
pub(crate) fn first_to_escape(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let hits = |word: [u8; 8]| {
        let v = u64::from_le_bytes(word);
        v.wrapping_sub(ONES * 0x20) & !v & HIGH
            | zero_byte(v ^ (ONES * u64::from(b'"')))
            | zero_byte(v ^ (ONES * u64::from(b'\\')))
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

    /// The word-at-a-time search finds the same first byte as the plain one, wherever it is.
    #[test]
    fn the_first_byte_to_escape_is_found_exactly() {
        let plain = |b: &[u8]| b.iter().position(|&c| c < 0x20 || c == b'"' || c == b'\\');
        for len in 0..40 {
            for at in 0..=len {
                for special in [
                    0x00u8, 0x1f, b'"', b'\\', 0x20, 0x7f, 0x80, 0xff, b'!', b'#', b'[',
                ] {
                    let mut s: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
                    if at < len {
                        s[at] = special;
                    }
                    assert_eq!(first_to_escape(&s), plain(&s), "{s:?}");
                }
            }
        }
    }
}
