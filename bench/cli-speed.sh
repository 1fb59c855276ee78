#!/usr/bin/env bash
# Speed of the whole `ocsf-validate` run as users run it (issue 11): a file in, diagnostics
# out, default rules and policy, one thread:
#     ocsf-validate --no-config --no-progress --format json --jobs 1 FILE >/dev/null
# each against the baseline of the same file measured in the same run: the `parse_lines`
# example, which reads the file in blocks, splits it into lines and parses each with
# `serde_json::from_slice::<serde_json::Value>`. ratio = parse seconds / command seconds
# (1.00x: the command is as fast as merely parsing its input). Corpora, written to a temp dir:
#   real      ../shared/real-events/real.jsonl, its events unwrapped, written REAL_COPIES
#             times over (about 100 MB); also run with --pii-policy off;
#   personal  generated valid 1.6.0 events with every attribute `ocsf-pii` classifies filled
#             with realistic personal data: several default-policy findings per event;
#   planted   generated valid events with a secret or personal data planted in 1% of them
#             (what ocsf-validate's pii_bench example measures).
# Goals: real >= 1.0x, real --pii-policy off >= 2.0x, personal >= 1.0x, planted >= 1.5x, and
# --jobs 2 at least 1.7x as fast as --jobs 1 on the largest file. Then, without a goal, the
# human (default), SARIF and GitHub formats against JSON lines on the published events.
# Each row is the best of ROUNDS rounds, the baseline and the command(s) interleaved within a
# round so that load from other processes hits both alike. The command's exit status 1 (findings
# at the failing severity) is expected; 2 or more stops the script.
#
# Environment: ROUNDS (5), REAL_COPIES (50), PERSONAL_EVENTS (23000, about 60 MB),
# PLANTED_EVENTS (50000, about 80 MB: pii_bench's default), SEED (42), TMPDIR (the corpora
# need about 250 MB), CARGO_TARGET_DIR; PROFILE=1 also runs the default command once on the
# published events (else the personal corpus) under `perf record -g` and prints the top 25
# symbols of `perf report --no-children`.
#
#   bench/cli-speed.sh                # about 6 minutes on 2 idle cores
#   ROUNDS=3 PROFILE=1 bench/cli-speed.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
shared="$root/../shared"
ROUNDS=${ROUNDS:-5}
REAL_COPIES=${REAL_COPIES:-50}
PERSONAL_EVENTS=${PERSONAL_EVENTS:-23000}
PLANTED_EVENTS=${PLANTED_EVENTS:-50000}
SEED=${SEED:-42}
PROFILE=${PROFILE:-0}
target=${CARGO_TARGET_DIR:-$root/target}/release

cargo build --release -q -p ocsf-validate-cli -p ocsf-test-support --bins --examples
bin=$target/ocsf-validate
parse=$target/examples/parse_lines
corpus=$target/examples/bench_corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "# ocsf-validate, the whole run, against serde_json::Value parsing of the same file"
echo "# $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(rustc --version), best of $ROUNDS interleaved rounds"

# --- corpora -----------------------------------------------------------------------------
corpora=()
if [ ! -f "$shared/real-events/real.jsonl" ]; then
  echo "skipped: $shared/real-events/real.jsonl is absent (../shared is not on this machine); no real corpus"
elif ! command -v python3 >/dev/null; then
  echo "skipped: python3 is not installed; it unwraps the published events; no real corpus"
else
  # Each line holds {"id", "source", "ocsf_version", "event"}: the event alone is validated.
  python3 - "$shared/real-events/real.jsonl" "$work/real-once.jsonl" <<'PY'
import json, sys
with open(sys.argv[1]) as src, open(sys.argv[2], "w") as out:
    for line in src:
        d = json.loads(line)
        if "event" in d:
            out.write(json.dumps(d["event"]) + "\n")
PY
  for _ in $(seq "$REAL_COPIES"); do cat "$work/real-once.jsonl"; done >"$work/real.jsonl"
  rm "$work/real-once.jsonl"
  corpora+=(real)
fi
"$corpus" personal "$PERSONAL_EVENTS" "$work/personal.jsonl" "$SEED" 2>/dev/null
"$corpus" planted "$PLANTED_EVENTS" "$work/planted.jsonl" "$SEED" 2>/dev/null
corpora+=(personal planted)

# --- timing ------------------------------------------------------------------------------
# Wall seconds of the command, its output discarded. Exit status 1 (findings) is expected.
seconds() {
  local start end status=0
  start=$(date +%s.%N)
  "$@" >/dev/null 2>"$work/stderr" || status=$?
  end=$(date +%s.%N)
  if [ "$status" -ge 2 ]; then
    echo "failed (exit status $status): $*" >&2
    tail -n 20 "$work/stderr" >&2
    exit 1
  fi
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b ? a : b) }'; }
validate() { "$bin" --no-config --no-progress --format json "$@"; }

# One table row: corpus, label, bytes, events, parse s, command s, goal.
row() {
  awk -v c="$1" -v b="$2" -v n="$3" -v p="$4" -v t="$5" -v g="$6" 'BEGIN {
    r = p / t
    printf "%-22s %7.1f %8d %8.3f %9.3f %8.1f %6.2fx %5.1fx  %s\n", c, b / 1e6, n, p, t, b / 1e6 / t, r, g, (r >= g ? "met" : "NOT MET")
  }'
}

