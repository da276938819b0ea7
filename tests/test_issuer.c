/*
 * Tests for the prepared issuer (pki_issuer_new / _issue / _issue_for_key / _free): the CA
 * checks are made once, at pki_issuer_new, and the per-request checks are still made at every
 * issuance. Signatures are checked with GnuTLS, independently of libpki. libpki's and GnuTLS's
 * clocks are fixed at TEST_NOW (helpers.h), so the issued dates are exact values.
 */
#define PKI_TEST_FIXED_CLOCK
#include "gcert.h"
#include "helpers.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

static pki_key_t *gen(void)
{
	pki_key_t *key = NULL;

	ok_(pki_key_generate(&key, PKI_KEY_EC_P256, 0, 0));
	return key;
}

static pki_cert_t *root_(const pki_key_t *key, const pki_issue_opts_t *o)
{
	pki_cert_t *c = NULL;

	ok_(pki_cert_self_sign(&c, key, "CN=Issuer Test Root", o, 0));
	return c;
}

static pki_csr_t *csr_(const pki_key_t *key, const char *subject)
{
	static const char *const sans[] = { "DNS:a.example.com", "IP:192.0.2.1", NULL };
	pki_csr_t *csr = NULL;

	ok_(pki_csr_create(&csr, key, subject, sans, 0));
	return csr;
}

/* GnuTLS says @p issuer signed @p c. */
static void assert_signed_by(const pki_cert_t *c, const pki_cert_t *issuer)
{
	gnutls_x509_crt_t gc = gcert_of(c), gi = gcert_of(issuer);
	unsigned status = 1;

	cr_assert_eq(gnutls_x509_crt_verify(gc, &gi, 1, 0, &status), 0);
	cr_assert_eq(status, 0, "GnuTLS status 0x%x", status);
	gnutls_x509_crt_deinit(gc);
	gnutls_x509_crt_deinit(gi);
}

static void assert_str_eq_free(char *got, const char *want)
{
	cr_assert_not_null(got);
	cr_assert_str_eq(got, want);
	pki_free(got);
}

