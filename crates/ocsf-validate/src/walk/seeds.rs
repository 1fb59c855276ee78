//! The serde side of the walk: seeds and visitors driven by the schema tables. Nothing here
//! builds a `serde_json::Value`; strings and keys are borrowed from the input where serde
//! allows it.

use std::borrow::Cow;
use std::fmt;

use ocsf_schema::{Attribute, AttributeType, BaseType, EnumKey};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::{ClassChoice, ClassStatus, EntryVal, Frame, Seg, Walker, DEPTH_MESSAGE, SCALAR};
use crate::checks;
use crate::diag::redact;
use crate::policy::MAX_DEPTH;
use crate::rules::*;
use crate::suggest::did_you_mean;
use crate::tables::{Owner, KEEP_INT, KEEP_STR};

fn enter<E: de::Error>(w: &mut Walker<'_, '_>) -> Result<(), E> {
    w.depth += 1;
    if w.depth > MAX_DEPTH {
        return Err(E::custom(DEPTH_MESSAGE));
    }
    Ok(())
}

/// Map keys, borrowed when they contain no escapes.
pub(crate) struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(KeySeed)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// Walks a value without a schema (`json_t`, `unmapped`, unknown attributes, wrong types),
/// still bounding depth and handing strings to the value rules.
pub(crate) struct Skip<'a, 'v, 'de> {
    pub w: &'a mut Walker<'v, 'de>,
}

impl<'de> DeserializeSeed<'de> for Skip<'_, '_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

fn skip_seq<'de, A: SeqAccess<'de>>(w: &mut Walker<'_, 'de>, mut seq: A) -> Result<(), A::Error> {
    enter(w)?;
    let mut i = 0;
    loop {
        w.path.push(Seg::Index(i));
        let more = seq.next_element_seed(Skip { w: &mut *w })?;
        w.path.pop();
        if more.is_none() {
            break;
        }
        i += 1;
    }
    w.depth -= 1;
    Ok(())
}

fn skip_map<'de, A: MapAccess<'de>>(w: &mut Walker<'_, 'de>, mut map: A) -> Result<(), A::Error> {
    enter(w)?;
    while let Some(key) = map.next_key_seed(KeySeed)? {
        w.path.push(Seg::Key(key));
        map.next_value_seed(Skip { w: &mut *w })?;
        w.path.pop();
    }
    w.depth -= 1;
    Ok(())
}

impl<'de> Visitor<'de> for Skip<'_, '_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        self.w.hook_str(None, v);
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        skip_seq(self.w, seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        skip_map(self.w, map)
    }
}

/// The value of one key of an object: a known attribute, or an unknown one.
pub(crate) struct KeyValueSeed<'a, 'v, 'de> {
    pub w: &'a mut Walker<'v, 'de>,
    pub frame: Frame<'v>,
    pub idx: Option<u16>,
}

impl<'de> DeserializeSeed<'de> for KeyValueSeed<'_, '_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let KeyValueSeed { w, frame, idx } = self;
        let owner = frame.owner;
        let Some(idx) = idx else {
            unknown_attribute(w, &frame);
            return Skip { w }.deserialize(d);
        };
        let attr = &owner.attributes()[idx as usize];
        let present = AttrSeed {
            w: &mut *w,
            frame,
            idx,
            attr,
            elem: None,
        }
        .deserialize(d)?;
        if present {
            after_present(w, &frame, idx, attr);
        }
        Ok(())
    }
}

fn unknown_attribute(w: &mut Walker<'_, '_>, frame: &Frame<'_>) {
    let dotted = super::render_dotted(&w.path, &[]);
    if w.v.policy.is_allowed(&dotted) {
        return;
    }
    let Some(Seg::Key(key)) = w.path.last() else {
        return;
    };
    let owner = frame.owner;
    let kind = match owner {
        Owner::Class(_) => "class",
        Owner::Object(_) => "object",
    };
    let message = format!("`{key}` is not an attribute of {kind} `{}`", owner.name());
    let help = did_you_mean(key, owner.attributes().iter().map(|a| a.name))
        .map(|s| format!("did you mean `{s}`?"));
    w.emit(
        UNKNOWN_ATTRIBUTE,
        &[],
        message,
        Some(owner.schema_path()),
        help,
    );
}

