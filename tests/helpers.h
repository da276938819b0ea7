/* Helpers shared by the Criterion tests. */
#ifndef PKI_TEST_HELPERS_H
#define PKI_TEST_HELPERS_H

#include "config.h" /* _GNU_SOURCE and friends, before any system header */

#ifdef PKI_PLAIN_TESTS
#include "mini-criterion.h" /* one process, so valgrind and LSan see every test */
#else
#include <criterion/criterion.h>
#endif
#include <pki.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
