//! Prints the findings for each line of stdin (JSON lines with a `value` and `label`, or plain
//! text): `cargo run -p ocsf-detect --example scan < file`. Prints detector ids and spans and
//! the input line; meant for examining test data, not logs with live secrets.
use std::io::BufRead;

fn main() {
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let (value, label) = match serde_json::from_str::<serde_json::Value>(&line) {
            Ok(v) => (
                v["value"].as_str().unwrap_or_default().to_owned(),
                v["label"].as_str().unwrap_or_default().to_owned(),
            ),
            Err(_) => (line.clone(), String::new()),
        };
        let found = ocsf_detect::detect(&value);
        let ids: Vec<String> = found
            .iter()
            .map(|f| format!("{}@{:?}", f.detector.id, f.span))
            .collect();
        let shown: String = value.chars().take(160).collect();
        println!("{label}\t{}\t{}", ids.join(","), shown.replace('\n', "\\n"));
    }
}
