#!/bin/sh
# A CA directory that remembers (issue 14 item 2): pki ca init, cert sign --ca-dir, ca list,
# revoke, crl new --ca-dir and quick, with the inventory read back by sqlite3/Python and the
# certificates and CRL checked by openssl. Concurrent signs, and a locked, corrupt or
# newer-schema inventory (a clear error, nothing changed). The inventory is read with the
# sqlite3 shell (Debian's sqlite3), not with pki's code.
. "${top_srcdir}/tests/cli-lib.sh"
cd "$TMP" || exit 99
command -v "$PYTHON" >/dev/null 2>&1 && command -v sqlite3 >/dev/null 2>&1 ||
	{ echo "1..0 # SKIP $PYTHON and sqlite3 (Debian's sqlite3 shell reads the inventory)"; exit 0; }
# q SQL: one query on the inventory, rows as "a|b|c".
q() { sqlite3 -batch "${DB:-ca/inventory.db}" "$1" </dev/null; }
serial() { "$OPENSSL" x509 -in "$1" -noout -serial | sed 's/^serial=//' | tr A-F a-f; }

# --- ca init ---------------------------------------------------------------------------------
succeeds "ca init" pki ca init ca --subject "CN=Dir Test CA,O=Example"
[ -f ca/ca.pem ] && [ -f ca/ca-key.pem ] && [ -f ca/settings ] && [ -f ca/inventory.db ] &&
	ok "ca init: ca.pem, ca-key.pem, settings, inventory.db" || fail "ca init: $(ls ca)"
same "ca init: the folder is 0700" "$(mode ca)" 700
same "ca init: the key is 0600" "$(mode ca/ca-key.pem)" 600
same "ca init: the inventory is 0600" "$(mode ca/inventory.db)" 600
check "ca init: openssl reads a CA certificate" sh -c "'$OPENSSL' x509 -in ca/ca.pem -noout -ext basicConstraints | grep -q 'CA:TRUE'"
same "schema: user_version 3" "$(q 'PRAGMA user_version')" 3
same "schema: the migrations table records steps 1 to 3" "$(q 'SELECT version FROM migrations' | tr '\n' ' ')" "1 2 3 "
keysum=$(sum ca/ca-key.pem)
exits "ca init again: refused" 3 "ca already holds a CA \(ca-key.pem\); pki never replaces" pki ca init ca
same "ca init again: the key is untouched" "$(sum ca/ca-key.pem)" "$keysum"
exits "ca init: no --key-out" 2 "the key is DIR/ca-key.pem" pki ca init other --key-out k.pem
exits "ca init: a folder is needed" 2 "which folder" pki ca init

# --- cert sign --ca-dir --------------------------------------------------------------------
pki csr new --key-out a-key.pem --subject "CN=a.example.com" --dns a.example.com -o a.csr 2>/dev/null
pki csr new --key-out b-key.pem --dns b.example.com --ip 10.0.0.1 -o b.csr 2>/dev/null
succeeds "cert sign --ca-dir" pki cert sign --ca-dir ca --csr a.csr -o a.pem
succeeds "cert sign --ca-dir --profile server-client --days 10" pki cert sign --ca-dir ca --csr b.csr --profile server-client --days 10 -o b.pem
check "openssl verifies both with the directory's CA" ossl verify -CAfile ca/ca.pem a.pem b.pem
check "both lint clean" pki lint a.pem b.pem
SA=$(serial a.pem) SB=$(serial b.pem)
same "inventory: two rows" "$(q 'SELECT count(*) FROM certificates')" 2
same "inventory: serial, subject, SANs, profile of a.pem" "$(q "SELECT serial, subject, sans, profile FROM certificates WHERE serial = '$SA'")" \
	"$SA|CN=a.example.com|DNS:a.example.com|server"
same "inventory: b.pem's SANs and profile" "$(q "SELECT replace(sans, char(10), ' ; '), profile FROM certificates WHERE serial = '$SB'")" "DNS:b.example.com ; IP:10.0.0.1|server-client"
same "inventory: the SHA-256 fingerprint is openssl's" "$(q "SELECT fingerprint FROM certificates WHERE serial = '$SA'")" \
	"$("$OPENSSL" x509 -in a.pem -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | tr A-F a-f)"
