#!/bin/sh
# Keys written by libpki are read by openssl and certtool; keys written by openssl and certtool
# are read by libpki, with the same public key.
. "${top_srcdir}/tests/lib.sh"
kt="$top_builddir/tests/pki-keytool"
P=correct-horse

pub_openssl() { "$OPENSSL" pkey -in "$1" ${2:+-passin "pass:$2"} -pubout 2>/dev/null; }

# --- libpki -> openssl, certtool -------------------------------------------------------------
for t in p256 p384 p521 ed25519 ed448 rsa; do
	check "libpki generates $t" "$kt" gen "$t" "$TMP/$t.pem"
	check "openssl reads libpki $t PEM" "$OPENSSL" pkey -in "$TMP/$t.pem" -noout
	check "certtool reads libpki $t PEM" certtool_q -k --infile "$TMP/$t.pem"
	same "openssl and libpki agree on the $t public key" "$(pub_openssl "$TMP/$t.pem")" \
		"$("$kt" pub "$TMP/$t.pem")"
	check "libpki writes $t DER" "$kt" convert "$TMP/$t.pem" "$TMP/$t.der" der
	check "openssl reads libpki $t DER" "$OPENSSL" pkey -inform DER -in "$TMP/$t.der" -noout
	same "libpki DER and PEM give one public key ($t)" "$("$kt" pub "$TMP/$t.der")" \
		"$("$kt" pub "$TMP/$t.pem")"
done
mode=$(stat -c %a "$TMP/p256.pem")
same "key files are mode 0600" "$mode" 600

# Encrypted: PBES2 + AES-256-CBC, read by both tools (each derivation costs ~70 ms: keep few).
check "libpki writes an encrypted P-256 key" "$kt" gen p256 "$TMP/enc.pem" pem "$P"
head -1 "$TMP/enc.pem" | grep -q 'BEGIN ENCRYPTED PRIVATE KEY' && ok "encrypted key is PKCS#8" \
	|| fail "encrypted key is PKCS#8"
"$OPENSSL" asn1parse -in "$TMP/enc.pem" >"$TMP/enc.asn1" 2>&1
grep -q ':PBES2' "$TMP/enc.asn1" && grep -q ':aes-256-cbc' "$TMP/enc.asn1" \
	&& ok "encryption is PBES2 with AES-256-CBC" || fail "encryption is PBES2 with AES-256-CBC"
grep -qi 'des' "$TMP/enc.asn1" && fail "no DES anywhere" || ok "no DES anywhere"
same "openssl decrypts libpki's key to the same public key" "$(pub_openssl "$TMP/enc.pem" "$P")" \
	"$("$kt" pub "$TMP/enc.pem" "$P")"
check "certtool decrypts libpki's key" certtool_q -k --infile "$TMP/enc.pem" --password "$P"

# --- openssl, certtool -> libpki -------------------------------------------------------------
"$OPENSSL" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$TMP/o-ec.pem" 2>/dev/null
"$OPENSSL" genpkey -algorithm ED25519 -out "$TMP/o-ed.pem" 2>/dev/null
"$OPENSSL" genpkey -algorithm ED448 -out "$TMP/o-ed448.pem" 2>/dev/null
"$OPENSSL" genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$TMP/o-rsa.pem" 2>/dev/null
"$OPENSSL" ecparam -name secp384r1 -genkey -out "$TMP/o-sec1.pem" 2>/dev/null # SEC1 + params
"$OPENSSL" rsa -in "$TMP/o-rsa.pem" -traditional -out "$TMP/o-pkcs1.pem" 2>/dev/null
"$OPENSSL" pkey -in "$TMP/o-ec.pem" -outform DER -out "$TMP/o-ec.der" 2>/dev/null
"$OPENSSL" pkey -in "$TMP/o-ec.pem" -pubout -out "$TMP/o-ec-pub.pem" 2>/dev/null
for f in o-ec.pem o-ed.pem o-ed448.pem o-rsa.pem o-sec1.pem o-pkcs1.pem o-ec.der; do
	same "libpki reads openssl's $f with the same public key" "$("$kt" pub "$TMP/$f")" \
		"$(pub_openssl "$TMP/$f")"
done
same "libpki reads openssl's public key" "$("$kt" info "$TMP/o-ec-pub.pem" | cut -d' ' -f1-3)" "ec 256 P-256"
same "SEC1 P-384 key is recognised" "$("$kt" info "$TMP/o-sec1.pem" | cut -d' ' -f1-3)" "ec 384 P-384"
same "PKCS#1 RSA key is recognised" "$("$kt" info "$TMP/o-pkcs1.pem" | cut -d' ' -f1-2)" "rsa 2048"

# The seed recipe: `openssl genrsa -des3` (PKCS#8 with DES3 in OpenSSL 3) and its -traditional
# form (legacy PEM, Proc-Type: 4,ENCRYPTED).
"$OPENSSL" genrsa -des3 -passout "pass:$P" -out "$TMP/des3.pem" 2048 2>/dev/null
"$OPENSSL" genrsa -des3 -traditional -passout "pass:$P" -out "$TMP/des3-trad.pem" 2048 2>/dev/null
grep -q 'Proc-Type: 4,ENCRYPTED' "$TMP/des3-trad.pem" && ok "openssl wrote a legacy encrypted PEM" \
	|| fail "openssl wrote a legacy encrypted PEM"
