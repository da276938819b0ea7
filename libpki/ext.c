/*
 * libpki — X.509 extensions: any extension by index or OID (certificates and requests), and
 * typed getters for authority information access, CRL distribution points, name constraints,
 * certificate policies, policy mappings, policy constraints and inhibitAnyPolicy. GnuTLS
 * decodes what it has importers for; policy mappings and constraints go through libpki's
 * libtasn1 layer (pkix.asn).
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "ext-int.h"

#include "asn1.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* More extensions than any real certificate has; the getters stop counting there. */
#define MAX_EXTENSIONS 1000u
#define OID_MAX 256

#define OID_AIA "1.3.6.1.5.5.7.1.1"
#define OID_CRL_DP "2.5.29.31"
#define OID_NAME_CONSTRAINTS "2.5.29.30"
#define OID_POLICIES "2.5.29.32"
#define OID_POLICY_MAPPINGS "2.5.29.33"
#define OID_POLICY_CONSTRAINTS "2.5.29.36"
#define OID_INHIBIT_ANY "2.5.29.54"

/* ---------------------------------------------------------------------------------------- */
/* Checks shared with issue.c and csr.c                                                      */

int pki__oid_check(const char *oid)
{
	gnutls_datum_t d = { NULL, 0 };
	int ret = pki__asn1_encode_oid(&d, oid);

	gnutls_free(d.data);
	return ret;
}

int pki__ext_check(const char *oid, const void *der, size_t size)
{
	const unsigned char *p = der;
	unsigned long tag = 0;
	unsigned char cls = 0;
	int taglen = 0, lenlen = 0;
	long len;
	int ret;

	if ((ret = pki__oid_check(oid)) < 0)
		return ret;
	if (size < 2 || size > PKI__EXT_MAX_VALUE)
		return pki__fail(PKI_E_INVALID_ARG,
				 "the value of extension %s has %zu bytes (2..%u: one DER element)",
				 oid, size, PKI__EXT_MAX_VALUE);
	if (asn1_get_tag_der(p, (int)size, &cls, &taglen, &tag) != ASN1_SUCCESS ||
	    (len = asn1_get_length_der(p + taglen, (int)size - taglen, &lenlen)) < 0 ||
	    (size_t)taglen + (size_t)lenlen + (size_t)len != size)
		return pki__fail(PKI_E_INVALID_ARG,
				 "the value of extension %s is not exactly one DER element (tag, "
				 "definite length, contents)",
				 oid);
	return 0;
}

bool pki__ext_is_authority(const char *oid)
{
	static const char *const never[] = {
		"2.5.29.19", /* basicConstraints */
		"2.5.29.15", /* keyUsage */
		"2.5.29.37", /* extendedKeyUsage */
		"2.5.29.14", /* subjectKeyIdentifier */
		"2.5.29.35", /* authorityKeyIdentifier */
		"2.5.29.17", /* subjectAltName: copied by its own, validating path */
		OID_NAME_CONSTRAINTS, OID_POLICY_MAPPINGS, OID_POLICY_CONSTRAINTS, OID_INHIBIT_ANY,
	};

	for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++)
		if (strcmp(oid, never[i]) == 0)
			return true;
	return false;
}

bool pki__crt_has_ext(gnutls_x509_crt_t crt, const char *oid)
{
	gnutls_datum_t d = { NULL, 0 };
	unsigned critical = 0;
	int ret = gnutls_x509_crt_get_extension_by_oid2(crt, oid, 0, &d, &critical);

	gnutls_free(d.data);
	return ret >= 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Any extension                                                                             */

/* One reader for certificates and requests: GnuTLS has the same calls for both. */
typedef struct {
	gnutls_x509_crt_t crt;
	gnutls_x509_crq_t crq;
} ext_src_t;

static int src_info(const ext_src_t *s, unsigned i, char *oid, size_t *n, unsigned *critical)
{
	return s->crt ? gnutls_x509_crt_get_extension_info(s->crt, i, oid, n, critical)
		      : gnutls_x509_crq_get_extension_info(s->crq, i, oid, n, critical);
}

static int src_data(const ext_src_t *s, unsigned i, gnutls_datum_t *d)
{
	return s->crt ? gnutls_x509_crt_get_extension_data2(s->crt, i, d)
		      : gnutls_x509_crq_get_extension_data2(s->crq, i, d);
}

static const char *src_what(const ext_src_t *s)
{
	return s->crt ? "certificate" : "request";
}

static int ext_count(const ext_src_t *s)
{
	unsigned n;

	for (n = 0; n < MAX_EXTENSIONS; n++) {
		char oid[OID_MAX];
		size_t size = sizeof(oid);
		unsigned critical = 0;
		int ret = src_info(s, n, oid, &size, &critical);

		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (ret < 0 && ret != GNUTLS_E_SHORT_MEMORY_BUFFER)
			break; /* an unreadable extension ends the list; reading it says why */
	}
	return (int)n;
}

/* The @p index-th extension: OID (optional), value (optional), criticality as the result. */
static int ext_get(char **oid, unsigned char **value, size_t *size, const ext_src_t *s,
		   unsigned index)
{
	char buf[OID_MAX];
	size_t n = sizeof(buf);
	unsigned critical = 0;
	gnutls_datum_t d = { NULL, 0 };
	int ret;

	if (index >= MAX_EXTENSIONS)
		return pki__fail(PKI_E_NOT_FOUND, "no extension %u in the %s", index, src_what(s));
	ret = src_info(s, index, buf, &n, &critical);
	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return pki__fail(PKI_E_NOT_FOUND, "the %s has no extension %u", src_what(s), index);
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
					"cannot read extension %u of the %s", index, src_what(s));
	ret = src_data(s, index, &d);
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
					"cannot read the value of extension %s of the %s", buf,
					src_what(s));
	if (value) {
		if (d.size == 0) {
			/* An empty extnValue: hand out a valid, empty buffer. */
			gnutls_free(d.data);
			d.data = gnutls_malloc(1);
			if (!d.data)
				return pki__fail(PKI_E_NOMEM, "out of memory");
		}
		if ((ret = pki__datum_out(value, size, &d)) < 0)
			return ret;
	} else {
		gnutls_free(d.data);
	}
	if (oid && !(*oid = pki__strdup(buf))) {
		if (value) {
			pki_free(*value);
			*value = NULL;
			*size = 0;
		}
		return pki__fail(PKI_E_NOMEM, "out of memory");
	}
	return critical ? 1 : 0;
}

