/*
 * libpki — RFC 5280 6.1 basic checks of one path, the algorithm policy, the leaf.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Per path (leaf first, anchor last): how the path ends (anchor, missing issuer, untrusted
 * root, depth), every signature, validity at the chosen time, the extensions (each known one
 * must parse, none may repeat, an unknown critical one rejects), the issuers' CA flag,
 * keyCertSign and pathLenConstraint (self-issued intermediates exempt), the algorithm policy
 * for every key and every signature but the anchor's own, and the profile rules. Then the leaf:
 * purpose (EKU that parses and allows it, no CA leaf, key usage that fits), host name (SANs
 * only), email address.
 */
#include "dsa-inherit.h"
#include "verify-int.h"

#include <arpa/inet.h>
#include <gnutls/x509-ext.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

bool pki__crt_is_ca(gnutls_x509_crt_t crt, int *pathlen)
{
	unsigned crit = 0, ca = 0;
	int pl = -1;
	int ret = gnutls_x509_crt_get_basic_constraints(crt, &crit, &ca, &pl);

	if (pathlen)
		*pathlen = ret >= 0 && ca ? pl : -1;
	return ret >= 0 && ca;
}

void pki__san_text(char *buf, size_t len, unsigned type, const unsigned char *v, size_t n)
{
	char ip[64];

	if (type == GNUTLS_SAN_IPADDRESS) {
		if ((n != 4 && n != 16) || !inet_ntop(n == 4 ? AF_INET : AF_INET6, v, ip, sizeof(ip)))
			snprintf(ip, sizeof(ip), "?");
		snprintf(buf, len, "IP:%s", ip);
		return;
	}
	{
		char *e = pki__vescape((const char *)v, n);
		const char *pfx = type == GNUTLS_SAN_DNSNAME     ? "DNS:"
				  : type == GNUTLS_SAN_RFC822NAME ? "email:"
				  : type == GNUTLS_SAN_URI        ? "URI:"
								  : "";

		snprintf(buf, len, "%s%s", pfx, e ? e : "?");
		pki_free(e);
	}
}

/* ---------------------------------------------------------------------------------------- */
/* Algorithms                                                                                */

int pki__alg_check_sign(const pki__vctx_t *v, int algo, char *why, size_t len)
{
	unsigned allow = v->opts->alg_flags;
	gnutls_digest_algorithm_t dig;
	int pk;

	if (algo <= 0) {
		snprintf(why, len, "an unknown signature algorithm");
		return PKI_VERIFY_WEAK_ALGORITHM;
	}
	dig = gnutls_sign_get_hash_algorithm((gnutls_sign_algorithm_t)algo);
	pk = (int)gnutls_sign_get_pk_algorithm((gnutls_sign_algorithm_t)algo);
	if (dig == GNUTLS_DIG_MD5 || dig == GNUTLS_DIG_MD2) {
		snprintf(why, len, "%s", dig == GNUTLS_DIG_MD5 ? "MD5" : "MD2");
		return PKI_VERIFY_WEAK_ALGORITHM;
	}
	if (dig == GNUTLS_DIG_SHA1 && !(allow & PKI_VERIFY_ALLOW_SHA1)) {
		snprintf(why, len, "SHA-1");
		return PKI_VERIFY_WEAK_ALGORITHM;
	}
	if (pk == GNUTLS_PK_DSA && !(allow & PKI_VERIFY_ALLOW_LEGACY_KEYS)) {
		snprintf(why, len, "DSA");
		return PKI_VERIFY_WEAK_ALGORITHM;
	}
	return 0;
}

int pki__alg_check_pubkey(const pki__vctx_t *v, gnutls_pubkey_t pub, char *why, size_t len)
{
	unsigned allow = v->opts->alg_flags, bits = 0;
	int pk = gnutls_pubkey_get_pk_algorithm(pub, &bits);
	bool legacy = allow & PKI_VERIFY_ALLOW_LEGACY_KEYS;

	switch (pk) {
	case GNUTLS_PK_RSA:
	case GNUTLS_PK_RSA_PSS:
		if (bits > 8192 || bits < (legacy ? 1024u : 2048u)) {
			snprintf(why, len, "RSA-%u", bits);
			return PKI_VERIFY_WEAK_ALGORITHM;
		}
		return 0;
	case GNUTLS_PK_EC: {
		gnutls_ecc_curve_t curve = GNUTLS_ECC_CURVE_INVALID;

		if (gnutls_pubkey_export_ecc_raw2(pub, &curve, NULL, NULL, 0) < 0)
			curve = GNUTLS_ECC_CURVE_INVALID;
		if (curve == GNUTLS_ECC_CURVE_SECP256R1 || curve == GNUTLS_ECC_CURVE_SECP384R1 ||
		    curve == GNUTLS_ECC_CURVE_SECP521R1 ||
		    (legacy && (curve == GNUTLS_ECC_CURVE_SECP192R1 ||
				curve == GNUTLS_ECC_CURVE_SECP224R1)))
			return 0;
		snprintf(why, len, "the elliptic curve %s",
			 curve != GNUTLS_ECC_CURVE_INVALID ? gnutls_ecc_curve_get_name(curve)
							  : "(unknown)");
		return PKI_VERIFY_WEAK_ALGORITHM;
	}
	case GNUTLS_PK_EDDSA_ED25519:
	case GNUTLS_PK_EDDSA_ED448:
		return 0;
	case GNUTLS_PK_DSA:
		if (legacy && bits >= 1024 && bits <= 3072)
			return 0;
		snprintf(why, len, "DSA-%u", bits);
		return PKI_VERIFY_WEAK_ALGORITHM;
	default:
		snprintf(why, len, "an unsupported public key algorithm");
		return PKI_VERIFY_WEAK_ALGORITHM;
	}
}

