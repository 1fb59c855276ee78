//! Checks of the event as a whole, run when the top-level object ends: class choice,
//! category, `type_uid`/`type_name`, schema version and declared profiles.

use crate::diag::redact;
use crate::rules::*;
use crate::suggest::did_you_mean;
use crate::versions::{self, ChoiceReason, VersionMode};
use crate::walk::{ClassStatus, EntryVal, Frame, Tok, Walker, SCALAR};

fn int_of(w: &Walker<'_, '_>, frame: &Frame<'_>, idx: Option<u16>) -> Option<i64> {
    let idx = idx?;
    w.entries[frame.entries_base..]
        .iter()
        .find_map(|e| match e.val {
            EntryVal::Int(n) if e.attr == idx && e.index == SCALAR => Some(n),
            _ => None,
        })
}

fn str_of<'a>(w: &'a Walker<'_, '_>, frame: &Frame<'_>, idx: Option<u16>) -> Option<&'a str> {
    let idx = idx?;
    w.entries[frame.entries_base..]
        .iter()
        .find_map(|e| match &e.val {
            EntryVal::Str(s) if e.attr == idx && e.index == SCALAR => Some(s.as_ref()),
            _ => None,
        })
}

pub(crate) fn end<'v>(w: &mut Walker<'v, '_>, frame: &Frame<'v>) {
    let Some(choice) = w.class else { return };
    let class = choice.class;
    match choice.status {
        ClassStatus::Missing => w.emit(
            CLASS_UID_MISSING,
            &[],
            "`class_uid` is missing; only the attributes of `base_event` are checked".to_owned(),
            Some("classes/base_event/attributes/class_uid".to_owned()),
            None,
        ),
        ClassStatus::Unknown => {
            let shown = choice.uid.map_or("the value".to_owned(), |n| n.to_string());
            w.emit(
                CLASS_UID_UNKNOWN,
                &[Tok::Key("class_uid")],
                format!(
                    "class_uid {shown} is not a class of OCSF {}; checked as `base_event`",
                    w.t.schema.version
                ),
                Some("classes".to_owned()),
                None,
            );
        }
        ClassStatus::Known => {
            if let Some(dep) = &class.deprecated {
                let help = Some(match dep.replacement {
                    Some(r) => format!("use `{r}` instead"),
                    None => dep.message.to_owned(),
                });
                w.emit(
                    DEPRECATED_CLASS,
                    &[Tok::Key("class_uid")],
                    format!("class `{}` is deprecated since {}", class.name, dep.since),
                    Some(format!("classes/{}", class.name)),
                    help,
                );
            }
            class_facts(w, frame);
        }
    }
    version(w);
    profiles(w, choice.status == ClassStatus::Known);
    w.resolve_deferred();
}

