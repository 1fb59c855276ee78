//! Where a JSON Pointer lands in an event's bytes, and every value of an event with its path:
//! the excerpt of the human format, the exact line of a finding in SARIF and GitLab reports,
//! and the values hashed into baseline fingerprints. The library's diagnostics carry a pointer
//! only; the bytes are read again here, for the few events that have a diagnostic.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

use ocsf_validate::escape_pointer_token;
use serde::de::IgnoredAny;

use super::json_text::first_to_escape;

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

/// The value `pointer` (RFC 6901) names in `event`, if the event is JSON that has it: the
/// first in the event's order. Where a name repeats in an object, a path that does not go on
/// through its first member is looked for in the next (the validator reads every member of a
/// repeated name, and reports inside any of them).
pub fn find(event: &[u8], pointer: &str) -> Option<Found> {
    let mut s = Scanner { b: event, pos: 0 };
    s.ws();
    let (value, kind) = s.value()?;
    if pointer.is_empty() {
        return Some(Found::new(None, value, kind));
    }
    let tokens: Vec<Cow<'_, str>> = pointer
        .strip_prefix('/')?
        .split('/')
        .map(unescape)
        .collect();
    s.below(None, value, kind, &tokens)
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

/// The values several pointers name, as [`find`] says for each (the first in the event's
/// order): one pass over the event for all of them, descending
/// only along their paths (an event with many diagnostics would otherwise be read once per
/// diagnostic).
pub fn find_all(event: &[u8], pointers: &[&str]) -> Vec<Option<Found>> {
    let wanted: Vec<(&str, usize)> = pointers.iter().map(|&p| (p, 0)).collect();
    find_all_nth(event, &wanted)
}

/// [`find_all`] for `(pointer, n)` pairs: the value after the `n` first ones at the pointer,
/// in the event's order. Where a member name repeats, the validator reports each repetition
/// (OCSF208) with the same pointer; the `n`th of those points at the repetition it is about.
pub fn find_all_nth(event: &[u8], wanted: &[(&str, usize)]) -> Vec<Option<Found>> {
    if wanted.len() <= 2 && wanted.iter().all(|&(_, n)| n == 0) {
        return wanted.iter().map(|&(p, _)| find(event, p)).collect();
    }
    // Values met so far at each pointer.
    let mut met = vec![0; wanted.len()];
    // The pointers sorted, with the index of each: a value's pointer is looked up by binary
    // search, and the value is descended into when some pointer continues below it (those
    // sort together, after `its pointer + "/"`). No hashing, and the pointer of the value at
    // hand is one buffer, cut back to its parent's: a hash set of prefixes and a pointer
    // copied per value were a third of the human format's time. The search for a value runs
    // only over the pointers below its parent (most often one or two), and finds those below
    // the value itself by reading on from its own: two searches over all of them per value
    // were a twentieth of the human format's time.
    let mut sorted: Vec<(&str, usize)> = wanted.iter().map(|&(p, _)| p).zip(0..).collect();
    sorted.sort_unstable();
    let mut out = vec![None; wanted.len()];
    let mut pointer = String::new();
    // For each value descended into, by depth: the length of its pointer, and the range of
    // `sorted` that continues below it.
    let mut frames: Vec<(usize, Range<usize>)> = Vec::new();
    visit(event, &mut |path, found| {
        frames.truncate(path.len().saturating_sub(1));
        let (len, range) = frames.last().cloned().unwrap_or((0, 0..sorted.len()));
        pointer.truncate(len);
        if let Some(step) = path.last() {
            pointer.push('/');
            match step {
                Step::Key(k) => escape_pointer_token(k, &mut pointer),
                Step::Index(i) => {
                    let _ = write!(pointer, "{i}");
                }
            }
        }
        let within = &sorted[range.clone()];
        let mut at = within.partition_point(|&(p, _)| p < pointer.as_str());
        while let Some(&(_, i)) = within.get(at).filter(|&&(p, _)| p == pointer) {
            // A repeated member name: the one asked for (the first, as `find` says, unless
            // told otherwise).
            if met[i] == wanted[i].1 {
                out[i] = Some(found.clone());
            }
            met[i] += 1;
            at += 1;
        }
        // What follows the value's own pointer in the byte after it, for the pointers that
        // start with it; they sort by that byte, those below the value at `/`.
        let next = |at: usize| {
            within
                .get(at)
                .and_then(|&(p, _)| p.strip_prefix(pointer.as_str()))
                .and_then(|rest| rest.bytes().next())
        };
        while next(at).is_some_and(|b| b < b'/') {
            at += 1;
        }
        let below = at;
        while next(at) == Some(b'/') {
            at += 1;
        }
        let descend = at > below;
        if descend {
            frames.push((pointer.len(), range.start + below..range.start + at));
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

/// Where the string starting at `start` (its opening quote) ends, past its closing quote:
/// `None` where serde_json's skipping of a string fails (a control character, an escape other
/// than JSON's, a `\u` without four hex digits, the end of the bytes). Like serde_json, it
/// does not check UTF-8 or pair surrogates when it only skips.
fn skip_string(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        // The plain bytes up to a quote, a backslash or a control character, eight at a time.
        i += first_to_escape(b.get(i..)?)?;
        match b[i] {
            b'"' => return Some(i + 1),
            b'\\' => match *b.get(i + 1)? {
                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => i += 2,
                b'u' => {
                    let hex = b.get(i + 2..i + 6)?;
                    if !hex.iter().all(u8::is_ascii_hexdigit) {
                        return None;
                    }
                    i += 6;
                }
                _ => return None,
            },
            _ => return None,
        }
    }
}

/// Where the number starting at `start` ends: `None` where serde_json's skipping of a number
/// fails (JSON's grammar: no leading zero, digits after `.` and after the exponent), or when
/// what follows could not end a value.
fn skip_number(b: &[u8], start: usize) -> Option<usize> {
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut i = start + usize::from(b.get(start) == Some(&b'-'));
    match *b.get(i)? {
        b'0' => {
            i += 1;
            if digit(i) {
                return None;
            }
        }
        b'1'..=b'9' => {
            i += 1;
            while digit(i) {
                i += 1;
            }
        }
        _ => return None,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digit(i) {
            return None;
        }
        while digit(i) {
            i += 1;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digit(i) {
            return None;
        }
        while digit(i) {
            i += 1;
        }
    }
    end_of_value(b, i)
}

/// Where `true`, `false` or `null` starting at `start` ends, as [`skip_number`] says.
fn skip_literal(b: &[u8], start: usize) -> Option<usize> {
    let rest = b.get(start..)?;
    let len = [&b"true"[..], b"false", b"null"]
        .into_iter()
        .find(|lit| rest.starts_with(lit))?
        .len();
    end_of_value(b, start + len)
}

/// `end` when a value that does not delimit itself (a number, a literal) may end there: what
/// serde_json's stream of values requires after one.
fn end_of_value(b: &[u8], end: usize) -> Option<usize> {
    match b.get(end) {
        None
        | Some(b' ' | b'\n' | b'\t' | b'\r' | b'"' | b'[' | b']' | b'{' | b'}' | b',' | b':') => {
            Some(end)
        }
        Some(_) => None,
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
        // Member names are short: a plain loop beats a vector search's set-up, and measured as
        // fast as `first_to_escape` (which values, longer, are skipped with).
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

    /// Skips the value at the cursor (after whitespace): its range and kind. A container is
    /// read by serde_json, without recursion whatever its depth.
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
        // Scalars (most values) are skipped here, accepting exactly what serde_json accepts
        // when it skips them, without setting up a deserializer for each.
        self.pos = match kind {
            Kind::String => skip_string(self.b, start)?,
            Kind::Number => skip_number(self.b, start)?,
            Kind::Literal => skip_literal(self.b, start)?,
            Kind::Object | Kind::Array => {
                let mut values = serde_json::Deserializer::from_slice(&self.b[start..])
                    .into_iter::<IgnoredAny>();
                values.next()?.ok()?;
                start + values.byte_offset()
            }
        };
        Some((start..self.pos, kind))
    }

    /// The first value, in the event's order, at `tokens` below the value `value` (of `kind`,
    /// under the member name `key`). Recursion as deep as the pointer: the validator's.
    fn below(
        &mut self,
        key: Option<Range<usize>>,
        value: Range<usize>,
        kind: Kind,
        tokens: &[Cow<'_, str>],
    ) -> Option<Found> {
        let Some((token, rest)) = tokens.split_first() else {
            return Some(Found::new(key, value, kind));
        };
        self.pos = value.start + 1;
        match kind {
            Kind::Object => loop {
                let (k, v, vk) = self.member(token)?;
                let after = self.pos;
                if let Some(found) = self.below(Some(k), v, vk, rest) {
                    return Some(found);
                }
                // The next member of the same name, if any.
                self.pos = after;
                self.eat(b',')?;
            },
            Kind::Array => {
                let index: usize = token.parse().ok()?;
                let (v, vk) = self.element(index)?;
                self.below(None, v, vk, rest)
            }
            _ => None,
        }
    }

    /// Inside an object (after `{`, or after a member's `,`): the next member named `name`.
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

    /// Where serde_json, skipping the value at the start of `b`, ends it.
    fn serde_json_skip(b: &[u8]) -> Option<usize> {
        let mut values = serde_json::Deserializer::from_slice(b).into_iter::<IgnoredAny>();
        values.next()?.ok()?;
        Some(values.byte_offset())
    }

    /// Every number and literal of up to five bytes (the bytes of JSON's number grammar, of
    /// the literals, and what may or may not follow a value) ends where serde_json's skipping
    /// ends it, or fails as it does.
    #[test]
    fn numbers_and_literals_are_skipped_as_serde_json_skips_them() {
        let alphabet = b"-+019.eExtrufalsn ,}\"";
        let mut texts: Vec<Vec<u8>> = vec![Vec::new()];
        for len in 1..=5 {
            let longer: Vec<Vec<u8>> = texts
                .iter()
                .filter(|t| t.len() == len - 1)
                .flat_map(|t| alphabet.iter().map(move |&c| [t.as_slice(), &[c]].concat()))
                .collect();
            texts.extend(longer);
        }
        texts.extend(
            [
                &b"true"[..],
                b"false",
                b"null",
                b"-0.5e+12",
                b"12345678901234567890x",
            ]
            .map(<[u8]>::to_vec),
        );
        let mut skipped = 0;
        for text in texts
            .iter()
            .filter(|t| matches!(t.first(), Some(b'-' | b'0'..=b'9' | b't' | b'f' | b'n')))
        {
            let ours = match text[0] {
                b't' | b'f' | b'n' => skip_literal(text, 0),
                _ => skip_number(text, 0),
            };
            assert_eq!(
                ours,
                serde_json_skip(text),
                "{:?}",
                String::from_utf8_lossy(text)
            );
            skipped += usize::from(ours.is_some());
        }
        assert!(skipped > 1000, "{skipped}");
    }

    /// Every string of up to five bytes after its quote, over the bytes that matter to an
    /// escape and a few others, ends where serde_json's skipping ends it, or fails as it does.
    #[test]
    fn strings_are_skipped_as_serde_json_skips_them() {
        let alphabet = [
            b'"', b'\\', b'u', b'a', b'0', b'F', b'g', b'/', b'n', 0x1f, 0, 0xe9, 0x7f, b' ',
        ];
        let mut bodies: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..5 {
            let longer: Vec<Vec<u8>> = bodies
                .iter()
                .filter(|b| b.len() == bodies.last().map_or(0, Vec::len))
                .flat_map(|b| alphabet.iter().map(move |&c| [b.as_slice(), &[c]].concat()))
                .collect();
            bodies.extend(longer);
        }
        for tail in [
            &b""[..],
            br#"""#,
            br#"\u00e9""#,
            br#"\uD800""#,
            br#"\uZZZZ""#,
            br"\u12",
        ] {
            for body in &bodies {
                let text = [&b"\""[..], body, tail].concat();
                assert_eq!(skip_string(&text, 0), serde_json_skip(&text), "{text:?}");
            }
        }
    }

    const EVENT: &[u8] =
        br#"{"a": {"b~c": [1, {"d/e": "x\"y"}], "s": "t"}, "n": -1.5e3, "z": null}"#;

    fn text(found: &Found) -> &str {
        std::str::from_utf8(&EVENT[found.value.clone()]).unwrap()
    }

    /// `find_all` and `find` give the first value at each pointer in the event's order (found
    /// here by visiting every value and writing its pointer out). On generated events whose names sort around `/` (`a-b`, `a.b` before it,
    /// `a0`, `ab` after), need escapes (`a/b`, `a~b`), repeat in one object, or are empty, with
    /// pointers to every value, below scalars, past the ends of arrays and to names that are
    /// not there (a fixed seed: the same cases each run).
    #[test]
    fn find_all_finds_the_first_value_at_each_pointer() {
        const NAMES: [&str; 9] = ["a", "a-b", "a.b", "a/b", "a~b", "a0", "ab", "b", ""];
        struct Gen {
            seed: u64,
            repeated: bool,
            pointers: Vec<String>,
        }
        impl Gen {
            fn next(&mut self, n: usize) -> usize {
                self.seed ^= self.seed << 13;
                self.seed ^= self.seed >> 7;
                self.seed ^= self.seed << 17;
                (self.seed % n as u64) as usize
            }
            /// A value of at most `depth` levels at pointer `at`, every pointer into it noted.
            fn value(&mut self, depth: usize, at: &str) -> String {
                self.pointers.push(at.to_owned());
                let kind = if depth == 0 {
                    2 + self.next(2)
                } else {
                    self.next(4)
                };
                match kind {
                    0 => {
                        let mut names = Vec::new();
                        let mut members = Vec::new();
                        for _ in 0..self.next(5) {
                            let name = NAMES[self.next(NAMES.len())];
                            self.repeated |= names.contains(&name);
                            names.push(name);
                            let token = name.replace('~', "~0").replace('/', "~1");
                            let inner = self.value(depth - 1, &format!("{at}/{token}"));
                            members
                                .push(format!("{}: {inner}", serde_json::to_string(name).unwrap()));
                        }
                        format!("{{{}}}", members.join(", "))
                    }
                    1 => {
                        let items: Vec<String> = (0..self.next(4))
                            .map(|i| self.value(depth - 1, &format!("{at}/{i}")))
                            .collect();
                        format!("[{}]", items.join(","))
                    }
                    2 => self.next(100).to_string(),
                    _ => "\"x\"".to_owned(),
                }
            }
        }
        let mut g = Gen {
            seed: 0x9e37_79b9_7f4a_7c15,
            repeated: false,
            pointers: Vec::new(),
        };
        let (mut with_repeats, mut without) = (0, 0);
        for _ in 0..3000 {
            g.repeated = false;
            g.pointers.clear();
            let event = g.value(3, "");
            let mut pointers = std::mem::take(&mut g.pointers);
            pointers.extend(["/nope", "/a/zz", "/b/7", "/a/0/a", "/-"].map(String::from));
            let chosen: Vec<&str> = (0..1 + g.next(8))
                .map(|_| pointers[g.next(pointers.len())].as_str())
                .collect();
            let mut first: Vec<(String, Found)> = Vec::new();
            visit(event.as_bytes(), &mut |path, found| {
                let mut pointer = String::new();
                for step in path {
                    pointer.push('/');
                    match step {
                        Step::Key(k) => escape_pointer_token(k, &mut pointer),
                        Step::Index(i) => pointer.push_str(&i.to_string()),
                    }
                }
                if !first.iter().any(|(p, _)| *p == pointer) {
                    first.push((pointer, found.clone()));
                }
                true
            });
            let expected: Vec<Option<Found>> = (chosen.iter())
                .map(|c| first.iter().find(|(p, _)| p == c).map(|(_, f)| f.clone()))
                .collect();
            assert_eq!(
                find_all(event.as_bytes(), &chosen),
                expected,
                "{event} {chosen:?}"
            );
            let one_by_one: Vec<_> = chosen.iter().map(|p| find(event.as_bytes(), p)).collect();
            assert_eq!(one_by_one, expected, "{event} {chosen:?}");
            if g.repeated {
                with_repeats += 1;
            } else {
                without += 1;
            }
        }
        // Both kinds were generated.
        assert!(
            with_repeats > 100 && without > 100,
            "{with_repeats} {without}"
        );
    }

    /// The `n`th value at a pointer: each repetition of a name, in order, also below a
    /// repeated name and among other pointers; none past the last.
    #[test]
    fn the_nth_value_at_a_pointer() {
        let event = br#"{"a": 1, "b": {"a": 2}, "a": 3, "a": {"c": 4}}"#;
        let wanted = [
            ("/a", 0),
            ("/a", 1),
            ("/a", 2),
            ("/a", 3),
            ("/b/a", 0),
            ("/a/c", 0),
        ];
        let found: Vec<Option<&str>> = find_all_nth(event, &wanted)
            .iter()
            .map(|f| {
                f.as_ref()
                    .map(|f| std::str::from_utf8(&event[f.value.clone()]).unwrap())
            })
            .collect();
        assert_eq!(
            found,
            [Some("1"), Some("3"), Some("{"), None, Some("2"), Some("4")]
        );
        // Two pointers, one past the first value: not the shortcut through `find`.
        let found = find_all_nth(event, &[("/a", 1), ("/b", 0)]);
        assert_eq!(found[0].as_ref().map(|f| f.value.clone()), Some(29..30));
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
        // A repeated name: the first member, however many pointers are looked for at once.
        let repeated = br#"{"a": 1, "b": {"c": 2, "c": 3}, "a": 4}"#;
        for pointers in [&["/a", "/b/c"][..], &["/a", "/b/c", "/b", "/a"]] {
            let one_by_one: Vec<_> = pointers.iter().map(|p| find(repeated, p)).collect();
            assert_eq!(find_all(repeated, pointers), one_by_one);
        }
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
