# libFuzzer targets (configure CC=clang --enable-fuzzing). They compile the library's sources
# into each target, instrumented for coverage with ASan and UBSan, so the shared library itself
# stays an ordinary build.
FUZZ_TARGETS = fuzz/fuzz_key fuzz/fuzz_csr fuzz/fuzz_cert fuzz/fuzz_chain fuzz/fuzz_names \
	fuzz/fuzz_roundtrip fuzz/fuzz_crl fuzz/fuzz_pkcs12 fuzz/fuzz_verify fuzz/fuzz_issue \
	fuzz/fuzz_crl_create fuzz/fuzz_dump fuzz/fuzz_p12_roundtrip
EXTRA_DIST += fuzz/regress fuzz/README.md fuzz/fuzz.h fuzz/make-corpus.sh fuzz/pem.dict fuzz/names.dict \
	$(FUZZ_TARGETS:=.c)

if ENABLE_FUZZING
noinst_PROGRAMS += $(FUZZ_TARGETS)
fuzz_cppflags = $(AM_CPPFLAGS) -DPKI_BUILDING_LIBRARY
fuzz_cflags = $(AM_CFLAGS) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	$(GNUTLS_CFLAGS) $(TASN1_CFLAGS)
fuzz_ldflags = -fsanitize=fuzzer,address,undefined
fuzz_libs = $(GNUTLS_LIBS) $(TASN1_LIBS)

fuzz_fuzz_key_SOURCES = fuzz/fuzz_key.c fuzz/fuzz.h $(libpki_libpki_la_SOURCES)
fuzz_fuzz_key_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_key_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_key_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_key_LDADD = $(fuzz_libs)
fuzz_fuzz_csr_SOURCES = fuzz/fuzz_csr.c fuzz/fuzz.h $(libpki_libpki_la_SOURCES)
fuzz_fuzz_csr_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_csr_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_csr_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_csr_LDADD = $(fuzz_libs)
fuzz_fuzz_cert_SOURCES = fuzz/fuzz_cert.c fuzz/fuzz.h $(libpki_libpki_la_SOURCES)
fuzz_fuzz_cert_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_cert_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_cert_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_cert_LDADD = $(fuzz_libs)
fuzz_fuzz_chain_SOURCES = fuzz/fuzz_chain.c fuzz/fuzz.h $(libpki_libpki_la_SOURCES)
fuzz_fuzz_chain_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_chain_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_chain_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_chain_LDADD = $(fuzz_libs)
fuzz_fuzz_names_SOURCES = fuzz/fuzz_names.c fuzz/fuzz.h $(libpki_libpki_la_SOURCES)
fuzz_fuzz_names_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_names_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_names_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_names_LDADD = $(fuzz_libs)
fuzz_fuzz_roundtrip_SOURCES = fuzz/fuzz_roundtrip.c fuzz/fuzz.h $(libpki_libpki_la_SOURCES)
fuzz_fuzz_roundtrip_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_roundtrip_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_roundtrip_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_roundtrip_LDADD = $(fuzz_libs)
fuzz_fuzz_verify_SOURCES = fuzz/fuzz_verify.c fuzz/fuzz.h $(libpki_libpki_la_SOURCES)
fuzz_fuzz_verify_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_verify_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_verify_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_verify_LDADD = $(fuzz_libs)
fuzz_fuzz_crl_SOURCES = fuzz/fuzz_crl.c fuzz/fuzz.h $(libpki_libpki_la_SOURCES)
fuzz_fuzz_crl_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_crl_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_crl_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_crl_LDADD = $(fuzz_libs)
fuzz_fuzz_pkcs12_SOURCES = fuzz/fuzz_pkcs12.c fuzz/fuzz.h $(libpki_libpki_la_SOURCES)
fuzz_fuzz_pkcs12_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_pkcs12_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_pkcs12_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_pkcs12_LDADD = $(fuzz_libs)
fuzz_fuzz_issue_SOURCES = fuzz/fuzz_issue.c fuzz/fuzz.h $(libpki_libpki_la_SOURCES)
fuzz_fuzz_issue_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_issue_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_issue_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_issue_LDADD = $(fuzz_libs)
fuzz_fuzz_crl_create_SOURCES = fuzz/fuzz_crl_create.c fuzz/fuzz.h $(libpki_libpki_la_SOURCES)
fuzz_fuzz_crl_create_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_crl_create_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_crl_create_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_crl_create_LDADD = $(fuzz_libs)
fuzz_fuzz_dump_SOURCES = fuzz/fuzz_dump.c fuzz/fuzz.h $(libpki_libpki_la_SOURCES)
fuzz_fuzz_dump_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_dump_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_dump_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_dump_LDADD = $(fuzz_libs)
fuzz_fuzz_p12_roundtrip_SOURCES = fuzz/fuzz_p12_roundtrip.c fuzz/fuzz.h $(libpki_libpki_la_SOURCES)
fuzz_fuzz_p12_roundtrip_CPPFLAGS = $(fuzz_cppflags)
fuzz_fuzz_p12_roundtrip_CFLAGS = $(fuzz_cflags)
fuzz_fuzz_p12_roundtrip_LDFLAGS = $(fuzz_ldflags)
fuzz_fuzz_p12_roundtrip_LDADD = $(fuzz_libs)

# Each target runs FUZZ_SECONDS (13 targets x 30 s: 6.5 minutes) from a generated seed corpus; any crash, leak, UB report or
# timeout fails the run (libFuzzer exits non-zero and leaves the reproducer in fuzz/artifacts).
FUZZ_SECONDS = 30
fuzz/corpus/.stamp: $(srcdir)/fuzz/make-corpus.sh
	$(SHELL) $(srcdir)/fuzz/make-corpus.sh fuzz/corpus
	touch $@
fuzz-smoke: $(FUZZ_TARGETS) fuzz/corpus/.stamp
	@mkdir -p fuzz/artifacts
	@failed=; for t in $(FUZZ_TARGETS); do \
		name=$${t#fuzz/fuzz_}; \
		case $$name in names) dict=names.dict ;; *) dict=pem.dict ;; esac; \
		mkdir -p fuzz/work/$$name; \
		regress=; test -d $(srcdir)/fuzz/regress/$$name && regress=$(srcdir)/fuzz/regress/$$name; \
		echo "fuzz-smoke: $$name for $(FUZZ_SECONDS) s"; \
		if ./$$t -max_total_time=$(FUZZ_SECONDS) -timeout=25 -rss_limit_mb=2048 -max_len=65536 \
			-print_final_stats=1 -dict=$(srcdir)/fuzz/$$dict \
			-artifact_prefix=fuzz/artifacts/$$name- \
			fuzz/work/$$name fuzz/corpus/$$name $$regress 2>fuzz/$$name.log; then \
			grep -E 'stat::number_of_executed_units|cov:' fuzz/$$name.log | tail -2; \
		else \
			tail -60 fuzz/$$name.log; failed="$$failed $$name"; \
		fi; \
	done; \
	if test -n "$$failed"; then echo "fuzz-smoke: findings in:$$failed" >&2; exit 1; fi
else
fuzz-smoke:
	@echo "fuzz-smoke: configure with CC=clang --enable-fuzzing" >&2; exit 1
endif
CLEANFILES += fuzz/*.log
clean-local-fuzz:
	-rm -rf fuzz/corpus fuzz/work fuzz/artifacts
.PHONY: fuzz-smoke clean-local-fuzz