nb=$("$OPENSSL" x509 -in b.pem -noout -startdate | sed 's/.*=//') na=$("$OPENSSL" x509 -in b.pem -noout -enddate | sed 's/.*=//')
same "inventory: notBefore/notAfter are openssl's" "$(q "SELECT not_before, not_after FROM certificates WHERE serial = '$SB'")" "$(date -u -d "$nb" +%s)|$(date -u -d "$na" +%s)"
ski=$("$OPENSSL" x509 -in a.pem -noout -ext subjectKeyIdentifier | tail -1 | tr -d ' :' | tr A-F a-f)
same "inventory: the request's key id (SHA-1, as openssl's SKI)" "$(q "SELECT request_key_id FROM certificates WHERE serial = '$SA'")" "$ski"
now=$(date +%s) at=$(q "SELECT issued_at FROM certificates WHERE serial = '$SA'")
[ $((now - at)) -ge 0 ] && [ $((now - at)) -lt 120 ] && ok "inventory: issued_at is now" || fail "issued_at $at, now $now"
exits "--ca-dir with --ca: refused" 2 "no --ca or --ca-key with it" pki cert sign --ca-dir ca --ca ca/ca.pem --csr a.csr -o x.pem
exits "--ca-dir without an inventory" 3 "no inventory \(inventory.db\) in this folder.*pki ca init" pki cert sign --ca-dir "$TMP" --csr a.csr -o x.pem
[ ! -e x.pem ] && ok "refused: nothing written" || fail "x.pem written"
pki csr new --key-out n-key.pem --subject "CN=not a host" -o nosan.csr 2>/dev/null
pki cert sign --ca-dir ca --csr nosan.csr -o nosan.pem >/dev/null 2>&1 </dev/null
same "a refused issuance (no SAN) is not recorded" "$(q 'SELECT count(*) FROM certificates')" 2

# --- ca list -------------------------------------------------------------------------------
pki ca list --ca-dir ca >list.txt 2>&1 </dev/null
same "ca list: exit 0" "$?" 0
grep -q "^$SA  *valid  *[0-9-]* server  *CN=a.example.com  DNS:a.example.com" list.txt && grep -q "^$SB .*server-client" list.txt &&
	ok "ca list: one line per certificate" || fail "list: $(cat list.txt)"
pki ca list --ca-dir ca --json >list.json 2>&1 </dev/null
check "ca list --json: valid JSON, both serials, SANs as a list" "$PYTHON" -c "
import json, sys
l = json.load(open('list.json'))
assert [e['serial'] for e in l] == ['$SA', '$SB'], l
assert l[1]['sans'] == ['DNS:b.example.com', 'IP:10.0.0.1'], l[1]
assert l[0]['status'] == 'valid' and 'revoked_at' not in l[0], l[0]"
same "ca list --expiring 30d: the 10-day one only" "$(pki ca list --ca-dir ca --expiring 30d --json | "$PYTHON" -c 'import json,sys; print(" ".join(e["serial"] for e in json.load(sys.stdin)))')" "$SB"
same "ca list --expiring 2w: the same" "$(pki ca list --ca-dir ca --expiring 2w --json | "$PYTHON" -c 'import json,sys; print(len(json.load(sys.stdin)))')" 1
same "ca list --expiring 5d: none" "$(pki ca list --ca-dir ca --expiring 5d --json)" "[]"
exits "ca list --expiring soon: refused" 2 "a duration such as 30d" pki ca list --ca-dir ca --expiring soon
PKI_CA_DIR="$TMP/ca" pki ca list >env.txt 2>&1 </dev/null
grep -q "$SA" env.txt && ok "ca list: \$PKI_CA_DIR is the default" || fail "env: $(cat env.txt)"

