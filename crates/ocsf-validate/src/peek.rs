//! Two facts read from an event's raw bytes before it is walked: its `class_uid` (so that the
//! walk knows the class from the first key, instead of keeping the keys before `class_uid` raw
//! and parsing them twice) and its `metadata.version` (so that the version that judges it is
//! chosen before the walk). Each is found with a vectorised search for its quoted key
//! (`"class_uid"` followed by `:`, `"metadata"` followed by `:` and `{`), not by following the
//! event's structure: following it cost a few percent of the whole run, because most events
//! put `class_uid` and `metadata` after their large objects.
//!
//! A guess, always verified: a key of that name nested in an earlier value (in `unmapped`, say),
//! or one written with escapes, can mislead it, and the walk, which reads the real values,
//! corrects the choice, at the cost of walking that event again (see `crate::walk` and
//! `crate::versions`). A quoted string value cannot mislead it: its quotes are escaped inside
//! other strings, and a value is not followed by `:`.

use std::sync::LazyLock;

use memchr::memmem::Finder;

/// The top-level `class_uid` as read from the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClassUid {
    /// An integer.
    Int(i64),
    /// The event has no top-level `class_uid` key.
    Absent,
    /// Anything else (a string, a float, broken JSON): the walk must find out.
    Unread,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Peeked<'a> {
    pub class_uid: ClassUid,
    /// The raw text of `metadata.version` when it is a string without escapes.
    pub version: Option<&'a str>,
}

pub(crate) fn peek(bytes: &[u8]) -> Peeked<'_> {
    let mut s = Scan { b: bytes, i: 0 };
    s.ws();
    if s.eat(b'{').is_none() {
        // Not an object: the walk says what it is.
        return Peeked {
            class_uid: ClassUid::Unread,
            version: None,
        };
    }
    Peeked {
        class_uid: class_uid(bytes),
        version: metadata_version(bytes),
    }
}

/// The value of the first `"class_uid":` key.
fn class_uid(bytes: &[u8]) -> ClassUid {
    static FINDER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"\"class_uid\""));
    values_of(bytes, &FINDER)
        .next()
        .map_or(ClassUid::Absent, |mut s| {
            s.class_uid().unwrap_or(ClassUid::Unread)
        })
}

/// The version of the first `"metadata": {` object.
fn metadata_version(bytes: &[u8]) -> Option<&str> {
    static FINDER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"\"metadata\""));
    values_of(bytes, &FINDER)
        .find(|s| s.b.get(s.i) == Some(&b'{'))
        .and_then(Scan::metadata_version)
}

/// A scan at the value of each occurrence of the quoted key `finder` looks for that is
/// followed by `:`, in order.
fn values_of<'a>(bytes: &'a [u8], finder: &'a Finder<'static>) -> impl Iterator<Item = Scan<'a>> {
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let at = finder.find(bytes.get(from..)?)?;
        let mut s = Scan {
            b: bytes,
            i: from + at + finder.needle().len(),
        };
        from = s.i;
        s.ws();
        if s.eat(b':').is_some() {
            s.ws();
            return Some(s);
        }
    })
}

