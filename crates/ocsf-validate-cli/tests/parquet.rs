//! Parquet input: files and directories written here with the parquet crate (and with pyarrow
//! where it installs), in Security Lake's column conventions; each finding named by its row in
//! every format; corrupt and truncated files as input errors naming the file.

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use arrow_array::builder::{MapBuilder, StringBuilder};
use arrow_array::{
    Array, ArrayRef, Int32Array, Int64Array, RecordBatch, StringArray, StructArray,
    TimestampMillisecondArray,
};
use arrow_schema::{DataType, Field};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

/// 2023-11-14T22:13:20Z, in milliseconds: day 20231114.
const TIME: i64 = 1_700_000_000_000;

/// `n` events of class 0 in Security Lake's conventions (`time` a timestamp in ms, UTC;
/// `metadata` and its `product` structs; `unmapped` a map of strings); the rows in `bad` have
/// a `severity_id` the schema does not know.
fn events(n: usize, bad: &[usize], version: &str) -> RecordBatch {
    let int = |v: i32| Arc::new(Int32Array::from(vec![v; n])) as ArrayRef;
    let severity: Vec<i32> = (0..n)
        .map(|i| if bad.contains(&i) { 42 } else { 1 })
        .collect();
    let text = |f: &str, v: &str| {
        (
            Arc::new(Field::new(f, DataType::Utf8, true)),
            Arc::new(StringArray::from(vec![v; n])) as ArrayRef,
        )
    };
    let product = StructArray::from(vec![text("name", "Sensor"), text("vendor_name", "Acme")]);
    let metadata = StructArray::from(vec![
        text("version", version),
        (
            Arc::new(Field::new("product", product.data_type().clone(), true)),
            Arc::new(product) as ArrayRef,
        ),
    ]);
    let mut unmapped = MapBuilder::new(None, StringBuilder::new(), StringBuilder::new());
    for i in 0..n {
        unmapped.keys().append_value("raw_id");
        unmapped.values().append_value(i.to_string());
        unmapped.append(true).expect("one key, one value");
    }
    RecordBatch::try_from_iter(vec![
        ("class_uid", int(0)),
        ("category_uid", int(0)),
        ("activity_id", int(0)),
        (
            "type_uid",
            Arc::new(Int64Array::from(vec![0; n])) as ArrayRef,
        ),
        ("severity_id", Arc::new(Int32Array::from(severity))),
        (
            "time",
            Arc::new(TimestampMillisecondArray::from(vec![TIME; n]).with_timezone("UTC")),
        ),
        ("metadata", Arc::new(metadata)),
        ("unmapped", Arc::new(unmapped.finish())),
    ])
    .expect("columns of one length")
}

/// The same events as JSON lines.
fn events_jsonl(n: usize, bad: &[usize], version: &str) -> String {
    (0..n)
        .map(|i| {
            let sev = if bad.contains(&i) { 42 } else { 1 };
            format!(
                r#"{{"class_uid":0,"category_uid":0,"activity_id":0,"type_uid":0,"severity_id":{sev},"time":{TIME},"metadata":{{"version":"{version}","product":{{"name":"Sensor","vendor_name":"Acme"}}}},"unmapped":{{"raw_id":"{i}"}}}}"#
            ) + "\n"
        })
        .collect()
}