/* A key of the trust store's cache for a certificate: SHA-256 of @p tag (zero-padded to 16
 * bytes), the certificate's fingerprint and the @p size bytes of @p in (at most 32) that the
 * remembered answer depends on. false when the certificate has no fingerprint. */
static bool cache_key(pki__vctx_t *v, unsigned char key[32], gnutls_x509_crt_t crt,
		      const char *tag, const void *in, size_t size)
{
	unsigned char buf[16 + 32 + 32] = { 0 };

	if (size > 32 || strlen(tag) >= 16 || !pki__vctx_fpr(v, crt, buf + 16))
		return false;
	memcpy(buf, tag, strlen(tag));
	memcpy(buf + 48, in, size);
	return gnutls_hash_fast(GNUTLS_DIG_SHA256, buf, 48 + size, key) == 0;
}

/* The key under which the trust store's cache remembers that a certificate passed
 * check_algorithms: its bytes, the algorithm policy and whether it is the anchor (whose own
 * signature is not looked at). */
static bool alg_key(pki__vctx_t *v, unsigned char key[32], gnutls_x509_crt_t crt, bool anchor)
{
	uint32_t in[2] = { v->opts->alg_flags, anchor ? 1u : 0u };

	return cache_key(v, key, crt, "libpki algs", in, sizeof(in));
}

static void check_algorithms(pki__vctx_t *v, const pki__path_t *p)
{
	struct pki__sigcache *cache = pki__vctx_trust(v)->cache;

	for (size_t i = 0; i < p->n; i++) {
		bool anchor = p->anchored && i + 1 == p->n, owned = false;
		gnutls_pubkey_t pub = NULL;
		char why[80];
		int got;
		unsigned char key[32];
		unsigned before = pki__vctx_reason_calls(v);
		bool have_key = cache && alg_key(v, key, p->certs[i], anchor);

		if (have_key && pki__sigcache_get(cache, key) == 1)
			continue;

		if (!anchor) {
			int algo = gnutls_x509_crt_get_signature_algorithm(p->certs[i]);

			if (pki__alg_check_sign(v, algo, why, sizeof(why)))
				pki__vreason(v, PKI_VERIFY_WEAK_ALGORITHM, (int)i,
					     "%s is signed with %s, which is not accepted", pki__pname(p, i),
					     why);
		}
		if ((got = pki__vctx_pubkey(v, p->certs[i], &pub, &owned)) == PKI_E_NOMEM) {
			pki__vnomem(v);
			return;
		}
		if (got < 0) {
			/* a DSA key inheriting its parameters from the issuer (RFC 3279 2.3.2)
			 * cannot stand alone; it is only acceptable where DSA is */
			bool dsa = gnutls_x509_crt_get_pk_algorithm(p->certs[i], NULL) ==
				   GNUTLS_PK_DSA;

			if (dsa && !(v->opts->alg_flags & PKI_VERIFY_ALLOW_LEGACY_KEYS))
				pki__vreason(v, PKI_VERIFY_WEAK_ALGORITHM, (int)i,
					     "%s has a DSA key, which is not accepted",
					     pki__pname(p, i));
			else if (!dsa)
				pki__vreason(v, PKI_VERIFY_MALFORMED, (int)i,
					     "the public key of %s cannot be read", pki__pname(p, i));
		} else if (pki__alg_check_pubkey(v, pub, why, sizeof(why)))
			pki__vreason(v, PKI_VERIFY_WEAK_ALGORITHM, (int)i,
				     "%s has a key of %s, which is not accepted", pki__pname(p, i), why);
		if (owned)
			gnutls_pubkey_deinit(pub);
		if (have_key && pki__vctx_reason_calls(v) == before)
			pki__sigcache_put(cache, key, true);
	}
}

