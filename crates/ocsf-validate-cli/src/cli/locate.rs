//! Where a JSON Pointer lands in an event's bytes, and every value of an event with its path:
//! the excerpt of the human format, the exact line of a finding in SARIF and GitLab reports,
//! and the values hashed into baseline fingerprints. The library's diagnostics carry a pointer
//! only; the bytes are read again here, for the few events that have a diagnostic.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use ocsf_validate::escape_pointer_token;
use serde::de::IgnoredAny;

/// Deeper than the validator reads (`ocsf_validate::MAX_DEPTH`): past this, values are skipped
/// without descending, so no input can exhaust the stack.
const MAX_DEPTH: usize = 160;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    Number,
    /// `true`, `false` or `null`.
    Literal,
    Object,
    Array,
}

impl Kind {
    pub fn is_scalar(self) -> bool {
        !matches!(self, Kind::Object | Kind::Array)
    }
}

/// A value inside the event: byte ranges of its member name (with the quotes) and of the value
/// (of an object or array, its opening bracket: where it starts is all its readers need).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub key: Option<Range<usize>>,
    pub value: Range<usize>,
    pub kind: Kind,
}

/// One step of a path: a member name or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step<'a> {
    Key(Cow<'a, str>),
    Index(usize),
}

/// The value `pointer` (RFC 6901) names in `event`, if the event is JSON that has it.
pub fn find(event: &[u8], pointer: &str) -> Option<Found> {
    let mut s = Scanner { b: event, pos: 0 };
    s.ws();
    let (mut value, mut kind) = s.value()?;
    let mut key = None;
    if pointer.is_empty() {
        return Some(Found::new(key, value, kind));
    }
    let tokens = pointer.strip_prefix('/')?.split('/');
    for token in tokens {
        let token = unescape(token);
        s.pos = value.start + 1;
        match kind {
            Kind::Object => {
                let (k, v, vk) = s.member(&token)?;
                (key, value, kind) = (Some(k), v, vk);
            }
            Kind::Array => {
                let index: usize = token.parse().ok()?;
                let (v, vk) = s.element(index)?;
                (key, value, kind) = (None, v, vk);
            }
            _ => return None,
        }
    }
    Some(Found::new(key, value, kind))
}

impl Found {
    fn new(key: Option<Range<usize>>, value: Range<usize>, kind: Kind) -> Found {
        let value = if kind.is_scalar() {
            value
        } else {
            value.start..value.start + 1
        };
        Found { key, value, kind }
    }
}

/// The values several pointers name: one pass over the event for all of them, descending
/// only along their paths (an event with many diagnostics would otherwise be read once per
/// diagnostic).
pub fn find_all(event: &[u8], pointers: &[&str]) -> Vec<Option<Found>> {
    if pointers.len() <= 2 {
        return pointers.iter().map(|p| find(event, p)).collect();
    }
    let mut wanted: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut prefixes: HashSet<&str> = HashSet::new();
    for (i, p) in pointers.iter().enumerate() {
        wanted.entry(p).or_default().push(i);
        prefixes.extend(p.match_indices('/').map(|(at, _)| &p[..at]));
    }
    let mut out = vec![None; pointers.len()];
    // The pointer of each value on the current path, while it leads to a wanted one.
    let mut stack: Vec<String> = Vec::new();
    visit(event, &mut |path, found| {
        stack.truncate(path.len().saturating_sub(1));
        let mut pointer = stack.last().cloned().unwrap_or_default();
        if let Some(step) = path.last() {
            pointer.push('/');
            match step {
                Step::Key(k) => escape_pointer_token(k, &mut pointer),
                Step::Index(i) => pointer.push_str(&i.to_string()),
            }
        }
        if let Some(slots) = wanted.get(pointer.as_str()) {
            for &i in slots {
                out[i] = Some(found.clone());
            }
        }
        let descend = prefixes.contains(pointer.as_str());
        if descend {
            stack.push(pointer);
        }
        descend
    });
    out
}

