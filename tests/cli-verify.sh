#!/bin/sh
# pki verify and pki crl new|show: exit codes, the reasons printed, JSON, and openssl reading the
# CRLs the tool writes. Certificates are made with tests/pki-verify (the C API).
. "$top_srcdir/tests/lib.sh"
PKI="$top_builddir/tools/pki"
# PKI_VALGRIND=1 (make check-valgrind): every pki command under valgrind; a leak or a memory
# error exits 99, which no check here expects.
if [ "${PKI_VALGRIND:-0}" = 1 ]; then
	printf '#!/bin/sh\nexec "%s" --mode=execute valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 "%s" "$@"\n' \
		"$LIBTOOL" "$PKI" >"$TMP/pki-valgrind"
	chmod +x "$TMP/pki-valgrind"
	PKI="$TMP/pki-valgrind"
fi
PV="$top_builddir/tests/pki-verify"
cd "$TMP" || exit 99

# status COMMAND...: the exit status, output in out.txt
status() { "$@" >out.txt 2>&1; echo $?; }

check "root" "$PV" ca root.key root.pem "CN=Example Root"
check "intermediate" "$PV" --profile=intermediate --nb=-40 --na=3000 issue root.pem root.key int.key int.pem "CN=Example Intermediate"
check "server leaf" "$PV" --nb=-1 --na=20 issue int.pem int.key leaf.key leaf.pem "CN=registry.example.com" DNS:registry.example.com IP:10.0.0.5
check "client leaf" "$PV" --profile=client issue int.pem int.key cl.key cl.pem "CN=client.example.com" DNS:client.example.com

same "valid: exit 0" "$(status "$PKI" verify --ca root.pem --untrusted int.pem --host registry.example.com leaf.pem)" 0
check "valid: prints the chain" grep -q "2: CN=Example Root  \[trusted\]" out.txt
check "valid: says so" grep -q "result: valid" out.txt
same "IP host: exit 0" "$(status "$PKI" verify --ca root.pem --untrusted int.pem --host 10.0.0.5 leaf.pem)" 0

same "wrong host: exit 1" "$(status "$PKI" verify --ca root.pem --untrusted int.pem --host registry.example.org leaf.pem)" 1
check "wrong host: the reason" grep -q "host name registry.example.org not in certificate (valid for: registry.example.com, 10.0.0.5)" out.txt
same "missing intermediate: exit 1" "$(status "$PKI" verify --ca root.pem leaf.pem)" 1
check "missing intermediate: the reason" grep -q "issuer CN=Example Intermediate not found" out.txt
check "missing intermediate: the CLI's hint" grep -q "hint: pass the missing issuer with --untrusted" out.txt
same "client certificate, --purpose server: exit 1" "$(status "$PKI" verify --ca root.pem --untrusted int.pem --purpose server cl.pem)" 1
check "purpose: the reason" grep -q "lacks serverAuth" out.txt
same "client certificate, no host and no purpose (any): exit 0" "$(status "$PKI" verify --ca root.pem --untrusted int.pem cl.pem)" 0
same "client certificate, a host means purpose server: exit 1" "$(status "$PKI" verify --ca root.pem --untrusted int.pem --host client.example.com cl.pem)" 1
check "host given, default purpose server: the reason" grep -q "lacks serverAuth" out.txt
same "client certificate, --purpose client: exit 0" "$(status "$PKI" verify --ca root.pem --untrusted int.pem --purpose client cl.pem)" 0

in10=$(( $(date +%s) + 10 * 86400 ))
in30=$(( $(date +%s) + 30 * 86400 ))
same "--at @SECONDS, 10 days ahead: exit 0" "$(status "$PKI" verify --ca root.pem --untrusted int.pem --at "@$in10" leaf.pem)" 0
same "--at @SECONDS, 30 days ahead: exit 1" "$(status "$PKI" verify --ca root.pem --untrusted int.pem --at "@$in30" leaf.pem)" 1
check "--at: expired reason" grep -q "the leaf 'CN=registry.example.com' expired on " out.txt
same "--at RFC 3339 far ahead: exit 1" "$(status "$PKI" verify --ca root.pem --untrusted int.pem --at 2099-01-01T00:00:00Z leaf.pem)" 1
same "--at RFC 3339 with an offset: exit 0" "$(status "$PKI" verify --ca root.pem --untrusted int.pem --at "$(date -u -d @"$in10" +%Y-%m-%dT%H:%M:%S+00:00)" leaf.pem)" 0

