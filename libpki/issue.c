/*
 * libpki — issuing certificates: the issuer's checks, the subject key, validity, serial,
 * the profile's extensions and signing (options: issue-opts.c; names: issue-sans.c).
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "internal.h"

#include "issue-int.h"

#include "ext-int.h"

#include <gnutls/x509-ext.h>

#include <string.h>
#include <time.h>

#define SERIAL_MAX_BYTES 20     /* RFC 5280 4.1.2.2: at most 20 octets */
#define SERIAL_DEFAULT_BYTES 16 /* 127 bits of entropy once the top bit is cleared */
#define SECONDS_PER_DAY INT64_C(86400)

/* ---------------------------------------------------------------------------------------- */
/* Issuance                                                                                  */

/* What a certificate is issued for: a request, or a bare key with a subject. */
struct subject_in {
	gnutls_x509_crq_t crq;  /* a request, or NULL */
	const pki__sans_t *crq_sans; /* the request handle's decoded SANs */
	gnutls_pubkey_t pub;    /* the subject's public key (from the request or the key) */
	const char *subject;    /* for a bare key */
};

/* What signs it: struct pki__issuer_in (issue-int.h), shared with the prepared issuer. */
#define issuer_in pki__issuer_in

/* The subject key must be of a supported type and not weak. */
static int check_subject_key(gnutls_pubkey_t pub)
{
	unsigned bits = 0;
	int pk = gnutls_pubkey_get_pk_algorithm(pub, &bits);

	/* An RSA-PSS key (id-RSASSA-PSS, RFC 4055) may be certified: it only signs. */
	if (pki__key_type_of(pub) == PKI_KEY_UNKNOWN && pk != GNUTLS_PK_RSA_PSS)
		return pki__fail(PKI_E_UNSUPPORTED, "unsupported subject key algorithm %s (%u bits)",
				 gnutls_pk_get_name(pk) ? gnutls_pk_get_name(pk) : "unknown", bits);
	if ((pk == GNUTLS_PK_RSA || pk == GNUTLS_PK_RSA_PSS) && bits < PKI_RSA_MIN_BITS)
		return pki__fail(PKI_E_WEAK,
				 "the subject's RSA key has %u bits; keys shorter than %d bits are "
				 "refused",
				 bits, PKI_RSA_MIN_BITS);
	return 0;
}

/*
 * The issuer must be a CA allowed to sign certificates, and @p key must be its key: checked
 * once per issuer (pki_cert_issue prepares one per call, pki_issuer_t once for many).
 */
int pki__issuer_check(struct pki__issuer_in *is, gnutls_x509_crt_t crt, const pki_key_t *key)
{
	gnutls_pubkey_t capub;
	unsigned critical = 0, ku = 0;
	int ca, pathlen = -1, ret;
	bool eq;

	memset(is, 0, sizeof(*is));
	is->crt = crt;
	is->key = key;
	is->path_len = -1;
	if (!key->priv)
		return pki__fail(PKI_E_NO_PRIVATE_KEY, "the CA key handle holds only a public key");
	ca = gnutls_x509_crt_get_basic_constraints(crt, &critical, NULL, &pathlen);
	if (ca == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return pki__fail(PKI_E_NOT_CA,
				 "the issuer certificate has no basicConstraints extension: it is "
				 "not a CA");
	if (ca < 0)
		return pki__fail_gnutls(PKI_E_NOT_CA, ca,
					"cannot read the issuer's basicConstraints extension");
	if (ca == 0)
		return pki__fail(PKI_E_NOT_CA, "the issuer certificate is not a CA (CA:FALSE)");
	ret = gnutls_x509_crt_get_key_usage(crt, &ku, &critical);
	if (ret >= 0 && !(ku & GNUTLS_KEY_KEY_CERT_SIGN))
		return pki__fail(PKI_E_NOT_CA,
				 "the issuer's key usage does not include keyCertSign");
	if (ret < 0 && ret != GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return pki__fail_gnutls(PKI_E_NOT_CA, ret, "cannot read the issuer's key usage");
	is->path_len = pathlen;

	ret = gnutls_pubkey_init(&capub);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "cannot allocate a key");
	ret = gnutls_pubkey_import_x509(capub, crt, 0);
	if (ret < 0) {
		gnutls_pubkey_deinit(capub);
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_UNSUPPORTED), ret,
					"cannot read the issuer certificate's public key");
	}
	ret = pki__pubkey_equal(capub, key->pub, &eq);
	if (ret >= 0 && !eq)
		ret = pki__fail(PKI_E_KEY_MISMATCH, "the CA key is not the key of the CA certificate");
	/* The authorityKeyIdentifier of what it issues: its own SKI, computed when absent. */
	if (ret >= 0) {
		is->aki_len = sizeof(is->aki);
		ret = gnutls_x509_crt_get_subject_key_id(crt, is->aki, &is->aki_len, &critical);
		if (ret < 0 || is->aki_len == 0) {
			ret = pki__key_sha1_id(is->aki, capub);
			is->aki_len = 20;
		}
	}
	if (ret >= 0)
		ret = pki__key_sha1_id(is->key_id, capub);
	gnutls_pubkey_deinit(capub);
	if (ret < 0)
		return ret;
	is->not_after = (int64_t)gnutls_x509_crt_get_expiration_time(crt);
	if (is->not_after == -1)
		return pki__fail(PKI_E_VALIDITY, "cannot read the issuer's notAfter");
	return 0;
}

