//! Cost of the personal-data and secret rules against the schema checks alone, measured in
//! the same run on the fixed-seed corpus with secrets and personal data planted in 1% of the
//! events: `cargo run --release -p ocsf-validate --example pii_bench -- [EVENTS] [LEVEL]`.
//! Prints throughput of (a) schema checks only, (b) schema + rules, and (b − a) / a.

use std::hint::black_box;
use std::time::Instant;

use ocsf_test_support::corpus::Generator;
use ocsf_validate::pii::{PiiLevel, PiiRules};
use ocsf_validate::{Policy, Validator};

/// The generated corpus with the 1% plants of `ocsf_test_support::corpus::plants`.
fn corpus(n: usize) -> Vec<Vec<u8>> {
    let mut g = Generator::new(ocsf_schema::v1_6_0::schema(), 42, 24).with_plants(7);
    (0..n)
        .map(|_| serde_json::to_vec(&g.event()).unwrap_or_default())
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
