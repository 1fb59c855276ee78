//! Time (OCSF901): a `*_time` value (milliseconds since the epoch) and its `*_time_dt` twin
//! (RFC 3339 text) must name the same instant, judged when their object ends.

use super::context::{Msg, ObjectEnd};
use crate::diag::Category::Schema;
use crate::diag::RuleInfo;
use crate::diag::Severity::Warning;
use crate::facts::{EntryVal, Tok, SCALAR};
use crate::formats::parse_rfc3339;

pub const TIME_MISMATCH: &str = "OCSF901";

pub(crate) static RULES: [RuleInfo; 1] = [
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
];

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
        cx.out.report(TIME_MISMATCH, &[Tok::Key(dt)], || {
            Msg::new(
                format!("`{dt}` and `{ts}` differ by {} ms", diff.abs()),
                Some(owner.attr_schema_path(dt)),
                Some(format!(
                    "`{ts}` is milliseconds since the epoch; `{dt}` is the same instant in RFC 3339"
                )),
            )
        });
    }
}
