/*
 * libpki — issuance options: the profiles and their names, and the options object with its
 * setters (each validates what it is given, so issuance only reads a checked object).
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "internal.h"

#include "issue-int.h"

#include "ext-int.h"
#include "work-int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_DAYS 36500
#define MAX_ENTRIES PKI_ISSUE_MAX_ENTRIES /* per list in the options: a bound, not a quota */

static bool is_valid_profile(int p)
{
	return p >= PKI_PROFILE_SERVER && p <= PKI_PROFILE_TIMESTAMPING;
}

static const struct {
	const char *name;
	pki_profile_t profile;
	const char *ekus[3]; /* the profile's extended key usages */
} profiles[] = {
	{ "server", PKI_PROFILE_SERVER, { GNUTLS_KP_TLS_WWW_SERVER } },
	{ "client", PKI_PROFILE_CLIENT, { GNUTLS_KP_TLS_WWW_CLIENT } },
	{ "server-client", PKI_PROFILE_SERVER_CLIENT,
	  { GNUTLS_KP_TLS_WWW_SERVER, GNUTLS_KP_TLS_WWW_CLIENT } },
	{ "ca", PKI_PROFILE_CA, { NULL } },
	{ "intermediate", PKI_PROFILE_INTERMEDIATE, { NULL } },
	{ "code-signing", PKI_PROFILE_CODE_SIGNING, { GNUTLS_KP_CODE_SIGNING } },
	{ "email", PKI_PROFILE_EMAIL, { GNUTLS_KP_EMAIL_PROTECTION } },
	{ "ocsp-signing", PKI_PROFILE_OCSP_SIGNING, { GNUTLS_KP_OCSP_SIGNING } },
	{ "timestamping", PKI_PROFILE_TIMESTAMPING, { GNUTLS_KP_TIME_STAMPING } },
};
#define N_PROFILES (sizeof(profiles) / sizeof(profiles[0]))

const char *pki__profile_name(pki_profile_t p)
{
	for (size_t i = 0; i < N_PROFILES; i++)
		if (profiles[i].profile == p)
			return profiles[i].name;
	return "unknown";
}

const char *const *pki__profile_ekus(pki_profile_t p)
{
	static const char *const none[3] = { NULL };

	for (size_t i = 0; i < N_PROFILES; i++)
		if (profiles[i].profile == p)
			return profiles[i].ekus;
	return none;
}

int pki_profile_from_name(const char *name)
{
	pki__clear_error();
	if (!name)
		return pki__fail(PKI_E_INVALID_ARG, "profile name is NULL");
	for (size_t i = 0; i < N_PROFILES; i++)
		if (strcasecmp(name, profiles[i].name) == 0)
			return (int)profiles[i].profile;
	return pki__fail(PKI_E_INVALID_ARG,
			 "unknown profile \"%s\" (expected server, client, server-client, ca, "
			 "intermediate, code-signing, email, ocsp-signing or timestamping)",
			 name);
}

/* ---------------------------------------------------------------------------------------- */
/* Options                                                                                   */

void pki__issue_opts_defaults(pki_issue_opts_t *o, pki_profile_t profile)
{
	memset(o, 0, sizeof(*o));
	o->profile = profile;
	o->validity = VALIDITY_DEFAULT;
	o->path_len = profile == PKI_PROFILE_INTERMEDIATE ? 0 : -1;
	o->require_explicit = o->inhibit_mapping = o->inhibit_any = -1;
}

int pki_issue_opts_new(pki_issue_opts_t **out, pki_profile_t profile, unsigned flags)
{
	pki_issue_opts_t *o;

	pki__clear_error();
	if (!out)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_new: out is NULL");
	*out = NULL;
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_new: unknown flags 0x%x", flags);
	if (!is_valid_profile((int)profile))
		return pki__fail(PKI_E_INVALID_ARG, "unknown profile %d", (int)profile);
	o = pki__malloc(sizeof(*o));
	if (!o)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	pki__issue_opts_defaults(o, profile);
	*out = o;
	return 0;
}

