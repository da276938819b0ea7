#!/bin/sh
# Signature hash and RSA-PSS (issue 15 item 3), checked with openssl and certtool: --hash
# sha384/sha512 and --pss are what `openssl x509 -text` and `certtool -i` show and `openssl
# verify` / `certtool --verify` accept; an RSA-PSS key made by openssl (id-RSASSA-PSS) is
# certified, without keyEncipherment; an openssl-made RSA-PSS certificate reads the same in pki.
. "${top_srcdir}/tests/cli-lib.sh"
T=$TMP
jget() { "$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(eval(sys.argv[2]), sort_keys=True))' "$1" "$2" 2>&1; }
sigalg() { "$OPENSSL" x509 -in "$1" -noout -text | sed -n 's/^ *Signature Algorithm: *//p' | head -1 | tr -d ' '; }

check "an RSA root signed with RSA-PSS and SHA-384" pki ca new --subject "CN=PSS root" --type rsa \
	--bits 2048 --key-out "$T/ca.key" -o "$T/ca.pem" --pss --hash sha384
same "openssl: rsassaPss" "$(sigalg "$T/ca.pem")" "rsassaPss"
if "$OPENSSL" x509 -in "$T/ca.pem" -noout -text | grep -A3 'rsassaPss' | grep -q 'Mask Algorithm: mgf1 with sha384'; then
	ok "openssl: PSS with SHA-384 and MGF1-SHA-384"; else fail "openssl: PSS with SHA-384 and MGF1-SHA-384"; fi
if certtool_q -i --infile "$T/ca.pem" | grep -q 'Signature Algorithm: RSA-PSS-SHA384'; then
	ok "certtool -i: RSA-PSS-SHA384"; else fail "certtool -i: RSA-PSS-SHA384"; fi
check "a leaf signed with RSA-PSS and SHA-512" pki cert sign --ca "$T/ca.pem" --ca-key "$T/ca.key" \
	--pss --hash sha512 --subject CN=a.example.com --dns a.example.com --key-out "$T/a.key" -o "$T/a.pem"
check "openssl verify accepts it" "$OPENSSL" verify -CAfile "$T/ca.pem" "$T/a.pem"
check "certtool --verify accepts it" sh -c 'cat "$1" "$2" >"$3" && timeout 60 "$4" --verify \
	--load-ca-certificate "$2" --infile "$3" </dev/null 2>&1 | grep -q "Chain verification output: Verified"' \
	_ "$T/a.pem" "$T/ca.pem" "$T/a-chain.pem" "$CERTTOOL"
same "pki cert show: RSA-PSS-SHA512" "$(pki cert show --json "$T/a.pem" | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["signature_algorithm"])')" "RSA-PSS-SHA512"

for h in sha256 sha384 sha512; do
	check "an EC leaf with --hash $h" pki cert sign --ca "$T/ca.pem" --ca-key "$T/ca.key" --hash $h \
		--subject CN=$h.example.com --dns $h.example.com --key-out "$T/$h.key" -o "$T/$h.pem"
	same "openssl: sha${h#sha}WithRSAEncryption" "$(sigalg "$T/$h.pem")" "${h}WithRSAEncryption"
done
check "an EC root, --hash sha512" pki ca new --subject "CN=EC root" --key-out "$T/eca.key" -o "$T/eca.pem" --hash sha512
same "openssl: ecdsa-with-SHA512" "$(sigalg "$T/eca.pem")" "ecdsa-with-SHA512"
check "openssl verify accepts the self-signed ECDSA-SHA512 root" "$OPENSSL" verify -CAfile "$T/eca.pem" "$T/eca.pem"
exits "--pss with an EC CA key is refused" 3 'need an RSA CA key' pki cert sign --ca "$T/eca.pem" \
	--ca-key "$T/eca.key" --pss --subject CN=x --dns x.example --key-out "$T/x.key" -o "$T/x.pem"
exits "--hash with an Ed25519 CA key is refused" 3 'pure EdDSA' pki ca new --subject "CN=ed" --type ed25519 \
	--key-out "$T/ed.key" -o "$T/ed.pem" --hash sha256
exits "--hash md5 is a usage error" 2 'sha256, sha384 or sha512' pki ca new --subject CN=m \
	--key-out "$T/m.key" -o "$T/m.pem" --hash md5

# --- RSA-PSS keys made by openssl -------------------------------------------------------------
check "openssl makes an RSA-PSS key and a request" sh -c '
	"$1" genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out "$2/pss.key" 2>/dev/null &&
	"$1" req -new -key "$2/pss.key" -subj /CN=pss.example.com -addext subjectAltName=DNS:pss.example.com \
		-out "$2/pss.csr"' _ "$OPENSSL" "$T"
check "pki cert sign certifies the RSA-PSS key" pki cert sign --ca "$T/ca.pem" --ca-key "$T/ca.key" \
	--pss "$T/pss.csr" -o "$T/pss.pem"
check "openssl verify accepts it" "$OPENSSL" verify -CAfile "$T/ca.pem" "$T/pss.pem"
if "$OPENSSL" x509 -in "$T/pss.pem" -noout -text | grep -q 'Public Key Algorithm: rsassaPss'; then
	ok "its public key is id-RSASSA-PSS"; else fail "its public key is id-RSASSA-PSS"; fi
same "an RSA-PSS server key gets digitalSignature only (it cannot encrypt)" \
	"$("$OPENSSL" x509 -in "$T/pss.pem" -noout -ext keyUsage | tail -1 | tr -d ' ')" "DigitalSignature"
check "the openssl RSA-PSS key signs a TLS-style message checked with the certificate" sh -c '
	echo hello >"$2/m" && "$1" dgst -sha256 -sign "$2/pss.key" -out "$2/m.sig" "$2/m" &&
	"$1" x509 -in "$2/pss.pem" -pubkey -noout >"$2/pss.pub" &&
	"$1" dgst -sha256 -verify "$2/pss.pub" -signature "$2/m.sig" "$2/m"' _ "$OPENSSL" "$T"
check "openssl makes a self-signed RSA-PSS certificate" "$OPENSSL" req -x509 -key "$T/pss.key" \
	-subj /CN=pss-self -days 10 -out "$T/pss-self.pem"
pki cert show --json "$T/pss-self.pem" >"$T/pss-self.json" 2>&1
same "pki reads its key type" "$(jget "$T/pss-self.json" 'd["public_key"]')" '{"bits": 2048, "curve": null, "type": "rsa-pss"}'
same "pki reads its signature algorithm" "$(jget "$T/pss-self.json" 'd["signature_algorithm"]')" '"RSA-PSS-SHA256"'
done_testing
