/*
 * libpki — private and public keys.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "asn1.h"
#include "internal.h"
#include "work-int.h"

#include <string.h>
#include <strings.h>

static const struct {
	int type;
	const char *name;      /* pki_key_type_name */
	const char *algorithm; /* pki_key_algorithm */
	const char *curve;
	gnutls_pk_algorithm_t pk;
	gnutls_ecc_curve_t ecc;
	int bits;
} key_types[] = {
	{ PKI_KEY_EC_P256, "ec-p256", "ec", "P-256", GNUTLS_PK_ECDSA, GNUTLS_ECC_CURVE_SECP256R1, 256 },
	{ PKI_KEY_EC_P384, "ec-p384", "ec", "P-384", GNUTLS_PK_ECDSA, GNUTLS_ECC_CURVE_SECP384R1, 384 },
	{ PKI_KEY_EC_P521, "ec-p521", "ec", "P-521", GNUTLS_PK_ECDSA, GNUTLS_ECC_CURVE_SECP521R1, 521 },
	{ PKI_KEY_ED25519, "ed25519", "ed25519", "Ed25519", GNUTLS_PK_EDDSA_ED25519,
	  GNUTLS_ECC_CURVE_ED25519, 255 },
	{ PKI_KEY_ED448, "ed448", "ed448", "Ed448", GNUTLS_PK_EDDSA_ED448, GNUTLS_ECC_CURVE_ED448,
	  448 },
	{ PKI_KEY_RSA, "rsa", "rsa", NULL, GNUTLS_PK_RSA, GNUTLS_ECC_CURVE_INVALID, 0 },
	{ PKI_KEY_RSA_PSS, "rsa-pss", "rsa-pss", NULL, GNUTLS_PK_RSA_PSS, GNUTLS_ECC_CURVE_INVALID,
	  0 },
};
#define N_KEY_TYPES (sizeof(key_types) / sizeof(key_types[0]))

static int type_index(int type)
{
	for (size_t i = 0; i < N_KEY_TYPES; i++)
		if (key_types[i].type == type)
			return (int)i;
	return -1;
}

const char *pki_key_type_name(pki_key_type_t type)
{
	int i = type_index((int)type);

	return i < 0 ? NULL : key_types[i].name;
}

int pki_key_type_from_name(const char *name)
{
	static const struct {
		const char *alias;
		int type;
	} aliases[] = {
		{ "ec", PKI_KEY_EC_P256 },      { "ecdsa", PKI_KEY_EC_P256 },
		{ "p256", PKI_KEY_EC_P256 },    { "p-256", PKI_KEY_EC_P256 },
		{ "ec-p256", PKI_KEY_EC_P256 }, { "secp256r1", PKI_KEY_EC_P256 },
		{ "prime256v1", PKI_KEY_EC_P256 },
		{ "p384", PKI_KEY_EC_P384 },    { "p-384", PKI_KEY_EC_P384 },
		{ "ec-p384", PKI_KEY_EC_P384 }, { "secp384r1", PKI_KEY_EC_P384 },
		{ "p521", PKI_KEY_EC_P521 },    { "p-521", PKI_KEY_EC_P521 },
		{ "ec-p521", PKI_KEY_EC_P521 }, { "secp521r1", PKI_KEY_EC_P521 },
		{ "ed25519", PKI_KEY_ED25519 }, { "ed448", PKI_KEY_ED448 },
		{ "rsa", PKI_KEY_RSA },         { "rsa-pss", PKI_KEY_RSA_PSS },
		{ "rsassa-pss", PKI_KEY_RSA_PSS },
	};

	pki__clear_error();
	if (!name)
		return pki__fail(PKI_E_INVALID_ARG, "key type name is NULL");
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcasecmp(name, aliases[i].alias) == 0)
			return aliases[i].type;
	return pki__fail(PKI_E_INVALID_ARG,
			 "unknown key type \"%s\" (expected ec, p384, p521, ed25519, ed448, rsa or "
			 "rsa-pss)",
			 name);
}

int pki__key_type_of(gnutls_pubkey_t pub)
{
	gnutls_ecc_curve_t curve = GNUTLS_ECC_CURVE_INVALID;
	int pk = gnutls_pubkey_get_pk_algorithm(pub, NULL);

	switch (pk) {
	case GNUTLS_PK_RSA:
		return PKI_KEY_RSA;
	case GNUTLS_PK_RSA_PSS:
		return PKI_KEY_RSA_PSS;
	case GNUTLS_PK_EDDSA_ED25519:
		return PKI_KEY_ED25519;
	case GNUTLS_PK_EDDSA_ED448:
		return PKI_KEY_ED448;
	case GNUTLS_PK_ECDSA:
		if (gnutls_pubkey_export_ecc_raw2(pub, &curve, NULL, NULL, 0) < 0)
			return PKI_KEY_UNKNOWN;
		switch (curve) {
		case GNUTLS_ECC_CURVE_SECP256R1: return PKI_KEY_EC_P256;
		case GNUTLS_ECC_CURVE_SECP384R1: return PKI_KEY_EC_P384;
		case GNUTLS_ECC_CURVE_SECP521R1: return PKI_KEY_EC_P521;
		default: return PKI_KEY_UNKNOWN;
		}
	default:
		return PKI_KEY_UNKNOWN;
	}
}

