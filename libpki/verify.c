/*
 * libpki — trust stores and chain verification that explains itself.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * How a verification runs:
 * 1. Path building: from the leaf, repeatedly take an issuer from the trust store (GnuTLS's
 *    trust list) or else from the untrusted intermediates (any order, matched by name and
 *    signature), up to a trusted certificate or until no issuer is found. The chain built is
 *    what the result shows.
 * 2. GnuTLS verifies that chain (gnutls_x509_trust_list_verify_crt2) with time checks turned
 *    off, since its trust-list API has no per-call time; its status bits become reasons.
 * 3. libpki's own checks, which give sentences naming the certificate concerned: validity at
 *    the chosen time for every certificate, CA flag and keyCertSign, path lengths, name
 *    constraints, extended key usage, CRLs (with their own dates and reason codes), and the
 *    host name against the SANs only.
 * A GnuTLS status bit already explained by one of libpki's reasons adds nothing; one that is
 * not becomes a generic reason, so GnuTLS's verdict is never lost.
 */
#include "crl-int.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_CHAIN 16

struct pki_trust {
	gnutls_x509_trust_list_t tl;
	pki_crl_t **crls;
	size_t ncrls, capcrls;
};

struct pki_verify_opts {
	char *host;
	unsigned char ip[16];
	size_t iplen; /* 0: host is a DNS name */
	int purpose;
	int64_t when;
	bool when_set;
	int crl_check;
	gnutls_x509_crt_t *untrusted;
	size_t nuntrusted, capuntrusted;
};

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

static int crt_copy(gnutls_x509_crt_t *out, gnutls_x509_crt_t in)
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

/* A readable name for a certificate: its subject DN, else its first SAN, else its serial. */
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
static bool self_issued(gnutls_x509_crt_t crt)
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

static bool is_ca(gnutls_x509_crt_t crt, int *pathlen)
{
	unsigned crit = 0, ca = 0;
	int pl = -1;
	int ret = gnutls_x509_crt_get_basic_constraints(crt, &crit, &ca, &pl);

	if (pathlen)
		*pathlen = ret >= 0 && ca ? pl : -1;
	return ret >= 0 && ca;
}

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
	ret = crt_copy(&c, cert->crt);
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
	pki_crl_t *crl = NULL;
	int ret;

	pki__clear_error();
	if (!trust || !path)
		return pki__fail(PKI_E_INVALID_ARG, "%s is NULL", !trust ? "trust store" : "path");
	ret = pki_crl_import_file(&crl, path, flags);
	if (ret < 0)
		return ret;
	ret = pki_trust_add_crl(trust, crl);
	pki_crl_free(crl);
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
		ret = crt_copy(&c, chain->certs[i]->crt);
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

static bool has_reason(const pki_verify_result_t *r, int code)
{
	for (size_t i = 0; i < r->nreasons; i++)
		if (r->reasons[i].code == code)
			return true;
	return false;
}

static void add_reason(pki_verify_result_t *r, int code, int index, const char *fmt, ...)
	PKI_PRINTF(4, 5);

