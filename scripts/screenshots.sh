#!/usr/bin/env bash
# Renders what a person sees, for review: a screenshot of each main view of
# the desktop app under Xvfb, and every page of the demo's PDF report as PNG
# (pdftoppm). Usage: scripts/screenshots.sh [OUTPUT_DIR]   (default build/screenshots)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
build="${SOVEREIGN_BUILD_DIR:-$root/build}"
out="${1:-$build/screenshots}"
rm -rf "$out"
mkdir -p "$out"

# A fresh project holding the demo scenario, so the pictures do not depend
# on what this machine's demo project has become.
project="$out/demo.sovereign"
"$build/app/cli/sovereign" project new "$project" --title "Demo" >/dev/null
"$build/app/cli/sovereign" project import "$project" "$root/resources/scenarios/demo.yaml" \
  --name "Kenya roadmap (demo)" >/dev/null

lang_env=()
[ -n "${SOVEREIGN_LANG:-}" ] && lang_env=(env "LANGUAGE=$SOVEREIGN_LANG" "LC_ALL=$SOVEREIGN_LANG.UTF-8")
"${lang_env[@]}" xvfb-run -a -s "-screen 0 1600x1000x24" \
  "$build/app/desktop/sovereign-desktop" --screenshots "$out" "$project"

"$build/app/cli/sovereign" report "$project" -o "$out/report.pdf" --monte-carlo 10000 --seed 1 >/dev/null
pdftoppm -png -r 60 "$out/report.pdf" "$out/report-page"
ls "$out"/*.png
