/*
 * Tests for names: RFC 4514 distinguished names (parsed into requests, read back, compared as
 * DER) and subject alternative names (pki_san_from_string, requests).
 */
#include "helpers.h"

/* Ed25519 signatures are deterministic: one key, one subject -> byte-identical requests. */
static pki_key_t *ed_key(void)
{
	pki_key_t *key = NULL;

	ok_(pki_key_generate(&key, PKI_KEY_ED25519, 0, 0));
	return key;
}

/* The DER request for @p dn (and one SAN, so an empty subject is allowed). */
static unsigned char *req_der(const pki_key_t *key, const char *dn, size_t *n)
{
	const char *sans[] = { "DNS:names.test", NULL };
	pki_csr_t *csr = NULL;
	unsigned char *der = NULL;

	ok_(pki_csr_create(&csr, key, dn, sans, 0));
	ok_(pki_csr_export(&der, n, csr, PKI_FORMAT_DER, 0));
	pki_csr_free(csr);
	return der;
}

/* The subject libpki reads back from a request made with @p dn. */
static char *read_back(const pki_key_t *key, const char *dn)
{
	const char *sans[] = { "DNS:names.test", NULL };
	pki_csr_t *csr = NULL;
	char *s = NULL;

	ok_(pki_csr_create(&csr, key, dn, sans, 0));
	ok_(pki_csr_subject(&s, csr));
	pki_csr_free(csr);
	return s;
}

static bool same_der(const pki_key_t *key, const char *a, const char *b)
{
	size_t na, nb;
	unsigned char *da = req_der(key, a, &na), *db = req_der(key, b, &nb);
	bool eq = na == nb && memcmp(da, db, na) == 0;

	pki_free(da);
	pki_free(db);
	return eq;
}

static bool contains(const unsigned char *hay, size_t n, const void *needle, size_t m)
{
	for (size_t i = 0; i + m <= n; i++)
		if (memcmp(hay + i, needle, m) == 0)
			return true;
	return false;
}

/* Offset of @p needle in the request for @p dn, or -1. */
static long offset_in(const pki_key_t *key, const char *dn, const void *needle, size_t m)
{
	size_t n;
	unsigned char *der = req_der(key, dn, &n);
	long off = -1;

	for (size_t i = 0; i + m <= n && off < 0; i++)
		if (memcmp(der + i, needle, m) == 0)
			off = (long)i;
	pki_free(der);
	return off;
}

/* The RFC 4514 string read back parses to the same DER: reading and writing agree. */
static void round_trips(const pki_key_t *key, const char *dn)
{
	char *back = read_back(key, dn);

	cr_assert(same_der(key, dn, back), "\"%s\" read back as \"%s\", which encodes differently",
		  dn, back);
	pki_free(back);
}

Test(dn, order_most_significant_last_in_text_first_in_der)
{
	pki_key_t *key = ed_key();
	static const unsigned char c[] = { 0x06, 0x03, 0x55, 0x04, 0x06 };
	static const unsigned char o[] = { 0x06, 0x03, 0x55, 0x04, 0x0a };
	static const unsigned char cn[] = { 0x06, 0x03, 0x55, 0x04, 0x03 };
	long oc = offset_in(key, "CN=a,O=b,C=GB", c, sizeof(c));
	long oo = offset_in(key, "CN=a,O=b,C=GB", o, sizeof(o));
	long ocn = offset_in(key, "CN=a,O=b,C=GB", cn, sizeof(cn));
	char *s = read_back(key, "CN=a,O=b,C=GB");

	cr_assert(oc > 0 && oo > oc && ocn > oo, "DER order C, O, CN: %ld %ld %ld", oc, oo, ocn);
	cr_assert_str_eq(s, "CN=a,O=b,C=GB");
	pki_free(s);
	pki_key_free(key);
}

