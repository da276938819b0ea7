/*
 * libpki — what the issuance files share: the options object (issue-opts.c), the names of
 * the certificate (issue-sans.c), the per-CA checks done once (issue.c, also for issuer.c)
 * and the per-request issuance that trusts them.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef LIBPKI_ISSUE_INT_H
#define LIBPKI_ISSUE_INT_H

#include "internal.h"

/*
 * What signs a certificate: a CA certificate and its key (checked by pki__issuer_check), or,
 * for a self-signed certificate, crt NULL and the subject key itself.
 */
struct pki__issuer_in {
	gnutls_x509_crt_t crt; /* NULL for self-signed */
	const pki_key_t *key;
	/* Filled by pki__issuer_check for a CA: */
	int path_len;          /* the CA's pathLenConstraint, -1 for none */
	int64_t not_after;     /* the CA's notAfter: no certificate may outlive it */
	unsigned char aki[64]; /* the CA's key identifier, for authorityKeyIdentifier */
	size_t aki_len;
	unsigned char key_id[20]; /* SHA-1 of the CA's key bits (pki__key_sha1_id): key reuse */
};

/*
 * The per-CA checks: @p key has its private part and is the key of @p crt, @p crt is a CA
 * allowed to sign certificates (basicConstraints CA:TRUE, keyCertSign when keyUsage is
 * present), its notAfter and key identifier are readable. Fills @p is (release it with
 * pki__issuer_clear, also after a failure). 0 or a PKI_E_* code with the detail set.
 */
int pki__issuer_check(struct pki__issuer_in *is, gnutls_x509_crt_t crt, const pki_key_t *key);
void pki__issuer_clear(struct pki__issuer_in *is);

/*
 * The per-request work of pki_cert_issue on a checked issuer: the request's signature,
 * subject key, key reuse, validity within the CA's, profile and extensions, signing.
 * @p opts NULL means the server profile's defaults; @p flags as pki_cert_issue's (checked).
 */
int pki__issue_csr(pki_cert_t **out, const struct pki__issuer_in *is, const pki_csr_t *csr,
		   const pki_issue_opts_t *opts, unsigned flags);
/* The same for a bare public key and a subject (pki_cert_issue_for_key). */
int pki__issue_key(pki_cert_t **out, const struct pki__issuer_in *is, gnutls_pubkey_t pub,
		   const char *subject, const pki_issue_opts_t *opts, unsigned flags);
/* PKI_E_INVALID_ARG unless @p flags holds only PKI_ISSUE_* flags; @p fn names the caller. */
int pki__issue_check_flags(unsigned flags, const char *fn);

/* ---- the options object (issue-opts.c), read by issuance (issue.c, issue-sans.c) ---- */

#define SERIAL_MAX_BYTES 20     /* RFC 5280 4.1.2.2: at most 20 octets */

struct san_entry {
	int type;    /* pki_san_type_t */
	char *value; /* normalised, without the type prefix */
};

struct nc_entry {
	unsigned type; /* GNUTLS_SAN_DNSNAME, _RFC822NAME or _IPADDRESS */
	bool permitted;
	unsigned char *data; /* name text, or address followed by mask for IP */
	unsigned size;
};

struct ext_entry {
	char *oid;
	unsigned char *der;
	size_t size;
	bool critical;
};

struct policy_entry {
	char *oid, *cps, *notice; /* cps and notice may be NULL */
};

enum validity_mode { VALIDITY_DEFAULT, VALIDITY_DAYS, VALIDITY_EXPLICIT };

