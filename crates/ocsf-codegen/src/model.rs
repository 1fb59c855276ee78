//! The compiled OCSF export read into a typed, ordered model.
//!
//! Two layouts are read, both into the same [`Schema`]: the legacy one the schema server serves
//! at `/export/schema`, and the schema compiler's modern one served at `/export/v2/schema`
//! (module [`v2`], which lists exactly how the two differ). [`Schema::from_export_json`] tells
//! them apart by shape, see [`Layout::detect`], so callers need not know which one they hold.
//!
//! Only what the generators use is kept. Upstream description prose is deliberately dropped
//! here so that no generator can copy it into committed files by accident.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Error;

pub mod v2;

/// The two layouts of a compiled export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `/export/schema`: top-level `types`, `dictionary_attributes`, `base_event`.
    Legacy,
    /// `/export/v2/schema` (the schema compiler's `compile_version` 1): top-level
    /// `dictionary` holding the data types, plus `categories`, `profiles`, `extensions`.
    V2,
}

impl Layout {
    /// The layout of a document with these top-level keys. The data types tell them apart: the
    /// legacy layout has them at top-level `types`, the v2 layout inside top-level `dictionary`
    /// (which the legacy layout never has: its dictionary is `dictionary_attributes`). A document
    /// with both keys or neither is refused rather than guessed at.
    pub fn detect<'a>(keys: impl IntoIterator<Item = &'a str>) -> Result<Layout, Error> {
        let (mut types, mut dictionary) = (false, false);
        for key in keys {
            types |= key == "types";
            dictionary |= key == "dictionary";
        }
        match (types, dictionary) {
            (true, false) => Ok(Layout::Legacy),
            (false, true) => Ok(Layout::V2),
            (true, true) => Err(Error::Layout(
                "both a top-level `types` (legacy layout) and a `dictionary` (v2 layout)".into(),
            )),
            (false, false) => Err(Error::Layout(
                "neither a top-level `types` (legacy layout) nor a `dictionary` (v2 layout)".into(),
            )),
        }
    }

    /// The top-level keys whose values are JSON objects in every export of this layout.
    pub fn object_keys(self) -> &'static [&'static str] {
        match self {
            Layout::Legacy => &["classes", "objects", "types"],
            Layout::V2 => &["classes", "objects", "dictionary"],
        }
    }
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Layout::Legacy => "legacy `/export/schema`",
            Layout::V2 => "v2 `/export/v2/schema`",
        })
    }
}

/// A whole schema version: every class (base_event included), object and data type.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    pub version: String,
    pub classes: BTreeMap<String, Class>,
    pub objects: BTreeMap<String, Object>,
    pub types: BTreeMap<String, DataType>,
    pub categories: BTreeMap<String, Category>,
    pub profiles: BTreeMap<String, Profile>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    pub name: String,
    pub caption: String,
    pub uid: u32,
}

/// A profile as the export implies it: its name and which attributes it brings where.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Profile {
    pub name: String,
    /// `(class or object name, attribute name)` pairs that belong to this profile.
    pub attributes: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Class {
    pub name: String,
    pub caption: String,
    pub uid: u32,
    pub category: String,
    pub category_uid: u32,
    pub extends: Option<String>,
    pub profiles: Vec<String>,
    pub constraints: Constraints,
    pub attributes: BTreeMap<String, Attribute>,
    pub deprecated: Option<Deprecation>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    pub name: String,
    pub caption: String,
    pub extends: Option<String>,
    pub profiles: Vec<String>,
    pub constraints: Constraints,
    pub attributes: BTreeMap<String, Attribute>,
    pub deprecated: Option<Deprecation>,
    pub observable: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    /// Dotted attribute paths of which at least one must be present.
    pub at_least_one: Vec<String>,
    /// Dotted attribute paths of which exactly one must be present.
    pub just_one: Vec<String>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        self.at_least_one.is_empty() && self.just_one.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Requirement {
    Required,
    Recommended,
    Optional,
}

impl Requirement {
    pub fn as_str(self) -> &'static str {
        match self {
            Requirement::Required => "required",
            Requirement::Recommended => "recommended",
            Requirement::Optional => "optional",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub name: String,
    pub caption: String,
    /// The data type name, e.g. `string_t`, `object_t`, `timestamp_t`.
    pub type_name: String,
    pub object_type: Option<String>,
    pub is_array: bool,
    pub requirement: Requirement,
    pub group: Option<String>,
    pub profile: Option<String>,
    pub sibling: Option<String>,
    pub enum_values: Option<Vec<EnumValue>>,
    pub deprecated: Option<Deprecation>,
    pub observable: Option<u32>,
}

impl Attribute {
    pub fn is_object(&self) -> bool {
        self.object_type.is_some()
    }
}

/// An enum key as the schema writes it: integers for `*_id` attributes, strings for a few
/// string enums such as `http_request.http_method`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum EnumKey {
    Int(i64),
    Str(String),
}

impl std::fmt::Display for EnumKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EnumKey::Int(i) => write!(f, "{i}"),
            EnumKey::Str(s) => f.write_str(s),
        }
    }
}

