/*
 * libpki — issuing certificates: profiles, issuance options and signing.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "internal.h"

#include "issue-int.h"

#include "ext-int.h"

#include <gnutls/x509-ext.h>

#include <arpa/inet.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define SERIAL_MAX_BYTES 20     /* RFC 5280 4.1.2.2: at most 20 octets */
#define SERIAL_DEFAULT_BYTES 16 /* 127 bits of entropy once the top bit is cleared */
#define MAX_DAYS 36500
#define MAX_ENTRIES PKI_ISSUE_MAX_ENTRIES /* per list in the options: a bound, not a quota */
#define SECONDS_PER_DAY INT64_C(86400)

struct san_entry {
	int type;    /* pki_san_type_t */
	char *value; /* normalised, without the type prefix */
};

struct nc_entry {
	unsigned type; /* GNUTLS_SAN_DNSNAME, _RFC822NAME or _IPADDRESS */
	bool permitted;
	unsigned char *data; /* name text, or address followed by mask for IP */
	unsigned size;
};

struct ext_entry {
	char *oid;
	unsigned char *der;
	size_t size;
	bool critical;
};

struct policy_entry {
	char *oid, *cps, *notice; /* cps and notice may be NULL */
};

enum validity_mode { VALIDITY_DEFAULT, VALIDITY_DAYS, VALIDITY_EXPLICIT };

struct pki_issue_opts {
	pki_profile_t profile;
	enum validity_mode validity;
	unsigned days;
	int64_t not_before, not_after;
	unsigned char serial[SERIAL_MAX_BYTES];
	size_t serial_len; /* 0: a random serial per certificate */
	int path_len;      /* -1: no pathLenConstraint */
	char *subject;     /* NULL: the request's (or the given) subject */
	struct san_entry *sans;
	size_t n_sans;
	struct nc_entry *ncs;
	size_t n_ncs;
	char **crl_urls, **ocsp_urls, **ca_issuers_urls;
	size_t n_crl_urls, n_ocsp_urls, n_ca_issuers_urls;
	struct ext_entry *exts; /* written as given, after everything else */
	size_t n_exts;
	bool copy_extensions; /* the request's extra extensions (never by default) */
	unsigned ku;          /* PKI_KU_* bits replacing the profile's; 0: the profile's */
	char **ekus;          /* dotted OIDs replacing the profile's; NULL: the profile's */
	size_t n_ekus;
	pki_hash_t hash;      /* PKI_HASH_DEFAULT: the CA key's own */
	unsigned sign_flags;  /* 0 or PKI_SIGN_RSA_PSS */
	struct policy_entry *policies;
	size_t n_policies;
	char **map_issuer, **map_subject; /* policy mappings, pairs of OIDs */
	size_t n_maps;
	int require_explicit, inhibit_mapping; /* policy constraints; -1: absent */
	int inhibit_any;                       /* inhibitAnyPolicy; -1: absent */
};

static bool is_ca_profile(pki_profile_t p)
{
	return p == PKI_PROFILE_CA || p == PKI_PROFILE_INTERMEDIATE;
}

static bool is_valid_profile(int p)
{
	return p >= PKI_PROFILE_SERVER && p <= PKI_PROFILE_TIMESTAMPING;
}

/* The TLS profiles: their certificates get a host-name CN as a SAN. */
static bool is_tls_profile(pki_profile_t p)
{
	return p == PKI_PROFILE_SERVER || p == PKI_PROFILE_CLIENT || p == PKI_PROFILE_SERVER_CLIENT;
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

static const char *profile_name(pki_profile_t p)
{
	for (size_t i = 0; i < N_PROFILES; i++)
		if (profiles[i].profile == p)
			return profiles[i].name;
	return "unknown";
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

static void opts_defaults(pki_issue_opts_t *o, pki_profile_t profile)
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
	opts_defaults(o, profile);
	*out = o;
	return 0;
}

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pki_free(v[i]);
	pki_free(v);
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
	free_strings(o->crl_urls, o->n_crl_urls);
	free_strings(o->ocsp_urls, o->n_ocsp_urls);
	free_strings(o->ca_issuers_urls, o->n_ca_issuers_urls);
	for (size_t i = 0; i < o->n_exts; i++) {
		pki_free(o->exts[i].oid);
		pki_free(o->exts[i].der);
	}
	pki_free(o->exts);
	free_strings(o->ekus, o->n_ekus);
	for (size_t i = 0; i < o->n_policies; i++) {
		pki_free(o->policies[i].oid);
		pki_free(o->policies[i].cps);
		pki_free(o->policies[i].notice);
	}
	pki_free(o->policies);
	free_strings(o->map_issuer, o->n_maps);
	free_strings(o->map_subject, o->n_maps);
	pki_free(o);
}

/*
 * A copy of the array @p old of @p n elements of @p elem bytes with one more, zeroed, slot
 * at the end; the caller frees @p old on success. pki__malloc has no realloc, and the lists
 * are short. NULL on failure with *err set (and the detail recorded).
 */
static void *grow(const void *old, size_t n, size_t elem, const char *what, int *err)
{
	unsigned char *p;

	if (n >= MAX_ENTRIES) {
		*err = pki__fail(PKI_E_TOO_LARGE, "too many %s (at most %u, PKI_ISSUE_MAX_ENTRIES)",
				 what, MAX_ENTRIES);
		return NULL;
	}
	p = pki__malloc((n + 1) * elem);
	if (!p) {
		*err = pki__fail(PKI_E_NOMEM, "out of memory");
		return NULL;
	}
	if (n)
		memcpy(p, old, n * elem);
	memset(p + n * elem, 0, elem);
	return p;
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

int pki_issue_opts_set_path_len(pki_issue_opts_t *opts, int path_len)
{
	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_set_path_len: opts is NULL");
	if (!is_ca_profile(opts->profile))
		return pki__fail(PKI_E_INVALID_ARG,
				 "a path length applies to CA profiles, not to the %s profile",
				 profile_name(opts->profile));
	if (path_len < -1)
		return pki__fail(PKI_E_INVALID_ARG,
				 "path length %d is out of range (>= 0, or -1 for none)", path_len);
	opts->path_len = path_len;
	return 0;
}

int pki_issue_opts_set_subject(pki_issue_opts_t *opts, const char *subject)
{
	gnutls_x509_crt_t crt;
	char *copy;
	int ret;

	pki__clear_error();
	if (!opts || !subject)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_set_subject: NULL argument");
	/* Parse now, so that a bad name is reported where it is given. */
	ret = gnutls_x509_crt_init(&crt);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "cannot allocate a certificate");
	ret = pki__dn_set_crt(crt, subject);
	gnutls_x509_crt_deinit(crt);
	if (ret < 0)
		return ret;
	copy = pki__strdup(subject);
	if (!copy)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	pki_free(opts->subject);
	opts->subject = copy;
	return 0;
}

