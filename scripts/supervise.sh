#!/usr/bin/env bash
# Runs a node's command, and again whenever it ends, as its orchestrator does in production (Nomad
# restarts a runner's task whatever its exit code), until this script is told to stop (TERM or INT):
# then it stops the node (SIGTERM, SIGKILL after 25 s) and ends. A runner node ends on purpose when
# it is recycled, or when its actor system stalls stopping (see RunnerNode).
#   scripts/supervise.sh java -jar runner-node/target/runner-node.jar
child=
stop() {
  if [ -n "$child" ] && kill "$child" 2>/dev/null; then
    for _ in $(seq 1 25); do kill -0 "$child" 2>/dev/null || break; sleep 1; done
    kill -9 "$child" 2>/dev/null
  fi
  exit 0
}
trap stop TERM INT
while true; do
  "$@" &
  child=$!
  wait "$child"
  echo "[supervise] the node ended with code $?; starting it again in 2 s" >&2
  sleep 2
done
