//! JSON Schemas (draft 2020-12) for every event class: `schemas/json/<version>/<class>.json`.
//!
//! One self-contained document per class: the class's attributes as `properties`, and every
//! object reachable from the class (recursively) under `$defs`, referenced as
//! `#/$defs/<object>`. Self-contained documents are what most tools (editors, CI validators,
//! other languages' validators) can load without a resolver.
//!
//! The documents are deliberately stricter than the OCSF server's own JSON Schema export:
//!
//! - `additionalProperties: false` on classes and objects. Anything not in the schema belongs in
//!   `unmapped`, whose object (`object`, which has no attributes) stays open; `json_t`
//!   attributes accept any value.
//! - Base types: `string_t` → `string`; `integer_t`, `long_t` and `timestamp_t` → `integer`;
//!   `float_t` → `number` (so `1` is accepted where a float is expected); `boolean_t` →
//!   `boolean`; `json_t` → any value. Type `regex`, `range` and `max_len` become `pattern`,
//!   `minimum`/`maximum` and `maxLength`.
//! - Enums are closed (`enum` of the keys) for the version the document describes. An event
//!   that uses a value from a newer OCSF version fails here; tolerating unknown values is the
//!   job of the validator (`ocsf-validate`), which knows which version an event claims.
//! - Sibling captions: for an enum `*_id` attribute with a sibling, the sibling must hold the
//!   caption of the id (exactly, case included), except for the "Other" value (`99`, or
//!   `<class uid>99` for `type_uid`), whose caption is source-specific and therefore free.
//! - `class_uid`, `category_uid`, `class_name` and `category_name` are constants; `type_uid` and
//!   `activity_id` are closed enums of the class's values.
//! - `required` follows `requirement: required`, except that an attribute brought by a profile is
//!   required only when the event declares that profile in `metadata.profiles`.
//! - `at_least_one` / `just_one` constraints become `anyOf` / `oneOf` of `required` lists,
//!   dotted paths (`device.os.sp_name`) becoming nested `required` chains.
//!
//! Extension classes such as `win/registry_key_activity` are written to a subdirectory
//! (`schemas/json/<version>/win/registry_key_activity.json`), mirroring their URLs on
//! schema.ocsf.io and their `$id`, so a class's file path is always `<name>.json`.
//!
//! Only captions, names, uids and links are copied from the schema, never description prose.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::model::{Attribute, Class, Constraints, EnumKey, Requirement, Schema};
use crate::output::{json_marker, GeneratedFile};
use crate::tables::object_link;

/// The JSON Schema dialect of every generated document.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Every class schema of these versions.
pub fn generate(schemas: &[&Schema]) -> Vec<GeneratedFile> {
    schemas
        .iter()
        .flat_map(|schema| {
            schema.classes.iter().map(move |(name, class)| {
                GeneratedFile::json(
                    class_path(&schema.version, name),
                    &class_schema(schema, name, class),
                )
            })
        })
        .collect()
}

/// `schemas/json/1.6.0/authentication.json`; `win/foo` → `schemas/json/1.6.0/win/foo.json`.
/// `name` is the export's key for the class (prefixed for extension classes).
pub fn class_path(version: &str, name: &str) -> String {
    format!("schemas/json/{version}/{name}.json")
}

/// The `$id` of a class's document: stable per version and class name.
pub fn class_id(version: &str, name: &str) -> String {
    format!("https://schema.ocsf.io/schema/{version}/classes/{name}")
}

