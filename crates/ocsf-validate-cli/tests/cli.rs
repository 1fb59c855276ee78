//! The binary: every input kind, every format, exit codes, the policy file, --jobs.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{pretty, run};

const BAD: &str = r#"{"class_uid": 0, "category_uid": 0, "activity_id": 0, "type_uid": 0, "severity_id": 42, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "S", "vendor_name": "A"}}}"#;
const GOOD: &str = r#"{"class_uid": 0, "category_uid": 0, "activity_id": 0, "type_uid": 0, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "S", "vendor_name": "A"}}}"#;
const WARN: &str = r#"{"class_uid": 0, "category_uid": 0, "activity_id": 0, "type_uid": 0, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.99.0", "product": {"name": "S", "vendor_name": "A"}}}"#;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn gz(dir: &Path, name: &str, text: &str) {
    let f = std::fs::File::create(dir.join(name)).unwrap();
    let mut enc = flate2::write::GzEncoder::new(f, flate2::Compression::fast());
    enc.write_all(text.as_bytes()).unwrap();
    enc.finish().unwrap();
}

#[test]
fn exit_codes() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "good.json", GOOD);
    write(t.path(), "bad.json", BAD);
    write(t.path(), "warn.json", WARN);
    assert_eq!(
        run(t.path(), &["--no-config", "good.json"], None)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(t.path(), &["--no-config", "bad.json"], None)
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        run(t.path(), &["--no-config", "warn.json"], None)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(
            t.path(),
            &["--no-config", "--fail-on", "warning", "warn.json"],
            None
        )
        .status
        .code(),
        Some(1)
    );
    assert_eq!(
        run(t.path(), &["--no-config", "missing.json"], None)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(
            t.path(),
            &["--no-config", "--format", "nope", "good.json"],
            None
        )
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn input_kinds_and_lines() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, "one.json", &format!("\n\n{BAD}"));
    write(d, "arr.json", &format!("[\n  {GOOD},\n  {BAD}\n]"));
    write(d, "lines.jsonl", &format!("{GOOD}\n\n{BAD}\n"));
    write(d, "lines.ndjson", &format!("{BAD}\n"));
    gz(d, "z.jsonl.gz", &format!("{GOOD}\n{BAD}\n"));
    gz(d, "z.json.gz", BAD);
    std::fs::create_dir(d.join("sub")).unwrap();
    write(&d.join("sub"), "deep.jsonl", &format!("{BAD}\n"));
    write(&d.join("sub"), "ignored.txt", BAD);
    let o = run(d, &["--no-config", "--format", "json", "."], None);
    let lines = json_lines(&o);
    let found: Vec<(String, u64, u64)> = lines
        .iter()
        .filter(|l| l.get("code").is_some())
        .map(|l| {
            (
                l["file"].as_str().unwrap().to_owned(),
                l["line"].as_u64().unwrap(),
                l["index"].as_u64().unwrap(),
            )
        })
        .collect();
    let expect = [
        ("arr.json", 3, 1),
        ("lines.jsonl", 3, 1),
        ("lines.ndjson", 1, 0),
        ("one.json", 3, 0),
        ("sub/deep.jsonl", 1, 0),
        ("z.json.gz", 1, 0),
        ("z.jsonl.gz", 2, 1),
    ];
    let expect: Vec<(String, u64, u64)> = expect
        .iter()
        .map(|(f, l, i)| (f.to_string(), *l, *i))
        .collect();
    assert_eq!(found, expect);
    let summary = &lines.last().unwrap()["summary"];
    assert_eq!(summary["files"], 7);
    assert_eq!(summary["events"], 10);
    assert_eq!(summary["errors"], 7);
}

