/*
 * Tests for trust stores and chain verification: one test per reason, each building its
 * certificates with libpki (or, for what libpki refuses to make — a CA:FALSE issuer, a CA
 * below a pathlen:0 CA, a SHA-1 signature — with GnuTLS directly), plus host matching,
 * purposes, verification time, path building and argument checks. libpki's clock is fixed at
 * TEST_NOW, 2027-01-01T00:00:00Z (helpers.h): the dates in the messages are exact.
 */
#define PKI_TEST_FIXED_CLOCK
#include "helpers.h"
#include "gcert.h" /* GnuTLS views of libpki's keys and certificates */

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>
#include <dlfcn.h>
#include <time.h>

/* ---- helpers --------------------------------------------------------------------------- */

typedef struct {
	pki_key_t *key;
	pki_cert_t *cert;
} ca_t;

static pki_key_t *gen(void)
{
	pki_key_t *key = NULL;

	ok_(pki_key_generate(&key, PKI_KEY_EC_P256, 0, 0));
	return key;
}

static ca_t root_(const char *subject)
{
	ca_t ca = { gen(), NULL };
	pki_issue_opts_t *o = NULL;

	int64_t now = TEST_NOW;

	/* valid from 60 days ago, so that tests may look into the past */
	ok_(pki_issue_opts_new(&o, PKI_PROFILE_CA, 0));
	ok_(pki_issue_opts_set_validity(o, now - 60 * DAY, now + 4000 * DAY));
	ok_(pki_cert_self_sign(&ca.cert, ca.key, subject, o, 0));
	pki_issue_opts_free(o);
	return ca;
}

static ca_t inter_(const ca_t *parent, const char *subject, int path_len, const char *nc)
{
	ca_t ca = { gen(), NULL };
	pki_issue_opts_t *o = NULL;

	ok_(pki_issue_opts_new(&o, PKI_PROFILE_INTERMEDIATE, 0));
	ok_(path_len >= 0 ? pki_issue_opts_set_path_len(o, (unsigned)path_len)
			  : pki_issue_opts_clear_path_len(o)); /* -1 here: none */
	if (nc)
		ok_(pki_issue_opts_add_name_constraint(o, nc, PKI_NC_PERMITTED));
	ok_(pki_cert_issue_for_key(&ca.cert, ca.key, subject, parent->cert, parent->key, o, 0));
	pki_issue_opts_free(o);
	return ca;
}

/* A leaf; validity [nb, na] when nb != na, else the profile's default. */
static pki_cert_t *leaf_(const ca_t *ca, pki_profile_t profile, const char *subject,
			 const char *const *sans, int64_t nb, int64_t na)
{
	pki_issue_opts_t *o = NULL;
	pki_key_t *key = gen();
	pki_cert_t *c = NULL;

	ok_(pki_issue_opts_new(&o, profile, 0));
	for (size_t i = 0; sans && sans[i]; i++)
		ok_(pki_issue_opts_add_san(o, sans[i]));
	if (nb != na)
		ok_(pki_issue_opts_set_validity(o, nb, na));
	ok_(pki_cert_issue_for_key(&c, key, subject, ca->cert, ca->key, o, 0));
	pki_issue_opts_free(o);
	pki_key_free(key);
	return c;
}

static const char *const reg_sans[] = { "DNS:registry.example.com", "IP:10.0.0.5", NULL };

static pki_cert_t *server_(const ca_t *ca)
{
	return leaf_(ca, PKI_PROFILE_SERVER, "CN=registry.example.com", reg_sans, 0, 0);
}

static void ca_free(ca_t *ca)
{
	pki_cert_free(ca->cert);
	pki_key_free(ca->key);
}

static pki_trust_t *trust_(const pki_cert_t *anchor)
{
	pki_trust_t *t = NULL;

	ok_(pki_trust_new(&t, 0));
	if (anchor)
		cr_assert_eq(pki_trust_add_cert(t, anchor, 0), 1);
	return t;
}

static pki_verify_opts_t *vopts_(void)
{
	pki_verify_opts_t *o = NULL;

	ok_(pki_verify_opts_new(&o, 0));
	return o;
}

static void add_untrusted(pki_verify_opts_t *o, const pki_cert_t *a, const pki_cert_t *b)
{
	pki_chain_t *ch = NULL;

	ok_(pki_chain_new(&ch, 0));
	if (a)
		ok_(pki_chain_add(ch, a, 0));
	if (b)
		ok_(pki_chain_add(ch, b, 0));
	ok_(pki_verify_opts_add_untrusted(o, ch));
	pki_chain_free(ch);
}

/*
 * The setup most tests share: a root named @p root, an intermediate below it named @p inter
 * (pathlen 0; none when NULL), with @p server_leaf a TLS server leaf (server_()) from the
 * lowest of them, a trust store holding the root and empty verify options. A test makes its
 * own leaf when @p server_leaf is false (with .key, a spare key, for raw_issue()); fx_free()
 * frees whatever is set, so a test may replace any member.
 */
typedef struct {
	ca_t root, inter;
	pki_key_t *key;
	pki_cert_t *leaf;
	pki_trust_t *trust;
	pki_verify_opts_t *opts;
} fx_t;

static fx_t fx_(const char *root, const char *inter, bool server_leaf)
{
	fx_t f = { root_(root), { NULL, NULL }, NULL, NULL, NULL, NULL };

	if (inter)
		f.inter = inter_(&f.root, inter, 0, NULL);
	if (server_leaf)
		f.leaf = server_(inter ? &f.inter : &f.root);
	f.trust = trust_(f.root.cert);
	f.opts = vopts_();
	return f;
}

/*
 * The same from checked-in certificates (tests/data/DIR/{root,INTER,LEAF}.pem; INTER NULL:
 * none): the intermediate is untrusted in the options, which verify at @p when for @p host.
 */
static fx_t fx_data_(const char *dir, const char *inter, const char *leaf, int64_t when,
		     const char *host)
{
	fx_t f = { { NULL, data_cert_("%s/root.pem", dir) }, { NULL, NULL }, NULL,
		   data_cert_("%s/%s.pem", dir, leaf), NULL, vopts_() };

	f.trust = trust_(f.root.cert);
	if (inter) {
		f.inter.cert = data_cert_("%s/%s.pem", dir, inter);
		add_untrusted(f.opts, f.inter.cert, NULL);
	}
	ok_(pki_verify_opts_set_time(f.opts, when));
	ok_(pki_verify_opts_set_host(f.opts, host));
	return f;
}

static void fx_free(fx_t *f)
{
	pki_verify_opts_free(f->opts);
	pki_trust_free(f->trust);
	pki_cert_free(f->leaf);
	pki_key_free(f->key);
	ca_free(&f->inter);
	ca_free(&f->root);
}

/* Verify and expect success. */
static void expect_valid(const pki_cert_t *c, const pki_trust_t *t, const pki_verify_opts_t *o)
{
	pki_verify_result_t *r = NULL;
	int rc = pki_cert_verify(&r, c, t, o, 0);
	const char *msg = NULL;

	cr_assert_not_null(r);
	pki_verify_result_reason(&msg, NULL, r, 0);
	cr_assert_eq(rc, 0, "expected valid, got %d: %s", rc, msg ? msg : "(no reason)");
	cr_assert(pki_verify_result_valid(r));
	cr_assert(pki_verify_result_trusted(r));
	cr_assert_eq(pki_verify_result_reason_count(r), 0);
	pki_verify_result_free(r);
}

/*
 * Verify, expect failure with reason @p code (among others) concerning certificate @p index,
 * its message containing @p text (when not NULL). Returns the result for more checks.
 */
static pki_verify_result_t *expect_reason(const pki_cert_t *c, const pki_trust_t *t,
					  const pki_verify_opts_t *o, int code, int index,
					  const char *text)
{
	pki_verify_result_t *r = NULL;
	int n;
	bool found = false;
	char all[2048] = "";

	ok_(pki_cert_verify(&r, c, t, o, 0));
	cr_assert_not_null(r);
	cr_assert_not(pki_verify_result_valid(r));
	n = pki_verify_result_reason_count(r);
	cr_assert_gt(n, 0);
	for (int i = 0; i < n; i++) {
		const char *msg = NULL;
		int idx = -2;
		int got = pki_verify_result_reason(&msg, &idx, r, (unsigned)i);

		cr_assert_gt(got, 0);
		cr_assert_not_null(msg);
		cr_assert_not_null(pki_verify_reason_name(got));
		strncat(all, msg, sizeof(all) - strlen(all) - 3);
		strcat(all, " | ");
		if (got == code && idx == index && (!text || strstr(msg, text)))
			found = true;
	}
	cr_assert(found, "reason %s at %d with \"%s\" not found in: %s",
		  pki_verify_reason_name(code), index, text ? text : "", all);
	return r;
}

static void expect_reason_free(const pki_cert_t *c, const pki_trust_t *t,
			       const pki_verify_opts_t *o, int code, int index, const char *text)
{
	pki_verify_result_free(expect_reason(c, t, o, code, index, text));
}

