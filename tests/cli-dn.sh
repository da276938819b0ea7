#!/bin/sh
# Subjects given attribute by attribute (--dn-attr TYPE=VALUE, +TYPE=VALUE for a multi-valued
# RDN) in pki csr new, ca new, cert self and cert sign, read back by openssl: the RFC 2253
# subject, the DER (asn1parse: a multi-valued RDN's SET sorted in DER order, PrintableString,
# UTF8String and IA5String where the parser would choose them), the issuer of the CA's CRLs;
# and every refusal.
. "${top_srcdir}/tests/cli-lib.sh"
PY=$PYTHON
cd "$TMP" || exit 99

# subject FILE KIND: openssl's RFC 2253 subject of a certificate (x509) or request (req).
subject() { ossl "$2" -in "$1" -noout -subject -nameopt RFC2253 | sed 's/^subject=//'; }
# asn1 FILE KIND: the lines of openssl asn1parse that name attributes or hold their values.
asn1() {
	if [ "$2" = req ]; then ossl req -in "$1" -outform DER -out "$1.der"; else ossl x509 -in "$1" -outform DER -out "$1.der"; fi
	ossl asn1parse -inform DER -in "$1.der" | grep -E 'cons: SET|OBJECT|STRING' |
		sed -E 's/^ *[0-9]+:d=([0-9]+) +hl=[0-9]+ +l= *[0-9]+ (prim|cons): *//' | tr -s ' '
}

succeeds "pki key new" pki key new --type ed25519 -o k.pem
succeeds "csr new --dn-attr, a multi-valued RDN" pki csr new --key k.pem --dn-attr C=gb \
	--dn-attr "O=Example, Ltd" --dn-attr CN=host --dn-attr +OU=ops --dn-attr DC=example -o r.pem
same "openssl reads the request's subject" "$(subject r.pem req)" \
	'DC=example,CN=host+OU=ops,O=Example\, Ltd,C=GB'
asn1 r.pem req >r.asn1
# The SET of the third RDN: OU=ops (10 bytes) before CN=host (11 bytes), as DER sorts it,
# whatever the order of the options.
same "the request's Name in DER: SETs, sorted multi-valued RDN, string types" \
	"$(sed -n '1,/ED25519/p' r.asn1 | grep -v ED25519 | tr '\n' '|')" \
	"SET |OBJECT :countryName|PRINTABLESTRING :GB|SET |OBJECT :organizationName|PRINTABLESTRING :Example, Ltd|SET |OBJECT :organizationalUnitName|PRINTABLESTRING :ops|OBJECT :commonName|PRINTABLESTRING :host|SET |OBJECT :domainComponent|IA5STRING :example|"
succeeds "csr new --dn-attr in the other order inside the RDN" pki csr new --key k.pem \
	--dn-attr C=GB --dn-attr "O=Example, Ltd" --dn-attr OU=ops --dn-attr +CN=host \
	--dn-attr DC=example -o r2.pem
asn1 r2.pem req >r2.asn1
check "the same DER Name either way" cmp r.asn1 r2.asn1
succeeds "csr new --subject with the same name" pki csr new --key k.pem \
	--subject 'DC=example,CN=host+OU=ops,O=Example\, Ltd,C=GB' -o r3.pem
asn1 r3.pem req >r3.asn1
check "the same DER Name as --subject" cmp r.asn1 r3.asn1

# A CA named attribute by attribute: UTF8String for a non-printable value, and the CRL it
# signs has that issuer.
succeeds "ca new --dn-attr" pki ca new --key-out ca.key --type ed25519 --dn-attr C=CH \
	--dn-attr "O=Zürich AG" --dn-attr "CN=Root-1 (test)" --dn-attr 2.5.4.97=NTRCH-123 -o ca.pem
same "openssl reads the CA subject" "$(subject ca.pem x509)" \
	'organizationIdentifier=NTRCH-123,CN=Root-1 (test),O=Z\C3\BCrich AG,C=CH'
