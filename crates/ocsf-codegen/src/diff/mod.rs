//! What changed between two schema versions, as values: `diff(old, new)` in, a [`SchemaDiff`] out.
//!
//! Pure like the rest of the crate: it prints nothing. `cargo xtask diff` renders the result with
//! [`SchemaDiff::render_human`] or [`SchemaDiff::to_json`].
//!
//! # What is compared
//!
//! Classes and objects (added, removed, deprecated, un-deprecated; a class's uid and category);
//! for each class and object present in both versions: its declared profiles, its
//! `at_least_one` / `just_one` constraints, and per attribute: added, removed, deprecated,
//! un-deprecated, requirement, type (type name, object type, array-ness), enum values (added,
//! removed, caption changed) and profile membership. Then the schema's profiles and data types
//! (added, removed, and changes of base type, regex, range and max_len). Captions of classes,
//! objects and attributes, descriptions and attribute groups are not compared.
//!
//! # Breaking changes
//!
//! A change is `breaking` when an event that the old version accepted may be rejected by the
//! new one: a class removed or moved to another uid or category; an attribute removed, newly
//! required (also when it is added as required), or of another type; an enum value removed; an
//! `at_least_one` constraint that appears or loses an option; a `just_one` constraint that appears
//! or changes at all; a data type whose base changes, whose regex appears or changes, whose range
//! appears or narrows, or whose max_len appears or shrinks. The rule errs on the side of flagging.
//!
//! # "every class"
//!
//! The export repeats every `base_event` attribute in every class, so one change to `base_event`
//! shows up in each of the ~75 classes. Changes are therefore grouped: a class-level change
//! other than the class's own identity (that is, an attribute, constraint or declared-profile
//! change) that appears *identically* (same attribute, same old and new values) in *every* class
//! present in both versions (base_event included) is reported once, at [`Location::EveryClass`],
//! instead of once per class. A change found identically in at least [`GROUP_MIN`] but not all
//! of those classes (attributes a profile brings to the classes that declare it, say) is
//! reported once too, at [`Location::Classes`], naming the classes that have it and the others.
//! Anything else stays listed per class. Classes that exist only in the new
//! version are reported as added and not looked into; those only in the old one as removed.
//! Objects have no common base and are never grouped.
//!
//! # JSON shape
//!
//! [`SchemaDiff::to_json`] gives:
//!
//! ```json
//! {
//!   "old_version": "1.5.0",
//!   "new_version": "1.6.0",
//!   "summary": { "total": 3, "breaking": 1, "by_kind": { "attribute_added": 2, "class_added": 1 } },
//!   "changes": [
//!     { "kind": "class_added", "scope": "class", "owner": "iam_analysis_finding",
//!       "uid": 2008, "category": "findings", "breaking": false },
//!     { "kind": "attribute_added", "scope": "every_class", "attribute": "raw_data_hash",
//!       "requirement": "optional", "type": { "type": "object_t", "object_type": "fingerprint",
//!       "is_array": false }, "breaking": false }
//!   ]
//! }
//! ```
//!
//! Every change has `kind`, `scope` (`schema`, `every_class`, `classes`, `class` or `object`),
//! `owner` (the class or object name, for `class` and `object`), `owners` and `others` (sorted
//! class names, for `classes`: those with the change and the other classes in both versions)
//! and `breaking`, plus the fields
//! of its kind, as in [`ChangeKind`] (snake_case names; `type` for a type reference, whose
//! `object_type` is absent unless `type` is `object_t`; enum `value`s are strings, e.g. `"99"`;
//! data type `old`/`new` are the value as text, `null` when absent; a range is `"0..65535"`).
//! `changes` is in the order of [`SchemaDiff::changes`]; `by_kind` counts entries (an
//! `every_class` entry counts once).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Attribute, Constraints, DataType, Deprecation, EnumKey, Requirement, Schema};

mod human;
mod json;

/// Every change from one version to another, sorted by kind (in [`ChangeKind`] order), then by
/// location (schema, every class, groups of classes, classes by name, objects by name), then by
/// the change's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaDiff {
    pub old_version: String,
    pub new_version: String,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub at: Location,
    pub kind: ChangeKind,
    /// An event the old version accepted may be rejected by the new one (see the module doc).
    pub breaking: bool,
}

