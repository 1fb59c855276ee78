//! The CI formats, read by their consumers: SARIF by Microsoft's SARIF validator with the rule
//! kinds of the standard (`Sarif`) and of GitHub code scanning (`Gh`), on relative and absolute
//! paths, directories and stdin; JUnit XML by two parsers CI services use; GitLab Code Quality
//! against the schema and the rules of GitLab's parser. On the seed events and the events
//! others published (`../shared`); the tools are installed on first use (tests/common/tools.rs).

mod common;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{json, Value};

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ocsf-validate"));
    cmd.args(["--no-config", "--no-progress"]);
    cmd
}

/// The binary's output on `paths` from `cwd` (stdin from `stdin` when given).
fn output(cwd: &Path, format: &str, paths: &[&str], stdin: Option<&Path>) -> String {
    let mut cmd = bin();
    cmd.current_dir(cwd).args(["--format", format]).args(paths);
    if let Some(file) = stdin {
        cmd.stdin(Stdio::from(std::fs::File::open(file).unwrap()));
    }
    let out = cmd.output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The events of `../shared/real-events` (each line wraps one in `"event"`), one file per
/// source file, in a temporary folder.
fn published() -> Option<tempfile::TempDir> {
    let dir = common::shared("real-events")?;
    let t = tempfile::tempdir().unwrap();
    for name in [
        "real.jsonl",
        "generated_prerelease.jsonl",
        "vendor_docs.jsonl",
    ] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let events: String = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                serde_json::to_string(&v["event"]).unwrap() + "\n"
            })
            .collect();
        std::fs::write(t.path().join(name), events).unwrap();
    }
    Some(t)
}

/// The diagnostics of the JSON format on the same input: the count every format must show.
fn diagnostics(cwd: &Path, paths: &[&str], stdin: Option<&Path>) -> Vec<Value> {
    output(cwd, "json", paths, stdin)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v.get("summary").is_none())
        .collect()
}

