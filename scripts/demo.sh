#!/bin/sh
# For a newcomer on a fresh Debian 12 machine: install the dependencies, build libpki and pki,
# and run the main job: the seed workflow end to end in ./demo/ (key, CSR, CA, signed server
# certificate, each one non-interactive command), verified by pki, openssl and certtool; then
# the same in one step with `pki quick`.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
"$top/scripts/install-deps.sh"
autoreconf -fi
mkdir -p _build/main
cd _build/main
../../configure PYTHON=/usr/bin/python3
make -j"$(nproc 2>/dev/null || echo 2)"
cd "$top"
pki() { "$top/_build/main/tools/pki" "$@"; }
rm -rf demo && mkdir -p demo && cd demo
run() { echo "\$ pki $*"; pki "$@"; }

echo
echo "=== the seed workflow, one command per step ==="
run key new -o server-key.pem
run csr new --key server-key.pem --subject "CN=registry.example.com" \
	--dns registry.example.com --ip 127.0.0.1 -o server.csr
run ca new --subject "CN=Demo Root CA,O=libpki demo" --key-out ca-key.pem -o ca.pem
run cert sign --csr server.csr --ca ca.pem --ca-key ca-key.pem -o server.pem
run verify --ca ca.pem --host registry.example.com server.pem
echo
echo "=== checked by independent tools ==="
openssl verify -CAfile ca.pem -verify_hostname registry.example.com server.pem
timeout 60 certtool --verify --load-ca-certificate ca.pem --infile server.pem </dev/null | grep 'Chain verification output'
ls -l server-key.pem ca-key.pem

echo
echo "=== the same in one step: pki quick (a local CA made once, then reused) ==="
run quick --ca-dir local-ca localhost 127.0.0.1
openssl verify -CAfile local-ca/ca.pem -verify_hostname localhost localhost.pem
