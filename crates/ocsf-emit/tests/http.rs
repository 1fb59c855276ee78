//! The HTTP sink against a real server on 127.0.0.1 that is down, slow, busy, failing or
//! hanging up: no event is lost, duplicates only as at-least-once allows.

mod support;

use std::time::Duration;

use ocsf_emit::{Emitter, HttpFormat, HttpSink, HttpSinkBuilder, Retry};
use support::event::authentication;
use support::server::{Reply, Server};
use support::Errors;

/// Fast retries so the tests are quick; the budget is generous so that they do not give up.
fn quick(builder: HttpSinkBuilder) -> HttpSinkBuilder {
    builder.timeout(Duration::from_secs(5)).retry(Retry {
        max_attempts: 50,
        max_elapsed: Duration::from_secs(60),
        initial_backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(200),
    })
}

fn send(builder: HttpSinkBuilder, n: u64) -> (Errors, ocsf_emit::Metrics) {
    let errors = Errors::default();
    let emitter = Emitter::builder()
        .sink(builder.build().unwrap())
        .on_error(errors.callback())
        .build()
        .unwrap();
    for i in 0..n {
        emitter.emit(&authentication(i));
    }
    emitter.flush().unwrap();
    let metrics = emitter.metrics();
    (errors, metrics)
}

fn assert_all_delivered(server: &Server, n: u64) {
    let expected: std::collections::BTreeSet<String> = (0..n).map(|i| format!("e-{i}")).collect();
    assert_eq!(server.distinct_uids(), expected);
}

#[test]
fn batches_are_gzipped_ndjson_of_at_most_max_events() {
    let server = Server::start(vec![]);
    let (errors, metrics) = send(
        quick(HttpSink::json(&server.url, HttpFormat::Ndjson)).max_events(10),
        25,
    );
    assert!(errors.all().is_empty(), "{:?}", errors.all());
    assert_eq!(metrics.failed, 0);
    assert_all_delivered(&server, 25);
    let requests = server.requests();
    assert_eq!(
        server.events().len(),
        25,
        "no duplicates on a healthy server"
    );
    assert!(requests.iter().all(|r| r.values.len() <= 10));
    assert!(requests
        .iter()
        .all(|r| r.header("content-encoding") == Some("gzip")));
    assert_eq!(
        requests[0].header("content-type"),
        Some("application/x-ndjson")
    );
}

#[test]
fn a_json_array_body_is_one_array_per_request() {
    let server = Server::start(vec![]);
    let (errors, _) = send(
        quick(HttpSink::json(&server.url, HttpFormat::JsonArray)).gzip(false),
        7,
    );
    assert!(errors.all().is_empty());
    assert_all_delivered(&server, 7);
    assert_eq!(server.requests()[0].header("content-encoding"), None);
}

#[test]
fn splunk_hec_wraps_events_and_sends_the_token() {
    let server = Server::start(vec![]);
    let (errors, _) = send(
        quick(HttpSink::splunk_hec(
            &server.url,
            "s3cr3t",
            "ocsf:authentication",
        )),
        3,
    );
    assert!(errors.all().is_empty());
    let request = &server.requests()[0];
    assert_eq!(request.header("authorization"), Some("Splunk s3cr3t"));
    assert_eq!(request.values[0]["sourcetype"], "ocsf:authentication");
    assert_eq!(request.values[0]["event"]["class_uid"], 3002);
    assert_all_delivered(&server, 3);
}

#[test]
fn events_sent_while_the_server_is_down_arrive_once_it_is_up() {
    let port = Server::reserve_port();
    let url = format!("http://127.0.0.1:{port}/ingest");
    let starter = std::thread::spawn(move || {
        // Long enough for several refused connections first.
        std::thread::sleep(Duration::from_millis(500));
        Server::start_on(port, vec![])
    });
    let (errors, metrics) = send(quick(HttpSink::json(url, HttpFormat::Ndjson)), 20);
    let server = starter.join().unwrap();
    assert!(errors.all().is_empty(), "{:?}", errors.all());
    assert_eq!(metrics.failed, 0);
    assert_all_delivered(&server, 20);
}

#[test]
fn a_slow_server_times_out_and_the_retry_delivers_possibly_twice() {
    let server = Server::start(vec![Reply::Slow(Duration::from_secs(2))]);
    let builder =
        quick(HttpSink::json(&server.url, HttpFormat::Ndjson)).timeout(Duration::from_millis(300));
    let (errors, metrics) = send(builder, 10);
    assert!(errors.all().is_empty(), "{:?}", errors.all());
    assert_eq!(metrics.failed, 0);
    assert_all_delivered(&server, 10);
    // The slow server processed the first attempt too: at least once, not exactly once.
    assert!(server.requests().len() >= 2);
    assert_eq!(server.events().len(), 20);
}

#[test]
fn busy_and_failing_answers_are_retried_honouring_retry_after() {
    let server = Server::start(vec![Reply::Status(429, Some(1)), Reply::Status(500, None)]);
    let (errors, metrics) = send(quick(HttpSink::json(&server.url, HttpFormat::Ndjson)), 10);
    assert!(errors.all().is_empty(), "{:?}", errors.all());
    assert_eq!(metrics.failed, 0);
    assert_all_delivered(&server, 10);
    let requests = server.requests();
    let answered: Vec<&str> = requests.iter().map(|r| r.answered.as_str()).collect();
    assert_eq!(answered, ["429", "500", "200"]);
    // How long the sink waited is not asserted (tests never assert timings); the parsing of
    // Retry-After is unit-tested in src/http.rs.
}

#[test]
fn a_connection_closed_mid_request_is_retried() {
    let server = Server::start(vec![Reply::CloseMidRequest, Reply::CloseMidRequest]);
    let (errors, metrics) = send(quick(HttpSink::json(&server.url, HttpFormat::Ndjson)), 10);
    assert!(errors.all().is_empty(), "{:?}", errors.all());
    assert_eq!(metrics.failed, 0);
    assert_all_delivered(&server, 10);
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn a_batch_given_up_is_reported_with_its_count() {
    let server = Server::start(vec![Reply::Status(503, None); 100]);
    let builder = HttpSink::json(&server.url, HttpFormat::Ndjson).retry(Retry {
        max_attempts: 3,
        max_elapsed: Duration::from_secs(60),
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(10),
    });
    let (errors, metrics) = send(builder, 12);
    let reported = errors.all();
    assert_eq!(reported.len(), 1, "{reported:?}");
    assert_eq!(reported[0].1, 12);
    assert!(reported[0].0.contains("after 3 attempt(s)") && reported[0].0.contains("503"));
    assert_eq!(metrics.failed, 12);
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn a_client_error_is_final_and_reported_at_once() {
    let server = Server::start(vec![Reply::Status(400, None)]);
    let (errors, metrics) = send(quick(HttpSink::json(&server.url, HttpFormat::Ndjson)), 4);
    assert_eq!(errors.all().len(), 1);
    assert!(errors.all()[0].0.contains("after 1 attempt(s)"));
    assert_eq!(metrics.failed, 4);
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn a_partial_batch_is_sent_after_max_delay_without_a_flush() {
    let server = Server::start(vec![]);
    let emitter = Emitter::builder()
        .sink(
            quick(HttpSink::json(&server.url, HttpFormat::Ndjson))
                .max_events(1000)
                .max_delay(Duration::from_millis(100))
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    for i in 0..3 {
        emitter.emit(&authentication(i));
    }
    server.wait_for(3, Duration::from_secs(20));
    assert_all_delivered(&server, 3);
    drop(emitter);
}
