/*
 * libpki — reading X.509 certificates, and certificate chains (bundles).
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "internal.h"
#include "work-int.h"

#include "ext-int.h"

#include "asn1.h"
#include <gnutls/pkcs7.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Most certificates a bundle may hold, and most SANs one certificate may list. */
#define MAX_CHAIN PKI_MAX_CHAIN_CERTS

/* ---------------------------------------------------------------------------------------- */
/* Helpers shared with csr.c                                                                 */

/* GnuTLS's name of a public-key algorithm, "unknown" when it has none. */
static const char *pk_name(int pk)
{
	const char *name = pk > 0 ? gnutls_pk_get_name((gnutls_pk_algorithm_t)pk) : NULL;

	return name ? name : "unknown";
}

/* A key handle @p tmp lending @p pub, so the pki__key_* getters can describe it; returns GnuTLS's
 * algorithm of @p pub and its size in *@p bits. */
static int pub_view(pki_key_t *tmp, unsigned *bits, gnutls_pubkey_t pub)
{
	memset(tmp, 0, sizeof(*tmp));
	tmp->pub = pub;
	tmp->type = pki__key_type_of(pub);
	*bits = 0;
	return gnutls_pubkey_get_pk_algorithm(pub, bits);
}

void pki__pubkey_json(pki__buf_t *b, gnutls_pubkey_t pub)
{
	pki_key_t tmp;
	unsigned bits;
	int pk = pub_view(&tmp, &bits, pub);

	if (tmp.type != PKI_KEY_UNKNOWN) {
		pki__buf_add(b, "{\"type\":", 8);
		pki__buf_json_str(b, pki__key_algorithm(&tmp));
		pki__buf_printf(b, ",\"bits\":%d,\"curve\":", pki__key_bits(&tmp));
		pki__buf_json_str(b, pki__key_curve(&tmp));
		pki__buf_add(b, "}", 1);
		return;
	}
	/* An algorithm libpki does not handle (DSA, GOST, ...): still describe it. */
	pki__buf_add(b, "{\"type\":", 8);
	pki__buf_json_str(b, pk_name(pk));
	pki__buf_printf(b, ",\"bits\":%u,\"curve\":null}", bits);
}

void pki__pubkey_text(pki__buf_t *b, gnutls_pubkey_t pub)
{
	pki_key_t tmp;
	unsigned bits;
	int pk = pub_view(&tmp, &bits, pub);

	if (tmp.type == PKI_KEY_UNKNOWN) {
		pki__buf_printf(b, "Public Key Algorithm: %s (%u bits, not supported by libpki)",
				pk_name(pk), bits);
		return;
	}
	if (pki__key_curve(&tmp))
		pki__buf_printf(b, "Public Key Algorithm: %s, curve %s (%d bits)",
				pki__key_algorithm(&tmp), pki__key_curve(&tmp),
				pki__key_bits(&tmp));
	else
		pki__buf_printf(b, "Public Key Algorithm: %s (%d bits)", pki__key_algorithm(&tmp),
				pki__key_bits(&tmp));
}

char *pki__sign_name(int sign_algo, const char *oid)
{
	const char *name = NULL;

	if (sign_algo > 0)
		name = gnutls_sign_get_name((gnutls_sign_algorithm_t)sign_algo);
	return pki__strdup(name ? name : (oid && *oid ? oid : "unknown"));
}

/* ---------------------------------------------------------------------------------------- */
/* Certificates                                                                              */

static void dec_free(struct pki__cert_dec *dec)
{
	if (dec) {
		gnutls_x509_crt_deinit(dec->crt);
		pki__sans_clear(&dec->sans);
		pki_free(atomic_load_explicit(&dec->subject, memory_order_acquire));
		pki_free(atomic_load_explicit(&dec->issuer, memory_order_acquire));
		pki__dn_attrs_free(atomic_load_explicit(&dec->subject_attrs, memory_order_acquire));
		pki__dn_attrs_free(atomic_load_explicit(&dec->issuer_attrs, memory_order_acquire));
		pki__cert_ext_free(atomic_load_explicit(&dec->aia, memory_order_acquire));
		pki__cert_ext_free(atomic_load_explicit(&dec->crl_dp, memory_order_acquire));
		pki__cert_ext_free(atomic_load_explicit(&dec->policies, memory_order_acquire));
	}
	pki_free(dec);
}

void pki_cert_free(pki_cert_t *cert)
{
	if (cert) {
		dec_free(atomic_load_explicit(&cert->crt_imported, memory_order_acquire));
		gnutls_free(cert->der.data);
	}
	pki_free(cert);
}

/* @p crt (taken over) with its SANs decoded; NULL when memory runs out (detail set). */
static struct pki__cert_dec *dec_new(gnutls_x509_crt_t crt)
{
	struct pki__cert_dec *dec = pki__zalloc(sizeof(*dec));

	if (dec) {
		dec->crt = crt;
		atomic_init(&dec->subject, NULL);
		atomic_init(&dec->issuer, NULL);
		atomic_init(&dec->subject_attrs, NULL);
		atomic_init(&dec->issuer_attrs, NULL);
		atomic_init(&dec->aia, NULL);
		atomic_init(&dec->crl_dp, NULL);
		atomic_init(&dec->policies, NULL);
	}
	return pki__x509_adopt(dec, dec ? &dec->sans : NULL, crt, NULL);
}

int pki__cert_wrap(pki_cert_t **out, gnutls_x509_crt_t crt)
{
	struct pki__cert_dec *dec = dec_new(crt);
	pki_cert_t *cert = dec ? pki__zalloc(sizeof(*cert)) : NULL;

	if (dec && !cert) {
		dec_free(dec);
		pki__fail(PKI_E_NOMEM, "out of memory");
	}
	if (cert)
		atomic_init(&cert->crt_imported, dec);
	*out = cert;
	return cert ? 0 : PKI_E_NOMEM;
}

int pki__cert_wrap_der(pki_cert_t **out, gnutls_datum_t *der)
{
	pki_cert_t *cert = pki__zalloc(sizeof(*cert));

	if (!cert) {
		gnutls_free(der->data);
		*out = NULL;
		return pki__fail(PKI_E_NOMEM, "out of memory");
	}
	atomic_init(&cert->crt_imported, NULL);
	cert->der = *der;
	*out = cert;
	return 0;
}

static int crt_import(gnutls_x509_crt_t *crt, const gnutls_datum_t *d, gnutls_x509_crt_fmt_t fmt);

/*
 * The decoded certificate of @p cert: a lazy handle is decoded at the first call. The DER is
 * never changed, so threads may decode at once; the first to publish wins, the others free
 * their copy (lock-free). NULL for a NULL @p cert or when decoding fails (detail set).
 */
struct pki__cert_dec *pki__cert_dec(const pki_cert_t *cert)
{
	pki_cert_t *c = (pki_cert_t *)cert; /* the cache is not part of the value */
	struct pki__cert_dec *dec, *expected = NULL;
	gnutls_x509_crt_t crt;

