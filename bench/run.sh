#!/usr/bin/env bash
# Runs the benchmarks and prints their figures: the scheduler's dispatch (no Docker needed) and,
# with a Docker engine, the cost of a container per test. Usage: bench/run.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests install
mvn -B -q -f bench/pom.xml dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
cp=$(cat bench/target/bench-classpath.txt)
java -Xmx1g -cp "bench/target/classes:$cp" dev.autograder.bench.DispatchBenchmark "${1:-5}"
if docker info >/dev/null 2>&1; then
  bench/test-isolation.sh 30
fi
