/*
 * libpki — trust stores and certificate chain verification that explains itself.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PKI_VERIFY_H
#define PKI_VERIFY_H

#include <pki/common.h>
#include <pki/crl.h>
#include <pki/x509.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A set of trusted CA certificates (trust anchors) and of CRLs. */
typedef struct pki_trust pki_trust_t;
/** Verification settings: host, purpose, time, CRL checking, untrusted intermediates. */
typedef struct pki_verify_opts pki_verify_opts_t;
/** The outcome of a verification: valid or not, the chain built, and the reasons. */
typedef struct pki_verify_result pki_verify_result_t;

/* ---------------------------------------------------------------------------------------- */
/* Trust stores                                                                              */

/** Flags of pki_trust_new(). */
typedef enum {
	/**
	 * Keep no cache. By default a trust store remembers the checks that passed (a
	 * signature verified with an issuer's key; a certificate's profile, extension and
	 * algorithm checks), keyed by the SHA-256 of the certificates involved, in about 40 KiB
	 * shared by every verification made with it, so that leaves under the same
	 * intermediates cost one signature check each. With this flag every verification
	 * re-checks every signature and re-runs every check, and the store allocates no cache:
	 * for memory-constrained callers, and for those who want each verification to do all of
	 * its work. Verdicts and reasons are the same either way.
	 */
	PKI_TRUST_NO_CACHE = 1 << 0,
} pki_trust_flag_t;

/**
 * An empty trust store.
 * @param[out] out  the store, owned by the caller (pki_trust_free); NULL on failure.
 * @param flags     0, or PKI_TRUST_NO_CACHE.
 * @return 0, or PKI_E_INVALID_ARG (NULL @p out, unknown flags), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_trust_new(pki_trust_t **out, unsigned flags);
/**
 * Trust a copy of @p cert (the caller keeps @p cert).
 * @param trust  the store.
 * @param cert   the certificate.
 * @param flags  reserved, must be 0.
 * @return 1 (certificates added), or a negative PKI_E_* (PKI_E_INVALID_ARG for a NULL
 *         argument or non-zero flags).
 * @since 0.1
 */
PKI_API int pki_trust_add_cert(pki_trust_t *trust, const pki_cert_t *cert, unsigned flags);
/**
 * Trust every certificate of a PEM bundle (or one DER certificate) in memory.
 * @param trust  the store.
 * @param data   the bundle; libpki keeps no reference to it.
 * @param size   its length in bytes.
 * @param flags  reserved, must be 0.
 * @return the number added (>= 1), or PKI_E_PARSE (no certificate), PKI_E_INVALID_ARG,
 *         PKI_E_TOO_LARGE. @since 0.1
 */
PKI_API int pki_trust_add_pem(pki_trust_t *trust, const void *data, size_t size, unsigned flags);
/**
 * pki_trust_add_pem() on the content of the file @p path.
 * @param trust  the store.
 * @param path   the file to read.
 * @param flags  reserved, must be 0.
 * @return as pki_trust_add_pem(), plus PKI_E_IO.
 * @since 0.1
 */
PKI_API int pki_trust_add_file(pki_trust_t *trust, const char *path, unsigned flags);
/**
 * Trust the PEM certificates of every file in the folder @p path (as /etc/ssl/certs).
 * @param trust  the store.
 * @param path   the folder.
 * @param flags  reserved, must be 0.
 * @return the number added (>= 0), or PKI_E_IO when the folder cannot be read. @since 0.1
 */
PKI_API int pki_trust_add_dir(pki_trust_t *trust, const char *path, unsigned flags);
/**
 * Trust the system's CAs (GnuTLS's default trust store, on Debian /etc/ssl/certs).
 * The distribution's curator vouches for these roots as they are, so the profile rules about
 * how an anchor's own certificate is encoded (subjectKeyIdentifier present, basicConstraints
 * critical, keyUsage present, a root's authorityKeyIdentifier without issuer and serial) do
 * not reject them; an anchor added any other way is held to them. Their validity,
 * basicConstraints and key usage are checked as for any anchor.
 * @param trust  the store.
 * @param flags  reserved, must be 0.
 * @return the number added (> 0), or PKI_E_NOT_FOUND when the system has none. @since 0.1
 */