	if (!c)
		return NULL;
	dec = atomic_load_explicit(&c->crt_imported, memory_order_acquire);
	if (dec)
		return dec;
	if (crt_import(&crt, &c->der, GNUTLS_X509_FMT_DER) < 0 || !(dec = dec_new(crt)))
		return NULL;
	if (!atomic_compare_exchange_strong_explicit(&c->crt_imported, &expected, dec,
						     memory_order_acq_rel, memory_order_acquire)) {
		dec_free(dec);
		dec = expected;
	}
	return dec;
}

gnutls_x509_crt_t pki__cert_crt(const pki_cert_t *cert)
{
	struct pki__cert_dec *dec = pki__cert_dec(cert);

	return dec ? dec->crt : NULL;
}

/* The certificate as the code shared with requests sees it (x509.c). */
static pki__x509_t x509(const pki_cert_t *cert)
{
	struct pki__cert_dec *dec = pki__cert_dec(cert);

	return (pki__x509_t){ dec ? dec->crt : NULL, NULL, dec ? &dec->sans : NULL, "cert",
			      "certificate" };
}

PKI__DEFINE_GNUTLS_IMPORT(crt_import, gnutls_x509_crt_t, gnutls_x509_crt, "a certificate",
			  "the certificate")

/* PEM input must carry a CERTIFICATE block; say what it is otherwise. */
static int check_cert_pem(const void *data, size_t size)
{
	if (pki__pem_has_label(data, size, "CERTIFICATE") ||
	    pki__pem_has_label(data, size, "X509 CERTIFICATE"))
		return 0;
	if (pki__pem_has_label(data, size, "CERTIFICATE REQUEST") ||
	    pki__pem_has_label(data, size, "NEW CERTIFICATE REQUEST"))
		return pki__fail(PKI_E_PARSE, "this is a certificate signing request, not a "
					      "certificate");
	if (pki__pem_has_label(data, size, "TRUSTED CERTIFICATE"))
		return pki__fail(PKI_E_UNSUPPORTED, "OpenSSL TRUSTED CERTIFICATE blocks are not "
						    "supported: convert with `openssl x509`");
	return pki__fail(PKI_E_PARSE, "no CERTIFICATE PEM block found");
}

int pki__cert_import(pki_cert_t **out, const void *data, size_t size)
{
	gnutls_x509_crt_t crt;
	gnutls_datum_t d;
	bool pem;
	int ret = pki__check_input(data, size);

	*out = NULL;
	if (ret < 0)
		return ret;
	pem = pki__is_pem(data, size);
	if (pem && (ret = check_cert_pem(data, size)) < 0)
		return ret;
	d.data = (unsigned char *)data;
	d.size = (unsigned)size;
	if ((ret = crt_import(&crt, &d, pem ? GNUTLS_X509_FMT_PEM : GNUTLS_X509_FMT_DER)) < 0)
		return ret;
	return pki__cert_wrap(out, crt);
}

int pki_cert_import(pki_cert_t **out, const void *data, size_t size, unsigned flags)
{
	int ret;

	if ((ret = PKI__ENTER_OUT(out, flags, 0)) < 0 || (ret = pki__arg(__func__, data, "data")) < 0)
		return ret;
	return pki__cert_import(out, data, size); /* which checks the input */
}

static int chain_import(pki_chain_t **out, const void *data, size_t size);

/* The body of pki_cert_import_file (@p cert given) and pki_chain_import_file (@p chain given),
 * @p path checked (pki__path): a "pkcs11:" URL is a certificate on a token, any other @p path a file. */
static int import_path(pki_cert_t **cert, pki_chain_t **chain, const char *path)
{
	unsigned char *data;
	size_t size;
	int ret;

	if (strncasecmp(path, "pkcs11:", 7) == 0)
		return cert ? pki__cert_import_url(cert, path) : pki__chain_import_url(chain, path);
	if ((ret = pki__file_read(&data, &size, path)) < 0)
		return ret;
	ret = cert ? pki__cert_import(cert, data, size) : chain_import(chain, data, size);
	pki_free(data);
	return ret;
}

int pki_cert_import_file(pki_cert_t **out, const char *path, unsigned flags)
{
	int ret = PKI__ENTER_OUT(out, flags, 0);

	if (ret < 0 || (ret = pki__path(__func__, path)) < 0)
		return ret;
	return import_path(out, NULL, path);
}

static int crt_export(gnutls_datum_t *d, gnutls_x509_crt_t crt, gnutls_x509_crt_fmt_t fmt)
{
	int ret = gnutls_x509_crt_export2(crt, fmt, d);

	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot encode the certificate");
	return 0;
}

static const pki__kind_t kind; /* what the code shared with requests and CRLs needs */

int pki_cert_export(unsigned char **out, size_t *size, const pki_cert_t *cert, pki_format_t format,
		    unsigned flags)
{
	return pki__export(__func__, out, size, cert, format, flags, &kind);
}

static int cert_dup(pki_cert_t **out, const pki_cert_t *cert)
{
	gnutls_datum_t d = { NULL, 0 };
	gnutls_x509_crt_t crt;
	int ret = crt_export(&d, pki__cert_crt(cert), GNUTLS_X509_FMT_DER);

	if (ret < 0)
		return ret;
	ret = crt_import(&crt, &d, GNUTLS_X509_FMT_DER);
	gnutls_free(d.data);
	if (ret < 0)
		return ret;
	return pki__cert_wrap(out, crt);
}

int pki_cert_dup(pki_cert_t **out, const pki_cert_t *cert)
{
	int ret = PKI__ENTER_OUT_OF(out, cert, "cert");

	return ret < 0 ? ret : cert_dup(out, cert);
}

/*
 * A copy of the subject (@p issuer false) or the issuer of @p cert as text. The text is
 * rendered once per handle and published like the decoded certificate (a compare-and-swap; a
 * thread that lost the race frees its copy); a name that does not render is not cached.
 */
static int dn_text(char **out, const pki_cert_t *cert, bool issuer)
{
	struct pki__cert_dec *dec = pki__cert_dec(cert);
	_Atomic(char *) *slot;
	char *s, *expected = NULL;

	*out = NULL;
	if (!dec)
		return PKI_E_NOMEM;
	slot = issuer ? &dec->issuer : &dec->subject;
	s = atomic_load_explicit(slot, memory_order_acquire);
	if (!s) {
		gnutls_datum_t d = { NULL, 0 };
		int ret = issuer ? gnutls_x509_crt_get_issuer_dn3(dec->crt, &d, 0)
				 : gnutls_x509_crt_get_dn3(dec->crt, &d, 0);

		if ((ret = pki__dn_text(&s, ret, &d, issuer ? "issuer" : "subject")) < 0)
			return ret;
		if (!atomic_compare_exchange_strong_explicit(slot, &expected, s,
							     memory_order_acq_rel,
							     memory_order_acquire)) {
			pki_free(s);
			s = expected;
		}
	}
	*out = pki__strdup(s);
	return *out ? 0 : pki__fail(PKI_E_NOMEM, "out of memory");
}

