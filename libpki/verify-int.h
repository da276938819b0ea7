/*
 * libpki — what the verifier's stages share (never installed).
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The verifier is a pipeline, one stage per file:
 *   path.c             path building: candidate issuers, backtracking, the work budget
 *   validate.c         RFC 5280 6.1 basic checks of one path, algorithms, the leaf
 *   nameconstraints.c  RFC 5280 6.1.3 (b)/(c), 6.1.4 (g): name constraints of one path
 *   namecmp.c          RFC 5280 7.1 name comparison (shared by all stages)
 *   policy.c           RFC 5280 6.1 certificate policies: the valid-policy graph
 *   revocation.c       RFC 5280 6.3: CRLs of one path
 *   profile.c          per-certificate profile rules (rfc5280, webpki), shared with pki lint
 *   verify.c           the public API: trust stores, options, results, reasons
 * A stage never allocates reasons itself: it calls pki__vreason() on the context, which
 * records them for the path being tried. A stage returns nothing: what it cannot check is a
 * reason (fail closed), what it runs out of memory for sets the context's nomem.
 *
 * Paths are stored leaf first: path->certs[0] is the target, path->certs[n - 1] the trust
 * anchor when path->anchored. RFC 5280 numbers them the other way round (certificate 1 is
 * the one the anchor issued): RFC index i is path->certs[n - 1 - i] for an anchored path.
 */
#ifndef PKI_VERIFY_INT_H
#define PKI_VERIFY_INT_H

#include "crl-int.h"

#include <pki/verify.h>

#define PKI__VERIFY_DEFAULT_DEPTH 16 /* certificates in a path, anchor included */
#define PKI__VERIFY_MAX_DEPTH 64     /* the most pki_verify_opts_set_max_depth() accepts */
#define PKI__VERIFY_MAX_POLICIES 256 /* the most pki_verify_opts_add_policy() accepts */

/* Verification settings (pki_verify_opts_t), resolved defaults noted. verify.c owns it. */
struct pki_verify_opts {
	char *host;           /* DNS name or IP text; NULL: no host check */
	unsigned char ip[16]; /* host as an address when iplen > 0 */
	size_t iplen;
	char *email;          /* rfc822 peer name for client/email certificates; NULL: none */
	int purpose;          /* pki_purpose_t; PKI_PURPOSE_SERVER when a host is set and no
	                         purpose was chosen (purpose_set) */
	bool purpose_set;
	int64_t when;         /* validation time (Unix seconds) when when_set, else now */
	bool when_set;
	int crl_check;        /* pki_crl_check_t */
	int profile;          /* pki_verify_profile_t */
	unsigned max_depth;   /* PKI__VERIFY_DEFAULT_DEPTH when 0 */
	unsigned alg_flags;   /* PKI_VERIFY_ALLOW_* relaxations of the algorithm policy */
	/* RFC 5280 6.1.1 (c), (e), (f), (g): user-initial-policy-set (none: anyPolicy) */
	char **policies;
	size_t npolicies, cappolicies;
	bool explicit_policy, inhibit_mapping, inhibit_any;
	gnutls_x509_crt_t *untrusted; /* owned copies */
	struct pki__crt_meta *untrusted_meta; /* one per untrusted certificate (system unused) */
	size_t nuntrusted, capuntrusted;
	struct pki__ocsp_set *ocsp; /* OCSP responses, a revocation source (ocsp-verify.c) */
};

/* What is kept of each anchor and untrusted certificate besides the certificate. */
struct pki__crt_meta {
	bool system;            /* an anchor from pki_trust_add_system (too); false otherwise */
	struct pki__dn *subject; /* prepared once (namecmp.h); NULL: malformed, matches nothing */
	unsigned char fpr[32];   /* SHA-256 of the DER (pki__crt_fpr); zeros: none */
	gnutls_datum_t der;      /* its DER (gnutls_free; size 0: none), to copy it cheaply */
};

/* A trust store (pki_trust_t). verify.c owns it. Read-only once built: verifications may
 * share it from several threads (the signature cache has its own lock). */
struct pki_trust {
	gnutls_x509_crt_t *anchors; /* owned */
	struct pki__crt_meta *meta; /* one per anchor */
	size_t nanchors, capanchors;
	pki_crl_t **crls;           /* owned copies, in the order added */
	size_t ncrls, capcrls;
	struct pki__sigcache *cache; /* checks already made (path.c); thread-safe; NULL with
	                                PKI_TRUST_NO_CACHE: nothing is remembered */
};