/* expect_reason_free() of certificate 0 with a trust store holding only @p anchor (NULL: none). */
static void expect_reason_anchored(const pki_cert_t *c, const pki_cert_t *anchor,
				   const pki_verify_opts_t *o, int code, const char *text)
{
	pki_trust_t *t = trust_(anchor);

	expect_reason_free(c, t, o, code, 0, text);
	pki_trust_free(t);
}

/*
 * Verify f's leaf for @p host (NULL: no host check): valid when @p mismatch is NULL, else
 * refused as a host mismatch of the leaf whose message contains @p mismatch.
 */
static void expect_host(const fx_t *f, const char *host, const char *mismatch)
{
	ok_(pki_verify_opts_set_host(f->opts, host));
	if (mismatch)
		expect_reason_free(f->leaf, f->trust, f->opts, PKI_VERIFY_HOST_MISMATCH, 0,
				   mismatch);
	else
		expect_valid(f->leaf, f->trust, f->opts);
}

/* When set, raw_issue() adds this DER as the extendedKeyUsage extension (critical or not). */
static const char *raw_eku;
static size_t raw_eku_len;
static bool raw_eku_critical;
/* When set, raw_issue() adds this many private non-critical extensions, then a critical one
 * (1.3.6.1.4.1.55555.2) that no verifier processes. */
static unsigned raw_extra_exts;

/*
 * Issue with GnuTLS directly, for certificates libpki refuses to make. @p issuer NULL makes it
 * self-signed. @p ca: -1 no basicConstraints, 0 CA:FALSE, 1 CA:TRUE (with @p pathlen, -1 none).
 */
static pki_cert_t *raw_issue(const pki_cert_t *issuer, const pki_key_t *issuer_key,
			     const pki_key_t *subject_key, const char *cn, const char *dns, int ca,
			     int pathlen, gnutls_digest_algorithm_t dig)
{
	gnutls_privkey_t pk = gcert_privkey_of(issuer_key);
	gnutls_pubkey_t pub = gcert_pubkey_of(subject_key);
	gnutls_x509_crt_t crt, icrt = NULL;
	unsigned char serial[16], id[64];
	size_t id_n = sizeof(id);
	const time_t now = (time_t)TEST_NOW;
	pki_cert_t *c = NULL;

	cr_assert_eq(gnutls_x509_crt_init(&crt), 0);
	gnutls_x509_crt_set_version(crt, 3);
	cr_assert_eq(gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof(serial)), 0);
	serial[0] &= 0x7f;
	serial[0] |= 0x10;
	gnutls_x509_crt_set_serial(crt, serial, sizeof(serial));
	cr_assert_eq(gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, cn,
						   (unsigned)strlen(cn)),
		     0);
	gnutls_x509_crt_set_activation_time(crt, now - 3600);
	gnutls_x509_crt_set_expiration_time(crt, now + 30 * 86400);
	cr_assert_eq(gnutls_x509_crt_set_pubkey(crt, pub), 0);
	if (ca >= 0)
		gnutls_x509_crt_set_basic_constraints(crt, (unsigned)ca, pathlen);
	if (ca == 1)
		gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN |
							   GNUTLS_KEY_DIGITAL_SIGNATURE);
	if (dns)
		gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, dns,
						     (unsigned)strlen(dns), GNUTLS_FSAN_APPEND);
	if (raw_eku)
		cr_assert_eq(gnutls_x509_crt_set_extension_by_oid(crt, "2.5.29.37", raw_eku,
								   raw_eku_len, raw_eku_critical),
			     0);
	for (unsigned k = 0; raw_extra_exts && k <= raw_extra_exts; k++) {
		char oid[64];

		snprintf(oid, sizeof(oid), k < raw_extra_exts ? "1.3.6.1.4.1.55555.1.%u" :
								 "1.3.6.1.4.1.55555.2", k);
		cr_assert_eq(gnutls_x509_crt_set_extension_by_oid(crt, oid, "\x05\x00", 2,
								   k == raw_extra_exts),
			     0);
	}
	if (gnutls_pubkey_get_key_id(pub, 0, id, &id_n) == 0)
		gnutls_x509_crt_set_subject_key_id(crt, id, id_n);
	if (issuer) {
		icrt = gcert_of(issuer);
		id_n = sizeof(id);
		if (gnutls_x509_crt_get_subject_key_id(icrt, id, &id_n, NULL) == 0)
			gnutls_x509_crt_set_authority_key_id(crt, id, id_n);
	}
	c = cert_sign_gnutls_(crt, icrt, pk, dig);
	gnutls_pubkey_deinit(pub);
	gnutls_privkey_deinit(pk);
	return c;
}

/* ---- valid chains ---------------------------------------------------------------------- */

Test(verify, valid_chain_with_host_purpose_and_json)
{
	fx_t f = fx_("CN=Example Root", "CN=Example Intermediate", true);
	pki_verify_result_t *r = NULL;
	const pki_chain_t *ch;
	char *json = NULL, *text = NULL, *subj = NULL;

	add_untrusted(f.opts, f.inter.cert, NULL);
	ok_(pki_verify_opts_set_host(f.opts, "Registry.Example.COM."));
	ok_(pki_verify_opts_set_purpose(f.opts, PKI_PURPOSE_SERVER));
	ok_(pki_cert_verify(&r, f.leaf, f.trust, f.opts, 0));
	cr_assert(pki_verify_result_valid(r));
	ch = pki_verify_result_chain(r);
	cr_assert_eq(pki_chain_count(ch), 3);
	ok_(pki_cert_subject(&subj, pki_chain_get(ch, 2)));
	cr_assert_str_eq(subj, "CN=Example Root");
	pki_free(subj);
	ok_(pki_cert_subject(&subj, pki_chain_get(ch, 1)));
	cr_assert_str_eq(subj, "CN=Example Intermediate");
	pki_free(subj);
	/* the chain's certificates are whole certificates, SANs included, and the same ones at
	 * every call */
	cr_assert_eq(pki_cert_san_count(pki_chain_get(ch, 0)), 2);
	cr_assert_eq(pki_verify_result_chain(r), ch);
	cr_assert_eq(pki_chain_get(pki_verify_result_chain(r), 0), pki_chain_get(ch, 0));
	fails_(PKI_E_NOT_FOUND, pki_verify_result_reason(NULL, NULL, r, 0));
	ok_(pki_verify_result_to_json(&json, r, 0));
	has_all_free_(json, "\"valid\": true", "\"purpose\": \"server\"",
		      "\"host\": \"registry.example.com\"",
		      "\"subject\": \"CN=Example Intermediate\"", NULL);
	ok_(pki_verify_result_to_text(&text, r, 0));
	has_all_free_(text, "2: CN=Example Root  [trusted]", "result: valid", NULL);
	pki_verify_result_free(r);
	/* the defaults (NULL options) need no intermediate when the leaf's issuer is trusted */
	pki_trust_free(f.trust);
	f.trust = trust_(f.inter.cert);
	ok_(pki_cert_verify(&r, f.leaf, f.trust, NULL, 0));
	cr_assert_eq(pki_chain_count(pki_verify_result_chain(r)), 2);
	pki_verify_result_free(r);
	fx_free(&f);
}

Test(verify, intermediates_in_any_order)
{
	ca_t root = root_("CN=Root");
	ca_t i1 = inter_(&root, "CN=Int 1", 1, NULL);
	ca_t i2 = inter_(&i1, "CN=Int 2", 0, NULL);
	pki_cert_t *leaf = server_(&i2);
	pki_trust_t *t = trust_(root.cert);
	pki_verify_opts_t *o = vopts_();
	pki_verify_result_t *r = NULL;
	char *s = NULL;

	add_untrusted(o, i1.cert, i2.cert); /* reverse order: the top first */
	ok_(pki_cert_verify(&r, leaf, t, o, 0));
	cr_assert_eq(pki_chain_count(pki_verify_result_chain(r)), 4);
	ok_(pki_cert_subject(&s, pki_chain_get(pki_verify_result_chain(r), 1)));
	cr_assert_str_eq(s, "CN=Int 2");
	pki_free(s);
	pki_verify_result_free(r);
	/* unrelated certificates among the untrusted ones are ignored */
	{
		ca_t other = root_("CN=Unrelated");

		add_untrusted(o, other.cert, leaf);
		expect_valid(leaf, t, o);
		ca_free(&other);
	}
	pki_verify_opts_free(o);
	pki_trust_free(t);
	pki_cert_free(leaf);
	ca_free(&i2);
	ca_free(&i1);
	ca_free(&root);
}

