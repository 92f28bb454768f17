#!/usr/bin/env bash
# Quick start, command 1: builds everything and starts the whole system on this machine with the
# embedded defaults (H2 under ./data, the local Docker engine, one scheduler node and one runner
# node as separate processes), creates a demo assignment, grades a demo submission, and prints
# where to open it. Run it again to rebuild and restart. scripts/stop-local.sh stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
data="$root/data"
http=http://127.0.0.1:8080
log() { echo "[start-local] $*" >&2; }
die() { echo "[start-local] $*" >&2; exit 1; }

command -v java >/dev/null || die "Java 17 is needed (apt-get install openjdk-17-jdk-headless)"
command -v mvn >/dev/null || die "Maven is needed (apt-get install maven)"
command -v curl >/dev/null || die "curl is needed (apt-get install curl)"

scripts/ensure-docker.sh
scripts/build-grading-image.sh

log "building (mvn install, tests skipped: scripts/test.sh runs them)"
mvn -B -q -DskipTests install

scripts/stop-local.sh
mkdir -p "$data/logs" "$data/run"
# The cluster's CA and the nodes' key and certificate, made on the first start and kept.
scripts/cluster-credentials.sh "$data/tls"

start_node() { # name, jar, extra environment...
  local name=$1 jar=$2; shift 2
  env "$@" AUTOGRADER_DATA_DIR="$data" AUTOGRADER_TLS_DIR="$data/tls" \
    nohup java -Xmx768m -Dconfig.file="$root/conf/local.conf" -jar "$jar" >"$data/logs/$name.log" 2>&1 &
  echo $! >"$data/run/$name.pid"
}

log "starting the scheduler node (cluster port 25520, HTTP 8080)"
start_node scheduler scheduler-node/target/scheduler-node.jar
for i in $(seq 1 90); do
  curl -s -o /dev/null "$http/api/v1/assignments/none" && break
  kill -0 "$(cat "$data/run/scheduler.pid")" 2>/dev/null || { tail -n 30 "$data/logs/scheduler.log" >&2; die "the scheduler node stopped"; }
  sleep 1
done
curl -s -o /dev/null "$http/api/v1/assignments/none" || die "the API did not answer within 90 s; see $data/logs/scheduler.log"

log "starting a runner node (cluster port 25521, flavour default, 2 slots)"
start_node runner runner-node/target/runner-node.jar AUTOGRADER_CLUSTER_PORT=25521 \
  AUTOGRADER_NODE_NAME=local-runner AUTOGRADER_RUNNER_SLOTS=2

code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  --data-binary @examples/hello-c/assignment.json "$http/api/v1/assignments")
case "$code" in
  201) log "created the demo assignment hello-c" ;;
  409) log "the demo assignment hello-c exists already" ;;
  *) die "creating the demo assignment answered HTTP $code" ;;
esac

log "grading a demo submission end to end"
id=$(curl -s -F student=demo -F files=@examples/hello-c/hello.c "$http/api/v1/assignments/hello-c/submissions" \
  | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
[ -n "$id" ] || die "the demo submission was not accepted"
verdict=""
for i in $(seq 1 120); do
  answer=$(curl -s "$http/api/v1/submissions/$id")
  verdict=$(echo "$answer" | sed -n 's/.*"status":"GRADED".*"verdict":"\([A-Z_]*\)".*/\1/p')
  [ -n "$verdict" ] && break
  sleep 1
done
[ -n "$verdict" ] || die "the demo submission was not graded within 120 s; see $data/logs/runner.log"
log "the demo submission was graded: $verdict"

cat <<TXT

The autograder is running.
  Open:  $http/
  Logs:  $data/logs/scheduler.log, $data/logs/runner.log
  Stop:  scripts/stop-local.sh

Submit the demo solution (it answers 202 with the submission's id):
  curl -s -F student=ada -F files=@examples/hello-c/hello.c $http/api/v1/assignments/hello-c/submissions

Then read its status and result:
  curl -s $http/api/v1/submissions/SUBMISSION_ID
TXT
