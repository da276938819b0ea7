/*
 * Name constraints through pki_cert_verify (libpki/nameconstraints.c): each test builds a
 * root, an intermediate "CN=Sub CA" carrying the constraints and a leaf with GnuTLS
 * (tests/gcert.h), and checks the verdict and the reason. Every refusal has a control case
 * that verifies, so a test cannot pass by refusing everything.
 */
#define PKI_TEST_FIXED_CLOCK /* libpki, GnuTLS and gcert() at TEST_NOW (helpers.h) */
#include "gcert.h"

#include "../libpki/asn1.h"

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

/* The GeneralName alternative (pkix.asn) of a gnutls_x509_subject_alt_name_t. */
static const char *gn_choice(int type)
{
	switch (type) {
	case GNUTLS_SAN_DNSNAME:
		return "dNSName";
	case GNUTLS_SAN_RFC822NAME:
		return "rfc822Name";
	case GNUTLS_SAN_URI:
		return "uniformResourceIdentifier";
	case GNUTLS_SAN_IPADDRESS:
		return "iPAddress";
	case GNUTLS_SAN_DN:
		return "directoryName";
	case GNUTLS_SAN_OTHERNAME_MSUSERPRINCIPAL:
		return "otherName";
	}
	cr_assert(false, "no GeneralName alternative for type %d", type);
	return NULL;
}

/* Copy the Name DER @p der into the Name element @p path of @p node, attribute by attribute
 * (decoded and written with libtasn1). */
static void name_write(asn1_node node, const char *path, const gnutls_datum_t *der)
{
	asn1_node name = NULL;
	size_t nrdn = 0;
	char p[256];

	ok_(pki__asn1_decode(&name, "Name", der->data, der->size));
	ok_(pki__asn1_write_str(node, path, "rdnSequence"));
	ok_(pki__asn1_count(&nrdn, name, "rdnSequence"));
	for (size_t i = 1; i <= nrdn; i++) {
		size_t natv = 0;

		snprintf(p, sizeof(p), "%s.rdnSequence", path);
		ok_(pki__asn1_write_str(node, p, "NEW"));
		snprintf(p, sizeof(p), "rdnSequence.?%zu", i);
		ok_(pki__asn1_count(&natv, name, p));
		for (size_t j = 1; j <= natv; j++) {
			gnutls_datum_t type, value;

			snprintf(p, sizeof(p), "rdnSequence.?%zu.?%zu.type", i, j);
			ok_(pki__asn1_read(&type, name, p));
			snprintf(p, sizeof(p), "rdnSequence.?%zu.?%zu.value", i, j);
			ok_(pki__asn1_read(&value, name, p));
			snprintf(p, sizeof(p), "%s.rdnSequence.?LAST", path);
			ok_(pki__asn1_write_str(node, p, "NEW"));
			snprintf(p, sizeof(p), "%s.rdnSequence.?LAST.?LAST.type", path);
			ok_(pki__asn1_write_str(node, p, (const char *)type.data));
			snprintf(p, sizeof(p), "%s.rdnSequence.?LAST.?LAST.value", path);
			ok_(pki__asn1_write(node, p, value.data, value.size));
			gnutls_free(type.data);
			gnutls_free(value.data);
		}
	}
	pki__asn1_free(&name);
}

/* Write @p g into the GeneralName element @p path of @p node (an address/prefix for a
 * constraint). */
