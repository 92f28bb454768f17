#!/usr/bin/env bash
# Measures what isolating each test costs: N runs of a compiled C program, each (a) in a fresh
# container (`docker run`, what the sandbox does per test), (b) as `docker exec` in one running
# container (several tests per container), and (c) directly on the host, for the floor.
# Prints the median per run of each. Needs the Docker engine and the grading image.
set -euo pipefail
n=${1:-30}
image=${GRADING_IMAGE:-autograder-grading:latest}
dir=$(mktemp -d) && chmod 755 "$dir"
trap 'docker rm -f autograder-bench-exec >/dev/null 2>&1 || true; docker volume rm autograder-bench >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT

cat >"$dir/hello.c" <<'C'
#include <stdio.h>
int main(void) { char n[64]; if (scanf("%63s", n) == 1) printf("Hello, %s!\n", n); return 0; }
C
docker volume create autograder-bench >/dev/null
chmod 644 "$dir/hello.c"
docker run --rm -v autograder-bench:/work -v "$dir:/src:ro" --network none "$image" \
  gcc -O2 -o /work/hello /src/hello.c
gcc -O2 -o "$dir/hello" "$dir/hello.c"
limits=(--network none --read-only --cap-drop ALL --security-opt no-new-privileges -m 256m --memory-swap 256m
  --pids-limit 64 --user 10001:10001 --tmpfs /tmp:size=16m -v autograder-bench:/work)

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
time_runs() { # label, command...
  local label=$1; shift
  for _ in $(seq 1 "$n"); do
    local start end
    start=$(date +%s%N)
    echo Ada | "$@" >/dev/null
    end=$(date +%s%N)
    echo $(( (end - start) / 1000 ))
  done | median | awk -v l="$label" '{printf "%-38s %8.1f ms\n", l, $1 / 1000}'
}

docker run -d --name autograder-bench-exec "${limits[@]}" "$image" sleep infinity >/dev/null
echo "median of $n runs, one test each:"
time_runs "fresh container per test (docker run)" docker run --rm -i "${limits[@]}" "$image" /work/hello
time_runs "one container, docker exec per test" docker exec -i autograder-bench-exec /work/hello
time_runs "host process (the floor)" "$dir/hello"
