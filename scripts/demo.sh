#!/bin/sh
# For a newcomer on a fresh Debian 12 machine: install the dependencies, build libpki, and run
# the main job (the seed workflow end to end) in ./demo/.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
"$top/scripts/install-deps.sh"
autoreconf -fi
mkdir -p _build/main
cd _build/main
../../configure
make -j"$(nproc 2>/dev/null || echo 2)"
cd "$top"
rm -rf demo && mkdir -p demo
echo
echo "=== main job: generate an encrypted key, save it (0600), read it back ==="
PKI_PASSWORD=demo-password "$top/_build/main/examples/keygen" demo/key.pem
ls -l demo/key.pem