int pki_cert_subject(char **out, const pki_cert_t *cert)
{
	int ret = pki__enter_str(__func__, out, cert, "cert");

	return ret < 0 ? ret : dn_text(out, cert, false);
}

int pki_cert_issuer(char **out, const pki_cert_t *cert)
{
	int ret = pki__enter_str(__func__, out, cert, "cert");

	return ret < 0 ? ret : dn_text(out, cert, true);
}

static int serial_hex(char **out, gnutls_x509_crt_t crt)
{
	unsigned char buf[64];
	size_t size = sizeof(buf), skip = 0;
	int ret = gnutls_x509_crt_get_serial(crt, buf, &size);

	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
					"cannot read the serial number");
	while (skip + 1 < size && buf[skip] == 0)
		skip++;
	*out = size ? pki__hex(buf + skip, size - skip) : pki__strdup("00");
	return *out ? 0 : pki__fail(PKI_E_NOMEM, "out of memory");
}

int pki_cert_serial(char **out, const pki_cert_t *cert)
{
	int ret = pki__enter_str(__func__, out, cert, "cert");

	return ret < 0 ? ret : serial_hex(out, pki__cert_crt(cert));
}

static int validity(int64_t *not_before, int64_t *not_after, gnutls_x509_crt_t crt)
{
	time_t nb = gnutls_x509_crt_get_activation_time(crt);
	time_t na = gnutls_x509_crt_get_expiration_time(crt);

	if (nb == (time_t)-1 || na == (time_t)-1)
		return pki__fail(PKI_E_PARSE, "cannot read the validity period");
	*not_before = (int64_t)nb;
	*not_after = (int64_t)na;
	return 0;
}

int pki_cert_validity(int64_t *not_before, int64_t *not_after, const pki_cert_t *cert)
{
	pki__clear_error();
	if (!not_before || !not_after || !cert)
		return pki__fail(PKI_E_INVALID_ARG, "pki_cert_validity: NULL argument");
	return validity(not_before, not_after, pki__cert_crt(cert));
}

int pki_cert_san_count(const pki_cert_t *cert)
{
	return pki__x509_san_count(__func__, x509(cert));
}

/* The @p index-th SAN (type as return value); PKI_E_NOT_FOUND past the end. */
int pki_cert_san(char **out, const pki_cert_t *cert, unsigned index)
{
	return pki__x509_san(__func__, out, x509(cert), index);
}

int pki_cert_sans(char ***out, const pki_cert_t *cert, unsigned flags)
{
	return pki__x509_san_list(__func__, out, x509(cert), flags);
}

bool pki_cert_is_ca(const pki_cert_t *cert)
{
	unsigned critical = 0, ca = 0;
	int pathlen = -1;

	pki__clear_error();
	if (!cert) {
		pki__fail(PKI_E_INVALID_ARG, "pki_cert_is_ca: cert is NULL");
		return false;
	}
	return gnutls_x509_crt_get_basic_constraints(pki__cert_crt(cert), &critical, &ca,
						     &pathlen) > 0 &&
	       ca;
}

int pki_cert_path_len(const pki_cert_t *cert)
{
	unsigned critical = 0, ca = 0;
	int pathlen = -1, ret;

	pki__clear_error();
	if (!cert)
		return pki__fail(PKI_E_INVALID_ARG, "pki_cert_path_len: cert is NULL");
	ret = gnutls_x509_crt_get_basic_constraints(pki__cert_crt(cert), &critical, &ca, &pathlen);
	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return pki__fail(PKI_E_NOT_FOUND, "no basicConstraints extension");
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
					"cannot read basicConstraints");
	if (!ca)
		return pki__fail(PKI_E_NOT_FOUND, "not a CA certificate: no path length");
	if (pathlen < 0)
		return pki__fail(PKI_E_NOT_FOUND, "no pathLenConstraint");
	return pathlen;
}

/*
 * The key usages libpki names, in one table: the keyUsage bits (oid NULL; in the order of
 * the BIT STRING, which is the order of the dumps) and then the extended key usages.
 */
typedef struct {
	const char *oid;     /* an extended key usage's KeyPurposeId; NULL for a keyUsage bit */
	unsigned gnutls_bit; /* a keyUsage bit as GnuTLS's GNUTLS_KEY_* */
	unsigned bit;        /* PKI_KU_* or PKI_EKU_* */
	const char *name;
} usage_t;

static const usage_t usages[] = {
	{ NULL, GNUTLS_KEY_DIGITAL_SIGNATURE, PKI_KU_DIGITAL_SIGNATURE, "digitalSignature" },
	{ NULL, GNUTLS_KEY_NON_REPUDIATION, PKI_KU_NON_REPUDIATION, "nonRepudiation" },
	{ NULL, GNUTLS_KEY_KEY_ENCIPHERMENT, PKI_KU_KEY_ENCIPHERMENT, "keyEncipherment" },
	{ NULL, GNUTLS_KEY_DATA_ENCIPHERMENT, PKI_KU_DATA_ENCIPHERMENT, "dataEncipherment" },
	{ NULL, GNUTLS_KEY_KEY_AGREEMENT, PKI_KU_KEY_AGREEMENT, "keyAgreement" },
	{ NULL, GNUTLS_KEY_KEY_CERT_SIGN, PKI_KU_KEY_CERT_SIGN, "keyCertSign" },
	{ NULL, GNUTLS_KEY_CRL_SIGN, PKI_KU_CRL_SIGN, "cRLSign" },
	{ NULL, GNUTLS_KEY_ENCIPHER_ONLY, PKI_KU_ENCIPHER_ONLY, "encipherOnly" },
	{ NULL, GNUTLS_KEY_DECIPHER_ONLY, PKI_KU_DECIPHER_ONLY, "decipherOnly" },
	{ GNUTLS_KP_TLS_WWW_SERVER, 0, PKI_EKU_SERVER_AUTH, "serverAuth" },
	{ GNUTLS_KP_TLS_WWW_CLIENT, 0, PKI_EKU_CLIENT_AUTH, "clientAuth" },
	{ GNUTLS_KP_CODE_SIGNING, 0, PKI_EKU_CODE_SIGNING, "codeSigning" },
	{ GNUTLS_KP_EMAIL_PROTECTION, 0, PKI_EKU_EMAIL_PROTECTION, "emailProtection" },
	{ GNUTLS_KP_TIME_STAMPING, 0, PKI_EKU_TIME_STAMPING, "timeStamping" },
	{ GNUTLS_KP_OCSP_SIGNING, 0, PKI_EKU_OCSP_SIGNING, "OCSPSigning" },
	{ GNUTLS_KP_ANY, 0, PKI_EKU_ANY, "anyExtendedKeyUsage" },
};
#define N_USAGES (sizeof(usages) / sizeof(usages[0]))
#define IS_KU(u) ((u)->oid == NULL)

/* The extended key usage named @p name (any case), NULL when libpki does not name it. */
static const usage_t *eku_by_name(const char *name)
{
	for (size_t i = 0; i < N_USAGES; i++)
		if (!IS_KU(&usages[i]) && strcasecmp(name, usages[i].name) == 0)
			return &usages[i];
	return NULL;
}

