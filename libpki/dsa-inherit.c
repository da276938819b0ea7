/*
 * libpki — DSA parameter inheritance (RFC 3279 2.3.2, RFC 5280 6.1.4 (f)).
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A DSA SubjectPublicKeyInfo may leave out its parameters: then p, q and g are those of the
 * issuer's DSA key (the next certificate up the path). GnuTLS cannot import such a key alone,
 * so the key is built here from the issuer's p, q, g and this certificate's y (the
 * subjectPublicKey BIT STRING holds the DER INTEGER y, decoded through libtasn1). Only one
 * level: an issuer whose own key lacks parameters gives none. The key-size bounds of path.c
 * apply to the built key (pki__vctx_key_bounded reads it from the memo).
 */
#include "dsa-inherit.h"

#include "asn1.h"
#include "crl-int.h"
#include "internal.h"
#include <string.h>

#define OID_DSA "1.2.840.10040.4.1"

/* The decoded Certificate of @p crt; NULL when it cannot be decoded (no error detail left). */
static asn1_node decode_cert(gnutls_x509_crt_t crt)
{
	gnutls_datum_t der = { NULL, 0 };
	asn1_node node = NULL;

	if (gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der) < 0)
		return NULL;
	if (pki__asn1_decode(&node, "Certificate", der.data, der.size) < 0)
		pki__clear_error(); /* a probe: the verification reports, not this */
	gnutls_free(der.data);
	return node;
}

static bool spki_dsa_no_params(asn1_node cert)
{
	char oid[128];
	gnutls_datum_t par = { NULL, 0 };
	int ret;

	if (pki__asn1_read_oid(oid, sizeof(oid), cert,
			       "tbsCertificate.subjectPublicKeyInfo.algorithm.algorithm") < 0) {
		pki__clear_error();
		return false;
	}
	if (strcmp(oid, OID_DSA) != 0)
		return false;
	ret = pki__asn1_read(&par, cert, "tbsCertificate.subjectPublicKeyInfo.algorithm.parameters");
	gnutls_free(par.data);
	if (ret != PKI_E_NOT_FOUND) {
		pki__clear_error();
		return false;
	}
	pki__clear_error();
	return true;
}

bool pki__crt_dsa_no_params(gnutls_x509_crt_t crt)
{
	asn1_node cert;
	bool r;

	if (gnutls_x509_crt_get_pk_algorithm(crt, NULL) != GNUTLS_PK_DSA)
		return false; /* cheap: most keys are not DSA */
	cert = decode_cert(crt);
	r = cert && spki_dsa_no_params(cert);

	pki__asn1_free(&cert);
	return r;
}

/* y from the subjectPublicKey bits of @p cert: a positive DER INTEGER (gnutls_free). */
static int read_y(gnutls_datum_t *y, asn1_node cert)
{
	gnutls_datum_t bits = { NULL, 0 };
	asn1_node in = NULL;
	size_t nbits = 0;
	int ret = -1;

	y->data = NULL;
	y->size = 0;
	if (pki__asn1_read_bits(&bits, &nbits, cert,
				"tbsCertificate.subjectPublicKeyInfo.subjectPublicKey") < 0 ||
	    nbits != (size_t)bits.size * 8 ||
	    pki__asn1_decode(&in, "Integer", bits.data, bits.size) < 0 ||
	    pki__asn1_read(y, in, "") < 0)
		goto out;
	if (y->size == 0 || (y->data[0] & 0x80)) { /* negative */
		gnutls_free(y->data);
		y->data = NULL;
		goto out;
	}
	ret = 0;
out:
	if (ret < 0)
		pki__clear_error();
	pki__asn1_free(&in);
	gnutls_free(bits.data);
	return ret;
}

int pki__dsa_inherit_key(gnutls_pubkey_t *out, gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer)
{
	gnutls_datum_t p = { NULL, 0 }, q = { NULL, 0 }, g = { NULL, 0 }, iy = { NULL, 0 };
	gnutls_datum_t y = { NULL, 0 };
	gnutls_pubkey_t k = NULL;
	asn1_node cert = NULL;
	int ret = -1;

	*out = NULL;
	if (!issuer || gnutls_x509_crt_get_pk_algorithm(crt, NULL) != GNUTLS_PK_DSA ||
	    gnutls_x509_crt_get_pk_algorithm(issuer, NULL) != GNUTLS_PK_DSA)
		return -1;
	cert = decode_cert(crt);
	if (!cert || !spki_dsa_no_params(cert) || read_y(&y, cert) < 0)
		goto out;
	/* fails for an issuer whose key has no parameters either */
	if (gnutls_x509_crt_get_pk_dsa_raw(issuer, &p, &q, &g, &iy) < 0 || !p.size || !q.size ||
	    !g.size)
		goto out;
	if (gnutls_pubkey_init(&k) < 0) {
		ret = PKI_E_NOMEM;
		goto out;
	}
	if (gnutls_pubkey_import_dsa_raw(k, &p, &q, &g, &y) < 0) {
		gnutls_pubkey_deinit(k);
		goto out;
	}
	*out = k;
	ret = 0;
out:
	gnutls_free(p.data);
	gnutls_free(q.data);
	gnutls_free(g.data);
	gnutls_free(iy.data);
	gnutls_free(y.data);
	pki__asn1_free(&cert);
	return ret;
}

