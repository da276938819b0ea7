/*
 * libpki — serial numbers (and other positive INTEGERs given as hex: CRL numbers): one parser
 * and one comparison for the whole library (issuance, CRL writing and lookup, verification).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "internal.h"

#include <string.h>

int pki__hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A ':' separates bytes as `openssl x509 -text` prints them: never first, last or doubled. */
static bool separator(const char *digits, const char *q)
{
	return *q == ':' && q != digits && q[1] && q[1] != ':';
}

int pki__serial_parse(unsigned char *out, size_t cap, size_t *len, const char *hex,
		      const char *what)
{
	const char *p = hex;
	size_t nd = 0, total, i = 0;
	int first = -1;

	*len = 0;
	if (!hex)
		return pki__fail(PKI_E_INVALID_ARG, "%s is NULL", what);
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	if (!*p)
		return pki__fail(PKI_E_INVALID_ARG, "%s \"%s\" has no hex digits", what, hex);
	for (const char *q = p; *q; q++) {
		int v;

		if (separator(p, q))
			continue;
		v = pki__hex_digit((unsigned char)*q);
		if (v < 0)
			return pki__fail(PKI_E_INVALID_ARG,
					 "%s \"%.80s\" is not hexadecimal (bad character '%c')", what,
					 hex, *q > 0x20 && *q < 0x7f ? *q : '?');
		if (first < 0 && v == 0)
			continue; /* leading zeros do not count */
		if (first < 0)
			first = v;
		nd++;
	}
	if (first < 0)
		return pki__fail(PKI_E_INVALID_ARG, "%s must be positive, not zero", what);
	/* The bytes of the positive DER INTEGER: a 0x00 first when the top bit would be set. */
	total = (nd + 1) / 2 + (nd % 2 == 0 && first >= 8);
	if (total > cap)
		return pki__fail(PKI_E_INVALID_ARG,
				 "%s \"%.80s\" needs %zu bytes as a positive integer; at most %zu are "
				 "allowed",
				 what, hex, total, cap);
	memset(out, 0, total);
	first = -1;
	for (const char *q = p; *q; q++) {
		int v;
		size_t pos;

		if (separator(p, q))
			continue;
		v = pki__hex_digit((unsigned char)*q);
		if (first < 0 && v == 0)
			continue;
		first = v;
		pos = nd - 1 - i++; /* nibble position from the right */
		out[total - 1 - pos / 2] |= (unsigned char)(pos % 2 ? v << 4 : v);
	}
	*len = total;
	return 0;
}

/* Skip the bytes that only repeat the sign of the next one (BER allows them, DER does not). */
static void minimal(const unsigned char **p, size_t *n)
{
	while (*n > 1 && (((*p)[0] == 0 && (*p)[1] < 128) || ((*p)[0] == 0xff && (*p)[1] >= 128))) {
		(*p)++;
		(*n)--;
	}
}

bool pki__serial_equal(const unsigned char *a, size_t an, const unsigned char *b, size_t bn)
{
	if (!a || !b || !an || !bn)
		return false;
	minimal(&a, &an);
	minimal(&b, &bn);
	return an == bn && memcmp(a, b, an) == 0;
}
