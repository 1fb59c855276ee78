#!/usr/bin/env python3
"""Events per second per core: PySpark (local mode, `mapInArrow` with ocsf_validate.spark)
against the `ocsf-validate` command, on the same events, in one run (issue 16).

    bench/spark-vs-cli.sh            # builds what it needs, then runs this with the bench venv

Rows, each the best of ROUNDS (3) rounds, the rows interleaved within a round:

  cli            ocsf-validate --no-config --no-progress --format json --jobs 1 FILE > /dev/null
  python         ocsf_validate.Validator().validate_arrow over pyarrow batches of the same lines,
                 in this process (the package without Spark)
  spark json     spark.read.text(FILE) -> mapInArrow(validate_batches, SCHEMA) -> noop sink
  spark nested   the same events as nested columns (read back from Parquet that Spark wrote from
                 spark.read.json(FILE) before the rounds) -> mapInArrow -> noop sink

"Per core" is events / CPU seconds: the CPU time of the command, of this process, or of
Spark's whole process tree (the JVM, the Python daemon and its workers), so that the figure
does not depend on how many cores Spark was given or on other load. Wall-clock figures are
shown beside them. Events: generated valid OCSF 1.6.0 events (the `bench_corpus` example of
ocsf-test-support, fixed seed) unless EVENTS_FILE names a JSON lines file.

Environment: EVENTS (100000), ROUNDS (3), SPARK_CORES (2), BATCH (10000: Spark's
maxRecordsPerBatch and the python row's batch size), OCSF_VALIDATE_BIN, BENCH_CORPUS_BIN,
EVENTS_FILE.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EVENTS = int(os.environ.get("EVENTS", "100000"))
ROUNDS = int(os.environ.get("ROUNDS", "3"))
CORES = int(os.environ.get("SPARK_CORES", "2"))
BATCH = int(os.environ.get("BATCH", "10000"))
TICK = os.sysconf("SC_CLK_TCK")


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def self_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def tree_cpu(root: int) -> float:
    """CPU seconds of `root` and every live descendant, with the children they reaped."""
    parent = {}
    times = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            stat = Path(f"/proc/{d}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parent[int(d)] = int(fields[1])
        times[int(d)] = sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
    total = 0
    for pid, t in times.items():
        p = pid
        while p and p != root:
            p = parent.get(p, 0)
        if p == root:
            total += t
    return total / TICK


def run_cli(binary: str, path: Path) -> tuple[float, float]:
    c0, t0 = children_cpu(), time.perf_counter()
    proc = subprocess.run(
        [binary, "--no-config", "--no-progress", "--format", "json", "--jobs", "1", str(path)],
        stdout=subprocess.DEVNULL,
    )
    wall, cpu = time.perf_counter() - t0, children_cpu() - c0
    if proc.returncode not in (0, 1):
        sys.exit(f"ocsf-validate exited {proc.returncode}")
    return wall, cpu


def run_python(lines: list[bytes]) -> tuple[float, float, int]:
    import pyarrow as pa

    from ocsf_validate import Validator

    v = Validator()
    batches = [pa.record_batch({"event": pa.array(lines[i : i + BATCH], pa.binary())})
               for i in range(0, len(lines), BATCH)]
    c0, t0 = self_cpu(), time.perf_counter()
    found = sum(v.validate_arrow(b).num_rows for b in batches)
    return time.perf_counter() - t0, self_cpu() - c0, found


def run_spark(spark, jvm: int, df) -> tuple[float, float]:
    import ocsf_validate.spark as ov

    c0, t0 = tree_cpu(jvm), time.perf_counter()
    df.mapInArrow(ov.validate_batches, ov.SCHEMA).write.format("noop").mode("overwrite").save()
    return time.perf_counter() - t0, tree_cpu(jvm) - c0


def main() -> None:
    binary = os.environ.get("OCSF_VALIDATE_BIN") or shutil.which("ocsf-validate")
    if not binary:
        sys.exit("set OCSF_VALIDATE_BIN to the release ocsf-validate binary (bench/spark-vs-cli.sh does)")
    work = Path(tempfile.mkdtemp(prefix="ocsf-spark-bench-"))
    try:
        events = Path(os.environ["EVENTS_FILE"]) if os.environ.get("EVENTS_FILE") else work / "events.jsonl"
        if not os.environ.get("EVENTS_FILE"):
            corpus = os.environ.get("BENCH_CORPUS_BIN")
            if not corpus:
                sys.exit("set BENCH_CORPUS_BIN (bench/spark-vs-cli.sh does) or EVENTS_FILE")
            subprocess.run([corpus, "valid", str(EVENTS), str(events)], check=True,
                           stdout=subprocess.DEVNULL)
        lines = [l for l in events.read_bytes().split(b"\n") if l.strip()]
        n = len(lines)

        os.environ["PYSPARK_PYTHON"] = sys.executable
        os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
        os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"  # loopback only
        from pyspark.sql import SparkSession

        spark = (
            SparkSession.builder.master(f"local[{CORES}]")
            .appName("ocsf-validate-bench")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(BATCH))
            .config("spark.sql.files.maxPartitionBytes", str(max(1, events.stat().st_size // (2 * CORES))))
            .config("spark.driver.memory", "2g")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        jvm = spark.sparkContext._gateway.proc.pid  # the JVM that spark-submit started

        text_df = spark.read.text(str(events))
        nested_dir = work / "nested.parquet"
        spark.read.json(str(events)).write.parquet(str(nested_dir))
        nested_df = spark.read.parquet(str(nested_dir))
        parts = text_df.rdd.getNumPartitions()
        # Warm-up: the JIT, the Python daemon and workers, the validator's tables.
        run_spark(spark, jvm, text_df)
        run_spark(spark, jvm, nested_df)
        run_cli(binary, events)

        best: dict[str, tuple[float, float]] = {}

        def keep(name: str, wall: float, cpu: float) -> None:
            old = best.get(name)
            if old is None or cpu < old[1]:
                best[name] = (wall, cpu)

        found = 0
        for _ in range(ROUNDS):
            keep("cli --jobs 1", *run_cli(binary, events))
            wall, cpu, found = run_python(lines)
            keep("python validate_arrow", wall, cpu)
            keep(f"spark json local[{CORES}]", *run_spark(spark, jvm, text_df))
            keep(f"spark nested local[{CORES}]", *run_spark(spark, jvm, nested_df))
        spark.stop()

        mb = events.stat().st_size / 1e6
        print(f"# {n} events ({mb:.1f} MB), {found} diagnostics; {os.cpu_count()} cores, "
              f"load {' '.join(Path('/proc/loadavg').read_text().split()[:3])}; "
              f"Spark {spark.version} local[{CORES}], {parts} partitions, batches of {BATCH}; "
              f"best of {ROUNDS} rounds (by CPU)")
        print(f"{'':28} {'wall s':>8} {'CPU s':>8} {'events/s':>10} {'events/s per core':>18} {'vs cli':>7}")
        cli_rate = n / best["cli --jobs 1"][1]
        for name, (wall, cpu) in best.items():
            rate = n / cpu
            print(f"{name:28} {wall:8.2f} {cpu:8.2f} {n / wall:10.0f} {rate:18.0f} {rate / cli_rate:6.2f}x")
        spark_rate = n / best[f"spark json local[{CORES}]"][1]
        print(f"ratio, events/s per core, spark (JSON strings) / cli: {spark_rate / cli_rate:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
