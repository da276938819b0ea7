/*
 * libpki — distinguished names attribute by attribute: the subject and issuer of
 * certificates and the issuer of CRLs as (RDN number, type, value) in the Name's own order.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "internal.h"

#include "crl-int.h"

#include <stdio.h>
#include <string.h>

/* ASN.1 string tags whose contents are text as they are (UTF-8 or a subset of it). */
static bool text_tag(unsigned long tag)
{
	return tag == 12 /* UTF8String */ || tag == 19 /* PrintableString */ ||
	       tag == 22 /* IA5String */ || tag == 26 /* VisibleString */;
}

/* UTF-8 of a BMPString (UCS-2, big-endian); NULL when it is not one. */
static char *bmp_to_utf8(const unsigned char *p, size_t n)
{
	char *s, *o;

	if (n % 2)
		return NULL;
	s = pki__malloc(n / 2 * 3 + 1);
	if (!s)
		return NULL;
	o = s;
	for (size_t i = 0; i < n; i += 2) {
		unsigned c = (unsigned)p[i] << 8 | p[i + 1];

		if (c >= 0xd800 && c <= 0xdfff) { /* surrogates are not UCS-2 */
			pki_free(s);
			return NULL;
		}
		if (c < 0x80) {
			*o++ = (char)c;
		} else if (c < 0x800) {
			*o++ = (char)(0xc0 | c >> 6);
			*o++ = (char)(0x80 | (c & 0x3f));
		} else {
			*o++ = (char)(0xe0 | c >> 12);
			*o++ = (char)(0x80 | ((c >> 6) & 0x3f));
			*o++ = (char)(0x80 | (c & 0x3f));
		}
	}
	*o = '\0';
	return s;
}

/* 0 when both strings were made, else PKI_E_NOMEM with both freed and NULL. */
static int pair_made(char **type, char **value)
{
	if (*type && *value)
		return 0;
	pki_free(*type);
	pki_free(*value);
	*type = *value = NULL;
	return pki__fail(PKI_E_NOMEM, "out of memory");
}

/* The type (short name or dotted OID) and value of @p ava as the attribute getters give them;
 * PKI_E_NOMEM with both NULL. */
static int ava_text(char **type, char **value, const gnutls_x509_ava_st *ava)
{
	const char *name = pki__dn_attr_name((const char *)ava->oid.data);

	*type = pki__strdup(name ? name : (const char *)ava->oid.data);
	if (text_tag(ava->value_tag))
		*value = pki__strndup((const char *)ava->value.data, ava->value.size);
	else if (ava->value_tag == 30 &&
		 (*value = bmp_to_utf8(ava->value.data, ava->value.size)) != NULL)
		;
	else {
		/* RFC 4514 2.4: a value of another type as '#' and the hex of its contents */
		char *hex = pki__hex(ava->value.data, ava->value.size);

		*value = hex ? pki__malloc(strlen(hex) + 2) : NULL;
		if (*value)
			snprintf(*value, strlen(hex) + 2, "#%s", hex);
		pki_free(hex);
	}
	return pair_made(type, value);
}

/*
 * The attributes of a Name, decoded once (GnuTLS's gnutls_x509_dn_get_rdn_ava looks each one
 * up from the start of the Name, so reading them one index at a time was quadratic), in the
 * Name's order across its first PKI_MAX_DN_ATTRIBUTES RDNs. @c gnutls_err is 0, or the GnuTLS
 * error of the attribute after the @c n that could be read.
 */
struct pki__dn_attrs {
	char **s; /* the type of attribute i at 2 i, its value at 2 i + 1 */
	int *rdn; /* the RDN of attribute i */
	size_t n, scap, rcap;
	int gnutls_err;
};

void pki__dn_attrs_free(struct pki__dn_attrs *a)
{
	if (a) {
		pki__free_strings(a->s, 2 * a->n);
		pki_free(a->rdn);
	}
	pki_free(a);
}

