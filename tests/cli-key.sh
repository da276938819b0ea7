#!/bin/sh
# pki(1): global options and the key commands (key new, key show, key pub), with their
# failure cases; keys checked by openssl.
. "${top_srcdir}/tests/cli-lib.sh"
cd "$TMP" || exit 99

# --- global ------------------------------------------------------------------------------
succeeds "pki --version" pki --version
grep -Eq '^pki [0-9]+\.[0-9]+\.[0-9]+ \(libpki [0-9.]+\)$' "$TMP/.out" && ok "--version format" || fail "--version format: $(out)"
succeeds "pki --help" pki --help
grep -q '^Usage: pki COMMAND' "$TMP/.out" && ok "--help prints usage on stdout" || fail "--help output"
for c in "key new" "key show" "key pub" "csr new" "csr show" "ca new" "cert sign" "cert self" \
	"cert show" "convert" "quick" "key" "csr" "ca" "cert" "key sign" "key verify" \
	"key decrypt" "crl new" "crl show" "ocsp request" "ocsp respond" "ocsp serve" "ocsp check" \
	"p12 export" "p12 import" "token list"; do
	# shellcheck disable=SC2086
	succeeds "pki $c --help" pki $c --help
	grep -q "^Usage: pki $c" "$TMP/.out" && ok "pki $c --help names the command" ||
		fail "pki $c --help: $(head -1 "$TMP/.out")"
done
"$PKI_BIN" >/dev/null 2>&1 </dev/null
same "no command: exit 2" "$?" 2
exits "unknown command" 2 "unknown command 'frobnicate'" pki frobnicate
exits "unknown global option" 2 "unknown option --frob" pki --frob
exits "unknown key command" 2 "key: unknown command 'old'" pki key old
exits "key without command" 2 "which command" pki key

# --- key new -----------------------------------------------------------------------------
succeeds "key new (default)" pki key new -o k.pem
same "key is mode 0600" "$(mode k.pem)" 600
grep -q 'BEGIN PRIVATE KEY' k.pem && ok "PKCS#8 PEM" || fail "PKCS#8 PEM"
same "default is EC P-256 (JSON)" "$(pki key show --json k.pem)" '{"type":"ec","bits":256,"curve":"P-256"}'
check "openssl reads it" ossl pkey -in k.pem -noout
ossl pkey -in k.pem -noout -text 2>/dev/null | grep -q 'NIST CURVE: P-256' && ok "openssl: P-256" || fail "openssl: P-256"
succeeds "key show (text)" pki key show k.pem
grep -q '^curve: *P-256$' "$TMP/.out" && grep -q '^encrypted: *no$' "$TMP/.out" && ok "key show text" || fail "key show text: $(out)"
# The SHA-256 line is the hash of the DER SubjectPublicKeyInfo: compare with openssl's.
want=$(ossl pkey -in k.pem -pubout -outform DER 2>/dev/null | sha256sum | cut -d' ' -f1)
same "key show sha256 = SHA-256 of the SPKI (openssl)" "$(sed -n 's/^sha256: *//p' "$TMP/.out")" "$want"