int pki_issue_opts_add_san(pki_issue_opts_t *opts, const char *san)
{
	struct san_entry *e;
	char *value = NULL;
	int type, err = 0;

	pki__clear_error();
	if (!opts || !san)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_add_san: NULL argument");
	type = pki__san_parse(san, &value);
	if (type < 0)
		return type;
	e = grow(opts->sans, opts->n_sans, sizeof(*e), "subject alternative names", &err);
	if (!e) {
		pki_free(value);
		return err;
	}
	pki_free(opts->sans);
	opts->sans = e;
	e[opts->n_sans].type = type;
	e[opts->n_sans].value = value;
	opts->n_sans++;
	return 0;
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
				       bool permitted)
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
	if (!is_ca_profile(opts->profile))
		return pki__fail(PKI_E_INVALID_ARG,
				 "name constraints apply to CA profiles, not to the %s profile",
				 profile_name(opts->profile));
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
	e = grow(opts->ncs, opts->n_ncs, sizeof(*e), "name constraints", &ret);
	if (!e) {
		pki_free(data);
		return ret;
	}
	pki_free(opts->ncs);
	opts->ncs = e;
	e += opts->n_ncs++;
	e->type = type;
	e->permitted = permitted;
	e->data = data;
	e->size = size;
	return 0;
}

/* Validate @p url as a URI and append it to the list. */
static int add_url(char ***list, size_t *n, const char *url, const char *what)
{
	char *typed, *value = NULL, **v;
	size_t len;
	int type, err = 0;

	if (!url)
		return pki__fail(PKI_E_INVALID_ARG, "%s URL is NULL", what);
	len = strlen(url);
	typed = pki__malloc(len + 5);
	if (!typed)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	memcpy(typed, "URI:", 4);
	memcpy(typed + 4, url, len + 1);
	type = pki__san_parse(typed, &value);
	pki_free(typed);
	if (type < 0) {
		char why[256];

		/* The detail is rewritten below: keep a copy of the reason first. */
		snprintf(why, sizeof(why), "%s", pki_error_detail());
		return pki__fail(PKI_E_INVALID_NAME, "%s URL \"%.200s\" is not a valid URI (%s)",
				 what, url, why);
	}
	if (type != PKI_SAN_URI) {
		pki_free(value);
		return pki__fail(PKI_E_INVALID_NAME, "%s URL \"%s\" is not a URI", what, url);
	}
	v = grow(*list, *n, sizeof(*v), "URLs", &err);
	if (!v) {
		pki_free(value);
		return err;
	}
	pki_free(*list);
	*list = v;
	v[(*n)++] = value;
	return 0;
}

int pki_issue_opts_add_crl_url(pki_issue_opts_t *opts, const char *url)
{
	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_add_crl_url: opts is NULL");
	return add_url(&opts->crl_urls, &opts->n_crl_urls, url, "CRL distribution point");
}

int pki_issue_opts_add_ocsp_url(pki_issue_opts_t *opts, const char *url)
{
	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_add_ocsp_url: opts is NULL");
	return add_url(&opts->ocsp_urls, &opts->n_ocsp_urls, url, "OCSP responder");
}

int pki_issue_opts_add_ca_issuers_url(pki_issue_opts_t *opts, const char *url)
{
	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG,
				 "pki_issue_opts_add_ca_issuers_url: opts is NULL");
	return add_url(&opts->ca_issuers_urls, &opts->n_ca_issuers_urls, url, "caIssuers");
}

int pki_issue_opts_add_extension(pki_issue_opts_t *opts, const char *oid, const void *der,
				 size_t size, bool critical)
{
	struct ext_entry *e;
	int ret = 0;

	pki__clear_error();
	if (!opts || !oid || !der)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_add_extension: NULL argument");
	if ((ret = pki__ext_check(oid, der, size)) < 0)
		return ret;
	for (size_t i = 0; i < opts->n_exts; i++)
		if (strcmp(opts->exts[i].oid, oid) == 0)
			return pki__fail(PKI_E_INVALID_ARG, "extension %s is already in the options",
					 oid);
	e = grow(opts->exts, opts->n_exts, sizeof(*e), "extensions", &ret);
	if (!e)
		return ret;
	e[opts->n_exts].oid = pki__strdup(oid);
	e[opts->n_exts].der = pki__malloc(size);
	if (!e[opts->n_exts].oid || !e[opts->n_exts].der) {
		pki_free(e[opts->n_exts].oid);
		pki_free(e[opts->n_exts].der);
		pki_free(e);
		return pki__fail(PKI_E_NOMEM, "out of memory");
	}
	memcpy(e[opts->n_exts].der, der, size);
	e[opts->n_exts].size = size;
	e[opts->n_exts].critical = critical;
	pki_free(opts->exts);
	opts->exts = e;
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
	char **v, *copy;
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
	copy = pki__strdup(oid);
	if (!copy)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	v = grow(opts->ekus, opts->n_ekus, sizeof(*v), "extended key usages", &ret);
	if (!v) {
		pki_free(copy);
		return ret;
	}
	pki_free(opts->ekus);
	opts->ekus = v;
	v[opts->n_ekus++] = copy;
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
	char *typed = NULL, *uri = NULL;
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
	if (cps_uri) {
		size_t n = strlen(cps_uri);

		typed = pki__malloc(n + 5);
		if (!typed)
			return pki__fail(PKI_E_NOMEM, "out of memory");
		memcpy(typed, "URI:", 4);
		memcpy(typed + 4, cps_uri, n + 1);
		ret = pki__san_parse(typed, &uri);
		pki_free(typed);
		if (ret < 0)
			return pki__fail(PKI_E_INVALID_NAME, "the CPS URI \"%.200s\" is not a URI",
					 cps_uri);
	}
	e = grow(opts->policies, opts->n_policies, sizeof(*e), "policies", &ret);
	if (!e) {
		pki_free(uri);
		return ret;
	}
	e[opts->n_policies].oid = pki__strdup(oid);
	e[opts->n_policies].cps = uri;
	e[opts->n_policies].notice = notice ? pki__strdup(notice) : NULL;
	if (!e[opts->n_policies].oid || (notice && !e[opts->n_policies].notice)) {
		pki_free(e[opts->n_policies].oid);
		pki_free(e[opts->n_policies].notice);
		pki_free(uri);
		pki_free(e);
		return pki__fail(PKI_E_NOMEM, "out of memory");
	}
	pki_free(opts->policies);
	opts->policies = e;
	opts->n_policies++;
	return 0;
}

static int ca_only(const pki_issue_opts_t *opts, const char *what)
{
	if (!is_ca_profile(opts->profile))
		return pki__fail(PKI_E_INVALID_ARG, "%s apply to CA profiles, not to the %s profile",
				 what, profile_name(opts->profile));
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
	va = a && b ? grow(opts->map_issuer, opts->n_maps, sizeof(*va), "policy mappings", &ret)
		    : NULL;
	vb = va ? grow(opts->map_subject, opts->n_maps, sizeof(*vb), "policy mappings", &ret)
		: NULL;
	if (!vb) {
		pki_free(a);
		pki_free(b);
		pki_free(va);
		return ret ? ret : pki__fail(PKI_E_NOMEM, "out of memory");
	}
	pki_free(opts->map_issuer);
	pki_free(opts->map_subject);
	opts->map_issuer = va;
	opts->map_subject = vb;
	va[opts->n_maps] = a;
	vb[opts->n_maps] = b;
	opts->n_maps++;
	return 0;
}

