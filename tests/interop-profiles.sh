#!/bin/sh
# Certificates of every kind (issue 15 item 2), checked with openssl and certtool: the
# code-signing, email (S/MIME), ocsp-signing and timestamping profiles have the key usage and
# extended key usage openssl and certtool expect (openssl verify -purpose, certtool
# --verify-purpose); an S/MIME certificate made by pki signs with `openssl cms -sign` and
# `openssl smime -sign`, and both -verify accept it (and encrypt to it); a TSA certificate
# made by pki signs an RFC 3161 time-stamp with `openssl ts -reply` that `openssl ts -verify`
# accepts; openssl cms -encrypt works to the EC (ECDH, keyAgreement) and the RSA
# (keyEncipherment) S/MIME certificates; --key-usage and --eku replace the profile's; contradictions are refused
# (PKI_E_USAGE); openssl-made code-signing and S/MIME certificates read the same in pki.
. "${top_srcdir}/tests/cli-lib.sh"
T=$TMP
jget() { "$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(eval(sys.argv[2]), sort_keys=True))' "$1" "$2" 2>&1; }
ext() { "$OPENSSL" x509 -in "$1" -noout -ext "$2" 2>/dev/null | tr -s ' \n' ' ' | sed 's/ $//'; }

check "a root CA (EC) and an RSA root" sh -c '
	"$1" ca new --subject "CN=profiles root" --key-out "$2/ca.key" -o "$2/ca.pem" &&
	"$1" ca new --subject "CN=profiles RSA root" --type rsa --bits 2048 --key-out "$2/rca.key" -o "$2/rca.pem"' \
	_ "$PKI_BIN" "$T"

# sign NAME PROFILE [OPTIONS]: a request for NAME (new EC key) signed with PROFILE.
sign() {
	_n=$1 _p=$2; shift 2
	pki csr new --key-out "$T/$_n.key" --subject "CN=$_n" -o "$T/$_n.csr" "$@" >/dev/null 2>&1 &&
		pki cert sign --ca "$T/ca.pem" --ca-key "$T/ca.key" --profile "$_p" "$T/$_n.csr" \
			-o "$T/$_n.pem"
}

# --- code signing ---------------------------------------------------------------------------
check "pki cert sign --profile code-signing" sign code code-signing
same "code-signing: key usage" "$(ext "$T/code.pem" keyUsage)" "X509v3 Key Usage: critical Digital Signature"
same "code-signing: extended key usage" "$(ext "$T/code.pem" extendedKeyUsage)" "X509v3 Extended Key Usage: Code Signing"
check "certtool --verify --verify-purpose codeSigning accepts it" sh -c '
	cat "$2" "$3" >"$4" && out=$(timeout 60 "$1" --verify --load-ca-certificate "$3" --infile "$4" \
		--verify-purpose 1.3.6.1.5.5.7.3.3 </dev/null 2>&1) &&
	printf "%s" "$out" | grep -q "Chain verification output: Verified"' \
	_ "$CERTTOOL" "$T/code.pem" "$T/ca.pem" "$T/code-chain.pem"
check_fails "certtool --verify-purpose emailProtection refuses it" sh -c '
	out=$(timeout 60 "$1" --verify --load-ca-certificate "$3" --infile "$2" \
		--verify-purpose 1.3.6.1.5.5.7.3.4 </dev/null 2>&1)
	printf "%s" "$out" | grep -q "Chain verification output: Verified"' \
	_ "$CERTTOOL" "$T/code-chain.pem" "$T/ca.pem"

# --- S/MIME -----------------------------------------------------------------------------------
check "pki cert sign --profile email (EC key)" sign mail email --email alice@example.com
same "email (EC): key usage" "$(ext "$T/mail.pem" keyUsage)" "X509v3 Key Usage: critical Digital Signature, Key Agreement"
same "email: extended key usage" "$(ext "$T/mail.pem" extendedKeyUsage)" "X509v3 Extended Key Usage: E-mail Protection"
same "email: the mailbox is an rfc822Name SAN" "$(ext "$T/mail.pem" subjectAltName)" "X509v3 Subject Alternative Name: email:alice@example.com"
check "openssl verify -purpose smimesign" "$OPENSSL" verify -purpose smimesign -CAfile "$T/ca.pem" "$T/mail.pem"
printf 'Subject: test\r\n\r\nhello from libpki\r\n' >"$T/msg.txt"
check "openssl cms -sign with the libpki S/MIME certificate" "$OPENSSL" cms -sign -in "$T/msg.txt" \
	-nodetach -signer "$T/mail.pem" -inkey "$T/mail.key" -out "$T/msg.cms" -outform DER
check "openssl cms -verify accepts it (purpose smimesign)" "$OPENSSL" cms -verify -in "$T/msg.cms" \
	-inform DER -CAfile "$T/ca.pem" -out "$T/msg.out"
check "openssl smime -sign" "$OPENSSL" smime -sign -in "$T/msg.txt" -signer "$T/mail.pem" \
	-inkey "$T/mail.key" -out "$T/msg.smime"
check "openssl smime -verify accepts it" "$OPENSSL" smime -verify -in "$T/msg.smime" \
	-CAfile "$T/ca.pem" -out "$T/msg2.out"
check "openssl cms -encrypt to it and -decrypt with its key (ECDH)" sh -c '
	"$1" cms -encrypt -aes256 -in "$2" -recip "$3" -out "$5" &&
	"$1" cms -decrypt -in "$5" -recip "$3" -inkey "$4" | grep -q "hello from libpki"' \
	_ "$OPENSSL" "$T/msg.txt" "$T/mail.pem" "$T/mail.key" "$T/msg.enc"
check "an RSA S/MIME certificate" sh -c '
	"$1" csr new --key-out "$2/rmail.key" --type rsa --bits 2048 --subject CN=bob --email bob@example.com -o "$2/rmail.csr" &&
	"$1" cert sign --ca "$2/ca.pem" --ca-key "$2/ca.key" --profile email "$2/rmail.csr" -o "$2/rmail.pem"' _ "$PKI_BIN" "$T"
same "email (RSA): key usage" "$(ext "$T/rmail.pem" keyUsage)" "X509v3 Key Usage: critical Digital Signature, Key Encipherment"
# (openssl's smimeencrypt purpose wants keyEncipherment, which an EC key cannot have: it is
# checked on the RSA certificate; the EC one is shown to work for ECDH encryption above)
check "openssl verify -purpose smimeencrypt (RSA)" "$OPENSSL" verify -purpose smimeencrypt -CAfile "$T/ca.pem" "$T/rmail.pem"
check "openssl smime -encrypt to the RSA certificate and -decrypt" sh -c '
	"$1" smime -encrypt -aes256 -in "$2" -out "$5" "$3" &&
	"$1" smime -decrypt -in "$5" -recip "$3" -inkey "$4" | grep -q "hello from libpki"' \
	_ "$OPENSSL" "$T/msg.txt" "$T/rmail.pem" "$T/rmail.key" "$T/msg.renc"
exits "an email certificate without an email address is refused" 3 'needs an email address' \
	pki cert sign --ca "$T/ca.pem" --ca-key "$T/ca.key" --profile email "$T/code.csr" -o "$T/x.pem"

# --- OCSP signing -----------------------------------------------------------------------------
check "pki cert sign --profile ocsp-signing" sign ocsp ocsp-signing
same "ocsp-signing: extended key usage" "$(ext "$T/ocsp.pem" extendedKeyUsage)" "X509v3 Extended Key Usage: OCSP Signing"
check "openssl verify -purpose ocsphelper" "$OPENSSL" verify -purpose ocsphelper -CAfile "$T/ca.pem" "$T/ocsp.pem"

# --- time stamping ----------------------------------------------------------------------------
check "pki cert sign --profile timestamping" sign tsa timestamping
same "timestamping: the EKU is timeStamping alone, critical" "$(ext "$T/tsa.pem" extendedKeyUsage)" \
	"X509v3 Extended Key Usage: critical Time Stamping"
check "openssl verify -purpose timestampsign" "$OPENSSL" verify -purpose timestampsign -CAfile "$T/ca.pem" "$T/tsa.pem"
cat >"$T/tsa.cnf" <<EOF
[tsa]
default_tsa = tsa_config
[tsa_config]
serial = $T/tsaserial
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.3
digests = sha256
ess_cert_id_alg = sha256
EOF
echo 01 >"$T/tsaserial"
echo "data to stamp" >"$T/data.txt"
check "openssl ts -reply signs a time-stamp with the libpki TSA certificate" sh -c '
	"$1" ts -query -data "$2/data.txt" -sha256 -cert -out "$2/req.tsq" &&
	"$1" ts -reply -config "$2/tsa.cnf" -queryfile "$2/req.tsq" -signer "$2/tsa.pem" \
		-inkey "$2/tsa.key" -out "$2/resp.tsr"' _ "$OPENSSL" "$T"
check "openssl ts -verify accepts the time-stamp" "$OPENSSL" ts -verify -data "$T/data.txt" \
	-in "$T/resp.tsr" -CAfile "$T/ca.pem" -untrusted "$T/tsa.pem"
exits "a timestamping certificate with another EKU is refused" 3 'timeStamping as its only' \
	pki cert sign --ca "$T/ca.pem" --ca-key "$T/ca.key" --profile timestamping --eku timeStamping,codeSigning "$T/tsa.csr" -o "$T/x.pem"

# --- explicit usages and refusals -------------------------------------------------------------
check "--key-usage and --eku replace the profile's" pki cert sign --ca "$T/ca.pem" --ca-key "$T/ca.key" \
	--profile client --key-usage digitalSignature,nonRepudiation --eku clientAuth,emailProtection,1.3.6.1.4.1.99999.9 \
	"$T/code.csr" -o "$T/custom.pem"
same "explicit key usage" "$(ext "$T/custom.pem" keyUsage)" "X509v3 Key Usage: critical Digital Signature, Non Repudiation"
same "explicit extended key usage (names and an OID)" "$(ext "$T/custom.pem" extendedKeyUsage)" \
	"X509v3 Extended Key Usage: TLS Web Client Authentication, E-mail Protection, 1.3.6.1.4.1.99999.9"
exits "keyCertSign on a leaf is refused" 3 'keyCertSign is for CA certificates' \
	pki cert sign --ca "$T/ca.pem" --ca-key "$T/ca.key" --key-usage digitalSignature,keyCertSign "$T/code.csr" -o "$T/x.pem"
exits "a CA without keyCertSign is refused" 3 'needs keyCertSign' \
	pki ca new --subject "CN=bad CA" --key-out "$T/bad.key" --key-usage cRLSign -o "$T/bad.pem"
exits "keyEncipherment for an EC key is refused" 3 'cannot encrypt' \
	pki cert sign --ca "$T/ca.pem" --ca-key "$T/ca.key" --key-usage keyEncipherment "$T/code.csr" -o "$T/x.pem"
exits "keyAgreement for an RSA key is refused" 3 'keyAgreement needs an EC' \
	pki cert sign --ca "$T/ca.pem" --ca-key "$T/ca.key" --profile email --key-usage digitalSignature,keyAgreement "$T/rmail.csr" -o "$T/x.pem"
exits "decipherOnly without keyAgreement is refused" 3 'need keyAgreement' \
	pki cert sign --ca "$T/ca.pem" --ca-key "$T/ca.key" --key-usage digitalSignature,decipherOnly "$T/code.csr" -o "$T/x.pem"
exits "an unknown key usage name is a usage error" 2 'unknown key usage' \
	pki cert sign --ca "$T/ca.pem" --ca-key "$T/ca.key" --key-usage sign "$T/code.csr" -o "$T/x.pem"
exits "an unknown EKU name is a usage error" 2 'unknown extended key usage' \
	pki cert sign --ca "$T/ca.pem" --ca-key "$T/ca.key" --eku codesign "$T/code.csr" -o "$T/x.pem"
[ ! -e "$T/x.pem" ] && ok "nothing was written by the refused commands" || fail "nothing was written by the refused commands"

# --- one command each (README, pki.1): a new key certified at once --------------------------
check "one command: a code-signing certificate" pki cert sign --ca "$T/ca.pem" --ca-key "$T/ca.key" \
	--profile code-signing --subject "CN=Example Code Signing,O=Example" --key-out "$T/cs1.key" -o "$T/cs1.pem"
same "its extended key usage" "$(ext "$T/cs1.pem" extendedKeyUsage)" "X509v3 Extended Key Usage: Code Signing"
check "openssl verify accepts it" "$OPENSSL" verify -CAfile "$T/ca.pem" "$T/cs1.pem"
check "one command: an S/MIME certificate" pki cert sign --ca "$T/ca.pem" --ca-key "$T/ca.key" \
	--profile email --subject "CN=Alice" --email alice@example.com --key-out "$T/sm1.key" -o "$T/sm1.pem"
check "openssl cms -sign / -verify with it" sh -c '
	"$1" cms -sign -nodetach -in "$2" -signer "$3" -inkey "$4" -out "$5" &&
	"$1" cms -verify -in "$5" -CAfile "$6" | grep -q "hello from libpki"' \
	_ "$OPENSSL" "$T/msg.txt" "$T/sm1.pem" "$T/sm1.key" "$T/msg1.cms" "$T/ca.pem"
exits "--key-out and a request together are refused" 2 'not both' \
	pki cert sign --ca "$T/ca.pem" --ca-key "$T/ca.key" --key-out "$T/n.key" --subject CN=n "$T/code.csr"
[ ! -e "$T/n.key" ] && ok "no key is written by the refused command" || fail "no key is written by the refused command"

# --- openssl-made certificates read the same in pki -------------------------------------------
check "openssl makes code-signing and S/MIME certificates" sh -c '
	"$1" req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$2/oc.key" \
		-out "$2/oc.pem" -days 30 -subj "/CN=openssl code signer" \
		-addext "keyUsage=critical,digitalSignature" -addext "extendedKeyUsage=codeSigning" &&
	"$1" req -x509 -new -newkey rsa:2048 -nodes -keyout "$2/om.key" -out "$2/om.pem" -days 30 \
		-subj "/CN=carol" -addext "keyUsage=critical,digitalSignature,keyEncipherment" \
		-addext "extendedKeyUsage=emailProtection,clientAuth" -addext "subjectAltName=email:carol@example.com"' \
	_ "$OPENSSL" "$T"
pki cert show --json "$T/oc.pem" >"$T/oc.json" 2>&1
pki cert show --json "$T/om.pem" >"$T/om.json" 2>&1
same "openssl code-signing: key usage" "$(jget "$T/oc.json" 'd["key_usage"]')" '["digitalSignature"]'
same "openssl code-signing: EKU" "$(jget "$T/oc.json" 'd["extended_key_usage"]')" '["codeSigning"]'
same "openssl S/MIME: key usage" "$(jget "$T/om.json" 'd["key_usage"]')" '["digitalSignature", "keyEncipherment"]'
same "openssl S/MIME: EKU" "$(jget "$T/om.json" 'd["extended_key_usage"]')" '["emailProtection", "clientAuth"]'
same "openssl S/MIME: email" "$(jget "$T/om.json" 'd["emails"]')" '["carol@example.com"]'
done_testing
