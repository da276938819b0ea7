/*
 * Tests for CRLs: creation with reason codes, reading back (with libpki and, independently,
 * with GnuTLS), import/export, dumps, lookups, reasons by name, and every refusal. libpki's
 * and GnuTLS's clocks are fixed at TEST_NOW (helpers.h), so the dates libpki writes are exact.
 */
#define PKI_TEST_FIXED_CLOCK
#include "helpers.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <time.h>

typedef struct {
	pki_key_t *key;
	pki_cert_t *cert;
} ca_t;

static ca_t root_(pki_key_type_t type, const char *subject)
{
	ca_t ca = { NULL, NULL };

	ok_(pki_key_generate(&ca.key, type, type == PKI_KEY_RSA ? 2048 : 0, 0));
	ok_(pki_cert_self_sign(&ca.cert, ca.key, subject, NULL, 0));
	return ca;
}

static void ca_free(ca_t *ca)
{
	pki_cert_free(ca->cert);
	pki_key_free(ca->key);
}

static pki_crl_opts_t *copts_(void)
{
	pki_crl_opts_t *o = NULL;

	ok_(pki_crl_opts_new(&o, 0));
	return o;
}

/* What most CRL tests make: a CA, CRL options and the CRL; freed by crl_fx_free(). */
typedef struct {
	ca_t ca;
	pki_crl_opts_t *o;
	pki_crl_t *crl;
} crl_fx_t;

static crl_fx_t crl_fx_(pki_key_type_t type, const char *subject)
{
	crl_fx_t f = { root_(type, subject), copts_(), NULL };

	return f;
}

static void crl_fx_free(crl_fx_t *f)
{
	pki_crl_free(f->crl);
	pki_crl_opts_free(f->o);
	ca_free(&f->ca);
}

Test(crl, create_and_read_back)
{
	crl_fx_t f = crl_fx_(PKI_KEY_EC_P256, "CN=Example CA,O=Example");
	int64_t tu = 0, nu = 0, at = 0;
	int64_t t0 = 1767225600; /* 2026-01-01T00:00:00Z */
	char *s = NULL, *ski = NULL;

	ok_(pki_crl_opts_add_revoked(f.o, "0x01:AB", t0 + 60, PKI_CRL_REASON_KEY_COMPROMISE));
	ok_(pki_crl_opts_add_revoked(f.o, "ff00", t0 + 120, PKI_CRL_REASON_UNSPECIFIED));
	ok_(pki_crl_opts_add_revoked(f.o, "0000000005", t0 + 180,
				     PKI_CRL_REASON_CESSATION_OF_OPERATION));
	ok_(pki_crl_opts_add_revoked(f.o, "7", t0 + 240, PKI_CRL_REASON_CERTIFICATE_HOLD));
	ok_(pki_crl_opts_set_number(f.o, "1000"));
	ok_(pki_crl_opts_set_days(f.o, 7));
	ok_(pki_crl_create(&f.crl, f.ca.cert, f.ca.key, f.o, 0));

	cr_assert_eq(pki_crl_count(f.crl), 4);
	cr_assert_eq(pki_crl_entry(&s, &at, f.crl, 0), PKI_CRL_REASON_KEY_COMPROMISE);
	cr_assert_str_eq(s, "01ab");
	cr_assert_eq(at, t0 + 60);
	pki_free(s);
	cr_assert_eq(pki_crl_entry(&s, &at, f.crl, 1), PKI_CRL_REASON_UNSPECIFIED);
	cr_assert_str_eq(s, "ff00"); /* DER needs a 00 sign byte; read back without it */
	pki_free(s);
	cr_assert_eq(pki_crl_entry(&s, NULL, f.crl, 2), PKI_CRL_REASON_CESSATION_OF_OPERATION);
	cr_assert_str_eq(s, "05");
	pki_free(s);
	cr_assert_eq(pki_crl_entry(NULL, NULL, f.crl, 3), PKI_CRL_REASON_CERTIFICATE_HOLD);
	fails_(PKI_E_NOT_FOUND, pki_crl_entry(&s, &at, f.crl, 4));
	cr_assert_null(s);

	ok_(pki_crl_this_update(&tu, f.crl));
	ok_(pki_crl_next_update(&nu, f.crl));
	cr_assert_eq(tu, TEST_NOW - PKI_CLOCK_SKEW_SECONDS, "thisUpdate is backdated by the skew");
	cr_assert_eq(nu, tu + 7 * DAY);
	str_is_("1000", pki_crl_number, f.crl);
	str_is_("CN=Example CA,O=Example", pki_crl_issuer, f.crl);
	ok_(pki_cert_subject_key_id(&ski, f.ca.cert));
	str_is_(ski, pki_crl_authority_key_id, f.crl);
	pki_free(ski);
	str_is_("ECDSA-SHA256", pki_crl_signature_algorithm, f.crl);
	ok_(pki_crl_verify(f.crl, f.ca.cert, 0));

	cr_assert_eq(pki_crl_lookup(&at, f.crl, "1AB"), PKI_CRL_REASON_KEY_COMPROMISE);
	cr_assert_eq(at, t0 + 60);
	cr_assert_eq(pki_crl_lookup(NULL, f.crl, "00:05"), PKI_CRL_REASON_CESSATION_OF_OPERATION);
	fails_(PKI_E_NOT_FOUND, pki_crl_lookup(&at, f.crl, "06"));
	fails_(PKI_E_INVALID_ARG, pki_crl_lookup(&at, f.crl, "zz"));
	fails_(PKI_E_INVALID_ARG, pki_crl_lookup(&at, f.crl, NULL));
	fails_(PKI_E_INVALID_ARG, pki_crl_lookup(&at, NULL, "05"));

	crl_fx_free(&f);
}

