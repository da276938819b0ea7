/*
 * Tests for the RFC 5280 7.1 name comparison (libpki/namecmp.c, compiled into this test:
 * pki__dn_equal and pki__dn_within are internal). The Names are written out as DER here,
 * byte by byte with a tiny builder for short lengths, so each test shows exactly which string
 * type and bytes it compares; real names made by GnuTLS (gnutls_x509_dn_set_str) are checked
 * too.
 */
#define PKI_TEST_FIXED_CLOCK /* gcert.h's clock: these tests issue nothing at "now" */
#include "gcert.h"
#include "helpers.h"

#include "namecmp.h"
#include "verify-int.h"

#include <stdarg.h>

/* OIDs as DER contents */
#define OID_CN "\x55\x04\x03", 3
#define OID_O "\x55\x04\x0a", 3
#define OID_C "\x55\x04\x06", 3
#define OID_OU "\x55\x04\x0b", 3
#define OID_EMAIL "\x2a\x86\x48\x86\xf7\x0d\x01\x09\x01", 9

enum { UTF8 = 12, PRINTABLE = 19, TELETEX = 20, IA5 = 22, UNIVERSAL = 28, BMP = 30 };

typedef struct {
	unsigned char b[1024];
	size_t n;
} buf_t;

static void put(buf_t *o, const void *p, size_t n)
{
	cr_assert_leq(o->n + n, sizeof(o->b));
	memcpy(o->b + o->n, p, n);
	o->n += n;
}

static void tlv(buf_t *o, unsigned char tag, const void *p, size_t n)
{
	unsigned char h[2] = { tag, (unsigned char)n };

	cr_assert_lt(n, 128, "the test builder writes short lengths only");
	put(o, h, 2);
	put(o, p, n);
}

/* One AttributeTypeAndValue. */
static buf_t ava(const char *oid, size_t oidlen, unsigned char tag, const void *v, size_t n)
{
	buf_t in = { .n = 0 }, out = { .n = 0 };

	tlv(&in, 0x06, oid, oidlen);
	tlv(&in, tag, v, n);
	tlv(&out, 0x30, in.b, in.n);
	return out;
}

static buf_t avas(const char *oid, size_t oidlen, unsigned char tag, const char *s)
{
	return ava(oid, oidlen, tag, s, strlen(s));
}

/* @p n buf_t arguments, concatenated inside one @p tag. */
static buf_t wrap(unsigned char tag, size_t n, ...)
{
	buf_t in = { .n = 0 }, out = { .n = 0 };
	va_list ap;

	va_start(ap, n);
	for (size_t i = 0; i < n; i++) {
		buf_t part = va_arg(ap, buf_t);

		put(&in, part.b, part.n);
	}
	va_end(ap);
	tlv(&out, tag, in.b, in.n);
	return out;
}

/* rdn(n, ava...): an RDN of n attributes (a SET: the builder keeps the given order);
 * name(n, rdn...): a Name of n RDNs. */
#define rdn(...) wrap(0x31, __VA_ARGS__)
#define name(...) wrap(0x30, __VA_ARGS__)

static gnutls_datum_t dat(buf_t *b)
{
	gnutls_datum_t d = { b->b, (unsigned)b->n };

	return d;
}

static bool eq(buf_t a, buf_t b)
{
	gnutls_datum_t x = dat(&a), y = dat(&b);
	bool r = pki__dn_equal(&x, &y), s = pki__dn_equal(&y, &x);

	cr_assert_eq(r, s, "pki__dn_equal is not symmetric");
	return r;
}

static bool within(buf_t n, buf_t base)
{
	gnutls_datum_t x = dat(&n), y = dat(&base);

	return pki__dn_within(&x, &y);
}

/* A one-RDN name CN=<s> of the given string type. */
static buf_t cn(unsigned char tag, const char *s)
{
	return name(1, rdn(1, avas(OID_CN, tag, s)));
}

static buf_t cn_bytes(unsigned char tag, const void *v, size_t n)
{
	return name(1, rdn(1, ava(OID_CN, tag, v, n)));
}

Test(namecmp, identical_names_equal)
{
	buf_t a = name(2, rdn(1, avas(OID_C, PRINTABLE, "DE")), rdn(1, avas(OID_CN, UTF8, "Root")));

	cr_assert(eq(a, a));
	cr_assert(eq(name(0), name(0)), "two empty names are equal");
}

Test(namecmp, different_values_differ)
{
	cr_assert_not(eq(cn(UTF8, "Root A"), cn(UTF8, "Root B")));
	cr_assert_not(eq(cn(UTF8, "Root"), cn(UTF8, "Roo")));
	cr_assert_not(eq(cn(UTF8, "Root"), name(0)));
	/* the same value under another attribute type */
	cr_assert_not(eq(cn(UTF8, "Root"), name(1, rdn(1, avas(OID_O, UTF8, "Root")))));
}

Test(namecmp, case_is_folded)
{
	cr_assert(eq(cn(UTF8, "Example Root CA"), cn(UTF8, "EXAMPLE root ca")));
	cr_assert(eq(cn(PRINTABLE, "Example"), cn(UTF8, "eXAMPLE")));
}

