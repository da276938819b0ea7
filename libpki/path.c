/*
 * libpki — path building: from the target up to a trust anchor.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * From the leaf, repeatedly take an issuer from the trust store or else from the untrusted
 * intermediates (any order, matched by name and, among several, by signature), up to a
 * trusted certificate or until no issuer is found. The chain built is what the result shows.
 */
#include "verify-int.h"

#include <string.h>

int pki__crt_copy(gnutls_x509_crt_t *out, gnutls_x509_crt_t in)
{
	gnutls_datum_t d = { NULL, 0 };
	int ret;

	*out = NULL;
	ret = gnutls_x509_crt_export2(in, GNUTLS_X509_FMT_DER, &d);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_PARSE, ret, "cannot encode a certificate");
	ret = gnutls_x509_crt_init(out);
	if (ret == 0)
		ret = gnutls_x509_crt_import(*out, &d, GNUTLS_X509_FMT_DER);
	gnutls_free(d.data);
	if (ret < 0) {
		if (*out)
			gnutls_x509_crt_deinit(*out);
		*out = NULL;
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
					"cannot copy a certificate");
	}
	return 0;
}

bool pki__crt_self_issued(gnutls_x509_crt_t crt)
{
	gnutls_datum_t a = { NULL, 0 }, b = { NULL, 0 };
	bool same = false;

	if (gnutls_x509_crt_get_raw_dn(crt, &a) == 0 &&
	    gnutls_x509_crt_get_raw_issuer_dn(crt, &b) == 0)
		same = a.size == b.size && memcmp(a.data, b.data, a.size) == 0;
	gnutls_free(a.data);
	gnutls_free(b.data);
	return same;
}

#define MAX_CHAIN 16

typedef struct {
	gnutls_x509_crt_t c[MAX_CHAIN + 1];
	size_t n;
	bool trusted;  /* c[n-1] is in the trust store, or issued by one in it */
	bool too_long;
} path_t;

static bool in_path(const path_t *p, gnutls_x509_crt_t c)
{
	for (size_t i = 0; i < p->n; i++)
		if (gnutls_x509_crt_equals(p->c[i], c))
			return true;
	return false;
}

static bool signed_by(gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer)
{
	unsigned st = 0;

	if (gnutls_x509_crt_verify(crt, &issuer, 1,
				   GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
					   GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS |
					   GNUTLS_VERIFY_DISABLE_CA_SIGN |
					   GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1,
				   &st) < 0)
		return false;
	return !(st & (GNUTLS_CERT_SIGNATURE_FAILURE | GNUTLS_CERT_SIGNER_NOT_FOUND));
}

bool pki__vctx_signed_by(pki__vctx_t *v, gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer)
{
	v->sig_checks++;
	return signed_by(crt, issuer);
}

bool pki__vctx_crl_signed_by(pki__vctx_t *v, const pki_crl_t *crl, gnutls_x509_crt_t issuer)
{
	pki_cert_t tmp = { issuer };

	v->sig_checks++;
	return pki_crl_verify(crl, &tmp, 0) == 0;
}

bool pki__crt_self_signed(pki__vctx_t *v, gnutls_x509_crt_t crt)
{
	return pki__crt_self_issued(crt) && pki__vctx_signed_by(v, crt, crt);
}

static int build_path(path_t *p, gnutls_x509_crt_t leaf, const pki_trust_t *trust,
		      const pki_verify_opts_t *opts)
{
	int ret = pki__crt_copy(&p->c[0], leaf);

	if (ret < 0)
		return ret;
	p->n = 1;
	for (;;) {
		gnutls_x509_crt_t cur = p->c[p->n - 1], iss = NULL, cand = NULL;

		if (gnutls_x509_trust_list_get_issuer(trust->tl, cur, &iss, GNUTLS_TL_GET_COPY) == 0 &&
		    iss) {
			p->trusted = true;
			if (gnutls_x509_crt_equals(iss, cur) || in_path(p, iss)) {
				gnutls_x509_crt_deinit(iss);
			} else if (p->n > MAX_CHAIN) {
				gnutls_x509_crt_deinit(iss);
				p->too_long = true;
			} else {
				p->c[p->n++] = iss;
			}
			return 0;
		}
		/* a self-signed certificate may still have another issuer (a re-keyed or
		 * cross-signed CA): keep looking among the untrusted ones */
		{
			size_t nmatch = 0;

			/* The chain is verified as a whole afterwards, so a signature check here
			 * only helps to choose among several certificates with the issuer's name
			 * (it cost a third of a verification when done for the only candidate). */
			for (size_t i = 0; opts && i < opts->nuntrusted; i++) {
				gnutls_x509_crt_t u = opts->untrusted[i];

				if (in_path(p, u) || !gnutls_x509_crt_check_issuer(cur, u))
					continue;
				if (!cand)
					cand = u;
				nmatch++;
			}
			for (size_t i = 0; nmatch > 1 && i < opts->nuntrusted; i++) {
				gnutls_x509_crt_t u = opts->untrusted[i];

				if (in_path(p, u) || !gnutls_x509_crt_check_issuer(cur, u))
					continue;
				if (signed_by(cur, u)) {
					cand = u;
					break;
				}
			}
		}
		if (!cand)
			return 0;
		if (p->n > MAX_CHAIN) {
			p->too_long = true;
			return 0;
		}
		ret = pki__crt_copy(&p->c[p->n], cand);
		if (ret < 0)
			return ret;
		p->n++;
	}
}


int pki__path_build(pki__vctx_t *v, pki__path_t *path, gnutls_x509_crt_t leaf)
{
	path_t p;
	int ret;

	memset(&p, 0, sizeof(p));
	memset(path, 0, sizeof(*path));
	ret = build_path(&p, leaf, v->trust, v->opts);
	path->certs = pki__zalloc((p.n + 1) * sizeof(*path->certs));
	path->names = pki__zalloc((p.n + 1) * sizeof(*path->names));
	if (ret == 0 && (!path->certs || !path->names))
		ret = pki__fail(PKI_E_NOMEM, "out of memory");
	if (ret < 0) {
		for (size_t i = 0; i < p.n; i++)
			gnutls_x509_crt_deinit(p.c[i]);
		pki__path_clear(path);
		return ret;
	}
	memcpy(path->certs, p.c, p.n * sizeof(*path->certs));
	path->n = p.n;
	path->anchored = p.trusted;
	path->too_long = p.too_long;
	return 0;
}

void pki__path_clear(pki__path_t *path)
{
	for (size_t i = 0; path->certs && i < path->n; i++)
		if (path->certs[i])
			gnutls_x509_crt_deinit(path->certs[i]);
	for (size_t i = 0; path->names && i < path->n; i++)
		pki_free(path->names[i]);
	pki_free(path->certs);
	pki_free(path->names);
	memset(path, 0, sizeof(*path));
}
