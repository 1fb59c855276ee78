//! Arrow record batches to OCSF JSON events.
//!
//! OCSF lives in data lakes as Parquet (Amazon Security Lake, Spark, pyarrow). A validator that
//! reads JSON needs each row as the JSON event it stands for. This crate is that mapping, and
//! nothing else: it reads no files and validates nothing (the `ocsf-validate` command reads
//! Parquet with it; the Python package maps record batches with it).
//!
//! Two layouts of a batch are understood:
//!
//! - **columns**: one column per top-level attribute, nested objects as structs. Each row is
//!   written as a JSON object:
//!   - structs are objects, lists (also large and fixed-size) are arrays, maps are objects
//!     (keys written as strings);
//!   - a null is an absent member (a null struct is an absent object; a null list element is
//!     `null`, since an array has no absent elements);
//!   - timestamp columns are epoch milliseconds (OCSF `timestamp_t`) whatever their unit,
//!     rounded down; dates are the epoch milliseconds of their midnight UTC;
//!   - a timestamp or date column whose name ends in `_dt` is an RFC 3339 string in UTC
//!     (OCSF `datetime_t`), with as many fractional digits as its unit has;
//!   - dictionary columns are their values; integers, floats, decimals and booleans are JSON
//!     numbers and booleans; a float that is not finite is written as a string (`"NaN"`), so
//!     that a validator reports the attribute instead of the row vanishing;
//!   - binary values are strings when they are UTF-8, else lowercase hex;
//! - **JSON column**: one string or binary column holding whole events as JSON text (what
//!   Spark's `to_json` or a raw landing table has). Each row's text is passed through as it is.
//!
//! ```
//! use std::sync::Arc;
//! use arrow_array::{Int32Array, RecordBatch, StringArray, TimestampMicrosecondArray};
//! use arrow_schema::{DataType, Field, Schema, TimeUnit};
//!
//! let schema = Arc::new(Schema::new(vec![
//!     Field::new("class_uid", DataType::Int32, false),
//!     Field::new("time", DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())), true),
//!     Field::new("message", DataType::Utf8, true),
//! ]));
//! let batch = RecordBatch::try_new(schema, vec![
//!     Arc::new(Int32Array::from(vec![3002])),
//!     Arc::new(TimestampMicrosecondArray::from(vec![1_700_000_000_123_456]).with_timezone("UTC")),
//!     Arc::new(StringArray::from(vec![None::<&str>])),
//! ]).unwrap();
//!
//! let mapper = ocsf_arrow::Mapper::new(&batch.schema()).unwrap();
//! let events = mapper.to_json_lines(&batch).unwrap();
//! assert_eq!(events[0], br#"{"class_uid":3002,"time":1700000000123}"#);
//! ```

mod write;

use arrow_array::RecordBatch;
use arrow_schema::{DataType, Field, Schema};

pub use write::Rows;

/// Why a batch cannot be mapped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A column (or a field nested in one) has an Arrow type with no OCSF JSON form.
    #[error("column `{path}` has type {data_type}, which has no OCSF JSON form")]
    Unsupported {
        /// The dotted path of the column or nested field.
        path: String,
        /// The Arrow type, as Arrow prints it.
        data_type: String,
    },
    /// The JSON column named in the options is not in the batch.
    #[error("the JSON column `{0}` is not in the batch")]
    MissingJsonColumn(String),
    /// The JSON column is not of a string or binary type.
    #[error("the JSON column `{name}` has type {data_type}; it must be a string or binary column")]
    JsonColumnType {
        /// The column's name.
        name: String,
        /// The Arrow type, as Arrow prints it.
        data_type: String,
    },
    /// The batch's schema is not the one the mapper was made for.
    #[error("the batch's columns differ from the schema the mapper was made for")]
    SchemaMismatch,
}

/// How rows become events.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Options {
    /// Read whole events from this string or binary column. `None`: see [`Mapper::new`].
    pub json_column: Option<String>,
    /// Top-level columns left out of the events, such as the partition columns (`region`,
    /// `accountId`, `eventDay`) that Spark and pyarrow add when they read a partitioned
    /// directory.
    pub skip_columns: Vec<String>,
}

impl Options {
    /// Read whole events from the string or binary column `name`.
    pub fn with_json_column(mut self, name: impl Into<String>) -> Self {
        self.json_column = Some(name.into());
        self
    }

    /// Leave the top-level column `name` out of the events (no error when it is absent).
    pub fn with_skip_column(mut self, name: impl Into<String>) -> Self {
        self.skip_columns.push(name.into());
        self
    }
}

/// The partition columns of a Security Lake table (`region=`, `accountId=`, `eventDay=`), which
/// engines reading a partitioned directory add to each row.
pub const SECURITY_LAKE_PARTITION_COLUMNS: [&str; 3] = ["region", "accountId", "eventDay"];

/// Which layout the mapper reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// One column per top-level attribute; the indexes of the columns written, in order.
    Columns(Vec<usize>),
    /// Whole events as JSON text in the column at this index.
    JsonColumn(usize),
}

/// Maps the rows of record batches of one schema to OCSF JSON events. Made once per schema
/// (it checks every type up front), used for each batch.
#[derive(Debug, Clone)]
pub struct Mapper {
    schema: Schema,
    layout: Layout,
}

impl Mapper {
    /// A mapper with default [`Options`]: a schema of exactly one column, of a string or binary
    /// type, is read as a JSON column; any other schema as one column per attribute.
    pub fn new(schema: &Schema) -> Result<Self, Error> {
        Self::with_options(schema, &Options::default())
    }