/* The extended key usage of KeyPurposeId @p oid, NULL when libpki does not name it. */
static const usage_t *eku_by_oid(const char *oid)
{
	for (size_t i = 0; i < N_USAGES; i++)
		if (!IS_KU(&usages[i]) && strcmp(oid, usages[i].oid) == 0)
			return &usages[i];
	return NULL;
}

unsigned pki__ku_to_gnutls(unsigned bits)
{
	unsigned ku = 0;

	for (size_t i = 0; i < N_USAGES; i++)
		if (IS_KU(&usages[i]) && (bits & usages[i].bit))
			ku |= usages[i].gnutls_bit;
	return ku;
}

int pki_key_usage_from_name(const char *name)
{
	pki__clear_error();
	if (!name)
		return pki__fail(PKI_E_INVALID_ARG, "pki_key_usage_from_name: name is NULL");
	if (strcasecmp(name, "contentCommitment") == 0) /* X.509's later name for the bit */
		return PKI_KU_NON_REPUDIATION;
	for (size_t i = 0; i < N_USAGES; i++)
		if (IS_KU(&usages[i]) && strcasecmp(name, usages[i].name) == 0)
			return (int)usages[i].bit;
	return pki__fail(PKI_E_INVALID_ARG,
			 "unknown key usage \"%.80s\" (digitalSignature, nonRepudiation, "
			 "keyEncipherment, dataEncipherment, keyAgreement, keyCertSign, cRLSign, "
			 "encipherOnly, decipherOnly)",
			 name);
}

const char *pki__eku_oid(const char *name)
{
	const usage_t *u = eku_by_name(name);

	return u ? u->oid : NULL;
}

/* Key usage as PKI_KU_* bits, PKI_E_NOT_FOUND without the extension. */
static int crt_key_usage(gnutls_x509_crt_t crt, unsigned *critical)
{
	unsigned ku = 0, bits = 0;
	int ret = gnutls_x509_crt_get_key_usage(crt, &ku, critical);

	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return pki__fail(PKI_E_NOT_FOUND, "no keyUsage extension");
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
					"cannot read keyUsage");
	for (size_t i = 0; i < N_USAGES; i++)
		if (IS_KU(&usages[i]) && (ku & usages[i].gnutls_bit))
			bits |= usages[i].bit;
	return (int)bits;
}

int pki_cert_key_usage(const pki_cert_t *cert)
{
	unsigned critical = 0;

	pki__clear_error();
	if (!cert)
		return pki__fail(PKI_E_INVALID_ARG, "pki_cert_key_usage: cert is NULL");
	return crt_key_usage(pki__cert_crt(cert), &critical);
}

/* The @p index-th key purpose OID into @p oid; 1 when there is one, 0 past the end. */
static int crt_eku_oid(gnutls_x509_crt_t crt, unsigned index, char *oid, size_t len,
		       unsigned *critical)
{
	size_t size = len;
	int ret = gnutls_x509_crt_get_key_purpose_oid(crt, index, oid, &size, critical);

	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return 0;
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
					"cannot read extendedKeyUsage");
	return 1;
}

int pki_cert_ext_key_usage(const pki_cert_t *cert)
{
	unsigned bits = 0, critical = 0, i;
	char oid[128];
	int ret;

	pki__clear_error();
	if (!cert)
		return pki__fail(PKI_E_INVALID_ARG, "pki_cert_ext_key_usage: cert is NULL");
	for (i = 0; i < 1024; i++) {
		const usage_t *u;

		ret = crt_eku_oid(pki__cert_crt(cert), i, oid, sizeof(oid), &critical);
		if (ret < 0)
			return ret;
		if (ret == 0)
			break;
		u = eku_by_oid(oid);
		bits |= u ? u->bit : (unsigned)PKI_EKU_OTHER;
	}
	if (i == 0)
		return pki__fail(PKI_E_NOT_FOUND, "no extendedKeyUsage extension");
	return (int)bits;
}

static int key_id(char **out, gnutls_x509_crt_t crt, bool authority)
{
	unsigned char buf[256];
	size_t size = sizeof(buf);
	unsigned critical = 0;
	int ret = authority ? gnutls_x509_crt_get_authority_key_id(crt, buf, &size, &critical)
			    : gnutls_x509_crt_get_subject_key_id(crt, buf, &size, &critical);

	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return pki__fail(PKI_E_NOT_FOUND, "no %s key identifier",
				 authority ? "authority" : "subject");
	/* An authorityKeyIdentifier naming the issuer by name and serial only */
	if (authority && ret == GNUTLS_E_X509_UNSUPPORTED_EXTENSION)
		return pki__fail(PKI_E_NOT_FOUND, "the authorityKeyIdentifier has no keyIdentifier "
				 "(only the issuer's name and serial number)");
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
					"cannot read the %s key identifier",
					authority ? "authority" : "subject");
	*out = pki__hex(buf, size);
	return *out ? 0 : pki__fail(PKI_E_NOMEM, "out of memory");
}

int pki_cert_subject_key_id(char **out, const pki_cert_t *cert)
{
	int ret = pki__enter_str(__func__, out, cert, "cert");

	return ret < 0 ? ret : key_id(out, pki__cert_crt(cert), false);
}

int pki_cert_authority_key_id(char **out, const pki_cert_t *cert)
{
	int ret = pki__enter_str(__func__, out, cert, "cert");

	return ret < 0 ? ret : key_id(out, pki__cert_crt(cert), true);
}

int pki_cert_signature_algorithm(char **out, const pki_cert_t *cert)
{
	return pki__x509_signature_algorithm(__func__, out, x509(cert));
}

int pki_cert_public_key(pki_key_t **out, const pki_cert_t *cert)
{
	return pki__x509_public_key(__func__, out, x509(cert));
}

static int fingerprint(char **out, gnutls_x509_crt_t crt, gnutls_digest_algorithm_t dig)
{
	unsigned char buf[64];
	size_t size = sizeof(buf);
	int ret = gnutls_x509_crt_get_fingerprint(crt, dig, buf, &size);

	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot compute the fingerprint");
	*out = pki__hex(buf, size);
	return *out ? 0 : pki__fail(PKI_E_NOMEM, "out of memory");
}

int pki_cert_fingerprint(char **out, const pki_cert_t *cert, unsigned flags)
{
	int ret = pki__enter_str(__func__, out, cert, "cert");

	if (ret < 0 || (ret = pki__flags(__func__, flags, 0)) < 0)
		return ret;
	return fingerprint(out, pki__cert_crt(cert), GNUTLS_DIG_SHA256);
}

bool pki_cert_matches_key(const pki_cert_t *cert, const pki_key_t *key)
{
	gnutls_pubkey_t pub = NULL;
	bool eq = false;

	pki__clear_error();
	if (!cert || !key || !key->pub) {
		pki__fail(PKI_E_INVALID_ARG, "pki_cert_matches_key: cert or key is NULL");
		return false;
	}
	if (pki__x509_pubkey(&pub, x509(cert)) < 0) {
		pki__clear_error();
		return false;
	}
	if (pki__pubkey_equal(pub, key->pub, &eq) < 0)
		eq = false;
	gnutls_pubkey_deinit(pub);
	return eq;
}

