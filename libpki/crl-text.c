/*
 * libpki — CRL dumps: text and JSON (crl.c decodes, this file only formats).
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "crl-int.h"

#include <stdio.h>
#include <string.h>

/* Text dumps escape control characters in names (common.c's helper). */
static void text_add(pki__buf_t *b, const char *s)
{
	pki__buf_add_escaped_str(b, s);
}

/* ---------------------------------------------------------------------------------------- */
/* Dumps                                                                                     */

int pki_crl_to_json(char **out, const pki_crl_t *crl, unsigned flags)
{
	pki__buf_t b = { 0 };
	char *s = NULL, t[32];
	int ret;

	PKI__CHECK_CRL_OUT();
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "unknown flags 0x%x", flags);
	pki__buf_add(&b, "{\"issuer\": ", 11);
	ret = pki__crl_issuer_str(&s, crl);
	if (ret < 0)
		goto fail;
	pki__buf_json_str(&b, s);
	pki_free(s);
	pki__rfc3339(t, sizeof(t), crl->this_update);
	pki__buf_printf(&b, ", \"this_update\": \"%s\", \"next_update\": ", t);
	if (crl->next_update >= 0) {
		pki__rfc3339(t, sizeof(t), crl->next_update);
		pki__buf_json_str(&b, t);
	} else {
		pki__buf_add(&b, "null", 4);
	}
	pki__buf_add(&b, ", \"number\": ", 12);
	s = crl->number.size ? pki__uint_hex(&crl->number) : NULL;
	if (crl->number.size && !s)
		b.failed = true;
	pki__buf_json_str(&b, s);
	pki_free(s);
	pki__buf_add(&b, ", \"authority_key_id\": ", 22);
	s = crl->aki.size ? pki__hex(crl->aki.data, crl->aki.size) : NULL;
	if (crl->aki.size && !s)
		b.failed = true;
	pki__buf_json_str(&b, s);
	pki_free(s);
	pki__buf_add(&b, ", \"signature_algorithm\": ", 25);
	ret = pki__crl_sig_name(&s, crl);
	if (ret < 0)
		goto fail;
	pki__buf_json_str(&b, s);
	pki_free(s);
	pki__buf_add(&b, ", \"revoked\": [", 14);
	for (size_t i = 0; i < crl->count; i++) {
		const pki__crl_entry_t *e = &crl->entries[i];
		char *hex = pki__serial_hex(e->serial.data, e->serial.size);

		pki__rfc3339(t, sizeof(t), e->revoked_at);
		pki__buf_printf(&b, "%s{\"serial\": ", i ? ", " : "");
		if (!hex)
			b.failed = true;
		pki__buf_json_str(&b, hex ? hex : "");
		pki_free(hex);
		pki__buf_printf(&b, ", \"revocation_date\": \"%s\", \"reason\": \"%s\"}", t,
				pki_crl_reason_name(e->reason));
	}
	pki__buf_add(&b, "]}", 2);
	pki__clear_error();
	return pki__buf_finish(&b, out);
fail:
	pki__buf_discard(&b);
	return ret;
}

int pki_crl_to_text(char **out, const pki_crl_t *crl, unsigned flags)
{
	pki__buf_t b = { 0 };
	char *s = NULL, t[32];
	int ret;

	PKI__CHECK_CRL_OUT();
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "unknown flags 0x%x", flags);
	pki__buf_printf(&b, "Certificate Revocation List (CRL), version %d\n",
			gnutls_x509_crl_get_version(crl->crl));
	ret = pki__crl_issuer_str(&s, crl);
	if (ret < 0)
		goto fail;
	pki__buf_add(&b, "  Issuer: ", 10);
	text_add(&b, s);
	pki__buf_add(&b, "\n", 1);
	pki_free(s);
	pki__rfc3339(t, sizeof(t), crl->this_update);
	pki__buf_printf(&b, "  Last Update (thisUpdate): %s\n", t);
	if (crl->next_update >= 0) {
		pki__rfc3339(t, sizeof(t), crl->next_update);
		pki__buf_printf(&b, "  Next Update (nextUpdate): %s\n", t);
	} else {
		pki__buf_printf(&b, "  Next Update (nextUpdate): none\n");
	}
	if (crl->number.size) {
		s = pki__uint_hex(&crl->number);
		if (!s)
			b.failed = true;
		pki__buf_printf(&b, "  CRL Number: 0x%s\n", s ? s : "");
		pki_free(s);
	}
	if (crl->delta) {
		s = pki__uint_hex(&crl->base_number);
		if (!s)
			b.failed = true;
		pki__buf_printf(&b, "  Delta CRL of base CRL number: 0x%s\n", s ? s : "");
		pki_free(s);
	}
	if (crl->aki.size) {
		s = pki__hex(crl->aki.data, crl->aki.size);
		if (!s)
			b.failed = true;
		pki__buf_printf(&b, "  Authority Key Identifier: %s\n", s ? s : "");
		pki_free(s);
	}
	if (crl->has_idp)
		pki__buf_printf(&b, "  Issuing Distribution Point:%s%s%s%s%s%s\n",
				crl->idp_name.present ? " distributionPoint" : "",
				crl->only_user ? " onlyContainsUserCerts" : "",
				crl->only_ca ? " onlyContainsCACerts" : "",
				crl->only_attr ? " onlyContainsAttributeCerts" : "",
				crl->only_reasons != PKI__REASONS_ALL ? " onlySomeReasons" : "",
				crl->indirect ? " indirectCRL" : "");
	ret = pki__crl_sig_name(&s, crl);
	if (ret < 0)
		goto fail;
	pki__buf_add(&b, "  Signature Algorithm: ", 23);
	text_add(&b, s);
	pki__buf_add(&b, "\n", 1);
	pki_free(s);
	pki__buf_printf(&b, "  Revoked Certificates: %zu\n", crl->count);
	for (size_t i = 0; i < crl->count; i++) {
		const pki__crl_entry_t *e = &crl->entries[i];
		char *hex = pki__serial_hex(e->serial.data, e->serial.size);

		pki__rfc3339(t, sizeof(t), e->revoked_at);
		if (!hex)
			b.failed = true;
		pki__buf_printf(&b, "    Serial %s\n      Revocation Date: %s\n      Reason: %s\n",
				hex ? hex : "", t, pki_crl_reason_name(e->reason));
		pki_free(hex);
	}
	pki__clear_error();
	return pki__buf_finish(&b, out);
fail:
	pki__buf_discard(&b);
	return ret;
}
