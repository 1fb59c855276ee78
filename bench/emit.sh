#!/usr/bin/env bash
# Caller-side cost of ocsf-emit per event (p50/p99), against serde_json::to_writer of the
# same typed event, with the file sink, the chained file sink and the HTTP sink against a slow
# loopback server. Release build; prints one table. EMIT_BENCH_N=events per case (200000).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p ocsf-emit --bench emit
