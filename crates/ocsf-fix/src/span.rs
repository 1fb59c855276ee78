//! Where the members of an object are in the event's text. serde_json reads the text (as
//! borrowed `RawValue`s, whose addresses are their offsets); this module only names the byte
//! ranges of keys, values and separators, so that fixes can be spliced into the original text.

use std::fmt;
use std::ops::Range;

use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

/// One member of an object: its name, the range of its key (with the quotes) and of its value.
#[derive(Debug)]
pub(crate) struct Member<'a> {
    pub name: String,
    pub key: Range<usize>,
    pub value: Range<usize>,
    pub raw: &'a str,
}

/// An object of the event: the offset of its opening brace and its members in order.
#[derive(Debug)]
pub(crate) struct Obj<'a> {
    pub open: usize,
    pub members: Vec<Member<'a>>,
}

/// The offset of `part` (a slice of `text`) in `text`.
pub(crate) fn offset(text: &str, part: &str) -> usize {
    part.as_ptr() as usize - text.as_ptr() as usize
}

struct Pairs<'a>(std::marker::PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for Pairs<'a> {
    type Value = Vec<(String, &'a RawValue)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut out = Vec::new();
        while let Some(pair) = map.next_entry::<String, &'de RawValue>()? {
            out.push(pair);
        }
        Ok(out)
    }
}

struct Elements<'a>(std::marker::PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for Elements<'a> {
    type Value = Vec<&'a RawValue>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Self::Value, S::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element::<&'de RawValue>()? {
            out.push(v);
        }
        Ok(out)
    }
}

/// The object whose text is `text[at..at + raw.len()]` (`raw` a slice of `text`), or `None`
/// when it is no object.
pub(crate) fn object<'a>(text: &'a str, raw: &'a str) -> Option<Obj<'a>> {
    if !raw.starts_with('{') {
        return None;
    }
    let base = offset(text, raw);
    let mut de = serde_json::Deserializer::from_str(raw);
    let pairs = de.deserialize_map(Pairs(std::marker::PhantomData)).ok()?;
    let bytes = text.as_bytes();
    let mut members = Vec::with_capacity(pairs.len());
    let mut after = base + 1;
    for (name, value) in pairs {
        let value_raw = value.get();
        let start = offset(text, value_raw);
        // The key starts after the previous member's comma; it ends before the colon.
        let mut key_start = after;
        while matches!(
            bytes.get(key_start),
            Some(b' ' | b'\t' | b'\n' | b'\r' | b',')
        ) {
            key_start += 1;
        }
        let mut key_end = start;
        while key_end > key_start && bytes[key_end - 1] != b':' {
            key_end -= 1;
        }
        key_end = key_end.saturating_sub(1);
        while key_end > key_start && bytes[key_end - 1].is_ascii_whitespace() {
            key_end -= 1;
        }
        members.push(Member {
            name,
            key: key_start..key_end,
            value: start..start + value_raw.len(),
            raw: value_raw,
        });
        after = start + value_raw.len();
    }
    Some(Obj {
        open: base,
        members,
    })
}

/// The elements of the array `raw` (a slice of the event's text), or `None` when it is no array.
pub(crate) fn elements(raw: &str) -> Option<Vec<&str>> {
    if !raw.starts_with('[') {
        return None;
    }
    let mut de = serde_json::Deserializer::from_str(raw);
    let items = de
        .deserialize_seq(Elements(std::marker::PhantomData))
        .ok()?;
    Some(items.into_iter().map(RawValue::get).collect())
}

/// A JSON integer (no fraction, no exponent).
pub(crate) fn int(raw: &str) -> Option<i64> {
    if raw.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        return None;
    }
    serde_json::from_str(raw).ok()
}

/// A JSON string, unescaped.
pub(crate) fn string(raw: &str) -> Option<String> {
    if !raw.starts_with('"') {
        return None;
    }
    serde_json::from_str(raw).ok()
}

impl<'a> Obj<'a> {
    pub fn member(&self, name: &str) -> Option<&Member<'a>> {
        self.members.iter().find(|m| m.name == name)
    }

    /// The whitespace that follows a comma between members (`" "`, or a newline and the
    /// indentation), else the one before the first member, else none after a compact colon
    /// (`":"`) and one space after another.
    pub fn separator<'t>(&self, text: &'t str) -> &'t str {
        let gap = match self.members.as_slice() {
            [first, second, ..] => {
                let between = &text[first.value.end..second.key.start];
                let comma = between.find(',').map_or(0, |i| i + 1);
                &between[comma..]
            }
            [only] => &text[self.open + 1..only.key.start],
            [] => "",
        };
        match (gap.is_empty(), self.colon(text) == ":") {
            (false, _) => gap,
            // A compact object (`{"a":1}`) stays compact.
            (true, true) => "",
            (true, false) => " ",
        }
    }

    /// What stands between a key and its value (`": "` or `":"`).
    pub fn colon<'t>(&self, text: &'t str) -> &'t str {
        match self.members.first() {
            Some(m) => &text[m.key.end..m.value.start],
            None => ": ",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_have_their_key_and_value_ranges() {
        let text = "  {\"a\" :1 ,\n  \"b\\\"\": {\"c\": [1, 2]}, \"d\":\"x\"}";
        let start = text.find('{').unwrap();
        let obj = object(text, &text[start..]).unwrap();
        assert_eq!(obj.open, 2);
        let got: Vec<(&str, &str, &str)> = obj
            .members
            .iter()
            .map(|m| {
                (
                    m.name.as_str(),
                    &text[m.key.clone()],
                    &text[m.value.clone()],
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("a", "\"a\"", "1"),
                ("b\"", "\"b\\\"\"", "{\"c\": [1, 2]}"),
                ("d", "\"d\"", "\"x\"")
            ]
        );
        assert_eq!(obj.separator(text), "\n  ");
        assert_eq!(obj.colon(text), " :");
        let inner = object(text, obj.members[1].raw).unwrap();
        let list = elements(inner.members[0].raw).unwrap();
        assert_eq!(list, ["1", "2"]);
        assert!(object(text, obj.members[0].raw).is_none());
    }

    #[test]
    fn scalars_read_as_json() {
        assert_eq!(int("42"), Some(42));
        assert_eq!(int("4.0"), None);
        assert_eq!(int("1e3"), None);
        assert_eq!(int("\"4\""), None);
        assert_eq!(string("\"a\\u0062\"").as_deref(), Some("ab"));
        assert_eq!(string("4"), None);
    }
}
