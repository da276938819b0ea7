/*
 * libpki — distinguished names (RFC 4514) and subject alternative names.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "asn1.h"
#include "internal.h"
#include "issue-int.h"

#include <gnutls/x509-ext.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Longest DN string and SAN value accepted: far above any real name, small enough to be safe. */
#define MAX_DN_LEN PKI_MAX_DN_LENGTH
#define MAX_SAN_LEN 4096u
/* Real names have a handful of attributes; GnuTLS/libtasn1 slow down quadratically past a few
 * thousand, so refuse absurd ones early. */
#define MAX_DN_ATTRS PKI_MAX_DN_ATTRIBUTES

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

const char *pki__dn_attr_name(const char *oid)
{
	for (size_t i = 0; i < N_DN_ATTRS; i++)
		if (strcmp(oid, dn_attrs[i].oid) == 0)
			return dn_attrs[i].name;
	return NULL;
}

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

/* Length of the valid UTF-8 sequence at @p s (up to @p n bytes), or 0. No NUL, no surrogates
 * (common.c's decoder, with NUL refused as names need). */
static size_t utf8_char(const unsigned char *s, size_t n)
{
	uint32_t cp;

	return s[0] ? pki__utf8_decode(s, n, &cp) : 0;
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

/* One AttributeTypeAndValue: its type OID, its value's DER, and the RDN (0 = first in the
 * string) it is in. */
typedef struct {
	char oid[128];
	gnutls_datum_t value; /* gnutls_free */
	size_t rdn;
} atv_t;

typedef struct {
	atv_t *v;
	size_t n, cap;
} atv_list_t;

static void atv_list_free(atv_list_t *l)
{
	for (size_t i = 0; i < l->n; i++)
		gnutls_free(l->v[i].value.data);
	pki_free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
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
static int parse_value(const char *dn, size_t *pos, pki__buf_t *val, bool *is_hex,
		       const char *type)
{
	size_t i = *pos, keep = 0; /* keep: length of val up to the last non-space or escaped byte */

	*is_hex = false;
	if (dn[i] == '#') {
		size_t start = ++i;
		asn1_node one = NULL;

		*is_hex = true;
		while (dn[i] && dn[i] != ',' && dn[i] != '+' && !is_space(dn[i])) {
			int hi = pki__hex_digit((unsigned char)dn[i]), lo = 0;

			if (hi < 0 || !dn[i + 1] || (lo = pki__hex_digit((unsigned char)dn[i + 1])) < 0)
				return DN_FAIL("bad hex-encoded value for %s at position %zu: expected "
					       "pairs of hex digits after '#'",
					       type, i + 1);
			unsigned char b = (unsigned char)(hi << 4 | lo);

			pki__buf_add(val, (const char *)&b, 1);
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
		if (!val->failed) {
			int rc = pki__asn1_decode(&one, "AnyValue", val->p, val->len);

			pki__asn1_free(&one);
			if (rc == PKI_E_NOMEM)
				return rc;
			if (rc)
				return DN_FAIL("the '#' value of %s at position %zu is not one DER "
					       "element (write \\# for a literal '#')",
					       type, start);
		}
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

				pki__buf_add(val, (const char *)&e, 1);
				i += 2;
			} else if ((hi = pki__hex_digit((unsigned char)dn[i + 1])) >= 0) {
				unsigned char b;

				if (!dn[i + 2] || (lo = pki__hex_digit((unsigned char)dn[i + 2])) < 0)
					return DN_FAIL("bad hex escape in the value of %s at position "
						       "%zu: '\\' must be followed by two hex digits",
						       type, i + 1);
				b = (unsigned char)(hi << 4 | lo);
				if (b == 0)
					return DN_FAIL("NUL byte (\\00) in the value of %s at position "
						       "%zu",
						       type, i + 1);
				pki__buf_add(val, (const char *)&b, 1);
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
		pki__buf_add(val, (const char *)&c, 1);
		if (!is_space((char)c))
			keep = val->len;
		i++;
	}
	/* Unescaped trailing spaces are not part of the value (RFC 4514 requires "\ "). The
	 * buffer is read as bytes and length, never as a string, so its NUL may stay behind. */
	val->len = keep;
	if (val->len == 0)
		return DN_FAIL("empty value for %s at position %zu", type, *pos + 1);
	if (!val->failed && !valid_utf8((const unsigned char *)val->p, val->len))
		return DN_FAIL("the value of %s is not valid UTF-8", type);
	*pos = i;
	return 0;
}

/* The DER of a string value: @p type from pkix.asn, @p choice its alternative (or NULL). */
static int encode_string(gnutls_datum_t *out, const char *type, const char *choice,
			 const unsigned char *p, size_t n)
{
	asn1_node node = NULL;
	int rc = pki__asn1_create(&node, type);

	if (!rc && choice)
		rc = pki__asn1_write_str(node, "", choice);
	if (!rc)
		rc = pki__asn1_write(node, choice ? choice : "", p, n);
	if (!rc)
		rc = pki__asn1_encode(out, node, "");
	pki__asn1_free(&node);
	return rc;
}

/* Encode one attribute value with the string type its attribute calls for. */
static int encode_value(gnutls_datum_t *out, int attr, const char *type, const unsigned char *p,
			size_t n)
{
	int kind = attr >= 0 ? dn_attrs[attr].kind : STR_DIRECTORY;

	switch (kind) {
	case STR_COUNTRY:
		if (n != 2 || !isalpha(p[0]) || !isalpha(p[1]))
			return DN_FAIL("C= must be a two-letter ISO 3166 country code (got %zu "
				       "bytes)",
				       n);
		unsigned char cc[2] = { (unsigned char)toupper(p[0]), (unsigned char)toupper(p[1]) };

		return encode_string(out, "DirectoryString", "printableString", cc, 2);
	case STR_PRINTABLE:
		if (!all_printable(p, n))
			return DN_FAIL("%s may only contain letters, digits, spaces and '()+,-./:=? "
				       "(PrintableString)",
				       type);
		return encode_string(out, "DirectoryString", "printableString", p, n);
	case STR_IA5:
		if (!all_ascii(p, n))
			return DN_FAIL("%s may only contain ASCII characters (IA5String)", type);
		return encode_string(out, "IA5Value", NULL, p, n);
	default:
		/* PrintableString when it fits (as GnuTLS and most CAs do), otherwise UTF8String. */
		return encode_string(out, "DirectoryString",
				     all_printable(p, n) ? "printableString" : "utf8String", p, n);
	}
}

static int parse_atv(const char *dn, size_t *pos, atv_list_t *list, size_t rdn)
{
	size_t i = *pos, start, tlen;
	char type[128];
	int attr = -1, ret;
	pki__buf_t val = { 0 };
	gnutls_datum_t value = { NULL, 0 }, oid_der = { NULL, 0 };
	atv_t *v;
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
		/* Encoding it checks it is an OID. */
		ret = pki__asn1_encode_oid(&oid_der, type);
		gnutls_free(oid_der.data);
		if (ret == PKI_E_NOMEM)
			goto out;
		if (ret) {
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
	if (is_hex) {
		value.data = gnutls_malloc(val.len);
		if (!value.data) {
			ret = pki__fail(PKI_E_NOMEM, "out of memory parsing a name");
			goto out;
		}
		memcpy(value.data, val.p, val.len);
		value.size = (unsigned)val.len;
	} else if ((ret = encode_value(&value, attr, type, (const unsigned char *)val.p, val.len)) < 0) {
		goto out;
	}
	/* only the current RDN, the last ATVs of the list */
	for (size_t k = list->n; k-- > 0 && list->v[k].rdn == rdn;) {
		if (strcmp(list->v[k].oid, attr >= 0 ? dn_attrs[attr].oid : type) == 0) {
			ret = DN_FAIL("attribute %s appears twice in one multi-valued RDN "
				      "(position %zu)",
				      type, start + 1);
			goto out;
		}
	}
	/* parse_dn stops at MAX_DN_ATTRS first, so only memory can run out here */
	if (!(v = pki__grow(list->v, &list->cap, list->n, sizeof(*v), MAX_DN_ATTRS,
			    "attributes in a distinguished name", &ret))) {
		if (ret == PKI_E_NOMEM)
			ret = pki__fail(PKI_E_NOMEM, "out of memory parsing a name");
		goto out;
	}
	list->v = v;
	snprintf(list->v[list->n].oid, sizeof(list->v[list->n].oid), "%s",
		 attr >= 0 ? dn_attrs[attr].oid : type);
	list->v[list->n].value = value;
	list->v[list->n].rdn = rdn;
	list->n++;
	value.data = NULL;
	*pos = i;
	ret = 0;
out:
	gnutls_free(value.data);
	pki__buf_discard(&val);
	return ret;
}

/* Parse an RFC 4514 string into its attributes, in the string's order. */
static int dn_parse(atv_list_t *list, const char *dn)
{
	size_t pos = 0, rdn = 0, len = strlen(dn);
	int ret;

	if (len > MAX_DN_LEN)
		return DN_FAIL("distinguished name longer than %u bytes", MAX_DN_LEN);
	while (is_space(dn[pos]))
		pos++;
	if (!dn[pos])
		return 0;
	for (;;) {
		if (list->n >= MAX_DN_ATTRS)
			return DN_FAIL("more than %u attributes in a distinguished name",
				       MAX_DN_ATTRS);
		if ((ret = parse_atv(dn, &pos, list, rdn)) < 0)
			return ret;
		if (dn[pos] == '+') {
			pos++;
			continue;
		}
		if (dn[pos] == ',') {
			pos++;
			rdn++;
			continue;
		}
		return 0; /* end of string: parse_value stops only at ',', '+' or NUL */
	}
}

/*
 * Write the Name of @p list into the Name element @p path of @p node. RFC 4514 writes the most
 * specific RDN first, DER the most significant: the groups are written from the last. Each
 * RDN is a SET OF, which libtasn1 sorts into DER order when encoding.
 */
static int name_write(asn1_node node, const char *path, const atv_list_t *list)
{
	char seq[160], last[192];
	int ret;

	snprintf(seq, sizeof(seq), "%s.rdnSequence", path);
	snprintf(last, sizeof(last), "%s.?LAST", seq);
	if ((ret = pki__asn1_write_str(node, path, "rdnSequence")) < 0)
		return ret;
	for (size_t end = list->n; end > 0;) {
		size_t first = end;

		while (first > 0 && list->v[first - 1].rdn == list->v[end - 1].rdn)
			first--;
		if ((ret = pki__asn1_write(node, seq, "NEW", 1)) < 0)
			return ret;
		for (size_t k = first; k < end; k++) {
			char type[224], value[224];

			snprintf(type, sizeof(type), "%s.?LAST.type", last);
			snprintf(value, sizeof(value), "%s.?LAST.value", last);
			if ((ret = pki__asn1_write(node, last, "NEW", 1)) < 0 ||
			    (ret = pki__asn1_write_str(node, type, list->v[k].oid)) < 0 ||
			    (ret = pki__asn1_write(node, value, list->v[k].value.data,
						   list->v[k].value.size)) < 0)
				return ret;
		}
		end = first;
	}
	return 0;
}

/* The parts of the templates below: an algorithm identifier, a placeholder P-256 key (with
 * its curve parameter present, so that GnuTLS can later overwrite the whole
 * SubjectPublicKeyInfo of any key type in a request decoded from this template). */
static int template_parts(asn1_node node, const char *alg, const char *spki)
{
	static const unsigned char point[65] = { 0x04 };
	gnutls_datum_t curve = { NULL, 0 };
	char path[96];
	int ret;

	snprintf(path, sizeof(path), "%s.algorithm", alg);
	if ((ret = pki__asn1_write_str(node, path, "1.2.840.10045.4.3.2")) < 0)
		return ret;
	/* Present (a NULL), so that the tree GnuTLS decodes has a parameters node for the signer
	 * to fill: RSA's NULL, RSA-PSS's RSASSA-PSS-params; ECDSA and EdDSA sign it away. */
	snprintf(path, sizeof(path), "%s.parameters", alg);
	if ((ret = pki__asn1_write(node, path, "\x05\x00", 2)) < 0)
		return ret;
	snprintf(path, sizeof(path), "%s.algorithm.algorithm", spki);
	if ((ret = pki__asn1_write_str(node, path, "1.2.840.10045.2.1")) < 0)
		return ret;
	if ((ret = pki__asn1_encode_oid(&curve, "1.2.840.10045.3.1.7")) < 0)
		return ret;
	snprintf(path, sizeof(path), "%s.algorithm.parameters", spki);
	ret = pki__asn1_write(node, path, curve.data, curve.size);
	gnutls_free(curve.data);
	if (ret < 0)
		return ret;
	snprintf(path, sizeof(path), "%s.subjectPublicKey", spki);
	return pki__asn1_write(node, path, point, 8 * sizeof(point)); /* a length in bits */
}

static int list_template(gnutls_datum_t *out, const char *type, const atv_list_t *list,
			 const char *dn);

/* The DER of a template @p type ("Certificate" or "CertificationRequest") whose subject is the
 * RFC 4514 string @p dn. */
static int dn_template(gnutls_datum_t *out, const char *type, const char *dn)
{
	atv_list_t list = { 0 };
	int ret;

	out->data = NULL;
	out->size = 0;
	if (!dn)
		return pki__fail(PKI_E_INVALID_ARG, "distinguished name is NULL");
	if ((ret = dn_parse(&list, dn)) >= 0)
		ret = list_template(out, type, &list, dn);
	atv_list_free(&list);
	return ret;
}

/* The same for a name already parsed into @p list (@p dn is its string, for messages). */
static int list_template(gnutls_datum_t *out, const char *type, const atv_list_t *list,
			 const char *dn)
{
	asn1_node node = NULL;
	bool crt = strcmp(type, "Certificate") == 0;
	int ret;

	out->data = NULL;
	out->size = 0;
	if ((ret = pki__asn1_create(&node, type)) < 0)
		goto out;
	if (crt) {
		if ((ret = pki__asn1_write_int(node, "tbsCertificate.version", 2)) < 0 ||
		    (ret = pki__asn1_write_int(node, "tbsCertificate.serialNumber", 1)) < 0 ||
		    (ret = pki__asn1_write_str(node, "tbsCertificate.issuer", "rdnSequence")) < 0 ||
		    (ret = pki__asn1_write_time(node, "tbsCertificate.validity.notBefore", 0)) < 0 ||
		    (ret = pki__asn1_write_time(node, "tbsCertificate.validity.notAfter", 86400)) <
			    0 ||
		    (ret = name_write(node, "tbsCertificate.subject", list)) < 0 ||
		    (ret = template_parts(node, "tbsCertificate.signature",
					  "tbsCertificate.subjectPublicKeyInfo")) < 0 ||
		    (ret = pki__asn1_write(node, "tbsCertificate.issuerUniqueID", NULL, 0)) < 0 ||
		    (ret = pki__asn1_write(node, "tbsCertificate.subjectUniqueID", NULL, 0)) < 0 ||
		    (ret = pki__asn1_write(node, "tbsCertificate.extensions", NULL, 0)) < 0 ||
		    (ret = template_parts(node, "signatureAlgorithm",
					  "tbsCertificate.subjectPublicKeyInfo")) < 0 ||
		    (ret = pki__asn1_write(node, "signatureValue", "", 0)) < 0)
			goto out;
	} else {
		if ((ret = pki__asn1_write_int(node, "certificationRequestInfo.version", 0)) < 0 ||
		    (ret = name_write(node, "certificationRequestInfo.subject", list)) < 0 ||
		    (ret = template_parts(node, "signatureAlgorithm",
					  "certificationRequestInfo.subjectPKInfo")) < 0 ||
		    (ret = pki__asn1_write(node, "signature", "", 0)) < 0)
			goto out;
	}
	ret = pki__asn1_encode(out, node, "");
out:
	if (ret == PKI_E_INVALID_ARG) /* libtasn1 refused a value: the name is at fault */
		ret = DN_FAIL("cannot encode the name \"%.128s\"", dn);
	pki__asn1_free(&node);
	return ret;
}

/*
 * GnuTLS 3.7 can only append single-valued RDNs (gnutls_x509_crt_set_dn() refuses '+' and
 * gnutls_x509_*_set_dn_by_oid() makes one RDN per call), so the Name is encoded here (libtasn1)
 * and brought in through a template certificate: gnutls_x509_crt_set_proxy_dn() copies a
 * certificate's subject as is when given no CN to add.
 */
int pki__dn_set_crt(gnutls_x509_crt_t crt, const char *dn)
{
	gnutls_x509_crt_t tmpl = NULL;
	gnutls_datum_t d = { NULL, 0 };
	int ret = crt ? dn_template(&d, "Certificate", dn)
		      : pki__fail(PKI_E_INVALID_ARG, "no certificate to name");

	if (ret < 0)
		return ret;
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
	gnutls_free(d.data);
	return ret;
}

/*
 * Requests have no equivalent of set_proxy_dn, so a template request carrying the subject is
 * imported into the (fresh) handle; the caller then sets the key, extensions and signature.
 */
/*
 * A name whose RDNs all hold one attribute (nearly every name) goes straight into the request:
 * gnutls_x509_crq_set_dn_by_oid() appends one RDN per call and takes the value's DER as
 * encoded here. That costs a quarter of building, encoding and decoding a template. The
 * names DER writes first (the last in the string) are appended first.
 */
static int dn_append_crq(gnutls_x509_crq_t crq, const atv_list_t *list, const char *dn)
{
	for (size_t k = list->n; k-- > 0;) {
		int ret = gnutls_x509_crq_set_dn_by_oid(crq, list->v[k].oid, 1, list->v[k].value.data,
						       list->v[k].value.size);
		if (ret < 0)
			return pki__fail_gnutls(ret == GNUTLS_E_MEMORY_ERROR ? PKI_E_NOMEM
									     : PKI_E_INVALID_NAME,
						ret, "cannot set the subject \"%.128s\"", dn);
	}
	return 0;
}

int pki__dn_set_crq(gnutls_x509_crq_t crq, const char *dn)
{
	gnutls_datum_t d = { NULL, 0 };
	atv_list_t list = { 0 };
	int ret;

	if (!crq || !dn)
		return pki__fail(PKI_E_INVALID_ARG, crq ? "distinguished name is NULL"
							: "no request to name");
	if ((ret = dn_parse(&list, dn)) < 0)
		goto out;
	/* single-valued RDNs only: the last attribute is in RDN n - 1 */
	if (list.n > 0 && list.v[list.n - 1].rdn == list.n - 1) {
		ret = dn_append_crq(crq, &list, dn);
		goto out;
	}
	if ((ret = list_template(&d, "CertificationRequest", &list, dn)) < 0)
		goto out;
	ret = gnutls_x509_crq_import(crq, &d, GNUTLS_X509_FMT_DER);
	if (ret < 0)
		ret = pki__fail_gnutls(ret == GNUTLS_E_MEMORY_ERROR ? PKI_E_NOMEM : PKI_E_INVALID_NAME,
				       ret, "cannot set the subject \"%.128s\"", dn);
	else
		ret = 0;
out:
	gnutls_free(d.data);
	atv_list_free(&list);
	return ret;
}

/* ---------------------------------------------------------------------------------------- */
/* Names built attribute by attribute (pki_dn_t): kept as the RFC 4514 pieces the parser above
 * reads back, so that a built name and a string name are encoded by the same code. */

typedef struct {
	char *type;  /* canonical short name, or the dotted OID */
	char *value; /* RFC 4514-escaped */
	size_t rdn;  /* 0 = the most significant RDN */
} dn_item_t;

struct pki_dn {
	dn_item_t *v;
	size_t n, cap;
	size_t len; /* length of the RFC 4514 string */
};

int pki_dn_new(pki_dn_t **out, unsigned flags)
{
	int ret;

	if ((ret = PKI__ENTER_OUT(out, flags, 0)) < 0)
		return ret;
	*out = pki__zalloc(sizeof(**out));
	return *out ? 0 : pki__fail(PKI_E_NOMEM, "out of memory");
}

void pki_dn_free(pki_dn_t *dn)
{
	if (!dn)
		return;
	for (size_t i = 0; i < dn->n; i++) {
		pki_free(dn->v[i].type);
		pki_free(dn->v[i].value);
	}
	pki_free(dn->v);
	pki_free(dn);
}

int pki_dn_count(const pki_dn_t *dn)
{
	int ret = pki__enter_arg(__func__, dn, "dn");

	return ret < 0 ? ret : (int)dn->n;
}

/* The attribute type @p type as the parser spells it: the canonical short name of a known type
 * (by name or OID), else the dotted OID. *@p attr is its dn_attrs index or -1. */
static int dn_type(const char **canon, int *attr, const char *type)
{
	size_t n = strlen(type);
	gnutls_datum_t der = { NULL, 0 };
	int ret;

	*attr = -1;
	if (isalpha((unsigned char)type[0])) {
		*attr = attr_by_name(type, n);
		if (*attr < 0)
			return DN_FAIL("unknown attribute type \"%.64s\" (use CN, C, L, ST, O, OU, "
				       "STREET, DC, UID, serialNumber, emailAddress, title, GN, SN, "
				       "initials, pseudonym, generationQualifier, dnQualifier or a "
				       "dotted OID)",
				       type);
		*canon = dn_attrs[*attr].name;
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)type[i]) && type[i] != '.')
			return DN_FAIL("malformed attribute type \"%.64s\": a short name or a dotted "
				       "OID",
				       type);
	if (n == 0 || n >= sizeof(((atv_t *)0)->oid))
		return DN_FAIL(n ? "attribute OID too long" : "empty attribute type");
	ret = pki__asn1_encode_oid(&der, type);
	gnutls_free(der.data);
	if (ret == PKI_E_NOMEM)
		return ret;
	if (ret)
		return DN_FAIL("malformed attribute OID \"%s\"", type);
	*attr = attr_by_oid(type);
	*canon = *attr >= 0 ? dn_attrs[*attr].name : type;
	return 0;
}

/* @p value escaped for an RFC 4514 string (section 2.4), as parse_value reads it back. */
static char *dn_escape(const char *value)
{
	pki__buf_t b = { 0 };
	size_t n = strlen(value);
	char *out = NULL;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)value[i];

		if (c < 0x20 || c == 0x7f)
			pki__buf_printf(&b, "\\%02X", c);
		else if (strchr(",+\"\\<>;=", c) || (c == '#' && i == 0) ||
			 (c == ' ' && (i == 0 || i == n - 1)))
			pki__buf_printf(&b, "\\%c", c);
		else
			pki__buf_add(&b, (const char *)&c, 1);
	}
	return pki__buf_finish(&b, &out) < 0 ? NULL : out;
}