/* The lower-case name of a digest ("sha256"), as the CLI and JSON spell hashes. */
static const char *digest_name(gnutls_digest_algorithm_t dig)
{
	switch (dig) {
	case GNUTLS_DIG_SHA1: return "sha1";
	case GNUTLS_DIG_SHA224: return "sha224";
	case GNUTLS_DIG_SHA256: return "sha256";
	case GNUTLS_DIG_SHA384: return "sha384";
	case GNUTLS_DIG_SHA512: return "sha512";
	default: return "unknown";
	}
}

/*
 * The RSASSA-PSS parameters an RSA-PSS key is restricted to (RFC 4055 3.1): 1 with the hash
 * and the minimum salt length, 0 for a key without parameters (any hash), negative on error.
 */
static int pss_params(gnutls_digest_algorithm_t *dig, unsigned *salt, gnutls_pubkey_t pub)
{
	gnutls_x509_spki_t spki;
	int ret;

	*dig = GNUTLS_DIG_UNKNOWN;
	*salt = 0;
	if ((ret = gnutls_x509_spki_init(&spki)) < 0)
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "out of memory");
	ret = gnutls_pubkey_get_spki(pub, spki, 0);
	if (ret >= 0)
		ret = gnutls_x509_spki_get_rsa_pss_params(spki, dig, salt);
	gnutls_x509_spki_deinit(spki);
	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE || (ret >= 0 && *dig == GNUTLS_DIG_UNKNOWN)) {
		*dig = GNUTLS_DIG_UNKNOWN;
		*salt = 0;
		return 0;
	}
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot read the RSA-PSS parameters");
	return 1;
}

gnutls_digest_algorithm_t pki__key_sign_digest(const pki_key_t *key)
{
	gnutls_digest_algorithm_t dig;
	unsigned salt;

	switch (key->type) {
	case PKI_KEY_RSA_PSS:
		/* A key restricted to a hash signs only with it (RFC 4055 3.3). */
		if (pss_params(&dig, &salt, key->pub) > 0)
			return dig;
		return GNUTLS_DIG_SHA256;
	case PKI_KEY_EC_P384: return GNUTLS_DIG_SHA384;
	case PKI_KEY_EC_P521: return GNUTLS_DIG_SHA512;
	case PKI_KEY_ED25519:
	case PKI_KEY_ED448: return GNUTLS_DIG_UNKNOWN;
	default: return GNUTLS_DIG_SHA256;
	}
}

int pki__key_check_digest(const pki_key_t *key, gnutls_digest_algorithm_t dig)
{
	gnutls_digest_algorithm_t want;
	unsigned salt;
	int ret;

	if (key->type != PKI_KEY_RSA_PSS)
		return 0;
	if ((ret = pss_params(&want, &salt, key->pub)) <= 0 || want == dig)
		return ret;
	return pki__fail(PKI_E_INVALID_ARG, "the RSA-PSS key is restricted to %s (RFC 4055 "
			 "parameters in the key): it cannot sign with %s", digest_name(want),
			 digest_name(dig));
}

void pki_key_free(pki_key_t *key)
{
	if (!key)
		return;
	/* GnuTLS wipes the key parameters when it releases them. */
	if (key->priv)
		gnutls_privkey_deinit(key->priv);
	if (key->x509)
		gnutls_x509_privkey_deinit(key->x509);
	if (key->pub)
		gnutls_pubkey_deinit(key->pub);
	pki__token_free(key->token);
	gnutls_memset(key, 0, sizeof(*key));
	pki_free(key);
}

/* Build a handle around a private key, taking @p x509 over (freed on failure). */
static int key_from_x509(pki_key_t **out, gnutls_x509_privkey_t x509)
{
	pki_key_t *key = pki__zalloc(sizeof(*key));
	int ret;

	if (!key) {
		gnutls_x509_privkey_deinit(x509);
		return pki__fail(PKI_E_NOMEM, "out of memory");
	}
	key->x509 = x509;
	if ((ret = gnutls_privkey_init(&key->priv)) < 0 ||
	    (ret = gnutls_privkey_import_x509(key->priv, x509, 0)) < 0 ||
	    (ret = gnutls_pubkey_init(&key->pub)) < 0 ||
	    (ret = gnutls_pubkey_import_privkey(key->pub, key->priv, 0, 0)) < 0) {
		pki_key_free(key);
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot derive the public key");
	}
	key->type = pki__key_type_of(key->pub);
	if (key->type == PKI_KEY_UNKNOWN) {
		unsigned bits = 0;
		int pk = gnutls_pubkey_get_pk_algorithm(key->pub, &bits);

		pki_key_free(key);
		return pki__fail(PKI_E_UNSUPPORTED, "unsupported key algorithm %s (%u bits)",
				 gnutls_pk_get_name(pk) ? gnutls_pk_get_name(pk) : "unknown", bits);
	}
	*out = key;
	return 0;
}

