//! The command's diagnostics on a sample of each corpus of `bench/cli-speed.sh`, exactly as
//! the bench runs it (`--no-config --no-progress --format json --jobs 1`, default rules and
//! policy): a change made for speed must not add, lose or alter one of them (issue 11). The
//! expected output is an insta snapshot; a change that means to alter diagnostics updates it
//! with `cargo insta review` (or `INSTA_UPDATE=always`), and the diff shows in review.
//!
//! Samples: every tenth published event (../shared/real-events, unwrapped as the bench does);
//! 50 generated events with personal data filled in; 1,000 generated events with a secret or
//! personal data planted in 1% of them. The generator is seeded, so its events do not change
//! unless the generator does.

mod common;

use std::path::Path;

use ocsf_test_support::corpus::Generator;
use serde_json::Value;

/// The seed of the plants' own sequence, as in `bench_corpus` and `pii_bench`.
const PLANT_SEED: u64 = 7;

/// The command's JSON lines on `file` (in `dir`), without the summary line (its duration
/// changes) and with the validator's clock, which some messages quote, read as `NOW`.
fn diagnostics(dir: &Path, file: &str, args: &[&str]) -> String {
    let out = common::run(
        dir,
        &[
            &[
                "--no-config",
                "--no-progress",
                "--format",
                "json",
                "--jobs",
                "1",
            ],
            args,
            &[file],
        ]
        .concat(),
        None,
    );
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let clock = regex::Regex::new(r"the validator's clock \([^)]*\)").unwrap();
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("{\"summary\""))
        .collect();
    assert!(!lines.is_empty(), "no diagnostics on {file}");
    clock
        .replace_all(&lines.join("\n"), "the validator's clock (NOW)")
        .into_owned()
}

/// The command's diagnostics on `n` generated events of `kind` (`personal` or `planted`).
fn generated_diagnostics(kind: &str, n: usize) -> String {
    let dir = tempfile::tempdir().unwrap();
    let g = Generator::new(ocsf_schema::v1_6_0::schema(), 42, 24);
    let mut g = match kind {
        "personal" => g.with_personal_data(true),
        _ => g.with_plants(PLANT_SEED),
    };
    let mut bytes = Vec::new();
    g.write_jsonl(n, &mut bytes).unwrap();
    let file = format!("{kind}.jsonl");
    std::fs::write(dir.path().join(&file), bytes).unwrap();
    diagnostics(dir.path(), &file, &[])
}

#[test]
fn published_events_sample() {
    let Some(dir) = common::shared("real-events") else {
        return;
    };
    let text = std::fs::read_to_string(dir.join("real.jsonl")).unwrap();
    let mut sample = String::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()).step_by(10) {
        let wrapper: Value = serde_json::from_str(line).unwrap();
        if let Some(event) = wrapper.get("event") {
            sample.push_str(&serde_json::to_string(event).unwrap());
            sample.push('\n');
        }
    }
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("real.jsonl"), sample).unwrap();
    insta::assert_snapshot!(
        "published_default",
        diagnostics(work.path(), "real.jsonl", &[])
    );
    insta::assert_snapshot!(
        "published_pii_off",
        diagnostics(work.path(), "real.jsonl", &["--pii-policy", "off"])
    );
}

#[test]
fn personal_data_sample() {
    insta::assert_snapshot!("personal_default", generated_diagnostics("personal", 50));
}

#[test]
fn planted_sample() {
    insta::assert_snapshot!("planted_default", generated_diagnostics("planted", 1000));
}
