/*
 * libpki — PKCS#12 (.p12 / .pfx) files: a private key, its certificate and a chain, under a
 * password.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PKI_PKCS12_H
#define PKI_PKCS12_H

#include <pki/common.h>
#include <pki/key.h>
#include <pki/x509.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Resource bounds of pki_p12_import(), checked before GnuTLS decodes the parts of a file or
 * derives any key:
 * - PKI_P12_MAX_KDF_ITERATIONS: the key-derivation iterations of the whole file together:
 *   the MAC's plus those of every encrypted part and every encrypted private key. 4,000,000
 *   is the MAC and five more derivations at GnuTLS's 600,000 (a file written by libpki,
 *   GnuTLS or `openssl pkcs12 -export` asks for three; OpenSSL's own default is 2,048 each,
 *   Java's 10,000). Each 600,000-iteration PBKDF2-HMAC-SHA256 costs about 70 ms here, so a
 *   file costs at most about 0.5 s of key derivation, however it is built.
 * - PKI_P12_MAX_SAFES: the parts (ContentInfos) of the AuthenticatedSafe; files written by
 *   the usual tools have two. GnuTLS decodes the whole list again for each part it returns.
 * - PKI_P12_MAX_SAFE_BAGS: the bags of one unencrypted SafeContents (GnuTLS 3.7 reads at
 *   most 32 and would drop the others silently).
 * A file over any of them is refused with PKI_E_TOO_LARGE and a detail naming the bound.
 * The iterations of a key stored inside an encrypted part are only known once that part is
 * decrypted: they are taken from what is left of the same budget before that key is
 * derived.
 */
#define PKI_P12_MAX_KDF_ITERATIONS 4000000u
/** At most this many parts in a PKCS#12 file (see PKI_P12_MAX_KDF_ITERATIONS). */
#define PKI_P12_MAX_SAFES 64u
/** At most this many bags in one unencrypted part (see PKI_P12_MAX_KDF_ITERATIONS). */
#define PKI_P12_MAX_SAFE_BAGS 32u

/**
 * Most PBKDF2 iterations pki_p12_export_v2() writes: 1,000,000 (more is PKI_E_TOO_LARGE). A file libpki writes asks for
 * three derivations (the key, the certificates, the MAC), and three times this count stays
 * within the PKI_P12_MAX_KDF_ITERATIONS that pki_p12_import() allows a file.
 */
#define PKI_P12_MAX_EXPORT_ITERATIONS 1000000u
/**
 * Most certificates pki_p12_export() writes besides the key's own: 31. The certificates are one
 * SafeContents, and GnuTLS 3.7 (so pki_p12_import()) reads at most 32 bags of one. More is
 * PKI_E_TOO_LARGE.
 */
#define PKI_P12_MAX_CHAIN 31u

/** Flags for pki_p12_export(), pki_p12_save() and pki_p12_import(). */
enum {
	/**
	 * Write the old PKCS#12 algorithms: the key and the certificates encrypted with
	 * pbeWithSHAAnd3-KeyTripleDES-CBC and a SHA-1 MAC, instead of PBES2/AES-256-CBC and an
	 * HMAC-SHA256 MAC. Use it only for a client that cannot read PBES2 files: Windows
	 * older than Windows 10 1709 and Server 2019, older macOS and iOS keychains, Java 8 before
	 * 8u301, and many embedded devices and appliances; they typically report a "wrong
	 * password" for a modern file. 3DES and SHA-1 are dated and the legacy key derivation
	 * is cheaper to brute-force: prefer upgrading the client, and use a long password.
	 * The value does not collide with the PKI_WRITE_* flags, so pki_p12_save() takes both.
	 */
	PKI_P12_LEGACY = 1u << 8,
	/**
	 * pki_p12_import(): read a file that has no MAC (`openssl pkcs12 -nomac`). Without
	 * this flag such a file is refused (PKI_E_WEAK): nothing shows that its content is
	 * the one that was written, so a key or certificate could have been swapped. Its
	 * encrypted parts, if any, still need the password.
	 */
	PKI_P12_ALLOW_NO_MAC = 1u << 9,
};

