#!/bin/sh
# DSA parameter inheritance (RFC 3279 2.3.2, RFC 5280 6.1.4 (f); libpki/dsa-inherit.c) with the
# NIST PKITS files (Debian's python3-cryptography-vectors; skipped when absent): 4.1.5's CA and
# leaf have DSA keys without parameters, which come from "DSA CA" (the CA's signature on the
# leaf and on its CRL verify with them); with that CA as the trust anchor nothing can be
# inherited and the path is refused, naming the reason; 4.1.6's bad DSA signature still fails.
. "${top_srcdir}/tests/cli-lib.sh"
D=${PKITS_DATA:-/usr/lib/python3/dist-packages/cryptography_vectors/x509/PKITS_data}
if [ ! -f "$D/certs/DSAParametersInheritedCACert.crt" ]; then
	echo "1..0 # SKIP no PKITS data in $D"
	exit 0
fi
cd "$TMP" || exit 99
for c in TrustAnchorRootCertificate DSACACert DSAParametersInheritedCACert \
	ValidDSAParameterInheritanceTest5EE InvalidDSASignatureTest6EE; do
	ossl x509 -inform DER -in "$D/certs/$c.crt" -out "$c.pem" || exit 99
done
cat DSACACert.pem DSAParametersInheritedCACert.pem >inter.pem
# PKITS' validation time (2011-01-01); DSA and SHA-1 are legacy
V="verify --at @1293840000 --allow-sha1 --allow-legacy-keys"

succeeds "4.1.5: the DSA keys without parameters inherit DSA CA's, CRLs checked" \
	pki $V --ca TrustAnchorRootCertificate.pem --untrusted inter.pem --crl-check chain \
	--crl "$D/crls/TrustAnchorRootCRL.crl" --crl "$D/crls/DSACACRL.crl" \
	--crl "$D/crls/DSAParametersInheritedCACRL.crl" ValidDSAParameterInheritanceTest5EE.pem
same "4.1.5: valid" "$(out | grep '^result:')" "result: valid"

# A second trust anchor named "DSA CA" (SKI as DSA CA's) with other DSA parameters: its path
# is tried first and fails; the key built from its parameters and the checks made with it must
# not carry over to the path through the real DSA CA (tests/data/dsa-ca-other-params.pem).
cat TrustAnchorRootCertificate.pem "${top_srcdir}/tests/data/dsa-ca-other-params.pem" >two.pem
succeeds "4.1.5 with a second anchor named DSA CA (other DSA parameters): still valid" \
	pki $V --ca two.pem --untrusted inter.pem --crl-check chain \
	--crl "$D/crls/TrustAnchorRootCRL.crl" --crl "$D/crls/DSACACRL.crl" \
	--crl "$D/crls/DSAParametersInheritedCACRL.crl" ValidDSAParameterInheritanceTest5EE.pem
same "4.1.5 with the second anchor: valid" "$(out | grep '^result:')" "result: valid"

pki $V --ca DSAParametersInheritedCACert.pem ValidDSAParameterInheritanceTest5EE.pem \
	>o.txt 2>&1
same "the inheriting CA as trust anchor: no parameters to inherit, exit 1" "$?" 1
check "the reason names the missing DSA parameters" \
	grep -q "DSA key of .*DSA Parameters Inherited CA.* has no parameters and its issuer has no DSA parameters to inherit" o.txt

pki $V --ca TrustAnchorRootCertificate.pem --untrusted DSACACert.pem --crl-check chain \
	--crl "$D/crls/TrustAnchorRootCRL.crl" --crl "$D/crls/DSACACRL.crl" \
	InvalidDSASignatureTest6EE.pem >o6.txt 2>&1
same "4.1.6: an invalid DSA signature, exit 1" "$?" 1
check "4.1.6: DSA CA did not sign it (not its issuer)" grep -q "DSA CA.* not found: no trust anchor or untrusted certificate of that name signed" o6.txt
done_testing
