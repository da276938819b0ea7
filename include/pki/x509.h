/*
 * libpki — certificate signing requests, certificates, chains and issuance.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PKI_X509_H
#define PKI_X509_H

#include <pki/common.h>
#include <pki/key.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A PKCS#10 certificate signing request. */
typedef struct pki_csr pki_csr_t;
/** An X.509 certificate. */
typedef struct pki_cert pki_cert_t;
/** An ordered list of certificates (a PEM bundle, a chain). */
typedef struct pki_chain pki_chain_t;
/** Issuance options: a profile plus validity, serial, extra names and extensions. */
typedef struct pki_issue_opts pki_issue_opts_t;
/** A distinguished name built attribute by attribute (pki_dn_new(), pki_dn_add()). */
typedef struct pki_dn pki_dn_t;

/** Subject Alternative Name types, as returned by pki_csr_san() and pki_cert_san(). */
typedef enum {
	PKI_SAN_DNS = 1,   /**< "DNS:registry.example.com" */
	PKI_SAN_IP = 2,    /**< "IP:10.0.0.5", "IP:2001:db8::1" */
	PKI_SAN_EMAIL = 3, /**< "email:admin@example.com" */
	PKI_SAN_URI = 4,   /**< "URI:https://example.com/" */
	PKI_SAN_OTHER = 5, /**< a type libpki does not render (otherName, dirName, ...) */
} pki_san_type_t;

/*
 * Names in the API:
 * - Distinguished names are RFC 4514 strings, most significant RDN last as RFC 4514 writes
 *   them: "CN=registry.example.com,O=Example Ltd,C=GB". Escapes (\, \+ \" \\ \< \> \; and \XX
 *   hex) and UTF-8 values are accepted; multi-valued RDNs use '+'. Attribute types: CN, C, L,
 *   ST, O, OU, STREET, DC, UID, serialNumber, emailAddress, title, GN, SN, initials, pseudonym,
 *   generationQualifier, dnQualifier, or a dotted OID.
 * - Subject alternative names are typed strings: "DNS:name", "IP:addr", "email:addr",
 *   "URI:uri" (type prefixes are case-insensitive).
 */

/**
 * Classify an untyped name as a SAN: an IPv4/IPv6 address gives "IP:...", a string with '@'
 * "email:...", one with "://" "URI:...", a host name (wildcards allowed as the left-most
 * label) "DNS:...". An already typed string is validated and returned normalised.
 * @param[out] out  the typed, NUL-terminated string, owned by the caller (pki_free); NULL on
 *                  failure.
 * @param name   the name, typed ("DNS:...") or not (NULL is PKI_E_INVALID_ARG).
 * @param flags  reserved, must be 0.
 * @return the pki_san_type_t (> 0), or PKI_E_INVALID_NAME (empty or malformed name),
 *         PKI_E_INVALID_ARG (NULL argument, non-zero flags), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_san_from_string(char **out, const char *name, unsigned flags);

/* ---------------------------------------------------------------------------------------- */
/* Distinguished names built attribute by attribute                                          */

/** Flags of pki_dn_add(). */
enum {
	/** Join the RDN of the attribute added before (a multi-valued RDN) instead of starting a
	 * new one. */
	PKI_DN_MULTI_VALUED = 1u << 0,
};

/**
 * A new, empty distinguished name, to fill with pki_dn_add() most significant RDN first (the
 * order of the DER Name and of the JSON subject_rdns: "C", then "O", then "CN"), and to give to
 * pki_csr_create_dn(), pki_issue_opts_set_subject_dn() or pki_dn_to_string() (whose RFC 4514
 * string any function taking a DN string accepts: pki_cert_self_sign(),
 * pki_cert_issue_for_key()). The values are encoded as the RFC 4514 parser encodes them: C,
 * serialNumber and dnQualifier as PrintableString, DC and emailAddress as IA5String, the
 * others as PrintableString when every character allows it, else UTF8String.
 * @param[out] out  the name, owned by the caller (pki_dn_free); NULL on failure.
 * @param flags     reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_dn_new(pki_dn_t **out, unsigned flags);

/**
 * Append one attribute to @p dn: a new RDN after the others, or, with PKI_DN_MULTI_VALUED, one
 * more attribute of the last RDN (its SET is written in DER order, whatever the order of the
 * calls). Nothing is added on failure.
 * @param dn     the name.
 * @param type   a short name or alias as in RFC 4514 strings (CN, C, L, ST, O, OU, STREET, DC,
 *               UID, serialNumber, emailAddress, title, GN, SN, initials, pseudonym,
 *               generationQualifier, dnQualifier; case-insensitive) or a dotted OID.
 * @param value  the value as UTF-8 text, not empty, taken as it is (no RFC 4514 escapes).
 * @param flags  0 or PKI_DN_MULTI_VALUED.
 * @return 0, or PKI_E_INVALID_NAME (unknown short name, malformed OID, empty value, invalid
 *         UTF-8, a value its type's string type cannot hold such as C other than two
 *         letters, a type twice in one RDN), PKI_E_TOO_LARGE (more than
 *         PKI_MAX_DN_ATTRIBUTES attributes, or the name as an RFC 4514 string longer than
 *         PKI_MAX_DN_LENGTH bytes), PKI_E_INVALID_ARG (NULL argument, unknown flag,
 *         PKI_DN_MULTI_VALUED on an empty name), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_dn_add(pki_dn_t *dn, const char *type, const char *value, unsigned flags);

/**
 * Number of attributes in @p dn, counting across RDNs.
 * @param dn  the name.
 * @return the count (>= 0), or PKI_E_INVALID_ARG (NULL @p dn).
 * @since 0.1
 */
PKI_API int pki_dn_count(const pki_dn_t *dn);

/**
 * The name as an RFC 4514 string (most significant RDN last, values escaped as needed), which
 * the DN parser reads back to the same attributes and encoding.
 * @param[out] out  the string (pki_free); "" for an empty name; NULL on failure.
 * @param dn        the name.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_dn_to_string(char **out, const pki_dn_t *dn);

/**
 * Free a name; NULL is fine.
 * @param dn  the name, or NULL.
 * @since 0.1
 */
PKI_API void pki_dn_free(pki_dn_t *dn);

/* ---------------------------------------------------------------------------------------- */
/* Certificate signing requests                                                              */

/**
 * Create a request for @p key's public key, with the subject @p subject (RFC 4514) and the
 * SANs in @p sans (a NULL-terminated array of typed strings, or NULL), signed by @p key:
 * SHA-256 for RSA and P-256, SHA-384 for P-384, SHA-512 for P-521, pure EdDSA for Ed25519/448.
 * @p subject may be "" when @p sans is not empty.
 * @param[out] out  the request, owned by the caller (pki_csr_free); NULL on failure.
 * @param key      the subject's key; must hold the private key (PKI_E_NO_PRIVATE_KEY).
 * @param subject  the subject DN (RFC 4514), at most PKI_MAX_DN_LENGTH bytes and
 *                 PKI_MAX_DN_ATTRIBUTES attributes (otherwise PKI_E_INVALID_NAME).
 * @param sans     NULL-terminated array of typed SAN strings, at most PKI_MAX_SANS of them, or
 *                 NULL for none.
 * @param flags  reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_INVALID_NAME, PKI_E_TOO_LARGE (more than
 *         PKI_MAX_SANS names), PKI_E_NO_PRIVATE_KEY, PKI_E_CRYPTO.
 * @since 0.1
 */
PKI_API int pki_csr_create(pki_csr_t **out, const pki_key_t *key, const char *subject,
			   const char *const *sans, unsigned flags);

/**
 * pki_csr_create() with a chosen signature: the hash, and RSASSA-PSS for an RSA key.
 * PSS signatures use MGF1 with the same hash and a salt as long as the hash (with parameters
 * in the signatureAlgorithm, RFC 4055); an RSA-PSS key always signs with PSS, and with the hash
 * its parameters name (another hash is PKI_E_INVALID_ARG). pki_csr_add_extension() signs the
 * request again with the same algorithm.
 * @param[out] out  the request, owned by the caller (pki_csr_free); NULL on failure.
 * @param key      the subject's key; must hold the private key (PKI_E_NO_PRIVATE_KEY).
 * @param subject  the subject DN, as for pki_csr_create().
 * @param sans     NULL-terminated array of typed SAN strings, or NULL (as pki_csr_create()).
 * @param hash     PKI_HASH_DEFAULT (the key's own, as pki_csr_create()) or
 *                 PKI_HASH_SHA256/384/512; must be PKI_HASH_DEFAULT for Ed25519 and Ed448.
 * @param flags    0 or PKI_SIGN_RSA_PSS (RSA and RSA-PSS keys only).
 * @return as pki_csr_create(), plus PKI_E_INVALID_ARG for an unknown hash or flag, a hash
 *         with EdDSA, PSS with a non-RSA key, or a hash an RSA-PSS key's parameters exclude.
 * @since 0.1
 */
