//! Bytes tested eight at a time in the lanes of a `u64` ("SIMD within a register"): the scans
//! that run over every string of every event (the scanner, format checks, pointer tokens) use
//! these instead of a test per byte. The workspace forbids `unsafe`, so no SIMD intrinsics.

/// One in the low bit of each lane.
pub(crate) const LO: u64 = 0x0101_0101_0101_0101;
/// One in the high bit of each lane.
pub(crate) const HI: u64 = 0x8080_8080_8080_8080;

/// The first eight bytes of `b` (at least eight long) as a little-endian word.
#[inline]
pub(crate) fn word(b: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[..8]);
    u64::from_le_bytes(w)
}

/// The high bit of each lane of `v` that equals `byte`: exact for the lowest such lane and for
/// whether there is one (a borrow runs only upwards, so a lane above a hit may be flagged too).
#[inline]
pub(crate) fn eq(v: u64, byte: u8) -> u64 {
    let x = v ^ (LO * u64::from(byte));
    x.wrapping_sub(LO) & !x & HI
}

/// The high bit of each lane of `v` below `n` (at most 0x80), exact in the same way as [`eq`].
#[inline]
pub(crate) fn below(v: u64, n: u8) -> u64 {
    v.wrapping_sub(LO * u64::from(n)) & !v & HI
}

/// The high bit of each lane of `v` in `lo..=hi`, exact for every lane, when no lane of `v`
/// has its high bit set: `x + (0x80 - lo)` sets it for `x >= lo` and `x + (0x7f - hi)` for
/// `x > hi`, and no lane carries into the next.
#[inline]
pub(crate) fn in_range(v: u64, lo: u8, hi: u8) -> u64 {
    (v + LO * u64::from(0x80 - lo)) & !(v + LO * u64::from(0x7f - hi)) & HI
}
