/*
 * Name constraints through pki_cert_verify (libpki/nameconstraints.c): each test builds a
 * root, an intermediate "CN=Sub CA" carrying the constraints and a leaf with GnuTLS
 * (tests/gcert.h), and checks the verdict and the reason. Every refusal has a control case
 * that verifies, so a test cannot pass by refusing everything.
 */
#include "gcert.h"

#include <arpa/inet.h>

/* ---- building blocks ----------------------------------------------------------------- */

typedef struct {
	int type; /* gnutls_x509_subject_alt_name_t */
	const char *value; /* text; "IP" values as inet_pton text, DN values as RFC 4514 */
} gn_t;

typedef struct {
	gn_t permitted[4], excluded[4];
} ncspec_t;

/* The bytes of a general name for GnuTLS: IP text becomes octets (address/prefix for a
 * constraint), a DN becomes DER. */
static gnutls_datum_t gn_bytes(const gn_t *g, bool constraint, unsigned char buf[100])
{
	gnutls_datum_t d = { NULL, 0 };

	if (g->type == GNUTLS_SAN_IPADDRESS) {
		char addr[64];
		const char *slash = strchr(g->value, '/');
		int af, prefix;
		size_t len;

		snprintf(addr, sizeof(addr), "%.*s",
			 (int)(slash ? (size_t)(slash - g->value) : strlen(g->value)), g->value);
		af = strchr(addr, ':') ? AF_INET6 : AF_INET;
		len = af == AF_INET ? 4 : 16;
		cr_assert_eq(inet_pton(af, addr, buf), 1, "%s", addr);
		d.data = buf;
		d.size = (unsigned)len;
		if (constraint) {
			cr_assert_not_null(slash);
			prefix = atoi(slash + 1);
			memset(buf + len, 0, len);
			for (int i = 0; i < prefix; i++)
				buf[len + (size_t)i / 8] |= (unsigned char)(0x80 >> (i % 8));
			d.size = (unsigned)(2 * len);
		}
		return d;
	}
	if (g->type == GNUTLS_SAN_DN) {
		gnutls_datum_t der = gcert_dn_der(g->value);

		cr_assert_leq(der.size, 100);
		memcpy(buf, der.data, der.size);
		d.data = buf;
		d.size = der.size;
		gnutls_free(der.data);
		return d;
	}
	d.data = (unsigned char *)g->value;
	d.size = (unsigned)strlen(g->value);
	return d;
}

/* A short DER TLV (lengths below 128 only) appended at @p out + *@p n. */
static void tlv(unsigned char *out, size_t *n, size_t cap, unsigned char tag, const void *v,
		size_t len)
{
	cr_assert_lt(len, 128, "the test writes short lengths only");
	cr_assert_leq(*n + 2 + len, cap);
	out[(*n)++] = tag;
	out[(*n)++] = (unsigned char)len;
	memcpy(out + *n, v, len);
	*n += len;
}

/* NameConstraints written as DER here: GnuTLS 3.7 writes no directoryName subtree. */
static const unsigned char gn_tag[] = {
	[GNUTLS_SAN_DNSNAME] = 0x82, [GNUTLS_SAN_RFC822NAME] = 0x81,
	[GNUTLS_SAN_URI] = 0x86,     [GNUTLS_SAN_IPADDRESS] = 0x87,
	[GNUTLS_SAN_DN] = 0xa4,
};