/* One path being validated; borrowed certificates, display names made by verify.c. */
typedef struct {
	gnutls_x509_crt_t *certs; /* certs[0] is the target */
	char **names;             /* one display name per certificate (RFC 4514, escaped), NULL
	                             until a message needs it: read them with pki__pname() */
	bool *names_nomem;        /* set when a display name could not be made */
	size_t n;
	bool anchored;            /* certs[n - 1] is a trust anchor */
	bool too_long;            /* building stopped at the depth limit */
} pki__path_t;

/* One verification: settings, trust store, budget, and the reasons of the current path.
 * Stages use the accessors below; only verify.c and path.c touch the fields. */
typedef struct pki__vctx pki__vctx_t;
struct pki_verify_result;
struct pki__vctx {
	const pki_trust_t *trust;
	const pki_verify_opts_t *opts; /* never NULL: the defaults when the caller gave none */
	int64_t when;
	int purpose;                   /* resolved pki_purpose_t */
	struct pki_verify_result *result; /* reasons of the path being validated */
	struct pki_verify_result *best;   /* reasons of the best path so far (verify.c) */
	gnutls_x509_crt_t best_certs[PKI__VERIFY_MAX_DEPTH + 1]; /* borrowed */
	size_t best_n;
	bool have_best, best_anchored;
	unsigned sig_checks;           /* signature checks made so far (the budget) */
	bool budget_spent;
	unsigned nested;               /* > 0 while validating a CRL signer's own path */
	struct {
		gnutls_x509_crt_t crt, issuer;
		bool ok;
	} memo[64];                    /* signature checks of this verification */
	size_t nmemo;
	struct {
		gnutls_x509_crt_t crt;
		unsigned char fpr[32];
	} fmemo[8];                    /* fingerprints of certificates that are neither anchors
	                                  nor untrusted (the target): pki__vctx_fpr */
	size_t nfmemo;
	struct {
		gnutls_x509_crt_t crt;
		gnutls_pubkey_t pub;   /* NULL: the key cannot be imported */
		gnutls_x509_crt_t from; /* the issuer whose DSA parameters pub took, or NULL */
		signed char bounded;   /* pki__crt_key_bounded: -1 not known yet */
	} pmemo[16];                   /* public keys imported once per verification:
	                                  pki__vctx_pubkey, released by pki__vctx_release */
	size_t npmemo;
	unsigned vreason_calls;        /* pki__vreason calls, kept or not */
};

/* ---- shared certificate helpers ---- */
/* The SHA-256 fingerprint of @p crt's DER into @p fpr; false when it cannot be computed. path.c */
bool pki__crt_fpr(unsigned char fpr[32], gnutls_x509_crt_t crt);
/* The index of @p crt among the trust store's anchors, or -1. path.c */
long pki__trust_find(const pki_trust_t *trust, gnutls_x509_crt_t crt);
/* @p crt's fingerprint as pki__crt_fpr, from what the trust store, the options or this
 * verification already computed (GnuTLS 3.7 re-encodes the certificate for each
 * gnutls_x509_crt_get_fingerprint); false when it cannot be computed. path.c */
bool pki__vctx_fpr(pki__vctx_t *v, gnutls_x509_crt_t crt, unsigned char fpr[32]);
/* The same certificate (the same DER, by fingerprint). gnutls_x509_crt_equals compares the
 * names first, as strings when their bytes differ, which costs a DN decoding per call. path.c */
bool pki__vctx_same(pki__vctx_t *v, gnutls_x509_crt_t a, gnutls_x509_crt_t b);
/* Subject and issuer names equal (RFC 5280 6.1 "self-issued"), whatever the keys. path.c */
bool pki__crt_self_issued(gnutls_x509_crt_t crt);
/* basicConstraints CA:TRUE; @p pathlen gets the pathLenConstraint or -1. validate.c */
bool pki__crt_is_ca(gnutls_x509_crt_t crt, int *pathlen);
/* "DNS:name", "IP:addr", "email:addr" for messages (not escaped). validate.c */
void pki__san_text(char *buf, size_t len, unsigned type, const unsigned char *v, size_t n);
/* Search the paths of @p target (backtracking), calling pki__vctx_evaluate on each complete
 * or dead-end path until one is valid or the budget is spent. path.c */
void pki__path_search(pki__vctx_t *v, gnutls_x509_crt_t target);
/* Validate one path with every stage and keep it when it is the best so far; true when it is
 * valid. verify.c */