void pki_issue_opts_free(pki_issue_opts_t *o)
{
	if (!o)
		return;
	pki_free(o->subject);
	for (size_t i = 0; i < o->n_sans; i++)
		pki_free(o->sans[i].value);
	pki_free(o->sans);
	for (size_t i = 0; i < o->n_ncs; i++)
		pki_free(o->ncs[i].data);
	pki_free(o->ncs);
	pki__free_strings(o->crl_urls, o->n_crl_urls);
	pki__free_strings(o->ocsp_urls, o->n_ocsp_urls);
	pki__free_strings(o->ca_issuers_urls, o->n_ca_issuers_urls);
	for (size_t i = 0; i < o->n_exts; i++) {
		pki_free(o->exts[i].oid);
		pki_free(o->exts[i].der);
	}
	pki_free(o->exts);
	pki__free_strings(o->ekus, o->n_ekus);
	for (size_t i = 0; i < o->n_policies; i++) {
		pki_free(o->policies[i].oid);
		pki_free(o->policies[i].cps);
		pki_free(o->policies[i].notice);
	}
	pki_free(o->policies);
	pki__free_strings(o->map_issuer, o->n_maps);
	pki__free_strings(o->map_subject, o->n_maps);
	pki_free(o);
}

void *pki__issue_grow(void *old, size_t *cap, size_t n, size_t elem, const char *what, int *err)
{
	return pki__grow(old, cap, n, elem, MAX_ENTRIES, what, err);
}

int pki__issue_san_append(struct san_entry **v, size_t *n, size_t *cap, int type, char *value)
{
	struct san_entry *e;
	int err = 0;

	e = pki__issue_grow(*v, cap, *n, sizeof(*e), "subject alternative names", &err);
	if (!e)
		return err;
	*v = e;
	e[*n].type = type;
	e[*n].value = value;
	(*n)++;
	return 0;
}

int pki_issue_opts_set_days(pki_issue_opts_t *opts, unsigned days)
{
	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_set_days: opts is NULL");
	if (days < 1 || days > MAX_DAYS)
		return pki__fail(PKI_E_INVALID_ARG, "validity of %u days is out of range (1..%d)",
				 days, MAX_DAYS);
	opts->validity = VALIDITY_DAYS;
	opts->days = days;
	return 0;
}

int pki_issue_opts_set_validity(pki_issue_opts_t *opts, int64_t not_before, int64_t not_after)
{
	char a[32], b[32];

	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_set_validity: opts is NULL");
	if (not_before < 0 || not_after < 0 || not_before > PKI__TIME_MAX || not_after > PKI__TIME_MAX)
		return pki__fail(PKI_E_VALIDITY,
				 "validity dates must lie between 1970-01-01 and 9999-12-31");
	if (not_before >= not_after) {
		pki__rfc3339(a, sizeof(a), not_before);
		pki__rfc3339(b, sizeof(b), not_after);
		return pki__fail(PKI_E_VALIDITY, "notBefore %s is not before notAfter %s", a, b);
	}
	opts->validity = VALIDITY_EXPLICIT;
	opts->not_before = not_before;
	opts->not_after = not_after;
	return 0;
}

int pki_issue_opts_set_serial(pki_issue_opts_t *opts, const char *hex)
{
	unsigned char bytes[SERIAL_MAX_BYTES];
	size_t len;
	int ret;

	pki__clear_error();
	if (!opts || !hex)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_set_serial: NULL argument");
	/* Into a copy: a bad serial leaves the options as they were. */
	if ((ret = pki__serial_parse(bytes, sizeof(bytes), &len, hex, "serial")) < 0)
		return ret;
	memcpy(opts->serial, bytes, len);
	opts->serial_len = len;
	return 0;
}

/* The checks of the path length setters; 0 or an error. */
static int path_len_opts(pki_issue_opts_t *opts, const char *fn)
{
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "%s: opts is NULL", fn);
	if (!pki__is_ca_profile(opts->profile))
		return pki__fail(PKI_E_INVALID_ARG,
				 "a path length applies to CA profiles, not to the %s profile",
				 pki__profile_name(opts->profile));
	return 0;
}

