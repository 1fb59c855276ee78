//! `ocsf::Event::from_slice` (strict) and `ocsf::lenient::Event::from_slice` against the
//! baseline measured in the same run, `serde_json::from_slice::<serde_json::Value>` of the same
//! bytes: the published events of `../shared/real-events/real.jsonl` (the bench says so and
//! uses a generated corpus where that is absent). Prints the ratios, then runs criterion.
//!
//! `cargo bench -p ocsf --bench read_event`

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};

fn events() -> (&'static str, Vec<Vec<u8>>) {
    if let Some(bytes) = ocsf_test_support::shared_bytes("real-events/real.jsonl") {
        let events = bytes
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|line| {
                let record: serde_json::Value =
                    serde_json::from_slice(line).expect("a JSON record");
                serde_json::to_vec(&record["event"]).expect("serializes")
            })
            .collect();
        return ("published events", events);
    }
    println!("../shared is absent: reading the generated corpus instead");
    let mut generator =
        ocsf_test_support::corpus::Generator::new(ocsf_schema::v1_6_0::schema(), 7, 20);
    let events = (0..2_000)
        .map(|_| serde_json::to_vec(&generator.event()).expect("serializes"))
        .collect();
    ("generated events", events)
}

fn value(events: &[Vec<u8>]) {
    for e in events {
        black_box(serde_json::from_slice::<serde_json::Value>(e).ok());
    }
}

fn strict(events: &[Vec<u8>]) {
    for e in events {
        black_box(ocsf::Event::from_slice(e).ok());
    }
}

fn lenient(events: &[Vec<u8>]) {
    for e in events {
        black_box(ocsf::lenient::Event::from_slice(e).ok());
    }
}

/// The fastest of a few runs of at least 200 ms each, per pass over the events.
fn best(run: fn(&[Vec<u8>]), events: &[Vec<u8>]) -> Duration {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            let mut passes = 0u32;
            while start.elapsed() < Duration::from_millis(200) {
                run(events);
                passes += 1;
            }
            start.elapsed() / passes
        })
        .min()
        .expect("five runs")
}

fn main() {
    let (name, events) = events();
    let bytes: usize = events.iter().map(Vec::len).sum();
    let base = best(value, &events);
    println!("{name}: {} events, {bytes} bytes", events.len());
    println!("serde_json::Value          {base:>10.2?} per pass (baseline)");
    for (label, run) in [
        ("ocsf::Event (strict)", strict as fn(&[Vec<u8>])),
        ("ocsf::lenient::Event", lenient),
    ] {
        let t = best(run, &events);
        let ratio = t.as_secs_f64() / base.as_secs_f64();
        println!("{label:<26} {t:>10.2?} per pass, {ratio:.2}x the baseline");
    }

    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("serde_json::Value", |b| b.iter(|| value(&events)));
    group.bench_function("ocsf::Event::from_slice", |b| b.iter(|| strict(&events)));
    group.bench_function("ocsf::lenient::Event::from_slice", |b| {
        b.iter(|| lenient(&events))
    });
    group.finish();
    c.final_summary();
}
