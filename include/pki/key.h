/*
 * libpki — private and public keys.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PKI_KEY_H
#define PKI_KEY_H

#include <pki/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A key: a private key (which also holds its public half) or, when imported from a
 * SubjectPublicKeyInfo or taken from a certificate or request, a public key alone.
 * A handle may be used by one thread at a time; distinct handles from distinct threads.
 */
typedef struct pki_key pki_key_t;

/** Key types. The numbers are stable. */
typedef enum {
	PKI_KEY_UNKNOWN = 0,
	PKI_KEY_EC_P256 = 1, /**< ECDSA on NIST P-256 (secp256r1): the default */
	PKI_KEY_EC_P384 = 2,
	PKI_KEY_EC_P521 = 3,
	PKI_KEY_ED25519 = 4,
	PKI_KEY_ED448 = 5,
	PKI_KEY_RSA = 6,
	/**
	 * RSA for RSASSA-PSS signatures only (id-RSASSA-PSS keys, RFC 4055): it never encrypts
	 * and never signs with PKCS#1 v1.5. Its key may restrict the hash, MGF1 and salt length
	 * (pki_key_generate_rsa_pss(), pki_key_rsa_pss_params()). @since 0.1
	 */
	PKI_KEY_RSA_PSS = 7,
} pki_key_type_t;

/** Default RSA modulus size, and the accepted range (more than PKI_RSA_MAX_BITS is
 *  PKI_E_TOO_LARGE, fewer than PKI_RSA_MIN_BITS PKI_E_WEAK). */
#define PKI_RSA_DEFAULT_BITS 3072
#define PKI_RSA_MIN_BITS 2048
#define PKI_RSA_MAX_BITS 8192

/**
 * Generate a private key.
 * @param[out] out  the new key (pki_key_free); NULL on failure.
 * @param type      a pki_key_type_t; PKI_KEY_UNKNOWN means the default, ECDSA P-256.
 *                  PKI_KEY_RSA_PSS makes an RSA-PSS key without parameters (any hash).
 * @param bits      RSA and RSA-PSS modulus size, 2048..8192 (0: 3072); must be 0 for the
 *                  other types.
 * @param flags     reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_WEAK (RSA below 2048 bits), PKI_E_TOO_LARGE (RSA
 *         above PKI_RSA_MAX_BITS), PKI_E_CRYPTO.
 * @since 0.1
 */
PKI_API int pki_key_generate(pki_key_t **out, pki_key_type_t type, unsigned bits, unsigned flags);

/**
 * Parse a key from memory, PEM or DER (auto-detected): PKCS#8 (plain or encrypted: PBES2 with
 * any cipher GnuTLS reads, PBES1, including the DES3 of `openssl genrsa -des3`), PKCS#1 RSA,
 * SEC1 EC, legacy OpenSSL-encrypted PEM (Proc-Type: 4,ENCRYPTED), or a public key, which gives
 * a public-only handle: a SubjectPublicKeyInfo ("PUBLIC KEY") or a PKCS#1 RSAPublicKey
 * ("RSA PUBLIC KEY", DER or PEM, as `openssl rsa -RSAPublicKey_out` writes).
 * Bounds: at most PKI_MAX_INPUT_SIZE bytes; an encrypted PKCS#8 key asking for more than
 * PKI_MAX_KDF_ITERATIONS PBKDF2 iterations is refused before any derivation (both
 * PKI_E_TOO_LARGE); RSA keys above PKI_RSA_MAX_BITS are not generated (import reads what
 * GnuTLS reads).
 * @param[out] out  the new key, owned by the caller (pki_key_free); NULL on failure.
 * @param data      the encoded key (not NULL); libpki keeps no reference to it.
 * @param size      its length in bytes, 1..PKI_MAX_INPUT_SIZE (0 is PKI_E_PARSE).
 * @param password  for encrypted keys; NULL when there is none. "" is the empty password, tried
 *                  as given (the same rule as pki_p12_import()); it never means "no password".
 * @param flags     reserved, must be 0.
 * @return 0; PKI_E_PASSWORD_REQUIRED (encrypted, no password), PKI_E_BAD_PASSWORD (wrong one),
 *         PKI_E_PARSE (not a key), PKI_E_UNSUPPORTED, PKI_E_WEAK, PKI_E_TOO_LARGE,
 *         PKI_E_INVALID_ARG.
 * @since 0.1
 */
