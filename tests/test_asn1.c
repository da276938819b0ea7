/*
 * Tests for the libtasn1 layer (libpki/asn1.c): the definitions load, strict whole-buffer DER
 * decoding (truncated, trailing, non-minimal, indefinite input refused), and the read, write,
 * encode and count helpers. Linked with the library's objects, as these are internal.
 */
#include "helpers.h"

#include "../libpki/asn1.h"

static const unsigned char basic_ca3[] = { 0x30, 0x06, 0x01, 0x01, 0xff, 0x02, 0x01, 0x03 };

Test(asn1, every_type_libpki_needs_exists)
{
	static const char *types[] = {
		"Name", "RDNSequence", "RelativeDistinguishedName", "AttributeTypeAndValue",
		"DirectoryString", "GeneralName", "GeneralNames", "Extensions", "Extension",
		"AlgorithmIdentifier", "SubjectPublicKeyInfo", "TBSCertList", "CertificateList",
		"CRLReason", "CRLNumber", "BaseCRLNumber", "DeltaCRLIndicator",
		"IssuingDistributionPoint", "DistributionPointName", "CRLDistributionPoints",
		"ReasonFlags", "CertificateIssuer", "InvalidityDate", "AuthorityKeyIdentifier",
		"CertificatePolicies", "PolicyMappings", "PolicyConstraints", "InhibitAnyPolicy",
		"SkipCerts", "NameConstraints", "GeneralSubtrees", "ExtKeyUsageSyntax",
		"BasicConstraints", "ECPrivateKey", "PrivateKeyInfo", "OneAsymmetricKey",
		"EncryptedPrivateKeyInfo", "ECParameters", "UserNotice", "KeyUsage",
	};
	asn1_node n = NULL;

	cr_assert_not_null(pki__asn1_defs());
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		ok_(pki__asn1_create(&n, types[i]));
		cr_assert_not_null(n, "%s", types[i]);
		pki__asn1_free(&n);
		cr_assert_null(n);
	}
	fails_(PKI_E_UNSUPPORTED, pki__asn1_create(&n, "NoSuchType"));
	cr_assert_null(n);
}

Test(asn1, decode_reads_and_reencodes)
{
	asn1_node n = NULL;
	gnutls_datum_t d;
	int64_t v;
	bool b;

	ok_(pki__asn1_decode(&n, "BasicConstraints", basic_ca3, sizeof(basic_ca3)));
	ok_(pki__asn1_read_bool(&b, n, "cA"));
	cr_assert(b);
	ok_(pki__asn1_read_int(&v, n, "pathLenConstraint"));
	cr_assert_eq(v, 3);
	ok_(pki__asn1_encode(&d, n, ""));
	cr_assert_eq(d.size, sizeof(basic_ca3));
	cr_assert_eq(memcmp(d.data, basic_ca3, d.size), 0);
	gnutls_free(d.data);
	pki__asn1_free(&n);

	/* An empty SEQUENCE: cA takes its DEFAULT, the OPTIONAL integer is absent. */
	ok_(pki__asn1_decode(&n, "BasicConstraints", "\x30\x00", 2));
	ok_(pki__asn1_read_bool(&b, n, "cA"));
	cr_assert_not(b);
	fails_(PKI_E_NOT_FOUND, pki__asn1_read_int(&v, n, "pathLenConstraint"));
	pki__asn1_free(&n);
}

Test(asn1, truncated_input_is_refused_at_every_length)
{
	asn1_node n = NULL;

	for (size_t len = 1; len < sizeof(basic_ca3); len++) {
		fails_(PKI_E_PARSE, pki__asn1_decode(&n, "BasicConstraints", basic_ca3, len));
		cr_assert_null(n);
		cr_assert(strstr(pki_error_detail(), "BasicConstraints"), "detail: %s",
			  pki_error_detail());
		cr_assert(strstr(pki_error_detail(), "libtasn1"), "detail: %s", pki_error_detail());
	}
	fails_(PKI_E_PARSE, pki__asn1_decode(&n, "BasicConstraints", basic_ca3, 0));
	fails_(PKI_E_PARSE, pki__asn1_decode(&n, "BasicConstraints", NULL, 8));
}

