/*
 * libpki — certificate revocation lists.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * GnuTLS reads CRLs but neither writes nor reads entry extensions (reasonCode,
 * certificateIssuer) nor the issuingDistributionPoint, so libpki decodes every CRL once, when
 * the handle is made, with libtasn1 (strict DER, the definitions of pkix.asn) into struct
 * pki_crl (crl-int.h), and encodes new CRLs with libtasn1 (asn1_write_value, asn1_der_coding),
 * signed with gnutls_privkey_sign_data2(); GnuTLS keeps a handle for signatures and PEM.
 */
#include "crl-int.h"
#include "verify-int.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ---------------------------------------------------------------------------------------- */
/* Reasons                                                                                   */

static const char *const reason_names[] = {
	"unspecified",       "keyCompromise",        "cACompromise",    "affiliationChanged",
	"superseded",        "cessationOfOperation", "certificateHold", NULL,
	"removeFromCRL",     "privilegeWithdrawn",   "aACompromise",
};
#define N_REASONS (sizeof(reason_names) / sizeof(reason_names[0]))

const char *pki_crl_reason_name(int reason)
{
	if (reason < 0 || (size_t)reason >= N_REASONS)
		return NULL;
	return reason_names[reason];
}

/* Compare ignoring case and the separators '-' and '_'. */
static bool loose_equal(const char *a, const char *b)
{
	for (;;) {
		while (*a == '-' || *a == '_')
			a++;
		while (*b == '-' || *b == '_')
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
		a++;
		b++;
	}
}

int pki_crl_reason_from_name(const char *name)
{
	pki__clear_error();
	if (!name)
		return pki__fail(PKI_E_INVALID_ARG, "reason name is NULL");
	if (name[0] >= '0' && name[0] <= '9' && strlen(name) <= 2) {
		char *end;
		long v = strtol(name, &end, 10);

		if (*end == '\0' && pki_crl_reason_name((int)v))
			return (int)v;
	}
	for (size_t i = 0; i < N_REASONS; i++)
		if (reason_names[i] && loose_equal(name, reason_names[i]))
			return (int)i;
	return pki__fail(PKI_E_INVALID_ARG,
			 "unknown revocation reason \"%s\" (expected keyCompromise, cACompromise, "
			 "affiliationChanged, superseded, cessationOfOperation, certificateHold, "
			 "removeFromCRL, privilegeWithdrawn, aACompromise or unspecified)",
			 name);
}

/* ---------------------------------------------------------------------------------------- */
/* Small helpers                                                                             */

void pki__date(char *buf, size_t len, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || strftime(buf, len, "%Y-%m-%d", &tm) == 0)
		snprintf(buf, len, "invalid-date");
}

/* Parse hex ("0x" prefix and ':' allowed) into big-endian bytes without leading zeros. */
static int parse_serial(unsigned char out[21], size_t *len, const char *hex, const char *what)
{
	unsigned char tmp[64];
	size_t ndig = 0, n = 0, start = 0;
	const char *p = hex;

	if (!hex)
		return pki__fail(PKI_E_INVALID_ARG, "%s is NULL", what);
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	for (const char *q = p; *q; q++) {
		if (*q == ':')
			continue;
		if (!isxdigit((unsigned char)*q))
			return pki__fail(PKI_E_INVALID_ARG, "%s \"%s\" is not hexadecimal", what,
					 hex);
		ndig++;
	}
	if (ndig == 0)
		return pki__fail(PKI_E_INVALID_ARG, "%s is empty", what);
	if (ndig > 2 * sizeof(tmp))
		return pki__fail(PKI_E_INVALID_ARG, "%s \"%s\" is too long", what, hex);
	memset(tmp, 0, sizeof(tmp));
	{
		size_t digit = 0, off = (ndig + 1) / 2 * 2 - ndig; /* 1 when odd */

		for (const char *q = p; *q; q++) {
			int v;

			if (*q == ':')
				continue;
			v = isdigit((unsigned char)*q) ? *q - '0'
							: tolower((unsigned char)*q) - 'a' + 10;
			tmp[(digit + off) / 2] |= (unsigned char)(((digit + off) % 2) ? v : v << 4);
			digit++;
		}
		n = (ndig + off) / 2;
	}
	while (start + 1 < n && tmp[start] == 0)
		start++;
	if (n - start == 1 && tmp[start] == 0)
		return pki__fail(PKI_E_INVALID_ARG, "%s must be positive, not zero", what);
	/* RFC 5280: at most 20 octets in DER, which includes a 0x00 sign byte if needed */
	if (n - start > 20 || (n - start == 20 && (tmp[start] & 0x80)))
		return pki__fail(PKI_E_INVALID_ARG, "%s \"%s\" is longer than 20 bytes", what,
				 hex);
	memcpy(out, tmp + start, n - start);
	*len = n - start;
	return 0;
}


/* Text dumps escape control characters in names (common.c's helper). */
static void text_add(pki__buf_t *b, const char *s)
{
	pki__buf_add_escaped_str(b, s);
}

/* pki__fail(@p code, "<prefix>: <the current detail>"): the detail is copied first, as
 * pki__fail writes over it. */
static int fail_wrap(int code, const char *fmt, ...) PKI_PRINTF(2, 3);
static int fail_wrap(int code, const char *fmt, ...)
{
	char prefix[256], detail[512];
	va_list ap;

	snprintf(detail, sizeof(detail), "%s", pki_error_detail());
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	return pki__fail(code, "%s: %s", prefix, detail);
}

/* ---------------------------------------------------------------------------------------- */
/* Integers: serials and CRL numbers of any length, compared by value                        */

/* Skip redundant sign bytes: the minimal two's complement form of an INTEGER's content. */
static void int_minimal(const unsigned char **p, size_t *n)
{
	while (*n > 1 && (((*p)[0] == 0 && !((*p)[1] & 0x80)) ||
			  ((*p)[0] == 0xff && ((*p)[1] & 0x80)))) {
		(*p)++;
		(*n)--;
	}
}

bool pki__int_equal(const gnutls_datum_t *a, const gnutls_datum_t *b)
{
	const unsigned char *pa = a->data, *pb = b->data;
	size_t na = a->size, nb = b->size;

	if (na == 0 || nb == 0)
		return na == nb;
	int_minimal(&pa, &na);
	int_minimal(&pb, &nb);
	return na == nb && memcmp(pa, pb, na) == 0;
}

int pki__uint_cmp(const gnutls_datum_t *a, const gnutls_datum_t *b)
{
	const unsigned char *pa = a->data, *pb = b->data;
	size_t na = a->size, nb = b->size;
	int c;

	while (na > 1 && pa[0] == 0) {
		pa++;
		na--;
	}
	while (nb > 1 && pb[0] == 0) {
		pb++;
		nb--;
	}
	if (na != nb)
		return na < nb ? -1 : 1;
	c = memcmp(pa, pb, na);
	return c < 0 ? -1 : c > 0;
}

int pki__cert_serial(gnutls_datum_t *out, gnutls_x509_crt_t crt)
{
	unsigned char buf[256];
	size_t n = sizeof(buf);
	const unsigned char *p = buf;
	int ret = gnutls_x509_crt_get_serial(crt, buf, &n);

	out->data = NULL;
	out->size = 0;
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_PARSE, ret, "cannot read the certificate serial");
	if (n == 0)
		return pki__fail(PKI_E_PARSE, "the certificate has an empty serial");
	int_minimal(&p, &n);
	out->data = gnutls_malloc(n);
	if (!out->data)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	memcpy(out->data, p, n);
	out->size = (unsigned)n;
	return 0;
}

int pki__cert_serial_bytes(unsigned char out[21], size_t *len, gnutls_x509_crt_t crt)
{
	gnutls_datum_t d;
	int ret = pki__cert_serial(&d, crt);
	size_t off;

	if (ret < 0)
		return ret;
	off = d.size > 21 ? d.size - 21 : 0;
	memcpy(out, d.data + off, d.size - off);
	*len = d.size - off;
	gnutls_free(d.data);
	return 0;
}

/* Hex for display, as pki_cert_serial() writes it: without a leading 00 sign byte. */
char *pki__serial_hex(const unsigned char *p, size_t n)
{
	if (n > 1 && p[0] == 0) {
		p++;
		n--;
	}
	return pki__hex(p, n);
}

/* ---------------------------------------------------------------------------------------- */
/* General names and distribution point names                                               */

void pki__gnames_clear(pki__gnames_t *names)
{
	for (size_t i = 0; i < names->n; i++)
		gnutls_free(names->v[i].der.data);
	pki_free(names->v);
	names->v = NULL;
	names->n = 0;
}

static const char *const gn_alts[] = {
	"otherName",    "rfc822Name",   "dNSName",
	"x400Address",  "directoryName", "ediPartyName",
	"uniformResourceIdentifier",    "iPAddress", "registeredID",
};

/*
 * libtasn1 encodes a directoryName element with its [4] EXPLICIT tag: the Name is the
 * contents of that TLV (which libtasn1 has just written, so it is well-formed; its tag and
 * length readers find the contents).
 */
static int untag_explicit(gnutls_datum_t *der, unsigned long want)
{
	unsigned char cls;
	unsigned long tag;
	int taglen = 0, lenlen = 0;
	long len;

	if (der->size > INT_MAX ||
	    asn1_get_tag_der(der->data, (int)der->size, &cls, &taglen, &tag) != ASN1_SUCCESS)
		return pki__fail(PKI_E_PARSE, "a directoryName does not encode");
	if (!(cls & ASN1_CLASS_CONTEXT_SPECIFIC) || tag != want)
		return 0; /* already the bare Name */
	len = asn1_get_length_der(der->data + taglen, (int)der->size - taglen, &lenlen);
	if (len < 0 || (size_t)taglen + (size_t)lenlen + (size_t)len != der->size)
		return pki__fail(PKI_E_PARSE, "a directoryName does not encode");
	memmove(der->data, der->data + taglen + lenlen, (size_t)len);
	der->size = (unsigned)len;
	return 0;
}

