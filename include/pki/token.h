/*
 * libpki — keys on PKCS#11 tokens (smart cards, HSMs, SoftHSM2), named by RFC 7512 URIs.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The modules are the ones p11-kit registers (GnuTLS loads them on first use). A token key is
 * a pki_key_t like any other: it signs requests, certificates, CRLs and data through the
 * token, while its private material never leaves it (pki_key_export() and pki_key_save() are
 * PKI_E_TOKEN_KEY).
 */
#ifndef PKI_TOKEN_H
#define PKI_TOKEN_H

#include <pki/common.h>
#include <pki/key.h>
#include <pki/x509.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Whether @p s is a PKCS#11 URI (starts with "pkcs11:", case-insensitive), the test every
 * "key file or URI" argument uses.
 * @param s  a string; NULL is false.
 * @return true for a "pkcs11:" URI.
 * @since 0.1
 */
PKI_API bool pki_is_pkcs11_url(const char *s);

/**
 * Open the private key a PKCS#11 URI names (RFC 7512: "pkcs11:token=CA;object=ca-key"; the
 * type=private attribute is implied), logging in with @p pin. The key is checked to sign: a
 * test signature is made, so a key whose token object may not sign fails here and not later.
 * The handle keeps a copy of the PIN (wiped by pki_key_free()) for later logins. PKCS#11
 * logins are per process and token: while one handle of a token is logged in, opening another
 * key of that token succeeds whatever @p pin is (the token is not asked again).
 * @param[out] out  the key, owned by the caller (pki_key_free); NULL on failure.
 * @param url       the URI (not NULL); at most 4096 bytes.
 * @param pin       the user PIN; NULL when none is known (a token that needs one then fails
 *                  with PKI_E_PASSWORD_REQUIRED, so a caller can ask and retry).
 * @param flags     reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG (NULL or malformed URI, flags), PKI_E_TOKEN_NOT_FOUND (no
 *         token matches the URI), PKI_E_NOT_FOUND (the token has no such private key),
 *         PKI_E_PASSWORD_REQUIRED (a PIN is needed), PKI_E_BAD_PIN (the PIN is wrong),
 *         PKI_E_TOKEN_LOCKED (the user PIN is locked), PKI_E_KEY_CANNOT_SIGN (the object may
 *         not sign), PKI_E_UNSUPPORTED (key algorithm), PKI_E_CRYPTO, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_key_import_url(pki_key_t **out, const char *url, const char *pin,
			       unsigned flags);

/**
 * Generate a key pair on a token: a private key (sensitive, never extractable, may sign
 * certificates, CRLs and data) and its public key, both labelled @p label and with the same
 * new random 16-byte CKA_ID, then open it as pki_key_import_url() does.
 * @param[out] out  the key, owned by the caller (pki_key_free); NULL on failure.
 * @param token_url a URI naming the token ("pkcs11:token=CA"), not NULL.
 * @param label     the objects' label (CKA_LABEL), 1..128 bytes, not NULL.
 * @param pin       the user PIN (not NULL: generation needs a login).
 * @param type      PKI_KEY_EC_P256 (also for PKI_KEY_UNKNOWN), PKI_KEY_EC_P384,
 *                  PKI_KEY_EC_P521 or PKI_KEY_RSA; EdDSA is PKI_E_UNSUPPORTED.
 * @param bits      RSA modulus size as pki_key_generate() (0: 3072); 0 for EC.
 * @param flags     reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_WEAK, PKI_E_UNSUPPORTED, PKI_E_TOKEN_NOT_FOUND,
 *         PKI_E_BAD_PIN, PKI_E_TOKEN_LOCKED, PKI_E_CRYPTO, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_key_generate_token(pki_key_t **out, const char *token_url, const char *label,
				   const char *pin, pki_key_type_t type, unsigned bits,
				   unsigned flags);

/**
 * The PKCS#11 URI of a token key (as given to pki_key_import_url(), or built by
 * pki_key_generate_token()), never holding a PIN.
 * @param key  the key.
 * @return the URI, lent (valid until pki_key_free); NULL for a key that is not on a token or
 *         a NULL @p key.
 * @since 0.1
 */
PKI_API const char *pki_key_url(const pki_key_t *key);

/**
 * Read the certificate a PKCS#11 URI names ("pkcs11:token=CA;object=ca"; type=cert is
 * implied). Certificates are public objects: no PIN. pki_cert_import_file() takes such a URI
 * too, so every "certificate file" argument of pki does.
 * @param[out] out  the certificate, owned by the caller (pki_cert_free); NULL on failure.
 * @param url       the URI (not NULL).
 * @param flags     reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_TOKEN_NOT_FOUND, PKI_E_NOT_FOUND (no such
 *         certificate), PKI_E_PARSE, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_cert_import_url(pki_cert_t **out, const char *url, unsigned flags);

/**
 * A text listing of PKCS#11 tokens or of a token's objects, one per line.
 * With @p url NULL: "URI label" for every token of every module. With a URI: its objects,
 * "TYPE URI" (TYPE: private-key, public-key, certificate, data, secret-key, other); with
 * @p pin the listing logs in and includes private objects.
 * @param[out] out  the text (pki_free); NULL on failure. No tokens gives "".
 * @param url       NULL, or a URI naming a token (objects attributes narrow the list).
 * @param pin       the user PIN, or NULL for the public objects only.
 * @param flags     reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_TOKEN_NOT_FOUND, PKI_E_BAD_PIN, PKI_E_TOKEN_LOCKED,
 *         PKI_E_CRYPTO, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_token_list(char **out, const char *url, const char *pin, unsigned flags);

#ifdef __cplusplus
}
#endif

#endif /* PKI_TOKEN_H */
