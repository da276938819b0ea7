#!/bin/sh
# pyca's test vectors (Debian python3-cryptography-vectors: x509, asymmetric, pkcs12, pkcs7):
# every file through every libpki importer and dump (tests/pki-vectors.c). A crash, a code
# outside PKI_E_*, a success without an object or an empty dump fails; which files are
# accepted is printed, not asserted. PKI_VECTORS_DIR overrides the location; skipped when absent.
. "${top_srcdir}/tests/lib.sh"
: "${PKI_VECTORS_DIR:=/usr/lib/python3/dist-packages/cryptography_vectors}"
if [ ! -d "$PKI_VECTORS_DIR/x509" ]; then
	echo "1..0 # SKIP pyca vectors not found in $PKI_VECTORS_DIR (Debian python3-cryptography-vectors)"
	exit 0
fi
for sub in x509 asymmetric pkcs12 pkcs7; do
	[ -d "$PKI_VECTORS_DIR/$sub" ] || continue
	if out=$(timeout 600 "$top_builddir/tests/pki-vectors" "$PKI_VECTORS_DIR/$sub" 2>&1); then
		ok "every file of $sub handled: $(printf '%s' "$out" | head -1)"
	else
		fail "files of $sub"
	fi
	printf '%s\n' "$out" | sed 's/^/# /'
done
done_testing
