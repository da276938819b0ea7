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
/* Dumps: the values are gathered once (fields_get), then written as JSON or as text.        */

typedef struct {
	char *issuer, *number, *base_number, *aki, *sig;
	char this_update[32], next_update[32]; /* next_update "" when the CRL has none */
} fields_t;

static void fields_free(fields_t *f)
{
	pki_free(f->issuer);
	pki_free(f->number);
	pki_free(f->base_number);
	pki_free(f->aki);
	pki_free(f->sig);
}

/* The hex of an optional value: NULL when absent (size 0); out of memory is PKI_E_NOMEM. */
static int opt_hex(char **out, const gnutls_datum_t *d, bool as_uint)
{
	*out = NULL;
	if (!d->size)
		return 0;
	*out = as_uint ? pki__uint_hex(d) : pki__hex(d->data, d->size);
	return *out ? 0 : pki__fail(PKI_E_NOMEM, "out of memory");
}

/* The arguments of both dumps checked, and what they print decoded (fields_free). */
static int fields_get(fields_t *f, const char *fn, char **out, const pki_crl_t *crl,
		      unsigned flags)
{
	int ret;

	memset(f, 0, sizeof(*f));
	if ((ret = pki__enter_str(fn, out, crl, "crl")) < 0 || (ret = pki__flags(fn, flags, 0)) < 0)
		return ret;
	pki__rfc3339(f->this_update, sizeof(f->this_update), crl->this_update);
	if (crl->next_update >= 0)
		pki__rfc3339(f->next_update, sizeof(f->next_update), crl->next_update);
	if ((ret = pki__crl_issuer_str(&f->issuer, crl)) < 0 ||
	    (ret = pki__crl_sig_name(&f->sig, crl)) < 0 ||
	    (ret = opt_hex(&f->number, &crl->number, true)) < 0 ||
	    (ret = opt_hex(&f->aki, &crl->aki, false)) < 0 ||
	    (crl->delta && (ret = opt_hex(&f->base_number, &crl->base_number, true)) < 0)) {
		fields_free(f);
		return ret;
	}
	return 0;
}

/* Entry @p i's serial (pki_free; NULL marks @p b failed) and revocation time in @p t. */
static char *entry_fields(pki__buf_t *b, char t[32], const pki_crl_t *crl, size_t i)
{
	const pki__crl_entry_t *e = &crl->entries[i];
	char *hex = pki__serial_hex(e->serial.data, e->serial.size);

	pki__rfc3339(t, 32, e->revoked_at);
	if (!hex)
		b->failed = true;
	return hex;
}

static void json_body(pki__buf_t *b, const fields_t *f, const pki_crl_t *crl)
{
	char t[32];

	pki__buf_add(b, "{\"issuer\": ", 11);
	pki__buf_json_str(b, f->issuer);
	pki__json_rdns_der(b, "issuer_rdns", &crl->issuer); /* as pki_crl_issuer_attribute */
	pki__buf_printf(b, ", \"this_update\": \"%s\", \"next_update\": ", f->this_update);
	pki__buf_json_str(b, *f->next_update ? f->next_update : NULL);
	pki__buf_add(b, ", \"number\": ", 12);
	pki__buf_json_str(b, f->number);
	pki__buf_add(b, ", \"authority_key_id\": ", 22);
	pki__buf_json_str(b, f->aki);
	pki__buf_add(b, ", \"signature_algorithm\": ", 25);
	pki__buf_json_str(b, f->sig);
	pki__buf_add(b, ", \"revoked\": [", 14);
	for (size_t i = 0; i < crl->count; i++) {
		char *hex = entry_fields(b, t, crl, i);

		pki__buf_printf(b, "%s{\"serial\": ", i ? ", " : "");
		pki__buf_json_str(b, hex ? hex : "");
		pki_free(hex);
		pki__buf_printf(b, ", \"revocation_date\": \"%s\", \"reason\": \"%s\"}", t,
				pki_crl_reason_name(crl->entries[i].reason));
	}
	pki__buf_add(b, "]}", 2);
}

static void text_body(pki__buf_t *b, const fields_t *f, const pki_crl_t *crl)
{
	char t[32];

	pki__buf_printf(b, "Certificate Revocation List (CRL), version %d\n",
			gnutls_x509_crl_get_version(crl->crl));
	pki__buf_add(b, "  Issuer: ", 10);
	text_add(b, f->issuer);
	pki__buf_printf(b, "\n  Last Update (thisUpdate): %s\n", f->this_update);
	pki__buf_printf(b, "  Next Update (nextUpdate): %s\n",
			*f->next_update ? f->next_update : "none");
	if (f->number)
		pki__buf_printf(b, "  CRL Number: 0x%s\n", f->number);
	if (f->base_number)
		pki__buf_printf(b, "  Delta CRL of base CRL number: 0x%s\n", f->base_number);
	if (f->aki)
		pki__buf_printf(b, "  Authority Key Identifier: %s\n", f->aki);
	if (crl->has_idp)
		pki__buf_printf(b, "  Issuing Distribution Point:%s%s%s%s%s%s\n",
				crl->idp_name.present ? " distributionPoint" : "",
				crl->only_user ? " onlyContainsUserCerts" : "",
				crl->only_ca ? " onlyContainsCACerts" : "",
				crl->only_attr ? " onlyContainsAttributeCerts" : "",
				crl->only_reasons != PKI__REASONS_ALL ? " onlySomeReasons" : "",
				crl->indirect ? " indirectCRL" : "");
	pki__buf_add(b, "  Signature Algorithm: ", 23);
	text_add(b, f->sig);
	pki__buf_printf(b, "\n  Revoked Certificates: %zu\n", crl->count);
	for (size_t i = 0; i < crl->count; i++) {
		char *hex = entry_fields(b, t, crl, i);

		pki__buf_printf(b, "    Serial %s\n      Revocation Date: %s\n      Reason: %s\n",
				hex ? hex : "", t, pki_crl_reason_name(crl->entries[i].reason));
		pki_free(hex);
	}
}

/* Both dumps: the arguments checked and the values gathered once, then @p body writes them. */
static int dump(const char *fn, char **out, const pki_crl_t *crl, unsigned flags,
		void (*body)(pki__buf_t *, const fields_t *, const pki_crl_t *))
{
	pki__buf_t b = { 0 };
	fields_t f;
	int ret;

	if ((ret = fields_get(&f, fn, out, crl, flags)) < 0)
		return ret;
	body(&b, &f, crl);
	fields_free(&f);
	pki__clear_error();
	return pki__buf_finish(&b, out);
}

int pki_crl_to_json(char **out, const pki_crl_t *crl, unsigned flags)
{
	pki__clear_error();
	return dump(__func__, out, crl, flags, json_body);
}

int pki_crl_to_text(char **out, const pki_crl_t *crl, unsigned flags)
{
	pki__clear_error();
	return dump(__func__, out, crl, flags, text_body);
}