fn after_present<'v>(
    w: &mut Walker<'v, '_>,
    frame: &Frame<'v>,
    idx: u16,
    attr: &'static Attribute,
) {
    w.set_seen(frame, idx);
    if let Some(dep) = &attr.deprecated {
        let message = format!("`{}` is deprecated since {}", attr.name, dep.since);
        let help = Some(match dep.replacement {
            Some(r) => format!("use `{r}` instead"),
            None => dep.message.to_owned(),
        });
        w.emit(
            DEPRECATED_ATTRIBUTE,
            &[],
            message,
            Some(frame.owner.attr_schema_path(attr.name)),
            help,
        );
    }
    if let Some(profile) = attr.profile {
        let d = w.make(
            UNDECLARED_PROFILE,
            &[],
            format!(
                "`{}` belongs to profile `{profile}`, which `metadata.profiles` does not declare",
                attr.name
            ),
            Some(frame.owner.attr_schema_path(attr.name)),
            Some(format!("add \"{profile}\" to metadata.profiles")),
        );
        w.emit_if_profile(profile, false, d);
    }
}

/// The value of a known attribute. Returns whether the attribute counts as present
/// (`null` does not).
pub(crate) struct AttrSeed<'a, 'v, 'de> {
    pub w: &'a mut Walker<'v, 'de>,
    pub frame: Frame<'v>,
    pub idx: u16,
    pub attr: &'static Attribute,
    /// The element index when the value is an element of an array attribute.
    pub elem: Option<u32>,
}

impl<'de> DeserializeSeed<'de> for AttrSeed<'_, '_, 'de> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

fn describe_expected(attr: &Attribute, in_array: bool) -> String {
    let one = match attr.ty {
        AttributeType::Object(o) => format!("an object (`{}`)", o.name),
        AttributeType::Data(t) => {
            let kind = match t.base {
                BaseType::String => "a string",
                BaseType::Integer | BaseType::Long => "an integer",
                BaseType::Float => "a number",
                BaseType::Boolean => "a boolean",
                BaseType::Json | BaseType::Object => "any JSON value",
            };
            format!("{kind} (`{}`)", t.name)
        }
    };
    if attr.is_array && !in_array {
        format!("an array of {one}")
    } else {
        one
    }
}

