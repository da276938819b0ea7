/*
 * libpki — distinguished names (RFC 4514) and subject alternative names.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "internal.h"

#include <gnutls/x509-ext.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Longest DN string and SAN value accepted: far above any real name, small enough to be safe. */
#define MAX_DN_LEN 65536u
#define MAX_SAN_LEN 4096u
/* Real names have a handful of attributes; GnuTLS/libtasn1 slow down quadratically past a few
 * thousand, so refuse absurd ones early. */
#define MAX_DN_ATTRS 256u

/* ---------------------------------------------------------------------------------------- */
/* A tiny DER writer                                                                         */

typedef struct {
	unsigned char *p;
	size_t len, cap;
	bool failed;
} der_t;

static void der_put(der_t *d, const void *src, size_t n)
{
	if (d->failed)
		return;
	if (n > SIZE_MAX / 2 - d->len) {
		d->failed = true;
		return;
	}
	if (d->len + n > d->cap) {
		size_t cap = d->cap ? d->cap : 64;
		unsigned char *p;

		while (cap < d->len + n)
			cap *= 2;
		p = realloc(d->p, cap);
		if (!p) {
			d->failed = true;
			return;
		}
		d->p = p;
		d->cap = cap;
	}
	if (n)
		memcpy(d->p + d->len, src, n);
	d->len += n;
}

static void der_header(der_t *d, unsigned char tag, size_t n)
{
	unsigned char h[2 + sizeof(size_t)];
	size_t hl = 0;

	h[hl++] = tag;
	if (n < 0x80) {
		h[hl++] = (unsigned char)n;
	} else {
		unsigned char tmp[sizeof(size_t)];
		size_t nb = 0;

		for (size_t v = n; v; v >>= 8)
			tmp[nb++] = (unsigned char)(v & 0xff);
		h[hl++] = (unsigned char)(0x80 | nb);
		while (nb)
			h[hl++] = tmp[--nb];
	}
	der_put(d, h, hl);
}

static void der_tlv(der_t *d, unsigned char tag, const void *v, size_t n)
{
	der_header(d, tag, n);
	der_put(d, v, n);
}

static void der_free(der_t *d)
{
	free(d->p);
	d->p = NULL;
	d->len = d->cap = 0;
}

/* Length of the single DER TLV at @p p (the whole of @p n bytes), or 0 when malformed. */
static size_t der_tlv_size(const unsigned char *p, size_t n)
{
	size_t hl = 2, l;

	if (n < 2 || (p[0] & 0x1f) == 0x1f)
		return 0;
	l = p[1];
	if (l & 0x80) {
		size_t nb = l & 0x7f;

		if (nb == 0 || nb > 4 || n < 2 + nb)
			return 0;
		l = 0;
		for (size_t i = 0; i < nb; i++)
			l = (l << 8) | p[2 + i];
		hl += nb;
	}
	if (l > n - hl)
		return 0;
	return hl + l;
}

/* Encode a dotted OID as DER content octets (no tag); false when the text is not an OID. */
static bool oid_encode(der_t *d, const char *oid)
{
	unsigned long long arcs[128];
	size_t n = 0;
	const char *s = oid;

	for (;;) {
		unsigned long long v = 0;
		const char *start = s;

		if (n == sizeof(arcs) / sizeof(arcs[0]))
			return false;
		while (*s >= '0' && *s <= '9') {
			if (v > (ULLONG_MAX - 9) / 10)
				return false;
			v = v * 10 + (unsigned)(*s - '0');
			s++;
		}
		if (s == start || (s - start > 1 && *start == '0'))
			return false;
		arcs[n++] = v;
		if (*s == '\0')
			break;
		if (*s != '.')
			return false;
		s++;
	}
	if (n < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40) ||
	    arcs[1] > ULLONG_MAX - 80)
		return false;
	for (size_t i = 1; i < n; i++) {
		unsigned long long v = i == 1 ? arcs[0] * 40 + arcs[1] : arcs[i];
		unsigned char tmp[10];
		size_t k = 0;

		do {
			tmp[k++] = (unsigned char)(v & 0x7f);
			v >>= 7;
		} while (v);
		while (k) {
			unsigned char c = tmp[--k];

			if (k)
				c |= 0x80;
			der_put(d, &c, 1);
		}
	}
	return true;
}

/* ---------------------------------------------------------------------------------------- */
/* Distinguished names                                                                       */

enum { STR_DIRECTORY, STR_PRINTABLE, STR_IA5, STR_COUNTRY };

static const struct {
	const char *name; /* canonical short name */
	const char *alias1, *alias2;
	const char *oid;
	int kind;
} dn_attrs[] = {
	{ "CN", "commonName", NULL, "2.5.4.3", STR_DIRECTORY },
	{ "C", "countryName", NULL, "2.5.4.6", STR_COUNTRY },
	{ "L", "localityName", NULL, "2.5.4.7", STR_DIRECTORY },
	{ "ST", "stateOrProvinceName", "S", "2.5.4.8", STR_DIRECTORY },
	{ "O", "organizationName", NULL, "2.5.4.10", STR_DIRECTORY },
	{ "OU", "organizationalUnitName", NULL, "2.5.4.11", STR_DIRECTORY },
	{ "STREET", "streetAddress", NULL, "2.5.4.9", STR_DIRECTORY },
	{ "DC", "domainComponent", NULL, "0.9.2342.19200300.100.1.25", STR_IA5 },
	{ "UID", "userId", NULL, "0.9.2342.19200300.100.1.1", STR_DIRECTORY },
	{ "serialNumber", NULL, NULL, "2.5.4.5", STR_PRINTABLE },
	{ "emailAddress", "EMAIL", "E", "1.2.840.113549.1.9.1", STR_IA5 },
	{ "title", NULL, NULL, "2.5.4.12", STR_DIRECTORY },
	{ "GN", "givenName", NULL, "2.5.4.42", STR_DIRECTORY },
	{ "SN", "surname", NULL, "2.5.4.4", STR_DIRECTORY },
	{ "initials", NULL, NULL, "2.5.4.43", STR_DIRECTORY },
	{ "pseudonym", NULL, NULL, "2.5.4.65", STR_DIRECTORY },
	{ "generationQualifier", NULL, NULL, "2.5.4.44", STR_DIRECTORY },
	{ "dnQualifier", NULL, NULL, "2.5.4.46", STR_PRINTABLE },
};
#define N_DN_ATTRS (sizeof(dn_attrs) / sizeof(dn_attrs[0]))