int pki_issue_opts_set_path_len(pki_issue_opts_t *opts, unsigned path_len)
{
	int ret;

	pki__clear_error();
	if ((ret = path_len_opts(opts, "pki_issue_opts_set_path_len")) < 0)
		return ret;
	if (path_len > INT_MAX)
		return pki__fail(PKI_E_INVALID_ARG, "path length %u is out of range (0..%d)",
				 path_len, INT_MAX);
	opts->path_len = (int)path_len;
	return 0;
}

int pki_issue_opts_clear_path_len(pki_issue_opts_t *opts)
{
	int ret;

	pki__clear_error();
	if ((ret = path_len_opts(opts, "pki_issue_opts_clear_path_len")) < 0)
		return ret;
	opts->path_len = -1; /* private: no pathLenConstraint */
	return 0;
}

int pki__issue_opts_set_subject(pki_issue_opts_t *opts, const char *subject)
{
	gnutls_x509_crt_t crt;
	int ret;

	/* Parse now, so that a bad name is reported where it is given. */
	ret = gnutls_x509_crt_init(&crt);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "cannot allocate a certificate");
	ret = pki__dn_set_crt(crt, subject);
	gnutls_x509_crt_deinit(crt);
	if (ret < 0)
		return ret;
	return pki__set_str(&opts->subject, subject);
}

int pki_issue_opts_set_subject(pki_issue_opts_t *opts, const char *subject)
{
	pki__clear_error();
	if (!opts || !subject)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_set_subject: NULL argument");
	return pki__issue_opts_set_subject(opts, subject);
}

int pki_issue_opts_add_san(pki_issue_opts_t *opts, const char *san)
{
	char *value = NULL;
	int type, err = 0;

	pki__clear_error();
	if (!opts || !san)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_add_san: NULL argument");
	type = pki__san_parse(san, &value);
	if (type < 0)
		return type;
	if ((err = pki__issue_san_append(&opts->sans, &opts->n_sans, &opts->cap_sans, type, value)) < 0)
		pki_free(value);
	return err;
}

/* A domain for a DNS or email name constraint: host name labels, optionally ".domain". */
static bool nc_domain_ok(const char *s)
{
	if (*s == '.')
		s++;
	return *s && !strchr(s, '*') && pki__is_hostname(s);
}