same "--json: exit 1" "$(status "$PKI" verify --json --ca root.pem --untrusted int.pem --host other.example.com leaf.pem)" 1
check "--json: the reason" grep -q '"reason": "host_mismatch"' out.txt
check "--json: valid false" grep -q '"valid": false' out.txt

# CRLs
serial=$("$PV" serial leaf.pem)
same "crl new: exit 0" "$(status "$PKI" crl new --ca int.pem --ca-key int.key --revoke "$serial:keyCompromise" --revoke 0abc --days 7 -o int.crl)" 0
check "openssl reads the CRL with its reason" sh -c "'$OPENSSL' crl -in int.crl -noout -text | grep -q 'Key Compromise'"
check "openssl verifies the CRL" sh -c "'$OPENSSL' crl -in int.crl -CAfile int.pem -noout 2>&1 | grep -q 'verify OK'"
same "crl new refuses to overwrite" "$(status "$PKI" crl new --ca int.pem --ca-key int.key -o int.crl)" 3
same "crl show: exit 0" "$(status "$PKI" crl show int.crl)" 0
check "crl show: the reason" grep -q "Reason: keyCompromise" out.txt
same "crl show --json: exit 0" "$(status "$PKI" crl show --json int.crl)" 0
check "crl show --json: the entry" grep -q "\"serial\": \"$serial\"" out.txt
same "verify --crl: revoked, exit 1" "$(status "$PKI" verify --ca root.pem --untrusted int.pem --crl int.crl leaf.pem)" 1
check "verify --crl: the reason" grep -q "revoked on [0-9-]*, reason keyCompromise (the leaf 'CN=registry.example.com')" out.txt
same "verify --crl: another leaf passes" "$(status "$PKI" verify --ca root.pem --untrusted int.pem --purpose any --crl int.crl cl.pem)" 0
same "verify --crl-check chain without the root's CRL: exit 1" "$(status "$PKI" verify --ca root.pem --untrusted int.pem --purpose any --crl int.crl --crl-check chain cl.pem)" 1

# usage and input errors
same "no CA: exit 2" "$(status "$PKI" verify leaf.pem)" 2
same "no certificate: exit 2" "$(status "$PKI" verify --ca root.pem)" 2
same "bad purpose: exit 2" "$(status "$PKI" verify --ca root.pem --purpose email leaf.pem)" 2
same "bad time: exit 2" "$(status "$PKI" verify --ca root.pem --at yesterday leaf.pem)" 2
same "bad host: exit 2" "$(status "$PKI" verify --ca root.pem --host 'bad host' leaf.pem)" 2
same "unreadable CA file: exit 3" "$(status "$PKI" verify --ca missing.pem leaf.pem)" 3
same "unreadable certificate: exit 3" "$(status "$PKI" verify --ca root.pem missing.pem)" 3
echo garbage >garbage.pem
same "garbage certificate: exit 3" "$(status "$PKI" verify --ca root.pem garbage.pem)" 3
same "garbage CRL: exit 3" "$(status "$PKI" verify --ca root.pem --crl garbage.pem leaf.pem)" 3
same "crl new: bad reason, exit 2" "$(status "$PKI" crl new --ca int.pem --ca-key int.key --revoke 01:nope -o x.crl)" 2
same "crl new: bad serial, exit 2" "$(status "$PKI" crl new --ca int.pem --ca-key int.key --revoke xyz -o x.crl)" 2
same "crl new: not a CA, exit 3" "$(status "$PKI" crl new --ca leaf.pem --ca-key leaf.key -o x.crl)" 3
same "crl new: missing -o, exit 2" "$(status "$PKI" crl new --ca int.pem --ca-key int.key)" 2
same "crl show: garbage, exit 3" "$(status "$PKI" crl show garbage.pem)" 3

done_testing
