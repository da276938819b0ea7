/*
 * libpki — OCSP (RFC 6960): requests and response checks through GnuTLS's gnutls_ocsp_*,
 * responses written with libtasn1 (PKIX.BasicOCSPResponse of pkix.asn) and signed through
 * gnutls_privkey_t, so a CA key on a PKCS#11 token answers too.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "asn1.h"
#include "crl-int.h"
#include "internal.h"
#include "ocsp-int.h"

#include <gnutls/ocsp.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define OID_OCSP_BASIC "1.3.6.1.5.5.7.48.1.1"
#define OID_OCSP_NONCE "1.3.6.1.5.5.7.48.1.2"
#define OID_KP_OCSP_SIGNING "1.3.6.1.5.5.7.3.9"
#define MAX_CERT_IDS 100u
#define CLOCK_SKEW 300

typedef struct {
	unsigned char serial[21];
	size_t len;
	int64_t revoked_at;
	int reason;
} ocsp_revoked_t;

struct pki_ocsp_opts {
	pki_crl_t *crl;
	gnutls_x509_crt_t signer;
	unsigned validity; /* seconds; 0: no nextUpdate */
	ocsp_revoked_t *revoked;
	size_t count, cap;
};

int pki_ocsp_opts_new(pki_ocsp_opts_t **out, unsigned flags)
{
	int ret;

	if ((ret = PKI__ENTER_OUT(out, flags, 0)) < 0)
		return ret;
	if (!(*out = pki__zalloc(sizeof(**out))))
		return pki__fail(PKI_E_NOMEM, "out of memory");
	(*out)->validity = 86400;
	return 0;
}

void pki_ocsp_opts_free(pki_ocsp_opts_t *opts)
{
	if (!opts)
		return;
	pki_crl_free(opts->crl);
	if (opts->signer)
		gnutls_x509_crt_deinit(opts->signer);
	pki_free(opts->revoked);
	pki_free(opts);
}

int pki_ocsp_opts_set_crl(pki_ocsp_opts_t *opts, const pki_crl_t *crl)
{
	pki_crl_t *copy = NULL;
	int ret;

	if ((ret = pki__enter_arg(__func__, opts, "opts")) < 0)
		return ret;
	if (crl && (ret = pki__crl_copy(&copy, crl)) < 0)
		return ret;
	pki_crl_free(opts->crl);
	opts->crl = copy;
	return 0;
}

int pki_ocsp_opts_add_revoked(pki_ocsp_opts_t *opts, const char *serial, int64_t revoked_at,
			      pki_crl_reason_t reason)
{
	ocsp_revoked_t *r;
	int ret;

	if ((ret = pki__enter_arg(__func__, opts, "opts")) < 0 ||
	    (ret = pki__arg(__func__, serial, "serial")) < 0)
		return ret;
	if (revoked_at <= 0)
		return pki__fail(PKI_E_INVALID_ARG, "%s: revoked_at must be > 0", __func__);
	if ((int)reason < 0 || reason > PKI_CRL_REASON_AA_COMPROMISE || reason == 7)
		return pki__fail(PKI_E_INVALID_ARG, "%s: unknown reason %d", __func__, (int)reason);
	if (!(r = pki__grow(opts->revoked, &opts->cap, opts->count, sizeof(*r), 100000,
			    "revoked serials", &ret)))
		return ret;
	opts->revoked = r;
	r += opts->count;
	if ((ret = pki__serial_parse(r->serial, 21, &r->len, serial, "serial")) < 0)
		return ret;
	r->revoked_at = revoked_at;
	r->reason = reason;
	opts->count++;
	return 0;
}

static bool has_ocsp_signing(gnutls_x509_crt_t crt)
{
	for (unsigned i = 0;; i++) {
		char oid[128];
		size_t n = sizeof(oid);

		if (gnutls_x509_crt_get_key_purpose_oid(crt, i, oid, &n, NULL) < 0)
			return false;
		if (!strcmp(oid, OID_KP_OCSP_SIGNING))
			return true;
	}
}

int pki_ocsp_opts_set_signer(pki_ocsp_opts_t *opts, const pki_cert_t *signer)
{
	gnutls_x509_crt_t copy = NULL;
	int ret;

	if ((ret = pki__enter_arg(__func__, opts, "opts")) < 0)
		return ret;
	if (signer) {
		if (!has_ocsp_signing(pki__cert_crt(signer)))
			return pki__fail(PKI_E_INVALID_ARG, "the responder certificate has no "
					 "id-kp-OCSPSigning extended key usage (RFC 6960 4.2.2.2)");
		if ((ret = pki__crt_copy(&copy, pki__cert_crt(signer))) < 0)
			return ret;
	}
	if (opts->signer)
		gnutls_x509_crt_deinit(opts->signer);
	opts->signer = copy;
	return 0;
}

