/*
 * libpki — linting certificates and CRLs against a profile (RFC 5280, CA/Browser Forum
 * baseline requirements). The rules are the ones verification applies with the same profile
 * (pki_verify_opts): an ERROR finding is what makes verification reject a certificate.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PKI_LINT_H
#define PKI_LINT_H

#include <pki/common.h>
#include <pki/crl.h>
#include <pki/verify.h>
#include <pki/x509.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The findings of one lint run. A handle may be used by one thread at a time. */
typedef struct pki_lint pki_lint_t;

/** How serious a finding is. */
typedef enum {
	PKI_LINT_ERROR = 1,   /**< breaks a MUST of the profile; verification rejects it */
	PKI_LINT_WARNING = 2, /**< breaks a SHOULD, or a MUST that verification tolerates */
	PKI_LINT_NOTICE = 3,  /**< worth knowing, not wrong */
} pki_lint_severity_t;

/** Where the certificate is meant to sit, for the rules that depend on it. */
#define PKI_LINT_AS_LEAF 0x1u /**< an end-entity certificate, whatever its extensions say */
#define PKI_LINT_AS_CA 0x2u   /**< a subordinate CA certificate (an issuer in a path) */
#define PKI_LINT_AS_ROOT 0x4u /**< a trust anchor */

/**
 * Check a certificate against @p profile.
 * @param[out] out  the findings (pki_lint_free), possibly none; NULL on failure.
 * @param cert      the certificate.
 * @param profile   PKI_VERIFY_PROFILE_RFC5280 or PKI_VERIFY_PROFILE_WEBPKI (other values are
 *                  PKI_E_INVALID_ARG).
 * @param flags     at most one of PKI_LINT_AS_LEAF, PKI_LINT_AS_CA, PKI_LINT_AS_ROOT; 0 infers
 *                  the position: a self-issued CA certificate is a root, another CA
 *                  certificate an intermediate, anything else a leaf.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_cert_lint(pki_lint_t **out, const pki_cert_t *cert, pki_verify_profile_t profile,
			  unsigned flags);

/**
 * Check a CRL against @p profile (RFC 5280 section 5; with PKI_VERIFY_PROFILE_WEBPKI also
 * the baseline requirements' CRL rules).
 * @param[out] out  the findings (pki_lint_free); NULL on failure.
 * @param crl       the CRL.
 * @param profile   PKI_VERIFY_PROFILE_RFC5280 or PKI_VERIFY_PROFILE_WEBPKI (other values are
 *                  PKI_E_INVALID_ARG).
 * @param flags     reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG, PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_crl_lint(pki_lint_t **out, const pki_crl_t *crl, pki_verify_profile_t profile,
			 unsigned flags);

/**
 * Number of findings.
 * @param lint  the findings.
 * @return the count (>= 0), or PKI_E_INVALID_ARG for a NULL @p lint.
 * @since 0.1
 */
PKI_API int pki_lint_count(const pki_lint_t *lint);

/**
 * Number of findings of severity @p sev.
 * @param lint  the findings.
 * @param sev   the severity; a value that is no pki_lint_severity_t counts 0 findings.
 * @return the count (>= 0), or PKI_E_INVALID_ARG for a NULL @p lint.
 * @since 0.1
 */
PKI_API int pki_lint_count_severity(const pki_lint_t *lint, pki_lint_severity_t sev);

/**
 * The @p index-th finding. Every output may be NULL; the strings are lent (owned by @p lint).
 * @param[out] rule    stable identifier, e.g. "rfc5280.serial.length".
 * @param[out] source  where the rule comes from, e.g. "RFC 5280 4.1.2.2", "CABF BR 7.1.2.7.10".
 * @param[out] text    one sentence; control characters and non-ASCII bytes from the
 *                     certificate are escaped (\\xHH).
 * @param lint   the findings.
 * @param index  0 .. pki_lint_count() - 1.
 * @return the pki_lint_severity_t (> 0), PKI_E_NOT_FOUND past the end, PKI_E_INVALID_ARG.
 * @since 0.1
 */
PKI_API int pki_lint_finding(const char **rule, const char **source, const char **text,
			     const pki_lint_t *lint, unsigned index);

/**
 * The name of a severity. Does not change the error detail.
 * @param sev  a pki_lint_severity_t.
 * @return "error", "warning" or "notice" (static memory); NULL for other values.
 * @since 0.1
 */
PKI_API const char *pki_lint_severity_name(int sev);

/**
 * JSON array of the findings: [{"severity": "error", "rule": "...", "source": "...",
 * "text": "..."}, ...]; ASCII only, valid for any certificate.
 * @param[out] out  the NUL-terminated JSON text, owned by the caller (pki_free); NULL on
 *                  failure.
 * @param lint      the findings.
 * @param flags     reserved, must be 0.
 * @return 0, or PKI_E_INVALID_ARG (NULL argument, non-zero flags), PKI_E_NOMEM.
 * @since 0.1
 */
PKI_API int pki_lint_to_json(char **out, const pki_lint_t *lint, unsigned flags);

/**
 * Free findings (the strings lent by pki_lint_finding() become invalid).
 * @param lint  the findings, or NULL (nothing happens).
 * @since 0.1
 */
PKI_API void pki_lint_free(pki_lint_t *lint);

#ifdef __cplusplus
}
#endif

#endif /* PKI_LINT_H */