/// Where a change happened.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    /// The schema as a whole: profiles and data types.
    Schema,
    /// The same change in every class present in both versions.
    EveryClass,
    /// The same change in several (at least [`GROUP_MIN`]) but not all classes present in both
    /// versions: `owners` has it, `others` (the rest of those classes) do not. Both sorted.
    Classes {
        owners: Vec<String>,
        others: Vec<String>,
    },
    Class(String),
    Object(String),
}

/// A type as an attribute refers to it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct TypeRef {
    #[serde(rename = "type")]
    pub type_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object_type: Option<String>,
    pub is_array: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct CategoryRef {
    pub name: String,
    pub uid: u32,
}

/// One change. The variant order is the report's section order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeKind {
    ClassAdded {
        uid: u32,
        category: String,
    },
    ClassRemoved {
        uid: u32,
    },
    ClassDeprecated {
        since: String,
        message: String,
    },
    ClassUndeprecated,
    ClassUidChanged {
        old: u32,
        new: u32,
    },
    ClassCategoryChanged {
        old: CategoryRef,
        new: CategoryRef,
    },
    ObjectAdded,
    ObjectRemoved,
    ObjectDeprecated {
        since: String,
        message: String,
    },
    ObjectUndeprecated,
    AttributeAdded {
        attribute: String,
        requirement: Requirement,
        #[serde(rename = "type")]
        ty: TypeRef,
    },
    AttributeRemoved {
        attribute: String,
        requirement: Requirement,
    },
    AttributeDeprecated {
        attribute: String,
        since: String,
        message: String,
    },
    AttributeUndeprecated {
        attribute: String,
    },
    RequirementChanged {
        attribute: String,
        old: Requirement,
        new: Requirement,
    },
    AttributeTypeChanged {
        attribute: String,
        old: TypeRef,
        new: TypeRef,
    },
    EnumValueAdded {
        attribute: String,
        value: EnumKey,
        caption: String,
    },
    EnumValueRemoved {
        attribute: String,
        value: EnumKey,
        caption: String,
    },
    EnumCaptionChanged {
        attribute: String,
        value: EnumKey,
        old: String,
        new: String,
    },
    /// The attribute's `profile` (the profile that brings it) changed.
    AttributeProfileChanged {
        attribute: String,
        old: Option<String>,
        new: Option<String>,
    },
    /// A class or object now declares this profile.
    ProfileAttached {
        profile: String,
    },
    /// A class or object no longer declares this profile.
    ProfileDetached {
        profile: String,
    },
    /// `constraint` is `at_least_one` or `just_one`; `old`/`new` are sorted, empty when absent.
    ConstraintChanged {
        constraint: String,
        old: Vec<String>,
        new: Vec<String>,
    },
    ProfileAdded {
        profile: String,
    },
    ProfileRemoved {
        profile: String,
    },
    DataTypeAdded {
        name: String,
        base: Option<String>,
    },
    DataTypeRemoved {
        name: String,
    },
    /// `field` is `base`, `regex`, `range` or `max_len`.
    DataTypeChanged {
        name: String,
        field: String,
        old: Option<String>,
        new: Option<String>,
    },
}