int pki__key_from_pubkey(pki_key_t **out, gnutls_pubkey_t pub)
{
	pki_key_t *key;
	int type = pki__key_type_of(pub);

	if (type == PKI_KEY_UNKNOWN) {
		unsigned bits = 0;
		int pk = gnutls_pubkey_get_pk_algorithm(pub, &bits);

		gnutls_pubkey_deinit(pub);
		return pki__fail(PKI_E_UNSUPPORTED, "unsupported public key algorithm %s (%u bits)",
				 gnutls_pk_get_name(pk) ? gnutls_pk_get_name(pk) : "unknown", bits);
	}
	key = pki__zalloc(sizeof(*key));
	if (!key) {
		gnutls_pubkey_deinit(pub);
		return pki__fail(PKI_E_NOMEM, "out of memory");
	}
	key->pub = pub;
	key->type = type;
	*out = key;
	return 0;
}

/* The hash of a pki_hash_t that names one (GNUTLS_DIG_UNKNOWN for PKI_HASH_DEFAULT). */
static int digest_of(gnutls_digest_algorithm_t *dig, pki_hash_t hash, const char *fn)
{
	switch (hash) {
	case PKI_HASH_DEFAULT: *dig = GNUTLS_DIG_UNKNOWN; return 0;
	case PKI_HASH_SHA256: *dig = GNUTLS_DIG_SHA256; return 0;
	case PKI_HASH_SHA384: *dig = GNUTLS_DIG_SHA384; return 0;
	case PKI_HASH_SHA512: *dig = GNUTLS_DIG_SHA512; return 0;
	default: return pki__fail(PKI_E_INVALID_ARG, "%s: unknown hash %d", fn, (int)hash);
	}
}

/* pki_key_generate's work; @p pss_dig restricts an RSA-PSS key to one hash (RFC 4055 3.1). */
static int key_generate(pki_key_t **out, pki_key_type_t type, unsigned bits,
			gnutls_digest_algorithm_t pss_dig)
{
	gnutls_x509_privkey_t x509;
	gnutls_x509_spki_t spki = NULL;
	gnutls_keygen_data_st kd;
	unsigned gbits;
	int i, ret;

	if (type == PKI_KEY_UNKNOWN)
		type = PKI_KEY_EC_P256;
	i = type_index((int)type);
	if (i < 0)
		return pki__fail(PKI_E_INVALID_ARG, "unknown key type %d", (int)type);
	if (type == PKI_KEY_RSA || type == PKI_KEY_RSA_PSS) {
		if (bits == 0)
			bits = PKI_RSA_DEFAULT_BITS;
		if (bits < PKI_RSA_MIN_BITS)
			return pki__fail(PKI_E_WEAK, "RSA keys shorter than %d bits are refused (%u asked)",
					 PKI_RSA_MIN_BITS, bits);
		if (bits > PKI_RSA_MAX_BITS)
			return pki__fail(PKI_E_TOO_LARGE, "RSA keys longer than %d bits are not supported (%u asked)",
					 PKI_RSA_MAX_BITS, bits);
		gbits = bits;
	} else {
		if (bits != 0 && bits != (unsigned)key_types[i].bits)
			return pki__fail(PKI_E_INVALID_ARG, "%s keys have a fixed size: pass bits = 0",
					 key_types[i].name);
		gbits = GNUTLS_CURVE_TO_BITS(key_types[i].ecc);
	}
	if (pss_dig != GNUTLS_DIG_UNKNOWN) {
		/* MGF1 with the same hash and a salt as long as the hash: RFC 8017 9.1's advice. */
		if ((ret = gnutls_x509_spki_init(&spki)) < 0)
			return pki__fail_gnutls(PKI_E_NOMEM, ret, "cannot allocate a key");
		gnutls_x509_spki_set_rsa_pss_params(spki, pss_dig, gnutls_hash_get_len(pss_dig));
		kd.type = GNUTLS_KEYGEN_SPKI;
		kd.data = (unsigned char *)spki;
		kd.size = sizeof(spki);
	}
	ret = gnutls_x509_privkey_init(&x509);
	if (ret < 0) {
		if (spki)
			gnutls_x509_spki_deinit(spki);
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "cannot allocate a key");
	}
	ret = gnutls_x509_privkey_generate2(x509, key_types[i].pk, gbits, 0, spki ? &kd : NULL,
					    spki ? 1 : 0);
	if (spki)
		gnutls_x509_spki_deinit(spki);
	if (ret < 0) {
		gnutls_x509_privkey_deinit(x509);
		return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot generate a %s key",
					key_types[i].name);
	}
	return key_from_x509(out, x509);
}

int pki_key_generate(pki_key_t **out, pki_key_type_t type, unsigned bits, unsigned flags)
{
	pki__clear_error();
	if (!out)
		return pki__fail(PKI_E_INVALID_ARG, "pki_key_generate: out is NULL");
	*out = NULL;
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "pki_key_generate: unknown flags 0x%x", flags);
	return key_generate(out, type, bits, GNUTLS_DIG_UNKNOWN);
}

