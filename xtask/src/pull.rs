//! `cargo xtask pull --version 1.6.0 [--extensions linux,win] [--server URL | --from FILE]`.
//!
//! Every check runs on the bytes in memory before anything touches the disk, so a failed pull
//! leaves the pin and the cache exactly as they were.

use std::fmt;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use reqwest::blocking::{Client, Response};
use reqwest::{StatusCode, Url};
use serde_json::Value;

use crate::lock::{sha256_hex, write_atomic, Pin};

pub const DEFAULT_SERVER: &str = "https://schema.ocsf.io";

/// Names the tool in server logs, so the schema server's operators can tell who is calling.
const USER_AGENT: &str = concat!(
    "ocsf-rs-xtask/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/ocsf-rs/ocsf-rs)"
);

/// Keys every compiled export has; their absence means the server sent something else.
const REQUIRED_KEYS: [&str; 3] = ["classes", "objects", "types"];

#[derive(clap::Args, Debug)]
pub struct PullArgs {
    /// The OCSF version to pull, e.g. 1.6.0.
    #[arg(long, value_name = "VERSION")]
    pub version: String,
    /// Platform extensions to include, comma-separated (default: the core schema only).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub extensions: Vec<String>,
    /// Base URL of the OCSF schema server.
    #[arg(long, value_name = "URL", default_value = DEFAULT_SERVER)]
    pub server: String,
    /// Take this local export file instead of downloading.
    #[arg(long, value_name = "FILE", conflicts_with = "server")]
    pub from: Option<PathBuf>,
    /// Give up on the server after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,
    /// Accept an export whose checksum differs from the committed pin, and rewrite the pin.
    #[arg(long)]
    pub update_pin: bool,
}

pub fn run(root: &Path, args: &PullArgs) -> Result<()> {
    let pulled = pull(root, args)?;
    eprintln!("{pulled}");
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PinStatus {
    Created,
    Unchanged,
    Updated,
}

/// What a successful pull did, for the one-line report.
#[derive(Debug)]
struct Pulled {
    version: String,
    bytes: usize,
    sha256: String,
    source: String,
    cache: String,
    pin: String,
    status: PinStatus,
}

impl fmt::Display for Pulled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = match self.status {
            PinStatus::Created => "created",
            PinStatus::Unchanged => "unchanged",
            PinStatus::Updated => "updated",
        };
        write!(
            f,
            "pulled OCSF {} ({} bytes, sha256 {}) from {} into {}; pin {} ({status})",
            self.version, self.bytes, self.sha256, self.source, self.cache, self.pin
        )
    }
}

fn pull(root: &Path, args: &PullArgs) -> Result<Pulled> {
    check_version_arg(&args.version)?;
    let extensions = extension_list(&args.extensions)?;

    let (source, bytes) = match &args.from {
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            (path.display().to_string(), bytes)
        }
        None => {
            let url = export_url(&args.server, &args.version, &extensions)?;
            let bytes = fetch(&url, Duration::from_secs(args.timeout))?;
            (url.to_string(), bytes)
        }
    };
    let sent_by = if args.from.is_some() {
        format!("{source} holds")
    } else {
        "the server sent".to_owned()
    };
    check_export(&bytes, &source, &sent_by, &args.version)?;

    let sha256 = sha256_hex(&bytes);
    let pin_path = Pin::path(root, &args.version);
    let cache_path = Pin::cache_path(root, &args.version);
    let pin_shown = relative(root, &pin_path);
    let new_pin = Pin {
        version: args.version.clone(),
        source: source.clone(),
        extensions: extensions.clone(),
        sha256: sha256.clone(),
    };

    let status = if pin_path.exists() {
        match Pin::read(&pin_path) {
            Ok(old) if old.sha256 == sha256 => PinStatus::Unchanged,
            // A pin that cannot be read is as stale as one with another checksum.
            Err(_) if args.update_pin => PinStatus::Updated,
            Err(e) => return Err(e),
            Ok(_) if args.update_pin => PinStatus::Updated,
            Ok(old) => {
                let hint = if old.extensions != extensions {
                    format!(
                        " (the pin was made with extensions [{}], this pull asked for [{}])",
                        old.extensions.join(","),
                        extensions.join(",")
                    )
                } else {
                    String::new()
                };
                bail!(
                    "the export from {source} has sha256 {sha256}, but {pin_shown} pins sha256 {}{hint}; \
                     nothing written (rerun with --update-pin to accept the new export)",
                    old.sha256
                );
            }
        }
    } else {
        PinStatus::Created
    };

    // The cache goes first: if the pin write then fails, the committed pin still names the old
    // checksum and codegen refuses the new cache rather than silently using it.
    write_atomic(&cache_path, &bytes)?;
    if status != PinStatus::Unchanged {
        write_atomic(&pin_path, new_pin.render().as_bytes())?;
    }

    Ok(Pulled {
        version: args.version.clone(),
        bytes: bytes.len(),
        sha256,
        source,
        cache: relative(root, &cache_path),
        pin: pin_shown,
        status,
    })
}