static int ext_by_oid(unsigned char **value, size_t *size, const ext_src_t *s, const char *oid)
{
	int ret;

	if ((ret = pki__oid_check(oid)) < 0)
		return ret;
	for (unsigned i = 0; i < MAX_EXTENSIONS; i++) {
		char buf[OID_MAX];
		size_t n = sizeof(buf);
		unsigned critical = 0;

		ret = src_info(s, i, buf, &n, &critical);
		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (ret == GNUTLS_E_SHORT_MEMORY_BUFFER)
			continue; /* an OID longer than any valid one asked for */
		if (ret < 0)
			return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
						"cannot read extension %u of the %s", i,
						src_what(s));
		if (strcmp(buf, oid) == 0)
			return ext_get(NULL, value, size, s, i);
	}
	return pki__fail(PKI_E_NOT_FOUND, "the %s has no extension %s", src_what(s), oid);
}

/* The source of the extensions of @p cert, or of @p csr (NULL ones read nothing). */
static ext_src_t cert_src(const pki_cert_t *cert)
{
	ext_src_t s = { cert ? pki__cert_crt(cert) : NULL, NULL };

	return s;
}

static ext_src_t csr_src(const pki_csr_t *csr)
{
	ext_src_t s = { NULL, csr ? csr->crq : NULL };

	return s;
}

/*
 * The bodies of pki_{cert,csr}_extension_count, _extension and _extension_by_oid: @p obj
 * (named @p what in the error) is the certificate or request whose extensions @p s reads.
 */
static int extension_count(const char *fn, const void *obj, const char *what, ext_src_t s)
{
	int ret = pki__enter_arg(fn, obj, what);

	return ret < 0 ? ret : ext_count(&s);
}

/* "<fn>: value or size is NULL", "<fn>: <what> is NULL", "<fn>: oid is NULL", in that order. */
static int extension_args(const char *fn, unsigned char **value, size_t *size, const void *obj,
			  const char *what, const void *oid)
{
	int ret;

	pki__clear_error();
	if (!value || !size)
		return pki__fail(PKI_E_INVALID_ARG, "%s: value or size is NULL", fn);
	*value = NULL;
	*size = 0;
	if ((ret = pki__arg(fn, obj, what)) < 0)
		return ret;
	return pki__arg(fn, oid, "oid");
}

static int extension_at(const char *fn, char **oid, unsigned char **value, size_t *size,
			const void *obj, const char *what, ext_src_t s, unsigned index)
{
	int ret = extension_args(fn, value, size, obj, what, oid);

	if (ret < 0)
		return ret;
	*oid = NULL;
	return ext_get(oid, value, size, &s, index);
}

static int extension_by_oid(const char *fn, unsigned char **value, size_t *size,
			    const void *obj, const char *what, ext_src_t s, const char *oid)
{
	int ret = extension_args(fn, value, size, obj, what, oid);

	return ret < 0 ? ret : ext_by_oid(value, size, &s, oid);
}

int pki_cert_extension_count(const pki_cert_t *cert)
{
	return extension_count(__func__, cert, "cert", cert_src(cert));
}

int pki_csr_extension_count(const pki_csr_t *csr)
{
	return extension_count(__func__, csr, "csr", csr_src(csr));
}

int pki_cert_extension(char **oid, unsigned char **value, size_t *size, const pki_cert_t *cert,
		       unsigned index)
{
	return extension_at(__func__, oid, value, size, cert, "cert", cert_src(cert), index);
}

int pki_csr_extension(char **oid, unsigned char **value, size_t *size, const pki_csr_t *csr,
		      unsigned index)
{
	return extension_at(__func__, oid, value, size, csr, "csr", csr_src(csr), index);
}

int pki_cert_extension_by_oid(unsigned char **value, size_t *size, const pki_cert_t *cert,
			      const char *oid)
{
	return extension_by_oid(__func__, value, size, cert, "cert", cert_src(cert), oid);
}

int pki_csr_extension_by_oid(unsigned char **value, size_t *size, const pki_csr_t *csr,
			     const char *oid)
{
	return extension_by_oid(__func__, value, size, csr, "csr", csr_src(csr), oid);
}

/* ---------------------------------------------------------------------------------------- */
/* String lists                                                                              */

typedef struct {
	char **v;
	size_t n, cap;
	bool failed;
} strv_t;

static void strv_add_owned(strv_t *l, char *s)
{
	char **v;
	int err;

	if (l->failed || !s) {
		l->failed = true;
		pki_free(s);
		return;
	}
	/* room for s and the NULL after it */
	if (!(v = pki__reserve(l->v, &l->cap, l->n, 2, sizeof(*v), SIZE_MAX, "strings", &err))) {
		l->failed = true;
		pki_free(s);
		return;
	}
	l->v = v;
	l->v[l->n++] = s;
	l->v[l->n] = NULL;
}

static char *concat(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *s = pki__malloc(na + nb + 1);

	if (s) {
		memcpy(s, a, na);
		memcpy(s + na, b, nb + 1);
	}
	return s;
}

