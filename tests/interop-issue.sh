#!/bin/sh
# Certificates issued by libpki are accepted by `openssl verify` and `certtool --verify`
# (root->leaf and root->intermediate->leaf, every key type as CA and as leaf); requests made
# by `openssl req` and `certtool --generate-request` are signed, taking only their SANs; openssl
# shows the profile's extensions; name constraints are enforced by openssl and certtool.
. "${top_srcdir}/tests/lib.sh"
pi="$top_builddir/tests/pki-issue"
T=$TMP

# ossl_verify CA UNTRUSTED-OR-EMPTY CERT [openssl verify options...]
ossl_verify() {
	_ca=$1 _u=$2 _c=$3; shift 3
	if [ -n "$_u" ]; then
		"$OPENSSL" verify "$@" -CAfile "$_ca" -untrusted "$_u" "$_c"
	else
		"$OPENSSL" verify "$@" -CAfile "$_ca" "$_c"
	fi
}
# gnutls_verify CA CHAIN: certtool's verdict, which must say "Verified" and exit 0.
gnutls_verify() {
	_out=$(certtool_q --verify --load-ca-certificate "$1" --infile "$2" 2>&1) || {
		printf '%s\n' "$_out"; return 1; }
	printf '%s\n' "$_out" | grep -q 'Chain verification output: Verified' || {
		printf '%s\n' "$_out"; return 1; }
}
# nc_rejected DESCRIPTION CA UNTRUSTED-OR-EMPTY CERT CHAIN: openssl and certtool both refuse
# the certificate, and for a name-constraint violation rather than anything else.
nc_rejected() {
	if _out=$(ossl_verify "$2" "$3" "$4" 2>&1); then
		fail "openssl verify rejects $1 (it accepted it)"
	elif printf '%s\n' "$_out" | grep -q 'subtree violation'; then
		ok "openssl verify rejects $1 (subtree violation)"
	else
		fail "openssl verify rejects $1 for its name"; printf '%s\n' "$_out" | sed 's/^/# /'
	fi
	_out=$(certtool_q --verify --load-ca-certificate "$2" --infile "$5" 2>&1)
	if printf '%s\n' "$_out" | grep -q "violates the signer's constraints"; then
		ok "certtool --verify rejects $1 (signer's constraints)"
	else
		fail "certtool --verify rejects $1 for its name"; printf '%s\n' "$_out" | sed 's/^/# /'
	fi
}
# ext CERT NAME: openssl's rendering of one extension (header line included).
ext() { "$OPENSSL" x509 -in "$1" -noout -ext "$2" 2>/dev/null; }
# has DESCRIPTION CERT EXTENSION PATTERN: the extension's text matches the grep -E pattern.
has() {
	if ext "$2" "$3" | grep -Eq -- "$4"; then ok "$1"; else
		fail "$1"; ext "$2" "$3" | sed 's/^/# /'; fi
}
hasnt() {
	if ext "$2" "$3" | grep -Eq -- "$4"; then
		fail "$1"; ext "$2" "$3" | sed 's/^/# /'; else ok "$1"; fi
}
# keyid CERT EXT: the hex key identifier of subjectKeyIdentifier / authorityKeyIdentifier.
keyid() { ext "$1" "$2" | sed -n '2p' | tr -d ' :' | sed 's/^keyid//'; }

# --- root -> leaf, every key type as CA and as leaf -------------------------------------------
for ct in p256 p384 ed25519 rsa; do
	check "root CA with a $ct key" "$pi" --key-type="$ct" ca "$T/ca-$ct.key" "$T/ca-$ct.pem" \
		"CN=libpki test root $ct,O=libpki tests,C=GB"
	has "root $ct: basicConstraints critical CA:TRUE" "$T/ca-$ct.pem" basicConstraints \
		'critical'
	has "root $ct: CA:TRUE" "$T/ca-$ct.pem" basicConstraints 'CA:TRUE'
	has "root $ct: keyUsage critical keyCertSign, cRLSign" "$T/ca-$ct.pem" keyUsage \
		'Certificate Sign, CRL Sign'
	hasnt "root $ct: no extendedKeyUsage" "$T/ca-$ct.pem" extendedKeyUsage 'TLS'
	same "root $ct: AKI is its own SKI" "$(keyid "$T/ca-$ct.pem" authorityKeyIdentifier)" \
		"$(keyid "$T/ca-$ct.pem" subjectKeyIdentifier)"
	check "openssl accepts the self-signed $ct root" ossl_verify "$T/ca-$ct.pem" "" "$T/ca-$ct.pem"
	for lt in p256 p384 ed25519 rsa; do
		l="$T/leaf-$ct-$lt"
		check "$ct root issues a $lt server certificate" "$pi" --key-type="$lt" issue \
			"$T/ca-$ct.pem" "$T/ca-$ct.key" "$l.key" "$l.pem" "CN=host-$lt.example.com" \
			"DNS:host-$lt.example.com" "IP:192.0.2.7"
		check "openssl verify accepts $ct root -> $lt leaf" \
			ossl_verify "$T/ca-$ct.pem" "" "$l.pem" -purpose sslserver
		check "certtool --verify accepts $ct root -> $lt leaf" gnutls_verify \
			"$T/ca-$ct.pem" "$l.pem"
		same "$ct -> $lt: AKI is the root's SKI" "$(keyid "$l.pem" authorityKeyIdentifier)" \
			"$(keyid "$T/ca-$ct.pem" subjectKeyIdentifier)"
	done