int pki__gnames_read(pki__gnames_t *out, asn1_node node, const char *name)
{
	size_t n = 0;
	int ret;

	out->v = NULL;
	out->n = 0;
	ret = pki__asn1_count(&n, node, name);
	if (ret < 0)
		return ret;
	if (n == 0)
		return PKI_E_NOT_FOUND; /* an absent OPTIONAL element (an empty one does not decode) */
	if (n > 1024)
		return pki__fail(PKI_E_TOO_LARGE, "%zu names in one GeneralNames", n);
	out->v = pki__zalloc(n * sizeof(*out->v));
	if (!out->v)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		char el[256], sub[300];
		gnutls_datum_t alt = { NULL, 0 };
		int type = -1;

		/* "" names the node itself (a decoded GeneralNames): its elements are "?N" */
		snprintf(el, sizeof(el), "%s%s?%zu", name, *name ? "." : "", i + 1);
		ret = pki__asn1_read(&alt, node, el);
		if (ret < 0)
			goto fail;
		for (size_t k = 0; k < sizeof(gn_alts) / sizeof(gn_alts[0]); k++)
			if (strcmp((const char *)alt.data, gn_alts[k]) == 0)
				type = (int)k;
		gnutls_free(alt.data);
		if (type < 0) {
			ret = pki__fail(PKI_E_PARSE, "unknown GeneralName alternative");
			goto fail;
		}
		out->v[i].type = type;
		if (type == PKI__GN_DIRNAME)
			snprintf(sub, sizeof(sub), "%s.directoryName", el);
		else
			snprintf(sub, sizeof(sub), "%s", el);
		ret = pki__asn1_encode(&out->v[i].der, node, sub);
		if (ret == 0 && type == PKI__GN_DIRNAME)
			ret = untag_explicit(&out->v[i].der, 4);
		if (ret < 0)
			goto fail;
		out->n = i + 1;
	}
	return 0;
fail:
	pki__gnames_clear(out);
	return ret;
}

/* @p issuer (a Name's DER) with the RelativeDistinguishedName @p rdn_name of @p node appended
 * (attribute by attribute: the RDN is tagged [1] where it comes from). */
static int name_plus_rdn(gnutls_datum_t *out, const gnutls_datum_t *issuer, asn1_node node,
			 const char *rdn_name)
{
	asn1_node name = NULL;
	size_t n = 0;
	int ret;

	ret = pki__asn1_count(&n, node, rdn_name);
	if (ret == 0 && n == 0)
		ret = pki__fail(PKI_E_PARSE, "an empty nameRelativeToCRLIssuer");
	if (ret == 0 && n > 64)
		ret = pki__fail(PKI_E_TOO_LARGE, "%zu attributes in one relative name", n);
	if (ret == 0)
		ret = pki__asn1_decode(&name, "Name", issuer->data, issuer->size);
	if (ret == 0)
		ret = pki__asn1_write(name, "rdnSequence", "NEW", 1);
	for (size_t i = 0; ret == 0 && i < n; i++) {
		char el[400], oid[128];
		gnutls_datum_t value = { NULL, 0 };

		snprintf(el, sizeof(el), "%s.?%zu.type", rdn_name, i + 1);
		ret = pki__asn1_read_oid(oid, sizeof(oid), node, el);
		snprintf(el, sizeof(el), "%s.?%zu.value", rdn_name, i + 1);
		if (ret == 0)
			ret = pki__asn1_read(&value, node, el); /* ANY: its DER */
		if (ret == 0)
			ret = pki__asn1_write(name, "rdnSequence.?LAST", "NEW", 1);
		if (ret == 0)
			ret = pki__asn1_write_str(name, "rdnSequence.?LAST.?LAST.type", oid);
		if (ret == 0)
			ret = pki__asn1_write(name, "rdnSequence.?LAST.?LAST.value", value.data,
					      value.size);
		gnutls_free(value.data);
	}
	if (ret == 0)
		ret = pki__asn1_encode(out, name, "");
	pki__asn1_free(&name);
	return ret;
}

int pki__dpname_read(pki__dpname_t *out, asn1_node node, const char *name,
		     const gnutls_datum_t *issuer)
{
	gnutls_datum_t alt = { NULL, 0 };
	char sub[300];
	int ret;

	out->present = false;
	out->names.v = NULL;
	out->names.n = 0;
	ret = pki__asn1_read(&alt, node, name);
	if (ret == PKI_E_NOT_FOUND)
		return 0;
	if (ret < 0)
		return ret;
	if (strcmp((const char *)alt.data, "fullName") == 0) {
		gnutls_free(alt.data);
		snprintf(sub, sizeof(sub), "%s.fullName", name);
		ret = pki__gnames_read(&out->names, node, sub);
		if (ret == PKI_E_NOT_FOUND)
			ret = pki__fail(PKI_E_PARSE, "an empty fullName");
	} else if (strcmp((const char *)alt.data, "nameRelativeToCRLIssuer") == 0) {
		gnutls_free(alt.data);
		snprintf(sub, sizeof(sub), "%s.nameRelativeToCRLIssuer", name);
		out->names.v = pki__zalloc(sizeof(*out->names.v));
		if (!out->names.v)
			return pki__fail(PKI_E_NOMEM, "out of memory");
		out->names.v[0].type = PKI__GN_DIRNAME;
		ret = name_plus_rdn(&out->names.v[0].der, issuer, node, sub);
		if (ret == 0)
			out->names.n = 1;
		else
			pki__gnames_clear(&out->names);
	} else {
		gnutls_free(alt.data);
		ret = pki__fail(PKI_E_PARSE, "unknown DistributionPointName alternative");
	}
	if (ret == 0)
		out->present = true;
	return ret;
}

bool pki__gnames_have_dn(const pki__gnames_t *names, const gnutls_datum_t *dn)
{
	for (size_t i = 0; names && i < names->n; i++)
		if (names->v[i].type == PKI__GN_DIRNAME && pki__dn_equal(&names->v[i].der, dn))
			return true;
	return false;
}

bool pki__gnames_meet(const pki__gnames_t *a, const pki__gnames_t *b)
{
	for (size_t i = 0; i < a->n; i++)
		for (size_t k = 0; k < b->n; k++) {
			const pki__gname_t *x = &a->v[i], *y = &b->v[k];

			if (x->type != y->type)
				continue;
			if (x->type == PKI__GN_DIRNAME ? pki__dn_equal(&x->der, &y->der)
						       : (x->der.size == y->der.size &&
							  memcmp(x->der.data, y->der.data,
								 x->der.size) == 0))
				return true;
		}
	return false;
}

/* ---------------------------------------------------------------------------------------- */
/* Parsing a CRL, once per handle (strict DER through libtasn1)                              */

#define OID_CRL_NUMBER "2.5.29.20"
#define OID_REASON_CODE "2.5.29.21"
#define OID_INVALIDITY_DATE "2.5.29.24"
#define OID_DELTA_CRL "2.5.29.27"
#define OID_IDP "2.5.29.28"
#define OID_CERT_ISSUER "2.5.29.29"
#define OID_AKI "2.5.29.35"

/* The DER of one extension value (an OCTET STRING's content) decoded as @p type. */
static int ext_value(asn1_node *out, asn1_node node, const char *ext, const char *type)
{
	gnutls_datum_t v = { NULL, 0 };
	char el[300];
	int ret;

	snprintf(el, sizeof(el), "%s.extnValue", ext);
	ret = pki__asn1_read(&v, node, el);
	if (ret < 0)
		return ret;
	ret = pki__asn1_decode(out, type, v.data, v.size);
	gnutls_free(v.data);
	return ret;
}

/* A non-negative INTEGER element (CRLNumber, BaseCRLNumber) into @p out. */
static int read_uint(gnutls_datum_t *out, asn1_node node, const char *name, const char *what)
{
	int ret = pki__asn1_read(out, node, name);

	if (ret < 0)
		return ret;
	if (out->size == 0 || (out->data[0] & 0x80)) {
		gnutls_free(out->data);
		out->data = NULL;
		out->size = 0;
		return pki__fail(PKI_E_PARSE, "the %s is negative", what);
	}
	if (out->size > 21) {
		gnutls_free(out->data);
		out->data = NULL;
		out->size = 0;
		return pki__fail(PKI_E_PARSE, "the %s is longer than 20 octets", what);
	}
	return 0;
}

static int parse_idp(pki_crl_t *crl, asn1_node idp)
{
	gnutls_datum_t bits = { NULL, 0 };
	size_t nbits = 0;
	int ret;

	crl->has_idp = true;
	ret = pki__dpname_read(&crl->idp_name, idp, "distributionPoint", &crl->issuer);
	if (ret < 0)
		return ret;
	if ((ret = pki__asn1_read_bool(&crl->only_user, idp, "onlyContainsUserCerts")) < 0 ||
	    (ret = pki__asn1_read_bool(&crl->only_ca, idp, "onlyContainsCACerts")) < 0 ||
	    (ret = pki__asn1_read_bool(&crl->indirect, idp, "indirectCRL")) < 0 ||
	    (ret = pki__asn1_read_bool(&crl->only_attr, idp, "onlyContainsAttributeCerts")) < 0)
		return ret;
	crl->only_reasons = PKI__REASONS_ALL;
	ret = pki__asn1_read_bits(&bits, &nbits, idp, "onlySomeReasons");
	if (ret == PKI_E_NOT_FOUND)
		return 0;
	if (ret < 0)
		return ret;
	crl->only_reasons = 0;
	for (size_t i = 1; i < nbits && i <= 8; i++)
		if (bits.data[i / 8] & (0x80 >> (i % 8)))
			crl->only_reasons |= PKI__REASON_BIT(i);
	gnutls_free(bits.data);
	/* RFC 5280 5.2.5: at most one of the three "only" fields */
	if (crl->only_user + crl->only_ca + crl->only_attr > 1)
		return pki__fail(PKI_E_PARSE, "issuingDistributionPoint: more than one of "
					      "onlyContainsUserCerts, onlyContainsCACerts and "
					      "onlyContainsAttributeCerts");
	return 0;
}