Test(verify, self_signed_trusted_directly)
{
	pki_key_t *k = gen();
	pki_issue_opts_t *io = NULL;
	pki_cert_t *c = NULL;
	pki_trust_t *t;
	pki_verify_opts_t *o = vopts_();

	ok_(pki_issue_opts_new(&io, PKI_PROFILE_SERVER, 0));
	ok_(pki_issue_opts_add_san(io, "DNS:localhost"));
	ok_(pki_cert_self_sign(&c, k, "CN=localhost", io, 0));
	t = trust_(c);
	ok_(pki_verify_opts_set_host(o, "localhost"));
	expect_valid(c, t, o);
	pki_trust_free(t);
	/* not trusted: untrusted root, naming it */
	expect_reason_anchored(c, NULL, o, PKI_VERIFY_UNTRUSTED_ROOT,
			       "the leaf 'CN=localhost' is self-signed and not trusted");
	pki_verify_opts_free(o);
	pki_issue_opts_free(io);
	pki_cert_free(c);
	pki_key_free(k);
}

/* ---- one test per reason ---------------------------------------------------------------- */

Test(verify, expired)
{
	fx_t f = fx_("CN=Root", NULL, false);
	int64_t now = TEST_NOW;
	f.leaf = leaf_(&f.root, PKI_PROFILE_SERVER, "CN=registry.example.com", reg_sans,
		       now - 30 * DAY, now - 2 * DAY);

	/* TEST_NOW - 2 days */
	expect_reason_free(f.leaf, f.trust, NULL, PKI_VERIFY_EXPIRED, 0,
			   "the leaf 'CN=registry.example.com' expired on 2026-12-30");
	/* ...but valid at a time inside its validity */
	ok_(pki_verify_opts_set_time(f.opts, now - 10 * DAY));
	expect_valid(f.leaf, f.trust, f.opts);
	fx_free(&f);
}

Test(verify, not_yet_valid)
{
	fx_t f = fx_("CN=Root", NULL, false);
	int64_t now = TEST_NOW;
	f.leaf = leaf_(&f.root, PKI_PROFILE_SERVER, "CN=registry.example.com", reg_sans,
		       now + 2 * DAY, now + 30 * DAY);

	expect_reason_free(f.leaf, f.trust, NULL, PKI_VERIFY_NOT_YET_VALID, 0,
			   "not yet valid: valid from 2027-01-03"); /* TEST_NOW + 2 days */
	fx_free(&f);
}

Test(verify, future_time_will_it_still_be_valid)
{
	fx_t f = fx_("CN=Root", NULL, false);
	int64_t now = TEST_NOW;
	f.leaf = leaf_(&f.root, PKI_PROFILE_SERVER, "CN=registry.example.com", reg_sans,
		       now - DAY, now + 20 * DAY);

	expect_valid(f.leaf, f.trust, NULL);
	ok_(pki_verify_opts_set_time(f.opts, now + 10 * DAY));
	expect_valid(f.leaf, f.trust, f.opts);
	ok_(pki_verify_opts_set_time(f.opts, now + 30 * DAY)); /* "still valid in 30 days?" no */
	expect_reason_free(f.leaf, f.trust, f.opts, PKI_VERIFY_EXPIRED, 0,
			   "the leaf 'CN=registry.example.com' expired on 2027-01-21"); /* + 20 days */
	/* far enough for the root to expire too: both are reported */
	ok_(pki_verify_opts_set_time(f.opts, now + 5000 * DAY));
	expect_reason_free(f.leaf, f.trust, f.opts, PKI_VERIFY_EXPIRED, 1,
			   "the trust anchor 'CN=Root' expired on 2037-12-14"); /* + 4000 days */
	fx_free(&f);
}

Test(verify, host_mismatch_lists_the_names)
{
	fx_t f = fx_("CN=Root", NULL, true);

	expect_host(&f, "registry.example.org",
		    "host name registry.example.org not in certificate (valid for: "
		    "registry.example.com, 10.0.0.5)");
	expect_host(&f, NULL, NULL);
	fx_free(&f);
}

Test(verify, ip_host)
{
	static const char *const sans[] = { "DNS:registry.example.com", "IP:10.0.0.5",
					    "IP:2001:db8::1", NULL };
	fx_t f = fx_("CN=Root", NULL, false);

	f.leaf = leaf_(&f.root, PKI_PROFILE_SERVER, "CN=registry.example.com", sans, 0, 0);

	expect_host(&f, "10.0.0.5", NULL);
	expect_host(&f, "2001:DB8:0::1", NULL);
	expect_host(&f, "10.0.0.6", "IP address 10.0.0.6 not in certificate");
	fx_free(&f);
}

Test(verify, wildcard_match_and_non_match)
{
	static const char *const sans[] = { "DNS:*.example.com", NULL };
	fx_t f = fx_("CN=Root", NULL, false);

	f.leaf = leaf_(&f.root, PKI_PROFILE_SERVER, "CN=*.example.com", sans, 0, 0);

	expect_host(&f, "www.example.com", NULL);
	expect_host(&f, "WWW.Example.Com", NULL);
	expect_host(&f, "example.com", "(valid for: *.example.com)");
	/* a wildcard covers one label, and only a whole one */
	expect_host(&f, "a.b.example.com", "host name a.b.example.com not in certificate");
	expect_host(&f, "wwwexample.com", "host name wwwexample.com not in certificate");
	fx_free(&f);
}

Test(verify, cn_is_never_used_for_host_names)
{
	/* a CA certificate carries no SAN: its CN looks like a host name but must not match */
	ca_t root = root_("CN=registry.example.com");
	pki_trust_t *t = trust_(root.cert);
	pki_verify_opts_t *o = vopts_();

	cr_assert_eq(pki_cert_san_count(root.cert), 0);
	ok_(pki_verify_opts_set_host(o, "registry.example.com"));
	expect_reason_free(root.cert, t, o, PKI_VERIFY_HOST_MISMATCH, 0,
			   "the CN is never used for host names");
	pki_verify_opts_free(o);
	pki_trust_free(t);
	ca_free(&root);
}

Test(verify, missing_intermediate)
{
	fx_t f = fx_("CN=Example Root", "CN=Example Intermediate", true);
	pki_verify_result_t *r;

	r = expect_reason(f.leaf, f.trust, NULL, PKI_VERIFY_ISSUER_NOT_FOUND, 0,
			  "issuer CN=Example Intermediate not found: no trust anchor or untrusted certificate");
	cr_assert_not(pki_verify_result_trusted(r));
	cr_assert_eq(pki_chain_count(pki_verify_result_chain(r)), 1);
	pki_verify_result_free(r);
	fx_free(&f);
}

Test(verify, untrusted_root)
{
	fx_t f = fx_("CN=Example Root", "CN=Example Intermediate", true);
	ca_t other = root_("CN=Other Root");
	pki_verify_result_t *r;

	pki_trust_free(f.trust);
	f.trust = trust_(other.cert);
	add_untrusted(f.opts, f.inter.cert, f.root.cert); /* the root given as untrusted is not trusted */
	r = expect_reason(f.leaf, f.trust, f.opts, PKI_VERIFY_UNTRUSTED_ROOT, 2,
			  "intermediate 2 'CN=Example Root' is self-signed and not trusted");
	cr_assert_eq(pki_chain_count(pki_verify_result_chain(r)), 3);
	pki_verify_result_free(r);
	ca_free(&other);
	fx_free(&f);
}

Test(verify, ca_false_issuer)
{
	ca_t root = root_("CN=Root");
	ca_t leaf1 = { gen(), NULL };
	pki_key_t *k2 = gen();
	pki_cert_t *leaf2;
	pki_trust_t *t = trust_(root.cert);
	pki_verify_opts_t *o = vopts_();

	{
		pki_issue_opts_t *io = NULL;

		ok_(pki_issue_opts_new(&io, PKI_PROFILE_SERVER, 0));
		ok_(pki_cert_issue_for_key(&leaf1.cert, leaf1.key, "CN=leaf.example.com",
					   root.cert, root.key, io, 0));
		pki_issue_opts_free(io);
	}
	/* libpki refuses to issue from a CA:FALSE certificate */
	{
		pki_cert_t *c = NULL;

		fails_(PKI_E_NOT_CA, pki_cert_issue_for_key(&c, k2, "CN=x.example.com", leaf1.cert,
							    leaf1.key, NULL, 0));
	}
	leaf2 = raw_issue(leaf1.cert, leaf1.key, k2, "x.example.com", "x.example.com", 0, -1,
			  GNUTLS_DIG_SHA256);
	add_untrusted(o, leaf1.cert, NULL);
	expect_reason_free(leaf2, t, o, PKI_VERIFY_NOT_CA, 1,
			   "intermediate 1 'CN=leaf.example.com' is not a CA (no basicConstraints "
			   "CA:TRUE) but issued the leaf 'CN=x.example.com'");
	pki_verify_opts_free(o);
	pki_trust_free(t);
	pki_cert_free(leaf2);
	pki_key_free(k2);
	ca_free(&leaf1);
	ca_free(&root);
}

