#!/bin/sh
# Certificates and requests made by openssl and certtool are read by libpki with the same
# subject, serial, validity, SANs and fingerprint as openssl reports; requests made by libpki
# are accepted by `openssl req -verify` and `certtool --crq-info`.
. "${top_srcdir}/tests/lib.sh"
rd="$top_builddir/tests/pki-read"
PY=$PYTHON

# compare JSON OPENSSL_TEXT: libpki's JSON against `openssl x509 -noout -subject -nameopt
# RFC2253 -serial -dates -ext subjectAltName -fingerprint -sha256`; prints the differences.
compare() {
	"$PY" - "$1" "$2" <<'EOF'
import datetime, ipaddress, json, sys
j = json.load(open(sys.argv[1]))
o = {}
sans = []
lines = open(sys.argv[2]).read().splitlines()
for i, line in enumerate(lines):
    if line.startswith("subject="):
        o["subject"] = line[len("subject="):].strip()
    elif line.startswith("serial="):
        o["serial"] = line[len("serial="):].strip()
    elif line.startswith("notBefore=") or line.startswith("notAfter="):
        k, v = line.split("=", 1)
        t = datetime.datetime.strptime(v.strip(), "%b %d %H:%M:%S %Y GMT")
        o[k] = t.strftime("%Y-%m-%dT%H:%M:%SZ")
    elif "Fingerprint=" in line:
        o["fp"] = line.split("=", 1)[1].replace(":", "").lower()
    elif "Subject Alternative Name" in line and i + 1 < len(lines):
        sans = [s.strip() for s in lines[i + 1].split(",")]
exp_dns = [s[4:] for s in sans if s.startswith("DNS:")]
exp_ip = [str(ipaddress.ip_address(s[len("IP Address:"):])) for s in sans if s.startswith("IP Address:")]
exp_mail = [s[6:] for s in sans if s.startswith("email:")]
exp_uri = [s[4:] for s in sans if s.startswith("URI:")]
bad = []
def same(what, got, exp):
    if got != exp:
        bad.append("%s: libpki %r, openssl %r" % (what, got, exp))
same("subject", j["subject"], o.get("subject"))
exp_serial = (o.get("serial") or "").lower()
while len(exp_serial) > 2 and exp_serial.startswith("00"):
    exp_serial = exp_serial[2:]
same("serial", j["serial"], exp_serial)
same("notBefore", j["not_before"], o.get("notBefore"))
same("notAfter", j["not_after"], o.get("notAfter"))
same("fingerprint", j["fingerprint_sha256"], o.get("fp"))
same("DNS SANs", j["dns_names"], exp_dns)
same("IP SANs", [str(ipaddress.ip_address(x)) for x in j["ip_addresses"]], exp_ip)
same("email SANs", j["emails"], exp_mail)
same("URI SANs", j["uris"], exp_uri)
for k in ("issuer", "is_ca", "path_len", "key_usage", "extended_key_usage", "public_key",
          "signature_algorithm", "subject_key_id", "authority_key_id"):
    if k not in j:
        bad.append("JSON lacks " + k)
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
}

# check_cert NAME FILE: libpki and openssl agree on FILE.
check_cert() {
	"$OPENSSL" x509 -in "$2" -noout -subject -nameopt RFC2253 -serial -dates \
		-ext subjectAltName -fingerprint -sha256 >"$TMP/$1.ossl" 2>&1
	if "$rd" cert "$2" >"$TMP/$1.json" 2>"$TMP/$1.err"; then
		check "libpki and openssl agree on the $1 certificate" \
			compare "$TMP/$1.json" "$TMP/$1.ossl"
	else
		fail "libpki reads the $1 certificate"
		sed 's/^/# /' "$TMP/$1.err"
	fi
	check "libpki prints the $1 certificate as text" "$rd" cert-text "$2"
	"$OPENSSL" x509 -in "$2" -outform DER -out "$TMP/$1.der" 2>/dev/null
	same "DER and PEM of the $1 certificate give one fingerprint" \
		"$("$rd" cert "$TMP/$1.der" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["fingerprint_sha256"])')" \
		"$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["fingerprint_sha256"])' "$TMP/$1.json")"
}

# openssl 3.0 `req -verify` exits 0 even when the signature is bad: look at what it says.
req_verify() {
	_v=$("$OPENSSL" req -in "$1" -noout -verify 2>&1)
	printf '%s\n' "$_v"
	case $_v in *"verify OK"*) return 0 ;; *) return 1 ;; esac
}

genkey() { # TYPE FILE
	case $1 in
	rsa) "$OPENSSL" genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$2" 2>/dev/null ;;
	p256) "$OPENSSL" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$2" 2>/dev/null ;;
	p384) "$OPENSSL" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$2" 2>/dev/null ;;
	ed25519) "$OPENSSL" genpkey -algorithm ED25519 -out "$2" 2>/dev/null ;;
	esac
}