int pki_issue_opts_set_policy_constraints(pki_issue_opts_t *opts, int require_explicit,
					  int inhibit_mapping)
{
	int ret;

	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_set_policy_constraints: opts is NULL");
	if ((ret = ca_only(opts, "policy constraints")) < 0)
		return ret;
	if (require_explicit < -1 || inhibit_mapping < -1 ||
	    (require_explicit == -1 && inhibit_mapping == -1))
		return pki__fail(PKI_E_INVALID_ARG,
				 "policy constraints %d, %d: each is >= 0 or -1 (absent), not both "
				 "absent (RFC 5280 4.2.1.11)",
				 require_explicit, inhibit_mapping);
	opts->require_explicit = require_explicit;
	opts->inhibit_mapping = inhibit_mapping;
	return 0;
}

int pki_issue_opts_set_inhibit_any_policy(pki_issue_opts_t *opts, int skip_certs)
{
	int ret;

	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_set_inhibit_any_policy: opts is NULL");
	if ((ret = ca_only(opts, "inhibitAnyPolicy")) < 0)
		return ret;
	if (skip_certs < -1)
		return pki__fail(PKI_E_INVALID_ARG,
				 "inhibitAnyPolicy %d is out of range (>= 0, or -1 for none)",
				 skip_certs);
	opts->inhibit_any = skip_certs;
	return 0;
}

int pki_issue_opts_set_copy_extensions(pki_issue_opts_t *opts, bool copy)
{
	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "pki_issue_opts_set_copy_extensions: opts is NULL");
	opts->copy_extensions = copy;
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Issuance                                                                                  */

/* What a certificate is issued for: a request, or a bare key with a subject. */
struct subject_in {
	gnutls_x509_crq_t crq;  /* a request, or NULL */
	gnutls_pubkey_t pub;    /* the subject's public key (from the request or the key) */
	const char *subject;    /* for a bare key */
};

/* What signs it: struct pki__issuer_in (issue-int.h), shared with the prepared issuer. */
#define issuer_in pki__issuer_in

/* The subject key must be of a supported type and not weak. */
static int check_subject_key(gnutls_pubkey_t pub)
{
	unsigned bits = 0;
	int pk = gnutls_pubkey_get_pk_algorithm(pub, &bits);

	/* An RSA-PSS key (id-RSASSA-PSS, RFC 4055) may be certified: it only signs. */
	if (pki__key_type_of(pub) == PKI_KEY_UNKNOWN && pk != GNUTLS_PK_RSA_PSS)
		return pki__fail(PKI_E_UNSUPPORTED, "unsupported subject key algorithm %s (%u bits)",
				 gnutls_pk_get_name(pk) ? gnutls_pk_get_name(pk) : "unknown", bits);
	if ((pk == GNUTLS_PK_RSA || pk == GNUTLS_PK_RSA_PSS) && bits < PKI_RSA_MIN_BITS)
		return pki__fail(PKI_E_WEAK,
				 "the subject's RSA key has %u bits; keys shorter than %d bits are "
				 "refused",
				 bits, PKI_RSA_MIN_BITS);
	return 0;
}

/*
 * The issuer must be a CA allowed to sign certificates, and @p key must be its key: checked
 * once per issuer (pki_cert_issue prepares one per call, pki_issuer_t once for many).
 */
int pki__issuer_check(struct pki__issuer_in *is, gnutls_x509_crt_t crt, const pki_key_t *key)
{
	gnutls_pubkey_t capub;
	unsigned critical = 0, ku = 0;
	int ca, pathlen = -1, ret;
	bool eq;

	memset(is, 0, sizeof(*is));
	is->crt = crt;
	is->key = key;
	is->path_len = -1;
	if (!key->priv)
		return pki__fail(PKI_E_NO_PRIVATE_KEY, "the CA key handle holds only a public key");
	ca = gnutls_x509_crt_get_basic_constraints(crt, &critical, NULL, &pathlen);
	if (ca == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return pki__fail(PKI_E_NOT_CA,
				 "the issuer certificate has no basicConstraints extension: it is "
				 "not a CA");
	if (ca < 0)
		return pki__fail_gnutls(PKI_E_NOT_CA, ca,
					"cannot read the issuer's basicConstraints extension");
	if (ca == 0)
		return pki__fail(PKI_E_NOT_CA, "the issuer certificate is not a CA (CA:FALSE)");
	ret = gnutls_x509_crt_get_key_usage(crt, &ku, &critical);
	if (ret >= 0 && !(ku & GNUTLS_KEY_KEY_CERT_SIGN))
		return pki__fail(PKI_E_NOT_CA,
				 "the issuer's key usage does not include keyCertSign");
	if (ret < 0 && ret != GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return pki__fail_gnutls(PKI_E_NOT_CA, ret, "cannot read the issuer's key usage");
	is->path_len = pathlen;

	ret = gnutls_pubkey_init(&capub);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "cannot allocate a key");
	ret = gnutls_pubkey_import_x509(capub, crt, 0);
	if (ret < 0) {
		gnutls_pubkey_deinit(capub);
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_UNSUPPORTED), ret,
					"cannot read the issuer certificate's public key");
	}
	ret = pki__pubkey_equal(capub, key->pub, &eq);
	if (ret >= 0 && !eq)
		ret = pki__fail(PKI_E_KEY_MISMATCH, "the CA key is not the key of the CA certificate");
	/* The authorityKeyIdentifier of what it issues: its own SKI, computed when absent. */
	if (ret >= 0) {
		is->aki_len = sizeof(is->aki);
		ret = gnutls_x509_crt_get_subject_key_id(crt, is->aki, &is->aki_len, &critical);
		if (ret < 0 || is->aki_len == 0) {
			ret = pki__key_sha1_id(is->aki, capub);
			is->aki_len = 20;
		}
	}
	if (ret >= 0)
		ret = pki__key_sha1_id(is->key_id, capub);
	gnutls_pubkey_deinit(capub);
	if (ret < 0)
		return ret;
	is->not_after = (int64_t)gnutls_x509_crt_get_expiration_time(crt);
	if (is->not_after == -1)
		return pki__fail(PKI_E_VALIDITY, "cannot read the issuer's notAfter");
	return 0;
}

void pki__issuer_clear(struct pki__issuer_in *is)
{
	memset(is, 0, sizeof(*is)); /* nothing is allocated today; callers still call it */
}

/* The validity period asked for, relative to @p now. */
static void validity_of(const pki_issue_opts_t *o, time_t now, int64_t *nb, int64_t *na)
{
	unsigned days;

	if (o->validity == VALIDITY_EXPLICIT) {
		*nb = o->not_before;
		*na = o->not_after;
		return;
	}
	days = o->validity == VALIDITY_DAYS ? o->days
	       : is_ca_profile(o->profile)  ? PKI_DEFAULT_CA_DAYS
					    : PKI_DEFAULT_LEAF_DAYS;
	/*
	 * notBefore is backdated by PKI_CLOCK_SKEW_SECONDS so that a peer whose clock is a few
	 * minutes behind ours does not reject a certificate issued just now as "not yet valid";
	 * notAfter counts the days from that same instant, so the period is exactly @p days days
	 * (397 stays within the CA/Browser Forum's 398-day limit).
	 */
	*nb = (int64_t)now - PKI_CLOCK_SKEW_SECONDS;
	*na = *nb + (int64_t)days * SECONDS_PER_DAY;
}

