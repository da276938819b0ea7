/*
 * libpki — name constraints of one path (RFC 5280 4.2.1.10, 6.1.3 (b)/(c), 6.1.4 (g)).
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * RFC 5280 keeps one permitted set (intersected) and one excluded set (united) while walking
 * the path down from the anchor. Checking every certificate below a CA against that CA's own
 * subtrees, for every CA of the path, decides the same: a name lies in the intersection of the
 * permitted sets exactly when every CA that permits names of its type permits it, and in the
 * union of the excluded sets when some CA excludes it. The trust anchor's constraints count as
 * well (as in GnuTLS and Chromium). Self-issued intermediates are not checked (6.1.3 (b)); the
 * leaf always is.
 *
 * The names of a certificate: its subjectAltName entries, its subject (a directoryName, when
 * not empty) and the emailAddress attributes of its subject (as rfc822Names). The forms:
 * - dNSName: "example.com" covers example.com and every name below it; "" covers all. A SAN
 *   "*.example.com" stands for every name one label below example.com: it is permitted only
 *   when all of them are, and excluded when any of them is, so excluding bank.example.com
 *   forbids *.example.com. The leading-period form ".example.com" is not RFC 5280 but common
 *   (OpenSSL, GnuTLS, Go, and libpki's own pki_issue_opts_add_name_constraint write it): it is
 *   read the way that refuses more, as names strictly below example.com when permitted, and as
 *   example.com and every name below it when excluded.
 * - iPAddress: address and mask (8 or 16 + 16 bytes, a contiguous mask); an IPv4-mapped IPv6
 *   address (::ffff:a.b.c.d) is also compared as the IPv4 address, and an IPv4 address also as
 *   its mapped IPv6 form, so neither spelling slips past a constraint on the other.
 * - rfc822Name: a mailbox (exact; the host part case-insensitive), a host (every mailbox at
 *   it), or ".domain" (every mailbox at a host below the domain).
 * - uniformResourceIdentifier: the host of the URI's authority against a host or ".domain"; a
 *   URI without a host name (no authority, or an IP literal) cannot be checked: it fails.
 * - directoryName: the subject and dirName SANs against Name subtrees (pki__dn_within).
 * Any other form (otherName, x400Address, ediPartyName, registeredID) cannot be checked: a
 * constraint of such a form fails the path when a certificate below has a name of that form.
 * A constraint or name that does not parse, or is malformed for its form, fails the path, as
 * does a NameConstraints with no subtree at all or a subtree with minimum/maximum (RFC 5280
 * says they MUST be absent).
 *
 * Bounds: at most MAX_SUBTREES subtrees per certificate and MAX_NAMES names per certificate
 * are examined, and at most MAX_WORK name-against-subtree comparisons per path (a few ms;
 * real chains need tens); beyond any of them the path fails with a reason (fail closed).
 * Directory names are parsed and prepared once per certificate (namecmp.h), so one
 * comparison costs a few memcmp.
 */
#include "verify-int.h"

#include "asn1.h"
#include "namecmp.h"

#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

#define MAX_SUBTREES 256
#define MAX_NAMES 1024
#define MAX_WORK (1u << 18) /* name-against-subtree comparisons in one path */

#define OID_SAN "2.5.29.17"
#define OID_NC "2.5.29.30"
#define OID_EMAIL "1.2.840.113549.1.9.1"

typedef pki__gn_t gn_t; /* crl-int.h */

static const char *const gn_alt[PKI__GN_COUNT] = {
	"otherName", "rfc822Name", "dNSName", "x400Address", "directoryName",
	"ediPartyName", "uniformResourceIdentifier", "iPAddress", "registeredID",
};

static const char *const gn_label[PKI__GN_COUNT] = {
	"otherName", "email", "DNS", "x400Address", "DirName", "ediPartyName", "URI", "IP",
	"registeredID",
};

/* A general name: its form and value (IA5 text, IP octets, or a Name's DER). */
typedef struct {
	gn_t type;
	gnutls_datum_t v; /* gnutls_malloc */
	pki__dn_t *dn;    /* PKI__GN_DIRNAME: prepared once (NULL: malformed) */
	bool subject;     /* from the subject field, not the SAN extension */
} gname_t;

typedef struct {
	gname_t *p;
	size_t n, cap;
} gnames_t;

typedef struct {
	gnames_t permitted, excluded;
	unsigned perm_types, excl_types; /* 1 << gn_t of the forms present */
} nc_t;

static void gnames_clear(gnames_t *g)
{
	for (size_t i = 0; i < g->n; i++) {
		gnutls_free(g->p[i].v.data);
		pki__dn_release(g->p[i].dn);
	}
	pki_free(g->p);
	memset(g, 0, sizeof(*g));
}

/* Take @p v over (freed on failure too); a directoryName is prepared (pki__dn_prepare), its
 * dn left NULL when malformed. False when out of memory. */
