//! `detect_into` throughput on realistic strings, against two baselines measured in the same
//! run: the engine as it was before issue 11 (`ocsf_detect::reference`, the `reference`
//! feature, enabled for benches by the crate's dev-dependency on itself) and a floor, one
//! `memchr` pass over the same bytes, which no scanner that reads every byte can beat.
//!
//! Haystack sets: every string value of the published and seed events, read from `../shared`
//! at bench time (when it is absent the bench says so and uses the crate's own corpus of
//! look-alike negatives instead); typical benign OCSF strings made from a seed; the labelled
//! positives. Prints MB/s and ratios per set and option, then runs criterion.
//!
//! `cargo bench -p ocsf-detect --bench detect`

#[path = "../tests/corpus/mod.rs"]
#[allow(dead_code)]
mod corpus;
#[path = "../tests/haystacks/mod.rs"]
#[allow(dead_code)]
mod haystacks;

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, Throughput};
use ocsf_detect::{detect_into, reference, Finding, Options};

struct Set {
    name: &'static str,
    strings: Vec<String>,
}

impl Set {
    fn bytes(&self) -> usize {
        self.strings.iter().map(String::len).sum()
    }
}

fn sets() -> Vec<Set> {
    let published = match haystacks::shared_event_files() {
        Some(files) => Set {
            name: "published events",
            strings: haystacks::event_strings(&files),
        },
        None => {
            println!("../shared is absent: the published-event set is the crate's negatives");
            Set {
                name: "corpus negatives",
                strings: corpus::negatives(1).into_iter().map(|(_, t)| t).collect(),
            }
        }
    };
    let positives = corpus::positives(0x0C5F_2025, 4)
        .into_iter()
        .map(|s| s.text)
        .collect();
    vec![
        published,
        Set {
            name: "benign OCSF strings",
            strings: haystacks::benign(7, 20_000),
        },
        Set {
            name: "positive corpus",
            strings: positives,
        },
    ]
}

type Scan = fn(&str, Options, &mut Vec<Finding>);

fn floor(s: &str, _: Options, _: &mut Vec<Finding>) {
    black_box(memchr::memchr(0, black_box(s.as_bytes())));
}

const SCANS: [(&str, Scan); 3] = [
    ("memchr floor", floor),
    ("reference", reference::detect_into),
    ("detect_into", detect_into),
];

/// Seconds for one pass over `strings` by each scan: the best of 7 rounds of about 0.1 s
/// each, the scans taking turns in every round so that a busy machine slows them alike.
fn time(strings: &[String], opts: Options) -> [f64; 3] {
    let mut out = Vec::new();
    let mut pass = |scan: Scan| {
        let t = Instant::now();
        for s in strings {
            scan(black_box(s), opts, &mut out);
            out.clear();
        }
        t.elapsed().as_secs_f64()
    };
    let reps = SCANS.map(|(_, scan)| ((0.1 / pass(scan)) as usize).clamp(1, 10_000));
    let mut best = [f64::MAX; 3];
    for _ in 0..7 {
        for (k, (_, scan)) in SCANS.iter().enumerate() {
            let t = (0..reps[k]).map(|_| pass(*scan)).sum::<f64>() / reps[k] as f64;
            best[k] = best[k].min(t);
        }
    }
    best
}

fn report(sets: &[Set]) {
    let options = [
        ("default", Options::default()),
        (
            "strict",
            Options {
                strict: true,
                ..Options::default()
            },
        ),
        (
            "secrets only",
            Options {
                secrets_only: true,
                ..Options::default()
            },
        ),
    ];
    println!(
        "{:<22} {:<13} {:>8} {:>9} {:>13} {:>13} {:>13} {:>9} {:>9}",
        "set",
        "options",
        "strings",
        "MB",
        "floor MB/s",
        "ref MB/s",
        "new MB/s",
        "new/ref",
        "new/floor"
    );
    for set in sets {
        let mb = set.bytes() as f64 / 1e6;
        for (label, opts) in options {
            let [f, r, n] = time(&set.strings, opts).map(|t| mb / t);
            println!(
                "{:<22} {:<13} {:>8} {:>9.3} {:>13.1} {:>13.1} {:>13.1} {:>8.2}x {:>8.3}x",
                set.name,
                label,
                set.strings.len(),
                mb,
                f,
                r,
                n,
                n / r,
                n / f
            );
        }
    }
}

fn bench(c: &mut Criterion, sets: &[Set]) {
    for set in sets {
        let mut g = c.benchmark_group(set.name);
        g.throughput(Throughput::Bytes(set.bytes() as u64));
        for (name, scan) in SCANS {
            g.bench_function(name, |b| {
                let mut out = Vec::new();
                b.iter(|| {
                    for s in &set.strings {
                        scan(black_box(s), Options::default(), &mut out);
                        out.clear();
                    }
                })
            });
        }
        g.finish();
    }
}

fn main() {
    let sets = sets();
    report(&sets);
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c, &sets);
    c.final_summary();
}
