//! Amazon Security Lake (OCSFL101–108): what Security Lake requires of a custom source beyond
//! the schema. Its user guide ("Collecting data from custom sources") asks for Parquet objects,
//! one OCSF event class per source, objects under
//! `ext/<source>/region=<region>/accountId=<account>/eventDay=<YYYYMMDD>/`; Tenzir's
//! `to_amazon_security_lake` and Cribl's Security Lake destination write the same layout, one
//! class per file. The OCSF versions it accepts are those its sources are published in: 1.0.0-rc.2
//! (its "version 1" AWS sources) and 1.1.0 (version 2, and what custom sources are written in).
//!
//! These rules judge files, not one event, so the validator does not run them: a reader that
//! knows the files (the `ocsf-validate` command with `--security-lake`) makes a [`FileCheck`]
//! per file and hands it each event's [`Facts`]. The codes are registered like any other
//! ([`registry_rule`]) so that SARIF, policy files and docs/rules.md know them.

use serde::Deserialize;

use crate::diag::Category::Schema;
use crate::diag::Severity::Error;
use crate::diag::{Diagnostic, RuleInfo};
use crate::formats::{civil_from_days, days_in_month};
use crate::hooks::{Findings, Rule, StrValue};

pub const NOT_PARQUET: &str = "OCSFL101";
pub const MIXED_CLASSES: &str = "OCSFL102";
pub const PARTITION_LAYOUT: &str = "OCSFL103";
pub const REGION: &str = "OCSFL104";
pub const ACCOUNT_ID: &str = "OCSFL105";
pub const EVENT_DAY: &str = "OCSFL106";
pub const EVENT_DAY_MISMATCH: &str = "OCSFL107";
pub const VERSION: &str = "OCSFL108";

/// The OCSF versions Security Lake accepts: the versions of its two generations of sources
/// (user guide, "OCSF source identification").
pub const ACCEPTED_VERSIONS: [&str; 2] = ["1.0.0-rc.2", "1.1.0"];