PKI_API int pki_trust_add_system(pki_trust_t *trust, unsigned flags);
/**
 * Add a copy of a CRL, used when CRL checking is on (pki_verify_opts_set_crl_check()), as
 * RFC 5280 6.3 says: a CRL counts for a certificate when it is in its scope (issued by the
 * certificate's issuer, or by the cRLIssuer of a distribution point through an indirect CRL;
 * distribution point names, onlyContainsUserCerts/CACerts/AttributeCerts of the
 * issuingDistributionPoint), current, signed by a certificate with the CRL issuer's name and
 * cRLSign that has a valid path (a separate CRL key works), with an acceptable algorithm and
 * key, and without unknown critical extensions (of the CRL or of an entry). Of the CRLs of one
 * scope the newest is used, with the newest delta CRL whose base it reaches. Until the CRLs
 * used cover every reason (onlySomeReasons), the status is unknown
 * (PKI_VERIFY_REVOCATION_UNKNOWN and the other codes say why), never "not revoked".
 * @param trust  the store.
 * @param crl    the CRL; copied, the caller keeps it.
 * @param flags  reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG (NULL argument, non-zero flags), PKI_E_NOMEM. @since 0.1
 */
PKI_API int pki_trust_add_crl(pki_trust_t *trust, const pki_crl_t *crl, unsigned flags);
/**
 * Add every CRL of a file: a PEM bundle of "X509 CRL" blocks (all of them, in order), or one
 * DER CRL. Nothing is added when one of them does not parse.
 * @param trust  the store.
 * @param path   the file to read.
 * @param flags  reserved, must be 0.
 * @return 0, or PKI_E_IO, PKI_E_PARSE, PKI_E_NOMEM, PKI_E_INVALID_ARG.
 * @since 0.1
 */
PKI_API int pki_trust_add_crl_file(pki_trust_t *trust, const char *path, unsigned flags);
/**
 * Free a trust store.
 * @param trust  the store, or NULL (nothing happens).
 * @since 0.1
 */
PKI_API void pki_trust_free(pki_trust_t *trust);

/* ---------------------------------------------------------------------------------------- */
/* Options                                                                                   */

/** What the leaf certificate is checked for (its extended key usage). */
typedef enum {
	PKI_PURPOSE_ANY = 0,    /**< no purpose check (the default without a host) */
	/**
	 * TLS server (the default when a host is set): the leaf's EKU, when present, must parse,
	 * be non-empty and include serverAuth or anyExtendedKeyUsage (so must the EKU of every
	 * CA of the path that has one); the leaf may not be a CA (CA:TRUE or keyCertSign) unless
	 * it is itself the trust anchor; its key usage, when present, must allow
	 * digitalSignature, keyEncipherment or keyAgreement.
	 */
	PKI_PURPOSE_SERVER = 1,
	/** TLS client: as server with clientAuth; key usage digitalSignature or keyAgreement. */
	PKI_PURPOSE_CLIENT = 2,
} pki_purpose_t;

/** Which rule set a verification applies besides RFC 5280 6.1 path validation. */
typedef enum {
	PKI_VERIFY_PROFILE_RFC5280 = 0, /**< RFC 5280's certificate profile (the default) */
	PKI_VERIFY_PROFILE_WEBPKI = 1,  /**< also the CA/Browser Forum baseline requirements */
} pki_verify_profile_t;

/**
 * Parse "any", "server" or "client".
 * @param name  the name.
 * @return the pki_purpose_t (>= 0), or PKI_E_INVALID_ARG (NULL or unknown name).
 * @since 0.1
 */
PKI_API int pki_purpose_from_name(const char *name);

/** CRL checking modes. */
typedef enum {
	PKI_CRL_CHECK_OFF = 0,   /**< CRLs are not consulted (the default) */
	/**
	 * The leaf must be covered by a CRL of its issuer in the trust store
	 * (PKI_VERIFY_CRL_MISSING otherwise), like `openssl verify -crl_check`; the other
	 * certificates of the chain are checked against the CRLs present.
	 */
	PKI_CRL_CHECK_LEAF = 1,
	/** Every certificate but the trust anchor needs a CRL, like `-crl_check_all`. */
	PKI_CRL_CHECK_CHAIN = 2,
} pki_crl_check_t;