/// The whole JSON Schema document of one class. `name` is the class's key in the export, which
/// for an extension class carries the extension prefix (`win/registry_key_activity`) that its
/// `name` field lacks (`registry_key_activity`).
pub fn class_schema(schema: &Schema, name: &str, class: &Class) -> Value {
    let mut doc = Map::new();
    doc.insert("$comment".into(), json_marker(&schema.version).into());
    doc.insert("$schema".into(), DIALECT.into());
    doc.insert("$id".into(), class_id(&schema.version, name).into());
    doc.insert("title".into(), class.caption.clone().into());

    let mut properties = Map::new();
    for attr in class.attributes.values() {
        let mut prop = attribute_schema(schema, attr);
        if let Some(constant) = class_constant(schema, class, &attr.name) {
            // A constant replaces the attribute's own one-value enum (or adds the missing one):
            // its error message names the expected value.
            prop.remove("enum");
            prop.insert("const".into(), constant);
        }
        properties.insert(attr.name.clone(), Value::Object(prop));
    }
    // class_uid and category_uid are constants with constant siblings: a sibling rule would
    // only repeat the constants' errors.
    let siblings = sibling_rules(
        class
            .attributes
            .values()
            .filter(|a| !matches!(a.name.as_str(), "class_uid" | "category_uid")),
        &class.attributes,
    );
    let required = class
        .attributes
        .values()
        .filter(|a| a.requirement == Requirement::Required && a.profile.is_none());
    let mut profile_rules = Vec::new();
    for (profile, names) in required_by_profile(class) {
        profile_rules.push(json!({
            "if": {
                "properties": {
                    "metadata": {
                        "properties": { "profiles": { "contains": { "const": profile } } },
                        "required": ["profiles"],
                    }
                },
                "required": ["metadata"],
            },
            "then": { "required": names },
        }));
    }
    fill_object_shape(
        schema,
        &mut doc,
        properties,
        required.map(|a| a.name.clone()).collect(),
        &class.constraints,
        &class.attributes,
        siblings,
    );
    if !profile_rules.is_empty() {
        doc.insert("allOf".into(), Value::Array(profile_rules));
    }
    if class.deprecated.is_some() {
        doc.insert("deprecated".into(), true.into());
    }

    let defs: Map<String, Value> = reachable_objects(schema, &class.attributes)
        .into_iter()
        .map(|name| (name.clone(), object_schema(schema, &name)))
        .collect();
    if !defs.is_empty() {
        doc.insert("$defs".into(), Value::Object(defs));
    }
    Value::Object(doc)
}

/// The value a class pins an attribute to, if it pins it.
fn class_constant(schema: &Schema, class: &Class, attr: &str) -> Option<Value> {
    match attr {
        "class_uid" => Some(class.uid.into()),
        "category_uid" => Some(class.category_uid.into()),
        "class_name" => Some(class.caption.clone().into()),
        "category_name" => category_caption(schema, class).map(Value::from),
        _ => None,
    }
}

/// The caption of the class's category, as its `category_uid` enum spells it.
fn category_caption(schema: &Schema, class: &Class) -> Option<String> {
    let key = EnumKey::Int(i64::from(class.category_uid));
    class
        .attributes
        .get("category_uid")
        .and_then(|a| a.enum_values.as_ref())
        .and_then(|values| values.iter().find(|v| v.key == key))
        .map(|v| v.caption.clone())
        .or_else(|| {
            schema
                .categories
                .get(&class.category)
                .map(|c| c.caption.clone())
        })
}

/// Required profile attributes, grouped by profile.
fn required_by_profile(class: &Class) -> BTreeMap<&str, Vec<&str>> {
    let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for attr in class.attributes.values() {
        if let (Requirement::Required, Some(profile)) = (attr.requirement, &attr.profile) {
            out.entry(profile).or_default().push(&attr.name);
        }
    }
    out
}

fn object_schema(schema: &Schema, name: &str) -> Value {
    let object = &schema.objects[name];
    let mut def = Map::new();
    def.insert("title".into(), object.caption.clone().into());
    def.insert("$comment".into(), object_link(&schema.version, name).into());
    if object.attributes.is_empty() {
        // `object` (the type of `unmapped`) declares no attributes: it is the schema's "any
        // object", so it stays open.
        def.insert("type".into(), "object".into());
    } else {
        let properties = object
            .attributes
            .values()
            .map(|a| (a.name.clone(), Value::Object(attribute_schema(schema, a))))
            .collect();
        // An object cannot see the event's `metadata.profiles`, so its profile attributes are
        // never required (none is, in 1.6.0).
        let required = object
            .attributes
            .values()
            .filter(|a| a.requirement == Requirement::Required && a.profile.is_none())
            .map(|a| a.name.clone())
            .collect();
        let siblings = sibling_rules(object.attributes.values(), &object.attributes);
        fill_object_shape(
            schema,
            &mut def,
            properties,
            required,
            &object.constraints,
            &object.attributes,
            siblings,
        );
    }
    if object.deprecated.is_some() {
        def.insert("deprecated".into(), true.into());
    }
    Value::Object(def)
}