/* Everything the JSON and text forms show, read once. */
typedef struct {
	char *subject, *issuer, *serial, *sigalg, *sha256, *sha1, *ski, *aki;
	int64_t not_before, not_after;
	gnutls_pubkey_t pub;
	char **sans;
	int *types;
	size_t nsans;
	int bc;            /* 1 CA, 0 not a CA, -1 no basicConstraints */
	unsigned bc_crit;
	int path_len;      /* -1 none */
	int ku;            /* PKI_KU_* bits, -1 absent, -2 present but unreadable */
	unsigned ku_crit;
	char **eku;        /* names or dotted OIDs */
	size_t neku, eku_cap;
	unsigned eku_crit;
	char pk_alg[128];  /* when pub is NULL: the key GnuTLS cannot import (DSA without */
	unsigned pk_bits;  /* parameters, ...), still named in the dumps (name or OID) */
} cert_info_t;

static void cinfo_free(void *info)
{
	cert_info_t *in = info;
	char *strs[] = { in->subject, in->issuer, in->serial, in->sigalg,
			 in->sha256,  in->sha1,   in->ski,    in->aki };

	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		pki_free(strs[i]);
	if (in->pub)
		gnutls_pubkey_deinit(in->pub);
	pki__free_strings(in->sans, in->nsans);
	pki_free(in->types);
	pki__free_strings(in->eku, in->neku);
}

/* An optional item: 0 when present or absent (NOT_FOUND), the error otherwise. */
static int optional(int ret)
{
	if (ret == PKI_E_NOT_FOUND) {
		pki__clear_error();
		return 0;
	}
	return ret < 0 ? ret : 0;
}

/* Everything the dumps show, read once into @p info (a zeroed cert_info_t; cinfo_free, also on
 * failure). */
static int cinfo_read(void *info, const void *obj)
{
	cert_info_t *in = info;
	const pki_cert_t *cert = obj;
	gnutls_x509_crt_t crt = pki__cert_crt(cert);
	unsigned ca = 0;
	int ret;

	in->bc = -1;
	in->path_len = -1;
	in->ku = -1;
	if ((ret = dn_text(&in->subject, cert, false)) < 0 ||
	    (ret = dn_text(&in->issuer, cert, true)) < 0 ||
	    (ret = serial_hex(&in->serial, crt)) < 0 ||
	    (ret = validity(&in->not_before, &in->not_after, crt)) < 0 ||
	    (ret = pki__x509_sign_name(&in->sigalg, x509(cert))) < 0 ||
	    (ret = fingerprint(&in->sha256, crt, GNUTLS_DIG_SHA256)) < 0 ||
	    (ret = fingerprint(&in->sha1, crt, GNUTLS_DIG_SHA1)) < 0 ||
	    (ret = optional(key_id(&in->ski, crt, false))) < 0 ||
	    (ret = optional(key_id(&in->aki, crt, true))) < 0)
		return ret;

	/* A key GnuTLS cannot import (a DSA key inheriting its parameters, a malformed point)
	 * does not hide the rest of the certificate: the dumps name its algorithm. */
	if (pki__x509_pubkey(&in->pub, x509(cert)) < 0) {
		size_t len = sizeof(in->pk_alg);
		int pk = gnutls_x509_crt_get_pk_algorithm(crt, &in->pk_bits);

		pki__clear_error();
		if (pk <= 0)
			pk = gnutls_x509_crt_get_pk_oid(crt, in->pk_alg, &len) < 0
				     ? GNUTLS_PK_UNKNOWN
				     : (int)gnutls_oid_to_pk(in->pk_alg);
		if (pk > 0 || !in->pk_alg[0])
			snprintf(in->pk_alg, sizeof(in->pk_alg), "%s", pk_name(pk));
	}
	if ((ret = pki__x509_sans_copy(&in->sans, &in->types, &in->nsans, x509(cert))) < 0)
		return ret;

	ret = gnutls_x509_crt_get_basic_constraints(crt, &in->bc_crit, &ca, &in->path_len);
	if (ret >= 0) {
		in->bc = ca ? 1 : 0;
		if (!ca)
			in->path_len = -1;
	} else if (ret != GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
					"cannot read basicConstraints");
	} else {
		in->path_len = -1;
	}

	/* A keyUsage GnuTLS refuses (a BIT STRING with trailing zero octets, not DER) is shown
	 * as unreadable (-2) instead of hiding the whole certificate. */
	ret = crt_key_usage(crt, &in->ku_crit);
	if (ret >= 0) {
		in->ku = ret;
	} else if (ret == PKI_E_PARSE) {
		pki__clear_error();
		in->ku = -2;
	} else if ((ret = optional(ret)) < 0) {
		return ret;
	}

	for (unsigned i = 0; i < 1024; i++) {
		char oid[128], **v;
		const usage_t *u;

		ret = crt_eku_oid(crt, i, oid, sizeof(oid), &in->eku_crit);
		if (ret < 0)
			return ret;
		if (ret == 0)
			break;
		v = pki__grow(in->eku, &in->eku_cap, in->neku, sizeof(*v), 1024,
			      "extended key usages", &ret);
		if (!v)
			return ret;
		in->eku = v;
		u = eku_by_oid(oid);
		v[in->neku] = pki__strdup(u ? u->name : oid);
		if (!v[in->neku])
			return pki__fail(PKI_E_NOMEM, "out of memory");
		in->neku++;
	}
	return 0;
}

static void json_time(pki__buf_t *b, int64_t t)
{
	char buf[40];

	pki__rfc3339(buf, sizeof(buf), t);
	pki__buf_json_str(b, buf);
}

static int cert_der(gnutls_datum_t *der, const void *obj)
{
	const pki_cert_t *cert = obj;

	if (cert->der.data) { /* a lazy handle: its DER as it was signed, no decoding */
		der->data = gnutls_malloc(cert->der.size);
		if (!der->data)
			return pki__fail(PKI_E_NOMEM, "out of memory");
		memcpy(der->data, cert->der.data, cert->der.size);
		der->size = cert->der.size;
		return 0;
	}
	return crt_export(der, pki__cert_crt(cert), GNUTLS_X509_FMT_DER);
}

static void text_body(pki__buf_t *b, const void *info, const void *o);
static void json_body(pki__buf_t *b, const void *info, const void *o);
static const pki__kind_t kind = { "cert", "CERTIFICATE", cert_der, sizeof(cert_info_t),
				  cinfo_read, cinfo_free, json_body, text_body };