/* One crlExtensions element ("tbsCertList.crlExtensions.?N"). */
static int parse_crl_ext(pki_crl_t *crl, asn1_node node, const char *ext, unsigned *seen)
{
	char oid[128], el[300];
	bool critical = false;
	asn1_node v = NULL;
	unsigned bit;
	int ret;

	snprintf(el, sizeof(el), "%s.extnID", ext);
	ret = pki__asn1_read_oid(oid, sizeof(oid), node, el);
	if (ret < 0)
		return ret;
	snprintf(el, sizeof(el), "%s.critical", ext);
	ret = pki__asn1_read_bool(&critical, node, el);
	if (ret < 0)
		return ret;
	bit = !strcmp(oid, OID_CRL_NUMBER) ? 1u
	      : !strcmp(oid, OID_DELTA_CRL) ? 2u
	      : !strcmp(oid, OID_IDP)       ? 4u
	      : !strcmp(oid, OID_AKI)       ? 8u
					    : 0u;
	if (!bit) {
		if (critical)
			crl->unknown_critical = true;
		return 0;
	}
	if (*seen & bit)
		return pki__fail(PKI_E_PARSE, "the CRL extension %s appears twice", oid);
	*seen |= bit;
	switch (bit) {
	case 1:
		crl->number_critical = critical;
		ret = ext_value(&v, node, ext, "CRLNumber");
		if (ret == 0)
			ret = read_uint(&crl->number, v, "", "cRLNumber");
		break;
	case 2:
		crl->delta = true;
		ret = ext_value(&v, node, ext, "DeltaCRLIndicator");
		if (ret == 0)
			ret = read_uint(&crl->base_number, v, "", "deltaCRLIndicator");
		break;
	case 4:
		snprintf(el, sizeof(el), "%s.extnValue", ext);
		ret = pki__asn1_read(&crl->idp_der, node, el); /* to compare scopes */
		if (ret == 0)
			ret = ext_value(&v, node, ext, "IssuingDistributionPoint");
		if (ret == 0)
			ret = parse_idp(crl, v);
		break;
	default:
		ret = ext_value(&v, node, ext, "AuthorityKeyIdentifier");
		if (ret == 0) {
			ret = pki__asn1_read(&crl->aki, v, "keyIdentifier");
			if (ret == PKI_E_NOT_FOUND)
				ret = 0;
		}
		break;
	}
	pki__asn1_free(&v);
	if (ret < 0)
		return fail_wrap(ret, "CRL extension %s", oid);
	return 0;
}

/* One entry's crlEntryExtensions. @p issuer is the certificateIssuer in effect so far. */
static int parse_entry_exts(pki_crl_t *crl, pki__crl_entry_t *e, asn1_node node,
			    const pki__gnames_t **issuer)
{
	size_t n = 0;
	unsigned seen = 0;
	int ret = pki__asn1_count(&n, node, "crlEntryExtensions");

	if (ret < 0)
		return ret;
	if (n > PKI_CRL_MAX_ENTRY_EXTENSIONS)
		return pki__fail(PKI_E_TOO_LARGE, "%zu extensions in one CRL entry (at most %d)", n,
				 PKI_CRL_MAX_ENTRY_EXTENSIONS);
	for (size_t i = 0; i < n; i++) {
		char ext[64], el[96], oid[128];
		bool critical = false;
		asn1_node v = NULL;
		unsigned bit;
		int64_t r = 0;

		snprintf(ext, sizeof(ext), "crlEntryExtensions.?%zu", i + 1);
		snprintf(el, sizeof(el), "%s.extnID", ext);
		if ((ret = pki__asn1_read_oid(oid, sizeof(oid), node, el)) < 0)
			return ret;
		snprintf(el, sizeof(el), "%s.critical", ext);
		if ((ret = pki__asn1_read_bool(&critical, node, el)) < 0)
			return ret;
		bit = !strcmp(oid, OID_REASON_CODE)       ? 1u
		      : !strcmp(oid, OID_INVALIDITY_DATE) ? 2u
		      : !strcmp(oid, OID_CERT_ISSUER)     ? 4u
							  : 0u;
		if (!bit) {
			if (critical)
				e->unknown_critical = true;
			continue;
		}
		if (seen & bit)
			return pki__fail(PKI_E_PARSE, "the entry extension %s appears twice", oid);
		seen |= bit;
		if (bit == 1) {
			ret = ext_value(&v, node, ext, "CRLReason");
			if (ret == 0)
				ret = pki__asn1_read_int(&r, v, "");
			if (ret == 0 && (r < 0 || r > 10 || !pki_crl_reason_name((int)r)))
				ret = pki__fail(PKI_E_PARSE, "unknown reasonCode %lld", (long long)r);
			e->reason = (int)r;
		} else if (bit == 2) {
			ret = ext_value(&v, node, ext, "InvalidityDate");
			if (ret == 0)
				ret = pki__asn1_read_time(&e->invalidity, v, "");
		} else {
			pki__gnames_t *ci;

			if (crl->ncert_issuers >= crl->count + 1)
				return pki__fail(PKI_E_PARSE, "too many certificateIssuer values");
			ci = &crl->cert_issuers[crl->ncert_issuers];
			ret = ext_value(&v, node, ext, "CertificateIssuer");
			if (ret == 0)
				ret = pki__gnames_read(ci, v, "");
			if (ret == PKI_E_NOT_FOUND)
				ret = pki__fail(PKI_E_PARSE, "an empty certificateIssuer");
			if (ret == 0) {
				crl->ncert_issuers++;
				*issuer = ci;
			}
		}
		pki__asn1_free(&v);
		if (ret < 0)
			return fail_wrap(ret, "entry extension %s", oid);
	}
	return 0;
}

/* The header of the DER TLV at @p p (libtasn1's decoders): header and content lengths. */
static bool tlv_span(const unsigned char *p, size_t n, size_t *hdr, size_t *clen)
{
	unsigned char cls;
	int taglen = 0, lenlen = 0;
	unsigned long tag;
	long len;

	if (n > INT_MAX || asn1_get_tag_der(p, (int)n, &cls, &taglen, &tag) != ASN1_SUCCESS)
		return false;
	len = asn1_get_length_der(p + taglen, (int)n - taglen, &lenlen);
	if (len < 0 || (size_t)taglen + (size_t)lenlen + (size_t)len > n)
		return false;
	*hdr = (size_t)taglen + (size_t)lenlen;
	*clen = (size_t)len;
	return true;
}

/* Serials in minimal form are equal exactly when their bytes are: any total order of the
 * bytes serves the binary search (shorter first, then memcmp). */
static int serial_cmp(const gnutls_datum_t *a, const gnutls_datum_t *b)
{
	if (a->size != b->size)
		return a->size < b->size ? -1 : 1;
	return memcmp(a->data, b->data, a->size);
}

static int entry_cmp(const void *a, const void *b)
{
	const pki__crl_entry_t *const *x = a, *const *y = b;
	int c = serial_cmp(&(*x)->serial, &(*y)->serial);

	/* equal serials keep the CRL's order (entries of one array) */
	return c ? c : (*x > *y) - (*x < *y);
}

/*
 * Whether the CRL at @p der has more than PKI_CRL_MAX_ENTRIES entries, counted with libtasn1's
 * tag and length readers before anything decodes it (GnuTLS's parse alone costs about 8 us
 * per entry): revokedCertificates is the third SEQUENCE of the TBSCertList (after signature
 * and issuer). Malformed input is not judged here: the decoders refuse it.
 */
static bool too_many_entries(const unsigned char *der, size_t size, size_t *count)
{
	size_t hdr, clen, off, end, seqs = 0;

	*count = 0;
	if (!tlv_span(der, size, &hdr, &clen) || !tlv_span(der + hdr, clen, &off, &end))
		return false;
	end += hdr + off; /* the TBSCertList's contents are [hdr + off, end) */
	for (off += hdr; off < end;) {
		unsigned char cls;
		int taglen = 0;
		unsigned long tag;
		size_t eh, ec;

		if (asn1_get_tag_der(der + off, (int)(end - off), &cls, &taglen, &tag) !=
			    ASN1_SUCCESS ||
		    !tlv_span(der + off, end - off, &eh, &ec))
			return false;
		if (cls == ASN1_CLASS_STRUCTURED && tag == ASN1_TAG_SEQUENCE && ++seqs == 3) {
			for (size_t p = off + eh; p < off + eh + ec;) {
				size_t h, c;

				if (!tlv_span(der + p, off + eh + ec - p, &h, &c))
					return false;
				p += h + c;
				if (++*count > PKI_CRL_MAX_ENTRIES)
					return true;
			}
			return false;
		}
		off += eh + ec;
	}
	return false;
}

/*
 * The revokedCertificates, one entry at a time: libtasn1 finds the i-th element of a
 * SEQUENCE OF by walking from the first, so reading 100,000 entries by index would be
 * quadratic. The SEQUENCE OF (already decoded strictly with the whole CRL) is split into its
 * elements with libtasn1's tag and length readers and each is decoded as RevokedCertificate.
 */