Test(dn, every_escape)
{
	static const struct {
		const char *dn, *value;
	} cases[] = {
		{ "CN=a\\,b", "a,b" },     { "CN=a\\+b", "a+b" },   { "CN=a\\\"b", "a\"b" },
		{ "CN=a\\\\b", "a\\b" },   { "CN=a\\<b", "a<b" },   { "CN=a\\>b", "a>b" },
		{ "CN=a\\;b", "a;b" },     { "CN=a\\=b", "a=b" },   { "CN=\\ a", " a" },
		{ "CN=a\\ ", "a " },       { "CN=\\#a", "#a" },     { "CN=\\41b", "Ab" },
		{ "CN=x\\2cy", "x,y" },    { "CN=a=b", "a=b" },     { "CN=a#b", "a#b" },
	};
	pki_key_t *key = ed_key();

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n;
		unsigned char *der = req_der(key, cases[i].dn, &n);
		unsigned char tlv[64];
		size_t vl = strlen(cases[i].value);

		/* PrintableString where it fits, UTF8String otherwise: find either. */
		tlv[1] = (unsigned char)vl;
		memcpy(tlv + 2, cases[i].value, vl);
		tlv[0] = 0x13;
		bool found = contains(der, n, tlv, vl + 2);
		tlv[0] = 0x0c;
		found = found || contains(der, n, tlv, vl + 2);
		cr_assert(found, "%s: value \"%s\" not encoded as such", cases[i].dn, cases[i].value);
		pki_free(der);
		round_trips(key, cases[i].dn);
	}
	pki_key_free(key);
}

Test(dn, unescaped_spaces_around_separators_are_ignored)
{
	pki_key_t *key = ed_key();

	cr_assert(same_der(key, "CN=a,O=b", "  CN = a ,  O=b  "));
	cr_assert(same_der(key, "CN=a+UID=x", "CN=a + UID=x"));
	cr_assert_not(same_der(key, "CN=a", "CN=a\\ "));
	pki_key_free(key);
}

Test(dn, hex_ber_value)
{
	pki_key_t *key = ed_key();

	/* #0c0161 is UTF8String "a"; CN=a would be a PrintableString, so they differ. */
	static const unsigned char utf8_a[] = { 0x0c, 0x01, 'a' };
	cr_assert(offset_in(key, "CN=#0c0161", utf8_a, sizeof(utf8_a)) > 0);
	cr_assert_not(same_der(key, "CN=#0c0161", "CN=a"));
	cr_assert(same_der(key, "1.2.3.4=#0C0161", "1.2.3.4=#0c0161"));
	round_trips(key, "1.2.3.4=#0c0161,CN=x");
	pki_key_free(key);
}

Test(dn, multi_valued_rdn)
{
	pki_key_t *key = ed_key();
	char *s = read_back(key, "CN=a+UID=b,O=c");

	cr_assert(strstr(s, "+") != NULL, "got %s", s);
	cr_assert(strstr(s, ",O=c") != NULL, "got %s", s);
	round_trips(key, "CN=a+UID=b,O=c");
	/* A SET OF is sorted in DER: the order inside an RDN does not matter. */
	cr_assert(same_der(key, "CN=a+UID=b,O=c", "UID=b+CN=a,O=c"));
	/* but it is one RDN, not two */
	cr_assert_not(same_der(key, "CN=a+UID=b,O=c", "CN=a,UID=b,O=c"));
	round_trips(key, "CN=x+OU=y+O=z,C=GB");
	pki_free(s);
	pki_key_free(key);
}

Test(dn, utf8_values)
{
	pki_key_t *key = ed_key();
	const char *dn = "CN=Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m,O=\xe6\x97\xa5\xe6\x9c\xac,C=JP";
	static const unsigned char zoe[] = { 0x0c, 0x0f, 'Z', 'o', 0xc3, 0xab };
	char *s = read_back(key, dn);

	cr_assert_str_eq(s, dn);
	cr_assert(offset_in(key, dn, zoe, sizeof(zoe)) > 0, "UTF8String expected");
	cr_assert(same_der(key, dn, "CN=Zo\\C3\\AB \\c3\\85ngstr\\C3\\B6m,O=\xe6\x97\xa5\xe6\x9c\xac,C=JP"));
	pki_free(s);
	pki_key_free(key);
}

Test(dn, string_types)
{
	pki_key_t *key = ed_key();
	static const unsigned char printable[] = { 0x13, 0x03, 'a', 'b', 'c' };
	static const unsigned char ia5[] = { 0x16, 0x07, 'a', '@', 'b', '.', 'e', 'x', 'a' };
	static const unsigned char dc[] = { 0x16, 0x03, 'c', 'o', 'm' };
	static const unsigned char country[] = { 0x13, 0x02, 'G', 'B' };

	cr_assert(offset_in(key, "CN=abc", printable, sizeof(printable)) > 0);
	cr_assert(offset_in(key, "emailAddress=a@b.exa", ia5, sizeof(ia5)) > 0);
	cr_assert(offset_in(key, "DC=com", dc, sizeof(dc)) > 0);
	cr_assert(offset_in(key, "C=gb", country, sizeof(country)) > 0, "C is upper-cased");
	pki_key_free(key);
}

