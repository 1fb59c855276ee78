//! Safe fixes: the class's ids, and every caption of an enum id (and an id from its caption).

use std::collections::HashMap;

use ocsf_schema::{Class, EnumKey, EnumValue, Requirement};

use crate::edit::{quoted, Beside};
use crate::span::{self, Member, Obj};
use crate::{join, Cx, FixKind, Owner, Top};

/// The ids the class pass owns at the top level: the sibling pass neither derives them from
/// their captions nor checks `type_uid`'s caption (`type_name` is fixed here).
const CLASS_IDS: [&str; 4] = ["class_uid", "category_uid", "activity_id", "type_uid"];

/// The id of `caption` among `values`: the one listed value with exactly that caption, else the
/// one whose caption differs only in case.
pub(crate) fn id_of(values: &[EnumValue], caption: &str) -> Option<i64> {
    let ints = || {
        values.iter().filter_map(|v| match v.key {
            EnumKey::Int(k) if v.deprecated.is_none() => Some((k, v.caption)),
            _ => None,
        })
    };
    let one = |matches: Vec<i64>| (matches.len() == 1).then(|| matches[0]);
    one(ints()
        .filter(|(_, c)| *c == caption)
        .map(|(k, _)| k)
        .collect())
    .or_else(|| {
        one(ints()
            .filter(|(_, c)| c.eq_ignore_ascii_case(caption))
            .map(|(k, _)| k)
            .collect())
    })
}

/// `category_uid`, `activity_id`, `type_uid` and `type_name` of a known class. Records in
/// `known` the ids the event has (or will have) right.
pub(crate) fn class(
    cx: &mut Cx<'_>,
    event: &Obj<'_>,
    class: &'static Class,
    known: &mut HashMap<&'static str, i64>,
) {
    let Some(class_m) = event.member("class_uid") else {
        return;
    };
    let text = cx.text;
    let category = i64::from(class.category_uid);
    set_id(cx, event, "category_uid", category, class_m);
    known.insert("category_uid", category);
    let listed = |a: i64| class.activity_caption(a).is_some();
    let activity_m = event.member("activity_id");
    let type_m = event.member("type_uid");
    let activity = match activity_m {
        Some(m) => span::int(m.raw),
        None => {
            let from_name = event.member("activity_name").and_then(|name_m| {
                let values = class.attribute("activity_id")?.enum_values?;
                let a = id_of(values, &span::string(name_m.raw)?)?;
                Some((a, name_m, FixKind::IdFromCaption))
            });
            let uid = i64::from(class.uid);
            let from_type = || {
                let m = type_m?;
                let t = span::int(m.raw)?;
                let a = t - uid * 100;
                (t / 100 == uid && (0..100).contains(&a) && listed(a)).then_some((
                    a,
                    m,
                    FixKind::ClassId,
                ))
            };
            match from_name.or_else(from_type) {
                Some((a, before, kind)) => {
                    cx.edits.insert(
                        kind,
                        "activity_id",
                        text,
                        event,
                        Beside::Before(before),
                        ("activity_id", &a.to_string()),
                    );
                    Some(a)
                }
                None => None,
            }
        }
    };
    // An activity the class does not list gives no type.
    let Some(activity) = activity.filter(|&a| listed(a)) else {
        return;
    };
    known.insert("activity_id", activity);
    let type_uid = i64::from(class.uid) * 100 + activity;
    set_id(
        cx,
        event,
        "type_uid",
        type_uid,
        activity_m.unwrap_or(class_m),
    );
    known.insert("type_uid", type_uid);
    let Some(m) = event.member("type_name") else {
        return;
    };
    let Some(name) = span::string(m.raw) else {
        return;
    };
    let expected = match class.activity_caption(activity) {
        // With activity 99 (Other) the producer names the activity: only the class part of
        // `<class>: <label>` is the schema's.
        _ if activity == 99 => match name.split_once(": ") {
            Some((_, label)) => format!("{}: {label}", class.caption),
            None => return,
        },
        Some(caption) => format!("{}: {caption}", class.caption),
        None => return,
    };
    if name != expected {
        cx.edits
            .replace(FixKind::Caption, "type_name", m, quoted(&expected));
    }
}

