#!/bin/sh
# pki cert sign of several requests in one run (issue 18 items 1-2): one prepared issuer,
# --sync=batch (default: no fsync per file, one syncfs at the end) or --sync=each (every file
# and folder fsynced), each certificate still atomic with mode 0644; checked by openssl.
. "${top_srcdir}/tests/cli-lib.sh"
cd "$TMP" || exit 99
umask 022

succeeds "CA" pki ca new --subject "CN=Bulk Test CA" --key-out ca-key.pem -o ca.pem
for i in 1 2 3 4; do
	pki key new -o "k$i.pem" >/dev/null 2>&1 && pki csr new --key "k$i.pem" --subject "CN=h$i.example.com" -o "r$i.csr" >/dev/null 2>&1 ||
		fail "request $i"
done

mkdir batch each
succeeds "4 requests, default sync" pki cert sign --ca ca.pem --ca-key ca-key.pem --out-dir batch r1.csr r2.csr r3.csr r4.csr
succeeds "4 requests, --sync=each" pki cert sign --sync=each --ca ca.pem --ca-key ca-key.pem --out-dir each r1.csr r2.csr r3.csr r4.csr
for d in batch each; do
	for i in 1 2 3 4; do
		check "$d: openssl verifies r$i.pem" ossl verify -CAfile ca.pem "$d/r$i.pem"
		same "$d: r$i.pem is 0644" "$(mode "$d/r$i.pem")" 644
	done
	same "$d: no temporary file left" "$(find "$d" -name '.*' -type f | wc -l)" 0
	subj=$(ossl x509 -in "$d/r3.pem" -noout -subject)
	same "$d: r3.pem is the certificate of r3.csr" "$subj" "subject=CN = h3.example.com"
done
succeeds "--sync batch with -o FILE" pki cert sign --sync batch --ca ca.pem --ca-key ca-key.pem --csr r1.csr -o one.pem
check "openssl verifies one.pem" ossl verify -CAfile ca.pem one.pem
exits "--sync with an unknown mode" 2 "--sync sometimes: expected batch or each" pki cert sign --sync sometimes --ca ca.pem --ca-key ca-key.pem --out-dir batch r1.csr

# An existing certificate is not replaced without -f, in batch mode too; the others are written.
sum1=$(sum batch/r1.pem)
mkdir mixed && cp batch/r1.pem mixed/r1.pem
check_fails "an existing file fails the run" pki cert sign --ca ca.pem --ca-key ca-key.pem --out-dir mixed r1.csr r2.csr
same "the existing r1.pem is intact" "$(sum mixed/r1.pem)" "$sum1"
check "r2.pem is written all the same" ossl verify -CAfile ca.pem mixed/r2.pem
# A request that cannot be read fails the run; the others are issued.
echo "not a request" >bad.csr
mkdir partial
check_fails "a bad request fails the run" pki cert sign --ca ca.pem --ca-key ca-key.pem --out-dir partial r1.csr bad.csr r3.csr
check "r1.pem written" ossl verify -CAfile ca.pem partial/r1.pem
check "r3.pem written" ossl verify -CAfile ca.pem partial/r3.pem
same "nothing for bad.csr" "$(ls partial)" "r1.pem
r3.pem"

# The CA is checked once, before any request: a non-CA issuer writes nothing.
mkdir none
exits "a non-CA issuer is refused" 3 "signing r2.csr: issuer is not a certificate authority" pki cert sign --ca batch/r1.pem --ca-key k1.pem --out-dir none r2.csr r3.csr
same "nothing written by a refused issuer" "$(ls none | wc -l)" 0

# What each mode asks of the disk (strace, when installed): batch = one syncfs at the end,
# each = an fsync of every file and of its folder.
if command -v strace >/dev/null 2>&1 && [ "${PKI_VALGRIND:-}" != 1 ]; then
	bin=$top_builddir/tools/pki
	[ -x "$top_builddir/tools/.libs/pki" ] && bin=$top_builddir/tools/.libs/pki
	mkdir st1 st2
	LD_LIBRARY_PATH=$top_builddir/libpki/.libs strace -f -qq -e trace=fsync,fdatasync,syncfs -o st1.log \
		"$bin" cert sign --ca ca.pem --ca-key ca-key.pem --out-dir st1 r1.csr r2.csr r3.csr r4.csr >/dev/null 2>&1
	LD_LIBRARY_PATH=$top_builddir/libpki/.libs strace -f -qq -e trace=fsync,fdatasync,syncfs -o st2.log \
		"$bin" cert sign --sync=each --ca ca.pem --ca-key ca-key.pem --out-dir st2 r1.csr r2.csr r3.csr r4.csr >/dev/null 2>&1
	same "batch: one syncfs" "$(grep -c '^[0-9]* *syncfs' st1.log)" 1
	same "batch: one fsync (the folder)" "$(grep -c '^[0-9]* *fsync' st1.log)" 1
	same "each: no syncfs" "$(grep -c '^[0-9]* *syncfs' st2.log)" 0
	same "each: 8 fsyncs (4 files, 4 times the folder)" "$(grep -c '^[0-9]* *fsync' st2.log)" 8
else
	ok "# SKIP strace not installed (or under valgrind)"
fi
done_testing