static void add_nc(gnutls_x509_crt_t crt, const void *arg)
{
	const ncspec_t *s = arg;
	unsigned char sets[2][128], out[128];
	size_t nsets[2] = { 0, 0 }, n = 0, inner = 0;
	unsigned char body[128];

	for (int ex = 0; ex < 2; ex++) {
		const gn_t *list = ex ? s->excluded : s->permitted;

		for (size_t i = 0; i < 4 && list[i].value; i++) {
			unsigned char buf[100], gn[127];
			size_t gl = 0;
			gnutls_datum_t d = gn_bytes(&list[i], true, buf);

			tlv(gn, &gl, sizeof(gn), gn_tag[list[i].type], d.data, d.size);
			tlv(sets[ex], &nsets[ex], sizeof(sets[ex]), 0x30, gn, gl); /* GeneralSubtree */
		}
	}
	if (nsets[0])
		tlv(body, &inner, sizeof(body), 0xa0, sets[0], nsets[0]);
	if (nsets[1])
		tlv(body, &inner, sizeof(body), 0xa1, sets[1], nsets[1]);
	tlv(out, &n, sizeof(out), 0x30, body, inner);
	gcert_raw_ext(crt, "2.5.29.30", out, n, true);
}

typedef struct {
	gn_t sans[4];
	const char *email; /* a subject emailAddress attribute */
} leafspec_t;

/* The subjectAltName written as DER here: GnuTLS 3.7 writes no directoryName SAN. */
static void add_sans(gnutls_x509_crt_t crt, const void *arg)
{
	static const unsigned char upn_oid[] = { 0x2b, 0x06, 0x01, 0x04, 0x01,
						 0x82, 0x37, 0x14, 0x02, 0x03 };
	const leafspec_t *s = arg;
	unsigned char all[127];
	size_t n = 0;

	for (size_t i = 0; i < 4 && s->sans[i].value; i++) {
		unsigned char buf[100];
		gnutls_datum_t d = gn_bytes(&s->sans[i], false, buf);

		if (s->sans[i].type == GNUTLS_SAN_OTHERNAME_MSUSERPRINCIPAL) {
			unsigned char str[64], val[70], an[100];
			size_t sl = 0, vl = 0, al = 0;

			tlv(str, &sl, sizeof(str), 0x0c, d.data, d.size); /* UTF8String */
			tlv(val, &vl, sizeof(val), 0xa0, str, sl);        /* [0] EXPLICIT */
			tlv(an, &al, sizeof(an), 0x06, upn_oid, sizeof(upn_oid));
			memcpy(an + al, val, vl);
			al += vl;
			tlv(all, &n, sizeof(all), 0xa0, an, al); /* otherName [0] */
		} else {
			tlv(all, &n, sizeof(all), gn_tag[s->sans[i].type], d.data, d.size);
		}
	}
	if (n) {
		unsigned char der[130];
		size_t dl = 0;

		tlv(der, &dl, sizeof(der), 0x30, all, n);
		gcert_raw_ext(crt, "2.5.29.17", der, dl, false);
	}
	if (s->email)
		cr_assert_eq(gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_PKCS9_EMAIL, 0, s->email,
							   (unsigned)strlen(s->email)),
			     0);
}

typedef struct {
	gcert_t root, sub;
} pki_t;

static pki_t ca_with(const ncspec_t *spec)
{
	pki_t p;

	p.root = gcert("CN=Root", NULL, true, NULL, NULL);
	p.sub = gcert("CN=Sub CA", &p.root, true, spec ? add_nc : NULL, spec);
	return p;
}

static void ca_free(pki_t *p)
{
	gcert_free(&p->sub);
	gcert_free(&p->root);
}

/* Verify a leaf for @p subject with @p spec under @p p, for @p host when not NULL. */
static pki_verify_result_t *leaf_verify(const pki_t *p, const char *subject,
					const leafspec_t *spec, const char *host)
{
	gcert_t leaf = gcert(subject, &p->sub, false, add_sans, spec);
	pki_verify_opts_t *o = NULL;
	pki_verify_result_t *r;

	ok_(pki_verify_opts_new(&o, 0));
	if (host)
		ok_(pki_verify_opts_set_host(o, host));
	r = gcert_verify(&leaf, &p->root, &p->sub, NULL, o);
	pki_verify_opts_free(o);
	gcert_free(&leaf);
	return r;
}

