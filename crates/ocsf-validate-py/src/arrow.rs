//! `validate_arrow`: a `pyarrow.RecordBatch` of events in, a `pyarrow.RecordBatch` of their
//! diagnostics out, through Arrow's C data interface (`arrow-pyarrow`), no copy of the input.
//! Rows become JSON events by the `ocsf-arrow` mapping, the same as the command's Parquet input.

use std::sync::Arc;

use arrow_array::builder::{Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch, UInt32Array};
use arrow_pyarrow::{FromPyArrow, ToPyArrow};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use ocsf_arrow::{Mapper, Options};
use ocsf_validate::{Diagnostic, Validator};
use pyo3::exceptions::{PyKeyError, PyTypeError, PyValueError};
use pyo3::prelude::*;

/// The result's columns (name, Arrow type, nullable); a `key` column, when asked for, follows
/// `index` with the key column's type.
pub const COLUMNS: &[(&str, &str, bool)] = &[
    ("index", "int64", false),
    ("pointer", "string", false),
    ("code", "string", false),
    ("severity", "string", false),
    ("category", "string", false),
    ("message", "string", false),
    ("help", "string", true),
    ("schema_path", "string", true),
    ("schema_version", "string", true),
];

/// What `validate_arrow` was asked to read.
pub struct Request<'a> {
    /// The column of JSON text; `None`: the only column left (after `key` and `skip`) when it
    /// is a string or binary one, else every column left, as nested attributes.
    pub column: Option<&'a str>,
    /// A column copied to each diagnostic of its row, and left out of the event.
    pub key: Option<&'a str>,
    /// Columns left out of the events (partition columns).
    pub skip: Vec<String>,
    /// Added to each row's position in `index`.
    pub offset: i64,
}

fn mapping_error(e: ocsf_arrow::Error) -> PyErr {
    match e {
        ocsf_arrow::Error::MissingJsonColumn(_) => PyKeyError::new_err(e.to_string()),
        ocsf_arrow::Error::SchemaMismatch => PyValueError::new_err(e.to_string()),
        _ => PyTypeError::new_err(e.to_string()),
    }
}

/// The mapper of `batch` for `req`.
fn mapper(batch: &RecordBatch, req: &Request<'_>) -> PyResult<Mapper> {
    let schema = batch.schema();
    let mut options = Options::default();
    for s in req.skip.iter().map(String::as_str).chain(req.key) {
        options = options.with_skip_column(s);
    }
    let left: Vec<&Field> = schema
        .fields()
        .iter()
        .map(|f| f.as_ref())
        .filter(|f| !options.skip_columns.iter().any(|s| s == f.name()))
        .collect();
    match (req.column, left.as_slice()) {
        (Some(c), _) => options = options.with_json_column(c),
        (None, []) => {
            return Err(PyValueError::new_err(
                "the batch has no column left to read events from",
            ))
        }
        // One column left: it holds the events' JSON text when it is a string or binary one
        // (whatever else, such as the key, the batch has), else it is the one attribute.
        (None, [only]) => {
            let json = options.clone().with_json_column(only.name().clone());
            match Mapper::with_options(&schema, &json) {
                Err(ocsf_arrow::Error::JsonColumnType { .. }) => {}
                mapped => return mapped.map_err(mapping_error),
            }
        }
        (None, _) => {}
    }
    Mapper::with_options(&schema, &options).map_err(mapping_error)
}

pub fn validate<'py>(
    py: Python<'py>,
    validator: &Arc<Validator>,
    batch: &Bound<'py, PyAny>,
    req: Request<'_>,
) -> PyResult<Bound<'py, PyAny>> {
    let batch = RecordBatch::from_pyarrow_bound(batch).map_err(|e| {
        PyTypeError::new_err(format!("validate_arrow takes a pyarrow.RecordBatch: {e}"))
    })?;
    let mapper = mapper(&batch, &req)?;
    let key = match req.key {
        Some(k) => Some((
            k,
            batch
                .column_by_name(k)
                .cloned()
                .ok_or_else(|| PyKeyError::new_err(format!("no key column `{k}` in the batch")))?,
        )),
        None => None,
    };
    let out = py.detach(|| -> PyResult<_> {
        let rows = mapper.rows(&batch).map_err(mapping_error)?;
        let mut out = Diagnostics::default();
        let mut text = Vec::new();
        for row in 0..rows.len() {
            text.clear();
            rows.write_row(row, &mut text);
            for d in validator.validate_bytes(&text).diagnostics {
                out.push(row, req.offset, d);
            }
        }
        out.finish(key)
            .map_err(|e| PyValueError::new_err(e.to_string()))
    })?;
    out.to_pyarrow(py)
}

/// The result's columns as they fill, one row per diagnostic.
#[derive(Default)]
struct Diagnostics {
    rows: Vec<u32>,
    index: Int64Builder,
    pointer: StringBuilder,
    code: StringBuilder,
    severity: StringBuilder,
    category: StringBuilder,
    message: StringBuilder,
    help: StringBuilder,
    schema_path: StringBuilder,
    schema_version: StringBuilder,
}

impl Diagnostics {
    fn push(&mut self, row: usize, offset: i64, d: Diagnostic) {
        self.rows.push(u32::try_from(row).unwrap_or(u32::MAX));
        self.index
            .append_value(offset.saturating_add(i64::try_from(row).unwrap_or(i64::MAX)));
        self.pointer.append_value(&d.pointer);
        self.code.append_value(d.code);
        self.severity.append_value(d.severity.as_str());
        self.category.append_value(d.category.as_str());
        self.message.append_value(&d.message);
        self.help.append_option(d.help.as_deref());
        self.schema_path.append_option(d.schema_path.as_deref());
        self.schema_version.append_option(d.schema_version);
    }

    /// The batch, in [`COLUMNS`] order, with the key column's values of each diagnostic's row.
    fn finish(mut self, key: Option<(&str, ArrayRef)>) -> Result<RecordBatch, ArrowError> {
        let strings = [
            self.pointer.finish(),
            self.code.finish(),
            self.severity.finish(),
            self.category.finish(),
            self.message.finish(),
            self.help.finish(),
            self.schema_path.finish(),
            self.schema_version.finish(),
        ];
        let mut fields = vec![Field::new(COLUMNS[0].0, DataType::Int64, COLUMNS[0].2)];
        let mut columns: Vec<ArrayRef> = vec![Arc::new(self.index.finish())];
        if let Some((name, array)) = key {
            let rows = UInt32Array::from(std::mem::take(&mut self.rows));
            columns.push(arrow_select::take::take(array.as_ref(), &rows, None)?);
            fields.push(Field::new(name, array.data_type().clone(), true));
        }
        for (&(name, _, nullable), array) in COLUMNS[1..].iter().zip(strings) {
            fields.push(Field::new(name, DataType::Utf8, nullable));
            columns.push(Arc::new(array));
        }
        RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
    }
}
