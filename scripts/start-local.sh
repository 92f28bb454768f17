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
# The cluster's CA and the nodes' keys and certificates (one per role), made on the first start and kept.
scripts/cluster-credentials.sh "$data/tls"

# The site admin's password: made once, kept in ./data, readable by this user only.
if [ ! -s "$data/admin-password" ]; then
  mkdir -p "$data"
  (umask 077; head -c 18 /dev/urandom | base64 | tr '+/' '-_' >"$data/admin-password")
fi
admin_password=$(cat "$data/admin-password")

start_node() { # name (also its role), launcher (e.g. scripts/supervise.sh, or ""), jar, extra environment...
  local name=$1 launcher=$2 jar=$3; shift 3
  env "$@" AUTOGRADER_DATA_DIR="$data" AUTOGRADER_TLS_DIR="$data/tls/$name" AUTOGRADER_ADMIN_PASSWORD="$admin_password" \
    nohup $launcher java -Xmx768m -Dconfig.file="$root/conf/local.conf" -jar "$jar" >"$data/logs/$name.log" 2>&1 &
  echo $! >"$data/run/$name.pid"
}

log "starting the scheduler node (cluster port 25520, HTTP 8080)"
start_node scheduler "" scheduler-node/target/scheduler-node.jar
for i in $(seq 1 90); do
  curl -sf -o /dev/null "$http/alive" && break
  kill -0 "$(cat "$data/run/scheduler.pid")" 2>/dev/null || { tail -n 30 "$data/logs/scheduler.log" >&2; die "the scheduler node stopped"; }
  sleep 1
done
curl -sf -o /dev/null "$http/alive" || die "the API did not answer within 90 s; see $data/logs/scheduler.log"

log "starting a runner node (cluster port 25521, flavour default, 2 slots)"
# Supervised, as Nomad does in production: a runner ends on purpose to be started afresh (see RunnerNode).
start_node runner scripts/supervise.sh runner-node/target/runner-node.jar AUTOGRADER_CLUSTER_PORT=25521 \
  AUTOGRADER_NODE_NAME=local-runner AUTOGRADER_RUNNER_SLOTS=2

field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
jar="$data/run/cookies"
csrf=$(curl -s -c "$jar" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$admin_password\"}" "$http/api/v1/session" | field csrfToken)
[ -n "$csrf" ] || die "could not sign in as admin; see $data/logs/scheduler.log"
token=$(curl -s -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' -d '{"name":"start-local"}' \
  "$http/api/v1/tokens" | field token)
rm -f "$jar"
api() { curl -s -H "Authorization: Bearer $token" "$@"; }

code=$(api -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"id":"demo","code":"DEMO 101","title":"Demo course","term":"Always"}' "$http/api/v1/courses")
case "$code" in
  201) log "created the demo course demo" ;;
  409) log "the demo course demo exists already" ;;
  *) die "creating the demo course answered HTTP $code" ;;
esac
roster=$(api -H 'Content-Type: text/csv' --data-binary $'username,display_name,role\nada,Ada Lovelace,student\n' \
  "$http/api/v1/courses/demo/roster/import")
ada_password=$(echo "$roster" | field initialPassword)
[ -z "$ada_password" ] || echo "$ada_password" >"$data/ada-password"

due=$(date -u -d '+30 days' +%Y-%m-%dT%H:%M:%SZ)
code=$(sed "0,/{/s//{\"dueAt\": \"$due\", \"published\": true,/" examples/hello-c/assignment.json \
  | api -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @- \
  "$http/api/v1/courses/demo/assignments")
case "$code" in
  201) log "created the demo assignment hello-c" ;;
  409) log "the demo assignment hello-c exists already" ;;
  *) die "creating the demo assignment answered HTTP $code" ;;
esac

log "grading a demo submission end to end"
id=$(api -F student=ada -F files=@examples/hello-c/hello.c "$http/api/v1/assignments/hello-c/submissions" \
  | sed -n 's/^{"id":"\([^"]*\)".*/\1/p')
[ -n "$id" ] || die "the demo submission was not accepted"
verdict=""
for i in $(seq 1 120); do
  answer=$(api "$http/api/v1/submissions/$id")
  verdict=$(echo "$answer" | sed -n 's/.*"status":"GRADED".*"verdict":"\([A-Z_]*\)".*/\1/p')
  [ -n "$verdict" ] && break
  sleep 1
done
[ -n "$verdict" ] || die "the demo submission was not graded within 120 s; see $data/logs/runner.log"
log "the demo submission was graded: $verdict"

cat <<TXT

The autograder is running.
  Open:  $http/
  Sign in as the site admin "admin" with the password in $data/admin-password,
  or as the demo student "ada" with the password in $data/ada-password
  (a generated one: the web app asks ada to choose her own at first sign-in).
  Logs:  $data/logs/scheduler.log, $data/logs/runner.log
  Stop:  scripts/stop-local.sh

Submit the demo solution for ada with the admin's API token (it answers 202 with the submission's id):
  curl -s -H "Authorization: Bearer $token" -F student=ada -F files=@examples/hello-c/hello.c \\
    $http/api/v1/assignments/hello-c/submissions

Then read its status and result:
  curl -s -H "Authorization: Bearer $token" $http/api/v1/submissions/SUBMISSION_ID

See docs/api.md for the whole API.
TXT
