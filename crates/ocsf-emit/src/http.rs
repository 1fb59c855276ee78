//! HTTP sink: batches, gzip, retries with backoff and jitter, Splunk HEC and generic JSON.
//!
//! Delivery is at least once. A batch is retried on connection errors, timeouts, 408, 429 and
//! 5xx (waiting `Retry-After` seconds when the server sends it, otherwise exponential backoff
//! with jitter) until it is accepted (2xx) or [`Retry::max_attempts`] or [`Retry::max_elapsed`]
//! runs out; any other status is final. A batch given up is returned as [`Error::Http`] with
//! its event count, which the emitter reports through its error callback. A retry after a
//! timeout or a dropped connection may deliver a batch twice.

use std::io::Write;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use flate2::write::GzEncoder;
use flate2::Compression;
use reqwest::blocking::Client;
use reqwest::StatusCode;

use crate::{Bytes, Error, Result, Sink};

/// How a batch is framed in the request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpFormat {
    /// `[event,event,...]`, `Content-Type: application/json`.
    JsonArray,
    /// One event a line, `Content-Type: application/x-ndjson`.
    Ndjson,
    /// Splunk HTTP Event Collector: `{"event":<event>,"sourcetype":...}` objects concatenated.
    SplunkHec {
        sourcetype: String,
        source: Option<String>,
        index: Option<String>,
        host: Option<String>,
    },
}

/// The retry budget of one batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// No new attempt starts after this long since the first.
    pub max_elapsed: Duration,
    /// Backoff before the second attempt; doubles each time up to `max_backoff`; the wait is
    /// drawn uniformly from [backoff/2, backoff] so that many clients do not retry in step.
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            max_attempts: 10,
            max_elapsed: Duration::from_secs(120),
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(30),
        }
    }
}

/// Configures an [`HttpSink`].
#[derive(Debug, Clone)]
pub struct HttpSinkBuilder {
    url: String,
    format: HttpFormat,
    headers: Vec<(String, String)>,
    gzip: bool,
    max_events: usize,
    max_bytes: usize,
    max_delay: Duration,
    timeout: Duration,
    connect_timeout: Duration,
    retry: Retry,
}

impl HttpSinkBuilder {
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Compress bodies (`Content-Encoding: gzip`). Default on.
    pub fn gzip(mut self, gzip: bool) -> Self {
        self.gzip = gzip;
        self
    }

    /// Send when a batch holds this many events (default 500).
    pub fn max_events(mut self, n: usize) -> Self {
        self.max_events = n.max(1);
        self
    }

    /// Send before a batch's uncompressed body would exceed this (default 1 MiB).
    pub fn max_bytes(mut self, n: usize) -> Self {
        self.max_bytes = n.max(1);
        self
    }

    /// Send a batch at the latest this long after its first event (default 1 s).
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The whole request, connection to response body (default 10 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    pub fn retry(mut self, retry: Retry) -> Self {
        self.retry = retry;
        self
    }

    pub fn build(self) -> Result<HttpSink> {
        let client = Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .build()
            .map_err(|e| Error::Config(format!("HTTP client: {e}")))?;
        let seed = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0x9e37_79b9, |d| d.as_nanos() as u64)
            | 1;
        Ok(HttpSink {
            client,
            body: Vec::new(),
            count: 0,
            first_at: None,
            rng: seed,
            config: self,
        })
    }
}

/// Posts batches of events to a collector (see the module docs for the guarantees).
pub struct HttpSink {
    config: HttpSinkBuilder,
    client: Client,
    /// The pending batch, already framed (without the closing `]` of a JSON array).
    body: Vec<u8>,
    count: usize,
    first_at: Option<Instant>,
    rng: u64,
}

impl HttpSink {
    /// A generic JSON endpoint.
    pub fn json(url: impl Into<String>, format: HttpFormat) -> HttpSinkBuilder {
        HttpSinkBuilder {
            url: url.into(),
            format,
            headers: Vec::new(),
            gzip: true,
            max_events: 500,
            max_bytes: 1 << 20,
            max_delay: Duration::from_secs(1),
            timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            retry: Retry::default(),
        }
    }

    /// Splunk HEC: `url` is the full endpoint, e.g.
    /// `https://splunk:8088/services/collector/event`; sends `Authorization: Splunk <token>`.
    pub fn splunk_hec(
        url: impl Into<String>,
        token: &str,
        sourcetype: impl Into<String>,
    ) -> HttpSinkBuilder {
        Self::json(
            url,
            HttpFormat::SplunkHec {
                sourcetype: sourcetype.into(),
                source: None,
                index: None,
                host: None,
            },
        )
        .header("Authorization", format!("Splunk {token}"))
    }

    fn push(&mut self, event: &[u8]) {
        if self.count == 0 {
            self.first_at = Some(Instant::now());
        }
        match &self.config.format {
            HttpFormat::JsonArray => {
                self.body.push(if self.count == 0 { b'[' } else { b',' });
                self.body.extend_from_slice(event);
            }
            HttpFormat::Ndjson => {
                self.body.extend_from_slice(event);
                self.body.push(b'\n');
            }
            HttpFormat::SplunkHec {
                sourcetype,
                source,
                index,
                host,
            } => {
                self.body.extend_from_slice(b"{\"event\":");
                self.body.extend_from_slice(event);
                let mut field = |name: &str, value: &Option<String>| {
                    if let Some(value) = value {
                        self.body.extend_from_slice(
                            format!(",\"{name}\":{}", serde_json::Value::from(value.as_str()))
                                .as_bytes(),
                        );
                    }
                };
                field("sourcetype", &Some(sourcetype.clone()));
                field("source", source);
                field("index", index);
                field("host", host);
                self.body.extend_from_slice(b"}\n");
            }
        }
        self.count += 1;
    }

