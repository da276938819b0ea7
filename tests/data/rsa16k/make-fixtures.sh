#!/bin/sh
# Make the fixtures of tests/data/rsa16k with openssl. Run from tests/data/rsa16k:
# `sh make-fixtures.sh [KEY]`, KEY an existing RSA-16384 private key in PEM (generating one
# takes minutes of CPU; no key is kept). Valid from the time of the run for 100 years; the
# tests verify at 2030-01-01.
#   root.pem      a root CA (P-256)
#   inter.pem     an intermediate CA of root whose key is a real 16384-bit RSA key
#   leaf.pem      a TLS server leaf (P-256, DNS:big.example.com) signed by inter with that key
set -e
umask 077
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -n "${1:-}" ]; then
	cp "$1" "$tmp/inter.key"
else
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:16384 -out "$tmp/inter.key"
fi
# the extensions: a CA section for root and inter, a TLS server one for the leaf
ca='basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign'
printf '[root]\n%s\nsubjectKeyIdentifier = hash\n[inter]\n%s\n' "$ca" "$ca" >"$tmp/ext.cnf"
printf 'subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n' >>"$tmp/ext.cnf"
printf '[leaf]\nbasicConstraints = critical, CA:FALSE\nkeyUsage = critical, %s\n' \
	digitalSignature >>"$tmp/ext.cnf"
printf 'extendedKeyUsage = serverAuth\nauthorityKeyIdentifier = keyid\n' >>"$tmp/ext.cnf"
printf 'subjectAltName = DNS:big.example.com\n' >>"$tmp/ext.cnf"
for k in root leaf; do
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tmp/$k.key"
done
openssl req -new -x509 -key "$tmp/root.key" -subj "/CN=libpki rsa16k test root" -days 36500 \
	-config "$tmp/ext.cnf" -extensions root -out root.pem
openssl req -new -key "$tmp/inter.key" -subj "/CN=libpki RSA-16384 intermediate" \
	-out "$tmp/inter.csr"
openssl x509 -req -in "$tmp/inter.csr" -CA root.pem -CAkey "$tmp/root.key" -CAcreateserial \
	-days 36500 -extfile "$tmp/ext.cnf" -extensions inter -out inter.pem
openssl req -new -key "$tmp/leaf.key" -subj "/CN=big.example.com" -out "$tmp/leaf.csr"
openssl x509 -req -in "$tmp/leaf.csr" -CA inter.pem -CAkey "$tmp/inter.key" -CAcreateserial \
	-days 36500 -extfile "$tmp/ext.cnf" -extensions leaf -sha256 -out leaf.pem
rm -f root.srl inter.srl
chmod 644 root.pem inter.pem leaf.pem
