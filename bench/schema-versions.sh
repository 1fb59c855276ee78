#!/usr/bin/env bash
# What carrying every OCSF release costs, each figure against a baseline measured in this run:
#   1. clean build of the `ocsf-schema` crate (debug and release): all pinned versions, as
#      committed, vs the same generator run with 1.6.0 alone;
#   2. size of the release `ocsf-validate` binary: all versions vs 1.6.0 alone, and vs the
#      validator before multi-version support (git revision BASE);
#   3. the validator's speed, the command users run (default options, a JSON lines file in,
#      diagnostics out): on the generated corpus of bench/validate.sh (all events claim 1.6.0)
#      and on the published events of ../shared/real-events (versions 1.0.0 to 1.8.0), for
#      all versions, 1.6.0 alone and BASE.
# The 1.6.0-alone tree is a copy of this one with every other pin removed and
# `cargo xtask codegen` run in it, so both use the same generator and the same code.
# Environment: ROUNDS (3) for sections 2-3, BUILD_ROUNDS (6) for section 1 (a clean build of
# this crate takes about a second, and this machine's run-to-run noise is about 10%: the best of
# six is stable where the best of three is not), EVENTS (100000), BASE (526556d: main before
# issue 9), TMPDIR, ONLY=build to measure section 1 alone.
#
#   bench/schema-versions.sh     # about 15 minutes on 2 cores
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared="$root/../shared"
ROUNDS=${ROUNDS:-3}
BUILD_ROUNDS=${BUILD_ROUNDS:-6}
EVENTS=${EVENTS:-100000}
BASE=${BASE:-526556d}
if [ ! -f "$shared/ocsf-schema/ocsf-1.6.0-export.json" ]; then
  echo "skipped: $shared/ocsf-schema is absent; the 1.6.0-alone tree cannot be generated" >&2
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Wall seconds of a command; a failing command stops the script with its log.
seconds() {
  local start; start=$(date +%s.%N)
  if ! "$@" >"$work/last.log" 2>&1; then echo "failed: $*" >&2; tail -n 30 "$work/last.log" >&2; exit 1; fi
  echo "$(date +%s.%N) - $start" | bc
}
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b ? a : b) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }

echo "# OCSF versions: build, size and speed, $(nproc) cores, $(rustc --version)"

