/*
 * libpki — a CRL as crl.c parses it once per handle, for revocation.c and verify.c (never
 * installed).
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PKI_CRL_INT_H
#define PKI_CRL_INT_H

#include "asn1.h"
#include "internal.h"

#include <pki/crl.h>
#include <pki/verify.h>

/* GeneralName alternatives (the context tags of RFC 5280 4.2.1.6; crl.c, nameconstraints.c). */
typedef enum {
	PKI__GN_OTHER = 0,
	PKI__GN_RFC822 = 1,
	PKI__GN_DNS = 2,
	PKI__GN_X400 = 3,
	PKI__GN_DIRNAME = 4,
	PKI__GN_EDI = 5,
	PKI__GN_URI = 6,
	PKI__GN_IP = 7,
	PKI__GN_RID = 8,
	PKI__GN_COUNT
} pki__gn_t;

/* One GeneralName: its alternative and a DER value (a directoryName's Name; for the others the
 * DER of the GeneralName itself), owned (gnutls_free). */
typedef struct {
	int type;
	gnutls_datum_t der;
} pki__gname_t;

/* GeneralNames (owned). */
typedef struct {
	pki__gname_t *v;
	size_t n;
} pki__gnames_t;

/* ReasonFlags bits (RFC 5280 4.2.1.13): bit i of the mask is ReasonFlags bit i. */
#define PKI__REASON_BIT(r) (1u << (r))
#define PKI__REASONS_ALL 0x1feu /* keyCompromise (1) .. aACompromise (8) */

/* One revoked entry. */
typedef struct {
	gnutls_datum_t serial; /* the INTEGER's content bytes in minimal two's complement, any
				  length (points into pki_crl.serials) */
	int64_t revoked_at;
	int reason;            /* pki_crl_reason_t; PKI_CRL_REASON_UNSPECIFIED when absent */
	int64_t invalidity;    /* invalidityDate, -1 when absent */
	/* certificateIssuer in effect for this entry (RFC 5280 5.3.3: it carries over to the
	 * entries that follow); NULL: the CRL issuer. Index into pki_crl.cert_issuers. */
	const pki__gnames_t *issuer;
	bool unknown_critical; /* a critical entry extension libpki does not know */
} pki__crl_entry_t;

/* Resolved distribution point names: a fullName, or nameRelativeToCRLIssuer appended to the
 * issuer's name (one directoryName). */
typedef struct {
	bool present;
	pki__gnames_t names;
} pki__dpname_t;

struct pki_crl {
	gnutls_x509_crl_t crl;     /* GnuTLS's handle (signature checks, export) */
	gnutls_datum_t der;        /* the whole CRL (gnutls_free) */
	gnutls_datum_t issuer;     /* the issuer Name's DER (gnutls_free) */
	int64_t this_update, next_update; /* next_update -1 when absent */
	int sign_algo;             /* gnutls_sign_algorithm_t of the signature */
	char sign_oid[128];        /* the signature algorithm's OID */
	pki__crl_entry_t *entries; /* in the CRL's order */
	size_t count;              /* at most PKI_CRL_MAX_ENTRIES */
	const pki__crl_entry_t **sorted; /* the entries by serial (pki__crl_find's binary search) */
	unsigned char *serials;    /* storage of the entries' serials */
	pki__gnames_t *cert_issuers; /* the certificateIssuer values of the entries */
	size_t ncert_issuers;
	/* crlExtensions */
	bool unknown_critical;     /* a critical CRL extension libpki does not know */
	gnutls_datum_t number;     /* cRLNumber content bytes; size 0 when absent */
	bool number_critical;      /* RFC 5280 5.2.3: must be non-critical */
	bool delta;                /* a delta CRL (deltaCRLIndicator) */
	gnutls_datum_t base_number; /* its BaseCRLNumber */
	gnutls_datum_t aki;        /* authorityKeyIdentifier keyIdentifier; size 0 when absent */
	bool entry_unknown_critical; /* an entry has a critical extension libpki does not know:
				       RFC 5280 5.3, the CRL must not be used at all */
	bool has_idp;              /* issuingDistributionPoint */
	gnutls_datum_t idp_der;    /* its DER (the scope of the CRL); size 0 when absent */
	pki__dpname_t idp_name;
	bool only_user, only_ca, only_attr, indirect;
	unsigned only_reasons;     /* PKI__REASONS_ALL when onlySomeReasons is absent */
	/* The issuer's attributes (pki_crl_issuer_attribute), decoded at first use and published
	 * with a compare-and-swap like a certificate's (dn.c); NULL until then. */
	_Atomic(struct pki__dn_attrs *) issuer_attrs;
};

