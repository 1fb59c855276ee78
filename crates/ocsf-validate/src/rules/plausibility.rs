//! Plausibility (OCSF911–915): values the schema accepts that cannot be what the producer
//! meant. A `timestamp_t` is milliseconds since the epoch, so 1649721732 is 20 January 1970:
//! seconds were written (the OCSF server's own sample generator once wrote microseconds). Times
//! before 1990 or after tomorrow, a start after its end, a duration its start and end
//! contradict, and a `count` of zero are reported too. Warnings by default: the event is valid
//! OCSF, only wrong.

use super::context::{Msg, ObjectEnd, ValueCtx};
use crate::diag::Category::Schema;
use crate::diag::RuleInfo;
use crate::diag::Severity::Warning;
use crate::facts::Tok;
use crate::formats::{format_epoch_ms, push_epoch_ms, push_int};

pub const TIMESTAMP_UNIT: &str = "OCSF911";
pub const TIMESTAMP_IMPLAUSIBLE: &str = "OCSF912";
pub const START_AFTER_END: &str = "OCSF913";
pub const DURATION_MISMATCH: &str = "OCSF914";
pub const COUNT_ZERO: &str = "OCSF915";

pub(crate) static RULES: [RuleInfo; 5] = [
    RuleInfo {
        code: TIMESTAMP_UNIT,
        name: "timestamp-unit",
        category: Schema,
        severity: Warning,
        summary: "A `timestamp_t` reads as seconds, microseconds or nanoseconds, not milliseconds.",
        doc: "OCSF timestamps are milliseconds since the epoch. A value that read as milliseconds falls before 1990, but read as seconds (1e8 to 4e9), microseconds (6e14 to 4e15) or nanoseconds (6e17 to 4e18) falls between 1990 and 2100, was written in that unit. The message names the unit, the instant it would then be, and the value in milliseconds.",
        fail: r#"{"class_uid": 0, "category_uid": 0, "activity_id": 0, "type_uid": 0, "severity_id": 1, "time": 1649721732, "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}}"#,
        pass: r#"{"class_uid": 0, "category_uid": 0, "activity_id": 0, "type_uid": 0, "severity_id": 1, "time": 1649721732000, "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}}}"#,
    },
    RuleInfo {
        code: TIMESTAMP_IMPLAUSIBLE,
        name: "timestamp-implausible",
        category: Schema,
        severity: Warning,
        summary: "A `timestamp_t` is before 1990 or more than a day after the validator's clock.",
        doc: "Security events are not older than 1990, nor from the future: such a time is a placeholder (`0` for unknown), a clock that was never set, or a unit error this rule cannot name (see OCSF911 for those it can). An unknown time is left out rather than written as 0.",
        fail: base!(meta!(), r#", "actor": {"session": {"created_time": 0}}}"#),
        pass: base!(meta!(), r#", "actor": {"session": {"created_time": 1699990000000}}}"#),
    },
    RuleInfo {
        code: START_AFTER_END,
        name: "start-after-end",
        category: Schema,
        severity: Warning,
        summary: "`start_time` is after `end_time` in the same object.",
        doc: "An interval ends after it starts. Checked in the event and in every object that has both; the message gives both instants.",
        fail: base!(meta!(), r#", "start_time": 1700000005000, "end_time": 1700000000000}"#),
        pass: base!(meta!(), r#", "start_time": 1700000000000, "end_time": 1700000005000}"#),
    },
    RuleInfo {
        code: DURATION_MISMATCH,
        name: "duration-mismatch",
        category: Schema,
        severity: Warning,
        summary: "`duration` disagrees with `end_time` - `start_time`.",
        doc: "`duration` is milliseconds, and with `start_time` and `end_time` beside it, it is their difference. A difference of more than a second and more than 1% is reported (a duration in seconds is the usual cause).",
        fail: base!(meta!(), r#", "start_time": 1700000000000, "end_time": 1700000005000, "duration": 5}"#),
        pass: base!(meta!(), r#", "start_time": 1700000000000, "end_time": 1700000005000, "duration": 5000}"#),
    },
    RuleInfo {
        code: COUNT_ZERO,
        name: "count-zero",
        category: Schema,
        severity: Warning,
        summary: "`count` is 0.",
        doc: "`count` is how many times the event occurred in its aggregation window: an event that is reported occurred at least once. 0 is a placeholder; leave `count` out, or write 1.",
        fail: base!(meta!(), r#", "count": 0}"#),
        pass: base!(meta!(), r#", "count": 1}"#),
    },
];

/// 1990-01-01 and 2100-01-01, in seconds since the epoch: the window a security event's time
/// falls in, whatever unit it was written in.
const FROM_S: i64 = 631_152_000;
const UNTIL_S: i64 = 4_102_444_800;
const DAY_MS: i64 = 86_400_000;

/// 1990-01-01 in milliseconds: an earlier `timestamp_t` is implausible (OCSF912), a placeholder
/// rather than an instant. For tools that must not copy such values.
pub const PLAUSIBLE_FROM_MS: i64 = FROM_S * 1000;

/// The units a timestamp is mistakenly written in, each with its reading in milliseconds:
/// shared with the time family, which names the unit a `*_dt` twin agrees with.
/// A unit's name and its reading of a number in milliseconds (`None` on overflow).
pub(crate) type Unit = (&'static str, fn(i64) -> Option<i64>);

pub(crate) const OTHER_UNITS: [Unit; 3] = [
    ("seconds", |n| n.checked_mul(1000)),
    ("microseconds", |n| Some(n / 1000)),
    ("nanoseconds", |n| Some(n / 1_000_000)),
];

/// The unit a timestamp was written in when, read in milliseconds, it is implausible and,
/// read in that unit, falls between 1990 and 2100; with its reading in milliseconds.
fn unit_of(n: i64) -> Option<(&'static str, i64)> {
    OTHER_UNITS.into_iter().find_map(|(unit, to_ms)| {
        to_ms(n)
            .filter(|ms| (FROM_S * 1000..UNTIL_S * 1000).contains(ms))
            .map(|ms| (unit, ms))
    })
}

/// The unit a `timestamp_t` value `n` was written in, and its reading in milliseconds, when it
/// is one OCSF911 reports (`("seconds", 1649721732000)` for 1649721732); `None` for a value
/// that reads as milliseconds or as nothing plausible. For tools that rewrite such values.
pub fn timestamp_in_other_unit(n: i64) -> Option<(&'static str, i64)> {
    unit_of(n)
}

/// `n` written in `unit` (one [`timestamp_in_other_unit`] names: `"seconds"`, ...) in
/// milliseconds, for a timestamp or a duration; `None` for another unit or on overflow.
pub fn in_milliseconds(unit: &str, n: i64) -> Option<i64> {
    OTHER_UNITS
        .into_iter()
        .find(|(u, _)| *u == unit)
        .and_then(|(_, to_ms)| to_ms(n))
}

/// A `timestamp_t` value `n` (not negative: that is OCSF206), judged against the validator's
/// clock `now_ms`.
pub(crate) fn timestamp(cx: &mut ValueCtx<'_, '_, '_>, n: i64, now_ms: i64) {
    let name = cx.attr.name;
    let sp = cx.lazy_schema_path();
    if let Some((unit, ms)) = unit_of(n) {
        // The most frequent diagnostic on published events (about six per event): written
        // without `format!`.
        cx.out.report(TIMESTAMP_UNIT, &[], || {
            // At most 156 bytes besides the name (a 20-digit value, `microseconds`, two dates
            // of a five-digit year): one allocation, where 160 in all was outgrown by most.
            let mut m = String::with_capacity(160 + name.len());
            m.push('`');
            m.push_str(name);
            m.push_str("` is ");
            push_int(n, &mut m);
            m.push_str(": read as ");
            m.push_str(unit);
            m.push_str(" it is ");
            push_epoch_ms(ms, &mut m);
            m.push_str(", read as milliseconds (the unit of `timestamp_t`) ");
            push_epoch_ms(n, &mut m);
            let mut help = String::with_capacity(56);
            help.push_str("write ");
            push_int(ms, &mut help);
            help.push_str(" (milliseconds since the epoch)");
            Msg::new(m, sp(), Some(help))
        });
    } else if n < PLAUSIBLE_FROM_MS {
        cx.out.report(TIMESTAMP_IMPLAUSIBLE, &[], || {
            Msg::new(
                text!("`{name}` is {n}, {}: before 1990", format_epoch_ms(n)),
                sp(),
                Some("leave an unknown time out instead of writing 0".to_owned()),
            )
        });
    } else if n > now_ms.saturating_add(DAY_MS) {
        cx.out.report(TIMESTAMP_IMPLAUSIBLE, &[], || {
            Msg::new(
                text!(
                    "`{name}` is {n}, {}: more than a day after the validator's clock ({})",
                    format_epoch_ms(n),
                    format_epoch_ms(now_ms)
                ),
                sp(),
                None,
            )
        });
    }
}

/// `start_time`, `end_time`, `duration` and `count` of the object that ended.
pub(crate) fn object(cx: &mut ObjectEnd<'_, '_, '_>) {
    let info = cx.frame.info;
    let owner = cx.frame.owner;
    let (start, end) = (cx.int(info.start_time), cx.int(info.end_time));
    if let (Some(start), Some(end)) = (start, end) {
        if start > end {
            cx.out
                .report(START_AFTER_END, &[Tok::Key("start_time")], || {
                    Msg::new(
                        text!(
                            "`start_time` ({}) is after `end_time` ({})",
                            format_epoch_ms(start),
                            format_epoch_ms(end)
                        ),
                        Some(owner.attr_schema_path("start_time")),
                        None,
                    )
                });
        } else if let Some(duration) = cx.int(info.duration) {
            let span = end - start;
            let off = duration.abs_diff(span);
            if off > 1000 && off as f64 > span.max(duration).unsigned_abs() as f64 / 100.0 {
                cx.out.report(DURATION_MISMATCH, &[Tok::Key("duration")], || {
                    Msg::new(
                        text!(
                            "`duration` is {duration} ms, but `end_time` - `start_time` is {span} ms"
                        ),
                        Some(owner.attr_schema_path("duration")),
                        Some("`duration` is milliseconds".to_owned()),
                    )
                });
            }
        }
    }
    if cx.int(info.count) == Some(0) {
        cx.out.report(COUNT_ZERO, &[Tok::Key("count")], || {
            Msg::new(
                "`count` is 0: an event that is reported occurred at least once".to_owned(),
                Some(owner.attr_schema_path("count")),
                Some("leave `count` out, or write 1".to_owned()),
            )
        });
    }
}
