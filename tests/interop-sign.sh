#!/bin/sh
# pki key sign / verify (pki_key_sign, pki_key_verify) against openssl, both ways: ECDSA on
# P-256/P-384/P-521 and RSA PKCS#1 v1.5 with `openssl dgst -sign/-verify`, RSA-PSS with
# rsa_padding_mode:pss and a salt as long as the hash, Ed25519/Ed448 with `openssl pkeyutl
# -rawin`. The keys are openssl's, so libpki's reading of them is checked too.
. "${top_srcdir}/tests/cli-lib.sh"
cd "$TMP" || exit 99
printf 'libpki signs this line.\n' >data
printf 'libpki signs this line!\n' >other

# dgst_both NAME HASH OPENSSL-SIGOPTS PKI-OPTS: openssl -> pki and pki -> openssl.
dgst_both() {
	_n=$1 _h=$2 _so=$3 _po=$4
	# shellcheck disable=SC2086
	ossl dgst "-$_h" $_so -sign "$_n.key" -out "$_n.o.sig" data 2>/dev/null
	# shellcheck disable=SC2086
	succeeds "$_n/$_h: pki verifies openssl's signature" pki key verify --hash "$_h" $_po --sig "$_n.o.sig" "$_n.pub" data
	# shellcheck disable=SC2086
	not_verified "$_n/$_h: ... not of other data" pki key verify --hash "$_h" $_po --sig "$_n.o.sig" "$_n.pub" other
	# shellcheck disable=SC2086
	succeeds "$_n/$_h: pki signs" pki key sign --hash "$_h" $_po -f -o "$_n.p.sig" "$_n.key" data
	# shellcheck disable=SC2086
	check "$_n/$_h: openssl verifies pki's signature" ossl dgst "-$_h" $_so -verify "$_n.pub" -signature "$_n.p.sig" data
	# shellcheck disable=SC2086
	check_fails "$_n/$_h: ... and not for other data" ossl dgst "-$_h" $_so -verify "$_n.pub" -signature "$_n.p.sig" other
}

# Exit status 1 (does not verify), with the reason on standard output, no error message.
not_verified() {
	_d=$1
	shift
	"$@" >"$TMP/.out" 2>"$TMP/.err" </dev/null
	_rc=$?
	if [ "$_rc" -eq 1 ] && [ ! -s "$TMP/.err" ] && grep -q '^signature does not verify' "$TMP/.out"; then
		ok "$_d"
	else
		fail "$_d (exit $_rc)"; sed 's/^/# /' "$TMP/.err" "$TMP/.out"
	fi
}

for c in P-256:sha256 P-384:sha384 P-521:sha512 P-256:sha512; do
	curve=${c%%:*} h=${c#*:} n=ec-$curve
	[ -e "$n.key" ] || ossl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:$curve" -out "$n.key" 2>/dev/null
	ossl pkey -in "$n.key" -pubout -out "$n.pub" 2>/dev/null
	dgst_both "$n" "$h" "" ""
done
# The key's own hash by default: P-384 signs with SHA-384, as `openssl dgst -sha384`.
succeeds "default hash of P-384" pki key sign -o d.sig ec-P-384.key data
check "... is SHA-384 for openssl" ossl dgst -sha384 -verify ec-P-384.pub -signature d.sig data

ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.key 2>/dev/null
ossl pkey -in rsa.key -pubout -out rsa.pub 2>/dev/null
dgst_both rsa sha256 "" ""
dgst_both rsa sha384 "" ""
pss="-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest"
dgst_both rsa sha256 "$pss" --pss
dgst_both rsa sha512 "$pss" --pss
ossl dgst -sha256 -sign rsa.key -out rsa.v15.sig data 2>/dev/null
not_verified "a PKCS#1 v1.5 signature is not a PSS one" pki key verify --pss --sig rsa.v15.sig rsa.pub data

for t in ed25519 ed448; do
	ossl genpkey -algorithm "$t" -out "$t.key" 2>/dev/null
	ossl pkey -in "$t.key" -pubout -out "$t.pub" 2>/dev/null
	ossl pkeyutl -sign -inkey "$t.key" -rawin -in data -out "$t.o.sig" 2>/dev/null
	succeeds "$t: pki verifies openssl's signature" pki key verify --sig "$t.o.sig" "$t.pub" data
	not_verified "$t: ... not of other data" pki key verify --sig "$t.o.sig" "$t.pub" other
	succeeds "$t: pki signs" pki key sign -o "$t.p.sig" "$t.key" data
	check "$t: openssl verifies pki's signature" ossl pkeyutl -verify -pubin -inkey "$t.pub" -rawin -in data -sigfile "$t.p.sig"
	same "$t: pure EdDSA is deterministic: the same signature as openssl's" "$(od -An -tx1 "$t.p.sig")" "$(od -An -tx1 "$t.o.sig")"
	exits "$t: a hash is refused" 2 "pure EdDSA" pki key sign --hash sha256 -o x.sig "$t.key" data
done

# Usage and failures.
exits "sign: a public key cannot sign" 3 "private key required" pki key sign -o x.sig ec-P-256.pub data
exits "verify: --sig is required" 2 "--sig SIG is required" pki key verify ec-P-256.pub data
exits "unknown hash" 2 "--hash must be sha256, sha384 or sha512" pki key sign --hash md5 ec-P-256.key data
exits "--pss with an EC key" 2 "PKI_SIGN_RSA_PSS is for RSA keys" pki key sign --pss -o x.sig ec-P-256.key data
head -c 10 rsa.p.sig >trunc.sig
not_verified "a truncated signature does not verify" pki key verify --sig trunc.sig rsa.pub data
done_testing
