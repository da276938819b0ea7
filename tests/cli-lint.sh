#!/bin/sh
# pki lint: exit codes, findings in text and JSON, PEM bundles, DER, CRLs, escaping, and that
# what pki itself issues lints clean. Fixtures that break one rule each: tests/data/lint.
. "$top_srcdir/tests/cli-lib.sh"
command -v "$PYTHON" >/dev/null 2>&1 || skip_all "$PYTHON (for the JSON checks) not found"
D="$top_srcdir/tests/data/lint"
cd "$TMP" || exit 99

# status COMMAND...: the exit status, standard output in out.txt, standard error in err.txt
status() { "$@" >out.txt 2>err.txt </dev/null; echo $?; }
json_ok() { "$PYTHON" -c 'import json,sys; json.load(open(sys.argv[1]))' "$1"; }

# what pki issues
check "ca new" pki ca new --subject "CN=Lint Test CA" --key-out ca.key -o ca.pem
check "key new" pki key new -o leaf.key
check "csr new" pki csr new --key leaf.key --subject "CN=www.example.com" --dns www.example.com -o leaf.csr
check "cert sign" pki cert sign --ca ca.pem --ca-key ca.key -o leaf.pem leaf.csr
check "crl new" pki crl new --ca ca.pem --ca-key ca.key -o ca.crl

same "pki's CA lints clean: exit 0" "$(status pki lint ca.pem)" 0
check "clean: says so" grep -q "certificate 1 (CN=Lint Test CA): clean" out.txt
same "pki's leaf lints clean: exit 0" "$(status pki lint leaf.pem)" 0
same "pki's CRL lints clean: exit 0" "$(status pki lint ca.crl)" 0
check "CRL: named by its issuer" grep -q "crl 1 (CN=Lint Test CA): clean" out.txt
cat leaf.pem ca.pem ca.crl >bundle.pem
same "bundle of two certificates and a CRL: exit 0" "$(status pki lint bundle.pem)" 0
check "bundle: three objects" grep -q "^3 objects checked (rfc5280): 0 errors" out.txt
same "--profile webpki on pki's leaf: exit 0" "$(status pki lint --profile webpki leaf.pem)" 0
"$OPENSSL" x509 -in leaf.pem -outform DER -out leaf.der
same "DER certificate: exit 0" "$(status pki lint leaf.der)" 0
"$OPENSSL" crl -in ca.crl -outform DER -out ca.crl.der
same "DER CRL: exit 0" "$(status pki lint ca.crl.der)" 0
same "standard input: exit 0" "$(status sh -c "'$PKI_BIN' lint - <leaf.pem")" 0

# findings
same "serial zero: exit 1" "$(status pki lint "$D/leaf-serial-zero.pem")" 1
check "serial zero: the rule, source and sentence" grep -q "error   rfc5280.serial.zero (RFC 5280 4.1.2.2): the serial number is zero" out.txt
same "a root with serial zero is warned about: exit 0" "$(status pki lint "$D/root-serial-zero.pem")" 0
check "warning shown" grep -q "warning rfc5280.serial.zero" out.txt
same "--as leaf makes it an error: exit 1" "$(status pki lint --as leaf "$D/root-serial-zero.pem")" 1
same "one bad file among good ones: exit 1" "$(status pki lint leaf.pem "$D/leaf-serial-negative.pem" ca.pem)" 1
check "summary counts the error" grep -q "^3 objects checked (rfc5280): 1 error" out.txt

# escaping: a dNSName with ESC [2J and a newline
same "control characters: exit 1" "$(status pki lint "$D/leaf-san-dns-control-chars.pem")" 1
check "text output has no control characters" sh -c "! LC_ALL=C grep -q '[[:cntrl:]]' out.txt"
check "escaped as \\xHH" grep -q 'a\\x1b\[2J\\x0ab.example.com' out.txt

# JSON
same "--json: exit 1" "$(status pki lint --json leaf.pem "$D/leaf-san-dns-control-chars.pem" ca.crl)" 1
check "--json: valid JSON" json_ok out.txt
check "--json: counts and rule" "$PYTHON" -c '
import json, sys
d = json.load(open("out.txt"))
assert d["profile"] == "rfc5280" and d["errors"] == 1 and len(d["objects"]) == 3, d
o = d["objects"][1]
assert o["type"] == "certificate" and o["errors"] == 1, o
f = o["findings"][0]
assert f["severity"] == "error" and f["rule"] == "rfc5280.san.dns" and f["source"] == "RFC 5280 4.2.1.6", f
assert d["objects"][2]["type"] == "crl" and d["objects"][2]["findings"] == []
'
printf 'x' >"$(printf 'bad\033name\377.pem')"
same "--json with an unreadable, oddly named file: exit 3" "$(status pki lint --json leaf.pem "$(printf 'bad\033name\377.pem')")" 3
check "--json: still valid JSON" json_ok out.txt
check "--json: the unreadable file counted" "$PYTHON" -c 'import json; assert json.load(open("out.txt"))["unreadable"] == 1'
check "stderr: file name escaped" sh -c "grep -q 'bad\\\\x1bname\\\\xff.pem' err.txt && ! LC_ALL=C grep -q '[[:cntrl:]]' err.txt"

# usage and input errors
exits "no file: exit 2" 2 "which files" pki lint
exits "unknown profile: exit 2" 2 "unknown profile 'x509'" pki lint --profile x509 leaf.pem
exits "unknown position: exit 2" 2 "unknown position" pki lint --as middle leaf.pem
same "unknown option: exit 2" "$(status pki lint --bogus leaf.pem)" 2
exits "missing file: exit 3" 3 "missing.pem" pki lint missing.pem
echo garbage >garbage.pem
exits "no certificate in the file: exit 3" 3 "garbage.pem: neither a DER certificate nor a DER CRL" pki lint garbage.pem
"$OPENSSL" ecparam -name prime256v1 -genkey -noout -out only-key.pem 2>/dev/null
exits "a PEM file with no certificate or CRL: exit 3" 3 "no certificate or CRL" pki lint only-key.pem
sed 's/^M/A/' leaf.pem >broken.pem
exits "a damaged certificate: exit 3" 3 "broken.pem: certificate 1" pki lint broken.pem
same "--help: exit 0" "$(status pki lint --help)" 0
check "--help: describes --profile" grep -q -- "--profile NAME" out.txt

done_testing