/* Check @p value for the attribute (the parser's own checks: UTF-8, its string type). */
static int dn_value_check(int attr, const char *type, const char *value)
{
	gnutls_datum_t der = { NULL, 0 };
	size_t n = strlen(value);
	int ret;

	if (n == 0)
		return DN_FAIL("empty value for %s", type);
	if (!valid_utf8((const unsigned char *)value, n))
		return DN_FAIL("the value of %s is not valid UTF-8", type);
	ret = encode_value(&der, attr, type, (const unsigned char *)value, n);
	gnutls_free(der.data);
	return ret < 0 ? ret : 0;
}

int pki_dn_add(pki_dn_t *dn, const char *type, const char *value, unsigned flags)
{
	const char *canon = NULL;
	char *t = NULL, *v = NULL;
	bool multi = flags & PKI_DN_MULTI_VALUED;
	dn_item_t *grown;
	int attr, ret;

	if ((ret = pki__enter_arg(__func__, dn, "dn")) < 0 ||
	    (ret = pki__arg(__func__, type, "type")) < 0 ||
	    (ret = pki__arg(__func__, value, "value")) < 0 ||
	    (ret = pki__flags(__func__, flags, PKI_DN_MULTI_VALUED)) < 0)
		return ret;
	if (multi && dn->n == 0)
		return pki__fail(PKI_E_INVALID_ARG,
				 "pki_dn_add: PKI_DN_MULTI_VALUED needs an RDN to join (the name is "
				 "empty)");
	if (dn->n >= MAX_DN_ATTRS)
		return pki__fail(PKI_E_TOO_LARGE, "more than %u attributes in a distinguished name",
				 MAX_DN_ATTRS);
	if ((ret = dn_type(&canon, &attr, type)) < 0 ||
	    (ret = dn_value_check(attr, canon, value)) < 0)
		return ret;
	for (size_t k = dn->n; multi && k-- > 0 && dn->v[k].rdn == dn->v[dn->n - 1].rdn;)
		if (strcasecmp(dn->v[k].type, canon) == 0)
			return DN_FAIL("attribute %s appears twice in one multi-valued RDN", canon);
	t = pki__strdup(canon);
	v = dn_escape(value);
	if (!t || !v) {
		ret = pki__fail(PKI_E_NOMEM, "out of memory");
		goto fail;
	}
	/* the string grows by the separator, "type=" and the value */
	if (dn->len + (dn->n > 0) + strlen(t) + 1 + strlen(v) > MAX_DN_LEN) {
		ret = pki__fail(PKI_E_TOO_LARGE, "distinguished name longer than %u bytes",
				MAX_DN_LEN);
		goto fail;
	}
	if (!(grown = pki__grow(dn->v, &dn->cap, dn->n, sizeof(*dn->v), MAX_DN_ATTRS,
				"distinguished name attributes", &ret)))
		goto fail;
	if (attr >= 0 && dn_attrs[attr].kind == STR_COUNTRY) /* as the parser writes it */
		for (char *c = v; *c; c++)
			*c = (char)toupper((unsigned char)*c);
	dn->v = grown;
	dn->len += (dn->n > 0) + strlen(t) + 1 + strlen(v);
	dn->v[dn->n].type = t;
	dn->v[dn->n].value = v;
	dn->v[dn->n].rdn = dn->n == 0 ? 0 : dn->v[dn->n - 1].rdn + !multi;
	dn->n++;
	return 0;
fail:
	pki_free(t);
	pki_free(v);
	return ret;
}