Test(asn1, trailing_bytes_are_refused)
{
	unsigned char buf[sizeof(basic_ca3) + 1];
	asn1_node n = NULL;

	memcpy(buf, basic_ca3, sizeof(basic_ca3));
	buf[sizeof(basic_ca3)] = 0x00;
	fails_(PKI_E_PARSE, pki__asn1_decode(&n, "BasicConstraints", buf, sizeof(buf)));
	cr_assert_null(n);
	cr_assert(strstr(pki_error_detail(), "BasicConstraints"), "detail: %s", pki_error_detail());
}

Test(asn1, ber_forms_are_refused)
{
	/* A non-minimal length (0x81 0x06) and an indefinite length (0x80 ... 00 00). */
	static const unsigned char long_len[] = { 0x30, 0x81, 0x06, 0x01, 0x01, 0xff,
						  0x02, 0x01, 0x03 };
	static const unsigned char indefinite[] = { 0x30, 0x80, 0x01, 0x01, 0xff, 0x02,
						    0x01, 0x03, 0x00, 0x00 };
	/* pathLenConstraint 3 written in two bytes; TRUE as 0x01 (DER: 0xff). (A DEFAULT value
	 * written out, e.g. 30 03 01 01 00, is not caught: libtasn1 encodes it again as it came.) */
	static const unsigned char long_int[] = { 0x30, 0x04, 0x02, 0x02, 0x00, 0x03 };
	static const unsigned char true_01[] = { 0x30, 0x03, 0x01, 0x01, 0x01 };
	asn1_node n = NULL;

	fails_(PKI_E_PARSE, pki__asn1_decode(&n, "BasicConstraints", long_len, sizeof(long_len)));
	fails_(PKI_E_PARSE,
	       pki__asn1_decode(&n, "BasicConstraints", indefinite, sizeof(indefinite)));
	int64_t v;

	/* libtasn1 keeps integer bytes as they are: the integer reader refuses them. */
	ok_(pki__asn1_decode(&n, "BasicConstraints", long_int, sizeof(long_int)));
	fails_(PKI_E_PARSE, pki__asn1_read_int(&v, n, "pathLenConstraint"));
	cr_assert(strstr(pki_error_detail(), "minimal"), "detail: %s", pki_error_detail());
	pki__asn1_free(&n);
	fails_(PKI_E_PARSE, pki__asn1_decode(&n, "BasicConstraints", true_01, sizeof(true_01)));
	cr_assert_null(n);
}

Test(asn1, oid_encoding)
{
	static const struct {
		const char *oid;
		const char *der;
		unsigned len;
	} good[] = {
		{ "2.5.4.3", "\x06\x03\x55\x04\x03", 5 },
		{ "1.2.840.113549.1.9.1", "\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x09\x01", 11 },
		{ "2.999.1", "\x06\x03\x88\x37\x01", 5 },
	};
	static const char *bad[] = { "", "1", "3.1", "1.40", "1..2", "01.2", "1.2.", "1.a", NULL };
	gnutls_datum_t d;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ok_(pki__asn1_encode_oid(&d, good[i].oid));
		cr_assert_eq(d.size, good[i].len, "%s", good[i].oid);
		cr_assert_eq(memcmp(d.data, good[i].der, d.size), 0, "%s", good[i].oid);
		gnutls_free(d.data);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fails_(PKI_E_INVALID_ARG, pki__asn1_encode_oid(&d, bad[i]));
		cr_assert_null(d.data);
	}
}

Test(asn1, integers_round_trip_minimal)
{
	static const int64_t values[] = { 0, 1, -1, 127, 128, -128, -129, 255, 256, 65535,
					  INT64_MAX, INT64_MIN };
	static const unsigned char der128[] = { 0x02, 0x02, 0x00, 0x80 };
	asn1_node n = NULL, m = NULL;
	gnutls_datum_t d;
	int64_t v;

	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		ok_(pki__asn1_create(&n, "Integer"));
		ok_(pki__asn1_write_int(n, "", values[i]));
		ok_(pki__asn1_encode(&d, n, ""));
		if (values[i] == 128) {
			cr_assert_eq(d.size, sizeof(der128));
			cr_assert_eq(memcmp(d.data, der128, d.size), 0);
		}
		ok_(pki__asn1_decode(&m, "Integer", d.data, d.size));
		ok_(pki__asn1_read_int(&v, m, ""));
		cr_assert_eq(v, values[i], "%lld", (long long)values[i]);
		gnutls_free(d.data);
		pki__asn1_free(&n);
		pki__asn1_free(&m);
	}
	/* 2^64 does not fit. */
	ok_(pki__asn1_decode(&m, "Integer", "\x02\x09\x01\x00\x00\x00\x00\x00\x00\x00\x00", 11));
	fails_(PKI_E_PARSE, pki__asn1_read_int(&v, m, ""));
	pki__asn1_free(&m);
}

