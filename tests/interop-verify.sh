#!/bin/sh
# Chain verification: libpki's verdict (tests/pki-verify) against `openssl verify` and
# `certtool --verify` on the same certificates, one case per reason. Certificates libpki refuses
# to make (a CA:FALSE issuer, a CA below a pathlen:0 CA) are made with openssl.
. "$top_srcdir/tests/lib.sh"
PV="$top_builddir/tests/pki-verify"
cd "$TMP" || exit 99
now=$(date +%s)
day=86400

# verdict COMMAND...: accept (exit 0), reject (exit 1 for libpki, non-zero for the others)
verdict() {
	"$@" >"$TMP/last.out" 2>&1
	case $? in
	0) echo accept ;;
	1) echo reject ;;
	*) if [ "$(basename "$1")" = pki-verify ]; then echo "error"; else echo reject; fi ;;
	esac
}
# agree DESCRIPTION EXPECTED LIBPKI-ARGS -- OPENSSL-ARGS [-- CERTTOOL-ARGS]
agree() {
	_desc=$1 _exp=$2; shift 2
	_lib= _ossl= _ct= _part=lib
	for a in "$@"; do
		if [ "$a" = "--" ]; then
			[ "$_part" = lib ] && _part=ossl || _part=ct
			continue
		fi
		case $_part in
		lib) _lib="$_lib '$a'" ;;
		ossl) _ossl="$_ossl '$a'" ;;
		ct) _ct="$_ct '$a'" ;;
		esac
	done
	same "$_desc: libpki" "$(eval verdict "$PV" verify $_lib)" "$_exp"
	[ "$_exp" = reject ] && [ -s last.out ] && sed -n 's/^  - /# libpki: /p' last.out
	same "$_desc: openssl verify" "$(eval verdict "$OPENSSL" verify $_ossl)" "$_exp"
	if [ -n "$_ct" ]; then
		same "$_desc: certtool --verify" "$(eval verdict timeout 60 "$CERTTOOL" --verify $_ct </dev/null)" "$_exp"
	fi
}

# ---- the PKI: root -> intermediate (pathlen 0) -> leaves ----
check "root CA" "$PV" ca root.key root.pem "CN=Example Root"
check "other root CA" "$PV" ca other.key other.pem "CN=Other Root"
check "intermediate" "$PV" --profile=intermediate --path-len=0 --nb=-40 --na=3000 issue root.pem root.key int.key int.pem "CN=Example Intermediate"
check "server leaf" "$PV" issue int.pem int.key leaf.key leaf.pem "CN=registry.example.com" DNS:registry.example.com IP:10.0.0.5
cat leaf.pem int.pem >chain.pem
SERVER=1.3.6.1.5.5.7.3.1

agree "valid chain, host, purpose" accept \
	--ca=root.pem --untrusted=int.pem --host=registry.example.com --purpose=server leaf.pem -- \
	-CAfile root.pem -untrusted int.pem -verify_hostname registry.example.com -purpose sslserver leaf.pem -- \
	--load-ca-certificate root.pem --infile chain.pem --verify-hostname registry.example.com --verify-purpose $SERVER
agree "IP address host" accept \
	--ca=root.pem --untrusted=int.pem --host=10.0.0.5 leaf.pem -- \
	-CAfile root.pem -untrusted int.pem -verify_ip 10.0.0.5 leaf.pem
agree "IP address not in certificate" reject \
	--ca=root.pem --untrusted=int.pem --host=10.0.0.6 leaf.pem -- \
	-CAfile root.pem -untrusted int.pem -verify_ip 10.0.0.6 leaf.pem
agree "host mismatch" reject \
	--ca=root.pem --untrusted=int.pem --host=registry.example.org leaf.pem -- \
	-CAfile root.pem -untrusted int.pem -verify_hostname registry.example.org leaf.pem -- \
	--load-ca-certificate root.pem --infile chain.pem --verify-hostname registry.example.org
agree "missing intermediate" reject \
	--ca=root.pem leaf.pem -- \
	-CAfile root.pem leaf.pem -- \
	--load-ca-certificate root.pem --infile leaf.pem
agree "untrusted root" reject \
	--ca=other.pem --untrusted=int.pem leaf.pem -- \
	-CAfile other.pem -untrusted int.pem leaf.pem -- \
	--load-ca-certificate other.pem --infile chain.pem
agree "wrong purpose (server certificate as a client)" reject \
	--ca=root.pem --untrusted=int.pem --purpose=client leaf.pem -- \
	-CAfile root.pem -untrusted int.pem -purpose sslclient leaf.pem -- \
	--load-ca-certificate root.pem --infile chain.pem --verify-purpose 1.3.6.1.5.5.7.3.2

