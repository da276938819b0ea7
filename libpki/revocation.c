/*
 * libpki — RFC 5280 6.3: the CRLs of one path.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * For every certificate of the path but the trust anchor, the CRLs of the trust store are
 * sorted into those in scope (6.3.3 (b)): issued by the certificate's issuer, or by the
 * cRLIssuer of one of its distribution points through an indirect CRL; the distribution point
 * names of the certificate meet those of the CRL's issuingDistributionPoint; onlyContains*
 * agree with the certificate. Of the CRLs of one scope (same issuer, same IDP) the newest
 * usable one counts, with the newest usable delta CRL whose base number it reaches. Each CRL
 * used covers the reasons of its onlySomeReasons and of the distribution point; until every
 * reason is covered the status is unknown, never "not revoked".
 *
 * A CRL is usable when it is current at the validation time, has no critical extension (of
 * the CRL or of an entry) that libpki does not know, is signed with an acceptable algorithm
 * and key, and its signer is either a certificate of the path with the CRL issuer's name or
 * another certificate with that name and cRLSign that has a valid path of its own
 * (pki__vctx_crl_signer_valid): a separate CRL key or a rolled-over key works. A CRL that is
 * in scope but not usable makes the status unknown with the reason why.
 */
#include "ocsp-int.h"
#include "verify-int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>


#define MAX_DPS 16      /* distribution points of one certificate considered */
#define MAX_SIGNERS 16  /* candidate CRL signers of one name */
#define OID_CRL_DP "2.5.29.31"

/* One distribution point of a certificate (or the implicit one when it has none). */
typedef struct {
	pki__dpname_t name;
	unsigned reasons;       /* PKI__REASONS_ALL when absent */
	pki__gnames_t crl_issuer; /* n == 0 when absent */
} dp_t;

/* What is known about the certificate being checked. */
typedef struct {
	gnutls_x509_crt_t crt;
	gnutls_datum_t serial;
	gnutls_datum_t issuer;  /* raw issuer Name */
	bool is_ca;
	dp_t dps[MAX_DPS];
	size_t ndps;
} subject_t;

/* Why the status could not be established (the first such finding is reported). */
typedef struct {
	int code; /* 0: none */
	char text[512];
} unknown_t;

static void unknown_set(unknown_t *u, int code, const char *fmt, ...) PKI_PRINTF(3, 4);
static void unknown_set(unknown_t *u, int code, const char *fmt, ...)
{
	va_list ap;

	if (u->code && u->code != PKI_VERIFY_CRL_MISSING) /* a forged CRL says least */
		return;
	u->code = code;
	va_start(ap, fmt);
	vsnprintf(u->text, sizeof(u->text), fmt, ap);
	va_end(ap);
}

static void subject_clear(subject_t *s)
{
	gnutls_free(s->serial.data);
	gnutls_free(s->issuer.data);
	for (size_t i = 0; i < s->ndps; i++) {
		pki__gnames_clear(&s->dps[i].name.names);
		pki__gnames_clear(&s->dps[i].crl_issuer);
	}
	memset(s, 0, sizeof(*s));
}

static unsigned reason_bits(asn1_node node, const char *name)
{
	gnutls_datum_t bits = { NULL, 0 };
	size_t nbits = 0;
	unsigned mask = 0;

	if (pki__asn1_read_bits(&bits, &nbits, node, name) < 0)
		return PKI__REASONS_ALL;
	for (size_t i = 1; i < nbits && i <= 8; i++)
		if (bits.data[i / 8] & (0x80 >> (i % 8)))
			mask |= PKI__REASON_BIT(i);
	gnutls_free(bits.data);
	return mask;
}