static int set_serial(gnutls_x509_crt_t crt, const pki_issue_opts_t *o)
{
	unsigned char serial[SERIAL_DEFAULT_BYTES];
	int ret;

	if (o->serial_len) {
		ret = gnutls_x509_crt_set_serial(crt, o->serial, o->serial_len);
	} else {
		/*
		 * Clearing the top bit keeps the DER INTEGER positive without a padding byte; a
		 * non-zero first byte keeps the encoded length at exactly 16 bytes.
		 */
		do {
			ret = gnutls_rnd(GNUTLS_RND_RANDOM, serial, sizeof(serial));
			if (ret < 0)
				return pki__fail_gnutls(PKI_E_CRYPTO, ret,
							"random generator failed");
			serial[0] &= 0x7f;
		} while (serial[0] == 0);
		ret = gnutls_x509_crt_set_serial(crt, serial, sizeof(serial));
	}
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot set the serial number");
	return 0;
}

/* The SANs written so far, to skip duplicates between the request and the options. */
struct san_set {
	struct san_entry *v;
	size_t n;
};

static void san_set_free(struct san_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		pki_free(s->v[i].value);
	pki_free(s->v);
	s->v = NULL;
	s->n = 0;
}

/* Add one validated SAN (type, normalised value) to @p crt unless it is already there. */
static int add_san(gnutls_x509_crt_t crt, struct san_set *set, int type, const char *value)
{
	struct san_entry *v;
	char *copy;
	int ret;

	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].type == type &&
		    (type == PKI_SAN_DNS ? strcasecmp(set->v[i].value, value)
					 : strcmp(set->v[i].value, value)) == 0)
			return 0;
	(void)crt; /* written once, by write_sans() */
	copy = pki__strdup(value);
	if (!copy)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	v = grow(set->v, set->n, sizeof(*v), "subject alternative names", &ret);
	if (!v) {
		pki_free(copy);
		return ret;
	}
	pki_free(set->v);
	set->v = v;
	v[set->n].type = type;
	v[set->n].value = copy;
	set->n++;
	return 0;
}

/*
 * Write every SAN at once: adding them one by one makes GnuTLS decode and re-encode the
 * extension for each name (half of libpki's own cost per issuance, measured by bench/).
 */
static int write_sans(gnutls_x509_crt_t crt, const struct san_set *set)
{
	char **values;
	int *types;
	int ret;

	if (set->n == 0)
		return 0;
	values = pki__zalloc(set->n * sizeof(*values));
	types = pki__zalloc(set->n * sizeof(*types));
	if (!values || !types) {
		pki_free(values);
		pki_free(types);
		return pki__fail(PKI_E_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < set->n; i++) {
		values[i] = set->v[i].value;
		types[i] = set->v[i].type;
	}
	ret = pki__sans_set_crt(crt, values, types, set->n);
	pki_free(values);
	pki_free(types);
	return ret;
}

/* Validate "PREFIX:value" with the names module and add it. */
static int add_typed_san(gnutls_x509_crt_t crt, struct san_set *set, const char *prefix,
			 const char *value, size_t vlen)
{
	size_t plen = strlen(prefix);
	char *typed, *norm = NULL;
	int type, ret;

	if (memchr(value, '\0', vlen))
		return pki__fail(PKI_E_INVALID_NAME,
				 "the request has a %s name with an embedded NUL byte", prefix);
	typed = pki__malloc(plen + 1 + vlen + 1);
	if (!typed)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	memcpy(typed, prefix, plen);
	typed[plen] = ':';
	memcpy(typed + plen + 1, value, vlen);
	typed[plen + 1 + vlen] = '\0';
	type = pki__san_parse(typed, &norm);
	pki_free(typed);
	if (type < 0)
		return type;
	ret = add_san(crt, set, type, norm);
	pki_free(norm);
	return ret;
}

/*
 * Copy the SANs of the request: only the subjectAltName extension is taken from it, and
 * each name is validated again; never the CA flag, key usage or any other extension.
 */
static int copy_request_sans(gnutls_x509_crt_t crt, gnutls_x509_crq_t crq, struct san_set *set)
{
	gnutls_datum_t der = { NULL, 0 };
	gnutls_subject_alt_names_t sans = NULL;
	unsigned critical = 0;
	int ret;

	ret = gnutls_x509_crq_get_extension_by_oid2(crq, GNUTLS_X509EXT_OID_SAN, 0, &der,
						    &critical);
	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return 0;
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
					"cannot read the request's subjectAltName extension");
	ret = gnutls_subject_alt_names_init(&sans);
	if (ret < 0) {
		gnutls_free(der.data);
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "out of memory");
	}
	ret = gnutls_x509_ext_import_subject_alt_names(&der, sans, 0);
	gnutls_free(der.data);
	if (ret < 0) {
		ret = pki__fail_gnutls(PKI_E_PARSE, ret,
				       "the request's subjectAltName extension is malformed");
		goto out;
	}
	for (unsigned i = 0;; i++) {
		gnutls_datum_t san = { NULL, 0 }, oid = { NULL, 0 };
		unsigned type = 0;
		char ip[INET6_ADDRSTRLEN];

		ret = gnutls_subject_alt_names_get(sans, i, &type, &san, &oid);
		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
			ret = 0;
			break;
		}
		if (ret < 0) {
			ret = pki__fail_gnutls(PKI_E_PARSE, ret,
					       "cannot read the request's subject alternative names");
			break;
		}
		switch (type) {
		case GNUTLS_SAN_DNSNAME:
			ret = add_typed_san(crt, set, "DNS", (const char *)san.data, san.size);
			break;
		case GNUTLS_SAN_RFC822NAME:
			ret = add_typed_san(crt, set, "email", (const char *)san.data, san.size);
			break;
		case GNUTLS_SAN_URI:
			ret = add_typed_san(crt, set, "URI", (const char *)san.data, san.size);
			break;
		case GNUTLS_SAN_IPADDRESS:
			if ((san.size != 4 && san.size != 16) ||
			    !inet_ntop(san.size == 4 ? AF_INET : AF_INET6, san.data, ip,
				       sizeof(ip))) {
				ret = pki__fail(PKI_E_INVALID_NAME,
						"the request has an IP address SAN of %u bytes",
						san.size);
				break;
			}
			ret = add_typed_san(crt, set, "IP", ip, strlen(ip));
			break;
		default:
			ret = pki__fail(PKI_E_UNSUPPORTED,
					"the request asks for a subject alternative name of a type "
					"libpki does not issue (GeneralName type %u); only DNS, IP, "
					"email and URI names are copied",
					type);
			break;
		}
		if (ret < 0)
			break;
	}
out:
	gnutls_subject_alt_names_deinit(sans);
	return ret;
}

/* True when the certificate's subject DN has at least one attribute. */
static bool has_subject(gnutls_x509_crt_t crt)
{
	char oid[128];
	size_t size = sizeof(oid);
	int ret = gnutls_x509_crt_get_dn_oid(crt, 0, oid, &size);

	return ret >= 0 || ret == GNUTLS_E_SHORT_MEMORY_BUFFER;
}

/*
 * Browsers and Go ignore the CN: a server/client certificate without SANs whose CN is a
 * host name or an IP address gets that name as a SAN too.
 */
