//! The class of the event (OCSF101–105), judged when the event ends: `class_uid` missing or
//! unknown (the event is then checked as `base_event`), and whether `category_uid`,
//! `type_uid` and `type_name` agree with the class and `activity_id`.

use super::context::{Msg, ObjectEnd};
use crate::diag::excerpt;
use crate::diag::Category::Schema;
use crate::diag::RuleInfo;
use crate::diag::Severity::{Error, Warning};
use crate::facts::{ClassChoice, ClassStatus, Tok};

pub const CLASS_UID_MISSING: &str = "OCSF101";
pub const CLASS_UID_UNKNOWN: &str = "OCSF102";
pub const CATEGORY_MISMATCH: &str = "OCSF103";
pub const TYPE_UID_MISMATCH: &str = "OCSF104";
pub const TYPE_NAME_MISMATCH: &str = "OCSF105";

pub(crate) static RULES: [RuleInfo; 5] = [
    RuleInfo {
        code: CLASS_UID_MISSING,
        name: "class-uid-missing",
        category: Schema,
        severity: Error,
        summary: "The event has no `class_uid`, so its class is unknown.",
        doc: "The class of an event is chosen by `class_uid`. Without it, the event is checked against `base_event` only, which catches fewer problems.",
        fail: r#"{"category_uid": 0, "activity_id": 0, "type_uid": 0, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}}"#,
        pass: base!(meta!(), "}"),
    },
    RuleInfo {
        code: CLASS_UID_UNKNOWN,
        name: "class-uid-unknown",
        category: Schema,
        severity: Error,
        summary: "`class_uid` is not a class of the schema version.",
        doc: "The `class_uid` names no class of the schema version the validator was built for (it may be an extension class or a class of another version). The event is then checked against `base_event`.",
        fail: r#"{"class_uid": 9999, "category_uid": 0, "activity_id": 0, "type_uid": 999900, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}}"#,
        pass: base!(meta!(), "}"),
    },
    RuleInfo {
        code: CATEGORY_MISMATCH,
        name: "category-uid-mismatch",
        category: Schema,
        severity: Error,
        summary: "`category_uid` is not the category of the class.",
        doc: "Each class belongs to exactly one category: Authentication (3002) is in Identity & Access Management (3). A different `category_uid` contradicts `class_uid`.",
        fail: r#"{"class_uid": 0, "category_uid": 3, "activity_id": 0, "type_uid": 0, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}}"#,
        pass: base!(meta!(), "}"),
    },
    RuleInfo {
        code: TYPE_UID_MISMATCH,
        name: "type-uid-mismatch",
        category: Schema,
        severity: Error,
        summary: "`type_uid` is not `class_uid * 100 + activity_id`.",
        doc: "`type_uid` is derived: the class uid times 100 plus the activity id. Authentication (3002) Logon (1) is 300201.",
        fail: r#"{"class_uid": 0, "category_uid": 0, "activity_id": 0, "type_uid": 1, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}}"#,
        pass: base!(meta!(), "}"),
    },
    RuleInfo {
        code: TYPE_NAME_MISMATCH,
        name: "type-name-mismatch",
        category: Schema,
        severity: Warning,
        summary: "`type_name` is not `<class caption>: <activity caption>`.",
        doc: "`type_name` is the caption of `type_uid`: the class caption, a colon and a space, and the activity caption (`Authentication: Logon`). Captions are compared exactly; the help mentions a case-only difference.",
        fail: base!(meta!(), r#", "type_name": "Base Event: Logon"}"#),
        pass: base!(meta!(), r#", "type_name": "Base Event: Unknown"}"#),
    },
];

/// Reports a missing or unknown `class_uid`; whether the class is known.
pub(crate) fn choice(cx: &mut ObjectEnd<'_, '_, '_>, choice: ClassChoice) -> bool {
    match choice.status {
        ClassStatus::Known => return true,
        ClassStatus::Missing => cx.out.report(CLASS_UID_MISSING, &[], || {
            Msg::new(
                "`class_uid` is missing; only the attributes of `base_event` are checked"
                    .to_owned(),
                Some("classes/base_event/attributes/class_uid".to_owned()),
                None,
            )
        }),
        ClassStatus::Unknown => {
            let version = cx.t.schema.version;
            cx.out.report(CLASS_UID_UNKNOWN, &[Tok::Key("class_uid")], || {
                let shown = choice.uid.map_or("the value".to_owned(), |n| n.to_string());
                Msg::new(
                    text!("class_uid {shown} is not a class of OCSF {version}; checked as `base_event`"),
                    Some("classes".to_owned()),
                    None,
                )
            });
        }
    }
    false
}

/// `category_uid`, `type_uid` and `type_name` against the class and `activity_id`.
pub(crate) fn facts(cx: &mut ObjectEnd<'_, '_, '_>, class: &'static ocsf_schema::Class) {
    let schema_attr = |a: &str| Some(text!("classes/{}/attributes/{a}", class.name));
    let info = cx.frame.info;
    if let Some(cat) = cx.int(info.category_uid) {
        if cat != i64::from(class.category_uid) {
            let schema = cx.t.schema;
            cx.out
                .report(CATEGORY_MISMATCH, &[Tok::Key("category_uid")], || {
                    let help = schema.category_by_uid(class.category_uid).map(|c| {
                        text!(
                            "class {} is in category {} \"{}\"",
                            class.uid,
                            c.uid,
                            c.caption
                        )
                    });
                    Msg::new(
                        text!("category_uid {cat} is not the category of `{}`", class.name),
                        schema_attr("category_uid"),
                        help,
                    )
                });
        }
    }
    let activity = cx.int(info.activity_id);
    if let (Some(type_uid), Some(act)) = (cx.int(info.type_uid), activity) {
        let expected = i64::from(class.uid) * 100 + act;
        if type_uid != expected {
            cx.out
                .report(TYPE_UID_MISMATCH, &[Tok::Key("type_uid")], || {
                    Msg::new(
                        text!(
                            "type_uid {type_uid} is not class_uid * 100 + activity_id = {expected}"
                        ),
                        schema_attr("type_uid"),
                        Some(text!("write {expected}")),
                    )
                });
        }
    }
    let Some(act) = activity else { return };
    let Some(act_caption) = class.activity_caption(act) else {
        return;
    };
    let Some(name) = cx.str(info.type_name) else {
        return;
    };
    // Compared in parts: formatting the expected name is left to the mismatch.
    let exact = name
        .strip_prefix(class.caption)
        .and_then(|r| r.strip_prefix(": "))
        .is_some_and(|r| r == act_caption);
    if exact {
        return;
    }
    let expected = text!("{}: {act_caption}", class.caption);
    // Activity 99 "Other" lets the producer name the activity.
    let ok = name == expected
        || (act == 99
            && name
                .strip_prefix(class.caption)
                .is_some_and(|r| r.starts_with(": ")));
    if ok {
        return;
    }
    let case_only = name.eq_ignore_ascii_case(&expected);
    let shown = if name.len() <= 80 && name.starts_with(class.caption) || case_only {
        text!("\"{name}\"")
    } else {
        excerpt(name)
    };
    cx.out
        .report(TYPE_NAME_MISMATCH, &[Tok::Key("type_name")], || {
            let help = Some(if case_only {
                text!("differs only in case: write \"{expected}\"")
            } else {
                text!("write \"{expected}\"")
            });
            Msg::new(
                text!("type_name is {shown}, expected \"{expected}\""),
                schema_attr("type_name"),
                help,
            )
        });
}