done

# --- the server profile as openssl sees it -----------------------------------------------------
L="$T/leaf-p256-rsa.pem"
has "server: basicConstraints critical" "$L" basicConstraints 'critical'
has "server: CA:FALSE" "$L" basicConstraints 'CA:FALSE'
has "server: keyUsage critical" "$L" keyUsage 'critical'
has "server RSA: digitalSignature + keyEncipherment" "$L" keyUsage \
	'Digital Signature, Key Encipherment'
has "server: EKU serverAuth" "$L" extendedKeyUsage 'TLS Web Server Authentication'
hasnt "server: no clientAuth" "$L" extendedKeyUsage 'Client'
has "server: SAN DNS" "$L" subjectAltName 'DNS:host-rsa.example.com'
has "server: SAN IP" "$L" subjectAltName 'IP Address:192.0.2.7'
has "server: SKI present" "$L" subjectKeyIdentifier '[0-9A-F]{2}(:[0-9A-F]{2}){19}'
L="$T/leaf-p256-p256.pem"
has "server EC: digitalSignature only" "$L" keyUsage 'Digital Signature$'
version=$("$OPENSSL" x509 -in "$L" -noout -text | sed -n 's/^ *Version: \([0-9]*\).*/\1/p')
same "certificates are X.509 v3" "$version" 3

# --- client and server-client profiles ----------------------------------------------------------
R=$T/ca-p256
check "client certificate" "$pi" --profile=client issue "$R.pem" "$R.key" "$T/cl.key" \
	"$T/cl.pem" "CN=alice,O=libpki tests" "email:alice@example.com"
has "client: EKU clientAuth" "$T/cl.pem" extendedKeyUsage 'TLS Web Client Authentication'
hasnt "client: no serverAuth" "$T/cl.pem" extendedKeyUsage 'Server'
check "openssl accepts the client certificate for sslclient" \
	ossl_verify "$R.pem" "" "$T/cl.pem" -purpose sslclient
check_fails "openssl refuses the client certificate for sslserver" \
	ossl_verify "$R.pem" "" "$T/cl.pem" -purpose sslserver
check "server-client certificate" "$pi" --profile=server-client issue "$R.pem" "$R.key" \
	"$T/sc.key" "$T/sc.pem" "CN=both.example.com"
has "server-client: both EKUs" "$T/sc.pem" extendedKeyUsage \
	'TLS Web Server Authentication, TLS Web Client Authentication'
has "CN host name becomes the SAN" "$T/sc.pem" subjectAltName 'DNS:both.example.com'
check "server-client passes sslserver" ossl_verify "$R.pem" "" "$T/sc.pem" -purpose sslserver
check "server-client passes sslclient" ossl_verify "$R.pem" "" "$T/sc.pem" -purpose sslclient
check "server certificate for a CN that is an IP address" "$pi" issue "$R.pem" "$R.key" \
	"$T/ipcn.key" "$T/ipcn.pem" "CN=192.0.2.44"
has "CN IP address becomes an IP SAN" "$T/ipcn.pem" subjectAltName 'IP Address:192.0.2.44'
check "openssl checks the IP SAN" ossl_verify "$R.pem" "" "$T/ipcn.pem" -verify_ip 192.0.2.44

