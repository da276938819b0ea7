#!/bin/sh
# Certificate policies, policy mappings, policy constraints and inhibitAnyPolicy at issuance
# (issue 15 item 4), checked with openssl and certtool: `openssl x509 -text` and `certtool -i`
# show what --policy/--cps/--notice, --policy-mapping, --require-explicit-policy,
# --inhibit-policy-mapping and --inhibit-any-policy wrote; `openssl verify -policy_check`
# follows the mapping and the constraints; pki reads back the same values.
. "${top_srcdir}/tests/cli-lib.sh"
T=$TMP
jget() { "$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(eval(sys.argv[2]), sort_keys=True))' "$1" "$2" 2>&1; }
P1=1.3.6.1.4.1.99999.1 P2=1.3.6.1.4.1.99999.2 P7=1.3.6.1.4.1.99999.7
ext() { "$OPENSSL" x509 -in "$1" -noout -ext "$2" 2>/dev/null | tr -s ' \n' ' ' | sed 's/ $//'; }
pverify() { "$OPENSSL" verify -policy_check -explicit_policy -CAfile "$T/root.pem" -untrusted "$T/sub.pem" "$@"; }

check "a root with anyPolicy" pki ca new --subject "CN=policy root" --key-out "$T/root.key" \
	-o "$T/root.pem" --policy 2.5.29.32.0
check "an intermediate with policies, a mapping and constraints" pki cert sign --ca "$T/root.pem" \
	--ca-key "$T/root.key" --profile intermediate --subject "CN=policy sub" --key-out "$T/sub.key" \
	-o "$T/sub.pem" --policy $P1 --cps https://pki.example.com/cps --notice "Example notice" \
	--policy $P2 --policy-mapping $P1:$P7 --require-explicit-policy 0 --inhibit-policy-mapping 1 \
	--inhibit-any-policy 2
same "openssl: certificate policies with CPS and notice" "$(ext "$T/sub.pem" certificatePolicies)" \
	"X509v3 Certificate Policies: Policy: $P1 CPS: https://pki.example.com/cps User Notice: Explicit Text: Example notice Policy: $P2"
same "openssl: policy mappings (critical)" "$(ext "$T/sub.pem" policyMappings)" \
	"X509v3 Policy Mappings: critical $P1:$P7"
same "openssl: policy constraints (critical)" "$(ext "$T/sub.pem" policyConstraints)" \
	"X509v3 Policy Constraints: critical Require Explicit Policy:0, Inhibit Policy Mapping:1"
same "openssl: inhibitAnyPolicy (critical)" "$(ext "$T/sub.pem" inhibitAnyPolicy)" \
	"X509v3 Inhibit Any Policy: critical 2"
certtool_q -i --infile "$T/sub.pem" >"$T/sub.txt" 2>&1
if grep -A3 'Certificate Policies (not critical)' "$T/sub.txt" | grep -q 'URI: https://pki.example.com/cps' &&
	grep -A3 'Certificate Policies' "$T/sub.txt" | grep -q 'Note: Example notice'; then
	ok "certtool -i: the policies and their qualifiers"; else fail "certtool -i: the policies and their qualifiers"; fi
if grep -q 'Inhibit anyPolicy skip certs: 2 (critical)' "$T/sub.txt"; then
	ok "certtool -i: inhibitAnyPolicy"; else fail "certtool -i: inhibitAnyPolicy"; fi
pki cert show --json "$T/sub.pem" >"$T/sub.json" 2>&1
same "pki reads the policies" "$(jget "$T/sub.json" 'd["policies"]')" "[\"$P1\", \"$P2\"]"
same "pki reads the mapping" "$(jget "$T/sub.json" 'd["policy_mappings"]')" "[\"$P1:$P7\"]"
same "pki reads the constraints" "$(jget "$T/sub.json" '[d["policy_constraints"], d["inhibit_any_policy"]]')" \
	'[{"inhibit_policy_mapping": 1, "require_explicit_policy": 0}, 2]'

check "a leaf with the mapped policy" pki cert sign --ca "$T/sub.pem" --ca-key "$T/sub.key" \
	--subject CN=l.example.com --dns l.example.com --policy $P7 --key-out "$T/l.key" -o "$T/l.pem"
check "openssl verify -policy_check: valid for $P1 (mapped to $P7)" pverify -policy $P1 "$T/l.pem"
check_fails "openssl verify -policy_check: not valid for $P2" pverify -policy $P2 "$T/l.pem"
check "a leaf with $P2 only" pki cert sign --ca "$T/sub.pem" --ca-key "$T/sub.key" \
	--subject CN=m.example.com --dns m.example.com --policy $P2 --key-out "$T/m.key" -o "$T/m.pem"
check "openssl verify -policy_check: valid for $P2" pverify -policy $P2 "$T/m.pem"
check "a leaf with no policy" pki cert sign --ca "$T/sub.pem" --ca-key "$T/sub.key" \
	--subject CN=n.example.com --dns n.example.com --key-out "$T/n.key" -o "$T/n.pem"
check_fails "openssl verify: requireExplicitPolicy 0 refuses a leaf without policies" \
	"$OPENSSL" verify -policy_check -CAfile "$T/root.pem" -untrusted "$T/sub.pem" "$T/n.pem"

exits "a policy mapping on a leaf is refused" 3 'apply to CA profiles' pki cert sign --ca "$T/sub.pem" \
	--ca-key "$T/sub.key" --subject CN=x --dns x.example --policy-mapping $P1:$P2 --key-out "$T/x.key" -o "$T/x.pem"
exits "mapping anyPolicy is refused" 3 'anyPolicy cannot be mapped' pki ca new --subject CN=y \
	--key-out "$T/y.key" -o "$T/y.pem" --policy-mapping 2.5.29.32.0:$P1
exits "--cps before any --policy is a usage error" 2 'goes after the --policy' pki ca new --subject CN=y \
	--key-out "$T/y.key" -o "$T/y.pem" --cps https://x.example
exits "a repeated --policy is refused" 3 'already in the options' pki ca new --subject CN=y \
	--key-out "$T/y.key" -o "$T/y.pem" --policy $P1 --policy $P1
done_testing
