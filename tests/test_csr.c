/* Tests for certificate signing requests: creation for every key type, import/export, verify,
 * getters, JSON and text, and bad input for every function. */
#include "helpers.h"

static pki_key_t *gen(pki_key_type_t type)
{
	pki_key_t *key = NULL;

	ok_(pki_key_generate(&key, type, type == PKI_KEY_RSA ? 2048 : 0, 0));
	return key;
}

static pki_csr_t *make(const pki_key_t *key, const char *subject, const char *const *sans)
{
	pki_csr_t *csr = NULL;

	ok_(pki_csr_create(&csr, key, subject, sans, 0));
	cr_assert_not_null(csr);
	return csr;
}

/* A key, a request it signed, and the request exported as DER and PEM: what most tests start
 * from; req_free frees all of it. */
struct req {
	pki_key_t *key;
	pki_csr_t *csr;
	unsigned char *der, *pem;
	size_t nder, npem;
};

static struct req req_new(pki_key_type_t type, const char *subject, const char *const *sans)
{
	struct req r = { .key = gen(type) };

	r.csr = make(r.key, subject, sans);
	ok_(pki_csr_export(&r.der, &r.nder, r.csr, PKI_FORMAT_DER, 0));
	ok_(pki_csr_export(&r.pem, &r.npem, r.csr, PKI_FORMAT_PEM, 0));
	return r;
}

static void req_free(struct req *r)
{
	pki_free(r->der);
	pki_free(r->pem);
	pki_csr_free(r->csr);
	pki_key_free(r->key);
}

static const char *const default_sans[] = { "DNS:csr.example.com", "IP:192.0.2.4",
					    "email:csr@example.com", "URI:https://example.com/csr",
					    NULL };

/* Every key type (the signature algorithm its requests get: test_sigalg_()). */
static const pki_key_type_t types[] = { PKI_KEY_EC_P256, PKI_KEY_EC_P384, PKI_KEY_EC_P521,
					PKI_KEY_ED25519, PKI_KEY_ED448, PKI_KEY_RSA };

Test(csr, create_every_key_type, .timeout = 120)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		struct req r = req_new(types[i], "CN=csr.example.com,O=Example,C=GB", default_sans);
		pki_key_t *pub = NULL;
		char *s = NULL;

		ok_(pki_csr_verify(r.csr, 0));
		ok_(pki_csr_subject(&s, r.csr));
		cr_assert_str_eq(s, "CN=csr.example.com,O=Example,C=GB");
		pki_free(s);
		ok_(pki_csr_signature_algorithm(&s, r.csr));
		cr_assert_str_eq(s, test_sigalg_(types[i]));
		pki_free(s);
		ok_(pki_csr_public_key(&pub, r.csr));
		cr_assert(pki_key_equal(pub, r.key));
		cr_assert_not(pki_key_has_private(pub));
		cr_assert_eq(pki_key_type(pub), (int)types[i]);
		cr_assert_eq(pki_csr_san_count(r.csr), 4);
		pki_key_free(pub);
		req_free(&r);
	}
}

Test(csr, round_trip_pem_and_der)
{
	struct req r = req_new(PKI_KEY_EC_P256, "CN=rt.example", default_sans);
	static const pki_format_t formats[] = { PKI_FORMAT_PEM, PKI_FORMAT_DER };

	cr_assert(strstr((char *)r.pem, "-----BEGIN CERTIFICATE REQUEST-----") == (char *)r.pem);
	cr_assert_eq(r.der[0], 0x30);
	for (size_t i = 0; i < 2; i++) {
		pki_csr_t *back = NULL;
		unsigned char *der2 = NULL;
		size_t nder2;

		if (formats[i] == PKI_FORMAT_PEM)
			ok_(pki_csr_import(&back, r.pem, r.npem, 0));
		else
			ok_(pki_csr_import(&back, r.der, r.nder, 0));
		ok_(pki_csr_export(&der2, &nder2, back, PKI_FORMAT_DER, 0));
		cr_assert(r.nder == nder2 && memcmp(r.der, der2, r.nder) == 0,
			  "%s import changed the request", i == 0 ? "PEM" : "DER");
		ok_(pki_csr_verify(back, 0));
		pki_free(der2);
		pki_csr_free(back);
	}
	req_free(&r);
}

