/*
 * Tests for issuance: profiles, options, pki_cert_issue/_for_key/_self_sign and every refusal.
 * Extensions are read back with libpki's public getters; what they do not expose (criticality,
 * name constraints, CRL and AIA URLs, chain validation) is read with GnuTLS directly, as an
 * independent reader of the DER libpki produced. Odd inputs that libpki itself refuses to make
 * (1024-bit RSA keys, CAs without keyCertSign, requests asking for CA:TRUE) are built here with
 * GnuTLS. libpki's clock is fixed at TEST_NOW (helpers.h), so issued dates are exact values.
 */
#define PKI_TEST_FIXED_CLOCK
#include "gcert.h"
#include "helpers.h"

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <limits.h>
#include <time.h>

/* ---- helpers --------------------------------------------------------------------------- */

static pki_issue_opts_t *opts_(pki_profile_t profile)
{
	pki_issue_opts_t *o = NULL;

	ok_(pki_issue_opts_new(&o, profile, 0));
	cr_assert_not_null(o);
	return o;
}

static pki_cert_t *root_(const pki_key_t *key, const char *subject)
{
	pki_cert_t *c = NULL;

	ok_(pki_cert_self_sign(&c, key, subject, NULL, 0));
	cr_assert_not_null(c);
	return c;
}

static pki_cert_t *leaf_(const pki_key_t *key, const char *subject, const pki_cert_t *ca,
			 const pki_key_t *ca_key, const pki_issue_opts_t *o)
{
	pki_cert_t *c = NULL;

	ok_(pki_cert_issue_for_key(&c, key, subject, ca, ca_key, o, 0));
	cr_assert_not_null(c);
	return c;
}

static gnutls_digest_algorithm_t dig_for(const pki_key_t *key)
{
	switch (pki_key_type(key)) {
	case PKI_KEY_ED25519:
	case PKI_KEY_ED448: return GNUTLS_DIG_UNKNOWN;
	default: return GNUTLS_DIG_SHA256;
	}
}

/*
 * A self-signed certificate made by GnuTLS: @p ca_flag 1/0 for basicConstraints CA:TRUE/FALSE
 * or -1 for none (version 1); @p ku the keyUsage bits, 0 for none.
 */
static pki_cert_t *odd_ca(const pki_key_t *key, int ca_flag, unsigned ku)
{
	gnutls_privkey_t pk = gcert_privkey_of(key);
	gnutls_pubkey_t pub;
	gnutls_x509_crt_t crt;
	unsigned char serial[] = { 0x01, 0x02 };
	const time_t now = (time_t)TEST_NOW;
	pki_cert_t *c;

	cr_assert_eq(gnutls_pubkey_init(&pub), 0);
	cr_assert_eq(gnutls_pubkey_import_privkey(pub, pk, 0, 0), 0);
	cr_assert_eq(gnutls_x509_crt_init(&crt), 0);
	cr_assert_eq(gnutls_x509_crt_set_version(crt, ca_flag < 0 ? 1 : 3), 0);
	cr_assert_eq(gnutls_x509_crt_set_dn(crt, "CN=odd CA", NULL), 0);
	cr_assert_eq(gnutls_x509_crt_set_pubkey(crt, pub), 0);
	cr_assert_eq(gnutls_x509_crt_set_serial(crt, serial, sizeof(serial)), 0);
	cr_assert_eq(gnutls_x509_crt_set_activation_time(crt, now - 60), 0);
	cr_assert_eq(gnutls_x509_crt_set_expiration_time(crt, now + 3000 * DAY), 0);
	if (ca_flag >= 0)
		cr_assert_eq(gnutls_x509_crt_set_basic_constraints(crt, (unsigned)ca_flag, -1), 0);
	if (ku)
		cr_assert_eq(gnutls_x509_crt_set_key_usage(crt, ku), 0);
	c = cert_sign_gnutls_(crt, NULL, pk, dig_for(key));
	gnutls_pubkey_deinit(pub);
	gnutls_privkey_deinit(pk);
	return c;
}

typedef void (*crq_tweak_t)(gnutls_x509_crq_t crq);

/* A request built by GnuTLS for @p key with subject CN=@p cn, adjusted by @p tweak. */
static pki_csr_t *odd_csr(const pki_key_t *key, const char *cn, crq_tweak_t tweak)
{
	gnutls_privkey_t pk = gcert_privkey_of(key);
	gnutls_x509_crq_t crq;
	gnutls_pubkey_t pub;
	gnutls_datum_t d = { NULL, 0 };
	pki_csr_t *csr = NULL;

	cr_assert_eq(gnutls_x509_crq_init(&crq), 0);
	if (cn)
		cr_assert_eq(gnutls_x509_crq_set_dn_by_oid(crq, GNUTLS_OID_X520_COMMON_NAME, 0, cn,
							  (unsigned)strlen(cn)),
			     0);
	cr_assert_eq(gnutls_pubkey_init(&pub), 0);
	cr_assert_eq(gnutls_pubkey_import_privkey(pub, pk, 0, 0), 0);
	cr_assert_eq(gnutls_x509_crq_set_pubkey(crq, pub), 0);
	cr_assert_eq(gnutls_x509_crq_set_version(crq, 1), 0);
	if (tweak)
		tweak(crq);
	cr_assert_eq(gnutls_x509_crq_privkey_sign(crq, pk, dig_for(key), 0), 0);
	cr_assert_eq(gnutls_x509_crq_export2(crq, GNUTLS_X509_FMT_DER, &d), 0);
	ok_(pki_csr_import(&csr, d.data, d.size, 0));
	gnutls_free(d.data);
	gnutls_x509_crq_deinit(crq);
	gnutls_pubkey_deinit(pub);
	gnutls_privkey_deinit(pk);
	return csr;
}

static bool ext_present(const pki_cert_t *c, const char *oid, unsigned *critical)
{
	gnutls_x509_crt_t crt = gcert_of(c);
	gnutls_datum_t d = { NULL, 0 };
	int ret = gnutls_x509_crt_get_extension_by_oid2(crt, oid, 0, &d, critical);

	gnutls_free(d.data);
	gnutls_x509_crt_deinit(crt);
	return ret >= 0;
}

static void assert_critical(const pki_cert_t *c, const char *oid, bool want)
{
	unsigned critical = 2;

	cr_assert(ext_present(c, oid, &critical), "extension %s missing", oid);
	cr_assert_eq(critical != 0, want, "extension %s critical=%u", oid, critical);
}

/* GnuTLS validates @p leaf (plus @p mid when not NULL) up to the trusted @p root. */
static unsigned gnutls_status(const pki_cert_t *leaf, const pki_cert_t *mid, const pki_cert_t *root)
{
	gnutls_x509_trust_list_t tl;
	gnutls_x509_crt_t chain[2], ca = gcert_of(root);
	unsigned n = 0, status = 0;

	chain[n++] = gcert_of(leaf);
	if (mid)
		chain[n++] = gcert_of(mid);
	cr_assert_eq(gnutls_x509_trust_list_init(&tl, 0), 0);
	cr_assert_eq(gnutls_x509_trust_list_add_cas(tl, &ca, 1, 0), 1);
	cr_assert_eq(gnutls_x509_trust_list_verify_crt(tl, chain, n, 0, &status, NULL), 0);
	gnutls_x509_trust_list_deinit(tl, 1); /* frees ca */
	for (unsigned i = 0; i < n; i++)
		gnutls_x509_crt_deinit(chain[i]);
	return status;
}

static void assert_chain(const pki_cert_t *leaf, const pki_cert_t *mid, const pki_cert_t *root)
{
	unsigned status = gnutls_status(leaf, mid, root);

	cr_assert_eq(status, 0, "GnuTLS rejects the chain: status 0x%x", status);
}

#define ski(c) cert_str_(pki_cert_subject_key_id, (c))
#define aki(c) cert_str_(pki_cert_authority_key_id, (c))
#define subject_of(c) cert_str_(pki_cert_subject, (c))
#define issuer_of(c) cert_str_(pki_cert_issuer, (c))

static char *key_id(const pki_key_t *k)
{
	char *s = NULL;

	ok_(pki_key_id(&s, k, PKI_KEY_ID_SHA1, 0));
	return s;
}

static void assert_str_(char *got, const char *want)
{
	cr_assert_not_null(got);
	cr_assert_str_eq(got, want);
	pki_free(got);
}

/* The @p i-th SAN as "type:value" in a static buffer. */
static const char *san_at(const pki_cert_t *c, unsigned i)
{
	static char buf[300];
	static const char *prefix[] = { "?", "DNS", "IP", "email", "URI", "other" };
	char *v = NULL;
	int t = pki_cert_san(&v, c, i);

	cr_assert_gt(t, 0, "SAN %u: %d (%s)", i, t, pki_error_detail());
	cr_assert_leq(t, 5);
	snprintf(buf, sizeof(buf), "%s:%s", prefix[t], v);
	pki_free(v);
	return buf;
}

/* Assert that @p c has one SAN, @p want as "type:value". */
static void assert_only_san(const pki_cert_t *c, const char *want)
{
	cr_assert_eq(pki_cert_san_count(c), 1, "SANs where %s was expected", want);
	cr_assert_str_eq(san_at(c, 0), want);
}

/* ---- profiles -------------------------------------------------------------------------- */

