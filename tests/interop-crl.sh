#!/bin/sh
# CRLs: openssl and certtool read and verify the CRLs libpki writes (with their reason codes),
# and libpki reads the CRLs of `openssl ca -gencrl` and `certtool --generate-crl`.
. "$top_srcdir/tests/lib.sh"
PV="$top_builddir/tests/pki-verify"
cd "$TMP" || exit 99

check "CA" "$PV" ca ca.key ca.pem "CN=Example CA,O=Example"
check "leaf 1" "$PV" issue ca.pem ca.key l1.key l1.pem "CN=one.example.com" DNS:one.example.com
check "leaf 2" "$PV" issue ca.pem ca.key l2.key l2.pem "CN=two.example.com" DNS:two.example.com
s1=$("$PV" serial l1.pem)
s2=$("$PV" serial l2.pem)
upper() { printf '%s' "$1" | tr 'a-f' 'A-F'; }

# ---- libpki writes, openssl and certtool read ----
check "libpki CRL" "$PV" --days=7 crl ca.pem ca.key c.pem "$s1:keyCompromise:1800000000" \
	"0abc:cessationOfOperation" "0def:certificateHold" "1234"
check "libpki CRL (DER)" "$PV" --der crl ca.pem ca.key c.der "$s2:superseded"
"$OPENSSL" crl -in c.pem -noout -text >c.txt 2>&1
check "openssl crl -text reads it" grep -q "Version 2" c.txt
check "openssl: serial 1 listed" grep -q "Serial Number: $(upper "$s1")" c.txt
check "openssl: keyCompromise" grep -q "Key Compromise" c.txt
check "openssl: cessationOfOperation" grep -q "Cessation Of Operation" c.txt
check "openssl: certificateHold" grep -q "Certificate Hold" c.txt
check "openssl: revocation date" grep -q "Revocation Date: Jan 15 08:00:00 2027 GMT" c.txt
check "openssl: CRL number" grep -q "X509v3 CRL Number" c.txt
check "openssl: authority key identifier" grep -q "X509v3 Authority Key Identifier" c.txt
same "openssl: four entries" "$(grep -c 'Serial Number:' c.txt)" 4
same "openssl: one entry without a reason" "$(grep -c 'X509v3 CRL Reason Code' c.txt)" 3
check "openssl crl -CAfile verifies the signature" sh -c \
	"'$OPENSSL' crl -in c.pem -CAfile ca.pem -noout 2>&1 | grep -q 'verify OK'"
check "openssl reads the DER CRL" sh -c \
	"'$OPENSSL' crl -inform DER -in c.der -CAfile ca.pem -noout -text 2>&1 | grep -q Superseded"
check "certtool --crl-info reads it" sh -c \
	"timeout 60 '$CERTTOOL' --crl-info --infile c.pem </dev/null | grep -qi '$s1'"
check "certtool --verify-crl verifies the signature" timeout 60 "$CERTTOOL" --verify-crl \
	--load-ca-certificate ca.pem --infile c.pem
check "libpki reads its own CRL back" sh -c \
	"'$PV' crl-show --json c.pem | grep -q '\"serial\": \"$s1\", \"revocation_date\": \"2027-01-15T08:00:00Z\", \"reason\": \"keyCompromise\"'"

# ---- openssl ca -gencrl writes, libpki reads ----
mkdir ossl && cd ossl || exit 99
: >index.txt
echo 01 >crlnumber
echo 1000 >serial
cat >ca.cnf <<EOF
[ ca ]
default_ca = CA_default
[ CA_default ]
dir = .
database = ./index.txt
certificate = ../ca.pem
private_key = ../ca.key
crlnumber = ./crlnumber
serial = ./serial
new_certs_dir = .
default_md = sha256
default_crl_days = 7
policy = pol
[ pol ]
commonName = supplied
EOF
check "openssl ca -revoke (keyCompromise)" "$OPENSSL" ca -config ca.cnf -batch -revoke ../l1.pem -crl_reason keyCompromise
check "openssl ca -revoke (affiliationChanged)" "$OPENSSL" ca -config ca.cnf -batch -revoke ../l2.pem -crl_reason affiliationChanged
check "openssl ca -gencrl" "$OPENSSL" ca -config ca.cnf -batch -gencrl -out o.crl
cd .. || exit 99
"$PV" crl-show --json ossl/o.crl >o.json 2>&1
check "libpki reads openssl's CRL: entry 1 with its reason" grep -q "\"serial\": \"$s1\", \"revocation_date\": \"[^\"]*\", \"reason\": \"keyCompromise\"" o.json
check "libpki reads openssl's CRL: entry 2 with its reason" grep -q "\"serial\": \"$s2\", \"revocation_date\": \"[^\"]*\", \"reason\": \"affiliationChanged\"" o.json
check "libpki reads openssl's CRL number" grep -q '"number": "01"' o.json
check "libpki verification uses openssl's CRL" sh -c \
	"'$PV' verify --ca=ca.pem --crl=ossl/o.crl --crl-check=leaf l1.pem | grep -q \"reason keyCompromise (the leaf 'CN=one.example.com')\""

# ---- certtool --generate-crl writes, libpki reads ----
cat >crl.tmpl <<EOF
crl_next_update = 7
crl_number = 42
EOF
check "certtool --generate-crl" timeout 60 "$CERTTOOL" --generate-crl --load-ca-privkey ca.key \
	--load-ca-certificate ca.pem --load-certificate l2.pem --template crl.tmpl --outfile g.crl
"$PV" crl-show --json g.crl >g.json 2>&1
check "libpki reads certtool's CRL: the entry" grep -q "\"serial\": \"$s2\"" g.json
check "libpki reads certtool's CRL number" grep -q '"number": "2a"' g.json
check "libpki: certtool's CRL revokes leaf 2" sh -c \
	"'$PV' verify --ca=ca.pem --crl=g.crl --crl-check=leaf l2.pem | grep -q 'revoked on'"
check "libpki: certtool's CRL does not revoke leaf 1" "$PV" verify --ca=ca.pem --crl=g.crl --crl-check=leaf l1.pem

done_testing