/**
 * New options with the defaults: no host check, the purpose PKI_PURPOSE_ANY (or
 * PKI_PURPOSE_SERVER once a host is set, unless a purpose was chosen), the current time,
 * PKI_CRL_CHECK_OFF, no untrusted intermediates, a maximum depth of 16 certificates, the
 * profile PKI_VERIFY_PROFILE_RFC5280, anyPolicy as the initial policy set, the strict
 * algorithm policy.
 * @param[out] out  the options, owned by the caller (pki_verify_opts_free); NULL on failure.
 * @param flags     reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG (NULL @p out, non-zero flags), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_verify_opts_new(pki_verify_opts_t **out, unsigned flags);
/**
 * The host name (or IPv4/IPv6 address) the leaf must be valid for; NULL clears it.
 * Host names are matched against the subject alternative names only, never the subject's CN,
 * as browsers and Go do: a certificate without a SAN never matches. DNS names compare without
 * case and without a trailing dot; a wildcard is honoured only as the whole left-most label
 * ("*.example.com" matches "a.example.com", not "example.com" nor "a.b.example.com") and only
 * with at least two labels after it. An IP address matches IP SANs only, byte for byte.
 * @param opts  the options.
 * @param host  the host name or IP address; copied. NULL clears it.
 * @return 0, or PKI_E_INVALID_NAME (neither a host name nor an IP address), PKI_E_INVALID_ARG.
 * @since 0.1
 */
PKI_API int pki_verify_opts_set_host(pki_verify_opts_t *opts, const char *host);
/**
 * The purpose the leaf must be valid for; once chosen, setting a host no longer changes it.
 * @param opts     the options.
 * @param purpose  a pki_purpose_t.
 * @return 0, or PKI_E_INVALID_ARG (NULL @p opts, unknown purpose).
 * @since 0.1
 */
PKI_API int pki_verify_opts_set_purpose(pki_verify_opts_t *opts, pki_purpose_t purpose);
/**
 * Verify as of @p when (Unix seconds) instead of now: certificate validity periods and CRL
 * thisUpdate/nextUpdate are checked against it ("will this still be valid in 30 days?").
 * @param opts  the options.
 * @param when  0 (1970-01-01T00:00:00Z) to 253402300799 (9999-12-31T23:59:59Z).
 * @return 0, or PKI_E_INVALID_ARG (NULL @p opts, @p when outside that range).
 * @since 0.1
 */
PKI_API int pki_verify_opts_set_time(pki_verify_opts_t *opts, int64_t when);
/**
 * The CRL checking mode.
 * @param opts  the options.
 * @param mode  a pki_crl_check_t.
 * @return 0, or PKI_E_INVALID_ARG (NULL @p opts, unknown mode).
 * @since 0.1
 */
PKI_API int pki_verify_opts_set_crl_check(pki_verify_opts_t *opts, pki_crl_check_t mode);
/**
 * The most certificates a path may have, leaf and trust anchor included, self-issued
 * intermediates (key rollover) not counted: 1..64 (default 16). No path is ever longer than
 * 64 certificates.
 * @param opts   the options.
 * @param depth  1..64.
 * @return 0, or PKI_E_INVALID_ARG (NULL @p opts, @p depth out of range).
 * @since 0.1
 */
PKI_API int pki_verify_opts_set_max_depth(pki_verify_opts_t *opts, unsigned depth);
/**
 * The email address the leaf must carry as an rfc822Name subject alternative name (local part
 * exactly, domain without case); NULL clears it.
 * @param opts   the options.
 * @param email  the address; copied. NULL clears it.
 * @return 0, or PKI_E_INVALID_NAME, PKI_E_INVALID_ARG, PKI_E_NOMEM. @since 0.1
 */
