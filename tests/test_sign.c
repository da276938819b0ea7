/* Tests for pki_key_sign / pki_key_verify: every key type, hashes, PSS, tampering, errors. */
#include "helpers.h"

static const char msg[] = "the quick brown fox jumps over the lazy dog";

static pki_key_t *gen(pki_key_type_t type, unsigned bits)
{
	pki_key_t *key = NULL;

	ok_(pki_key_generate(&key, type, bits, 0));
	return key;
}

/* Sign, verify with the private handle and with a public-only copy, then tamper. */
static void round_trip(pki_key_t *key, pki_hash_t hash, unsigned flags)
{
	pki_key_t *pub = NULL;
	unsigned char *sig = NULL, *der = NULL;
	size_t n = 0, m = 0;

	ok_(pki_key_sign(&sig, &n, key, hash, msg, sizeof(msg) - 1, flags));
	cr_assert_not_null(sig);
	cr_assert_gt(n, 0);
	ok_(pki_key_verify(key, hash, msg, sizeof(msg) - 1, sig, n, flags));
	ok_(pki_key_export_public(&der, &m, key, PKI_FORMAT_DER, 0));
	ok_(pki_key_import(&pub, der, m, NULL, 0));
	ok_(pki_key_verify(pub, hash, msg, sizeof(msg) - 1, sig, n, flags));
	/* Other data, a flipped bit, a truncated signature: no. */
	fails_(PKI_E_BAD_SIGNATURE, pki_key_verify(pub, hash, msg, sizeof(msg) - 2, sig, n, flags));
	sig[n / 2] ^= 0x01;
	fails_(PKI_E_BAD_SIGNATURE, pki_key_verify(pub, hash, msg, sizeof(msg) - 1, sig, n, flags));
	sig[n / 2] ^= 0x01;
	fails_(PKI_E_BAD_SIGNATURE, pki_key_verify(pub, hash, msg, sizeof(msg) - 1, sig, n - 1, flags));
	cr_assert_str_not_empty(pki_error_detail());
	pki_free(sig);
	fails_(PKI_E_NO_PRIVATE_KEY, pki_key_sign(&sig, &n, pub, hash, msg, sizeof(msg) - 1, flags));
	cr_assert_null(sig);
	pki_free(der);
	pki_key_free(pub);
}

Test(sign, every_curve_type_and_hash)
{
	static const pki_key_type_t ec[] = { PKI_KEY_EC_P256, PKI_KEY_EC_P384, PKI_KEY_EC_P521 };

	for (size_t i = 0; i < sizeof(ec) / sizeof(ec[0]); i++) {
		pki_key_t *key = gen(ec[i], 0);

		round_trip(key, PKI_HASH_DEFAULT, 0);
		round_trip(key, PKI_HASH_SHA256, 0);
		round_trip(key, PKI_HASH_SHA512, 0);
		pki_key_free(key);
	}
	for (pki_key_type_t t = PKI_KEY_ED25519; t <= PKI_KEY_ED448; t++) {
		pki_key_t *key = gen(t, 0);
		unsigned char *a = NULL, *b = NULL;
		size_t na = 0, nb = 0;

		round_trip(key, PKI_HASH_DEFAULT, 0);
		/* Pure EdDSA is deterministic and of fixed size. */
		ok_(pki_key_sign(&a, &na, key, PKI_HASH_DEFAULT, msg, sizeof(msg) - 1, 0));
		ok_(pki_key_sign(&b, &nb, key, PKI_HASH_DEFAULT, msg, sizeof(msg) - 1, 0));
		cr_assert_eq(na, t == PKI_KEY_ED25519 ? 64u : 114u);
		cr_assert(na == nb && memcmp(a, b, na) == 0);
		pki_free(a);
		pki_free(b);
		/* A chosen hash would be another scheme (Ed25519ph): refused. */
		fails_(PKI_E_INVALID_ARG, pki_key_sign(&a, &na, key, PKI_HASH_SHA256, msg, 3, 0));
		fails_(PKI_E_INVALID_ARG, pki_key_sign(&a, &na, key, PKI_HASH_DEFAULT, msg, 3,
						       PKI_SIGN_RSA_PSS));
		pki_key_free(key);
	}
}