static int attr_by_name(const char *name, size_t n)
{
	for (size_t i = 0; i < N_DN_ATTRS; i++) {
		const char *names[3] = { dn_attrs[i].name, dn_attrs[i].alias1, dn_attrs[i].alias2 };

		for (int k = 0; k < 3; k++)
			if (names[k] && strlen(names[k]) == n && strncasecmp(names[k], name, n) == 0)
				return (int)i;
	}
	return -1;
}

static int attr_by_oid(const char *oid)
{
	for (size_t i = 0; i < N_DN_ATTRS; i++)
		if (strcmp(dn_attrs[i].oid, oid) == 0)
			return (int)i;
	return -1;
}

/* Length of the valid UTF-8 sequence at @p s (up to @p n bytes), or 0. No NUL, no surrogates. */
static size_t utf8_char(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned cp;

	if (c == 0)
		return 0;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

static bool valid_utf8(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t l = utf8_char(s + i, n - i);

		if (!l)
			return false;
		i += l;
	}
	return true;
}

static bool printable_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       strchr(" '()+,-./:=?", c) != NULL;
}

static bool all_printable(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!s[i] || !printable_char(s[i]))
			return false;
	return true;
}

static bool all_ascii(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == 0 || s[i] > 0x7e)
			return false;
	return true;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* One AttributeTypeAndValue, DER-encoded, and the RDN (0 = first in the string) it is in. */
typedef struct {
	unsigned char *der;
	size_t len;
	size_t rdn;
	size_t type_off, type_len; /* the OID TLV inside der, to spot repeated types */
} atv_t;

typedef struct {
	atv_t *v;
	size_t n, cap;
} atv_list_t;

static void atv_list_free(atv_list_t *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].der);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* DER order of SET OF elements: compare as octet strings, the shorter one padded with 0. */
static int atv_cmp(const void *pa, const void *pb)
{
	const atv_t *a = pa, *b = pb;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->der, b->der, n);

	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

#define DN_FAIL(...) pki__fail(PKI_E_INVALID_NAME, __VA_ARGS__)

static bool is_space(char c)
{
	return c == ' ';
}

/*
 * Parse the value starting at dn[*pos] (after '=' and leading spaces) into @p val.
 * @p is_hex tells whether it was a '#' BER value. Stops at an unescaped ',' or '+' or the end.
 */
static int parse_value(const char *dn, size_t *pos, der_t *val, bool *is_hex, const char *type)
{
	size_t i = *pos, keep = 0; /* keep: length of val up to the last non-space or escaped byte */

	*is_hex = false;
	if (dn[i] == '#') {
		size_t start = ++i;

		*is_hex = true;
		while (dn[i] && dn[i] != ',' && dn[i] != '+' && !is_space(dn[i])) {
			int hi = hexval((unsigned char)dn[i]), lo = 0;

			if (hi < 0 || !dn[i + 1] || (lo = hexval((unsigned char)dn[i + 1])) < 0)
				return DN_FAIL("bad hex-encoded value for %s at position %zu: expected "
					       "pairs of hex digits after '#'",
					       type, i + 1);
			unsigned char b = (unsigned char)(hi << 4 | lo);

			der_put(val, &b, 1);
			i += 2;
		}
		while (is_space(dn[i]))
			i++;
		if (dn[i] && dn[i] != ',' && dn[i] != '+')
			return DN_FAIL("unexpected character '%c' after the hex value of %s at "
				       "position %zu",
				       dn[i], type, i + 1);
		if (i == start || val->len == 0)
			return DN_FAIL("empty value for %s at position %zu", type, start);
		if (!val->failed && der_tlv_size(val->p, val->len) != val->len)
			return DN_FAIL("the '#' value of %s at position %zu is not one DER "
				       "element (write \\# for a literal '#')",
				       type, start);
		*pos = i;
		return 0;
	}
	while (dn[i] && dn[i] != ',' && dn[i] != '+') {
		unsigned char c = (unsigned char)dn[i];

		if (c == '\\') {
			int hi, lo = 0;

			if (!dn[i + 1])
				return DN_FAIL("dangling backslash at the end of the value of %s", type);
			if (strchr(",+\"\\<>;= #", dn[i + 1])) {
				unsigned char e = (unsigned char)dn[i + 1];

				der_put(val, &e, 1);
				i += 2;
			} else if ((hi = hexval((unsigned char)dn[i + 1])) >= 0) {
				unsigned char b;

				if (!dn[i + 2] || (lo = hexval((unsigned char)dn[i + 2])) < 0)
					return DN_FAIL("bad hex escape in the value of %s at position "
						       "%zu: '\\' must be followed by two hex digits",
						       type, i + 1);
				b = (unsigned char)(hi << 4 | lo);
				if (b == 0)
					return DN_FAIL("NUL byte (\\00) in the value of %s at position "
						       "%zu",
						       type, i + 1);
				der_put(val, &b, 1);
				i += 3;
			} else {
				return DN_FAIL("bad escape '\\%c' in the value of %s at position %zu",
					       dn[i + 1], type, i + 1);
			}
			keep = val->len;
			continue;
		}
		if (c == '"' || c == ';' || c == '<' || c == '>')
			return DN_FAIL("character '%c' in the value of %s at position %zu must be "
				       "escaped as '\\%c'",
				       c, type, i + 1, c);
		if (c < 0x20 || c == 0x7f)
			return DN_FAIL("control character 0x%02x in the value of %s at position %zu",
				       c, type, i + 1);
		der_put(val, &c, 1);
		if (!is_space((char)c))
			keep = val->len;
		i++;
	}
	/* Unescaped trailing spaces are not part of the value (RFC 4514 requires "\ "). */
	val->len = keep;
	if (val->len == 0)
		return DN_FAIL("empty value for %s at position %zu", type, *pos + 1);
	if (!val->failed && !valid_utf8(val->p, val->len))
		return DN_FAIL("the value of %s is not valid UTF-8", type);
	*pos = i;
	return 0;
}

