#!/bin/sh
# RSA-PSS private keys (issue 15), checked with openssl and certtool: keys made by
# `openssl genpkey -algorithm RSA-PSS` (without and with parameter restrictions) read by pki;
# pki's RSA-PSS keys (PKCS#8 id-RSASSA-PSS, PEM and DER, encrypted too) read by `openssl pkey`
# and `certtool -k`, with RSASSA-PSS-params as RFC 4055 3.1 wants them (absent for an
# unrestricted key; hash, MGF1 and salt present, trailerField left out); a PSS-keyed CA
# (self-signed, issuing) whose certificates `openssl verify` and `certtool --verify` accept;
# requests signed by an RSA-PSS key, and requests with a chosen hash and RSA-PSS signatures from
# a plain RSA key (pki csr new --hash --pss), checked by `openssl req -verify -text`.
. "${top_srcdir}/tests/cli-lib.sh"
T=$TMP
jget() { "$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(eval(sys.argv[2]), sort_keys=True))' "$1" "$2" 2>&1; }
# The asn1parse lines of a DER/PEM file with offsets and lengths removed: "d=2 OBJECT :sha256".
asn() { "$OPENSSL" asn1parse -inform "$1" -in "$2" | sed 's/^ *[0-9]*:\(d=[0-9]*\) *hl=[0-9]* *l= *[0-9]* *\(prim\|cons\): */\1 /; s/ *$//; s/  */ /g'; }
# RSASSA-PSS-params for SHA-384 as asn1parse shows them at depth 2: hash, MGF1 with the same
# hash, salt 48 (0x30); the default trailerField is not there.
PSS384="d=2 SEQUENCE
d=3 cont [ 0 ]
d=4 SEQUENCE
d=5 OBJECT :sha384
d=3 cont [ 1 ]
d=4 SEQUENCE
d=5 OBJECT :mgf1
d=5 SEQUENCE
d=6 OBJECT :sha384
d=3 cont [ 2 ]
d=4 INTEGER :30"
has() { if printf '%s\n' "$2" | grep -qF -- "$3"; then ok "$1"; else fail "$1"; printf '%s\n' "$2" | sed 's/^/# /' | head -40; fi; }
hasnt() { if printf '%s\n' "$2" | grep -qF -- "$3"; then fail "$1"; printf '%s\n' "$2" | sed 's/^/# /' | head -40; else ok "$1"; fi; }

export PW=s3cret
# ---- keys made by openssl, read by pki ----
check "openssl genpkey RSA-PSS, no restrictions" "$OPENSSL" genpkey -algorithm RSA-PSS \
	-pkeyopt rsa_keygen_bits:2048 -out "$T/o-any.key"
check "openssl genpkey RSA-PSS restricted to SHA-256 (MGF1-SHA-256, salt 32)" "$OPENSSL" genpkey \
	-algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -pkeyopt rsa_pss_keygen_md:sha256 \
	-pkeyopt rsa_pss_keygen_mgf1_md:sha256 -pkeyopt rsa_pss_keygen_saltlen:32 -out "$T/o-256.key"
pki key show --json "$T/o-any.key" >"$T/o-any.json" 2>&1
same "pki reads the unrestricted openssl key" "$(jget "$T/o-any.json" '[d["type"], d["bits"], d["pss_hash"], d["pss_salt_length"]]')" '["rsa-pss", 2048, null, null]'
pki key show --json "$T/o-256.key" >"$T/o-256.json" 2>&1
same "pki reads the restricted openssl key" "$(jget "$T/o-256.json" '[d["type"], d["bits"], d["pss_hash"], d["pss_salt_length"]]')" '["rsa-pss", 2048, "sha256", 32]'
has "pki key show names the type and the restriction" "$(pki key show "$T/o-256.key" 2>&1)" "pss:         sha256, MGF1 sha256, salt 32 bytes or more (restricted)"
same "the public key pki derives is openssl's" "$(pki key pub "$T/o-256.key" | "$OPENSSL" pkey -pubin -outform DER | od -An -tx1 | tr -d ' \n')" \
	"$("$OPENSSL" pkey -in "$T/o-256.key" -pubout -outform DER | od -An -tx1 | tr -d ' \n')"
check "openssl: the same key as encrypted PKCS#8 (AES-256, 10000 iterations)" "$OPENSSL" pkcs8 -topk8 \
	-in "$T/o-256.key" -out "$T/o-256-enc.key" -v2 aes-256-cbc -iter 10000 -passout pass:s3cret
same "pki reads the encrypted openssl PSS key" "$(pki key show --json --pass-env PW "$T/o-256-enc.key" 2>&1 | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["pss_hash"])' 2>&1)" "sha256"

# ---- keys made by pki, read by openssl and certtool ----
check "pki key new --type rsa-pss (no parameters)" pki key new --type rsa-pss --bits 2048 -o "$T/any.key"
check "pki key new --type rsa-pss --pss-hash sha384" pki key new --type rsa-pss --bits 2048 \
	--pss-hash sha384 -o "$T/384.key"
txt=$("$OPENSSL" pkey -in "$T/any.key" -noout -text 2>&1)
has "openssl pkey -text: an RSA-PSS key" "$txt" "No PSS parameter restrictions"
txt=$("$OPENSSL" pkey -in "$T/384.key" -noout -text 2>&1)
has "openssl pkey -text: restricted to SHA-384" "$txt" "Hash Algorithm: SHA2-384"
has "openssl pkey -text: MGF1 with SHA-384" "$txt" "Mask Algorithm: MGF1 with SHA2-384"
has "openssl pkey -text: minimum salt 48" "$txt" "Minimum Salt Length: 48"
txt=$(certtool_q -k --infile "$T/384.key" 2>&1)
has "certtool -k: RSA-PSS" "$txt" "Public Key Algorithm: RSA-PSS"
has "certtool -k: SHA384" "$txt" "Hash Algorithm: SHA384"
has "certtool -k: salt 48" "$txt" "Salt Length: 48"
txt=$(certtool_q -k --infile "$T/any.key" 2>&1)
has "certtool -k: the unrestricted key is RSA-PSS" "$txt" "Public Key Algorithm: RSA-PSS"
# RFC 4055 3.1: parameters absent for a key without restrictions...
a=$(asn PEM "$T/any.key")
same "DER: PrivateKeyInfo algorithm rsassaPss without parameters" \
	"$(printf '%s\n' "$a" | sed -n '3,5p')" "d=1 SEQUENCE
d=2 OBJECT :rsassaPss
d=1 OCTET STRING [HEX DUMP]$(printf '%s\n' "$a" | sed -n '5s/.*\[HEX DUMP\]//p')"
# ... and hash, MGF1 (same hash) and salt present, trailerField (default 1) omitted otherwise.
same "DER: RSASSA-PSS-params of the restricted key" "$(asn PEM "$T/384.key" | sed -n '4,16p')" "d=2 OBJECT :rsassaPss
$PSS384
d=1 OCTET STRING [HEX DUMP]$(asn PEM "$T/384.key" | sed -n '16s/.*\[HEX DUMP\]//p')"
check "pki convert: the key as DER" pki convert --to der "$T/384.key" -o "$T/384.der"
same "openssl reads the DER key: same modulus" "$("$OPENSSL" pkey -inform DER -in "$T/384.der" -noout -text | grep -c 'Hash Algorithm: SHA2-384')" "1"
has "pki key show reads the DER key" "$(pki key show "$T/384.der" 2>&1)" "type:        rsa-pss"
# pki writes the encrypted key again (PBES2, AES-256-CBC, PBKDF2: its own export path).
check "pki convert: the encrypted openssl key, as encrypted DER" pki convert --to der --pass-env PW \
	"$T/o-256-enc.key" -o "$T/enc.der"
txt=$("$OPENSSL" pkey -inform DER -in "$T/enc.der" -passin pass:s3cret -noout -text 2>&1)
has "openssl decrypts pki's encrypted RSA-PSS key" "$txt" "Hash Algorithm: SHA2-256"

# ---- a PSS-keyed CA ----
check "pki ca new with the SHA-384 RSA-PSS key" pki ca new --subject "CN=PSS-keyed root" \
	--key "$T/384.key" -o "$T/ca.pem"
txt=$("$OPENSSL" x509 -in "$T/ca.pem" -noout -text)
has "openssl: the CA's public key is RSASSA-PSS" "$txt" "Public Key Algorithm: rsassaPss"
has "openssl: signed with rsassaPss" "$txt" "Signature Algorithm: rsassaPss"
has "openssl: the signature uses the key's SHA-384" "$txt" "Mask Algorithm: mgf1 with sha384"
hasnt "the PSS CA has no keyEncipherment" "$txt" "Key Encipherment"
# The signatureAlgorithm (the last SEQUENCE before the signature BIT STRING) carries the
# parameters, the default trailerField left out.
sig=$(asn PEM "$T/ca.pem" | tail -14)
same "DER: the certificate's signatureAlgorithm" "$(printf '%s\n' "$sig" | head -13)" "d=1 SEQUENCE
d=2 OBJECT :rsassaPss
$PSS384"
check "openssl verify: the self-signed PSS root" "$OPENSSL" verify -CAfile "$T/ca.pem" "$T/ca.pem"
check "an EC leaf issued by the PSS CA" pki cert sign --ca "$T/ca.pem" --ca-key "$T/384.key" \
	--subject CN=leaf.example --dns leaf.example --key-out "$T/leaf.key" -o "$T/leaf.pem"
check "openssl verify: the leaf" "$OPENSSL" verify -CAfile "$T/ca.pem" "$T/leaf.pem"
check "certtool --verify: the leaf" sh -c 'cat "$1" "$2" >"$3" && timeout 60 "$4" --verify \
	--load-ca-certificate "$2" --infile "$3" </dev/null 2>&1 | grep -q "Chain verification output: Verified"' \
	_ "$T/leaf.pem" "$T/ca.pem" "$T/chain.pem" "$CERTTOOL"
exits "a hash the CA key excludes is refused" 3 'restricted to sha384' pki cert sign --ca "$T/ca.pem" \
	--ca-key "$T/384.key" --hash sha256 --subject CN=x --dns x.example --key-out "$T/x.key" -o "$T/x.pem"
# CRLs and OCSP responses of the PSS-keyed CA: RSASSA-PSS with explicit SHA-384 parameters.
check "a CRL signed by the PSS CA" pki crl new --ca "$T/ca.pem" --ca-key "$T/384.key" \
	--revoke 0a:keyCompromise -o "$T/ca.crl"
check "openssl crl verifies it" sh -c '"$1" crl -in "$2" -CAfile "$3" -noout 2>&1 | grep -q "verify OK"' \
	_ "$OPENSSL" "$T/ca.crl" "$T/ca.pem"
same "DER: the CRL's signatureAlgorithm" "$(asn PEM "$T/ca.crl" | tail -14 | sed -n 2,13p)" \
	"d=2 OBJECT :rsassaPss
$PSS384"
check "an OCSP request for the leaf" pki ocsp request --cert "$T/leaf.pem" --issuer "$T/ca.pem" \
	--nonce -o "$T/leaf.req"
check "an OCSP response signed by the PSS CA" pki ocsp respond --ca "$T/ca.pem" --ca-key "$T/384.key" \
	--request "$T/leaf.req" --revoke 0a -o "$T/leaf.resp"
check "openssl ocsp verifies it and its nonce" sh -c '"$1" ocsp -respin "$2" -reqin "$3" -issuer "$4" \
	-CAfile "$4" 2>&1 | grep -q "Response verify OK"' _ "$OPENSSL" "$T/leaf.resp" "$T/leaf.req" "$T/ca.pem"
check "openssl ocsp: good" sh -c '"$1" ocsp -respin "$2" -issuer "$3" -CAfile "$3" -cert "$4" \
	-no_nonce 2>&1 | grep -q ": good"' _ "$OPENSSL" "$T/leaf.resp" "$T/ca.pem" "$T/leaf.pem"
same "pki ocsp check: good" "$(pki ocsp check --cert "$T/leaf.pem" --issuer "$T/ca.pem" \
	--response "$T/leaf.resp" --request "$T/leaf.req" 2>&1)" good
check "--pss with an RSA-PSS CA key is accepted" pki cert sign --ca "$T/ca.pem" --ca-key "$T/384.key" \
	--pss --subject CN=p.example --dns p.example --key-out "$T/p.key" -o "$T/p.pem"
check "a self-signed certificate of the unrestricted openssl key" pki cert self --key "$T/o-any.key" \
	--subject CN=self.example --dns self.example -o "$T/self.pem"
check "openssl verify: the self-signed PSS certificate" "$OPENSSL" verify -partial_chain -CAfile "$T/self.pem" "$T/self.pem"
# ---- requests ----
check "a request signed by the SHA-256 openssl PSS key" pki csr new --key "$T/o-256.key" \
	--subject CN=req.example -o "$T/o.csr"
txt=$("$OPENSSL" req -in "$T/o.csr" -verify -noout -text 2>&1)
has "openssl req -verify: the PSS-keyed request" "$txt" "verify OK"
has "openssl req: signed with rsassaPss SHA-256" "$txt" "Hash Algorithm: sha256"
check "pki signs a certificate for the PSS request" pki cert sign --ca "$T/ca.pem" --ca-key "$T/384.key" \
	--csr "$T/o.csr" --allow-no-san -o "$T/o.pem"
check "openssl verify: the certificate of the PSS request" "$OPENSSL" verify -CAfile "$T/ca.pem" "$T/o.pem"
exits "keyEncipherment for an RSA-PSS subject is refused" 3 'keyEncipherment' pki cert sign \
	--ca "$T/ca.pem" --ca-key "$T/384.key" --key-usage digitalSignature,keyEncipherment \
	--csr "$T/o.csr" --allow-no-san -o "$T/k.pem"
check "an RSA key for requests" pki key new --type rsa --bits 2048 -o "$T/rsa.key"
for h in sha256 sha384 sha512; do
	check "csr new --hash $h --pss" pki csr new --key "$T/rsa.key" --subject CN=$h --hash $h --pss -o "$T/$h.csr"
	txt=$("$OPENSSL" req -in "$T/$h.csr" -verify -noout -text 2>&1)
	has "openssl req -verify: PSS $h" "$txt" "verify OK"
	has "openssl req -text: rsassaPss with $h" "$txt" "Hash Algorithm: $h"
	has "openssl req -text: MGF1 with $h" "$txt" "Mask Algorithm: mgf1 with $h"
	check "csr new --hash $h (PKCS#1 v1.5)" pki csr new --key "$T/rsa.key" --subject CN=$h --hash $h -o "$T/$h-v15.csr"
	has "openssl req -text: ${h}WithRSAEncryption" "$("$OPENSSL" req -in "$T/$h-v15.csr" -verify -noout -text 2>&1)" "Signature Algorithm: ${h}WithRSAEncryption"
done
sig=$(asn PEM "$T/sha384.csr" | tail -14)
same "DER: the request's PSS signatureAlgorithm (trailerField omitted)" "$(printf '%s\n' "$sig" | head -13)" "d=1 SEQUENCE
d=2 OBJECT :rsassaPss
$PSS384"
same "DER: a PKCS#1 v1.5 request keeps the NULL parameters (RFC 8017 A.2.4)" \
	"$(asn PEM "$T/sha256-v15.csr" | tail -3 | head -2)" "d=2 OBJECT :sha256WithRSAEncryption
d=2 NULL"
check "csr new --pss --ext: signed again with PSS" pki csr new --key "$T/rsa.key" --subject CN=e \
	--hash sha512 --pss --ext 1.2.3.4=DER:0500 -o "$T/ext.csr"
has "openssl req: the re-signed request is still PSS-SHA-512" "$("$OPENSSL" req -in "$T/ext.csr" -verify -noout -text 2>&1)" "Hash Algorithm: sha512"
has "certtool --crq-info: RSA-PSS-SHA512" "$(certtool_q --crq-info --infile "$T/ext.csr" 2>&1)" "RSA-PSS-SHA512"
check "pki issues from the PSS-signed request" pki cert sign --ca "$T/ca.pem" --ca-key "$T/384.key" \
	--csr "$T/sha512.csr" --allow-no-san -o "$T/r.pem"
check "an EC key" pki key new -o "$T/ec.key"
exits "csr new --pss with an EC key is refused" 3 'need an RSA key' pki csr new --key "$T/ec.key" --subject CN=x --pss
exits "csr new --hash md5 is a usage error" 2 'sha256, sha384 or sha512' pki csr new --key "$T/ec.key" --subject CN=x --hash md5
exits "csr new --eku is a usage error" 2 'when the certificate is issued' pki csr new --key "$T/ec.key" --subject CN=x --eku serverAuth
exits "csr new: a hash the PSS key excludes" 3 'restricted to sha256' pki csr new --key "$T/o-256.key" --subject CN=x --hash sha512
exits "--pss-hash without --type rsa-pss" 2 'goes with --type rsa-pss' pki key new --pss-hash sha256 -o "$T/bad.key"
done_testing