PKI_API int pki_csr_create_v2(pki_csr_t **out, const pki_key_t *key, const char *subject,
			      const char *const *sans, pki_hash_t hash, unsigned flags);

/**
 * pki_csr_create_v2() with the subject built attribute by attribute.
 * @param[out] out  the request, owned by the caller (pki_csr_free); NULL on failure.
 * @param key      the subject's key; must hold the private key (PKI_E_NO_PRIVATE_KEY).
 * @param subject  the subject (pki_dn_new()); an empty one needs SANs, as "" does.
 * @param sans     NULL-terminated array of typed SAN strings, or NULL (as pki_csr_create()).
 * @param hash     as for pki_csr_create_v2().
 * @param flags    0 or PKI_SIGN_RSA_PSS (as pki_csr_create_v2()).
 * @return as pki_csr_create_v2().
 * @since 0.1
 */
PKI_API int pki_csr_create_dn(pki_csr_t **out, const pki_key_t *key, const pki_dn_t *subject,
			      const char *const *sans, pki_hash_t hash, unsigned flags);

/**
 * Parse a request, PEM ("CERTIFICATE REQUEST" or "NEW CERTIFICATE REQUEST") or DER. The
 * signature is not checked here (pki_csr_verify()).
 * @param[out] out  the request (pki_csr_free); NULL on failure.
 * @param data      the encoded request; libpki keeps no reference to it.
 * @param size      its length in bytes, 1..PKI_MAX_INPUT_SIZE.
 * @param flags     reserved, must be 0.
 * @return 0; PKI_E_UNSUPPORTED (an algorithm GnuTLS does not know),
 *         PKI_E_PARSE (not PEM/DER of that kind, truncated, trailing data, empty input),
 *         PKI_E_TOO_LARGE (more than PKI_MAX_INPUT_SIZE bytes; more than PKI_MAX_SANS names
 *         are not an import error, see PKI_MAX_SANS), PKI_E_INVALID_ARG (NULL
 *         @p out or @p data, non-zero flags), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_csr_import(pki_csr_t **out, const void *data, size_t size, unsigned flags);
/**
 * pki_csr_import() on the content of the file @p path (read with pki_file_read()).
 * @param[out] out  the request (pki_csr_free); NULL on failure.
 * @param path      the file to read.
 * @param flags     reserved, must be 0.
 * @return as pki_csr_import(), plus PKI_E_IO (unreadable file).
 * @since 0.1
 */
PKI_API int pki_csr_import_file(pki_csr_t **out, const char *path, unsigned flags);
/**
 * Encode a request as PEM or DER into @p out / @p size (pki_free); NULL/0 on failure.
 * @param[out] out, size  the encoding and its length, owned by the caller (pki_free).
 * @param csr     the request.
 * @param format  PKI_FORMAT_PEM or PKI_FORMAT_DER.
 * @param flags   reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG (NULL argument, unknown format, non-zero flags),
 *         PKI_E_CRYPTO, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_csr_export(unsigned char **out, size_t *size, const pki_csr_t *csr,
			   pki_format_t format, unsigned flags);
/**
 * Check the request's self-signature.
 * @param csr    the request.
 * @param flags  reserved, must be 0.
 * @return 0, or PKI_E_BAD_SIGNATURE, PKI_E_UNSUPPORTED (unknown signature algorithm),
 *         PKI_E_INVALID_ARG (NULL @p csr, non-zero flags).
 * @since 0.1
 */
PKI_API int pki_csr_verify(const pki_csr_t *csr, unsigned flags);
/**
 * The subject as an RFC 4514 string (pki_free); "" for an empty subject.
 * @param[out] out  the NUL-terminated string, owned by the caller (pki_free).
 * @param csr       the request.
 * @return 0, or PKI_E_INVALID_ARG (NULL argument), PKI_E_PARSE, PKI_E_NOMEM. @since 0.1
 */
PKI_API int pki_csr_subject(char **out, const pki_csr_t *csr);
/**
 * Number of SANs requested.
 * @param csr  the request.
 * @return the count (>= 0), or PKI_E_INVALID_ARG (NULL @p csr), PKI_E_PARSE.
 * @since 0.1
 */
PKI_API int pki_csr_san_count(const pki_csr_t *csr);
/**
 * The @p index-th requested SAN: its value without the type prefix in @p out (pki_free),
 * and its pki_san_type_t as the return value (> 0).
 * @param[out] out  the value, owned by the caller (pki_free); NULL on failure.
 * @param csr       the request.
 * @param index     0 .. pki_csr_san_count() - 1.
 * @return the type; PKI_E_NOT_FOUND past the end, PKI_E_INVALID_ARG, PKI_E_PARSE, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_csr_san(char **out, const pki_csr_t *csr, unsigned index);
/**
 * Every requested SAN in one call, as typed strings in their order: "DNS:name", "IP:addr",
 * "email:addr", "URI:uri", and "other:HEX" for a form libpki does not render. The names are
 * decoded once when the handle is made (at most 10,000 of them), so this is linear.
 * @param[out] out  a NULL-terminated array (pki_strings_free); an empty one when there are none.
 * @param csr       the request.
 * @param flags     reserved, must be 0.
 * @return the number of names (>= 0), or PKI_E_INVALID_ARG, PKI_E_PARSE (the extension does
 *         not decode), PKI_E_TOO_LARGE (over PKI_MAX_SANS names), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_csr_sans(char ***out, const pki_csr_t *csr, unsigned flags);
/**
 * The request's public key as a public-only key handle (pki_key_free); NULL on failure.
 * @param[out] out  the key, owned by the caller (pki_key_free).
 * @param csr       the request.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_UNSUPPORTED (a key type libpki does not handle),
 *         PKI_E_PARSE, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_csr_public_key(pki_key_t **out, const pki_csr_t *csr);
/**
 * Signature algorithm name, e.g. "ECDSA-SHA256", or the dotted OID of an unknown one.
 * @param[out] out  the name, owned by the caller (pki_free).
 * @param csr       the request.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_csr_signature_algorithm(char **out, const pki_csr_t *csr);
/**
 * JSON object: subject, dns_names, ip_addresses, emails, uris, public_key, signature_algorithm,
 * subject_key_id (SHA-1 of the public key, as libpki would write it), extensions (every
 * requested extension: {oid, critical, value as hex DER}).
 * @param[out] out  the NUL-terminated JSON text, owned by the caller (pki_free).
 * @param csr       the request.
 * @param flags     reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG (NULL argument, non-zero flags), PKI_E_PARSE, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_csr_to_json(char **out, const pki_csr_t *csr, unsigned flags);
/**
 * Human-readable multi-line description; control characters are escaped.
 * @param[out] out  the NUL-terminated text, owned by the caller (pki_free).
 * @param csr       the request.
 * @param flags     reserved, must be 0.
 * @return as pki_csr_to_json().
 * @since 0.1
 */
PKI_API int pki_csr_to_text(char **out, const pki_csr_t *csr, unsigned flags);
/**
 * Number of extensions the request asks for (its extensionRequest attribute).
 * @param csr  the request.
 * @return the count (>= 0), or PKI_E_INVALID_ARG (NULL @p csr).
 * @since 0.1
 */
PKI_API int pki_csr_extension_count(const pki_csr_t *csr);
/**
 * The @p index-th requested extension, in the request's order: its dotted OID in @p oid and
 * the DER it carries (the contents of extnValue) in @p value / @p size.
 * @param[out] oid          the OID, owned by the caller (pki_free); NULL on failure.
 * @param[out] value, size  the DER value and its length, owned by the caller (pki_free).
 * @param csr    the request.
 * @param index  0 .. pki_csr_extension_count() - 1.
 * @return 1 for a critical extension, 0 for a non-critical one; PKI_E_NOT_FOUND past the end,
 *         PKI_E_INVALID_ARG (NULL argument), PKI_E_PARSE, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_csr_extension(char **oid, unsigned char **value, size_t *size,
			      const pki_csr_t *csr, unsigned index);
/**
 * The requested extension @p oid (its first occurrence).
 * @param[out] value, size  the DER value and its length, owned by the caller (pki_free).
 * @param csr  the request.
 * @param oid  the extension's dotted OID, e.g. "2.5.29.17".
 * @return 1 critical, 0 not critical; PKI_E_NOT_FOUND when the request has no such extension,
 *         PKI_E_INVALID_ARG (NULL argument, not a dotted OID), PKI_E_PARSE, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_csr_extension_by_oid(unsigned char **value, size_t *size, const pki_csr_t *csr,
				     const char *oid);
/** Flags of pki_csr_add_extension() and pki_issue_opts_add_extension(). */
enum {
	/** Mark the extension critical: a relying party that does not know it must reject. */
	PKI_EXT_CRITICAL = 1u << 0,
};

