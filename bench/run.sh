#!/usr/bin/env bash
# Runs the benchmarks and prints their figures; each writes bench/results/NAME.{json,md} with the
# machine's description. Makes sure the Docker engine, the grading image and PostgreSQL are there
# (the scripts/ensure-* scripts install and start what is missing), builds the jars (no install),
# and runs every scenario, or those named.
#
#   bench/run.sh [--quick] [--rounds N] [dispatch|intake|sandbox|pertest|e2e|rush|streams|isolation ...]
#
# --quick runs fewer rounds and a scaled-down deadline rush (300 submissions from 90 students over
# 18 s instead of 1,000 from 300 over 60 s, written to rush-quick.*); --rounds N overrides every
# scenario's rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { echo "[bench] $*" >&2; }

quick=""
rounds=""
scenarios=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=--quick ;;
    --rounds)
      [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || { echo "bench/run.sh: --rounds needs a whole number of at least 1" >&2; exit 2; }
      rounds=$2; shift ;;
    dispatch|intake|sandbox|pertest|e2e|rush|streams|isolation) scenarios+=("$1") ;;
    *) echo "usage: bench/run.sh [--quick] [--rounds N] [dispatch|intake|sandbox|pertest|e2e|rush|streams|isolation ...]" >&2; exit 2 ;;
  esac
  shift
done
[ ${#scenarios[@]} -gt 0 ] || scenarios=(dispatch intake sandbox pertest e2e rush streams isolation)
wants() { [[ " ${scenarios[*]} " == *" $1 "* ]]; }

if wants intake || wants sandbox || wants pertest || wants e2e || wants rush || wants streams || wants isolation; then
  scripts/ensure-docker.sh
  scripts/build-grading-image.sh
fi
if wants intake || wants e2e || wants rush || wants streams; then
  AUTOGRADER_BENCH_POSTGRES_URL=$(scripts/ensure-postgres.sh)
  export AUTOGRADER_BENCH_POSTGRES_URL
fi

log "building the jars (tests skipped)"
mvn -B -q -pl bench -am package -DskipTests
cp="bench/target/classes:$(cat bench/target/bench-classpath.txt)"
bench() { # class, default rounds in full and in quick mode
  local n=${rounds:-$2}
  [ -z "$quick" ] || n=${rounds:-$3}
  log "running $1 ($n rounds)"
  java -Xmx1g -Dlogback.configurationFile=bench/logback-bench.xml -cp "$cp" "dev.autograder.bench.$1" "$n" $quick
}

if wants dispatch; then bench DispatchBenchmark 5 3; fi
if wants intake; then bench IntakeBenchmark 5 3; fi
if wants sandbox; then bench SandboxBenchmark 5 3; fi
if wants pertest; then bench PerTestBenchmark 5 3; fi
if wants e2e; then bench EndToEndBenchmark 5 3; fi
if wants rush; then bench DeadlineRushBenchmark 3 2; fi
if wants streams; then bench StreamsBenchmark 1 1; fi
if wants isolation; then bench/test-isolation.sh 30; fi