static int parse_entries(pki_crl_t *crl, asn1_node list, const gnutls_datum_t *seq)
{
	size_t hdr, clen, off, n = 0, total = 0;
	const pki__gnames_t *issuer = NULL;
	unsigned char *sp;
	int ret;

	ret = pki__asn1_count(&n, list, "tbsCertList.revokedCertificates");
	if (ret < 0)
		return ret;
	if (n == 0)
		return 0;
	if (!tlv_span(seq->data, seq->size, &hdr, &clen))
		return pki__fail(PKI_E_PARSE, "malformed revokedCertificates");
	crl->entries = pki__zalloc(n * sizeof(*crl->entries));
	crl->cert_issuers = pki__zalloc((n + 1) * sizeof(*crl->cert_issuers));
	crl->serials = pki__malloc(seq->size);
	if (!crl->entries || !crl->cert_issuers || !crl->serials)
		return pki__fail(PKI_E_NOMEM, "out of memory reading %zu CRL entries", n);
	sp = crl->serials;
	for (off = hdr; off < hdr + clen && crl->count < n;) {
		size_t eh, ec;
		asn1_node entry = NULL;
		pki__crl_entry_t *e = &crl->entries[crl->count];
		gnutls_datum_t serial = { NULL, 0 };
		const unsigned char *p;
		size_t len;

		if (!tlv_span(seq->data + off, hdr + clen - off, &eh, &ec))
			return pki__fail(PKI_E_PARSE, "malformed CRL entry %zu", crl->count + 1);
		ret = pki__asn1_decode(&entry, "RevokedCertificate", seq->data + off, eh + ec);
		off += eh + ec;
		if (ret == 0)
			ret = pki__asn1_read(&serial, entry, "userCertificate");
		if (ret == 0 && serial.size == 0)
			ret = pki__fail(PKI_E_PARSE, "empty serial");
		if (ret == 0)
			ret = pki__asn1_read_time(&e->revoked_at, entry, "revocationDate");
		e->reason = PKI_CRL_REASON_UNSPECIFIED;
		e->invalidity = -1;
		if (ret == 0)
			ret = parse_entry_exts(crl, e, entry, &issuer);
		pki__asn1_free(&entry);
		if (ret < 0) {
			gnutls_free(serial.data);
			return fail_wrap(ret, "CRL entry %zu", crl->count + 1);
		}
		p = serial.data;
		len = serial.size;
		int_minimal(&p, &len);
		if (total + len > seq->size) { /* cannot happen: serials are inside the list */
			gnutls_free(serial.data);
			return pki__fail(PKI_E_PARSE, "inconsistent CRL entries");
		}
		memcpy(sp + total, p, len);
		e->serial.data = sp + total;
		e->serial.size = (unsigned)len;
		total += len;
		gnutls_free(serial.data);
		e->issuer = issuer;
		if (e->unknown_critical)
			crl->entry_unknown_critical = true;
		crl->count++;
	}
	if (crl->count != n || off != hdr + clen)
		return pki__fail(PKI_E_PARSE, "inconsistent CRL entries");
	crl->sorted = pki__malloc(n * sizeof(*crl->sorted));
	if (!crl->sorted)
		return pki__fail(PKI_E_NOMEM, "out of memory sorting %zu CRL entries", n);
	for (size_t i = 0; i < n; i++)
		crl->sorted[i] = &crl->entries[i];
	qsort(crl->sorted, n, sizeof(*crl->sorted), entry_cmp);
	return 0;
}

static int parse_crl(pki_crl_t *crl)
{
	asn1_node list = NULL;
	gnutls_datum_t a = { NULL, 0 }, b = { NULL, 0 }, seq = { NULL, 0 };
	int64_t version = 0;
	size_t n = 0;
	unsigned seen = 0;
	int ret;

	ret = pki__asn1_decode(&list, "CertificateList", crl->der.data, crl->der.size);
	if (ret < 0)
		return fail_wrap(PKI_E_PARSE, "not a valid X.509 CRL");
	ret = pki__asn1_read_int(&version, list, "tbsCertList.version");
	if (ret == PKI_E_NOT_FOUND)
		version = 0, ret = 0;
	if (ret == 0 && version != 0 && version != 1)
		ret = pki__fail(PKI_E_PARSE, "CRL version %lld is neither v1 nor v2",
				(long long)version);
	/* RFC 5280 5.1.1.2: the signature algorithm is written twice and must agree */
	if (ret == 0 &&
	    (ret = pki__asn1_der_of(&a, list, "tbsCertList.signature", crl->der.data,
				    crl->der.size)) == 0 &&
	    (ret = pki__asn1_der_of(&b, list, "signatureAlgorithm", crl->der.data,
				    crl->der.size)) == 0 &&
	    (a.size != b.size || memcmp(a.data, b.data, a.size) != 0))
		ret = pki__fail(PKI_E_PARSE, "the CRL's two signature algorithms differ");
	if (ret == 0)
		ret = pki__asn1_read_oid(crl->sign_oid, sizeof(crl->sign_oid), list,
					 "signatureAlgorithm.algorithm");
	if (ret == 0)
		ret = pki__asn1_encode(&crl->issuer, list, "tbsCertList.issuer");
	if (ret == 0)
		ret = pki__asn1_read_time(&crl->this_update, list, "tbsCertList.thisUpdate");
	if (ret == 0) {
		ret = pki__asn1_read_time(&crl->next_update, list, "tbsCertList.nextUpdate");
		if (ret == PKI_E_NOT_FOUND)
			crl->next_update = -1, ret = 0;
	}
	if (ret == 0) {
		ret = pki__asn1_der_of(&seq, list, "tbsCertList.revokedCertificates",
				       crl->der.data, crl->der.size);
		if (ret == 0)
			ret = parse_entries(crl, list, &seq);
		else if (ret == PKI_E_NOT_FOUND)
			ret = 0;
	}
	if (ret == 0)
		ret = pki__asn1_count(&n, list, "tbsCertList.crlExtensions");
	for (size_t i = 0; ret == 0 && i < n; i++) {
		char ext[64];

		snprintf(ext, sizeof(ext), "tbsCertList.crlExtensions.?%zu", i + 1);
		ret = parse_crl_ext(crl, list, ext, &seen);
	}
	if (ret == 0 && version == 0 && (n > 0 || crl->ncert_issuers > 0))
		ret = pki__fail(PKI_E_PARSE, "a v1 CRL with extensions");
	pki__asn1_free(&list);
	if (ret < 0)
		return ret;
	crl->sign_algo = gnutls_x509_crl_get_signature_algorithm(crl->crl);
	if (!crl->has_idp)
		crl->only_reasons = PKI__REASONS_ALL;
	return 0;
}
/* ---------------------------------------------------------------------------------------- */
/* Import, export                                                                            */

void pki_crl_free(pki_crl_t *crl)
{
	if (!crl)
		return;
	if (crl->crl)
		gnutls_x509_crl_deinit(crl->crl);
	gnutls_free(crl->der.data);
	gnutls_free(crl->issuer.data);
	gnutls_free(crl->number.data);
	gnutls_free(crl->base_number.data);
	gnutls_free(crl->aki.data);
	gnutls_free(crl->idp_der.data);
	pki__gnames_clear(&crl->idp_name.names);
	for (size_t i = 0; i < crl->ncert_issuers; i++)
		pki__gnames_clear(&crl->cert_issuers[i]);
	pki_free(crl->cert_issuers);
	pki_free(crl->entries);
	pki_free(crl->sorted);
	pki_free(crl->serials);
	pki_free(crl);
}

/* A handle from one DER CRL (copied): GnuTLS's handle plus libpki's strict parse. */
static int crl_from_der(pki_crl_t **out, const unsigned char *der, size_t size)
{
	gnutls_datum_t in = { (unsigned char *)der, (unsigned)size };
	pki_crl_t *crl;
	size_t count;
	int ret;

	*out = NULL;
	if (too_many_entries(der, size, &count))
		return pki__fail(PKI_E_TOO_LARGE,
				 "the CRL has more than %d revoked entries (PKI_CRL_MAX_ENTRIES)",
				 PKI_CRL_MAX_ENTRIES);
	crl = pki__zalloc(sizeof(*crl));
	if (!crl)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	ret = gnutls_x509_crl_init(&crl->crl);
	if (ret < 0) {
		pki_free(crl);
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "cannot allocate a CRL");
	}
	ret = gnutls_x509_crl_import(crl->crl, &in, GNUTLS_X509_FMT_DER);
	if (ret < 0) {
		pki_crl_free(crl);
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
					"not a valid X.509 CRL");
	}
	crl->der.data = gnutls_malloc(size);
	if (!crl->der.data) {
		pki_crl_free(crl);
		return pki__fail(PKI_E_NOMEM, "out of memory");
	}
	memcpy(crl->der.data, der, size);
	crl->der.size = (unsigned)size;
	ret = parse_crl(crl);
	if (ret < 0) {
		pki_crl_free(crl);
		return ret;
	}
	*out = crl;
	return 0;
}

