//! The event as a serde seed driven by the schema tables: the class is chosen by `class_uid`
//! (wherever it comes), and the event's keys are walked as the class's attributes. Objects
//! and attribute values are in `object.rs`, values without a schema in `skip.rs`. Nothing
//! here builds a `serde_json::Value`.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::object::key_value;
use super::skip::{enter, skip_seq, KeySeed, SeenKeys};
use super::Walker;
use crate::facts::{ClassChoice, ClassStatus, Frame};
use crate::rules;
use crate::tables::Owner;

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
        rules::input::not_an_object(&mut self.w.out, found);
    }
}

fn replay<'v, 'de, E: de::Error>(
    w: &mut Walker<'v, 'de>,
    frame: Frame<'v>,
    unknown: &mut Option<SeenKeys<'de>>,
    key: Cow<'de, str>,
    raw: &'de RawValue,
) -> Result<(), E> {
    key_value(w, &frame, unknown, key, |seed| {
        let mut de = serde_json::Deserializer::from_str(raw.get());
        seed.deserialize(&mut de)
            .map_err(|e| E::custom(e.to_string()))
    })
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
        rules::input::not_an_object(&mut w.out, "an array");
        skip_seq(w, seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let EventSeed { w, preselect } = self;
        enter(w)?;
        let schema = w.t.schema;
        let mut frame = preselect.map(|c| {
            w.set_class(c);
            w.begin_frame(Owner::Class(c.class), None, None, false)
        });
        let mut stash: Vec<(Cow<'de, str>, &'de RawValue)> = Vec::new();
        let mut unknown = None;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if let Some(f) = frame {
                key_value(w, &f, &mut unknown, key, |seed| map.next_value_seed(seed))?;
                continue;
            }
            let raw: &'de RawValue = map.next_value()?;
            if key != "class_uid" {
                stash.push((key, raw));
                continue;
            }
            let uid: Option<serde_json::Value> = serde_json::from_str(raw.get()).ok();
            let choice = choose_class(schema, uid.as_ref());
            w.set_class(choice);
            let f = w.begin_frame(Owner::Class(choice.class), None, None, false);
            frame = Some(f);
            for (k, r) in stash.drain(..) {
                replay::<A::Error>(w, f, &mut unknown, k, r)?;
            }
            replay::<A::Error>(w, f, &mut unknown, key, raw)?;
        }
        let frame = match frame {
            Some(f) => f,
            None => {
                let choice = choose_class(schema, None);
                w.set_class(choice);
                let f = w.begin_frame(Owner::Class(choice.class), None, None, false);
                for (k, r) in stash.drain(..) {
                    replay::<A::Error>(w, f, &mut unknown, k, r)?;
                }
                f
            }
        };
        if let Some(unknown) = unknown {
            unknown.end(&mut w.seen_keys);
        }
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
