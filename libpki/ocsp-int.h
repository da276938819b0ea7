/*
 * libpki — OCSP helpers shared by ocsp.c, ocsp-verify.c and the verifier (never installed).
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PKI_OCSP_INT_H
#define PKI_OCSP_INT_H

#include "verify-int.h"

/* pki_ocsp_check on GnuTLS certificates at time @p now, arguments already checked (@p status
 * not NULL; @p revoked_at and @p reason may be NULL). */
int pki__ocsp_check_crt(pki_ocsp_status_t *status, int64_t *revoked_at, pki_crl_reason_t *reason,
			const void *resp, size_t resp_size, gnutls_x509_crt_t cert,
			gnutls_x509_crt_t issuer, const void *req, size_t req_size, int64_t now);

/* The OCSP responses of a pki_verify_opts_t (pki_verify_opts_add_ocsp_response). */
struct pki__ocsp_set {
	gnutls_datum_t *resp; /* owned copies (gnutls_free) */
	size_t n, cap;
};
void pki__ocsp_set_free(struct pki__ocsp_set *set); /* NULL is fine */

/*
 * The revocation status of p->certs[i] (issued by p->certs[i + 1]) from the OCSP responses
 * of the options: false when none speaks of it (the CRLs decide); true when one does, with
 * @p code 0 (good) or a PKI_VERIFY_* code (revoked, unknown, unusable or stale response) and
 * a sentence in @p text.
 */
bool pki__ocsp_revocation(pki__vctx_t *v, const pki__path_t *p, size_t i, int *code, char *text,
			  size_t len);

#endif /* PKI_OCSP_INT_H */
