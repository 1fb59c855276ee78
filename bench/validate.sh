#!/usr/bin/env bash
# Benchmarks ocsf-validate, each figure against its baseline measured in the same run:
#   1. single-threaded validate_bytes vs serde_json::from_slice::<Value> of the same lines;
#   2. the CLI with --jobs 2 vs --jobs 1, on one large JSON lines file and on two files;
#   3. peak RSS of the CLI on a ~1 GB JSON lines file.
# The corpus is generated from the schema tables with a fixed seed (about 1% planted faults).
# Environment: EVENTS (100000), SEED (42), ROUNDS (5), BIG_MB (1024), TMPDIR.
# On a shared machine the numbers are noisy: rounds are interleaved and the best of each kept.
set -euo pipefail
cd "$(dirname "$0")/.."

EVENTS=${EVENTS:-100000}
SEED=${SEED:-42}
ROUNDS=${ROUNDS:-5}
BIG_MB=${BIG_MB:-1024}

cargo build --release -q -p ocsf-validate-cli --bin ocsf-validate
cargo build --release -q -p ocsf-validate --example gen_corpus --example throughput
bin=target/release/ocsf-validate
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== corpus"
target/release/examples/gen_corpus "$EVENTS" "$tmp/corpus.jsonl" "$SEED"

echo
echo "== single thread: validate_bytes vs serde_json::Value, same lines, same run"
target/release/examples/throughput "$tmp/corpus.jsonl" "$ROUNDS"

# Seconds of one CLI run (its exit status says whether faults were found: ignored here).
run() {
    local start end
    start=$(date +%s.%N)
    "$bin" --no-config --no-progress "$@" >/dev/null || true
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}

min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b ? a : b) }'; }

# Prints the best --jobs 1 and --jobs 2 times over the given files and the speedup.
jobs_speedup() {
    local label=$1
    shift
    local bytes events t1=999999 t2=999999
    bytes=$(cat "$@" | wc -c)
    events=$(cat "$@" | wc -l)
    for _ in $(seq "$ROUNDS"); do
        t1=$(min "$t1" "$(run --jobs 1 "$@")")
        t2=$(min "$t2" "$(run --jobs 2 "$@")")
    done
    awk -v l="$label" -v b="$bytes" -v n="$events" -v t1="$t1" -v t2="$t2" 'BEGIN {
        printf "%s: %.0f MB, %d events\n", l, b / 1e6, n
        printf "  --jobs 1  %6.2f s %8.1f MB/s %10.0f events/s\n", t1, b / 1e6 / t1, n / t1
        printf "  --jobs 2  %6.2f s %8.1f MB/s %10.0f events/s\n", t2, b / 1e6 / t2, n / t2
        printf "  speedup   %6.2fx\n", t1 / t2
    }'
}

echo
echo "== CLI --jobs 2 vs --jobs 1 (nproc: $(nproc))"
cat "$tmp/corpus.jsonl" "$tmp/corpus.jsonl" >"$tmp/big.jsonl"
jobs_speedup "one file" "$tmp/big.jsonl"
cp "$tmp/corpus.jsonl" "$tmp/second.jsonl"
jobs_speedup "two files" "$tmp/corpus.jsonl" "$tmp/second.jsonl"
rm -f "$tmp/big.jsonl" "$tmp/second.jsonl"

echo
echo "== peak memory on a ~${BIG_MB} MB JSON lines file"
size=$(wc -c <"$tmp/corpus.jsonl")
copies=$(((BIG_MB * 1000000 + size - 1) / size))
for _ in $(seq "$copies"); do cat "$tmp/corpus.jsonl"; done >"$tmp/huge.jsonl"
for j in 1 2; do
    /usr/bin/time -v "$bin" --no-config --no-progress --jobs "$j" "$tmp/huge.jsonl" \
        >/dev/null 2>"$tmp/time.txt" || true
    awk -v j="$j" -v mb="$(($(wc -c <"$tmp/huge.jsonl") / 1000000))" '
        /Maximum resident set size/ { rss = $NF }
        /Elapsed \(wall clock\)/ { wall = $NF }
        END { printf "  %d MB, --jobs %d: peak RSS %.1f MB, %s wall\n", mb, j, rss / 1024, wall }
    ' "$tmp/time.txt"
done
rm -f "$tmp/huge.jsonl"