static bool gnames_add(gnames_t *g, gn_t type, gnutls_datum_t *v, bool subject)
{
	pki__dn_t *dn = NULL;

	if (type == PKI__GN_DIRNAME && pki__dn_prepare(&dn, v) == PKI_E_NOMEM) {
		gnutls_free(v->data);
		v->data = NULL;
		return false;
	}
	if (g->n == g->cap) {
		int err;
		/* the callers' bounds come first: MAX_NAMES and the subject, MAX_SUBTREES */
		gname_t *p = pki__grow(g->p, &g->cap, g->n, sizeof(*p), MAX_NAMES + 1, "names", &err);

		if (!p) {
			gnutls_free(v->data);
			v->data = NULL;
			pki__dn_release(dn);
			return false;
		}
		g->p = p;
	}
	g->p[g->n].type = type;
	g->p[g->n].v = *v;
	g->p[g->n].dn = dn;
	g->p[g->n].subject = subject;
	g->n++;
	v->data = NULL;
	v->size = 0;
	return true;
}

/* ---- decoding ------------------------------------------------------------------------ */

typedef enum { DEC_OK = 0, DEC_MALFORMED, DEC_NOMEM } dec_t;

static dec_t dec_rc(int rc)
{
	return rc == PKI_E_NOMEM ? DEC_NOMEM : DEC_MALFORMED;
}

/* The GeneralName at @p elem ("?3", "permittedSubtrees.?1.base") of @p node, decoded from
 * @p der. */
static dec_t read_gname(gn_t *type, gnutls_datum_t *v, asn1_node node, const char *elem,
			const gnutls_datum_t *der)
{
	gnutls_datum_t alt = { NULL, 0 }, inner;
	char path[160];
	int rc;

	*type = PKI__GN_OTHER;
	v->data = NULL;
	v->size = 0;
	rc = pki__asn1_read(&alt, node, elem);
	if (rc < 0)
		return dec_rc(rc);
	for (int t = 0; t < PKI__GN_COUNT; t++) {
		if (strcmp((const char *)alt.data, gn_alt[t]) == 0) {
			*type = (gn_t)t;
			break;
		}
	}
	if (strcmp((const char *)alt.data, gn_alt[*type]) != 0) {
		gnutls_free(alt.data);
		return DEC_MALFORMED;
	}
	gnutls_free(alt.data);
	switch (*type) {
	case PKI__GN_RFC822:
	case PKI__GN_DNS:
	case PKI__GN_URI:
	case PKI__GN_IP:
		snprintf(path, sizeof(path), "%s.%s", elem, gn_alt[*type]);
		rc = pki__asn1_read(v, node, path);
		return rc < 0 ? dec_rc(rc) : DEC_OK;
	case PKI__GN_DIRNAME: {
		/* libtasn1 reports the element with its [4] EXPLICIT tag: the Name is the
		 * contents of that (already decoded and checked) TLV */
		unsigned char cls;
		unsigned long tag;
		int taglen = 0, lenlen = 0;
		long len;

		snprintf(path, sizeof(path), "%s.directoryName", elem);
		rc = pki__asn1_der_of(&inner, node, path, der->data, der->size);
		if (rc < 0)
			return dec_rc(rc);
		if (asn1_get_tag_der(inner.data, (int)inner.size, &cls, &taglen, &tag) !=
			    ASN1_SUCCESS ||
		    tag != 4)
			return DEC_MALFORMED;
		len = asn1_get_length_der(inner.data + taglen, (int)inner.size - taglen, &lenlen);
		if (len < 0 || (size_t)taglen + (size_t)lenlen + (size_t)len != inner.size)
			return DEC_MALFORMED;
		v->data = gnutls_malloc(len ? (size_t)len : 1);
		if (!v->data)
			return DEC_NOMEM;
		memcpy(v->data, inner.data + taglen + lenlen, (size_t)len);
		v->size = (unsigned)len;
		return DEC_OK;
	}
	default:
		return DEC_OK; /* forms libpki does not look into */
	}
}

