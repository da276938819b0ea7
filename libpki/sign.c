/*
 * libpki — signing and verifying data with a key.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The signatures are the plain ones other tools make and check: `openssl dgst -sign/-verify`
 * (DER ECDSA-Sig-Value, PKCS#1 v1.5 or PSS for RSA) and `openssl pkeyutl` for pure EdDSA.
 */
#include "internal.h"

#include "asn1.h"

#include <stdio.h>
#include <string.h>

/* The GnuTLS digest of a pki_hash_t (the key's own choice for PKI_HASH_DEFAULT). */
static int hash_of(gnutls_digest_algorithm_t *dig, const pki_key_t *key, pki_hash_t hash,
		   const char *fn)
{
	bool eddsa = key->type == PKI_KEY_ED25519 || key->type == PKI_KEY_ED448;

	switch (hash) {
	case PKI_HASH_DEFAULT: *dig = pki__key_sign_digest(key); break;
	case PKI_HASH_SHA256: *dig = GNUTLS_DIG_SHA256; break;
	case PKI_HASH_SHA384: *dig = GNUTLS_DIG_SHA384; break;
	case PKI_HASH_SHA512: *dig = GNUTLS_DIG_SHA512; break;
	default: return pki__fail(PKI_E_INVALID_ARG, "%s: unknown hash %d", fn, (int)hash);
	}
	/* Pure EdDSA hashes internally: a chosen hash would be a different scheme (Ed25519ph). */
	if (eddsa && hash != PKI_HASH_DEFAULT)
		return pki__fail(PKI_E_INVALID_ARG,
				 "%s: %s signs the data itself (pure EdDSA): pass PKI_HASH_DEFAULT",
				 fn, key->type == PKI_KEY_ED25519 ? "Ed25519" : "Ed448");
	return 0;
}

/* The GnuTLS signature algorithm for a key, a digest and the flags. */
static int sign_algo_of(gnutls_sign_algorithm_t *algo, const pki_key_t *key,
			gnutls_digest_algorithm_t dig, unsigned flags, const char *fn)
{
	gnutls_pk_algorithm_t pk;
	int ret;

	if (flags & ~(unsigned)PKI_SIGN_RSA_PSS)
		return pki__fail(PKI_E_INVALID_ARG, "%s: unknown flags 0x%x", fn, flags);
	switch (key->type) {
	case PKI_KEY_RSA: pk = (flags & PKI_SIGN_RSA_PSS) ? GNUTLS_PK_RSA_PSS : GNUTLS_PK_RSA; break;
	case PKI_KEY_RSA_PSS: pk = GNUTLS_PK_RSA_PSS; break; /* PSS with or without the flag */
	case PKI_KEY_EC_P256:
	case PKI_KEY_EC_P384:
	case PKI_KEY_EC_P521: pk = GNUTLS_PK_ECDSA; break;
	case PKI_KEY_ED25519: *algo = GNUTLS_SIGN_EDDSA_ED25519; goto eddsa;
	case PKI_KEY_ED448: *algo = GNUTLS_SIGN_EDDSA_ED448; goto eddsa;
	default: return pki__fail(PKI_E_UNSUPPORTED, "%s: unsupported key type", fn);
	}
	if (flags & PKI_SIGN_RSA_PSS && key->type != PKI_KEY_RSA && key->type != PKI_KEY_RSA_PSS)
		return pki__fail(PKI_E_INVALID_ARG, "%s: PKI_SIGN_RSA_PSS is for RSA keys", fn);
	if ((ret = pki__key_check_digest(key, dig)) < 0)
		return ret;
	*algo = gnutls_pk_to_sign(pk, dig);
	if (*algo == GNUTLS_SIGN_UNKNOWN)
		return pki__fail(PKI_E_UNSUPPORTED, "%s: no %s signature with %s", fn,
				 gnutls_pk_get_name(pk), gnutls_digest_get_name(dig));
	return 0;
eddsa:
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "%s: PKI_SIGN_RSA_PSS is for RSA keys", fn);
	return 0;
}

static int check_data(const void *data, size_t size, const char *what, const char *fn)
{
	if (!data && size)
		return pki__fail(PKI_E_INVALID_ARG, "%s: %s is NULL", fn, what);
	if (size > PKI_MAX_INPUT_SIZE)
		return pki__fail(PKI_E_TOO_LARGE, "%s: %s of %zu bytes exceeds the %u-byte limit", fn,
				 what, size, PKI_MAX_INPUT_SIZE);
	return 0;
}

int pki_key_sign(unsigned char **sig, size_t *sig_size, const pki_key_t *key, pki_hash_t hash,
		 const void *data, size_t size, unsigned flags)
{
	gnutls_datum_t in, out = { NULL, 0 };
	gnutls_sign_algorithm_t algo;
	gnutls_digest_algorithm_t dig;
	int ret;

	if (sig)
		*sig = NULL;
	if (sig_size)
		*sig_size = 0;
	if ((ret = pki__enter_arg(__func__, sig, "sig")) < 0 ||
	    (ret = pki__arg(__func__, sig_size, "sig_size")) < 0 ||
	    (ret = pki__arg(__func__, key, "key")) < 0 ||
	    (ret = check_data(data, size, "data", __func__)) < 0 ||
	    (ret = hash_of(&dig, key, hash, __func__)) < 0 ||
	    (ret = sign_algo_of(&algo, key, dig, flags, __func__)) < 0)
		return ret;
	if (!key->priv)
		return pki__fail(PKI_E_NO_PRIVATE_KEY,
				 "pki_key_sign: the key handle holds only a public key");
	in.data = (unsigned char *)(data ? data : "");
	in.size = (unsigned)size;
	ret = gnutls_privkey_sign_data2(key->priv, algo, 0, &in, &out);
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO) == PKI_E_NOMEM
						? PKI_E_NOMEM
						: PKI_E_CRYPTO,
					ret, "cannot sign with %s", gnutls_sign_get_name(algo));
	return pki__datum_out(sig, sig_size, &out);
}

