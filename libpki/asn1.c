/*
 * libpki — the libtasn1 layer (see asn1.h): one parse of pkix.asn at first use, strict DER
 * decoding of whole buffers, and the read/write/encode helpers the rest of the library uses.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "asn1.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

extern const asn1_static_node pki__pkix_asn1_tab[];

static asn1_node defs;
static char defs_error[ASN1_MAX_ERROR_DESCRIPTION_SIZE];
static pthread_once_t defs_once = PTHREAD_ONCE_INIT;

static void load_defs(void)
{
	if (asn1_array2tree(pki__pkix_asn1_tab, &defs, defs_error) != ASN1_SUCCESS)
		defs = NULL;
}

asn1_node pki__asn1_defs(void)
{
	pthread_once(&defs_once, load_defs);
	return defs;
}

/* "name" for the top node's path; "parent.child" otherwise. */
static void join(char *buf, size_t len, const char *name, const char *child)
{
	if (!name || !*name)
		snprintf(buf, len, "%s", child);
	else
		snprintf(buf, len, "%s.%s", name, child);
}

static const char *shown(const char *name)
{
	return name && *name ? name : "(top)";
}

static int fail_asn1(int rc, const char *what, const char *name)
{
	switch (rc) {
	case ASN1_MEM_ALLOC_ERROR:
		return pki__fail(PKI_E_NOMEM, "out of memory in ASN.1 %s", what);
	case ASN1_ELEMENT_NOT_FOUND:
	case ASN1_VALUE_NOT_FOUND:
		return pki__fail(PKI_E_NOT_FOUND, "ASN.1 %s: %s absent (libtasn1: %s)", what,
				 shown(name), asn1_strerror(rc));
	default:
		return pki__fail(PKI_E_PARSE, "ASN.1 %s: %s (libtasn1: %s)", what, shown(name),
				 asn1_strerror(rc));
	}
}

int pki__asn1_create(asn1_node *out, const char *type)
{
	char full[128];
	asn1_node d = pki__asn1_defs();
	int rc;

	*out = NULL;
	if (!d)
		return pki__fail(PKI_E_UNSUPPORTED, "libpki's ASN.1 definitions did not load: %s",
				 defs_error);
	snprintf(full, sizeof(full), "PKIX.%s", type);
	rc = asn1_create_element(d, full, out);
	if (rc != ASN1_SUCCESS) {
		*out = NULL;
		if (rc == ASN1_MEM_ALLOC_ERROR)
			return pki__fail(PKI_E_NOMEM, "out of memory creating ASN.1 %s", type);
		return pki__fail(PKI_E_UNSUPPORTED, "no ASN.1 type %s in pkix.asn (libtasn1: %s)",
				 type, asn1_strerror(rc));
	}
	return 0;
}

void pki__asn1_free(asn1_node *node)
{
	if (node && *node)
		asn1_delete_structure(node);
	if (node)
		*node = NULL;
}

