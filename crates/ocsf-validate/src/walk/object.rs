//! Objects and the values of their keys: which attribute a key is, which value rules each
//! value is handed to (`crate::rules`), and what is remembered for the rules that run when the
//! object ends. Objects nest in attribute values, so the two recurse into each other here.

use std::borrow::Cow;
use std::fmt;

use ocsf_schema::{Attribute, BaseType};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::skip::{enter, skip_map, skip_seq, KeySeed, SeenKeys, Skip};
use super::Walker;
use crate::facts::{ClassStatus, Entry, EntryVal, Frame, ObservableSeen, Seg, SCALAR};
use crate::formats::TypeCheck;
use crate::rules::attributes::{self, describe_expected};
use crate::rules::context::ValueCtx;
use crate::rules::{deprecation, enums, profiles};
use crate::tables::{AttrInfo, Hit, Owner, HAS_NOTICE, KEEP_INT, KEEP_STR, NO_ATTR};

/// The value of one key of an object: a known attribute, or an unknown one.
pub(crate) struct KeyValueSeed<'a, 'v, 'de> {
    pub w: &'a mut Walker<'v, 'de>,
    /// Borrowed, not copied: the seeds of every key and value would copy its 80 bytes.
    pub frame: &'a Frame<'v>,
    /// The key's attribute; `None` for a key the owner does not have.
    pub hit: Option<Hit<'v>>,
}

impl<'de> DeserializeSeed<'de> for KeyValueSeed<'_, '_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let KeyValueSeed { w, frame, hit } = self;
        let owner = frame.owner;
        let Some(Hit { idx, attr, info }) = hit else {
            attributes::unknown(&mut w.out, owner, w.t.schema);
            return Skip { w }.deserialize(d);
        };
        if w.key_repeated(frame, idx) {
            attributes::repeated(&mut w.out, owner, attr);
        }
        if frame.level == 0 && attr.name == "class_uid" {
            w.facts.class_uid_present = true;
        }
        let present = AttrSeed {
            w: &mut *w,
            frame,
            idx,
            attr,
            info,
            elem: None,
        }
        .deserialize(d)?;
        if present {
            after_present(w, frame, idx, attr, info);
        }
        Ok(())
    }
}

fn after_present<'v>(
    w: &mut Walker<'v, '_>,
    frame: &Frame<'v>,
    idx: u16,
    attr: &'static Attribute,
    info: &AttrInfo,
) {
    w.set_seen(frame, idx);
    // Tested here, for every attribute present: few are deprecated or in a profile, and a call
    // that only returns cost as much as the rest of this.
    if info.flags & HAS_NOTICE == 0 {
        return;
    }
    if attr.deprecated.is_some() {
        deprecation::attribute(&mut w.out, frame.owner, attr);
    }
    if attr.profile.is_some() {
        profiles::undeclared(&mut w.out, &w.facts, frame.owner, attr);
    }
}

