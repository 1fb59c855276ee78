//! UTF-16 input read as UTF-8. RFC 8259 (section 8.1) requires JSON exchanged between systems
//! to be UTF-8, but Windows tools write UTF-16: PowerShell 5's `>` and `Out-File` write UTF-16LE
//! with a byte order mark. Such an input is told by its first bytes (its byte order mark, or a
//! NUL beside the first ASCII character, as RFC 4627 section 3 tells the encodings apart: UTF-8
//! JSON never starts with a NUL) and decoded as it streams; lines and columns are the same in
//! either encoding. UTF-32, which no common tool writes, is an error that says how to convert.

use std::io::{self, BufRead, BufReader, Read};

/// The encoding the first bytes of an input show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16 { big_endian: bool, bom: bool },
    Utf32 { big_endian: bool },
}

impl Encoding {
    /// What the first bytes of an input (at least four when it has them) show.
    pub fn of(first: &[u8]) -> Encoding {
        match first {
            [0xFF, 0xFE, 0, 0, ..] => Encoding::Utf32 { big_endian: false },
            [0, 0, 0xFE, 0xFF, ..] => Encoding::Utf32 { big_endian: true },
            [0xFF, 0xFE, ..] => Encoding::Utf16 {
                big_endian: false,
                bom: true,
            },
            [0xFE, 0xFF, ..] => Encoding::Utf16 {
                big_endian: true,
                bom: true,
            },
            [a, 0, 0, 0, ..] if *a != 0 => Encoding::Utf32 { big_endian: false },
            [0, 0, 0, a, ..] if *a != 0 => Encoding::Utf32 { big_endian: true },
            [a, 0, ..] if *a != 0 => Encoding::Utf16 {
                big_endian: false,
                bom: false,
            },
            [0, a, ..] if *a != 0 => Encoding::Utf16 {
                big_endian: true,
                bom: false,
            },
            _ => Encoding::Utf8,
        }
    }

    /// `UTF-16LE`, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16 {
                big_endian: false, ..
            } => "UTF-16LE",
            Encoding::Utf16 {
                big_endian: true, ..
            } => "UTF-16BE",
            Encoding::Utf32 { big_endian: false } => "UTF-32LE",
            Encoding::Utf32 { big_endian: true } => "UTF-32BE",
        }
    }
}

/// The encoding of `reader`'s input, from its first bytes (which stay in the buffer).
pub fn encoding(reader: &mut dyn BufRead) -> io::Result<Encoding> {
    Ok(Encoding::of(super::fill(reader)?))
}

/// `reader` as UTF-8: itself for UTF-8, decoded for UTF-16, an error for UTF-32.
pub fn as_utf8(mut reader: Box<dyn BufRead + Send>) -> io::Result<Box<dyn BufRead + Send>> {
    match encoding(reader.as_mut())? {
        Encoding::Utf8 => Ok(reader),
        Encoding::Utf16 { big_endian, bom } => {
            if bom {
                reader.consume(2);
            }
            Ok(Box::new(BufReader::with_capacity(
                1 << 16,
                Utf16Reader::new(reader, big_endian),
            )))
        }
        utf32 => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "the input is {}, and JSON is read as UTF-8 (or UTF-16): convert it, e.g. `iconv -f {} -t UTF-8`",
                utf32.name(),
                utf32.name()
            ),
        )),
    }
}

/// UTF-16 code units from `inner`, handed out as UTF-8 (decoded by std's `char::decode_utf16`).
pub struct Utf16Reader<R> {
    inner: R,
    big_endian: bool,
    /// Decoded bytes not handed out yet, from `at`.
    out: Vec<u8>,
    at: usize,
    /// The first byte of a code unit split between two reads.
    odd: Option<u8>,
    /// A high surrogate at the end of a read, waiting for the low one the next read starts with.
    high: Option<u16>,
    /// Bytes of the input decoded so far, for errors.
    offset: u64,
}

impl<R: Read> Utf16Reader<R> {
    pub fn new(inner: R, big_endian: bool) -> Utf16Reader<R> {
        Utf16Reader {
            inner,
            big_endian,
            out: Vec::new(),
            at: 0,
            odd: None,
            high: None,
            offset: 0,
        }
    }

