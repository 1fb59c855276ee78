//! Arrow batches of each shape to the JSON events they stand for.

use std::sync::Arc;

use arrow_array::builder::{MapBuilder, StringBuilder};
use arrow_array::types::Int32Type;
use arrow_array::{
    Array, ArrayRef, BinaryArray, BooleanArray, Date32Array, Decimal128Array, DictionaryArray,
    Float64Array, Int32Array, Int64Array, IntervalDayTimeArray, ListArray, NullArray, RecordBatch,
    StringArray, StructArray, TimestampMicrosecondArray, TimestampMillisecondArray,
    TimestampNanosecondArray, TimestampSecondArray,
};
use arrow_buffer::{IntervalDayTime, NullBuffer};
use arrow_schema::{DataType, Field, Fields, Schema};
use ocsf_arrow::{Error, Layout, Mapper, Options};
use serde_json::json;

fn batch(columns: Vec<(&str, ArrayRef)>) -> RecordBatch {
    RecordBatch::try_from_iter(columns).expect("a valid batch")
}

fn events(batch: &RecordBatch) -> Vec<serde_json::Value> {
    Mapper::new(&batch.schema())
        .expect("a mappable schema")
        .to_values(batch)
        .expect("a batch of the mapper's schema")
}

#[test]
fn structs_are_objects_and_nulls_are_absent() {
    let name = Arc::new(StringArray::from(vec![Some("alice"), None, Some("carol")])) as ArrayRef;
    let uid = Arc::new(StringArray::from(vec![Some("1"), Some("2"), None])) as ArrayRef;
    let user = StructArray::new(
        Fields::from(vec![
            Field::new("name", DataType::Utf8, true),
            Field::new("uid", DataType::Utf8, true),
        ]),
        vec![name, uid],
        // Row 2's user is null as a whole: absent, whatever its children hold.
        Some(NullBuffer::from(vec![true, true, false])),
    );
    let b = batch(vec![
        (
            "class_uid",
            Arc::new(Int32Array::from(vec![3002, 3002, 3002])),
        ),
        ("user", Arc::new(user)),
        (
            "message",
            Arc::new(StringArray::from(vec![None::<&str>, None, Some("m")])),
        ),
    ]);
    assert_eq!(
        events(&b),
        vec![
            json!({"class_uid": 3002, "user": {"name": "alice", "uid": "1"}}),
            json!({"class_uid": 3002, "user": {"uid": "2"}}),
            json!({"class_uid": 3002, "message": "m"}),
        ]
    );
}

#[test]
fn timestamps_are_epoch_milliseconds_whatever_their_unit() {
    let b = batch(vec![
        (
            "s",
            Arc::new(TimestampSecondArray::from(vec![1_700_000_000])),
        ),
        (
            "ms",
            Arc::new(TimestampMillisecondArray::from(vec![1_700_000_000_123])),
        ),
        (
            "us",
            Arc::new(
                TimestampMicrosecondArray::from(vec![1_700_000_000_123_999]).with_timezone("UTC"),
            ),
        ),
        (
            "ns",
            Arc::new(TimestampNanosecondArray::from(vec![
                1_700_000_000_123_999_999,
            ])),
        ),
        // Before the epoch, rounded down: -1 µs is in the millisecond before 0.
        ("neg", Arc::new(TimestampMicrosecondArray::from(vec![-1]))),
        ("day", Arc::new(Date32Array::from(vec![19_675]))),
    ]);
    assert_eq!(
        events(&b)[0],
        json!({
            "s": 1_700_000_000_000_i64, "ms": 1_700_000_000_123_i64, "us": 1_700_000_000_123_i64,
            "ns": 1_700_000_000_123_i64, "neg": -1, "day": 1_699_920_000_000_i64,
        })
    );
}

