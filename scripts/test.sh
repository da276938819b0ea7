#!/bin/sh
# The whole test suite, as CI runs it. Needs the packages of scripts/install-deps.sh.
#   1. -Werror build, make check (unit, interop, CLI, TLS, Python tests)
#   2. ASan + UBSan build, make check again (C tests in one process so leaks are seen)
#   3. valgrind memcheck over the C tests (make check-valgrind)
#   4. ThreadSanitizer build, the thread-safety test
#   5. libFuzzer smoke run of every fuzz target (make fuzz-smoke)
#   6. make install, then a program outside the tree built with pkg-config; man3 installed;
#      make check-abi
#   7. make distcheck (DISTCHECK_TESTS from the tarball), and the tarball against git ls-files
#   8. the Debian packages built from the tree (packaging/check-debs.sh): lintian clean,
#      installed, `import pki` and `pki` run (skipped without root or debhelper/lintian)
# Ends with "N passed, M failed", counted from every test result (and one per stage that has
# no per-test results). PKI_TEST_STAGES="1 2" runs only some stages.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
jobs=$(nproc 2>/dev/null || echo 2)
stages=${PKI_TEST_STAGES:-1 2 3 4 5 6 7 8}
# Debian's interpreter, which has python3-pytest and python3-cryptography.
PYTHON=${PYTHON:-/usr/bin/python3}
export PYTHON
passed=0
failed=0
status=0

count_results() { # DIR: add its .trs results to the totals
	r=$(find "$1" -name '*.trs' -exec grep -h '^:test-result:' {} + 2>/dev/null)
	p=$(printf '%s\n' "$r" | grep -cE ':test-result: (PASS|XFAIL|SKIP)')
	f=$(printf '%s\n' "$r" | grep -cE ':test-result: (FAIL|XPASS|ERROR)')
	passed=$((passed + p))
	failed=$((failed + f))
	echo "results in $1: $p passed, $f failed"
}
one() { # NAME STATUS: count a stage without per-test results
	if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "$1: ok"; else
		failed=$((failed + 1)); status=1; echo "$1: FAILED"; fi
}
want() { case " $stages " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
stage() { echo; echo "=== $* ($(date -u +%H:%M:%S)) ==="; }
# build DIR CONFIGURE-ARGS...: a fresh out-of-tree build
build() {
	d=$1; shift
	rm -rf "$d" && mkdir -p "$d" && (cd "$d" && "$top/configure" -q "$@" && make -j"$jobs" >make.log 2>&1) ||
		{ tail -40 "$d/make.log" 2>/dev/null; return 1; }
}

stage "bootstrap"
autoreconf -fi || exit 1

# check_stage N TITLE DIR LABEL "TARGET [VAR=VALUE]" CONFIGURE-ARGS...: stage N builds DIR
# and runs make TARGET there; "build (LABEL)" fails the stage when the build does
check_stage() {
	n=$1 title=$2 dir=$3 label=$4 target=$5; shift 5
	want "$n" || return 0
	stage "$n: $title"
	if build "$dir" "$@"; then
		(cd "$dir" && make -j"$jobs" $target VERBOSE=1) || status=1
	else
		one "build ($label)" 1
	fi
	count_results "$dir"
}
check_stage 1 "-Werror build and make check" _build/check "-Werror" check --enable-werror
check_stage 2 "AddressSanitizer + UndefinedBehaviorSanitizer build and make check" \
	_build/asan sanitizers check --enable-werror --enable-sanitizers
check_stage 3 "valgrind over the C tests" _build/valgrind valgrind check-valgrind \
	--enable-plain-tests --enable-python=no

check_stage 4 "ThreadSanitizer" _build/tsan tsan "check TESTS=tests/test_threads" \
	--enable-tsan --enable-python=no

if want 5; then
	stage "5: libFuzzer smoke run"
	rc=0
	build _build/fuzz CC=clang --enable-fuzzing --disable-tests --enable-python=no &&
		(cd _build/fuzz && make fuzz-smoke FUZZ_JOBS="$jobs") || rc=1
	one "fuzz-smoke" $rc
fi

if want 6; then
	stage "6: install, then build a program outside the tree with pkg-config"
	dest="$top/_build/stage"
	rm -rf "$dest"
	rc=0
	build _build/install --enable-python=no &&
		(cd _build/install && make install prefix=/usr/local DESTDIR="$dest" >/dev/null) &&
		PKG_CONFIG_PATH="$dest/usr/local/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$dest" \
			sh -c 'cc -std=c11 -Wall -Werror -o "$0/consumer" examples/keygen.c $(pkg-config --cflags --libs libpki)' "$dest" &&
		LD_LIBRARY_PATH="$dest/usr/local/lib" "$dest/consumer" "$dest/k.pem" pw || rc=1
	one "pkg-config consumer" $rc
	# the installed API reference, and the ABI against abi/libpki.so.0.abi (packaging)
	rc=0
	test -f "$dest/usr/local/share/man/man3/pki_cert_issue.3" || rc=1
	one "man 3 pki_cert_issue installed" $rc
	rc=0
	(cd _build/install && make check-abi) || rc=1
	one "check-abi" $rc
fi

if want 7; then
	stage "7: make distcheck"
	rc=0
	# from the tarball: the part of the suite named by DISTCHECK_TESTS (tests/local.mk); stage 1
	# has run all of it from the checkout
	build _build/dist && (cd _build/dist && make -j"$jobs" distcheck \
		DISTCHECK_CONFIGURE_FLAGS="--enable-werror PYTHON=$PYTHON" 'TESTS=$(DISTCHECK_TESTS)') || rc=1
	one "distcheck" $rc
	# the tarball holds every tracked file but the Debian packaging (built from the checkout,
	# stage 8), .gitignore and m4/.gitkeep
	if git rev-parse --git-dir >/dev/null 2>&1; then
		rc=0
		(cd _build/dist && tar -tzf libpki-*.tar.gz) | sed 's|^[^/]*/||' | sort >_build/dist/tarball.txt
		missing=$(git ls-files | grep -Ev '^(packaging/|\.gitignore$|m4/\.gitkeep$)' | sort |
			comm -23 - _build/dist/tarball.txt)
		[ -z "$missing" ] || { rc=1; echo "tracked but not in the tarball (EXTRA_DIST):"; echo "$missing"; }
		one "tarball complete" $rc
	fi
fi

if want 8; then
	stage "8: Debian packages: build, lintian, install, import, run"
	rc=0
	if [ "$(id -u)" != 0 ]; then
		echo "skipped: needs root (dpkg -i)"
	else
		PKI_JOBS=$jobs "$top/packaging/check-debs.sh" || rc=$?
		[ "$rc" -eq 77 ] && rc=0
		one "Debian packages" $rc
	fi
fi

echo
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit "$status"