static void json_body(pki__buf_t *b, const void *info, const void *o)
{
	const cert_info_t *in = info;
	const pki_cert_t *cert = o;

	pki__buf_json_member(b, "{\"subject\":", in->subject);
	pki__buf_json_member(b, ",\"issuer\":", in->issuer);
	pki__buf_json_member(b, ",\"serial\":", in->serial);
	pki__buf_add(b, ",\"not_before\":", 14);
	json_time(b, in->not_before);
	pki__buf_add(b, ",\"not_after\":", 13);
	json_time(b, in->not_after);
	pki__buf_add(b, ",", 1);
	pki__json_sans(b, in->sans, in->types, in->nsans);
	pki__buf_printf(b, ",\"is_ca\":%s,\"path_len\":", in->bc == 1 ? "true" : "false");
	if (in->path_len >= 0)
		pki__buf_printf(b, "%d", in->path_len);
	else
		pki__buf_add(b, "null", 4);
	if (in->ku == -2)
		pki__buf_add(b, ",\"key_usage_unreadable\":true", 28);
	pki__buf_add(b, ",\"key_usage\":[", 14);
	for (size_t i = 0, first = 1; in->ku > 0 && i < N_USAGES; i++)
		if (IS_KU(&usages[i]) && ((unsigned)in->ku & usages[i].bit)) {
			if (!first)
				pki__buf_add(b, ",", 1);
			pki__buf_json_str(b, usages[i].name);
			first = 0;
		}
	pki__buf_add(b, "],\"extended_key_usage\":[", 24);
	for (size_t i = 0; i < in->neku; i++) {
		if (i)
			pki__buf_add(b, ",", 1);
		pki__buf_json_str(b, in->eku[i]);
	}
	pki__buf_add(b, "],\"public_key\":", 15);
	if (in->pub) {
		pki__pubkey_json(b, in->pub);
	} else {
		pki__buf_add(b, "{\"type\":", 8);
		pki__buf_json_str(b, in->pk_alg);
		pki__buf_printf(b, ",\"bits\":%u,\"curve\":null,\"unreadable\":true}", in->pk_bits);
	}
	pki__buf_json_member(b, ",\"signature_algorithm\":", in->sigalg);
	pki__buf_json_member(b, ",\"fingerprint_sha256\":", in->sha256);
	pki__buf_json_member(b, ",\"subject_key_id\":", in->ski);
	pki__buf_json_member(b, ",\"authority_key_id\":", in->aki);
	pki__json_cert_exts(b, cert);
	pki__buf_add(b, "}", 1);
}

int pki_cert_to_json(char **out, const pki_cert_t *cert, unsigned flags)
{
	return pki__dump(__func__, out, cert, flags, &kind, true);
}

/* "ab:cd:ef" (upper-case, as openssl prints fingerprints) from lower-case hex. */
static void colon_hex(pki__buf_t *b, const char *hex, bool upper)
{
	for (size_t i = 0; hex[i] && hex[i + 1]; i += 2) {
		char pair[3] = { hex[i], hex[i + 1], '\0' };

		if (upper) {
			pair[0] = (char)(pair[0] >= 'a' ? pair[0] - 32 : pair[0]);
			pair[1] = (char)(pair[1] >= 'a' ? pair[1] - 32 : pair[1]);
		}
		pki__buf_printf(b, "%s%s", i ? ":" : "", pair);
	}
}

/*
 * The extensions the text dump names. Name NULL: text_body prints it in its own lines before
 * the loop over the others; an extension not listed is shown by its OID alone.
 */
static const struct {
	const char *oid, *name;
} ext_names[] = {
	{ "2.5.29.19", NULL }, /* basicConstraints */
	{ "2.5.29.15", NULL }, /* keyUsage */
	{ "2.5.29.37", NULL }, /* extKeyUsage */
	{ "2.5.29.17", NULL }, /* subjectAltName */
	{ "2.5.29.14", NULL }, /* subjectKeyIdentifier */
	{ "2.5.29.35", NULL }, /* authorityKeyIdentifier */
	{ "2.5.29.30", "Name Constraints" },
	{ "2.5.29.31", "CRL Distribution Points" },
	{ "1.3.6.1.5.5.7.1.1", "Authority Information Access" },
	{ "2.5.29.32", "Certificate Policies" },
	{ "2.5.29.33", "Policy Mappings" },
	{ "2.5.29.18", "Issuer Alternative Name" },
	{ "2.5.29.36", "Policy Constraints" },
	{ "2.5.29.54", "Inhibit anyPolicy" },
	{ "1.3.6.1.4.1.11129.2.4.2", "CT Precertificate SCTs" },
	{ "1.3.6.1.5.5.7.1.24", "TLS Feature" },
};

/* The index of @p oid in ext_names, or -1. */
static int ext_index(const char *oid)
{
	for (size_t i = 0; i < sizeof(ext_names) / sizeof(ext_names[0]); i++)
		if (strcmp(oid, ext_names[i].oid) == 0)
			return (int)i;
	return -1;
}