PKI_API int pki_key_import(pki_key_t **out, const void *data, size_t size, const char *password,
			   unsigned flags);

/**
 * pki_key_import() on the content of the file @p path (read with pki_file_read()).
 * @param[out] out  the new key (pki_key_free); NULL on failure.
 * @param path      the file to read.
 * @param password  as for pki_key_import(): NULL for none, "" is the empty password.
 * @param flags     reserved, must be 0.
 * @return as pki_key_import(), plus PKI_E_IO (unreadable file) and PKI_E_INVALID_ARG for a
 *         NULL @p out or @p path.
 * @since 0.1
 */
PKI_API int pki_key_import_file(pki_key_t **out, const char *path, const char *password,
				unsigned flags);

/**
 * Export the private key as PKCS#8, PEM ("PRIVATE KEY" / "ENCRYPTED PRIVATE KEY") or DER.
 * With a @p password it is encrypted with PBES2, AES-256-CBC and PBKDF2-HMAC-SHA256
 * (PKI_KDF_DEFAULT_ITERATIONS, 600,000 iterations; pki_key_export_v2() chooses the count);
 * never with DES3.
 * @param[out] out, size  the encoding (pki_free wipes it); NULL/0 on failure.
 * @param key       the key to export; must hold the private key.
 * @param format    PKI_FORMAT_PEM or PKI_FORMAT_DER.
 * @param password  NULL for no encryption; otherwise non-empty: "" is refused
 *                  (PKI_E_INVALID_ARG), since it would store the key unencrypted.
 * @param flags  reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG (NULL out/size/key, unknown format or flags, "" password),
 *         PKI_E_NO_PRIVATE_KEY (a public-only handle), PKI_E_CRYPTO, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_key_export(unsigned char **out, size_t *size, const pki_key_t *key,
			   pki_format_t format, const char *password, unsigned flags);

/**
 * pki_key_export() with a chosen PBKDF2 iteration count.
 * @param[out] out, size  the encoding (pki_free wipes it); NULL/0 on failure.
 * @param key         the key to export; must hold the private key.
 * @param format      PKI_FORMAT_PEM or PKI_FORMAT_DER.
 * @param password    as for pki_key_export(): NULL for no encryption, "" is refused.
 * @param iterations  0 for PKI_KDF_DEFAULT_ITERATIONS (600,000), otherwise
 *                    PKI_KDF_MIN_ITERATIONS (10,000) to PKI_MAX_KDF_ITERATIONS (10,000,000,
 *                    the most pki_key_import() reads); must be 0 when @p password is NULL.
 * @param flags       reserved, must be 0.
 * @return as pki_key_export(), plus PKI_E_WEAK (fewer than PKI_KDF_MIN_ITERATIONS) and
 *         PKI_E_TOO_LARGE (more than PKI_MAX_KDF_ITERATIONS), PKI_E_INVALID_ARG (a count
 *         without password).
 * @since 0.1
 */
PKI_API int pki_key_export_v2(unsigned char **out, size_t *size, const pki_key_t *key,
			      pki_format_t format, const char *password, unsigned iterations,
			      unsigned flags);

