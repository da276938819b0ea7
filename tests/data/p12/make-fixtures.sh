#!/bin/sh
# How the PKCS#12 fixtures of tests/test_pkcs12.c were made (run once; the files are checked
# in). The password of the encrypted ones is "fixture".
#   p12-nomac.p12        openssl pkcs12 -export -nomac: key encrypted (PBES2, 2,048 iterations),
#                        no MAC
#   p12-nomac-plain.p12  -nomac -keypbe NONE -certpbe NONE: neither MAC nor encryption
#   p12-64-parts.p12, p12-65-parts.p12, p12-32-bags.p12, p12-33-bags.p12: no MAC, 64/65 empty
#                        parts, or one part with 32/33 empty bags (PKI_P12_MAX_SAFES and
#                        PKI_P12_MAX_SAFE_BAGS; written by make-parts.py)
set -eu
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout key.pem \
	-out cert.pem -subj /CN=p12-fixture -days 36500 2>/dev/null
openssl pkcs12 -export -inkey key.pem -in cert.pem -passout pass:fixture -nomac \
	-out p12-nomac.p12
openssl pkcs12 -export -inkey key.pem -in cert.pem -passout pass:fixture -nomac \
	-keypbe NONE -certpbe NONE -out p12-nomac-plain.p12
python3 make-parts.py
rm key.pem