int pki_key_generate_rsa_pss(pki_key_t **out, unsigned bits, pki_hash_t hash, unsigned flags)
{
	gnutls_digest_algorithm_t dig = GNUTLS_DIG_UNKNOWN;
	int ret;

	pki__clear_error();
	if (!out)
		return pki__fail(PKI_E_INVALID_ARG, "pki_key_generate_rsa_pss: out is NULL");
	*out = NULL;
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "pki_key_generate_rsa_pss: unknown flags 0x%x",
				 flags);
	if ((ret = digest_of(&dig, hash, "pki_key_generate_rsa_pss")) < 0)
		return ret;
	return key_generate(out, PKI_KEY_RSA_PSS, bits, dig);
}

int pki_key_rsa_pss_params(const pki_key_t *key, pki_hash_t *hash, unsigned int *salt_size)
{
	gnutls_digest_algorithm_t dig = GNUTLS_DIG_UNKNOWN;
	unsigned salt;
	int ret;

	pki__clear_error();
	if (hash)
		*hash = PKI_HASH_DEFAULT;
	if (salt_size)
		*salt_size = 0;
	if (!key)
		return pki__fail(PKI_E_INVALID_ARG, "pki_key_rsa_pss_params: key is NULL");
	if (key->type != PKI_KEY_RSA_PSS)
		return pki__fail(PKI_E_INVALID_ARG,
				 "pki_key_rsa_pss_params: a %s key has no RSA-PSS parameters",
				 pki_key_type_name((pki_key_type_t)key->type));
	if ((ret = pss_params(&dig, &salt, key->pub)) < 0)
		return ret;
	if (ret == 0)
		return pki__fail(PKI_E_NOT_FOUND, "the RSA-PSS key has no parameters: it may sign "
				 "with any hash (RFC 4055 3.1)");
	if (hash)
		*hash = dig == GNUTLS_DIG_SHA256 ? PKI_HASH_SHA256
			: dig == GNUTLS_DIG_SHA384 ? PKI_HASH_SHA384
			: dig == GNUTLS_DIG_SHA512 ? PKI_HASH_SHA512
						   : PKI_HASH_DEFAULT;
	if (hash && *hash == PKI_HASH_DEFAULT)
		return pki__fail(PKI_E_UNSUPPORTED, "the RSA-PSS key is restricted to %s, which "
				 "libpki does not sign with", digest_name(dig));
	if (salt_size)
		*salt_size = salt;
	return 0;
}

/* True for data that is an encrypted PKCS#8 structure (PEM or DER). */
static bool is_encrypted_pkcs8(const gnutls_datum_t *d, gnutls_x509_crt_fmt_t fmt,
			       unsigned *iter)
{
	unsigned schema = 0, cipher = 0;
	int ret = gnutls_pkcs8_info(d, fmt, &schema, &cipher, NULL, NULL, iter, NULL);

	return ret >= 0;
}

/*
 * EncryptedPrivateKeyInfo ::= SEQUENCE { AlgorithmIdentifier, OCTET STRING }: a SEQUENCE then an
 * OCTET STRING inside (a PrivateKeyInfo starts with an INTEGER, an SPKI ends with a BIT STRING).
 */
static bool looks_encrypted_pkcs8(const unsigned char *p, size_t n, bool pem)
{
	if (pem) {
		/* Only a complete, well-formed block counts: a truncated one is a parse error. */
		gnutls_datum_t in = { (unsigned char *)p, (unsigned)n }, der = { NULL, 0 };
		bool enc = false;

		if (gnutls_pem_base64_decode2("ENCRYPTED PRIVATE KEY", &in, &der) >= 0) {
			enc = der.size > 0 && pki__check_input(der.data, der.size) == 0 &&
			      looks_encrypted_pkcs8(der.data, der.size, false);
			gnutls_free(der.data);
		}
		return enc;
	}
	return pki__asn1_is_epki(p, n);
}

PKI__DEFINE_GNUTLS_IMPORT(pubkey_import, gnutls_pubkey_t, gnutls_pubkey, "a key", "the public key")

static int import_public(pki_key_t **out, const gnutls_datum_t *d, gnutls_x509_crt_fmt_t fmt)
{
	gnutls_pubkey_t pub;
	int ret = pubkey_import(&pub, d, fmt);

	return ret < 0 ? ret : pki__key_from_pubkey(out, pub);
}

/*
 * A PKCS#1 RSAPublicKey (RFC 8017 A.1.1, `openssl rsa -RSAPublicKey_out`), DER: decoded by
 * libtasn1 (strict DER), its modulus and exponent handed to GnuTLS.
 */