#define DNS(v) { GNUTLS_SAN_DNSNAME, v }
#define IP(v) { GNUTLS_SAN_IPADDRESS, v }
#define EMAIL(v) { GNUTLS_SAN_RFC822NAME, v }
#define URI(v) { GNUTLS_SAN_URI, v }
#define DIR(v) { GNUTLS_SAN_DN, v }
#define UPN(v) { GNUTLS_SAN_OTHERNAME_MSUSERPRINCIPAL, v }

/* ---- DNS ----------------------------------------------------------------------------- */

/* The bug of the issue: excluding bank.example.com must not let *.example.com through. */
Test(nameconstraints, excluded_dns_not_bypassed_by_wildcard)
{
	ncspec_t nc = { .excluded = { DNS("bank.example.com") } };
	leafspec_t wild = { .sans = { DNS("*.example.com") } };
	leafspec_t other = { .sans = { DNS("*.other.example") } };
	pki_t p = ca_with(&nc);

	gcert_expect_reason(leaf_verify(&p, "CN=leaf", &wild, "bank.example.com"),
			    PKI_VERIFY_NAME_CONSTRAINTS, 0,
			    "intermediate 1 'CN=Sub CA' excludes bank.example.com",
			    "SAN DNS:*.example.com covers it");
	/* whatever host is asked for: the certificate itself is out of bounds */
	gcert_expect_reason(leaf_verify(&p, "CN=leaf", &wild, "www.example.com"),
			    PKI_VERIFY_NAME_CONSTRAINTS, 0, "excludes bank.example.com", NULL);
	gcert_expect_valid(leaf_verify(&p, "CN=leaf", &other, "www.other.example"));
	ca_free(&p);
}

Test(nameconstraints, excluded_dns_subtree)
{
	ncspec_t nc = { .excluded = { DNS("bank.example.com") } };
	leafspec_t below = { .sans = { DNS("www.BANK.example.com") } };
	leafspec_t beside = { .sans = { DNS("notbank.example.com") } };
	pki_t p = ca_with(&nc);

	gcert_expect_reason(leaf_verify(&p, "CN=leaf", &below, NULL), PKI_VERIFY_NAME_CONSTRAINTS,
			    0, "excludes bank.example.com", NULL);
	gcert_expect_valid(leaf_verify(&p, "CN=leaf", &beside, NULL));
	ca_free(&p);
}

Test(nameconstraints, permitted_dns_and_wildcards)
{
	ncspec_t nc = { .permitted = { DNS("foo.example.com") } };
	ncspec_t wide = { .permitted = { DNS("example.com") } };
	leafspec_t wild = { .sans = { DNS("*.example.com") } };
	leafspec_t in = { .sans = { DNS("a.foo.example.com") } };
	leafspec_t mixed = { .sans = { DNS("foo.example.com"), DNS("evil.example") } };
	pki_t p = ca_with(&nc), q = ca_with(&wide);

	/* *.example.com stands for bar.example.com too, which foo.example.com does not permit */
	gcert_expect_reason(leaf_verify(&p, "CN=leaf", &wild, NULL), PKI_VERIFY_NAME_CONSTRAINTS,
			    0, "permits only some DNS names", "*.example.com");
	gcert_expect_reason(leaf_verify(&p, "CN=leaf", &mixed, NULL), PKI_VERIFY_NAME_CONSTRAINTS,
			    0, "evil.example", NULL);
	gcert_expect_valid(leaf_verify(&p, "CN=leaf", &in, NULL));
	gcert_expect_valid(leaf_verify(&q, "CN=leaf", &wild, NULL));
	ca_free(&p);
	ca_free(&q);
}

/* ---- IP ------------------------------------------------------------------------------ */

