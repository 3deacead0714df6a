#!/usr/bin/env bash
# Quick-start command 1: install, build, and open the desktop app on the
# bundled demo project (a developing country's five-year AI compute plan).
# Without a display it prints the same plan from the command line instead.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
build="${SOVEREIGN_BUILD_DIR:-$root/build}"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$build/app/desktop/sovereign-desktop" "$@"
fi
echo "demo: no display found (DISPLAY/WAYLAND_DISPLAY unset); printing the demo plan instead." >&2
exec "$build/app/cli/sovereign" plan "$root/resources/scenarios/demo.yaml" --monte-carlo 10000 --seed 42