Test(dn, attribute_names_case_insensitive_and_oids)
{
	static const char *const attrs[] = { "CN", "C", "L", "ST", "O", "OU", "STREET", "DC",
					     "UID", "serialNumber", "emailAddress", "title", "GN",
					     "SN", "initials", "pseudonym", "generationQualifier",
					     "dnQualifier" };
	pki_key_t *key = ed_key();

	cr_assert(same_der(key, "cn=a,o=b,c=gb", "CN=a,O=b,C=GB"));
	cr_assert(same_der(key, "2.5.4.3=a,2.5.4.10=b", "CN=a,O=b"));
	cr_assert(same_der(key, "commonName=a", "CN=a"));
	for (size_t i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		char dn[64];

		char *back;

		snprintf(dn, sizeof(dn), "%s=%s", attrs[i], strcmp(attrs[i], "C") ? "ab" : "GB");
		round_trips(key, dn);
		/* read back with the names openssl prints (which writes "street" in lower case) */
		back = read_back(key, dn);
		if (strcmp(attrs[i], "STREET") == 0)
			cr_assert_str_eq(back, "street=ab");
		else
			cr_assert_str_eq(back, dn);
		pki_free(back);
	}
	round_trips(key, "1.3.6.1.4.1.99999.1=custom value,CN=x");
	pki_key_free(key);
}

Test(dn, empty_subject)
{
	const char *sans[] = { "DNS:only-a-san.test", NULL };
	pki_key_t *key = ed_key();
	pki_csr_t *csr = NULL;
	char *s = NULL;

	ok_(pki_csr_create(&csr, key, "", sans, 0));
	ok_(pki_csr_subject(&s, csr));
	cr_assert_str_eq(s, "");
	pki_free(s);
	pki_csr_free(csr);
	fails_(PKI_E_INVALID_NAME, pki_csr_create(&csr, key, "", NULL, 0));
	cr_assert_null(csr);
	pki_key_free(key);
}

static void bad_dn(const pki_key_t *key, const char *dn, const char *detail_part)
{
	pki_csr_t *csr = (pki_csr_t *)1;

	fails_(PKI_E_INVALID_NAME, pki_csr_create(&csr, key, dn, NULL, 0));
	cr_assert_null(csr);
	cr_assert(strstr(pki_error_detail(), detail_part) != NULL,
		  "\"%s\": detail \"%s\" lacks \"%s\"", dn, pki_error_detail(), detail_part);
}

Test(dn, errors)
{
	pki_key_t *key = ed_key();

	bad_dn(key, "XX=a", "unknown attribute type \"XX\"");
	bad_dn(key, "CN=a,Foo=b", "\"Foo\" at position 6");
	bad_dn(key, "CN", "missing '='");
	bad_dn(key, "CN=a,O", "missing '='");
	bad_dn(key, "CN=", "empty value for CN");
	bad_dn(key, "CN=a,O=", "empty value for O");
	bad_dn(key, "CN=   ", "empty value");
	bad_dn(key, "CN=a\\", "dangling backslash");
	bad_dn(key, "CN=\\4g", "bad hex escape");
	bad_dn(key, "CN=\\4", "bad hex escape");
	bad_dn(key, "CN=\\zz", "bad escape");
	bad_dn(key, "C=GBR", "two-letter");
	bad_dn(key, "C=G", "two-letter");
	bad_dn(key, "C=1A", "two-letter");
	bad_dn(key, "CN=a;b", "must be escaped");
	bad_dn(key, "CN=a<b", "must be escaped");
	bad_dn(key, "CN=a\"b", "must be escaped");
	bad_dn(key, "CN=a,,O=b", "missing attribute at position 6");
	bad_dn(key, "CN=a,", "missing attribute");
	bad_dn(key, "+CN=a", "missing attribute at position 1");
	bad_dn(key, "CN=a+", "missing attribute");
	bad_dn(key, "=a", "expected an attribute type");
	bad_dn(key, "1.2..3=a", "malformed attribute OID");
	bad_dn(key, "3.1=a", "malformed attribute OID");
	bad_dn(key, "1=a", "malformed attribute OID");
	bad_dn(key, "CN=\\C3", "not valid UTF-8");
	bad_dn(key, "CN=\xff", "not valid UTF-8");
	bad_dn(key, "CN=a\\00b", "NUL");
	bad_dn(key, "CN=a+CN=b", "appears twice");
	bad_dn(key, "serialNumber=\xc3\xa9", "PrintableString");
	bad_dn(key, "emailAddress=\xc3\xa9@x.y", "IA5String");
	bad_dn(key, "CN=#0c01", "not one DER element");
	bad_dn(key, "CN=#0c0", "hex");
	bad_dn(key, "CN=#", "empty value");
	bad_dn(key, "CN=a\tb", "control character");
	pki_key_free(key);
}