/* The certificate's cRLDistributionPoints; false when they are malformed. */
static bool read_dps(subject_t *s)
{
	gnutls_datum_t ext = { NULL, 0 };
	unsigned critical = 0;
	asn1_node node = NULL;
	size_t n = 0;
	bool ok = true;
	int ret;

	ret = gnutls_x509_crt_get_extension_by_oid2(s->crt, OID_CRL_DP, 0, &ext, &critical);
	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
		s->dps[0].reasons = PKI__REASONS_ALL; /* one implicit point: the issuer's CRLs */
		s->ndps = 1;
		return true;
	}
	if (ret < 0)
		return false;
	ret = pki__asn1_decode(&node, "CRLDistributionPoints", ext.data, ext.size);
	gnutls_free(ext.data);
	if (ret == 0)
		ret = pki__asn1_count(&n, node, "");
	for (size_t i = 0; ret == 0 && i < n && s->ndps < MAX_DPS; i++) {
		dp_t *d = &s->dps[s->ndps];
		char el[64];
		const gnutls_datum_t *rel = &s->issuer;

		snprintf(el, sizeof(el), "?%zu.cRLIssuer", i + 1);
		ret = pki__gnames_read(&d->crl_issuer, node, el);
		if (ret == PKI_E_NOT_FOUND)
			ret = 0;
		if (ret < 0)
			break;
		/* nameRelativeToCRLIssuer is relative to the cRLIssuer when there is one */
		for (size_t k = 0; k < d->crl_issuer.n; k++)
			if (d->crl_issuer.v[k].type == PKI__GN_DIRNAME) {
				rel = &d->crl_issuer.v[k].der;
				break;
			}
		snprintf(el, sizeof(el), "?%zu.distributionPoint", i + 1);
		ret = pki__dpname_read(&d->name, node, el, rel);
		if (ret < 0) {
			pki__gnames_clear(&d->crl_issuer);
			break;
		}
		snprintf(el, sizeof(el), "?%zu.reasons", i + 1);
		d->reasons = PKI__REASONS_ALL;
		{
			gnutls_datum_t tmp = { NULL, 0 };
			size_t nb = 0;

			if (pki__asn1_read_bits(&tmp, &nb, node, el) == 0) {
				gnutls_free(tmp.data);
				d->reasons = reason_bits(node, el);
			}
		}
		s->ndps++;
	}
	if (ret < 0 || s->ndps == 0)
		ok = false;
	pki__asn1_free(&node);
	pki__clear_error();
	return ok;
}

/* RFC 5280 6.3.3 (b): whether @p c is in the scope of distribution point @p d of @p s. */
static bool in_scope(const pki_crl_t *c, const subject_t *s, const dp_t *d)
{
	if (d->crl_issuer.n) {
		if (!c->indirect || !pki__gnames_have_dn(&d->crl_issuer, &c->issuer))
			return false;
	} else if (!pki__dn_equal(&c->issuer, &s->issuer)) {
		return false;
	}
	if (!c->has_idp)
		return true;
	if (c->idp_name.present) {
		if (d->name.present) {
			if (!pki__gnames_meet(&c->idp_name.names, &d->name.names))
				return false;
		} else if (d->crl_issuer.n) {
			if (!pki__gnames_meet(&c->idp_name.names, &d->crl_issuer))
				return false;
		} else {
			return false;
		}
	}
	if ((c->only_user && s->is_ca) || (c->only_ca && !s->is_ca) || c->only_attr)
		return false;
	return true;
}

/* Same issuer and same issuingDistributionPoint: CRLs of one scope, of which the newest
 * counts. */
static bool same_scope(const pki_crl_t *a, const pki_crl_t *b)
{
	return pki__dn_equal(&a->issuer, &b->issuer) && a->idp_der.size == b->idp_der.size &&
	       (a->idp_der.size == 0 ||
		memcmp(a->idp_der.data, b->idp_der.data, a->idp_der.size) == 0);
}

/* Newer: the greater CRL number when both have one, else the later thisUpdate. */
static bool newer(const pki_crl_t *a, const pki_crl_t *b)
{
	if (a->number.size && b->number.size)
		return pki__uint_cmp(&a->number, &b->number) > 0;
	return a->this_update > b->this_update;
}

static char *crt_name(gnutls_x509_crt_t crt)
{
	gnutls_datum_t d = { NULL, 0 };
	char *s;

	if (gnutls_x509_crt_get_dn3(crt, &d, 0) < 0)
		return pki__strdup("(unreadable name)");
	s = pki__escape((const char *)d.data, d.size);
	gnutls_free(d.data);
	return s;
}

