//! A zero-copy JSON scanner for the hot path of [`crate::Validator::validate_bytes`]: a cursor
//! over text that was checked to be UTF-8 once, as a whole, so that strings without escapes
//! are handed to the seeds as borrowed slices with no per-string validation. It implements
//! `serde::Deserializer`, so the very same seeds that walk a `serde_json::Value` walk it, and
//! both paths give the same diagnostics by construction.
//!
//! It accepts exactly what `serde_json::from_slice` accepts and visits the same values (the
//! same `u64`/`i64`/`f64` split; floats and escaped strings are converted by serde_json itself,
//! so even their rounding is the same). It carries no error detail: on any failure the caller
//! runs serde_json over the event, whose message, line and column the diagnostic quotes.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::swar;

/// Why a scan stopped; the caller re-runs the event through serde_json to say why.
#[derive(Debug)]
pub(crate) struct Stop;

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("scan stopped")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Stop
    }
}

/// Containers nested deeper than this stop the scan. serde_json fails at 128 and the walker at
/// 129; stopping at 127 never accepts what they reject, and bounds recursion (the scanner
/// recurses once per container).
const MAX_NESTING: usize = 127;

/// High bit set in each byte of `v` that is `"`, `\` or a control character; exact for the
/// lowest flagged byte (borrows only run upwards), which is all the scan looks at.
#[inline]
fn specials(v: u64) -> u64 {
    swar::eq(v, b'"') | swar::eq(v, b'\\') | swar::below(v, 0x20)
}

pub(crate) struct Scanner<'de> {
    src: &'de str,
    pos: usize,
    depth: usize,
    /// The members of the top-level object as they were read: the key (`None` when it has
    /// escapes) and the text of its value. The observables' second pass reads only the members
    /// an observable names, instead of scanning the whole event again.
    members: Vec<(Option<&'de str>, &'de str)>,
    /// Where the top-level member being read starts: its key, and its value's first byte.
    member_key: Option<&'de str>,
    /// The text of the last string scanned, `None` when it has escapes (a top-level key's text
    /// is kept only without them): taken from its scan, rather than searched and sliced again.
    last_plain: Option<&'de str>,
}

impl<'de> Scanner<'de> {
    pub fn new(src: &'de str) -> Self {
        Scanner {
            src,
            pos: 0,
            depth: 0,
            // Events have some 15 to 30 top-level members: one allocation, not five doublings
            // (1.2% of a run on generated events).
            members: Vec::with_capacity(32),
            member_key: None,
            last_plain: None,
        }
    }

    /// The top-level members read so far (see [`Scanner::members`]'s field).
    pub fn members(&self) -> &[(Option<&'de str>, &'de str)] {
        &self.members
    }

    /// Only whitespace may follow the value (serde_json's `Deserializer::end`).
    pub fn end(&mut self) -> Result<(), Stop> {
        match self.ws() {
            None => Ok(()),
            Some(_) => Err(Stop),
        }
    }

    /// Skips whitespace; the next byte, if any.
    #[inline]
    fn ws(&mut self) -> Option<u8> {
        let b = self.src.as_bytes();
        while let Some(&c) = b.get(self.pos) {
            match c {
                b' ' | b'\n' | b'\t' | b'\r' => self.pos += 1,
                _ => return Some(c),
            }
        }
        None
    }

    /// Consumes `lit` (after its first byte was seen).
    #[inline]
    fn literal(&mut self, lit: &[u8]) -> Result<(), Stop> {
        if self.src.as_bytes()[self.pos..].starts_with(lit) {
            self.pos += lit.len();
            Ok(())
        } else {
            Err(Stop)
        }
    }

    /// Scans a string whose opening quote is at `pos`; returns the content's end (the closing
    /// quote) and whether it holds escapes, leaving `pos` after the closing quote.
    #[inline]
    fn string_end(&mut self) -> Result<(usize, bool), Stop> {
        let b = self.src.as_bytes();
        let mut i = self.pos + 1;
        let mut escaped = false;
        loop {
            // Eight bytes at a time up to the first special byte.
            while let Some(chunk) = b.get(i..i + 8) {
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                let m = specials(u64::from_le_bytes(word));
                if m != 0 {
                    i += (m.trailing_zeros() / 8) as usize;
                    break;
                }
                i += 8;
            }
            match b.get(i) {
                Some(b'"') => {
                    self.pos = i + 1;
                    return Ok((i, escaped));
                }
                Some(b'\\') => {
                    // The escaped byte is checked when serde_json decodes the string.
                    escaped = true;
                    i += 2;
                }
                Some(&c) if c < 0x20 => return Err(Stop),
                Some(_) => i += 1,
                None => return Err(Stop),
            }
        }
    }

