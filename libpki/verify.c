/*
 * libpki — trust stores and chain verification that explains itself.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The public API: trust stores, options, results and their reasons, and the driver: path.c
 * searches the paths of the target and hands each one to pki__vctx_evaluate(), which runs
 * every stage of verify-int.h on it (validate.c, nameconstraints.c, policy.c, revocation.c,
 * the leaf checks of validate.c) and keeps the best; the first valid path ends the search.
 * GnuTLS is used for parsing and signatures only: every rule is the verifier's own.
 */
#include "namecmp.h"
#include "ocsp-int.h"
#include "verify-int.h"
#include "work-int.h"

#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct {
	int code;
	int index;
	char *msg;
} reason_t;

#define PKI__VREASONS_PER_KEY 4 /* distinct reasons kept per certificate and code */
#define PKI__VREASONS_MAX 64    /* reasons kept per path */
#define MAX_ANCHORS 100000     /* certificates a trust store holds */
#define MAX_UNTRUSTED 4096      /* untrusted certificates the options hold */

struct pki_verify_result {
	bool valid, trusted;
	/* The chain is kept as DER and decoded on first use (result_chain): most callers only
	 * ask for the verdict, and decoding costs more than the rest of a cached verification. */
	pki_chain_t chain;
	gnutls_datum_t *der; /* the chain's DER, leaf first (pki_free) */
	size_t nder;
	bool chain_ready;
	bool has_lock;         /* lock initialised (results made by pki_cert_verify) */
	pthread_mutex_t lock;  /* guards the decoding: a const result may be read from threads */
	reason_t *reasons;
	size_t nreasons, capreasons;
	size_t nkeys; /* distinct (code, certificate) pairs among the reasons: ranks paths */
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

/* ---------------------------------------------------------------------------------------- */
/* Trust stores                                                                              */

int pki_trust_new(pki_trust_t **out, unsigned flags)
{
	pki_trust_t *t;
	int ret;

	if ((ret = PKI__ENTER_OUT(out, flags, PKI_TRUST_NO_CACHE)) < 0)
		return ret;
	t = pki__zalloc(sizeof(*t));
	if (!t)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	if (flags & PKI_TRUST_NO_CACHE) {
		*out = t; /* every stage treats a NULL cache as "remember nothing" */
		return 0;
	}
	t->cache = pki__sigcache_new();
	if (!t->cache) {
		pki_free(t);
		return pki__fail(PKI_E_NOMEM, "out of memory");
	}
	*out = t;
	return 0;
}

/* ---- the certificates a trust store (anchors) or options (untrusted) own, each with its
 * struct pki__crt_meta in a parallel array ---- */

/* Deinit @p n certificates, release what their metadata holds, free both arrays. */
static void certs_free(gnutls_x509_crt_t *crts, struct pki__crt_meta *meta, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		gnutls_x509_crt_deinit(crts[i]);
		pki__dn_release(meta[i].subject);
		gnutls_free(meta[i].der.data);
	}
	pki_free(crts);
	pki_free(meta);
}

/* Make room for one more in both arrays (pki__grow, at most @p max, @p what in the
 * message). 0, or a negative PKI_E_* with both arrays still valid for *@p cap entries. */
static int certs_reserve(gnutls_x509_crt_t **crts, struct pki__crt_meta **meta, size_t n,
			 size_t *cap, size_t max, const char *what)
{
	size_t ccap = *cap, mcap = *cap;
	gnutls_x509_crt_t *nc;
	struct pki__crt_meta *nm;
	int err = 0;

	if (!(nc = pki__grow(*crts, &ccap, n, sizeof(*nc), max, what, &err)))
		return err;
	*crts = nc; /* at least *cap entries whatever follows */
	if (!(nm = pki__grow(*meta, &mcap, n, sizeof(*nm), max, what, &err)))
		return err;
	*meta = nm;
	*cap = mcap < ccap ? mcap : ccap;
	return 0;
}

static pki__dn_t *prepare_subject(gnutls_x509_crt_t crt);

/* Append @p crt (now owned) and what is kept of it; room was made by certs_reserve. */
static void certs_append(gnutls_x509_crt_t *crts, struct pki__crt_meta *meta, size_t *n,
			 gnutls_x509_crt_t crt, bool system)
{
	struct pki__crt_meta *m = &meta[*n];

	m->system = system;
	m->subject = prepare_subject(crt);
	if (gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &m->der) < 0)
		m->der = (gnutls_datum_t){ NULL, 0 };
	if (!pki__crt_fpr(m->fpr, crt))
		memset(m->fpr, 0, sizeof(m->fpr));
	crts[(*n)++] = crt;
}

void pki_trust_free(pki_trust_t *trust)
{
	if (!trust)
		return;
	certs_free(trust->anchors, trust->meta, trust->nanchors);
	pki__sigcache_free(trust->cache);
	for (size_t i = 0; i < trust->ncrls; i++)
		pki_crl_free(trust->crls[i]);
	pki_free(trust->crls);
	pki_free(trust);
}


/* The subject of @p crt parsed and prepared once for path building (namecmp.h); NULL when it
 * is malformed or memory is short, which makes it match no name (as pki__dn_equal would). */