static int import_rsa_public(pki_key_t **out, const void *der, size_t size)
{
	asn1_node node = NULL;
	gnutls_datum_t n = { NULL, 0 }, e = { NULL, 0 };
	gnutls_pubkey_t pub = NULL;
	int ret;

	if ((ret = pki__asn1_decode(&node, "RSAPublicKey", der, size)) < 0 ||
	    (ret = pki__asn1_read(&n, node, "modulus")) < 0 ||
	    (ret = pki__asn1_read(&e, node, "publicExponent")) < 0)
		goto out;
	/* Two's complement: a negative modulus or exponent is not an RSA key. */
	if (!n.size || !e.size || (n.data[0] & 0x80) || (e.data[0] & 0x80)) {
		ret = pki__fail(PKI_E_PARSE, "the RSA public key has a negative or empty modulus or "
				 "exponent");
		goto out;
	}
	if ((ret = gnutls_pubkey_init(&pub)) < 0) {
		ret = pki__fail_gnutls(PKI_E_NOMEM, ret, "cannot allocate a key");
		goto out;
	}
	if ((ret = gnutls_pubkey_import_rsa_raw(pub, &n, &e)) < 0) {
		ret = pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
				       "cannot read the RSA public key");
		gnutls_pubkey_deinit(pub);
		goto out;
	}
	ret = pki__key_from_pubkey(out, pub);
out:
	gnutls_free(n.data);
	gnutls_free(e.data);
	pki__asn1_free(&node);
	return ret;
}

/* The same in PEM: the "RSA PUBLIC KEY" block. */
static int import_rsa_public_pem(pki_key_t **out, const void *data, size_t size)
{
	static const char end[] = "-----END RSA PUBLIC KEY-----";
	gnutls_datum_t in = { (unsigned char *)data, (unsigned)size }, der = { NULL, 0 };
	int ret;

	/* GnuTLS takes a block cut inside its END line: only a complete block counts. */
	if (!memmem(data, size, end, sizeof(end) - 1))
		return pki__fail(PKI_E_PARSE, "the RSA PUBLIC KEY PEM block has no END line");
	ret = gnutls_pem_base64_decode2("RSA PUBLIC KEY", &in, &der);
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
					"cannot decode the RSA PUBLIC KEY PEM block");
	ret = import_rsa_public(out, der.data, der.size);
	gnutls_free(der.data);
	return ret;
}

/* A legacy OpenSSL-encrypted PEM key, decrypted by libpki itself (see legacy_pem.c). */
static int import_legacy_pem(pki_key_t **out, const void *data, size_t size, const char *password)
{
	gnutls_datum_t der = { NULL, 0 };
	gnutls_x509_privkey_t x509;
	int ret;

	if (!password)
		return pki__fail(PKI_E_PASSWORD_REQUIRED, "the key is encrypted: a password is required");
	if ((ret = pki__legacy_pem_decrypt(&der, data, size, password)) < 0)
		return ret;
	ret = gnutls_x509_privkey_init(&x509);
	if (ret >= 0) {
		ret = gnutls_x509_privkey_import(x509, &der, GNUTLS_X509_FMT_DER);
		if (ret < 0)
			gnutls_x509_privkey_deinit(x509);
	}
	gnutls_memset(der.data, 0, der.size);
	gnutls_free(der.data);
	if (ret < 0)
		/* Valid padding but no key inside: a wrong password, 1 time in ~256. */
		return pki__fail_gnutls(ret == GNUTLS_E_MEMORY_ERROR ? PKI_E_NOMEM : PKI_E_BAD_PASSWORD,
					ret, "wrong password for the encrypted PEM key");
	return key_from_x509(out, x509);
}

int pki_key_import(pki_key_t **out, const void *data, size_t size, const char *password,
		   unsigned flags)
{
	int ret = PKI__ENTER_OUT(out, flags, 0);

	return ret < 0 ? ret : pki__key_import(out, data, size, password);
}