static void text_body(pki__buf_t *b, const void *info, const void *o)
{
	static const char *const prefixes[] = { "", "DNS", "IP Address", "email", "URI", "other" };
	const cert_info_t *in = info;
	const pki_cert_t *cert = o;
	char nb[40], na[40];
	int version;

	version = gnutls_x509_crt_get_version(pki__cert_crt(cert));
	pki__rfc3339(nb, sizeof(nb), in->not_before);
	pki__rfc3339(na, sizeof(na), in->not_after);
	pki__buf_printf(b, "Certificate:\n");
	pki__buf_printf(b, "    Version: %d (0x%x)\n", version > 0 ? version : 1,
			version > 0 ? (unsigned)version - 1 : 0u);
	pki__buf_printf(b, "    Serial Number: ");
	colon_hex(b, in->serial, false);
	pki__buf_printf(b, "\n    Signature Algorithm: %s\n", in->sigalg);
	pki__buf_printf(b, "    Issuer: ");
	pki__buf_add_escaped_str(b, in->issuer);
	pki__buf_printf(b, "\n");
	pki__buf_printf(b, "    Validity:\n        Not Before: %s\n        Not After : %s\n", nb,
			na);
	pki__buf_printf(b, "    Subject: ");
	pki__buf_add_escaped_str(b, in->subject);
	pki__buf_printf(b, "\n");
	pki__buf_printf(b, "    Subject Public Key Info:\n        ");
	if (in->pub)
		pki__pubkey_text(b, in->pub);
	else
		pki__buf_printf(b, "Public Key Algorithm: %s (cannot be read)", in->pk_alg);
	pki__buf_printf(b, "\n");

	pki__buf_printf(b, "    X509v3 extensions:\n");
	if (in->bc >= 0) {
		pki__buf_printf(b, "        Basic Constraints:%s\n            CA:%s",
				in->bc_crit ? " critical" : "", in->bc ? "TRUE" : "FALSE");
		if (in->path_len >= 0)
			pki__buf_printf(b, ", pathlen:%d", in->path_len);
		pki__buf_printf(b, "\n");
	}
	if (in->ku >= 0) {
		bool first = true;

		pki__buf_printf(b, "        Key Usage:%s\n            ", in->ku_crit ? " critical" : "");
		for (size_t i = 0; i < N_USAGES; i++)
			if (IS_KU(&usages[i]) && ((unsigned)in->ku & usages[i].bit)) {
				pki__buf_printf(b, "%s%s", first ? "" : ", ", usages[i].name);
				first = false;
			}
		pki__buf_printf(b, "\n");
	} else if (in->ku == -2) {
		pki__buf_printf(b, "        Key Usage:%s\n            (cannot be read: not DER)\n",
				in->ku_crit ? " critical" : "");
	}
	if (in->neku) {
		pki__buf_printf(b, "        Extended Key Usage:%s\n            ",
				in->eku_crit ? " critical" : "");
		for (size_t i = 0; i < in->neku; i++) {
			pki__buf_printf(b, "%s", i ? ", " : "");
			pki__buf_add_escaped_str(b, in->eku[i]);
		}
		pki__buf_printf(b, "\n");
	}
	if (in->nsans) {
		pki__buf_printf(b, "        Subject Alternative Name:\n            ");
		for (size_t i = 0; i < in->nsans; i++) {
			pki__buf_printf(b, "%s%s:", i ? ", " : "", prefixes[in->types[i]]);
			pki__buf_add_escaped_str(b, in->sans[i]);
		}
		pki__buf_printf(b, "\n");
	}
	if (in->ski) {
		pki__buf_printf(b, "        Subject Key Identifier:\n            ");
		colon_hex(b, in->ski, true);
		pki__buf_printf(b, "\n");
	}
	if (in->aki) {
		pki__buf_printf(b, "        Authority Key Identifier:\n            ");
		colon_hex(b, in->aki, true);
		pki__buf_printf(b, "\n");
	}
	for (unsigned i = 0; i < 256; i++) {
		char oid[128];
		size_t n = sizeof(oid);
		unsigned critical = 0;
		int k;

		if (gnutls_x509_crt_get_extension_info(pki__cert_crt(cert), i, oid, &n,
						       &critical) < 0)
			break;
		if ((k = ext_index(oid)) >= 0 && !ext_names[k].name)
			continue;
		if (k >= 0)
			pki__buf_printf(b, "        %s (%s)", ext_names[k].name, oid);
		else
			pki__buf_printf(b, "        %s", oid);
		pki__buf_printf(b, "%s\n", critical ? ": critical" : "");
		pki__text_cert_ext(b, cert, oid); /* ext.c: the contents it can decode */
	}
	pki__buf_printf(b, "    Fingerprints:\n        SHA-256: ");
	colon_hex(b, in->sha256, true);
	pki__buf_printf(b, "\n        SHA-1: ");
	colon_hex(b, in->sha1, true);
	pki__buf_printf(b, "\n");
}

int pki_cert_to_text(char **out, const pki_cert_t *cert, unsigned flags)
{
	return pki__dump(__func__, out, cert, flags, &kind, false);
}

/* ---------------------------------------------------------------------------------------- */
/* Chains                                                                                    */

void pki_chain_free(pki_chain_t *chain)
{
	if (!chain)
		return;
	for (size_t i = 0; i < chain->count; i++)
		pki_cert_free(chain->certs[i]);
	pki_free(chain->certs);
	pki_free(chain);
}

int pki__chain_new(pki_chain_t **out)
{
	*out = pki__zalloc(sizeof(**out));
	return *out ? 0 : pki__fail(PKI_E_NOMEM, "out of memory");
}

int pki_chain_new(pki_chain_t **out, unsigned flags)
{
	pki__clear_error();
	if (!out)
		return pki__fail(PKI_E_INVALID_ARG, "pki_chain_new: out is NULL");
	*out = NULL;
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "pki_chain_new: unknown flags 0x%x", flags);
	return pki__chain_new(out);
}

/* Append @p cert (taken over, freed on failure). */
static int chain_push(pki_chain_t *chain, pki_cert_t *cert)
{
	pki_cert_t **v;
	int ret = 0;

	if (chain->count >= MAX_CHAIN) {
		pki_cert_free(cert);
		return pki__fail(PKI_E_TOO_LARGE, "a chain holds at most %u certificates", MAX_CHAIN);
	}
	v = pki__grow(chain->certs, &chain->cap, chain->count, sizeof(*v), MAX_CHAIN,
		      "certificates in a chain", &ret);
	if (!v) {
		pki_cert_free(cert);
		return ret;
	}
	chain->certs = v;
	chain->certs[chain->count++] = cert;
	return 0;
}

/* Count "-----BEGIN CERTIFICATE-----" lines (up to @p limit + 1). */
static size_t count_pem_certs(const unsigned char *p, size_t n, size_t limit)
{
	static const char marker[] = "-----BEGIN CERTIFICATE-----";
	const size_t m = sizeof(marker) - 1;
	size_t count = 0;

	for (size_t i = 0; i + m <= n && count <= limit; i++)
		if (p[i] == '-' && memcmp(p + i, marker, m) == 0) {
			count++;
			i += m - 1;
		}
	return count;
}

/*
 * The certificates of a PKCS#7 bundle (a degenerate SignedData, .p7b/.p7c): what Windows and
 * Java export and `openssl crl2pkcs7` writes. Signatures and CRLs in it are not used.
 */
static int chain_from_pkcs7(pki_chain_t **out, const gnutls_datum_t *d, gnutls_x509_crt_fmt_t fmt,
			    bool probe)
{
	gnutls_pkcs7_t p7 = NULL;
	pki_chain_t *chain = NULL;
	int n, ret = gnutls_pkcs7_init(&p7);

	if (ret < 0)
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "out of memory");
	ret = gnutls_pkcs7_import(p7, d, fmt);
	if (ret < 0 && probe) {
		ret = 1; /* not PKCS#7: the caller tries certificates */
		goto out;
	}
	if (ret < 0) {
		ret = pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
				       "cannot parse the PKCS#7 bundle");
		goto out;
	}
	n = gnutls_pkcs7_get_crt_count(p7);
	if (n <= 0) {
		ret = pki__fail(PKI_E_PARSE, "the PKCS#7 bundle holds no certificate");
		goto out;
	}
	if ((unsigned)n > MAX_CHAIN) {
		ret = pki__fail(PKI_E_TOO_LARGE, "the PKCS#7 bundle holds %d certificates (at most %u)",
				n, MAX_CHAIN);
		goto out;
	}
	if ((ret = pki__chain_new(&chain)) < 0)
		goto out;
	for (int i = 0; i < n; i++) {
		gnutls_datum_t raw = { NULL, 0 };
		gnutls_x509_crt_t crt = NULL;
		pki_cert_t *cert = NULL;

		ret = gnutls_pkcs7_get_crt_raw2(p7, (unsigned)i, &raw);
		if (ret < 0) {
			ret = pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
					       "cannot read certificate %d of the PKCS#7 bundle", i + 1);
			goto out;
		}
		ret = crt_import(&crt, &raw, GNUTLS_X509_FMT_DER);
		gnutls_free(raw.data);
		if (ret < 0)
			goto out;
		if ((ret = pki__cert_wrap(&cert, crt)) < 0 || (ret = chain_push(chain, cert)) < 0)
			goto out;
	}
	*out = chain;
	chain = NULL;
	ret = 0;
