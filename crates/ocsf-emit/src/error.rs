//! The crate's one error type.

use std::path::PathBuf;
use std::time::Duration;

/// What went wrong; every variant that lost events says how many ([`Error::events`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be opened, written, synced, rotated or pruned.
    #[error("{action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        /// Events that were not written because of this error.
        events: usize,
        #[source]
        source: std::io::Error,
    },
    /// An event could not be serialized to JSON (e.g. a map with non-string keys).
    #[error("serializing an event: {0}")]
    Serialize(#[from] serde_json::Error),
    /// The validator callback rejected an event (or panicked).
    #[error("event failed validation: {0}")]
    Invalid(String),
    /// An HTTP batch was given up after its retry budget; the events were not delivered.
    #[error(
        "HTTP delivery to {url} failed after {attempts} attempt(s) in {elapsed:.1?}: \
         {events} event(s) not delivered: {reason}"
    )]
    Http {
        url: String,
        events: usize,
        attempts: u32,
        elapsed: Duration,
        reason: String,
    },
    /// A sink refused an event it cannot represent (e.g. a non-object in a chained file).
    #[error("{sink} sink rejected {events} event(s): {reason}")]
    Rejected {
        sink: &'static str,
        events: usize,
        reason: String,
    },
    /// A builder was given settings that cannot work.
    #[error("configuration: {0}")]
    Config(String),
    /// The writer thread is gone (it panicked inside a sink); nothing more is written.
    #[error("the emitter's writer thread has stopped")]
    Closed,
}

impl Error {
    /// How many events this error kept from being written or delivered.
    pub fn events(&self) -> usize {
        match self {
            Error::Io { events, .. }
            | Error::Http { events, .. }
            | Error::Rejected { events, .. } => *events,
            Error::Serialize(_) | Error::Invalid(_) => 1,
            Error::Config(_) | Error::Closed => 0,
        }
    }

    /// An I/O error that lost `events` events, for sink implementations.
    pub fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        events: usize,
        source: std::io::Error,
    ) -> Self {
        Error::Io {
            action,
            path: path.into(),
            events,
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