/* The names of @p crt: SAN entries, the subject when not empty, subject emailAddresses. */
static dec_t cert_names(gnames_t *out, gnutls_x509_crt_t crt)
{
	gnutls_datum_t der = { NULL, 0 }, d;
	unsigned crit = 0;
	asn1_node node = NULL;
	gnutls_x509_dn_t dn = NULL;
	dec_t st = DEC_OK;
	int ret;

	ret = gnutls_x509_crt_get_extension_by_oid2(crt, OID_SAN, 0, &der, &crit);
	if (ret == 0) {
		size_t n = 0;
		int rc = pki__asn1_decode(&node, "SubjectAltName", der.data, der.size);

		if (rc == 0)
			rc = pki__asn1_count(&n, node, "");
		if (rc < 0 || n == 0)
			st = rc == PKI_E_NOMEM ? DEC_NOMEM : DEC_MALFORMED;
		for (size_t k = 0; st == DEC_OK && k < n; k++) {
			char elem[32];
			gn_t type;

			snprintf(elem, sizeof(elem), "?%zu", k + 1);
			st = read_gname(&type, &d, node, elem, &der);
			if (st == DEC_OK && out->n >= MAX_NAMES)
				st = DEC_MALFORMED;
			if (st == DEC_OK && !gnames_add(out, type, &d, false))
				st = DEC_NOMEM;
			gnutls_free(d.data);
		}
		pki__asn1_free(&node);
		gnutls_free(der.data);
		if (st != DEC_OK)
			return st;
	} else if (ret != GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
		return ret == GNUTLS_E_MEMORY_ERROR ? DEC_NOMEM : DEC_MALFORMED;
	}

	/* the subject: a directoryName unless empty, and its emailAddress attributes */
	if (gnutls_x509_crt_get_raw_dn(crt, &d) < 0)
		return DEC_MALFORMED;
	if (!gnames_add(out, PKI__GN_DIRNAME, &d, true))
		return DEC_NOMEM;
	if (!out->p[out->n - 1].dn)
		return DEC_MALFORMED;
	if (pki__dn_prep_rdns(out->p[out->n - 1].dn) == 0) { /* empty: not a name (4.2.1.10) */
		out->n--;
		gnutls_free(out->p[out->n].v.data);
		pki__dn_release(out->p[out->n].dn);
	}
	if (gnutls_x509_crt_get_subject(crt, &dn) < 0)
		return DEC_MALFORMED;
	{
		gnutls_x509_ava_st ava;
		bool empty = gnutls_x509_dn_get_rdn_ava(dn, 0, 0, &ava) < 0;

		for (int i = 0; !empty && i < 4096; i++) {
			int j;

			for (j = 0;; j++) {
				gnutls_datum_t e;

				if (gnutls_x509_dn_get_rdn_ava(dn, i, j, &ava) < 0)
					break;
				if (ava.oid.size != sizeof(OID_EMAIL) - 1 &&
				    ava.oid.size != sizeof(OID_EMAIL))
					continue; /* libtasn1 may count the NUL */
				if (memcmp(ava.oid.data, OID_EMAIL, sizeof(OID_EMAIL) - 1) != 0)
					continue;
				if (out->n >= MAX_NAMES)
					return DEC_MALFORMED;
				e.data = gnutls_malloc(ava.value.size + 1);
				if (!e.data)
					return DEC_NOMEM;
				memcpy(e.data, ava.value.data, ava.value.size);
				e.data[ava.value.size] = '\0';
				e.size = ava.value.size;
				if (!gnames_add(out, PKI__GN_RFC822, &e, true))
					return DEC_NOMEM;
			}
			if (j == 0)
				break; /* no more RDNs (namecmp refused empty ones above) */
		}
	}
	return DEC_OK;
}

/* The name constraints of @p crt into @p nc; *present false when it has none. @p why gets a
 * phrase for the reason when malformed. */