/// The examples are a file's path on the first line, then its events as JSON lines.
pub static RULES: [RuleInfo; 8] = [
    RuleInfo {
        code: NOT_PARQUET,
        name: "lake-not-parquet",
        category: Schema,
        severity: Error,
        summary: "A file for Security Lake is not Parquet.",
        doc: "Security Lake reads each object of a custom source as Apache Parquet. JSON, JSON lines or gzip files under a source's prefix are not read; convert them (pyarrow, Spark, Tenzir, Cribl) before writing them. Reported on the file's first event.",
        fail: "ext/acme/region=us-east-1/accountId=123456789012/eventDay=20231114/events.jsonl\n{\"class_uid\": 3002, \"time\": 1700000000000, \"metadata\": {\"version\": \"1.1.0\"}}",
        pass: "ext/acme/region=us-east-1/accountId=123456789012/eventDay=20231114/events.parquet\n{\"class_uid\": 3002, \"time\": 1700000000000, \"metadata\": {\"version\": \"1.1.0\"}}",
    },
    RuleInfo {
        code: MIXED_CLASSES,
        name: "lake-mixed-classes",
        category: Schema,
        severity: Error,
        summary: "A file holds events of more than one OCSF class.",
        doc: "A custom source is registered for one OCSF event class, and every object it writes holds that class only (the Glue table of the source has that class's columns). Reported on each event whose `class_uid` differs from the file's first, naming both; write one file (and one source) per class.",
        fail: "ext/acme/region=us-east-1/accountId=123456789012/eventDay=20231114/events.parquet\n{\"class_uid\": 3002, \"time\": 1700000000000, \"metadata\": {\"version\": \"1.1.0\"}}\n{\"class_uid\": 4001, \"time\": 1700000000000, \"metadata\": {\"version\": \"1.1.0\"}}",
        pass: "ext/acme/region=us-east-1/accountId=123456789012/eventDay=20231114/events.parquet\n{\"class_uid\": 3002, \"time\": 1700000000000, \"metadata\": {\"version\": \"1.1.0\"}}\n{\"class_uid\": 3002, \"time\": 1700000000000, \"metadata\": {\"version\": \"1.1.0\"}}",
    },
    RuleInfo {
        code: PARTITION_LAYOUT,
        name: "lake-partition-layout",
        category: Schema,
        severity: Error,
        summary: "A path with Security Lake partitions is not `ext/<source>/region=…/accountId=…/eventDay=…/<file>`.",
        doc: "Security Lake's Glue crawler finds a custom source's objects under `ext/<source>/region=<region>/accountId=<account>/eventDay=<YYYYMMDD>/`, the three partitions in that order, each once, the object directly in `eventDay=`. Judged only on paths that have one of those partitions; a path without any is not a lake path and is not judged.",
        fail: "ext/acme/accountId=123456789012/region=us-east-1/eventDay=20231114/events.parquet\n{\"class_uid\": 3002, \"time\": 1700000000000, \"metadata\": {\"version\": \"1.1.0\"}}",
        pass: "ext/acme/region=us-east-1/accountId=123456789012/eventDay=20231114/events.parquet\n{\"class_uid\": 3002, \"time\": 1700000000000, \"metadata\": {\"version\": \"1.1.0\"}}",
    },
    RuleInfo {
        code: REGION,
        name: "lake-region",
        category: Schema,
        severity: Error,
        summary: "The `region=` partition is not an AWS Region code.",
        doc: "The region partition is the code of the AWS Region the data belongs to (`us-east-1`, `eu-central-2`, `us-gov-west-1`): lowercase words joined by hyphens, ending in a number. A Region's name (`US East`), an availability zone (`us-east-1a`) or an uppercase code is not found by queries that filter on the region.",
        fail: "ext/acme/region=US-East-1/accountId=123456789012/eventDay=20231114/events.parquet\n{\"class_uid\": 3002, \"time\": 1700000000000, \"metadata\": {\"version\": \"1.1.0\"}}",
        pass: "ext/acme/region=us-east-1/accountId=123456789012/eventDay=20231114/events.parquet\n{\"class_uid\": 3002, \"time\": 1700000000000, \"metadata\": {\"version\": \"1.1.0\"}}",
    },
    RuleInfo {
        code: ACCOUNT_ID,
        name: "lake-account-id",
        category: Schema,
        severity: Error,
        summary: "The `accountId=` partition is not a 12-digit AWS account ID.",
        doc: "The account partition is the 12-digit ID of the AWS account the data belongs to, leading zeros kept. An ID that lost its leading zeros (written as a number), or an account alias, is reported.",
        fail: "ext/acme/region=us-east-1/accountId=23456789012/eventDay=20231114/events.parquet\n{\"class_uid\": 3002, \"time\": 1700000000000, \"metadata\": {\"version\": \"1.1.0\"}}",
        pass: "ext/acme/region=us-east-1/accountId=023456789012/eventDay=20231114/events.parquet\n{\"class_uid\": 3002, \"time\": 1700000000000, \"metadata\": {\"version\": \"1.1.0\"}}",
    },
    RuleInfo {
        code: EVENT_DAY,
        name: "lake-event-day",
        category: Schema,
        severity: Error,
        summary: "The `eventDay=` partition is not a date written `YYYYMMDD`.",
        doc: "The day partition is the UTC day of the events, eight digits with no separators (`20231114`). `2023-11-14`, `2023111` or a day that does not exist (`20230229`) is reported.",
        fail: "ext/acme/region=us-east-1/accountId=123456789012/eventDay=2023-11-14/events.parquet\n{\"class_uid\": 3002, \"time\": 1700000000000, \"metadata\": {\"version\": \"1.1.0\"}}",
        pass: "ext/acme/region=us-east-1/accountId=123456789012/eventDay=20231114/events.parquet\n{\"class_uid\": 3002, \"time\": 1700000000000, \"metadata\": {\"version\": \"1.1.0\"}}",
    },
    RuleInfo {
        code: EVENT_DAY_MISMATCH,
        name: "lake-event-day-mismatch",
        category: Schema,
        severity: Error,
        summary: "An event's `time` is not on the day of its file's `eventDay=` partition.",
        doc: "Queries select a day by its partition: an event filed under another day than its `time` (read in UTC) is missed by them. Reported on each such event, with both days. A time in local time, or a file cut at local midnight, is the usual cause.",
        fail: "ext/acme/region=us-east-1/accountId=123456789012/eventDay=20231115/events.parquet\n{\"class_uid\": 3002, \"time\": 1700000000000, \"metadata\": {\"version\": \"1.1.0\"}}",
        pass: "ext/acme/region=us-east-1/accountId=123456789012/eventDay=20231114/events.parquet\n{\"class_uid\": 3002, \"time\": 1700000000000, \"metadata\": {\"version\": \"1.1.0\"}}",
    },
    RuleInfo {
        code: VERSION,
        name: "lake-version",
        category: Schema,
        severity: Error,
        summary: "`metadata.version` is not an OCSF version Security Lake accepts (1.0.0-rc.2, 1.1.0).",
        doc: "Security Lake's tables are those of OCSF 1.0.0-rc.2 and 1.1.0, the versions of its sources. An event of another version may be valid OCSF and still have columns the tables do not know (or miss columns they require): write 1.1.0 for a custom source. A missing version is reported too.",
        fail: "ext/acme/region=us-east-1/accountId=123456789012/eventDay=20231114/events.parquet\n{\"class_uid\": 3002, \"time\": 1700000000000, \"metadata\": {\"version\": \"1.6.0\"}}",
        pass: "ext/acme/region=us-east-1/accountId=123456789012/eventDay=20231114/events.parquet\n{\"class_uid\": 3002, \"time\": 1700000000000, \"metadata\": {\"version\": \"1.1.0\"}}",
    },
];