Test(verify, path_length_exceeded)
{
	ca_t root = root_("CN=Root");
	ca_t in = inter_(&root, "CN=Int pathlen 0", 0, NULL);
	ca_t sub = { gen(), NULL };
	pki_cert_t *leaf;
	pki_trust_t *t = trust_(root.cert);
	pki_verify_opts_t *o = vopts_();

	/* libpki refuses to issue a CA below a pathlen:0 CA: build it with GnuTLS */
	sub.cert = raw_issue(in.cert, in.key, sub.key, "Sub CA", NULL, 1, -1, GNUTLS_DIG_SHA256);
	leaf = leaf_(&sub, PKI_PROFILE_SERVER, "CN=registry.example.com", reg_sans,
		     TEST_NOW - DAY, TEST_NOW + 20 * DAY);
	add_untrusted(o, sub.cert, in.cert);
	expect_reason_free(leaf, t, o, PKI_VERIFY_PATH_LEN, 2,
			   "intermediate 2 'CN=Int pathlen 0' allows 0 intermediate CAs below it");
	pki_verify_opts_free(o);
	pki_trust_free(t);
	pki_cert_free(leaf);
	ca_free(&sub);
	ca_free(&in);
	ca_free(&root);
}

Test(verify, name_constraints_violated)
{
	static const char *const good[] = { "DNS:www.example.com", NULL };
	static const char *const bad[] = { "DNS:evil.example.net", NULL };
	ca_t root = root_("CN=Root");
	ca_t in = inter_(&root, "CN=Constrained CA", 0, "DNS:example.com");
	pki_cert_t *ok_leaf = leaf_(&in, PKI_PROFILE_SERVER, "CN=www.example.com", good, 0, 0);
	pki_cert_t *bad_leaf = leaf_(&in, PKI_PROFILE_SERVER, "CN=evil.example.net", bad, 0, 0);
	pki_trust_t *t = trust_(root.cert);
	pki_verify_opts_t *o = vopts_();

	add_untrusted(o, in.cert, NULL);
	expect_valid(ok_leaf, t, o);
	expect_reason_free(bad_leaf, t, o, PKI_VERIFY_NAME_CONSTRAINTS, 0,
			   "DNS:evil.example.net");
	pki_verify_opts_free(o);
	pki_trust_free(t);
	pki_cert_free(ok_leaf);
	pki_cert_free(bad_leaf);
	ca_free(&in);
	ca_free(&root);
}

Test(verify, wrong_purpose)
{
	static const char *const sans[] = { "DNS:client.example.com", NULL };
	fx_t f = fx_("CN=Root", NULL, true);
	pki_cert_t *client = leaf_(&f.root, PKI_PROFILE_CLIENT, "CN=client.example.com", sans, 0, 0);

	ok_(pki_verify_opts_set_purpose(f.opts, PKI_PURPOSE_SERVER));
	expect_reason_free(client, f.trust, f.opts, PKI_VERIFY_PURPOSE, 0, "lacks serverAuth");
	expect_valid(f.leaf, f.trust, f.opts);
	ok_(pki_verify_opts_set_purpose(f.opts, PKI_PURPOSE_CLIENT));
	expect_valid(client, f.trust, f.opts);
	expect_reason_free(f.leaf, f.trust, f.opts, PKI_VERIFY_PURPOSE, 0,
			   "may not be used for a TLS client");
	ok_(pki_verify_opts_set_purpose(f.opts, PKI_PURPOSE_ANY));
	expect_valid(f.leaf, f.trust, f.opts);
	expect_valid(client, f.trust, f.opts);
	pki_cert_free(client);
	fx_free(&f);
}

Test(verify, bad_signature)
{
	fx_t f = fx_("CN=Example Root", NULL, true);
	pki_cert_t *bad = NULL;
	unsigned char *der = NULL;
	size_t n = 0;

	/* flip a bit in the last byte of the signature value */
	ok_(pki_cert_export(&der, &n, f.leaf, PKI_FORMAT_DER, 0));
	der[n - 1] ^= 0x01;
	ok_(pki_cert_import(&bad, der, n, 0));
	expect_valid(f.leaf, f.trust, NULL);
	expect_reason_free(bad, f.trust, NULL, PKI_VERIFY_BAD_SIGNATURE, 0,
			   "the signature of the leaf 'CN=registry.example.com' does not verify with "
			   "the key of the trust anchor 'CN=Example Root'");
	pki_free(der);
	pki_cert_free(bad);
	fx_free(&f);
}

Test(verify, same_name_other_key_is_not_the_issuer)
{
	fx_t f = fx_("CN=Example Root", "CN=Example Intermediate", false);
	ca_t fake = root_("CN=Example Intermediate"); /* same name, another key */

	f.leaf = server_(&fake);

	add_untrusted(f.opts, f.inter.cert, NULL);
	expect_reason_free(f.leaf, f.trust, f.opts, PKI_VERIFY_ISSUER_NOT_FOUND, 0,
			   "issuer CN=Example Intermediate not found");
	ca_free(&fake);
	fx_free(&f);
}

Test(verify, weak_algorithm)
{
	fx_t f = fx_("CN=Root", NULL, false);

	f.key = gen();
	f.leaf = raw_issue(f.root.cert, f.root.key, f.key, "sha1.example.com", "sha1.example.com",
				     -1, -1, GNUTLS_DIG_SHA1);

	expect_reason_free(f.leaf, f.trust, NULL, PKI_VERIFY_WEAK_ALGORITHM, 0, "is signed with SHA-1, which is not accepted");
	fx_free(&f);
}

Test(verify, revoked_with_reason)
{
	fx_t f = fx_("CN=Root", "CN=Example Intermediate", true);
	pki_cert_t *other = server_(&f.inter);
	pki_crl_opts_t *co = NULL;
	pki_crl_t *crl = NULL;
	int64_t when = TEST_NOW - 3600;

	add_untrusted(f.opts, f.inter.cert, NULL);
	ok_(pki_crl_opts_new(&co, 0));
	ok_(pki_crl_opts_add_revoked_cert(co, f.leaf, when, PKI_CRL_REASON_KEY_COMPROMISE));
	ok_(pki_crl_create(&crl, f.inter.cert, f.inter.key, co, 0));
	ok_(pki_trust_add_crl(f.trust, crl, 0));
	/* CRL checking off: the CRL is not consulted */
	expect_valid(f.leaf, f.trust, f.opts);
	ok_(pki_verify_opts_set_crl_check(f.opts, PKI_CRL_CHECK_LEAF));
	/* TEST_NOW - 1 hour */
	expect_reason_free(f.leaf, f.trust, f.opts, PKI_VERIFY_REVOKED, 0,
			   "revoked on 2026-12-31, reason keyCompromise (the leaf 'CN=registry.example.com')");
	expect_valid(other, f.trust, f.opts);
	/* the whole chain needs CRLs in chain mode: the root's is missing */
	ok_(pki_verify_opts_set_crl_check(f.opts, PKI_CRL_CHECK_CHAIN));
	expect_reason_free(other, f.trust, f.opts, PKI_VERIFY_CRL_MISSING, 1, "no CRL from the trust anchor 'CN=Root'");
	pki_crl_free(crl);
	pki_crl_opts_free(co);
	pki_cert_free(other);
	fx_free(&f);
}

Test(verify, crl_missing_expired_and_forged)
{
	fx_t f = fx_("CN=Root", NULL, true);
	pki_crl_opts_t *co = NULL;
	pki_crl_t *crl = NULL, *forged = NULL;
	ca_t fake = root_("CN=Root");
	int64_t now = TEST_NOW;

	ok_(pki_verify_opts_set_crl_check(f.opts, PKI_CRL_CHECK_LEAF));
	expect_reason_free(f.leaf, f.trust, f.opts, PKI_VERIFY_CRL_MISSING, 0,
			   "no CRL from the trust anchor 'CN=Root' to check the leaf 'CN=registry.example.com'");
	/* a CRL with the right issuer name but signed by another key is ignored */
	ok_(pki_crl_opts_new(&co, 0));
	ok_(pki_crl_opts_add_revoked_cert(co, f.leaf, now - 60, PKI_CRL_REASON_SUPERSEDED));
	ok_(pki_crl_create(&forged, fake.cert, fake.key, co, 0));
	ok_(pki_trust_add_crl(f.trust, forged, 0));
	expect_reason_free(f.leaf, f.trust, f.opts, PKI_VERIFY_CRL_MISSING, 0, NULL);
	/* a genuine CRL that is valid now, but not at a later time */
	pki_crl_opts_free(co);
	ok_(pki_crl_opts_new(&co, 0));
	ok_(pki_crl_opts_set_validity(co, now - 60, now + 7 * DAY));
	ok_(pki_crl_create(&crl, f.root.cert, f.root.key, co, 0));
	ok_(pki_trust_add_crl(f.trust, crl, 0));
	expect_valid(f.leaf, f.trust, f.opts);
	ok_(pki_verify_opts_set_time(f.opts, now + 8 * DAY));
	expect_reason_free(f.leaf, f.trust, f.opts, PKI_VERIFY_CRL_EXPIRED, 0,
			   "the CRL from CN=Root expired on 2027-01-08"); /* + 7 days */
	ok_(pki_verify_opts_set_time(f.opts, now - 3600));
	expect_reason_free(f.leaf, f.trust, f.opts, PKI_VERIFY_CRL_NOT_YET_VALID, 0,
			   "is not yet valid (thisUpdate 2026-12-31)"); /* TEST_NOW - 60 s */
	pki_crl_free(crl);
	pki_crl_free(forged);
	pki_crl_opts_free(co);
	ca_free(&fake);
	fx_free(&f);
}

