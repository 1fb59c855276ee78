//! Edits of the event's text: replacements, insertions beside a member, removals, applied in
//! one splice that copies everything else as it was.

use std::ops::{Range, RangeInclusive};

use crate::span::{Member, Obj};
use crate::{Fix, FixKind};

/// Replace `range` of the event's text with `text` (an insertion when the range is empty).
#[derive(Debug, Clone)]
pub(crate) struct Edit {
    pub range: Range<usize>,
    pub text: String,
}

/// Where a new member goes: right after a member, or right before it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Beside<'m, 'a> {
    After(&'m Member<'a>),
    Before(&'m Member<'a>),
}

/// The edits of one event and the fixes they make. Edits come in groups, applied whole or
/// not at all (moving a member is a removal and an insertion: neither may happen alone).
#[derive(Debug, Default)]
pub(crate) struct Edits {
    edits: Vec<(Edit, usize)>,
    fixes: Vec<(Fix, usize)>,
    groups: usize,
}

/// A JSON string literal.
pub(crate) fn quoted(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

impl Edits {
    /// A fix in a group of its own.
    fn push(&mut self, kind: FixKind, path: &str, range: Range<usize>, text: String) {
        let group = self.group();
        self.edits.push((Edit { range, text }, group));
        let path = path.to_owned();
        self.fixes.push((Fix { kind, path }, group));
    }

    /// A new group, for edits that stand or fall together.
    pub fn group(&mut self) -> usize {
        self.groups += 1;
        self.groups - 1
    }

    /// An insertion in `group`, making no fix of its own.
    pub fn join(&mut self, group: usize, at: usize, text: String) {
        self.edits.push((
            Edit {
                range: at..at,
                text,
            },
            group,
        ));
    }

    /// Replaces the value of `member` with `value` (JSON text).
    pub fn replace(&mut self, kind: FixKind, path: &str, member: &Member<'_>, value: String) {
        self.push(kind, path, member.value.clone(), value);
    }

    /// Replaces `range` of the event (a value) with `value` (JSON text).
    pub fn replace_range(&mut self, kind: FixKind, path: &str, range: Range<usize>, value: String) {
        self.push(kind, path, range, value);
    }

    /// Inserts `"name": value` as a new member beside another, in the object's style.
    pub fn insert(
        &mut self,
        kind: FixKind,
        path: &str,
        text: &str,
        obj: &Obj<'_>,
        beside: Beside<'_, '_>,
        (name, value): (&str, &str),
    ) {
        let (sep, colon, key) = (obj.separator(text), obj.colon(text), quoted(name));
        let (at, new) = match beside {
            Beside::After(m) => (m.value.end, format!(",{sep}{key}{colon}{value}")),
            Beside::Before(m) => (m.key.start, format!("{key}{colon}{value},{sep}")),
        };
        self.push(kind, path, at..at, new);
    }

    /// Removes the members `run` (consecutive) of `obj` with the commas that join them to
    /// their neighbours, in one edit of `group`; a fix for each, at `path.name`.
    pub fn remove(
        &mut self,
        group: usize,
        kind: FixKind,
        obj: &Obj<'_>,
        run: RangeInclusive<usize>,
        path: &str,
    ) {
        let (first, last) = (*run.start(), *run.end());
        let m = &obj.members;
        let range = match (first.checked_sub(1), m.get(last + 1)) {
            (Some(prev), _) => m[prev].value.end..m[last].value.end,
            (None, Some(next)) => m[first].key.start..next.key.start,
            (None, None) => m[first].key.start..m[last].value.end,
        };
        let text = String::new();
        self.edits.push((Edit { range, text }, group));
        for member in &m[first..=last] {
            let path = crate::join(path, &member.name);
            self.fixes.push((Fix { kind, path }, group));
        }
    }

    /// The event with every edit applied, and the fixes made. A group with an edit that
    /// overlaps an earlier edit is left out whole.
    pub fn apply(mut self, text: &str) -> (String, Vec<Fix>) {
        self.edits
            .sort_by_key(|(e, _)| (e.range.start, e.range.end));
        let mut dropped = vec![false; self.groups.max(1)];
        let mut end = 0;
        for (i, (edit, group)) in self.edits.iter().enumerate() {
            if i > 0 && edit.range.start < end {
                dropped[*group] = true;
            }
            end = end.max(edit.range.end);
        }
        let mut out = String::with_capacity(text.len() + 64);
        let mut copied = 0;
        for (edit, group) in &self.edits {
            if dropped[*group] {
                continue;
            }
            out.push_str(&text[copied..edit.range.start]);
            out.push_str(&edit.text);
            copied = edit.range.end;
        }
        out.push_str(&text[copied..]);
        let fixes = self
            .fixes
            .into_iter()
            .filter_map(|(f, g)| (!dropped[g]).then_some(f))
            .collect();
        (out, fixes)
    }
}
