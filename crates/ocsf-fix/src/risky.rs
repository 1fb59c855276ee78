//! Unsafe fixes: timestamp units, `*_dt` from their timestamps, unknown attributes into
//! `unmapped`. Each is counted when unsafe fixes are off, and made when they are on.

use std::collections::{HashMap, HashSet};

use ocsf_validate::rules::plausibility::{
    in_milliseconds, timestamp_in_other_unit, PLAUSIBLE_FROM_MS,
};
use ocsf_validate::rules::time::datetime_agrees;
use ocsf_validate::{format_epoch_ms, parse_rfc3339};

use crate::edit::{quoted, Beside};
use crate::span::{self, Obj};
use crate::{join, Cx, FixKind, Owner};

/// Timestamps of `obj` in another unit than milliseconds, then the `*_dt` of each timestamp.
pub(crate) fn timestamps(cx: &mut Cx<'_>, obj: &Obj<'_>, owner: Owner, path: &str) {
    let text = cx.text;
    // Each scalar timestamp in milliseconds, as it is or once fixed; the fixed ones' units and
    // values as written.
    let mut ms: HashMap<&str, i64> = HashMap::new();
    let mut was: HashMap<&str, (&'static str, i64)> = HashMap::new();
    for m in &obj.members {
        let Some(attr) = owner.attribute(&m.name) else {
            continue;
        };
        if attr.type_name != "timestamp_t" {
            continue;
        }
        let at = join(path, &m.name);
        if let Some(n) = span::int(m.raw) {
            match timestamp_in_other_unit(n) {
                Some((unit, fixed)) => {
                    was.insert(&m.name, (unit, n));
                    if cx.allow_unsafe() {
                        cx.edits
                            .replace(FixKind::TimestampUnit, &at, m, fixed.to_string());
                    }
                    ms.insert(&m.name, fixed);
                }
                None => {
                    ms.insert(&m.name, n);
                }
            }
        } else if let Some(items) = span::elements(m.raw) {
            for (i, item) in items.into_iter().enumerate() {
                let Some((_, fixed)) = span::int(item).and_then(timestamp_in_other_unit) else {
                    continue;
                };
                if cx.allow_unsafe() {
                    let start = span::offset(text, item);
                    cx.edits.replace_range(
                        FixKind::TimestampUnit,
                        &format!("{at}[{i}]"),
                        start..start + item.len(),
                        fixed.to_string(),
                    );
                }
            }
        }
    }
    duration(cx, obj, path, &was);
    for attr in owner.attributes() {
        let Some(ts_name) = attr.name.strip_suffix("_dt") else {
            continue;
        };
        let Some(&ts) = ms.get(ts_name) else {
            continue;
        };
        let paired = owner
            .attribute(ts_name)
            .is_some_and(|t| t.type_name == "timestamp_t" && !t.is_array);
        if attr.type_name != "datetime_t" || !paired || ts < PLAUSIBLE_FROM_MS {
            continue;
        }
        let instant = quoted(&format_epoch_ms(ts));
        let at = join(path, attr.name);
        match obj.member(attr.name) {
            Some(m) => {
                let agrees = span::string(m.raw)
                    .and_then(|s| parse_rfc3339(&s))
                    .is_some_and(|(dt, precision)| datetime_agrees(ts, dt, precision));
                if !agrees && cx.allow_unsafe() {
                    cx.edits.replace(FixKind::DatetimeFromTime, &at, m, instant);
                }
            }
            None => {
                let Some(ts_m) = obj.member(ts_name) else {
                    continue;
                };
                if cx.may_write(attr) && cx.allow_unsafe() {
                    cx.edits.insert(
                        FixKind::DatetimeFromTime,
                        &at,
                        text,
                        obj,
                        Beside::After(ts_m),
                        (attr.name, &instant),
                    );
                }
            }
        }
    }
}

/// A `duration` that agreed (within 1%) with `start_time` and `end_time` written in the same
/// other unit is rewritten in milliseconds with them, so that it still does.
fn duration(cx: &mut Cx<'_>, obj: &Obj<'_>, path: &str, was: &HashMap<&str, (&str, i64)>) {
    let (Some(&(unit, start)), Some(&(end_unit, end))) =
        (was.get("start_time"), was.get("end_time"))
    else {
        return;
    };
    let Some(m) = obj.member("duration") else {
        return;
    };
    let Some(d) = span::int(m.raw) else { return };
    let off = d.abs_diff(end - start);
    // Within 1%: OCSF914's extra second of slack is a whole second-unit interval here.
    let agreed = off as f64 <= (end - start).max(d).unsigned_abs() as f64 / 100.0;
    if unit != end_unit || start > end || !agreed {
        return;
    }
    let Some(fixed) = in_milliseconds(unit, d).filter(|&f| f != d) else {
        return;
    };
    if cx.allow_unsafe() {
        let at = join(path, "duration");
        cx.edits
            .replace(FixKind::TimestampUnit, &at, m, fixed.to_string());
    }
}

/// Where the attributes the schema lacks go: the event's `unmapped`. Their removals and the
/// insertion into `unmapped` are one group of edits: none happens without the others.
#[derive(Debug)]
pub(crate) struct Unmapped {
    group: usize,
    /// Keys `unmapped` has or will have.
    taken: HashSet<String>,
    /// The moved members: key (JSON text) and value (as written).
    entries: Vec<(String, String)>,
}

/// The plan for the event's `unmapped`, when its class has one and it is an object or absent.
pub(crate) fn plan(cx: &mut Cx<'_>, event: &Obj<'_>, owner: Owner) -> Option<Unmapped> {
    owner.attribute("unmapped")?;
    let taken = match event.member("unmapped") {
        Some(m) => span::object(cx.text, m.raw)?
            .members
            .into_iter()
            .map(|m| m.name)
            .collect(),
        None => HashSet::new(),
    };
    Some(Unmapped {
        group: cx.edits.group(),
        taken,
        entries: Vec::new(),
    })
}

/// `path` without its array indexes (`observables[0].x` is `observables.x`), as the policy's
/// paths are written.
fn dotted(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The attributes `owner` lacks in `obj` (at dotted `path`), removed and noted for `unmapped`
/// under their path (`device.vendor_zone`; at the top level, their name). One the policy
/// accepts where it is, or whose key `unmapped` already has, stays.
pub(crate) fn collect(cx: &mut Cx<'_>, obj: &Obj<'_>, owner: Owner, path: &str) {
    let Some(mut plan) = cx.unmapped.take() else {
        return;
    };
    let text = cx.text;
    let moved: Vec<(usize, String)> = (0..obj.members.len())
        .filter(|&i| owner.attribute(&obj.members[i].name).is_none())
        .map(|i| (i, join(path, &obj.members[i].name)))
        .filter(|(_, key)| {
            !plan.taken.contains(key) && !cx.accepts.is_some_and(|accepts| accepts(&dotted(key)))
        })
        .collect();
    // The event keeps at least its class.
    let emptied = path.is_empty() && moved.len() == obj.members.len();
    if !moved.is_empty() && !emptied {
        for _ in &moved {
            cx.allow_unsafe();
        }
        if cx.unsafe_fixes {
            // Consecutive members go in one edit: removing each with its own comma would
            // overlap.
            let mut runs: Vec<std::ops::RangeInclusive<usize>> = Vec::new();
            for (i, key) in moved {
                let m = &obj.members[i];
                // At the top the key is kept as written; below, it is the path.
                let json_key = if path.is_empty() {
                    text[m.key.clone()].to_owned()
                } else {
                    quoted(&key)
                };
                plan.entries.push((json_key, m.raw.to_owned()));
                plan.taken.insert(key);
                match runs.last_mut() {
                    Some(run) if *run.end() + 1 == i => *run = *run.start()..=i,
                    _ => runs.push(i..=i),
                }
            }
            for run in runs {
                cx.edits
                    .remove(plan.group, FixKind::Unmapped, obj, run, path);
            }
        }
    }
    cx.unmapped = Some(plan);
}

/// The moved members into the event's `unmapped`: appended to it, or in a new `unmapped` as
/// the event's last member.
pub(crate) fn insert(cx: &mut Cx<'_>, event: &Obj<'_>) {
    let Some(plan) = cx.unmapped.take() else {
        return;
    };
    let text = cx.text;
    let colon = event.colon(text);
    let members: Vec<String> = plan
        .entries
        .iter()
        .map(|(key, raw)| format!("{key}{colon}{raw}"))
        .collect();
    if members.is_empty() {
        return;
    }
    let target = event
        .member("unmapped")
        .and_then(|m| span::object(text, m.raw));
    let (at, new) = match &target {
        Some(t) => match t.members.last() {
            Some(last) => {
                let sep = format!(",{}", t.separator(text));
                (last.value.end, format!("{sep}{}", members.join(&sep)))
            }
            None => (t.open + 1, members.join(", ")),
        },
        None => {
            let Some(last) = event.members.last() else {
                return;
            };
            let sep = event.separator(text);
            // Pretty-printed events get `unmapped` pretty-printed, one level deeper.
            let body = match sep.rfind('\n') {
                Some(at) => {
                    let indent = &sep[at + 1..];
                    let inner = format!(",\n{indent}{indent}");
                    format!("\n{indent}{indent}{}\n{indent}", members.join(&inner))
                }
                None => members.join(", "),
            };
            (
                last.value.end,
                format!(",{sep}\"unmapped\"{colon}{{{body}}}"),
            )
        }
    };
    cx.edits.join(plan.group, at, new);
}