int pki_ocsp_opts_set_validity(pki_ocsp_opts_t *opts, unsigned seconds)
{
	int ret = pki__enter_arg(__func__, opts, "opts");

	if (ret < 0)
		return ret;
	if (seconds > 366u * 86400u)
		return pki__fail(PKI_E_INVALID_ARG, "an OCSP answer lives at most 366 days");
	opts->validity = seconds;
	return 0;
}

/* ---- hashes of a CertID (RFC 6960 4.1.1) ---- */

/* The hash with @p dig of the subjectPublicKey bits of @p crt's key into @p out. */
static int key_hash(unsigned char *out, gnutls_digest_algorithm_t dig, gnutls_x509_crt_t crt)
{
	gnutls_datum_t spki = { NULL, 0 }, bits = { NULL, 0 };
	gnutls_pubkey_t pub = NULL;
	asn1_node node = NULL;
	size_t nbits;
	int ret;

	if ((ret = gnutls_pubkey_init(&pub)) < 0 || (ret = gnutls_pubkey_import_x509(pub, crt, 0)) < 0 ||
	    (ret = gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, &spki)) < 0) {
		ret = pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot read the issuer's public key");
		goto out;
	}
	if ((ret = pki__asn1_decode(&node, "SubjectPublicKeyInfo", spki.data, spki.size)) < 0 ||
	    (ret = pki__asn1_read_bits(&bits, &nbits, node, "subjectPublicKey")) < 0)
		goto out;
	ret = gnutls_hash_fast(dig, bits.data, bits.size, out) < 0
		      ? pki__fail(PKI_E_CRYPTO, "hashing the issuer key failed")
		      : 0;
out:
	gnutls_free(bits.data);
	gnutls_free(spki.data);
	pki__asn1_free(&node);
	if (pub)
		gnutls_pubkey_deinit(pub);
	return ret;
}

/* Whether name and key hashes (with @p dig) are those of @p issuer. */
static bool issuer_matches(gnutls_x509_crt_t issuer, gnutls_digest_algorithm_t dig,
			   const gnutls_datum_t *nh, const gnutls_datum_t *kh)
{
	unsigned char h[64];
	gnutls_datum_t dn = { NULL, 0 };
	unsigned len = gnutls_hash_get_len(dig);
	bool ok;

	if (len == 0 || len > sizeof(h) || nh->size != len || kh->size != len)
		return false;
	if (gnutls_x509_crt_get_raw_dn(issuer, &dn) < 0)
		return false;
	ok = gnutls_hash_fast(dig, dn.data, dn.size, h) >= 0 && memcmp(h, nh->data, len) == 0;
	gnutls_free(dn.data);
	return ok && key_hash(h, dig, issuer) == 0 && memcmp(h, kh->data, len) == 0;
}

/* ---- requests ---- */

/* The entry of the functions writing DER to @p der, @p size: both reset, then checked, then
 * @p flags. */
static int enter_der(const char *fn, unsigned char **der, size_t *size, unsigned flags,
		     unsigned allowed)
{
	int ret;

	if (der)
		*der = NULL;
	if (size)
		*size = 0;
	if ((ret = pki__enter_arg(fn, der, "der")) < 0 || (ret = pki__arg(fn, size, "size")) < 0)
		return ret;
	return pki__flags(fn, flags, allowed);
}

int pki_ocsp_request_create(unsigned char **der, size_t *size, const pki_cert_t *cert,
			    const pki_cert_t *issuer, unsigned flags)
{
	gnutls_ocsp_req_t req = NULL;
	gnutls_datum_t d = { NULL, 0 };
	int ret;

	if ((ret = enter_der(__func__, der, size, flags, PKI_OCSP_NONCE)) < 0 ||
	    (ret = pki__arg(__func__, cert, "cert")) < 0 ||
	    (ret = pki__arg(__func__, issuer, "issuer")) < 0)
		return ret;
	if ((ret = gnutls_ocsp_req_init(&req)) < 0)
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "cannot make an OCSP request");
	if ((ret = gnutls_ocsp_req_add_cert(req, GNUTLS_DIG_SHA1, pki__cert_crt(issuer),
					    pki__cert_crt(cert))) < 0 ||
	    ((flags & PKI_OCSP_NONCE) && (ret = gnutls_ocsp_req_randomize_nonce(req)) < 0) ||
	    (ret = gnutls_ocsp_req_export(req, &d)) < 0) {
		gnutls_ocsp_req_deinit(req);
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot make the OCSP request");
	}
	gnutls_ocsp_req_deinit(req);
	return pki__datum_out(der, size, &d);
}

/* ---- responses ---- */

static void gentime(char buf[16], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, 16, "%Y%m%d%H%M%SZ", &tm);
}