    #[inline]
    fn visit_string<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Stop> {
        let start = self.pos;
        let (end, escaped) = self.string_end()?;
        if !escaped {
            let text = &self.src[start + 1..end];
            self.last_plain = Some(text);
            return visitor.visit_borrowed_str(text);
        }
        self.last_plain = None;
        // Rare: decoding (and rejecting bad escapes, lone surrogates) is left to serde_json.
        let s: String = serde_json::from_str(&self.src[start..=end]).map_err(|_| Stop)?;
        visitor.visit_str(&s)
    }

    fn digits(&self, mut i: usize) -> usize {
        let b = self.src.as_bytes();
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    }

    /// A number at `pos`, visited as serde_json visits it: `u64` when non-negative, `i64`
    /// when negative, `f64` with a fraction or exponent, on overflow, and for `-0`.
    fn number<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Stop> {
        let b = self.src.as_bytes();
        let start = self.pos;
        let neg = b[start] == b'-';
        let int_start = start + usize::from(neg);
        let int_end = match b.get(int_start) {
            Some(b'0') => int_start + 1,
            Some(b'1'..=b'9') => self.digits(int_start + 1),
            _ => return Err(Stop),
        };
        let mut end = int_end;
        if b.get(end) == Some(&b'.') {
            let frac_end = self.digits(end + 1);
            if frac_end == end + 1 {
                return Err(Stop);
            }
            end = frac_end;
        }
        if matches!(b.get(end), Some(b'e' | b'E')) {
            let mut i = end + 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            let exp_end = self.digits(i);
            if exp_end == i {
                return Err(Stop);
            }
            end = exp_end;
        }
        self.pos = end;
        if end == int_end {
            let magnitude = b[int_start..int_end].iter().try_fold(0u64, |acc, &d| {
                acc.checked_mul(10)?.checked_add(u64::from(d - b'0'))
            });
            if let Some(m) = magnitude {
                if !neg {
                    return visitor.visit_u64(m);
                }
                let n = (m as i64).wrapping_neg();
                if n < 0 {
                    return visitor.visit_i64(n);
                }
                return visitor.visit_f64(-(m as f64));
            }
        }
        // Fractions, exponents and integers past u64: serde_json's own conversion, which also
        // rejects what would be infinite.
        let f: f64 = serde_json::from_str(&self.src[start..end]).map_err(|_| Stop)?;
        visitor.visit_f64(f)
    }

    #[inline]
    fn enter(&mut self) -> Result<(), Stop> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(Stop);
        }
        self.pos += 1;
        Ok(())
    }

    /// Skips one value without visiting it (`IgnoredAny`), with the same checks.
    fn skip(&mut self) -> Result<(), Stop> {
        match self.ws().ok_or(Stop)? {
            b'"' => {
                let start = self.pos;
                let (end, escaped) = self.string_end()?;
                self.last_plain = (!escaped).then(|| &self.src[start + 1..end]);
                if escaped {
                    serde_json::from_str::<String>(&self.src[start..=end]).map_err(|_| Stop)?;
                }
                Ok(())
            }
            b'n' => self.literal(b"null"),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'-' | b'0'..=b'9' => self.number(de::IgnoredAny).map(|_| ()),
            b'[' => {
                self.enter()?;
                let mut seq = Seq {
                    de: self,
                    first: true,
                };
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(())
            }
            b'{' => {
                self.enter()?;
                let mut map = Map {
                    de: self,
                    first: true,
                };
                while map.next_key::<de::IgnoredAny>()?.is_some() {
                    map.next_value::<de::IgnoredAny>()?;
                }
                Ok(())
            }
            _ => Err(Stop),
        }
    }

    /// After a container's visitor returned: it must have read up to the closing bracket.
    #[inline]
    fn closed(&self, depth_before: usize) -> Result<(), Stop> {
        if self.depth == depth_before {
            Ok(())
        } else {
            Err(Stop)
        }
    }
}

