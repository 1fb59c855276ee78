//! Observables name a path of the event and repeat its value. The names are collected during
//! the main pass; as they can point anywhere (also before the observables), a second, light
//! pass then looks only at the named paths: everything else is skipped with `IgnoredAny`, and
//! no `Value` is built.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::rules::*;
use crate::walk::{Tok, Walker};

/// One observable of the event: its index, `name` and `value`.
#[derive(Debug, Default, Clone)]
pub(crate) struct Seen {
    pub index: usize,
    pub name: Option<String>,
    pub value: Option<String>,
}

struct Targets<'n> {
    segs: Vec<Vec<&'n str>>,
    found: Vec<bool>,
    values: Vec<Vec<String>>,
}

/// The value reached by matching the first `next` segments of the targets in `cont`/`complete`.
struct Probe<'t, 'n> {
    t: &'t mut Targets<'n>,
    complete: Vec<usize>,
    cont: Vec<usize>,
    next: usize,
}

impl<'de> DeserializeSeed<'de> for Probe<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl Probe<'_, '_> {
    fn scalar(self, text: impl Fn() -> String) {
        for &c in &self.complete {
            self.t.found[c] = true;
            self.t.values[c].push(text());
        }
    }
}

impl<'de> Visitor<'de> for Probe<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.scalar(|| v.to_string());
        Ok(())
    }
    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        self.scalar(|| v.to_string());
        Ok(())
    }
    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        self.scalar(|| v.to_string());
        Ok(())
    }
    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        self.scalar(|| {
            serde_json::Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string())
        });
        Ok(())
    }
    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        self.scalar(|| v.to_owned());
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        // Arrays fan out: `resources.uid` matches the `uid` of any element.
        loop {
            let probe = Probe {
                t: &mut *self.t,
                complete: self.complete.clone(),
                cont: self.cont.clone(),
                next: self.next,
            };
            if seq.next_element_seed(probe)?.is_none() {
                return Ok(());
            }
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        for &c in &self.complete {
            self.t.found[c] = true;
        }
        // Keys are borrowed from the event (no allocation unless escaped).
        while let Some(key) = map.next_key_seed(crate::walk::KeySeed)? {
            let sub: Vec<usize> = self
                .cont
                .iter()
                .copied()
                .filter(|&i| self.t.segs[i][self.next] == key)
                .collect();
            if sub.is_empty() {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let (complete, cont) = sub
                .into_iter()
                .partition(|&i| self.t.segs[i].len() == self.next + 1);
            map.next_value_seed(Probe {
                t: &mut *self.t,
                complete,
                cont,
                next: self.next + 1,
            })?;
        }
        Ok(())
    }
}

fn segments(name: &str) -> Vec<&str> {
    name.split('.')
        .map(|s| s.strip_suffix("[]").unwrap_or(s))
        .collect()
}

/// Looks the observables' names up in the event (given again as a deserializer) and reports.
pub(crate) fn check<'de, D: Deserializer<'de>>(w: &mut Walker<'_, '_>, seen: &[Seen], event: D) {
    let names: Vec<&str> = seen.iter().filter_map(|s| s.name.as_deref()).collect();
    let segs: Vec<Vec<&str>> = names.iter().map(|n| segments(n)).collect();
    let n = segs.len();
    let mut t = Targets {
        segs,
        found: vec![false; n],
        values: vec![Vec::new(); n],
    };
    let valid: Vec<usize> = (0..n)
        .filter(|&i| t.segs[i].iter().all(|s| !s.is_empty()))
        .collect();
    let probe = Probe {
        t: &mut t,
        complete: Vec::new(),
        cont: valid,
        next: 0,
    };
    if probe.deserialize(event).is_err() {
        return;
    }
    let mut ti = 0;
    for s in seen {
        let Some(name) = s.name.as_deref() else {
            continue;
        };
        let i = ti;
        ti += 1;
        let shown = if name.len() <= 120 {
            format!("`{name}`")
        } else {
            crate::diag::redact(name)
        };
        if !t.found[i] {
            let at = [
                Tok::Key("observables"),
                Tok::Index(s.index),
                Tok::Key("name"),
            ];
            let d = w.make(
                OBSERVABLE_NAME,
                &at,
                format!("observable name {shown} is not a path present in the event"),
                Some("objects/observable/attributes/name".to_owned()),
                Some("write the dotted attribute path, e.g. `src_endpoint.ip`".to_owned()),
            );
            w.push(d);
            continue;
        }
        let Some(value) = s.value.as_deref() else {
            continue;
        };
        // A path naming an object (`actor.user`) has no scalar to compare with.
        if t.values[i].is_empty() || t.values[i].iter().any(|v| v == value) {
            continue;
        }
        let at = [
            Tok::Key("observables"),
            Tok::Index(s.index),
            Tok::Key("value"),
        ];
        let d = w.make(
            OBSERVABLE_VALUE,
            &at,
            format!("observable value differs from the value at {shown}"),
            Some("objects/observable/attributes/value".to_owned()),
            None,
        );
        w.push(d);
    }
}
