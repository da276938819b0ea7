/* Tests for the key API: generation, import/export in every format, errors, files. */
#include "helpers.h"

static pki_key_t *gen(pki_key_type_t type)
{
	pki_key_t *key = NULL;

	ok_(pki_key_generate(&key, type, 0, 0));
	cr_assert_not_null(key);
	return key;
}

static void export_(unsigned char **out, size_t *n, const pki_key_t *key, pki_format_t f,
		    const char *pw)
{
	ok_(pki_key_export(out, n, key, f, pw, 0));
	cr_assert_not_null(*out);
	cr_assert_gt(*n, 0);
}

struct type_case {
	pki_key_type_t type;
	const char *alg, *curve;
	int bits;
};

static const struct type_case cases[] = {
	{ PKI_KEY_EC_P256, "ec", "P-256", 256 },   { PKI_KEY_EC_P384, "ec", "P-384", 384 },
	{ PKI_KEY_EC_P521, "ec", "P-521", 521 },   { PKI_KEY_ED25519, "ed25519", "Ed25519", 255 },
	{ PKI_KEY_ED448, "ed448", "Ed448", 448 },
};

Test(key, generate_every_curve_type)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pki_key_t *key = gen(cases[i].type);

		cr_assert_eq(pki_key_type(key), (int)cases[i].type);
		cr_assert_str_eq(pki_key_algorithm(key), cases[i].alg);
		cr_assert_str_eq(pki_key_curve(key), cases[i].curve);
		cr_assert_eq(pki_key_bits(key), cases[i].bits);
		cr_assert(pki_key_has_private(key));
		pki_key_free(key);
	}
}

Test(key, default_type_is_p256)
{
	pki_key_t *key = gen(PKI_KEY_UNKNOWN);

	cr_assert_eq(pki_key_type(key), PKI_KEY_EC_P256);
	pki_key_free(key);
}

Test(key, rsa_sizes, .timeout = 120)
{
	pki_key_t *key = NULL;

	ok_(pki_key_generate(&key, PKI_KEY_RSA, 2048, 0));
	cr_assert_eq(pki_key_type(key), PKI_KEY_RSA);
	cr_assert_eq(pki_key_bits(key), 2048);
	cr_assert_str_eq(pki_key_algorithm(key), "rsa");
	cr_assert_null(pki_key_curve(key));
	pki_key_free(key);

	key = (pki_key_t *)1;
	fails_(PKI_E_WEAK, pki_key_generate(&key, PKI_KEY_RSA, 1024, 0));
	cr_assert_null(key, "out is NULL on failure");
	cr_assert_not_null(strstr(pki_error_detail(), "2048"));
	fails_(PKI_E_WEAK, pki_key_generate(&key, PKI_KEY_RSA, 2047, 0));
	fails_(PKI_E_TOO_LARGE, pki_key_generate(&key, PKI_KEY_RSA, 8193, 0));
}

