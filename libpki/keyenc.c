/*
 * libpki — private keys in their exact encodings: EC scalars of the curve's size (RFC 5915),
 * and PKCS#8 encryption (PBES2, RFC 8018) of a PrivateKeyInfo libpki encoded itself.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Why: GnuTLS 3.7 writes the ECPrivateKey privateKey OCTET STRING as the scalar's minimal
 * two's complement integer (33 bytes for P-256 when the top bit is set, 31 when the top byte
 * is zero), where RFC 5915 and SEC 1 C.4 require exactly ceiling(log2(n)/8) bytes (32, 48, 66).
 * Strict parsers (cryptography >= 39 with its Rust ASN.1, BoringSSL) refuse about half of the
 * keys. GnuTLS re-encodes a key from its numbers on every export, so the fixed encoding cannot
 * go through gnutls_x509_privkey_export*: libpki re-encodes the PrivateKeyInfo with libtasn1
 * and encrypts it itself (PBKDF2 and AES-256-CBC from GnuTLS's crypto API).
 */
#include "asn1.h"

#include <string.h>

#define OID_PBES2 "1.2.840.113549.1.5.13"
#define OID_PBKDF2 "1.2.840.113549.1.5.12"
#define OID_HMAC_SHA256 "1.2.840.113549.2.9"
#define OID_AES256_CBC "2.16.840.1.101.3.4.1.42"
#define OID_EC_PUBLIC_KEY "1.2.840.10045.2.1"

#define SALT_SIZE 16
#define IV_SIZE 16
#define AES256_KEY_SIZE 32

/* Free a node holding key material: its values are wiped first. */
static void free_secret_node(asn1_node *node)
{
	if (*node)
		asn1_delete_structure2(node, ASN1_DELETE_FLAG_ZEROIZE);
	*node = NULL;
}

void pki__wipe_datum(gnutls_datum_t *d)
{
	if (d->data) {
		gnutls_memset(d->data, 0, d->size);
		gnutls_free(d->data);
	}
	d->data = NULL;
	d->size = 0;
}

void pki__wipe_datums(gnutls_datum_t *d, ...)
{
	va_list ap;

	va_start(ap, d);
	for (; d; d = va_arg(ap, gnutls_datum_t *))
		pki__wipe_datum(d);
	va_end(ap);
}

void pki__free_datums(gnutls_datum_t *d, ...)
{
	va_list ap;

	va_start(ap, d);
	for (; d; d = va_arg(ap, gnutls_datum_t *)) {
		gnutls_free(d->data);
		d->data = NULL;
		d->size = 0;
	}
	va_end(ap);
}

size_t pki__ec_scalar_size(int curve)
{
	switch (curve) {
	case GNUTLS_ECC_CURVE_SECP256R1: return 32;
	case GNUTLS_ECC_CURVE_SECP384R1: return 48;
	case GNUTLS_ECC_CURVE_SECP521R1: return 66;
	default: return 0;
	}
}

/*
 * Re-encode the ECPrivateKey @p in (DER) with its privateKey left-padded (or stripped of
 * leading zeros) to @p size bytes, into @p out (gnutls_free, wipe).
 */
static int fix_ec_private_key(gnutls_datum_t *out, const gnutls_datum_t *in, size_t size)
{
	asn1_node ec = NULL;
	gnutls_datum_t k = { NULL, 0 };
	unsigned char fixed[66];
	size_t skip = 0;
	int ret;

	if ((ret = pki__asn1_decode(&ec, "ECPrivateKey", in->data, in->size)) < 0)
		goto out;
	if ((ret = pki__asn1_read(&k, ec, "privateKey")) < 0)
		goto out;
	while (skip < k.size && k.data[skip] == 0)
		skip++;
	if (k.size - skip > size || size > sizeof(fixed)) {
		ret = pki__fail(PKI_E_PARSE, "the EC private scalar has %u bytes, more than the "
					     "curve's %zu", k.size - (unsigned)skip, size);
		goto out;
	}
	memset(fixed, 0, size - (k.size - skip));
	memcpy(fixed + size - (k.size - skip), k.data + skip, k.size - skip);
	if ((ret = pki__asn1_write(ec, "privateKey", fixed, size)) < 0)
		goto out;
	ret = pki__asn1_encode(out, ec, "");
out:
	gnutls_memset(fixed, 0, sizeof(fixed));
	pki__wipe_datum(&k);
	free_secret_node(&ec);
	return ret;
}

