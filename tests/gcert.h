/*
 * Certificates made with GnuTLS directly, for the name-constraint and policy tests: libpki's
 * issuance does not write dirName/URI/otherName constraints, policy mappings, policy
 * constraints or inhibitAnyPolicy, and must not be the only judge of what it verifies. Each
 * certificate gets an EC P-256 key, a random serial, SKI/AKI, a validity around TEST_NOW (the
 * fixed clock of helpers.h, which every file including this one uses, so that it agrees with
 * libpki's and GnuTLS's), and whatever extensions the test's callback adds. Extension values
 * that GnuTLS has no setter for are written as the DER the test spells out.
 */
#ifndef PKI_TEST_GCERT_H
#define PKI_TEST_GCERT_H

#include "helpers.h"

#ifndef PKI_TEST_FIXED_CLOCK
#error "gcert.h dates its certificates at TEST_NOW: define PKI_TEST_FIXED_CLOCK before helpers.h"
#endif

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <time.h>

typedef struct {
	gnutls_x509_privkey_t key;
	gnutls_x509_crt_t crt;
	pki_cert_t *cert; /* the same certificate as libpki sees it */
} gcert_t;

/* An independent GnuTLS view of a libpki certificate (gnutls_x509_crt_deinit). */
static inline gnutls_x509_crt_t gcert_of(const pki_cert_t *c)
{
	unsigned char *der = NULL;
	size_t n = 0;
	gnutls_x509_crt_t crt;
	gnutls_datum_t d;

	ok_(pki_cert_export(&der, &n, c, PKI_FORMAT_DER, 0));
	d.data = der;
	d.size = (unsigned)n;
	cr_assert_eq(gnutls_x509_crt_init(&crt), 0);
	cr_assert_eq(gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER), 0);
	pki_free(der);
	return crt;
}

/* A GnuTLS private key holding the same key as @p key (gnutls_privkey_deinit). */
static inline gnutls_privkey_t gcert_privkey_of(const pki_key_t *key)
{
	unsigned char *der = NULL;
	size_t n = 0;
	gnutls_privkey_t pk;
	gnutls_datum_t d;

	ok_(pki_key_export(&der, &n, key, PKI_FORMAT_DER, NULL, 0));
	d.data = der;
	d.size = (unsigned)n;
	cr_assert_eq(gnutls_privkey_init(&pk), 0);
	cr_assert_eq(gnutls_privkey_import_x509_raw(pk, &d, GNUTLS_X509_FMT_DER, NULL, 0), 0);
	pki_free(der);
	return pk;
}

/* A GnuTLS public key holding the public half of the private key @p key (gnutls_pubkey_deinit). */
static inline gnutls_pubkey_t gcert_pubkey_of(const pki_key_t *key)
{
	gnutls_privkey_t pk = gcert_privkey_of(key);
	gnutls_pubkey_t pub;

	cr_assert_eq(gnutls_pubkey_init(&pub), 0);
	cr_assert_eq(gnutls_pubkey_import_privkey(pub, pk, 0, 0), 0);
	gnutls_privkey_deinit(pk);
	return pub;
}

typedef void (*gcert_ext_fn)(gnutls_x509_crt_t crt, const void *arg);

/* Make a certificate for @p dn (RFC 4514) issued by @p issuer (NULL: self-signed); @p ca for a
 * CA (basicConstraints CA:TRUE, keyCertSign), else a TLS server leaf (digitalSignature,
 * serverAuth). @p ext (may be NULL) adds extensions. */
static inline gcert_t gcert(const char *dn, const gcert_t *issuer, bool ca, gcert_ext_fn ext,
			    const void *arg)
{
	gcert_t g = { NULL, NULL, NULL };
	gnutls_datum_t der = { NULL, 0 };
	unsigned char serial[16], id[64];
	size_t id_n = sizeof(id);
	const char *err = NULL;
	const time_t now = (time_t)TEST_NOW;

	cr_assert_eq(gnutls_x509_privkey_init(&g.key), 0);
	cr_assert_eq(gnutls_x509_privkey_generate(g.key, GNUTLS_PK_ECDSA,
						  GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0),
		     0);
	cr_assert_eq(gnutls_x509_crt_init(&g.crt), 0);
	gnutls_x509_crt_set_version(g.crt, 3);
	cr_assert_eq(gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof(serial)), 0);
	serial[0] = (unsigned char)((serial[0] & 0x3f) | 0x10);
	cr_assert_eq(gnutls_x509_crt_set_serial(g.crt, serial, sizeof(serial)), 0);
	cr_assert_eq(gnutls_x509_crt_set_dn(g.crt, dn, &err), 0, "%s: %s", dn, err ? err : "?");
	gnutls_x509_crt_set_activation_time(g.crt, now - 3600);
	gnutls_x509_crt_set_expiration_time(g.crt, now + 30 * 86400);
	cr_assert_eq(gnutls_x509_crt_set_key(g.crt, g.key), 0);
	cr_assert_eq(gnutls_x509_crt_set_basic_constraints(g.crt, ca ? 1 : 0, -1), 0);
	cr_assert_eq(gnutls_x509_crt_set_key_usage(
			     g.crt, ca ? GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN
				       : GNUTLS_KEY_DIGITAL_SIGNATURE),
		     0);
	if (!ca)
		cr_assert_eq(gnutls_x509_crt_set_key_purpose_oid(g.crt, GNUTLS_KP_TLS_WWW_SERVER, 0),
			     0);
	cr_assert_eq(gnutls_x509_crt_get_key_id(g.crt, 0, id, &id_n), 0);
	cr_assert_eq(gnutls_x509_crt_set_subject_key_id(g.crt, id, id_n), 0);
	if (issuer) {
		id_n = sizeof(id);
		cr_assert_eq(gnutls_x509_crt_get_subject_key_id(issuer->crt, id, &id_n, NULL), 0);
		cr_assert_eq(gnutls_x509_crt_set_authority_key_id(g.crt, id, id_n), 0);
	}
	if (ext)
		ext(g.crt, arg);
	cr_assert_eq(gnutls_x509_crt_sign2(g.crt, issuer ? issuer->crt : g.crt,
					   issuer ? issuer->key : g.key, GNUTLS_DIG_SHA256, 0),
		     0);
	cr_assert_eq(gnutls_x509_crt_export2(g.crt, GNUTLS_X509_FMT_DER, &der), 0);
	ok_(pki_cert_import(&g.cert, der.data, der.size, 0));
	gnutls_free(der.data);
	return g;
}

