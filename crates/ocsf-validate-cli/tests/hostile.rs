//! Hostile input (issue 14): memory is bounded by the event-size bound, not by the input.
//! Inputs are generated here, scaled down for test time (`bench/hostile-input.sh` runs the
//! full-size ones); the bound is lowered to 1 MiB so that an input tens of times larger than
//! it shows whether memory follows the input. Peak RSS is read from `/proc/<pid>/status`
//! (`VmHWM`) while the child runs.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const GOOD: &str = r#"{"class_uid": 0, "category_uid": 0, "activity_id": 0, "type_uid": 0, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "S", "vendor_name": "A"}}}"#;

const MIB: usize = 1 << 20;
const BOUND: &str = "1048576";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    /// Peak resident set size in KiB, when /proc could be read.
    peak_kib: Option<u64>,
}

fn vm_hwm(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out_path = dir.join("stdout.txt");
    let err_path = dir.join("stderr.txt");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ocsf-validate"))
        .current_dir(dir)
        .args(["--no-config", "--no-progress"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let mut peak = None;
    let status = loop {
        if let Some(kib) = vm_hwm(child.id()) {
            peak = Some(peak.map_or(kib, |p: u64| p.max(kib)));
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: std::fs::read_to_string(out_path).unwrap(),
        stderr: std::fs::read_to_string(err_path).unwrap(),
        peak_kib: peak,
    }
}

/// Peak RSS of the same binary on one small event, measured in the same test.
fn baseline_kib(dir: &Path) -> u64 {
    std::fs::write(dir.join("small.jsonl"), format!("{GOOD}\n")).unwrap();
    run(dir, &["small.jsonl"]).peak_kib.unwrap_or(0)
}

/// Memory grew by less than `mib` over the baseline (a few blocks and one event at most).
fn assert_bounded(dir: &Path, r: &Run, mib: u64, input_mib: usize) {
    let Some(peak) = r.peak_kib else {
        // Without /proc (not Linux) only the behaviour is checked.
        return;
    };
    let base = baseline_kib(dir);
    assert!(
        peak < base + mib * 1024,
        "peak RSS {peak} KiB on {input_mib} MiB of input, baseline {base} KiB: more than {mib} MiB added"
    );
}

fn codes(stdout: &str) -> Vec<(usize, String)> {
    stdout
        .lines()
        .filter_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).ok()?;
            Some((v["line"].as_u64()? as usize, v["code"].as_str()?.to_owned()))
        })
        .collect()
}

/// Runs with the 1 MiB bound and JSON output.
fn run_bounded(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["--max-event-bytes", BOUND, "--format", "json"];
    all.extend_from_slice(args);
    run(dir, &all)
}

/// Exit 1 and these (line, code) diagnostics, in order.
fn assert_found(r: &Run, expected: &[(usize, &str)]) {
    assert_eq!(r.code, 1, "{}", r.stderr);
    let expected: Vec<(usize, String)> =
        expected.iter().map(|(l, c)| (*l, c.to_string())).collect();
    assert_eq!(codes(&r.stdout), expected, "{}", r.stdout);
}

fn summary(stdout: &str) -> serde_json::Value {
    stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find_map(|v| v.get("summary").cloned())
        .unwrap_or_else(|| panic!("no summary in {stdout}"))
}

/// A line of 48 MiB (48 times the bound) is read to its newline without being kept: reported
/// once, on its line, and the next line is validated.
#[test]
fn a_line_past_the_bound_is_skipped_as_it_streams() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = std::fs::File::create(dir.path().join("long.jsonl")).unwrap();
    writeln!(f, "{GOOD}").unwrap();
    f.write_all(br#"  {"unmapped": ""#).unwrap();
    let chunk = vec![b'x'; MIB];
    for _ in 0..48 {
        f.write_all(&chunk).unwrap();
    }
    f.write_all(b"\"}  \r\n").unwrap();
    writeln!(f, "{GOOD}").unwrap();
    drop(f);
    let r = run_bounded(dir.path(), &["-j", "2", "long.jsonl"]);
    assert_found(&r, &[(2, "OCSF004")]);
    let len = 48 * MIB + r#"{"unmapped": """#.len() + 1;
    assert!(
        r.stdout.contains(&format!(
            "the event is {len} bytes, more than the bound of {BOUND}"
        )),
        "{}",
        r.stdout
    );
    assert_eq!(summary(&r.stdout)["events"], 3);
    assert_bounded(dir.path(), &r, 16, 48);
}

