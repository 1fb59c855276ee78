//! The built-in rules, one module per family, as ruff organizes its rules: each family holds
//! its codes, their documentation and examples (what `docs/rules.md` is generated from) and
//! the logic that emits them. Codes are never reused.
//!
//! | family | codes | judged |
//! |---|---|---|
//! | [`input`] | OCSF001–004 | before the walk: JSON, shape and size |
//! | [`class`] | OCSF101–105 | when the event ends: class, category, type |
//! | [`attributes`] | OCSF201–207 | each value, and each object's end: presence, types, formats |
//! | [`enums`] | OCSF301–302 | each value, and each object's end: enum ids and their captions |
//! | [`constraints`] | OCSF401–402 | each object's end: `at_least_one`, `just_one` |
//! | [`profiles`] | OCSF501–503 | attributes of profiles, and `metadata.profiles` |
//! | [`deprecation`] | OCSF601–604 | deprecated attributes, objects, enum values, classes |
//! | [`version`] | OCSF701–704 | `metadata.version` against the version that judges |
//! | [`observables`] | OCSF801–802 | after the walk: observables against the paths they name |
//! | [`time`] | OCSF901–902 | each object's end: `*_time` against `*_time_dt` |
//! | [`plausibility`] | OCSF911–915 | each timestamp, and each object's end: units, dates, intervals, counts |
//!
//! Rules see a narrow context (`context.rs`): the value or object at hand, the facts gathered so far, and
//! a reporter; the walk (`crate::walk`) decides when each runs.

pub use crate::diag::RuleInfo;

/// `format!` for a diagnostic's text, into a string sized for a typical message up front:
/// `format!` starts small and grows the string several times, and on events with many
/// diagnostics that growing cost a tenth of the run.
macro_rules! text {
    ($($arg:tt)*) => {{
        use std::fmt::Write as _;
        let mut s = String::with_capacity(160);
        let _ = write!(s, $($arg)*);
        s
    }};
}

/// `parts` joined, in one allocation of their size: the texts of the most frequent
/// diagnostics (unknown or missing attributes, formats, deprecations, constraints), for which
/// `format!`'s machinery cost more than the rest of the diagnostic.
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    parts.iter().for_each(|p| s.push_str(p));
    s
}

/// The start of a valid event of class 0, for the families' examples.
macro_rules! base {
    ($($extra:tt)*) => {
        concat!(
            r#"{"class_uid": 0, "category_uid": 0, "activity_id": 0, "type_uid": 0, "severity_id": 1, "time": 1700000000000, "#,
            $($extra)*
        )
    };
}

/// A valid `metadata` for the families' examples, optionally with more keys.
macro_rules! meta {
    () => {
        r#""metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}"#
    };
    ($($extra:tt)+) => {
        concat!(
            r#""metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}, "#,
            $($extra)+,
            "}"
        )
    };
}

pub mod attributes;
pub mod class;
pub mod constraints;
pub(crate) mod context;
pub mod deprecation;
pub mod enums;
pub mod input;
pub mod observables;
pub mod plausibility;
pub mod profiles;
pub mod time;
pub mod version;

pub use attributes::{
    INVALID_FORMAT, OUT_OF_RANGE, RECOMMENDED_MISSING, REQUIRED_MISSING, TOO_LONG,
    UNKNOWN_ATTRIBUTE, WRONG_TYPE,
};
pub use class::{
    CATEGORY_MISMATCH, CLASS_UID_MISSING, CLASS_UID_UNKNOWN, TYPE_NAME_MISMATCH, TYPE_UID_MISMATCH,
};
pub use constraints::{AT_LEAST_ONE, JUST_ONE};
pub use deprecation::{DEPRECATED_ATTRIBUTE, DEPRECATED_CLASS, DEPRECATED_ENUM, DEPRECATED_OBJECT};
pub use enums::{SIBLING_MISMATCH, UNKNOWN_ENUM};
pub use input::{INVALID_JSON, NOT_AN_OBJECT, TOO_DEEP, TOO_LARGE};
pub use observables::{OBSERVABLE_NAME, OBSERVABLE_VALUE};
pub use plausibility::{
    COUNT_ZERO, DURATION_MISMATCH, START_AFTER_END, TIMESTAMP_IMPLAUSIBLE, TIMESTAMP_UNIT,
};
pub use profiles::{PROFILE_NOT_APPLICABLE, UNDECLARED_PROFILE, UNKNOWN_PROFILE};
pub use time::{TIME_MISMATCH, TIME_OTHER_UNIT};
pub use version::{VERSION_DIFFERS, VERSION_INCOMPATIBLE, VERSION_NEAREST, VERSION_NEWER};

use context::ObjectEnd;

/// The families in code order.
static FAMILIES: [&[RuleInfo]; 11] = [
    &input::RULES,
    &class::RULES,
    &attributes::RULES,
    &enums::RULES,
    &constraints::RULES,
    &profiles::RULES,
    &deprecation::RULES,
    &version::RULES,
    &observables::RULES,
    &time::RULES,
    &plausibility::RULES,
];

/// Every built-in rule, ordered by code.
pub fn builtin_rules() -> impl Iterator<Item = &'static RuleInfo> {
    FAMILIES.iter().flat_map(|f| f.iter())
}

/// The rule of a built-in code.
pub fn builtin(code: &str) -> Option<&'static RuleInfo> {
    builtin_rules().find(|r| r.code == code)
}

/// The rules judged when any object ends (the event included), in the order they report.
pub(crate) fn object_end(cx: &mut ObjectEnd<'_, '_, '_>) {
    attributes::missing(cx);
    enums::siblings(cx);
    constraints::check(cx);
    time::pairs(cx);
    plausibility::object(cx);
}

/// The rules judged when the event ends, after [`object_end`]. Returns the version that must
/// judge the event instead, when the version it claims is not the one that judged it (the
/// version is guessed from the bytes before the walk and confirmed here).
pub(crate) fn event_end(cx: &mut ObjectEnd<'_, '_, '_>) -> Option<&'static ocsf_schema::Schema> {
    let choice = cx.facts.class?;
    let known = class::choice(cx, choice);
    if known {
        deprecation::class(cx, choice.class);
        class::facts(cx, choice.class);
    }
    let rejudge = version::check(cx);
    profiles::declared(cx, known);
    rejudge
}
