/*
 * libpki — RFC 5280 6.1 basic checks of one path, the algorithm policy, the leaf.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "verify-int.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

bool pki__crt_is_ca(gnutls_x509_crt_t crt, int *pathlen)
{
	unsigned crit = 0, ca = 0;
	int pl = -1;
	int ret = gnutls_x509_crt_get_basic_constraints(crt, &crit, &ca, &pl);

	if (pathlen)
		*pathlen = ret >= 0 && ca ? pl : -1;
	return ret >= 0 && ca;
}

static void check_time(pki__vctx_t *v, const pki__path_t *p, int64_t when)
{
	char d[32];

	for (size_t i = 0; i < p->n; i++) {
		int64_t nb = (int64_t)gnutls_x509_crt_get_activation_time(p->certs[i]);
		int64_t na = (int64_t)gnutls_x509_crt_get_expiration_time(p->certs[i]);

		if (when > na) {
			pki__date(d, sizeof(d), na);
			pki__vreason(v, PKI_VERIFY_EXPIRED, (int)i, "expired on %s (%s)", d, p->names[i]);
		}
		if (when < nb) {
			pki__date(d, sizeof(d), nb);
			pki__vreason(v, PKI_VERIFY_NOT_YET_VALID, (int)i,
				   "not yet valid: valid from %s (%s)", d, p->names[i]);
		}
	}
}

static void check_ca(pki__vctx_t *v, const pki__path_t *p)
{
	for (size_t i = 1; i < p->n; i++) {
		unsigned ku = 0, crit = 0;
		int pathlen = -1;
		bool anchor = p->anchored && i + 1 == p->n;

		if (!pki__crt_is_ca(p->certs[i], &pathlen)) {
			if (anchor && gnutls_x509_crt_get_version(p->certs[i]) < 3)
				continue; /* X.509 v1 roots have no extensions at all */
			pki__vreason(v, PKI_VERIFY_NOT_CA, (int)i,
				   "CA:FALSE certificate used as issuer: %s issued %s", p->names[i],
				   p->names[i - 1]);
			continue;
		}
		if (gnutls_x509_crt_get_key_usage(p->certs[i], &ku, &crit) == 0 &&
		    !(ku & GNUTLS_KEY_KEY_CERT_SIGN))
			pki__vreason(v, PKI_VERIFY_NOT_CA, (int)i,
				   "issuer %s may not sign certificates: its key usage lacks "
				   "keyCertSign",
				   p->names[i]);
		if (pathlen >= 0) {
			int below = 0;

			for (size_t j = 1; j < i; j++)
				if (!pki__crt_self_issued(p->certs[j]))
					below++;
			if (below > pathlen)
				pki__vreason(v, PKI_VERIFY_PATH_LEN, (int)i,
					   "path length constraint exceeded: %s allows %d "
					   "intermediate CA%s below it, the chain has %d",
					   p->names[i], pathlen, pathlen == 1 ? "" : "s", below);
		}
	}
}

void pki__san_text(char *buf, size_t len, unsigned type, const unsigned char *v, size_t n)
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

