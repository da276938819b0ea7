#!/bin/sh
# pki(1) never writes a raw control character or invalid UTF-8 taken from an input: names,
# SANs and friendly names with terminal escape sequences are shown escaped in text, and stay
# valid JSON with --json. Fixtures: tests/data/cert-subject-control-chars.pem (ESC, BEL, C1
# CSI, RLO, DEL, TAB, LF in the subject, ESC in SANs), csr-subject-control-chars.pem,
# cert-subject-invalid-utf8.pem (overlong, surrogate, truncated, stray bytes in a UTF8String).
. "${top_srcdir}/tests/cli-lib.sh"
command -v "$PYTHON" >/dev/null 2>&1 || { echo "1..0 # SKIP $PYTHON not found"; exit 0; }
D="$top_srcdir/tests/data"
cd "$TMP" || exit 99

# clean FILE: no byte < 0x20 but LF, no DEL, strict UTF-8, no C1 or bidi control.
clean() {
	"$PYTHON" - "$1" <<'PY'
import sys
b = open(sys.argv[1], "rb").read()
bad = [i for i, c in enumerate(b) if (c < 0x20 and c != 0x0a) or c == 0x7f]
if bad:
    sys.exit("raw control byte 0x%02x at offset %d" % (b[bad[0]], bad[0]))
try:
    t = b.decode("utf-8", "strict")
except UnicodeDecodeError as e:
    sys.exit("invalid UTF-8: %s" % e)
for ch in t:
    o = ord(ch)
    if 0x80 <= o <= 0x9f or o in (0x61c, 0x200e, 0x200f) or 0x2028 <= o <= 0x202e or 0x2066 <= o <= 0x2069:
        sys.exit("raw U+%04X" % o)
PY
}
# has_text FILE TEXT: the file contains the (escaped) text.
has_text() { grep -qF -- "$2" "$1"; }

succeeds "cert show: control characters in the subject" pki cert show "$D/cert-subject-control-chars.pem"
cp "$TMP/.out" cert.txt
check "cert show: no raw control byte, valid UTF-8" clean cert.txt
check "cert show: ESC shown as \\x1B" has_text cert.txt 'CN=evil\x1B[2J\x1B]0\;pwned\x07\u{9B}31m\u{202E}abc\x7F\x09tab\x0Anl'
check "cert show: SANs escaped" has_text cert.txt 'URI:http://x/\x1B[5m, DNS:a\x1B[1m.example'

succeeds "cert show --json" pki cert show --json "$D/cert-subject-control-chars.pem"
cp "$TMP/.out" cert.json
check "cert show --json: no raw control byte" clean cert.json
same "cert show --json: the subject decodes to the original characters" \
	"$("$PYTHON" -c 'import json,sys; print(ascii(json.load(open(sys.argv[1]))["subject"]))' cert.json)" \
	"'O=O\\x1b[31mred,CN=evil\\x1b[2J\\x1b]0\\\\;pwned\\x07\\x9b31m\\u202eabc\\x7f\\ttab\\nnl'"

succeeds "csr show: control characters in the subject" pki csr show "$D/csr-subject-control-chars.pem"
cp "$TMP/.out" csr.txt
check "csr show: no raw control byte" clean csr.txt
check "csr show: subject escaped" has_text csr.txt 'O=O\x1B[31mred'
succeeds "csr show --json" pki csr show --json "$D/csr-subject-control-chars.pem"
cp "$TMP/.out" csr.json
check "csr show --json: valid JSON without raw control bytes" clean csr.json
check "csr show --json: parses" "$PYTHON" -c 'import json,sys; json.load(open(sys.argv[1]))' csr.json

succeeds "cert show: invalid UTF-8 in the subject" pki cert show "$D/cert-subject-invalid-utf8.pem"
cp "$TMP/.out" bad.txt
check "cert show: invalid UTF-8 shown as \\xNN, valid é kept" \
	has_text bad.txt "$(printf 'CN=\\xFF\\xC0\\x80\\xED\\xA0\\x80\\xE2\\x82x\\x80\\xF5\\x90\\x80\\x80\303\251')"
check "cert show: output is valid UTF-8" clean bad.txt
succeeds "cert show --json: invalid UTF-8" pki cert show --json "$D/cert-subject-invalid-utf8.pem"
cp "$TMP/.out" bad.json
check "cert show --json: valid UTF-8 JSON" clean bad.json
same "cert show --json: invalid bytes as the text \\xNN" \
	"$("$PYTHON" -c 'import json,sys; print(json.loads(open(sys.argv[1],"rb").read().decode("utf-8"))["subject"])' bad.json)" \
	"$(printf 'CN=\\xFF\\xC0\\x80\\xED\\xA0\\x80\\xE2\\x82x\\x80\\xF5\\x90\\x80\\x80\303\251')"

# Messages: a file name with an escape sequence is escaped on stderr too.
evil=$(printf 'no\033]0;such\007file')
pki cert show "$evil" >/dev/null 2>err.txt
check "error message: no raw control byte" clean err.txt
check "error message: file name escaped" has_text err.txt 'no\x1B]0;such\x07file'

# PKCS#12: subject and friendly name from the file (openssl writes it).
if "$OPENSSL" version >/dev/null 2>&1 && "$PYTHON" -c 'import cryptography' 2>/dev/null; then
	"$PYTHON" -c '
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives import serialization as s
k = ec.derive_private_key(0x1234567890abcdef, ec.SECP256R1())
open("k.pem","wb").write(k.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption()))'
	ossl pkcs12 -export -inkey k.pem -in "$D/cert-subject-control-chars.pem" \
		-name "$(printf 'friendly\033[31mred')" -passout pass:secret -out evil.p12
	printf 'secret\n' >pw
	succeeds "p12 import: control characters in subject and friendly name" \
		pki p12 import --pass-file pw --key-out ik.pem --cert-out ic.pem evil.p12
	cp "$TMP/.out" p12.txt
	check "p12 import: no raw control byte" clean p12.txt
	check "p12 import: friendly name escaped" has_text p12.txt 'friendly\x1B[31mred'
	check "p12 import: subject escaped" has_text p12.txt 'O=O\x1B[31mred'
else
	ok "# SKIP p12 import check: openssl or python3-cryptography missing"
fi
done_testing
