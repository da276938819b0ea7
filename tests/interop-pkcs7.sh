#!/bin/sh
# PKCS#7 certificate bundles (issue 15 item 6), checked with openssl and certtool: bundles
# made by `openssl crl2pkcs7` (PEM and DER) read as chains by `pki cert show --all` and
# `pki convert`, with the same certificates; bundles written by `pki convert --to pkcs7` /
# `--to pkcs7-der` are listed by `openssl pkcs7 -print_certs` and `certtool --p7-info` with
# the same certificates.
. "${top_srcdir}/tests/cli-lib.sh"
T=$TMP
fps() { "$OPENSSL" crl2pkcs7 -nocrl -certfile "$1" 2>/dev/null | "$OPENSSL" pkcs7 -print_certs 2>/dev/null |
	awk '/BEGIN CERT/{c=""} {c=c $0 "\n"} /END CERT/{printf "%s", c | "openssl x509 -noout -fingerprint -sha256"; close("openssl x509 -noout -fingerprint -sha256")}' | sort; }

check "a root, an intermediate and a leaf" sh -c '
	"$1" ca new --subject "CN=p7 root" --key-out "$2/r.key" -o "$2/r.pem" &&
	"$1" cert sign --ca "$2/r.pem" --ca-key "$2/r.key" --profile intermediate --subject "CN=p7 sub" \
		--key-out "$2/s.key" -o "$2/s.pem" &&
	"$1" cert sign --ca "$2/s.pem" --ca-key "$2/s.key" --subject CN=p7.example.com \
		--dns p7.example.com --key-out "$2/l.key" -o "$2/l.pem" &&
	cat "$2/l.pem" "$2/s.pem" "$2/r.pem" >"$2/chain.pem"' _ "$PKI_BIN" "$T"
want=$(fps "$T/chain.pem")
[ -n "$want" ] && ok "the chain's fingerprints (openssl)" || fail "the chain's fingerprints (openssl)"

check "openssl crl2pkcs7 (PEM and DER)" sh -c '
	"$1" crl2pkcs7 -nocrl -certfile "$2/chain.pem" -out "$2/o.p7b" &&
	"$1" crl2pkcs7 -nocrl -certfile "$2/chain.pem" -outform DER -out "$2/o.p7c"' _ "$OPENSSL" "$T"
for f in o.p7b o.p7c; do
	same "pki cert show --all $f: three certificates in order" \
		"$(pki cert show --all "$T/$f" 2>&1 | sed -n 's/^ *Subject: //p' | tr '\n' '|')" \
		"CN=p7.example.com|CN=p7 sub|CN=p7 root|"
	check "pki convert $f --to pem" pki convert "$T/$f" --to pem -o "$T/$f.pem"
	same "the same certificates as the chain" "$(fps "$T/$f.pem")" "$want"
done
check "pki verify reads the chain from a .p7b" pki verify --ca "$T/r.pem" --untrusted "$T/o.p7b" \
	--host p7.example.com "$T/l.pem"

check "pki convert --to pkcs7" pki convert "$T/chain.pem" --to pkcs7 -o "$T/p.p7b"
check "pki convert --to pkcs7-der" pki convert "$T/chain.pem" --to pkcs7-der -o "$T/p.p7c"
grep -q -- '-----BEGIN PKCS7-----' "$T/p.p7b" && ok "the PEM bundle is labelled PKCS7" || fail "the PEM bundle is labelled PKCS7"
same "openssl pkcs7 -print_certs (PEM): the same certificates" \
	"$("$OPENSSL" pkcs7 -in "$T/p.p7b" -print_certs 2>/dev/null >"$T/p1.pem"; fps "$T/p1.pem")" "$want"
same "openssl pkcs7 -print_certs (DER): the same certificates" \
	"$("$OPENSSL" pkcs7 -in "$T/p.p7c" -inform DER -print_certs 2>/dev/null >"$T/p2.pem"; fps "$T/p2.pem")" "$want"
if certtool_q --p7-info --infile "$T/p.p7b" 2>&1 | grep -q 'Number of certificates: 3'; then
	ok "certtool --p7-info: 3 certificates"; else fail "certtool --p7-info: 3 certificates"; fi
if "$OPENSSL" pkcs7 -in "$T/p.p7b" -print 2>/dev/null | grep -A1 'signer_info:' | grep -q '<EMPTY>'; then
	ok "openssl: no signers (a certificates-only bundle)"; else fail "openssl: no signers (a certificates-only bundle)"; fi
check "pki convert reads its own .p7c back" pki convert "$T/p.p7c" --to pem -o "$T/back.pem"
same "round trip: the same certificates" "$(fps "$T/back.pem")" "$want"
exits "--to pkcs7 of a request is refused" 2 'is for certificates' sh -c '
	"$1" csr new --key-out "$2/q.key" --subject CN=q -o "$2/q.csr" && "$1" convert "$2/q.csr" --to pkcs7' \
	_ "$PKI_BIN" "$T"
printf '%s\n' '-----BEGIN PKCS7-----' 'MIIB' '-----END PKCS7-----' >"$T/bad.p7b"
exits "a broken PKCS#7 bundle is a parse error" 3 'PKCS#7' pki cert show "$T/bad.p7b"
done_testing
