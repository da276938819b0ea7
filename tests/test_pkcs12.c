/*
 * Tests for PKCS#12 export and import: round trips (P-256 with a chain and a friendly name,
 * Ed25519 alone, RSA-2048, legacy), passwords, mismatched keys, damaged and hostile input.
 * Every encrypted export or import costs a few PBKDF2 derivations by design (~0.1 s each,
 * much more under valgrind): each test reuses one export for as many checks as it can.
 */
#include "helpers.h"

#define PW "correct horse battery staple"

/* DER encodings of the algorithm OIDs the file must (not) contain. */
static const unsigned char OID_AES256_CBC[] = { 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
						0x03, 0x04, 0x01, 0x2a };
static const unsigned char OID_SHA256[] = { 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
					    0x03, 0x04, 0x02, 0x01 };
static const unsigned char OID_PBES2[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
					   0x0d, 0x01, 0x05, 0x0d };
static const unsigned char OID_P12_3DES[] = { 0x06, 0x0a, 0x2a, 0x86, 0x48, 0x86, 0xf7,
					      0x0d, 0x01, 0x0c, 0x01, 0x03 };
static const unsigned char OID_SHA1[] = { 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a };

static bool has(const unsigned char *p, size_t n, const unsigned char *oid, size_t len)
{
	return memmem(p, n, oid, len) != NULL;
}
#define HAS(p, n, oid) has(p, n, oid, sizeof(oid))

/* A key, a certificate it signed for itself, and the PKCS#12 file a test made of them. */
struct own {
	pki_key_t *key;
	pki_cert_t *cert;
	unsigned char *der; /* pki_free */
	size_t n;
};

static pki_key_t *gen(pki_key_type_t type, unsigned bits)
{
	pki_key_t *key = NULL;

	ok_(pki_key_generate(&key, type, bits, 0));
	return key;
}

static pki_cert_t *self_signed(const pki_key_t *key, const char *cn)
{
	pki_issue_opts_t *opts = NULL;
	pki_cert_t *cert = NULL;

	ok_(pki_issue_opts_new(&opts, PKI_PROFILE_SERVER, 0));
	ok_(pki_issue_opts_add_san(opts, "DNS:registry.example.com"));
	ok_(pki_cert_self_sign(&cert, key, cn, opts, 0));
	pki_issue_opts_free(opts);
	return cert;
}

static struct own own_new(pki_key_type_t type, unsigned bits, const char *cn)
{
	struct own o = { .key = gen(type, bits) };

	o.cert = self_signed(o.key, cn);
	return o;
}

static void own_free(struct own *o)
{
	pki_free(o->der);
	pki_cert_free(o->cert);
	pki_key_free(o->key);
}

static char *fingerprint(const pki_cert_t *cert)
{
	char *fp = NULL;

	ok_(pki_cert_fingerprint(&fp, cert, 0));
	return fp;
}

static void same_cert(const pki_cert_t *a, const pki_cert_t *b)
{
	char *fa = fingerprint(a), *fb = fingerprint(b);

	cr_assert_str_eq(fa, fb);
	pki_free(fa);
	pki_free(fb);
}

/* A root CA, an intermediate under it and a P-256 server leaf under the intermediate. */
typedef struct {
	pki_key_t *root_key, *int_key, *leaf_key;
	pki_cert_t *root, *inter, *leaf;
	pki_chain_t *chain; /* intermediate, root */
} pki3_t;

static void make_pki(pki3_t *p)
{
	pki_issue_opts_t *opts = NULL;

	p->root_key = gen(PKI_KEY_EC_P256, 0);
	p->int_key = gen(PKI_KEY_EC_P256, 0);
	p->leaf_key = gen(PKI_KEY_EC_P256, 0);
	ok_(pki_cert_self_sign(&p->root, p->root_key, "CN=Test Root,O=libpki", NULL, 0));
	ok_(pki_issue_opts_new(&opts, PKI_PROFILE_INTERMEDIATE, 0));
	/* Shorter than the root's default, which started a moment earlier. */
	ok_(pki_issue_opts_set_days(opts, 1000));
	ok_(pki_cert_issue_for_key(&p->inter, p->int_key, "CN=Test Intermediate,O=libpki",
				   p->root, p->root_key, opts, 0));
	pki_issue_opts_free(opts);
	ok_(pki_issue_opts_new(&opts, PKI_PROFILE_SERVER, 0));
	ok_(pki_issue_opts_add_san(opts, "DNS:registry.example.com"));
	ok_(pki_cert_issue_for_key(&p->leaf, p->leaf_key, "CN=registry.example.com", p->inter,
				   p->int_key, opts, 0));
	pki_issue_opts_free(opts);
	ok_(pki_chain_new(&p->chain, 0));
	ok_(pki_chain_add(p->chain, p->inter, 0));
	ok_(pki_chain_add(p->chain, p->root, 0));
}