# The trees: `all` is this checkout's sources, `one` the same with 1.6.0 alone, `base` BASE.
copy_tree() { # destination
  mkdir -p "$1"
  (cd "$root" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$1")
}
copy_tree "$work/all"
copy_tree "$work/one"
find "$work/one/schemas" -name 'ocsf-*.lock' ! -name 'ocsf-1.6.0.lock' -delete
(cd "$work/one" && CARGO_TARGET_DIR="$work/target-xtask" cargo xtask codegen --from "$shared/ocsf-schema" >"$work/codegen.log" 2>&1) \
  || { cat "$work/codegen.log" >&2; exit 1; }
mkdir -p "$work/base"
(cd "$root" && git archive "$BASE" | tar -x -C "$work/base")
echo "trees: all versions ($(ls "$work/all/schemas"/ocsf-*.lock | wc -l) pins), 1.6.0 alone, base $BASE"
echo "generated tables: all $(du -sb "$work/all/crates/ocsf-schema/src/generated" | cut -f1) bytes, 1.6.0 alone $(du -sb "$work/one/crates/ocsf-schema/src/generated" | cut -f1) bytes"

echo
echo "== 1. clean build of ocsf-schema (best of $BUILD_ROUNDS, rounds interleaved)"
for profile in debug release; do
  flag=""; [ "$profile" = release ] && flag="--release"
  t_all=999999; t_one=999999
  for _ in $(seq "$BUILD_ROUNDS"); do
    for tree in one all; do
      rm -rf "$work/target-schema-$tree"
      t=$(cd "$work/$tree" && CARGO_TARGET_DIR="$work/target-schema-$tree" seconds cargo build --offline -q -p ocsf-schema $flag)
      if [ "$tree" = all ]; then t_all=$(min "$t_all" "$t"); else t_one=$(min "$t_one" "$t"); fi
    done
  done
  printf '%-8s 1.6.0 alone %6.2fs   all versions %6.2fs   ratio %s (goal: at most 1.50x)\n' \
    "$profile" "$t_one" "$t_all" "$(ratio "$t_all" "$t_one")"
done

# The pre-multi-version crate, 1.6.0 alone in its old layout, as a second reference.
t_base=999999
for _ in $(seq "$ROUNDS"); do
  rm -rf "$work/target-schema-base"
  t=$(cd "$work/base" && CARGO_TARGET_DIR="$work/target-schema-base" seconds cargo build --offline -q -p ocsf-schema)
  t_base=$(min "$t_base" "$t")
done
printf 'debug    base %s (1.6.0 alone, before): %6.2fs\n' "$BASE" "$t_base"
if [ "${ONLY:-}" = build ]; then exit 0; fi

echo
echo "== 2. release ocsf-validate binary"
for tree in all one base; do
  # The command's package: ocsf-validate-cli, or ocsf-validate in trees older than it (BASE).
  package=ocsf-validate; [ -d "$work/$tree/crates/ocsf-validate-cli" ] && package=ocsf-validate-cli
  (cd "$work/$tree" && CARGO_TARGET_DIR="$work/target-$tree" cargo build --offline -q --release -p "$package" --bin ocsf-validate) \
    || { echo "failed: release build of $tree" >&2; exit 1; }
done
s_all=$(stat -c %s "$work/target-all/release/ocsf-validate")
s_one=$(stat -c %s "$work/target-one/release/ocsf-validate")
s_base=$(stat -c %s "$work/target-base/release/ocsf-validate")
printf 'base %s %10d bytes\n1.6.0 alone %10d bytes\nall versions %9d bytes   vs 1.6.0 alone %s, vs base %s (goal: at most 2x)\n' \
  "$BASE" "$s_base" "$s_one" "$s_all" "$(ratio "$s_all" "$s_one")" "$(ratio "$s_all" "$s_base")"

echo
echo "== 3. the command users run: ocsf-validate FILE, default options (best of $ROUNDS)"
(cd "$work/all" && CARGO_TARGET_DIR="$work/target-all" cargo build --offline -q --release -p ocsf-validate --example gen_corpus)
"$work/target-all/release/examples/gen_corpus" "$EVENTS" "$work/corpus.jsonl" 42 >/dev/null
# The published events, unwrapped from their {"id", "source", "event"} lines, repeated to
# about the corpus's size so that start-up does not dominate.
if [ -f "$shared/real-events/real.jsonl" ]; then
  python3 - "$shared/real-events" "$work/real-once.jsonl" <<'PY'
import json, sys, pathlib
out = open(sys.argv[2], "w")
for f in sorted(pathlib.Path(sys.argv[1]).glob("*.jsonl")):
    for line in f.open():
        d = json.loads(line)
        if "event" in d:
            out.write(json.dumps(d["event"]) + "\n")
PY
  for _ in $(seq 100); do cat "$work/real-once.jsonl"; done >"$work/real.jsonl"
fi
run() { # binary, file -> seconds
  local start; start=$(date +%s.%N)
  "$1" --no-config --no-progress "$2" >/dev/null || true
  echo "$(date +%s.%N) - $start" | bc
}
for input in corpus real; do
  [ -f "$work/$input.jsonl" ] || continue
  declare -A best=([all]=999999 [one]=999999 [base]=999999)
  for _ in $(seq "$ROUNDS"); do
    for tree in base one all; do
      best[$tree]=$(min "${best[$tree]}" "$(run "$work/target-$tree/release/ocsf-validate" "$work/$input.jsonl")")
    done
  done
  printf '%-7s %6d events  base %6.2fs  1.6.0 alone %6.2fs  all versions %6.2fs   all/base %s, all/one %s\n' \
    "$input" "$(wc -l <"$work/$input.jsonl")" "${best[base]}" "${best[one]}" "${best[all]}" \
    "$(ratio "${best[all]}" "${best[base]}")" "$(ratio "${best[all]}" "${best[one]}")"
done