Test(sign, rsa_pkcs1_and_pss, .timeout = 120)
{
	pki_key_t *key = gen(PKI_KEY_RSA, 2048);
	unsigned char *v15 = NULL, *pss = NULL;
	size_t n = 0, m = 0;

	round_trip(key, PKI_HASH_DEFAULT, 0);
	round_trip(key, PKI_HASH_SHA384, 0);
	round_trip(key, PKI_HASH_SHA256, PKI_SIGN_RSA_PSS);
	round_trip(key, PKI_HASH_SHA512, PKI_SIGN_RSA_PSS);
	/* A PKCS#1 v1.5 signature is not a PSS one, nor of another hash. */
	ok_(pki_key_sign(&v15, &n, key, PKI_HASH_SHA256, msg, 5, 0));
	ok_(pki_key_sign(&pss, &m, key, PKI_HASH_SHA256, msg, 5, PKI_SIGN_RSA_PSS));
	fails_(PKI_E_BAD_SIGNATURE, pki_key_verify(key, PKI_HASH_SHA256, msg, 5, v15, n, PKI_SIGN_RSA_PSS));
	fails_(PKI_E_BAD_SIGNATURE, pki_key_verify(key, PKI_HASH_SHA256, msg, 5, pss, m, 0));
	fails_(PKI_E_BAD_SIGNATURE, pki_key_verify(key, PKI_HASH_SHA384, msg, 5, v15, n, 0));
	pki_free(v15);
	pki_free(pss);
	pki_key_free(key);
}

Test(sign, empty_data_and_wrong_key)
{
	pki_key_t *a = gen(PKI_KEY_EC_P256, 0), *b = gen(PKI_KEY_EC_P256, 0);
	unsigned char *sig = NULL;
	size_t n = 0;

	ok_(pki_key_sign(&sig, &n, a, PKI_HASH_DEFAULT, NULL, 0, 0));
	ok_(pki_key_verify(a, PKI_HASH_DEFAULT, NULL, 0, sig, n, 0));
	ok_(pki_key_verify(a, PKI_HASH_DEFAULT, "", 0, sig, n, 0));
	fails_(PKI_E_BAD_SIGNATURE, pki_key_verify(b, PKI_HASH_DEFAULT, NULL, 0, sig, n, 0));
	fails_(PKI_E_BAD_SIGNATURE, pki_key_verify(a, PKI_HASH_DEFAULT, "x", 1, sig, n, 0));
	/* Garbage and empty signatures are "does not verify", not a crash or another code. */
	fails_(PKI_E_BAD_SIGNATURE, pki_key_verify(a, PKI_HASH_DEFAULT, NULL, 0, "garbage", 7, 0));
	fails_(PKI_E_BAD_SIGNATURE, pki_key_verify(a, PKI_HASH_DEFAULT, NULL, 0, "", 0, 0));
	pki_free(sig);
	pki_key_free(a);
	pki_key_free(b);
}

Test(sign, bad_arguments)
{
	pki_key_t *key = gen(PKI_KEY_EC_P256, 0);
	unsigned char *sig = (unsigned char *)"x";
	size_t n = 1;

	fails_(PKI_E_INVALID_ARG, pki_key_sign(NULL, &n, key, PKI_HASH_DEFAULT, msg, 3, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_sign(&sig, NULL, key, PKI_HASH_DEFAULT, msg, 3, 0));
	cr_assert_null(sig);
	fails_(PKI_E_INVALID_ARG, pki_key_sign(&sig, &n, NULL, PKI_HASH_DEFAULT, msg, 3, 0));
	cr_assert_eq(n, 0);
	fails_(PKI_E_INVALID_ARG, pki_key_sign(&sig, &n, key, PKI_HASH_DEFAULT, NULL, 3, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_sign(&sig, &n, key, (pki_hash_t)42, msg, 3, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_sign(&sig, &n, key, PKI_HASH_DEFAULT, msg, 3, 1u << 5));
	fails_(PKI_E_INVALID_ARG, pki_key_sign(&sig, &n, key, PKI_HASH_DEFAULT, msg, 3,
					       PKI_SIGN_RSA_PSS));
	fails_(PKI_E_TOO_LARGE, pki_key_sign(&sig, &n, key, PKI_HASH_DEFAULT, msg,
					     (size_t)PKI_MAX_INPUT_SIZE + 1, 0));
	cr_assert_null(sig);
	fails_(PKI_E_INVALID_ARG, pki_key_verify(NULL, PKI_HASH_DEFAULT, msg, 3, "x", 1, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_verify(key, PKI_HASH_DEFAULT, msg, 3, NULL, 1, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_verify(key, PKI_HASH_DEFAULT, NULL, 3, "x", 1, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_verify(key, (pki_hash_t)-1, msg, 3, "x", 1, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_verify(key, PKI_HASH_DEFAULT, msg, 3, "x", 1, 1u << 7));
	pki_key_free(key);
}