/* Encode one attribute value with the string type its attribute calls for. */
static int encode_value(der_t *atv, int attr, const char *type, der_t *val)
{
	int kind = attr >= 0 ? dn_attrs[attr].kind : STR_DIRECTORY;
	unsigned char *p = val->p;
	size_t n = val->len;

	switch (kind) {
	case STR_COUNTRY:
		if (n != 2 || !isalpha(p[0]) || !isalpha(p[1]))
			return DN_FAIL("C= must be a two-letter ISO 3166 country code (got %zu "
				       "bytes)",
				       n);
		p[0] = (unsigned char)toupper(p[0]);
		p[1] = (unsigned char)toupper(p[1]);
		der_tlv(atv, 0x13, p, n);
		break;
	case STR_PRINTABLE:
		if (!all_printable(p, n))
			return DN_FAIL("%s may only contain letters, digits, spaces and '()+,-./:=? "
				       "(PrintableString)",
				       type);
		der_tlv(atv, 0x13, p, n);
		break;
	case STR_IA5:
		if (!all_ascii(p, n))
			return DN_FAIL("%s may only contain ASCII characters (IA5String)", type);
		der_tlv(atv, 0x16, p, n);
		break;
	default:
		/* PrintableString when it fits (as GnuTLS and most CAs do), otherwise UTF8String. */
		der_tlv(atv, all_printable(p, n) ? 0x13 : 0x0c, p, n);
	}
	return 0;
}

static int parse_atv(const char *dn, size_t *pos, atv_list_t *list, size_t rdn)
{
	size_t i = *pos, start, tlen, otlv;
	char type[128];
	int attr = -1, ret;
	der_t oid = { 0 }, val = { 0 }, content = { 0 }, atv = { 0 };
	bool is_hex;

	while (is_space(dn[i]))
		i++;
	start = i;
	if (isalpha((unsigned char)dn[i])) {
		while (isalnum((unsigned char)dn[i]) || dn[i] == '-')
			i++;
		tlen = i - start;
		attr = attr_by_name(dn + start, tlen);
		if (attr < 0) {
			ret = DN_FAIL("unknown attribute type \"%.*s\" at position %zu (use CN, C, L, "
				      "ST, O, OU, STREET, DC, UID, serialNumber, emailAddress, title, "
				      "GN, SN, initials, pseudonym, generationQualifier, dnQualifier "
				      "or a dotted OID)",
				      (int)(i - start > 64 ? 64 : i - start), dn + start, start + 1);
			goto out;
		}
		snprintf(type, sizeof(type), "%s", dn_attrs[attr].name);
		oid_encode(&oid, dn_attrs[attr].oid);
	} else if (isdigit((unsigned char)dn[i])) {
		while (isdigit((unsigned char)dn[i]) || dn[i] == '.')
			i++;
		tlen = i - start;
		if (tlen >= sizeof(type)) {
			ret = DN_FAIL("attribute OID at position %zu is too long", start + 1);
			goto out;
		}
		memcpy(type, dn + start, tlen);
		type[tlen] = '\0';
		if (!oid_encode(&oid, type)) {
			ret = DN_FAIL("malformed attribute OID \"%s\" at position %zu", type,
				      start + 1);
			goto out;
		}
		attr = attr_by_oid(type);
	} else if (!dn[i] || dn[i] == ',' || dn[i] == '+') {
		ret = DN_FAIL("missing attribute at position %zu", i + 1);
		goto out;
	} else {
		ret = DN_FAIL("unexpected character '%c' at position %zu: expected an attribute "
			      "type",
			      dn[i], i + 1);
		goto out;
	}
	while (is_space(dn[i]))
		i++;
	if (dn[i] != '=') {
		ret = DN_FAIL("missing '=' after the attribute type \"%s\" at position %zu", type,
			      i + 1);
		goto out;
	}
	i++;
	while (is_space(dn[i]))
		i++;
	if ((ret = parse_value(dn, &i, &val, &is_hex, type)) < 0)
		goto out;
	if (val.failed) {
		ret = pki__fail(PKI_E_NOMEM, "out of memory parsing a name");
		goto out;
	}

	der_tlv(&content, 0x06, oid.p, oid.len);
	if (is_hex)
		der_put(&content, val.p, val.len);
	else if ((ret = encode_value(&content, attr, type, &val)) < 0)
		goto out;
	der_tlv(&atv, 0x30, content.p, content.len);
	if (atv.failed || oid.failed || content.failed) {
		ret = pki__fail(PKI_E_NOMEM, "out of memory encoding a name");
		goto out;
	}
	otlv = der_tlv_size(content.p, content.len);
	/* only the current RDN, the last ATVs of the list */
	for (size_t k = list->n; k-- > 0 && list->v[k].rdn == rdn;) {
		if (list->v[k].type_len == otlv &&
		    memcmp(list->v[k].der + list->v[k].type_off, content.p, otlv) == 0) {
			ret = DN_FAIL("attribute %s appears twice in one multi-valued RDN "
				      "(position %zu)",
				      type, start + 1);
			goto out;
		}
	}
	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 8;
		atv_t *v = realloc(list->v, cap * sizeof(*v));

		if (!v) {
			ret = pki__fail(PKI_E_NOMEM, "out of memory parsing a name");
			goto out;
		}
		list->v = v;
		list->cap = cap;
	}
	list->v[list->n].der = atv.p;
	list->v[list->n].len = atv.len;
	list->v[list->n].rdn = rdn;
	list->v[list->n].type_off = atv.len - content.len;
	list->v[list->n].type_len = otlv;
	list->n++;
	atv.p = NULL;
	*pos = i;
	ret = 0;