static dec_t cert_nc(nc_t *nc, bool *present, gnutls_x509_crt_t crt, char *why, size_t wlen)
{
	gnutls_datum_t der = { NULL, 0 };
	unsigned crit = 0;
	asn1_node node = NULL;
	dec_t st = DEC_OK;
	size_t total = 0;
	int ret, rc;

	memset(nc, 0, sizeof(*nc));
	*present = false;
	ret = gnutls_x509_crt_get_extension_by_oid2(crt, OID_NC, 0, &der, &crit);
	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return DEC_OK;
	*present = true;
	if (ret < 0) {
		snprintf(why, wlen, "cannot be read");
		return ret == GNUTLS_E_MEMORY_ERROR ? DEC_NOMEM : DEC_MALFORMED;
	}
	rc = pki__asn1_decode(&node, "NameConstraints", der.data, der.size);
	if (rc < 0) {
		snprintf(why, wlen, "do not parse");
		gnutls_free(der.data);
		return dec_rc(rc);
	}
	for (int ex = 0; ex < 2 && st == DEC_OK; ex++) {
		const char *set = ex ? "excludedSubtrees" : "permittedSubtrees";
		gnames_t *g = ex ? &nc->excluded : &nc->permitted;
		unsigned *types = ex ? &nc->excl_types : &nc->perm_types;
		gnutls_datum_t whole;
		size_t n = 0;

		rc = pki__asn1_count(&n, node, set);
		if (rc < 0) {
			st = dec_rc(rc);
			snprintf(why, wlen, "do not parse");
			break;
		}
		if (n == 0 && pki__asn1_der_of(&whole, node, set, der.data, der.size) == 0) {
			st = DEC_MALFORMED; /* present but empty: SIZE (1..MAX) */
			snprintf(why, wlen, "have an empty %s", set);
			break;
		}
		total += n;
		if (total > MAX_SUBTREES) {
			st = DEC_MALFORMED;
			snprintf(why, wlen, "have more than %d subtrees, more than libpki examines",
				 MAX_SUBTREES);
			break;
		}
		for (size_t k = 0; k < n && st == DEC_OK; k++) {
			char elem[64], sub[96];
			int64_t num = 0;
			gnutls_datum_t v;
			gn_t type;

			snprintf(elem, sizeof(elem), "%s.?%zu.base", set, k + 1);
			st = read_gname(&type, &v, node, elem, &der);
			if (st != DEC_OK) {
				snprintf(why, wlen, "have a %s entry that does not parse", set);
				break;
			}
			snprintf(sub, sizeof(sub), "%s.?%zu.minimum", set, k + 1);
			rc = pki__asn1_read_int(&num, node, sub);
			if (rc == 0 && num != 0)
				rc = PKI_E_PARSE;
			if (rc == 0 || rc == PKI_E_NOT_FOUND) {
				snprintf(sub, sizeof(sub), "%s.?%zu.maximum", set, k + 1);
				rc = pki__asn1_read_int(&num, node, sub) == PKI_E_NOT_FOUND ? 0
											   : PKI_E_PARSE;
			}
			if (rc < 0) {
				gnutls_free(v.data);
				st = DEC_MALFORMED;
				snprintf(why, wlen,
					 "use a minimum or maximum distance, which RFC 5280 forbids");
				break;
			}
			*types |= 1u << type;
			if (!gnames_add(g, type, &v, false))
				st = DEC_NOMEM;
		}
	}
	if (st == DEC_OK && nc->permitted.n == 0 && nc->excluded.n == 0) {
		st = DEC_MALFORMED;
		snprintf(why, wlen, "have neither permitted nor excluded subtrees");
	}
	pki__asn1_free(&node);
	gnutls_free(der.data);
	return st;
}

/* ---- the forms ----------------------------------------------------------------------- */

static bool is_ldh(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

/* A host name: LDH labels of 1..63 characters separated by single dots, at most 253 in all,
 * optionally one trailing dot (already removed by the caller). */
static bool valid_host(const char *s, size_t n)
{
	size_t label = 0;

	if (n == 0 || n > 253)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (label == 0)
				return false;
			label = 0;
		} else if (is_ldh(s[i])) {
			if (++label > 63)
				return false;
		} else {
			return false;
		}
	}
	return label > 0;
}

/* @p name lies in the DNS subtree @p base: equal, or below it (case-insensitive). */
static bool host_within(const char *name, size_t n, const char *base, size_t b)
{
	if (b == 0)
		return true;
	if (n == b)
		return strncasecmp(name, base, n) == 0;
	return n > b && name[n - b - 1] == '.' && strncasecmp(name + n - b, base, b) == 0;
}

/* @p name lies strictly below @p domain (given without its leading dot). */
static bool host_below(const char *name, size_t n, const char *domain, size_t d)
{
	return n > d + 1 && name[n - d - 1] == '.' && strncasecmp(name + n - d, domain, d) == 0;
}

typedef struct {
	const char *s;
	size_t n;
	bool below; /* leading period: strictly below s */
} dnsc_t;

/* A dNSName constraint; false when malformed for @p profile. */
static bool dns_constraint(dnsc_t *c, const gnutls_datum_t *v, int profile)
{
	c->s = (const char *)v->data;
	c->n = v->size;
	c->below = false;
	if (c->n == 0)
		return true;
	if (memchr(c->s, '\0', c->n))
		return false;
	(void)profile;
	if (c->s[0] == '.')
		c->s++, c->n--, c->below = true;
	return valid_host(c->s, c->n);
}

typedef struct {
	const char *s; /* without the wildcard label */
	size_t n;
	bool wildcard; /* the SAN was "*." + s */
} dnsn_t;

/* A dNSName of a certificate: false when malformed (empty, leading dot, '*' other than a
 * whole left-most label). */
static bool dns_name(dnsn_t *d, const gnutls_datum_t *v)
{
	d->s = (const char *)v->data;
	d->n = v->size;
	d->wildcard = false;
	if (d->n == 0 || memchr(d->s, '\0', d->n))
		return false;
	if (d->n > 1 && d->s[d->n - 1] == '.')
		d->n--; /* an absolute name */
	if (d->n >= 2 && d->s[0] == '*' && d->s[1] == '.') {
		d->s += 2, d->n -= 2, d->wildcard = true;
	}
	return valid_host(d->s, d->n);
}

/* Whether the constraint covers some name the SAN stands for (excluded), or all of them
 * (permitted). */