void pki__issuer_clear(struct pki__issuer_in *is)
{
	memset(is, 0, sizeof(*is)); /* nothing is allocated today; callers still call it */
}

/* The validity period asked for, relative to @p now. */
static void validity_of(const pki_issue_opts_t *o, time_t now, int64_t *nb, int64_t *na)
{
	unsigned days;

	if (o->validity == VALIDITY_EXPLICIT) {
		*nb = o->not_before;
		*na = o->not_after;
		return;
	}
	days = o->validity == VALIDITY_DAYS ? o->days
	       : pki__is_ca_profile(o->profile)  ? PKI_DEFAULT_CA_DAYS
					    : PKI_DEFAULT_LEAF_DAYS;
	/*
	 * notBefore is backdated by PKI_CLOCK_SKEW_SECONDS so that a peer whose clock is a few
	 * minutes behind ours does not reject a certificate issued just now as "not yet valid";
	 * notAfter counts the days from that same instant, so the period is exactly @p days days
	 * (397 stays within the CA/Browser Forum's 398-day limit).
	 */
	*nb = (int64_t)now - PKI_CLOCK_SKEW_SECONDS;
	*na = *nb + (int64_t)days * SECONDS_PER_DAY;
}

static int set_serial(gnutls_x509_crt_t crt, const pki_issue_opts_t *o)
{
	unsigned char serial[SERIAL_DEFAULT_BYTES];
	int ret;

	if (o->serial_len) {
		ret = gnutls_x509_crt_set_serial(crt, o->serial, o->serial_len);
	} else {
		/*
		 * Clearing the top bit keeps the DER INTEGER positive without a padding byte; a
		 * non-zero first byte keeps the encoded length at exactly 16 bytes.
		 */
		do {
			ret = gnutls_rnd(GNUTLS_RND_RANDOM, serial, sizeof(serial));
			if (ret < 0)
				return pki__fail_gnutls(PKI_E_CRYPTO, ret,
							"random generator failed");
			serial[0] &= 0x7f;
		} while (serial[0] == 0);
		ret = gnutls_x509_crt_set_serial(crt, serial, sizeof(serial));
	}
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot set the serial number");
	return 0;
}

/* The key usage of the profile for a subject key of algorithm @p pk (GNUTLS_PK_*). */
static unsigned profile_ku(pki_profile_t profile, int pk)
{
	switch (profile) {
	case PKI_PROFILE_CA:
	case PKI_PROFILE_INTERMEDIATE:
		return PKI_KU_KEY_CERT_SIGN | PKI_KU_CRL_SIGN;
	case PKI_PROFILE_SERVER:
	case PKI_PROFILE_SERVER_CLIENT:
		/* TLS 1.2 RSA key exchange encrypts to a server's RSA key. */
		return PKI_KU_DIGITAL_SIGNATURE | (pk == GNUTLS_PK_RSA ? PKI_KU_KEY_ENCIPHERMENT : 0);
	case PKI_PROFILE_EMAIL:
		/* S/MIME encrypts to the recipient: key transport (RSA) or ECDH (EC). */
		return PKI_KU_DIGITAL_SIGNATURE |
		       (pk == GNUTLS_PK_RSA	? PKI_KU_KEY_ENCIPHERMENT
			: pk == GNUTLS_PK_ECDSA ? PKI_KU_KEY_AGREEMENT
						: 0);
	default:
		return PKI_KU_DIGITAL_SIGNATURE;
	}
}