int pki__key_import(pki_key_t **out, const void *data, size_t size, const char *password)
{
	gnutls_datum_t d;
	gnutls_x509_crt_fmt_t fmt;
	gnutls_x509_privkey_t x509;
	bool pem, encrypted, pkcs8_enc, pkcs8_looks;
	unsigned iter = 0;
	int ret;

	*out = NULL;
	ret = pki__check_input(data, size);
	if (ret < 0)
		return ret;

	d.data = (unsigned char *)data;
	d.size = (unsigned)size;
	pem = pki__is_pem(data, size);
	fmt = pem ? GNUTLS_X509_FMT_PEM : GNUTLS_X509_FMT_DER;

	if (pem) {
		if (pki__pem_has_label(data, size, "PUBLIC KEY"))
			return import_public(out, &d, fmt);
		if (pki__pem_has_label(data, size, "RSA PUBLIC KEY"))
			return import_rsa_public_pem(out, data, size);
		if (pki__pem_has_label(data, size, "OPENSSH PRIVATE KEY"))
			return pki__fail(PKI_E_UNSUPPORTED,
					 "OpenSSH private keys are not supported: convert with "
					 "`ssh-keygen -p -m PKCS8 -f FILE`");
		if (!pki__pem_has_label(data, size, "PRIVATE KEY") &&
		    !pki__pem_has_label(data, size, "ENCRYPTED PRIVATE KEY") &&
		    !pki__pem_has_label(data, size, "RSA PRIVATE KEY") &&
		    !pki__pem_has_label(data, size, "EC PRIVATE KEY"))
			return pki__fail(PKI_E_PARSE, "no private or public key PEM block found");
	}
	/* GnuTLS routes any PEM with a DEK-Info header to code that can abort: never give it one. */
	if (pem && memmem(data, size, "DEK-Info:", 9) != NULL)
		return import_legacy_pem(out, data, size, password);
	/*
	 * Only what libtasn1 decodes strictly as an EncryptedPrivateKeyInfo goes to
	 * gnutls_pkcs8_info: GnuTLS 3.7 aborts (an assertion) on one whose AlgorithmIdentifier is an
	 * empty SEQUENCE (fuzz/regress/key/pkcs8-encrypted-empty-algorithm.der).
	 */
	pkcs8_looks = looks_encrypted_pkcs8(data, size, pem);
	pkcs8_enc = pkcs8_looks && is_encrypted_pkcs8(&d, fmt, &iter);
	if (!pkcs8_enc && pkcs8_looks)
		return pki__fail(PKI_E_UNSUPPORTED,
				 "cannot read the key's encryption parameters: an unsupported scheme, "
				 "or more than %u PBKDF2 iterations", PKI_MAX_KDF_ITERATIONS);
	/* The file chooses the PBKDF2 cost: bound it, or one key could take hours to open. */
	if (pkcs8_enc && iter > PKI_MAX_KDF_ITERATIONS)
		return pki__fail(PKI_E_TOO_LARGE,
				 "the key asks for %u PBKDF2 iterations; more than %u are refused "
				 "before any derivation",
				 iter, PKI_MAX_KDF_ITERATIONS);
	encrypted = pkcs8_enc || (pem && pki__pem_has_label(data, size, "ENCRYPTED PRIVATE KEY"));
	if (encrypted && !password)
		return pki__fail(PKI_E_PASSWORD_REQUIRED, "the key is encrypted: a password is required");

	ret = gnutls_x509_privkey_init(&x509);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "cannot allocate a key");
	ret = gnutls_x509_privkey_import2(x509, &d, fmt, encrypted ? password : NULL,
					  encrypted ? 0 : GNUTLS_PKCS_PLAIN);
	if (ret < 0) {
		int code;

		gnutls_x509_privkey_deinit(x509);
		if (!pem && !encrypted) {
			/* DER could also be a SubjectPublicKeyInfo; one of an algorithm libpki
			 * does not handle (DSA, X25519) is named as such. */
			int pub_ret = import_public(out, &d, fmt);

			if (pub_ret == 0 || pub_ret == PKI_E_UNSUPPORTED)
				return pub_ret;
			pki__clear_error();
			/* or a PKCS#1 RSAPublicKey */
			if (pki__asn1_is("RSAPublicKey", data, size))
				return import_rsa_public(out, data, size);
			pki__clear_error();
		}
		code = pki__map_gnutls(ret, PKI_E_PARSE);
		/* GnuTLS may report a damaged plain key as a decryption failure. */
		if (!encrypted && code == PKI_E_BAD_PASSWORD)
			code = PKI_E_PARSE;
		/* A well-formed encrypted key that fails to decrypt means a wrong password. */
		if (pkcs8_enc && code != PKI_E_UNSUPPORTED &&
		    code != PKI_E_NOMEM)
			code = PKI_E_BAD_PASSWORD;
		if (code == PKI_E_BAD_PASSWORD)
			return pki__fail_gnutls(code, ret, "wrong password for the encrypted PKCS#8 key");
		return pki__fail_gnutls(code, ret, "cannot parse the private key");
	}
	return key_from_x509(out, x509);
}

/* pki__key_import for pki__import_file: @p arg is the password. */
static int key_import_bytes(void *out, const void *data, size_t size, const void *arg)
{
	return pki__key_import(out, data, size, arg);
}

int pki_key_import_file(pki_key_t **out, const char *path, const char *password, unsigned flags)
{
	int ret = PKI__ENTER_OUT(out, flags, 0);

	return ret < 0 ? ret : pki__import_file(__func__, path, key_import_bytes, out, password);
}

int pki__check_new_password(const char *password)
{
	if (password && !*password)
		return pki__fail(PKI_E_INVALID_ARG, "an empty password would store the key "
				 "unencrypted; pass NULL for no encryption");
	return 0;
}

static int check_key(const pki_key_t *key, const char *fn)
{
	if (!key)
		return pki__fail(PKI_E_INVALID_ARG, "%s: key is NULL", fn);
	return 0;
}

