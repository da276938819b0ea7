/*
 * Tests for the extension API (issue 15): every public function with NULL, garbage and
 * truncated input; an extension added at issuance and in a request read back with the same
 * OID, criticality and DER; the typed getters on a certificate libpki wrote (the interop
 * checks against openssl, certtool and cryptography are in interop-ext.sh and test_ext.py).
 */
#include "helpers.h"

#include <limits.h>

static const unsigned char NULL_DER[] = { 0x05, 0x00 };
static const unsigned char HELLO[] = { 0x0c, 0x05, 'h', 'e', 'l', 'l', 'o' };

static pki_key_t *gen(void)
{
	pki_key_t *key = NULL;

	ok_(pki_key_generate(&key, PKI_KEY_EC_P256, 0, 0));
	return key;
}

Test(ext, arguments)
{
	pki_key_t *key = gen();
	pki_cert_t *cert = NULL;
	pki_csr_t *csr = NULL;
	pki_issue_opts_t *o = NULL;
	unsigned char *v = (unsigned char *)"x";
	size_t n = 1;
	char *oid = (char *)"x", **list = (char **)"x";

	ok_(pki_cert_self_sign(&cert, key, "CN=ext", NULL, 0));
	ok_(pki_csr_create(&csr, key, "CN=ext", NULL, 0));
	ok_(pki_issue_opts_new(&o, PKI_PROFILE_CA, 0));

	fails_(PKI_E_INVALID_ARG, pki_cert_extension_count(NULL));
	fails_(PKI_E_INVALID_ARG, pki_csr_extension_count(NULL));
	fails_(PKI_E_INVALID_ARG, pki_cert_extension(NULL, &v, &n, cert, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_extension(&oid, NULL, &n, cert, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_extension(&oid, &v, NULL, cert, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_extension(&oid, &v, &n, NULL, 0));
	cr_assert_null(v);
	cr_assert_eq(n, 0);
	fails_(PKI_E_INVALID_ARG, pki_csr_extension(&oid, &v, &n, NULL, 0));
	fails_(PKI_E_NOT_FOUND, pki_cert_extension(&oid, &v, &n, cert, 999));
	fails_(PKI_E_NOT_FOUND, pki_cert_extension(&oid, &v, &n, cert, 100000));
	cr_assert_null(oid);
	fails_(PKI_E_INVALID_ARG, pki_cert_extension_by_oid(&v, &n, cert, NULL));
	fails_(PKI_E_INVALID_ARG, pki_cert_extension_by_oid(&v, &n, cert, "1"));
	fails_(PKI_E_INVALID_ARG, pki_cert_extension_by_oid(&v, &n, cert, "1.2.03"));
	fails_(PKI_E_INVALID_ARG, pki_cert_extension_by_oid(&v, &n, cert, "garbage"));
	fails_(PKI_E_NOT_FOUND, pki_cert_extension_by_oid(&v, &n, cert, "1.2.3.4"));
	fails_(PKI_E_NOT_FOUND, pki_csr_extension_by_oid(&v, &n, csr, "2.5.29.17"));
	fails_(PKI_E_INVALID_ARG, pki_csr_extension_by_oid(&v, &n, NULL, "2.5.29.17"));

	fails_(PKI_E_INVALID_ARG, pki_cert_ocsp_urls(NULL, cert, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_ocsp_urls(&list, NULL, 0));
	cr_assert_null(list);
	fails_(PKI_E_INVALID_ARG, pki_cert_ca_issuers_urls(&list, cert, 1));
	fails_(PKI_E_INVALID_ARG, pki_cert_crl_urls(&list, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_name_constraints(&list, NULL, PKI_NC_PERMITTED, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_policies(&list, cert, 2));
	fails_(PKI_E_INVALID_ARG, pki_cert_policy_qualifiers(&list, cert, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_policy_qualifiers(&list, cert, "x", 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_policy_mappings(NULL, cert, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_require_explicit_policy(NULL));
	fails_(PKI_E_INVALID_ARG, pki_cert_inhibit_policy_mapping(NULL));
	fails_(PKI_E_INVALID_ARG, pki_cert_inhibit_any_policy(NULL));
	/* absent extensions */
	cr_assert_eq(pki_cert_ocsp_urls(&list, cert, 0), 0);
	cr_assert_null(list[0]);
	pki_strings_free(list);
	fails_(PKI_E_NOT_FOUND, pki_cert_name_constraints(&list, cert, PKI_NC_EXCLUDED, 0));
	fails_(PKI_E_NOT_FOUND, pki_cert_policies(&list, cert, 0));
	fails_(PKI_E_NOT_FOUND, pki_cert_policy_qualifiers(&list, cert, "2.5.29.32.0", 0));
	fails_(PKI_E_NOT_FOUND, pki_cert_policy_mappings(&list, cert, 0));
	fails_(PKI_E_NOT_FOUND, pki_cert_require_explicit_policy(cert));
	fails_(PKI_E_NOT_FOUND, pki_cert_inhibit_policy_mapping(cert));
	fails_(PKI_E_NOT_FOUND, pki_cert_inhibit_any_policy(cert));

	fails_(PKI_E_INVALID_ARG, pki_issue_opts_add_extension(NULL, "1.2.3", NULL_DER, 2, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_add_extension(o, NULL, NULL_DER, 2, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_add_extension(o, "1.2.3", NULL, 2, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_add_extension(o, "1.2.3", NULL_DER, 0, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_add_extension(o, "1.2.3", NULL_DER, 1, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_add_extension(o, "1.2.3", HELLO, 6, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_add_extension(o, "1.2.3", HELLO, 3, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_add_extension(o, "3.2.3", NULL_DER, 2, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_copy_extensions(NULL, true));
	fails_(PKI_E_INVALID_ARG, pki_csr_add_extension(NULL, key, "1.2.3", NULL_DER, 2, 0));
	fails_(PKI_E_INVALID_ARG, pki_csr_add_extension(csr, NULL, "1.2.3", NULL_DER, 2, 0));
	fails_(PKI_E_INVALID_ARG, pki_csr_add_extension(csr, key, "1.2.3", HELLO, 5, 0));
	fails_(PKI_E_INVALID_ARG, pki_csr_add_extension(csr, key, "2.5.29.17", NULL_DER, 2, 0));
	cr_assert_eq(pki_csr_extension_count(csr), 0);

	pki_issue_opts_free(o);
	pki_csr_free(csr);
	pki_cert_free(cert);
	pki_key_free(key);
}

Test(ext, request_extension_round_trip)
{
	pki_key_t *key = gen(), *other = gen();
	pki_csr_t *csr = NULL;
	unsigned char *v = NULL;
	size_t n = 0;
	char *oid = NULL;

	ok_(pki_csr_create(&csr, key, "CN=ext", NULL, 0));
	fails_(PKI_E_KEY_MISMATCH,
	       pki_csr_add_extension(csr, other, "1.2.3.4", HELLO, 7, PKI_EXT_CRITICAL));
	cr_assert_eq(pki_csr_extension_count(csr), 0);
	ok_(pki_csr_add_extension(csr, key, "1.2.3.4", HELLO, 7, PKI_EXT_CRITICAL));
	ok_(pki_csr_verify(csr, 0));
	fails_(PKI_E_INVALID_ARG, pki_csr_add_extension(csr, key, "1.2.3.4", NULL_DER, 2, 0));
	cr_assert_eq(pki_csr_extension_count(csr), 1);
	cr_assert_eq(pki_csr_extension(&oid, &v, &n, csr, 0), 1);
	cr_assert_str_eq(oid, "1.2.3.4");
	cr_assert(n == sizeof(HELLO) && memcmp(v, HELLO, n) == 0);
	pki_free(oid);
	pki_free(v);
	cr_assert_eq(pki_csr_extension_by_oid(&v, &n, csr, "1.2.3.4"), 1);
	pki_free(v);
	pki_csr_free(csr);
	pki_key_free(key);
	pki_key_free(other);
}

Test(ext, issuance_extensions_and_typed_getters)
{
	pki_key_t *ca_key = gen(), *key = gen();
	pki_cert_t *ca = NULL, *leaf = NULL;
	pki_csr_t *csr = NULL;
	pki_issue_opts_t *o = NULL;
	unsigned char *v = NULL;
	size_t n = 0;
	char **list = NULL;

	ok_(pki_issue_opts_new(&o, PKI_PROFILE_CA, 0));
	ok_(pki_issue_opts_add_name_constraint(o, "DNS:.internal", PKI_NC_PERMITTED));
	ok_(pki_issue_opts_add_name_constraint(o, "IP:10.0.0.0/8", PKI_NC_PERMITTED));
	ok_(pki_issue_opts_add_name_constraint(o, "email:example.com", PKI_NC_EXCLUDED));
	ok_(pki_issue_opts_add_crl_url(o, "http://crl.example.com/ca.crl"));
	ok_(pki_issue_opts_add_ocsp_url(o, "http://ocsp.example.com/"));
	ok_(pki_issue_opts_add_ca_issuers_url(o, "http://pki.example.com/ca.crt"));
	ok_(pki_issue_opts_add_extension(o, "1.3.6.1.4.1.99999.1", HELLO, 7, 0));
	fails_(PKI_E_INVALID_ARG,
	       pki_issue_opts_add_extension(o, "1.3.6.1.4.1.99999.1", NULL_DER, 2, 0));
	ok_(pki_cert_self_sign(&ca, ca_key, "CN=ext CA", o, 0));
	cr_assert_eq(pki_cert_extension_by_oid(&v, &n, ca, "1.3.6.1.4.1.99999.1"), 0);
	cr_assert(n == sizeof(HELLO) && memcmp(v, HELLO, n) == 0);
	pki_free(v);
	cr_assert_eq(pki_cert_name_constraints(&list, ca, PKI_NC_PERMITTED, 0), 2);
	cr_assert_str_eq(list[0], "DNS:.internal");
	cr_assert_str_eq(list[1], "IP:10.0.0.0/8");
	pki_strings_free(list);
	cr_assert_eq(pki_cert_name_constraints(&list, ca, PKI_NC_EXCLUDED, 0), 1);
	cr_assert_str_eq(list[0], "email:example.com");
	pki_strings_free(list);
	cr_assert_eq(pki_cert_crl_urls(&list, ca, 0), 1);
	cr_assert_str_eq(list[0], "URI:http://crl.example.com/ca.crl");
	pki_strings_free(list);
	cr_assert_eq(pki_cert_ocsp_urls(&list, ca, 0), 1);
	cr_assert_str_eq(list[0], "URI:http://ocsp.example.com/");
	pki_strings_free(list);
	cr_assert_eq(pki_cert_ca_issuers_urls(&list, ca, 0), 1);
	cr_assert_str_eq(list[0], "URI:http://pki.example.com/ca.crt");
	pki_strings_free(list);
	pki_issue_opts_free(o);

	/* a profile extension given again fails the issuance */
	ok_(pki_issue_opts_new(&o, PKI_PROFILE_SERVER, 0));
	ok_(pki_issue_opts_add_extension(o, "2.5.29.19", (const unsigned char[]){ 0x30, 0 }, 2,
					 PKI_EXT_CRITICAL));
	fails_(PKI_E_INVALID_ARG, pki_cert_issue_for_key(&leaf, key, "CN=a.internal", ca, ca_key, o, 0));
	cr_assert_null(leaf);
	pki_issue_opts_free(o);

	/* request extensions: copied only with the option, never basicConstraints */
	ok_(pki_csr_create(&csr, key, "CN=a.internal", NULL, 0));
	ok_(pki_csr_add_extension(csr, key, "1.2.3.4", HELLO, 7, 0));
	ok_(pki_csr_add_extension(csr, key, "2.5.29.19",
				  (const unsigned char[]){ 0x30, 3, 1, 1, 0xff }, 5, PKI_EXT_CRITICAL));
	ok_(pki_issue_opts_new(&o, PKI_PROFILE_SERVER, 0));
	ok_(pki_cert_issue(&leaf, csr, ca, ca_key, o, 0));
	fails_(PKI_E_NOT_FOUND, pki_cert_extension_by_oid(&v, &n, leaf, "1.2.3.4"));
	pki_cert_free(leaf);
	ok_(pki_issue_opts_set_copy_extensions(o, true));
	ok_(pki_cert_issue(&leaf, csr, ca, ca_key, o, 0));
	cr_assert_eq(pki_cert_extension_by_oid(&v, &n, leaf, "1.2.3.4"), 0);
	pki_free(v);
	cr_assert_not(pki_cert_is_ca(leaf));
	pki_cert_free(leaf);
	pki_issue_opts_free(o);
	pki_csr_free(csr);
	pki_cert_free(ca);
	pki_key_free(ca_key);
	pki_key_free(key);
}

Test(ext, usage_arguments)
{
	pki_issue_opts_t *o = NULL;

	cr_assert_neq(strcmp(pki_strerror(PKI_E_USAGE), "unknown error"), 0);
	cr_assert_eq(pki_key_usage_from_name("keyCertSign"), PKI_KU_KEY_CERT_SIGN);
	cr_assert_eq(pki_key_usage_from_name("CONTENTCOMMITMENT"), PKI_KU_NON_REPUDIATION);
	fails_(PKI_E_INVALID_ARG, pki_key_usage_from_name(NULL));
	fails_(PKI_E_INVALID_ARG, pki_key_usage_from_name(""));
	fails_(PKI_E_INVALID_ARG, pki_key_usage_from_name("keyCertSig"));
	ok_(pki_issue_opts_new(&o, PKI_PROFILE_CODE_SIGNING, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_key_usage(NULL, PKI_KU_DIGITAL_SIGNATURE));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_key_usage(o, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_key_usage(o, 1u << 9));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_add_ext_key_usage(NULL, "codeSigning"));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_add_ext_key_usage(o, NULL));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_add_ext_key_usage(o, "code-signing"));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_add_ext_key_usage(o, "1.3.6.1.5.5.7.3."));
	ok_(pki_issue_opts_add_ext_key_usage(o, "1.3.6.1.5.5.7.3.3"));
	ok_(pki_issue_opts_add_ext_key_usage(o, "codesigning")); /* the same purpose: once */
	pki_issue_opts_free(o);
	cr_assert_eq(pki_profile_from_name("timestamping"), PKI_PROFILE_TIMESTAMPING);
	cr_assert_eq(pki_profile_from_name("Code-Signing"), PKI_PROFILE_CODE_SIGNING);
	fails_(PKI_E_INVALID_ARG, pki_profile_from_name("smime"));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_new(&o, (pki_profile_t)10, 0));
}

Test(ext, usage_refusals)
{
	pki_key_t *ca_key = gen(), *key = gen(), *ed = NULL;
	pki_cert_t *ca = NULL, *c = NULL;
	pki_issue_opts_t *o = NULL;

	ok_(pki_key_generate(&ed, PKI_KEY_ED25519, 0, 0));
	ok_(pki_cert_self_sign(&ca, ca_key, "CN=usage CA", NULL, 0));
	ok_(pki_issue_opts_new(&o, PKI_PROFILE_CLIENT, 0));
	ok_(pki_issue_opts_set_key_usage(o, PKI_KU_DIGITAL_SIGNATURE | PKI_KU_KEY_CERT_SIGN));
	fails_(PKI_E_USAGE, pki_cert_issue_for_key(&c, key, "CN=x", ca, ca_key, o, 0));
	cr_assert_null(c);
	ok_(pki_issue_opts_set_key_usage(o, PKI_KU_KEY_AGREEMENT));
	fails_(PKI_E_USAGE, pki_cert_issue_for_key(&c, ed, "CN=x", ca, ca_key, o, 0));
	ok_(pki_cert_issue_for_key(&c, key, "CN=x", ca, ca_key, o, 0));
	cr_assert_eq(pki_cert_key_usage(c), PKI_KU_KEY_AGREEMENT);
	pki_cert_free(c);
	c = NULL;
	ok_(pki_issue_opts_set_key_usage(o, PKI_KU_KEY_AGREEMENT | PKI_KU_ENCIPHER_ONLY |
						    PKI_KU_DECIPHER_ONLY));
	fails_(PKI_E_USAGE, pki_cert_issue_for_key(&c, key, "CN=x", ca, ca_key, o, 0));
	pki_issue_opts_free(o);
	ok_(pki_issue_opts_new(&o, PKI_PROFILE_CA, 0));
	ok_(pki_issue_opts_set_key_usage(o, PKI_KU_CRL_SIGN));
	fails_(PKI_E_USAGE, pki_cert_self_sign(&c, key, "CN=x", o, 0));
	pki_issue_opts_free(o);
	ok_(pki_issue_opts_new(&o, PKI_PROFILE_TIMESTAMPING, 0));
	ok_(pki_issue_opts_add_ext_key_usage(o, "timeStamping"));
	ok_(pki_cert_issue_for_key(&c, key, "CN=tsa", ca, ca_key, o, 0));
	cr_assert_eq(pki_cert_ext_key_usage(c), PKI_EKU_TIME_STAMPING);
	pki_cert_free(c);
	c = NULL;
	ok_(pki_issue_opts_add_ext_key_usage(o, "anyExtendedKeyUsage"));
	fails_(PKI_E_USAGE, pki_cert_issue_for_key(&c, key, "CN=tsa", ca, ca_key, o, 0));
	pki_issue_opts_free(o);
	pki_cert_free(ca);
	pki_key_free(ed);
	pki_key_free(key);
	pki_key_free(ca_key);
}

Test(ext, signature_arguments)
{
	pki_issue_opts_t *o = NULL;
	pki_key_t *ca_key = gen(), *key = gen();
	pki_cert_t *ca = NULL, *c = NULL;
	char *alg = NULL;

	ok_(pki_issue_opts_new(&o, PKI_PROFILE_CLIENT, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_signature(NULL, PKI_HASH_SHA256, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_signature(o, (pki_hash_t)4, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_signature(o, (pki_hash_t)-1, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_signature(o, PKI_HASH_SHA256, 2));
	ok_(pki_cert_self_sign(&ca, ca_key, "CN=sig CA", NULL, 0));
	ok_(pki_issue_opts_set_signature(o, PKI_HASH_SHA256, PKI_SIGN_RSA_PSS));
	fails_(PKI_E_INVALID_ARG, pki_cert_issue_for_key(&c, key, "CN=x", ca, ca_key, o, 0));
	ok_(pki_issue_opts_set_signature(o, PKI_HASH_SHA384, 0));
	ok_(pki_cert_issue_for_key(&c, key, "CN=x", ca, ca_key, o, 0));
	ok_(pki_cert_signature_algorithm(&alg, c));
	cr_assert_str_eq(alg, "ECDSA-SHA384");
	pki_free(alg);
	pki_cert_free(c);
	pki_cert_free(ca);
	pki_issue_opts_free(o);
	pki_key_free(key);
	pki_key_free(ca_key);
}

Test(ext, policy_arguments)
{
	pki_issue_opts_t *o = NULL, *leaf = NULL;
	char long_notice[202];

	memset(long_notice, 'x', 201);
	long_notice[201] = '\0';
	ok_(pki_issue_opts_new(&o, PKI_PROFILE_INTERMEDIATE, 0));
	ok_(pki_issue_opts_new(&leaf, PKI_PROFILE_SERVER, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_add_policy(NULL, "1.2.3", NULL, NULL));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_add_policy(o, NULL, NULL, NULL));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_add_policy(o, "1..2", NULL, NULL));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_add_policy(o, "1.2.3", NULL, ""));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_add_policy(o, "1.2.3", NULL, long_notice));
	fails_(PKI_E_INVALID_NAME, pki_issue_opts_add_policy(o, "1.2.3", "no uri", NULL));
	ok_(pki_issue_opts_add_policy(o, "1.2.3", "https://x.example/cps", "notice"));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_add_policy(o, "1.2.3", NULL, NULL));
	ok_(pki_issue_opts_add_policy(leaf, "1.2.3", NULL, NULL));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_add_policy_mapping(NULL, "1.2.3", "1.2.4"));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_add_policy_mapping(o, NULL, "1.2.4"));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_add_policy_mapping(o, "1.2.3", "x"));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_add_policy_mapping(o, "2.5.29.32.0", "1.2.4"));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_add_policy_mapping(leaf, "1.2.3", "1.2.4"));
	ok_(pki_issue_opts_add_policy_mapping(o, "1.2.3", "1.2.4"));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_require_explicit_policy(NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_inhibit_policy_mapping(NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_require_explicit_policy(o, 1u + INT_MAX));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_inhibit_policy_mapping(o, UINT_MAX));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_require_explicit_policy(leaf, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_inhibit_policy_mapping(leaf, 0));
	ok_(pki_issue_opts_set_inhibit_policy_mapping(o, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_inhibit_any_policy(NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_inhibit_any_policy(o, UINT_MAX));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_inhibit_any_policy(leaf, 0));
	ok_(pki_issue_opts_set_inhibit_any_policy(o, 0));
	pki_issue_opts_free(o);
	pki_issue_opts_free(leaf);
}

/* A user notice whose explicitText holds a NUL byte cannot be lent as a C string: the getter
 * refuses it rather than hand out the text cut at the NUL ("notice:hello" for
 * "hello\0hidden"), and the text dump says it cannot be read instead of showing the cut text. */
Test(ext, policy_notice_with_nul_refused)
{
	static const unsigned char pol[] = {
		0x30, 0x2a, 0x30, 0x28, 0x06, 0x06, 0x67, 0x81, 0x0c, 0x01, 0x02, 0x01, /* 2.23.140.1.2.1 */
		0x30, 0x1e, 0x30, 0x1c, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x02, 0x02,
		0x30, 0x10, 0x0c, 0x0e, 'h', 'e', 'l', 'l', 'o', 0x00, 'h', 'i', 'd', 'd', 'e', 'n',
		0x1b, '!'
	};
	pki_key_t *key = gen();
	pki_issue_opts_t *o = NULL;
	pki_cert_t *cert = NULL;
	char **list = NULL, *text = NULL;

	ok_(pki_issue_opts_new(&o, PKI_PROFILE_SERVER, 0));
	ok_(pki_issue_opts_add_extension(o, "2.5.29.32", pol, sizeof(pol), 0));
	ok_(pki_cert_self_sign(&cert, key, "CN=notice", o, 0));
	fails_(PKI_E_PARSE, pki_cert_policy_qualifiers(&list, cert, "2.23.140.1.2.1", 0));
	cr_assert_null(list);
	ok_(pki_cert_to_text(&text, cert, 0));
	cr_assert_null(strstr(text, "User Notice: hello"), "%s", text);
	has_all_free_(text, "(cannot be read)", NULL);
	pki_cert_free(cert);
	pki_issue_opts_free(o);
	pki_key_free(key);
}

Test(ext, pkcs7_arguments)
{
	pki_chain_t *chain = NULL, *back = NULL;
	pki_key_t *key = gen();
	pki_cert_t *cert = NULL;
	unsigned char *p7 = NULL;
	size_t n = 0;

	ok_(pki_chain_new(&chain, 0));
	fails_(PKI_E_INVALID_ARG, pki_chain_export_pkcs7(NULL, &n, chain, PKI_FORMAT_PEM, 0));
	fails_(PKI_E_INVALID_ARG, pki_chain_export_pkcs7(&p7, NULL, chain, PKI_FORMAT_PEM, 0));
	fails_(PKI_E_INVALID_ARG, pki_chain_export_pkcs7(&p7, &n, NULL, PKI_FORMAT_PEM, 0));
	fails_(PKI_E_INVALID_ARG, pki_chain_export_pkcs7(&p7, &n, chain, (pki_format_t)9, 0));
	fails_(PKI_E_INVALID_ARG, pki_chain_export_pkcs7(&p7, &n, chain, PKI_FORMAT_DER, 1));
	fails_(PKI_E_NOT_FOUND, pki_chain_export_pkcs7(&p7, &n, chain, PKI_FORMAT_DER, 0));
	ok_(pki_cert_self_sign(&cert, key, "CN=p7", NULL, 0));
	ok_(pki_chain_add(chain, cert, 0));
	ok_(pki_chain_export_pkcs7(&p7, &n, chain, PKI_FORMAT_DER, 0));
	ok_(pki_chain_import(&back, p7, n, 0));
	cr_assert_eq(pki_chain_count(back), 1);
	pki_chain_free(back);
	back = NULL;
	/* truncated: a parse error, never a crash */
	for (size_t cut = 1; cut < n; cut += 7) {
		int rc = pki_chain_import(&back, p7, cut, 0);

		cr_assert(rc == PKI_E_PARSE, "cut %zu -> %d", cut, rc);
		cr_assert_null(back);
	}
	pki_free(p7);
	pki_cert_free(cert);
	pki_chain_free(chain);
	pki_key_free(key);
}

Test(ext, dn_attribute_arguments)
{
	pki_key_t *key = gen();
	pki_cert_t *cert = NULL;
	char *type = (char *)"x", *value = (char *)"x";

	ok_(pki_cert_self_sign(&cert, key, "CN=a+UID=b,O=Example,C=GB", NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_subject_attribute(NULL, &value, cert, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_subject_attribute(&type, NULL, cert, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_subject_attribute(&type, &value, NULL, 0));
	cr_assert(type == NULL && value == NULL);
	fails_(PKI_E_INVALID_ARG, pki_cert_issuer_attribute(&type, &value, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_issuer_attribute(&type, &value, NULL, 0));
	cr_assert_eq(pki_cert_subject_attribute(&type, &value, cert, 0), 0);
	cr_assert_str_eq(type, "C");
	cr_assert_str_eq(value, "GB");
	pki_free(type);
	pki_free(value);
	/* the two attributes of the multi-valued RDN, in their encoded (SET) order */
	cr_assert_eq(pki_cert_subject_attribute(&type, &value, cert, 3), 2);
	cr_assert(!strcmp(type, "CN") || !strcmp(type, "UID"), "%s", type);
	pki_free(type);
	pki_free(value);
	cr_assert_eq(pki_cert_issuer_attribute(&type, &value, cert, 3), 2);
	pki_free(type);
	pki_free(value);
	fails_(PKI_E_NOT_FOUND, pki_cert_subject_attribute(&type, &value, cert, 4));
	fails_(PKI_E_NOT_FOUND, pki_cert_subject_attribute(&type, &value, cert, 100000));
	cr_assert(type == NULL && value == NULL);
	pki_cert_free(cert);
	pki_key_free(key);
}
