//! Caller-side cost of emitting one typed event, per call: p50 and p99 over many calls, each
//! timed alone, next to the baseline of `serde_json::to_writer` of the same event into a `Vec`.
//!
//! `cargo bench -p ocsf-emit --bench emit` (or `bench/emit.sh`). Prints one table.
//! `EMIT_BENCH_N` sets the number of events per case (default 200000).

#[path = "../tests/support/event.rs"]
mod event;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use ocsf_emit::{Emitter, FileSink, HttpFormat, HttpSink, Overflow, Retry};

fn percentiles(mut ns: Vec<u64>) -> (u64, u64, f64) {
    ns.sort_unstable();
    let at = |q: f64| ns[((ns.len() as f64 - 1.0) * q) as usize];
    let mean = ns.iter().sum::<u64>() as f64 / ns.len() as f64;
    (at(0.50), at(0.99), mean)
}

fn time_each(n: usize, mut f: impl FnMut(usize)) -> Vec<u64> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let start = Instant::now();
        f(i);
        out.push(start.elapsed().as_nanos() as u64);
    }
    out
}

/// A loopback collector that takes `delay` per request (and answers 200), keep-alive.
fn slow_server(delay: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || serve(stream, delay));
        }
    });
    url
}

fn serve(mut stream: std::net::TcpStream, delay: Duration) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    loop {
        // Read one request: headers, then Content-Length bytes.
        let header_end = loop {
            if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break p + 4;
            }
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let headers = String::from_utf8_lossy(&buf[..header_end]).to_ascii_lowercase();
        let length: usize = headers
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        while buf.len() < header_end + length {
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        buf.drain(..header_end + length);
        std::thread::sleep(delay);
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
    }
}

fn main() {
    let n: usize = std::env::var("EMIT_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    // `cargo bench` passes `--bench`; run as a test (`cargo test --benches`), stay brief.
    let quick = !std::env::args().any(|a| a == "--bench");
    let n = if quick { 1000 } else { n };
    let events: Vec<_> = (0..n as u64).map(event::authentication).collect();
    let size = serde_json::to_vec(&events[0]).unwrap().len();
    println!(
        "ocsf-emit caller-side cost per event: {n} Authentication events, {size} bytes of JSON, \
         {} bytes in memory",
        std::mem::size_of_val(&events[0])
    );

    let mut rows = Vec::new();

    // Baseline: serialize into a fresh Vec, as the emitter does, without queueing.
    let mut sink = 0usize;
    let baseline = time_each(n, |i| {
        let mut buf = Vec::with_capacity(size + size / 8);
        serde_json::to_writer(&mut buf, &events[i]).unwrap();
        sink += buf.len();
    });
    std::hint::black_box(sink);
    rows.push((
        "serde_json::to_writer into a Vec (baseline)",
        percentiles(baseline),
    ));

    // The same event as a serde_json::Value: how much of the cost is the typed Serialize.
    let values: Vec<serde_json::Value> = events
        .iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .collect();
    let t = time_each(n, |i| {
        let mut buf = Vec::with_capacity(size + size / 8);
        serde_json::to_writer(&mut buf, &values[i]).unwrap();
        sink += buf.len();
    });
    std::hint::black_box(sink);
    rows.push((
        "serde_json::to_writer of the event as a Value",
        percentiles(t),
    ));
    drop(values);

    let dir = tempfile_dir();
    let file = dir.join("bench.log");
    {
        let emitter = Emitter::builder()
            .sink(FileSink::builder(&file).build())
            .queue_capacity(n)
            .build()
            .unwrap();
        let t = time_each(n, |i| {
            emitter.emit(&events[i]);
        });
        emitter.flush().unwrap();
        rows.push(("emit(&event), file sink", percentiles(t)));
    }
    {
        let emitter = Emitter::builder()
            .sink(FileSink::builder(&file).build())
            .queue_capacity(n)
            .build()
            .unwrap();
        let mut owned = events.clone().into_iter();
        // The clone happens before the timer: an application builds a fresh event anyway.
        let mut t = Vec::with_capacity(n);
        for _ in 0..n {
            let event = owned.next().unwrap();
            let start = Instant::now();
            emitter.emit_owned(event);
            t.push(start.elapsed().as_nanos() as u64);
        }
        emitter.flush().unwrap();
        rows.push((
            "emit_owned(event), file sink (serialized on the writer)",
            percentiles(t),
        ));
    }
    {
        let key = b"bench key".to_vec();
        let chained = dir.join("chained.log");
        let emitter = Emitter::builder()
            .sink(FileSink::builder(&chained).chain(key).build())
            .queue_capacity(n)
            .build()
            .unwrap();
        let t = time_each(n, |i| {
            emitter.emit(&events[i]);
        });
        emitter.flush().unwrap();
        rows.push(("emit(&event), chained file sink", percentiles(t)));
    }
    {
        // 20 ms per request, 500 events per request: about 25k events/s of capacity.
        let url = slow_server(Duration::from_millis(20));
        let emitter = Emitter::builder()
            .sink(
                HttpSink::json(url, HttpFormat::Ndjson)
                    .retry(Retry::default())
                    .build()
                    .unwrap(),
            )
            .queue_capacity(n)
            .overflow(Overflow::Block)
            .build()
            .unwrap();
        let t = time_each(n, |i| {
            emitter.emit(&events[i]);
        });
        let drained = Instant::now();
        emitter.flush().unwrap();
        let m = emitter.metrics();
        rows.push((
            "emit(&event), HTTP sink, server 20 ms/request",
            percentiles(t),
        ));
        println!(
            "  (HTTP: {} delivered, {} failed, writer drained the rest in {:.2?} after the last emit)",
            m.processed,
            m.failed,
            drained.elapsed()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);

    let base_p50 = rows[0].1 .0 as f64;
    println!(
        "{:<58} {:>9} {:>9} {:>9} {:>8}",
        "case", "p50 ns", "p99 ns", "mean ns", "p50/base"
    );
    for (name, (p50, p99, mean)) in &rows {
        println!(
            "{name:<58} {p50:>9} {p99:>9} {mean:>9.0} {:>8.2}",
            *p50 as f64 / base_p50
        );
    }
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ocsf-emit-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