/// A UTF-8 byte order mark at the start of an input (Windows tools write one) is skipped, as
/// RFC 8259 allows: JSON lines, a JSON array and a document, in files and on stdin, read as
/// without it, on the same lines.
#[test]
fn a_byte_order_mark_is_skipped() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    const BOM: &str = "\u{feff}";
    let inputs = [
        ("lines.jsonl", format!("{GOOD}\n{BAD}\n")),
        ("array.json", format!("[\n  {GOOD},\n  {BAD}\n]\n")),
        ("one.json", format!("\n{BAD}\n")),
    ];
    let found = |args: &[&str], stdin: Option<&[u8]>| {
        let o = run(d, args, stdin);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        json_lines(&o)
            .iter()
            .map(|l| match l.get("code") {
                Some(code) => format!("{} {} {code}", l["line"], l["index"]),
                None => l["summary"]["events"].to_string(),
            })
            .collect::<Vec<_>>()
    };
    for (name, text) in &inputs {
        write(d, name, text);
        let plain = found(&["--no-config", "--format", "json", name], None);
        write(d, name, &format!("{BOM}{text}"));
        assert_eq!(
            found(&["--no-config", "--format", "json", name], None),
            plain,
            "{name}"
        );
        let zipped = format!("{name}.gz");
        gz(d, &zipped, &format!("{BOM}{text}"));
        assert_eq!(
            found(&["--no-config", "--format", "json", &zipped], None),
            plain,
            "{zipped}"
        );
        let bytes = format!("{BOM}{text}");
        assert_eq!(
            found(
                &["--no-config", "--format", "json", "-"],
                Some(bytes.as_bytes())
            ),
            plain,
            "{name} on stdin"
        );
    }
    // Only at the start: one in the middle of a file is no JSON.
    write(d, "mid.jsonl", &format!("{GOOD}\n{BOM}{GOOD}\n"));
    let o = run(d, &["--no-config", "--format", "json", "mid.jsonl"], None);
    assert_eq!(json_lines(&o)[0]["code"], "OCSF001");
    assert_eq!(json_lines(&o)[0]["line"], 2);
}

