//! JSON Schemas (draft 2020-12) of every event class, one bundle per version.
//!
//! # Layout
//!
//! Per version, under `schemas/json/<version>/`:
//!
//! - `ocsf.schema.json`, the bundle: validates any event of that version. Every class is in it
//!   once (`$defs/class.<name>`), every object once (`$defs/object.<name>`), and its root
//!   dispatches on `class_uid`: `class_uid` is required and a closed enum of the version's
//!   classes (an unknown one fails there, once), and an `allOf` of
//!   `if {class_uid: const N} then {$ref: class}` applies the event's class.
//! - `<class>.json`, one entry document per class: only a `$ref` into the bundle
//!   (`ocsf.schema.json#/$defs/class.authentication`). Extension classes such as
//!   `win/registry_key_activity` are in a subdirectory, whose entry refers to
//!   `../ocsf.schema.json`, mirroring their URLs on schema.ocsf.io.
//!
//! Every `$id` is [`ID_BASE`] followed by the file's path under `schemas/json/`
//! (`https://ocsf-rs.github.io/schemas/json/1.6.0/authentication.json`), so the relative
//! reference from an entry document to the bundle resolves the same against the `$id`s and
//! against the files' own locations. Nothing needs the network.
//!
//! Why: one self-contained document per class repeated every reachable object in each (30 MB
//! for 1.6.0). The bundle holds each once, and `share_repeated` writes what classes and
//! objects still repeat verbatim (base_event's attribute schemas and caption rules, in every
//! class) once more under `$defs/attribute.<name>` and `$defs/captions.<name>`: 0.6 MB (1.0.0)
//! to 1.7 MB (1.8.0) per version, pretty-printed.
//!
//! # Loading
//!
//! The bundle is self-contained: any 2020-12 validator loads it alone. An entry document needs
//! the bundle under the bundle's `$id`. With the Rust `jsonschema` crate, either as a resource:
//!
//! ```text
//! let bundle: Value = serde_json::from_str(&std::fs::read_to_string("schemas/json/1.6.0/ocsf.schema.json")?)?;
//! let entry: Value = serde_json::from_str(&std::fs::read_to_string("schemas/json/1.6.0/authentication.json")?)?;
//! let validator = jsonschema::draft202012::options()
//!     .with_resource(bundle["$id"].as_str().unwrap(), jsonschema::Resource::from_contents(bundle)?)
//!     .build(&entry)?;
//! ```
//!
//! or with a `jsonschema::Retrieve` that maps a URI past [`ID_BASE`] to a file under
//! `schemas/json/` (the tests' `Files` retriever does this over generated files). With Python's
//! `jsonschema` and `referencing`, register every document under its `$id`:
//!
//! ```text
//! resources = [(d["$id"], Resource.from_contents(d)) for d in documents]
//! validator = Draft202012Validator(entry, registry=Registry().with_resources(resources))
//! ```
//!
//! `crates/ocsf-codegen/tests/python/check_json_schemas.py` does that for a version's
//! directory and checks a few events with the bundle and with their entry documents.
//!
//! # Strictness
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
//! Only captions, names, uids and links are copied from the schema, never description prose.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::model::{Attribute, Class, Constraints, EnumKey, Requirement, Schema};
use crate::output::{json_marker, GeneratedFile};
use crate::tables::{class_link, object_link};

/// The JSON Schema dialect of every generated document.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The `$id` of every document is this base followed by the document's path under
/// `schemas/json/`, so a reference between two documents is also the relative path between
/// their files.
pub const ID_BASE: &str = "https://ocsf-rs.github.io/schemas/json/";

/// The file name of a version's bundled document.
pub const BUNDLE_FILE: &str = "ocsf.schema.json";

/// The bundle and the per-class entry documents of these versions.
pub fn generate(schemas: &[&Schema]) -> Vec<GeneratedFile> {
    let mut files = Vec::new();
    for schema in schemas {
        files.push(GeneratedFile::json(
            bundle_path(&schema.version),
            &bundle(schema),
        ));
        for name in schema.classes.keys() {
            files.push(GeneratedFile::json(
                class_path(&schema.version, name),
                &class_entry(schema, name),
            ));
        }
    }
    files
}

/// `schemas/json/1.6.0/ocsf.schema.json`.
pub fn bundle_path(version: &str) -> String {
    format!("schemas/json/{version}/{BUNDLE_FILE}")
}