static void check_cert(pki__vctx_t *v, const pki__path_t *p, size_t i, bool required,
		       unsigned depth, unknown_t *out);

/*
 * The CRL signer's own revocation status: when the signer is a sibling of the path's
 * certificate at @p i + 1 (issued by the certificate above it), the path made of the signer
 * and the rest of the path is checked as well, one level deep.
 */
static bool signer_not_revoked(pki__vctx_t *v, const pki__path_t *p, size_t i,
			       gnutls_x509_crt_t signer, unsigned depth)
{
	pki__path_t q;
	gnutls_x509_crt_t certs[PKI__VERIFY_MAX_DEPTH + 1];
	char *names[PKI__VERIFY_MAX_DEPTH + 1];
	size_t n;
	bool ok;

	if (i + 2 >= p->n || depth > 0)
		return true; /* issued by the anchor's issuer: a trust anchor itself, or too deep */
	if (!pki__vctx_signed_by(v, signer, p->certs[i + 2]))
		return true; /* its own path is elsewhere: validated by crl_signer_valid */
	n = p->n - (i + 1);
	if (n > PKI__VERIFY_MAX_DEPTH)
		return false;
	certs[0] = signer;
	names[0] = crt_name(signer);
	if (!names[0]) {
		pki__vnomem(v);
		return false;
	}
	for (size_t k = 1; k < n; k++) {
		certs[k] = p->certs[i + 1 + k];
		names[k] = (char *)pki__pname(p, i + 1 + k); /* the outer path's, made now */
	}
	q.certs = certs;
	q.names = names;
	q.names_nomem = p->names_nomem;
	q.n = n;
	q.anchored = p->anchored;
	q.too_long = false;
	{
		unknown_t r = { 0, "" };

		check_cert(v, &q, 0, true, depth + 1, &r);
		ok = r.code == 0;
	}
	pki_free(names[0]);
	return ok;
}

/* RFC 5280 6.3.3 (f): a signer of @p c whose key verifies it. NULL when none (why in @p u). */
static gnutls_x509_crt_t find_signer(pki__vctx_t *v, const pki__path_t *p, size_t i,
				     const pki_crl_t *c, unknown_t *u, const char *who,
				     unsigned depth)
{
	gnutls_x509_crt_t cand[MAX_SIGNERS + PKI__VERIFY_MAX_DEPTH];
	size_t n = 0, found;
	bool no_crlsign = false, bad_sig = false, invalid = false;

	/* the certificates of the path with the CRL issuer's name first (the issuer itself, or
	 * the new-key certificate of a key rollover above it) */
	for (size_t k = i + 1; k < p->n && n < PKI__VERIFY_MAX_DEPTH; k++) {
		gnutls_datum_t dn = { NULL, 0 };

		if (gnutls_x509_crt_get_raw_dn(p->certs[k], &dn) == 0 &&
		    pki__dn_equal(&dn, &c->issuer))
			cand[n++] = p->certs[k];
		gnutls_free(dn.data);
	}
	found = n;
	n += pki__vctx_by_subject(v, &c->issuer, cand + n, MAX_SIGNERS);
	for (size_t k = 0; k < n; k++) {
		unsigned ku = 0, crit = 0;
		bool dup = false;

		for (size_t j = 0; j < k && !dup; j++)
			dup = pki__vctx_same(v, cand[j], cand[k]);
		if (dup)
			continue;
		/* RFC 5280 4.2.1.3: a CRL signer whose key usage is present needs cRLSign */
		if (gnutls_x509_crt_get_key_usage(cand[k], &ku, &crit) == 0 &&
		    !(ku & GNUTLS_KEY_CRL_SIGN)) {
			no_crlsign = true;
			continue;
		}
		if (!pki__vctx_crl_signed_by(v, c, cand[k])) {
			bad_sig = true;
			continue;
		}
		if (k < found)
			return cand[k]; /* on the path: validated with it */
		if (!pki__vctx_crl_signer_valid(v, cand[k]) ||
		    !signer_not_revoked(v, p, i, cand[k], depth)) {
			invalid = true;
			continue;
		}
		return cand[k];
	}
	if (invalid)
		unknown_set(u, PKI_VERIFY_REVOCATION_UNKNOWN,
			    "the CRL from %s is signed by a certificate that is not valid itself: "
			    "the revocation status of %s is unknown",
			    who, pki__pname(p, i));
	else if (bad_sig)
		unknown_set(u, PKI_VERIFY_CRL_MISSING,
			    "no CRL from %s whose signature verifies (a forged or damaged one is "
			    "ignored): the revocation status of %s is unknown",
			    who, pki__pname(p, i));
	else if (no_crlsign)
		unknown_set(u, PKI_VERIFY_REVOCATION_UNKNOWN,
			    "the CRL from %s is signed by a certificate without cRLSign in its key "
			    "usage: the revocation status of %s is unknown",
			    who, pki__pname(p, i));
	else
		unknown_set(u, PKI_VERIFY_REVOCATION_UNKNOWN,
			    "no certificate of the CRL issuer %s is available to check its CRL: "
			    "the revocation status of %s is unknown",
			    who, pki__pname(p, i));
	return NULL;
}

