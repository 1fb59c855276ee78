//! Pull against loopback test servers; nothing here leaves the machine.

use super::*;

use std::io::Write as _;
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;

use clap::Parser;

const EXPORT: &str = r#"{"version":"1.6.0","classes":{},"objects":{},"types":{"string_t":{"caption":"String"}},"base_event":{"name":"base_event","attributes":{}}}"#;

/// The same, in the v2 layout.
const V2_EXPORT: &str = r#"{"version":"1.6.0","compile_version":1,"classes":{},"objects":{},"dictionary":{"attributes":{},"types":{"attributes":{"string_t":{"caption":"String"}}}}}"#;

/// A local HTTP server: answers each connection with `respond(path)` verbatim (or after
/// `delay`), then closes it. The request heads come back through `requests`, in order.
struct Server {
    base: String,
    requests: mpsc::Receiver<String>,
}

impl Server {
    /// Answers every request with `response`.
    fn start(response: Vec<u8>) -> Server {
        Server::start_delayed(response, Duration::ZERO)
    }

    fn start_delayed(response: Vec<u8>, delay: Duration) -> Server {
        Server::serve(move |_| response.clone(), delay)
    }

    /// Answers a request for the v2 export with `v2`, and one for the legacy export with
    /// `legacy` (paths without the query; anything else is a test bug and answers 500).
    fn routes(v2: Vec<u8>, legacy: Vec<u8>) -> Server {
        let route = move |path: &str| {
            if path.ends_with("/export/v2/schema") {
                v2.clone()
            } else if path.ends_with("/export/schema") {
                legacy.clone()
            } else {
                http("500 Internal Server Error", path.as_bytes())
            }
        };
        Server::serve(route, Duration::ZERO)
    }

    fn serve(respond: impl Fn(&str) -> Vec<u8> + Send + 'static, delay: Duration) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (tx, requests) = mpsc::channel();
        // Lives until the test process ends, blocked in `accept` once the test is done.
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else {
                    return;
                };
                let head = read_head(&mut stream);
                let target = head.split(' ').nth(1).unwrap_or_default();
                let path = target.split('?').next().unwrap_or_default().to_owned();
                let _ = tx.send(head);
                thread::sleep(delay);
                let _ = stream.write_all(&respond(&path));
                // Half-close and drain, so the client sees a clean EOF rather than a reset.
                let _ = stream.shutdown(Shutdown::Write);
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let _ = std::io::copy(&mut stream, &mut std::io::sink());
            }
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