/// One key of the object of `frame` and its value, which `value` walks with the seed it is
/// handed: the key looked up among the attributes, and a key the object does not define
/// checked against those before it in `unknown` (OCSF208; the attributes' repetitions are bits
/// of the frame).
#[inline]
pub(crate) fn key_value<'v, 'de, E>(
    w: &mut Walker<'v, 'de>,
    frame: &Frame<'v>,
    unknown: &mut Option<SeenKeys<'de>>,
    key: Cow<'de, str>,
    value: impl FnOnce(KeyValueSeed<'_, 'v, 'de>) -> Result<(), E>,
) -> Result<(), E> {
    match frame.info.find(&key) {
        Some(hit) => {
            w.out.path.push(Seg::Name(hit.attr.name));
            let walked = value(KeyValueSeed {
                w: &mut *w,
                frame,
                hit: Some(hit),
            });
            w.out.path.pop();
            walked
        }
        None => unknown_key_value(w, frame, unknown, key, value),
    }
}

/// [`key_value`] for a key the object does not define: apart, so that the attributes' path
/// (nearly every key) does no more than before.
#[inline(never)]
fn unknown_key_value<'v, 'de, E>(
    w: &mut Walker<'v, 'de>,
    frame: &Frame<'v>,
    unknown: &mut Option<SeenKeys<'de>>,
    key: Cow<'de, str>,
    value: impl FnOnce(KeyValueSeed<'_, 'v, 'de>) -> Result<(), E>,
) -> Result<(), E> {
    // Made at the object's first unknown key: most objects have none, and pay nothing.
    let unknown = unknown.get_or_insert_with(|| SeenKeys::new(&w.seen_keys));
    unknown.walk_key(w, key, |w| {
        value(KeyValueSeed {
            w,
            frame,
            hit: None,
        })
    })
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
    let mut unknown = None;
    while let Some(key) = map.next_key_seed(KeySeed)? {
        key_value(w, &frame, &mut unknown, key, |seed| {
            map.next_value_seed(seed)
        })?;
    }
    if let Some(unknown) = unknown {
        unknown.end(&mut w.seen_keys);
    }
    w.end_frame(&frame);
    w.depth -= 1;
    Ok(())
}

/// The value of a known attribute. Returns whether the attribute counts as present
/// (`null` does not).
pub(crate) struct AttrSeed<'a, 'v, 'de> {
    pub w: &'a mut Walker<'v, 'de>,
    pub frame: &'a Frame<'v>,
    pub idx: u16,
    pub attr: &'static Attribute,
    /// What the walk reads of the attribute (from the slot that found its key).
    pub info: &'v AttrInfo,
    /// The element index when the value is an element of an array attribute.
    pub elem: Option<u32>,
}

impl<'de> DeserializeSeed<'de> for AttrSeed<'_, '_, 'de> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'v, 'de> AttrSeed<'_, 'v, 'de> {
    /// The JSON shape of the attribute's values in the version at hand.
    fn base(&self) -> BaseType {
        self.info.base
    }

    fn expects_array(&self) -> bool {
        self.attr.is_array && self.elem.is_none()
    }

    /// The value as the value rules see it.
    fn cx(&mut self) -> ValueCtx<'_, 'v, 'de> {
        ValueCtx {
            attr: self.attr,
            owner: self.frame.owner,
            base: self.base(),
            in_array: self.elem.is_some(),
            type_check: self.type_check(),
            now_ms: self.w.now_ms,
            out: &mut self.w.out,
        }
    }

    fn wrong_type(&mut self, found: &str) {
        attributes::wrong_type(&mut self.cx(), found);
    }

    fn keep(&mut self, flag: u8, val: EntryVal<'de>) {
        if self.info.flags & flag != 0 {
            self.w.entries.push(Entry {
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
            "activity_id" => self
                .w
                .facts
                .class
                .is_some_and(|c| c.status != ClassStatus::Known),
            _ => false,
        }
    }

    fn type_check(&self) -> Option<&'v TypeCheck> {
        self.w.t.types.get(usize::from(self.info.type_index))
    }

    /// Whether `s` is one of the captions of the enum whose caption attribute this is (the
    /// value rules skip their scan of such a value: `activity_name`, `type_name`, `severity`
    /// and their like hold one on nearly every event).
    fn is_caption(&self, s: &str) -> bool {
        let id = self.info.caption_of;
        (id != NO_ATTR)
            && self.frame.attrs[usize::from(id)]
                .enum_values
                .is_some_and(|values| values.iter().any(|v| v.caption == s))
    }

    /// Remembers `observables[i].name` / `.value` for the observable check after the walk.
    fn observable_field(&mut self, s: &str) {
        let Some(&Seg::Index(index)) = self
            .w
            .out
            .path
            .len()
            .checked_sub(2)
            .and_then(|i| self.w.out.path.get(i))
        else {
            return;
        };
        let list = &mut self.w.facts.observables;
        if list.last().is_none_or(|o| o.index != index) {
            list.push(ObservableSeen {
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
        let Some(n) = attributes::integer(&mut self.cx(), n) else {
            return true;
        };
        let known = (0..128).contains(&n) && self.info.enum_ok & (1 << n) != 0;
        let own_rule = self.own_rule_enum();
        enums::integer(&mut self.cx(), n, known, own_rule);
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
        // The format is judged once, before the value rules see the value: a valid IP address,
        // UUID or timestamp cannot hide a secret, and the rules skip their scan of it.
        let format_ok = self.type_check().map(|tc| tc.accepts(s));
        let fixed_shape = format_ok == Some(true)
            && !self.expects_array()
            && self.base() == BaseType::String
            && self.type_check().is_some_and(|tc| {
                tc.format.is_fixed_shape() && tc.max_len.is_none_or(|max| s.len() <= max)
            });
        // Asked only of a caption attribute, and only when some rule will read the answer.
        let caption = !self.w.hooks.is_empty() && self.is_caption(s);
        self.w
            .hook_str(Some((self.attr, object)), s, fixed_shape, caption);
        let mut cx = self.cx();
        if !attributes::string_shape(&mut cx) {
            return true;
        }
        enums::string(&mut cx, s);
        attributes::string(&mut cx, s, format_ok);
        if self.frame.level == 1 && self.frame.info.is_observable {
            self.observable_field(s);
        }
        let flags = self.info.flags;
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
            self.w.out.path.push(Seg::Index(i as usize));
            let seed = AttrSeed {
                w: &mut *self.w,
                frame: self.frame,
                idx: self.idx,
                attr: self.attr,
                info: self.info,
                elem: Some(i),
            };
            let more = seq.next_element_seed(seed)?;
            self.w.out.path.pop();
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
        let child = self.info.child;
        let object = self.w.t.object_at(child);
        match (self.attr.object_type, object) {
            // `object` is the schema's open object (`unmapped` and the like): not descended.
            (Some(_), Some(o)) if o.name != "object" => {
                let first = self.elem.unwrap_or(0) == 0;
                deprecation::object(&mut self.cx(), o, first);
                let is_metadata = self.frame.level == 0 && self.attr.name == "metadata";
                let info = self.w.t.object_info(child);
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