int pki_key_verify(const pki_key_t *key, pki_hash_t hash, const void *data, size_t size,
		   const void *sig, size_t sig_size, unsigned flags)
{
	gnutls_datum_t in, s;
	gnutls_sign_algorithm_t algo;
	gnutls_digest_algorithm_t dig;
	int ret;

	if ((ret = pki__enter_arg(__func__, key, "key")) < 0 ||
	    (ret = pki__arg(__func__, sig, "sig")) < 0 ||
	    (ret = check_data(data, size, "data", __func__)) < 0 ||
	    (ret = check_data(sig, sig_size, "sig", __func__)) < 0 ||
	    (ret = hash_of(&dig, key, hash, __func__)) < 0 ||
	    (ret = sign_algo_of(&algo, key, dig, flags, __func__)) < 0)
		return ret;
	if (sig_size == 0)
		return pki__fail(PKI_E_BAD_SIGNATURE, "the signature is empty");
	in.data = (unsigned char *)(data ? data : "");
	in.size = (unsigned)size;
	s.data = (unsigned char *)sig;
	s.size = (unsigned)sig_size;
	ret = gnutls_pubkey_verify_data2(key->pub, algo, 0, &in, &s);
	if (ret >= 0)
		return 0;
	switch (pki__map_gnutls(ret, PKI_E_CRYPTO)) {
	case PKI_E_NOMEM:
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "out of memory verifying");
	case PKI_E_UNSUPPORTED:
		return pki__fail_gnutls(PKI_E_UNSUPPORTED, ret, "cannot verify %s",
					gnutls_sign_get_name(algo));
	default:
		/* A malformed signature (bad DER, wrong length) does not verify either. */
		return pki__fail_gnutls(PKI_E_BAD_SIGNATURE, ret,
					"the %s signature does not verify with this key",
					gnutls_sign_get_name(algo));
	}
}

/* ---------------------------------------------------------------------------------------- */
/* AlgorithmIdentifiers of the signatures libpki writes itself (requests, CRLs, OCSP)         */

#define OID_MGF1 "1.2.840.113549.1.1.8"

int pki__pss_params_der(gnutls_datum_t *out, gnutls_digest_algorithm_t dig)
{
	asn1_node p = NULL, alg = NULL;
	gnutls_datum_t hash_alg = { NULL, 0 };
	const char *oid = gnutls_digest_get_oid(dig);
	int ret;

	if (!oid)
		return pki__fail(PKI_E_UNSUPPORTED, "no OID for %s", gnutls_digest_get_name(dig));
	/* AlgorithmIdentifier { hash, parameters absent } (RFC 5754 3), then its use twice. */
	if ((ret = pki__asn1_create(&alg, "AlgorithmIdentifier")) < 0 ||
	    (ret = pki__asn1_write_str(alg, "algorithm", oid)) < 0 ||
	    (ret = pki__asn1_write(alg, "parameters", NULL, 0)) < 0 ||
	    (ret = pki__asn1_encode(&hash_alg, alg, "")) < 0)
		goto out;
	if ((ret = pki__asn1_create(&p, "RSASSA-PSS-params")) < 0 ||
	    (ret = pki__asn1_write_str(p, "hashAlgorithm.algorithm", oid)) < 0 ||
	    (ret = pki__asn1_write(p, "hashAlgorithm.parameters", NULL, 0)) < 0 ||
	    (ret = pki__asn1_write_str(p, "maskGenAlgorithm.algorithm", OID_MGF1)) < 0 ||
	    (ret = pki__asn1_write(p, "maskGenAlgorithm.parameters", hash_alg.data,
				   hash_alg.size)) < 0 ||
	    (ret = pki__asn1_write_int(p, "saltLength", (int64_t)gnutls_hash_get_len(dig))) < 0 ||
	    (ret = pki__asn1_write(p, "trailerField", NULL, 0)) < 0)
		goto out;
	ret = pki__asn1_encode(out, p, "");
out:
	gnutls_free(hash_alg.data);
	pki__asn1_free(&alg);
	pki__asn1_free(&p);
	return ret;
}


int pki__asn1_write_sign_alg(asn1_node node, const char *name, gnutls_sign_algorithm_t sign)
{
	static const unsigned char der_null[] = { 0x05, 0x00 };
	gnutls_datum_t params = { NULL, 0 };
	const char *oid = gnutls_sign_get_oid(sign);
	char el[96];
	int ret;

	if (!oid)
		return pki__fail(PKI_E_UNSUPPORTED, "no OID for %s", gnutls_sign_get_name(sign));
	snprintf(el, sizeof(el), "%s.algorithm", name);
	if ((ret = pki__asn1_write_str(node, el, oid)) < 0)
		return ret;
	snprintf(el, sizeof(el), "%s.parameters", name);
	switch (gnutls_sign_get_pk_algorithm(sign)) {
	case GNUTLS_PK_RSA: return pki__asn1_write(node, el, der_null, sizeof(der_null));
	case GNUTLS_PK_RSA_PSS:
		/* explicit parameters: readers differ on an absent MGF (GnuTLS: the key's hash,
		 * RFC 4055: SHA-1) */
		if ((ret = pki__pss_params_der(&params, gnutls_sign_get_hash_algorithm(sign))) < 0)
			return ret;
		ret = pki__asn1_write(node, el, params.data, params.size);
		gnutls_free(params.data);
		return ret;
	default: return pki__asn1_write(node, el, NULL, 0);
	}
}
