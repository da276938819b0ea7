/*
 * libpki — errors, memory, files and small helpers shared by every object.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "internal.h"
#include "work-int.h"

#include <libtasn1.h>

#include <errno.h>
#ifdef HAVE_MALLOC_USABLE_SIZE
#include <malloc.h>
#endif
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---------------------------------------------------------------------------------------- */
/* Errors                                                                                    */

/* The only mutable state libpki keeps: the last failure's detail, per thread. */
static _Thread_local char detail_msg[512];

const char *pki_strerror(int code)
{
	switch (code) {
	case PKI_OK: return "success";
	case PKI_E_INVALID_ARG: return "invalid argument";
	case PKI_E_NOMEM: return "out of memory";
	case PKI_E_PARSE: return "malformed input";
	case PKI_E_PASSWORD_REQUIRED: return "a password is required";
	case PKI_E_BAD_PASSWORD: return "wrong password";
	case PKI_E_UNSUPPORTED: return "not supported";
	case PKI_E_WEAK: return "refused as insecure";
	case PKI_E_IO: return "input/output error";
	case PKI_E_EXISTS: return "file exists";
	case PKI_E_CRYPTO: return "cryptographic operation failed";
	case PKI_E_KEY_MISMATCH: return "key does not match the certificate";
	case PKI_E_NOT_CA: return "issuer is not a certificate authority";
	case PKI_E_BAD_SIGNATURE: return "signature does not verify";
	case PKI_E_VALIDITY: return "invalid validity period";
	case PKI_E_NOT_FOUND: return "not found";
	case PKI_E_TOO_LARGE: return "input too large";
	case PKI_E_NO_PRIVATE_KEY: return "private key required";
	case PKI_E_KEY_REUSE: return "subject key is the issuer's key";
	case PKI_E_INVALID_NAME: return "invalid name";
	case PKI_E_VERIFY: return "verification failed";
	case PKI_E_BAD_PIN: return "wrong PIN";
	case PKI_E_TOKEN_NOT_FOUND: return "PKCS#11 token not found";
	case PKI_E_TOKEN_LOCKED: return "PKCS#11 token locked";
	case PKI_E_KEY_CANNOT_SIGN: return "the key may not sign";
	case PKI_E_TOKEN_KEY: return "the private key is on a token and cannot be exported";
	case PKI_E_USAGE: return "key usage inconsistent with the certificate";
	default: return "unknown error";
	}
}

const char *pki_error_detail(void)
{
	return detail_msg;
}

const char *pki_version(void)
{
	return PACKAGE_VERSION;
}

unsigned long pki_version_number(void)
{
	return PKI_VERSION_NUMBER;
}

void pki__clear_error(void)
{
	detail_msg[0] = '\0';
}

int pki__flags(const char *fn, unsigned flags, unsigned allowed)
{
	if (flags & ~allowed)
		return pki__fail(PKI_E_INVALID_ARG, "%s: unknown flags 0x%x", fn, flags & ~allowed);
	return 0;
}

int pki__enter(const char *fn, unsigned flags, unsigned allowed)
{
	pki__clear_error();
	return pki__flags(fn, flags, allowed);
}

int pki__enter_out(const char *fn, const void *out, unsigned flags, unsigned allowed)
{
	pki__clear_error();
	if (!out)
		return pki__fail(PKI_E_INVALID_ARG, "%s: out is NULL", fn);
	return pki__enter(fn, flags, allowed);
}

int pki__enter_out_of(const char *fn, const void *out, const void *obj, const char *what)
{
	int ret = pki__enter_out(fn, out, 0, 0);

	return ret < 0 ? ret : pki__arg(fn, obj, what);
}

int pki__enter_str(const char *fn, char **out, const void *obj, const char *what)
{
	int ret = pki__enter_out(fn, out, 0, 0);

	if (ret < 0)
		return ret;
	*out = NULL;
	return pki__arg(fn, obj, what);
}

int pki__enter_arg(const char *fn, const void *p, const char *what)
{
	pki__clear_error();
	return pki__arg(fn, p, what);
}

int pki__enter_export(const char *fn, unsigned char **out, size_t *size, const void *obj,
		      const char *what, pki_format_t format, unsigned flags)
{
	int ret;

	if (out)
		*out = NULL;
	if (size)
		*size = 0;
	if ((ret = pki__enter_out(fn, out, 0, 0)) < 0 || (ret = pki__arg(fn, size, "size")) < 0 ||
	    (ret = pki__arg(fn, obj, what)) < 0)
		return ret;
	if (format != PKI_FORMAT_PEM && format != PKI_FORMAT_DER)
		return pki__fail(PKI_E_INVALID_ARG, "%s: unknown format %d", fn, (int)format);
	return pki__flags(fn, flags, 0);
}

int pki__arg(const char *fn, const void *p, const char *what)
{
	if (!p)
		return pki__fail(PKI_E_INVALID_ARG, "%s: %s is NULL", fn, what);
	return 0;
}