/*
 * The usages asked for must fit the certificate (RFC 5280 4.2.1.3, RFC 3161 2.3) and what the
 * key can do; PKI_E_USAGE names the contradiction.
 */
static int check_usage(const pki_issue_opts_t *o, unsigned ku, int pk)
{
	bool ca = pki__is_ca_profile(o->profile);
	bool can_encrypt = pk == GNUTLS_PK_RSA, can_agree = pk == GNUTLS_PK_ECDSA;

	if ((ku & PKI_KU_KEY_CERT_SIGN) && !ca)
		return pki__fail(PKI_E_USAGE,
				 "keyCertSign is for CA certificates, not for a %s certificate "
				 "(RFC 5280 4.2.1.9)",
				 pki__profile_name(o->profile));
	if (ca && !(ku & PKI_KU_KEY_CERT_SIGN))
		return pki__fail(PKI_E_USAGE, "a CA certificate needs keyCertSign in its key usage");
	if ((ku & (PKI_KU_KEY_ENCIPHERMENT | PKI_KU_DATA_ENCIPHERMENT)) && !can_encrypt)
		return pki__fail(PKI_E_USAGE,
				 "keyEncipherment and dataEncipherment need an RSA key: the "
				 "subject's %s key cannot encrypt",
				 gnutls_pk_get_name((gnutls_pk_algorithm_t)pk));
	if ((ku & PKI_KU_KEY_AGREEMENT) && !can_agree)
		return pki__fail(PKI_E_USAGE,
				 "keyAgreement needs an EC (ECDH) key; the subject key is %s",
				 gnutls_pk_get_name((gnutls_pk_algorithm_t)pk));
	if ((ku & (PKI_KU_ENCIPHER_ONLY | PKI_KU_DECIPHER_ONLY)) && !(ku & PKI_KU_KEY_AGREEMENT))
		return pki__fail(PKI_E_USAGE, "encipherOnly and decipherOnly need keyAgreement");
	if ((ku & PKI_KU_ENCIPHER_ONLY) && (ku & PKI_KU_DECIPHER_ONLY))
		return pki__fail(PKI_E_USAGE, "encipherOnly and decipherOnly exclude each other");
	if (o->profile == PKI_PROFILE_TIMESTAMPING && o->ekus &&
	    (o->n_ekus != 1 || strcmp(o->ekus[0], GNUTLS_KP_TIME_STAMPING) != 0))
		return pki__fail(PKI_E_USAGE,
				 "a time-stamping certificate has timeStamping as its only extended "
				 "key usage (RFC 3161 2.3)");
	return 0;
}

static int set_profile_extensions(gnutls_x509_crt_t crt, const pki_issue_opts_t *o,
				  gnutls_pubkey_t subject_pub)
{
	int pk = gnutls_pubkey_get_pk_algorithm(subject_pub, NULL);
	unsigned ku = o->ku ? o->ku : profile_ku(o->profile, pk);
	/* RFC 3161 2.3: the TSA's extended key usage MUST be critical. */
	unsigned eku_critical = o->profile == PKI_PROFILE_TIMESTAMPING;
	const char *const *ekus;
	int ret;

	if ((ret = check_usage(o, ku, pk)) < 0)
		return ret;
	ret = pki__is_ca_profile(o->profile) ? gnutls_x509_crt_set_basic_constraints(crt, 1, o->path_len)
					: gnutls_x509_crt_set_basic_constraints(crt, 0, -1);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot set basicConstraints");
	/* GnuTLS marks basicConstraints and keyUsage critical. */
	ret = gnutls_x509_crt_set_key_usage(crt, pki__ku_to_gnutls(ku));
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot set keyUsage");
	if (o->ekus) {
		for (size_t i = 0; i < o->n_ekus; i++)
			if ((ret = gnutls_x509_crt_set_key_purpose_oid(crt, o->ekus[i],
								      eku_critical)) < 0)
				return pki__fail_gnutls(PKI_E_CRYPTO, ret,
							"cannot set extendedKeyUsage %s",
							o->ekus[i]);
		return 0;
	}
	ekus = pki__profile_ekus(o->profile);
	for (size_t k = 0; k < 3 && ekus[k]; k++)
		if ((ret = gnutls_x509_crt_set_key_purpose_oid(crt, ekus[k], eku_critical)) < 0)
			return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot set extendedKeyUsage");
	return 0;
}

