#!/usr/bin/env bash
# Events per second per core through PySpark against the `ocsf-validate` command, on the same
# events in one run: see bench/spark-vs-cli.py for the rows and the environment it reads.
# Builds the release command and the corpus generator, installs the Python package (release
# build) with pyarrow and pyspark into the tools venv that .ci/run uses, then runs the script.
# Needs Java 17 for Spark. About 5 minutes on 2 cores after the builds.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools="${OCSF_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ocsf-rs/tools}"
venv="$tools/py-venv"
target=${CARGO_TARGET_DIR:-$root/target}

cargo build --release --locked -q -p ocsf-validate-cli -p ocsf-test-support --bins --examples
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  -r crates/ocsf-validate-py/requirements-test.txt
CARGO_TARGET_DIR="$target/py" "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  --force-reinstall --no-deps ./crates/ocsf-validate-py
OCSF_VALIDATE_BIN="$target/release/ocsf-validate" BENCH_CORPUS_BIN="$target/release/examples/bench_corpus" \
  "$venv/bin/python" bench/spark-vs-cli.py
