# Tests: Criterion programs (one per object) and interop shell scripts, all run by make check
# through automake's parallel harness.
TEST_EXTENSIONS = .sh .test
TAP_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
LOG_DRIVER = $(TAP_DRIVER)
LOG_COMPILER = $(SHELL) $(top_srcdir)/tests/criterion-tap.sh
SH_LOG_DRIVER = $(TAP_DRIVER)
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = \
	top_builddir='$(abs_top_builddir)'; top_srcdir='$(abs_top_srcdir)'; \
	OPENSSL='$(OPENSSL)'; CERTTOOL='$(CERTTOOL)'; \
	LD_LIBRARY_PATH='$(abs_top_builddir)/libpki/.libs'; \
	LIBTOOL='$(abs_top_builddir)/libtool'; HEADER_CC='$(CC)'; \
	export top_builddir top_srcdir OPENSSL CERTTOOL LD_LIBRARY_PATH LIBTOOL HEADER_CC;

TESTS += tests/symbols.sh tests/error-detail.sh tests/doc-returns.sh tests/doc-complete.sh \
	tests/headers.sh
EXTRA_DIST += tests/cli-escape.sh tests/data/cert-subject-control-chars.pem \
	tests/data/csr-subject-control-chars.pem tests/data/cert-subject-invalid-utf8.pem
EXTRA_DIST += tests/symbols.sh tests/error-detail.sh tests/doc-returns.sh tests/doc-complete.sh \
	tests/headers.sh \
	tests/lib.sh \
	tests/criterion-tap.sh tests/mini-criterion.h \
	tests/valgrind.supp
# Golden fixtures made once by openssl (generator and expected values beside them), read by
# pki and compared with openssl's values; every fuzz/regress input replayed (issue 13 item 9).
TESTS += tests/golden.sh
EXTRA_DIST += tests/golden.sh tests/data/golden/make-fixtures.sh tests/data/golden/expected.txt \
	tests/data/golden/ca.pem tests/data/golden/ca.der tests/data/golden/request.pem \
	tests/data/golden/request.der tests/data/golden/crl.pem tests/data/golden/crl.der \
	tests/data/golden/golden.p12 \
	tests/data/golden/ec-p256.key tests/data/golden/ec-p256.pub.pem \
	tests/data/golden/ec-p384.key tests/data/golden/ec-p384.pub.pem \
	tests/data/golden/ec-p521.key tests/data/golden/ec-p521.pub.pem \
	tests/data/golden/ed25519.key tests/data/golden/ed25519.pub.pem \
	tests/data/golden/ed448.key tests/data/golden/ed448.pub.pem \
	tests/data/golden/rsa-2048.key tests/data/golden/rsa-2048.pub.pem

if ENABLE_TESTS
CRITERION_TESTS = tests/test_common tests/test_key tests/test_names tests/test_csr \
	tests/test_cert tests/test_issue tests/test_threads tests/test_catalogue tests/test_asn1 \
	tests/test_sign tests/test_profile tests/test_ext tests/test_issuer tests/test_pss \
	tests/test_dn
check_PROGRAMS += $(CRITERION_TESTS)
TESTS += $(CRITERION_TESTS)
# One set of flags for every C test: each is tests/NAME.c (automake's default source) with
# tests/helpers.h, compiled with $(tests_cflags) and linked with LDADD (no other program in the
# tree takes the default LDADD: each names its own). A new test is one line in CRITERION_TESTS
# and one tests_NAME_CFLAGS line (a per-program flag, so that only the tests get Criterion's).
# GnuTLS and libtasn1 too: tests read back what the getters do not expose and build inputs
# libpki refuses to make (tests/gcert.h).
tests_cflags = $(AM_CFLAGS) $(CRITERION_CFLAGS) $(TEST_RUNNER_CFLAGS) $(GNUTLS_CFLAGS) \
	$(TASN1_CFLAGS)
LDADD = libpki/libpki.la $(CRITERION_LIBS) $(GNUTLS_LIBS) $(TASN1_LIBS)
# The tests of internal (hidden) functions link the library's objects instead.
tests_objs_cppflags = $(AM_CPPFLAGS) -DPKI_BUILDING_LIBRARY
tests_objs_ldadd = $(libpki_libpki_la_OBJECTS) $(libpki_libpki_la_LIBADD) $(CRITERION_LIBS) \
	$(GNUTLS_LIBS)
EXTRA_DIST += tests/helpers.h tests/gcert.h tests/handles.h

