#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the browser tests (frontend/e2e), which
# drive it with playwright-core: a test tool's own browser download cannot work on these machines.
# Idempotent: does nothing when the browser is there.
set -euo pipefail

log() { echo "[ensure-chromium] $*" >&2; }

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  log "Chromium is missing and this is not root: install Debian's chromium package, then retry"
  exit 1
fi
log "installing Debian's chromium"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version >&2
