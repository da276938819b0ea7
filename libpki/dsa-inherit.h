/*
 * libpki — DSA parameter inheritance (RFC 3279 2.3.2, RFC 5280 6.1.4 (f)).
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PKI_DSA_INHERIT_H
#define PKI_DSA_INHERIT_H

#include "verify-int.h"

/* True when @p crt's SubjectPublicKeyInfo is DSA (1.2.840.10040.4.1) with the parameters
 * absent: its p, q and g are those of its issuer's DSA key. */
bool pki__crt_dsa_no_params(gnutls_x509_crt_t crt);

/* The DSA key of @p crt (no parameters of its own) with the p, q, g of @p issuer's DSA key and
 * @p crt's y, into *@p out (gnutls_pubkey_deinit). 0 when built; -1 when @p crt does not lack
 * its parameters, @p issuer has no DSA key with parameters, or y cannot be read (DER through
 * libtasn1); PKI_E_NOMEM. */
int pki__dsa_inherit_key(gnutls_pubkey_t *out, gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer);

/* Before the signature made by @p crt is checked on a path where @p issuer is the next
 * certificate up: when @p crt's DSA key has no parameters, the key built by
 * pki__dsa_inherit_key becomes @p crt's imported key for this verification (the memo of
 * pki__vctx_pubkey), so pki__vctx_key_bounded and pki__vctx_signed_by judge and use it. A key
 * inherited on another path from another issuer of the same name is built again, and the
 * signature checks made with it are forgotten. */
void pki__vctx_dsa_inherit(pki__vctx_t *v, gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer);

/* True when @p crt's DSA key has no parameters and none were inherited in this verification. */
bool pki__vctx_dsa_uninherited(pki__vctx_t *v, gnutls_x509_crt_t crt);

/* A CRL signed by @p issuer whose DSA key was inherited in this verification: 1 when its
 * signature verifies with that key (and its issuer name is @p issuer's subject), 0 when not
 * (or the key is out of bounds), -1 when @p issuer has no inherited key (check it as usual). */
int pki__vctx_dsa_crl_signed_by(pki__vctx_t *v, const pki_crl_t *crl, gnutls_x509_crt_t issuer);

#endif /* PKI_DSA_INHERIT_H */