/* ---------------------------------------------------------------------------------------- */
/* The path                                                                                  */

static void check_end(pki__vctx_t *v, const pki__path_t *p)
{
	size_t last = p->n - 1;

	if (p->too_long) {
		pki__vreason(v, PKI_VERIFY_CHAIN_TOO_LONG, (int)last,
			     "the chain is longer than the maximum depth of %zu certificates at %s",
			     p->n, pki__pname(p, last));
		return;
	}
	if (p->anchored)
		return;
	if (pki__crt_self_signed(v, p->certs[last])) {
		pki__vreason(v, PKI_VERIFY_UNTRUSTED_ROOT, (int)last,
			     "%s is self-signed and not trusted (not a trust anchor)",
			     pki__pname(p, last));
	} else {
		gnutls_datum_t d = { NULL, 0 };
		char *issuer = NULL;

		if (gnutls_x509_crt_get_issuer_dn3(p->certs[last], &d, 0) == 0)
			issuer = pki__vescape((const char *)d.data, d.size);
		gnutls_free(d.data);
		pki__vreason(v, PKI_VERIFY_ISSUER_NOT_FOUND, (int)last,
			     "issuer %s not found: no trust anchor or untrusted certificate of that "
			     "name signed %s",
			     issuer ? issuer : "?", pki__pname(p, last));
		pki_free(issuer);
	}
}

static void check_signatures(pki__vctx_t *v, const pki__path_t *p)
{
	for (size_t i = 0; i + 1 < p->n; i++) {
		if (i + 2 < p->n) /* a DSA key without parameters takes its issuer's */
			pki__vctx_dsa_inherit(v, p->certs[i + 1], p->certs[i + 2]);
		if (!pki__vctx_key_bounded(v, p->certs[i + 1]) &&
		    pki__vctx_dsa_uninherited(v, p->certs[i + 1]))
			pki__vreason(v, PKI_VERIFY_WEAK_ALGORITHM, (int)i,
				     "the signature of %s is not checked: the DSA key of %s has no "
				     "parameters and its issuer has no DSA parameters to inherit "
				     "(RFC 3279 2.3.2)",
				     pki__pname(p, i), pki__pname(p, i + 1));
		else if (!pki__vctx_key_bounded(v, p->certs[i + 1]))
			/* no arithmetic with such a key: check_algorithms names it */
			pki__vreason(v, PKI_VERIFY_WEAK_ALGORITHM, (int)i,
				     "the signature of %s is not checked: the key of %s is too large "
				     "for libpki to check (RSA above 8192 bits or with an exponent "
				     "above 2^64, DSA above 3072 bits)",
				     pki__pname(p, i), pki__pname(p, i + 1));
		else if (!pki__vctx_signed_by(v, p->certs[i], p->certs[i + 1]) && !v->budget_spent)
			pki__vreason(v, PKI_VERIFY_BAD_SIGNATURE, (int)i,
				     "the signature of %s does not verify with the key of %s",
				     pki__pname(p, i), pki__pname(p, i + 1));
	}
}

static void check_time(pki__vctx_t *v, const pki__path_t *p, int64_t when)
{
	char d[32];

	for (size_t i = 0; i < p->n; i++) {
		int64_t nb = (int64_t)gnutls_x509_crt_get_activation_time(p->certs[i]);
		int64_t na = (int64_t)gnutls_x509_crt_get_expiration_time(p->certs[i]);

		if (nb == -1 || na == -1) {
			pki__vreason(v, PKI_VERIFY_MALFORMED, (int)i,
				     "the validity period of %s cannot be read", pki__pname(p, i));
			continue;
		}
		if (when > na) {
			pki__date(d, sizeof(d), na);
			pki__vreason(v, PKI_VERIFY_EXPIRED, (int)i, "%s expired on %s", pki__pname(p, i),
				     d);
		}
		if (when < nb) {
			pki__date(d, sizeof(d), nb);
			pki__vreason(v, PKI_VERIFY_NOT_YET_VALID, (int)i,
				     "%s is not yet valid: valid from %s", pki__pname(p, i), d);
		}
	}
}

/* Extensions this verifier processes (the stage that does is noted). */
static const char *const known_ext[] = {
	"2.5.29.19",          /* basicConstraints: here */
	"2.5.29.15",          /* keyUsage: here */
	"2.5.29.37",          /* extKeyUsage: here */
	"2.5.29.17",          /* subjectAltName: here and name constraints */
	"2.5.29.30",          /* nameConstraints: nameconstraints.c */
	"2.5.29.32",          /* certificatePolicies: policy.c */
	"2.5.29.33",          /* policyMappings: policy.c */
	"2.5.29.36",          /* policyConstraints: policy.c */
	"2.5.29.54",          /* inhibitAnyPolicy: policy.c */
	"2.5.29.14",          /* subjectKeyIdentifier: path building */
	"2.5.29.35",          /* authorityKeyIdentifier: path building */
	"2.5.29.31",          /* cRLDistributionPoints: revocation.c */
	"2.5.29.46",          /* freshestCRL: revocation.c */
	"2.5.29.18",          /* issuerAltName: informational */
	"1.3.6.1.5.5.7.1.1",  /* authorityInfoAccess: informational */
	"1.3.6.1.5.5.7.1.11", /* subjectInfoAccess: informational */
	"1.3.6.1.4.1.11129.2.4.2", /* CT precertificate SCTs: informational */
};