static void strv_discard(strv_t *l)
{
	if (l->v)
		pki_strings_free(l->v);
	memset(l, 0, sizeof(*l));
}

/* Hand the list out (an empty one when nothing was added); the count, or PKI_E_NOMEM. */
static int strv_finish(strv_t *l, char ***out)
{
	if (!l->failed && !l->v) {
		l->v = pki__zalloc(sizeof(*l->v));
		if (!l->v)
			l->failed = true;
	}
	if (l->failed) {
		strv_discard(l);
		return pki__fail(PKI_E_NOMEM, "out of memory");
	}
	*out = l->v;
	return (int)l->n;
}

/* "DNS:x", "IP:a.b.c.d", "email:x", "URI:x", "other:HEX" for a GeneralName from GnuTLS. */
static char *typed_name(unsigned gtype, const unsigned char *data, size_t size)
{
	static const char *const prefix[] = { "", "DNS:", "IP:", "email:", "URI:", "other:" };
	char *text = NULL, *s;
	int type;

	if (gtype == GNUTLS_SAN_DN) {
		gnutls_datum_t raw = { (unsigned char *)data, (unsigned)size }, dn = { NULL, 0 };
		int ret = gnutls_x509_rdn_get2(&raw, &dn, 0);

		if (pki__dn_text(&text, ret, &dn, "directory name") < 0) {
			pki__clear_error();
			text = pki__hex(data, size);
			s = text ? concat("other:", text) : NULL;
		} else {
			s = concat("dirName:", text);
		}
		pki_free(text);
		return s;
	}
	type = pki__san_render(&text, (int)gtype, data, size);
	if (type < 0)
		return NULL;
	s = concat(prefix[type], text);
	pki_free(text);
	return s;
}

/* The value of the extension @p oid of @p crt (gnutls_free): 1, 0 when absent, or an error. */
static int crt_ext(gnutls_datum_t *der, gnutls_x509_crt_t crt, const char *oid, const char *name)
{
	unsigned critical = 0;
	int ret;

	der->data = NULL;
	der->size = 0;
	ret = gnutls_x509_crt_get_extension_by_oid2(crt, oid, 0, der, &critical);
	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return 0;
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
					"cannot read the %s extension", name);
	return 1;
}

/* The argument rules of the list getters: @p out set to NULL first, then NULL and flags checked. */
static int list_args(char ***out, const pki_cert_t *cert, unsigned flags, const char *fn)
{
	if (!out)
		return pki__fail(PKI_E_INVALID_ARG, "%s: out is NULL", fn);
	*out = NULL;
	if (!cert)
		return pki__fail(PKI_E_INVALID_ARG, "%s: cert is NULL", fn);
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "%s: unknown flags 0x%x", fn, flags);
	return 0;
}

#define LIST_ARGS(fn)                                                                      \
	do {                                                                               \
		int args_;                                                                 \
		pki__clear_error();                                                        \
		if ((args_ = list_args(out, cert, flags, fn)) < 0)                         \
			return args_;                                                      \
	} while (0)

/* ---------------------------------------------------------------------------------------- */
/* Authority information access and CRL distribution points                                  */

/*
 * What a certificate's handle caches of its authority information access, CRL distribution
 * points or certificate policies (one struct per extension, decoded at the first call of a
 * getter, published like the handle's other caches: cert.c). @c status is 0, or the PKI_E_*
 * code the decoding returned (PKI_E_NOT_FOUND: no policies); a getter then decodes again to
 * say why, as the SAN getters do. Out of memory is never cached.
 */
struct pki__cert_ext {
	int status;
	strv_t l[2];                /* AIA: OCSP, caIssuers; CRL DP: l[0]; policies: the OIDs */
	gnutls_x509_policies_t pol; /* policies: the decoded extension, for the qualifiers */
};

static void ext_clear(struct pki__cert_ext *e)
{
	strv_discard(&e->l[0]);
	strv_discard(&e->l[1]);
	if (e->pol)
		gnutls_x509_policies_deinit(e->pol);
	e->pol = NULL;
}

void pki__cert_ext_free(struct pki__cert_ext *e)
{
	if (e)
		ext_clear(e);
	pki_free(e);
}

/*
 * The names in the extensions that list where to fetch things (@p aia: authority information
 * access, OCSP entries into e->l[0] and caIssuers into e->l[1], others skipped; otherwise every
 * CRL distribution point into e->l[0]). GnuTLS has a handle type and calls for each; the rest
 * is one walk. 0 (also without the extension) or a PKI_E_* code.
 */
static int locations_read(struct pki__cert_ext *e, gnutls_x509_crt_t crt, bool aia)
{
	const char *what = aia ? "authority information access" : "CRL distribution points";
	gnutls_x509_aia_t ai = NULL;
	gnutls_x509_crl_dist_points_t dp = NULL;
	gnutls_datum_t der;
	int ret = crt_ext(&der, crt, aia ? OID_AIA : OID_CRL_DP, what);

	if (ret <= 0)
		return ret;
	if ((ret = aia ? gnutls_x509_aia_init(&ai) : gnutls_x509_crl_dist_points_init(&dp)) < 0) {
		gnutls_free(der.data);
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "out of memory");
	}
	ret = aia ? gnutls_x509_ext_import_aia(&der, ai, 0)
		  : gnutls_x509_ext_import_crl_dist_points(&der, dp, 0);
	gnutls_free(der.data);
	if (ret < 0) {
		ret = pki__fail_gnutls(PKI_E_PARSE, ret, "the %s extension is malformed", what);
		goto out;
	}
	for (unsigned i = 0;; i++) {
		gnutls_datum_t oid = { NULL, 0 }, san = { NULL, 0 };
		unsigned type = 0, reasons = 0;
		int k = 0;

		ret = aia ? gnutls_x509_aia_get(ai, i, &oid, &type, &san)
			  : gnutls_x509_crl_dist_points_get(dp, i, &type, &san, &reasons);
		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
			ret = 0;
			break;
		}
		if (ret < 0) {
			ret = pki__fail_gnutls(PKI_E_PARSE, ret, "cannot read the %s", what);
			goto out;
		}
		if (aia) {
			static const char *const methods[] = { GNUTLS_OID_AD_OCSP,
							       GNUTLS_OID_AD_CAISSUERS };

			for (k = 0; k < 2; k++)
				if (oid.data && strlen(methods[k]) == oid.size &&
				    !memcmp(oid.data, methods[k], oid.size))
					break;
		}
		if (k < 2)
			strv_add_owned(&e->l[k], typed_name(type, san.data, san.size));
	}
	if (e->l[0].failed || e->l[1].failed)
		ret = pki__fail(PKI_E_NOMEM, "out of memory");
