/*
 * libpki — trust stores and chain verification that explains itself.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The public API: trust stores, options, results and their reasons, and the driver that
 * runs the stages of verify-int.h over the path built:
 * 1. path.c builds the path from the untrusted intermediates up to a trusted certificate.
 * 2. GnuTLS verifies that chain (gnutls_x509_trust_list_verify_crt2) with time checks turned
 *    off, since its trust-list API has no per-call time; its status bits become reasons.
 * 3. The stages' own checks, which give sentences naming the certificate concerned.
 * A GnuTLS status bit already explained by one of libpki's reasons adds nothing; one that is
 * not becomes a generic reason, so GnuTLS's verdict is never lost.
 */
#include "verify-int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

typedef struct {
	int code;
	int index;
	char *msg;
} reason_t;

struct pki_verify_result {
	bool valid, trusted;
	pki_chain_t chain;
	reason_t *reasons;
	size_t nreasons, capreasons;
	int64_t when;
	char *host;
	int purpose;
	bool nomem;
};

/* ---------------------------------------------------------------------------------------- */
/* Helpers                                                                                   */

static char *name_of(gnutls_x509_crt_t crt)
{
	gnutls_datum_t d = { NULL, 0 };
	char buf[256];
	size_t n = sizeof(buf) - 1;
	unsigned type;

	if (gnutls_x509_crt_get_dn3(crt, &d, 0) == 0 && d.size > 0) {
		char *s = pki__strndup((const char *)d.data, d.size);

		gnutls_free(d.data);
		return s;
	}
	gnutls_free(d.data);
	memset(buf, 0, sizeof(buf));
	if (gnutls_x509_crt_get_subject_alt_name2(crt, 0, buf, &n, &type, NULL) >= 0 &&
	    type == GNUTLS_SAN_DNSNAME) {
		char out[300];

		snprintf(out, sizeof(out), "DNS:%s", buf);
		return pki__strdup(out);
	}
	{
		unsigned char s[21];
		size_t len;
		char *hex, out[80];

		if (pki__cert_serial_bytes(s, &len, crt) < 0)
			return pki__strdup("(unnamed certificate)");
		hex = pki__serial_hex(s, len);
		snprintf(out, sizeof(out), "serial %s", hex ? hex : "?");
		pki_free(hex);
		return pki__strdup(out);
	}
}

/* Subject and issuer names equal (RFC 5280 6.1: "self-issued"), whatever the keys. */
/* ---------------------------------------------------------------------------------------- */
/* Trust stores                                                                              */

int pki_trust_new(pki_trust_t **out, unsigned flags)
{
	pki_trust_t *t;
	int ret;

	pki__clear_error();
	if (!out)
		return pki__fail(PKI_E_INVALID_ARG, "output pointer is NULL");
	*out = NULL;
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "unknown flags 0x%x", flags);
	t = pki__zalloc(sizeof(*t));
	if (!t)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	ret = gnutls_x509_trust_list_init(&t->tl, 0);
	if (ret < 0) {
		pki_free(t);
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "cannot create a trust list");
	}
	*out = t;
	return 0;
}

void pki_trust_free(pki_trust_t *trust)
{
	if (!trust)
		return;
	gnutls_x509_trust_list_deinit(trust->tl, 1);
	for (size_t i = 0; i < trust->ncrls; i++)
		pki_crl_free(trust->crls[i]);
	pki_free(trust->crls);
	pki_free(trust);
}

/* Hand @p n certificates over to the trust list (which then owns them). */
static int add_cas(pki_trust_t *trust, gnutls_x509_crt_t *list, unsigned n)
{
	int ret = gnutls_x509_trust_list_add_cas(trust->tl, list, n, 0);

	if (ret < 0) {
		for (unsigned i = 0; i < n; i++)
			gnutls_x509_crt_deinit(list[i]);
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "cannot add to the trust list");
	}
	return (int)n;
}

int pki_trust_add_cert(pki_trust_t *trust, const pki_cert_t *cert)
{
	gnutls_x509_crt_t c;
	int ret;

	pki__clear_error();
	if (!trust || !cert)
		return pki__fail(PKI_E_INVALID_ARG, "%s is NULL", !trust ? "trust store" : "certificate");
	ret = pki__crt_copy(&c, cert->crt);
	if (ret < 0)
		return ret;
	return add_cas(trust, &c, 1);
}

