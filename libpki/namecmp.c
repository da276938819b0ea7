/*
 * libpki — RFC 5280 7.1 comparison of distinguished names.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Two Names are equal when they have the same number of RDNs and each RDN equals the one at
 * the same position; two RDNs are equal when their attribute sets are (order-independent);
 * two attributes when their types (OIDs) are equal and their values match:
 * - values of the directory string types (PrintableString, UTF8String, BMPString,
 *   UniversalString, TeletexString read as Latin-1, as browsers do) are converted to UTF-8
 *   and prepared as RFC 4518 says, in a subset: ASCII letters folded to lower case, every
 *   space-like character (RFC 4518 2.2: controls HT..CR, NEL, the Unicode space separators)
 *   is a space, leading and trailing spaces are removed and inner runs become one space.
 *   Unicode case folding beyond ASCII and NFKC normalisation are NOT done, so "Ä" and "ä"
 *   stay different (as in Chromium's verifier); a name that differs only so compares unequal.
 * - any other type (IA5String, numeric, OCTET STRING, ...) matches only with the same tag
 *   and the same bytes.
 * Malformed input (a DER error, an empty RDN, an invalid UTF-8/BMP/Universal string, a
 * non-ASCII PrintableString) never compares equal, not even to itself.
 *
 * Parsing is GnuTLS's (gnutls_x509_dn_import decodes the Name with libtasn1 and
 * gnutls_x509_dn_get_rdn_ava lends each attribute's OID, tag and value). GnuTLS cannot tell an
 * empty RDN (a SET with no attribute, invalid: SIZE (1..MAX)) from the end of the sequence,
 * so the RDNs are counted from the TLV headers of the Name with libtasn1's DER readers.
 *
 * Bounds: at most MAX_RDNS RDNs and MAX_AVAS attributes in one RDN; a larger name compares
 * unequal (RFC 5280's upper bounds make real names far smaller). The cost is linear in the
 * name size, quadratic only within one RDN (at most MAX_AVAS^2 comparisons).
 */
#include "namecmp.h"
#include "verify-int.h"

#include <libtasn1.h>
#include <string.h>

#define MAX_RDNS 128
#define MAX_AVAS 32

enum {
	TAG_UTF8 = 12,
	TAG_PRINTABLE = 19,
	TAG_TELETEX = 20,
	TAG_UNIVERSAL = 28,
	TAG_BMP = 30,
};

typedef struct {
	char *oid;          /* dotted text, NUL-terminated (pki__malloc) */
	unsigned char *val; /* prepared UTF-8 for string types, else the raw bytes (pki__malloc) */
	size_t len;
	unsigned long tag;
	bool prepared; /* a directory string, compared after preparation */
} ava_t;

typedef struct {
	ava_t *avas;     /* all attributes, RDN by RDN */
	size_t navas;
	size_t rdn[MAX_RDNS + 1]; /* RDN i is avas[rdn[i] .. rdn[i + 1]) */
	size_t nrdns;
} pname_t;

/* ---- string preparation -------------------------------------------------------------- */

typedef struct {
	unsigned char *p;
	size_t len, cap;
	bool pending_space; /* a space run seen after some text */
	bool nomem;
} out_t;

static bool out_byte(out_t *o, unsigned char c)
{
	if (o->len == o->cap) {
		int err;
		unsigned char *p = pki__grow(o->p, &o->cap, o->len, 1, SIZE_MAX, "bytes", &err);

		if (!p) {
			o->nomem = true;
			return false;
		}
		o->p = p;
	}
	o->p[o->len++] = c;
	return true;
}