/**
 * Export the public key as a SubjectPublicKeyInfo ("PUBLIC KEY" in PEM), PEM or DER, into
 * @p out / @p size (pki_free); NULL/0 on failure. Works on private and public-only handles.
 * @param[out] out, size  the encoding and its length, owned by the caller (pki_free).
 * @param key     the key (private or public-only).
 * @param format  PKI_FORMAT_PEM or PKI_FORMAT_DER.
 * @param flags   reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG (NULL argument, unknown format, non-zero flags),
 *         PKI_E_CRYPTO, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_key_export_public(unsigned char **out, size_t *size, const pki_key_t *key,
				  pki_format_t format, unsigned flags);

/**
 * Save the private key (as pki_key_export(), same password rule) to @p path, atomically,
 * mode 0600.
 * @param key       the key; must hold the private key (PKI_E_NO_PRIVATE_KEY).
 * @param path      the file to write (NULL or "" is PKI_E_INVALID_ARG); a symbolic link is
 *                  refused.
 * @param format    PKI_FORMAT_PEM or PKI_FORMAT_DER.
 * @param password  NULL for no encryption, otherwise non-empty (as pki_key_export()).
 * @param flags  0 or PKI_WRITE_OVERWRITE; an existing file is otherwise refused (PKI_E_EXISTS).
 * @return 0, or as pki_key_export(), plus PKI_E_EXISTS and PKI_E_IO (pki_file_write()).
 * @since 0.1
 */
PKI_API int pki_key_save(const pki_key_t *key, const char *path, pki_format_t format,
			 const char *password, unsigned flags);

/**
 * pki_key_save() with a chosen PBKDF2 iteration count (as pki_key_export_v2()).
 * @param key, path, format, password, flags  as for pki_key_save().
 * @param iterations  as for pki_key_export_v2(): 0 for the default.
 * @return as pki_key_save(), plus the codes of pki_key_export_v2().
 * @since 0.1
 */
PKI_API int pki_key_save_v2(const pki_key_t *key, const char *path, pki_format_t format,
			    const char *password, unsigned iterations, unsigned flags);

/**
 * The type of a key.
 * @param key  the key.
 * @return the key's type (a pki_key_type_t, > 0), or PKI_E_INVALID_ARG for a NULL key.
 * @since 0.1
 */
PKI_API int pki_key_type(const pki_key_t *key);

/**
 * The size of a key in bits.
 * @param key  the key.
 * @return the size in bits (RSA modulus, curve size: 256, 384, 521, 255, 448), or
 *         PKI_E_INVALID_ARG for a NULL key.
 * @since 0.1
 */
PKI_API int pki_key_bits(const pki_key_t *key);

/**
 * Short stable name of the algorithm: "rsa", "rsa-pss", "ec", "ed25519", "ed448".
 * @param key  the key, or NULL.
 * @return static memory; NULL for a NULL key (the error detail is not touched). @since 0.1
 */
PKI_API const char *pki_key_algorithm(const pki_key_t *key);

/**
 * The curve of an elliptic-curve or EdDSA key.
 * @param key  the key, or NULL.
 * @return the curve name ("P-256", "P-384", "P-521", "Ed25519", "Ed448"), static memory;
 *         NULL for RSA and for a NULL key (the error detail is not touched). @since 0.1
 */
PKI_API const char *pki_key_curve(const pki_key_t *key);

/**
 * The name of a key type, as pki_key_type_from_name() reads it.
 * @param type  a pki_key_type_t.
 * @return the name of a key type ("ec-p256", "rsa", ...), static memory; NULL for unknown
 *         types (the error detail is not touched). @since 0.1
 */
PKI_API const char *pki_key_type_name(pki_key_type_t type);

/**
 * Parse a key type name: "ec" / "ecdsa" / "p256" / "P-256" / "ec-p256", "p384", "p521",
 * "ed25519", "ed448", "rsa", "rsa-pss" / "rsassa-pss" (case-insensitive).
 * @param name  the name (NULL is PKI_E_INVALID_ARG).
 * @return the type (> 0), or PKI_E_INVALID_ARG for NULL or an unknown name.
 * @since 0.1
 */
PKI_API int pki_key_type_from_name(const char *name);

/**
 * Whether a handle holds a private key.
 * @param key  the key.
 * @return true when the handle holds a private key (not only a public one); false for a
 *         public-only handle, and for NULL (which sets the error detail). @since 0.1
 */
PKI_API bool pki_key_has_private(const pki_key_t *key);