bool pki__ext_known(const char *oid)
{
	for (size_t j = 0; j < sizeof(known_ext) / sizeof(known_ext[0]); j++)
		if (strcmp(oid, known_ext[j]) == 0)
			return true;
	return false;
}

/*
 * The probes of pki__ext_parses: each decodes one extension with GnuTLS into a value made
 * and dropped at once. PROBE_OBJ defines the probe of a decoder that fills an object of type
 * T (made by INIT, dropped by DEINIT).
 */
#define PROBE_OBJ(name, T, init, import, deinit)                                               \
	static int name(const gnutls_datum_t *d)                                                \
	{                                                                                       \
		T x = NULL;                                                                     \
		int ret = init(&x);                                                             \
                                                                                                \
		if (ret == 0) {                                                                 \
			ret = import(d, x, 0);                                                  \
			deinit(x);                                                              \
		}                                                                               \
		return ret;                                                                     \
	}
PROBE_OBJ(probe_eku, gnutls_x509_key_purposes_t, gnutls_x509_key_purpose_init,
	  gnutls_x509_ext_import_key_purposes, gnutls_x509_key_purpose_deinit)
PROBE_OBJ(probe_san, gnutls_subject_alt_names_t, gnutls_subject_alt_names_init,
	  gnutls_x509_ext_import_subject_alt_names, gnutls_subject_alt_names_deinit)
PROBE_OBJ(probe_aki, gnutls_x509_aki_t, gnutls_x509_aki_init,
	  gnutls_x509_ext_import_authority_key_id, gnutls_x509_aki_deinit)
PROBE_OBJ(probe_aia, gnutls_x509_aia_t, gnutls_x509_aia_init, gnutls_x509_ext_import_aia,
	  gnutls_x509_aia_deinit)
PROBE_OBJ(probe_policies, gnutls_x509_policies_t, gnutls_x509_policies_init,
	  gnutls_x509_ext_import_policies, gnutls_x509_policies_deinit)

static int probe_bc(const gnutls_datum_t *d)
{
	unsigned ca = 0;
	int pl = 0;

	return gnutls_x509_ext_import_basic_constraints(d, &ca, &pl);
}

static int probe_ku(const gnutls_datum_t *d)
{
	unsigned ku = 0;

	return gnutls_x509_ext_import_key_usage(d, &ku);
}

static int probe_ski(const gnutls_datum_t *d)
{
	gnutls_datum_t id = { NULL, 0 };
	int ret = gnutls_x509_ext_import_subject_key_id(d, &id);

	gnutls_free(id.data);
	return ret;
}

static int probe_inhibit_any(const gnutls_datum_t *d)
{
	unsigned skip = 0;

	return gnutls_x509_ext_import_inhibit_anypolicy(d, &skip);
}

static const struct {
	const char *oid;
	int (*probe)(const gnutls_datum_t *d);
} probes[] = {
	{ "2.5.29.19", probe_bc },          { "2.5.29.15", probe_ku },
	{ "2.5.29.37", probe_eku },         { "2.5.29.17", probe_san },
	{ "2.5.29.18", probe_san },         { "2.5.29.14", probe_ski },
	{ "2.5.29.35", probe_aki },         { "1.3.6.1.5.5.7.1.1", probe_aia },
	{ "2.5.29.32", probe_policies },    { "2.5.29.54", probe_inhibit_any },
};

bool pki__ext_parses(const char *oid, const gnutls_datum_t *d)
{
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		if (strcmp(oid, probes[i].oid) == 0)
			return probes[i].probe(d) >= 0;
	/* nameConstraints, policyMappings, policyConstraints, the CRL extensions: their
	 * stages parse them and fail closed */
	return true;
}

/* The key under which the trust store's cache remembers that a certificate's extensions
 * passed check_extensions (which depends on its bytes only). */
static bool ext_key(pki__vctx_t *v, unsigned char key[32], gnutls_x509_crt_t crt)
{
	unsigned char buf[16 + 32] = "libpki exts";

	return pki__vctx_fpr(v, crt, buf + 16) &&
	       gnutls_hash_fast(GNUTLS_DIG_SHA256, buf, sizeof(buf), key) == 0;
}