int pki__dn_render(char **out, const pki_dn_t *dn)
{
	pki__buf_t b = { 0 };
	bool first = true;

	*out = NULL;
	/* RFC 4514 order: the most significant RDN last, so the groups from the last one */
	for (size_t end = dn->n; end > 0;) {
		size_t start = end;

		while (start > 0 && dn->v[start - 1].rdn == dn->v[end - 1].rdn)
			start--;
		for (size_t k = start; k < end; k++) {
			pki__buf_printf(&b, "%s%s=%s", first ? "" : k == start ? "," : "+",
					dn->v[k].type, dn->v[k].value);
			first = false;
		}
		end = start;
	}
	return pki__buf_finish(&b, out);
}

int pki_dn_to_string(char **out, const pki_dn_t *dn)
{
	int ret = pki__enter_str(__func__, out, dn, "dn");

	return ret < 0 ? ret : pki__dn_render(out, dn);
}

int pki_issue_opts_set_subject_dn(pki_issue_opts_t *opts, const pki_dn_t *subject)
{
	char *s = NULL;
	int ret;

	if ((ret = pki__enter_arg(__func__, opts, "opts")) < 0 ||
	    (ret = pki__arg(__func__, subject, "subject")) < 0 ||
	    (ret = pki__dn_render(&s, subject)) < 0)
		return ret;
	ret = pki__issue_opts_set_subject(opts, s);
	pki_free(s);
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

/* The subjectAltName forms libpki handles, in PKI_SAN_* order (san_forms[type - 1]): the
 * prefix of the typed text form ("DNS:example.com") and the key of the JSON list. */
static const struct {
	const char *prefix, *json_key;
	int type;
} san_forms[] = {
	{ "DNS:", "dns_names", PKI_SAN_DNS },
	{ "IP:", "ip_addresses", PKI_SAN_IP },
	{ "email:", "emails", PKI_SAN_EMAIL },
	{ "URI:", "uris", PKI_SAN_URI },
};
#define N_SAN_FORMS (sizeof(san_forms) / sizeof(san_forms[0]))

static int san_prefix(const char *s, const char **rest)
{
	for (size_t i = 0; i < N_SAN_FORMS; i++) {
		size_t n = strlen(san_forms[i].prefix);

		if (strncasecmp(s, san_forms[i].prefix, n) == 0) {
			*rest = s + n;
			return san_forms[i].type;
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

	if ((type = PKI__ENTER_OUT(out, flags, 0)) < 0 ||
	    (type = pki__arg(__func__, name, "name")) < 0)
		return type;
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
	snprintf(typed, n, "%s%s", san_forms[type - 1].prefix, value);
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
static int sans_der(gnutls_datum_t *der, char *const *values, const int *types, size_t n,
		    gnutls_subject_alt_names_t *keep)
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
	if (ret >= 0 && keep) {
		*keep = sans;
		return 0;
	}
	gnutls_subject_alt_names_deinit(sans);
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot encode the subject alternative names");
	return 0;
}

/*
 * Write the extension into @p crt or, when it is NULL, into @p crq. With @p keep, the list
 * that was encoded is kept there (pki__sans_clear) instead of being freed: it holds exactly
 * what decoding the extension again would give.
 */
static int sans_set(gnutls_x509_crt_t crt, gnutls_x509_crq_t crq, char *const *values,
		    const int *types, size_t n, pki__sans_t *keep)
{
	gnutls_subject_alt_names_t list = NULL;
	gnutls_datum_t der;
	int ret = sans_der(&der, values, types, n, keep ? &list : NULL);

	if (ret < 0)
		return ret;
	ret = crt ? gnutls_x509_crt_set_extension_by_oid(crt, "2.5.29.17", der.data, der.size, 0)
		  : gnutls_x509_crq_set_extension_by_oid(crq, "2.5.29.17", der.data, der.size, 0);
	gnutls_free(der.data);
	if (ret < 0) {
		if (list)
			gnutls_subject_alt_names_deinit(list);
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot write the subject alternative names");
	}
	if (keep) {
		memset(keep, 0, sizeof(*keep));
		keep->list = list;
		keep->count = (unsigned)n;
	}
	return 0;
}

int pki__sans_set_crt(gnutls_x509_crt_t crt, char *const *values, const int *types, size_t n)
{
	return sans_set(crt, NULL, values, types, n, NULL);
}

int pki__sans_set_crq(gnutls_x509_crq_t crq, char *const *values, const int *types, size_t n,
		      pki__sans_t *keep)
{
	return sans_set(NULL, crq, values, types, n, keep);
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

int pki__sans_read(pki__sans_t *s, int ret, gnutls_datum_t *der, const char *what)
{
	unsigned type;
	gnutls_datum_t v;

	memset(s, 0, sizeof(*s));
	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return 0;
	if (ret < 0)
		return s->status = pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
						    "cannot read the subject alternative names "
						    "of the %s", what);
	ret = gnutls_subject_alt_names_init(&s->list);
	if (ret >= 0)
		ret = gnutls_x509_ext_import_subject_alt_names(der, s->list, 0);
	gnutls_free(der->data);
	der->data = NULL;
	if (ret < 0) {
		if (s->list)
			gnutls_subject_alt_names_deinit(s->list);
		s->list = NULL;
		return s->status = pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
						    "cannot parse the subject alternative names "
						    "of the %s", what);
	}
	/* gnutls_subject_alt_names_get is an array lookup: counting is linear */
	while (gnutls_subject_alt_names_get(s->list, s->count, &type, &v, NULL) >= 0) {
		if (++s->count > PKI__MAX_SANS) {
			pki__sans_clear(s);
			return s->status = pki__fail(PKI_E_TOO_LARGE,
						     "the %s has more than %u SANs", what,
						     PKI__MAX_SANS);
		}
	}
	return 0;
}

static bool ascii_printable(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || (unsigned char)p[i] >= 0x7f)
			return false;
	return true;
}

int pki__sans_from_crt(pki__sans_t *s, gnutls_x509_crt_t crt)
{
	char buf[1024];
	int ret = 0;

	memset(s, 0, sizeof(*s));
	/*
	 * GnuTLS decoded the SAN extension when it imported the certificate, and its indexed
	 * getter reads that list: copying the names from it costs a fraction of decoding the
	 * extension again (bench/: ~8 us of a 45 us parse). Only for the plain types whose value
	 * both paths give alike; anything else (other names, directory names, embedded NULs,
	 * long values, no SAN at all) is for the caller's full decode.
	 */
	for (unsigned i = 0;; i++) {
		size_t size = sizeof(buf);
		unsigned critical = 0;
		int type = gnutls_x509_crt_get_subject_alt_name(crt, i, buf, &size, &critical);
		gnutls_datum_t d = { (unsigned char *)buf, (unsigned)size };

		if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE && i > 0)
			return 0;
		if (type != GNUTLS_SAN_DNSNAME && type != GNUTLS_SAN_RFC822NAME &&
		    type != GNUTLS_SAN_URI && type != GNUTLS_SAN_IPADDRESS)
			break;
		/* GnuTLS gives non-ASCII names converted (IDNA): those are read the full way */
		if (type != GNUTLS_SAN_IPADDRESS && !ascii_printable(buf, size))
			break;
		if (i >= PKI__MAX_SANS)
			break; /* the full decode says PKI_E_TOO_LARGE */
		if (!s->list && (ret = gnutls_subject_alt_names_init(&s->list)) < 0)
			break;
		if ((ret = gnutls_subject_alt_names_set(s->list, (unsigned)type, &d, NULL)) < 0)
			break;
		s->count++;
	}
	pki__sans_clear(s);
	return ret == GNUTLS_E_MEMORY_ERROR ? pki__fail(PKI_E_NOMEM, "out of memory") : 1;
}