Test(profile, from_name)
{
	cr_assert_eq(pki_profile_from_name("server"), PKI_PROFILE_SERVER);
	cr_assert_eq(pki_profile_from_name("client"), PKI_PROFILE_CLIENT);
	cr_assert_eq(pki_profile_from_name("server-client"), PKI_PROFILE_SERVER_CLIENT);
	cr_assert_eq(pki_profile_from_name("ca"), PKI_PROFILE_CA);
	cr_assert_eq(pki_profile_from_name("intermediate"), PKI_PROFILE_INTERMEDIATE);
	cr_assert_eq(pki_profile_from_name("Server"), PKI_PROFILE_SERVER);
	fails_(PKI_E_INVALID_ARG, pki_profile_from_name(NULL));
	fails_(PKI_E_INVALID_ARG, pki_profile_from_name(""));
	fails_(PKI_E_INVALID_ARG, pki_profile_from_name("serv"));
	fails_(PKI_E_INVALID_ARG, pki_profile_from_name("server "));
	fails_(PKI_E_INVALID_ARG, pki_profile_from_name("root\xff"));
	cr_assert(strstr(pki_error_detail(), "intermediate"), "detail lists the profiles");
}

/* ---- options --------------------------------------------------------------------------- */

Test(opts, new_and_free)
{
	pki_issue_opts_t *o = (pki_issue_opts_t *)1;

	fails_(PKI_E_INVALID_ARG, pki_issue_opts_new(NULL, PKI_PROFILE_SERVER, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_new(&o, PKI_PROFILE_SERVER, 1));
	cr_assert_null(o);
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_new(&o, (pki_profile_t)0, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_new(&o, (pki_profile_t)10, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_new(&o, (pki_profile_t)-1, 0));
	for (int p = PKI_PROFILE_SERVER; p <= PKI_PROFILE_TIMESTAMPING; p++) {
		o = opts_((pki_profile_t)p);
		pki_issue_opts_free(o);
	}
	pki_issue_opts_free(NULL);
}

/* A name constraint as a string setter: a permitted subtree. */
static int add_permitted(pki_issue_opts_t *o, const char *value)
{
	return pki_issue_opts_add_name_constraint(o, value, PKI_NC_PERMITTED);
}

typedef int (*str_setter_t)(pki_issue_opts_t *o, const char *value);
#define SETTER_(fn) (fn), #fn

/* Every string setter of the options, with a value it accepts on a CA profile. */
static const struct {
	str_setter_t set;
	const char *name, *good;
} setters[] = {
	{ SETTER_(pki_issue_opts_set_serial), "01" },
	{ SETTER_(pki_issue_opts_set_subject), "CN=x" },
	{ SETTER_(pki_issue_opts_add_san), "DNS:x.example" },
	{ SETTER_(add_permitted), "DNS:x" },
	{ SETTER_(pki_issue_opts_add_crl_url), "http://x/" },
	{ SETTER_(pki_issue_opts_add_ocsp_url), "http://x/" },
	{ SETTER_(pki_issue_opts_add_ca_issuers_url), "http://x/" },
};

Test(opts, null_opts_everywhere)
{
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_days(NULL, 10));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_validity(NULL, 0, 10));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_path_len(NULL, 1));
	for (size_t i = 0; i < sizeof(setters) / sizeof(setters[0]); i++) {
		int rc = setters[i].set(NULL, setters[i].good);

		cr_assert_eq(rc, PKI_E_INVALID_ARG, "%s(NULL, \"%s\") -> %d", setters[i].name,
			     setters[i].good, rc);
		cr_assert_neq(pki_error_detail()[0], '\0');
	}
}

Test(opts, null_values)
{
	pki_issue_opts_t *o = opts_(PKI_PROFILE_CA);

	for (size_t i = 0; i < sizeof(setters) / sizeof(setters[0]); i++) {
		int rc = setters[i].set(o, NULL);

		cr_assert_eq(rc, PKI_E_INVALID_ARG, "%s(o, NULL) -> %d", setters[i].name, rc);
		ok_(setters[i].set(o, setters[i].good));
	}
	pki_issue_opts_free(o);
}

/*
 * What the string setter @p set of @p o must accept (@p good) and refuse with @p code, naming
 * the cause (@p bad): lists ending with NULL, made with LIST_().
 */
#define LIST_(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define expect_syntax_(o, set, code, good, bad) expect_syntax((o), SETTER_(set), (code), good, bad)
static void expect_syntax(pki_issue_opts_t *o, str_setter_t set, const char *name, int code,
			  const char *const *good, const char *const *bad)
{
	for (; *good; good++) {
		int rc = set(o, *good);

		cr_assert_eq(rc, 0, "%s(\"%s\") -> %d (%s)", name, *good, rc, pki_error_detail());
	}
	for (; *bad; bad++) {
		int rc = set(o, *bad);

		cr_assert_eq(rc, code, "%s(\"%s\") -> %d, expected %d", name, *bad, rc, code);
		cr_assert_neq(pki_error_detail()[0], '\0', "%s(\"%s\") names no cause", name, *bad);
	}
}

Test(opts, days_range)
{
	pki_issue_opts_t *o = opts_(PKI_PROFILE_SERVER);

	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_days(o, 0));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_days(o, 36501));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_days(o, UINT32_MAX));
	ok_(pki_issue_opts_set_days(o, 1));
	ok_(pki_issue_opts_set_days(o, 36500));
	pki_issue_opts_free(o);
}

Test(opts, validity_range)
{
	pki_issue_opts_t *o = opts_(PKI_PROFILE_SERVER);
	int64_t t = TEST_NOW;

	fails_(PKI_E_VALIDITY, pki_issue_opts_set_validity(o, t, t));
	fails_(PKI_E_VALIDITY, pki_issue_opts_set_validity(o, t + 10, t));
	fails_(PKI_E_VALIDITY, pki_issue_opts_set_validity(o, -1, t));
	fails_(PKI_E_VALIDITY, pki_issue_opts_set_validity(o, t, INT64_MAX));
	fails_(PKI_E_VALIDITY, pki_issue_opts_set_validity(o, INT64_MIN, t));
	ok_(pki_issue_opts_set_validity(o, t, t + 1));
	ok_(pki_issue_opts_set_validity(o, 0, INT64_C(253402300799)));
	pki_issue_opts_free(o);
}

Test(opts, serial_syntax)
{
	pki_issue_opts_t *o = opts_(PKI_PROFILE_SERVER);
	static const char *const good[] = {
		"01", "1", "0x1", "0X7f", "7f:01:02", "00ff", "DEADBEEF",
		"7fffffffffffffffffffffffffffffffffffffff", /* 20 bytes, top bit clear */
		"ffffffffffffffffffffffffffffffffffffff",   /* 19 bytes + a 0x00 pad */
		"000000000000000000000000000000000000000000000001", /* leading zeros ignored */
		NULL,
	};
	static const char *const bad[] = {
		"", "0", "00", "0x", "0x0", "xyz", "12 34", "-1", "+1", "1g", ":01", "01:", "01::02",
		"ffffffffffffffffffffffffffffffffffffffff",   /* 20 bytes + pad = 21 */
		"010000000000000000000000000000000000000000", /* 21 bytes */
		"\xc3\xa9",
		NULL,
	};

	expect_syntax_(o, pki_issue_opts_set_serial, PKI_E_INVALID_ARG, good, bad);
	pki_issue_opts_free(o);
}

Test(opts, path_len)
{
	pki_issue_opts_t *leaf = opts_(PKI_PROFILE_SERVER), *ca = opts_(PKI_PROFILE_INTERMEDIATE);

	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_path_len(leaf, 1));
	cr_assert(strstr(pki_error_detail(), "server"));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_set_path_len(ca, UINT_MAX));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_clear_path_len(NULL));
	fails_(PKI_E_INVALID_ARG, pki_issue_opts_clear_path_len(leaf));
	ok_(pki_issue_opts_clear_path_len(ca));
	ok_(pki_issue_opts_set_path_len(ca, 0));
	ok_(pki_issue_opts_set_path_len(ca, 5));
	pki_issue_opts_free(leaf);
	pki_issue_opts_free(ca);
}

Test(opts, subject_and_sans_are_validated)
{
	pki_issue_opts_t *o = opts_(PKI_PROFILE_SERVER);

	expect_syntax_(o, pki_issue_opts_set_subject, PKI_E_INVALID_NAME,
		       LIST_("CN=a.example.com,O=Example", ""), LIST_("CN", "XX=1"));
	expect_syntax_(o, pki_issue_opts_add_san, PKI_E_INVALID_NAME,
		       LIST_("DNS:a.example.com", "IP:10.0.0.1", "email:a@example.com",
			     "URI:https://example.com/"),
		       LIST_("a.example.com", "DNS:", "DNS:bad name", "IP:300.1.1.1", "FOO:bar"));
	pki_issue_opts_free(o);
}

Test(opts, name_constraints_syntax)
{
	pki_issue_opts_t *o = opts_(PKI_PROFILE_CA), *leaf = opts_(PKI_PROFILE_CLIENT);
	static const char *const good[] = {
		"DNS:.internal", "DNS:example.com", "dns:Example.COM", "IP:10.0.0.0/8",
		"IP:fd00::/8", "IP:192.0.2.0/24", "IP:0.0.0.0/0", "IP:2001:db8::/32",
		"email:example.com", "email:.example.com", "email:admin@example.com", NULL,
	};
	static const char *const bad[] = {
		"internal", "DNS:", "DNS:.", "DNS:*.example.com", "DNS:bad name", "IP:10.0.0.0",
		"IP:10.0.0.0/33", "IP:10.0.0.0/-1", "IP:10.0.0.0/", "IP:10.1.0.0/8", "IP:fd00::/129",
		"IP:nonsense/8", "IP:10.0.0.0/8x", "email:", "email:@example.com", "email:a@",
		"email:a@b@c", "URI:example.com", "X:y", NULL,
	};

	expect_syntax_(o, add_permitted, PKI_E_INVALID_NAME, good, bad);
	for (size_t i = 0; good[i]; i++)
		ok_(pki_issue_opts_add_name_constraint(o, good[i], PKI_NC_EXCLUDED));
	fails_(PKI_E_INVALID_ARG,
	       pki_issue_opts_add_name_constraint(leaf, "DNS:.internal", PKI_NC_PERMITTED));
	pki_issue_opts_free(o);
	pki_issue_opts_free(leaf);
}