static int sign_algo(gnutls_sign_algorithm_t *sign, const pki_key_t *key)
{
	switch (key->type) {
	case PKI_KEY_ED25519: *sign = GNUTLS_SIGN_EDDSA_ED25519; return 0;
	case PKI_KEY_ED448: *sign = GNUTLS_SIGN_EDDSA_ED448; return 0;
	case PKI_KEY_RSA:
		*sign = gnutls_pk_to_sign(GNUTLS_PK_RSA, pki__key_sign_digest(key));
		return 0;
	case PKI_KEY_RSA_PSS: /* id-RSASSA-PSS with explicit parameters (sign.c) */
		*sign = gnutls_pk_to_sign(GNUTLS_PK_RSA_PSS, pki__key_sign_digest(key));
		return 0;
	case PKI_KEY_EC_P256:
	case PKI_KEY_EC_P384:
	case PKI_KEY_EC_P521:
		*sign = gnutls_pk_to_sign(GNUTLS_PK_ECDSA, pki__key_sign_digest(key));
		return 0;
	default: return pki__fail(PKI_E_UNSUPPORTED, "cannot sign OCSP responses with this key");
	}
}

/* The status of one CertID: from the explicit list, then the CRL. */
static pki_ocsp_status_t lookup(int64_t *at, int *reason, const pki_ocsp_opts_t *opts,
				const gnutls_datum_t *serial, const gnutls_datum_t *ca_dn)
{
	const pki__crl_entry_t *e;

	for (size_t i = 0; opts && i < opts->count; i++)
		if (pki__serial_equal(opts->revoked[i].serial, opts->revoked[i].len, serial->data,
				      serial->size)) {
			*at = opts->revoked[i].revoked_at;
			*reason = opts->revoked[i].reason;
			return PKI_OCSP_REVOKED;
		}
	if (opts && opts->crl && (e = pki__crl_find(opts->crl, serial, ca_dn))) {
		*at = e->revoked_at;
		*reason = e->reason;
		return PKI_OCSP_REVOKED;
	}
	return PKI_OCSP_GOOD;
}

#define W(name, data, size) ((ret = pki__asn1_write(b, (name), (data), (size))) < 0)
#define WS(name, str) ((ret = pki__asn1_write_str(b, (name), (str))) < 0)

/* One SingleResponse of @p b for a CertID of the request. */
static int write_single(asn1_node b, gnutls_ocsp_req_t req, unsigned i, gnutls_x509_crt_t ca,
			const gnutls_datum_t *ca_dn, const pki_ocsp_opts_t *opts, int64_t now)
{
	static const unsigned char der_null[] = { 0x05, 0x00 };
	const char *r = "tbsResponseData.responses.?LAST";
	gnutls_datum_t nh = { NULL, 0 }, kh = { NULL, 0 }, serial = { NULL, 0 };
	gnutls_digest_algorithm_t dig;
	pki_ocsp_status_t st = PKI_OCSP_UNKNOWN;
	int64_t at = 0;
	int reason = PKI_CRL_REASON_UNSPECIFIED, ret;
	char el[128], t[16];

	ret = gnutls_ocsp_req_get_cert_id(req, i, &dig, &nh, &kh, &serial);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_PARSE, ret, "cannot read CertID %u of the request", i);
	if (!gnutls_digest_get_oid(dig)) {
		ret = pki__fail(PKI_E_UNSUPPORTED, "CertID %u uses an unknown hash", i);
		goto out;
	}
	if (issuer_matches(ca, dig, &nh, &kh))
		st = lookup(&at, &reason, opts, &serial, ca_dn);
	if (W("tbsResponseData.responses", "NEW", 1))
		goto out;
	snprintf(el, sizeof(el), "%s.certID.hashAlgorithm.algorithm", r);
	if (WS(el, gnutls_digest_get_oid(dig)))
		goto out;
	snprintf(el, sizeof(el), "%s.certID.hashAlgorithm.parameters", r);
	if (W(el, der_null, sizeof(der_null)))
		goto out;
	snprintf(el, sizeof(el), "%s.certID.issuerNameHash", r);
	if (W(el, nh.data, nh.size))
		goto out;
	snprintf(el, sizeof(el), "%s.certID.issuerKeyHash", r);
	if (W(el, kh.data, kh.size))
		goto out;
	snprintf(el, sizeof(el), "%s.certID.serialNumber", r);
	if (W(el, serial.data, serial.size))
		goto out;
	snprintf(el, sizeof(el), "%s.certStatus", r);
	if (WS(el, st == PKI_OCSP_GOOD ? "good" : st == PKI_OCSP_REVOKED ? "revoked" : "unknown"))
		goto out;
	if (st == PKI_OCSP_REVOKED) {
		gentime(t, at);
		snprintf(el, sizeof(el), "%s.certStatus.revoked.revocationTime", r);
		if (WS(el, t))
			goto out;
		snprintf(el, sizeof(el), "%s.certStatus.revoked.revocationReason", r);
		/* no revocationReason for "unspecified", as CRL entries have no reasonCode then */
		ret = reason != PKI_CRL_REASON_UNSPECIFIED ? pki__asn1_write_int(b, el, reason)
							   : pki__asn1_write(b, el, NULL, 0);
		if (ret < 0)
			goto out;
	}
	gentime(t, now);
	snprintf(el, sizeof(el), "%s.thisUpdate", r);
	if (WS(el, t))
		goto out;
	snprintf(el, sizeof(el), "%s.nextUpdate", r);
	if (opts && opts->validity == 0) {
		if (W(el, NULL, 0))
			goto out;
	} else {
		gentime(t, now + (opts ? opts->validity : 86400));
		if (WS(el, t))
			goto out;
	}
	snprintf(el, sizeof(el), "%s.singleExtensions", r);
	ret = pki__asn1_write(b, el, NULL, 0);