/* A certificate's serial as an entry holds it (minimal two's complement content; gnutls_free). */
int pki__cert_serial(gnutls_datum_t *out, gnutls_x509_crt_t crt);
/* Compare two INTEGER contents by value (any length, non-minimal forms equal to minimal). */
bool pki__int_equal(const gnutls_datum_t *a, const gnutls_datum_t *b);
/* -1, 0, 1 as @p a is less than, equal to, greater than @p b (non-negative INTEGERs). */
int pki__uint_cmp(const gnutls_datum_t *a, const gnutls_datum_t *b);

/* A certificate's serial for display only (at most 21 bytes kept: longer ones end in their
 * tail); prefer pki__cert_serial. */
int pki__cert_serial_bytes(unsigned char out[21], size_t *len, gnutls_x509_crt_t crt);
/* Hex of a serial in entry form for display, without a leading 00 sign byte (pki_free). */
char *pki__serial_hex(const unsigned char *p, size_t n);

/* Find the entry of @p serial whose certificate issuer is @p cert_issuer (the raw Name DER of
 * the certificate's issuer): in a CRL that is not indirect every entry is the CRL issuer's;
 * in an indirect one an entry belongs to its certificateIssuer (or the CRL issuer). NULL when
 * none. */
const pki__crl_entry_t *pki__crl_find(const pki_crl_t *crl, const gnutls_datum_t *serial,
				      const gnutls_datum_t *cert_issuer);
/* Whether GeneralNames @p names contain the directoryName @p dn (pki__dn_equal). */
bool pki__gnames_have_dn(const pki__gnames_t *names, const gnutls_datum_t *dn);
/* Whether two sets of GeneralNames share a name (directoryName by pki__dn_equal, the others
 * byte for byte). */
bool pki__gnames_meet(const pki__gnames_t *a, const pki__gnames_t *b);
void pki__gnames_clear(pki__gnames_t *names);
/* Decode a DistributionPointName element @p name of @p node into resolved names;
 * nameRelativeToCRLIssuer is appended to @p issuer (a Name's DER). */
int pki__dpname_read(pki__dpname_t *out, asn1_node node, const char *name,
		     const gnutls_datum_t *issuer);
/* Decode GeneralNames at @p name of @p node. */
int pki__gnames_read(pki__gnames_t *out, asn1_node node, const char *name);

/* A new handle on the same CRL. */
int pki__crl_copy(pki_crl_t **out, const pki_crl_t *crl);
/* Every CRL of @p data (a PEM bundle of "X509 CRL" blocks, or one DER CRL): *out an array of
 * *n handles (free each with pki_crl_free, the array with pki_free). */
int pki__crl_import_all(pki_crl_t ***out, size_t *n, const void *data, size_t size);
/* "YYYY-MM-DD" for a Unix time into buf (>= 32 bytes). */
void pki__date(char *buf, size_t len, int64_t t);

/* The CRL extensions libpki reads or writes. */
#define OID_CRL_NUMBER "2.5.29.20"
#define OID_REASON_CODE "2.5.29.21"
#define OID_INVALIDITY_DATE "2.5.29.24"
#define OID_DELTA_CRL "2.5.29.27"
#define OID_IDP "2.5.29.28"
#define OID_CERT_ISSUER "2.5.29.29"
#define OID_AKI "2.5.29.35"

/* Hex ("0x" and ':' allowed) into big-endian bytes without leading zeros, 1..20 bytes,
 * positive; @p what names it in errors. */
int pki__crl_parse_serial(unsigned char out[21], size_t *len, const char *hex, const char *what);
/* A handle from one DER CRL (copied). */
int pki__crl_from_der(pki_crl_t **out, const unsigned char *der, size_t size);
/* pki_crl_verify's work: the signature and issuer name of @p crl against @p ca (no dates,
 * no CA flags). 0, or PKI_E_BAD_SIGNATURE with the detail set. */
int pki__crl_verify(const pki_crl_t *crl, gnutls_x509_crt_t ca);
/* The issuer as RFC 4514 text (pki_free). */
int pki__crl_issuer_str(char **out, const pki_crl_t *crl);
/* The signature algorithm's name, or its OID (pki_free). */
int pki__crl_sig_name(char **out, const pki_crl_t *crl);
/* Hex of a non-negative INTEGER's content without leading zero bytes (pki_free). */
char *pki__uint_hex(const gnutls_datum_t *d);

#endif /* PKI_CRL_INT_H */