static void free_pki(pki3_t *p)
{
	pki_cert_t *certs[] = { p->leaf, p->inter, p->root };
	pki_key_t *keys[] = { p->leaf_key, p->int_key, p->root_key };

	pki_chain_free(p->chain);
	for (size_t i = 0; i < 3; i++) {
		pki_cert_free(certs[i]);
		pki_key_free(keys[i]);
	}
}

/* Import @p der with @p pw and check the key and the certificate came back. */
static void import_check(const unsigned char *der, size_t n, const pki_key_t *key,
			 const pki_cert_t *cert, pki_chain_t **chain, char **name)
{
	pki_key_t *k = NULL;
	pki_cert_t *c = NULL;

	ok_(pki_p12_import(&k, &c, chain, name, der, n, PW, 0));
	cr_assert(pki_key_has_private(k));
	cr_assert(pki_key_equal(k, key), "the same private key comes back");
	same_cert(c, cert);
	cr_assert(pki_cert_matches_key(c, k));
	cr_assert_str_eq(pki_error_detail(), "", "success leaves no detail");
	pki_key_free(k);
	pki_cert_free(c);
}

/* Export @p key and @p cert (no chain) with the friendly name @p friendly and @p flags into
 * *@p der (pki_free), and check that importing it gives them back with that name. */
static void export_named(unsigned char **der, size_t *n, const pki_key_t *key,
			 const pki_cert_t *cert, const char *friendly, unsigned flags)
{
	char *name = NULL;

	ok_(pki_p12_export(der, n, key, cert, NULL, friendly, PW, flags));
	import_check(*der, *n, key, cert, NULL, &name);
	cr_assert_str_eq(name, friendly);
	pki_free(name);
}

Test(p12, p256_with_chain_and_name, .timeout = 120)
{
	pki3_t p = { 0 };
	unsigned char *der = NULL;
	pki_chain_t *chain = NULL;
	char *name = NULL;
	size_t n = 0;

	make_pki(&p);
	ok_(pki_p12_export(&der, &n, p.leaf_key, p.leaf, p.chain, "registry", PW, 0));
	cr_assert_not_null(der);
	cr_assert_gt(n, 100);
	cr_assert_eq(der[0], 0x30, "DER SEQUENCE");
	cr_assert(HAS(der, n, OID_PBES2), "PBES2");
	cr_assert(HAS(der, n, OID_AES256_CBC), "AES-256-CBC");
	cr_assert(HAS(der, n, OID_SHA256), "SHA-256 MAC");
	cr_assert(!HAS(der, n, OID_P12_3DES), "no 3DES");
	cr_assert(!HAS(der, n, OID_SHA1), "no SHA-1");

	import_check(der, n, p.leaf_key, p.leaf, &chain, &name);
	cr_assert_not_null(chain);
	cr_assert_eq(pki_chain_count(chain), 2);
	same_cert(pki_chain_get(chain, 0), p.inter);
	same_cert(pki_chain_get(chain, 1), p.root);
	cr_assert_not_null(name);
	cr_assert_str_eq(name, "registry");

	pki_chain_free(chain);
	pki_free(name);
	pki_free(der);
	free_pki(&p);
}

Test(p12, ed25519_alone, .timeout = 120)
{
	struct own o = own_new(PKI_KEY_ED25519, 0, "CN=ed25519.example.com");
	pki_chain_t *empty = NULL, *chain = NULL;
	char *name = (char *)1;

	/* An empty chain is the same as none. */
	ok_(pki_chain_new(&empty, 0));
	ok_(pki_p12_export(&o.der, &o.n, o.key, o.cert, empty, NULL, PW, 0));
	import_check(o.der, o.n, o.key, o.cert, &chain, &name);
	cr_assert_not_null(chain, "an empty chain, not NULL");
	cr_assert_eq(pki_chain_count(chain), 0);
	cr_assert_null(name, "no friendly name was set");
	pki_chain_free(chain);

	/* chain and name outputs are optional. */
	import_check(o.der, o.n, o.key, o.cert, NULL, NULL);

	pki_chain_free(empty);
	own_free(&o);
}

