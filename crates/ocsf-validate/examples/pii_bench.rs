//! Cost of the personal-data and secret rules against the schema checks alone, measured in
//! the same run on the fixed-seed corpus with secrets and personal data planted in 1% of the
//! events: `cargo run --release -p ocsf-validate --example pii_bench -- [EVENTS] [LEVEL]`.
//! Prints throughput of (a) schema checks only, (b) schema + rules, and (b − a) / a.

use std::hint::black_box;
use std::time::Instant;

use ocsf_test_support::corpus::{Generator, Rng};
use ocsf_validate::pii::{PiiLevel, PiiRules};
use ocsf_validate::{Policy, Validator};
use serde_json::{json, Value};

/// Values planted into 1% of the events, in `message` or under `unmapped`; assembled at run
/// time so that no scannable secret is committed.
fn plants(r: &mut Rng) -> String {
    let n = r.next_u64();
    match n % 6 {
        0 => format!("{}{:016X}", "AKIA", n)
            .chars()
            .take(20)
            .collect::<String>()
            .replace(['0', '1', '8', '9'], "Q"),
        1 => format!("login by user{}@corp-mail.io from branch", n % 1000),
        2 => format!("postgres://app:Pw{:x}@db.internal:5432/main", n),
        3 => format!("Authorization: Bearer {:x}{:x}", n, n.rotate_left(17)),
        4 => format!("card 4539 1488 0343 6467 ref {}", n % 97),
        _ => format!("{}{:x}{:x}", concat!("sk_", "live_"), n, n.rotate_left(23)),
    }
}

fn corpus(n: usize) -> Vec<Vec<u8>> {
    let mut g = Generator::new(ocsf_schema::v1_6_0::schema(), 42, 24);
    let mut r = Rng::new(7);
    (0..n)
        .map(|_| {
            let mut e: Value = g.event();
            if r.below(100) == 0 {
                let planted = plants(&mut r);
                if let Some(o) = e.as_object_mut() {
                    if r.chance(50) {
                        o.insert("message".into(), json!(planted));
                    } else {
                        o.insert(
                            "unmapped".into(),
                            json!({"note": planted, "cfg": {"password": "Pw-9x!q"}}),
                        );
                    }
                }
            }
            serde_json::to_vec(&e).unwrap_or_default()
        })
        .collect()
}

fn time(lines: &[Vec<u8>], rounds: usize, v: &Validator) -> (f64, usize) {
    let mut best = f64::MAX;
    let mut found = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        found = 0;
        for l in lines {
            let r = black_box(v.validate_bytes(l));
            found += r.diagnostics.len();
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    (best, found)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(50_000);
    let level = args
        .next()
        .and_then(|s| PiiLevel::parse(&s))
        .unwrap_or(PiiLevel::Default);
    let schema = ocsf_schema::v1_6_0::schema();
    let lines = corpus(n);
    let mb = lines.iter().map(Vec::len).sum::<usize>() as f64 / 1e6;
    let plain = Validator::new(schema).unwrap();
    let policy = Policy::default();
    let rules = PiiRules::new(schema, level, &policy).unwrap();
    let with = Validator::builder()
        .with_schema(schema)
        .with_policy(policy)
        .with_rule(Box::new(rules))
        .build()
        .unwrap();
    // Warm up: compiles the detectors' regexes.
    let _ = time(&lines[..lines.len().min(1000)], 1, &with);
    let (a, da) = time(&lines, 3, &plain);
    let (b, db) = time(&lines, 3, &with);
    println!(
        "corpus: {} events, {mb:.1} MB, secrets/PII planted in 1%, level {level:?}",
        lines.len()
    );
    println!(
        "(a) schema checks          {:8.1} MB/s {:10.0} events/s  {da} diagnostics",
        mb / a,
        n as f64 / a
    );
    println!(
        "(b) schema + PII/secrets   {:8.1} MB/s {:10.0} events/s  {db} diagnostics",
        mb / b,
        n as f64 / b
    );
    println!("rule cost (b - a) / a      {:8.3}", (b - a) / a);
}
