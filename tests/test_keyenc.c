/*
 * EC private keys in the exact RFC 5915 form: the ECPrivateKey privateKey OCTET STRING holds
 * exactly the curve's size (32, 48, 66 bytes) in every output libpki writes (PKCS#8 plain,
 * PKCS#8 encrypted, PKCS#12), checked on the DER itself with libtasn1's strict DER decoder;
 * and the padded and unpadded forms other writers produce are still read.
 */
#include "helpers.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs12.h>
#include <libtasn1.h>

static asn1_node defs;

/* libpki's ASN.1 module, parsed here from the source tree by libtasn1 itself. */
static void load_defs(void)
{
	char path[1024], err[ASN1_MAX_ERROR_DESCRIPTION_SIZE];
	const char *top = getenv("top_srcdir");

	if (defs)
		return;
	snprintf(path, sizeof(path), "%s/libpki/pkix.asn", top ? top : "..");
	cr_assert_eq(asn1_parser2tree(path, &defs, err), ASN1_SUCCESS, "%s: %s", path, err);
}

/* Strict DER decoding of @p der as PKIX.@p type; every byte consumed. */
static asn1_node decode(const char *type, const unsigned char *der, size_t n)
{
	char name[64], err[ASN1_MAX_ERROR_DESCRIPTION_SIZE];
	asn1_node node = NULL;
	int len = (int)n;

	snprintf(name, sizeof(name), "PKIX.%s", type);
	cr_assert_eq(asn1_create_element(defs, name, &node), ASN1_SUCCESS);
	cr_assert_eq(asn1_der_decoding2(&node, der, &len, ASN1_DECODE_FLAG_STRICT_DER, err),
		     ASN1_SUCCESS, "%s: %s", type, err);
	cr_assert_eq((size_t)len, n, "%s: %zu trailing bytes", type, n - (size_t)len);
	return node;
}

/* The bytes of element @p name (malloc). */
static unsigned char *read_value(asn1_node node, const char *name, int *len)
{
	unsigned char *v;

	*len = 0;
	cr_assert_eq(asn1_read_value(node, name, NULL, len), ASN1_MEM_ERROR, "%s", name);
	v = malloc((size_t)*len + 1);
	cr_assert_not_null(v);
	cr_assert_eq(asn1_read_value(node, name, v, len), ASN1_SUCCESS, "%s", name);
	return v;
}

/* The privateKey length of the PrivateKeyInfo @p der, and its first byte in @p first. */
/* The OBJECT IDENTIFIER at @p name in @p node is @p want. */
static void assert_oid(asn1_node node, const char *name, const char *want)
{
	char oid[128];
	int len = sizeof(oid);

	cr_assert_eq(asn1_read_value(node, name, oid, &len), ASN1_SUCCESS, "%s", name);
	cr_assert_str_eq(oid, want, "%s", name);
}

static int scalar_len(const unsigned char *der, size_t n, int *first)
{
	asn1_node pki = decode("PrivateKeyInfo", der, n), ec;
	int len, klen;
	unsigned char *inner = read_value(pki, "privateKey", &len), *k;

	ec = decode("ECPrivateKey", inner, (size_t)len);
	k = read_value(ec, "privateKey", &klen);
	*first = klen ? k[0] : -1;
	free(k);
	free(inner);
	asn1_delete_structure(&ec);
	asn1_delete_structure(&pki);
	return klen;
}

static const struct {
	pki_key_type_t type;
	int size;
	int count;
} curves[] = {
	{ PKI_KEY_EC_P256, 32, 600 },
	{ PKI_KEY_EC_P384, 48, 200 },
	{ PKI_KEY_EC_P521, 66, 200 },
};

Test(keyenc, plain_pkcs8_scalar_has_the_curve_size)
{
	load_defs();
	for (size_t c = 0; c < sizeof(curves) / sizeof(curves[0]); c++) {
		int wrong = 0, high = 0, low = 0;

		for (int i = 0; i < curves[c].count; i++) {
			pki_key_t *key = NULL;
			unsigned char *der = NULL;
			size_t n = 0;
			int first, len;

			ok_(pki_key_generate(&key, curves[c].type, 0, 0));
			ok_(pki_key_export(&der, &n, key, PKI_FORMAT_DER, NULL, 0));
			len = scalar_len(der, n, &first);
			if (len != curves[c].size)
				wrong++;
			/* How many keys GnuTLS alone would have written with another length. */
			if (first >= 0x80)
				high++;
			if (first == 0)
				low++;
			pki_free(der);
			pki_key_free(key);
		}
		cr_assert_eq(wrong, 0, "%s: %d of %d keys have a scalar of another length than %d",
			     pki_key_type_name(curves[c].type), wrong, curves[c].count,
			     curves[c].size);
		/* The sample holds the cases that used to be wrong (P-256/384: top bit set,
		 * 33/49 bytes; P-521: top byte zero, 65 bytes). */
		cr_assert(curves[c].type == PKI_KEY_EC_P521 ? low > 0 : high > 0,
			  "%s: no key in the sample exercised the padding",
			  pki_key_type_name(curves[c].type));
		fprintf(stderr, "# %s: %d keys, all %d bytes (%d with the top bit set, %d with a "
				"zero top byte)\n",
			pki_key_type_name(curves[c].type), curves[c].count, curves[c].size, high, low);
	}
}