int pki__crl_import_all(pki_crl_t ***out, size_t *n, const void *data, size_t size)
{
	static const char begin[] = "-----BEGIN X509 CRL-----";
	const unsigned char *p = data, *end = p + size;
	size_t count = 0, cap = 0;
	pki_crl_t **v = NULL;
	int ret = 0;

	*out = NULL;
	*n = 0;
	if (!pki__is_pem(data, size)) {
		v = pki__malloc(sizeof(*v));
		if (!v)
			return pki__fail(PKI_E_NOMEM, "out of memory");
		ret = crl_from_der(&v[0], data, size);
		if (ret < 0) {
			pki_free(v);
			return ret;
		}
		*out = v;
		*n = 1;
		return 0;
	}
	if (!pki__pem_has_label(data, size, "X509 CRL"))
		return pki__fail(PKI_E_PARSE, "PEM input has no \"X509 CRL\" block");
	/* block by block, each DER through crl_from_der: its entry limit applies before GnuTLS
	 * parses anything (gnutls_x509_crl_list_import2 would parse the whole bundle first) */
	while ((p = memmem(p, (size_t)(end - p), begin, sizeof(begin) - 1)) != NULL) {
		gnutls_datum_t in = { (unsigned char *)p, (unsigned)(end - p) }, der = { NULL, 0 };

		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			pki_crl_t **nv = pki__zalloc(ncap * sizeof(*nv));

			if (!nv) {
				ret = pki__fail(PKI_E_NOMEM, "out of memory");
				goto done;
			}
			if (v)
				memcpy(nv, v, count * sizeof(*nv));
			pki_free(v);
			v = nv;
			cap = ncap;
		}
		ret = gnutls_pem_base64_decode2("X509 CRL", &in, &der);
		if (ret < 0) {
			ret = pki__fail_gnutls(PKI_E_PARSE, ret, "CRL %zu: not a valid PEM CRL",
					       count + 1);
			goto done;
		}
		ret = crl_from_der(&v[count], der.data, der.size);
		gnutls_free(der.data);
		if (ret < 0) {
			ret = fail_wrap(ret, "CRL %zu", count + 1);
			goto done;
		}
		count++;
		p += sizeof(begin) - 1;
	}
	*out = v;
	*n = count;
	return 0;
done:
	for (size_t i = 0; i < count; i++)
		pki_crl_free(v[i]);
	pki_free(v);
	return ret;
}

/* One CRL from DER or PEM (the first block of a PEM bundle). */
static int crl_from(pki_crl_t **out, const void *data, size_t size)
{
	gnutls_datum_t in = { (unsigned char *)data, (unsigned)size }, der = { NULL, 0 };
	int ret;

	if (!pki__is_pem(data, size))
		return crl_from_der(out, data, size);
	if (!pki__pem_has_label(data, size, "X509 CRL"))
		return pki__fail(PKI_E_PARSE, "PEM input has no \"X509 CRL\" block");
	ret = gnutls_pem_base64_decode2("X509 CRL", &in, &der);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_PARSE, ret, "not a valid PEM CRL");
	ret = crl_from_der(out, der.data, der.size);
	gnutls_free(der.data);
	return ret;
}

int pki_crl_import(pki_crl_t **out, const void *data, size_t size, unsigned flags)
{
	int ret;

	pki__clear_error();
	if (!out)
		return pki__fail(PKI_E_INVALID_ARG, "output pointer is NULL");
	*out = NULL;
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "unknown flags 0x%x", flags);
	ret = pki__check_input(data, size);
	if (ret < 0)
		return ret;
	return crl_from(out, data, size);
}

int pki_crl_import_file(pki_crl_t **out, const char *path, unsigned flags)
{
	unsigned char *data = NULL;
	size_t size = 0;
	int ret;

	pki__clear_error();
	if (!out)
		return pki__fail(PKI_E_INVALID_ARG, "output pointer is NULL");
	*out = NULL;
	if (!path)
		return pki__fail(PKI_E_INVALID_ARG, "path is NULL");
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "unknown flags 0x%x", flags);
	ret = pki_file_read(&data, &size, path, 0);
	if (ret < 0)
		return ret;
	ret = pki_crl_import(out, data, size, 0);
	if (ret < 0)
		fail_wrap(ret, "%s", path);
	pki_free(data);
	return ret;
}

int pki_crl_export(unsigned char **out, size_t *size, const pki_crl_t *crl, pki_format_t format,
		   unsigned flags)
{
	gnutls_datum_t d = { NULL, 0 };
	int ret;

	pki__clear_error();
	if (!out || !size)
		return pki__fail(PKI_E_INVALID_ARG, "output pointer is NULL");
	*out = NULL;
	*size = 0;
	if (!crl)
		return pki__fail(PKI_E_INVALID_ARG, "CRL is NULL");
	if (format != PKI_FORMAT_PEM && format != PKI_FORMAT_DER)
		return pki__fail(PKI_E_INVALID_ARG, "unknown format %d", (int)format);
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "unknown flags 0x%x", flags);
	if (format == PKI_FORMAT_DER) {
		d.data = gnutls_malloc(crl->der.size);
		if (!d.data)
			return pki__fail(PKI_E_NOMEM, "out of memory");
		memcpy(d.data, crl->der.data, crl->der.size);
		d.size = crl->der.size;
	} else {
		ret = gnutls_pem_base64_encode2("X509 CRL", &crl->der, &d);
		if (ret < 0)
			return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot encode the CRL");
	}
	return pki__datum_out(out, size, &d);
}

int pki__crl_copy(pki_crl_t **out, const pki_crl_t *crl)
{
	return crl_from_der(out, crl->der.data, crl->der.size);
}

int pki_crl_dup(pki_crl_t **out, const pki_crl_t *crl)
{
	pki__clear_error();
	if (!out)
		return pki__fail(PKI_E_INVALID_ARG, "output pointer is NULL");
	*out = NULL;
	if (!crl)
		return pki__fail(PKI_E_INVALID_ARG, "CRL is NULL");
	return pki__crl_copy(out, crl);
}

/* ---------------------------------------------------------------------------------------- */
/* Getters                                                                                   */

#define CHECK_CRL_OUT()                                                                    \
	do {                                                                               \
		pki__clear_error();                                                        \
		if (!out)                                                                  \
			return pki__fail(PKI_E_INVALID_ARG, "output pointer is NULL");     \
		*out = NULL;                                                               \
		if (!crl)                                                                  \
			return pki__fail(PKI_E_INVALID_ARG, "CRL is NULL");                \
	} while (0)

static int crl_issuer(char **out, const pki_crl_t *crl)
{
	gnutls_datum_t d = { NULL, 0 };
	int ret = gnutls_x509_crl_get_issuer_dn3(crl->crl, &d, 0);

	if (ret == GNUTLS_E_ASN1_ELEMENT_NOT_FOUND)
		return (*out = pki__strdup("")) ? 0 : pki__fail(PKI_E_NOMEM, "out of memory");
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_PARSE, ret, "cannot read the CRL issuer");
	*out = pki__strndup((const char *)d.data, d.size);
	gnutls_free(d.data);
	return *out ? 0 : pki__fail(PKI_E_NOMEM, "out of memory");
}

int pki_crl_issuer(char **out, const pki_crl_t *crl)
{
	CHECK_CRL_OUT();
	return crl_issuer(out, crl);
}

int pki_crl_validity(int64_t *this_update, int64_t *next_update, const pki_crl_t *crl)
{
	pki__clear_error();
	if (!crl)
		return pki__fail(PKI_E_INVALID_ARG, "CRL is NULL");
	if (this_update)
		*this_update = crl->this_update;
	if (next_update)
		*next_update = crl->next_update;
	return 0;
}

static char *uint_hex(const gnutls_datum_t *d)
{
	const unsigned char *p = d->data;
	size_t n = d->size;

	while (n > 1 && p[0] == 0) {
		p++;
		n--;
	}
	return pki__hex(p, n);
}

int pki_crl_number(char **out, const pki_crl_t *crl)
{
	CHECK_CRL_OUT();
	if (crl->number.size == 0)
		return pki__fail(PKI_E_NOT_FOUND, "the CRL has no cRLNumber");
	*out = uint_hex(&crl->number);
	return *out ? 0 : pki__fail(PKI_E_NOMEM, "out of memory");
}

int pki_crl_authority_key_id(char **out, const pki_crl_t *crl)
{
	CHECK_CRL_OUT();
	if (crl->aki.size == 0)
		return pki__fail(PKI_E_NOT_FOUND, "the CRL has no authority key identifier");
	*out = pki__hex(crl->aki.data, crl->aki.size);
	return *out ? 0 : pki__fail(PKI_E_NOMEM, "out of memory");
}

static int sig_name(char **out, const pki_crl_t *crl)
{
	const char *name = crl->sign_algo > 0
				   ? gnutls_sign_get_name((gnutls_sign_algorithm_t)crl->sign_algo)
				   : NULL;

	*out = pki__strdup(name ? name : crl->sign_oid);
	return *out ? 0 : pki__fail(PKI_E_NOMEM, "out of memory");
}

int pki_crl_signature_algorithm(char **out, const pki_crl_t *crl)
{
	CHECK_CRL_OUT();
	return sig_name(out, crl);
}

int pki_crl_count(const pki_crl_t *crl)
{
	pki__clear_error();
	if (!crl)
		return pki__fail(PKI_E_INVALID_ARG, "CRL is NULL");
	return crl->count > INT_MAX ? INT_MAX : (int)crl->count;
}

int pki_crl_entry(char **serial, int64_t *revoked_at, const pki_crl_t *crl, unsigned index)
{
	const pki__crl_entry_t *e;

	pki__clear_error();
	if (serial)
		*serial = NULL;
	if (!crl)
		return pki__fail(PKI_E_INVALID_ARG, "CRL is NULL");
	if (index >= crl->count)
		return pki__fail(PKI_E_NOT_FOUND, "CRL entry %u of %zu", index, crl->count);
	e = &crl->entries[index];
	if (serial) {
		*serial = pki__serial_hex(e->serial.data, e->serial.size);
		if (!*serial)
			return pki__fail(PKI_E_NOMEM, "out of memory");
	}
	if (revoked_at)
		*revoked_at = e->revoked_at;
	return e->reason;
}