int pki__sans_get(char **out, const pki__sans_t *s, unsigned index, const char *what)
{
	unsigned type = 0;
	gnutls_datum_t v = { NULL, 0 };
	int ret;

	*out = NULL;
	if (!s->list || index >= s->count)
		return pki__fail(PKI_E_NOT_FOUND, "no SAN number %u in the %s", index, what);
	ret = gnutls_subject_alt_names_get(s->list, index, &type, &v, NULL);
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
					"cannot read SAN number %u of the %s", index, what);
	return pki__san_render(out, (int)type, v.data, v.size);
}

int pki__sans_all(char ***out, const pki__sans_t *s, const char *what)
{
	static const char *const prefix[] = { "", "DNS:", "IP:", "email:", "URI:", "other:" };
	char **v = pki__zalloc(((size_t)s->count + 1) * sizeof(*v));

	*out = NULL;
	if (!v)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	for (unsigned i = 0; i < s->count; i++) {
		char *text = NULL;
		int type = pki__sans_get(&text, s, i, what);

		if (type < 0) {
			pki_strings_free(v);
			return type;
		}
		size_t np = strlen(prefix[type]), nt = strlen(text);

		v[i] = pki__malloc(np + nt + 1);
		if (v[i]) {
			memcpy(v[i], prefix[type], np);
			memcpy(v[i] + np, text, nt + 1);
		}
		pki_free(text);
		if (!v[i]) {
			pki_strings_free(v);
			return pki__fail(PKI_E_NOMEM, "out of memory");
		}
	}
	*out = v;
	return (int)s->count;
}