# --- revoke, crl new --ca-dir --------------------------------------------------------------
exits "revoke: an unknown serial" 3 "0abc is not in the inventory of ca" pki revoke --ca-dir ca abc
exits "revoke: not a serial" 2 "'xyz' is not a serial number" pki revoke --ca-dir ca xyz
exits "revoke: a bad reason" 2 "--reason sloppy" pki revoke --ca-dir ca --reason sloppy "$SA"
succeeds "revoke --cert a.pem --reason keyCompromise" pki revoke --ca-dir ca --cert a.pem --reason keyCompromise
grep -q "Revoked $SA (CN=a.example.com), reason keyCompromise" "$TMP/.out" && ok "revoke: says what" || fail "revoke: $(out)"
SBC=$(echo "$SB" | tr a-f A-F | sed 's/../&:/g; s/:$//')
succeeds "revoke SERIAL (upper case, with colons)" pki revoke --ca-dir ca "$SBC"
succeeds "revoke again: nothing to do" pki revoke --ca-dir ca "$SB"
grep -q "already revoked" "$TMP/.out" && ok "revoke again: says already revoked" || fail "again: $(out)"
same "inventory: both revoked, reasons 1 and 0" "$(q 'SELECT revocation_reason FROM certificates ORDER BY revocation_reason DESC' | tr '\n' ' ')" "1 0 "
same "ca list --revoked: both" "$(pki ca list --ca-dir ca --revoked --json | "$PYTHON" -c 'import json,sys; print(sorted(e["revocation_reason"] for e in json.load(sys.stdin)))')" "['keyCompromise', 'unspecified']"
succeeds "crl new --ca-dir" pki crl new --ca-dir ca -o crl.pem
"$OPENSSL" crl -in crl.pem -noout -text >crl.txt 2>&1
grep -qi "Serial Number: $SA" crl.txt && grep -qi "Serial Number: $SB" crl.txt && grep -q "Key Compromise" crl.txt &&
	ok "openssl crl -text: both serials, the reason" || fail "crl: $(cat crl.txt)"
check "openssl verify -crl_check: a.pem is revoked" sh -c "'$OPENSSL' verify -crl_check -CAfile ca/ca.pem -CRLfile crl.pem a.pem 2>&1 | grep -q 'certificate revoked'"
check "the CRL lints clean" pki lint crl.pem
crlno() { "$OPENSSL" crl -in "$1" -noout -crlnumber | sed 's/^crlNumber=0x//' | tr A-F a-f; }
t0=$(date +%s)
succeeds "crl new --ca-dir again, at once" pki crl new --ca-dir ca -o crl2.pem
t1=$(date +%s)
n1=$(crlno crl.pem) n2=$(crlno crl2.pem)
# The next number is max(last + 1, thisUpdate): the first + 1 when both come in one second,
# else the second's thisUpdate (a loaded machine may take seconds between the two).
{ [ $((0x$n2)) -eq $((0x$n1 + 1)) ] || { [ $((0x$n2)) -gt $((0x$n1 + 1)) ] && [ $((0x$n2)) -ge "$t0" ] && [ $((0x$n2)) -le "$t1" ]; }; } &&
	[ $((0x$n1)) -ge $((t0 - 120)) ] &&
	ok "CRL numbers (openssl): the second is max(first + 1, its thisUpdate), the first at least thisUpdate" || fail "CRL numbers $n1 $n2 (t $t0..$t1)"
same "inventory: both CRL numbers recorded" "$(q 'SELECT printf("%x", number) FROM crls' | tr '\n' ' ')" "$n1 $n2 "
exits "crl new --ca-dir with --ca-key: refused" 2 "no --ca or --ca-key" pki crl new --ca-dir ca --ca-key ca/ca-key.pem -o c2.pem

# --- concurrency: N parallel signs, N distinct rows -----------------------------------------
N=8
i=0
while [ $i -lt $N ]; do pki csr new --key-out "p$i-key.pem" --dns "p$i.example.com" -o "p$i.csr" 2>/dev/null; i=$((i + 1)); done
before=$(q 'SELECT count(*) FROM certificates')
i=0
while [ $i -lt $N ]; do
	(pki cert sign --ca-dir ca --csr "p$i.csr" -o "p$i.pem" >"p$i.out" 2>&1 </dev/null; echo $? >"p$i.rc") &
	i=$((i + 1))
