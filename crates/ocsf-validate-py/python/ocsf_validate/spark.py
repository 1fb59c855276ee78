"""Validate a Spark DataFrame of OCSF events where it lives, with ``mapInArrow``.

Events as JSON text in a string column (the only column, or the one named ``column``)::

    import ocsf_validate.spark as ov

    diagnostics = df.mapInArrow(ov.validate_batches, ov.SCHEMA)

or, with options and a column to join the diagnostics back to their events on::

    diagnostics = ov.validate(df, column="event", key="event_id", pii_policy="strict")

Events as nested columns (one column per top-level attribute, objects as structs, as Security
Lake, pyarrow and Spark write OCSF in Parquet) are validated the same way: ``column=None`` and
more than one column (or one that is no string). The rows are mapped to OCSF JSON by the
``ocsf-arrow`` rules: timestamps as epoch milliseconds, ``*_dt`` columns as RFC 3339, nulls as
absent members; ``skip_columns`` leaves columns such as Security Lake's partition columns
(``region``, ``accountId``, ``eventDay``) out of the events.

The result has one row per diagnostic: ``index`` (the row's position in its partition; use a
``key`` column to find the event), the key column when asked for, then ``pointer``, ``code``,
``severity``, ``category``, ``message``, ``help``, ``schema_path``, ``schema_version``: the
fields of the command's ``--format json`` lines. The validator is built once per Python worker
and set of options, and validates each Arrow batch with the GIL released.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Optional, Sequence

from . import diagnostic_columns, validator

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow
    from pyspark.sql import DataFrame

__all__ = ["SCHEMA", "batches", "schema", "validate", "validate_batches"]

BatchFunction = Callable[[Iterable["pyarrow.RecordBatch"]], Iterator["pyarrow.RecordBatch"]]


def schema(key: Optional[str] = None, key_type: str = "string") -> str:
    """The DDL schema of the diagnostics; with ``key``, its column (of ``key_type``, a Spark
    SQL type name) follows ``index``."""
    parts = []
    for name, arrow_type, _nullable in diagnostic_columns():
        parts.append(f"`{name}` {'bigint' if arrow_type == 'int64' else 'string'}")
        if name == "index" and key is not None:
            parts.append(f"`{key}` {key_type}")
    return ", ".join(parts)


SCHEMA: str = schema()
"""The DDL schema of :func:`validate_batches`' result."""


def batches(
    *,
    column: Optional[str] = None,
    key: Optional[str] = None,
    skip_columns: Sequence[str] = (),
    **options: Any,
) -> BatchFunction:
    """A function for ``DataFrame.mapInArrow`` that validates with these options (those of
    :class:`ocsf_validate.Validator`); its schema is ``schema(key, <key's type>)``."""
    skip = tuple(skip_columns)

    def validate_partition(it: Iterable["pyarrow.RecordBatch"]) -> Iterator["pyarrow.RecordBatch"]:
        v = validator(**options)
        offset = 0
        for batch in it:
            yield v.validate_arrow(batch, column=column, key=key, skip_columns=list(skip), offset=offset)
            offset += batch.num_rows

    return validate_partition


validate_batches: BatchFunction = batches()
"""``df.mapInArrow(validate_batches, SCHEMA)``: the default options."""


def validate(
    df: "DataFrame",
    *,
    column: Optional[str] = None,
    key: Optional[str] = None,
    skip_columns: Sequence[str] = (),
    **options: Any,
) -> "DataFrame":
    """The diagnostics of the events of ``df`` as a DataFrame (see the module's doc)."""
    key_type = df.schema[key].dataType.simpleString() if key is not None else "string"
    fn = batches(column=column, key=key, skip_columns=skip_columns, **options)
    return df.mapInArrow(fn, schema(key, key_type))
