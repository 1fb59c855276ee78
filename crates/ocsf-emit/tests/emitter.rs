//! The emitter: queueing, overflow, flush, shutdown, validation, errors, the stdout sink.

mod support;

use std::collections::HashMap;
use std::io::Write;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ocsf_emit::{
    Bytes, Emitter, Error, MemorySink, Overflow, Result, Sink, Validation, WriterSink,
};
use serde_json::json;
use support::{event::authentication, uid, Errors};

/// A sink that waits for a go-ahead before each batch, to hold the writer thread.
struct Gate {
    go: mpsc::Receiver<()>,
    inner: MemorySink,
}

impl Sink for Gate {
    fn write_batch(&mut self, events: &[Bytes]) -> Result<()> {
        let _ = self.go.recv();
        self.inner.write_batch(events)
    }
    fn flush(&mut self) -> Result<()> {
        Ok(())
    }
}

/// A sink that always fails.
struct Broken;

impl Sink for Broken {
    fn write_batch(&mut self, events: &[Bytes]) -> Result<()> {
        Err(Error::io(
            "writing to",
            "broken",
            events.len(),
            std::io::Error::other("always fails"),
        ))
    }
    fn flush(&mut self) -> Result<()> {
        Ok(())
    }
}

#[test]
fn typed_events_and_values_reach_every_sink_in_order() {
    let (a, b) = (MemorySink::new(), MemorySink::new());
    let emitter = Emitter::builder()
        .sink(a.clone())
        .sink(b.clone())
        .build()
        .unwrap();
    for n in 0..100 {
        assert!(emitter.emit(&authentication(n)));
    }
    assert!(emitter.emit_value(&json!({"class_uid": 6003, "metadata": {"uid": "e-100"}})));
    assert!(emitter.emit_owned(authentication(101)));
    emitter.flush().unwrap();
    for sink in [&a, &b] {
        let uids: Vec<String> = sink.values().iter().map(uid).collect();
        let expected: Vec<String> = (0..102).map(|n| format!("e-{n}")).collect();
        assert_eq!(uids, expected);
    }
    assert_eq!(a.values()[0]["type_uid"], 300201);
    let m = emitter.metrics();
    assert_eq!(
        (m.emitted, m.dropped, m.failed, m.processed),
        (102, 0, 0, 102)
    );
}

#[test]
fn dropping_the_emitter_delivers_everything_queued() {
    let (go, wait) = mpsc::channel();
    let sink = MemorySink::new();
    let emitter = Emitter::builder()
        .sink(Gate {
            go: wait,
            inner: sink.clone(),
        })
        .queue_capacity(1000)
        .build()
        .unwrap();
    for n in 0..500 {
        emitter.emit(&authentication(n));
    }
    // Nothing is written while the gate is shut; open it for good, then shut down.
    assert!(sink.events().is_empty());
    for _ in 0..1000 {
        go.send(()).unwrap();
    }
    drop(emitter);
    assert_eq!(sink.events().len(), 500);
}

#[test]
fn a_full_queue_drops_the_newest_and_counts_them_under_drop_newest() {
    let (go, wait) = mpsc::channel();
    let sink = MemorySink::new();
    let emitter = Emitter::builder()
        .sink(Gate {
            go: wait,
            inner: sink.clone(),
        })
        .queue_capacity(4)
        .max_batch(1)
        .overflow(Overflow::DropNewest)
        .build()
        .unwrap();
    let accepted = (0..100)
        .filter(|&n| emitter.emit(&authentication(n)))
        .count() as u64;
    let m = emitter.metrics();
    assert_eq!(m.emitted, accepted);
    assert_eq!(m.emitted + m.dropped, 100);
    // The writer holds one event at the shut gate and the queue 4 more: the rest dropped.
    assert!(m.dropped >= 95, "{m:?}");
    for _ in 0..100 {
        go.send(()).unwrap();
    }
    emitter.flush().unwrap();
    assert_eq!(sink.events().len() as u64, accepted);
}

#[test]
fn a_full_queue_blocks_the_caller_under_block_and_loses_nothing() {
    let (go, wait) = mpsc::channel();
    let sink = MemorySink::new();
    let emitter = Arc::new(
        Emitter::builder()
            .sink(Gate {
                go: wait,
                inner: sink.clone(),
            })
            .queue_capacity(2)
            .max_batch(1)
            .build()
            .unwrap(),
    );
    let producer = {
        let emitter = Arc::clone(&emitter);
        std::thread::spawn(move || {
            for n in 0..50 {
                emitter.emit(&authentication(n));
            }
        })
    };
    // The producer cannot finish until the gate lets batches through.
    for _ in 0..50 {
        go.send(()).unwrap();
    }
    producer.join().unwrap();
    emitter.flush().unwrap();
    assert_eq!(sink.events().len(), 50);
    assert_eq!(emitter.metrics().dropped, 0);
}

#[test]
fn invalid_events_are_reported_and_still_written_unless_rejected() {
    let rule = |v: &serde_json::Value| {
        if v.get("class_uid").is_some() {
            Ok(())
        } else {
            Err("`class_uid` is missing".to_owned())
        }
    };
    for reject in [false, true] {
        let errors = Errors::default();
        let sink = MemorySink::new();
        let emitter = Emitter::builder()
            .sink(sink.clone())
            .validate(rule)
            .validation(Validation::Always)
            .reject_invalid(reject)
            .on_error(errors.callback())
            .build()
            .unwrap();
        emitter.emit(&json!({"class_uid": 3002}));
        emitter.emit(&json!({"nothing": true}));
        emitter.flush().unwrap();
        let m = emitter.metrics();
        assert_eq!(m.invalid, 1);
        assert_eq!(sink.events().len(), if reject { 1 } else { 2 });
        assert_eq!(m.failed, u64::from(reject));
        let reported = errors.all();
        assert_eq!(reported.len(), 1);
        assert!(
            reported[0].0.contains("`class_uid` is missing"),
            "{reported:?}"
        );
    }
}

