//! Fixes for OCSF events: what `ocsf-validate --fix` writes.
//!
//! A fix is computed from the event and the schema tables of the version that judges it (the
//! version it claims in `metadata.version`, chosen as the validator chooses it), never from
//! diagnostic messages, and spliced into the event's text: key order, spacing and number
//! formatting of everything else are kept, and a second run changes nothing.
//!
//! **Safe fixes** are exact consequences of the schema:
//!
//! - [`FixKind::Caption`]: a caption that disagrees with its enum id (`class_name`,
//!   `category_name`, `activity_name`, `severity`, `status`, `device.type`, every sibling in
//!   every object, and `type_name`) gets the id's caption; a required caption that is missing is
//!   added. Never when the id is not a listed value, nor for id 99 (Other), whose caption is
//!   the producer's label (of `type_name` with activity 99 only the class part is fixed).
//! - [`FixKind::ClassId`]: `category_uid` from `class_uid`, `type_uid` from `class_uid` and
//!   `activity_id` (only when the activity is listed for the class), a missing `activity_id`
//!   from a `type_uid` of the class.
//! - [`FixKind::IdFromCaption`]: a missing id whose caption is listed (exactly, or in another
//!   case when only one caption matches) gets that id.
//!
//! **Unsafe fixes** need judgement and are made only with [`Fixer::with_unsafe_fixes`]:
//!
//! - [`FixKind::TimestampUnit`]: a `timestamp_t` written in seconds, microseconds or
//!   nanoseconds (what OCSF911 reports) is rewritten in milliseconds, and a `duration` that
//!   agreed with `start_time` and `end_time` in that unit with them;
//! - [`FixKind::DatetimeFromTime`]: a `*_dt` of a declared profile is filled from its
//!   timestamp, or rewritten when it names another instant;
//! - [`FixKind::Unmapped`]: attributes the schema does not define (in the event, or in an
//!   object: under their path, `device.vendor_zone`) are moved into `unmapped`.
//!
//! ```
//! use ocsf_fix::{Fixer, FixKind};
//!
//! let fixer = Fixer::new(ocsf_validate::VersionMode::default());
//! let event = r#"{"class_uid": 3002, "activity_id": 1, "type_uid": 300299, "severity_id": 1, "severity": "High"}"#;
//! let fixed = fixer.fix_event(event).unwrap();
//! assert_eq!(
//!     fixed.text,
//!     r#"{"class_uid": 3002, "category_uid": 3, "activity_id": 1, "type_uid": 300201, "severity_id": 1, "severity": "Informational"}"#
//! );
//! assert_eq!(fixed.count(FixKind::ClassId), 2);
//! assert_eq!(fixed.count(FixKind::Caption), 1);
//! ```

mod edit;
mod risky;
mod safe;
mod span;

use std::collections::HashMap;

use ocsf_schema::{Attribute, Class, Object, Schema};
use ocsf_validate::VersionMode;

use edit::Edits;
use span::Obj;

/// What a fix does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FixKind {
    /// A caption set from its id.
    Caption,
    /// `category_uid`, `type_uid` (or a missing `activity_id`) set from the class and activity.
    ClassId,
    /// A missing id set from its listed caption.
    IdFromCaption,
    /// A timestamp rewritten in milliseconds (unsafe).
    TimestampUnit,
    /// A `*_dt` set from its timestamp (unsafe).
    DatetimeFromTime,
    /// An attribute the class does not define moved into `unmapped` (unsafe).
    Unmapped,
}

impl FixKind {
    /// Every kind, safe ones first.
    pub const ALL: [FixKind; 6] = [
        FixKind::Caption,
        FixKind::ClassId,
        FixKind::IdFromCaption,
        FixKind::TimestampUnit,
        FixKind::DatetimeFromTime,
        FixKind::Unmapped,
    ];

    /// Made without `--unsafe-fixes`: an exact consequence of the schema.
    pub fn is_safe(self) -> bool {
        matches!(
            self,
            FixKind::Caption | FixKind::ClassId | FixKind::IdFromCaption
        )
    }

