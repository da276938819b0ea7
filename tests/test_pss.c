/*
 * RSA-PSS keys (generation with and without parameters, the parameter getter, import and
 * export), signatures with them, and requests signed with a chosen hash or RSASSA-PSS
 * (pki_csr_create_v2). Two 2048-bit RSA-PSS keys and one RSA key per test that needs them.
 */
#include "helpers.h"

/* A 2048-bit RSA-PSS key restricted to @p hash (none for PKI_HASH_DEFAULT). */
static pki_key_t *pss(pki_hash_t hash)
{
	pki_key_t *key = NULL;

	ok_(pki_key_generate_rsa_pss(&key, 2048, hash, 0));
	return key;
}

static char *json_of(const pki_key_t *key)
{
	char *s = NULL;

	ok_(pki_key_to_json(&s, key, 0));
	return s;
}

Test(pss, generate_and_describe, .timeout = 120)
{
	pki_key_t *any = NULL, *k384 = pss(PKI_HASH_SHA384);
	pki_hash_t hash = PKI_HASH_SHA512;
	unsigned salt = 99;
	char *s;

	ok_(pki_key_generate(&any, PKI_KEY_RSA_PSS, 2048, 0));
	cr_assert_eq(pki_key_type(any), PKI_KEY_RSA_PSS);
	cr_assert_str_eq(pki_key_algorithm(any), "rsa-pss");
	cr_assert_str_eq(pki_key_type_name(PKI_KEY_RSA_PSS), "rsa-pss");
	cr_assert_eq(pki_key_type_from_name("RSA-PSS"), PKI_KEY_RSA_PSS);
	cr_assert_eq(pki_key_type_from_name("rsassa-pss"), PKI_KEY_RSA_PSS);
	cr_assert_null(pki_key_curve(any));
	cr_assert_eq(pki_key_bits(any), 2048);
	fails_(PKI_E_NOT_FOUND, pki_key_rsa_pss_params(any, &hash, &salt));
	cr_assert(strstr(pki_error_detail(), "no parameters"));
	cr_assert_eq(hash, PKI_HASH_DEFAULT);
	cr_assert_eq(salt, 0);
	ok_(pki_key_rsa_pss_params(k384, &hash, &salt));
	cr_assert_eq(hash, PKI_HASH_SHA384);
	cr_assert_eq(salt, 48);
	ok_(pki_key_rsa_pss_params(k384, NULL, NULL));
	s = json_of(any);
	cr_assert_str_eq(s, "{\"type\":\"rsa-pss\",\"bits\":2048,\"curve\":null,\"pss_hash\":null,"
			    "\"pss_salt_length\":null}");
	pki_free(s);
	s = json_of(k384);
	cr_assert_str_eq(s, "{\"type\":\"rsa-pss\",\"bits\":2048,\"curve\":null,"
			    "\"pss_hash\":\"sha384\",\"pss_salt_length\":48}");
	pki_free(s);
	pki_key_free(any);
	pki_key_free(k384);
}