bool pki__vctx_evaluate(pki__vctx_t *v, pki__path_t *path);
/* Whether @p crt is (a copy of) a trust anchor of the system store (pki_trust_add_system).
 * path.c */
bool pki__vctx_is_system_anchor(const pki__vctx_t *v, gnutls_x509_crt_t crt);
/* Whether @p crt is (a copy of) a trust anchor. path.c */
bool pki__vctx_is_anchor(const pki__vctx_t *v, gnutls_x509_crt_t crt);
/* The trust store's signature cache. path.c */
struct pki__sigcache *pki__sigcache_new(void);
void pki__sigcache_free(struct pki__sigcache *cache);
/* The cache's entries: 32-byte keys (a SHA-256 that names what was checked, with a domain
 * of its own per kind of check), a boolean each; get answers -1 when absent. Bounded (1024
 * entries in sets of 4, the oldest of a full set replaced) and thread-safe. path.c */
int pki__sigcache_get(struct pki__sigcache *cache, const unsigned char key[32]);
void pki__sigcache_put(struct pki__sigcache *cache, const unsigned char key[32], bool ok);
/* @p n bytes of text with control characters escaped, for messages (pki_free). verify.c */
char *pki__vescape(const char *s, size_t n);
/* Whether one signature check with @p issuer's key costs a bounded amount of work (RSA up to
 * 8192 bits with an exponent below 2^64, DSA up to 3072 bits). path.c */
bool pki__crt_key_bounded(gnutls_x509_crt_t issuer);
/* The same, remembered for this verification. path.c */
bool pki__vctx_key_bounded(pki__vctx_t *v, gnutls_x509_crt_t issuer);
/* @p crt's public key, imported once per verification (borrowed until pki__vctx_release):
 * 0, -1 when it cannot be imported (*pub NULL), or PKI_E_NOMEM. When the verification's table
 * is full the key is the caller's (*owned true: gnutls_pubkey_deinit). path.c */
int pki__vctx_pubkey(pki__vctx_t *v, gnutls_x509_crt_t crt, gnutls_pubkey_t *pub, bool *owned);
/* Release what the verification imported (pki__vctx_pubkey). path.c */
void pki__vctx_release(pki__vctx_t *v);
/* Whether @p crt's signature verifies with its own key, whatever its names; false for a key
 * too large to check (the work budget's bounds). No budget, no cache: for profile.c. path.c */
bool pki__crt_own_key_signed(gnutls_x509_crt_t crt);
/* A root: self-issued and signed with its own key. path.c */
bool pki__crt_self_signed(pki__vctx_t *v, gnutls_x509_crt_t crt);

/* ---- verify.c: results ---- */
/* The display name of certificate @p i of @p path ("the leaf 'CN=x'", "intermediate 1 'CN=y'",
 * "the trust anchor 'CN=z'"; escaped), made at the first call: only messages need them, and
 * a valid path has none. "?" when memory runs out (the verification then fails with
 * PKI_E_NOMEM). */
const char *pki__pname(const pki__path_t *path, size_t i);
/* Record a reason against the path being validated: @p index is the path position of the
 * certificate concerned (0 = target). The message names the certificate and the rule. */
void pki__vreason(pki__vctx_t *v, int code, int index, const char *fmt, ...) PKI_PRINTF(4, 5);
/* Out of memory inside a stage: the verification fails with PKI_E_NOMEM. */
void pki__vnomem(pki__vctx_t *v);
const pki_verify_opts_t *pki__vctx_opts(const pki__vctx_t *v);
/* Whether a reason of @p code (0: any) is recorded for the current path. */
bool pki__vctx_has_reason(const pki__vctx_t *v, int code);
const pki_trust_t *pki__vctx_trust(const pki__vctx_t *v);
/* How many times pki__vreason was called in this verification (whether or not the reason
 * was kept): a stage compares it before and after to know whether it found anything. */
unsigned pki__vctx_reason_calls(const pki__vctx_t *v);
int64_t pki__vctx_time(const pki__vctx_t *v);

/* ---- path.c: building and the work budget ---- */
/* Whether @p crt's signature verifies with @p issuer's key, through the trust store's cache,
 * counted against the budget (false once it is spent; the budget reason is then recorded). */