impl<'v, 'de> AttrSeed<'_, 'v, 'de> {
    fn expects_array(&self) -> bool {
        self.attr.is_array && self.elem.is_none()
    }

    fn schema_path(&self) -> Option<String> {
        Some(self.frame.owner.attr_schema_path(self.attr.name))
    }

    fn wrong_type(&mut self, found: &str) {
        let expected = describe_expected(self.attr, self.elem.is_some());
        let message = format!("`{}` must be {expected}, found {found}", self.attr.name);
        let help = match (self.expects_array(), found) {
            (true, _) => Some(format!(
                "wrap the value in an array: `\"{}\": [ … ]`",
                self.attr.name
            )),
            (false, "a string")
                if matches!(
                    self.attr.base_type(),
                    BaseType::Integer | BaseType::Long | BaseType::Float | BaseType::Boolean
                ) =>
            {
                Some("write the value without quotes".to_owned())
            }
            _ => None,
        };
        let sp = self.schema_path();
        self.w.emit(WRONG_TYPE, &[], message, sp, help);
    }

    fn keep(&mut self, flag: u8, val: EntryVal<'de>) {
        if self
            .frame
            .info
            .keep
            .get(self.idx as usize)
            .is_some_and(|k| k & flag != 0)
        {
            self.w.entries.push(super::Entry {
                attr: self.idx,
                index: self.elem.unwrap_or(SCALAR),
                val,
            });
        }
    }

    /// Event-level ids that have rules of their own (OCSF102-105) are not enum-checked.
    fn own_rule_enum(&self) -> bool {
        if self.frame.level != 0 {
            return false;
        }
        match self.attr.name {
            "class_uid" | "category_uid" | "type_uid" => true,
            "activity_id" => self.w.class.is_some_and(|c| c.status != ClassStatus::Known),
            _ => false,
        }
    }

    fn type_check(&self) -> Option<&'v crate::checks::format::TypeCheck> {
        let ti = *self.frame.info.type_index.get(self.idx as usize)?;
        self.w.v.tables.types.get(ti as usize)
    }

    /// Remembers `observables[i].name` / `.value` for the observable check after the walk.
    fn observable_field(&mut self, s: &str) {
        let Some(&Seg::Index(index)) = self
            .w
            .path
            .len()
            .checked_sub(2)
            .and_then(|i| self.w.path.get(i))
        else {
            return;
        };
        let list = &mut self.w.facts.observables;
        if list.last().is_none_or(|o| o.index != index) {
            list.push(crate::checks::observables::Seen {
                index,
                ..Default::default()
            });
        }
        let Some(last) = list.last_mut() else { return };
        match self.attr.name {
            "name" => last.name = Some(s.to_owned()),
            "value" => last.value = Some(s.to_owned()),
            _ => {}
        }
    }

    fn int(mut self, n: Option<i64>) -> bool {
        if self.frame.level == 0 && self.attr.name == "class_uid" {
            self.w.facts.class_uid = n;
        }
        if self.expects_array() {
            self.wrong_type("an integer");
            return true;
        }
        match self.attr.base_type() {
            BaseType::Integer | BaseType::Long => {}
            BaseType::Float | BaseType::Json => return true,
            _ => {
                self.wrong_type("an integer");
                return true;
            }
        }
        let Some(n) = n else {
            let message = format!("`{}` does not fit a signed 64-bit integer", self.attr.name);
            let sp = self.schema_path();
            self.w.emit(OUT_OF_RANGE, &[], message, sp, None);
            return true;
        };
        if let Some(tc) = self.type_check() {
            let bad_range = tc.range.filter(|(lo, hi)| n < *lo || n > *hi);
            if let Some((lo, hi)) = bad_range {
                let message = format!("`{}` is {n}, outside {lo}..={hi}", self.attr.name);
                let sp = self.schema_path();
                self.w.emit(OUT_OF_RANGE, &[], message, sp, None);
            } else if tc.is_timestamp && n < 0 {
                let message = format!("`{}` is a negative timestamp", self.attr.name);
                let sp = self.schema_path();
                self.w.emit(OUT_OF_RANGE, &[], message, sp, None);
            }
        }
        if self.attr.enum_values.is_some() && !self.own_rule_enum() {
            match self.attr.enum_value(n) {
                None => {
                    let message = format!("{n} is not a defined value of `{}`", self.attr.name);
                    let help = self.attr.enum_values.map(|vals| {
                        let list: Vec<String> = vals
                            .iter()
                            .filter(|v| v.deprecated.is_none())
                            .take(12)
                            .map(|v| match v.key {
                                EnumKey::Int(k) => format!("{k} {}", v.caption),
                                EnumKey::Str(k) => k.to_owned(),
                            })
                            .collect();
                        let more = if vals.len() > 12 { ", …" } else { "" };
                        format!("defined values: {}{more}", list.join(", "))
                    });
                    let sp = self.schema_path();
                    self.w.emit(UNKNOWN_ENUM, &[], message, sp, help);
                }
                Some(ev) => {
                    if let Some(dep) = &ev.deprecated {
                        let message = format!(
                            "`{}` {n} (\"{}\") is deprecated since {}",
                            self.attr.name, ev.caption, dep.since
                        );
                        let help = Some(match dep.replacement {
                            Some(r) => format!("use `{r}` instead"),
                            None => dep.message.to_owned(),
                        });
                        let sp = self.schema_path();
                        self.w.emit(DEPRECATED_ENUM, &[], message, sp, help);
                    }
                }
            }
        }
        self.keep(KEEP_INT, EntryVal::Int(n));
        true
    }

    fn string(mut self, s: &str, cow: impl FnOnce() -> Cow<'de, str>) -> bool {
        if self.frame.level == 0 && self.attr.name == "class_uid" {
            self.w.facts.class_uid = s.trim().parse().ok();
        }
        self.w.hook_str(Some(self.attr), s);
        if self.expects_array() {
            self.wrong_type("a string");
            return true;
        }
        match self.attr.base_type() {
            BaseType::String => {}
            BaseType::Json => return true,
            _ => {
                self.wrong_type("a string");
                return true;
            }
        }
        if let Some(vals) = self.attr.enum_values {
            let is_str_enum = vals.iter().any(|v| matches!(v.key, EnumKey::Str(_)));
            if is_str_enum && self.attr.enum_value_str(s).is_none() {
                let message = format!(
                    "{} is not a defined value of `{}`",
                    redact(s),
                    self.attr.name
                );
                let sp = self.schema_path();
                self.w.emit(UNKNOWN_ENUM, &[], message, sp, None);
            }
        }
        if let Some(tc) = self.type_check() {
            let too_long = tc
                .max_len
                .filter(|max| s.len() > *max && s.chars().count() > *max);
            if let Some(max) = too_long {
                let message = format!(
                    "`{}` is {} characters long, more than the {max} of `{}`",
                    self.attr.name,
                    s.chars().count(),
                    self.attr.type_name
                );
                let sp = self.schema_path();
                self.w.emit(TOO_LONG, &[], message, sp, None);
            } else if !tc.accepts(s) {
                let message = format!(
                    "`{}` is not {}: {}",
                    self.attr.name,
                    tc.describe(),
                    redact(s)
                );
                let sp = Some(format!("data_types/{}", self.attr.type_name));
                self.w.emit(INVALID_FORMAT, &[], message, sp, None);
            }
        }
        if self.frame.level == 1
            && matches!(self.frame.owner, Owner::Object(o) if o.name == "observable")
        {
            self.observable_field(s);
        }
        let flags = self
            .frame
            .info
            .keep
            .get(self.idx as usize)
            .copied()
            .unwrap_or(0);
        let is_meta_fact = self.frame.is_metadata
            && matches!(
                (self.attr.name, self.elem),
                ("version", None) | ("profiles", Some(_))
            );
        if flags & KEEP_STR != 0 || is_meta_fact {
            let value = cow();
            if is_meta_fact {
                if self.attr.name == "version" {
                    self.w.facts.version = Some(value.clone());
                } else {
                    self.w.facts.profiles.push(value.clone());
                }
            }
            self.keep(KEEP_STR, EntryVal::Str(value));
        }
        true
    }
}

