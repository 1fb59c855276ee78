//! Checks at the end of every object (and of the event): required and recommended
//! attributes, sibling captions, constraints, and `*_time`/`*_time_dt` agreement.

use ocsf_schema::Attribute;

use crate::checks::format::parse_rfc3339;
use crate::diag::redact;
use crate::rules::*;
use crate::walk::{Entry, EntryVal, Frame, Tok, Walker, SCALAR};

pub(crate) fn end<'v>(w: &mut Walker<'v, '_>, frame: &Frame<'v>) {
    missing(w, frame);
    siblings(w, frame);
    constraints(w, frame);
    time_pairs(w, frame);
}

fn missing<'v>(w: &mut Walker<'v, '_>, frame: &Frame<'v>) {
    report_missing(w, frame, &frame.info.required, REQUIRED_MISSING, "required");
    if w.v.policy.policy.recommended {
        report_missing(
            w,
            frame,
            &frame.info.recommended,
            RECOMMENDED_MISSING,
            "recommended",
        );
    }
}

/// Reports each attribute of `indexes` the object lacks; a profile's attribute only when the
/// event declares that profile.
fn report_missing<'v>(
    w: &mut Walker<'v, '_>,
    frame: &Frame<'v>,
    indexes: &[u16],
    code: &'static str,
    requirement: &str,
) {
    let attrs = frame.owner.attributes();
    for &i in indexes {
        if w.is_seen(frame, i) {
            continue;
        }
        let a = &attrs[i as usize];
        if skip_for_profile(w, a) {
            continue;
        }
        let d = w.make(
            code,
            &[],
            format!("{requirement} attribute `{}` is missing", a.name),
            Some(frame.owner.attr_schema_path(a.name)),
            None,
        );
        match a.profile {
            Some(p) => w.emit_if_profile(p, true, d),
            None => w.push(d),
        }
    }
}

/// A missing attribute of a profile the event is known not to declare is not reported:
/// decided before its diagnostic is built, which most events would throw away.
fn skip_for_profile(w: &Walker<'_, '_>, a: &Attribute) -> bool {
    a.profile
        .is_some_and(|p| w.facts.profiles_known && !w.profile_declared(p))
}

fn entries<'a, 'de>(w: &'a Walker<'_, 'de>, frame: &Frame<'_>) -> &'a [Entry<'de>] {
    &w.entries[frame.entries_base..]
}

