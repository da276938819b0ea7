#!/bin/sh
# examples/seed_workflow runs the seed workflow through the C API (CA key and root, server key,
# request with SANs, server certificate issued from it); its files are what they should be.
. "${top_srcdir}/tests/lib.sh"
ex="$top_builddir/examples/seed_workflow"
D=$TMP/seed
mkdir "$D"

check "seed_workflow runs" "$ex" "$D" "seed example password"
for f in ca.key ca.crt server.key server.csr server.crt; do
	if [ -s "$D/$f" ]; then ok "wrote $f"; else fail "wrote $f"; fi
done
same "ca.key is mode 0600" "$(stat -c %a "$D/ca.key")" 600
same "server.key is mode 0600" "$(stat -c %a "$D/server.key")" 600
head -1 "$D/ca.key" | grep -q 'BEGIN ENCRYPTED PRIVATE KEY' && ok "ca.key is encrypted" \
	|| fail "ca.key is encrypted"
head -1 "$D/server.crt" | grep -q 'BEGIN CERTIFICATE' && ok "server.crt is PEM" \
	|| fail "server.crt is PEM"
check_fails "seed_workflow never overwrites" "$ex" "$D" "seed example password"
check_fails "seed_workflow wants a password" env -u PKI_PASSWORD "$ex" "$TMP"
check_fails "seed_workflow refuses a missing folder" "$ex" "$TMP/missing/dir" pw

if command -v "$OPENSSL" >/dev/null 2>&1; then
	check "openssl verify accepts server.crt under ca.crt" "$OPENSSL" verify \
		-CAfile "$D/ca.crt" -purpose sslserver -verify_hostname registry.example.com \
		"$D/server.crt"
	check "openssl verify checks the IP SAN" "$OPENSSL" verify -CAfile "$D/ca.crt" \
		-verify_ip 10.0.0.5 "$D/server.crt"
	check "openssl verify checks the short-name SAN" "$OPENSSL" verify -CAfile "$D/ca.crt" \
		-verify_hostname registry "$D/server.crt"
	"$OPENSSL" req -in "$D/server.csr" -verify -noout 2>&1 | grep -q "verify OK" \
		&& ok "openssl verifies the request" || fail "openssl verifies the request"
	check "openssl decrypts ca.key with the password" "$OPENSSL" pkey -in "$D/ca.key" \
		-passin "pass:seed example password" -noout
	same "server.crt and server.key hold one public key" \
		"$("$OPENSSL" x509 -in "$D/server.crt" -noout -pubkey)" \
		"$("$OPENSSL" pkey -in "$D/server.key" -pubout)"
fi
done_testing