static char *lower_dup(const char *s)
{
	char *d = pki__strdup(s);

	if (d)
		for (char *p = d; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
	return d;
}

/* Parse "addr/prefix" into address bytes followed by the mask: 8 or 32 bytes in @p out. */
static int parse_ip_constraint(const char *s, unsigned char out[32], unsigned *size)
{
	unsigned char addr[16];
	char text[64];
	const char *slash = strchr(s, '/');
	size_t alen, n;
	char *end;
	long prefix;

	if (!slash)
		return pki__fail(PKI_E_INVALID_NAME,
				 "IP name constraint \"%s\" needs a prefix length (e.g. 10.0.0.0/8)",
				 s);
	n = (size_t)(slash - s);
	if (n == 0 || n >= sizeof(text))
		return pki__fail(PKI_E_INVALID_NAME, "bad IP name constraint \"%s\"", s);
	memcpy(text, s, n);
	text[n] = '\0';
	alen = pki__parse_ip(text, addr);
	if (alen != 4 && alen != 16)
		return pki__fail(PKI_E_INVALID_NAME, "bad address in IP name constraint \"%s\"", s);
	if (slash[1] < '0' || slash[1] > '9')
		return pki__fail(PKI_E_INVALID_NAME, "bad prefix length in IP name constraint \"%s\"",
				 s);
	prefix = strtol(slash + 1, &end, 10);
	if (*end || prefix < 0 || prefix > (long)(alen * 8) || (slash[1] == '0' && slash[2]))
		return pki__fail(PKI_E_INVALID_NAME,
				 "bad prefix length in IP name constraint \"%s\" (0..%zu)", s,
				 alen * 8);
	for (size_t i = 0; i < alen; i++) {
		long bits = prefix - (long)(i * 8);
		unsigned char mask = bits >= 8 ? 0xff : bits <= 0 ? 0 : (unsigned char)(0xff << (8 - bits));

		if (addr[i] & (unsigned char)~mask)
			return pki__fail(PKI_E_INVALID_NAME,
					 "IP name constraint \"%s\" has address bits set beyond the "
					 "/%ld prefix",
					 s, prefix);
		out[i] = addr[i];
		out[alen + i] = mask;
	}
	*size = (unsigned)(2 * alen);
	return 0;
}

int pki_issue_opts_add_name_constraint(pki_issue_opts_t *opts, const char *constraint,
				       pki_name_constraint_t which)
{
	unsigned char ip[32];
	struct nc_entry *e;
	unsigned char *data = NULL;
	unsigned type = 0, size = 0;
	const char *colon, *v;
	size_t plen;
	int ret;

	pki__clear_error();
	if (!opts || !constraint)
		return pki__fail(PKI_E_INVALID_ARG,
				 "pki_issue_opts_add_name_constraint: NULL argument");
	if (which != PKI_NC_PERMITTED && which != PKI_NC_EXCLUDED)
		return pki__fail(PKI_E_INVALID_ARG,
				 "pki_issue_opts_add_name_constraint: %d is neither PKI_NC_PERMITTED "
				 "nor PKI_NC_EXCLUDED",
				 (int)which);
	if (!pki__is_ca_profile(opts->profile))
		return pki__fail(PKI_E_INVALID_ARG,
				 "name constraints apply to CA profiles, not to the %s profile",
				 pki__profile_name(opts->profile));
	colon = strchr(constraint, ':');
	if (!colon)
		return pki__fail(PKI_E_INVALID_NAME,
				 "name constraint \"%s\" needs a type: DNS:, IP: or email:",
				 constraint);
	plen = (size_t)(colon - constraint);
	v = colon + 1;
	if (plen == 3 && strncasecmp(constraint, "DNS", 3) == 0) {
		if (!nc_domain_ok(v))
			return pki__fail(PKI_E_INVALID_NAME,
					 "DNS name constraint \"%s\" is not a domain (\"example.com\" "
					 "or \".example.com\")",
					 v);
		type = GNUTLS_SAN_DNSNAME;
		data = (unsigned char *)lower_dup(v);
		size = (unsigned)strlen(v);
	} else if (plen == 5 && strncasecmp(constraint, "email", 5) == 0) {
		const char *at = strchr(v, '@');
		char *d;

		if (at ? (at == v || strchr(at + 1, '@') || !nc_domain_ok(at + 1) ||
			  at[1] == '.')
		       : !nc_domain_ok(v))
			return pki__fail(PKI_E_INVALID_NAME,
					 "email name constraint \"%s\" is not a mailbox, host or "
					 "\".domain\"",
					 v);
		type = GNUTLS_SAN_RFC822NAME;
		/* The local part is case-sensitive; the domain is not. */
		d = pki__strdup(v);
		if (d) {
			char *dom = at ? d + (at - v) + 1 : d;

			for (char *p = dom; *p; p++)
				if (*p >= 'A' && *p <= 'Z')
					*p = (char)(*p - 'A' + 'a');
		}
		data = (unsigned char *)d;
		size = (unsigned)strlen(v);
	} else if (plen == 2 && strncasecmp(constraint, "IP", 2) == 0) {
		ret = parse_ip_constraint(v, ip, &size);
		if (ret < 0)
			return ret;
		type = GNUTLS_SAN_IPADDRESS;
		data = pki__malloc(size);
		if (data)
			memcpy(data, ip, size);
	} else {
		return pki__fail(PKI_E_INVALID_NAME,
				 "name constraint \"%s\": unsupported type (DNS:, IP: or email:)",
				 constraint);
	}
	if (!data)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	e = pki__issue_grow(opts->ncs, &opts->cap_ncs, opts->n_ncs, sizeof(*e), "name constraints", &ret);
	if (!e) {
		pki_free(data);
		return ret;
	}
	opts->ncs = e;
	e += opts->n_ncs++;
	e->type = type;
	e->permitted = which == PKI_NC_PERMITTED;
	e->data = data;
	e->size = size;
	return 0;
}

/* @p s parsed as the SAN "URI:<s>" would be: its SAN type, with the value in *@p value, or a
 * negative code (PKI_E_NOMEM when memory ran out). */
static int uri_parse(const char *s, char **value)
{
	size_t len = strlen(s);
	char *typed = pki__malloc(len + 5);
	int type;

	if (!typed)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	memcpy(typed, "URI:", 4);
	memcpy(typed + 4, s, len + 1);
	type = pki__san_parse(typed, value);
	pki_free(typed);
	return type;
}

/* Validate @p url as a URI and append it to the list. */
static int add_url(char ***list, size_t *n, size_t *cap, const char *url, const char *what)
{
	char *value = NULL, **v;
	int type, err = 0;

	if (!url)
		return pki__fail(PKI_E_INVALID_ARG, "%s URL is NULL", what);
	type = uri_parse(url, &value);
	if (type == PKI_E_NOMEM)
		return type;
	if (type < 0)
		return pki__fail_wrap(PKI_E_INVALID_NAME, "%s URL \"%.200s\" is not a valid URI",
				      what, url);
	if (type != PKI_SAN_URI) {
		pki_free(value);
		return pki__fail(PKI_E_INVALID_NAME, "%s URL \"%s\" is not a URI", what, url);
	}
	v = pki__issue_grow(*list, cap, *n, sizeof(*v), "URLs", &err);
	if (!v) {
		pki_free(value);
		return err;
	}
	*list = v;
	v[(*n)++] = value;
	return 0;
}

int pki_issue_opts_add_crl_url(pki_issue_opts_t *opts, const char *url)
{
	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_add_crl_url: opts is NULL");
	return add_url(&opts->crl_urls, &opts->n_crl_urls, &opts->cap_crl_urls, url, "CRL distribution point");
}

int pki_issue_opts_add_ocsp_url(pki_issue_opts_t *opts, const char *url)
{
	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_add_ocsp_url: opts is NULL");
	return add_url(&opts->ocsp_urls, &opts->n_ocsp_urls, &opts->cap_ocsp_urls, url, "OCSP responder");
}

int pki_issue_opts_add_ca_issuers_url(pki_issue_opts_t *opts, const char *url)
{
	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG,
				 "pki_issue_opts_add_ca_issuers_url: opts is NULL");
	return add_url(&opts->ca_issuers_urls, &opts->n_ca_issuers_urls, &opts->cap_ca_issuers_urls, url, "caIssuers");
}

