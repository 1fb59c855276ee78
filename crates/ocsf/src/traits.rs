//! The traits every generated enum and class implements.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// An OCSF enum attribute's value: a listed variant, or `Unlisted(id)` for a value this schema
/// version does not define (so that events from later versions still read).
pub trait OcsfEnum: Copy + Eq + std::fmt::Debug + 'static {
    /// Every listed variant, in id order.
    const ALL: &'static [Self];
    /// The `Other` (99) variant, when the enum has one.
    const OTHER: Option<Self>;
    fn id(self) -> i64;
    fn from_id(id: i64) -> Self;
    /// The schema's caption, `None` for an unlisted value.
    fn caption(self) -> Option<&'static str>;
    /// A listed variant by caption in any case, spaces and underscores alike.
    fn from_caption(caption: &str) -> Option<Self> {
        let norm = |c: char| match c {
            ' ' | '_' | '-' => '_',
            c => c.to_ascii_lowercase(),
        };
        Self::ALL.iter().copied().find(|v| {
            v.caption()
                .is_some_and(|known| known.chars().map(norm).eq(caption.chars().map(norm)))
        })
    }
}

/// A typed OCSF event class.
pub trait OcsfClass: Serialize + DeserializeOwned {
    type Activity: OcsfEnum;
    const CLASS_UID: u32;
    const CATEGORY_UID: u32;
    /// The OCSF name, e.g. `authentication`.
    const CLASS_NAME: &'static str;
    /// The OCSF caption, e.g. `Authentication`.
    const CAPTION: &'static str;

    /// As built (always `CLASS_UID`) or as read.
    fn class_uid(&self) -> i64;
    fn category_uid(&self) -> i64;
    fn type_uid(&self) -> i64;
    fn activity_id(&self) -> Self::Activity;
    fn class_name(&self) -> Option<&str>;
    fn category_name(&self) -> Option<&str>;
    fn activity_name(&self) -> Option<&str>;
    fn type_name(&self) -> Option<&str>;
    /// Sets the activity with `activity_name`, `type_uid` and `type_name` derived from it.
    fn set_activity(&mut self, activity: Self::Activity);
    /// Sets the activity to Other (99) with a source-specific `activity_name`.
    fn set_activity_other(&mut self, name: String);
    /// Attributes this schema version does not define, kept as read.
    fn extra(&self) -> &serde_json::Map<String, serde_json::Value>;
    /// The schema tables of the version this type was generated from.
    fn schema() -> &'static ocsf_schema::Schema;
    /// The class's static schema table.
    fn schema_class() -> &'static ocsf_schema::Class {
        Self::schema()
            .class_by_uid(Self::CLASS_UID)
            .expect("a generated class is in its own schema")
    }
}

/// Serializes enums as their integer ids, as OCSF JSON has them, and reads them back.
#[doc(hidden)]
#[macro_export]
macro_rules! impl_enum_serde {
    ($($name:ident),* $(,)?) => {
        $(
            impl serde::Serialize for $name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_i64($crate::OcsfEnum::id(*self))
                }
            }
            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    <i64 as serde::Deserialize>::deserialize(deserializer).map($crate::OcsfEnum::from_id)
                }
            }
            impl $crate::de::ReadJson for $name {
                fn read_json(value: serde_json::Value, reader: &mut $crate::de::Reader) -> Result<Self, $crate::de::ReadError> {
                    $crate::de::read_enum_id(value, reader).map($crate::OcsfEnum::from_id)
                }
            }
        )*
    };
}
