//! Lookups over the generated tables.

use crate::model::*;

fn find_by_name<'a, T>(items: &'a [T], name: &str, key: impl Fn(&T) -> &str) -> Option<&'a T> {
    items
        .binary_search_by(|item| key(item).cmp(name))
        .ok()
        .map(|i| &items[i])
}

impl Schema {
    pub fn class_by_uid(&self, uid: u32) -> Option<&'static Class> {
        self.classes_by_uid
            .binary_search_by(|c| c.uid.cmp(&uid))
            .ok()
            .map(|i| self.classes_by_uid[i])
    }

    /// A class by its OCSF name (`authentication`), or failing that by its caption in any case.
    pub fn class_by_name(&self, name: &str) -> Option<&'static Class> {
        find_by_name(self.classes, name, |c| c.name)
            .copied()
            .or_else(|| {
                self.classes
                    .iter()
                    .copied()
                    .find(|c| c.caption.eq_ignore_ascii_case(name))
            })
    }

    pub fn object(&self, name: &str) -> Option<&'static Object> {
        find_by_name(self.objects, name, |o| o.name).copied()
    }

    pub fn data_type(&self, name: &str) -> Option<&'static DataType> {
        find_by_name(self.types, name, |t| t.name).copied()
    }

    pub fn category_by_uid(&self, uid: u32) -> Option<&'static Category> {
        let all: &'static [Category] = self.categories;
        all.iter().find(|c| c.uid == uid)
    }

    pub fn profile(&self, name: &str) -> Option<&'static Profile> {
        let all: &'static [&'static Profile] = self.profiles;
        find_by_name(all, name, |p| p.name).copied()
    }

    /// The attributes a profile brings, as `(class or object name, attribute name)`, sorted.
    pub fn profile_attributes(&self, profile: &str) -> Vec<(&'static str, &'static str)> {
        let classes = self.classes.iter().map(|c| (c.name, c.attributes()));
        let objects = self.objects.iter().map(|o| (o.name, o.attributes()));
        let mut out: Vec<(&'static str, &'static str)> = classes
            .chain(objects)
            .flat_map(|(owner, attrs)| {
                attrs
                    .iter()
                    .filter(|a| a.profile == Some(profile))
                    .map(move |a| (owner, a.name))
            })
            .collect();
        out.sort_unstable();
        out
    }

    /// The object an attribute holds in this version, if it holds one.
    pub fn object_of(&self, attr: &Attribute) -> Option<&'static Object> {
        self.object(attr.object_type?)
    }

    /// The data type of an attribute in this version, `None` for an object attribute.
    pub fn data_type_of(&self, attr: &Attribute) -> Option<&'static DataType> {
        match attr.object_type {
            Some(_) => None,
            None => self.data_type(attr.type_name),
        }
    }

    /// The JSON shape an attribute's values have in this version.
    pub fn base_type_of(&self, attr: &Attribute) -> BaseType {
        match attr.object_type {
            Some(_) => BaseType::Object,
            None => self
                .data_type(attr.type_name)
                .map_or(BaseType::Json, |t| t.base),
        }
    }

    /// An attribute by dotted path through objects, from a class or an object of this version:
    /// `schema.attribute_path(auth, "actor.user.email_addr")`. Array segments may be written
    /// `resources[]` or `resources`.
    pub fn attribute_path(
        &self,
        owner: &'static impl HasAttributes,
        path: &str,
    ) -> Option<&'static Attribute> {
        let mut ids = owner.attribute_ids();
        let mut segments = split_path(path).peekable();
        loop {
            let seg = segments.next()?;
            let attr = find_id(ids, seg.name)?;
            if seg.array && !attr.is_array {
                return None;
            }
            if segments.peek().is_none() {
                return Some(attr);
            }
            ids = self.object_of(attr)?.attribute_ids;
        }
    }
}

/// The attribute of the table at `id`.
fn attribute_at(id: u16) -> &'static Attribute {
    &crate::generated::shared::attributes::ATTRIBUTES[usize::from(id)]
}

/// An attribute by name among `ids` (sorted by name): a binary search, no allocation.
fn find_id(ids: &[u16], name: &str) -> Option<&'static Attribute> {
    ids.binary_search_by(|&id| attribute_at(id).name.cmp(name))
        .ok()
        .map(|i| attribute_at(ids[i]))
}

fn resolve(
    ids: &'static [u16],
    cell: &'static crate::model::ResolvedAttributes,
) -> &'static [&'static Attribute] {
    cell.get_or_init(|| ids.iter().map(|&id| attribute_at(id)).collect())
}