for t in "--type ec --curve P-384:ec:384:P-384" "--curve P-521:ec:521:P-521" "--type p384:ec:384:P-384" \
	"--type ed25519:ed25519:255:Ed25519" "--type ed448:ed448:448:Ed448"; do
	args=${t%%:*} rest=${t#*:}
	rm -f t.pem
	# shellcheck disable=SC2086
	succeeds "key new $args" pki key new $args -o t.pem
	ty=${rest%%:*} rest=${rest#*:}
	same "key new $args: JSON" "$(pki key show --json t.pem)" "{\"type\":\"$ty\",\"bits\":${rest%%:*},\"curve\":\"${rest#*:}\"}"
	check "openssl reads the $args key" ossl pkey -in t.pem -noout
done
succeeds "key new --type rsa --bits 2048" pki key new --type rsa --bits 2048 -o rsa.pem
same "RSA 2048 (JSON)" "$(pki key show --json rsa.pem)" '{"type":"rsa","bits":2048,"curve":null}'
ossl pkey -in rsa.pem -noout -text 2>/dev/null | grep -q 'Private-Key: (2048 bit' && ok "openssl: RSA 2048" || fail "openssl: RSA 2048"

# --- overwriting --------------------------------------------------------------------------
before=$(sum k.pem)
exits "overwrite refused" 3 "writing k.pem: .*exists.*--force" pki key new -o k.pem
same "refused overwrite left the key intact" "$(sum k.pem)" "$before"
succeeds "--force replaces the key" pki key new --force -o k.pem
[ "$(sum k.pem)" != "$before" ] && ok "key replaced" || fail "key replaced"
same "replaced key is 0600" "$(mode k.pem)" 600
(umask 000 && pki key new -o open.pem)
same "0600 even with umask 000" "$(mode open.pem)" 600
ln -s k.pem link.pem
exits "a symbolic link is never written through" 3 "writing link.pem: .*symbolic link" pki key new --force -o link.pem

# --- usage errors ------------------------------------------------------------------------
exits "missing -o" 2 "key new: -o FILE is required" pki key new
exits "private key to stdout refused" 2 "never written to standard output" pki key new -o -
exits "extra argument" 2 "unexpected argument 'x.pem'" pki key new x.pem
exits "unknown type" 2 "unknown key type 'dsa'" pki key new --type dsa -o x.pem
exits "unknown curve" 2 "unknown curve 'P-192'" pki key new --curve P-192 -o x.pem
exits "--curve with RSA" 2 "--curve applies only to EC keys" pki key new --type rsa --curve P-256 -o x.pem
exits "--bits with EC" 2 "--bits applies only to RSA" pki key new --bits 2048 -o x.pem
exits "RSA below 2048 bits" 2 "--bits must be a number from 2048 to 8192" pki key new --type rsa --bits 1024 -o x.pem
exits "--bits not a number" 2 "--bits must be a number" pki key new --type rsa --bits 2k -o x.pem
exits "unknown option" 2 "key new: unknown option --frob" pki key new --frob -o x.pem
exits "option without value" 2 "option --type needs a value" pki key new -o x.pem --type
[ ! -e x.pem ] && ok "no file after usage errors" || fail "no file after usage errors"

# --- encrypted keys ----------------------------------------------------------------------
printf 'correct horse\n' >pw
printf 'wrong\n' >bad
: >empty
succeeds "key new --pass-file" pki key new --pass-file pw -o enc.pem
grep -q 'BEGIN ENCRYPTED PRIVATE KEY' enc.pem && ok "encrypted PKCS#8" || fail "encrypted PKCS#8"
same "encrypted key is 0600" "$(mode enc.pem)" 600
check "openssl decrypts it with the same password" ossl pkey -in enc.pem -passin file:pw -noout
exits "encrypted key, no password, no terminal" 3 "reading the key enc.pem: .*password is required.*--pass-file" pki key show enc.pem
exits "wrong password" 3 "reading the key enc.pem: wrong password" pki key show --pass-file bad enc.pem
# One rule: an empty password never encrypts; reading, "" is the empty password (wrong here).
exits "empty password file, reading" 3 "reading the key enc.pem: wrong password" pki key show --pass-file empty enc.pem
exits "empty password file, new key" 3 "password file empty .* is empty: an empty password would store the key unencrypted" pki key new --pass-file empty -o enc-empty.pem
exits "empty password variable, new key" 3 "environment variable PKI_TEST_EMPTY is empty: an empty password would store the key unencrypted" env PKI_TEST_EMPTY= "$PKI_BIN" key new --pass-env PKI_TEST_EMPTY -o enc-empty.pem
[ ! -e enc-empty.pem ] && ok "no key written with an empty password" || fail "no key written with an empty password"
exits "missing password file" 3 "reading the password file nope: .*No such file" pki key show --pass-file nope enc.pem
exits "unset password variable" 3 "environment variable PKI_TEST_UNSET is not set" env -u PKI_TEST_UNSET "$PKI_BIN" key show --pass-env PKI_TEST_UNSET enc.pem
exits "both password sources" 2 "either --pass-file or --pass-env" pki key show --pass-file pw --pass-env X enc.pem
PKI_TEST_PW='correct horse' succeeds "key show --pass-env" env PKI_TEST_PW='correct horse' "$PKI_BIN" key show --pass-env PKI_TEST_PW enc.pem
grep -q '^encrypted: *yes$' "$TMP/.out" && ok "key show says encrypted" || fail "key show says encrypted: $(out)"
exits "--encrypt without a password source" 2 "--encrypt needs --pass-file" pki key new --encrypt -o enc2.pem
[ ! -e enc2.pem ] && ok "no key written without a password" || fail "no key written without a password"
# A chosen PBKDF2 count (issue 19 item 4): openssl shows it and decrypts the key.
succeeds "key new --iterations 10000" pki key new --pass-file pw --iterations 10000 -o enc10k.pem
ossl asn1parse -in enc10k.pem >enc10k.asn 2>&1
grep -q 'INTEGER *:2710$' enc10k.asn && ok "openssl asn1parse: 10000 (0x2710) iterations" \
	|| fail "10000 iterations: $(grep INTEGER enc10k.asn)"
check "openssl pkcs8 decrypts the 10000-iteration key" ossl pkcs8 -in enc10k.pem -passin file:pw -out /dev/null
exits "key new --iterations 9999" 2 "--iterations must be a number from 10000" \
	pki key new --pass-file pw --iterations 9999 -o enc-few.pem
exits "key new --iterations without a password" 2 "--iterations needs --encrypt" \
	pki key new --iterations 20000 -o enc-few.pem
[ ! -e enc-few.pem ] && ok "no key written for a refused --iterations" || fail "no key written for a refused --iterations"
succeeds "csr new --key-out --iterations 20000" pki csr new --key-out csr-it.key --pass-file pw \
	--iterations 20000 --dns it.example -o csr-it.csr
ossl asn1parse -in csr-it.key >csr-it.asn 2>&1
grep -q 'INTEGER *:4E20$' csr-it.asn && ok "the new key of csr new has 20000 (0x4E20) iterations" \
	|| fail "csr new key has 20000 iterations: $(grep INTEGER csr-it.asn)"
check "openssl pkcs8 decrypts it" ossl pkcs8 -in csr-it.key -passin file:pw -out /dev/null
exits "--iterations with an existing --key" 2 "apply to a new key" \
	pki csr new --key enc10k.pem --pass-file pw --iterations 20000 --dns it.example -o csr-it2.csr
printf 'secret\r\nsecond line\n' >crlf
succeeds "password file: first line, CR LF stripped" pki key new --type ed25519 --pass-file crlf -o enc3.pem
check "openssl agrees on the password" ossl pkey -in enc3.pem -passin pass:secret -noout
# A no-echo prompt on a terminal (script(1) gives the command a pseudo-terminal).
if command -v script >/dev/null 2>&1; then
	# Each line is typed once its prompt shows (pki turns echo off before prompting), as a
	# person would; waiting for the prompt, not a fixed delay, keeps this right under load.
	: >tty.log
	(for n in 1 2; do
		w=0
		while [ "$(grep -o 'assword' tty.log 2>/dev/null | wc -l)" -lt "$n" ] && [ "$w" -lt 250 ]; do
			sleep 0.1; w=$((w + 1))
		done
		printf 'tty pass\n'
	done) | timeout 30 script -qec "'$PKI_BIN' key new --encrypt --type ed25519 -o tty.pem" /dev/null >tty.log 2>&1
	check "prompted password encrypts the key" ossl pkey -in tty.pem -passin 'pass:tty pass' -noout
	if grep -q 'tty pass' tty.log; then fail "the password is not echoed"; else ok "the password is not echoed"; fi
	(sleep 1; printf 'one\n'; sleep 1; printf 'two\n') | timeout 30 script -qec "'$PKI_BIN' key new --encrypt -o tty2.pem" /dev/null >tty2.log 2>&1
	grep -q 'passwords differ' tty2.log && [ ! -e tty2.pem ] && ok "differing passwords refused" || fail "differing passwords refused"
	# Ctrl-C at the prompt: the terminal gets its echo back.
	printf '#!/bin/sh\ntrap : INT\n"$1" key new --encrypt -o ctrlc.pem\necho "rc=$?"\nstty -a | tr " ;" "\\n\\n"\n' >ctrlc.sh
	(sleep 1; printf '\003'; sleep 2) | timeout 30 script -qec "sh ./ctrlc.sh '$PKI_BIN'" /dev/null 2>&1 | tr -d '\r' >ctrlc.log
	grep -q 'rc=130$' ctrlc.log && grep -qx 'echo' ctrlc.log && [ ! -e ctrlc.pem ] && ok "Ctrl-C at the prompt restores echo" ||
		{ fail "Ctrl-C at the prompt restores echo"; grep -E 'rc=|^-?echo$' ctrlc.log | sed 's/^/# /'; }
fi

# --- key show / key pub --------------------------------------------------------------------
exits "key show: missing file" 3 "reading the key nope.pem: .*No such file" pki key show nope.pem
printf 'this is not a key\n' >garbage.pem
exits "key show: garbage" 3 "reading the key garbage.pem: " pki key show garbage.pem
exits "key show: no file" 2 "which key file" pki key show
exits "key show: two files" 2 "give one key file" pki key show k.pem k.pem
succeeds "key pub to stdout" pki key pub k.pem
same "key pub = openssl pkey -pubout" "$(out)" "$(ossl pkey -in k.pem -pubout)"
succeeds "key pub -o" pki key pub k.pem -o pub.pem
same "public key file is 0644 (umask 022)" "$( (umask 022; pki key pub k.pem -o pub2.pem); mode pub2.pem)" 644
exits "key pub: overwrite refused" 3 "writing pub.pem: .*exists" pki key pub k.pem -o pub.pem
succeeds "key pub --force" pki key pub k.pem -o pub.pem --force
succeeds "key pub of an encrypted key" pki key pub --pass-file pw enc.pem
same "its public key = openssl's" "$(out)" "$(ossl pkey -in enc.pem -passin file:pw -pubout)"
succeeds "key show of a public key" pki key show pub.pem
grep -q '^private: *no' "$TMP/.out" && ok "public key: private no" || fail "public key: private no"
succeeds "key pub of a public key" pki key pub pub.pem
same "same public key back" "$(out)" "$(cat pub.pem)"
# Keys made by openssl: SEC1 EC and PKCS#1 RSA.
ossl ecparam -name prime256v1 -genkey -noout -out sec1.pem 2>/dev/null
same "reads an openssl SEC1 key" "$(pki key show --json sec1.pem)" '{"type":"ec","bits":256,"curve":"P-256"}'
ossl genrsa -traditional -out pkcs1.pem 2048 2>/dev/null
same "reads an openssl PKCS#1 key" "$(pki key show --json pkcs1.pem)" '{"type":"rsa","bits":2048,"curve":null}'

# --- key decrypt: an unencrypted copy for daemons ----------------------------------------------
succeeds "key decrypt" pki key decrypt --pass-file pw enc.pem -o plain.pem
same "the copy is 0600" "$(mode plain.pem)" 600
check "the copy is not encrypted" sh -c "grep -q 'BEGIN PRIVATE KEY' plain.pem && ! grep -q ENCRYPTED plain.pem"
same "same key" "$(pki key pub plain.pem)" "$(pki key pub --pass-file pw enc.pem)"
check "openssl reads it without a password" ossl pkey -in plain.pem -noout
exits "key decrypt: wrong password" 3 "wrong password" pki key decrypt --pass-file bad enc.pem -o plain2.pem
[ ! -e plain2.pem ] && ok "nothing written on a wrong password" || fail "plain2.pem written"
exits "key decrypt: no -o" 2 "-o FILE is required" pki key decrypt --pass-file pw enc.pem
exits "key decrypt: never overwrites" 3 "exists" pki key decrypt --pass-file pw enc.pem -o plain.pem
done_testing
