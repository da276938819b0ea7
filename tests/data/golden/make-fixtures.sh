#!/bin/sh
# Golden fixtures (issue 13 item 9), made once with openssl and checked in: a key of each
# type, a CA certificate, a request, a CRL with entries and a PKCS#12 file (2,048
# iterations). expected.txt holds the values openssl itself reads from them (never libpki's):
# tests/golden.sh compares them with what `pki ... show --json` says. Run from this folder:
#   sh make-fixtures.sh      (rewrites every file; the keys are new each time)
set -eu
cd "$(dirname "$0")"
export TZ=UTC
o=openssl
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

$o genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve -out ec-p256.key
$o genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -pkeyopt ec_param_enc:named_curve -out ec-p384.key
$o genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -pkeyopt ec_param_enc:named_curve -out ec-p521.key
$o genpkey -algorithm ED25519 -out ed25519.key
$o genpkey -algorithm ED448 -out ed448.key
$o genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa-2048.key 2>/dev/null
for k in ec-p256 ec-p384 ec-p521 ed25519 ed448 rsa-2048; do
	$o pkey -in $k.key -pubout -out $k.pub.pem
done

cat >"$W/ca.cnf" <<'CNF'
[req]
distinguished_name = dn
prompt = no
[dn]
C = GB
O = libpki fixtures
CN = Golden Root
[v3_ca]
basicConstraints = critical, CA:TRUE, pathlen:1
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
subjectAltName = DNS:root.golden.example, IP:192.0.2.7
[ca]
default_ca = golden
[golden]
database = DB/index.txt
crlnumber = DB/crlnumber
default_md = sha256
default_crl_days = 30
crl_extensions = crl_ext
[crl_ext]
authorityKeyIdentifier = keyid
CNF
sed -i "s#DB/#$W/#" "$W/ca.cnf"
$o req -new -x509 -config "$W/ca.cnf" -extensions v3_ca -key ec-p256.key -sha256 \
	-set_serial 0x0a1b2c3d4e5f -days 3650 -out ca.pem
$o req -new -key ed25519.key -subj "/C=GB/O=libpki fixtures/CN=leaf.golden.example" \
	-addext "subjectAltName = DNS:leaf.golden.example, DNS:www.golden.example, email:ops@golden.example" \
	-out request.pem

# A CRL with three entries (index.txt lines: R, expiry, revocation[,reason], serial, file, DN).
printf 'R\t300101000000Z\t250102030405Z,keyCompromise\t1001\tunknown\t/CN=a\n' >"$W/index.txt"
printf 'R\t300101000000Z\t250203040506Z,superseded\t1002\tunknown\t/CN=b\n' >>"$W/index.txt"
printf 'R\t300101000000Z\t250304050607Z\tABCDEF\tunknown\t/CN=c\n' >>"$W/index.txt"
echo 2a >"$W/crlnumber"
$o ca -config "$W/ca.cnf" -gencrl -keyfile ec-p256.key -cert ca.pem -out crl.pem 2>/dev/null

$o x509 -in ca.pem -outform DER -out ca.der
$o crl -in crl.pem -outform DER -out crl.der
$o req -in request.pem -outform DER -out request.der
$o pkcs12 -export -inkey ec-p256.key -in ca.pem -name "golden p12" -passout pass:golden \
	-iter 2048 -maciter -macalg sha256 -keypbe AES-256-CBC -certpbe AES-256-CBC -out golden.p12

