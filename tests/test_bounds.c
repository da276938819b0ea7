/*
 * The resource bound of every importer (issue 12 item 5), each with an input just over it
 * and, where that is cheap, one at it: the documented error, never a crash or an endless run.
 * Bounds tested elsewhere are listed here so that one file shows them all:
 * - PKI_MAX_INPUT_SIZE for every importer: test_catalogue (every_importer_refuses_...),
 *   test_cert, test_csr, test_key (input_size_limit), test_common (pki_file_read);
 * - PKI_MAX_KDF_ITERATIONS (encrypted keys): test_key (pbkdf2_iterations_over_the_bound);
 * - PKI_MAX_CHAIN_CERTS (1000/1001): test_cert;
 * - PKI_CRL_MAX_ENTRIES: test_crl;
 * - PKI_P12_MAX_KDF_ITERATIONS, PKI_P12_MAX_SAFES, PKI_P12_MAX_SAFE_BAGS: test_pkcs12
 *   (count_bounds) and interop-pkcs12.sh; PKI_P12_MAX_CHAIN: test_pkcs12.
 * Here: PKI_MAX_SANS for certificates and requests (imported and created), and
 * PKI_MAX_DN_LENGTH / PKI_MAX_DN_ATTRIBUTES for DN strings.
 * Certificates and requests with that many names are fixtures made by the cryptography package
 * (tests/data/bounds/make-fixtures.py), since libpki refuses to write them.
 */
#include "helpers.h"

/* tests/data/bounds/NAME imported by pki_T_import (T: cert or csr) into the handle OUT. */
#define IMPORT_FIXTURE(T, out, name)                                                          \
	do {                                                                               \
		size_t n_ = 0;                                                             \
		unsigned char *d_ = fixture((name), &n_);                                  \
                                                                                           \
		ok_(pki_##T##_import(&(out), d_, n_, 0));                                  \
		pki_free(d_);                                                              \
	} while (0)

/* The content of tests/data/bounds/NAME (pki_free). */
static unsigned char *fixture(const char *name, size_t *n)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	unsigned char *data = NULL;

	snprintf(path, sizeof(path), "%s/tests/data/bounds/%s", top ? top : ".", name);
	ok_(pki_file_read(&data, n, path, 0));
	return data;
}

Test(bounds, sans_of_certificates_and_requests)
{
	pki_cert_t *cert = NULL, *ca = NULL, *issued = NULL;
	pki_csr_t *csr = NULL;
	pki_key_t *ca_key = NULL;
	char *san = NULL;

	/* At the bound: read, every name there. */
	IMPORT_FIXTURE(cert, cert, "cert-10000-sans.der");
	IMPORT_FIXTURE(csr, csr, "csr-10000-sans.der");
	cr_assert_eq(pki_cert_san_count(cert), (int)PKI_MAX_SANS);
	cr_assert_gt(pki_cert_san(&san, cert, PKI_MAX_SANS - 1), 0);
	cr_assert_str_eq(san, "h9999.ex");
	pki_free(san);
	san = NULL;
	pki_cert_free(cert);
	cr_assert_eq(pki_csr_san_count(csr), (int)PKI_MAX_SANS);
	pki_csr_free(csr);

	/* One over: the handle is made (its key, subject, signature can still be inspected),
	 * the decoding stops at the bound, and every name getter answers PKI_E_TOO_LARGE
	 * naming it; no certificate is issued from the request. */
	IMPORT_FIXTURE(cert, cert, "cert-10001-sans.der");
	fails_(PKI_E_TOO_LARGE, pki_cert_san_count(cert));
	cr_assert_not_null(strstr(pki_error_detail(), "10000 SANs"), "%s", pki_error_detail());
	fails_(PKI_E_TOO_LARGE, pki_cert_san(&san, cert, 0));
	cr_assert_null(san);
	IMPORT_FIXTURE(csr, csr, "csr-10001-sans.der");
	fails_(PKI_E_TOO_LARGE, pki_csr_san_count(csr));
	cr_assert_not_null(strstr(pki_error_detail(), "10000 SANs"), "%s", pki_error_detail());
	ok_(pki_key_generate(&ca_key, PKI_KEY_EC_P256, 0, 0));
	ok_(pki_cert_self_sign(&ca, ca_key, "CN=Bounds CA", NULL, 0));
	/* (issuance has its own, smaller bound on the names it writes) */
	cr_assert_lt(pki_cert_issue(&issued, csr, ca, ca_key, NULL, 0), 0);
	cr_assert_null(issued);

	pki_cert_free(ca);
	pki_key_free(ca_key);
	pki_csr_free(csr);
	pki_cert_free(cert);
}