Test(namecmp, whitespace_is_folded)
{
	cr_assert(eq(cn(UTF8, "Example Root"), cn(UTF8, "  Example   Root ")));
	cr_assert(eq(cn(PRINTABLE, "Example Root"), cn(UTF8, "Example\t\n Root")));
	cr_assert(eq(cn(UTF8, "a b"), cn(UTF8, "a\xc2\xa0 b")), "NO-BREAK SPACE is a space");
	/* inner whitespace is folded, not removed */
	cr_assert_not(eq(cn(UTF8, "Example Root"), cn(UTF8, "ExampleRoot")));
}

Test(namecmp, across_string_types)
{
	/* "Root" as BMPString and UniversalString */
	buf_t bmp = cn_bytes(BMP, "\0R\0o\0o\0t", 8);
	buf_t uni = cn_bytes(UNIVERSAL, "\0\0\0R\0\0\0o\0\0\0o\0\0\0t", 16);

	cr_assert(eq(bmp, cn(UTF8, "root")));
	cr_assert(eq(uni, cn(PRINTABLE, "ROOT")));
	cr_assert(eq(bmp, uni));
	/* U+00E9 in UTF-8, BMP and Latin-1 TeletexString */
	cr_assert(eq(cn(UTF8, "caf\xc3\xa9"), cn_bytes(BMP, "\0c\0a\0f\0\xe9", 8)));
	cr_assert(eq(cn(UTF8, "caf\xc3\xa9"), cn_bytes(TELETEX, "caf\xe9", 4)));
	/* non-ASCII letters are not case folded (documented limitation), and stay distinct */
	cr_assert_not(eq(cn(UTF8, "caf\xc3\xa9"), cn(UTF8, "caf\xc3\x89")));
	cr_assert_not(eq(cn(UTF8, "cafe"), cn(UTF8, "caf\xc3\xa9")));
}

Test(namecmp, other_types_byte_exact)
{
	buf_t a = name(1, rdn(1, avas(OID_EMAIL, IA5, "CA@example.com")));

	cr_assert(eq(a, a));
	cr_assert_not(eq(a, name(1, rdn(1, avas(OID_EMAIL, IA5, "ca@example.com")))));
	cr_assert_not(eq(a, name(1, rdn(1, avas(OID_EMAIL, UTF8, "CA@example.com")))),
		      "an IA5String is not a directory string");
	cr_assert_not(eq(name(1, rdn(1, avas(OID_EMAIL, IA5, " x"))),
			 name(1, rdn(1, avas(OID_EMAIL, IA5, "x")))));
}

Test(namecmp, multivalued_rdn_order_independent)
{
	buf_t a = name(1, rdn(2, avas(OID_CN, UTF8, "Root"), avas(OID_O, UTF8, "Org")));
	buf_t b = name(1, rdn(2, avas(OID_O, PRINTABLE, "ORG"), avas(OID_CN, UTF8, "root")));
	buf_t c = name(1, rdn(2, avas(OID_CN, UTF8, "Root"), avas(OID_CN, UTF8, "Root")));
	buf_t d = name(1, rdn(2, avas(OID_CN, UTF8, "Root"), avas(OID_O, UTF8, "Org2")));
	buf_t split = name(2, rdn(1, avas(OID_CN, UTF8, "Root")), rdn(1, avas(OID_O, UTF8, "Org")));

	cr_assert(eq(a, b));
	cr_assert_not(eq(a, c), "each attribute is matched once");
	cr_assert_not(eq(a, d));
	cr_assert_not(eq(a, split), "one RDN of two attributes is not two RDNs");
}

Test(namecmp, rdn_order_matters)
{
	buf_t a = name(2, rdn(1, avas(OID_O, UTF8, "Org")), rdn(1, avas(OID_CN, UTF8, "Root")));
	buf_t b = name(2, rdn(1, avas(OID_CN, UTF8, "Root")), rdn(1, avas(OID_O, UTF8, "Org")));

	cr_assert_not(eq(a, b));
}

