#!/usr/bin/env bash
# Makes the credentials of one cluster in DIR: a cluster CA (ca.key, ca.crt) and node keys and
# certificates signed by it, each naming the roles its holder may take in the cluster:
#   DIR/scheduler/  tls.key, tls.crt, ca.crt   for scheduler nodes (cluster roles scheduler, api)
#   DIR/runner/     tls.key, tls.crt, ca.crt   for runner nodes (cluster roles runner, flavour-*)
#   DIR/tls.key, DIR/tls.crt                   both roles, for a single host running both kinds
# A node's AUTOGRADER_TLS_DIR is the directory for its role; ca.key stays with the operator.
# With ROLE and NAME, it issues one more node's own key and certificate in DIR/NAME instead.
# Idempotent: what exists and fits is kept, so running it again changes nothing, and a missing,
# expiring or role-less certificate is issued again from the existing CA.
#
# Pekko's PEM provider reads an unencrypted PKCS#8 RSA key and a certificate issued directly by a
# root CA; peers must also share a subject name, so every node certificate carries the same one
# (autograder-node). The roles are further names, URI:autograder:role:ROLE, which the nodes check
# when one joins (see dev.autograder.RoleProof).
# Usage: scripts/cluster-credentials.sh DIR [DAYS [ROLE NAME]]
set -euo pipefail
dir=${1:?usage: $0 DIR [DAYS [ROLE NAME]]}
days=${2:-825}
node_name=autograder-node
log() { echo "[cluster-credentials] $*" >&2; }

command -v openssl >/dev/null || { log "openssl is needed (apt-get install openssl)"; exit 1; }
umask 077
mkdir -p "$dir"
cd "$dir"

if [ ! -s ca.key ] || [ ! -s ca.crt ]; then
  if [ -e ca.key ] || [ -e ca.crt ]; then
    log "$dir has only half of a CA (ca.key, ca.crt): remove it or restore the other half"
    exit 1
  fi
  # A random name tells two clusters' CAs apart in logs and in openssl output.
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out ca.key 2>/dev/null
  openssl req -x509 -new -key ca.key -sha256 -days 3650 \
    -subj "/O=autograder/CN=autograder cluster CA $(openssl rand -hex 4)" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out ca.crt
  rm -f tls.key tls.crt scheduler/tls.crt runner/tls.crt
  log "made a cluster CA in $dir"
fi

# issue SUBDIR ROLE...: a key and certificate for ROLEs in SUBDIR (. for DIR itself), with ca.crt.
issue() {
  local to=$1
  shift
  local names="DNS:$node_name" role
  for role in "$@"; do
    names="$names, URI:autograder:role:$role"
  done
  mkdir -p "$to"
  [ "$to" = . ] || cp ca.crt "$to/ca.crt"
  # Kept while it is signed by this CA, matches its key, names these roles, and is valid for
  # another day at least.
  if [ -s "$to/tls.key" ] && [ -s "$to/tls.crt" ] \
    && openssl verify -CAfile ca.crt "$to/tls.crt" >/dev/null 2>&1 \
    && openssl x509 -in "$to/tls.crt" -noout -checkend 86400 >/dev/null \
    && [ "$(openssl x509 -in "$to/tls.crt" -noout -ext subjectAltName | tail -n +2 | tr -d ' ')" \
      = "$(echo "$names" | tr -d ' ')" ] \
    && [ "$(openssl x509 -in "$to/tls.crt" -noout -pubkey)" = "$(openssl pkey -in "$to/tls.key" -pubout 2>/dev/null)" ]; then
    return
  fi
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$to/tls.key" 2>/dev/null
  local extensions
  extensions=$(mktemp)
  cat >"$extensions" <<EXT
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = $names
EXT
  openssl req -new -key "$to/tls.key" -subj "/O=autograder/CN=$node_name" -out "$to/tls.csr"
  openssl x509 -req -in "$to/tls.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days "$days" \
    -extfile "$extensions" -out "$to/tls.crt" 2>/dev/null
  rm -f "$extensions" "$to/tls.csr" ca.srl
  chmod 644 "$to/ca.crt" "$to/tls.crt"
  log "issued a certificate for $* in $dir/$to (valid $days days)"
}

if [ $# -ge 4 ]; then
  case $3 in
    scheduler|runner) ;;
    *) log "ROLE is scheduler or runner, not $3"; exit 1 ;;
  esac
  case $4 in
    ''|.*|*/*) log "NAME is a directory name, not $4"; exit 1 ;;
  esac
  issue "$4" "$3"
  exit 0
fi
issue scheduler scheduler
issue runner runner
issue . scheduler runner
