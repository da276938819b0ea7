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

/* The @p index-th attribute of @p dn, counting across RDNs in the Name's order. */
static int dn_attr(char **type, char **value, gnutls_x509_dn_t dn, unsigned index,
		   const char *what)
{
	unsigned k = 0;

	for (int irdn = 0; irdn < (int)PKI_MAX_DN_ATTRIBUTES; irdn++) {
		for (int iava = 0;; iava++) {
			gnutls_x509_ava_st ava;
			const char *name;
			int ret = gnutls_x509_dn_get_rdn_ava(dn, irdn, iava, &ava);

			if (ret == GNUTLS_E_ASN1_ELEMENT_NOT_FOUND ||
			    ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
				if (iava == 0)
					return pki__fail(PKI_E_NOT_FOUND, "the %s has no attribute %u",
							 what, index);
				break;
			}
			if (ret < 0)
				return pki__fail_gnutls(PKI_E_PARSE, ret, "cannot read the %s", what);
			if (k++ != index)
				continue;
			name = pki__dn_attr_name((const char *)ava.oid.data);
			*type = pki__strdup(name ? name : (const char *)ava.oid.data);
			if (text_tag(ava.value_tag))
				*value = pki__strndup((const char *)ava.value.data, ava.value.size);
			else if (ava.value_tag == 30 &&
				 (*value = bmp_to_utf8(ava.value.data, ava.value.size)) != NULL)
				;
			else {
				/* RFC 4514 2.4: a value of another type as '#' and the hex of its
				 * contents */
				char *hex = pki__hex(ava.value.data, ava.value.size);

				*value = hex ? pki__malloc(strlen(hex) + 2) : NULL;
				if (*value)
					snprintf(*value, strlen(hex) + 2, "#%s", hex);
				pki_free(hex);
			}
			if (!*type || !*value) {
				pki_free(*type);
				pki_free(*value);
				*type = *value = NULL;
				return pki__fail(PKI_E_NOMEM, "out of memory");
			}
			return irdn;
		}
	}
	return pki__fail(PKI_E_NOT_FOUND, "the %s has no attribute %u", what, index);
}

void pki__json_rdns(pki__buf_t *b, const char *key, gnutls_x509_dn_t dn)
{
	int last = -1;

	pki__buf_printf(b, ",\"%s\":[", key);
	for (unsigned i = 0; i < PKI_MAX_DN_ATTRIBUTES; i++) {
		char *type = NULL, *value = NULL;
		int rdn = dn_attr(&type, &value, dn, i, "name");

		if (rdn < 0)
			break;
		pki__buf_printf(b, "%s{\"type\":", rdn == last ? "," : last < 0 ? "[" : "],[");
		pki__buf_json_str(b, type);
		pki__buf_add(b, ",\"value\":", 9);
		pki__buf_json_str(b, value);
		pki__buf_add(b, "}", 1);
		last = rdn;
		pki_free(type);
		pki_free(value);
	}
	pki__buf_add(b, last < 0 ? "]" : "]]", last < 0 ? 1 : 2);
	pki__clear_error(); /* the end of the name, not an error */
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

/* The subject's or the issuer's @p index-th attribute (the Name GnuTLS keeps in the crt). */
static int crt_attr(char **type, char **value, gnutls_x509_crt_t crt, unsigned index, bool issuer)
{
	gnutls_x509_dn_t dn;
	const char *what = issuer ? "issuer" : "subject";
	int ret = issuer ? gnutls_x509_crt_get_issuer(crt, &dn) : gnutls_x509_crt_get_subject(crt, &dn);

	if (ret < 0)
		return pki__fail_gnutls(PKI_E_PARSE, ret, "cannot read the %s", what);
	return dn_attr(type, value, dn, index, what);
}

int pki_cert_subject_attribute(char **type, char **value, const pki_cert_t *cert, unsigned index)
{
	int ret = attr_args(__func__, type, value, cert, "cert");

	return ret < 0 ? ret : crt_attr(type, value, pki__cert_crt(cert), index, false);
}

int pki_cert_issuer_attribute(char **type, char **value, const pki_cert_t *cert, unsigned index)
{
	int ret = attr_args(__func__, type, value, cert, "cert");

	return ret < 0 ? ret : crt_attr(type, value, pki__cert_crt(cert), index, true);
}

int pki_crl_issuer_attribute(char **type, char **value, const pki_crl_t *crl, unsigned index)
{
	gnutls_x509_dn_t dn;
	int ret;

	if ((ret = attr_args(__func__, type, value, crl, "crl")) < 0)
		return ret;
	if ((ret = gnutls_x509_dn_init(&dn)) < 0)
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "out of memory");
	ret = gnutls_x509_dn_import(dn, &crl->issuer);
	ret = ret < 0 ? pki__fail_gnutls(PKI_E_PARSE, ret, "cannot read the CRL issuer")
		      : dn_attr(type, value, dn, index, "CRL issuer");
	gnutls_x509_dn_deinit(dn);
	return ret;
}
