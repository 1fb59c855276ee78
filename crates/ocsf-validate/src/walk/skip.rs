//! Walking without a schema: map keys, and values that no attribute describes (`json_t`,
//! `unmapped`, unknown attributes, values of the wrong type).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::Walker;
use crate::facts::{Seg, Tok};
use crate::policy::{DEPTH_MESSAGE, MAX_DEPTH};
use crate::rules::attributes;

pub(super) fn enter<E: de::Error>(w: &mut Walker<'_, '_>) -> Result<(), E> {
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

pub(super) fn skip_seq<'de, A: SeqAccess<'de>>(
    w: &mut Walker<'_, 'de>,
    mut seq: A,
) -> Result<(), A::Error> {
    enter(w)?;
    let mut i = 0;
    loop {
        w.out.path.push(Seg::Index(i));
        let more = seq.next_element_seed(Skip { w: &mut *w })?;
        w.out.path.pop();
        if more.is_none() {
            break;
        }
        i += 1;
    }
    w.depth -= 1;
    Ok(())
}

pub(super) fn skip_map<'de, A: MapAccess<'de>>(
    w: &mut Walker<'_, 'de>,
    mut map: A,
) -> Result<(), A::Error> {
    enter(w)?;
    let mut seen = SeenKeys::new(&w.seen_keys);
    while let Some(key) = map.next_key_seed(KeySeed)? {
        seen.walk_key(w, key, |w| map.next_value_seed(Skip { w }))?;
    }
    seen.end(&mut w.seen_keys);
    w.depth -= 1;
    Ok(())
}

/// The keys of one object so far, to tell a key given again (OCSF208): the object's part of
/// the walker's key stack (`Walker::seen_keys`, shared so that an object costs no allocation
/// of its own), searched in order; past [`SeenKeys::FEW`] keys a hash set takes over, so that
/// an object of many keys costs linear time (the set's hasher is seeded: keys are the input's).
/// [`SeenKeys::end`] gives the stack back as it was.
pub(super) struct SeenKeys<'de> {
    base: usize,
    many: Option<std::collections::HashSet<Cow<'de, str>>>,
}

impl<'de> SeenKeys<'de> {
    const FEW: usize = 16;

    #[inline]
    pub(super) fn new(stack: &[Cow<'de, str>]) -> SeenKeys<'de> {
        SeenKeys {
            base: stack.len(),
            many: None,
        }
    }

    /// The value of `key` walked by `walk` with the key on the walker's path; the key
    /// reported (OCSF208) when this object had it before, and remembered.
    #[inline]
    pub(super) fn walk_key<'v, R>(
        &mut self,
        w: &mut Walker<'v, 'de>,
        key: Cow<'de, str>,
        walk: impl FnOnce(&mut Walker<'v, 'de>) -> R,
    ) -> R {
        let again = self.contains(&w.seen_keys, &key);
        if again {
            attributes::repeated_key(&mut w.out, &key, &[Tok::Key(&key)], || None);
        }
        w.out.path.push(Seg::Key(key));
        let walked = walk(w);
        if let (Some(Seg::Key(key)), false) = (w.out.path.pop(), again) {
            self.insert(&mut w.seen_keys, key);
        }
        walked
    }

    /// Whether `key` was inserted before.
    pub(super) fn contains(&self, stack: &[Cow<'de, str>], key: &str) -> bool {
        match &self.many {
            Some(set) => set.contains(key),
            None => stack[self.base..].iter().any(|k| k == key),
        }
    }

    pub(super) fn insert(&mut self, stack: &mut Vec<Cow<'de, str>>, key: Cow<'de, str>) {
        match &mut self.many {
            Some(set) => {
                set.insert(key);
            }
            None if stack.len() - self.base < Self::FEW => stack.push(key),
            None => {
                let mut set: std::collections::HashSet<_> = stack.drain(self.base..).collect();
                set.insert(key);
                self.many = Some(set);
            }
        }
    }

    #[inline]
    pub(super) fn end(self, stack: &mut Vec<Cow<'de, str>>) {
        if stack.len() > self.base {
            stack.truncate(self.base);
        }
    }
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
        self.w.hook_str(None, v, false, false);
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        skip_seq(self.w, seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        skip_map(self.w, map)
    }
}
