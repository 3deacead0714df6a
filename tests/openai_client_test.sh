#!/usr/bin/env bash
# The official openai npm client (tests/openai_client.mjs) against a real
# `sovereign-agent serve`. Installs the client once into CLIENT_DIR (a
# package.json pinning its version; reused while present), starts the agent
# on a free port with a token file of its own, runs the checks with node and
# stops the agent (SIGTERM: it must exit 0). Fails, saying why, when node or
# npm is missing or npm cannot reach its registry.
# Usage: openai_client_test.sh AGENT MODEL CLIENT_DIR
set -uo pipefail
if [ $# -ne 3 ]; then
  echo "usage: openai_client_test.sh AGENT MODEL CLIENT_DIR" >&2
  exit 2
fi
agent="$1" model="$2" client="$3"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version=4.104.0
say() { echo "openai_client_test: $*" >&2; }

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    say "FAIL: $tool is not installed (Debian: apt-get install nodejs npm, or scripts/setup.sh)"
    exit 1
  fi
done
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 18 ]; then
  say "FAIL: node $(node --version) is too old; the openai client needs 18 or later"
  exit 1
fi
say "node $(node --version) at $(command -v node)"

mkdir -p "$client" && client="$(cd "$client" && pwd)"
installed() {
  [ -f "$client/node_modules/openai/package.json" ] &&
    [ "$(node -p "require('$client/node_modules/openai/package.json').version")" = "$version" ]
}
if ! installed; then
  printf '{\n  "name": "sovereign-openai-client-test",\n  "private": true,\n  "dependencies": {"openai": "%s"}\n}\n' \
    "$version" >"$client/package.json"
  say "installing openai@$version into $client (npm, once)"
  if ! (cd "$client" && npm install --no-audit --no-fund --loglevel=error) || ! installed; then
    say "FAIL: npm could not install openai@$version from its registry ($(npm config get registry 2>/dev/null))."
    say "      The test needs the registry once; the client is kept in $client afterwards."
    exit 1
  fi
fi

work="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# 20 ms a decoder step: a stream lasts long enough to be aborted half-way.
"$agent" serve --model "$model" --port 0 --token-file "$work/token" --threads 2 \
  --max-body-bytes 65536 --step-delay-ms 20 --jobs-dir "$work/jobs" \
  >"$work/stdout" 2>"$work/stderr" &
pid=$!
for _ in $(seq 300); do
  grep -q '"event":"listening"' "$work/stdout" 2>/dev/null && break
  if ! kill -0 "$pid" 2>/dev/null; then
    say "FAIL: the agent exited before listening:"
    cat "$work/stderr" >&2
    exit 1
  fi
  sleep 0.1
done
port="$(sed -n 's/.*"port":\([0-9][0-9]*\).*/\1/p' "$work/stdout" | head -n 1)"
if [ -z "$port" ]; then
  say "FAIL: no listening line from the agent in 30 s"
  cat "$work/stderr" >&2
  exit 1
fi
say "agent on port $port"

OPENAI_BASE_URL="http://127.0.0.1:$port/v1" OPENAI_API_KEY="$(cat "$work/token")" \
  OPENAI_CLIENT_DIR="$client" timeout 240 node "$here/openai_client.mjs"
status=$?

kill -TERM "$pid"
wait "$pid"
agent_status=$?
pid=""
if [ "$agent_status" -ne 0 ]; then
  say "FAIL: the agent exited $agent_status after SIGTERM:"
  tail -n 20 "$work/stderr" >&2
  exit 1
fi
if [ "$status" -ne 0 ]; then
  say "FAIL: node exited $status; the agent's log:"
  tail -n 40 "$work/stderr" >&2
fi
exit "$status"