out:
	der_free(&oid);
	der_free(&val);
	der_free(&content);
	der_free(&atv);
	return ret;
}

/* Parse an RFC 4514 string into a DER Name (most significant RDN first, as DER has it). */
static int dn_to_der(der_t *name, const char *dn)
{
	atv_list_t list = { 0 };
	der_t rdns = { 0 };
	size_t pos = 0, rdn = 0, len = strlen(dn);
	int ret;

	if (len > MAX_DN_LEN)
		return DN_FAIL("distinguished name longer than %u bytes", MAX_DN_LEN);
	while (is_space(dn[pos]))
		pos++;
	if (dn[pos]) {
		for (;;) {
			if (list.n >= MAX_DN_ATTRS) {
				ret = DN_FAIL("more than %u attributes in a distinguished name",
					      MAX_DN_ATTRS);
				goto out;
			}
			if ((ret = parse_atv(dn, &pos, &list, rdn)) < 0)
				goto out;
			if (dn[pos] == '+') {
				pos++;
				continue;
			}
			if (dn[pos] == ',') {
				pos++;
				rdn++;
				continue;
			}
			break; /* end of string: parse_value stops only at ',', '+' or NUL */
		}
	}
	/* RFC 4514 writes the most specific RDN first; DER has the most significant first. */
	/* The ATVs of one RDN are contiguous in the list: walk the groups from the last. */
	for (size_t end = list.n; end > 0;) {
		size_t first = end, total = 0;

		while (first > 0 && list.v[first - 1].rdn == list.v[end - 1].rdn)
			total += list.v[--first].len;
		qsort(list.v + first, end - first, sizeof(atv_t), atv_cmp);
		der_header(&rdns, 0x31, total);
		for (size_t k = first; k < end; k++)
			der_put(&rdns, list.v[k].der, list.v[k].len);
		end = first;
	}
	der_tlv(name, 0x30, rdns.p, rdns.len);
	ret = (rdns.failed || name->failed) ? pki__fail(PKI_E_NOMEM, "out of memory encoding a name")
					     : 0;
out:
	atv_list_free(&list);
	der_free(&rdns);
	return ret;
}

/* Fixed pieces of the templates below: an algorithm identifier and a placeholder key. */
static const unsigned char ecdsa_sha256_alg[] = { 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48,
						  0xce, 0x3d, 0x04, 0x03, 0x02 };
/* A P-256 key (with its curve parameter present, so that GnuTLS can later overwrite the whole
 * SubjectPublicKeyInfo of any key type in a request decoded from this template). */
static const unsigned char placeholder_spki[91] = {
	0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08,
	0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04,
};

/*
 * GnuTLS 3.7 can only append single-valued RDNs (gnutls_x509_crt_set_dn() refuses '+' and
 * gnutls_x509_*_set_dn_by_oid() makes one RDN per call), so the Name is DER-encoded here and
 * brought in through a template certificate: gnutls_x509_crt_set_proxy_dn() copies a
 * certificate's subject as is when given no CN to add.
 */