# ISO 8601 of an openssl date ("Jan  2 03:04:05 2025 GMT").
iso() { date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ; }
lc() { tr 'A-F' 'a-f'; }
# get COMMAND FILE -OPTION: what `openssl COMMAND -OPTION` prints after its "name=".
get() { $o "$1" -in "$2" -noout "$3" -nameopt RFC2253 | sed 's/^[A-Za-z]*=//'; }
{
	echo "# Values openssl reads from the fixtures (make-fixtures.sh); FILE FIELD VALUE."
	for k in ec-p256 ec-p384 ec-p521 rsa-2048; do
		echo "$k.key bits $($o pkey -in $k.key -noout -text | sed -n '1s/.*(\([0-9]*\) bit.*/\1/p')"
	done
	for k in ec-p256 ec-p384 ec-p521; do
		echo "$k.key curve $($o pkey -in $k.key -noout -text | sed -n 's/^NIST CURVE: //p')"
	done
	for k in ed25519 ed448; do
		echo "$k.key type $($o pkey -in $k.key -noout -text | sed -n '1s/ Private-Key.*//p' | tr 'A-Z' 'a-z')"
	done
	# FILE FIELD: what `openssl COMMAND -OPTION` prints, as is, lower-case or as ISO 8601
	while read -r file field cmd opt filter; do
		v=$(get "$cmd" "$file" "$opt")
		case $filter in
		lc) v=$(printf '%s' "$v" | sed 's/^0x//' | lc) ;;
		iso) v=$(iso "$v") ;;
		esac
		echo "$file $field $v"
	done <<'LIST'
ca.pem subject x509 -subject -
ca.pem issuer x509 -issuer -
ca.pem serial x509 -serial lc
ca.pem not_before x509 -startdate iso
ca.pem not_after x509 -enddate iso
request.pem subject req -subject -
crl.pem issuer crl -issuer -
crl.pem this_update crl -lastupdate iso
crl.pem next_update crl -nextupdate iso
crl.pem number crl -crlnumber lc
LIST
	echo "ca.pem fingerprint_sha256 $($o x509 -in ca.pem -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | lc)"
	echo "ca.pem subject_key_id $($o x509 -in ca.pem -noout -ext subjectKeyIdentifier | sed -n '2s/[ :]//gp' | lc)"
	echo "ca.pem path_len $($o x509 -in ca.pem -noout -ext basicConstraints | sed -n '2s/.*pathlen:\([0-9]*\).*/\1/p')"
	echo "ca.pem sans $($o x509 -in ca.pem -noout -ext subjectAltName | sed -n '2s/^ *//; 2s/IP Address:/IP:/g; 2s/, /,/gp')"
	echo "request.pem sans $($o req -in request.pem -noout -text | sed -n '/Subject Alternative Name/{n;s/^ *//;s/email:/email:/g;s/, /,/gp}')"
	# serial,revocation date,reason;... (the reason as openssl words it, "" without one)
	echo "crl.pem revoked $($o crl -in crl.pem -noout -text | awk '
		/Serial Number:/ { if (s != "") printf "%s,%s,%s;", s, d, r; s = tolower($3); d = ""; r = "" }
		/Revocation Date:/ { sub(/^ *Revocation Date: /, ""); d = $0 }
		/CRL Reason Code:/ { getline; gsub(/^ +| +$/, ""); r = $0 }
		END { if (s != "") printf "%s,%s,%s;", s, d, r }' | tr ';' '\n' | while IFS=, read -r s d r; do
		printf '%s,%s,%s;' "$s" "$(iso "$d")" "$r"; done)"
	echo "golden.p12 name $($o pkcs12 -in golden.p12 -passin pass:golden -nokeys -info 2>&1 | sed -n 's/^ *friendlyName: //p' | head -1)"
	echo "golden.p12 iterations $($o pkcs12 -in golden.p12 -passin pass:golden -nokeys -info 2>&1 | sed -n 's/^MAC: .*Iteration \([0-9]*\).*/\1/p')"
	echo "golden.p12 fingerprint_sha256 $($o pkcs12 -in golden.p12 -passin pass:golden -nokeys 2>/dev/null | $o x509 -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | lc)"
	echo "golden.p12 key_pub $($o pkcs12 -in golden.p12 -passin pass:golden -nocerts -nodes 2>/dev/null | $o pkey -pubout | sed '1d;$d' | tr -d '\n')"
} >expected.txt
