//! Reads OCSF events (JSON lines, or `.json` files of one event) typed, leniently, and says
//! what each is and what in it did not read. Exits 1 when an event had a problem (it would not
//! read strictly), 2 when a file cannot be read.
//! `cargo run -p ocsf --example read_events -- FILE...`

use std::process::ExitCode;

use ocsf::lenient;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: read_events FILE...");
        return ExitCode::from(2);
    }
    // 0 clean, 1 a problem, 2 a file that cannot be read.
    let mut worst: u8 = 0;
    for path in &paths {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("{path}: {e}");
                worst = 2;
                continue;
            }
        };
        let events: Vec<&[u8]> = if path.ends_with(".json") {
            vec![&bytes]
        } else {
            bytes
                .split(|b| *b == b'\n')
                .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
                .collect()
        };
        for (n, event) in events.iter().enumerate() {
            let at = format!("{path}:{}", n + 1);
            match lenient::Event::from_slice(event) {
                Err(e) => {
                    println!("{at}: not an event: {e}");
                    worst = worst.max(1);
                }
                Ok(read) => {
                    let class = read.value.class_caption().unwrap_or("unknown class");
                    let uid = read
                        .value
                        .class_uid()
                        .map_or("?".to_owned(), |u| u.to_string());
                    println!("{at}: {class} ({uid}), {} problem(s)", read.problems.len());
                    for problem in &read.problems {
                        println!("    {problem}");
                    }
                    if !read.is_clean() {
                        worst = worst.max(1);
                    }
                }
            }
        }
    }
    ExitCode::from(worst)
}