/// The version ends up in a URL path and in file names, so only version-like text may pass.
fn check_version_arg(version: &str) -> Result<()> {
    let ok = version.starts_with(|c: char| c.is_ascii_digit())
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if !ok {
        bail!("--version `{version}` is not an OCSF version like 1.6.0");
    }
    Ok(())
}

/// The names go into the query string unescaped, so anything but a plain name is refused.
fn extension_list(raw: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for name in raw.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        {
            bail!("--extensions: `{name}` is not an extension name (letters, digits, `_`, `-`)");
        }
        if !out.iter().any(|e| e == name) {
            out.push(name.to_owned());
        }
    }
    Ok(out)
}

fn export_url(server: &str, version: &str, extensions: &[String]) -> Result<Url> {
    let base = server.trim_end_matches('/');
    // The server includes every extension unless told otherwise, so the core-only default has to
    // be asked for explicitly with an empty list.
    let text = format!(
        "{base}/{version}/export/schema?extensions={}",
        extensions.join(",")
    );
    let url = Url::parse(&text).with_context(|| format!("--server `{server}` is not a URL"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        bail!("--server `{server}` is not an http(s) URL");
    }
    Ok(url)
}

fn fetch(url: &Url, timeout: Duration) -> Result<Vec<u8>> {
    let mut builder = Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(30)))
        .user_agent(USER_AGENT);
    // A proxy cannot reach this machine's loopback interface, so a local server (a mirror, or
    // the tests) is always contacted directly even when HTTP(S)_PROXY is set.
    if is_loopback(url) {
        builder = builder.no_proxy();
    }
    let client = builder.build().context("cannot set up the HTTP client")?;
    let response = client
        .get(url.clone())
        .send()
        .map_err(|e| request_error(url, timeout, &e))?;
    let status = response.status();
    if !status.is_success() {
        let why = if status == StatusCode::NOT_FOUND {
            ": no such schema version on that server?"
        } else if status.is_server_error() {
            ": the server failed; try again later"
        } else {
            ""
        };
        bail!("{url} answered HTTP {status}{why}");
    }
    read_body(response, url)
}

fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn request_error(url: &Url, timeout: Duration, e: &reqwest::Error) -> anyhow::Error {
    if e.is_timeout() {
        anyhow!(
            "{url} did not answer within {} s (raise --timeout?)",
            timeout.as_secs()
        )
    } else if e.is_connect() {
        anyhow!("the server at {url} could not be reached: {}", innermost(e))
    } else {
        anyhow!("the request to {url} failed: {}", innermost(e))
    }
}

/// reqwest wraps the useful cause ("Connection refused") several layers deep, under messages
/// that repeat the URL; only the innermost one adds information.
fn innermost(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

/// Reads by hand rather than with `bytes()` so that a connection dropped mid-body can report
/// how much arrived.
fn read_body(mut response: Response, url: &Url) -> Result<Vec<u8>> {
    let expected = response.content_length();
    let truncated = |got: usize, cause: &str| match expected {
        Some(total) => anyhow!("{url}: truncated body: got {got} of {total} bytes ({cause})"),
        None => anyhow!("{url}: truncated body: got {got} bytes ({cause})"),
    };
    let mut body = Vec::with_capacity(expected.unwrap_or(0).min(64 << 20) as usize);
    let mut buf = vec![0u8; 64 << 10];
    loop {
        match response.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => body.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(truncated(body.len(), &innermost(&e))),
        }
    }
    if let Some(total) = expected {
        if (body.len() as u64) < total {
            return Err(truncated(body.len(), "the connection closed early"));
        }
    }
    Ok(body)
}

