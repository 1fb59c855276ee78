//! The file sink: whole lines from many threads, append, 0600, rotation, retention, fsync,
//! and disk-full / permission errors through the error callback.

mod support;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use ocsf_emit::{Emitter, FileSink, Fsync};
use serde_json::{json, Value};
use support::{event::authentication, uid, Errors};

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is one whole JSON object"))
        .collect()
}

#[test]
fn lines_from_many_threads_are_whole_and_each_threads_order_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("security.log");
    let emitter = Arc::new(
        Emitter::builder()
            .sink(FileSink::builder(&path).open().unwrap())
            .queue_capacity(64)
            .build()
            .unwrap(),
    );
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let emitter = Arc::clone(&emitter);
            std::thread::spawn(move || {
                for n in 0..500 {
                    emitter.emit(&json!({"thread": t, "n": n, "pad": "x".repeat(n % 300)}));
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    emitter.flush().unwrap();
    let events = lines(&path);
    assert_eq!(events.len(), 4000);
    let mut next = [0u64; 8];
    for e in &events {
        let t = e["thread"].as_u64().unwrap() as usize;
        assert_eq!(e["n"].as_u64().unwrap(), next[t]);
        next[t] += 1;
    }
}

#[test]
fn the_file_is_appended_to_and_created_private() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("security.log");
    std::fs::write(&path, "{\"old\":true}\n").unwrap();
    let emitter = Emitter::builder()
        .sink(
            FileSink::builder(&path)
                .fsync(Fsync::EveryBatch)
                .open()
                .unwrap(),
        )
        .build()
        .unwrap();
    emitter.emit(&authentication(1));
    drop(emitter);
    let events = lines(&path);
    assert_eq!(events[0]["old"], true);
    assert_eq!(uid(&events[1]), "e-1");

    let fresh = dir.path().join("fresh.log");
    let emitter = Emitter::builder()
        .sink(
            FileSink::builder(&fresh)
                .fsync(Fsync::EveryN(2))
                .open()
                .unwrap(),
        )
        .build()
        .unwrap();
    emitter.emit(&authentication(2));
    drop(emitter);
    assert_eq!(lines(&fresh).len(), 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&fresh).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn size_rotation_keeps_the_newest_files_and_loses_no_line_in_between() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.log");
    let sink = FileSink::builder(&path)
        .max_bytes(2_000)
        .retention(3)
        .build();
    let emitter = Emitter::builder().sink(sink).max_batch(7).build().unwrap();
    for n in 0..200 {
        emitter.emit(&json!({"n": n, "pad": "abcdefghij".repeat(5)}));
    }
    drop(emitter);
    let rotated = ocsf_emit::file::rotated_files(&path);
    assert_eq!(rotated.len(), 3, "{rotated:?}");
    let mut ns = Vec::new();
    for file in rotated.iter().chain([&path]) {
        assert!(std::fs::metadata(file).unwrap().len() <= 2_000, "{file:?}");
        ns.extend(lines(file).iter().map(|e| e["n"].as_u64().unwrap()));
    }
    // What is kept is an unbroken run ending with the last event.
    let first = ns[0];
    assert_eq!(ns, (first..200).collect::<Vec<_>>());
    assert!(first > 0);
}

#[test]
fn a_file_from_an_earlier_utc_day_is_rotated_under_that_days_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day.log");
    std::fs::write(&path, "{\"yesterday\":true}\n").unwrap();
    let two_days_ago = SystemTime::now() - Duration::from_secs(2 * 86_400);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(two_days_ago)
        .unwrap();
    let emitter = Emitter::builder()
        .sink(FileSink::builder(&path).daily(true).open().unwrap())
        .build()
        .unwrap();
    emitter.emit(&json!({"today": true}));
    drop(emitter);
    let rotated = ocsf_emit::file::rotated_files(&path);
    assert_eq!(rotated.len(), 1);
    let name = rotated[0].file_name().unwrap().to_str().unwrap().to_owned();
    // Named after the old file's day, not today's.
    let day = ocsf_emit::file::utc_date(two_days_ago);
    assert_eq!(name, format!("day.log.{day}.000001"));
    assert_eq!(lines(&rotated[0])[0]["yesterday"], true);
    assert_eq!(lines(&path)[0]["today"], true);
}

#[test]
fn disk_full_is_reported_through_the_callback_with_the_lost_count() {
    let full = Path::new("/dev/full");
    if !full.exists() {
        println!("skipped: /dev/full is absent on this system");
        return;
    }
    let errors = Errors::default();
    let emitter = Emitter::builder()
        .sink(FileSink::builder(full).build())
        .on_error(errors.callback())
        .build()
        .unwrap();
    for n in 0..5 {
        emitter.emit(&authentication(n));
    }
    emitter.flush().unwrap();
    let reported = errors.all();
    assert!(!reported.is_empty());
    assert!(
        reported[0].0.contains("/dev/full") && reported[0].0.contains("No space left"),
        "{reported:?}"
    );
    let lost: usize = reported.iter().map(|(_, n)| n).sum();
    assert_eq!(lost, 5);
    assert_eq!(emitter.metrics().failed, 5);
}

#[test]
fn an_unwritable_location_is_a_clear_error_at_open_and_through_the_callback() {
    let dir = tempfile::tempdir().unwrap();
    // Permissions do not stop root; a path under a regular file fails for every user.
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o500)).unwrap();
    }
    let blocked_by_permissions = std::fs::write(locked.join("probe"), "").is_err();
    let (path, expected) = if blocked_by_permissions {
        (locked.join("security.log"), "Permission denied")
    } else {
        println!("running as a user that permissions do not stop: using a path under a file");
        let file = dir.path().join("regular-file");
        std::fs::write(&file, "").unwrap();
        (file.join("security.log"), "Not a directory")
    };

    let err = FileSink::builder(&path).open().err().expect("cannot open");
    let text = err.to_string();
    assert!(text.starts_with("opening "), "{text}");
    assert!(
        text.contains("security.log") && text.contains(expected),
        "{text}"
    );

    let errors = Errors::default();
    let emitter = Emitter::builder()
        .sink(FileSink::builder(&path).build())
        .on_error(errors.callback())
        .build()
        .unwrap();
    emitter.emit(&authentication(1));
    emitter.emit(&authentication(2));
    emitter.flush().unwrap();
    let reported = errors.all();
    assert!(reported[0].0.contains(expected), "{reported:?}");
    assert_eq!(emitter.metrics().failed, 2);
}