/**
 * Add the extension @p oid with the DER value @p der to the request and sign it again with
 * @p key (the request's own key). On failure the request is left as it was.
 * subjectAltName is given to pki_csr_create() instead (PKI_E_INVALID_ARG here).
 * @param csr       the request.
 * @param key       the request's private key (PKI_E_KEY_MISMATCH for another key).
 * @param oid       the extension's dotted OID.
 * @param der       the extension value: exactly one DER element (tag, length, contents).
 * @param size      its length, 2..65536 bytes.
 * @param flags     0, or PKI_EXT_CRITICAL to mark the extension critical.
 * @return 0, or PKI_E_INVALID_ARG (NULL argument, bad OID, not one DER element, an extension
 *         the request already has, subjectAltName, unknown flags), PKI_E_KEY_MISMATCH,
 *         PKI_E_NO_PRIVATE_KEY, PKI_E_CRYPTO, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_csr_add_extension(pki_csr_t *csr, const pki_key_t *key, const char *oid,
				  const void *der, size_t size, unsigned flags);
/**
 * Free a request.
 * @param csr  the request, or NULL (nothing happens).
 * @since 0.1
 */
PKI_API void pki_csr_free(pki_csr_t *csr);

/* ---------------------------------------------------------------------------------------- */
/* Certificates                                                                              */

/** Key usage bits, as returned by pki_cert_key_usage(). */
enum {
	PKI_KU_DIGITAL_SIGNATURE = 1u << 0,
	PKI_KU_NON_REPUDIATION = 1u << 1,
	PKI_KU_KEY_ENCIPHERMENT = 1u << 2,
	PKI_KU_DATA_ENCIPHERMENT = 1u << 3,
	PKI_KU_KEY_AGREEMENT = 1u << 4,
	PKI_KU_KEY_CERT_SIGN = 1u << 5,
	PKI_KU_CRL_SIGN = 1u << 6,
	PKI_KU_ENCIPHER_ONLY = 1u << 7,
	PKI_KU_DECIPHER_ONLY = 1u << 8,
};

/** Extended key usage bits, as returned by pki_cert_ext_key_usage(). */
enum {
	PKI_EKU_SERVER_AUTH = 1u << 0, PKI_EKU_CLIENT_AUTH = 1u << 1,
	PKI_EKU_CODE_SIGNING = 1u << 2, PKI_EKU_EMAIL_PROTECTION = 1u << 3,
	PKI_EKU_TIME_STAMPING = 1u << 4, PKI_EKU_OCSP_SIGNING = 1u << 5,
	PKI_EKU_ANY = 1u << 6, /**< anyExtendedKeyUsage */
	PKI_EKU_OTHER = 1u << 7, /**< at least one purpose not listed above */
};

/**
 * Parse the first certificate in @p data (PEM "CERTIFICATE" or DER).
 * @param[out] out  the certificate (pki_cert_free); NULL on failure.
 * @param data      the encoded certificate; libpki keeps no reference to it.
 * @param size      its length in bytes, 1..PKI_MAX_INPUT_SIZE.
 * @param flags     reserved, must be 0.
 * @return 0; PKI_E_UNSUPPORTED (an OpenSSL "TRUSTED CERTIFICATE" block, an algorithm GnuTLS
 *         does not know),
 *         PKI_E_PARSE (not PEM/DER of that kind, truncated, trailing data, empty input),
 *         PKI_E_TOO_LARGE (more than PKI_MAX_INPUT_SIZE bytes; more than PKI_MAX_SANS names
 *         are not an import error, see PKI_MAX_SANS), PKI_E_INVALID_ARG (NULL
 *         @p out or @p data, non-zero flags), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_cert_import(pki_cert_t **out, const void *data, size_t size, unsigned flags);
/**
 * pki_cert_import() on the content of the file @p path (read with pki_file_read()).
 * @param[out] out  the certificate (pki_cert_free); NULL on failure.
 * @param path      the file to read, or a "pkcs11:" URI of a certificate on a token
 *                  (pki_cert_import_url()).
 * @param flags     reserved, must be 0.
 * @return as pki_cert_import(), plus PKI_E_IO (unreadable file).
 * @since 0.1
 */
PKI_API int pki_cert_import_file(pki_cert_t **out, const char *path, unsigned flags);
/**
 * Encode as PEM or DER into @p out / @p size (pki_free); NULL/0 on failure.
 * @param[out] out, size  the encoding and its length, owned by the caller (pki_free).
 * @param cert    the certificate.
 * @param format  PKI_FORMAT_PEM or PKI_FORMAT_DER.
 * @param flags   reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG (NULL argument, unknown format, non-zero flags),
 *         PKI_E_CRYPTO, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_cert_export(unsigned char **out, size_t *size, const pki_cert_t *cert,
			    pki_format_t format, unsigned flags);
/**
 * A new handle on the same certificate, independent of @p cert.
 * @param[out] out  the copy, owned by the caller (pki_cert_free); NULL on failure.
 * @param cert      the certificate.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_cert_dup(pki_cert_t **out, const pki_cert_t *cert);
/**
 * The subject as an RFC 4514 string; "" for an empty name.
 * @param[out] out  the NUL-terminated string, owned by the caller (pki_free).
 * @param cert      the certificate.
 * @return 0, or PKI_E_INVALID_ARG (NULL argument), PKI_E_PARSE, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_cert_subject(char **out, const pki_cert_t *cert);
/**
 * The issuer as an RFC 4514 string; "" for an empty name.
 * @param[out] out  the NUL-terminated string, owned by the caller (pki_free).
 * @param cert      the certificate.
 * @return 0, or PKI_E_INVALID_ARG (NULL argument), PKI_E_PARSE, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_cert_issuer(char **out, const pki_cert_t *cert);
/**
 * The @p index-th attribute of the subject, counting across RDNs in the Name's own order (the
 * most significant RDN first, C usually: the reverse of the RFC 4514 string), so that
 * multi-valued RDNs show as consecutive attributes with the same RDN number (in their encoded
 * order: an RDN is a SET, which DER sorts).
 * @param[out] type   the attribute type: its short name (CN, C, L, ST, O, OU, STREET, DC,
 *                    UID, serialNumber, emailAddress, title, GN, SN, initials, pseudonym,
 *                    generationQualifier, dnQualifier) or dotted OID (pki_free).
 * @param[out] value  the value as UTF-8 text, unescaped (UTF8String, PrintableString,
 *                    IA5String, VisibleString, BMPString), or "#" and the hex of the
 *                    contents for another string type (pki_free).
 * @param cert   the certificate.
 * @param index  0, 1, ... until PKI_E_NOT_FOUND.
 * @return the RDN number (>= 0, from 0); PKI_E_NOT_FOUND past the last attribute,
 *         PKI_E_INVALID_ARG (NULL argument), PKI_E_PARSE, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_cert_subject_attribute(char **type, char **value, const pki_cert_t *cert,
				       unsigned index);
/**
 * The @p index-th attribute of the issuer, as pki_cert_subject_attribute() gives the
 * subject's.
 * @param[out] type   the attribute's short name or dotted OID (pki_free).
 * @param[out] value  its value (pki_free).
 * @param cert   the certificate.
 * @param index  0, 1, ... until PKI_E_NOT_FOUND.
 * @return the RDN number (>= 0), or as pki_cert_subject_attribute().
 * @since 0.1
 */
PKI_API int pki_cert_issuer_attribute(char **type, char **value, const pki_cert_t *cert,
				      unsigned index);
/**
 * Serial number as lower-case hex, without leading zero bytes or separators.
 * @param[out] out  the NUL-terminated string, owned by the caller (pki_free).
 * @param cert      the certificate.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_PARSE, PKI_E_NOMEM. @since 0.1
 */
PKI_API int pki_cert_serial(char **out, const pki_cert_t *cert);
/**
 * notBefore / notAfter in seconds since the Unix epoch (UTC). Both out-pointers are
 * required (unlike pki_crl_validity(), whose pointers may be NULL); on failure they are left
 * unchanged.
 * @param[out] not_before, not_after  the validity period.
 * @param cert  the certificate.
 * @return 0, or PKI_E_INVALID_ARG (a NULL pointer), PKI_E_PARSE (a time GnuTLS cannot read).
 * @since 0.1
 */
PKI_API int pki_cert_validity(int64_t *not_before, int64_t *not_after, const pki_cert_t *cert);
/**
 * Number of subject alternative names.
 * @param cert  the certificate.
 * @return the count (>= 0), or PKI_E_INVALID_ARG (NULL @p cert), PKI_E_PARSE,
 *         PKI_E_TOO_LARGE (over PKI_MAX_SANS names).
 * @since 0.1
 */