Test(verify, json_lists_reasons)
{
	fx_t f = fx_("CN=Root", NULL, false);
	int64_t now = TEST_NOW;
	f.leaf = leaf_(&f.root, PKI_PROFILE_SERVER, "CN=registry.example.com", reg_sans,
		       now - 30 * DAY, now - 2 * DAY);
	pki_verify_result_t *r = NULL;
	char *json = NULL, *text = NULL;

	ok_(pki_verify_opts_set_host(f.opts, "other.example.com"));
	ok_(pki_cert_verify(&r, f.leaf, f.trust, f.opts, 0));
	cr_assert_eq(pki_verify_result_reason_count(r), 2);
	ok_(pki_verify_result_to_json(&json, r, 0));
	has_all_free_(json, "\"valid\": false",
		      "\"code\": 1, \"reason\": \"expired\", \"cert_index\": 0, "
		      "\"subject\": \"CN=registry.example.com\"",
		      "\"reason\": \"host_mismatch\"", NULL);
	ok_(pki_verify_result_to_text(&text, r, 0));
	has_all_free_(text, "result: NOT valid\n  - the leaf 'CN=registry.example.com' expired on",
		      NULL);
	fails_(PKI_E_INVALID_ARG, pki_verify_result_to_json(&json, r, 1));
	cr_assert_null(json);
	pki_verify_result_free(r);
	fx_free(&f);
}

/* ---- trust stores ------------------------------------------------------------------------ */