int pki__dn_set_crt(gnutls_x509_crt_t crt, const char *dn)
{
	der_t name = { 0 }, tbs = { 0 }, cert = { 0 };
	static const unsigned char head[] = { 0xa0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x01, 0x01 };
	static const unsigned char validity[] = { 0x30, 0x1e, 0x17, 0x0d, '7', '0', '0', '1',
						  '0',  '1',  '0',  '0',  '0',  '0', '0', '0',
						  'Z',  0x17, 0x0d, '7',  '0',  '0', '1', '0',
						  '2',  '0',  '0',  '0',  '0',  '0', '0', 'Z' };
	static const unsigned char empty_name[] = { 0x30, 0x00 };
	static const unsigned char empty_sig[] = { 0x03, 0x01, 0x00 };
	gnutls_x509_crt_t tmpl = NULL;
	gnutls_datum_t d;
	int ret;

	if (!crt || !dn)
		return pki__fail(PKI_E_INVALID_ARG, "distinguished name is NULL");
	if ((ret = dn_to_der(&name, dn)) < 0)
		goto out;
	der_put(&tbs, head, sizeof(head));
	der_put(&tbs, ecdsa_sha256_alg, sizeof(ecdsa_sha256_alg));
	der_put(&tbs, empty_name, sizeof(empty_name));
	der_put(&tbs, validity, sizeof(validity));
	der_put(&tbs, name.p, name.len);
	der_put(&tbs, placeholder_spki, sizeof(placeholder_spki));
	{
		der_t body = { 0 };

		der_tlv(&body, 0x30, tbs.p, tbs.len);
		der_put(&body, ecdsa_sha256_alg, sizeof(ecdsa_sha256_alg));
		der_put(&body, empty_sig, sizeof(empty_sig));
		der_tlv(&cert, 0x30, body.p, body.len);
		if (body.failed)
			cert.failed = true;
		der_free(&body);
	}
	if (tbs.failed || cert.failed) {
		ret = pki__fail(PKI_E_NOMEM, "out of memory encoding a name");
		goto out;
	}
	d.data = cert.p;
	d.size = (unsigned)cert.len;
	if ((ret = gnutls_x509_crt_init(&tmpl)) < 0 ||
	    (ret = gnutls_x509_crt_import(tmpl, &d, GNUTLS_X509_FMT_DER)) < 0 ||
	    (ret = gnutls_x509_crt_set_proxy_dn(crt, tmpl, 0, NULL, 0)) < 0) {
		ret = pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_INVALID_NAME) == PKI_E_NOMEM
					       ? PKI_E_NOMEM
					       : PKI_E_INVALID_NAME,
				       ret, "cannot set the subject \"%.128s\"", dn);
		goto out;
	}
	ret = 0;
out:
	if (tmpl)
		gnutls_x509_crt_deinit(tmpl);
	der_free(&name);
	der_free(&tbs);
	der_free(&cert);
	return ret;
}

/*
 * Requests have no equivalent of set_proxy_dn, so a template request carrying the subject is
 * imported into the (fresh) handle; the caller then sets the key, extensions and signature.
 */
int pki__dn_set_crq(gnutls_x509_crq_t crq, const char *dn)
{
	der_t name = { 0 }, info = { 0 }, body = { 0 }, req = { 0 };
	static const unsigned char version[] = { 0x02, 0x01, 0x00 };
	static const unsigned char no_attrs[] = { 0xa0, 0x00 };
	static const unsigned char empty_sig[] = { 0x03, 0x01, 0x00 };
	gnutls_datum_t d;
	int ret;

	if (!crq || !dn)
		return pki__fail(PKI_E_INVALID_ARG, "distinguished name is NULL");
	if ((ret = dn_to_der(&name, dn)) < 0)
		goto out;
	der_put(&info, version, sizeof(version));
	der_put(&info, name.p, name.len);
	der_put(&info, placeholder_spki, sizeof(placeholder_spki));
	der_put(&info, no_attrs, sizeof(no_attrs));
	der_tlv(&body, 0x30, info.p, info.len);
	der_put(&body, ecdsa_sha256_alg, sizeof(ecdsa_sha256_alg));
	der_put(&body, empty_sig, sizeof(empty_sig));
	der_tlv(&req, 0x30, body.p, body.len);
	if (info.failed || body.failed || req.failed) {
		ret = pki__fail(PKI_E_NOMEM, "out of memory encoding a name");
		goto out;
	}
	d.data = req.p;
	d.size = (unsigned)req.len;
	ret = gnutls_x509_crq_import(crq, &d, GNUTLS_X509_FMT_DER);
	if (ret < 0) {
		ret = pki__fail_gnutls(ret == GNUTLS_E_MEMORY_ERROR ? PKI_E_NOMEM : PKI_E_INVALID_NAME,
				       ret, "cannot set the subject \"%.128s\"", dn);
		goto out;
	}
	ret = 0;
out:
	der_free(&name);
	der_free(&info);
	der_free(&body);
	der_free(&req);
	return ret;
}

/* ---------------------------------------------------------------------------------------- */
/* Subject alternative names                                                                 */

size_t pki__parse_ip(const char *s, unsigned char out[16])
{
	if (!s)
		return 0;
	if (strchr(s, ':')) {
		if (inet_pton(AF_INET6, s, out) == 1)
			return 16;
		return 0;
	}
	if (inet_pton(AF_INET, s, out) == 1)
		return 4;
	return 0;
}

static bool has_non_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return true;
	return false;
}

/* Check a host name; NULL when fine, otherwise a static reason. */
static const char *hostname_problem(const char *s, bool allow_wildcard)
{
	size_t len = strlen(s);
	const char *p = s;
	unsigned char ip[16];

	if (len == 0)
		return "empty host name";
	if (has_non_ascii(s))
		return "non-ASCII (internationalised) host names are not supported: use the "
		       "A-label form (xn--...)";
	if (len > 253)
		return "host name longer than 253 characters";
	if (s[0] == '*') {
		if (!allow_wildcard)
			return "wildcards are not allowed here";
		if (s[1] != '.')
			return "a wildcard must be a whole left-most label (\"*.example.com\")";
		p = s + 2;
		if (!strchr(p, '.'))
			return "a wildcard needs at least two labels after it (\"*.example.com\")";
	}
	if (pki__parse_ip(s, ip))
		return "an IP address is not a host name (use IP:)";
	for (;;) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);

		if (n == 0)
			return "empty label in host name (leading, trailing or double dot)";
		if (n > 63)
			return "label longer than 63 characters in host name";
		if (p[0] == '-' || p[n - 1] == '-')
			return "a host name label may not start or end with '-'";
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)p[i];

			if (c == '*')
				return "a wildcard may only be the whole left-most label";
			if (!isalnum(c) && c != '-')
				return "host names may only contain letters, digits, '-' and '.'";
		}
		if (!dot) {
			size_t digits = 0;

			while (digits < n && isdigit((unsigned char)p[digits]))
				digits++;
			if (digits == n)
				return "the last label of a host name cannot be all digits (not a valid "
				       "IP address either)";
			break;
		}
		p = dot + 1;
	}
	return NULL;
}

