//! The single pass over an event: the walker's state and how it reports.
//!
//! State is kept in a few stacks that are shared by all objects of the event (seen-attribute
//! bits, remembered ids and captions, the path), so that entering an object allocates nothing
//! once the stacks have grown. Pointers and attribute paths are only rendered for a diagnostic.

mod attr;
mod scan;
mod seeds;
mod skip;
#[cfg(test)]
mod tests;

use std::borrow::Cow;

use ocsf_schema::Class;

use crate::diag::Report;
use crate::diag::{escape_pointer_token, Diagnostic};
use crate::hooks::{Findings, PathView, StrValue};
use crate::tables::{Owner, OwnerInfo, Tables};
use crate::Validator;

pub(crate) use seeds::{choose_class, EventSeed};
pub(crate) use skip::KeySeed;

/// [`Validator::validate_bytes`] over the zero-copy scanner, given the class guessed from the
/// bytes. `None` when serde_json has to decide instead: the event is not UTF-8 or not JSON
/// (its error message, line and column are quoted), nests too deep, has no guessable class,
/// or the guess was wrong. serde_json then gives the same diagnostics, only slower.
pub(crate) fn validate_fast<'v>(
    v: &'v Validator,
    t: &'v Tables,
    bytes: &[u8],
    guess: Option<i64>,
) -> Option<(Report, Option<&'static ocsf_schema::Schema>)> {
    use serde::de::DeserializeSeed;
    #[cfg(test)]
    if tests::SERDE_ONLY.with(std::cell::Cell::get) {
        return None;
    }
    let uid = guess?;
    // One check of the whole event, so that strings are borrowed without checking each.
    let text = std::str::from_utf8(bytes).ok()?;
    let mut w = Walker::new(v, t);
    let preselect = Some(choose_class(t.schema, Some(&serde_json::Value::from(uid))));
    let mut scanner = scan::Scanner::new(text);
    EventSeed {
        w: &mut w,
        preselect,
    }
    .deserialize(&mut scanner)
    .ok()?;
    scanner.end().ok()?;
    if w.facts.class_uid != Some(uid) {
        return None;
    }
    if !w.facts.observables.is_empty() {
        let seen = std::mem::take(&mut w.facts.observables);
        crate::checks::observables::check(&mut w, &seen, &mut scan::Scanner::new(text));
    }
    let rejudge = w.rejudge;
    Some((w.into_report(), rejudge))
}

/// Message of the error used to stop a walk that nests too deep.
pub(crate) const DEPTH_MESSAGE: &str = "recursion limit exceeded";

#[derive(Debug)]
pub(crate) enum Seg<'de> {
    Key(Cow<'de, str>),
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
    /// Element index for arrays, `u32::MAX` for a single value.
    pub index: u32,
    pub val: EntryVal<'de>,
}

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

/// Facts about the event gathered on the way, checked when it ends.
#[derive(Debug, Default)]
pub(crate) struct Facts<'de> {
    pub version: Option<Cow<'de, str>>,
    pub profiles: Vec<Cow<'de, str>>,
    pub profiles_known: bool,
    pub has_observables: bool,
    /// The top-level `class_uid` as a number, to verify a guessed class.
    pub class_uid: Option<i64>,
    pub observables: Vec<crate::checks::observables::Seen>,
}

/// A diagnostic that depends on `metadata.profiles`, which may come later in the event.
#[derive(Debug)]
pub(crate) struct Deferred {
    pub profile: &'static str,
    /// Keep the diagnostic when the profile is declared (true) or when it is not (false).
    pub if_declared: bool,
    pub diag: Diagnostic,
}

/// A dotted constraint path being followed into nested objects.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Watch {
    /// Object depth of the constraint's owner; its hit bits live in `hits[owner]`.
    pub owner: usize,
    pub bit: u32,
    /// Object depth where `rest` is looked up.
    pub at: usize,
    pub rest: &'static str,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame<'v> {
    pub owner: Owner,
    pub info: &'v OwnerInfo,
    pub bits_base: usize,
    pub entries_base: usize,
    pub watches_base: usize,
    /// Object depth: 0 for the event itself.
    pub level: usize,
    pub is_metadata: bool,
}