static int cn_as_san(gnutls_x509_crt_t crt, struct san_set *set)
{
	unsigned char ipbuf[16];
	char cn[256];
	size_t size = sizeof(cn);
	int ret = gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, cn, &size);

	if (ret < 0 || size >= sizeof(cn) || strlen(cn) != size)
		return 0; /* no CN, or one that cannot be a host name anyway */
	if (pki__parse_ip(cn, ipbuf) > 0)
		return add_typed_san(crt, set, "IP", cn, size);
	if (pki__is_hostname(cn))
		return add_typed_san(crt, set, "DNS", cn, size);
	return 0;
}

/* An S/MIME certificate names its mailbox in the SAN (RFC 8550 3): mail clients match it. */
static int check_email_san(const struct san_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].type == PKI_SAN_EMAIL)
			return 0;
	return pki__fail(PKI_E_INVALID_NAME,
			 "an email (S/MIME) certificate needs an email address among its subject "
			 "alternative names (email:user@example.com)");
}

/* RFC 5280 4.2.1.6: with an empty subject, the SAN extension must be critical. */
static int make_san_critical(gnutls_x509_crt_t crt)
{
	gnutls_datum_t der = { NULL, 0 };
	unsigned critical = 0;
	int ret = gnutls_x509_crt_get_extension_by_oid2(crt, GNUTLS_X509EXT_OID_SAN, 0, &der,
						       &critical);

	if (ret < 0)
		return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot read back the SAN extension");
	if (!critical)
		ret = gnutls_x509_crt_set_extension_by_oid(crt, GNUTLS_X509EXT_OID_SAN, der.data,
							   der.size, 1);
	gnutls_free(der.data);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot mark the SAN extension critical");
	return 0;
}

/* The key usage of the profile for a subject key of algorithm @p pk (GNUTLS_PK_*). */
static unsigned profile_ku(pki_profile_t profile, int pk)
{
	switch (profile) {
	case PKI_PROFILE_CA:
	case PKI_PROFILE_INTERMEDIATE:
		return PKI_KU_KEY_CERT_SIGN | PKI_KU_CRL_SIGN;
	case PKI_PROFILE_SERVER:
	case PKI_PROFILE_SERVER_CLIENT:
		/* TLS 1.2 RSA key exchange encrypts to a server's RSA key. */
		return PKI_KU_DIGITAL_SIGNATURE | (pk == GNUTLS_PK_RSA ? PKI_KU_KEY_ENCIPHERMENT : 0);
	case PKI_PROFILE_EMAIL:
		/* S/MIME encrypts to the recipient: key transport (RSA) or ECDH (EC). */
		return PKI_KU_DIGITAL_SIGNATURE |
		       (pk == GNUTLS_PK_RSA	? PKI_KU_KEY_ENCIPHERMENT
			: pk == GNUTLS_PK_ECDSA ? PKI_KU_KEY_AGREEMENT
						: 0);
	default:
		return PKI_KU_DIGITAL_SIGNATURE;
	}
}

/*
 * The usages asked for must fit the certificate (RFC 5280 4.2.1.3, RFC 3161 2.3) and what the
 * key can do; PKI_E_USAGE names the contradiction.
 */
static int check_usage(const pki_issue_opts_t *o, unsigned ku, int pk)
{
	bool ca = is_ca_profile(o->profile);
	bool can_encrypt = pk == GNUTLS_PK_RSA, can_agree = pk == GNUTLS_PK_ECDSA;

	if ((ku & PKI_KU_KEY_CERT_SIGN) && !ca)
		return pki__fail(PKI_E_USAGE,
				 "keyCertSign is for CA certificates, not for a %s certificate "
				 "(RFC 5280 4.2.1.9)",
				 profile_name(o->profile));
	if (ca && !(ku & PKI_KU_KEY_CERT_SIGN))
		return pki__fail(PKI_E_USAGE, "a CA certificate needs keyCertSign in its key usage");
	if ((ku & (PKI_KU_KEY_ENCIPHERMENT | PKI_KU_DATA_ENCIPHERMENT)) && !can_encrypt)
		return pki__fail(PKI_E_USAGE,
				 "keyEncipherment and dataEncipherment need an RSA key: the "
				 "subject's %s key cannot encrypt",
				 gnutls_pk_get_name((gnutls_pk_algorithm_t)pk));
	if ((ku & PKI_KU_KEY_AGREEMENT) && !can_agree)
		return pki__fail(PKI_E_USAGE,
				 "keyAgreement needs an EC (ECDH) key; the subject key is %s",
				 gnutls_pk_get_name((gnutls_pk_algorithm_t)pk));
	if ((ku & (PKI_KU_ENCIPHER_ONLY | PKI_KU_DECIPHER_ONLY)) && !(ku & PKI_KU_KEY_AGREEMENT))
		return pki__fail(PKI_E_USAGE, "encipherOnly and decipherOnly need keyAgreement");
	if ((ku & PKI_KU_ENCIPHER_ONLY) && (ku & PKI_KU_DECIPHER_ONLY))
		return pki__fail(PKI_E_USAGE, "encipherOnly and decipherOnly exclude each other");
	if (o->profile == PKI_PROFILE_TIMESTAMPING && o->ekus &&
	    (o->n_ekus != 1 || strcmp(o->ekus[0], GNUTLS_KP_TIME_STAMPING) != 0))
		return pki__fail(PKI_E_USAGE,
				 "a time-stamping certificate has timeStamping as its only extended "
				 "key usage (RFC 3161 2.3)");
	return 0;
}

static int set_profile_extensions(gnutls_x509_crt_t crt, const pki_issue_opts_t *o,
				  gnutls_pubkey_t subject_pub)
{
	int pk = gnutls_pubkey_get_pk_algorithm(subject_pub, NULL);
	unsigned ku = o->ku ? o->ku : profile_ku(o->profile, pk);
	/* RFC 3161 2.3: the TSA's extended key usage MUST be critical. */
	unsigned eku_critical = o->profile == PKI_PROFILE_TIMESTAMPING;
	int ret;

	if ((ret = check_usage(o, ku, pk)) < 0)
		return ret;
	ret = is_ca_profile(o->profile) ? gnutls_x509_crt_set_basic_constraints(crt, 1, o->path_len)
					: gnutls_x509_crt_set_basic_constraints(crt, 0, -1);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot set basicConstraints");
	/* GnuTLS marks basicConstraints and keyUsage critical. */
	ret = gnutls_x509_crt_set_key_usage(crt, pki__ku_to_gnutls(ku));
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot set keyUsage");
	if (o->ekus) {
		for (size_t i = 0; i < o->n_ekus; i++)
			if ((ret = gnutls_x509_crt_set_key_purpose_oid(crt, o->ekus[i],
								      eku_critical)) < 0)
				return pki__fail_gnutls(PKI_E_CRYPTO, ret,
							"cannot set extendedKeyUsage %s",
							o->ekus[i]);
		return 0;
	}
	for (size_t i = 0; i < N_PROFILES; i++)
		if (profiles[i].profile == o->profile)
			for (size_t k = 0; k < 3 && profiles[i].ekus[k]; k++)
				if ((ret = gnutls_x509_crt_set_key_purpose_oid(
					     crt, profiles[i].ekus[k], eku_critical)) < 0)
					return pki__fail_gnutls(PKI_E_CRYPTO, ret,
								"cannot set extendedKeyUsage");
	return 0;
}