static bool dns_match(const dnsn_t *d, const dnsc_t *cons, bool all)
{
	dnsc_t k = *cons, *c = &k;

	if (!all)
		k.below = false; /* excluded ".x": x and below (see the top of the file) */
	if (!d->wildcard)
		return c->below ? host_below(d->s, d->n, c->s, c->n) : host_within(d->s, d->n, c->s, c->n);
	/* "*.S" stands for L.S for every single label L */
	if (c->below) /* L.S below C: S == C or S below C */
		return host_within(d->s, d->n, c->s, c->n);
	if (host_within(d->s, d->n, c->s, c->n))
		return true; /* every L.S is within C */
	if (all)
		return false;
	/* some L.S equals C (or lies below it): C is one label followed by ".S" */
	return c->n > d->n + 1 && c->s[c->n - d->n - 1] == '.' &&
	       strncasecmp(c->s + c->n - d->n, d->s, d->n) == 0 &&
	       memchr(c->s, '.', c->n - d->n - 1) == NULL;
}

/* An IP constraint: address and contiguous mask of the same family. */
static bool ip_constraint(const gnutls_datum_t *v)
{
	size_t half = v->size / 2;
	bool zero = false;

	if (v->size != 8 && v->size != 32)
		return false;
	for (size_t i = 0; i < half; i++) {
		unsigned char m = v->data[half + i], inv = (unsigned char)~m;

		if (zero && m != 0)
			return false;
		if (inv & (unsigned char)(inv + 1))
			return false; /* not ones followed by zeros */
		if (m != 0xff)
			zero = true;
	}
	return true;
}

static bool ip_in(const unsigned char *a, size_t alen, const gnutls_datum_t *c)
{
	size_t half = c->size / 2;

	if (alen != half)
		return false;
	for (size_t i = 0; i < half; i++)
		if ((a[i] & c->data[half + i]) != (c->data[i] & c->data[half + i]))
			return false;
	return true;
}

static const unsigned char mapped_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

/* The address in either spelling (IPv4 and IPv4-mapped IPv6) lies in the constraint. */
static bool ip_match(const gnutls_datum_t *a, const gnutls_datum_t *c)
{
	unsigned char alt[16];

	if (ip_in(a->data, a->size, c))
		return true;
	if (a->size == 4) {
		memcpy(alt, mapped_prefix, 12);
		memcpy(alt + 12, a->data, 4);
		return ip_in(alt, 16, c);
	}
	if (a->size == 16 && memcmp(a->data, mapped_prefix, 12) == 0)
		return ip_in(a->data + 12, 4, c);
	return false;
}

/* A mailbox "local@host": the position of the '@', or 0 when malformed. */
static size_t mailbox_at(const char *s, size_t n)
{
	const char *at;

	if (n == 0 || memchr(s, '\0', n))
		return 0;
	at = memchr(s, '@', n);
	if (!at || at == s || memchr(at + 1, '@', n - (size_t)(at - s) - 1))
		return 0;
	if (!valid_host(at + 1, n - (size_t)(at - s) - 1))
		return 0;
	return (size_t)(at - s);
}

/* An rfc822Name constraint: a mailbox, a host or ".domain". */
static bool mail_constraint(const gnutls_datum_t *v)
{
	const char *s = (const char *)v->data;
	size_t n = v->size;

	if (n == 0 || memchr(s, '\0', n))
		return false;
	if (memchr(s, '@', n))
		return mailbox_at(s, n) != 0;
	if (s[0] == '.')
		return valid_host(s + 1, n - 1);
	return valid_host(s, n);
}

static bool mail_match(const gnutls_datum_t *name, const gnutls_datum_t *c)
{
	const char *s = (const char *)name->data, *cs = (const char *)c->data;
	size_t at = mailbox_at(s, name->size);
	const char *host = s + at + 1;
	size_t hn = name->size - at - 1;

	if (memchr(cs, '@', c->size)) { /* a mailbox: the local part exact, the host not */
		size_t cat = mailbox_at(cs, c->size);

		return cat == at && memcmp(s, cs, at) == 0 && hn == c->size - cat - 1 &&
		       strncasecmp(host, cs + cat + 1, hn) == 0;
	}
	if (cs[0] == '.')
		return host_below(host, hn, cs + 1, c->size - 1);
	return hn == c->size && strncasecmp(host, cs, hn) == 0;
}

/* The host of a URI's authority (scheme "://" [userinfo "@"] host [":" port]); false when
 * there is none or it is not a host name (an IP literal, an IPv4 address). */