bool pki__is_hostname(const char *s)
{
	return s && hostname_problem(s, true) == NULL;
}

static char *lower_dup(const char *s)
{
	char *d = pki__strdup(s);

	if (d)
		for (char *p = d; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	return d;
}

static int parse_dns(const char *v, char **value)
{
	const char *why = hostname_problem(v, true);

	if (why)
		return pki__fail(PKI_E_INVALID_NAME, "invalid DNS name \"%.256s\": %s", v, why);
	*value = lower_dup(v);
	return *value ? PKI_SAN_DNS : pki__fail(PKI_E_NOMEM, "out of memory");
}

static int parse_ip(const char *v, char **value)
{
	unsigned char ip[16];
	char text[INET6_ADDRSTRLEN];
	size_t n = pki__parse_ip(v, ip);

	if (!n)
		return pki__fail(PKI_E_INVALID_NAME,
				 "invalid IP address \"%.256s\" (expected IPv4 like 192.0.2.1 or IPv6 "
				 "like 2001:db8::1)",
				 v);
	if (!inet_ntop(n == 4 ? AF_INET : AF_INET6, ip, text, sizeof(text)))
		return pki__fail(PKI_E_INVALID_NAME, "cannot format IP address \"%.256s\"", v);
	*value = pki__strdup(text);
	return *value ? PKI_SAN_IP : pki__fail(PKI_E_NOMEM, "out of memory");
}

static int parse_email(const char *v, char **value)
{
	const char *at = strrchr(v, '@');
	const char *why;
	size_t local;
	char *d;

	if (has_non_ascii(v))
		return pki__fail(PKI_E_INVALID_NAME,
				 "invalid email address \"%.256s\": non-ASCII addresses are not "
				 "supported",
				 v);
	if (!at)
		return pki__fail(PKI_E_INVALID_NAME, "invalid email address \"%.256s\": no '@'", v);
	local = (size_t)(at - v);
	if (local == 0 || local > 64)
		return pki__fail(PKI_E_INVALID_NAME,
				 "invalid email address \"%.256s\": the part before '@' must have "
				 "1 to 64 characters",
				 v);
	for (size_t i = 0; i < local; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c <= 0x20 || c >= 0x7f || strchr("@\"(),:;<>[\\]", c))
			return pki__fail(PKI_E_INVALID_NAME,
					 "invalid email address \"%.256s\": character '%c' not "
					 "allowed before '@'",
					 v, c > 0x20 && c < 0x7f ? c : '?');
	}
	if (v[0] == '.' || v[local - 1] == '.' || strstr(v, ".."))
		return pki__fail(PKI_E_INVALID_NAME,
				 "invalid email address \"%.256s\": misplaced '.' before '@'", v);
	why = hostname_problem(at + 1, false);
	if (why)
		return pki__fail(PKI_E_INVALID_NAME, "invalid email address \"%.256s\": domain: %s",
				 v, why);
	d = pki__strdup(v);
	if (!d)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	for (char *p = d + local + 1; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	*value = d;
	return PKI_SAN_EMAIL;
}

static int parse_uri(const char *v, char **value)
{
	const char *colon = strchr(v, ':');

	if (!colon || colon == v || !isalpha((unsigned char)v[0]))
		return pki__fail(PKI_E_INVALID_NAME,
				 "invalid URI \"%.256s\": expected scheme:... (e.g. https://host/)", v);
	for (const char *p = v; p < colon; p++)
		if (!isalnum((unsigned char)*p) && *p != '+' && *p != '-' && *p != '.')
			return pki__fail(PKI_E_INVALID_NAME, "invalid URI \"%.256s\": bad scheme", v);
	if (!colon[1])
		return pki__fail(PKI_E_INVALID_NAME, "invalid URI \"%.256s\": nothing after the scheme",
				 v);
	for (const char *p = v; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' ||
		    c == '^' || c == '`' || c == '{' || c == '|' || c == '}')
			return pki__fail(PKI_E_INVALID_NAME,
					 "invalid URI \"%.256s\": spaces, control, non-ASCII and "
					 "\"<>\\^`{|} characters must be percent-encoded",
					 v);
	}
	*value = pki__strdup(v);
	return *value ? PKI_SAN_URI : pki__fail(PKI_E_NOMEM, "out of memory");
}

static const struct {
	const char *prefix;
	int type;
} san_prefixes[] = {
	{ "DNS:", PKI_SAN_DNS },
	{ "IP:", PKI_SAN_IP },
	{ "email:", PKI_SAN_EMAIL },
	{ "URI:", PKI_SAN_URI },
};

static int san_prefix(const char *s, const char **rest)
{
	for (size_t i = 0; i < sizeof(san_prefixes) / sizeof(san_prefixes[0]); i++) {
		size_t n = strlen(san_prefixes[i].prefix);

		if (strncasecmp(s, san_prefixes[i].prefix, n) == 0) {
			*rest = s + n;
			return san_prefixes[i].type;
		}
	}
	return 0;
}