int pki__ec_fix_pkcs8(gnutls_datum_t *out, const gnutls_datum_t *pkcs8, size_t size)
{
	asn1_node pki = NULL;
	gnutls_datum_t inner = { NULL, 0 }, fixed = { NULL, 0 };
	char oid[128];
	int ret;

	out->data = NULL;
	out->size = 0;
	if ((ret = pki__asn1_decode(&pki, "PrivateKeyInfo", pkcs8->data, pkcs8->size)) < 0)
		goto out;
	if ((ret = pki__asn1_read_oid(oid, sizeof(oid), pki, "privateKeyAlgorithm.algorithm")) < 0)
		goto out;
	if (strcmp(oid, OID_EC_PUBLIC_KEY) != 0) {
		ret = pki__fail(PKI_E_INVALID_ARG, "not an EC private key (algorithm %s)", oid);
		goto out;
	}
	if ((ret = pki__asn1_read(&inner, pki, "privateKey")) < 0 ||
	    (ret = fix_ec_private_key(&fixed, &inner, size)) < 0)
		goto out;
	if ((ret = pki__asn1_write(pki, "privateKey", fixed.data, fixed.size)) < 0)
		goto out;
	ret = pki__asn1_encode(out, pki, "");
out:
	pki__wipe_datums(&inner, &fixed, NULL);
	free_secret_node(&pki);
	return ret;
}

int pki__key_pkcs8_der(gnutls_datum_t *out, const pki_key_t *key)
{
	gnutls_datum_t d = { NULL, 0 };
	gnutls_ecc_curve_t curve = GNUTLS_ECC_CURVE_INVALID;
	int ret;

	out->data = NULL;
	out->size = 0;
	if (!key->x509)
		return pki__fail(PKI_E_NO_PRIVATE_KEY, "the key handle holds only a public key");
	ret = gnutls_x509_privkey_export2_pkcs8(key->x509, GNUTLS_X509_FMT_DER, NULL,
						GNUTLS_PKCS_PLAIN, &d);
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot export the private key");
	if (gnutls_x509_privkey_get_pk_algorithm(key->x509) != GNUTLS_PK_ECDSA) {
		*out = d;
		return 0;
	}
	if (gnutls_x509_privkey_export_ecc_raw(key->x509, &curve, NULL, NULL, NULL) < 0 ||
	    pki__ec_scalar_size(curve) == 0) {
		pki__wipe_datum(&d);
		return pki__fail(PKI_E_UNSUPPORTED, "unsupported EC curve");
	}
	ret = pki__ec_fix_pkcs8(out, &d, pki__ec_scalar_size(curve));
	pki__wipe_datum(&d);
	return ret;
}

