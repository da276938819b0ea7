#!/bin/sh
# Each public header compiles on its own, warning-free, as strict C99, as C11 and as C++11
# (no casts needed, no C-only keywords), so that any C or C++ program can include it.
. "${top_srcdir}/tests/lib.sh"
: "${HEADER_CC:=cc}"
: "${HEADER_CXX:=c++}"
inc="$top_srcdir/include"
try() { # try DESCRIPTION COMPILER FLAGS... : compile $TMP/t.$ext, ok when clean
	_d=$1; shift
	if _out=$("$@" -I"$inc" -Wall -Wextra -Werror -c "$TMP/t.$ext" -o "$TMP/t.o" 2>&1); then
		ok "$_d"
	else
		fail "$_d"; printf '%s\n' "$_out" | sed 's/^/# /'
	fi
}
for h in "$inc"/pki.h "$inc"/pki/*.h; do
	name=${h#"$inc"/}
	printf '#include <%s>\n#include <%s>\nint pki_header_test(void);\nint pki_header_test(void) { return PKI_E_PARSE < 0 ? (int)PKI_VERSION_NUMBER : 0; }\n' \
		"$name" "$name" >"$TMP/t.c"
	ext=c
	try "$name: C99 -pedantic" "$HEADER_CC" -std=c99 -pedantic
	try "$name: C11 -pedantic" "$HEADER_CC" -std=c11 -pedantic
	if command -v "$HEADER_CXX" >/dev/null 2>&1; then
		cp "$TMP/t.c" "$TMP/t.cc"
		ext=cc
		try "$name: C++11 -pedantic" "$HEADER_CXX" -x c++ -std=c++11 -pedantic
	else
		ok "$name: C++11 # SKIP no C++ compiler ($HEADER_CXX)"
	fi
done
done_testing