PKI_API int pki_cert_san_count(const pki_cert_t *cert);
/**
 * As pki_csr_san(): value in @p out, type as return value, PKI_E_NOT_FOUND past the end.
 * @param[out] out  the value without its type prefix, owned by the caller (pki_free).
 * @param cert      the certificate.
 * @param index     0 .. pki_cert_san_count() - 1.
 * @return the pki_san_type_t (> 0), or as pki_csr_san().
 * @since 0.1
 */
PKI_API int pki_cert_san(char **out, const pki_cert_t *cert, unsigned index);
/**
 * Every SAN of the certificate in one call, as pki_csr_sans() gives them for a request.
 * @param[out] out  a NULL-terminated array (pki_strings_free).
 * @param cert      the certificate.
 * @param flags     reserved, must be 0.
 * @return the number of names (>= 0), or as pki_csr_sans().
 * @since 0.1
 */
PKI_API int pki_cert_sans(char ***out, const pki_cert_t *cert, unsigned flags);
/**
 * Whether the certificate is a CA certificate.
 * @param cert  the certificate.
 * @return true for a certificate with basicConstraints CA:TRUE; false otherwise, and for a
 *         NULL @p cert (which sets the error detail).
 * @since 0.1
 */
PKI_API bool pki_cert_is_ca(const pki_cert_t *cert);
/**
 * The basicConstraints pathLenConstraint.
 * @param cert  the certificate.
 * @return the constraint (>= 0), or PKI_E_NOT_FOUND when there is none (or not a CA),
 *         PKI_E_INVALID_ARG, PKI_E_PARSE.
 * @since 0.1
 */
PKI_API int pki_cert_path_len(const pki_cert_t *cert);
/**
 * The key usage extension.
 * @param cert  the certificate.
 * @return PKI_KU_* bits (>= 0); PKI_E_NOT_FOUND when the extension is absent,
 *         PKI_E_INVALID_ARG, PKI_E_PARSE.
 * @since 0.1
 */
PKI_API int pki_cert_key_usage(const pki_cert_t *cert);
/**
 * The extended key usage extension.
 * @param cert  the certificate.
 * @return PKI_EKU_* bits (>= 0); PKI_E_NOT_FOUND when the extension is absent,
 *         PKI_E_INVALID_ARG, PKI_E_PARSE.
 * @since 0.1
 */
PKI_API int pki_cert_ext_key_usage(const pki_cert_t *cert);
/**
 * The subject key identifier as lower-case hex.
 * @param[out] out  the NUL-terminated string, owned by the caller (pki_free); NULL on failure.
 * @param cert      the certificate.
 * @return 0; PKI_E_NOT_FOUND when the extension is absent, PKI_E_INVALID_ARG, PKI_E_PARSE,
 *         PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_cert_subject_key_id(char **out, const pki_cert_t *cert);
/**
 * The key identifier of the authority key identifier extension as lower-case hex.
 * @param[out] out  the NUL-terminated string, owned by the caller (pki_free); NULL on failure.
 * @param cert      the certificate.
 * @return 0; PKI_E_NOT_FOUND when the extension is absent or has no keyIdentifier (an AKI
 *         naming the issuer by name and serial only), PKI_E_INVALID_ARG, PKI_E_PARSE,
 *         PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_cert_authority_key_id(char **out, const pki_cert_t *cert);
/**
 * Signature algorithm name, e.g. "ECDSA-SHA256", or the dotted OID of an unknown one.
 * @param[out] out  the name, owned by the caller (pki_free).
 * @param cert      the certificate.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_cert_signature_algorithm(char **out, const pki_cert_t *cert);
/**
 * The certificate's public key as a public-only key handle (pki_key_free); NULL on failure.
 * @param[out] out  the key, owned by the caller (pki_key_free).
 * @param cert      the certificate.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_UNSUPPORTED (a key type libpki does not handle),
 *         PKI_E_PARSE, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_cert_public_key(pki_key_t **out, const pki_cert_t *cert);
/**
 * Number of extensions of the certificate.
 * @param cert  the certificate.
 * @return the count (>= 0), or PKI_E_INVALID_ARG (NULL @p cert).
 * @since 0.1
 */
PKI_API int pki_cert_extension_count(const pki_cert_t *cert);
/**
 * The @p index-th extension, in the certificate's order: its dotted OID in @p oid and the
 * DER it carries (the contents of extnValue) in @p value / @p size.
 * @param[out] oid          the OID, owned by the caller (pki_free); NULL on failure.
 * @param[out] value, size  the DER value and its length, owned by the caller (pki_free).
 * @param cert   the certificate.
 * @param index  0 .. pki_cert_extension_count() - 1.
 * @return 1 for a critical extension, 0 for a non-critical one; PKI_E_NOT_FOUND past the
 *         end, PKI_E_INVALID_ARG (NULL argument), PKI_E_PARSE, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_cert_extension(char **oid, unsigned char **value, size_t *size,
			       const pki_cert_t *cert, unsigned index);
/**
 * The extension @p oid (its first occurrence).
 * @param[out] value, size  the DER value and its length, owned by the caller (pki_free).
 * @param cert  the certificate.
 * @param oid   the extension's dotted OID, e.g. "1.3.6.1.5.5.7.1.1".
 * @return 1 critical, 0 not critical; PKI_E_NOT_FOUND when the certificate has no such
 *         extension, PKI_E_INVALID_ARG (NULL argument, not a dotted OID), PKI_E_PARSE,
 *         PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_cert_extension_by_oid(unsigned char **value, size_t *size,
				      const pki_cert_t *cert, const char *oid);
/**
 * Authority information access: the OCSP responders (accessMethod id-ad-ocsp), as typed
 * names ("URI:http://ocsp.example.com", pki_cert_sans() forms).
 * @param[out] out  a NULL-terminated array (pki_strings_free); empty without any.
 * @param cert   the certificate.
 * @param flags  reserved, must be 0.
 * @return the number of names (>= 0, 0 also without the extension), or PKI_E_INVALID_ARG,
 *         PKI_E_PARSE (the extension does not decode), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_cert_ocsp_urls(char ***out, const pki_cert_t *cert, unsigned flags);
/**
 * Authority information access: the caIssuers locations (id-ad-caIssuers), as typed names.
 * @param[out] out  a NULL-terminated array (pki_strings_free); empty without any.
 * @param cert   the certificate.
 * @param flags  reserved, must be 0.
 * @return as pki_cert_ocsp_urls().
 * @since 0.1
 */
PKI_API int pki_cert_ca_issuers_urls(char ***out, const pki_cert_t *cert, unsigned flags);
/**
 * CRL distribution points: the full names of every point, as typed names
 * ("URI:http://crl.example.com/ca.crl"); a point given by its CRL issuer or a name relative
 * to the issuer is not listed (the extension itself stays readable with
 * pki_cert_extension_by_oid()).
 * @param[out] out  a NULL-terminated array (pki_strings_free); empty without any.
 * @param cert   the certificate.
 * @param flags  reserved, must be 0.
 * @return as pki_cert_ocsp_urls().
 * @since 0.1
 */
PKI_API int pki_cert_crl_urls(char ***out, const pki_cert_t *cert, unsigned flags);
/**
 * The two lists of a name constraints extension (RFC 5280 4.2.1.10). 0 is neither, so a
 * caller still passing the old bool `false` is refused rather than read as one of them.
 */
typedef enum {
	PKI_NC_PERMITTED = 1, /**< permittedSubtrees: names must fall inside one of them */
	PKI_NC_EXCLUDED = 2,  /**< excludedSubtrees: names must fall inside none of them */
} pki_name_constraint_t;

