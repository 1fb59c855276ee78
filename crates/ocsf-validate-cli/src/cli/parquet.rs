//! Parquet input: a file is read one record batch at a time (at most [`ROWS_PER_BATCH`] rows,
//! decoded from one row group's column chunks), each row mapped to its OCSF JSON event by
//! `ocsf-arrow` and handed on like a block of JSON lines. Memory is bounded by a record batch
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

use super::input::{self, Batch, EventRef, Source};

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
    let mut row = 0usize;
    for batch in reader {
        let batch = batch.with_context(|| format!("cannot read {name} as Parquet at row {row}"))?;
        let rows = mapper
            .rows(&batch)
            .with_context(|| format!("cannot read {name} at row {row}"))?;
        let mut data = Vec::new();
        let mut events = Vec::with_capacity(rows.len());
        for i in 0..rows.len() {
            let start = data.len();
            rows.write_row(i, &mut data);
            let len = data.len() - start;
            let too_large = (len > max).then(|| {
                data.truncate(start);
                len as u64
            });
            events.push(EventRef {
                line: 1,
                column: 1,
                index: row,
                range: start..data.len(),
                too_large,
            });
            row += 1;
        }
        emit(Batch {
            file,
            data,
            events,
            rows: true,
        })?;
    }
    Ok(())
}
