#!/usr/bin/env bash
# 1,000 short jobs through the REST client, then through sbatch in a loop, on a
# fresh local cluster; prints submissions per second and time to completion.
# Usage: bench/cluster_bench.sh [BUILD_DIR] [JOBS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
jobs="${2:-1000}"
state="$(mktemp -d /tmp/sovereign-bench-XXXXXX)"
chmod 755 "$state"
trap '"$build/app/cli/sovereign" cluster down --state "$state/cluster" >/dev/null 2>&1 || true; rm -rf "$state"' EXIT
"$build/app/cli/sovereign" cluster up --state "$state/cluster" --config "$root/bench/cluster-bench.yaml" >/dev/null
"$build/app/cli/sovereign" cluster bench --state "$state/cluster" --jobs "$jobs"