Test(csr, new_certificate_request_label)
{
	struct req r = req_new(PKI_KEY_ED25519, "CN=old.label", NULL);
	pki_csr_t *back = NULL;
	char *s, *body, *end, *old;
	size_t len;

	body = strstr((char *)r.pem, "\n") + 1;
	end = strstr(body, "-----END");
	len = (size_t)(end - body);
	old = malloc(len + 128);
	s = old;
	s += sprintf(s, "-----BEGIN NEW CERTIFICATE REQUEST-----\n");
	memcpy(s, body, len);
	s += len;
	s += sprintf(s, "-----END NEW CERTIFICATE REQUEST-----\n");
	ok_(pki_csr_import(&back, old, (size_t)(s - old), 0));
	ok_(pki_csr_verify(back, 0));
	ok_(pki_csr_subject(&s, back));
	cr_assert_str_eq(s, "CN=old.label");
	pki_free(s);
	pki_csr_free(back);
	free(old);
	req_free(&r);
}

/* A request whose DER was changed after signing still imports, and pki_csr_verify says
 * PKI_E_BAD_SIGNATURE, with a detail. */
static void assert_bad_signature(const struct req *r)
{
	pki_csr_t *bad = NULL;

	ok_(pki_csr_import(&bad, r->der, r->nder, 0));
	fails_(PKI_E_BAD_SIGNATURE, pki_csr_verify(bad, 0));
	cr_assert(strlen(pki_error_detail()) > 0);
	pki_csr_free(bad);
}

Test(csr, flipped_signature_byte_is_bad_signature)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		struct req r;

		if (types[i] == PKI_KEY_RSA)
			continue; /* one slow RSA key is enough (create_every_key_type) */
		r = req_new(types[i], "CN=flip.example", default_sans);
		r.der[r.nder - 3] ^= 0x01; /* inside the signature BIT STRING, the last element */
		assert_bad_signature(&r);
		req_free(&r);
	}
}

Test(csr, altered_subject_is_bad_signature)
{
	struct req r = req_new(PKI_KEY_EC_P256, "CN=aaaa.example", NULL);
	unsigned char *a = memmem(r.der, r.nder, "aaaa", 4);

	cr_assert_not_null(a);
	*a = 'b';
	assert_bad_signature(&r);
	req_free(&r);
}

Test(csr, json_fields)
{
	pki_key_t *key = gen(PKI_KEY_EC_P384);
	pki_csr_t *csr = make(key, "CN=json.example,O=Quote \\\" Ltd", default_sans);
	char *json = NULL, *id = NULL, expect[200];

	ok_(pki_csr_to_json(&json, csr, 0));
	cr_assert(json[0] == '{' && json[strlen(json) - 1] == '}');
	cr_assert(strstr(json, "\"subject\":\"CN=json.example,O=Quote \\\\\\\" Ltd\"") != NULL,
		  "%s", json);
	cr_assert(strstr(json, "\"dns_names\":[\"csr.example.com\"]") != NULL, "%s", json);
	cr_assert(strstr(json, "\"ip_addresses\":[\"192.0.2.4\"]") != NULL, "%s", json);
	cr_assert(strstr(json, "\"emails\":[\"csr@example.com\"]") != NULL, "%s", json);
	cr_assert(strstr(json, "\"uris\":[\"https://example.com/csr\"]") != NULL, "%s", json);
	cr_assert(strstr(json, "\"public_key\":{\"type\":\"ec\",\"bits\":384,\"curve\":\"P-384\"}") !=
			  NULL,
		  "%s", json);
	cr_assert(strstr(json, "\"signature_algorithm\":\"ECDSA-SHA384\"") != NULL, "%s", json);
	ok_(pki_key_id(&id, key, PKI_KEY_ID_SHA1, 0));
	snprintf(expect, sizeof(expect), "\"subject_key_id\":\"%s\"", id);
	cr_assert(strstr(json, expect) != NULL, "%s", json);
	pki_free(id);
	pki_free(json);
	pki_csr_free(csr);

	/* no SANs: empty arrays */
	csr = make(key, "CN=nosan", NULL);
	ok_(pki_csr_to_json(&json, csr, 0));
	cr_assert(strstr(json, "\"dns_names\":[],\"ip_addresses\":[],\"emails\":[],\"uris\":[]") !=
			  NULL,
		  "%s", json);
	pki_free(json);
	pki_csr_free(csr);
	pki_key_free(key);
}

