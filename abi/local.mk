# ABI check: abi/libpki.so.0.abi is the ABI of libpki.so.0 (LIBPKI_0.1) as abidw (Debian
# abigail-tools) describes it, restricted to the types of the public headers.
#   make check-abi     fails when the built library is incompatible with the baseline: a
#                      function, variable or symbol removed (abidiff bit 8) or changed (a
#                      parameter or return type: abidiff's summary counts them as
#                      "Changed"); additions are accepted. (abidiff filters harmless
#                      changes, such as a new enumerator, by default.)
#   make abi-baseline  rewrites the baseline from the built library; run it (and commit the
#                      file) when a release fixes the ABI, or after deliberate changes before
#                      0.1 ships. Needs a build with debug information (the default -g).
EXTRA_DIST += %reldir%/libpki.so.0.abi
pki_abi_baseline = $(srcdir)/%reldir%/libpki.so.0.abi
pki_abi_lib = libpki/.libs/libpki.so.0
pki_abidw = abidw --headers-dir $(top_srcdir)/include --drop-private-types \
	--no-corpus-path --no-comp-dir-path --no-show-locs

check-abi: libpki/libpki.la
	@if ! command -v abidiff >/dev/null 2>&1; then \
		echo "check-abi: abidiff not found (Debian package abigail-tools)" >&2; exit 1; fi
	@$(pki_abidw) --out-file libpki-current.abi $(pki_abi_lib) || exit 1; \
	abidiff $(pki_abi_baseline) libpki-current.abi > libpki-abi.diff; \
	rc=$$?; cat libpki-abi.diff; \
	if test $$((rc & 3)) -ne 0; then echo "check-abi: abidiff failed ($$rc)" >&2; exit 1; fi; \
	if test $$((rc & 8)) -ne 0 || grep -Eq '[1-9][0-9]* (Removed|Changed)' libpki-abi.diff; then \
		echo "check-abi: INCOMPATIBLE change against $(pki_abi_baseline) (above)" >&2; exit 1; fi; \
	if test $$((rc & 4)) -ne 0; then echo "check-abi: compatible changes only (additions)"; \
	else echo "check-abi: same ABI as the baseline"; fi

abi-baseline: libpki/libpki.la
	$(pki_abidw) --out-file $(pki_abi_baseline) $(pki_abi_lib)
	@echo "wrote $(pki_abi_baseline): commit it"

CLEANFILES += libpki-current.abi libpki-abi.diff
.PHONY: check-abi abi-baseline