Test(dn, very_long_is_refused)
{
	pki_key_t *key = ed_key();
	size_t n = 70000;
	char *dn = malloc(n + 4);

	memcpy(dn, "CN=", 3);
	memset(dn + 3, 'a', n);
	dn[n + 3] = '\0';
	bad_dn(key, dn, "longer than");
	free(dn);

	/* 256 attributes are fine, 257 are too many */
	dn = malloc(257 * 5 + 1);
	dn[0] = '\0';
	for (int i = 0; i < 256; i++)
		strcat(dn, i ? ",CN=a" : "CN=a");
	{
		char *back = read_back(key, dn);

		cr_assert_str_eq(back, dn);
		pki_free(back);
	}
	strcat(dn, "+O=a");
	bad_dn(key, dn, "more than 256 attributes");
	free(dn);
	pki_key_free(key);
}

/* ---------------------------------------------------------------------------------------- */
/* SANs                                                                                      */

static void san_is(const char *in, int type, const char *out)
{
	char *s = NULL;
	int rc = pki_san_from_string(&s, in, 0);

	cr_assert_eq(rc, type, "\"%s\" -> %d (%s), expected %d", in, rc, pki_error_detail(), type);
	cr_assert_str_eq(s, out, "\"%s\" -> \"%s\", expected \"%s\"", in, s, out);
	pki_free(s);
}

static void san_bad(const char *in, const char *detail_part)
{
	char *s = (char *)1;

	fails_(PKI_E_INVALID_NAME, pki_san_from_string(&s, in, 0));
	cr_assert_null(s);
	cr_assert(strstr(pki_error_detail(), detail_part) != NULL, "\"%s\": detail \"%s\" lacks \"%s\"",
		  in, pki_error_detail(), detail_part);
}

/* Untyped strings are classified; typed prefixes are case-insensitive. */
Test(san, classify_untyped_and_typed_prefixes)
{
	san_is("10.0.0.5", PKI_SAN_IP, "IP:10.0.0.5");
	san_is("2001:DB8:0:0::1", PKI_SAN_IP, "IP:2001:db8::1");
	san_is("::1", PKI_SAN_IP, "IP:::1");
	san_is("admin@Example.COM", PKI_SAN_EMAIL, "email:admin@example.com");
	san_is("https://example.com/a?b=c", PKI_SAN_URI, "URI:https://example.com/a?b=c");
	san_is("Registry.Example.com", PKI_SAN_DNS, "DNS:registry.example.com");
	san_is("localhost", PKI_SAN_DNS, "DNS:localhost");
	san_is("*.example.com", PKI_SAN_DNS, "DNS:*.example.com");
	/* typed prefixes, in any case */
	san_is("DNS:a.example", PKI_SAN_DNS, "DNS:a.example");
	san_is("dns:A.example", PKI_SAN_DNS, "DNS:a.example");
	san_is("ip:192.0.2.1", PKI_SAN_IP, "IP:192.0.2.1");
	san_is("IP:fe80::1", PKI_SAN_IP, "IP:fe80::1");
	san_is("EMAIL:Me@B.example", PKI_SAN_EMAIL, "email:Me@b.example");
	san_is("Uri:urn:uuid:1234", PKI_SAN_URI, "URI:urn:uuid:1234");
	/* a typed string wins over the classification */
	san_is("URI:mailto:a@b.example", PKI_SAN_URI, "URI:mailto:a@b.example");
}

Test(san, bad_ip_addresses)
{
	san_bad("1.2.3.256", "cannot be all digits");
	san_bad("IP:1.2.3.256", "invalid IP address");
	san_bad("IP:1.2.3", "invalid IP address");
	san_bad("IP:01.2.3.4", "invalid IP address");
	san_bad("::g", "invalid IP address");
	san_bad("IP:2001:db8::1::2", "invalid IP address");
	san_bad("IP:[::1]", "invalid IP address");
	san_bad("IP: 1.2.3.4", "invalid IP address");
	san_bad("IP:10.0.0.0/8", "invalid IP address");
	san_bad("IP:", "invalid IP address");
	san_bad("DNS:1.2.3.4", "use IP:");
}