Test(csr, text)
{
	struct req r = req_new(PKI_KEY_ED25519, "CN=text.example", default_sans);
	char *t = NULL;

	ok_(pki_csr_to_text(&t, r.csr, 0));
	cr_assert(strstr(t, "Certificate Request:") != NULL, "%s", t);
	cr_assert(strstr(t, "Subject: CN=text.example") != NULL, "%s", t);
	cr_assert(strstr(t, "DNS:csr.example.com") != NULL, "%s", t);
	cr_assert(strstr(t, "IP:192.0.2.4") != NULL, "%s", t);
	cr_assert(strstr(t, "Ed25519") != NULL, "%s", t);
	cr_assert(strstr(t, "EdDSA-Ed25519") != NULL, "%s", t);
	cr_assert(strstr(t, "Self-signature: valid") != NULL, "%s", t);
	pki_free(t);
	req_free(&r);
}

Test(csr, files)
{
	struct req r = req_new(PKI_KEY_EC_P256, "CN=file.example", NULL);
	pki_csr_t *back = NULL;
	char *dir = scratch_dir(), *path = path_in(dir, "req.pem"), *s = NULL;

	ok_(pki_file_write(path, r.pem, r.npem, 0));
	ok_(pki_csr_import_file(&back, path, 0));
	ok_(pki_csr_subject(&s, back));
	cr_assert_str_eq(s, "CN=file.example");
	pki_free(s);
	pki_csr_free(back);
	free(path);
	path = path_in(dir, "missing.pem");
	assert_import_file_refuses_(pki_csr_import_file, back, dir, path);
	free(path);
	rmtree_(dir);
	req_free(&r);
}