PKI_API int pki_verify_opts_set_email(pki_verify_opts_t *opts, const char *email);
/**
 * Add a policy OID ("2.16.840.1.101.3.2.1.48.1") to the user-initial-policy-set of RFC 5280
 * 6.1.1 (c); with none, the set is anyPolicy.
 * @param opts  the options.
 * @param oid   the dotted OID; copied.
 * @return 0, or PKI_E_INVALID_ARG (not a dotted OID), PKI_E_TOO_LARGE, PKI_E_NOMEM. @since 0.1
 */
PKI_API int pki_verify_opts_add_policy(pki_verify_opts_t *opts, const char *oid);

/** RFC 5280 6.1.1 (e), (f), (g) inputs for pki_verify_opts_set_policy_flags(). */
typedef enum {
	PKI_VERIFY_POLICY_EXPLICIT = 1 << 0,        /**< initial-explicit-policy */
	PKI_VERIFY_POLICY_INHIBIT_MAPPING = 1 << 1, /**< initial-policy-mapping-inhibit */
	PKI_VERIFY_POLICY_INHIBIT_ANY = 1 << 2,     /**< initial-any-policy-inhibit */
} pki_verify_policy_flag_t;

/**
 * Set the policy inputs of RFC 5280 6.1.1 (e), (f), (g).
 * @param opts   the options.
 * @param flags  PKI_VERIFY_POLICY_* or-ed; 0: all off.
 * @return 0, or PKI_E_INVALID_ARG (NULL @p opts, unknown flags).
 * @since 0.1
 */
PKI_API int pki_verify_opts_set_policy_flags(pki_verify_opts_t *opts, unsigned flags);
/**
 * The profile rules applied to every certificate of the path.
 * @param opts     the options.
 * @param profile  a pki_verify_profile_t.
 * @return 0, or PKI_E_INVALID_ARG (NULL @p opts, unknown profile).
 * @since 0.1
 */
PKI_API int pki_verify_opts_set_profile(pki_verify_opts_t *opts, pki_verify_profile_t profile);
/**
 * Parse "rfc5280" or "webpki".
 * @param name  the name.
 * @return the pki_verify_profile_t (>= 0), or PKI_E_INVALID_ARG (NULL or unknown name).
 * @since 0.1
 */
PKI_API int pki_verify_profile_from_name(const char *name);

/** Relaxations of the algorithm policy for pki_verify_opts_set_algorithms(). */
typedef enum {
	PKI_VERIFY_ALLOW_SHA1 = 1 << 0,        /**< accept SHA-1 signatures */
	/** accept RSA keys of 1024..2047 bits, P-192/P-224, DSA keys of 1024..3072 bits
	 * and DSA signatures */
	PKI_VERIFY_ALLOW_LEGACY_KEYS = 1 << 1,
} pki_verify_alg_flag_t;

/**
 * The algorithm policy: by default RSA below 2048 bits, elliptic curves below P-256, DSA,
 * MD5 and SHA-1 signatures are refused in certificates and CRLs (PKI_VERIFY_WEAK_ALGORITHM);
 * @p allow (PKI_VERIFY_ALLOW_* or-ed) relaxes some of it. MD5 is never accepted.
 * @param opts   the options.
 * @param allow  PKI_VERIFY_ALLOW_* or-ed; 0 restores the strict policy.
 * @return 0, or PKI_E_INVALID_ARG (NULL @p opts, unknown flags).
 * @since 0.1
 */
PKI_API int pki_verify_opts_set_algorithms(pki_verify_opts_t *opts, unsigned allow);
/**
 * Untrusted intermediate certificates that may be used to build the path, in any order;
 * copies are added to those already given.
 * @param opts   the options.
 * @param chain  the certificates; the caller keeps it.
 * @return 0, or PKI_E_INVALID_ARG (NULL argument), PKI_E_TOO_LARGE (too many untrusted
 *         certificates), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_verify_opts_add_untrusted(pki_verify_opts_t *opts, const pki_chain_t *chain);
/**
 * Free verification options.
 * @param opts  the options, or NULL (nothing happens).
 * @since 0.1
 */
PKI_API void pki_verify_opts_free(pki_verify_opts_t *opts);

/* ---------------------------------------------------------------------------------------- */
/* Verification                                                                              */