Test(key, generate_bad_arguments)
{
	pki_key_t *key = NULL;

	fails_(PKI_E_INVALID_ARG, pki_key_generate(NULL, PKI_KEY_EC_P256, 0, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_generate(&key, (pki_key_type_t)99, 0, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_generate(&key, PKI_KEY_EC_P256, 384, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_generate(&key, PKI_KEY_EC_P256, 0, 1));
	cr_assert_null(key);
}

Test(key, pem_and_der_round_trip_every_type)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pki_key_t *key = gen(cases[i].type), *back = NULL;

		for (int f = PKI_FORMAT_PEM; f <= PKI_FORMAT_DER; f++) {
			unsigned char *data = NULL, *again = NULL;
			size_t n = 0, m = 0;

			export_(&data, &n, key, (pki_format_t)f, NULL);
			if (f == PKI_FORMAT_PEM)
				cr_assert_eq(memcmp(data, "-----BEGIN PRIVATE KEY-----", 27), 0);
			else
				cr_assert_eq(data[0], 0x30);
			ok_(pki_key_import(&back, data, n, NULL, 0));
			cr_assert(pki_key_equal(key, back));
			cr_assert_eq(pki_key_type(back), (int)cases[i].type);
			export_(&again, &m, back, (pki_format_t)f, NULL);
			cr_assert_eq(n, m);
			cr_assert_eq(memcmp(data, again, n), 0, "re-export differs");
			pki_free(data);
			pki_free(again);
			pki_key_free(back);
		}
		pki_key_free(key);
	}
}

Test(key, encrypted_pkcs8, .timeout = 60)
{
	pki_key_t *key = gen(PKI_KEY_EC_P256), *back = NULL;
	unsigned char *pem = NULL, *der = NULL;
	size_t n = 0, m = 0;

	export_(&pem, &n, key, PKI_FORMAT_PEM, "s3cret");
	cr_assert_eq(memcmp(pem, "-----BEGIN ENCRYPTED PRIVATE KEY-----", 37), 0);
	fails_(PKI_E_PASSWORD_REQUIRED, pki_key_import(&back, pem, n, NULL, 0));
	cr_assert_null(back);
	fails_(PKI_E_BAD_PASSWORD, pki_key_import(&back, pem, n, "wrong", 0));
	cr_assert_null(back);
	cr_assert_not_null(strstr(pki_error_detail(), "password"));
	assert_imports_as_(key, pem, n, "s3cret");

	/* DER: detected as encrypted PKCS#8 without any PEM label. */
	export_(&der, &m, key, PKI_FORMAT_DER, "s3cret");
	fails_(PKI_E_PASSWORD_REQUIRED, pki_key_import(&back, der, m, NULL, 0));
	assert_imports_as_(key, der, m, "s3cret");
	pki_free(pem);
	pki_free(der);
	pki_key_free(key);
}

/* issue 19 item 4: the PBKDF2 count is an option, with a floor and a ceiling. */
Test(key, chosen_iterations)
{
	static const unsigned char int10000[] = { 0x02, 0x02, 0x27, 0x10 };
	pki_key_t *key = gen(PKI_KEY_EC_P256), *back = NULL;
	char *dir = scratch_dir(), *path = path_in(dir, "k.pem");
	unsigned char *der = NULL;
	size_t n = 0;

	ok_(pki_key_export_v2(&der, &n, key, PKI_FORMAT_DER, "s3cret", 10000, 0));
	cr_assert_not_null(memmem(der, n, int10000, sizeof(int10000)), "INTEGER 10000 written");
	assert_imports_as_(key, der, n, "s3cret");
	pki_free(der);
	der = NULL;

	fails_(PKI_E_WEAK, pki_key_export_v2(&der, &n, key, PKI_FORMAT_DER, "s3cret",
					     PKI_KDF_MIN_ITERATIONS - 1, 0));
	fails_(PKI_E_TOO_LARGE, pki_key_export_v2(&der, &n, key, PKI_FORMAT_DER, "s3cret",
						  PKI_MAX_KDF_ITERATIONS + 1, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_export_v2(&der, &n, key, PKI_FORMAT_DER, NULL, 10000, 0));
	cr_assert_not_null(strstr(pki_error_detail(), "without a password"), "%s",
			   pki_error_detail());
	fails_(PKI_E_INVALID_ARG, pki_key_export_v2(&der, &n, key, PKI_FORMAT_DER, "", 10000, 0));
	cr_assert_null(der);
	fails_(PKI_E_WEAK, pki_key_save_v2(key, path, PKI_FORMAT_PEM, "s3cret", 100, 0));
	cr_assert_neq(access(path, F_OK), 0, "no file is written");
	ok_(pki_key_save_v2(key, path, PKI_FORMAT_PEM, "s3cret", 10000, 0));
	ok_(pki_key_import_file(&back, path, "s3cret", 0));
	cr_assert(pki_key_equal(key, back));
	/* NULL password, 0 iterations: the unencrypted key, as pki_key_export(). */
	ok_(pki_key_export_v2(&der, &n, key, PKI_FORMAT_PEM, NULL, 0, 0));
	cr_assert_eq(memcmp(der, "-----BEGIN PRIVATE KEY-----", 27), 0);
	pki_free(der);
	pki_key_free(back);
	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
	pki_key_free(key);
}

Test(key, empty_password_is_refused_null_means_unencrypted)
{
	pki_key_t *key = gen(PKI_KEY_ED25519), *back = NULL;
	unsigned char *pem = NULL, *enc = NULL;
	char *dir = scratch_dir(), *path = path_in(dir, "k.pem");
	struct stat st;
	size_t n = 0;

	/* "" would silently write the key in the clear: refused, whatever the format. */
	fails_(PKI_E_INVALID_ARG, pki_key_export(&pem, &n, key, PKI_FORMAT_PEM, "", 0));
	cr_assert_str_eq(pki_error_detail(), "an empty password would store the key unencrypted; "
					     "pass NULL for no encryption");
	cr_assert_null(pem);
	cr_assert_eq(n, 0);
	fails_(PKI_E_INVALID_ARG, pki_key_export(&pem, &n, key, PKI_FORMAT_DER, "", 0));
	fails_(PKI_E_INVALID_ARG, pki_key_save(key, path, PKI_FORMAT_PEM, "", 0));
	cr_assert_neq(stat(path, &st), 0, "no file is written");
	/* NULL is the only way to ask for no encryption. */
	export_(&pem, &n, key, PKI_FORMAT_PEM, NULL);
	cr_assert_eq(memcmp(pem, "-----BEGIN PRIVATE KEY-----", 27), 0);
	/* On import "" is a password like any other (the empty one), not "no password". */
	export_(&enc, &n, key, PKI_FORMAT_PEM, "s3cret");
	fails_(PKI_E_BAD_PASSWORD, pki_key_import(&back, enc, n, "", 0));
	cr_assert_null(back);
	pki_free(enc);
	pki_free(pem);
	free(path);
	rmtree_(dir);
	pki_key_free(key);
}

Test(key, public_key_export_and_import)
{
	pki_key_t *key = gen(PKI_KEY_EC_P384), *pub = NULL, *pub2 = NULL;
	unsigned char *pem = NULL, *der = NULL, *priv = NULL;
	size_t n = 0, m = 0, k = 0;

	ok_(pki_key_export_public(&pem, &n, key, PKI_FORMAT_PEM, 0));
	cr_assert_eq(memcmp(pem, "-----BEGIN PUBLIC KEY-----", 26), 0);
	ok_(pki_key_import(&pub, pem, n, NULL, 0));
	cr_assert_not(pki_key_has_private(pub));
	cr_assert(pki_key_equal(key, pub));
	cr_assert_eq(pki_key_type(pub), PKI_KEY_EC_P384);
	fails_(PKI_E_NO_PRIVATE_KEY, pki_key_export(&priv, &k, pub, PKI_FORMAT_PEM, NULL, 0));
	cr_assert_null(priv);

	ok_(pki_key_export_public(&der, &m, pub, PKI_FORMAT_DER, 0));
	ok_(pki_key_import(&pub2, der, m, NULL, 0));
	cr_assert(pki_key_equal(pub, pub2));
	cr_assert_not(pki_key_has_private(pub2));
	pki_free(pem);
	pki_free(der);
	pki_key_free(pub);
	pki_key_free(pub2);
	pki_key_free(key);
}

Test(key, distinct_keys_differ)
{
	pki_key_t *a = gen(PKI_KEY_ED25519), *b = gen(PKI_KEY_ED25519);

	cr_assert_not(pki_key_equal(a, b));
	cr_assert(pki_key_equal(a, a));
	cr_assert_not(pki_key_equal(a, NULL));
	cr_assert_not(pki_key_equal(NULL, NULL));
	pki_key_free(a);
	pki_key_free(b);
}

Test(key, garbage_and_truncated_input)
{
	static const char garbage[] = "this is not a key at all";
	static const char bad_b64[] = "-----BEGIN PRIVATE KEY-----\n@@@@not base64@@@@\n"
				      "-----END PRIVATE KEY-----\n";
	static const char wrong_label[] = "-----BEGIN CERTIFICATE-----\nMAA=\n"
					  "-----END CERTIFICATE-----\n";
	pki_key_t *key = gen(PKI_KEY_EC_P256), *back = NULL;
	unsigned char *pem = NULL, *der = NULL;
	size_t n = 0, m = 0;

	fails_(PKI_E_PARSE, pki_key_import(&back, garbage, sizeof(garbage) - 1, NULL, 0));
	fails_(PKI_E_PARSE, pki_key_import(&back, bad_b64, sizeof(bad_b64) - 1, NULL, 0));
	fails_(PKI_E_PARSE, pki_key_import(&back, wrong_label, sizeof(wrong_label) - 1, NULL, 0));
	fails_(PKI_E_PARSE, pki_key_import(&back, "x", 0, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_import(&back, NULL, 10, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_import(NULL, garbage, 5, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_import(&back, garbage, 5, NULL, 2));

	export_(&pem, &n, key, PKI_FORMAT_PEM, NULL);
	fails_(PKI_E_PARSE, pki_key_import(&back, pem, n / 2, NULL, 0));
	/* Every truncation of a DER key is a parse error, never a crash or a wrong key. */
	export_(&der, &m, key, PKI_FORMAT_DER, NULL);
	for (size_t len = 1; len < m; len++) {
		int rc = pki_key_import(&back, der, len, NULL, 0);

		cr_assert_eq(rc, PKI_E_PARSE, "truncated at %zu: %d (%s)", len, rc, pki_error_detail());
		cr_assert_null(back);
	}
	pki_free(pem);
	pki_free(der);
	pki_key_free(key);
}

Test(key, input_size_limit)
{
	size_t n = (size_t)PKI_MAX_INPUT_SIZE + 1;
	char *big = calloc(1, n);
	pki_key_t *back = NULL;

	cr_assert_not_null(big);
	fails_(PKI_E_TOO_LARGE, pki_key_import(&back, big, n, NULL, 0));
	free(big);
}

Test(key, openssh_key_is_explained)
{
	static const char ssh[] = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"
				  "-----END OPENSSH PRIVATE KEY-----\n";
	pki_key_t *back = NULL;

	fails_(PKI_E_UNSUPPORTED, pki_key_import(&back, ssh, sizeof(ssh) - 1, NULL, 0));
	cr_assert_not_null(strstr(pki_error_detail(), "ssh-keygen"));
}

Test(key, export_bad_arguments)
{
	pki_key_t *key = gen(PKI_KEY_ED25519);
	unsigned char *out = NULL;
	size_t n = 0;

	fails_(PKI_E_INVALID_ARG, pki_key_export(NULL, &n, key, PKI_FORMAT_PEM, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_export(&out, NULL, key, PKI_FORMAT_PEM, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_export(&out, &n, NULL, PKI_FORMAT_PEM, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_export(&out, &n, key, (pki_format_t)7, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_export(&out, &n, key, PKI_FORMAT_PEM, NULL, 1));
	fails_(PKI_E_INVALID_ARG, pki_key_export_public(NULL, &n, key, PKI_FORMAT_PEM, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_export_public(&out, &n, NULL, PKI_FORMAT_PEM, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_export_public(&out, &n, key, (pki_format_t)3, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_export_public(&out, &n, key, PKI_FORMAT_DER, 4));
	cr_assert_null(out);
	pki_key_free(key);
}

Test(key, getters_on_null)
{
	char *s = NULL;

	fails_(PKI_E_INVALID_ARG, pki_key_type(NULL));
	fails_(PKI_E_INVALID_ARG, pki_key_bits(NULL));
	cr_assert_null(pki_key_algorithm(NULL));
	cr_assert_null(pki_key_curve(NULL));
	cr_assert_not(pki_key_has_private(NULL));
	fails_(PKI_E_INVALID_ARG, pki_key_id(&s, NULL, PKI_KEY_ID_SHA1, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_id(NULL, NULL, PKI_KEY_ID_SHA1, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_to_json(&s, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_to_json(NULL, NULL, 0));
	cr_assert_null(s);
}

Test(key, type_names)
{
	/* aliases and any case; "dsa" and NULL are refused */
	static const char *const names[] = { "ec",    "P-384", "secp521r1", "Ed25519",
					     "ED448", "rsa",   "dsa",       NULL };
	static const int want[] = { PKI_KEY_EC_P256,   PKI_KEY_EC_P384, PKI_KEY_EC_P521,
				    PKI_KEY_ED25519,   PKI_KEY_ED448,   PKI_KEY_RSA,
				    PKI_E_INVALID_ARG, PKI_E_INVALID_ARG };
	_Static_assert(sizeof(names) / sizeof(names[0]) == sizeof(want) / sizeof(want[0]),
		       "one expected code a name");

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		cr_assert_eq(pki_key_type_from_name(names[i]), want[i], "%s",
			     names[i] ? names[i] : "NULL");
	for (int t = PKI_KEY_EC_P256; t <= PKI_KEY_RSA; t++)
		cr_assert_eq(pki_key_type_from_name(pki_key_type_name((pki_key_type_t)t)), t);
	cr_assert_null(pki_key_type_name(PKI_KEY_UNKNOWN));
	cr_assert_null(pki_key_type_name((pki_key_type_t)42));
}

Test(key, ids)
{
	pki_key_t *key = gen(PKI_KEY_EC_P256), *pub = NULL;
	unsigned char *der = NULL;
	char *sha1 = NULL, *sha256 = NULL, *pub256 = NULL;
	size_t n;

	ok_(pki_key_id(&sha1, key, PKI_KEY_ID_SHA1, 0));
	ok_(pki_key_id(&sha256, key, PKI_KEY_ID_SHA256, 0));
	cr_assert_eq(strlen(sha1), 40);
	cr_assert_eq(strlen(sha256), 64);
	cr_assert_eq(strspn(sha256, "0123456789abcdef"), 64);
	ok_(pki_key_export_public(&der, &n, key, PKI_FORMAT_DER, 0));
	ok_(pki_key_import(&pub, der, n, NULL, 0));
	ok_(pki_key_id(&pub256, pub, PKI_KEY_ID_SHA256, 0));
	cr_assert_str_eq(sha256, pub256, "public and private handles have one id");
	{
		char *none = (char *)"untouched";

		fails_(PKI_E_INVALID_ARG, pki_key_id(&none, key, PKI_KEY_ID_SHA1, 0x10));
		cr_assert_null(none, "out is NULL on failure");
		none = (char *)"untouched";
		/* 0 is no method: the old "PKI_KEY_ID_SHA1 = 0 as a flag" call is refused */
		fails_(PKI_E_INVALID_ARG, pki_key_id(&none, key, (pki_key_id_method_t)0, 0));
		cr_assert_null(none, "out is NULL on failure");
	}
	pki_free(sha1);
	pki_free(sha256);
	pki_free(pub256);
	pki_free(der);
	pki_key_free(pub);
	pki_key_free(key);
}

Test(key, json)
{
	pki_key_t *key = gen(PKI_KEY_EC_P521);
	char *json = NULL;

	ok_(pki_key_to_json(&json, key, 0));
	cr_assert_str_eq(json, "{\"type\":\"ec\",\"bits\":521,\"curve\":\"P-521\"}");
	pki_free(json);
	fails_(PKI_E_INVALID_ARG, pki_key_to_json(&json, key, 1));
	pki_key_free(key);
}

Test(key, save_and_load_file)
{
	char *dir = scratch_dir(), *p = path_in(dir, "key.pem"), *link = path_in(dir, "link");
	pki_key_t *key = gen(PKI_KEY_ED25519), *other = gen(PKI_KEY_ED25519), *back = NULL;
	mode_t old = umask(0);
	struct stat st;

	ok_(pki_key_save(key, p, PKI_FORMAT_PEM, NULL, 0));
	umask(old);
	cr_assert_eq(stat(p, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600, "mode %o", st.st_mode & 0777);
	fails_(PKI_E_EXISTS, pki_key_save(other, p, PKI_FORMAT_PEM, NULL, 0));
	ok_(pki_key_import_file(&back, p, NULL, 0));
	cr_assert(pki_key_equal(key, back), "a refused save changed the file");
	pki_key_free(back);
	ok_(pki_key_save(other, p, PKI_FORMAT_DER, NULL, PKI_WRITE_OVERWRITE));
	ok_(pki_key_import_file(&back, p, NULL, 0));
	cr_assert(pki_key_equal(other, back));
	pki_key_free(back);
	cr_assert_eq(symlink(p, link), 0);
	fails_(PKI_E_IO, pki_key_save(key, link, PKI_FORMAT_PEM, NULL, PKI_WRITE_OVERWRITE));
	fails_(PKI_E_INVALID_ARG, pki_key_save(key, p, PKI_FORMAT_PEM, NULL, PKI_WRITE_PRIVATE << 4));
	fails_(PKI_E_INVALID_ARG, pki_key_save(key, NULL, PKI_FORMAT_PEM, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_save(NULL, p, PKI_FORMAT_PEM, NULL, PKI_WRITE_OVERWRITE));
	fails_(PKI_E_IO, pki_key_import_file(&back, "/nonexistent/key.pem", NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_import_file(NULL, p, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_key_import_file(&back, NULL, NULL, 0));
	pki_key_free(key);
	pki_key_free(other);
	free(p);
	free(link);
	rmtree_(dir);
}

/* GnuTLS 3.7 aborts on these (found by fuzz/fuzz_key): libpki must return an error instead. */
Test(key, damaged_legacy_pem_is_a_parse_error)
{
	static const char odd[] = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
				  "DEK-Info: DES-EDE3-CBC,0001020304050607\n\nAAAA\n"
				  "-----END RSA PRIVATE KEY-----\n";
	static const char mangled[] = "-----BEGIN EC PRIVATE KEY-----\nProc-Tipe: 4,ENCRYPTED\n"
				      "DEK-Info: DES-EDE3-CBC,0001020304050607\n\nAAAAAAAAAAAAAAAAAAAAAA==\n"
				      "-----END EC PRIVATE KEY-----\n";
	static const char rc2[] = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
				  "DEK-Info: RC2-CBC,0001020304050607\n\nAAAAAAAAAAAA\n"
				  "-----END RSA PRIVATE KEY-----\n";
	pki_key_t *key = NULL;

	fails_(PKI_E_PASSWORD_REQUIRED, pki_key_import(&key, odd, sizeof(odd) - 1, NULL, 0));
	fails_(PKI_E_PARSE, pki_key_import(&key, odd, sizeof(odd) - 1, "pw", 0));
	fails_(PKI_E_BAD_PASSWORD, pki_key_import(&key, mangled, sizeof(mangled) - 1, "pw", 0));
	fails_(PKI_E_UNSUPPORTED, pki_key_import(&key, rc2, sizeof(rc2) - 1, "pw", 0));
	fails_(PKI_E_PARSE, pki_key_import(&key, odd, 60, "pw", 0));
	cr_assert_null(key);
}

/* The import bound on PBKDF2: one iteration over PKI_MAX_KDF_ITERATIONS is refused before any
 * derivation (the fixture was written by openssl pkcs8 -iter 10000001, password "fixture"). */
Test(key, pbkdf2_iterations_over_the_bound_are_too_large)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	pki_key_t *key = (pki_key_t *)1;

	snprintf(path, sizeof(path), "%s/tests/data/ec-p256-pbkdf2-10000001-iterations.key",
		 top ? top : ".");
	fails_(PKI_E_TOO_LARGE, pki_key_import_file(&key, path, "fixture", 0));
	cr_assert_null(key);
	cr_assert_not_null(strstr(pki_error_detail(), "10000001 PBKDF2 iterations"), "%s",
			   pki_error_detail());
	fails_(PKI_E_TOO_LARGE, pki_key_import_file(&key, path, "wrong", 0));
	fails_(PKI_E_TOO_LARGE, pki_key_import_file(&key, path, NULL, 0)); /* the bound first */
}

/* A DER SubjectPublicKeyInfo of an algorithm libpki does not handle is named as such, not
 * reported as an unparsable private key (tests/data/x25519-pub.der: openssl pkey -pubout). */
Test(key, der_public_key_of_an_unsupported_algorithm)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	pki_key_t *key = (pki_key_t *)1;

	snprintf(path, sizeof(path), "%s/tests/data/x25519-pub.der", top ? top : ".");
	fails_(PKI_E_UNSUPPORTED, pki_key_import_file(&key, path, NULL, 0));
	cr_assert_null(key);
	cr_assert_not_null(strstr(pki_error_detail(), "X25519"), "%s", pki_error_detail());
}

/* PKCS#1 RSAPublicKey files ("RSA PUBLIC KEY", PEM and DER), as `openssl rsa -RSAPublicKey_out`
 * writes them (tests/data/rsa-2048-pkcs1-public.*), are the same key as the SPKI of
 * `openssl rsa -pubout` (tests/data/rsa-2048-spki-public.pem); truncated ones are parse errors. */
Test(key, pkcs1_rsa_public_key)
{
	static const char *const names[] = { "rsa-2048-pkcs1-public.pem", "rsa-2048-pkcs1-public.der" };
	const char *top = getenv("top_srcdir");
	char path[4096];
	pki_key_t *spki = NULL, *key = NULL;
	unsigned char *data = NULL;
	size_t size = 0;

	snprintf(path, sizeof(path), "%s/tests/data/rsa-2048-spki-public.pem", top ? top : ".");
	ok_(pki_key_import_file(&spki, path, NULL, 0));
	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/tests/data/%s", top ? top : ".", names[i]);
		ok_(pki_key_import_file(&key, path, NULL, 0));
		cr_assert_eq(pki_key_type(key), PKI_KEY_RSA);
		cr_assert_eq(pki_key_bits(key), 2048);
		cr_assert_not(pki_key_has_private(key));
		cr_assert(pki_key_equal(key, spki));
		pki_key_free(key);
		key = (pki_key_t *)1;
		ok_(pki_file_read(&data, &size, path, 0));
		fails_(PKI_E_PARSE, pki_key_import(&key, data, size - 20, NULL, 0));
		cr_assert_null(key);
		pki_free(data);
	}
	pki_key_free(spki);
}
