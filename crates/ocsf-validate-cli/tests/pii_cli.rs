//! The binary never prints a detected value whole, in any format, nor in the human format's
//! excerpts a value of a personal-data attribute; it shows other values whole; `--redact`
//! writes the events back in their format.

mod common;

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
    for format in ["human", "json", "sarif", "github", "junit", "gitlab"] {
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

/// A sequence of values (`jq`'s pretty output, records glued together) is redacted value by
/// value, in a file and on stdin, with the layout between the values kept; text after the last
/// value that parses is written as it was and named by its line.
#[test]
fn redact_reads_a_sequence_of_values() {
    use common::pretty;
    let t = tempfile::tempdir().unwrap();
    let all = events();
    let lines: Vec<&str> = all.lines().collect();
    let text = format!("{}\n{}{}\n", pretty(lines[0]), pretty(lines[1]), lines[2]);
    std::fs::write(t.path().join("jq.json"), &text).unwrap();
    let from_file = run(t.path(), &["--no-config", "--redact", "jq.json"]);
    let from_stdin = common::run(
        t.path(),
        &["--no-config", "--redact", "-"],
        Some(text.as_bytes()),
    );
    for o in [&from_file, &from_stdin] {
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let out = String::from_utf8(o.stdout.clone()).unwrap();
        for secret in planted() {
            assert!(!out.contains(&secret), "{secret:?} left in {out}");
        }
        // Three values, in their layout: the pretty ones still span their lines.
        let values: Vec<serde_json::Value> = serde_json::Deserializer::from_str(&out)
            .into_iter()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(values.len(), 3);
        assert_eq!(out.lines().count(), text.lines().count());
    }
    assert_eq!(from_file.stdout, from_stdin.stdout);
    // A value cut off at the end cannot be redacted: written as it was, by its line, exit 1.
    let cut = format!("{}\n{}", pretty(lines[2]), &lines[0][..40]);
    std::fs::write(t.path().join("cut.json"), &cut).unwrap();
    let o = run(t.path(), &["--no-config", "--redact", "cut.json"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    let line = pretty(lines[2]).lines().count() + 1;
    assert!(
        err.contains(&format!("1 input written as it was (not redacted: no JSON object within the bounds): cut.json:{line}")),
        "{err}"
    );
    assert!(String::from_utf8(o.stdout)
        .unwrap()
        .ends_with(&lines[0][..40]));
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
    // A byte order mark before the events stays, and the events after it are redacted alike.
    std::fs::write(t.path().join("bom.jsonl"), format!("\u{feff}{}", events())).unwrap();
    let o = run(t.path(), &["--no-config", "--redact", "bom.jsonl"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        format!("\u{feff}{out}")
    );
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

/// Personal data that no detector finds, in attributes the classification marks, beside and
/// at schema errors: a personal-data attribute with a wrong value (`email_addr` not an email,
/// `full_name` a number) and an IP address beside an unknown attribute.
fn personal_events() -> String {
    let base = r#""class_uid": 3002, "category_uid": 3, "activity_id": 1, "type_uid": 300201, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "S", "vendor_name": "A"}}"#;
    [
        format!(r#"{{{base}, "user": {{"uid": "u-1", "full_name": "Maite Arrieta Zubiri", "email_addr": "maite.arrieta at corp"}}, "x_bad": 1}}"#),
        format!(r#"{{{base}, "src_endpoint": {{"hostname": "maite-portatil", "ip": "203.0.113.7"}}, "user": {{"uid": "u-2", "full_name": 4242}}, "x_other": true}}"#),
    ]
    .join("\n")
        + "\n"
}

const PERSONAL: &[&str] = &[
    "Maite Arrieta Zubiri",
    "maite.arrieta at corp",
    "4242",
    "maite-portatil",
    "203.0.113.7",
];

#[test]
fn excerpts_mask_personal_data_whatever_the_policy() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("p.jsonl"), personal_events()).unwrap();
    // Pretty-printed, each member on its own line: the excerpt is the offending member's line.
    let pretty: Vec<String> = personal_events()
        .lines()
        .map(|l| {
            serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(l).unwrap())
                .unwrap()
        })
        .collect();
    std::fs::write(t.path().join("p.json"), format!("[{}]", pretty.join(",\n"))).unwrap();
    for policy in ["off", "default", "strict"] {
        for file in ["p.jsonl", "p.json"] {
            let o = run(t.path(), &["--no-config", "--pii-policy", policy, file]);
            let out = String::from_utf8_lossy(&o.stdout);
            assert!(out.contains(" | "), "{policy} {file}: no excerpt:\n{out}");
            // The strict-only attributes (host names, IP addresses) may show under default.
            let never = if policy == "strict" {
                PERSONAL
            } else {
                &PERSONAL[..3]
            };
            for value in never {
                assert!(
                    !out.contains(value),
                    "{policy} {file} shows {value:?}:\n{out}"
                );
            }
            assert!(out.contains("«"), "{policy} {file}:\n{out}");
        }
    }
}

#[test]
fn schema_findings_show_their_value_whole_unless_personal_or_masked() {
    let t = tempfile::tempdir().unwrap();
    let base = r#""class_uid": 4001, "category_uid": 4, "activity_id": 1, "type_uid": 400101, "severity_id": 1, "time": 1700000000000, "metadata": {"version": "1.6.0", "product": {"name": "S", "vendor_name": "A"}}"#;
    std::fs::write(
        t.path().join("ip.jsonl"),
        format!("{{{base}, \"src_endpoint\": {{\"ip\": \"12.0.0.300\"}}, \"dst_endpoint\": {{\"ip\": \"10.1.1.1\", \"port\": \"eighty\"}}}}\n"),
    )
    .unwrap();
    let human = |args: &[&str]| {
        let mut all = vec!["--no-config"];
        all.extend_from_slice(args);
        all.push("ip.jsonl");
        String::from_utf8(run(t.path(), &all).stdout).unwrap()
    };
    // Not personal data under the default policy, and no detector finds anything: shown whole,
    // in the message (which quotes it as "12.0…" (10 chars) in the other formats) and the excerpt.
    let out = human(&[]);
    assert!(
        out.contains(r#"`ip` is not an IPv4 or IPv6 address: "12.0.0.300""#),
        "{out}"
    );
    assert!(out.contains(r#""ip": "12.0.0.300""#), "{out}");
    let json =
        String::from_utf8(run(t.path(), &["--no-config", "--format", "json", "ip.jsonl"]).stdout)
            .unwrap();
    assert!(
        !json.contains("12.0.0.300") && json.contains(r#"\"12.0…\" (10 chars)"#),
        "{json}"
    );
    // IP addresses are personal data under strict: masked there, and by --mask-values.
    for args in [&["--pii-policy", "strict"][..], &["--mask-values"][..]] {
        let out = human(args);
        assert!(
            !out.contains("12.0.0.300") && !out.contains("10.1.1.1"),
            "{args:?}:\n{out}"
        );
        assert!(out.contains(r#""12.0…" (10 chars)"#), "{args:?}:\n{out}");
    }
    assert!(!human(&["--mask-values"]).contains("eighty"));
    // Without the excerpt, the message still shows the value.
    let out = human(&["--no-source"]);
    assert!(
        out.contains(r#"address: "12.0.0.300""#) && !out.contains(" | "),
        "{out}"
    );
}

/// JSON lines are redacted as they are read, from stdin (its first line is a whole event) as
/// from a file; a line past the event bound, or not UTF-8, stops the input
/// with an error naming it, after the lines before it, and none of it is written.
#[test]
fn redact_streams_json_lines_and_stops_at_a_line_it_cannot_redact() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("e.jsonl"), events()).unwrap();
    let whole = run(t.path(), &["--no-config", "--redact", "e.jsonl"]);
    assert_eq!(whole.status.code(), Some(0));
    let piped = common::run(
        t.path(),
        &["--no-config", "--redact", "-"],
        Some(events().as_bytes()),
    );
    assert_eq!(piped.stdout, whole.stdout);

    let first = events().lines().next().unwrap().to_owned();
    let long = format!(
        r#"{{"class_uid": 3002, "message": "{}"}}"#,
        "x".repeat(5000)
    );
    for (name, bad, why) in [
        (
            "long.jsonl",
            long.into_bytes(),
            "is longer than the bound of 4096 bytes",
        ),
        (
            "bad.jsonl",
            b"{\"message\": \"\xff\"}".to_vec(),
            "is not UTF-8",
        ),
    ] {
        let mut text = format!("{first}\n").into_bytes();
        text.extend_from_slice(&bad);
        text.extend_from_slice(format!("\n{first}\n").as_bytes());
        std::fs::write(t.path().join(name), text).unwrap();
        let o = run(
            t.path(),
            &["--no-config", "--redact", "--max-event-bytes", "4096", name],
        );
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(&format!("{name}: line 2 {why}")), "{err}");
        let out = String::from_utf8(o.stdout).unwrap();
        assert_eq!(
            out,
            String::from_utf8(whole.stdout.clone())
                .unwrap()
                .lines()
                .next()
                .unwrap()
                .to_owned()
                + "\n"
        );
    }
}

/// A line or element that is no JSON event is written as it was, since it cannot be redacted:
/// the closing line names where, and the exit status is 1.
#[test]
fn redact_names_what_it_could_not_redact() {
    let t = tempfile::tempdir().unwrap();
    let first = events().lines().next().unwrap().to_owned();
    std::fs::write(
        t.path().join("e.jsonl"),
        format!("{first}\n{{\"broken\n{first}\n"),
    )
    .unwrap();
    std::fs::write(t.path().join("a.json"), format!("[{first}, \"just text\"]")).unwrap();
    let o = run(t.path(), &["--no-config", "--redact", "e.jsonl", "a.json"]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("{\"broken\n") && out.contains("\"just text\"]"),
        "{out}"
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("redacted in 3 events; 2 inputs written as they were (not redacted: no JSON object within the bounds): e.jsonl:2, a.json[1]"),
        "{err}"
    );
    let array = run(t.path(), &["--no-config", "--redact", "a.json"]);
    assert_eq!(array.status.code(), Some(1));
    std::fs::write(t.path().join("ok.jsonl"), format!("{first}\n")).unwrap();
    let ok = run(t.path(), &["--no-config", "--redact", "ok.jsonl"]);
    assert_eq!(ok.status.code(), Some(0));
}
