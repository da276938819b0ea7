# Shared helpers for the shell tests: TAP output, a scratch folder, and bounded commands.
# Each script sources this, calls plan N (or done_testing at the end), then ok/fail.
set -u
: "${top_builddir:=$(pwd)}"
: "${top_srcdir:=$top_builddir}"
# Python: /usr/bin/python3 unless make check (configure PYTHON=) or the caller names one; never
# the python3 first on PATH (a pyenv shim may be, without pytest or cryptography). configure
# leaves ":" when it found none.
: "${PYTHON:=/usr/bin/python3}"
[ "$PYTHON" != : ] || PYTHON=/usr/bin/python3
export PYTHON
: "${OPENSSL:=openssl}"
: "${CERTTOOL:=certtool}"
PKI_EXAMPLES="$top_builddir/examples"
_tap_n=0
_tap_failed=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/pki-test.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT

ok() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $*"; }
fail() { _tap_n=$((_tap_n + 1)); _tap_failed=$((_tap_failed + 1)); echo "not ok $_tap_n - $*"; }
# check DESCRIPTION COMMAND...: ok when the command succeeds; its output is shown on failure.
check() {
	_d=$1; shift
	if _out=$("$@" 2>&1); then ok "$_d"; else fail "$_d"; printf '%s\n' "$_out" | sed 's/^/# /'; fi
}
# check_fails DESCRIPTION COMMAND...: ok when the command fails.
check_fails() {
	_d=$1; shift
	if _out=$("$@" 2>&1); then fail "$_d (unexpectedly succeeded)"; printf '%s\n' "$_out" | sed 's/^/# /'; else ok "$_d"; fi
}
# same DESCRIPTION A B: ok when the two strings are equal.
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1"; echo "# got:      '$2'"; echo "# expected: '$3'"; fi
}
done_testing() { echo "1..$_tap_n"; [ "$_tap_failed" -eq 0 ]; }
# certtool prompts forever when stdin is at EOF and no template is given: always bound it.
certtool_q() { timeout 60 "$CERTTOOL" "$@" </dev/null; }
