# Helpers for the pki(1) tests (cli-*.sh, tls-handshake.sh), on top of tests/lib.sh.
. "${top_srcdir}/tests/lib.sh"
PKI_BIN=${PKI_BIN:-$top_builddir/tools/pki}
: "${LIBTOOL:=$top_builddir/libtool}"

# pki ARGS...: run the tool; with PKI_VALGRIND=1 under valgrind (leaks and errors exit 99).
pki() {
	if [ "${PKI_VALGRIND:-0}" = 1 ]; then
		"$LIBTOOL" --mode=execute valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
			--errors-for-leak-kinds=definite,indirect --error-exitcode=99 "$PKI_BIN" "$@"
	else
		"$PKI_BIN" "$@"
	fi
}

# exits DESC CODE PATTERN COMMAND...: the command (stdin closed) exits with CODE and prints
# exactly one line on stderr, "pki: ..." matching the extended regex PATTERN.
exits() {
	_d=$1 _code=$2 _pat=$3
	shift 3
	"$@" >"$TMP/.out" 2>"$TMP/.err" </dev/null
	_rc=$?
	if [ "$_rc" -eq "$_code" ] && [ "$(wc -l <"$TMP/.err")" -eq 1 ] &&
		grep -q '^pki: ' "$TMP/.err" && grep -Eq -- "$_pat" "$TMP/.err"; then
		ok "$_d"
	else
		fail "$_d (exit $_rc, expected $_code and /$_pat/)"
		sed 's/^/# stderr: /' "$TMP/.err"
	fi
}

# succeeds DESC COMMAND...: exit 0 and nothing on stderr.
succeeds() {
	_d=$1
	shift
	"$@" >"$TMP/.out" 2>"$TMP/.err" </dev/null
	_rc=$?
	if [ "$_rc" -eq 0 ] && [ ! -s "$TMP/.err" ]; then
		ok "$_d"
	else
		fail "$_d (exit $_rc)"
		sed 's/^/# stderr: /' "$TMP/.err"
	fi
}

# The last command's standard output / standard error.
out() { cat "$TMP/.out"; }
err() { cat "$TMP/.err"; }

# Octal permission bits of a file.
mode() { stat -c %a "$1"; }
sum() { sha256sum <"$1" | cut -d' ' -f1; }

# An openssl verification, bounded.
ossl() { timeout 60 "$OPENSSL" "$@" </dev/null; }

# Every PEM certificate (.pem, .crt) below $TMP lints clean with pki lint (RFC 5280 profile):
# one TAP line for the count, one per certificate.
lints_clean_all() {
	certs=$(find "$TMP" -type f \( -name '*.pem' -o -name '*.crt' \) -exec grep -l -e '-----BEGIN CERTIFICATE-----' {} + | sort)
	[ -n "$certs" ] && ok "certificates to lint: $(echo "$certs" | wc -l)" || fail "no certificate found to lint"
	for f in $certs; do
		succeeds "lints clean: ${f#"$TMP"/}" pki lint "$f"
	done
}