static bool is_space(unsigned long cp)
{
	return cp == 0x20 || (cp >= 0x09 && cp <= 0x0d) || cp == 0x85 || cp == 0xa0 ||
	       cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 ||
	       cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

/* Append one code point, prepared: spaces folded, ASCII lower-cased, UTF-8 encoded. */
static bool out_cp(out_t *o, unsigned long cp)
{
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return false;
	if (is_space(cp)) {
		if (o->len > 0)
			o->pending_space = true; /* leading spaces vanish */
		return true;
	}
	if (o->pending_space) {
		if (!out_byte(o, ' '))
			return false;
		o->pending_space = false; /* a trailing run is never written */
	}
	if (cp >= 'A' && cp <= 'Z')
		cp += 'a' - 'A';
	if (cp < 0x80)
		return out_byte(o, (unsigned char)cp);
	if (cp < 0x800)
		return out_byte(o, (unsigned char)(0xc0 | (cp >> 6))) &&
		       out_byte(o, (unsigned char)(0x80 | (cp & 0x3f)));
	if (cp < 0x10000)
		return out_byte(o, (unsigned char)(0xe0 | (cp >> 12))) &&
		       out_byte(o, (unsigned char)(0x80 | ((cp >> 6) & 0x3f))) &&
		       out_byte(o, (unsigned char)(0x80 | (cp & 0x3f)));
	return out_byte(o, (unsigned char)(0xf0 | (cp >> 18))) &&
	       out_byte(o, (unsigned char)(0x80 | ((cp >> 12) & 0x3f))) &&
	       out_byte(o, (unsigned char)(0x80 | ((cp >> 6) & 0x3f))) &&
	       out_byte(o, (unsigned char)(0x80 | (cp & 0x3f)));
}

/* One UTF-8 sequence at @p s (of @p n bytes): its length, or 0 when invalid (overlong,
 * surrogate, beyond U+10FFFF, truncated). */
static size_t utf8_next(const unsigned char *s, size_t n, unsigned long *cp)
{
	size_t len;
	unsigned long min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xe0) == 0xc0) {
		len = 2, min = 0x80, *cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3, min = 0x800, *cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4, min = 0x10000, *cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return len;
}

/* Prepare the value of a directory string type into @p o; false when malformed. */
static bool prepare(out_t *o, unsigned long tag, const unsigned char *v, size_t n)
{
	size_t i = 0;

	switch (tag) {
	case TAG_UTF8:
		while (i < n) {
			unsigned long cp;
			size_t k = utf8_next(v + i, n - i, &cp);

			if (k == 0 || !out_cp(o, cp))
				return false;
			i += k;
		}
		return true;
	case TAG_PRINTABLE: /* ASCII only; stray '*', '@', '&' of real CAs are tolerated */
	case TAG_TELETEX:   /* Latin-1, as Chromium and NSS read it */
		for (; i < n; i++)
			if ((tag == TAG_PRINTABLE && v[i] >= 0x80) || !out_cp(o, v[i]))
				return false;
		return true;
	case TAG_BMP:
		if (n % 2)
			return false;
		for (; i < n; i += 2)
			if (!out_cp(o, ((unsigned long)v[i] << 8) | v[i + 1]))
				return false; /* a surrogate is refused by out_cp */
		return true;
	case TAG_UNIVERSAL:
		if (n % 4)
			return false;
		for (; i < n; i += 4)
			if (!out_cp(o, ((unsigned long)v[i] << 24) | ((unsigned long)v[i + 1] << 16) |
					       ((unsigned long)v[i + 2] << 8) | v[i + 3]))
				return false;
		return true;
	default:
		return false;
	}
}

static bool is_dirstring(unsigned long tag)
{
	return tag == TAG_UTF8 || tag == TAG_PRINTABLE || tag == TAG_TELETEX ||
	       tag == TAG_UNIVERSAL || tag == TAG_BMP;
}

/* ---- parsing ------------------------------------------------------------------------- */

static void pname_free(pname_t *pn)
{
	for (size_t i = 0; i < pn->navas; i++) {
		pki_free(pn->avas[i].oid);
		pki_free(pn->avas[i].val);
	}
	pki_free(pn->avas);
	memset(pn, 0, sizeof(*pn));
}

/* The number of RDNs (SETs) in the DER Name @p d, already decoded once by GnuTLS, so only
 * the TLV headers are read here (with libtasn1); -1 when they do not add up. */
