//! Parquet input: a file is read one record batch at a time (at most [`ROWS_PER_BATCH`] rows,
//! decoded from one row group's column chunks) and handed on as a batch whose rows the worker
//! that validates them maps to OCSF JSON events by `ocsf-arrow` ([`Batch::fill`]): decoding is
//! serial, mapping is parallel, as splitting and parsing JSON lines are. Memory is bounded by a record batch
//! and the pages it is decoded from, not by the file. An event's place is its row: the 0-based
//! index of the row in the file (`EventRef::index`), shown as `row N` in every format.
//!
//! Kept out of `input/` on purpose: the fuzz targets include that module from its source, and
//! they do not build Arrow.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::input::{self, Batch, EventRef, Fill, Source};

/// Rows per record batch: a few megabytes of JSON for Security Lake's wide rows, enough to
/// keep two workers busy.
pub const ROWS_PER_BATCH: usize = 1024;

/// The first (and last) four bytes of every Parquet file.
pub const MAGIC: &[u8; 4] = b"PAR1";

/// Whether `path` is a Parquet file: by its extension, or by its magic bytes.
pub fn is_parquet(path: &Path) -> bool {
    if input::is_parquet_name(path) {
        return true;
    }
    let mut head = [0u8; 4];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == MAGIC)
}

/// Reads a source: Parquet files here, anything else through [`input::read`].
pub fn read(
    source: &Source,
    file: usize,
    max: usize,
    emit: &mut dyn FnMut(Batch) -> Result<()>,
) -> Result<()> {
    match source {
        Source::File { path, display } if is_parquet(path) => {
            read_parquet(path, display, file, max, emit)
        }
        _ => input::read(source, file, max, emit),
    }
}

/// Writes the rows of `batch` (the first is row `first` of its file) into `out` as events; a
/// row whose JSON is larger than `max` bytes is kept as a too-large event without its bytes.
fn map_rows(
    mapper: &ocsf_arrow::Mapper,
    batch: &arrow_array::RecordBatch,
    first: usize,
    max: usize,
    out: &mut Batch,
) {
    // The reader checked the batch against the mapper's schema.
    let Ok(rows) = mapper.rows(batch) else {
        return;
    };
    out.events.reserve(rows.len());
    for i in 0..rows.len() {
        let start = out.data.len();
        rows.write_row(i, &mut out.data);
        let len = out.data.len() - start;
        let too_large = (len > max).then(|| {
            out.data.truncate(start);
            len as u64
        });
        out.events.push(EventRef {
            line: 1,
            column: 1,
            index: first + i,
            range: start..out.data.len(),
            too_large,
        });
    }
}

/// Reads one Parquet file. A file that is not Parquet, is cut short or is corrupt is an input
/// error naming it (and the row reached, when it breaks inside); the rows before a break are
/// validated and reported.
fn read_parquet(
    path: &Path,
    name: &str,
    file: usize,
    max: usize,
    emit: &mut dyn FnMut(Batch) -> Result<()>,
) -> Result<()> {
    let f = File::open(path).with_context(|| format!("cannot open {name}"))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(f)
        .with_context(|| format!("cannot read {name} as Parquet"))?;
    let mapper = ocsf_arrow::Mapper::new(builder.schema())
        .with_context(|| format!("cannot read the rows of {name} as OCSF events"))?;
    let reader = builder
        .with_batch_size(ROWS_PER_BATCH)
        .build()
        .with_context(|| format!("cannot read {name} as Parquet"))?;
    let mapper = std::sync::Arc::new(mapper);
    let mut row = 0usize;
    for batch in reader {
        let batch = batch.with_context(|| format!("cannot read {name} as Parquet at row {row}"))?;
        // Checked here, where an error can still name the file; the columns are prepared and
        // mapped by the worker that validates the rows.
        mapper
            .check(&batch)
            .with_context(|| format!("cannot read {name} at row {row}"))?;
        let first = row;
        row += batch.num_rows();
        let mapper = std::sync::Arc::clone(&mapper);
        emit(Batch {
            file,
            data: Vec::new(),
            events: Vec::new(),
            rows: true,
            fill: Some(Fill(Box::new(move |out: &mut Batch| {
                map_rows(&mapper, &batch, first, max, out)
            }))),
        })?;
    }
    Ok(())
}