impl ChangeKind {
    /// The JSON `kind` tag, e.g. `attribute_added`.
    pub fn name(&self) -> &'static str {
        self.meta().1
    }

    /// The heading of this kind's section in the human report, e.g. `Attributes added`.
    pub fn title(&self) -> &'static str {
        self.meta().2
    }

    /// Section rank, JSON tag, section title.
    fn meta(&self) -> (u8, &'static str, &'static str) {
        use ChangeKind::*;
        match self {
            ClassAdded { .. } => (0, "class_added", "Classes added"),
            ClassRemoved { .. } => (1, "class_removed", "Classes removed"),
            ClassDeprecated { .. } => (2, "class_deprecated", "Classes deprecated"),
            ClassUndeprecated => (3, "class_undeprecated", "Classes un-deprecated"),
            ClassUidChanged { .. } => (4, "class_uid_changed", "Class uids changed"),
            ClassCategoryChanged { .. } => {
                (5, "class_category_changed", "Class categories changed")
            }
            ObjectAdded => (6, "object_added", "Objects added"),
            ObjectRemoved => (7, "object_removed", "Objects removed"),
            ObjectDeprecated { .. } => (8, "object_deprecated", "Objects deprecated"),
            ObjectUndeprecated => (9, "object_undeprecated", "Objects un-deprecated"),
            AttributeAdded { .. } => (10, "attribute_added", "Attributes added"),
            AttributeRemoved { .. } => (11, "attribute_removed", "Attributes removed"),
            AttributeDeprecated { .. } => (12, "attribute_deprecated", "Attributes deprecated"),
            AttributeUndeprecated { .. } => {
                (13, "attribute_undeprecated", "Attributes un-deprecated")
            }
            RequirementChanged { .. } => (14, "requirement_changed", "Requirements changed"),
            AttributeTypeChanged { .. } => {
                (15, "attribute_type_changed", "Attribute types changed")
            }
            EnumValueAdded { .. } => (16, "enum_value_added", "Enum values added"),
            EnumValueRemoved { .. } => (17, "enum_value_removed", "Enum values removed"),
            EnumCaptionChanged { .. } => {
                (18, "enum_caption_changed", "Enum value captions changed")
            }
            AttributeProfileChanged { .. } => (
                19,
                "attribute_profile_changed",
                "Attribute profile membership changed",
            ),
            ProfileAttached { .. } => (20, "profile_attached", "Profiles attached"),
            ProfileDetached { .. } => (21, "profile_detached", "Profiles detached"),
            ConstraintChanged { .. } => (22, "constraint_changed", "Constraints changed"),
            ProfileAdded { .. } => (23, "profile_added", "Profiles added"),
            ProfileRemoved { .. } => (24, "profile_removed", "Profiles removed"),
            DataTypeAdded { .. } => (25, "data_type_added", "Data types added"),
            DataTypeRemoved { .. } => (26, "data_type_removed", "Data types removed"),
            DataTypeChanged { .. } => (27, "data_type_changed", "Data types changed"),
        }
    }

    /// What the change is about, for the summary line: `classes`, `objects`, `attributes`,
    /// `enum values`, `profiles`, `constraints` or `data types`.
    pub fn area(&self) -> &'static str {
        match self.meta().0 {
            0..=5 => "classes",
            6..=9 => "objects",
            10..=15 | 19 => "attributes",
            16..=18 => "enum values",
            22 => "constraints",
            20 | 21 | 23 | 24 => "profiles",
            _ => "data types",
        }
    }

    /// Whether this change, seen in one class, may be the same change in every class: anything
    /// but the class's own identity (added, removed, deprecated, uid, category).
    fn is_groupable(&self) -> bool {
        self.meta().0 >= 10 && self.meta().0 <= 22
    }
}

impl SchemaDiff {
    /// How many changes are breaking.
    pub fn breaking_count(&self) -> usize {
        self.changes.iter().filter(|c| c.breaking).count()
    }

    /// Entries per kind, in section order.
    pub fn counts(&self) -> Vec<(&ChangeKind, usize)> {
        let mut out: Vec<(&ChangeKind, usize)> = Vec::new();
        for change in &self.changes {
            match out.last_mut() {
                Some((kind, n)) if kind.meta().0 == change.kind.meta().0 => *n += 1,
                _ => out.push((&change.kind, 1)),
            }
        }
        out
    }
}

/// The fewest classes an identical change is grouped over; fewer stay listed one by one.
pub const GROUP_MIN: usize = 3;

