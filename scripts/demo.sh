#!/usr/bin/env bash
# Quick-start command 1: install, build, start the local Slurm cluster, and open
# the desktop app on the bundled demo project (a developing country's five-year
# AI compute plan).
# Without a display it prints the same plan from the command line instead.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
build="${SOVEREIGN_BUILD_DIR:-$root/build}"
# The local Slurm cluster (owned + cloud burst nodes) the app's jobs run on;
# `sovereign cluster up` is idempotent. Its daemons need root.
if [ "$(id -u)" -eq 0 ]; then
  "$build/app/cli/sovereign" cluster up || echo "demo: the local Slurm cluster did not start; planning works without it" >&2
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo -n "$build/app/cli/sovereign" cluster up || echo "demo: the local Slurm cluster did not start; planning works without it" >&2
else
  echo "demo: starting the local Slurm cluster needs root; skipped" >&2
fi
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$build/app/desktop/sovereign-desktop" "$@"
fi
echo "demo: no display found (DISPLAY/WAYLAND_DISPLAY unset); printing the demo plan instead." >&2
exec "$build/app/cli/sovereign" plan "$root/resources/scenarios/demo.yaml" --monte-carlo 10000 --seed 42
