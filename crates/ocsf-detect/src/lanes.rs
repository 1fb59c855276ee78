//! Bytes tested eight at a time, in the lanes of a `u64`: the digit count of the gate and the
//! identifier test both ask which bytes of a word fall in an ASCII range.

/// The low bit of each lane.
pub(crate) const LOW: u64 = 0x0101_0101_0101_0101;
/// The high bit of each lane.
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;

/// The lanes of `w` whose byte is in `lo..=hi` (both ASCII), each as the lane's high bit.
#[inline]
pub(crate) fn within(w: u64, lo: u8, hi: u8) -> u64 {
    let ascii = !w & HIGH;
    let y = w & (0x7f * LOW);
    // A lane's high bit is set when it is at least `at`: a lane of `y` is at most 0x7f, so
    // adding at most 0x7f carries into no other lane.
    let at_least = |at: u8| (y + (0x80 - u64::from(at)) * LOW) & HIGH;
    at_least(lo) & !at_least(hi + 1) & ascii
}

/// The word of eight bytes.
#[inline]
pub(crate) fn word(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes.try_into().expect("eight bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte in every lane, against `u8`'s range test.
    #[test]
    fn lanes_are_the_bytes_tests() {
        for (lo, hi) in [(b'0', b'9'), (b'a', b'f'), (b'A', b'F'), (0, 0x7e)] {
            for c in 0..=255u8 {
                for lane in 0..8 {
                    let mut bytes = [b'~'; 8];
                    bytes[lane] = c;
                    let set = within(word(&bytes), lo, hi);
                    assert_eq!(
                        set >> (8 * lane + 7) & 1 == 1,
                        (lo..=hi).contains(&c),
                        "{c}"
                    );
                    // The other lanes are `~`, inside the last range only.
                    let others = set & !(0x80 << (8 * lane));
                    let expected = if hi == 0x7e {
                        HIGH & !(0x80 << (8 * lane))
                    } else {
                        0
                    };
                    assert_eq!(others, expected, "{c}");
                }
            }
        }
    }
}
