# libFuzzer targets (configure CC=clang --enable-fuzzing). They compile the library's sources
# into each target, instrumented for coverage with ASan and UBSan, so the shared library itself
# stays an ordinary build.
FUZZ_TARGETS = fuzz/fuzz_key fuzz/fuzz_csr fuzz/fuzz_cert fuzz/fuzz_chain fuzz/fuzz_names \
	fuzz/fuzz_roundtrip fuzz/fuzz_crl fuzz/fuzz_pkcs12 fuzz/fuzz_verify fuzz/fuzz_issue \
	fuzz/fuzz_crl_create fuzz/fuzz_dump fuzz/fuzz_p12_roundtrip
EXTRA_DIST += fuzz/regress fuzz/README.md fuzz/fuzz.h fuzz/make-corpus.sh fuzz/smoke-one.sh fuzz/pem.dict fuzz/names.dict \
	$(FUZZ_TARGETS:=.c)

if ENABLE_FUZZING
noinst_PROGRAMS += $(FUZZ_TARGETS)
fuzz_cppflags = $(AM_CPPFLAGS) -DPKI_BUILDING_LIBRARY
fuzz_cflags = $(AM_CFLAGS) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	$(GNUTLS_CFLAGS) $(TASN1_CFLAGS)
fuzz_ldflags = -fsanitize=fuzzer,address,undefined
fuzz_libs = fuzz/libpki-fuzz.la $(GNUTLS_LIBS) $(TASN1_LIBS)

# The library's sources are compiled once, instrumented, into a convenience library that every
# target links (compiling them into each of the 13 targets took most of the fuzz stage's build).
noinst_LTLIBRARIES += fuzz/libpki-fuzz.la
fuzz_libpki_fuzz_la_SOURCES = $(libpki_libpki_la_SOURCES)
fuzz_libpki_fuzz_la_CPPFLAGS = $(fuzz_cppflags)
fuzz_libpki_fuzz_la_CFLAGS = $(fuzz_cflags)

fuzz_fuzz_key_SOURCES = fuzz/fuzz_key.c fuzz/fuzz.h
fuzz_fuzz_key_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_key_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_key_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_key_LDADD = $(fuzz_libs)
fuzz_fuzz_csr_SOURCES = fuzz/fuzz_csr.c fuzz/fuzz.h
fuzz_fuzz_csr_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_csr_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_csr_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_csr_LDADD = $(fuzz_libs)
fuzz_fuzz_cert_SOURCES = fuzz/fuzz_cert.c fuzz/fuzz.h
fuzz_fuzz_cert_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_cert_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_cert_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_cert_LDADD = $(fuzz_libs)
fuzz_fuzz_chain_SOURCES = fuzz/fuzz_chain.c fuzz/fuzz.h
fuzz_fuzz_chain_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_chain_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_chain_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_chain_LDADD = $(fuzz_libs)
fuzz_fuzz_names_SOURCES = fuzz/fuzz_names.c fuzz/fuzz.h
fuzz_fuzz_names_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_names_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_names_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_names_LDADD = $(fuzz_libs)
fuzz_fuzz_roundtrip_SOURCES = fuzz/fuzz_roundtrip.c fuzz/fuzz.h
fuzz_fuzz_roundtrip_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_roundtrip_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_roundtrip_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_roundtrip_LDADD = $(fuzz_libs)
fuzz_fuzz_crl_SOURCES = fuzz/fuzz_crl.c fuzz/fuzz.h
fuzz_fuzz_crl_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_crl_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_crl_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_crl_LDADD = $(fuzz_libs)
fuzz_fuzz_pkcs12_SOURCES = fuzz/fuzz_pkcs12.c fuzz/fuzz.h
fuzz_fuzz_pkcs12_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_pkcs12_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_pkcs12_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_pkcs12_LDADD = $(fuzz_libs)
fuzz_fuzz_verify_SOURCES = fuzz/fuzz_verify.c fuzz/fuzz.h
fuzz_fuzz_verify_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_verify_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_verify_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_verify_LDADD = $(fuzz_libs)
fuzz_fuzz_issue_SOURCES = fuzz/fuzz_issue.c fuzz/fuzz.h
fuzz_fuzz_issue_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_issue_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_issue_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_issue_LDADD = $(fuzz_libs)
fuzz_fuzz_crl_create_SOURCES = fuzz/fuzz_crl_create.c fuzz/fuzz.h
fuzz_fuzz_crl_create_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_crl_create_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_crl_create_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_crl_create_LDADD = $(fuzz_libs)
fuzz_fuzz_dump_SOURCES = fuzz/fuzz_dump.c fuzz/fuzz.h
fuzz_fuzz_dump_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_dump_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_dump_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_dump_LDADD = $(fuzz_libs)
fuzz_fuzz_p12_roundtrip_SOURCES = fuzz/fuzz_p12_roundtrip.c fuzz/fuzz.h
fuzz_fuzz_p12_roundtrip_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_p12_roundtrip_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_p12_roundtrip_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_p12_roundtrip_LDADD = $(fuzz_libs)

# Each target runs FUZZ_SECONDS from a generated seed corpus, FUZZ_JOBS at a time (13 targets x
# 30 s, two at a time: about 3.5 minutes); any crash, leak, UB report or timeout fails the run
# (libFuzzer exits non-zero and leaves the reproducer in fuzz/artifacts; fuzz/smoke-one.sh).
FUZZ_SECONDS = 30
FUZZ_JOBS = 2
fuzz/corpus/.stamp: $(srcdir)/fuzz/make-corpus.sh
	$(SHELL) $(srcdir)/fuzz/make-corpus.sh fuzz/corpus
	touch $@
fuzz-smoke: $(FUZZ_TARGETS) fuzz/corpus/.stamp
	@printf '%s\n' $(FUZZ_TARGETS) | xargs -P $(FUZZ_JOBS) -I '{}' \
		$(SHELL) $(srcdir)/fuzz/smoke-one.sh '{}' $(FUZZ_SECONDS) $(srcdir) || \
		{ echo "fuzz-smoke: findings (fuzz/artifacts)" >&2; exit 1; }
else
fuzz-smoke:
	@echo "fuzz-smoke: configure with CC=clang --enable-fuzzing" >&2; exit 1
endif
CLEANFILES += fuzz/*.log
clean-local-fuzz:
	-rm -rf fuzz/corpus fuzz/work fuzz/artifacts
.PHONY: fuzz-smoke clean-local-fuzz