/// The keywords classes and objects share: a closed object with its required attributes,
/// constraints and sibling rules.
fn fill_object_shape(
    schema: &Schema,
    out: &mut Map<String, Value>,
    properties: Map<String, Value>,
    required: Vec<String>,
    constraints: &Constraints,
    attributes: &BTreeMap<String, Attribute>,
    siblings: Map<String, Value>,
) {
    out.insert("type".into(), "object".into());
    out.insert("properties".into(), Value::Object(properties));
    out.insert("additionalProperties".into(), false.into());
    if !required.is_empty() {
        out.insert("required".into(), json!(required));
    }
    let at_least_one = constraint_branches(schema, attributes, &constraints.at_least_one);
    if !at_least_one.is_empty() {
        out.insert("anyOf".into(), Value::Array(at_least_one));
    }
    let just_one = constraint_branches(schema, attributes, &constraints.just_one);
    if !just_one.is_empty() {
        out.insert("oneOf".into(), Value::Array(just_one));
    }
    if !siblings.is_empty() {
        out.insert("dependentSchemas".into(), Value::Object(siblings));
    }
}

/// One `required` chain per constraint path.
///
/// A path whose attributes the owner lacks is left out: under `additionalProperties: false` its
/// branch could never hold (1.6.0's `event_log_actvity` names a `log_file` it does not have).
fn constraint_branches(
    schema: &Schema,
    attributes: &BTreeMap<String, Attribute>,
    paths: &[String],
) -> Vec<Value> {
    paths
        .iter()
        .filter_map(|path| {
            let segments: Vec<&str> = path.split('.').collect();
            required_chain(schema, attributes, &segments)
        })
        .collect()
}

/// `device.os.sp_name` → `{required: [device], properties: {device: {required: [os],
/// properties: {os: {required: [sp_name]}}}}}`. Through an array attribute, some item must
/// satisfy the rest of the chain (`contains`).
fn required_chain(
    schema: &Schema,
    attributes: &BTreeMap<String, Attribute>,
    segments: &[&str],
) -> Option<Value> {
    let (first, rest) = segments.split_first()?;
    let attr = attributes.get(*first)?;
    let mut node = Map::new();
    node.insert("required".into(), json!([first]));
    if !rest.is_empty() {
        let object = schema.objects.get(attr.object_type.as_deref()?)?;
        let inner = required_chain(schema, &object.attributes, rest)?;
        let inner = if attr.is_array {
            json!({ "contains": inner })
        } else {
            inner
        };
        node.insert("properties".into(), json!({ *first: inner }));
    }
    Some(Value::Object(node))
}

/// `dependentSchemas` entries: when `<x>_id` is present with a value other than "Other", its
/// sibling, if present, must hold that value's caption. `if`/`then` per value (rather than an
/// `anyOf` of pairs) makes the error name the sibling and the expected caption.
///
/// Arrays of ids (`category_ids` with `categories`) are left out: their captions pair with ids
/// by position, which JSON Schema cannot express.
fn sibling_rules<'a>(
    candidates: impl Iterator<Item = &'a Attribute>,
    attributes: &BTreeMap<String, Attribute>,
) -> Map<String, Value> {
    let mut out = Map::new();
    for attr in candidates {
        let (Some(sibling), Some(values)) = (&attr.sibling, &attr.enum_values) else {
            continue;
        };
        if attr.is_array || !attributes.contains_key(sibling) {
            continue;
        }
        let rules: Vec<Value> = values
            .iter()
            .filter(|v| !is_other(&attr.name, &v.key))
            .map(|v| {
                json!({
                    "if": { "properties": { attr.name.as_str(): { "const": enum_key(&v.key) } } },
                    "then": { "properties": { sibling.as_str(): { "const": v.caption } } },
                })
            })
            .collect();
        if !rules.is_empty() {
            out.insert(attr.name.clone(), json!({ "allOf": rules }));
        }
    }
    out
}

/// The "Other" value of an enum: its sibling holds a source-specific caption.
fn is_other(attr: &str, key: &EnumKey) -> bool {
    match key {
        EnumKey::Int(99) => true,
        // type_uid is class_uid * 100 + activity_id: its "Other" is activity 99.
        EnumKey::Int(k) => attr == "type_uid" && k % 100 == 99,
        EnumKey::Str(_) => false,
    }
}

fn enum_key(key: &EnumKey) -> Value {
    match key {
        EnumKey::Int(i) => (*i).into(),
        EnumKey::Str(s) => s.clone().into(),
    }
}

