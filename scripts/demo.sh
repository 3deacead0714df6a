#!/usr/bin/env bash
# Quick-start command 1: install, build, and run the main job on the bundled
# demo scenario (a developing country's five-year AI compute plan).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
build="${SOVEREIGN_BUILD_DIR:-$root/build}"
exec "$build/app/cli/sovereign" plan "$root/resources/scenarios/demo.yaml" --monte-carlo 10000 --seed 42 "$@"