Test(issuer, args)
{
	pki_key_t *cak = gen(), *k = gen();
	pki_cert_t *ca = root_(cak, NULL), *c = (pki_cert_t *)1;
	pki_issuer_t *iss = (pki_issuer_t *)1;
	pki_csr_t *csr = csr_(k, "CN=a.example.com");

	fails_(PKI_E_INVALID_ARG, pki_issuer_new(NULL, ca, cak, 0));
	fails_(PKI_E_INVALID_ARG, pki_issuer_new(&iss, NULL, cak, 0));
	cr_assert_null(iss);
	iss = (pki_issuer_t *)1;
	fails_(PKI_E_INVALID_ARG, pki_issuer_new(&iss, ca, NULL, 0));
	cr_assert_null(iss);
	fails_(PKI_E_INVALID_ARG, pki_issuer_new(&iss, ca, cak, 1));
	cr_assert(strstr(pki_error_detail(), "flags"), "%s", pki_error_detail());
	ok_(pki_issuer_new(&iss, ca, cak, 0));
	fails_(PKI_E_INVALID_ARG, pki_issuer_issue(NULL, iss, csr, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_issuer_issue(&c, NULL, csr, NULL, 0));
	cr_assert_null(c);
	c = (pki_cert_t *)1;
	fails_(PKI_E_INVALID_ARG, pki_issuer_issue(&c, iss, NULL, NULL, 0));
	cr_assert_null(c);
	fails_(PKI_E_INVALID_ARG, pki_issuer_issue(&c, iss, csr, NULL, 0x100));
	fails_(PKI_E_INVALID_ARG, pki_issuer_issue_for_key(NULL, iss, k, "CN=x", NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_issuer_issue_for_key(&c, NULL, k, "CN=x", NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_issuer_issue_for_key(&c, iss, NULL, "CN=x", NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_issuer_issue_for_key(&c, iss, k, NULL, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_issuer_issue_for_key(&c, iss, k, "CN=x", NULL, 0x100));
	cr_assert_null(c);
	pki_issuer_free(iss);
	pki_issuer_free(NULL);
	pki_csr_free(csr);
	pki_cert_free(ca);
	pki_key_free(cak);
	pki_key_free(k);
}

/* The CA checks of pki_cert_issue, made by pki_issuer_new. */
Test(issuer, ca_checked_once_at_new)
{
	pki_key_t *cak = gen(), *lk = gen(), *other = gen(), *pub = NULL;
	pki_cert_t *ca = root_(cak, NULL), *leaf = NULL;
	pki_issuer_t *iss = (pki_issuer_t *)1;

	ok_(pki_cert_issue_for_key(&leaf, lk, "CN=leaf.example.com", ca, cak, NULL, 0));
	fails_(PKI_E_NOT_CA, pki_issuer_new(&iss, leaf, lk, 0));
	cr_assert_null(iss);
	cr_assert(strstr(pki_error_detail(), "not a CA"), "%s", pki_error_detail());
	fails_(PKI_E_KEY_MISMATCH, pki_issuer_new(&iss, ca, other, 0));
	cr_assert_null(iss);
	ok_(pki_cert_public_key(&pub, ca));
	fails_(PKI_E_NO_PRIVATE_KEY, pki_issuer_new(&iss, ca, pub, 0));
	cr_assert_null(iss);
	pki_key_free(pub);
	pki_cert_free(leaf);
	pki_cert_free(ca);
	pki_key_free(cak);
	pki_key_free(lk);
	pki_key_free(other);
}

/* Many certificates from one issuer: each as pki_cert_issue would make it. */
Test(issuer, issues_what_pki_cert_issue_issues)
{
	pki_key_t *cak = gen(), *k1 = gen(), *k2 = gen();
	pki_cert_t *ca = root_(cak, NULL), *a = NULL, *b = NULL, *ref = NULL;
	pki_csr_t *r1 = csr_(k1, "CN=a.example.com,O=Test"), *r2 = csr_(k2, "CN=b.example.com");
	pki_issuer_t *iss = NULL;
	char **sans = NULL, *sa = NULL, *sb = NULL;

	ok_(pki_issuer_new(&iss, ca, cak, 0));
	ok_(pki_issuer_issue(&a, iss, r1, NULL, 0));
	ok_(pki_issuer_issue(&b, iss, r2, NULL, 0));
	ok_(pki_cert_issue(&ref, r1, ca, cak, NULL, 0));
	assert_signed_by(a, ca);
	assert_signed_by(b, ca);
	{
		int64_t nb, na, ref_nb, ref_na;

		/* the same dates as pki_cert_issue, at the fixed clock */
		ok_(pki_cert_validity(&nb, &na, a));
		ok_(pki_cert_validity(&ref_nb, &ref_na, ref));
		cr_assert_eq(nb, TEST_NOW - PKI_CLOCK_SKEW_SECONDS);
		cr_assert_eq(na - nb, PKI_DEFAULT_LEAF_DAYS * DAY);
		cr_assert_eq(ref_nb, nb);
		cr_assert_eq(ref_na, na);
	}
	{
		char *s = NULL;

		ok_(pki_cert_subject(&s, a));
		assert_str_eq_free(s, "CN=a.example.com,O=Test");
		ok_(pki_cert_issuer(&s, a));
		assert_str_eq_free(s, "CN=Issuer Test Root");
		cr_assert_eq(pki_cert_sans(&sans, a, 0), 2);
		cr_assert_str_eq(sans[0], "DNS:a.example.com");
		cr_assert_str_eq(sans[1], "IP:192.0.2.1");
		pki_strings_free(sans);
		/* the AKI is the CA's SKI, cached by pki_issuer_new */
		char *ski = NULL, *aki = NULL, *raki = NULL;

		ok_(pki_cert_subject_key_id(&ski, ca));
		ok_(pki_cert_authority_key_id(&aki, a));
		ok_(pki_cert_authority_key_id(&raki, ref));
		cr_assert_str_eq(aki, ski);
		cr_assert_str_eq(raki, ski);
		pki_free(ski);
		pki_free(aki);
		pki_free(raki);
		cr_assert(pki_cert_matches_key(a, k1));
		cr_assert(pki_cert_matches_key(b, k2));
	}
	ok_(pki_cert_serial(&sa, a));
	ok_(pki_cert_serial(&sb, b));
	cr_assert_str_neq(sa, sb);
	pki_free(sa);
	pki_free(sb);
	pki_cert_free(a);
	a = NULL;
	ok_(pki_issuer_issue_for_key(&a, iss, k2, "CN=c.example.com", NULL, 0));
	assert_signed_by(a, ca);
	cr_assert_eq(pki_cert_sans(&sans, a, 0), 1); /* the CN as a SAN, as pki_cert_issue does */
	cr_assert_str_eq(sans[0], "DNS:c.example.com");
	pki_strings_free(sans);
	pki_issuer_free(iss);
	/* the certificates outlive the issuer */
	cr_assert(pki_cert_matches_key(a, k2));
	pki_cert_free(a);
	pki_cert_free(b);
	pki_cert_free(ref);
	pki_csr_free(r1);
	pki_csr_free(r2);
	pki_cert_free(ca);
	pki_key_free(cak);
	pki_key_free(k1);
	pki_key_free(k2);
}

/* What depends on the request or the options is still checked at every issuance. */
Test(issuer, per_request_checks_still_made)
{
	pki_key_t *cak = gen(), *k = gen();
	pki_issue_opts_t *root_opts = NULL, *o = NULL, *inter = NULL;
	pki_cert_t *ca, *c = (pki_cert_t *)1;
	pki_csr_t *reuse = csr_(cak, "CN=reuse.example.com"), *good = csr_(k, "CN=ok.example.com");
	pki_csr_t *bad = NULL;
	pki_issuer_t *iss = NULL;
	unsigned char *der = NULL;
	size_t n = 0;

	/* a root of 30 days with pathLenConstraint 0 */
	ok_(pki_issue_opts_new(&root_opts, PKI_PROFILE_CA, 0));
	ok_(pki_issue_opts_set_days(root_opts, 30));
	ok_(pki_issue_opts_set_path_len(root_opts, 0));
	ca = root_(cak, root_opts);
	ok_(pki_issuer_new(&iss, ca, cak, 0));

	fails_(PKI_E_KEY_REUSE, pki_issuer_issue(&c, iss, reuse, NULL, 0));
	cr_assert_null(c);
	cr_assert(strstr(pki_error_detail(), "PKI_ISSUE_ALLOW_KEY_REUSE"), "%s",
		  pki_error_detail());
	fails_(PKI_E_KEY_REUSE, pki_issuer_issue_for_key(&c, iss, cak, "CN=x", NULL, 0));

	/* the default 397 days would outlive the 30-day CA */
	ok_(pki_issue_opts_new(&o, PKI_PROFILE_SERVER, 0));
	fails_(PKI_E_VALIDITY, pki_issuer_issue(&c, iss, good, o, 0));
	fails_(PKI_E_VALIDITY, pki_issuer_issue(&c, iss, reuse, o, PKI_ISSUE_ALLOW_KEY_REUSE));
	cr_assert(strstr(pki_error_detail(), "after its issuer"), "%s", pki_error_detail());
	ok_(pki_issue_opts_set_days(o, 10));
	ok_(pki_issuer_issue(&c, iss, good, o, 0));
	assert_signed_by(c, ca);
	pki_cert_free(c);
	ok_(pki_issuer_issue(&c, iss, reuse, o, PKI_ISSUE_ALLOW_KEY_REUSE));
	cr_assert(pki_cert_matches_key(c, cak));
	pki_cert_free(c);

	/* pathLenConstraint 0: no CA certificates */
	ok_(pki_issue_opts_new(&inter, PKI_PROFILE_INTERMEDIATE, 0));
	ok_(pki_issue_opts_set_days(inter, 10));
	fails_(PKI_E_NOT_CA, pki_issuer_issue(&c, iss, good, inter, 0));
	cr_assert(strstr(pki_error_detail(), "pathLenConstraint"), "%s", pki_error_detail());

	/* a request whose signature does not verify (last byte of the signature changed) */
	ok_(pki_csr_export(&der, &n, good, PKI_FORMAT_DER, 0));
	der[n - 1] ^= 0x01;
	if (pki_csr_import(&bad, der, n, 0) == 0) {
		fails_(PKI_E_BAD_SIGNATURE, pki_issuer_issue(&c, iss, bad, o, 0));
		cr_assert_null(c);
	}
	pki_free(der);

	pki_issuer_free(iss);
	pki_issue_opts_free(root_opts);
	pki_issue_opts_free(o);
	pki_issue_opts_free(inter);
	pki_csr_free(reuse);
	pki_csr_free(good);
	pki_csr_free(bad);
	pki_cert_free(ca);
	pki_key_free(cak);
	pki_key_free(k);
}