static bool uri_host(const char **h, size_t *hn, const gnutls_datum_t *v)
{
	const char *s = (const char *)v->data, *end, *p, *colon;
	size_t n = v->size;

	if (n == 0 || memchr(s, '\0', n))
		return false;
	p = memchr(s, ':', n);
	if (!p || p == s || (size_t)(s + n - p) < 3 || p[1] != '/' || p[2] != '/')
		return false;
	p += 3;
	end = p;
	while (end < s + n && *end != '/' && *end != '?' && *end != '#')
		end++;
	for (const char *q = p; q < end; q++) /* userinfo ends at the last '@' */
		if (*q == '@')
			p = q + 1;
	if (p >= end || *p == '[')
		return false; /* no host, or an IP literal */
	colon = memchr(p, ':', (size_t)(end - p));
	if (colon)
		end = colon;
	if (end > p && end[-1] == '.')
		end--;
	*h = p;
	*hn = (size_t)(end - p);
	if (!valid_host(*h, *hn))
		return false;
	{
		unsigned char ip[16];
		char tmp[256];

		memcpy(tmp, *h, *hn);
		tmp[*hn] = '\0';
		if (pki__parse_ip(tmp, ip) != 0)
			return false;
	}
	return true;
}

/* A URI constraint: a host or ".domain". */
static bool uri_constraint(const gnutls_datum_t *v)
{
	const char *s = (const char *)v->data;

	if (v->size == 0 || memchr(s, '\0', v->size))
		return false;
	if (s[0] == '.')
		return valid_host(s + 1, v->size - 1);
	return valid_host(s, v->size);
}

static bool uri_match(const char *h, size_t hn, const gnutls_datum_t *c)
{
	const char *cs = (const char *)c->data;

	if (cs[0] == '.')
		return host_below(h, hn, cs + 1, c->size - 1);
	return hn == c->size && strncasecmp(h, cs, hn) == 0;
}

/* ---- reasons ------------------------------------------------------------------------- */

/* The certificate as verify.c names it: its role, position and subject ("the leaf 'CN=x'",
 * "intermediate 1 'CN=Sub CA'", "the trust anchor 'CN=Root'"). */
static void who(char *buf, size_t len, const pki__path_t *path, size_t i)
{
	snprintf(buf, len, "%s", pki__pname(path, i));
}