# --- certificates made by openssl ------------------------------------------------------------
for t in rsa p256 ed25519; do
	genkey $t "$TMP/o-$t.key"
	"$OPENSSL" req -x509 -new -key "$TMP/o-$t.key" -out "$TMP/o-$t.pem" -days 30 \
		-subj "/C=GB/ST=Greater London/O=Example, Ltd./OU=R+D/CN=openssl-$t.example.com" \
		-addext "subjectAltName=DNS:openssl-$t.example.com,DNS:*.example.org,IP:192.0.2.7,IP:2001:db8::7,email:ops@example.com,URI:https://example.com/$t" \
		2>"$TMP/o-$t.err" || sed 's/^/# /' "$TMP/o-$t.err"
	check_cert "openssl $t" "$TMP/o-$t.pem"
done

# --- certificates made by certtool -----------------------------------------------------------
for t in rsa p256 ed25519; do
	genkey $t "$TMP/c-$t.key"
	cat >"$TMP/c-$t.tmpl" <<EOF
cn = "certtool-$t.example.com"
organization = "Example Ltd"
unit = "Ops"
country = GB
serial = 0x00ab$(date +%s)
expiration_days = 40
dns_name = "certtool-$t.example.com"
dns_name = "www.example.net"
ip_address = "198.51.100.9"
ip_address = "2001:db8::9"
email = "admin@example.com"
uri = "https://example.net/$t"
signing_key
tls_www_server
EOF
	certtool_q --generate-self-signed --load-privkey "$TMP/c-$t.key" \
		--template "$TMP/c-$t.tmpl" --outfile "$TMP/c-$t.pem" >"$TMP/c-$t.err" 2>&1 ||
		sed 's/^/# /' "$TMP/c-$t.err"
	check_cert "certtool $t" "$TMP/c-$t.pem"
done
ku=$("$rd" cert "$TMP/c-p256.pem" | "$PY" -c 'import json,sys; j=json.load(sys.stdin); print(",".join(j["key_usage"]) + " " + ",".join(j["extended_key_usage"]))')
same "certtool's signing_key/tls_www_server read as key usages" "$ku" "digitalSignature serverAuth"

# --- a bundle of three -----------------------------------------------------------------------
cat "$TMP/o-rsa.pem" "$TMP/c-p256.pem" "$TMP/o-ed25519.pem" >"$TMP/bundle.pem"
expected=$(printf '3\n'; for f in o-rsa c-p256 o-ed25519; do
	"$OPENSSL" x509 -in "$TMP/$f.pem" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' |
		tr 'A-F' 'a-f'; done)
same "libpki reads a bundle of 3 in order" "$("$rd" chain "$TMP/bundle.pem")" "$expected"

# --- requests made by libpki -----------------------------------------------------------------
for t in rsa p256 p384 ed25519; do
	genkey $t "$TMP/r-$t.key"
	if "$rd" csr-new "$TMP/r-$t.key" "CN=libpki-$t.example.com,O=Example\\, Ltd.,C=GB" \
		"DNS:libpki-$t.example.com" "IP:192.0.2.1" "email:pki@example.com" \
		>"$TMP/r-$t.csr" 2>"$TMP/r-$t.err"; then
		check "openssl req -verify accepts libpki's $t request" \
			req_verify "$TMP/r-$t.csr"
		same "openssl reads the subject of libpki's $t request" \
			"$("$OPENSSL" req -in "$TMP/r-$t.csr" -noout -subject -nameopt RFC2253)" \
			"subject=CN=libpki-$t.example.com,O=Example\\, Ltd.,C=GB"
		san=$("$OPENSSL" req -in "$TMP/r-$t.csr" -noout -text | grep -A1 'Subject Alternative Name' | tail -1 | sed 's/^ *//')
		same "openssl reads the SANs of libpki's $t request" "$san" \
			"DNS:libpki-$t.example.com, IP Address:192.0.2.1, email:pki@example.com"
		check "certtool reads libpki's $t request" certtool_q --crq-info --infile "$TMP/r-$t.csr"
	else
		fail "libpki writes a $t request"
		sed 's/^/# /' "$TMP/r-$t.err"
	fi
done
# A multi-valued RDN and UTF-8 survive the trip through openssl.
"$rd" csr-new "$TMP/r-p256.key" 'CN=Jos\C3\A9+UID=jd,O=Caf\C3\A9,C=FR' >"$TMP/mv.csr" 2>"$TMP/mv.err" ||
	sed 's/^/# /' "$TMP/mv.err"
check "openssl req -verify accepts a multi-valued RDN request" \
	req_verify "$TMP/mv.csr"