static int set_key_ids(gnutls_x509_crt_t crt, const unsigned char ski[20],
		       const struct issuer_in *is)
{
	int ret = gnutls_x509_crt_set_subject_key_id(crt, ski, 20);

	if (ret < 0)
		return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot set subjectKeyIdentifier");
	/* Self-signed: its own SKI; else the issuer's (pki__issuer_check read or computed it). */
	ret = is->crt ? gnutls_x509_crt_set_authority_key_id(crt, is->aki, is->aki_len)
		      : gnutls_x509_crt_set_authority_key_id(crt, ski, 20);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot set authorityKeyIdentifier");
	return 0;
}

static int set_name_constraints(gnutls_x509_crt_t crt, const pki_issue_opts_t *o)
{
	gnutls_x509_name_constraints_t nc;
	int ret;

	if (o->n_ncs == 0)
		return 0;
	ret = gnutls_x509_name_constraints_init(&nc);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "out of memory");
	for (size_t i = 0; i < o->n_ncs && ret >= 0; i++) {
		gnutls_datum_t d = { o->ncs[i].data, o->ncs[i].size };

		ret = o->ncs[i].permitted
			      ? gnutls_x509_name_constraints_add_permitted(nc, o->ncs[i].type, &d)
			      : gnutls_x509_name_constraints_add_excluded(nc, o->ncs[i].type, &d);
	}
	/* RFC 5280 4.2.1.10: conforming CAs MUST mark this extension critical. */
	if (ret >= 0)
		ret = gnutls_x509_crt_set_name_constraints(crt, nc, 1);
	gnutls_x509_name_constraints_deinit(nc);
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot set the name constraints");
	return 0;
}

static int set_urls(gnutls_x509_crt_t crt, const pki_issue_opts_t *o)
{
	int ret;

	for (size_t i = 0; i < o->n_crl_urls; i++) {
		ret = gnutls_x509_crt_set_crl_dist_points2(crt, GNUTLS_SAN_URI, o->crl_urls[i],
							   (unsigned)strlen(o->crl_urls[i]), 0);
		if (ret < 0)
			return pki__fail_gnutls(PKI_E_CRYPTO, ret,
						"cannot set the CRL distribution point %s",
						o->crl_urls[i]);
	}
	for (size_t i = 0; i < o->n_ocsp_urls; i++) {
		gnutls_datum_t d = { (unsigned char *)o->ocsp_urls[i],
				     (unsigned)strlen(o->ocsp_urls[i]) };

		ret = gnutls_x509_crt_set_authority_info_access(crt, GNUTLS_IA_OCSP_URI, &d);
		if (ret < 0)
			return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot set the OCSP URL %s",
						o->ocsp_urls[i]);
	}
	for (size_t i = 0; i < o->n_ca_issuers_urls; i++) {
		gnutls_datum_t d = { (unsigned char *)o->ca_issuers_urls[i],
				     (unsigned)strlen(o->ca_issuers_urls[i]) };

		ret = gnutls_x509_crt_set_authority_info_access(crt, GNUTLS_IA_CAISSUERS_URI, &d);
		if (ret < 0)
			return pki__fail_gnutls(PKI_E_CRYPTO, ret,
						"cannot set the caIssuers URL %s",
						o->ca_issuers_urls[i]);
	}
	return 0;
}

/* Certificate policies (GnuTLS), policy mappings and constraints (libtasn1), inhibitAnyPolicy. */
static int set_policies(gnutls_x509_crt_t crt, const pki_issue_opts_t *o)
{
	gnutls_datum_t der = { NULL, 0 };
	int ret = 0;

	for (size_t i = 0; i < o->n_policies && ret >= 0; i++) {
		struct gnutls_x509_policy_st p;
		const struct policy_entry *e = &o->policies[i];

		memset(&p, 0, sizeof(p));
		p.oid = e->oid;
		if (e->cps) {
			p.qualifier[p.qualifiers].type = GNUTLS_X509_QUALIFIER_URI;
			p.qualifier[p.qualifiers].data = e->cps;
			p.qualifier[p.qualifiers++].size = (unsigned)strlen(e->cps);
		}
		if (e->notice) {
			p.qualifier[p.qualifiers].type = GNUTLS_X509_QUALIFIER_NOTICE;
			p.qualifier[p.qualifiers].data = e->notice;
			p.qualifier[p.qualifiers++].size = (unsigned)strlen(e->notice);
		}
		ret = gnutls_x509_crt_set_policy(crt, &p, 0);
		if (ret < 0)
			return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
						"cannot write the certificate policy %s", e->oid);
	}
	if (!is_ca_profile(o->profile))
		return 0;
	/* RFC 5280: policy mappings SHOULD, policy constraints and inhibitAnyPolicy MUST be
	 * critical. */
	if (o->n_maps) {
		if ((ret = pki__ext_policy_mappings_der(&der, o->map_issuer, o->map_subject,
							o->n_maps)) < 0)
			return ret;
		ret = gnutls_x509_crt_set_extension_by_oid(crt, "2.5.29.33", der.data, der.size, 1);
		gnutls_free(der.data);
		if (ret < 0)
			return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot write the policy mappings");
	}
	if (o->require_explicit >= 0 || o->inhibit_mapping >= 0) {
		if ((ret = pki__ext_policy_constraints_der(&der, o->require_explicit,
							   o->inhibit_mapping)) < 0)
			return ret;
		ret = gnutls_x509_crt_set_extension_by_oid(crt, "2.5.29.36", der.data, der.size, 1);
		gnutls_free(der.data);
		if (ret < 0)
			return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot write the policy constraints");
	}
	if (o->inhibit_any >= 0) {
		ret = gnutls_x509_ext_export_inhibit_anypolicy((unsigned)o->inhibit_any, &der);
		if (ret >= 0)
			ret = gnutls_x509_crt_set_extension_by_oid(crt, "2.5.29.54", der.data,
								   der.size, 1);
		gnutls_free(der.data);
		if (ret < 0)
			return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot write inhibitAnyPolicy");
	}
	return 0;
}

/* The extensions of the options, after everything libpki writes itself. */
static int set_extra_extensions(gnutls_x509_crt_t crt, const pki_issue_opts_t *o)
{
	int ret;

	for (size_t i = 0; i < o->n_exts; i++) {
		const struct ext_entry *e = &o->exts[i];

		if (pki__crt_has_ext(crt, e->oid))
			return pki__fail(PKI_E_INVALID_ARG,
					 "extension %s is written by libpki for this certificate "
					 "(from the profile or another option); it cannot be added "
					 "as well",
					 e->oid);
		ret = gnutls_x509_crt_set_extension_by_oid(crt, e->oid, e->der, e->size,
							   e->critical ? 1 : 0);
		if (ret < 0)
			return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
						"cannot add extension %s", e->oid);
	}
	return 0;
}

/*
 * With pki_issue_opts_set_copy_extensions: the request's extensions, except those that give
 * authority (never copied) and those the certificate already has (the options win).
 */
