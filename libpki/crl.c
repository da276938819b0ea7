/*
 * libpki — certificate revocation lists.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * GnuTLS reads CRLs but cannot write (nor read) the per-entry reasonCode extension, so new
 * CRLs are encoded here with a small DER writer (TBSCertList of RFC 5280 5.1), signed with
 * gnutls_privkey_sign_data2() and then handed back to GnuTLS to parse and check; the entries
 * of any CRL are read with a small bounds-checked DER reader.
 */
#include "crl-int.h"

#include <ctype.h>
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

static void strip_zeros(unsigned char out[21], size_t *len, const unsigned char *p, size_t n)
{
	while (n > 1 && p[0] == 0) {
		p++;
		n--;
	}
	if (n > 21) { /* longer than any valid serial: keep the tail, it cannot match anyway */
		p += n - 21;
		n = 21;
	}
	memcpy(out, p, n);
	*len = n;
}

/*
 * The minimal two's-complement form of a DER INTEGER's content, so that serials compare
 * byte for byte: 00 ff (255) and ff (-1) stay distinct, redundant sign bytes go.
 */
static void canon_int(unsigned char out[21], size_t *len, const unsigned char *p, size_t n)
{
	while (n > 1 && ((p[0] == 0 && !(p[1] & 0x80)) || (p[0] == 0xff && (p[1] & 0x80)))) {
		p++;
		n--;
	}
	if (n > 21) {
		p += n - 21;
		n = 21;
	}
	memcpy(out, p, n);
	*len = n;
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

int pki__cert_serial_bytes(unsigned char out[21], size_t *len, gnutls_x509_crt_t crt)
{
	unsigned char buf[64];
	size_t n = sizeof(buf);
	int ret = gnutls_x509_crt_get_serial(crt, buf, &n);

	if (ret < 0)
		return pki__fail_gnutls(PKI_E_PARSE, ret, "cannot read the certificate serial");
	if (n == 0)
		return pki__fail(PKI_E_PARSE, "the certificate has an empty serial");
	canon_int(out, len, buf, n);
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* A minimal DER writer                                                                      */

static void der_len(pki__buf_t *b, size_t n)
{
	unsigned char l[5];

	if (n < 0x80) {
		l[0] = (unsigned char)n;
		pki__buf_add(b, (const char *)l, 1);
	} else if (n < 0x100) {
		l[0] = 0x81;
		l[1] = (unsigned char)n;
		pki__buf_add(b, (const char *)l, 2);
	} else if (n < 0x10000) {
		l[0] = 0x82;
		l[1] = (unsigned char)(n >> 8);
		l[2] = (unsigned char)n;
		pki__buf_add(b, (const char *)l, 3);
	} else if (n < 0x1000000) {
		l[0] = 0x83;
		l[1] = (unsigned char)(n >> 16);
		l[2] = (unsigned char)(n >> 8);
		l[3] = (unsigned char)n;
		pki__buf_add(b, (const char *)l, 4);
	} else {
		b->failed = true; /* above PKI_MAX_INPUT_SIZE anyway */
	}
}

static void der_tlv(pki__buf_t *b, unsigned char tag, const void *v, size_t n)
{
	pki__buf_add(b, (const char *)&tag, 1);
	der_len(b, n);
	if (n)
		pki__buf_add(b, v, n);
}

/* Wrap the content of @p inner as a TLV appended to @p b, and discard @p inner. */
static void der_wrap(pki__buf_t *b, unsigned char tag, pki__buf_t *inner)
{
	if (inner->failed)
		b->failed = true;
	else
		der_tlv(b, tag, inner->p, inner->len);
	pki__buf_discard(inner);
	inner->failed = false;
}

/* A non-negative INTEGER (or ENUMERATED) from big-endian magnitude bytes. */
static void der_uint(pki__buf_t *b, unsigned char tag, const unsigned char *p, size_t n)
{
	unsigned char tmp[32];

	while (n > 1 && p[0] == 0) {
		p++;
		n--;
	}
	if (n == 0 || n > sizeof(tmp) - 1) {
		b->failed = true;
		return;
	}
	if (p[0] & 0x80) {
		tmp[0] = 0;
		memcpy(tmp + 1, p, n);
		der_tlv(b, tag, tmp, n + 1);
	} else {
		der_tlv(b, tag, p, n);
	}
}

static void der_time(pki__buf_t *b, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char s[32];

	if (!gmtime_r(&tt, &tm)) {
		b->failed = true;
		return;
	}
	/* RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 */
	if (tm.tm_year + 1900 >= 1950 && tm.tm_year + 1900 <= 2049) {
		snprintf(s, sizeof(s), "%02d%02d%02d%02d%02d%02dZ", tm.tm_year % 100,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
		der_tlv(b, 0x17, s, strlen(s));
	} else {
		snprintf(s, sizeof(s), "%04d%02d%02d%02d%02d%02dZ", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
		der_tlv(b, 0x18, s, strlen(s));
	}
}

/* Encode a dotted OID ("1.2.840.10045.4.3.2") as an OBJECT IDENTIFIER TLV. */
static void der_oid(pki__buf_t *b, const char *dotted)
{
	unsigned long arcs[32];
	size_t n = 0;
	unsigned char out[128];
	size_t o = 0;
	const char *p = dotted;

	while (*p && n < 32) {
		char *end;

		arcs[n++] = strtoul(p, &end, 10);
		if (end == p) {
			b->failed = true;
			return;
		}
		p = *end == '.' ? end + 1 : end;
	}
	if (n < 2) {
		b->failed = true;
		return;
	}
	arcs[1] += arcs[0] * 40;
	for (size_t i = 1; i < n; i++) {
		unsigned char tmp[10];
		size_t k = 0;
		unsigned long v = arcs[i];

		do {
			tmp[k++] = (unsigned char)(v & 0x7f);
			v >>= 7;
		} while (v);
		if (o + k > sizeof(out)) {
			b->failed = true;
			return;
		}
		while (k--)
			out[o++] = (unsigned char)(tmp[k] | (k ? 0x80 : 0));
	}
	der_tlv(b, 0x06, out, o);
}

/* Extension ::= SEQUENCE { extnID, critical DEFAULT FALSE, extnValue OCTET STRING } */
static void der_extension(pki__buf_t *b, const char *oid, pki__buf_t *value)
{
	pki__buf_t ext = { 0 };

	der_oid(&ext, oid);
	der_wrap(&ext, 0x04, value);
	der_wrap(b, 0x30, &ext);
}

/* ---------------------------------------------------------------------------------------- */
/* A minimal DER reader                                                                      */

typedef struct {
	const unsigned char *p;
	size_t n;
} der_t;

/* Take the next TLV from @p in: its tag and contents. Definite lengths only. */
static bool der_next(der_t *in, unsigned char *tag, der_t *val)
{
	size_t len, i = 2;

	if (in->n < 2 || (in->p[0] & 0x1f) == 0x1f)
		return false;
	*tag = in->p[0];
	len = in->p[1];
	if (len & 0x80) {
		size_t k = len & 0x7f;

		if (k == 0 || k > 4 || in->n < 2 + k)
			return false;
		len = 0;
		for (size_t j = 0; j < k; j++)
			len = (len << 8) | in->p[2 + j];
		i = 2 + k;
	}
	if (len > in->n - i)
		return false;
	val->p = in->p + i;
	val->n = len;
	in->p += i + len;
	in->n -= i + len;
	return true;
}

static bool digits(const unsigned char *p, size_t n, int *out)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return true;
}

static bool der_read_time(unsigned char tag, const der_t *v, int64_t *out)
{
	struct tm tm;
	const unsigned char *p = v->p;
	int year, mon, day, hour, min, sec;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (tag == 0x17 && v->n == 13 && p[12] == 'Z') {
		if (!digits(p, 2, &year))
			return false;
		year += year < 50 ? 2000 : 1900;
		p += 2;
	} else if (tag == 0x18 && v->n == 15 && p[14] == 'Z') {
		if (!digits(p, 4, &year))
			return false;
		p += 4;
	} else {
		return false;
	}
	if (!digits(p, 2, &mon) || !digits(p + 2, 2, &day) || !digits(p + 4, 2, &hour) ||
	    !digits(p + 6, 2, &min) || !digits(p + 8, 2, &sec))
		return false;
	if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60)
		return false;
	tm.tm_year = year - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = day;
	tm.tm_hour = hour;
	tm.tm_min = min;
	tm.tm_sec = sec;
	t = timegm(&tm);
	*out = (int64_t)t;
	return true;
}

static bool is_time_tag(unsigned char tag)
{
	return tag == 0x17 || tag == 0x18;
}

static const unsigned char oid_reason_code[] = { 0x55, 0x1d, 0x15 }; /* 2.5.29.21 */

/* Read the reasonCode of an entry's crlEntryExtensions; unspecified when absent. */
static int entry_reason(const der_t *exts_seq)
{
	der_t exts = *exts_seq, ext;
	unsigned char tag;

	while (der_next(&exts, &tag, &ext)) {
		der_t oid, v, inner;

		if (tag != 0x30 || !der_next(&ext, &tag, &oid) || tag != 0x06)
			continue;
		if (oid.n != sizeof(oid_reason_code) ||
		    memcmp(oid.p, oid_reason_code, oid.n) != 0)
			continue;
		if (!der_next(&ext, &tag, &v))
			return -1;
		if (tag == 0x01 && !der_next(&ext, &tag, &v)) /* critical BOOLEAN */
			return -1;
		if (tag != 0x04 || !der_next(&v, &tag, &inner) || tag != 0x0a || inner.n != 1)
			return -1;
		return inner.p[0];
	}
	return PKI_CRL_REASON_UNSPECIFIED;
}

/* Parse the revokedCertificates of a DER CRL into entries. */
static int parse_entries(pki_crl_t *crl, const unsigned char *der, size_t size)
{
	der_t in = { der, size }, cert, tbs, v;
	unsigned char tag;
	size_t cap = 0;

	if (!der_next(&in, &tag, &cert) || tag != 0x30 || !der_next(&cert, &tag, &tbs) ||
	    tag != 0x30)
		return pki__fail(PKI_E_PARSE, "malformed CRL: no TBSCertList");
	if (!der_next(&tbs, &tag, &v))
		return pki__fail(PKI_E_PARSE, "malformed CRL: empty TBSCertList");
	if (tag == 0x02 && !der_next(&tbs, &tag, &v)) /* version */
		return pki__fail(PKI_E_PARSE, "malformed CRL: no signature algorithm");
	if (tag != 0x30 || !der_next(&tbs, &tag, &v) || tag != 0x30) /* signature, issuer */
		return pki__fail(PKI_E_PARSE, "malformed CRL: no issuer");
	if (!der_next(&tbs, &tag, &v) || !is_time_tag(tag))
		return pki__fail(PKI_E_PARSE, "malformed CRL: no thisUpdate");
	if (tbs.n == 0)
		return 0;
	if (!der_next(&tbs, &tag, &v))
		return pki__fail(PKI_E_PARSE, "malformed CRL after thisUpdate");
	if (is_time_tag(tag)) { /* nextUpdate */
		if (tbs.n == 0)
			return 0;
		if (!der_next(&tbs, &tag, &v))
			return pki__fail(PKI_E_PARSE, "malformed CRL after nextUpdate");
	}
	if (tag != 0x30)
		return 0; /* no revokedCertificates: [0] crlExtensions */
	while (v.n) {
		der_t entry, serial, when, exts;
		pki__crl_entry_t *e;

		if (!der_next(&v, &tag, &entry) || tag != 0x30 ||
		    !der_next(&entry, &tag, &serial) || tag != 0x02 || serial.n == 0 ||
		    !der_next(&entry, &tag, &when))
			return pki__fail(PKI_E_PARSE, "malformed CRL entry %zu", crl->count + 1);
		if (crl->count == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			pki__crl_entry_t *ne = pki__malloc(ncap * sizeof(*ne));

			if (!ne)
				return pki__fail(PKI_E_NOMEM, "out of memory reading CRL entries");
			if (crl->entries) {
				memcpy(ne, crl->entries, crl->count * sizeof(*ne));
				pki_free(crl->entries);
			}
			crl->entries = ne;
			cap = ncap;
		}
		e = &crl->entries[crl->count];
		memset(e, 0, sizeof(*e));
		canon_int(e->serial, &e->serial_len, serial.p, serial.n);
		if (!der_read_time(tag, &when, &e->revoked_at))
			return pki__fail(PKI_E_PARSE, "malformed revocation date in CRL entry %zu",
					 crl->count + 1);
		e->reason = PKI_CRL_REASON_UNSPECIFIED;
		if (entry.n) {
			if (!der_next(&entry, &tag, &exts) || tag != 0x30)
				return pki__fail(PKI_E_PARSE,
						 "malformed extensions in CRL entry %zu",
						 crl->count + 1);
			e->reason = entry_reason(&exts);
			if (e->reason < 0 || !pki_crl_reason_name(e->reason))
				return pki__fail(PKI_E_PARSE,
						 "malformed reasonCode in CRL entry %zu",
						 crl->count + 1);
		}
		crl->count++;
	}
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
	pki_free(crl->entries);
	pki_free(crl);
}

/* Build a handle from DER or PEM; the entries come from the DER. */
static int crl_from(pki_crl_t **out, const void *data, size_t size)
{
	gnutls_datum_t in = { (unsigned char *)data, (unsigned)size }, der = { NULL, 0 };
	pki_crl_t *crl;
	int ret, n;
	bool pem = pki__is_pem(data, size);

	if (pem && !pki__pem_has_label(data, size, "X509 CRL"))
		return pki__fail(PKI_E_PARSE, "PEM input has no \"X509 CRL\" block");
	crl = pki__zalloc(sizeof(*crl));
	if (!crl)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	ret = gnutls_x509_crl_init(&crl->crl);
	if (ret < 0) {
		pki_free(crl);
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "cannot allocate a CRL");
	}
	ret = gnutls_x509_crl_import(crl->crl, &in, pem ? GNUTLS_X509_FMT_PEM : GNUTLS_X509_FMT_DER);
	if (ret < 0) {
		pki_crl_free(crl);
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
					"not a valid X.509 CRL");
	}
	ret = gnutls_x509_crl_export2(crl->crl, GNUTLS_X509_FMT_DER, &der);
	if (ret < 0) {
		pki_crl_free(crl);
		return pki__fail_gnutls(PKI_E_PARSE, ret, "cannot re-encode the CRL");
	}
	ret = parse_entries(crl, der.data, der.size);
	gnutls_free(der.data);
	if (ret < 0) {
		pki_crl_free(crl);
		return ret;
	}
	for (unsigned i = 0;; i++) {
		char oid[128];
		size_t osz = sizeof(oid);
		unsigned critical = 0;

		if (gnutls_x509_crl_get_extension_info(crl->crl, i, oid, &osz, &critical) < 0)
			break;
		if (strcmp(oid, "2.5.29.27") == 0) {
			crl->delta = true;
			continue;
		}
		/* authorityKeyIdentifier, cRLNumber, issuingDistributionPoint (not enforced) */
		if (critical && strcmp(oid, "2.5.29.35") != 0 && strcmp(oid, "2.5.29.20") != 0 &&
		    strcmp(oid, "2.5.29.28") != 0)
			crl->unknown_critical = true;
	}
	n = gnutls_x509_crl_get_crt_count(crl->crl);
	if (n < 0 || (size_t)n != crl->count) {
		pki_crl_free(crl);
		return pki__fail(PKI_E_PARSE, "inconsistent CRL: %d entries for GnuTLS, %zu read", n,
				 crl->count);
	}
	*out = crl;
	return 0;
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
	if (ret < 0) {
		char detail[400];

		snprintf(detail, sizeof(detail), "%s", pki_error_detail());
		pki__fail(ret, "%s: %s", path, detail);
	}
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
	ret = gnutls_x509_crl_export2(crl->crl,
				      format == PKI_FORMAT_PEM ? GNUTLS_X509_FMT_PEM
							       : GNUTLS_X509_FMT_DER,
				      &d);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot encode the CRL");
	return pki__datum_out(out, size, &d);
}

