#!/bin/sh
# OCSP interop with `openssl ocsp`: openssl reads libpki's requests and verifies libpki's
# responses (signed by the CA or by a delegated responder; good, revoked from a CRL or from
# --revoke, unknown for another CA's certificate; the nonce echoed), and libpki reads
# openssl's requests and checks the responses of `openssl ocsp -index ... -rsigner`.
. "$top_srcdir/tests/cli-lib.sh"
cd "$TMP" || exit 99

check "a CA" pki ca new --subject "CN=OCSP CA" --key-out ca.key -o ca.pem
check "another CA" pki ca new --subject "CN=Other CA" --key-out other.key -o other.pem
for n in good bad crl; do
	check "leaf $n" sh -c "'$PKI_BIN' key new -o $n.key && '$PKI_BIN' csr new --key $n.key \
		--dns $n.example.com -o $n.csr && '$PKI_BIN' cert sign --ca ca.pem --ca-key ca.key \
		--csr $n.csr -o $n.pem"
done
check "a leaf of the other CA" sh -c "'$PKI_BIN' cert sign --ca other.pem --ca-key other.key \
	--csr good.csr -o stranger.pem"
serial() { "$OPENSSL" x509 -in "$1" -noout -serial | cut -d= -f2; }
check "a CRL revoking one" pki crl new --ca ca.pem --ca-key ca.key \
	--revoke "$(serial crl.pem):keyCompromise" -o ca.crl

# ---- libpki requests, libpki responses, openssl checks ----
succeeds "pki ocsp request --nonce" pki ocsp request --cert good.pem --issuer ca.pem --nonce \
	-o good.req
check "openssl reads the request" sh -c "'$OPENSSL' ocsp -reqin good.req -req_text | \
	grep -q 'Serial Number: $(serial good.pem)'"
check "... with its nonce" sh -c "'$OPENSSL' ocsp -reqin good.req -req_text | grep -q 'OCSP Nonce'"
succeeds "pki ocsp respond (the CA signs)" pki ocsp respond --ca ca.pem --ca-key ca.key \
	--request good.req --crl ca.crl -o good.resp
check "openssl verifies the response and its nonce" sh -c "'$OPENSSL' ocsp -respin good.resp \
	-reqin good.req -issuer ca.pem -CAfile ca.pem 2>&1 | grep -q 'Response verify OK'"
check "openssl: good" sh -c "'$OPENSSL' ocsp -respin good.resp -issuer ca.pem -CAfile ca.pem \
	-cert good.pem -no_nonce 2>&1 | grep -q 'good.pem: good'"
succeeds "pki ocsp check: good" pki ocsp check --cert good.pem --issuer ca.pem \
	--response good.resp --request good.req
same "... prints good" "$(out)" good

check "request for the CRL-revoked leaf" pki ocsp request --cert crl.pem --issuer ca.pem -o crl.req
succeeds "respond from the CRL" pki ocsp respond --ca ca.pem --ca-key ca.key --request crl.req \
	--crl ca.crl -o crl.resp
check "openssl: revoked, keyCompromise" sh -c "'$OPENSSL' ocsp -respin crl.resp -issuer ca.pem \
	-CAfile ca.pem -cert crl.pem -no_nonce 2>&1 | grep -A3 'crl.pem: revoked' | \
	grep -q 'Reason: keyCompromise'"
exits "pki ocsp check: revoked (exit 1)" 1 "^pki:" sh -c "'$PKI_BIN' ocsp check --cert crl.pem \
	--issuer ca.pem --response crl.resp >/dev/null; r=\$?; echo 'pki: x' >&2; exit \$r"
check "request for another leaf" pki ocsp request --cert bad.pem --issuer ca.pem -o bad.req
succeeds "respond with --revoke" pki ocsp respond --ca ca.pem --ca-key ca.key --request bad.req \
	--revoke "$(serial bad.pem):superseded" -o bad.resp
check "openssl: revoked, superseded" sh -c "'$OPENSSL' ocsp -respin bad.resp -issuer ca.pem \
	-CAfile ca.pem -cert bad.pem -no_nonce 2>&1 | grep -A3 'bad.pem: revoked' | \
	grep -q 'Reason: superseded'"
check "request about the other CA's leaf" pki ocsp request --cert stranger.pem --issuer other.pem \
	-o stranger.req
succeeds "respond: not this CA's" pki ocsp respond --ca ca.pem --ca-key ca.key \
	--request stranger.req -o stranger.resp
check "openssl: unknown" sh -c "'$OPENSSL' ocsp -respin stranger.resp -issuer other.pem \
	-CAfile ca.pem -VAfile ca.pem -cert stranger.pem -no_nonce 2>&1 | \
	grep -q 'stranger.pem: unknown'"

# ---- a delegated responder (its certificate made by openssl) ----
check "responder key and request" sh -c "'$PKI_BIN' key new -o r.key && '$PKI_BIN' csr new \
	--key r.key --subject 'CN=OCSP Responder' -o r.csr"