int pki__input(const char *fn, const void *data, size_t size)
{
	if (!data)
		return pki__fail(PKI_E_INVALID_ARG, "%s: data is NULL", fn);
	return pki__check_input(data, size);
}

PKI_PRINTF(1, 0) static void set_detail(const char *fmt, va_list ap, const char *suffix)
{
	int n = vsnprintf(detail_msg, sizeof(detail_msg), fmt, ap);

	if (n < 0) {
		detail_msg[0] = '\0';
		n = 0;
	}
	if (suffix && (size_t)n < sizeof(detail_msg))
		snprintf(detail_msg + n, sizeof(detail_msg) - (size_t)n, "%s", suffix);
}

int pki__fail(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_detail(fmt, ap, NULL);
	va_end(ap);
	return code;
}

int pki__fail_gnutls(int code, int gnutls_err, const char *fmt, ...)
{
	char suffix[192];
	va_list ap;

	snprintf(suffix, sizeof(suffix), " (gnutls: %s)", gnutls_strerror(gnutls_err));
	va_start(ap, fmt);
	set_detail(fmt, ap, suffix);
	va_end(ap);
	return code;
}

int pki__enter_set(const char *fn, const void *p, const char *what, bool valid, const char *fmt,
		   ...)
{
	va_list ap;
	int ret;

	if ((ret = pki__enter_arg(fn, p, what)) < 0 || valid)
		return ret;
	va_start(ap, fmt);
	set_detail(fmt, ap, NULL);
	va_end(ap);
	return PKI_E_INVALID_ARG;
}

int pki__fail_wrap(int code, const char *fmt, ...)
{
	char prefix[256];
	size_t np, nd = strlen(detail_msg);
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(prefix, sizeof(prefix) - 2, fmt, ap);
	va_end(ap);
	if (n < 0)
		return code;
	np = strlen(prefix);
	memcpy(prefix + np, ": ", 3);
	np += 2;
	/* the detail moves right (its tail is cut at the buffer's end), the prefix goes before */
	if (nd > sizeof(detail_msg) - 1 - np)
		nd = sizeof(detail_msg) - 1 - np;
	memmove(detail_msg + np, detail_msg, nd);
	memcpy(detail_msg, prefix, np);
	detail_msg[np + nd] = '\0';
	return code;
}

int pki__path(const char *fn, const char *path)
{
	if (!path || !*path)
		return pki__fail(PKI_E_INVALID_ARG, "%s: path is NULL or empty", fn);
	return 0;
}

int pki__map_gnutls(int err, int fallback)
{
	switch (err) {
	case GNUTLS_E_MEMORY_ERROR:
		return PKI_E_NOMEM;
	/* a token key failing while it signs (pkcs11.c checks these where it opens keys) */
	case GNUTLS_E_PKCS11_PIN_ERROR:
		return PKI_E_BAD_PIN;
	case GNUTLS_E_PKCS11_PIN_LOCKED:
		return PKI_E_TOKEN_LOCKED;
	case GNUTLS_E_PKCS11_TOKEN_ERROR:
	case GNUTLS_E_PKCS11_SLOT_ERROR:
	case GNUTLS_E_PKCS11_DEVICE_ERROR:
		return PKI_E_TOKEN_NOT_FOUND;
	case GNUTLS_E_PKCS11_KEY_ERROR:
		return PKI_E_KEY_CANNOT_SIGN;
	case GNUTLS_E_DECRYPTION_FAILED:
		return PKI_E_BAD_PASSWORD;
	case GNUTLS_E_UNKNOWN_PK_ALGORITHM:
	case GNUTLS_E_UNKNOWN_CIPHER_TYPE:
	case GNUTLS_E_UNKNOWN_HASH_ALGORITHM:
	case GNUTLS_E_UNKNOWN_ALGORITHM:
	case GNUTLS_E_UNKNOWN_PKCS_CONTENT_TYPE:
	case GNUTLS_E_UNIMPLEMENTED_FEATURE:
	case GNUTLS_E_ECC_UNSUPPORTED_CURVE:
	case GNUTLS_E_UNSUPPORTED_SIGNATURE_ALGORITHM:
		return PKI_E_UNSUPPORTED;
	case GNUTLS_E_ASN1_DER_ERROR:
	case GNUTLS_E_ASN1_ELEMENT_NOT_FOUND:
	case GNUTLS_E_ASN1_IDENTIFIER_NOT_FOUND:
	case GNUTLS_E_ASN1_DER_OVERFLOW:
	case GNUTLS_E_ASN1_VALUE_NOT_FOUND:
	case GNUTLS_E_ASN1_GENERIC_ERROR:
	case GNUTLS_E_ASN1_VALUE_NOT_VALID:
	case GNUTLS_E_ASN1_TAG_ERROR:
	case GNUTLS_E_ASN1_TAG_IMPLICIT:
	case GNUTLS_E_ASN1_TYPE_ANY_ERROR:
	case GNUTLS_E_ASN1_SYNTAX_ERROR:
	case GNUTLS_E_BASE64_DECODING_ERROR:
	case GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR:
	case GNUTLS_E_BASE64_ENCODING_ERROR:
	case GNUTLS_E_PARSING_ERROR:
	case GNUTLS_E_ASN1_EMBEDDED_NULL_IN_STRING:
	case GNUTLS_E_CERTIFICATE_ERROR:
	case GNUTLS_E_X509_UNSUPPORTED_ATTRIBUTE:
	case GNUTLS_E_UNEXPECTED_PACKET_LENGTH:
	case GNUTLS_E_INVALID_REQUEST:
	case GNUTLS_E_SHORT_MEMORY_BUFFER:
	case GNUTLS_E_X509_UNKNOWN_SAN:
	case GNUTLS_E_X509_UNSUPPORTED_CRITICAL_EXTENSION:
		return PKI_E_PARSE;
	case GNUTLS_E_PK_SIG_VERIFY_FAILED:
		return PKI_E_BAD_SIGNATURE;
	case GNUTLS_E_FILE_ERROR:
		return PKI_E_IO;
	default:
		return fallback;
	}
}