static void add_reason(pki_verify_result_t *r, int code, int index, const char *fmt, ...)
{
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

typedef struct {
	gnutls_x509_crt_t c[MAX_CHAIN + 1];
	char *name[MAX_CHAIN + 1];
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

/* A root: self-issued and signed with its own key. */
static bool self_signed(gnutls_x509_crt_t crt)
{
	return self_issued(crt) && signed_by(crt, crt);
}

static int build_path(path_t *p, gnutls_x509_crt_t leaf, const pki_trust_t *trust,
		      const pki_verify_opts_t *opts)
{
	int ret = crt_copy(&p->c[0], leaf);

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
		ret = crt_copy(&p->c[p->n], cand);
		if (ret < 0)
			return ret;
		p->n++;
	}
}

static void check_time(pki_verify_result_t *r, const path_t *p, int64_t when)
{
	char d[32];

	for (size_t i = 0; i < p->n; i++) {
		int64_t nb = (int64_t)gnutls_x509_crt_get_activation_time(p->c[i]);
		int64_t na = (int64_t)gnutls_x509_crt_get_expiration_time(p->c[i]);

		if (when > na) {
			pki__date(d, sizeof(d), na);
			add_reason(r, PKI_VERIFY_EXPIRED, (int)i, "expired on %s (%s)", d, p->name[i]);
		}
		if (when < nb) {
			pki__date(d, sizeof(d), nb);
			add_reason(r, PKI_VERIFY_NOT_YET_VALID, (int)i,
				   "not yet valid: valid from %s (%s)", d, p->name[i]);
		}
	}
}

static void check_ca(pki_verify_result_t *r, const path_t *p)
{
	for (size_t i = 1; i < p->n; i++) {
		unsigned ku = 0, crit = 0;
		int pathlen = -1;
		bool anchor = p->trusted && i + 1 == p->n;

		if (!is_ca(p->c[i], &pathlen)) {
			if (anchor && gnutls_x509_crt_get_version(p->c[i]) < 3)
				continue; /* X.509 v1 roots have no extensions at all */
			add_reason(r, PKI_VERIFY_NOT_CA, (int)i,
				   "CA:FALSE certificate used as issuer: %s issued %s", p->name[i],
				   p->name[i - 1]);
			continue;
		}
		if (gnutls_x509_crt_get_key_usage(p->c[i], &ku, &crit) == 0 &&
		    !(ku & GNUTLS_KEY_KEY_CERT_SIGN))
			add_reason(r, PKI_VERIFY_NOT_CA, (int)i,
				   "issuer %s may not sign certificates: its key usage lacks "
				   "keyCertSign",
				   p->name[i]);
		if (pathlen >= 0) {
			int below = 0;

			for (size_t j = 1; j < i; j++)
				if (!self_issued(p->c[j]))
					below++;
			if (below > pathlen)
				add_reason(r, PKI_VERIFY_PATH_LEN, (int)i,
					   "path length constraint exceeded: %s allows %d "
					   "intermediate CA%s below it, the chain has %d",
					   p->name[i], pathlen, pathlen == 1 ? "" : "s", below);
		}
	}
}

static void san_text(char *buf, size_t len, unsigned type, const unsigned char *v, size_t n)
{
	char ip[64];

	if (type == GNUTLS_SAN_IPADDRESS) {
		if (!inet_ntop(n == 4 ? AF_INET : AF_INET6, v, ip, sizeof(ip)))
			snprintf(ip, sizeof(ip), "?");
		snprintf(buf, len, "IP:%s", ip);
	} else if (type == GNUTLS_SAN_DNSNAME) {
		snprintf(buf, len, "DNS:%.*s", (int)n, (const char *)v);
	} else if (type == GNUTLS_SAN_RFC822NAME) {
		snprintf(buf, len, "email:%.*s", (int)n, (const char *)v);
	} else {
		snprintf(buf, len, "%.*s", (int)n, (const char *)v);
	}
}

static void check_name_constraints(pki_verify_result_t *r, const path_t *p)
{
	static const unsigned types[] = { GNUTLS_SAN_DNSNAME, GNUTLS_SAN_IPADDRESS,
					  GNUTLS_SAN_RFC822NAME };

	for (size_t i = 1; i < p->n; i++) {
		gnutls_x509_name_constraints_t nc = NULL;
		unsigned crit = 0;

		if (gnutls_x509_name_constraints_init(&nc) < 0)
			continue;
		if (gnutls_x509_crt_get_name_constraints(p->c[i], nc, 0, &crit) < 0) {
			gnutls_x509_name_constraints_deinit(nc);
			continue;
		}
		for (size_t j = 0; j < i; j++) {
			bool found = false;

			if (j > 0 && self_issued(p->c[j]))
				continue;
			for (unsigned k = 0; !found; k++) {
				unsigned char v[512];
				size_t n = sizeof(v);
				unsigned type = 0;
				gnutls_datum_t d;
				int ret = gnutls_x509_crt_get_subject_alt_name2(p->c[j], k, v, &n,
										&type, NULL);

				if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
					break;
				if (ret < 0)
					continue;
				if (type != GNUTLS_SAN_DNSNAME && type != GNUTLS_SAN_IPADDRESS &&
				    type != GNUTLS_SAN_RFC822NAME)
					continue;
				d.data = v;
				d.size = (unsigned)n;
				if (!gnutls_x509_name_constraints_check(nc, (gnutls_x509_subject_alt_name_t)type, &d)) {
					char s[600];

					san_text(s, sizeof(s), type, v, n);
					add_reason(r, PKI_VERIFY_NAME_CONSTRAINTS, (int)j,
						   "name constraints violated: %s of %s is not "
						   "permitted by %s",
						   s, p->name[j], p->name[i]);
					found = true;
				}
			}
			/* GnuTLS's own check also covers the CN of SAN-less certificates. */
			for (size_t k = 0; !found && k < sizeof(types) / sizeof(types[0]); k++) {
				if (!gnutls_x509_name_constraints_check_crt(
					    nc, (gnutls_x509_subject_alt_name_t)types[k], p->c[j])) {
					add_reason(r, PKI_VERIFY_NAME_CONSTRAINTS, (int)j,
						   "name constraints violated: the names of %s are "
						   "not permitted by %s",
						   p->name[j], p->name[i]);
					found = true;
				}
			}
		}
		gnutls_x509_name_constraints_deinit(nc);
	}
}

static bool dns_match(const char *pattern, size_t plen, const char *host)
{
	char pat[256];
	size_t hlen = strlen(host);

	if (plen == 0 || plen >= sizeof(pat) || memchr(pattern, '\0', plen))
		return false;
	memcpy(pat, pattern, plen);
	pat[plen] = '\0';
	if (plen > 1 && pat[plen - 1] == '.')
		pat[--plen] = '\0';
	for (size_t i = 0; i < plen; i++)
		pat[i] = (char)tolower((unsigned char)pat[i]);
	if (strcmp(pat, host) == 0)
		return true;
	/* "*.example.com": the whole left-most label, at least two labels after it */
	if (plen > 2 && pat[0] == '*' && pat[1] == '.' && strchr(pat + 2, '.') &&
	    !strchr(pat + 2, '*')) {
		const char *dot = strchr(host, '.');

		return dot && dot != host && (size_t)(host + hlen - dot) == plen - 1 &&
		       strcmp(dot, pat + 1) == 0;
	}
	return false;
}

static void check_host(pki_verify_result_t *r, const path_t *p, const pki_verify_opts_t *opts)
{
	pki__buf_t names = { 0 };
	bool match = false;
	unsigned count = 0;

	for (unsigned k = 0;; k++) {
		unsigned char v[512];
		size_t n = sizeof(v);
		unsigned type = 0;
		int ret = gnutls_x509_crt_get_subject_alt_name2(p->c[0], k, v, &n, &type, NULL);

		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (ret < 0 || (type != GNUTLS_SAN_DNSNAME && type != GNUTLS_SAN_IPADDRESS))
			continue;
		if (opts->iplen && type == GNUTLS_SAN_IPADDRESS && n == opts->iplen &&
		    memcmp(v, opts->ip, n) == 0)
			match = true;
		if (!opts->iplen && type == GNUTLS_SAN_DNSNAME && dns_match((char *)v, n, opts->host))
			match = true;
		{
			char s[600];

			san_text(s, sizeof(s), type, v, n);
			pki__buf_printf(&names, "%s%s", count++ ? ", " : "", s + (type == GNUTLS_SAN_IPADDRESS ? 3 : 4));
		}
	}
	if (!match) {
		const char *what = opts->iplen ? "IP address" : "host name";

		if (count == 0)
			add_reason(r, PKI_VERIFY_HOST_MISMATCH, 0,
				   "%s %s not in certificate: it has no DNS or IP subject alternative "
				   "names, and the CN is never used for host names (%s)",
				   what, opts->host, p->name[0]);
		else
			add_reason(r, PKI_VERIFY_HOST_MISMATCH, 0,
				   "%s %s not in certificate (valid for: %s)", what, opts->host,
				   names.failed ? "?" : names.p);
	}
	pki__buf_discard(&names);
}

/* True when @p crt's EKU (if any) allows @p oid. */
static bool eku_allows(gnutls_x509_crt_t crt, const char *oid)
{
	for (unsigned i = 0;; i++) {
		char buf[128];
		size_t n = sizeof(buf);
		unsigned crit = 0;
		int ret = gnutls_x509_crt_get_key_purpose_oid(crt, i, buf, &n, &crit);

		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			return i == 0; /* no EKU extension: any purpose */
		if (ret < 0)
			continue;
		if (strcmp(buf, oid) == 0 || strcmp(buf, GNUTLS_KP_ANY) == 0)
			return true;
	}
}

static void check_purpose(pki_verify_result_t *r, const path_t *p, int purpose)
{
	const char *oid = purpose == PKI_PURPOSE_SERVER ? GNUTLS_KP_TLS_WWW_SERVER
							: GNUTLS_KP_TLS_WWW_CLIENT;
	const char *eku = purpose == PKI_PURPOSE_SERVER ? "serverAuth" : "clientAuth";

	for (size_t i = 0; i < p->n; i++)
		if (!eku_allows(p->c[i], oid))
			add_reason(r, PKI_VERIFY_PURPOSE, (int)i,
				   "%s may not be used for a TLS %s: its extended key usage lacks "
				   "%s (%s)",
				   i == 0 ? "certificate" : "issuer",
				   purpose == PKI_PURPOSE_SERVER ? "server" : "client", eku,
				   p->name[i]);
}

static bool crl_from_issuer(const pki_crl_t *crl, gnutls_x509_crt_t issuer)
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
		pki_cert_t tmp = { issuer };
		unsigned ku = 0, crit = 0;

		/* RFC 5280 4.2.1.3: a CRL issuer whose key usage is present needs cRLSign */
		if (gnutls_x509_crt_get_key_usage(issuer, &ku, &crit) == 0 &&
		    !(ku & GNUTLS_KEY_CRL_SIGN))
			return false;

		return pki_crl_verify(crl, &tmp, 0) == 0;
	}
}