/**
 * Whether two handles hold the same public key (their DER SubjectPublicKeyInfo compared).
 * @param a, b  the keys.
 * @return true when both keys are non-NULL and have the same public key, whether either
 *         holds the private key or not; false otherwise (a NULL key sets the error detail).
 * @since 0.1
 */
PKI_API bool pki_key_equal(const pki_key_t *a, const pki_key_t *b);

/**
 * How pki_key_id() computes the identifier. No value is 0, so a call that passes 0 (a
 * forgotten argument, or the flags of an older draft) is refused rather than taken as SHA-1.
 */
typedef enum {
	PKI_KEY_ID_SHA1 = 1,   /**< SHA-1 of the public key bits (RFC 5280 method 1): the SKI */
	PKI_KEY_ID_SHA256 = 2, /**< SHA-256 of the DER SubjectPublicKeyInfo: a fingerprint */
} pki_key_id_method_t;

/**
 * Identifier of the public key as lower-case hex without separators (pki_free).
 * @param[out] out  the NUL-terminated hex string, owned by the caller (pki_free); NULL on
 *                  failure.
 * @param key     the key (private or public-only).
 * @param method  PKI_KEY_ID_SHA1 (the subjectKeyIdentifier libpki writes) or
 *                PKI_KEY_ID_SHA256.
 * @param flags   reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG (NULL argument, unknown method, non-zero flags),
 *         PKI_E_CRYPTO, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_key_id(char **out, const pki_key_t *key, pki_key_id_method_t method,
		       unsigned flags);

/**
 * A JSON object {"type", "bits", "curve"} (curve null for RSA); an RSA-PSS key adds
 * "pss_hash" ("sha256", ...) and "pss_salt_length", both null for a key without parameters.
 * @param[out] out  the NUL-terminated JSON text, owned by the caller (pki_free); NULL on
 *                  failure.
 * @param key    the key.
 * @param flags  reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG (NULL argument, non-zero flags), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_key_to_json(char **out, const pki_key_t *key, unsigned flags);

/** Hash functions for pki_key_sign() and pki_key_verify(). The numbers are stable. */
typedef enum {
	/**
	 * The key's own: SHA-256 for RSA and P-256, SHA-384 for P-384, SHA-512 for P-521 (as
	 * libpki signs certificates); the only choice for Ed25519 and Ed448, which sign the data
	 * itself (pure EdDSA, RFC 8032).
	 */
	PKI_HASH_DEFAULT = 0,
	PKI_HASH_SHA256 = 1,
	PKI_HASH_SHA384 = 2,
	PKI_HASH_SHA512 = 3,
} pki_hash_t;

/**
 * Generate an RSA-PSS private key (id-RSASSA-PSS, RFC 4055), optionally restricted to one hash.
 * With @p hash SHA-256/384/512 the key carries RSASSA-PSS-params: that hash, MGF1 with the
 * same hash and a minimum salt length equal to the hash's size (trailerField omitted, as
 * DER requires for the default); everything the key signs uses that hash. With
 * PKI_HASH_DEFAULT the key has no parameters (as pki_key_generate() with PKI_KEY_RSA_PSS) and
 * signs with SHA-256 unless told otherwise.
 * @param[out] out  the new key (pki_key_free); NULL on failure.
 * @param bits      the modulus size, 2048..8192 (0: 3072).
 * @param hash      PKI_HASH_DEFAULT (no parameters) or PKI_HASH_SHA256/384/512.
 * @param flags     reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG (NULL @p out, unknown hash or flags), PKI_E_WEAK (below
 *         2048 bits), PKI_E_TOO_LARGE (above PKI_RSA_MAX_BITS), PKI_E_CRYPTO, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_key_generate_rsa_pss(pki_key_t **out, unsigned bits, pki_hash_t hash,
				     unsigned flags);

/**
 * The RSASSA-PSS parameters an RSA-PSS key (private or public-only) is restricted to.
 * @param key             a PKI_KEY_RSA_PSS key.
 * @param[out] hash       the hash (and MGF1 hash) the key signs with (PKI_HASH_DEFAULT on
 *                        failure). May be NULL.
 * @param[out] salt_size  the minimum salt length in bytes (0 on failure). May be NULL.
 * @return 0; PKI_E_NOT_FOUND when the key has no parameters (it may sign with any hash);
 *         PKI_E_INVALID_ARG for a NULL key or a key of another type; PKI_E_UNSUPPORTED for a
 *         key restricted to a hash other than SHA-256/384/512.
 * @since 0.1
 */