# The libtasn1 layer is internal (hidden symbols): the test links the library's objects.
tests_test_asn1_CPPFLAGS = $(tests_objs_cppflags)
tests_test_asn1_CFLAGS = $(tests_cflags)
tests_test_asn1_LDADD = $(tests_objs_ldadd)
tests_test_asn1_DEPENDENCIES = $(libpki_libpki_la_OBJECTS)
tests_test_common_CFLAGS = $(tests_cflags)
tests_test_ext_CFLAGS = $(tests_cflags)
tests_test_pss_CFLAGS = $(tests_cflags)
tests_test_sign_CFLAGS = $(tests_cflags)
tests_test_key_CFLAGS = $(tests_cflags)
tests_test_dn_CFLAGS = $(tests_cflags)
tests_test_names_CFLAGS = $(tests_cflags)
tests_test_csr_CFLAGS = $(tests_cflags)
tests_test_cert_CFLAGS = $(tests_cflags)
tests_test_threads_CFLAGS = $(tests_cflags) -pthread
tests_test_threads_LDADD = $(LDADD) -lpthread
tests_test_catalogue_CFLAGS = $(tests_cflags)
tests_test_issue_CFLAGS = $(tests_cflags)
tests_test_issuer_CFLAGS = $(tests_cflags)
tests_test_profile_CFLAGS = $(tests_cflags)
endif

# Drivers over the public API for the shell tests (each tests/NAME.c, linked with libpki only):
# pki-keytool (interop-key.sh), pki-issue (issuance: interop-issue.sh and the other
# openssl/certtool scripts), pki-read (interop-read.sh: read what openssl/certtool make, write
# requests they accept), pki-p12 (interop-pkcs12.sh), pki-verify (interop-verify.sh,
# interop-crl.sh, cli-verify.sh), pki-vectors (pyca-vectors.sh).
check_PROGRAMS += tests/pki-keytool tests/pki-issue tests/pki-read tests/pki-p12 \
	tests/pki-verify tests/pki-vectors
tests_pki_keytool_LDADD = libpki/libpki.la
tests_pki_issue_LDADD = libpki/libpki.la
tests_pki_read_LDADD = libpki/libpki.la
tests_pki_p12_LDADD = libpki/libpki.la
tests_pki_verify_LDADD = libpki/libpki.la
tests_pki_vectors_LDADD = libpki/libpki.la

if HAVE_INTEROP_TOOLS
TESTS += tests/interop-key.sh
endif
EXTRA_DIST += tests/interop-key.sh

# Issuance, through tests/pki-issue.
if HAVE_INTEROP_TOOLS
TESTS += tests/interop-issue.sh tests/interop-ext.sh tests/interop-profiles.sh tests/interop-sig.sh \
	tests/interop-policies.sh tests/interop-pkcs7.sh tests/interop-pss.sh
endif
EXTRA_DIST += tests/interop-issue.sh tests/interop-ext.sh tests/interop-profiles.sh tests/interop-sig.sh \
	tests/interop-policies.sh tests/interop-pkcs7.sh tests/interop-pss.sh
TESTS += tests/example-seed.sh
EXTRA_DIST += tests/example-seed.sh

# The pki tool: every command, option and failure, checked with openssl and certtool, and a
# real TLS handshake (curl, gnutls-cli, openssl s_client) with a certificate from `pki quick`.
if HAVE_INTEROP_TOOLS
TESTS += tests/cli-key.sh tests/cli-x509.sh tests/cli-quick.sh tests/tls-handshake.sh
TESTS += tests/cli-escape.sh
# Subjects attribute by attribute (--dn-attr), read back by openssl (issue 15 item 3).
TESTS += tests/cli-dn.sh
# DSA parameter inheritance with the PKITS files (RFC 3279 2.3.2; skipped without them).
TESTS += tests/cli-dsa-inherit.sh
TESTS += tests/cli-trust.sh
# A real private registry (docker-registry) and skopeo push/pull through pki trust's certs.d.
TESTS += tests/e2e-registry.sh
# CA directories: ca init, cert sign --ca-dir, ca list, revoke, crl new --ca-dir (SQLite).
TESTS += tests/cli-ca-dir.sh
# Bulk pki cert sign: one prepared issuer, --sync=batch|each (issue 18).
TESTS += tests/cli-sign-bulk.sh
TESTS += tests/interop-sign.sh
TESTS += tests/pkcs11-softhsm.sh tests/ocsp-openssl.sh
endif
EXTRA_DIST += tests/interop-sign.sh tests/pkcs11-softhsm.sh tests/cli-sign-bulk.sh tests/ocsp-openssl.sh
EXTRA_DIST += tests/cli-dn.sh tests/cli-dsa-inherit.sh tests/data/dsa-ca-other-params.pem
EXTRA_DIST += tests/cli-lib.sh tests/cli-key.sh tests/cli-x509.sh tests/cli-quick.sh \
	tests/tls-handshake.sh tests/cli-trust.sh tests/e2e-registry.sh tests/cli-ca-dir.sh