static int copy_request_extensions(gnutls_x509_crt_t crt, gnutls_x509_crq_t crq)
{
	for (unsigned i = 0; i < 1000; i++) {
		char oid[256];
		size_t n = sizeof(oid);
		unsigned critical = 0;
		gnutls_datum_t d = { NULL, 0 };
		int ret = gnutls_x509_crq_get_extension_info(crq, i, oid, &n, &critical);

		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			return 0;
		if (ret < 0)
			return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
						"cannot read extension %u of the request", i);
		if (pki__ext_is_authority(oid) || pki__crt_has_ext(crt, oid))
			continue;
		ret = gnutls_x509_crq_get_extension_data2(crq, i, &d);
		if (ret < 0)
			return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
						"cannot read the request's extension %s", oid);
		ret = gnutls_x509_crt_set_extension_by_oid(crt, oid, d.data, d.size, critical);
		gnutls_free(d.data);
		if (ret < 0)
			return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
						"cannot copy the request's extension %s", oid);
	}
	return pki__fail(PKI_E_TOO_LARGE, "the request has more than 1000 extensions");
}

/* The digest to sign with: the options' choice, which must suit the CA key, or the key's own. */
static int sign_digest(gnutls_digest_algorithm_t *dig, const pki_issue_opts_t *o,
		       const pki_key_t *key)
{
	bool eddsa = key->type == PKI_KEY_ED25519 || key->type == PKI_KEY_ED448;

	if ((o->sign_flags & PKI_SIGN_RSA_PSS) && key->type != PKI_KEY_RSA)
		return pki__fail(PKI_E_INVALID_ARG,
				 "RSA-PSS signatures need an RSA CA key, not a %s key",
				 pki_key_type_name(key->type));
	if (eddsa && o->hash != PKI_HASH_DEFAULT)
		return pki__fail(PKI_E_INVALID_ARG,
				 "an %s CA key signs with pure EdDSA: no hash can be chosen",
				 pki_key_type_name(key->type));
	switch (o->hash) {
	case PKI_HASH_SHA256: *dig = GNUTLS_DIG_SHA256; break;
	case PKI_HASH_SHA384: *dig = GNUTLS_DIG_SHA384; break;
	case PKI_HASH_SHA512: *dig = GNUTLS_DIG_SHA512; break;
	default: *dig = pki__key_sign_digest(key); break;
	}
	return 0;
}

/*
 * Hand the signed certificate out re-read from its DER, so that the handle holds exactly what
 * was issued (GnuTLS keeps raw copies of names only for imported certificates).
 */
static int finish(pki_cert_t **out, gnutls_x509_crt_t crt)
{
	gnutls_datum_t der = { NULL, 0 };
	int ret = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der);

	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot encode the certificate");
	gnutls_x509_crt_t copy = NULL;

	if ((ret = gnutls_x509_crt_init(&copy)) < 0 ||
	    (ret = gnutls_x509_crt_import(copy, &der, GNUTLS_X509_FMT_DER)) < 0) {
		gnutls_free(der.data);
		if (copy)
			gnutls_x509_crt_deinit(copy);
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot read back the issued certificate");
	}
	gnutls_free(der.data);
	return pki__cert_wrap(out, copy);
}

static int issue(pki_cert_t **out, const struct subject_in *sub, const struct issuer_in *is,
		 const pki_issue_opts_t *o, unsigned flags)
{
	gnutls_x509_crt_t crt = NULL;
	struct san_set set = { NULL, 0 };
	gnutls_digest_algorithm_t dig = GNUTLS_DIG_UNKNOWN;
	unsigned char ski[20];
	int64_t nb, na;
	char a[32], b[32];
	int ret;

	if (!is->key->priv)
		return pki__fail(PKI_E_NO_PRIVATE_KEY,
				 is->crt ? "the CA key handle holds only a public key"
					 : "self-signing needs the private key, not a public-only handle");
	if (is->crt && is_ca_profile(o->profile) && is->path_len == 0)
		return pki__fail(PKI_E_NOT_CA,
				 "the issuer's pathLenConstraint is 0: it may not issue CA "
				 "certificates");
	if ((ret = check_subject_key(sub->pub)) < 0)
		return ret;
	/* subjectKeyIdentifier (RFC 5280 method 1), also what key reuse is checked with */
	if ((ret = pki__key_sha1_id(ski, sub->pub)) < 0)
		return ret;
	if (is->crt && !(flags & PKI_ISSUE_ALLOW_KEY_REUSE)) {
		/* The same key bits are the same key, whatever the SPKI's algorithm parameters. */
		if (memcmp(ski, is->key_id, sizeof(ski)) == 0)
			return pki__fail(PKI_E_KEY_REUSE,
					 "the subject key is the CA's own key (pass "
					 "PKI_ISSUE_ALLOW_KEY_REUSE to allow it)");
	}

	validity_of(o, time(NULL), &nb, &na);
	if (na > PKI__TIME_MAX)
		return pki__fail(PKI_E_VALIDITY, "the validity would end after 9999-12-31");
	if (is->crt) {
		if (na > is->not_after) {
			pki__rfc3339(a, sizeof(a), na);
			pki__rfc3339(b, sizeof(b), is->not_after);
			return pki__fail(PKI_E_VALIDITY,
					 "the certificate would end at %s, after its issuer (%s); "
					 "ask for a shorter validity",
					 a, b);
		}
	}

	ret = gnutls_x509_crt_init(&crt);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "cannot allocate a certificate");
	ret = gnutls_x509_crt_set_version(crt, 3);
	if (ret < 0) {
		ret = pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot set the version");
		goto out;
	}
	if (sub->crq) {
		/* Copies subject and public key, after verifying the request's signature. */
		ret = gnutls_x509_crt_set_crq(crt, sub->crq);
		if (ret < 0) {
			int code = pki__map_gnutls(ret, PKI_E_BAD_SIGNATURE);

			if (code == PKI_E_PARSE || code == PKI_E_CRYPTO)
				code = PKI_E_BAD_SIGNATURE;
			ret = pki__fail_gnutls(code, ret,
					       code == PKI_E_BAD_SIGNATURE
						       ? "the request's signature does not verify"
						       : "cannot use the request");
			goto out;
		}
		/*
		 * A subject can be written only once into a certificate structure: to replace
		 * the request's, start again from its (now verified) public key.
		 */
		if (o->subject) {
			gnutls_x509_crt_deinit(crt);
			crt = NULL;
			if ((ret = gnutls_x509_crt_init(&crt)) < 0 ||
			    (ret = gnutls_x509_crt_set_version(crt, 3)) < 0) {
				ret = pki__fail_gnutls(PKI_E_NOMEM, ret, "cannot allocate a certificate");
				goto out;
			}
		}
	}
	if (!sub->crq || o->subject) {
		ret = gnutls_x509_crt_set_pubkey(crt, sub->pub);
		if (ret < 0) {
			ret = pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					       "cannot set the public key");
			goto out;
		}
		ret = pki__dn_set_crt(crt, o->subject ? o->subject : sub->subject);
		if (ret < 0)
			goto out;
	}
	if ((ret = set_serial(crt, o)) < 0)
		goto out;
	if ((ret = gnutls_x509_crt_set_activation_time(crt, (time_t)nb)) < 0 ||
	    (ret = gnutls_x509_crt_set_expiration_time(crt, (time_t)na)) < 0) {
		ret = pki__fail_gnutls(PKI_E_VALIDITY, ret, "cannot set the validity period");
		goto out;
	}

	if (sub->crq && (ret = copy_request_sans(crt, sub->crq, &set)) < 0)
		goto out;
	for (size_t i = 0; i < o->n_sans; i++)
		if ((ret = add_san(crt, &set, o->sans[i].type, o->sans[i].value)) < 0)
			goto out;
	if (is_tls_profile(o->profile) && set.n == 0 && (ret = cn_as_san(crt, &set)) < 0)
		goto out;
	if (o->profile == PKI_PROFILE_EMAIL && (ret = check_email_san(&set)) < 0)
		goto out;
	if ((ret = write_sans(crt, &set)) < 0)
		goto out;
	if (!has_subject(crt)) {
		if (is_ca_profile(o->profile) || !is->crt) {
			ret = pki__fail(PKI_E_INVALID_NAME,
					"a %s certificate needs a non-empty subject",
					is->crt ? "CA" : "self-signed");
			goto out;
		}
		if (set.n == 0) {
			ret = pki__fail(PKI_E_INVALID_NAME,
					"the certificate would have neither a subject nor a "
					"subject alternative name");
			goto out;
		}
		if ((ret = make_san_critical(crt)) < 0)
			goto out;
	}

	if ((ret = set_profile_extensions(crt, o, sub->pub)) < 0 ||
	    (ret = set_key_ids(crt, ski, is)) < 0)
		goto out;
	if (is_ca_profile(o->profile) && (ret = set_name_constraints(crt, o)) < 0)
		goto out;
	if ((ret = set_urls(crt, o)) < 0 || (ret = set_policies(crt, o)) < 0 ||
	    (ret = set_extra_extensions(crt, o)) < 0)
		goto out;
	if (sub->crq && o->copy_extensions && (ret = copy_request_extensions(crt, sub->crq)) < 0)
		goto out;

	if ((ret = sign_digest(&dig, o, is->key)) < 0)
		goto out;
	ret = gnutls_x509_crt_privkey_sign(crt, is->crt ? is->crt : crt, is->key->priv, dig,
					   (o->sign_flags & PKI_SIGN_RSA_PSS)
						   ? GNUTLS_PRIVKEY_SIGN_FLAG_RSA_PSS
						   : 0);
	if (ret < 0) {
		ret = pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot sign the certificate");
		goto out;
	}
	ret = finish(out, crt);