/// What the SARIF of one input must be, besides what the multitool checks.
fn check_sarif(doc: &Value, expected: usize, what: &str) {
    let run = &doc["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), expected, "{what}: one result per diagnostic");
    for rule in run["tool"]["driver"]["rules"].as_array().unwrap() {
        assert!(rule["help"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(rule["help"]["markdown"]
            .as_str()
            .is_some_and(|t| !t.is_empty()));
        assert!(rule["helpUri"]
            .as_str()
            .unwrap()
            .contains("docs/rules.md#ocsf"));
        let props = &rule["properties"];
        if matches!(props["category"].as_str(), Some("pii" | "secret")) {
            let s: f64 = props["security-severity"]
                .as_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!((0.1..=10.0).contains(&s), "{rule}");
            assert!(props["tags"]
                .as_array()
                .unwrap()
                .contains(&json!("security")));
        }
    }
    let mut fingerprints = HashSet::new();
    for r in results {
        let fp = r["partialFingerprints"]["ocsfFinding/v1"].as_str().unwrap();
        assert!(fingerprints.insert(fp.to_owned()), "{what}: {fp} twice");
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(!uri.starts_with('/'), "{what}: {uri}");
    }
}

/// SARIF for the seed and published events, with relative and absolute paths, a directory
/// and stdin: no error and no warning of either rule kind.
#[test]
fn sarif_passes_the_sarif_multitool_for_github() {
    let Some(seeds) = common::shared("seed-events") else {
        return;
    };
    let Some(exe) = common::tools::sarif_multitool() else {
        return;
    };
    let published = published();
    let t = tempfile::tempdir().unwrap();
    let seeds_abs = std::fs::canonicalize(&seeds).unwrap();
    let seeds_abs = seeds_abs.to_str().unwrap();
    let one = Path::new(seeds_abs).join("corbado-passkey-login.json");
    let parent = Path::new(seeds_abs).parent().unwrap().to_path_buf();
    let mut cases: Vec<(&str, PathBuf, Vec<String>, Option<PathBuf>)> = vec![
        ("seeds, relative", seeds.clone(), vec![".".into()], None),
        (
            "seeds, absolute",
            t.path().into(),
            vec![seeds_abs.into()],
            None,
        ),
        (
            "seeds, a directory below",
            parent,
            vec![
                "seed-events".into(),
                format!("{seeds_abs}/l42-password-logon.json"),
            ],
            None,
        ),
        ("seeds, stdin", t.path().into(), vec!["-".into()], Some(one)),
    ];
    if let Some(p) = &published {
        cases.push((
            "published, relative",
            p.path().into(),
            vec![".".into()],
            None,
        ));
    }
    let mut summary = Vec::new();
    for (i, (what, cwd, paths, stdin)) in cases.iter().enumerate() {
        let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
        let text = output(cwd, "sarif", &paths, stdin.as_deref());
        let doc: Value = serde_json::from_str(&text).unwrap();
        check_sarif(&doc, diagnostics(cwd, &paths, stdin.as_deref()).len(), what);
        let file = t.path().join(format!("case{i}.sarif"));
        std::fs::write(&file, &text).unwrap();
        for kind in ["Sarif", "Gh"] {
            let found = common::tools::multitool(&exe, &file, kind);
            common::tools::assert_no_error_or_warning(&found, &format!("{what}, rule kind {kind}"));
            let notes: usize = found.get("note").map_or(0, |n| n.values().sum());
            summary.push(format!(
                "{what} ({kind}): 0 errors, 0 warnings, {notes} notes"
            ));
        }
    }
    eprintln!(
        "sarif-multitool {}:\n  {}",
        common::tools::SARIF_MULTITOOL,
        summary.join("\n  ")
    );
}

/// Events per file, and failing events per file, from the JSON format.
fn expected_suites(cwd: &Path, fail_on: &str) -> Value {
    let out = bin()
        .current_dir(cwd)
        .args(["--format", "json", "--fail-on", fail_on, "."])
        .output()
        .unwrap();
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let rank = |s: &str| ["info", "warning", "error"].iter().position(|x| *x == s);
    let mut failing: BTreeMap<String, HashSet<u64>> = BTreeMap::new();
    for d in lines.iter().filter(|v| v.get("summary").is_none()) {
        let set = failing
            .entry(d["file"].as_str().unwrap().to_owned())
            .or_default();
        if rank(d["severity"].as_str().unwrap()) >= rank(fail_on) {
            set.insert(d["index"].as_u64().unwrap());
        }
    }
    // Events per file: every file of the input is read here too.
    let mut suites = serde_json::Map::new();
    for entry in std::fs::read_dir(cwd).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if !name.ends_with(".json") && !name.ends_with(".jsonl") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let events = if name.ends_with(".jsonl") {
            text.lines().filter(|l| !l.trim().is_empty()).count()
        } else {
            1
        };
        let failures = failing.get(&name).map_or(0, HashSet::len);
        suites.insert(name, json!({ "tests": events, "failures": failures }));
    }
    Value::Object(suites)
}

/// JUnit XML read by junitparser and by Codecov's test-results-parser: a suite per file, a
/// case per event, the failing events where the JSON format has findings at `--fail-on`.
#[test]
fn junit_is_read_by_junit_parsers() {
    let Some(seeds) = common::shared("seed-events") else {
        return;
    };
    let Some(python) = common::tools::python_with(common::tools::JUNIT_PARSERS) else {
        return;
    };
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/python/check_junit.py");
    let published = published();
    let render = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render");
    let mut dirs = vec![seeds, render];
    dirs.extend(published.as_ref().map(|p| p.path().to_path_buf()));
    let t = tempfile::tempdir().unwrap();
    for dir in &dirs {
        for fail_on in ["error", "info"] {
            let xml = bin()
                .current_dir(dir)
                .args(["--format", "junit", "--fail-on", fail_on, "."])
                .output()
                .unwrap()
                .stdout;
            let report = t.path().join("report.xml");
            std::fs::write(&report, &xml).unwrap();
            let expected = t.path().join("expected.json");
            std::fs::write(&expected, expected_suites(dir, fail_on).to_string()).unwrap();
            let out = Command::new(&python)
                .arg(&script)
                .arg(&report)
                .arg(&expected)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{} --fail-on {fail_on}: {}{}",
                dir.display(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            eprint!("{}", String::from_utf8_lossy(&out.stdout));
        }
    }
}

/// GitLab validates each issue of a Code Quality report with a JSON schema
/// (`app/validators/json_schemas/codeclimate.json` in GitLab) and stops reading the report at
/// the first issue it rejects; its parser keys issues by fingerprint and links
/// `location.lines.begin` (or `location.positions.begin.line`) in `location.path`. This schema
/// restates those rules, adding what GitLab's documentation asks (`check_name`, the five
/// severities).
fn gitlab_schema() -> Value {
    json!({
        "type": "array",
        "items": {
            "type": "object",
            "required": ["description", "check_name", "fingerprint", "severity", "location"],
            "properties": {
                "description": { "type": "string", "minLength": 1 },
                "check_name": { "type": "string", "minLength": 1 },
                "fingerprint": { "type": "string", "minLength": 1 },
                "severity": { "enum": ["info", "minor", "major", "critical", "blocker"] },
                "location": {
                    "type": "object",
                    "required": ["path", "lines"],
                    "properties": {
                        "path": { "type": "string", "minLength": 1 },
                        "lines": {
                            "type": "object",
                            "required": ["begin"],
                            "properties": { "begin": { "type": "integer", "minimum": 1 } }
                        }
                    }
                }
            }
        }
    })
}

#[test]
fn gitlab_code_quality_passes_gitlabs_schema() {
    let render = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render");
    let mut dirs = vec![render];
    dirs.extend(common::shared("seed-events"));
    let published = published();
    dirs.extend(published.as_ref().map(|p| p.path().to_path_buf()));
    let validator = jsonschema::validator_for(&gitlab_schema()).unwrap();
    for dir in &dirs {
        let text = output(dir, "gitlab", &["."], None);
        let doc: Value = serde_json::from_str(&text).unwrap();
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", dir.display());
        let issues = doc.as_array().unwrap();
        assert_eq!(issues.len(), diagnostics(dir, &["."], None).len());
        let unique: HashSet<&str> = issues
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap())
            .collect();
        assert_eq!(
            unique.len(),
            issues.len(),
            "GitLab keeps one issue per fingerprint"
        );
        // The same fingerprints on a second run.
        assert_eq!(output(dir, "gitlab", &["."], None), text);
    }
    // No finding: an empty array, which GitLab reads as a report without issues.
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("empty.jsonl"), "").unwrap();
    assert_eq!(output(t.path(), "gitlab", &["."], None), "[]\n");
}