Test(crl, gnutls_reads_what_libpki_writes)
{
	crl_fx_t f = crl_fx_(PKI_KEY_EC_P256, "CN=CA");
	unsigned char *der = NULL, serial[32];
	size_t n = 0, sn = sizeof(serial);
	gnutls_x509_crl_t g;
	gnutls_datum_t d;
	time_t t = 0;

	ok_(pki_crl_opts_add_revoked(f.o, "0a0b0c", 1700000000, PKI_CRL_REASON_SUPERSEDED));
	ok_(pki_crl_create(&f.crl, f.ca.cert, f.ca.key, f.o, 0));
	ok_(pki_crl_export(&der, &n, f.crl, PKI_FORMAT_DER, 0));
	cr_assert_eq(gnutls_x509_crl_init(&g), 0);
	d.data = der;
	d.size = (unsigned)n;
	cr_assert_eq(gnutls_x509_crl_import(g, &d, GNUTLS_X509_FMT_DER), 0);
	cr_assert_eq(gnutls_x509_crl_get_version(g), 2);
	cr_assert_eq(gnutls_x509_crl_get_crt_count(g), 1);
	cr_assert_eq(gnutls_x509_crl_get_crt_serial(g, 0, serial, &sn, &t), 0);
	cr_assert_eq(sn, 3);
	cr_assert_eq(memcmp(serial, "\x0a\x0b\x0c", 3), 0);
	cr_assert_eq(t, 1700000000);
	gnutls_x509_crl_deinit(g);
	pki_free(der);
	crl_fx_free(&f);
}

Test(crl, key_types)
{
	static const pki_key_type_t types[] = { PKI_KEY_ED25519, PKI_KEY_EC_P384, PKI_KEY_RSA };

	for (size_t i = 0; i < 3; i++) {
		crl_fx_t f = crl_fx_(types[i], "CN=CA");

		ok_(pki_crl_opts_add_revoked(f.o, "42", 1700000000,
					     PKI_CRL_REASON_AFFILIATION_CHANGED));
		ok_(pki_crl_create(&f.crl, f.ca.cert, f.ca.key, f.o, 0));
		ok_(pki_crl_verify(f.crl, f.ca.cert, 0));
		str_is_(test_sigalg_(types[i]), pki_crl_signature_algorithm, f.crl);
		cr_assert_eq(pki_crl_lookup(NULL, f.crl, "42"), PKI_CRL_REASON_AFFILIATION_CHANGED);
		crl_fx_free(&f);
	}
}