pub(crate) struct Walker<'v, 'de> {
    pub v: &'v Validator,
    /// The tables of the version that judges this event.
    pub t: &'v Tables,
    /// Set at the end of the event when the version it claims is judged by another version
    /// than `t` (the version was guessed from the bytes before the walk): walk it again.
    pub rejudge: Option<&'static ocsf_schema::Schema>,
    pub diags: Vec<Diagnostic>,
    pub truncated: usize,
    pub path: Vec<Seg<'de>>,
    bits: Vec<u64>,
    pub entries: Vec<Entry<'de>>,
    /// Nesting of JSON containers, for the depth bound.
    pub depth: usize,
    pub level: usize,
    pub facts: Facts<'de>,
    pub deferred: Vec<Deferred>,
    pub watches: Vec<Watch>,
    pub hits: Vec<u32>,
    pub class: Option<ClassChoice>,
    hook_buf: Vec<(&'static str, String, Option<String>)>,
}

struct PathRef<'p, 'de>(&'p [Seg<'de>]);

impl PathView for PathRef<'_, '_> {
    fn pointer(&self) -> String {
        render_pointer(self.0, &[])
    }
    fn dotted(&self) -> String {
        render_dotted(self.0, &[])
    }
}

pub(crate) fn render_pointer(path: &[Seg<'_>], extra: &[Tok<'_>]) -> String {
    let mut s = String::new();
    for seg in path {
        s.push('/');
        match seg {
            Seg::Key(k) => escape_pointer_token(k, &mut s),
            Seg::Index(i) => s.push_str(&i.to_string()),
        }
    }
    for tok in extra {
        s.push('/');
        match tok {
            Tok::Key(k) => escape_pointer_token(k, &mut s),
            Tok::Index(i) => s.push_str(&i.to_string()),
        }
    }
    s
}