/* pki_key_export_v2 without the clearing: pki_key_save_v2 shares it. */
static int key_export(unsigned char **out, size_t *size, const pki_key_t *key,
		      pki_format_t format, const char *password, unsigned iterations,
		      unsigned flags)
{
	gnutls_datum_t d = { NULL, 0 };
	bool encrypt = password != NULL;
	unsigned iter;
	int ret;

	if ((ret = pki__enter_export("pki_key_export", out, size, key, "key", format, flags)) < 0 ||
	    (ret = pki__check_new_password(password)) < 0 ||
	    (ret = pki__kdf_iterations(&iter, iterations, PKI_MAX_KDF_ITERATIONS, password)) < 0)
		return ret;
	if (key->token)
		return pki__fail(PKI_E_TOKEN_KEY, "the private key lives on a PKCS#11 token and never "
				 "leaves it: export its public key, or keep using its URI");
	if (!key->x509)
		return pki__fail(PKI_E_NO_PRIVATE_KEY, "the key handle holds only a public key");
	/* Encoded (EC scalar at the curve's size) and encrypted by keyenc.c, not by GnuTLS. */
	ret = pki__key_pkcs8_export(&d, key, encrypt ? password : NULL, iter);
	if (ret < 0)
		return ret;
	if (format == PKI_FORMAT_PEM) {
		gnutls_datum_t pem = { NULL, 0 };

		ret = gnutls_pem_base64_encode2(encrypt ? "ENCRYPTED PRIVATE KEY" : "PRIVATE KEY", &d,
						&pem);
		gnutls_memset(d.data, 0, d.size);
		gnutls_free(d.data);
		if (ret < 0)
			return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
						"cannot encode the private key as PEM");
		d = pem;
	}
	return pki__datum_out(out, size, &d);
}

int pki_key_export_v2(unsigned char **out, size_t *size, const pki_key_t *key,
		      pki_format_t format, const char *password, unsigned iterations,
		      unsigned flags)
{
	pki__clear_error();
	return key_export(out, size, key, format, password, iterations, flags);
}

int pki_key_export(unsigned char **out, size_t *size, const pki_key_t *key, pki_format_t format,
		   const char *password, unsigned flags)
{
	pki__clear_error();
	return key_export(out, size, key, format, password, 0, flags);
}

int pki_key_export_public(unsigned char **out, size_t *size, const pki_key_t *key,
			  pki_format_t format, unsigned flags)
{
	gnutls_datum_t d = { NULL, 0 };
	int ret;

	if ((ret = pki__enter_export(__func__, out, size, key, "key", format, flags)) < 0)
		return ret;
	ret = gnutls_pubkey_export2(key->pub,
				    format == PKI_FORMAT_PEM ? GNUTLS_X509_FMT_PEM : GNUTLS_X509_FMT_DER,
				    &d);
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot export the public key");
	return pki__datum_out(out, size, &d);
}

static int key_save(const pki_key_t *key, const char *path, pki_format_t format,
		    const char *password, unsigned iterations, unsigned flags)
{
	unsigned char *data;
	size_t size;
	int ret;

	if (!path || !*path)
		return pki__fail(PKI_E_INVALID_ARG, "pki_key_save: path is NULL or empty");
	if (flags & ~(unsigned)PKI_WRITE_OVERWRITE)
		return pki__fail(PKI_E_INVALID_ARG, "pki_key_save: unknown flags 0x%x", flags);
	ret = key_export(&data, &size, key, format, password, iterations, 0);
	if (ret < 0)
		return ret;
	ret = pki__file_write(path, data, size, flags | PKI_WRITE_PRIVATE);
	pki_free(data);
	return ret;
}

int pki_key_save(const pki_key_t *key, const char *path, pki_format_t format, const char *password,
		 unsigned flags)
{
	pki__clear_error();
	return key_save(key, path, format, password, 0, flags);
}

int pki_key_save_v2(const pki_key_t *key, const char *path, pki_format_t format,
		    const char *password, unsigned iterations, unsigned flags)
{
	pki__clear_error();
	return key_save(key, path, format, password, iterations, flags);
}

int pki_key_type(const pki_key_t *key)
{
	pki__clear_error();
	if (!key)
		return pki__fail(PKI_E_INVALID_ARG, "pki_key_type: key is NULL");
	return key->type;
}

int pki__key_bits(const pki_key_t *key)
{
	unsigned bits = 0;
	int i = type_index(key->type);

	if (i >= 0 && key_types[i].bits)
		return key_types[i].bits;
	gnutls_pubkey_get_pk_algorithm(key->pub, &bits);
	return (int)bits;
}

int pki_key_bits(const pki_key_t *key)
{
	int ret = pki__enter_arg(__func__, key, "key");

	return ret < 0 ? ret : pki__key_bits(key);
}

const char *pki__key_algorithm(const pki_key_t *key)
{
	int i = type_index(key->type);

	return i < 0 ? NULL : key_types[i].algorithm;
}

const char *pki__key_curve(const pki_key_t *key)
{
	int i = type_index(key->type);

	return i < 0 ? NULL : key_types[i].curve;
}

const char *pki_key_algorithm(const pki_key_t *key)
{
	return key ? pki__key_algorithm(key) : NULL;
}

const char *pki_key_curve(const pki_key_t *key)
{
	return key ? pki__key_curve(key) : NULL;
}

bool pki_key_has_private(const pki_key_t *key)
{
	pki__clear_error();
	if (!key) {
		pki__fail(PKI_E_INVALID_ARG, "pki_key_has_private: key is NULL");
		return false;
	}
	return key->priv != NULL; /* a file key (x509) or a token key */
}

/* The DER SubjectPublicKeyInfo of a key. */
static int spki_der(gnutls_datum_t *d, gnutls_pubkey_t pub)
{
	int ret = gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, d);

	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot encode the public key");
	return 0;
}

