#!/usr/bin/env bash
# Installs every Debian bookworm package Sovereign needs. Idempotent and
# non-interactive: does nothing when all packages are present; uses apt-get
# directly as root and through sudo otherwise.
#   bash scripts/setup.sh             everything: desktop app, tests, local Slurm cluster
#   bash scripts/setup.sh --headless  a node: the CLI, the libraries and Slurm, no Widgets/Charts
# Every package here is proven on a pristine root by scripts/fresh-machine-check.sh.
set -euo pipefail

# What a node (CLI, libraries, local Slurm cluster) needs. CBC's pkg-config
# file links -lz and -lbz2, which coinor-libcbc-dev does not depend on.
packages=(
  build-essential cmake ninja-build ccache pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-svg-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libyaml-cpp-dev libeigen3-dev coinor-libcbc-dev zlib1g-dev libbz2-dev libsqlite3-dev
  libxlsxwriter-dev libcurl4-openssl-dev fonts-dejavu-core python3
  munge slurmctld slurmd slurmrestd slurm-client slurm-wlm-jwt-plugin
)
# The node agent (sovereign-agent): libtorch and SentencePiece; OpenBLAS,
# because Debian's libtorch calls whatever libblas.so.3 is selected and the
# reference BLAS is 16-35x slower; the fortune corpora it trains on offline;
# python3-torch for the independent reference in the tests and the bench peer.
agent_packages=(
  libtorch-dev libsentencepiece-dev libopenblas0-pthread
  fortunes fortunes-min fortunes-br python3-torch
  libcpp-httplib-dev
)
# `sovereign-agent serve` is tested with the official openai npm client, which
# needs Node.js 18+ and npm: Debian's nodejs and npm, unless both commands are
# there already (NodeSource's nodejs, for one, bundles npm and conflicts with
# Debian's npm package).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  agent_packages+=(nodejs npm)
fi
packages+=("${agent_packages[@]}")
# The desktop app and its tests. Qt6Charts' CMake package needs Qt6OpenGL,
# which Debian's qt6-charts-dev does not depend on.
desktop_packages=(
  qt6-charts-dev libqt6opengl6-dev qt6-translations-l10n
  poppler-utils xvfb xauth
)

case "${1:-}" in
  "") packages+=("${desktop_packages[@]}") ;;
  --headless) ;;
  *) echo "usage: setup.sh [--headless]" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  apt=(apt-get)
elif command -v sudo >/dev/null 2>&1; then
  apt=(sudo -n apt-get)
else
  echo "setup: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${apt[@]}" update -qq
"${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}"