out:
	gnutls_free(nh.data);
	gnutls_free(kh.data);
	gnutls_free(serial.data);
	return ret < 0 ? ret : 0;
}

/* The request's nonce extension value (its extnValue, echoed as it is); size 0 if none. */
static int request_nonce(gnutls_datum_t *nonce, gnutls_ocsp_req_t req)
{
	for (unsigned i = 0;; i++) {
		gnutls_datum_t oid = { NULL, 0 }, data = { NULL, 0 };
		unsigned crit = 0;
		int ret = gnutls_ocsp_req_get_extension(req, i, &oid, &crit, &data);

		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			return 0;
		if (ret < 0)
			return pki__fail_gnutls(PKI_E_PARSE, ret, "cannot read the request's extensions");
		if (oid.size == strlen(OID_OCSP_NONCE) && !memcmp(oid.data, OID_OCSP_NONCE, oid.size)) {
			gnutls_free(oid.data);
			*nonce = data;
			return 0;
		}
		gnutls_free(oid.data);
		gnutls_free(data.data);
	}
}

static int write_basic(gnutls_datum_t *basic, gnutls_ocsp_req_t req, unsigned n,
		       const pki_cert_t *ca, const pki_key_t *key, const pki_ocsp_opts_t *opts)
{
	gnutls_datum_t ca_dn = { NULL, 0 }, nonce = { NULL, 0 }, tbs = { NULL, 0 }, sig = { NULL, 0 };
	gnutls_datum_t signer_der = { NULL, 0 };
	gnutls_x509_crt_t signer = opts && opts->signer ? opts->signer : pki__cert_crt(ca);
	gnutls_sign_algorithm_t sign = GNUTLS_SIGN_UNKNOWN;
	gnutls_pubkey_t spub = NULL;
	unsigned char id[20];
	asn1_node b = NULL;
	int64_t now = pki__now();
	char t[16];
	bool same = false;
	int ret;

	if ((ret = sign_algo(&sign, key)) < 0)
		return ret;
	if ((ret = gnutls_pubkey_init(&spub)) < 0 || (ret = gnutls_pubkey_import_x509(spub, signer, 0)) < 0) {
		ret = pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot read the signer's public key");
		goto out;
	}
	if ((ret = pki__pubkey_equal(spub, key->pub, &same)) < 0)
		goto out;
	if (!same) {
		ret = pki__fail(PKI_E_KEY_MISMATCH, "the key is not the %s's",
				opts && opts->signer ? "responder certificate" : "CA certificate");
		goto out;
	}
	if ((ret = pki__key_sha1_id(id, spub)) < 0)
		goto out;
	if ((ret = gnutls_x509_crt_get_raw_dn(pki__cert_crt(ca), &ca_dn)) < 0) {
		ret = pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot read the CA's name");
		goto out;
	}
	if ((ret = request_nonce(&nonce, req)) < 0 || (ret = pki__asn1_create(&b, "BasicOCSPResponse")) < 0)
		goto out;
	gentime(t, now);
	if (WS("tbsResponseData.responderID", "byKey") ||
	    W("tbsResponseData.responderID.byKey", id, sizeof(id)) ||
	    WS("tbsResponseData.producedAt", t))
		goto out;
	for (unsigned i = 0; i < n; i++)
		if ((ret = write_single(b, req, i, pki__cert_crt(ca), &ca_dn, opts, now)) < 0)
			goto out;
	if (nonce.size) {
		if (W("tbsResponseData.responseExtensions", "NEW", 1) ||
		    WS("tbsResponseData.responseExtensions.?LAST.extnID", OID_OCSP_NONCE) ||
		    WS("tbsResponseData.responseExtensions.?LAST.critical", "FALSE") ||
		    W("tbsResponseData.responseExtensions.?LAST.extnValue", nonce.data, nonce.size))
			goto out;
	} else if (W("tbsResponseData.responseExtensions", NULL, 0)) {
		goto out;
	}
	if ((ret = pki__asn1_encode(&tbs, b, "tbsResponseData")) < 0)
		goto out;
	ret = gnutls_privkey_sign_data2(key->priv, sign, 0, &tbs, &sig);
	if (ret < 0) {
		ret = pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
				       "cannot sign the OCSP response");
		goto out;
	}
	if ((ret = pki__asn1_write_sign_alg(b, "signatureAlgorithm", sign)) < 0)
		goto out;
	if (W("signature", sig.data, (size_t)sig.size * 8))
		goto out;
	if (opts && opts->signer) {
		if ((ret = gnutls_x509_crt_export2(signer, GNUTLS_X509_FMT_DER, &signer_der)) < 0) {
			ret = pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot encode the responder certificate");
			goto out;
		}
		if (W("certs", "NEW", 1) || W("certs.?LAST", signer_der.data, signer_der.size))
			goto out;
	} else if (W("certs", NULL, 0)) {
		goto out;
	}
	ret = pki__asn1_encode(basic, b, "");