int pki__pubkey_equal(gnutls_pubkey_t a, gnutls_pubkey_t b, bool *eq)
{
	gnutls_datum_t da = { NULL, 0 }, db = { NULL, 0 };
	int ret;

	*eq = false;
	if ((ret = spki_der(&da, a)) < 0 || (ret = spki_der(&db, b)) < 0) {
		gnutls_free(da.data);
		return ret;
	}
	*eq = da.size == db.size && memcmp(da.data, db.data, da.size) == 0;
	gnutls_free(da.data);
	gnutls_free(db.data);
	return 0;
}

bool pki_key_equal(const pki_key_t *a, const pki_key_t *b)
{
	bool eq = false;

	pki__clear_error();
	if (!a || !b) {
		pki__fail(PKI_E_INVALID_ARG, "pki_key_equal: key is NULL");
		return false;
	}
	return pki__pubkey_equal(a->pub, b->pub, &eq) == 0 && eq;
}

int pki__key_sha1_id(unsigned char id[20], gnutls_pubkey_t pub)
{
	gnutls_datum_t d = { NULL, 0 }, bits = { NULL, 0 };
	asn1_node spki = NULL;
	size_t nbits;
	int ret = spki_der(&d, pub);

	/* RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits (not of the whole
	 * SubjectPublicKeyInfo; GnuTLS's gnutls_pubkey_get_key_id differs for EC keys). */
	if (ret < 0)
		return ret;
	if ((ret = pki__asn1_decode(&spki, "SubjectPublicKeyInfo", d.data, d.size)) < 0 ||
	    (ret = pki__asn1_read_bits(&bits, &nbits, spki, "subjectPublicKey")) < 0)
		goto out; /* the detail names SubjectPublicKeyInfo and libtasn1's reason */
	ret = gnutls_hash_fast(GNUTLS_DIG_SHA1, bits.data, bits.size, id);
	ret = ret < 0 ? pki__fail_gnutls(PKI_E_CRYPTO, ret, "SHA-1 failed") : 0;
out:
	gnutls_free(bits.data);
	pki__asn1_free(&spki);
	gnutls_free(d.data);
	return ret;
}

int pki_key_id(char **out, const pki_key_t *key, pki_key_id_method_t method, unsigned flags)
{
	unsigned char digest[32];
	size_t dlen;
	int ret;

	pki__clear_error();
	if (!out)
		return pki__fail(PKI_E_INVALID_ARG, "pki_key_id: out is NULL");
	*out = NULL;
	if ((ret = check_key(key, "pki_key_id")) < 0)
		return ret;
	if (method != PKI_KEY_ID_SHA1 && method != PKI_KEY_ID_SHA256)
		return pki__fail(PKI_E_INVALID_ARG, "pki_key_id: unknown method %d", (int)method);
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "pki_key_id: unknown flags 0x%x", flags);
	if (method == PKI_KEY_ID_SHA256) {
		gnutls_datum_t d = { NULL, 0 };

		if ((ret = spki_der(&d, key->pub)) < 0)
			return ret;
		ret = gnutls_hash_fast(GNUTLS_DIG_SHA256, d.data, d.size, digest);
		gnutls_free(d.data);
		if (ret < 0)
			return pki__fail_gnutls(PKI_E_CRYPTO, ret, "SHA-256 failed");
		dlen = 32;
	} else {
		if ((ret = pki__key_sha1_id(digest, key->pub)) < 0)
			return ret;
		dlen = 20;
	}
	*out = pki__hex(digest, dlen);
	return *out ? 0 : pki__fail(PKI_E_NOMEM, "out of memory");
}

int pki_key_to_json(char **out, const pki_key_t *key, unsigned flags)
{
	pki__buf_t b = { 0 };
	int ret;

	if ((ret = PKI__ENTER_OUT(out, 0, 0)) < 0 || (ret = pki__arg(__func__, key, "key")) < 0 ||
	    (ret = pki__flags(__func__, flags, 0)) < 0)
		return ret;
	pki__buf_add(&b, "{\"type\":", 8);
	pki__buf_json_str(&b, pki__key_algorithm(key));
	pki__buf_printf(&b, ",\"bits\":%d,\"curve\":", pki__key_bits(key));
	pki__buf_json_str(&b, pki__key_curve(key));
	if (key->type == PKI_KEY_RSA_PSS) {
		gnutls_digest_algorithm_t dig;
		unsigned salt;

		if ((ret = pss_params(&dig, &salt, key->pub)) < 0) {
			pki__buf_discard(&b);
			return ret;
		}
		/* null: no parameters in the key, any hash (RFC 4055 3.1). */
		pki__buf_printf(&b, ",\"pss_hash\":");
		pki__buf_json_str(&b, ret > 0 ? digest_name(dig) : NULL);
		if (ret > 0)
			pki__buf_printf(&b, ",\"pss_salt_length\":%u", salt);
		else
			pki__buf_printf(&b, ",\"pss_salt_length\":null");
	}
	pki__buf_add(&b, "}", 1);
	return pki__buf_finish(&b, out);
}
