"""The PySpark recipe, in local mode: JSON strings and nested columns in, diagnostics out.

Needs pyspark (PyPI) and a Java runtime: skipped saying so where either is missing, failed
instead under OCSF_REQUIRE_TOOLS=1 (.ci/run installs both).
"""

from __future__ import annotations

import json
import os
import shutil
import sys

import pytest

from conftest import ROOT, as_rows, need

from ocsf_validate import Validator

try:
    import pyspark  # noqa: F401

    HAVE_SPARK = True
except ImportError:
    HAVE_SPARK = False


@pytest.fixture(scope="module")
def spark():
    need("pyspark is not installed (pip install pyspark)", not HAVE_SPARK, "OCSF_REQUIRE_TOOLS")
    java = shutil.which("java") or (os.environ.get("JAVA_HOME") and shutil.which(
        os.path.join(os.environ["JAVA_HOME"], "bin", "java")))
    need("no Java runtime (java on PATH or $JAVA_HOME) for Spark", not java, "OCSF_REQUIRE_TOOLS")
    from pyspark.sql import SparkSession

    # The workers run this interpreter, where ocsf_validate is installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    # Spark talks to itself on loopback only.
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    session = (
        SparkSession.builder.master("local[2]")
        .appName("ocsf-validate-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "7")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


EVENTS = [
    json.loads((ROOT / "examples/events" / name).read_text())
    for name in ("authentication-logon.json", "authentication-logoff.json", "api-activity-update.json")
]


def faulty(i: int) -> dict:
    e = json.loads(json.dumps(EVENTS[i % len(EVENTS)]))
    if i % 3 == 1:
        e["severity_id"] = 42
    if i % 5 == 2:
        e["user"] = {"uid": "u", "email_addr": "ana@corp-mail.io"}
    return e


def expected_by_key(texts):
    """(key, code, pointer, message) of each diagnostic, keyed by the event's position."""
    return sorted(
        (d.index, d.code, d.pointer, d.message) for d in Validator().validate_many(texts)
    )


def test_json_strings_through_map_in_arrow(spark):
    import ocsf_validate.spark as ov

    texts = [json.dumps(faulty(i)) for i in range(40)] + ["{not json", "null"]
    df = spark.createDataFrame([(t,) for t in texts], "event string").repartition(3)
    # The bare recipe: the only column holds the events.
    rows = df.mapInArrow(ov.validate_batches, ov.SCHEMA).collect()
    assert len(rows) == len(Validator().validate_many(texts))
    assert {r.code for r in rows} >= {"OCSF301", "OCSF001", "OCSF002"}


def test_json_strings_with_a_key_match_validate_many(spark):
    import ocsf_validate.spark as ov

    texts = [json.dumps(faulty(i)) for i in range(40)] + ["{not json"]
    df = spark.createDataFrame([(i, t) for i, t in enumerate(texts)], "id long, event string")
    out = ov.validate(df.repartition(2), column="event", key="id")
    assert out.schema.simpleString().startswith("struct<index:bigint,id:bigint,pointer:string,code")
    got = sorted((r.id, r.code, r.pointer, r.message) for r in out.collect())
    assert got == expected_by_key(texts)


def test_options_reach_the_workers(spark):
    import ocsf_validate.spark as ov

    texts = [json.dumps(faulty(2))]
    df = spark.createDataFrame([(0, texts[0])], "id int, event string")
    strict = ov.validate(df, column="event", key="id", pii_policy="strict").collect()
    off = ov.validate(df, column="event", key="id", pii_policy="off").collect()
    assert any(r.category == "pii" for r in strict)
    assert not any(r.category == "pii" for r in off)
    ours = Validator(pii_policy="strict").validate_many(texts)
    assert sorted(r.code for r in strict) == sorted(d.code for d in ours)


def test_bad_options_fail_the_job_with_the_options_error(spark):
    import ocsf_validate.spark as ov

    df = spark.createDataFrame([("{}",)], "event string")
    with pytest.raises(Exception) as e:
        ov.validate(df, schema_version="9.9").collect()
    assert "unknown OCSF version `9.9`" in str(e.value)


def test_nested_columns_from_parquet_match_validate_many(spark, tmp_path):
    """Events as nested columns, as Security Lake and Spark keep OCSF in Parquet: structs for
    objects, `time` a timestamp, partition columns beside the attributes."""
    from pyspark.sql import functions as F

    import ocsf_validate.spark as ov

    events = [faulty(i) for i in range(30)]
    texts = [json.dumps({**e, "row": i}) for i, e in enumerate(events)]
    df = (
        spark.read.json(spark.sparkContext.parallelize(texts))
        .withColumn("time", F.timestamp_millis("time"))
        .withColumn("region", F.lit("eu-west-1"))
    )
    assert dict(df.dtypes)["time"] == "timestamp" and dict(df.dtypes)["user"].startswith("struct<")
    path = str(tmp_path / "lake")
    df.write.partitionBy("region").parquet(path)
    lake = spark.read.parquet(path).repartition(2)
    out = ov.validate(lake, key="row", skip_columns=["region"])
    got = sorted((r.row, r.code, r.pointer, r.message) for r in out.collect())
    expected = sorted(
        (d.index, d.code, d.pointer, d.message) for d in Validator().validate_many(events)
    )
    assert got == expected
    assert {c for _, c, _, _ in got} >= {"OCSF301"}
    # Left in, the partition column is an attribute the schema lacks.
    assert "OCSF203" in {r.code for r in ov.validate(lake, key="row").collect()}
