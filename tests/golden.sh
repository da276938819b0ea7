#!/bin/sh
# Golden fixtures (issue 13 item 9): files openssl made once (tests/data/golden/, generator
# make-fixtures.sh beside them) read by pki, compared with the values openssl itself gave
# (expected.txt). No openssl at test time: the fixtures and the expected values are checked in.
# Also every past fuzz finding (fuzz/regress/TARGET/*): pki reads or refuses it, never crashes.
. "${top_srcdir}/tests/cli-lib.sh"
G="$top_srcdir/tests/data/golden"

# want FILE FIELD: the value openssl gave for FIELD of FILE.
want() { awk -v f="$1" -v k="$2" '$1 == f && $2 == k { sub(/^[^ ]+ [^ ]+ /, ""); print; exit }' "$G/expected.txt"; }
# field JSON EXPR: a value of the JSON file (d is the object), lists joined with ",".
field() {
	"$PYTHON" -c 'import json,sys
d=json.load(open(sys.argv[1])); v=eval(sys.argv[2])
print(",".join(map(str, v)) if isinstance(v, list) else v)' "$1" "$2"
}

# Keys: type, size and curve as openssl reads them, and the same public key (SPKI).
for k in ec-p256 ec-p384 ec-p521 ed25519 ed448 rsa-2048; do
	pki key show --json "$G/$k.key" >"$TMP/$k.json" || fail "key show $k.key"
	for f in bits curve type; do
		w=$(want "$k.key" "$f")
		[ -n "$w" ] && same "$k.key: $f" "$(field "$TMP/$k.json" "d['$f']")" "$w"
	done
	pki key pub "$G/$k.key" -o "$TMP/$k.pub.pem" >/dev/null 2>&1 || fail "key pub $k.key"
	same "$k.key: the public key openssl wrote" "$(cat "$TMP/$k.pub.pem")" "$(cat "$G/$k.pub.pem")"
done

# The CA certificate, PEM and DER.
for c in ca.pem ca.der; do
	pki cert show --json "$G/$c" >"$TMP/c.json" || fail "cert show $c"
	for f in subject issuer serial not_before not_after fingerprint_sha256 subject_key_id path_len; do
		same "$c: $f" "$(field "$TMP/c.json" "d['$f']")" "$(want ca.pem "$f")"
	done
	same "$c: SANs" "$(field "$TMP/c.json" "['DNS:'+n for n in d['dns_names']]+['IP:'+n for n in d['ip_addresses']]")" \
		"$(want ca.pem sans)"
done

# The request, PEM and DER.
for r in request.pem request.der; do
	pki csr show --json "$G/$r" >"$TMP/r.json" || fail "csr show $r"
	same "$r: subject" "$(field "$TMP/r.json" "d['subject']")" "$(want request.pem subject)"
	same "$r: SANs" "$(field "$TMP/r.json" "['DNS:'+n for n in d['dns_names']]+['email:'+n for n in d['emails']]")" \
		"$(want request.pem sans)"
done

# The CRL, PEM and DER: dates, number, and each entry with its date and reason (openssl's
# words, "Key Compromise", are RFC 5280's names, keyCompromise; no reason reads as unspecified).
for l in crl.pem crl.der; do
	pki crl show --json "$G/$l" >"$TMP/l.json" || fail "crl show $l"
	for f in issuer this_update next_update number; do
		same "$l: $f" "$(field "$TMP/l.json" "d['$f']")" "$(want crl.pem "$f")"
	done
	same "$l: entries" "$(field "$TMP/l.json" "''.join(e['serial']+','+e['revocation_date']+','+e['reason']+';' for e in d['revoked'])")" \
		"$(want crl.pem revoked | "$PYTHON" -c 'import sys
out = ""
for e in sys.stdin.read().strip().split(";")[:-1]:
    s, d, r = e.split(",")
    w = r.split() or ["unspecified"]
    out += "%s,%s,%s;" % (s, d, w[0].lower() + "".join(x.capitalize() for x in w[1:]))
print(out)')"
done

# The PKCS#12 file (2,048 iterations): the certificate, key and friendly name openssl put in.
if P12PW=golden pki p12 import "$G/golden.p12" --pass-env P12PW --key-out "$TMP/p.key" \
	--cert-out "$TMP/p.pem" >"$TMP/p12.out" 2>&1; then
	ok "p12 import golden.p12"
else
	fail "p12 import golden.p12"; sed 's/^/# /' "$TMP/p12.out"
fi
pki cert show --json "$TMP/p.pem" >"$TMP/p.json" 2>/dev/null
same "golden.p12: the certificate" "$(field "$TMP/p.json" "d['fingerprint_sha256']")" \
	"$(want golden.p12 fingerprint_sha256)"
pki key pub "$TMP/p.key" -o "$TMP/p.pub" >/dev/null 2>&1
same "golden.p12: the key" "$(sed '1d;$d' "$TMP/p.pub" | tr -d '\n')" "$(want golden.p12 key_pub)"
grep -q "$(want golden.p12 name)" "$TMP/p12.out" && ok "golden.p12: the friendly name is reported" ||
	{ fail "golden.p12: the friendly name '$(want golden.p12 name)'"; sed 's/^/# /' "$TMP/p12.out"; }

# Every past fuzz finding (fuzz/regress/TARGET/NAME, named for what it found), read by the
# command of its target with the corpus password "fuzz": an answer (exit 0) or a refusal
# (exit 1..3), never a signal (exit >= 128) or a hang. catalogue::every_fuzz_finding_gives_its_error
# (tests/test_catalogue.c) checks the exact error and detail of each, and that none is unlisted.
regress() { # TARGET FILE
	case $1 in
	roundtrip) echo "cert show --json $2"; echo "csr show --json $2" ;;
	key) echo "key show --json --pass-env FUZZPW $2" ;;
	csr) echo "csr show --json $2" ;;
	cert | chain | verify) echo "cert show --json $2" ;;
	crl) echo "crl show --json $2" ;;
	pkcs12 | p12_roundtrip) echo "p12 import --pass-env FUZZPW --key-out $TMP/r.key --cert-out $TMP/r.pem --force $2" ;;
	esac
}
n=0
for f in "$top_srcdir"/fuzz/regress/*/*; do
	[ -f "$f" ] || continue
	target=$(basename "$(dirname "$f")")
	regress "$target" "$f" >"$TMP/cmds"
	while read -r cmd; do
		# shellcheck disable=SC2086 # the command line is split on purpose
		FUZZPW=fuzz timeout 60 "$PKI_BIN" $cmd </dev/null >/dev/null 2>&1
		rc=$?
		[ "$rc" -lt 4 ] && ok "fuzz/regress/$target/$(basename "$f"): pki ${cmd%% --*} exits $rc" ||
			fail "fuzz/regress/$target/$(basename "$f"): pki ${cmd%% --*} exits $rc"
		n=$((n + 1))
	done <"$TMP/cmds"
done
[ "$n" -ge 5 ] && ok "$n fuzz regression runs" || fail "only $n fuzz regression runs"
done_testing