declare -A bytes events findings
for c in "${corpora[@]}"; do
  f=$work/$c.jsonl
  bytes[$c]=$(wc -c <"$f")
  events[$c]=$(wc -l <"$f")
  # Diagnostics of the default run: a JSON line each, then a summary line (not timed).
  status=0
  validate --jobs 1 "$f" >"$work/out.jsonl" || status=$?
  [ "$status" -le 1 ] || { echo "failed (exit status $status): ocsf-validate $f" >&2; exit 1; }
  findings[$c]=$(($(wc -l <"$work/out.jsonl") - 1))
  rm "$work/out.jsonl"
done

printf '\n%-22s %7s %8s %8s %9s %8s %7s %6s  %s\n' \
  corpus MB events "parse s" "command s" "MB/s" ratio goal ""
for c in "${corpora[@]}"; do
  f=$work/$c.jsonl
  t_parse=999999; t_cmd=999999; t_off=999999
  for _ in $(seq "$ROUNDS"); do
    t_parse=$(min "$t_parse" "$(seconds "$parse" "$f")")
    t_cmd=$(min "$t_cmd" "$(seconds validate --jobs 1 "$f")")
    if [ "$c" = real ]; then
      t_off=$(min "$t_off" "$(seconds validate --jobs 1 --pii-policy off "$f")")
    fi
  done
  goal=1.0; [ "$c" = planted ] && goal=1.5
  row "$c" "${bytes[$c]}" "${events[$c]}" "$t_parse" "$t_cmd" "$goal"
  if [ "$c" = real ]; then
    row "real --pii-policy off" "${bytes[$c]}" "${events[$c]}" "$t_parse" "$t_off" 2.0
  fi
done
echo
for c in "${corpora[@]}"; do
  awk -v c="$c" -v d="${findings[$c]}" -v n="${events[$c]}" \
    'BEGIN { printf "%-9s %9d diagnostics with the default rules, %.1f per event\n", c, d, d / n }'
done

# --- threads -----------------------------------------------------------------------------
largest=${corpora[0]}
for c in "${corpora[@]}"; do
  [ "${bytes[$c]}" -gt "${bytes[$largest]}" ] && largest=$c
done
f=$work/$largest.jsonl
t1=999999; t2=999999
for _ in $(seq "$ROUNDS"); do
  t1=$(min "$t1" "$(seconds validate --jobs 1 "$f")")
  t2=$(min "$t2" "$(seconds validate --jobs 2 "$f")")
done
echo
awk -v c="$largest" -v b="${bytes[$largest]}" -v t1="$t1" -v t2="$t2" 'BEGIN {
  s = t1 / t2
  printf "--jobs 2 vs --jobs 1 on %s (%.1f MB): %.3f s vs %.3f s, speedup %.2fx (goal: at least 1.7x) %s\n", c, b / 1e6, t2, t1, s, (s >= 1.7 ? "met" : "NOT MET")
}'

# --- the other formats -------------------------------------------------------------------
# No goal: what the default format (human, with its excerpts) and the CI formats cost over
# JSON lines on the same file, the published events (else the largest corpus).
f=$work/${corpora[0]}.jsonl
declare -A t_fmt
for fmt in json human sarif github; do t_fmt[$fmt]=999999; done
for _ in $(seq "$ROUNDS"); do
  for fmt in json human sarif github; do
    t_fmt[$fmt]=$(min "${t_fmt[$fmt]}" "$(seconds "$bin" --no-config --no-progress --format "$fmt" --jobs 1 "$f")")
  done
done
echo
echo "formats on ${corpora[0]} (--jobs 1, default rules), seconds and against --format json:"
for fmt in json human sarif github; do
  awk -v f="$fmt" -v t="${t_fmt[$fmt]}" -v j="${t_fmt[json]}" 'BEGIN { printf "  %-7s %7.3f s  %5.2fx\n", f, t, t / j }'
done

# --- profile -----------------------------------------------------------------------------
if [ "$PROFILE" = 1 ]; then
  echo
  if ! command -v perf >/dev/null; then
    echo "PROFILE=1: perf is not installed; no profile"
  else
    f=$work/${corpora[0]}.jsonl
    echo "== where the time goes: the default command on ${corpora[0]}, perf record -g, top 25 symbols (self time)"
    status=0
    perf record -q -g -o "$work/perf.data" -- "$bin" --no-config --no-progress --format json --jobs 1 "$f" \
      >/dev/null 2>"$work/perf.log" || status=$?
    if [ "$status" -ge 2 ] || [ ! -s "$work/perf.data" ]; then
      echo "perf record failed (exit status $status):"
      tail -n 5 "$work/perf.log"
    else
      # Written out first: `head` closing the pipe early would fail the script (pipefail).
      perf report -q -i "$work/perf.data" --no-children --stdio -g none --sort symbol \
        >"$work/perf.txt" 2>/dev/null || true
      sed -E 's/[[:space:]]+-[[:space:]]+-[[:space:]]*$//' "$work/perf.txt" \
        | grep -v '^[[:space:]]*$' | head -n 25 || true
    fi
  fi
fi
