/*
 * libpki — RFC 5280 6.3: the CRLs of one path.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Today's rules (to be rewritten by the revocation work): for every certificate but the
 * anchor, the newest complete CRL of its issuer (same raw name, signature verifies, cRLSign).
 */
#include "verify-int.h"

#include <string.h>

static bool crl_from_issuer(pki__vctx_t *v, const pki_crl_t *crl, gnutls_x509_crt_t issuer)
{
	gnutls_datum_t a = { NULL, 0 }, b = { NULL, 0 };
	bool same = false;

	if (gnutls_x509_crl_get_raw_issuer_dn(crl->crl, &a) == 0 &&
	    gnutls_x509_crt_get_raw_dn(issuer, &b) == 0)
		same = a.size == b.size && memcmp(a.data, b.data, a.size) == 0;
	gnutls_free(a.data);
	gnutls_free(b.data);
	if (!same)
		return false;
	{
		unsigned ku = 0, crit = 0;

		/* RFC 5280 4.2.1.3: a CRL issuer whose key usage is present needs cRLSign */
		if (gnutls_x509_crt_get_key_usage(issuer, &ku, &crit) == 0 &&
		    !(ku & GNUTLS_KEY_CRL_SIGN))
			return false;

		return pki__vctx_crl_signed_by(v, crl, issuer);
	}
}

void pki__revocation_check(pki__vctx_t *v, const pki__path_t *p)
{
	const pki_trust_t *trust = pki__vctx_trust(v);
	int mode = pki__vctx_opts(v)->crl_check;
	int64_t when = pki__vctx_time(v);
	char d[32];

	if (mode == PKI_CRL_CHECK_OFF)
		return;

	/* the trust anchor is not checked: it is trusted by configuration */
	for (size_t i = 0; i + 1 < p->n; i++) {
		const pki_crl_t *best = NULL;
		int64_t best_tu = 0, tu = 0, nu = -1;
		gnutls_datum_t serial = { NULL, 0 };
		const pki__crl_entry_t *e;

		for (size_t k = 0; k < trust->ncrls; k++) {
			if (trust->crls[k]->delta || !crl_from_issuer(v, trust->crls[k], p->certs[i + 1]))
				continue; /* delta CRLs are not supported: complete CRLs only */
			pki_crl_validity(&tu, NULL, trust->crls[k]);
			if (!best || tu >= best_tu) { /* ties: the one added last */
				best = trust->crls[k];
				best_tu = tu;
			}
		}
		if (!best) {
			if (mode == PKI_CRL_CHECK_CHAIN || i == 0)
				pki__vreason(v, PKI_VERIFY_CRL_MISSING, (int)i,
					   "no CRL from %s to check %s: add one to the trust store",
					   p->names[i + 1], p->names[i]);
			continue;
		}
		if (best->unknown_critical) {
			pki__vreason(v, PKI_VERIFY_UNKNOWN_CRITICAL, (int)i,
				   "the CRL from %s has an unknown critical extension: the revocation "
				   "status of %s cannot be checked",
				   p->names[i + 1], p->names[i]);
			continue;
		}
		pki_crl_validity(&tu, &nu, best);
		if (when < tu) {
			pki__date(d, sizeof(d), tu);
			pki__vreason(v, PKI_VERIFY_CRL_NOT_YET_VALID, (int)i,
				   "the CRL from %s is not yet valid: issued for %s", p->names[i + 1],
				   d);
		}
		if (nu >= 0 && when > nu) {
			pki__date(d, sizeof(d), nu);
			pki__vreason(v, PKI_VERIFY_CRL_EXPIRED, (int)i,
				   "the CRL from %s expired on %s: fetch a newer one", p->names[i + 1],
				   d);
		}
		if (pki__cert_serial(&serial, p->certs[i]) < 0)
			continue;
		e = pki__crl_find(best, &serial, NULL);
		gnutls_free(serial.data);
		if (e && e->reason != PKI_CRL_REASON_REMOVE_FROM_CRL) {
			pki__date(d, sizeof(d), e->revoked_at);
			if (e->reason == PKI_CRL_REASON_UNSPECIFIED)
				pki__vreason(v, PKI_VERIFY_REVOKED, (int)i, "revoked on %s (%s)", d,
					   p->names[i]);
			else
				pki__vreason(v, PKI_VERIFY_REVOKED, (int)i,
					   "revoked on %s, reason %s (%s)", d,
					   pki_crl_reason_name(e->reason), p->names[i]);
		}
	}
}

/* Explain GnuTLS status bits not covered by libpki's own reasons. */
