//! Unsafe fixes: timestamp units, `*_dt` from their timestamps, unknown attributes into
//! `unmapped`. Each is counted when unsafe fixes are off, and made when they are on.

use std::collections::HashMap;

use ocsf_validate::rules::plausibility::{in_milliseconds, timestamp_in_other_unit};
use ocsf_validate::{format_epoch_ms, parse_rfc3339};

use crate::edit::{quoted, Beside};
use crate::span::{self, Obj};
use crate::{join, Cx, FixKind, Owner};

/// 1990-01-01 in milliseconds: an earlier time is a placeholder, not an instant to copy.
const PLAUSIBLE_FROM_MS: i64 = 631_152_000_000;

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
                    .is_some_and(|(dt, precision)| ts >= dt - 1 && ts <= dt + precision);
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

/// Top-level attributes the class does not define, moved into `unmapped` (created as the
/// event's last member when absent). A name `unmapped` already has stays where it is.
pub(crate) fn unmapped(cx: &mut Cx<'_>, event: &Obj<'_>, owner: Owner) {
    let text = cx.text;
    if owner.attribute("unmapped").is_none() {
        return;
    }
    let target = match event.member("unmapped") {
        Some(m) => match span::object(text, m.raw) {
            Some(o) => Some(o),
            None => return,
        },
        None => None,
    };
    let moved: Vec<usize> = (0..event.members.len())
        .filter(|&i| {
            let name = &event.members[i].name;
            owner.attribute(name).is_none()
                && target.as_ref().is_none_or(|t| t.member(name).is_none())
                && !cx.accepts.is_some_and(|accepts| accepts(name))
        })
        .collect();
    if moved.is_empty() || moved.len() == event.members.len() {
        return;
    }
    let colon = event.colon(text);
    for _ in &moved {
        cx.allow_unsafe();
    }
    if !cx.unsafe_fixes {
        return;
    }
    let members: Vec<String> = moved
        .iter()
        .map(|&i| {
            let m = &event.members[i];
            format!("{}{colon}{}", &text[m.key.clone()], m.raw)
        })
        .collect();
    // Consecutive members go in one edit: removing each with its own comma would overlap.
    let mut runs: Vec<std::ops::RangeInclusive<usize>> = Vec::new();
    for &i in &moved {
        match runs.last_mut() {
            Some(run) if *run.end() + 1 == i => *run = *run.start()..=i,
            _ => runs.push(i..=i),
        }
    }
    for (n, run) in runs.into_iter().enumerate() {
        cx.edits.remove(FixKind::Unmapped, event, run, n > 0);
    }
    match &target {
        Some(t) => match t.members.last() {
            Some(last) => {
                let sep = format!(",{}", t.separator(text));
                cx.edits
                    .join(last.value.end, format!("{sep}{}", members.join(&sep)));
            }
            None => cx.edits.join(t.open + 1, members.join(", ")),
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
            let new = format!(",{sep}\"unmapped\"{colon}{{{body}}}");
            cx.edits.join(last.value.end, new);
        }
    }
}