/**
 * Name constraints: the permitted (or excluded) subtrees in the forms
 * pki_issue_opts_add_name_constraint() takes ("DNS:.internal", "IP:10.0.0.0/8",
 * "email:example.com", "URI:host"), "dirName:RFC4514" for a directory name, "other:HEX" for
 * any other form.
 * @param[out] out  a NULL-terminated array (pki_strings_free).
 * @param cert       the certificate.
 * @param which      PKI_NC_PERMITTED or PKI_NC_EXCLUDED: the list to read.
 * @param flags      reserved, must be 0.
 * @return the number of subtrees (>= 0); PKI_E_NOT_FOUND without the extension,
 *         PKI_E_INVALID_ARG (NULL argument, @p which not one of the two, non-zero flags),
 *         PKI_E_PARSE, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_cert_name_constraints(char ***out, const pki_cert_t *cert,
				      pki_name_constraint_t which, unsigned flags);
/**
 * Certificate policies: the policy OIDs in the certificate's order ("2.5.29.32.0" is
 * anyPolicy).
 * @param[out] out  a NULL-terminated array of dotted OIDs (pki_strings_free).
 * @param cert   the certificate.
 * @param flags  reserved, must be 0.
 * @return the number of policies (>= 1); PKI_E_NOT_FOUND without the extension,
 *         PKI_E_INVALID_ARG, PKI_E_PARSE, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_cert_policies(char ***out, const pki_cert_t *cert, unsigned flags);
/**
 * The qualifiers of the policy @p policy: "CPS:URI" for a CPS pointer, "notice:TEXT" for a
 * user notice's explicit text ("notice:" when it has none), "other:OID" for another kind.
 * @param[out] out  a NULL-terminated array (pki_strings_free); empty without qualifiers.
 * @param cert    the certificate.
 * @param policy  the policy's dotted OID.
 * @param flags   reserved, must be 0.
 * @return the number of qualifiers (>= 0); PKI_E_NOT_FOUND when the certificate has no such
 *         policy (or no policies), PKI_E_INVALID_ARG, PKI_E_PARSE (also for a qualifier
 *         holding a NUL byte), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_cert_policy_qualifiers(char ***out, const pki_cert_t *cert, const char *policy,
				       unsigned flags);
/**
 * Policy mappings, as "ISSUER_POLICY:SUBJECT_POLICY" (dotted OIDs, openssl's notation).
 * @param[out] out  a NULL-terminated array (pki_strings_free).
 * @param cert   the certificate.
 * @param flags  reserved, must be 0.
 * @return the number of mappings (>= 1); PKI_E_NOT_FOUND without the extension,
 *         PKI_E_INVALID_ARG, PKI_E_PARSE, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_cert_policy_mappings(char ***out, const pki_cert_t *cert, unsigned flags);
/**
 * The policyConstraints extension's requireExplicitPolicy (SkipCerts).
 * @param cert  the certificate.
 * @return the value (>= 0); PKI_E_NOT_FOUND without the extension or without this field
 *         (each field of the extension is optional), PKI_E_INVALID_ARG, PKI_E_PARSE (also: a
 *         value above INT_MAX).
 * @since 0.1
 */
PKI_API int pki_cert_require_explicit_policy(const pki_cert_t *cert);
/**
 * The policyConstraints extension's inhibitPolicyMapping (SkipCerts).
 * @param cert  the certificate.
 * @return as pki_cert_require_explicit_policy().
 * @since 0.1
 */
PKI_API int pki_cert_inhibit_policy_mapping(const pki_cert_t *cert);
/**
 * The inhibitAnyPolicy extension's SkipCerts.
 * @param cert  the certificate.
 * @return the value (>= 0); PKI_E_NOT_FOUND without the extension, PKI_E_INVALID_ARG,
 *         PKI_E_PARSE (also: a value above INT_MAX).
 * @since 0.1
 */
PKI_API int pki_cert_inhibit_any_policy(const pki_cert_t *cert);
/**
 * SHA-256 of the DER certificate as lower-case hex without separators.
 * @param[out] out  the NUL-terminated string, owned by the caller (pki_free).
 * @param cert   the certificate.
 * @param flags  reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_CRYPTO, PKI_E_NOMEM. @since 0.1
 */
PKI_API int pki_cert_fingerprint(char **out, const pki_cert_t *cert, unsigned flags);
/**
 * Whether @p key belongs to the certificate.
 * @param cert  the certificate.
 * @param key   a private or public-only key.
 * @return true when @p key has the certificate's public key; false otherwise, and for a NULL
 *         argument (which sets the error detail).
 * @since 0.1
 */
PKI_API bool pki_cert_matches_key(const pki_cert_t *cert, const pki_key_t *key);
/**
 * JSON object with: subject, issuer, serial, not_before, not_after (RFC 3339 UTC), dns_names,
 * ip_addresses, emails, uris, is_ca, path_len (null when none), key_usage, extended_key_usage
 * (arrays of names), public_key {type, bits, curve}, signature_algorithm, fingerprint_sha256,
 * subject_key_id, authority_key_id (null when absent), extensions (every extension:
 * {oid, critical, value as hex DER}), ocsp_urls, ca_issuers_urls, crl_urls (typed names),
 * policies, policy_mappings (arrays), name_constraints ({permitted, excluded}),
 * policy_constraints ({require_explicit_policy, inhibit_policy_mapping}, null for an absent
 * field), inhibit_any_policy (null when absent; an extension that does not decode is null),
 * subject_rdns and issuer_rdns (one array of {type, value} per RDN, most significant first).
 * @param[out] out  the NUL-terminated JSON text, owned by the caller (pki_free).
 * @param cert      the certificate.
 * @param flags     reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG (NULL argument, non-zero flags), PKI_E_PARSE, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_cert_to_json(char **out, const pki_cert_t *cert, unsigned flags);
/**
 * Human-readable multi-line description in the spirit of `openssl x509 -text`; control
 * characters are escaped.
 * @param[out] out  the NUL-terminated text, owned by the caller (pki_free).
 * @param cert      the certificate.
 * @param flags     reserved, must be 0.
 * @return as pki_cert_to_json().
 * @since 0.1
 */
PKI_API int pki_cert_to_text(char **out, const pki_cert_t *cert, unsigned flags);
/**
 * Free a certificate.
 * @param cert  the certificate, or NULL (nothing happens).
 * @since 0.1
 */
PKI_API void pki_cert_free(pki_cert_t *cert);

/* ---------------------------------------------------------------------------------------- */
/* Chains and bundles                                                                        */

/**
 * An empty chain, to fill with pki_chain_add().
 * @param[out] out  the chain, owned by the caller (pki_chain_free); NULL on failure.
 * @param flags     reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG (NULL @p out, non-zero flags), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_chain_new(pki_chain_t **out, unsigned flags);
/**
 * Parse every certificate of a PEM bundle, one DER certificate, or a PKCS#7 bundle (.p7b /
 * .p7c: a SignedData as `openssl crl2pkcs7` and Windows write them, PEM "PKCS7" or DER; its
 * certificates in their order, signatures and CRLs ignored); at least one is needed.
 * @param[out] out  the chain (pki_chain_free); NULL on failure.
 * @param data      the PEM bundle or DER certificate; libpki keeps no reference to it.
 * @param size      its length in bytes, 1..PKI_MAX_INPUT_SIZE.
 * @param flags     reserved, must be 0.
 * @return 0; PKI_E_TOO_LARGE (more than PKI_MAX_INPUT_SIZE bytes, or more than
 *         PKI_MAX_CHAIN_CERTS certificates),
 *         PKI_E_UNSUPPORTED, PKI_E_PARSE (any certificate that does not parse, no
 *         certificate), PKI_E_INVALID_ARG, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_chain_import(pki_chain_t **out, const void *data, size_t size, unsigned flags);
/**
 * pki_chain_import() on the content of the file @p path (read with pki_file_read()).
 * @param[out] out  the chain (pki_chain_free); NULL on failure.
 * @param path      the file to read, or a "pkcs11:" URI of a certificate on a token (a
 *                  chain of one).
 * @param flags     reserved, must be 0.
 * @return as pki_chain_import(), plus PKI_E_IO (unreadable file).
 * @since 0.1
 */
PKI_API int pki_chain_import_file(pki_chain_t **out, const char *path, unsigned flags);
/**
 * Append a copy of @p cert (the caller keeps @p cert and frees it as before).
 * @param chain  the chain.
 * @param cert   the certificate to copy.
 * @param flags  reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG (NULL argument, non-zero flags), PKI_E_TOO_LARGE (the
 *         chain holds PKI_MAX_CHAIN_CERTS already), PKI_E_NOMEM. @since 0.1
 */
PKI_API int pki_chain_add(pki_chain_t *chain, const pki_cert_t *cert, unsigned flags);
/**
 * Number of certificates in a chain.
 * @param chain  the chain.
 * @return the count (>= 0), or PKI_E_INVALID_ARG for a NULL chain.
 * @since 0.1
 */
PKI_API int pki_chain_count(const pki_chain_t *chain);
/**
 * The @p index-th certificate, lent: owned by the chain, valid until the chain is freed.
 * @param chain  the chain.
 * @param index  0 .. pki_chain_count() - 1.
 * @return the certificate; NULL past the end or for a NULL chain, with the error detail
 *         set.
 * @since 0.1
 */
PKI_API const pki_cert_t *pki_chain_get(const pki_chain_t *chain, unsigned index);
/**
 * All certificates as concatenated PEM (the only format a bundle has).
 * @param[out] out, size  the PEM text and its length, owned by the caller (pki_free).
 * @param chain  the chain.
 * @param flags  reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG (NULL argument, non-zero flags), PKI_E_NOT_FOUND (an
 *         empty chain), PKI_E_CRYPTO, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_chain_export(unsigned char **out, size_t *size, const pki_chain_t *chain,
			     unsigned flags);
/**
 * All certificates as a PKCS#7 bundle (a SignedData without signers, as `openssl crl2pkcs7
 * -nocrl` writes): PEM ("-----BEGIN PKCS7-----") or DER, for .p7b / .p7c files. The
 * certificates are a DER SET OF, so GnuTLS writes them sorted by encoding, not in the chain's
 * order (a SET has none; readers find the path themselves).
 * @param[out] out, size  the encoding and its length, owned by the caller (pki_free).
 * @param chain   the chain.
 * @param format  PKI_FORMAT_PEM or PKI_FORMAT_DER.
 * @param flags   reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG (NULL argument, unknown format, non-zero flags),
 *         PKI_E_NOT_FOUND (an empty chain), PKI_E_CRYPTO, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_chain_export_pkcs7(unsigned char **out, size_t *size, const pki_chain_t *chain,
				   pki_format_t format, unsigned flags);
/**
 * Free a chain and its certificates (those lent by pki_chain_get() become invalid).
 * @param chain  the chain, or NULL (nothing happens).
 * @since 0.1
 */