/// Everything that changed from `old` to `new`.
pub fn diff(old: &Schema, new: &Schema) -> SchemaDiff {
    let mut out = Changes::default();

    for (name, class) in &old.classes {
        if !new.classes.contains_key(name) {
            let kind = ChangeKind::ClassRemoved { uid: class.uid };
            out.push(Location::Class(name.clone()), kind, true);
        }
    }
    for (name, n) in &new.classes {
        let at = Location::Class(name.clone());
        let Some(o) = old.classes.get(name) else {
            let kind = ChangeKind::ClassAdded {
                uid: n.uid,
                category: n.category.clone(),
            };
            out.push(at, kind, false);
            continue;
        };
        match deprecation(&o.deprecated, &n.deprecated) {
            Some(Some(d)) => out.push(at.clone(), class_deprecated(d), false),
            Some(None) => out.push(at.clone(), ChangeKind::ClassUndeprecated, false),
            None => {}
        }
        if o.uid != n.uid {
            let kind = ChangeKind::ClassUidChanged {
                old: o.uid,
                new: n.uid,
            };
            out.push(at.clone(), kind, true);
        }
        if (&o.category, o.category_uid) != (&n.category, n.category_uid) {
            let category = |name: &String, uid| CategoryRef {
                name: name.clone(),
                uid,
            };
            let kind = ChangeKind::ClassCategoryChanged {
                old: category(&o.category, o.category_uid),
                new: category(&n.category, n.category_uid),
            };
            out.push(at.clone(), kind, true);
        }
        out.owner(
            &at,
            (&o.profiles, &n.profiles),
            (&o.constraints, &n.constraints),
        );
        out.attributes(&at, &o.attributes, &n.attributes);
    }

    for name in old.objects.keys() {
        if !new.objects.contains_key(name) {
            out.push(
                Location::Object(name.clone()),
                ChangeKind::ObjectRemoved,
                false,
            );
        }
    }
    for (name, n) in &new.objects {
        let at = Location::Object(name.clone());
        let Some(o) = old.objects.get(name) else {
            out.push(at, ChangeKind::ObjectAdded, false);
            continue;
        };
        match deprecation(&o.deprecated, &n.deprecated) {
            Some(Some(d)) => {
                let kind = ChangeKind::ObjectDeprecated {
                    since: d.since.clone(),
                    message: d.message.clone(),
                };
                out.push(at.clone(), kind, false);
            }
            Some(None) => out.push(at.clone(), ChangeKind::ObjectUndeprecated, false),
            None => {}
        }
        out.owner(
            &at,
            (&o.profiles, &n.profiles),
            (&o.constraints, &n.constraints),
        );
        out.attributes(&at, &o.attributes, &n.attributes);
    }

    for profile in old.profiles.keys() {
        if !new.profiles.contains_key(profile) {
            let kind = ChangeKind::ProfileRemoved {
                profile: profile.clone(),
            };
            out.push(Location::Schema, kind, false);
        }
    }
    for profile in new.profiles.keys() {
        if !old.profiles.contains_key(profile) {
            let kind = ChangeKind::ProfileAdded {
                profile: profile.clone(),
            };
            out.push(Location::Schema, kind, false);
        }
    }

    for name in old.types.keys() {
        if !new.types.contains_key(name) {
            let kind = ChangeKind::DataTypeRemoved { name: name.clone() };
            out.push(Location::Schema, kind, true);
        }
    }
    for (name, n) in &new.types {
        match old.types.get(name) {
            None => {
                let kind = ChangeKind::DataTypeAdded {
                    name: name.clone(),
                    base: n.base.clone(),
                };
                out.push(Location::Schema, kind, false);
            }
            Some(o) => out.data_type(o, n),
        }
    }

    let common: Vec<&String> = old
        .classes
        .keys()
        .filter(|k| new.classes.contains_key(*k))
        .collect();
    let mut changes = group_classes(out.0, &common);
    changes.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    SchemaDiff {
        old_version: old.version.clone(),
        new_version: new.version.clone(),
        changes,
    }
}

/// Kind (section order), then schema, every class, groups of classes, classes, objects; a class
/// or object by name, then the change; groups by the change, then their classes.
fn sort_key(c: &Change) -> (u8, u8, Option<&str>, &ChangeKind, &Location) {
    let (place, name) = match &c.at {
        Location::Schema => (0, None),
        Location::EveryClass => (1, None),
        Location::Classes { .. } => (2, None),
        Location::Class(name) => (3, Some(name.as_str())),
        Location::Object(name) => (4, Some(name.as_str())),
    };
    (c.kind.meta().0, place, name, &c.kind, &c.at)
}

/// `Some(Some(d))`: newly deprecated; `Some(None)`: no longer deprecated; `None`: unchanged.
fn deprecation<'a>(
    old: &Option<Deprecation>,
    new: &'a Option<Deprecation>,
) -> Option<Option<&'a Deprecation>> {
    match (old, new) {
        (None, Some(d)) => Some(Some(d)),
        (Some(_), None) => Some(None),
        _ => None,
    }
}

