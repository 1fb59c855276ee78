//! Emit OCSF events from an application without doing I/O on its threads.
//!
//! ```
//! use ocsf_emit::{Emitter, MemorySink, Overflow};
//!
//! let sink = MemorySink::new();
//! let emitter = Emitter::builder()
//!     .sink(sink.clone())
//!     .queue_capacity(10_000)
//!     .overflow(Overflow::Block)
//!     .on_error(|e| eprintln!("ocsf: {e}"))
//!     .build()
//!     .unwrap();
//! emitter.emit(&serde_json::json!({"class_uid": 3002, "activity_id": 1}));
//! emitter.flush().unwrap();
//! assert_eq!(sink.values()[0]["class_uid"], 3002);
//! ```
//!
//! # The emitter
//!
//! [`Emitter::emit`] takes anything `serde::Serialize`: the typed classes of the `ocsf` crate,
//! derived application events, or a `serde_json::Value` ([`Emitter::emit_value`]). It
//! serializes on the caller's thread into a buffer sized from the previous event and puts the
//! bytes on a bounded queue; one background writer thread takes batches off the queue and
//! hands them to every sink in order. For the lowest caller-side cost, hand over an owned value
//! with [`Emitter::emit_owned`]: it is boxed and serialized on the writer thread (measured p50
//! 0.7 µs against 2.8 µs for `serde_json::to_writer` of the same event; `bench/emit.sh`).
//! `emit(&event)` serializes on the caller, costs about what serializing costs, and keeps the
//! queue's memory proportional to the JSON size rather than to the struct.
//!
//! - **Full queue**: [`Overflow::Block`] (default) waits, [`Overflow::DropNewest`] drops and
//!   counts.
//! - **Counters** ([`Emitter::metrics`]): emitted, dropped, failed, invalid, processed.
//! - **Errors** never panic the caller: they go to the [`EmitterBuilder::on_error`] callback and
//!   the `failed` counter, with the number of events lost ([`Error::events`]).
//! - **Validation**: in debug builds, by default, every event is checked on the writer thread
//!   against the schema with `ocsf-validate` ([`schema_validator`], feature `validate`, on by
//!   default); [`EmitterBuilder::validate`] takes any other
//!   `Fn(&serde_json::Value) -> Result<(), String>`, and [`EmitterBuilder::validation`] chooses
//!   when it runs ([`Validation::DebugOnly`] by default, `Always`, `Never`). An invalid event is
//!   reported and counted in `invalid`, and still written unless
//!   [`EmitterBuilder::reject_invalid`] is set.
//! - [`Emitter::flush`] returns once everything queued before it is written by every sink and
//!   every sink is flushed. Dropping the emitter writes what was queued, closes the sinks
//!   (chained files get their closing checkpoint) and joins the writer thread.
//!
//! # Sinks
//!
//! [`WriterSink::stdout`] / [`WriterSink::stderr`], [`FileSink`] (rotation, retention, fsync
//! policy, 0600, hash chain), [`HttpSink`] (batching, gzip, retries, Splunk HEC and generic
//! JSON presets), [`MemorySink`], [`CefSink`] (re-encodes to CEF lines for an inner sink), and
//! with feature `tracing` the [`tracing_layer::OcsfLayer`]. Implement [`Sink`] for others.
//!
//! # Delivery guarantees
//!
//! The file and stdout sinks write each event once; a failed write is reported with its count.
//! The HTTP sink is **at least once**: a batch is retried until the collector accepts it or the
//! retry budget (attempts and elapsed time) runs out; a request that timed out or whose
//! connection closed may have been processed, so its retry can duplicate events. Receivers
//! should deduplicate on `metadata.uid`. A batch given up is reported through the error
//! callback with its event count, never dropped silently.
//!
//! # CEF
//!
//! [`cef::encode`] maps an OCSF event to one CEF line and [`cef::parse`] reads CEF back, with
//! warnings for non-standard producers; the mapping table is in `CEF.md`.
//!
//! # Tamper evidence
//!
//! [`FileSinkBuilder::chain`] adds an HMAC chain to every line; [`verify_chain`] and
//! `ocsf-validate verify-chain` check it. `CHAIN.md` says what it protects against and what not.

mod emitter;
mod error;
mod sink;

pub mod cef;
/// The chain format and its verifier live in `ocsf-chain`, shared with `ocsf-validate verify-chain`.
pub use ocsf_chain as chain;
pub mod file;
pub mod http;
#[cfg(feature = "tracing")]
pub mod tracing_layer;

/// One serialized event: a compact JSON document, no trailing newline.
pub type Bytes = bytes::Bytes;

pub use cef::CefSink;
pub use chain::{verify_chain, Report};
#[cfg(feature = "validate")]
pub use emitter::schema_validator;
pub use emitter::{
    Emitter, EmitterBuilder, ErrorCallback, Metrics, Overflow, Validation, Validator,
};
pub use error::{Error, Result};
pub use file::{FileSink, FileSinkBuilder, Fsync};
pub use http::{HttpFormat, HttpSink, HttpSinkBuilder, Retry};
pub use sink::{MemorySink, Sink, WriterSink};