Test(p12, rsa2048, .timeout = 240)
{
	struct own o = own_new(PKI_KEY_RSA, 2048, "CN=rsa.example.com");

	export_named(&o.der, &o.n, o.key, o.cert, "rsa key", 0);
	own_free(&o);
}

Test(p12, legacy_3des_sha1, .timeout = 120)
{
	struct own o = own_new(PKI_KEY_EC_P256, 0, "CN=legacy.example.com");

	export_named(&o.der, &o.n, o.key, o.cert, "old-client", PKI_P12_LEGACY);
	cr_assert(HAS(o.der, o.n, OID_P12_3DES), "3DES");
	cr_assert(HAS(o.der, o.n, OID_SHA1), "SHA-1 MAC");
	cr_assert(!HAS(o.der, o.n, OID_PBES2), "no PBES2");
	cr_assert(!HAS(o.der, o.n, OID_AES256_CBC), "no AES");
	own_free(&o);
}

/* Call pki_p12_import expecting @p code, and check every output is NULL afterwards. */
static void import_fails(int code, const void *data, size_t n, const char *pw)
{
	pki_key_t *k = (pki_key_t *)1;
	pki_cert_t *c = (pki_cert_t *)1;
	pki_chain_t *ch = (pki_chain_t *)1;
	char *name = (char *)1;

	fails_(code, pki_p12_import(&k, &c, &ch, &name, data, n, pw, 0));
	cr_assert(k == NULL && c == NULL && ch == NULL && name == NULL, "outputs NULL on failure");
	cr_assert_str_neq(pki_error_detail(), "", "a failure says why");
}

Test(p12, passwords_and_damage, .timeout = 240)
{
	pki_key_t *key = gen(PKI_KEY_EC_P256, 0);
	pki_cert_t *cert = self_signed(key, "CN=pw.example.com");
	unsigned char *der = NULL, *bad = NULL;
	size_t n = 0;

	ok_(pki_p12_export(&der, &n, key, cert, NULL, NULL, PW, 0));

	import_fails(PKI_E_BAD_PASSWORD, der, n, "wrong password");
	cr_assert_not_null(strstr(pki_error_detail(), "password"), "%s", pki_error_detail());
	import_fails(PKI_E_BAD_PASSWORD, der, n, "");
	import_fails(PKI_E_PASSWORD_REQUIRED, der, n, NULL);

	/* Truncated anywhere: not DER any more. */
	import_fails(PKI_E_PARSE, der, n / 2, PW);
	import_fails(PKI_E_PARSE, der, n - 1, PW);
	import_fails(PKI_E_PARSE, der, 1, PW);

	/* Modified, with the right password: the MAC fails but the password decrypts. */
	bad = malloc(n);
	cr_assert_not_null(bad);
	memcpy(bad, der, n);
	bad[n - 1] ^= 0x01; /* the MAC iteration count, the last field */
	import_fails(PKI_E_PARSE, bad, n, PW);
	cr_assert_not_null(strstr(pki_error_detail(), "damaged"), "%s", pki_error_detail());
	memcpy(bad, der, n);
	bad[n / 2] ^= 0x80; /* somewhere in the encrypted content (the key's) */
	import_fails(PKI_E_PARSE, bad, n, PW);
	memcpy(bad, der, n);
	bad[n / 4] ^= 0x80; /* the certificates' encrypted content, the first encrypted part */
	/* Once the MAC has failed, only the first encrypted part is tried: it still decrypts
	 * (CBC garbles one block of the certificate inside, not the padding). */
	import_fails(PKI_E_PARSE, bad, n, PW);

	/* One budget for the whole file: the MAC's count is the last field, INTEGER 600000
	 * (02 03 09 27 c0); the certificates and the key ask for 600,000 more each. */
	cr_assert(der[n - 5] == 0x02 && der[n - 4] == 0x03 && der[n - 3] == 0x09 &&
		  der[n - 2] == 0x27 && der[n - 1] == 0xc0,
		  "MAC iteration count 600000 at the end");
	memcpy(bad, der, n);
	bad[n - 3] = 0x2a, bad[n - 2] = 0xb9, bad[n - 1] = 0x81; /* 2,800,001: 4,000,001 in all */
	import_fails(PKI_E_TOO_LARGE, bad, n, PW);
	cr_assert_not_null(strstr(pki_error_detail(), "4000000 key-derivation iterations"), "%s",
			   pki_error_detail());
	import_fails(PKI_E_TOO_LARGE, bad, n, "wrong password"); /* refused before any work */
	bad[n - 1] = 0x80; /* 2,800,000: exactly the budget, so the MAC is computed (and fails) */
	import_fails(PKI_E_PARSE, bad, n, PW);
	cr_assert_not_null(strstr(pki_error_detail(), "damaged"), "%s", pki_error_detail());
	bad[n - 3] = 0x99; /* 10,074,496 for the MAC alone */
	import_fails(PKI_E_TOO_LARGE, bad, n, PW);
	free(bad);

	pki_free(der);
	pki_cert_free(cert);
	pki_key_free(key);
}