/// `schemas/json/1.6.0/authentication.json`; `win/foo` → `schemas/json/1.6.0/win/foo.json`.
/// `name` is the export's key for the class (prefixed for extension classes).
pub fn class_path(version: &str, name: &str) -> String {
    format!("schemas/json/{version}/{name}.json")
}

/// The `$id` of a version's bundle.
pub fn bundle_id(version: &str) -> String {
    format!("{ID_BASE}{version}/{BUNDLE_FILE}")
}

/// The `$id` of a class's entry document.
pub fn class_id(version: &str, name: &str) -> String {
    format!("{ID_BASE}{version}/{name}.json")
}

/// The name under the bundle's `$defs` of a class (`class.authentication`).
pub fn class_def(name: &str) -> String {
    format!("class.{name}")
}

/// The name under the bundle's `$defs` of an object (`object.device`).
pub fn object_def(name: &str) -> String {
    format!("object.{name}")
}

/// A version's bundle: every class and object once under `$defs`, and a root schema that
/// dispatches on `class_uid`.
pub fn bundle(schema: &Schema) -> Value {
    let mut defs = Map::new();
    let mut dispatch = Vec::new();
    let mut uids = BTreeSet::new();
    for (name, class) in &schema.classes {
        defs.insert(class_def(name), class_schema(schema, name, class));
        uids.insert(class.uid);
        dispatch.push(json!({
            "if": {
                "properties": { "class_uid": { "const": class.uid } },
                "required": ["class_uid"],
            },
            "then": { "$ref": def_ref(&class_def(name)) },
        }));
    }
    for name in schema.objects.keys() {
        defs.insert(object_def(name), object_schema(schema, name));
    }
    share_repeated(&mut defs);

    let mut doc = Map::new();
    doc.insert("$comment".into(), json_marker(&schema.version).into());
    doc.insert("$schema".into(), DIALECT.into());
    doc.insert("$id".into(), bundle_id(&schema.version).into());
    doc.insert(
        "title".into(),
        format!("OCSF {} event", schema.version).into(),
    );
    doc.insert("type".into(), "object".into());
    // An unknown class_uid fails here, once, instead of passing every `if` below vacuously.
    doc.insert(
        "properties".into(),
        json!({ "class_uid": { "title": "Class ID", "enum": uids } }),
    );
    doc.insert("required".into(), json!(["class_uid"]));
    doc.insert("allOf".into(), Value::Array(dispatch));
    doc.insert("$defs".into(), Value::Object(defs));
    Value::Object(doc)
}

/// A class's entry document: a reference to its definition in the version's bundle, relative
/// to both `$id`s (and to both file paths).
pub fn class_entry(schema: &Schema, name: &str) -> Value {
    let class = &schema.classes[name];
    let up = "../".repeat(name.matches('/').count());
    let mut doc = Map::new();
    doc.insert("$comment".into(), json_marker(&schema.version).into());
    doc.insert("$schema".into(), DIALECT.into());
    doc.insert("$id".into(), class_id(&schema.version, name).into());
    doc.insert("title".into(), class.caption.clone().into());
    doc.insert(
        "$ref".into(),
        format!("{up}{BUNDLE_FILE}{}", def_ref(&class_def(name))).into(),
    );
    Value::Object(doc)
}

