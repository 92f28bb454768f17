#!/usr/bin/env bash
# Makes sure a Docker engine answers on this machine: installs Debian's docker.io when dockerd is
# missing, starts dockerd in the background when nothing answers, and waits for it. Idempotent.
set -euo pipefail

log() { echo "[ensure-docker] $*" >&2; }

if docker info >/dev/null 2>&1; then
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    log "no Docker engine is installed and this is not root: install docker.io (or Docker Engine) and start it, then retry"
    exit 1
  fi
  log "installing Debian's docker.io"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq docker.io >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  log "starting dockerd"
  mkdir -p /var/log
  # No bridge and no iptables: grading containers use network none, and these machines have no
  # outside network to offer containers anyway.
  nohup dockerd --storage-driver=overlay2 --iptables=false --bridge=none \
    >/var/log/autograder-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
fi

if ! docker info >/dev/null 2>&1; then
  log "dockerd did not answer within 60 s; see /var/log/autograder-dockerd.log"
  tail -n 20 /var/log/autograder-dockerd.log >&2 || true
  exit 1
fi
log "Docker engine $(docker version --format '{{.Server.Version}}') is running"