static int set_key_ids(gnutls_x509_crt_t crt, const unsigned char ski[20],
		       const struct issuer_in *is)
{
	int ret = gnutls_x509_crt_set_subject_key_id(crt, ski, 20);

	if (ret < 0)
		return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot set subjectKeyIdentifier");
	/* Self-signed: its own SKI; else the issuer's (pki__issuer_check read or computed it). */
	ret = is->crt ? gnutls_x509_crt_set_authority_key_id(crt, is->aki, is->aki_len)
		      : gnutls_x509_crt_set_authority_key_id(crt, ski, 20);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot set authorityKeyIdentifier");
	return 0;
}

static int set_name_constraints(gnutls_x509_crt_t crt, const pki_issue_opts_t *o)
{
	gnutls_x509_name_constraints_t nc;
	int ret;

	if (o->n_ncs == 0)
		return 0;
	ret = gnutls_x509_name_constraints_init(&nc);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "out of memory");
	for (size_t i = 0; i < o->n_ncs && ret >= 0; i++) {
		gnutls_datum_t d = { o->ncs[i].data, o->ncs[i].size };

		ret = o->ncs[i].permitted
			      ? gnutls_x509_name_constraints_add_permitted(nc, o->ncs[i].type, &d)
			      : gnutls_x509_name_constraints_add_excluded(nc, o->ncs[i].type, &d);
	}
	/* RFC 5280 4.2.1.10: conforming CAs MUST mark this extension critical. */
	if (ret >= 0)
		ret = gnutls_x509_crt_set_name_constraints(crt, nc, 1);
	gnutls_x509_name_constraints_deinit(nc);
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot set the name constraints");
	return 0;
}

static int set_urls(gnutls_x509_crt_t crt, const pki_issue_opts_t *o)
{
	int ret;

	for (size_t i = 0; i < o->n_crl_urls; i++) {
		ret = gnutls_x509_crt_set_crl_dist_points2(crt, GNUTLS_SAN_URI, o->crl_urls[i],
							   (unsigned)strlen(o->crl_urls[i]), 0);
		if (ret < 0)
			return pki__fail_gnutls(PKI_E_CRYPTO, ret,
						"cannot set the CRL distribution point %s",
						o->crl_urls[i]);
	}
	for (size_t i = 0; i < o->n_ocsp_urls + o->n_ca_issuers_urls; i++) {
		bool ocsp = i < o->n_ocsp_urls;
		char *url = ocsp ? o->ocsp_urls[i] : o->ca_issuers_urls[i - o->n_ocsp_urls];
		gnutls_datum_t d = { (unsigned char *)url, (unsigned)strlen(url) };

		ret = gnutls_x509_crt_set_authority_info_access(
			crt, ocsp ? GNUTLS_IA_OCSP_URI : GNUTLS_IA_CAISSUERS_URI, &d);
		if (ret < 0)
			return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot set the %s URL %s",
						ocsp ? "OCSP" : "caIssuers", url);
	}
	return 0;
}

/* Write @p der as the critical extension @p oid of @p crt (@p what names it in the error),
 * then free it. */
static int set_critical(gnutls_x509_crt_t crt, const char *oid, gnutls_datum_t *der,
			const char *what)
{
	int ret = gnutls_x509_crt_set_extension_by_oid(crt, oid, der->data, der->size, 1);

	gnutls_free(der->data);
	der->data = NULL;
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot write %s", what);
	return 0;
}