/* ---------------------------------------------------------------------------------------- */
/* Memory                                                                                    */

/*
 * Memory handed to the caller is plain malloc() memory: a caller who calls free() on it by
 * mistake releases it (unwiped) instead of corrupting the heap. pki_free() wipes the whole
 * block, whose size the allocator knows (malloc_usable_size). Only where the C library has
 * no such call does each block carry its size in a 16-byte header (max_align_t alignment);
 * there free() on libpki memory is undefined, as common.h says.
 */
#ifdef HAVE_MALLOC_USABLE_SIZE
#define HDR 0u
#else
#define HDR 16u
#endif

void *pki__malloc(size_t size)
{
	unsigned char *p;

	if (size == 0)
		size = 1; /* malloc(0) may be NULL, which would read as "out of memory" */
	if (size > SIZE_MAX - HDR)
		return NULL;
	p = malloc(size + HDR);
	if (!p)
		return NULL;
#if HDR
	memcpy(p, &size, sizeof(size));
#endif
	return p + HDR;
}

void *pki__zalloc(size_t size)
{
	void *p = pki__malloc(size);

	if (p)
		memset(p, 0, size ? size : 1);
	return p;
}

void *pki__reserve(void *p, size_t *cap, size_t count, size_t extra, size_t elem, size_t max,
		   const char *what, int *err)
{
	unsigned char *n;
	size_t need, ncap;

	if (count > max || extra > max - count) {
		*err = pki__fail(PKI_E_TOO_LARGE, "too many %s (at most %zu)", what, max);
		return NULL;
	}
	need = count + extra;
	if (need <= *cap)
		return p;
	ncap = *cap ? (*cap > max / 2 ? max : *cap * 2) : (max < 8 ? max : 8);
	if (ncap < need)
		ncap = need;
	if (elem == 0 || ncap > SIZE_MAX / elem) {
		*err = pki__fail(PKI_E_TOO_LARGE, "too many %s", what);
		return NULL;
	}
	n = pki__malloc(ncap * elem);
	if (!n) {
		*err = pki__fail(PKI_E_NOMEM, "out of memory");
		return NULL;
	}
	if (count)
		memcpy(n, p, count * elem);
	memset(n + count * elem, 0, (ncap - count) * elem);
	pki_free(p);
	*cap = ncap;
	return n;
}

void *pki__grow(void *p, size_t *cap, size_t count, size_t elem, size_t max, const char *what,
		int *err)
{
	return pki__reserve(p, cap, count, 1, elem, max, what, err);
}

void pki_free(void *ptr)
{
	unsigned char *p;
	size_t size;

	if (!ptr)
		return;
	p = (unsigned char *)ptr - HDR;
#if HDR
	memcpy(&size, p, sizeof(size));
#else
	size = malloc_usable_size(p);
#endif
	gnutls_memset(p, 0, size + HDR);
	free(p);
}

void pki_strings_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		pki_free(*p);
	pki_free(v);
}

char *pki__strndup(const char *s, size_t n)
{
	char *d = pki__malloc(n + 1);

	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

void pki__free_strings(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		pki_free(v[i]);
	pki_free(v);
}

char *pki__strdup(const char *s)
{
	return pki__strndup(s, strlen(s));
}

int pki__set_str(char **field, const char *value)
{
	char *copy = NULL;

	if (value && !(copy = pki__strdup(value)))
		return pki__fail(PKI_E_NOMEM, "out of memory");
	pki_free(*field);
	*field = copy;
	return 0;
}

int pki__datum_out(unsigned char **out, size_t *size, gnutls_datum_t *d)
{
	unsigned char *p = pki__malloc(d->size ? d->size : 1);

	if (p) {
		if (d->size)
			memcpy(p, d->data, d->size);
		*out = p;
		*size = d->size;
	}
	if (d->data) {
		gnutls_memset(d->data, 0, d->size);
		gnutls_free(d->data);
	}
	d->data = NULL;
	d->size = 0;
	return p ? 0 : pki__fail(PKI_E_NOMEM, "out of memory copying %s", "output");
}

char *pki__hex(const unsigned char *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char *s = pki__malloc(2 * n + 1);

	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		s[2 * i] = digits[p[i] >> 4];
		s[2 * i + 1] = digits[p[i] & 15];
	}
	s[2 * n] = '\0';
	return s;
}