#[test]
fn dt_columns_are_rfc3339_with_the_digits_of_their_unit() {
    let b = batch(vec![
        (
            "time_dt",
            Arc::new(TimestampMillisecondArray::from(vec![1_700_000_000_123])) as ArrayRef,
        ),
        (
            "start_time_dt",
            Arc::new(TimestampMicrosecondArray::from(vec![1_700_000_000_123_456])),
        ),
        ("end_time_dt", Arc::new(TimestampSecondArray::from(vec![0]))),
        ("birth_dt", Arc::new(Date32Array::from(vec![1]))),
        // A `_dt` column that is already text stays as it is.
        (
            "modified_time_dt",
            Arc::new(StringArray::from(vec!["2024-01-01T00:00:00Z"])),
        ),
    ]);
    assert_eq!(
        events(&b)[0],
        json!({
            "time_dt": "2023-11-14T22:13:20.123Z",
            "start_time_dt": "2023-11-14T22:13:20.123456Z",
            "end_time_dt": "1970-01-01T00:00:00Z",
            "birth_dt": "1970-01-02T00:00:00Z",
            "modified_time_dt": "2024-01-01T00:00:00Z",
        })
    );
}

#[test]
fn lists_are_arrays_and_a_null_item_is_null() {
    let list = ListArray::from_iter_primitive::<Int32Type, _, _>(vec![
        Some(vec![Some(1), None, Some(3)]),
        None,
        Some(vec![]),
    ]);
    let b = batch(vec![("ids", Arc::new(list) as ArrayRef)]);
    assert_eq!(
        events(&b),
        vec![json!({"ids": [1, null, 3]}), json!({}), json!({"ids": []})]
    );
}

#[test]
fn lists_of_dt_timestamps_take_the_list_name() {
    let values = TimestampMillisecondArray::from(vec![0, 1]);
    let field = Arc::new(Field::new("item", values.data_type().clone(), true));
    let list = ListArray::new(
        field,
        arrow_buffer::OffsetBuffer::new(vec![0, 2].into()),
        Arc::new(values),
        None,
    );
    let b = batch(vec![("seen_dt", Arc::new(list) as ArrayRef)]);
    assert_eq!(
        events(&b)[0],
        json!({"seen_dt": ["1970-01-01T00:00:00.000Z", "1970-01-01T00:00:00.001Z"]})
    );
}

#[test]
fn unmapped_as_map_of_strings_is_an_object_without_null_values() {
    let mut builder = MapBuilder::new(None, StringBuilder::new(), StringBuilder::new());
    builder.keys().append_value("k1");
    builder.values().append_value("v1");
    builder.keys().append_value("k2");
    builder.values().append_null();
    builder.append(true).expect("equal keys and values");
    builder.append(false).expect("a null map");
    let b = batch(vec![("unmapped", Arc::new(builder.finish()) as ArrayRef)]);
    assert_eq!(
        events(&b),
        vec![json!({"unmapped": {"k1": "v1"}}), json!({})]
    );
}

#[test]
fn scalars_dictionaries_decimals_and_binary() {
    let dict: DictionaryArray<Int32Type> = vec![Some("a"), None, Some("a")].into_iter().collect();
    let b = batch(vec![
        (
            "flag",
            Arc::new(BooleanArray::from(vec![true, false, true])) as ArrayRef,
        ),
        ("size", Arc::new(Int64Array::from(vec![i64::MAX, -1, 0]))),
        (
            "score",
            Arc::new(Float64Array::from(vec![0.5, f64::NAN, 2.0])),
        ),
        ("name", Arc::new(dict)),
        (
            "amount",
            Arc::new(
                Decimal128Array::from(vec![12345, -5, 0])
                    .with_precision_and_scale(10, 2)
                    .expect("valid"),
            ),
        ),
        (
            "raw",
            Arc::new(BinaryArray::from(vec![b"ok".as_ref(), &[0xff, 0x01], b""])),
        ),
        ("nothing", Arc::new(NullArray::new(3))),
    ]);
    assert_eq!(
        events(&b),
        vec![
            json!({"flag": true, "size": i64::MAX, "score": 0.5, "name": "a", "amount": 123.45, "raw": "ok"}),
            json!({"flag": false, "size": -1, "score": "NaN", "amount": -0.05, "raw": "ff01"}),
            json!({"flag": true, "size": 0, "score": 2.0, "name": "a", "amount": 0.0, "raw": ""}),
        ]
    );
}