/* The DER of the PBES2-params for PBKDF2-HMAC-SHA256 (@p salt, @p iter) and AES-256-CBC. */
static int pbes2_params(gnutls_datum_t *out, const unsigned char *salt, unsigned iter,
			const unsigned char *iv)
{
	asn1_node kdf = NULL, p = NULL, n = NULL;
	gnutls_datum_t null = { NULL, 0 }, kdfp = { NULL, 0 }, ivd = { NULL, 0 };
	int ret;

	/* hmacWithSHA256 with NULL parameters (RFC 8018 B.1.2). */
	if ((ret = pki__asn1_create(&n, "Null")) < 0 || (ret = pki__asn1_encode(&null, n, "")) < 0)
		goto out;
	if ((ret = pki__asn1_create(&kdf, "PBKDF2-params")) < 0 ||
	    (ret = pki__asn1_write_str(kdf, "salt", "specified")) < 0 ||
	    (ret = pki__asn1_write(kdf, "salt.specified", salt, SALT_SIZE)) < 0 ||
	    (ret = pki__asn1_write_int(kdf, "iterationCount", iter)) < 0 ||
	    (ret = pki__asn1_write(kdf, "keyLength", NULL, 0)) < 0 ||
	    (ret = pki__asn1_write_str(kdf, "prf.algorithm", OID_HMAC_SHA256)) < 0 ||
	    (ret = pki__asn1_write(kdf, "prf.parameters", null.data, null.size)) < 0 ||
	    (ret = pki__asn1_encode(&kdfp, kdf, "")) < 0)
		goto out;
	pki__asn1_free(&n);
	if ((ret = pki__asn1_create(&n, "OctetString")) < 0 ||
	    (ret = pki__asn1_write(n, "", iv, IV_SIZE)) < 0 ||
	    (ret = pki__asn1_encode(&ivd, n, "")) < 0)
		goto out;
	if ((ret = pki__asn1_create(&p, "PBES2-params")) < 0 ||
	    (ret = pki__asn1_write_str(p, "keyDerivationFunc.algorithm", OID_PBKDF2)) < 0 ||
	    (ret = pki__asn1_write(p, "keyDerivationFunc.parameters", kdfp.data, kdfp.size)) < 0 ||
	    (ret = pki__asn1_write_str(p, "encryptionScheme.algorithm", OID_AES256_CBC)) < 0 ||
	    (ret = pki__asn1_write(p, "encryptionScheme.parameters", ivd.data, ivd.size)) < 0)
		goto out;
	ret = pki__asn1_encode(out, p, "");
out:
	pki__free_datums(&null, &kdfp, &ivd, NULL);
	pki__asn1_free(&n);
	pki__asn1_free(&kdf);
	pki__asn1_free(&p);
	return ret;
}

int pki__kdf_iterations(unsigned *out, unsigned iterations, unsigned max, const char *password)
{
	*out = 0;
	if (!password) {
		if (iterations)
			return pki__fail(PKI_E_INVALID_ARG, "an iteration count without a password: "
					 "nothing would be encrypted (pass 0, or a password)");
		return 0;
	}
	if (iterations == 0) {
		*out = PKI_KDF_DEFAULT_ITERATIONS;
		return 0;
	}
	if (iterations < PKI_KDF_MIN_ITERATIONS)
		return pki__fail(PKI_E_WEAK, "%u PBKDF2 iterations are too few: at least %u (0 for "
				 "the default, %u)", iterations, PKI_KDF_MIN_ITERATIONS,
				 PKI_KDF_DEFAULT_ITERATIONS);
	if (iterations > max)
		return pki__fail(PKI_E_TOO_LARGE, "%u PBKDF2 iterations are more than the %u "
				 "libpki writes here", iterations, max);
	*out = iterations;
	return 0;
}

/* Encrypt @p plain with PBES2: the DER of its PBES2-params in @p params, the ciphertext in
 * @p ct (both gnutls_free). */
