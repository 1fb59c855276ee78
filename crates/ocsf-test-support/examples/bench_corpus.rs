//! Writes a corpus of generated OCSF 1.6.0 events as JSON lines, for `bench/cli-speed.sh`:
//!
//! ```text
//! cargo run --release -p ocsf-test-support --example bench_corpus -- KIND N OUT [SEED]
//! ```
//!
//! KIND is `valid` (the generator as is: valid events, many attribute types filled, about 1%
//! with a schema fault), `personal` (the same with every attribute the `ocsf-pii` table
//! classifies filled with realistic personal data, so that the default policy reports several
//! findings per event) or `planted` (the valid events with a secret or personal data planted in
//! free text of 1% of them, as `ocsf-validate`'s `pii_bench` measures). SEED defaults to 42.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use ocsf_test_support::corpus::Generator;

/// The seed of the plants' own sequence, as in `pii_bench`.
const PLANT_SEED: u64 = 7;

const USAGE: &str = "usage: bench_corpus valid|personal|planted N OUT [SEED]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (kind, n, out) = match (
        args.first(),
        args.get(1).map(|s| s.parse::<usize>()),
        args.get(2),
    ) {
        (Some(kind), Some(Ok(n)), Some(out)) => (kind.as_str(), n, out),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let seed = match args.get(3).map(|s| s.parse::<u64>()) {
        None => 42,
        Some(Ok(seed)) => seed,
        Some(Err(e)) => {
            eprintln!("bad SEED: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let g = Generator::new(ocsf_schema::v1_6_0::schema(), seed, 24);
    let mut g = match kind {
        "valid" => g,
        "personal" => g.with_personal_data(true),
        "planted" => g.with_plants(PLANT_SEED),
        _ => {
            eprintln!("unknown KIND `{kind}`\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let written = std::fs::File::create(out).and_then(|f| {
        let mut w = BufWriter::new(f);
        g.write_jsonl(n, &mut w)?;
        w.flush()
    });
    if let Err(e) = written {
        eprintln!("cannot write {out}: {e}");
        return ExitCode::FAILURE;
    }
    eprintln!(
        "wrote {n} {kind} events over {} classes to {out}",
        g.classes().len()
    );
    ExitCode::SUCCESS
}