out:
	if (ai)
		gnutls_x509_aia_deinit(ai);
	if (dp)
		gnutls_x509_crl_dist_points_deinit(dp);
	return ret;
}

static int policies_read(struct pki__cert_ext *e, gnutls_x509_crt_t crt);

enum { EXT_AIA, EXT_CRL_DP, EXT_POLICIES };

static int ext_read(struct pki__cert_ext *e, gnutls_x509_crt_t crt, int which)
{
	return which == EXT_POLICIES ? policies_read(e, crt)
				     : locations_read(e, crt, which == EXT_AIA);
}

/* The cache of @p which (EXT_*) for @p cert into *@p out, decoded at the first call: 0, or the
 * PKI_E_* code of an extension that does not decode (detail set; *out NULL). */
static int cert_ext(const struct pki__cert_ext **out, const pki_cert_t *cert, int which)
{
	struct pki__cert_dec *dec = pki__cert_dec(cert);
	_Atomic(struct pki__cert_ext *) *slot;
	struct pki__cert_ext *e, *expected = NULL;

	*out = NULL;
	if (!dec)
		return PKI_E_NOMEM;
	slot = which == EXT_AIA ? &dec->aia : which == EXT_CRL_DP ? &dec->crl_dp : &dec->policies;
	e = atomic_load_explicit(slot, memory_order_acquire);
	if (!e) {
		int ret;

		if (!(e = pki__zalloc(sizeof(*e))))
			return pki__fail(PKI_E_NOMEM, "out of memory");
		if ((ret = ext_read(e, dec->crt, which)) == PKI_E_NOMEM) {
			pki__cert_ext_free(e);
			return ret;
		}
		if (ret < 0) {
			ext_clear(e);
			e->status = ret;
		}
		if (!atomic_compare_exchange_strong_explicit(slot, &expected, e,
							     memory_order_acq_rel,
							     memory_order_acquire)) {
			pki__cert_ext_free(e);
			e = expected;
		} else if (ret < 0) {
			return ret; /* the detail of this decoding */
		}
	}
	if (e->status < 0) {
		struct pki__cert_ext again = { 0 };

		ext_read(&again, dec->crt, which); /* sets the detail */
		ext_clear(&again);
		return e->status;
	}
	*out = e;
	return 0;
}

/* A copy of the cached list @p l (an empty one when it has nothing); the count or PKI_E_NOMEM. */
static int strv_copy(char ***out, const strv_t *l)
{
	strv_t c = { 0 };

	for (size_t i = 0; i < l->n; i++)
		strv_add_owned(&c, pki__strdup(l->v[i]));
	return strv_finish(&c, out);
}

/* The list @p k of the cache @p which of @p cert, copied into @p out. */
static int ext_list(char ***out, const pki_cert_t *cert, int which, int k)
{
	const struct pki__cert_ext *e;
	int ret = cert_ext(&e, cert, which);

	return ret < 0 ? ret : strv_copy(out, &e->l[k]);
}

int pki_cert_ocsp_urls(char ***out, const pki_cert_t *cert, unsigned flags)
{
	LIST_ARGS("pki_cert_ocsp_urls");
	return ext_list(out, cert, EXT_AIA, 0);
}

int pki_cert_ca_issuers_urls(char ***out, const pki_cert_t *cert, unsigned flags)
{
	LIST_ARGS("pki_cert_ca_issuers_urls");
	return ext_list(out, cert, EXT_AIA, 1);
}

int pki_cert_crl_urls(char ***out, const pki_cert_t *cert, unsigned flags)
{
	LIST_ARGS("pki_cert_crl_urls");
	return ext_list(out, cert, EXT_CRL_DP, 0);
}

/* ---------------------------------------------------------------------------------------- */
/* Name constraints                                                                          */

/* "IP:10.0.0.0/8" from an address followed by its mask (8 or 32 bytes). */
static char *ip_constraint(const unsigned char *data, size_t size)
{
	char *addr = NULL, *s = NULL, buf[80];
	size_t half = size / 2;
	unsigned prefix = 0;
	bool contiguous = true;

	if (size != 8 && size != 32)
		return NULL;
	for (size_t i = 0; i < half; i++)
		for (int bit = 7; bit >= 0; bit--) {
			if (data[half + i] & (1u << bit)) {
				if (!contiguous)
					return NULL;
				prefix++;
			} else {
				contiguous = false;
			}
		}
	if (pki__san_render(&addr, GNUTLS_SAN_IPADDRESS, data, half) < 0)
		return NULL;
	snprintf(buf, sizeof(buf), "IP:%s/%u", addr, prefix);
	pki_free(addr);
	s = pki__strdup(buf);
	return s;
}

