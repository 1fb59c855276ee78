//! The event and its objects as serde seeds driven by the schema tables: which attribute a key
//! is, what is checked when an object or the event ends. Attribute values are in `attr.rs`,
//! values without a schema in `skip.rs`. Nothing here builds a `serde_json::Value`.

use std::borrow::Cow;
use std::fmt;

use ocsf_schema::Attribute;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::attr::AttrSeed;
use super::skip::{enter, skip_seq, KeySeed, Skip};
use super::{ClassChoice, ClassStatus, Frame, Seg, Walker};
use crate::checks;
use crate::rules::*;
use crate::suggest::did_you_mean;
use crate::tables::Owner;

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
        let schema = w.t.schema;
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
    // Looked up only when needed: a known class (nearly every event) does not need it.
    let base = || {
        schema
            .class_by_name("base_event")
            .or_else(|| schema.class_by_uid(0))
            .expect("every OCSF schema has base_event")
    };
    let n = match uid {
        None | Some(serde_json::Value::Null) => {
            return ClassChoice {
                class: base(),
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
            class: base(),
            status: ClassStatus::Unknown,
            uid: n,
        },
    }
}