out:
	if (spub)
		gnutls_pubkey_deinit(spub);
	gnutls_free(ca_dn.data);
	gnutls_free(nonce.data);
	gnutls_free(tbs.data);
	gnutls_free(sig.data);
	gnutls_free(signer_der.data);
	pki__asn1_free(&b);
	return ret;
}

/* The OCSP request @p req decoded into @p r (gnutls_ocsp_req_deinit; NULL on failure). */
static int req_import(gnutls_ocsp_req_t *r, const void *req, size_t req_size)
{
	gnutls_datum_t rd = { (unsigned char *)req, (unsigned)req_size };
	int ret;

	*r = NULL;
	if ((ret = pki__check_input(req, req_size)) < 0)
		return ret;
	if ((ret = gnutls_ocsp_req_init(r)) < 0) {
		*r = NULL;
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "out of memory");
	}
	if ((ret = gnutls_ocsp_req_import(*r, &rd)) < 0) {
		gnutls_ocsp_req_deinit(*r);
		*r = NULL;
		return pki__fail_gnutls(PKI_E_PARSE, ret, "the request is not a DER OCSP request");
	}
	return 0;
}

int pki_ocsp_respond(unsigned char **der, size_t *size, const pki_cert_t *ca,
		     const pki_key_t *key, const void *req, size_t req_size,
		     const pki_ocsp_opts_t *opts, unsigned flags)
{
	gnutls_datum_t basic = { NULL, 0 }, out = { NULL, 0 };
	gnutls_ocsp_req_t r = NULL;
	asn1_node b = NULL;
	unsigned n = 0;
	int ret;

	if ((ret = enter_der(__func__, der, size, flags, 0)) < 0 ||
	    (ret = pki__arg(__func__, ca, "ca")) < 0 || (ret = pki__arg(__func__, key, "key")) < 0)
		return ret;
	if (!key->priv)
		return pki__fail(PKI_E_NO_PRIVATE_KEY, "pki_ocsp_respond: the key is public only");
	if ((ret = req_import(&r, req, req_size)) < 0)
		return ret;
	for (;; n++) {
		ret = gnutls_ocsp_req_get_cert_id(r, n, NULL, NULL, NULL, NULL);
		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (ret < 0) {
			ret = pki__fail_gnutls(PKI_E_PARSE, ret, "cannot read the request's CertIDs");
			goto out;
		}
		if (n >= MAX_CERT_IDS) {
			ret = pki__fail(PKI_E_TOO_LARGE, "more than %u CertIDs in one request",
					MAX_CERT_IDS);
			goto out;
		}
	}
	if (n == 0) {
		ret = pki__fail(PKI_E_PARSE, "the OCSP request asks about no certificate");
		goto out;
	}
	if ((ret = write_basic(&basic, r, n, ca, key, opts)) < 0)
		goto out;
	if ((ret = pki__asn1_create(&b, "OCSPResponse")) < 0 ||
	    (ret = pki__asn1_write_int(b, "responseStatus", 0)) < 0 ||
	    WS("responseBytes.responseType", OID_OCSP_BASIC) ||
	    W("responseBytes.response", basic.data, basic.size) ||
	    (ret = pki__asn1_encode(&out, b, "")) < 0)
		goto out;
	ret = pki__datum_out(der, size, &out);
out:
	gnutls_free(basic.data);
	pki__asn1_free(&b);
	gnutls_ocsp_req_deinit(r);
	return ret;
}

/* ---- checking a response ---- */

/* ---- RSASSA-PSS responses ----
 * GnuTLS 3.7 reads an id-RSASSA-PSS OCSP signature as PSS with SHA-256 whatever its
 * parameters (gnutls_ocsp_resp_get_signature_algorithm maps the OID alone): a response signed
 * by the issuer with RSASSA-PSS is checked here with the hash and salt of its parameters. */

#define OID_RSASSA_PSS "1.2.840.113549.1.1.10"
#define OID_MGF1 "1.2.840.113549.1.1.8"

/* The hash and salt length of DER RSASSA-PSS-params (RFC 4055 defaults: SHA-1, salt 20);
 * PKI_E_UNSUPPORTED unless the mask is MGF1 with the same hash (all GnuTLS verifies). */