/* The extension checks' findings as reasons for certificate @p index. */
typedef struct {
	pki__vctx_t *v;
	const pki__path_t *p;
	size_t index;
	bool too_many; /* profile.c could not check them: check_extensions does */
} ext_arg_t;

static void on_ext(void *arg, int kind, const char *oid)
{
	ext_arg_t *a = arg;
	pki__vctx_t *v = a->v;
	int i = (int)a->index;
	const char *name = pki__pname(a->p, a->index);

	switch (kind) {
	case PKI__EXT_UNREADABLE:
		pki__vreason(v, PKI_VERIFY_MALFORMED, i, "an extension of %s cannot be read", name);
		break;
	case PKI__EXT_TWICE:
		pki__vreason(v, PKI_VERIFY_MALFORMED, i, "%s has the extension %s twice", name, oid);
		break;
	case PKI__EXT_UNKNOWN_CRITICAL:
		pki__vreason(v, PKI_VERIFY_UNKNOWN_CRITICAL, i,
			     "%s has a critical extension %s that is not processed", name, oid);
		break;
	case PKI__EXT_MALFORMED:
		pki__vreason(v, PKI_VERIFY_MALFORMED, i, "the extension %s of %s does not parse", oid,
			     name);
		break;
	default:
		a->too_many = true;
	}
}

/* Each extension of certificate @p i read with GnuTLS: none may repeat, an unknown critical
 * one rejects, each known one must parse (check_profile makes the same checks on what the
 * profile rules read, and calls this only when they could not). */
static void check_extensions(pki__vctx_t *v, const pki__path_t *p, size_t i)
{
	ext_arg_t a = { v, p, i, false };
	char seen[32][64];
	unsigned nseen = 0;

	for (unsigned k = 0;; k++) {
		char oid[128];
		size_t len = sizeof(oid);
		unsigned crit = 0;
		gnutls_datum_t d = { NULL, 0 };
		int ret = gnutls_x509_crt_get_extension_info(p->certs[i], k, oid, &len, &crit);

		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (ret < 0) {
			on_ext(&a, PKI__EXT_UNREADABLE, NULL);
			break;
		}
		for (unsigned j = 0; j < nseen; j++)
			if (strcmp(seen[j], oid) == 0)
				on_ext(&a, PKI__EXT_TWICE, oid);
		if (nseen < 32 && len < 64)
			memcpy(seen[nseen++], oid, len + 1);
		if (!pki__ext_known(oid)) {
			if (crit)
				on_ext(&a, PKI__EXT_UNKNOWN_CRITICAL, oid);
			continue;
		}
		if (gnutls_x509_crt_get_extension_data2(p->certs[i], k, &d) < 0 ||
		    !pki__ext_parses(oid, &d))
			on_ext(&a, PKI__EXT_MALFORMED, oid);
		gnutls_free(d.data);
	}
}

static void check_ca(pki__vctx_t *v, const pki__path_t *p)
{
	for (size_t i = 1; i < p->n; i++) {
		unsigned ku = 0, crit = 0;
		int pathlen = -1;
		bool anchor = p->anchored && i + 1 == p->n;

		if (!pki__crt_is_ca(p->certs[i], &pathlen)) {
			if (anchor && gnutls_x509_crt_get_version(p->certs[i]) < 3)
				continue; /* X.509 v1 roots have no extensions at all */
			pki__vreason(v, PKI_VERIFY_NOT_CA, (int)i,
				     "%s is not a CA (no basicConstraints CA:TRUE) but issued %s",
				     pki__pname(p, i), pki__pname(p, i - 1));
			continue;
		}
		if (gnutls_x509_crt_get_key_usage(p->certs[i], &ku, &crit) >= 0 &&
		    !(ku & GNUTLS_KEY_KEY_CERT_SIGN))
			pki__vreason(v, PKI_VERIFY_NOT_CA, (int)i,
				     "%s may not sign certificates: its key usage lacks keyCertSign",
				     pki__pname(p, i));
		if (pathlen >= 0) {
			int below = 0;

			for (size_t j = 1; j < i; j++)
				if (!pki__crt_self_issued(p->certs[j]))
					below++;
			if (below > pathlen)
				pki__vreason(v, PKI_VERIFY_PATH_LEN, (int)i,
					     "%s allows %d intermediate CA%s below it (pathLenConstraint), "
					     "the chain has %d",
					     pki__pname(p, i), pathlen, pathlen == 1 ? "" : "s", below);
		}
	}
}

/* Profile findings of severity ERROR reject. */
typedef struct {
	pki__vctx_t *v;
	const pki__path_t *p;
	size_t index;
	bool system_anchor; /* the certificate is a trust anchor of the system store */
	unsigned errors;    /* findings that rejected */
} profile_arg_t;