/// A .jsonl.gz expanding to 48 MiB with no newline at all: one event, past the bound.
#[test]
fn a_gzip_bomb_without_newline_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let f = std::fs::File::create(dir.path().join("bomb.jsonl.gz")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(f, flate2::Compression::fast());
    let chunk = vec![b'{'; MIB];
    for _ in 0..48 {
        gz.write_all(&chunk).unwrap();
    }
    gz.finish().unwrap();
    let r = run_bounded(dir.path(), &["bomb.jsonl.gz"]);
    assert_found(&r, &[(1, "OCSF004")]);
    assert_bounded(dir.path(), &r, 16, 48);
}

fn array_text(n: usize) -> String {
    let mut text = String::from("[\n");
    for i in 0..n {
        // Commas and brackets inside strings and nested values do not cut an element.
        let tricky = r#"{"unmapped": {"s": "a, ] } [ \" \\", "n": [1, [2, {"x": ","}]]}}"#;
        let event = GOOD.replacen('}', &format!("}}, \"count\": {i}"), 1);
        let event = if i % 7 == 3 {
            event.replacen('{', &format!("{{\"raw_data\": {tricky:?}, "), 1)
        } else {
            event
        };
        text.push_str("  ");
        text.push_str(&event);
        text.push_str(if i + 1 < n { ",\n" } else { "\n" });
    }
    text.push_str("]\n");
    text
}

/// With its elements within the bound, an array past it streams element by element and gives
/// the same report as the whole document read at once.
#[test]
fn an_array_past_the_bound_streams_with_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("events.json"), array_text(300)).unwrap();
    let whole = run(dir.path(), &["--format", "json", "events.json"]);
    let streamed = run(
        dir.path(),
        &[
            "--max-event-bytes",
            "4096",
            "--format",
            "json",
            "events.json",
        ],
    );
    let strip = |s: &str| -> Vec<serde_json::Value> {
        s.lines()
            .map(|l| {
                let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
                if let Some(o) = v.get_mut("summary").and_then(|s| s.as_object_mut()) {
                    o.remove("duration_ms");
                }
                v
            })
            .collect()
    };
    assert_eq!(whole.code, streamed.code);
    assert_eq!(strip(&whole.stdout), strip(&streamed.stdout));
    assert_eq!(summary(&streamed.stdout)["events"], 300);
}

/// A 64 MiB array: memory stays at a few batches (a constant of the pipeline, about 20 MiB with
/// two jobs of small events: batches and results in flight); an element past the bound is skipped and
/// reported on its line; nesting costs nothing to the splitter.
#[test]
fn a_large_array_is_bounded_and_skips_large_elements() {
    let dir = tempfile::tempdir().unwrap();
    let mut f =
        std::io::BufWriter::new(std::fs::File::create(dir.path().join("big.json")).unwrap());
    f.write_all(b"[\n").unwrap();
    let n = 64 * MIB / (GOOD.len() + 2);
    for _ in 0..n {
        writeln!(f, "{GOOD},").unwrap();
    }
    // Line n + 2: two MiB, past the bound; line n + 3: 200k-deep nesting (400 kB, within it).
    writeln!(f, "{{\"unmapped\": \"{}\"}},", "y".repeat(2 * MIB)).unwrap();
    writeln!(f, "{}{},", "[".repeat(200_000), "]".repeat(200_000)).unwrap();
    writeln!(f, "{GOOD}\n]").unwrap();
    drop(f);
    let r = run_bounded(dir.path(), &["big.json"]);
    assert_found(&r, &[(n + 2, "OCSF004"), (n + 3, "OCSF003")]);
    assert_eq!(summary(&r.stdout)["events"], n as u64 + 3);
    assert_bounded(dir.path(), &r, 40, 64);
}