/// A class or an object: whatever owns a list of attributes.
pub trait HasAttributes {
    /// The OCSF name (`authentication`, `user`).
    fn name(&self) -> &'static str;
    #[doc(hidden)]
    fn attribute_ids(&self) -> &'static [u16];
    /// Every attribute, sorted by name. Made once per class or object, on first use.
    fn attributes(&'static self) -> &'static [&'static Attribute];

    /// A direct attribute by name.
    fn attribute(&self, name: &str) -> Option<&'static Attribute> {
        find_id(self.attribute_ids(), name)
    }
}

impl HasAttributes for Class {
    fn name(&self) -> &'static str {
        self.name
    }
    fn attribute_ids(&self) -> &'static [u16] {
        self.attribute_ids
    }
    fn attributes(&'static self) -> &'static [&'static Attribute] {
        let cells: &'static [crate::model::ResolvedAttributes] =
            &crate::generated::shared::classes::RESOLVED;
        resolve(self.attribute_ids, &cells[usize::from(self.slot)])
    }
}

impl HasAttributes for Object {
    fn name(&self) -> &'static str {
        self.name
    }
    fn attribute_ids(&self) -> &'static [u16] {
        self.attribute_ids
    }
    fn attributes(&'static self) -> &'static [&'static Attribute] {
        let cells: &'static [crate::model::ResolvedAttributes] =
            &crate::generated::shared::objects::RESOLVED;
        resolve(self.attribute_ids, &cells[usize::from(self.slot)])
    }
}

impl Class {
    pub fn attribute(&self, name: &str) -> Option<&'static Attribute> {
        HasAttributes::attribute(self, name)
    }

    /// Every attribute, sorted by name (made once, on first use).
    pub fn attributes(&'static self) -> &'static [&'static Attribute] {
        HasAttributes::attributes(self)
    }

    /// The caption of an activity id, e.g. 1 → "Logon" for Authentication.
    pub fn activity_caption(&self, activity_id: i64) -> Option<&'static str> {
        self.attribute("activity_id")?.enum_caption(activity_id)
    }

    /// The uid of an activity by its caption in any case, with spaces or underscores
    /// (`"logon"`, `"password_change"`, `"Password Change"`).
    pub fn activity_id(&self, caption: &str) -> Option<i64> {
        let values = self.attribute("activity_id")?.enum_values?;
        values.iter().find_map(|v| match v.key {
            EnumKey::Int(id) if caption_matches(v.caption, caption) => Some(id),
            _ => None,
        })
    }
}

impl Object {
    pub fn attribute(&self, name: &str) -> Option<&'static Attribute> {
        HasAttributes::attribute(self, name)
    }

    /// Every attribute, sorted by name (made once, on first use).
    pub fn attributes(&'static self) -> &'static [&'static Attribute] {
        HasAttributes::attributes(self)
    }
}

impl Attribute {
    /// Whether the attribute holds an object (resolve it with [`Schema::object_of`]).
    pub fn is_object(&self) -> bool {
        self.object_type.is_some()
    }

    pub fn is_enum(&self) -> bool {
        self.enum_values.is_some()
    }

    /// The enum entry for an integer value.
    pub fn enum_value(&self, value: i64) -> Option<&'static EnumValue> {
        let values = self.enum_values?;
        // Most enums number their values 0, 1, 2, … from the start: a value is then at its own
        // index, read with one load instead of a search's chain of them (the validator looks up
        // every `*_id` it checks against its caption).
        let at_own_index = usize::try_from(value).ok().and_then(|i| values.get(i));
        if let Some(v) = at_own_index.filter(|v| v.key == EnumKey::Int(value)) {
            return Some(v);
        }
        values
            .binary_search_by(|v| v.key.cmp(&EnumKey::Int(value)))
            .ok()
            .map(|i| &values[i])
    }

    /// The enum entry for a string value (`http_request.http_method`).
    pub fn enum_value_str(&self, value: &str) -> Option<&'static EnumValue> {
        let values = self.enum_values?;
        values
            .iter()
            .find(|v| matches!(v.key, EnumKey::Str(s) if s == value))
    }

    /// The caption of an integer enum value: `severity_id` 3 → "Medium".
    pub fn enum_caption(&self, value: i64) -> Option<&'static str> {
        self.enum_value(value).map(|v| v.caption)
    }
}

/// Compares an OCSF caption to a name written by a person: case-insensitive, with spaces,
/// underscores and hyphens treated alike.
pub(crate) fn caption_matches(caption: &str, written: &str) -> bool {
    let norm = |c: char| match c {
        ' ' | '_' | '-' => '_',
        c => c.to_ascii_lowercase(),
    };
    caption.chars().map(norm).eq(written.chars().map(norm))
}

/// One segment of a dotted attribute path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathSegment<'a> {
    pub name: &'a str,
    /// Written with a trailing `[]`.
    pub array: bool,
}

/// Splits `resources[].uid` into its segments.
pub fn split_path(path: &str) -> impl Iterator<Item = PathSegment<'_>> {
    path.split('.').map(|seg| match seg.strip_suffix("[]") {
        Some(name) => PathSegment { name, array: true },
        None => PathSegment {
            name: seg,
            array: false,
        },
    })
}