impl<'de> Visitor<'de> for AttrSeed<'_, '_, 'de> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&describe_expected(self.attr, self.elem.is_some()))
    }

    fn visit_bool<E>(mut self, _: bool) -> Result<bool, E> {
        let ok = !self.expects_array()
            && matches!(self.attr.base_type(), BaseType::Boolean | BaseType::Json);
        if !ok {
            self.wrong_type("a boolean");
        }
        Ok(true)
    }

    fn visit_i64<E>(self, v: i64) -> Result<bool, E> {
        Ok(self.int(Some(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<bool, E> {
        Ok(self.int(i64::try_from(v).ok()))
    }

    fn visit_f64<E>(mut self, _: f64) -> Result<bool, E> {
        let ok = !self.expects_array()
            && matches!(self.attr.base_type(), BaseType::Float | BaseType::Json);
        if !ok {
            self.wrong_type("a number with a fraction or exponent");
        }
        Ok(true)
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<bool, E> {
        Ok(self.string(v, || Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<bool, E> {
        Ok(self.string(v, || Cow::Owned(v.to_owned())))
    }

    fn visit_unit<E>(mut self) -> Result<bool, E> {
        if self.elem.is_some() {
            self.wrong_type("null");
            return Ok(true);
        }
        Ok(false)
    }

    fn visit_none<E>(mut self) -> Result<bool, E> {
        if self.elem.is_some() {
            self.wrong_type("null");
            return Ok(true);
        }
        Ok(false)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<bool, A::Error> {
        if !self.expects_array() {
            self.wrong_type("an array");
            skip_seq(self.w, seq)?;
            return Ok(true);
        }
        enter(self.w)?;
        let mut i: u32 = 0;
        loop {
            self.w.path.push(Seg::Index(i as usize));
            let seed = AttrSeed {
                w: &mut *self.w,
                frame: self.frame,
                idx: self.idx,
                attr: self.attr,
                elem: Some(i),
            };
            let more = seq.next_element_seed(seed)?;
            self.w.path.pop();
            if more.is_none() {
                break;
            }
            i += 1;
        }
        self.w.depth -= 1;
        if i > 0 && self.frame.level == 0 && self.attr.name == "observables" {
            self.w.facts.has_observables = true;
        }
        Ok(true)
    }

    fn visit_map<A: MapAccess<'de>>(mut self, map: A) -> Result<bool, A::Error> {
        if self.expects_array() {
            self.wrong_type("an object");
            skip_map(self.w, map)?;
            return Ok(true);
        }
        match self.attr.ty {
            // `object` is the schema's open object (`unmapped` and the like): not descended.
            AttributeType::Object(o) if o.name != "object" => {
                if let Some(dep) = &o.deprecated {
                    if self.elem.unwrap_or(0) == 0 {
                        let message = format!(
                            "`{}` holds object `{}`, deprecated since {}",
                            self.attr.name, o.name, dep.since
                        );
                        let help = Some(match dep.replacement {
                            Some(r) => format!("use `{r}` instead"),
                            None => dep.message.to_owned(),
                        });
                        self.w.emit(
                            DEPRECATED_OBJECT,
                            &[],
                            message,
                            Some(format!("objects/{}", o.name)),
                            help,
                        );
                    }
                }
                let is_metadata = self.frame.level == 0 && self.attr.name == "metadata";
                let child = self.frame.info.child.get(self.idx as usize).copied();
                let info = child.and_then(|c| self.w.v.tables.object_info(c));
                walk_object(
                    self.w,
                    Owner::Object(o),
                    info,
                    Some(self.attr.name),
                    is_metadata,
                    map,
                )?;
            }
            AttributeType::Object(_) => skip_map(self.w, map)?,
            AttributeType::Data(t) if t.base == BaseType::Json => skip_map(self.w, map)?,
            AttributeType::Data(_) => {
                self.wrong_type("an object");
                skip_map(self.w, map)?;
            }
        }
        Ok(true)
    }
}

/// Walks one object of a known type.
pub(crate) fn walk_object<'v, 'de, A: MapAccess<'de>>(
    w: &mut Walker<'v, 'de>,
    owner: Owner,
    info: Option<&'v crate::tables::OwnerInfo>,
    via: Option<&'static str>,
    is_metadata: bool,
    mut map: A,
) -> Result<(), A::Error> {
    enter(w)?;
    let frame = w.begin_frame(owner, info, via, is_metadata);
    while let Some(key) = map.next_key_seed(KeySeed)? {
        let idx = frame.info.find(owner.attributes(), &key);
        w.path.push(Seg::Key(key));
        map.next_value_seed(KeyValueSeed {
            w: &mut *w,
            frame,
            idx,
        })?;
        w.path.pop();
    }
    checks::object::end(w, &frame);
    if is_metadata {
        w.resolve_deferred();
    }
    w.end_frame(&frame);
    w.depth -= 1;
    Ok(())
}

/// The whole event. The class is chosen by `class_uid`, which may come after other keys:
/// those are kept as raw slices and walked once the class is known.
pub(crate) struct EventSeed<'a, 'v, 'de> {
    pub w: &'a mut Walker<'v, 'de>,
    /// The class, when the caller could look it up beforehand (`Value` input).
    pub preselect: Option<ClassChoice>,
}

impl<'de> DeserializeSeed<'de> for EventSeed<'_, '_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> EventSeed<'_, '_, 'de> {
    fn not_an_object(self, found: &str) {
        self.w.emit(
            NOT_AN_OBJECT,
            &[],
            format!("an OCSF event must be a JSON object, found {found}"),
            None,
            None,
        );
    }
}

fn replay<'v, 'de, E: de::Error>(
    w: &mut Walker<'v, 'de>,
    frame: Frame<'v>,
    key: Cow<'de, str>,
    raw: &'de RawValue,
) -> Result<(), E> {
    let idx = frame.info.find(frame.owner.attributes(), &key);
    w.path.push(Seg::Key(key));
    let mut de = serde_json::Deserializer::from_str(raw.get());
    let r = KeyValueSeed {
        w: &mut *w,
        frame,
        idx,
    }
    .deserialize(&mut de);
    w.path.pop();
    r.map_err(|e| E::custom(e.to_string()))
}

impl<'de> Visitor<'de> for EventSeed<'_, '_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an OCSF event object")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        self.not_an_object("a boolean");
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        self.not_an_object("a number");
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        self.not_an_object("a number");
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        self.not_an_object("a number");
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        self.not_an_object("a string");
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        self.not_an_object("null");
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        let w = self.w;
        w.emit(
            NOT_AN_OBJECT,
            &[],
            "an OCSF event must be a JSON object, found an array".to_owned(),
            None,
            None,
        );
        skip_seq(w, seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let EventSeed { w, preselect } = self;
        enter(w)?;
        let schema = w.v.tables.schema;
        let mut frame = preselect.map(|c| {
            w.class = Some(c);
            w.begin_frame(Owner::Class(c.class), None, None, false)
        });
        let mut stash: Vec<(Cow<'de, str>, &'de RawValue)> = Vec::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if let Some(f) = frame {
                let idx = f.info.find(f.owner.attributes(), &key);
                w.path.push(Seg::Key(key));
                map.next_value_seed(KeyValueSeed {
                    w: &mut *w,
                    frame: f,
                    idx,
                })?;
                w.path.pop();
                continue;
            }
            let raw: &'de RawValue = map.next_value()?;
            if key != "class_uid" {
                stash.push((key, raw));
                continue;
            }
            let uid: Option<serde_json::Value> = serde_json::from_str(raw.get()).ok();
            let choice = choose_class(schema, uid.as_ref());
            w.class = Some(choice);
            let f = w.begin_frame(Owner::Class(choice.class), None, None, false);
            frame = Some(f);
            for (k, r) in stash.drain(..) {
                replay::<A::Error>(w, f, k, r)?;
            }
            replay::<A::Error>(w, f, key, raw)?;
        }
        let frame = match frame {
            Some(f) => f,
            None => {
                let choice = choose_class(schema, None);
                w.class = Some(choice);
                let f = w.begin_frame(Owner::Class(choice.class), None, None, false);
                for (k, r) in stash.drain(..) {
                    replay::<A::Error>(w, f, k, r)?;
                }
                f
            }
        };
        checks::object::end(w, &frame);
        checks::event::end(w, &frame);
        w.end_frame(&frame);
        w.depth -= 1;
        Ok(())
    }
}

/// Picks the class for a `class_uid` value; unknown or missing classes fall back to
/// `base_event`. A numeric string is accepted for the choice (its type is reported apart).
pub(crate) fn choose_class(
    schema: &'static ocsf_schema::Schema,
    uid: Option<&serde_json::Value>,
) -> ClassChoice {
    let base = schema
        .class_by_name("base_event")
        .or_else(|| schema.class_by_uid(0))
        .expect("every OCSF schema has base_event");
    let n = match uid {
        None | Some(serde_json::Value::Null) => {
            return ClassChoice {
                class: base,
                status: ClassStatus::Missing,
                uid: None,
            }
        }
        Some(serde_json::Value::Number(n)) => n.as_i64(),
        Some(serde_json::Value::String(s)) => s.trim().parse::<i64>().ok(),
        Some(_) => None,
    };
    match n
        .and_then(|n| u32::try_from(n).ok())
        .and_then(|n| schema.class_by_uid(n))
    {
        Some(class) => ClassChoice {
            class,
            status: ClassStatus::Known,
            uid: n,
        },
        None => ClassChoice {
            class: base,
            status: ClassStatus::Unknown,
            uid: n,
        },
    }
}