/**
 * Encode @p key, its certificate @p cert and optionally the intermediate certificates
 * @p chain as a password-protected PKCS#12 file (DER).
 *
 * By default the private key (a PKCS#8 shrouded key bag) and the certificates (an encrypted
 * SafeContents) are encrypted with PBES2, AES-256-CBC and PBKDF2-HMAC-SHA256, and the whole
 * file is authenticated by an HMAC-SHA256 MAC (its key derived as RFC 7292 B.2 with SHA-256),
 * each with PKI_KDF_DEFAULT_ITERATIONS (600,000) iterations (pki_p12_export_v2() chooses
 * the count); with PKI_P12_LEGACY, 3DES and a SHA-1 MAC with GnuTLS's counts.
 * The key and @p cert share a localKeyId attribute; @p name, when given, is set as the
 * friendlyName of both (Java's keytool shows it as the alias).
 *
 * @param[out] out, size  the file (pki_free, which wipes it); NULL/0 on failure.
 * @param key       a private key (a public-only handle gives PKI_E_NO_PRIVATE_KEY).
 * @param cert      the certificate of @p key (otherwise PKI_E_KEY_MISMATCH).
 * @param chain     intermediates (and optionally the root) to include after @p cert, in
 *                  order, at most PKI_P12_MAX_CHAIN; NULL or empty for none.
 * @param name      friendly name: printable ASCII, 1 to 255 characters; NULL for none.
 * @param password  the password, at most 1024 bytes; ASCII is the safe choice for other
 *                  tools, which have differed in how they encode other text. "" is refused
 *                  (PKI_E_INVALID_ARG), since it would protect nothing: the same rule as
 *                  pki_key_export(). NULL, which means "no encryption" for a key, is
 *                  refused here (PKI_E_INVALID_ARG): libpki writes a PKCS#12 file only
 *                  encrypted and with a MAC, since a file without a MAC can be altered
 *                  unnoticed and pki_p12_import() refuses it by default. The CLI (`pki p12
 *                  export` without a password source) and Python (`password=None`) refuse
 *                  it alike. For an unencrypted key, use pki_key_export() with NULL.
 *                  The password is UTF-8 (invalid UTF-8 is
 *                  PKI_E_INVALID_ARG); the MAC key is derived from its BMPString form.
 * @param flags     0 or PKI_P12_LEGACY.
 * @return 0, or PKI_E_INVALID_ARG (NULL out/size/key/cert/password, "" or too long a password, bad
 *         name, unknown flags), PKI_E_NO_PRIVATE_KEY, PKI_E_KEY_MISMATCH, PKI_E_TOO_LARGE
 *         (a chain over PKI_P12_MAX_CHAIN), PKI_E_CRYPTO, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_p12_export(unsigned char **out, size_t *size, const pki_key_t *key,
			   const pki_cert_t *cert, const pki_chain_t *chain, const char *name,
			   const char *password, unsigned flags);

/**
 * pki_p12_export() with a chosen PBKDF2 iteration count for the key, the certificates and the
 * MAC.
 * @param[out] out, size  the file (pki_free, which wipes it); NULL/0 on failure.
 * @param key, cert, chain, name, password  as for pki_p12_export().
 * @param iterations  0 for PKI_KDF_DEFAULT_ITERATIONS (600,000), otherwise
 *                    PKI_KDF_MIN_ITERATIONS (10,000) to PKI_P12_MAX_EXPORT_ITERATIONS
 *                    (1,000,000); must be 0 with PKI_P12_LEGACY (GnuTLS's counts).
 * @param flags       0 or PKI_P12_LEGACY.
 * @return as pki_p12_export(), plus PKI_E_WEAK (fewer than PKI_KDF_MIN_ITERATIONS) and
 *         PKI_E_TOO_LARGE (more than PKI_P12_MAX_EXPORT_ITERATIONS), PKI_E_INVALID_ARG (a
 *         count with PKI_P12_LEGACY).
 * @since 0.1
 */
PKI_API int pki_p12_export_v2(unsigned char **out, size_t *size, const pki_key_t *key,
			      const pki_cert_t *cert, const pki_chain_t *chain, const char *name,
			      const char *password, unsigned iterations, unsigned flags);

/**
 * pki_p12_export() to the file @p path, atomically and with mode 0600 whatever the umask
 * (the file holds a private key).
 *
 * Argument order, the same in every libpki call that names a file (pki_key_save(),
 * pki_key_import_file(), pki_p12_import_file()): the objects, then the file, then the
 * other inputs (name, password, iterations), then the flags.
 * @param key, cert, chain  as for pki_p12_export().
 * @param path   the file to write.
 * @param name, password  as for pki_p12_export().
 * @param flags  PKI_P12_LEGACY and/or PKI_WRITE_OVERWRITE; an existing file is otherwise
 *               refused (PKI_E_EXISTS).
 * @return as pki_p12_export(), plus PKI_E_EXISTS and PKI_E_IO.
 * @since 0.1
 */
PKI_API int pki_p12_save(const pki_key_t *key, const pki_cert_t *cert, const pki_chain_t *chain,
			 const char *path, const char *name, const char *password,
			 unsigned flags);