static int parse_typed(int type, const char *v, char **value)
{
	if (strlen(v) > MAX_SAN_LEN)
		return pki__fail(PKI_E_INVALID_NAME, "subject alternative name longer than %u bytes",
				 MAX_SAN_LEN);
	switch (type) {
	case PKI_SAN_DNS: return parse_dns(v, value);
	case PKI_SAN_IP: return parse_ip(v, value);
	case PKI_SAN_EMAIL: return parse_email(v, value);
	default: return parse_uri(v, value);
	}
}

int pki__san_parse(const char *typed, char **value)
{
	const char *rest;
	int type;

	*value = NULL;
	if (!typed)
		return pki__fail(PKI_E_INVALID_ARG, "subject alternative name is NULL");
	type = san_prefix(typed, &rest);
	if (!type)
		return pki__fail(PKI_E_INVALID_NAME,
				 "subject alternative name \"%.256s\" has no type: write DNS:, IP:, "
				 "email: or URI: before it",
				 typed);
	return parse_typed(type, rest, value);
}

int pki_san_from_string(char **out, const char *name, unsigned flags)
{
	unsigned char ip[16];
	const char *rest;
	char *value = NULL, *typed;
	int type;
	size_t n;

	pki__clear_error();
	if (!out)
		return pki__fail(PKI_E_INVALID_ARG, "pki_san_from_string: out is NULL");
	*out = NULL;
	if (!name)
		return pki__fail(PKI_E_INVALID_ARG, "pki_san_from_string: name is NULL");
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "pki_san_from_string: unknown flags 0x%x", flags);
	type = san_prefix(name, &rest);
	if (!type) {
		rest = name;
		if (!*name)
			return pki__fail(PKI_E_INVALID_NAME, "empty subject alternative name");
		if (pki__parse_ip(name, ip))
			type = PKI_SAN_IP;
		else if (strstr(name, "://"))
			type = PKI_SAN_URI;
		else if (strchr(name, ':'))
			type = PKI_SAN_IP; /* only IPv6 addresses have a colon without "://" */
		else if (strchr(name, '@'))
			type = PKI_SAN_EMAIL;
		else
			type = PKI_SAN_DNS;
	}
	type = parse_typed(type, rest, &value);
	if (type < 0)
		return type;
	n = strlen(value) + 8;
	typed = pki__malloc(n);
	if (!typed) {
		pki_free(value);
		return pki__fail(PKI_E_NOMEM, "out of memory");
	}
	snprintf(typed, n, "%s%s", san_prefixes[type - 1].prefix, value);
	pki_free(value);
	*out = typed;
	return type;
}

static int san_gnutls_type(int type)
{
	switch (type) {
	case PKI_SAN_DNS: return GNUTLS_SAN_DNSNAME;
	case PKI_SAN_IP: return GNUTLS_SAN_IPADDRESS;
	case PKI_SAN_EMAIL: return GNUTLS_SAN_RFC822NAME;
	case PKI_SAN_URI: return GNUTLS_SAN_URI;
	default: return -1;
	}
}

/* The bytes GnuTLS wants for a SAN: binary for IP addresses, the text otherwise. */
static int san_data(int type, const char *value, unsigned char ip[16], const void **data,
		    unsigned *size)
{
	if (!value || san_gnutls_type(type) < 0)
		return pki__fail(PKI_E_INVALID_ARG, "bad subject alternative name type %d", type);
	if (type == PKI_SAN_IP) {
		size_t n = pki__parse_ip(value, ip);

		if (!n)
			return pki__fail(PKI_E_INVALID_NAME, "invalid IP address \"%.256s\"", value);
		*data = ip;
		*size = (unsigned)n;
	} else {
		*data = value;
		*size = (unsigned)strlen(value);
		if (*size == 0)
			return pki__fail(PKI_E_INVALID_NAME, "empty subject alternative name");
	}
	return 0;
}

int pki__san_add_crt(gnutls_x509_crt_t crt, int type, const char *value)
{
	unsigned char ip[16];
	const void *data;
	unsigned size;
	int ret = san_data(type, value, ip, &data, &size);

	if (ret < 0)
		return ret;
	ret = gnutls_x509_crt_set_subject_alt_name(crt, (gnutls_x509_subject_alt_name_t)san_gnutls_type(type),
						   data, size, GNUTLS_FSAN_APPEND);
	if (ret < 0)
		return pki__fail_gnutls(ret == GNUTLS_E_MEMORY_ERROR ? PKI_E_NOMEM : PKI_E_INVALID_NAME,
					ret, "cannot add the subject alternative name \"%.256s\"", value);
	return 0;
}

int pki__san_add_crq(gnutls_x509_crq_t crq, int type, const char *value)
{
	unsigned char ip[16];
	const void *data;
	unsigned size;
	int ret = san_data(type, value, ip, &data, &size);

	if (ret < 0)
		return ret;
	ret = gnutls_x509_crq_set_subject_alt_name(crq, (gnutls_x509_subject_alt_name_t)san_gnutls_type(type),
						   data, size, GNUTLS_FSAN_APPEND);
	if (ret < 0)
		return pki__fail_gnutls(ret == GNUTLS_E_MEMORY_ERROR ? PKI_E_NOMEM : PKI_E_INVALID_NAME,
					ret, "cannot add the subject alternative name \"%.256s\"", value);
	return 0;
}

/*
 * All SANs as one extension. gnutls_x509_crt/crq_set_subject_alt_name(..., APPEND) decodes and
 * re-encodes the extension for every name added: quadratic, about 18 s for 1000 names.
 */
