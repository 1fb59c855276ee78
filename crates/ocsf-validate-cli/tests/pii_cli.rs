//! The binary never prints a detected value whole, in any format; `--redact` writes the events
//! back in their format.

use std::path::Path;
use std::process::{Command, Output};

/// Secrets and personal data, assembled at run time so this file holds no scannable secret.
fn planted() -> Vec<String> {
    vec![
        concat!("AKIA", "QWERTYUI2345ABCD").to_owned(),
        concat!("sk_", "live_", "9fQ2xLr7TmVb3NcKp8WzYh4D").to_owned(),
        concat!(
            "xoxb-",
            "284619570312-5719384026471-",
            "Zr8qLw2Vx9Tn4Km7Pc3Ys6Hd"
        )
        .to_owned(),
        "S3cr3tPw9x!Q".to_owned(),
        "ana.lopez@corp-mail.io".to_owned(),
        "4539 1488 0343 6467".to_owned(),
        "q8Zr2LwPx7TnV4mKc9YsB3".to_owned(),
    ]
}

fn events() -> String {
    let p = planted();
    let base = r#""class_uid": 3002, "category_uid": 3, "activity_id": 1, "type_uid": 300201, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "S", "vendor_name": "A"}}"#;
    [
        format!(r#"{{{base}, "message": "key {} and {}", "user": {{"uid": "u-1", "email_addr": "{}"}}}}"#, p[0], p[1], p[4]),
        format!(r#"{{{base}, "user": {{"uid": "u-2"}}, "unmapped": {{"slack": "{}", "password": "{}", "card": "{}", "cfg": {{"client_secret": "{}"}}}}}}"#, p[2], p[3], p[5], p[6]),
        format!(r#"{{{base}, "user": {{"uid": "u-3"}}, "http_request": {{"url": {{"url_string": "https://ana:{}@files.acme.io/x"}}}}}}"#, p[3]),
    ]
    .join("\n")
        + "\n"
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ocsf-validate"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn no_format_prints_a_detected_value_whole() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("e.jsonl"), events()).unwrap();
    for format in ["human", "json", "sarif", "github"] {
        for policy in ["default", "strict"] {
            let o = run(
                t.path(),
                &[
                    "--no-config",
                    "--format",
                    format,
                    "--pii-policy",
                    policy,
                    "e.jsonl",
                ],
            );
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            assert_eq!(o.status.code(), Some(1), "{format}: {all}");
            for secret in planted() {
                assert!(
                    !all.contains(&secret),
                    "{format}/{policy} prints {secret:?}:\n{all}"
                );
            }
            for code in [
                "OCSFS101", "OCSFS170", "OCSFS151", "OCSFS301", "OCSFS302", "OCSFS204", "OCSFP101",
                "OCSFP202",
            ] {
                assert!(
                    all.contains(code),
                    "{format}/{policy}: {code} missing:\n{all}"
                );
            }
        }
    }
}

#[test]
fn off_reports_nothing_of_the_kind() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("e.jsonl"), events()).unwrap();
    let o = run(
        t.path(),
        &[
            "--no-config",
            "--format",
            "json",
            "--pii-policy",
            "off",
            "e.jsonl",
        ],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        !out.contains("\"category\":\"secret\"") && !out.contains("\"category\":\"pii\""),
        "{out}"
    );
}

#[test]
fn policy_file_sets_the_level() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join("ocsf-validate.toml"),
        "[pii]\npolicy = \"off\"\n",
    )
    .unwrap();
    std::fs::write(t.path().join("e.jsonl"), events()).unwrap();
    let o = run(t.path(), &["--format", "json", "e.jsonl"]);
    assert!(!String::from_utf8_lossy(&o.stdout).contains("OCSFS101"));
    // The flag wins over the file.
    let o = run(
        t.path(),
        &["--format", "json", "--pii-policy", "default", "e.jsonl"],
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("OCSFS101"));
}

#[test]
fn redact_writes_the_same_format() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("e.jsonl"), events()).unwrap();
    let o = run(t.path(), &["--no-config", "--redact", "e.jsonl"]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().count(), 3);
    for line in out.lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap();
    }
    for secret in planted() {
        assert!(!out.contains(&secret), "{secret:?} left in {out}");
    }
    assert!(out.contains("[REDACTED:aws_access_key_id]"), "{out}");
    assert!(out.contains("redacted+email@redacted.invalid"), "{out}");
    // A JSON array document, to a file, with keyed hashes: equal values, equal placeholders.
    let all = events();
    let lines: Vec<&str> = all.lines().collect();
    std::fs::write(
        t.path().join("a.json"),
        format!("[\n  {},\n  {}\n]\n", lines[0], lines[1]),
    )
    .unwrap();
    let o = run(
        t.path(),
        &[
            "--no-config",
            "--redact",
            "--redact-hash",
            "k1",
            "--output",
            "r.json",
            "a.json",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = std::fs::read_to_string(t.path().join("r.json")).unwrap();
    assert!(text.starts_with("[\n  {"), "layout kept: {text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert!(text.contains(":hmac:"), "{text}");
    // Checking the redacted file reports no secret.
    let o = run(t.path(), &["--no-config", "--format", "json", "r.json"]);
    assert!(!String::from_utf8_lossy(&o.stdout).contains("\"category\":\"secret\""));
}