/// `sent_by` starts the version mismatch message: "the server sent" or "<file> holds".
fn check_export(bytes: &[u8], source: &str, sent_by: &str, version: &str) -> Result<()> {
    let value: Value =
        serde_json::from_slice(bytes).with_context(|| format!("{source} is not valid JSON"))?;
    let Some(top) = value.as_object() else {
        bail!("{source} is not an OCSF schema export: the top level is not a JSON object");
    };
    let missing: Vec<String> = std::iter::once("version")
        .chain(REQUIRED_KEYS)
        .filter(|k| !top.contains_key(*k))
        .map(|k| format!("`{k}`"))
        .collect();
    if !missing.is_empty() {
        bail!(
            "{source} is not an OCSF schema export: no top-level {}",
            missing.join(", ")
        );
    }
    if let Some(key) = REQUIRED_KEYS.iter().find(|k| !top[**k].is_object()) {
        bail!("{source} is not an OCSF schema export: `{key}` is not an object");
    }
    let Some(got) = top["version"].as_str() else {
        bail!("{source} is not an OCSF schema export: `version` is not a string");
    };
    if got != version {
        bail!("{sent_by} OCSF {got}, not the requested {version}");
    }
    Ok(())
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::io::Write as _;
    use std::net::{Shutdown, TcpListener, TcpStream};
    use std::sync::mpsc;
    use std::thread;

    use clap::Parser;

    const EXPORT: &str = r#"{"version":"1.6.0","classes":{},"objects":{},"types":{"string_t":{"caption":"String"}},"base_event":{"name":"base_event","attributes":{}}}"#;

    /// A one-shot HTTP server: answers the first connection with `response` verbatim (or after
    /// `delay`), then closes it. The request head comes back through `requests`.
    struct Server {
        base: String,
        requests: mpsc::Receiver<String>,
    }

    impl Server {
        fn start(response: Vec<u8>) -> Server {
            Server::start_delayed(response, Duration::ZERO)
        }

        fn start_delayed(response: Vec<u8>, delay: Duration) -> Server {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            let base = format!("http://{}", listener.local_addr().unwrap());
            let (tx, requests) = mpsc::channel();
            thread::spawn(move || {
                let Ok((mut stream, _)) = listener.accept() else {
                    return;
                };
                let head = read_head(&mut stream);
                let _ = tx.send(head);
                thread::sleep(delay);
                let _ = stream.write_all(&response);
                // Half-close and drain, so the client sees a clean EOF rather than a reset.
                let _ = stream.shutdown(Shutdown::Write);
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let _ = std::io::copy(&mut stream, &mut std::io::sink());
            });
            Server { base, requests }
        }

        fn request(&self) -> String {
            self.requests
                .recv_timeout(Duration::from_secs(10))
                .expect("the server got no request")
        }

        fn request_line(&self) -> String {
            self.request().lines().next().unwrap_or_default().to_owned()
        }
    }

    fn read_head(stream: &mut TcpStream) -> String {
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            match stream.read(&mut byte) {
                Ok(1) => head.push(byte[0]),
                _ => break,
            }
        }
        String::from_utf8_lossy(&head).into_owned()
    }

    fn http(status: &str, body: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        out.extend_from_slice(body);
        out
    }

    fn args(version: &str, server: &str) -> PullArgs {
        PullArgs {
            version: version.to_owned(),
            extensions: Vec::new(),
            server: server.to_owned(),
            from: None,
            timeout: 10,
            update_pin: false,
        }
    }

    fn url(server: &Server, version: &str, query: &str) -> String {
        format!("{}/{version}/export/schema?extensions={query}", server.base)
    }

    fn run_err(root: &Path, args: &PullArgs) -> String {
        let err = run(root, args).expect_err("the pull should fail");
        format!("{err:#}")
    }

    /// Every file under `schemas/`, relative to the root.
    fn files(root: &Path) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![root.join("schemas")];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    out.push(relative(root, &path).replace('\\', "/"));
                }
            }
        }
        out.sort();
        out
    }

    fn assert_nothing_written(root: &Path) {
        assert_eq!(
            files(root),
            Vec::<String>::new(),
            "a failed pull wrote files"
        );
    }

    fn write_pin(root: &Path, pin: &Pin) -> String {
        let text = pin.render();
        std::fs::create_dir_all(root.join("schemas")).unwrap();
        std::fs::write(Pin::path(root, &pin.version), &text).unwrap();
        text
    }

    fn read(path: PathBuf) -> String {
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn default_pull_is_core_only_and_creates_cache_and_pin() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        let server = Server::start(http("200 OK", EXPORT.as_bytes()));
        let pulled = pull(root, &args("1.6.0", &server.base)).unwrap();

        let head = server.request();
        assert_eq!(
            head.lines().next().unwrap(),
            "GET /1.6.0/export/schema?extensions= HTTP/1.1"
        );
        let ua = format!("user-agent: {USER_AGENT}");
        assert!(
            head.to_ascii_lowercase().contains(&ua.to_ascii_lowercase()),
            "{head}"
        );

        let sha = sha256_hex(EXPORT.as_bytes());
        let expected_pin = Pin {
            version: "1.6.0".into(),
            source: url(&server, "1.6.0", ""),
            extensions: vec![],
            sha256: sha.clone(),
        };
        assert_eq!(read(Pin::cache_path(root, "1.6.0")), EXPORT);
        assert_eq!(read(Pin::path(root, "1.6.0")), expected_pin.render());
        assert_eq!(
            files(root),
            [
                "schemas/cache/ocsf-1.6.0-export.json",
                "schemas/ocsf-1.6.0.lock"
            ]
        );
        assert_eq!(
            pulled.to_string(),
            format!(
                "pulled OCSF 1.6.0 ({} bytes, sha256 {sha}) from {} into schemas/cache/ocsf-1.6.0-export.json; \
                 pin schemas/ocsf-1.6.0.lock (created)",
                EXPORT.len(),
                url(&server, "1.6.0", "")
            )
        );
    }

    #[test]
    fn extensions_are_requested_and_pinned() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        let server = Server::start(http("200 OK", EXPORT.as_bytes()));
        let mut a = args("1.6.0", &format!("{}/", server.base));
        a.extensions = vec!["linux".into(), "win".into()];
        run(root, &a).unwrap();

        assert_eq!(
            server.request_line(),
            "GET /1.6.0/export/schema?extensions=linux,win HTTP/1.1"
        );
        let pin = Pin::read(&Pin::path(root, "1.6.0")).unwrap();
        assert_eq!(pin.extensions, ["linux", "win"]);
        assert_eq!(pin.source, url(&server, "1.6.0", "linux,win"));
    }

    #[test]
    fn extensions_flag_splits_on_commas() {
        #[derive(Parser)]
        struct Cli {
            #[command(flatten)]
            pull: PullArgs,
        }
        let cli =
            Cli::try_parse_from(["x", "--version", "1.6.0", "--extensions", "linux,win"]).unwrap();
        assert_eq!(cli.pull.extensions, ["linux", "win"]);
        assert_eq!(cli.pull.server, DEFAULT_SERVER);
        assert_eq!(cli.pull.timeout, 60);

        let cli = Cli::try_parse_from(["x", "--version", "1.6.0"]).unwrap();
        assert!(cli.pull.extensions.is_empty());
        let url = export_url(&cli.pull.server, "1.6.0", &cli.pull.extensions).unwrap();
        assert_eq!(
            url.as_str(),
            "https://schema.ocsf.io/1.6.0/export/schema?extensions="
        );

        let both = [
            "x",
            "--version",
            "1.6.0",
            "--from",
            "f.json",
            "--server",
            "http://h",
        ];
        assert!(Cli::try_parse_from(both).is_err());
        assert!(Cli::try_parse_from(["x", "--version", "1.6.0", "--timeout", "0"]).is_err());
    }

    #[test]
    fn not_found_names_the_url() {
        let root = tempfile::tempdir().unwrap();
        let server = Server::start(http("404 Not Found", b"not found"));
        let err = run_err(root.path(), &args("9.9.9", &server.base));
        assert_eq!(
            err,
            format!(
                "{} answered HTTP 404 Not Found: no such schema version on that server?",
                url(&server, "9.9.9", "")
            )
        );
        assert_nothing_written(root.path());
    }

    #[test]
    fn server_error_is_reported() {
        let root = tempfile::tempdir().unwrap();
        let server = Server::start(http("500 Internal Server Error", b"oops"));
        let err = run_err(root.path(), &args("1.6.0", &server.base));
        assert_eq!(
            err,
            format!(
                "{} answered HTTP 500 Internal Server Error: the server failed; try again later",
                url(&server, "1.6.0", "")
            )
        );
        assert_nothing_written(root.path());
    }

    #[test]
    fn truncated_body_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let sent = &EXPORT.as_bytes()[..40];
        let mut response =
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                .to_vec();
        response.extend_from_slice(sent);
        let server = Server::start(response);
        let err = run_err(root.path(), &args("1.6.0", &server.base));
        let expected = format!(
            "{}: truncated body: got 40 of 1000 bytes",
            url(&server, "1.6.0", "")
        );
        assert!(err.starts_with(&expected), "{err}");
        assert_nothing_written(root.path());
    }

    #[test]
    fn truncated_json_reports_line_and_column() {
        let root = tempfile::tempdir().unwrap();
        // Cut after `"objects":{},`, as a server that stops writing mid-export would.
        let cut = &EXPORT[..EXPORT.find(r#""types""#).unwrap()];
        let server = Server::start(http("200 OK", cut.as_bytes()));
        let err = run_err(root.path(), &args("1.6.0", &server.base));
        assert_eq!(
            err,
            format!(
                "{} is not valid JSON: EOF while parsing a value at line 1 column {}",
                url(&server, "1.6.0", ""),
                cut.len()
            )
        );
        assert_nothing_written(root.path());
    }

    #[test]
    fn json_that_is_not_an_export_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let server = Server::start(http("200 OK", br#"{"version":"1.6.0","classes":{}}"#));
        let err = run_err(root.path(), &args("1.6.0", &server.base));
        assert_eq!(
            err,
            format!(
                "{} is not an OCSF schema export: no top-level `objects`, `types`",
                url(&server, "1.6.0", "")
            )
        );

        let server = Server::start(http("200 OK", b"[1, 2]"));
        let err = run_err(root.path(), &args("1.6.0", &server.base));
        assert!(err.ends_with("the top level is not a JSON object"), "{err}");
        assert_nothing_written(root.path());
    }

    #[test]
    fn wrong_version_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let body = EXPORT.replace("1.6.0", "1.5.0");
        let server = Server::start(http("200 OK", body.as_bytes()));
        let err = run_err(root.path(), &args("1.6.0", &server.base));
        assert_eq!(err, "the server sent OCSF 1.5.0, not the requested 1.6.0");
        assert_nothing_written(root.path());
    }

    #[test]
    fn checksum_differing_from_the_pin_writes_nothing() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        let old = Pin {
            version: "1.6.0".into(),
            source: "https://schema.ocsf.io/1.6.0/export/schema?extensions=".into(),
            extensions: vec![],
            sha256: "0".repeat(64),
        };
        let old_text = write_pin(root, &old);
        let server = Server::start(http("200 OK", EXPORT.as_bytes()));
        let err = run_err(root, &args("1.6.0", &server.base));
        let sha = sha256_hex(EXPORT.as_bytes());
        assert_eq!(
            err,
            format!(
                "the export from {} has sha256 {sha}, but schemas/ocsf-1.6.0.lock pins sha256 {}; \
                 nothing written (rerun with --update-pin to accept the new export)",
                url(&server, "1.6.0", ""),
                old.sha256
            )
        );
        assert_eq!(read(Pin::path(root, "1.6.0")), old_text);
        assert_eq!(files(root), ["schemas/ocsf-1.6.0.lock"]);
    }

    #[test]
    fn update_pin_rewrites_a_differing_pin() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        write_pin(
            root,
            &Pin {
                version: "1.6.0".into(),
                source: "elsewhere".into(),
                extensions: vec!["linux".into()],
                sha256: "0".repeat(64),
            },
        );
        let server = Server::start(http("200 OK", EXPORT.as_bytes()));
        let mut a = args("1.6.0", &server.base);
        a.update_pin = true;
        let pulled = pull(root, &a).unwrap();

        assert_eq!(pulled.status, PinStatus::Updated);
        assert!(pulled.to_string().ends_with("(updated)"), "{pulled}");
        let expected = Pin {
            version: "1.6.0".into(),
            source: url(&server, "1.6.0", ""),
            extensions: vec![],
            sha256: sha256_hex(EXPORT.as_bytes()),
        };
        assert_eq!(read(Pin::path(root, "1.6.0")), expected.render());
        assert_eq!(read(Pin::cache_path(root, "1.6.0")), EXPORT);
    }

    #[test]
    fn matching_pin_is_left_alone_and_the_cache_rewritten() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        let pin_text = write_pin(
            root,
            &Pin {
                version: "1.6.0".into(),
                source: "https://schema.ocsf.io/1.6.0/export/schema?extensions=".into(),
                extensions: vec![],
                sha256: sha256_hex(EXPORT.as_bytes()),
            },
        );
        let cache = Pin::cache_path(root, "1.6.0");
        std::fs::create_dir_all(cache.parent().unwrap()).unwrap();
        std::fs::write(&cache, "stale").unwrap();

        let server = Server::start(http("200 OK", EXPORT.as_bytes()));
        let pulled = pull(root, &args("1.6.0", &server.base)).unwrap();

        assert_eq!(pulled.status, PinStatus::Unchanged);
        assert!(pulled.to_string().ends_with("(unchanged)"), "{pulled}");
        assert_eq!(read(Pin::path(root, "1.6.0")), pin_text);
        assert_eq!(read(cache), EXPORT);
        assert_eq!(
            files(root),
            [
                "schemas/cache/ocsf-1.6.0-export.json",
                "schemas/ocsf-1.6.0.lock"
            ]
        );
    }

    #[test]
    fn connection_refused_says_the_server_is_unreachable() {
        let root = tempfile::tempdir().unwrap();
        let port = {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let base = format!("http://127.0.0.1:{port}");
        let err = run_err(root.path(), &args("1.6.0", &base));
        let expected =
            format!("the server at {base}/1.6.0/export/schema?extensions= could not be reached: ");
        assert!(err.starts_with(&expected), "{err}");
        assert!(!err.contains('\n'), "{err}");
        assert_nothing_written(root.path());
    }

    #[test]
    fn a_silent_server_times_out() {
        let root = tempfile::tempdir().unwrap();
        let server =
            Server::start_delayed(http("200 OK", EXPORT.as_bytes()), Duration::from_secs(5));
        let mut a = args("1.6.0", &server.base);
        a.timeout = 1;
        let err = run_err(root.path(), &a);
        assert_eq!(
            err,
            format!(
                "{} did not answer within 1 s (raise --timeout?)",
                url(&server, "1.6.0", "")
            )
        );
        assert_nothing_written(root.path());
    }

    #[test]
    fn from_file_records_the_path_as_source() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        let file = root.join("export.json");
        std::fs::write(&file, EXPORT).unwrap();
        let mut a = args("1.6.0", "http://127.0.0.1:9");
        a.from = Some(file.clone());
        a.extensions = vec!["linux".into()];
        let pulled = pull(root, &a).unwrap();

        assert_eq!(pulled.status, PinStatus::Created);
        let pin = Pin::read(&Pin::path(root, "1.6.0")).unwrap();
        assert_eq!(pin.source, file.display().to_string());
        assert_eq!(pin.extensions, ["linux"]);
        assert_eq!(read(Pin::cache_path(root, "1.6.0")), EXPORT);
    }

    #[test]
    fn from_file_with_another_version_names_the_file() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        let file = root.join("export.json");
        std::fs::write(&file, EXPORT.replace("1.6.0", "1.5.0")).unwrap();
        let mut a = args("1.6.0", DEFAULT_SERVER);
        a.from = Some(file.clone());
        let err = run_err(root, &a);
        assert_eq!(
            err,
            format!(
                "{} holds OCSF 1.5.0, not the requested 1.6.0",
                file.display()
            )
        );
        assert_nothing_written(root);

        a.from = Some(root.join("missing.json"));
        let err = run_err(root, &a);
        assert!(err.starts_with("cannot read "), "{err}");
        assert_nothing_written(root);
    }

    #[test]
    fn odd_arguments_are_refused_before_any_request() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        let err = run_err(root, &args("../1.6.0", DEFAULT_SERVER));
        assert_eq!(
            err,
            "--version `../1.6.0` is not an OCSF version like 1.6.0"
        );

        let mut a = args("1.6.0", DEFAULT_SERVER);
        a.extensions = vec!["linux&x=1".into()];
        let err = run_err(root, &a);
        assert!(err.starts_with("--extensions: `linux&x=1`"), "{err}");

        let err = run_err(root, &args("1.6.0", "ftp://example.com"));
        assert_eq!(err, "--server `ftp://example.com` is not an http(s) URL");
        assert_nothing_written(root);
    }
}
