/*
 * libpki — declarations shared by crl.c and verify.c (never installed).
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PKI_CRL_INT_H
#define PKI_CRL_INT_H

#include "internal.h"

#include <pki/crl.h>
#include <pki/verify.h>

/* One revoked entry, as parsed from the DER (GnuTLS does not expose reason codes). */
typedef struct {
	unsigned char serial[21]; /* DER INTEGER content in minimal two's complement */
	size_t serial_len;
	int64_t revoked_at;
	int reason; /* pki_crl_reason_t */
} pki__crl_entry_t;

struct pki_crl {
	gnutls_x509_crl_t crl;
	pki__crl_entry_t *entries;
	size_t count;
	bool unknown_critical; /* a critical CRL extension libpki does not know: unusable */
	bool delta;            /* a delta CRL (deltaCRLIndicator): not used for checking */
};

/* A certificate's serial in the entry form (minimal two's complement DER content). */
int pki__cert_serial_bytes(unsigned char out[21], size_t *len, gnutls_x509_crt_t crt);
/* Hex of a serial in entry form for display, without a leading 00 sign byte (pki_free). */
char *pki__serial_hex(const unsigned char *p, size_t n);
/* Find @p serial (entry form) in @p crl: the entry, or NULL. */
const pki__crl_entry_t *pki__crl_find(const pki_crl_t *crl, const unsigned char *serial,
				      size_t len);
/* A new handle on the same CRL (DER round trip). */
int pki__crl_copy(pki_crl_t **out, const pki_crl_t *crl);
/* "YYYY-MM-DD" for a Unix time into buf (>= 32 bytes). */
void pki__date(char *buf, size_t len, int64_t t);

#endif /* PKI_CRL_INT_H */