/* A name as text for a reason, control characters and quotes escaped; DNs in RFC 4514. */
static void name_text(char *buf, size_t len, const gname_t *g)
{
	size_t o = 0;

	if (g->type == PKI__GN_IP && (g->v.size == 4 || g->v.size == 16 || g->v.size == 8 ||
				  g->v.size == 32)) {
		char a[64] = "", m[64] = "";
		size_t half = g->v.size == 8 || g->v.size == 32 ? g->v.size / 2 : g->v.size;

		inet_ntop(half == 4 ? AF_INET : AF_INET6, g->v.data, a, sizeof(a));
		if (half != g->v.size && ip_constraint(&g->v)) {
			unsigned bits = 0;

			for (size_t i = 0; i < half; i++)
				for (unsigned b = 0; b < 8; b++)
					bits += (g->v.data[half + i] >> b) & 1u;
			snprintf(m, sizeof(m), "%u", bits);
		} else if (half != g->v.size) {
			inet_ntop(half == 4 ? AF_INET : AF_INET6, g->v.data + half, m, sizeof(m));
		}
		snprintf(buf, len, "%s%s%s", a, *m ? "/" : "", m);
		return;
	}
	if (g->type == PKI__GN_DIRNAME) {
		gnutls_datum_t s = { NULL, 0 };
		gnutls_x509_dn_t dn = NULL;

		if (gnutls_x509_dn_init(&dn) == 0 && gnutls_x509_dn_import(dn, &g->v) == 0 &&
		    gnutls_x509_dn_get_str2(dn, &s, 0) == 0) {
			gname_t t = { PKI__GN_URI, s, NULL, false };

			gnutls_x509_dn_deinit(dn);
			name_text(buf, len, &t); /* escaped like any text */
			gnutls_free(s.data);
			if (!*buf)
				snprintf(buf, len, "(the empty name)");
			return;
		}
		if (dn)
			gnutls_x509_dn_deinit(dn);
		snprintf(buf, len, "(a directory name)");
		return;
	}
	if (g->type != PKI__GN_DNS && g->type != PKI__GN_RFC822 && g->type != PKI__GN_URI) {
		snprintf(buf, len, "(%s)", gn_label[g->type]);
		return;
	}
	for (size_t i = 0; i < g->v.size && o + 5 < len; i++) {
		unsigned char c = g->v.data[i];

		if (c < 0x20 || c >= 0x7f || c == '\'' || c == '\\')
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	buf[o] = '\0';
	if (g->v.size == 0 && len > 3)
		snprintf(buf, len, "\"\"");
}

/* "the leaf's SAN DNS:a.example", "the subject CN=x of the intermediate 'CN=Sub CA'" */
static void describe(char *buf, size_t len, const pki__path_t *path, size_t j, const gname_t *g)
{
	char t[300], what[400], owner[400];

	if (g->type == PKI__GN_DNS || g->type == PKI__GN_RFC822 || g->type == PKI__GN_URI || g->type == PKI__GN_IP ||
	    g->type == PKI__GN_DIRNAME)
		name_text(t, sizeof(t), g);
	else
		t[0] = '\0';
	if (g->subject)
		snprintf(what, sizeof(what), "%s %s",
			 g->type == PKI__GN_DIRNAME ? "subject" : "subject emailAddress", t);
	else
		snprintf(what, sizeof(what), "SAN %s%s%s", gn_label[g->type], *t ? ":" : "", t);
	if (j == 0) {
		snprintf(buf, len, "the leaf's %s", what);
		return;
	}
	who(owner, sizeof(owner), path, j);
	snprintf(buf, len, "the %s of %s", what, owner);
}

/* ---- the check ----------------------------------------------------------------------- */

typedef enum { M_NO = 0, M_YES, M_MALFORMED, M_UNCHECKABLE } m_t;

/* Whether constraint @p c (already validated) covers name @p g (of the same form): for a
 * permitted subtree (@p all) every name the SAN stands for, for an excluded one any. */
static m_t match(const gname_t *g, const gname_t *c, int profile, bool all)
{
	switch (g->type) {
	case PKI__GN_DNS: {
		dnsn_t d;
		dnsc_t k;

		if (!dns_name(&d, &g->v))
			return M_MALFORMED;
		dns_constraint(&k, &c->v, profile);
		return dns_match(&d, &k, all) ? M_YES : M_NO;
	}
	case PKI__GN_IP:
		if (g->v.size != 4 && g->v.size != 16)
			return M_MALFORMED;
		return ip_match(&g->v, &c->v) ? M_YES : M_NO;
	case PKI__GN_RFC822:
		if (mailbox_at((const char *)g->v.data, g->v.size) == 0)
			return M_MALFORMED;
		return mail_match(&g->v, &c->v) ? M_YES : M_NO;
	case PKI__GN_URI: {
		const char *h;
		size_t hn;

		if (!uri_host(&h, &hn, &g->v))
			return M_UNCHECKABLE;
		return uri_match(h, hn, &c->v) ? M_YES : M_NO;
	}
	case PKI__GN_DIRNAME:
		if (!g->dn)
			return M_MALFORMED;
		return pki__dn_prep_within(g->dn, c->dn) ? M_YES : M_NO;
	default:
		return M_UNCHECKABLE;
	}
}

/* Validate every subtree of @p nc; false (with @p why) for the first malformed one. */
static bool nc_valid(const nc_t *nc, int profile, char *why, size_t len)
{
	for (int ex = 0; ex < 2; ex++) {
		const gnames_t *g = ex ? &nc->excluded : &nc->permitted;

		for (size_t k = 0; k < g->n; k++) {
			const gname_t *c = &g->p[k];
			bool ok = true;
			dnsc_t d;

			switch (c->type) {
			case PKI__GN_DNS: ok = dns_constraint(&d, &c->v, profile); break;
			case PKI__GN_IP: ok = ip_constraint(&c->v); break;
			case PKI__GN_RFC822: ok = mail_constraint(&c->v); break;
			case PKI__GN_URI: ok = uri_constraint(&c->v); break;
			case PKI__GN_DIRNAME: ok = c->dn != NULL; break;
			default: break; /* unchecked forms fail only when a name of the form appears */
			}
			if (!ok) {
				char t[300];

				name_text(t, sizeof(t), c);
				snprintf(why, len, "have a malformed %s %s subtree %s",
					 ex ? "excluded" : "permitted", gn_label[c->type], t);
				return false;
			}
		}
	}
	return true;
}

/* Check the names @p names of the certificate at @p j against the constraints @p nc of the
 * CA at @p i; one reason at most. */
static bool check_one(pki__vctx_t *v, const pki__path_t *path, size_t i, size_t j,
		      const nc_t *nc, const gnames_t *names, int profile, size_t *work)
{
	char ca[400], nm[900], t[300];

	for (size_t k = 0; k < names->n; k++) {
		const gname_t *g = &names->p[k];
		unsigned bit = 1u << g->type;
		bool permitted = !(nc->perm_types & bit);

		if (!((nc->perm_types | nc->excl_types) & bit))
			continue;
		/* the texts for a reason, made only when one is given (a DN costs a parse) */
#define TEXTS() (who(ca, sizeof(ca), path, i), describe(nm, sizeof(nm), path, j, g))
		for (int ex = 1; ex >= 0; ex--) { /* an exclusion is the more telling reason */
			const gnames_t *set = ex ? &nc->excluded : &nc->permitted;

			for (size_t c = 0; c < set->n; c++) {
				m_t m;

				if (set->p[c].type != g->type)
					continue;
				if (++*work > MAX_WORK) {
					pki__vreason(v, PKI_VERIFY_NAME_CONSTRAINTS, (int)j,
						     "checking the name constraints of the path takes "
						     "more than the %u comparisons libpki allows, so the "
						     "path is refused",
						     MAX_WORK);
					return false;
				}
				m = match(g, &set->p[c], profile, !ex);
				if (m == M_MALFORMED) {
					TEXTS();
					pki__vreason(v, PKI_VERIFY_MALFORMED, (int)j,
						     "%s is malformed, so the name constraints of %s "
						     "cannot be checked against it",
						     nm, ca);
					return true;
				}
				if (m == M_UNCHECKABLE) {
					TEXTS();
					if (g->type == PKI__GN_URI)
						pki__vreason(v, PKI_VERIFY_NAME_CONSTRAINTS, (int)j,
							     "%s constrains URI names, and %s has no "
							     "host name to check against them",
							     ca, nm);
					else
						pki__vreason(v, PKI_VERIFY_NAME_CONSTRAINTS, (int)j,
							     "%s constrains %s names, which libpki "
							     "cannot check, and %s is one",
							     ca, gn_label[g->type], nm);
					return true;
				}
				if (m == M_YES && ex) {
					TEXTS();
					name_text(t, sizeof(t), &set->p[c]);
					pki__vreason(v, PKI_VERIFY_NAME_CONSTRAINTS, (int)j,
						     "%s excludes %s, and %s %s it", ca, t, nm,
						     g->type == PKI__GN_DNS && g->v.size > 1 &&
								     g->v.data[0] == '*'
							     ? "covers"
							     : "lies within");
					return true;
				}
				if (m == M_YES)
					permitted = true;
			}
			if (!ex && !permitted) {
				TEXTS();
				pki__vreason(v, PKI_VERIFY_NAME_CONSTRAINTS, (int)j,
					     "%s permits only some %s names, and %s is not among "
					     "them",
					     ca, gn_label[g->type], nm);
				return true;
			}
		}
	}
	return true;
#undef TEXTS
}

void pki__nc_check(pki__vctx_t *v, const pki__path_t *path)
{
	const pki_verify_opts_t *o = pki__vctx_opts(v);
	int profile = o ? o->profile : PKI_VERIFY_PROFILE_RFC5280;
	gnames_t *names = NULL; /* names[j] of the certificates below the top one */
	bool *loaded = NULL, *skip = NULL;
	size_t work = 0;

	if (!path || path->n < 2)
		return;
	names = pki__zalloc(path->n * sizeof(*names));
	loaded = pki__zalloc(path->n * sizeof(*loaded));
	skip = pki__zalloc(path->n * sizeof(*skip));
	if (!names || !loaded || !skip) {
		pki__vnomem(v);
		goto out;
	}
	for (size_t i = path->n - 1; i >= 1; i--) {
		char why[400] = "", ca[400];
		bool present;
		nc_t nc;
		dec_t st = cert_nc(&nc, &present, path->certs[i], why, sizeof(why));

		if (st == DEC_NOMEM) {
			pki__vnomem(v);
			goto out;
		}
		who(ca, sizeof(ca), path, i);
		if (st == DEC_OK && present && !nc_valid(&nc, profile, why, sizeof(why)))
			st = DEC_MALFORMED;
		if (st != DEC_OK) {
			pki__vreason(v, PKI_VERIFY_MALFORMED, (int)i,
				     "the name constraints of %s %s: libpki cannot apply them, so "
				     "the path is refused",
				     ca, why);
			gnames_clear(&nc.permitted);
			gnames_clear(&nc.excluded);
			continue;
		}
		for (size_t j = i; present && j-- > 0;) {
			if (!loaded[j]) {
				loaded[j] = true;
				skip[j] = j > 0 && pki__crt_self_issued(path->certs[j]);
				if (!skip[j]) {
					dec_t s = cert_names(&names[j], path->certs[j]);

					if (s == DEC_NOMEM) {
						pki__vnomem(v);
						gnames_clear(&nc.permitted);
						gnames_clear(&nc.excluded);
						goto out;
					}
					if (s != DEC_OK) {
						char sub[400];

						who(sub, sizeof(sub), path, j);
						pki__vreason(v, PKI_VERIFY_MALFORMED, (int)j,
							     "the names of %s (subjectAltName or "
							     "subject) do not parse, so the name "
							     "constraints of %s cannot be checked",
							     sub, ca);
						skip[j] = true;
					}
				}
			}
			if (!skip[j] && !check_one(v, path, i, j, &nc, &names[j], profile, &work)) {
				gnames_clear(&nc.permitted);
				gnames_clear(&nc.excluded);
				goto out;
			}
		}
		gnames_clear(&nc.permitted);
		gnames_clear(&nc.excluded);
	}
out:
	if (names)
		for (size_t j = 0; j < path->n; j++)
			gnames_clear(&names[j]);
	pki_free(names);
	pki_free(loaded);
	pki_free(skip);
}
