"""Validate OCSF events with the rules of ``ocsf-validate``.

>>> from ocsf_validate import validate
>>> [d.code for d in validate({"class_uid": 3002, "severity_id": 42})][:1]
['OCSF201']

``validate``, ``validate_many`` and ``validate_arrow`` take the options of the command
(``schema_version``, ``default_version``, ``pii_policy``, ``policy_file``, ``recommended``,
``max_event_bytes``) and keep one compiled :class:`Validator` per set of options; build a
:class:`Validator` yourself to hold one explicitly. The PySpark recipe is in
:mod:`ocsf_validate.spark`.
"""

from __future__ import annotations

import functools
import os
from typing import Any, Iterable, List, Optional, Sequence, Tuple, Union

from ._native import (
    DEFAULT_VERSION,
    Diagnostic,
    OptionsError,
    Validator,
    diagnostic_columns,
    versions,
)

__all__ = [
    "DEFAULT_VERSION",
    "Diagnostic",
    "OptionsError",
    "Validator",
    "diagnostic_columns",
    "validate",
    "validate_arrow",
    "validate_many",
    "validator",
    "versions",
]

Event = Union[dict, str, bytes, bytearray]


@functools.lru_cache(maxsize=16)
def _cached(options: Tuple[Tuple[str, Any], ...]) -> Validator:
    return Validator(**dict(options))


def validator(**options: Any) -> Validator:
    """The :class:`Validator` of these options (its keyword arguments), built once per process
    and set of options. A policy file is read when its validator is first built; build a
    :class:`Validator` directly to read it again."""
    if options.get("policy_file") is not None:
        options["policy_file"] = os.fspath(options["policy_file"])
    return _cached(tuple(sorted(options.items())))


def validate(event: Event, **options: Any) -> List[Diagnostic]:
    """The diagnostics of one event: a dict, or its JSON text as str or bytes."""
    return validator(**options).validate(event)


def validate_many(events: Iterable[Event], **options: Any) -> List[Diagnostic]:
    """The diagnostics of every event of an iterable; each carries the event's ``index``."""
    return validator(**options).validate_many(events)


def validate_arrow(
    batch: Any,
    *,
    column: Optional[str] = None,
    key: Optional[str] = None,
    skip_columns: Sequence[str] = (),
    **options: Any,
) -> Any:
    """The diagnostics of a ``pyarrow.RecordBatch`` (or ``Table``) of events, as a
    ``pyarrow.RecordBatch`` (a ``Table`` for a ``Table``): one row per diagnostic.

    ``column`` names the column that holds the events' JSON text; without it, the only column
    left after ``key`` and ``skip_columns`` holds it when it is a string or binary one, else
    the columns left are the events' attributes, nested objects as structs, mapped to OCSF
    JSON as the command maps Parquet rows (timestamps as epoch milliseconds, ``*_dt`` columns
    as RFC 3339, nulls absent). ``key`` names a column whose value is copied to each
    diagnostic of its row (and left out of the event); ``skip_columns`` are left out of the
    events (e.g. Security Lake's partition columns ``region``, ``accountId``, ``eventDay``).
    """
    skip = list(skip_columns)
    v = validator(**options)
    to_batches = getattr(batch, "to_batches", None)
    if to_batches is None:
        return v.validate_arrow(batch, column=column, key=key, skip_columns=skip)
    import pyarrow as pa

    out = []
    offset = 0
    for b in to_batches():
        out.append(v.validate_arrow(b, column=column, key=key, skip_columns=skip, offset=offset))
        offset += b.num_rows
    if not out:
        # No batch: the empty result of an empty batch, for its schema.
        empty = pa.RecordBatch.from_pylist([], schema=batch.schema)
        out.append(v.validate_arrow(empty, column=column, key=key, skip_columns=skip))
    return pa.Table.from_batches(out)
