//! The [`Emitter`]: serialize on the caller's thread, write on a background thread.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::{Bytes, Error, Result, Sink};

/// Checks one event; `Err` carries a human-readable reason. With the `validate` feature (on by
/// default) [`schema_validator`] is used when none is supplied.
pub type Validator = Box<dyn Fn(&serde_json::Value) -> Result<(), String> + Send + Sync>;

/// Receives every failure: invalid events, sink write errors, HTTP batches given up.
/// Called on the writer thread, except for serialization errors (the caller's thread).
pub type ErrorCallback = Box<dyn Fn(&Error) + Send + Sync>;

/// What [`Emitter::emit`] does when the queue is full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Overflow {
    /// Wait for room: no event is dropped, the caller slows down to the sinks' pace.
    #[default]
    Block,
    /// Drop the event being emitted and count it in [`Metrics::dropped`]: the caller never waits.
    DropNewest,
}

/// When the validator runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Validation {
    /// In debug builds (`debug_assertions`): the supplied validator, or else (feature
    /// `validate`) [`schema_validator`]; never in release.
    #[default]
    DebugOnly,
    /// Whenever a validator is supplied.
    Always,
    /// Never, even with a validator.
    Never,
}

/// A snapshot of the counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Metrics {
    /// Events accepted into the queue.
    pub emitted: u64,
    /// Events refused because the queue was full ([`Overflow::DropNewest`]) or the writer was gone.
    pub dropped: u64,
    /// Events lost after acceptance: not serializable, rejected as invalid, or not written by a
    /// sink (counted once per sink that failed them).
    pub failed: u64,
    /// Events the validator rejected (written anyway unless [`EmitterBuilder::reject_invalid`]).
    pub invalid: u64,
    /// Events handed to every sink by the writer thread.
    pub processed: u64,
}

#[derive(Default)]
struct Counters {
    emitted: AtomicU64,
    dropped: AtomicU64,
    failed: AtomicU64,
    invalid: AtomicU64,
    processed: AtomicU64,
}

struct Shared {
    counters: Counters,
    on_error: Option<ErrorCallback>,
    validator: Option<Validator>,
    reject_invalid: bool,
    /// The last serialized size, so the next buffer is allocated once at the right size.
    size_hint: AtomicUsize,
}

impl Shared {
    fn report(&self, error: &Error) {
        self.counters
            .failed
            .fetch_add(error.events() as u64, Ordering::Relaxed);
        if let Some(callback) = &self.on_error {
            callback(error);
        }
    }
}

type Deferred = Box<dyn FnOnce(&mut Vec<u8>) -> serde_json::Result<()> + Send>;

enum Msg {
    Event(Vec<u8>),
    /// An owned value serialized on the writer thread ([`Emitter::emit_owned`]).
    Deferred(Deferred),
    /// Everything before this message is written and every sink flushed when the ack arrives.
    Flush(SyncSender<()>),
}

/// Builds an [`Emitter`].
pub struct EmitterBuilder {
    sinks: Vec<Box<dyn Sink>>,
    capacity: usize,
    overflow: Overflow,
    on_error: Option<ErrorCallback>,
    validator: Option<Validator>,
    validation: Validation,
    reject_invalid: bool,
    max_batch: usize,
    linger: Duration,
}

impl Default for EmitterBuilder {
    fn default() -> Self {
        EmitterBuilder {
            sinks: Vec::new(),
            capacity: 8192,
            overflow: Overflow::Block,
            on_error: None,
            validator: None,
            validation: Validation::DebugOnly,
            reject_invalid: false,
            max_batch: 512,
            linger: Duration::from_millis(1),
        }
    }
}

impl EmitterBuilder {
    /// Adds a sink; every event goes to every sink, in order.
    pub fn sink(mut self, sink: impl Sink + 'static) -> Self {
        self.sinks.push(Box::new(sink));
        self
    }

    /// Events that may wait for the writer thread (default 8192).
    pub fn queue_capacity(mut self, capacity: usize) -> Self {
        self.capacity = capacity.max(1);
        self
    }

