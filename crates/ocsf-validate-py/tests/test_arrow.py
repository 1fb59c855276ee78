"""validate_arrow: pyarrow batches and tables in, a batch (table) of diagnostics out."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa
import pytest

import ocsf_validate
from ocsf_validate import Validator, validate_arrow

from conftest import ROOT, as_rows

LOGON = json.loads((ROOT / "examples/events/authentication-logon.json").read_text())
TEXTS = [
    json.dumps(LOGON),
    json.dumps({**LOGON, "severity_id": 42}),
    "{not json",
    json.dumps({**LOGON, "user": {"uid": "u", "email_addr": "ana@corp-mail.io"}}),
]


def rows_of(batch):
    """The result's rows in the fields of Diagnostic.to_dict()."""
    return as_rows(batch.to_pylist())


@pytest.mark.parametrize("ty", [pa.string(), pa.large_string(), pa.string_view(), pa.binary(),
                                pa.large_binary()])
def test_a_json_text_column_gives_what_validate_many_gives(ty):
    batch = pa.record_batch({"event": pa.array(TEXTS).cast(ty)})
    out = validate_arrow(batch)
    assert isinstance(out, pa.RecordBatch)
    assert rows_of(out) == as_rows(Validator().validate_many(TEXTS))
    assert out.schema.names == [c[0] for c in ocsf_validate.diagnostic_columns()]
    assert out.schema.field("help").nullable and not out.schema.field("code").nullable


def test_a_key_column_is_carried_to_each_diagnostic_and_out_of_the_event():
    batch = pa.record_batch({"id": pa.array([10, 11, 12, 13], pa.int64()),
                             "event": pa.array(TEXTS)})
    out = validate_arrow(batch, key="id")  # the one text column left holds the events
    assert out.schema.names[:3] == ["index", "id", "pointer"]
    assert out.schema.field("id").type == pa.int64()
    got = out.to_pylist()
    assert [(r["id"], r["code"]) for r in got if r["code"] == "OCSF301"] == [(11, "OCSF301")]
    assert all(r["id"] == 10 + r["index"] for r in got)


def test_a_null_row_is_no_event():
    out = validate_arrow(pa.record_batch({"event": pa.array([None], pa.string())}))
    assert out.column("code").to_pylist() == ["OCSF002"]


def test_a_table_gives_a_table_indexed_across_its_batches():
    batch = pa.record_batch({"event": pa.array(TEXTS)})
    table = pa.Table.from_batches([batch, batch])
    out = validate_arrow(table)
    assert isinstance(out, pa.Table)
    once = validate_arrow(batch).num_rows
    assert out.num_rows == 2 * once
    assert max(out.column("index").to_pylist()) >= len(TEXTS)
    empty = validate_arrow(pa.Table.from_batches([], schema=batch.schema))
    assert empty.num_rows == 0 and empty.schema.names[0] == "index"


def test_nested_columns_are_mapped_to_events():
    """One column per attribute, objects as structs, time as a timestamp: the mapping of
    ocsf-arrow (epoch milliseconds, nulls absent) gives the event the JSON text is."""
    events = [LOGON, {**LOGON, "severity_id": 42}, {**LOGON, "user": {"uid": None}}]
    table = pa.Table.from_pylist(events)
    micros = [e["time"] * 1000 for e in events]
    table = table.set_column(table.schema.get_field_index("time"), "time",
                             pa.array(micros, pa.timestamp("us", tz="UTC")))
    table = table.append_column("region", pa.array(["eu-west-1"] * 3))
    out = validate_arrow(table, skip_columns=["region"])
    expected = Validator().validate_many(
        [LOGON, {**LOGON, "severity_id": 42}, {**LOGON, "user": {}}])
    assert sorted(rows_of(out)) == sorted(as_rows(expected))
    assert {r[2] for r in rows_of(out)} == {"OCSF301", "OCSF401"}  # user {} has no uid or name
    # Without skipping it, the partition column is an attribute the schema lacks.
    assert "OCSF203" in validate_arrow(table).column("code").to_pylist()


def test_a_dt_column_is_rfc3339():
    event = {**LOGON, "time_dt": dt.datetime(2025, 1, 15, 9, 30, tzinfo=dt.timezone.utc)}
    table = pa.Table.from_pylist([event])
    assert table.schema.field("time_dt").type == pa.timestamp("us", tz="UTC")
    codes = validate_arrow(table).column("code").to_pylist()
    assert "OCSF401" not in codes and all(c != "OCSF306" for c in codes), codes


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: validate_arrow([1, 2]), TypeError, "validate_arrow takes a pyarrow.RecordBatch"),
        (lambda: validate_arrow(pa.record_batch({"e": pa.array(TEXTS)}), column="x"), KeyError, "x"),
        (lambda: validate_arrow(pa.record_batch({"e": pa.array([1])}), column="e"), TypeError,
         "must be a string or binary column"),
        (lambda: validate_arrow(pa.record_batch({"e": pa.array(TEXTS)}), key="id"), KeyError,
         "no key column `id`"),
        (lambda: validate_arrow(pa.record_batch({"e": pa.array(TEXTS)}), key="e"), ValueError,
         "no column left"),
        (lambda: validate_arrow(pa.record_batch({"d": pa.array([(1, 2, 3)], pa.month_day_nano_interval())})),
         TypeError, "no OCSF JSON form"),
    ],
)
def test_what_cannot_be_read_raises_a_clear_exception(call, error, words):
    with pytest.raises(error) as e:
        call()
    assert words in str(e.value)