void pki__rfc3339(char *buf, size_t len, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, len, "invalid-time");
}

/* ---------------------------------------------------------------------------------------- */
/* Input checks                                                                              */

/*
 * Binary input must be exactly one DER SEQUENCE: GnuTLS accepts some truncated or padded
 * encodings (a request of two bytes "30 82" imports), so the outer length is checked here
 * (libtasn1's asn1_get_length_der).
 * BER's indefinite length (some PKCS#12 writers use it) is let through to the parser.
 */
static int check_der_shape(const unsigned char *p, size_t n)
{
	int len_len = 0;
	long len;

	if (n < 2 || p[0] != 0x30)
		return pki__fail(PKI_E_PARSE, "not PEM, and not DER (no outer SEQUENCE)");
	if (n - 1 > INT_MAX)
		return pki__fail(PKI_E_TOO_LARGE, "%zu bytes of DER", n);
	len = asn1_get_length_der(p + 1, (int)(n - 1), &len_len);
	if (len == -1 && len_len == 1)
		return 0; /* the indefinite form */
	if (len == -4)
		return pki__fail(PKI_E_PARSE, "truncated DER: fewer bytes than the outer length");
	/* libtasn1 reads a long-form length whose octets are missing ("30 82") as 0: no input
	 * libpki reads is an empty SEQUENCE, so 0 is refused too */
	if (len <= 0)
		return pki__fail(PKI_E_PARSE, "truncated DER: incomplete length");
	if ((size_t)len + (size_t)len_len + 1 < n)
		return pki__fail(PKI_E_PARSE, "%zu bytes of trailing data after the DER object",
				 n - 1 - (size_t)len_len - (size_t)len);
	return 0;
}

int pki__check_input(const void *data, size_t size)
{
	if (!data)
		return pki__fail(PKI_E_INVALID_ARG, "input data is NULL");
	if (size == 0)
		return pki__fail(PKI_E_PARSE, "input is empty");
	if (size > PKI_MAX_INPUT_SIZE)
		return pki__fail(PKI_E_TOO_LARGE, "input of %zu bytes exceeds the %u-byte limit",
				 size, PKI_MAX_INPUT_SIZE);
	if (!pki__is_pem(data, size))
		return check_der_shape(data, size);
	return 0;
}

static const char *find_mem(const void *hay, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	const char *h = hay;

	if (m == 0 || n < m)
		return NULL;
	for (size_t i = 0; i + m <= n; i++)
		if (h[i] == needle[0] && memcmp(h + i, needle, m) == 0)
			return h + i;
	return NULL;
}

bool pki__is_pem(const void *data, size_t size)
{
	/* DER always starts with a SEQUENCE; its content may contain any text, PEM armour too. */
	if (size > 0 && ((const unsigned char *)data)[0] == 0x30)
		return false;
	return find_mem(data, size, "-----BEGIN ") != NULL;
}

int pki__pem_to_der(gnutls_datum_t *der, const void *data, size_t size, const char *label)
{
	gnutls_datum_t in = { (unsigned char *)data, (unsigned)size };
	int ret;

	der->data = NULL;
	der->size = 0;
	ret = gnutls_pem_base64_decode2(label, &in, der);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_PARSE, ret, "the \"%s\" PEM block is not valid base64",
					label);
	ret = check_der_shape(der->data, der->size);
	if (ret < 0) {
		gnutls_free(der->data);
		der->data = NULL;
		der->size = 0;
	}
	return ret;
}

bool pki__pem_has_label(const void *data, size_t size, const char *label)
{
	char line[96];

	snprintf(line, sizeof(line), "-----BEGIN %s-----", label);
	return find_mem(data, size, line) != NULL;
}

/* ---------------------------------------------------------------------------------------- */
/* Text buffers                                                                              */

static bool buf_reserve(pki__buf_t *b, size_t extra)
{
	size_t keep = b->p ? b->len + 1 : 0; /* the text and its NUL */
	int err;
	char *p;

	if (b->failed)
		return false;
	if (extra > SIZE_MAX - b->len - 1) {
		b->failed = true;
		return false;
	}
	/* room for len + extra + 1 bytes; a first block of at least 256 (most texts fit) */
	extra = b->len + extra + 1 - keep;
	if (!b->cap && extra < 256)
		extra = 256;
	/* the new bytes are zeroed, so a first block is already the empty string */
	if (!(p = pki__reserve(b->p, &b->cap, keep, extra, 1, SIZE_MAX, "bytes", &err))) {
		b->failed = true;
		return false;
	}
	b->p = p;
	return true;
}