/// A sequence of values past the bound (`jq` output of a large export, concatenated records)
/// streams as an array does: memory stays at a few batches, a value past the bound is skipped
/// and reported on its line, and the values around it are validated.
#[test]
fn a_large_sequence_is_bounded_and_skips_large_values() {
    let dir = tempfile::tempdir().unwrap();
    let mut f =
        std::io::BufWriter::new(std::fs::File::create(dir.path().join("big.json")).unwrap());
    let n = 32 * MIB / (GOOD.len() + 1);
    for i in 0..n {
        // Some on their own lines, some glued to the one before.
        if i % 3 == 0 {
            write!(f, "{GOOD}").unwrap();
        } else {
            writeln!(f, "{GOOD}").unwrap();
        }
    }
    writeln!(f).unwrap();
    let lines = n - n.div_ceil(3) + 1;
    // Line lines + 1: two MiB, past the bound; then one more event.
    writeln!(f, "{{\"unmapped\": \"{}\"}}", "y".repeat(2 * MIB)).unwrap();
    writeln!(f, "{GOOD}").unwrap();
    drop(f);
    let r = run_bounded(dir.path(), &["big.json"]);
    assert_found(&r, &[(lines + 1, "OCSF004")]);
    assert_eq!(summary(&r.stdout)["events"], n as u64 + 2);
    assert_bounded(dir.path(), &r, 40, 34);
}

/// `--fix` on JSON lines streams: a 32 MiB file is fixed in place with memory bounded by a
/// line, not by the file; a line past the bound leaves the file as it was (exit 2).
#[test]
fn fix_streams_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    // Safe fixes: `category_uid` from the class, `severity` from its id.
    let fixable = GOOD.replace(r#""category_uid": 0, "#, "").replace(
        r#""severity_id": 1"#,
        r#""severity_id": 1, "severity": "High""#,
    );
    let n = 32 * MIB / (fixable.len() + 1);
    let text: String = (0..n).map(|_| format!("{fixable}\n")).collect();
    std::fs::write(dir.path().join("big.jsonl"), &text).unwrap();
    let r = run(dir.path(), &["--fix", "big.jsonl"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("to {n} events in 1 file")),
        "{}",
        r.stderr
    );
    let fixed = std::fs::read_to_string(dir.path().join("big.jsonl")).unwrap();
    assert_eq!(fixed.lines().count(), n);
    let first: serde_json::Value = serde_json::from_str(fixed.lines().next().unwrap()).unwrap();
    assert_eq!(
        (first["category_uid"].as_u64(), first["severity"].as_str()),
        (Some(0), Some("Informational"))
    );
    assert_bounded(dir.path(), &r, 40, 32);
    // A line past the bound: an error naming it, and the file left as it was.
    let long = format!(
        "{fixable}\n{{\"unmapped\": \"{}\"}}\n{fixable}\n",
        "y".repeat(2 * MIB)
    );
    std::fs::write(dir.path().join("long.jsonl"), &long).unwrap();
    let r = run(
        dir.path(),
        &["--max-event-bytes", BOUND, "--fix", "long.jsonl"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("long.jsonl: line 2 is longer than the bound"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("long.jsonl")).unwrap(),
        long
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.ends_with(".tmp")),
        "a temporary file is left: {names:?}"
    );
}

/// A broken array past the bound: the events before the break are reported, then the input
/// is an I/O error (exit 2) that says where the array broke. A broken element is an event
/// that is not JSON (OCSF001).
#[test]
fn a_broken_array_past_the_bound_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("[{GOOD},\n{{\"a\": 1}} {{\"b\": 2}}, {GOOD}]");
    std::fs::write(dir.path().join("broken.json"), text).unwrap();
    let r = run(
        dir.path(),
        &[
            "--max-event-bytes",
            "200",
            "--format",
            "json",
            "broken.json",
        ],
    );
    // The second element holds two objects: invalid JSON, reported as such.
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        codes(&r.stdout),
        [(2, "OCSF001".to_owned())],
        "{}",
        r.stdout
    );
    for (text, events, what) in [
        (
            format!("[{GOOD},,{GOOD}]"),
            1,
            "expected a value (line 1, column 192)",
        ),
        (format!("[{GOOD},{GOOD}"), 1, "the array is not closed"),
        (
            format!("[{GOOD},{GOOD}] x"),
            2,
            "trailing characters after the array",
        ),
    ] {
        std::fs::write(dir.path().join("broken.json"), text).unwrap();
        let r = run(dir.path(), &["--max-event-bytes", "200", "broken.json"]);
        assert_eq!(r.code, 2);
        let summary = format!(
            "{events} event{} in 1 file",
            if events > 1 { "s" } else { "" }
        );
        assert!(r.stdout.contains(&summary), "{}", r.stdout);
        assert!(
            r.stderr
                .contains("cannot read broken.json: not a JSON array of events"),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains(what), "{what}: {}", r.stderr);
    }
}

