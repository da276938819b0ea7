#!/bin/sh
# PKCS#12 files written by libpki are read by openssl and Java's keytool (with the expected
# algorithms: PBES2/AES-256-CBC and an HMAC-SHA256 MAC, or 3DES and SHA-1 with the legacy flag);
# files written by `openssl pkcs12 -export` (default and -legacy), `certtool --to-p12` and
# keytool are read by libpki, giving the same key and certificate.
# Each file costs a few PBKDF2 derivations by design: the number of files is kept small.
. "${top_srcdir}/tests/lib.sh"
p12="$top_builddir/tests/pki-p12"
P=correct-horse
KEYTOOL=${KEYTOOL:-keytool}

pub() { "$OPENSSL" pkey -in "$1" -pubout 2>/dev/null; }
fp() { "$OPENSSL" x509 -in "$1" -noout -fingerprint -sha256 2>/dev/null; }
have_keytool() { command -v "$KEYTOOL" >/dev/null 2>&1; }

# --- a root, an intermediate and a server leaf, made by openssl --------------------------------
ec_key() { "$OPENSSL" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
cat >"$TMP/ca.ext" <<E
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
E
cat >"$TMP/leaf.ext" <<E
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:registry.example.com
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
E
ec_key "$TMP/root.key"
ec_key "$TMP/int.key"
ec_key "$TMP/leaf.key"
"$OPENSSL" req -x509 -new -key "$TMP/root.key" -subj "/CN=Interop Root" -days 30 \
	-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
	-out "$TMP/root.pem" 2>/dev/null
"$OPENSSL" req -new -key "$TMP/int.key" -subj "/CN=Interop Intermediate" -out "$TMP/int.csr" 2>/dev/null
"$OPENSSL" x509 -req -in "$TMP/int.csr" -CA "$TMP/root.pem" -CAkey "$TMP/root.key" \
	-CAcreateserial -days 30 -extfile "$TMP/ca.ext" -out "$TMP/int.pem" 2>/dev/null
"$OPENSSL" req -new -key "$TMP/leaf.key" -subj "/CN=registry.example.com" -out "$TMP/leaf.csr" 2>/dev/null
"$OPENSSL" x509 -req -in "$TMP/leaf.csr" -CA "$TMP/int.pem" -CAkey "$TMP/int.key" \
	-CAcreateserial -days 30 -extfile "$TMP/leaf.ext" -out "$TMP/leaf.pem" 2>/dev/null
cat "$TMP/int.pem" "$TMP/root.pem" >"$TMP/chain.pem"
check "openssl made a three-level PKI" "$OPENSSL" verify -CAfile "$TMP/root.pem" \
	-untrusted "$TMP/int.pem" "$TMP/leaf.pem"

# --- libpki -> openssl, keytool ----------------------------------------------------------------
check "libpki exports key + certificate + chain + name" \
	"$p12" export "$TMP/leaf.key" "$TMP/leaf.pem" "$TMP/chain.pem" registry "$P" default "$TMP/l.p12"
same "the PKCS#12 file is mode 0600" "$(stat -c %a "$TMP/l.p12")" 600
"$OPENSSL" pkcs12 -info -noout -in "$TMP/l.p12" -passin "pass:$P" >"$TMP/info" 2>&1
check "openssl pkcs12 -info reads libpki's file" grep -q '^Shrouded Keybag' "$TMP/info"
grep -q '^MAC: sha256' "$TMP/info" && ok "the MAC is HMAC-SHA256" || fail "the MAC is HMAC-SHA256"
grep -q '^Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC' "$TMP/info" \
	&& ok "the key is PBES2 + AES-256-CBC" || fail "the key is PBES2 + AES-256-CBC"
grep -q '^PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC' "$TMP/info" \
	&& ok "the certificates are PBES2 + AES-256-CBC" || fail "the certificates are PBES2 + AES-256-CBC"
grep -Eqi 'des|rc2|sha1' "$TMP/info" && fail "no DES, RC2 or SHA-1" || ok "no DES, RC2 or SHA-1"
sed 's/^/# /' "$TMP/info"
check_fails "openssl refuses a wrong password" \
	"$OPENSSL" pkcs12 -info -noout -in "$TMP/l.p12" -passin pass:wrong
"$OPENSSL" pkcs12 -in "$TMP/l.p12" -passin "pass:$P" -nocerts -nodes -out "$TMP/o-key.pem" 2>/dev/null
"$OPENSSL" pkcs12 -in "$TMP/l.p12" -passin "pass:$P" -clcerts -nokeys -out "$TMP/o-leaf.pem" 2>/dev/null
"$OPENSSL" pkcs12 -in "$TMP/l.p12" -passin "pass:$P" -cacerts -nokeys -out "$TMP/o-ca.pem" 2>/dev/null
same "openssl extracts the same private key" "$(pub "$TMP/o-key.pem")" "$(pub "$TMP/leaf.key")"
same "openssl extracts the same certificate" "$(fp "$TMP/o-leaf.pem")" "$(fp "$TMP/leaf.pem")"
same "openssl finds the two chain certificates" "$(grep -c 'BEGIN CERTIFICATE' "$TMP/o-ca.pem")" 2
grep -q 'friendlyName: registry' "$TMP/o-leaf.pem" && ok "openssl sees the friendly name" \
	|| fail "openssl sees the friendly name"

check "libpki exports with the legacy algorithms" \
	"$p12" export "$TMP/leaf.key" "$TMP/leaf.pem" - - "$P" legacy "$TMP/legacy.p12"
"$OPENSSL" pkcs12 -info -noout -in "$TMP/legacy.p12" -passin "pass:$P" >"$TMP/info-l" 2>&1
grep -q '^MAC: sha1' "$TMP/info-l" && grep -q '^Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC' "$TMP/info-l" \
	&& grep -q '^PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC' "$TMP/info-l" \
	&& ok "legacy: 3DES for key and certificates, SHA-1 MAC" \
	|| { fail "legacy: 3DES for key and certificates, SHA-1 MAC"; sed 's/^/# /' "$TMP/info-l"; }

if have_keytool; then
	"$KEYTOOL" -list -v -storetype PKCS12 -storepass "$P" -keystore "$TMP/l.p12" >"$TMP/kt" 2>&1
	grep -q '^Alias name: registry' "$TMP/kt" && grep -q '^Entry type: PrivateKeyEntry' "$TMP/kt" \
		&& ok "keytool lists libpki's file: alias registry, a PrivateKeyEntry" \
		|| { fail "keytool lists libpki's file: alias registry, a PrivateKeyEntry"; sed 's/^/# /' "$TMP/kt"; }
	grep -q '^Certificate chain length: 3' "$TMP/kt" && ok "keytool sees a chain of 3" \
		|| fail "keytool sees a chain of 3"
	check "keytool -list -storetype PKCS12 reads the legacy file" \
		"$KEYTOOL" -list -storetype PKCS12 -storepass "$P" -keystore "$TMP/legacy.p12"
	check_fails "keytool refuses a wrong password" \
		"$KEYTOOL" -list -storetype PKCS12 -storepass wrong -keystore "$TMP/l.p12"
else
	for t in "keytool lists libpki's file" "keytool sees a chain of 3" \
		"keytool reads the legacy file" "keytool refuses a wrong password"; do
		_tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $t # SKIP keytool not installed (default-jdk-headless)"
	done
fi

# --- libpki reads its own file back, and refuses what it should ------------------------------
out=$("$p12" import "$TMP/l.p12" "$P" "$TMP/r-key.pem" "$TMP/r-leaf.pem" "$TMP/r-chain.pem")
same "libpki reads its file: name and chain" "$(echo $out)" "name=registry chain=2"
same "... the same key" "$(pub "$TMP/r-key.pem")" "$(pub "$TMP/leaf.key")"
same "... the same certificate" "$(fp "$TMP/r-leaf.pem")" "$(fp "$TMP/leaf.pem")"
same "... the chain in order" "$("$OPENSSL" crl2pkcs7 -nocrl -certfile "$TMP/r-chain.pem" | "$OPENSSL" pkcs7 -print_certs -noout | grep subject)" \
	"$("$OPENSSL" crl2pkcs7 -nocrl -certfile "$TMP/chain.pem" | "$OPENSSL" pkcs7 -print_certs -noout | grep subject)"
"$p12" import "$TMP/l.p12" wrong "$TMP/x.pem" "$TMP/y.pem" >/dev/null 2>&1
same "a wrong password gives PKI_E_BAD_PASSWORD" "$?" 15
"$p12" import "$TMP/l.p12" -nopass "$TMP/x.pem" "$TMP/y.pem" >/dev/null 2>&1
same "no password gives PKI_E_PASSWORD_REQUIRED" "$?" 14
head -c 200 "$TMP/l.p12" >"$TMP/trunc.p12"
"$p12" import "$TMP/trunc.p12" "$P" "$TMP/x.pem" "$TMP/y.pem" >/dev/null 2>&1
same "a truncated file gives PKI_E_PARSE" "$?" 13
"$p12" export "$TMP/int.key" "$TMP/leaf.pem" - - "$P" default "$TMP/bad.p12" >/dev/null 2>&1
same "exporting another certificate's key gives PKI_E_KEY_MISMATCH" "$?" 21

# --- openssl, certtool, keytool -> libpki --------------------------------------------------------
# import_same DESCRIPTION FILE PASSWORD EXPECTED-OUTPUT: libpki reads FILE with the leaf's key.
import_same() {
	if out=$("$p12" import "$2" "$3" "$TMP/i-key.pem" "$TMP/i-crt.pem" 2>&1) &&
		[ "$(pub "$TMP/i-key.pem")" = "$(pub "$TMP/leaf.key")" ] &&
		[ "$(fp "$TMP/i-crt.pem")" = "$(fp "$TMP/leaf.pem")" ] &&
		[ "$(echo $out)" = "$4" ]; then
		ok "$1"
	else
		fail "$1"; echo "$out" | sed 's/^/# /'
	fi
}

"$OPENSSL" pkcs12 -export -inkey "$TMP/leaf.key" -in "$TMP/leaf.pem" -certfile "$TMP/chain.pem" \
	-name "openssl name" -passout "pass:$P" -out "$TMP/o.p12" 2>/dev/null
import_same "libpki reads openssl pkcs12 -export (AES-256, SHA-256 MAC)" "$TMP/o.p12" "$P" \
	"name=openssl name chain=2"
"$p12" import "$TMP/o.p12" wrong "$TMP/x.pem" "$TMP/y.pem" >/dev/null 2>&1
same "... and refuses a wrong password for it" "$?" 15
# On import "" is the empty password, not "no password" (libpki never writes such a file).
"$OPENSSL" pkcs12 -export -inkey "$TMP/leaf.key" -in "$TMP/leaf.pem" -passout pass: \
	-out "$TMP/empty.p12" 2>/dev/null
import_same "libpki reads openssl's file with the empty password \"\"" "$TMP/empty.p12" "" \
	"name= chain=0"
"$p12" import "$TMP/empty.p12" -nopass "$TMP/x.pem" "$TMP/y.pem" >/dev/null 2>&1
same "... and NULL is not the empty password: PKI_E_PASSWORD_REQUIRED" "$?" 14
"$p12" export "$TMP/leaf.key" "$TMP/leaf.pem" - - "" default "$TMP/never.p12" >/dev/null 2>&1
same "libpki refuses to write one with \"\": PKI_E_INVALID_ARG" "$?" 11
[ ! -e "$TMP/never.p12" ] && ok "... and writes no file" || fail "... and writes no file"

if "$OPENSSL" pkcs12 -export -legacy -inkey "$TMP/leaf.key" -in "$TMP/leaf.pem" \
	-passout "pass:$P" -out "$TMP/o-legacy.p12" 2>/dev/null; then
	import_same "libpki reads openssl pkcs12 -export -legacy (RC2-40, 3DES, SHA-1 MAC)" \
		"$TMP/o-legacy.p12" "$P" "name= chain=0"
else
	_tap_n=$((_tap_n + 1)); echo "ok $_tap_n - libpki reads openssl -legacy # SKIP this openssl has no -legacy"
fi

# Certificates only: a file without a key (a trust store) is not an identity.
"$OPENSSL" pkcs12 -export -nokeys -in "$TMP/root.pem" -passout "pass:$P" -out "$TMP/nokey.p12" 2>/dev/null
"$p12" import "$TMP/nokey.p12" "$P" "$TMP/x.pem" "$TMP/y.pem" >/dev/null 2>&1
same "a PKCS#12 file without a key gives PKI_E_NOT_FOUND" "$?" 25

# No MAC (openssl pkcs12 -nomac): refused unless asked for, then read (the key still needs
# the password).
"$OPENSSL" pkcs12 -export -nomac -inkey "$TMP/leaf.key" -in "$TMP/leaf.pem" -passout "pass:$P" \
	-out "$TMP/nomac.p12" 2>/dev/null
"$p12" import "$TMP/nomac.p12" "$P" "$TMP/x.pem" "$TMP/y.pem" >/dev/null 2>&1
same "a file without a MAC gives PKI_E_WEAK" "$?" 17
export PKI_P12_NO_MAC=allow
import_same "... and is read with PKI_P12_ALLOW_NO_MAC" "$TMP/nomac.p12" "$P" "name= chain=0"
unset PKI_P12_NO_MAC
# One work budget for the file: openssl -iter N -maciter gives the MAC, the certificates and
# the key N iterations each; 3 x 1,333,334 is just over PKI_P12_MAX_KDF_ITERATIONS.
"$OPENSSL" pkcs12 -export -iter 1333334 -maciter -inkey "$TMP/leaf.key" -in "$TMP/leaf.pem" \
	-passout "pass:$P" -out "$TMP/iter.p12" 2>/dev/null
if out=$("$p12" import "$TMP/iter.p12" "$P" "$TMP/x.pem" "$TMP/y.pem" 2>&1); then
	fail "4,000,002 iterations in all give PKI_E_TOO_LARGE"
else
	same "4,000,002 iterations in all give PKI_E_TOO_LARGE" "$?" 26
fi
echo "$out" | grep -q "more than 4000000 key-derivation iterations" &&
	ok "... and the message names the budget" || { fail "... and the message names the budget"; echo "# $out"; }

cat "$TMP/leaf.pem" "$TMP/int.pem" >"$TMP/leaf+int.pem"
certtool_q --to-p12 --load-privkey "$TMP/leaf.key" --load-certificate "$TMP/leaf+int.pem" \
	--password "$P" --p12-name "certtool name" --outder --outfile "$TMP/c.p12" >/dev/null 2>&1
check "certtool --to-p12 made a file" test -s "$TMP/c.p12"
import_same "libpki reads certtool --to-p12" "$TMP/c.p12" "$P" "name=certtool name chain=1"

if have_keytool; then
	# keytool writes its own key and self-signed certificate: compare with what openssl reads.
	"$KEYTOOL" -genkeypair -storetype PKCS12 -keystore "$TMP/k.p12" -storepass "$P" \
		-alias javakey -keyalg RSA -keysize 2048 -dname CN=java.example.com \
		-validity 30 </dev/null >/dev/null 2>&1
	"$OPENSSL" pkcs12 -in "$TMP/k.p12" -passin "pass:$P" -nocerts -nodes -out "$TMP/k-key.pem" 2>/dev/null
	"$OPENSSL" pkcs12 -in "$TMP/k.p12" -passin "pass:$P" -clcerts -nokeys -out "$TMP/k-crt.pem" 2>/dev/null
	out=$("$p12" import "$TMP/k.p12" "$P" "$TMP/kk.pem" "$TMP/kc.pem" 2>&1)
	if [ "$(echo $out)" = "name=javakey chain=0" ] && [ -n "$(pub "$TMP/kk.pem")" ] &&
		[ "$(pub "$TMP/kk.pem")" = "$(pub "$TMP/k-key.pem")" ] &&
		[ "$(fp "$TMP/kc.pem")" = "$(fp "$TMP/k-crt.pem")" ]; then
		ok "libpki reads a keytool -genkeypair RSA keystore"
	else
		fail "libpki reads a keytool -genkeypair RSA keystore"; echo "$out" | sed 's/^/# /'
	fi
	# Java stores EC keys without their public point, which GnuTLS 3.7 cannot decode: the
	# password is right (the MAC verifies), so this must not be reported as a wrong password.
	"$KEYTOOL" -genkeypair -storetype PKCS12 -keystore "$TMP/k-ec.p12" -storepass "$P" \
		-alias javaec -keyalg EC -groupname secp256r1 -dname CN=java.example.com \
		-validity 30 </dev/null >/dev/null 2>&1
	if "$p12" import "$TMP/k-ec.p12" "$P" "$TMP/kk.pem" "$TMP/kc.pem" >/dev/null 2>&1; then
		ok "libpki reads a keytool EC keystore"
	else
		same "a keytool EC keystore gives PKI_E_UNSUPPORTED, not a password error" "$?" 16
	fi
else
	for t in "libpki reads a keytool RSA keystore" "libpki reads a keytool EC keystore"; do
		_tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $t # SKIP keytool not installed"
	done
fi

done_testing
