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
#include "work-int.h"

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

const char *pki_crl_reason_name(pki_crl_reason_t reason)
{
	if ((int)reason < 0 || (size_t)reason >= N_REASONS)
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
	int ret;

	pki__clear_error();
	if ((ret = pki__arg(__func__, name, "name")) < 0)
		return ret;
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
int pki__crl_parse_serial(unsigned char out[21], size_t *len, const char *hex, const char *what)
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

/* The INTEGER value of the extension @p ext, an ASN.1 @p type (CRLNumber, DeltaCRLIndicator). */
static int ext_uint(gnutls_datum_t *out, asn1_node node, const char *ext, const char *type,
		    const char *what)
{
	asn1_node v = NULL;
	int ret = ext_value(&v, node, ext, type);

	if (ret == 0)
		ret = read_uint(out, v, "", what);
	pki__asn1_free(&v);
	return ret;
}

/*
 * The extnID (into @p oid, @p len bytes) and critical flag of the Extension @p ext of @p node.
 * Returns 1 << i for the OID @p known[i] (a NULL-terminated list), refusing one already in
 * *@p seen (@p what names the list: "CRL extension"), or 0 for any other OID, which sets
 * *@p unknown_critical when it is critical; or a negative PKI_E_* code.
 */
static int ext_head(char *oid, size_t len, bool *critical, asn1_node node, const char *ext,
		    const char *const *known, unsigned *seen, bool *unknown_critical,
		    const char *what)
{
	char el[300];
	int ret;

	snprintf(el, sizeof(el), "%s.extnID", ext);
	if ((ret = pki__asn1_read_oid(oid, len, node, el)) < 0)
		return ret;
	snprintf(el, sizeof(el), "%s.critical", ext);
	if ((ret = pki__asn1_read_bool(critical, node, el)) < 0)
		return ret;
	for (unsigned i = 0; known[i]; i++) {
		if (strcmp(oid, known[i]) != 0)
			continue;
		if (*seen & (1u << i))
			return pki__fail(PKI_E_PARSE, "the %s %s appears twice", what, oid);
		*seen |= 1u << i;
		return (int)(1u << i);
	}
	if (*critical)
		*unknown_critical = true;
	return 0;
}

/* One crlExtensions element ("tbsCertList.crlExtensions.?N"). */
static int parse_crl_ext(pki_crl_t *crl, asn1_node node, const char *ext, unsigned *seen)
{
	static const char *const known[] = { OID_CRL_NUMBER, OID_DELTA_CRL, OID_IDP, OID_AKI,
					     NULL };
	char oid[128], el[300];
	bool critical = false;
	asn1_node v = NULL;
	int ret = ext_head(oid, sizeof(oid), &critical, node, ext, known, seen,
			   &crl->unknown_critical, "CRL extension");

	if (ret <= 0)
		return ret;
	switch (ret) {
	case 1:
		crl->number_critical = critical;
		ret = ext_uint(&crl->number, node, ext, "CRLNumber", "cRLNumber");
		break;
	case 2:
		crl->delta = true;
		ret = ext_uint(&crl->base_number, node, ext, "DeltaCRLIndicator", "deltaCRLIndicator");
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
		return pki__fail_wrap(ret, "CRL extension %s", oid);
	return 0;
}

/* One entry's crlEntryExtensions. @p issuer is the certificateIssuer in effect so far. */
static int parse_entry_exts(pki_crl_t *crl, pki__crl_entry_t *e, asn1_node node,
			    const pki__gnames_t **issuer)
{
	static const char *const known[] = { OID_REASON_CODE, OID_INVALIDITY_DATE, OID_CERT_ISSUER,
					     NULL };
	size_t n = 0;
	unsigned seen = 0;
	int ret = pki__asn1_count(&n, node, "crlEntryExtensions");

	if (ret < 0)
		return ret;
	if (n > PKI_CRL_MAX_ENTRY_EXTENSIONS)
		return pki__fail(PKI_E_TOO_LARGE, "%zu extensions in one CRL entry (at most %d)", n,
				 PKI_CRL_MAX_ENTRY_EXTENSIONS);
	for (size_t i = 0; i < n; i++) {
		char ext[64], oid[128];
		bool critical = false;
		asn1_node v = NULL;
		int bit;
		int64_t r = 0;

		snprintf(ext, sizeof(ext), "crlEntryExtensions.?%zu", i + 1);
		bit = ext_head(oid, sizeof(oid), &critical, node, ext, known, &seen,
			       &e->unknown_critical, "entry extension");
		if (bit < 0)
			return bit;
		if (bit == 0)
			continue;
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
			return pki__fail_wrap(ret, "entry extension %s", oid);
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
 * The number of TLVs that fill the contents of the TLV at @p p (@p n bytes) in @p count,
 * counting stops above @p max. false when they do not fill it exactly.
 */
static bool count_elements(const unsigned char *p, size_t n, size_t max, size_t *count)
{
	size_t hdr, clen;

	*count = 0;
	if (!tlv_span(p, n, &hdr, &clen))
		return false;
	for (size_t off = hdr; off < hdr + clen;) {
		size_t h, c;

		if (!tlv_span(p + off, hdr + clen - off, &h, &c))
			return false;
		off += h + c;
		if (++*count > max)
			return true;
	}
	return true;
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
		if (cls == ASN1_CLASS_STRUCTURED && tag == ASN1_TAG_SEQUENCE && ++seqs == 3)
			return count_elements(der + off, eh + ec, PKI_CRL_MAX_ENTRIES, count) &&
			       *count > PKI_CRL_MAX_ENTRIES;
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
static int parse_entries(pki_crl_t *crl, const gnutls_datum_t *seq)
{
	size_t hdr, clen, off, n = 0, total = 0;
	const pki__gnames_t *issuer = NULL;
	unsigned char *sp;
	int ret;

	unsigned char cls;
	int taglen = 0;
	unsigned long tag;

	if (seq->size > INT_MAX ||
	    asn1_get_tag_der(seq->data, (int)seq->size, &cls, &taglen, &tag) != ASN1_SUCCESS ||
	    cls != ASN1_CLASS_STRUCTURED || tag != ASN1_TAG_SEQUENCE ||
	    !count_elements(seq->data, seq->size, PKI_CRL_MAX_ENTRIES, &n) ||
	    n > PKI_CRL_MAX_ENTRIES || !tlv_span(seq->data, seq->size, &hdr, &clen))
		return pki__fail(PKI_E_PARSE, "malformed revokedCertificates");
	if (n == 0)
		return 0;
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
			return pki__fail_wrap(ret, "CRL entry %zu", crl->count + 1);
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

/*
 * The CertificateList of @p crl decoded strictly into @p list: with its revokedCertificates
 * left whole (CertificateListShallow, for parse_entries) when the list is there, else
 * completely (no list, or damage: the full decoder says what is wrong).
 */
static int decode_list(asn1_node *list, const pki_crl_t *crl)
{
	gnutls_datum_t rc = { NULL, 0 };
	unsigned char cls = 0;
	int taglen = 0;
	unsigned long tag = 0;

	if (pki__asn1_decode(list, "CertificateListShallow", crl->der.data, crl->der.size) == 0) {
		if (pki__asn1_der_of(&rc, *list, "tbsCertList.revokedCertificates", crl->der.data,
				     crl->der.size) == 0 &&
		    asn1_get_tag_der(rc.data, (int)rc.size, &cls, &taglen, &tag) == ASN1_SUCCESS &&
		    cls == ASN1_CLASS_STRUCTURED && tag == ASN1_TAG_SEQUENCE)
			return 0;
		pki__asn1_free(list);
	}
	pki__clear_error();
	if (pki__asn1_decode(list, "CertificateList", crl->der.data, crl->der.size) < 0)
		return pki__fail_wrap(PKI_E_PARSE, "not a valid X.509 CRL");
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

	if ((ret = decode_list(&list, crl)) < 0)
		return ret;
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
			ret = parse_entries(crl, &seq);
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
	pki__dn_attrs_free(atomic_load_explicit(&crl->issuer_attrs, memory_order_acquire));
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
int pki__crl_from_der(pki_crl_t **out, const unsigned char *der, size_t size)
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
	atomic_init(&crl->issuer_attrs, NULL);
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
		ret = pki__crl_from_der(&v[0], data, size);
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
			/* each block starts with its marker: no more blocks than that allows */
			pki_crl_t **nv = pki__grow(v, &cap, count, sizeof(*nv),
						   size / (sizeof(begin) - 1), "CRLs", &ret);

			if (!nv)
				goto done;
			v = nv;
		}
		ret = gnutls_pem_base64_decode2("X509 CRL", &in, &der);
		if (ret < 0) {
			ret = pki__fail_gnutls(PKI_E_PARSE, ret, "CRL %zu: not a valid PEM CRL",
					       count + 1);
			goto done;
		}
		ret = pki__crl_from_der(&v[count], der.data, der.size);
		gnutls_free(der.data);
		if (ret < 0) {
			ret = pki__fail_wrap(ret, "CRL %zu", count + 1);
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
		return pki__crl_from_der(out, data, size);
	if (!pki__pem_has_label(data, size, "X509 CRL"))
		return pki__fail(PKI_E_PARSE, "PEM input has no \"X509 CRL\" block");
	ret = gnutls_pem_base64_decode2("X509 CRL", &in, &der);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_PARSE, ret, "not a valid PEM CRL");
	ret = pki__crl_from_der(out, der.data, der.size);
	gnutls_free(der.data);
	return ret;
}

int pki_crl_import(pki_crl_t **out, const void *data, size_t size, unsigned flags)
{
	int ret;

	if ((ret = PKI__ENTER_OUT(out, flags, 0)) < 0 || (ret = pki__input(__func__, data, size)) < 0)
		return ret;
	return crl_from(out, data, size);
}

int pki_crl_import_file(pki_crl_t **out, const char *path, unsigned flags)
{
	unsigned char *data = NULL;
	size_t size = 0;
	int ret;

	if ((ret = PKI__ENTER_OUT(out, flags, 0)) < 0 || (ret = pki__path(__func__, path)) < 0)
		return ret;
	ret = pki__file_read(&data, &size, path);
	if (ret < 0)
		return ret;
	if ((ret = pki__check_input(data, size)) == 0)
		ret = crl_from(out, data, size);
	pki_free(data);
	return ret < 0 ? pki__fail_wrap(ret, "%s", path) : ret;
}

/* The DER kept by the handle, copied (gnutls_free). */
static int crl_der(gnutls_datum_t *der, const void *obj)
{
	const pki_crl_t *crl = obj;

	if (!(der->data = gnutls_malloc(crl->der.size)))
		return pki__fail(PKI_E_NOMEM, "out of memory");
	memcpy(der->data, crl->der.data, crl->der.size);
	der->size = crl->der.size;
	return 0;
}

int pki_crl_export(unsigned char **out, size_t *size, const pki_crl_t *crl, pki_format_t format,
		   unsigned flags)
{
	static const pki__kind_t kind = { "crl", "X509 CRL", crl_der, 0, NULL, NULL, NULL, NULL };

	return pki__export(__func__, out, size, crl, format, flags, &kind);
}

int pki__crl_copy(pki_crl_t **out, const pki_crl_t *crl)
{
	return pki__crl_from_der(out, crl->der.data, crl->der.size);
}

int pki_crl_dup(pki_crl_t **out, const pki_crl_t *crl)
{
	int ret = PKI__ENTER_OUT_OF(out, crl, "crl");

	return ret < 0 ? ret : pki__crl_copy(out, crl);
}

/* ---------------------------------------------------------------------------------------- */
/* Getters                                                                                   */


int pki__crl_issuer_str(char **out, const pki_crl_t *crl)
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
	int ret = pki__enter_str(__func__, out, crl, "crl");

	return ret < 0 ? ret : pki__crl_issuer_str(out, crl);
}

int pki_crl_this_update(int64_t *out, const pki_crl_t *crl)
{
	pki__clear_error();
	if (!out || !crl)
		return pki__fail(PKI_E_INVALID_ARG, "pki_crl_this_update: %s is NULL",
				 !out ? "out" : "crl");
	*out = crl->this_update;
	return 0;
}

int pki_crl_next_update(int64_t *out, const pki_crl_t *crl)
{
	pki__clear_error();
	if (!out || !crl)
		return pki__fail(PKI_E_INVALID_ARG, "pki_crl_next_update: %s is NULL",
				 !out ? "out" : "crl");
	*out = 0;
	if (crl->next_update < 0) /* crl-int.h: -1 inside, never outside */
		return pki__fail(PKI_E_NOT_FOUND, "the CRL has no nextUpdate");
	*out = crl->next_update;
	return 0;
}

char *pki__uint_hex(const gnutls_datum_t *d)
{
	const unsigned char *p = d->data;
	size_t n = d->size;

	while (n > 1 && p[0] == 0) {
		p++;
		n--;
	}
	return pki__hex(p, n);
}

/* The hex of an optional value @p d (an unsigned INTEGER when @p as_uint) for a getter:
 * PKI_E_NOT_FOUND "the CRL has no <what>" when absent (size 0). */
static int present_hex(char **out, const gnutls_datum_t *d, bool as_uint, const char *what)
{
	if (d->size == 0)
		return pki__fail(PKI_E_NOT_FOUND, "the CRL has no %s", what);
	*out = as_uint ? pki__uint_hex(d) : pki__hex(d->data, d->size);
	return *out ? 0 : pki__fail(PKI_E_NOMEM, "out of memory");
}

int pki_crl_number(char **out, const pki_crl_t *crl)
{
	int ret = pki__enter_str(__func__, out, crl, "crl");

	return ret < 0 ? ret : present_hex(out, &crl->number, true, "cRLNumber");
}

int pki_crl_authority_key_id(char **out, const pki_crl_t *crl)
{
	int ret = pki__enter_str(__func__, out, crl, "crl");

	return ret < 0 ? ret : present_hex(out, &crl->aki, false, "authority key identifier");
}

int pki__crl_sig_name(char **out, const pki_crl_t *crl)
{
	*out = pki__sign_name(crl->sign_algo, crl->sign_oid);
	return *out ? 0 : pki__fail(PKI_E_NOMEM, "out of memory");
}

int pki_crl_signature_algorithm(char **out, const pki_crl_t *crl)
{
	int ret = pki__enter_str(__func__, out, crl, "crl");

	return ret < 0 ? ret : pki__crl_sig_name(out, crl);
}

int pki_crl_count(const pki_crl_t *crl)
{
	int ret;

	pki__clear_error();
	if ((ret = pki__arg(__func__, crl, "crl")) < 0)
		return ret;
	return crl->count > INT_MAX ? INT_MAX : (int)crl->count;
}

int pki_crl_entry(char **serial, int64_t *revoked_at, const pki_crl_t *crl, unsigned index)
{
	const pki__crl_entry_t *e;

	int ret;

	pki__clear_error();
	if (serial)
		*serial = NULL;
	if ((ret = pki__arg(__func__, crl, "crl")) < 0)
		return ret;
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
	if ((ret = pki__arg(__func__, crl, "crl")) < 0)
		return ret;
	ret = pki__crl_parse_serial(s + 1, &len, serial, "serial");
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

int pki__crl_verify(const pki_crl_t *crl, gnutls_x509_crt_t ca)
{
	unsigned status = 0;
	int ret;

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

int pki_crl_verify(const pki_crl_t *crl, const pki_cert_t *issuer, unsigned flags)
{
	gnutls_x509_crt_t ca;
	int ret;

	if ((ret = pki__enter(__func__, flags, 0)) < 0 || (ret = pki__arg(__func__, crl, "crl")) < 0 ||
	    (ret = pki__arg(__func__, issuer, "issuer")) < 0)
		return ret;
	if (!(ca = pki__cert_crt(issuer)))
		return PKI_E_NOMEM; /* the detail is set */
	return pki__crl_verify(crl, ca);
}
