/* Helpers shared by the Criterion tests. */
#ifndef PKI_TEST_HELPERS_H
#define PKI_TEST_HELPERS_H

#include "config.h" /* _GNU_SOURCE and friends, before any system header */

#ifdef PKI_PLAIN_TESTS
#include "mini-criterion.h" /* one process, so valgrind and LSan see every test */
#else
#include <criterion/criterion.h>
#endif
#include <gnutls/abstract.h>
#include <gnutls/x509.h>
#include <pki.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

/* One day in seconds, for validity arithmetic. */
#define DAY INT64_C(86400)

#ifdef PKI_TEST_FIXED_CLOCK
#include "../libpki/internal.h"
#include <gnutls/gnutls.h>
#include <stdint.h>
#include <time.h>
/*
 * The fixed clock (issue 13 item 9). A test file that defines PKI_TEST_FIXED_CLOCK before
 * including this header links the library's objects (tests_objs_* in tests/local.mk) and
 * runs with libpki's clock (pki__now_hook, internal.h) stopped at TEST_NOW: the dates libpki
 * writes and the checks it makes against "now" are exact values, not windows around the wall
 * clock. TEST_NOW, 2027-01-01T00:00:00Z, lies inside the validity of every checked-in fixture
 * those tests verify (tests/data/lint leaves end 2027-01-29, tests/data/crl 2035, nc 2126).
 * The hook is set before main(), so every test of the file (Criterion's workers and the plain
 * runner alike) starts with it; a test that needs the wall clock (one whose output the openssl
 * binary checks against its own clock) calls test_wall_clock_() and says why.
 */
#define TEST_NOW INT64_C(1798761600)
static inline int64_t test_now_(void)
{
	return TEST_NOW;
}
static inline time_t test_gnutls_now_(time_t *t)
{
	if (t)
		*t = (time_t)TEST_NOW;
	return (time_t)TEST_NOW;
}
/* GnuTLS's clock too, so that its independent checks of what libpki made (chain validation,
 * the tests' own certificates) run at the same instant. */
__attribute__((constructor)) static void test_fix_clock_(void)
{
	pki__now_hook = test_now_;
	gnutls_global_set_time_function(test_gnutls_now_);
}
__attribute__((unused)) static void test_wall_clock_(void)
{
	pki__now_hook = NULL;
	gnutls_global_set_time_function(time);
}
#endif

/* Assert a libpki call returns 0, printing the error detail when it does not. */
#define ok_(call)                                                                          \
	do {                                                                               \
		int rc_ = (call);                                                          \
		cr_assert_eq(rc_, 0, "%s -> %d (%s: %s)", #call, rc_, pki_strerror(rc_),   \
			     pki_error_detail());                                          \
	} while (0)

/* Assert a libpki call returns the error @p code. */
#define fails_(code, call)                                                                 \
	do {                                                                               \
		int rc_ = (call);                                                          \
		cr_assert_eq(rc_, (code), "%s -> %d (%s), expected %d (%s); detail: %s",   \
			     #call, rc_, pki_strerror(rc_), (code), pki_strerror(code),    \
			     pki_error_detail());                                          \
	} while (0)

/*
 * Assert that the string getter int GETTER(char **out, ARGS...) returns 0 and the string
 * @p want (compared with strcmp), then free it; a failure names the getter:
 * str_is_("1000", pki_crl_number, crl), str_is_("05", pki_cert_serial, cert).
 */