#[test]
fn validation_runs_by_default_only_in_debug_builds_and_never_when_off() {
    for (mode, runs) in [
        (Validation::DebugOnly, cfg!(debug_assertions)),
        (Validation::Never, false),
    ] {
        let emitter = Emitter::builder()
            .sink(MemorySink::new())
            .validate(|_| Err("always".to_owned()))
            .validation(mode)
            .build()
            .unwrap();
        emitter.emit(&json!({}));
        emitter.flush().unwrap();
        assert_eq!(emitter.metrics().invalid, u64::from(runs), "{mode:?}");
    }
}

#[test]
fn a_panicking_validator_is_a_reported_failure_not_a_dead_writer() {
    let sink = MemorySink::new();
    let emitter = Emitter::builder()
        .sink(sink.clone())
        .validate(|_| panic!("validator bug"))
        .validation(Validation::Always)
        .build()
        .unwrap();
    emitter.emit(&json!({"a": 1}));
    emitter.emit(&json!({"a": 2}));
    emitter.flush().unwrap();
    assert_eq!(emitter.metrics().invalid, 2);
    assert_eq!(sink.events().len(), 2);
}

#[test]
fn an_unserializable_event_is_reported_on_the_callers_side() {
    let errors = Errors::default();
    let emitter = Emitter::builder()
        .sink(MemorySink::new())
        .on_error(errors.callback())
        .build()
        .unwrap();
    let bad: HashMap<(u8, u8), u8> = HashMap::from([((1, 2), 3)]);
    assert!(!emitter.emit(&bad));
    assert_eq!(emitter.metrics().failed, 1);
    assert!(errors.all()[0].0.starts_with("serializing an event"));
}

#[test]
fn sink_errors_reach_the_callback_with_the_count_and_other_sinks_still_write() {
    let errors = Errors::default();
    let good = MemorySink::new();
    let emitter = Emitter::builder()
        .sink(Broken)
        .sink(good.clone())
        .on_error(errors.callback())
        .build()
        .unwrap();
    for n in 0..10 {
        emitter.emit(&authentication(n));
    }
    emitter.flush().unwrap();
    assert_eq!(good.events().len(), 10);
    let lost: usize = errors.all().iter().map(|(_, n)| n).sum();
    assert_eq!(lost, 10);
    assert_eq!(emitter.metrics().failed, 10);
}

/// A `Write` whose bytes the test can read after the sink moved into the emitter.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn the_writer_sink_writes_one_json_object_a_line() {
    let out = Shared::default();
    let emitter = Emitter::builder()
        .sink(WriterSink::new(out.clone(), "test"))
        .build()
        .unwrap();
    emitter.emit(&json!({"message": "two\nlines"}));
    emitter.emit(&authentication(1));
    drop(emitter);
    let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(first["message"], "two\nlines");
    assert!(text.ends_with('\n'));
}

#[test]
fn stdout_and_stderr_sinks_write_and_flush() {
    // The output goes to the test harness; this checks that both sinks work end to end.
    let emitter = Emitter::builder()
        .sink(WriterSink::stdout())
        .sink(WriterSink::stderr())
        .build()
        .unwrap();
    emitter.emit(&json!({"class_uid": 3002, "message": "stdout sink test"}));
    emitter.flush().unwrap();
    let m = emitter.metrics();
    assert_eq!((m.processed, m.failed), (1, 0));
}

#[test]
fn flush_after_shutdown_of_the_writer_is_an_error_not_a_hang() {
    struct Panics;
    impl Sink for Panics {
        fn write_batch(&mut self, _: &[Bytes]) -> Result<()> {
            panic!("sink bug")
        }
        fn flush(&mut self) -> Result<()> {
            Ok(())
        }
    }
    let emitter = Emitter::builder().sink(Panics).build().unwrap();
    emitter.emit(&json!({}));
    // The writer dies on the first batch; flush must notice instead of waiting forever.
    let mut result = Ok(());
    for _ in 0..100 {
        result = emitter.flush();
        if result.is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
        emitter.emit(&json!({}));
    }
    assert!(matches!(result, Err(Error::Closed)), "{result:?}");
}

/// With the default `validate` feature, debug builds check events against the schema even when
/// no validator is supplied; a broken event is reported and counted, and still written.
#[cfg(all(feature = "validate", debug_assertions))]
#[test]
fn debug_builds_validate_against_the_schema_by_default() {
    use std::sync::{Arc, Mutex};
    let reasons = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&reasons);
    let sink = ocsf_emit::MemorySink::new();
    let emitter = ocsf_emit::Emitter::builder()
        .sink(sink.clone())
        .on_error(move |e| seen.lock().unwrap().push(e.to_string()))
        .build()
        .unwrap();
    emitter.emit_value(&serde_json::json!({"class_uid": 3002, "severity_id": 42}));
    emitter.flush().unwrap();
    assert_eq!(emitter.metrics().invalid, 1);
    assert_eq!(sink.values().len(), 1);
    let reasons = reasons.lock().unwrap();
    assert!(reasons.iter().any(|r| r.contains("OCSF301")), "{reasons:?}");
}