Test(p12, export_refuses_mismatched_key)
{
	pki_key_t *key = gen(PKI_KEY_EC_P256, 0), *other = gen(PKI_KEY_EC_P256, 0);
	pki_key_t *pub = NULL;
	pki_cert_t *cert = self_signed(key, "CN=mine.example.com");
	unsigned char *der = (unsigned char *)1;
	size_t n = 1;

	fails_(PKI_E_KEY_MISMATCH, pki_p12_export(&der, &n, other, cert, NULL, NULL, PW, 0));
	cr_assert(der == NULL && n == 0);
	cr_assert_not_null(strstr(pki_error_detail(), "mine.example.com"), "%s",
			   pki_error_detail());
	/* A public-only handle of the right key still has no private key to export. */
	ok_(pki_cert_public_key(&pub, cert));
	fails_(PKI_E_NO_PRIVATE_KEY, pki_p12_export(&der, &n, pub, cert, NULL, NULL, PW, 0));
	fails_(PKI_E_KEY_MISMATCH, pki_p12_save(other, cert, NULL, "/nonexistent/x.p12", NULL, PW, 0));

	pki_key_free(pub);
	pki_cert_free(cert);
	pki_key_free(other);
	pki_key_free(key);
}

Test(p12, export_bad_arguments)
{
	pki_key_t *key = gen(PKI_KEY_EC_P256, 0);
	pki_cert_t *cert = self_signed(key, "CN=args.example.com");
	unsigned char *der = NULL;
	char longname[300];
	size_t n = 0;

	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	fails_(PKI_E_INVALID_ARG, pki_p12_export(NULL, &n, key, cert, NULL, NULL, PW, 0));
	fails_(PKI_E_INVALID_ARG, pki_p12_export(&der, NULL, key, cert, NULL, NULL, PW, 0));
	fails_(PKI_E_INVALID_ARG, pki_p12_export(&der, &n, NULL, cert, NULL, NULL, PW, 0));
	fails_(PKI_E_INVALID_ARG, pki_p12_export(&der, &n, key, NULL, NULL, NULL, PW, 0));
	fails_(PKI_E_INVALID_ARG, pki_p12_export(&der, &n, key, cert, NULL, NULL, "", 0));
	cr_assert_str_eq(pki_error_detail(), "an empty password would store the key unencrypted; "
					     "pass NULL for no encryption");
	fails_(PKI_E_INVALID_ARG, pki_p12_save(key, cert, NULL, "never.p12", NULL, "", 0));
	fails_(PKI_E_INVALID_ARG, pki_p12_export(&der, &n, key, cert, NULL, NULL, NULL, 0));
	cr_assert_not_null(strstr(pki_error_detail(), "password"));
	cr_assert_neq(access("never.p12", F_OK), 0, "no file is written");
	fails_(PKI_E_INVALID_ARG, pki_p12_export(&der, &n, key, cert, NULL, NULL, PW, 1u << 3));
	fails_(PKI_E_INVALID_ARG, pki_p12_export(&der, &n, key, cert, NULL, NULL, PW,
						 PKI_WRITE_OVERWRITE));
	fails_(PKI_E_INVALID_ARG, pki_p12_export(&der, &n, key, cert, NULL, "", PW, 0));
	fails_(PKI_E_INVALID_ARG, pki_p12_export(&der, &n, key, cert, NULL, longname, PW, 0));
	fails_(PKI_E_INVALID_ARG, pki_p12_export(&der, &n, key, cert, NULL, "caf\xc3\xa9", PW, 0));
	cr_assert_not_null(strstr(pki_error_detail(), "ASCII"));
	fails_(PKI_E_INVALID_ARG, pki_p12_export(&der, &n, key, cert, NULL, "tab\there", PW, 0));
	cr_assert_null(der);

	fails_(PKI_E_INVALID_ARG, pki_p12_save(key, cert, NULL, NULL, NULL, PW, 0));
	fails_(PKI_E_INVALID_ARG, pki_p12_save(key, cert, NULL, "", NULL, PW, 0));
	fails_(PKI_E_INVALID_ARG, pki_p12_save(key, cert, NULL, "x.p12", NULL, PW, 1u << 2));
	fails_(PKI_E_INVALID_ARG, pki_p12_save(NULL, cert, NULL, "x.p12", NULL, PW, 0));

	pki_cert_free(cert);
	pki_key_free(key);
}

