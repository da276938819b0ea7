/* Tests for OCSP (ocsp.h) and PKCS#11 token keys (token.h): arguments, garbage, truncated
 * input, round trips, and the done-when of issue 16 in C: a CA whose key is on a SoftHSM2
 * token signs a certificate, a CRL and an OCSP response that `openssl ocsp` accepts.
 * libpki's clock is fixed at TEST_NOW (helpers.h) but for that last test. */
#define PKI_TEST_FIXED_CLOCK
#include "helpers.h"

#include <sys/wait.h>
#include <time.h>

typedef struct {
	pki_key_t *ca_key, *leaf_key;
	pki_cert_t *ca, *leaf;
} fixture_t;

static void make_pki(fixture_t *f, pki_key_t *ca_key)
{
	pki_issue_opts_t *o = NULL;
	pki_csr_t *csr = NULL;
	const char *sans[] = { "DNS:a.example.com", NULL };

	memset(f, 0, sizeof(*f));
	f->ca_key = ca_key;
	if (!f->ca_key)
		ok_(pki_key_generate(&f->ca_key, PKI_KEY_EC_P256, 0, 0));
	ok_(pki_issue_opts_new(&o, PKI_PROFILE_CA, 0));
	ok_(pki_cert_self_sign(&f->ca, f->ca_key, "CN=OCSP Test CA", o, 0));
	pki_issue_opts_free(o);
	ok_(pki_key_generate(&f->leaf_key, PKI_KEY_EC_P256, 0, 0));
	ok_(pki_csr_create(&csr, f->leaf_key, "CN=a.example.com", sans, 0));
	ok_(pki_issue_opts_new(&o, PKI_PROFILE_SERVER, 0));
	ok_(pki_issue_opts_set_days(o, 30));
	ok_(pki_cert_issue(&f->leaf, csr, f->ca, f->ca_key, o, 0));
	pki_issue_opts_free(o);
	pki_csr_free(csr);
}

static void free_pki(fixture_t *f)
{
	pki_cert_free(f->leaf);
	pki_cert_free(f->ca);
	pki_key_free(f->leaf_key);
	pki_key_free(f->ca_key);
}