Test(opts, lists_are_bounded)
{
	pki_issue_opts_t *o = opts_(PKI_PROFILE_CA);
	char san[64];
	int i;

	for (i = 0; i < (int)PKI_ISSUE_MAX_ENTRIES; i++) {
		snprintf(san, sizeof(san), "DNS:h%d.example.com", i);
		ok_(pki_issue_opts_add_san(o, san));
	}
	fails_(PKI_E_TOO_LARGE, pki_issue_opts_add_san(o, "DNS:one-too-many.example.com"));
	cr_assert(strstr(pki_error_detail(), "too many"), "%s", pki_error_detail());
	pki_issue_opts_free(o);
}

Test(opts, urls_are_validated)
{
	pki_issue_opts_t *o = opts_(PKI_PROFILE_CA);

	expect_syntax_(o, pki_issue_opts_add_crl_url, PKI_E_INVALID_NAME,
		       LIST_("http://crl.example.com/ca.crl"), LIST_("", "not a url"));
	expect_syntax_(o, pki_issue_opts_add_ocsp_url, PKI_E_INVALID_NAME,
		       LIST_("http://ocsp.example.com"), LIST_("http://exa mple.com/"));
	expect_syntax_(o, pki_issue_opts_add_ca_issuers_url, PKI_E_INVALID_NAME,
		       LIST_("http://example.com/ca.crt"), LIST_("\x01"));
	pki_issue_opts_free(o);
}

/* ---- self-signed and profile extensions ------------------------------------------------ */

Test(issue, self_signed_root_defaults)
{
	pki_key_t *key = test_key_(PKI_KEY_EC_P256);
	int64_t nb = 0, na = 0;
	pki_cert_t *ca = root_(key, "CN=Test Root,O=Example,C=GB");
	char *id = key_id(key);

	cr_assert(pki_cert_is_ca(ca));
	fails_(PKI_E_NOT_FOUND, pki_cert_path_len(ca));
	cr_assert_eq(pki_cert_key_usage(ca), PKI_KU_KEY_CERT_SIGN | PKI_KU_CRL_SIGN);
	fails_(PKI_E_NOT_FOUND, pki_cert_ext_key_usage(ca));
	cr_assert_eq(pki_cert_san_count(ca), 0);
	assert_str_(ski(ca), id);
	assert_str_(aki(ca), id);
	assert_str_(subject_of(ca),
		    "CN=Test Root,O=Example,C=GB");
	assert_str_(issuer_of(ca),
		    "CN=Test Root,O=Example,C=GB");
	ok_(pki_cert_validity(&nb, &na, ca));
	cr_assert_eq(nb, TEST_NOW - PKI_CLOCK_SKEW_SECONDS, "notBefore is backdated by the skew");
	cr_assert_eq(na, nb + PKI_DEFAULT_CA_DAYS * DAY);
	cr_assert(pki_cert_matches_key(ca, key));
	assert_critical(ca, "2.5.29.19", true); /* basicConstraints */
	assert_critical(ca, "2.5.29.15", true); /* keyUsage */
	assert_critical(ca, "2.5.29.14", false);
	assert_critical(ca, "2.5.29.35", false);
	cr_assert_not(ext_present(ca, "2.5.29.37", NULL), "a root has no EKU");
	{
		gnutls_x509_crt_t g = gcert_of(ca);

		cr_assert_eq(gnutls_x509_crt_get_version(g), 3);
		cr_assert_eq(gnutls_x509_crt_check_issuer(g, g), 1);
		gnutls_x509_crt_deinit(g);
	}
	assert_chain(ca, NULL, ca);
	pki_free(id);
	pki_cert_free(ca);
	pki_key_free(key);
}

Test(issue, server_profile_extensions)
{
	test_ca_t ca = test_ca_(PKI_KEY_EC_P256, "CN=Root", NULL);
	pki_key_t *ec = test_key_(PKI_KEY_EC_P256), *rsa = test_key_(PKI_KEY_RSA);
	pki_issue_opts_t *o = opts_(PKI_PROFILE_SERVER);
	pki_cert_t *a, *b;
	int64_t nb, na;
	char *id;

	ok_(pki_issue_opts_add_san(o, "DNS:www.example.com"));
	a = leaf_(ec, "CN=www.example.com", ca.cert, ca.key, o);
	b = leaf_(rsa, "CN=www.example.com", ca.cert, ca.key, NULL); /* NULL: the server profile */
	cr_assert_not(pki_cert_is_ca(a));
	fails_(PKI_E_NOT_FOUND, pki_cert_path_len(a));
	cr_assert_eq(pki_cert_key_usage(a), PKI_KU_DIGITAL_SIGNATURE);
	cr_assert_eq(pki_cert_key_usage(b), PKI_KU_DIGITAL_SIGNATURE | PKI_KU_KEY_ENCIPHERMENT);
	cr_assert_eq(pki_cert_ext_key_usage(a), PKI_EKU_SERVER_AUTH);
	cr_assert_eq(pki_cert_ext_key_usage(b), PKI_EKU_SERVER_AUTH);
	assert_critical(a, "2.5.29.19", true);
	assert_critical(a, "2.5.29.15", true);
	assert_critical(a, "2.5.29.37", false);
	assert_critical(a, "2.5.29.17", false);
	assert_only_san(a, "DNS:www.example.com");
	id = key_id(ec);
	assert_str_(ski(a), id);
	pki_free(id);
	id = key_id(ca.key);
	assert_str_(aki(a), id);
	assert_str_(aki(b), id);
	pki_free(id);
	ok_(pki_cert_validity(&nb, &na, a));
	cr_assert_eq(na - nb, PKI_DEFAULT_LEAF_DAYS * DAY);
	assert_str_(issuer_of(a), "CN=Root");
	assert_chain(a, NULL, ca.cert);
	assert_chain(b, NULL, ca.cert);
	pki_cert_free(a);
	pki_cert_free(b);
	pki_issue_opts_free(o);
	test_ca_free(&ca);
	pki_key_free(ec);
	pki_key_free(rsa);
}

Test(issue, client_and_server_client_profiles)
{
	test_ca_t ca = test_ca_(PKI_KEY_EC_P384, "CN=Root", NULL);
	pki_key_t *k = test_key_(PKI_KEY_ED25519), *rsa = test_key_(PKI_KEY_RSA);
	pki_issue_opts_t *cl = opts_(PKI_PROFILE_CLIENT), *sc = opts_(PKI_PROFILE_SERVER_CLIENT);
	pki_cert_t *c, *c2, *s, *s2;

	c = leaf_(k, "CN=alice,O=Example", ca.cert, ca.key, cl);
	c2 = leaf_(rsa, "CN=bob", ca.cert, ca.key, cl);
	s = leaf_(k, "CN=both.example.com", ca.cert, ca.key, sc);
	s2 = leaf_(rsa, "CN=both.example.com", ca.cert, ca.key, sc);
	cr_assert_eq(pki_cert_ext_key_usage(c), PKI_EKU_CLIENT_AUTH);
	cr_assert_eq(pki_cert_key_usage(c), PKI_KU_DIGITAL_SIGNATURE);
	cr_assert_eq(pki_cert_key_usage(c2), PKI_KU_DIGITAL_SIGNATURE, "client RSA: no keyEnc");
	cr_assert_eq(pki_cert_ext_key_usage(s), PKI_EKU_SERVER_AUTH | PKI_EKU_CLIENT_AUTH);
	cr_assert_eq(pki_cert_key_usage(s), PKI_KU_DIGITAL_SIGNATURE);
	cr_assert_eq(pki_cert_key_usage(s2), PKI_KU_DIGITAL_SIGNATURE | PKI_KU_KEY_ENCIPHERMENT);
	cr_assert_not(pki_cert_is_ca(c));
	cr_assert_not(pki_cert_is_ca(s));
	assert_critical(c, "2.5.29.19", true);
	assert_critical(s, "2.5.29.15", true);
	/* "alice" is a host name as far as syntax goes: the rule copies it. "bob" too. */
	assert_only_san(s, "DNS:both.example.com");
	assert_chain(c, NULL, ca.cert);
	assert_chain(s2, NULL, ca.cert);
	pki_cert_free(c);
	pki_cert_free(c2);
	pki_cert_free(s);
	pki_cert_free(s2);
	pki_issue_opts_free(cl);
	pki_issue_opts_free(sc);
	test_ca_free(&ca);
	pki_key_free(k);
	pki_key_free(rsa);
}

