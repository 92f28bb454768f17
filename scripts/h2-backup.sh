#!/usr/bin/env bash
# Backs up the embedded H2 database of a running scheduler node, and restores a backup into a fresh
# data directory (docs/operations.md, "The embedded H2 database").
#
#   scripts/h2-backup.sh backup [DATA_DIR] [FILE.zip]   # the node keeps running; default ./data
#   scripts/h2-backup.sh restore FILE.zip DATA_DIR      # into a directory without autograder.mv.db
#
# backup asks the node through DATA_DIR/backup-requests/ and waits (at most AUTOGRADER_BACKUP_WAIT
# seconds, 300 by default) for the node to write DATA_DIR/backups/NAME.zip with H2's BACKUP TO,
# one consistent committed state; it prints the zip's path, or moves it to FILE.zip. restore
# unpacks a zip with H2's own Restore tool from the scheduler node's jar (AUTOGRADER_SCHEDULER_JAR,
# by default scheduler-node/target/scheduler-node.jar, or /opt/autograder/scheduler-node.jar in
# the node image); start the node with AUTOGRADER_DATA_DIR=DATA_DIR afterwards.
set -euo pipefail
log() { echo "[h2-backup] $*" >&2; }
die() { echo "[h2-backup] $*" >&2; exit 1; }
usage() {
  echo "usage: scripts/h2-backup.sh backup [DATA_DIR] [FILE.zip] | restore FILE.zip DATA_DIR" >&2
  exit 2
}

backup() {
  local data=${1:-./data} out=${2:-}
  [ -f "$data/autograder.mv.db" ] || die "no H2 database in $data (autograder.mv.db)"
  local name wait=${AUTOGRADER_BACKUP_WAIT:-300}
  name="autograder-$(date -u +%Y%m%dT%H%M%SZ)-$$"
  mkdir -p "$data/backup-requests"
  # The node sees the request only once it is whole: written under a dot name, then renamed.
  : >"$data/backup-requests/.$name"
  mv "$data/backup-requests/.$name" "$data/backup-requests/$name"
  local zip="$data/backups/$name.zip" failed="$data/backup-requests/$name.failed"
  for _ in $(seq 1 $((wait * 4))); do
    if [ -f "$zip" ]; then
      if [ -n "$out" ]; then
        mv "$zip" "$out"
        zip=$out
      fi
      log "backed up $data to $zip"
      echo "$zip"
      return 0
    fi
    if [ -f "$failed" ]; then
      cat "$failed" >&2
      rm -f "$failed"
      die "the node could not back up $data"
    fi
    sleep 0.25
  done
  rm -f "$data/backup-requests/$name"
  die "no backup within $wait s: is a scheduler node running with AUTOGRADER_DATA_DIR=$data?"
}

restore() {
  local zip=$1 data=$2
  [ -f "$zip" ] || die "no backup $zip"
  [ ! -e "$data/autograder.mv.db" ] || die "$data holds a database already (autograder.mv.db): move it away first"
  local jar=${AUTOGRADER_SCHEDULER_JAR:-}
  if [ -z "$jar" ]; then
    for candidate in "$(dirname "$0")/../scheduler-node/target/scheduler-node.jar" /opt/autograder/scheduler-node.jar; do
      [ -f "$candidate" ] && { jar=$candidate; break; }
    done
  fi
  [ -n "$jar" ] && [ -f "$jar" ] || die "the scheduler node's jar is needed (build it, or set AUTOGRADER_SCHEDULER_JAR)"
  mkdir -p "$data"
  java -cp "$jar" org.h2.tools.Restore -file "$zip" -dir "$data" -db autograder
  [ -f "$data/autograder.mv.db" ] || die "$zip held no database named autograder"
  log "restored $zip into $data; start the scheduler node with AUTOGRADER_DATA_DIR=$data"
}

case "${1:-}" in
  backup) [ $# -le 3 ] || usage; shift; backup "$@" ;;
  restore) [ $# -eq 3 ] || usage; restore "$2" "$3" ;;
  *) usage ;;
esac
