//! Enumerations (OCSF301–302): a value that is not defined by its attribute's enum (integer ids
//! and string enums, judged per value), and an enum id whose sibling caption names another
//! value (`activity_id` 1 beside `activity_name` "Logoff"), judged when the object ends.

use crate::diag::RuleInfo;
use ocsf_schema::{Attribute, EnumKey};

use super::context::{Msg, ObjectEnd, ValueCtx};
use crate::diag::excerpt;
use crate::diag::Category::Schema;
use crate::diag::Severity::Error;
use crate::facts::{EntryVal, Tok, SCALAR};
use crate::tables::Tables;

pub const UNKNOWN_ENUM: &str = "OCSF301";
pub const SIBLING_MISMATCH: &str = "OCSF302";

pub(crate) static RULES: [RuleInfo; 2] = [
    RuleInfo {
        code: UNKNOWN_ENUM,
        name: "unknown-enum-value",
        category: Schema,
        severity: Error,
        summary: "The value is not one the enum attribute defines.",
        doc: "Enum attributes (`severity_id`, `activity_id`, `device.type_id`, `observables[].type_id`, ...) accept only the ids the schema lists; `99` (Other) is listed for most of them.",
        fail: r#"{"class_uid": 0, "category_uid": 0, "activity_id": 0, "type_uid": 0, "severity_id": 42, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}}"#,
        pass: base!(meta!(), "}"),
    },
    RuleInfo {
        code: SIBLING_MISMATCH,
        name: "sibling-caption-mismatch",
        category: Schema,
        severity: Error,
        summary: "A caption attribute disagrees with the caption of its `_id` sibling.",
        doc: "For every enum attribute with a declared sibling (`severity_id`/`severity`, `class_uid`/`class_name`, `device.type_id`/`device.type`, arrays such as `category_ids`/`categories`), the caption must be the schema's caption of the id. Captions are compared exactly and the help mentions a case-only difference. With id 99 (Other) the caption is free text.",
        fail: base!(meta!(), r#", "severity": "High"}"#),
        pass: base!(meta!(), r#", "severity": "Informational"}"#),
    },
];

/// An integer value of an enum attribute. `known` is the fast answer of the tables (a defined,
/// not deprecated id below 128); `own_rule` marks the event ids judged by the class family.
pub(crate) fn integer(cx: &mut ValueCtx<'_, '_, '_>, n: i64, known: bool, own_rule: bool) {
    let attr = cx.attr;
    if known || own_rule {
        return;
    }
    let Some(values) = attr.enum_values else {
        return;
    };
    match attr.enum_value(n) {
        Some(ev) => super::deprecation::enum_value(cx, n, ev),
        None => {
            let sp = cx.lazy_schema_path();
            cx.out.report(UNKNOWN_ENUM, &[], || {
                let list: Vec<String> = values
                    .iter()
                    .filter(|v| v.deprecated.is_none())
                    .take(12)
                    .map(|v| match v.key {
                        EnumKey::Int(k) => text!("{k} {}", v.caption),
                        EnumKey::Str(k) => k.to_owned(),
                    })
                    .collect();
                let more = if values.len() > 12 { ", …" } else { "" };
                Msg::new(
                    text!("{n} is not a defined value of `{}`", attr.name),
                    sp(),
                    Some(text!("defined values: {}{more}", list.join(", "))),
                )
            });
        }
    }
}

/// A string value of an attribute whose enum has string keys.
pub(crate) fn string(cx: &mut ValueCtx<'_, '_, '_>, s: &str) {
    let attr = cx.attr;
    let Some(values) = attr.enum_values else {
        return;
    };
    let is_str_enum = values.iter().any(|v| matches!(v.key, EnumKey::Str(_)));
    if is_str_enum && attr.enum_value_str(s).is_none() {
        let sp = cx.lazy_schema_path();
        cx.out.report(UNKNOWN_ENUM, &[], || {
            Msg::new(
                text!("{} is not a defined value of `{}`", excerpt(s), attr.name),
                sp(),
                None,
            )
        });
    }
}

/// One id/caption pair whose caption names another value than the id's.
struct Mismatch {
    id_idx: u16,
    cap_idx: u16,
    index: u32,
    id: i64,
    shown: String,
    expected: &'static str,
    case_only: bool,
}

/// Each remembered enum id against its sibling caption (`severity_id`/`severity`).
pub(crate) fn siblings(cx: &mut ObjectEnd<'_, '_, '_>) {
    let frame = cx.frame;
    let attrs = frame.attrs;
    let mut found = Vec::new();
    for &(id_idx, cap_idx) in &frame.info.siblings {
        let id_attr = &attrs[id_idx as usize];
        if frame.level == 0 {
            // type_name has its own rule; class_name is meaningless for an unknown class.
            if id_attr.name == "type_uid"
                || (!cx.facts.class_known()
                    && id_attr.name != "severity_id"
                    && id_attr.name != "status_id")
            {
                continue;
            }
        }
        for id in cx.entries.iter().filter(|e| e.attr == id_idx) {
            let EntryVal::Int(n) = id.val else { continue };
            let Some(caption) = cx.entries.iter().find_map(|e| match &e.val {
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
                found.push(Mismatch {
                    id_idx,
                    cap_idx,
                    index: id.index,
                    id: n,
                    shown: quote_caption(cx.t, caption, known_caption),
                    expected: ev.caption,
                    case_only: caption.eq_ignore_ascii_case(ev.caption),
                });
            }
        }
    }
    for m in found {
        let id_attr: &Attribute = attrs[m.id_idx as usize];
        let cap_attr = &attrs[m.cap_idx as usize];
        let (at, idx_text) = if m.index == SCALAR {
            (vec![Tok::Key(cap_attr.name)], String::new())
        } else {
            (
                vec![Tok::Key(cap_attr.name), Tok::Index(m.index as usize)],
                text!("[{}]", m.index),
            )
        };
        cx.out.report(SIBLING_MISMATCH, &at, || {
            let Mismatch {
                id,
                shown,
                expected,
                ..
            } = &m;
            let help = Some(if m.case_only {
                text!("the captions differ only in case: write \"{expected}\"")
            } else {
                text!("write \"{expected}\", or change `{}`", id_attr.name)
            });
            Msg::new(
                text!(
                    "`{}{idx_text}` is {shown} but `{}{idx_text}` {id} is \"{expected}\"",
                    cap_attr.name,
                    id_attr.name
                ),
                Some(frame.owner.attr_schema_path(id_attr.name)),
                help,
            )
        });
    }
}

/// Captions the schema defines are quoted whole; free text may be personal data.
fn quote_caption(t: &Tables, caption: &str, in_enum: bool) -> String {
    let schema_defined = in_enum || t.schema_captions().contains(&caption.to_ascii_lowercase());
    if schema_defined && caption.len() <= 64 {
        text!("\"{caption}\"")
    } else {
        excerpt(caption)
    }
}
