#!/bin/sh
# For a newcomer on a fresh Debian 12 machine: install the dependencies, build libpki and pki,
# install them under /usr/local (so that `pki`, `man pki` and `import pki` work), and run the
# main job: the seed workflow end to end in ./demo/ (key, CSR, CA, signed server certificate,
# each one non-interactive command), verified by pki, openssl and certtool; then the same in
# one step with `pki quick`.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
	echo "scripts/demo.sh installs Debian packages and libpki under /usr/local:" >&2
	echo "run it as root (this machine has no sudo)." >&2
	exit 1
fi
if [ "$(id -u)" -eq 0 ]; then as_root=; else as_root=sudo; fi
"$top/scripts/install-deps.sh"
autoreconf -fi
mkdir -p _build/main
cd _build/main
../../configure PYTHON=/usr/bin/python3
make -j"$(nproc 2>/dev/null || echo 2)"
echo
echo "=== install under /usr/local: pki, man pki, man 3 pki_*, import pki ==="
$as_root make install >install.log 2>&1 || { tail -20 install.log; exit 1; }
cd "$top"
hash -r 2>/dev/null || true
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

echo
echo "=== what is installed ==="
echo "pki: $(command -v pki) ($(pki --version))"
echo "man pki: $(man -w pki)"
/usr/bin/python3 -c 'import pki; print("import pki:", pki.version(), pki.__file__)'
