/*
 * libpki — what issue.c shares with issuer.c: the per-CA checks, done once, and the
 * per-request issuance that trusts them.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef LIBPKI_ISSUE_INT_H
#define LIBPKI_ISSUE_INT_H

#include "internal.h"

/*
 * What signs a certificate: a CA certificate and its key (checked by pki__issuer_check), or,
 * for a self-signed certificate, crt NULL and the subject key itself.
 */
struct pki__issuer_in {
	gnutls_x509_crt_t crt; /* NULL for self-signed */
	const pki_key_t *key;
	/* Filled by pki__issuer_check for a CA: */
	int path_len;          /* the CA's pathLenConstraint, -1 for none */
	int64_t not_after;     /* the CA's notAfter: no certificate may outlive it */
	unsigned char aki[64]; /* the CA's key identifier, for authorityKeyIdentifier */
	size_t aki_len;
	unsigned char key_id[20]; /* SHA-1 of the CA's key bits (pki__key_sha1_id): key reuse */
};

/*
 * The per-CA checks: @p key has its private part and is the key of @p crt, @p crt is a CA
 * allowed to sign certificates (basicConstraints CA:TRUE, keyCertSign when keyUsage is
 * present), its notAfter and key identifier are readable. Fills @p is (release it with
 * pki__issuer_clear, also after a failure). 0 or a PKI_E_* code with the detail set.
 */
int pki__issuer_check(struct pki__issuer_in *is, gnutls_x509_crt_t crt, const pki_key_t *key);
void pki__issuer_clear(struct pki__issuer_in *is);

/*
 * The per-request work of pki_cert_issue on a checked issuer: the request's signature,
 * subject key, key reuse, validity within the CA's, profile and extensions, signing.
 * @p opts NULL means the server profile's defaults; @p flags as pki_cert_issue's (checked).
 */
int pki__issue_csr(pki_cert_t **out, const struct pki__issuer_in *is, gnutls_x509_crq_t crq,
		   const pki_issue_opts_t *opts, unsigned flags);
/* The same for a bare public key and a subject (pki_cert_issue_for_key). */
int pki__issue_key(pki_cert_t **out, const struct pki__issuer_in *is, gnutls_pubkey_t pub,
		   const char *subject, const pki_issue_opts_t *opts, unsigned flags);
/* PKI_E_INVALID_ARG unless @p flags holds only PKI_ISSUE_* flags; @p fn names the caller. */
int pki__issue_check_flags(unsigned flags, const char *fn);

#endif