fn class_facts<'v>(w: &mut Walker<'v, '_>, frame: &Frame<'v>) {
    let Some(choice) = w.class else { return };
    let class = choice.class;
    let schema_attr = |a: &str| Some(format!("classes/{}/attributes/{a}", class.name));
    if let Some(cat) = int_of(w, frame, frame.info.category_uid) {
        if cat != i64::from(class.category_uid) {
            let help = w.t.schema.category_by_uid(class.category_uid).map(|c| {
                format!(
                    "class {} is in category {} \"{}\"",
                    class.uid, c.uid, c.caption
                )
            });
            w.emit(
                CATEGORY_MISMATCH,
                &[Tok::Key("category_uid")],
                format!("category_uid {cat} is not the category of `{}`", class.name),
                schema_attr("category_uid"),
                help,
            );
        }
    }
    let activity = int_of(w, frame, frame.info.activity_id);
    if let (Some(type_uid), Some(act)) = (int_of(w, frame, frame.info.type_uid), activity) {
        let expected = i64::from(class.uid) * 100 + act;
        if type_uid != expected {
            w.emit(
                TYPE_UID_MISMATCH,
                &[Tok::Key("type_uid")],
                format!("type_uid {type_uid} is not class_uid * 100 + activity_id = {expected}"),
                schema_attr("type_uid"),
                Some(format!("write {expected}")),
            );
        }
    }
    let Some(act) = activity else { return };
    let Some(act_caption) = class.activity_caption(act) else {
        return;
    };
    let Some(name) = str_of(w, frame, frame.info.type_name) else {
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
    let expected = format!("{}: {act_caption}", class.caption);
    // Activity 99 "Other" lets the producer name the activity.
    let ok = name == expected
        || (act == 99
            && name
                .strip_prefix(class.caption)
                .is_some_and(|r| r.starts_with(": ")));
    if !ok {
        let case_only = name.eq_ignore_ascii_case(&expected);
        let shown = if name.len() <= 80 && name.starts_with(class.caption) || case_only {
            format!("\"{name}\"")
        } else {
            redact(name)
        };
        let help = Some(if case_only {
            format!("differs only in case: write \"{expected}\"")
        } else {
            format!("write \"{expected}\"")
        });
        w.emit(
            TYPE_NAME_MISMATCH,
            &[Tok::Key("type_name")],
            format!("type_name is {shown}, expected \"{expected}\""),
            schema_attr("type_name"),
            help,
        );
    }
}

/// The version diagnostics, and whether the event must be walked again: the version that
/// judges it was chosen from a guess before the walk, and is confirmed here from what the walk
/// read.
fn version(w: &mut Walker<'_, '_>) {
    let claimed = w.facts.version.as_deref();
    let choice = versions::choose(w.v.mode, claimed);
    let judged_by = w.t.schema.version;
    if choice.schema.version != judged_by {
        w.rejudge = Some(choice.schema);
        return;
    }
    if matches!(choice.reason, ChoiceReason::Exact | ChoiceReason::Unclaimed) {
        return;
    }
    let Some(v) = claimed.map(str::to_owned) else {
        return;
    };
    let at = [Tok::Key("metadata"), Tok::Key("version")];
    let sp = Some("objects/metadata/attributes/version".to_owned());
    let shown = if v.len() <= 32 && versions::parse(&v).is_some() {
        format!("\"{v}\"")
    } else {
        redact(&v)
    };
    let forced = matches!(w.v.mode, VersionMode::Forced(_));
    let (code, message, help) = match choice.reason {
        ChoiceReason::Exact | ChoiceReason::Unclaimed => return,
        ChoiceReason::ForcedDiffers => (
            VERSION_DIFFERS,
            format!("the event claims OCSF {shown}; it is validated against {judged_by}"),
            Some("attributes added or removed between the versions may be reported; without --schema-version each event is judged by the version it claims".to_owned()),
        ),
        ChoiceReason::Nearest => (
            VERSION_NEAREST,
            format!("the event claims OCSF {shown}, which is not a release; it is judged by the nearest release, {judged_by}"),
            None,
        ),
        ChoiceReason::Newer => (
            VERSION_NEWER,
            format!("the event claims OCSF {shown}, newer than every release this validator knows; it is judged by the newest, {judged_by}"),
            Some("attributes and values added after that release are reported as unknown; update ocsf-validate".to_owned()),
        ),
        ChoiceReason::Incompatible => (
            VERSION_INCOMPATIBLE,
            if forced {
                format!("the event claims OCSF {shown}, another major version than {judged_by}")
            } else {
                format!("the event claims OCSF {shown}, a major version this validator does not know; it is judged by {judged_by}")
            },
            None,
        ),
        ChoiceReason::NotAVersion => (
            VERSION_INCOMPATIBLE,
            format!("metadata.version {shown} is not a `major.minor.patch` version; the event is judged by {judged_by}"),
            None,
        ),
    };
    let d = w.make(code, &at, message, sp, help);
    w.push(d);
}

fn profiles(w: &mut Walker<'_, '_>, class_known: bool) {
    let schema = w.t.schema;
    let class = w.class.map(|c| c.class);
    let mut out = Vec::new();
    for (i, p) in w.facts.profiles.iter().enumerate() {
        let at = [Tok::Key("metadata"), Tok::Key("profiles"), Tok::Index(i)];
        if schema.profile(p).is_none() {
            let shown = if p.len() <= 40 {
                format!("`{p}`")
            } else {
                redact(p)
            };
            let help = did_you_mean(p, schema.profiles.iter().map(|x| x.name))
                .map(|s| format!("did you mean `{s}`?"));
            out.push(w.make(
                UNKNOWN_PROFILE,
                &at,
                format!("profile {shown} is not defined by OCSF {}", schema.version),
                Some("profiles".to_owned()),
                help,
            ));
        } else if let Some(class) = class.filter(|_| class_known) {
            if !class.profiles.iter().any(|x| x == p) {
                out.push(w.make(
                    PROFILE_NOT_APPLICABLE,
                    &at,
                    format!("class `{}` does not support profile `{p}`", class.name),
                    Some(format!("profiles/{p}")),
                    None,
                ));
            }
        }
    }
    for d in out {
        w.push(d);
    }
}
