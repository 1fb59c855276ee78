//! Two facts read from an event's raw bytes before it is walked: its top-level `class_uid`
//! (so that the walk knows the class from the first key, instead of keeping the keys before
//! `class_uid` raw and parsing them twice) and its `metadata.version` (so that the version
//! that judges it is chosen before the walk). One forward scan of the top-level object that
//! only follows structure (strings are skipped with memchr, nesting by counting brackets) and
//! stops as soon as both are found.
//!
//! A guess, always verified: keys with escapes, or broken JSON, can mislead it, and the walk,
//! which reads the real values, corrects the choice (see `crate::walk` and `crate::versions`).

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
    let mut version = None;
    let class_uid = scan(bytes, &mut version).unwrap_or(ClassUid::Unread);
    Peeked { class_uid, version }
}

/// Reads the top-level object; `None` when its structure cannot be followed.
fn scan<'a>(bytes: &'a [u8], version: &mut Option<&'a str>) -> Option<ClassUid> {
    let mut s = Scan { b: bytes, i: 0 };
    let mut class_uid = None;
    let mut metadata_seen = false;
    s.ws();
    s.eat(b'{')?;
    s.ws();
    if s.eat(b'}').is_some() {
        return Some(ClassUid::Absent);
    }
    loop {
        s.ws();
        let key = s.string()?;
        s.ws();
        s.eat(b':')?;
        s.ws();
        match key {
            b"class_uid" if class_uid.is_none() => class_uid = Some(s.class_uid()?),
            b"metadata" if !metadata_seen => {
                metadata_seen = true;
                *version = s.clone().metadata_version();
                s.value()?;
            }
            _ => s.value()?,
        }
        if class_uid.is_some() && metadata_seen {
            return class_uid;
        }
        if class_uid.is_some() {
            // The rest is only for the version: the next `"metadata"` key is found with a
            // vectorised search instead of following the structure (most events put
            // `metadata` after their large objects). A `"metadata"` nested in a later value
            // can mislead it; the walk reads the real version and corrects the choice.
            *version = metadata_version_after(bytes, s.i);
            return class_uid;
        }
        s.ws();
        if s.eat(b'}').is_some() {
            return Some(class_uid.unwrap_or(ClassUid::Absent));
        }
        s.eat(b',')?;
    }
}

/// The version of the first `"metadata": {` object at or after `from`.
fn metadata_version_after(bytes: &[u8], from: usize) -> Option<&str> {
    const KEY: &[u8] = b"\"metadata\"";
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(KEY));
    let mut from = from;
    while let Some(at) = FINDER.find(bytes.get(from..)?) {
        let mut s = Scan {
            b: bytes,
            i: from + at + KEY.len(),
        };
        from = s.i;
        s.ws();
        if s.eat(b':').is_none() {
            continue;
        }
        s.ws();
        if s.b.get(s.i) != Some(&b'{') {
            continue;
        }
        return s.metadata_version();
    }
    None
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
            self.value()?;
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
    fn the_version_is_read_at_the_top_level_only() {
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
            version(
                r#"{"unmapped": {"metadata": {"version": "1.1.0"}}, "metadata": {"version": "1.3.0"}}"#
            ),
            Some("1.3.0")
        );
        // After `class_uid`, the next `metadata` object is taken: a guess the walk verifies.
        assert_eq!(
            version(r#"{"class_uid": 1, "actor": {"x": "}"}, "metadata": {"version": "1.3.0"}}"#),
            Some("1.3.0")
        );
        assert_eq!(
            version(
                r#"{"class_uid": 1, "unmapped": {"metadata": {"version": "1.1.0"}}, "metadata": {"version": "1.3.0"}}"#
            ),
            Some("1.1.0")
        );
        assert_eq!(
            version(r#"{"event": {"metadata": {"version": "1.1.0"}}}"#),
            None
        );
        assert_eq!(version(r#"{"metadata": {"product": {}}}"#), None);
        assert_eq!(version(r#"{"metadata": "1.1.0"}"#), None);
        assert_eq!(version(r#"{"metadata": {"version": 11}}"#), None);
        assert_eq!(version("not json"), None);
        assert_eq!(version(r#"{"metadata": {"version": "1.1"#), None);
    }

    #[test]
    fn the_class_is_read_at_the_top_level_only() {
        assert_eq!(class(r#"{"class_uid": 3002}"#), ClassUid::Int(3002));
        assert_eq!(
            class(r#"{"a": {"class_uid": 1}, "class_uid" : -7 }"#),
            ClassUid::Int(-7)
        );
        assert_eq!(class(r#"{"event": {"class_uid": 3002}}"#), ClassUid::Absent);
        assert_eq!(class(r#"{}"#), ClassUid::Absent);
        assert_eq!(class(r#"{"class_uid": "3002"}"#), ClassUid::Unread);
        assert_eq!(class(r#"{"class_uid": 3002.5}"#), ClassUid::Unread);
        assert_eq!(
            class(r#"{"class_uid": 99999999999999999999}"#),
            ClassUid::Unread
        );
        assert_eq!(class(r#"{"a": "#), ClassUid::Unread);
        assert_eq!(class(r#"[1]"#), ClassUid::Unread);
    }
}
