//! The value of a known attribute: type, range, enum, format and length checks, and what is
//! remembered for the checks at the end of the object.

use std::borrow::Cow;
use std::fmt;

use ocsf_schema::{Attribute, BaseType, EnumKey};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::seeds::walk_object;
use super::skip::{enter, skip_map, skip_seq};
use super::{ClassStatus, EntryVal, Frame, Seg, Walker, SCALAR};
use crate::diag::redact;
use crate::rules::*;
use crate::tables::{Owner, KEEP_INT, KEEP_STR};

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

fn describe_expected(attr: &Attribute, base: BaseType, in_array: bool) -> String {
    let one = match attr.object_type {
        Some(o) => format!("an object (`{o}`)"),
        None => {
            let kind = match base {
                BaseType::String => "a string",
                BaseType::Integer | BaseType::Long => "an integer",
                BaseType::Float => "a number",
                BaseType::Boolean => "a boolean",
                BaseType::Json | BaseType::Object => "any JSON value",
            };
            format!("{kind} (`{}`)", attr.type_name)
        }
    };
    if attr.is_array && !in_array {
        format!("an array of {one}")
    } else {
        one
    }
}

impl<'v, 'de> AttrSeed<'_, 'v, 'de> {
    /// The JSON shape of the attribute's values in the version at hand.
    fn base(&self) -> BaseType {
        self.frame
            .info
            .base
            .get(self.idx as usize)
            .copied()
            .unwrap_or(BaseType::Json)
    }

    fn expects_array(&self) -> bool {
        self.attr.is_array && self.elem.is_none()
    }

    fn schema_path(&self) -> Option<String> {
        Some(self.frame.owner.attr_schema_path(self.attr.name))
    }

    fn wrong_type(&mut self, found: &str) {
        let expected = describe_expected(self.attr, self.base(), self.elem.is_some());
        let message = format!("`{}` must be {expected}, found {found}", self.attr.name);
        let help = match (self.expects_array(), found) {
            (true, _) => Some(format!(
                "wrap the value in an array: `\"{}\": [ … ]`",
                self.attr.name
            )),
            (false, "a string")
                if matches!(
                    self.base(),
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
        self.w.t.types.get(ti as usize)
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
        match self.base() {
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
        let known = (0..128).contains(&n)
            && self
                .frame
                .info
                .enum_ok
                .get(self.idx as usize)
                .is_some_and(|ok| ok & (1 << n) != 0);
        if !known && self.attr.enum_values.is_some() && !self.own_rule_enum() {
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
        let object = match self.frame.owner {
            Owner::Object(o) => Some(o),
            Owner::Class(_) => None,
        };
        self.w.hook_str(Some((self.attr, object)), s);
        if self.expects_array() {
            self.wrong_type("a string");
            return true;
        }
        match self.base() {
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
        if self.frame.level == 1 && self.frame.info.is_observable {
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
        f.write_str(&describe_expected(
            self.attr,
            self.base(),
            self.elem.is_some(),
        ))
    }

    fn visit_bool<E>(mut self, _: bool) -> Result<bool, E> {
        let ok = !self.expects_array() && matches!(self.base(), BaseType::Boolean | BaseType::Json);
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
        let ok = !self.expects_array() && matches!(self.base(), BaseType::Float | BaseType::Json);
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
        let child = self.frame.info.child.get(self.idx as usize).copied();
        let object = child.and_then(|c| self.w.t.object_at(c));
        match (self.attr.object_type, object) {
            // `object` is the schema's open object (`unmapped` and the like): not descended.
            (Some(_), Some(o)) if o.name != "object" => {
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
                let info = child.and_then(|c| self.w.t.object_info(c));
                walk_object(
                    self.w,
                    Owner::Object(o),
                    info,
                    Some(self.attr.name),
                    is_metadata,
                    map,
                )?;
            }
            (Some(_), _) => skip_map(self.w, map)?,
            (None, _) if self.base() == BaseType::Json => skip_map(self.w, map)?,
            (None, _) => {
                self.wrong_type("an object");
                skip_map(self.w, map)?;
            }
        }
        Ok(true)
    }
}