static int pbes2_encrypt(gnutls_datum_t *params, gnutls_datum_t *ct, const gnutls_datum_t *plain,
			 const char *password, unsigned iter)
{
	unsigned char salt[SALT_SIZE], iv[IV_SIZE], kbuf[AES256_KEY_SIZE];
	gnutls_datum_t pw, sd, kd, ivd;
	gnutls_cipher_hd_t h = NULL;
	unsigned char *buf = NULL;
	size_t pad, len = 0;
	int ret;

	params->data = ct->data = NULL;
	params->size = ct->size = 0;
	if (!password || !*password || iter == 0 || iter > PKI_MAX_KDF_ITERATIONS)
		return pki__fail(PKI_E_INVALID_ARG, "PBES2 encryption needs a password and 1 to %u "
						    "iterations", PKI_MAX_KDF_ITERATIONS);
	if (gnutls_rnd(GNUTLS_RND_RANDOM, salt, sizeof(salt)) < 0 ||
	    gnutls_rnd(GNUTLS_RND_NONCE, iv, sizeof(iv)) < 0)
		return pki__fail(PKI_E_CRYPTO, "random generator failed");
	pw.data = (unsigned char *)(uintptr_t)password;
	pw.size = (unsigned)strlen(password);
	sd.data = salt;
	sd.size = sizeof(salt);
	if ((ret = gnutls_pbkdf2(GNUTLS_MAC_SHA256, &pw, &sd, iter, kbuf, sizeof(kbuf))) < 0) {
		ret = pki__fail_gnutls(PKI_E_CRYPTO, ret, "PBKDF2 failed");
		goto out;
	}
	/* PKCS#5 padding: 1 to 16 bytes, each holding the count. */
	pad = 16 - plain->size % 16;
	len = plain->size + pad;
	if (!(buf = gnutls_malloc(len))) {
		ret = pki__fail(PKI_E_NOMEM, "out of memory");
		goto out;
	}
	memcpy(buf, plain->data, plain->size);
	memset(buf + plain->size, (int)pad, pad);
	kd.data = kbuf;
	kd.size = sizeof(kbuf);
	ivd.data = iv;
	ivd.size = sizeof(iv);
	if ((ret = gnutls_cipher_init(&h, GNUTLS_CIPHER_AES_256_CBC, &kd, &ivd)) < 0 ||
	    (ret = gnutls_cipher_encrypt(h, buf, len)) < 0) {
		ret = pki__fail_gnutls(PKI_E_CRYPTO, ret, "AES-256-CBC encryption failed");
		goto out;
	}
	if ((ret = pbes2_params(params, salt, iter, iv)) < 0)
		goto out;
	ct->data = buf;
	ct->size = (unsigned)len;
	buf = NULL;
out:
	if (h)
		gnutls_cipher_deinit(h);
	gnutls_memset(kbuf, 0, sizeof(kbuf));
	if (buf) {
		gnutls_memset(buf, 0, len);
		gnutls_free(buf);
	}
	return ret;
}

int pki__pbes2_write(asn1_node node, const char *alg, const char *data,
		     const gnutls_datum_t *plain, const char *password, unsigned iter)
{
	gnutls_datum_t params = { NULL, 0 }, ct = { NULL, 0 };
	char path[160];
	int ret;

	if ((ret = pbes2_encrypt(&params, &ct, plain, password, iter)) < 0)
		return ret;
	snprintf(path, sizeof(path), "%s.algorithm", alg);
	if ((ret = pki__asn1_write_str(node, path, OID_PBES2)) == 0) {
		snprintf(path, sizeof(path), "%s.parameters", alg);
		if ((ret = pki__asn1_write(node, path, params.data, params.size)) == 0)
			ret = pki__asn1_write(node, data, ct.data, ct.size);
	}
	pki__free_datums(&params, &ct, NULL);
	return ret;
}

int pki__pkcs8_encrypt(gnutls_datum_t *out, const gnutls_datum_t *plain, const char *password,
		       unsigned iter)
{
	asn1_node epki = NULL;
	int ret;

	out->data = NULL;
	out->size = 0;
	if ((ret = pki__asn1_create(&epki, "EncryptedPrivateKeyInfo")) == 0 &&
	    (ret = pki__pbes2_write(epki, "encryptionAlgorithm", "encryptedData", plain, password,
				    iter)) == 0)
		ret = pki__asn1_encode(out, epki, "");
	pki__asn1_free(&epki);
	return ret;
}

int pki__key_pkcs8_export(gnutls_datum_t *out, const pki_key_t *key, const char *password,
			  unsigned iter)
{
	gnutls_datum_t plain = { NULL, 0 };
	int ret;

	if ((ret = pki__key_pkcs8_der(&plain, key)) < 0)
		return ret;
	if (!password || !*password) {
		*out = plain;
		return 0;
	}
	ret = pki__pkcs8_encrypt(out, &plain, password, iter);
	pki__wipe_datum(&plain);
	return ret;
}