static long count_rdns(const gnutls_datum_t *d)
{
	const unsigned char *p = d->data;
	int rem = (int)d->size, taglen, lenlen;
	unsigned char cls;
	unsigned long tag;
	long len, count = 0;

	if (asn1_get_tag_der(p, rem, &cls, &taglen, &tag) != ASN1_SUCCESS)
		return -1;
	p += taglen, rem -= taglen;
	len = asn1_get_length_der(p, rem, &lenlen);
	if (len < 0 || len != rem - lenlen)
		return -1;
	p += lenlen, rem -= lenlen;
	while (rem > 0) {
		if (asn1_get_tag_der(p, rem, &cls, &taglen, &tag) != ASN1_SUCCESS)
			return -1;
		p += taglen, rem -= taglen;
		len = asn1_get_length_der(p, rem, &lenlen);
		if (len < 0 || len > rem - lenlen)
			return -1;
		p += lenlen + len, rem -= lenlen + (int)len;
		if (++count > MAX_RDNS)
			return -1;
	}
	return count;
}

/* 0, PKI_E_PARSE or PKI_E_NOMEM */
static int parse(pname_t *pn, const gnutls_datum_t *d)
{
	gnutls_x509_dn_t dn = NULL;
	long nrdns;
	size_t cap = 0;
	int err = PKI_E_PARSE;

	memset(pn, 0, sizeof(*pn));
	if (!d || !d->data || d->size == 0 || d->size > INT32_MAX)
		return PKI_E_PARSE;
	if (gnutls_x509_dn_init(&dn) < 0)
		return PKI_E_NOMEM;
	if (gnutls_x509_dn_import(dn, d) < 0)
		goto out;
	nrdns = count_rdns(d);
	if (nrdns < 0)
		goto out;
	for (long i = 0; i < nrdns; i++) {
		pn->rdn[i] = pn->navas;
		for (int j = 0;; j++) {
			gnutls_x509_ava_st a;
			ava_t *x;
			int ret = gnutls_x509_dn_get_rdn_ava(dn, (int)i, j, &a);

			if (ret == GNUTLS_E_ASN1_ELEMENT_NOT_FOUND && j > 0)
				break;
			if (ret < 0 || j >= MAX_AVAS || a.oid.size == 0)
				goto out; /* includes an empty RDN (j == 0) */
			if (pn->navas == cap) {
				int gerr;
				ava_t *n = pki__grow(pn->avas, &cap, pn->navas, sizeof(*n),
						     (size_t)MAX_RDNS * MAX_AVAS, "attributes", &gerr);

				if (!n) {
					err = PKI_E_NOMEM;
					goto out;
				}
				pn->avas = n;
			}
			x = &pn->avas[pn->navas++];
			memset(x, 0, sizeof(*x));
			x->tag = a.value_tag;
			x->oid = pki__malloc(a.oid.size + 1);
			if (!x->oid) {
				err = PKI_E_NOMEM;
				goto out;
			}
			memcpy(x->oid, a.oid.data, a.oid.size);
			x->oid[a.oid.size] = '\0';
			x->oid[strnlen(x->oid, a.oid.size)] = '\0'; /* libtasn1 may count the NUL */
			if (is_dirstring(a.value_tag)) {
				out_t o = { NULL, 0, 0, false, false };

				x->prepared = true;
				if (!prepare(&o, a.value_tag, a.value.data, a.value.size)) {
					pki_free(o.p);
					if (o.nomem)
						err = PKI_E_NOMEM;
					goto out;
				}
				x->val = o.p;
				x->len = o.len;
			} else {
				x->val = pki__malloc(a.value.size ? a.value.size : 1);
				if (!x->val) {
					err = PKI_E_NOMEM;
					goto out;
				}
				if (a.value.size)
					memcpy(x->val, a.value.data, a.value.size);
				x->len = a.value.size;
			}
		}
	}
	pn->nrdns = (size_t)nrdns;
	pn->rdn[pn->nrdns] = pn->navas;
	err = 0;
out:
	gnutls_x509_dn_deinit(dn);
	if (err)
		pname_free(pn);
	return err;
}

/* ---- comparison ---------------------------------------------------------------------- */