void pki__buf_add(pki__buf_t *b, const char *s, size_t n)
{
	if (!buf_reserve(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void pki__buf_printf(pki__buf_t *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if (!buf_reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

size_t pki__utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t len;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2, c &= 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, c &= 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/*
 * Code points never written raw to a terminal: C0, DEL, C1, the line and paragraph
 * separators, and the bidirectional formatting controls that reorder what is displayed.
 */
static bool unsafe_cp(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x061c || c == 0x200e ||
	       c == 0x200f || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

void pki__buf_add_escaped(pki__buf_t *b, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	if (!s) {
		pki__buf_add(b, "(null)", 6);
		return;
	}
	while (i < n) {
		size_t start = i;
		uint32_t cp = 0;
		size_t len;

		/* Runs of plain printable ASCII are copied in one go. */
		while (i < n && s[i] >= 0x20 && s[i] < 0x7f)
			i++;
		if (i > start)
			pki__buf_add(b, (const char *)s + start, i - start);
		if (i >= n)
			break;
		len = pki__utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			pki__buf_printf(b, "\\x%02X", s[i]);
			i++;
		} else if (cp < 0x80) {
			pki__buf_printf(b, "\\x%02X", (unsigned)cp);
			i++;
		} else if (unsafe_cp(cp)) {
			pki__buf_printf(b, "\\u{%X}", (unsigned)cp);
			i += len;
		} else {
			pki__buf_add(b, (const char *)s + i, len);
			i += len;
		}
	}
}

void pki__buf_add_escaped_str(pki__buf_t *b, const char *s)
{
	pki__buf_add_escaped(b, s, s ? strlen(s) : 0);
}

char *pki__escape(const char *s, size_t n)
{
	pki__buf_t b = { 0 };
	char *out = NULL;

	pki__buf_add_escaped(&b, s, n);
	if (pki__buf_finish(&b, &out) < 0)
		return NULL;
	return out;
}

int pki_text_escape(char **out, const char *s, size_t n, unsigned flags)
{
	pki__clear_error();
	if (!out)
		return pki__fail(PKI_E_INVALID_ARG, "pki_text_escape: out is NULL");
	*out = NULL;
	if (!s && n)
		return pki__fail(PKI_E_INVALID_ARG, "pki_text_escape: s is NULL");
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "pki_text_escape: unknown flags 0x%x", flags);
	*out = pki__escape(s ? s : "", n);
	return *out ? 0 : pki__fail(PKI_E_NOMEM, "out of memory escaping text");
}

/*
 * JSON strings: the JSON escapes for '"', '\\' and C0; the other unsafe code points (DEL, C1,
 * bidi controls) as \uXXXX so a JSON viewer never writes them raw either; a byte that is not
 * well-formed UTF-8 as the six characters \\xNN (JSON text must be UTF-8, and the byte is
 * shown as text output shows it).
 */
int pki__export(const char *fn, unsigned char **out, size_t *size, const void *obj,
		pki_format_t format, unsigned flags, const pki__kind_t *kind)
{
	gnutls_datum_t der = { NULL, 0 }, pem = { NULL, 0 };
	int ret;

	if ((ret = pki__enter_export(fn, out, size, obj, kind->arg, format, flags)) < 0 ||
	    (ret = kind->der(&der, obj)) < 0)
		return ret;
	if (format == PKI_FORMAT_PEM) {
		ret = gnutls_pem_base64_encode2(kind->label, &der, &pem);
		gnutls_free(der.data);
		if (ret < 0)
			return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
						"cannot encode the %s as PEM", kind->label);
		der = pem;
	}
	return pki__datum_out(out, size, &der);
}

int pki__dump(const char *fn, char **out, const void *obj, unsigned flags,
	      const pki__kind_t *ops, bool json)
{
	pki__buf_t b = { 0 };
	void *info;
	int ret;

	if ((ret = pki__enter_str(fn, out, obj, ops->arg)) < 0 || (ret = pki__flags(fn, flags, 0)) < 0)
		return ret;
	if (!(info = pki__zalloc(ops->size)))
		return pki__fail(PKI_E_NOMEM, "out of memory");
	if ((ret = ops->read(info, obj)) >= 0) {
		(json ? ops->json : ops->text)(&b, info, obj);
		ret = pki__buf_finish(&b, out);
	}
	ops->free(info);
	pki_free(info);
	return ret;
}

void pki__buf_json_member(pki__buf_t *b, const char *key, const char *s)
{
	pki__buf_add(b, key, strlen(key));
	pki__buf_json_str(b, s);
}

void pki__buf_json_str(pki__buf_t *b, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n, i = 0;

	if (!s) {
		pki__buf_add(b, "null", 4);
		return;
	}
	n = strlen(str);
	pki__buf_add(b, "\"", 1);
	while (i < n) {
		uint32_t cp = 0;
		size_t len = pki__utf8_decode(s + i, n - i, &cp);

		if (len == 0) {
			pki__buf_printf(b, "\\\\x%02X", s[i]);
			i++;
			continue;
		}
		i += len;
		switch (cp) {
		case '"': pki__buf_add(b, "\\\"", 2); break;
		case '\\': pki__buf_add(b, "\\\\", 2); break;
		case '\n': pki__buf_add(b, "\\n", 2); break;
		case '\r': pki__buf_add(b, "\\r", 2); break;
		case '\t': pki__buf_add(b, "\\t", 2); break;
		default:
			if (unsafe_cp(cp))
				pki__buf_printf(b, "\\u%04x", (unsigned)cp);
			else
				pki__buf_add(b, (const char *)s + i - len, len);
		}
	}
	pki__buf_add(b, "\"", 1);
}

int pki__buf_finish(pki__buf_t *b, char **out)
{
	if (!b->failed && !b->p)
		buf_reserve(b, 0);
	if (b->failed) {
		pki__buf_discard(b);
		return pki__fail(PKI_E_NOMEM, "out of memory building text");
	}
	*out = b->p;
	b->p = NULL;
	b->len = b->cap = 0;
	return 0;
}

void pki__buf_discard(pki__buf_t *b)
{
	pki_free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Files                                                                                     */

int pki_file_read(unsigned char **out, size_t *size, const char *path, unsigned flags)
{
	pki__clear_error();
	if (out)
		*out = NULL;
	if (size)
		*size = 0;
	if (!out || !size || !path || !*path)
		return pki__fail(PKI_E_INVALID_ARG, "pki_file_read: NULL or empty argument");
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "pki_file_read: unknown flags 0x%x", flags);
	return pki__file_read(out, size, path);
}

int pki__file_read(unsigned char **out, size_t *size, const char *path)
{
	unsigned char *buf = NULL;
	size_t len = 0, cap;
	struct stat st;
	int fd;

	*out = NULL;
	*size = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return pki__fail(PKI_E_IO, "cannot open %s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return pki__fail(PKI_E_IO, "cannot stat %s: %s", path, strerror(e));
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return pki__fail(PKI_E_IO, "%s is a directory", path);
	}
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > PKI_MAX_INPUT_SIZE) {
		close(fd);
		return pki__fail(PKI_E_TOO_LARGE, "%s is larger than the %u-byte input limit", path,
				 PKI_MAX_INPUT_SIZE);
	}
	cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 4096;
	if (!(buf = pki__malloc(cap))) {
		close(fd);
		return pki__fail(PKI_E_NOMEM, "out of memory reading %s", path);
	}
	for (;;) {
		ssize_t n;
		int err = 0;

		/* one byte more than the limit tells "too large" from "exactly at the limit" */
		if (len + 1 >= cap) {
			unsigned char *nb = pki__grow(buf, &cap, len + 1, 1, PKI_MAX_INPUT_SIZE + 2,
						      "bytes", &err);

			if (!nb) {
				pki_free(buf);
				close(fd);
				return err == PKI_E_NOMEM
					       ? pki__fail(PKI_E_NOMEM, "out of memory reading %s", path)
					       : pki__fail(PKI_E_TOO_LARGE,
							   "%s is larger than the %u-byte input limit",
							   path, PKI_MAX_INPUT_SIZE);
			}
			buf = nb;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			pki_free(buf);
			close(fd);
			return pki__fail(PKI_E_IO, "cannot read %s: %s", path, strerror(e));
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > PKI_MAX_INPUT_SIZE) {
			pki_free(buf);
			close(fd);
			return pki__fail(PKI_E_TOO_LARGE, "%s is larger than the %u-byte input limit",
					 path, PKI_MAX_INPUT_SIZE);
		}
	}
	close(fd);
	buf[len] = '\0';
	*out = buf;
	*size = len;
	return 0;
}

int pki__import_file(const char *fn, const char *path,
		     int (*import)(void *out, const void *data, size_t size, const void *arg),
		     void *out, const void *arg)
{
	unsigned char *data;
	size_t size;
	int ret;

	if ((ret = pki__path(fn, path)) < 0 || (ret = pki__file_read(&data, &size, path)) < 0)
		return ret;
	ret = import(out, data, size, arg);
	pki_free(data);
	return ret;
}

/* Split @p path into its folder ("." when none) and base name. */
static int split_path(const char *path, char **dir, const char **base)
{
	const char *slash = strrchr(path, '/');

	if (!slash) {
		*dir = pki__strdup(".");
		*base = path;
	} else {
		*dir = slash == path ? pki__strdup("/") : pki__strndup(path, (size_t)(slash - path));
		*base = slash + 1;
	}
	if (!*dir)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	if (!**base)
		return pki__fail(PKI_E_INVALID_ARG, "%s names a folder, not a file", path);
	return 0;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* fsync the folder @p dir, so that a new name in it is durable. */
static void sync_dir(const char *dir)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
}

/* Fill the new file @p fd: mode, content, fsync. -1 with errno on failure. */
static int fill(int fd, const void *data, size_t size, unsigned flags)
{
	/* The umask can only remove bits; a key must be exactly 0600 whatever it is. */
	if ((flags & PKI_WRITE_PRIVATE) && fchmod(fd, 0600) != 0)
		return -1;
	if (write_all(fd, data, size) != 0 || (!(flags & PKI_WRITE_NO_SYNC) && fsync(fd) != 0))
		return -1;
	return 0;
}

/* A fresh random name "DIR/.BASE.XXXXXXXXXXXX.tmp" in @p tmp (@p len bytes). */
static int tmp_name(char *tmp, size_t len, const char *dir, const char *base)
{
	unsigned char rnd[6];
	char *hex;

	if (gnutls_rnd(GNUTLS_RND_NONCE, rnd, sizeof(rnd)) != 0)
		return pki__fail(PKI_E_CRYPTO, "random generator failed");
	hex = pki__hex(rnd, sizeof(rnd));
	if (!hex)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	snprintf(tmp, len, "%s/.%s.%s.tmp", dir, base, hex);
	pki_free(hex);
	return 0;
}

/* Give the anonymous O_TMPFILE file @p fd the name @p path; fails (EEXIST) if it exists. */
static int link_anonymous(int fd, const char *path)
{
	char proc[64];

	/* AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH; /proc/self/fd works for everyone. */
	if (linkat(fd, "", AT_FDCWD, path, AT_EMPTY_PATH) == 0)
		return 0;
	if (errno == EEXIST)
		return -1;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	return linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW);
}

/*
 * Linux O_TMPFILE: the file has no name until it is complete (written, 0600, fsynced), so a
 * crash at any point leaves no file holding the content behind. Then linkat() names it:
 * without PKI_WRITE_OVERWRITE the final name itself (EEXIST if it appeared meanwhile: never
 * replaced); with it, a temporary name renamed over the old file at once (rename() is the
 * only atomic replacement, and it needs a name: that name exists for two system calls,
 * holding the complete file, and is removed on failure).
 * 1 when O_TMPFILE is not available here (the caller falls back), 0 or PKI_E_* otherwise.
 */
static int write_tmpfile(const char *path, const char *dir, const char *base, const void *data,
			 size_t size, unsigned flags)
{
	char *tmp = NULL;
	size_t tmplen;
	int fd, rc, e;

#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, (flags & PKI_WRITE_PRIVATE) ? 0600 : 0644);
#else
	fd = -1;
	errno = EOPNOTSUPP;
#endif
	if (fd < 0) {
		/* Kernels before 3.11 say EISDIR (or ENOENT), file systems without it
		 * EOPNOTSUPP; anything else is a real failure, which the fallback reports. */
		return 1;
	}
	if (fill(fd, data, size, flags) != 0)
		goto io_error;
	if (!(flags & PKI_WRITE_OVERWRITE)) {
		if (link_anonymous(fd, path) != 0) {
			e = errno;
			close(fd);
			if (e == EEXIST)
				return pki__fail(PKI_E_EXISTS, "%s exists; not overwriting it", path);
			if (e == EPERM || e == ENOENT || e == EOPNOTSUPP || e == EXDEV)
				return 1; /* no /proc, or a file system that cannot link it */
			return pki__fail(PKI_E_IO, "cannot create %s: %s", path, strerror(e));
		}
	} else {
		tmplen = strlen(dir) + strlen(base) + 32;
		if (!(tmp = pki__malloc(tmplen))) {
			close(fd);
			return pki__fail(PKI_E_NOMEM, "out of memory");
		}
		for (int attempt = 0;; attempt++) {
			if ((rc = tmp_name(tmp, tmplen, dir, base)) < 0) {
				close(fd);
				pki_free(tmp);
				return rc;
			}
			if (link_anonymous(fd, tmp) == 0)
				break;
			e = errno;
			if (e != EEXIST || attempt == 15) {
				close(fd);
				pki_free(tmp);
				if (e == EPERM || e == ENOENT || e == EOPNOTSUPP || e == EXDEV)
					return 1;
				return pki__fail(PKI_E_IO, "cannot create a file in %s: %s", dir,
						 strerror(e));
			}
		}
		if (rename(tmp, path) != 0) {
			e = errno;
			unlink(tmp);
			close(fd);
			pki_free(tmp);
			return pki__fail(PKI_E_IO, "cannot write %s: %s", path, strerror(e));
		}
		pki_free(tmp);
	}
	if (close(fd) != 0) {
		/* The data was fsynced before the name was given; report it all the same. */
		return pki__fail(PKI_E_IO, "cannot write %s: %s", path, strerror(errno));
	}
	if (!(flags & PKI_WRITE_NO_SYNC))
		sync_dir(dir);
	return 0;

io_error:
	e = errno;
	close(fd); /* the anonymous file disappears with its last descriptor */
	return pki__fail(PKI_E_IO, "cannot write %s: %s", path, strerror(e));
}

/* The clock hook of internal.h: never set outside tests. */
int64_t (*pki__now_hook)(void);

int64_t pki__now(void)
{
	return pki__now_hook ? pki__now_hook() : (int64_t)time(NULL);
}

/* The test hooks of internal.h: never set outside tests/test_write_fallback.c. */
bool pki__write_force_fallback;
void (*pki__write_created_hook)(const char *tmp, int fd);

int pki_file_write(const char *path, const void *data, size_t size, unsigned flags)
{
	pki__clear_error();
	if (!path || !*path || (!data && size))
		return pki__fail(PKI_E_INVALID_ARG, "pki_file_write: NULL or empty argument");
	if (flags & ~(unsigned)(PKI_WRITE_OVERWRITE | PKI_WRITE_PRIVATE | PKI_WRITE_NO_SYNC))
		return pki__fail(PKI_E_INVALID_ARG, "pki_file_write: unknown flags 0x%x", flags);
	return pki__file_write(path, data, size, flags);
}

/* Whether @p path may be written: not a folder name, a symbolic link or a special file, and
 * (unless @p flags has PKI_WRITE_OVERWRITE) not an existing file. */
static int check_target(const char *path, unsigned flags)
{
	struct stat st;

	if (path[strlen(path) - 1] == '/')
		return pki__fail(PKI_E_INVALID_ARG, "%s names a folder, not a file", path);
	if (lstat(path, &st) == 0) {
		if (S_ISLNK(st.st_mode))
			return pki__fail(PKI_E_IO, "refusing to write %s: it is a symbolic link", path);
		if (!S_ISREG(st.st_mode))
			return pki__fail(PKI_E_IO, "refusing to write %s: not a regular file", path);
		if (!(flags & PKI_WRITE_OVERWRITE))
			return pki__fail(PKI_E_EXISTS, "%s exists; not overwriting it", path);
	} else if (errno != ENOENT) {
		return pki__fail(PKI_E_IO, "cannot check %s: %s", path, strerror(errno));
	}
	return 0;
}

/* A new temporary file in @p dir named after @p base, created exclusively (0600 before any
 * byte when @p flags has PKI_WRITE_PRIVATE): its descriptor, its name in @p tmp. */
static int create_tmp(int *fd, char *tmp, size_t tmplen, const char *dir, const char *base,
		      unsigned flags)
{
	int ret;

	*fd = -1;
	for (int attempt = 0; attempt < 16; attempt++) {
		if ((ret = tmp_name(tmp, tmplen, dir, base)) < 0)
			return ret;
		*fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
			   (flags & PKI_WRITE_PRIVATE) ? 0600 : 0644);
		if (*fd >= 0)
			return 0;
		if (errno != EEXIST)
			return pki__fail(PKI_E_IO, "cannot create a file in %s: %s", dir,
					 strerror(errno));
	}
	return pki__fail(PKI_E_IO, "cannot create a temporary file in %s", dir);
}