static int sans_der(gnutls_datum_t *der, char *const *values, const int *types, size_t n)
{
	gnutls_subject_alt_names_t sans;
	int ret = gnutls_subject_alt_names_init(&sans);

	der->data = NULL;
	der->size = 0;
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "out of memory");
	for (size_t i = 0; i < n; i++) {
		unsigned char ip[16];
		const void *data;
		unsigned size;
		gnutls_datum_t v;

		if ((ret = san_data(types[i], values[i], ip, &data, &size)) < 0) {
			gnutls_subject_alt_names_deinit(sans);
			return ret;
		}
		v.data = (unsigned char *)data;
		v.size = size;
		ret = gnutls_subject_alt_names_set(sans, (unsigned)san_gnutls_type(types[i]), &v, NULL);
		if (ret < 0) {
			gnutls_subject_alt_names_deinit(sans);
			return pki__fail_gnutls(ret == GNUTLS_E_MEMORY_ERROR ? PKI_E_NOMEM
									     : PKI_E_INVALID_NAME,
						ret, "cannot add the subject alternative name \"%.256s\"",
						values[i]);
		}
	}
	ret = gnutls_x509_ext_export_subject_alt_names(sans, der);
	gnutls_subject_alt_names_deinit(sans);
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot encode the subject alternative names");
	return 0;
}

int pki__sans_set_crt(gnutls_x509_crt_t crt, char *const *values, const int *types, size_t n)
{
	gnutls_datum_t der;
	int ret = sans_der(&der, values, types, n);

	if (ret < 0)
		return ret;
	ret = gnutls_x509_crt_set_extension_by_oid(crt, "2.5.29.17", der.data, der.size, 0);
	gnutls_free(der.data);
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot write the subject alternative names");
	return 0;
}

int pki__sans_set_crq(gnutls_x509_crq_t crq, char *const *values, const int *types, size_t n)
{
	gnutls_datum_t der;
	int ret = sans_der(&der, values, types, n);

	if (ret < 0)
		return ret;
	ret = gnutls_x509_crq_set_extension_by_oid(crq, "2.5.29.17", der.data, der.size, 0);
	gnutls_free(der.data);
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot write the subject alternative names");
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Reading names back                                                                        */

/* True for text safe to return as is: printable ASCII, no NUL inside. */
static bool printable_ascii(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] < 0x20 || p[i] > 0x7e)
			return false;
	return true;
}

int pki__san_render(char **out, int gtype, const unsigned char *data, size_t size)
{
	char text[INET6_ADDRSTRLEN];
	int type;

	*out = NULL;
	switch (gtype) {
	case GNUTLS_SAN_DNSNAME: type = PKI_SAN_DNS; break;
	case GNUTLS_SAN_RFC822NAME: type = PKI_SAN_EMAIL; break;
	case GNUTLS_SAN_URI: type = PKI_SAN_URI; break;
	case GNUTLS_SAN_IPADDRESS: type = PKI_SAN_IP; break;
	default: type = PKI_SAN_OTHER;
	}
	if (type == PKI_SAN_IP) {
		if ((size == 4 || size == 16) &&
		    inet_ntop(size == 4 ? AF_INET : AF_INET6, data, text, sizeof(text)))
			*out = pki__strdup(text);
		else
			*out = pki__hex(data, size); /* malformed: show the bytes */
	} else if (printable_ascii(data, size)) {
		*out = pki__strndup((const char *)data, size);
	} else if (type == PKI_SAN_OTHER || !valid_utf8(data, size)) {
		*out = pki__hex(data, size);
	} else {
		*out = pki__strndup((const char *)data, size);
	}
	return *out ? type : pki__fail(PKI_E_NOMEM, "out of memory");
}

void pki__json_sans(pki__buf_t *b, char *const *values, const int *types, size_t n)
{
	static const struct {
		const char *key;
		int type;
	} groups[] = {
		{ "dns_names", PKI_SAN_DNS },
		{ "ip_addresses", PKI_SAN_IP },
		{ "emails", PKI_SAN_EMAIL },
		{ "uris", PKI_SAN_URI },
	};

	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		bool first = true;

		pki__buf_printf(b, "%s\"%s\":[", g ? "," : "", groups[g].key);
		for (size_t i = 0; i < n; i++) {
			if (types[i] != groups[g].type)
				continue;
			if (!first)
				pki__buf_add(b, ",", 1);
			pki__buf_json_str(b, values[i]);
			first = false;
		}
		pki__buf_add(b, "]", 1);
	}
}

char *pki__dn_from_gnutls(const char *s, size_t n)
{
	static const struct {
		const char *from, *to;
	} renames[] = {
		{ "EMAIL", "emailAddress" },
		{ "givenName", "GN" },
		{ "surName", "SN" },
	};
	der_t out = { 0 };
	bool at_type = true;
	char *res;

	for (size_t i = 0; i < n;) {
		if (at_type) {
			size_t k = i;

			while (k < n && s[k] != '=')
				k++;
			for (size_t r = 0; r < sizeof(renames) / sizeof(renames[0]); r++)
				if (k - i == strlen(renames[r].from) &&
				    memcmp(s + i, renames[r].from, k - i) == 0) {
					der_put(&out, renames[r].to, strlen(renames[r].to));
					i = k;
					break;
				}
			at_type = false;
			continue;
		}
		if (s[i] == '\\' && i + 1 < n) {
			der_put(&out, s + i, 2);
			i += 2;
			continue;
		}
		if (s[i] == ',' || s[i] == '+')
			at_type = true;
		der_put(&out, s + i, 1);
		i++;
	}
	der_put(&out, "", 1);
	res = out.failed ? NULL : pki__strdup((const char *)out.p);
	der_free(&out);
	return res;
}