static int pss_params_read(gnutls_digest_algorithm_t *dig, unsigned *salt, const gnutls_datum_t *der)
{
	asn1_node p = NULL, mgf = NULL;
	gnutls_datum_t mp = { NULL, 0 };
	char oid[128] = "1.3.14.3.2.26", moid[128] = "", mhash[128] = "1.3.14.3.2.26";
	int64_t s = 20;
	int ret = pki__asn1_decode(&p, "RSASSA-PSS-params", der->data, der->size);

	if (ret == 0 && (ret = pki__asn1_read_oid(oid, sizeof(oid), p, "hashAlgorithm.algorithm")) == PKI_E_NOT_FOUND)
		ret = 0;
	if (ret == 0 && (ret = pki__asn1_read_oid(moid, sizeof(moid), p, "maskGenAlgorithm.algorithm")) == 0 &&
	    (ret = pki__asn1_read(&mp, p, "maskGenAlgorithm.parameters")) == 0 &&
	    (ret = pki__asn1_decode(&mgf, "AlgorithmIdentifier", mp.data, mp.size)) == 0)
		ret = pki__asn1_read_oid(mhash, sizeof(mhash), mgf, "algorithm");
	else if (ret == PKI_E_NOT_FOUND && !moid[0])
		ret = 0, snprintf(moid, sizeof(moid), "%s", OID_MGF1);
	if (ret == 0 && (ret = pki__asn1_read_int(&s, p, "saltLength")) == PKI_E_NOT_FOUND)
		ret = 0;
	gnutls_free(mp.data);
	pki__asn1_free(&mgf);
	pki__asn1_free(&p);
	if (ret < 0)
		return ret;
	pki__clear_error();
	*dig = gnutls_oid_to_digest(oid);
	if (*dig == GNUTLS_DIG_UNKNOWN || strcmp(moid, OID_MGF1) != 0 || strcmp(mhash, oid) != 0 ||
	    s < 0 || s > 1024)
		return pki__fail(PKI_E_UNSUPPORTED, "RSASSA-PSS with these parameters (hash %s, "
				 "mask %s with %s, salt %lld) cannot be checked", oid, moid, mhash,
				 (long long)s);
	*salt = (unsigned)s;
	return 0;
}

/* 1 when @p resp is signed with RSASSA-PSS, then checked against @p issuer's key (@p v as
 * gnutls_ocsp_resp_verify_direct sets it); 0 for any other signature; or an error. */
static int pss_verify(unsigned *v, const void *resp, size_t resp_size, gnutls_x509_crt_t issuer)
{
	asn1_node o = NULL, b = NULL;
	gnutls_datum_t basic = { NULL, 0 }, tbs, params = { NULL, 0 }, sig = { NULL, 0 };
	gnutls_pubkey_t pub = NULL;
	gnutls_x509_spki_t spki = NULL;
	gnutls_digest_algorithm_t dig = GNUTLS_DIG_UNKNOWN, kdig = GNUTLS_DIG_UNKNOWN;
	unsigned salt = 0, ksalt = 0;
	size_t bits = 0;
	char oid[128];
	int ret;

	if ((ret = pki__asn1_decode(&o, "OCSPResponse", resp, resp_size)) < 0 ||
	    (ret = pki__asn1_read(&basic, o, "responseBytes.response")) < 0 ||
	    (ret = pki__asn1_decode(&b, "BasicOCSPResponse", basic.data, basic.size)) < 0 ||
	    (ret = pki__asn1_read_oid(oid, sizeof(oid), b, "signatureAlgorithm.algorithm")) < 0 ||
	    strcmp(oid, OID_RSASSA_PSS) != 0) {
		pki__clear_error(); /* not PSS, or not DER: GnuTLS checks it (or says why not) */
		ret = 0;
		goto out;
	}
	if ((ret = pki__asn1_read(&params, b, "signatureAlgorithm.parameters")) < 0 ||
	    (ret = pss_params_read(&dig, &salt, &params)) < 0 ||
	    (ret = pki__asn1_der_of(&tbs, b, "tbsResponseData", basic.data, basic.size)) < 0 ||
	    (ret = pki__asn1_read_bits(&sig, &bits, b, "signature")) < 0)
		goto out;
	if ((ret = pki__asn1_count(&bits, b, "certs")) == 0 && bits > 0) {
		ret = pki__fail(PKI_E_UNSUPPORTED, "an RSASSA-PSS response of a delegated responder "
				"cannot be checked");
		goto out;
	}
	pki__clear_error();
	if (gnutls_pubkey_init(&pub) < 0 || gnutls_x509_spki_init(&spki) < 0 ||
	    gnutls_pubkey_import_x509(pub, issuer, 0) < 0) {
		ret = pki__fail(PKI_E_NOMEM, "cannot read the issuer's key");
		goto out;
	}
	/* a key restricted to a hash and a minimum salt (RFC 4055 3.1) verifies only those */
	if (gnutls_pubkey_get_spki(pub, spki, 0) >= 0 &&
	    gnutls_x509_spki_get_rsa_pss_params(spki, &kdig, &ksalt) >= 0 &&
	    kdig != GNUTLS_DIG_UNKNOWN && (kdig != dig || salt < ksalt)) {
		*v = GNUTLS_OCSP_VERIFY_SIGNATURE_FAILURE;
		ret = 1;
		goto out;
	}
	gnutls_x509_spki_set_rsa_pss_params(spki, dig, salt);
	if ((ret = gnutls_pubkey_set_spki(pub, spki, 0)) < 0) {
		ret = pki__fail_gnutls(PKI_E_UNSUPPORTED, ret, "the issuer's key cannot check RSASSA-PSS");
		goto out;
	}
	ret = gnutls_pubkey_verify_data2(pub, gnutls_pk_to_sign(GNUTLS_PK_RSA_PSS, dig), 0, &tbs, &sig);
	*v = ret < 0 ? GNUTLS_OCSP_VERIFY_SIGNATURE_FAILURE : 0;
	ret = 1;
out:
	gnutls_x509_spki_deinit(spki);
	gnutls_pubkey_deinit(pub);
	pki__free_datums(&basic, &params, &sig, NULL);
	pki__asn1_free(&b);
	pki__asn1_free(&o);
	return ret;
}

