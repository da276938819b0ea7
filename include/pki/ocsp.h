/*
 * libpki — OCSP (RFC 6960): requests, responses signed by a CA or its delegated responder,
 * and the check of a response for a certificate.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PKI_OCSP_H
#define PKI_OCSP_H

#include <pki/common.h>
#include <pki/crl.h>
#include <pki/key.h>
#include <pki/verify.h>
#include <pki/x509.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The status of a certificate in an OCSP response. The numbers are stable. */
typedef enum {
	PKI_OCSP_GOOD = 0,
	PKI_OCSP_REVOKED = 1,
	PKI_OCSP_UNKNOWN = 2,
} pki_ocsp_status_t;

/** pki_ocsp_request_create() flag: add a random 16-byte nonce (RFC 8954). */
#define PKI_OCSP_NONCE 1u

/**
 * The greatest age, in seconds, of an OCSP answer without nextUpdate that
 * pki_ocsp_check() and pki_cert_verify() still use: one day after its thisUpdate. Such an
 * answer says newer information is always available (RFC 6960 4.2.2.1), so an old one is
 * stale, as one past its nextUpdate is.
 */
#define PKI_OCSP_MAX_AGE 86400

/**
 * Make a DER OCSPRequest for @p cert issued by @p issuer (CertID with SHA-1, as RFC 5019 and
 * every responder accept), optionally with a nonce.
 * @param[out] der, size  the request and its length, owned by the caller (pki_free).
 * @param cert    the certificate asked about.
 * @param issuer  its issuer's certificate.
 * @param flags   0 or PKI_OCSP_NONCE.
 * @return 0, or PKI_E_INVALID_ARG (NULL argument, unknown flags), PKI_E_CRYPTO, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_ocsp_request_create(unsigned char **der, size_t *size, const pki_cert_t *cert,
				    const pki_cert_t *issuer, unsigned flags);

/** How a responder answers: revocation data, delegated signer, validity. */
typedef struct pki_ocsp_opts pki_ocsp_opts_t;

/**
 * New responder options: no revocations, signed by the CA itself, nextUpdate one day later.
 * @param[out] out  the options (pki_ocsp_opts_free); NULL on failure.
 * @param flags     reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_ocsp_opts_new(pki_ocsp_opts_t **out, unsigned flags);

/**
 * Take the revoked certificates (serial, time, reason) from a CRL of the CA (copied).
 * @param opts  the options.
 * @param crl   the CRL; NULL removes one set before.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_ocsp_opts_set_crl(pki_ocsp_opts_t *opts, const pki_crl_t *crl);

/**
 * Add one revoked serial, besides those of a CRL.
 * @param opts        the options.
 * @param serial      the serial in hex (as pki_cert_serial() prints it).
 * @param revoked_at  the revocation time (Unix seconds, > 0).
 * @param reason      a pki_crl_reason_t; PKI_CRL_REASON_UNSPECIFIED writes no
 *                    revocationReason, as it writes no reasonCode into a CRL entry.
 * @return 0, or PKI_E_INVALID_ARG (also: a value outside pki_crl_reason_t, such as 7),
 *         PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_ocsp_opts_add_revoked(pki_ocsp_opts_t *opts, const char *serial,
				      int64_t revoked_at, pki_crl_reason_t reason);

/**
 * Sign with a delegated responder: @p signer is a certificate the CA issued with the
 * id-kp-OCSPSigning extended key usage (RFC 6960 4.2.2.2); the key given to
 * pki_ocsp_respond() is then its key, and the certificate goes into the response.
 * @param opts    the options.
 * @param signer  the responder certificate (copied); NULL: the CA signs.
 * @return 0, or PKI_E_INVALID_ARG (no OCSPSigning usage), PKI_E_NOMEM, PKI_E_PARSE (@p signer
 *         cannot be encoded again).
 * @since 0.1
 */
PKI_API int pki_ocsp_opts_set_signer(pki_ocsp_opts_t *opts, const pki_cert_t *signer);

/**
 * The lifetime of the answers: nextUpdate is thisUpdate plus @p seconds.
 * @param opts     the options.
 * @param seconds  1 .. 366 days in seconds; 0 leaves nextUpdate out.
 * @return 0, or PKI_E_INVALID_ARG.
 * @since 0.1
 */
PKI_API int pki_ocsp_opts_set_validity(pki_ocsp_opts_t *opts, unsigned seconds);

/**
 * Free options; NULL is fine.
 * @param opts  the options.
 * @since 0.1
 */
PKI_API void pki_ocsp_opts_free(pki_ocsp_opts_t *opts);