/* The profile rules about how a trust anchor's own certificate is encoded, not about what it
 * may do: RFC 5280 6.1.1 (d) takes from an anchor only its name and key (and libpki its
 * basicConstraints, key usage and validity, checked in check_ca and check_time, never
 * relaxed). An anchor the caller gave (pki_trust_add_file, _pem, _cert) is held to them, as
 * limbo's rfc5280::ski::root-missing-ski, ::root-non-critical-basic-constraints and the
 * webpki::aki::root-* cases require of a root; an anchor of the distribution's store
 * (pki_trust_add_system) is not, because its curator vouches for it as it is and five Debian
 * roots break one of them (tests/system-roots.sh). */
static bool anchor_encoding_rule(const char *rule)
{
	static const char *const rules[] = {
		"rfc5280.ski.missing",          /* Hongkong Post Root CA 1, TWCA Global Root CA */
		"rfc5280.bc.noncritical",       /* Go Daddy/Starfield Class 2, Chunghwa ePKI */
		"rfc5280.ku.ca_missing",        /* webpki: four Class 2 era roots without keyUsage */
		"webpki.aki.root_issuer_serial" /* webpki: roots whose AKI names issuer and serial */
	};

	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (strcmp(rule, rules[i]) == 0)
			return true;
	return false;
}

static void on_finding(void *arg, pki__severity_t sev, const char *rule, const char *source,
		       const char *text)
{
	profile_arg_t *a = arg;

	if (sev != PKI__SEV_ERROR)
		return;
	if (a->system_anchor && anchor_encoding_rule(rule))
		return;
	a->errors++;
	pki__vreason(a->v, PKI_VERIFY_PROFILE_VIOLATION, (int)a->index, "%s: %s (%s, %s)",
		     pki__pname(a->p, a->index), text, rule, source);
}

/* profile.c comes with the lint work: until it is linked in, no profile rules apply */
#pragma weak pki__profile_check_cert

/* The key under which the trust store's cache remembers that a certificate has no profile
 * error in one position of one profile: every input of pki__profile_check_cert, the
 * certificate by its fingerprint. */
static bool profile_key(pki__vctx_t *v, unsigned char key[32], gnutls_x509_crt_t crt,
			int profile, size_t index, size_t n, bool anchor, bool system_anchor)
{
	uint64_t in[4] = { (uint64_t)profile, index, n, (anchor ? 1u : 0u) | (system_anchor ? 2u : 0u) };

	return cache_key(v, key, crt, "libpki profile", in, sizeof(in));
}

/* The profile rules and the extension checks of every certificate, one reading of the
 * extensions for both; each remembered by the trust store's cache when it found nothing
 * (only "no error" is remembered: a certificate with findings is checked again, so its
 * reasons are written out each time). */
static void check_profile(pki__vctx_t *v, const pki__path_t *p)
{
	struct pki__sigcache *cache = pki__vctx_trust(v)->cache;

	for (size_t i = 0; i < p->n; i++) {
		bool anchor = p->anchored && i + 1 == p->n;
		profile_arg_t a = { v, p, i, false, 0 };
		ext_arg_t ea = { v, p, i, false };
		unsigned char pkey[32], ekey[32];
		bool have_ekey = cache && ext_key(v, ekey, p->certs[i]);
		bool ext_done = have_ekey && pki__sigcache_get(cache, ekey) == 1;
		bool profile_done = !pki__profile_check_cert, have_pkey = false;
		unsigned before;

		if (!profile_done) {
			a.system_anchor = anchor && pki__vctx_is_system_anchor(v, p->certs[i]);
			have_pkey = cache && profile_key(v, pkey, p->certs[i], v->opts->profile, i,
							 p->n, anchor, a.system_anchor);
			profile_done = have_pkey && pki__sigcache_get(cache, pkey) == 1;
		}
		if (!profile_done) {
			gnutls_pubkey_t pub = NULL;
			bool owned = false;
			unsigned errors;

			if (pki__vctx_pubkey(v, p->certs[i], &pub, &owned) == PKI_E_NOMEM)
				pki__vnomem(v);
			before = pki__vctx_reason_calls(v);
			pki__profile_check_cert(p->certs[i], pub, v->opts->profile, i, p->n, anchor,
						on_finding, &a, ext_done ? NULL : on_ext, &ea);
			if (owned)
				gnutls_pubkey_deinit(pub);
			/* the reasons of the extension checks are the calls that were not profile
			 * findings */
			errors = pki__vctx_reason_calls(v) - before - a.errors;
			if (have_pkey && a.errors == 0)
				pki__sigcache_put(cache, pkey, true);
			if (!ext_done && !ea.too_many) {
				if (have_ekey && errors == 0)
					pki__sigcache_put(cache, ekey, true);
				ext_done = true;
			}
		}
		if (!ext_done) {
			before = pki__vctx_reason_calls(v);
			check_extensions(v, p, i);
			if (have_ekey && pki__vctx_reason_calls(v) == before)
				pki__sigcache_put(cache, ekey, true);
		}
	}
}

