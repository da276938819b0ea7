#!/bin/sh
# Generate seed corpora for the fuzzers with openssl and certtool (nothing binary is checked in).
#   make-corpus.sh OUTDIR
set -eu
out=$1
OPENSSL=${OPENSSL:-openssl}
CERTTOOL=${CERTTOOL:-certtool}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for d in key csr cert chain names roundtrip crl pkcs12 verify issue crl_create dump p12_roundtrip; do mkdir -p "$out/$d"; done

# Keys in every format libpki reads; encrypted ones with the password the fuzzer tries ("fuzz")
# and a low iteration count, so that each execution stays fast.
"$OPENSSL" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$out/key/ec.pem"
"$OPENSSL" genpkey -algorithm ED25519 -out "$out/key/ed25519.pem"
"$OPENSSL" genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$out/key/rsa.pem"
"$OPENSSL" pkey -in "$out/key/ec.pem" -outform DER -out "$out/key/ec.der"
"$OPENSSL" pkey -in "$out/key/ec.pem" -pubout -out "$out/key/ec-pub.pem"
"$OPENSSL" pkey -in "$out/key/ec.pem" -pubout -outform DER -out "$out/key/ec-pub.der"
"$OPENSSL" rsa -in "$out/key/rsa.pem" -traditional -out "$out/key/rsa-pkcs1.pem" 2>/dev/null
"$OPENSSL" ec -in "$out/key/ec.pem" -out "$out/key/ec-sec1.pem" 2>/dev/null
"$OPENSSL" pkcs8 -topk8 -in "$out/key/ec.pem" -v2 aes-256-cbc -iter 1 -passout pass:fuzz \
	-out "$out/key/ec-enc.pem"
"$OPENSSL" pkcs8 -topk8 -in "$out/key/ec.pem" -v2 aes-256-cbc -iter 1 -passout pass:fuzz \
	-outform DER -out "$out/key/ec-enc.der"
"$OPENSSL" ec -in "$out/key/ec.pem" -des3 -passout pass:fuzz -out "$out/key/ec-legacy.pem" 2>/dev/null
# the first byte selects the password in fuzz_key: make seeds of both parities
for f in "$out"/key/*; do printf '\001' | cat - "$f" >"$f.pw"; done

# Certificates and requests with SANs of every type.
san="subjectAltName=DNS:example.com,DNS:*.example.com,IP:10.0.0.5,IP:2001:db8::1,email:a@example.com,URI:https://example.com/"
"$OPENSSL" req -x509 -new -key "$out/key/ec.pem" -subj "/C=GB/O=Example Ltd/CN=example.com" \
	-addext "$san" -addext "keyUsage=critical,digitalSignature" -addext "extendedKeyUsage=serverAuth" \
	-days 30 -out "$out/cert/ec.pem"
"$OPENSSL" req -x509 -new -key "$out/key/rsa.pem" -subj "/CN=Root CA/O=Example" \
	-addext "basicConstraints=critical,CA:TRUE,pathlen:1" -addext "nameConstraints=permitted;DNS:.internal" \
	-days 30 -out "$out/cert/rsa-ca.pem"
"$OPENSSL" req -x509 -new -key "$out/key/ed25519.pem" -subj "/CN=ed/serialNumber=42+OU=multi" \
	-days 30 -out "$out/cert/ed.pem"
"$OPENSSL" x509 -in "$out/cert/ec.pem" -outform DER -out "$out/cert/ec.der"
"$OPENSSL" req -new -key "$out/key/ec.pem" -subj "/CN=req.example.com" -addext "$san" -out "$out/csr/ec.pem"
"$OPENSSL" req -new -key "$out/key/ed25519.pem" -subj "/CN=ed" -outform DER -out "$out/csr/ed.der"
cat >"$tmp/tmpl" <<T
cn = "certtool.example.com"
organization = "Example"
dns_name = "certtool.example.com"
ip_address = "192.0.2.1"
expiration_days = 30
tls_www_server
signing_key
T
timeout 60 "$CERTTOOL" --generate-self-signed --load-privkey "$out/key/ec.pem" --template "$tmp/tmpl" \
	--outfile "$out/cert/certtool.pem" </dev/null >/dev/null 2>&1
timeout 60 "$CERTTOOL" --generate-request --load-privkey "$out/key/ec.pem" --template "$tmp/tmpl" \
	--outfile "$out/csr/certtool.pem" </dev/null >/dev/null 2>&1
cat "$out/cert/ec.pem" "$out/cert/rsa-ca.pem" "$out/cert/ed.pem" >"$out/chain/three.pem"
cp "$out/cert/ec.pem" "$out/chain/one.pem"
for f in "$out"/cert/*; do cp "$f" "$out/roundtrip/cert-${f##*/}"; done
for f in "$out"/csr/*; do cp "$f" "$out/roundtrip/csr-${f##*/}"; done

