//! `cargo xtask pull --version 1.6.0 [--extensions linux,win] [--server URL | --from FILE]`.
//!
//! Which export is asked for: first the v2 layout, `<server>/<version>/export/v2/schema`, the only
//! one the schema server still serves for new versions (it answers 400 on `/export/schema` for
//! 1.8.0). When the server answers that request with 404 or 400, it does not know the v2 export
//! (an older server), and the legacy `<server>/<version>/export/schema` is asked for instead. Any
//! other failure of the v2 request (a server error, a timeout, a refused connection) stops the
//! pull without trying the legacy export, so an outage never silently switches layouts. Both
//! requests carry the same `extensions` query. The pin records the URL that answered; `codegen`
//! reads either layout (see `ocsf_codegen::model::v2`).
//!
//! Every check runs on the bytes in memory before anything touches the disk, so a failed pull
//! leaves the pin and the cache exactly as they were.

use std::fmt;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use ocsf_codegen::Layout;
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

#[derive(clap::Args, Debug)]
#[command(after_help = "\
Asks for <URL>/<VERSION>/export/v2/schema first. When the server answers that with \
404 or 400 (an older server without the v2 export), asks for the legacy \
<URL>/<VERSION>/export/schema instead; any other failure stops the pull. The pin \
records the URL that answered.")]
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
    /// Take this local export file (either layout) instead of downloading.
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
            let (url, bytes) = download(
                &args.server,
                &args.version,
                &extensions,
                Duration::from_secs(args.timeout),
            )?;
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

fn export_url(server: &str, version: &str, extensions: &[String], layout: Layout) -> Result<Url> {
    let base = server.trim_end_matches('/');
    let path = match layout {
        Layout::V2 => "export/v2/schema",
        Layout::Legacy => "export/schema",
    };
    // The server includes every extension unless told otherwise, so the core-only default has to
    // be asked for explicitly with an empty list.
    let text = format!(
        "{base}/{version}/{path}?extensions={}",
        extensions.join(",")
    );
    let url = Url::parse(&text).with_context(|| format!("--server `{server}` is not a URL"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        bail!("--server `{server}` is not an http(s) URL");
    }
    Ok(url)
}

/// The v2 export, or the legacy one when the server does not know v2 (see the module doc).
/// Returns the URL that answered and its body.
fn download(
    server: &str,
    version: &str,
    extensions: &[String],
    timeout: Duration,
) -> Result<(Url, Vec<u8>)> {
    let v2 = export_url(server, version, extensions, Layout::V2)?;
    let legacy = export_url(server, version, extensions, Layout::Legacy)?;
    let client = client(&v2, timeout)?;
    let refused = match fetch(&client, &v2, timeout)? {
        Fetched::Body(bytes) => return Ok((v2, bytes)),
        Fetched::Refused(status) if is_no_v2(status) => status,
        Fetched::Refused(status) => bail!("{v2} answered HTTP {status}{}", why(status)),
    };
    let fetched = fetch(&client, &legacy, timeout).with_context(|| {
        format!("{v2} answered HTTP {refused}, so the legacy export was asked for")
    })?;
    match fetched {
        Fetched::Body(bytes) => Ok((legacy, bytes)),
        Fetched::Refused(status) => bail!(
            "{v2} answered HTTP {refused}, then {legacy} answered HTTP {status}{}",
            why(status)
        ),
    }
}

/// How a server without the v2 export answers for it: 404, or 400 (what the current server
/// answers for an export path it does not serve).
fn is_no_v2(status: StatusCode) -> bool {
    status == StatusCode::NOT_FOUND || status == StatusCode::BAD_REQUEST
}

fn why(status: StatusCode) -> &'static str {
    if status == StatusCode::NOT_FOUND {
        ": no such schema version on that server?"
    } else if status.is_server_error() {
        ": the server failed; try again later"
    } else {
        ""
    }
}

fn client(url: &Url, timeout: Duration) -> Result<Client> {
    let mut builder = Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(30)))
        .user_agent(USER_AGENT);
    // A proxy cannot reach this machine's loopback interface, so a local server (a mirror, or
    // the tests) is always contacted directly even when HTTP(S)_PROXY is set.
    if is_loopback(url) {
        builder = builder.no_proxy();
    }
    builder.build().context("cannot set up the HTTP client")
}

/// What one request brought back, when it got an answer at all.
enum Fetched {
    Body(Vec<u8>),
    /// A status other than success; the caller decides what it means.
    Refused(StatusCode),
}

fn fetch(client: &Client, url: &Url, timeout: Duration) -> Result<Fetched> {
    let response = client
        .get(url.clone())
        .send()
        .map_err(|e| request_error(url, timeout, &e))?;
    let status = response.status();
    if !status.is_success() {
        return Ok(Fetched::Refused(status));
    }
    read_body(response, url).map(Fetched::Body)
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
    // The same rule `codegen` reads the export by, so that what pull accepts, codegen can read.
    let layout = match Layout::detect(top.keys().map(String::as_str)) {
        Ok(layout) => layout,
        Err(ocsf_codegen::Error::Layout(what)) => {
            bail!("{source} is not an OCSF schema export: it has {what}")
        }
        Err(e) => bail!("{source} is not an OCSF schema export: {e}"),
    };
    let required = layout.object_keys();
    let missing: Vec<String> = std::iter::once(&"version")
        .chain(required)
        .filter(|k| !top.contains_key(**k))
        .map(|k| format!("`{k}`"))
        .collect();
    if !missing.is_empty() {
        bail!(
            "{source} is not an OCSF schema export ({layout} layout): no top-level {}",
            missing.join(", ")
        );
    }
    if let Some(key) = required.iter().find(|k| !top[**k].is_object()) {
        bail!("{source} is not an OCSF schema export ({layout} layout): `{key}` is not an object");
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
mod tests;
