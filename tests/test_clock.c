/*
 * The library's clock (issue 13 item 9): every "now" of libpki comes from pki__now()
 * (common.c), which a test fixes through pki__now_hook (internal.h). With the clock fixed,
 * the dates libpki writes are exact values, not windows around the wall clock, and the
 * checks that compare with "now" (verification, OCSP, CRL writing) can be moved across their
 * boundaries second by second. This file links the library's objects for the hook.
 */
#include "helpers.h"
#include "../libpki/internal.h"

#define DAY INT64_C(86400)
/* 2030-01-01T00:00:00Z: far from the wall clock, so a date read from it cannot pass */
#define T0 INT64_C(1893456000)

static int64_t fixed_now;

static int64_t fixed_clock(void)
{
	return fixed_now;
}

static void setup(void)
{
	fixed_now = T0;
	pki__now_hook = fixed_clock;
}

/* Each test starts with setup() (mini-criterion, the plain runner, has no fixtures); a test
 * that fails leaves the hook set, and the next one sets it again. */

static pki_key_t *gen(void)
{
	pki_key_t *k = NULL;

	ok_(pki_key_generate(&k, PKI_KEY_EC_P256, 0, 0));
	return k;
}

/* setup(), then a key: the first declaration of each test, so that nothing before it reads
 * the clock. */
static pki_key_t *setup_gen(void)
{
	setup();
	return gen();
}

static pki_cert_t *root_(const pki_key_t *key, unsigned days)
{
	pki_issue_opts_t *o = NULL;
	pki_cert_t *c = NULL;

	ok_(pki_issue_opts_new(&o, PKI_PROFILE_CA, 0));
	if (days)
		ok_(pki_issue_opts_set_days(o, days));
	ok_(pki_cert_self_sign(&c, key, "CN=Clock Root", o, 0));
	pki_issue_opts_free(o);
	return c;
}

Test(clock, the_hook_is_the_library_clock)
{
	setup();
	cr_assert_eq(pki__now(), T0);
	fixed_now = T0 + 1;
	cr_assert_eq(pki__now(), T0 + 1);
	pki__now_hook = NULL;
	cr_assert_gt(pki__now(), INT64_C(1700000000), "without the hook, the system clock");
	cr_assert_lt(pki__now(), T0, "(this test assumes it runs before 2030)");
}

Test(clock, issuance_dates_are_exact)
{
	pki_key_t *rk = setup_gen(), *k = gen();
	pki_cert_t *root = root_(rk, 0), *leaf = NULL;
	pki_issue_opts_t *o = NULL;
	int64_t nb = 0, na = 0;

	ok_(pki_cert_validity(&nb, &na, root));
	cr_assert_eq(nb, T0 - PKI_CLOCK_SKEW_SECONDS, "notBefore is backdated by the skew");
	cr_assert_eq(na, nb + PKI_DEFAULT_CA_DAYS * DAY);

	fixed_now = T0 + 3600;
	ok_(pki_issue_opts_new(&o, PKI_PROFILE_SERVER, 0));
	ok_(pki_issue_opts_set_days(o, 30));
	ok_(pki_cert_issue_for_key(&leaf, k, "CN=a.example.com", root, rk, o, 0));
	ok_(pki_cert_validity(&nb, &na, leaf));
	cr_assert_eq(nb, T0 + 3600 - PKI_CLOCK_SKEW_SECONDS);
	cr_assert_eq(na, nb + 30 * DAY);
	pki_cert_free(leaf);
	pki_issue_opts_free(o);
	pki_cert_free(root);
	pki_key_free(rk);
	pki_key_free(k);
}

Test(clock, crl_dates_are_exact)
{
	pki_key_t *rk = setup_gen();
	pki_cert_t *root = root_(rk, 0);
	pki_crl_opts_t *o = NULL;
	pki_crl_t *crl = NULL;
	char *json = NULL;

	fixed_now = T0 + DAY;
	ok_(pki_crl_opts_new(&o, 0));
	ok_(pki_crl_opts_set_days(o, 7));
	ok_(pki_crl_create(&crl, root, rk, o, 0));
	ok_(pki_crl_to_json(&json, crl, 0));
	/* T0 + 1 day - 300 s = 2030-01-01T23:55:00Z; nextUpdate 7 days after that */
	cr_assert_not_null(strstr(json, "\"this_update\": \"2030-01-01T23:55:00Z\""), "%s", json);
	cr_assert_not_null(strstr(json, "\"next_update\": \"2030-01-08T23:55:00Z\""), "%s", json);
	pki_free(json);
	pki_crl_free(crl);

	/* thisUpdate is never before the CA's notBefore (T0 - 300): at T0 it is exactly that */
	fixed_now = T0;
	ok_(pki_crl_create(&crl, root, rk, o, 0));
	ok_(pki_crl_to_json(&json, crl, 0));
	cr_assert_not_null(strstr(json, "\"this_update\": \"2029-12-31T23:55:00Z\""), "%s", json);
	pki_free(json);
	pki_crl_free(crl);

	/* a clock before the CA's notBefore: refused */
	fixed_now = T0 - PKI_CLOCK_SKEW_SECONDS - 1;
	fails_(PKI_E_VALIDITY, pki_crl_create(&crl, root, rk, o, 0));
	cr_assert_null(crl);
	pki_crl_opts_free(o);
	pki_cert_free(root);
	pki_key_free(rk);
}