int pki_issue_opts_add_extension(pki_issue_opts_t *opts, const char *oid, const void *der,
				 size_t size, unsigned flags)
{
	struct ext_entry *e;
	int ret = 0;

	pki__clear_error();
	if (!opts || !oid || !der)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_add_extension: NULL argument");
	if ((ret = pki__flags(__func__, flags, PKI_EXT_CRITICAL)) < 0)
		return ret;
	if ((ret = pki__ext_check(oid, der, size)) < 0)
		return ret;
	for (size_t i = 0; i < opts->n_exts; i++)
		if (strcmp(opts->exts[i].oid, oid) == 0)
			return pki__fail(PKI_E_INVALID_ARG, "extension %s is already in the options",
					 oid);
	e = pki__issue_grow(opts->exts, &opts->cap_exts, opts->n_exts, sizeof(*e), "extensions", &ret);
	if (!e)
		return ret;
	opts->exts = e;
	e += opts->n_exts; /* counted once it is whole */
	e->oid = pki__strdup(oid);
	e->der = pki__malloc(size);
	if (!e->oid || !e->der) {
		pki_free(e->oid);
		pki_free(e->der);
		memset(e, 0, sizeof(*e));
		return pki__fail(PKI_E_NOMEM, "out of memory");
	}
	memcpy(e->der, der, size);
	e->size = size;
	e->critical = (flags & PKI_EXT_CRITICAL) != 0;
	opts->n_exts++;
	return 0;
}

int pki_issue_opts_set_key_usage(pki_issue_opts_t *opts, unsigned usage)
{
	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_set_key_usage: opts is NULL");
	if (usage == 0 || (usage & ~0x1ffu))
		return pki__fail(PKI_E_INVALID_ARG,
				 "key usage 0x%x: give one or more PKI_KU_* bits", usage);
	opts->ku = usage;
	return 0;
}