/* The first reason GnuTLS's verification bits @p v name, most telling first. */
static const char *verify_why(unsigned v)
{
	static const struct {
		unsigned bit;
		const char *why;
	} reasons[] = {
		{ GNUTLS_OCSP_VERIFY_SIGNER_NOT_FOUND,
		  "the signer is neither the issuer nor a responder certificate in the response" },
		{ GNUTLS_OCSP_VERIFY_SIGNER_KEYUSAGE_ERROR,
		  "the responder certificate lacks the OCSPSigning extended key usage" },
		{ GNUTLS_OCSP_VERIFY_UNTRUSTED_SIGNER,
		  "the responder certificate was not issued by the issuer" },
		{ GNUTLS_OCSP_VERIFY_INSECURE_ALGORITHM,
		  "the response is signed with an insecure algorithm" },
		{ GNUTLS_OCSP_VERIFY_CERT_EXPIRED, "the responder certificate has expired" },
		{ GNUTLS_OCSP_VERIFY_CERT_NOT_ACTIVATED, "the responder certificate is not valid yet" },
	};

	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (v & reasons[i].bit)
			return reasons[i].why;
	return "the response's signature does not verify";
}

static int check_nonce(gnutls_ocsp_resp_t resp, const void *req, size_t req_size)
{
	gnutls_datum_t qn = { NULL, 0 }, rn = { NULL, 0 };
	gnutls_ocsp_req_t r = NULL;
	int ret;

	if ((ret = req_import(&r, req, req_size)) < 0)
		return ret;
	if (gnutls_ocsp_req_get_nonce(r, NULL, &qn) < 0) {
		ret = 0; /* no nonce asked */
		goto out;
	}
	if (gnutls_ocsp_resp_get_nonce(resp, NULL, &rn) < 0)
		ret = pki__fail(PKI_E_VERIFY, "the request has a nonce and the response none "
				"(a replayed or cached response)");
	else if (rn.size != qn.size || memcmp(rn.data, qn.data, qn.size))
		ret = pki__fail(PKI_E_VERIFY, "the response's nonce is not the request's");
	else
		ret = 0;
out:
	pki__free_datums(&qn, &rn, NULL);
	gnutls_ocsp_req_deinit(r);
	return ret;
}