/* Whether @p c can be used at all (dates, critical extensions, algorithms, signer). */
static bool usable(pki__vctx_t *v, const pki__path_t *p, size_t i, const pki_crl_t *c,
		   unknown_t *u, const char *who, unsigned depth)
{
	int64_t when = pki__vctx_time(v);
	char d[32], why[64];
	const char *kind = c->delta ? "delta CRL" : "CRL";
	gnutls_x509_crt_t signer;
	gnutls_pubkey_t pub = NULL;
	bool owned = false;
	bool ok = true;

	if (when < c->this_update) {
		pki__date(d, sizeof(d), c->this_update);
		unknown_set(u, PKI_VERIFY_CRL_NOT_YET_VALID,
			    "the %s from %s is not yet valid (thisUpdate %s): the revocation status "
			    "of %s is unknown",
			    kind, who, d, pki__pname(p, i));
		return false;
	}
	if (c->next_update >= 0 && when > c->next_update) {
		pki__date(d, sizeof(d), c->next_update);
		unknown_set(u, PKI_VERIFY_CRL_EXPIRED,
			    "the %s from %s expired on %s: the revocation status of %s is unknown",
			    kind, who, d, pki__pname(p, i));
		return false;
	}
	if (c->unknown_critical || c->entry_unknown_critical) {
		unknown_set(u, PKI_VERIFY_UNKNOWN_CRITICAL,
			    "the %s from %s has an unknown critical %sextension: the revocation "
			    "status of %s is unknown",
			    kind, who, c->unknown_critical ? "" : "entry ", pki__pname(p, i));
		return false;
	}
	if (c->number_critical) {
		unknown_set(u, PKI_VERIFY_REVOCATION_UNKNOWN,
			    "the %s from %s marks its cRLNumber critical (RFC 5280 5.2.3): the "
			    "revocation status of %s is unknown",
			    kind, who, pki__pname(p, i));
		return false;
	}
	if (c->number.size == 0) {
		unknown_set(u, PKI_VERIFY_REVOCATION_UNKNOWN,
			    "the %s from %s has no cRLNumber (RFC 5280 5.2.3): the revocation "
			    "status of %s is unknown",
			    kind, who, pki__pname(p, i));
		return false;
	}
	if (pki__alg_check_sign(v, c->sign_algo, why, sizeof(why))) {
		unknown_set(u, PKI_VERIFY_WEAK_ALGORITHM,
			    "the %s from %s is signed with %s: the revocation status of %s is "
			    "unknown",
			    kind, who, why, pki__pname(p, i));
		return false;
	}
	signer = find_signer(v, p, i, c, u, who, depth);
	if (!signer)
		return false;
	/* the verification's import: a DSA key with inherited parameters is there (dsa-inherit.c) */
	if (pki__vctx_pubkey(v, signer, &pub, &owned) == PKI_E_NOMEM) {
		pki__vnomem(v);
		return false;
	}
	if (!pub)
		snprintf(why, sizeof(why), "it cannot be imported");
	if (!pub || pki__alg_check_pubkey(v, pub, why, sizeof(why))) {
		unknown_set(u, PKI_VERIFY_WEAK_ALGORITHM,
			    "the %s from %s is signed with a weak key (%s): the revocation status "
			    "of %s is unknown",
			    kind, who, why, pki__pname(p, i));
		ok = false;
	}
	if (owned)
		gnutls_pubkey_deinit(pub);
	return ok;
}