PKI_API void pki_chain_free(pki_chain_t *chain);

/* ---------------------------------------------------------------------------------------- */
/* Issuance                                                                                  */

/** Issuance profiles. */
typedef enum {
	PKI_PROFILE_SERVER = 1,        /**< EKU serverAuth; digitalSignature (+keyEncipherment for RSA) */
	PKI_PROFILE_CLIENT = 2,        /**< EKU clientAuth; digitalSignature */
	PKI_PROFILE_SERVER_CLIENT = 3, /**< both EKUs */
	PKI_PROFILE_CA = 4,            /**< root: CA:TRUE (critical), keyCertSign, cRLSign */
	PKI_PROFILE_INTERMEDIATE = 5,  /**< CA:TRUE with a path length (default 0) */
	PKI_PROFILE_CODE_SIGNING = 6,  /**< EKU codeSigning; digitalSignature */
	/** S/MIME: EKU emailProtection; digitalSignature, plus keyEncipherment for RSA and
	 * keyAgreement for ECDH-capable (P-256/384/521) keys; needs an email SAN */
	PKI_PROFILE_EMAIL = 7,
	PKI_PROFILE_OCSP_SIGNING = 8,  /**< EKU OCSPSigning; digitalSignature */
	/** RFC 3161 time-stamping authority: EKU timeStamping alone, critical; digitalSignature */
	PKI_PROFILE_TIMESTAMPING = 9,
} pki_profile_t;

/**
 * Parse "server", "client", "server-client", "ca", "intermediate", "code-signing", "email",
 * "ocsp-signing", "timestamping".
 * @param name  the profile name.
 * @return the pki_profile_t (> 0), or PKI_E_INVALID_ARG (NULL or unknown name).
 * @since 0.1
 */
PKI_API int pki_profile_from_name(const char *name);

/** Default validity: server/client certificates 397 days, CAs 3650 days. */
#define PKI_DEFAULT_LEAF_DAYS 397
#define PKI_DEFAULT_CA_DAYS 3650
/**
 * notBefore is set this many seconds in the past to absorb clock skew between machines: a
 * peer whose clock runs a few minutes behind would otherwise see a certificate issued just now
 * as "not yet valid". notAfter counts from that backdated instant, so a certificate of N days
 * is valid for exactly N days (397 stays within the CA/Browser Forum's 398-day limit).
 */
#define PKI_CLOCK_SKEW_SECONDS 300

/**
 * Most entries in each list of issuance options (SANs, name constraints, URLs of each kind,
 * extensions, extended key usages, policies, policy mappings) and most SANs in an issued
 * certificate (the request's and the options' together, duplicates written once): one more
 * is PKI_E_TOO_LARGE, the code of every bound libpki enforces (common.h).
 */
#define PKI_ISSUE_MAX_ENTRIES 1024u

/**
 * New options for @p profile, with its defaults.
 * @param[out] out  the options, owned by the caller (pki_issue_opts_free); NULL on failure.
 * @param profile   a pki_profile_t.
 * @param flags     reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG (unknown profile, NULL @p out, flags), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_issue_opts_new(pki_issue_opts_t **out, pki_profile_t profile, unsigned flags);
/**
 * Validity of @p days days (1..36500): notBefore = now - PKI_CLOCK_SKEW_SECONDS, notAfter =
 * notBefore + @p days days, counted from the issuing call. The last of set_days/set_validity
 * wins.
 * @param opts  the options.
 * @param days  1..36500.
 * @return 0, or PKI_E_INVALID_ARG (NULL @p opts, @p days out of range).
 * @since 0.1
 */
PKI_API int pki_issue_opts_set_days(pki_issue_opts_t *opts, unsigned days);
/**
 * Explicit validity, Unix seconds, 0 <= @p not_before < @p not_after <= 9999-12-31T23:59:59Z.
 * @param opts        the options.
 * @param not_before  start of the validity period.
 * @param not_after   its end.
 * @return 0, or PKI_E_VALIDITY (outside that range or not_before >= not_after),
 *         PKI_E_INVALID_ARG (NULL @p opts). @since 0.1
 */
PKI_API int pki_issue_opts_set_validity(pki_issue_opts_t *opts, int64_t not_before,
					int64_t not_after);
/**
 * Serial number as hex (positive, at most 20 bytes as a DER INTEGER; an optional "0x" prefix
 * and ':' between bytes are accepted). Default: 16 random bytes from a CSPRNG with the top bit
 * cleared and a non-zero first byte (so positive, always 16 bytes long).
 * @param opts  the options.
 * @param hex   the serial number in hex.
 * @return 0, or PKI_E_INVALID_ARG (NULL, not hex, zero, longer than 20 bytes).
 * @since 0.1
 */
PKI_API int pki_issue_opts_set_serial(pki_issue_opts_t *opts, const char *hex);
/**
 * pathLenConstraint for CA profiles (the intermediate profile has 0, the CA profile none).
 * @param opts      the options.
 * @param path_len  the constraint, 0..INT_MAX.
 * @return 0, or PKI_E_INVALID_ARG (NULL @p opts, a leaf profile, above INT_MAX).
 * @since 0.1
 */
PKI_API int pki_issue_opts_set_path_len(pki_issue_opts_t *opts, unsigned path_len);
/**
 * No pathLenConstraint (CA profiles): removes the intermediate profile's default of 0, or
 * one set by pki_issue_opts_set_path_len().
 * @param opts  the options.
 * @return 0, or PKI_E_INVALID_ARG (NULL @p opts, a leaf profile).
 * @since 0.1
 */
PKI_API int pki_issue_opts_clear_path_len(pki_issue_opts_t *opts);
/**
 * Replace the subject taken from the request or given to the issuing call.
 * @param opts     the options.
 * @param subject  the subject DN (RFC 4514); copied. At most PKI_MAX_DN_LENGTH bytes and
 *                 PKI_MAX_DN_ATTRIBUTES attributes.
 * @return 0, or PKI_E_INVALID_NAME (malformed, or over those bounds), PKI_E_INVALID_ARG,
 *         PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_issue_opts_set_subject(pki_issue_opts_t *opts, const char *subject);
/**
 * pki_issue_opts_set_subject() with a subject built attribute by attribute (a copy is kept:
 * @p subject may be freed or changed afterwards). A CA certificate issued so names the CRLs it
 * signs the same way: a CRL's issuer is the CA certificate's subject, copied as encoded.
 * @param opts     the options.
 * @param subject  the subject (pki_dn_new()).
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_issue_opts_set_subject_dn(pki_issue_opts_t *opts, const pki_dn_t *subject);
/**
 * Add a SAN to those of the request; duplicates are written once.
 * @param opts  the options.
 * @param san   a typed SAN string ("DNS:name", "IP:addr", "email:addr", "URI:uri"); copied.
 * @return 0, or PKI_E_INVALID_NAME, PKI_E_INVALID_ARG, PKI_E_TOO_LARGE (past
 *         PKI_ISSUE_MAX_ENTRIES), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_issue_opts_add_san(pki_issue_opts_t *opts, const char *san);
/**
 * Add a name constraint (CA profiles): "DNS:.internal", "DNS:example.com", "IP:10.0.0.0/8",
 * "IP:fd00::/8", "email:example.com".
 * @param opts        the options.
 * @param constraint  the typed constraint; copied.
 * @param which       PKI_NC_PERMITTED or PKI_NC_EXCLUDED: the subtree list it joins.
 * @return 0, or PKI_E_INVALID_NAME, PKI_E_INVALID_ARG (NULL argument, @p which not one of
 *         the two, not a CA profile), PKI_E_TOO_LARGE (past PKI_ISSUE_MAX_ENTRIES),
 *         PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_issue_opts_add_name_constraint(pki_issue_opts_t *opts, const char *constraint,
					       pki_name_constraint_t which);
/**
 * Add a CRL distribution point URL.
 * @param opts  the options.
 * @param url   the URL; copied.
 * @return 0, or PKI_E_INVALID_NAME (not a URI), PKI_E_INVALID_ARG, PKI_E_TOO_LARGE (past
 *         PKI_ISSUE_MAX_ENTRIES), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_issue_opts_add_crl_url(pki_issue_opts_t *opts, const char *url);
/**
 * Authority information access: add an OCSP responder URL.
 * @param opts  the options.
 * @param url   the URL; copied.
 * @return as pki_issue_opts_add_crl_url().
 * @since 0.1
 */