out:
	pki_chain_free(chain);
	gnutls_pkcs7_deinit(p7);
	return ret;
}

int pki_chain_export_pkcs7(unsigned char **out, size_t *size, const pki_chain_t *chain,
			   pki_format_t format, unsigned flags)
{
	gnutls_pkcs7_t p7 = NULL;
	gnutls_datum_t d = { NULL, 0 };
	int ret;

	pki__clear_error();
	if (!out || !size)
		return pki__fail(PKI_E_INVALID_ARG, "pki_chain_export_pkcs7: out or size is NULL");
	*out = NULL;
	*size = 0;
	if (!chain)
		return pki__fail(PKI_E_INVALID_ARG, "pki_chain_export_pkcs7: chain is NULL");
	if (format != PKI_FORMAT_PEM && format != PKI_FORMAT_DER)
		return pki__fail(PKI_E_INVALID_ARG, "pki_chain_export_pkcs7: unknown format %d",
				 (int)format);
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "pki_chain_export_pkcs7: unknown flags 0x%x", flags);
	if (chain->count == 0)
		return pki__fail(PKI_E_NOT_FOUND, "the chain is empty");
	if ((ret = gnutls_pkcs7_init(&p7)) < 0)
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "out of memory");
	for (size_t i = 0; i < chain->count && ret >= 0; i++)
		ret = gnutls_pkcs7_set_crt(p7, pki__cert_crt(chain->certs[i]));
	if (ret >= 0)
		ret = gnutls_pkcs7_export2(p7, format == PKI_FORMAT_PEM ? GNUTLS_X509_FMT_PEM
									  : GNUTLS_X509_FMT_DER,
					   &d);
	gnutls_pkcs7_deinit(p7);
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot encode the PKCS#7 bundle");
	return pki__datum_out(out, size, &d);
}

static int chain_import(pki_chain_t **out, const void *data, size_t size)
{
	gnutls_x509_crt_t *list = NULL;
	unsigned n = 0;
	gnutls_datum_t d;
	pki_chain_t *chain = NULL;
	bool pem;
	int ret = pki__check_input(data, size);

	*out = NULL;
	if (ret < 0)
		return ret;
	pem = pki__is_pem(data, size);
	d.data = (unsigned char *)data;
	d.size = (unsigned)size;
	if (pem && pki__pem_has_label(data, size, "PKCS7"))
		return chain_from_pkcs7(out, &d, GNUTLS_X509_FMT_PEM, false);
	if (!pem && !pki__asn1_is("Certificate", data, size) &&
	    (ret = chain_from_pkcs7(out, &d, GNUTLS_X509_FMT_DER, true)) <= 0)
		return ret;
	if (pem) {
		if ((ret = check_cert_pem(data, size)) < 0)
			return ret;
		if (count_pem_certs(data, size, MAX_CHAIN) > MAX_CHAIN)
			return pki__fail(PKI_E_TOO_LARGE, "the bundle holds more than %u certificates",
					 MAX_CHAIN);
	}
	d.data = (unsigned char *)data;
	d.size = (unsigned)size;
	ret = gnutls_x509_crt_list_import2(&list, &n, &d,
					   pem ? GNUTLS_X509_FMT_PEM : GNUTLS_X509_FMT_DER, 0);
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
					"cannot parse the certificate bundle");
	if (n == 0) {
		ret = pki__fail(PKI_E_PARSE, "no certificate found");
		goto out;
	}
	if ((ret = pki__chain_new(&chain)) < 0)
		goto out;
	for (unsigned i = 0; i < n; i++) {
		pki_cert_t *cert = NULL;

		ret = pki__cert_wrap(&cert, list[i]);
		list[i] = NULL; /* taken over by pki__cert_wrap, even on failure */
		if (ret < 0 || (ret = chain_push(chain, cert)) < 0)
			goto out;
	}
	*out = chain;
	chain = NULL;
	ret = 0;
out:
	for (unsigned i = 0; i < n; i++)
		if (list[i])
			gnutls_x509_crt_deinit(list[i]);
	gnutls_free(list);
	pki_chain_free(chain);
	return ret;
}

int pki_chain_import(pki_chain_t **out, const void *data, size_t size, unsigned flags)
{
	int ret = PKI__ENTER_OUT(out, flags, 0);

	return ret < 0 ? ret : chain_import(out, data, size);
}

int pki_chain_import_file(pki_chain_t **out, const char *path, unsigned flags)
{
	int ret = PKI__ENTER_OUT(out, flags, 0);

	if (ret < 0 || (ret = pki__path(__func__, path)) < 0)
		return ret;
	return import_path(NULL, out, path);
}

int pki_chain_add(pki_chain_t *chain, const pki_cert_t *cert, unsigned flags)
{
	pki_cert_t *copy;
	int ret;

	pki__clear_error();
	if (!chain || !cert)
		return pki__fail(PKI_E_INVALID_ARG, "pki_chain_add: NULL argument");
	if ((ret = pki__flags(__func__, flags, 0)) < 0)
		return ret;
	if (chain->count >= MAX_CHAIN)
		return pki__fail(PKI_E_TOO_LARGE, "a chain holds at most %u certificates", MAX_CHAIN);
	if ((ret = cert_dup(&copy, cert)) < 0)
		return ret;
	return chain_push(chain, copy);
}

int pki_chain_count(const pki_chain_t *chain)
{
	int ret = pki__enter_arg(__func__, chain, "chain");

	return ret < 0 ? ret : (int)chain->count;
}

const pki_cert_t *pki_chain_get(const pki_chain_t *chain, unsigned index)
{
	if (pki__enter_arg(__func__, chain, "chain") < 0)
		return NULL;
	if (index >= chain->count) {
		pki__fail(PKI_E_NOT_FOUND, "pki_chain_get: index %u is past the %zu certificates",
			  index, chain->count);
		return NULL;
	}
	return chain->certs[index];
}

int pki_chain_export(unsigned char **out, size_t *size, const pki_chain_t *chain, unsigned flags)
{
	pki__buf_t b = { 0 };
	char *text = NULL;
	size_t len;
	int ret;

	pki__clear_error();
	if (out)
		*out = NULL;
	if (size)
		*size = 0;
	if (!out || !size || !chain)
		return pki__fail(PKI_E_INVALID_ARG, "pki_chain_export: NULL argument");
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "pki_chain_export: unknown flags 0x%x", flags);
	if (chain->count == 0)
		return pki__fail(PKI_E_NOT_FOUND, "the chain is empty");
	for (size_t i = 0; i < chain->count; i++) {
		gnutls_datum_t d = { NULL, 0 };

		ret = crt_export(&d, pki__cert_crt(chain->certs[i]), GNUTLS_X509_FMT_PEM);
		if (ret < 0) {
			pki__buf_discard(&b);
			return ret;
		}
		pki__buf_add(&b, (const char *)d.data, d.size);
		gnutls_free(d.data);
	}
	len = b.len;
	if ((ret = pki__buf_finish(&b, &text)) < 0)
		return ret;
	*out = (unsigned char *)text;
	*size = len;
	return 0;
}
