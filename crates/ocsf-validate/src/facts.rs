//! What the walk learns about an event and the rules read: where a value is (path segments and
//! pointer rendering), the values remembered until their object ends, the class chosen, and
//! the facts of the whole event (version, profiles, observables). Shared vocabulary of
//! `walk` (which gathers it) and `rules` (which judge it); neither imports the other's types.

use std::borrow::Cow;

use ocsf_schema::Class;

use crate::diag::escape_pointer_token;
use crate::formats::push_uint;
use crate::tables::{Owner, OwnerInfo};

/// One step of the path being walked.
#[derive(Debug)]
pub(crate) enum Seg<'de> {
    Key(Cow<'de, str>),
    /// A key that is the name of an attribute of the object it is in: copied into pointers as
    /// it is (no schema name holds `~` or `/`; `tables` tests it), which most tokens of most
    /// pointers are.
    Name(&'static str),
    Index(usize),
}

/// An extra pointer token below the current path.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Tok<'a> {
    Key(&'a str),
    Index(usize),
}

#[derive(Debug)]
pub(crate) enum EntryVal<'de> {
    Int(i64),
    Str(Cow<'de, str>),
}

/// A value remembered until its object ends (for sibling, time and event checks).
#[derive(Debug)]
pub(crate) struct Entry<'de> {
    pub attr: u16,
    /// Element index for arrays, [`SCALAR`] for a single value.
    pub index: u32,
    pub val: EntryVal<'de>,
}

/// [`Entry::index`] of a value that is not an array element.
pub(crate) const SCALAR: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClassStatus {
    Known,
    Missing,
    Unknown,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct ClassChoice {
    pub class: &'static Class,
    pub status: ClassStatus,
    pub uid: Option<i64>,
}

/// One observable of the event: its index, `name` and `value`.
#[derive(Debug, Default, Clone)]
pub(crate) struct ObservableSeen {
    pub index: usize,
    pub name: Option<String>,
    pub value: Option<String>,
}

/// Facts about the event gathered on the way, checked when it ends.
#[derive(Debug, Default)]
pub(crate) struct Facts<'de> {
    /// The class the event is judged as, once `class_uid` was read (or found missing).
    pub class: Option<ClassChoice>,
    pub version: Option<Cow<'de, str>>,
    pub profiles: Vec<Cow<'de, str>>,
    /// `metadata` has ended: [`Self::profiles`] is complete.
    pub profiles_known: bool,
    pub has_observables: bool,
    /// The top-level `class_uid` as a number, to verify a peeked class.
    pub class_uid: Option<i64>,
    /// The event has a top-level `class_uid` key, whatever its value.
    pub class_uid_present: bool,
    pub observables: Vec<ObservableSeen>,
}

impl Facts<'_> {
    pub fn profile_declared(&self, profile: &str) -> bool {
        self.profiles.iter().any(|p| p == profile)
    }

    pub fn class_known(&self) -> bool {
        self.class.is_some_and(|c| c.status == ClassStatus::Known)
    }
}

/// The object being walked: its schema owner, tables and where its state starts in the
/// walker's shared stacks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame<'v> {
    pub owner: Owner,
    /// `owner.attributes()`, looked up once: keys are found in it for every key of the object.
    pub attrs: &'static [&'static ocsf_schema::Attribute],
    pub info: &'v OwnerInfo,
    pub bits_base: usize,
    /// Where the bits of the attributes whose key occurred start (after those present).
    pub keys_base: usize,
    pub entries_base: usize,
    pub watches_base: usize,
    /// Object depth: 0 for the event itself.
    pub level: usize,
    pub is_metadata: bool,
}

pub(crate) fn render_pointer(path: &[Seg<'_>], extra: &[Tok<'_>]) -> String {
    // One allocation of about the right size: every diagnostic carries a pointer, and growing
    // the string and formatting indexes through `fmt` cost more than the rest of it.
    let len: usize = path
        .iter()
        .map(|seg| match seg {
            Seg::Key(k) => 1 + k.len(),
            Seg::Name(k) => 1 + k.len(),
            Seg::Index(_) => 4,
        })
        .chain(extra.iter().map(|t| match t {
            Tok::Key(k) => 1 + k.len(),
            Tok::Index(_) => 4,
        }))
        .sum();
    let mut s = String::with_capacity(len);
    for seg in path {
        s.push('/');
        match seg {
            Seg::Key(k) => escape_pointer_token(k, &mut s),
            Seg::Name(k) => s.push_str(k),
            Seg::Index(i) => push_uint(*i as u64, &mut s),
        }
    }
    for tok in extra {
        s.push('/');
        match *tok {
            Tok::Key(k) => escape_pointer_token(k, &mut s),
            Tok::Index(i) => push_uint(i as u64, &mut s),
        }
    }
    s
}

pub(crate) fn render_dotted(path: &[Seg<'_>], extra: &[Tok<'_>]) -> String {
    let keys = path
        .iter()
        .filter_map(|s| match s {
            Seg::Key(k) => Some(k.as_ref()),
            Seg::Name(k) => Some(*k),
            Seg::Index(_) => None,
        })
        .chain(extra.iter().filter_map(|t| match t {
            Tok::Key(k) => Some(*k),
            Tok::Index(_) => None,
        }));
    let mut out = String::new();
    for (i, k) in keys.enumerate() {
        if i > 0 {
            out.push('.');
        }
        out.push_str(k);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_keys_and_write_indexes_in_decimal() {
        let path = [
            Seg::Key(Cow::Borrowed("unmapped")),
            Seg::Key(Cow::Borrowed("a/b~c")),
            Seg::Index(0),
            Seg::Name("uid"),
        ];
        let extra = [Tok::Index(1_234_567_890), Tok::Key("")];
        assert_eq!(
            render_pointer(&path, &extra),
            "/unmapped/a~1b~0c/0/uid/1234567890/"
        );
        assert_eq!(render_pointer(&[], &[]), "");
        assert_eq!(
            render_pointer(&[Seg::Index(usize::MAX)], &[]),
            format!("/{}", usize::MAX)
        );
    }
}