PKI_API int pki_issue_opts_add_ocsp_url(pki_issue_opts_t *opts, const char *url);
/**
 * Authority information access: add a caIssuers URL.
 * @param opts  the options.
 * @param url   the URL; copied.
 * @return as pki_issue_opts_add_crl_url().
 * @since 0.1
 */
PKI_API int pki_issue_opts_add_ca_issuers_url(pki_issue_opts_t *opts, const char *url);
/**
 * Add an extension of any kind to the certificates made with these options, written as
 * given, after those of the profile and the other options. An extension libpki writes itself
 * for this certificate (from the profile or another option) makes the issuance fail with
 * PKI_E_INVALID_ARG rather than appear twice.
 * @param opts      the options.
 * @param oid       the extension's dotted OID; at most once per options.
 * @param der       the extension value: exactly one DER element (tag, length, contents); copied.
 * @param size      its length, 2..65536 bytes.
 * @param flags     0, or PKI_EXT_CRITICAL to mark the extension critical.
 * @return 0, or PKI_E_INVALID_ARG (NULL argument, bad OID, an OID given twice, not one DER
 *         element, unknown flags), PKI_E_TOO_LARGE (past PKI_ISSUE_MAX_ENTRIES), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_issue_opts_add_extension(pki_issue_opts_t *opts, const char *oid,
					 const void *der, size_t size, unsigned flags);
/**
 * Copy the extensions a request asks for (other than subjectAltName, which is always
 * copied). Off by default. Even when on, the extensions that give the certificate its
 * authority are never taken from a request: basicConstraints, keyUsage, extendedKeyUsage,
 * subject and authority key identifiers, name constraints, policy mappings, policy
 * constraints and inhibitAnyPolicy are skipped; one libpki writes from the options wins over
 * the request's.
 * @param opts  the options.
 * @param copy  true to copy them, false (the default) to ignore them.
 * @return 0, or PKI_E_INVALID_ARG (NULL @p opts).
 * @since 0.1
 */
PKI_API int pki_issue_opts_set_copy_extensions(pki_issue_opts_t *opts, bool copy);
/**
 * The key usage bit of a name: "digitalSignature", "nonRepudiation" (or "contentCommitment"),
 * "keyEncipherment", "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign",
 * "encipherOnly", "decipherOnly" (case-insensitive).
 * @param name  the name.
 * @return the PKI_KU_* bit (> 0), or PKI_E_INVALID_ARG (NULL or unknown name).
 * @since 0.1
 */
PKI_API int pki_key_usage_from_name(const char *name);
/**
 * Replace the profile's key usage (written critical) by @p usage. Combinations that
 * contradict the certificate are refused at issuance with PKI_E_USAGE: keyCertSign without a
 * CA profile, a CA profile without keyCertSign, keyEncipherment or dataEncipherment for a key
 * that cannot encrypt (EC, EdDSA), keyAgreement for one that cannot agree keys (RSA, EdDSA),
 * encipherOnly or decipherOnly without keyAgreement.
 * @param opts   the options.
 * @param usage  PKI_KU_* bits, not 0.
 * @return 0, or PKI_E_INVALID_ARG (NULL @p opts, 0 or unknown bits).
 * @since 0.1
 */
PKI_API int pki_issue_opts_set_key_usage(pki_issue_opts_t *opts, unsigned usage);
/**
 * Add an extended key usage; the first call replaces the profile's purposes with the ones
 * given. The timestamping profile allows timeStamping alone (PKI_E_USAGE at issuance).
 * @param opts     the options.
 * @param purpose  "serverAuth", "clientAuth", "codeSigning", "emailProtection",
 *                 "timeStamping", "OCSPSigning", "anyExtendedKeyUsage" (case-insensitive) or
 *                 a dotted OID; duplicates are written once.
 * @return 0, or PKI_E_INVALID_ARG (NULL argument, unknown name, bad OID), PKI_E_TOO_LARGE
 *         (past PKI_ISSUE_MAX_ENTRIES), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_issue_opts_add_ext_key_usage(pki_issue_opts_t *opts, const char *purpose);
/**
 * The signature of the certificates made with these options: the hash, and RSA-PSS instead
 * of PKCS#1 v1.5 for an RSA CA key (RFC 4055: MGF1 with the same hash, a salt as long as the
 * hash, as `openssl x509 -sigopt rsa_padding_mode:pss` writes). Checked against the CA key at
 * issuance: a hash with an EdDSA key or PSS with a non-RSA key is PKI_E_INVALID_ARG.
 * @param opts   the options.
 * @param hash   PKI_HASH_DEFAULT (the key's own: SHA-256 for RSA and P-256, SHA-384 for
 *               P-384, SHA-512 for P-521), PKI_HASH_SHA256, PKI_HASH_SHA384 or PKI_HASH_SHA512.
 * @param flags  0 or PKI_SIGN_RSA_PSS.
 * @return 0, or PKI_E_INVALID_ARG (NULL @p opts, unknown hash or flags).
 * @since 0.1
 */
PKI_API int pki_issue_opts_set_signature(pki_issue_opts_t *opts, pki_hash_t hash,
					 unsigned flags);
/**
 * Add a certificate policy (certificatePolicies, non-critical), with an optional CPS pointer
 * and user notice; any profile. "2.5.29.32.0" is anyPolicy.
 * @param opts     the options.
 * @param oid      the policy's dotted OID; at most once per options.
 * @param cps_uri  a CPS URI qualifier, or NULL.
 * @param notice   a user notice's explicit text (1..200 characters), or NULL.
 * @return 0, or PKI_E_INVALID_ARG (NULL @p opts or @p oid, bad or repeated OID, bad notice),
 *         PKI_E_INVALID_NAME (a CPS that is not a URI), PKI_E_TOO_LARGE (past
 *         PKI_ISSUE_MAX_ENTRIES), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_issue_opts_add_policy(pki_issue_opts_t *opts, const char *oid,
				      const char *cps_uri, const char *notice);
/**
 * Add a policy mapping (CA profiles; written critical, as RFC 5280 4.2.1.5 recommends).
 * @param opts            the options.
 * @param issuer_policy   the issuer's domain policy (dotted OID, not anyPolicy).
 * @param subject_policy  the equivalent subject domain policy (not anyPolicy).
 * @return 0, or PKI_E_INVALID_ARG (NULL argument, a leaf profile, bad OID, anyPolicy),
 *         PKI_E_TOO_LARGE (past PKI_ISSUE_MAX_ENTRIES), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_issue_opts_add_policy_mapping(pki_issue_opts_t *opts, const char *issuer_policy,
					      const char *subject_policy);
/**
 * requireExplicitPolicy in a policyConstraints extension (CA profiles; critical). The
 * extension is written when this or pki_issue_opts_set_inhibit_policy_mapping() is called;
 * a field left unset is absent.
 * @param opts        the options.
 * @param skip_certs  SkipCerts, 0..INT_MAX.
 * @return 0, or PKI_E_INVALID_ARG (NULL @p opts, a leaf profile, above INT_MAX).
 * @since 0.1
 */
PKI_API int pki_issue_opts_set_require_explicit_policy(pki_issue_opts_t *opts,
						       unsigned skip_certs);
/**
 * inhibitPolicyMapping in a policyConstraints extension (see
 * pki_issue_opts_set_require_explicit_policy()).
 * @param opts        the options.
 * @param skip_certs  SkipCerts, 0..INT_MAX.
 * @return as pki_issue_opts_set_require_explicit_policy().
 * @since 0.1
 */
PKI_API int pki_issue_opts_set_inhibit_policy_mapping(pki_issue_opts_t *opts,
						      unsigned skip_certs);
/**
 * inhibitAnyPolicy (CA profiles; critical); absent unless this is called.
 * @param opts        the options.
 * @param skip_certs  SkipCerts, 0..INT_MAX.
 * @return 0, or PKI_E_INVALID_ARG (NULL @p opts, a leaf profile, above INT_MAX).
 * @since 0.1
 */
PKI_API int pki_issue_opts_set_inhibit_any_policy(pki_issue_opts_t *opts, unsigned skip_certs);
/**
 * Free issuance options.
 * @param opts  the options, or NULL (nothing happens).
 * @since 0.1
 */
PKI_API void pki_issue_opts_free(pki_issue_opts_t *opts);