bool pki__vctx_signed_by(pki__vctx_t *v, gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer);
/* The same for a CRL. */
bool pki__vctx_crl_signed_by(pki__vctx_t *v, const pki_crl_t *crl, gnutls_x509_crt_t issuer);
/* Whether @p signer (a CRL issuer that is not on the path) has a valid path of its own to a
 * trust anchor at the context's time, validated as for a CA (no revocation check of its own
 * beyond one level, so CRL signers cannot recurse without end). Candidates come from the
 * trust store and the untrusted certificates. */
bool pki__vctx_crl_signer_valid(pki__vctx_t *v, gnutls_x509_crt_t signer);
/* Certificates (anchors first, then untrusted) whose subject equals @p raw_dn by
 * pki__dn_equal; at most @p max into @p out (borrowed); the number found. */
size_t pki__vctx_by_subject(pki__vctx_t *v, const gnutls_datum_t *raw_dn, gnutls_x509_crt_t *out,
			    size_t max);

/* ---- validate.c: algorithms ---- */
/* 0 when a signature algorithm / public key is acceptable under the options' algorithm
 * policy, else PKI_VERIFY_WEAK_ALGORITHM with a short phrase ("RSA-1024", "SHA-1") in @p why. */
int pki__alg_check_sign(const pki__vctx_t *v, int gnutls_sign_algo, char *why, size_t len);
int pki__alg_check_pubkey(const pki__vctx_t *v, gnutls_pubkey_t pub, char *why, size_t len);

/* ---- namecmp.c: RFC 5280 7.1 ---- */
/* Two DER Names equal after the RFC 4518 preparation (case folding, whitespace, string types);
 * malformed input compares unequal. */
bool pki__dn_equal(const gnutls_datum_t *a, const gnutls_datum_t *b);
/* @p name lies within the subtree @p base (base's RDNs are a prefix of name's). */
bool pki__dn_within(const gnutls_datum_t *name, const gnutls_datum_t *base);

/* ---- the stages ---- */
void pki__validate_path(pki__vctx_t *v, const pki__path_t *path);         /* validate.c */
void pki__validate_leaf(pki__vctx_t *v, const pki__path_t *path);         /* validate.c */
void pki__nc_check(pki__vctx_t *v, const pki__path_t *path);              /* nameconstraints.c */
void pki__policy_check(pki__vctx_t *v, const pki__path_t *path);          /* policy.c */
void pki__revocation_check(pki__vctx_t *v, const pki__path_t *path);      /* revocation.c */

/* ---- profile.c: one rule set for the verifier's profiles and pki lint ---- */
typedef enum { PKI__SEV_ERROR = 1, PKI__SEV_WARNING = 2, PKI__SEV_NOTICE = 3 } pki__severity_t;
/* Called once per finding: @p rule is a stable identifier ("rfc5280.serial.length"), @p source
 * where it comes from ("RFC 5280 4.1.2.2"), @p text a sentence. */
typedef void (*pki__finding_fn)(void *arg, pki__severity_t sev, const char *rule,
				const char *source, const char *text);
/* Apply the rules of @p profile (pki_verify_profile_t) to @p crt at path position @p index
 * (0 = leaf) of a path of @p n certificates, @p is_anchor for a trust anchor. */
/* The verifier's own checks of a certificate's extensions, which pki__profile_check_cert
 * makes on the extensions its rules read (each value parsed once): */
enum {
	PKI__EXT_UNREADABLE = 1,  /* the extensions cannot be read (after those reported) */
	PKI__EXT_TWICE,           /* @p oid appears again */
	PKI__EXT_UNKNOWN_CRITICAL, /* @p oid is critical and not processed (pki__ext_known) */
	PKI__EXT_MALFORMED,       /* the value of @p oid, a known extension, does not parse */
	PKI__EXT_TOO_MANY,        /* too many extensions to check here: check them otherwise */
};
typedef void (*pki__ext_fn)(void *arg, int kind, const char *oid);
/* Whether the verifier processes the extension @p oid (validate.c). */
bool pki__ext_known(const char *oid);
/* Whether the value @p d of the known extension @p oid parses (GnuTLS's parsers). validate.c */
bool pki__ext_parses(const char *oid, const gnutls_datum_t *d);
/* @p pub is @p crt's public key when the caller has it imported already (else NULL); @p ext_fn,
 * when not NULL, gets the findings of the extension checks above. */
void pki__profile_check_cert(gnutls_x509_crt_t crt, gnutls_pubkey_t pub, int profile,
			     size_t index, size_t n, bool is_anchor, pki__finding_fn fn, void *arg,
			     pki__ext_fn ext_fn, void *ext_arg);

#endif /* PKI_VERIFY_INT_H */