int pki__ocsp_check_crt(pki_ocsp_status_t *status, int64_t *revoked_at, pki_crl_reason_t *reason,
			const void *resp, size_t resp_size, gnutls_x509_crt_t cert,
			gnutls_x509_crt_t issuer, const void *req, size_t req_size, int64_t now)
{
	gnutls_datum_t d = { (unsigned char *)resp, (unsigned)resp_size };
	gnutls_ocsp_resp_t r = NULL;
	unsigned char cserial[64];
	size_t clen = sizeof(cserial);
	unsigned v = 0;
	int ret, st;

	*status = PKI_OCSP_UNKNOWN;
	if (revoked_at)
		*revoked_at = 0;
	if (reason)
		*reason = PKI_CRL_REASON_UNSPECIFIED;
	if (gnutls_x509_crt_get_serial(cert, cserial, &clen) < 0)
		return pki__fail(PKI_E_PARSE, "cannot read the certificate's serial");
	if ((ret = gnutls_ocsp_resp_init(&r)) < 0)
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "out of memory");
	if ((ret = gnutls_ocsp_resp_import(r, &d)) < 0) {
		ret = pki__fail_gnutls(PKI_E_PARSE, ret, "not a DER OCSP response");
		goto out;
	}
	if ((st = gnutls_ocsp_resp_get_status(r)) != GNUTLS_OCSP_RESP_SUCCESSFUL) {
		ret = pki__fail(PKI_E_PARSE, "the responder did not answer (responseStatus %d)", st);
		goto out;
	}
	if ((ret = pss_verify(&v, resp, resp_size, issuer)) < 0)
		goto out;
	if (ret == 0 && (ret = gnutls_ocsp_resp_verify_direct(r, issuer, &v, 0)) < 0) {
		ret = pki__fail_gnutls(PKI_E_PARSE, ret, "cannot check the response's signature");
		goto out;
	}
	if (v) {
		ret = pki__fail(PKI_E_BAD_SIGNATURE, "%s", verify_why(v));
		goto out;
	}
	for (unsigned i = 0;; i++) {
		gnutls_datum_t nh = { NULL, 0 }, kh = { NULL, 0 }, serial = { NULL, 0 };
		gnutls_digest_algorithm_t dig;
		unsigned cs = 0, rr = 0;
		time_t tu = 0, nu = 0, rt = 0;
		bool match;

		ret = gnutls_ocsp_resp_get_single(r, i, &dig, &nh, &kh, &serial, &cs, &tu, &nu, &rt,
						  &rr);
		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
			ret = pki__fail(PKI_E_NOT_FOUND, "the response says nothing about this "
					"certificate");
			goto out;
		}
		if (ret < 0) {
			ret = pki__fail_gnutls(PKI_E_PARSE, ret, "cannot read the response");
			goto out;
		}
		match = pki__serial_equal(serial.data, serial.size, cserial, clen) &&
			issuer_matches(issuer, dig, &nh, &kh);
		gnutls_free(nh.data);
		gnutls_free(kh.data);
		gnutls_free(serial.data);
		if (!match)
			continue;
		if ((int64_t)tu > now + CLOCK_SKEW) {
			ret = pki__fail(PKI_E_VALIDITY, "the response is not valid yet (thisUpdate "
					"is in the future)");
			goto out;
		}
		if (nu != (time_t)-1 && (int64_t)nu < now) {
			ret = pki__fail(PKI_E_VALIDITY, "the response is stale (its nextUpdate has "
					"passed)");
			goto out;
		}
		/* Without nextUpdate newer information is always available (RFC 6960 4.2.2.1):
		 * such an answer is used only while it is fresh, never at any age. */
		if (nu == (time_t)-1 && (int64_t)tu < now - PKI_OCSP_MAX_AGE) {
			ret = pki__fail(PKI_E_VALIDITY, "the response is stale (it has no nextUpdate "
					"and its thisUpdate is more than %d hours old)",
					PKI_OCSP_MAX_AGE / 3600);
			goto out;
		}
		if (req && req_size && (ret = check_nonce(r, req, req_size)) < 0)
			goto out;
		*status = cs == GNUTLS_OCSP_CERT_GOOD	  ? PKI_OCSP_GOOD
			  : cs == GNUTLS_OCSP_CERT_REVOKED ? PKI_OCSP_REVOKED
							   : PKI_OCSP_UNKNOWN;
		if (*status == PKI_OCSP_REVOKED) {
			if (revoked_at)
				*revoked_at = (int64_t)rt;
			if (reason)
				*reason = (pki_crl_reason_t)rr; /* RFC 5280 5.3.1 numbers */
		}
		ret = 0;
		goto out;
	}
out:
	gnutls_ocsp_resp_deinit(r);
	return ret;
}

int pki_ocsp_check(pki_ocsp_status_t *status, int64_t *revoked_at, pki_crl_reason_t *reason,
		   const void *resp, size_t resp_size, const pki_cert_t *cert,
		   const pki_cert_t *issuer, const void *req, size_t req_size, int64_t when,
		   unsigned flags)
{
	int ret;

	if (revoked_at)
		*revoked_at = 0;
	if (reason)
		*reason = PKI_CRL_REASON_UNSPECIFIED;
	if (status)
		*status = PKI_OCSP_UNKNOWN;
	if ((ret = pki__enter_arg(__func__, status, "status")) < 0 ||
	    (ret = pki__arg(__func__, cert, "cert")) < 0 ||
	    (ret = pki__arg(__func__, issuer, "issuer")) < 0 ||
	    (ret = pki__flags(__func__, flags, PKI_OCSP_CHECK_AT)) < 0)
		return ret;
	/* no time stands for "now": a chosen time comes with its flag, 0 (1970) included */
	if (!(flags & PKI_OCSP_CHECK_AT) && when != 0)
		return pki__fail(PKI_E_INVALID_ARG, "pki_ocsp_check: a time without "
				 "PKI_OCSP_CHECK_AT (which says to check at it)");
	if ((flags & PKI_OCSP_CHECK_AT) && (when < 0 || when > PKI__TIME_MAX))
		return pki__fail(PKI_E_INVALID_ARG, "pki_ocsp_check: time %lld is out of range",
				 (long long)when);
	if (!req && req_size)
		return pki__fail(PKI_E_INVALID_ARG, "%s: req is NULL", __func__);
	if ((ret = pki__check_input(resp, resp_size)) < 0)
		return ret;
	return pki__ocsp_check_crt(status, revoked_at, reason, resp, resp_size, pki__cert_crt(cert),
				   pki__cert_crt(issuer), req, req_size,
				   flags & PKI_OCSP_CHECK_AT ? when : pki__now());
}