int pki_trust_add_pem(pki_trust_t *trust, const void *data, size_t size, unsigned flags)
{
	gnutls_x509_crt_t *list = NULL;
	unsigned n = 0;
	gnutls_datum_t d;
	bool pem;
	int ret;

	pki__clear_error();
	if (!trust)
		return pki__fail(PKI_E_INVALID_ARG, "trust store is NULL");
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "unknown flags 0x%x", flags);
	ret = pki__check_input(data, size);
	if (ret < 0)
		return ret;
	pem = pki__is_pem(data, size);
	if (pem && !pki__pem_has_label(data, size, "CERTIFICATE") &&
	    !pki__pem_has_label(data, size, "X509 CERTIFICATE") &&
	    !pki__pem_has_label(data, size, "TRUSTED CERTIFICATE"))
		return pki__fail(PKI_E_PARSE, "PEM input has no CERTIFICATE block");
	d.data = (unsigned char *)data;
	d.size = (unsigned)size;
	ret = gnutls_x509_crt_list_import2(&list, &n, &d,
					   pem ? GNUTLS_X509_FMT_PEM : GNUTLS_X509_FMT_DER, 0);
	if (ret < 0 || n == 0) {
		if (ret >= 0)
			gnutls_free(list);
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret < 0 ? ret : GNUTLS_E_PARSING_ERROR,
					"no certificate could be read");
	}
	ret = add_cas(trust, list, n);
	gnutls_free(list); /* the array only: the certificates now belong to the list */
	return ret;
}

int pki_trust_add_file(pki_trust_t *trust, const char *path, unsigned flags)
{
	unsigned char *data = NULL;
	size_t size = 0;
	int ret;

	pki__clear_error();
	if (!trust || !path)
		return pki__fail(PKI_E_INVALID_ARG, "%s is NULL", !trust ? "trust store" : "path");
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "unknown flags 0x%x", flags);
	ret = pki_file_read(&data, &size, path, 0);
	if (ret < 0)
		return ret;
	ret = pki_trust_add_pem(trust, data, size, 0);
	pki_free(data);
	if (ret < 0) {
		char detail[400];

		snprintf(detail, sizeof(detail), "%s", pki_error_detail());
		pki__fail(ret, "%s: %s", path, detail);
	}
	return ret;
}

int pki_trust_add_dir(pki_trust_t *trust, const char *path, unsigned flags)
{
	int ret;

	pki__clear_error();
	if (!trust || !path)
		return pki__fail(PKI_E_INVALID_ARG, "%s is NULL", !trust ? "trust store" : "path");
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "unknown flags 0x%x", flags);
	ret = gnutls_x509_trust_list_add_trust_dir(trust->tl, path, NULL, GNUTLS_X509_FMT_PEM, 0,
						   0);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_IO, ret, "cannot read the folder %s", path);
	return ret;
}

int pki_trust_add_system(pki_trust_t *trust, unsigned flags)
{
	int ret;

	pki__clear_error();
	if (!trust)
		return pki__fail(PKI_E_INVALID_ARG, "trust store is NULL");
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "unknown flags 0x%x", flags);
	ret = gnutls_x509_trust_list_add_system_trust(trust->tl, 0, 0);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_NOT_FOUND, ret, "cannot load the system trust store");
	if (ret == 0)
		return pki__fail(PKI_E_NOT_FOUND, "the system trust store is empty");
	return ret;
}

int pki_trust_add_crl(pki_trust_t *trust, const pki_crl_t *crl)
{
	pki_crl_t *copy = NULL;
	int ret;

	pki__clear_error();
	if (!trust || !crl)
		return pki__fail(PKI_E_INVALID_ARG, "%s is NULL", !trust ? "trust store" : "CRL");
	if (trust->ncrls == trust->capcrls) {
		size_t ncap = trust->capcrls ? trust->capcrls * 2 : 4;
		pki_crl_t **n = pki__malloc(ncap * sizeof(*n));

		if (!n)
			return pki__fail(PKI_E_NOMEM, "out of memory");
		if (trust->crls) {
			memcpy(n, trust->crls, trust->ncrls * sizeof(*n));
			pki_free(trust->crls);
		}
		trust->crls = n;
		trust->capcrls = ncap;
	}
	ret = pki__crl_copy(&copy, crl);
	if (ret < 0)
		return ret;
	trust->crls[trust->ncrls++] = copy;
	return 0;
}