/// Writes `batch` to `path` in row groups of `group` rows.
fn write_parquet(path: &Path, batch: &RecordBatch, group: usize) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("a writable temporary directory");
    }
    let props = WriterProperties::builder()
        .set_max_row_group_row_count(Some(group))
        .set_compression(Compression::SNAPPY)
        .build();
    let file = std::fs::File::create(path).expect("a writable temporary directory");
    let mut w = ArrowWriter::try_new(file, batch.schema(), Some(props)).expect("a writable schema");
    w.write(batch).expect("rows of the schema");
    w.close().expect("the file closes");
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ocsf-validate"))
        .current_dir(dir)
        .arg("--no-config")
        .args(args)
        .output()
        .expect("the command runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// (row or line-derived index, code, pointer) of each JSON diagnostic, and the summary line.
fn findings(o: &Output) -> (Vec<(u64, String, String)>, serde_json::Value) {
    let mut found = Vec::new();
    let mut summary = serde_json::Value::Null;
    for line in text(&o.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON lines");
        if v.get("summary").is_some() {
            summary = v["summary"].clone();
            continue;
        }
        found.push((
            v["index"].as_u64().expect("an index"),
            v["code"].as_str().unwrap_or_default().to_owned(),
            v["pointer"].as_str().unwrap_or_default().to_owned(),
        ));
    }
    (found, summary)
}

#[test]
fn rows_are_judged_as_the_same_events_in_json_lines_are() {
    let t = tempfile::tempdir().expect("a temporary directory");
    let bad = [1, 2_500];
    // Three row groups and more rows than one record batch: rows are counted across both.
    write_parquet(
        &t.path().join("events.parquet"),
        &events(3_000, &bad, "1.6.0"),
        1_000,
    );
    std::fs::write(
        t.path().join("events.jsonl"),
        events_jsonl(3_000, &bad, "1.6.0"),
    )
    .expect("a writable temporary directory");

    let parquet = run(t.path(), &["--format", "json", "events.parquet"]);
    let jsonl = run(t.path(), &["--format", "json", "events.jsonl"]);
    assert_eq!(parquet.status.code(), Some(1), "{}", text(&parquet.stderr));
    let (from_parquet, summary) = findings(&parquet);
    let (from_jsonl, _) = findings(&jsonl);
    assert!(!from_parquet.is_empty());
    assert_eq!(from_parquet, from_jsonl);
    assert_eq!(summary["events"], 3_000);
    assert!(from_parquet
        .iter()
        .all(|(i, ..)| bad.contains(&(*i as usize))));

    // A row, not a line: `row` is the 0-based row of the file.
    let first: serde_json::Value =
        serde_json::from_str(text(&parquet.stdout).lines().next().expect("a finding"))
            .expect("JSON");
    assert_eq!(first["file"], "events.parquet");
    assert_eq!(first["row"], 1);
    assert!(first.get("line").is_none(), "{first}");
}

#[test]
fn every_format_names_the_row() {
    let t = tempfile::tempdir().expect("a temporary directory");
    write_parquet(
        &t.path().join("lake/e.parquet"),
        &events(3, &[2], "1.6.0"),
        2,
    );
    let out = |format: &str| text(&run(t.path(), &["--format", format, "lake"]).stdout);

    let human = out("human");
    assert!(
        human.contains("lake/e.parquet:row 2: /severity_id: OCSF"),
        "{human}"
    );
    // No excerpt: the row has no text in the file to quote.
    assert!(!human.contains(" | "), "{human}");

    let github = out("github");
    assert!(
        github.contains("::error file=lake/e.parquet,title=OCSF"),
        "{github}"
    );
    assert!(github.contains("::row 2: /severity_id: "), "{github}");

    let sarif: serde_json::Value = serde_json::from_str(&out("sarif")).expect("SARIF is JSON");
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["properties"]["row"], 2);
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        1
    );
    assert!(result["message"]["text"]
        .as_str()
        .is_some_and(|m| m.starts_with("row 2: ")));

    let junit = out("junit");
    assert!(junit.contains(r#"<testcase name="event 2, row 2" classname="lake/e.parquet" file="lake/e.parquet" time="0">"#), "{junit}");
    assert!(
        junit.contains("lake/e.parquet:row 2: /severity_id: OCSF"),
        "{junit}"
    );

    let gitlab: serde_json::Value = serde_json::from_str(&out("gitlab")).expect("JSON");
    assert_eq!(gitlab[0]["location"]["lines"]["begin"], 1);
    assert!(gitlab[0]["description"]
        .as_str()
        .is_some_and(|d| d.starts_with("row 2: ")));
}

#[test]
fn parquet_is_known_by_its_magic_without_the_extension() {
    let t = tempfile::tempdir().expect("a temporary directory");
    write_parquet(&t.path().join("part-00000"), &events(2, &[0], "1.6.0"), 10);
    let o = run(t.path(), &["--format", "json", "part-00000"]);
    let (found, summary) = findings(&o);
    assert_eq!(summary["events"], 2, "{}", text(&o.stderr));
    assert!(found.iter().all(|(i, ..)| *i == 0) && !found.is_empty());

    // From a stream it cannot be read (its footer is at the end): said, not misread as JSON.
    let bytes = std::fs::read(t.path().join("part-00000")).expect("written above");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ocsf-validate"))
        .args(["--no-config", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the command runs");
    use std::io::Write as _;
    let _ = child.stdin.take().expect("piped").write_all(&bytes);
    let o = child.wait_with_output().expect("it ends");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("Parquet"), "{}", text(&o.stderr));
}

#[test]
fn truncated_and_corrupt_files_are_input_errors_naming_the_file() {
    let t = tempfile::tempdir().expect("a temporary directory");
    let good = t.path().join("good.parquet");
    write_parquet(&good, &events(200, &[], "1.6.0"), 50);
    let bytes = std::fs::read(&good).expect("written above");
    let mut cases: Vec<(String, Vec<u8>)> = Vec::new();
    for cut in [
        0,
        3,
        4,
        100,
        bytes.len() / 2,
        bytes.len() - 9,
        bytes.len() - 1,
    ] {
        cases.push((format!("cut-{cut}.parquet"), bytes[..cut].to_vec()));
    }
    // Bytes changed in the pages, the footer's length and the footer itself.
    for at in [
        60,
        bytes.len() / 3,
        bytes.len() - 8,
        bytes.len() - 40,
        bytes.len() - 200,
    ] {
        let mut b = bytes.clone();
        for x in &mut b[at..at + 4] {
            *x = !*x;
        }
        cases.push((format!("flip-{at}.parquet"), b));
    }
    for (name, b) in &cases {
        std::fs::write(t.path().join(name), b).expect("a writable temporary directory");
        let o = run(t.path(), &["--format", "json", name]);
        let err = text(&o.stderr);
        assert!(!err.contains("panicked"), "{name}: {err}");
        // Either the damage is found (an input error naming the file), or it fell where the
        // reader cannot see it (a value changed: the events are then judged as they read).
        match o.status.code() {
            Some(2) => assert!(err.contains(name.as_str()), "{name}: {err}"),
            Some(0 | 1) => assert!(
                name.starts_with("flip"),
                "{name}: a cut file was read whole"
            ),
            code => panic!("{name}: exit {code:?}: {err}"),
        }
    }
}

#[test]
fn directories_of_parquet_and_json_are_read_together() {
    let t = tempfile::tempdir().expect("a temporary directory");
    write_parquet(&t.path().join("d/a.parquet"), &events(2, &[], "1.6.0"), 10);
    write_parquet(
        &t.path().join("d/sub/b.snappy.parquet"),
        &events(3, &[], "1.6.0"),
        10,
    );
    std::fs::write(t.path().join("d/c.jsonl"), events_jsonl(1, &[], "1.6.0"))
        .expect("a writable temporary directory");
    std::fs::write(t.path().join("d/_SUCCESS"), "").expect("a writable temporary directory");
    let o = run(t.path(), &["--format", "json", "d"]);
    let (found, summary) = findings(&o);
    assert_eq!(o.status.code(), Some(0), "{found:?} {}", text(&o.stderr));
    assert_eq!(summary["events"], 6);
    assert_eq!(summary["files"], 3);
}

#[test]
fn a_row_past_the_event_bound_is_reported_and_skipped() {
    let t = tempfile::tempdir().expect("a temporary directory");
    write_parquet(&t.path().join("e.parquet"), &events(2, &[], "1.6.0"), 10);
    let o = run(
        t.path(),
        &["--format", "json", "--max-event-bytes", "100", "e.parquet"],
    );
    let (found, summary) = findings(&o);
    assert_eq!(summary["events"], 2);
    assert_eq!(
        found.iter().filter(|f| f.1 == "OCSF004").count(),
        2,
        "{found:?}"
    );
}

/// pyarrow writes what Security Lake's own pipeline and most custom sources write: a
/// partitioned dataset with `timestamp[ms, tz=UTC]` times, nested structs, a
/// `map<string, string>` `unmapped`, lists of structs, dictionary-encoded strings and
/// `*_dt` timestamps.
#[test]
fn pyarrow_security_lake_files() {
    let Some(python) = common::tools::python_with(&[common::tools::PYARROW]) else {
        return;
    };
    let t = tempfile::tempdir().expect("a temporary directory");
    let script = t.path().join("write.py");
    std::fs::write(&script, PYARROW_WRITER).expect("a writable temporary directory");
    let o = Command::new(&python)
        .arg(&script)
        .arg(t.path().join("lake"))
        .output()
        .expect("python runs");
    assert!(o.status.success(), "{}", text(&o.stderr));

    let o = run(t.path(), &["--format", "json", "lake"]);
    let (found, summary) = findings(&o);
    assert_eq!(summary["events"], 4, "{}", text(&o.stderr));
    // Row 1 of the file has a `*_dt` that names another instant than its `*_time`.
    assert_eq!(
        found
            .iter()
            .map(|(i, c, p)| (*i, c.as_str(), p.as_str()))
            .collect::<Vec<_>>(),
        vec![(1, "OCSF901", "/start_time_dt")],
        "{}",
        text(&o.stdout)
    );
    let first: serde_json::Value =
        serde_json::from_str(text(&o.stdout).lines().next().expect("a finding")).expect("JSON");
    assert!(
        first["file"].as_str().is_some_and(|f| f.starts_with(
            "lake/ext/acme/region=us-east-1/accountId=123456789012/eventDay=20231114/"
        )),
        "{first}"
    );
}

const PYARROW_WRITER: &str = r#"
import sys
import pyarrow as pa
import pyarrow.parquet as pq

T = 1_700_000_000_000
ts = pa.timestamp("ms", tz="UTC")
product = pa.struct([("name", pa.string()), ("vendor_name", pa.string())])
schema = pa.schema([
    ("class_uid", pa.int32()), ("category_uid", pa.int32()), ("activity_id", pa.int32()),
    ("type_uid", pa.int64()), ("severity_id", pa.int32()),
    ("time", ts), ("start_time", ts), ("start_time_dt", ts),
    ("metadata", pa.struct([("version", pa.string()), ("product", product),
                            ("labels", pa.list_(pa.dictionary(pa.int8(), pa.string()))),
                            ("profiles", pa.list_(pa.string()))])),
    ("observables", pa.list_(pa.struct([("name", pa.string()), ("type_id", pa.int32()),
                                        ("value", pa.string())]))),
    ("unmapped", pa.map_(pa.string(), pa.string())),
    ("region", pa.string()), ("accountId", pa.string()), ("eventDay", pa.string()),
])
rows = []
for i in range(4):
    rows.append({
        "class_uid": 0, "category_uid": 0, "activity_id": 0, "type_uid": 0, "severity_id": 1,
        "time": T + i, "start_time": T,
        # Row 1: its `_dt` is an hour off its `start_time`.
        "start_time_dt": T + (3_600_000 if i == 1 else 0),
        "metadata": {"version": "1.1.0", "product": {"name": "Sensor", "vendor_name": "Acme"},
                     "labels": ["a", "b"] if i % 2 else None, "profiles": ["datetime"]},
        "observables": [{"name": "metadata.product.name", "type_id": 0, "value": "Sensor"}],
        "unmapped": [("raw", str(i))],
        "region": "us-east-1", "accountId": "123456789012", "eventDay": "20231114",
    })
table = pa.Table.from_pylist(rows, schema=schema)
pq.write_to_dataset(table, root_path=sys.argv[1] + "/ext/acme",
                    partition_cols=["region", "accountId", "eventDay"],
                    row_group_size=3, compression="zstd")
"#;

#[test]
fn security_lake_rules_judge_files_paths_and_days() {
    let t = tempfile::tempdir().expect("a temporary directory");
    let part = "ext/acme/region=us-east-1/accountId=123456789012";
    write_parquet(
        &t.path()
            .join(format!("{part}/eventDay=20231114/good.parquet")),
        &events(3, &[], "1.1.0"),
        10,
    );
    let good = run(t.path(), &["--security-lake", "--format", "json", "ext"]);
    let (found, summary) = findings(&good);
    assert_eq!(
        good.status.code(),
        Some(0),
        "{found:?} {}",
        text(&good.stderr)
    );
    assert_eq!(summary["events"], 3);
    // Without the flag, the same tree is only judged by the schema.
    write_parquet(
        &t.path()
            .join("ext/acme/region=US/accountId=1234/eventDay=20231115/bad.parquet"),
        &events(2, &[], "1.6.0"),
        10,
    );
    std::fs::write(
        t.path()
            .join(format!("{part}/eventDay=20231114/mixed.jsonl")),
        events_jsonl(1, &[], "1.1.0")
            + &events_jsonl(1, &[], "1.1.0").replace(r#""class_uid":0"#, r#""class_uid":1001"#),
    )
    .expect("a writable temporary directory");
    assert_eq!(
        run(t.path(), &["--format", "json", "ext/acme/region=US"])
            .status
            .code(),
        Some(0)
    );

    let o = run(t.path(), &["--security-lake", "--format", "json", "ext"]);
    assert_eq!(o.status.code(), Some(1));
    let mut lake: Vec<(String, u64, String)> = text(&o.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["code"].as_str().is_some_and(|c| c.starts_with("OCSFL")))
        .map(|v| {
            let file = v["file"].as_str().unwrap_or_default();
            (
                file.rsplit('/').next().unwrap_or_default().to_owned(),
                v["index"].as_u64().unwrap_or(u64::MAX),
                v["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    lake.sort();
    let expected: Vec<(String, u64, String)> = [
        // The path's region and account are malformed, its day is not the events' day, and
        // the version is not one Security Lake accepts (on each event).
        ("bad.parquet", 0, "OCSFL104"),
        ("bad.parquet", 0, "OCSFL105"),
        ("bad.parquet", 0, "OCSFL107"),
        ("bad.parquet", 0, "OCSFL108"),
        ("bad.parquet", 1, "OCSFL107"),
        ("bad.parquet", 1, "OCSFL108"),
        // JSON lines under a source's prefix, and a second class in one file.
        ("mixed.jsonl", 0, "OCSFL101"),
        ("mixed.jsonl", 1, "OCSFL102"),
    ]
    .into_iter()
    .map(|(f, i, c)| (f.to_owned(), i, c.to_owned()))
    .collect();
    assert_eq!(lake, expected, "{}", text(&o.stdout));

    // SARIF knows the rules it reports.
    let sarif: serde_json::Value = serde_json::from_slice(
        &run(t.path(), &["--security-lake", "--format", "sarif", "ext"]).stdout,
    )
    .expect("SARIF is JSON");
    let rules = &sarif["runs"][0]["tool"]["driver"]["rules"];
    assert!(rules
        .as_array()
        .is_some_and(|r| r.iter().any(|r| r["id"] == "OCSFL107")));
}

#[test]
fn redact_refuses_parquet_instead_of_reading_it_as_text() {
    let t = tempfile::tempdir().expect("a temporary directory");
    write_parquet(&t.path().join("e.parquet"), &events(1, &[], "1.6.0"), 10);
    let o = run(t.path(), &["--redact", "e.parquet"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("does not read Parquet: e.parquet"),
        "{}",
        text(&o.stderr)
    );
    assert!(o.stdout.is_empty());
}