Test(asn1, times_both_forms)
{
	static const struct {
		int64_t t;
		const char *alt;
		const char *text;
	} cases[] = {
		{ 0, "utcTime", "700101000000Z" },
		{ 1767225600, "utcTime", "260101000000Z" },          /* 2026-01-01 */
		{ 2524608000LL, "generalTime", "20500101000000Z" }, /* 2050-01-01 */
		{ -631152000LL, "utcTime", "500101000000Z" },        /* the first UTCTime year */
		{ -631152001LL, "generalTime", "19491231235959Z" },
		{ 253402300799LL, "generalTime", "99991231235959Z" },
	};
	asn1_node n = NULL, m = NULL;
	gnutls_datum_t d, v;
	int64_t t;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ok_(pki__asn1_create(&n, "Time"));
		ok_(pki__asn1_write_time(n, "", cases[i].t));
		ok_(pki__asn1_encode(&d, n, ""));
		ok_(pki__asn1_decode(&m, "Time", d.data, d.size));
		ok_(pki__asn1_read(&v, m, ""));
		cr_assert_str_eq((char *)v.data, cases[i].alt, "%s", cases[i].text);
		gnutls_free(v.data);
		ok_(pki__asn1_read_time(&t, m, ""));
		cr_assert_eq(t, cases[i].t, "%s", cases[i].text);
		gnutls_free(d.data);
		pki__asn1_free(&n);
		pki__asn1_free(&m);
	}
	/* No seconds, a fraction, a local time: not the RFC 5280 forms. */
	ok_(pki__asn1_decode(&m, "Time", "\x17\x0b" "2601010000Z", 13));
	fails_(PKI_E_PARSE, pki__asn1_read_time(&t, m, ""));
	pki__asn1_free(&m);
	ok_(pki__asn1_decode(&m, "Time", "\x18\x11" "20260101000000.5Z", 19));
	fails_(PKI_E_PARSE, pki__asn1_read_time(&t, m, ""));
	pki__asn1_free(&m);
	ok_(pki__asn1_decode(&m, "Time", "\x17\x0d" "260230000000Z", 15));
	fails_(PKI_E_PARSE, pki__asn1_read_time(&t, m, ""));
	pki__asn1_free(&m);
	/* InvalidityDate is a GeneralizedTime on its own. */
	ok_(pki__asn1_create(&n, "InvalidityDate"));
	ok_(pki__asn1_write_time(n, "", 1767225600));
	ok_(pki__asn1_encode(&d, n, ""));
	cr_assert_eq(d.size, 17);
	cr_assert_eq(memcmp(d.data, "\x18\x0f" "20260101000000Z", 17), 0);
	gnutls_free(d.data);
	pki__asn1_free(&n);
}

/* @p path of @p m has @p want elements. */
static void expect_count(asn1_node m, const char *path, size_t want)
{
	size_t count = 0;

	ok_(pki__asn1_count(&count, m, path));
	cr_assert_eq(count, want, "%s: %zu elements, expected %zu", path, count, want);
}

