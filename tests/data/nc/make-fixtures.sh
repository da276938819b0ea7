#!/bin/sh
# Make the name-constraint fixtures of tests/data/nc with openssl (an independent encoder).
# Run from tests/data/nc: `sh make-fixtures.sh`. Keys are fresh each run (and not kept), so the
# files change, but what each shows does not. Valid from the time of the run for 100 years;
# the tests verify at 2030-01-01.
#   root.pem                a root CA (P-256)
#   ica-othername.pem       an intermediate CA of root whose critical nameConstraints permit
#                           DNS example.com and exclude otherName 1.3.6.1.4.1.55738.666.1 (a
#                           form libpki cannot check, and GnuTLS 3.7 cannot parse)
#   leaf.pem                a TLS server leaf of ica-othername, SAN DNS:ok.example.com
#   leaf-othername.pem      the same with a second SAN: otherName 1.3.6.1.4.1.55738.666.1
set -e
umask 077
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
leaf_ext='basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid'
cat >"$tmp/ext.cnf" <<CNF
[root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ica]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
nameConstraints = critical, permitted;DNS:example.com, excluded;otherName:1.3.6.1.4.1.55738.666.1;NULL
[leaf]
$leaf_ext
subjectAltName = DNS:ok.example.com
[leaf_on]
$leaf_ext
subjectAltName = DNS:ok.example.com, otherName:1.3.6.1.4.1.55738.666.1;NULL
CNF
for k in root ica leaf; do
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tmp/$k.key"
done
openssl req -new -x509 -key "$tmp/root.key" -subj "/CN=libpki nc test root" -days 36500 \
	-config "$tmp/ext.cnf" -extensions root -out root.pem
openssl req -new -key "$tmp/ica.key" -subj "/CN=libpki nc test othername CA" -out "$tmp/ica.csr"
openssl x509 -req -in "$tmp/ica.csr" -CA root.pem -CAkey "$tmp/root.key" -CAcreateserial \
	-days 36500 -extfile "$tmp/ext.cnf" -extensions ica -out ica-othername.pem
openssl req -new -key "$tmp/leaf.key" -subj "/CN=ok.example.com" -out "$tmp/leaf.csr"
for e in leaf leaf_on; do
	out=leaf.pem
	[ "$e" = leaf_on ] && out=leaf-othername.pem
	openssl x509 -req -in "$tmp/leaf.csr" -CA ica-othername.pem -CAkey "$tmp/ica.key" \
		-CAcreateserial -days 36500 -extfile "$tmp/ext.cnf" -extensions "$e" -out "$out"
done
rm -f root.srl ica-othername.srl