/* The attributes of @p dn into *@p out (pki__dn_attrs_free); 0 or PKI_E_NOMEM. */
static int attrs_read(struct pki__dn_attrs **out, gnutls_x509_dn_t dn)
{
	struct pki__dn_attrs *a = pki__zalloc(sizeof(*a));
	int ret = 0;

	*out = NULL;
	if (!a)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	for (int irdn = 0; irdn < (int)PKI_MAX_DN_ATTRIBUTES && ret == 0; irdn++) {
		for (int iava = 0;; iava++) {
			gnutls_x509_ava_st ava;
			char **v;
			int *r, g = gnutls_x509_dn_get_rdn_ava(dn, irdn, iava, &ava);

			if (g == GNUTLS_E_ASN1_ELEMENT_NOT_FOUND ||
			    g == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
				if (iava == 0)
					ret = 1; /* the end of the Name */
				break;
			}
			if (g < 0) {
				a->gnutls_err = g;
				ret = 1;
				break;
			}
			v = pki__reserve(a->s, &a->scap, 2 * a->n, 2, sizeof(*v),
					 SIZE_MAX / sizeof(*v), "name attributes", &ret);
			if (v)
				a->s = v;
			r = v ? pki__grow(a->rdn, &a->rcap, a->n, sizeof(*r), SIZE_MAX / sizeof(*r),
					  "name attributes", &ret)
			      : NULL;
			if (!r)
				break;
			a->rdn = r;
			if ((ret = ava_text(&v[2 * a->n], &v[2 * a->n + 1], &ava)) < 0)
				break;
			r[a->n++] = irdn;
		}
	}
	if (ret < 0) {
		pki__dn_attrs_free(a);
		return ret;
	}
	*out = a;
	return 0;
}

/* The @p index-th attribute of @p a (copies); the RDN number, PKI_E_NOT_FOUND past the end. */
static int attr_get(char **type, char **value, const struct pki__dn_attrs *a, unsigned index,
		    const char *what)
{
	if (index >= a->n) {
		if (a->gnutls_err)
			return pki__fail_gnutls(PKI_E_PARSE, a->gnutls_err, "cannot read the %s",
						what);
		return pki__fail(PKI_E_NOT_FOUND, "the %s has no attribute %u", what, index);
	}
	*type = pki__strdup(a->s[2 * index]);
	*value = pki__strdup(a->s[2 * index + 1]);
	return pair_made(type, value) < 0 ? PKI_E_NOMEM : a->rdn[index];
}

/* ,"key":[[{"type","value"},...],...]: the attributes of @p a grouped by RDN. */
static void json_attrs(pki__buf_t *b, const char *key, const struct pki__dn_attrs *a)
{
	int last = -1;

	pki__buf_printf(b, ",\"%s\":[", key);
	for (size_t i = 0; i < a->n && i < PKI_MAX_DN_ATTRIBUTES; i++) {
		int rdn = a->rdn[i];

		pki__buf_printf(b, "%s{\"type\":", rdn == last ? "," : last < 0 ? "[" : "],[");
		pki__buf_json_str(b, a->s[2 * i]);
		pki__buf_add(b, ",\"value\":", 9);
		pki__buf_json_str(b, a->s[2 * i + 1]);
		pki__buf_add(b, "}", 1);
		last = rdn;
	}
	pki__buf_add(b, last < 0 ? "]" : "]]", last < 0 ? 1 : 2);
}

void pki__json_rdns(pki__buf_t *b, const char *key, gnutls_x509_dn_t dn)
{
	struct pki__dn_attrs *a;

	if (attrs_read(&a, dn) < 0) {
		pki__clear_error();
		b->failed = true;
		return;
	}
	json_attrs(b, key, a);
	pki__dn_attrs_free(a);
}

void pki__json_rdns_der(pki__buf_t *b, const char *key, const gnutls_datum_t *name)
{
	gnutls_x509_dn_t dn;

	if (gnutls_x509_dn_init(&dn) < 0) {
		b->failed = true;
		return;
	}
	if (gnutls_x509_dn_import(dn, name) >= 0)
		pki__json_rdns(b, key, dn);
	else
		pki__buf_printf(b, ",\"%s\":null", key);
	gnutls_x509_dn_deinit(dn);
}

/* The entry of pki_{cert,crl}_*_attribute: *type and *value NULL, then @p obj (named @p what)
 * checked. */
static int attr_args(const char *fn, char **type, char **value, const void *obj, const char *what)
{
	pki__clear_error();
	if (!type || !value)
		return pki__fail(PKI_E_INVALID_ARG, "%s: type or value is NULL", fn);
	*type = *value = NULL;
	return pki__arg(fn, obj, what);
}

/* Publish @p a in the handle's cache @p slot unless a thread did first: then @p a is freed and
 * the attributes are that thread's. */
static const struct pki__dn_attrs *attrs_publish(_Atomic(struct pki__dn_attrs *) *slot,
						 struct pki__dn_attrs *a)
{
	struct pki__dn_attrs *expected = NULL;