for f in des3.pem des3-trad.pem; do
	same "libpki decrypts openssl genrsa -des3 ($f)" "$("$kt" pub "$TMP/$f" "$P")" \
		"$(pub_openssl "$TMP/$f" "$P")"
	"$kt" info "$TMP/$f" >/dev/null 2>&1
	same "no password for $f gives PKI_E_PASSWORD_REQUIRED" "$?" 14
	"$kt" info "$TMP/$f" wrong-password >/dev/null 2>&1
	same "a wrong password for $f gives PKI_E_BAD_PASSWORD" "$?" 15
done

# A file may ask for any PBKDF2 cost: libpki refuses more than 10 million iterations at once.
"$OPENSSL" pkcs8 -topk8 -in "$TMP/o-ec.pem" -v2 aes-256-cbc -iter 8388608 -passout "pass:$P" \
	-outform DER -out "$TMP/iter.der" 2>/dev/null
# INTEGER 8388608 (02 04 00 80 00 00) becomes 2147483647 (02 04 7f ff ff ff)
perl -0777 -pe 's/\x02\x04\x00\x80\x00\x00/\x02\x04\x7f\xff\xff\xff/' "$TMP/iter.der" >"$TMP/iter-huge.der"
if cmp -s "$TMP/iter.der" "$TMP/iter-huge.der"; then fail "patched the iteration count"; else ok "patched the iteration count"; fi
"$kt" info "$TMP/iter-huge.der" "$P" >/dev/null 2>&1
same "2^31 PBKDF2 iterations are refused with PKI_E_UNSUPPORTED" "$?" 16
certtool_q --generate-privkey --key-type ecdsa --outfile "$TMP/c-ec.pem" >/dev/null 2>&1
certtool_q --generate-privkey --key-type ed25519 --outfile "$TMP/c-ed.pem" >/dev/null 2>&1
certtool_q --generate-privkey --key-type rsa --bits 2048 --outfile "$TMP/c-rsa.pem" >/dev/null 2>&1
certtool_q --generate-privkey --key-type ecdsa --pkcs8 --password "$P" --outfile "$TMP/c-enc.pem" >/dev/null 2>&1
for f in c-ec.pem c-ed.pem c-rsa.pem; do
	same "libpki reads certtool's $f with the same public key" "$("$kt" pub "$TMP/$f")" \
		"$(pub_openssl "$TMP/$f")"
done
same "libpki decrypts certtool's encrypted PKCS#8" "$("$kt" pub "$TMP/c-enc.pem" "$P")" \
	"$(pub_openssl "$TMP/c-enc.pem" "$P")"

# SHA-1 key id is RFC 5280 method 1, as openssl writes it in subjectKeyIdentifier.
"$OPENSSL" req -new -x509 -key "$TMP/p256.pem" -subj /CN=ski -days 1 -out "$TMP/ski.crt" 2>/dev/null
ski=$("$OPENSSL" x509 -in "$TMP/ski.crt" -noout -ext subjectKeyIdentifier 2>/dev/null | tail -1 | tr -d ' :' | tr A-F a-f)
same "SHA-1 key id equals openssl's subjectKeyIdentifier" "$("$kt" info "$TMP/p256.pem" | cut -d' ' -f5)" "$ski"
# SHA-256 id is the SHA-256 of the DER SubjectPublicKeyInfo.
fp=$("$OPENSSL" pkey -in "$TMP/p256.pem" -pubout -outform DER 2>/dev/null | sha256sum | cut -d' ' -f1)
same "SHA-256 key id is the SPKI digest" "$("$kt" info "$TMP/p256.pem" | cut -d' ' -f4)" "$fp"

# PKCS#1 "RSA PUBLIC KEY" files (RFC 8017 A.1.1), PEM and DER, read as the same public key.
"$OPENSSL" rsa -in "$TMP/rsa.pem" -RSAPublicKey_out -out "$TMP/rsa-pkcs1.pem" 2>/dev/null
"$OPENSSL" rsa -in "$TMP/rsa.pem" -RSAPublicKey_out -outform DER -out "$TMP/rsa-pkcs1.der" 2>/dev/null
same "openssl -RSAPublicKey_out writes an RSA PUBLIC KEY block" "$(head -1 "$TMP/rsa-pkcs1.pem")" \
	"-----BEGIN RSA PUBLIC KEY-----"
same "libpki reads the PKCS#1 PEM public key" "$("$kt" pub "$TMP/rsa-pkcs1.pem")" "$(pub_openssl "$TMP/rsa.pem")"
same "libpki reads the PKCS#1 DER public key" "$("$kt" pub "$TMP/rsa-pkcs1.der")" "$(pub_openssl "$TMP/rsa.pem")"
head -c 200 "$TMP/rsa-pkcs1.der" >"$TMP/rsa-pkcs1-cut.der"
check_fails "a truncated PKCS#1 DER public key is refused" "$kt" pub "$TMP/rsa-pkcs1-cut.der"
done_testing
