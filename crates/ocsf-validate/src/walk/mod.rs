//! The single pass over an event, driven by the schema tables through serde's
//! `DeserializeSeed`: which attribute each key is, and when each rule family runs (for each
//! value, when an object ends, when the event ends, after the walk). The rules themselves live
//! in `crate::rules` and see only a narrow context; the walk owns its state.
//!
//! State is kept in a few stacks that are shared by all objects of the event (seen-attribute
//! bits, remembered ids and captions, the path), so that entering an object allocates nothing
//! once the stacks have grown. Pointers and attribute paths are only rendered for a diagnostic.

mod event;
mod object;
mod observables;
mod scan;
mod skip;
#[cfg(test)]
mod tests;

use std::borrow::Cow;

use ocsf_schema::Schema;
use serde::de::DeserializeSeed;
use serde_json::Value;

use crate::diag::Report;
use crate::facts::{ClassChoice, Entry, Facts, Frame, ObservableSeen, Seg};
use crate::hooks::{Findings, PathView, Rule, StrValue};
use crate::peek::ClassUid;
use crate::policy::CompiledPolicy;
use crate::rules;
use crate::rules::context::{CodeTable, Msg, ObjectEnd, Reporter};
use crate::tables::{Owner, OwnerInfo, Tables};
use crate::versions::VersionMode;

use event::{choose_class, EventSeed};

/// What the walk needs of the validator: how versions are chosen, the policy, the codes'
/// severities and the registered value rules.
pub(crate) struct Judge<'v> {
    pub mode: VersionMode,
    pub policy: &'v CompiledPolicy,
    pub codes: &'v CodeTable,
    pub hooks: &'v [Box<dyn Rule>],
    /// The clock the validator read when it was built, in milliseconds since the epoch.
    pub now_ms: i64,
}