asn1 ca.pem x509 >ca.asn1
check "O=Zürich AG is a UTF8String" grep -qx 'UTF8STRING :Zürich AG' ca.asn1
check "CN=Root-1 (test) is a PrintableString" grep -qx 'PRINTABLESTRING :Root-1 (test)' ca.asn1
check "the unknown 2.5.4.97 is a PrintableString too" grep -qx 'PRINTABLESTRING :NTRCH-123' ca.asn1
succeeds "crl new" pki crl new --ca ca.pem --ca-key ca.key -o crl.pem
same "the CRL issuer is the CA subject" \
	"$(ossl crl -in crl.pem -noout -issuer -nameopt RFC2253 | sed 's/^issuer=//')" \
	'organizationIdentifier=NTRCH-123,CN=Root-1 (test),O=Z\C3\BCrich AG,C=CH'

succeeds "ca init --dn-attr" pki ca init cadir --dn-attr O=Example --dn-attr "CN=Dir CA"
same "openssl reads the directory CA's subject" "$(subject cadir/ca.pem x509)" 'CN=Dir CA,O=Example'

# cert sign: replace a request's subject; a new key certified without a request.
succeeds "cert sign --dn-attr replaces the request's subject" pki cert sign --ca ca.pem \
	--ca-key ca.key --csr r.pem --profile client --dn-attr O=Other --dn-attr CN=leaf \
	--dn-attr "+UID=u 1" -o leaf.pem
# (openssl prints a multi-valued RDN's attributes last first)
same "openssl reads the replaced subject" "$(subject leaf.pem x509)" 'UID=u 1+CN=leaf,O=Other'
succeeds "cert show --json" pki cert show --json leaf.pem
same "subject_rdns lists the RDNs in order, the multi-valued one DER-sorted" \
	"$("$PY" -c 'import json,sys; print(json.load(sys.stdin)["subject_rdns"])' <"$TMP/.out")" \
	"[[{'type': 'O', 'value': 'Other'}], [{'type': 'CN', 'value': 'leaf'}, {'type': 'UID', 'value': 'u 1'}]]"
succeeds "cert sign --key-out --dn-attr" pki cert sign --ca ca.pem --ca-key ca.key \
	--key-out new.key --type ed25519 --profile client --dn-attr CN=new -o new.pem
same "openssl reads its subject" "$(subject new.pem x509)" 'CN=new'
succeeds "cert self --dn-attr" pki cert self --key k.pem --profile client --dn-attr "CN=#a,b" -o self.pem
same "a literal '#' and comma" "$(subject self.pem x509)" 'CN=\#a\,b'
check "'#' is not PrintableString: a UTF8String" grep -qx 'UTF8STRING :#a,b' "$(asn1 self.pem x509 >self.asn1; echo self.asn1)"

exits "unknown short name" 3 "unknown attribute type \"XX\"" pki csr new --key k.pem --dn-attr XX=1
exits "empty value" 3 "empty value for CN" pki csr new --key k.pem --dn-attr CN=
exits "a bad country" 3 "two-letter" pki csr new --key k.pem --dn-attr C=GBR
exits "a malformed OID" 3 "malformed attribute OID" pki csr new --key k.pem --dn-attr 2.5.=x
exits "invalid UTF-8" 3 "not valid UTF-8" pki csr new --key k.pem --dn-attr "$(printf 'CN=\303\050')"
exits "a type twice in one RDN" 3 "appears twice" pki csr new --key k.pem --dn-attr CN=a --dn-attr +CN=b
exits "+ first" 2 "joins the one before it" pki csr new --key k.pem --dn-attr +CN=a
exits "no '='" 2 "takes TYPE=VALUE" pki csr new --key k.pem --dn-attr CN
exits "--subject and --dn-attr" 2 "not both" pki csr new --key k.pem --subject CN=a --dn-attr CN=b
args=
i=0
while [ $i -le 256 ]; do args="$args --dn-attr DC=a"; i=$((i + 1)); done
# shellcheck disable=SC2086
exits "more than PKI_MAX_DN_ATTRIBUTES attributes" 3 "more than 256 attributes" pki csr new --key k.pem $args
done_testing
