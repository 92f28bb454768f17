#!/usr/bin/env bash
# Makes the credentials of one cluster in DIR: a cluster CA (ca.key, ca.crt) and a node key and
# certificate signed by it (tls.key, tls.crt). Every node gets tls.key, tls.crt and ca.crt (the
# directory named by AUTOGRADER_TLS_DIR); ca.key stays with the operator, who signs more node
# certificates with it. Idempotent: what exists and fits is kept, so running it again changes
# nothing, and a missing or expired node certificate is issued again from the existing CA.
#
# Pekko's PEM provider reads an unencrypted PKCS#8 RSA key and a certificate issued directly by a
# root CA; peers must also share a subject name, so every node certificate carries the same one.
# Usage: scripts/cluster-credentials.sh DIR [DAYS]
set -euo pipefail
dir=${1:?usage: $0 DIR [DAYS]}
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
  rm -f tls.key tls.crt
  log "made a cluster CA in $dir"
fi

# Kept while it is signed by this CA, matches its key, and is valid for another day at least.
if [ -s tls.key ] && [ -s tls.crt ] \
  && openssl verify -CAfile ca.crt tls.crt >/dev/null 2>&1 \
  && openssl x509 -in tls.crt -noout -checkend 86400 >/dev/null \
  && [ "$(openssl x509 -in tls.crt -noout -pubkey)" = "$(openssl pkey -in tls.key -pubout 2>/dev/null)" ]; then
  exit 0
fi

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out tls.key 2>/dev/null
extensions=$(mktemp)
trap 'rm -f "$extensions" tls.csr' EXIT
cat >"$extensions" <<EXT
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:$node_name
EXT
openssl req -new -key tls.key -subj "/O=autograder/CN=$node_name" -out tls.csr
openssl x509 -req -in tls.csr -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days "$days" \
  -extfile "$extensions" -out tls.crt 2>/dev/null
rm -f ca.srl
chmod 644 ca.crt tls.crt
log "issued a node certificate in $dir (valid $days days)"
