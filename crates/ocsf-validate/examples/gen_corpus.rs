//! Writes a deterministic corpus of JSON-lines events:
//! `cargo run --release -p ocsf-validate --example gen_corpus -- N OUT.jsonl [SEED]`.

use std::io::BufWriter;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let out = args.next().unwrap_or_else(|| "corpus.jsonl".to_owned());
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(42);
    let mut g = ocsf_test_support::corpus::Generator::new(ocsf_schema::v1_6_0::schema(), seed, 24);
    let mut w = BufWriter::new(std::fs::File::create(&out)?);
    g.write_jsonl(n, &mut w)?;
    eprintln!(
        "wrote {n} events over {} classes to {out}",
        g.classes().len()
    );
    Ok(())
}