Test(san, bad_names_and_spaces)
{
	san_bad("", "empty");
	san_bad(" ", "letters, digits");
	san_bad("a b.example", "letters, digits");
	san_bad("DNS:", "empty host name");
	san_bad("DNS:a_b.example", "letters, digits");
	san_bad("DNS:-a.example", "start or end with '-'");
	san_bad("DNS:a-.example", "start or end with '-'");
	san_bad("DNS:a..example", "empty label");
	san_bad("DNS:a.example.", "empty label");
	san_bad("DNS:.a.example", "empty label");
	san_bad("DNS:b\xc3\xbc" "cher.example", "xn--");
	san_bad("email:a b@c.example", "not allowed");
	san_bad("email:@c.example", "1 to 64");
	san_bad("email:a@", "empty host name");
	san_bad("email:nobody", "no '@'");
	san_bad("email:a..b@c.example", "misplaced '.'");
	san_bad("email:a@*.example.com", "wildcards are not allowed");
	san_bad("URI:https://a b/", "percent-encoded");
	san_bad("URI:no-scheme", "expected scheme");
	san_bad("URI:1http://x", "expected scheme");
	san_bad("URI:https:", "nothing after the scheme");
	san_bad("URI:", "expected scheme");
}

Test(san, wildcard_rules)
{
	san_is("DNS:*.a.example", PKI_SAN_DNS, "DNS:*.a.example");
	san_bad("DNS:*.example", "at least two labels");
	san_bad("DNS:*", "whole left-most label");
	san_bad("DNS:*example.com", "whole left-most label");
	san_bad("DNS:f*.example.com", "whole left-most label");
	san_bad("DNS:a.*.example.com", "whole left-most label");
	san_bad("DNS:*.*.example.com", "whole left-most label");
}

Test(san, length_limits)
{
	char label[80], name[300];

	memset(label, 'a', 63);
	strcpy(label + 63, ".example");
	san_is(label, PKI_SAN_DNS, (snprintf(name, sizeof(name), "DNS:%s", label), name));
	memset(label, 'a', 64);
	strcpy(label + 64, ".example");
	san_bad(label, "longer than 63");
	/* 253 characters: 63 + 1 + 63 + 1 + 63 + 1 + 61 */
	memset(name, 'b', 253);
	name[63] = name[127] = name[191] = '.';
	name[253] = '\0';
	{
		char *s = NULL;

		cr_assert_eq(pki_san_from_string(&s, name, 0), PKI_SAN_DNS, "%s", pki_error_detail());
		pki_free(s);
	}
	name[253] = 'b';
	name[254] = '\0';
	san_bad(name, "longer than 253");
}

Test(san, arguments)
{
	char *s = (char *)1;

	fails_(PKI_E_INVALID_ARG, pki_san_from_string(NULL, "a.example", 0));
	fails_(PKI_E_INVALID_ARG, pki_san_from_string(&s, NULL, 0));
	cr_assert_null(s);
	fails_(PKI_E_INVALID_ARG, pki_san_from_string(&s, "a.example", 1));
	cr_assert_null(s);
}

Test(san, in_a_request)
{
	const char *sans[] = { "DNS:WWW.Example.com", "IP:2001:db8:0::5", "email:a@example.com",
			       "URI:https://example.com/", "IP:192.0.2.10", NULL };
	static const struct want_san want[] = {
		{ PKI_SAN_DNS, "www.example.com" }, { PKI_SAN_IP, "2001:db8::5" },
		{ PKI_SAN_EMAIL, "a@example.com" }, { PKI_SAN_URI, "https://example.com/" },
		{ PKI_SAN_IP, "192.0.2.10" },
	};
	pki_key_t *key = ed_key();
	pki_csr_t *csr = NULL;

	ok_(pki_csr_create(&csr, key, "CN=www.example.com", sans, 0));
	assert_sans_(pki_csr_san_count, pki_csr_san, csr, want, 5);
	pki_csr_free(csr);

	/* a bad SAN refuses the whole request, naming the SAN */
	{
		const char *bad[] = { "DNS:ok.example", "IP:1.2.3.999", NULL };

		csr = (pki_csr_t *)1;
		fails_(PKI_E_INVALID_NAME, pki_csr_create(&csr, key, "CN=x", bad, 0));
		cr_assert_null(csr);
		cr_assert(strstr(pki_error_detail(), "1.2.3.999") != NULL);
	}
	{
		const char *untyped[] = { "www.example.com", NULL };

		fails_(PKI_E_INVALID_NAME, pki_csr_create(&csr, key, "CN=x", untyped, 0));
		cr_assert(strstr(pki_error_detail(), "has no type") != NULL);
	}
	pki_key_free(key);
}
