/*
 * Tests for the profile rules (libpki/profile.c) through pki_cert_lint() / pki_crl_lint():
 * certificates that break one rule each are built here with GnuTLS (libpki refuses to make
 * them), and every certificate and CRL libpki itself issues must lint clean. libpki's and
 * GnuTLS's clocks are fixed at TEST_NOW (helpers.h), the dates of the certificates built here too.
 */
#define PKI_TEST_FIXED_CLOCK
#include "gcert.h"
#include "helpers.h"

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509-ext.h>
#include <gnutls/x509.h>
#include <time.h>

/* ---- a certificate builder ------------------------------------------------------------- */

typedef struct {
	const char *oid;
	gnutls_datum_t der;
	unsigned critical;
} raw_ext_t;

typedef struct {
	int version;                  /* 0: 3 */
	const unsigned char *serial;  /* NULL: 01 02 03 04 05 06 07 08 09 */
	size_t serial_len;
	const char *subject;          /* NULL: CN=leaf.example.com; "" empty */
	int ca;                       /* -1: no basicConstraints; 0/1: cA */
	unsigned bc_critical;
	int pathlen;                  /* -1: none */
	unsigned ku;                  /* 0: no keyUsage */
	unsigned ku_critical;
	const char *dns[4];           /* SANs (DNS), NULL-terminated */
	bool no_san;
	unsigned san_critical;
	bool no_ski, no_aki;
	unsigned aki_critical;
	const char *eku[3];           /* key purposes; NULL-terminated */
	bool eku_empty;               /* an extKeyUsage holding no purpose */
	unsigned eku_critical;
	raw_ext_t extra[3];
	int days;                     /* 0: 90 */
} spec_t;

static void set_ext(gnutls_x509_crt_t crt, const char *oid, gnutls_datum_t *d, unsigned critical)
{
	cr_assert_eq(gnutls_x509_crt_set_extension_by_oid(crt, oid, d->data, d->size, critical),
		     0, "setting %s", oid);
	gnutls_free(d->data);
}

static pki_key_t *gen(void)
{
	pki_key_t *key = NULL;

	ok_(pki_key_generate(&key, PKI_KEY_EC_P256, 0, 0));
	return key;
}