int pki_trust_add_crl_file(pki_trust_t *trust, const char *path, unsigned flags)
{
	unsigned char *data = NULL;
	pki_crl_t **crls = NULL;
	size_t size = 0, n = 0;
	int ret;

	pki__clear_error();
	if (!trust || !path)
		return pki__fail(PKI_E_INVALID_ARG, "%s is NULL", !trust ? "trust store" : "path");
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "unknown flags 0x%x", flags);
	ret = pki_file_read(&data, &size, path, 0);
	if (ret < 0)
		return ret;
	/* every CRL of a PEM bundle, not only the first */
	ret = pki__crl_import_all(&crls, &n, data, size);
	pki_free(data);
	if (ret < 0) {
		char detail[400];

		snprintf(detail, sizeof(detail), "%s", pki_error_detail());
		return pki__fail(ret, "%s: %s", path, detail);
	}
	for (size_t i = 0; i < n; i++) {
		if (ret == 0)
			ret = pki_trust_add_crl(trust, crls[i]);
		pki_crl_free(crls[i]);
	}
	pki_free(crls);
	return ret;
}

/* ---------------------------------------------------------------------------------------- */
/* Options                                                                                   */

int pki_purpose_from_name(const char *name)
{
	pki__clear_error();
	if (!name)
		return pki__fail(PKI_E_INVALID_ARG, "purpose is NULL");
	if (strcasecmp(name, "any") == 0)
		return PKI_PURPOSE_ANY;
	if (strcasecmp(name, "server") == 0 || strcasecmp(name, "sslserver") == 0)
		return PKI_PURPOSE_SERVER;
	if (strcasecmp(name, "client") == 0 || strcasecmp(name, "sslclient") == 0)
		return PKI_PURPOSE_CLIENT;
	return pki__fail(PKI_E_INVALID_ARG, "unknown purpose \"%s\" (expected server, client or any)",
			 name);
}

static const char *purpose_name(int p)
{
	return p == PKI_PURPOSE_SERVER ? "server" : p == PKI_PURPOSE_CLIENT ? "client" : "any";
}

int pki_verify_opts_new(pki_verify_opts_t **out, unsigned flags)
{
	pki_verify_opts_t *o;

	pki__clear_error();
	if (!out)
		return pki__fail(PKI_E_INVALID_ARG, "output pointer is NULL");
	*out = NULL;
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "unknown flags 0x%x", flags);
	o = pki__zalloc(sizeof(*o));
	if (!o)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	*out = o;
	return 0;
}

void pki_verify_opts_free(pki_verify_opts_t *opts)
{
	if (!opts)
		return;
	for (size_t i = 0; i < opts->nuntrusted; i++)
		gnutls_x509_crt_deinit(opts->untrusted[i]);
	pki_free(opts->untrusted);
	pki_free(opts->host);
	pki_free(opts);
}

int pki_verify_opts_set_host(pki_verify_opts_t *opts, const char *host)
{
	unsigned char ip[16];
	size_t iplen;
	char *copy;

	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "options are NULL");
	if (!host) {
		pki_free(opts->host);
		opts->host = NULL;
		opts->iplen = 0;
		return 0;
	}
	iplen = pki__parse_ip(host, ip);
	copy = pki__strdup(host);
	if (!copy)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	if (iplen == 0) {
		size_t n = strlen(copy);

		if (n > 1 && copy[n - 1] == '.')
			copy[n - 1] = '\0'; /* an absolute name: same host */
		if (n == 0 || strchr(copy, '*') || !pki__is_hostname(copy)) {
			pki_free(copy);
			return pki__fail(PKI_E_INVALID_NAME,
					 "\"%s\" is neither a host name nor an IP address", host);
		}
		for (char *c = copy; *c; c++)
			*c = (char)tolower((unsigned char)*c);
	}
	pki_free(opts->host);
	opts->host = copy;
	opts->iplen = iplen;
	memcpy(opts->ip, ip, iplen);
	return 0;
}