Test(issue, intermediate_profile_and_chain)
{
	pki_key_t *rk = test_key_(PKI_KEY_EC_P384), *ik = test_key_(PKI_KEY_EC_P256),
		  *lk = test_key_(PKI_KEY_ED25519);
	pki_cert_t *root = root_(rk, "CN=Root"), *mid, *leaf, *mid2, *x = NULL;
	pki_issue_opts_t *io = opts_(PKI_PROFILE_INTERMEDIATE);
	pki_key_t *ik2 = test_key_(PKI_KEY_EC_P256);
	int64_t nb, na;
	char *s;

	ok_(pki_issue_opts_set_days(io, 1000));
	mid = leaf_(ik, "CN=Intermediate", root, rk, io);
	cr_assert(pki_cert_is_ca(mid));
	cr_assert_eq(pki_cert_path_len(mid), 0);
	cr_assert_eq(pki_cert_key_usage(mid), PKI_KU_KEY_CERT_SIGN | PKI_KU_CRL_SIGN);
	fails_(PKI_E_NOT_FOUND, pki_cert_ext_key_usage(mid));
	cr_assert_eq(pki_cert_san_count(mid), 0, "no CN-to-SAN for CA profiles");
	assert_critical(mid, "2.5.29.19", true);
	assert_critical(mid, "2.5.29.15", true);
	ok_(pki_cert_validity(&nb, &na, mid));
	cr_assert_eq(na - nb, 1000 * DAY);
	s = ski(root);
	assert_str_(aki(mid), s);
	pki_free(s);

	leaf = leaf_(lk, "CN=svc.example.com", mid, ik, NULL);
	s = ski(mid);
	assert_str_(aki(leaf), s);
	pki_free(s);
	assert_chain(leaf, mid, root);
	cr_assert_neq(gnutls_status(leaf, NULL, root), 0, "the leaf needs the intermediate");

	/* pathlen 0: the intermediate may not issue another CA. */
	fails_(PKI_E_NOT_CA, pki_cert_issue_for_key(&x, ik2, "CN=Sub", mid, ik, io, 0));
	cr_assert_null(x);
	cr_assert(strstr(pki_error_detail(), "pathLenConstraint"));

	/* An explicit path length, and none at all. */
	ok_(pki_issue_opts_set_path_len(io, 3));
	mid2 = leaf_(ik2, "CN=Intermediate 2", root, rk, io);
	cr_assert_eq(pki_cert_path_len(mid2), 3);
	pki_cert_free(mid2);
	ok_(pki_issue_opts_clear_path_len(io));
	mid2 = leaf_(ik2, "CN=Intermediate 3", root, rk, io);
	cr_assert(pki_cert_is_ca(mid2));
	fails_(PKI_E_NOT_FOUND, pki_cert_path_len(mid2));
	pki_cert_free(mid2);

	pki_cert_free(leaf);
	pki_cert_free(mid);
	pki_cert_free(root);
	pki_issue_opts_free(io);
	pki_key_free(rk);
	pki_key_free(ik);
	pki_key_free(ik2);
	pki_key_free(lk);
}

Test(issue, ca_profile_path_len)
{
	pki_key_t *k = test_key_(PKI_KEY_EC_P256);
	pki_issue_opts_t *o = opts_(PKI_PROFILE_CA);
	pki_cert_t *c = NULL;

	ok_(pki_issue_opts_set_path_len(o, 1));
	ok_(pki_cert_self_sign(&c, k, "CN=Root pathlen 1", o, 0));
	cr_assert(pki_cert_is_ca(c));
	cr_assert_eq(pki_cert_path_len(c), 1);
	pki_cert_free(c);
	pki_issue_opts_free(o);
	pki_key_free(k);
}

Test(issue, self_signed_leaf_is_allowed)
{
	pki_key_t *k = test_key_(PKI_KEY_EC_P256);
	pki_issue_opts_t *o = opts_(PKI_PROFILE_SERVER);
	pki_cert_t *c = NULL;
	int64_t nb, na;
	char *s;

	ok_(pki_cert_self_sign(&c, k, "CN=localhost", o, 0));
	cr_assert_not(pki_cert_is_ca(c));
	cr_assert_eq(pki_cert_ext_key_usage(c), PKI_EKU_SERVER_AUTH);
	assert_only_san(c, "DNS:localhost");
	s = ski(c);
	assert_str_(aki(c), s);
	pki_free(s);
	ok_(pki_cert_validity(&nb, &na, c));
	cr_assert_eq(na - nb, PKI_DEFAULT_LEAF_DAYS * DAY);
	pki_cert_free(c);
	pki_issue_opts_free(o);
	pki_key_free(k);
}

/* ---- key types ------------------------------------------------------------------------- */

Test(issue, every_key_type_as_ca_and_leaf, .timeout = 300)
{
	static const pki_key_type_t types[] = { PKI_KEY_RSA, PKI_KEY_EC_P256, PKI_KEY_EC_P384,
						PKI_KEY_ED25519 };
	static const gnutls_sign_algorithm_t sigs[] = { GNUTLS_SIGN_RSA_SHA256,
							GNUTLS_SIGN_ECDSA_SHA256,
							GNUTLS_SIGN_ECDSA_SHA384,
							GNUTLS_SIGN_EDDSA_ED25519 };
	enum { N = 4 };
	pki_key_t *keys[N], *leafkeys[N];
	pki_cert_t *cas[N];

	for (int i = 0; i < N; i++) {
		keys[i] = test_key_(types[i]);
		leafkeys[i] = test_key_(types[i]);
		cas[i] = root_(keys[i], "CN=Root,O=Key types");
	}
	for (int i = 0; i < N; i++) {
		gnutls_x509_crt_t g = gcert_of(cas[i]);

		cr_assert_eq(gnutls_x509_crt_get_signature_algorithm(g), (int)sigs[i],
			     "CA type %d", (int)types[i]);
		gnutls_x509_crt_deinit(g);
		for (int j = 0; j < N; j++) {
			pki_cert_t *l = leaf_(leafkeys[j], "CN=host.example.com", cas[i], keys[i],
					      NULL);

			g = gcert_of(l);
			cr_assert_eq(gnutls_x509_crt_get_signature_algorithm(g), (int)sigs[i]);
			gnutls_x509_crt_deinit(g);
			cr_assert(pki_cert_matches_key(l, leafkeys[j]));
			cr_assert_eq(pki_cert_key_usage(l),
				     PKI_KU_DIGITAL_SIGNATURE |
					     (types[j] == PKI_KEY_RSA ? PKI_KU_KEY_ENCIPHERMENT : 0));
			assert_chain(l, NULL, cas[i]);
			pki_cert_free(l);
		}
	}
	for (int i = 0; i < N; i++) {
		pki_cert_free(cas[i]);
		pki_key_free(keys[i]);
		pki_key_free(leafkeys[i]);
	}
}

/* ---- serial numbers and validity ------------------------------------------------------- */

Test(issue, random_serials_are_positive_16_bytes_and_distinct)
{
	test_ca_t ca = test_ca_(PKI_KEY_EC_P256, "CN=Root", NULL);
	enum { N = 24 };
	char *serials[N];

	for (int i = 0; i < N; i++) {
		pki_cert_t *c = leaf_(ca.subject_key, "CN=s.example.com", ca.cert, ca.key, NULL);

		ok_(pki_cert_serial(&serials[i], c));
		cr_assert_eq(strlen(serials[i]), 32, "serial %s is not 16 bytes", serials[i]);
		/* First byte 0x01..0x7f: top bit clear (positive), never zero (stable length). */
		cr_assert(serials[i][0] >= '0' && serials[i][0] <= '7', "serial %s", serials[i]);
		cr_assert(serials[i][0] != '0' || serials[i][1] != '0', "serial %s", serials[i]);
		for (int j = 0; j < i; j++)
			cr_assert_str_neq(serials[i], serials[j]);
		pki_cert_free(c);
	}
	/* A root's serial follows the same rule. */
	{
		char *s = NULL;

		ok_(pki_cert_serial(&s, ca.cert));
		cr_assert_eq(strlen(s), 32);
		cr_assert(s[0] >= '0' && s[0] <= '7');
		pki_free(s);
	}
	for (int i = 0; i < N; i++)
		pki_free(serials[i]);
	test_ca_free(&ca);
}

Test(issue, explicit_serials)
{
	pki_key_t *k = test_key_(PKI_KEY_EC_P256);
	pki_issue_opts_t *o = opts_(PKI_PROFILE_CA);
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "01", "01" },
		{ "0x7F:01", "7f01" },
		{ "ff", "ff" },         /* encoded with a 0x00 pad, still positive */
		{ "00000abc", "0abc" }, /* whole bytes */
		{ "7fffffffffffffffffffffffffffffffffffffff",
		  "7fffffffffffffffffffffffffffffffffffffff" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pki_cert_t *c = NULL;
		char *s = NULL;
		gnutls_x509_crt_t g;
		unsigned char raw[32];
		size_t rlen = sizeof(raw);

		ok_(pki_issue_opts_set_serial(o, cases[i].in));
		ok_(pki_cert_self_sign(&c, k, "CN=Serial", o, 0));
		ok_(pki_cert_serial(&s, c));
		/* pki_cert_serial: whole bytes in hex, without leading zero bytes. */
		cr_assert_str_eq(s, cases[i].out, "%s -> %s", cases[i].in, s);
		g = gcert_of(c);
		cr_assert_eq(gnutls_x509_crt_get_serial(g, raw, &rlen), 0);
		cr_assert_lt(raw[0], 0x80, "serial %s encodes as a negative integer", s);
		cr_assert_leq(rlen, 20);
		gnutls_x509_crt_deinit(g);
		pki_free(s);
		pki_cert_free(c);
	}
	pki_issue_opts_free(o);
	pki_key_free(k);
}

Test(issue, days_and_explicit_validity)
{
	test_ca_t ca = test_ca_(PKI_KEY_EC_P256, "CN=Root", NULL);
	pki_cert_t *c;
	pki_issue_opts_t *o = opts_(PKI_PROFILE_CLIENT);
	int64_t nb, na, t = TEST_NOW;

	ok_(pki_issue_opts_set_days(o, 30));
	c = leaf_(ca.subject_key, "CN=c", ca.cert, ca.key, o);
	ok_(pki_cert_validity(&nb, &na, c));
	cr_assert_eq(nb, t - PKI_CLOCK_SKEW_SECONDS,
		     "notBefore is backdated by the clock-skew allowance");
	cr_assert_eq(na, nb + 30 * DAY);
	pki_cert_free(c);

	ok_(pki_issue_opts_set_validity(o, t - 3600, t + 7 * DAY));
	c = leaf_(ca.subject_key, "CN=c", ca.cert, ca.key, o);
	ok_(pki_cert_validity(&nb, &na, c));
	cr_assert_eq(nb, t - 3600);
	cr_assert_eq(na, t + 7 * DAY);
	pki_cert_free(c);

	/* The last setter wins. */
	ok_(pki_issue_opts_set_days(o, 2));
	c = leaf_(ca.subject_key, "CN=c", ca.cert, ca.key, o);
	ok_(pki_cert_validity(&nb, &na, c));
	cr_assert_eq(nb, t - PKI_CLOCK_SKEW_SECONDS);
	cr_assert_eq(na, nb + 2 * DAY);
	pki_cert_free(c);

	/* An explicit validity is checked against the issuer like any other. */
	ok_(pki_issue_opts_set_validity(o, t, INT64_C(2524608000) + 12345)); /* 2050 */
	fails_(PKI_E_VALIDITY,
	       pki_cert_issue_for_key(&c, ca.subject_key, "CN=c", ca.cert, ca.key, o, 0));
	pki_issue_opts_free(o);
	test_ca_free(&ca);
}