int pki__crl_copy(pki_crl_t **out, const pki_crl_t *crl)
{
	gnutls_datum_t d = { NULL, 0 };
	int ret = gnutls_x509_crl_export2(crl->crl, GNUTLS_X509_FMT_DER, &d);

	if (ret < 0)
		return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot encode the CRL");
	ret = crl_from(out, d.data, d.size);
	gnutls_free(d.data);
	return ret;
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

static int datum_str(char **out, gnutls_datum_t *d)
{
	char *s = pki__strndup((const char *)d->data, d->size);

	gnutls_free(d->data);
	d->data = NULL;
	if (!s)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	*out = s;
	return 0;
}

int pki_crl_issuer(char **out, const pki_crl_t *crl)
{
	gnutls_datum_t d = { NULL, 0 };
	int ret;

	CHECK_CRL_OUT();
	ret = gnutls_x509_crl_get_issuer_dn3(crl->crl, &d, 0);
	if (ret == GNUTLS_E_ASN1_ELEMENT_NOT_FOUND)
		return (*out = pki__strdup("")) ? 0 : pki__fail(PKI_E_NOMEM, "out of memory");
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_PARSE, ret, "cannot read the CRL issuer");
	return datum_str(out, &d);
}

int pki_crl_validity(int64_t *this_update, int64_t *next_update, const pki_crl_t *crl)
{
	time_t t;

	pki__clear_error();
	if (!crl)
		return pki__fail(PKI_E_INVALID_ARG, "CRL is NULL");
	if (this_update) {
		t = gnutls_x509_crl_get_this_update(crl->crl);
		if (t == (time_t)-1)
			return pki__fail(PKI_E_PARSE, "cannot read thisUpdate");
		*this_update = (int64_t)t;
	}
	if (next_update) {
		t = gnutls_x509_crl_get_next_update(crl->crl);
		*next_update = t == (time_t)-1 ? -1 : (int64_t)t;
	}
	return 0;
}

