/*
 * Tests for distinguished names built attribute by attribute (pki_dn_t): the RFC 4514 string
 * they give, the requests and certificates made with them (same DER as the equivalent string,
 * read back attribute by attribute), and every refusal.
 */
#include "helpers.h"

static pki_dn_t *dn_of(const char *const *pairs)
{
	pki_dn_t *dn = NULL;

	ok_(pki_dn_new(&dn, 0));
	/* "+TYPE" joins the previous RDN */
	for (size_t i = 0; pairs[i]; i += 2) {
		bool multi = pairs[i][0] == '+';

		ok_(pki_dn_add(dn, pairs[i] + multi, pairs[i + 1], multi ? PKI_DN_MULTI_VALUED : 0));
	}
	return dn;
}

/* @p s is @p want; then freed */
static void str_is(char *s, const char *want)
{
	cr_assert_str_eq(s, want);
	pki_free(s);
}

/* The RFC 4514 string of @p dn is @p want. */
static void string_is(const pki_dn_t *dn, const char *want)
{
	char *s = NULL;

	ok_(pki_dn_to_string(&s, dn));
	str_is(s, want);
}

static unsigned char *csr_der(const pki_key_t *key, const pki_dn_t *dn, const char *str, size_t *n)
{
	pki_csr_t *csr = NULL;
	unsigned char *der = NULL;

	if (dn)
		ok_(pki_csr_create_dn(&csr, key, dn, NULL, PKI_HASH_DEFAULT, 0));
	else
		ok_(pki_csr_create(&csr, key, str, NULL, 0));
	ok_(pki_csr_export(&der, n, csr, PKI_FORMAT_DER, 0));
	pki_csr_free(csr);
	return der;
}

Test(dn_builder, string_order_and_escapes)
{
	static const char *const pairs[] = { "C",	   "gb",	   "O",	 "Example, Ltd",
					     "OU",	   "#1 team ",	   "+CN", "a+b=c",
					     "2.5.4.5",	   "12 34",	   "1.2.3.4", "x<y>;\"\\",
					     "emailAddress", "a@example.com", NULL };
	pki_dn_t *dn = dn_of(pairs);

	cr_assert_eq(pki_dn_count(dn), 7);
	/* most significant last; CN and OU are one RDN, in the order given; C in capitals */
	string_is(dn, "emailAddress=a@example.com,1.2.3.4=x\\<y\\>\\;\\\"\\\\,"
		      "serialNumber=12 34,OU=\\#1 team\\ +CN=a\\+b\\=c,O=Example\\, Ltd,C=GB");
	pki_dn_free(dn);
}

Test(dn_builder, same_der_as_the_string_and_read_back)
{
	static const char *const pairs[] = { "C",  "DE", "O",	  "Beispiel GmbH", "OU",
					     "a",  "+CN", "Jörg", "DC",	   "example",
					     NULL };
	pki_key_t *key = NULL, *leaf = NULL;
	pki_dn_t *dn = dn_of(pairs);
	size_t na, nb;
	unsigned char *a, *b;
	pki_csr_t *csr = NULL;
	pki_cert_t *cert = NULL, *ca = NULL;
	pki_issue_opts_t *opts = NULL;
	char *s = NULL;

	ok_(pki_key_generate(&key, PKI_KEY_ED25519, 0, 0));
	a = csr_der(key, dn, NULL, &na);
	b = csr_der(key, NULL, "DC=example,OU=a+CN=Jörg,O=Beispiel GmbH,C=DE", &nb);
	cr_assert(na == nb && memcmp(a, b, na) == 0, "the built name encodes as the string");
	pki_free(a);
	pki_free(b);

	/* a certificate whose subject (from the request) is overridden by a built name */
	ok_(pki_key_generate(&leaf, PKI_KEY_ED25519, 0, 0));
	ok_(pki_cert_self_sign(&ca, key, "CN=dn test CA", NULL, 0));
	ok_(pki_csr_create(&csr, leaf, "CN=placeholder", NULL, 0));
	ok_(pki_issue_opts_new(&opts, PKI_PROFILE_CLIENT, 0));
	ok_(pki_issue_opts_set_subject_dn(opts, dn));
	pki_dn_free(dn); /* the options keep their own copy */
	ok_(pki_cert_issue(&cert, csr, ca, key, opts, 0));
	ok_(pki_cert_subject(&s, cert));
	str_is(s, "DC=example,OU=a+CN=Jörg,O=Beispiel GmbH,C=DE");
	pki_cert_free(cert);
	pki_cert_free(ca);
	pki_csr_free(csr);
	pki_issue_opts_free(opts);
	pki_key_free(leaf);
	pki_key_free(key);
}