int pki_issue_opts_add_ext_key_usage(pki_issue_opts_t *opts, const char *purpose)
{
	const char *oid;
	char **v;
	int ret = 0;

	pki__clear_error();
	if (!opts || !purpose)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_add_ext_key_usage: NULL argument");
	oid = pki__eku_oid(purpose);
	if (!oid) {
		if (pki__oid_check(purpose) < 0)
			return pki__fail(PKI_E_INVALID_ARG,
					 "unknown extended key usage \"%.80s\" (serverAuth, clientAuth, "
					 "codeSigning, emailProtection, timeStamping, OCSPSigning, "
					 "anyExtendedKeyUsage or a dotted OID)",
					 purpose);
		oid = purpose;
	}
	for (size_t i = 0; i < opts->n_ekus; i++)
		if (strcmp(opts->ekus[i], oid) == 0)
			return 0;
	v = pki__issue_grow(opts->ekus, &opts->cap_ekus, opts->n_ekus, sizeof(*v), "extended key usages", &ret);
	if (!v)
		return ret;
	opts->ekus = v;
	v[opts->n_ekus] = pki__strdup(oid);
	if (!v[opts->n_ekus])
		return pki__fail(PKI_E_NOMEM, "out of memory");
	opts->n_ekus++;
	return 0;
}

int pki_issue_opts_set_signature(pki_issue_opts_t *opts, pki_hash_t hash, unsigned flags)
{
	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_set_signature: opts is NULL");
	if ((int)hash < PKI_HASH_DEFAULT || hash > PKI_HASH_SHA512)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_set_signature: unknown hash %d",
				 (int)hash);
	if (flags & ~(unsigned)PKI_SIGN_RSA_PSS)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_set_signature: unknown flags 0x%x",
				 flags);
	opts->hash = hash;
	opts->sign_flags = flags;
	return 0;
}

#define ANY_POLICY "2.5.29.32.0"
#define MAX_NOTICE 200 /* DisplayText SIZE (1..200), RFC 5280 4.2.1.4 */

int pki_issue_opts_add_policy(pki_issue_opts_t *opts, const char *oid, const char *cps_uri,
			      const char *notice)
{
	struct policy_entry *e;
	char *uri = NULL;
	int ret = 0;

	pki__clear_error();
	if (!opts || !oid)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_add_policy: NULL argument");
	if ((ret = pki__oid_check(oid)) < 0)
		return ret;
	for (size_t i = 0; i < opts->n_policies; i++)
		if (strcmp(opts->policies[i].oid, oid) == 0)
			return pki__fail(PKI_E_INVALID_ARG, "policy %s is already in the options", oid);
	if (notice && (!*notice || strlen(notice) > MAX_NOTICE))
		return pki__fail(PKI_E_INVALID_ARG,
				 "a user notice has 1 to %d characters (RFC 5280 4.2.1.4)", MAX_NOTICE);
	if (cps_uri && (ret = uri_parse(cps_uri, &uri)) < 0)
		return ret == PKI_E_NOMEM ? ret
					  : pki__fail(PKI_E_INVALID_NAME,
						      "the CPS URI \"%.200s\" is not a URI", cps_uri);
	e = pki__issue_grow(opts->policies, &opts->cap_policies, opts->n_policies, sizeof(*e), "policies", &ret);
	if (!e) {
		pki_free(uri);
		return ret;
	}
	opts->policies = e;
	e += opts->n_policies; /* counted once it is whole */
	e->oid = pki__strdup(oid);
	e->cps = uri;
	e->notice = notice ? pki__strdup(notice) : NULL;
	if (!e->oid || (notice && !e->notice)) {
		pki_free(e->oid);
		pki_free(e->cps);
		pki_free(e->notice);
		memset(e, 0, sizeof(*e));
		return pki__fail(PKI_E_NOMEM, "out of memory");
	}
	opts->n_policies++;
	return 0;
}

