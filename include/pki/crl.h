/*
 * libpki — certificate revocation lists (X.509 v2 CRLs, RFC 5280 section 5).
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PKI_CRL_H
#define PKI_CRL_H

#include <pki/common.h>
#include <pki/key.h>
#include <pki/x509.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A certificate revocation list. A handle may be used by one thread at a time. */
typedef struct pki_crl pki_crl_t;
/** What goes into a new CRL: revoked serials, validity, CRL number. */
typedef struct pki_crl_opts pki_crl_opts_t;

/**
 * Revocation reasons (RFC 5280 CRLReason; the numbers are the ASN.1 values and are stable).
 * PKI_CRL_REASON_UNSPECIFIED writes no reasonCode extension, as RFC 5280 5.3.1 asks, and is
 * what an entry without one reads back as.
 */
typedef enum {
	PKI_CRL_REASON_UNSPECIFIED = 0,
	PKI_CRL_REASON_KEY_COMPROMISE = 1,
	PKI_CRL_REASON_CA_COMPROMISE = 2,
	PKI_CRL_REASON_AFFILIATION_CHANGED = 3,
	PKI_CRL_REASON_SUPERSEDED = 4,
	PKI_CRL_REASON_CESSATION_OF_OPERATION = 5,
	PKI_CRL_REASON_CERTIFICATE_HOLD = 6,
	/* 7 is not used by RFC 5280 */
	PKI_CRL_REASON_REMOVE_FROM_CRL = 8,
	PKI_CRL_REASON_PRIVILEGE_WITHDRAWN = 9,
	PKI_CRL_REASON_AA_COMPROMISE = 10,
} pki_crl_reason_t;

/**
 * The RFC 5280 name of a reason ("keyCompromise", "cACompromise", "affiliationChanged",
 * "superseded", "cessationOfOperation", "certificateHold", "removeFromCRL",
 * "privilegeWithdrawn", "aACompromise", "unspecified"). Does not change the error detail.
 * @param reason  a pki_crl_reason_t (before 0.1 shipped, an int).
 * @return the name, static memory; NULL for other values (such as 7, or one cast from an
 *         out-of-range int).
 * @since 0.1
 */
PKI_API const char *pki_crl_reason_name(pki_crl_reason_t reason);

/**
 * Parse a reason name: the RFC 5280 names above, case-insensitive, also with '-' or '_'
 * between the words ("key-compromise", "key_compromise"), or the decimal value.
 * @param name  the name.
 * @return the pki_crl_reason_t (>= 0), or PKI_E_INVALID_ARG.
 * @since 0.1
 */
PKI_API int pki_crl_reason_from_name(const char *name);

/* ---------------------------------------------------------------------------------------- */
/* Creating a CRL                                                                            */

/** Default CRL lifetime (nextUpdate - thisUpdate) when none is set: 30 days. */
#define PKI_DEFAULT_CRL_DAYS 30

/**
 * New, empty options: no entries, thisUpdate now minus PKI_CLOCK_SKEW_SECONDS (backdated as
 * certificates are, so that a verifier whose clock is a few minutes behind does not see a fresh
 * CRL as not yet valid; never before the CA's notBefore), nextUpdate PKI_DEFAULT_CRL_DAYS after
 * thisUpdate, CRL number = thisUpdate in Unix seconds (so it grows with each new CRL).
 * @param[out] out  the options, owned by the caller (pki_crl_opts_free); NULL on failure.
 * @param flags  reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG (NULL @p out, non-zero flags), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_crl_opts_new(pki_crl_opts_t **out, unsigned flags);

/**
 * Add a revoked serial number (hex as pki_cert_serial() gives it; "0x" prefix and ':'
 * separators are accepted; positive, at most 20 bytes), revoked at @p revoked_at (Unix
 * seconds), for @p reason (a pki_crl_reason_t). A serial already in the options is refused.
 * @param opts        the options.
 * @param serial      the serial number in hex.
 * @param revoked_at  the revocation time, Unix seconds.
 * @param reason      the reason (a value outside pki_crl_reason_t, such as 7, is
 *                    PKI_E_INVALID_ARG).
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_TOO_LARGE past PKI_CRL_MAX_ENTRIES entries.
 * @since 0.1
 */