    /// Sends the pending batch, retrying within the budget.
    fn send(&mut self) -> Result<()> {
        if self.count == 0 {
            return Ok(());
        }
        if self.config.format == HttpFormat::JsonArray {
            self.body.push(b']');
        }
        let events = std::mem::take(&mut self.count);
        self.first_at = None;
        let raw = std::mem::take(&mut self.body);
        let (body, content_encoding) = if self.config.gzip {
            let mut gz = GzEncoder::new(Vec::with_capacity(raw.len() / 4), Compression::fast());
            let compressed = gz.write_all(&raw).and_then(|()| gz.finish());
            match compressed {
                Ok(bytes) => (Bytes::from(bytes), Some("gzip")),
                Err(_) => (Bytes::from(raw), None),
            }
        } else {
            (Bytes::from(raw), None)
        };
        let content_type = match self.config.format {
            HttpFormat::Ndjson => "application/x-ndjson",
            _ => "application/json",
        };

        let start = Instant::now();
        let retry = self.config.retry;
        let mut backoff = retry.initial_backoff;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut request = self
                .client
                .post(&self.config.url)
                .header("Content-Type", content_type)
                .body(body.clone());
            if let Some(encoding) = content_encoding {
                request = request.header("Content-Encoding", encoding);
            }
            for (name, value) in &self.config.headers {
                request = request.header(name, value);
            }
            let (reason, retry_after) = match request.send() {
                Ok(response) => {
                    let status = response.status();
                    let retry_after = retry_after(&response);
                    // Read the body so the connection can be reused.
                    let text = response.text().unwrap_or_default();
                    if status.is_success() {
                        return Ok(());
                    }
                    let reason = format!("HTTP {status}: {}", snippet(&text));
                    if !retryable(status) {
                        return Err(self.gave_up(events, attempt, start, reason));
                    }
                    (reason, retry_after)
                }
                Err(e) => (error_chain(&e), None),
            };
            let jittered = {
                let half = backoff / 2;
                half + half.mul_f64(self.random_unit())
            };
            let wait = retry_after.unwrap_or(jittered);
            backoff = (backoff * 2).min(retry.max_backoff);
            if attempt >= retry.max_attempts || start.elapsed() + wait > retry.max_elapsed {
                return Err(self.gave_up(events, attempt, start, reason));
            }
            std::thread::sleep(wait);
        }
    }

    fn gave_up(&self, events: usize, attempts: u32, start: Instant, reason: String) -> Error {
        Error::Http {
            url: self.config.url.clone(),
            events,
            attempts,
            elapsed: start.elapsed(),
            reason,
        }
    }

    /// xorshift64*: jitter needs no cryptographic randomness, only decorrelation.
    fn random_unit(&mut self) -> f64 {
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        (self.rng.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn retryable(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS
        || status == StatusCode::REQUEST_TIMEOUT
        || status.is_server_error()
}

/// `Retry-After` in seconds (the HTTP-date form is rare from collectors and is ignored).
fn retry_after(response: &reqwest::blocking::Response) -> Option<Duration> {
    parse_retry_after(response.headers().get("retry-after")?.to_str().ok()?)
}

fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

fn snippet(text: &str) -> String {
    let mut s: String = text.chars().take(200).collect();
    if s.len() < text.len() {
        s.push('…');
    }
    s
}

/// reqwest's top-level message hides the cause ("error sending request"); name them all.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut out = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}

impl Sink for HttpSink {
    fn write_batch(&mut self, events: &[Bytes]) -> Result<()> {
        let mut lost = 0;
        let mut first_error = None;
        for event in events {
            let framing = 64;
            if self.count > 0 && self.body.len() + event.len() + framing > self.config.max_bytes {
                if let Err(e) = self.send() {
                    lost += e.events();
                    first_error.get_or_insert(e);
                }
            }
            self.push(event);
            if self.count >= self.config.max_events || self.body.len() >= self.config.max_bytes {
                if let Err(e) = self.send() {
                    lost += e.events();
                    first_error.get_or_insert(e);
                }
            }
        }
        match first_error {
            // One error for the call, counting every event given up in it.
            Some(Error::Http {
                url,
                attempts,
                elapsed,
                reason,
                ..
            }) => Err(Error::Http {
                url,
                events: lost,
                attempts,
                elapsed,
                reason,
            }),
            Some(other) => Err(other),
            None => Ok(()),
        }
    }

    fn flush(&mut self) -> Result<()> {
        self.send()
    }

    fn next_deadline(&self) -> Option<Instant> {
        self.first_at.map(|t| t + self.config.max_delay)
    }

    fn on_deadline(&mut self) -> Result<()> {
        self.send()
    }
}

#[cfg(test)]
mod retry_after_tests {
    use super::*;

    #[test]
    fn seconds_are_honoured_and_dates_ignored() {
        assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("-1"), None);
    }
}