int pki_crl_number(char **out, const pki_crl_t *crl)
{
	unsigned char buf[64];
	size_t n = sizeof(buf);
	unsigned crit = 0;
	int ret;

	CHECK_CRL_OUT();
	ret = gnutls_x509_crl_get_number(crl->crl, buf, &n, &crit);
	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return pki__fail(PKI_E_NOT_FOUND, "the CRL has no cRLNumber");
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_PARSE, ret, "cannot read the cRLNumber");
	{
		unsigned char s[21];
		size_t len;

		strip_zeros(s, &len, buf, n ? n : 1);
		if (n == 0) {
			s[0] = 0;
			len = 1;
		}
		*out = pki__hex(s, len);
	}
	return *out ? 0 : pki__fail(PKI_E_NOMEM, "out of memory");
}

int pki_crl_authority_key_id(char **out, const pki_crl_t *crl)
{
	unsigned char buf[128];
	size_t n = sizeof(buf);
	unsigned crit = 0;
	int ret;

	CHECK_CRL_OUT();
	ret = gnutls_x509_crl_get_authority_key_id(crl->crl, buf, &n, &crit);
	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE || ret == GNUTLS_E_X509_UNSUPPORTED_EXTENSION)
		return pki__fail(PKI_E_NOT_FOUND, "the CRL has no authority key identifier");
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_PARSE, ret, "cannot read the authority key identifier");
	*out = pki__hex(buf, n);
	return *out ? 0 : pki__fail(PKI_E_NOMEM, "out of memory");
}