static int name_constraints(char ***out, gnutls_x509_crt_t crt, bool permitted)
{
	gnutls_x509_name_constraints_t nc = NULL;
	unsigned critical = 0;
	strv_t l = { 0 };
	int ret;

	if ((ret = gnutls_x509_name_constraints_init(&nc)) < 0)
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "out of memory");
	ret = gnutls_x509_crt_get_name_constraints(crt, nc, 0, &critical);
	if (ret < 0) {
		gnutls_x509_name_constraints_deinit(nc);
		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			return pki__fail(PKI_E_NOT_FOUND, "the certificate has no name constraints");
		return pki__fail_gnutls(PKI_E_PARSE, ret, "the name constraints are malformed");
	}
	for (unsigned i = 0;; i++) {
		gnutls_datum_t name = { NULL, 0 };
		unsigned type = 0;
		char *s;

		ret = permitted ? gnutls_x509_name_constraints_get_permitted(nc, i, &type, &name)
				: gnutls_x509_name_constraints_get_excluded(nc, i, &type, &name);
		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (ret < 0) {
			gnutls_x509_name_constraints_deinit(nc);
			strv_discard(&l);
			return pki__fail_gnutls(PKI_E_PARSE, ret, "cannot read the name constraints");
		}
		if (type == GNUTLS_SAN_IPADDRESS) {
			s = ip_constraint(name.data, name.size);
			if (!s) {
				char *hex = pki__hex(name.data, name.size);

				s = hex ? concat("other:", hex) : NULL;
				pki_free(hex);
			}
		} else {
			s = typed_name(type, name.data, name.size);
		}
		strv_add_owned(&l, s);
	}
	gnutls_x509_name_constraints_deinit(nc);
	return strv_finish(&l, out);
}

int pki_cert_name_constraints(char ***out, const pki_cert_t *cert, pki_name_constraint_t which,
			      unsigned flags)
{
	LIST_ARGS("pki_cert_name_constraints");
	if (which != PKI_NC_PERMITTED && which != PKI_NC_EXCLUDED)
		return pki__fail(PKI_E_INVALID_ARG,
				 "pki_cert_name_constraints: %d is neither PKI_NC_PERMITTED nor "
				 "PKI_NC_EXCLUDED",
				 (int)which);
	return name_constraints(out, pki__cert_crt(cert), which == PKI_NC_PERMITTED);
}

/* ---------------------------------------------------------------------------------------- */
/* Certificate policies                                                                      */

/* The certificate policies of @p crt into e->pol and their OIDs into e->l[0];
 * PKI_E_NOT_FOUND without the extension. */
static int policies_read(struct pki__cert_ext *e, gnutls_x509_crt_t crt)
{
	gnutls_datum_t der;
	int ret = crt_ext(&der, crt, OID_POLICIES, "certificate policies");

	if (ret < 0)
		return ret;
	if (ret == 0)
		return pki__fail(PKI_E_NOT_FOUND, "the certificate has no certificate policies");
	if ((ret = gnutls_x509_policies_init(&e->pol)) < 0) {
		e->pol = NULL;
		gnutls_free(der.data);
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "out of memory");
	}
	ret = gnutls_x509_ext_import_policies(&der, e->pol, 0);
	gnutls_free(der.data);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_PARSE, ret,
					"the certificate policies extension is malformed");
	for (unsigned i = 0;; i++) {
		struct gnutls_x509_policy_st p;

		if (gnutls_x509_policies_get(e->pol, i, &p) < 0)
			break;
		strv_add_owned(&e->l[0], pki__strdup(p.oid));
	}
	return e->l[0].failed ? pki__fail(PKI_E_NOMEM, "out of memory") : 0;
}

/* The qualifiers of @p policy in the policies @p pol ("CPS:", "notice:", "other:" strings). */
static int qualifiers(char ***out, gnutls_x509_policies_t pol, const char *policy)
{
	strv_t l = { 0 };

	for (unsigned i = 0;; i++) {
		struct gnutls_x509_policy_st p;

		if (gnutls_x509_policies_get(pol, i, &p) < 0)
			break;
		if (strcmp(p.oid, policy) != 0)
			continue;
		for (unsigned q = 0; q < p.qualifiers && q < GNUTLS_MAX_QUALIFIERS; q++) {
			const char *prefix = p.qualifier[q].type == GNUTLS_X509_QUALIFIER_URI
						     ? "CPS:"
					     : p.qualifier[q].type == GNUTLS_X509_QUALIFIER_NOTICE
						     ? "notice:"
						     : "other:";
			char *text;

			/* a C string would end at the NUL and hide the rest of the text */
			if (p.qualifier[q].data &&
			    memchr(p.qualifier[q].data, 0, p.qualifier[q].size)) {
				strv_discard(&l);
				return pki__fail(PKI_E_PARSE, "a qualifier of policy %s holds a NUL "
						 "byte", policy);
			}
			text = pki__strndup(p.qualifier[q].data ? p.qualifier[q].data : "",
					    p.qualifier[q].data ? p.qualifier[q].size : 0);
			strv_add_owned(&l, text ? concat(prefix, text) : NULL);
			pki_free(text);
		}
		return strv_finish(&l, out);
	}
	return pki__fail(PKI_E_NOT_FOUND, "the certificate has no policy %s", policy);
}

int pki_cert_policies(char ***out, const pki_cert_t *cert, unsigned flags)
{
	LIST_ARGS("pki_cert_policies");
	return ext_list(out, cert, EXT_POLICIES, 0);
}

int pki_cert_policy_qualifiers(char ***out, const pki_cert_t *cert, const char *policy,
			       unsigned flags)
{
	const struct pki__cert_ext *e;
	int ret;

	LIST_ARGS("pki_cert_policy_qualifiers");
	if (!policy)
		return pki__fail(PKI_E_INVALID_ARG, "pki_cert_policy_qualifiers: policy is NULL");
	if ((ret = pki__oid_check(policy)) < 0 || (ret = cert_ext(&e, cert, EXT_POLICIES)) < 0)
		return ret;
	return qualifiers(out, e->pol, policy);
}

