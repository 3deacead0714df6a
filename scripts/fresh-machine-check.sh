#!/usr/bin/env bash
# The fresh-machine check: proves README's set-up, build and tests on a
# pristine Debian bookworm, with nothing this machine was given by hand.
#
#   1. mmdebstrap --variant=apt bookworm into a new root (apt and its
#      dependencies, nothing else);
#   2. git clone of this checkout's committed HEAD into ROOT/src (uncommitted
#      changes are not part of the check: commit first);
#   3. inside the root, through chroot, as root:
#        bash scripts/setup.sh --headless; bash scripts/build.sh -DSOVEREIGN_DESKTOP=OFF
#          (a node: the CLI builds without Qt Widgets' Charts, the desktop packages
#          are not installed yet; it then plans the demo scenario)
#        bash scripts/test.sh -L 'unit|gui'
#          (README's test command: installs the rest, builds everything, runs the
#          unit and gui tests; the integration label, a real Slurm cluster, runs
#          on the host in scripts/test.sh)
#
# Only caches are shared with the host: apt's downloaded .deb files and ccache;
# and the network's trust: locally added CAs (a TLS-inspecting proxy's).
# Packages are installed in the root by its own apt, from Debian's mirror.
#
# Usage: scripts/fresh-machine-check.sh [--keep]     (needs root: mmdebstrap, chroot, mounts)
#   --keep  leave the root in place (its path is printed) for a look around
# Environment: SOVEREIGN_FRESH_DIR  where the root is made (default: a new folder under /var/tmp)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
keep=0
case "${1:-}" in
  "") ;;
  --keep) keep=1 ;;
  *) echo "usage: fresh-machine-check.sh [--keep]" >&2; exit 2 ;;
esac

say() { echo "fresh-machine-check: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    exec sudo -n -E bash "${BASH_SOURCE[0]}" "$@"
  fi
  say "needs root (mmdebstrap --mode=root, chroot and bind mounts); run it as root or with sudo"
  exit 1
fi

if ! command -v mmdebstrap >/dev/null 2>&1; then
  say "installing mmdebstrap on this host"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null
fi

commit="$(git -C "$root" rev-parse HEAD)"
if [ -n "$(git -C "$root" status --porcelain --untracked-files=no)" ]; then
  say "note: uncommitted changes are not checked; checking commit $commit"
fi

parent="${SOVEREIGN_FRESH_DIR:-/var/tmp}"
mkdir -p "$parent"
fresh="$(mktemp -d "$parent/sovereign-fresh.XXXXXX")"
mounts=()

cleanup() {
  local status=$?
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount "${mounts[$i]}" 2>/dev/null || umount -l "${mounts[$i]}" 2>/dev/null || true
  done
  if [ "$keep" -eq 1 ]; then
    say "root kept at $fresh"
  elif grep -q " $fresh/" /proc/mounts; then
    # Never delete through a bind mount: the host's caches are mounted in there.
    say "something is still mounted under $fresh; not deleting it"
  else
    rm -rf --one-file-system "$fresh"
  fi
  exit "$status"
}
trap cleanup EXIT

start=$(date +%s)
say "making a pristine bookworm root in $fresh"
# mmdebstrap refuses a non-empty target; the folder is new and empty.
mmdebstrap --quiet --variant=apt --mode=root bookworm "$fresh"

bind() { # bind HOST_DIR ROOT_PATH
  mkdir -p "$1" "$fresh$2"
  mount --bind "$1" "$fresh$2"
  mounts+=("$fresh$2")
}
mount -t proc proc "$fresh/proc" && mounts+=("$fresh/proc")
mount -t tmpfs tmpfs "$fresh/dev/shm" && mounts+=("$fresh/dev/shm")
# Caches only: downloaded packages (apt still installs them itself) and ccache.
bind /var/cache/apt/archives /var/cache/apt/archives
ccache_dir="${CCACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ccache}"
bind "$ccache_dir" /root/.cache/ccache

say "cloning $commit into the root"
git clone --quiet --no-hardlinks "$root" "$fresh/src"
git -C "$fresh/src" checkout --quiet --detach "$commit"

# The network's trust, not a package: behind a TLS-inspecting egress proxy
# (this workplace's; many companies') the host trusts the proxy's CA among its
# local ones, and a machine set up on that network is given it too. npm (the
# openai client test) reads extra CAs from NODE_EXTRA_CA_CERTS.
network_env=()
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  mkdir -p "$fresh/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$fresh/usr/local/share/ca-certificates/"
  cat /usr/local/share/ca-certificates/*.crt >"$fresh/usr/local/share/host-extra-ca.pem"
  network_env+=(NODE_EXTRA_CA_CERTS=/usr/local/share/host-extra-ca.pem)
fi

in_root() {
  chroot "$fresh" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb CI="${CI:-}" \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    CCACHE_DIR=/root/.cache/ccache "${network_env[@]}" \
    /bin/bash -euo pipefail -c "cd /src && $1"
}

say "a node: headless set-up and build (-DSOVEREIGN_DESKTOP=OFF)"
in_root 'bash scripts/setup.sh --headless'
in_root '! dpkg-query -W -f="\${Status}" qt6-charts-dev 2>/dev/null | grep -q "install ok installed"' ||
  { say "qt6-charts-dev is installed by the headless set-up"; exit 1; }
in_root 'SOVEREIGN_BUILD_DIR=/src/build-node bash scripts/build.sh -DSOVEREIGN_DESKTOP=OFF'
in_root 'build-node/app/cli/sovereign plan resources/scenarios/demo.yaml >/dev/null'
say "README's test command, unit and gui labels"
in_root "bash scripts/test.sh -L 'unit|gui'"
say "passed for $commit in $(($(date +%s) - start)) s"
