/*
 * libpki — helpers for X.509 extensions shared by ext.c, issue.c and csr.c (never installed).
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PKI_EXT_INT_H
#define PKI_EXT_INT_H

#include "internal.h"

/* Largest extension value pki_issue_opts_add_extension / pki_csr_add_extension accept. */
#define PKI__EXT_MAX_VALUE 65536u

/* PKI_E_INVALID_ARG unless @p oid is a dotted OID (with a detail naming it). */
int pki__oid_check(const char *oid);

/* Check an extension given by a caller: @p oid in dotted form, @p der exactly one DER element
 * (tag and length read with libtasn1's readers) of 2..PKI__EXT_MAX_VALUE bytes.
 * PKI_E_INVALID_ARG with a detail naming what is wrong. */
int pki__ext_check(const char *oid, const void *der, size_t size);

/* Whether @p oid is an extension that gives a certificate authority or identity and is never
 * copied from a request (basicConstraints, keyUsage, EKU, key identifiers, name constraints,
 * policy mappings and constraints, inhibitAnyPolicy, subjectAltName). */
bool pki__ext_is_authority(const char *oid);

/* Whether @p crt already carries the extension @p oid. */
bool pki__crt_has_ext(gnutls_x509_crt_t crt, const char *oid);

/* GnuTLS's key usage bits (GNUTLS_KEY_*) for PKI_KU_* bits. */
unsigned pki__ku_to_gnutls(unsigned bits);
/* The OID of an extended key usage name libpki knows ("codeSigning", case-insensitive), or
 * NULL. */
const char *pki__eku_oid(const char *name);

/* The DER of a PolicyMappings extension value for @p n pairs of dotted OIDs (gnutls_free). */
int pki__ext_policy_mappings_der(gnutls_datum_t *out, char *const *issuer, char *const *subject,
				 size_t n);
/* The DER of a PolicyConstraints value; -1 leaves a field out (gnutls_free). */
int pki__ext_policy_constraints_der(gnutls_datum_t *out, int require_explicit, int inhibit_mapping);

/* Append ,"extensions":[{"oid","critical","value" (hex)}] and, for a certificate,
 * ,"ocsp_urls",...,"ca_issuers_urls",...,"crl_urls",...,"policies":[...] (null for an extension
 * that does not decode). */
void pki__json_cert_exts(pki__buf_t *b, const pki_cert_t *cert);
void pki__json_csr_exts(pki__buf_t *b, const pki_csr_t *csr);
/* The contents of the extension @p oid of @p cert for pki_cert_to_text (authority information
 * access, CRL distribution points, policies, name constraints, policy mappings and constraints,
 * inhibitAnyPolicy), one indented line per value, escaped, "(cannot be read)" for one that does
 * not decode; false, appending nothing, for any other extension. */
bool pki__text_cert_ext(pki__buf_t *b, const pki_cert_t *cert, const char *oid);

#endif /* PKI_EXT_INT_H */