Test(ocsp, arguments_garbage_and_truncation)
{
	fixture_t f;
	unsigned char *req = NULL, *resp = NULL;
	size_t req_n = 0, resp_n = 0;
	pki_ocsp_opts_t *o = NULL;
	pki_ocsp_status_t st = (pki_ocsp_status_t)-1;

	make_pki(&f, NULL);
	fails_(PKI_E_INVALID_ARG, pki_ocsp_request_create(NULL, &req_n, f.leaf, f.ca, 0));
	fails_(PKI_E_INVALID_ARG, pki_ocsp_request_create(&req, &req_n, NULL, f.ca, 0));
	fails_(PKI_E_INVALID_ARG, pki_ocsp_request_create(&req, &req_n, f.leaf, f.ca, 8));
	fails_(PKI_E_INVALID_ARG, pki_ocsp_opts_new(NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_ocsp_opts_set_crl(NULL, NULL));
	fails_(PKI_E_INVALID_ARG, pki_ocsp_opts_add_revoked(NULL, "01", 1, 0));
	ok_(pki_ocsp_opts_new(&o, 0));
	fails_(PKI_E_INVALID_ARG, pki_ocsp_opts_add_revoked(o, "zz", 1, 0));
	fails_(PKI_E_INVALID_ARG, pki_ocsp_opts_add_revoked(o, "01", 0, 0));
	fails_(PKI_E_INVALID_ARG, pki_ocsp_opts_add_revoked(o, "01", 1, 7));
	fails_(PKI_E_INVALID_ARG, pki_ocsp_opts_add_revoked(o, "01", 1, -1)); /* no sentinel */
	fails_(PKI_E_INVALID_ARG, pki_ocsp_opts_set_signer(o, f.leaf)); /* no OCSPSigning */
	fails_(PKI_E_INVALID_ARG, pki_ocsp_opts_set_validity(o, 400u * 86400u));
	ok_(pki_ocsp_request_create(&req, &req_n, f.leaf, f.ca, PKI_OCSP_NONCE));
	fails_(PKI_E_INVALID_ARG, pki_ocsp_respond(NULL, &resp_n, f.ca, f.ca_key, req, req_n, o, 0));
	fails_(PKI_E_INVALID_ARG, pki_ocsp_respond(&resp, &resp_n, f.ca, NULL, req, req_n, o, 0));
	fails_(PKI_E_PARSE, pki_ocsp_respond(&resp, &resp_n, f.ca, f.ca_key, "garbage", 7, o, 0));
	fails_(PKI_E_PARSE, pki_ocsp_respond(&resp, &resp_n, f.ca, f.ca_key, req, req_n - 1, o, 0));
	fails_(PKI_E_KEY_MISMATCH,
	       pki_ocsp_respond(&resp, &resp_n, f.ca, f.leaf_key, req, req_n, o, 0));
	cr_assert_null(resp);
	ok_(pki_ocsp_respond(&resp, &resp_n, f.ca, f.ca_key, req, req_n, o, 0));
	fails_(PKI_E_INVALID_ARG, pki_ocsp_check(NULL, NULL, NULL, resp, resp_n, f.leaf, f.ca,
						 NULL, 0, 0, 0));
	fails_(PKI_E_INVALID_ARG, pki_ocsp_check(&st, NULL, NULL, resp, resp_n, f.leaf, f.ca,
						 NULL, 0, 0, 1u << 1));
	fails_(PKI_E_PARSE, pki_ocsp_check(&st, NULL, NULL, "garbage", 7, f.leaf, f.ca, NULL, 0,
					   0, 0));
	fails_(PKI_E_PARSE, pki_ocsp_check(&st, NULL, NULL, resp, resp_n - 1, f.leaf, f.ca, NULL,
					   0, 0, 0));
	fails_(PKI_E_BAD_SIGNATURE, pki_ocsp_check(&st, NULL, NULL, resp, resp_n, f.leaf, f.leaf,
						   NULL, 0, 0, 0));
	ok_(pki_ocsp_check(&st, NULL, NULL, resp, resp_n, f.leaf, f.ca, req, req_n, 0, 0));
	cr_assert_eq(st, PKI_OCSP_GOOD);
	fails_(PKI_E_VALIDITY, pki_ocsp_check(&st, NULL, NULL, resp, resp_n, f.leaf, f.ca, NULL, 0,
					      TEST_NOW + 2 * 86400, PKI_OCSP_CHECK_AT));
	/* a time comes with its flag: no value of it means "now" (0 is 1970, before thisUpdate) */
	fails_(PKI_E_INVALID_ARG, pki_ocsp_check(&st, NULL, NULL, resp, resp_n, f.leaf, f.ca, NULL,
						 0, TEST_NOW, 0));
	cr_assert_not_null(strstr(pki_error_detail(), "PKI_OCSP_CHECK_AT"), "%s", pki_error_detail());
	fails_(PKI_E_VALIDITY, pki_ocsp_check(&st, NULL, NULL, resp, resp_n, f.leaf, f.ca, NULL, 0,
					      0, PKI_OCSP_CHECK_AT));
	fails_(PKI_E_INVALID_ARG, pki_ocsp_check(&st, NULL, NULL, resp, resp_n, f.leaf, f.ca, NULL,
						 0, -1, PKI_OCSP_CHECK_AT));
	fails_(PKI_E_INVALID_ARG, pki_ocsp_check(&st, NULL, NULL, resp, resp_n, f.leaf, f.ca, NULL,
						 0, 0, 2));
	fails_(PKI_E_INVALID_ARG, pki_verify_opts_add_ocsp_response(NULL, resp, resp_n, 0));
	pki_free(resp);
	pki_free(req);
	pki_ocsp_opts_free(o);
	pki_ocsp_opts_free(NULL);
	free_pki(&f);
}

Test(ocsp, revoked_and_unknown)
{
	fixture_t f, other;
	unsigned char *req = NULL, *resp = NULL;
	size_t req_n = 0, resp_n = 0;
	pki_ocsp_opts_t *o = NULL;
	char *serial = NULL;
	int64_t at = 0;
	pki_ocsp_status_t st = (pki_ocsp_status_t)-1;
	pki_crl_reason_t reason = (pki_crl_reason_t)-2;

	make_pki(&f, NULL);
	make_pki(&other, NULL);
	ok_(pki_cert_serial(&serial, f.leaf));
	ok_(pki_ocsp_opts_new(&o, 0));
	ok_(pki_ocsp_opts_add_revoked(o, serial, 1800000000, PKI_CRL_REASON_KEY_COMPROMISE));
	ok_(pki_ocsp_request_create(&req, &req_n, f.leaf, f.ca, 0));
	ok_(pki_ocsp_respond(&resp, &resp_n, f.ca, f.ca_key, req, req_n, o, 0));
	ok_(pki_ocsp_check(&st, &at, &reason, resp, resp_n, f.leaf, f.ca, NULL, 0, 0, 0));
	cr_assert_eq(st, PKI_OCSP_REVOKED);
	cr_assert_eq(at, 1800000000);
	cr_assert_eq(reason, PKI_CRL_REASON_KEY_COMPROMISE);
	pki_free(resp);
	pki_free(req);
	/* a response of this CA about another CA's certificate is not that CA's answer */
	ok_(pki_ocsp_request_create(&req, &req_n, other.leaf, other.ca, 0));
	ok_(pki_ocsp_respond(&resp, &resp_n, f.ca, f.ca_key, req, req_n, NULL, 0));
	fails_(PKI_E_BAD_SIGNATURE, pki_ocsp_check(&st, NULL, NULL, resp, resp_n, other.leaf,
						   other.ca, NULL, 0, 0, 0));
	pki_free(resp);
	pki_free(req);
	pki_free(serial);
	pki_ocsp_opts_free(o);
	free_pki(&other);
	free_pki(&f);
}

Test(token, arguments)
{
	pki_key_t *k = NULL;
	char *s = NULL;

	cr_assert(pki_is_pkcs11_url("PKCS11:token=x"));
	cr_assert(!pki_is_pkcs11_url("/tmp/key.pem"));
	cr_assert(!pki_is_pkcs11_url(NULL));
	fails_(PKI_E_INVALID_ARG, pki_key_import_url(NULL, "pkcs11:token=x", NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_import_url(&k, NULL, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_import_url(&k, "file.pem", NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_import_url(&k, "pkcs11:token=x;pin-value=1", NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_import_url(&k, "pkcs11:token=x", NULL, 1));
	cr_assert_null(k);
	fails_(PKI_E_INVALID_ARG, pki_key_generate_token(&k, "pkcs11:token=x", "", "1", 0, 0, 0));
	fails_(PKI_E_PASSWORD_REQUIRED,
	       pki_key_generate_token(&k, "pkcs11:token=x", "l", NULL, 0, 0, 0));
	fails_(PKI_E_UNSUPPORTED,
	       pki_key_generate_token(&k, "pkcs11:token=x", "l", "1", PKI_KEY_ED25519, 0, 0));
	fails_(PKI_E_WEAK, pki_key_generate_token(&k, "pkcs11:token=x", "l", "1", PKI_KEY_RSA, 1024, 0));
	fails_(PKI_E_INVALID_ARG, pki_token_list(NULL, NULL, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_token_list(&s, "nope", NULL, 0));
	cr_assert_null(pki_key_url(NULL));
	{
		pki_cert_t *c = NULL;

		fails_(PKI_E_INVALID_ARG, pki_cert_import_url(NULL, "pkcs11:token=x", 0));
		fails_(PKI_E_INVALID_ARG, pki_cert_import_url(&c, "cert.pem", 0));
		fails_(PKI_E_INVALID_ARG, pki_cert_import_url(&c, "pkcs11:token=x", 2));
		cr_assert_null(c);
	}
}

static int run(const char *cmd)
{
	int rc = system(cmd);

	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static void write_file(const char *dir, const char *name, const void *data, size_t n)
{
	char *p = path_in(dir, name);

	ok_(pki_file_write(p, data, n, 0));
	free(p);
}

/* The done-when of issue 16, in C. */
Test(token, softhsm_ca_signs_certificate_crl_and_ocsp_for_openssl)
{
	char *dir, conf[600], cmd[1400];
	FILE *fp;
	pki_key_t *key = NULL;
	fixture_t f;
	pki_crl_t *crl = NULL;
	pki_crl_opts_t *co = NULL;
	pki_ocsp_opts_t *oo = NULL;
	unsigned char *der = NULL, *req = NULL, *resp = NULL;
	size_t n = 0, req_n = 0, resp_n = 0;

	if (run("command -v softhsm2-util >/dev/null && command -v openssl >/dev/null") != 0 ||
	    access("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", R_OK) != 0)
		cr_skip_test("softhsm2 or openssl is not installed");
	/* The wall clock here: the openssl binary checks what the token CA signed against its
	 * own clock (openssl ocsp has no option to move the response's time checks). */
	test_wall_clock_();
	dir = scratch_dir();
	snprintf(conf, sizeof(conf), "%s/softhsm2.conf", dir);
	snprintf(cmd, sizeof(cmd), "mkdir '%s/tokens'", dir);
	cr_assert_eq(run(cmd), 0);
	fp = fopen(conf, "w");
	cr_assert_not_null(fp);
	fprintf(fp, "directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n",
		dir);
	fclose(fp);
	setenv("SOFTHSM2_CONF", conf, 1);
	cr_assert_eq(run("softhsm2-util --init-token --free --label c-ca --pin 1234 --so-pin 5678 "
			 ">/dev/null"), 0);
	ok_(pki_key_generate_token(&key, "pkcs11:token=c-ca", "ca", "1234", PKI_KEY_EC_P256, 0, 0));
	fails_(PKI_E_TOKEN_KEY, pki_key_export(&der, &n, key, PKI_FORMAT_PEM, NULL, 0));
	make_pki(&f, key);
	ok_(pki_crl_opts_new(&co, 0));
	ok_(pki_crl_opts_add_revoked_cert(co, f.leaf, (int64_t)time(NULL),
					  PKI_CRL_REASON_KEY_COMPROMISE));
	ok_(pki_crl_create(&crl, f.ca, key, co, 0));
	ok_(pki_ocsp_opts_new(&oo, 0));
	ok_(pki_ocsp_opts_set_crl(oo, crl));
	ok_(pki_ocsp_request_create(&req, &req_n, f.leaf, f.ca, PKI_OCSP_NONCE));
	ok_(pki_ocsp_respond(&resp, &resp_n, f.ca, key, req, req_n, oo, 0));
	ok_(pki_cert_export(&der, &n, f.ca, PKI_FORMAT_PEM, 0));
	write_file(dir, "ca.pem", der, n);
	pki_free(der);
	ok_(pki_cert_export(&der, &n, f.leaf, PKI_FORMAT_PEM, 0));
	write_file(dir, "leaf.pem", der, n);
	pki_free(der);
	ok_(pki_crl_export(&der, &n, crl, PKI_FORMAT_PEM, 0));
	write_file(dir, "ca.crl", der, n);
	pki_free(der);
	write_file(dir, "req.der", req, req_n);
	write_file(dir, "resp.der", resp, resp_n);
	snprintf(cmd, sizeof(cmd), "cd '%s' && openssl verify -CAfile ca.pem leaf.pem >/dev/null && "
		 "openssl crl -in ca.crl -CAfile ca.pem -noout 2>&1 | grep -q 'verify OK' && "
		 "openssl ocsp -respin resp.der -reqin req.der -issuer ca.pem -CAfile ca.pem 2>&1 | "
		 "grep -q 'Response verify OK' && openssl ocsp -respin resp.der -issuer ca.pem "
		 "-CAfile ca.pem -cert leaf.pem -no_nonce 2>&1 | grep -q 'leaf.pem: revoked'", dir);
	cr_assert_eq(run(cmd), 0, "openssl did not accept what the token CA signed");
	pki_free(req);
	pki_free(resp);
	pki_ocsp_opts_free(oo);
	pki_crl_opts_free(co);
	pki_crl_free(crl);
	free_pki(&f);
	rmtree_(dir);
	test_fix_clock_();
}