/** Why a certificate is not valid. The numbers are stable; more may be added. */
typedef enum {
	PKI_VERIFY_EXPIRED = 1,          /**< now (or the chosen time) is after notAfter */
	PKI_VERIFY_NOT_YET_VALID = 2,    /**< ... before notBefore */
	PKI_VERIFY_HOST_MISMATCH = 3,    /**< the host is not among the leaf's SANs */
	PKI_VERIFY_UNTRUSTED_ROOT = 4,   /**< the chain ends at a self-signed CA not trusted */
	PKI_VERIFY_ISSUER_NOT_FOUND = 5, /**< an issuer is neither trusted nor given */
	PKI_VERIFY_NOT_CA = 6,           /**< an issuer is CA:FALSE, or lacks keyCertSign */
	PKI_VERIFY_PATH_LEN = 7,         /**< a pathLenConstraint is exceeded */
	PKI_VERIFY_NAME_CONSTRAINTS = 8, /**< a CA's name constraints are violated */
	PKI_VERIFY_REVOKED = 9,          /**< listed in a CRL of its issuer */
	PKI_VERIFY_PURPOSE = 10,         /**< extended key usage does not allow the purpose */
	PKI_VERIFY_BAD_SIGNATURE = 11,   /**< a signature does not verify */
	PKI_VERIFY_WEAK_ALGORITHM = 12,  /**< signed with an algorithm considered insecure (SHA-1) */
	PKI_VERIFY_CRL_MISSING = 13,     /**< CRL checking is on and no CRL covers a certificate */
	PKI_VERIFY_CRL_EXPIRED = 14,     /**< the CRL's nextUpdate is past */
	PKI_VERIFY_CRL_NOT_YET_VALID = 15, /**< the CRL's thisUpdate is in the future */
	PKI_VERIFY_UNKNOWN_CRITICAL = 16, /**< an unknown critical extension */
	PKI_VERIFY_CHAIN_TOO_LONG = 17,  /**< longer than the maximum depth */
	PKI_VERIFY_POLICY = 18,          /**< certificate policy processing failed (RFC 5280 6.1) */
	PKI_VERIFY_REVOCATION_UNKNOWN = 19, /**< a CRL applies but cannot be used (scope, signer) */
	PKI_VERIFY_PROFILE_VIOLATION = 20, /**< breaks a rule of the profile (rfc5280, webpki) */
	PKI_VERIFY_MALFORMED = 21,       /**< an extension or name that does not parse */
	PKI_VERIFY_BUDGET = 22,          /**< the work budget ran out before a path was found */
	PKI_VERIFY_KEY_USAGE = 23,       /**< the leaf's key usage does not allow the purpose */
	PKI_VERIFY_EMAIL_MISMATCH = 24,  /**< the email address is not among the leaf's SANs */
	PKI_VERIFY_OTHER = 99,           /**< anything else */
} pki_verify_reason_t;

/**
 * A short stable name for a reason code ("expired", "host_mismatch", ...). Does not change
 * the error detail.
 * @param code  a pki_verify_reason_t.
 * @return the name, static memory; NULL if unknown.
 * @since 0.1
 */
PKI_API const char *pki_verify_reason_name(int code);

/**
 * Verify @p cert against @p trust with @p opts (NULL: the defaults of pki_verify_opts_new()).
 * Candidate paths are built from the trust anchors and the untrusted intermediates (any
 * order; issuers found by subject name as RFC 5280 7.1 compares them, ranked by key
 * identifiers, the next candidate tried when a path fails); trust anchors need not be
 * self-signed. Each path is validated as RFC 5280 6.1 says (signatures, algorithms, validity
 * at the chosen time, CA flag, keyCertSign, path length, name constraints, certificate
 * policies, extensions), then revocation (when CRL checking is on), the profile rules and the
 * leaf's host, email and purpose. The first valid path wins; when none is, the result holds
 * the best failed path and its reasons. The work is bounded (depth, candidates, signature
 * checks; oversized keys are refused unchecked), so hostile input stays cheap.
 * @param[out] result  the result (pki_verify_result_free): valid or not, see
 *                     pki_verify_result_valid(); NULL on errors.
 * @param cert   the certificate to verify (the leaf).
 * @param trust  the trust anchors and CRLs.
 * @param opts   the settings, or NULL for the defaults.
 * @param flags  reserved, must be 0.
 * @return 0 when the verification ran (whatever its verdict), or PKI_E_INVALID_ARG,
 *         PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_cert_verify(pki_verify_result_t **result, const pki_cert_t *cert,
			    const pki_trust_t *trust, const pki_verify_opts_t *opts,
			    unsigned flags);

/**
 * The verdict.
 * @param result  the result.
 * @return true when the certificate verified; false otherwise, and for a NULL @p result
 *         (which sets the error detail).
 * @since 0.1
 */
