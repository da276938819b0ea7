#!/bin/sh
# PKCS#11: a CA whose key lives on a SoftHSM2 token (initialised in a temporary folder through
# SOFTHSM2_CONF) makes its certificate, signs a request's certificate and a CRL, all through
# pki with a pkcs11: URI for the key; openssl and certtool verify what it signed, p11tool sees
# the objects, and every failure (wrong PIN, no PIN, no token, no key, a key that may not
# sign, exporting a token key) has its own error. Skipped when SoftHSM2 is not installed.
. "$top_srcdir/tests/cli-lib.sh"
cd "$TMP" || exit 99

SOFTHSM_MODULE=${SOFTHSM_MODULE:-/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so}
if ! command -v softhsm2-util >/dev/null 2>&1 || [ ! -f "$SOFTHSM_MODULE" ]; then
	echo "1..0 # SKIP softhsm2 is not installed (Debian package softhsm2)"
	exit 0
fi
mkdir tokens
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' \
	"$TMP" >softhsm2.conf
SOFTHSM2_CONF=$TMP/softhsm2.conf
export SOFTHSM2_CONF
unset PKI_PIN
check "softhsm2-util initialises a token" softhsm2-util --init-token --free --label libpki-ca \
	--pin 1234 --so-pin 5678
TOKEN="pkcs11:token=libpki-ca"

succeeds "pki token list shows the token" pki token list
check "... with its label" grep -q ";token=libpki-ca libpki-ca$" "$TMP/.out"

PKI_PIN=1234
export PKI_PIN
succeeds "pki key new --token generates a key on the token" pki key new --token "$TOKEN" --label ca
KEY=$(out)
case $KEY in pkcs11:token=libpki-ca\;id=*\;type=private) ok "it prints the key's URI" ;;
	*) fail "it prints the key's URI (got '$KEY')" ;; esac
succeeds "pki token list --login lists the private key" pki token list --login "$TOKEN"
check "... as a private-key object labelled ca" grep -q "^private-key .*object=ca;type=private" \
	"$TMP/.out"
check "p11tool sees the private key too" sh -c "GNUTLS_PIN=1234 p11tool --login --list-privkeys \
	'$TOKEN' </dev/null | grep -q 'Label: ca'"
succeeds "pki key show reads the token key" pki key show "$TOKEN;object=ca"
check "... an EC P-256 key" grep -q "curve: *P-256" "$TMP/.out"
succeeds "pki key pub writes its public key" pki key pub "$TOKEN;object=ca" -o ca.pub
check "openssl reads the public key" "$OPENSSL" pkey -pubin -in ca.pub -noout

# ---- the CA: certificate, issuance, CRL, all signed on the token ----
succeeds "pki ca new --key URI self-signs on the token" pki ca new --key "$TOKEN;object=ca" \
	--subject "CN=Token CA,O=libpki" -o ca.pem
check "openssl verifies the CA's self-signature" ossl verify -CAfile ca.pem ca.pem
same "the certificate holds the token's public key" \
	"$("$OPENSSL" x509 -in ca.pem -noout -pubkey | sum /dev/stdin)" "$(sum ca.pub)"
succeeds "a leaf key (file)" pki key new -o leaf.key
succeeds "its request" pki csr new --key leaf.key --dns www.example.com -o leaf.csr
succeeds "pki cert sign --ca-key URI issues" pki cert sign --ca ca.pem --ca-key "$KEY" \
	--csr leaf.csr -o leaf.pem
check "openssl verify accepts the certificate" ossl verify -CAfile ca.pem leaf.pem
check "certtool --verify accepts it" sh -c "cat leaf.pem ca.pem >chain.pem && \
	timeout 60 '$CERTTOOL' --verify --load-ca-certificate ca.pem --infile chain.pem </dev/null"
serial=$("$OPENSSL" x509 -in leaf.pem -noout -serial | cut -d= -f2)
succeeds "pki crl new --ca-key URI signs a CRL" pki crl new --ca ca.pem --ca-key "$KEY" \
	--revoke "$serial:keyCompromise" -o ca.crl
check "openssl crl verifies its signature" sh -c \
	"'$OPENSSL' crl -in ca.crl -CAfile ca.pem -noout 2>&1 | grep -q 'verify OK'"
check "certtool --verify-crl verifies it" timeout 60 "$CERTTOOL" --verify-crl \
	--load-ca-certificate ca.pem --infile ca.crl