# Certificates and requests: read what openssl/certtool make, write requests they accept.
if HAVE_INTEROP_TOOLS
TESTS += tests/interop-read.sh
endif
EXTRA_DIST += tests/interop-read.sh

# PKCS#12: Criterion suite, a driver for the shell test, interop with openssl, certtool, keytool.
if ENABLE_TESTS
CRITERION_TESTS += tests/test_pkcs12
CRITERION_TESTS += tests/test_keyenc
CRITERION_TESTS += tests/test_bounds
CRITERION_TESTS += tests/test_write_fallback
CRITERION_TESTS += tests/test_clock
CRITERION_TESTS += tests/test_ocsp
tests_test_ocsp_CFLAGS = $(tests_cflags)
tests_test_write_fallback_CPPFLAGS = $(tests_objs_cppflags)
tests_test_write_fallback_CFLAGS = $(tests_cflags)
tests_test_write_fallback_LDADD = $(tests_objs_ldadd)
tests_test_write_fallback_DEPENDENCIES = $(libpki_libpki_la_OBJECTS)
tests_test_clock_CPPFLAGS = $(tests_objs_cppflags)
tests_test_clock_CFLAGS = $(tests_cflags)
tests_test_clock_LDADD = $(tests_objs_ldadd)
tests_test_clock_DEPENDENCIES = $(libpki_libpki_la_OBJECTS)
# The tests whose libpki clock is fixed (PKI_TEST_FIXED_CLOCK, tests/helpers.h) link the objects.
tests_test_issue_CPPFLAGS = $(tests_objs_cppflags)
tests_test_issue_LDADD = $(tests_objs_ldadd)
tests_test_verify_CPPFLAGS = $(tests_objs_cppflags)
tests_test_verify_LDADD = $(tests_objs_ldadd)
tests_test_ocsp_CPPFLAGS = $(tests_objs_cppflags)
tests_test_ocsp_LDADD = $(tests_objs_ldadd)
tests_test_profile_CPPFLAGS = $(tests_objs_cppflags)
tests_test_profile_LDADD = $(tests_objs_ldadd)
tests_test_crl_CPPFLAGS = $(tests_objs_cppflags)
tests_test_crl_LDADD = $(tests_objs_ldadd)
tests_test_issuer_CPPFLAGS = $(tests_objs_cppflags)
tests_test_issuer_LDADD = $(tests_objs_ldadd)
tests_test_issuer_DEPENDENCIES = $(libpki_libpki_la_OBJECTS)
tests_test_bounds_CFLAGS = $(tests_cflags)
EXTRA_DIST += tests/data/bounds/make-fixtures.py tests/data/bounds/cert-10000-sans.der \
	tests/data/bounds/cert-10001-sans.der tests/data/bounds/csr-10000-sans.der \
	tests/data/bounds/csr-10001-sans.der
tests_test_keyenc_CFLAGS = $(tests_cflags)
EXTRA_DIST += tests/data/p12/make-fixtures.sh tests/data/p12/make-parts.py \
	tests/data/p12/cert.pem tests/data/p12/p12-nomac.p12 tests/data/p12/p12-nomac-plain.p12 \
	tests/data/p12/p12-64-parts.p12 tests/data/p12/p12-65-parts.p12 \
	tests/data/p12/p12-32-bags.p12 tests/data/p12/p12-33-bags.p12
EXTRA_DIST += tests/data/ec-p256-pbkdf2-10000001-iterations.key tests/data/x25519-pub.der \
	tests/data/rsa-2048-pkcs1-public.pem tests/data/rsa-2048-pkcs1-public.der \
	tests/data/rsa-2048-spki-public.pem
EXTRA_DIST += tests/data/ec-p256-scalar-33-bytes.key tests/data/ec-p256-scalar-31-bytes.key \
	tests/data/ec-p256-scalar-32-bytes.key tests/data/ec-p384-scalar-49-bytes.key \
	tests/data/ec-p521-scalar-65-bytes.key
tests_test_pkcs12_CFLAGS = $(tests_cflags)
endif
if HAVE_INTEROP_TOOLS
TESTS += tests/interop-pkcs12.sh tests/cli-p12.sh
endif
EXTRA_DIST += tests/interop-pkcs12.sh tests/cli-p12.sh