    pub fn overflow(mut self, overflow: Overflow) -> Self {
        self.overflow = overflow;
        self
    }

    /// Called for every failure (see [`ErrorCallback`]); keep it quick, it runs on the writer.
    pub fn on_error(mut self, callback: impl Fn(&Error) + Send + Sync + 'static) -> Self {
        self.on_error = Some(Box::new(callback));
        self
    }

    /// A validator run on the writer thread (not the caller's) against each event's JSON.
    /// By default it runs in debug builds only ([`Validation::DebugOnly`]); see [`Self::validation`].
    pub fn validate(
        mut self,
        validator: impl Fn(&serde_json::Value) -> Result<(), String> + Send + Sync + 'static,
    ) -> Self {
        self.validator = Some(Box::new(validator));
        self
    }

    pub fn validation(mut self, validation: Validation) -> Self {
        self.validation = validation;
        self
    }

    /// Drop invalid events (counted as failed) instead of writing them and reporting.
    pub fn reject_invalid(mut self, reject: bool) -> Self {
        self.reject_invalid = reject;
        self
    }

    /// At most this many events per `write_batch` call (default 512).
    pub fn max_batch(mut self, max: usize) -> Self {
        self.max_batch = max.max(1);
        self
    }

    /// How long the writer thread sleeps after it has emptied the queue (default 1 ms; zero
    /// turns it off). While it sleeps, emitting costs no wake-up system call, which is most of
    /// the caller's cost beyond serializing; the price is up to this much added latency per
    /// batch and per [`Emitter::flush`].
    pub fn linger(mut self, linger: Duration) -> Self {
        self.linger = linger;
        self
    }

    /// Starts the writer thread.
    pub fn build(self) -> Result<Emitter> {
        let validate = match self.validation {
            Validation::DebugOnly => cfg!(debug_assertions),
            Validation::Always => true,
            Validation::Never => false,
        };
        let shared = Arc::new(Shared {
            counters: Counters::default(),
            on_error: self.on_error,
            validator: if validate {
                self.validator.or_else(default_validator)
            } else {
                None
            },
            reject_invalid: self.reject_invalid,
            size_hint: AtomicUsize::new(256),
        });
        let (tx, rx) = mpsc::sync_channel(self.capacity);
        let writer = Writer {
            sinks: self.sinks,
            shared: Arc::clone(&shared),
            batch: Vec::with_capacity(self.max_batch),
            max_batch: self.max_batch,
            linger: self.linger,
        };
        let thread = std::thread::Builder::new()
            .name("ocsf-emit-writer".to_owned())
            .spawn(move || writer.run(rx))
            .map_err(|e| Error::Config(format!("cannot start the writer thread: {e}")))?;
        Ok(Emitter {
            tx: Some(tx),
            thread: Some(thread),
            shared,
            overflow: self.overflow,
        })
    }
}

/// Takes events from any thread and hands them to sinks on one background writer thread.
///
/// The caller's thread serializes the event to JSON and puts the bytes on a bounded queue; it
/// does no I/O. Dropping the emitter writes everything queued, closes the sinks and joins the
/// writer. `Emitter` is `Send + Sync`: share it behind an `Arc` or a `static`.
pub struct Emitter {
    tx: Option<SyncSender<Msg>>,
    thread: Option<JoinHandle<()>>,
    shared: Arc<Shared>,
    overflow: Overflow,
}

impl std::fmt::Debug for Emitter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emitter")
            .field("overflow", &self.overflow)
            .field("metrics", &self.metrics())
            .finish()
    }
}

impl Emitter {
    pub fn builder() -> EmitterBuilder {
        EmitterBuilder::default()
    }