/// UTF-16 input (what Windows PowerShell 5's `>` writes) is read as the same events, with or
/// without a byte order mark, in either byte order, in a file, compressed or on stdin; UTF-32
/// is an input error that says how to convert; `--fix` leaves a UTF-16 file as it is rather
/// than rewrite it as UTF-8.
#[test]
fn utf16_input_is_read_as_utf8() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let text = format!("{GOOD}\n{BAD}\n");
    write(d, "utf8.jsonl", &text);
    let expected = run(d, &["--no-config", "--format", "json", "utf8.jsonl"], None);
    let utf16 = |big_endian: bool, bom: bool| -> Vec<u8> {
        let mut bytes: Vec<u8> = Vec::new();
        if bom {
            bytes.extend(if big_endian {
                [0xFE, 0xFF]
            } else {
                [0xFF, 0xFE]
            });
        }
        for u in text.encode_utf16() {
            bytes.extend(if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        bytes
    };
    let found = |o: &Output| -> Vec<String> {
        json_lines(o)
            .iter()
            .filter(|l| l.get("code").is_some())
            .map(|l| format!("{} {} {}", l["line"], l["index"], l["code"]))
            .collect()
    };
    let want = found(&expected);
    let same = |o: &Output| {
        assert_eq!(found(o), want, "{}", String::from_utf8_lossy(&o.stderr));
        assert_eq!(o.status.code(), Some(1));
    };
    for (big_endian, bom) in [(false, true), (true, true), (false, false), (true, false)] {
        std::fs::write(d.join("utf16.jsonl"), utf16(big_endian, bom)).unwrap();
        same(&run(
            d,
            &["--no-config", "--format", "json", "utf16.jsonl"],
            None,
        ));
        same(&run(
            d,
            &["--no-config", "--format", "json", "-"],
            Some(&utf16(big_endian, bom)),
        ));
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&utf16(false, true)).unwrap();
    std::fs::write(d.join("utf16.jsonl.gz"), gz.finish().unwrap()).unwrap();
    same(&run(
        d,
        &["--no-config", "--format", "json", "utf16.jsonl.gz"],
        None,
    ));
    // UTF-32: an input error (exit 2) that names it.
    std::fs::write(d.join("utf32.jsonl"), b"\xFF\xFE\0\0{\0\0\0").unwrap();
    let o = run(d, &["--no-config", "utf32.jsonl"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("the input is UTF-32LE"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // --fix in place leaves a UTF-16 file as it is (exit 2).
    std::fs::write(d.join("utf16.jsonl"), utf16(false, true)).unwrap();
    let o = run(d, &["--no-config", "--fix", "utf16.jsonl"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("it is UTF-16LE, and --fix writes UTF-8"));
    assert_eq!(
        std::fs::read(d.join("utf16.jsonl")).unwrap(),
        utf16(false, true)
    );
}

/// Symbolic links to directories are followed, but a directory is walked once: a link back up
/// (a loop) or a second link to one adds nothing.
#[cfg(unix)]
#[test]
fn directories_reached_again_through_links_are_walked_once() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path().join("logs");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::create_dir_all(t.path().join("elsewhere")).unwrap();
    write(&d, "a.jsonl", &format!("{BAD}\n"));
    write(&t.path().join("elsewhere"), "b.jsonl", &format!("{BAD}\n"));
    std::os::unix::fs::symlink("..", d.join("sub/up")).unwrap();
    std::os::unix::fs::symlink("../sub", d.join("sub/again")).unwrap();
    std::os::unix::fs::symlink("../elsewhere", d.join("linked")).unwrap();
    let o = run(t.path(), &["--no-config", "--format", "json", "logs"], None);
    let lines = json_lines(&o);
    let summary = &lines.last().unwrap()["summary"];
    assert_eq!(summary["events"], 2, "{lines:?}");
    assert_eq!(summary["files"], 2, "{lines:?}");
}

/// A compressed input cut short: the lines read whole before the break are validated and
/// reported, then the failure is an input error (exit 2) naming the file and the line.
#[test]
fn a_truncated_gzip_keeps_the_lines_before_the_break() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let text: String = (0..3000)
        .map(|i| format!("{}\n", if i % 2 == 0 { GOOD } else { BAD }))
        .collect();
    gz(d, "whole.jsonl.gz", &text);
    let whole = std::fs::read(d.join("whole.jsonl.gz")).unwrap();
    std::fs::write(d.join("cut.jsonl.gz"), &whole[..whole.len() / 2]).unwrap();
    let o = run(
        d,
        &["--no-config", "--format", "json", "cut.jsonl.gz"],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    let lines = json_lines(&o);
    let events = lines.last().unwrap()["summary"]["events"].as_u64().unwrap();
    assert!(events > 100 && events < 3000, "{events} events");
    // Every bad line before the break, and only those.
    let reported: Vec<u64> = lines.iter().filter_map(|l| l["line"].as_u64()).collect();
    let expected: Vec<u64> = (1..=events).filter(|l| l % 2 == 0).collect();
    assert_eq!(reported, expected);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("cannot read cut.jsonl.gz")
            && stderr.contains(&format!(
                "in line {} (the {events} lines before it were validated)",
                events + 1
            )),
        "{stderr}"
    );
}

/// A sequence of JSON values (`jq`'s pretty output, records concatenated by a log shipper,
/// JSON lines in a file named `.json`) is read value by value, in a file or on stdin: each
/// value an event on the line where it starts, a value cut off at the end reported where its
/// JSON breaks off, and nothing before it lost. A single document is still one event.
#[test]
fn a_sequence_of_values_is_read_value_by_value() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let (good_lines, bad_lines) = (pretty(GOOD).lines().count(), pretty(BAD).lines().count());
    let found = |args: &[&str], stdin: Option<&[u8]>| {
        let o = run(d, args, stdin);
        let lines = json_lines(&o);
        let events = lines.last().unwrap()["summary"]["events"].as_u64().unwrap();
        let codes: Vec<String> = lines
            .iter()
            .filter(|l| l.get("code").is_some())
            .map(|l| {
                format!(
                    "{}:{} {}",
                    l["index"],
                    l["line"],
                    l["code"].as_str().unwrap()
                )
            })
            .collect();
        (o.status.code(), events, codes)
    };
    // jq's output: pretty-printed values one after the other.
    let jq = format!("{}\n{}\n{}\n", pretty(GOOD), pretty(BAD), pretty(GOOD));
    let bad_line = good_lines + 1;
    for (name, text, events) in [
        ("jq.json", jq.clone(), 3),
        // Concatenated with nothing between, and JSON lines in a `.json` file.
        ("glued.json", format!("{GOOD}{BAD}{GOOD}"), 3),
        ("lines.json", format!("{GOOD}\n{BAD}\n{GOOD}\n"), 3),
    ] {
        write(d, name, &text);
        let (code, n, codes) = found(&["--no-config", "--format", "json", name], None);
        assert_eq!((code, n), (Some(1), events), "{name}: {codes:?}");
        assert!(
            !codes.is_empty() && codes.iter().all(|c| c.starts_with("1:")),
            "{name}: {codes:?}"
        );
        let (code, n, on_stdin) = found(
            &["--no-config", "--format", "json", "-"],
            Some(text.as_bytes()),
        );
        assert_eq!(
            (code, n, &on_stdin),
            (Some(1), events, &codes),
            "{name} on stdin"
        );
    }
    // Each value on the line where it starts.
    write(d, "jq.json", &jq);
    let (_, _, codes) = found(&["--no-config", "--format", "json", "jq.json"], None);
    write(d, "bad.json", &pretty(BAD));
    let (_, _, alone) = found(&["--no-config", "--format", "json", "bad.json"], None);
    let shifted: Vec<String> = alone
        .iter()
        .map(|c| {
            let (place, code) = c.split_once(' ').unwrap();
            let line: usize = place.split_once(':').unwrap().1.parse().unwrap();
            format!("1:{} {code}", line + bad_line - 1)
        })
        .collect();
    assert_eq!(codes, shifted);
    assert!(bad_lines > 1);
    // A value cut off at the end: the values before it are validated, then it is invalid JSON
    // where it breaks off.
    let cut = format!("{GOOD}\n{GOOD}\n{}", &GOOD[..GOOD.len() / 2]);
    write(d, "cut.json", &cut);
    let (code, n, codes) = found(&["--no-config", "--format", "json", "cut.json"], None);
    assert_eq!(
        (code, n, codes),
        (Some(1), 3, vec!["2:3 OCSF001".to_owned()])
    );
    // Values that are no object are each reported; a single document stays one event.
    write(d, "mixed.json", &format!("{GOOD} 42 \"text\"\n{GOOD}"));
    let (_, n, codes) = found(&["--no-config", "--format", "json", "mixed.json"], None);
    assert_eq!(
        (n, codes),
        (4, vec!["1:1 OCSF002".to_owned(), "2:1 OCSF002".to_owned()])
    );
    write(d, "one.json", &format!("\n\n{}\n", pretty(GOOD)));
    let (code, n, _) = found(&["--no-config", "--format", "json", "one.json"], None);
    assert_eq!((code, n), (Some(0), 1));
}

/// A document cut off after its last newline is reported at the start of the empty line
/// after it (serde_json says column 0 there), and that line is the one shown; a document of
/// nothing but blanks holds no event, as an empty one does.
#[test]
fn the_end_of_a_document_is_shown_where_it_is() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, "cut.json", "{\"class_uid\":\n  1,\n");
    let o = run(d, &["--no-config", "--format", "json", "cut.json"], None);
    assert_eq!(json_lines(&o)[0]["line"], 3);
    assert!(
        json_lines(&o)[0]["message"]
            .as_str()
            .unwrap()
            .ends_with("(line 3, column 1)"),
        "{}",
        stdout(&o)
    );
    let human = stdout(&run(d, &["--no-config", "cut.json"], None));
    assert!(human.contains("    3 | \n      | ^\n"), "{human}");
    for blank in ["", "  \n\n\t", "\u{feff}\n"] {
        write(d, "blank.json", blank);
        let o = run(d, &["--no-config", "--format", "json", "blank.json"], None);
        assert_eq!(o.status.code(), Some(0), "{blank:?}: {}", stdout(&o));
        assert_eq!(json_lines(&o)[0]["summary"]["events"], 0, "{blank:?}");
    }
}