Test(trust, pem_file_dir_and_system)
{
	ca_t r1 = root_("CN=Root 1"), r2 = root_("CN=Root 2");
	pki_cert_t *leaf = server_(&r2);
	pki_chain_t *ch = NULL;
	unsigned char *pem = NULL;
	size_t n = 0;
	pki_trust_t *t = NULL;
	char *dir = scratch_dir(), *file = path_in(dir, "bundle.pem");

	ok_(pki_chain_new(&ch, 0));
	ok_(pki_chain_add(ch, r1.cert, 0));
	ok_(pki_chain_add(ch, r2.cert, 0));
	ok_(pki_chain_export(&pem, &n, ch, 0));
	ok_(pki_trust_new(&t, 0));
	cr_assert_eq(pki_trust_add_pem(t, pem, n, 0), 2);
	expect_valid(leaf, t, NULL);
	pki_trust_free(t);

	ok_(pki_file_write(file, pem, n, 0));
	ok_(pki_trust_new(&t, 0));
	cr_assert_eq(pki_trust_add_file(t, file, 0), 2);
	expect_valid(leaf, t, NULL);
	pki_trust_free(t);

	ok_(pki_trust_new(&t, 0));
	cr_assert_geq(pki_trust_add_dir(t, dir, 0), 2);
	expect_valid(leaf, t, NULL);
	pki_trust_free(t);

	/* the system store knows public CAs, not ours */
	ok_(pki_trust_new(&t, 0));
	{
		int rc = pki_trust_add_system(t, 0);

		cr_assert(rc > 0 || rc == PKI_E_NOT_FOUND, "%d %s", rc, pki_error_detail());
	}
	expect_reason_free(leaf, t, NULL, PKI_VERIFY_ISSUER_NOT_FOUND, 0, "issuer CN=Root 2 not found");
	pki_trust_free(t);

	/* a DER certificate works as a one-certificate bundle */
	pki_free(pem);
	ok_(pki_cert_export(&pem, &n, r2.cert, PKI_FORMAT_DER, 0));
	ok_(pki_trust_new(&t, 0));
	cr_assert_eq(pki_trust_add_pem(t, pem, n, 0), 1);
	expect_valid(leaf, t, NULL);
	/* garbage, truncated and wrong inputs */
	fails_(PKI_E_PARSE, pki_trust_add_pem(t, "garbage", 7, 0));
	fails_(PKI_E_PARSE, pki_trust_add_pem(t, pem, n / 2, 0));
	fails_(PKI_E_PARSE, pki_trust_add_pem(t, "-----BEGIN PRIVATE KEY-----\n", 28, 0));
	fails_(PKI_E_PARSE, pki_trust_add_pem(t, "", 0, 0));
	fails_(PKI_E_INVALID_ARG, pki_trust_add_pem(t, NULL, 1, 0));
	fails_(PKI_E_INVALID_ARG, pki_trust_add_pem(NULL, pem, n, 0));
	fails_(PKI_E_INVALID_ARG, pki_trust_add_pem(t, pem, n, 1));
	fails_(PKI_E_IO, pki_trust_add_file(t, "/nonexistent/ca.pem", 0));
	fails_(PKI_E_INVALID_ARG, pki_trust_add_file(t, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_trust_add_file(NULL, file, 0));
	fails_(PKI_E_INVALID_ARG, pki_trust_add_dir(t, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_trust_add_dir(NULL, dir, 0));
	fails_(PKI_E_INVALID_ARG, pki_trust_add_dir(t, dir, 2));
	fails_(PKI_E_INVALID_ARG, pki_trust_add_system(NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_trust_add_system(t, 4));
	fails_(PKI_E_INVALID_ARG, pki_trust_add_cert(t, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_trust_add_cert(NULL, leaf, 0));
	fails_(PKI_E_INVALID_ARG, pki_trust_add_crl(t, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_trust_add_crl_file(t, NULL, 0));
	fails_(PKI_E_IO, pki_trust_add_crl_file(t, "/nonexistent/crl.pem", 0));
	fails_(PKI_E_INVALID_ARG, pki_trust_new(NULL, 0));
	{
		pki_trust_t *t2 = (pki_trust_t *)&n;

		fails_(PKI_E_INVALID_ARG, pki_trust_new(&t2, 2));
		cr_assert_null(t2);
	}
	pki_trust_free(NULL);
	pki_trust_free(t);
	pki_free(pem);
	pki_chain_free(ch);
	pki_cert_free(leaf);
	ca_free(&r1);
	ca_free(&r2);
	free(file);
	rmtree_(dir);

}

/* ---- the trust store's cache ---------------------------------------------------------------- */

/* Every signature check libpki makes ends in gnutls_pubkey_verify_data2 (path.c's sig_verify).
 * This definition comes first in symbol lookup: it counts the calls and, with sig_reject, makes
 * them fail, so a test sees which checks a verification really made. */
static unsigned sig_calls;
static bool sig_reject;

int gnutls_pubkey_verify_data2(gnutls_pubkey_t pub, gnutls_sign_algorithm_t algo, unsigned flags,
			       const gnutls_datum_t *data, const gnutls_datum_t *sig)
{
	static int (*real)(gnutls_pubkey_t, gnutls_sign_algorithm_t, unsigned,
			   const gnutls_datum_t *, const gnutls_datum_t *);

	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "gnutls_pubkey_verify_data2");
	cr_assert_not_null(real);
	sig_calls++;
	return sig_reject ? GNUTLS_E_PK_SIG_VERIFY_FAILED : real(pub, algo, flags, data, sig);
}

Test(trust, no_cache_checks_every_signature_every_time)
{
	ca_t root = root_("CN=Cache Root"), ica = inter_(&root, "CN=Cache Issuing CA", -1, NULL);
	pki_cert_t *leaf = server_(&ica);
	pki_verify_opts_t *o = vopts_();
	pki_trust_t *cached = trust_(root.cert), *nc = NULL;
	unsigned first;

	add_untrusted(o, ica.cert, NULL);
	ok_(pki_verify_opts_set_host(o, "registry.example.com"));
	ok_(pki_trust_new(&nc, PKI_TRUST_NO_CACHE));
	cr_assert_eq(pki_trust_add_cert(nc, root.cert, 0), 1);

	/* the default store checks each signature once, then answers from its cache, even when
	 * the same check would now fail */
	sig_calls = 0;
	expect_valid(leaf, cached, o);
	first = sig_calls;
	cr_assert_geq(first, 2, "%u signature checks", first);
	sig_calls = 0;
	expect_valid(leaf, cached, o);
	cr_assert_eq(sig_calls, 0, "%u then %u", first, sig_calls);
	sig_reject = true;
	expect_valid(leaf, cached, o);

	/* without the cache every verification makes every check again, so a check that fails
	 * now is seen although the same signatures passed before (the intermediate did not
	 * sign the leaf, so it is not its issuer) */
	sig_calls = 0;
	expect_reason_free(leaf, nc, o, PKI_VERIFY_ISSUER_NOT_FOUND, 0,
			   "issuer CN=Cache Issuing CA not found");
	cr_assert_geq(sig_calls, 1);
	sig_reject = false;
	for (int i = 0; i < 3; i++) {
		sig_calls = 0;
		expect_valid(leaf, nc, o);
		cr_assert_eq(sig_calls, first, "verification %d: %u signature checks, %u expected", i,
			     sig_calls, first);
	}
	pki_trust_free(nc);
	pki_trust_free(cached);
	pki_verify_opts_free(o);
	pki_cert_free(leaf);
	ca_free(&ica);
	ca_free(&root);
}

/* The extension checks are made on the extensions the profile rules read, up to 64 of them;
 * a certificate with more is checked extension by extension, with or without the cache. */
Test(trust, more_extensions_than_the_profile_reads)
{
	ca_t root = root_("CN=Many Extensions Root");
	pki_key_t *key = gen();
	pki_cert_t *leaf;
	pki_trust_t *cached = trust_(root.cert), *nc = NULL;

	raw_extra_exts = 70;
	leaf = raw_issue(root.cert, root.key, key, "many.example.com", "many.example.com", 0, -1,
			 GNUTLS_DIG_SHA256);
	raw_extra_exts = 0;
	ok_(pki_trust_new(&nc, PKI_TRUST_NO_CACHE));
	cr_assert_eq(pki_trust_add_cert(nc, root.cert, 0), 1);
	for (int i = 0; i < 2; i++) {
		expect_reason_free(leaf, cached, NULL, PKI_VERIFY_UNKNOWN_CRITICAL, 0,
				   "critical extension 1.3.6.1.4.1.55555.2");
		expect_reason_free(leaf, nc, NULL, PKI_VERIFY_UNKNOWN_CRITICAL, 0,
				   "critical extension 1.3.6.1.4.1.55555.2");
	}
	pki_trust_free(nc);
	pki_trust_free(cached);
	pki_cert_free(leaf);
	pki_key_free(key);
	ca_free(&root);
}

/* ---- arguments ---------------------------------------------------------------------------- */

Test(verify, options_and_null_arguments)
{
	pki_verify_opts_t *o = NULL;
	pki_verify_result_t *r = (pki_verify_result_t *)&o;
	ca_t root = root_("CN=Root");
	pki_trust_t *t = trust_(root.cert);
	const char *msg = "x";
	int idx = 5;

	fails_(PKI_E_INVALID_ARG, pki_verify_opts_new(NULL, 0));
	o = (pki_verify_opts_t *)&r;
	fails_(PKI_E_INVALID_ARG, pki_verify_opts_new(&o, 1));
	cr_assert_null(o);
	o = vopts_();
	fails_(PKI_E_INVALID_ARG, pki_verify_opts_set_host(NULL, "a.example.com"));
	fails_(PKI_E_INVALID_NAME, pki_verify_opts_set_host(o, ""));
	fails_(PKI_E_INVALID_NAME, pki_verify_opts_set_host(o, "*.example.com"));
	fails_(PKI_E_INVALID_NAME, pki_verify_opts_set_host(o, "bad host"));
	fails_(PKI_E_INVALID_NAME, pki_verify_opts_set_host(o, "a..b"));
	ok_(pki_verify_opts_set_host(o, "10.1.2.3"));
	ok_(pki_verify_opts_set_host(o, "::1"));
	fails_(PKI_E_INVALID_ARG, pki_verify_opts_set_purpose(NULL, PKI_PURPOSE_SERVER));
	fails_(PKI_E_INVALID_ARG, pki_verify_opts_set_purpose(o, 3));
	fails_(PKI_E_INVALID_ARG, pki_verify_opts_set_purpose(o, -1));
	fails_(PKI_E_INVALID_ARG, pki_verify_opts_set_time(NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_verify_opts_set_time(o, -1));
	fails_(PKI_E_INVALID_ARG, pki_verify_opts_set_crl_check(NULL, 1));
	fails_(PKI_E_INVALID_ARG, pki_verify_opts_set_crl_check(o, 3));
	fails_(PKI_E_INVALID_ARG, pki_verify_opts_add_untrusted(o, NULL));
	fails_(PKI_E_INVALID_ARG, pki_verify_opts_add_untrusted(NULL, NULL));
	pki_verify_opts_free(NULL);

	cr_assert_eq(pki_purpose_from_name("server"), PKI_PURPOSE_SERVER);
	cr_assert_eq(pki_purpose_from_name("Client"), PKI_PURPOSE_CLIENT);
	cr_assert_eq(pki_purpose_from_name("any"), PKI_PURPOSE_ANY);
	fails_(PKI_E_INVALID_ARG, pki_purpose_from_name("email"));
	fails_(PKI_E_INVALID_ARG, pki_purpose_from_name(NULL));

	fails_(PKI_E_INVALID_ARG, pki_cert_verify(NULL, root.cert, t, o, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_verify(&r, NULL, t, o, 0));
	cr_assert_null(r);
	fails_(PKI_E_INVALID_ARG, pki_cert_verify(&r, root.cert, NULL, o, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_verify(&r, root.cert, t, o, 1));
	cr_assert_null(r);

	cr_assert_not(pki_verify_result_valid(NULL));
	cr_assert_not(pki_verify_result_trusted(NULL));
	cr_assert_null(pki_verify_result_chain(NULL));
	fails_(PKI_E_INVALID_ARG, pki_verify_result_reason_count(NULL));
	fails_(PKI_E_INVALID_ARG, pki_verify_result_reason(&msg, &idx, NULL, 0));
	cr_assert_null(msg);
	cr_assert_eq(idx, -1);
	{
		char *s = (char *)&o;

		fails_(PKI_E_INVALID_ARG, pki_verify_result_to_json(&s, NULL, 0));
		cr_assert_null(s);
		fails_(PKI_E_INVALID_ARG, pki_verify_result_to_json(NULL, NULL, 0));
		fails_(PKI_E_INVALID_ARG, pki_verify_result_to_text(&s, NULL, 0));
		fails_(PKI_E_INVALID_ARG, pki_verify_result_to_text(NULL, NULL, 0));
	}
	pki_verify_result_free(NULL);
	cr_assert_str_eq(pki_verify_reason_name(PKI_VERIFY_REVOKED), "revoked");
	cr_assert_null(pki_verify_reason_name(0));
	cr_assert_null(pki_verify_reason_name(1000));

	pki_verify_opts_free(o);
	pki_trust_free(t);
	ca_free(&root);
}

Test(verify, revoked_serial_with_top_bit_set)
{
	/* a serial whose DER needs a 00 sign byte, and one that differs only by it from another */
	fx_t f = fx_("CN=Root", NULL, false);

	f.key = gen();
	pki_issue_opts_t *io = NULL;
	pki_crl_opts_t *co = NULL;
	pki_crl_t *crl = NULL;
	char *s = NULL;

	ok_(pki_issue_opts_new(&io, PKI_PROFILE_SERVER, 0));
	ok_(pki_issue_opts_add_san(io, "DNS:top.example.com"));
	ok_(pki_issue_opts_set_serial(io, "80aabbccdd"));
	ok_(pki_cert_issue_for_key(&f.leaf, f.key, "CN=top.example.com", f.root.cert, f.root.key, io, 0));
	ok_(pki_crl_opts_new(&co, 0));
	ok_(pki_crl_opts_add_revoked(co, "aabbccdd", TEST_NOW - 60, 0));
	ok_(pki_crl_create(&crl, f.root.cert, f.root.key, co, 0));
	ok_(pki_trust_add_crl(f.trust, crl, 0));
	ok_(pki_verify_opts_set_crl_check(f.opts, PKI_CRL_CHECK_LEAF));
	expect_valid(f.leaf, f.trust, f.opts);
	pki_crl_free(crl);
	ok_(pki_crl_opts_add_revoked_cert(co, f.leaf, TEST_NOW - 60,
					  PKI_CRL_REASON_SUPERSEDED));
	ok_(pki_crl_create(&crl, f.root.cert, f.root.key, co, 0));
	cr_assert_eq(pki_crl_entry(&s, NULL, crl, 1), PKI_CRL_REASON_SUPERSEDED);
	cr_assert_str_eq(s, "80aabbccdd");
	cr_assert_eq(pki_crl_lookup(NULL, crl, "80aabbccdd"), PKI_CRL_REASON_SUPERSEDED);
	pki_free(s);
	ok_(pki_trust_add_crl(f.trust, crl, 0));
	expect_reason_free(f.leaf, f.trust, f.opts, PKI_VERIFY_REVOKED, 0, "reason superseded (the leaf 'CN=top.example.com')");
	pki_crl_free(crl);
	pki_crl_opts_free(co);
	pki_issue_opts_free(io);
	fx_free(&f);
}

/* ---- regression tests for issue 11 ------------------------------------------------------- */

/* A malformed extendedKeyUsage used to make eku_allows() loop for ever with purpose server. */
Test(regress, malformed_eku_rejects_quickly, .timeout = 20)
{
	static const char bad[] = "\x30\x05\x06\x03\x2b\x06"; /* a SEQUENCE cut short */
	pki_key_t *k = gen();
	pki_cert_t *self;
	pki_verify_opts_t *o = vopts_();

	raw_eku = bad;
	raw_eku_len = sizeof(bad) - 1;
	raw_eku_critical = false;
	self = raw_issue(NULL, k, k, "eku.example.com", "eku.example.com", -1, -1,
			 GNUTLS_DIG_SHA256);
	raw_eku = NULL;
	ok_(pki_verify_opts_set_purpose(o, PKI_PURPOSE_SERVER));
	/* trusted directly: only the EKU can fail */
	expect_reason_anchored(self, self, o, PKI_VERIFY_PURPOSE, "does not parse");
	/* and untrusted (any TLS peer can send it) */
	expect_reason_anchored(self, NULL, o, PKI_VERIFY_PURPOSE, "does not parse");
	pki_verify_opts_free(o);
	pki_cert_free(self);
	pki_key_free(k);
}

Test(regress, empty_eku_allows_nothing)
{
	static const char empty[] = "\x30\x00";
	fx_t f = fx_("CN=Root", NULL, false);

	f.key = gen();

	raw_eku = empty;
	raw_eku_len = 2;
	raw_eku_critical = false;
	f.leaf = raw_issue(f.root.cert, f.root.key, f.key, "e.example.com", "e.example.com", -1, -1,
			 GNUTLS_DIG_SHA256);
	raw_eku = NULL;
	ok_(pki_verify_opts_set_purpose(f.opts, PKI_PURPOSE_CLIENT));
	expect_reason_free(f.leaf, f.trust, f.opts, PKI_VERIFY_PURPOSE, 0, "is empty");
	/* with no purpose asked, the rfc5280 profile still refuses an empty EKU (SIZE (1..MAX)) */
	expect_reason_free(f.leaf, f.trust, NULL, PKI_VERIFY_PROFILE_VIOLATION, 0, "rfc5280.eku.empty");
	fx_free(&f);
}

static pki_key_t *legacy_rsa(unsigned bits)
{
	gnutls_x509_privkey_t xk;
	gnutls_datum_t d = { NULL, 0 };
	pki_key_t *key = NULL;

	cr_assert_eq(gnutls_x509_privkey_init(&xk), 0);
	cr_assert_eq(gnutls_x509_privkey_generate(xk, GNUTLS_PK_RSA, bits, 0), 0);
	cr_assert_eq(gnutls_x509_privkey_export2(xk, GNUTLS_X509_FMT_PEM, &d), 0);
	ok_(pki_key_import(&key, d.data, d.size, NULL, 0));
	gnutls_free(d.data);
	gnutls_x509_privkey_deinit(xk);
	return key;
}

Test(regress, weak_keys_are_refused_unless_allowed)
{
	fx_t f = fx_("CN=Root", NULL, false);

	f.key = legacy_rsa(1024);
	f.leaf = raw_issue(f.root.cert, f.root.key, f.key, "rsa1024.example.com",
				     "rsa1024.example.com", -1, -1, GNUTLS_DIG_SHA256);

	expect_reason_free(f.leaf, f.trust, NULL, PKI_VERIFY_WEAK_ALGORITHM, 0, "RSA-1024");
	ok_(pki_verify_opts_set_algorithms(f.opts, PKI_VERIFY_ALLOW_LEGACY_KEYS));
	expect_valid(f.leaf, f.trust, f.opts);
	fails_(PKI_E_INVALID_ARG, pki_verify_opts_set_algorithms(f.opts, 0x100));
	fx_free(&f);
}

Test(regress, ca_leaf_is_not_a_server)
{
	fx_t f = fx_("CN=Root", NULL, false);

	f.key = gen();
	f.leaf = raw_issue(f.root.cert, f.root.key, f.key, "ca.example.com", "ca.example.com", 1,
				     -1, GNUTLS_DIG_SHA256);

	ok_(pki_verify_opts_set_host(f.opts, "ca.example.com")); /* purpose server by default */
	expect_reason_free(f.leaf, f.trust, f.opts, PKI_VERIFY_PURPOSE, 0, "is a CA certificate");
	expect_valid(f.leaf, f.trust, NULL);
	fx_free(&f);
}

Test(regress, host_means_purpose_server_by_default)
{
	static const char *const sans[] = { "DNS:client.example.com", NULL };
	fx_t f = fx_("CN=Root", NULL, false);

	f.leaf = leaf_(&f.root, PKI_PROFILE_CLIENT, "CN=client.example.com", sans, 0, 0);

	expect_valid(f.leaf, f.trust, f.opts); /* no host, no purpose: any */
	ok_(pki_verify_opts_set_host(f.opts, "client.example.com"));
	expect_reason_free(f.leaf, f.trust, f.opts, PKI_VERIFY_PURPOSE, 0, "lacks serverAuth");
	ok_(pki_verify_opts_set_purpose(f.opts, PKI_PURPOSE_CLIENT)); /* a chosen purpose wins */
	expect_valid(f.leaf, f.trust, f.opts);
	fx_free(&f);
}

/* Two anchors with the same name: the one whose key signed is used, whatever the order. */
Test(regress, two_anchors_of_the_same_name)
{
	ca_t old = root_("CN=Root"), cur = root_("CN=Root");
	pki_cert_t *leaf = server_(&cur);
	pki_trust_t *t = trust_(old.cert);

	cr_assert_eq(pki_trust_add_cert(t, cur.cert, 0), 1);
	expect_valid(leaf, t, NULL);
	pki_trust_free(t);
	pki_cert_free(leaf);
	ca_free(&old);
	ca_free(&cur);
}

/* Backtracking: the first intermediate found leads nowhere (its issuer is unknown), a second
 * one with the same name and key (cross-signed by the trusted root) completes the path. */
Test(regress, backtracking_finds_the_alternative_path)
{
	ca_t root = root_("CN=Root"), other = root_("CN=Other Root");
	ca_t inter = inter_(&other, "CN=Inter", -1, NULL);
	pki_cert_t *cross = NULL, *leaf;
	pki_issue_opts_t *io = NULL;
	pki_trust_t *t = trust_(root.cert);
	pki_verify_opts_t *o = vopts_();

	ok_(pki_issue_opts_new(&io, PKI_PROFILE_INTERMEDIATE, 0));
	ok_(pki_cert_issue_for_key(&cross, inter.key, "CN=Inter", root.cert, root.key, io, 0));
	pki_issue_opts_free(io);
	leaf = server_(&inter);
	add_untrusted(o, inter.cert, cross); /* the dead end first */
	expect_valid(leaf, t, o);
	pki_verify_opts_free(o);
	pki_trust_free(t);
	pki_cert_free(leaf);
	pki_cert_free(cross);
	ca_free(&inter);
	ca_free(&other);
	ca_free(&root);
}

/* Names compare as RFC 5280 7.1 says: the leaf's issuer "CN=EXAMPLE   ROOT" chains to the
 * anchor "CN=Example Root" (same key). */
Test(regress, case_and_space_variant_names_chain)
{
	ca_t upper = root_("CN=EXAMPLE   ROOT");
	pki_cert_t *anchor = NULL, *leaf = server_(&upper);
	pki_issue_opts_t *io = NULL;
	pki_trust_t *t;

	ok_(pki_issue_opts_new(&io, PKI_PROFILE_CA, 0));
	ok_(pki_cert_self_sign(&anchor, upper.key, "CN=Example Root", io, 0));
	pki_issue_opts_free(io);
	t = trust_(anchor);
	expect_valid(leaf, t, NULL);
	pki_trust_free(t);
	pki_cert_free(anchor);
	pki_cert_free(leaf);
	ca_free(&upper);
}

/* Forty junk intermediates with the issuer's name (and other keys) before the real one: the
 * real one is found (ranked by key identifier) within the work budget. */
Test(regress, junk_intermediates_within_the_budget, .timeout = 60)
{
	ca_t root = root_("CN=Root"), inter = inter_(&root, "CN=Inter", -1, NULL);
	pki_cert_t *leaf = server_(&inter);
	pki_trust_t *t = trust_(root.cert);
	pki_verify_opts_t *o = vopts_();
	pki_chain_t *ch = NULL;
	ca_t junk[40];

	ok_(pki_chain_new(&ch, 0));
	for (int i = 0; i < 40; i++) {
		junk[i] = inter_(&root, "CN=Inter", -1, NULL);
		ok_(pki_chain_add(ch, junk[i].cert, 0));
	}
	ok_(pki_chain_add(ch, inter.cert, 0));
	ok_(pki_verify_opts_add_untrusted(o, ch));
	expect_valid(leaf, t, o);
	/* and a leaf none of them signed fails with a reason, not a hang */
	{
		ca_t stranger = root_("CN=Inter");
		pki_cert_t *l2 = server_(&stranger);
		pki_verify_result_t *r = NULL;

		ok_(pki_cert_verify(&r, l2, t, o, 0));
		cr_assert_not(pki_verify_result_valid(r));
		pki_verify_result_free(r);
		pki_cert_free(l2);
		ca_free(&stranger);
	}
	for (int i = 0; i < 40; i++)
		ca_free(&junk[i]);
	pki_chain_free(ch);
	pki_verify_opts_free(o);
	pki_trust_free(t);
	pki_cert_free(leaf);
	ca_free(&inter);
	ca_free(&root);
}

Test(regress, depth_limit)
{
	ca_t root = root_("CN=Root"), a = inter_(&root, "CN=A", -1, NULL), b = inter_(&a, "CN=B", -1, NULL);
	pki_cert_t *leaf = server_(&b);
	pki_trust_t *t = trust_(root.cert);
	pki_verify_opts_t *o = vopts_();

	add_untrusted(o, a.cert, b.cert);
	expect_valid(leaf, t, o);
	ok_(pki_verify_opts_set_max_depth(o, 3));
	expect_reason_free(leaf, t, o, PKI_VERIFY_CHAIN_TOO_LONG, 2, NULL);
	fails_(PKI_E_INVALID_ARG, pki_verify_opts_set_max_depth(o, 0));
	fails_(PKI_E_INVALID_ARG, pki_verify_opts_set_max_depth(o, 65));
	pki_verify_opts_free(o);
	pki_trust_free(t);
	pki_cert_free(leaf);
	ca_free(&b);
	ca_free(&a);
	ca_free(&root);
}

Test(regress, email_peer_name)
{
	static const char *const sans[] = { "email:Alice@Example.com", NULL };
	fx_t f = fx_("CN=Root", NULL, false);

	f.leaf = leaf_(&f.root, PKI_PROFILE_CLIENT, "CN=Alice", sans, 0, 0);

	ok_(pki_verify_opts_set_purpose(f.opts, PKI_PURPOSE_CLIENT));
	ok_(pki_verify_opts_set_email(f.opts, "Alice@example.COM"));
	expect_valid(f.leaf, f.trust, f.opts);
	ok_(pki_verify_opts_set_email(f.opts, "alice@example.com")); /* the local part is exact */
	expect_reason_free(f.leaf, f.trust, f.opts, PKI_VERIFY_EMAIL_MISMATCH, 0, NULL);
	fails_(PKI_E_INVALID_NAME, pki_verify_opts_set_email(f.opts, "no-at-sign"));
	fx_free(&f);
}

/* Control characters of a subject are escaped in the reasons and the text output. */
Test(regress, control_characters_escaped)
{
	fx_t f = fx_("CN=Root", NULL, false);

	f.key = gen();
	f.leaf = raw_issue(NULL, f.key, f.key, "evil\x1b[2Jresult: valid", NULL, -1, -1,
				     GNUTLS_DIG_SHA256);
	pki_verify_result_t *r = NULL;
	char *text = NULL;

	ok_(pki_cert_verify(&r, f.leaf, f.trust, NULL, 0));
	cr_assert_not(pki_verify_result_valid(r));
	ok_(pki_verify_result_to_text(&text, r, 0));
	cr_assert_null(strchr(text, '\x1b'), "%s", text);
	pki_free(text);
	pki_verify_result_free(r);
	fx_free(&f);
}

/* ---- session 3 ------------------------------------------------------------------------- */

Test(regress, negative_serial_is_refused)
{
	/* tests/data/lint: an EC CA and a TLS server leaf it issued with serial -0x1234 (made
	 * with openssl: GnuTLS will not write it). x509-limbo rfc5280::serial::negative. */
	pki_cert_t *ca = data_cert_("lint/ca.pem");
	pki_cert_t *neg = data_cert_("lint/leaf-serial-negative.pem");
	pki_trust_t *t = trust_(ca);
	pki_verify_opts_t *o = vopts_();

	ok_(pki_verify_opts_set_time(o, INT64_C(1798761600))); /* 2027-01-01, in both validities */
	ok_(pki_verify_opts_set_host(o, "leaf.example.com"));
	expect_reason_free(neg, t, o, PKI_VERIFY_PROFILE_VIOLATION, 0, "negative");
	pki_verify_opts_free(o);
	/* control: the same anchor and time verify its own certificate */
	o = vopts_();
	ok_(pki_verify_opts_set_time(o, INT64_C(1798761600)));
	expect_valid(ca, t, o);
	pki_trust_free(t);
	pki_cert_free(neg);
	/* a trust anchor that is the target itself: the serial is still an error there (no
	 * root of Debian's store has a negative serial; a zero serial stays a warning) */
	neg = data_cert_("lint/self-signed-serial-negative.pem");
	expect_reason_anchored(neg, neg, o, PKI_VERIFY_PROFILE_VIOLATION, "negative");
	pki_cert_free(neg);
	pki_verify_opts_free(o);
	pki_cert_free(ca);
}

/* ---- session 4 ------------------------------------------------------------------------- */

Test(regress, othername_constraint_applies_to_othernames_only)
{
	/* tests/data/nc (openssl, make-fixtures.sh): an intermediate permitting DNS example.com
	 * and excluding an otherName form of an OID libpki does not know. RFC 5280 4.2.1.10
	 * applies a constraint to names of its own form only: a leaf without otherName verifies
	 * (x509-limbo rfc5280::nc::nc-forbids-othername-noop), one with such an otherName is
	 * refused, since libpki cannot tell whether it lies in the subtree (fail closed, as
	 * openssl does: "unsupported name constraint type"). The constraint used to be refused
	 * as malformed, GnuTLS being unable to parse it. */
	fx_t f = fx_data_("nc", "ica-othername", "leaf", INT64_C(1893456000) /* 2030-01-01 */,
			  "ok.example.com");
	pki_cert_t *on = data_cert_("nc/leaf-othername.pem");
	pki_lint_t *lint = NULL;

	expect_valid(f.leaf, f.trust, f.opts);
	expect_reason_free(on, f.trust, f.opts, PKI_VERIFY_NAME_CONSTRAINTS, 0,
			   "constrains otherName names, which libpki cannot check");
	/* the profile rules read the extension with libtasn1: no malformed finding */
	ok_(pki_cert_lint(&lint, f.inter.cert, PKI_VERIFY_PROFILE_RFC5280, PKI_LINT_AS_CA));
	cr_assert_eq(pki_lint_count_severity(lint, PKI_LINT_ERROR), 0);
	pki_lint_free(lint);
	pki_cert_free(on);
	fx_free(&f);
}

Test(regress, every_distinct_reason_is_kept)
{
	/* tests/data/lint/self-signed-two-errors.pem breaks two profile rules: both reasons
	 * are reported (the verifier used to keep one per certificate and code), each once */
	pki_cert_t *c = data_cert_("lint/self-signed-two-errors.pem");
	pki_trust_t *t = trust_(c);
	pki_verify_result_t *r = expect_reason(c, t, NULL, PKI_VERIFY_PROFILE_VIOLATION, 0,
					       "rfc5280.serial.negative");

	pki_verify_result_free(r);
	r = expect_reason(c, t, NULL, PKI_VERIFY_PROFILE_VIOLATION, 0, "rfc5280.aki.critical");
	cr_assert_eq(pki_verify_result_reason_count(r), 2);
	pki_verify_result_free(r);
	pki_trust_free(t);
	pki_cert_free(c);
}

Test(regress, rsa16384_intermediate_refused_before_arithmetic)
{
	/* tests/data/rsa16k (openssl, make-fixtures.sh): an untrusted intermediate with a real
	 * 16384-bit RSA key that signed the leaf. No signature is checked with such a key (the
	 * work budget's bound is 8192 bits): the path is still built to the root and refused
	 * with its own reasons, the key and the unchecked signature, not "bad signature" or
	 * "issuer not found". */
	fx_t f = fx_data_("rsa16k", "inter", "leaf", INT64_C(1893456000) /* 2030-01-01 */,
			  "big.example.com");
	pki_verify_result_t *r;

	r = expect_reason(f.leaf, f.trust, f.opts, PKI_VERIFY_WEAK_ALGORITHM, 1, "RSA-16384");
	cr_assert(pki_verify_result_trusted(r));
	pki_verify_result_free(r);
	r = expect_reason(f.leaf, f.trust, f.opts, PKI_VERIFY_WEAK_ALGORITHM, 0, "is not checked");
	for (int i = 0; i < pki_verify_result_reason_count(r); i++) {
		const char *msg = NULL;
		int idx = -1;

		cr_assert_neq(pki_verify_result_reason(&msg, &idx, r, (unsigned)i),
			      PKI_VERIFY_BAD_SIGNATURE);
	}
	pki_verify_result_free(r);
	fx_free(&f);
}