int pki_verify_opts_set_purpose(pki_verify_opts_t *opts, int purpose)
{
	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "options are NULL");
	if (purpose != PKI_PURPOSE_ANY && purpose != PKI_PURPOSE_SERVER &&
	    purpose != PKI_PURPOSE_CLIENT)
		return pki__fail(PKI_E_INVALID_ARG, "unknown purpose %d", purpose);
	opts->purpose = purpose;
	return 0;
}

int pki_verify_opts_set_time(pki_verify_opts_t *opts, int64_t when)
{
	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "options are NULL");
	if (when < 0 || when > 253402300799LL)
		return pki__fail(PKI_E_INVALID_ARG, "time %lld is outside 1970..9999",
				 (long long)when);
	opts->when = when;
	opts->when_set = true;
	return 0;
}

int pki_verify_opts_set_crl_check(pki_verify_opts_t *opts, int mode)
{
	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "options are NULL");
	if (mode != PKI_CRL_CHECK_OFF && mode != PKI_CRL_CHECK_LEAF && mode != PKI_CRL_CHECK_CHAIN)
		return pki__fail(PKI_E_INVALID_ARG, "unknown CRL checking mode %d", mode);
	opts->crl_check = mode;
	return 0;
}

int pki_verify_opts_add_untrusted(pki_verify_opts_t *opts, const pki_chain_t *chain)
{
	pki__clear_error();
	if (!opts || !chain)
		return pki__fail(PKI_E_INVALID_ARG, "%s is NULL", !opts ? "options" : "chain");
	for (size_t i = 0; i < chain->count; i++) {
		gnutls_x509_crt_t c;
		int ret;

		if (!chain->certs[i])
			continue;
		if (opts->nuntrusted == opts->capuntrusted) {
			size_t ncap = opts->capuntrusted ? opts->capuntrusted * 2 : 8;
			gnutls_x509_crt_t *n;

			if (ncap > 4096)
				return pki__fail(PKI_E_TOO_LARGE, "too many untrusted certificates");
			n = pki__malloc(ncap * sizeof(*n));
			if (!n)
				return pki__fail(PKI_E_NOMEM, "out of memory");
			if (opts->untrusted) {
				memcpy(n, opts->untrusted, opts->nuntrusted * sizeof(*n));
				pki_free(opts->untrusted);
			}
			opts->untrusted = n;
			opts->capuntrusted = ncap;
		}
		ret = pki__crt_copy(&c, chain->certs[i]->crt);
		if (ret < 0)
			return ret;
		opts->untrusted[opts->nuntrusted++] = c;
	}
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Results                                                                                   */

const char *pki_verify_reason_name(int code)
{
	switch (code) {
	case PKI_VERIFY_EXPIRED: return "expired";
	case PKI_VERIFY_NOT_YET_VALID: return "not_yet_valid";
	case PKI_VERIFY_HOST_MISMATCH: return "host_mismatch";
	case PKI_VERIFY_UNTRUSTED_ROOT: return "untrusted_root";
	case PKI_VERIFY_ISSUER_NOT_FOUND: return "issuer_not_found";
	case PKI_VERIFY_NOT_CA: return "not_ca";
	case PKI_VERIFY_PATH_LEN: return "path_len";
	case PKI_VERIFY_NAME_CONSTRAINTS: return "name_constraints";
	case PKI_VERIFY_REVOKED: return "revoked";
	case PKI_VERIFY_PURPOSE: return "purpose";
	case PKI_VERIFY_BAD_SIGNATURE: return "bad_signature";
	case PKI_VERIFY_WEAK_ALGORITHM: return "weak_algorithm";
	case PKI_VERIFY_CRL_MISSING: return "crl_missing";
	case PKI_VERIFY_CRL_EXPIRED: return "crl_expired";
	case PKI_VERIFY_CRL_NOT_YET_VALID: return "crl_not_yet_valid";
	case PKI_VERIFY_UNKNOWN_CRITICAL: return "unknown_critical_extension";
	case PKI_VERIFY_CHAIN_TOO_LONG: return "chain_too_long";
	case PKI_VERIFY_OTHER: return "other";
	default: return NULL;
	}
}

void pki_verify_result_free(pki_verify_result_t *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->chain.count; i++) {
		if (r->chain.certs[i]) {
			gnutls_x509_crt_deinit(r->chain.certs[i]->crt);
			pki_free(r->chain.certs[i]);
		}
	}
	pki_free(r->chain.certs);
	for (size_t i = 0; i < r->nreasons; i++)
		pki_free(r->reasons[i].msg);
	pki_free(r->reasons);
	pki_free(r->host);
	pki_free(r);
}