out:
	san_set_free(&set);
	if (crt)
		gnutls_x509_crt_deinit(crt);
	return ret;
}

int pki__issue_check_flags(unsigned flags, const char *fn)
{
	if (flags & ~(unsigned)PKI_ISSUE_ALLOW_KEY_REUSE)
		return pki__fail(PKI_E_INVALID_ARG, "%s: unknown flags 0x%x", fn, flags);
	return 0;
}
#define check_flags pki__issue_check_flags

int pki__issue_csr(pki_cert_t **out, const struct pki__issuer_in *is, gnutls_x509_crq_t crq,
		   const pki_issue_opts_t *opts, unsigned flags)
{
	struct subject_in sub = { crq, NULL, NULL };
	pki_issue_opts_t defaults;
	int ret;

	if (!opts) {
		opts_defaults(&defaults, PKI_PROFILE_SERVER);
		opts = &defaults;
	}
	ret = gnutls_pubkey_init(&sub.pub);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "out of memory");
	ret = gnutls_pubkey_import_x509_crq(sub.pub, crq, 0);
	if (ret < 0) {
		gnutls_pubkey_deinit(sub.pub);
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_UNSUPPORTED), ret,
					"cannot read the request's public key");
	}
	ret = issue(out, &sub, is, opts, flags);
	gnutls_pubkey_deinit(sub.pub);
	return ret;
}

int pki__issue_key(pki_cert_t **out, const struct pki__issuer_in *is, gnutls_pubkey_t pub,
		   const char *subject, const pki_issue_opts_t *opts, unsigned flags)
{
	struct subject_in sub = { NULL, pub, subject };
	pki_issue_opts_t defaults;

	if (!opts) {
		opts_defaults(&defaults, PKI_PROFILE_SERVER);
		opts = &defaults;
	}
	return issue(out, &sub, is, opts, flags);
}

int pki_cert_issue(pki_cert_t **out, const pki_csr_t *csr, const pki_cert_t *ca,
		   const pki_key_t *ca_key, const pki_issue_opts_t *opts, unsigned flags)
{
	struct issuer_in is;
	int ret;

	pki__clear_error();
	if (!out)
		return pki__fail(PKI_E_INVALID_ARG, "pki_cert_issue: out is NULL");
	*out = NULL;
	if (!csr || !ca || !ca_key)
		return pki__fail(PKI_E_INVALID_ARG, "pki_cert_issue: csr, ca or ca_key is NULL");
	if ((ret = check_flags(flags, "pki_cert_issue")) < 0)
		return ret;
	if ((ret = pki__issuer_check(&is, ca->crt, ca_key)) >= 0)
		ret = pki__issue_csr(out, &is, csr->crq, opts, flags);
	pki__issuer_clear(&is);
	return ret;
}

int pki_cert_issue_for_key(pki_cert_t **out, const pki_key_t *subject_key, const char *subject,
			   const pki_cert_t *ca, const pki_key_t *ca_key,
			   const pki_issue_opts_t *opts, unsigned flags)
{
	struct issuer_in is;
	int ret;

	pki__clear_error();
	if (!out)
		return pki__fail(PKI_E_INVALID_ARG, "pki_cert_issue_for_key: out is NULL");
	*out = NULL;
	if (!subject_key || !subject || !ca || !ca_key)
		return pki__fail(PKI_E_INVALID_ARG,
				 "pki_cert_issue_for_key: subject_key, subject, ca or ca_key is "
				 "NULL");
	if ((ret = check_flags(flags, "pki_cert_issue_for_key")) < 0)
		return ret;
	if ((ret = pki__issuer_check(&is, ca->crt, ca_key)) >= 0)
		ret = pki__issue_key(out, &is, subject_key->pub, subject, opts, flags);
	pki__issuer_clear(&is);
	return ret;
}

int pki_cert_self_sign(pki_cert_t **out, const pki_key_t *key, const char *subject,
		       const pki_issue_opts_t *opts, unsigned flags)
{
	struct subject_in sub;
	struct issuer_in is = { 0 };
	pki_issue_opts_t defaults;
	int ret;

	pki__clear_error();
	if (!out)
		return pki__fail(PKI_E_INVALID_ARG, "pki_cert_self_sign: out is NULL");
	*out = NULL;
	if (!key || !subject)
		return pki__fail(PKI_E_INVALID_ARG, "pki_cert_self_sign: key or subject is NULL");
	/* PKI_ISSUE_ALLOW_KEY_REUSE is meaningless here (the key is the issuer's) but harmless. */
	if ((ret = check_flags(flags, "pki_cert_self_sign")) < 0)
		return ret;
	if (!opts) {
		opts_defaults(&defaults, PKI_PROFILE_CA);
		opts = &defaults;
	}
	sub.crq = NULL;
	sub.pub = key->pub;
	sub.subject = subject;
	is.crt = NULL;
	is.key = key;
	return issue(out, &sub, &is, opts, flags);
}