subj=$("$OPENSSL" req -in "$TMP/mv.csr" -noout -subject -nameopt RFC2253)
case $subj in
"subject=UID=jd+CN=Jos\\C3\\A9,O=Caf\\C3\\A9,C=FR" | "subject=CN=Jos\\C3\\A9+UID=jd,O=Caf\\C3\\A9,C=FR")
	ok "openssl sees the multi-valued RDN and UTF-8 values" ;;
*) fail "openssl sees the multi-valued RDN and UTF-8 values"; echo "# got: $subj" ;;
esac
same "libpki reads back the multi-valued RDN" \
	"$("$rd" csr "$TMP/mv.csr" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["subject"])')" \
	"CN=José+UID=jd,O=Café,C=FR"

# --- certificates written by libpki: the subject reads back the same in openssl ----------
for dn in 'CN=libpki.example.com,O=Example\, Ltd.,C=GB' 'CN=a\+b \"q\" \<x\>\;,OU=R=D,DC=example,DC=com' \
	'emailAddress=pki@example.com,GN=Jo,SN=Doe,CN=x,serialNumber=1234,L=Paris,ST=IdF,C=FR'; do
	if "$rd" self-sign "$TMP/r-p256.key" "$dn" "DNS:libpki.example.com" "IP:192.0.2.9" \
		>"$TMP/self.pem" 2>"$TMP/self.err"; then
		same "openssl prints libpki's certificate subject back as written ($dn)" \
			"$("$OPENSSL" x509 -in "$TMP/self.pem" -noout -subject -nameopt RFC2253)" \
			"subject=$dn"
		check_cert "libpki self-signed" "$TMP/self.pem"
	else
		fail "libpki self-signs for $dn"
		sed 's/^/# /' "$TMP/self.err"
	fi
done
"$rd" self-sign "$TMP/r-ed25519.key" 'CN=Jos\C3\A9+UID=jd,O=Caf\C3\A9,C=FR' >"$TMP/mv.pem" 2>"$TMP/mv.err" ||
	sed 's/^/# /' "$TMP/mv.err"
subj=$("$OPENSSL" x509 -in "$TMP/mv.pem" -noout -subject -nameopt RFC2253)
case $subj in
"subject=UID=jd+CN=Jos\\C3\\A9,O=Caf\\C3\\A9,C=FR" | "subject=CN=Jos\\C3\\A9+UID=jd,O=Caf\\C3\\A9,C=FR")
	ok "openssl sees a multi-valued RDN and UTF-8 in libpki's certificate" ;;
*) fail "openssl sees a multi-valued RDN and UTF-8 in libpki's certificate"; echo "# got: $subj" ;;
esac

# --- requests made by openssl and certtool ---------------------------------------------------
"$OPENSSL" req -new -key "$TMP/o-p256.key" -out "$TMP/o.csr" -subj "/C=GB/O=Example/CN=req.example.com" \
	-addext "subjectAltName=DNS:req.example.com,IP:10.1.2.3" 2>/dev/null
check "libpki verifies openssl's request" "$rd" csr-verify "$TMP/o.csr"
same "libpki reads openssl's request" \
	"$("$rd" csr "$TMP/o.csr" | "$PY" -c 'import json,sys; j=json.load(sys.stdin); print(j["subject"], j["dns_names"], j["ip_addresses"])')" \
	"CN=req.example.com,O=Example,C=GB ['req.example.com'] ['10.1.2.3']"
cat >"$TMP/crq.tmpl" <<EOF
cn = "crq.example.com"
country = GB
dns_name = "crq.example.com"
EOF
certtool_q --generate-request --load-privkey "$TMP/c-ed25519.key" --template "$TMP/crq.tmpl" \
	--outfile "$TMP/c.csr" >/dev/null 2>&1
check "libpki verifies certtool's request" "$rd" csr-verify "$TMP/c.csr"
same "libpki reads certtool's request" \
	"$("$rd" csr "$TMP/c.csr" | "$PY" -c 'import json,sys; j=json.load(sys.stdin); print(j["subject"], j["dns_names"], j["public_key"]["type"])')" \
	"CN=crq.example.com,C=GB ['crq.example.com'] ed25519"

# A request whose signature was altered is refused.
"$OPENSSL" req -in "$TMP/o.csr" -outform DER -out "$TMP/o.der" 2>/dev/null
size=$(wc -c <"$TMP/o.der")
"$PY" - "$TMP/o.der" "$TMP/bad.der" <<'EOF'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
d[-5] ^= 0x01
open(sys.argv[2], "wb").write(d)
EOF
check_fails "libpki refuses a request with a flipped signature byte ($size bytes)" \
	"$rd" csr-verify "$TMP/bad.der"
"$OPENSSL" req -inform DER -in "$TMP/bad.der" -out "$TMP/bad.pem" 2>/dev/null
check_fails "openssl refuses it too (the test can tell)" req_verify "$TMP/bad.pem"

done_testing