PKI_API int pki_crl_opts_add_revoked(pki_crl_opts_t *opts, const char *serial, int64_t revoked_at,
				     pki_crl_reason_t reason);

/**
 * As pki_crl_opts_add_revoked(), with the serial of @p cert.
 * @param opts        the options.
 * @param cert        the certificate to revoke (a negative serial is PKI_E_INVALID_ARG).
 * @param revoked_at  the revocation time, Unix seconds.
 * @param reason      a pki_crl_reason_t.
 * @return as pki_crl_opts_add_revoked(), plus PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_crl_opts_add_revoked_cert(pki_crl_opts_t *opts, const pki_cert_t *cert,
					  int64_t revoked_at, pki_crl_reason_t reason);

/**
 * Lifetime of @p days days from the backdated thisUpdate.
 * @param opts  the options.
 * @param days  1..3650.
 * @return 0, or PKI_E_INVALID_ARG (NULL @p opts, @p days out of range).
 * @since 0.1
 */
PKI_API int pki_crl_opts_set_days(pki_crl_opts_t *opts, unsigned days);

/**
 * Explicit thisUpdate / nextUpdate (Unix seconds, @p this_update < @p next_update).
 * @param opts         the options.
 * @param this_update  thisUpdate.
 * @param next_update  nextUpdate.
 * @return 0, or PKI_E_INVALID_ARG (NULL @p opts, a bad range).
 * @since 0.1
 */
PKI_API int pki_crl_opts_set_validity(pki_crl_opts_t *opts, int64_t this_update,
				      int64_t next_update);

/**
 * The CRL number.
 * @param opts  the options.
 * @param hex   the number as hex (positive, at most 20 bytes).
 * @return 0, or PKI_E_INVALID_ARG (NULL argument, not such a number).
 * @since 0.1
 */
PKI_API int pki_crl_opts_set_number(pki_crl_opts_t *opts, const char *hex);

/**
 * Free CRL options.
 * @param opts  the options, or NULL (nothing happens).
 * @since 0.1
 */
PKI_API void pki_crl_opts_free(pki_crl_opts_t *opts);

/**
 * Create a v2 CRL issued by @p ca and signed by @p ca_key, with the entries of @p opts (each
 * with its reasonCode extension unless unspecified), thisUpdate/nextUpdate, cRLNumber and the
 * authorityKeyIdentifier of the CA (its subjectKeyIdentifier, or the SHA-1 of its key).
 * Signature: SHA-256 for RSA and P-256, SHA-384 for P-384, SHA-512 for P-521, EdDSA.
 * @param[out] out  the CRL, owned by the caller (pki_crl_free); NULL on failure.
 * @param ca      the issuing CA's certificate.
 * @param ca_key  the CA's private key.
 * @param opts   NULL means an empty CRL with the defaults of pki_crl_opts_new().
 * @param flags  reserved, must be 0.
 * @return 0, or PKI_E_NOT_CA (not a CA, or its key usage lacks cRLSign), PKI_E_KEY_MISMATCH,
 *         PKI_E_NO_PRIVATE_KEY, PKI_E_VALIDITY (nextUpdate after the CA's notAfter is allowed;
 *         thisUpdate before the CA's notBefore is not), PKI_E_UNSUPPORTED, PKI_E_CRYPTO,
 *         PKI_E_INVALID_ARG.
 * @since 0.1
 */
PKI_API int pki_crl_create(pki_crl_t **out, const pki_cert_t *ca, const pki_key_t *ca_key,
			   const pki_crl_opts_t *opts, unsigned flags);

/* ---------------------------------------------------------------------------------------- */
/* Reading a CRL                                                                             */