impl<'de> Deserializer<'de> for &mut Scanner<'de> {
    type Error = Stop;

    #[inline]
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        match self.ws().ok_or(Stop)? {
            b'"' => self.visit_string(visitor),
            b'n' => {
                self.literal(b"null")?;
                visitor.visit_unit()
            }
            b't' => {
                self.literal(b"true")?;
                visitor.visit_bool(true)
            }
            b'f' => {
                self.literal(b"false")?;
                visitor.visit_bool(false)
            }
            b'-' | b'0'..=b'9' => self.number(visitor),
            b'[' => {
                let before = self.depth;
                self.enter()?;
                let value = visitor.visit_seq(Seq {
                    de: &mut *self,
                    first: true,
                })?;
                self.closed(before)?;
                Ok(value)
            }
            b'{' => {
                let before = self.depth;
                self.enter()?;
                let value = visitor.visit_map(Map {
                    de: &mut *self,
                    first: true,
                })?;
                self.closed(before)?;
                Ok(value)
            }
            _ => Err(Stop),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        self.skip()?;
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier
    }
}

struct Seq<'a, 'de> {
    de: &'a mut Scanner<'de>,
    first: bool,
}

impl<'de> SeqAccess<'de> for Seq<'_, 'de> {
    type Error = Stop;

    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Stop> {
        let c = self.de.ws().ok_or(Stop)?;
        let c = if self.first {
            c
        } else {
            match c {
                b']' => c,
                b',' => {
                    self.de.pos += 1;
                    let c = self.de.ws().ok_or(Stop)?;
                    // `[1,]` is rejected, as by serde_json.
                    if c == b']' {
                        return Err(Stop);
                    }
                    c
                }
                _ => return Err(Stop),
            }
        };
        if c == b']' {
            self.de.pos += 1;
            self.de.depth -= 1;
            return Ok(None);
        }
        self.first = false;
        seed.deserialize(&mut *self.de).map(Some)
    }
}

struct Map<'a, 'de> {
    de: &'a mut Scanner<'de>,
    first: bool,
}

impl<'de> MapAccess<'de> for Map<'_, 'de> {
    type Error = Stop;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Stop> {
        let mut c = self.de.ws().ok_or(Stop)?;
        if !self.first {
            match c {
                b',' => {
                    self.de.pos += 1;
                    c = self.de.ws().ok_or(Stop)?;
                    // `{"a":1,}` is rejected, as by serde_json.
                    if c != b'"' {
                        return Err(Stop);
                    }
                }
                b'}' => {
                    self.de.pos += 1;
                    self.de.depth -= 1;
                    return Ok(None);
                }
                _ => return Err(Stop),
            }
        } else if c == b'}' {
            self.de.pos += 1;
            self.de.depth -= 1;
            return Ok(None);
        }
        if c != b'"' {
            return Err(Stop);
        }
        self.first = false;
        let key = seed.deserialize(Key { de: &mut *self.de })?;
        if self.de.depth == 1 {
            // The key's text between its quotes, unless it has escapes.
            self.de.member_key = self.de.last_plain;
        }
        Ok(Some(key))
    }

    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Stop> {
        if self.de.ws() != Some(b':') {
            return Err(Stop);
        }
        self.de.pos += 1;
        if self.de.depth != 1 {
            return seed.deserialize(&mut *self.de);
        }
        let key = self.de.member_key.take();
        let _ = self.de.ws();
        let start = self.de.pos;
        let value = seed.deserialize(&mut *self.de)?;
        let text = &self.de.src[start..self.de.pos];
        self.de.members.push((key, text));
        Ok(value)
    }
}

/// A map key: always a string.
struct Key<'a, 'de> {
    de: &'a mut Scanner<'de>,
}

impl<'de> Deserializer<'de> for Key<'_, 'de> {
    type Error = Stop;

    #[inline]
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        self.de.visit_string(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        self.de.skip()?;
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier
    }
}
