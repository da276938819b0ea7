/*
 * libpki — OCSP responses as a revocation source of the verifier: the responses given to
 * the verification options (pki_verify_opts_add_ocsp_response) answer for the certificates
 * they speak of, before any CRL (revocation.c asks here first).
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "internal.h"
#include "ocsp-int.h"

#include <gnutls/ocsp.h>
#include <stdio.h>
#include <string.h>

#define MAX_RESPONSES 64u

void pki__ocsp_set_free(struct pki__ocsp_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		gnutls_free(set->resp[i].data);
	pki_free(set->resp);
	pki_free(set);
}

int pki_verify_opts_add_ocsp_response(pki_verify_opts_t *opts, const void *der, size_t size,
				      unsigned flags)
{
	gnutls_datum_t d = { (unsigned char *)der, (unsigned)size }, *grown;
	gnutls_ocsp_resp_t r = NULL;
	struct pki__ocsp_set *set;
	int ret;

	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "pki_verify_opts_add_ocsp_response: opts is NULL");
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG,
				 "pki_verify_opts_add_ocsp_response: unknown flags 0x%x", flags);
	if ((ret = pki__check_input(der, size)) < 0)
		return ret;
	if ((ret = gnutls_ocsp_resp_init(&r)) < 0)
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "out of memory");
	ret = gnutls_ocsp_resp_import(r, &d);
	gnutls_ocsp_resp_deinit(r);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_PARSE, ret, "not a DER OCSP response");
	if (!opts->ocsp && !(opts->ocsp = pki__zalloc(sizeof(*opts->ocsp))))
		return pki__fail(PKI_E_NOMEM, "out of memory");
	set = opts->ocsp;
	grown = pki__grow(set->resp, &set->cap, set->n, sizeof(*grown), MAX_RESPONSES,
			  "OCSP responses", &ret);
	if (!grown)
		return ret;
	set->resp = grown;
	if (!(grown[set->n].data = gnutls_malloc(size)))
		return pki__fail(PKI_E_NOMEM, "out of memory");
	memcpy(grown[set->n].data, der, size);
	grown[set->n].size = (unsigned)size;
	set->n++;
	return 0;
}

bool pki__ocsp_revocation(pki__vctx_t *v, const pki__path_t *p, size_t i, int *code, char *text,
			  size_t len)
{
	const struct pki__ocsp_set *set = pki__vctx_opts(v)->ocsp;

	*code = 0;
	text[0] = '\0';
	if (!set || i + 1 >= p->n)
		return false;
	for (size_t k = 0; k < set->n; k++) {
		pki_ocsp_status_t st = PKI_OCSP_UNKNOWN;
		pki_crl_reason_t reason = PKI_CRL_REASON_UNSPECIFIED;
		int64_t at = 0;
		int rc = pki__ocsp_check_crt(&st, &at, &reason, set->resp[k].data, set->resp[k].size,
					     p->certs[i], p->certs[i + 1], NULL, 0,
					     pki__vctx_time(v));

		if (rc == PKI_E_NOT_FOUND) {
			pki__clear_error();
			continue; /* about other certificates */
		}
		if (rc < 0) {
			/* fail closed: a response that names nothing checkable is not "good" */
			*code = PKI_VERIFY_REVOCATION_UNKNOWN;
			snprintf(text, len, "the OCSP response for %s cannot be used: %s", pki__pname(p, i),
				 pki_error_detail());
		} else if (st == PKI_OCSP_REVOKED) {
			char d[32];

			pki__date(d, sizeof(d), at);
			*code = PKI_VERIFY_REVOKED;
			/* a number RFC 5280 does not name (7, 11, ...) is said as unspecified */
			if (reason != PKI_CRL_REASON_UNSPECIFIED && pki_crl_reason_name(reason))
				snprintf(text, len, "revoked on %s, reason %s (%s), says OCSP", d,
					 pki_crl_reason_name(reason), pki__pname(p, i));
			else
				snprintf(text, len, "revoked on %s (%s), says OCSP", d, pki__pname(p, i));
		} else if (st == PKI_OCSP_UNKNOWN) {
			*code = PKI_VERIFY_REVOCATION_UNKNOWN;
			snprintf(text, len, "the OCSP responder does not know %s: its revocation status "
				 "is unknown", pki__pname(p, i));
		}
		pki__clear_error();
		return true;
	}
	return false;
}