    /// Serializes `event` here and queues it. `false` when it was not queued (not serializable,
    /// queue full under [`Overflow::DropNewest`], writer gone); the reason is counted and, for a
    /// serialization error, reported. Never panics and never does I/O.
    pub fn emit<T: Serialize + ?Sized>(&self, event: &T) -> bool {
        let hint = self.shared.size_hint.load(Ordering::Relaxed);
        let mut buf = Vec::with_capacity(hint + hint / 8);
        if let Err(e) = serde_json::to_writer(&mut buf, event) {
            self.shared.report(&Error::Serialize(e));
            return false;
        }
        if buf.len() != hint {
            self.shared.size_hint.store(buf.len(), Ordering::Relaxed);
        }
        self.send(Msg::Event(buf))
    }

    /// Queues a `serde_json::Value` (typically from `OcsfEvent::to_json`).
    pub fn emit_value(&self, event: &serde_json::Value) -> bool {
        self.emit(event)
    }

    /// Queues an owned event and serializes it on the writer thread: the caller pays a box and
    /// a move instead of the serialization (see the crate docs for which is cheaper).
    pub fn emit_owned<T: Serialize + Send + 'static>(&self, event: T) -> bool {
        self.send(Msg::Deferred(Box::new(move |buf: &mut Vec<u8>| {
            serde_json::to_writer(buf, &event)
        })))
    }

    fn send(&self, msg: Msg) -> bool {
        let Some(tx) = &self.tx else {
            return false;
        };
        let sent = match self.overflow {
            Overflow::Block => tx.send(msg).is_ok(),
            Overflow::DropNewest => match tx.try_send(msg) {
                Ok(()) => true,
                Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => false,
            },
        };
        let counter = if sent {
            &self.shared.counters.emitted
        } else {
            &self.shared.counters.dropped
        };
        counter.fetch_add(1, Ordering::Relaxed);
        sent
    }

    /// Blocks until every event queued before this call is written by every sink and every
    /// sink is flushed (for HTTP: delivered or given up). Errors are reported through the
    /// callback; `Err` here only means the writer thread is gone.
    pub fn flush(&self) -> Result<()> {
        let (ack_tx, ack_rx) = mpsc::sync_channel(1);
        let tx = self.tx.as_ref().ok_or(Error::Closed)?;
        // Blocking even under DropNewest: a flush marker must not be dropped.
        tx.send(Msg::Flush(ack_tx)).map_err(|_| Error::Closed)?;
        ack_rx.recv().map_err(|_| Error::Closed)
    }

    pub fn metrics(&self) -> Metrics {
        let c = &self.shared.counters;
        Metrics {
            emitted: c.emitted.load(Ordering::Relaxed),
            dropped: c.dropped.load(Ordering::Relaxed),
            failed: c.failed.load(Ordering::Relaxed),
            invalid: c.invalid.load(Ordering::Relaxed),
            processed: c.processed.load(Ordering::Relaxed),
        }
    }

    /// Reports a failure that happened outside the emitter (e.g. in the tracing layer), so that
    /// it reaches the same callback and counter.
    pub fn report(&self, error: &Error) {
        self.shared.report(error);
    }
}

impl Drop for Emitter {
    fn drop(&mut self) {
        // Closing the channel is the shutdown signal: the writer drains the queue, closes the
        // sinks, then returns.
        drop(self.tx.take());
        if let Some(thread) = self.thread.take() {
            // A panic in a sink already lost its events; do not propagate it into a drop.
            let _ = thread.join();
        }
    }
}

struct Writer {
    sinks: Vec<Box<dyn Sink>>,
    shared: Arc<Shared>,
    batch: Vec<Bytes>,
    max_batch: usize,
    linger: Duration,
}