Test(nameconstraints, ipv4_mapped_ipv6_is_the_ipv4_address)
{
	ncspec_t nc = { .excluded = { IP("10.0.0.0/8") } };
	leafspec_t mapped = { .sans = { DNS("a.example"), IP("::ffff:10.1.2.3") } };
	leafspec_t plain = { .sans = { DNS("a.example"), IP("10.1.2.3") } };
	leafspec_t other = { .sans = { DNS("a.example"), IP("::ffff:192.0.2.1") } };
	pki_t p = ca_with(&nc);

	gcert_expect_reason(leaf_verify(&p, "CN=leaf", &mapped, NULL), PKI_VERIFY_NAME_CONSTRAINTS,
			    0, "excludes 10.0.0.0/8", "::ffff:10.1.2.3");
	gcert_expect_reason(leaf_verify(&p, "CN=leaf", &plain, NULL), PKI_VERIFY_NAME_CONSTRAINTS,
			    0, "10.1.2.3", NULL);
	gcert_expect_valid(leaf_verify(&p, "CN=leaf", &other, NULL));
	ca_free(&p);
}

Test(nameconstraints, permitted_ipv6)
{
	ncspec_t nc = { .permitted = { IP("fd00::/8") } };
	leafspec_t in = { .sans = { IP("fd12::1") } };
	leafspec_t out = { .sans = { IP("2001:db8::1") } };
	leafspec_t v4 = { .sans = { IP("192.0.2.1") } };
	pki_t p = ca_with(&nc);

	gcert_expect_valid(leaf_verify(&p, "CN=leaf", &in, NULL));
	gcert_expect_reason(leaf_verify(&p, "CN=leaf", &out, NULL), PKI_VERIFY_NAME_CONSTRAINTS, 0,
			    "permits only some IP names", "2001:db8::1");
	/* an IPv4 address is not in an IPv6 subtree (its mapped form is not in fd00::/8) */
	gcert_expect_reason(leaf_verify(&p, "CN=leaf", &v4, NULL), PKI_VERIFY_NAME_CONSTRAINTS, 0,
			    "192.0.2.1", NULL);
	ca_free(&p);
}

/* NameConstraints { permittedSubtrees { iPAddress 10.0.0.0 / 255.0.255.0 } }: the mask is not
 * a prefix, so the constraint means nothing sensible and the path is refused. */
static void bad_mask_nc(gnutls_x509_crt_t crt, const void *arg)
{
	static const unsigned char der[] = { 0x30, 0x0e, 0xa0, 0x0c, 0x30, 0x0a, 0x87, 0x08,
					     0x0a, 0x00, 0x00, 0x00, 0xff, 0x00, 0xff, 0x00 };

	(void)arg;
	gcert_raw_ext(crt, "2.5.29.30", der, sizeof(der), true);
}

Test(nameconstraints, malformed_ip_mask_rejects)
{
	pki_t p;
	leafspec_t in = { .sans = { IP("10.0.0.1") } };

	p.root = gcert("CN=Root", NULL, true, NULL, NULL);
	p.sub = gcert("CN=Sub CA", &p.root, true, bad_mask_nc, NULL);
	gcert_expect_reason(leaf_verify(&p, "CN=leaf", &in, NULL), PKI_VERIFY_MALFORMED, 1,
			    "name constraints of intermediate 1 'CN=Sub CA'", "malformed");
	ca_free(&p);
}

/* ---- directoryName ------------------------------------------------------------------- */

Test(nameconstraints, permitted_dirname_enforced)
{
	ncspec_t nc = { .permitted = { DIR("O=Good,C=DE") } };
	leafspec_t none = { .sans = { DNS("a.example") } };
	leafspec_t dirsan = { .sans = { DNS("a.example"), DIR("CN=x,O=Evil,C=DE") } };
	pki_t p = ca_with(&nc);

	gcert_expect_reason(leaf_verify(&p, "CN=leaf,O=Evil,C=DE", &none, NULL),
			    PKI_VERIFY_NAME_CONSTRAINTS, 0, "permits only some DirName names",
			    "subject CN=leaf,O=Evil,C=DE");
	/* compared as RFC 5280 7.1 says: case and spaces do not matter */
	gcert_expect_valid(leaf_verify(&p, "CN=leaf,O=good,C=de", &none, NULL));
	gcert_expect_reason(leaf_verify(&p, "CN=leaf,O=Good,C=DE", &dirsan, NULL),
			    PKI_VERIFY_NAME_CONSTRAINTS, 0, "SAN DirName:CN=x,O=Evil,C=DE", NULL);
	ca_free(&p);
}

