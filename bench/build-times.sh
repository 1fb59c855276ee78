#!/usr/bin/env bash
# Measures what the generated code costs: codegen wall time, and the clean build time of a
# downstream crate that depends on `ocsf`, against the same crate depending only on what `ocsf`
# itself pulls in (serde, serde_json), both measured in this run, debug and release.
#
#   bench/build-times.sh            # prints a table; takes a few minutes on 2 cores
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export_json="$root/../shared/ocsf-schema/ocsf-1.6.0-export.json"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Wall seconds of a command; a failing build stops the script with its log (never a bogus time).
seconds() {
  local start; start=$(date +%s.%N)
  if ! "$@" >"$work/last.log" 2>&1; then echo "failed: $*" >&2; tail -n 30 "$work/last.log" >&2; exit 1; fi
  echo "$(date +%s.%N) - $start" | bc
}

echo "# build times, $(nproc) cores, $(rustc --version)"
if [ -f "$export_json" ]; then
  cargo build -q --manifest-path "$root/Cargo.toml" -p xtask
  t=$(cd "$root" && seconds cargo xtask codegen --check --from "$export_json")
  echo "codegen (generate every file in memory and compare): ${t}s"
else
  echo "codegen: skipped, $export_json is absent"
fi

make_crate() { # name, dependency lines, main.rs
  mkdir -p "$work/$1/src"
  cat > "$work/$1/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
$2
[workspace]
TOML
  printf '%s\n' "$3" > "$work/$1/src/main.rs"
  cp "$root/Cargo.lock" "$work/$1/Cargo.lock"
}
main_rs='use ocsf::{enums::*, iam::Authentication, objects::*, types::Timestamp};
fn main() {
    let md = Metadata::new(Product::default().with_name("x"), "1.6.0");
    let e = Authentication::new(AuthenticationActivityId::Logon, md, SeverityId::Low, Timestamp::now(), User::default());
    let back: Authentication = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
    println!("{}", serde_json::to_string(&back).unwrap());
}'
plain_rs='fn main() { let v: serde_json::Value = serde_json::from_str("{}").unwrap(); println!("{v}"); }'

# clean build seconds of a crate: name, dependency lines, main.rs, cargo flags
clean_build() {
  make_crate "$1" "$2" "$3"
  (cd "$work/$1" && CARGO_TARGET_DIR="$work/target-$1" seconds cargo build --offline $4)
}

all_categories='"application", "discovery", "findings", "iam", "network", "other", "remediation", "system", "unmanned_systems"'
declare -A base
for profile in debug release; do
  flag=""; [ "$profile" = release ] && flag="--release"
  base[$profile]=$(clean_build "baseline-$profile" 'serde = { version = "1", features = ["derive"] }
serde_json = "1"' "$plain_rs" "$flag")
  t=$(clean_build "types-$profile" "ocsf = { path = \"$root/crates/ocsf\", default-features = false, features = [$all_categories] }
serde_json = \"1\"" "$main_rs" "$flag")
  printf '%-8s %-30s baseline %6.1fs  with ocsf %6.1fs  added %6.1fs\n' "$profile" "all categories, no derive" "${base[$profile]}" "$t" "$(echo "$t - ${base[$profile]}" | bc)"
  t=$(clean_build "defaults-$profile" "ocsf = { path = \"$root/crates/ocsf\" }
serde_json = \"1\"" "$main_rs" "$flag")
  printf '%-8s %-30s baseline %6.1fs  with ocsf %6.1fs  added %6.1fs\n' "$profile" "default features (with derive)" "${base[$profile]}" "$t" "$(echo "$t - ${base[$profile]}" | bc)"
done

# Per category (debug): the objects and enums every category shares, plus that category's classes.
for category in iam application discovery findings network remediation system unmanned_systems other; do
  body="$plain_rs"; [ "$category" = iam ] && body="$main_rs"
  t=$(clean_build "only-$category" "ocsf = { path = \"$root/crates/ocsf\", default-features = false, features = [\"$category\"] }
serde_json = \"1\"" "$body" "")
  printf '%-8s %-30s baseline %6.1fs  with ocsf %6.1fs  added %6.1fs\n' debug "only $category" "${base[debug]}" "$t" "$(echo "$t - ${base[debug]}" | bc)"
done