int pki_crl_signature_algorithm(char **out, const pki_crl_t *crl)
{
	int alg;
	const char *name;

	CHECK_CRL_OUT();
	alg = gnutls_x509_crl_get_signature_algorithm(crl->crl);
	name = alg > 0 ? gnutls_sign_get_name((gnutls_sign_algorithm_t)alg) : NULL;
	if (!name) {
		char oid[128];
		size_t n = sizeof(oid);

		if (gnutls_x509_crl_get_signature_oid(crl->crl, oid, &n) < 0)
			return pki__fail(PKI_E_PARSE, "cannot read the CRL signature algorithm");
		*out = pki__strdup(oid);
	} else {
		*out = pki__strdup(name);
	}
	return *out ? 0 : pki__fail(PKI_E_NOMEM, "out of memory");
}

int pki_crl_count(const pki_crl_t *crl)
{
	pki__clear_error();
	if (!crl)
		return pki__fail(PKI_E_INVALID_ARG, "CRL is NULL");
	return (int)crl->count;
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
		*serial = pki__serial_hex(e->serial, e->serial_len);
		if (!*serial)
			return pki__fail(PKI_E_NOMEM, "out of memory");
	}
	if (revoked_at)
		*revoked_at = e->revoked_at;
	return e->reason;
}