/**
 * pki_p12_save() with a chosen PBKDF2 iteration count (as pki_p12_export_v2()).
 * @param key, cert, chain, path, name, password  as for pki_p12_save().
 * @param iterations  as for pki_p12_export_v2(): 0 for the default.
 * @param flags       as for pki_p12_save().
 * @return as pki_p12_save(), plus the codes of pki_p12_export_v2().
 * @since 0.1
 */
PKI_API int pki_p12_save_v2(const pki_key_t *key, const pki_cert_t *cert,
			    const pki_chain_t *chain, const char *path, const char *name,
			    const char *password, unsigned iterations, unsigned flags);

/**
 * Read a PKCS#12 file (DER, or PEM with a "PKCS12" label) holding one private key: check its
 * MAC with @p password, decrypt it, and return the key, the certificate that belongs to the
 * key, and every other certificate.
 *
 * The work is bounded before it starts (PKI_P12_MAX_KDF_ITERATIONS, PKI_P12_MAX_SAFES,
 * PKI_P12_MAX_SAFE_BAGS): the parts are counted and the iterations of the MAC and of every
 * encrypted part added up first. Then the MAC is verified, before anything is decrypted;
 * when it does not verify, one decryption (of the first encrypted part) tells a wrong
 * password from a modified file, and nothing else is tried.
 *
 * Files written by libpki, `openssl pkcs12 -export` (default and -legacy, including RC2-40
 * certificate bags), `certtool --to-p12` and Java's keytool (RSA keys; see PKI_E_UNSUPPORTED
 * below for EC) are read. CRLs and secret bags are ignored. The certificate is chosen by its
 * public key, not by the localKeyId attribute, so mislabelled files still work.
 *
 * @param[out] key    the private key (pki_key_free); required.
 * @param[out] cert   the certificate whose public key is @p key's (pki_cert_free); required.
 * @param[out] chain  when not NULL: the other certificates in file order, possibly none
 *                    (pki_chain_free; an empty chain, never NULL, on success).
 * @param[out] name   when not NULL: the friendlyName of the key (or of its certificate) as
 *                    UTF-8 (pki_free), or NULL when the file has none.
 * @param data, size  the file's content.
 * @param password    the password; NULL for none: a file whose MAC (and encryption, if any)
 *                    is keyed by the absent password, as OpenSSL's PKCS12_create(NULL, ...)
 *                    and pyca's NoEncryption() write, or a file without MAC (only with
 *                    PKI_P12_ALLOW_NO_MAC).
 *                    "" is the empty password, tried as given (`openssl pkcs12 -passout
 *                    pass:` writes such files); it never means "no password". The same
 *                    rule as pki_key_import().
 * @param flags       0 or PKI_P12_ALLOW_NO_MAC.
 * @return 0; on failure every output is NULL and the code is:
 *         PKI_E_PASSWORD_REQUIRED (protected file, @p password NULL),
 *         PKI_E_BAD_PASSWORD (the MAC does not verify and the first encrypted part does
 *         not decrypt either),
 *         PKI_E_WEAK (the file has no MAC and PKI_P12_ALLOW_NO_MAC was not given),
 *         PKI_E_TOO_LARGE (above PKI_MAX_INPUT_SIZE bytes, or one of the bounds above),
 *         PKI_E_PARSE (not PKCS#12, truncated, or damaged or modified: the MAC does not
 *         verify although the password decrypts the content),
 *         PKI_E_NOT_FOUND (no private key, or no certificate for it),
 *         PKI_E_UNSUPPORTED (several private keys, unknown algorithms, or a key GnuTLS
 *         cannot decode although the MAC proves the password right: Java's EC keys,
 *         stored without their public point),
 *         PKI_E_INVALID_ARG, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_p12_import(pki_key_t **key, pki_cert_t **cert, pki_chain_t **chain, char **name,
			   const void *data, size_t size, const char *password, unsigned flags);

/**
 * pki_p12_import() on the content of the file @p path.
 * @param[out] key, cert, chain, name  as for pki_p12_import().
 * @param path      the file to read.
 * @param password  as for pki_p12_import().
 * @param flags     as for pki_p12_import().
 * @return as pki_p12_import(), plus PKI_E_IO.
 * @since 0.1
 */
PKI_API int pki_p12_import_file(pki_key_t **key, pki_cert_t **cert, pki_chain_t **chain,
				char **name, const char *path, const char *password,
				unsigned flags);

#ifdef __cplusplus
}
#endif
#endif /* PKI_PKCS12_H */