/**
 * The most revoked entries a CRL may have: pki_crl_import() and the CRL files of a trust store
 * refuse a CRL with more (PKI_E_TOO_LARGE), counted before anything is decoded. Decoding a
 * CRL whose entries have no extensions costs a few microseconds of CPU per entry; when every
 * entry has extensions, GnuTLS's own parse grows with the square of the entries and a CRL of
 * 5000 such entries costs 150-300 ms (bench/README.md); a lookup is a binary search. An entry
 * may have at most PKI_CRL_MAX_ENTRY_EXTENSIONS extensions (PKI_E_TOO_LARGE). @since 0.1
 */
#define PKI_CRL_MAX_ENTRIES 5000
/** The most extensions one CRL entry may have (see PKI_CRL_MAX_ENTRIES). @since 0.1 */
#define PKI_CRL_MAX_ENTRY_EXTENSIONS 16

/**
 * Parse a CRL, PEM ("X509 CRL") or DER, auto-detected.
 * @param[out] out  the CRL, owned by the caller (pki_crl_free); NULL on failure.
 * @param data      the encoded CRL; libpki keeps no reference to it.
 * @param size      its length in bytes, 1..PKI_MAX_INPUT_SIZE.
 * @param flags     reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_PARSE, PKI_E_TOO_LARGE (input too long, above
 *         PKI_CRL_MAX_ENTRIES entries), PKI_E_UNSUPPORTED, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_crl_import(pki_crl_t **out, const void *data, size_t size, unsigned flags);
/**
 * pki_crl_import() on the content of the file @p path.
 * @param[out] out  the CRL (pki_crl_free); NULL on failure.
 * @param path      the file to read.
 * @param flags     reserved, must be 0.
 * @return as pki_crl_import(), plus PKI_E_IO.
 * @since 0.1
 */
PKI_API int pki_crl_import_file(pki_crl_t **out, const char *path, unsigned flags);
/**
 * Encode as PEM or DER.
 * @param[out] out, size  the encoding and its length, owned by the caller (pki_free).
 * @param crl     the CRL.
 * @param format  PKI_FORMAT_PEM or PKI_FORMAT_DER.
 * @param flags   reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_CRYPTO, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_crl_export(unsigned char **out, size_t *size, const pki_crl_t *crl,
			   pki_format_t format, unsigned flags);
/**
 * The issuer as an RFC 4514 string.
 * @param[out] out  the string, owned by the caller (pki_free).
 * @param crl       the CRL.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_PARSE, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_crl_issuer(char **out, const pki_crl_t *crl);
/**
 * The @p index-th attribute of the CRL's issuer, as pki_cert_subject_attribute() gives a
 * certificate's subject (x509.h).
 * @param[out] type   the attribute's short name or dotted OID (pki_free).
 * @param[out] value  its value (pki_free).
 * @param crl    the CRL.
 * @param index  0, 1, ... until PKI_E_NOT_FOUND.
 * @return the RDN number (>= 0); PKI_E_NOT_FOUND past the last attribute, PKI_E_INVALID_ARG
 *         (NULL argument), PKI_E_PARSE, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_crl_issuer_attribute(char **type, char **value, const pki_crl_t *crl,
				     unsigned index);
/**
 * thisUpdate in Unix seconds.
 * @param[out] out  the date.
 * @param crl       the CRL.
 * @return 0, or PKI_E_INVALID_ARG for a NULL argument.
 * @since 0.1
 */
PKI_API int pki_crl_this_update(int64_t *out, const pki_crl_t *crl);
/**
 * nextUpdate in Unix seconds: optional in a CRL, so absent is PKI_E_NOT_FOUND (the rule for
 * optional values, common.h).
 * @param[out] out  the date; 0 when there is none.
 * @param crl       the CRL.
 * @return 0, or PKI_E_NOT_FOUND when the CRL has no nextUpdate, PKI_E_INVALID_ARG for a NULL
 *         argument.
 * @since 0.1
 */