static void gn_write(asn1_node node, const char *path, const gn_t *g, bool constraint)
{
	unsigned char buf[100];
	gnutls_datum_t d = gn_bytes(g, constraint, buf);
	const char *alt = gn_choice(g->type);
	char p[128];

	ok_(pki__asn1_write_str(node, path, alt));
	snprintf(p, sizeof(p), "%s.%s", path, alt);
	if (g->type == GNUTLS_SAN_DN) {
		name_write(node, p, &d);
	} else if (g->type == GNUTLS_SAN_OTHERNAME_MSUSERPRINCIPAL) {
		/* AnotherName { UPN, [0] EXPLICIT UTF8String } */
		asn1_node str = NULL;
		gnutls_datum_t utf8;

		ok_(pki__asn1_create(&str, "DirectoryString"));
		ok_(pki__asn1_write_str(str, "", "utf8String"));
		ok_(pki__asn1_write(str, "utf8String", d.data, d.size));
		ok_(pki__asn1_encode(&utf8, str, ""));
		pki__asn1_free(&str);
		snprintf(p, sizeof(p), "%s.otherName.type-id", path);
		ok_(pki__asn1_write_str(node, p, "1.3.6.1.4.1.311.20.2.3"));
		snprintf(p, sizeof(p), "%s.otherName.value", path);
		ok_(pki__asn1_write(node, p, utf8.data, utf8.size));
		gnutls_free(utf8.data);
	} else {
		ok_(pki__asn1_write(node, p, d.data, d.size));
	}
}

/* The DER of @p node set as extension @p oid of @p crt; frees @p node. */
static void set_ext(gnutls_x509_crt_t crt, const char *oid, asn1_node *node, bool critical)
{
	gnutls_datum_t der;

	ok_(pki__asn1_encode(&der, *node, ""));
	pki__asn1_free(node);
	gcert_raw_ext(crt, oid, der.data, der.size, critical);
	gnutls_free(der.data);
}

/* NameConstraints encoded with libtasn1 here: GnuTLS 3.7 writes no directoryName subtree. */
static void add_nc(gnutls_x509_crt_t crt, const void *arg)
{
	static const char *const field[2] = { "permittedSubtrees", "excludedSubtrees" };
	const ncspec_t *s = arg;
	asn1_node nc = NULL;

	ok_(pki__asn1_create(&nc, "NameConstraints"));
	for (int ex = 0; ex < 2; ex++) {
		const gn_t *list = ex ? s->excluded : s->permitted;
		char p[64];

		if (!list[0].value) {
			ok_(pki__asn1_write(nc, field[ex], NULL, 0)); /* absent */
			continue;
		}
		for (size_t i = 0; i < 4 && list[i].value; i++) {
			ok_(pki__asn1_write_str(nc, field[ex], "NEW"));
			snprintf(p, sizeof(p), "%s.?LAST.maximum", field[ex]);
			ok_(pki__asn1_write(nc, p, NULL, 0)); /* absent; minimum is DEFAULT 0 */
			snprintf(p, sizeof(p), "%s.?LAST.base", field[ex]);
			gn_write(nc, p, &list[i], true);
		}
	}
	set_ext(crt, "2.5.29.30", &nc, true);
}

typedef struct {
	gn_t sans[4];
	const char *email; /* a subject emailAddress attribute */
} leafspec_t;

