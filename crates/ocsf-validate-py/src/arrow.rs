//! `validate_arrow`: a `pyarrow.RecordBatch` of events in, a `pyarrow.RecordBatch` of their
//! diagnostics out, through Arrow's C data interface (`arrow-pyarrow`), no copy of the input.

use std::sync::Arc;

use arrow_array::builder::{Int64Builder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch, UInt32Array};
use arrow_pyarrow::{FromPyArrow, ToPyArrow};
use arrow_schema::{DataType, Field, Schema};
use ocsf_validate::{Report, Validator};
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

/// A column whose rows are the events' JSON text.
enum Texts<'a> {
    Utf8(&'a arrow_array::StringArray),
    LargeUtf8(&'a arrow_array::LargeStringArray),
    Utf8View(&'a arrow_array::StringViewArray),
    Binary(&'a arrow_array::BinaryArray),
    LargeBinary(&'a arrow_array::LargeBinaryArray),
    BinaryView(&'a arrow_array::BinaryViewArray),
}

impl<'a> Texts<'a> {
    fn of(array: &'a dyn Array) -> Option<Texts<'a>> {
        Some(match array.data_type() {
            DataType::Utf8 => Texts::Utf8(array.as_string::<i32>()),
            DataType::LargeUtf8 => Texts::LargeUtf8(array.as_string::<i64>()),
            DataType::Utf8View => Texts::Utf8View(array.as_string_view()),
            DataType::Binary => Texts::Binary(array.as_binary::<i32>()),
            DataType::LargeBinary => Texts::LargeBinary(array.as_binary::<i64>()),
            DataType::BinaryView => Texts::BinaryView(array.as_binary_view()),
            _ => return None,
        })
    }

    /// The text of row `i`; a null row reads as `null`, which is no event (OCSF002).
    fn get(&self, i: usize) -> &'a [u8] {
        let (nulls, v): (_, &'a [u8]) = match self {
            Texts::Utf8(a) => (a.is_null(i), a.value(i).as_bytes()),
            Texts::LargeUtf8(a) => (a.is_null(i), a.value(i).as_bytes()),
            Texts::Utf8View(a) => (a.is_null(i), a.value(i).as_bytes()),
            Texts::Binary(a) => (a.is_null(i), a.value(i)),
            Texts::LargeBinary(a) => (a.is_null(i), a.value(i)),
            Texts::BinaryView(a) => (a.is_null(i), a.value(i)),
        };
        if nulls {
            b"null"
        } else {
            v
        }
    }
}

/// The column of JSON text: `column` when named, else the only column.
fn events_column<'b>(batch: &'b RecordBatch, column: Option<&str>) -> PyResult<&'b ArrayRef> {
    let names = || {
        batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let array = match column {
        Some(name) => batch.column_by_name(name).ok_or_else(|| {
            PyKeyError::new_err(format!(
                "no column {name:?} in the batch (it has: {})",
                names()
            ))
        })?,
        None if batch.num_columns() == 1 => batch.column(0),
        None => {
            return Err(PyValueError::new_err(format!(
                "name the column that holds the events' JSON text with column= (the batch has: {})",
                names()
            )))
        }
    };
    if Texts::of(array.as_ref()).is_none() {
        return Err(PyTypeError::new_err(format!(
            "the events' column must hold JSON text (string or binary), not {}",
            array.data_type()
        )));
    }
    Ok(array)
}

pub fn validate<'py>(
    py: Python<'py>,
    validator: &Arc<Validator>,
    batch: &Bound<'py, PyAny>,
    column: Option<&str>,
    key: Option<&str>,
    offset: i64,
) -> PyResult<Bound<'py, PyAny>> {
    let batch = RecordBatch::from_pyarrow_bound(batch).map_err(|e| {
        PyTypeError::new_err(format!("validate_arrow takes a pyarrow.RecordBatch: {e}"))
    })?;
    let events = events_column(&batch, column)?.clone();
    let key = key
        .map(|k| {
            batch
                .column_by_name(k)
                .cloned()
                .map(|a| (k, a))
                .ok_or_else(|| PyKeyError::new_err(format!("no key column {k:?} in the batch")))
        })
        .transpose()?;
    let out = py.detach(|| {
        let texts = Texts::of(events.as_ref()).expect("checked by events_column");
        let reports = (0..events.len()).map(|i| validator.validate_bytes(texts.get(i)));
        diagnostics_batch(reports, key, offset)
    });
    out.map_err(|e| PyValueError::new_err(e.to_string()))?
        .to_pyarrow(py)
}

/// One row per diagnostic of the reports, in order.
fn diagnostics_batch(
    reports: impl Iterator<Item = Report>,
    key: Option<(&str, ArrayRef)>,
    offset: i64,
) -> Result<RecordBatch, arrow_schema::ArrowError> {
    let mut index = Int64Builder::new();
    let mut rows: Vec<u32> = Vec::new();
    let mut strings: Vec<StringBuilder> =
        (1..COLUMNS.len()).map(|_| StringBuilder::new()).collect();
    for (row, report) in reports.enumerate() {
        for d in report.diagnostics {
            index.append_value(offset + row as i64);
            rows.push(u32::try_from(row).unwrap_or(u32::MAX));
            let [pointer, code, severity, category, message, help, schema_path, schema_version] =
                &mut strings[..]
            else {
                unreachable!("one builder per string column")
            };
            pointer.append_value(&d.pointer);
            code.append_value(d.code);
            severity.append_value(d.severity.as_str());
            category.append_value(d.category.as_str());
            message.append_value(&d.message);
            help.append_option(d.help.as_deref());
            schema_path.append_option(d.schema_path.as_deref());
            schema_version.append_option(d.schema_version);
        }
    }
    let mut fields = Vec::with_capacity(COLUMNS.len() + 1);
    let mut columns: Vec<ArrayRef> = Vec::with_capacity(COLUMNS.len() + 1);
    fields.push(Field::new(COLUMNS[0].0, DataType::Int64, false));
    columns.push(Arc::new(index.finish()));
    if let Some((name, array)) = key {
        let taken = arrow_select::take::take(array.as_ref(), &UInt32Array::from(rows), None)?;
        fields.push(Field::new(name, array.data_type().clone(), true));
        columns.push(taken);
    }
    for (&(name, _, nullable), mut b) in COLUMNS[1..].iter().zip(strings) {
        fields.push(Field::new(name, DataType::Utf8, nullable));
        columns.push(Arc::new(b.finish()));
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
}
