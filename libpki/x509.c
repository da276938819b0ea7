/*
 * libpki — what certificates (cert.c) and requests (csr.c) share: their subject, SANs, public
 * key and signature algorithm, read through one view of either (pki__x509_t).
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "internal.h"

#define OID_SAN "2.5.29.17"

int pki__x509_sans_load(pki__sans_t *s, gnutls_x509_crt_t crt, gnutls_x509_crq_t crq)
{
	gnutls_datum_t der = { NULL, 0 };
	unsigned critical = 0;
	int ret;

	if (!crt) {
		/* gnutls_x509_crq_get_subject_alt_name() decodes the whole extension again at
		 * every index (n^2 for n names): the extension is decoded once, here */
		ret = gnutls_x509_crq_get_extension_by_oid2(crq, OID_SAN, 0, &der, &critical);
		return pki__sans_read(s, ret, &der, "request");
	}
	if ((ret = pki__sans_from_crt(s, crt)) <= 0) /* GnuTLS's own decoded list, no decode */
		return ret;
	ret = gnutls_x509_crt_get_extension_by_oid2(crt, OID_SAN, 0, &der, &critical);
	return pki__sans_read(s, ret, &der, "certificate");
}

void *pki__x509_adopt(void *h, pki__sans_t *sans, gnutls_x509_crt_t crt, gnutls_x509_crq_t crq)
{
	if (h && pki__x509_sans_load(sans, crt, crq) != PKI_E_NOMEM) {
		pki__clear_error();
		return h;
	}
	if (h)
		pki__sans_clear(sans);
	pki_free(h);
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_crq_deinit(crq);
	pki__fail(PKI_E_NOMEM, "out of memory");
	return NULL;
}

/* The SANs of @p x, or NULL after decoding them again to say why they cannot be read. */
static const pki__sans_t *sans_of(pki__x509_t x)
{
	pki__sans_t again;

	if (x.sans->status == 0)
		return x.sans;
	pki__x509_sans_load(&again, x.crt, x.crq);
	pki__sans_clear(&again);
	return NULL;
}

int pki__x509_san_count(const char *fn, pki__x509_t x)
{
	int ret = pki__enter_arg(fn, x.sans, x.arg);

	if (ret < 0)
		return ret;
	return sans_of(x) ? (int)x.sans->count : x.sans->status;
}

int pki__x509_san(const char *fn, char **out, pki__x509_t x, unsigned index)
{
	int ret = pki__enter_str(fn, out, x.sans, x.arg);

	if (ret < 0)
		return ret;
	return sans_of(x) ? pki__sans_get(out, x.sans, index, x.what) : x.sans->status;
}

int pki__x509_san_list(const char *fn, char ***out, pki__x509_t x, unsigned flags)
{
	int ret;

	if (out)
		*out = NULL;
	if ((ret = pki__enter_out(fn, out, flags, 0)) < 0 || (ret = pki__arg(fn, x.sans, x.arg)) < 0)
		return ret;
	return sans_of(x) ? pki__sans_all(out, x.sans, x.what) : x.sans->status;
}

int pki__x509_sans_copy(char ***values, int **types, size_t *n, pki__x509_t x)
{
	*values = NULL;
	*types = NULL;
	*n = 0;
	if (!sans_of(x))
		return x.sans->status;
	if (x.sans->count == 0)
		return 0;
	*values = pki__zalloc(x.sans->count * sizeof(**values));
	*types = pki__zalloc(x.sans->count * sizeof(**types));
	if (!*values || !*types)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	*n = x.sans->count; /* zeroed: the caller frees what was filled */
	for (unsigned i = 0; i < x.sans->count; i++) {
		int ret = pki__sans_get(&(*values)[i], x.sans, i, x.what);

		if (ret < 0)
			return ret;
		(*types)[i] = ret;
	}
	return 0;
}

int pki__x509_subject_text(char **out, pki__x509_t x)
{
	gnutls_datum_t d = { NULL, 0 };
	int ret = x.crt ? gnutls_x509_crt_get_dn3(x.crt, &d, 0) : gnutls_x509_crq_get_dn3(x.crq, &d, 0);

	return pki__dn_text(out, ret, &d, "subject");
}

int pki__x509_subject(const char *fn, char **out, pki__x509_t x)
{
	int ret = pki__enter_str(fn, out, x.sans, x.arg);

	return ret < 0 ? ret : pki__x509_subject_text(out, x);
}

int pki__x509_sign_name(char **out, pki__x509_t x)
{
	char oid[128] = "";
	size_t n = sizeof(oid);
	int algo;

	if (x.crt) {
		algo = gnutls_x509_crt_get_signature_algorithm(x.crt);
		if (gnutls_x509_crt_get_signature_oid(x.crt, oid, &n) < 0)
			oid[0] = '\0';
	} else {
		algo = gnutls_x509_crq_get_signature_algorithm(x.crq);
		if (gnutls_x509_crq_get_signature_oid(x.crq, oid, &n) < 0)
			oid[0] = '\0';
	}
	*out = pki__sign_name(algo, oid);
	return *out ? 0 : pki__fail(PKI_E_NOMEM, "out of memory");
}

int pki__x509_signature_algorithm(const char *fn, char **out, pki__x509_t x)
{
	int ret = pki__enter_str(fn, out, x.sans, x.arg);

	return ret < 0 ? ret : pki__x509_sign_name(out, x);
}

int pki__x509_pubkey(gnutls_pubkey_t *pub, pki__x509_t x)
{
	int ret = gnutls_pubkey_init(pub);

	if (ret < 0) {
		*pub = NULL;
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "cannot allocate a key");
	}
	ret = x.crt ? gnutls_pubkey_import_x509(*pub, x.crt, 0)
		    : gnutls_pubkey_import_x509_crq(*pub, x.crq, 0);
	if (ret < 0) {
		gnutls_pubkey_deinit(*pub);
		*pub = NULL;
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
					"cannot read the %s's public key", x.what);
	}
	return 0;
}

int pki__x509_public_key(const char *fn, pki_key_t **out, pki__x509_t x)
{
	gnutls_pubkey_t pub;
	int ret;

	if (out)
		*out = NULL;
	if ((ret = pki__enter_out(fn, out, 0, 0)) < 0 || (ret = pki__arg(fn, x.sans, x.arg)) < 0 ||
	    (ret = pki__x509_pubkey(&pub, x)) < 0)
		return ret;
	return pki__key_from_pubkey(out, pub);
}