pub(crate) fn render_dotted(path: &[Seg<'_>], extra: &[Tok<'_>]) -> String {
    let keys = path
        .iter()
        .filter_map(|s| match s {
            Seg::Key(k) => Some(k.as_ref()),
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

impl<'v, 'de> Walker<'v, 'de> {
    pub fn new(v: &'v Validator, t: &'v Tables) -> Self {
        Walker {
            v,
            t,
            rejudge: None,
            diags: Vec::new(),
            truncated: 0,
            path: Vec::with_capacity(16),
            bits: Vec::new(),
            entries: Vec::new(),
            depth: 0,
            level: 0,
            facts: Facts::default(),
            deferred: Vec::new(),
            watches: Vec::new(),
            hits: Vec::new(),
            class: None,
            hook_buf: Vec::new(),
        }
    }

    /// The diagnostics, each stamped with the version that judged the event.
    pub fn into_report(self) -> Report {
        let version = self.t.schema.version;
        let mut diagnostics = self.diags;
        for d in &mut diagnostics {
            d.schema_version = Some(version);
        }
        Report {
            diagnostics,
            truncated: self.truncated,
            schema_version: Some(version),
        }
    }

    /// Builds a diagnostic at the current path plus `extra`, applying the policy.
    pub fn make(
        &self,
        code: &'static str,
        extra: &[Tok<'_>],
        message: String,
        schema_path: Option<String>,
        help: Option<String>,
    ) -> Option<Diagnostic> {
        let info = self.v.rule(code)?;
        let severity = self.v.policy.severity(code, info.severity)?;
        if self.v.policy.has_path_ignores
            && self
                .v
                .policy
                .ignored_at(code, &render_dotted(&self.path, extra))
        {
            return None;
        }
        Some(Diagnostic {
            code,
            severity,
            category: info.category,
            message,
            pointer: render_pointer(&self.path, extra),
            schema_path,
            help,
            position: None,
            schema_version: None,
        })
    }

    pub fn push(&mut self, diag: Option<Diagnostic>) {
        if let Some(d) = diag {
            if self.diags.len() >= self.v.policy.policy.max_diagnostics_per_event {
                self.truncated += 1;
            } else {
                self.diags.push(d);
            }
        }
    }

    pub fn emit(
        &mut self,
        code: &'static str,
        extra: &[Tok<'_>],
        message: String,
        schema_path: Option<String>,
        help: Option<String>,
    ) {
        let d = self.make(code, extra, message, schema_path, help);
        self.push(d);
    }

    /// Emits now if the profiles are known, else keeps the diagnostic until they are.
    pub fn emit_if_profile(
        &mut self,
        profile: &'static str,
        if_declared: bool,
        diag: Option<Diagnostic>,
    ) {
        let Some(diag) = diag else { return };
        if self.facts.profiles_known {
            if self.profile_declared(profile) == if_declared {
                self.push(Some(diag));
            }
        } else {
            self.deferred.push(Deferred {
                profile,
                if_declared,
                diag,
            });
        }
    }

    pub fn profile_declared(&self, profile: &str) -> bool {
        self.facts.profiles.iter().any(|p| p == profile)
    }

    pub fn resolve_deferred(&mut self) {
        self.facts.profiles_known = true;
        for d in std::mem::take(&mut self.deferred) {
            if self.profile_declared(d.profile) == d.if_declared {
                self.push(Some(d.diag));
            }
        }
    }

    pub fn begin_frame(
        &mut self,
        owner: Owner,
        info: Option<&'v OwnerInfo>,
        via: Option<&'static str>,
        is_metadata: bool,
    ) -> Frame<'v> {
        let info = info.unwrap_or_else(|| self.t.info(owner));
        let words = owner.attributes().len().div_ceil(64);
        let bits_base = self.bits.len();
        self.bits.resize(bits_base + words, 0);
        let level = self.level;
        self.level += 1;
        self.hits.push(0);
        let watches_base = self.watches.len();
        // Follow dotted constraint paths of enclosing objects into this one.
        if let Some(via) = via {
            for i in 0..watches_base {
                let w = self.watches[i];
                if w.at + 1 == level {
                    if let Some(rest) = w.rest.strip_prefix(via).and_then(|r| r.strip_prefix('.')) {
                        self.watches.push(Watch {
                            at: level,
                            rest,
                            ..w
                        });
                    }
                }
            }
        }
        for &(bit, path) in &info.dotted {
            self.watches.push(Watch {
                owner: level,
                bit,
                at: level,
                rest: path,
            });
        }
        Frame {
            owner,
            info,
            bits_base,
            entries_base: self.entries.len(),
            watches_base,
            level,
            is_metadata,
        }
    }

    pub fn end_frame(&mut self, frame: &Frame<'v>) {
        self.bits.truncate(frame.bits_base);
        self.entries.truncate(frame.entries_base);
        self.watches.truncate(frame.watches_base);
        self.hits.pop();
        self.level -= 1;
    }

    pub fn set_seen(&mut self, frame: &Frame<'v>, idx: u16) {
        self.bits[frame.bits_base + idx as usize / 64] |= 1 << (idx % 64);
        if self.watches.len() > frame.watches_base {
            // Watches at this level were all pushed when the frame began.
            let name = frame.owner.attributes()[idx as usize].name;
            for i in frame.watches_base..self.watches.len() {
                let w = self.watches[i];
                if w.at == frame.level && w.rest == name {
                    self.hits[w.owner] |= 1 << w.bit;
                }
            }
        }
    }

    pub fn is_seen(&self, frame: &Frame<'v>, idx: u16) -> bool {
        self.bits[frame.bits_base + idx as usize / 64] & (1 << (idx % 64)) != 0
    }

    /// Hands a string value to the registered value rules.
    #[inline]
    /// `attribute` with the object that holds it (`None` for a class attribute).
    pub fn hook_str(
        &mut self,
        attribute: Option<(
            &'static ocsf_schema::Attribute,
            Option<&'static ocsf_schema::Object>,
        )>,
        value: &str,
    ) {
        // Called for every string: the common case (no rules) must not cost a call.
        if !self.v.hooks.is_empty() {
            self.run_hooks(attribute, value);
        }
    }

    #[inline(never)]
    fn run_hooks(
        &mut self,
        attribute: Option<(
            &'static ocsf_schema::Attribute,
            Option<&'static ocsf_schema::Object>,
        )>,
        value: &str,
    ) {
        let mut buf = std::mem::take(&mut self.hook_buf);
        {
            let path = PathRef(&self.path);
            let sv = StrValue {
                value,
                attribute: attribute.map(|(a, _)| a),
                object: attribute.and_then(|(_, o)| o).map(|o| o.name),
                object_addr: attribute
                    .and_then(|(_, o)| o)
                    .map_or(0, |o| o as *const ocsf_schema::Object as usize),
                path: &path,
            };
            let mut findings = Findings { out: &mut buf };
            for rule in &self.v.hooks {
                rule.check_str(&sv, &mut findings);
            }
        }
        for (code, message, help) in buf.drain(..) {
            self.emit(code, &[], message, None, help);
        }
        self.hook_buf = buf;
    }
}