Test(bounds, sans_given_to_pki_csr_create)
{
	pki_key_t *key = NULL;
	pki_csr_t *csr = NULL;
	const char **sans = calloc(PKI_MAX_SANS + 2, sizeof(*sans));

	cr_assert_not_null(sans);
	ok_(pki_key_generate(&key, PKI_KEY_EC_P256, 0, 0));
	for (unsigned i = 0; i <= PKI_MAX_SANS; i++)
		sans[i] = "DNS:a.example";
	fails_(PKI_E_TOO_LARGE, pki_csr_create(&csr, key, "CN=many", sans, 0));
	cr_assert_null(csr);
	cr_assert_not_null(strstr(pki_error_detail(), "10000"), "%s", pki_error_detail());
	free(sans);
	pki_key_free(key);
}

Test(bounds, dn_strings)
{
	pki_key_t *key = NULL;
	pki_csr_t *csr = NULL;
	pki_issue_opts_t *opts = NULL;
	size_t n = PKI_MAX_DN_LENGTH + 1;
	char *dn = malloc(n + 1);
	char *attrs = malloc(PKI_MAX_DN_ATTRIBUTES * 5 + 8);
	size_t o = 0;

	cr_assert(dn && attrs);
	ok_(pki_key_generate(&key, PKI_KEY_EC_P256, 0, 0));
	ok_(pki_issue_opts_new(&opts, PKI_PROFILE_SERVER, 0));

	/* One byte over PKI_MAX_DN_LENGTH: refused before it is parsed. */
	memcpy(dn, "CN=", 3);
	memset(dn + 3, 'a', n - 3);
	dn[n] = '\0';
	fails_(PKI_E_INVALID_NAME, pki_csr_create(&csr, key, dn, NULL, 0));
	cr_assert_not_null(strstr(pki_error_detail(), "longer than 65536"), "%s",
			   pki_error_detail());
	fails_(PKI_E_INVALID_NAME, pki_issue_opts_set_subject(opts, dn));
	cr_assert_not_null(strstr(pki_error_detail(), "longer than 65536"), "%s",
			   pki_error_detail());

	/* PKI_MAX_DN_ATTRIBUTES attributes are read; one more is refused. */
	for (unsigned i = 0; i < PKI_MAX_DN_ATTRIBUTES; i++)
		o += (size_t)sprintf(attrs + o, "%sO=a", i ? "," : "");
	ok_(pki_csr_create(&csr, key, attrs, NULL, 0));
	pki_csr_free(csr);
	csr = NULL;
	ok_(pki_issue_opts_set_subject(opts, attrs));
	sprintf(attrs + o, ",O=a");
	fails_(PKI_E_INVALID_NAME, pki_csr_create(&csr, key, attrs, NULL, 0));
	cr_assert_not_null(strstr(pki_error_detail(), "more than 256 attributes"), "%s",
			   pki_error_detail());
	fails_(PKI_E_INVALID_NAME, pki_issue_opts_set_subject(opts, attrs));
	cr_assert_null(csr);

	pki_issue_opts_free(opts);
	pki_key_free(key);
	free(attrs);
	free(dn);
}