const pki__crl_entry_t *pki__crl_find(const pki_crl_t *crl, const gnutls_datum_t *serial,
				      const gnutls_datum_t *cert_issuer)
{
	gnutls_datum_t key = { serial->data, serial->size };
	const unsigned char *p = serial->data;
	size_t n = serial->size, lo = 0, hi = crl->count;

	if (n == 0 || !crl->sorted)
		return NULL;
	int_minimal(&p, &n); /* the entries hold minimal forms */
	key.data = (unsigned char *)p;
	key.size = (unsigned)n;
	while (lo < hi) { /* the first entry not below the serial */
		size_t mid = lo + (hi - lo) / 2;

		if (serial_cmp(&crl->sorted[mid]->serial, &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* an indirect CRL may list one serial once per certificate issuer */
	for (size_t i = lo; i < crl->count && serial_cmp(&crl->sorted[i]->serial, &key) == 0;
	     i++) {
		const pki__crl_entry_t *e = crl->sorted[i];

		if (!cert_issuer)
			return e;
		if (crl->indirect && e->issuer ? pki__gnames_have_dn(e->issuer, cert_issuer)
					       : pki__dn_equal(&crl->issuer, cert_issuer))
			return e;
	}
	return NULL;
}

int pki_crl_lookup(int64_t *revoked_at, const pki_crl_t *crl, const char *serial)
{
	unsigned char s[22];
	size_t len;
	gnutls_datum_t d;
	const pki__crl_entry_t *e;
	int ret;

	pki__clear_error();
	if (!crl)
		return pki__fail(PKI_E_INVALID_ARG, "CRL is NULL");
	ret = parse_serial(s + 1, &len, serial, "serial");
	if (ret < 0)
		return ret;
	/* the magnitude as a positive INTEGER: a sign byte when the top bit is set */
	s[0] = 0;
	d.data = s;
	d.size = (unsigned)len + 1;
	e = pki__crl_find(crl, &d, NULL);
	if (!e)
		return pki__fail(PKI_E_NOT_FOUND, "serial %s is not in the CRL", serial);
	if (revoked_at)
		*revoked_at = e->revoked_at;
	return e->reason;
}

int pki_crl_verify(const pki_crl_t *crl, const pki_cert_t *issuer, unsigned flags)
{
	unsigned status = 0;
	gnutls_x509_crt_t ca;
	int ret;

	pki__clear_error();
	if (!crl || !issuer)
		return pki__fail(PKI_E_INVALID_ARG, "%s is NULL", !crl ? "CRL" : "issuer");
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "unknown flags 0x%x", flags);
	ca = issuer->crt;
	/* Only the signature and the issuer name: the caller decides on dates and CA flags. */
	ret = gnutls_x509_crl_verify(crl->crl, &ca, 1,
				     GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
					     GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS |
					     GNUTLS_VERIFY_DISABLE_CA_SIGN,
				     &status);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_BAD_SIGNATURE, ret, "cannot verify the CRL");
	/* GnuTLS checks CRL dates against its own clock whatever the flags: ignore that here
	 * (the time bits come with GNUTLS_CERT_INVALID, which alone then means nothing else) */
	if (status & (GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED |
		      GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE)) {
		status &= ~(unsigned)(GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED |
				      GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE);
		if (status == GNUTLS_CERT_INVALID)
			status = 0;
	}
	if (status & GNUTLS_CERT_SIGNER_NOT_FOUND)
		return pki__fail(PKI_E_BAD_SIGNATURE, "the CRL was not issued by this certificate "
						      "(issuer name differs)");
	if (status)
		return pki__fail(PKI_E_BAD_SIGNATURE, "the CRL signature does not verify with "
						      "this issuer's key");
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Dumps                                                                                     */

int pki_crl_to_json(char **out, const pki_crl_t *crl, unsigned flags)
{
	pki__buf_t b = { 0 };
	char *s = NULL, t[32];
	int ret;

	CHECK_CRL_OUT();
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "unknown flags 0x%x", flags);
	pki__buf_add(&b, "{\"issuer\": ", 11);
	ret = crl_issuer(&s, crl);
	if (ret < 0)
		goto fail;
	pki__buf_json_str(&b, s);
	pki_free(s);
	pki__rfc3339(t, sizeof(t), crl->this_update);
	pki__buf_printf(&b, ", \"this_update\": \"%s\", \"next_update\": ", t);
	if (crl->next_update >= 0) {
		pki__rfc3339(t, sizeof(t), crl->next_update);
		pki__buf_json_str(&b, t);
	} else {
		pki__buf_add(&b, "null", 4);
	}
	pki__buf_add(&b, ", \"number\": ", 12);
	s = crl->number.size ? uint_hex(&crl->number) : NULL;
	if (crl->number.size && !s)
		b.failed = true;
	pki__buf_json_str(&b, s);
	pki_free(s);
	pki__buf_add(&b, ", \"authority_key_id\": ", 22);
	s = crl->aki.size ? pki__hex(crl->aki.data, crl->aki.size) : NULL;
	if (crl->aki.size && !s)
		b.failed = true;
	pki__buf_json_str(&b, s);
	pki_free(s);
	pki__buf_add(&b, ", \"signature_algorithm\": ", 25);
	ret = sig_name(&s, crl);
	if (ret < 0)
		goto fail;
	pki__buf_json_str(&b, s);
	pki_free(s);
	pki__buf_add(&b, ", \"revoked\": [", 14);
	for (size_t i = 0; i < crl->count; i++) {
		const pki__crl_entry_t *e = &crl->entries[i];
		char *hex = pki__serial_hex(e->serial.data, e->serial.size);

		pki__rfc3339(t, sizeof(t), e->revoked_at);
		pki__buf_printf(&b, "%s{\"serial\": ", i ? ", " : "");
		if (!hex)
			b.failed = true;
		pki__buf_json_str(&b, hex ? hex : "");
		pki_free(hex);
		pki__buf_printf(&b, ", \"revocation_date\": \"%s\", \"reason\": \"%s\"}", t,
				pki_crl_reason_name(e->reason));
	}
	pki__buf_add(&b, "]}", 2);
	pki__clear_error();
	return pki__buf_finish(&b, out);
fail:
	pki__buf_discard(&b);
	return ret;
}

int pki_crl_to_text(char **out, const pki_crl_t *crl, unsigned flags)
{
	pki__buf_t b = { 0 };
	char *s = NULL, t[32];
	int ret;

	CHECK_CRL_OUT();
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "unknown flags 0x%x", flags);
	pki__buf_printf(&b, "Certificate Revocation List (CRL), version %d\n",
			gnutls_x509_crl_get_version(crl->crl));
	ret = crl_issuer(&s, crl);
	if (ret < 0)
		goto fail;
	pki__buf_add(&b, "  Issuer: ", 10);
	text_add(&b, s);
	pki__buf_add(&b, "\n", 1);
	pki_free(s);
	pki__rfc3339(t, sizeof(t), crl->this_update);
	pki__buf_printf(&b, "  Last Update (thisUpdate): %s\n", t);
	if (crl->next_update >= 0) {
		pki__rfc3339(t, sizeof(t), crl->next_update);
		pki__buf_printf(&b, "  Next Update (nextUpdate): %s\n", t);
	} else {
		pki__buf_printf(&b, "  Next Update (nextUpdate): none\n");
	}
	if (crl->number.size) {
		s = uint_hex(&crl->number);
		if (!s)
			b.failed = true;
		pki__buf_printf(&b, "  CRL Number: 0x%s\n", s ? s : "");
		pki_free(s);
	}
	if (crl->delta) {
		s = uint_hex(&crl->base_number);
		if (!s)
			b.failed = true;
		pki__buf_printf(&b, "  Delta CRL of base CRL number: 0x%s\n", s ? s : "");
		pki_free(s);
	}
	if (crl->aki.size) {
		s = pki__hex(crl->aki.data, crl->aki.size);
		if (!s)
			b.failed = true;
		pki__buf_printf(&b, "  Authority Key Identifier: %s\n", s ? s : "");
		pki_free(s);
	}
	if (crl->has_idp)
		pki__buf_printf(&b, "  Issuing Distribution Point:%s%s%s%s%s%s\n",
				crl->idp_name.present ? " distributionPoint" : "",
				crl->only_user ? " onlyContainsUserCerts" : "",
				crl->only_ca ? " onlyContainsCACerts" : "",
				crl->only_attr ? " onlyContainsAttributeCerts" : "",
				crl->only_reasons != PKI__REASONS_ALL ? " onlySomeReasons" : "",
				crl->indirect ? " indirectCRL" : "");
	ret = sig_name(&s, crl);
	if (ret < 0)
		goto fail;
	pki__buf_add(&b, "  Signature Algorithm: ", 23);
	text_add(&b, s);
	pki__buf_add(&b, "\n", 1);
	pki_free(s);
	pki__buf_printf(&b, "  Revoked Certificates: %zu\n", crl->count);
	for (size_t i = 0; i < crl->count; i++) {
		const pki__crl_entry_t *e = &crl->entries[i];
		char *hex = pki__serial_hex(e->serial.data, e->serial.size);

		pki__rfc3339(t, sizeof(t), e->revoked_at);
		if (!hex)
			b.failed = true;
		pki__buf_printf(&b, "    Serial %s\n      Revocation Date: %s\n      Reason: %s\n",
				hex ? hex : "", t, pki_crl_reason_name(e->reason));
		pki_free(hex);
	}
	pki__clear_error();
	return pki__buf_finish(&b, out);
fail:
	pki__buf_discard(&b);
	return ret;
}
/* ---------------------------------------------------------------------------------------- */
/* Creating                                                                                  */

typedef struct {
	unsigned char serial[21];
	size_t serial_len;
	int64_t revoked_at;
	int reason;
} opt_entry_t;

struct pki_crl_opts {
	opt_entry_t *entries;
	size_t count, cap;
	int64_t this_update, next_update; /* -1: not set */
	unsigned days;
	unsigned char number[21];
	size_t number_len; /* 0: default */
};

int pki_crl_opts_new(pki_crl_opts_t **out, unsigned flags)
{
	pki_crl_opts_t *o;

	pki__clear_error();
	if (!out)
		return pki__fail(PKI_E_INVALID_ARG, "output pointer is NULL");
	*out = NULL;
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "unknown flags 0x%x", flags);
	o = pki__zalloc(sizeof(*o));
	if (!o)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	o->this_update = o->next_update = -1;
	o->days = PKI_DEFAULT_CRL_DAYS;
	*out = o;
	return 0;
}

