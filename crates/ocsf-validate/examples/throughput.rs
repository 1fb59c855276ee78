//! Single-threaded throughput of `validate_bytes` against `serde_json::from_slice::<Value>`
//! of the same lines, measured in the same run (rounds interleaved, best of each kept, so
//! that load from other processes hits both alike):
//! `cargo run --release -p ocsf-validate --example throughput -- CORPUS.jsonl [ROUNDS] [only]`.
//! With `only` (or `value`) as third argument just validation (or just the `Value` parse)
//! runs, for a profiler or an instruction count.

use std::hint::black_box;
use std::time::Instant;

use ocsf_validate::Validator;

fn time(lines: &[&[u8]], mut f: impl FnMut(&[u8])) -> f64 {
    let t = Instant::now();
    for l in lines {
        f(l);
    }
    t.elapsed().as_secs_f64()
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "corpus.jsonl".to_owned());
    let rounds: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(5);
    let mode = args.next().unwrap_or_default();
    let only = mode == "only";
    let value_only = mode == "value";
    let data = std::fs::read(&path)?;
    let lines: Vec<&[u8]> = data
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let v = Validator::new(ocsf_schema::v1_6_0::schema()).expect("the built-in schema compiles");
    let (mut base, mut val) = (f64::MAX, f64::MAX);
    let mut diags = 0usize;
    for _ in 0..rounds {
        if !only {
            base = base.min(time(&lines, |l| {
                black_box(serde_json::from_slice::<serde_json::Value>(l).ok());
            }));
        }
        if value_only {
            continue;
        }
        diags = 0;
        val = val.min(time(&lines, |l| {
            diags += black_box(v.validate_bytes(l)).diagnostics.len();
        }));
    }
    let mb = lines.iter().map(|l| l.len()).sum::<usize>() as f64 / 1e6;
    let n = lines.len() as f64;
    println!(
        "corpus: {} events, {mb:.1} MB, {diags} diagnostics",
        lines.len()
    );
    if !only {
        println!(
            "serde_json::Value  {:8.1} MB/s {:10.0} events/s",
            mb / base,
            n / base
        );
    }
    println!(
        "validate_bytes     {:8.1} MB/s {:10.0} events/s",
        mb / val,
        n / val
    );
    if !only {
        println!("ratio validate/Value {:.2}x", base / val);
    }
    Ok(())
}