#[test]
fn a_single_text_column_holds_whole_events() {
    let b = batch(vec![(
        "value",
        Arc::new(StringArray::from(vec![
            Some(r#"{"class_uid": 1001}"#),
            None,
            Some("not json"),
        ])) as ArrayRef,
    )]);
    let mapper = Mapper::new(&b.schema()).expect("a text column");
    assert_eq!(mapper.layout(), &Layout::JsonColumn(0));
    let lines = mapper.to_json_lines(&b).expect("the mapper's schema");
    assert_eq!(
        lines,
        vec![
            br#"{"class_uid": 1001}"#.to_vec(),
            b"null".to_vec(),
            b"not json".to_vec()
        ]
    );
    assert_eq!(mapper.to_values(&b).expect("same")[2], json!("not json"));
}

#[test]
fn a_named_json_column_beside_others_and_skipped_columns() {
    let b = batch(vec![
        (
            "event",
            Arc::new(StringArray::from(vec![r#"{"a":1}"#])) as ArrayRef,
        ),
        ("region", Arc::new(StringArray::from(vec!["us-east-1"]))),
    ]);
    let options = Options::default().with_json_column("event");
    let mapper = Mapper::with_options(&b.schema(), &options).expect("a string column");
    assert_eq!(mapper.to_values(&b).expect("same")[0], json!({"a": 1}));

    let mut options = Options::default();
    for c in ocsf_arrow::SECURITY_LAKE_PARTITION_COLUMNS {
        options = options.with_skip_column(c);
    }
    let skipping = Mapper::with_options(&b.schema(), &options).expect("columns");
    assert_eq!(skipping.layout(), &Layout::Columns(vec![0]));
    assert_eq!(
        skipping.to_values(&b).expect("same")[0],
        json!({"event": "{\"a\":1}"})
    );
}

#[test]
fn types_without_a_json_form_are_errors_naming_the_column() {
    let interval = IntervalDayTimeArray::from(vec![IntervalDayTime::new(1, 0)]);
    let inner = StructArray::from(vec![(
        Arc::new(Field::new("gap", interval.data_type().clone(), true)),
        Arc::new(interval) as ArrayRef,
    )]);
    let b = batch(vec![
        ("ok", Arc::new(Int32Array::from(vec![1])) as ArrayRef),
        ("metadata", Arc::new(inner)),
    ]);
    let err = Mapper::new(&b.schema()).expect_err("an interval has no JSON form");
    assert!(
        matches!(&err, Error::Unsupported { path, .. } if path == "metadata.gap"),
        "{err}"
    );

    let err = Mapper::with_options(&b.schema(), &Options::default().with_json_column("ok"))
        .expect_err("an integer column holds no JSON");
    assert!(matches!(err, Error::JsonColumnType { .. }), "{err}");
    let err = Mapper::with_options(&b.schema(), &Options::default().with_json_column("nope"))
        .expect_err("no such column");
    assert!(matches!(err, Error::MissingJsonColumn(_)), "{err}");
}

#[test]
fn a_batch_of_another_schema_is_refused() {
    let a = batch(vec![("x", Arc::new(Int32Array::from(vec![1])) as ArrayRef)]);
    let b = batch(vec![("x", Arc::new(Int64Array::from(vec![1])) as ArrayRef)]);
    let mapper = Mapper::new(&a.schema()).expect("ints");
    assert!(matches!(mapper.rows(&b), Err(Error::SchemaMismatch)));
    let rows = mapper.rows(&a).expect("its own schema");
    assert_eq!(rows.len(), 1);
    let mut out = Vec::new();
    rows.write_row(0, &mut out);
    assert_eq!(out, br#"{"x":1}"#);
}

#[test]
fn struct_schema_without_rows_maps_to_nothing() {
    let schema = Arc::new(Schema::new(vec![Field::new("x", DataType::Int32, true)]));
    let b = RecordBatch::new_empty(schema);
    assert!(events(&b).is_empty());
}