/*
 * The fallback when an anonymous file cannot be used: the data goes to a named temporary file
 * that is renamed over @p path (PKI_WRITE_OVERWRITE) or linked to it, which never replaces a
 * file that appeared since; the temporary name is gone in every case.
 */
static int write_named_tmp(const char *path, const char *dir, const char *base,
			   const void *data, size_t size, unsigned flags)
{
	size_t tmplen = strlen(dir) + strlen(base) + 32;
	char *tmp = pki__malloc(tmplen);
	int fd = -1, rc, e;

	if (!tmp)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	if ((rc = create_tmp(&fd, tmp, tmplen, dir, base, flags)) < 0)
		goto out;
	if (pki__write_created_hook)
		pki__write_created_hook(tmp, fd);
	if (fill(fd, data, size, flags) != 0)
		goto io_error;
	if (close(fd) != 0) {
		fd = -1;
		goto io_error;
	}
	fd = -1;
	if (flags & PKI_WRITE_OVERWRITE) {
		if (rename(tmp, path) != 0)
			goto io_error;
	} else {
		/* link() fails with EEXIST if the name appeared since: never replaces a file. */
		if (link(tmp, path) != 0) {
			e = errno;
			unlink(tmp);
			rc = e == EEXIST ? pki__fail(PKI_E_EXISTS, "%s exists; not overwriting it", path)
					 : pki__fail(PKI_E_IO, "cannot create %s: %s", path, strerror(e));
			goto out;
		}
		unlink(tmp);
	}
	rc = 0;
	goto out;

io_error:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	rc = pki__fail(PKI_E_IO, "cannot write %s: %s", path, strerror(e));
out:
	pki_free(tmp);
	return rc;
}

int pki__file_write(const char *path, const void *data, size_t size, unsigned flags)
{
	char *dir = NULL;
	const char *base;
	int rc;

	if ((rc = check_target(path, flags)) < 0 || (rc = split_path(path, &dir, &base)) < 0)
		goto out;
	rc = pki__write_force_fallback ? 1 : write_tmpfile(path, dir, base, data, size, flags);
	if (rc > 0 && (rc = write_named_tmp(path, dir, base, data, size, flags)) == 0 &&
	    !(flags & PKI_WRITE_NO_SYNC))
		sync_dir(dir);
out:
	pki_free(dir);
	return rc;
}