Test(p12, import_bad_input)
{
	static const char garbage[] = "this is not a PKCS#12 file at all, just text";
	static const unsigned char der_garbage[] = { 0x30, 0x82, 0xff, 0xff, 0x02, 0x01, 0x03 };
	static const char cert_pem[] = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
	pki_key_t *k = NULL;
	pki_cert_t *c = NULL;
	unsigned char *big;

	fails_(PKI_E_INVALID_ARG, pki_p12_import(NULL, &c, NULL, NULL, garbage, sizeof(garbage), PW, 0));
	fails_(PKI_E_INVALID_ARG, pki_p12_import(&k, NULL, NULL, NULL, garbage, sizeof(garbage), PW, 0));
	import_fails(PKI_E_INVALID_ARG, NULL, 10, PW);
	import_fails(PKI_E_PARSE, garbage, 0, PW);
	import_fails(PKI_E_PARSE, garbage, sizeof(garbage), PW);
	import_fails(PKI_E_PARSE, garbage, sizeof(garbage), NULL);
	import_fails(PKI_E_PARSE, der_garbage, sizeof(der_garbage), PW);
	import_fails(PKI_E_PARSE, cert_pem, sizeof(cert_pem) - 1, PW);
	fails_(PKI_E_INVALID_ARG, pki_p12_import(&k, &c, NULL, NULL, garbage, sizeof(garbage), PW, 1));
	cr_assert(k == NULL && c == NULL);

	big = calloc(1, PKI_MAX_INPUT_SIZE + 1);
	cr_assert_not_null(big);
	import_fails(PKI_E_TOO_LARGE, big, PKI_MAX_INPUT_SIZE + 1, PW);
	free(big);

	fails_(PKI_E_INVALID_ARG, pki_p12_import_file(NULL, &c, NULL, NULL, "x.p12", PW, 0));
	fails_(PKI_E_INVALID_ARG, pki_p12_import_file(&k, &c, NULL, NULL, NULL, PW, 0));
	fails_(PKI_E_IO, pki_p12_import_file(&k, &c, NULL, NULL, "/nonexistent/x.p12", PW, 0));
	cr_assert(k == NULL && c == NULL);
}

Test(p12, save_and_import_file, .timeout = 120)
{
	char *dir = scratch_dir(), *path = path_in(dir, "id.p12");
	pki_key_t *key = gen(PKI_KEY_EC_P256, 0), *k = NULL;
	pki_cert_t *cert = self_signed(key, "CN=file.example.com"), *c = NULL;
	pki_chain_t *chain = NULL;
	char *name = NULL;
	struct stat st;
	mode_t old = umask(0);

	ok_(pki_p12_save(key, cert, NULL, path, "file", PW, 0));
	umask(old);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600, "a PKCS#12 file is private: mode %o",
		     st.st_mode & 0777);
	fails_(PKI_E_EXISTS, pki_p12_save(key, cert, NULL, path, NULL, PW, 0));

	ok_(pki_p12_import_file(&k, &c, &chain, &name, path, PW, 0));
	cr_assert(pki_key_equal(k, key));
	same_cert(c, cert);
	cr_assert_eq(pki_chain_count(chain), 0);
	cr_assert_str_eq(name, "file");

	rmtree_(dir);
	free(path);
	pki_free(name);
	pki_chain_free(chain);
	pki_cert_free(c);
	pki_key_free(k);
	pki_cert_free(cert);
	pki_key_free(key);
}