/* The subjectAltName encoded with libtasn1 here: GnuTLS 3.7 writes no directoryName SAN. */
static void add_sans(gnutls_x509_crt_t crt, const void *arg)
{
	const leafspec_t *s = arg;

	if (s->sans[0].value) {
		asn1_node san = NULL;

		ok_(pki__asn1_create(&san, "SubjectAltName"));
		for (size_t i = 0; i < 4 && s->sans[i].value; i++) {
			ok_(pki__asn1_write_str(san, "", "NEW"));
			gn_write(san, "?LAST", &s->sans[i], false);
		}
		set_ext(crt, "2.5.29.17", &san, false);
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

/* A leaf (subject CN=leaf) verified for .host (when not NULL) under a CA with some name
 * constraints: valid when .detail is NULL, else refused for PKI_VERIFY_NAME_CONSTRAINTS with
 * .detail (and .detail2 when not NULL) in the reason. */
typedef struct {
	leafspec_t leaf;
	const char *host, *detail, *detail2;
} nccase_t;

static void nc_check(const ncspec_t *nc, const nccase_t *cases, size_t n)
{
	pki_t p = ca_with(nc);

	for (size_t i = 0; i < n; i++) {
		pki_verify_result_t *r = leaf_verify(&p, "CN=leaf", &cases[i].leaf, cases[i].host);

		if (cases[i].detail)
			gcert_expect_reason(r, PKI_VERIFY_NAME_CONSTRAINTS, 0, cases[i].detail,
					    cases[i].detail2);
		else
			gcert_expect_valid(r);
	}
	ca_free(&p);
}

/* ---- DNS ----------------------------------------------------------------------------- */

/* The bug of the issue: excluding bank.example.com must not let *.example.com through. */
Test(nameconstraints, excluded_dns_not_bypassed_by_wildcard)
{
	ncspec_t nc = { .excluded = { DNS("bank.example.com") } };
	static const nccase_t cases[] = {
		{ { .sans = { DNS("*.example.com") } },
		  "bank.example.com",
		  "intermediate 1 'CN=Sub CA' excludes bank.example.com",
		  "SAN DNS:*.example.com covers it" },
		/* whatever host is asked for: the certificate itself is out of bounds */
		{ { .sans = { DNS("*.example.com") } }, "www.example.com", "excludes bank.example.com",
		  NULL },
		{ { .sans = { DNS("*.other.example") } }, "www.other.example", NULL, NULL },
	};

	nc_check(&nc, cases, sizeof(cases) / sizeof(cases[0]));
}

Test(nameconstraints, excluded_dns_subtree)
{
	ncspec_t nc = { .excluded = { DNS("bank.example.com") } };
	static const nccase_t cases[] = {
		{ { .sans = { DNS("www.BANK.example.com") } }, NULL, "excludes bank.example.com", NULL },
		{ { .sans = { DNS("notbank.example.com") } }, NULL, NULL, NULL },
	};

	nc_check(&nc, cases, sizeof(cases) / sizeof(cases[0]));
}

Test(nameconstraints, permitted_dns_and_wildcards)
{
	ncspec_t nc = { .permitted = { DNS("foo.example.com") } };
	ncspec_t wide = { .permitted = { DNS("example.com") } };
	static const nccase_t cases[] = {
		/* *.example.com stands for bar.example.com too, which foo.example.com does not
		 * permit */
		{ { .sans = { DNS("*.example.com") } },
		  NULL,
		  "permits only some DNS names",
		  "*.example.com" },
		{ { .sans = { DNS("foo.example.com"), DNS("evil.example") } },
		  NULL,
		  "evil.example",
		  NULL },
		{ { .sans = { DNS("a.foo.example.com") } }, NULL, NULL, NULL },
	};
	static const nccase_t wide_cases[] = {
		{ { .sans = { DNS("*.example.com") } }, NULL, NULL, NULL },
	};

	nc_check(&nc, cases, sizeof(cases) / sizeof(cases[0]));
	nc_check(&wide, wide_cases, 1);
}

/* ---- IP ------------------------------------------------------------------------------ */

Test(nameconstraints, ipv4_mapped_ipv6_is_the_ipv4_address)
{
	ncspec_t nc = { .excluded = { IP("10.0.0.0/8") } };
	static const nccase_t cases[] = {
		{ { .sans = { DNS("a.example"), IP("::ffff:10.1.2.3") } },
		  NULL,
		  "excludes 10.0.0.0/8",
		  "::ffff:10.1.2.3" },
		{ { .sans = { DNS("a.example"), IP("10.1.2.3") } }, NULL, "10.1.2.3", NULL },
		{ { .sans = { DNS("a.example"), IP("::ffff:192.0.2.1") } }, NULL, NULL, NULL },
	};

	nc_check(&nc, cases, sizeof(cases) / sizeof(cases[0]));
}

Test(nameconstraints, permitted_ipv6)
{
	ncspec_t nc = { .permitted = { IP("fd00::/8") } };
	static const nccase_t cases[] = {
		{ { .sans = { IP("fd12::1") } }, NULL, NULL, NULL },
		{ { .sans = { IP("2001:db8::1") } }, NULL, "permits only some IP names", "2001:db8::1" },
		/* an IPv4 address is not in an IPv6 subtree (its mapped form is not in fd00::/8) */
		{ { .sans = { IP("192.0.2.1") } }, NULL, "192.0.2.1", NULL },
	};

	nc_check(&nc, cases, sizeof(cases) / sizeof(cases[0]));
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