# pki lint (tests/cli-lint.sh) and the profile rules (tests/test_profile.c): fixtures that
# break one rule each, which GnuTLS refuses to build.
if HAVE_INTEROP_TOOLS
TESTS += tests/cli-lint.sh
endif
EXTRA_DIST += tests/cli-lint.sh tests/data/lint/README tests/data/lint/ca.pem \
	tests/data/lint/leaf-serial-zero.pem tests/data/lint/leaf-serial-negative.pem \
	tests/data/lint/leaf-serial-21-octets.pem tests/data/lint/leaf-san-dns-control-chars.pem \
	tests/data/lint/root-serial-zero.pem tests/data/lint/self-signed-two-errors.pem \
	tests/data/lint/self-signed-serial-negative.pem

# valgrind over the C tests (memcheck; leaks that are definitely or indirectly lost fail).
# Criterion's forked workers hide leaks from valgrind, hence the plain runner.
VALGRIND_CMD = $(VALGRIND) -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
	--error-exitcode=1 --suppressions=$(abs_top_srcdir)/tests/valgrind.supp
# Every C test but test_pkcs12, whose dozens of PKCS#12 files each cost several 600,000-round
# PBKDF2 derivations (minutes under valgrind), and test_bounds, whose 10,000-name certificates
# take minutes there too (both run under ASan in stage 2); run them with TESTS=... by hand.
# A new C test file is added here too.
VALGRIND_C_TESTS = tests/test_common tests/test_key tests/test_names tests/test_csr \
	tests/test_cert tests/test_issue tests/test_threads tests/test_catalogue \
	tests/test_verify tests/test_crl tests/test_namecmp tests/test_nameconstraints \
	tests/test_policy tests/test_sign tests/test_profile tests/test_issuer tests/test_asn1 \
	tests/test_ext tests/test_keyenc tests/test_write_fallback tests/test_ocsp \
	tests/test_clock tests/test_pss tests/test_dn
# The CLI scripts run every pki command under valgrind with PKI_VALGRIND=1 (tests/cli-lib.sh).
# cli-key.sh and cli-p12.sh are left out: their PBKDF2 (600,000 iterations per encrypted key)
# takes minutes per file under valgrind; run them by hand with PKI_VALGRIND=1 when needed.
VALGRIND_CLI_TESTS = tests/cli-x509.sh tests/cli-quick.sh tests/cli-verify.sh tests/cli-lint.sh tests/cli-trust.sh
# One run for both lists, the slowest script first, so that make -j keeps every core busy.
check-valgrind:
if PLAIN_TESTS
	PKI_TEST_WRAPPER="$(VALGRIND_CMD)" PKI_VALGRIND=1 $(MAKE) $(AM_MAKEFLAGS) check \
		TESTS="$(VALGRIND_CLI_TESTS) $(VALGRIND_C_TESTS)"
else
	@echo "check-valgrind: configure with --enable-plain-tests (Criterion hides leaks)" >&2; exit 1
endif
.PHONY: check-valgrind

# What scripts/test.sh runs from the tarball in make distcheck (stage 7, TESTS='$(DISTCHECK_TESTS)'):
# the unit tests, the Python tests and the scripts that read checked-in data, to show that the
# tarball builds, installs and tests out of a read-only tree. Stage 1 runs the whole suite from
# the checkout, and stage 7 compares the tarball with `git ls-files` file by file, which finds a
# missing file that no test reads.
DISTCHECK_TESTS = $(CRITERION_TESTS) tests/symbols.sh tests/error-detail.sh tests/doc-returns.sh \
	tests/doc-complete.sh tests/headers.sh tests/golden.sh tests/example-seed.sh tests/cli-dn.sh \
	tests/cli-verify.sh tests/cli-lint.sh tests/python.sh

# Python bindings: pytest (tests/python/) through tests/python.sh, one TAP line per test.
# (the pytest files are listed in bindings/python/local.mk, with the package)
EXTRA_DIST += tests/python.sh
if ENABLE_PYTHON
TESTS += tests/python.sh
tests/python.log: bindings/python/pki/_libpki.la
endif
AM_TESTS_ENVIRONMENT += PYTHON='$(PYTHON)'; PYTHON_TESTS='$(PYTHON_TESTS)'; CC='$(CC)'; \
	export PYTHON PYTHON_TESTS CC;
if ENABLE_SANITIZERS
AM_TESTS_ENVIRONMENT += PKI_SANITIZERS=yes; export PKI_SANITIZERS;
endif