    /// A short name for summaries (`caption`, `class-id`, ...).
    pub fn name(self) -> &'static str {
        match self {
            FixKind::Caption => "caption",
            FixKind::ClassId => "class-id",
            FixKind::IdFromCaption => "id-from-caption",
            FixKind::TimestampUnit => "timestamp-unit",
            FixKind::DatetimeFromTime => "datetime-from-time",
            FixKind::Unmapped => "unmapped",
        }
    }
}

/// One fix made: its kind and the dotted path of the attribute it set (`device.type`,
/// `observables[0].type`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub kind: FixKind,
    pub path: String,
}

/// An event after fixing.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The event's text with the fixes spliced in (the input when there were none).
    pub text: String,
    /// The fixes made, in no particular order.
    pub fixes: Vec<Fix>,
    /// Unsafe fixes found but not made (the fixer was built without them).
    pub unsafe_available: usize,
}

impl Fixed {
    /// How many fixes of `kind` were made.
    pub fn count(&self, kind: FixKind) -> usize {
        self.fixes.iter().filter(|f| f.kind == kind).count()
    }
}

/// Why an event could not be fixed. It is then left as it is.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not JSON: {0}")]
    NotJson(String),
    #[error("not a JSON object")]
    NotAnObject,
}

/// Which attributes the schema lacks are accepted where they are (by their dotted path).
pub type Accepts<'a> = &'a (dyn Fn(&str) -> bool + Sync);

/// Computes the fixes of events.
#[derive(Clone, Copy)]
pub struct Fixer<'a> {
    mode: VersionMode,
    unsafe_fixes: bool,
    accepts: Option<Accepts<'a>>,
}

impl std::fmt::Debug for Fixer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fixer")
            .field("mode", &self.mode)
            .field("unsafe_fixes", &self.unsafe_fixes)
            .field("accepts", &self.accepts.is_some())
            .finish()
    }
}

impl<'a> Fixer<'a> {
    /// Safe fixes only, each event judged by the version `mode` chooses for it (pass the
    /// validator's mode, so that both read an event by the same version).
    pub fn new(mode: VersionMode) -> Fixer<'a> {
        Fixer {
            mode,
            unsafe_fixes: false,
            accepts: None,
        }
    }

    /// Also make the unsafe fixes.
    pub fn with_unsafe_fixes(mut self, on: bool) -> Fixer<'a> {
        self.unsafe_fixes = on;
        self
    }

    /// Attributes the schema lacks that `accepts` accepts (by dotted path) stay where they are
    /// instead of moving into `unmapped`: pass the validator's
    /// `accepts_unknown_attribute`, so that what the policy allows is not moved.
    pub fn with_accepted_unknown(mut self, accepts: Accepts<'a>) -> Fixer<'a> {
        self.accepts = Some(accepts);
        self
    }

    /// The fixes of one event (a JSON object).
    pub fn fix_event(&self, text: &str) -> Result<Fixed, Error> {
        let raw: &serde_json::value::RawValue =
            serde_json::from_str(text).map_err(|e| Error::NotJson(e.to_string()))?;
        let event = span::object(text, raw.get()).ok_or(Error::NotAnObject)?;
        let metadata = event
            .member("metadata")
            .and_then(|m| span::object(text, m.raw));
        let claimed = metadata
            .as_ref()
            .and_then(|m| m.member("version"))
            .and_then(|v| span::string(v.raw));
        let schema = ocsf_validate::versions::choose(self.mode, claimed.as_deref()).schema;
        let profiles = metadata
            .as_ref()
            .and_then(|m| m.member("profiles"))
            .and_then(|p| span::elements(p.raw))
            .map(|ps| ps.into_iter().filter_map(span::string).collect())
            .unwrap_or_default();
        let class = event
            .member("class_uid")
            .and_then(|m| span::int(m.raw))
            .and_then(|uid| u32::try_from(uid).ok())
            .and_then(|uid| schema.class_by_uid(uid));
        let mut cx = Cx {
            text,
            schema,
            profiles,
            unsafe_fixes: self.unsafe_fixes,
            accepts: self.accepts,
            unmapped: None,
            edits: Edits::default(),
            unsafe_available: 0,
        };
        let mut known = HashMap::new();
        let owner = match class {
            Some(c) => {
                safe::class(&mut cx, &event, c, &mut known);
                Owner::Class(c)
            }
            None => match schema.class_by_name("base_event") {
                Some(base) => Owner::Class(base),
                None => return Ok(cx.finish()),
            },
        };
        // Attributes the schema lacks are moved only for a known class: for another they are
        // unknown only to `base_event`.
        if class.is_some() {
            cx.unmapped = risky::plan(&mut cx, &event, owner);
        }
        cx.object(&event, owner, "", Some((class.is_some(), &known)));
        risky::insert(&mut cx, &event);
        Ok(cx.finish())
    }
}

