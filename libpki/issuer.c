/*
 * libpki — the prepared issuer: a CA certificate and key checked once (issue-int.h's
 * pki__issuer_check), then many certificates issued with only the per-request work.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "internal.h"

#include "issue-int.h"

#include <string.h>

struct pki_issuer {
	struct pki__issuer_in in; /* borrows the CA's crt and the key handle */
};

/* "<fn>: <args> is NULL" unless @p given. */
static int need(const char *fn, bool given, const char *args)
{
	return given ? 0 : pki__fail(PKI_E_INVALID_ARG, "%s: %s is NULL", fn, args);
}

int pki_issuer_new(pki_issuer_t **out, const pki_cert_t *ca, const pki_key_t *ca_key,
		   unsigned flags)
{
	pki_issuer_t *iss;
	int ret;

	if ((ret = PKI__ENTER_OUT(out, 0, 0)) < 0 ||
	    (ret = need(__func__, ca && ca_key, "ca or ca_key")) < 0 ||
	    (ret = pki__flags(__func__, flags, 0)) < 0)
		return ret;
	iss = pki__zalloc(sizeof(*iss));
	if (!iss)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	ret = pki__issuer_check(&iss->in, pki__cert_crt(ca), ca_key);
	if (ret < 0) {
		pki_issuer_free(iss);
		return ret;
	}
	*out = iss;
	return 0;
}

int pki_issuer_issue(pki_cert_t **out, const pki_issuer_t *issuer, const pki_csr_t *csr,
		     const pki_issue_opts_t *opts, unsigned flags)
{
	int ret;

	if ((ret = PKI__ENTER_OUT(out, 0, 0)) < 0 ||
	    (ret = need(__func__, issuer && csr, "issuer or csr")) < 0 ||
	    (ret = pki__issue_check_flags(flags, __func__)) < 0)
		return ret;
	return pki__issue_csr(out, &issuer->in, csr, opts, flags);
}

int pki_issuer_issue_for_key(pki_cert_t **out, const pki_issuer_t *issuer,
			     const pki_key_t *subject_key, const char *subject,
			     const pki_issue_opts_t *opts, unsigned flags)
{
	int ret;

	if ((ret = PKI__ENTER_OUT(out, 0, 0)) < 0 ||
	    (ret = need(__func__, issuer && subject_key && subject,
			"issuer, subject_key or subject")) < 0 ||
	    (ret = pki__issue_check_flags(flags, __func__)) < 0)
		return ret;
	return pki__issue_key(out, &issuer->in, subject_key->pub, subject, opts, flags);
}

void pki_issuer_free(pki_issuer_t *issuer)
{
	if (!issuer)
		return;
	pki__issuer_clear(&issuer->in);
	pki_free(issuer);
}
