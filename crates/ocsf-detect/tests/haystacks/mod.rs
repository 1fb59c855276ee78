//! Strings to scan, shared by the differential tests and the bench: the string values of the
//! published events in `../shared`, typical benign OCSF strings made from a seed, and the
//! labelled corpus.

use crate::corpus::{Rng, AN, DIG, HEX, LOW};

/// Every string value of a JSON document, depth first, in document order.
pub fn strings_of(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|i| strings_of(i, out)),
        serde_json::Value::Object(map) => map.values().for_each(|i| strings_of(i, out)),
        _ => {}
    }
}

/// The `.jsonl` files of `../shared/real-events` and the files of `../shared/seed-events`,
/// each with its text, or `None` (said, or a failure under `OCSF_REQUIRE_SHARED=1`) when
/// `../shared` is absent.
pub fn shared_event_files() -> Option<Vec<(String, String)>> {
    let mut files = Vec::new();
    for dir in ["real-events", "seed-events"] {
        let path = ocsf_test_support::shared(dir)?;
        let mut names: Vec<_> = std::fs::read_dir(&path)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", path.display()))
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.extension().is_some_and(|x| x != "md"))
            .collect();
        names.sort();
        for p in names {
            let text = std::fs::read_to_string(&p)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
            files.push((p.display().to_string(), text));
        }
    }
    Some(files)
}

/// The string values of the published and seed events: of the `event` of each line of a
/// `.jsonl` file (the whole line where it has none, as for the unparseable samples kept as
/// text), of each `.json` document, and each line of other files (CEF).
pub fn event_strings(files: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (name, text) in files {
        if name.ends_with(".jsonl") {
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let v: serde_json::Value =
                    serde_json::from_str(line).unwrap_or_else(|e| panic!("{name}: {e}"));
                strings_of(v.get("event").unwrap_or(&v), &mut out);
            }
        } else if name.ends_with(".json") {
            let v: serde_json::Value =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            strings_of(&v, &mut out);
        } else {
            out.extend(text.lines().map(str::to_owned));
        }
    }
    out
}

fn uuid(r: &mut Rng) -> String {
    let h = |r: &mut Rng, n| r.s(HEX, n);
    format!(
        "{}-{}-{}-{}-{}",
        h(r, 8),
        h(r, 4),
        h(r, 4),
        h(r, 4),
        h(r, 12)
    )
}

fn iso_time(r: &mut Rng) -> String {
    let n = |r: &mut Rng, lo: usize, hi: usize| lo + r.below(hi - lo + 1);
    let (y, mo, d, h, mi, s) = (
        n(r, 2019, 2025),
        n(r, 1, 12),
        n(r, 1, 28),
        n(r, 0, 23),
        n(r, 0, 59),
        n(r, 0, 59),
    );
    match r.below(3) {
        0 => format!("{y}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z"),
        1 => format!(
            "{y}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:03}Z",
            r.below(1000)
        ),
        _ => format!("{y}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}+02:00"),
    }
}

/// Typical values of OCSF string attributes that hold nothing to report: host names, paths,
/// user agents, URLs, UUIDs, times, enum captions, command lines, hashes, addresses, ARNs.
pub fn benign(seed: u64, n: usize) -> Vec<String> {
    const CAPTIONS: &[&str] = &[
        "Success",
        "Failure",
        "Informational",
        "Authentication",
        "Logon",
        "Logoff",
        "Network Activity",
        "API Activity",
        "Process Activity",
        "File System Activity",
        "Allowed",
        "Denied",
        "Medium",
        "Critical",
        "Other",
        "Unknown",
        "Identity & Access Management",
        "Security Finding",
    ];
    const PRODUCTS: &[&str] = &[
        "CloudTrail",
        "Security Hub",
        "GuardDuty",
        "Falcon",
        "Microsoft Defender for Endpoint",
        "Okta",
        "Prowler",
    ];
    const EXES: &[&str] = &[
        "C:\\Windows\\System32\\svchost.exe",
        "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
        "/usr/lib/systemd/systemd-journald",
        "/usr/sbin/sshd",
        "/bin/bash",
        "/usr/bin/python3",
    ];
    const COMMANDS: &[&str] = &[
        "powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\\scripts\\backup.ps1",
        "/bin/bash -c 'tar -czf /tmp/backup.tgz /etc'",
        "sshd: alice [priv]",
        "python3 -m pip install -r requirements.txt",
        "cmd.exe /c whoami /all",
        "kubectl get pods -n kube-system -o wide",
        "svchost.exe -k netsvcs -p -s Schedule",
        "rundll32.exe shell32.dll,Control_RunDLL",
    ];
    const AGENTS: &[&str] = &[
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
        "aws-cli/2.15.10 Python/3.11.6 Linux/6.1.0-1025-aws exe/x86_64.amzn.2 prompt/off command/s3.ls",
        "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.10.213 md/arch#x86_64 lang/python#3.12.2",
        "curl/8.4.0",
        "okhttp/4.12.0",
    ];
    let mut r = Rng::new(seed);
    (0..n)
        .map(|_| match r.below(14) {
            0 => format!(
                "{}-{:02}.{}.{}.corp.internal",
                r.pick(&["web", "db", "api", "cache", "vpn"]),
                r.below(40),
                r.pick(&["prod", "stage", "dev"]),
                r.pick(&["us-east-1", "eu-west-2", "ap-south-1"])
            ),
            1 => format!("DESKTOP-{}", r.s("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", 7)),
            2 => format!(
                "/var/log/{}/{}.log",
                r.s(LOW, 6),
                r.pick(&["access", "error", "audit"])
            ),
            3 => r.pick(EXES).to_owned(),
            4 => r.pick(AGENTS).to_owned(),
            5 => format!(
                "https://{}.example.com/v1/{}/{}?page={}&include=groups",
                r.s(LOW, 5),
                r.pick(&["users", "groups", "buckets", "findings"]),
                r.s(DIG, 5),
                r.below(9)
            ),
            6 => uuid(&mut r),
            7 => iso_time(&mut r),
            8 => r.pick(CAPTIONS).to_owned(),
            9 => r.pick(COMMANDS).to_owned(),
            10 => {
                let n = [40, 64][r.below(2)];
                r.s(HEX, n)
            }
            11 => format!("10.{}.{}.{}", r.below(256), r.below(256), r.below(256)),
            12 => format!(
                "arn:aws:iam::{}:role/{}",
                r.s(DIG, 12),
                r.pick(&["Admin", "ReadOnly", "SecurityAudit"])
            ),
            _ => format!("{} {}", r.pick(PRODUCTS), r.s(AN, 6)),
        })
        .collect()
}