/* A "CN=..." display name of a CRL's issuer (escaped), into @p buf. */
static void crl_who(char *buf, size_t len, const pki_crl_t *c)
{
	char *s = NULL;

	if (pki__crl_issuer_str(&s, c) == 0) {
		char *e = pki__escape(s, strlen(s));

		snprintf(buf, len, "%s", e ? e : "(issuer)");
		pki_free(e);
	} else {
		snprintf(buf, len, "(unreadable issuer)");
	}
	pki_free(s);
	pki__clear_error();
}

static void revoked_reason(unknown_t *out, const pki__path_t *p, size_t i,
			   const pki__crl_entry_t *e)
{
	char d[32];

	pki__date(d, sizeof(d), e->revoked_at);
	out->code = 0;
	if (e->reason == PKI_CRL_REASON_UNSPECIFIED)
		unknown_set(out, PKI_VERIFY_REVOKED, "revoked on %s (%s)", d, pki__pname(p, i));
	else
		unknown_set(out, PKI_VERIFY_REVOKED, "revoked on %s, reason %s (%s)", d,
			    pki_crl_reason_name(e->reason), pki__pname(p, i));
}

/* What the CRLs are matched on for p->certs[i], in @p s: its serial, issuer, CA-ness and CRL
 * distribution points; false (with the sentence in @p out) when one of them cannot be read. */
static bool subject_read(subject_t *s, const pki__path_t *p, size_t i, unknown_t *out)
{
	memset(s, 0, sizeof(*s));
	s->crt = p->certs[i];
	s->is_ca = pki__crt_is_ca(s->crt, NULL);
	if (pki__cert_serial(&s->serial, s->crt) < 0 ||
	    gnutls_x509_crt_get_raw_issuer_dn(s->crt, &s->issuer) < 0) {
		pki__clear_error();
		unknown_set(out, PKI_VERIFY_REVOCATION_UNKNOWN,
			    "cannot read the serial or issuer of %s to check its revocation",
			    pki__pname(p, i));
		return false;
	}
	if (!read_dps(s)) {
		unknown_set(out, PKI_VERIFY_REVOCATION_UNKNOWN,
			    "the CRL distribution points of %s do not parse: its revocation status "
			    "is unknown",
			    pki__pname(p, i));
		return false;
	}
	return true;
}

/* Whether a newer usable CRL of the same scope supersedes @p c: of the usable CRLs of one
 * scope, the newest is used; a newer CRL of another scope (CA certificates only, say) hides
 * nothing. */
static bool superseded(pki__vctx_t *v, const pki__path_t *p, size_t i, const pki_crl_t *c,
		       const char *who, unsigned depth)
{
	const pki_trust_t *trust = pki__vctx_trust(v);

	for (size_t j = 0; j < trust->ncrls; j++) {
		const pki_crl_t *o = trust->crls[j];
		unknown_t ignore = { 0, "" };

		if (o != c && !o->delta && same_scope(o, c) && newer(o, c) &&
		    usable(v, p, i, o, &ignore, who, depth))
			return true;
	}
	return false;
}

/*
 * The newest usable delta CRL of @p c's scope whose base @p c reaches, in @p delta (NULL when
 * there is none). false when such a delta cannot be used: that leaves the status open, and
 * @p u says why.
 */
static bool find_delta(const pki_crl_t **delta, unknown_t *u, pki__vctx_t *v,
		       const pki__path_t *p, size_t i, const pki_crl_t *c, const char *who,
		       unsigned depth)
{
	const pki_trust_t *trust = pki__vctx_trust(v);

	*delta = NULL;
	for (size_t j = 0; j < trust->ncrls; j++) {
		const pki_crl_t *o = trust->crls[j];
		unknown_t du = { 0, "" };

		if (!o->delta || !same_scope(o, c) || pki__uint_cmp(&o->base_number, &c->number) > 0 ||
		    (o->number.size && pki__uint_cmp(&o->number, &c->number) <= 0))
			continue;
		if (!usable(v, p, i, o, &du, who, depth)) {
			unknown_set(u, du.code, "%s", du.text);
			return false;
		}
		if (!*delta || newer(o, *delta))
			*delta = o;
	}
	return true;
}