PKI_API int pki_key_rsa_pss_params(const pki_key_t *key, pki_hash_t *hash,
				   unsigned int *salt_size);

/** Flags for pki_key_sign() and pki_key_verify(). */
enum {
	/**
	 * RSA keys: RSASSA-PSS (RFC 8017) with MGF1 of the same hash and a salt as long as the
	 * hash (`openssl dgst -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest`),
	 * instead of PKCS#1 v1.5. Refused (PKI_E_INVALID_ARG) for other keys.
	 */
	PKI_SIGN_RSA_PSS = 1u << 0,
};

/**
 * Sign @p size bytes at @p data with the private key, in the key's natural algorithm: ECDSA
 * (a DER ECDSA-Sig-Value, as `openssl dgst -sign` writes), RSA PKCS#1 v1.5 (or PSS with
 * PKI_SIGN_RSA_PSS), or pure Ed25519 / Ed448 (as `openssl pkeyutl -sign -rawin`).
 * ECDSA signatures are randomised (GnuTLS's choice), so two signatures of the same data
 * differ; both verify.
 * @param[out] sig, sig_size  the signature (pki_free); NULL/0 on failure.
 * @param key    the signing key; must hold the private key.
 * @param hash   PKI_HASH_DEFAULT or a SHA-2 hash; must be PKI_HASH_DEFAULT for EdDSA keys.
 * @param data   the data; may be NULL when @p size is 0.
 * @param size   the number of bytes at @p data, at most PKI_MAX_INPUT_SIZE.
 * @param flags  0 or PKI_SIGN_RSA_PSS.
 * @return 0, or PKI_E_INVALID_ARG (NULL argument, unknown hash, a hash with EdDSA, PSS with a
 *         non-RSA key, unknown flags), PKI_E_NO_PRIVATE_KEY (a public-only handle),
 *         PKI_E_TOO_LARGE, PKI_E_UNSUPPORTED, PKI_E_CRYPTO, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_key_sign(unsigned char **sig, size_t *sig_size, const pki_key_t *key,
			 pki_hash_t hash, const void *data, size_t size, unsigned flags);

/**
 * Check that @p sig is a signature of @p data by @p key (a private or public-only handle),
 * with the same @p hash and @p flags as pki_key_sign() would use.
 * @param key       the key (private or public-only).
 * @param hash      the hash the signature was made with (PKI_HASH_DEFAULT for EdDSA).
 * @param data      the signed data; may be NULL when @p size is 0.
 * @param size      the number of bytes at @p data, at most PKI_MAX_INPUT_SIZE.
 * @param sig       the signature (not NULL).
 * @param sig_size  its length; 0 is PKI_E_BAD_SIGNATURE.
 * @param flags     0 or PKI_SIGN_RSA_PSS.
 * @return 0 when it verifies; PKI_E_BAD_SIGNATURE when it does not (also for a malformed or
 *         empty signature); PKI_E_INVALID_ARG, PKI_E_TOO_LARGE, PKI_E_UNSUPPORTED,
 *         PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_key_verify(const pki_key_t *key, pki_hash_t hash, const void *data, size_t size,
			   const void *sig, size_t sig_size, unsigned flags);

/**
 * Free a key, wiping its private part. Does not change the error detail.
 * @param key  the key, or NULL (nothing happens).
 * @since 0.1
 */
PKI_API void pki_key_free(pki_key_t *key);

#ifdef __cplusplus
}
#endif
#endif /* PKI_KEY_H */