/// As the export writes it: a string, also for integer keys (`"99"`).
impl Serialize for EnumKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub key: EnumKey,
    pub caption: String,
    pub deprecated: Option<Deprecation>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deprecation {
    pub since: String,
    /// The upstream guidance with markup removed; short and operational (not description prose).
    pub message: String,
    /// The first name the guidance points to, e.g. `related_cwes`.
    pub replacement: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DataType {
    pub name: String,
    pub caption: String,
    /// The type this one refines (`string_t` for `email_t`), if any.
    pub base: Option<String>,
    pub regex: Option<String>,
    pub range: Option<(i64, i64)>,
    pub max_len: Option<u32>,
    pub observable: Option<u32>,
}

// ---------------------------------------------------------------------------------------------
// Raw serde shapes of the export. Unknown keys (descriptions, references, ...) are ignored.

#[derive(Deserialize)]
struct RawSchema {
    version: String,
    #[serde(default)]
    base_event: Option<RawClass>,
    classes: BTreeMap<String, RawClass>,
    objects: BTreeMap<String, RawObject>,
    types: BTreeMap<String, RawType>,
}

/// A class; `A` is the attribute shape, which is where the layouts differ.
#[derive(Deserialize)]
struct RawClass<A = RawAttribute> {
    #[serde(default)]
    name: String,
    caption: String,
    uid: u32,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    category_uid: Option<u32>,
    #[serde(default)]
    extends: Option<String>,
    #[serde(default)]
    profiles: Vec<String>,
    #[serde(default)]
    constraints: RawConstraints,
    attributes: BTreeMap<String, A>,
    #[serde(default, rename = "@deprecated")]
    deprecated: Option<RawDeprecation>,
}

#[derive(Deserialize)]
struct RawObject<A = RawAttribute> {
    caption: String,
    #[serde(default)]
    extends: Option<String>,
    #[serde(default)]
    profiles: Vec<String>,
    #[serde(default)]
    constraints: RawConstraints,
    attributes: BTreeMap<String, A>,
    #[serde(default, rename = "@deprecated")]
    deprecated: Option<RawDeprecation>,
    #[serde(default)]
    observable: Option<u32>,
}

/// Converts every attribute, keeping the first error.
fn map_attributes<A, B>(
    attributes: BTreeMap<String, A>,
    mut f: impl FnMut(&str, A) -> Result<B, Error>,
) -> Result<BTreeMap<String, B>, Error> {
    attributes
        .into_iter()
        .map(|(name, a)| f(&name, a).map(|b| (name, b)))
        .collect()
}

impl<A> RawClass<A> {
    fn try_map<B>(self, f: impl FnMut(&str, A) -> Result<B, Error>) -> Result<RawClass<B>, Error> {
        Ok(RawClass {
            attributes: map_attributes(self.attributes, f)?,
            name: self.name,
            caption: self.caption,
            uid: self.uid,
            category: self.category,
            category_uid: self.category_uid,
            extends: self.extends,
            profiles: self.profiles,
            constraints: self.constraints,
            deprecated: self.deprecated,
        })
    }
}

impl<A> RawObject<A> {
    fn try_map<B>(self, f: impl FnMut(&str, A) -> Result<B, Error>) -> Result<RawObject<B>, Error> {
        Ok(RawObject {
            attributes: map_attributes(self.attributes, f)?,
            caption: self.caption,
            extends: self.extends,
            profiles: self.profiles,
            constraints: self.constraints,
            deprecated: self.deprecated,
            observable: self.observable,
        })
    }
}

#[derive(Deserialize, Default)]
struct RawConstraints {
    #[serde(default)]
    at_least_one: Vec<String>,
    #[serde(default)]
    just_one: Vec<String>,
}

#[derive(Deserialize)]
struct RawAttribute {
    caption: String,
    #[serde(rename = "type")]
    type_name: String,
    #[serde(default)]
    object_type: Option<String>,
    #[serde(default)]
    is_array: bool,
    #[serde(default)]
    requirement: Option<String>,
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    profile: Option<String>,
    #[serde(default)]
    sibling: Option<String>,
    #[serde(default, rename = "enum")]
    enum_values: Option<BTreeMap<String, RawEnumValue>>,
    #[serde(default, rename = "@deprecated")]
    deprecated: Option<RawDeprecation>,
    #[serde(default)]
    observable: Option<u32>,
}

#[derive(Deserialize)]
struct RawEnumValue {
    caption: String,
    #[serde(default, rename = "@deprecated")]
    deprecated: Option<RawDeprecation>,
}

#[derive(Deserialize)]
struct RawDeprecation {
    #[serde(default)]
    message: String,
    #[serde(default)]
    since: Value,
}

#[derive(Deserialize)]
struct RawType {
    caption: String,
    #[serde(default, rename = "type")]
    base: Option<String>,
    #[serde(default)]
    regex: Option<String>,
    #[serde(default)]
    range: Option<(i64, i64)>,
    #[serde(default)]
    max_len: Option<u32>,
    #[serde(default)]
    observable: Option<u32>,
}

impl Schema {
    /// Reads an export in either layout, told apart by its top-level keys ([`Layout::detect`]).
    /// Both layouts of one schema version give equal models.
    pub fn from_export_json(bytes: &[u8]) -> Result<Schema, Error> {
        // A first pass reads only the top-level keys; the layout's own pass then reads the bytes
        // again, so that its errors keep their line and column.
        let top: BTreeMap<String, IgnoredAny> =
            serde_json::from_slice(bytes).map_err(Error::Parse)?;
        match Layout::detect(top.keys().map(String::as_str))? {
            Layout::Legacy => {
                let raw: RawSchema =
                    serde_json::from_slice(bytes).map_err(|source| Error::Shape {
                        layout: Layout::Legacy,
                        source,
                    })?;
                Schema::from_raw(raw)
            }
            Layout::V2 => v2::read(bytes),
        }
    }

    fn from_raw(raw: RawSchema) -> Result<Schema, Error> {
        let mut classes = BTreeMap::new();
        let mut raw_classes = raw.classes;
        if let Some(base) = raw.base_event {
            let name = if base.name.is_empty() {
                "base_event".to_owned()
            } else {
                base.name.clone()
            };
            raw_classes.entry(name).or_insert(base);
        }
        for (key, c) in raw_classes {
            let class = Class {
                attributes: convert_attributes(&key, c.attributes)?,
                // The map key is the qualified name (`win/registry_key_activity`); `name` is not.
                name: key.clone(),
                caption: c.caption,
                uid: c.uid,
                category: c.category.unwrap_or_else(|| "other".to_owned()),
                category_uid: c.category_uid.unwrap_or(0),
                extends: c.extends,
                profiles: sorted(c.profiles),
                constraints: convert_constraints(c.constraints),
                deprecated: c.deprecated.map(convert_deprecation),
            };
            classes.insert(key, class);
        }
        let mut objects = BTreeMap::new();
        for (key, o) in raw.objects {
            let object = Object {
                attributes: convert_attributes(&key, o.attributes)?,
                name: key.clone(),
                caption: o.caption,
                extends: o.extends,
                profiles: sorted(o.profiles),
                constraints: convert_constraints(o.constraints),
                deprecated: o.deprecated.map(convert_deprecation),
                observable: o.observable,
            };
            objects.insert(key, object);
        }
        let types = raw
            .types
            .into_iter()
            .map(|(name, t)| {
                let ty = DataType {
                    name: name.clone(),
                    caption: t.caption,
                    base: t.base,
                    regex: t.regex,
                    range: t.range,
                    max_len: t.max_len,
                    observable: t.observable,
                };
                (name, ty)
            })
            .collect();

        let mut schema = Schema {
            version: raw.version,
            classes,
            objects,
            types,
            categories: BTreeMap::new(),
            profiles: BTreeMap::new(),
        };
        schema.derive_categories();
        schema.derive_profiles();
        schema.check_references()?;
        Ok(schema)
    }

    fn derive_categories(&mut self) {
        // The legacy export carries categories only on classes (`category`, `category_uid`, and
        // the caption in `category_name` or in the `category_uid` enum).
        for class in self.classes.values() {
            let caption = class
                .attributes
                .get("category_uid")
                .and_then(|a| a.enum_values.as_ref())
                .and_then(|values| {
                    values
                        .iter()
                        .find(|v| v.key == EnumKey::Int(i64::from(class.category_uid)))
                })
                .map(|v| v.caption.clone());
            let Some(caption) = caption else { continue };
            self.categories
                .entry(class.category.clone())
                .or_insert(Category {
                    name: class.category.clone(),
                    caption,
                    uid: class.category_uid,
                });
        }
    }

    fn derive_profiles(&mut self) {
        let mut profiles: BTreeMap<String, Profile> = BTreeMap::new();
        let owners = self
            .classes
            .iter()
            .map(|(n, c)| (n, &c.profiles, &c.attributes))
            .chain(
                self.objects
                    .iter()
                    .map(|(n, o)| (n, &o.profiles, &o.attributes)),
            );
        for (owner, declared, attributes) in owners {
            for name in declared {
                profiles.entry(name.clone()).or_insert_with(|| Profile {
                    name: name.clone(),
                    attributes: Vec::new(),
                });
            }
            for (attr_name, attr) in attributes {
                if let Some(profile) = &attr.profile {
                    profiles
                        .entry(profile.clone())
                        .or_insert_with(|| Profile {
                            name: profile.clone(),
                            attributes: Vec::new(),
                        })
                        .attributes
                        .push((owner.clone(), attr_name.clone()));
                }
            }
        }
        self.profiles = profiles;
    }

    fn check_references(&self) -> Result<(), Error> {
        let owners = self
            .classes
            .iter()
            .map(|(n, c)| (n, &c.attributes))
            .chain(self.objects.iter().map(|(n, o)| (n, &o.attributes)));
        for (owner, attributes) in owners {
            for (name, attr) in attributes {
                if let Some(object) = &attr.object_type {
                    if !self.objects.contains_key(object) {
                        return Err(Error::Schema(format!(
                            "`{owner}.{name}` refers to object `{object}`, which the export lacks"
                        )));
                    }
                }
                if attr.object_type.is_none() && !self.types.contains_key(&attr.type_name) {
                    return Err(Error::Schema(format!(
                        "`{owner}.{name}` has type `{}`, which the export lacks",
                        attr.type_name
                    )));
                }
            }
        }
        Ok(())
    }

    /// The class of a uid, if any.
    pub fn class_by_uid(&self, uid: u32) -> Option<&Class> {
        self.classes.values().find(|c| c.uid == uid)
    }

    /// The primitive JSON-level type a data type finally reduces to (`email_t` → `string_t`).
    pub fn base_type<'a>(&'a self, type_name: &'a str) -> &'a str {
        let mut current = type_name;
        for _ in 0..8 {
            match self.types.get(current).and_then(|t| t.base.as_deref()) {
                Some(base) if base != current => current = base,
                _ => break,
            }
        }
        current
    }

    /// The module name for this version, e.g. `v1_6_0`.
    pub fn version_ident(&self) -> String {
        version_ident(&self.version)
    }
}

pub use ocsf_names::version_ident;

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

fn convert_constraints(raw: RawConstraints) -> Constraints {
    Constraints {
        at_least_one: raw.at_least_one,
        just_one: raw.just_one,
    }
}

fn convert_attributes(
    owner: &str,
    raw: BTreeMap<String, RawAttribute>,
) -> Result<BTreeMap<String, Attribute>, Error> {
    raw.into_iter()
        .map(|(name, a)| {
            let requirement = match a.requirement.as_deref() {
                Some("required") => Requirement::Required,
                Some("recommended") => Requirement::Recommended,
                Some("optional") | None => Requirement::Optional,
                Some(other) => {
                    return Err(Error::Schema(format!(
                        "`{owner}.{name}` has requirement `{other}`"
                    )))
                }
            };
            let enum_values = match a.enum_values {
                None => None,
                Some(values) => {
                    let integer = a.type_name != "string_t";
                    let mut out = Vec::with_capacity(values.len());
                    for (key, v) in values {
                        let key = if integer {
                            EnumKey::Int(key.trim().parse().map_err(|_| {
                                Error::Schema(format!(
                                    "`{owner}.{name}` has enum key `{key}`, not an integer"
                                ))
                            })?)
                        } else {
                            EnumKey::Str(key)
                        };
                        out.push(EnumValue {
                            key,
                            caption: v.caption,
                            deprecated: v.deprecated.map(convert_deprecation),
                        });
                    }
                    out.sort_by(|a, b| a.key.cmp(&b.key));
                    Some(out)
                }
            };
            let attribute = Attribute {
                name: name.clone(),
                caption: a.caption,
                type_name: a.type_name,
                object_type: a.object_type,
                is_array: a.is_array,
                requirement,
                group: a.group,
                profile: a.profile,
                sibling: a.sibling,
                enum_values,
                deprecated: a.deprecated.map(convert_deprecation),
                observable: a.observable,
            };
            Ok((name, attribute))
        })
        .collect()
}

fn convert_deprecation(raw: RawDeprecation) -> Deprecation {
    let since = match raw.since {
        Value::String(s) => s,
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let replacement = raw.message.split("<code>").nth(1).and_then(|rest| {
        rest.split("</code>")
            .next()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    });
    Deprecation {
        since,
        message: strip_markup(&raw.message),
        replacement,
    }
}

/// Removes HTML tags and collapses whitespace: deprecation guidance is shown in plain text.
pub fn strip_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
