//! The v2 export layout: what the schema server serves at `/export/v2/schema`, the schema
//! compiler's own output (`compile_version` 1), read into the same [`Schema`] as the legacy
//! `/export/schema` layout.
//!
//! # How the two layouts differ
//!
//! Measured on OCSF 1.6.0 compiled both ways by the same compiler (`ocsf-1.6.0-compiled-v2.json`
//! against `ocsf-1.6.0-export.json`; the test `v2_export_gives_the_legacy_model` keeps this true):
//!
//! - **Data types** are at `dictionary.types.attributes`, not top-level `types`: the same 23
//!   entries with the same values.
//! - **Dictionary attributes** are at `dictionary.attributes`, not `dictionary_attributes`:
//!   identical (the model does not read them).
//! - **No top-level `base_event`.** Both layouts carry the base event as `classes.base_event`; the
//!   legacy top-level copy is a duplicate, and the model prefers the `classes` entry anyway.
//! - **An attribute's profile** is a list, `"profiles": ["host"]`, where the legacy layout has
//!   one string, `"profile": "host"`; "no profile" is `"profiles": null` where the legacy layout
//!   has `"profile": null`, and an absent key in both. In 1.6.0, 2,150 attributes have a list,
//!   each of exactly one entry equal to the legacy string, and 104 have `null` in both layouts.
//!   The list form lets the compiler record several profiles for one attribute; the model (like
//!   the legacy layout and the generated tables) holds one, so an attribute with several is
//!   refused, naming them, rather than cut to one. An empty list means no profile, as the
//!   compiler documents.
//! - **Tables the legacy layout lacks:** `categories.attributes` (uid, caption, description of
//!   every category), `profiles` (caption, annotations), `extensions`, and `compile_version`.
//!   The model derives its categories and profiles from the classes and objects, the same way for
//!   both layouts, so the two layouts of one schema give equal models. The tables are used only
//!   to cross-check that derivation: a class's category uid and caption must agree with the
//!   category table, and every profile in use must be in the profile table. The category table
//!   has no `other` (uid 0, "Uncategorized", the base event's category): as in the legacy
//!   layout, the model takes that one from `base_event`.
//!
//! Everything else in `classes` and `objects` is identical, key for key and value for value.
//! Extension-scoped names (`win/…`) were not measured: there is no v2 export with extensions to
//! compare against; the compiler documents the same scoping for both layouts.

use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde::Deserialize;

use super::{Layout, RawAttribute, RawClass, RawObject, RawSchema, RawType, Schema};
use crate::Error;

/// The only `compile_version` this reader knows; a newer one may move things it relies on.
pub const COMPILE_VERSION: u32 = 1;

#[derive(Deserialize)]
struct RawV2 {
    version: String,
    compile_version: u32,
    dictionary: RawDictionary,
    classes: BTreeMap<String, RawClass<RawAttributeV2>>,
    objects: BTreeMap<String, RawObject<RawAttributeV2>>,
    #[serde(default)]
    categories: Option<RawCategories>,
    #[serde(default)]
    profiles: Option<BTreeMap<String, IgnoredAny>>,
}

#[derive(Deserialize)]
struct RawDictionary {
    types: RawTypes,
}

#[derive(Deserialize)]
struct RawTypes {
    attributes: BTreeMap<String, RawType>,
}

#[derive(Deserialize)]
struct RawCategories {
    attributes: BTreeMap<String, RawCategory>,
}

#[derive(Deserialize)]
struct RawCategory {
    uid: u32,
    caption: String,
}

/// A legacy attribute, but with `profiles` (a list, or null) in place of `profile`.
#[derive(Deserialize)]
struct RawAttributeV2 {
    #[serde(flatten)]
    common: RawAttribute,
    #[serde(default)]
    profiles: Option<Vec<String>>,
}

impl RawAttributeV2 {
    fn into_legacy(self, owner: &str, name: &str) -> Result<RawAttribute, Error> {
        let mut common = self.common;
        if common.profile.is_some() {
            return Err(Error::Schema(format!(
                "`{owner}.{name}` has a legacy `profile`, which the v2 layout writes as `profiles`"
            )));
        }
        common.profile = match self.profiles.as_deref() {
            None | Some([]) => None,
            Some([one]) => Some(one.clone()),
            Some(several) => {
                return Err(Error::Schema(format!(
                    "`{owner}.{name}` belongs to several profiles ({}), but the model holds one \
                     profile per attribute",
                    several
                        .iter()
                        .map(|p| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )))
            }
        };
        Ok(common)
    }
}

/// Reads an export known to be in the v2 layout.
pub(super) fn read(bytes: &[u8]) -> Result<Schema, Error> {
    let raw: RawV2 = serde_json::from_slice(bytes).map_err(|source| Error::Shape {
        layout: Layout::V2,
        source,
    })?;
    if raw.compile_version != COMPILE_VERSION {
        return Err(Error::Layout(format!(
            "`compile_version` {}, but this reader knows only the v2 layout's \
             `compile_version` {COMPILE_VERSION}",
            raw.compile_version
        )));
    }
    let mut classes = BTreeMap::new();
    for (key, class) in raw.classes {
        let class = class.try_map(|name, a| a.into_legacy(&key, name))?;
        classes.insert(key, class);
    }
    let mut objects = BTreeMap::new();
    for (key, object) in raw.objects {
        let object = object.try_map(|name, a| a.into_legacy(&key, name))?;
        objects.insert(key, object);
    }
    let schema = Schema::from_raw(RawSchema {
        version: raw.version,
        // The base event is `classes.base_event`, as in the legacy layout's `classes`.
        base_event: None,
        classes,
        objects,
        types: raw.dictionary.types.attributes,
    })?;
    if let Some(categories) = &raw.categories {
        check_categories(&schema, &categories.attributes)?;
    }
    if let Some(profiles) = &raw.profiles {
        check_profiles(&schema, profiles)?;
    }
    Ok(schema)
}

/// Every category the classes imply must agree with the category table, where it lists it.
fn check_categories(schema: &Schema, table: &BTreeMap<String, RawCategory>) -> Result<(), Error> {
    for (name, derived) in &schema.categories {
        let Some(listed) = table.get(name) else {
            continue;
        };
        if listed.uid != derived.uid || listed.caption != derived.caption {
            return Err(Error::Schema(format!(
                "the classes put category `{name}` at uid {} (\"{}\"), but `categories` lists it \
                 at uid {} (\"{}\")",
                derived.uid, derived.caption, listed.uid, listed.caption
            )));
        }
    }
    Ok(())
}

/// Every profile in use must be in the profile table.
fn check_profiles(schema: &Schema, table: &BTreeMap<String, IgnoredAny>) -> Result<(), Error> {
    for (name, profile) in &schema.profiles {
        if table.contains_key(name) {
            continue;
        }
        let user = profile
            .attributes
            .first()
            .map(|(owner, attr)| format!("`{owner}.{attr}`"))
            .or_else(|| {
                let owners = schema.classes.iter().map(|(n, c)| (n, &c.profiles));
                let mut owners = owners.chain(schema.objects.iter().map(|(n, o)| (n, &o.profiles)));
                owners
                    .find(|(_, declared)| declared.contains(name))
                    .map(|(owner, _)| format!("`{owner}`"))
            })
            .unwrap_or_default();
        return Err(Error::Schema(format!(
            "{user} uses profile `{name}`, which the export's `profiles` table lacks"
        )));
    }
    Ok(())
}