check "openssl verify -crl_check: the leaf is revoked" sh -c "'$OPENSSL' verify -crl_check \
	-CAfile ca.pem -CRLfile ca.crl leaf.pem 2>&1 </dev/null | grep -q 'certificate revoked'"
succeeds "pki csr new --key URI signs a request on the token" pki csr new --key "$KEY" \
	--subject "CN=Token CA" -o token.csr
check "openssl req -verify accepts it" ossl req -in token.csr -verify -noout
# The done-when of issue 16: the token CA answers OCSP, openssl ocsp accepts the answer.
succeeds "pki ocsp request for the leaf" pki ocsp request --cert leaf.pem --issuer ca.pem --nonce \
	-o leaf.req
succeeds "pki ocsp respond --ca-key URI signs on the token" pki ocsp respond --ca ca.pem \
	--ca-key "$KEY" --request leaf.req --crl ca.crl -o leaf.resp
check "openssl ocsp verifies the token-signed response (and nonce)" sh -c "'$OPENSSL' ocsp \
	-respin leaf.resp -reqin leaf.req -issuer ca.pem -CAfile ca.pem 2>&1 | \
	grep -q 'Response verify OK'"
check "openssl ocsp: revoked, keyCompromise" sh -c "'$OPENSSL' ocsp -respin leaf.resp \
	-issuer ca.pem -CAfile ca.pem -cert leaf.pem -no_nonce 2>&1 | grep -A3 'leaf.pem: revoked' | \
	grep -q 'Reason: keyCompromise'"
# Certificates may be read from the token too.
check "p11tool writes the CA certificate on the token" sh -c "GNUTLS_PIN=1234 p11tool --login \
	--write --load-certificate ca.pem --label ca-cert '$TOKEN' </dev/null >/dev/null 2>&1"
succeeds "pki cert show reads it from the token" pki cert show "$TOKEN;object=ca-cert"
check "... the CA" grep -q "CN=Token CA" "$TMP/.out"
succeeds "pki ocsp respond --ca URI --ca-key URI: certificate and key on the token" \
	pki ocsp respond --ca "$TOKEN;object=ca-cert" --ca-key "$KEY" --request leaf.req -o tok.resp
check "openssl ocsp verifies that response" sh -c "'$OPENSSL' ocsp -respin tok.resp -reqin leaf.req \
	-issuer ca.pem -CAfile ca.pem 2>&1 | grep -q 'Response verify OK'"
exits "no such certificate on the token" 3 "no such object" pki cert show "$TOKEN;object=nope"
printf '1234\n' >pin.txt
succeeds "the PIN from --pass-file" env -u PKI_PIN "$PKI_BIN" key show --pass-file pin.txt "$KEY"
succeeds "the PIN from --pass-env" env -u PKI_PIN MYPIN=1234 "$PKI_BIN" key show --pass-env MYPIN \
	"$KEY"

# ---- failures, each with its own error ----
exits "a wrong PIN" 3 "wrong PIN" env PKI_PIN=0000 "$PKI_BIN" key show "$KEY"
exits "no PIN (no terminal)" 3 "needs a PIN.*PKI_PIN" env -u PKI_PIN "$PKI_BIN" key show "$KEY"
exits "no such token" 3 "PKCS#11 token not found" pki key show "pkcs11:token=nope;object=ca"
exits "no such key on the token" 3 "no such object" pki key show "$TOKEN;object=nope"
check "p11tool makes a key that may not sign" sh -c "GNUTLS_PIN=1234 p11tool --login \
	--generate-privkey=ecdsa --label nosign --mark-decrypt --no-mark-sign '$TOKEN' \
	</dev/null >/dev/null 2>&1"
exits "a key that may not sign" 3 "the key may not sign" pki key show "$TOKEN;object=nosign"
exits "a token key is never exported" 3 "on a token and cannot be exported" \
	pki key decrypt "$KEY" -o x.pem
check "... and nothing is written" test ! -e x.pem
exits "nor put into a PKCS#12 file" 3 "on a token and cannot be exported" env P12PW=secret \
	"$PKI_BIN" p12 export --key "$KEY" --cert ca.pem --pass-env P12PW -o x.p12
check "... and nothing is written" test ! -e x.p12
exits "pin-value in the URI is refused" 3 "pin-value" pki key show "$KEY;pin-value=1234"
exits "--token with -o is a usage error" 2 "stays on the token" \
	pki key new --token "$TOKEN" -o k.pem

done_testing