# --- root -> intermediate -> leaf ---------------------------------------------------------------
for ct in p256 rsa ed25519; do
	R=$T/ca-$ct
	I=$T/int-$ct
	check "$ct root issues an intermediate" "$pi" --profile=intermediate --days=1825 issue \
		"$R.pem" "$R.key" "$I.key" "$I.pem" "CN=libpki test intermediate $ct,O=libpki tests"
	has "intermediate $ct: CA:TRUE, pathlen:0" "$I.pem" basicConstraints 'CA:TRUE, pathlen:0'
	has "intermediate $ct: keyUsage critical" "$I.pem" keyUsage 'critical'
	check "intermediate $ct issues a leaf" "$pi" issue "$I.pem" "$I.key" "$I-leaf.key" \
		"$I-leaf.pem" "CN=svc.example.net" "DNS:svc.example.net"
	check "openssl verify (-untrusted) accepts root -> intermediate -> leaf ($ct)" \
		ossl_verify "$R.pem" "$I.pem" "$I-leaf.pem" -purpose sslserver
	cat "$I-leaf.pem" "$I.pem" >"$I-chain.pem"
	check "certtool --verify accepts root -> intermediate -> leaf ($ct)" gnutls_verify \
		"$R.pem" "$I-chain.pem"
	same "leaf AKI is the intermediate's SKI ($ct)" "$(keyid "$I-leaf.pem" authorityKeyIdentifier)" \
		"$(keyid "$I.pem" subjectKeyIdentifier)"
	check_fails "openssl refuses the leaf without the intermediate ($ct)" \
		ossl_verify "$R.pem" "" "$I-leaf.pem"
done
I=$T/int-p256
check_fails "an intermediate with pathlen 0 may not issue a CA" "$pi" --profile=intermediate \
	--days=30 issue "$I.pem" "$I.key" "$T/sub2.key" "$T/sub2.pem" "CN=too deep"

# --- requests from openssl req and certtool -----------------------------------------------------
R=$T/ca-p256
"$OPENSSL" req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$T/o-req.key" \
	-subj "/C=GB/O=libpki tests/CN=web.example.com" \
	-addext "subjectAltName=DNS:web.example.com,DNS:www.example.com,IP:192.0.2.10" \
	-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" \
	-addext "extendedKeyUsage=codeSigning" -out "$T/o-req.pem" 2>/dev/null
check "signs a request made by openssl req -new" "$pi" sign "$T/o-req.pem" "$R.pem" "$R.key" \
	"$T/o-web.pem" server "DNS:extra.example.com"
check "openssl verify accepts it" ossl_verify "$R.pem" "" "$T/o-web.pem" -purpose sslserver
check "certtool --verify accepts it" gnutls_verify "$R.pem" "$T/o-web.pem"
same "subject copied from the openssl request" \
	"$("$OPENSSL" x509 -in "$T/o-web.pem" -noout -subject -nameopt RFC2253)" \
	"subject=CN=web.example.com,O=libpki tests,C=GB"
has "request SANs copied (DNS)" "$T/o-web.pem" subjectAltName \
	'DNS:web.example.com, DNS:www.example.com'
has "request SANs copied (IP)" "$T/o-web.pem" subjectAltName 'IP Address:192.0.2.10'
has "SAN from the options added" "$T/o-web.pem" subjectAltName 'DNS:extra.example.com'
has "CA:TRUE asked by the request is not granted" "$T/o-web.pem" basicConstraints 'CA:FALSE'
hasnt "keyCertSign asked by the request is not granted" "$T/o-web.pem" keyUsage 'Certificate Sign'
hasnt "codeSigning asked by the request is not granted" "$T/o-web.pem" extendedKeyUsage 'Code'
check "openssl req without SANs" "$OPENSSL" req -new -newkey rsa:2048 -nodes \
	-keyout "$T/o-req2.key" -subj "/CN=plain.example.org" -out "$T/o-req2.pem"
check "signs it" "$pi" sign "$T/o-req2.pem" "$R.pem" "$R.key" "$T/o-plain.pem" server
has "its CN becomes the SAN" "$T/o-plain.pem" subjectAltName 'DNS:plain.example.org'
check "openssl checks the host name" ossl_verify "$R.pem" "" "$T/o-plain.pem" \
	-verify_hostname plain.example.org
has "RSA request: keyEncipherment" "$T/o-plain.pem" keyUsage 'Key Encipherment'
check "--subject replaces the request's subject" "$pi" --subject="CN=renamed.example.org" sign \
	"$T/o-req2.pem" "$R.pem" "$R.key" "$T/o-renamed.pem" server