/* Certificate policies (GnuTLS), policy mappings and constraints (libtasn1), inhibitAnyPolicy. */
static int set_policies(gnutls_x509_crt_t crt, const pki_issue_opts_t *o)
{
	gnutls_datum_t der = { NULL, 0 };
	int ret = 0;

	for (size_t i = 0; i < o->n_policies && ret >= 0; i++) {
		struct gnutls_x509_policy_st p;
		const struct policy_entry *e = &o->policies[i];

		memset(&p, 0, sizeof(p));
		p.oid = e->oid;
		if (e->cps) {
			p.qualifier[p.qualifiers].type = GNUTLS_X509_QUALIFIER_URI;
			p.qualifier[p.qualifiers].data = e->cps;
			p.qualifier[p.qualifiers++].size = (unsigned)strlen(e->cps);
		}
		if (e->notice) {
			p.qualifier[p.qualifiers].type = GNUTLS_X509_QUALIFIER_NOTICE;
			p.qualifier[p.qualifiers].data = e->notice;
			p.qualifier[p.qualifiers++].size = (unsigned)strlen(e->notice);
		}
		ret = gnutls_x509_crt_set_policy(crt, &p, 0);
		if (ret < 0)
			return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
						"cannot write the certificate policy %s", e->oid);
	}
	if (!pki__is_ca_profile(o->profile))
		return 0;
	/* RFC 5280: policy mappings SHOULD, policy constraints and inhibitAnyPolicy MUST be
	 * critical. */
	if (o->n_maps &&
	    ((ret = pki__ext_policy_mappings_der(&der, o->map_issuer, o->map_subject,
						 o->n_maps)) < 0 ||
	     (ret = set_critical(crt, "2.5.29.33", &der, "the policy mappings")) < 0))
		return ret;
	if ((o->require_explicit >= 0 || o->inhibit_mapping >= 0) &&
	    ((ret = pki__ext_policy_constraints_der(&der, o->require_explicit,
						    o->inhibit_mapping)) < 0 ||
	     (ret = set_critical(crt, "2.5.29.36", &der, "the policy constraints")) < 0))
		return ret;
	if (o->inhibit_any >= 0) {
		ret = gnutls_x509_ext_export_inhibit_anypolicy((unsigned)o->inhibit_any, &der);
		if (ret < 0)
			return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot write inhibitAnyPolicy");
		if ((ret = set_critical(crt, "2.5.29.54", &der, "inhibitAnyPolicy")) < 0)
			return ret;
	}
	return 0;
}

/* The extensions of the options, after everything libpki writes itself. */
static int set_extra_extensions(gnutls_x509_crt_t crt, const pki_issue_opts_t *o)
{
	int ret;

	for (size_t i = 0; i < o->n_exts; i++) {
		const struct ext_entry *e = &o->exts[i];

		if (pki__crt_has_ext(crt, e->oid))
			return pki__fail(PKI_E_INVALID_ARG,
					 "extension %s is written by libpki for this certificate "
					 "(from the profile or another option); it cannot be added "
					 "as well",
					 e->oid);
		ret = gnutls_x509_crt_set_extension_by_oid(crt, e->oid, e->der, e->size,
							   e->critical ? 1 : 0);
		if (ret < 0)
			return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
						"cannot add extension %s", e->oid);
	}
	return 0;
}

/*
 * With pki_issue_opts_set_copy_extensions: the request's extensions, except those that give
 * authority (never copied) and those the certificate already has (the options win).
 */
static int copy_request_extensions(gnutls_x509_crt_t crt, gnutls_x509_crq_t crq)
{
	for (unsigned i = 0; i < 1000; i++) {
		char oid[256];
		size_t n = sizeof(oid);
		unsigned critical = 0;
		gnutls_datum_t d = { NULL, 0 };
		int ret = gnutls_x509_crq_get_extension_info(crq, i, oid, &n, &critical);

		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			return 0;
		if (ret < 0)
			return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
						"cannot read extension %u of the request", i);
		if (pki__ext_is_authority(oid) || pki__crt_has_ext(crt, oid))
			continue;
		ret = gnutls_x509_crq_get_extension_data2(crq, i, &d);
		if (ret < 0)
			return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
						"cannot read the request's extension %s", oid);
		ret = gnutls_x509_crt_set_extension_by_oid(crt, oid, d.data, d.size, critical);
		gnutls_free(d.data);
		if (ret < 0)
			return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
						"cannot copy the request's extension %s", oid);
	}
	return pki__fail(PKI_E_TOO_LARGE, "the request has more than 1000 extensions");
}

/* The digest to sign with: the options' choice, which must suit the CA key, or the key's own. */
static int sign_digest(gnutls_digest_algorithm_t *dig, const pki_issue_opts_t *o,
		       const pki_key_t *key)
{
	bool eddsa = key->type == PKI_KEY_ED25519 || key->type == PKI_KEY_ED448;

	if ((o->sign_flags & PKI_SIGN_RSA_PSS) && key->type != PKI_KEY_RSA &&
	    key->type != PKI_KEY_RSA_PSS)
		return pki__fail(PKI_E_INVALID_ARG,
				 "RSA-PSS signatures need an RSA CA key, not a %s key",
				 pki_key_type_name(key->type));
	if (eddsa && o->hash != PKI_HASH_DEFAULT)
		return pki__fail(PKI_E_INVALID_ARG,
				 "an %s CA key signs with pure EdDSA: no hash can be chosen",
				 pki_key_type_name(key->type));
	switch (o->hash) {
	case PKI_HASH_SHA256: *dig = GNUTLS_DIG_SHA256; break;
	case PKI_HASH_SHA384: *dig = GNUTLS_DIG_SHA384; break;
	case PKI_HASH_SHA512: *dig = GNUTLS_DIG_SHA512; break;
	default: *dig = pki__key_sign_digest(key); break;
	}
	return pki__key_check_digest(key, *dig); /* an RSA-PSS key may allow one hash only */
}

