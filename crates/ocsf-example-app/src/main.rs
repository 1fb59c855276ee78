//! `emit-events`: prints one example of each event as JSON lines on stdout.
//! `--now` stamps them with the current time instead of a fixed one.

use std::io::Write;

fn main() {
    let start = if std::env::args().any(|a| a == "--now") {
        std::time::SystemTime::now()
    } else {
        ocsf_example_app::fixed_start()
    };
    let mut out = std::io::stdout().lock();
    for event in ocsf_example_app::sample_events(start) {
        // A closed pipe (`emit-events | head -1`) ends the program quietly.
        if writeln!(out, "{event}").is_err() {
            return;
        }
    }
}