impl Writer {
    fn run(mut self, rx: Receiver<Msg>) {
        loop {
            let deadline = self.sinks.iter().filter_map(|s| s.next_deadline()).min();
            let first = match deadline {
                Some(deadline) => {
                    match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                        Ok(msg) => Some(msg),
                        Err(RecvTimeoutError::Timeout) => None,
                        Err(RecvTimeoutError::Disconnected) => break,
                    }
                }
                None => match rx.recv() {
                    Ok(msg) => Some(msg),
                    Err(_) => break,
                },
            };
            if let Some(msg) = first {
                self.handle(msg);
                // Take what is already queued, so sinks see batches, not single events.
                let mut drained = false;
                while self.batch.len() < self.max_batch {
                    match rx.try_recv() {
                        Ok(msg) => self.handle(msg),
                        Err(_) => {
                            drained = true;
                            break;
                        }
                    }
                }
                self.write_batch();
                if drained && !self.linger.is_zero() {
                    std::thread::sleep(self.linger);
                }
            }
            self.fire_deadlines();
        }
        self.write_batch();
        for sink in &mut self.sinks {
            if let Err(e) = sink.close() {
                self.shared.report(&e);
            }
        }
    }

    fn handle(&mut self, msg: Msg) {
        match msg {
            Msg::Event(bytes) => self.accept(bytes),
            Msg::Deferred(serialize) => {
                let mut buf = Vec::with_capacity(self.shared.size_hint.load(Ordering::Relaxed));
                match serialize(&mut buf) {
                    Ok(()) => self.accept(buf),
                    Err(e) => self.shared.report(&Error::Serialize(e)),
                }
            }
            Msg::Flush(ack) => {
                self.write_batch();
                for sink in &mut self.sinks {
                    if let Err(e) = sink.flush() {
                        self.shared.report(&e);
                    }
                }
                // The flusher may have given up waiting; nothing to do then.
                let _ = ack.send(());
            }
        }
    }

    fn accept(&mut self, bytes: Vec<u8>) {
        if let Some(validator) = &self.shared.validator {
            let verdict = match serde_json::from_slice::<serde_json::Value>(&bytes) {
                Ok(value) => {
                    // A panicking validator must not take the writer thread (and every queued
                    // event) down with it.
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| validator(&value)))
                        .unwrap_or_else(|_| Err("the validator panicked".to_owned()))
                }
                Err(e) => Err(format!("not JSON: {e}")),
            };
            if let Err(reason) = verdict {
                self.shared.counters.invalid.fetch_add(1, Ordering::Relaxed);
                let error = Error::Invalid(reason);
                if self.shared.reject_invalid {
                    self.shared.report(&error);
                    return;
                }
                // Written anyway: losing a security event because it is malformed is worse
                // than storing it; `failed` is not incremented.
                if let Some(callback) = &self.shared.on_error {
                    callback(&error);
                }
            }
        }
        self.batch.push(Bytes::from(bytes));
    }

    fn write_batch(&mut self) {
        if self.batch.is_empty() {
            return;
        }
        for sink in &mut self.sinks {
            if let Err(e) = sink.write_batch(&self.batch) {
                self.shared.report(&e);
            }
        }
        self.shared
            .counters
            .processed
            .fetch_add(self.batch.len() as u64, Ordering::Relaxed);
        self.batch.clear();
    }

    fn fire_deadlines(&mut self) {
        let now = Instant::now();
        for sink in &mut self.sinks {
            if sink.next_deadline().is_some_and(|d| d <= now) {
                if let Err(e) = sink.on_deadline() {
                    self.shared.report(&e);
                }
            }
        }
    }
}

/// `ocsf-validate`'s schema checks against the schema the `ocsf` types were generated from
/// (`ocsf_schema::default_schema()`, the version of `ocsf::SCHEMA_VERSION`):
/// an event with an error-severity diagnostic is invalid, and the reason lists each code,
/// pointer and message (messages never quote a value whole).
#[cfg(feature = "validate")]
pub fn schema_validator() -> Option<Validator> {
    let validator = ocsf_validate::Validator::new(ocsf_schema::default_schema()).ok()?;
    Some(Box::new(move |event: &serde_json::Value| {
        let report = validator.validate_value(event);
        let errors: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == ocsf_validate::Severity::Error)
            .map(|d| format!("{} at `{}`: {}", d.code, d.pointer, d.message))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.join("; "))
        }
    }))
}

fn default_validator() -> Option<Validator> {
    #[cfg(feature = "validate")]
    return schema_validator();
    #[cfg(not(feature = "validate"))]
    return None;
}