    /// A mapper with `options`.
    pub fn with_options(schema: &Schema, options: &Options) -> Result<Self, Error> {
        let fields = schema.fields();
        let json_index = match &options.json_column {
            Some(name) => Some(
                fields
                    .iter()
                    .position(|f| f.name() == name)
                    .ok_or_else(|| Error::MissingJsonColumn(name.clone()))?,
            ),
            None if fields.len() == 1 && is_text(fields[0].data_type()) => Some(0),
            None => None,
        };
        let layout = match json_index {
            Some(index) => {
                let field = &fields[index];
                if !is_text(field.data_type()) {
                    return Err(Error::JsonColumnType {
                        name: field.name().clone(),
                        data_type: field.data_type().to_string(),
                    });
                }
                Layout::JsonColumn(index)
            }
            None => {
                let mut kept = Vec::with_capacity(fields.len());
                for (index, field) in fields.iter().enumerate() {
                    if options.skip_columns.iter().any(|s| s == field.name()) {
                        continue;
                    }
                    check_type(field.name(), field.data_type())?;
                    kept.push(index);
                }
                Layout::Columns(kept)
            }
        };
        Ok(Self {
            schema: schema.clone(),
            layout,
        })
    }

    /// The layout this mapper reads.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// The schema this mapper was made for.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The rows of `batch`, ready to be written one at a time ([`Rows::write_row`]): the
    /// columns are downcast once here, not once per row.
    pub fn rows<'a>(&'a self, batch: &'a RecordBatch) -> Result<Rows<'a>, Error> {
        self.check(batch)?;
        Ok(Rows::new(self, batch))
    }

    /// Whether `batch` has the schema this mapper was made for (what [`Mapper::rows`] checks
    /// first), without preparing its columns.
    pub fn check(&self, batch: &RecordBatch) -> Result<(), Error> {
        let batch_fields = batch.schema_ref().fields();
        let same = batch_fields.len() == self.schema.fields().len()
            && batch_fields
                .iter()
                .zip(self.schema.fields())
                .all(|(a, b)| a.name() == b.name() && a.data_type() == b.data_type());
        if same {
            Ok(())
        } else {
            Err(Error::SchemaMismatch)
        }
    }

    /// Every row of `batch` as the bytes of one JSON event.
    pub fn to_json_lines(&self, batch: &RecordBatch) -> Result<Vec<Vec<u8>>, Error> {
        let rows = self.rows(batch)?;
        Ok((0..rows.len())
            .map(|row| {
                let mut out = Vec::new();
                rows.write_row(row, &mut out);
                out
            })
            .collect())
    }

    /// Every row of `batch` as a JSON value. A JSON-column row that is not JSON is a string
    /// holding its text, so that nothing is lost.
    pub fn to_values(&self, batch: &RecordBatch) -> Result<Vec<serde_json::Value>, Error> {
        Ok(self
            .to_json_lines(batch)?
            .into_iter()
            .map(|bytes| {
                serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                    serde_json::Value::String(String::from_utf8_lossy(&bytes).into_owned())
                })
            })
            .collect())
    }
}

/// Whether a column of this type can hold JSON text.
fn is_text(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Utf8
            | DataType::LargeUtf8
            | DataType::Utf8View
            | DataType::Binary
            | DataType::LargeBinary
            | DataType::BinaryView
    )
}

/// Whether every type in `data_type` has a JSON form; `path` names the column for the error.
fn check_type(path: &str, data_type: &DataType) -> Result<(), Error> {
    let unsupported = || Error::Unsupported {
        path: path.to_owned(),
        data_type: data_type.to_string(),
    };
    match data_type {
        DataType::Null
        | DataType::Boolean
        | DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64
        | DataType::Float16
        | DataType::Float32
        | DataType::Float64
        | DataType::Timestamp(..)
        | DataType::Date32
        | DataType::Date64
        | DataType::Time32(_)
        | DataType::Time64(_)
        | DataType::Duration(_)
        | DataType::Decimal128(..)
        | DataType::Utf8
        | DataType::LargeUtf8
        | DataType::Utf8View
        | DataType::Binary
        | DataType::LargeBinary
        | DataType::BinaryView
        | DataType::FixedSizeBinary(_) => Ok(()),
        DataType::Struct(fields) => fields
            .iter()
            .try_for_each(|f| check_type(&format!("{path}.{}", f.name()), f.data_type())),
        DataType::List(item) | DataType::LargeList(item) | DataType::FixedSizeList(item, _) => {
            check_type(path, item.data_type())
        }
        DataType::Map(entries, _) => match entries.data_type() {
            DataType::Struct(kv) if kv.len() == 2 => {
                check_key_type(path, kv[0].data_type())?;
                check_type(path, kv[1].data_type())
            }
            _ => Err(unsupported()),
        },
        DataType::Dictionary(key, value) if key.is_dictionary_key_type() => check_type(path, value),
        _ => Err(unsupported()),
    }
}

/// Map keys become JSON member names: strings, or scalars written as strings.
fn check_key_type(path: &str, data_type: &DataType) -> Result<(), Error> {
    match data_type {
        DataType::Struct(_)
        | DataType::List(_)
        | DataType::LargeList(_)
        | DataType::FixedSizeList(..)
        | DataType::Map(..) => Err(Error::Unsupported {
            path: format!("{path} (map key)"),
            data_type: data_type.to_string(),
        }),
        _ => check_type(path, data_type),
    }
}

/// Whether a field's timestamps are written as RFC 3339 (`*_dt`) rather than epoch ms.
fn is_datetime_name(field: &Field) -> bool {
    field.name().ends_with("_dt")
}
