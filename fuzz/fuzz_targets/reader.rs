#![allow(dead_code)]
//! What the reader fuzz targets share: the command's input module, included from its source,
//! driven over bytes in memory, and its events in a form to compare with a model.

use std::io::{BufReader, Cursor};

#[allow(dead_code)]
#[path = "../../crates/ocsf-validate-cli/src/cli/input/mod.rs"]
mod input;

/// What the input module reads of the command's Parquet module (which would bring the Parquet
/// reader into the fuzz build): the magic bytes that tell a Parquet stream.
mod parquet {
    pub const MAGIC: &[u8; 4] = b"PAR1";
}

pub use input::Layout;

/// One event as read: its bytes when kept and within the bound, else its length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Kept(Vec<u8>),
    TooLarge(u64),
}

/// (line, index, event) of each event read.
pub type Read = Vec<(usize, usize, Event)>;

/// Reads `text` through a buffer of `buffer` bytes and blocks of `block` bytes. `Err` is the
/// reader's error; a kept line longer than `max + 2 * block` (more memory than the bound allows)
/// panics.
pub fn read(
    text: &[u8],
    layout: Layout,
    max: usize,
    block: usize,
    buffer: usize,
) -> (Read, Result<(), String>) {
    let reader = BufReader::with_capacity(buffer, Cursor::new(text.to_vec()));
    let mut out = Vec::new();
    let result = input::read_from(Box::new(reader), layout, 0, max, block, &mut |b| {
        for e in &b.events {
            let event = match e.too_large {
                Some(n) => {
                    assert!(
                        n > max as u64,
                        "skipped an event of {n} bytes, within {max}"
                    );
                    Event::TooLarge(n)
                }
                None => {
                    let bytes = &b.data[e.range.clone()];
                    // A line starts in the rest of a block (at most a block), grows while
                    // within the bound, and takes one more block.
                    assert!(
                        bytes.len() <= max + 2 * block || layout == Layout::Json,
                        "kept {} bytes with a bound of {max} and blocks of {block}",
                        bytes.len()
                    );
                    if bytes.len() > max {
                        Event::TooLarge(bytes.len() as u64)
                    } else {
                        Event::Kept(bytes.to_vec())
                    }
                }
            };
            out.push((e.line, e.index, event));
        }
        Ok(())
    });
    (out, result.map_err(|e| e.to_string()))
}

/// The expected event for a value's text under the bound.
pub fn expect(text: &[u8], max: usize) -> Event {
    if text.len() > max {
        Event::TooLarge(text.len() as u64)
    } else {
        Event::Kept(text.to_vec())
    }
}

/// Sizes from the input's first bytes (the `i`th in `1..=ranges[i]`), and the rest of it.
pub fn sizes<'d>(data: &'d [u8], ranges: &[usize]) -> Option<(Vec<usize>, &'d [u8])> {
    let (head, text) = data.split_at_checked(ranges.len())?;
    let sizes = head.iter().zip(ranges).map(|(&b, &r)| 1 + b as usize % r);
    Some((sizes.collect(), text))
}

/// 1-based line of a byte offset.
pub fn line_at(text: &[u8], offset: usize) -> usize {
    1 + text[..offset].iter().filter(|&&b| b == b'\n').count()
}