bool pki__vctx_has_reason(const pki__vctx_t *v, int code)
{
	const pki_verify_result_t *r = v->result;

	for (size_t i = 0; i < r->nreasons; i++)
		if (code == 0 || r->reasons[i].code == code)
			return true;
	return false;
}

void pki__vnomem(pki__vctx_t *v)
{
	v->result->nomem = true;
}

const pki_verify_opts_t *pki__vctx_opts(const pki__vctx_t *v)
{
	return v->opts;
}

const pki_trust_t *pki__vctx_trust(const pki__vctx_t *v)
{
	return v->trust;
}

int64_t pki__vctx_time(const pki__vctx_t *v)
{
	return v->when;
}

void pki__vreason(pki__vctx_t *v, int code, int index, const char *fmt, ...)
{
	pki_verify_result_t *r = v->result;
	char buf[1024];
	va_list ap;

	for (size_t i = 0; i < r->nreasons; i++)
		if (r->reasons[i].code == code && r->reasons[i].index == index)
			return;
	if (r->nreasons == r->capreasons) {
		size_t ncap = r->capreasons ? r->capreasons * 2 : 8;
		reason_t *n = pki__malloc(ncap * sizeof(*n));

		if (!n) {
			r->nomem = true;
			return;
		}
		if (r->reasons) {
			memcpy(n, r->reasons, r->nreasons * sizeof(*n));
			pki_free(r->reasons);
		}
		r->reasons = n;
		r->capreasons = ncap;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	r->reasons[r->nreasons].code = code;
	r->reasons[r->nreasons].index = index;
	r->reasons[r->nreasons].msg = pki__strdup(buf);
	if (!r->reasons[r->nreasons].msg) {
		r->nomem = true;
		return;
	}
	r->nreasons++;
}

bool pki_verify_result_valid(const pki_verify_result_t *result)
{
	return result && result->valid;
}

bool pki_verify_result_trusted(const pki_verify_result_t *result)
{
	return result && result->trusted;
}

const pki_chain_t *pki_verify_result_chain(const pki_verify_result_t *result)
{
	return result ? &result->chain : NULL;
}

int pki_verify_result_reason_count(const pki_verify_result_t *result)
{
	pki__clear_error();
	if (!result)
		return pki__fail(PKI_E_INVALID_ARG, "result is NULL");
	return (int)result->nreasons;
}

int pki_verify_result_reason(const char **message, int *cert_index,
			     const pki_verify_result_t *result, unsigned index)
{
	pki__clear_error();
	if (message)
		*message = NULL;
	if (cert_index)
		*cert_index = -1;
	if (!result)
		return pki__fail(PKI_E_INVALID_ARG, "result is NULL");
	if (index >= result->nreasons)
		return pki__fail(PKI_E_NOT_FOUND, "reason %u of %zu", index, result->nreasons);
	if (message)
		*message = result->reasons[index].msg;
	if (cert_index)
		*cert_index = result->reasons[index].index;
	return result->reasons[index].code;
}

static void json_cert(pki__buf_t *b, gnutls_x509_crt_t crt)
{
	gnutls_datum_t d = { NULL, 0 };
	unsigned char fp[32], s[21];
	size_t fplen = sizeof(fp), len;
	char t[32], *name = name_of(crt), *hex;

	pki__buf_add(b, "{\"subject\": ", 12);
	pki__buf_json_str(b, name ? name : "");
	pki_free(name);
	pki__buf_add(b, ", \"issuer\": ", 12);
	if (gnutls_x509_crt_get_issuer_dn3(crt, &d, 0) == 0) {
		char *is = pki__strndup((const char *)d.data, d.size);

		pki__buf_json_str(b, is ? is : "");
		pki_free(is);
	} else {
		pki__buf_json_str(b, "");
	}
	gnutls_free(d.data);
	pki__buf_add(b, ", \"serial\": ", 12);
	hex = pki__cert_serial_bytes(s, &len, crt) == 0 ? pki__serial_hex(s, len) : NULL;
	pki__buf_json_str(b, hex);
	pki_free(hex);
	pki__rfc3339(t, sizeof(t), (int64_t)gnutls_x509_crt_get_activation_time(crt));
	pki__buf_printf(b, ", \"not_before\": \"%s\"", t);
	pki__rfc3339(t, sizeof(t), (int64_t)gnutls_x509_crt_get_expiration_time(crt));
	pki__buf_printf(b, ", \"not_after\": \"%s\", \"fingerprint_sha256\": ", t);
	hex = gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, fp, &fplen) == 0
		      ? pki__hex(fp, fplen)
		      : NULL;
	pki__buf_json_str(b, hex);
	pki_free(hex);
	pki__buf_add(b, "}", 1);
}

