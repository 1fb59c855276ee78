//! A real HTTP/1.1 server on 127.0.0.1 that misbehaves on cue, one thread per connection.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use flate2::read::GzDecoder;
use serde_json::Value;

/// How the server answers one request; after the script it answers [`Reply::Ok`].
#[derive(Debug, Clone, Copy)]
pub enum Reply {
    Ok,
    /// Reads the body, then answers this status (with `Retry-After: n` when given).
    Status(u16, Option<u64>),
    /// Reads (and counts) the body, waits, then answers 200: the client times out first.
    Slow(Duration),
    /// Reads the headers only, then closes the connection without answering.
    CloseMidRequest,
}

#[derive(Debug, Clone)]
pub struct Request {
    pub at: Instant,
    pub headers: Vec<(String, String)>,
    /// Top-level JSON values of the (decompressed) body; array bodies are flattened.
    pub values: Vec<Value>,
    pub answered: String,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Clone)]
pub struct Server {
    pub url: String,
    script: Arc<Mutex<Vec<Reply>>>,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    pub fn start(script: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        Server::serve(listener, script)
    }

    /// A URL on a port where nothing listens yet; [`Server::start_on`] it later.
    pub fn reserve_port() -> u16 {
        TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    }

    pub fn start_on(port: u16, script: Vec<Reply>) -> Server {
        let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
        Server::serve(listener, script)
    }

    fn serve(listener: TcpListener, mut script: Vec<Reply>) -> Server {
        script.reverse(); // popped from the end
        let server = Server {
            url: format!("http://{}/ingest", listener.local_addr().unwrap()),
            script: Arc::new(Mutex::new(script)),
            requests: Arc::new(Mutex::new(Vec::new())),
        };
        let handle = server.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let handle = handle.clone();
                std::thread::spawn(move || handle.connection(stream));
            }
        });
        server
    }

    fn connection(&self, stream: TcpStream) {
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut headers = Vec::new();
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_owned(), value.trim().to_owned()));
            }
        }
        let reply = self.script.lock().unwrap().pop().unwrap_or(Reply::Ok);
        if let Reply::CloseMidRequest = reply {
            self.record(headers, Vec::new(), "closed");
            return; // dropping both halves closes the connection unanswered
        }
        let length: usize = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let gzip = headers
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case("content-encoding") && v == "gzip");
        if gzip {
            let mut plain = Vec::new();
            GzDecoder::new(&body[..]).read_to_end(&mut plain).unwrap();
            body = plain;
        }
        let values = parse_body(&body);
        let mut stream = stream;
        let (status, retry_after, values) = match reply {
            Reply::Ok => (200, None, values),
            Reply::Status(code, retry_after) => (code, retry_after, Vec::new()),
            Reply::Slow(wait) => {
                // Processed before answering: the client's retry after its timeout duplicates.
                self.record(headers.clone(), values, "slow");
                std::thread::sleep(wait);
                let _ = respond(&mut stream, 200, None);
                return;
            }
            Reply::CloseMidRequest => unreachable!("handled above"),
        };
        self.record(headers, values, &status.to_string());
        let _ = respond(&mut stream, status, retry_after);
    }

    fn record(&self, headers: Vec<(String, String)>, values: Vec<Value>, answered: &str) {
        self.requests.lock().unwrap().push(Request {
            at: Instant::now(),
            headers,
            values,
            answered: answered.to_owned(),
        });
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    /// Every event received (HEC wrappers unwrapped), duplicates included.
    pub fn events(&self) -> Vec<Value> {
        self.requests()
            .into_iter()
            .flat_map(|r| r.values)
            .map(|v| match v.get("event") {
                Some(inner) => inner.clone(),
                None => v,
            })
            .collect()
    }

    pub fn distinct_uids(&self) -> BTreeSet<String> {
        self.events().iter().map(super::uid).collect()
    }

    /// Waits until `n` distinct events arrived or `limit` passed (a liveness bound, not a
    /// timing assertion: callers assert on the events).
    pub fn wait_for(&self, n: usize, limit: Duration) {
        let start = Instant::now();
        while self.distinct_uids().len() < n && start.elapsed() < limit {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn parse_body(body: &[u8]) -> Vec<Value> {
    serde_json::Deserializer::from_slice(body)
        .into_iter::<Value>()
        .map(|v| v.expect("the body is JSON values"))
        .flat_map(|v| match v {
            Value::Array(items) => items,
            other => vec![other],
        })
        .collect()
}

fn respond(stream: &mut TcpStream, status: u16, retry_after: Option<u64>) -> std::io::Result<()> {
    let body = if status == 200 {
        "{\"text\":\"Success\",\"code\":0}"
    } else {
        "{\"text\":\"nope\"}"
    };
    let retry = retry_after
        .map(|s| format!("Retry-After: {s}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         {retry}Connection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()
}
