#!/bin/sh
# Extensions (issue 15 item 1), checked with openssl and certtool: a CA certificate made by
# openssl with authority information access, CRL distribution points, name constraints,
# certificate policies (CPS and user notice), policy mappings, policy constraints,
# inhibitAnyPolicy and a private extension is read by `pki cert show --json` with the same
# values; extensions added by `pki` (--ext) at issuance and in a request are shown by
# `openssl x509 -text`, `openssl req -text` and `certtool -i`; a request's extra extensions
# are copied only with --copy-extensions, and never its basicConstraints.
. "${top_srcdir}/tests/cli-lib.sh"
T=$TMP

# jq-like: the JSON value at a Python expression over `d`.
jget() { "$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(eval(sys.argv[2]), sort_keys=True))' "$1" "$2" 2>&1; }

cat >"$T/ca.cnf" <<'EOF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = openssl extensions CA
[v3]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityInfoAccess = OCSP;URI:http://ocsp.example.com/,caIssuers;URI:http://pki.example.com/ca.crt
crlDistributionPoints = URI:http://crl.example.com/ca.crl,URI:ldap://ldap.example.com/cn=ca
nameConstraints = critical,permitted;DNS:.example.com,permitted;IP:10.0.0.0/255.0.0.0,excluded;DNS:bad.example.com,permitted;email:example.com
certificatePolicies = 1.3.6.1.4.1.99999.1,@pol2
policyMappings = 1.3.6.1.4.1.99999.1:1.3.6.1.4.1.99999.7,1.3.6.1.4.1.99999.2:1.3.6.1.4.1.99999.8
policyConstraints = critical,requireExplicitPolicy:2,inhibitPolicyMapping:1
inhibitAnyPolicy = critical,3
1.3.6.1.4.1.99999.42 = critical,DER:0c0568656c6c6f
[pol2]
policyIdentifier = 1.3.6.1.4.1.99999.2
CPS.1 = https://pki.example.com/cps
userNotice.1 = @notice
[notice]
explicitText = "Example notice"
EOF
check "openssl makes a CA certificate with every extension" \
	"$OPENSSL" req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T/o.key" -out "$T/o.pem" -days 30 -config "$T/ca.cnf" -extensions v3
check "pki cert show --json reads it" sh -c '"$1" cert show --json "$2" >"$3"' _ "$PKI_BIN" "$T/o.pem" "$T/o.json"
same "AIA OCSP" "$(jget "$T/o.json" 'd["ocsp_urls"]')" '["URI:http://ocsp.example.com/"]'
same "AIA caIssuers" "$(jget "$T/o.json" 'd["ca_issuers_urls"]')" '["URI:http://pki.example.com/ca.crt"]'
same "CRL distribution points" "$(jget "$T/o.json" 'd["crl_urls"]')" \
	'["URI:http://crl.example.com/ca.crl", "URI:ldap://ldap.example.com/cn=ca"]'
same "name constraints" "$(jget "$T/o.json" 'd["name_constraints"]')" \
	'{"excluded": ["DNS:bad.example.com"], "permitted": ["DNS:.example.com", "IP:10.0.0.0/8", "email:example.com"]}'
same "certificate policies" "$(jget "$T/o.json" 'd["policies"]')" \
	'["1.3.6.1.4.1.99999.1", "1.3.6.1.4.1.99999.2"]'
same "policy mappings" "$(jget "$T/o.json" 'd["policy_mappings"]')" \
	'["1.3.6.1.4.1.99999.1:1.3.6.1.4.1.99999.7", "1.3.6.1.4.1.99999.2:1.3.6.1.4.1.99999.8"]'
same "policy constraints" "$(jget "$T/o.json" 'd["policy_constraints"]')" \
	'{"inhibit_policy_mapping": 1, "require_explicit_policy": 2}'
same "inhibitAnyPolicy" "$(jget "$T/o.json" 'd["inhibit_any_policy"]')" '3'
same "a private extension: OID, criticality, DER value" \
	"$(jget "$T/o.json" '[e for e in d["extensions"] if e["oid"]=="1.3.6.1.4.1.99999.42"]')" \
	'[{"critical": true, "oid": "1.3.6.1.4.1.99999.42", "value": "0c0568656c6c6f"}]'
# Every extension openssl lists is listed by libpki.
n_ossl=$("$OPENSSL" x509 -in "$T/o.pem" -noout -text |
	awk '/X509v3 extensions:/ {on=1; next} /Signature Algorithm/ {on=0} on && /^            [^ ].*:( critical)? *$/ {n++} END {print n}')
same "as many extensions as openssl lists ($n_ossl)" "$(jget "$T/o.json" 'len(d["extensions"])')" "$n_ossl"

# --- the text dump shows the same contents as `openssl x509 -text` -----------------------------
pki cert show "$T/o.pem" >"$T/o.txt" 2>&1
# tblock NAME: the lines under the extension NAME in pki's text; oblock EXT: under openssl's
# -ext EXT header; both stripped and joined by "|".
tblock() { awk -v n="$1" 'index($0, "        " n " (") == 1 {on=1; next} /^    [^ ]/ || /^        [^ ]/ {on=0}
	on {sub(/^ +/, ""); printf "%s|", $0}' "$T/o.txt"; }
oblock() { "$OPENSSL" x509 -in "$T/o.pem" -noout -ext "$1" | sed 1d | sed 's/^ *//; s/ *$//' | tr '\n' '|'; }
same "text: AIA OCSP and caIssuers URIs as openssl" "$(tblock 'Authority Information Access')" \
	"$(oblock authorityInfoAccess)"
same "text: CRL distribution point URIs as openssl" "$(tblock 'CRL Distribution Points')" \
	"$(oblock crlDistributionPoints | sed 's/Full Name:|//g')"
same "text: policies, CPS URI and user notice as openssl" "$(tblock 'Certificate Policies')" \
	"$(oblock certificatePolicies | sed 's/User Notice:|Explicit Text: /User Notice: /')"
same "text: name constraints as openssl (IP as a prefix length)" "$(tblock 'Name Constraints')" \
	"$(oblock nameConstraints | sed 's#/255\.0\.0\.0#/8#')"
same "text: policy mappings issuer:subject as openssl" "$(tblock 'Policy Mappings')" \
	"$(oblock policyMappings | sed 's/, /|/g')"
same "text: policy constraints as openssl" "$(tblock 'Policy Constraints')" \
	"$(oblock policyConstraints)"
same "text: inhibitAnyPolicy skip certs as openssl" "$(tblock 'Inhibit anyPolicy')" \
	"Skip Certs: $(oblock inhibitAnyPolicy)"
# Control characters in a CPS URI, a user notice and a CRL URI are escaped in the text.
cat >"$T/esc.cnf" <<'EOF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = escapes
[v3]
basicConstraints = critical,CA:TRUE
certificatePolicies = DER:3047304506092b06010401868d1f033038301906082b06010505070201160d687474703a2f2f782f1b5b356d301b06082b06010505070202300f0c0d6576696c1b5d303b70776e6564
crlDistributionPoints = DER:30153013a011a00f860d687474703a2f2f632f1b5b324a
EOF
check "openssl makes a certificate with ESC in its policies and CRL URI" \
	"$OPENSSL" req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T/e.key" -out "$T/e.pem" -days 1 -config "$T/esc.cnf" -extensions v3
pki cert show "$T/e.pem" >"$T/e.txt" 2>&1
if grep -q "$(printf '\033')" "$T/e.txt"; then fail "text: no raw ESC from the extensions"
else ok "text: no raw ESC from the extensions"; fi
if grep -qF 'CPS: http://x/\x1B[5m' "$T/e.txt" && grep -qF 'User Notice: evil\x1B]0;pwned' "$T/e.txt" &&
	grep -qF 'URI:http://c/\x1B[2J' "$T/e.txt"; then ok "text: ESC shown as \\x1B in CPS, notice and CRL URI"
else fail "text: ESC shown as \\x1B in CPS, notice and CRL URI"; fi

# --- pki writes extensions: openssl and certtool read them ------------------------------------
check "pki ca new --ext (a private extension, critical)" pki ca new --subject "CN=pki ext CA" \
	--key-out "$T/ca.key" -o "$T/ca.pem" --ext '1.3.6.1.4.1.99999.5=critical,DER:0101ff'
if "$OPENSSL" x509 -in "$T/ca.pem" -noout -text | grep -A1 '1.3.6.1.4.1.99999.5: critical' | grep -q '\.\.\.'; then
	ok "openssl x509 -text shows the critical private extension"
else fail "openssl x509 -text shows the critical private extension"; fi
if "$OPENSSL" asn1parse -in "$T/ca.pem" | grep -A3 ':1.3.6.1.4.1.99999.5' | grep -q '\[HEX DUMP\]:0101FF'; then
	ok "openssl asn1parse: its value is the DER given"
else fail "openssl asn1parse: its value is the DER given"; fi
if certtool_q -i --infile "$T/ca.pem" | grep -A2 'Unknown extension 1.3.6.1.4.1.99999.5 (critical)' | grep -qi 'Hexdump: 0101ff'; then
	ok "certtool -i shows it (critical, same value)"
else fail "certtool -i shows it (critical, same value)"; certtool_q -i --infile "$T/ca.pem" | grep -A2 99999 | sed 's/^/# /'; fi

check "pki csr new --ext (a private and a basicConstraints CA:TRUE extension)" \
	pki csr new --key-out "$T/l.key" --subject CN=leaf.example.com --dns leaf.example.com \
	--ext '1.3.6.1.4.1.99999.6=DER:0c0568656c6c6f' --ext '2.5.29.19=critical,DER:30030101ff' -o "$T/l.csr"
check "openssl req -verify accepts the re-signed request" "$OPENSSL" req -in "$T/l.csr" -verify -noout
if "$OPENSSL" req -in "$T/l.csr" -noout -text | grep -A1 '1.3.6.1.4.1.99999.6' | grep -q hello; then
	ok "openssl req -text shows the requested extension"
else fail "openssl req -text shows the requested extension"; fi
if "$OPENSSL" req -in "$T/l.csr" -noout -text | grep -A1 'Basic Constraints: critical' | grep -q 'CA:TRUE'; then
	ok "openssl req -text shows the requested CA:TRUE"
else fail "openssl req -text shows the requested CA:TRUE"; fi
exits "a second --ext with the same OID is refused" 3 'already has extension' \
	pki csr new --key "$T/l.key" --subject CN=x --ext 1.2.3.4=DER:0500 --ext 1.2.3.4=DER:0500
exits "--ext without DER: is a usage error" 2 'DER:HEX' pki csr new --key "$T/l.key" --subject CN=x --ext 1.2.3.4=0500
exits "--ext with a value that is not one DER element" 3 'not exactly one DER element' \
	pki csr new --key "$T/l.key" --subject CN=x --ext 1.2.3.4=DER:050000

check "pki cert sign without --copy-extensions" pki cert sign --ca "$T/ca.pem" --ca-key "$T/ca.key" "$T/l.csr" -o "$T/l1.pem"
if "$OPENSSL" x509 -in "$T/l1.pem" -noout -text | grep -q '99999.6'; then
	fail "the request's extra extension is not copied by default"
else ok "the request's extra extension is not copied by default"; fi
check "pki cert sign --copy-extensions --ext" pki cert sign --ca "$T/ca.pem" --ca-key "$T/ca.key" \
	--copy-extensions --ext '1.3.6.1.4.1.99999.7=DER:0500' "$T/l.csr" -o "$T/l2.pem"
"$OPENSSL" x509 -in "$T/l2.pem" -noout -text >"$T/l2.txt"
if grep -A1 '1.3.6.1.4.1.99999.6:' "$T/l2.txt" | grep -q hello; then
	ok "--copy-extensions copies the requested private extension"
else fail "--copy-extensions copies the requested private extension"; fi
if grep -q '1.3.6.1.4.1.99999.7:' "$T/l2.txt"; then ok "--ext adds the private extension"; else fail "--ext adds the private extension"; fi
if grep -A1 'Basic Constraints' "$T/l2.txt" | grep -q 'CA:FALSE'; then
	ok "the request's CA:TRUE is never copied (CA:FALSE from the profile)"
else fail "the request's CA:TRUE is never copied (CA:FALSE from the profile)"; fi
check "openssl verify accepts the certificate with added extensions" \
	"$OPENSSL" verify -CAfile "$T/ca.pem" -ignore_critical "$T/l2.pem"
exits "--ext of an extension the profile writes is refused" 3 'written by libpki' \
	pki cert sign --ca "$T/ca.pem" --ca-key "$T/ca.key" --ext '2.5.29.15=DER:03020780' "$T/l.csr" -o "$T/l3.pem"
check "pki csr show --json lists the requested extensions" sh -c \
	'"$1" csr show --json "$2" | grep -q "\"oid\":\"1.3.6.1.4.1.99999.6\",\"critical\":false,\"value\":\"0c0568656c6c6f\""' _ "$PKI_BIN" "$T/l.csr"
# --- names attribute by attribute (issue 15 item 5) --------------------------------------------
check "openssl makes a certificate with a multi-valued RDN and UTF-8" \
	"$OPENSSL" req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$T/dn.key" \
	-out "$T/dn.pem" -days 1 -utf8 -multivalue-rdn -subj '/C=GB/O=Example, Ltd/OU=a+UID=42/CN=Zoë'
pki cert show --json "$T/dn.pem" >"$T/dn.json" 2>&1
same "pki lists the subject attribute by attribute, in openssl's order" \
	"$(jget "$T/dn.json" '[sorted((a["type"], a["value"]) for a in r) for r in d["subject_rdns"]]')" \
	'[[["C", "GB"]], [["O", "Example, Ltd"]], [["OU", "a"], ["UID", "42"]], [["CN", "Zo\u00eb"]]]'
same "openssl's RDN count agrees" "$(jget "$T/dn.json" 'len(d["subject_rdns"])')" \
	"$("$OPENSSL" x509 -in "$T/dn.pem" -noout -subject -nameopt RFC2253 | sed 's/^subject=//' | awk -F'(^|[^\\\\]),' '{print NF}')"
done_testing