/// A rule that only registers the Security Lake codes (for SARIF, policy files and docs): it
/// judges no value. Add it to a validator whose diagnostics a [`FileCheck`] joins.
pub fn registry_rule() -> Box<dyn Rule> {
    Box::new(Registry)
}

struct Registry;

impl Rule for Registry {
    fn infos(&self) -> &'static [RuleInfo] {
        &RULES
    }

    fn check_str(&self, _value: &StrValue<'_>, _findings: &mut Findings<'_>) {}

    fn is_active(&self) -> bool {
        false
    }
}

/// What the Security Lake rules read of an event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub class_uid: Option<i64>,
    pub time: Option<i64>,
    pub version: Option<String>,
}

#[derive(Deserialize)]
struct RawFacts {
    class_uid: Option<serde_json::Value>,
    time: Option<serde_json::Value>,
    metadata: Option<RawMetadata>,
}

#[derive(Deserialize)]
struct RawMetadata {
    version: Option<serde_json::Value>,
}

impl Facts {
    /// The facts of an event's bytes; `None` when they are no JSON object (the validator
    /// reports that). Values of the wrong type are left out: the schema rules report them.
    pub fn of(event: &[u8]) -> Option<Facts> {
        let raw: RawFacts = serde_json::from_slice(event).ok()?;
        Some(Facts {
            class_uid: raw.class_uid.and_then(|v| v.as_i64()),
            time: raw.time.and_then(|v| v.as_i64()),
            version: raw
                .metadata
                .and_then(|m| m.version)
                .and_then(|v| v.as_str().map(str::to_owned)),
        })
    }
}

/// A civil date: year, month (1-12), day (1-31).
pub type Day = (i64, i64, i64);

/// The partitions of a lake path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    pub source: Option<String>,
    pub region: Option<String>,
    pub account_id: Option<String>,
    /// The `eventDay=` text, and the day it names when it is a valid `YYYYMMDD`.
    pub event_day: Option<(String, Option<Day>)>,
}

/// The Security Lake rules for one file: made from its path, then handed its events in order.
#[derive(Debug)]
pub struct FileCheck {
    partition: Option<Partition>,
    /// The first event's class and index.
    class: Option<(i64, usize)>,
    /// Diagnostics of the file itself, reported with its first event.
    pending: Vec<Diagnostic>,
}

fn diag(code: &'static str, message: String, pointer: &str, help: Option<String>) -> Diagnostic {
    Diagnostic {
        code,
        severity: Error,
        category: Schema,
        message,
        pointer: pointer.to_owned(),
        schema_path: None,
        help,
        position: None,
        schema_version: None,
    }
}

const KEYS: [&str; 3] = ["region=", "accountId=", "eventDay="];

impl FileCheck {
    /// The checks of a file at `path` (`/`-separated; absolute, so that the partitions above
    /// the working directory are seen), which is Parquet or not.
    pub fn new(path: &str, is_parquet: bool) -> FileCheck {
        let mut pending = Vec::new();
        if !is_parquet {
            pending.push(diag(
                NOT_PARQUET,
                format!(
                    "`{}` is not Parquet: Security Lake reads Parquet objects only",
                    file_name(path)
                ),
                "",
                Some("write the events as Parquet (pyarrow, Spark, Tenzir, Cribl)".into()),
            ));
        }
        let partition = check_path(path, &mut pending);
        FileCheck {
            partition,
            class: None,
            pending,
        }
    }

    /// The partitions the path has, if it is a lake path.
    pub fn partition(&self) -> Option<&Partition> {
        self.partition.as_ref()
    }