#[test]
fn stdin_sniffing() {
    let t = tempfile::tempdir().unwrap();
    for (input, events) in [
        (format!("{GOOD}\n{BAD}\n"), 2),
        (format!("[{GOOD}, {BAD}]"), 2),
        (pretty(BAD), 1),
    ] {
        let o = run(
            t.path(),
            &["--no-config", "--format", "json", "-"],
            Some(input.as_bytes()),
        );
        assert_eq!(o.status.code(), Some(1));
        let lines = json_lines(&o);
        assert_eq!(lines.last().unwrap()["summary"]["events"], events);
        assert_eq!(lines[0]["file"], "-");
    }
    // No path and stdin not a terminal: stdin.
    let o = run(t.path(), &["--no-config"], Some(GOOD.as_bytes()));
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn formats() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "bad.jsonl", &format!("{GOOD}\n{BAD}\n"));
    let human = stdout(&run(t.path(), &["--no-config", "bad.jsonl"], None));
    assert!(
        human.starts_with("bad.jsonl:2: /severity_id: OCSF301 error: 42 is not a defined value"),
        "{human}"
    );
    assert!(human.contains("\n    help: defined values: 0 Unknown"));
    assert!(human.contains("2 events in 1 file: 1 error, 0 warnings, 0 infos"));
    assert!(!human.contains('\x1b'));

    let gh = stdout(&run(
        t.path(),
        &["--no-config", "--format", "github", "bad.jsonl"],
        None,
    ));
    assert!(
        gh.starts_with("::error file=bad.jsonl,line=2,title=OCSF301::/severity_id: 42"),
        "{gh}"
    );

    let sarif: serde_json::Value = serde_json::from_str(&stdout(&run(
        t.path(),
        &["--no-config", "--format", "sarif", "bad.jsonl"],
        None,
    )))
    .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run0 = &sarif["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let r301 = rules.iter().find(|r| r["id"] == "OCSF301").unwrap();
    assert_eq!(r301["defaultConfiguration"]["level"], "error");
    assert!(r301["helpUri"]
        .as_str()
        .unwrap()
        .ends_with("docs/rules.md#ocsf301"));
    assert!(r301["shortDescription"]["text"].is_string() && r301["name"].is_string());
    let res = &run0["results"][0];
    assert_eq!(res["ruleId"], "OCSF301");
    assert_eq!(res["level"], "error");
    let loc = &res["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "bad.jsonl");
    assert_eq!(loc["region"]["startLine"], 2);
}

#[test]
fn policy_file() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::create_dir_all(d.join("a/b")).unwrap();
    let extra = r#"{"class_uid": 0, "category_uid": 0, "activity_id": 0, "type_uid": 0, "severity_id": 42, "time": 1700000000000, "x_custom": 1, "metadata": {"version": "1.6.0", "product": {"name": "S", "vendor_name": "A"}}}"#;
    write(&d.join("a/b"), "e.json", extra);
    write(&d.join("a/b"), "legacy.json", BAD);
    // Without a policy: OCSF301 and OCSF203.
    let o = run(&d.join("a/b"), &["--format", "json", "e.json"], None);
    assert_eq!(json_lines(&o).len(), 3);
    write(
        d,
        "ocsf-validate.toml",
        "[severity]\nOCSF301 = \"warning\"\nallow = []\n",
    );
    // A misplaced key is a usage error.
    assert_eq!(
        run(&d.join("a/b"), &["e.json"], None).status.code(),
        Some(2)
    );
    write(
        d,
        "ocsf-validate.toml",
        "allow = [\"x_custom\"]\n[severity]\nOCSF301 = \"warning\"\n[[ignore]]\ncodes = [\"OCSF301\"]\nfiles = [\"**/legacy.json\"]\n",
    );
    // Found by walking up from the working directory.
    let o = run(
        &d.join("a/b"),
        &["--format", "json", "e.json", "legacy.json"],
        None,
    );
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["code"], "OCSF301");
    assert_eq!(lines[0]["severity"], "warning");
    assert_eq!(o.status.code(), Some(0));
    // --config with an explicit file; recommended opt-in.
    write(d, "rec.toml", "recommended = true\n");
    let o = run(
        &d.join("a/b"),
        &["--config", "../../rec.toml", "--format", "json", "e.json"],
        None,
    );
    assert!(json_lines(&o).iter().any(|l| l["code"] == "OCSF202"));
}