/* The content of tests/data/p12/NAME (malloc'd). */
static unsigned char *fixture(const char *name, size_t *n)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	unsigned char *data = NULL;
	size_t size = 0;

	snprintf(path, sizeof(path), "%s/tests/data/p12/%s", top ? top : ".", name);
	ok_(pki_file_read(&data, &size, path, 0));
	*n = size;
	return data;
}

Test(p12, no_mac_refused_unless_allowed)
{
	size_t n = 0, np = 0;
	unsigned char *nomac = fixture("p12-nomac.p12", &n);
	unsigned char *plain = fixture("p12-nomac-plain.p12", &np);
	pki_key_t *k = NULL;
	pki_cert_t *c = NULL, *want = NULL;
	char path[4096];
	const char *top = getenv("top_srcdir");

	snprintf(path, sizeof(path), "%s/tests/data/p12/cert.pem", top ? top : ".");
	ok_(pki_cert_import_file(&want, path, 0));

	/* openssl pkcs12 -nomac: refused with the password, without it, and when unencrypted. */
	import_fails(PKI_E_WEAK, nomac, n, "fixture");
	cr_assert_not_null(strstr(pki_error_detail(), "no MAC"), "%s", pki_error_detail());
	cr_assert_not_null(strstr(pki_error_detail(), "PKI_P12_ALLOW_NO_MAC"));
	import_fails(PKI_E_WEAK, nomac, n, NULL);
	import_fails(PKI_E_WEAK, plain, np, "fixture");
	import_fails(PKI_E_WEAK, plain, np, NULL);

	/* With the flag: read, the encrypted key still needing its password. */
	ok_(pki_p12_import(&k, &c, NULL, NULL, nomac, n, "fixture", PKI_P12_ALLOW_NO_MAC));
	same_cert(c, want);
	cr_assert(pki_cert_matches_key(c, k));
	pki_key_free(k);
	pki_cert_free(c);
	fails_(PKI_E_PASSWORD_REQUIRED,
	       pki_p12_import(&k, &c, NULL, NULL, nomac, n, NULL, PKI_P12_ALLOW_NO_MAC));
	fails_(PKI_E_BAD_PASSWORD,
	       pki_p12_import(&k, &c, NULL, NULL, nomac, n, "wrong", PKI_P12_ALLOW_NO_MAC));
	ok_(pki_p12_import(&k, &c, NULL, NULL, plain, np, NULL, PKI_P12_ALLOW_NO_MAC));
	same_cert(c, want);
	pki_key_free(k);
	pki_cert_free(c);
	fails_(PKI_E_INVALID_ARG,
	       pki_p12_import(&k, &c, NULL, NULL, plain, np, NULL, PKI_P12_ALLOW_NO_MAC << 1));

	pki_cert_free(want);
	pki_free(nomac);
	pki_free(plain);
}

Test(p12, count_bounds)
{
	static const struct {
		const char *at, *over; /* a file at the bound, and one with one more */
		int at_code;           /* what the one at the bound fails with, past the count */
		const char *at_detail, *over_detail;
	} bounds[] = {
		/* PKI_P12_MAX_SAFES parts pass the count (the file has no key) */
		{ "p12-64-parts.p12", "p12-65-parts.p12", PKI_E_NOT_FOUND, "no private key",
		  "more than 64 parts" },
		/* PKI_P12_MAX_SAFE_BAGS bags in one part pass the count (the empty bags are then
		 * malformed) */
		{ "p12-32-bags.p12", "p12-33-bags.p12", PKI_E_PARSE, "", "more than 32 bags" },
	};

	for (size_t i = 0; i < sizeof(bounds) / sizeof(bounds[0]); i++) {
		size_t n = 0;
		unsigned char *d = fixture(bounds[i].at, &n);
		pki_key_t *k = NULL;
		pki_cert_t *c = NULL;

		fails_(bounds[i].at_code,
		       pki_p12_import(&k, &c, NULL, NULL, d, n, NULL, PKI_P12_ALLOW_NO_MAC));
		cr_assert_not_null(strstr(pki_error_detail(), bounds[i].at_detail), "%s: %s",
				   bounds[i].at, pki_error_detail());
		pki_free(d);
		d = fixture(bounds[i].over, &n);
		import_fails(PKI_E_TOO_LARGE, d, n, NULL);
		cr_assert_not_null(strstr(pki_error_detail(), bounds[i].over_detail), "%s: %s",
				   bounds[i].over, pki_error_detail());
		pki_free(d);
	}
}