static int canonical(asn1_node node, const char *type, const void *der, size_t size)
{
	char err[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";
	unsigned char *again = gnutls_malloc(size);
	int len = (int)size, rc;

	if (!again)
		return pki__fail(PKI_E_NOMEM, "out of memory decoding %s", type);
	rc = asn1_der_coding(node, "", again, &len, err);
	if (rc == ASN1_MEM_ALLOC_ERROR) {
		gnutls_free(again);
		return pki__fail(PKI_E_NOMEM, "out of memory decoding %s", type);
	}
	rc = rc == ASN1_SUCCESS && (size_t)len == size && memcmp(again, der, size) == 0;
	gnutls_free(again);
	if (!rc)
		return pki__fail(PKI_E_PARSE,
				 "%s: BER, not DER (a length, integer, default value or set order "
				 "not in its one DER form)",
				 type);
	return 0;
}

int pki__asn1_decode(asn1_node *out, const char *type, const void *der, size_t size)
{
	char err[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";
	asn1_node node = NULL;
	int len, rc;

	*out = NULL;
	if (!der || size == 0)
		return pki__fail(PKI_E_PARSE, "%s: empty input", type);
	if (size > PKI_MAX_INPUT_SIZE || size > INT_MAX)
		return pki__fail(PKI_E_TOO_LARGE, "%s: %zu bytes, above the %d-byte input limit",
				 type, size, PKI_MAX_INPUT_SIZE);
	rc = pki__asn1_create(&node, type);
	if (rc)
		return rc;
	len = (int)size;
	rc = asn1_der_decoding2(&node, der, &len, ASN1_DECODE_FLAG_STRICT_DER, err);
	if (rc != ASN1_SUCCESS) {
		pki__asn1_free(&node);
		if (rc == ASN1_MEM_ALLOC_ERROR)
			return pki__fail(PKI_E_NOMEM, "out of memory decoding %s", type);
		return pki__fail(PKI_E_PARSE, "%s: not valid DER (libtasn1: %s%s%s)", type,
				 asn1_strerror(rc), *err ? ": " : "", err);
	}
	if ((size_t)len != size) {
		pki__asn1_free(&node);
		return pki__fail(PKI_E_PARSE, "%s: %zu trailing bytes after the DER value", type,
				 size - (size_t)len);
	}
	/* libtasn1's strict flag refuses indefinite lengths but not every BER form (a long-form
	 * length for a short value, TRUE other than 0xff, an unsorted SET OF). DER is the one encoding of a value: encoding it
	 * again must give the input back, byte for byte. (INTEGER bytes are kept as they came,
	 * so pki__asn1_read_int checks their minimal form.) */
	rc = canonical(node, type, der, size);
	if (rc) {
		pki__asn1_free(&node);
		return rc;
	}
	*out = node;
	return 0;
}

bool pki__asn1_is(const char *type, const void *der, size_t size)
{
	char full[128];
	asn1_node node = NULL, d = pki__asn1_defs();
	unsigned char *again = NULL;
	char err[ASN1_MAX_ERROR_DESCRIPTION_SIZE];
	int len, rc;
	bool ok = false;

	if (!d || !der || size == 0 || size > PKI_MAX_INPUT_SIZE || size > INT_MAX)
		return false;
	snprintf(full, sizeof(full), "PKIX.%s", type);
	if (asn1_create_element(d, full, &node) != ASN1_SUCCESS)
		return false;
	len = (int)size;
	rc = asn1_der_decoding2(&node, der, &len, ASN1_DECODE_FLAG_STRICT_DER, err);
	if (rc == ASN1_SUCCESS && (size_t)len == size && (again = gnutls_malloc(size))) {
		len = (int)size;
		ok = asn1_der_coding(node, "", again, &len, err) == ASN1_SUCCESS &&
		     (size_t)len == size && memcmp(again, der, size) == 0;
		gnutls_free(again);
	}
	asn1_delete_structure(&node);
	return ok;
}

int pki__asn1_encode(gnutls_datum_t *out, asn1_node node, const char *name)
{
	char err[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";
	const char *n = name && *name ? name : "";
	int len = 0, rc;

	out->data = NULL;
	out->size = 0;
	rc = asn1_der_coding(node, n, NULL, &len, err);
	if (rc != ASN1_MEM_ERROR && rc != ASN1_SUCCESS)
		goto fail;
	out->data = gnutls_malloc(len > 0 ? (size_t)len : 1);
	if (!out->data)
		return pki__fail(PKI_E_NOMEM, "out of memory encoding %s", shown(name));
	rc = asn1_der_coding(node, n, out->data, &len, err);
	if (rc != ASN1_SUCCESS) {
		gnutls_free(out->data);
		out->data = NULL;
		goto fail;
	}
	out->size = (unsigned)len;
	return 0;
fail:
	if (rc == ASN1_MEM_ALLOC_ERROR)
		return pki__fail(PKI_E_NOMEM, "out of memory encoding %s", shown(name));
	/* An element left empty or a value out of range: a caller's mistake, not input. */
	return pki__fail(PKI_E_INVALID_ARG, "cannot encode %s (libtasn1: %s%s%s)", shown(name),
			 asn1_strerror(rc), *err ? ": " : "", err);
}

int pki__asn1_encode_out(unsigned char **out, size_t *size, asn1_node node, const char *name)
{
	gnutls_datum_t d;
	int rc = pki__asn1_encode(&d, node, name);

	if (rc)
		return rc;
	return pki__datum_out(out, size, &d);
}

int pki__asn1_der_of(gnutls_datum_t *out, asn1_node node, const char *name, const void *der,
		     size_t size)
{
	int start, end, rc;

	out->data = NULL;
	out->size = 0;
	if (size > INT_MAX)
		return pki__fail(PKI_E_TOO_LARGE, "%zu bytes of DER", size);
	if (!name || !*name) {
		out->data = (unsigned char *)der;
		out->size = (unsigned)size;
		return 0;
	}
	rc = asn1_der_decoding_startEnd(node, der, (int)size, name, &start, &end);
	if (rc != ASN1_SUCCESS)
		return fail_asn1(rc, "element", name);
	if (start < 0 || end < start || (size_t)end >= size)
		return pki__fail(PKI_E_PARSE, "ASN.1 element %s out of its buffer", name);
	out->data = (unsigned char *)der + start;
	out->size = (unsigned)(end - start + 1);
	return 0;
}

/* The type of the element @p name (or of @p node itself). */
static unsigned int etype_of(asn1_node node, const char *name)
{
	asn1_data_node_st d;
	asn1_node n = name && *name ? asn1_find_node(node, name) : node;

	if (!n || asn1_read_node_value(n, &d) != ASN1_SUCCESS)
		return ASN1_ETYPE_INVALID;
	return d.type;
}

int pki__asn1_read(gnutls_datum_t *out, asn1_node node, const char *name)
{
	unsigned int etype = ASN1_ETYPE_INVALID;
	int len = 0, rc;

	out->data = NULL;
	out->size = 0;
	rc = asn1_read_value_type(node, name, NULL, &len, &etype);
	if (rc != ASN1_SUCCESS && rc != ASN1_MEM_ERROR)
		return fail_asn1(rc, "value", name);
	if (etype == ASN1_ETYPE_BIT_STRING)
		return pki__fail(PKI_E_INVALID_ARG, "ASN.1 %s is a BIT STRING", shown(name));
	if (len < 0)
		return pki__fail(PKI_E_PARSE, "ASN.1 %s: bad length", shown(name));
	out->data = gnutls_malloc((size_t)len + 1);
	if (!out->data)
		return pki__fail(PKI_E_NOMEM, "out of memory reading %s", shown(name));
	rc = len ? asn1_read_value_type(node, name, out->data, &len, &etype) : ASN1_SUCCESS;
	if (rc != ASN1_SUCCESS) {
		gnutls_free(out->data);
		out->data = NULL;
		return fail_asn1(rc, "value", name);
	}
	/* Text values (OID, BOOLEAN, times, a CHOICE's alternative) come with their NUL. */
	switch (etype) {
	case ASN1_ETYPE_OBJECT_ID:
	case ASN1_ETYPE_BOOLEAN:
	case ASN1_ETYPE_UTC_TIME:
	case ASN1_ETYPE_GENERALIZED_TIME:
	case ASN1_ETYPE_CHOICE:
		if (len > 0 && out->data[len - 1] == '\0')
			len--;
		break;
	default:
		break;
	}
	out->data[len] = '\0';
	out->size = (unsigned)len;
	return 0;
}

int pki__asn1_read_bits(gnutls_datum_t *out, size_t *bits, asn1_node node, const char *name)
{
	unsigned int etype = ASN1_ETYPE_INVALID;
	int len = 0, rc;
	size_t bytes;

	out->data = NULL;
	out->size = 0;
	*bits = 0;
	rc = asn1_read_value_type(node, name, NULL, &len, &etype);
	if (rc != ASN1_SUCCESS && rc != ASN1_MEM_ERROR)
		return fail_asn1(rc, "BIT STRING", name);
	if (etype != ASN1_ETYPE_BIT_STRING)
		return pki__fail(PKI_E_INVALID_ARG, "ASN.1 %s is not a BIT STRING", shown(name));
	if (len < 0)
		return pki__fail(PKI_E_PARSE, "ASN.1 %s: bad length", shown(name));
	bytes = ((size_t)len + 7) / 8;
	/* libtasn1 wants room for the unused-bits byte as well. */
	out->data = gnutls_malloc(bytes + 1);
	if (!out->data)
		return pki__fail(PKI_E_NOMEM, "out of memory reading %s", shown(name));
	len = (int)(bytes + 1);
	rc = asn1_read_value_type(node, name, out->data, &len, &etype);
	if (rc != ASN1_SUCCESS) {
		gnutls_free(out->data);
		out->data = NULL;
		return fail_asn1(rc, "BIT STRING", name);
	}
	*bits = (size_t)len;
	out->size = (unsigned)(((size_t)len + 7) / 8);
	return 0;
}

int pki__asn1_read_int(int64_t *out, asn1_node node, const char *name)
{
	unsigned char v[9];
	unsigned int etype;
	int len = sizeof(v), rc;
	uint64_t u;

	*out = 0;
	rc = asn1_read_value_type(node, name, v, &len, &etype);
	if (rc == ASN1_MEM_ERROR) /* more than 9 bytes */
		return pki__fail(PKI_E_PARSE, "ASN.1 %s: integer of %d bytes is too large",
				 shown(name), len);
	if (rc != ASN1_SUCCESS)
		return fail_asn1(rc, "integer", name);
	if (etype != ASN1_ETYPE_INTEGER && etype != ASN1_ETYPE_ENUMERATED)
		return pki__fail(PKI_E_INVALID_ARG, "ASN.1 %s is not an INTEGER", shown(name));
	if (len < 1)
		return pki__fail(PKI_E_PARSE, "ASN.1 %s: empty integer", shown(name));
	/* libtasn1 keeps an INTEGER's bytes as they came (and encodes them again so): refuse
	 * the non-DER redundant leading byte here. */
	if (len > 1 && ((v[0] == 0 && !(v[1] & 0x80)) || (v[0] == 0xff && (v[1] & 0x80))))
		return pki__fail(PKI_E_PARSE, "ASN.1 %s: integer not in minimal DER form",
				 shown(name));
	if (len > 8 && !(len == 9 && v[0] == 0 && (v[1] & 0x80)))
		return pki__fail(PKI_E_PARSE, "ASN.1 %s: integer of %d bytes is too large",
				 shown(name), len);
	if (len == 9)
		return pki__fail(PKI_E_PARSE, "ASN.1 %s: integer above 2^63", shown(name));
	u = (v[0] & 0x80) ? UINT64_MAX : 0;
	for (int i = 0; i < len; i++)
		u = (u << 8) | v[i];
	memcpy(out, &u, sizeof(*out)); /* two's complement, as int64_t is */
	return 0;
}

int pki__asn1_read_bool(bool *out, asn1_node node, const char *name)
{
	char v[8];
	unsigned int etype;
	int len = sizeof(v), rc;

	*out = false;
	rc = asn1_read_value_type(node, name, v, &len, &etype);
	if (rc == ASN1_ELEMENT_NOT_FOUND)
		return 0; /* a DEFAULT FALSE left out (as DER does): libtasn1 drops the node */
	if (rc != ASN1_SUCCESS)
		return fail_asn1(rc, "BOOLEAN", name);
	if (etype != ASN1_ETYPE_BOOLEAN)
		return pki__fail(PKI_E_INVALID_ARG, "ASN.1 %s is not a BOOLEAN", shown(name));
	*out = strncmp(v, "TRUE", 4) == 0;
	return 0;
}

int pki__asn1_read_oid(char *buf, size_t len, asn1_node node, const char *name)
{
	unsigned int etype;
	int n = len > INT_MAX ? INT_MAX : (int)len, rc;

	if (len)
		buf[0] = '\0';
	rc = asn1_read_value_type(node, name, buf, &n, &etype);
	if (rc == ASN1_MEM_ERROR)
		return pki__fail(PKI_E_PARSE, "ASN.1 %s: OID longer than %zu characters",
				 shown(name), len);
	if (rc != ASN1_SUCCESS)
		return fail_asn1(rc, "OID", name);
	if (etype != ASN1_ETYPE_OBJECT_ID) {
		buf[0] = '\0';
		return pki__fail(PKI_E_INVALID_ARG, "ASN.1 %s is not an OID", shown(name));
	}
	return 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool digits(const char *s, size_t n, int *v)
{
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

/* "YYMMDDHHMMSSZ" (utc) or "YYYYMMDDHHMMSSZ" into a Unix time. */
static bool parse_time(const char *s, size_t n, bool utc, int64_t *t)
{
	int y, mo, d, h, mi, sec;
	size_t yl = utc ? 2 : 4;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (n != yl + 11 || s[n - 1] != 'Z')
		return false;
	if (!digits(s, yl, &y) || !digits(s + yl, 2, &mo) || !digits(s + yl + 2, 2, &d) ||
	    !digits(s + yl + 4, 2, &h) || !digits(s + yl + 6, 2, &mi) ||
	    !digits(s + yl + 8, 2, &sec))
		return false;
	if (utc)
		y += y >= 50 ? 1900 : 2000;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || sec > 59)
		return false;
	if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return false;
	*t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	return true;
}

int pki__asn1_read_time(int64_t *out, asn1_node node, const char *name)
{
	char path[256];
	gnutls_datum_t v = { NULL, 0 };
	unsigned int etype = etype_of(node, name);
	bool utc;
	int rc;

	*out = 0;
	if (etype == ASN1_ETYPE_CHOICE) {
		rc = pki__asn1_read(&v, node, name);
		if (rc)
			return rc;
		join(path, sizeof(path), name, (const char *)v.data);
		gnutls_free(v.data);
		return pki__asn1_read_time(out, node, path);
	}
	if (etype != ASN1_ETYPE_UTC_TIME && etype != ASN1_ETYPE_GENERALIZED_TIME)
		return etype == ASN1_ETYPE_INVALID
			       ? pki__fail(PKI_E_NOT_FOUND, "ASN.1 time %s absent", shown(name))
			       : pki__fail(PKI_E_INVALID_ARG, "ASN.1 %s is not a time",
					   shown(name));
	utc = etype == ASN1_ETYPE_UTC_TIME;
	rc = pki__asn1_read(&v, node, name);
	if (rc)
		return rc;
	if (!parse_time((const char *)v.data, v.size, utc, out)) {
		rc = pki__fail(PKI_E_PARSE, "ASN.1 %s: %s \"%.40s\" is not in the RFC 5280 form %s",
			       shown(name), utc ? "UTCTime" : "GeneralizedTime",
			       (const char *)v.data, utc ? "YYMMDDHHMMSSZ" : "YYYYMMDDHHMMSSZ");
	}
	gnutls_free(v.data);
	return rc;
}

int pki__asn1_write(asn1_node node, const char *name, const void *data, size_t size)
{
	int rc;

	if (size > INT_MAX)
		return pki__fail(PKI_E_TOO_LARGE, "ASN.1 %s: %zu bytes", shown(name), size);
	rc = asn1_write_value(node, name, data, (int)size);
	if (rc == ASN1_MEM_ALLOC_ERROR)
		return pki__fail(PKI_E_NOMEM, "out of memory writing ASN.1 %s", shown(name));
	if (rc != ASN1_SUCCESS)
		return pki__fail(PKI_E_INVALID_ARG, "cannot write ASN.1 %s (libtasn1: %s)",
				 shown(name), asn1_strerror(rc));
	return 0;
}

int pki__asn1_write_str(asn1_node node, const char *name, const char *value)
{
	return pki__asn1_write(node, name, value, value ? strlen(value) : 0);
}

int pki__asn1_write_int(asn1_node node, const char *name, int64_t value)
{
	char text[24];
	int rc;

	/* libtasn1 takes decimal text (length 0) and encodes it in minimal two's complement. */
	snprintf(text, sizeof(text), "%lld", (long long)value);
	rc = asn1_write_value(node, name, text, 0);
	if (rc == ASN1_MEM_ALLOC_ERROR)
		return pki__fail(PKI_E_NOMEM, "out of memory writing ASN.1 %s", shown(name));
	if (rc != ASN1_SUCCESS)
		return pki__fail(PKI_E_INVALID_ARG, "cannot write ASN.1 %s = %s (libtasn1: %s)",
				 shown(name), text, asn1_strerror(rc));
	return 0;
}

int pki__asn1_write_time(asn1_node node, const char *name, int64_t t)
{
	char path[256], text[32];
	unsigned int etype = etype_of(node, name);
	int64_t days = (t >= 0 ? t : t - 86399) / 86400, secs = t - days * 86400;
	int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
	int64_t y = yoe + era * 400 + (m <= 2);
	bool utc;
	int rc;

	if (y < 0 || y > 9999)
		return pki__fail(PKI_E_INVALID_ARG, "time %lld outside years 0-9999",
				 (long long)t);
	if (etype == ASN1_ETYPE_CHOICE) {
		utc = y >= 1950 && y <= 2049;
		rc = pki__asn1_write_str(node, name && *name ? name : "",
					 utc ? "utcTime" : "generalTime");
		if (rc)
			return rc;
		join(path, sizeof(path), name, utc ? "utcTime" : "generalTime");
		return pki__asn1_write_time(node, path, t);
	}
	if (etype != ASN1_ETYPE_UTC_TIME && etype != ASN1_ETYPE_GENERALIZED_TIME)
		return pki__fail(PKI_E_INVALID_ARG, "ASN.1 %s is not a time", shown(name));
	utc = etype == ASN1_ETYPE_UTC_TIME;
	if (utc && (y < 1950 || y > 2049))
		return pki__fail(PKI_E_INVALID_ARG, "UTCTime %s cannot hold the year %lld",
				 shown(name), (long long)y);
	snprintf(text, sizeof(text), "%0*lld%02d%02d%02d%02d%02dZ", utc ? 2 : 4,
		 (long long)(utc ? y % 100 : y), (int)m, (int)d, (int)(secs / 3600),
		 (int)(secs / 60 % 60), (int)(secs % 60));
	return pki__asn1_write_str(node, name, text);
}

int pki__asn1_count(size_t *out, asn1_node node, const char *name)
{
	int n = 0, rc;

	*out = 0;
	rc = asn1_number_of_elements(node, name, &n);
	if (rc == ASN1_ELEMENT_NOT_FOUND)
		return 0;
	if (rc != ASN1_SUCCESS)
		return fail_asn1(rc, "SEQUENCE OF", name);
	*out = n < 0 ? 0 : (size_t)n;
	return 0;
}

/* A dotted OID: at least two arcs, digits only, no leading zeros, X.660's first-arc rules. */
static bool valid_oid(const char *s)
{
	unsigned long first = 0, second = 0;
	size_t arcs = 0;

	while (*s) {
		const char *start = s;
		unsigned long v = 0;

		while (*s >= '0' && *s <= '9') {
			if (v > (ULONG_MAX - 9) / 10)
				return false;
			v = v * 10 + (unsigned long)(*s - '0');
			s++;
		}
		if (s == start || (s - start > 1 && *start == '0'))
			return false;
		if (arcs == 0)
			first = v;
		else if (arcs == 1)
			second = v;
		arcs++;
		if (*s == '.') {
			s++;
			if (!*s)
				return false;
		} else if (*s) {
			return false;
		}
	}
	return arcs >= 2 && first <= 2 && (first == 2 || second < 40);
}

int pki__asn1_encode_oid(gnutls_datum_t *out, const char *oid)
{
	asn1_node node = NULL;
	int rc;

	out->data = NULL;
	out->size = 0;
	if (!oid || !valid_oid(oid))
		return pki__fail(PKI_E_INVALID_ARG, "\"%.80s\" is not an OID in dotted form",
				 oid ? oid : "(null)");
	rc = pki__asn1_create(&node, "ObjectIdentifier");
	if (!rc)
		rc = pki__asn1_write_str(node, "", oid);
	if (!rc)
		rc = pki__asn1_encode(out, node, "");
	pki__asn1_free(&node);
	return rc;
}

bool pki__asn1_is_epki(const void *der, size_t size)
{
	asn1_node node = NULL;
	char oid[128] = "";
	int n = (int)sizeof(oid);
	unsigned int etype = 0;
	bool ok;

	if (pki__asn1_decode(&node, "EncryptedPrivateKeyInfo", der, size) < 0) {
		pki__clear_error();
		return false;
	}
	ok = asn1_read_value_type(node, "encryptionAlgorithm.algorithm", oid, &n, &etype) ==
		     ASN1_SUCCESS &&
	     etype == ASN1_ETYPE_OBJECT_ID && oid[0] != '\0';
	pki__asn1_free(&node);
	return ok;
}
