//! The JSON lines reader against a model (split at newlines, trim, skip blank lines), under
//! small bounds, blocks and buffers so that long lines, skipped lines and lines across blocks
//! all occur: the same events, lines and indexes, and no kept line past `bound + block`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "reader.rs"]
mod reader;

use reader::{expect, Event, Layout};

fuzz_target!(|data: &[u8]| {
    let Some((sizes, text)) = reader::sizes(data, &[64, 32, 16]) else {
        return;
    };
    let [max, block, buffer] = sizes[..] else {
        return;
    };
    let (got, result) = reader::read(text, Layout::Lines, max, block, buffer);
    assert_eq!(result, Ok(()));
    let mut pieces: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
    if pieces.last().is_some_and(|p| p.is_empty()) {
        pieces.pop();
    }
    let mut index = 0;
    let mut want = Vec::new();
    for (i, raw) in pieces.iter().enumerate() {
        let trimmed = raw.trim_ascii();
        if trimmed.is_empty() {
            continue;
        }
        let mut event = expect(trimmed, max);
        // A line within the bound but padded past it with blanks may be skipped, reported by
        // its whole length.
        if let Some((_, _, Event::TooLarge(n))) = got.get(index) {
            if raw.len() > max && *n == raw.len() as u64 {
                event = Event::TooLarge(*n);
            }
        }
        want.push((i + 1, index, event));
        index += 1;
    }
    assert_eq!(got, want, "on {:?}", String::from_utf8_lossy(text));
});
