//! Writing one row as JSON: the columns of a batch are downcast once into a tree of typed
//! views ([`Col`]); each row is then written by walking that tree, with no allocation other
//! than the output's.

use std::io::Write as _;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Decimal128Type, DurationMicrosecondType, DurationMillisecondType,
    DurationNanosecondType, DurationSecondType, Float16Type, Float32Type, Float64Type, Int16Type,
    Int32Type, Int64Type, Int8Type, Time32MillisecondType, Time32SecondType, Time64MicrosecondType,
    Time64NanosecondType, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, Field, TimeUnit};

use crate::{is_datetime_name, Layout, Mapper};

/// The rows of one batch, downcast once; see [`Mapper::rows`].
#[derive(Debug)]
pub struct Rows<'a> {
    len: usize,
    body: Body<'a>,
}

#[derive(Debug)]
enum Body<'a> {
    Columns(Vec<(&'a str, Col<'a>)>),
    Json(Col<'a>),
}

impl<'a> Rows<'a> {
    pub(crate) fn new(mapper: &'a Mapper, batch: &'a RecordBatch) -> Self {
        let fields = batch.schema_ref().fields();
        let body = match mapper.layout() {
            Layout::Columns(kept) => Body::Columns(
                kept.iter()
                    .map(|&i| {
                        let field = &fields[i];
                        (
                            field.name().as_str(),
                            Col::new(batch.column(i).as_ref(), field),
                        )
                    })
                    .collect(),
            ),
            Layout::JsonColumn(i) => Body::Json(Col::new(batch.column(*i).as_ref(), &fields[*i])),
        };
        Self {
            len: batch.num_rows(),
            body,
        }
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends row `row` (below [`Rows::len`]) to `out` as one JSON event: an object for the
    /// columns layout; for a JSON column, the row's text as it is (`null` for a null).
    ///
    /// # Panics
    ///
    /// When `row` is not below [`Rows::len`].
    pub fn write_row(&self, row: usize, out: &mut Vec<u8>) {
        assert!(row < self.len, "row {row} of a batch of {}", self.len);
        match &self.body {
            Body::Columns(cols) => write_object(cols, row, out),
            Body::Json(col) => match &col.kind {
                _ if col.is_null(row) => out.extend_from_slice(b"null"),
                Kind::Str(s) => out.extend_from_slice(s.value(row).as_bytes()),
                Kind::Bin(b) => out.extend_from_slice(b.value(row)),
                // The mapper admits only string and binary JSON columns.
                _ => out.extend_from_slice(b"null"),
            },
        }
    }
}

/// Strings of any offset width.
#[derive(Debug)]
enum Strs<'a> {
    Small(&'a arrow_array::StringArray),
    Large(&'a arrow_array::LargeStringArray),
    View(&'a arrow_array::StringViewArray),
}

impl<'a> Strs<'a> {
    fn value(&self, i: usize) -> &'a str {
        match self {
            Self::Small(a) => a.value(i),
            Self::Large(a) => a.value(i),
            Self::View(a) => a.value(i),
        }
    }
}

/// Bytes of any offset width.
#[derive(Debug)]
enum Bins<'a> {
    Small(&'a arrow_array::BinaryArray),
    Large(&'a arrow_array::LargeBinaryArray),
    View(&'a arrow_array::BinaryViewArray),
    Fixed(&'a arrow_array::FixedSizeBinaryArray),
}

impl<'a> Bins<'a> {
    fn value(&self, i: usize) -> &'a [u8] {
        match self {
            Self::Small(a) => a.value(i),
            Self::Large(a) => a.value(i),
            Self::View(a) => a.value(i),
            Self::Fixed(a) => a.value(i),
        }
    }
}

/// A column or nested field, downcast.
#[derive(Debug)]
struct Col<'a> {
    array: &'a dyn Array,
    kind: Kind<'a>,
}

#[derive(Debug)]
enum Kind<'a> {
    /// Every value null.
    Null,
    Bool(&'a arrow_array::BooleanArray),
    I64(Vec<i64>),
    U64(&'a [u64]),
    F64(Vec<f64>),
    /// Instants: `values` counted in `1 / per_second` s since the epoch; `dt`: RFC 3339.
    Time {
        values: Vec<i64>,
        per_second: i64,
        dt: bool,
    },
    Decimal {
        values: &'a [i128],
        scale: i8,
    },
    Str(Strs<'a>),
    Bin(Bins<'a>),
    Struct(Vec<(&'a str, Col<'a>)>),
    List {
        /// `offsets[i]..offsets[i + 1]` are row i's items.
        offsets: Vec<usize>,
        item: Box<Col<'a>>,
    },
    Map {
        offsets: Vec<usize>,
        keys: Box<Col<'a>>,
        values: Box<Col<'a>>,
    },
    Dict {
        keys: Vec<usize>,
        values: Box<Col<'a>>,
    },
}

/// Units per second of an Arrow time unit.
fn per_second(unit: TimeUnit) -> i64 {
    match unit {
        TimeUnit::Second => 1,
        TimeUnit::Millisecond => 1_000,
        TimeUnit::Microsecond => 1_000_000,
        TimeUnit::Nanosecond => 1_000_000_000,
    }
}

/// `value` counted in `1 / per_second` s, in milliseconds rounded down.
fn to_millis(value: i64, per_second: i64) -> i128 {
    let value = i128::from(value);
    match per_second {
        1 => value * 1000,
        1_000 => value,
        p => value.div_euclid(i128::from(p / 1000)),
    }
}

fn ints<T>(values: &[T]) -> Vec<i64>
where
    T: Copy + Into<i64>,
{
    values.iter().map(|&v| v.into()).collect()
}

fn offsets<O: Copy + TryInto<usize>>(offsets: &[O]) -> Vec<usize> {
    // Arrow offsets are never negative in a valid array.
    offsets.iter().map(|&o| o.try_into().unwrap_or(0)).collect()
}

impl<'a> Col<'a> {
    /// Downcasts `array`, of the type of `field` (whose name decides `*_dt`). The mapper has
    /// checked every type: one it did not admit is written as absent.
    fn new(array: &'a dyn Array, field: &Field) -> Self {
        let dt = is_datetime_name(field);
        let kind = match array.data_type() {
            DataType::Null => Kind::Null,
            DataType::Boolean => Kind::Bool(array.as_boolean()),
            DataType::Int8 => Kind::I64(ints(array.as_primitive::<Int8Type>().values())),
            DataType::Int16 => Kind::I64(ints(array.as_primitive::<Int16Type>().values())),
            DataType::Int32 => Kind::I64(ints(array.as_primitive::<Int32Type>().values())),
            DataType::Int64 => Kind::I64(array.as_primitive::<Int64Type>().values().to_vec()),
            DataType::UInt8 => Kind::I64(ints(array.as_primitive::<UInt8Type>().values())),
            DataType::UInt16 => Kind::I64(ints(array.as_primitive::<UInt16Type>().values())),
            DataType::UInt32 => Kind::I64(ints(array.as_primitive::<UInt32Type>().values())),
            DataType::UInt64 => Kind::U64(array.as_primitive::<UInt64Type>().values()),
            DataType::Float16 => Kind::F64(
                array
                    .as_primitive::<Float16Type>()
                    .values()
                    .iter()
                    .map(|v| v.to_f64())
                    .collect(),
            ),
            DataType::Float32 => Kind::F64(
                array
                    .as_primitive::<Float32Type>()
                    .values()
                    .iter()
                    .map(|&v| f64::from(v))
                    .collect(),
            ),
            DataType::Float64 => Kind::F64(array.as_primitive::<Float64Type>().values().to_vec()),
            DataType::Timestamp(unit, _) => Kind::Time {
                values: match unit {
                    TimeUnit::Second => array.as_primitive::<TimestampSecondType>().values(),
                    TimeUnit::Millisecond => {
                        array.as_primitive::<TimestampMillisecondType>().values()
                    }
                    TimeUnit::Microsecond => {
                        array.as_primitive::<TimestampMicrosecondType>().values()
                    }
                    TimeUnit::Nanosecond => {
                        array.as_primitive::<TimestampNanosecondType>().values()
                    }
                }
                .to_vec(),
                per_second: per_second(*unit),
                dt,
            },
            DataType::Date32 => Kind::Time {
                values: array
                    .as_primitive::<Date32Type>()
                    .values()
                    .iter()
                    .map(|&days| i64::from(days) * 86_400)
                    .collect(),
                per_second: 1,
                dt,
            },
            DataType::Date64 => Kind::Time {
                values: array.as_primitive::<Date64Type>().values().to_vec(),
                per_second: 1_000,
                dt,
            },
            // Times of day and durations are counts, written in milliseconds.
            DataType::Time32(unit) | DataType::Time64(unit) | DataType::Duration(unit) => {
                let raw: Vec<i64> = match array.data_type() {
                    DataType::Time32(TimeUnit::Second) => {
                        ints(array.as_primitive::<Time32SecondType>().values())
                    }
                    DataType::Time32(_) => {
                        ints(array.as_primitive::<Time32MillisecondType>().values())
                    }
                    DataType::Time64(TimeUnit::Microsecond) => array
                        .as_primitive::<Time64MicrosecondType>()
                        .values()
                        .to_vec(),
                    DataType::Time64(_) => array
                        .as_primitive::<Time64NanosecondType>()
                        .values()
                        .to_vec(),
                    DataType::Duration(TimeUnit::Second) => {
                        array.as_primitive::<DurationSecondType>().values().to_vec()
                    }
                    DataType::Duration(TimeUnit::Millisecond) => array
                        .as_primitive::<DurationMillisecondType>()
                        .values()
                        .to_vec(),
                    DataType::Duration(TimeUnit::Microsecond) => array
                        .as_primitive::<DurationMicrosecondType>()
                        .values()
                        .to_vec(),
                    _ => array
                        .as_primitive::<DurationNanosecondType>()
                        .values()
                        .to_vec(),
                };
                let per = per_second(*unit);
                Kind::I64(
                    raw.into_iter()
                        .map(|v| {
                            let ms = to_millis(v, per);
                            i64::try_from(ms).unwrap_or(if ms < 0 { i64::MIN } else { i64::MAX })
                        })
                        .collect(),
                )
            }
            DataType::Decimal128(_, scale) => Kind::Decimal {
                values: array.as_primitive::<Decimal128Type>().values(),
                scale: *scale,
            },
            DataType::Utf8 => Kind::Str(Strs::Small(array.as_string::<i32>())),
            DataType::LargeUtf8 => Kind::Str(Strs::Large(array.as_string::<i64>())),
            DataType::Utf8View => Kind::Str(Strs::View(array.as_string_view())),
            DataType::Binary => Kind::Bin(Bins::Small(array.as_binary::<i32>())),
            DataType::LargeBinary => Kind::Bin(Bins::Large(array.as_binary::<i64>())),
            DataType::BinaryView => Kind::Bin(Bins::View(array.as_binary_view())),
            DataType::FixedSizeBinary(_) => Kind::Bin(Bins::Fixed(array.as_fixed_size_binary())),
            DataType::Struct(fields) => {
                let s = array.as_struct();
                Kind::Struct(
                    fields
                        .iter()
                        .zip(s.columns())
                        .map(|(f, c)| (f.name().as_str(), Col::new(c.as_ref(), f)))
                        .collect(),
                )
            }
            // A list's items take the list's name (`*_dt`), not the item field's (`item`).
            DataType::List(_) => {
                let l = array.as_list::<i32>();
                Kind::List {
                    offsets: offsets(l.value_offsets()),
                    item: Box::new(Col::new(l.values().as_ref(), field)),
                }
            }
            DataType::LargeList(_) => {
                let l = array.as_list::<i64>();
                Kind::List {
                    offsets: offsets(l.value_offsets()),
                    item: Box::new(Col::new(l.values().as_ref(), field)),
                }
            }
            DataType::FixedSizeList(_, size) => {
                let l = array.as_fixed_size_list();
                let size = usize::try_from(*size).unwrap_or(0);
                Kind::List {
                    offsets: (0..=l.len()).map(|i| i * size).collect(),
                    item: Box::new(Col::new(l.values().as_ref(), field)),
                }
            }
            DataType::Map(..) => {
                let m = array.as_map();
                Kind::Map {
                    offsets: offsets(m.value_offsets()),
                    keys: Box::new(Col::new(m.keys().as_ref(), field)),
                    values: Box::new(Col::new(m.values().as_ref(), field)),
                }
            }
            DataType::Dictionary(..) => match array.as_any_dictionary_opt() {
                Some(d) => Kind::Dict {
                    keys: d.normalized_keys(),
                    values: Box::new(Col::new(d.values().as_ref(), field)),
                },
                None => Kind::Null,
            },
            _ => Kind::Null,
        };
        Self { array, kind }
    }

    fn is_null(&self, i: usize) -> bool {
        match &self.kind {
            Kind::Null => true,
            Kind::Dict { keys, values } => self.array.is_null(i) || values.is_null(keys[i]),
            _ => self.array.is_null(i),
        }
    }

    /// Writes value `i`, which is not null.
    fn write(&self, i: usize, out: &mut Vec<u8>) {
        match &self.kind {
            Kind::Null => out.extend_from_slice(b"null"),
            Kind::Bool(b) => out.extend_from_slice(if b.value(i) { b"true" } else { b"false" }),
            Kind::I64(v) => write_display(out, v[i]),
            Kind::U64(v) => write_display(out, v[i]),
            Kind::F64(v) => write_float(out, v[i]),
            Kind::Time {
                values,
                per_second,
                dt,
            } => write_time(out, values[i], *per_second, *dt),
            Kind::Decimal { values, scale } => write_decimal(out, values[i], *scale),
            Kind::Str(s) => write_str(out, s.value(i)),
            Kind::Bin(b) => write_bytes(out, b.value(i)),
            Kind::Struct(cols) => write_object(cols, i, out),
            Kind::List { offsets, item } => {
                out.push(b'[');
                for (n, j) in (offsets[i]..offsets[i + 1]).enumerate() {
                    if n > 0 {
                        out.push(b',');
                    }
                    if item.is_null(j) {
                        out.extend_from_slice(b"null");
                    } else {
                        item.write(j, out);
                    }
                }
                out.push(b']');
            }
            Kind::Map {
                offsets,
                keys,
                values,
            } => {
                out.push(b'{');
                let mut first = true;
                for j in offsets[i]..offsets[i + 1] {
                    if values.is_null(j) || keys.is_null(j) {
                        continue;
                    }
                    if !first {
                        out.push(b',');
                    }
                    first = false;
                    keys.write_key(j, out);
                    out.push(b':');
                    values.write(j, out);
                }
                out.push(b'}');
            }
            Kind::Dict { keys, values } => values.write(keys[i], out),
        }
    }

    /// Writes value `i` as a JSON member name: strings as they are, anything else as the
    /// string of its JSON text.
    fn write_key(&self, i: usize, out: &mut Vec<u8>) {
        match &self.kind {
            Kind::Str(s) => write_str(out, s.value(i)),
            Kind::Dict { keys, values } => values.write_key(keys[i], out),
            _ => {
                let mut text = Vec::new();
                self.write(i, &mut text);
                let text = String::from_utf8_lossy(&text);
                write_str(out, text.trim_matches('"'));
            }
        }
    }
}

/// Writes the non-null members of row `i` as an object.
fn write_object(cols: &[(&str, Col<'_>)], i: usize, out: &mut Vec<u8>) {
    out.push(b'{');
    let mut first = true;
    for (name, col) in cols {
        if col.is_null(i) {
            continue;
        }
        if !first {
            out.push(b',');
        }
        first = false;
        write_str(out, name);
        out.push(b':');
        col.write(i, out);
    }
    out.push(b'}');
}

fn write_display(out: &mut Vec<u8>, value: impl std::fmt::Display) {
    // Writing to a Vec cannot fail.
    let _ = write!(out, "{value}");
}

fn write_str(out: &mut Vec<u8>, s: &str) {
    // Serialising a str into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

fn write_float(out: &mut Vec<u8>, value: f64) {
    if value.is_finite() {
        let _ = serde_json::to_writer(&mut *out, &value);
    } else {
        write_str(out, &value.to_string());
    }
}

fn write_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    match std::str::from_utf8(bytes) {
        Ok(s) => write_str(out, s),
        Err(_) => {
            out.push(b'"');
            for b in bytes {
                write_display(out, format_args!("{b:02x}"));
            }
            out.push(b'"');
        }
    }
}

fn write_decimal(out: &mut Vec<u8>, value: i128, scale: i8) {
    if scale <= 0 {
        let factor = 10_i128.checked_pow(u32::from(scale.unsigned_abs()));
        match factor.and_then(|f| value.checked_mul(f)) {
            Some(v) => write_display(out, v),
            None => write_float(out, value as f64 * 10f64.powi(-i32::from(scale))),
        }
    } else {
        write_float(out, value as f64 / 10f64.powi(i32::from(scale)));
    }
}

fn write_time(out: &mut Vec<u8>, value: i64, per_second: i64, dt: bool) {
    if dt {
        let secs = value.div_euclid(per_second);
        let sub = value.rem_euclid(per_second);
        let nanos = u32::try_from(sub * (1_000_000_000 / per_second)).unwrap_or(0);
        if let Some(t) = chrono::DateTime::from_timestamp(secs, nanos) {
            let format = match per_second {
                1 => chrono::SecondsFormat::Secs,
                1_000 => chrono::SecondsFormat::Millis,
                1_000_000 => chrono::SecondsFormat::Micros,
                _ => chrono::SecondsFormat::Nanos,
            };
            write_str(out, &t.to_rfc3339_opts(format, true));
            return;
        }
    }
    // Out of chrono's range: the milliseconds, which a validator then reports by type.
    write_display(out, to_millis(value, per_second));
}
