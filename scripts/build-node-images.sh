#!/usr/bin/env bash
# Builds the node images autograder-scheduler:TAG and autograder-runner:TAG from the packaged jars
# (run `mvn -B package -DskipTests` first) on top of the grading image, which it builds first when
# missing or out of date. TAG is the project's version unless NODE_IMAGE_TAG is set; the Nomad jobs
# name images by version, never latest (Nomad would try to pull latest from a registry).
# Needs a running Docker engine (scripts/ensure-docker.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
log() { echo "[node-images] $*" >&2; }

tag=${NODE_IMAGE_TAG:-$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n 1)}
[ -n "$tag" ] || { log "no version found in pom.xml: set NODE_IMAGE_TAG"; exit 1; }
for node in scheduler runner; do
  jar=$node-node/target/$node-node.jar
  [ -f "$jar" ] || { log "$jar is missing: run mvn -B package -DskipTests first"; exit 1; }
done

scripts/build-grading-image.sh
for node in scheduler runner; do
  start=$(date +%s)
  # The root is the context (.dockerignore lets only conf/ and the jars through); the host network
  # because this engine has no bridge.
  out=$(DOCKER_BUILDKIT=0 docker build -q --network host -f "$node-node/Dockerfile" -t "autograder-$node:$tag" . 2>&1) \
    || { echo "$out" >&2; exit 1; }
  log "autograder-$node:$tag built in $(($(date +%s) - start)) s"
done
