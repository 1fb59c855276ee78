//! The JSON document reader against serde_json: a document serde_json reads as an array gives
//! its elements (same text, lines and indexes) whether it is read whole (within the bound) or
//! streamed element by element (past it); a sequence of objects and arrays that starts with an
//! object gives each value; any other value gives one event; the streaming reader fails only
//! on text serde_json rejects.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::value::RawValue;

#[path = "reader.rs"]
mod reader;

use reader::{expect, line_at, Event, Layout};

fuzz_target!(|data: &[u8]| {
    let Some((sizes, text)) = reader::sizes(data, &[128, 16]) else {
        return;
    };
    let [max, buffer] = sizes[..] else {
        return;
    };
    let (got, result) = reader::read(text, Layout::Json, max, 1 << 20, buffer);
    let base = text.as_ptr() as usize;
    if let Ok(items) = serde_json::from_slice::<Vec<&RawValue>>(text) {
        assert_eq!(result, Ok(()), "on {:?}", String::from_utf8_lossy(text));
        let want: Vec<_> = items
            .iter()
            .enumerate()
            .map(|(i, raw)| {
                let off = raw.get().as_ptr() as usize - base;
                (line_at(text, off), i, expect(raw.get().as_bytes(), max))
            })
            .collect();
        assert_eq!(got, want, "on {:?}", String::from_utf8_lossy(text));
    } else if serde_json::from_slice::<&RawValue>(text).is_ok() {
        // One value: within the bound it is kept from its first byte to the end of the text;
        // past it, skipped and reported by its length without the blanks around it (all of
        // it when only they take it past the bound).
        let start = text
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(0);
        let trimmed = text.trim_ascii();
        let event = if text.len() <= max {
            expect(&text[start..], max)
        } else if trimmed.len() > max {
            Event::TooLarge(trimmed.len() as u64)
        } else if trimmed.starts_with(b"{") {
            // An object streams as the first value of a sequence: only its own length counts.
            Event::Kept(trimmed.to_vec())
        } else {
            Event::TooLarge(text.len() as u64)
        };
        let want = vec![(line_at(text, start), 0, event)];
        assert_eq!(result, Ok(()));
        assert_eq!(got, want, "on {:?}", String::from_utf8_lossy(text));
    } else if let Some(values) = sequence(text) {
        assert_eq!(result, Ok(()), "on {:?}", String::from_utf8_lossy(text));
        let want: Vec<_> = values
            .iter()
            .enumerate()
            .map(|(i, raw)| {
                let off = raw.get().as_ptr() as usize - base;
                (line_at(text, off), i, expect(raw.get().as_bytes(), max))
            })
            .collect();
        assert_eq!(got, want, "on {:?}", String::from_utf8_lossy(text));
    }
});

/// The values of `text` when serde_json reads it as two or more objects and arrays, the first
/// an object (numbers and literals, which no event is, may end differently in the two).
fn sequence(text: &[u8]) -> Option<Vec<&RawValue>> {
    let values = serde_json::Deserializer::from_slice(text)
        .into_iter::<&RawValue>()
        .collect::<Result<Vec<_>, _>>()
        .ok()?;
    let starts = |raw: &RawValue, b: &[u8]| b.contains(&raw.get().as_bytes()[0]);
    (values.len() >= 2
        && starts(values[0], b"{")
        && values.iter().all(|raw| starts(raw, b"{[")))
    .then_some(values)
}