struct pki_issue_opts {
	pki_profile_t profile;
	enum validity_mode validity;
	unsigned days;
	int64_t not_before, not_after;
	unsigned char serial[SERIAL_MAX_BYTES];
	size_t serial_len; /* 0: a random serial per certificate */
	int path_len;      /* -1: no pathLenConstraint */
	char *subject;     /* NULL: the request's (or the given) subject */
	/* each list: n_ its entries, cap_ its slots (pki__issue_grow) */
	struct san_entry *sans;
	size_t n_sans, cap_sans;
	struct nc_entry *ncs;
	size_t n_ncs, cap_ncs;
	char **crl_urls, **ocsp_urls, **ca_issuers_urls;
	size_t n_crl_urls, n_ocsp_urls, n_ca_issuers_urls;
	size_t cap_crl_urls, cap_ocsp_urls, cap_ca_issuers_urls;
	struct ext_entry *exts; /* written as given, after everything else */
	size_t n_exts, cap_exts;
	bool copy_extensions; /* the request's extra extensions (never by default) */
	unsigned ku;          /* PKI_KU_* bits replacing the profile's; 0: the profile's */
	char **ekus;          /* dotted OIDs replacing the profile's; NULL: the profile's */
	size_t n_ekus, cap_ekus;
	pki_hash_t hash;      /* PKI_HASH_DEFAULT: the CA key's own */
	unsigned sign_flags;  /* 0 or PKI_SIGN_RSA_PSS */
	struct policy_entry *policies;
	size_t n_policies, cap_policies;
	char **map_issuer, **map_subject; /* policy mappings, pairs of OIDs */
	size_t n_maps, cap_map_issuer, cap_map_subject;
	int require_explicit, inhibit_mapping; /* policy constraints; -1: absent */
	int inhibit_any;                       /* inhibitAnyPolicy; -1: absent */
};

static inline bool pki__is_ca_profile(pki_profile_t p)
{
	return p == PKI_PROFILE_CA || p == PKI_PROFILE_INTERMEDIATE;
}

/* The TLS profiles: their certificates get a host-name CN as a SAN. */
static inline bool pki__is_tls_profile(pki_profile_t p)
{
	return p == PKI_PROFILE_SERVER || p == PKI_PROFILE_CLIENT || p == PKI_PROFILE_SERVER_CLIENT;
}

/* The defaults of @p profile, in @p o (no allocation: nothing to free). */
void pki__issue_opts_defaults(pki_issue_opts_t *o, pki_profile_t profile);
/* pki_issue_opts_set_subject's work (issue-opts.c), @p opts and @p subject not NULL: the
 * DN string parsed (refused here when bad) and kept. */
int pki__issue_opts_set_subject(pki_issue_opts_t *opts, const char *subject);
/* The profile's name ("server", ...), static text; "unknown" for no profile. */
const char *pki__profile_name(pki_profile_t p);
/* The profile's extended key usages: up to 3 OIDs, NULL-terminated when fewer. */
const char *const *pki__profile_ekus(pki_profile_t p);
/*
 * pki__grow for the lists of the options: room for one more entry after the @p n of the
 * array @p old (*@p cap slots), at most PKI_ISSUE_MAX_ENTRIES entries per list
 * (PKI_E_TOO_LARGE past it). Store the result where @p old was (it may be freed); NULL on
 * failure with *@p err set (the detail recorded) and @p old untouched.
 */
void *pki__issue_grow(void *old, size_t *cap, size_t n, size_t elem, const char *what, int *err);
/* Append (@p type, @p value) to the array *@p v of *@p n entries in *@p cap slots, which
 * takes @p value. */
int pki__issue_san_append(struct san_entry **v, size_t *n, size_t *cap, int type, char *value);

/* ---- the names of the certificate (issue-sans.c) ---- */

/*
 * Write the subjectAltName of @p crt, whose subject is already set: the names of the request
 * @p crq (may be NULL; @p crq_sans, when not NULL, its names as the request handle decoded
 * them, read instead of decoding the extension again), each validated again, then the
 * options' names, without duplicates;
 * a TLS certificate without names gets its host-name CN; an email certificate needs a
 * mailbox. An empty subject needs names (and makes the SAN critical), except that CA and
 * self-signed (@p self_signed) certificates always need a subject.
 */
int pki__issue_sans(gnutls_x509_crt_t crt, gnutls_x509_crq_t crq, const pki__sans_t *crq_sans,
		    const pki_issue_opts_t *o, bool self_signed);

#endif