static inline void gcert_free(gcert_t *g)
{
	pki_cert_free(g->cert);
	gnutls_x509_crt_deinit(g->crt);
	gnutls_x509_privkey_deinit(g->key);
	memset(g, 0, sizeof(*g));
}

/* Add an extension from its DER value. */
static inline void gcert_raw_ext(gnutls_x509_crt_t crt, const char *oid, const void *der,
				 size_t n, bool critical)
{
	cr_assert_eq(gnutls_x509_crt_set_extension_by_oid(crt, oid, der, n, critical ? 1 : 0), 0);
}

/* The DER of an RFC 4514 name (gnutls_free). */
static inline gnutls_datum_t gcert_dn_der(const char *s)
{
	gnutls_x509_dn_t dn;
	gnutls_datum_t d = { NULL, 0 };
	const char *err = NULL;

	cr_assert_eq(gnutls_x509_dn_init(&dn), 0);
	cr_assert_eq(gnutls_x509_dn_set_str(dn, s, &err), 0, "%s: %s", s, err ? err : "?");
	cr_assert_eq(gnutls_x509_dn_export2(dn, GNUTLS_X509_FMT_DER, &d), 0);
	gnutls_x509_dn_deinit(dn);
	return d;
}

/* Verify @p leaf against the anchor @p root with the untrusted @p inter (NULL: none) and
 * options @p o (NULL: defaults). */
static inline pki_verify_result_t *gcert_verify(const gcert_t *leaf, const gcert_t *root,
						const gcert_t *inter, const gcert_t *inter2,
						pki_verify_opts_t *o)
{
	pki_trust_t *t = NULL;
	pki_verify_opts_t *own = NULL;
	pki_chain_t *ch = NULL;
	pki_verify_result_t *r = NULL;
	int rc;

	ok_(pki_trust_new(&t, 0));
	cr_assert_eq(pki_trust_add_cert(t, root->cert, 0), 1);
	if (!o) {
		ok_(pki_verify_opts_new(&own, 0));
		o = own;
	}
	if (inter || inter2) {
		ok_(pki_chain_new(&ch, 0));
		if (inter)
			ok_(pki_chain_add(ch, inter->cert, 0));
		if (inter2)
			ok_(pki_chain_add(ch, inter2->cert, 0));
		ok_(pki_verify_opts_add_untrusted(o, ch));
		pki_chain_free(ch);
	}
	rc = pki_cert_verify(&r, leaf->cert, t, o, 0);
	cr_assert(rc == 0 || rc == PKI_E_VERIFY, "pki_cert_verify -> %d (%s)", rc,
		  pki_error_detail());
	cr_assert_not_null(r);
	pki_verify_opts_free(own);
	pki_trust_free(t);
	return r;
}

/* All reasons of @p r in one string, for assertion messages. */
static inline void gcert_reasons(char *all, size_t len, const pki_verify_result_t *r)
{
	int n = pki_verify_result_reason_count(r);

	all[0] = '\0';
	for (int i = 0; i < n; i++) {
		const char *msg = NULL;
		int idx = -2;
		int code = pki_verify_result_reason(&msg, &idx, r, (unsigned)i);

		snprintf(all + strlen(all), len - strlen(all), "[%s@%d] %s | ",
			 pki_verify_reason_name(code) ? pki_verify_reason_name(code) : "?", idx,
			 msg ? msg : "");
	}
}

/* The result is valid. */
static inline void gcert_expect_valid(pki_verify_result_t *r)
{
	char all[4096];

	gcert_reasons(all, sizeof(all), r);
	cr_assert(pki_verify_result_valid(r), "expected valid: %s", all);
	pki_verify_result_free(r);
}

/* The result is invalid with reason @p code at @p index whose text contains @p t1 and @p t2
 * (NULL: anything). */
static inline void gcert_expect_reason(pki_verify_result_t *r, int code, int index,
				       const char *t1, const char *t2)
{
	char all[4096];
	bool found = false;
	int n = pki_verify_result_reason_count(r);

	gcert_reasons(all, sizeof(all), r);
	cr_assert_not(pki_verify_result_valid(r), "expected %s, got valid",
		      pki_verify_reason_name(code));
	for (int i = 0; i < n; i++) {
		const char *msg = NULL;
		int idx = -2;
		int got = pki_verify_result_reason(&msg, &idx, r, (unsigned)i);

		if (got == code && idx == index && msg && (!t1 || strstr(msg, t1)) &&
		    (!t2 || strstr(msg, t2)))
			found = true;
	}
	cr_assert(found, "reason %s at %d with \"%s\" / \"%s\" not found in: %s",
		  pki_verify_reason_name(code), index, t1 ? t1 : "", t2 ? t2 : "", all);
	pki_verify_result_free(r);
}

#endif