/* ---------------------------------------------------------------------------------------- */
/* Policy mappings, policy constraints, inhibitAnyPolicy (libtasn1)                          */

static int decode_ext(asn1_node *node, gnutls_x509_crt_t crt, const char *oid, const char *type,
		      const char *name)
{
	gnutls_datum_t der;
	int ret = crt_ext(&der, crt, oid, name);

	*node = NULL;
	if (ret < 0)
		return ret;
	if (ret == 0)
		return pki__fail(PKI_E_NOT_FOUND, "the certificate has no %s extension", name);
	ret = pki__asn1_decode(node, type, der.data, der.size);
	gnutls_free(der.data);
	return ret;
}

static int policy_mappings(char ***out, gnutls_x509_crt_t crt)
{
	asn1_node node = NULL;
	strv_t l = { 0 };
	size_t n = 0;
	int ret = decode_ext(&node, crt, OID_POLICY_MAPPINGS, "PolicyMappings", "policy mappings");

	if (ret == 0)
		ret = pki__asn1_count(&n, node, "");
	for (size_t i = 0; ret == 0 && i < n; i++) {
		char e1[48], e2[48], a[OID_MAX], b[OID_MAX], buf[2 * OID_MAX + 2];

		snprintf(e1, sizeof(e1), "?%zu.issuerDomainPolicy", i + 1);
		snprintf(e2, sizeof(e2), "?%zu.subjectDomainPolicy", i + 1);
		if ((ret = pki__asn1_read_oid(a, sizeof(a), node, e1)) < 0 ||
		    (ret = pki__asn1_read_oid(b, sizeof(b), node, e2)) < 0)
			break;
		snprintf(buf, sizeof(buf), "%s:%s", a, b);
		strv_add_owned(&l, pki__strdup(buf));
	}
	pki__asn1_free(&node);
	if (ret < 0) {
		strv_discard(&l);
		return ret;
	}
	return strv_finish(&l, out);
}

int pki_cert_policy_mappings(char ***out, const pki_cert_t *cert, unsigned flags)
{
	LIST_ARGS("pki_cert_policy_mappings");
	return policy_mappings(out, pki__cert_crt(cert));
}

/* A SkipCerts element into @p out (-1 when absent); PKI_E_PARSE beyond INT_MAX. */
static int read_skip(int *out, asn1_node node, const char *name)
{
	int64_t v = -1;
	int ret = pki__asn1_read_int(&v, node, name);

	*out = -1;
	if (ret == PKI_E_NOT_FOUND) {
		pki__clear_error();
		return 0;
	}
	if (ret < 0)
		return ret;
	if (v < 0 || v > INT_MAX)
		return pki__fail(PKI_E_PARSE, "SkipCerts %lld is out of range (0..%d)",
				 (long long)v, INT_MAX);
	*out = (int)v;
	return 0;
}

/* Both fields of the policyConstraints extension, -1 for an absent one (private: the public
 * getters turn it into PKI_E_NOT_FOUND); PKI_E_NOT_FOUND without the extension. */
static int policy_constraints(int *require_explicit, int *inhibit_mapping,
			      const pki_cert_t *cert)
{
	asn1_node node = NULL;
	int ret, a = -1, b = -1;

	*require_explicit = *inhibit_mapping = -1;
	ret = decode_ext(&node, pki__cert_crt(cert), OID_POLICY_CONSTRAINTS, "PolicyConstraints",
			 "policy constraints");
	if (ret == 0 && (ret = read_skip(&a, node, "requireExplicitPolicy")) == 0)
		ret = read_skip(&b, node, "inhibitPolicyMapping");
	pki__asn1_free(&node);
	if (ret < 0)
		return ret;
	*require_explicit = a;
	*inhibit_mapping = b;
	return 0;
}

/* One field of policyConstraints (@p second: inhibitPolicyMapping), or PKI_E_NOT_FOUND. */
static int policy_constraint(const pki_cert_t *cert, bool second, const char *fn)
{
	int a, b, ret;

	if (!cert)
		return pki__fail(PKI_E_INVALID_ARG, "%s: cert is NULL", fn);
	if ((ret = policy_constraints(&a, &b, cert)) < 0)
		return ret;
	if ((second ? b : a) < 0)
		return pki__fail(PKI_E_NOT_FOUND, "the policy constraints have no %s",
				 second ? "inhibitPolicyMapping" : "requireExplicitPolicy");
	return second ? b : a;
}

int pki_cert_require_explicit_policy(const pki_cert_t *cert)
{
	pki__clear_error();
	return policy_constraint(cert, false, "pki_cert_require_explicit_policy");
}

int pki_cert_inhibit_policy_mapping(const pki_cert_t *cert)
{
	pki__clear_error();
	return policy_constraint(cert, true, "pki_cert_inhibit_policy_mapping");
}

static int inhibit_any_policy(gnutls_x509_crt_t crt)
{
	asn1_node node = NULL;
	int v = -1, ret = decode_ext(&node, crt, OID_INHIBIT_ANY, "InhibitAnyPolicy",
				     "inhibitAnyPolicy");

	if (ret == 0 && (ret = read_skip(&v, node, "")) == 0 && v < 0)
		ret = pki__fail(PKI_E_PARSE, "the inhibitAnyPolicy extension has no value");
	pki__asn1_free(&node);
	return ret < 0 ? ret : v;
}

