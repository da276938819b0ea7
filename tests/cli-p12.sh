#!/bin/sh
# pki(1): p12 export and p12 import, checked with openssl, and their failure cases.
# Each PKCS#12 file costs a few PBKDF2 derivations by design: few files.
. "${top_srcdir}/tests/cli-lib.sh"
cd "$TMP" || exit 99
pub() { ossl pkey -in "$1" -pubout 2>/dev/null; }
fp() { ossl x509 -in "$1" -noout -fingerprint -sha256 2>/dev/null; }

for c in "p12" "p12 export" "p12 import"; do
	# shellcheck disable=SC2086
	succeeds "pki $c --help" pki $c --help
	grep -q "^Usage: pki $c" "$TMP/.out" && ok "pki $c --help names the command" ||
		fail "pki $c --help: $(head -1 "$TMP/.out")"
done

# A CA, an intermediate and a server certificate, with pki itself.
pki ca new --subject "CN=P12 Root" --key-out root.key -o root.pem >/dev/null 2>&1 </dev/null
ossl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout int.key \
	-subj "/CN=P12 Intermediate" -out int.csr 2>/dev/null
printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n' >ca.ext
ossl x509 -req -in int.csr -CA root.pem -CAkey root.key -CAcreateserial -days 30 \
	-extfile ca.ext -out int.pem 2>/dev/null
pki key new -o leaf.key </dev/null
ossl req -new -key leaf.key -subj "/CN=p12.example.com" -out leaf.csr 2>/dev/null
ossl x509 -req -in leaf.csr -CA int.pem -CAkey int.key -CAcreateserial -days 30 -out leaf.pem 2>/dev/null
cat int.pem root.pem >chain.pem
check "test PKI made" ossl verify -CAfile root.pem -untrusted int.pem leaf.pem
printf 'p12-secret\n' >pw.txt
export P12PW=p12-secret

# --- export --------------------------------------------------------------------------------
: >empty.txt
exits "p12 export refuses an empty password file" 3 "password file empty.txt .* is empty: an empty password would store the key unencrypted" \
	pki p12 export --key leaf.key --cert leaf.pem --pass-file empty.txt -o never.p12
exits "p12 export refuses an empty password variable" 3 "environment variable P12EMPTY is empty" \
	env P12EMPTY= "$PKI_BIN" p12 export --key leaf.key --cert leaf.pem --pass-env P12EMPTY -o never.p12
[ ! -e never.p12 ] && ok "no PKCS#12 file with an empty password" || fail "no PKCS#12 file with an empty password"
succeeds "p12 export" pki p12 export --key leaf.key --cert leaf.pem --chain chain.pem \
	--name web --pass-file pw.txt -o id.p12
same "the file is mode 0600" "$(mode id.p12)" 600
ossl pkcs12 -info -noout -in id.p12 -passin pass:p12-secret >info.txt 2>&1
grep -q '^MAC: sha256' info.txt && grep -q '^Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC' info.txt \
	&& ok "openssl reads it: AES-256-CBC, SHA-256 MAC" || { fail "openssl reads it"; sed 's/^/# /' info.txt; }
ossl pkcs12 -in id.p12 -passin pass:p12-secret -nocerts -nodes -out o.key 2>/dev/null
same "openssl finds the key" "$(pub o.key)" "$(pub leaf.key)"
exits "existing output refused" 3 "exists" pki p12 export --key leaf.key --cert leaf.pem \
	--pass-file pw.txt -o id.p12
exits "another key is refused" 3 "is not the private key of the certificate" pki p12 export --key int.key \
	--cert leaf.pem --pass-file pw.txt -o bad.p12
[ -e bad.p12 ] && fail "nothing written on a mismatch" || ok "nothing written on a mismatch"
exits "no password source without a terminal" 2 "needs a password" pki p12 export \
	--key leaf.key --cert leaf.pem -o nopw.p12
exits "--key is required" 2 "--key FILE is required" pki p12 export --cert leaf.pem -o x.p12
exits "-o is required" 2 "-o FILE is required" pki p12 export --key leaf.key --cert leaf.pem
exits "not to standard output" 2 "standard output" pki p12 export --key leaf.key --cert leaf.pem -o -
exits "a non-ASCII name is a usage error" 2 "ASCII" pki p12 export --key leaf.key \
	--cert leaf.pem --name "caf$(printf '\303\251')" --pass-env P12PW -o n.p12
succeeds "p12 export --legacy --pass-env" pki p12 export --key leaf.key --cert leaf.pem \
	--legacy --pass-env P12PW -o legacy.p12
ossl pkcs12 -info -noout -in legacy.p12 -passin pass:p12-secret 2>&1 | grep -q '^MAC: sha1' \
	&& ok "--legacy: SHA-1 MAC" || fail "--legacy: SHA-1 MAC"

# --- import --------------------------------------------------------------------------------
succeeds "p12 import" pki p12 import id.p12 --pass-file pw.txt --key-out k.pem --cert-out c.pem \
	--chain-out ch.pem
grep -q '^name: *web$' "$TMP/.out" && grep -q '^chain: *2 certificates$' "$TMP/.out" \
	&& ok "import reports the name and the chain" || fail "import report: $(out)"