/* Build a certificate for @p key per @p s, signed by @p issuer/@p issuer_key (NULL: self). */
static pki_cert_t *build(const spec_t *s, const pki_key_t *key, const pki_cert_t *issuer,
			 const pki_key_t *issuer_key)
{
	static const unsigned char def_serial[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	gnutls_privkey_t pk = gcert_privkey_of(key), ipk = issuer_key ? gcert_privkey_of(issuer_key) : NULL;
	gnutls_pubkey_t pub;
	gnutls_x509_crt_t crt, icrt = issuer ? gcert_of(issuer) : NULL;
	const time_t now = (time_t)TEST_NOW;
	gnutls_datum_t d = { NULL, 0 }, out = { NULL, 0 };
	unsigned char id[20];
	size_t idlen = sizeof(id);
	pki_cert_t *c = NULL;

	cr_assert_eq(gnutls_pubkey_init(&pub), 0);
	cr_assert_eq(gnutls_pubkey_import_privkey(pub, pk, 0, 0), 0);
	cr_assert_eq(gnutls_x509_crt_init(&crt), 0);
	cr_assert_eq(gnutls_x509_crt_set_version(crt, s->version ? (unsigned)s->version : 3), 0);
	if (!s->subject || *s->subject)
		cr_assert_eq(gnutls_x509_crt_set_dn(crt, s->subject ? s->subject : "CN=leaf.example.com",
						    NULL),
			     0);
	cr_assert_eq(gnutls_x509_crt_set_pubkey(crt, pub), 0);
	cr_assert_eq(gnutls_x509_crt_set_serial(crt, s->serial ? s->serial : def_serial,
						s->serial ? s->serial_len : sizeof(def_serial)),
		     0);
	cr_assert_eq(gnutls_x509_crt_set_activation_time(crt, now - 60), 0);
	cr_assert_eq(gnutls_x509_crt_set_expiration_time(crt, now + (s->days ? s->days : 90) * DAY),
		     0);
	if (s->ca >= 0) {
		cr_assert_eq(gnutls_x509_ext_export_basic_constraints((unsigned)s->ca, s->pathlen, &d),
			     0);
		set_ext(crt, "2.5.29.19", &d, s->bc_critical);
	}
	if (s->ku) {
		cr_assert_eq(gnutls_x509_ext_export_key_usage(s->ku, &d), 0);
		set_ext(crt, "2.5.29.15", &d, s->ku_critical);
	}
	if (!s->no_san) {
		gnutls_subject_alt_names_t sans;

		cr_assert_eq(gnutls_subject_alt_names_init(&sans), 0);
		for (int i = 0; s->dns[i]; i++) {
			gnutls_datum_t v = { (unsigned char *)s->dns[i], (unsigned)strlen(s->dns[i]) };

			cr_assert_eq(gnutls_subject_alt_names_set(sans, GNUTLS_SAN_DNSNAME, &v, NULL),
				     0);
		}
		if (s->dns[0]) {
			cr_assert_eq(gnutls_x509_ext_export_subject_alt_names(sans, &d), 0);
			set_ext(crt, "2.5.29.17", &d, s->san_critical);
		}
		gnutls_subject_alt_names_deinit(sans);
	}
	if (!s->no_ski) {
		cr_assert_eq(gnutls_pubkey_get_key_id(pub, GNUTLS_KEYID_USE_SHA1, id, &idlen), 0);
		d.data = id;
		d.size = (unsigned)idlen;
		cr_assert_eq(gnutls_x509_ext_export_subject_key_id(&d, &out), 0);
		set_ext(crt, "2.5.29.14", &out, 0);
	}
	if (!s->no_aki) {
		gnutls_x509_aki_t aki;
		unsigned char iid[64];
		size_t iidlen = sizeof(iid);
		unsigned crit;

		if (icrt)
			cr_assert_eq(gnutls_x509_crt_get_subject_key_id(icrt, iid, &iidlen, &crit), 0);
		else {
			memcpy(iid, id, idlen);
			iidlen = idlen;
		}
		cr_assert_eq(gnutls_x509_aki_init(&aki), 0);
		d.data = iid;
		d.size = (unsigned)iidlen;
		cr_assert_eq(gnutls_x509_aki_set_id(aki, &d), 0);
		cr_assert_eq(gnutls_x509_ext_export_authority_key_id(aki, &out), 0);
		set_ext(crt, "2.5.29.35", &out, s->aki_critical);
		gnutls_x509_aki_deinit(aki);
	}
	if (s->eku[0]) {
		gnutls_x509_key_purposes_t kp;

		cr_assert_eq(gnutls_x509_key_purpose_init(&kp), 0);
		for (int i = 0; s->eku[i]; i++)
			cr_assert_eq(gnutls_x509_key_purpose_set(kp, s->eku[i]), 0);
		cr_assert_eq(gnutls_x509_ext_export_key_purposes(kp, &d), 0);
		set_ext(crt, "2.5.29.37", &d, s->eku_critical);
		gnutls_x509_key_purpose_deinit(kp);
	} else if (s->eku_empty) {
		/* fixture: the DER of an empty SEQUENCE OF KeyPurposeId */
		static const unsigned char empty[] = { 0x30, 0x00 };

		cr_assert_eq(gnutls_x509_crt_set_extension_by_oid(crt, "2.5.29.37", empty,
								  sizeof(empty), s->eku_critical),
			     0);
	}
	for (int i = 0; i < 3 && s->extra[i].oid; i++)
		cr_assert_eq(gnutls_x509_crt_set_extension_by_oid(crt, s->extra[i].oid,
								  s->extra[i].der.data,
								  s->extra[i].der.size,
								  s->extra[i].critical),
			     0);
	c = cert_sign_gnutls_(crt, icrt, ipk ? ipk : pk, GNUTLS_DIG_SHA256);
	gnutls_pubkey_deinit(pub);
	gnutls_privkey_deinit(pk);
	if (ipk)
		gnutls_privkey_deinit(ipk);
	return c;
}

/* A certificate of tests/data/lint (README there says how each was made). */
#define fixture(name) data_cert_("lint/%s", (name))

/* The lint findings of @p c under @p profile/@p flags (pki_lint_free). */
static pki_lint_t *lint_(const pki_cert_t *c, pki_verify_profile_t profile, unsigned flags)
{
	pki_lint_t *l = NULL;

	ok_(pki_cert_lint(&l, c, profile, flags));
	cr_assert_not_null(l);
	return l;
}

/* The severity of the finding with rule @p rule, 0 when absent. */
static int sev_of(const pki_lint_t *l, const char *rule)
{
	int n = pki_lint_count(l);

	for (int i = 0; i < n; i++) {
		const char *r, *src, *text;
		int sev = pki_lint_finding(&r, &src, &text, l, (unsigned)i);

		cr_assert_gt(sev, 0);
		cr_assert_not_null(src);
		cr_assert_not_null(text);
		if (strcmp(r, rule) == 0)
			return sev;
	}
	return 0;
}

static void dump(const pki_lint_t *l)
{
	char *js = NULL;

	if (pki_lint_to_json(&js, l, 0) == 0) {
		fprintf(stderr, "findings: %s\n", js);
		pki_free(js);
	}
}

/* Assert that @p c, linted as @p flags, has rule @p rule at severity @p sev (0: absent). */
static void expect_(const pki_cert_t *c, pki_verify_profile_t profile, unsigned flags,
		    const char *rule, int sev)
{
	pki_lint_t *l = lint_(c, profile, flags);
	int got = sev_of(l, rule);

	if (got != sev)
		dump(l);
	cr_assert_eq(got, sev, "%s: severity %d, expected %d", rule, got, sev);
	pki_lint_free(l);
}

/* Expect the RFC 5280 rule @p rule at @p as_root when @p c is linted as a root, @p as_ca as CA. */
static void expect_root_and_ca(const pki_cert_t *c, const char *rule, int as_root, int as_ca)
{
	expect_(c, PKI_VERIFY_PROFILE_RFC5280, PKI_LINT_AS_ROOT, rule, as_root);
	expect_(c, PKI_VERIFY_PROFILE_RFC5280, PKI_LINT_AS_CA, rule, as_ca);
}

static void expect_clean(const pki_cert_t *c, pki_verify_profile_t profile, unsigned flags)
{
	pki_lint_t *l = lint_(c, profile, flags);
	int e = pki_lint_count_severity(l, PKI_LINT_ERROR);
	int w = pki_lint_count_severity(l, PKI_LINT_WARNING);

	if (e || w)
		dump(l);
	cr_assert_eq(e, 0, "%d error findings", e);
	cr_assert_eq(w, 0, "%d warning findings", w);
	pki_lint_free(l);
}

/* A root made by the builder: CA, critical basicConstraints, keyCertSign|cRLSign, SKI. */
static pki_cert_t *builder_root(const pki_key_t *key)
{
	spec_t s = { .subject = "CN=Test Root", .ca = 1, .bc_critical = 1, .pathlen = -1,
		     .ku = GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN, .ku_critical = 1,
		     .no_san = true };

	return build(&s, key, NULL, NULL);
}

/* A leaf spec that passes every rule of both profiles. */
static spec_t good_leaf(void)
{
	spec_t s = { .ca = 0, .bc_critical = 1, .pathlen = -1,
		     .ku = GNUTLS_KEY_DIGITAL_SIGNATURE, .ku_critical = 1,
		     .dns = { "leaf.example.com", NULL },
		     .eku = { GNUTLS_KP_TLS_WWW_SERVER, NULL } };

	return s;
}

typedef struct {
	pki_key_t *rk, *lk;
	pki_cert_t *root;
} fx_t;

static fx_t fx_(void)
{
	fx_t f;

	f.rk = gen();
	f.lk = gen();
	f.root = builder_root(f.rk);
	return f;
}

static void fx_free(fx_t *f)
{
	pki_cert_free(f->root);
	pki_key_free(f->rk);
	pki_key_free(f->lk);
}

/* Build a leaf from @p s under the fixture's root and check one rule. */
/* Build @p s (as build() does) and expect rule @p rule at @p sev when linted as @p flags. */
static void built_rule(const spec_t *s, const pki_key_t *key, const pki_cert_t *issuer,
		       const pki_key_t *issuer_key, pki_verify_profile_t profile, unsigned flags,
		       const char *rule, int sev)
{
	pki_cert_t *c = build(s, key, issuer, issuer_key);

	expect_(c, profile, flags, rule, sev);
	pki_cert_free(c);
}

static void leaf_rule(const spec_t *s, pki_verify_profile_t profile, const char *rule, int sev)
{
	fx_t f = fx_();

	built_rule(s, f.lk, f.root, f.rk, profile, PKI_LINT_AS_LEAF, rule, sev);
	fx_free(&f);
}

/* ---- arguments ------------------------------------------------------------------------- */

Test(lint, arguments)
{
	fx_t f = fx_();
	pki_lint_t *l = (pki_lint_t *)1;
	pki_crl_t *crl = NULL;
	const char *r = "x";
	char *js = NULL;

	fails_(PKI_E_INVALID_ARG, pki_cert_lint(NULL, f.root, PKI_VERIFY_PROFILE_RFC5280, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_lint(&l, NULL, PKI_VERIFY_PROFILE_RFC5280, 0));
	cr_assert_null(l);
	fails_(PKI_E_INVALID_ARG, pki_cert_lint(&l, f.root, (pki_verify_profile_t)7, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_lint(&l, f.root, PKI_VERIFY_PROFILE_RFC5280, 0x100));
	fails_(PKI_E_INVALID_ARG, pki_cert_lint(&l, f.root, PKI_VERIFY_PROFILE_RFC5280,
						PKI_LINT_AS_CA | PKI_LINT_AS_LEAF));
	fails_(PKI_E_INVALID_ARG, pki_crl_lint(&l, NULL, PKI_VERIFY_PROFILE_RFC5280, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_lint(NULL, crl, PKI_VERIFY_PROFILE_RFC5280, 0));
	fails_(PKI_E_INVALID_ARG, pki_lint_count(NULL));
	fails_(PKI_E_INVALID_ARG, pki_lint_count_severity(NULL, PKI_LINT_ERROR));
	fails_(PKI_E_INVALID_ARG, pki_lint_finding(&r, NULL, NULL, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_lint_to_json(NULL, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_lint_to_json(&js, NULL, 0));
	cr_assert_null(js);
	cr_assert_null(pki_lint_severity_name(0));
	cr_assert_str_eq(pki_lint_severity_name(PKI_LINT_ERROR), "error");
	cr_assert_str_eq(pki_lint_severity_name(PKI_LINT_WARNING), "warning");
	cr_assert_str_eq(pki_lint_severity_name(PKI_LINT_NOTICE), "notice");
	pki_lint_free(NULL);

	l = lint_(f.root, PKI_VERIFY_PROFILE_RFC5280, 0);
	fails_(PKI_E_NOT_FOUND, pki_lint_finding(&r, NULL, NULL, l, (unsigned)pki_lint_count(l)));
	fails_(PKI_E_INVALID_ARG, pki_lint_to_json(&js, l, 1));
	ok_(pki_lint_to_json(&js, l, 0));
	cr_assert_eq(js[0], '[');
	pki_free(js);
	pki_lint_free(l);
	fx_free(&f);
}

/* ---- what libpki issues lints clean ---------------------------------------------------- */

Test(lint, libpki_issued_chain_is_clean)
{
	static const pki_key_type_t types[] = { PKI_KEY_EC_P256, PKI_KEY_EC_P384, PKI_KEY_ED25519 };

	for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		pki_key_t *rk = NULL, *ik = NULL, *lk = NULL;
		pki_cert_t *root = NULL, *mid = NULL, *leaf = NULL, *cl = NULL;
		pki_issue_opts_t *o = NULL;
		pki_crl_t *crl = NULL;
		pki_lint_t *l = NULL;

		ok_(pki_key_generate(&rk, types[t], 0, 0));
		ok_(pki_key_generate(&ik, types[t], 0, 0));
		ok_(pki_key_generate(&lk, types[t], 0, 0));
		ok_(pki_cert_self_sign(&root, rk, "CN=Lint Root,O=libpki", NULL, 0));
		ok_(pki_issue_opts_new(&o, PKI_PROFILE_INTERMEDIATE, 0));
		/* Shorter than the root's default 3650 days, which started a moment earlier: the
		 * same default would end a second after the root when the clock ticks between
		 * the two (seen under valgrind), and issuance refuses that. */
		ok_(pki_issue_opts_set_days(o, 1825));
		ok_(pki_cert_issue_for_key(&mid, ik, "CN=Lint Sub CA", root, rk, o, 0));
		pki_issue_opts_free(o);
		ok_(pki_issue_opts_new(&o, PKI_PROFILE_SERVER, 0));
		ok_(pki_issue_opts_add_san(o, "DNS:www.example.com"));
		ok_(pki_issue_opts_add_san(o, "IP:192.0.2.7"));
		ok_(pki_cert_issue_for_key(&leaf, lk, "CN=www.example.com", mid, ik, o, 0));
		pki_issue_opts_free(o);
		ok_(pki_issue_opts_new(&o, PKI_PROFILE_CLIENT, 0));
		ok_(pki_issue_opts_add_san(o, "email:alice@example.com"));
		ok_(pki_cert_issue_for_key(&cl, lk, "CN=alice", mid, ik, o, 0));
		pki_issue_opts_free(o);

		expect_clean(root, PKI_VERIFY_PROFILE_RFC5280, 0);
		expect_clean(root, PKI_VERIFY_PROFILE_RFC5280, PKI_LINT_AS_ROOT);
		expect_clean(mid, PKI_VERIFY_PROFILE_RFC5280, 0);
		expect_clean(leaf, PKI_VERIFY_PROFILE_RFC5280, 0);
		expect_clean(cl, PKI_VERIFY_PROFILE_RFC5280, 0);
		/* the inferred positions are the intended ones */
		l = lint_(leaf, PKI_VERIFY_PROFILE_WEBPKI, 0);
		if (types[t] == PKI_KEY_ED25519)
			cr_assert_eq(sev_of(l, "webpki.key.algorithm"), PKI_LINT_ERROR);
		else
			cr_assert_eq(pki_lint_count_severity(l, PKI_LINT_ERROR), 0);
		pki_lint_free(l);

		ok_(pki_crl_create(&crl, mid, ik, NULL, 0));
		ok_(pki_crl_lint(&l, crl, PKI_VERIFY_PROFILE_RFC5280, 0));
		if (pki_lint_count(l))
			dump(l);
		cr_assert_eq(pki_lint_count(l), 0);
		pki_lint_free(l);
		pki_crl_free(crl);

		pki_cert_free(root);
		pki_cert_free(mid);
		pki_cert_free(leaf);
		pki_cert_free(cl);
		pki_key_free(rk);
		pki_key_free(ik);
		pki_key_free(lk);
	}
}

Test(lint, builder_baseline_is_clean)
{
	/* the builder's defaults pass, so each test below breaks exactly one rule */
	fx_t f = fx_();
	spec_t s = good_leaf();
	pki_cert_t *c = build(&s, f.lk, f.root, f.rk);

	expect_clean(f.root, PKI_VERIFY_PROFILE_RFC5280, PKI_LINT_AS_ROOT);
	expect_clean(f.root, PKI_VERIFY_PROFILE_WEBPKI, PKI_LINT_AS_ROOT);
	expect_clean(c, PKI_VERIFY_PROFILE_RFC5280, PKI_LINT_AS_LEAF);
	expect_clean(c, PKI_VERIFY_PROFILE_WEBPKI, PKI_LINT_AS_LEAF);
	pki_cert_free(c);
	fx_free(&f);
}

/* ---- RFC 5280 -------------------------------------------------------------------------- */

Test(rfc5280, serial)
{
	/* GnuTLS refuses to write these serials: fixtures made with openssl */
	static const struct {
		const char *file, *rule;
	} cases[] = {
		{ "leaf-serial-zero.pem", "rfc5280.serial.zero" },
		{ "leaf-serial-negative.pem", "rfc5280.serial.negative" },
		{ "leaf-serial-21-octets.pem", "rfc5280.serial.length" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pki_cert_t *c = fixture(cases[i].file);

		expect_(c, PKI_VERIFY_PROFILE_RFC5280, 0, cases[i].rule, PKI_LINT_ERROR);
		pki_cert_free(c);
	}
	{
		/* 20 octets are fine */
		static const unsigned char twenty[20] = { 0x7f, 2,  3,	4,  5,	6,  7,	8,  9,	10,
							  11,	12, 13, 14, 15, 16, 17, 18, 19, 20 };
		spec_t s = good_leaf();

		s.serial = twenty, s.serial_len = 20;
		leaf_rule(&s, PKI_VERIFY_PROFILE_RFC5280, "rfc5280.serial.length", 0);
	}
}

Test(rfc5280, serial_zero_root_is_a_warning)
{
	/* Go Daddy / Starfield G2 roots have serial 0: a trust anchor is only warned about */
	pki_cert_t *c = fixture("root-serial-zero.pem");

	expect_(c, PKI_VERIFY_PROFILE_RFC5280, 0, "rfc5280.serial.zero", PKI_LINT_WARNING);
	expect_(c, PKI_VERIFY_PROFILE_RFC5280, PKI_LINT_AS_ROOT, "rfc5280.serial.zero",
		PKI_LINT_WARNING);
	expect_(c, PKI_VERIFY_PROFILE_RFC5280, PKI_LINT_AS_LEAF, "rfc5280.serial.zero",
		PKI_LINT_ERROR);
	pki_cert_free(c);
	/* a negative serial is an error even in a trust anchor */
	c = fixture("self-signed-serial-negative.pem");
	expect_(c, PKI_VERIFY_PROFILE_RFC5280, PKI_LINT_AS_ROOT, "rfc5280.serial.negative",
		PKI_LINT_ERROR);
	pki_cert_free(c);
}

Test(rfc5280, key_identifiers)
{
	spec_t s = good_leaf();
	pki_key_t *k = gen();
	pki_cert_t *c;

	s.no_aki = true;
	leaf_rule(&s, PKI_VERIFY_PROFILE_RFC5280, "rfc5280.aki.missing", PKI_LINT_ERROR);
	s = good_leaf();
	s.aki_critical = 1;
	leaf_rule(&s, PKI_VERIFY_PROFILE_RFC5280, "rfc5280.aki.critical", PKI_LINT_ERROR);

	/* a self-signed root may omit the AKI, but a CA needs its SKI */
	{
		spec_t r = { .subject = "CN=R", .ca = 1, .bc_critical = 1, .pathlen = -1,
			     .ku = GNUTLS_KEY_KEY_CERT_SIGN, .ku_critical = 1, .no_san = true,
			     .no_aki = true };

		built_rule(&r, k, NULL, NULL, PKI_VERIFY_PROFILE_RFC5280, PKI_LINT_AS_ROOT,
			   "rfc5280.aki.missing", 0);
		r.no_ski = true;
		c = build(&r, k, NULL, NULL);
		expect_root_and_ca(c, "rfc5280.ski.missing", PKI_LINT_ERROR, PKI_LINT_ERROR);
		pki_cert_free(c);
	}
	pki_key_free(k);
}

Test(rfc5280, basic_constraints_and_key_usage)
{
	pki_key_t *k = gen();
	pki_cert_t *c;
	spec_t s = { .subject = "CN=R", .ca = 1, .bc_critical = 0, .pathlen = -1,
		     .ku = GNUTLS_KEY_KEY_CERT_SIGN, .ku_critical = 1, .no_san = true };

	c = build(&s, k, NULL, NULL);
	/* PKITS 4.6.4: an intermediate with non-critical basicConstraints must validate */
	expect_root_and_ca(c, "rfc5280.bc.noncritical", PKI_LINT_ERROR, PKI_LINT_WARNING);
	pki_cert_free(c);

	s.bc_critical = 1;
	s.ku = GNUTLS_KEY_DIGITAL_SIGNATURE;
	built_rule(&s, k, NULL, NULL, PKI_VERIFY_PROFILE_RFC5280, PKI_LINT_AS_ROOT,
		   "rfc5280.ku.ca_without_keycertsign", PKI_LINT_ERROR);

	s.pathlen = 0;
	built_rule(&s, k, NULL, NULL, PKI_VERIFY_PROFILE_RFC5280, PKI_LINT_AS_CA,
		   "rfc5280.bc.pathlen_not_cert_signer", PKI_LINT_ERROR);

	s.ca = -1;
	s.pathlen = -1;
	s.ku = GNUTLS_KEY_KEY_CERT_SIGN;
	built_rule(&s, k, NULL, NULL, PKI_VERIFY_PROFILE_RFC5280, PKI_LINT_AS_ROOT,
		   "rfc5280.bc.missing", PKI_LINT_ERROR);
	pki_key_free(k);

	{
		spec_t l = good_leaf();

		l.ku = GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_KEY_CERT_SIGN;
		leaf_rule(&l, PKI_VERIFY_PROFILE_RFC5280, "rfc5280.ku.keycertsign_not_ca",
			  PKI_LINT_ERROR);
	}
}

Test(rfc5280, subject_alt_name)
{
	spec_t s = good_leaf();

	s.subject = "";
	s.san_critical = 0;
	leaf_rule(&s, PKI_VERIFY_PROFILE_RFC5280, "rfc5280.san.noncritical_empty_subject",
		  PKI_LINT_ERROR);
	s.san_critical = 1;
	leaf_rule(&s, PKI_VERIFY_PROFILE_RFC5280, "rfc5280.san.noncritical_empty_subject", 0);
	s = good_leaf();
	s.subject = "";
	s.no_san = true;
	leaf_rule(&s, PKI_VERIFY_PROFILE_RFC5280, "rfc5280.subject.empty_without_san",
		  PKI_LINT_ERROR);

	s = good_leaf();
	s.dns[0] = "foo_bar.example.com";
	leaf_rule(&s, PKI_VERIFY_PROFILE_RFC5280, "rfc5280.san.dns", PKI_LINT_ERROR);
	s.dns[0] = ".example.com";
	leaf_rule(&s, PKI_VERIFY_PROFILE_RFC5280, "rfc5280.san.dns", PKI_LINT_ERROR);
	s.dns[0] = "8.8.8.8";
	leaf_rule(&s, PKI_VERIFY_PROFILE_RFC5280, "rfc5280.san.dns", PKI_LINT_ERROR);
	s.dns[0] = "*.example.com";
	leaf_rule(&s, PKI_VERIFY_PROFILE_RFC5280, "rfc5280.san.dns", 0);
	s.dns[0] = "foo.*.example.com";
	leaf_rule(&s, PKI_VERIFY_PROFILE_RFC5280, "rfc5280.san.dns", PKI_LINT_ERROR);
}

Test(rfc5280, extended_key_usage)
{
	spec_t s = good_leaf();

	s.eku[0] = NULL;
	s.eku_empty = true;
	leaf_rule(&s, PKI_VERIFY_PROFILE_RFC5280, "rfc5280.eku.empty", PKI_LINT_ERROR);
	s.eku_empty = false;
	leaf_rule(&s, PKI_VERIFY_PROFILE_RFC5280, "rfc5280.eku.empty", 0);
	/* RFC 5280 allows a leaf without EKU (the BR do not: webpki.leaf_eku) */
	leaf_rule(&s, PKI_VERIFY_PROFILE_RFC5280, "webpki.leaf.eku_missing", 0);
}

Test(rfc5280, criticality_of_other_extensions)
{
	/* fixtures: an AIA with one caIssuers URI, policyConstraints requireExplicitPolicy 0 */
	static unsigned char aia[] = { 0x30, 0x1d, 0x30, 0x1b, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05,
				       0x05, 0x07, 0x30, 0x02, 0x86, 0x0f, 'h', 't', 't', 'p',
				       ':', '/', '/', 'c', 'a', '.', 't', 'e', 's', 't', '/' };
	static unsigned char pc[] = { 0x30, 0x03, 0x80, 0x01, 0x00 };
	spec_t s = good_leaf();

	s.extra[0] = (raw_ext_t){ "1.3.6.1.5.5.7.1.1", { aia, sizeof(aia) }, 1 };
	leaf_rule(&s, PKI_VERIFY_PROFILE_RFC5280, "rfc5280.aia.critical", PKI_LINT_ERROR);
	s.extra[0].critical = 0;
	leaf_rule(&s, PKI_VERIFY_PROFILE_RFC5280, "rfc5280.aia.critical", 0);
	leaf_rule(&s, PKI_VERIFY_PROFILE_RFC5280, "rfc5280.aia.malformed", 0);

	{
		fx_t f = fx_();
		spec_t ca = { .subject = "CN=Sub", .ca = 1, .bc_critical = 1, .pathlen = -1,
			      .ku = GNUTLS_KEY_KEY_CERT_SIGN, .ku_critical = 1, .no_san = true };
		pki_cert_t *c;

		ca.extra[0] = (raw_ext_t){ "2.5.29.36", { pc, sizeof(pc) }, 0 };
		c = build(&ca, f.lk, f.root, f.rk);
		/* a MUST, tolerated: PKITS 4.8.6 and others must validate */
		expect_(c, PKI_VERIFY_PROFILE_RFC5280, PKI_LINT_AS_CA,
			"rfc5280.policy_constraints.noncritical", PKI_LINT_WARNING);
		pki_cert_free(c);
		fx_free(&f);
	}
}

Test(rfc5280, name_constraints)
{
	fx_t f = fx_();
	gnutls_x509_name_constraints_t nc;
	gnutls_datum_t der = { NULL, 0 }, v = { (unsigned char *)"example.com", 11 };
	pki_cert_t *c;
	spec_t s = good_leaf();

	cr_assert_eq(gnutls_x509_name_constraints_init(&nc), 0);
	cr_assert_eq(gnutls_x509_name_constraints_add_permitted(nc, GNUTLS_SAN_DNSNAME, &v), 0);
	cr_assert_eq(gnutls_x509_ext_export_name_constraints(nc, &der), 0);
	gnutls_x509_name_constraints_deinit(nc);

	/* in a leaf: refused, critical or not */
	s.extra[0] = (raw_ext_t){ "2.5.29.30", der, 1 };
	built_rule(&s, f.lk, f.root, f.rk, PKI_VERIFY_PROFILE_RFC5280, PKI_LINT_AS_LEAF,
		   "rfc5280.nc.not_ca", PKI_LINT_ERROR);

	/* in a CA: must be critical under RFC 5280; the BR allow it non-critical */
	{
		spec_t ca = { .subject = "CN=Sub", .ca = 1, .bc_critical = 1, .pathlen = -1,
			      .ku = GNUTLS_KEY_KEY_CERT_SIGN, .ku_critical = 1, .no_san = true };

		ca.extra[0] = (raw_ext_t){ "2.5.29.30", der, 0 };
		c = build(&ca, f.lk, f.root, f.rk);
		expect_(c, PKI_VERIFY_PROFILE_RFC5280, PKI_LINT_AS_CA, "rfc5280.nc.noncritical",
			PKI_LINT_ERROR);
		expect_(c, PKI_VERIFY_PROFILE_WEBPKI, PKI_LINT_AS_CA, "rfc5280.nc.noncritical", 0);
		expect_(c, PKI_VERIFY_PROFILE_RFC5280, PKI_LINT_AS_CA, "rfc5280.nc.not_ca", 0);
		pki_cert_free(c);
	}
	gnutls_free(der.data);
	fx_free(&f);
}

/* ---- CA/Browser Forum ------------------------------------------------------------------ */

Test(webpki, leaf_eku)
{
	spec_t s = good_leaf();

	s.eku[0] = NULL;
	leaf_rule(&s, PKI_VERIFY_PROFILE_WEBPKI, "webpki.leaf.eku_missing", PKI_LINT_ERROR);
	leaf_rule(&s, PKI_VERIFY_PROFILE_RFC5280, "webpki.leaf.eku_missing", 0);
	s = good_leaf();
	s.eku[1] = GNUTLS_KP_ANY;
	leaf_rule(&s, PKI_VERIFY_PROFILE_WEBPKI, "webpki.leaf.eku_any", PKI_LINT_ERROR);
	s = good_leaf();
	s.eku_critical = 1;
	leaf_rule(&s, PKI_VERIFY_PROFILE_WEBPKI, "webpki.leaf.eku_critical", PKI_LINT_ERROR);
}

Test(webpki, root_eku)
{
	pki_key_t *k = gen();
	spec_t s = { .subject = "CN=R", .ca = 1, .bc_critical = 1, .pathlen = -1,
		     .ku = GNUTLS_KEY_KEY_CERT_SIGN, .ku_critical = 1, .no_san = true,
		     .eku = { GNUTLS_KP_TLS_WWW_SERVER, NULL } };
	pki_cert_t *c = build(&s, k, NULL, NULL);

	expect_(c, PKI_VERIFY_PROFILE_WEBPKI, PKI_LINT_AS_ROOT, "webpki.root.eku", PKI_LINT_ERROR);
	expect_(c, PKI_VERIFY_PROFILE_RFC5280, PKI_LINT_AS_ROOT, "webpki.root.eku", 0);
	pki_cert_free(c);
	pki_key_free(k);
}

Test(webpki, wildcards_and_names)
{
	spec_t s = good_leaf();

	s.dns[0] = "*.com";
	s.subject = "CN=*.com";
	leaf_rule(&s, PKI_VERIFY_PROFILE_WEBPKI, "webpki.san.wildcard_public_suffix",
		  PKI_LINT_ERROR);
	s.dns[0] = "*.co.uk";
	s.subject = "CN=*.co.uk";
	leaf_rule(&s, PKI_VERIFY_PROFILE_WEBPKI, "webpki.san.wildcard_public_suffix",
		  PKI_LINT_ERROR);
	s.dns[0] = "*.example.co.uk";
	s.subject = "CN=*.example.co.uk";
	leaf_rule(&s, PKI_VERIFY_PROFILE_WEBPKI, "webpki.san.wildcard_public_suffix", 0);
	leaf_rule(&s, PKI_VERIFY_PROFILE_WEBPKI, "webpki.cn.not_in_san", 0);

	s = good_leaf();
	s.subject = "CN=Leaf.Example.com";
	leaf_rule(&s, PKI_VERIFY_PROFILE_WEBPKI, "webpki.cn.not_in_san", PKI_LINT_ERROR);
	leaf_rule(&s, PKI_VERIFY_PROFILE_RFC5280, "webpki.cn.not_in_san", 0);

	s = good_leaf();
	s.no_san = true;
	leaf_rule(&s, PKI_VERIFY_PROFILE_WEBPKI, "webpki.san.missing", PKI_LINT_ERROR);
	s = good_leaf();
	s.san_critical = 1;
	leaf_rule(&s, PKI_VERIFY_PROFILE_WEBPKI, "webpki.san.critical", PKI_LINT_ERROR);
}

Test(webpki, leaf_that_is_a_ca)
{
	spec_t s = good_leaf();

	s.ca = 1;
	leaf_rule(&s, PKI_VERIFY_PROFILE_WEBPKI, "webpki.leaf.ca", PKI_LINT_ERROR);
	leaf_rule(&s, PKI_VERIFY_PROFILE_RFC5280, "webpki.leaf.ca", 0);
}

Test(webpki, weak_rsa_key)
{
	gnutls_x509_privkey_t xk;
	gnutls_datum_t der = { NULL, 0 };
	pki_key_t *k = NULL;
	fx_t f = fx_();
	spec_t s = good_leaf();
	pki_cert_t *c;

	cr_assert_eq(gnutls_x509_privkey_init(&xk), 0);
	cr_assert_eq(gnutls_x509_privkey_generate(xk, GNUTLS_PK_RSA, 1024, 0), 0);
	cr_assert_eq(gnutls_x509_privkey_export2(xk, GNUTLS_X509_FMT_DER, &der), 0);
	ok_(pki_key_import(&k, der.data, der.size, NULL, 0));
	gnutls_free(der.data);
	gnutls_x509_privkey_deinit(xk);

	c = build(&s, k, f.root, f.rk);
	expect_(c, PKI_VERIFY_PROFILE_WEBPKI, PKI_LINT_AS_LEAF, "webpki.key.rsa_size",
		PKI_LINT_ERROR);
	expect_(c, PKI_VERIFY_PROFILE_RFC5280, PKI_LINT_AS_LEAF, "webpki.key.rsa_size", 0);
	pki_cert_free(c);
	pki_key_free(k);
	fx_free(&f);
}

Test(webpki, long_validity_is_a_warning)
{
	spec_t s = good_leaf();

	s.days = 800;
	leaf_rule(&s, PKI_VERIFY_PROFILE_WEBPKI, "webpki.validity.too_long", PKI_LINT_WARNING);
	s.days = 397;
	leaf_rule(&s, PKI_VERIFY_PROFILE_WEBPKI, "webpki.validity.too_long", 0);
}

/* ---- output ---------------------------------------------------------------------------- */

Test(lint, findings_escape_certificate_text)
{
	/* a dNSName with a terminal escape sequence and a newline (fixture: Python cryptography
	 * writes it, GnuTLS does not) */
	pki_cert_t *c = fixture("leaf-san-dns-control-chars.pem");
	pki_lint_t *l = lint_(c, PKI_VERIFY_PROFILE_RFC5280, 0);
	const char *text = NULL, *r = NULL;
	char *js = NULL;
	int n = pki_lint_count(l);

	cr_assert_eq(sev_of(l, "rfc5280.san.dns"), PKI_LINT_ERROR);
	for (int i = 0; i < n; i++) {
		pki_lint_finding(&r, NULL, &text, l, (unsigned)i);
		if (!strcmp(r, "rfc5280.san.dns"))
			break;
	}
	cr_assert_not_null(text);
	cr_assert_not_null(strstr(text, "a\\x1b[2J\\x0ab.example.com"), "%s", text);
	for (const char *p = text; *p; p++)
		cr_assert(*p >= 0x20 && *p < 0x7f);
	ok_(pki_lint_to_json(&js, l, 0));
	for (const char *p = js; *p; p++)
		cr_assert(*p >= 0x20 && *p < 0x7f);
	pki_free(js);
	pki_lint_free(l);
	pki_cert_free(c);
}

/* ---- CRLs ------------------------------------------------------------------------------ */

Test(lint, crl_rules)
{
	fx_t f = fx_();
	gnutls_x509_crl_t crl;
	gnutls_x509_crt_t ca = gcert_of(f.root);
	gnutls_privkey_t pk = gcert_privkey_of(f.rk);
	gnutls_datum_t d = { NULL, 0 };
	pki_crl_t *pc = NULL;
	pki_lint_t *l = NULL;
	const time_t now = (time_t)TEST_NOW;
	int found = 0;

	/* a v2 CRL with no nextUpdate, no AKI and no CRL number */
	cr_assert_eq(gnutls_x509_crl_init(&crl), 0);
	cr_assert_eq(gnutls_x509_crl_set_version(crl, 2), 0);
	cr_assert_eq(gnutls_x509_crl_set_this_update(crl, now), 0);
	cr_assert_eq(gnutls_x509_crl_privkey_sign(crl, ca, pk, GNUTLS_DIG_SHA256, 0), 0);
	cr_assert_eq(gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_DER, &d), 0);
	ok_(pki_crl_import(&pc, d.data, d.size, 0));
	ok_(pki_crl_lint(&l, pc, PKI_VERIFY_PROFILE_RFC5280, 0));
	for (int i = 0; i < pki_lint_count(l); i++) {
		const char *r;

		cr_assert_eq(pki_lint_finding(&r, NULL, NULL, l, (unsigned)i), PKI_LINT_ERROR);
		found += !strcmp(r, "rfc5280.crl.next_update.missing") +
			 !strcmp(r, "rfc5280.crl.aki.missing") +
			 !strcmp(r, "rfc5280.crl.number.missing");
	}
	cr_assert_eq(found, 3);
	pki_lint_free(l);
	fails_(PKI_E_INVALID_ARG, pki_crl_lint(&l, pc, PKI_VERIFY_PROFILE_RFC5280, 1));
	cr_assert_null(l);
	pki_crl_free(pc);
	gnutls_free(d.data);
	gnutls_x509_crl_deinit(crl);
	gnutls_x509_crt_deinit(ca);
	gnutls_privkey_deinit(pk);
	fx_free(&f);
}