# Names: DNs and SANs, typed and untyped.
i=0
for s in "CN=registry.example.com,O=Example Ltd,C=GB" 'CN=a\,b\+c\"d\\e\<f\>g\;h,O=x' \
	'CN=\23hash\20,OU=a+OU=b' 'CN=caf\C3\A9' "2.5.4.3=#0c03616263" "DC=example,DC=com" \
	"DNS:registry.example.com" "DNS:*.example.com" "IP:10.0.0.5" "IP:2001:db8::1" \
	"email:admin@example.com" "URI:https://example.com/x" "127.0.0.1" "::1" "a@b.c" "host.name"; do
	i=$((i + 1))
	printf '%s' "$s" >"$out/names/$i"
done

# CRLs: openssl ca -gencrl needs a CA database; certtool makes one from a template.
cat >"$tmp/crl.tmpl" <<T
crl_next_update = 30
crl_number = 7
T
timeout 60 "$CERTTOOL" --generate-crl --load-ca-privkey "$out/key/rsa.pem" \
	--load-ca-certificate "$out/cert/rsa-ca.pem" --load-certificate "$out/cert/ec.pem" \
	--template "$tmp/crl.tmpl" --outfile "$out/crl/certtool.pem" </dev/null >/dev/null 2>&1
"$OPENSSL" crl -in "$out/crl/certtool.pem" -outform DER -out "$out/crl/certtool.der" 2>/dev/null

# PKCS#12 with the fuzzer's password and cheap key derivations.
"$OPENSSL" pkcs12 -export -inkey "$out/key/ec.pem" -in "$out/cert/ec.pem" -passout pass:fuzz \
	-iter 1 -maciter -macalg sha256 -out "$out/pkcs12/aes.p12" 2>/dev/null ||
	"$OPENSSL" pkcs12 -export -inkey "$out/key/ec.pem" -in "$out/cert/ec.pem" -passout pass:fuzz \
		-iter 1 -out "$out/pkcs12/aes.p12"
"$OPENSSL" pkcs12 -export -inkey "$out/key/ed25519.pem" -in "$out/cert/ed.pem" \
	-certfile "$out/cert/rsa-ca.pem" -name "friendly" -passout pass:fuzz -iter 1 \
	-out "$out/pkcs12/chain.p12" 2>/dev/null || true

# Verification: two option bytes, then a PEM bundle (target first) with CRLs.
for opt in '\001\001' '\025\377' '\006\002'; do
	name=$(printf '%s' "$opt" | od -An -tx1 | tr -d ' \n')
	{ printf "$opt"; cat "$out/cert/ec.pem" "$out/cert/rsa-ca.pem" "$out/crl/certtool.pem"; } \
		>"$out/verify/$name.pem" 2>/dev/null || true
done

# fuzz_issue: a request after one byte choosing the profile.
for f in "$out"/csr/*; do
	for b in 000 001 003 004; do printf "\\$b" | cat - "$f" >"$out/issue/$b-${f##*/}"; done
done
# fuzz_crl_create: lines "SERIAL TIME REASON", optionally first "number HEX THIS NEXT" or
# "days N".
printf '01 1700000000 1\n0x1234 1700000001 4\nabcdef 1700000002 0\n' >"$out/crl_create/entries"
printf 'number 2a 1700000000 1800000000\n01 1700000000 1\n' >"$out/crl_create/number"
printf 'days 30\nffffffffffffffffffffffffffffffffffffffff 0 9\n' >"$out/crl_create/long-serial"
# fuzz_dump: every object libpki reads.
for d in cert csr crl key; do
	for f in "$out/$d"/*; do cp "$f" "$out/dump/$d-${f##*/}"; done
done
# fuzz_p12_roundtrip: FLAGS PWLEN PW NAMELEN NAME DNLEN DN KEYLEN(2) KEY CERTS.
byte() { printf "\\$(printf %03o "$1")"; }
len8() { byte "$(printf %s "$1" | wc -c)"; printf %s "$1"; }
p12seed() { # OUT FLAGS PW NAME DN KEYFILE CERTFILES...
	o=$1 fl=$2 pw=$3 nm=$4 dn=$5 kf=$6
	shift 6
	{
		byte "$fl"; len8 "$pw"; len8 "$nm"; len8 "$dn"
		if [ -n "$kf" ]; then
			kl=$(wc -c <"$kf")
			byte $((kl / 256)); byte $((kl % 256)); cat "$kf"
		else
			byte 0; byte 0
		fi
		if [ $# -gt 0 ]; then cat "$@"; fi
	} >"$out/p12_roundtrip/$o"
}
p12seed generated-p256 0 fuzz alias "CN=fuzz.example.com" ""
p12seed generated-ed25519 4 "$(printf 'p\303\244ss')" "" "CN=ed,O=Example" ""
p12seed key-and-cert 1 fuzz web "" "$out/key/ec.pem" "$out/cert/ec.pem" "$out/cert/rsa-ca.pem"
p12seed rsa-key 0 fuzz "" "CN=rsa" "$out/key/rsa.pem"
p12seed key-der-chain 0 secret chain "CN=der" "$out/key/ec.der" "$out/cert/rsa-ca.pem" "$out/cert/ed.pem"