# ---- wildcards ----
check "wildcard leaf" "$PV" issue int.pem int.key wild.key wild.pem "CN=*.example.com" "DNS:*.example.com"
agree "wildcard matches one label" accept \
	--ca=root.pem --untrusted=int.pem --host=www.example.com wild.pem -- \
	-CAfile root.pem -untrusted int.pem -verify_hostname www.example.com wild.pem
agree "wildcard does not match the bare domain" reject \
	--ca=root.pem --untrusted=int.pem --host=example.com wild.pem -- \
	-CAfile root.pem -untrusted int.pem -verify_hostname example.com wild.pem
agree "wildcard does not match two labels" reject \
	--ca=root.pem --untrusted=int.pem --host=a.b.example.com wild.pem -- \
	-CAfile root.pem -untrusted int.pem -verify_hostname a.b.example.com wild.pem

# ---- time ----
check "expired leaf" "$PV" --nb=-30 --na=-2 issue int.pem int.key old.key old.pem "CN=old.example.com" DNS:old.example.com
agree "expired" reject \
	--ca=root.pem --untrusted=int.pem old.pem -- \
	-CAfile root.pem -untrusted int.pem old.pem
agree "expired leaf, checked at a time it was valid" accept \
	--ca=root.pem --untrusted=int.pem --at=$((now - 10 * day)) old.pem -- \
	-CAfile root.pem -untrusted int.pem -attime $((now - 10 * day)) old.pem
check "future leaf" "$PV" --nb=2 --na=30 issue int.pem int.key new.key new.pem "CN=new.example.com" DNS:new.example.com
agree "not yet valid" reject \
	--ca=root.pem --untrusted=int.pem new.pem -- \
	-CAfile root.pem -untrusted int.pem new.pem
check "20-day leaf" "$PV" --nb=-1 --na=20 issue int.pem int.key short.key short.pem "CN=short.example.com" DNS:short.example.com
agree "still valid in 10 days" accept \
	--ca=root.pem --untrusted=int.pem --at=$((now + 10 * day)) short.pem -- \
	-CAfile root.pem -untrusted int.pem -attime $((now + 10 * day)) short.pem
agree "no longer valid in 30 days" reject \
	--ca=root.pem --untrusted=int.pem --at=$((now + 30 * day)) short.pem -- \
	-CAfile root.pem -untrusted int.pem -attime $((now + 30 * day)) short.pem

# ---- path building: intermediates in reverse order ----
check "intermediate 1 (pathlen 1)" "$PV" --profile=intermediate --path-len=1 issue root.pem root.key i1.key i1.pem "CN=Int 1"
check "intermediate 2" "$PV" --profile=intermediate --path-len=0 --days=3000 issue i1.pem i1.key i2.key i2.pem "CN=Int 2"
check "leaf under intermediate 2" "$PV" issue i2.pem i2.key deep.key deep.pem "CN=deep.example.com" DNS:deep.example.com
cat i1.pem i2.pem >reverse.pem
cat deep.pem i1.pem i2.pem >deep-chain-reverse.pem
agree "intermediates in reverse order" accept \
	--ca=root.pem --untrusted=reverse.pem deep.pem -- \
	-CAfile root.pem -untrusted reverse.pem deep.pem -- \
	--load-ca-certificate root.pem --infile deep-chain-reverse.pem

# agree_chain DESCRIPTION EXPECTED LEAF INTERMEDIATE...: agree (all three tools) on LEAF with
# root.pem trusted and the INTERMEDIATEs (in issuer order) untrusted, as LEAF.untrusted for
# libpki and openssl and as LEAF.chain (LEAF, then the INTERMEDIATEs) for certtool.
agree_chain() {
	_d=$1 _e=$2 _leaf=$3
	shift 3
	cat "$@" >"$_leaf.untrusted"
	cat "$_leaf" "$@" >"$_leaf.chain"
	agree "$_d" "$_e" \
		--ca=root.pem --untrusted="$_leaf.untrusted" "$_leaf" -- \
		-CAfile root.pem -untrusted "$_leaf.untrusted" "$_leaf" -- \
		--load-ca-certificate root.pem --infile "$_leaf.chain"
}

# openssl_signs CSR_DESC SIGN_DESC NAME SUBJECT CA DAYS EXTENSIONS: openssl makes a P-256 key
# NAME.key and a request for SUBJECT, then signs NAME.pem with CA.pem/CA.key for DAYS days and
# the EXTENSIONS (extfile lines, printf escapes); two TAP lines.
openssl_signs() {
	check "$1" "$OPENSSL" req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$3.key" -subj "$4" -out "$3.csr"
	printf "$7" >"$3.ext"
	check "$2" "$OPENSSL" x509 -req -in "$3.csr" -CA "$5.pem" -CAkey "$5.key" -CAcreateserial \
		-days "$6" -extfile "$3.ext" -out "$3.pem"
}