/* Dates past 2049 are written as GeneralizedTime and read back exactly. */
Test(issue, generalized_time_after_2049)
{
	pki_key_t *k = test_key_(PKI_KEY_EC_P256);
	pki_issue_opts_t *o = opts_(PKI_PROFILE_CA);
	pki_cert_t *c = NULL;
	int64_t nb, na, t = TEST_NOW, end = INT64_C(2524608000) + 12345;

	ok_(pki_issue_opts_set_validity(o, t, end));
	ok_(pki_cert_self_sign(&c, k, "CN=Long", o, 0));
	ok_(pki_cert_validity(&nb, &na, c));
	cr_assert_eq(nb, t);
	cr_assert_eq(na, end);
	pki_cert_free(c);
	pki_issue_opts_free(o);
	pki_key_free(k);
}

Test(issue, refuses_to_outlive_the_issuer)
{
	pki_key_t *cak = test_key_(PKI_KEY_EC_P256), *k = test_key_(PKI_KEY_EC_P256);
	pki_issue_opts_t *cao = opts_(PKI_PROFILE_CA), *o = opts_(PKI_PROFILE_SERVER);
	pki_cert_t *ca = NULL, *c = (pki_cert_t *)1;
	int64_t t = TEST_NOW, cnb, cna, nb, na;

	ok_(pki_issue_opts_set_days(cao, 100));
	ok_(pki_cert_self_sign(&ca, cak, "CN=Short root", cao, 0));
	ok_(pki_cert_validity(&cnb, &cna, ca));
	/* Default leaf validity (397 days) outlives a 100-day CA: refused, not clamped. */
	fails_(PKI_E_VALIDITY, pki_cert_issue_for_key(&c, k, "CN=x.example.com", ca, cak, NULL, 0));
	cr_assert_null(c);
	cr_assert(strstr(pki_error_detail(), "issuer"), "%s", pki_error_detail());
	ok_(pki_issue_opts_set_days(o, 101));
	fails_(PKI_E_VALIDITY, pki_cert_issue_for_key(&c, k, "CN=x.example.com", ca, cak, o, 0));
	/* Ending exactly with the issuer is fine; one second later is not. */
	ok_(pki_issue_opts_set_validity(o, t, cna));
	c = leaf_(k, "CN=x.example.com", ca, cak, o);
	ok_(pki_cert_validity(&nb, &na, c));
	cr_assert_eq(na, cna);
	pki_cert_free(c);
	ok_(pki_issue_opts_set_validity(o, t, cna + 1));
	fails_(PKI_E_VALIDITY, pki_cert_issue_for_key(&c, k, "CN=x.example.com", ca, cak, o, 0));
	/* The same rule for an intermediate with the default 3650 days under this root. */
	{
		pki_issue_opts_t *io = opts_(PKI_PROFILE_INTERMEDIATE);

		fails_(PKI_E_VALIDITY, pki_cert_issue_for_key(&c, k, "CN=Sub", ca, cak, io, 0));
		pki_issue_opts_free(io);
	}
	pki_issue_opts_free(cao);
	pki_issue_opts_free(o);
	pki_cert_free(ca);
	pki_key_free(cak);
	pki_key_free(k);
}

/* ---- refusals -------------------------------------------------------------------------- */

Test(refuse, issuer_not_a_ca)
{
	test_ca_t ca = test_ca_(PKI_KEY_EC_P256, "CN=Root", NULL);
	pki_cert_t *leaf, *c = (pki_cert_t *)1;
	pki_key_t *lk = test_key_(PKI_KEY_EC_P256), *k = test_key_(PKI_KEY_EC_P256);
	pki_cert_t *no_bc, *bc_false, *no_certsign, *certsign_ok;

	leaf = leaf_(lk, "CN=leaf.example.com", ca.cert, ca.key, NULL);
	fails_(PKI_E_NOT_CA, pki_cert_issue_for_key(&c, k, "CN=x", leaf, lk, NULL, 0));
	cr_assert_null(c);
	cr_assert(strstr(pki_error_detail(), "not a CA"), "%s", pki_error_detail());

	/* Made by GnuTLS, as libpki would not make them. */
	no_bc = odd_ca(ca.key, -1, 0);
	bc_false = odd_ca(ca.key, 0, GNUTLS_KEY_KEY_CERT_SIGN);
	no_certsign = odd_ca(ca.key, 1, GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_CRL_SIGN);
	certsign_ok = odd_ca(ca.key, 1, 0); /* CA:TRUE, no keyUsage at all: may sign */
	fails_(PKI_E_NOT_CA, pki_cert_issue_for_key(&c, k, "CN=x", no_bc, ca.key, NULL, 0));
	cr_assert(strstr(pki_error_detail(), "basicConstraints"), "%s", pki_error_detail());
	fails_(PKI_E_NOT_CA, pki_cert_issue_for_key(&c, k, "CN=x", bc_false, ca.key, NULL, 0));
	fails_(PKI_E_NOT_CA, pki_cert_issue_for_key(&c, k, "CN=x", no_certsign, ca.key, NULL, 0));
	cr_assert(strstr(pki_error_detail(), "keyCertSign"), "%s", pki_error_detail());
	ok_(pki_cert_issue_for_key(&c, k, "CN=x", certsign_ok, ca.key, NULL, 0));
	/* That issuer has no subjectKeyIdentifier: the AKI is computed from its key. */
	cr_assert_not(ext_present(certsign_ok, "2.5.29.14", NULL));
	{
		char *id = key_id(ca.key);

		assert_str_(aki(c), id);
		pki_free(id);
	}
	assert_chain(c, NULL, certsign_ok);
	pki_cert_free(c);

	pki_cert_free(no_bc);
	pki_cert_free(bc_false);
	pki_cert_free(no_certsign);
	pki_cert_free(certsign_ok);
	pki_cert_free(leaf);
	test_ca_free(&ca);
	pki_key_free(lk);
	pki_key_free(k);
}

Test(refuse, ca_key_mismatch)
{
	test_ca_t ca = test_ca_(PKI_KEY_EC_P256, "CN=Root", NULL);
	pki_cert_t *c = (pki_cert_t *)1;
	pki_key_t *other = test_key_(PKI_KEY_EC_P256), *k = test_key_(PKI_KEY_EC_P256);
	pki_key_t *other384 = test_key_(PKI_KEY_EC_P384);
	pki_csr_t *csr = NULL;

	fails_(PKI_E_KEY_MISMATCH, pki_cert_issue_for_key(&c, k, "CN=x", ca.cert, other, NULL, 0));
	cr_assert_null(c);
	cr_assert_neq(pki_error_detail()[0], '\0');
	fails_(PKI_E_KEY_MISMATCH,
	       pki_cert_issue_for_key(&c, k, "CN=x", ca.cert, other384, NULL, 0));
	ok_(pki_csr_create(&csr, k, "CN=x.example.com", NULL, 0));
	fails_(PKI_E_KEY_MISMATCH, pki_cert_issue(&c, csr, ca.cert, other, NULL, 0));
	pki_csr_free(csr);
	test_ca_free(&ca);
	pki_key_free(other);
	pki_key_free(other384);
	pki_key_free(k);
}

Test(refuse, public_only_keys)
{
	test_ca_t ca = test_ca_(PKI_KEY_EC_P256, "CN=Root", NULL);
	pki_cert_t *c = (pki_cert_t *)1;
	pki_key_t *pub = NULL;

	ok_(pki_cert_public_key(&pub, ca.cert));
	cr_assert_not(pki_key_has_private(pub));
	fails_(PKI_E_NO_PRIVATE_KEY,
	       pki_cert_issue_for_key(&c, ca.subject_key, "CN=x", ca.cert, pub, NULL, 0));
	cr_assert_null(c);
	fails_(PKI_E_NO_PRIVATE_KEY, pki_cert_self_sign(&c, pub, "CN=x", NULL, 0));
	/* A public-only subject key is fine: that is the point of issue_for_key. */
	ok_(pki_cert_issue_for_key(&c, pub, "CN=x", ca.cert, ca.key, NULL,
				   PKI_ISSUE_ALLOW_KEY_REUSE));
	pki_cert_free(c);
	pki_key_free(pub);
	ok_(pki_cert_public_key(&pub, ca.cert));
	pki_key_free(pub);
	{
		unsigned char *der = NULL;
		size_t n = 0;
		pki_key_t *kpub = NULL;

		ok_(pki_key_export_public(&der, &n, ca.subject_key, PKI_FORMAT_DER, 0));
		ok_(pki_key_import(&kpub, der, n, NULL, 0));
		pki_free(der);
		ok_(pki_cert_issue_for_key(&c, kpub, "CN=pub.example.com", ca.cert, ca.key, NULL,
					   0));
		cr_assert(pki_cert_matches_key(c, ca.subject_key));
		pki_cert_free(c);
		pki_key_free(kpub);
	}
	test_ca_free(&ca);
}

