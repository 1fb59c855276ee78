//! Validation throughput against its baseline in the same run: `serde_json::from_slice` into
//! a `Value` of the same lines. Prints MB/s, events/s and the ratio, then runs criterion.

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, Criterion, Throughput};
use ocsf_test_support::corpus::Generator;
use ocsf_validate::Validator;

fn corpus(n: usize) -> Vec<Vec<u8>> {
    let mut g = Generator::new(ocsf_schema::v1_6_0::schema(), 42, 24);
    let mut buf = Vec::new();
    g.write_jsonl(n, &mut buf).unwrap();
    buf.split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(<[u8]>::to_vec)
        .collect()
}

fn time(lines: &[Vec<u8>], rounds: usize, mut f: impl FnMut(&[u8])) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let t = Instant::now();
        for l in lines {
            f(l);
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    best
}

fn report() {
    let lines = corpus(100_000);
    let bytes: usize = lines.iter().map(Vec::len).sum();
    let v = Validator::new(ocsf_schema::v1_6_0::schema()).unwrap();
    let base = time(&lines, 3, |l| {
        black_box(serde_json::from_slice::<serde_json::Value>(l).unwrap());
    });
    let val = time(&lines, 3, |l| {
        black_box(v.validate_bytes(l));
    });
    // Lower bound: the same parse with nothing kept.
    let skim = time(&lines, 3, |l| {
        black_box(serde_json::from_slice::<serde::de::IgnoredAny>(l).unwrap());
    });
    let mb = bytes as f64 / 1e6;
    let n = lines.len() as f64;
    println!("corpus: {} events, {:.1} MB", lines.len(), mb);
    println!(
        "serde_json::Value    {:8.1} MB/s {:10.0} events/s",
        mb / base,
        n / base
    );
    println!(
        "validate_bytes       {:8.1} MB/s {:10.0} events/s",
        mb / val,
        n / val
    );
    println!(
        "IgnoredAny (floor)   {:8.1} MB/s {:10.0} events/s",
        mb / skim,
        n / skim
    );
    println!("ratio validate/Value {:8.2}x", base / val);
}

fn bench(c: &mut Criterion) {
    let lines = corpus(2_000);
    let bytes: usize = lines.iter().map(Vec::len).sum();
    let v = Validator::new(ocsf_schema::v1_6_0::schema()).unwrap();
    let mut g = c.benchmark_group("2000 events");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("serde_json Value", |b| {
        b.iter(|| {
            for l in &lines {
                black_box(serde_json::from_slice::<serde_json::Value>(l).unwrap());
            }
        })
    });
    g.bench_function("validate_bytes", |b| {
        b.iter(|| {
            for l in &lines {
                black_box(v.validate_bytes(l));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);

fn main() {
    report();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