Test(clock, ocsp_freshness_at_the_second)
{
	pki_key_t *rk = setup_gen(), *k = gen();
	pki_cert_t *root = root_(rk, 0), *leaf = NULL;
	pki_ocsp_opts_t *o = NULL;
	unsigned char *req = NULL, *resp = NULL;
	size_t req_n = 0, resp_n = 0;
	pki_ocsp_status_t st = (pki_ocsp_status_t)-1;

	ok_(pki_cert_issue_for_key(&leaf, k, "CN=a.example.com", root, rk, NULL, 0));
	ok_(pki_ocsp_opts_new(&o, 0));
	ok_(pki_ocsp_opts_set_validity(o, 3600));
	ok_(pki_ocsp_request_create(&req, &req_n, leaf, root, 0));
	ok_(pki_ocsp_respond(&resp, &resp_n, root, rk, req, req_n, o, 0));
	/* without PKI_OCSP_CHECK_AT, pki_ocsp_check checks at the library's clock */
	ok_(pki_ocsp_check(&st, NULL, NULL, resp, resp_n, leaf, root, req, req_n, 0, 0));
	cr_assert_eq(st, PKI_OCSP_GOOD);
	fixed_now = T0 + 3600; /* nextUpdate itself: still current */
	ok_(pki_ocsp_check(&st, NULL, NULL, resp, resp_n, leaf, root, req, req_n, 0, 0));
	fixed_now = T0 + 3601;
	fails_(PKI_E_VALIDITY, pki_ocsp_check(&st, NULL, NULL, resp, resp_n, leaf, root, req,
					      req_n, 0, 0));
	/* thisUpdate up to 5 minutes ahead of the checker's clock is skew, not the future */
	fixed_now = T0 - 300;
	ok_(pki_ocsp_check(&st, NULL, NULL, resp, resp_n, leaf, root, req, req_n, 0, 0));
	fixed_now = T0 - 301;
	fails_(PKI_E_VALIDITY, pki_ocsp_check(&st, NULL, NULL, resp, resp_n, leaf, root, req,
					      req_n, 0, 0));
	pki_free(resp);
	pki_free(req);
	pki_ocsp_opts_free(o);
	pki_cert_free(leaf);
	pki_cert_free(root);
	pki_key_free(rk);
	pki_key_free(k);
}

/* Whether @p cert verifies under @p root at the library's clock (no time set). */
static bool verifies(const pki_cert_t *cert, const pki_cert_t *root, int *first_reason)
{
	pki_trust_t *t = NULL;
	pki_verify_opts_t *o = NULL;
	pki_verify_result_t *r = NULL;
	bool valid;

	ok_(pki_trust_new(&t, 0));
	cr_assert_eq(pki_trust_add_cert(t, root, 0), 1);
	ok_(pki_verify_opts_new(&o, 0));
	ok_(pki_verify_opts_set_purpose(o, PKI_PURPOSE_ANY));
	ok_(pki_cert_verify(&r, cert, t, o, 0));
	valid = pki_verify_result_valid(r);
	*first_reason = valid ? 0 : pki_verify_result_reason(NULL, NULL, r, 0);
	pki_verify_result_free(r);
	pki_verify_opts_free(o);
	pki_trust_free(t);
	return valid;
}

Test(clock, verification_at_the_validity_edges)
{
	pki_key_t *rk = setup_gen(), *k = gen();
	pki_cert_t *root = root_(rk, 0), *leaf = NULL;
	pki_issue_opts_t *o = NULL;
	int64_t nb = 0, na = 0;
	int reason = 0;

	ok_(pki_issue_opts_new(&o, PKI_PROFILE_SERVER, 0));
	ok_(pki_issue_opts_set_days(o, 10));
	ok_(pki_cert_issue_for_key(&leaf, k, "CN=a.example.com", root, rk, o, 0));
	ok_(pki_cert_validity(&nb, &na, leaf));
	fixed_now = na;
	cr_assert(verifies(leaf, root, &reason), "valid at notAfter itself (reason %d)", reason);
	fixed_now = na + 1;
	cr_assert_not(verifies(leaf, root, &reason));
	cr_assert_eq(reason, PKI_VERIFY_EXPIRED);
	fixed_now = nb;
	cr_assert(verifies(leaf, root, &reason), "valid at notBefore itself (reason %d)", reason);
	fixed_now = nb - 1;
	cr_assert_not(verifies(leaf, root, &reason));
	cr_assert_eq(reason, PKI_VERIFY_NOT_YET_VALID);
	pki_issue_opts_free(o);
	pki_cert_free(leaf);
	pki_cert_free(root);
	pki_key_free(rk);
	pki_key_free(k);
}