void pki__sans_clear(pki__sans_t *s)
{
	if (s->list)
		gnutls_subject_alt_names_deinit(s->list);
	memset(s, 0, sizeof(*s));
}

void pki__json_sans(pki__buf_t *b, char *const *values, const int *types, size_t n)
{
	for (size_t g = 0; g < N_SAN_FORMS; g++) {
		bool first = true;

		pki__buf_printf(b, "%s\"%s\":[", g ? "," : "", san_forms[g].json_key);
		for (size_t i = 0; i < n; i++) {
			if (types[i] != san_forms[g].type)
				continue;
			if (!first)
				pki__buf_add(b, ",", 1);
			pki__buf_json_str(b, values[i]);
			first = false;
		}
		pki__buf_add(b, "]", 1);
	}
}

int pki__dn_text(char **out, int ret, gnutls_datum_t *d, const char *what)
{
	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE || (ret >= 0 && d->size == 0)) {
		gnutls_free(d->data);
		d->data = NULL;
		*out = pki__strdup("");
	} else if (ret < 0) {
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret, "cannot read the %s",
					what);
	} else {
		*out = pki__dn_from_gnutls((const char *)d->data, d->size);
		gnutls_free(d->data);
		d->data = NULL;
	}
	return *out ? 0 : pki__fail(PKI_E_NOMEM, "out of memory");
}

