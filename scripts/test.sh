#!/usr/bin/env bash
# Quick start, command 2: runs the whole test suite. It first makes sure the services the tests
# need are installed and running (Docker engine, grading image, Chromium, PostgreSQL), so it works on a
# fresh machine and in CI. Under CI=true a test whose service is missing fails instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-docker.sh
# The tests make cluster credentials with openssl; the multi-host test needs ip and curl.
missing=$(for tool in openssl:openssl ip:iproute2 curl:curl; do
  command -v "${tool%%:*}" >/dev/null || echo "${tool#*:}"
done)
if [ -n "$missing" ] && [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi
scripts/build-grading-image.sh
# The web app's browser tests drive Debian's Chromium.
scripts/ensure-chromium.sh
# The persistence, projection, API and failover tests run against this server as well as H2.
AUTOGRADER_TEST_POSTGRES_URL=$(scripts/ensure-postgres.sh)
export AUTOGRADER_TEST_POSTGRES_URL
mvn -B verify "$@"

# Every sandbox test removes what it created; a container or volume left now is a bug.
left=$(docker ps -aq --filter label=autograder.sandbox; docker volume ls -q --filter label=autograder.sandbox)
if [ -n "$left" ]; then
  echo "[test] sandbox containers or volumes were left behind:" >&2
  echo "$left" >&2
  exit 1
fi
echo "[test] no sandbox container or volume was left behind" >&2