Test(pss, bad_arguments)
{
	pki_key_t *key = (pki_key_t *)1, *ec = NULL;
	pki_hash_t hash;

	fails_(PKI_E_INVALID_ARG, pki_key_generate_rsa_pss(NULL, 2048, PKI_HASH_SHA256, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_generate_rsa_pss(&key, 2048, PKI_HASH_SHA256, 1));
	cr_assert_null(key);
	fails_(PKI_E_INVALID_ARG, pki_key_generate_rsa_pss(&key, 2048, (pki_hash_t)9, 0));
	cr_assert(strstr(pki_error_detail(), "unknown hash"));
	fails_(PKI_E_WEAK, pki_key_generate_rsa_pss(&key, 1024, PKI_HASH_SHA256, 0));
	fails_(PKI_E_WEAK, pki_key_generate(&key, PKI_KEY_RSA_PSS, 1024, 0));
	fails_(PKI_E_TOO_LARGE, pki_key_generate_rsa_pss(&key, 16384, PKI_HASH_DEFAULT, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_rsa_pss_params(NULL, &hash, NULL));
	cr_assert(strstr(pki_error_detail(), "key is NULL"));
	ok_(pki_key_generate(&ec, PKI_KEY_EC_P256, 0, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_rsa_pss_params(ec, &hash, NULL));
	cr_assert(strstr(pki_error_detail(), "ec-p256 key has no RSA-PSS parameters"));
	pki_key_free(ec);
}

Test(pss, import_export_sign, .timeout = 120)
{
	pki_key_t *key = pss(PKI_HASH_SHA256), *back = NULL, *pub = NULL;
	unsigned char *pem = NULL, *der = NULL, *sig = NULL, *spki = NULL;
	size_t npem = 0, nder = 0, nsig = 0, nspki = 0;
	pki_hash_t hash;
	unsigned salt;

	ok_(pki_key_export(&pem, &npem, key, PKI_FORMAT_PEM, NULL, 0));
	cr_assert(strstr((char *)pem, "-----BEGIN PRIVATE KEY-----"));
	ok_(pki_key_export(&der, &nder, key, PKI_FORMAT_DER, NULL, 0));
	ok_(pki_key_import(&back, der, nder, NULL, 0));
	cr_assert_eq(pki_key_type(back), PKI_KEY_RSA_PSS);
	ok_(pki_key_rsa_pss_params(back, &hash, &salt));
	cr_assert_eq(hash, PKI_HASH_SHA256);
	cr_assert_eq(salt, 32);
	cr_assert(pki_key_equal(key, back));
	pki_key_free(back);
	back = NULL;
	/* Truncated PEM and DER are parse errors, not crashes. */
	fails_(PKI_E_PARSE, pki_key_import(&back, der, nder - 10, NULL, 0));
	fails_(PKI_E_PARSE, pki_key_import(&back, pem, npem - 40, NULL, 0));
	cr_assert_null(back);
	/* The public half keeps the parameters. */
	ok_(pki_key_export_public(&spki, &nspki, key, PKI_FORMAT_DER, 0));
	ok_(pki_key_import(&pub, spki, nspki, NULL, 0));
	cr_assert_eq(pki_key_type(pub), PKI_KEY_RSA_PSS);
	ok_(pki_key_rsa_pss_params(pub, &hash, NULL));
	cr_assert_eq(hash, PKI_HASH_SHA256);
	/* It signs with PSS (with or without the flag) and only with its hash. */
	ok_(pki_key_sign(&sig, &nsig, key, PKI_HASH_DEFAULT, "data", 4, 0));
	ok_(pki_key_verify(pub, PKI_HASH_SHA256, "data", 4, sig, nsig, PKI_SIGN_RSA_PSS));
	ok_(pki_key_verify(pub, PKI_HASH_DEFAULT, "data", 4, sig, nsig, 0));
	fails_(PKI_E_BAD_SIGNATURE, pki_key_verify(pub, PKI_HASH_DEFAULT, "datA", 4, sig, nsig, 0));
	pki_free(sig);
	sig = NULL;
	fails_(PKI_E_INVALID_ARG, pki_key_sign(&sig, &nsig, key, PKI_HASH_SHA512, "data", 4, 0));
	cr_assert(strstr(pki_error_detail(), "restricted to sha256"));
	cr_assert_null(sig);
	pki_free(pem);
	pki_free(der);
	pki_free(spki);
	pki_key_free(pub);
	pki_key_free(key);
}

/* The request verifies and is signed with @p want (pki_csr_signature_algorithm's name). */
static void signed_with(const pki_csr_t *csr, const char *want)
{
	char *s = NULL;

	ok_(pki_csr_verify(csr, 0));
	ok_(pki_csr_signature_algorithm(&s, csr));
	cr_assert_str_eq(s, want);
	pki_free(s);
}

Test(pss, requests_with_a_chosen_signature, .timeout = 120)
{
	pki_key_t *rsa = NULL, *ec = NULL, *ed = NULL;
	pki_csr_t *csr = (pki_csr_t *)1;
	const char *sans[] = { "DNS:a.example", NULL };

	ok_(pki_key_generate(&rsa, PKI_KEY_RSA, 2048, 0));
	ok_(pki_key_generate(&ec, PKI_KEY_EC_P256, 0, 0));
	ok_(pki_key_generate(&ed, PKI_KEY_ED25519, 0, 0));
	fails_(PKI_E_INVALID_ARG, pki_csr_create_v2(NULL, rsa, "CN=a", NULL, 0, 0));
	fails_(PKI_E_INVALID_ARG, pki_csr_create_v2(&csr, NULL, "CN=a", NULL, 0, 0));
	cr_assert_null(csr);
	fails_(PKI_E_INVALID_ARG, pki_csr_create_v2(&csr, rsa, NULL, NULL, 0, 0));
	fails_(PKI_E_INVALID_ARG, pki_csr_create_v2(&csr, rsa, "CN=a", NULL, (pki_hash_t)7, 0));
	cr_assert(strstr(pki_error_detail(), "unknown hash"));
	fails_(PKI_E_INVALID_ARG, pki_csr_create_v2(&csr, rsa, "CN=a", NULL, 0, 1u << 5));
	fails_(PKI_E_INVALID_ARG, pki_csr_create_v2(&csr, ec, "CN=a", NULL, 0, PKI_SIGN_RSA_PSS));
	cr_assert(strstr(pki_error_detail(), "need an RSA key"));
	fails_(PKI_E_INVALID_ARG, pki_csr_create_v2(&csr, ed, "CN=a", NULL, PKI_HASH_SHA256, 0));
	cr_assert(strstr(pki_error_detail(), "pure EdDSA"));
	fails_(PKI_E_INVALID_NAME, pki_csr_create_v2(&csr, ec, "CN", NULL, 0, 0));
	cr_assert_null(csr);

	ok_(pki_csr_create_v2(&csr, rsa, "CN=a", sans, PKI_HASH_SHA384, PKI_SIGN_RSA_PSS));
	signed_with(csr, "RSA-PSS-SHA384");
	/* Signed again the same way when an extension is added. */
	ok_(pki_csr_add_extension(csr, rsa, "1.2.3.4", "\x05\x00", 2, 0));
	signed_with(csr, "RSA-PSS-SHA384");
	pki_csr_free(csr);
	ok_(pki_csr_create_v2(&csr, ec, "CN=a", NULL, PKI_HASH_SHA512, 0));
	signed_with(csr, "ECDSA-SHA512");
	pki_csr_free(csr);
	ok_(pki_csr_create_v2(&csr, rsa, "CN=a", NULL, PKI_HASH_DEFAULT, 0));
	signed_with(csr, "RSA-SHA256");
	pki_csr_free(csr);
	pki_key_free(rsa);
	pki_key_free(ec);
	pki_key_free(ed);
}

Test(pss, pss_keyed_ca_and_request, .timeout = 120)
{
	pki_key_t *key = pss(PKI_HASH_SHA512);
	pki_cert_t *ca = NULL;
	pki_csr_t *csr = NULL;
	pki_issue_opts_t *opts = NULL;
	char *s;

	ok_(pki_issue_opts_new(&opts, PKI_PROFILE_CA, 0));
	ok_(pki_cert_self_sign(&ca, key, "CN=PSS CA", opts, 0));
	ok_(pki_cert_signature_algorithm(&s, ca));
	cr_assert_str_eq(s, "RSA-PSS-SHA512");
	pki_free(s);
	cr_assert_eq(pki_cert_key_usage(ca) & PKI_KU_KEY_ENCIPHERMENT, 0);
	pki_cert_free(ca);
	ca = NULL;
	ok_(pki_issue_opts_set_signature(opts, PKI_HASH_SHA256, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_self_sign(&ca, key, "CN=PSS CA", opts, 0));
	cr_assert(strstr(pki_error_detail(), "restricted to sha512"));
	cr_assert_null(ca);
	ok_(pki_csr_create(&csr, key, "CN=pss request", NULL, 0));
	signed_with(csr, "RSA-PSS-SHA512");
	pki_csr_free(csr);
	csr = NULL;
	fails_(PKI_E_INVALID_ARG, pki_csr_create_v2(&csr, key, "CN=x", NULL, PKI_HASH_SHA384, 0));
	cr_assert_null(csr);
	pki_issue_opts_free(opts);
	pki_key_free(key);
}

/* The DER of RSASSA-PSS-params' maskGenAlgorithm for SHA-384: MGF1 with SHA-384, explicit. */
static const unsigned char mgf1_sha384[] = { 0xa1, 0x1a, 0x30, 0x18, 0x06, 0x09, 0x2a, 0x86,
					     0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08, 0x30,
					     0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
					     0x03, 0x04, 0x02, 0x02 };

static bool has_bytes(const unsigned char *p, size_t n, const unsigned char *w, size_t wn)
{
	for (size_t i = 0; i + wn <= n; i++)
		if (memcmp(p + i, w, wn) == 0)
			return true;
	return false;
}

/* A CA with an RSA-PSS key signs CRLs and OCSP responses (RSASSA-PSS, explicit parameters)
 * that libpki checks; before, both were refused as unsupported. */
Test(pss, pss_keyed_ca_signs_crl_and_ocsp, .timeout = 120)
{
	pki_key_t *key = pss(PKI_HASH_SHA384), *leaf_key = NULL;
	pki_cert_t *ca = NULL, *leaf = NULL;
	pki_csr_t *csr = NULL;
	pki_issue_opts_t *opts = NULL;
	pki_crl_opts_t *co = NULL;
	pki_crl_t *crl = NULL;
	unsigned char *req = NULL, *resp = NULL, *der = NULL;
	size_t req_n = 0, resp_n = 0, der_n = 0;
	const char *sans[] = { "DNS:a.example.com", NULL };
	char *s = NULL;
	pki_ocsp_status_t st = (pki_ocsp_status_t)-1;

	ok_(pki_issue_opts_new(&opts, PKI_PROFILE_CA, 0));
	ok_(pki_cert_self_sign(&ca, key, "CN=PSS CA", opts, 0));
	pki_issue_opts_free(opts);
	ok_(pki_key_generate(&leaf_key, PKI_KEY_EC_P256, 0, 0));
	ok_(pki_csr_create(&csr, leaf_key, "CN=a.example.com", sans, 0));
	ok_(pki_issue_opts_new(&opts, PKI_PROFILE_SERVER, 0));
	ok_(pki_cert_issue(&leaf, csr, ca, key, opts, 0));

	ok_(pki_crl_opts_new(&co, 0));
	ok_(pki_crl_opts_add_revoked(co, "42", 1700000000, PKI_CRL_REASON_KEY_COMPROMISE));
	ok_(pki_crl_create(&crl, ca, key, co, 0));
	ok_(pki_crl_verify(crl, ca, 0));
	ok_(pki_crl_signature_algorithm(&s, crl));
	cr_assert_str_eq(s, "RSA-PSS-SHA384");
	pki_free(s);
	ok_(pki_crl_export(&der, &der_n, crl, PKI_FORMAT_DER, 0));
	cr_assert(has_bytes(der, der_n, mgf1_sha384, sizeof(mgf1_sha384)));
	pki_free(der);

	ok_(pki_ocsp_request_create(&req, &req_n, leaf, ca, 0));
	ok_(pki_ocsp_respond(&resp, &resp_n, ca, key, req, req_n, NULL, 0));
	cr_assert(has_bytes(resp, resp_n, mgf1_sha384, sizeof(mgf1_sha384)));
	ok_(pki_ocsp_check(&st, NULL, NULL, resp, resp_n, leaf, ca, NULL, 0, 0, 0));
	cr_assert_eq(st, PKI_OCSP_GOOD);
	resp[resp_n - 1] ^= 1; /* the last byte of the signature: no certs follow it */
	fails_(PKI_E_BAD_SIGNATURE,
	       pki_ocsp_check(&st, NULL, NULL, resp, resp_n, leaf, ca, NULL, 0, 0, 0));

	pki_free(resp);
	pki_free(req);
	pki_crl_free(crl);
	pki_crl_opts_free(co);
	pki_issue_opts_free(opts);
	pki_csr_free(csr);
	pki_cert_free(leaf);
	pki_cert_free(ca);
	pki_key_free(leaf_key);
	pki_key_free(key);
}