/* Decrypt an EncryptedPrivateKeyInfo (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC) independently
 * of libpki: libtasn1 for the structure, GnuTLS's PBKDF2 and AES for the crypto. */
static unsigned char *decrypt_pkcs8(const unsigned char *der, size_t n, const char *password,
				    size_t *out_len)
{
	asn1_node e = decode("EncryptedPrivateKeyInfo", der, n), p, kdf, iv;
	int plen, klen, slen, ivlen, ilen, clen;
	unsigned char *params, *kdfp, *salt, *ivd, *ivv, *ct, *itv, key[32];
	gnutls_datum_t pw = { (unsigned char *)password, (unsigned)strlen(password) }, sd, kd, ivdt;
	gnutls_cipher_hd_t h;
	unsigned iter = 0;

	assert_oid(e, "encryptionAlgorithm.algorithm", "1.2.840.113549.1.5.13");
	params = read_value(e, "encryptionAlgorithm.parameters", &plen);
	p = decode("PBES2-params", params, (size_t)plen);
	assert_oid(p, "encryptionScheme.algorithm", "2.16.840.1.101.3.4.1.42");
	kdfp = read_value(p, "keyDerivationFunc.parameters", &klen);
	kdf = decode("PBKDF2-params", kdfp, (size_t)klen);
	salt = read_value(kdf, "salt.specified", &slen);
	itv = read_value(kdf, "iterationCount", &ilen);
	for (int i = 0; i < ilen; i++)
		iter = iter << 8 | itv[i];
	assert_oid(kdf, "prf.algorithm", "1.2.840.113549.2.9");
	ivd = read_value(p, "encryptionScheme.parameters", &ivlen);
	iv = decode("OctetString", ivd, (size_t)ivlen);
	ivv = read_value(iv, "", &ivlen);
	cr_assert_eq(ivlen, 16);
	ct = read_value(e, "encryptedData", &clen);
	cr_assert(clen > 0 && clen % 16 == 0);

	sd.data = salt;
	sd.size = (unsigned)slen;
	cr_assert_eq(gnutls_pbkdf2(GNUTLS_MAC_SHA256, &pw, &sd, iter, key, sizeof(key)), 0);
	kd.data = key;
	kd.size = sizeof(key);
	ivdt.data = ivv;
	ivdt.size = 16;
	cr_assert_eq(gnutls_cipher_init(&h, GNUTLS_CIPHER_AES_256_CBC, &kd, &ivdt), 0);
	cr_assert_eq(gnutls_cipher_decrypt(h, ct, (size_t)clen), 0);
	gnutls_cipher_deinit(h);
	cr_assert(ct[clen - 1] >= 1 && ct[clen - 1] <= 16, "bad padding: wrong password?");
	*out_len = (size_t)clen - ct[clen - 1];
	free(params);
	free(kdfp);
	free(salt);
	free(itv);
	free(ivd);
	free(ivv);
	asn1_delete_structure(&iv);
	asn1_delete_structure(&kdf);
	asn1_delete_structure(&p);
	asn1_delete_structure(&e);
	return ct;
}

/* A key of @p type whose scalar GnuTLS alone would write with the wrong length. */
static pki_key_t *awkward_key(pki_key_type_t type)
{
	for (int i = 0; i < 2000; i++) {
		pki_key_t *key = NULL;
		unsigned char *der = NULL;
		size_t n;
		int first;

		ok_(pki_key_generate(&key, type, 0, 0));
		ok_(pki_key_export(&der, &n, key, PKI_FORMAT_DER, NULL, 0));
		scalar_len(der, n, &first);
		pki_free(der);
		if (type == PKI_KEY_EC_P521 ? first == 0 : first >= 0x80)
			return key;
		pki_key_free(key);
	}
	cr_assert(false, "no awkward key found");
	return NULL;
}

Test(keyenc, encrypted_pkcs8_scalar_has_the_curve_size)
{
	load_defs();
	for (size_t c = 0; c < sizeof(curves) / sizeof(curves[0]); c++) {
		pki_key_t *key = awkward_key(curves[c].type);
		unsigned char *der = NULL, *plain;
		size_t n = 0, pn = 0;
		int first;

		/* the floor of 10,000 iterations: the point is the scalar, and the default
		 * 600,000 take minutes under valgrind */
		ok_(pki_key_export_v2(&der, &n, key, PKI_FORMAT_DER, "s3cret pass",
				      PKI_KDF_MIN_ITERATIONS, 0));
		plain = decrypt_pkcs8(der, n, "s3cret pass", &pn);
		cr_assert_eq(scalar_len(plain, pn, &first), curves[c].size, "%s",
			     pki_key_type_name(curves[c].type));
		/* libpki (GnuTLS) reads it back as the same key. */
		assert_imports_as_(key, der, n, "s3cret pass");
		free(plain);
		pki_free(der);
		pki_key_free(key);
	}
}