/** Flags for the issuing functions. */
enum {
	/** Allow a subject key equal to the issuer's key (refused by default: PKI_E_KEY_REUSE). */
	PKI_ISSUE_ALLOW_KEY_REUSE = 1u << 0,
	/**
	 * A certificate that would end after its issuer ends with it instead of being refused
	 * (PKI_E_VALIDITY), whatever set its validity (the default, days or explicit dates);
	 * the call then returns 1 when that cut more than PKI_CLOCK_SKEW_SECONDS off (a real
	 * shortening, which a caller may want to report), 0 for a smaller cut. An issuer that
	 * ends before the certificate's notBefore is still refused. Meant for the defaults: an
	 * intermediate made a second after its root, both with PKI_DEFAULT_CA_DAYS, would
	 * otherwise outlive it by that second.
	 */
	PKI_ISSUE_CLAMP_TO_ISSUER = 1u << 1,
};

/**
 * Issue a certificate for the request @p csr, signed by @p ca_key, issuer @p ca.
 * The request's signature is verified, its subject and SANs are copied (plus those of the
 * options); a server/client certificate without any SAN whose CN is a host name or IP address
 * gets it as a SAN. The certificate is X.509 v3 with subjectKeyIdentifier and the
 * authorityKeyIdentifier of the issuer.
 * Only the request's subjectAltName extension is used: CA flags, key usages or any other
 * extension it asks for are never copied; SANs of types other than DNS, IP, email and URI
 * are refused (PKI_E_UNSUPPORTED). A certificate with an empty subject gets a critical SAN.
 * @param[out] out  the certificate, owned by the caller (pki_cert_free); NULL on failure.
 * @param csr     the request (not NULL).
 * @param ca      the issuer's certificate (not NULL).
 * @param ca_key  the issuer's private key (not NULL).
 * @param opts  NULL means the "server" profile with its defaults.
 * @param flags   0, or PKI_ISSUE_ALLOW_KEY_REUSE and PKI_ISSUE_CLAMP_TO_ISSUER or-ed.
 * @return 0, or 1 when PKI_ISSUE_CLAMP_TO_ISSUER moved notAfter to the issuer's by more
 *         than PKI_CLOCK_SKEW_SECONDS (the certificate is made either way); PKI_E_NOT_CA (issuer not a CA, without
 *         keyCertSign, or with pathLen 0 when a CA profile is asked for), PKI_E_KEY_MISMATCH
 *         (@p ca_key is not @p ca's), PKI_E_NO_PRIVATE_KEY (@p ca_key is public only),
 *         PKI_E_BAD_SIGNATURE (request), PKI_E_VALIDITY (would end after the CA: refused, or
 *         shortened with PKI_ISSUE_CLAMP_TO_ISSUER), PKI_E_KEY_REUSE,
 *         PKI_E_WEAK (RSA subject key under 2048 bits), PKI_E_INVALID_NAME (also: neither
 *         subject nor SAN), PKI_E_UNSUPPORTED, PKI_E_TOO_LARGE (more than
 *         PKI_ISSUE_MAX_ENTRIES SANs in all, a request over PKI_MAX_SANS), PKI_E_INVALID_ARG,
 *         PKI_E_CRYPTO.
 * @since 0.1
 */
PKI_API int pki_cert_issue(pki_cert_t **out, const pki_csr_t *csr, const pki_cert_t *ca,
			   const pki_key_t *ca_key, const pki_issue_opts_t *opts, unsigned flags);

/**
 * As pki_cert_issue(), for a bare public key @p subject_key (private or public handle) with
 * the subject @p subject (RFC 4514; may be "" when the options carry SANs).
 * @param[out] out    the certificate, owned by the caller (pki_cert_free); NULL on failure.
 * @param subject_key the subject's key (private or public-only).
 * @param subject     the subject DN.
 * @param ca          the issuer's certificate.
 * @param ca_key      the issuer's private key.
 * @param opts        NULL means the "server" profile with its defaults.
 * @param flags       as for pki_cert_issue().
 * @return as pki_cert_issue(), except PKI_E_BAD_SIGNATURE (there is no request).
 * @since 0.1
 */
PKI_API int pki_cert_issue_for_key(pki_cert_t **out, const pki_key_t *subject_key,
				   const char *subject, const pki_cert_t *ca,
				   const pki_key_t *ca_key, const pki_issue_opts_t *opts,
				   unsigned flags);

/**
 * A self-signed certificate for @p key with subject (and issuer) @p subject, which must not be
 * empty. Any profile may be used (a leaf profile gives a self-signed server certificate).
 * @param[out] out  the certificate, owned by the caller (pki_cert_free); NULL on failure.
 * @param key      the key: signs, and is the subject key; must hold the private key.
 * @param subject  the subject and issuer DN (RFC 4514), not empty; at most PKI_MAX_DN_LENGTH
 *                 bytes and PKI_MAX_DN_ATTRIBUTES attributes.
 * @param opts  NULL means the "ca" profile with its defaults.
 * @param flags    as for pki_cert_issue() (neither flag makes a difference here: there is no
 *                 issuer to reuse the key of or to end with).
 * @return 0, or PKI_E_INVALID_ARG (NULL argument, non-zero flags), PKI_E_INVALID_NAME
 *         (empty or malformed subject), PKI_E_NO_PRIVATE_KEY, PKI_E_VALIDITY,
 *         PKI_E_UNSUPPORTED, PKI_E_CRYPTO, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_cert_self_sign(pki_cert_t **out, const pki_key_t *key, const char *subject,
			       const pki_issue_opts_t *opts, unsigned flags);

/**
 * A prepared issuer: a CA certificate and its key, checked once for many issuances.
 * pki_issuer_new() makes the checks pki_cert_issue() makes on the CA at every call (the key
 * has its private part and is the certificate's key, basicConstraints CA:TRUE, keyCertSign
 * when keyUsage is present, notAfter and key identifier readable) and keeps what they read;
 * pki_issuer_issue() then does only the per-request work, with the same result and the same
 * per-request checks as pki_cert_issue() (request signature, subject key type and size, key
 * reuse, validity within the CA's, pathLenConstraint 0 against CA profiles). Issuing does not
 * change the issuer; use one issuer from one thread at a time, like its key.
 */
typedef struct pki_issuer pki_issuer_t;

/**
 * Check @p ca and @p ca_key once and prepare them for pki_issuer_issue().
 * The issuer borrows both handles: they must outlive it and not change.
 * @param[out] out  the issuer, owned by the caller (pki_issuer_free); NULL on failure.
 * @param ca      the issuer's certificate (not NULL).
 * @param ca_key  the issuer's private key (not NULL).
 * @param flags   reserved, must be 0.
 * @return 0, or PKI_E_NOT_CA, PKI_E_KEY_MISMATCH, PKI_E_NO_PRIVATE_KEY, PKI_E_VALIDITY (the
 *         CA's notAfter is unreadable), PKI_E_UNSUPPORTED (its key), PKI_E_INVALID_ARG,
 *         PKI_E_NOMEM, PKI_E_CRYPTO.
 * @since 0.1
 */
PKI_API int pki_issuer_new(pki_issuer_t **out, const pki_cert_t *ca, const pki_key_t *ca_key,
			   unsigned flags);

/**
 * Issue a certificate for the request @p csr: the same certificate as pki_cert_issue() with
 * the issuer's CA and key, without checking the CA again.
 * @param[out] out  the certificate, owned by the caller (pki_cert_free); NULL on failure.
 * @param issuer  the prepared issuer (not NULL).
 * @param csr     the request (not NULL).
 * @param opts    NULL means the "server" profile with its defaults.
 * @param flags   as for pki_cert_issue().
 * @return as pki_cert_issue(), except the CA checks made by pki_issuer_new().
 * @since 0.1
 */
PKI_API int pki_issuer_issue(pki_cert_t **out, const pki_issuer_t *issuer, const pki_csr_t *csr,
			     const pki_issue_opts_t *opts, unsigned flags);

/**
 * As pki_issuer_issue(), for a bare public key and a subject (see pki_cert_issue_for_key()).
 * @param[out] out    the certificate, owned by the caller (pki_cert_free); NULL on failure.
 * @param issuer      the prepared issuer (not NULL).
 * @param subject_key the subject's key (private or public-only).
 * @param subject     the subject DN (RFC 4514; "" when the options carry SANs).
 * @param opts        NULL means the "server" profile with its defaults.
 * @param flags       as for pki_cert_issue().
 * @return as pki_cert_issue_for_key(), except the CA checks made by pki_issuer_new().
 * @since 0.1
 */
PKI_API int pki_issuer_issue_for_key(pki_cert_t **out, const pki_issuer_t *issuer,
				     const pki_key_t *subject_key, const char *subject,
				     const pki_issue_opts_t *opts, unsigned flags);

/**
 * Free an issuer (not the CA certificate and key it borrows).
 * @param issuer  the issuer; NULL is fine.
 * @since 0.1
 */
PKI_API void pki_issuer_free(pki_issuer_t *issuer);

#ifdef __cplusplus
}
#endif
#endif /* PKI_X509_H */