/**
 * Answer an OCSP request (DER, from libpki, openssl ocsp or any client) for the CA @p ca: a
 * successful BasicOCSPResponse, encoded with libtasn1 and signed with @p key (the CA's, or the
 * delegated responder's: pki_ocsp_opts_set_signer()), one SingleResponse per CertID asked:
 * revoked (time and reason) when the serial is in the options' revocation data, unknown when
 * the CertID names another issuer, good otherwise. The request's nonce is echoed.
 * The responder ID is by key hash.
 * @param[out] der, size  the OCSPResponse, owned by the caller (pki_free).
 * @param ca        the CA certificate.
 * @param key       the signing key (a file key or a PKCS#11 token key).
 * @param req       the DER OCSPRequest.
 * @param req_size  its length.
 * @param opts      the options, or NULL for the defaults.
 * @param flags     reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_PARSE (not an OCSP request), PKI_E_KEY_MISMATCH (the
 *         key is not the signer's), PKI_E_UNSUPPORTED (hash or key type), PKI_E_TOO_LARGE
 *         (more than 100 CertIDs), PKI_E_CRYPTO, PKI_E_NOMEM, or a token key's errors.
 * @since 0.1
 */
PKI_API int pki_ocsp_respond(unsigned char **der, size_t *size, const pki_cert_t *ca,
			     const pki_key_t *key, const void *req, size_t req_size,
			     const pki_ocsp_opts_t *opts, unsigned flags);

/** Flags of pki_ocsp_check(). */
enum {
	/** Check at the time given, instead of at the library's clock (now). */
	PKI_OCSP_CHECK_AT = 1u << 0,
};

/**
 * Check an OCSP response about @p cert: a successful response, signed by @p issuer or by a
 * responder certificate @p issuer issued for OCSP signing, holding a SingleResponse for
 * @p cert, current at the time checked (thisUpdate not in the future, beyond a 5-minute skew;
 * nextUpdate, when present, not past; without nextUpdate, thisUpdate at most
 * PKI_OCSP_MAX_AGE old), and, with a request, carrying the request's nonce.
 * @param[out] status      the certificate's status (not NULL); PKI_OCSP_UNKNOWN on failure.
 * @param[out] revoked_at  the revocation time when revoked, or NULL.
 * @param[out] reason      the pki_crl_reason_t when revoked (PKI_CRL_REASON_UNSPECIFIED
 *                         without a revocationReason, as for a CRL entry, and when not
 *                         revoked), or NULL.
 * @param resp, resp_size  the DER OCSPResponse.
 * @param cert    the certificate asked about.
 * @param issuer  its issuer.
 * @param req, req_size  the request it answers (its nonce is checked), or NULL (or size 0).
 * @param when    with PKI_OCSP_CHECK_AT, the time to check at (Unix seconds, 0 to
 *                253402300799); otherwise 0, and the check is at the library's clock.
 * @param flags   0 or PKI_OCSP_CHECK_AT.
 * @return 0 with the status, or PKI_E_INVALID_ARG (also: a non-zero @p when without
 *         PKI_OCSP_CHECK_AT), PKI_E_PARSE (not an OCSP response, or
 *         not "successful"), PKI_E_BAD_SIGNATURE (bad signature or unauthorised signer),
 *         PKI_E_NOT_FOUND (no answer about @p cert), PKI_E_VALIDITY (stale or not yet
 *         valid), PKI_E_VERIFY (nonce missing or different), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_ocsp_check(pki_ocsp_status_t *status, int64_t *revoked_at,
			   pki_crl_reason_t *reason, const void *resp, size_t resp_size, const pki_cert_t *cert,
			   const pki_cert_t *issuer, const void *req, size_t req_size, int64_t when,
			   unsigned flags);

/**
 * Use an OCSP response as a revocation source of pki_cert_verify(): for every certificate of
 * the path it speaks of, it decides before any CRL, checked as pki_ocsp_check() does at the
 * verification time (without a nonce). Good: not revoked. Revoked: PKI_VERIFY_REVOKED.
 * Unknown to the responder, or a response that cannot be used (stale, not yet valid, bad or
 * unauthorised signature, not "successful"): PKI_VERIFY_REVOCATION_UNKNOWN, fail closed. The
 * response is used also when CRL checking is off. At most 64 responses.
 * @param opts   the verification options.
 * @param der    the DER OCSPResponse (copied).
 * @param size   its length.
 * @param flags  reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_PARSE (not an OCSP response), PKI_E_TOO_LARGE,
 *         PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_verify_opts_add_ocsp_response(pki_verify_opts_t *opts, const void *der,
					      size_t size, unsigned flags);

#ifdef __cplusplus
}
#endif

#endif /* PKI_OCSP_H */
