#!/bin/sh
# The whole test suite: a warnings-as-errors build with `make check` (unit, interop, CLI and
# Python tests), then `make distcheck`. Ends with a line "N passed, M failed" counted from every
# test result. Needs the packages of scripts/install-deps.sh.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
jobs=$(nproc 2>/dev/null || echo 2)
status=0

count_results() { # DIR: add its .trs results to the totals
	p=$(find "$1" -name '*.trs' -exec grep -h '^:test-result:' {} + 2>/dev/null |
		grep -cE ':test-result: (PASS|XFAIL|SKIP)')
	f=$(find "$1" -name '*.trs' -exec grep -h '^:test-result:' {} + 2>/dev/null |
		grep -cE ':test-result: (FAIL|XPASS|ERROR)')
	passed=$((passed + p))
	failed=$((failed + f))
}
passed=0
failed=0

stage() { echo; echo "=== $* ==="; }

stage "bootstrap"
autoreconf -fi || exit 1

stage "build and make check (-Werror)"
rm -rf _build/check && mkdir -p _build/check && cd _build/check || exit 1
if ../../configure --enable-werror && make -j"$jobs" && make -j"$jobs" check VERBOSE=1; then :; else
	status=1
fi
count_results .
cd "$top" || exit 1

stage "install, then build a program outside the tree with pkg-config"
dest="$top/_build/stage"
rm -rf "$dest"
if (cd _build/check && make install prefix=/usr/local DESTDIR="$dest" >/dev/null) &&
	PKG_CONFIG_PATH="$dest/usr/local/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$dest" \
		sh -c 'cc -std=c11 -Wall -Werror -o "$0/consumer" examples/keygen.c $(pkg-config --cflags --libs libpki)' "$dest" &&
	rm -f "$dest/k.pem" && LD_LIBRARY_PATH="$dest/usr/local/lib" "$dest/consumer" "$dest/k.pem" pw; then
	passed=$((passed + 1)); echo "pkg-config consumer: ok"
else
	failed=$((failed + 1)); status=1; echo "pkg-config consumer: FAILED"
fi

stage "make distcheck"
rm -rf _build/dist && mkdir -p _build/dist && cd _build/dist || exit 1
if ../../configure && make -j"$jobs" distcheck DISTCHECK_CONFIGURE_FLAGS=--enable-werror; then
	passed=$((passed + 1)); echo "distcheck: ok"
else
	failed=$((failed + 1)); status=1; echo "distcheck: FAILED"
fi
cd "$top" || exit 1

echo
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit "$status"