/* A Name with a multi-valued RDN (CN + O in one SET) and one single-valued RDN. */
Test(asn1, name_with_multi_valued_rdn)
{
	asn1_node n = NULL, m = NULL, s = NULL;
	gnutls_datum_t d, v, cn;
	char oid[128];

	ok_(pki__asn1_create(&s, "DirectoryString"));
	ok_(pki__asn1_write_str(s, "", "utf8String"));
	ok_(pki__asn1_write_str(s, "utf8String", "Test"));
	ok_(pki__asn1_encode(&cn, s, ""));
	pki__asn1_free(&s);

	ok_(pki__asn1_create(&n, "Name"));
	ok_(pki__asn1_write_str(n, "", "rdnSequence"));
	ok_(pki__asn1_write(n, "rdnSequence", "NEW", 1));
	ok_(pki__asn1_write(n, "rdnSequence.?LAST", "NEW", 1));
	ok_(pki__asn1_write_str(n, "rdnSequence.?LAST.?LAST.type", "2.5.4.10"));
	ok_(pki__asn1_write(n, "rdnSequence.?LAST.?LAST.value", cn.data, cn.size));
	ok_(pki__asn1_write(n, "rdnSequence.?LAST", "NEW", 1));
	ok_(pki__asn1_write_str(n, "rdnSequence.?LAST.?LAST.type", "2.5.4.3"));
	ok_(pki__asn1_write(n, "rdnSequence.?LAST.?LAST.value", cn.data, cn.size));
	ok_(pki__asn1_write(n, "rdnSequence", "NEW", 1));
	ok_(pki__asn1_write(n, "rdnSequence.?LAST", "NEW", 1));
	ok_(pki__asn1_write_str(n, "rdnSequence.?LAST.?LAST.type", "0.9.2342.19200300.100.1.25"));
	ok_(pki__asn1_write(n, "rdnSequence.?LAST.?LAST.value", "\x16\x03" "com", 5));
	ok_(pki__asn1_encode(&d, n, ""));
	pki__asn1_free(&n);

	ok_(pki__asn1_decode(&m, "Name", d.data, d.size));
	expect_count(m, "rdnSequence", 2);
	expect_count(m, "rdnSequence.?1", 2);
	/* DER sorts a SET OF by encoding: CN (55 04 03) before O (55 04 0a). */
	ok_(pki__asn1_read_oid(oid, sizeof(oid), m, "rdnSequence.?1.?1.type"));
	cr_assert_str_eq(oid, "2.5.4.3");
	ok_(pki__asn1_read_oid(oid, sizeof(oid), m, "rdnSequence.?1.?2.type"));
	cr_assert_str_eq(oid, "2.5.4.10");
	ok_(pki__asn1_read(&v, m, "rdnSequence.?1.?1.value"));
	cr_assert_eq(v.size, cn.size);
	cr_assert_eq(memcmp(v.data, cn.data, cn.size), 0);
	gnutls_free(v.data);
	/* The DER of a part, lent from the input. */
	ok_(pki__asn1_der_of(&v, m, "rdnSequence.?2", d.data, d.size));
	cr_assert_eq(v.data[0], 0x31);
	cr_assert_eq(v.size, d.size - (size_t)(v.data - d.data));
	fails_(PKI_E_NOT_FOUND, pki__asn1_read(&v, m, "rdnSequence.?3"));
	pki__asn1_free(&m);
	gnutls_free(d.data);
	gnutls_free(cn.data);
}