Test(keyenc, pkcs12_key_scalar_has_the_curve_size)
{
	load_defs();
	for (size_t c = 0; c < sizeof(curves) / sizeof(curves[0]); c++) {
		pki_key_t *key = awkward_key(curves[c].type);
		pki_cert_t *cert = NULL;
		unsigned char *p12der = NULL, *plain;
		size_t n = 0, pn = 0;
		gnutls_pkcs12_t p12;
		gnutls_datum_t d;
		bool found = false;
		int first;

		ok_(pki_cert_self_sign(&cert, key, "CN=keyenc", NULL, 0));
		ok_(pki_p12_export_v2(&p12der, &n, key, cert, NULL, NULL, "pw",
				      PKI_KDF_MIN_ITERATIONS, 0));
		d.data = p12der;
		d.size = (unsigned)n;
		cr_assert_eq(gnutls_pkcs12_init(&p12), 0);
		cr_assert_eq(gnutls_pkcs12_import(p12, &d, GNUTLS_X509_FMT_DER, 0), 0);
		for (int i = 0; !found; i++) {
			gnutls_pkcs12_bag_t bag;
			gnutls_datum_t kd;

			cr_assert_eq(gnutls_pkcs12_bag_init(&bag), 0);
			if (gnutls_pkcs12_get_bag(p12, i, bag) < 0) {
				gnutls_pkcs12_bag_deinit(bag);
				break;
			}
			if (gnutls_pkcs12_bag_get_type(bag, 0) == GNUTLS_BAG_PKCS8_ENCRYPTED_KEY) {
				cr_assert_eq(gnutls_pkcs12_bag_get_data(bag, 0, &kd), 0);
				plain = decrypt_pkcs8(kd.data, kd.size, "pw", &pn);
				cr_assert_eq(scalar_len(plain, pn, &first), curves[c].size, "%s",
					     pki_key_type_name(curves[c].type));
				free(plain);
				found = true;
			}
			gnutls_pkcs12_bag_deinit(bag);
		}
		cr_assert(found, "no shrouded key bag in the PKCS#12 file");
		gnutls_pkcs12_deinit(p12);
		pki_free(p12der);
		pki_cert_free(cert);
		pki_key_free(key);
	}
}

/* Keys as GnuTLS 3.7 wrote them before (33, 31, 49, 65 bytes) and the exact form (32). */
Test(keyenc, reads_padded_and_unpadded_fixtures)
{
	static const struct {
		const char *file;
		int size, was;
	} fx[] = {
		{ "ec-p256-scalar-33-bytes.key", 32, 33 }, { "ec-p256-scalar-31-bytes.key", 32, 31 },
		{ "ec-p256-scalar-32-bytes.key", 32, 32 }, { "ec-p384-scalar-49-bytes.key", 48, 49 },
		{ "ec-p521-scalar-65-bytes.key", 66, 65 },
	};
	const char *top = getenv("top_srcdir");

	load_defs();
	for (size_t i = 0; i < sizeof(fx) / sizeof(fx[0]); i++) {
		char path[1024];
		pki_key_t *key = NULL, *back = NULL;
		unsigned char *raw = NULL, *der = NULL;
		size_t rn = 0, n = 0;
		gnutls_datum_t in, bin;
		int first;

		snprintf(path, sizeof(path), "%s/tests/data/%s", top ? top : "..", fx[i].file);
		/* The fixture really has the length its name says. */
		ok_(pki_file_read(&raw, &rn, path, 0));
		in.data = raw;
		in.size = (unsigned)rn;
		cr_assert_eq(gnutls_pem_base64_decode2("PRIVATE KEY", &in, &bin), 0, "%s", path);
		cr_assert_eq(scalar_len(bin.data, bin.size, &first), fx[i].was, "%s", path);
		gnutls_free(bin.data);
		ok_(pki_key_import(&key, raw, rn, NULL, 0));
		ok_(pki_key_export(&der, &n, key, PKI_FORMAT_DER, NULL, 0));
		cr_assert_eq(scalar_len(der, n, &first), fx[i].size, "%s re-exported", path);
		ok_(pki_key_import(&back, der, n, NULL, 0));
		cr_assert(pki_key_equal(key, back), "%s: another key after the round trip", path);
		pki_free(raw);
		pki_free(der);
		pki_key_free(key);
		pki_key_free(back);
	}
}