/* Issue 13 item 7: a root and an intermediate made with the defaults a second apart. */
Test(clock, clamp_to_issuer_when_the_clock_ticks)
{
	pki_key_t *rk = setup_gen(), *ik = gen();
	pki_cert_t *root = root_(rk, 0), *mid = (pki_cert_t *)1;
	pki_issue_opts_t *io = NULL;
	int64_t rnb = 0, rna = 0, nb = 0, na = 0;

	ok_(pki_cert_validity(&rnb, &rna, root));
	ok_(pki_issue_opts_new(&io, PKI_PROFILE_INTERMEDIATE, 0));
	/* in the same second: the intermediate ends exactly with the root, nothing to clamp */
	ok_(pki_cert_issue_for_key(&mid, ik, "CN=Mid", root, rk, io, PKI_ISSUE_CLAMP_TO_ISSUER));
	ok_(pki_cert_validity(&nb, &na, mid));
	cr_assert_eq(na, rna);
	pki_cert_free(mid);

	/* a second later: refused without the flag; with it, clamped, and the cut (1 s, within
	 * the skew allowance) is not reported */
	fixed_now = T0 + 1;
	fails_(PKI_E_VALIDITY, pki_cert_issue_for_key(&mid, ik, "CN=Mid", root, rk, io, 0));
	cr_assert_null(mid);
	ok_(pki_cert_issue_for_key(&mid, ik, "CN=Mid", root, rk, io, PKI_ISSUE_CLAMP_TO_ISSUER));
	ok_(pki_cert_validity(&nb, &na, mid));
	cr_assert_eq(nb, T0 + 1 - PKI_CLOCK_SKEW_SECONDS);
	cr_assert_eq(na, rna, "ends with the root, not a second later");
	pki_cert_free(mid);
	/* a cut of exactly the allowance is not reported either; one second more is (1) */
	fixed_now = T0 + PKI_CLOCK_SKEW_SECONDS;
	ok_(pki_cert_issue_for_key(&mid, ik, "CN=Mid", root, rk, io, PKI_ISSUE_CLAMP_TO_ISSUER));
	pki_cert_free(mid);
	fixed_now = T0 + PKI_CLOCK_SKEW_SECONDS + 1;
	cr_assert_eq(pki_cert_issue_for_key(&mid, ik, "CN=Mid", root, rk, io,
					    PKI_ISSUE_CLAMP_TO_ISSUER),
		     1, "%s", pki_error_detail());
	ok_(pki_cert_validity(&nb, &na, mid));
	cr_assert_eq(na, rna);
	pki_cert_free(mid);

	/* explicit dates are clamped too; a leaf with room to spare is untouched (0) */
	ok_(pki_issue_opts_set_validity(io, T0, rna + 10 * DAY));
	cr_assert_eq(pki_cert_issue_for_key(&mid, ik, "CN=Mid", root, rk, io,
					    PKI_ISSUE_CLAMP_TO_ISSUER), 1);
	ok_(pki_cert_validity(&nb, &na, mid));
	cr_assert_eq(nb, T0);
	cr_assert_eq(na, rna);
	pki_cert_free(mid);
	ok_(pki_cert_issue_for_key(&mid, ik, "CN=a.example.com", root, rk, NULL,
				   PKI_ISSUE_CLAMP_TO_ISSUER));
	pki_cert_free(mid);

	/* an issuer that ends before the certificate starts is refused even so */
	fixed_now = rna + PKI_CLOCK_SKEW_SECONDS + 1;
	fails_(PKI_E_VALIDITY, pki_cert_issue_for_key(&mid, ik, "CN=a.example.com", root, rk, NULL,
						      PKI_ISSUE_CLAMP_TO_ISSUER));
	cr_assert_null(mid);
	fails_(PKI_E_INVALID_ARG, pki_cert_issue_for_key(&mid, ik, "CN=a.example.com", root, rk,
							 NULL, 1u << 2));
	pki_issue_opts_free(io);
	pki_cert_free(root);
	pki_key_free(rk);
	pki_key_free(ik);
}