Test(crl, empty_default_and_round_trips)
{
	ca_t ca = root_(PKI_KEY_EC_P256, "CN=CA");
	pki_crl_t *crl = NULL, *back = NULL, *dup = NULL;
	unsigned char *pem = NULL, *der = NULL;
	size_t pn = 0, dn = 0;
	int64_t tu = 0, nu = 0, tu2 = 0;
	char *num = NULL, *json = NULL, *text = NULL;

	ok_(pki_crl_create(&crl, ca.cert, ca.key, NULL, 0));
	cr_assert_eq(pki_crl_count(crl), 0);
	ok_(pki_crl_this_update(&tu, crl));
	ok_(pki_crl_next_update(&nu, crl));
	cr_assert_eq(tu, TEST_NOW - PKI_CLOCK_SKEW_SECONDS);
	cr_assert_eq(nu, tu + PKI_DEFAULT_CRL_DAYS * DAY);
	ok_(pki_crl_number(&num, crl)); /* default: thisUpdate in seconds */
	cr_assert_eq(strtoll(num, NULL, 16), tu);
	pki_free(num);

	ok_(pki_crl_export(&pem, &pn, crl, PKI_FORMAT_PEM, 0));
	cr_assert(strstr((char *)pem, "-----BEGIN X509 CRL-----"));
	ok_(pki_crl_export(&der, &dn, crl, PKI_FORMAT_DER, 0));
	ok_(pki_crl_import(&back, pem, pn, 0));
	ok_(pki_crl_this_update(&tu2, back));
	cr_assert_eq(tu, tu2);
	pki_crl_free(back);
	ok_(pki_crl_import(&back, der, dn, 0));
	ok_(pki_crl_dup(&dup, back));
	ok_(pki_crl_verify(dup, ca.cert, 0));
	ok_(pki_crl_to_json(&json, dup, 0));
	cr_assert(strstr(json, "\"revoked\": []"), "%s", json);
	cr_assert(strstr(json, "\"issuer\": \"CN=CA\""), "%s", json);
	ok_(pki_crl_to_text(&text, dup, 0));
	cr_assert(strstr(text, "Revoked Certificates: 0"), "%s", text);
	pki_free(json);
	pki_free(text);

	/* truncated, garbage, wrong PEM label, NULL */
	pki_crl_free(back);
	back = NULL;
	fails_(PKI_E_PARSE, pki_crl_import(&back, der, dn / 2, 0));
	fails_(PKI_E_PARSE, pki_crl_import(&back, "garbage", 7, 0));
	fails_(PKI_E_PARSE, pki_crl_import(&back, "", 0, 0));
	{
		unsigned char *cpem = NULL;
		size_t cn = 0;
		pki_crl_t *x = (pki_crl_t *)&cn;

		ok_(pki_cert_export(&cpem, &cn, ca.cert, PKI_FORMAT_PEM, 0));
		fails_(PKI_E_PARSE, pki_crl_import(&x, cpem, cn, 0));
		cr_assert_null(x);
		pki_free(cpem);
	}
	fails_(PKI_E_INVALID_ARG, pki_crl_import(NULL, der, dn, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_import(&back, NULL, dn, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_import(&back, der, dn, 1));
	fails_(PKI_E_IO, pki_crl_import_file(&back, "/nonexistent/x.crl", 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_import_file(&back, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_import_file(NULL, "x", 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_export(NULL, &pn, crl, PKI_FORMAT_PEM, 0));
	pki_free(pem);
	fails_(PKI_E_INVALID_ARG, pki_crl_export(&pem, NULL, crl, PKI_FORMAT_PEM, 0));
	cr_assert_null(pem, "*out is NULL on failure, also when size is NULL");
	fails_(PKI_E_INVALID_ARG, pki_crl_export(&pem, &pn, NULL, PKI_FORMAT_PEM, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_export(&pem, &pn, crl, (pki_format_t)7, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_export(&pem, &pn, crl, PKI_FORMAT_PEM, 1));
	fails_(PKI_E_INVALID_ARG, pki_crl_dup(NULL, crl));
	fails_(PKI_E_INVALID_ARG, pki_crl_dup(&back, NULL));
	fails_(PKI_E_INVALID_ARG, pki_crl_issuer(NULL, crl));
	fails_(PKI_E_INVALID_ARG, pki_crl_issuer(&num, NULL));
	fails_(PKI_E_INVALID_ARG, pki_crl_this_update(&tu, NULL));
	fails_(PKI_E_INVALID_ARG, pki_crl_this_update(NULL, crl));
	fails_(PKI_E_INVALID_ARG, pki_crl_next_update(&nu, NULL));
	fails_(PKI_E_INVALID_ARG, pki_crl_next_update(NULL, crl));
	fails_(PKI_E_INVALID_ARG, pki_crl_number(&num, NULL));
	fails_(PKI_E_INVALID_ARG, pki_crl_authority_key_id(NULL, crl));
	fails_(PKI_E_INVALID_ARG, pki_crl_signature_algorithm(&num, NULL));
	fails_(PKI_E_INVALID_ARG, pki_crl_count(NULL));
	fails_(PKI_E_INVALID_ARG, pki_crl_entry(&num, &tu, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_verify(NULL, ca.cert, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_verify(crl, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_verify(crl, ca.cert, 1));
	fails_(PKI_E_INVALID_ARG, pki_crl_to_json(&json, NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_to_json(&json, crl, 1));
	fails_(PKI_E_INVALID_ARG, pki_crl_to_text(NULL, crl, 0));
	pki_crl_free(NULL);
	pki_free(der);
	pki_crl_free(dup);
	pki_crl_free(back);
	pki_crl_free(crl);
	ca_free(&ca);
}

Test(crl, file_import_and_wrong_issuer)
{
	ca_t ca = root_(PKI_KEY_EC_P256, "CN=CA"), other = root_(PKI_KEY_EC_P256, "CN=Other");
	ca_t same_name = root_(PKI_KEY_EC_P256, "CN=CA");
	pki_crl_t *crl = NULL, *back = NULL;
	unsigned char *pem = NULL;
	size_t n = 0;
	char *dir = scratch_dir(), *file = path_in(dir, "ca.crl");

	ok_(pki_crl_create(&crl, ca.cert, ca.key, NULL, 0));
	ok_(pki_crl_export(&pem, &n, crl, PKI_FORMAT_PEM, 0));
	ok_(pki_file_write(file, pem, n, 0));
	ok_(pki_crl_import_file(&back, file, 0));
	ok_(pki_crl_verify(back, ca.cert, 0));
	fails_(PKI_E_BAD_SIGNATURE, pki_crl_verify(back, other.cert, 0));
	fails_(PKI_E_BAD_SIGNATURE, pki_crl_verify(back, same_name.cert, 0));
	pki_crl_free(back);
	pki_free(pem);
	pki_crl_free(crl);
	ca_free(&ca);
	ca_free(&other);
	ca_free(&same_name);
	free(file);
	rmtree_(dir);
}

Test(crl, dumps_show_reasons)
{
	crl_fx_t f = crl_fx_(PKI_KEY_EC_P256, "CN=CA");
	char *json = NULL, *text = NULL;

	ok_(pki_crl_opts_add_revoked(f.o, "1234", 1803859200, PKI_CRL_REASON_KEY_COMPROMISE));
	ok_(pki_crl_opts_add_revoked(f.o, "5678", 1803859200, PKI_CRL_REASON_AA_COMPROMISE));
	ok_(pki_crl_opts_set_validity(f.o, 1803859200, 1803859200 + 7 * DAY));
	ok_(pki_crl_opts_set_number(f.o, "02"));
	ok_(pki_crl_create(&f.crl, f.ca.cert, f.ca.key, f.o, 0));
	ok_(pki_crl_to_json(&json, f.crl, 0));
	cr_assert(strstr(json, "{\"serial\": \"1234\", \"revocation_date\": \"2027-03-01T00:00:00Z\", "
			       "\"reason\": \"keyCompromise\"}"),
		  "%s", json);
	cr_assert(strstr(json, "\"reason\": \"aACompromise\""), "%s", json);
	cr_assert(strstr(json, "\"this_update\": \"2027-03-01T00:00:00Z\", \"next_update\": "
			       "\"2027-03-08T00:00:00Z\", \"number\": \"02\""),
		  "%s", json);
	ok_(pki_crl_to_text(&text, f.crl, 0));
	cr_assert(strstr(text, "Serial 1234\n      Revocation Date: 2027-03-01T00:00:00Z\n      "
			       "Reason: keyCompromise"),
		  "%s", text);
	pki_free(json);
	pki_free(text);
	crl_fx_free(&f);
}

Test(crl, far_dates_and_long_serials)
{
	crl_fx_t f = crl_fx_(PKI_KEY_EC_P256, "CN=CA");
	int64_t at = 0, nu = 0;
	char *s = NULL;
	const char *s19 = "80112233445566778899aabbccddeeff001122";       /* 19 bytes, top bit */
	const char *s20 = "7f112233445566778899aabbccddeeff00112233";     /* 20 bytes */
	const char *s20hi = "8f112233445566778899aabbccddeeff00112233";   /* needs a 21st */
	int64_t y2051 = 2556144000; /* 2051-01-01: GeneralizedTime */

	ok_(pki_crl_opts_add_revoked(f.o, s19, y2051, PKI_CRL_REASON_PRIVILEGE_WITHDRAWN));
	ok_(pki_crl_opts_add_revoked(f.o, s20, 1700000000, PKI_CRL_REASON_CA_COMPROMISE));
	fails_(PKI_E_INVALID_ARG, pki_crl_opts_add_revoked(f.o, s20hi, 1700000000, 0));
	ok_(pki_crl_opts_set_validity(f.o, TEST_NOW, y2051 + DAY));
	ok_(pki_crl_create(&f.crl, f.ca.cert, f.ca.key, f.o, 0));
	cr_assert_eq(pki_crl_entry(&s, &at, f.crl, 0), PKI_CRL_REASON_PRIVILEGE_WITHDRAWN);
	cr_assert_str_eq(s, s19);
	cr_assert_eq(at, y2051);
	pki_free(s);
	cr_assert_eq(pki_crl_lookup(NULL, f.crl, s20), PKI_CRL_REASON_CA_COMPROMISE);
	ok_(pki_crl_this_update(&at, f.crl));
	cr_assert_eq(at, TEST_NOW);
	ok_(pki_crl_next_update(&nu, f.crl));
	cr_assert_eq(nu, y2051 + DAY);
	crl_fx_free(&f);
}

Test(crl, reason_names)
{
	cr_assert_str_eq(pki_crl_reason_name(PKI_CRL_REASON_KEY_COMPROMISE), "keyCompromise");
	cr_assert_str_eq(pki_crl_reason_name(PKI_CRL_REASON_CA_COMPROMISE), "cACompromise");
	cr_assert_str_eq(pki_crl_reason_name(0), "unspecified");
	cr_assert_null(pki_crl_reason_name(7));
	cr_assert_null(pki_crl_reason_name(11));
	cr_assert_null(pki_crl_reason_name(-1));
	for (int r = 0; r <= 10; r++) {
		const char *name = pki_crl_reason_name(r);

		if (name)
			cr_assert_eq(pki_crl_reason_from_name(name), r);
	}
	cr_assert_eq(pki_crl_reason_from_name("key-compromise"), 1);
	cr_assert_eq(pki_crl_reason_from_name("KEY_COMPROMISE"), 1);
	cr_assert_eq(pki_crl_reason_from_name("cessation-of-operation"), 5);
	cr_assert_eq(pki_crl_reason_from_name("6"), 6);
	fails_(PKI_E_INVALID_ARG, pki_crl_reason_from_name("7"));
	fails_(PKI_E_INVALID_ARG, pki_crl_reason_from_name("11"));
	fails_(PKI_E_INVALID_ARG, pki_crl_reason_from_name("compromised"));
	fails_(PKI_E_INVALID_ARG, pki_crl_reason_from_name(""));
	fails_(PKI_E_INVALID_ARG, pki_crl_reason_from_name(NULL));
}

Test(crl, option_and_create_refusals)
{
	ca_t ca = root_(PKI_KEY_EC_P256, "CN=CA"), other = root_(PKI_KEY_EC_P256, "CN=Other");
	pki_crl_opts_t *o = copts_();
	pki_crl_t *crl = (pki_crl_t *)&o;
	pki_key_t *pub = NULL, *lk = NULL;
	pki_cert_t *leaf = NULL;

	fails_(PKI_E_INVALID_ARG, pki_crl_opts_new(NULL, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_opts_add_revoked(NULL, "01", 0, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_opts_add_revoked(o, NULL, 0, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_opts_add_revoked(o, "", 0, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_opts_add_revoked(o, "0x", 0, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_opts_add_revoked(o, "00", 0, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_opts_add_revoked(o, "-1", 0, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_opts_add_revoked(o, "01 02", 0, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_opts_add_revoked(o, "01", 0, 7));
	fails_(PKI_E_INVALID_ARG, pki_crl_opts_add_revoked(o, "01", 0, -1));
	fails_(PKI_E_INVALID_ARG, pki_crl_opts_add_revoked(o, "01", INT64_MAX, 0));
	ok_(pki_crl_opts_add_revoked(o, "01", 0, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_opts_add_revoked(o, "0001", 0, 1)); /* duplicate */
	fails_(PKI_E_INVALID_ARG, pki_crl_opts_add_revoked_cert(o, NULL, 0, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_opts_add_revoked_cert(NULL, ca.cert, 0, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_opts_set_days(o, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_opts_set_days(o, 3651));
	fails_(PKI_E_INVALID_ARG, pki_crl_opts_set_days(NULL, 1));
	fails_(PKI_E_INVALID_ARG, pki_crl_opts_set_validity(o, 10, 10));
	fails_(PKI_E_INVALID_ARG, pki_crl_opts_set_validity(NULL, 10, 20));
	fails_(PKI_E_INVALID_ARG, pki_crl_opts_set_number(o, "nope"));
	fails_(PKI_E_INVALID_ARG, pki_crl_opts_set_number(NULL, "01"));
	pki_crl_opts_free(NULL);

	fails_(PKI_E_INVALID_ARG, pki_crl_create(NULL, ca.cert, ca.key, o, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_create(&crl, NULL, ca.key, o, 0));
	cr_assert_null(crl);
	fails_(PKI_E_INVALID_ARG, pki_crl_create(&crl, ca.cert, NULL, o, 0));
	fails_(PKI_E_INVALID_ARG, pki_crl_create(&crl, ca.cert, ca.key, o, 1));
	fails_(PKI_E_KEY_MISMATCH, pki_crl_create(&crl, ca.cert, other.key, o, 0));
	ok_(pki_cert_public_key(&pub, ca.cert));
	fails_(PKI_E_NO_PRIVATE_KEY, pki_crl_create(&crl, ca.cert, pub, o, 0));
	/* a leaf cannot sign CRLs */
	ok_(pki_key_generate(&lk, PKI_KEY_EC_P256, 0, 0));
	{
		pki_issue_opts_t *io = NULL;

		ok_(pki_issue_opts_new(&io, PKI_PROFILE_SERVER, 0));
		ok_(pki_issue_opts_add_san(io, "DNS:leaf.example.com"));
		ok_(pki_issue_opts_set_days(io, 30));
		ok_(pki_cert_issue_for_key(&leaf, lk, "CN=leaf.example.com", ca.cert, ca.key, io, 0));
		pki_issue_opts_free(io);
	}
	fails_(PKI_E_NOT_CA, pki_crl_create(&crl, leaf, lk, o, 0));
	/* thisUpdate before the CA existed */
	ok_(pki_crl_opts_set_validity(o, 1000000000, 1000086400));
	fails_(PKI_E_VALIDITY, pki_crl_create(&crl, ca.cert, ca.key, o, 0));
	cr_assert_null(crl);
	pki_cert_free(leaf);
	pki_key_free(lk);
	pki_key_free(pub);
	pki_crl_opts_free(o);
	ca_free(&ca);
	ca_free(&other);
}

/* ---------------------------------------------------------------------------------------- */
/* Revocation checking with CRLs made by an independent encoder (Python cryptography):       */
/* tests/data/crl, see make-fixtures.py there. Each case failed before the RFC 5280 6.3      */
/* rewrite (issue 11).                                                                       */

#define AT_2030 INT64_C(1893456000) /* 2030-01-01T00:00:00Z, inside every fixture */

#define fixture(name) data_path_("crl/%s", (name))

static pki_cert_t *fixture_cert(const char *name)
{
	char *p = fixture(name);
	pki_cert_t *c = NULL;

	ok_(pki_cert_import_file(&c, p, 0));
	free(p);
	return c;
}

/* Verify fixture @p leaf (with @p inter when not NULL) against root.pem and the CRL files
 * given; the reason codes found go to @p codes (up to 8). Returns whether it is valid. */
static bool verify_with(const char *leaf, const char *inter, int mode, int codes[8],
			const char *const *crls)
{
	pki_trust_t *t = NULL;
	pki_verify_opts_t *o = NULL;
	pki_verify_result_t *r = NULL;
	pki_cert_t *c = fixture_cert(leaf);
	char *p = fixture("root.pem");
	bool valid;
	int rc;

	ok_(pki_trust_new(&t, 0));
	cr_assert_eq(pki_trust_add_file(t, p, 0), 1); /* the number of anchors added */
	free(p);
	for (size_t i = 0; crls[i]; i++) {
		p = fixture(crls[i]);
		ok_(pki_trust_add_crl_file(t, p, 0));
		free(p);
	}
	ok_(pki_verify_opts_new(&o, 0));
	ok_(pki_verify_opts_set_time(o, AT_2030));
	ok_(pki_verify_opts_set_purpose(o, PKI_PURPOSE_ANY));
	ok_(pki_verify_opts_set_crl_check(o, mode));
	if (inter) {
		pki_chain_t *ch = NULL;

		p = fixture(inter);
		ok_(pki_chain_import_file(&ch, p, 0));
		ok_(pki_verify_opts_add_untrusted(o, ch));
		pki_chain_free(ch);
		free(p);
	}
	rc = pki_cert_verify(&r, c, t, o, 0);
	cr_assert(rc == 0 || rc == PKI_E_VERIFY, "pki_cert_verify: %d", rc);
	valid = pki_verify_result_valid(r);
	for (int i = 0; i < 8; i++)
		codes[i] = 0;
	for (int i = 0; i < pki_verify_result_reason_count(r) && i < 8; i++)
		codes[i] = pki_verify_result_reason(NULL, NULL, r, (unsigned)i);
	pki_verify_result_free(r);
	pki_verify_opts_free(o);
	pki_trust_free(t);
	pki_cert_free(c);
	return valid;
}

static bool has_code(const int codes[8], int code)
{
	for (int i = 0; i < 8; i++)
		if (codes[i] == code)
			return true;
	return false;
}

/* Assert that @p leaf does not verify (as verify_with), @p code being among its reasons. */
static void refused_with(const char *leaf, const char *inter, int mode, const char *const *crls,
			 int code)
{
	int codes[8];

	cr_assert(!verify_with(leaf, inter, mode, codes, crls), "%s verified", leaf);
	cr_assert(has_code(codes, code), "%s: no %s among its reasons", leaf,
		  pki_verify_reason_name(code));
}

/*
 * The writer's duplicate check among many entries: each serial, written differently (leading
 * zeros, upper case), is refused once it is in, as the serial set grows past its first sizes,
 * and the message names it as given; at PKI_CRL_MAX_ENTRIES the limit is what is said first.
 * The CRL made from the options holds every entry in the order added, with date and reason.
 */
Test(crl, duplicate_serials_among_many_entries_and_their_order)
{
	crl_fx_t f = crl_fx_(PKI_KEY_ED25519, "CN=CA");
	enum { N = 1200 }; /* past the serial set's first sizes (64, 128, ...) */
	char hex[32], msg[96];
	int64_t at = 0;

	for (unsigned i = 1; i <= PKI_CRL_MAX_ENTRIES; i++) { /* distinct: the factor is odd */
		snprintf(hex, sizeof(hex), "%x%02x", i * 2654435761u, i % 256);
		ok_(pki_crl_opts_add_revoked(f.o, hex, TEST_NOW - i, (pki_crl_reason_t)(i % 4)));
	}
	for (unsigned i = 1; i <= PKI_CRL_MAX_ENTRIES; i += 97) {
		snprintf(hex, sizeof(hex), "00%X%02X", i * 2654435761u, i % 256);
		fails_(PKI_E_TOO_LARGE, pki_crl_opts_add_revoked(f.o, hex, TEST_NOW, 0));
	}
	pki_crl_opts_free(f.o);
	f.o = copts_();
	for (unsigned i = 1; i < N; i++) {
		snprintf(hex, sizeof(hex), "%x%02x", i * 2654435761u, i % 256);
		ok_(pki_crl_opts_add_revoked(f.o, hex, TEST_NOW - i, (pki_crl_reason_t)(i % 4)));
	}
	for (unsigned i = 1; i < N; i += 97) {
		snprintf(hex, sizeof(hex), "00%X%02X", i * 2654435761u, i % 256);
		fails_(PKI_E_INVALID_ARG, pki_crl_opts_add_revoked(f.o, hex, TEST_NOW, 0));
		snprintf(msg, sizeof(msg), "serial %s is already in the CRL", hex);
		cr_assert_str_eq(pki_error_detail(), msg);
	}
	ok_(pki_crl_opts_add_revoked(f.o, "0100000000000000", TEST_NOW, 0)); /* the last one */
	ok_(pki_crl_create(&f.crl, f.ca.cert, f.ca.key, f.o, 0));
	cr_assert_eq(pki_crl_count(f.crl), N);
	for (unsigned i = 1; i < N; i++) { /* in order: the dates say which */
		cr_assert_eq(pki_crl_entry(NULL, &at, f.crl, i - 1), (int)(i % 4), "entry %u", i);
		cr_assert_eq(at, TEST_NOW - i, "entry %u", i);
	}
	for (unsigned i = 1; i < N; i += 13) {
		snprintf(hex, sizeof(hex), "%x%02x", i * 2654435761u, i % 256);
		cr_assert_eq(pki_crl_lookup(&at, f.crl, hex), (int)(i % 4), "%s", hex);
		cr_assert_eq(at, TEST_NOW - i);
	}
	cr_assert_eq(pki_crl_entry(NULL, &at, f.crl, N - 1), 0);
	cr_assert_eq(at, TEST_NOW);
	crl_fx_free(&f);
}

/* Assert that @p leaf verifies (as verify_with); @p why says what that shows. */
static void accepted_with(const char *leaf, const char *inter, int mode, const char *const *crls,
			  const char *why)
{
	int codes[8];

	cr_assert(verify_with(leaf, inter, mode, codes, crls), "%s refused (first reason: %s): %s",
		  leaf, codes[0] ? pki_verify_reason_name(codes[0]) : "none", why);
}

Test(crl, revocation_fixtures_baseline)
{
	static const char *const none[] = { NULL };
	static const char *const user[] = { "crl-user.pem", NULL };

	/* the root's complete CRL revokes leaf.pem (serial 1001), and nothing else */
	refused_with("leaf.pem", NULL, PKI_CRL_CHECK_LEAF, user, PKI_VERIFY_REVOKED);
	accepted_with("leaf.pem", NULL, PKI_CRL_CHECK_OFF, user, "CRL checking off");
	refused_with("leaf.pem", NULL, PKI_CRL_CHECK_LEAF, none, PKI_VERIFY_CRL_MISSING);
}

Test(crl, newer_ca_only_crl_does_not_hide_a_user_revocation)
{
	static const char *const both[] = { "crl-user.pem", "crl-ca-only.pem", NULL };
	static const char *const ca_only[] = { "crl-ca-only.pem", NULL };

	/* before: the newest CRL of the issuer won, and the CA-only one lists nothing */
	refused_with("leaf.pem", NULL, PKI_CRL_CHECK_LEAF, both, PKI_VERIFY_REVOKED);
	/* a CA-only CRL alone is not in scope for a user certificate */
	refused_with("leaf.pem", NULL, PKI_CRL_CHECK_LEAF, ca_only, PKI_VERIFY_CRL_MISSING);
}

Test(crl, every_crl_of_a_pem_bundle)
{
	static const char *const bundle[] = { "bundle.pem", NULL };
	pki_trust_t *t = NULL;
	char *p = fixture("bundle.pem");

	/* the second CRL of the file (the root's) revokes the intermediate */
	refused_with("leaf3.pem", "inter.pem", PKI_CRL_CHECK_CHAIN, bundle, PKI_VERIFY_REVOKED);
	refused_with("leaf3.pem", "inter.pem", PKI_CRL_CHECK_LEAF, bundle, PKI_VERIFY_REVOKED);
	/* a bundle with a broken second CRL adds nothing */
	ok_(pki_trust_new(&t, 0));
	{
		char *dir = scratch_dir(), *bad = path_in(dir, "bad.pem");
		unsigned char *data = NULL;
		size_t size = 0;
		FILE *f;

		ok_(pki_file_read(&data, &size, p, 0));
		f = fopen(bad, "w");
		cr_assert_not_null(f);
		fwrite(data, 1, size, f);
		fputs("-----BEGIN X509 CRL-----\nMIIBAA==\n-----END X509 CRL-----\n", f);
		fclose(f);
		cr_assert(pki_trust_add_crl_file(t, bad, 0) < 0);
		pki_free(data);
		free(bad);
		rmtree_(dir);
	}
	pki_trust_free(t);
	free(p);
}

Test(crl, sha1_crl_is_refused_as_weak)
{
	static const char *const sha1[] = { "crl-sha1.pem", NULL };

	refused_with("leaf.pem", NULL, PKI_CRL_CHECK_LEAF, sha1, PKI_VERIFY_WEAK_ALGORITHM);
}

Test(crl, unknown_critical_entry_extension_makes_the_status_unknown)
{
	static const char *const crl[] = { "crl-unknown-critical-entry.pem", NULL };
	pki_crl_t *c = NULL;
	char *p = fixture("crl-unknown-critical-entry.pem");

	/* the CRL reads (the entry is there) but cannot be used for any certificate (RFC 5280
	 * 5.3): leaf.pem is not listed, yet its status is unknown, not "not revoked" */
	ok_(pki_crl_import_file(&c, p, 0));
	cr_assert_eq(pki_crl_count(c), 1);
	pki_crl_free(c);
	free(p);
	refused_with("leaf.pem", NULL, PKI_CRL_CHECK_LEAF, crl, PKI_VERIFY_UNKNOWN_CRITICAL);
}

/* ---------------------------------------------------------------------------------------- */
/* Distribution point matching (RFC 5280 6.3.3 (b), PKITS 4.14): fixtures dp-*, rel-*, ind-* */
/* and crl-dp*, crl-indirect (make-fixtures.py). Before these fixes the directoryName of a   */
/* distribution point kept libtasn1's [4] tag and never compared equal, so every CRL with a  */
/* named IDP was out of scope ("no CRL"), and a certificateIssuer entry did not parse.       */

Test(crl, fullname_distribution_point_meets_the_idp)
{
	static const char *const dp1[] = { "crl-dp1.pem", NULL };
	static const char *const dp2[] = { "crl-dp2.pem", NULL };
	static const char *const both[] = { "crl-dp2.pem", "crl-dp1.pem", NULL };

	accepted_with("dp-leaf.pem", NULL, PKI_CRL_CHECK_LEAF, dp1,
		      "the CRL of the certificate's distribution point is in scope");
	refused_with("dp-leaf-revoked.pem", NULL, PKI_CRL_CHECK_LEAF, dp1, PKI_VERIFY_REVOKED);
	/* the CRL of another distribution point is not in scope: never "not revoked" */
	refused_with("dp-leaf-revoked.pem", NULL, PKI_CRL_CHECK_LEAF, dp2, PKI_VERIFY_CRL_MISSING);
	refused_with("dp-leaf.pem", NULL, PKI_CRL_CHECK_LEAF, dp2, PKI_VERIFY_CRL_MISSING);
	refused_with("dp-leaf-revoked.pem", NULL, PKI_CRL_CHECK_LEAF, both, PKI_VERIFY_REVOKED);
}

Test(crl, name_relative_to_crl_issuer_meets_the_full_name)
{
	static const char *const rel[] = { "crl-dp-rel.pem", NULL };
	static const char *const dp1[] = { "crl-dp1.pem", NULL };

	/* nameRelativeToCRLIssuer "CN=CRL3" of the certificate is "CN=libpki test root,CN=CRL3",
	 * the fullName of the CRL's IDP */
	accepted_with("rel-leaf.pem", NULL, PKI_CRL_CHECK_LEAF, rel, "the names meet");
	refused_with("rel-leaf-revoked.pem", NULL, PKI_CRL_CHECK_LEAF, rel, PKI_VERIFY_REVOKED);
	refused_with("rel-leaf.pem", NULL, PKI_CRL_CHECK_LEAF, dp1, PKI_VERIFY_CRL_MISSING);
}

Test(crl, crl_issuer_distribution_point_and_certificate_issuer_entries)
{
	static const char *const ind[] = { "crl-indirect.pem", NULL };
	static const char *const user[] = { "crl-user.pem", NULL };
	pki_crl_t *c = NULL;
	char *p = fixture("crl-indirect.pem"), *s = NULL;

	/* the certificateIssuer entry extension reads (it was refused as "empty") */
	ok_(pki_crl_import_file(&c, p, 0));
	cr_assert_eq(pki_crl_count(c), 2);
	cr_assert_eq(pki_crl_entry(&s, NULL, c, 1), PKI_CRL_REASON_UNSPECIFIED);
	cr_assert_str_eq(s, "5002");
	pki_free(s);
	pki_crl_free(c);
	free(p);
	/* a distribution point with a cRLIssuer (and a name relative to it) parses; the indirect
	 * CRL of that issuer is in scope, its signer validated by its own path */
	accepted_with("ind-leaf.pem", "crlissuer.pem", PKI_CRL_CHECK_LEAF, ind,
		      "entry 5001 has no certificateIssuer: it is the CRL issuer's, not root's");
	refused_with("ind-leaf-revoked.pem", "crlissuer.pem", PKI_CRL_CHECK_LEAF, ind,
		     PKI_VERIFY_REVOKED);
	/* the issuer's own CRL is not the one of a point with a cRLIssuer */
	refused_with("ind-leaf.pem", "crlissuer.pem", PKI_CRL_CHECK_LEAF, user,
		     PKI_VERIFY_CRL_MISSING);
	/* without the CRL issuer's certificate the indirect CRL cannot be checked */
	refused_with("ind-leaf.pem", NULL, PKI_CRL_CHECK_LEAF, ind, PKI_VERIFY_REVOCATION_UNKNOWN);
}

/* ---------------------------------------------------------------------------------------- */
/* Size bound (PKI_CRL_MAX_ENTRIES): a CRL at the limit reads and is searched; one entry more */
/* is refused before anything decodes it. Timing lives in bench/pki-bench-crl.c.            */

/* A CRL of @p n entries (serials 1..n, 0x%06X; reason keyCompromise for odd ones) made by
 * openssl ca -gencrl, an independent writer with no limit of its own, in @p dir: its path
 * (free), or NULL when openssl is absent. About 0.1 s for 5,000 entries. */
static char *openssl_crl(const char *dir, unsigned n)
{
	char *cmd = NULL, *path = path_in(dir, "index.txt");
	FILE *f;

	if (system("command -v openssl >/dev/null 2>&1") != 0) {
		free(path);
		return NULL;
	}
	f = fopen(path, "w");
	cr_assert_not_null(f);
	for (unsigned i = 1; i <= n; i++)
		fprintf(f, "R\t351231000000Z\t250101000000Z%s\t%06X\tunknown\t/CN=x%u\n",
			i % 2 ? ",keyCompromise" : "", i, i);
	fclose(f);
	free(path);
	path = path_in(dir, "ca.cnf");
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fprintf(f, "[ca]\ndefault_ca=d\n[d]\ndatabase=%s/index.txt\ncrlnumber=%s/crlnumber\n"
		   "default_md=sha256\ndefault_crl_days=30\ncertificate=%s/ca.pem\n"
		   "private_key=%s/ca.key\n",
		dir, dir, dir, dir);
	fclose(f);
	free(path);
	cr_assert(asprintf(&cmd,
			   "cd '%s' && echo 01 > crlnumber && openssl req -x509 -newkey ec "
			   "-pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem "
			   "-subj /CN=Big -days 30 </dev/null >/dev/null 2>&1 && openssl ca -config "
			   "ca.cnf -gencrl -out big.pem </dev/null >/dev/null 2>&1",
			   dir) > 0);
	cr_assert_eq(system(cmd), 0, "openssl ca -gencrl failed");
	free(cmd);
	return path_in(dir, "big.pem");
}

Test(crl, largest_crl_reads_and_is_searched)
{
	char *dir = scratch_dir(), *path = openssl_crl(dir, PKI_CRL_MAX_ENTRIES);
	pki_crl_opts_t *o = copts_();
	pki_crl_t *crl = NULL;
	int64_t at = 0;
	char hex[16];

	if (!path) {
		rmtree_(dir);
		cr_skip_test("openssl is not installed");
	}
	ok_(pki_crl_import_file(&crl, path, 0));
	cr_assert_eq(pki_crl_count(crl), PKI_CRL_MAX_ENTRIES);
	cr_assert_eq(pki_crl_lookup(&at, crl, "10e1"), PKI_CRL_REASON_KEY_COMPROMISE); /* 4321 */
	cr_assert_eq(at, 1735689600); /* 2025-01-01 */
	snprintf(hex, sizeof(hex), "%x", PKI_CRL_MAX_ENTRIES);
	cr_assert_eq(pki_crl_lookup(NULL, crl, hex), PKI_CRL_REASON_UNSPECIFIED);
	cr_assert_eq(pki_crl_lookup(NULL, crl, "1"), PKI_CRL_REASON_KEY_COMPROMISE);
	fails_(PKI_E_NOT_FOUND, pki_crl_lookup(NULL, crl, "0x01:00:00"));
	snprintf(hex, sizeof(hex), "%x", PKI_CRL_MAX_ENTRIES + 1);
	fails_(PKI_E_NOT_FOUND, pki_crl_lookup(NULL, crl, hex));
	/* libpki's writer keeps the same limit */
	for (unsigned i = 1; i <= PKI_CRL_MAX_ENTRIES; i++) {
		snprintf(hex, sizeof(hex), "%x", i);
		ok_(pki_crl_opts_add_revoked(o, hex, at, PKI_CRL_REASON_UNSPECIFIED));
	}
	fails_(PKI_E_TOO_LARGE, pki_crl_opts_add_revoked(o, "abcdef", at, 0));
	pki_crl_opts_free(o);
	pki_crl_free(crl);
	free(path);
	rmtree_(dir);
}

Test(crl, one_entry_over_the_limit_is_too_large)
{
	char *dir = scratch_dir(), *path = openssl_crl(dir, PKI_CRL_MAX_ENTRIES + 1);
	pki_crl_t *crl = NULL;
	pki_trust_t *t = NULL;

	if (!path) {
		rmtree_(dir);
		cr_skip_test("openssl is not installed");
	}
	fails_(PKI_E_TOO_LARGE, pki_crl_import_file(&crl, path, 0));
	cr_assert_null(crl);
	cr_assert(strstr(pki_error_detail(), "PKI_CRL_MAX_ENTRIES") != NULL, "%s",
		  pki_error_detail());
	ok_(pki_trust_new(&t, 0));
	cr_assert_eq(pki_trust_add_crl_file(t, path, 0), PKI_E_TOO_LARGE);
	pki_trust_free(t);
	free(path);
	rmtree_(dir);
}