/// A forward-only scan over JSON bytes: just enough structure to skip values.
#[derive(Clone)]
struct Scan<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Scan<'a> {
    fn ws(&mut self) {
        while self.b.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.b.get(self.i) == Some(&c)).then(|| self.i += 1)
    }

    /// The raw bytes of a string (escapes not decoded), after its closing quote.
    fn string(&mut self) -> Option<&'a [u8]> {
        self.eat(b'"')?;
        let start = self.i;
        loop {
            let at = self.i + memchr::memchr2(b'"', b'\\', self.b.get(self.i..)?)?;
            if self.b[at] == b'\\' {
                self.i = at + 2;
                continue;
            }
            self.i = at + 1;
            return Some(&self.b[start..at]);
        }
    }

    /// The value of `class_uid`: an integer, or something the walk must read.
    fn class_uid(&mut self) -> Option<ClassUid> {
        let start = self.i;
        let neg = usize::from(self.b.get(self.i) == Some(&b'-'));
        let digits = self.b[start + neg..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let end = start + neg + digits;
        let ends_number = matches!(
            self.b.get(end),
            Some(b',' | b'}' | b' ' | b'\t' | b'\n' | b'\r')
        );
        if digits == 0 || digits > 18 || !ends_number {
            return Some(ClassUid::Unread);
        }
        self.i = end;
        let n = std::str::from_utf8(&self.b[start..end])
            .ok()?
            .parse()
            .ok()?;
        Some(ClassUid::Int(n))
    }

    /// Inside `metadata`'s value: the text of its `version` key, if a plain string.
    fn metadata_version(mut self) -> Option<&'a str> {
        self.eat(b'{')?;
        loop {
            self.ws();
            let key = self.string()?;
            self.ws();
            self.eat(b':')?;
            self.ws();
            if key == b"version" {
                let raw = self.string()?;
                return (!raw.contains(&b'\\'))
                    .then(|| std::str::from_utf8(raw).ok())
                    .flatten();
            }
            self.value()?;
            self.ws();
            self.eat(b',')?;
        }
    }

    /// Skips one value of any kind; nesting is followed by counting brackets outside strings.
    fn value(&mut self) -> Option<()> {
        match *self.b.get(self.i)? {
            b'"' => self.string().map(drop),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match *self.b.get(self.i)? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.i += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
            }
            _ => {
                while self
                    .b
                    .get(self.i)
                    .is_some_and(|c| !matches!(c, b',' | b'}' | b']') && !c.is_ascii_whitespace())
                {
                    self.i += 1;
                }
                Some(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(s: &str) -> Option<&str> {
        peek(s.as_bytes()).version
    }

    fn class(s: &str) -> ClassUid {
        peek(s.as_bytes()).class_uid
    }

    #[test]
    fn the_version_is_read_from_the_first_metadata_object() {
        assert_eq!(
            version(
                r#"{"metadata": {"product": {"version": "9.9", "name": "}{\"x"}, "version": "1.1.0"}}"#
            ),
            Some("1.1.0")
        );
        assert_eq!(
            version(
                r#"{"a": [1, {"b": "]"}], "metadata":{"profiles":["x"],"version":"1.0.0-rc.2"}}"#
            ),
            Some("1.0.0-rc.2")
        );
        assert_eq!(
            version(r#"{"class_uid": 1, "actor": {"x": "}"}, "metadata" : {"version": "1.3.0"}}"#),
            Some("1.3.0")
        );
        // Not followed by an object, or inside a string: not the metadata.
        assert_eq!(
            version(
                r#"{"x": "metadata", "y": "\"metadata\": {\"version\": \"1.0.0\"}", "metadata": {"version": "1.3.0"}}"#
            ),
            Some("1.3.0")
        );
        // A nested `metadata` first misleads the guess; the walk corrects it (walk/tests.rs).
        assert_eq!(
            version(
                r#"{"unmapped": {"metadata": {"version": "1.1.0"}}, "metadata": {"version": "1.3.0"}}"#
            ),
            Some("1.1.0")
        );
        assert_eq!(version(r#"{"metadata": {"product": {}}}"#), None);
        assert_eq!(version(r#"{"metadata": "1.1.0"}"#), None);
        assert_eq!(version(r#"{"metadata": {"version": 11}}"#), None);
        assert_eq!(version("not json"), None);
        assert_eq!(version(r#"{"metadata": {"version": "1.1"#), None);
    }

    #[test]
    fn the_class_is_read_from_the_first_class_uid_key() {
        assert_eq!(class(r#"{"class_uid": 3002}"#), ClassUid::Int(3002));
        assert_eq!(
            class(
                r#"{"a": "class_uid", "b": ["class_uid"], "c": "\"class_uid\": 1", "class_uid" : -7 }"#
            ),
            ClassUid::Int(-7)
        );
        // A nested key first misleads the guess; the walk corrects it (walk/tests.rs).
        assert_eq!(
            class(r#"{"a": {"class_uid": 1}, "class_uid": 3002}"#),
            ClassUid::Int(1)
        );
        assert_eq!(class(r#"{}"#), ClassUid::Absent);
        assert_eq!(class(r#"{"a": 1}"#), ClassUid::Absent);
        assert_eq!(class(r#"{"class_uid": "3002"}"#), ClassUid::Unread);
        assert_eq!(class(r#"{"class_uid": 3002.5}"#), ClassUid::Unread);
        assert_eq!(
            class(r#"{"class_uid": 99999999999999999999}"#),
            ClassUid::Unread
        );
        assert_eq!(class(r#"{"class_uid": "#), ClassUid::Unread);
        assert_eq!(class(r#"[1]"#), ClassUid::Unread);
        assert_eq!(class("not json"), ClassUid::Unread);
    }
}
