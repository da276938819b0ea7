# Benchmarks: `make bench` builds them; plain `make` does not, and nothing here is installed.
# bench/pki-bench calls libpki and, as its baseline, GnuTLS directly (the same work by hand),
# so it links both. bench/pki-gen-csrs makes the requests that bench/bulk-issue.sh signs.
bench_progs = bench/pki-bench bench/pki-gen-csrs bench/pki-bench-crl
EXTRA_PROGRAMS = $(bench_progs)

bench_pki_bench_SOURCES = bench/pki-bench.c bench/bench.h
bench_pki_bench_CFLAGS = $(AM_CFLAGS) $(GNUTLS_CFLAGS) -pthread
bench_pki_bench_LDADD = libpki/libpki.la $(GNUTLS_LIBS) -lpthread

bench_pki_gen_csrs_SOURCES = bench/pki-gen-csrs.c
bench_pki_gen_csrs_LDADD = libpki/libpki.la

# bench/pki-bench-crl FILE: the CPU time of importing a large CRL and of one lookup.
bench_pki_bench_crl_SOURCES = bench/pki-bench-crl.c bench/bench.h
bench_pki_bench_crl_LDADD = libpki/libpki.la

# bench/pki-bench-openssl DIR: the same operations with OpenSSL's libcrypto, for
# bench/compare.py (make bench-compare); only when configure found libcrypto.
if HAVE_LIBCRYPTO
bench_progs += bench/pki-bench-openssl
endif
bench_pki_bench_openssl_SOURCES = bench/pki-bench-openssl.c bench/bench.h
bench_pki_bench_openssl_CFLAGS = $(AM_CFLAGS) $(LIBCRYPTO_CFLAGS)
bench_pki_bench_openssl_LDADD = $(LIBCRYPTO_LIBS)

EXTRA_DIST += bench/README.md bench/bulk-issue.sh bench/pki_bench.py bench/compare.py
CLEANFILES += $(bench_progs:=$(EXEEXT))

bench: $(bench_progs:=$(EXEEXT)) tools/pki$(EXEEXT)
# One table: libpki (C and Python), GnuTLS, OpenSSL and pyca on the same operations.
# BENCH_ARGS=--quick for a short run, --json for JSON, --readme FILE to rewrite its table.
bench-compare: bench $(PYTHON_BENCH_DEPS)
	BUILDDIR=$(abs_builddir) $(PYTHON) $(srcdir)/bench/compare.py $(BENCH_ARGS)
.PHONY: bench bench-compare
