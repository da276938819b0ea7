#!/bin/sh
# The library exports exactly the symbols of its version script, all named pki_*.
. "${top_srcdir}/tests/lib.sh"
lib="$top_builddir/libpki/.libs/libpki.so"
map="$top_srcdir/libpki/libpki.map"
nm -D --defined-only "$lib" | awk '$2 == "T" || $2 == "D" || $2 == "B" || $2 == "R" {print $3}' \
	| sed 's/@.*//' | sort -u >"$TMP/exported"
sed -n 's/^[[:space:]]*\(pki_[a-z0-9_]*\);.*/\1/p' "$map" | sort -u >"$TMP/mapped"
if diff -u "$TMP/mapped" "$TMP/exported" >"$TMP/diff"; then
	ok "exported symbols equal libpki.map ($(wc -l <"$TMP/mapped") symbols)"
else
	fail "exported symbols differ from libpki.map"; sed 's/^/# /' "$TMP/diff"
fi
others=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -v '^pki_' | grep -v '^LIBPKI_' || true)
same "no exported symbol outside pki_*" "$others" ""
grep -ho 'PKI_API [^;]*' "$top_srcdir"/include/pki/*.h | grep -o 'pki_[a-z0-9_]*(' | tr -d '(' | sort -u >"$TMP/declared"
if diff -u "$TMP/declared" "$TMP/exported" >"$TMP/diff2"; then
	ok "every PKI_API declaration is exported"
else
	fail "headers and exports differ"; sed 's/^/# /' "$TMP/diff2"
fi
done_testing