/// Every value of `event` (the event itself first), in document order, with its path; `f`
/// says whether to descend into an object or array. Stops quietly where the bytes stop being
/// JSON.
pub fn visit(event: &[u8], f: &mut dyn FnMut(&[Step<'_>], &Found) -> bool) {
    let mut s = Scanner { b: event, pos: 0 };
    let mut path = Vec::new();
    s.ws();
    let _ = s.walk(None, &mut path, f);
}

fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    }
}

/// The text of a string token (with its quotes), unescaped.
pub fn string_at<'a>(event: &'a [u8], quoted: Range<usize>) -> Option<Cow<'a, str>> {
    let raw = event.get(quoted.start + 1..quoted.end.checked_sub(1)?)?;
    if raw.contains(&b'\\') {
        serde_json::from_slice::<String>(event.get(quoted)?)
            .ok()
            .map(Cow::Owned)
    } else {
        std::str::from_utf8(raw).ok().map(Cow::Borrowed)
    }
}

struct Scanner<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        self.ws();
        (self.peek()? == c).then(|| self.pos += 1)
    }

    /// A string starting at the cursor; its range with the quotes.
    fn string(&mut self) -> Option<Range<usize>> {
        let start = self.pos;
        if self.peek()? != b'"' {
            return None;
        }
        self.pos += 1;
        // Strings in events are short: a plain loop beats a vector search's set-up.
        loop {
            match *self.b.get(self.pos)? {
                b'"' => {
                    self.pos += 1;
                    return Some(start..self.pos);
                }
                b'\\' => self.pos += 2,
                _ => self.pos += 1,
            }
        }
    }

    /// Skips the value at the cursor (after whitespace): its range and kind. serde_json reads
    /// it, without recursion whatever its depth.
    fn value(&mut self) -> Option<(Range<usize>, Kind)> {
        self.ws();
        let start = self.pos;
        let kind = match self.peek()? {
            b'"' => Kind::String,
            b'{' => Kind::Object,
            b'[' => Kind::Array,
            b't' | b'f' | b'n' => Kind::Literal,
            b'-' | b'0'..=b'9' => Kind::Number,
            _ => return None,
        };
        let mut values =
            serde_json::Deserializer::from_slice(&self.b[start..]).into_iter::<IgnoredAny>();
        values.next()?.ok()?;
        self.pos = start + values.byte_offset();
        Some((start..self.pos, kind))
    }

    /// Inside an object (after `{`): the first member named `name`.
    fn member(&mut self, name: &str) -> Option<(Range<usize>, Range<usize>, Kind)> {
        self.ws();
        if self.peek()? == b'}' {
            return None;
        }
        loop {
            self.ws();
            let key = self.string()?;
            self.eat(b':')?;
            let (value, kind) = self.value()?;
            if string_at(self.b, key.clone()).as_deref() == Some(name) {
                return Some((key, value, kind));
            }
            self.eat(b',')?;
        }
    }

    /// Inside an array (after `[`): the element at `index`.
    fn element(&mut self, index: usize) -> Option<(Range<usize>, Kind)> {
        self.ws();
        if self.peek()? == b']' {
            return None;
        }
        for i in 0.. {
            let found = self.value()?;
            if i == index {
                return Some(found);
            }
            self.eat(b',')?;
        }
        None
    }

    /// Visits the value at the cursor and, where `f` wants it, everything inside it.
    fn walk<'p>(
        &mut self,
        key: Option<Range<usize>>,
        path: &mut Vec<Step<'p>>,
        f: &mut dyn FnMut(&[Step<'_>], &Found) -> bool,
    ) -> Option<()>
    where
        'a: 'p,
    {
        self.ws();
        let start = self.pos;
        let open = self.peek()?;
        if !matches!(open, b'{' | b'[') {
            let (value, kind) = self.value()?;
            f(path, &Found { key, value, kind });
            return Some(());
        }
        let kind = if open == b'{' {
            Kind::Object
        } else {
            Kind::Array
        };
        let descend = f(path, &Found::new(key, start..start + 1, kind));
        if !descend || path.len() >= MAX_DEPTH {
            self.value()?;
            return Some(());
        }
        self.pos = start + 1;
        self.ws();
        if matches!(self.peek()?, b'}' | b']') {
            self.pos += 1;
            return Some(());
        }
        let mut index = 0;
        loop {
            self.ws();
            if open == b'{' {
                let k = self.string()?;
                let name = string_at(self.b, k.clone())?;
                self.eat(b':')?;
                path.push(Step::Key(name));
                self.walk(Some(k), path, f)?;
            } else {
                path.push(Step::Index(index));
                self.walk(None, path, f)?;
            }
            path.pop();
            index += 1;
            self.ws();
            match self.peek()? {
                b',' => self.pos += 1,
                _ => break,
            }
        }
        // The closing bracket.
        self.pos += 1;
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVENT: &[u8] =
        br#"{"a": {"b~c": [1, {"d/e": "x\"y"}], "s": "t"}, "n": -1.5e3, "z": null}"#;

    fn text(found: &Found) -> &str {
        std::str::from_utf8(&EVENT[found.value.clone()]).unwrap()
    }

    #[test]
    fn pointers_land_on_their_values() {
        assert_eq!(text(&find(EVENT, "").unwrap()), "{");
        let d = find(EVENT, "/a/b~0c/1/d~1e").unwrap();
        assert_eq!(text(&d), r#""x\"y""#);
        assert_eq!(&EVENT[d.key.unwrap()], br#""d/e""#);
        assert_eq!(text(&find(EVENT, "/a/b~0c/0").unwrap()), "1");
        assert_eq!(find(EVENT, "/n").unwrap().kind, Kind::Number);
        assert_eq!(text(&find(EVENT, "/n").unwrap()), "-1.5e3");
        assert_eq!(find(EVENT, "/z").unwrap().kind, Kind::Literal);
        assert_eq!(find(EVENT, "/a/s").map(|f| f.kind), Some(Kind::String));
        assert!(find(EVENT, "/a/missing").is_none());
        assert!(find(EVENT, "/a/b~0c/2").is_none());
        assert!(find(EVENT, "/n/x").is_none());
        assert!(find(br#"{"a": "#, "/a").is_none());
        let pointers = ["/a/s", "", "/n", "/nope", "/a/b~0c/1/d~1e", "/a/s"];
        let one_by_one: Vec<_> = pointers.iter().map(|p| find(EVENT, p)).collect();
        assert_eq!(find_all(EVENT, &pointers), one_by_one);
    }

    #[test]
    fn every_value_is_visited_with_its_path() {
        let mut seen = Vec::new();
        visit(EVENT, &mut |path, found| {
            let p: Vec<String> = path
                .iter()
                .map(|s| match s {
                    Step::Key(k) => k.to_string(),
                    Step::Index(i) => i.to_string(),
                })
                .collect();
            seen.push((p.join("/"), found.kind));
            true
        });
        let paths: Vec<&str> = seen.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "",
                "a",
                "a/b~c",
                "a/b~c/0",
                "a/b~c/1",
                "a/b~c/1/d/e",
                "a/s",
                "n",
                "z"
            ]
        );
        // The same ranges as `find`.
        visit(EVENT, &mut |path, found| {
            if matches!(path, [Step::Key(k)] if k == "a") {
                assert_eq!(found, &find(EVENT, "/a").unwrap());
            }
            true
        });
    }

    #[test]
    fn deep_nesting_does_not_exhaust_the_stack() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let mut n = 0;
        visit(deep.as_bytes(), &mut |_, _| {
            n += 1;
            true
        });
        // Visited down to the walk's bound; what is below is skipped.
        assert_eq!(n, MAX_DEPTH + 1);
        assert!(find(deep.as_bytes(), "/0/0/0").is_some());
    }
}