void pki_crl_opts_free(pki_crl_opts_t *opts)
{
	if (!opts)
		return;
	pki_free(opts->entries);
	pki_free(opts);
}

static int add_entry(pki_crl_opts_t *opts, const unsigned char *s, size_t len, int64_t when,
		     int reason, const char *shown)
{
	if (!pki_crl_reason_name(reason))
		return pki__fail(PKI_E_INVALID_ARG, "unknown revocation reason %d", reason);
	if (opts->count >= PKI_CRL_MAX_ENTRIES)
		return pki__fail(PKI_E_TOO_LARGE, "a CRL has at most %d entries (PKI_CRL_MAX_ENTRIES)",
				 PKI_CRL_MAX_ENTRIES);
	for (size_t i = 0; i < opts->count; i++)
		if (opts->entries[i].serial_len == len &&
		    memcmp(opts->entries[i].serial, s, len) == 0)
			return pki__fail(PKI_E_INVALID_ARG, "serial %s is already in the CRL",
					 shown);
	if (opts->count == opts->cap) {
		size_t ncap = opts->cap ? opts->cap * 2 : 8;
		opt_entry_t *ne;

		if (ncap > PKI_MAX_INPUT_SIZE / sizeof(*ne))
			return pki__fail(PKI_E_TOO_LARGE, "too many CRL entries");
		ne = pki__malloc(ncap * sizeof(*ne));
		if (!ne)
			return pki__fail(PKI_E_NOMEM, "out of memory");
		if (opts->entries) {
			memcpy(ne, opts->entries, opts->count * sizeof(*ne));
			pki_free(opts->entries);
		}
		opts->entries = ne;
		opts->cap = ncap;
	}
	memcpy(opts->entries[opts->count].serial, s, len);
	opts->entries[opts->count].serial_len = len;
	opts->entries[opts->count].revoked_at = when;
	opts->entries[opts->count].reason = reason;
	opts->count++;
	return 0;
}

/* Times GnuTLS and the DER writer handle: years 1950..9999. */
#define MIN_TIME (-631152000LL)  /* 1950-01-01 */
#define MAX_TIME 253402300799LL  /* 9999-12-31T23:59:59Z */

int pki_crl_opts_add_revoked(pki_crl_opts_t *opts, const char *serial, int64_t revoked_at,
			     int reason)
{
	unsigned char s[21];
	size_t len;
	int ret;

	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "options are NULL");
	ret = parse_serial(s, &len, serial, "serial");
	if (ret < 0)
		return ret;
	if (revoked_at < MIN_TIME || revoked_at > MAX_TIME)
		return pki__fail(PKI_E_INVALID_ARG, "revocation time %lld is out of range",
				 (long long)revoked_at);
	return add_entry(opts, s, len, revoked_at, reason, serial);
}

int pki_crl_opts_add_revoked_cert(pki_crl_opts_t *opts, const pki_cert_t *cert,
				  int64_t revoked_at, int reason)
{
	unsigned char s[21];
	size_t len;
	int ret;

	pki__clear_error();
	if (!opts || !cert)
		return pki__fail(PKI_E_INVALID_ARG, "%s is NULL", !opts ? "options" : "certificate");
	if (revoked_at < MIN_TIME || revoked_at > MAX_TIME)
		return pki__fail(PKI_E_INVALID_ARG, "revocation time %lld is out of range",
				 (long long)revoked_at);
	ret = pki__cert_serial_bytes(s, &len, cert->crt);
	if (ret < 0)
		return ret;
	if (s[0] & 0x80)
		return pki__fail(PKI_E_INVALID_ARG, "the certificate has a negative serial number");
	{
		size_t off = len > 1 && s[0] == 0 ? 1 : 0; /* the options hold magnitudes */
		char *hex = pki__hex(s + off, len - off);

		if (!hex)
			return pki__fail(PKI_E_NOMEM, "out of memory");
		ret = add_entry(opts, s + off, len - off, revoked_at, reason, hex);
		pki_free(hex);
	}
	return ret;
}

int pki_crl_opts_set_days(pki_crl_opts_t *opts, unsigned days)
{
	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "options are NULL");
	if (days < 1 || days > 3650)
		return pki__fail(PKI_E_INVALID_ARG, "CRL lifetime of %u days is outside 1..3650",
				 days);
	opts->days = days;
	opts->this_update = opts->next_update = -1;
	return 0;
}

int pki_crl_opts_set_validity(pki_crl_opts_t *opts, int64_t this_update, int64_t next_update)
{
	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "options are NULL");
	if (this_update < MIN_TIME || next_update > MAX_TIME || this_update >= next_update)
		return pki__fail(PKI_E_INVALID_ARG,
				 "thisUpdate must be before nextUpdate, both in 1950..9999");
	opts->this_update = this_update;
	opts->next_update = next_update;
	return 0;
}

int pki_crl_opts_set_number(pki_crl_opts_t *opts, const char *hex)
{
	unsigned char s[21];
	size_t len;
	int ret;

	pki__clear_error();
	if (!opts)
		return pki__fail(PKI_E_INVALID_ARG, "options are NULL");
	ret = parse_serial(s, &len, hex, "CRL number");
	if (ret < 0)
		return ret;
	memcpy(opts->number, s, len);
	opts->number_len = len;
	return 0;
}

/* The AlgorithmIdentifier for @p key's signatures; RSA PKCS#1 carries NULL parameters. */
static int sig_alg(gnutls_sign_algorithm_t *sign, const pki_key_t *key)
{
	int pk = gnutls_privkey_get_pk_algorithm(key->priv, NULL);

	switch (pk) {
	case GNUTLS_PK_EDDSA_ED25519:
		*sign = GNUTLS_SIGN_EDDSA_ED25519;
		return 0;
	case GNUTLS_PK_EDDSA_ED448:
		*sign = GNUTLS_SIGN_EDDSA_ED448;
		return 0;
	case GNUTLS_PK_RSA:
	case GNUTLS_PK_ECDSA:
		*sign = gnutls_pk_to_sign((gnutls_pk_algorithm_t)pk, pki__key_sign_digest(key));
		if (*sign != GNUTLS_SIGN_UNKNOWN && gnutls_sign_get_oid(*sign))
			return 0;
		break;
	default:
		break;
	}
	return pki__fail(PKI_E_UNSUPPORTED, "cannot sign a CRL with this key type");
}

static bool same_pubkey(gnutls_x509_crt_t crt, const pki_key_t *key)
{
	gnutls_pubkey_t pub = NULL;
	gnutls_datum_t a = { NULL, 0 }, b = { NULL, 0 };
	bool same = false;

	if (gnutls_pubkey_init(&pub) < 0)
		return false;
	if (gnutls_pubkey_import_x509(pub, crt, 0) == 0 &&
	    gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, &a) == 0 &&
	    gnutls_pubkey_export2(key->pub, GNUTLS_X509_FMT_DER, &b) == 0)
		same = a.size == b.size && memcmp(a.data, b.data, a.size) == 0;
	gnutls_free(a.data);
	gnutls_free(b.data);
	gnutls_pubkey_deinit(pub);
	return same;
}

/* The authorityKeyIdentifier value: the CA's SKI, or SHA-1 of its key (RFC 5280 method 1). */
static int ca_key_id(unsigned char *id, size_t *len, gnutls_x509_crt_t ca, const pki_key_t *key)
{
	unsigned crit = 0;
	size_t n = *len;

	if (gnutls_x509_crt_get_subject_key_id(ca, id, &n, &crit) == 0 && n > 0) {
		*len = n;
		return 0;
	}
	if (*len < 20 || pki__key_sha1_id(id, key->pub) < 0)
		return pki__fail(PKI_E_CRYPTO, "cannot compute the CA key identifier");
	*len = 20;
	return 0;
}

/* A non-negative INTEGER from big-endian magnitude bytes: a 00 sign byte when the top bit is
 * set. */
static int write_uint(asn1_node node, const char *name, const unsigned char *p, size_t n)
{
	unsigned char tmp[32];

	while (n > 1 && p[0] == 0) {
		p++;
		n--;
	}
	if (n == 0 || n > sizeof(tmp) - 1)
		return pki__fail(PKI_E_INVALID_ARG, "integer of %zu bytes", n);
	tmp[0] = 0;
	memcpy(tmp + 1, p, n);
	return (p[0] & 0x80) ? pki__asn1_write(node, name, tmp, n + 1)
			     : pki__asn1_write(node, name, tmp + 1, n);
}

/* Append an Extension to the Extensions element @p exts whose value is the DER of @p value. */
static int add_extension(asn1_node node, const char *exts, const char *oid, asn1_node value)
{
	gnutls_datum_t der = { NULL, 0 };
	char el[128];
	int ret;

	ret = pki__asn1_encode(&der, value, "");
	if (ret == 0)
		ret = pki__asn1_write(node, exts, "NEW", 1);
	snprintf(el, sizeof(el), "%s.?LAST.extnID", exts);
	if (ret == 0)
		ret = pki__asn1_write_str(node, el, oid);
	snprintf(el, sizeof(el), "%s.?LAST.critical", exts);
	if (ret == 0)
		ret = pki__asn1_write_str(node, el, "FALSE"); /* the DEFAULT: not encoded */
	snprintf(el, sizeof(el), "%s.?LAST.extnValue", exts);
	if (ret == 0)
		ret = pki__asn1_write(node, el, der.data, der.size);
	gnutls_free(der.data);
	return ret;
}