Test(refuse, key_reuse)
{
	test_ca_t ca = test_ca_(PKI_KEY_EC_P256, "CN=Root", NULL);
	pki_cert_t *c = (pki_cert_t *)1;
	pki_csr_t *csr = NULL;

	fails_(PKI_E_KEY_REUSE,
	       pki_cert_issue_for_key(&c, ca.key, "CN=x", ca.cert, ca.key, NULL, 0));
	cr_assert_null(c);
	cr_assert(strstr(pki_error_detail(), "PKI_ISSUE_ALLOW_KEY_REUSE"));
	ok_(pki_csr_create(&csr, ca.key, "CN=x.example.com", NULL, 0));
	fails_(PKI_E_KEY_REUSE, pki_cert_issue(&c, csr, ca.cert, ca.key, NULL, 0));
	ok_(pki_cert_issue(&c, csr, ca.cert, ca.key, NULL, PKI_ISSUE_ALLOW_KEY_REUSE));
	cr_assert(pki_cert_matches_key(c, ca.key));
	pki_cert_free(c);
	ok_(pki_cert_issue_for_key(&c, ca.key, "CN=x", ca.cert, ca.key, NULL,
				   PKI_ISSUE_ALLOW_KEY_REUSE));
	pki_cert_free(c);
	pki_csr_free(csr);
	test_ca_free(&ca);
}

/* A 1024-bit RSA key, which libpki will not generate, made by GnuTLS. */
static pki_key_t *rsa1024(void)
{
	gnutls_x509_privkey_t x;
	gnutls_datum_t d = { NULL, 0 };
	pki_key_t *k = NULL;

	cr_assert_eq(gnutls_x509_privkey_init(&x), 0);
	cr_assert_eq(gnutls_x509_privkey_generate(x, GNUTLS_PK_RSA, 1024, 0), 0);
	cr_assert_eq(gnutls_x509_privkey_export2_pkcs8(x, GNUTLS_X509_FMT_DER, NULL,
						       GNUTLS_PKCS_PLAIN, &d),
		     0);
	ok_(pki_key_import(&k, d.data, d.size, NULL, 0));
	gnutls_free(d.data);
	gnutls_x509_privkey_deinit(x);
	return k;
}

Test(refuse, weak_subject_key, .timeout = 60)
{
	test_ca_t ca = test_ca_(PKI_KEY_EC_P256, "CN=Root", NULL);
	pki_cert_t *c = (pki_cert_t *)1;
	pki_key_t *weak = rsa1024();
	pki_csr_t *csr = odd_csr(weak, "weak.example.com", NULL);

	cr_assert_eq(pki_key_bits(weak), 1024);
	fails_(PKI_E_WEAK, pki_cert_issue_for_key(&c, weak, "CN=weak", ca.cert, ca.key, NULL, 0));
	cr_assert_null(c);
	cr_assert(strstr(pki_error_detail(), "1024"), "%s", pki_error_detail());
	fails_(PKI_E_WEAK, pki_cert_issue(&c, csr, ca.cert, ca.key, NULL, 0));
	fails_(PKI_E_WEAK, pki_cert_self_sign(&c, weak, "CN=weak", NULL, 0));
	pki_csr_free(csr);
	test_ca_free(&ca);
	pki_key_free(weak);
}

Test(refuse, bad_request_signature)
{
	test_ca_t ca = test_ca_(PKI_KEY_EC_P256, "CN=Root", NULL);
	pki_cert_t *c = (pki_cert_t *)1;
	const char *sans[] = { "DNS:x.example.com", NULL };
	pki_csr_t *csr = NULL, *bad = NULL;
	unsigned char *der = NULL;
	size_t n = 0;

	ok_(pki_csr_create(&csr, ca.subject_key, "CN=x.example.com", sans, 0));
	ok_(pki_csr_export(&der, &n, csr, PKI_FORMAT_DER, 0));
	der[n - 1] ^= 0x01; /* last byte of the ECDSA signature's s */
	ok_(pki_csr_import(&bad, der, n, 0));
	fails_(PKI_E_BAD_SIGNATURE, pki_csr_verify(bad, 0));
	fails_(PKI_E_BAD_SIGNATURE, pki_cert_issue(&c, bad, ca.cert, ca.key, NULL, 0));
	cr_assert_null(c);
	cr_assert(strstr(pki_error_detail(), "signature"), "%s", pki_error_detail());
	ok_(pki_cert_issue(&c, csr, ca.cert, ca.key, NULL, 0));
	pki_cert_free(c);
	pki_free(der);
	pki_csr_free(csr);
	pki_csr_free(bad);
	test_ca_free(&ca);
}

/* ---- requests: subject and SANs -------------------------------------------------------- */

Test(csr, subject_and_sans_copied_and_options_added)
{
	test_ca_t ca = test_ca_(PKI_KEY_EC_P256, "CN=Root", NULL);
	pki_cert_t *c = NULL;
	const char *sans[] = { "DNS:web.example.com", "IP:192.0.2.10", "email:ops@example.com",
			       "URI:https://web.example.com/", "IP:2001:db8::1", NULL };
	pki_issue_opts_t *o = opts_(PKI_PROFILE_SERVER);
	pki_csr_t *csr = NULL;
	char *s = NULL;

	ok_(pki_csr_create(&csr, ca.subject_key, "CN=web.example.com,O=Example", sans, 0));
	ok_(pki_issue_opts_add_san(o, "DNS:extra.example.com"));
	ok_(pki_issue_opts_add_san(o, "DNS:WEB.example.com")); /* duplicate of the request's */
	ok_(pki_cert_issue(&c, csr, ca.cert, ca.key, o, 0));
	ok_(pki_cert_subject(&s, c));
	cr_assert_str_eq(s, "CN=web.example.com,O=Example");
	pki_free(s);
	cr_assert_eq(pki_cert_san_count(c), 6);
	cr_assert_str_eq(san_at(c, 0), "DNS:web.example.com");
	cr_assert_str_eq(san_at(c, 1), "IP:192.0.2.10");
	cr_assert_str_eq(san_at(c, 2), "email:ops@example.com");
	cr_assert_str_eq(san_at(c, 3), "URI:https://web.example.com/");
	cr_assert_str_eq(san_at(c, 4), "IP:2001:db8::1");
	cr_assert_str_eq(san_at(c, 5), "DNS:extra.example.com");
	cr_assert(pki_cert_matches_key(c, ca.subject_key));
	assert_chain(c, NULL, ca.cert);
	pki_cert_free(c);
	pki_issue_opts_free(o);
	pki_csr_free(csr);
	test_ca_free(&ca);
}

Test(csr, subject_replaced_by_options)
{
	test_ca_t ca = test_ca_(PKI_KEY_EC_P256, "CN=Root", NULL);
	pki_cert_t *c = NULL;
	pki_issue_opts_t *o = opts_(PKI_PROFILE_SERVER);
	pki_csr_t *csr = NULL;
	char *s = NULL;

	ok_(pki_csr_create(&csr, ca.subject_key, "CN=asked.example.com,O=Requester,C=FR", NULL, 0));
	ok_(pki_issue_opts_set_subject(o, "CN=given.example.com,O=Issuer"));
	ok_(pki_cert_issue(&c, csr, ca.cert, ca.key, o, 0));
	ok_(pki_cert_subject(&s, c));
	cr_assert_str_eq(s, "CN=given.example.com,O=Issuer");
	pki_free(s);
	assert_only_san(c, "DNS:given.example.com");
	pki_cert_free(c);
	pki_issue_opts_free(o);
	pki_csr_free(csr);
	test_ca_free(&ca);
}

Test(csr, subject_option_overrides_the_subject_argument)
{
	test_ca_t ca = test_ca_(PKI_KEY_EC_P256, "CN=Root", NULL);
	pki_cert_t *c;
	pki_issue_opts_t *o = opts_(PKI_PROFILE_CLIENT), *cao = opts_(PKI_PROFILE_CA);

	ok_(pki_issue_opts_set_subject(o, "CN=from-options,O=Example"));
	c = leaf_(ca.subject_key, "CN=from-argument", ca.cert, ca.key, o);
	assert_str_(subject_of(c), "CN=from-options,O=Example");
	pki_cert_free(c);
	ok_(pki_issue_opts_set_subject(cao, "CN=Renamed Root"));
	ok_(pki_cert_self_sign(&c, ca.subject_key, "CN=Root", cao, 0));
	assert_str_(subject_of(c), "CN=Renamed Root");
	assert_str_(issuer_of(c), "CN=Renamed Root");
	pki_cert_free(c);
	pki_issue_opts_free(o);
	pki_issue_opts_free(cao);
	test_ca_free(&ca);
}

static void ask_for_everything(gnutls_x509_crq_t crq)
{
	cr_assert_eq(gnutls_x509_crq_set_basic_constraints(crq, 1, 5), 0);
	cr_assert_eq(gnutls_x509_crq_set_key_usage(crq, GNUTLS_KEY_KEY_CERT_SIGN |
							       GNUTLS_KEY_CRL_SIGN |
							       GNUTLS_KEY_DIGITAL_SIGNATURE),
		     0);
	cr_assert_eq(gnutls_x509_crq_set_key_purpose_oid(crq, GNUTLS_KP_CODE_SIGNING, 0), 0);
	cr_assert_eq(gnutls_x509_crq_set_subject_alt_name(crq, GNUTLS_SAN_DNSNAME, "asked.example.com",
							  17, GNUTLS_FSAN_APPEND),
		     0);
}