same "the key comes back" "$(pub k.pem)" "$(pub leaf.key)"
same "the key file is mode 0600" "$(mode k.pem)" 600
same "the certificate comes back" "$(fp c.pem)" "$(fp leaf.pem)"
same "the chain comes back" "$(grep -c 'BEGIN CERTIFICATE' ch.pem)" 2
export P12BAD=nope
exits "wrong password" 3 "wrong password" pki p12 import id.p12 --pass-env P12BAD \
	--key-out k2.pem --cert-out c2.pem
exits "no password" 3 "password is required" pki p12 import id.p12 --key-out k2.pem --cert-out c2.pem
[ -e k2.pem ] && fail "no key written on failure" || ok "no key written on failure"
exits "outputs must differ" 2 "differ" pki p12 import id.p12 --key-out same.pem --cert-out same.pem
exits "--key-out is required" 2 "required" pki p12 import id.p12 --cert-out c3.pem
head -c 100 id.p12 >trunc.p12
exits "truncated file" 3 "malformed|damaged" pki p12 import trunc.p12 --pass-file pw.txt \
	--key-out k4.pem --cert-out c4.pem
# openssl's own file, with the written key encrypted again.
ossl pkcs12 -export -inkey leaf.key -in leaf.pem -passout pass:p12-secret -out o.p12 2>/dev/null
succeeds "p12 import of an openssl file, key re-encrypted" pki p12 import o.p12 \
	--pass-env P12PW --key-pass-env P12PW --key-out ke.pem --cert-out ce.pem
grep -q 'BEGIN ENCRYPTED PRIVATE KEY' ke.pem && ok "the written key is encrypted" \
	|| fail "the written key is encrypted"
same "... and openssl decrypts it" "$(ossl pkey -in ke.pem -passin pass:p12-secret -pubout 2>/dev/null)" \
	"$(pub leaf.key)"

# A file without a MAC: refused, then read with --allow-no-mac.
ossl pkcs12 -export -nomac -inkey leaf.key -in leaf.pem -passout pass:p12-secret -out nomac.p12 2>/dev/null
exits "a file without a MAC is refused" 3 "--allow-no-mac.*has no MAC" pki p12 import nomac.p12 \
	--pass-env P12PW --key-out kn.pem --cert-out cn.pem
[ -e kn.pem ] && fail "no key written for a file without a MAC" || ok "no key written for a file without a MAC"
succeeds "p12 import --allow-no-mac" pki p12 import nomac.p12 --allow-no-mac --pass-env P12PW \
	--key-out kn.pem --cert-out cn.pem
same "... the key comes back" "$(pub kn.pem)" "$(pub leaf.key)"

# --- chosen iteration counts (issue 19 item 4), read back by openssl ----------------------
succeeds "p12 export --iterations 10000" pki p12 export --key leaf.key --cert leaf.pem \
	--chain chain.pem --pass-file pw.txt --iterations 10000 -o it.p12
ossl pkcs12 -info -in it.p12 -passin pass:p12-secret -nokeys -noout >it.info 2>&1
same "openssl: the MAC, the certificates and the key have 10000 iterations" \
	"$(grep -c 'Iteration 10000' it.info)" 3
ossl pkcs12 -in it.p12 -passin pass:p12-secret -nocerts -nodes -out it-key.pem 2>/dev/null
same "openssl reads the key of the 10000-iteration file" "$(pub it-key.pem)" "$(pub leaf.key)"
exits "--iterations below 10000 is a usage error" 2 "--iterations must be a number from 10000 to 1000000" \
	pki p12 export --key leaf.key --cert leaf.pem --pass-file pw.txt --iterations 9999 -o it2.p12
exits "--iterations above 1000000 is a usage error" 2 "from 10000 to 1000000" \
	pki p12 export --key leaf.key --cert leaf.pem --pass-file pw.txt --iterations 1000001 -o it2.p12
exits "--iterations with --legacy is a usage error" 2 "cannot be used with it" \
	pki p12 export --key leaf.key --cert leaf.pem --pass-file pw.txt --legacy --iterations 20000 -o it2.p12
[ ! -e it2.p12 ] && ok "no file for a refused --iterations" || fail "no file for a refused --iterations"
succeeds "p12 import --iterations 20000 re-encrypts the key" pki p12 import it.p12 --pass-env P12PW \
	--key-pass-env P12PW --iterations 20000 --key-out ki.pem --cert-out ci.pem --chain-out chi.pem
ossl asn1parse -in ki.pem >ki.asn 2>&1
grep -q 'INTEGER *:4E20$' ki.asn && ok "openssl asn1parse: the written key has 20000 (0x4E20) iterations" \
	|| fail "the written key has 20000 iterations: $(grep INTEGER ki.asn)"
ossl pkcs8 -in ki.pem -passin pass:p12-secret -out ki-plain.pem 2>/dev/null
same "... and openssl pkcs8 decrypts it" "$(pub ki-plain.pem)" "$(pub leaf.key)"
exits "p12 import --iterations without a key password" 2 "--iterations needs --key-pass" \
	pki p12 import it.p12 --pass-env P12PW --iterations 20000 --key-out kj.pem --cert-out cj.pem

done_testing