int pki_verify_result_to_json(char **out, const pki_verify_result_t *r, unsigned flags)
{
	pki__buf_t b = { 0 };
	char t[32];

	pki__clear_error();
	if (!out)
		return pki__fail(PKI_E_INVALID_ARG, "output pointer is NULL");
	*out = NULL;
	if (!r)
		return pki__fail(PKI_E_INVALID_ARG, "result is NULL");
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "unknown flags 0x%x", flags);
	pki__rfc3339(t, sizeof(t), r->when);
	pki__buf_printf(&b, "{\"valid\": %s, \"trusted\": %s, \"time\": \"%s\", \"host\": ",
			r->valid ? "true" : "false", r->trusted ? "true" : "false", t);
	pki__buf_json_str(&b, r->host);
	pki__buf_printf(&b, ", \"purpose\": \"%s\", \"chain\": [", purpose_name(r->purpose));
	for (size_t i = 0; i < r->chain.count; i++) {
		if (i)
			pki__buf_add(&b, ", ", 2);
		json_cert(&b, r->chain.certs[i]->crt);
	}
	pki__buf_add(&b, "], \"reasons\": [", 15);
	for (size_t i = 0; i < r->nreasons; i++) {
		const reason_t *e = &r->reasons[i];
		char *name = NULL;

		if (e->index >= 0 && (size_t)e->index < r->chain.count)
			name = name_of(r->chain.certs[e->index]->crt);
		pki__buf_printf(&b, "%s{\"code\": %d, \"reason\": \"%s\", \"cert_index\": %d, "
				    "\"subject\": ",
				i ? ", " : "", e->code, pki_verify_reason_name(e->code), e->index);
		pki__buf_json_str(&b, name);
		pki_free(name);
		pki__buf_add(&b, ", \"message\": ", 13);
		pki__buf_json_str(&b, e->msg);
		pki__buf_add(&b, "}", 1);
	}
	pki__buf_add(&b, "]}", 2);
	return pki__buf_finish(&b, out);
}

int pki_verify_result_to_text(char **out, const pki_verify_result_t *r, unsigned flags)
{
	pki__buf_t b = { 0 };

	pki__clear_error();
	if (!out)
		return pki__fail(PKI_E_INVALID_ARG, "output pointer is NULL");
	*out = NULL;
	if (!r)
		return pki__fail(PKI_E_INVALID_ARG, "result is NULL");
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "unknown flags 0x%x", flags);
	pki__buf_printf(&b, "chain:\n");
	for (size_t i = 0; i < r->chain.count; i++) {
		char *name = name_of(r->chain.certs[i]->crt);
		bool anchor = r->trusted && i + 1 == r->chain.count;

		pki__buf_printf(&b, "  %zu: %s%s\n", i, name ? name : "?",
				anchor ? "  [trusted]" : "");
		pki_free(name);
	}
	if (r->valid) {
		pki__buf_printf(&b, "result: valid\n");
	} else {
		pki__buf_printf(&b, "result: NOT valid\n");
		for (size_t i = 0; i < r->nreasons; i++)
			pki__buf_printf(&b, "  - %s\n", r->reasons[i].msg);
	}
	return pki__buf_finish(&b, out);
}

/* ---------------------------------------------------------------------------------------- */
/* Verification                                                                              */


