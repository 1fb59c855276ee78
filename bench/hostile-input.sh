#!/usr/bin/env bash
# Peak memory of `ocsf-validate` on hostile input (issue 14): every file is generated here, in a
# temp dir, and validated by the release binary with the default bound (16 MiB per event) and
# default jobs; peak RSS is GNU time's maximum resident set size. Goal: under 100 MB on each.
#   gzip bomb   a .jsonl.gz expanding to 2 GiB with no newline (one event, skipped as it streams)
#   one line    a 2 GiB .jsonl file of one line, then one small event
#   array       a 1 GB .json array of published-style events (streamed element by element)
#   keys        one JSON line holding an object with 300k keys
#   nesting     one JSON line nesting arrays 200k deep
#   findings    one event whose `message` holds 500k email addresses (13 MB): a finding each,
#               past the per-event cap of diagnostics (the detectors once took the square of it)
# The baseline, measured in the same run, is the same binary on one small valid event.
#
#   bench/hostile-input.sh          # about 2 minutes on 2 cores; needs ~3.5 GB in $TMPDIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build -q --release --locked --manifest-path "$root/Cargo.toml" -p ocsf-validate-cli
bin="$root/target/release/ocsf-validate"
event=$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))' \
  "$root/examples/events/authentication-logon.json")

python3 - "$work" "$event" <<'EOF'
import gzip, sys
work, event = sys.argv[1], sys.argv[2].encode()
GiB = 1 << 30
chunk = b"x" * (1 << 20)
with open(f"{work}/small.jsonl", "wb") as f:
    f.write(event + b"\n")
with gzip.open(f"{work}/bomb.jsonl.gz", "wb", compresslevel=9) as f:
    f.write(b'{"unmapped": "')
    for _ in range(2 * GiB // len(chunk)):
        f.write(chunk)
with open(f"{work}/oneline.jsonl", "wb") as f:
    f.write(b'{"unmapped": "')
    for _ in range(2 * GiB // len(chunk)):
        f.write(chunk)
    f.write(b'"}\n' + event + b"\n")
with open(f"{work}/array.json", "wb") as f:
    f.write(b"[\n")
    n = 10**9 // (len(event) + 2)
    block = (event + b",\n") * 1000
    for _ in range(n // 1000 - 1):
        f.write(block)
    f.write((event + b",\n") * 999 + event + b"\n]\n")
with open(f"{work}/keys.jsonl", "wb") as f:
    f.write(b"{" + b",".join(b'"k%d": %d' % (i, i) for i in range(300_000)) + b"}\n")
with open(f"{work}/nesting.jsonl", "wb") as f:
    f.write(b"[" * 200_000 + b"]" * 200_000 + b"\n")
with open(f"{work}/findings.jsonl", "wb") as f:
    emails = b" ".join(b"john.smith%d@acmecorp.io" % i for i in range(500_000))
    f.write(b'{"class_uid": 3002, "message": "' + emails + b'"}\n')
EOF

echo "# peak RSS of ocsf-validate on hostile input, $(nproc) cores, release, default bound and jobs"
echo "| input | size on disk | peak RSS | wall | exit | result |"
echo "|---|---|---|---|---|---|"
for name in small.jsonl bomb.jsonl.gz oneline.jsonl array.json keys.jsonl nesting.jsonl findings.jsonl; do
  f="$work/$name"
  size=$(du -h --apparent-size "$f" | cut -f1)
  set +e
  /usr/bin/time -f '%M %e' -o "$work/time" "$bin" --no-config --no-progress "$f" >"$work/out" 2>"$work/err"
  code=$?
  set -e
  read -r kb secs < <(tail -n 1 "$work/time")
  summary=$(grep -E '^[0-9]+ events? in' "$work/out" | head -1 | sed 's/ (.*//' || true)
  codes=$( (grep -oE 'OCSF00[1-4]|OCSFP201' "$work/out" || true) | sort | uniq -c | awk '{printf "%s %s×%s", (NR>1?",":""), $2, $1}')
  printf '| %s | %s | %.1f MB | %ss | %s | %s%s |\n' "$name" "$size" "$(echo "$kb / 1000" | bc -l)" "$secs" "$code" "$summary" "${codes:+;$codes}"
done