static pki__dn_t *prepare_subject(gnutls_x509_crt_t crt)
{
	gnutls_datum_t d = { NULL, 0 };
	pki__dn_t *dn = NULL;

	if (gnutls_x509_crt_get_raw_dn(crt, &d) == 0 && pki__dn_prepare(&dn, &d) < 0)
		dn = NULL;
	gnutls_free(d.data);
	return dn;
}

/* Hand @p n certificates over to the trust store (which then owns them); duplicates of an
 * anchor already there are dropped. The number handed over, or a negative PKI_E_*. */
static int add_cas(pki_trust_t *trust, gnutls_x509_crt_t *list, unsigned n, bool system)
{
	int ret = (int)n;

	for (unsigned i = 0; i < n; i++) {
		long dup;
		int err;

		if (ret < 0) {
			gnutls_x509_crt_deinit(list[i]);
			continue;
		}
		if ((dup = pki__trust_find(trust, list[i])) >= 0) {
			if (system)
				trust->meta[dup].system = true; /* the system store has it too */
			gnutls_x509_crt_deinit(list[i]);
			continue;
		}
		if ((err = certs_reserve(&trust->anchors, &trust->meta, trust->nanchors,
					 &trust->capanchors, MAX_ANCHORS, "trust anchors")) < 0) {
			ret = err;
			gnutls_x509_crt_deinit(list[i]);
			continue;
		}
		certs_append(trust->anchors, trust->meta, &trust->nanchors, list[i], system);
	}
	return ret;
}

/* Move every CA of a GnuTLS trust list into the trust store. */
static int take_list(pki_trust_t *trust, gnutls_x509_trust_list_t tl, bool system)
{
	gnutls_x509_trust_list_iter_t it = NULL;
	gnutls_x509_crt_t crt = NULL;
	int n = 0, ret;

	while ((ret = gnutls_x509_trust_list_iter_get_ca(tl, &it, &crt)) == 0) {
		ret = add_cas(trust, &crt, 1, system);
		if (ret < 0) {
			gnutls_x509_trust_list_iter_deinit(it);
			return ret;
		}
		n++;
	}
	gnutls_x509_trust_list_iter_deinit(it);
	if (ret != GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "cannot read the trust list");
	return n;
}

/* The checks every trust adder @p fn starts with: @p trust and its @p what (@p arg) given, no
 * flags (none are defined). */
static int trust_enter(const char *fn, const pki_trust_t *trust, const void *arg,
		       const char *what, unsigned flags)
{
	int ret;

	if ((ret = pki__enter_arg(fn, trust, "trust")) < 0 || (ret = pki__arg(fn, arg, what)) < 0)
		return ret;
	return pki__flags(fn, flags, 0);
}

int pki_trust_add_cert(pki_trust_t *trust, const pki_cert_t *cert, unsigned flags)
{
	gnutls_x509_crt_t c;
	int ret;

	if ((ret = trust_enter(__func__, trust, cert, "cert", flags)) < 0)
		return ret;
	ret = pki__crt_copy(&c, pki__cert_crt(cert));
	if (ret < 0)
		return ret;
	return add_cas(trust, &c, 1, false);
}

/* pki_trust_add_pem's work, @p trust valid; @p data is checked here (pki__check_input). */
static int trust_add_pem(pki_trust_t *trust, const void *data, size_t size)
{
	gnutls_x509_crt_t *list = NULL;
	unsigned n = 0;
	gnutls_datum_t d;
	bool pem;
	int ret;

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
	ret = add_cas(trust, list, n, false);
	gnutls_free(list); /* the array only: the certificates now belong to the list */
	return ret;
}

int pki_trust_add_pem(pki_trust_t *trust, const void *data, size_t size, unsigned flags)
{
	int ret;

	if ((ret = pki__enter_arg(__func__, trust, "trust")) < 0 ||
	    (ret = pki__flags(__func__, flags, 0)) < 0)
		return ret;
	return trust_add_pem(trust, data, size);
}

/* The checks of the file adders @p fn (no flags are defined) and the file's bytes in @p data
 * (pki_free). */
static int trust_file_read(unsigned char **data, size_t *size, const char *fn,
			   const pki_trust_t *trust, const char *path, unsigned flags)
{
	int ret;

	if ((ret = pki__enter_arg(fn, trust, "trust")) < 0 || (ret = pki__path(fn, path)) < 0 ||
	    (ret = pki__flags(fn, flags, 0)) < 0)
		return ret;
	return pki__file_read(data, size, path);
}

int pki_trust_add_file(pki_trust_t *trust, const char *path, unsigned flags)
{
	unsigned char *data = NULL;
	size_t size = 0;
	int ret = trust_file_read(&data, &size, __func__, trust, path, flags);

	if (ret < 0)
		return ret;
	ret = trust_add_pem(trust, data, size);
	pki_free(data);
	if (ret < 0)
		return pki__fail_wrap(ret, "%s", path);
	return ret;
}