void pki__validate_path(pki__vctx_t *v, const pki__path_t *p)
{
	check_end(v, p);
	check_signatures(v, p);
	check_time(v, p, pki__vctx_time(v));
	check_ca(v, p);
	check_algorithms(v, p);
	check_profile(v, p);
}

/* ---------------------------------------------------------------------------------------- */
/* The leaf                                                                                  */

static bool dns_match(const char *pattern, size_t plen, const char *host)
{
	char pat[256];
	size_t hlen = strlen(host);

	if (plen == 0 || plen >= sizeof(pat) || memchr(pattern, '\0', plen))
		return false;
	memcpy(pat, pattern, plen);
	pat[plen] = '\0';
	if (plen > 1 && pat[plen - 1] == '.')
		pat[--plen] = '\0';
	for (size_t i = 0; i < plen; i++)
		pat[i] = (char)tolower((unsigned char)pat[i]);
	if (strcmp(pat, host) == 0)
		return true;
	/* "*.example.com": the whole left-most label, at least two labels after it */
	if (plen > 2 && pat[0] == '*' && pat[1] == '.' && strchr(pat + 2, '.') &&
	    !strchr(pat + 2, '*')) {
		const char *dot = strchr(host, '.');

		return dot && dot != host && (size_t)(host + hlen - dot) == plen - 1 &&
		       strcmp(dot, pat + 1) == 0;
	}
	return false;
}

static void check_host(pki__vctx_t *v, const pki__path_t *p, const pki_verify_opts_t *opts)
{
	pki__buf_t names = { 0 };
	bool match = false;
	unsigned count = 0;
	char *host = pki__vescape(opts->host, strlen(opts->host));

	for (unsigned k = 0;; k++) {
		unsigned char val[512];
		size_t n = sizeof(val);
		unsigned type = 0;
		int ret = gnutls_x509_crt_get_subject_alt_name2(p->certs[0], k, val, &n, &type, NULL);

		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (ret < 0 || (type != GNUTLS_SAN_DNSNAME && type != GNUTLS_SAN_IPADDRESS))
			continue;
		if (opts->iplen && type == GNUTLS_SAN_IPADDRESS && n == opts->iplen &&
		    memcmp(val, opts->ip, n) == 0)
			match = true;
		if (!opts->iplen && type == GNUTLS_SAN_DNSNAME && dns_match((char *)val, n, opts->host))
			match = true;
		if (count < 16) {
			char s[600];

			pki__san_text(s, sizeof(s), type, val, n);
			pki__buf_printf(&names, "%s%s", count ? ", " : "",
					s + (type == GNUTLS_SAN_IPADDRESS ? 3 : 4));
		}
		count++;
	}
	if (!match) {
		const char *what = opts->iplen ? "IP address" : "host name";

		if (count == 0)
			pki__vreason(v, PKI_VERIFY_HOST_MISMATCH, 0,
				     "%s %s not in certificate: %s has no DNS or IP subject "
				     "alternative names, and the CN is never used for host names",
				     what, host ? host : "?", pki__pname(p, 0));
		else
			pki__vreason(v, PKI_VERIFY_HOST_MISMATCH, 0,
				     "%s %s not in certificate (valid for: %s%s)", what,
				     host ? host : "?", names.failed ? "?" : names.p,
				     count > 16 ? ", ..." : "");
	}
	pki_free(host);
	pki__buf_discard(&names);
}

static void check_email(pki__vctx_t *v, const pki__path_t *p, const char *email)
{
	const char *at = strrchr(email, '@');
	bool match = false;
	char *e;

	for (unsigned k = 0; at && !match; k++) {
		unsigned char val[512];
		size_t n = sizeof(val) - 1;
		unsigned type = 0;
		int ret = gnutls_x509_crt_get_subject_alt_name2(p->certs[0], k, val, &n, &type, NULL);
		const char *sat;

		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (ret < 0 || type != GNUTLS_SAN_RFC822NAME || memchr(val, 0, n))
			continue;
		val[n] = '\0';
		sat = strrchr((char *)val, '@');
		/* RFC 5280 7.5: the local part exactly, the domain without case */
		if (sat && (size_t)(sat - (char *)val) == (size_t)(at - email) &&
		    memcmp(val, email, (size_t)(at - email)) == 0 && strcasecmp(sat, at) == 0)
			match = true;
	}
	if (match)
		return;
	e = pki__vescape(email, strlen(email));
	pki__vreason(v, PKI_VERIFY_EMAIL_MISMATCH, 0,
		     "the email address %s is not among the rfc822Name subject alternative names "
		     "of %s",
		     e ? e : "?", pki__pname(p, 0));
	pki_free(e);
}