/// Sets the top-level integer `name` to `expected`: replaced when it differs, inserted after
/// `anchor` when it is missing.
fn set_id(cx: &mut Cx<'_>, event: &Obj<'_>, name: &str, expected: i64, anchor: &Member<'_>) {
    match event.member(name) {
        Some(m) if span::int(m.raw) == Some(expected) => {}
        Some(m) => cx
            .edits
            .replace(FixKind::ClassId, name, m, expected.to_string()),
        None => {
            let value = expected.to_string();
            let at = Beside::After(anchor);
            cx.edits
                .insert(FixKind::ClassId, name, cx.text, event, at, (name, &value));
        }
    }
}

/// Every enum id of `obj` against its sibling caption.
pub(crate) fn siblings(cx: &mut Cx<'_>, obj: &Obj<'_>, owner: Owner, path: &str, top: Top<'_>) {
    let text = cx.text;
    for id_attr in owner.attributes() {
        let (Some(cap_name), Some(values)) = (id_attr.sibling, id_attr.enum_values) else {
            continue;
        };
        let Some(cap_attr) = owner.attribute(cap_name) else {
            continue;
        };
        if !values.iter().any(|v| matches!(v.key, EnumKey::Int(_))) {
            continue;
        }
        let mut set = None;
        if let Some((class_known, known)) = top {
            // `type_uid`'s caption is `type_name`, fixed with the class; the captions of the
            // class's ids mean nothing for a class the version lacks.
            if id_attr.name == "type_uid"
                || (!class_known && !matches!(id_attr.name, "severity_id" | "status_id"))
            {
                continue;
            }
            set = known.get(id_attr.name).copied();
        }
        let id_m = obj.member(id_attr.name);
        let cap_m = obj.member(cap_name);
        let cap_path = join(path, cap_name);
        if id_attr.is_array {
            if let (Some(ids), Some(caps)) = (id_m, cap_m) {
                array_captions(cx, ids.raw, caps.raw, id_attr, &cap_path);
            }
            continue;
        }
        let id = match (set, id_m) {
            (Some(n), _) => n,
            (None, Some(m)) => match span::int(m.raw) {
                Some(n) => n,
                None => continue,
            },
            (None, None) => {
                let Some(cap_m) = cap_m else { continue };
                let is_class_id = top.is_some() && CLASS_IDS.contains(&id_attr.name);
                if is_class_id || !cx.may_write(id_attr) {
                    continue;
                }
                let Some(n) = span::string(cap_m.raw).and_then(|s| id_of(values, &s)) else {
                    continue;
                };
                cx.edits.insert(
                    FixKind::IdFromCaption,
                    &join(path, id_attr.name),
                    text,
                    obj,
                    Beside::Before(cap_m),
                    (id_attr.name, &n.to_string()),
                );
                n
            }
        };
        // 99 is Other: its caption is the producer's own label.
        if id == 99 {
            continue;
        }
        let Some(ev) = id_attr.enum_value(id) else {
            continue;
        };
        match cap_m {
            Some(m) => {
                if span::string(m.raw).is_some_and(|s| s != ev.caption) {
                    cx.edits
                        .replace(FixKind::Caption, &cap_path, m, quoted(ev.caption));
                }
            }
            None => {
                let required = cap_attr.requirement == Requirement::Required;
                if let (true, true, Some(id_m)) = (required, cx.may_write(cap_attr), id_m) {
                    cx.edits.insert(
                        FixKind::Caption,
                        &cap_path,
                        text,
                        obj,
                        Beside::After(id_m),
                        (cap_name, &quoted(ev.caption)),
                    );
                }
            }
        }
    }
}

/// Array siblings (`category_ids` / `categories`): each caption against the id at its index.
fn array_captions(
    cx: &mut Cx<'_>,
    ids: &str,
    caps: &str,
    id_attr: &ocsf_schema::Attribute,
    cap_path: &str,
) {
    let (Some(ids), Some(caps)) = (span::elements(ids), span::elements(caps)) else {
        return;
    };
    // Paired by index, as the validator pairs them.
    for (i, (id, cap)) in ids.into_iter().zip(caps).enumerate() {
        let Some(ev) = span::int(id)
            .filter(|&n| n != 99)
            .and_then(|n| id_attr.enum_value(n))
        else {
            continue;
        };
        if span::string(cap).is_some_and(|s| s != ev.caption) {
            let at = span::offset(cx.text, cap);
            cx.edits.replace_range(
                FixKind::Caption,
                &format!("{cap_path}[{i}]"),
                at..at + cap.len(),
                quoted(ev.caption),
            );
        }
    }
}
