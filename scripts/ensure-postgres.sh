#!/usr/bin/env bash
# Makes sure a PostgreSQL server runs on this machine for the test suite (and for trying the
# production database locally): installs Debian's postgresql when missing, starts the cluster
# when it is down, and creates the role and database "autograder" (password "autograder",
# loopback only). Idempotent. Prints the JDBC URL.
set -euo pipefail
log() { echo "[ensure-postgres] $*" >&2; }

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    log "PostgreSQL is not installed and this is not root: install postgresql, then retry"
    exit 1
  fi
  log "installing Debian's postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
  log "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')

for _ in $(seq 1 30); do
  su postgres -c "psql -p $port -tAc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
if [ "$(su postgres -c "psql -p $port -tAc \"select 1 from pg_roles where rolname = 'autograder'\"")" != 1 ]; then
  su postgres -c "psql -p $port -qc \"create role autograder login password 'autograder' createdb\""
fi
if [ "$(su postgres -c "psql -p $port -tAc \"select 1 from pg_database where datname = 'autograder'\"")" != 1 ]; then
  su postgres -c "createdb -p $port -O autograder autograder"
fi
log "PostgreSQL $version is running on port $port"
echo "jdbc:postgresql://127.0.0.1:$port/autograder"