printf 'extendedKeyUsage=OCSPSigning\nkeyUsage=critical,digitalSignature\n' >r.ext
check "openssl issues the responder certificate" ossl x509 -req -in r.csr -CA ca.pem \
	-CAkey ca.key -CAcreateserial -days 30 -extfile r.ext -out r.pem
succeeds "pki ocsp respond --signer" pki ocsp respond --ca ca.pem --signer r.pem --signer-key r.key \
	--request good.req -o deleg.resp
check "openssl verifies the delegated response" sh -c "'$OPENSSL' ocsp -respin deleg.resp \
	-reqin good.req -issuer ca.pem -CAfile ca.pem 2>&1 | grep -q 'Response verify OK'"
succeeds "pki ocsp check accepts it" pki ocsp check --cert good.pem --issuer ca.pem \
	--response deleg.resp --request good.req
exits "a responder without OCSPSigning is refused" 3 "OCSPSigning" pki ocsp respond --ca ca.pem \
	--signer good.pem --signer-key good.key --request good.req -o x.resp
exits "the wrong key for the CA" 3 "not the CA certificate's" pki ocsp respond --ca ca.pem \
	--ca-key good.key --request good.req -o x.resp

# ---- openssl requests and responses, libpki reads and checks ----
check "openssl makes a request" ossl ocsp -issuer ca.pem -cert good.pem -reqout o.req -no_nonce
succeeds "pki answers openssl's request" pki ocsp respond --ca ca.pem --ca-key ca.key \
	--request o.req -o o.resp
check "openssl verifies that answer" sh -c "'$OPENSSL' ocsp -respin o.resp -reqin o.req \
	-issuer ca.pem -CAfile ca.pem 2>&1 | grep -q 'Response verify OK'"
exp=$("$OPENSSL" x509 -in good.pem -noout -enddate | cut -d= -f2)
expz=$(date -u -d "$exp" +%y%m%d%H%M%SZ)
printf 'V\t%s\t\t%s\tunknown\t/CN=good.example.com\nR\t%s\t%s,keyCompromise\t%s\tunknown\t/CN=crl\n' \
	"$expz" "$(serial good.pem)" "$expz" "$(date -u +%y%m%d%H%M%SZ)" "$(serial crl.pem)" >index.txt
check "openssl ocsp -index answers (nonce)" ossl ocsp -index index.txt -rsigner r.pem -rkey r.key \
	-CA ca.pem -reqin good.req -respout og.resp -ndays 1
succeeds "pki checks openssl's delegated answer: good" pki ocsp check --cert good.pem \
	--issuer ca.pem --response og.resp --request good.req
same "... good" "$(out)" good
check "openssl ocsp -index answers about the revoked one" ossl ocsp -index index.txt -rsigner r.pem \
	-rkey r.key -CA ca.pem -reqin crl.req -respout or.resp -ndays 1
exits "pki: revoked" 1 "^pki:" sh -c "'$PKI_BIN' ocsp check --cert crl.pem --issuer ca.pem \
	--response or.resp >'$TMP/.o2'; r=\$?; echo 'pki: x' >&2; exit \$r"
check "... with time and reason" grep -q "^revoked: .* keyCompromise$" "$TMP/.o2"
check "openssl signs with the CA itself" ossl ocsp -index index.txt -rsigner ca.pem -rkey ca.key \
	-CA ca.pem -reqin good.req -respout oc.resp -ndays 1
succeeds "pki checks it" pki ocsp check --cert good.pem --issuer ca.pem --response oc.resp

check "openssl makes a stale response" ossl ocsp -index index.txt -rsigner ca.pem -rkey ca.key \
	-CA ca.pem -reqin o.req -respout stale.resp -nmin 1
# Without -ndays/-nmin openssl leaves nextUpdate out: used while fresh, never at any age.
check "openssl makes a response without nextUpdate" ossl ocsp -index index.txt -rsigner ca.pem \
	-rkey ca.key -CA ca.pem -reqin o.req -respout nonext.resp
check "... it has no nextUpdate" sh -c "'$OPENSSL' ocsp -respin nonext.resp -resp_text -noverify \
	| grep -q 'This Update' && ! '$OPENSSL' ocsp -respin nonext.resp -resp_text -noverify \
	| grep -q 'Next Update'"
succeeds "pki uses it now" pki ocsp check --cert good.pem --issuer ca.pem --response nonext.resp
exits "... and refuses it 25 hours later as stale" 3 "no nextUpdate" sh -c \
	"'$PKI_BIN' ocsp check --cert good.pem --issuer ca.pem --response nonext.resp --at \
	$(( $(date +%s) + 90000 ))"
# ---- pki verify --ocsp-response: a response as the revocation source ----
succeeds "pki verify with openssl's good response" pki verify --ca ca.pem --ocsp-response og.resp \
	good.pem