#define str_is_(want, getter, ...)                                                         \
	do {                                                                               \
		char *s_ = NULL;                                                           \
		ok_(getter(&s_, __VA_ARGS__));                                             \
		cr_assert_not_null(s_, "%s returned 0 without a string", #getter);         \
		cr_assert_str_eq(s_, (want), "%s", #getter);                               \
		pki_free(s_);                                                              \
	} while (0)

/*
 * Assert that @p text (a string libpki returned, not NULL) contains each string of the
 * NULL-terminated list after it, printing @p text when one is missing, then pki_free() it:
 * has_all_free_(text, "result: valid", "[trusted]", NULL).
 */
__attribute__((sentinel, unused)) static void has_all_free_(char *text, ...)
{
	va_list ap;
	const char *want;

	cr_assert_not_null(text);
	va_start(ap, text);
	while ((want = va_arg(ap, const char *)) != NULL)
		cr_assert_not_null(strstr(text, want), "no \"%s\" in:\n%s", want, text);
	va_end(ap);
	pki_free(text);
}

/* A fresh key of @p type (RSA: 2048 bits), for the caller to pki_key_free(). */
static inline pki_key_t *test_key_(pki_key_type_t type)
{
	pki_key_t *key = NULL;

	ok_(pki_key_generate(&key, type, type == PKI_KEY_RSA ? 2048 : 0, 0));
	cr_assert_not_null(key);
	return key;
}

/*
 * The signature algorithm libpki signs with for a key of @p type when none is chosen, as
 * pki_cert_signature_algorithm() and its siblings name it; the test fails for another type.
 */
static inline const char *test_sigalg_(pki_key_type_t type)
{
	switch (type) {
	case PKI_KEY_EC_P256: return "ECDSA-SHA256";
	case PKI_KEY_EC_P384: return "ECDSA-SHA384";
	case PKI_KEY_EC_P521: return "ECDSA-SHA512";
	case PKI_KEY_ED25519: return "EdDSA-Ed25519";
	case PKI_KEY_ED448: return "EdDSA-Ed448";
	case PKI_KEY_RSA: return "RSA-SHA256";
	default: cr_assert(false, "no default signature algorithm for key type %d", (int)type);
	}
	return NULL;
}

/*
 * The CA most tests issue from: its key, its self-signed certificate and a P-256 key for the
 * subject the test issues to. Made by test_ca_(), freed by test_ca_free().
 */
typedef struct {
	pki_key_t *key;
	pki_cert_t *cert;
	pki_key_t *subject_key;
} test_ca_t;

static inline void test_ca_free(test_ca_t *ca)
{
	pki_cert_free(ca->cert);
	pki_key_free(ca->key);
	pki_key_free(ca->subject_key);
}

/* A CA with a key of @p type named @p subject, self-signed with @p opts (NULL: the CA profile). */
static inline test_ca_t test_ca_(pki_key_type_t type, const char *subject,
				 const pki_issue_opts_t *opts)
{
	test_ca_t ca = { test_key_(type), NULL, test_key_(PKI_KEY_EC_P256) };

	ok_(pki_cert_self_sign(&ca.cert, ca.key, subject, opts, 0));
	cr_assert_not_null(ca.cert);
	return ca;
}

/*
 * The libpki certificate for the one GnuTLS made in @p crt (exported as DER, then imported),
 * for the tests that build what libpki will not; the test fails when either step does.
 */
static inline pki_cert_t *cert_from_gnutls_(gnutls_x509_crt_t crt)
{
	gnutls_datum_t d = { NULL, 0 };
	pki_cert_t *c = NULL;

	cr_assert_eq(gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &d), 0);
	ok_(pki_cert_import(&c, d.data, d.size, 0));
	cr_assert_not_null(c);
	gnutls_free(d.data);
	return c;
}

/*
 * Sign the GnuTLS certificate @p crt as @p issuer (NULL: self-signed) with @p key and @p dig,
 * and return it as a libpki certificate (cert_from_gnutls_); deinitialises @p crt and @p issuer.
 */
static inline pki_cert_t *cert_sign_gnutls_(gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer,
					    gnutls_privkey_t key, gnutls_digest_algorithm_t dig)
{
	pki_cert_t *c;

	cr_assert_eq(gnutls_x509_crt_privkey_sign(crt, issuer ? issuer : crt, key, dig, 0), 0);
	c = cert_from_gnutls_(crt);
	gnutls_x509_crt_deinit(crt);
	if (issuer)
		gnutls_x509_crt_deinit(issuer);
	return c;
}

/*
 * The string a certificate getter int GETTER(char **out, const pki_cert_t *cert) returns, for
 * the caller to pki_free(); the test fails, naming the getter, when it does not return 0.
 */
#define cert_str_(getter, cert) cert_str_call_((getter), #getter, (cert))
static inline char *cert_str_call_(int (*getter)(char **, const pki_cert_t *), const char *name,
				   const pki_cert_t *cert)
{
	char *s = NULL;
	int rc = getter(&s, cert);

	cr_assert_eq(rc, 0, "%s -> %d (%s: %s)", name, rc, pki_strerror(rc), pki_error_detail());
	cr_assert_not_null(s, "%s returned 0 without a string", name);
	return s;
}

/*
 * What every importer int IMPORT(T **out, const void *data, size_t size, unsigned flags) must
 * refuse, with the code each gets: a NULL out or data, empty, oversized and unparsable @p bad
 * input (of @p n bytes, n > 0), and the unknown flag @p bad_flag; *@p out is NULL after a
 * refusal. @p out is the caller's T * variable.
 */
#define assert_import_refuses_(import, out, bad, n, bad_flag)                                    \
	do {                                                                               \
		fails_(PKI_E_INVALID_ARG, import(NULL, (bad), (n), 0));                    \
		(out) = (void *)1;                                                         \
		fails_(PKI_E_INVALID_ARG, import(&(out), NULL, (n), 0));                   \
		cr_assert_null(out);                                                       \
		fails_(PKI_E_PARSE, import(&(out), (bad), 0, 0));                          \
		fails_(PKI_E_TOO_LARGE, import(&(out), (bad), PKI_MAX_INPUT_SIZE + 1u, 0)); \
		fails_(PKI_E_INVALID_ARG, import(&(out), (bad), (n), (bad_flag)));          \
		fails_(PKI_E_PARSE, import(&(out), (bad), (n), 0));                        \
		cr_assert_null(out);                                                       \
	} while (0)

/*
 * What every file importer int IMPORT_FILE(T **out, const char *path, unsigned flags) must
 * refuse: the folder @p dir and the absent file @p missing (PKI_E_IO), a NULL out or path and
 * the flag 1 (PKI_E_INVALID_ARG); *@p out is NULL after each refusal.
 */
#define assert_import_file_refuses_(import_file, out, dir, missing)                            \
	do {                                                                               \
		(out) = (void *)1;                                                         \
		fails_(PKI_E_IO, import_file(&(out), (dir), 0));                           \
		cr_assert_null(out);                                                       \
		(out) = (void *)1;                                                         \
		fails_(PKI_E_IO, import_file(&(out), (missing), 0));                       \
		cr_assert_null(out);                                                       \
		fails_(PKI_E_INVALID_ARG, import_file(&(out), NULL, 0));                   \
		fails_(PKI_E_INVALID_ARG, import_file(NULL, (missing), 0));                \
		fails_(PKI_E_INVALID_ARG, import_file(&(out), (missing), 1));              \
		cr_assert_null(out);                                                       \
	} while (0)

/*
 * What a dump int DUMP(char **out, const T *obj, unsigned flags) (to_json, to_text) must refuse
 * with PKI_E_INVALID_ARG: a NULL out, a NULL @p obj, the flag 1; *out is NULL after a refusal.
 */
#define assert_dump_refuses_(dump, obj)                                                         \
	do {                                                                               \
		char *dump_ = (char *)1;                                                   \
		fails_(PKI_E_INVALID_ARG, dump(NULL, (obj), 0));                           \
		fails_(PKI_E_INVALID_ARG, dump(&dump_, NULL, 0));                          \
		cr_assert_null(dump_);                                                     \
		dump_ = (char *)1;                                                         \
		fails_(PKI_E_INVALID_ARG, dump(&dump_, (obj), 1));                         \
		cr_assert_null(dump_);                                                     \
	} while (0)

/*
 * What an exporter int EXPORT(unsigned char **out, size_t *size, const T *obj, pki_format_t,
 * unsigned flags) must refuse with PKI_E_INVALID_ARG: a NULL out, size or @p obj, the format
 * 7 and the flag 1; *out is NULL and *size 0 after a refusal.
 */
#define assert_export_refuses_(export, obj)                                                    \
	do {                                                                               \
		unsigned char *exp_ = (unsigned char *)1;                                  \
		size_t nexp_ = 1;                                                          \
		fails_(PKI_E_INVALID_ARG, export(NULL, &nexp_, (obj), PKI_FORMAT_PEM, 0));  \
		fails_(PKI_E_INVALID_ARG, export(&exp_, NULL, (obj), PKI_FORMAT_PEM, 0));   \
		fails_(PKI_E_INVALID_ARG, export(&exp_, &nexp_, NULL, PKI_FORMAT_PEM, 0));  \
		cr_assert_null(exp_);                                                      \
		cr_assert_eq(nexp_, 0);                                                    \
		fails_(PKI_E_INVALID_ARG, export(&exp_, &nexp_, (obj), (pki_format_t)7, 0)); \
		fails_(PKI_E_INVALID_ARG, export(&exp_, &nexp_, (obj), PKI_FORMAT_DER, 1));  \
		cr_assert_null(exp_);                                                      \
	} while (0)

/*
 * What a getter int GET(char **out, const T *obj) must refuse with PKI_E_INVALID_ARG: a NULL
 * out and a NULL @p obj; *out is NULL after a refusal.
 */
#define assert_getter_refuses_(get, obj)                                                       \
	do {                                                                               \
		char *got_ = (char *)1;                                                    \
		fails_(PKI_E_INVALID_ARG, get(NULL, (obj)));                               \
		fails_(PKI_E_INVALID_ARG, get(&got_, NULL));                               \
		cr_assert_null(got_);                                                      \
	} while (0)

/* One subjectAltName as the getters give it: its PKI_SAN_* type and its value. */
struct want_san {
	int type;
	const char *value;
};

/*
 * Assert that @p obj's subjectAltNames, read one at a time with GET(&s, obj, i) (COUNT(obj) of
 * them), are the @p n names of @p want, typed and in order, and that index n is PKI_E_NOT_FOUND
 * with a NULL output. GET and COUNT are pki_csr_san and pki_csr_san_count, or the cert ones.
 */
#define assert_sans_(count, get, obj, want, n)                                                 \
	do {                                                                               \
		char *san_ = NULL;                                                         \
		cr_assert_eq((count)(obj), (int)(n));                                      \
		for (unsigned i_ = 0; i_ < (unsigned)(n); i_++) {                          \
			cr_assert_eq((get)(&san_, (obj), i_), (want)[i_].type, "%u: %s", i_,  \
				     pki_error_detail());                                  \
			cr_assert_str_eq(san_, (want)[i_].value);                          \
			pki_free(san_);                                                    \
		}                                                                          \
		fails_(PKI_E_NOT_FOUND, (get)(&san_, (obj), (unsigned)(n)));               \
		cr_assert_null(san_);                                                      \
	} while (0)

/* Assert that @p n bytes at @p data import, with @p password, as a key equal to @p key. */
static inline void assert_imports_as_(const pki_key_t *key, const void *data, size_t n,
				      const char *password)
{
	pki_key_t *back = NULL;
	int rc = pki_key_import(&back, data, n, password, 0);

	cr_assert_eq(rc, 0, "pki_key_import -> %d (%s: %s)", rc, pki_strerror(rc), pki_error_detail());
	cr_assert(pki_key_equal(key, back), "another key after the import");
	pki_key_free(back);
}

/*
 * The path of a file of tests/data (its name relative to there, printf-style) below
 * $top_srcdir (set by make check; "." without it), for the caller to free().
 */
__attribute__((format(printf, 1, 2), unused)) static char *data_path_(const char *fmt, ...)
{
	const char *top = getenv("top_srcdir");
	char rel[512], *p = NULL;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	cr_assert(asprintf(&p, "%s/tests/data/%s", top ? top : ".", rel) > 0);
	return p;
}

/* The certificate in @p path (freed here), for the caller to pki_cert_free(). */
static inline pki_cert_t *data_cert_at_(char *path)
{
	pki_cert_t *c = NULL;

	ok_(pki_cert_import_file(&c, path, 0));
	free(path);
	return c;
}
/* data_cert_("lint/%s", name): the certificate of tests/data/lint/NAME. */
#define data_cert_(...) data_cert_at_(data_path_(__VA_ARGS__))

/* A fresh scratch folder; removed by rmtree_() at the end of the test. */
static inline char *scratch_dir(void)
{
	char tmpl[] = "/tmp/pki-test.XXXXXX";
	char *d = mkdtemp(tmpl);

	cr_assert_not_null(d);
	return strdup(d);
}

static inline char *path_in(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	cr_assert_not_null(p);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static inline void rmtree_(char *dir)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
	free(dir);
}

#endif
