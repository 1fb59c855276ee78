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

seconds() { local start=$(date +%s.%N); "$@" >/dev/null 2>&1; echo "$(date +%s.%N) - $start" | bc; }

echo "# build times, $(nproc) cores, $(rustc --version)"
if [ -f "$export_json" ]; then
  cargo build -q --manifest-path "$root/Cargo.toml" -p xtask
  t=$(cd "$root" && seconds cargo xtask codegen --check --from "$export_json")
  echo "codegen (generate every file in memory and compare): ${t}s"
else
  echo "codegen: skipped, $export_json is absent"
fi

make_crate() { # name, dependency lines, main body
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
make_crate baseline 'serde = { version = "1", features = ["derive"] }
serde_json = "1"' 'fn main() { let v: serde_json::Value = serde_json::from_str("{}").unwrap(); println!("{v}"); }'
make_crate downstream "ocsf = { path = \"$root/crates/ocsf\" }
serde_json = \"1\"" 'use ocsf::{enums::*, iam::Authentication, objects::*, types::Timestamp};
fn main() {
    let md = Metadata::new(Product::default().with_name("x"), "1.6.0".to_owned());
    let e = Authentication::new(AuthenticationActivityId::Logon, md, SeverityId::Low, Timestamp::now(), User::default());
    let back: Authentication = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
    println!("{}", serde_json::to_string(&back).unwrap());
}'

for profile in debug release; do
  flag=""; [ "$profile" = release ] && flag="--release"
  for krate in baseline downstream; do
    (cd "$work/$krate" && cargo fetch -q >/dev/null 2>&1 || true)
    t=$(cd "$work/$krate" && CARGO_TARGET_DIR="$work/target-$krate-$profile" seconds cargo build --offline $flag)
    eval "t_${krate}_${profile}=$t"
  done
  b=$(eval echo "\$t_baseline_${profile}"); d=$(eval echo "\$t_downstream_${profile}")
  printf '%-8s clean build: baseline %6.1fs  with ocsf %6.1fs  added by ocsf %6.1fs  (ratio %.2fx)\n' \
    "$profile" "$b" "$d" "$(echo "$d - $b" | bc)" "$(echo "$d / $b" | bc -l)"
done