static int ca_only(const pki_issue_opts_t *opts, const char *what)
{
	if (!pki__is_ca_profile(opts->profile))
		return pki__fail(PKI_E_INVALID_ARG, "%s apply to CA profiles, not to the %s profile",
				 what, pki__profile_name(opts->profile));
	return 0;
}

int pki_issue_opts_add_policy_mapping(pki_issue_opts_t *opts, const char *issuer_policy,
				      const char *subject_policy)
{
	char *a, *b, **va, **vb;
	int ret = 0;

	pki__clear_error();
	if (!opts || !issuer_policy || !subject_policy)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_add_policy_mapping: NULL argument");
	if ((ret = ca_only(opts, "policy mappings")) < 0 ||
	    (ret = pki__oid_check(issuer_policy)) < 0 || (ret = pki__oid_check(subject_policy)) < 0)
		return ret;
	if (!strcmp(issuer_policy, ANY_POLICY) || !strcmp(subject_policy, ANY_POLICY))
		return pki__fail(PKI_E_INVALID_ARG,
				 "anyPolicy cannot be mapped, to or from (RFC 5280 4.2.1.5)");
	a = pki__strdup(issuer_policy);
	b = pki__strdup(subject_policy);
	va = a && b ? pki__issue_grow(opts->map_issuer, &opts->cap_map_issuer, opts->n_maps,
				      sizeof(*va), "policy mappings", &ret)
		    : NULL;
	if (va)
		opts->map_issuer = va;
	vb = va ? pki__issue_grow(opts->map_subject, &opts->cap_map_subject, opts->n_maps,
				  sizeof(*vb), "policy mappings", &ret)
		: NULL;
	if (!vb) {
		pki_free(a);
		pki_free(b);
		return ret ? ret : pki__fail(PKI_E_NOMEM, "out of memory");
	}
	opts->map_subject = vb;
	va[opts->n_maps] = a;
	vb[opts->n_maps] = b;
	opts->n_maps++;
	return 0;
}

/* The SkipCerts fields of the options a setter may set. */
enum skip_field { SKIP_REQUIRE_EXPLICIT, SKIP_INHIBIT_MAPPING, SKIP_INHIBIT_ANY };

/* Set one SkipCerts field of @p opts (CA profiles), for the public function @p fn. */
static int set_skip_certs(pki_issue_opts_t *opts, enum skip_field which, unsigned skip_certs,
			  const char *fn)
{
	static const char *const names[] = { "requireExplicitPolicy", "inhibitPolicyMapping",
					      "inhibitAnyPolicy" };
	int ret;

	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "%s: opts is NULL", fn);
	if ((ret = ca_only(opts, names[which])) < 0)
		return ret;
	if (skip_certs > INT_MAX)
		return pki__fail(PKI_E_INVALID_ARG, "%s %u is out of range (0..%d)", names[which],
				 skip_certs, INT_MAX);
	/* -1 inside the options: not set */
	*(which == SKIP_REQUIRE_EXPLICIT  ? &opts->require_explicit
	  : which == SKIP_INHIBIT_MAPPING ? &opts->inhibit_mapping
					  : &opts->inhibit_any) = (int)skip_certs;
	return 0;
}

int pki_issue_opts_set_require_explicit_policy(pki_issue_opts_t *opts, unsigned skip_certs)
{
	pki__clear_error();
	return set_skip_certs(opts, SKIP_REQUIRE_EXPLICIT, skip_certs, __func__);
}

int pki_issue_opts_set_inhibit_policy_mapping(pki_issue_opts_t *opts, unsigned skip_certs)
{
	pki__clear_error();
	return set_skip_certs(opts, SKIP_INHIBIT_MAPPING, skip_certs, __func__);
}

int pki_issue_opts_set_inhibit_any_policy(pki_issue_opts_t *opts, unsigned skip_certs)
{
	pki__clear_error();
	return set_skip_certs(opts, SKIP_INHIBIT_ANY, skip_certs, __func__);
}

int pki_issue_opts_set_copy_extensions(pki_issue_opts_t *opts, bool copy)
{
	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_set_copy_extensions: opts is NULL");
	opts->copy_extensions = copy;
	return 0;
}