static void check_crls(pki_verify_result_t *r, const path_t *p, const pki_trust_t *trust,
		       int mode, int64_t when)
{
	char d[32];

	/* the trust anchor is not checked: it is trusted by configuration */
	for (size_t i = 0; i + 1 < p->n; i++) {
		const pki_crl_t *best = NULL;
		int64_t best_tu = 0, tu = 0, nu = -1;
		unsigned char s[21];
		size_t len;
		const pki__crl_entry_t *e;

		for (size_t k = 0; k < trust->ncrls; k++) {
			if (trust->crls[k]->delta || !crl_from_issuer(trust->crls[k], p->c[i + 1]))
				continue; /* delta CRLs are not supported: complete CRLs only */
			pki_crl_validity(&tu, NULL, trust->crls[k]);
			if (!best || tu >= best_tu) { /* ties: the one added last */
				best = trust->crls[k];
				best_tu = tu;
			}
		}
		if (!best) {
			if (mode == PKI_CRL_CHECK_CHAIN || i == 0)
				add_reason(r, PKI_VERIFY_CRL_MISSING, (int)i,
					   "no CRL from %s to check %s: pass it with --crl",
					   p->name[i + 1], p->name[i]);
			continue;
		}
		if (best->unknown_critical) {
			add_reason(r, PKI_VERIFY_UNKNOWN_CRITICAL, (int)i,
				   "the CRL from %s has an unknown critical extension: the revocation "
				   "status of %s cannot be checked",
				   p->name[i + 1], p->name[i]);
			continue;
		}
		pki_crl_validity(&tu, &nu, best);
		if (when < tu) {
			pki__date(d, sizeof(d), tu);
			add_reason(r, PKI_VERIFY_CRL_NOT_YET_VALID, (int)i,
				   "the CRL from %s is not yet valid: issued for %s", p->name[i + 1],
				   d);
		}
		if (nu >= 0 && when > nu) {
			pki__date(d, sizeof(d), nu);
			add_reason(r, PKI_VERIFY_CRL_EXPIRED, (int)i,
				   "the CRL from %s expired on %s: fetch a newer one", p->name[i + 1],
				   d);
		}
		if (pki__cert_serial_bytes(s, &len, p->c[i]) < 0)
			continue;
		e = pki__crl_find(best, s, len);
		if (e && e->reason != PKI_CRL_REASON_REMOVE_FROM_CRL) {
			pki__date(d, sizeof(d), e->revoked_at);
			if (e->reason == PKI_CRL_REASON_UNSPECIFIED)
				add_reason(r, PKI_VERIFY_REVOKED, (int)i, "revoked on %s (%s)", d,
					   p->name[i]);
			else
				add_reason(r, PKI_VERIFY_REVOKED, (int)i,
					   "revoked on %s, reason %s (%s)", d,
					   pki_crl_reason_name(e->reason), p->name[i]);
		}
	}
}