    fn invalid(&self, what: &str) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not valid UTF-16: {what} at byte {}", self.offset),
        )
    }

    /// Decodes the next read of the input into `out`; `false` at its end.
    fn refill(&mut self) -> io::Result<bool> {
        let mut raw = [0u8; 1 << 14];
        let n = self.inner.read(&mut raw)?;
        self.out.clear();
        self.at = 0;
        if n == 0 {
            if self.odd.is_some() {
                return Err(self.invalid("an odd number of bytes"));
            }
            if self.high.is_some() {
                return Err(self.invalid("a high surrogate without its low one"));
            }
            return Ok(false);
        }
        let mut bytes = self.odd.take().into_iter().chain(raw[..n].iter().copied());
        let mut units: Vec<u16> = self.high.take().into_iter().collect();
        while let Some(a) = bytes.next() {
            let Some(b) = bytes.next() else {
                self.odd = Some(a);
                break;
            };
            units.push(if self.big_endian {
                u16::from_be_bytes([a, b])
            } else {
                u16::from_le_bytes([a, b])
            });
        }
        // A high surrogate last may be paired by the next read.
        if units.last().is_some_and(|u| (0xD800..0xDC00).contains(u)) {
            self.high = units.pop();
        }
        for c in char::decode_utf16(units) {
            let c = c.map_err(|e| {
                self.invalid(match e.unpaired_surrogate() {
                    0xDC00..=0xDFFF => "a low surrogate without its high one",
                    _ => "a high surrogate without its low one",
                })
            })?;
            let mut buf = [0u8; 4];
            self.out
                .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            self.offset += 2 * c.len_utf16() as u64;
        }
        Ok(true)
    }
}

impl<R: Read> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.out.len() {
            if !self.refill()? {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], big_endian: bool, chunk: usize) -> io::Result<String> {
        // A reader that hands out at most `chunk` bytes a read, to split units and pairs.
        struct Chunks<'a>(&'a [u8], usize);
        impl Read for Chunks<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.1.min(buf.len()).min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut s = String::new();
        Utf16Reader::new(Chunks(bytes, chunk), big_endian).read_to_string(&mut s)?;
        Ok(s)
    }

    #[test]
    fn utf16_decodes_as_std_does_in_any_split() {
        let text = "{\"message\": \"héllo 😀 \\u00e9\",\n \"a\": \"€\"}\r\n";
        let units: Vec<u16> = text.encode_utf16().collect();
        for big_endian in [false, true] {
            let bytes: Vec<u8> = units
                .iter()
                .flat_map(|u| {
                    if big_endian {
                        u.to_be_bytes()
                    } else {
                        u.to_le_bytes()
                    }
                })
                .collect();
            for chunk in [1, 2, 3, 5, 64] {
                assert_eq!(decode(&bytes, big_endian, chunk).unwrap(), text);
            }
        }
    }

    #[test]
    fn broken_utf16_is_an_error_that_says_where() {
        // A low surrogate alone, a high one alone at the end, an odd byte at the end.
        for (bytes, what) in [
            (
                &[b'{', 0, 0x00, 0xDC][..],
                "a low surrogate without its high one at byte 2",
            ),
            (
                &[b'{', 0, 0x3D, 0xD8][..],
                "a high surrogate without its low one",
            ),
            (&[b'{', 0, b'}'][..], "an odd number of bytes"),
        ] {
            let e = decode(bytes, false, 64).unwrap_err();
            assert!(e.to_string().contains(what), "{e}");
        }
    }

    #[test]
    fn encodings_are_told_by_their_first_bytes() {
        for (first, expected) in [
            (&b"{\"a\""[..], "UTF-8"),
            (b"\xEF\xBB\xBF{", "UTF-8"),
            (b"\xFF\xFE{\0", "UTF-16LE"),
            (b"\xFE\xFF\0{", "UTF-16BE"),
            (b"{\0\"\0", "UTF-16LE"),
            (b"\0{\0\"", "UTF-16BE"),
            (b"\xFF\xFE\0\0", "UTF-32LE"),
            (b"\0\0\xFE\xFF", "UTF-32BE"),
            (b"{\0\0\0", "UTF-32LE"),
            (b"\0\0\0{", "UTF-32BE"),
            (b"", "UTF-8"),
            (b"{", "UTF-8"),
        ] {
            assert_eq!(Encoding::of(first).name(), expected, "{first:?}");
        }
    }
}