/* Count the occurrences of @p pat (@p len bytes) in @p p. */
static unsigned count_of(const unsigned char *p, size_t n, const unsigned char *pat, size_t len)
{
	unsigned c = 0;

	for (size_t i = 0; i + len <= n; i++)
		c += memcmp(p + i, pat, len) == 0;
	return c;
}

/* issue 19 item 4: the iteration count is an option; PKI_P12_MAX_CHAIN bounds the chain. */
Test(p12, chosen_iterations_and_chain_bound, .timeout = 120)
{
	static const unsigned char int10000[] = { 0x02, 0x02, 0x27, 0x10 };
	pki_key_t *key = gen(PKI_KEY_EC_P256, 0), *k = NULL;
	pki_cert_t *cert = self_signed(key, "CN=iter.example.com"), *c = NULL;
	pki_chain_t *chain = NULL, *back = NULL;
	unsigned char *der = NULL;
	size_t n = 0;

	/* The key, the certificates and the MAC: three times INTEGER 10000. */
	ok_(pki_p12_export_v2(&der, &n, key, cert, NULL, NULL, PW, 10000, 0));
	cr_assert_eq(count_of(der, n, int10000, sizeof(int10000)), 3);
	import_check(der, n, key, cert, NULL, NULL);
	pki_free(der);
	der = NULL;

	fails_(PKI_E_WEAK, pki_p12_export_v2(&der, &n, key, cert, NULL, NULL, PW, 9999, 0));
	cr_assert_not_null(strstr(pki_error_detail(), "at least 10000"), "%s", pki_error_detail());
	fails_(PKI_E_TOO_LARGE, pki_p12_export_v2(&der, &n, key, cert, NULL, NULL, PW,
						  PKI_P12_MAX_EXPORT_ITERATIONS + 1, 0));
	fails_(PKI_E_INVALID_ARG, pki_p12_export_v2(&der, &n, key, cert, NULL, NULL, PW, 10000,
						    PKI_P12_LEGACY));
	fails_(PKI_E_INVALID_ARG, pki_p12_export_v2(&der, &n, key, cert, NULL, NULL, NULL, 10000, 0));
	fails_(PKI_E_WEAK, pki_p12_save_v2(key, cert, NULL, "never.p12", NULL, PW, 1, 0));
	cr_assert_neq(access("never.p12", F_OK), 0, "no file is written");
	cr_assert_null(der);

	/* PKI_P12_MAX_CHAIN certificates besides the key's own are written and read back; one
	 * more is refused before anything is derived. */
	ok_(pki_chain_new(&chain, 0));
	for (unsigned i = 0; i < PKI_P12_MAX_CHAIN; i++) {
		pki_cert_t *ca = NULL;

		ok_(pki_cert_self_sign(&ca, key, "CN=chain", NULL, 0));
		ok_(pki_chain_add(chain, ca, 0));
		pki_cert_free(ca);
	}
	ok_(pki_p12_export_v2(&der, &n, key, cert, chain, NULL, PW, 10000, 0));
	ok_(pki_p12_import(&k, &c, &back, NULL, der, n, PW, 0));
	cr_assert_eq(pki_chain_count(back), (int)PKI_P12_MAX_CHAIN);
	pki_free(der);
	der = NULL;
	ok_(pki_chain_add(chain, cert, 0));
	fails_(PKI_E_TOO_LARGE, pki_p12_export_v2(&der, &n, key, cert, chain, NULL, PW, 10000, 0));
	cr_assert_not_null(strstr(pki_error_detail(), "at most 31"), "%s", pki_error_detail());

	pki_chain_free(back);
	pki_cert_free(c);
	pki_key_free(k);
	pki_chain_free(chain);
	pki_cert_free(cert);
	pki_key_free(key);
}