int pki_trust_add_dir(pki_trust_t *trust, const char *path, unsigned flags)
{
	int ret;

	if ((ret = trust_enter(__func__, trust, path, "path", flags)) < 0)
		return ret;
	{
		gnutls_x509_trust_list_t tl = NULL;

		if (gnutls_x509_trust_list_init(&tl, 0) < 0)
			return pki__fail(PKI_E_NOMEM, "out of memory");
		ret = gnutls_x509_trust_list_add_trust_dir(tl, path, NULL, GNUTLS_X509_FMT_PEM, 0, 0);
		if (ret < 0) {
			gnutls_x509_trust_list_deinit(tl, 1);
			return pki__fail_gnutls(PKI_E_IO, ret, "cannot read the folder %s", path);
		}
		ret = take_list(trust, tl, false);
		gnutls_x509_trust_list_deinit(tl, 1);
	}
	return ret;
}

int pki_trust_add_system(pki_trust_t *trust, unsigned flags)
{
	int ret;

	if ((ret = pki__enter_arg(__func__, trust, "trust")) < 0 ||
	    (ret = pki__flags(__func__, flags, 0)) < 0)
		return ret;
	{
		gnutls_x509_trust_list_t tl = NULL;

		if (gnutls_x509_trust_list_init(&tl, 0) < 0)
			return pki__fail(PKI_E_NOMEM, "out of memory");
		ret = gnutls_x509_trust_list_add_system_trust(tl, 0, 0);
		if (ret < 0) {
			gnutls_x509_trust_list_deinit(tl, 1);
			return pki__fail_gnutls(PKI_E_NOT_FOUND, ret,
						"cannot load the system trust store");
		}
		ret = take_list(trust, tl, true);
		gnutls_x509_trust_list_deinit(tl, 1);
	}
	if (ret == 0)
		return pki__fail(PKI_E_NOT_FOUND, "the system trust store is empty");
	return ret;
}

/* pki_trust_add_crl's work, @p trust and @p crl valid. */
static int trust_add_crl(pki_trust_t *trust, const pki_crl_t *crl)
{
	pki_crl_t *copy = NULL, **crls;
	int ret;

	/* no limit but memory */
	crls = pki__grow(trust->crls, &trust->capcrls, trust->ncrls, sizeof(*crls),
			 SIZE_MAX / sizeof(*crls), "CRLs", &ret);
	if (!crls)
		return ret;
	trust->crls = crls;
	ret = pki__crl_copy(&copy, crl);
	if (ret < 0)
		return ret;
	trust->crls[trust->ncrls++] = copy;
	return 0;
}

int pki_trust_add_crl(pki_trust_t *trust, const pki_crl_t *crl, unsigned flags)
{
	int ret;

	if ((ret = trust_enter(__func__, trust, crl, "crl", flags)) < 0)
		return ret;
	return trust_add_crl(trust, crl);
}

int pki_trust_add_crl_file(pki_trust_t *trust, const char *path, unsigned flags)
{
	unsigned char *data = NULL;
	pki_crl_t **crls = NULL;
	size_t size = 0, n = 0;
	int ret = trust_file_read(&data, &size, __func__, trust, path, flags);

	if (ret < 0)
		return ret;
	/* every CRL of a PEM bundle, not only the first */
	ret = pki__crl_import_all(&crls, &n, data, size);
	pki_free(data);
	if (ret < 0)
		return pki__fail_wrap(ret, "%s", path);
	for (size_t i = 0; i < n; i++) {
		if (ret == 0)
			ret = trust_add_crl(trust, crls[i]);
		pki_crl_free(crls[i]);
	}
	pki_free(crls);
	return ret;
}

/* ---------------------------------------------------------------------------------------- */
/* Options                                                                                   */

/* A name of an option's value, as pki_purpose_from_name and pki_verify_profile_from_name
 * take them (any case). */
typedef struct {
	const char *name;
	int value;
} named_t;

static const named_t purpose_names[] = {
	{ "any", PKI_PURPOSE_ANY },        { "server", PKI_PURPOSE_SERVER },
	{ "sslserver", PKI_PURPOSE_SERVER }, { "client", PKI_PURPOSE_CLIENT },
	{ "sslclient", PKI_PURPOSE_CLIENT },
};
static const named_t profile_names[] = {
	{ "rfc5280", PKI_VERIFY_PROFILE_RFC5280 },
	{ "webpki", PKI_VERIFY_PROFILE_WEBPKI },
};

/* The body of both: @p name's value in @p names, else "unknown <what> "x" (expected ...)". */
static int from_name(const char *fn, const char *name, const named_t *names, size_t n,
		     const char *what, const char *expected)
{
	int ret;

	if ((ret = pki__enter_arg(fn, name, "name")) < 0)
		return ret;
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(name, names[i].name) == 0)
			return names[i].value;
	return pki__fail(PKI_E_INVALID_ARG, "unknown %s \"%s\" (expected %s)", what, name,
			 expected);
}

int pki_purpose_from_name(const char *name)
{
	return from_name(__func__, name, purpose_names,
			 sizeof(purpose_names) / sizeof(purpose_names[0]), "purpose",
			 "server, client or any");
}

static const char *purpose_name(int p)
{
	return p == PKI_PURPOSE_SERVER ? "server" : p == PKI_PURPOSE_CLIENT ? "client" : "any";
}