/* Explain GnuTLS status bits not covered by libpki's own reasons. */
static void map_status(pki_verify_result_t *r, const path_t *p, unsigned status)
{
	if (status & GNUTLS_CERT_SIGNATURE_FAILURE) {
		bool found = false;

		for (size_t i = 0; i + 1 < p->n; i++)
			if (!signed_by(p->c[i], p->c[i + 1])) {
				add_reason(r, PKI_VERIFY_BAD_SIGNATURE, (int)i,
					   "the signature of %s does not verify with the key of %s",
					   p->name[i], p->name[i + 1]);
				found = true;
			}
		if (!found)
			add_reason(r, PKI_VERIFY_BAD_SIGNATURE, 0, "a signature does not verify (%s)",
				   p->name[0]);
	}
	if (status & GNUTLS_CERT_INSECURE_ALGORITHM) {
		bool found = false;

		for (size_t i = 0; i < p->n; i++) {
			int alg = gnutls_x509_crt_get_signature_algorithm(p->c[i]);
			bool anchor = p->trusted && i + 1 == p->n;

			if (!anchor && alg > 0 && !gnutls_sign_is_secure2((gnutls_sign_algorithm_t)alg,
								       GNUTLS_SIGN_FLAG_SECURE_FOR_CERTS)) {
				add_reason(r, PKI_VERIFY_WEAK_ALGORITHM, (int)i,
					   "%s is signed with %s, which is considered insecure",
					   p->name[i], gnutls_sign_get_name((gnutls_sign_algorithm_t)alg));
				found = true;
			}
		}
		if (!found)
			add_reason(r, PKI_VERIFY_WEAK_ALGORITHM, 0,
				   "an insecure algorithm or key is used in the chain of %s", p->name[0]);
	}
	if ((status & GNUTLS_CERT_SIGNER_NOT_FOUND) && !has_reason(r, PKI_VERIFY_UNTRUSTED_ROOT) &&
	    !has_reason(r, PKI_VERIFY_ISSUER_NOT_FOUND))
		add_reason(r, PKI_VERIFY_ISSUER_NOT_FOUND, (int)p->n - 1,
			   "no trusted issuer found for %s", p->name[p->n - 1]);
	if ((status & GNUTLS_CERT_SIGNER_NOT_CA) && !has_reason(r, PKI_VERIFY_NOT_CA))
		add_reason(r, PKI_VERIFY_NOT_CA, 0, "an issuer in the chain of %s is not a CA",
			   p->name[0]);
	if ((status & GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE) && !has_reason(r, PKI_VERIFY_NOT_CA) &&
	    !has_reason(r, PKI_VERIFY_PATH_LEN) && !has_reason(r, PKI_VERIFY_NAME_CONSTRAINTS))
		add_reason(r, PKI_VERIFY_OTHER, 0,
			   "the constraints of an issuer are violated in the chain of %s",
			   p->name[0]);
	if ((status & GNUTLS_CERT_PURPOSE_MISMATCH) && !has_reason(r, PKI_VERIFY_PURPOSE))
		add_reason(r, PKI_VERIFY_PURPOSE, 0,
			   "the extended key usage in the chain of %s does not allow this purpose",
			   p->name[0]);
	if (status & GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS)
		add_reason(r, PKI_VERIFY_UNKNOWN_CRITICAL, 0,
			   "a certificate in the chain of %s has an unknown critical extension",
			   p->name[0]);
	if ((status & GNUTLS_CERT_INVALID) && r->nreasons == 0) {
		gnutls_datum_t d = { NULL, 0 };

		if (gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, &d, 0) == 0) {
			add_reason(r, PKI_VERIFY_OTHER, 0, "%.*s (%s)", (int)d.size,
				   (const char *)d.data, p->name[0]);
			gnutls_free(d.data);
		} else {
			add_reason(r, PKI_VERIFY_OTHER, 0, "not valid (%s)", p->name[0]);
		}
	}
}

