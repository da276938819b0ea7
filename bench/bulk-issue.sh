#!/bin/sh
# Bulk issuance: N ECDSA P-256 server certificates from N requests, with `pki cert sign` in
# one process (one prepared issuer; --sync=batch, the default: one syncfs at the end; and the
# first 1,000 again with --sync=each), against a shell loop of `openssl x509 -req` over the same
# requests; and the peak resident memory of the batch for 1,000 and for N requests, to show
# that it does not grow with the number of certificates (they are streamed to files).
#
# Usage: bench/bulk-issue.sh [N]        (default 10000; run from the build folder, or set
#                                        BUILDDIR)
# Environment: OPENSSL_N   how many of the same requests the openssl loop signs (default N;
#                          one openssl process costs ~40-60 ms of CPU, so 10,000 take minutes)
#              KEEP=1      keep the work folder
# Needs GNU time (/usr/bin/time -v; Debian package "time") and openssl >= 3.0.
# Copyright (C) 2026 the libpki authors
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu

N=${1:-10000}
OPENSSL_N=${OPENSSL_N:-$N}
B=$(cd "${BUILDDIR:-.}" && pwd)
PKI=$B/tools/pki
GEN=$B/bench/pki-gen-csrs
TIME=/usr/bin/time

for f in "$PKI" "$GEN"; do
	[ -x "$f" ] || { echo "bulk-issue.sh: $f not found: run 'make bench' in the build folder" >&2; exit 2; }
done
[ -x "$TIME" ] || { echo "bulk-issue.sh: $TIME missing (apt-get install time)" >&2; exit 2; }
command -v openssl >/dev/null || { echo "bulk-issue.sh: openssl missing" >&2; exit 2; }
[ "$OPENSSL_N" -le "$N" ] || OPENSSL_N=$N
SMALL=1000
[ "$SMALL" -lt "$N" ] || SMALL=$N

# In a libtool build tools/pki is a shell wrapper; its shell holding 10,000 arguments would
# dominate the peak RSS measured (~11 MB). Run the real program with the library path instead.
if [ -x "$B/tools/.libs/pki" ] && [ -d "$B/libpki/.libs" ]; then
	PKI=$B/tools/.libs/pki
	LD_LIBRARY_PATH=$B/libpki/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
	export LD_LIBRARY_PATH
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pki-bulk.XXXXXX")
[ "${KEEP:-}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
case $PKI in /*) ;; *) PKI=$OLDPWD/$PKI ;; esac
case $GEN in /*) ;; *) GEN=$OLDPWD/$GEN ;; esac

# GNU time fields: wall clock as [h:]m:ss.cc, CPU seconds, peak RSS in KiB.
wall_s() { sed -n 's/.*Elapsed (wall clock) time.*: //p' "$1" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }'; }
cpu_s() { awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$1"; }
rss_kb() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }

echo "bulk-issue: $N requests; work folder $WORK"
"$PKI" ca new --subject "CN=Bulk Bench CA,O=libpki bench" --key-out ca-key.pem -o ca.pem
mkdir csr
t0=$(date +%s.%N)
"$GEN" csr "$N"
t1=$(date +%s.%N)
printf 'generated %s P-256 requests in %.1f s (bench/pki-gen-csrs)\n' "$N" "$(echo "$t1 - $t0" | bc)"

# One process, one CA load, every request (the shell expands the list; ~40 bytes each).
mkdir out-small out-pki
# shellcheck disable=SC2012 # the names are ours: host-NNNNNN.csr
ls csr | head -n "$SMALL" | sed 's|^|csr/|' > small.list
# shellcheck disable=SC2046
$TIME -v -o time-small.txt "$PKI" cert sign --ca ca.pem --ca-key ca-key.pem \
	--out-dir out-small $(cat small.list)
# shellcheck disable=SC2046
$TIME -v -o time-pki.txt "$PKI" cert sign --ca ca.pem --ca-key ca-key.pem \
	--out-dir out-pki csr/*.csr
# The same first SMALL requests with --sync=each (two fsyncs per certificate), for comparison.
mkdir out-each
# shellcheck disable=SC2046
$TIME -v -o time-each.txt "$PKI" cert sign --sync=each --ca ca.pem --ca-key ca-key.pem \
	--out-dir out-each $(cat small.list)
n_pki=$(find out-pki -name '*.pem' | wc -l)
[ "$n_pki" -eq "$N" ] || { echo "bulk-issue.sh: pki wrote $n_pki certificates, not $N" >&2; exit 1; }
openssl verify -CAfile ca.pem out-pki/host-000001.pem >/dev/null

# The same requests with openssl, one process per certificate, with the extensions of
# libpki's server profile so that both do the same work.
cat > ext.cnf <<'EOF'
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
mkdir out-openssl
# shellcheck disable=SC2012
ls csr | head -n "$OPENSSL_N" > openssl.list
# shellcheck disable=SC2016 # expanded by the inner shell
$TIME -v -o time-openssl.txt sh -c '
	while read -r f; do
		openssl x509 -req -in "csr/$f" -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
			-days 397 -copy_extensions copy -extfile ext.cnf \
			-out "out-openssl/${f%.csr}.pem" 2>/dev/null || exit 1
	done < openssl.list'
n_ossl=$(find out-openssl -name '*.pem' | wc -l)
[ "$n_ossl" -eq "$OPENSSL_N" ] || { echo "bulk-issue.sh: openssl wrote $n_ossl certificates" >&2; exit 1; }

pw=$(wall_s time-pki.txt) pc=$(cpu_s time-pki.txt)
ow=$(wall_s time-openssl.txt) oc=$(cpu_s time-openssl.txt)
echo
echo "Results ($(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)):"
printf '  pki cert sign, %6d requests, one process:  wall %8.2f s  CPU %8.2f s  (%.0f certs/s of CPU)\n' \
	"$N" "$pw" "$pc" "$(echo "$N / ($pc + 0.001)" | bc -l)"
printf '  openssl x509 -req loop, %6d requests:    wall %8.2f s  CPU %8.2f s  (%.0f certs/s of CPU)\n' \
	"$OPENSSL_N" "$ow" "$oc" "$(echo "$OPENSSL_N / ($oc + 0.001)" | bc -l)"
printf '  per certificate: pki %.3f ms CPU, openssl %.3f ms CPU; openssl/pki = %.1fx (CPU), %.1fx (wall)\n' \
	"$(echo "1000 * $pc / $N" | bc -l)" "$(echo "1000 * $oc / $OPENSSL_N" | bc -l)" \
	"$(echo "($oc / $OPENSSL_N) / ($pc / $N)" | bc -l)" \
	"$(echo "($ow / $OPENSSL_N) / ($pw / $N)" | bc -l)"
printf '  pki cert sign --sync=each, %6d requests:  wall %8.2f s  CPU %8.2f s  (default batch: %s s wall for %d)\n' \
	"$SMALL" "$(wall_s time-each.txt)" "$(cpu_s time-each.txt)" "$(wall_s time-small.txt)" "$SMALL"
printf '  peak RSS of pki cert sign: %d KiB for %d requests, %d KiB for %d requests\n' \
	"$(rss_kb time-small.txt)" "$SMALL" "$(rss_kb time-pki.txt)" "$N"
