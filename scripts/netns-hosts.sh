#!/usr/bin/env bash
# Several test hosts on one machine, for partition tests (needs root and iproute2):
#   up           makes a namespace per host, each with its loopback and an address in 10.231.0.0/24,
#                joined by veth pairs to a bridge that lives in a namespace of its own
#   down         removes them again, ending any process still inside
#   cut HOST     takes HOST's link down at the bridge: its packets are dropped
#   heal HOST    brings it back
#   ns HOST      prints HOST's namespace; addr HOST prints its address
# Run a program on a host with: ip netns exec "$(scripts/netns-hosts.sh ns HOST)" PROGRAM...
#
# Nothing is made or addressed in the root namespace and no namespace has a default route, so a
# cut link drops packets instead of sending them out of the machine. Every name starts with
# $NETNS_PREFIX (default ag-), so that two users of one machine do not meet.
set -euo pipefail
prefix=${NETNS_PREFIX:-ag-}
declare -A address=([scheduler]=10.231.0.10 [runner-a]=10.231.0.11 [runner-b]=10.231.0.12 [client]=10.231.0.20)
bridge=${prefix}bridge
log() { echo "[netns-hosts] $*" >&2; }
die() { log "$*"; exit 1; }

host_arg() {
  [ -n "${1:-}" ] && [ -n "${address[$1]:-}" ] || die "a host is one of: ${!address[*]}"
  echo "$1"
}

exists() { ip netns list | grep -qx "$1\( (id: [0-9]*)\)\?"; }

down() {
  local hosts=("${!address[@]}")
  for ns in "$bridge" "${hosts[@]/#/$prefix}"; do
    exists "$ns" || continue
    # A namespace lives on while a process is inside; these were started in it by its user.
    for pid in $(ip netns pids "$ns"); do
      kill -9 "$pid" 2>/dev/null || true
    done
    ip netns delete "$ns"
  done
}

up() {
  down
  ip netns add "$bridge"
  ip -n "$bridge" link set lo up
  ip -n "$bridge" link add br0 type bridge
  ip -n "$bridge" link set br0 up
  for host in "${!address[@]}"; do
    local ns=$prefix$host
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    # Both ends are made inside the namespaces, so the root namespace never sees them.
    ip -n "$bridge" link add "v-$host" type veth peer name eth0 netns "$ns"
    ip -n "$bridge" link set "v-$host" master br0 up
    ip -n "$ns" addr add "${address[$host]}/24" dev eth0
    ip -n "$ns" link set eth0 up
  done
  log "hosts up: $(for h in "${!address[@]}"; do printf '%s=%s ' "$h" "${address[$h]}"; done)"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  cut) ip -n "$bridge" link set "v-$(host_arg "${2:-}")" down ;;
  heal) ip -n "$bridge" link set "v-$(host_arg "${2:-}")" up ;;
  ns) echo "$prefix$(host_arg "${2:-}")" ;;
  addr) echo "${address[$(host_arg "${2:-}")]}" ;;
  *) die "usage: $0 up|down|cut HOST|heal HOST|ns HOST|addr HOST" ;;
esac