static int result_take_chain(pki_verify_result_t *r, path_t *p)
{
	r->chain.certs = pki__zalloc((p->n ? p->n : 1) * sizeof(*r->chain.certs));
	if (!r->chain.certs)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	r->chain.cap = p->n;
	for (size_t i = 0; i < p->n; i++) {
		pki_cert_t *c = pki__zalloc(sizeof(*c));

		if (!c)
			return pki__fail(PKI_E_NOMEM, "out of memory");
		c->crt = p->c[i];
		p->c[i] = NULL;
		r->chain.certs[r->chain.count++] = c;
	}
	return 0;
}

int pki_cert_verify(pki_verify_result_t **result, const pki_cert_t *cert,
		    const pki_trust_t *trust, const pki_verify_opts_t *opts, unsigned flags)
{
	pki_verify_result_t *r;
	path_t p;
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
	r->when = opts && opts->when_set ? opts->when : (int64_t)time(NULL);
	r->purpose = opts ? opts->purpose : PKI_PURPOSE_ANY;
	if (opts && opts->host) {
		r->host = pki__strdup(opts->host);
		if (!r->host) {
			ret = pki__fail(PKI_E_NOMEM, "out of memory");
			goto fail;
		}
	}

	ret = build_path(&p, cert->crt, trust, opts);
	if (ret < 0)
		goto fail;
	for (size_t i = 0; i < p.n; i++) {
		p.name[i] = name_of(p.c[i]);
		if (!p.name[i]) {
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
	ret = gnutls_x509_trust_list_verify_crt2(trust->tl, p.c, (unsigned)p.n, &vdata,
						 r->purpose == PKI_PURPOSE_ANY ? 0 : 1, vflags,
						 &status, NULL);
	if (ret < 0) {
		ret = pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
				       "cannot run the verification");
		goto fail;
	}

	/* libpki's own reasons, most fundamental first */
	if (p.too_long)
		add_reason(r, PKI_VERIFY_CHAIN_TOO_LONG, (int)p.n - 1,
			   "the chain is longer than %d certificates", MAX_CHAIN);
	else if (!p.trusted) {
		size_t last = p.n - 1;

		if (self_signed(p.c[last]))
			add_reason(r, PKI_VERIFY_UNTRUSTED_ROOT, (int)last,
				   "%s %s is not trusted: add it with --ca if you trust it",
				   last == 0 ? "self-signed certificate" : "root CA", p.name[last]);
		else {
			gnutls_datum_t d = { NULL, 0 };
			char *issuer = NULL;

			if (gnutls_x509_crt_get_issuer_dn3(p.c[last], &d, 0) == 0)
				issuer = pki__strndup((const char *)d.data, d.size);
			gnutls_free(d.data);
			add_reason(r, PKI_VERIFY_ISSUER_NOT_FOUND, (int)last,
				   "issuer %s not found: pass it with --untrusted (or --ca if it "
				   "is a trusted root) (%s)",
				   issuer ? issuer : "?", p.name[last]);
			pki_free(issuer);
		}
	}
	check_ca(r, &p);
	check_name_constraints(r, &p);
	check_time(r, &p, r->when);
	if (opts && opts->crl_check != PKI_CRL_CHECK_OFF)
		check_crls(r, &p, trust, opts->crl_check, r->when);
	if (r->purpose != PKI_PURPOSE_ANY)
		check_purpose(r, &p, r->purpose);
	if (opts && opts->host)
		check_host(r, &p, opts);
	map_status(r, &p, status);

	if (r->nomem) {
		ret = pki__fail(PKI_E_NOMEM, "out of memory");
		goto fail;
	}
	r->trusted = p.trusted && !p.too_long;
	r->valid = r->nreasons == 0;
	ret = result_take_chain(r, &p);
	if (ret < 0)
		goto fail;
	for (size_t i = 0; i < p.n; i++)
		pki_free(p.name[i]);
	*result = r;
	if (r->valid)
		return 0;
	return pki__fail(PKI_E_VERIFY, "%s", r->reasons[0].msg);
fail:
	for (size_t i = 0; i < p.n; i++) {
		if (p.c[i])
			gnutls_x509_crt_deinit(p.c[i]);
		pki_free(p.name[i]);
	}
	pki_verify_result_free(r);
	return ret;
}
