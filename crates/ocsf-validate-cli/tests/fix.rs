//! `--fix`: in place, `--output`, `--diff`, stdin, `--unsafe-fixes`, bad input, exit codes,
//! and the published events.

mod common;

use std::path::Path;
use std::process::Output;

use common::{pretty, run};

/// Safe fixes: `category_uid` is missing, `severity` disagrees with `severity_id`.
const FIXABLE: &str = r#"{"class_uid": 3002, "activity_id": 1, "type_uid": 300201, "severity_id": 1, "severity": "High", "time": 1700000000000, "service": {"name": "s"}, "user": {"uid": "u"}, "metadata": {"version": "1.6.0", "product": {"name": "S", "vendor_name": "A"}}}"#;
const FIXED: &str = r#"{"class_uid": 3002, "category_uid": 3, "activity_id": 1, "type_uid": 300201, "severity_id": 1, "severity": "Informational", "time": 1700000000000, "service": {"name": "s"}, "user": {"uid": "u"}, "metadata": {"version": "1.6.0", "product": {"name": "S", "vendor_name": "A"}}}"#;
/// Valid, written in its own style: must come back byte for byte.
const CLEAN: &str = r#"{ "class_uid":3002,"category_uid":3,"activity_id":1,"type_uid":300201,"severity_id":1,"time" : 1700000000000,"service":{"name":"s"},"user":{ "uid":"u" },"metadata":{"version":"1.6.0","product":{"name":"S","vendor_name":"A"}} }"#;
const BROKEN: &str = r#"{"class_uid": 3002, "#;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn fixes_json_lines_in_place_and_leaves_bad_lines_as_they_are() {
    let t = tempfile::tempdir().unwrap();
    let input = format!("{FIXABLE}\n{CLEAN}\r\n\n{BROKEN}\n");
    std::fs::write(t.path().join("e.jsonl"), &input).unwrap();
    let out = run(t.path(), &["--no-config", "--fix", "e.jsonl"], None);
    let err = stderr(&out);
    // The broken line remains an error finding.
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(
        read(t.path(), "e.jsonl"),
        format!("{FIXED}\n{CLEAN}\r\n\n{BROKEN}\n")
    );
    assert!(err.contains("e.jsonl:4: left as it is: not JSON"), "{err}");
    assert!(
        err.contains("not JSON objects, left as they are: 1 event"),
        "{err}"
    );
    // The findings left are shown as a plain run shows them.
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.starts_with("e.jsonl:4: (event): OCSF001 error: not valid JSON"),
        "{shown}"
    );
    assert!(
        err.contains("applied 2 fixes (caption: 1, class-id: 1) to 1 event in 1 file; 1 finding left (1 error, 0 warnings, 0 infos)"),
        "{err}"
    );
    // A second run changes nothing.
    let again = run(t.path(), &["--no-config", "--fix", "e.jsonl"], None);
    assert_eq!(
        read(t.path(), "e.jsonl"),
        format!("{FIXED}\n{CLEAN}\r\n\n{BROKEN}\n")
    );
    assert!(stderr(&again).contains("applied 0 fixes to 0 events in 0 files"));
    // Without the broken line nothing remains: exit 0.
    std::fs::write(t.path().join("e.jsonl"), format!("{FIXABLE}\n")).unwrap();
    let out = run(t.path(), &["--no-config", "--fix", "e.jsonl"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// A sequence of values (`jq`'s pretty output, records glued together, JSON lines in a
/// `.json` file) is fixed value by value, the layout between the values kept.
#[test]
fn fixes_a_sequence_of_values() {
    let t = tempfile::tempdir().unwrap();
    let values = |text: &str| {
        serde_json::Deserializer::from_str(text)
            .into_iter::<serde_json::Value>()
            .collect::<Result<Vec<_>, _>>()
            .unwrap()
    };
    // Pretty-printed: the values fixed, the clean one byte for byte.
    let input = format!("{}\n{}\n", pretty(FIXABLE), pretty(CLEAN));
    std::fs::write(t.path().join("seq.json"), &input).unwrap();
    let out = run(t.path(), &["--no-config", "--fix", "seq.json"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let fixed = read(t.path(), "seq.json");
    assert_eq!(values(&fixed), values(&format!("{FIXED}{CLEAN}")));
    assert!(
        fixed.ends_with(&format!("}}\n{}\n", pretty(CLEAN))),
        "{fixed}"
    );
    // Glued together and on lines: byte for byte.
    std::fs::write(
        t.path().join("seq.json"),
        format!("{FIXABLE}{CLEAN}\n{FIXABLE}\n"),
    )
    .unwrap();
    let out = run(t.path(), &["--no-config", "--fix", "seq.json"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        read(t.path(), "seq.json"),
        format!("{FIXED}{CLEAN}\n{FIXED}\n")
    );
    // Text after the last value that parses is reported, and kept as it is.
    std::fs::write(t.path().join("seq.json"), format!("{FIXABLE}\n{BROKEN}\n")).unwrap();
    let out = run(t.path(), &["--no-config", "--fix", "seq.json"], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(read(t.path(), "seq.json"), format!("{FIXED}\n{BROKEN}\n"));
    assert!(
        stderr(&out).contains("seq.json:2: left as it is: not JSON"),
        "{}",
        stderr(&out)
    );
}

/// A byte order mark before the events (Windows tools write one) stays where it is, and the
/// events after it are fixed: in a JSON lines file and in a JSON document.
#[test]
fn a_byte_order_mark_is_kept_and_the_events_after_it_fixed() {
    let t = tempfile::tempdir().unwrap();
    for (name, input, want) in [
        (
            "e.jsonl",
            format!("\u{feff}{FIXABLE}\n{CLEAN}\n"),
            format!("\u{feff}{FIXED}\n{CLEAN}\n"),
        ),
        (
            "e.json",
            format!("\u{feff}[{FIXABLE}]"),
            format!("\u{feff}[{FIXED}]"),
        ),
    ] {
        std::fs::write(t.path().join(name), &input).unwrap();
        let out = run(t.path(), &["--no-config", "--fix", name], None);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(read(t.path(), name), want);
    }
}

#[test]
fn output_takes_a_file_or_a_directory_and_keeps_the_inputs() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("logs/sub");
    std::fs::create_dir_all(&dir).unwrap();
    let array = format!("[\n  {FIXABLE},\n  {CLEAN}\n]\n");
    std::fs::write(dir.join("a.json"), &array).unwrap();
    std::fs::write(t.path().join("logs/b.jsonl"), format!("{FIXABLE}\n")).unwrap();
    // One file into one file.
    let out = run(
        t.path(),
        &[
            "--no-config",
            "--fix",
            "logs/sub/a.json",
            "--output",
            "fixed.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        read(t.path(), "fixed.json"),
        format!("[\n  {FIXED},\n  {CLEAN}\n]\n")
    );
    assert_eq!(read(&dir, "a.json"), array);
    // A directory into a directory, paths kept.
    let out = run(
        t.path(),
        &["--no-config", "--fix", "logs", "--output", "out"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        read(t.path(), "out/sub/a.json"),
        format!("[\n  {FIXED},\n  {CLEAN}\n]\n")
    );
    assert_eq!(read(t.path(), "out/b.jsonl"), format!("{FIXED}\n"));
    assert_eq!(read(&dir, "a.json"), array);
    // Two inputs of the same name cannot go to one directory.
    std::fs::write(t.path().join("b.jsonl"), "").unwrap();
    let out = run(
        t.path(),
        &[
            "--no-config",
            "--fix",
            "logs/b.jsonl",
            "b.jsonl",
            "--output",
            "o2",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("two inputs would be written to"));
}

#[test]
fn diff_previews_and_writes_nothing() {
    let t = tempfile::tempdir().unwrap();
    let pretty = "{\n  \"class_uid\": 3002,\n  \"activity_id\": 1,\n  \"type_uid\": 300201,\n  \"severity_id\": 1,\n  \"severity\": \"High\"\n}\n";
    std::fs::write(t.path().join("e.json"), pretty).unwrap();
    let out = run(
        t.path(),
        &["--no-config", "--fix", "--diff", "e.json"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(
        diff,
        "--- a/e.json\n+++ b/e.json\n@@ -1,7 +1,8 @@\n {\n   \"class_uid\": 3002,\n+  \"category_uid\": 3,\n   \"activity_id\": 1,\n   \"type_uid\": 300201,\n   \"severity_id\": 1,\n-  \"severity\": \"High\"\n+  \"severity\": \"Informational\"\n }\n"
    );
    assert_eq!(read(t.path(), "e.json"), pretty);
    assert!(stderr(&out).contains("would apply 2 fixes"));
    // Nothing to fix and nothing at --fail-on: no diff, exit 0.
    std::fs::write(t.path().join("c.jsonl"), format!("{CLEAN}\n")).unwrap();
    let out = run(
        t.path(),
        &["--no-config", "--fix", "--diff", "c.jsonl"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn stdin_goes_to_stdout() {
    let t = tempfile::tempdir().unwrap();
    let input = format!("{FIXABLE}\n{CLEAN}\n");
    let out = run(
        t.path(),
        &["--no-config", "--fix", "-"],
        Some(input.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("{FIXED}\n{CLEAN}\n")
    );
}

#[test]
fn unsafe_fixes_are_opt_in() {
    let t = tempfile::tempdir().unwrap();
    let seconds = FIXED.replace("1700000000000", "1700000000");
    std::fs::write(t.path().join("s.jsonl"), format!("{seconds}\n")).unwrap();
    let out = run(t.path(), &["--no-config", "--fix", "s.jsonl"], None);
    assert_eq!(read(t.path(), "s.jsonl"), format!("{seconds}\n"));
    let err = stderr(&out);
    assert!(err.contains("1 finding left (0 errors, 1 warning"), "{err}");
    assert!(err.contains("1 more fix with --unsafe-fixes"), "{err}");
    let out = run(
        t.path(),
        &["--no-config", "--fix", "--unsafe-fixes", "s.jsonl"],
        None,
    );
    assert_eq!(read(t.path(), "s.jsonl"), format!("{FIXED}\n"));
    assert!(stderr(&out).contains("applied 1 fix (timestamp-unit: 1)"));
}

#[test]
fn attributes_the_policy_allows_stay_where_they_are() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("ocsf-validate.toml"), "allow = [\"x_*\"]\n").unwrap();
    let extra = FIXED.replace(r#""time""#, r#""x_zone": "a", "y": 1, "time""#);
    std::fs::write(t.path().join("e.jsonl"), format!("{extra}\n")).unwrap();
    let out = run(t.path(), &["--fix", "--unsafe-fixes", "e.jsonl"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let moved = FIXED
        .replace(r#""time""#, r#""x_zone": "a", "time""#)
        .replace(r#"}}}"#, r#"}}, "unmapped": {"y": 1}}"#);
    assert_eq!(read(t.path(), "e.jsonl"), format!("{moved}\n"));
}

#[cfg(unix)]
#[test]
fn a_file_keeps_its_permissions_and_a_link_stays_a_link() {
    use std::os::unix::fs::PermissionsExt;
    let t = tempfile::tempdir().unwrap();
    let file = t.path().join("e.jsonl");
    std::fs::write(&file, format!("{FIXABLE}\n")).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::os::unix::fs::symlink("e.jsonl", t.path().join("link.jsonl")).unwrap();
    let out = run(t.path(), &["--no-config", "--fix", "link.jsonl"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::symlink_metadata(t.path().join("link.jsonl"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(read(t.path(), "e.jsonl"), format!("{FIXED}\n"));
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn an_unreadable_input_is_an_error_and_is_left_alone() {
    let t = tempfile::tempdir().unwrap();
    let bytes = b"{\"class_uid\": \"\xff\"}\n";
    std::fs::write(t.path().join("bad.jsonl"), bytes).unwrap();
    std::fs::write(t.path().join("ok.jsonl"), format!("{FIXABLE}\n")).unwrap();
    let out = run(
        t.path(),
        &["--no-config", "--fix", "bad.jsonl", "ok.jsonl"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not UTF-8"), "{}", stderr(&out));
    assert_eq!(std::fs::read(t.path().join("bad.jsonl")).unwrap(), bytes);
    // The other input is still fixed.
    assert_eq!(read(t.path(), "ok.jsonl"), format!("{FIXED}\n"));
}

#[test]
fn gzip_is_written_back_compressed() {
    use std::io::{Read, Write};
    let t = tempfile::tempdir().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(format!("{FIXABLE}\n").as_bytes()).unwrap();
    std::fs::write(t.path().join("e.jsonl.gz"), gz.finish().unwrap()).unwrap();
    let out = run(t.path(), &["--no-config", "--fix", "e.jsonl.gz"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut text = String::new();
    let file = std::fs::File::open(t.path().join("e.jsonl.gz")).unwrap();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, format!("{FIXED}\n"));
}

#[test]
fn misuse_is_a_usage_error() {
    let t = tempfile::tempdir().unwrap();
    for args in [
        &["--diff", "x.json"][..],
        &["--unsafe-fixes", "x.json"],
        &["--output", "o.json", "x.json"],
        &["--fix", "--redact", "x.json"],
        &["--fix", "--diff", "--output", "o.json", "x.json"],
        &["--fix", "--format", "json", "x.json"],
    ] {
        let out = run(t.path(), args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    let out = run(t.path(), &["--no-config", "--fix", "missing.json"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.json: no such file"));
}

/// Parquet is read, never rewritten: named, it is a usage error; in a directory, it is left as
/// it is and said so, while the JSON beside it is fixed.
#[test]
fn parquet_is_not_rewritten() {
    let t = tempfile::tempdir().unwrap();
    let table = b"PAR1 not really a table PAR1";
    std::fs::write(t.path().join("rows.parquet"), table).unwrap();
    let out = run(t.path(), &["--no-config", "--fix", "rows.parquet"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("rows.parquet: --fix rewrites JSON, not Parquet"));

    let dir = t.path().join("lake");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("rows.parquet"), table).unwrap();
    let event = r#"{"class_uid": 3002, "activity_id": 1, "type_uid": 300299}"#;
    std::fs::write(dir.join("a.json"), event).unwrap();
    let out = run(t.path(), &["--no-config", "--fix", "lake"], None);
    assert!(
        stderr(&out).contains("rows.parquet: left as it is"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(dir.join("rows.parquet")).unwrap(), table);
    assert!(read(&dir, "a.json").contains("300201"));
}

/// The README's example is what the command prints on `examples/fix/logon.json`.
#[test]
fn the_readme_example_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let example = "examples/fix/logon.json";
    let out = run(
        &root,
        &["--no-config", "--fix", "--diff", "--unsafe-fixes", example],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8(out.stdout.clone()).unwrap();
    let readme = read(&root, "README.md");
    assert!(
        readme.contains(&format!("```diff\n{diff}```")),
        "README.md's example diff is stale; the command prints:\n{diff}"
    );
    assert!(readme.contains(stderr(&out).trim()), "{}", stderr(&out));
    let safe = run(&root, &["--no-config", "--fix", "--diff", example], None);
    assert!(readme.contains(stderr(&safe).trim()), "{}", stderr(&safe));
}

/// Every published event, one a line, fixed by the command: fewer findings in all (the
/// library's test checks each event), a second run a no-op.
#[test]
fn published_events_are_fixed_by_the_command() {
    let Some(files) = ocsf_test_support::shared_files("real-events", "jsonl") else {
        return;
    };
    let t = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    for path in files {
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            let sample: serde_json::Value = serde_json::from_str(line).unwrap();
            if let Some(event) = sample.get("event") {
                lines.push_str(&event.to_string());
                lines.push('\n');
            }
        }
    }
    std::fs::write(t.path().join("all.jsonl"), &lines).unwrap();
    let before = run(
        t.path(),
        &["--no-config", "--format", "json", "all.jsonl"],
        None,
    );
    let summary = String::from_utf8(before.stdout).unwrap();
    let summary: serde_json::Value = serde_json::from_str(summary.lines().last().unwrap()).unwrap();
    let total = ["errors", "warnings", "infos"]
        .iter()
        .map(|k| summary["summary"][k].as_u64().unwrap())
        .sum::<u64>();
    for flags in [&["--fix"][..], &["--fix", "--unsafe-fixes"]] {
        let out = run(
            t.path(),
            &[&["--no-config", "all.jsonl"][..], flags].concat(),
            None,
        );
        let err = stderr(&out);
        let remain: u64 = err
            .split(" findings left")
            .next()
            .and_then(|head| head.rsplit(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no count in {err}"));
        eprintln!("published events through the command, {flags:?}: {total} findings before, {remain} after; {}", err.trim());
        assert!(remain < total, "{err}");
        let fixed = read(t.path(), "all.jsonl");
        let again = run(
            t.path(),
            &[&["--no-config", "all.jsonl"][..], flags].concat(),
            None,
        );
        assert_eq!(read(t.path(), "all.jsonl"), fixed);
        assert!(
            stderr(&again).contains("applied 0 fixes"),
            "{}",
            stderr(&again)
        );
    }
}
