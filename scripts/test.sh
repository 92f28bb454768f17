#!/usr/bin/env bash
# Quick start, command 2: runs the whole test suite. It first makes sure the services the tests
# need are installed and running (Docker engine, grading image), so it works on a fresh machine
# and in CI. Under CI=true a test whose service is missing fails instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-docker.sh
scripts/build-grading-image.sh
exec mvn -B verify "$@"