/*
 * Hand the signed certificate out re-read from its DER, so that the handle holds exactly what
 * was issued (GnuTLS keeps raw copies of names only for imported certificates).
 */
/*
 * The handle of the signed @p crt: its DER exactly as signed, decoded only when something
 * reads more than the encoding (pki__cert_wrap_der); most issued certificates are only
 * written out, and re-reading every one cost a second parse.
 */
static int finish(pki_cert_t **out, gnutls_x509_crt_t crt)
{
	gnutls_datum_t der = { NULL, 0 };
	int ret = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der);

	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot encode the certificate");
	return pki__cert_wrap_der(out, &der);
}

/*
 * What the issuer @p is may sign for @p sub: it holds its private key, may issue a CA when
 * asked to, and (unless PKI_ISSUE_ALLOW_KEY_REUSE) is not certifying its own key. The
 * subject's key identifier (RFC 5280 method 1, also what key reuse is checked with) in @p ski.
 */
static int check_issuer(unsigned char ski[20], const struct subject_in *sub,
			const struct issuer_in *is, const pki_issue_opts_t *o, unsigned flags)
{
	int ret;

	if (!is->key->priv)
		return pki__fail(PKI_E_NO_PRIVATE_KEY,
				 is->crt ? "the CA key handle holds only a public key"
					 : "self-signing needs the private key, not a public-only handle");
	if (is->crt && pki__is_ca_profile(o->profile) && is->path_len == 0)
		return pki__fail(PKI_E_NOT_CA,
				 "the issuer's pathLenConstraint is 0: it may not issue CA "
				 "certificates");
	if ((ret = check_subject_key(sub->pub)) < 0 || (ret = pki__key_sha1_id(ski, sub->pub)) < 0)
		return ret;
	/* The same key bits are the same key, whatever the SPKI's algorithm parameters. */
	if (is->crt && !(flags & PKI_ISSUE_ALLOW_KEY_REUSE) && memcmp(ski, is->key_id, 20) == 0)
		return pki__fail(PKI_E_KEY_REUSE,
				 "the subject key is the CA's own key (pass "
				 "PKI_ISSUE_ALLOW_KEY_REUSE to allow it)");
	return 0;
}

/*
 * The validity [@p nb, @p na] of the new certificate: the options' from now, ended with the
 * issuer's when PKI_ISSUE_CLAMP_TO_ISSUER asks (@p clamped says whether that cut more than
 * the clock-skew allowance), refused when it would outlive the issuer or 9999-12-31.
 */
static int issue_validity(int64_t *nb, int64_t *na, bool *clamped, const struct issuer_in *is,
			  const pki_issue_opts_t *o, unsigned flags)
{
	char a[32], b[32];

	*clamped = false;
	validity_of(o, pki__now(), nb, na);
	if (*na > PKI__TIME_MAX)
		return pki__fail(PKI_E_VALIDITY, "the validity would end after 9999-12-31");
	if (!is->crt || *na <= is->not_after)
		return 0;
	if ((flags & PKI_ISSUE_CLAMP_TO_ISSUER) && is->not_after > *nb) {
		/* ends with its issuer, as asked; a cut within the skew allowance is the clock
		 * ticking between the issuer's making and this one's, not worth reporting */
		*clamped = *na - is->not_after > PKI_CLOCK_SKEW_SECONDS;
		*na = is->not_after;
		return 0;
	}
	pki__rfc3339(a, sizeof(a), *na);
	pki__rfc3339(b, sizeof(b), is->not_after);
	return pki__fail(PKI_E_VALIDITY,
			 "the certificate would end at %s, after its issuer (%s); ask for a shorter "
			 "validity",
			 a, b);
}

/* A new version-3 certificate structure in @p crt. */
static int new_crt(gnutls_x509_crt_t *crt)
{
	int ret;

	if ((ret = gnutls_x509_crt_init(crt)) < 0) {
		*crt = NULL;
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "cannot allocate a certificate");
	}
	if ((ret = gnutls_x509_crt_set_version(*crt, 3)) < 0) {
		gnutls_x509_crt_deinit(*crt);
		*crt = NULL;
		return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot set the version");
	}
	return 0;
}

