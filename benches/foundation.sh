#!/usr/bin/env bash
# Foundation figures against a release build: time from start to first answer, memory at rest,
# and requests per second for /healthz and the login page under wrk (Debian package `wrk`).
# Usage: bash benches/foundation.sh   (prints the figures; touches only a temporary folder)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
[ -n "${COLLEGIA_BIN:-}" ] || cargo build --release --quiet
bin="${COLLEGIA_BIN:-$PWD/target/release/collegia}"
work=$(mktemp -d)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cd "$work"
"$bin" migrate >/dev/null 2>&1
COLLEGIA_ADMIN_PASSWORD='bench password 1' "$bin" admin create-admin --email bench@example.org --name Bench >/dev/null 2>&1
start=$(date +%s.%N)
RUST_LOG=warn "$bin" --listen "127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.005; done
end=$(date +%s.%N)
printf 'start to first answer: %.0f ms\n' "$(echo "($end - $start) * 1000" | bc -l)"
sleep 2
printf 'memory at rest (RSS): %s KiB\n' "$(awk '/VmRSS/ {print $2}' /proc/$pid/status)"
for path in /healthz /login; do
  echo "wrk -t2 -c32 -d10s http://127.0.0.1:$port$path"
  wrk -t2 -c32 -d10s "http://127.0.0.1:$port$path" | grep -E 'Requests/sec|Latency|Non-2xx'
done
printf 'memory after load (RSS): %s KiB\n' "$(awk '/VmRSS/ {print $2}' /proc/$pid/status)"
lscpu | grep 'Model name'