fn class_deprecated(d: &Deprecation) -> ChangeKind {
    ChangeKind::ClassDeprecated {
        since: d.since.clone(),
        message: d.message.clone(),
    }
}

fn type_ref(a: &Attribute) -> TypeRef {
    TypeRef {
        type_name: a.type_name.clone(),
        object_type: a.object_type.clone(),
        is_array: a.is_array,
    }
}

#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, at: Location, kind: ChangeKind, breaking: bool) {
        self.0.push(Change { at, kind, breaking });
    }

    /// Declared profiles and constraints of a class or object.
    fn owner(
        &mut self,
        at: &Location,
        profiles: (&[String], &[String]),
        constraints: (&Constraints, &Constraints),
    ) {
        let (old, new) = profiles;
        for profile in new.iter().filter(|p| !old.contains(p)) {
            let kind = ChangeKind::ProfileAttached {
                profile: profile.clone(),
            };
            self.push(at.clone(), kind, false);
        }
        for profile in old.iter().filter(|p| !new.contains(p)) {
            let kind = ChangeKind::ProfileDetached {
                profile: profile.clone(),
            };
            self.push(at.clone(), kind, false);
        }
        let (old, new) = constraints;
        let pairs = [
            ("at_least_one", &old.at_least_one, &new.at_least_one),
            ("just_one", &old.just_one, &new.just_one),
        ];
        for (constraint, old, new) in pairs {
            let sorted = |v: &Vec<String>| {
                let mut v = v.clone();
                v.sort();
                v.dedup();
                v
            };
            let (old, new) = (sorted(old), sorted(new));
            if old == new {
                continue;
            }
            let breaking = !new.is_empty()
                && (constraint == "just_one"
                    || old.is_empty()
                    || !old.iter().all(|p| new.contains(p)));
            let kind = ChangeKind::ConstraintChanged {
                constraint: constraint.to_owned(),
                old,
                new,
            };
            self.push(at.clone(), kind, breaking);
        }
    }

    fn attributes(
        &mut self,
        at: &Location,
        old: &BTreeMap<String, Attribute>,
        new: &BTreeMap<String, Attribute>,
    ) {
        for (name, o) in old {
            if !new.contains_key(name) {
                let kind = ChangeKind::AttributeRemoved {
                    attribute: name.clone(),
                    requirement: o.requirement,
                };
                self.push(at.clone(), kind, true);
            }
        }
        for (name, n) in new {
            match old.get(name) {
                None => {
                    let kind = ChangeKind::AttributeAdded {
                        attribute: name.clone(),
                        requirement: n.requirement,
                        ty: type_ref(n),
                    };
                    self.push(at.clone(), kind, n.requirement == Requirement::Required);
                }
                Some(o) => self.attribute(at, name, o, n),
            }
        }
    }

    fn attribute(&mut self, at: &Location, name: &str, o: &Attribute, n: &Attribute) {
        let attribute = || name.to_owned();
        match deprecation(&o.deprecated, &n.deprecated) {
            Some(Some(d)) => {
                let kind = ChangeKind::AttributeDeprecated {
                    attribute: attribute(),
                    since: d.since.clone(),
                    message: d.message.clone(),
                };
                self.push(at.clone(), kind, false);
            }
            Some(None) => {
                let kind = ChangeKind::AttributeUndeprecated {
                    attribute: attribute(),
                };
                self.push(at.clone(), kind, false);
            }
            None => {}
        }
        if o.requirement != n.requirement {
            let breaking = n.requirement == Requirement::Required;
            let kind = ChangeKind::RequirementChanged {
                attribute: attribute(),
                old: o.requirement,
                new: n.requirement,
            };
            self.push(at.clone(), kind, breaking);
        }
        let (old_type, new_type) = (type_ref(o), type_ref(n));
        if old_type != new_type {
            let kind = ChangeKind::AttributeTypeChanged {
                attribute: attribute(),
                old: old_type,
                new: new_type,
            };
            self.push(at.clone(), kind, true);
        }
        let values = |a: &Attribute| -> BTreeMap<EnumKey, String> {
            a.enum_values
                .iter()
                .flatten()
                .map(|v| (v.key.clone(), v.caption.clone()))
                .collect()
        };
        let (old_values, new_values) = (values(o), values(n));
        for (key, caption) in &old_values {
            if !new_values.contains_key(key) {
                let kind = ChangeKind::EnumValueRemoved {
                    attribute: attribute(),
                    value: key.clone(),
                    caption: caption.clone(),
                };
                self.push(at.clone(), kind, true);
            }
        }
        for (key, caption) in &new_values {
            match old_values.get(key) {
                None => {
                    let kind = ChangeKind::EnumValueAdded {
                        attribute: attribute(),
                        value: key.clone(),
                        caption: caption.clone(),
                    };
                    self.push(at.clone(), kind, false);
                }
                Some(old) if old != caption => {
                    let kind = ChangeKind::EnumCaptionChanged {
                        attribute: attribute(),
                        value: key.clone(),
                        old: old.clone(),
                        new: caption.clone(),
                    };
                    self.push(at.clone(), kind, false);
                }
                Some(_) => {}
            }
        }
        if o.profile != n.profile {
            let kind = ChangeKind::AttributeProfileChanged {
                attribute: attribute(),
                old: o.profile.clone(),
                new: n.profile.clone(),
            };
            self.push(at.clone(), kind, false);
        }
    }

    fn data_type(&mut self, o: &DataType, n: &DataType) {
        let range = |r: Option<(i64, i64)>| r.map(|(lo, hi)| format!("{lo}..{hi}"));
        let narrower = match (o.range, n.range) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some((olo, ohi)), Some((nlo, nhi))) => nlo > olo || nhi < ohi,
        };
        let shorter = match (o.max_len, n.max_len) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(old), Some(new)) => new < old,
        };
        let fields = [
            ("base", o.base.clone(), n.base.clone(), true),
            ("regex", o.regex.clone(), n.regex.clone(), n.regex.is_some()),
            ("range", range(o.range), range(n.range), narrower),
            (
                "max_len",
                o.max_len.map(|l| l.to_string()),
                n.max_len.map(|l| l.to_string()),
                shorter,
            ),
        ];
        for (field, old, new, breaking) in fields {
            if old != new {
                let kind = ChangeKind::DataTypeChanged {
                    name: n.name.clone(),
                    field: field.to_owned(),
                    old,
                    new,
                };
                self.push(Location::Schema, kind, breaking);
            }
        }
    }
}