Test(namecmp, malformed_compares_unequal)
{
	buf_t good = cn(UTF8, "Root");
	buf_t bad_utf8 = cn_bytes(UTF8, "Ro\xc0\xafot", 6);      /* overlong '/' */
	buf_t surrogate = cn_bytes(UTF8, "\xed\xa0\x80", 3);    /* U+D800 */
	buf_t odd_bmp = cn_bytes(BMP, "\0R\0o\0", 5);
	buf_t bmp_surr = cn_bytes(BMP, "\xd8\x00", 2);
	buf_t uni_big = cn_bytes(UNIVERSAL, "\0\x11\0\0", 4);   /* beyond U+10FFFF */
	buf_t printable8 = cn_bytes(PRINTABLE, "R\xe9", 2);
	buf_t empty_rdn = name(2, rdn(0), rdn(1, avas(OID_CN, UTF8, "Root")));
	buf_t trunc = good;
	buf_t trailing = good;
	buf_t *bad[] = { &bad_utf8, &surrogate, &odd_bmp, &bmp_surr, &uni_big, &printable8,
			 &empty_rdn, &trunc, &trailing };

	trunc.n -= 1;
	trailing.b[trailing.n++] = 0;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		gnutls_datum_t d = dat(bad[i]), g = dat(&good);

		cr_assert_not(pki__dn_equal(&d, &d), "malformed name %zu equals itself", i);
		cr_assert_not(pki__dn_equal(&d, &g), "malformed name %zu equals CN=Root", i);
		cr_assert_not(pki__dn_within(&d, &d), "malformed name %zu within itself", i);
		cr_assert_not(pki__dn_within(&g, &d), "CN=Root within malformed %zu", i);
	}
	/* an empty RDN must not be skipped: without it the two would look equal */
	cr_assert_not(eq(empty_rdn, good));
	/* garbage, NULL, empty */
	{
		gnutls_datum_t junk = { (unsigned char *)"\x04\x02hi", 4 }, none = { NULL, 0 };
		gnutls_datum_t g = dat(&good);

		cr_assert_not(pki__dn_equal(&junk, &g));
		cr_assert_not(pki__dn_equal(&none, &g));
		cr_assert_not(pki__dn_equal(NULL, &g));
		cr_assert_not(pki__dn_equal(&g, NULL));
		cr_assert_not(pki__dn_within(NULL, &g));
		cr_assert_not(pki__dn_within(&g, NULL));
	}
}

Test(namecmp, within_is_an_rdn_prefix)
{
	buf_t c = rdn(1, avas(OID_C, PRINTABLE, "US"));
	buf_t o = rdn(1, avas(OID_O, UTF8, "Example Corp"));
	buf_t ou = rdn(1, avas(OID_OU, UTF8, "Sales"));
	buf_t leaf = name(3, c, o, ou);

	cr_assert(within(leaf, name(2, c, o)));
	cr_assert(within(leaf, name(1, c)));
	cr_assert(within(leaf, leaf));
	cr_assert(within(leaf, name(0)), "the empty name is the root of every subtree");
	cr_assert(within(leaf, name(2, rdn(1, avas(OID_C, UTF8, "us")),
				    rdn(1, avas(OID_O, PRINTABLE, " EXAMPLE  corp")))),
		  "the prefix is compared with the same preparation");
	cr_assert_not(within(name(2, c, o), leaf), "a shorter name is not within a longer base");
	cr_assert_not(within(leaf, name(2, c, rdn(1, avas(OID_O, UTF8, "Example")))),
		      "RDNs compare whole, not as string prefixes");
	cr_assert_not(within(leaf, name(1, o)), "the prefix starts at the first RDN");
}

/* Names written by GnuTLS from RFC 4514 text (gcert_dn_der), as certificates carry them. */
Test(namecmp, gnutls_names)
{
	gnutls_datum_t a = gcert_dn_der("CN=Sub CA,O=Example,C=DE");
	gnutls_datum_t b = gcert_dn_der("CN=sub   ca,O=EXAMPLE,C=de");
	gnutls_datum_t c = gcert_dn_der("CN=Sub CA 2,O=Example,C=DE");
	gnutls_datum_t base = gcert_dn_der("O=Example,C=DE");

	cr_assert(pki__dn_equal(&a, &b));
	cr_assert_not(pki__dn_equal(&a, &c));
	cr_assert(pki__dn_within(&a, &base));
	cr_assert(pki__dn_within(&c, &base));
	cr_assert_not(pki__dn_within(&base, &a));
	gnutls_free(a.data);
	gnutls_free(b.data);
	gnutls_free(c.data);
	gnutls_free(base.data);
}

/* The prepared form (namecmp.h) answers as the one-shot functions do. */
Test(namecmp, prepared_names)
{
	buf_t a = name(2, rdn(1, avas(OID_C, PRINTABLE, "DE")), rdn(1, avas(OID_CN, UTF8, "Root")));
	buf_t base = name(1, rdn(1, avas(OID_C, PRINTABLE, " de ")));
	buf_t bad = name(2, rdn(0), rdn(1, avas(OID_CN, UTF8, "Root")));
	gnutls_datum_t da = dat(&a), dbase = dat(&base), dbad = dat(&bad);
	pki__dn_t *pa = NULL, *pbase = NULL, *pbad = (pki__dn_t *)&pa;

	cr_assert_eq(pki__dn_prepare(&pa, &da), 0);
	cr_assert_eq(pki__dn_prepare(&pbase, &dbase), 0);
	cr_assert_eq(pki__dn_prepare(&pbad, &dbad), PKI_E_PARSE);
	cr_assert_null(pbad);
	cr_assert(pki__dn_prep_equal(pa, pa));
	cr_assert_not(pki__dn_prep_equal(pa, pbase));
	cr_assert(pki__dn_prep_within(pa, pbase));
	cr_assert_not(pki__dn_prep_within(pbase, pa));
	cr_assert_not(pki__dn_prep_equal(pa, NULL));
	cr_assert_eq(pki__dn_prep_rdns(pa), 2);
	cr_assert_eq(pki__dn_prep_rdns(pbase), 1);
	pki__dn_release(pa);
	pki__dn_release(pbase);
	pki__dn_release(NULL);
}
