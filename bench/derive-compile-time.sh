#!/usr/bin/env bash
# What `#[derive(OcsfEvent)]` adds to a debug build: a crate of 100 derived structs (varied
# classes and paths) against the same crate with 100 plain `#[derive(serde::Serialize)]`
# structs. Dependencies are built first; only the crate itself is timed (touch + rebuild, not
# incremental, so the rebuild redoes all its work). The crate is a library: every pub impl is
# compiled to code, as it would be in an application that emits the events.
#
#   crates/ocsf-derive/bench/derive-compile-time.sh [N]      # N structs, default 100
set -euo pipefail

n=${1:-100}
root=$(cd "$(dirname "$0")/.." && pwd)
# BENCH_DIR keeps the generated crates and their built dependencies between runs.
if [ -n "${BENCH_DIR:-}" ]; then
  work=$BENCH_DIR
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi

# Ten shapes, cycled; each names a class, an activity and a few paths of different types.
shapes=(
  'class = "authentication", activity = "logon", set(severity = "informational")|user.uid:String|src_endpoint.ip:std::net::IpAddr|service.name:String|is_mfa:bool'
  'class = "authentication", activity = "logoff", set(severity_id = 1)|user.uid:String|dst_endpoint.hostname:String|session.uid:String|dst_endpoint.port:u16'
  'class = "api_activity", activity = "read", set(severity = "low")|api.operation:String|actor.user.uid:String|src_endpoint.ip:String|resources[].uid:String'
  'class = "api_activity", activity = "update", set(severity = "low")|api.operation:String|actor.user.uid:String|src_endpoint.ip:String|http_response.code:i32'
  'class = "account_change", activity = "password_change", set(severity = "low")|user.uid:String|user.name:String|src_endpoint.ip:String|time:std::time::SystemTime'
  'class = "group_management", activity = "add_user", set(severity = "medium")|group.uid:String|group.name:String|user.uid:String|actor.user.uid:String'
  'class = "http_activity", activity = "get", set(severity = "informational")|http_request.url.path:String|src_endpoint.ip:String|dst_endpoint.ip:String|http_response.code:i32'
  'class = "network_activity", activity = "open", set(severity = "informational")|src_endpoint.ip:String|dst_endpoint.ip:String|dst_endpoint.port:u16|connection_info.protocol_name:String|connection_info.direction_id:i32'
  'class = "file_activity", activity = "create", set(severity = "low")|file.name:String|file.type_id:i32|actor.process.pid:i64|device.type_id:i32|device.hostname:String'
  'class = "user_access", activity = "assign_privileges", set(severity = "low")|user.uid:String|privileges:Vec<String>|actor.user.uid:String|message:String'
)

gen() { # $1 = derive | serde
  local dir="$work/$1" kind=$1
  mkdir -p "$dir/src"
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "bench-$kind"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
ocsf = { path = "$root/crates/ocsf" }
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[workspace]

[profile.dev.package."*"]
debug = false
TOML
  {
    for i in $(seq 0 $((n - 1))); do
      IFS='|' read -r -a parts <<< "${shapes[$((i % ${#shapes[@]}))]}"
      if [ "$kind" = derive ]; then
        echo "#[derive(ocsf::OcsfEvent)]"
        echo "#[ocsf(${parts[0]})]"
        case "${parts[0]}" in *file_activity*) echo '#[ocsf(profiles("host"))]' ;; esac
      else
        echo "#[derive(serde::Serialize)]"
      fi
      echo "pub struct Event$i {"
      for j in $(seq 1 $((${#parts[@]} - 1))); do
        local path=${parts[$j]%%:*} ty=${parts[$j]#*:}
        [ "$kind" = derive ] && echo "    #[ocsf(path = \"$path\")]"
        echo "    pub f$j: $ty,"
      done
      echo "}"
    done
  } > "$dir/src/lib.rs"
}

export CARGO_INCREMENTAL=0

build_time() { # $1 = derive | serde
  local dir="$work/$1"
  # Everything but the crate itself (shares the workspace's registry, not its target dir).
  (cd "$dir" && CARGO_TARGET_DIR="$work/target-$1" cargo build -q >&2)
  # The fastest of RUNS rebuilds (default 3): the machine may be busy with other work.
  local best="" t0 t1 t
  for _ in $(seq "${RUNS:-3}"); do
    touch "$dir/src/lib.rs"
    t0=$(date +%s.%N)
    (cd "$dir" && CARGO_TARGET_DIR="$work/target-$1" cargo build -q >&2)
    t1=$(date +%s.%N)
    t=$(echo "$t1 - $t0" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
  done
  echo "$best"
}

gen derive
gen serde
serde_s=$(build_time serde)
derive_s=$(build_time derive)
printf 'structs:                      %d\n' "$n"
printf 'serde::Serialize (baseline):  %.2f s\n' "$serde_s"
printf 'ocsf::OcsfEvent:              %.2f s\n' "$derive_s"
printf 'added by the derive:          %.2f s\n' "$(echo "$derive_s - $serde_s" | bc)"
