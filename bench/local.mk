# Benchmarks: `make bench` builds them; plain `make` does not, and nothing here is installed.
# bench/pki-bench calls libpki and, as its baseline, GnuTLS directly (the same work by hand),
# so it links both. bench/pki-gen-csrs makes the requests that bench/bulk-issue.sh signs.
bench_progs = bench/pki-bench bench/pki-gen-csrs bench/pki-bench-crl
EXTRA_PROGRAMS = $(bench_progs)

bench_pki_bench_SOURCES = bench/pki-bench.c
bench_pki_bench_CFLAGS = $(AM_CFLAGS) $(GNUTLS_CFLAGS) -pthread
bench_pki_bench_LDADD = libpki/libpki.la $(GNUTLS_LIBS) -lpthread

bench_pki_gen_csrs_SOURCES = bench/pki-gen-csrs.c
bench_pki_gen_csrs_LDADD = libpki/libpki.la

# bench/pki-bench-crl FILE: the CPU time of importing a large CRL and of one lookup.
bench_pki_bench_crl_SOURCES = bench/pki-bench-crl.c
bench_pki_bench_crl_LDADD = libpki/libpki.la

EXTRA_DIST += bench/README.md bench/bulk-issue.sh bench/pki_bench.py
CLEANFILES += $(bench_progs:=$(EXEEXT))

bench: $(bench_progs:=$(EXEEXT)) tools/pki$(EXEEXT)
.PHONY: bench