fn siblings<'v>(w: &mut Walker<'v, '_>, frame: &Frame<'v>) {
    let attrs = frame.owner.attributes();
    let mut found: Vec<(u16, u16, u32, String, &'static str, bool)> = Vec::new();
    for &(id_idx, cap_idx) in &frame.info.siblings {
        let id_attr = &attrs[id_idx as usize];
        if frame.level == 0 {
            // type_name has its own rule; class_name is meaningless for an unknown class.
            let class_known = w
                .class
                .is_some_and(|c| c.status == crate::walk::ClassStatus::Known);
            if id_attr.name == "type_uid"
                || (!class_known && id_attr.name != "severity_id" && id_attr.name != "status_id")
            {
                continue;
            }
        }
        let es = entries(w, frame);
        for id in es.iter().filter(|e| e.attr == id_idx) {
            let EntryVal::Int(n) = id.val else { continue };
            let Some(caption) = es.iter().find_map(|e| match &e.val {
                EntryVal::Str(s) if e.attr == cap_idx && e.index == id.index => Some(s),
                _ => None,
            }) else {
                continue;
            };
            // 99 is "Other": its caption is the producer's own label.
            if n == 99 {
                continue;
            }
            let Some(ev) = id_attr.enum_value(n) else {
                continue;
            };
            if caption.as_ref() != ev.caption {
                let known_caption = id_attr
                    .enum_values
                    .is_some_and(|vs| vs.iter().any(|v| v.caption.eq_ignore_ascii_case(caption)));
                let shown = quote_caption(w.t.schema, caption, known_caption);
                found.push((
                    id_idx,
                    cap_idx,
                    id.index,
                    shown,
                    ev.caption,
                    caption.eq_ignore_ascii_case(ev.caption),
                ));
            }
        }
    }
    for (id_idx, cap_idx, index, shown, expected, case_only) in found {
        let id_attr: &Attribute = attrs[id_idx as usize];
        let cap_attr = &attrs[cap_idx as usize];
        let (at, idx_text) = if index == SCALAR {
            (vec![Tok::Key(cap_attr.name)], String::new())
        } else {
            (
                vec![Tok::Key(cap_attr.name), Tok::Index(index as usize)],
                format!("[{index}]"),
            )
        };
        let n = entries(w, frame)
            .iter()
            .find_map(|e| match e.val {
                EntryVal::Int(n) if e.attr == id_idx && e.index == index => Some(n),
                _ => None,
            })
            .unwrap_or_default();
        let message = format!(
            "`{}{idx_text}` is {shown} but `{}{idx_text}` {n} is \"{expected}\"",
            cap_attr.name, id_attr.name
        );
        let help = Some(if case_only {
            format!("the captions differ only in case: write \"{expected}\"")
        } else {
            format!("write \"{expected}\", or change `{}`", id_attr.name)
        });
        let d = w.make(
            SIBLING_MISMATCH,
            &at,
            message,
            Some(frame.owner.attr_schema_path(id_attr.name)),
            help,
        );
        w.push(d);
    }
}

/// Captions the schema defines are quoted whole; free text may be personal data.
fn quote_caption(schema: &ocsf_schema::Schema, caption: &str, in_enum: bool) -> String {
    let schema_defined = in_enum
        || schema.classes.iter().any(|c| {
            c.caption.eq_ignore_ascii_case(caption)
                || c.attribute("activity_id")
                    .and_then(|a| a.enum_values)
                    .is_some_and(|vs| vs.iter().any(|v| v.caption.eq_ignore_ascii_case(caption)))
        });
    if schema_defined && caption.len() <= 64 {
        format!("\"{caption}\"")
    } else {
        redact(caption)
    }
}

fn constraints<'v>(w: &mut Walker<'v, '_>, frame: &Frame<'v>) {
    let c = frame.owner.constraints();
    if c.is_empty() {
        return;
    }
    let hits = w.hits.get(frame.level).copied().unwrap_or(0);
    let present = |w: &Walker<'v, '_>, bit: usize, path: &str| -> bool {
        if path.contains('.') {
            hits & (1 << bit) != 0
        } else {
            frame
                .info
                .constraint_attr
                .get(bit)
                .copied()
                .flatten()
                .is_some_and(|i| w.is_seen(frame, i))
        }
    };
    let list = |paths: &[&str]| {
        paths
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !c.at_least_one.is_empty()
        && !c
            .at_least_one
            .iter()
            .enumerate()
            .any(|(b, p)| present(w, b, p))
    {
        let message = format!("at least one of {} is required", list(c.at_least_one));
        let sp = Some(format!(
            "{}/constraints/at_least_one",
            frame.owner.schema_path()
        ));
        w.emit(AT_LEAST_ONE, &[], message, sp, None);
    }
    if !c.just_one.is_empty() {
        let base = c.at_least_one.len();
        let n = c
            .just_one
            .iter()
            .enumerate()
            .filter(|(b, p)| present(w, base + b, p))
            .count();
        if n != 1 {
            let message = if n == 0 {
                format!(
                    "exactly one of {} is required, none is present",
                    list(c.just_one)
                )
            } else {
                format!(
                    "exactly one of {} is allowed, {n} are present",
                    list(c.just_one)
                )
            };
            let sp = Some(format!(
                "{}/constraints/just_one",
                frame.owner.schema_path()
            ));
            w.emit(JUST_ONE, &[], message, sp, None);
        }
    }
}

fn time_pairs<'v>(w: &mut Walker<'v, '_>, frame: &Frame<'v>) {
    let attrs = frame.owner.attributes();
    let mut bad = Vec::new();
    for &(ts_idx, dt_idx) in &frame.info.dt_pairs {
        let es = entries(w, frame);
        let ts = es.iter().find_map(|e| match e.val {
            EntryVal::Int(n) if e.attr == ts_idx && e.index == SCALAR => Some(n),
            _ => None,
        });
        let dt = es.iter().find_map(|e| match &e.val {
            EntryVal::Str(s) if e.attr == dt_idx && e.index == SCALAR => parse_rfc3339(s),
            _ => None,
        });
        if let (Some(ts), Some((dt, precision))) = (ts, dt) {
            // The text may be less precise than `time` (whole seconds are common): `time` must
            // fall inside the interval the text names. One extra millisecond allows `time` to
            // have rounded sub-millisecond digits instead of cutting them.
            if ts < dt - 1 || ts > dt + precision {
                bad.push((ts_idx, dt_idx, ts - dt));
            }
        }
    }
    for (ts_idx, dt_idx, diff) in bad {
        let (ts, dt) = (attrs[ts_idx as usize].name, attrs[dt_idx as usize].name);
        let message = format!("`{dt}` and `{ts}` differ by {} ms", diff.abs());
        let help = Some(format!(
            "`{ts}` is milliseconds since the epoch; `{dt}` is the same instant in RFC 3339"
        ));
        let d = w.make(
            TIME_MISMATCH,
            &[Tok::Key(dt)],
            message,
            Some(frame.owner.attr_schema_path(dt)),
            help,
        );
        w.push(d);
    }
}