/// A class's definition in the bundle. `name` is the class's key in the export, which for an
/// extension class carries the extension prefix (`win/registry_key_activity`) that its `name`
/// field lacks (`registry_key_activity`).
fn class_schema(schema: &Schema, name: &str, class: &Class) -> Value {
    let mut doc = Map::new();
    doc.insert("title".into(), class.caption.clone().into());
    doc.insert("$comment".into(), class_link(&schema.version, name).into());

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
            m.insert("$ref".into(), def_ref(&object_def(object)).into());
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

/// `#/$defs/<def>`, the name escaped as a JSON Pointer token (`object.win/reg_key` →
/// `object.win~1reg_key`).
fn def_ref(def: &str) -> String {
    format!("#/$defs/{}", def.replace('~', "~0").replace('/', "~1"))
}

/// The JSON-level type and value constraints of a data type.
///
/// Constraints are inherited along the type chain (`timestamp_t` → `long_t`), the most
/// specific one winning.
///
/// Type regexes are copied as upstream writes them, with two changes. A regex with no anchor
/// at all (`uuid_t`) is anchored, because JSON Schema's `pattern` searches (it is unanchored)
/// and an unanchored UUID pattern accepts any string containing a UUID. A regex written as a
/// PCRE literal, `/…/flags` (1.0.0's `ip_t`, with atomic groups and recursion), is left out:
/// ECMA-262, the dialect of `pattern`, has neither, so the attribute is only a string. Every
/// other regex of 1.0.0 to 1.8.0 compiles in the `jsonschema` crate's ECMA-262 engine as is
/// (the tests check this), so none needed translating.
///
/// Kept as upstream wrote them, although lax or wrong: `ip_t`'s regex from 1.1.0 (an
/// unescaped `.` separates the IPv4 octets, and whitespace is allowed around the address),
/// since a JSON Schema stricter than the OCSF schema itself would reject events the OCSF
/// server accepts; and 1.0.0's `datetime_t`, which spells the second colon `%3A`.
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
        regex = regex.or(ty.regex.as_deref().filter(|r| !is_pcre_literal(r)));
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

/// `/^(?>…)$/iD`: a PCRE pattern with its delimiters and flags, not an ECMA-262 regex.
fn is_pcre_literal(regex: &str) -> bool {
    regex
        .strip_prefix('/')
        .and_then(|rest| rest.rsplit_once('/'))
        .is_some_and(|(_, flags)| flags.chars().all(|c| c.is_ascii_alphabetic()))
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

/// Hoists repeated subschemas into `$defs`. An attribute's property schema, or its
/// sibling-caption rule (`dependentSchemas`), that is identical in two or more classes or
/// objects is written once, as `attribute.<name>` or `captions.<name>` (`.2`, `.3`, … for
/// further variants of the same attribute, most used first), and replaced by a `$ref` to it,
/// when that makes the document smaller.
///
/// A `$ref` to a subschema validates exactly as the subschema in place would: every `$ref`
/// inside one is to `#/$defs/…` of the same document, and none carries an `$id` or an anchor.
/// Only the error paths change (they go through the `$ref`). The base_event attributes of
/// every class and their caption rules are most of what this saves.
fn share_repeated(defs: &mut Map<String, Value>) {
    const POSITIONS: [(&str, &str); 2] = [
        ("properties", "attribute"),
        ("dependentSchemas", "captions"),
    ];
    // (position, attribute, subschema as text) → (uses, subschema)
    let mut uses: BTreeMap<(&str, String, String), (usize, Value)> = BTreeMap::new();
    for def in defs.values() {
        for (keyword, _) in POSITIONS {
            let Some(Value::Object(subs)) = def.get(keyword) else {
                continue;
            };
            for (attr, sub) in subs {
                let entry = uses
                    .entry((keyword, attr.clone(), sub.to_string()))
                    .or_insert_with(|| (0, sub.clone()));
                entry.0 += 1;
            }
        }
    }
    let mut variants: BTreeMap<(&str, &str), Vec<(usize, &str)>> = BTreeMap::new();
    for ((keyword, attr, text), (count, _)) in &uses {
        // Shared only when the references and the one copy are smaller than the copies: a
        // property that is little more than a `$ref` to an object stays where it is.
        let reference = format!("{{\"$ref\":\"#/$defs/attribute.{attr}\"}}").len();
        if *count > 1 && count * reference + text.len() < count * text.len() {
            variants
                .entry((keyword, attr))
                .or_default()
                .push((*count, text));
        }
    }
    let mut names: BTreeMap<(&str, &str, &str), String> = BTreeMap::new();
    for ((keyword, attr), mut found) in variants {
        // Most used first; ties in text order, so the names are deterministic.
        found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        let prefix = POSITIONS
            .iter()
            .find(|(k, _)| *k == keyword)
            .map(|(_, p)| *p)
            .expect("a known position");
        for (i, (_, text)) in found.into_iter().enumerate() {
            let name = match i {
                0 => format!("{prefix}.{attr}"),
                _ => format!("{prefix}.{attr}.{}", i + 1),
            };
            names.insert((keyword, attr, text), name);
        }
    }

    for def in defs.values_mut() {
        for (keyword, _) in POSITIONS {
            let Some(Value::Object(subs)) = def.get_mut(keyword) else {
                continue;
            };
            for (attr, sub) in subs.iter_mut() {
                if let Some(name) = names.get(&(keyword, attr.as_str(), sub.to_string().as_str())) {
                    *sub = json!({ "$ref": def_ref(name) });
                }
            }
        }
    }
    for ((keyword, attr, text), name) in names {
        let (_, sub) = &uses[&(keyword, attr.to_owned(), text.to_owned())];
        defs.insert(name, sub.clone());
    }
}
