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
        let all: &'static [Profile] = self.profiles;
        find_by_name(all, name, |p| p.name)
    }
}

impl Class {
    pub fn attribute(&self, name: &str) -> Option<&'static Attribute> {
        let all: &'static [Attribute] = self.attributes;
        find_by_name(all, name, |a| a.name)
    }

    /// An attribute by dotted path through objects: `actor.user.email_addr`.
    /// Array segments may be written `resources[]` or `resources`.
    pub fn attribute_path(&self, path: &str) -> Option<&'static Attribute> {
        walk_path(self.attributes, path)
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
        let all: &'static [Attribute] = self.attributes;
        find_by_name(all, name, |a| a.name)
    }

    /// An attribute by dotted path through nested objects.
    pub fn attribute_path(&self, path: &str) -> Option<&'static Attribute> {
        walk_path(self.attributes, path)
    }
}

impl Attribute {
    /// The object this attribute holds, if it holds one.
    pub fn object(&self) -> Option<&'static Object> {
        match self.ty {
            AttributeType::Object(o) => Some(o),
            AttributeType::Data(_) => None,
        }
    }

    /// The data type this attribute holds, if it is not an object.
    pub fn data_type(&self) -> Option<&'static DataType> {
        match self.ty {
            AttributeType::Data(t) => Some(t),
            AttributeType::Object(_) => None,
        }
    }

    pub fn base_type(&self) -> BaseType {
        match self.ty {
            AttributeType::Data(t) => t.base,
            AttributeType::Object(_) => BaseType::Object,
        }
    }

    pub fn is_enum(&self) -> bool {
        self.enum_values.is_some()
    }

    /// The enum entry for an integer value.
    pub fn enum_value(&self, value: i64) -> Option<&'static EnumValue> {
        let values = self.enum_values?;
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

fn walk_path(mut attributes: &'static [Attribute], path: &str) -> Option<&'static Attribute> {
    let mut segments = split_path(path).peekable();
    loop {
        let seg = segments.next()?;
        let attr = find_by_name(attributes, seg.name, |a| a.name)?;
        if seg.array && !attr.is_array {
            return None;
        }
        if segments.peek().is_none() {
            return Some(attr);
        }
        attributes = attr.object()?.attributes;
    }
}