/* A TBSCertList with two entries, one with a reason, read back; also a long serial. */
Test(asn1, crl_entries_round_trip)
{
	static const unsigned char serial[21] = { 0x01, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
						  12, 13, 14, 15, 16, 17, 18, 19, 20, 21 };
	asn1_node n = NULL, m = NULL, r = NULL;
	gnutls_datum_t d, reason, v;
	int64_t t;

	ok_(pki__asn1_create(&r, "CRLReason"));
	ok_(pki__asn1_write_int(r, "", 1));
	ok_(pki__asn1_encode(&reason, r, ""));
	cr_assert_eq(reason.size, 3);
	cr_assert_eq(memcmp(reason.data, "\x0a\x01\x01", 3), 0);
	pki__asn1_free(&r);

	ok_(pki__asn1_create(&n, "TBSCertList"));
	ok_(pki__asn1_write_int(n, "version", 1));
	ok_(pki__asn1_write_str(n, "signature.algorithm", "1.2.840.10045.4.3.2"));
	ok_(pki__asn1_write(n, "signature.parameters", NULL, 0));
	ok_(pki__asn1_write_str(n, "issuer", "rdnSequence"));
	ok_(pki__asn1_write_time(n, "thisUpdate", 1767225600));
	ok_(pki__asn1_write(n, "nextUpdate", NULL, 0));
	ok_(pki__asn1_write(n, "revokedCertificates", "NEW", 1));
	ok_(pki__asn1_write(n, "revokedCertificates.?LAST.userCertificate", serial,
			    sizeof(serial)));
	ok_(pki__asn1_write_time(n, "revokedCertificates.?LAST.revocationDate", 1767225600));
	ok_(pki__asn1_write(n, "revokedCertificates.?LAST.crlEntryExtensions", "NEW", 1));
	ok_(pki__asn1_write_str(n, "revokedCertificates.?LAST.crlEntryExtensions.?LAST.extnID",
				"2.5.29.21"));
	ok_(pki__asn1_write_str(n, "revokedCertificates.?LAST.crlEntryExtensions.?LAST.critical",
				"FALSE"));
	ok_(pki__asn1_write(n, "revokedCertificates.?LAST.crlEntryExtensions.?LAST.extnValue",
			    reason.data, reason.size));
	ok_(pki__asn1_write(n, "revokedCertificates", "NEW", 1));
	ok_(pki__asn1_write_int(n, "revokedCertificates.?LAST.userCertificate", 7));
	ok_(pki__asn1_write_time(n, "revokedCertificates.?LAST.revocationDate", 2524608000LL));
	ok_(pki__asn1_write(n, "revokedCertificates.?LAST.crlEntryExtensions", NULL, 0));
	ok_(pki__asn1_write(n, "crlExtensions", NULL, 0));
	ok_(pki__asn1_encode(&d, n, ""));
	pki__asn1_free(&n);

	ok_(pki__asn1_decode(&m, "TBSCertList", d.data, d.size));
	expect_count(m, "revokedCertificates", 2);
	ok_(pki__asn1_read(&v, m, "revokedCertificates.?1.userCertificate"));
	cr_assert_eq(v.size, sizeof(serial));
	cr_assert_eq(memcmp(v.data, serial, sizeof(serial)), 0);
	gnutls_free(v.data);
	expect_count(m, "revokedCertificates.?1.crlEntryExtensions", 1);
	expect_count(m, "revokedCertificates.?2.crlEntryExtensions", 0);
	ok_(pki__asn1_read_time(&t, m, "revokedCertificates.?2.revocationDate"));
	cr_assert_eq(t, 2524608000LL);
	fails_(PKI_E_NOT_FOUND, pki__asn1_read_time(&t, m, "nextUpdate"));
	fails_(PKI_E_NOT_FOUND, pki__asn1_read(&v, m, "crlExtensions.?1.extnID"));
	pki__asn1_free(&m);
	gnutls_free(d.data);
	gnutls_free(reason.data);
}

Test(asn1, bit_strings)
{
	/* ReasonFlags with keyCompromise (bit 1) and aACompromise (bit 8): 9 bits. */
	static const unsigned char der[] = { 0x03, 0x03, 0x07, 0x40, 0x80 };
	asn1_node n = NULL;
	gnutls_datum_t v;
	size_t bits;

	ok_(pki__asn1_decode(&n, "ReasonFlags", der, sizeof(der)));
	ok_(pki__asn1_read_bits(&v, &bits, n, ""));
	cr_assert_eq(bits, 9);
	cr_assert_eq(v.size, 2);
	cr_assert_eq(v.data[0], 0x40);
	cr_assert_eq(v.data[1], 0x80);
	gnutls_free(v.data);
	fails_(PKI_E_INVALID_ARG, pki__asn1_read(&v, n, ""));
	pki__asn1_free(&n);
}

/* Real DER from an independent source: every PKITS CRL decodes as a CertificateList (the
 * canonical re-encoding check must not refuse DER it did not write). Skipped without the
 * python3-cryptography-vectors data. */