char *pki__dn_from_gnutls(const char *s, size_t n)
{
	pki__buf_t out = { 0 };
	bool at_type = true;
	char *res = NULL;

	for (size_t i = 0; i < n;) {
		if (at_type) {
			size_t k = i;
			int a;

			while (k < n && s[k] != '=')
				k++;
			/*
			 * An alias GnuTLS prints (EMAIL, givenName, surName) becomes the short name
			 * of dn_attrs, the one libpki and openssl print; the short name itself stays
			 * as GnuTLS spells it ("street", as openssl writes it too), and so does an
			 * unknown type (an OID).
			 */
			a = attr_by_name(s + i, k - i);
			if (a >= 0 && (strlen(dn_attrs[a].name) != k - i ||
				       strncasecmp(dn_attrs[a].name, s + i, k - i) != 0)) {
				pki__buf_add(&out, dn_attrs[a].name, strlen(dn_attrs[a].name));
				i = k;
			}
			at_type = false;
			continue;
		}
		if (s[i] == '\\' && i + 1 < n) {
			pki__buf_add(&out, s + i, 2);
			i += 2;
			continue;
		}
		if (s[i] == ',' || s[i] == '+')
			at_type = true;
		pki__buf_add(&out, s + i, 1);
		i++;
	}
	if (pki__buf_finish(&out, &res) < 0)
		return NULL;
	return res;
}