int pki_verify_opts_new(pki_verify_opts_t **out, unsigned flags)
{
	pki_verify_opts_t *o;
	int ret;

	if ((ret = PKI__ENTER_OUT(out, flags, 0)) < 0)
		return ret;
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
	certs_free(opts->untrusted, opts->untrusted_meta, opts->nuntrusted);
	for (size_t i = 0; i < opts->npolicies; i++)
		pki_free(opts->policies[i]);
	pki_free(opts->policies);
	pki_free(opts->host);
	pki_free(opts->email);
	pki__ocsp_set_free(opts->ocsp);
	pki_free(opts);
}

int pki_verify_opts_set_host(pki_verify_opts_t *opts, const char *host)
{
	unsigned char ip[16];
	size_t iplen;
	char *copy;
	int ret;

	if ((ret = pki__enter_arg(__func__, opts, "opts")) < 0)
		return ret;
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

/*
 * The options that are one number, in one table so that their setters check alike: the
 * values each accepts (lo..hi; the enums are contiguous) and what a refusal calls it,
 * "unknown <what> 7" for an enum, "<what> 99 is outside <range>" otherwise.
 */
#define STR_(x) #x
#define STR(x) STR_(x)
enum number_opt { OPT_PURPOSE, OPT_TIME, OPT_CRL_CHECK, OPT_MAX_DEPTH, OPT_PROFILE };
static const struct {
	const char *what;
	int64_t lo, hi;
	const char *range; /* NULL: an enum */
} number_opts[] = {
	[OPT_PURPOSE] = { "purpose", PKI_PURPOSE_ANY, PKI_PURPOSE_CLIENT, NULL },
	[OPT_TIME] = { "time", 0, PKI__TIME_MAX, "1970..9999" },
	[OPT_CRL_CHECK] = { "CRL checking mode", PKI_CRL_CHECK_OFF, PKI_CRL_CHECK_CHAIN, NULL },
	[OPT_MAX_DEPTH] = { "maximum depth", 1, PKI__VERIFY_MAX_DEPTH,
			    "1.." STR(PKI__VERIFY_MAX_DEPTH) },
	[OPT_PROFILE] = { "profile", PKI_VERIFY_PROFILE_RFC5280, PKI_VERIFY_PROFILE_WEBPKI, NULL },
};
_Static_assert(PKI_PURPOSE_ANY == 0 && PKI_PURPOSE_SERVER == 1 && PKI_PURPOSE_CLIENT == 2 &&
		       PKI_CRL_CHECK_OFF == 0 && PKI_CRL_CHECK_LEAF == 1 &&
		       PKI_CRL_CHECK_CHAIN == 2,
	       "number_opts checks enums as ranges");

/* The body of the setters of number_opts: @p opts and @p v checked, then stored. */
static int set_number(const char *fn, pki_verify_opts_t *opts, enum number_opt which, int64_t v)
{
	const char *what = number_opts[which].what, *range = number_opts[which].range;
	bool valid = v >= number_opts[which].lo && v <= number_opts[which].hi;
	int ret;

	if (range)
		ret = pki__enter_set(fn, opts, "opts", valid, "%s %lld is outside %s", what,
				     (long long)v, range);
	else
		ret = pki__enter_set(fn, opts, "opts", valid, "unknown %s %lld", what, (long long)v);
	if (ret < 0)
		return ret;
	switch (which) {
	case OPT_PURPOSE:
		opts->purpose = (int)v;
		opts->purpose_set = true;
		break;
	case OPT_TIME:
		opts->when = v;
		opts->when_set = true;
		break;
	case OPT_CRL_CHECK: opts->crl_check = (int)v; break;
	case OPT_MAX_DEPTH: opts->max_depth = (unsigned)v; break;
	case OPT_PROFILE: opts->profile = (int)v; break;
	}
	return 0;
}

int pki_verify_opts_set_purpose(pki_verify_opts_t *opts, pki_purpose_t purpose)
{
	return set_number(__func__, opts, OPT_PURPOSE, purpose);
}

int pki_verify_opts_set_time(pki_verify_opts_t *opts, int64_t when)
{
	return set_number(__func__, opts, OPT_TIME, when);
}

int pki_verify_opts_set_crl_check(pki_verify_opts_t *opts, pki_crl_check_t mode)
{
	return set_number(__func__, opts, OPT_CRL_CHECK, mode);
}

int pki_verify_opts_set_max_depth(pki_verify_opts_t *opts, unsigned depth)
{
	return set_number(__func__, opts, OPT_MAX_DEPTH, depth);
}

int pki_verify_opts_set_email(pki_verify_opts_t *opts, const char *email)
{
	const char *at;
	int ret;

	if ((ret = pki__enter_arg(__func__, opts, "opts")) < 0)
		return ret;
	if (!email)
		return pki__set_str(&opts->email, NULL);
	at = strrchr(email, '@');
	if (!at || at == email || !pki__is_hostname(at + 1) || strlen(email) > 320)
		return pki__fail(PKI_E_INVALID_NAME, "not an email address (local@domain)");
	for (const char *c = email; *c; c++)
		if ((unsigned char)*c <= 0x20 || (unsigned char)*c == 0x7f)
			return pki__fail(PKI_E_INVALID_NAME,
					 "an email address has no spaces or control characters");
	return pki__set_str(&opts->email, email);
}

/* A dotted OID: at least two arcs, digits only, no leading zeros. */
static bool oid_ok(const char *s)
{
	unsigned arcs = 0;
	size_t n = strlen(s);

	if (n == 0 || n > 128)
		return false;
	for (const char *p = s; *p;) {
		const char *q = p;

		while (*q >= '0' && *q <= '9')
			q++;
		if (q == p || (q - p > 1 && *p == '0'))
			return false;
		arcs++;
		if (*q == '.')
			q++;
		else if (*q)
			return false;
		if (*q == '\0' && q[-1] == '.')
			return false;
		p = q;
	}
	return arcs >= 2;
}

int pki_verify_opts_add_policy(pki_verify_opts_t *opts, const char *oid)
{
	char **n, *copy;
	int ret;

	if ((ret = pki__enter_arg(__func__, opts, "opts")) < 0 ||
	    (ret = pki__arg(__func__, oid, "oid")) < 0)
		return ret;
	if (!oid_ok(oid))
		return pki__fail(PKI_E_INVALID_ARG, "a policy is a dotted OID (2.16.840.1.101.3.2.1.48.1)");
	n = pki__grow(opts->policies, &opts->cappolicies, opts->npolicies, sizeof(*n),
		      PKI__VERIFY_MAX_POLICIES, "policies", &ret);
	if (!n)
		return ret;
	opts->policies = n;
	if (!(copy = pki__strdup(oid)))
		return pki__fail(PKI_E_NOMEM, "out of memory");
	n[opts->npolicies++] = copy;
	return 0;
}

int pki_verify_opts_set_policy_flags(pki_verify_opts_t *opts, unsigned flags)
{
	const unsigned known = PKI_VERIFY_POLICY_EXPLICIT | PKI_VERIFY_POLICY_INHIBIT_MAPPING |
			       PKI_VERIFY_POLICY_INHIBIT_ANY;
	int ret;

	if ((ret = pki__enter_set(__func__, opts, "opts", !(flags & ~known),
				  "unknown policy flags 0x%x", flags)) < 0)
		return ret;
	opts->explicit_policy = flags & PKI_VERIFY_POLICY_EXPLICIT;
	opts->inhibit_mapping = flags & PKI_VERIFY_POLICY_INHIBIT_MAPPING;
	opts->inhibit_any = flags & PKI_VERIFY_POLICY_INHIBIT_ANY;
	return 0;
}

int pki_verify_opts_set_profile(pki_verify_opts_t *opts, pki_verify_profile_t profile)
{
	return set_number(__func__, opts, OPT_PROFILE, profile);
}

int pki_verify_profile_from_name(const char *name)
{
	return from_name(__func__, name, profile_names,
			 sizeof(profile_names) / sizeof(profile_names[0]), "profile",
			 "rfc5280 or webpki");
}

int pki_verify_opts_set_algorithms(pki_verify_opts_t *opts, unsigned allow)
{
	int ret;

	if ((ret = pki__enter_set(__func__, opts, "opts",
				  !(allow & ~(unsigned)(PKI_VERIFY_ALLOW_SHA1 |
							PKI_VERIFY_ALLOW_LEGACY_KEYS)),
				  "unknown algorithm flags 0x%x", allow)) < 0)
		return ret;
	opts->alg_flags = allow;
	return 0;
}

int pki_verify_opts_add_untrusted(pki_verify_opts_t *opts, const pki_chain_t *chain)
{
	int ret;

	if ((ret = pki__enter_arg(__func__, opts, "opts")) < 0 ||
	    (ret = pki__arg(__func__, chain, "chain")) < 0)
		return ret;
	for (size_t i = 0; i < chain->count; i++) {
		gnutls_x509_crt_t c;

		if (!chain->certs[i])
			continue;
		if ((ret = certs_reserve(&opts->untrusted, &opts->untrusted_meta, opts->nuntrusted,
					 &opts->capuntrusted, MAX_UNTRUSTED,
					 "untrusted certificates")) < 0)
			return ret;
		ret = pki__crt_copy(&c, pki__cert_crt(chain->certs[i]));
		if (ret < 0)
			return ret;
		certs_append(opts->untrusted, opts->untrusted_meta, &opts->nuntrusted, c, false);
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
	case PKI_VERIFY_POLICY: return "policy";
	case PKI_VERIFY_REVOCATION_UNKNOWN: return "revocation_unknown";
	case PKI_VERIFY_PROFILE_VIOLATION: return "profile_violation";
	case PKI_VERIFY_MALFORMED: return "malformed";
	case PKI_VERIFY_BUDGET: return "budget";
	case PKI_VERIFY_KEY_USAGE: return "key_usage";
	case PKI_VERIFY_EMAIL_MISMATCH: return "email_mismatch";
	case PKI_VERIFY_OTHER: return "other";
	default: return NULL;
	}
}

static void chain_clear(pki_chain_t *chain)
{
	for (size_t i = 0; i < chain->count; i++)
		pki_cert_free(chain->certs[i]);
	pki_free(chain->certs);
	memset(chain, 0, sizeof(*chain));
}

/* Decode the result's chain from its DER once; 0 or a negative PKI_E_* (with the detail). */
static int result_chain(const pki_verify_result_t *cr)
{
	pki_verify_result_t *r = (pki_verify_result_t *)cr; /* filled once, under its lock */
	int ret = 0;

	if (!r->has_lock)
		return 0; /* never happens: every result handed out has its lock */
	pthread_mutex_lock(&r->lock);
	if (!r->chain_ready) {
		r->chain.certs = pki__zalloc((r->nder ? r->nder : 1) * sizeof(*r->chain.certs));
		ret = r->chain.certs ? 0 : pki__fail(PKI_E_NOMEM, "out of memory");
		r->chain.cap = r->nder;
		for (size_t i = 0; i < r->nder && ret == 0; i++) {
			gnutls_x509_crt_t crt = NULL;

			if ((ret = pki__crt_from_der(&crt, &r->der[i])) == 0 &&
			    (ret = pki__cert_wrap(&r->chain.certs[i], crt)) == 0)
				r->chain.count++;
		}
		if (ret < 0)
			chain_clear(&r->chain);
		else
			r->chain_ready = true;
	}
	pthread_mutex_unlock(&r->lock);
	return ret;
}

void pki_verify_result_free(pki_verify_result_t *r)
{
	if (!r)
		return;
	chain_clear(&r->chain);
	for (size_t i = 0; i < r->nder; i++)
		pki_free(r->der[i].data);
	pki_free(r->der);
	if (r->has_lock)
		pthread_mutex_destroy(&r->lock);
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
	reason_t *reasons;
	char buf[1024];
	size_t same = 0;
	va_list ap;
	int err;

	v->vreason_calls++;
	/* every distinct reason, bounded: PKI__VREASONS_PER_KEY per certificate and code,
	 * PKI__VREASONS_MAX in all (a hostile certificate cannot grow the result without end) */
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < r->nreasons; i++) {
		if (r->reasons[i].code != code || r->reasons[i].index != index)
			continue;
		if (strcmp(r->reasons[i].msg, buf) == 0 || ++same >= PKI__VREASONS_PER_KEY)
			return;
	}
	if (r->nreasons >= PKI__VREASONS_MAX)
		return;
	reasons = pki__grow(r->reasons, &r->capreasons, r->nreasons, sizeof(*reasons),
			    PKI__VREASONS_MAX, "reasons", &err);
	if (!reasons) {
		r->nomem = true;
		return;
	}
	r->reasons = reasons;
	r->reasons[r->nreasons].code = code;
	r->reasons[r->nreasons].index = index;
	r->reasons[r->nreasons].msg = pki__strdup(buf);
	if (!r->reasons[r->nreasons].msg) {
		r->nomem = true;
		return;
	}
	r->nreasons++;
	if (same == 0)
		r->nkeys++;
}