Test(csr, create_arguments)
{
	pki_key_t *key = gen(PKI_KEY_EC_P256), *pub = NULL;
	pki_csr_t *csr = (pki_csr_t *)1, *tmp;
	unsigned char *spki = NULL;
	size_t n;

	fails_(PKI_E_INVALID_ARG, pki_csr_create(NULL, key, "CN=x", NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_csr_create(&csr, NULL, "CN=x", NULL, 0));
	cr_assert_null(csr);
	fails_(PKI_E_INVALID_ARG, pki_csr_create(&csr, key, NULL, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_csr_create(&csr, key, "CN=x", NULL, 1));
	fails_(PKI_E_INVALID_NAME, pki_csr_create(&csr, key, "", NULL, 0));
	fails_(PKI_E_INVALID_NAME, pki_csr_create(&csr, key, "bogus", NULL, 0));

	/* a public-only handle cannot sign */
	tmp = make(key, "CN=x", NULL);
	ok_(pki_csr_public_key(&pub, tmp));
	pki_csr_free(tmp);
	fails_(PKI_E_NO_PRIVATE_KEY, pki_csr_create(&csr, pub, "CN=x", NULL, 0));
	cr_assert_null(csr);
	ok_(pki_key_export_public(&spki, &n, key, PKI_FORMAT_PEM, 0));
	pki_free(spki);
	pki_key_free(pub);
	pki_key_free(key);
}

/* pki_csr_import refuses every @p step th prefix of @p data, from @p first bytes to @p end. */
static void assert_prefixes_refused(const unsigned char *data, size_t first, size_t end,
				    size_t step)
{
	for (size_t cut = first; cut < end; cut += step) {
		pki_csr_t *out = (pki_csr_t *)1;

		fails_(PKI_E_PARSE, pki_csr_import(&out, data, cut, 0));
		cr_assert_null(out, "a %zu-byte prefix", cut);
	}
}

Test(csr, import_bad_input)
{
	static const unsigned char garbage[] = "this is not a request at all";
	static const char cert_pem[] = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
	static const char bad_pem[] =
		"-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----\n";
	static const char fuzzed_pem[] = "--BQUH-----BEGIN CERTIFICATE REQUEST-----\nMIIA-\n"
					 "ENCRY-----END ClL-----BEGIN X509 CRL-----\n"
					 "09 CERTIFICATE-----\254\307";
	struct req r = req_new(PKI_KEY_EC_P256, "CN=trunc.example", default_sans);
	pki_csr_t *out = (pki_csr_t *)1;

	assert_import_refuses_(pki_csr_import, out, garbage, sizeof(garbage), 4);
	fails_(PKI_E_PARSE, pki_csr_import(&out, cert_pem, strlen(cert_pem), 0));
	cr_assert(strstr(pki_error_detail(), "certificate, not") != NULL, "%s", pki_error_detail());
	fails_(PKI_E_PARSE, pki_csr_import(&out, bad_pem, strlen(bad_pem), 0));
	cr_assert_null(out);
	/* found by fuzz_roundtrip: a PEM body "30 82 00 10 ..." GnuTLS imported and exported as
	 * two bytes */
	fails_(PKI_E_PARSE, pki_csr_import(&out, fuzzed_pem, strlen(fuzzed_pem), 0));
	cr_assert_null(out);

	assert_prefixes_refused(r.der, 1, r.nder, 7);
	assert_prefixes_refused(r.pem, 40, r.npem - 30, 50); /* the PEM footer cut */
	req_free(&r);
}

Test(csr, getters_with_null)
{
	pki_key_t *key = gen(PKI_KEY_EC_P256);
	pki_csr_t *csr = make(key, "CN=null.example", NULL);
	char *s = (char *)1;
	pki_key_t *k = (pki_key_t *)1;

	assert_export_refuses_(pki_csr_export, csr);
	fails_(PKI_E_INVALID_ARG, pki_csr_verify(NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_csr_verify(csr, 1));
	assert_getter_refuses_(pki_csr_subject, csr);
	fails_(PKI_E_INVALID_ARG, pki_csr_san_count(NULL));
	cr_assert_eq(pki_csr_san_count(csr), 0);
	fails_(PKI_E_INVALID_ARG, pki_csr_san(NULL, csr, 0));
	fails_(PKI_E_INVALID_ARG, pki_csr_san(&s, NULL, 0));
	fails_(PKI_E_NOT_FOUND, pki_csr_san(&s, csr, 0));
	fails_(PKI_E_NOT_FOUND, pki_csr_san(&s, csr, 0xffffffffu));
	fails_(PKI_E_INVALID_ARG, pki_csr_public_key(NULL, csr));
	fails_(PKI_E_INVALID_ARG, pki_csr_public_key(&k, NULL));
	cr_assert_null(k);
	cr_assert_null(s);
	assert_getter_refuses_(pki_csr_signature_algorithm, csr);
	assert_dump_refuses_(pki_csr_to_json, csr);
	assert_dump_refuses_(pki_csr_to_text, csr);
	pki_csr_free(NULL);
	pki_csr_free(csr);
	pki_key_free(key);
}

/* Thousands of names: written as one extension and read back by decoding it once (GnuTLS's
 * per-name calls are quadratic: minutes for a few thousand names). */
Test(csr, many_sans, .timeout = 60)
{
	enum { N = 1000 };
	static char names[N][32];
	const char *sans[N + 1];
	pki_key_t *key = gen(PKI_KEY_ED25519);
	pki_csr_t *csr = NULL, *back = NULL;
	unsigned char *der = NULL;
	char *s = NULL;
	size_t n;

	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "DNS:h%d.example.com", i);
		sans[i] = names[i];
	}
	sans[N] = NULL;
	ok_(pki_csr_create(&csr, key, "CN=many", sans, 0));
	ok_(pki_csr_export(&der, &n, csr, PKI_FORMAT_DER, 0));
	ok_(pki_csr_import(&back, der, n, 0));
	ok_(pki_csr_verify(back, 0));
	cr_assert_eq(pki_csr_san_count(back), N);
	cr_assert_eq(pki_csr_san(&s, back, N - 1), PKI_SAN_DNS);
	cr_assert_str_eq(s, "h999.example.com");
	pki_free(s);
	{
		char **all = NULL;

		cr_assert_eq(pki_csr_sans(&all, back, 0), N);
		for (int i = 0; i < N; i++)
			cr_assert_str_eq(all[i], names[i]);
		cr_assert_null(all[N]);
		pki_strings_free(all);
	}
	ok_(pki_csr_to_json(&s, back, 0));
	cr_assert(strstr(s, "\"h0.example.com\",\"h1.example.com\"") != NULL);
	cr_assert(strstr(s, "\"h999.example.com\"]") != NULL);
	pki_free(s);
	pki_free(der);
	pki_csr_free(back);
	pki_csr_free(csr);
	pki_key_free(key);
}

/* pki_csr_sans and pki_cert_sans: every name, typed, in order, in one call */
Test(csr, all_sans_in_one_call)
{
	const char *sans[] = { "DNS:a.example.com", "IP:10.0.0.5", "email:ops@example.com",
			       "URI:https://example.com/x", "IP:2001:db8::1", NULL };
	pki_key_t *ca_key = gen(PKI_KEY_EC_P256), *key = gen(PKI_KEY_EC_P256);
	pki_csr_t *csr = make(key, "CN=a.example.com", sans);
	pki_cert_t *ca = NULL, *cert = NULL;
	char **all = (char **)1;

	fails_(PKI_E_INVALID_ARG, pki_csr_sans(NULL, csr, 0));
	fails_(PKI_E_INVALID_ARG, pki_csr_sans(&all, NULL, 0));
	cr_assert_null(all);
	fails_(PKI_E_INVALID_ARG, pki_csr_sans(&all, csr, 1));
	cr_assert_eq(pki_csr_sans(&all, csr, 0), 5);
	for (int i = 0; i < 5; i++)
		cr_assert_str_eq(all[i], sans[i]);
	cr_assert_null(all[5]);
	pki_strings_free(all);

	ok_(pki_cert_self_sign(&ca, ca_key, "CN=SANs CA", NULL, 0));
	ok_(pki_cert_issue(&cert, csr, ca, ca_key, NULL, 0));
	cr_assert_eq(pki_cert_sans(&all, cert, 0), 5);
	for (int i = 0; i < 5; i++)
		cr_assert_str_eq(all[i], sans[i]);
	pki_strings_free(all);
	fails_(PKI_E_INVALID_ARG, pki_cert_sans(&all, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_cert_sans(&all, cert, 2));

	/* a CA made without SANs: an empty array, not NULL */
	cr_assert_eq(pki_cert_sans(&all, ca, 0), 0);
	cr_assert_not_null(all);
	cr_assert_null(all[0]);
	pki_strings_free(all);
	pki_strings_free(NULL);
	pki_cert_free(cert);
	pki_cert_free(ca);
	pki_csr_free(csr);
	pki_key_free(key);
	pki_key_free(ca_key);
}
