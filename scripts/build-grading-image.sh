#!/usr/bin/env bash
# Builds the grading image from Debian packages (no image registry is needed) and tags it
# autograder-grading:latest. The image carries the hash of its definition as a label; when the
# label matches, nothing is rebuilt. Needs a running Docker engine (scripts/ensure-docker.sh).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
def="$here/runner-node/image"
image="${GRADING_IMAGE:-autograder-grading:latest}"
log() { echo "[grading-image] $*" >&2; }

hash=$(cat "$def/packages.txt" "$def/Dockerfile" "$0" | sha256sum | cut -c1-16)
current=$(docker image inspect --format '{{ index .Config.Labels "autograder.definition" }}' "$image" 2>/dev/null || true)
if [ "$current" = "$hash" ]; then
  log "$image is up to date ($hash)"
  exit 0
fi

base="autograder-base:$hash"
if ! docker image inspect "$base" >/dev/null 2>&1; then
  if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  fi
  # The machine's own Debian mirror, read at run time.
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$mirror" ] || { log "no Debian mirror found in the apt sources"; exit 1; }
  packages=$(grep -v '^#' "$def/packages.txt" | grep -v '^$' | paste -sd, -)
  root=$(mktemp -d /tmp/autograder-rootfs.XXXXXX)
  trap 'rm -rf "$root"' EXIT
  log "debootstrap bookworm with $packages (about a minute)"
  debootstrap --variant=minbase --include="$packages" bookworm "$root" "$mirror" >/tmp/autograder-debootstrap.log 2>&1 \
    || { tail -n 30 /tmp/autograder-debootstrap.log >&2; exit 1; }
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import - "$base" >/dev/null
fi

log "building $image on $base"
DOCKER_BUILDKIT=0 docker build -q --network host --build-arg "BASE=$base" \
  --label "autograder.definition=$hash" -t "$image" "$def" >/dev/null
log "$image built ($hash)"