PKI_API int pki_crl_next_update(int64_t *out, const pki_crl_t *crl);
/**
 * The cRLNumber as lower-case hex.
 * @param[out] out  the string, owned by the caller (pki_free).
 * @param crl       the CRL.
 * @return 0, or PKI_E_NOT_FOUND when absent, PKI_E_INVALID_ARG, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_crl_number(char **out, const pki_crl_t *crl);
/**
 * The authorityKeyIdentifier as lower-case hex.
 * @param[out] out  the string, owned by the caller (pki_free).
 * @param crl       the CRL.
 * @return 0, or PKI_E_NOT_FOUND when absent, PKI_E_INVALID_ARG, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_crl_authority_key_id(char **out, const pki_crl_t *crl);
/**
 * Signature algorithm name, e.g. "ECDSA-SHA256".
 * @param[out] out  the name, owned by the caller (pki_free).
 * @param crl       the CRL.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_crl_signature_algorithm(char **out, const pki_crl_t *crl);
/**
 * Number of revoked entries.
 * @param crl  the CRL.
 * @return the count (>= 0), or PKI_E_INVALID_ARG for a NULL @p crl.
 * @since 0.1
 */
PKI_API int pki_crl_count(const pki_crl_t *crl);
/**
 * The @p index-th entry: serial as lower-case hex like pki_cert_serial() (pki_free) and the
 * revocation time; either output may be NULL.
 * @param[out] serial      the serial, owned by the caller (pki_free), or NULL.
 * @param[out] revoked_at  the revocation time in Unix seconds, or NULL.
 * @param crl    the CRL.
 * @param index  0 .. pki_crl_count() - 1.
 * @return the pki_crl_reason_t (>= 0), or PKI_E_NOT_FOUND past the end, PKI_E_INVALID_ARG.
 * @since 0.1
 */
PKI_API int pki_crl_entry(char **serial, int64_t *revoked_at, const pki_crl_t *crl,
			  unsigned index);
/**
 * Look a serial up (hex, as for pki_crl_opts_add_revoked()).
 * @param[out] revoked_at  the revocation time, or NULL.
 * @param crl     the CRL.
 * @param serial  the serial in hex.
 * @return the reason (>= 0) and the time in @p revoked_at (may be NULL) when revoked,
 *         PKI_E_NOT_FOUND when not, PKI_E_INVALID_ARG.
 * @since 0.1
 */
PKI_API int pki_crl_lookup(int64_t *revoked_at, const pki_crl_t *crl, const char *serial);
/**
 * Check the CRL's signature with @p issuer's public key, and that @p issuer's subject is the
 * CRL's issuer. Dates are not checked (see pki_crl_validity()).
 * @param crl     the CRL.
 * @param issuer  the presumed issuer's certificate.
 * @param flags   reserved, must be 0.
 * @return 0, or PKI_E_BAD_SIGNATURE, PKI_E_INVALID_ARG.
 * @since 0.1
 */
PKI_API int pki_crl_verify(const pki_crl_t *crl, const pki_cert_t *issuer, unsigned flags);
/**
 * JSON object: issuer, this_update, next_update (RFC 3339 UTC, null when absent), number,
 * authority_key_id (null when absent), signature_algorithm, revoked: [{serial,
 * revocation_date, reason}] with reason names as pki_crl_reason_name().
 * @param[out] out  the JSON text, owned by the caller (pki_free).
 * @param crl    the CRL.
 * @param flags  reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_PARSE (an issuer name that does not
 *         decode), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_crl_to_json(char **out, const pki_crl_t *crl, unsigned flags);
/**
 * Human-readable multi-line description in the spirit of `openssl crl -text`.
 * @param[out] out  the text, owned by the caller (pki_free).
 * @param crl    the CRL.
 * @param flags  reserved, must be 0.
 * @return as pki_crl_to_json().
 * @since 0.1
 */
PKI_API int pki_crl_to_text(char **out, const pki_crl_t *crl, unsigned flags);
/**
 * A new handle on the same CRL.
 * @param[out] out  the copy, owned by the caller (pki_crl_free); NULL on failure.
 * @param crl       the CRL.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_crl_dup(pki_crl_t **out, const pki_crl_t *crl);
/**
 * Free a CRL.
 * @param crl  the CRL, or NULL (nothing happens).
 * @since 0.1
 */
PKI_API void pki_crl_free(pki_crl_t *crl);

#ifdef __cplusplus
}
#endif
#endif /* PKI_CRL_H */