/* ---- URI ----------------------------------------------------------------------------- */

Test(nameconstraints, permitted_uri_enforced)
{
	ncspec_t nc = { .permitted = { URI(".example.com") } };
	leafspec_t in = { .sans = { DNS("a.example"), URI("https://user@www.Example.com:8443/x") } };
	leafspec_t out = { .sans = { DNS("a.example"), URI("https://evil.example/x") } };
	leafspec_t bare = { .sans = { DNS("a.example"), URI("https://example.com/") } };
	leafspec_t nohost = { .sans = { DNS("a.example"), URI("urn:example:com") } };
	leafspec_t iphost = { .sans = { DNS("a.example"), URI("https://192.0.2.1/") } };
	pki_t p = ca_with(&nc);

	gcert_expect_valid(leaf_verify(&p, "CN=leaf", &in, NULL));
	gcert_expect_reason(leaf_verify(&p, "CN=leaf", &out, NULL), PKI_VERIFY_NAME_CONSTRAINTS, 0,
			    "permits only some URI names", "https://evil.example/x");
	/* ".example.com" is the hosts below example.com, not example.com itself */
	gcert_expect_reason(leaf_verify(&p, "CN=leaf", &bare, NULL), PKI_VERIFY_NAME_CONSTRAINTS,
			    0, "URI", NULL);
	/* no host name to check: fail closed */
	gcert_expect_reason(leaf_verify(&p, "CN=leaf", &nohost, NULL),
			    PKI_VERIFY_NAME_CONSTRAINTS, 0, "no host name", NULL);
	gcert_expect_reason(leaf_verify(&p, "CN=leaf", &iphost, NULL),
			    PKI_VERIFY_NAME_CONSTRAINTS, 0, "no host name", NULL);
	ca_free(&p);
}

/* ---- rfc822 -------------------------------------------------------------------------- */

Test(nameconstraints, email_forms_and_subject_email)
{
	ncspec_t nc = { .permitted = { EMAIL("example.com"), EMAIL(".example.org"),
				       EMAIL("boss@example.net") } };
	leafspec_t host = { .sans = { EMAIL("anyone@EXAMPLE.com") } };
	leafspec_t sub = { .sans = { EMAIL("a@mail.example.org") } };
	leafspec_t subhost = { .sans = { EMAIL("a@mail.example.com") } };
	leafspec_t boss = { .sans = { EMAIL("boss@example.net") } };
	leafspec_t notboss = { .sans = { EMAIL("Boss@example.net") } };
	leafspec_t subj = { .sans = { DNS("a.example") }, .email = "x@evil.example" };
	leafspec_t subjok = { .sans = { DNS("a.example") }, .email = "x@example.com" };
	pki_t p = ca_with(&nc);

	gcert_expect_valid(leaf_verify(&p, "CN=leaf", &host, NULL));
	gcert_expect_valid(leaf_verify(&p, "CN=leaf", &sub, NULL));
	gcert_expect_valid(leaf_verify(&p, "CN=leaf", &boss, NULL));
	gcert_expect_valid(leaf_verify(&p, "CN=leaf", &subjok, NULL));
	/* a host constraint is that host only */
	gcert_expect_reason(leaf_verify(&p, "CN=leaf", &subhost, NULL),
			    PKI_VERIFY_NAME_CONSTRAINTS, 0, "a@mail.example.com", NULL);
	/* the local part of a mailbox is case-sensitive */
	gcert_expect_reason(leaf_verify(&p, "CN=leaf", &notboss, NULL),
			    PKI_VERIFY_NAME_CONSTRAINTS, 0, "Boss@example.net", NULL);
	/* the subject's emailAddress is an rfc822 name too */
	gcert_expect_reason(leaf_verify(&p, "CN=leaf", &subj, NULL), PKI_VERIFY_NAME_CONSTRAINTS,
			    0, "subject emailAddress x@evil.example", NULL);
	ca_free(&p);
}