static int result_take_chain(pki_verify_result_t *r, pki__path_t *p)
{
	r->chain.certs = pki__zalloc((p->n ? p->n : 1) * sizeof(*r->chain.certs));
	if (!r->chain.certs)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	r->chain.cap = p->n;
	for (size_t i = 0; i < p->n; i++) {
		pki_cert_t *c = pki__zalloc(sizeof(*c));

		if (!c)
			return pki__fail(PKI_E_NOMEM, "out of memory");
		c->crt = p->certs[i];
		p->certs[i] = NULL;
		r->chain.certs[r->chain.count++] = c;
	}
	return 0;
}

int pki_cert_verify(pki_verify_result_t **result, const pki_cert_t *cert,
		    const pki_trust_t *trust, const pki_verify_opts_t *opts, unsigned flags)
{
	static const pki_verify_opts_t defaults;
	pki_verify_result_t *r;
	pki__vctx_t v;
	pki__path_t p;
	gnutls_typed_vdata_st vdata;
	unsigned status = 0, vflags;
	int ret;

	pki__clear_error();
	if (!result)
		return pki__fail(PKI_E_INVALID_ARG, "output pointer is NULL");
	*result = NULL;
	if (!cert || !trust)
		return pki__fail(PKI_E_INVALID_ARG, "%s is NULL", !cert ? "certificate" : "trust store");
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "unknown flags 0x%x", flags);
	r = pki__zalloc(sizeof(*r));
	if (!r)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	memset(&p, 0, sizeof(p));
	memset(&v, 0, sizeof(v));
	v.trust = trust;
	v.opts = opts ? opts : &defaults;
	v.result = r;
	r->when = v.opts->when_set ? v.opts->when : (int64_t)time(NULL);
	r->purpose = v.opts->purpose;
	v.when = r->when;
	v.purpose = r->purpose;
	if (v.opts->host) {
		r->host = pki__strdup(v.opts->host);
		if (!r->host) {
			ret = pki__fail(PKI_E_NOMEM, "out of memory");
			goto fail;
		}
	}

	ret = pki__path_build(&v, &p, cert->crt);
	if (ret < 0)
		goto fail;
	for (size_t i = 0; i < p.n; i++) {
		p.names[i] = name_of(p.certs[i]);
		if (!p.names[i]) {
			ret = pki__fail(PKI_E_NOMEM, "out of memory");
			goto fail;
		}
	}

	/* GnuTLS's verdict on the chain built, without its own clock */
	vflags = GNUTLS_VERIFY_DISABLE_TIME_CHECKS | GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS |
		 GNUTLS_VERIFY_DISABLE_CRL_CHECKS;
	memset(&vdata, 0, sizeof(vdata));
	vdata.type = GNUTLS_DT_KEY_PURPOSE_OID;
	vdata.data = (unsigned char *)(r->purpose == PKI_PURPOSE_SERVER ? GNUTLS_KP_TLS_WWW_SERVER
								     : GNUTLS_KP_TLS_WWW_CLIENT);
	ret = gnutls_x509_trust_list_verify_crt2(trust->tl, p.certs, (unsigned)p.n, &vdata,
						 r->purpose == PKI_PURPOSE_ANY ? 0 : 1, vflags,
						 &status, NULL);
	if (ret < 0) {
		ret = pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
				       "cannot run the verification");
		goto fail;
	}
	v.gnutls_status = status;

	/* the stages, most fundamental first */
	pki__validate_path(&v, &p);
	pki__nc_check(&v, &p);
	pki__policy_check(&v, &p);
	pki__revocation_check(&v, &p);
	pki__validate_leaf(&v, &p);

	if (r->nomem) {
		ret = pki__fail(PKI_E_NOMEM, "out of memory");
		goto fail;
	}
	r->trusted = p.anchored && !p.too_long;
	r->valid = r->nreasons == 0;
	ret = result_take_chain(r, &p);
	if (ret < 0)
		goto fail;
	pki__path_clear(&p);
	*result = r;
	if (r->valid)
		return 0;
	return pki__fail(PKI_E_VERIFY, "%s", r->reasons[0].msg);
fail:
	pki__path_clear(&p);
	pki_verify_result_free(r);
	return ret;
}
