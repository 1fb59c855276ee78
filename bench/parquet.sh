#!/usr/bin/env bash
# The command on Parquet against the same events as JSON lines, measured in the same run:
#     ocsf-validate --no-config --no-progress --format json --jobs J FILE >/dev/null
# on events.parquet and on events.jsonl, written by pyarrow from one list of generated events
# (Network Activity 4001 in Security Lake's conventions: `time` a timestamp[ms, UTC], nested
# structs, a list of observables, `unmapped` a map<string, string>; snappy, row groups of
# 16384 rows, as pyarrow writes by default but smaller groups so that several are read).
# ratio = JSON-lines seconds / Parquet seconds (1.00x: Parquet costs what reading the same
# events as JSON costs; the validation is the same, the difference is reading and mapping).
# Peak RSS of each command (ru_maxrss of the child) shows that Parquet is read a record batch
# at a time: it does not grow with the file.
#
# Environment: EVENTS (200000), ROUNDS (5), JOBS (1), TMPDIR, CARGO_TARGET_DIR; PYTHON (a
# Python with pyarrow; default: the tools virtual environment of the tests, where pyarrow is
# installed with pip if it is missing).
#
#   bench/parquet.sh            # about 2 minutes on 2 cores
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
events=${EVENTS:-200000}
rounds=${ROUNDS:-5}
jobs=${JOBS:-1}
tools="${OCSF_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ocsf-rs/tools}"
python=${PYTHON:-$tools/venv/bin/python}
if [ -z "${PYTHON:-}" ]; then
  [ -x "$python" ] || python3 -m venv "$tools/venv"
  "$python" -c 'import pyarrow' 2>/dev/null ||
    "$python" -m pip install --quiet --disable-pip-version-check pyarrow
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build -q --release --manifest-path "$root/Cargo.toml" -p ocsf-validate-cli
bin="${CARGO_TARGET_DIR:-$root/target}/release/ocsf-validate"

"$python" - "$work" "$events" "$bin" "$rounds" "$jobs" <<'PY'
import json, os, random, resource, subprocess, sys, time
import pyarrow as pa
import pyarrow.parquet as pq

work, n, binary, rounds, jobs = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
rng = random.Random(42)
T = 1_700_000_000_000
rows = []
for i in range(n):
    src = f"10.0.{rng.randrange(256)}.{rng.randrange(256)}"
    rows.append({
        "class_uid": 4001, "category_uid": 4, "activity_id": 6, "type_uid": 400106,
        "severity_id": 1, "status_id": 1, "time": T + i,
        "metadata": {"version": "1.1.0", "uid": f"evt-{i}",
                     "product": {"name": "Flow Sensor", "vendor_name": "Acme", "version": "2.4.1"}},
        "src_endpoint": {"ip": src, "port": rng.randrange(1024, 65535)},
        "dst_endpoint": {"ip": "192.0.2.10", "port": 443, "hostname": "api.example.com"},
        "connection_info": {"protocol_num": 6, "protocol_name": "tcp", "direction_id": 2},
        "traffic": {"bytes_in": rng.randrange(10**6), "bytes_out": rng.randrange(10**6),
                    "packets_in": rng.randrange(1000), "packets_out": rng.randrange(1000)},
        "observables": [{"name": "src_endpoint.ip", "type_id": 2, "value": src}],
        "unmapped": [("flow_id", str(i)), ("sensor", "s-7")],
    })
with open(os.path.join(work, "events.jsonl"), "w") as f:
    for r in rows:
        f.write(json.dumps({**r, "unmapped": dict(r["unmapped"])}, separators=(",", ":")) + "\n")
table = pa.Table.from_pylist(rows)
table = table.set_column(table.schema.get_field_index("time"), "time",
                         table["time"].cast(pa.timestamp("ms", tz="UTC")))
table = table.set_column(table.schema.get_field_index("unmapped"), "unmapped",
                         pa.array([r["unmapped"] for r in rows], pa.map_(pa.string(), pa.string())))
pq.write_table(table, os.path.join(work, "events.parquet"), row_group_size=16384, compression="snappy")
sizes = {k: os.path.getsize(os.path.join(work, f"events.{k}")) for k in ("jsonl", "parquet")}

def run(name):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    p = subprocess.run([binary, "--no-config", "--no-progress", "--format", "json", "--jobs", jobs,
                        os.path.join(work, f"events.{name}")], stdout=subprocess.PIPE)
    took = time.perf_counter() - start
    if p.returncode > 1:
        sys.exit(f"ocsf-validate failed on events.{name} with exit {p.returncode}")
    summary = json.loads(p.stdout.splitlines()[-1])["summary"]
    return took, summary

best = {"jsonl": float("inf"), "parquet": float("inf")}
summaries = {}
for _ in range(rounds):
    for name in ("jsonl", "parquet"):
        took, summaries[name] = run(name)
        best[name] = min(best[name], took)
# Peak RSS, each in a process of its own (ru_maxrss of children is the largest so far).
peak = {}
for name in ("jsonl", "parquet"):
    out = subprocess.run([sys.executable, "-c",
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)",
        binary, "--no-config", "--no-progress", "--format", "json", "--jobs", jobs,
        os.path.join(work, f"events.{name}")], stdout=subprocess.PIPE, text=True)
    peak[name] = int(out.stdout.strip()) / 1024

for name in ("jsonl", "parquet"):
    s = summaries[name]
    assert s["events"] == n, (name, s)
print(f"# {n} events, --jobs {jobs}, best of {rounds}, {os.cpu_count()} cores")
print("| input | size | seconds | events/s | peak RSS | findings (e/w/i) |")
print("|---|---|---|---|---|---|")
for name in ("jsonl", "parquet"):
    s = summaries[name]
    print(f"| events.{name} | {sizes[name] / 2**20:.1f} MiB | {best[name]:.2f} | {n / best[name]:,.0f} | "
          f"{peak[name]:.1f} MB | {s['errors']}/{s['warnings']}/{s['infos']} |")
if (summaries["jsonl"]["errors"], summaries["jsonl"]["warnings"]) != (summaries["parquet"]["errors"], summaries["parquet"]["warnings"]):
    sys.exit("the two inputs were judged differently")
print(f"ratio (JSON lines seconds / Parquet seconds): {best['jsonl'] / best['parquet']:.2f}x")
PY