/* The EKU of @p crt: 1 allows @p oid, 0 does not, -1 absent, -2 does not parse, -3 empty. */
static int eku_allows(gnutls_x509_crt_t crt, const char *oid)
{
	gnutls_datum_t d = { NULL, 0 };
	gnutls_x509_key_purposes_t kp = NULL;
	unsigned crit = 0;
	int ret = gnutls_x509_crt_get_extension_by_oid2(crt, "2.5.29.37", 0, &d, &crit);
	int result = 0;

	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return -1;
	if (ret < 0 || gnutls_x509_key_purpose_init(&kp) < 0) {
		gnutls_free(d.data);
		return -2;
	}
	ret = gnutls_x509_ext_import_key_purposes(&d, kp, 0);
	gnutls_free(d.data);
	if (ret < 0) {
		gnutls_x509_key_purpose_deinit(kp);
		return -2;
	}
	for (unsigned i = 0;; i++) {
		gnutls_datum_t o = { NULL, 0 };

		ret = gnutls_x509_key_purpose_get(kp, i, &o);
		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
			if (i == 0)
				result = -3;
			break;
		}
		if (ret < 0) { /* never loop on an error */
			result = -2;
			break;
		}
		if (strcmp((const char *)o.data, oid) == 0 ||
		    strcmp((const char *)o.data, GNUTLS_KP_ANY) == 0)
			result = 1;
	}
	gnutls_x509_key_purpose_deinit(kp);
	return result;
}

static void check_purpose(pki__vctx_t *v, const pki__path_t *p, int purpose)
{
	const char *oid = purpose == PKI_PURPOSE_SERVER ? GNUTLS_KP_TLS_WWW_SERVER
							: GNUTLS_KP_TLS_WWW_CLIENT;
	const char *eku = purpose == PKI_PURPOSE_SERVER ? "serverAuth" : "clientAuth";
	const char *tls = purpose == PKI_PURPOSE_SERVER ? "server" : "client";
	unsigned ku = 0, crit = 0;
	bool leaf_is_anchor = p->anchored && p->n == 1;

	for (size_t i = 0; i < p->n; i++) {
		int r = eku_allows(p->certs[i], oid);

		if (r == -2)
			pki__vreason(v, PKI_VERIFY_PURPOSE, (int)i,
				     "the extended key usage of %s does not parse, so it allows no "
				     "purpose",
				     pki__pname(p, i));
		else if (r == -3)
			pki__vreason(v, PKI_VERIFY_PURPOSE, (int)i,
				     "the extended key usage of %s is empty, so it allows no purpose",
				     pki__pname(p, i));
		else if (r == 0)
			pki__vreason(v, PKI_VERIFY_PURPOSE, (int)i,
				     "%s may not be used for a TLS %s: its extended key usage lacks "
				     "%s",
				     pki__pname(p, i), tls, eku);
	}
	if (leaf_is_anchor)
		return; /* a directly trusted certificate is what the user said it is */
	if (pki__crt_is_ca(p->certs[0], NULL))
		pki__vreason(v, PKI_VERIFY_PURPOSE, 0,
			     "%s is a CA certificate (CA:TRUE), not a TLS %s certificate",
			     pki__pname(p, 0), tls);
	if (gnutls_x509_crt_get_key_usage(p->certs[0], &ku, &crit) >= 0) {
		unsigned need = purpose == PKI_PURPOSE_SERVER
					? GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_KEY_ENCIPHERMENT |
						  GNUTLS_KEY_KEY_AGREEMENT
					: GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_KEY_AGREEMENT;

		if (ku & GNUTLS_KEY_KEY_CERT_SIGN)
			pki__vreason(v, PKI_VERIFY_PURPOSE, 0,
				     "%s may sign certificates (keyCertSign), so it is not a TLS %s "
				     "certificate",
				     pki__pname(p, 0), tls);
		if (!(ku & need))
			pki__vreason(v, PKI_VERIFY_KEY_USAGE, 0,
				     "the key usage of %s allows no TLS %s use (it needs "
				     "digitalSignature%s or keyAgreement)",
				     pki__pname(p, 0), tls,
				     purpose == PKI_PURPOSE_SERVER ? ", keyEncipherment" : "");
	}
}

void pki__validate_leaf(pki__vctx_t *v, const pki__path_t *p)
{
	const pki_verify_opts_t *opts = pki__vctx_opts(v);

	if (v->purpose != PKI_PURPOSE_ANY)
		check_purpose(v, p, v->purpose);
	if (opts->host)
		check_host(v, p, opts);
	if (opts->email)
		check_email(v, p, opts->email);
}