int pki_cert_inhibit_any_policy(const pki_cert_t *cert)
{
	pki__clear_error();
	if (!cert)
		return pki__fail(PKI_E_INVALID_ARG, "pki_cert_inhibit_any_policy: cert is NULL");
	return inhibit_any_policy(pki__cert_crt(cert));
}

/* ---------------------------------------------------------------------------------------- */
/* JSON                                                                                      */

/* ,"key":[...] (or "key":[...] after an opening brace: @p key starting with '{'). */
static void json_strv(pki__buf_t *b, const char *key, int n, char **v)
{
	if (*key == '{')
		pki__buf_printf(b, "{\"%s\":", key + 1);
	else
		pki__buf_printf(b, ",\"%s\":", key);
	if (n < 0) {
		pki__clear_error();
		pki__buf_add(b, "null", 4);
		return;
	}
	pki__buf_add(b, "[", 1);
	for (int i = 0; i < n; i++) {
		if (i)
			pki__buf_add(b, ",", 1);
		pki__buf_json_str(b, v[i]);
	}
	pki__buf_add(b, "]", 1);
	pki_strings_free(v);
}

static void json_exts(pki__buf_t *b, const ext_src_t *s)
{
	int n = ext_count(s);

	pki__buf_add(b, ",\"extensions\":[", 15);
	for (int i = 0; i < n; i++) {
		char *oid = NULL, *hex;
		unsigned char *value = NULL;
		size_t size = 0;
		int crit = ext_get(&oid, &value, &size, s, (unsigned)i);

		if (crit < 0) {
			pki__clear_error();
			continue;
		}
		hex = pki__hex(value, size);
		pki__buf_add(b, i ? ",{\"oid\":" : "{\"oid\":", i ? 8 : 7);
		pki__buf_json_str(b, oid);
		pki__buf_printf(b, ",\"critical\":%s,\"value\":", crit ? "true" : "false");
		pki__buf_json_str(b, hex ? hex : "");
		pki__buf_add(b, "}", 1);
		if (!hex)
			b->failed = true;
		pki_free(hex);
		pki_free(oid);
		pki_free(value);
	}
	pki__buf_add(b, "]", 1);
}

void pki__json_cert_exts(pki__buf_t *b, const pki_cert_t *cert)
{
	ext_src_t s = cert_src(cert);
	gnutls_x509_crt_t crt = pki__cert_crt(cert);
	char **v = NULL;
	int n;

	json_exts(b, &s);
	n = ext_list(&v, cert, EXT_AIA, 0);
	json_strv(b, "ocsp_urls", n, v);
	n = ext_list(&v, cert, EXT_AIA, 1);
	json_strv(b, "ca_issuers_urls", n, v);
	n = ext_list(&v, cert, EXT_CRL_DP, 0);
	json_strv(b, "crl_urls", n, v);
	n = ext_list(&v, cert, EXT_POLICIES, 0);
	json_strv(b, "policies", n == PKI_E_NOT_FOUND ? 0 : n, n == PKI_E_NOT_FOUND ? NULL : v);
	n = policy_mappings(&v, crt);
	json_strv(b, "policy_mappings", n == PKI_E_NOT_FOUND ? 0 : n,
		  n == PKI_E_NOT_FOUND ? NULL : v);
	n = name_constraints(&v, crt, true);
	if (n == PKI_E_NOT_FOUND) {
		pki__buf_add(b, ",\"name_constraints\":null", 24);
	} else {
		pki__buf_add(b, ",\"name_constraints\":", 20);
		json_strv(b, "{permitted", n, v);
		n = name_constraints(&v, crt, false);
		json_strv(b, "excluded", n, v);
		pki__buf_add(b, "}", 1);
	}
	{
		int re = -1, im = -1;

		n = policy_constraints(&re, &im, cert);
		if (n < 0) {
			pki__buf_add(b, ",\"policy_constraints\":null", 26);
		} else {
			/* an absent field is null, as every absent value of the JSON */
			pki__buf_printf(b, ",\"policy_constraints\":{\"require_explicit_policy\":");
			if (re >= 0)
				pki__buf_printf(b, "%d", re);
			else
				pki__buf_add(b, "null", 4);
			pki__buf_printf(b, ",\"inhibit_policy_mapping\":");
			if (im >= 0)
				pki__buf_printf(b, "%d}", im);
			else
				pki__buf_add(b, "null}", 5);
		}
	}
	n = inhibit_any_policy(crt);
	if (n < 0)
		pki__buf_add(b, ",\"inhibit_any_policy\":null", 26);
	else
		pki__buf_printf(b, ",\"inhibit_any_policy\":%d", n);
	pki__json_cert_rdns(b, "subject_rdns", cert, false);
	pki__json_cert_rdns(b, "issuer_rdns", cert, true);
	pki__clear_error();
}

/* ---------------------------------------------------------------------------------------- */
/* Text (the same getters as the JSON, one line per value, escaped)                          */

#define TEXT_INDENT "            "

/* One line per string of @p v (freed) after @p indent and @p prefix; "(cannot be read)" for an
 * error @p n. */
static void text_strv(pki__buf_t *b, const char *indent, const char *prefix, int n, char **v)
{
	if (n < 0) {
		pki__clear_error();
		pki__buf_printf(b, "%s(cannot be read)\n", indent);
		return;
	}
	for (int i = 0; i < n; i++) {
		pki__buf_printf(b, "%s%s", indent, prefix);
		pki__buf_add_escaped_str(b, v[i]);
		pki__buf_add(b, "\n", 1);
	}
	pki_strings_free(v);
}

