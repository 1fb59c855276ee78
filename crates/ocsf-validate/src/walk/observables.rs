//! The observables' second pass. Observables name a path of the event and repeat its value;
//! the names are collected during the main pass, and as they can point anywhere (also before
//! the observables), this light pass then looks only at the named paths: everything else is
//! skipped with `IgnoredAny`, and no `Value` is built. The values found are judged by
//! `crate::rules::observables`.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::skip::KeySeed;
use crate::facts::ObservableSeen;

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
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        for &c in &self.complete {
            self.t.found[c] = true;
        }
        // Keys are borrowed from the event (no allocation unless escaped).
        while let Some(key) = map.next_key_seed(KeySeed)? {
            match self.member(&key) {
                Some(probe) => map.next_value_seed(probe)?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

impl<'t, 'n> Probe<'t, 'n> {
    /// The probe for the value of member `key`, when a target continues through it.
    fn member<'p>(&'p mut self, key: &str) -> Option<Probe<'p, 'n>> {
        let next = self.next;
        let sub: Vec<usize> = self
            .cont
            .iter()
            .copied()
            .filter(|&i| self.t.segs[i][next] == key)
            .collect();
        if sub.is_empty() {
            return None;
        }
        let (complete, cont) = sub
            .into_iter()
            .partition(|&i| self.t.segs[i].len() == next + 1);
        Some(Probe {
            t: &mut *self.t,
            complete,
            cont,
            next: next + 1,
        })
    }
}

fn segments(name: &str) -> Vec<&str> {
    name.split('.')
        .map(|s| s.strip_suffix("[]").unwrap_or(s))
        .collect()
}

/// The scalar values at each named observable's path, in the order of `seen` (observables
/// without a name are left out): `None` when the path is absent. `None` overall when `event`
/// cannot be read again (the walk has reported why).
pub(super) fn values_at_names<'de, D: Deserializer<'de>>(
    seen: &[ObservableSeen],
    event: D,
) -> Option<Vec<Option<Vec<String>>>> {
    probe_targets(seen, |probe| probe.deserialize(event).ok())
}

/// [`values_at_names`] over the top-level members the main pass recorded (`members`, as
/// [`super::scan::Scanner::members`] lists them): only the members a name starts with are
/// read again. `None` when a key had escapes (the caller then reads the whole event).
pub(super) fn values_at_members(
    seen: &[ObservableSeen],
    members: &[(Option<&str>, &str)],
) -> Option<Vec<Option<Vec<String>>>> {
    probe_targets(seen, |mut probe| {
        for &(key, text) in members {
            if let Some(sub) = probe.member(key?) {
                sub.deserialize(&mut super::scan::Scanner::new(text)).ok()?;
            }
        }
        Some(())
    })
}

/// Runs `run` with a probe at the event's top for the names in `seen`, then collects what it
/// found.
fn probe_targets(
    seen: &[ObservableSeen],
    run: impl FnOnce(Probe<'_, '_>) -> Option<()>,
) -> Option<Vec<Option<Vec<String>>>> {
    let segs: Vec<Vec<&str>> = seen
        .iter()
        .filter_map(|s| s.name.as_deref())
        .map(segments)
        .collect();
    let n = segs.len();
    let mut t = Targets {
        segs,
        found: vec![false; n],
        values: vec![Vec::new(); n],
    };
    let valid: Vec<usize> = (0..n)
        .filter(|&i| t.segs[i].iter().all(|s| !s.is_empty()))
        .collect();
    run(Probe {
        t: &mut t,
        complete: Vec::new(),
        cont: valid,
        next: 0,
    })?;
    Some(
        t.found
            .into_iter()
            .zip(t.values)
            .map(|(found, values)| found.then_some(values))
            .collect(),
    )
}