Test(asn1, pkits_crls_decode)
{
	static const char dir[] =
		"/usr/lib/python3/dist-packages/cryptography_vectors/x509/PKITS_data/crls";
	static const char *names[] = { "TrustAnchorRootCRL.crl", "GoodCACRL.crl",
				       "indirectCRLCA1CRL.crl", "deltaCRLCA1CRL.crl",
				       "deltaCRLCA1deltaCRL.crl", "RevokedsubCACRL.crl",
				       "onlySomeReasonsCA1compromiseCRL.crl" };
	size_t done = 0;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char path[256];
		unsigned char buf[8192];
		asn1_node n = NULL;
		size_t len, entries;
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		f = fopen(path, "rb");
		if (!f)
			continue;
		len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		ok_(pki__asn1_decode(&n, "CertificateList", buf, len));
		ok_(pki__asn1_count(&entries, n, "tbsCertList.revokedCertificates"));
		cr_assert(entries < 100);
		pki__asn1_free(&n);
		/* The same bytes cut short by one are refused. */
		fails_(PKI_E_PARSE, pki__asn1_decode(&n, "CertificateList", buf, len - 1));
		done++;
	}
	if (done == 0)
		cr_log_info("no PKITS data in %s: nothing decoded", dir);
}

/* serial.c: one parser and one comparison for serial numbers. */
Test(serial, parse)
{
	unsigned char b[20];
	size_t n;

	ok_(pki__serial_parse(b, sizeof(b), &n, "0x01:02", "serial"));
	cr_assert_eq(n, 2);
	cr_assert_eq(b[0], 1);
	cr_assert_eq(b[1], 2);
	ok_(pki__serial_parse(b, sizeof(b), &n, "80", "serial")); /* a sign byte first */
	cr_assert_eq(n, 2);
	cr_assert_eq(b[0], 0);
	cr_assert_eq(b[1], 0x80);
	ok_(pki__serial_parse(b, sizeof(b), &n, "000abc", "serial")); /* odd, leading zeros */
	cr_assert_eq(n, 2);
	cr_assert_eq(b[0], 0x0a);
	cr_assert_eq(b[1], 0xbc);
	ok_(pki__serial_parse(b, sizeof(b), &n, "7fffffffffffffffffffffffffffffffffffffff", "serial"));
	cr_assert_eq(n, 20);
	fails_(PKI_E_INVALID_ARG,
	       pki__serial_parse(b, sizeof(b), &n, "ffffffffffffffffffffffffffffffffffffffff", "serial"));
	cr_assert(strstr(pki_error_detail(), "21 bytes"), "%s", pki_error_detail());
	fails_(PKI_E_INVALID_ARG, pki__serial_parse(b, sizeof(b), &n, "0", "serial"));
	fails_(PKI_E_INVALID_ARG, pki__serial_parse(b, sizeof(b), &n, "0x", "serial"));
	fails_(PKI_E_INVALID_ARG, pki__serial_parse(b, sizeof(b), &n, "", "CRL number"));
	cr_assert(strstr(pki_error_detail(), "CRL number"), "%s", pki_error_detail());
	fails_(PKI_E_INVALID_ARG, pki__serial_parse(b, sizeof(b), &n, "12g4", "serial"));
	fails_(PKI_E_INVALID_ARG, pki__serial_parse(b, sizeof(b), &n, "1::2", "serial"));
	fails_(PKI_E_INVALID_ARG, pki__serial_parse(b, sizeof(b), &n, ":12", "serial"));
	fails_(PKI_E_INVALID_ARG, pki__serial_parse(b, sizeof(b), &n, "12:", "serial"));
	fails_(PKI_E_INVALID_ARG, pki__serial_parse(b, sizeof(b), &n, NULL, "serial"));
}

Test(serial, whole_value_compare)
{
	unsigned char a[30], b[30];

	memset(a, 0x11, sizeof(a));
	memcpy(b, a, sizeof(b));
	cr_assert(pki__serial_equal(a, sizeof(a), b, sizeof(b)));
	b[0] = 0x12; /* differs only far from the end: still a different serial */
	cr_assert_not(pki__serial_equal(a, sizeof(a), b, sizeof(b)));
	cr_assert(pki__serial_equal((const unsigned char *)"\x00\x00\x05", 3,
				    (const unsigned char *)"\x05", 1));
	cr_assert_not(pki__serial_equal((const unsigned char *)"\x00\x80", 2,
					(const unsigned char *)"\x80", 1)); /* 128 and -128 */
	cr_assert(pki__serial_equal((const unsigned char *)"\xff\x80", 2,
				    (const unsigned char *)"\x80", 1));
	cr_assert_not(pki__serial_equal(a, 0, b, 0));
}
