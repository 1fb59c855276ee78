//! The [`Sink`] trait and the simple sinks: stdout, stderr, any `Write`, memory.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::{Bytes, Error, Result};

/// Where events go. Called only from the emitter's writer thread, so implementations need no
/// locking of their own. Each event is one compact JSON document without a newline.
pub trait Sink: Send {
    /// Writes (or buffers) a batch. An error reports how many events it lost
    /// ([`Error::events`]); the emitter counts and reports it, then carries on.
    fn write_batch(&mut self, events: &[Bytes]) -> Result<()>;
    /// Makes everything written so far durable / delivered.
    fn flush(&mut self) -> Result<()>;
    /// Called once at shutdown, after the last batch.
    fn close(&mut self) -> Result<()> {
        self.flush()
    }
    /// When the sink next needs [`Sink::on_deadline`] without new events (e.g. an HTTP batch's
    /// max delay). The writer thread wakes up for it.
    fn next_deadline(&self) -> Option<Instant> {
        None
    }
    fn on_deadline(&mut self) -> Result<()> {
        Ok(())
    }
}

impl<S: Sink + ?Sized> Sink for Box<S> {
    fn write_batch(&mut self, events: &[Bytes]) -> Result<()> {
        (**self).write_batch(events)
    }
    fn flush(&mut self) -> Result<()> {
        (**self).flush()
    }
    fn close(&mut self) -> Result<()> {
        (**self).close()
    }
    fn next_deadline(&self) -> Option<Instant> {
        (**self).next_deadline()
    }
    fn on_deadline(&mut self) -> Result<()> {
        (**self).on_deadline()
    }
}

/// One JSON object a line to any writer; [`WriterSink::stdout`] and [`WriterSink::stderr`].
/// A batch is written with one `write_all`, so lines from this sink are never cut.
pub struct WriterSink<W> {
    writer: W,
    name: &'static str,
    buf: Vec<u8>,
}

impl WriterSink<std::io::Stdout> {
    pub fn stdout() -> Self {
        WriterSink::new(std::io::stdout(), "stdout")
    }
}

impl WriterSink<std::io::Stderr> {
    pub fn stderr() -> Self {
        WriterSink::new(std::io::stderr(), "stderr")
    }
}

impl<W: Write + Send> WriterSink<W> {
    /// `name` appears in error messages.
    pub fn new(writer: W, name: &'static str) -> Self {
        WriterSink {
            writer,
            name,
            buf: Vec::new(),
        }
    }

    pub fn into_inner(self) -> W {
        self.writer
    }
}

impl<W: Write + Send> Sink for WriterSink<W> {
    fn write_batch(&mut self, events: &[Bytes]) -> Result<()> {
        self.buf.clear();
        for event in events {
            self.buf.extend_from_slice(event);
            self.buf.push(b'\n');
        }
        self.writer
            .write_all(&self.buf)
            .map_err(|e| Error::io("writing to", self.name, events.len(), e))
    }

    fn flush(&mut self) -> Result<()> {
        self.writer
            .flush()
            .map_err(|e| Error::io("flushing", self.name, 0, e))
    }
}

/// Keeps events in memory; clone the handle before giving the sink to the emitter. For tests
/// and for applications that forward events themselves.
#[derive(Clone, Default)]
pub struct MemorySink {
    events: Arc<Mutex<Vec<Bytes>>>,
}

impl MemorySink {
    pub fn new() -> Self {
        Self::default()
    }

    /// The events received so far.
    pub fn events(&self) -> Vec<Bytes> {
        self.events
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The events received so far, parsed.
    pub fn values(&self) -> Vec<serde_json::Value> {
        self.events()
            .iter()
            .map(|e| serde_json::from_slice(e).unwrap_or(serde_json::Value::Null))
            .collect()
    }
}

impl Sink for MemorySink {
    fn write_batch(&mut self, events: &[Bytes]) -> Result<()> {
        self.events
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(events);
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        Ok(())
    }
}