static void check_host(pki__vctx_t *v, const pki__path_t *p, const pki_verify_opts_t *opts)
{
	pki__buf_t names = { 0 };
	bool match = false;
	unsigned count = 0;

	for (unsigned k = 0;; k++) {
		unsigned char val[512];
		size_t n = sizeof(val);
		unsigned type = 0;
		int ret = gnutls_x509_crt_get_subject_alt_name2(p->certs[0], k, val, &n, &type, NULL);

		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (ret < 0 || (type != GNUTLS_SAN_DNSNAME && type != GNUTLS_SAN_IPADDRESS))
			continue;
		if (opts->iplen && type == GNUTLS_SAN_IPADDRESS && n == opts->iplen &&
		    memcmp(val, opts->ip, n) == 0)
			match = true;
		if (!opts->iplen && type == GNUTLS_SAN_DNSNAME && dns_match((char *)val, n, opts->host))
			match = true;
		{
			char s[600];

			pki__san_text(s, sizeof(s), type, val, n);
			pki__buf_printf(&names, "%s%s", count++ ? ", " : "", s + (type == GNUTLS_SAN_IPADDRESS ? 3 : 4));
		}
	}
	if (!match) {
		const char *what = opts->iplen ? "IP address" : "host name";

		if (count == 0)
			pki__vreason(v, PKI_VERIFY_HOST_MISMATCH, 0,
				   "%s %s not in certificate: it has no DNS or IP subject alternative "
				   "names, and the CN is never used for host names (%s)",
				   what, opts->host, p->names[0]);
		else
			pki__vreason(v, PKI_VERIFY_HOST_MISMATCH, 0,
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

static void check_purpose(pki__vctx_t *v, const pki__path_t *p, int purpose)
{
	const char *oid = purpose == PKI_PURPOSE_SERVER ? GNUTLS_KP_TLS_WWW_SERVER
							: GNUTLS_KP_TLS_WWW_CLIENT;
	const char *eku = purpose == PKI_PURPOSE_SERVER ? "serverAuth" : "clientAuth";

	for (size_t i = 0; i < p->n; i++)
		if (!eku_allows(p->certs[i], oid))
			pki__vreason(v, PKI_VERIFY_PURPOSE, (int)i,
				   "%s may not be used for a TLS %s: its extended key usage lacks "
				   "%s (%s)",
				   i == 0 ? "certificate" : "issuer",
				   purpose == PKI_PURPOSE_SERVER ? "server" : "client", eku,
				   p->names[i]);
}

static void map_status(pki__vctx_t *v, const pki__path_t *p, unsigned status)
{
	if (status & GNUTLS_CERT_SIGNATURE_FAILURE) {
		bool found = false;

		for (size_t i = 0; i + 1 < p->n; i++)
			if (!pki__vctx_signed_by(v, p->certs[i], p->certs[i + 1])) {
				pki__vreason(v, PKI_VERIFY_BAD_SIGNATURE, (int)i,
					   "the signature of %s does not verify with the key of %s",
					   p->names[i], p->names[i + 1]);
				found = true;
			}
		if (!found)
			pki__vreason(v, PKI_VERIFY_BAD_SIGNATURE, 0, "a signature does not verify (%s)",
				   p->names[0]);
	}
	if (status & GNUTLS_CERT_INSECURE_ALGORITHM) {
		bool found = false;

		for (size_t i = 0; i < p->n; i++) {
			int alg = gnutls_x509_crt_get_signature_algorithm(p->certs[i]);
			bool anchor = p->anchored && i + 1 == p->n;

			if (!anchor && alg > 0 && !gnutls_sign_is_secure2((gnutls_sign_algorithm_t)alg,
								       GNUTLS_SIGN_FLAG_SECURE_FOR_CERTS)) {
				pki__vreason(v, PKI_VERIFY_WEAK_ALGORITHM, (int)i,
					   "%s is signed with %s, which is considered insecure",
					   p->names[i], gnutls_sign_get_name((gnutls_sign_algorithm_t)alg));
				found = true;
			}
		}
		if (!found)
			pki__vreason(v, PKI_VERIFY_WEAK_ALGORITHM, 0,
				   "an insecure algorithm or key is used in the chain of %s", p->names[0]);
	}
	if ((status & GNUTLS_CERT_SIGNER_NOT_FOUND) && !pki__vctx_has_reason(v, PKI_VERIFY_UNTRUSTED_ROOT) &&
	    !pki__vctx_has_reason(v, PKI_VERIFY_ISSUER_NOT_FOUND))
		pki__vreason(v, PKI_VERIFY_ISSUER_NOT_FOUND, (int)p->n - 1,
			   "no trusted issuer found for %s", p->names[p->n - 1]);
	if ((status & GNUTLS_CERT_SIGNER_NOT_CA) && !pki__vctx_has_reason(v, PKI_VERIFY_NOT_CA))
		pki__vreason(v, PKI_VERIFY_NOT_CA, 0, "an issuer in the chain of %s is not a CA",
			   p->names[0]);
	if ((status & GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE) && !pki__vctx_has_reason(v, PKI_VERIFY_NOT_CA) &&
	    !pki__vctx_has_reason(v, PKI_VERIFY_PATH_LEN) && !pki__vctx_has_reason(v, PKI_VERIFY_NAME_CONSTRAINTS))
		pki__vreason(v, PKI_VERIFY_OTHER, 0,
			   "the constraints of an issuer are violated in the chain of %s",
			   p->names[0]);
	if ((status & GNUTLS_CERT_PURPOSE_MISMATCH) && !pki__vctx_has_reason(v, PKI_VERIFY_PURPOSE))
		pki__vreason(v, PKI_VERIFY_PURPOSE, 0,
			   "the extended key usage in the chain of %s does not allow this purpose",
			   p->names[0]);
	if ((status & GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS) &&
	    !pki__vctx_has_reason(v, PKI_VERIFY_UNKNOWN_CRITICAL))
		pki__vreason(v, PKI_VERIFY_UNKNOWN_CRITICAL, 0,
			   "a certificate in the chain of %s has an unknown critical extension",
			   p->names[0]);
	if ((status & GNUTLS_CERT_INVALID) && !pki__vctx_has_reason(v, 0)) {
		gnutls_datum_t d = { NULL, 0 };

		if (gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, &d, 0) == 0) {
			pki__vreason(v, PKI_VERIFY_OTHER, 0, "%.*s (%s)", (int)d.size,
				   (const char *)d.data, p->names[0]);
			gnutls_free(d.data);
		} else {
			pki__vreason(v, PKI_VERIFY_OTHER, 0, "not valid (%s)", p->names[0]);
		}
	}
}


/* The path as a whole: where it ends, its length. */
static void check_anchor(pki__vctx_t *v, const pki__path_t *p)
{
	size_t last = p->n - 1;

	if (p->too_long) {
		pki__vreason(v, PKI_VERIFY_CHAIN_TOO_LONG, (int)last,
			     "the chain is longer than %d certificates", PKI__VERIFY_DEFAULT_DEPTH);
		return;
	}
	if (p->anchored)
		return;
	if (pki__crt_self_signed(v, p->certs[last])) {
		pki__vreason(v, PKI_VERIFY_UNTRUSTED_ROOT, (int)last,
			     "%s %s is not trusted: add it with --ca if you trust it",
			     last == 0 ? "self-signed certificate" : "root CA", p->names[last]);
	} else {
		gnutls_datum_t d = { NULL, 0 };
		char *issuer = NULL;

		if (gnutls_x509_crt_get_issuer_dn3(p->certs[last], &d, 0) == 0)
			issuer = pki__strndup((const char *)d.data, d.size);
		gnutls_free(d.data);
		pki__vreason(v, PKI_VERIFY_ISSUER_NOT_FOUND, (int)last,
			     "issuer %s not found: pass it with --untrusted (or --ca if it "
			     "is a trusted root) (%s)",
			     issuer ? issuer : "?", p->names[last]);
		pki_free(issuer);
	}
}

void pki__validate_path(pki__vctx_t *v, const pki__path_t *p)
{
	check_anchor(v, p);
	check_ca(v, p);
	check_time(v, p, pki__vctx_time(v));
}

void pki__validate_leaf(pki__vctx_t *v, const pki__path_t *p)
{
	const pki_verify_opts_t *opts = pki__vctx_opts(v);

	if (v->purpose != PKI_PURPOSE_ANY)
		check_purpose(v, p, v->purpose);
	if (opts->host)
		check_host(v, p, opts);
	map_status(v, p, v->gnutls_status);
}