done
wait
same "$N parallel signs: all exit 0" "$(cat p*.rc | sort -u)" 0
same "$N parallel signs: $N new rows" "$(q 'SELECT count(*) FROM certificates')" $((before + N))
i=0
while [ $i -lt $N ]; do serial "p$i.pem"; i=$((i + 1)); done | sort -u >files.serials
q "SELECT serial FROM certificates WHERE sans LIKE 'DNS:p_.example.com' ORDER BY serial" >rows.serials
[ "$(wc -l <files.serials)" -eq $N ] && cmp -s files.serials rows.serials && ok "$N parallel signs: $N distinct serials, the files' are the rows'" ||
	{ fail "serials differ"; diff files.serials rows.serials | sed 's/^/# /'; }

# --- locked, corrupt, newer schema: a clear error and nothing changed -----------------------
cp -a ca lk
sed -i 's/^lock-timeout-ms = .*/lock-timeout-ms = 200/' lk/settings
"$PYTHON" -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None); c.execute("BEGIN EXCLUSIVE")
open(sys.argv[2], "w").close(); time.sleep(60)' lk/inventory.db locked.flag &
HOLDER=$!
trap 'kill "$HOLDER" 2>/dev/null; rm -rf "$TMP"' EXIT # the lock holder is stopped by its PID
i=0; while [ ! -e locked.flag ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
exits "locked inventory: refused" 3 "inventory lk/inventory.db: .*locked by another process \(waited 200 ms\); nothing was changed" \
	pki cert sign --ca-dir lk --csr a.csr -o locked.pem
[ ! -e locked.pem ] && ok "locked: no certificate written" || fail "locked.pem written"
exits "locked inventory: revoke refused too" 3 "locked by another process" pki revoke --ca-dir lk "$SA"
kill "$HOLDER" 2>/dev/null; wait "$HOLDER" 2>/dev/null
DB=lk/inventory.db same "locked: the inventory is as it was" "$(DB=lk/inventory.db q 'SELECT count(*) FROM certificates')" "$(q 'SELECT count(*) FROM certificates')"
succeeds "unlocked: signing works again" pki cert sign --ca-dir lk --csr a.csr -o locked.pem

cp -a ca bad
head -c 4096 /dev/urandom >bad/inventory.db
badsum=$(sum bad/inventory.db)
exits "corrupt inventory: refused" 3 "bad/inventory.db: .*corrupt or not an SQLite database.*nothing was changed" pki cert sign --ca-dir bad --csr a.csr -o bad.pem
[ ! -e bad.pem ] && same "corrupt: the file is untouched, nothing written" "$(sum bad/inventory.db)" "$badsum" || fail "bad.pem written"
exits "corrupt inventory: ca list refused" 3 "corrupt or not an SQLite database" pki ca list --ca-dir bad
exits "corrupt inventory: quick refused" 3 "corrupt or not an SQLite database" pki quick --ca-dir bad --cert-file q.pem --key-file q-key.pem q.example.com
[ ! -e q.pem ] && [ ! -e q-key.pem ] && ok "corrupt: quick wrote nothing" || fail "quick wrote"

cp -a ca newer
DB=newer/inventory.db q "PRAGMA user_version = 7"
newsum=$(sum newer/inventory.db)
exits "newer schema: refused" 3 "schema version 7, written by a newer pki \(this one knows version 3\); nothing was changed" pki cert sign --ca-dir newer --csr a.csr -o new.pem
[ ! -e new.pem ] && same "newer schema: untouched" "$(sum newer/inventory.db)" "$newsum" || fail "new.pem written"

cp -a ca old
: >old/inventory.db
succeeds "an empty (version 0) inventory is migrated" pki cert sign --ca-dir old --csr a.csr -o old.pem
same "migrated: version 3, three migrations, one row" "$(DB=old/inventory.db q 'SELECT (SELECT count(*) FROM migrations), (SELECT count(*) FROM certificates)') $(DB=old/inventory.db q 'PRAGMA user_version')" "3|1 3"
# A version-1 inventory (as the first pki with CA directories wrote it, before the crls table):
# migrated to 2 on first use, its rows kept.
cp -a ca v1
DB=v1/inventory.db q "DROP TABLE crls; DELETE FROM migrations WHERE version >= 2; PRAGMA user_version = 1"
rows=$(DB=v1/inventory.db q 'SELECT count(*) FROM certificates')
succeeds "a version-1 inventory: crl new --ca-dir works" pki crl new --ca-dir v1 -o v1.pem
same "version 1 migrated to 3: the steps recorded, the rows kept, the CRL number recorded" \
	"$(DB=v1/inventory.db q 'PRAGMA user_version') $(DB=v1/inventory.db q 'SELECT group_concat(version) FROM migrations') $(DB=v1/inventory.db q 'SELECT count(*) FROM certificates') $(DB=v1/inventory.db q 'SELECT count(*) FROM crls')" \
	"3 1,2,3 $rows 1"

# SANs with a comma inside a name: one a line in the inventory, so ca list --json gives each
# name whole (compared with what Python's cryptography reads from the certificate). An old
# (version 2) row, comma-joined, is split by the migration only before a typed name.
U='https://u.example.com/a?x=1,DNS:y'
succeeds "ca init (SANs)" pki ca init uca --subject "CN=SAN CA"
pki csr new --key-out u-key.pem --dns u.example.com --uri "$U" --dns v.example.com -o u.csr 2>/dev/null
succeeds "cert sign --ca-dir: a URI with commas" pki cert sign --ca-dir uca --csr u.csr -o u.pem
cp -a uca u2
DB=u2/inventory.db q "UPDATE certificates SET sans = 'DNS:u.example.com,URI:https://u.example.com/a?x=1,y=2\\z,email:a@example.com'; DELETE FROM migrations WHERE version = 3; PRAGMA user_version = 2"
pki ca list --json --ca-dir uca >u.json 2>&1 </dev/null && pki ca list --json --ca-dir u2 >u2.json 2>&1 </dev/null
check "ca list --json: a comma inside a URI stays in it (new and migrated rows)" "$PYTHON" -c '
import json, sys
from cryptography import x509
c = x509.load_pem_x509_certificate(open("u.pem", "rb").read())
san = c.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
want = [("DNS:" + n.value) if isinstance(n, x509.DNSName) else ("URI:" + n.value) for n in san]
got = json.load(open("u.json"))[0]["sans"]
assert got == want and "URI:'"$U"'" in got, (got, want)
old = json.load(open("u2.json"))[0]["sans"]
assert old == ["DNS:u.example.com", "URI:https://u.example.com/a?x=1,y=2\\z", "email:a@example.com"], old
'
pki ca list --ca-dir uca >u.txt 2>&1 </dev/null
grep -q "DNS:u.example.com, URI:$U, DNS:v.example.com" u.txt && ok "ca list: the names, comma and space between" || fail "ca list: $(cat u.txt)"
echo "colour = blue" >>old/settings
exits "an unknown setting: refused" 3 "old/settings:[0-9]+: unknown setting 'colour'" pki ca list --ca-dir old
sed -i 's/^colour = blue$/inventory = postgresql/' old/settings
exits "an unknown inventory backend: refused" 3 "old/settings:[0-9]+: inventory 'postgresql': this pki knows only 'sqlite'" pki ca list --ca-dir old

# --- pki quick uses a CA directory ----------------------------------------------------------
pki quick --ca-dir qca --cert-file q.pem --key-file q-key.pem q.example.com >/dev/null 2>&1 </dev/null
same "quick: exit 0" "$?" 0
[ -f qca/inventory.db ] && [ -f qca/settings ] && ok "quick: its CA folder is a CA directory" || fail "quick: $(ls qca)"
same "quick: the certificate is recorded" "$(DB=qca/inventory.db q 'SELECT serial, sans, profile FROM certificates')" "$(serial q.pem)|DNS:q.example.com|server"
check "quick: lints clean" pki lint q.pem
rm qca/inventory.db qca/settings
pki quick --ca-dir qca --client --cert-file c.pem --key-file c-key.pem me@example.com >/dev/null 2>&1 </dev/null
same "quick: a CA folder from before the inventory gets one" "$(DB=qca/inventory.db q 'SELECT profile FROM certificates')" client
same "quick: the CA key stays 0600" "$(mode qca/ca-key.pem)" 600
done_testing
