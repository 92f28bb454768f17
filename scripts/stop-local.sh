#!/usr/bin/env bash
# Stops the nodes that scripts/start-local.sh started (runner first, then the scheduler).
set -euo pipefail
cd "$(dirname "$0")/.."
for name in runner scheduler; do
  pidfile=data/run/$name.pid
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
    echo "[stop-local] stopped the $name node" >&2
  fi
  rm -f "$pidfile"
done
