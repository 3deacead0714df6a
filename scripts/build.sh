#!/usr/bin/env bash
# Configures and builds Sovereign with Ninja and ccache into build/ (or
# $SOVEREIGN_BUILD_DIR). Arguments are CMake options for the configure step,
# e.g. a node without the desktop app:
#   SOVEREIGN_BUILD_DIR=build-node bash scripts/build.sh -DSOVEREIGN_DESKTOP=OFF
# Without arguments an existing build directory keeps its options.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SOVEREIGN_BUILD_DIR:-$root/build}"
# Paths relative to the checkout, the build folder's path left out of the hash
# (with -g it is otherwise hashed) and the compiler compared by content, so
# clones in other places (CI's, the fresh-machine root's) share ccache's hits.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}"
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
export CCACHE_COMPILERCHECK="${CCACHE_COMPILERCHECK:-content}"
if [ ! -f "$build/build.ninja" ] || [ $# -gt 0 ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
fi
cmake --build "$build" --parallel "$(nproc)"