same "replaced subject" "$("$OPENSSL" x509 -in "$T/o-renamed.pem" -noout -subject -nameopt RFC2253)" \
	"subject=CN=renamed.example.org"

cat >"$T/req.tmpl" <<EOF
organization = "libpki tests"
cn = "api.example.com"
dns_name = "api.example.com"
dns_name = "api2.example.com"
ip_address = "2001:db8::5"
email = "ops@example.com"
ca
cert_signing_key
tls_www_client
EOF
check "certtool generates a key" certtool_q --generate-privkey --key-type=ecdsa \
	--outfile "$T/g-req.key"
check "certtool --generate-request --template" certtool_q --generate-request \
	--load-privkey "$T/g-req.key" --template "$T/req.tmpl" --outfile "$T/g-req.pem"
check "signs the certtool request (server-client)" "$pi" sign "$T/g-req.pem" "$R.pem" "$R.key" \
	"$T/g-api.pem" server-client
check "openssl verify accepts it" ossl_verify "$R.pem" "" "$T/g-api.pem"
check "certtool --verify accepts it" gnutls_verify "$R.pem" "$T/g-api.pem"
has "certtool request SANs copied" "$T/g-api.pem" subjectAltName \
	'DNS:api.example.com, DNS:api2.example.com'
has "IPv6 SAN copied" "$T/g-api.pem" subjectAltName 'IP Address:2001:DB8:0:0:0:0:0:5'
has "email SAN copied" "$T/g-api.pem" subjectAltName 'email:ops@example.com'
has "certtool request's CA flag not granted" "$T/g-api.pem" basicConstraints 'CA:FALSE'

# A request whose signature does not verify: change the last byte of the signature.
"$OPENSSL" req -in "$T/o-req.pem" -outform DER -out "$T/bad-req.der" 2>/dev/null
size=$(wc -c <"$T/bad-req.der")
last=$(od -An -tu1 -j $((size - 1)) -N1 "$T/bad-req.der" | tr -d ' ')
printf "$(printf '\\%03o' $(((last + 1) % 256)))" |
	dd of="$T/bad-req.der" bs=1 seek=$((size - 1)) conv=notrunc 2>/dev/null
# (openssl req -verify exits 0 whatever the verdict: read what it says.)
"$OPENSSL" req -inform DER -in "$T/bad-req.der" -verify -noout 2>&1 | grep -q 'verify failure' \
	&& ok "openssl agrees the tampered request is bad" \
	|| fail "openssl agrees the tampered request is bad"
if out=$("$pi" sign "$T/bad-req.der" "$R.pem" "$R.key" "$T/bad.pem" server 2>&1); then
	fail "a request with a bad signature is refused"
else
	case $out in *"signature does not verify"*) ok "a request with a bad signature is refused" ;;
	*) fail "a request with a bad signature is refused"; echo "# $out" ;; esac
fi

# --- refusals through the driver ----------------------------------------------------------------
L=$T/leaf-p256-p256
if out=$("$pi" issue "$L.pem" "$L.key" "$T/x.key" "$T/x.pem" "CN=x.example.com" 2>&1); then
	fail "a leaf certificate cannot issue"
else
	case $out in *"not a certificate authority"*) ok "a leaf certificate cannot issue" ;;
	*) fail "a leaf certificate cannot issue"; echo "# $out" ;; esac
fi
if out=$("$pi" issue "$T/ca-p256.pem" "$T/ca-p384.key" "$T/x.key" "$T/x.pem" "CN=x" 2>&1); then
	fail "a CA key that is not the CA's is refused"
else
	case $out in *"does not match"*) ok "a CA key that is not the CA's is refused" ;;
	*) fail "a CA key that is not the CA's is refused"; echo "# $out" ;; esac
fi
check "a CA valid for 30 days" "$pi" --days=30 ca "$T/short.key" "$T/short.pem" "CN=short-lived"
if out=$("$pi" issue "$T/short.pem" "$T/short.key" "$T/x.key" "$T/x.pem" "CN=x.example.com" 2>&1)
then
	fail "a leaf outliving its CA is refused"
else
	case $out in *"validity"*) ok "a leaf outliving its CA is refused" ;;
	*) fail "a leaf outliving its CA is refused"; echo "# $out" ;; esac
fi
check "a leaf within the CA's validity is issued" "$pi" --days=29 issue "$T/short.pem" \
	"$T/short.key" "$T/x.key" "$T/x.pem" "CN=x.example.com"