/// A walked event: its report, and the version that must judge it instead when the version it
/// claims turned out to be another than the one it was walked by.
pub(crate) type Walked = (Report, Option<&'static Schema>);

/// The scalar values at each named observable's path (see [`observables::values_at_names`]).
type Found = Option<Vec<Option<Vec<String>>>>;

/// Validates JSON text by the tables `t`, given its top-level `class_uid` as peeked from the
/// bytes. Knowing the class from the first key spares the walk keeping the keys before
/// `class_uid` raw and parsing them twice; the peek is verified after the walk.
pub(crate) fn walk_bytes(j: &Judge<'_>, t: &Tables, bytes: &[u8], class_uid: ClassUid) -> Walked {
    let preselect = match class_uid {
        ClassUid::Int(n) => Some(choose_class(t.schema, Some(&Value::from(n)))),
        ClassUid::Absent => Some(choose_class(t.schema, None)),
        ClassUid::Unread => None,
    };
    let verified = |w: &Walker<'_, '_>| match class_uid {
        ClassUid::Int(n) => w.facts.class_uid == Some(n),
        ClassUid::Absent => !w.facts.class_uid_present,
        ClassUid::Unread => true,
    };
    if let Some(done) = walk_fast(j, t, bytes, preselect, verified) {
        return done;
    }
    let walked = match walk_serde(j, t, bytes, preselect) {
        Ok(w) if verified(&w) => Ok(w),
        Ok(_) => walk_serde(j, t, bytes, None),
        Err(e) => Err(e),
    };
    match walked {
        Ok(w) => w.finish(|seen| {
            observables::values_at_names(seen, &mut serde_json::Deserializer::from_slice(bytes))
        }),
        Err(e) => {
            let mut out = Reporter::new(j.policy, j.codes);
            let object = bytes.trim_ascii_start().starts_with(b"{");
            rules::input::parse_error(&mut out, &e, object);
            (out.into_report(None), None)
        }
    }
}

/// Validates an event already parsed into a `Value` by the tables `t`.
pub(crate) fn walk_value(j: &Judge<'_>, t: &Tables, event: &Value) -> Report {
    let mut w = Walker::new(j, t);
    let preselect = event
        .as_object()
        .map(|o| choose_class(t.schema, o.get("class_uid")));
    let result = EventSeed {
        w: &mut w,
        preselect,
    }
    .deserialize(event);
    match result {
        Ok(()) => w.finish(|seen| observables::values_at_names(seen, event)).0,
        Err(e) => {
            let mut out = Reporter::new(j.policy, j.codes);
            rules::input::parse_error(&mut out, &e, event.is_object());
            out.into_report(None)
        }
    }
}

/// The walk over the zero-copy scanner, given the class peeked from the bytes. `None` when
/// serde_json has to decide instead: the event is not UTF-8 or not JSON (its error message,
/// line and column are quoted), nests too deep, its class could not be peeked, or the peek
/// was wrong. serde_json then gives the same diagnostics, only slower.
fn walk_fast(
    j: &Judge<'_>,
    t: &Tables,
    bytes: &[u8],
    preselect: Option<ClassChoice>,
    verified: impl Fn(&Walker<'_, '_>) -> bool,
) -> Option<Walked> {
    #[cfg(test)]
    if tests::SERDE_ONLY.with(std::cell::Cell::get) {
        return None;
    }
    preselect?;
    // One check of the whole event, so that strings are borrowed without checking each; with
    // SIMD, as it reads every byte of every event (std's check cost 0.7 instructions a byte).
    let text = simdutf8::basic::from_utf8(bytes).ok()?;
    let mut w = Walker::new(j, t);
    let mut scanner = scan::Scanner::new(text);
    EventSeed {
        w: &mut w,
        preselect,
    }
    .deserialize(&mut scanner)
    .ok()?;
    scanner.end().ok()?;
    if !verified(&w) {
        return None;
    }
    Some(w.finish(|seen| {
        observables::values_at_members(seen, scanner.members())
            .or_else(|| observables::values_at_names(seen, &mut scan::Scanner::new(text)))
    }))
}

fn walk_serde<'a>(
    j: &'a Judge<'a>,
    t: &'a Tables,
    bytes: &'a [u8],
    preselect: Option<ClassChoice>,
) -> Result<Walker<'a, 'a>, serde_json::Error> {
    let mut w = Walker::new(j, t);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    EventSeed {
        w: &mut w,
        preselect,
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok(w)
}

/// A dotted constraint path being followed into nested objects.
#[derive(Debug, Clone, Copy)]
struct Watch {
    /// Object depth of the constraint's owner; its hit bits live in `hits[owner]`.
    owner: usize,
    bit: u32,
    /// Object depth where `rest` is looked up.
    at: usize,
    rest: &'static str,
}

pub(crate) struct Walker<'v, 'de> {
    hooks: &'v [Box<dyn Rule>],
    mode: VersionMode,
    now_ms: i64,
    /// The tables of the version that judges this event.
    t: &'v Tables,
    /// The path being walked, and the diagnostics so far.
    out: Reporter<'v, 'de>,
    facts: Facts<'de>,
    bits: Vec<u64>,
    entries: Vec<Entry<'de>>,
    /// Nesting of JSON containers, for the depth bound.
    depth: usize,
    /// Nesting of objects: 0 inside the event itself.
    level: usize,
    watches: Vec<Watch>,
    hits: Vec<u32>,
    /// Set at the end of the event when the version it claims is judged by another version
    /// than `t` (the version was guessed from the bytes before the walk): walk it again.
    rejudge: Option<&'static Schema>,
    hook_buf: Vec<(&'static str, String, Option<String>)>,
    /// The keys seen so far of the objects being walked whose keys are compared as text
    /// (`skip::SeenKeys`), each object's above its parent's.
    seen_keys: Vec<Cow<'de, str>>,
}

struct PathRef<'p, 'de>(&'p [Seg<'de>]);

impl PathView for PathRef<'_, '_> {
    fn pointer(&self) -> String {
        crate::facts::render_pointer(self.0, &[])
    }
    fn dotted(&self) -> String {
        crate::facts::render_dotted(self.0, &[])
    }
    fn last_key(&self) -> Option<&str> {
        self.0.iter().rev().find_map(|s| match s {
            Seg::Key(k) => Some(k.as_ref()),
            Seg::Name(k) => Some(*k),
            Seg::Index(_) => None,
        })
    }
}

impl<'v, 'de> Walker<'v, 'de> {
    fn new(j: &Judge<'v>, t: &'v Tables) -> Self {
        Walker {
            hooks: j.hooks,
            mode: j.mode,
            now_ms: j.now_ms,
            t,
            out: Reporter::new(j.policy, j.codes),
            facts: Facts::default(),
            // Room for what a typical event needs (a few levels of objects, the values kept
            // for their object's rules), allocated once rather than grown by doubling.
            bits: Vec::with_capacity(16),
            entries: Vec::with_capacity(16),
            depth: 0,
            level: 0,
            watches: Vec::new(),
            hits: Vec::with_capacity(16),
            rejudge: None,
            hook_buf: Vec::new(),
            seen_keys: Vec::new(),
        }
    }

    /// The walk is over: the observables are judged (`values_at_names` makes the second, light
    /// pass over the event that finds the values at their names) and the report is stamped
    /// with the version that judged it.
    fn finish(mut self, values_at_names: impl FnOnce(&[ObservableSeen]) -> Found) -> Walked {
        if !self.facts.observables.is_empty() {
            let seen = std::mem::take(&mut self.facts.observables);
            if let Some(found) = values_at_names(&seen) {
                rules::observables::check(&mut self.out, &seen, &found);
            }
        }
        let report = self.out.into_report(Some(self.t.schema.version));
        (report, self.rejudge)
    }

    fn set_class(&mut self, choice: ClassChoice) {
        self.facts.class = Some(choice);
    }

    fn begin_frame(
        &mut self,
        owner: Owner,
        info: Option<&'v OwnerInfo>,
        via: Option<&'static str>,
        is_metadata: bool,
    ) -> Frame<'v> {
        let info = info.unwrap_or_else(|| self.t.info(owner));
        let attrs = owner.attributes();
        // The attributes present (not `null`), then the attributes whose key occurred.
        let words = attrs.len().div_ceil(64);
        let bits_base = self.bits.len();
        self.bits.resize(bits_base + 2 * words, 0);
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
            attrs,
            info,
            bits_base,
            keys_base: bits_base + words,
            entries_base: self.entries.len(),
            watches_base,
            level,
            is_metadata,
        }
    }

    /// The object of `frame` ends: its rules run (and the event's, at level 0).
    fn end_frame(&mut self, frame: &Frame<'v>) {
        let mut cx = ObjectEnd {
            t: self.t,
            mode: self.mode,
            frame,
            facts: &self.facts,
            entries: &self.entries[frame.entries_base..],
            seen: &self.bits[frame.bits_base..],
            hits: self.hits.get(frame.level).copied().unwrap_or(0),
            out: &mut self.out,
        };
        rules::object_end(&mut cx);
        if frame.level == 0 {
            if let Some(schema) = rules::event_end(&mut cx) {
                self.rejudge = Some(schema);
            }
        }
        if frame.level == 0 || frame.is_metadata {
            self.out.resolve_deferred(&mut self.facts);
        }
        self.bits.truncate(frame.bits_base);
        self.entries.truncate(frame.entries_base);
        self.watches.truncate(frame.watches_base);
        self.hits.pop();
        self.level -= 1;
    }

    /// Marks attribute `idx`'s key as occurred in `frame`'s object; whether it had before.
    fn key_repeated(&mut self, frame: &Frame<'v>, idx: u16) -> bool {
        let word = frame.keys_base + usize::from(idx / 64);
        let bit = 1 << (idx % 64);
        let before = self.bits[word] & bit != 0;
        self.bits[word] |= bit;
        before
    }

    fn set_seen(&mut self, frame: &Frame<'v>, idx: u16) {
        self.bits[frame.bits_base + idx as usize / 64] |= 1 << (idx % 64);
        if self.watches.len() > frame.watches_base {
            // Watches at this level were all pushed when the frame began.
            let name = frame.attrs[idx as usize].name;
            for i in frame.watches_base..self.watches.len() {
                let w = self.watches[i];
                if w.at == frame.level && w.rest == name {
                    self.hits[w.owner] |= 1 << w.bit;
                }
            }
        }
    }

    /// Hands a string value to the registered value rules: `attribute` with the object that
    /// holds it (`None` for a class attribute); `fixed_shape` when the value is a valid
    /// instance of a fixed-format data type; `caption` when it is a caption of its enum.
    #[inline]
    fn hook_str(
        &mut self,
        attribute: Option<(
            &'static ocsf_schema::Attribute,
            Option<&'static ocsf_schema::Object>,
        )>,
        value: &str,
        fixed_shape: bool,
        caption: bool,
    ) {
        // Called for every string: the common case (no rules) must not cost a call.
        if !self.hooks.is_empty() {
            self.run_hooks(attribute, value, fixed_shape, caption);
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
        fixed_shape: bool,
        caption: bool,
    ) {
        let past_room;
        {
            // The rules write into `hook_buf` while the path is borrowed: disjoint fields.
            let path = PathRef(&self.out.path);
            let object = attribute.and_then(|(_, o)| o);
            let sv = StrValue {
                value,
                fixed_shape,
                caption,
                attribute: attribute.map(|(a, _)| a),
                object: object.map(|o| o.name),
                object_addr: object.map_or(0, |o| o as *const ocsf_schema::Object as usize),
                path: &path,
            };
            let mut findings = Findings {
                out: &mut self.hook_buf,
                reporter: &self.out,
                past_room: 0,
            };
            for rule in self.hooks {
                rule.check_str(&sv, &mut findings);
            }
            past_room = findings.past_room;
        }
        if past_room > 0 {
            self.out.count_truncated(past_room);
        }
        // Most strings hold nothing.
        if self.hook_buf.is_empty() {
            return;
        }
        let mut buf = std::mem::take(&mut self.hook_buf);
        for (code, message, help) in buf.drain(..) {
            self.out.report(code, &[], || Msg::new(message, None, help));
        }
        self.hook_buf = buf;
    }
}