/// A class or an object: whatever owns attributes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Owner {
    Class(&'static Class),
    Object(&'static Object),
}

impl Owner {
    fn attribute(self, name: &str) -> Option<&'static Attribute> {
        match self {
            Owner::Class(c) => c.attribute(name),
            Owner::Object(o) => o.attribute(name),
        }
    }

    fn attributes(self) -> &'static [&'static Attribute] {
        match self {
            Owner::Class(c) => c.attributes(),
            Owner::Object(o) => o.attributes(),
        }
    }
}

/// The event being fixed.
pub(crate) struct Cx<'t> {
    text: &'t str,
    schema: &'static Schema,
    profiles: Vec<String>,
    unsafe_fixes: bool,
    accepts: Option<Accepts<'t>>,
    unmapped: Option<risky::Unmapped>,
    edits: Edits,
    unsafe_available: usize,
}

/// At the top level: whether the class is known, and ids the class fixes set or confirmed.
pub(crate) type Top<'k> = Option<(bool, &'k HashMap<&'static str, i64>)>;

impl Cx<'_> {
    /// The attribute may be written: it belongs to no profile, or to one the event declares.
    fn may_write(&self, attr: &Attribute) -> bool {
        attr.deprecated.is_none()
            && attr
                .profile
                .is_none_or(|p| self.profiles.iter().any(|q| q == p))
    }

    /// An unsafe fix is made only when they are on; otherwise it is counted.
    fn allow_unsafe(&mut self) -> bool {
        if !self.unsafe_fixes {
            self.unsafe_available += 1;
        }
        self.unsafe_fixes
    }

    /// Fixes `obj` (owned by `owner`, at dotted `path`) and every object inside it.
    fn object(&mut self, obj: &Obj<'_>, owner: Owner, path: &str, top: Top<'_>) {
        safe::siblings(self, obj, owner, path, top);
        risky::timestamps(self, obj, owner, path);
        risky::collect(self, obj, owner, path);
        for m in &obj.members {
            let Some(attr) = owner.attribute(&m.name) else {
                continue;
            };
            let Some(child) = attr
                .object_type
                .and_then(|o| self.schema.object(o))
                .filter(|o| !o.attributes().is_empty())
            else {
                continue;
            };
            let at = join(path, &m.name);
            if let Some(inner) = span::object(self.text, m.raw) {
                self.object(&inner, Owner::Object(child), &at, None);
            } else if let Some(items) = span::elements(m.raw) {
                for (i, item) in items.into_iter().enumerate() {
                    if let Some(inner) = span::object(self.text, item) {
                        self.object(&inner, Owner::Object(child), &format!("{at}[{i}]"), None);
                    }
                }
            }
        }
    }

    fn finish(self) -> Fixed {
        let (text, fixes) = self.edits.apply(self.text);
        Fixed {
            text,
            fixes,
            unsafe_available: self.unsafe_available,
        }
    }
}

/// `path.name`, or `name` at the top.
fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

#[cfg(test)]
mod tests;