unsigned pki__vctx_reason_calls(const pki__vctx_t *v)
{
	return v->vreason_calls;
}

bool pki_verify_result_valid(const pki_verify_result_t *result)
{
	if (pki__enter_arg(__func__, result, "result") < 0)
		return false;
	return result->valid;
}

bool pki_verify_result_trusted(const pki_verify_result_t *result)
{
	if (pki__enter_arg(__func__, result, "result") < 0)
		return false;
	return result->trusted;
}

const pki_chain_t *pki_verify_result_chain(const pki_verify_result_t *result)
{
	if (pki__enter_arg(__func__, result, "result") < 0)
		return NULL;
	if (result_chain(result) < 0)
		return NULL;
	return &result->chain;
}

int pki_verify_result_reason_count(const pki_verify_result_t *result)
{
	int ret;

	if ((ret = pki__enter_arg(__func__, result, "result")) < 0)
		return ret;
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

/* The entry of the two result dumps: arguments checked, the chain decoded. */
static int result_dump_enter(const char *fn, char **out, const pki_verify_result_t *r,
			     unsigned flags)
{
	int ret;

	if ((ret = pki__enter_str(fn, out, r, "r")) < 0 || (ret = pki__flags(fn, flags, 0)) < 0)
		return ret;
	return result_chain(r);
}

int pki_verify_result_to_json(char **out, const pki_verify_result_t *r, unsigned flags)
{
	pki__buf_t b = { 0 };
	char t[32];
	int ret;

	if ((ret = result_dump_enter(__func__, out, r, flags)) < 0)
		return ret;
	pki__rfc3339(t, sizeof(t), r->when);
	pki__buf_printf(&b, "{\"valid\": %s, \"trusted\": %s, \"time\": \"%s\", \"host\": ",
			r->valid ? "true" : "false", r->trusted ? "true" : "false", t);
	pki__buf_json_str(&b, r->host);
	pki__buf_printf(&b, ", \"purpose\": \"%s\", \"chain\": [", purpose_name(r->purpose));
	for (size_t i = 0; i < r->chain.count; i++) {
		if (i)
			pki__buf_add(&b, ", ", 2);
		json_cert(&b, pki__cert_crt(r->chain.certs[i]));
	}
	pki__buf_add(&b, "], \"reasons\": [", 15);
	for (size_t i = 0; i < r->nreasons; i++) {
		const reason_t *e = &r->reasons[i];
		char *name = NULL;

		if (e->index >= 0 && (size_t)e->index < r->chain.count)
			name = name_of(pki__cert_crt(r->chain.certs[e->index]));
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
	int ret;

	if ((ret = result_dump_enter(__func__, out, r, flags)) < 0)
		return ret;
	pki__buf_printf(&b, "chain:\n");
	for (size_t i = 0; i < r->chain.count; i++) {
		char *name = name_of(pki__cert_crt(r->chain.certs[i]));
		char *e = name ? pki__vescape(name, strlen(name)) : NULL;
		bool anchor = r->trusted && i + 1 == r->chain.count;

		pki__buf_printf(&b, "  %zu: %s%s\n", i, e ? e : "?", anchor ? "  [trusted]" : "");
		pki_free(e);
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


/* common.c's escaping (control characters, bidi, invalid UTF-8) for every name in a message */
char *pki__vescape(const char *s, size_t n)
{
	return pki__escape(s, n);
}

/* "the leaf 'CN=x'", "intermediate 2 'CN=y'", "the trust anchor 'CN=z'" (escaped). */
static char *display_name(gnutls_x509_crt_t crt, size_t i, size_t n, bool anchored)
{
	char *raw = name_of(crt), *e, *out;
	pki__buf_t b = { 0 };

	if (!raw)
		return NULL;
	e = pki__vescape(raw, strlen(raw));
	pki_free(raw);
	if (!e)
		return NULL;
	if (i == 0)
		pki__buf_printf(&b, "the leaf '%s'", e);
	else if (anchored && i + 1 == n)
		pki__buf_printf(&b, "the trust anchor '%s'", e);
	else
		pki__buf_printf(&b, "intermediate %zu '%s'", i, e);
	pki_free(e);
	if (pki__buf_finish(&b, &out) < 0)
		return NULL;
	return out;
}

const char *pki__pname(const pki__path_t *p, size_t i)
{
	if (!p->names[i]) {
		p->names[i] = display_name(p->certs[i], i, p->n, p->anchored);
		if (!p->names[i]) {
			if (p->names_nomem)
				*p->names_nomem = true;
			return "?";
		}
	}
	return p->names[i];
}

static void reasons_clear(pki_verify_result_t *r)
{
	for (size_t i = 0; i < r->nreasons; i++)
		pki_free(r->reasons[i].msg);
	r->nreasons = 0;
	r->nkeys = 0;
}

bool pki__vctx_evaluate(pki__vctx_t *v, pki__path_t *p)
{
	pki_verify_result_t *w = v->result;
	char *names[PKI__VERIFY_MAX_DEPTH + 1];
	bool valid, better, names_nomem = false;

	reasons_clear(w);
	memset(names, 0, sizeof(names));
	p->names = names;
	p->names_nomem = &names_nomem;
	pki__validate_path(v, p);
	pki__nc_check(v, p);
	pki__policy_check(v, p);
	pki__revocation_check(v, p);
	pki__validate_leaf(v, p);
	for (size_t i = 0; i < p->n; i++)
		pki_free(names[i]);
	p->names = NULL;
	p->names_nomem = NULL;
	if (names_nomem)
		w->nomem = true;
	if (w->nomem) {
		v->best->nomem = true;
		return true; /* stops the search */
	}
	valid = w->nreasons == 0 && p->anchored;
	better = !v->have_best || valid || (p->anchored && !v->best_anchored) ||
		 (p->anchored == v->best_anchored && w->nkeys < v->best->nkeys);
	if (better) {
		pki_verify_result_t tmp = *v->best;

		v->best->reasons = w->reasons;
		v->best->nreasons = w->nreasons;
		v->best->capreasons = w->capreasons;
		v->best->nkeys = w->nkeys;
		w->reasons = tmp.reasons;
		w->nreasons = tmp.nreasons;
		w->capreasons = tmp.capreasons;
		w->nkeys = tmp.nkeys;
		memcpy(v->best_certs, p->certs, p->n * sizeof(*p->certs));
		v->best_n = p->n;
		v->best_anchored = p->anchored;
		v->have_best = true;
	}
	return valid;
}

/* Search and keep the best path in v->best / v->best_certs. */
static void run(pki__vctx_t *v, gnutls_x509_crt_t target)
{
	pki__path_search(v, target);
	if (!v->have_best) { /* nothing was evaluated: only possible when the budget ran out */
		v->best_certs[0] = target;
		v->best_n = 1;
		v->have_best = true;
	}
	if (v->budget_spent && (v->best->nreasons > 0 || !v->best_anchored)) {
		pki_verify_result_t *keep = v->result;

		v->result = v->best;
		pki__vreason(v, PKI_VERIFY_BUDGET, 0,
			     "the work budget of one verification ran out (%u signature checks): "
			     "too many candidate issuers",
			     v->sig_checks);
		v->result = keep;
	}
}

bool pki__vctx_crl_signer_valid(pki__vctx_t *v, gnutls_x509_crt_t signer)
{
	pki_verify_opts_t o;
	pki_verify_result_t work, best;
	pki__vctx_t n;
	bool valid;

	if (v->nested)
		return false; /* a CRL signer's own CRLs are not checked: no recursion */
	memset(&work, 0, sizeof(work));
	memset(&best, 0, sizeof(best));
	o = *v->opts;
	o.host = NULL;
	o.iplen = 0;
	o.email = NULL;
	o.purpose = PKI_PURPOSE_ANY;
	o.crl_check = PKI_CRL_CHECK_OFF;
	memset(&n, 0, sizeof(n));
	n.trust = v->trust;
	n.opts = &o;
	n.when = v->when;
	n.purpose = PKI_PURPOSE_ANY;
	n.result = &work;
	n.best = &best;
	n.sig_checks = v->sig_checks;
	n.nested = v->nested + 1;
	run(&n, signer);
	pki__vctx_release(&n);
	valid = n.have_best && n.best_anchored && best.nreasons == 0 && !best.nomem;
	v->sig_checks = n.sig_checks;
	if (best.nomem || work.nomem)
		pki__vnomem(v);
	if (n.budget_spent)
		v->budget_spent = true;
	reasons_clear(&work);
	reasons_clear(&best);
	pki_free(work.reasons);
	pki_free(best.reasons);
	return valid;
}

/* The DER of @p in for the result (pki_free): a copy of the DER kept with the anchor or
 * untrusted certificate, else GnuTLS's (which keeps the DER it imported). */
static int der_out(const pki__vctx_t *v, gnutls_datum_t *out, gnutls_x509_crt_t in)
{
	const gnutls_datum_t *der = NULL;
	gnutls_datum_t tmp = { NULL, 0 };
	int ret = 0;

	for (size_t i = 0; i < v->trust->nanchors && !der; i++)
		if (v->trust->anchors[i] == in && v->trust->meta[i].der.size)
			der = &v->trust->meta[i].der;
	for (size_t i = 0; i < v->opts->nuntrusted && !der; i++)
		if (v->opts->untrusted[i] == in && v->opts->untrusted_meta[i].der.size)
			der = &v->opts->untrusted_meta[i].der;
	if (!der) {
		if ((ret = gnutls_x509_crt_export2(in, GNUTLS_X509_FMT_DER, &tmp)) < 0)
			return pki__fail_gnutls(PKI_E_PARSE, ret, "cannot encode a certificate");
		der = &tmp;
	}
	out->data = pki__malloc(der->size ? der->size : 1);
	if (out->data) {
		memcpy(out->data, der->data, der->size);
		out->size = der->size;
	} else {
		ret = pki__fail(PKI_E_NOMEM, "out of memory");
	}
	gnutls_free(tmp.data);
	return ret;
}

int pki_cert_verify(pki_verify_result_t **result, const pki_cert_t *cert,
		    const pki_trust_t *trust, const pki_verify_opts_t *opts, unsigned flags)
{
	static const pki_verify_opts_t defaults;
	pki_verify_result_t *r, work;
	pki__vctx_t v;
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
	if (pthread_mutex_init(&r->lock, NULL) != 0) {
		pki_free(r);
		return pki__fail(PKI_E_NOMEM, "out of memory");
	}
	r->has_lock = true;
	memset(&work, 0, sizeof(work));
	memset(&v, 0, sizeof(v));
	v.trust = trust;
	v.opts = opts ? opts : &defaults;
	v.result = &work;
	v.best = r;
	r->when = v.opts->when_set ? v.opts->when : pki__now();
	/* a host name given means a TLS server unless a purpose was chosen */
	r->purpose = v.opts->purpose_set ? v.opts->purpose
		     : v.opts->host	  ? PKI_PURPOSE_SERVER
					  : PKI_PURPOSE_ANY;
	v.when = r->when;
	v.purpose = r->purpose;
	if (v.opts->host) {
		r->host = pki__strdup(v.opts->host);
		if (!r->host) {
			ret = pki__fail(PKI_E_NOMEM, "out of memory");
			goto fail;
		}
	}

	run(&v, pki__cert_crt(cert));
	pki__vctx_release(&v);
	reasons_clear(&work);
	pki_free(work.reasons);
	if (r->nomem || work.nomem) {
		ret = pki__fail(PKI_E_NOMEM, "out of memory");
		goto fail;
	}
	if (r->nreasons == 0 && !v.best_anchored) { /* never "not valid" without a reason */
		v.result = r;
		pki__vreason(&v, PKI_VERIFY_ISSUER_NOT_FOUND, (int)v.best_n - 1,
			     "no path to a trust anchor was found");
	}
	r->trusted = v.best_anchored;
	r->valid = r->nreasons == 0 && v.best_anchored;
	r->der = pki__zalloc(v.best_n * sizeof(*r->der));
	if (!r->der) {
		ret = pki__fail(PKI_E_NOMEM, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < v.best_n; i++) {
		if ((ret = der_out(&v, &r->der[i], v.best_certs[i])) < 0)
			goto fail;
		r->nder++;
	}
	*result = r;
	return 0;
fail:
	pki_verify_result_free(r);
	return ret;
}