Test(dn_builder, certificate_subject_attribute_by_attribute)
{
	static const char *const pairs[] = { "C", "GB", "O", "Example", "CN", "host", "+OU", "ops",
					     NULL };
	static const struct {
		int rdn;
		const char *type, *value;
	} want[] = { { 0, "C", "GB" }, { 1, "O", "Example" }, { 2, "OU", "ops" }, { 2, "CN", "host" } };
	pki_key_t *key = NULL;
	pki_dn_t *dn = dn_of(pairs);
	pki_issue_opts_t *opts = NULL;
	pki_cert_t *cert = NULL;
	char *s = NULL;

	ok_(pki_key_generate(&key, PKI_KEY_ED25519, 0, 0));
	ok_(pki_issue_opts_new(&opts, PKI_PROFILE_CA, 0));
	ok_(pki_issue_opts_set_subject_dn(opts, dn));
	ok_(pki_dn_to_string(&s, dn));
	ok_(pki_cert_self_sign(&cert, key, s, opts, 0));
	for (unsigned i = 0; i < 4; i++) {
		char *type = NULL, *value = NULL;
		int rdn = pki_cert_subject_attribute(&type, &value, cert, i);

		/* inside the RDN the SET is DER-sorted, not in the order of the calls: the
		 * shorter encoding (OU=ops) first */
		cr_assert_eq(rdn, want[i].rdn, "attribute %u: rdn %d", i, rdn);
		cr_assert_str_eq(type, want[i].type);
		cr_assert_str_eq(value, want[i].value);
		pki_free(type);
		pki_free(value);
	}
	fails_(PKI_E_NOT_FOUND, pki_cert_subject_attribute(&(char *){ NULL }, &(char *){ NULL },
							   cert, 4));
	pki_free(s);
	pki_cert_free(cert);
	pki_issue_opts_free(opts);
	pki_dn_free(dn);
	pki_key_free(key);
}

static void bad_add(pki_dn_t *dn, int code, const char *type, const char *value, unsigned flags,
		    const char *detail_part)
{
	int before = pki_dn_count(dn);

	fails_(code, pki_dn_add(dn, type, value, flags));
	cr_assert(strstr(pki_error_detail(), detail_part) != NULL,
		  "%s=%s: detail \"%s\" lacks \"%s\"", type ? type : "(null)",
		  value ? value : "(null)", pki_error_detail(), detail_part);
	cr_assert_eq(pki_dn_count(dn), before, "nothing is added on failure");
}