/*
 * The subject and public key of the new certificate @p crt: the request's, copied after its
 * signature verifies, or @p sub's key with the options' subject (or @p sub's).
 */
static int set_subject(gnutls_x509_crt_t *crt, const struct subject_in *sub,
		       const pki_issue_opts_t *o)
{
	int ret;

	if (sub->crq) {
		/* Copies subject and public key, after verifying the request's signature. */
		ret = gnutls_x509_crt_set_crq(*crt, sub->crq);
		if (ret < 0) {
			int code = pki__map_gnutls(ret, PKI_E_BAD_SIGNATURE);

			if (code == PKI_E_PARSE || code == PKI_E_CRYPTO)
				code = PKI_E_BAD_SIGNATURE;
			return pki__fail_gnutls(code, ret,
						code == PKI_E_BAD_SIGNATURE
							? "the request's signature does not verify"
							: "cannot use the request");
		}
		if (!o->subject)
			return 0;
		/*
		 * A subject can be written only once into a certificate structure: to replace
		 * the request's, start again from its (now verified) public key.
		 */
		gnutls_x509_crt_deinit(*crt);
		*crt = NULL;
		if ((ret = new_crt(crt)) < 0)
			return ret;
	}
	ret = gnutls_x509_crt_set_pubkey(*crt, sub->pub);
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot set the public key");
	return pki__dn_set_crt(*crt, o->subject ? o->subject : sub->subject);
}

static int issue(pki_cert_t **out, const struct subject_in *sub, const struct issuer_in *is,
		 const pki_issue_opts_t *o, unsigned flags)
{
	gnutls_x509_crt_t crt = NULL;
	gnutls_digest_algorithm_t dig = GNUTLS_DIG_UNKNOWN;
	unsigned char ski[20];
	int64_t nb, na;
	bool clamped;
	int ret;

	if ((ret = check_issuer(ski, sub, is, o, flags)) < 0 ||
	    (ret = issue_validity(&nb, &na, &clamped, is, o, flags)) < 0 ||
	    (ret = new_crt(&crt)) < 0)
		return ret;
	if ((ret = set_subject(&crt, sub, o)) < 0 || (ret = set_serial(crt, o)) < 0)
		goto out;
	if ((ret = gnutls_x509_crt_set_activation_time(crt, (time_t)nb)) < 0 ||
	    (ret = gnutls_x509_crt_set_expiration_time(crt, (time_t)na)) < 0) {
		ret = pki__fail_gnutls(PKI_E_VALIDITY, ret, "cannot set the validity period");
		goto out;
	}

	if ((ret = pki__issue_sans(crt, sub->crq, sub->crq_sans, o, !is->crt)) < 0)
		goto out;

	if ((ret = set_profile_extensions(crt, o, sub->pub)) < 0 ||
	    (ret = set_key_ids(crt, ski, is)) < 0)
		goto out;
	if (pki__is_ca_profile(o->profile) && (ret = set_name_constraints(crt, o)) < 0)
		goto out;
	if ((ret = set_urls(crt, o)) < 0 || (ret = set_policies(crt, o)) < 0 ||
	    (ret = set_extra_extensions(crt, o)) < 0)
		goto out;
	if (sub->crq && o->copy_extensions && (ret = copy_request_extensions(crt, sub->crq)) < 0)
		goto out;

	if ((ret = sign_digest(&dig, o, is->key)) < 0)
		goto out;
	ret = gnutls_x509_crt_privkey_sign(crt, is->crt ? is->crt : crt, is->key->priv, dig,
					   (o->sign_flags & PKI_SIGN_RSA_PSS)
						   ? GNUTLS_PRIVKEY_SIGN_FLAG_RSA_PSS
						   : 0);
	if (ret < 0) {
		ret = pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot sign the certificate");
		goto out;
	}
	ret = finish(out, crt);
	if (ret == 0 && clamped)
		ret = 1;
out:
	if (crt)
		gnutls_x509_crt_deinit(crt);
	return ret;
}

int pki__issue_check_flags(unsigned flags, const char *fn)
{
	if (flags & ~(unsigned)(PKI_ISSUE_ALLOW_KEY_REUSE | PKI_ISSUE_CLAMP_TO_ISSUER))
		return pki__fail(PKI_E_INVALID_ARG, "%s: unknown flags 0x%x", fn, flags);
	return 0;
}
#define check_flags pki__issue_check_flags