	if (!atomic_compare_exchange_strong_explicit(slot, &expected, a, memory_order_acq_rel,
						     memory_order_acquire)) {
		pki__dn_attrs_free(a);
		a = expected;
	}
	return a;
}

/* The attributes of the subject (@p issuer false) or the issuer of @p cert into *@p out,
 * decoded at the first call and published in the handle like its other caches (cert.c): 0,
 * or PKI_E_PARSE, PKI_E_NOMEM (not cached). */
static int cert_attrs(const struct pki__dn_attrs **out, const pki_cert_t *cert, bool issuer)
{
	struct pki__cert_dec *dec = pki__cert_dec(cert);
	_Atomic(struct pki__dn_attrs *) *slot;
	struct pki__dn_attrs *a;
	gnutls_x509_dn_t dn;
	int ret;

	*out = NULL;
	if (!dec)
		return PKI_E_NOMEM;
	slot = issuer ? &dec->issuer_attrs : &dec->subject_attrs;
	if ((*out = atomic_load_explicit(slot, memory_order_acquire)) != NULL)
		return 0;
	/* dn belongs to the crt */
	ret = issuer ? gnutls_x509_crt_get_issuer(dec->crt, &dn)
		     : gnutls_x509_crt_get_subject(dec->crt, &dn);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_PARSE, ret, "cannot read the %s",
					issuer ? "issuer" : "subject");
	if ((ret = attrs_read(&a, dn)) < 0)
		return ret;
	*out = attrs_publish(slot, a);
	return 0;
}

/* The attributes of @p crl's issuer into *@p out, decoded at the first call and published in
 * the handle as cert_attrs does: 0, or PKI_E_PARSE, PKI_E_NOMEM (not cached). */
static int crl_attrs(const struct pki__dn_attrs **out, const pki_crl_t *crl)
{
	/* the cache is not part of the value */
	_Atomic(struct pki__dn_attrs *) *slot = &((pki_crl_t *)crl)->issuer_attrs;
	struct pki__dn_attrs *a = NULL;
	gnutls_x509_dn_t dn;
	int ret;

	if ((*out = atomic_load_explicit(slot, memory_order_acquire)) != NULL)
		return 0;
	if ((ret = gnutls_x509_dn_init(&dn)) < 0)
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "out of memory");
	ret = gnutls_x509_dn_import(dn, &crl->issuer);
	ret = ret < 0 ? pki__fail_gnutls(PKI_E_PARSE, ret, "cannot read the CRL issuer")
		      : attrs_read(&a, dn);
	gnutls_x509_dn_deinit(dn);
	if (ret == 0)
		*out = attrs_publish(slot, a);
	return ret;
}

void pki__json_cert_rdns(pki__buf_t *b, const char *key, const pki_cert_t *cert, bool issuer)
{
	const struct pki__dn_attrs *a;
	int ret = cert_attrs(&a, cert, issuer);

	if (ret < 0) {
		pki__clear_error();
		if (ret == PKI_E_NOMEM)
			b->failed = true; /* as pki__json_rdns: no silently shorter dump */
		else
			pki__buf_printf(b, ",\"%s\":null", key);
		return;
	}
	json_attrs(b, key, a);
}

/* pki_cert_subject_attribute (@p issuer false) and pki_cert_issuer_attribute. */
static int cert_attr(const char *fn, char **type, char **value, const pki_cert_t *cert,
		     unsigned index, bool issuer)
{
	const struct pki__dn_attrs *a;
	int ret = attr_args(fn, type, value, cert, "cert");

	if (ret < 0 || (ret = cert_attrs(&a, cert, issuer)) < 0)
		return ret;
	return attr_get(type, value, a, index, issuer ? "issuer" : "subject");
}

int pki_cert_subject_attribute(char **type, char **value, const pki_cert_t *cert, unsigned index)
{
	return cert_attr(__func__, type, value, cert, index, false);
}

int pki_cert_issuer_attribute(char **type, char **value, const pki_cert_t *cert, unsigned index)
{
	return cert_attr(__func__, type, value, cert, index, true);
}

int pki_crl_issuer_attribute(char **type, char **value, const pki_crl_t *crl, unsigned index)
{
	const struct pki__dn_attrs *a;
	int ret = attr_args(__func__, type, value, crl, "crl");

	if (ret < 0 || (ret = crl_attrs(&a, crl)) < 0)
		return ret;
	return attr_get(type, value, a, index, "CRL issuer");
}
