//! Time (OCSF901–902): a `*_time` value (milliseconds since the epoch) and its `*_time_dt`
//! twin (RFC 3339 text) must name the same instant, judged when their object ends; when they
//! agree only with the number read in another unit, that is said instead (OCSF902).

use super::context::{Msg, ObjectEnd};
use crate::diag::Category::Schema;
use crate::diag::RuleInfo;
use crate::diag::Severity::Warning;
use crate::facts::{EntryVal, Tok, SCALAR};
use crate::formats::parse_rfc3339;

pub const TIME_MISMATCH: &str = "OCSF901";
pub const TIME_OTHER_UNIT: &str = "OCSF902";

pub(crate) static RULES: [RuleInfo; 2] = [
    RuleInfo {
        code: TIME_MISMATCH,
        name: "time-dt-mismatch",
        category: Schema,
        severity: Warning,
        summary: "A `*_time` value and its `*_time_dt` twin name different instants.",
        doc: "`time` is milliseconds since the epoch and `time_dt` the same instant as RFC 3339 text; the two must agree to the millisecond (sub-millisecond digits are ignored). Checked in the event and in every object that has both.",
        fail: base!(meta!(r#""profiles": ["datetime"]"#), r#", "time_dt": "2024-01-01T00:00:00Z"}"#),
        pass: base!(meta!(r#""profiles": ["datetime"]"#), r#", "time_dt": "2023-11-14T22:13:20.000Z"}"#),
    },
    RuleInfo {
        code: TIME_OTHER_UNIT,
        name: "time-dt-other-unit",
        category: Schema,
        severity: Warning,
        summary: "A `*_time_dt` names the instant of its `*_time` read in seconds, microseconds or nanoseconds.",
        doc: "The two agree once the number is read in another unit than milliseconds: the text is right and the number was written in the wrong unit (reported instead of OCSF901).",
        fail: r#"{"class_uid": 0, "category_uid": 0, "activity_id": 0, "type_uid": 0, "severity_id": 1, "time": 1700000000, "time_dt": "2023-11-14T22:13:20Z", "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}, "profiles": ["datetime"]}}"#,
        pass: r#"{"class_uid": 0, "category_uid": 0, "activity_id": 0, "type_uid": 0, "severity_id": 1, "time": 1700000000000, "time_dt": "2023-11-14T22:13:20Z", "metadata": {"version": "1.6.0", "product": {"name": "Sensor", "vendor_name": "Acme"}, "profiles": ["datetime"]}}"#,
    },
];

/// Whether the timestamp `ts` (milliseconds) agrees with a `*_dt` text read as `dt` with
/// `precision` ([`crate::parse_rfc3339`]). The text may be less precise than the timestamp
/// (whole seconds are common): `ts` must fall inside the interval the text names. One extra
/// millisecond allows `ts` to have rounded sub-millisecond digits instead of cutting them.
/// For tools that rewrite `*_dt` values (OCSF901 reports the pairs that do not agree).
pub fn datetime_agrees(ts: i64, dt: i64, precision: i64) -> bool {
    ts >= dt - 1 && ts <= dt + precision
}

/// The unit `ts` was written in if, read in it, `ts` falls inside the interval the text names.
fn other_unit(ts: i64, dt: i64, precision: i64) -> Option<&'static str> {
    super::plausibility::OTHER_UNITS
        .into_iter()
        .find_map(|(unit, to_ms)| {
            to_ms(ts)
                .filter(|&ms| datetime_agrees(ms, dt, precision))
                .map(|_| unit)
        })
}

pub(crate) fn pairs(cx: &mut ObjectEnd<'_, '_, '_>) {
    let owner = cx.frame.owner;
    let attrs = owner.attributes();
    let mut bad = Vec::new();
    for &(ts_idx, dt_idx) in &cx.frame.info.dt_pairs {
        let ts = cx.int(Some(ts_idx));
        let dt = cx.entries.iter().find_map(|e| match &e.val {
            EntryVal::Str(s) if e.attr == dt_idx && e.index == SCALAR => parse_rfc3339(s),
            _ => None,
        });
        if let (Some(ts), Some((dt, precision))) = (ts, dt) {
            if !datetime_agrees(ts, dt, precision) {
                bad.push((ts_idx, dt_idx, ts - dt, other_unit(ts, dt, precision)));
            }
        }
    }
    for (ts_idx, dt_idx, diff, unit) in bad {
        let (ts, dt) = (attrs[ts_idx as usize].name, attrs[dt_idx as usize].name);
        if let Some(unit) = unit {
            cx.out.report(TIME_OTHER_UNIT, &[Tok::Key(ts)], || {
                Msg::new(
                    text!("`{dt}` is the instant of `{ts}` read as {unit}, not milliseconds"),
                    Some(owner.attr_schema_path(ts)),
                    Some(text!("write `{ts}` in milliseconds since the epoch")),
                )
            });
            continue;
        }
        cx.out.report(TIME_MISMATCH, &[Tok::Key(dt)], || {
            Msg::new(
                text!("`{dt}` and `{ts}` differ by {} ms", diff.abs()),
                Some(owner.attr_schema_path(dt)),
                Some(text!(
                    "`{ts}` is milliseconds since the epoch; `{dt}` is the same instant in RFC 3339"
                )),
            )
        });
    }
}