static int write_entries(asn1_node list, const pki_crl_opts_t *opts)
{
	const char *rc = "tbsCertList.revokedCertificates";
	int ret = 0;

	if (!opts || opts->count == 0) /* RFC 5280 5.1.2.6: absent when empty */
		return pki__asn1_write(list, rc, NULL, 0);
	for (size_t i = 0; ret == 0 && i < opts->count; i++) {
		const opt_entry_t *e = &opts->entries[i];
		asn1_node reason = NULL;

		ret = pki__asn1_write(list, rc, "NEW", 1);
		if (ret == 0)
			ret = write_uint(list, "tbsCertList.revokedCertificates.?LAST.userCertificate",
					 e->serial, e->serial_len);
		if (ret == 0)
			ret = pki__asn1_write_time(list,
						   "tbsCertList.revokedCertificates.?LAST."
						   "revocationDate",
						   e->revoked_at);
		if (ret < 0)
			break;
		if (e->reason == PKI_CRL_REASON_UNSPECIFIED) {
			ret = pki__asn1_write(list,
					      "tbsCertList.revokedCertificates.?LAST."
					      "crlEntryExtensions",
					      NULL, 0);
			continue;
		}
		ret = pki__asn1_create(&reason, "CRLReason");
		if (ret == 0)
			ret = pki__asn1_write_int(reason, "", e->reason);
		if (ret == 0)
			ret = add_extension(list,
					    "tbsCertList.revokedCertificates.?LAST.crlEntryExtensions",
					    OID_REASON_CODE, reason);
		pki__asn1_free(&reason);
	}
	return ret;
}

static int write_crl_extensions(asn1_node list, const unsigned char *aki, size_t aki_len,
				const unsigned char *number, size_t number_len)
{
	const char *exts = "tbsCertList.crlExtensions";
	asn1_node v = NULL;
	int ret;

	/* AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] KeyIdentifier } */
	ret = pki__asn1_create(&v, "AuthorityKeyIdentifier");
	if (ret == 0)
		ret = pki__asn1_write(v, "keyIdentifier", aki, aki_len);
	if (ret == 0)
		ret = pki__asn1_write(v, "authorityCertIssuer", NULL, 0);
	if (ret == 0)
		ret = pki__asn1_write(v, "authorityCertSerialNumber", NULL, 0);
	if (ret == 0)
		ret = add_extension(list, exts, OID_AKI, v);
	pki__asn1_free(&v);
	if (ret < 0)
		return ret;
	ret = pki__asn1_create(&v, "CRLNumber");
	if (ret == 0)
		ret = write_uint(v, "", number, number_len);
	if (ret == 0)
		ret = add_extension(list, exts, OID_CRL_NUMBER, v);
	pki__asn1_free(&v);
	return ret;
}

/* The AlgorithmIdentifier @p name of @p node for @p sign; RSA PKCS#1 carries NULL parameters. */
static int write_alg(asn1_node node, const char *name, gnutls_sign_algorithm_t sign)
{
	static const unsigned char der_null[] = { 0x05, 0x00 };
	char el[96];
	int ret;

	snprintf(el, sizeof(el), "%s.algorithm", name);
	ret = pki__asn1_write_str(node, el, gnutls_sign_get_oid(sign));
	snprintf(el, sizeof(el), "%s.parameters", name);
	if (ret == 0)
		ret = gnutls_sign_get_pk_algorithm(sign) == GNUTLS_PK_RSA
			      ? pki__asn1_write(node, el, der_null, sizeof(der_null))
			      : pki__asn1_write(node, el, NULL, 0);
	return ret;
}

int pki_crl_create(pki_crl_t **out, const pki_cert_t *ca, const pki_key_t *ca_key,
		   const pki_crl_opts_t *opts, unsigned flags)
{
	gnutls_sign_algorithm_t sign = GNUTLS_SIGN_UNKNOWN;
	gnutls_datum_t dn = { NULL, 0 }, sig = { NULL, 0 }, tbs = { NULL, 0 }, der = { NULL, 0 };
	asn1_node list = NULL, name = NULL;
	unsigned char aki[64], number[21];
	size_t aki_len = sizeof(aki), number_len;
	int64_t now = (int64_t)time(NULL), this_update, next_update, ca_nb;
	unsigned ca_flag = 0, ku = 0, crit = 0;
	int ret, rc, pathlen = -1;

	pki__clear_error();
	if (!out)
		return pki__fail(PKI_E_INVALID_ARG, "output pointer is NULL");
	*out = NULL;
	if (!ca || !ca_key)
		return pki__fail(PKI_E_INVALID_ARG, "%s is NULL", !ca ? "CA certificate" : "CA key");
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "unknown flags 0x%x", flags);
	if (!ca_key->priv)
		return pki__fail(PKI_E_NO_PRIVATE_KEY, "the CA key is a public key only");
	ret = gnutls_x509_crt_get_basic_constraints(ca->crt, &crit, &ca_flag, &pathlen);
	if (ret < 0 || !ca_flag)
		return pki__fail(PKI_E_NOT_CA, "the issuer certificate is not a CA (CA:FALSE)");
	if (gnutls_x509_crt_get_key_usage(ca->crt, &ku, &crit) == 0 &&
	    !(ku & GNUTLS_KEY_CRL_SIGN))
		return pki__fail(PKI_E_NOT_CA, "the CA's key usage does not include cRLSign");
	if (!same_pubkey(ca->crt, ca_key))
		return pki__fail(PKI_E_KEY_MISMATCH, "the key is not the CA certificate's key");
	ret = sig_alg(&sign, ca_key);
	if (ret < 0)
		return ret;

	ca_nb = (int64_t)gnutls_x509_crt_get_activation_time(ca->crt);
	if (opts && opts->this_update >= 0) {
		this_update = opts->this_update;
		next_update = opts->next_update;
		if (ca_nb != -1 && this_update < ca_nb)
			return pki__fail(PKI_E_VALIDITY, "thisUpdate is before the CA's notBefore");
	} else {
		/* backdated as certificates are (PKI_CLOCK_SKEW_SECONDS), but never before the
		 * CA's notBefore; the lifetime counts from that instant, as for certificates */
		this_update = now - PKI_CLOCK_SKEW_SECONDS;
		if (ca_nb != -1 && this_update < ca_nb)
			this_update = ca_nb;
		next_update = this_update + 86400LL * (opts ? opts->days : PKI_DEFAULT_CRL_DAYS);
		if (ca_nb != -1 && now < ca_nb)
			return pki__fail(PKI_E_VALIDITY, "thisUpdate is before the CA's notBefore");
	}
	if (opts && opts->number_len) {
		number_len = opts->number_len;
		memcpy(number, opts->number, number_len);
	} else {
		uint64_t v = (uint64_t)(this_update > 0 ? this_update : 1);

		for (int i = 0; i < 8; i++)
			number[i] = (unsigned char)(v >> (56 - 8 * i));
		number_len = 8;
	}
	ret = ca_key_id(aki, &aki_len, ca->crt, ca_key);
	if (ret < 0)
		return ret;
	ret = gnutls_x509_crt_get_raw_dn(ca->crt, &dn);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_PARSE, ret, "cannot read the CA's subject");

	ret = pki__asn1_create(&list, "CertificateList");
	if (ret == 0)
		ret = pki__asn1_write_int(list, "tbsCertList.version", 1); /* v2 */
	if (ret == 0)
		ret = write_alg(list, "tbsCertList.signature", sign);
	if (ret == 0)
		ret = pki__asn1_decode(&name, "Name", dn.data, dn.size);
	if (ret == 0) { /* issuer: the CA's subject, as encoded in the CA certificate */
		rc = asn1_copy_node(list, "tbsCertList.issuer", name, "");
		if (rc != ASN1_SUCCESS)
			ret = pki__fail(PKI_E_PARSE, "cannot copy the CA's subject (libtasn1: %s)",
					asn1_strerror(rc));
	}
	if (ret == 0)
		ret = pki__asn1_write_time(list, "tbsCertList.thisUpdate", this_update);
	if (ret == 0)
		ret = pki__asn1_write_time(list, "tbsCertList.nextUpdate", next_update);
	if (ret == 0)
		ret = write_entries(list, opts);
	if (ret == 0)
		ret = write_crl_extensions(list, aki, aki_len, number, number_len);
	if (ret == 0)
		ret = pki__asn1_encode(&tbs, list, "tbsCertList");
	if (ret < 0) {
		ret = fail_wrap(ret == PKI_E_NOMEM ? PKI_E_NOMEM : PKI_E_CRYPTO,
				"cannot encode the CRL");
		goto done;
	}
	ret = gnutls_privkey_sign_data2(ca_key->priv, sign, 0, &tbs, &sig);
	if (ret < 0) {
		ret = pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot sign the CRL");
		goto done;
	}
	/* CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue } */
	ret = write_alg(list, "signatureAlgorithm", sign);
	if (ret == 0)
		ret = pki__asn1_write(list, "signature", sig.data, (size_t)sig.size * 8);
	if (ret == 0)
		ret = pki__asn1_encode(&der, list, "");
	if (ret < 0) {
		ret = fail_wrap(PKI_E_CRYPTO, "cannot encode the CRL");
		goto done;
	}
	ret = crl_from_der(out, der.data, der.size);
	if (ret < 0) {
		ret = fail_wrap(PKI_E_CRYPTO, "internal error: the new CRL does not parse");
		goto done;
	}
	ret = pki_crl_verify(*out, ca, 0);
	if (ret < 0) {
		pki_crl_free(*out);
		*out = NULL;
		ret = pki__fail(PKI_E_CRYPTO, "internal error: the new CRL does not verify");
	}
done:
	gnutls_free(sig.data);
	gnutls_free(tbs.data);
	gnutls_free(der.data);
	gnutls_free(dn.data);
	pki__asn1_free(&name);
	pki__asn1_free(&list);
	return ret;
}