/// A JSON document past the bound that is not an array is one event, skipped as it streams.
#[test]
fn a_document_past_the_bound_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let doc = format!("\n\n  {{\"unmapped\": \"{}\"\n}}\n", "z".repeat(2 * MIB));
    std::fs::write(dir.path().join("one.json"), &doc).unwrap();
    let r = run_bounded(dir.path(), &["one.json"]);
    assert_found(&r, &[(3, "OCSF004")]);
    let len = doc.trim().len();
    assert!(r.stdout.contains(&format!("the event is {len} bytes")));
}

/// One object with 30k keys (the bench runs 300k) and 200k-deep nesting, default bound.
#[test]
fn many_keys_and_deep_nesting_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let keys: Vec<String> = (0..30_000).map(|i| format!("\"k{i}\": {i}")).collect();
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let deep_object = format!("{}{}", "{\"a\":".repeat(200_000), "}".repeat(200_000));
    std::fs::write(
        dir.path().join("hostile.jsonl"),
        format!("{{{}}}\n{deep}\n{deep_object}\n", keys.join(", ")),
    )
    .unwrap();
    let r = run(dir.path(), &["--format", "json", "hostile.jsonl"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let found = codes(&r.stdout);
    // Diagnostics per event are capped by the policy (1000).
    assert_eq!(found.iter().filter(|(l, _)| *l == 1).count(), 1000);
    assert_eq!(
        found[1000..],
        [(2, "OCSF003".to_owned()), (3, "OCSF003".to_owned())]
    );
    assert_bounded(dir.path(), &r, 48, 4);
}

/// Found by the `array_reader` fuzz target: a document past the bound only by the blanks
/// around it is reported by its whole length (not by a length within the bound), and on the
/// line where it starts even when the blanks before it fill the first read.
#[test]
fn a_document_padded_past_the_bound_is_reported_by_its_whole_length() {
    let dir = tempfile::tempdir().unwrap();
    for (text, bound, line, len) in [
        ("\n\n\n\n2\n\r\n\r", "3", 5, 9),
        ("\n 2\n  ,", "6", 2, 7),
        ("\n\n\n\n{\"a\": 12345}  ", "8", 5, 12),
        ("\n\n\t\t\t\t\t\t\t\t\t\t\n{\"a\": 12345}", "8", 4, 12),
    ] {
        std::fs::write(dir.path().join("doc.json"), text).unwrap();
        let r = run(
            dir.path(),
            &["--max-event-bytes", bound, "--format", "json", "doc.json"],
        );
        assert_found(&r, &[(line, "OCSF004")]);
        let message = format!("the event is {len} bytes, more than the bound of {bound}");
        assert!(r.stdout.contains(&message), "{text:?}: {}", r.stdout);
    }
}

/// Found by the `array_reader` fuzz target: an array after more blanks than the bound is still
/// streamed element by element, its elements on their lines.
#[test]
fn an_array_after_blanks_past_the_bound_is_streamed() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{}\r\r[\n\n\n2\n, {GOOD}]\t", "\t".repeat(300));
    std::fs::write(dir.path().join("late.json"), text).unwrap();
    let r = run(
        dir.path(),
        &["--max-event-bytes", "200", "--format", "json", "late.json"],
    );
    assert_found(&r, &[(4, "OCSF002")]);
    assert_eq!(summary(&r.stdout)["events"], 2);
}