# --- serial, CRL and AIA as openssl prints them -------------------------------------------------
check "explicit serial, CRL distribution point, OCSP and caIssuers" "$pi" --serial=0x7f01 \
	--crl=http://crl.example.com/root.crl --ocsp=http://ocsp.example.com/ \
	--ca-issuers=http://example.com/root.crt issue "$R.pem" "$R.key" "$T/urls.key" \
	"$T/urls.pem" "CN=urls.example.com"
same "serial as given" "$("$OPENSSL" x509 -in "$T/urls.pem" -noout -serial)" "serial=7F01"
has "CRL distribution point" "$T/urls.pem" crlDistributionPoints 'URI:http://crl.example.com/root.crl'
has "OCSP responder" "$T/urls.pem" authorityInfoAccess 'OCSP - URI:http://ocsp.example.com/'
has "caIssuers" "$T/urls.pem" authorityInfoAccess 'CA Issuers - URI:http://example.com/root.crt'
serial=$("$OPENSSL" x509 -in "$T/o-web.pem" -noout -serial | sed 's/serial=//')
same "default serial is 16 bytes" "${#serial}" 32
case $serial in [0-7]*) ok "default serial is positive (top bit clear)" ;;
*) fail "default serial is positive (top bit clear)"; echo "# $serial" ;; esac

# --- name constraints ---------------------------------------------------------------------------
N=$T/nc
check "root with name constraints" "$pi" --permit=DNS:.internal --permit=IP:10.0.0.0/8 \
	--permit=IP:fd00::/8 --permit=email:example.com --exclude=DNS:secret.internal \
	ca "$N.key" "$N.pem" "CN=libpki constrained root"
has "nameConstraints is critical" "$N.pem" nameConstraints 'critical'
has "permitted DNS:.internal" "$N.pem" nameConstraints 'DNS:\.internal'
has "permitted IP 10.0.0.0/8" "$N.pem" nameConstraints 'IP:10\.0\.0\.0/255\.0\.0\.0'
has "permitted IP fd00::/8" "$N.pem" nameConstraints 'IP:FD00:0:0:0:0:0:0:0/FF00:0:0:0:0:0:0:0'
has "permitted email:example.com" "$N.pem" nameConstraints 'email:example\.com'
has "excluded DNS:secret.internal" "$N.pem" nameConstraints 'DNS:secret\.internal'
check "leaf inside the constraints" "$pi" issue "$N.pem" "$N.key" "$T/in.key" "$T/in.pem" \
	"CN=db.internal" "DNS:db.internal" "IP:10.1.2.3" "IP:fd00::7"
check "openssl accepts a leaf inside the constraints" ossl_verify "$N.pem" "" "$T/in.pem"
check "certtool accepts a leaf inside the constraints" gnutls_verify "$N.pem" "$T/in.pem"
for bad in "DNS:evil.example.com" "IP:192.0.2.1" "DNS:db.secret.internal" "IP:2001:db8::1"; do
	f=$T/out-$(echo "$bad" | tr -c 'a-z0-9' '_')
	check "leaf outside the constraints is issued ($bad)" "$pi" issue "$N.pem" "$N.key" \
		"$f.key" "$f.pem" "CN=outside" "$bad"
	nc_rejected "a leaf outside the constraints ($bad)" "$N.pem" "" "$f.pem" "$f.pem"
done
# Constraints on an intermediate, the usual place for them.
R=$T/ca-p256
check "intermediate with name constraints" "$pi" --profile=intermediate --days=100 \
	--permit=DNS:corp.example issue "$R.pem" "$R.key" "$T/nci.key" "$T/nci.pem" \
	"CN=corp intermediate"
check "its leaf inside" "$pi" --days=30 issue "$T/nci.pem" "$T/nci.key" "$T/nci-in.key" "$T/nci-in.pem" \
	"CN=a.corp.example"
check "openssl accepts it" ossl_verify "$R.pem" "$T/nci.pem" "$T/nci-in.pem"
check "its leaf outside" "$pi" --days=30 issue "$T/nci.pem" "$T/nci.key" "$T/nci-out.key" \
	"$T/nci-out.pem" "CN=a.corp.example.org"
cat "$T/nci-out.pem" "$T/nci.pem" >"$T/nci-chain.pem"
nc_rejected "a leaf outside the intermediate's constraint" "$R.pem" "$T/nci.pem" \
	"$T/nci-out.pem" "$T/nci-chain.pem"

done_testing
