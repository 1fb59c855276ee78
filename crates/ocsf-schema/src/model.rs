//! The shapes of the static schema tables. The data itself is generated into `generated/`.
//!
//! Every slice that is searched by name is sorted by that name (byte order) so that lookups are
//! binary searches over `'static` data: nothing is parsed or allocated at runtime.

/// One OCSF schema version: every class, object, data type, category and profile.
#[derive(Debug)]
pub struct Schema {
    pub version: &'static str,
    /// Sorted by name; includes `base_event`.
    pub classes: &'static [&'static Class],
    /// The same classes sorted by uid.
    pub classes_by_uid: &'static [&'static Class],
    /// Sorted by name.
    pub objects: &'static [&'static Object],
    /// Sorted by name.
    pub types: &'static [&'static DataType],
    /// Sorted by uid.
    pub categories: &'static [Category],
    /// Sorted by name.
    pub profiles: &'static [&'static Profile],
}

#[derive(Debug)]
pub struct Category {
    pub name: &'static str,
    pub caption: &'static str,
    pub uid: u32,
}

/// A profile of a version. The attributes it brings are those whose `profile` names it
/// ([`Schema::profile_attributes`]): the tables keep that fact once, on the attributes.
#[derive(Debug)]
pub struct Profile {
    pub name: &'static str,
}

#[derive(Debug)]
pub struct Class {
    pub name: &'static str,
    pub caption: &'static str,
    pub uid: u32,
    pub category: &'static str,
    pub category_uid: u32,
    pub extends: Option<&'static str>,
    /// Profiles this class may declare, sorted.
    pub profiles: &'static [&'static str],
    pub constraints: Constraints,
    /// Indexes into the crate's one attribute table, sorted by attribute name; read them with
    /// `attributes()`. Small integers rather than references: across nine versions, hundreds
    /// of class and object variants list thousands of attributes, and references cost the
    /// compiler several times more to build into statics.
    pub(crate) attribute_ids: &'static [u16],
    /// This class's cell in the generated `RESOLVED` array of classes, where `attributes()`
    /// keeps the references it makes. (A cell in each static cost the compiler a tenth of the
    /// crate's build time.)
    pub(crate) slot: u16,
    pub deprecated: Option<Deprecation>,
}

#[derive(Debug)]
pub struct Object {
    pub name: &'static str,
    pub caption: &'static str,
    pub extends: Option<&'static str>,
    pub profiles: &'static [&'static str],
    pub constraints: Constraints,
    /// As for [`Class`]: read them with `attributes()`.
    pub(crate) attribute_ids: &'static [u16],
    /// This object's cell in the generated `RESOLVED` array of objects.
    pub(crate) slot: u16,
    pub deprecated: Option<Deprecation>,
    /// The observable type id of the object as a whole, if it has one.
    pub observable: Option<u32>,
}

/// An owner's attributes as references, made from its `attribute_ids` on first use.
pub(crate) type ResolvedAttributes = std::sync::OnceLock<Box<[&'static Attribute]>>;

/// Constraints over attribute paths; a path may be dotted (`device.os.sp_name`).
#[derive(Debug, Default)]
pub struct Constraints {
    pub at_least_one: &'static [&'static str],
    pub just_one: &'static [&'static str],
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        self.at_least_one.is_empty() && self.just_one.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

#[derive(Debug)]
pub struct Attribute {
    pub name: &'static str,
    pub caption: &'static str,
    /// The OCSF type name: `string_t`, `timestamp_t`, ..., or `object_t`.
    pub type_name: &'static str,
    /// The name of the object an `object_t` attribute holds (`user`). A name, not a reference:
    /// an attribute is shared by every version that has it, while the object it names may
    /// differ between versions, so it is resolved through a version's [`Schema::object_of`].
    pub object_type: Option<&'static str>,
    pub is_array: bool,
    pub requirement: Requirement,
    pub group: Option<&'static str>,
    pub profile: Option<&'static str>,
    /// For an `_id` enum attribute: the attribute holding its caption (`severity` for `severity_id`).
    pub sibling: Option<&'static str>,
    /// `None` unless the attribute is an enum; sorted by key.
    pub enum_values: Option<&'static [EnumValue]>,
    pub deprecated: Option<Deprecation>,
    pub observable: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EnumKey {
    Int(i64),
    Str(&'static str),
}

#[derive(Debug)]
pub struct EnumValue {
    pub key: EnumKey,
    pub caption: &'static str,
    pub deprecated: Option<Deprecation>,
}

#[derive(Debug, Clone, Copy)]
pub struct Deprecation {
    pub since: &'static str,
    /// Plain-text guidance, e.g. "Use the related_cwes object attributes instead."
    pub message: &'static str,
    /// The attribute or object the guidance names, when it names one.
    pub replacement: Option<&'static str>,
}

/// The JSON shape a data type finally has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BaseType {
    String,
    Integer,
    Long,
    Float,
    Boolean,
    Json,
    Object,
}

#[derive(Debug)]
pub struct DataType {
    pub name: &'static str,
    pub caption: &'static str,
    pub base: BaseType,
    /// The type it refines (`string_t` for `email_t`).
    pub extends: Option<&'static str>,
    pub regex: Option<&'static str>,
    pub range: Option<(i64, i64)>,
    pub max_len: Option<u32>,
    pub observable: Option<u32>,
}