/* ---- forms libpki cannot check -------------------------------------------------------- */

/* NameConstraints { excludedSubtrees { otherName { UPN, [0] UTF8String "x" } } } */
static void othername_nc(gnutls_x509_crt_t crt, const void *arg)
{
	static const unsigned char der[] = { 0x30, 0x17, 0xa1, 0x15, 0x30, 0x13, 0xa0, 0x11,
					     0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82,
					     0x37, 0x14, 0x02, 0x03, 0xa0, 0x03, 0x0c, 0x01,
					     0x78 };

	(void)arg;
	gcert_raw_ext(crt, "2.5.29.30", der, sizeof(der), true);
}

Test(nameconstraints, unknown_form_fails_closed)
{
	pki_t p;
	leafspec_t upn = { .sans = { DNS("a.example"), UPN("someone@example.com") } };
	leafspec_t plain = { .sans = { DNS("a.example") } };

	p.root = gcert("CN=Root", NULL, true, NULL, NULL);
	p.sub = gcert("CN=Sub CA", &p.root, true, othername_nc, NULL);
	gcert_expect_reason(leaf_verify(&p, "CN=leaf", &upn, NULL), PKI_VERIFY_NAME_CONSTRAINTS,
			    0, "constrains otherName names, which libpki cannot check", NULL);
	/* a constraint on a form the path does not use costs nothing */
	gcert_expect_valid(leaf_verify(&p, "CN=leaf", &plain, NULL));
	ca_free(&p);
}

/* ---- along the path ------------------------------------------------------------------ */

/* root -> CA1 (permits a.example, b.example) -> CA2 (permits b.example) -> leaf a.example:
 * the permitted sets intersect, so a later CA cannot widen them and a.example is refused. */
Test(nameconstraints, permitted_subtrees_intersect)
{
	ncspec_t n1 = { .permitted = { DNS("a.example"), DNS("b.example") } };
	ncspec_t n2 = { .permitted = { DNS("b.example") } };
	ncspec_t n3 = { .permitted = { DNS("a.example"), DNS("b.example") } };
	ncspec_t n4 = { .permitted = { DNS("b.example") } };
	leafspec_t a = { .sans = { DNS("www.a.example") } };
	leafspec_t b = { .sans = { DNS("www.b.example") } };
	gcert_t root = gcert("CN=Root", NULL, true, NULL, NULL);
	gcert_t ca1 = gcert("CN=CA1", &root, true, add_nc, &n1);
	gcert_t ca2 = gcert("CN=CA2", &ca1, true, add_nc, &n2);
	gcert_t wide1 = gcert("CN=Wide1", &root, true, add_nc, &n4);
	gcert_t wide2 = gcert("CN=Wide2", &wide1, true, add_nc, &n3);
	gcert_t la = gcert("CN=leaf", &ca2, false, add_sans, &a);
	gcert_t lb = gcert("CN=leaf", &ca2, false, add_sans, &b);
	gcert_t wa = gcert("CN=leaf", &wide2, false, add_sans, &a);

	gcert_expect_reason(gcert_verify(&la, &root, &ca1, &ca2, NULL),
			    PKI_VERIFY_NAME_CONSTRAINTS, 0, "'CN=CA2' permits only some", NULL);
	gcert_expect_valid(gcert_verify(&lb, &root, &ca1, &ca2, NULL));
	gcert_expect_reason(gcert_verify(&wa, &root, &wide1, &wide2, NULL),
			    PKI_VERIFY_NAME_CONSTRAINTS, 0, "'CN=Wide1' permits only some", NULL);
	gcert_free(&wa);
	gcert_free(&lb);
	gcert_free(&la);
	gcert_free(&wide2);
	gcert_free(&wide1);
	gcert_free(&ca2);
	gcert_free(&ca1);
	gcert_free(&root);
}