const pki__crl_entry_t *pki__crl_find(const pki_crl_t *crl, const unsigned char *serial,
				      size_t len)
{
	for (size_t i = 0; i < crl->count; i++)
		if (crl->entries[i].serial_len == len &&
		    memcmp(crl->entries[i].serial, serial, len) == 0)
			return &crl->entries[i];
	return NULL;
}

int pki_crl_lookup(int64_t *revoked_at, const pki_crl_t *crl, const char *serial)
{
	unsigned char s[22];
	size_t len;
	const pki__crl_entry_t *e;
	int ret;

	pki__clear_error();
	if (!crl)
		return pki__fail(PKI_E_INVALID_ARG, "CRL is NULL");
	ret = parse_serial(s + 1, &len, serial, "serial");
	if (ret < 0)
		return ret;
	/* the magnitude as a positive DER INTEGER: a sign byte when the top bit is set */
	s[0] = 0;
	e = s[1] & 0x80 ? pki__crl_find(crl, s, len + 1) : pki__crl_find(crl, s + 1, len);
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
	int64_t tu = 0, nu = -1;
	int ret;

	CHECK_CRL_OUT();
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "unknown flags 0x%x", flags);
	ret = pki_crl_validity(&tu, &nu, crl);
	if (ret < 0)
		return ret;
	pki__buf_add(&b, "{\"issuer\": ", 11);
	ret = pki_crl_issuer(&s, crl);
	if (ret < 0)
		goto fail;
	pki__buf_json_str(&b, s);
	pki_free(s);
	pki__rfc3339(t, sizeof(t), tu);
	pki__buf_printf(&b, ", \"this_update\": \"%s\", \"next_update\": ", t);
	if (nu >= 0) {
		pki__rfc3339(t, sizeof(t), nu);
		pki__buf_json_str(&b, t);
	} else {
		pki__buf_add(&b, "null", 4);
	}
	pki__buf_add(&b, ", \"number\": ", 12);
	s = NULL;
	ret = pki_crl_number(&s, crl);
	if (ret < 0 && ret != PKI_E_NOT_FOUND)
		goto fail;
	pki__buf_json_str(&b, s);
	pki_free(s);
	pki__buf_add(&b, ", \"authority_key_id\": ", 22);
	s = NULL;
	ret = pki_crl_authority_key_id(&s, crl);
	if (ret < 0 && ret != PKI_E_NOT_FOUND)
		goto fail;
	pki__buf_json_str(&b, s);
	pki_free(s);
	pki__buf_add(&b, ", \"signature_algorithm\": ", 25);
	ret = pki_crl_signature_algorithm(&s, crl);
	if (ret < 0)
		goto fail;
	pki__buf_json_str(&b, s);
	pki_free(s);
	pki__buf_add(&b, ", \"revoked\": [", 14);
	for (size_t i = 0; i < crl->count; i++) {
		const pki__crl_entry_t *e = &crl->entries[i];
		char *hex = pki__serial_hex(e->serial, e->serial_len);

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
	int64_t tu = 0, nu = -1;
	int ret;

	CHECK_CRL_OUT();
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "unknown flags 0x%x", flags);
	ret = pki_crl_validity(&tu, &nu, crl);
	if (ret < 0)
		return ret;
	pki__buf_printf(&b, "Certificate Revocation List (CRL), version %d\n",
			gnutls_x509_crl_get_version(crl->crl));
	ret = pki_crl_issuer(&s, crl);
	if (ret < 0)
		goto fail;
	pki__buf_printf(&b, "  Issuer: %s\n", s);
	pki_free(s);
	pki__rfc3339(t, sizeof(t), tu);
	pki__buf_printf(&b, "  Last Update (thisUpdate): %s\n", t);
	if (nu >= 0) {
		pki__rfc3339(t, sizeof(t), nu);
		pki__buf_printf(&b, "  Next Update (nextUpdate): %s\n", t);
	} else {
		pki__buf_printf(&b, "  Next Update (nextUpdate): none\n");
	}
	ret = pki_crl_number(&s, crl);
	if (ret == 0) {
		pki__buf_printf(&b, "  CRL Number: 0x%s\n", s);
		pki_free(s);
	}
	ret = pki_crl_authority_key_id(&s, crl);
	if (ret == 0) {
		pki__buf_printf(&b, "  Authority Key Identifier: %s\n", s);
		pki_free(s);
	}
	ret = pki_crl_signature_algorithm(&s, crl);
	if (ret < 0)
		goto fail;
	pki__buf_printf(&b, "  Signature Algorithm: %s\n", s);
	pki_free(s);
	pki__buf_printf(&b, "  Revoked Certificates: %zu\n", crl->count);
	for (size_t i = 0; i < crl->count; i++) {
		const pki__crl_entry_t *e = &crl->entries[i];
		char *hex = pki__serial_hex(e->serial, e->serial_len);

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

static void der_extensions(pki__buf_t *tbs, const unsigned char *aki, size_t aki_len,
			   const unsigned char *number, size_t number_len)
{
	pki__buf_t exts = { 0 }, v = { 0 }, inner = { 0 }, seq = { 0 };

	/* AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING } */
	der_tlv(&inner, 0x80, aki, aki_len);
	der_wrap(&v, 0x30, &inner);
	der_extension(&exts, "2.5.29.35", &v);
	/* CRLNumber ::= INTEGER (0..MAX) */
	der_uint(&v, 0x02, number, number_len);
	der_extension(&exts, "2.5.29.20", &v);
	der_wrap(&seq, 0x30, &exts);
	der_wrap(tbs, 0xa0, &seq); /* crlExtensions [0] EXPLICIT Extensions */
}

static void der_entries(pki__buf_t *tbs, const pki_crl_opts_t *opts)
{
	pki__buf_t list = { 0 };

	if (!opts || opts->count == 0)
		return; /* RFC 5280 5.1.2.6: absent when there are no revoked certificates */
	for (size_t i = 0; i < opts->count; i++) {
		const opt_entry_t *e = &opts->entries[i];
		pki__buf_t entry = { 0 };

		der_uint(&entry, 0x02, e->serial, e->serial_len);
		der_time(&entry, e->revoked_at);
		if (e->reason != PKI_CRL_REASON_UNSPECIFIED) {
			pki__buf_t exts = { 0 }, v = { 0 };
			unsigned char r = (unsigned char)e->reason;

			der_tlv(&v, 0x0a, &r, 1); /* CRLReason ::= ENUMERATED */
			der_extension(&exts, "2.5.29.21", &v);
			der_wrap(&entry, 0x30, &exts);
		}
		der_wrap(&list, 0x30, &entry);
	}
	der_wrap(tbs, 0x30, &list);
}

int pki_crl_create(pki_crl_t **out, const pki_cert_t *ca, const pki_key_t *ca_key,
		   const pki_crl_opts_t *opts, unsigned flags)
{
	gnutls_sign_algorithm_t sign = GNUTLS_SIGN_UNKNOWN;
	gnutls_datum_t dn = { NULL, 0 }, sig = { NULL, 0 }, tbs_d;
	pki__buf_t tbs = { 0 }, alg = { 0 }, body = { 0 }, whole = { 0 }, bits = { 0 };
	unsigned char aki[64], number[21];
	size_t aki_len = sizeof(aki), number_len;
	int64_t now = (int64_t)time(NULL), this_update, next_update;
	unsigned ca_flag = 0, ku = 0, crit = 0;
	int ret, pathlen = -1;
	time_t ca_nb;

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

	if (opts && opts->this_update >= 0) {
		this_update = opts->this_update;
		next_update = opts->next_update;
	} else {
		this_update = now;
		next_update = now + 86400LL * (opts ? opts->days : PKI_DEFAULT_CRL_DAYS);
	}
	ca_nb = gnutls_x509_crt_get_activation_time(ca->crt);
	if (ca_nb != (time_t)-1 && this_update < (int64_t)ca_nb)
		return pki__fail(PKI_E_VALIDITY, "thisUpdate is before the CA's notBefore");
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

	/* AlgorithmIdentifier */
	der_oid(&alg, gnutls_sign_get_oid(sign));
	if (gnutls_sign_get_pk_algorithm(sign) == GNUTLS_PK_RSA)
		der_tlv(&alg, 0x05, NULL, 0);
	/* TBSCertList */
	{
		unsigned char v2 = 1;
		pki__buf_t alg_copy = { 0 };

		der_tlv(&tbs, 0x02, &v2, 1);
		pki__buf_add(&alg_copy, alg.p ? alg.p : "", alg.len);
		if (alg.failed)
			alg_copy.failed = true;
		der_wrap(&tbs, 0x30, &alg_copy);
		pki__buf_add(&tbs, (const char *)dn.data, dn.size); /* issuer: the CA's subject */
		der_time(&tbs, this_update);
		der_time(&tbs, next_update);
		der_entries(&tbs, opts);
		der_extensions(&tbs, aki, aki_len, number, number_len);
		der_wrap(&body, 0x30, &tbs);
	}
	gnutls_free(dn.data);
	if (body.failed || alg.failed) {
		ret = pki__fail(PKI_E_NOMEM, "cannot encode the CRL");
		goto done;
	}
	tbs_d.data = (unsigned char *)body.p;
	tbs_d.size = (unsigned)body.len;
	ret = gnutls_privkey_sign_data2(ca_key->priv, sign, 0, &tbs_d, &sig);
	if (ret < 0) {
		ret = pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot sign the CRL");
		goto done;
	}
	/* CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue } */
	der_wrap(&body, 0x30, &alg);
	pki__buf_add(&bits, "\0", 1); /* no unused bits */
	pki__buf_add(&bits, (const char *)sig.data, sig.size);
	der_wrap(&body, 0x03, &bits);
	der_wrap(&whole, 0x30, &body);
	if (whole.failed) {
		ret = pki__fail(PKI_E_NOMEM, "cannot encode the CRL");
		goto done;
	}
	ret = pki_crl_import(out, whole.p, whole.len, 0);
	if (ret < 0) {
		char detail[400];

		snprintf(detail, sizeof(detail), "%s", pki_error_detail());
		ret = pki__fail(PKI_E_CRYPTO, "internal error: the new CRL does not parse: %s",
				detail);
		goto done;
	}
	ret = pki_crl_verify(*out, ca, 0);
	if (ret < 0) {
		pki_crl_free(*out);
		*out = NULL;
		ret = pki__fail(PKI_E_CRYPTO, "internal error: the new CRL does not verify");
	}
done:
	if (sig.data)
		gnutls_free(sig.data);
	pki__buf_discard(&tbs);
	pki__buf_discard(&alg);
	pki__buf_discard(&body);
	pki__buf_discard(&bits);
	pki__buf_discard(&whole);
	return ret;
}