# ---- CA:FALSE issuer (openssl signs with a leaf, which libpki refuses) ----
openssl_signs "a CSR" "openssl signs with a CA:FALSE certificate" x "/CN=x.example.com" leaf 10 \
	'subjectAltName=DNS:x.example.com\n'
agree_chain "CA:FALSE issuer" reject x.pem leaf.pem int.pem
"$PV" --ca=root.pem --untrusted=x.pem.untrusted verify x.pem >x.out 2>&1
check "CA:FALSE issuer: the reason names it" grep -q "intermediate 1 'CN=registry.example.com' is not a CA" x.out

# ---- path length exceeded (a CA below the pathlen:0 intermediate, made by openssl) ----
openssl_signs "a sub-CA CSR" "openssl issues a CA below pathlen:0" sub "/CN=Sub CA" int 30 \
	'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n'
check "leaf under the sub-CA" "$PV" --nb=-1 --na=20 issue sub.pem sub.key sl.key sl.pem "CN=sl.example.com" DNS:sl.example.com
agree_chain "path length exceeded" reject sl.pem sub.pem int.pem

# ---- name constraints ----
check "constrained intermediate" "$PV" --profile=intermediate --path-len=0 --permit=DNS:example.com issue root.pem root.key nc.key nc.pem "CN=Constrained CA"
check "leaf inside" "$PV" issue nc.pem nc.key in.key in.pem "CN=www.example.com" DNS:www.example.com
check "leaf outside" "$PV" issue nc.pem nc.key out.key out.pem "CN=evil.example.net" DNS:evil.example.net
cat out.pem nc.pem >out-chain.pem
agree "name constraints respected" accept \
	--ca=root.pem --untrusted=nc.pem in.pem -- \
	-CAfile root.pem -untrusted nc.pem in.pem
agree "name constraints violated" reject \
	--ca=root.pem --untrusted=nc.pem out.pem -- \
	-CAfile root.pem -untrusted nc.pem out.pem -- \
	--load-ca-certificate root.pem --infile out-chain.pem

# ---- revocation ----
serial=$("$PV" serial leaf.pem)
check "CRL revoking the leaf" "$PV" crl int.pem int.key int.crl "$serial:keyCompromise"
check "empty CRL of the root" "$PV" crl root.pem root.key root.crl
agree "revoked (leaf CRL check)" reject \
	--ca=root.pem --untrusted=int.pem --crl=int.crl --crl-check=leaf leaf.pem -- \
	-CAfile root.pem -untrusted int.pem -CRLfile int.crl -crl_check leaf.pem -- \
	--load-ca-certificate root.pem --infile chain.pem --load-crl int.crl
"$PV" --ca=root.pem --untrusted=int.pem --crl=int.crl --crl-check=leaf verify leaf.pem >rev.out 2>&1
check "revoked: the reason names the date and reason" grep -q "revoked on [0-9-]*, reason keyCompromise (the leaf 'CN=registry.example.com')" rev.out
agree "not revoked" accept \
	--ca=root.pem --untrusted=int.pem --crl=int.crl --crl-check=leaf wild.pem -- \
	-CAfile root.pem -untrusted int.pem -CRLfile int.crl -crl_check wild.pem
agree "not revoked, whole chain checked" accept \
	--ca=root.pem --untrusted=int.pem --crl=int.crl --crl=root.crl --crl-check=chain wild.pem -- \
	-CAfile root.pem -untrusted int.pem -CRLfile int.crl -CRLfile root.crl -crl_check_all wild.pem
agree "CRL missing" reject \
	--ca=root.pem --untrusted=int.pem --crl-check=leaf wild.pem -- \
	-CAfile root.pem -untrusted int.pem -crl_check wild.pem

# ---- a deliberate difference: the CN is never a host name for libpki ----
# (openssl and certtool fall back to the CN when there is no SAN; browsers and Go do not)
check "SAN-less self-signed CA named like a host" "$PV" ca cn.key cn.pem "CN=cn.example.com"
same "no SAN, CN only: libpki rejects" "$(verdict "$PV" --ca=cn.pem --host=cn.example.com verify cn.pem)" reject
same "no SAN, CN only: openssl accepts (CN fallback)" \
	"$(verdict "$OPENSSL" verify -CAfile cn.pem -verify_hostname cn.example.com cn.pem)" accept

# ---- JSON output ----
"$PV" --json --ca=root.pem --untrusted=int.pem --host=registry.example.org verify leaf.pem >j.out 2>&1
check "JSON names the reason" grep -q '"reason": "host_mismatch", "cert_index": 0' j.out

done_testing