exits "pki verify with openssl's revoked response (exit 1)" 1 "^pki:" sh -c "'$PKI_BIN' verify \
	--ca ca.pem --ocsp-response or.resp crl.pem >'$TMP/.o3'; r=\$?; echo 'pki: x' >&2; exit \$r"
check "... revoked, says OCSP" grep -q "revoked on .*keyCompromise.*says OCSP" "$TMP/.o3"
exits "pki verify: the responder does not know it" 1 "^pki:" sh -c "'$PKI_BIN' verify \
	--ca other.pem --ocsp-response stranger.resp stranger.pem >'$TMP/.o4'; r=\$?; \
	echo 'pki: x' >&2; exit \$r"
check "... unknown or unusable" grep -q "OCSP" "$TMP/.o4"
exits "pki verify: a stale response fails closed" 1 "^pki:" sh -c "'$PKI_BIN' verify --ca ca.pem \
	--ocsp-response stale.resp --at @$(( $(date +%s) + 120 )) good.pem >'$TMP/.o5'; r=\$?; \
	echo 'pki: x' >&2; exit \$r"
check "... says stale" grep -q "stale" "$TMP/.o5"
exits "pki verify: not a response" 3 "not a DER OCSP response" pki verify --ca ca.pem \
	--ocsp-response good.req good.pem

# ---- pki ocsp serve: HTTP on 127.0.0.1, POST (openssl ocsp -url) and GET (curl) ----
timeout 60 "$PKI_BIN" ocsp serve --ca ca.pem --ca-key ca.key --crl ca.crl --port 0 --count 3 \
	>serve.out 2>serve.err </dev/null &
serve_pid=$!
port=
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	port=$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\)$/\1/p' serve.out)
	[ -n "$port" ] && break
	sleep 0.1
done
check "pki ocsp serve listens" test -n "$port"
check "openssl ocsp -url: verified, good and revoked" sh -c "timeout 20 '$OPENSSL' ocsp \
	-issuer ca.pem -cert good.pem -cert crl.pem -url http://127.0.0.1:$port -CAfile ca.pem \
	>http.out 2>&1; grep -q 'Response verify OK' http.out && grep -q 'good.pem: good' http.out \
	&& grep -q 'crl.pem: revoked' http.out"
if command -v curl >/dev/null 2>&1; then
	get=$(base64 -w0 good.req | sed 's/+/%2B/g; s/\//%2F/g; s/=/%3D/g')
	check "GET /BASE64 (curl): openssl verifies the answer" sh -c "timeout 20 curl -sf \
		-o get.resp 'http://127.0.0.1:$port/$get' && '$OPENSSL' ocsp -respin get.resp \
		-reqin good.req -issuer ca.pem -CAfile ca.pem 2>&1 | grep -q 'Response verify OK'"
	check "a malformed POST gets malformedRequest" sh -c "timeout 20 curl -sf -o bad.resp \
		--data-binary junk -H 'Content-Type: application/ocsp-request' \
		http://127.0.0.1:$port/ && [ \"\$(od -An -tx1 bad.resp | tr -d ' \n')\" = 30030a0101 ]"
else
	ok "# SKIP curl is not installed"
	ok "# SKIP curl is not installed"
fi
check "pki ocsp serve stops after --count 3" sh -c "wait_for=0; while kill -0 $serve_pid \
	2>/dev/null && [ \$wait_for -lt 50 ]; do sleep 0.1; wait_for=\$((wait_for + 1)); done; \
	! kill -0 $serve_pid 2>/dev/null"
kill "$serve_pid" 2>/dev/null
exits "serve needs --port" 2 "--port is required" pki ocsp serve --ca ca.pem --ca-key ca.key

# ---- what a client must refuse ----
check "a second request (its own nonce)" pki ocsp request --cert good.pem --issuer ca.pem \
	--nonce -o good2.req
exits "openssl's response for another request's nonce" 3 "nonce" pki ocsp check --cert good.pem \
	--issuer ca.pem --response og.resp --request good2.req
exits "a replayed response (other nonce)" 3 "nonce" pki ocsp check --cert good.pem --issuer ca.pem \
	--response good.resp --request good2.req
exits "signed by another CA" 3 "signature|signer" pki ocsp check --cert good.pem --issuer other.pem \
	--response good.resp
exits "about another certificate" 3 "says nothing" pki ocsp check --cert bad.pem --issuer ca.pem \
	--response good.resp
exits "... libpki refuses it two minutes later" 3 "stale" sh -c \
	"'$PKI_BIN' ocsp check --cert good.pem --issuer ca.pem --response stale.resp --at \
	$(( $(date +%s) + 120 ))"
exits "not a response" 3 "not a DER OCSP response" pki ocsp check --cert good.pem --issuer ca.pem \
	--response good.req
exits "not a request" 3 "not a DER OCSP request" pki ocsp respond --ca ca.pem --ca-key ca.key \
	--request good.resp -o x.resp
check "nothing written on failures" test ! -e x.resp

done_testing