    /// The diagnostics of event `index` of the file (the file's own with its first event).
    pub fn event(&mut self, index: usize, facts: Option<&Facts>) -> Vec<Diagnostic> {
        let mut out = std::mem::take(&mut self.pending);
        let Some(facts) = facts else {
            return out;
        };
        if let Some(class) = facts.class_uid {
            match self.class {
                None => self.class = Some((class, index)),
                Some((first, at)) if first != class => out.push(diag(
                    MIXED_CLASSES,
                    format!("`class_uid` is {class}, but the file's first event (index {at}) is of class {first}: a Security Lake file holds one class"),
                    "/class_uid",
                    Some("write one file, and one custom source, per OCSF class".into()),
                )),
                Some(_) => {}
            }
        }
        match facts.version.as_deref() {
            Some(v) if ACCEPTED_VERSIONS.contains(&v) => {}
            found => out.push(diag(
                VERSION,
                match found {
                    Some(v) => format!(
                        "`metadata.version` is \"{v}\": Security Lake accepts OCSF {}",
                        ACCEPTED_VERSIONS.join(" and ")
                    ),
                    None => format!(
                        "`metadata.version` is missing: Security Lake accepts OCSF {}",
                        ACCEPTED_VERSIONS.join(" and ")
                    ),
                },
                "/metadata/version",
                Some("write the events in OCSF 1.1.0".into()),
            )),
        }
        let day = self
            .partition
            .as_ref()
            .and_then(|p| p.event_day.as_ref())
            .and_then(|(text, day)| day.map(|d| (text, d)));
        if let (Some((text, day)), Some(time)) = (day, facts.time) {
            let (y, m, d) = civil_from_days(time.div_euclid(86_400_000));
            if (y, m, d) != day {
                out.push(diag(
                    EVENT_DAY_MISMATCH,
                    format!("`time` {time} is on {y:04}{m:02}{d:02} (UTC), but the file is under eventDay={text}"),
                    "/time",
                    Some("file each event under the UTC day of its `time`".into()),
                ));
            }
        }
        out
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The partitions of `path`, with the diagnostics of its layout and values; `None` when the
/// path has no Security Lake partition.
fn check_path(path: &str, out: &mut Vec<Diagnostic>) -> Option<Partition> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let dirs = &segments[..segments.len().saturating_sub(1)];
    let at = |key: &str| dirs.iter().rposition(|s| s.starts_with(key));
    if KEYS.iter().all(|k| at(k).is_none()) {
        return None;
    }
    let value = |key: &str| at(key).map(|i| dirs[i][key.len()..].to_owned());
    let n = dirs.len();
    let layout_ok = n >= 5
        && dirs[n - 5] == "ext"
        && dirs[n - 3].starts_with(KEYS[0])
        && dirs[n - 2].starts_with(KEYS[1])
        && dirs[n - 1].starts_with(KEYS[2])
        && KEYS
            .iter()
            .all(|k| dirs.iter().filter(|s| s.starts_with(k)).count() == 1);
    if !layout_ok {
        let found: Vec<&str> = dirs
            .iter()
            .copied()
            .skip_while(|s| *s != "ext" && !KEYS.iter().any(|k| s.starts_with(k)))
            .collect();
        out.push(diag(
            PARTITION_LAYOUT,
            format!(
                "the path's partitions are `{}/`, not `ext/<source>/region=<region>/accountId=<account>/eventDay=<YYYYMMDD>/`",
                found.join("/")
            ),
            "",
            Some("write each object directly under ext/<source>/region=…/accountId=…/eventDay=…/".into()),
        ));
    }
    let region = value(KEYS[0]);
    if let Some(r) = region.as_deref().filter(|r| !is_region(r)) {
        out.push(diag(
            REGION,
            format!("region=`{r}` is not an AWS Region code such as us-east-1"),
            "",
            None,
        ));
    }
    let account_id = value(KEYS[1]);
    if let Some(a) = account_id
        .as_deref()
        .filter(|a| a.len() != 12 || !a.bytes().all(|b| b.is_ascii_digit()))
    {
        out.push(diag(
            ACCOUNT_ID,
            format!("accountId=`{a}` is not a 12-digit AWS account ID"),
            "",
            None,
        ));
    }
    let event_day = value(KEYS[2]).map(|text| {
        let day = parse_day(&text);
        if day.is_none() {
            out.push(diag(
                EVENT_DAY,
                format!("eventDay=`{text}` is not a date written YYYYMMDD"),
                "",
                None,
            ));
        }
        (text, day)
    });
    Some(Partition {
        source: layout_ok.then(|| dirs[n - 4].to_owned()),
        region,
        account_id,
        event_day,
    })
}

/// `us-east-1`, `eu-central-2`, `us-gov-west-1`, `ap-southeast-5`: lowercase words joined by
/// hyphens, at least two, then a number.
fn is_region(r: &str) -> bool {
    let parts: Vec<&str> = r.split('-').collect();
    let Some((number, words)) = parts.split_last() else {
        return false;
    };
    words.len() >= 2
        && words
            .iter()
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
        && !number.is_empty()
        && number.len() <= 2
        && number.bytes().all(|b| b.is_ascii_digit())
}

fn parse_day(text: &str) -> Option<Day> {
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i64 = text[..4].parse().ok()?;
    let m: i64 = text[4..6].parse().ok()?;
    let d: i64 = text[6..].parse().ok()?;
    ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)).then_some((y, m, d))
}