Test(dn_builder, refusals)
{
	pki_dn_t *dn = NULL;
	pki_key_t *key = NULL;
	pki_csr_t *csr = NULL;
	char *s = (char *)1;

	ok_(pki_key_generate(&key, PKI_KEY_ED25519, 0, 0));

	fails_(PKI_E_INVALID_ARG, pki_dn_new(NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_dn_new(&dn, 2));
	cr_assert_null(dn);
	ok_(pki_dn_new(&dn, 0));
	bad_add(dn, PKI_E_INVALID_ARG, "CN", "x", PKI_DN_MULTI_VALUED, "RDN to join");
	bad_add(dn, PKI_E_INVALID_ARG, "CN", "x", 4, "unknown flags");
	bad_add(dn, PKI_E_INVALID_ARG, NULL, "x", 0, "type is NULL");
	bad_add(dn, PKI_E_INVALID_ARG, "CN", NULL, 0, "value is NULL");
	fails_(PKI_E_INVALID_ARG, pki_dn_add(NULL, "CN", "x", 0));
	bad_add(dn, PKI_E_INVALID_NAME, "XX", "x", 0, "unknown attribute type \"XX\"");
	bad_add(dn, PKI_E_INVALID_NAME, "C N", "x", 0, "unknown attribute type");
	bad_add(dn, PKI_E_INVALID_NAME, "", "x", 0, "empty attribute type");
	bad_add(dn, PKI_E_INVALID_NAME, "2.5.4.", "x", 0, "malformed attribute OID");
	bad_add(dn, PKI_E_INVALID_NAME, "2.5.x", "x", 0, "malformed attribute type");
	bad_add(dn, PKI_E_INVALID_NAME, "CN", "", 0, "empty value");
	bad_add(dn, PKI_E_INVALID_NAME, "CN", "\xc3\x28", 0, "not valid UTF-8");
	bad_add(dn, PKI_E_INVALID_NAME, "CN", "\xed\xa0\x80", 0, "not valid UTF-8");
	bad_add(dn, PKI_E_INVALID_NAME, "C", "GBR", 0, "two-letter");
	bad_add(dn, PKI_E_INVALID_NAME, "serialNumber", "a_b", 0, "PrintableString");
	bad_add(dn, PKI_E_INVALID_NAME, "emailAddress", "é@x", 0, "IA5String");
	ok_(pki_dn_add(dn, "cn", "x", 0)); /* case-insensitive short names */
	bad_add(dn, PKI_E_INVALID_NAME, "commonName", "y", PKI_DN_MULTI_VALUED, "appears twice");
	bad_add(dn, PKI_E_INVALID_NAME, "2.5.4.3", "y", PKI_DN_MULTI_VALUED, "appears twice");
	ok_(pki_dn_add(dn, "CN", "y", 0)); /* twice in a name is fine, in two RDNs */
	string_is(dn, "CN=y,CN=x");
	/* a control character is kept, escaped as hex in the string (the parser reads it back) */
	ok_(pki_dn_add(dn, "O", "a\tb", 0));
	string_is(dn, "O=a\\09b,CN=y,CN=x");
	ok_(pki_csr_create_dn(&csr, key, dn, NULL, PKI_HASH_DEFAULT, 0));
	pki_csr_free(csr);
	fails_(PKI_E_INVALID_ARG, pki_dn_to_string(NULL, dn));
	fails_(PKI_E_INVALID_ARG, pki_dn_to_string(&s, NULL));
	cr_assert_null(s);
	fails_(PKI_E_INVALID_ARG, pki_dn_count(NULL));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_subject_dn(NULL, dn));
	fails_(PKI_E_INVALID_ARG, pki_csr_create_dn(&(pki_csr_t *){ NULL }, NULL, dn, NULL,
						    PKI_HASH_DEFAULT, 0));
	pki_dn_free(dn);
	pki_dn_free(NULL);
	pki_key_free(key);
}

Test(dn_builder, bounds)
{
	pki_dn_t *dn = NULL;
	char *big = malloc(PKI_MAX_DN_LENGTH / 2 + 2);

	cr_assert_not_null(big);
	/* ',' escapes to two bytes: PKI_MAX_DN_LENGTH / 2 + 1 of them are over the bound */
	memset(big, ',', PKI_MAX_DN_LENGTH / 2 + 1);
	big[PKI_MAX_DN_LENGTH / 2 + 1] = '\0';

	ok_(pki_dn_new(&dn, 0));
	for (unsigned i = 0; i < PKI_MAX_DN_ATTRIBUTES; i++)
		ok_(pki_dn_add(dn, "DC", "a", 0));
	cr_assert_eq(pki_dn_count(dn), (int)PKI_MAX_DN_ATTRIBUTES);
	fails_(PKI_E_TOO_LARGE, pki_dn_add(dn, "DC", "a", 0));
	pki_dn_free(dn);

	/* the string bound: values that escape to more than PKI_MAX_DN_LENGTH bytes */
	ok_(pki_dn_new(&dn, 0));
	fails_(PKI_E_TOO_LARGE, pki_dn_add(dn, "CN", big, 0));
	cr_assert_eq(pki_dn_count(dn), 0);
	pki_dn_free(dn);
	free(big);
}

Test(dn_builder, empty_name_needs_sans)
{
	const char *sans[] = { "DNS:empty.test", NULL };
	pki_key_t *key = NULL;
	pki_dn_t *dn = NULL;
	pki_csr_t *csr = NULL;
	char *s = NULL;

	ok_(pki_key_generate(&key, PKI_KEY_ED25519, 0, 0));
	ok_(pki_dn_new(&dn, 0));
	string_is(dn, "");
	ok_(pki_csr_create_dn(&csr, key, dn, sans, PKI_HASH_DEFAULT, 0));
	pki_dn_free(dn);
	pki_key_free(key);
	ok_(pki_csr_subject(&s, csr));
	pki_csr_free(csr);
	str_is(s, "");
}