#[test]
fn jobs_are_deterministic_and_max_diagnostics() {
    let t = tempfile::tempdir().unwrap();
    let mut big = String::new();
    for i in 0..5000 {
        big.push_str(if i % 7 == 0 { BAD } else { GOOD });
        big.push('\n');
    }
    write(t.path(), "big.jsonl", &big);
    write(t.path(), "small.json", BAD);
    let strip = |o: &Output| {
        let s = stdout(o);
        s.lines()
            .filter(|l| !l.contains("summary"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let one = run(
        t.path(),
        &[
            "--no-config",
            "--format",
            "json",
            "-j",
            "1",
            "big.jsonl",
            "small.json",
        ],
        None,
    );
    let four = run(
        t.path(),
        &[
            "--no-config",
            "--format",
            "json",
            "-j",
            "4",
            "big.jsonl",
            "small.json",
        ],
        None,
    );
    assert_eq!(strip(&one), strip(&four));
    assert_eq!(strip(&one).lines().count(), 5000 / 7 + 1 + 1);
    let capped = run(
        t.path(),
        &[
            "--no-config",
            "--format",
            "json",
            "--max-diagnostics",
            "3",
            "big.jsonl",
        ],
        None,
    );
    let lines = json_lines(&capped);
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[3]["summary"]["errors"], 5000 / 7 + 1);
    // The codes count every diagnostic, printed or not; the human summary names the codes.
    assert_eq!(
        lines[3]["summary"]["codes"],
        serde_json::json!({"OCSF301": 5000 / 7 + 1})
    );
    let human = stdout(&run(
        t.path(),
        &["--no-config", "-j", "2", "big.jsonl"],
        None,
    ));
    assert!(
        human.ends_with(&format!(
            "most frequent: OCSF301 unknown-enum-value ({})\n",
            5000 / 7 + 1
        )),
        "{human}"
    );
    let small = stdout(&run(
        t.path(),
        &["--no-config", "--format", "json", "small.json"],
        None,
    ));
    assert!(small.contains(r#""codes":{"OCSF301":1}"#), "{small}");
    // Nothing found: no codes, and no line naming them.
    write(t.path(), "good.json", GOOD);
    let good = stdout(&run(
        t.path(),
        &["--no-config", "--format", "json", "good.json"],
        None,
    ));
    assert!(good.contains(r#""codes":{}"#), "{good}");
    let good = stdout(&run(t.path(), &["--no-config", "good.json"], None));
    assert!(!good.contains("most frequent"), "{good}");
}

#[test]
fn broken_pipe_is_quiet() {
    let t = tempfile::tempdir().unwrap();
    let big: String = (0..20000).map(|_| format!("{BAD}\n")).collect();
    write(t.path(), "big.jsonl", &big);
    let mut child = Command::new(env!("CARGO_BIN_EXE_ocsf-validate"))
        .current_dir(t.path())
        .args(["--no-config", "big.jsonl"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The same event (OCSF 1.1.0, with an attribute 1.6.0 added) under each way of choosing the
/// judging version: its own claim, `--schema-version`, the policy's `version`, and the
/// fallback for an event of another major.
#[test]
fn versions_per_event_forced_and_fallback() {
    let t = tempfile::tempdir().unwrap();
    let v110 = r#"{"class_uid": 3002, "category_uid": 3, "activity_id": 1, "type_uid": 300201, "severity_id": 1, "time": 1700000000000, "user": {"uid": "u"}, "service": {"name": "s"}, "account_switch_type_id": 1, "metadata": {"version": "1.1.0", "product": {"name": "S", "vendor_name": "A"}}}"#;
    let other_major = GOOD.replace("\"1.6.0\"", "\"7.5.0\"");
    write(
        t.path(),
        "events.jsonl",
        &format!("{v110}\n{other_major}\n"),
    );
    let lines = |args: &[&str]| {
        let mut all = vec!["--no-progress", "--format", "json"];
        all.extend_from_slice(args);
        all.push("events.jsonl");
        json_lines(&run(t.path(), &all, None))
    };
    let codes = |lines: &[serde_json::Value], index: u64| -> Vec<String> {
        lines
            .iter()
            .filter(|l| l["index"] == index)
            .map(|l| {
                format!(
                    "{}@{}",
                    l["code"].as_str().unwrap(),
                    l["schema_version"].as_str().unwrap()
                )
            })
            .collect()
    };

    // Each by its own claim: 1.1.0 does not know `account_switch_type_id`.
    let own = lines(&["--no-config"]);
    assert!(
        codes(&own, 0).contains(&"OCSF203@1.1.0".to_owned()),
        "{own:?}"
    );
    assert!(
        codes(&own, 1).contains(&"OCSF702@1.6.0".to_owned()),
        "{own:?}"
    );
    let summary = &own.last().unwrap()["summary"]["versions"];
    assert_eq!(summary, &serde_json::json!({"1.1.0": 1, "1.6.0": 1}));

    // Forced: everything by 1.6.0; the 1.1.0 claim is reported, the attribute is known.
    let forced = lines(&["--no-config", "--schema-version", "1.6.0"]);
    assert!(
        codes(&forced, 0).contains(&"OCSF701@1.6.0".to_owned()),
        "{forced:?}"
    );
    assert!(
        !codes(&forced, 0).iter().any(|c| c.starts_with("OCSF203")),
        "{forced:?}"
    );

    // The policy file can force a version too, and set the fallback.
    write(t.path(), "forced.toml", "version = \"1.6.0\"\n");
    let by_policy = lines(&["--config", "forced.toml"]);
    assert!(
        codes(&by_policy, 0).contains(&"OCSF701@1.6.0".to_owned()),
        "{by_policy:?}"
    );
    write(t.path(), "fallback.toml", "default_version = \"1.2.0\"\n");
    let fallback = lines(&["--config", "fallback.toml"]);
    assert!(
        codes(&fallback, 1).contains(&"OCSF702@1.2.0".to_owned()),
        "{fallback:?}"
    );
    let flag = lines(&["--no-config", "--default-version", "1.3.0"]);
    assert!(
        codes(&flag, 1).contains(&"OCSF702@1.3.0".to_owned()),
        "{flag:?}"
    );

    // A version this build lacks is a usage error naming the ones it has.
    let bad = run(
        t.path(),
        &["--no-config", "--schema-version", "1.9.0", "events.jsonl"],
        None,
    );
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("1.9.0") && err.contains("1.8.0"), "{err}");

    // The human summary names the judging versions.
    let human = stdout(&run(
        t.path(),
        &["--no-config", "--no-progress", "events.jsonl"],
        None,
    ));
    assert!(
        human.contains("judged by OCSF version: 1.1.0: 1, 1.6.0: 1"),
        "{human}"
    );
}

/// Every format writes the same bytes whatever `--jobs` (the workers render the human, JSON
/// and JUnit formats), but for durations.
#[test]
fn every_format_is_the_same_with_several_jobs() {
    let t = tempfile::tempdir().unwrap();
    let mut big = String::new();
    for i in 0..3000 {
        big.push_str(if i % 5 == 0 {
            BAD
        } else if i % 7 == 0 {
            WARN
        } else {
            GOOD
        });
        big.push('\n');
    }
    write(t.path(), "big.jsonl", &big);
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(BAD).unwrap())
            .unwrap();
    write(
        t.path(),
        "pretty.json",
        &format!("[\n{pretty},\n  {GOOD}\n]\n"),
    );
    let ms = regex::Regex::new(r#"\(\d+ ms\)|"duration_ms":\d+"#).unwrap();
    for format in ["human", "json", "sarif", "github", "junit", "gitlab"] {
        let outputs: Vec<String> = ["1", "2", "3"]
            .iter()
            .map(|jobs| {
                let args = [
                    "--no-config",
                    "--format",
                    format,
                    "-j",
                    jobs,
                    "big.jsonl",
                    "pretty.json",
                ];
                ms.replace_all(&stdout(&run(t.path(), &args, None)), "")
                    .into_owned()
            })
            .collect();
        assert!(outputs[0].len() > 1000, "{format}: {}", outputs[0]);
        assert_eq!(outputs[0], outputs[1], "{format}");
        assert_eq!(outputs[0], outputs[2], "{format}");
    }
    // The line of a finding in a pretty-printed file is the line of the member it names.
    let human = stdout(&run(t.path(), &["--no-config", "pretty.json"], None));
    assert!(
        human.starts_with("pretty.json:13: /severity_id: OCSF301"),
        "{human}"
    );
    assert!(
        human.contains("\n    13 |   \"severity_id\": 42,\n       |   ^^^^^^^^^^^^^^^^^\n"),
        "{human}"
    );
}