/*
 * The arguments of the public entry points, after they cleared the detail: @p out, then
 * @p args_ok (@p what names them), then @p flags.
 */
static int enter(pki_cert_t **out, const char *fn, bool args_ok, const char *what,
		 unsigned flags)
{
	if (!out)
		return pki__fail(PKI_E_INVALID_ARG, "%s: out is NULL", fn);
	*out = NULL;
	if (!args_ok)
		return pki__fail(PKI_E_INVALID_ARG, "%s: %s is NULL", fn, what);
	return check_flags(flags, fn);
}

int pki__issue_csr(pki_cert_t **out, const struct pki__issuer_in *is, const pki_csr_t *csr,
		   const pki_issue_opts_t *opts, unsigned flags)
{
	gnutls_x509_crq_t crq = csr->crq;
	struct subject_in sub = { crq, &csr->sans, NULL, NULL };
	pki_issue_opts_t defaults;
	int ret;

	if (!opts) {
		pki__issue_opts_defaults(&defaults, PKI_PROFILE_SERVER);
		opts = &defaults;
	}
	ret = gnutls_pubkey_init(&sub.pub);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "out of memory");
	ret = gnutls_pubkey_import_x509_crq(sub.pub, crq, 0);
	if (ret < 0) {
		gnutls_pubkey_deinit(sub.pub);
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_UNSUPPORTED), ret,
					"cannot read the request's public key");
	}
	ret = issue(out, &sub, is, opts, flags);
	gnutls_pubkey_deinit(sub.pub);
	return ret;
}

int pki__issue_key(pki_cert_t **out, const struct pki__issuer_in *is, gnutls_pubkey_t pub,
		   const char *subject, const pki_issue_opts_t *opts, unsigned flags)
{
	struct subject_in sub = { NULL, NULL, pub, subject };
	pki_issue_opts_t defaults;

	if (!opts) {
		pki__issue_opts_defaults(&defaults, PKI_PROFILE_SERVER);
		opts = &defaults;
	}
	return issue(out, &sub, is, opts, flags);
}

int pki_cert_issue(pki_cert_t **out, const pki_csr_t *csr, const pki_cert_t *ca,
		   const pki_key_t *ca_key, const pki_issue_opts_t *opts, unsigned flags)
{
	struct issuer_in is;
	int ret;

	pki__clear_error();
	if ((ret = enter(out, "pki_cert_issue", csr && ca && ca_key, "csr, ca or ca_key", flags)) < 0)
		return ret;
	if ((ret = pki__issuer_check(&is, pki__cert_crt(ca), ca_key)) >= 0)
		ret = pki__issue_csr(out, &is, csr, opts, flags);
	pki__issuer_clear(&is);
	return ret;
}

int pki_cert_issue_for_key(pki_cert_t **out, const pki_key_t *subject_key, const char *subject,
			   const pki_cert_t *ca, const pki_key_t *ca_key,
			   const pki_issue_opts_t *opts, unsigned flags)
{
	struct issuer_in is;
	int ret;

	pki__clear_error();
	if ((ret = enter(out, "pki_cert_issue_for_key", subject_key && subject && ca && ca_key,
			 "subject_key, subject, ca or ca_key", flags)) < 0)
		return ret;
	if ((ret = pki__issuer_check(&is, pki__cert_crt(ca), ca_key)) >= 0)
		ret = pki__issue_key(out, &is, subject_key->pub, subject, opts, flags);
	pki__issuer_clear(&is);
	return ret;
}

int pki_cert_self_sign(pki_cert_t **out, const pki_key_t *key, const char *subject,
		       const pki_issue_opts_t *opts, unsigned flags)
{
	struct subject_in sub;
	struct issuer_in is = { 0 };
	pki_issue_opts_t defaults;
	int ret;

	pki__clear_error();
	/* PKI_ISSUE_ALLOW_KEY_REUSE is meaningless here (the key is the issuer's) but harmless. */
	if ((ret = enter(out, "pki_cert_self_sign", key && subject, "key or subject", flags)) < 0)
		return ret;
	if (!opts) {
		pki__issue_opts_defaults(&defaults, PKI_PROFILE_CA);
		opts = &defaults;
	}
	sub.crq = NULL;
	sub.crq_sans = NULL;
	sub.pub = key->pub;
	sub.subject = subject;
	is.crt = NULL;
	is.key = key;
	return issue(out, &sub, &is, opts, flags);
}