/* The entry that revokes @p s: the delta's when the delta lists @p s (removeFromCRL there
 * takes the revocation back), else the base CRL @p c's; NULL when @p s is not revoked. */
static const pki__crl_entry_t *revoking_entry(const pki_crl_t *c, const pki_crl_t *delta,
					      const subject_t *s)
{
	const pki__crl_entry_t *e = NULL;

	if (delta)
		e = pki__crl_find(delta, &s->serial, &s->issuer);
	if (!e)
		e = pki__crl_find(c, &s->serial, &s->issuer);
	return e && e->reason != PKI_CRL_REASON_REMOVE_FROM_CRL ? e : NULL;
}

/* The revocation status of p->certs[i]: @p out->code stays 0 when it is known not to be
 * revoked; otherwise a PKI_VERIFY_* code and a sentence. */
static void check_cert(pki__vctx_t *v, const pki__path_t *p, size_t i, bool required,
		       unsigned depth, unknown_t *out)
{
	const pki_trust_t *trust = pki__vctx_trust(v);
	subject_t s;
	unknown_t u = { 0, "" };
	unsigned mask = 0;
	bool any_scope = false;
	char who[256] = "";

	if (!subject_read(&s, p, i, out)) {
		subject_clear(&s);
		return;
	}
	for (size_t di = 0; di < s.ndps; di++) {
		for (size_t k = 0; k < trust->ncrls; k++) {
			const pki_crl_t *c = trust->crls[k], *delta;
			const pki__crl_entry_t *e;

			if (c->delta || !in_scope(c, &s, &s.dps[di]))
				continue;
			any_scope = true;
			/* every CRL in scope is read, also once all reasons are covered: CRLs of one
			 * scope issued at the same time are all used */
			crl_who(who, sizeof(who), c);
			if (superseded(v, p, i, c, who, depth) || !usable(v, p, i, c, &u, who, depth) ||
			    !find_delta(&delta, &u, v, p, i, c, who, depth))
				continue;
			if ((e = revoking_entry(c, delta, &s)) != NULL) {
				revoked_reason(out, p, i, e);
				subject_clear(&s);
				return;
			}
			mask |= s.dps[di].reasons & c->only_reasons;
		}
	}
	if (mask != PKI__REASONS_ALL) {
		if (u.code)
			*out = u;
		else if (mask)
			unknown_set(out, PKI_VERIFY_REVOCATION_UNKNOWN,
				    "the CRLs of %s cover only some revocation reasons for %s: its "
				    "revocation status is unknown",
				    who, pki__pname(p, i));
		else if (required || any_scope)
			unknown_set(out, PKI_VERIFY_CRL_MISSING,
				    "no CRL from %s to check %s: add one to the trust store",
				    pki__pname(p, i + 1), pki__pname(p, i));
	}
	subject_clear(&s);
}

void pki__revocation_check(pki__vctx_t *v, const pki__path_t *p)
{
	int mode = pki__vctx_opts(v)->crl_check;

	bool ocsp = pki__vctx_opts(v)->ocsp != NULL;

	if (mode == PKI_CRL_CHECK_OFF && !ocsp)
		return;
	/* the trust anchor is not checked: it is trusted by configuration */
	for (size_t i = 0; i + 1 < p->n; i++) {
		unknown_t r = { 0, "" };

		/* an OCSP response about the certificate answers first (ocsp-verify.c) */
		if (!(ocsp && pki__ocsp_revocation(v, p, i, &r.code, r.text, sizeof(r.text))) &&
		    mode != PKI_CRL_CHECK_OFF)
			check_cert(v, p, i, mode == PKI_CRL_CHECK_CHAIN || i == 0, 0, &r);
		if (r.code)
			pki__vreason(v, r.code, (int)i, "%s", r.text);
	}
}