void pki__vctx_dsa_inherit(pki__vctx_t *v, gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer)
{
	gnutls_pubkey_t k = NULL;
	size_t i;

	for (i = 0; i < v->npmemo; i++)
		if (v->pmemo[i].crt == crt)
			break;
	if (i < v->npmemo && v->pmemo[i].pub &&
	    (!v->pmemo[i].from || v->pmemo[i].from == issuer))
		return; /* imported on its own, or inherited from this issuer already */
	if (i == sizeof(v->pmemo) / sizeof(v->pmemo[0]))
		return; /* no room: stays unimported (fails closed) */
	if (i < v->npmemo && v->pmemo[i].pub) {
		/* inherited on another path, from another issuer of the same name: neither that
		 * key nor the checks made with it hold on this path */
		size_t kept = 0;

		gnutls_pubkey_deinit(v->pmemo[i].pub);
		v->pmemo[i].pub = NULL;
		v->pmemo[i].from = NULL;
		v->pmemo[i].bounded = -1;
		for (size_t m = 0; m < v->nmemo; m++)
			if (v->memo[m].issuer != crt)
				v->memo[kept++] = v->memo[m];
		v->nmemo = kept;
	}
	if (pki__dsa_inherit_key(&k, crt, issuer) == PKI_E_NOMEM) {
		pki__vnomem(v);
		return;
	}
	if (!k)
		return;
	v->pmemo[i].crt = crt;
	v->pmemo[i].pub = k;
	v->pmemo[i].from = issuer;
	v->pmemo[i].bounded = -1;
	if (i == v->npmemo)
		v->npmemo++;
}

bool pki__vctx_dsa_uninherited(pki__vctx_t *v, gnutls_x509_crt_t crt)
{
	for (size_t i = 0; i < v->npmemo; i++)
		if (v->pmemo[i].crt == crt && v->pmemo[i].pub)
			return false;
	return pki__crt_dsa_no_params(crt);
}

/* The key @p crt inherited in this verification (borrowed), or NULL. */
static gnutls_pubkey_t inherited_key(pki__vctx_t *v, gnutls_x509_crt_t crt)
{
	for (size_t i = 0; i < v->npmemo; i++)
		if (v->pmemo[i].crt == crt)
			return v->pmemo[i].pub && pki__crt_dsa_no_params(crt) ? v->pmemo[i].pub
									      : NULL;
	return NULL;
}

int pki__vctx_dsa_crl_signed_by(pki__vctx_t *v, const pki_crl_t *crl, gnutls_x509_crt_t issuer)
{
	gnutls_pubkey_t key = inherited_key(v, issuer);
	gnutls_datum_t dn = { NULL, 0 }, tbs = { NULL, 0 }, sig = { NULL, 0 };
	asn1_node list = NULL;
	size_t nbits = 0;
	bool ok = false;

	if (!key)
		return -1;
	if (!pki__vctx_key_bounded(v, issuer) || crl->sign_algo <= 0)
		return 0;
	if (gnutls_x509_crt_get_raw_dn(issuer, &dn) < 0 || !pki__dn_equal(&dn, &crl->issuer))
		goto out;
	if (pki__asn1_decode(&list, "CertificateList", crl->der.data, crl->der.size) < 0 ||
	    pki__asn1_der_of(&tbs, list, "tbsCertList", crl->der.data, crl->der.size) < 0 ||
	    pki__asn1_read_bits(&sig, &nbits, list, "signature") < 0 ||
	    nbits != (size_t)sig.size * 8) {
		pki__clear_error();
		goto out;
	}
	ok = gnutls_pubkey_verify_data2(key, (gnutls_sign_algorithm_t)crl->sign_algo,
					GNUTLS_VERIFY_ALLOW_BROKEN | GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1,
					&tbs, &sig) >= 0;
out:
	gnutls_free(sig.data);
	gnutls_free(dn.data);
	pki__asn1_free(&list);
	return ok ? 1 : 0;
}