/// One attribute's property schema: title, type (or `$ref`), enum, array wrapping.
fn attribute_schema(schema: &Schema, attr: &Attribute) -> Map<String, Value> {
    let mut item = match &attr.object_type {
        Some(object) => {
            let mut m = Map::new();
            m.insert("$ref".into(), def_ref(object).into());
            m
        }
        None => data_type_schema(schema, &attr.type_name),
    };
    if let Some(values) = &attr.enum_values {
        item.insert(
            "enum".into(),
            values.iter().map(|v| enum_key(&v.key)).collect(),
        );
    }
    let mut prop = if attr.is_array {
        let mut m = Map::new();
        m.insert("type".into(), "array".into());
        m.insert("items".into(), Value::Object(item));
        m
    } else {
        item
    };
    prop.insert("title".into(), attr.caption.clone().into());
    let mut comment = attr.requirement.as_str().to_owned();
    if let Some(profile) = &attr.profile {
        comment.push_str(&format!(", profile {profile}"));
    }
    prop.insert("$comment".into(), comment.into());
    if attr.deprecated.is_some() {
        prop.insert("deprecated".into(), true.into());
    }
    prop
}

/// `#/$defs/<object>`, the object name escaped as a JSON Pointer token (`win/reg_key` →
/// `win~1reg_key`).
fn def_ref(object: &str) -> String {
    format!("#/$defs/{}", object.replace('~', "~0").replace('/', "~1"))
}

/// The JSON-level type and value constraints of a data type.
///
/// Constraints are inherited along the type chain (`timestamp_t` → `long_t`), the most
/// specific one winning.
///
/// Type regexes are copied as upstream writes them, with one change: a regex with no anchor
/// at all (1.6.0's `uuid_t`) is anchored, because JSON Schema's `pattern` searches (it is
/// unanchored) and an unanchored UUID pattern accepts any string containing a UUID. Every
/// 1.6.0 regex compiles in the `jsonschema` crate's ECMA-262 engine as is (the tests check
/// this), so none needed translating and none fell back to no pattern. `ip_t`'s regex is lax
/// upstream (an unescaped `.` separates the IPv4 octets, and whitespace is allowed around the
/// address); it is kept, since a JSON Schema stricter than the OCSF schema itself would reject
/// events the OCSF server accepts.
fn data_type_schema(schema: &Schema, type_name: &str) -> Map<String, Value> {
    let mut out = Map::new();
    let json_type = match schema.base_type(type_name) {
        "string_t" => Some("string"),
        "integer_t" | "long_t" => Some("integer"),
        "float_t" => Some("number"),
        "boolean_t" => Some("boolean"),
        "object_t" => Some("object"),
        // json_t, and any base type this generator does not know, accepts any JSON value.
        _ => None,
    };
    if let Some(t) = json_type {
        out.insert("type".into(), t.into());
    }
    let (mut regex, mut range, mut max_len) = (None, None, None);
    let mut current = Some(type_name);
    // Bounded like Schema::base_type, so a cycle in a malformed export cannot hang codegen.
    for _ in 0..8 {
        let Some(ty) = current.and_then(|name| schema.types.get(name)) else {
            break;
        };
        regex = regex.or(ty.regex.as_deref());
        range = range.or(ty.range);
        max_len = max_len.or(ty.max_len);
        current = ty.base.as_deref().filter(|b| *b != ty.name);
    }
    if let Some(regex) = regex {
        out.insert("pattern".into(), anchored(regex).into());
    }
    if let Some((lo, hi)) = range {
        out.insert("minimum".into(), lo.into());
        out.insert("maximum".into(), hi.into());
    }
    if let Some(max_len) = max_len {
        out.insert("maxLength".into(), max_len.into());
    }
    out
}

/// Anchors a regex that has no anchor anywhere; leaves deliberately anchored ones alone
/// (`ip_t` anchors each alternative inside its outer group, hence the `(^` and `$)` checks).
fn anchored(regex: &str) -> String {
    let has_anchor = regex.starts_with('^')
        || regex.ends_with('$')
        || regex.contains("(^")
        || regex.contains("$)");
    if has_anchor {
        regex.to_owned()
    } else {
        format!("^(?:{regex})$")
    }
}

/// Every object reachable from these attributes, recursively.
fn reachable_objects(
    schema: &Schema,
    attributes: &BTreeMap<String, Attribute>,
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&str> = attributes
        .values()
        .filter_map(|a| a.object_type.as_deref())
        .collect();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.to_owned()) {
            continue;
        }
        if let Some(object) = schema.objects.get(name) {
            stack.extend(
                object
                    .attributes
                    .values()
                    .filter_map(|a| a.object_type.as_deref()),
            );
        }
    }
    seen
}
