//! Reading, validating and ordering. One reader thread cuts the inputs into batches;
//! `jobs` workers validate batches; the caller's thread gets the results back in input order
//! (batches are numbered and re-ordered), so the output does not depend on `--jobs`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Arc, Mutex};

use anyhow::Result;
use ocsf_validate::{lake, Validator};

use super::input::{Batch, Source};
use super::parquet;
use super::render::Item;

/// Writes one event's diagnostics in the output format, for formats whose lines depend on the
/// event alone: run by the workers, so that with `--jobs N` the thread that writes in order
/// only copies bytes.
pub type Prerender = fn(&Item, &mut Vec<u8>);

/// What the workers do besides validating.
#[derive(Debug, Clone, Copy, Default)]
pub struct Work {
    /// Render each event in the output format ([`Prerender`]).
    pub prerender: Option<Prerender>,
    /// Keep the bytes of each event that has diagnostics ([`Item::event`]).
    pub keep_event: bool,
    /// Read what the Security Lake rules need of each event ([`Item::lake`]).
    pub lake_facts: bool,
}

/// Validates each event of `batch` and hands its item to `each`, in order, as soon as it is
/// made: with one job the item is written and dropped before the next event is walked, so that
/// the diagnostics of a whole batch are never alive at once (they crowd the cache).
fn validate_batch(
    v: &Validator,
    sources: &[Source],
    mut batch: Batch,
    work: Work,
    mut each: impl FnMut(Item) -> Result<()>,
) -> Result<()> {
    if let Some(fill) = batch.fill.take() {
        (fill.0)(&mut batch);
    }
    let (file, path) = match &sources[batch.file] {
        Source::File { path, display } => (display.clone(), Some(path.clone())),
        Source::Stdin => ("-".to_owned(), None::<PathBuf>),
    };
    let file: Arc<str> = file.into();
    batch.events.iter().try_for_each(|e| {
        let mut report = match e.too_large {
            Some(len) => v.report_too_large(len),
            None => v.validate_bytes(&batch.data[e.range.clone()]),
        };
        if let Some(path) = path.as_deref() {
            report.diagnostics.retain(|d| !v.ignored_in_file(d, path));
        }
        let keep = work.keep_event && !report.diagnostics.is_empty();
        let mut item = Item {
            file: file.clone(),
            line: e.line,
            column: e.column,
            index: e.index,
            row: batch.rows.then_some(e.index),
            lake: (work.lake_facts && e.too_large.is_none())
                .then(|| lake::Facts::of(&batch.data[e.range.clone()]))
                .flatten(),
            report,
            event: keep.then(|| batch.data[e.range.clone()].into()),
            rendered: None,
        };
        if let Some(render) = work.prerender {
            // About what a diagnostic's line takes, so that the buffer rarely grows.
            let mut bytes = Vec::with_capacity(item.report.diagnostics.len() * 320);
            render(&item, &mut bytes);
            item.rendered = Some(bytes);
            // Nothing reads the event or the diagnostics' texts after the rendering (the writer
            // counts severities; `--max-diagnostics`, a baseline and the Security Lake rules,
            // which read more, turn prerendering off): freed here, by the worker, rather than
            // by the one thread that writes.
            item.event = None;
            for d in &mut item.report.diagnostics {
                d.message = String::new();
                d.pointer = String::new();
                d.schema_path = None;
                d.help = None;
            }
        }
        each(item)
    })
}

/// [`validate_batch`] for a worker: the items of the batch, to be written in order later.
fn validate_batch_to_vec(v: &Validator, sources: &[Source], batch: Batch, work: Work) -> Vec<Item> {
    let mut items = Vec::with_capacity(batch.events.len());
    // Collecting cannot fail.
    let _ = validate_batch(v, sources, batch, work, |item| {
        items.push(item);
        Ok(())
    });
    items
}

/// Runs everything and calls `sink` for each event in order, its diagnostics already filtered
/// by the policy's file ignores (and, with several jobs and a `prerender`, already rendered).
/// Returns I/O errors of inputs (reported by the caller; other inputs are still read).
pub fn run(
    v: &Validator,
    sources: &[Source],
    jobs: usize,
    work: Work,
    mut sink: impl FnMut(Item) -> Result<()>,
) -> Result<Vec<anyhow::Error>> {
    let mut io_errors = Vec::new();
    let max = v.policy().max_event_bytes;
    if jobs <= 1 {
        for (i, s) in sources.iter().enumerate() {
            let mut emit = |b: Batch| -> Result<()> {
                // One thread: rendering in order costs the same, without a buffer per event.
                let work = Work {
                    prerender: None,
                    ..work
                };
                validate_batch(v, sources, b, work, &mut sink)
            };
            if let Err(e) = parquet::read(s, i, max, &mut emit) {
                if super::is_broken_pipe(&e) {
                    return Err(e);
                }
                io_errors.push(e);
            }
        }
        return Ok(io_errors);
    }

    std::thread::scope(|scope| -> Result<Vec<anyhow::Error>> {
        // Bounded channels keep memory at a few batches per worker whatever the file size.
        let (batch_tx, batch_rx) = sync_channel::<(u64, Batch)>(jobs * 2);
        let (result_tx, result_rx) = sync_channel::<(u64, Vec<Item>)>(jobs * 4);
        let batch_rx = Arc::new(Mutex::new(batch_rx));
        let reader = scope.spawn(move || {
            let mut errors = Vec::new();
            let mut seq = 0u64;
            for (i, s) in sources.iter().enumerate() {
                let mut emit = |b: Batch| -> Result<()> {
                    batch_tx
                        .send((seq, b))
                        .map_err(|_| anyhow::anyhow!("validation stopped"))?;
                    seq += 1;
                    Ok(())
                };
                if let Err(e) = parquet::read(s, i, max, &mut emit) {
                    if e.to_string() == "validation stopped" {
                        break;
                    }
                    errors.push(e);
                }
            }
            errors
        });
        for _ in 0..jobs {
            let rx: Arc<Mutex<Receiver<(u64, Batch)>>> = Arc::clone(&batch_rx);
            let tx = result_tx.clone();
            scope.spawn(move || loop {
                let next = rx.lock().map(|r| r.recv());
                let Ok(Ok((seq, batch))) = next else { break };
                if tx
                    .send((seq, validate_batch_to_vec(v, sources, batch, work)))
                    .is_err()
                {
                    break;
                }
            });
        }
        // Only workers may hold the batch receiver, so the reader stops when they do.
        drop(batch_rx);
        drop(result_tx);
        let mut pending: BTreeMap<u64, Vec<Item>> = BTreeMap::new();
        let mut next = 0u64;
        let mut outcome = Ok(());
        for (seq, items) in result_rx.iter() {
            pending.insert(seq, items);
            while let Some(items) = pending.remove(&next) {
                next += 1;
                if outcome.is_ok() {
                    outcome = items.into_iter().try_for_each(&mut sink);
                }
            }
            if outcome.is_err() {
                break;
            }
        }
        // Dropping the receiver stops workers and the reader promptly on an output error.
        drop(result_rx);
        let errors = reader.join().unwrap_or_default();
        outcome.map(|()| errors)
    })
}