    /// Every request line received so far.
    fn request_lines(&self) -> Vec<String> {
        self.requests
            .try_iter()
            .map(|head| head.lines().next().unwrap_or_default().to_owned())
            .collect()
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

/// The v2 export's URL: what a pull asks for first.
fn url(server: &Server, version: &str, query: &str) -> String {
    format!(
        "{}/{version}/export/v2/schema?extensions={query}",
        server.base
    )
}

fn legacy_url(server: &Server, version: &str, query: &str) -> String {
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
        "GET /1.6.0/export/v2/schema?extensions= HTTP/1.1"
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
        "GET /1.6.0/export/v2/schema?extensions=linux,win HTTP/1.1"
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
    let url = export_url(&cli.pull.server, "1.6.0", &cli.pull.extensions, Layout::V2).unwrap();
    assert_eq!(
        url.as_str(),
        "https://schema.ocsf.io/1.6.0/export/v2/schema?extensions="
    );
    let url = export_url(
        &cli.pull.server,
        "1.6.0",
        &cli.pull.extensions,
        Layout::Legacy,
    )
    .unwrap();
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
fn not_found_names_both_urls() {
    let root = tempfile::tempdir().unwrap();
    let server = Server::start(http("404 Not Found", b"not found"));
    let err = run_err(root.path(), &args("9.9.9", &server.base));
    assert_eq!(
        err,
        format!(
            "{} answered HTTP 404 Not Found, then {} answered HTTP 404 Not Found: \
             no such schema version on that server?",
            url(&server, "9.9.9", ""),
            legacy_url(&server, "9.9.9", "")
        )
    );
    assert_nothing_written(root.path());
}

#[test]
fn server_error_is_reported_without_falling_back() {
    let root = tempfile::tempdir().unwrap();
    let server = Server::routes(
        http("500 Internal Server Error", b"oops"),
        http("200 OK", EXPORT.as_bytes()),
    );
    let err = run_err(root.path(), &args("1.6.0", &server.base));
    assert_eq!(
        err,
        format!(
            "{} answered HTTP 500 Internal Server Error: the server failed; try again later",
            url(&server, "1.6.0", "")
        )
    );
    assert_eq!(
        server.request_lines(),
        ["GET /1.6.0/export/v2/schema?extensions= HTTP/1.1"]
    );
    assert_nothing_written(root.path());
}

#[test]
fn v2_is_pulled_from_a_server_that_refuses_the_legacy_export() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let server = Server::routes(
        http("200 OK", V2_EXPORT.as_bytes()),
        http("400 Bad Request", b"{\"error\":\"use /export/v2/schema\"}"),
    );
    let mut a = args("1.6.0", &server.base);
    a.extensions = vec!["linux".into()];
    let pulled = pull(root, &a).unwrap();

    assert_eq!(
        server.request_lines(),
        ["GET /1.6.0/export/v2/schema?extensions=linux HTTP/1.1"]
    );
    assert_eq!(pulled.source, url(&server, "1.6.0", "linux"));
    let pin = Pin::read(&Pin::path(root, "1.6.0")).unwrap();
    assert_eq!(pin.source, url(&server, "1.6.0", "linux"));
    assert_eq!(pin.sha256, sha256_hex(V2_EXPORT.as_bytes()));
    assert_eq!(read(Pin::cache_path(root, "1.6.0")), V2_EXPORT);
}

#[test]
fn an_older_server_without_v2_falls_back_to_the_legacy_export() {
    for refusal in ["404 Not Found", "400 Bad Request"] {
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        let server = Server::routes(http(refusal, b"no"), http("200 OK", EXPORT.as_bytes()));
        let pulled = pull(root, &args("1.6.0", &server.base)).unwrap();

        assert_eq!(
            server.request_lines(),
            [
                "GET /1.6.0/export/v2/schema?extensions= HTTP/1.1",
                "GET /1.6.0/export/schema?extensions= HTTP/1.1"
            ],
            "{refusal}"
        );
        let legacy = legacy_url(&server, "1.6.0", "");
        assert_eq!(pulled.source, legacy, "{refusal}");
        assert_eq!(Pin::read(&Pin::path(root, "1.6.0")).unwrap().source, legacy);
        assert_eq!(read(Pin::cache_path(root, "1.6.0")), EXPORT);
    }
}

#[test]
fn both_exports_failing_names_both_urls_and_statuses() {
    let root = tempfile::tempdir().unwrap();
    let server = Server::routes(
        http("400 Bad Request", b"no"),
        http("503 Service Unavailable", b"later"),
    );
    let err = run_err(root.path(), &args("1.8.0", &server.base));
    assert_eq!(
        err,
        format!(
            "{} answered HTTP 400 Bad Request, then {} answered HTTP 503 Service Unavailable: \
             the server failed; try again later",
            url(&server, "1.8.0", ""),
            legacy_url(&server, "1.8.0", "")
        )
    );
    assert_nothing_written(root.path());
}

#[test]
fn a_transport_failure_on_the_fallback_says_why_it_was_tried() {
    let root = tempfile::tempdir().unwrap();
    // The legacy answer claims more bytes than it sends.
    let server = Server::routes(
        http("404 Not Found", b"no"),
        b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{".to_vec(),
    );
    let err = run_err(root.path(), &args("1.6.0", &server.base));
    let expected = format!(
        "{} answered HTTP 404 Not Found, so the legacy export was asked for: \
         {}: truncated body: got 1 of 100 bytes",
        url(&server, "1.6.0", ""),
        legacy_url(&server, "1.6.0", "")
    );
    assert!(err.starts_with(&expected), "{err}");
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
            "{} is not an OCSF schema export: it has neither a top-level `types` \
             (legacy layout) nor a `dictionary` (v2 layout)",
            url(&server, "1.6.0", "")
        )
    );

    let body = br#"{"version":"1.6.0","classes":{},"types":{}}"#;
    let server = Server::start(http("200 OK", body));
    let err = run_err(root.path(), &args("1.6.0", &server.base));
    assert_eq!(
        err,
        format!(
            "{} is not an OCSF schema export (legacy `/export/schema` layout): \
             no top-level `objects`",
            url(&server, "1.6.0", "")
        )
    );

    let body = br#"{"version":"1.6.0","classes":{},"objects":{},"dictionary":[]}"#;
    let server = Server::start(http("200 OK", body));
    let err = run_err(root.path(), &args("1.6.0", &server.base));
    assert_eq!(
        err,
        format!(
            "{} is not an OCSF schema export (v2 `/export/v2/schema` layout): \
             `dictionary` is not an object",
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
        format!("the server at {base}/1.6.0/export/v2/schema?extensions= could not be reached: ");
    assert!(err.starts_with(&expected), "{err}");
    assert!(!err.contains('\n'), "{err}");
    assert_nothing_written(root.path());
}

#[test]
fn a_silent_server_times_out() {
    let root = tempfile::tempdir().unwrap();
    let server = Server::start_delayed(http("200 OK", EXPORT.as_bytes()), Duration::from_secs(5));
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
fn from_file_takes_the_v2_layout_too() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let file = root.join("export-v2.json");
    std::fs::write(&file, V2_EXPORT).unwrap();
    let mut a = args("1.6.0", DEFAULT_SERVER);
    a.from = Some(file.clone());
    pull(root, &a).unwrap();
    assert_eq!(read(Pin::cache_path(root, "1.6.0")), V2_EXPORT);

    std::fs::write(&file, V2_EXPORT.replace("1.6.0", "1.5.0")).unwrap();
    a.version = "1.5.0".into();
    a.from = Some(file.clone());
    pull(root, &a).unwrap();
    a.version = "1.6.0".into();
    let err = run_err(root, &a);
    assert_eq!(
        err,
        format!(
            "{} holds OCSF 1.5.0, not the requested 1.6.0",
            file.display()
        )
    );
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