PKI_API bool pki_verify_result_valid(const pki_verify_result_t *result);
/**
 * The chain built, leaf first, up to the trust anchor when one was found (lent: owned by the
 * result). Without a trust anchor it ends where path building stopped. The certificates are
 * decoded at the first call (the result keeps their DER until then); later calls, from any
 * thread, lend the same chain.
 * @param result  the result.
 * @return the chain, lent; NULL for a NULL @p result (PKI_E_INVALID_ARG) or when memory runs
 *         out decoding it (PKI_E_NOMEM), which set the error detail.
 * @since 0.1
 */
PKI_API const pki_chain_t *pki_verify_result_chain(const pki_verify_result_t *result);
/**
 * Whether the chain ends at a certificate of the trust store.
 * @param result  the result.
 * @return true when it does; false otherwise, and for a NULL @p result (which sets the error
 *         detail).
 * @since 0.1
 */
PKI_API bool pki_verify_result_trusted(const pki_verify_result_t *result);
/**
 * Number of reasons: every distinct one of the path reported, up to 4 per certificate and
 * reason code and 64 in all (a hostile chain cannot make the result grow without end).
 * @param result  the result.
 * @return the count (>= 0; 0 when valid), or PKI_E_INVALID_ARG for a NULL @p result.
 * @since 0.1
 */
PKI_API int pki_verify_result_reason_count(const pki_verify_result_t *result);
/**
 * The @p index-th reason.
 * @param[out] message     a sentence naming the certificate involved, e.g. "expired on
 *                         2026-01-01 (CN=registry.example.com)"; lent (owned by the result).
 *                         May be NULL.
 * @param[out] cert_index  index in the chain of the certificate concerned; may be NULL.
 * @param result  the result.
 * @param index   0 .. pki_verify_result_reason_count() - 1.
 * @return the pki_verify_reason_t (> 0), PKI_E_NOT_FOUND past the end, PKI_E_INVALID_ARG.
 * @since 0.1
 */
PKI_API int pki_verify_result_reason(const char **message, int *cert_index,
				     const pki_verify_result_t *result, unsigned index);
/**
 * JSON object: {"valid": bool, "trusted": bool, "chain": [{"subject", "issuer", "serial",
 * "not_before", "not_after", "fingerprint_sha256"}], "reasons": [{"code": int, "reason":
 * name, "cert_index": int, "subject": string, "message": string}], "time": RFC 3339,
 * "host": string or null, "purpose": "any"|"server"|"client"}.
 * @param[out] out  the JSON text, owned by the caller (pki_free); NULL on failure.
 * @param result  the result.
 * @param flags   reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG (NULL argument, non-zero flags), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_verify_result_to_json(char **out, const pki_verify_result_t *result,
				      unsigned flags);
/**
 * Human-readable text: the chain (one line per certificate) then each reason; control
 * characters of names escaped.
 * @param[out] out  the text, owned by the caller (pki_free); NULL on failure.
 * @param result  the result.
 * @param flags   reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG (NULL argument, non-zero flags), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_verify_result_to_text(char **out, const pki_verify_result_t *result,
				      unsigned flags);
/**
 * Free a result (the chain and messages it lent become invalid).
 * @param result  the result, or NULL (nothing happens).
 * @since 0.1
 */
PKI_API void pki_verify_result_free(pki_verify_result_t *result);

#ifdef __cplusplus
}
#endif
#endif /* PKI_VERIFY_H */