Test(csr, only_the_san_extension_is_copied)
{
	test_ca_t ca = test_ca_(PKI_KEY_EC_P256, "CN=Root", NULL);
	pki_cert_t *c = NULL;
	pki_csr_t *csr = odd_csr(ca.subject_key, "asked.example.com", ask_for_everything);
	unsigned char *der = NULL;
	size_t n = 0;
	gnutls_x509_crq_t crq;
	gnutls_datum_t d;
	unsigned crit = 0, ku = 0;

	/* The request does ask for all that. */
	ok_(pki_csr_export(&der, &n, csr, PKI_FORMAT_DER, 0));
	d.data = der;
	d.size = (unsigned)n;
	cr_assert_eq(gnutls_x509_crq_init(&crq), 0);
	cr_assert_eq(gnutls_x509_crq_import(crq, &d, GNUTLS_X509_FMT_DER), 0);
	cr_assert_gt(gnutls_x509_crq_get_basic_constraints(crq, &crit, NULL, NULL), 0);
	cr_assert_eq(gnutls_x509_crq_get_key_usage(crq, &ku, &crit), 0);
	cr_assert(ku & GNUTLS_KEY_KEY_CERT_SIGN);
	gnutls_x509_crq_deinit(crq);
	pki_free(der);

	ok_(pki_cert_issue(&c, csr, ca.cert, ca.key, NULL, 0));
	cr_assert_not(pki_cert_is_ca(c), "CA:TRUE from the request must not be granted");
	cr_assert_eq(pki_cert_key_usage(c), PKI_KU_DIGITAL_SIGNATURE);
	cr_assert_eq(pki_cert_ext_key_usage(c), PKI_EKU_SERVER_AUTH);
	assert_only_san(c, "DNS:asked.example.com");
	assert_chain(c, NULL, ca.cert);
	pki_cert_free(c);
	pki_csr_free(csr);
	test_ca_free(&ca);
}

static void ask_for_othername(gnutls_x509_crq_t crq)
{
	/* A UTF8String "u@example.com" as a Microsoft UPN otherName. */
	static const unsigned char upn[] = { 0x0c, 0x0d, 'u', '@', 'e', 'x', 'a', 'm', 'p',
					     'l', 'e', '.', 'c', 'o', 'm' };

	cr_assert_eq(gnutls_x509_crq_set_subject_alt_othername(crq, "1.3.6.1.4.1.311.20.2.3", upn,
								sizeof(upn), GNUTLS_FSAN_APPEND),
		     0);
}

static void ask_for_bad_dns(gnutls_x509_crq_t crq)
{
	cr_assert_eq(gnutls_x509_crq_set_subject_alt_name(crq, GNUTLS_SAN_DNSNAME, "bad name!", 9,
							  GNUTLS_FSAN_APPEND),
		     0);
}

Test(csr, unusable_requested_sans_are_refused)
{
	test_ca_t ca = test_ca_(PKI_KEY_EC_P256, "CN=Root", NULL);
	pki_cert_t *c = (pki_cert_t *)1;
	pki_csr_t *other = odd_csr(ca.subject_key, "x.example.com", ask_for_othername);
	pki_csr_t *bad = odd_csr(ca.subject_key, "x.example.com", ask_for_bad_dns);

	fails_(PKI_E_UNSUPPORTED, pki_cert_issue(&c, other, ca.cert, ca.key, NULL, 0));
	cr_assert_null(c);
	cr_assert(strstr(pki_error_detail(), "type"), "%s", pki_error_detail());
	fails_(PKI_E_INVALID_NAME, pki_cert_issue(&c, bad, ca.cert, ca.key, NULL, 0));
	pki_csr_free(other);
	pki_csr_free(bad);
	test_ca_free(&ca);
}

Test(csr, request_for_each_key_type, .timeout = 120)
{
	test_ca_t ca = test_ca_(PKI_KEY_ED25519, "CN=Ed25519 Root", NULL);
	static const pki_key_type_t types[] = { PKI_KEY_RSA, PKI_KEY_EC_P256, PKI_KEY_EC_P384,
						PKI_KEY_ED25519 };

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		pki_key_t *k = test_key_(types[i]);
		pki_csr_t *csr = NULL;
		pki_cert_t *c = NULL;

		ok_(pki_csr_create(&csr, k, "CN=t.example.com", NULL, 0));
		ok_(pki_cert_issue(&c, csr, ca.cert, ca.key, NULL, 0));
		cr_assert(pki_cert_matches_key(c, k));
		assert_chain(c, NULL, ca.cert);
		pki_cert_free(c);
		pki_csr_free(csr);
		pki_key_free(k);
	}
	test_ca_free(&ca);
}

/* ---- CN as SAN, empty subjects ----------------------------------------------------------- */