# Trust stores, verification and CRLs: Criterion suites, a driver for the shell tests, interop
# with openssl verify / crl and certtool.
if ENABLE_TESTS
CRITERION_TESTS += tests/test_verify tests/test_crl
tests_test_verify_CFLAGS = $(tests_cflags)
tests_test_crl_CFLAGS = $(tests_cflags)
endif
# RFC 5280 7.1 name comparison: internal functions (hidden symbols), so the test links the
# library's objects.
if ENABLE_TESTS
CRITERION_TESTS += tests/test_namecmp
tests_test_namecmp_CPPFLAGS = $(tests_objs_cppflags) -I$(top_srcdir)/libpki
tests_test_namecmp_CFLAGS = $(tests_cflags)
tests_test_namecmp_LDADD = $(tests_objs_ldadd)
tests_test_namecmp_DEPENDENCIES = $(libpki_libpki_la_OBJECTS)
endif
# Name constraints and certificate policies through pki_cert_verify, on chains made with
# GnuTLS (tests/gcert.h) since libpki's issuance cannot write every extension they need.
if ENABLE_TESTS
CRITERION_TESTS += tests/test_nameconstraints tests/test_policy
# The test encodes its extensions with the internal libtasn1 layer (libpki/asn1.h), as
# test_asn1 does: it links the library objects.
tests_test_nameconstraints_CPPFLAGS = $(tests_objs_cppflags)
tests_test_nameconstraints_CFLAGS = $(tests_cflags)
tests_test_nameconstraints_LDADD = $(tests_objs_ldadd)
tests_test_nameconstraints_DEPENDENCIES = $(libpki_libpki_la_OBJECTS)
tests_test_policy_CFLAGS = $(tests_cflags)
# The fixed clock of helpers.h (pki__now_hook) is in the library's objects.
tests_test_policy_CPPFLAGS = $(tests_objs_cppflags)
tests_test_policy_LDADD = $(tests_objs_ldadd)
tests_test_policy_DEPENDENCIES = $(libpki_libpki_la_OBJECTS)
endif
if HAVE_INTEROP_TOOLS
TESTS += tests/interop-verify.sh tests/interop-crl.sh
endif
if HAVE_INTEROP_TOOLS
TESTS += tests/cli-verify.sh
endif
# Conformance: NIST PKITS and x509-limbo (tests/conformance-*.test; exit 77 when the data is
# absent), each case compared with the expected outcome and tests/data/*-known-failures.txt.
TEST_LOG_DRIVER = $(TAP_DRIVER)
TEST_LOG_COMPILER = $(SHELL)
TESTS += tests/conformance-pkits.test tests/conformance-limbo.test tests/conformance-limbo-2023.test
EXTRA_DIST += tests/data/pkits-known-failures.txt tests/data/limbo-known-failures.txt \
	tests/data/limbo-2023-known-failures.txt tests/conformance-limbo-2023.test
EXTRA_DIST += tests/data/crl/make-fixtures.py tests/data/crl/root.pem tests/data/crl/leaf.pem \
	tests/data/crl/inter.pem tests/data/crl/leaf3.pem tests/data/crl/crl-user.pem \
	tests/data/crl/crl-ca-only.pem tests/data/crl/crl-sha1.pem \
	tests/data/crl/crl-unknown-critical-entry.pem tests/data/crl/bundle.pem \
	tests/data/crl/dp-leaf.pem tests/data/crl/dp-leaf-revoked.pem tests/data/crl/crl-dp1.pem \
	tests/data/crl/crl-dp2.pem tests/data/crl/rel-leaf.pem tests/data/crl/rel-leaf-revoked.pem \
	tests/data/crl/crl-dp-rel.pem tests/data/crl/crlissuer.pem tests/data/crl/ind-leaf.pem \
	tests/data/crl/ind-leaf-revoked.pem tests/data/crl/crl-indirect.pem
EXTRA_DIST += tests/data/nc/make-fixtures.sh tests/data/nc/root.pem \
	tests/data/nc/ica-othername.pem tests/data/nc/leaf.pem tests/data/nc/leaf-othername.pem
EXTRA_DIST += tests/data/rsa16k/make-fixtures.sh tests/data/rsa16k/root.pem \
	tests/data/rsa16k/inter.pem tests/data/rsa16k/leaf.pem
EXTRA_DIST += tests/interop-verify.sh tests/interop-crl.sh tests/cli-verify.sh \
	tests/conformance-limbo.py tests/conformance-pkits.py tests/conformance-pkits.test \
	tests/conformance-limbo.test tests/conformance_lib.py
# pyca's test vectors (Debian python3-cryptography-vectors): every file through every importer
# and dump, no crash, no code outside PKI_E_* (tests/pki-vectors.c; skipped when absent).
TESTS += tests/pyca-vectors.sh
EXTRA_DIST += tests/pyca-vectors.sh