/// Replaces a change found identically in each of the `common` classes (those in both
/// versions) by one [`Location::EveryClass`] entry, and one found in at least [`GROUP_MIN`] of
/// them by one [`Location::Classes`] entry.
fn group_classes(changes: Vec<Change>, common: &[&String]) -> Vec<Change> {
    let mut owners: BTreeMap<(&ChangeKind, bool), Vec<&String>> = BTreeMap::new();
    for change in &changes {
        if let Location::Class(name) = &change.at {
            if change.kind.is_groupable() {
                owners
                    .entry((&change.kind, change.breaking))
                    .or_default()
                    .push(name);
            }
        }
    }
    // A class reports a given change at most once, so `owners` holds distinct names.
    let grouped: BTreeMap<(ChangeKind, bool), Location> = owners
        .into_iter()
        .filter_map(|((kind, breaking), names)| {
            let at = if names.len() == common.len() && common.len() >= 2 {
                Location::EveryClass
            } else if names.len() >= GROUP_MIN {
                let others = common.iter().filter(|c| !names.contains(c));
                Location::Classes {
                    owners: names.iter().map(|n| (*n).clone()).collect(),
                    others: others.map(|n| (*n).clone()).collect(),
                }
            } else {
                return None;
            };
            Some(((kind.clone(), breaking), at))
        })
        .collect();
    let mut out: Vec<Change> = changes
        .into_iter()
        .filter(|c| {
            !(matches!(c.at, Location::Class(_))
                && grouped.contains_key(&(c.kind.clone(), c.breaking)))
        })
        .collect();
    out.extend(
        grouped
            .into_iter()
            .map(|((kind, breaking), at)| Change { at, kind, breaking }),
    );
    out
}
