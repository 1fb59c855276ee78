//! `--write-baseline` and `--baseline`: today's findings are recorded by fingerprint (never by
//! value) and hidden later; new findings, and more of a recorded one than it counts, are
//! reported; findings gone are counted.

use std::path::Path;
use std::process::{Command, Output};

const BASE: &str = r#""class_uid": 3002, "category_uid": 3, "activity_id": 1, "type_uid": 300201, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "S", "vendor_name": "A"}}, "user": {"uid": "u-1"}, "service": {"name": "portal"}"#;

fn event(extra: &str) -> String {
    format!("{{{BASE}, {extra}}}")
}

fn run(dir: &Path, args: &[&str], key: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ocsf-validate"));
    cmd.current_dir(dir)
        .args(["--no-config", "--no-progress"])
        .args(args)
        .env_remove("OCSF_BASELINE_KEY");
    if let Some(k) = key {
        cmd.env("OCSF_BASELINE_KEY", k);
    }
    cmd.output().unwrap()
}

/// The exit code, with what the run said when it is another.
fn code(o: &Output) -> Option<i32> {
    if o.status.code() != Some(0) {
        eprintln!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }
    o.status.code()
}

fn summary(o: &Output) -> serde_json::Value {
    let text = String::from_utf8_lossy(&o.stdout);
    let last = text.lines().last().unwrap_or_default();
    serde_json::from_str::<serde_json::Value>(last).unwrap()["summary"].clone()
}

fn lines(events: &[String]) -> String {
    events.iter().map(|e| format!("{e}\n")).collect()
}

#[test]
fn recorded_findings_are_hidden_new_ones_reported_and_gone_ones_counted() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::create_dir_all(d.join("logs")).unwrap();
    let old = vec![
        event(r#""severity_id": 42"#),
        event(r#""severity_id": 42"#),
        event(r#""severity_id": 1, "src_endpoint": {"ip": "300.1.1.1"}"#),
        event(r#""severity_id": 1, "x_extra": 1"#),
    ];
    std::fs::write(d.join("logs/a.jsonl"), lines(&old)).unwrap();
    std::fs::write(d.join("logs/b.jsonl"), lines(&old[3..])).unwrap();
    // The baseline sits beside the events: it is not read as one.
    for format in ["junit", "gitlab", "sarif", "human"] {
        let args = [
            "--format",
            format,
            "--write-baseline",
            "logs/baseline.json",
            "logs",
        ];
        let o = run(d, &args, None);
        assert_eq!(code(&o), Some(0));
        assert!(
            o.stdout.is_empty(),
            "{format}: {}",
            String::from_utf8_lossy(&o.stdout)
        );
    }
    let text = std::fs::read_to_string(d.join("logs/baseline.json")).unwrap();
    assert!(
        text.contains(r#"{"file":"a.jsonl","code":"OCSF301","pointer":"/severity_id","#),
        "{text}"
    );
    assert!(text.contains(r#""count":2}"#), "{text}");
    assert!(!text.contains("300.1.1.1"), "{text}");
    let b: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(b["findings"].as_array().unwrap().len(), 4);

    // Unchanged: nothing reported, from another working directory too.
    let o = run(
        d,
        &[
            "--format",
            "json",
            "--baseline",
            "logs/baseline.json",
            "logs",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0));
    let s = summary(&o);
    assert_eq!(
        (s["errors"].as_u64(), s["baseline"]["matched"].as_u64()),
        (Some(0), Some(5))
    );
    assert_eq!(s["baseline"]["gone"], 0);
    let o = run(
        &d.join("logs"),
        &["--format", "json", "--baseline", "baseline.json", "a.jsonl"],
        None,
    );
    assert_eq!(code(&o), Some(0));

    // A third event with the same fault exceeds the count; another invalid IP is another value;
    // the unknown attribute's event is gone from a.jsonl (b.jsonl is not validated: its
    // finding is not counted as gone).
    let mut new = old[..3].to_vec();
    new.push(event(r#""severity_id": 42"#));
    new.push(event(
        r#""severity_id": 1, "src_endpoint": {"ip": "300.2.2.2"}"#,
    ));
    std::fs::write(d.join("logs/a.jsonl"), lines(&new)).unwrap();
    for jobs in ["1", "2"] {
        let o = run(
            d,
            &[
                "--format",
                "json",
                "-j",
                jobs,
                "--baseline",
                "logs/baseline.json",
                "logs/a.jsonl",
            ],
            None,
        );
        assert_eq!(o.status.code(), Some(1));
        let out = String::from_utf8_lossy(&o.stdout);
        let reported: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|v| v.get("summary").is_none())
            .collect();
        let found: Vec<(u64, &str)> = reported
            .iter()
            .map(|v| (v["index"].as_u64().unwrap(), v["code"].as_str().unwrap()))
            .collect();
        assert_eq!(found, [(3, "OCSF301"), (4, "OCSF205")], "{out}");
        let s = summary(&o);
        assert_eq!(
            (
                s["baseline"]["matched"].as_u64(),
                s["baseline"]["gone"].as_u64()
            ),
            (Some(3), Some(1))
        );
    }
    let o = run(
        d,
        &["--baseline", "logs/baseline.json", "logs/a.jsonl"],
        None,
    );
    let human = String::from_utf8_lossy(&o.stdout);
    assert!(
        human.contains("baseline: 3 findings not shown; 1 finding gone"),
        "{human}"
    );
    let o = run(
        d,
        &[
            "--format",
            "github",
            "--baseline",
            "logs/baseline.json",
            "logs/a.jsonl",
        ],
        None,
    );
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("3 findings in the baseline not reported; 1 baselined findings are gone"));
}

#[test]
fn no_value_is_written_and_the_key_can_come_from_the_environment() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let secret = concat!("AKIA", "QWERTYUI2345ABCD");
    let email = "ana.lopez@corp-mail.io";
    let e = event(&format!(
        r#""severity_id": 1, "message": "key {secret}", "actor": {{"user": {{"email_addr": "{email}"}}}}"#
    ));
    std::fs::write(d.join("e.jsonl"), format!("{e}\n")).unwrap();
    let o = run(d, &["--write-baseline", "b.json", "e.jsonl"], Some("k-1"));
    assert_eq!(code(&o), Some(0));
    let text = std::fs::read_to_string(d.join("b.json")).unwrap();
    for value in [secret, email, "AKIA", "ana.", "k-1"] {
        assert!(!text.contains(value), "{value} in {text}");
    }
    assert!(
        text.contains("\"OCSF_BASELINE_KEY\"") && text.contains("\"check\""),
        "{text}"
    );
    assert!(
        text.contains("OCSFS101") && text.contains("OCSFP101"),
        "{text}"
    );
    // The same key: nothing new. No key, or another: a usage error, not every finding new.
    let o = run(d, &["--baseline", "b.json", "e.jsonl"], Some("k-1"));
    assert_eq!(code(&o), Some(0));
    for key in [None, Some("k-2")] {
        let o = run(d, &["--baseline", "b.json", "e.jsonl"], key);
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains("OCSF_BASELINE_KEY"));
    }
    // A baseline that is missing or not one is a usage error too.
    assert_eq!(
        run(d, &["--baseline", "none.json", "e.jsonl"], None)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(d, &["--baseline", "e.jsonl", "e.jsonl"], None)
            .status
            .code(),
        Some(2)
    );
}