Test(names, cn_becomes_san_for_leaf_profiles)
{
	test_ca_t ca = test_ca_(PKI_KEY_EC_P256, "CN=Root", NULL);
	pki_cert_t *c;
	pki_issue_opts_t *o = opts_(PKI_PROFILE_SERVER);
	static const struct {
		const char *subject, *san; /* NULL: no SAN */
	} cases[] = {
		{ "CN=registry.example.com,O=Example", "DNS:registry.example.com" },
		{ "CN=10.0.0.5", "IP:10.0.0.5" },
		{ "CN=2001:db8::5", "IP:2001:db8::5" },
		{ "CN=*.apps.example.com", "DNS:*.apps.example.com" },
		/* Not a host name: no SAN. */
		{ "CN=John Smith,O=Example", NULL },
		{ "O=Example", NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c = leaf_(ca.subject_key, cases[i].subject, ca.cert, ca.key, NULL);
		if (cases[i].san)
			assert_only_san(c, cases[i].san);
		else
			cr_assert_eq(pki_cert_san_count(c), 0, "%s", cases[i].subject);
		pki_cert_free(c);
	}

	/* With a SAN given, the CN is not added. */
	ok_(pki_issue_opts_add_san(o, "DNS:other.example.com"));
	c = leaf_(ca.subject_key, "CN=registry.example.com", ca.cert, ca.key, o);
	assert_only_san(c, "DNS:other.example.com");
	pki_cert_free(c);

	pki_issue_opts_free(o);
	test_ca_free(&ca);
}

Test(names, empty_subjects)
{
	test_ca_t ca = test_ca_(PKI_KEY_EC_P256, "CN=Root", NULL);
	pki_cert_t *c = (pki_cert_t *)1;
	pki_issue_opts_t *o = opts_(PKI_PROFILE_SERVER), *cao = opts_(PKI_PROFILE_INTERMEDIATE);
	char *s = NULL;

	/* No subject and no SAN: nothing would name the subject. */
	fails_(PKI_E_INVALID_NAME,
	       pki_cert_issue_for_key(&c, ca.subject_key, "", ca.cert, ca.key, NULL, 0));
	cr_assert_null(c);
	/* SAN only: allowed, and the SAN extension is then critical (RFC 5280 4.2.1.6). */
	ok_(pki_issue_opts_add_san(o, "DNS:only-san.example.com"));
	ok_(pki_cert_issue_for_key(&c, ca.subject_key, "", ca.cert, ca.key, o, 0));
	ok_(pki_cert_subject(&s, c));
	cr_assert_str_eq(s, "");
	pki_free(s);
	cr_assert_eq(pki_cert_san_count(c), 1);
	assert_critical(c, "2.5.29.17", true);
	assert_chain(c, NULL, ca.cert);
	pki_cert_free(c);
	/* The same from a request with an empty subject. */
	{
		const char *sans[] = { "DNS:csr-only-san.example.com", NULL };
		pki_csr_t *csr = NULL;

		ok_(pki_csr_create(&csr, ca.subject_key, "", sans, 0));
		ok_(pki_cert_issue(&c, csr, ca.cert, ca.key, NULL, 0));
		assert_str_(subject_of(c), "");
		cr_assert_str_eq(san_at(c, 0), "DNS:csr-only-san.example.com");
		assert_critical(c, "2.5.29.17", true);
		pki_cert_free(c);
		pki_csr_free(csr);
	}
	/* A CA or a self-signed certificate needs a subject: it becomes an issuer name. */
	ok_(pki_issue_opts_set_days(cao, 30));
	fails_(PKI_E_INVALID_NAME,
	       pki_cert_issue_for_key(&c, ca.subject_key, "", ca.cert, ca.key, cao, 0));
	fails_(PKI_E_INVALID_NAME, pki_cert_self_sign(&c, ca.subject_key, "", NULL, 0));
	fails_(PKI_E_INVALID_NAME, pki_cert_self_sign(&c, ca.subject_key, "", o, 0));
	pki_issue_opts_free(o);
	pki_issue_opts_free(cao);
	test_ca_free(&ca);
}

/* ---- name constraints, CRL and AIA --------------------------------------------------------- */

Test(ext, name_constraints)
{
	pki_key_t *k = test_key_(PKI_KEY_EC_P256), *lk = test_key_(PKI_KEY_EC_P256);
	pki_issue_opts_t *o = opts_(PKI_PROFILE_CA), *lo = opts_(PKI_PROFILE_SERVER);
	pki_cert_t *ca = NULL, *in, *out;
	gnutls_x509_name_constraints_t nc;
	gnutls_x509_crt_t g;
	unsigned crit = 0, type = 0;
	gnutls_datum_t name;
	static const unsigned char ip4[8] = { 10, 0, 0, 0, 255, 0, 0, 0 };
	static const unsigned char ip6[32] = { 0xfd, [16] = 0xff };

	ok_(pki_issue_opts_add_name_constraint(o, "DNS:.Internal", PKI_NC_PERMITTED));
	ok_(pki_issue_opts_add_name_constraint(o, "IP:10.0.0.0/8", PKI_NC_PERMITTED));
	ok_(pki_issue_opts_add_name_constraint(o, "IP:fd00::/8", PKI_NC_PERMITTED));
	ok_(pki_issue_opts_add_name_constraint(o, "email:example.com", PKI_NC_PERMITTED));
	ok_(pki_issue_opts_add_name_constraint(o, "DNS:secret.internal", PKI_NC_EXCLUDED));
	ok_(pki_cert_self_sign(&ca, k, "CN=Constrained", o, 0));
	assert_critical(ca, "2.5.29.30", true);

	g = gcert_of(ca);
	cr_assert_eq(gnutls_x509_name_constraints_init(&nc), 0);
	cr_assert_eq(gnutls_x509_crt_get_name_constraints(g, nc, 0, &crit), 0);
	cr_assert_eq(crit, 1);
	cr_assert_eq(gnutls_x509_name_constraints_get_permitted(nc, 0, &type, &name), 0);
	cr_assert_eq(type, GNUTLS_SAN_DNSNAME);
	cr_assert_eq(name.size, 9);
	cr_assert_eq(memcmp(name.data, ".internal", 9), 0, "lower-cased");
	cr_assert_eq(gnutls_x509_name_constraints_get_permitted(nc, 1, &type, &name), 0);
	cr_assert_eq(type, GNUTLS_SAN_IPADDRESS);
	cr_assert_eq(name.size, 8);
	cr_assert_eq(memcmp(name.data, ip4, 8), 0);
	cr_assert_eq(gnutls_x509_name_constraints_get_permitted(nc, 2, &type, &name), 0);
	cr_assert_eq(name.size, 32);
	cr_assert_eq(memcmp(name.data, ip6, 32), 0);
	cr_assert_eq(gnutls_x509_name_constraints_get_permitted(nc, 3, &type, &name), 0);
	cr_assert_eq(type, GNUTLS_SAN_RFC822NAME);
	cr_assert_eq(gnutls_x509_name_constraints_get_excluded(nc, 0, &type, &name), 0);
	cr_assert_eq(type, GNUTLS_SAN_DNSNAME);
	cr_assert_eq(name.size, 15);
	cr_assert_eq(memcmp(name.data, "secret.internal", 15), 0);
	cr_assert_neq(gnutls_x509_name_constraints_get_excluded(nc, 1, &type, &name), 0);
	gnutls_x509_name_constraints_deinit(nc);
	gnutls_x509_crt_deinit(g);

	/* GnuTLS enforces them; libpki issues (its job is the CA's policy, not the verifier's). */
	in = leaf_(lk, "CN=db.internal", ca, k, NULL);
	assert_chain(in, NULL, ca);
	ok_(pki_issue_opts_add_san(lo, "DNS:db.secret.internal"));
	out = leaf_(lk, "CN=x", ca, k, lo);
	cr_assert_neq(gnutls_status(out, NULL, ca) & GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE, 0);
	pki_cert_free(out);
	out = leaf_(lk, "CN=evil.example.com", ca, k, NULL);
	cr_assert_neq(gnutls_status(out, NULL, ca), 0);
	pki_cert_free(out);

	pki_cert_free(in);
	pki_cert_free(ca);
	pki_issue_opts_free(o);
	pki_issue_opts_free(lo);
	pki_key_free(k);
	pki_key_free(lk);
}

Test(ext, no_name_constraints_extension_without_constraints)
{
	pki_key_t *k = test_key_(PKI_KEY_EC_P256);
	pki_cert_t *ca = root_(k, "CN=Plain");

	cr_assert_not(ext_present(ca, "2.5.29.30", NULL));
	cr_assert_not(ext_present(ca, "2.5.29.31", NULL));
	cr_assert_not(ext_present(ca, "1.3.6.1.5.5.7.1.1", NULL));
	pki_cert_free(ca);
	pki_key_free(k);
}

Test(ext, crl_and_aia_urls)
{
	test_ca_t ca = test_ca_(PKI_KEY_EC_P256, "CN=Root", NULL);
	pki_cert_t *c;
	pki_issue_opts_t *o = opts_(PKI_PROFILE_SERVER);
	gnutls_x509_crt_t g;
	gnutls_datum_t d;
	char url[256];
	size_t size;
	unsigned reasons = 0, crit = 0;

	ok_(pki_issue_opts_add_crl_url(o, "http://crl.example.com/root.crl"));
	ok_(pki_issue_opts_add_crl_url(o, "http://crl2.example.com/root.crl"));
	ok_(pki_issue_opts_add_ocsp_url(o, "http://ocsp.example.com/"));
	ok_(pki_issue_opts_add_ca_issuers_url(o, "http://example.com/root.crt"));
	c = leaf_(ca.subject_key, "CN=u.example.com", ca.cert, ca.key, o);
	g = gcert_of(c);
	size = sizeof(url);
	cr_assert_eq(gnutls_x509_crt_get_crl_dist_points(g, 0, url, &size, &reasons, &crit),
		     GNUTLS_SAN_URI);
	cr_assert_str_eq(url, "http://crl.example.com/root.crl");
	cr_assert_eq(crit, 0);
	size = sizeof(url);
	cr_assert_eq(gnutls_x509_crt_get_crl_dist_points(g, 1, url, &size, &reasons, &crit),
		     GNUTLS_SAN_URI);
	cr_assert_str_eq(url, "http://crl2.example.com/root.crl");
	cr_assert_eq(gnutls_x509_crt_get_authority_info_access(g, 0, GNUTLS_IA_OCSP_URI, &d, &crit),
		     0);
	cr_assert_eq(d.size, strlen("http://ocsp.example.com/"));
	cr_assert_eq(memcmp(d.data, "http://ocsp.example.com/", d.size), 0);
	gnutls_free(d.data);
	cr_assert_eq(gnutls_x509_crt_get_authority_info_access(g, 1, GNUTLS_IA_CAISSUERS_URI, &d,
							       &crit),
		     0);
	cr_assert_eq(memcmp(d.data, "http://example.com/root.crt", d.size), 0);
	gnutls_free(d.data);
	cr_assert_eq(crit, 0);
	gnutls_x509_crt_deinit(g);
	assert_chain(c, NULL, ca.cert);
	pki_cert_free(c);
	pki_issue_opts_free(o);
	test_ca_free(&ca);
}

/* ---- arguments --------------------------------------------------------------------------- */

Test(args, issue_functions_check_arguments)
{
	test_ca_t ca = test_ca_(PKI_KEY_EC_P256, "CN=Root", NULL);
	pki_cert_t *c = (pki_cert_t *)1;
	pki_csr_t *csr = NULL;

	ok_(pki_csr_create(&csr, ca.subject_key, "CN=x.example.com", NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_issue(NULL, csr, ca.cert, ca.key, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_issue(&c, NULL, ca.cert, ca.key, NULL, 0));
	cr_assert_null(c);
	fails_(PKI_E_INVALID_ARG, pki_cert_issue(&c, csr, NULL, ca.key, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_issue(&c, csr, ca.cert, NULL, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_issue(&c, csr, ca.cert, ca.key, NULL, 1u << 2));
	fails_(PKI_E_INVALID_ARG, pki_cert_issue(&c, csr, ca.cert, ca.key, NULL, 0x80000000u));

	fails_(PKI_E_INVALID_ARG,
	       pki_cert_issue_for_key(NULL, ca.subject_key, "CN=x", ca.cert, ca.key, NULL, 0));
	fails_(PKI_E_INVALID_ARG,
	       pki_cert_issue_for_key(&c, NULL, "CN=x", ca.cert, ca.key, NULL, 0));
	fails_(PKI_E_INVALID_ARG,
	       pki_cert_issue_for_key(&c, ca.subject_key, NULL, ca.cert, ca.key, NULL, 0));
	fails_(PKI_E_INVALID_ARG,
	       pki_cert_issue_for_key(&c, ca.subject_key, "CN=x", NULL, ca.key, NULL, 0));
	fails_(PKI_E_INVALID_ARG,
	       pki_cert_issue_for_key(&c, ca.subject_key, "CN=x", ca.cert, NULL, NULL, 0));
	fails_(PKI_E_INVALID_ARG,
	       pki_cert_issue_for_key(&c, ca.subject_key, "CN=x", ca.cert, ca.key, NULL, 4));
	cr_assert_null(c);

	fails_(PKI_E_INVALID_ARG, pki_cert_self_sign(NULL, ca.subject_key, "CN=x", NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_self_sign(&c, NULL, "CN=x", NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_self_sign(&c, ca.subject_key, NULL, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_self_sign(&c, ca.subject_key, "CN=x", NULL, 8));
	cr_assert_null(c);
	cr_assert_neq(pki_error_detail()[0], '\0');

	pki_csr_free(csr);
	test_ca_free(&ca);
}

Test(args, garbage_subjects)
{
	test_ca_t ca = test_ca_(PKI_KEY_EC_P256, "CN=Root", NULL);
	pki_cert_t *c = (pki_cert_t *)1;
	static const char *bad[] = { "CN", "=x", "CN=a,", "NOPE=1", "CN=a\\", "\xff\xfe", "CN=a+" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fails_(PKI_E_INVALID_NAME, pki_cert_issue_for_key(&c, ca.subject_key, bad[i],
								  ca.cert, ca.key, NULL, 0));
		cr_assert_null(c);
		fails_(PKI_E_INVALID_NAME, pki_cert_self_sign(&c, ca.subject_key, bad[i], NULL, 0));
	}
	test_ca_free(&ca);
}

Test(args, truncated_request)
{
	pki_key_t *k = test_key_(PKI_KEY_EC_P256);
	pki_csr_t *csr = NULL, *t = (pki_csr_t *)1;
	unsigned char *der = NULL;
	size_t n = 0;

	/* A truncated request never reaches pki_cert_issue: the import refuses it. */
	ok_(pki_csr_create(&csr, k, "CN=x.example.com", NULL, 0));
	ok_(pki_csr_export(&der, &n, csr, PKI_FORMAT_DER, 0));
	cr_assert_lt(pki_csr_import(&t, der, n / 2, 0), 0);
	cr_assert_null(t);
	pki_free(der);
	pki_csr_free(csr);
	pki_key_free(k);
}

Test(args, defaults_when_opts_is_null)
{
	test_ca_t ca = test_ca_(PKI_KEY_EC_P256, "CN=Root", NULL);
	pki_cert_t *c = NULL;
	pki_csr_t *csr = NULL;

	ok_(pki_csr_create(&csr, ca.subject_key, "CN=d.example.com", NULL, 0));
	ok_(pki_cert_issue(&c, csr, ca.cert, ca.key, NULL, 0));
	cr_assert_eq(pki_cert_ext_key_usage(c), PKI_EKU_SERVER_AUTH, "NULL opts: server profile");
	cr_assert_not(pki_cert_is_ca(c));
	pki_cert_free(c);
	pki_csr_free(csr);
	test_ca_free(&ca);
}