static bool ava_equal(const ava_t *a, const ava_t *b)
{
	if (strcmp(a->oid, b->oid) != 0 || a->prepared != b->prepared || a->len != b->len)
		return false;
	if (!a->prepared && a->tag != b->tag)
		return false;
	return a->len == 0 || memcmp(a->val, b->val, a->len) == 0;
}

/* RDN @p i of @p a equals RDN @p j of @p b: the same attributes in any order. */
static bool rdn_equal(const pname_t *a, size_t i, const pname_t *b, size_t j)
{
	size_t na = a->rdn[i + 1] - a->rdn[i], nb = b->rdn[j + 1] - b->rdn[j];
	bool used[MAX_AVAS];

	if (na != nb)
		return false;
	memset(used, 0, sizeof(used));
	for (size_t x = 0; x < na; x++) {
		bool found = false;

		for (size_t y = 0; y < nb && !found; y++) {
			if (!used[y] && ava_equal(&a->avas[a->rdn[i] + x], &b->avas[b->rdn[j] + y])) {
				used[y] = true;
				found = true;
			}
		}
		if (!found)
			return false;
	}
	return true;
}

/* The first @p n RDNs of @p a and @p b are equal. */
static bool prefix_equal(const pname_t *a, const pname_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!rdn_equal(a, i, b, i))
			return false;
	return true;
}

static bool same_names(const pname_t *a, const pname_t *b)
{
	return a->nrdns == b->nrdns && prefix_equal(a, b, a->nrdns);
}

static bool name_within(const pname_t *name, const pname_t *base)
{
	return base->nrdns <= name->nrdns && prefix_equal(name, base, base->nrdns);
}

/* @p rel (reflexive) of the names @p a and @p b (DER), parsed for it; false when either is
 * malformed. @p b == @p a is parsed once. */
static bool related(const gnutls_datum_t *a, const gnutls_datum_t *b,
		    bool (*rel)(const pname_t *, const pname_t *))
{
	pname_t pa, pb;
	bool r = false;

	if (parse(&pa, a) != 0)
		return false;
	if (b == a) {
		r = true;
	} else if (parse(&pb, b) == 0) {
		r = rel(&pa, &pb);
		pname_free(&pb);
	}
	pname_free(&pa);
	return r;
}

bool pki__dn_equal(const gnutls_datum_t *a, const gnutls_datum_t *b)
{
	/* the same bytes: equal when well-formed, one parse is enough */
	if (a && b && b->data && a->size == b->size && memcmp(a->data, b->data, a->size) == 0)
		b = a;
	return related(a, b, same_names);
}

bool pki__dn_within(const gnutls_datum_t *name, const gnutls_datum_t *base)
{
	return related(name, base, name_within);
}

/* ---- prepared names (namecmp.h) ------------------------------------------------------ */

struct pki__dn {
	pname_t pn;
};

int pki__dn_prepare(pki__dn_t **out, const gnutls_datum_t *der)
{
	pki__dn_t *dn;
	int rc;

	*out = NULL;
	dn = pki__zalloc(sizeof(*dn));
	if (!dn)
		return PKI_E_NOMEM;
	rc = parse(&dn->pn, der);
	if (rc != 0) {
		pki_free(dn);
		return rc;
	}
	*out = dn;
	return 0;
}

void pki__dn_release(pki__dn_t *dn)
{
	if (!dn)
		return;
	pname_free(&dn->pn);
	pki_free(dn);
}

bool pki__dn_prep_equal(const pki__dn_t *a, const pki__dn_t *b)
{
	return a && b && a->pn.nrdns == b->pn.nrdns && prefix_equal(&a->pn, &b->pn, a->pn.nrdns);
}

bool pki__dn_prep_within(const pki__dn_t *name, const pki__dn_t *base)
{
	return name && base && base->pn.nrdns <= name->pn.nrdns &&
	       prefix_equal(&name->pn, &base->pn, base->pn.nrdns);
}

size_t pki__dn_prep_rdns(const pki__dn_t *dn)
{
	return dn ? dn->pn.nrdns : 0;
}