/* Each policy with its qualifiers, as openssl prints them ("CPS: URI", "User Notice: text"). */
static void text_policies(pki__buf_t *b, const pki_cert_t *cert)
{
	const struct pki__cert_ext *e;
	int n = cert_ext(&e, cert, EXT_POLICIES);

	if (n < 0) {
		text_strv(b, TEXT_INDENT, "", n, NULL);
		return;
	}
	for (size_t i = 0; i < e->l[0].n; i++) {
		const char *pol = e->l[0].v[i];
		char **q = NULL;
		int nq = qualifiers(&q, e->pol, pol);

		pki__buf_printf(b, TEXT_INDENT "Policy: ");
		pki__buf_add_escaped_str(b, pol);
		pki__buf_add(b, "\n", 1);
		for (int k = 0; k < nq; k++) {
			const char *s = q[k];

			if (strncmp(s, "CPS:", 4) == 0)
				pki__buf_printf(b, TEXT_INDENT "  CPS: "), s += 4;
			else if (strncmp(s, "notice:", 7) == 0)
				pki__buf_printf(b, TEXT_INDENT "  User Notice: "), s += 7;
			else
				pki__buf_printf(b, TEXT_INDENT "  ");
			pki__buf_add_escaped_str(b, s);
			pki__buf_add(b, "\n", 1);
		}
		if (nq < 0)
			text_strv(b, TEXT_INDENT "  ", "", nq, NULL);
		else
			pki_strings_free(q);
	}
}

bool pki__text_cert_ext(pki__buf_t *b, const pki_cert_t *cert, const char *oid)
{
	gnutls_x509_crt_t crt = pki__cert_crt(cert);
	char **v = NULL;
	int n;

	if (strcmp(oid, OID_AIA) == 0) {
		n = ext_list(&v, cert, EXT_AIA, 0);
		text_strv(b, TEXT_INDENT, "OCSP - ", n, v);
		n = ext_list(&v, cert, EXT_AIA, 1);
		text_strv(b, TEXT_INDENT, "CA Issuers - ", n, v);
	} else if (strcmp(oid, OID_CRL_DP) == 0) {
		n = ext_list(&v, cert, EXT_CRL_DP, 0);
		text_strv(b, TEXT_INDENT, "", n, v);
	} else if (strcmp(oid, OID_POLICIES) == 0) {
		text_policies(b, cert);
	} else if (strcmp(oid, OID_NAME_CONSTRAINTS) == 0) {
		for (int permitted = 1; permitted >= 0; permitted--) {
			n = name_constraints(&v, crt, permitted);
			if (n == 0) {
				pki_strings_free(v);
				continue;
			}
			pki__buf_printf(b, TEXT_INDENT "%s:\n", permitted ? "Permitted" : "Excluded");
			text_strv(b, TEXT_INDENT "  ", "", n, v);
		}
	} else if (strcmp(oid, OID_POLICY_MAPPINGS) == 0) {
		n = policy_mappings(&v, crt);
		text_strv(b, TEXT_INDENT, "", n, v);
	} else if (strcmp(oid, OID_POLICY_CONSTRAINTS) == 0) {
		int re = -1, im = -1;

		if (policy_constraints(&re, &im, cert) < 0) {
			text_strv(b, TEXT_INDENT, "", -1, NULL);
			return true;
		}
		pki__buf_printf(b, TEXT_INDENT);
		if (re >= 0)
			pki__buf_printf(b, "Require Explicit Policy:%d%s", re, im >= 0 ? ", " : "");
		if (im >= 0)
			pki__buf_printf(b, "Inhibit Policy Mapping:%d", im);
		pki__buf_add(b, "\n", 1);
	} else if (strcmp(oid, OID_INHIBIT_ANY) == 0) {
		n = inhibit_any_policy(crt);
		if (n < 0)
			text_strv(b, TEXT_INDENT, "", n, NULL);
		else
			pki__buf_printf(b, TEXT_INDENT "Skip Certs: %d\n", n);
	} else {
		return false;
	}
	pki__clear_error();
	return true;
}

void pki__json_csr_exts(pki__buf_t *b, const pki_csr_t *csr)
{
	ext_src_t s = csr_src(csr);

	json_exts(b, &s);
}

/* ---------------------------------------------------------------------------------------- */
/* Writing policy mappings and policy constraints (libtasn1)                                 */

int pki__ext_policy_mappings_der(gnutls_datum_t *out, char *const *issuer, char *const *subject,
				 size_t n)
{
	asn1_node node = NULL;
	int ret = pki__asn1_create(&node, "PolicyMappings");

	for (size_t i = 0; ret == 0 && i < n; i++) {
		if ((ret = pki__asn1_write(node, "", "NEW", 1)) == 0 &&
		    (ret = pki__asn1_write_str(node, "?LAST.issuerDomainPolicy", issuer[i])) == 0)
			ret = pki__asn1_write_str(node, "?LAST.subjectDomainPolicy", subject[i]);
	}
	if (ret == 0)
		ret = pki__asn1_encode(out, node, "");
	pki__asn1_free(&node);
	return ret;
}

int pki__ext_policy_constraints_der(gnutls_datum_t *out, int require_explicit, int inhibit_mapping)
{
	asn1_node node = NULL;
	int ret = pki__asn1_create(&node, "PolicyConstraints");

	/* An absent OPTIONAL element is written as NULL for libtasn1 to leave it out. */
	if (ret == 0)
		ret = require_explicit >= 0
			      ? pki__asn1_write_int(node, "requireExplicitPolicy", require_explicit)
			      : pki__asn1_write(node, "requireExplicitPolicy", NULL, 0);
	if (ret == 0)
		ret = inhibit_mapping >= 0
			      ? pki__asn1_write_int(node, "inhibitPolicyMapping", inhibit_mapping)
			      : pki__asn1_write(node, "inhibitPolicyMapping", NULL, 0);
	if (ret == 0)
		ret = pki__asn1_encode(out, node, "");
	pki__asn1_free(&node);
	return ret;
}
