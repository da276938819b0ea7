#!/bin/sh
# Every PKI_API declaration of the headers listed below is fully documented, as
# doc/apidoc.py --check (also `make check-doc`) counts it: a doc comment of its own, an
# @param for each parameter, @return unless it returns void, and @since. The man3 pages and
# the HTML reference are generated from the same comments, so a gap here is a gap there.
. "${top_srcdir}/tests/lib.sh"
command -v "$PYTHON" >/dev/null 2>&1 || { echo "1..0 # SKIP $PYTHON is missing"; exit 0; }
for h in common.h key.h x509.h pkcs12.h lint.h crl.h verify.h token.h ocsp.h; do
	check "$h: every declaration has @param for each parameter, @return, @since" \
		"$PYTHON" "$top_srcdir/doc/apidoc.py" --check "$top_srcdir/include/pki/$h"
done
done_testing
