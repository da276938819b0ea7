/*
 * libpki — the certificate profile rules, written once: the verifier's profiles (rfc5280,
 * webpki) call pki__profile_check_cert() for every certificate of a path, and pki lint
 * (pki_cert_lint(), pki_crl_lint()) calls the same functions on certificates and CRLs alone.
 *
 * Each rule reports a finding with a severity, a stable identifier ("rfc5280.serial.length"),
 * the clause it comes from and a sentence. ERROR findings reject a path in verification, so a
 * rule is an error only where the standard says MUST and real, conforming certificates never
 * break it; SHOULDs and rules that the NIST PKITS suite or x509-limbo show to be broken by
 * certificates that must verify are warnings or notices.
 *
 * Certificates are read through GnuTLS's getters and extension parsers; what GnuTLS refuses to
 * import (duplicate extensions, mismatched signature algorithms, malformed DER) never reaches
 * these rules and is an input error for the caller.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "dsa-inherit.h"
#include "verify-int.h"

#include "asn1.h"

#include <pki/lint.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <gnutls/x509-ext.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OID_SKI "2.5.29.14"
#define OID_KU "2.5.29.15"
#define OID_SAN "2.5.29.17"
#define OID_IAN "2.5.29.18"
#define OID_BC "2.5.29.19"
#define OID_CRL_NUMBER "2.5.29.20"
#define OID_REASON "2.5.29.21"
#define OID_DELTA "2.5.29.27"
#define OID_IDP "2.5.29.28"
#define OID_NC "2.5.29.30"
#define OID_CRLDP "2.5.29.31"
#define OID_CP "2.5.29.32"
#define OID_PM "2.5.29.33"
#define OID_AKI "2.5.29.35"
#define OID_PC "2.5.29.36"
#define OID_EKU "2.5.29.37"
#define OID_FRESHEST "2.5.29.46"
#define OID_INHIBIT "2.5.29.54"
#define OID_AIA "1.3.6.1.5.5.7.1.1"
#define OID_SIA "1.3.6.1.5.5.7.1.11"
#define OID_ANY_EKU "2.5.29.37.0"
#define OID_SERVER_AUTH "1.3.6.1.5.5.7.3.1"
#define OID_CN "2.5.4.3"

#define S5280(x) "RFC 5280 " x
#define SBR(x) "CABF BR " x

/* ---------------------------------------------------------------------------------------- */
/* Findings                                                                                  */

typedef struct {
	pki__finding_fn fn;
	void *arg;
	bool webpki;
} out_t;

static void PKI_PRINTF(5, 6) report(const out_t *o, pki__severity_t sev, const char *rule,
				    const char *source, const char *fmt, ...)
{
	char text[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	o->fn(o->arg, sev, rule, source, text);
}

/* Certificate content quoted in a finding: printable ASCII, everything else as \xHH, cut at a
 * bounded length, so that no finding carries control characters or invalid UTF-8. */
static void quote(char *out, size_t len, const unsigned char *p, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o + 5 < len; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\')
			out[o++] = (char)p[i];
		else
			o += (size_t)snprintf(out + o, len - o, "\\x%02x", p[i]);
	}
	if (o >= len)
		o = len - 1;
	out[o] = '\0';
}

/* ---------------------------------------------------------------------------------------- */
/* What the rules look at, read once per certificate                                         */

typedef struct {
	char oid[128];
	unsigned critical;
	gnutls_datum_t data; /* gnutls_free */
	signed char parses;  /* -1: not parsed by a rule; else whether the value parsed, by the
	                        GnuTLS parser pki__ext_parses uses (the verifier reuses it) */
} ext_t;

#define MAX_EXTS 64

typedef struct {
	gnutls_x509_crt_t crt;
	gnutls_pubkey_t pub; /* its key when the caller imported it already (borrowed), or NULL */
	int version;
	size_t next; /* extensions in ext[] */
	bool too_many_exts, ext_read_error;
	/* basicConstraints */
	const ext_t *bc;
	bool bc_ok, is_ca;
	int pathlen; /* -1: absent */
	/* keyUsage */
	const ext_t *ku;
	bool ku_ok;
	unsigned ku_bits;
	/* names */
	gnutls_datum_t subject, issuer; /* raw DER, gnutls_free */
	bool subject_empty, issuer_empty;
	int self_issued;    /* -1: not computed yet */
	int own_key_signed; /* -1: not computed yet */
	/* position in the path */
	size_t index, n;
	bool anchor;
	ext_t ext[MAX_EXTS]; /* last: cert_read clears what is before it, and the first next */
} cert_t;

static const ext_t *find_ext(const cert_t *c, const char *oid)
{
	for (size_t i = 0; i < c->next; i++)
		if (strcmp(c->ext[i].oid, oid) == 0)
			return &c->ext[i];
	return NULL;
}

/* Remember that the value of @p e parsed (@p ret >= 0) or not, for pki__profile_check_cert's
 * extension check: the rules that read a value parse it anyway. */
static void parsed(const ext_t *e, int ret)
{
	((ext_t *)e)->parses = ret >= 0 ? 1 : 0; /* the rules read c through const pointers */
}

static bool name_is_empty(const gnutls_datum_t *d)
{
	/* an empty Name is the DER SEQUENCE 30 00 */
	return d->size <= 2;
}

static void cert_read(cert_t *c, gnutls_x509_crt_t crt)
{
	memset(c, 0, offsetof(cert_t, ext));
	c->crt = crt;
	c->pathlen = -1;
	c->self_issued = -1;
	c->own_key_signed = -1;
	c->version = gnutls_x509_crt_get_version(crt);
	for (unsigned i = 0;; i++) {
		ext_t *e;
		size_t sz;
		int ret;

		if (c->next == MAX_EXTS) {
			c->too_many_exts = true;
			break;
		}
		e = &c->ext[c->next];
		sz = sizeof(e->oid);
		ret = gnutls_x509_crt_get_extension_info(crt, i, e->oid, &sz, &e->critical);
		if (ret < 0) {
			c->ext_read_error = ret != GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE;
			break;
		}
		e->parses = -1;
		if (gnutls_x509_crt_get_extension_data2(crt, i, &e->data) < 0) {
			e->data.data = NULL;
			e->data.size = 0;
		}
		c->next++;
	}
	if (gnutls_x509_crt_get_raw_dn(crt, &c->subject) < 0)
		c->subject.data = NULL, c->subject.size = 0;
	if (gnutls_x509_crt_get_raw_issuer_dn(crt, &c->issuer) < 0)
		c->issuer.data = NULL, c->issuer.size = 0;
	c->subject_empty = name_is_empty(&c->subject);
	c->issuer_empty = name_is_empty(&c->issuer);

	if ((c->bc = find_ext(c, OID_BC)) != NULL) {
		unsigned ca = 0;
		int pl = -1;

		c->bc_ok = gnutls_x509_ext_import_basic_constraints(&c->bc->data, &ca, &pl) >= 0;
		parsed(c->bc, c->bc_ok ? 0 : -1);
		c->is_ca = c->bc_ok && ca;
		c->pathlen = c->bc_ok ? pl : -1;
	}
	if ((c->ku = find_ext(c, OID_KU)) != NULL) {
		c->ku_ok = gnutls_x509_ext_import_key_usage(&c->ku->data, &c->ku_bits) >= 0;
		parsed(c->ku, c->ku_ok ? 0 : -1);
	}
}

static void cert_done(cert_t *c)
{
	for (size_t i = 0; i < c->next; i++)
		gnutls_free(c->ext[i].data.data);
	gnutls_free(c->subject.data);
	gnutls_free(c->issuer.data);
}

/* Whether the signature verifies with the certificate's own key, whatever its names (the
 * arithmetic itself: gnutls_x509_crt_verify would take a certificate found in its own CA list
 * as trusted without checking it). */
static bool own_key_signed(cert_t *c)
{
	if (c->own_key_signed < 0)
		c->own_key_signed = pki__crt_own_key_signed(c->crt);
	return c->own_key_signed == 1;
}

/* Subject and issuer the same name; computed when a rule asks (comparing two different
 * names decodes both). */
static bool self_issued(cert_t *c)
{
	if (c->self_issued < 0) {
		c->self_issued = c->subject.size == c->issuer.size && c->subject.size > 0 &&
				 memcmp(c->subject.data, c->issuer.data, c->subject.size) == 0;
		if (!c->self_issued && c->subject.size && c->issuer.size)
			c->self_issued = gnutls_x509_crt_check_issuer(c->crt, c->crt) != 0;
	}
	return c->self_issued == 1;
}

/* Self-signed: self-issued and its signature verifies with its own key (RFC 5280 3.2). */
static bool self_signed(cert_t *c)
{
	return self_issued(c) && own_key_signed(c);
}

/* A CA certificate for the rules: cA asserted, or used as an issuer in the path. */
static bool acts_as_ca(const cert_t *c)
{
	return c->is_ca || c->index > 0;
}

/* Version 1 trust anchors carry no extensions: RFC 5280 6.1.1 (d) takes a trust anchor as a
 * name and a key, so the rules about the extensions a CA must carry do not apply to them. */
static bool v1_anchor(const cert_t *c)
{
	return c->anchor && c->version < 3;
}

/* ---------------------------------------------------------------------------------------- */
/* DNS names, as RFC 5280 4.2.1.6 asks (RFC 1034 preferred name syntax), plus the leftmost
 * wildcard label that RFC 6125 6.4.3 and the BR define                                      */

/* NULL when @p s (n bytes) is a syntactically valid DNS name; else why not. @p wildcard allows
 * a whole leftmost "*" label. */
static const char *dns_problem(const unsigned char *s, size_t n, bool wildcard)
{
	size_t i = 0, labels = 0;

	if (n == 0)
		return "is empty";
	if (n > 253)
		return "is longer than 253 characters";
	if (wildcard && n >= 2 && s[0] == '*' && s[1] == '.')
		i = 2;
	else if (n == 1 && s[0] == '*')
		return "is a lone wildcard";
	while (i <= n) {
		size_t start = i;

		while (i < n && s[i] != '.')
			i++;
		if (i == start)
			return start == 0 ? "starts with a dot" :
			       i == n	  ? "ends with a dot" :
					    "has an empty label";
		if (i - start > 63)
			return "has a label longer than 63 characters";
		for (size_t j = start; j < i; j++) {
			unsigned char ch = s[j];

			if (ch == '*')
				return "has a wildcard that is not the whole leftmost label";
			if (ch >= 0x80)
				return "is not ASCII (an internationalised name must be in A-label "
				       "form, RFC 5280 7.2)";
			if (!isalnum(ch) && ch != '-')
				return ch == '_' ? "contains an underscore" :
						   "contains a character other than letters, digits "
						   "and '-'";
		}
		if (s[start] == '-' || s[i - 1] == '-')
			return "has a label starting or ending with '-'";
		labels++;
		i++;
	}
	return NULL;
}

/* Whether a DNS name (n bytes) reads as an IPv4 address ("192.0.2.1"). */
static bool dns_is_ipv4(const unsigned char *s, size_t n)
{
	char buf[64];
	unsigned char ip[4];

	if (n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return inet_pton(AF_INET, buf, ip) == 1;
}

static bool mailbox_ok(const unsigned char *s, size_t n)
{
	const unsigned char *at = NULL;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < 0x21 || s[i] >= 0x7f)
			return false;
		if (s[i] == '@') {
			if (at)
				return false;
			at = s + i;
		}
	}
	return at && at > s && dns_problem(at + 1, (size_t)(s + n - at - 1), false) == NULL;
}

/* A URI with a scheme ("scheme:rest"), as 4.2.1.6 requires (no relative references). */
static bool uri_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;

	if (n == 0 || !isalpha(s[0]))
		return false;
	while (i < n && (isalnum(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.'))
		i++;
	if (i >= n - 1 || s[i] != ':')
		return false;
	for (size_t j = 0; j < n; j++)
		if (s[j] < 0x21 || s[j] >= 0x7f)
			return false;
	return true;
}

/* ---------------------------------------------------------------------------------------- */
/* Public suffixes. The list is not bundled: a wildcard directly over a single label ("*.com")
 * or over a two-label name whose first label is one of the generic second-level labels used
 * under country codes ("*.co.uk") is treated as a public suffix wildcard; multi-label private
 * suffixes ("*.s3.amazonaws.com") are not recognised (notes/lint.md).                      */

static bool public_suffix_like(const unsigned char *base, size_t n)
{
	static const char *const sld[] = { "co", "com", "net", "org", "gov", "edu", "ac", "or",
					   "ne", "go", "mil", "nom", "ltd", "plc", "sch", "gob" };
	const unsigned char *dot = memchr(base, '.', n);
	size_t first;

	if (!dot)
		return true; /* a single label: a top-level domain */
	if (memchr(dot + 1, '.', (size_t)(base + n - dot - 1)))
		return false;
	first = (size_t)(dot - base);
	if (n - first - 1 != 2)
		return false; /* only under two-letter country codes */
	for (size_t i = 0; i < sizeof(sld) / sizeof(sld[0]); i++)
		if (strlen(sld[i]) == first && strncasecmp((const char *)base, sld[i], first) == 0)
			return true;
	return false;
}

/* ---------------------------------------------------------------------------------------- */
/* Certificate rules                                                                         */

/* Whether @p crt has an issuerUniqueID or a subjectUniqueID (of any length). */
static bool has_unique_id(gnutls_x509_crt_t crt)
{
	char id[64];
	size_t len = sizeof(id);
	int r = gnutls_x509_crt_get_issuer_unique_id(crt, id, &len);

	if (r >= 0 || r == GNUTLS_E_SHORT_MEMORY_BUFFER)
		return true;
	len = sizeof(id);
	r = gnutls_x509_crt_get_subject_unique_id(crt, id, &len);
	return r >= 0 || r == GNUTLS_E_SHORT_MEMORY_BUFFER;
}

static void check_version_serial(const out_t *o, cert_t *c)
{
	unsigned char serial[64];
	size_t len = sizeof(serial);
	pki__severity_t sev;
	int ret;

	if (c->next > 0 && c->version != 3)
		report(o, PKI__SEV_ERROR, "rfc5280.version.extensions", S5280("4.1.2.1"),
		       "the certificate has extensions but is version %d; extensions need "
		       "version 3",
		       c->version);
	else if (c->version < 1 || c->version > 3)
		report(o, PKI__SEV_ERROR, "rfc5280.version.unknown", S5280("4.1.2.1"),
		       "the certificate has an unknown version %d", c->version);
	if (o->webpki && c->version != 3 && !c->anchor)
		report(o, PKI__SEV_ERROR, "webpki.version", SBR("7.1.1"),
		       "the certificate is version %d; the Baseline Requirements allow only "
		       "version 3",
		       c->version);
	if (has_unique_id(c->crt)) {
		if (c->version < 2)
			report(o, PKI__SEV_ERROR, "rfc5280.version.unique_id", S5280("4.1.2.8"),
			       "the certificate has a unique identifier but is version 1");
		else
			report(o, PKI__SEV_WARNING, "rfc5280.unique_id", S5280("4.1.2.8"),
			       "the certificate has an issuer or subject unique identifier, which "
			       "conforming CAs must not generate");
	}

	/* Trust anchors: RFC 5280 6.1.1 (d) takes only their name and key, and roots in wide use
	 * (Go Daddy and Starfield G2, in Debian's store) have serial number zero: zero and length
	 * are warnings for them. A negative serial is an error everywhere: no root of Debian's
	 * store has one (all 144 measured), and x509-limbo's rfc5280::serial::negative is a
	 * self-signed certificate that is its own trust anchor. */
	sev = c->anchor ? PKI__SEV_WARNING : PKI__SEV_ERROR;
	ret = gnutls_x509_crt_get_serial(c->crt, serial, &len);
	if (ret == GNUTLS_E_SHORT_MEMORY_BUFFER || (ret >= 0 && len > 20)) {
		report(o, sev, "rfc5280.serial.length", S5280("4.1.2.2"),
		       "the serial number is longer than 20 octets");
		if (ret < 0)
			return;
	} else if (ret < 0 || len == 0) {
		report(o, PKI__SEV_ERROR, "rfc5280.serial.unreadable", S5280("4.1.2.2"),
		       "the serial number cannot be read");
		return;
	}
	if (serial[0] & 0x80)
		report(o, PKI__SEV_ERROR, "rfc5280.serial.negative", S5280("4.1.2.2"),
		       "the serial number is negative; it must be a positive integer");
	else {
		bool zero = true;

		for (size_t i = 0; i < len; i++)
			zero = zero && serial[i] == 0;
		if (zero)
			report(o, sev, "rfc5280.serial.zero", S5280("4.1.2.2"),
			       "the serial number is zero; it must be a positive integer");
		else if (len > 1 && serial[0] == 0 && !(serial[1] & 0x80))
			report(o, PKI__SEV_WARNING, "rfc5280.serial.encoding", "X.690 8.3.2",
			       "the serial number is not minimally encoded (a needless leading "
			       "zero octet)");
	}
	if (o->webpki && !c->anchor && len < 9)
		report(o, PKI__SEV_WARNING, "webpki.serial.entropy", SBR("7.1"),
		       "the serial number has %zu octets; the Baseline Requirements ask for at "
		       "least 64 bits of CSPRNG output",
		       len);
}

static void check_names(const out_t *o, cert_t *c)
{
	if (c->issuer_empty)
		report(o, PKI__SEV_ERROR, "rfc5280.issuer.empty", S5280("4.1.2.4"),
		       "the issuer name is empty; it must be a non-empty distinguished name");
	if (c->subject_empty && (c->is_ca || c->index > 0))
		report(o, PKI__SEV_ERROR, "rfc5280.subject.empty_ca", S5280("4.1.2.6"),
		       "the subject of a CA certificate is empty; it must be a non-empty "
		       "distinguished name");
	if (c->subject_empty && !find_ext(c, OID_SAN))
		report(o, PKI__SEV_ERROR, "rfc5280.subject.empty_without_san", S5280("4.1.2.6"),
		       "the subject is empty and there is no subjectAltName extension");
}

static void check_validity(const out_t *o, cert_t *c)
{
	time_t nb = gnutls_x509_crt_get_activation_time(c->crt);
	time_t na = gnutls_x509_crt_get_expiration_time(c->crt);

	if (nb == (time_t)-1 || na == (time_t)-1) {
		report(o, PKI__SEV_ERROR, "rfc5280.validity.unreadable", S5280("4.1.2.5"),
		       "the validity period cannot be read");
		return;
	}
	if (na < nb)
		report(o, PKI__SEV_WARNING, "rfc5280.validity.inverted", S5280("4.1.2.5"),
		       "notAfter is before notBefore: the certificate is never valid");
	/* BR 6.3.2: subscriber certificates issued since 2020-09-01 at most 398 days. A warning:
	 * the limit concerns issuance, and the certificate still verifies under a browser's own
	 * rules only by its dates. */
	if (o->webpki && c->index == 0 && !c->is_ca && na > nb && nb >= 1598918400 &&
	    (na - nb) > (time_t)398 * 86400)
		report(o, PKI__SEV_WARNING, "webpki.validity.too_long", SBR("6.3.2"),
		       "the validity period is %lld days; subscriber certificates may be valid "
		       "for at most 398 days",
		       (long long)((na - nb) / 86400));
}

static void check_key(const out_t *o, cert_t *c)
{
	unsigned bits = 0;
	int pk;
	gnutls_pubkey_t pub = NULL;
	bool parsed = c->pub != NULL;

	if (!parsed && gnutls_pubkey_init(&pub) >= 0) {
		parsed = gnutls_pubkey_import_x509(pub, c->crt, 0) >= 0;
		gnutls_pubkey_deinit(pub);
	}
	/* DSA without parameters: p, q, g are the issuer's (RFC 3279 2.3.2, dsa-inherit.c) */
	if (!parsed && pki__crt_dsa_no_params(c->crt))
		return;
	if (!parsed) {
		report(o, PKI__SEV_ERROR, "rfc5280.spki.unparsable", "RFC 5480 2.1.1",
		       "the public key cannot be parsed (an unknown algorithm, or EC parameters "
		       "given explicitly instead of as a named curve)");
		return;
	}
	if (!o->webpki)
		return;
	pk = gnutls_x509_crt_get_pk_algorithm(c->crt, &bits);
	switch (pk) {
	case GNUTLS_PK_RSA:
		if (bits < 2048)
			report(o, PKI__SEV_ERROR, "webpki.key.rsa_size", SBR("6.1.5"),
			       "the RSA key has %u bits; at least 2048 are required", bits);
		else if (bits % 8)
			report(o, PKI__SEV_ERROR, "webpki.key.rsa_size", SBR("6.1.5"),
			       "the RSA modulus size (%u bits) is not divisible by 8", bits);
		break;
	case GNUTLS_PK_ECDSA: {
		gnutls_ecc_curve_t curve = GNUTLS_ECC_CURVE_INVALID;
		gnutls_datum_t x = { NULL, 0 }, y = { NULL, 0 };

		if (gnutls_x509_crt_get_pk_ecc_raw(c->crt, &curve, &x, &y) < 0)
			curve = GNUTLS_ECC_CURVE_INVALID;
		gnutls_free(x.data);
		gnutls_free(y.data);
		if (curve != GNUTLS_ECC_CURVE_SECP256R1 && curve != GNUTLS_ECC_CURVE_SECP384R1 &&
		    curve != GNUTLS_ECC_CURVE_SECP521R1)
			report(o, PKI__SEV_ERROR, "webpki.key.curve", SBR("6.1.5"),
			       "the EC key is on %s; only P-256, P-384 and P-521 are allowed",
			       curve != GNUTLS_ECC_CURVE_INVALID && gnutls_ecc_curve_get_name(curve)
				       ? gnutls_ecc_curve_get_name(curve)
				       : "an unknown curve");
		break;
	}
	default:
		report(o, PKI__SEV_ERROR, "webpki.key.algorithm", SBR("6.1.5"),
		       "the public key is %s; only RSA and ECDSA (P-256, P-384, P-521) keys are "
		       "allowed",
		       gnutls_pk_get_name((gnutls_pk_algorithm_t)pk) ?
			       gnutls_pk_get_name((gnutls_pk_algorithm_t)pk) :
			       "of an unknown algorithm");
	}
}

static void check_signature_alg(const out_t *o, cert_t *c)
{
	int sa = gnutls_x509_crt_get_signature_algorithm(c->crt);
	gnutls_digest_algorithm_t h = GNUTLS_DIG_UNKNOWN;

	if (sa > 0)
		h = gnutls_sign_get_hash_algorithm((gnutls_sign_algorithm_t)sa);
	if (h == GNUTLS_DIG_MD5 || h == GNUTLS_DIG_MD2 || h == GNUTLS_DIG_SHA1) {
		/* the anchor's own signature is not checked in verification */
		if (c->anchor && o->webpki)
			return;
		report(o, o->webpki ? PKI__SEV_ERROR : PKI__SEV_WARNING, "webpki.signature.weak",
		       SBR("7.1.3.2"), "the certificate is signed with %s",
		       gnutls_sign_get_name((gnutls_sign_algorithm_t)sa));
	}
}

/* The criticality RFC 5280 asks of extensions, in the order the findings come. */
typedef struct {
	const char *oid, *name, *rule, *source;
	bool critical;       /* what the extension should be */
	pki__severity_t sev; /* of the finding when it is not */
	const char *verb;    /* "must" or "should" */
} criticality_t;
static const criticality_t criticality[] = {
	{ OID_AKI, "authorityKeyIdentifier", "rfc5280.aki.critical", S5280("4.2.1.1"), false, PKI__SEV_ERROR, "must" },
	{ OID_SKI, "subjectKeyIdentifier", "rfc5280.ski.critical", S5280("4.2.1.2"), false, PKI__SEV_ERROR, "must" },
	{ OID_AIA, "authorityInfoAccess", "rfc5280.aia.critical", S5280("4.2.2.1"), false, PKI__SEV_ERROR, "must" },
	{ OID_SIA, "subjectInfoAccess", "rfc5280.sia.critical", S5280("4.2.2.2"), false, PKI__SEV_ERROR, "must" },
	/* A MUST for CAs, but NIST PKITS 4.8.6, 4.8.10, 4.8.11, 4.12.2 and 4.12.3 require paths
	 * through non-critical policyConstraints to validate: a warning, not a rejection. */
	{ OID_PC, "policyConstraints", "rfc5280.policy_constraints.noncritical", S5280("4.2.1.11"), true, PKI__SEV_WARNING, "must" },
	{ OID_INHIBIT, "inhibitAnyPolicy", "rfc5280.inhibit_any_policy.noncritical", S5280("4.2.1.14"), true, PKI__SEV_ERROR, "must" },
	{ OID_FRESHEST, "freshestCRL", "rfc5280.freshest_crl.critical", S5280("4.2.1.15"), false, PKI__SEV_ERROR, "must" },
	{ OID_PM, "policyMappings", "rfc5280.policy_mappings.noncritical", S5280("4.2.1.5"), true, PKI__SEV_NOTICE, "should" },
	{ OID_CRLDP, "cRLDistributionPoints", "rfc5280.crldp.critical", S5280("4.2.1.13"), false, PKI__SEV_WARNING, "should" },
};

/* Criticality and presence of the extensions RFC 5280 and the BR fix. */
static void check_extensions(const out_t *o, cert_t *c)
{
	const ext_t *e;

	if (c->too_many_exts)
		report(o, PKI__SEV_WARNING, "pki.extensions.count", "libpki",
		       "the certificate has more than %d extensions; the rest were not checked",
		       MAX_EXTS);
	for (size_t i = 0; i < c->next; i++)
		for (size_t j = i + 1; j < c->next; j++)
			if (strcmp(c->ext[i].oid, c->ext[j].oid) == 0)
				report(o, PKI__SEV_ERROR, "rfc5280.extensions.duplicate",
				       S5280("4.2"), "the extension %s appears more than once",
				       c->ext[i].oid);

	for (size_t k = 0; k < sizeof(criticality) / sizeof(criticality[0]); k++) {
		const criticality_t *r = &criticality[k];

		if ((e = find_ext(c, r->oid)) && (bool)e->critical != r->critical)
			report(o, r->sev, r->rule, r->source, "the %s extension is %s; it %s%s be",
			       r->name, e->critical ? "critical" : "not critical", r->verb,
			       r->critical ? "" : " not");
	}
	if ((e = find_ext(c, OID_PM)) && !acts_as_ca(c))
		report(o, PKI__SEV_ERROR, "rfc5280.policy_mappings.not_ca", S5280("4.2.1.5"),
		       "policyMappings appears in a certificate that is not a CA");

	if ((e = find_ext(c, OID_AIA))) {
		gnutls_x509_aia_t aia;
		gnutls_datum_t d;
		int ret = -1;

		if (gnutls_x509_aia_init(&aia) >= 0) {
			ret = gnutls_x509_ext_import_aia(&e->data, aia, 0);
			parsed(e, ret);
			if (ret >= 0 && gnutls_x509_aia_get(aia, 0, &d, NULL, NULL) < 0)
				ret = 1; /* empty */
			gnutls_x509_aia_deinit(aia);
		}
		if (ret != 0)
			report(o, PKI__SEV_ERROR, "rfc5280.aia.malformed", S5280("4.2.2.1"),
			       ret > 0 ? "the authorityInfoAccess extension is empty; it must hold "
					 "at least one access description" :
					 "the authorityInfoAccess extension cannot be parsed");
	}
	if ((e = find_ext(c, OID_CP))) {
		gnutls_x509_policies_t pol;
		int ret = -1;

		if (gnutls_x509_policies_init(&pol) >= 0) {
			ret = gnutls_x509_ext_import_policies(&e->data, pol, 0);
			parsed(e, ret);
			if (ret >= 0) {
				struct gnutls_x509_policy_st p[2];
				char *seen[32];
				size_t nseen = 0;

				(void)p;
				for (unsigned i = 0; i < 32; i++) {
					struct gnutls_x509_policy_st pi;

					if (gnutls_x509_policies_get(pol, i, &pi) < 0)
						break;
					for (size_t k = 0; k < nseen; k++)
						if (strcmp(seen[k], pi.oid) == 0)
							report(o, PKI__SEV_ERROR,
							       "rfc5280.policies.duplicate",
							       S5280("4.2.1.4"),
							       "the policy %.64s appears more than once "
							       "in certificatePolicies",
							       pi.oid);
					seen[nseen++] = pi.oid;
				}
			}
			gnutls_x509_policies_deinit(pol);
		}
		if (ret < 0)
			report(o, PKI__SEV_ERROR, "rfc5280.policies.malformed", S5280("4.2.1.4"),
			       "the certificatePolicies extension cannot be parsed");
	}
}

/* Whether the AKI extension value @p der is exactly SEQUENCE { keyIdentifier @p id }. */
static bool aki_is_key_id_only(const gnutls_datum_t *der, const gnutls_datum_t *id)
{
	gnutls_x509_aki_t a;
	gnutls_datum_t enc = { NULL, 0 };
	bool same = false;

	if (gnutls_x509_aki_init(&a) < 0)
		return true;
	if (gnutls_x509_aki_set_id(a, id) >= 0 &&
	    gnutls_x509_ext_export_authority_key_id(a, &enc) >= 0)
		same = enc.size == der->size && memcmp(enc.data, der->data, der->size) == 0;
	gnutls_free(enc.data);
	gnutls_x509_aki_deinit(a);
	return same;
}

static void check_key_ids(const out_t *o, cert_t *c)
{
	const ext_t *aki = find_ext(c, OID_AKI), *ski = find_ext(c, OID_SKI);
	gnutls_datum_t skid = { NULL, 0 }, akid = { NULL, 0 };
	bool aki_issuer = false, aki_serial = false, aki_extra = false, aki_ok = false;

	if (ski && (parsed(ski, gnutls_x509_ext_import_subject_key_id(&ski->data, &skid)),
		    ski->parses == 0)) {
		report(o, PKI__SEV_ERROR, "rfc5280.ski.malformed", S5280("4.2.1.2"),
		       "the subjectKeyIdentifier extension cannot be parsed");
		skid.data = NULL;
		skid.size = 0;
	}
	if (aki) {
		gnutls_x509_aki_t a;

		if (gnutls_x509_aki_init(&a) >= 0) {
			parsed(aki, gnutls_x509_ext_import_authority_key_id(&aki->data, a, 0));
			if (aki->parses == 1) {
				gnutls_datum_t id = { NULL, 0 }, san, serial;
				unsigned type;

				aki_ok = true;
				if (gnutls_x509_aki_get_id(a, &id) >= 0 && id.size > 0) {
					akid.data = gnutls_malloc(id.size);
					if (akid.data) {
						memcpy(akid.data, id.data, id.size);
						akid.size = id.size;
					}
				}
				if (gnutls_x509_aki_get_cert_issuer(a, 0, &type, &san, NULL,
								    &serial) >= 0) {
					aki_issuer = san.size > 0;
					aki_serial = serial.size > 0;
				}
				/* GnuTLS keeps authorityCertIssuer and authorityCertSerialNumber only
				 * when both are present: whether the extension holds anything besides
				 * the keyIdentifier shows by re-encoding the keyIdentifier alone (only
				 * the webpki rules ask) */
				if (o->webpki && akid.size && !aki_issuer && !aki_serial)
					aki_extra = !aki_is_key_id_only(&aki->data, &akid);
			}
			gnutls_x509_aki_deinit(a);
		}
		if (!aki_ok)
			report(o, PKI__SEV_ERROR, "rfc5280.aki.malformed", S5280("4.2.1.1"),
			       "the authorityKeyIdentifier extension cannot be parsed");
	}

	/* AKI: required with a keyIdentifier, except in self-signed certificates. The
	 * keyIdentifier is there to find the key that signed the certificate (4.2.1.1: "to
	 * facilitate certification path construction"); a certificate signed with its own key
	 * names no other key, so the exemption follows the key, not the names: a root whose
	 * issuer name differs from its subject but whose own key signed it (limbo's
	 * cve-2024-0567 anchor) needs none, a root cross-signed by another CA's key does
	 * (rfc5280::aki::cross-signed-root-missing-aki). */
	if (!aki) {
		if (!v1_anchor(c) && !own_key_signed(c))
			report(o, PKI__SEV_ERROR, "rfc5280.aki.missing", S5280("4.2.1.1"),
			       "the authorityKeyIdentifier extension is missing; it is required "
			       "in every certificate not signed with its own key");
	} else if (aki_ok && !akid.size) {
		if (!own_key_signed(c))
			report(o, PKI__SEV_ERROR, "rfc5280.aki.no_key_id", S5280("4.2.1.1"),
			       "the authorityKeyIdentifier has no keyIdentifier field");
		else if (o->webpki && self_signed(c))
			report(o, PKI__SEV_ERROR, "webpki.aki.root_key_id", SBR("7.1.2.1.3"),
			       "the root's authorityKeyIdentifier has no keyIdentifier field");
	}
	if (o->webpki && aki_ok && self_signed(c)) {
		if (aki_issuer || aki_serial || aki_extra)
			report(o, PKI__SEV_ERROR, "webpki.aki.root_issuer_serial", SBR("7.1.2.1.3"),
			       "the root's authorityKeyIdentifier has authorityCertIssuer or "
			       "authorityCertSerialNumber; only keyIdentifier is allowed");
		if (akid.size && skid.size &&
		    (akid.size != skid.size || memcmp(akid.data, skid.data, akid.size) != 0))
			report(o, PKI__SEV_ERROR, "webpki.aki.root_mismatch", SBR("7.1.2.1.3"),
			       "the root's authorityKeyIdentifier does not match its "
			       "subjectKeyIdentifier");
	} else if (o->webpki && aki_ok && (aki_issuer || aki_serial || aki_extra))
		report(o, PKI__SEV_ERROR, "webpki.aki.issuer_serial", SBR("7.1.2.11.1"),
		       "the authorityKeyIdentifier has authorityCertIssuer or "
		       "authorityCertSerialNumber; only keyIdentifier is allowed");

	/* SKI: required in CA certificates */
	if (!ski && acts_as_ca(c) && !v1_anchor(c))
		report(o, PKI__SEV_ERROR, "rfc5280.ski.missing", S5280("4.2.1.2"),
		       "the subjectKeyIdentifier extension is missing; it is required in CA "
		       "certificates");
	gnutls_free(skid.data);
	gnutls_free(akid.data);
}

static void check_basic_constraints_ku(const out_t *o, cert_t *c)
{
	bool issuer = c->index > 0;

	if (c->bc && !c->bc_ok)
		report(o, PKI__SEV_ERROR, "rfc5280.bc.malformed", S5280("4.2.1.9"),
		       "the basicConstraints extension cannot be parsed");
	if (c->ku && !c->ku_ok)
		report(o, PKI__SEV_ERROR, "rfc5280.ku.malformed", S5280("4.2.1.3"),
		       "the keyUsage extension cannot be parsed");
	if (c->ku && c->ku_ok && c->ku_bits == 0)
		report(o, PKI__SEV_ERROR, "rfc5280.ku.empty", S5280("4.2.1.3"),
		       "the keyUsage extension has no bit set; at least one is required");

	/* A CA certificate whose key signs certificates: basicConstraints, critical */
	if (!v1_anchor(c) && (issuer || c->is_ca || (c->ku_ok && (c->ku_bits & GNUTLS_KEY_KEY_CERT_SIGN)))) {
		if (!c->bc && (issuer || c->is_ca))
			report(o, PKI__SEV_ERROR, "rfc5280.bc.missing", S5280("4.2.1.9"),
			       "the basicConstraints extension is missing from a CA certificate");
		/* A MUST; an error for trust anchors and lone CA certificates, a warning for
		 * intermediates of a path, since NIST PKITS 4.6.4 requires a path through an
		 * intermediate with non-critical basicConstraints to validate. */
		else if (c->bc && c->is_ca && !c->bc->critical)
			report(o, c->anchor || c->index == 0 ? PKI__SEV_ERROR : PKI__SEV_WARNING,
			       "rfc5280.bc.noncritical", S5280("4.2.1.9"),
			       "the basicConstraints extension of a CA certificate is not "
			       "critical; it must be");
	}
	if (c->ku_ok && (c->ku_bits & GNUTLS_KEY_KEY_CERT_SIGN) && !c->is_ca)
		report(o, PKI__SEV_ERROR, "rfc5280.ku.keycertsign_not_ca", S5280("4.2.1.9"),
		       "keyUsage asserts keyCertSign but basicConstraints does not assert cA");
	if (c->bc_ok && c->pathlen >= 0 &&
	    (!c->is_ca || (c->ku_ok && !(c->ku_bits & GNUTLS_KEY_KEY_CERT_SIGN))))
		report(o, PKI__SEV_ERROR, "rfc5280.bc.pathlen_not_cert_signer", S5280("4.2.1.9"),
		       "basicConstraints has a pathLenConstraint although %s",
		       !c->is_ca ? "cA is not asserted" : "keyUsage does not assert keyCertSign");
	else if (c->is_ca && c->ku_ok && !(c->ku_bits & GNUTLS_KEY_KEY_CERT_SIGN) &&
		 (issuer || c->anchor))
		report(o, PKI__SEV_ERROR, "rfc5280.ku.ca_without_keycertsign", S5280("4.2.1.3"),
		       "the CA certificate's keyUsage does not assert keyCertSign, so its key "
		       "may not sign certificates");
	if (c->is_ca && !c->ku && !v1_anchor(c))
		report(o, o->webpki ? PKI__SEV_ERROR : PKI__SEV_NOTICE, "rfc5280.ku.ca_missing",
		       o->webpki ? SBR("7.1.2.1.2") : S5280("4.2.1.3"),
		       "the CA certificate has no keyUsage extension");
	if (c->ku && c->ku_ok && !c->ku->critical && c->is_ca)
		report(o, PKI__SEV_NOTICE, "rfc5280.ku.noncritical", S5280("4.2.1.3"),
		       "the keyUsage extension of a CA certificate is not critical; it should be");

	if (o->webpki && c->index == 0 && !c->anchor) {
		if (c->is_ca)
			report(o, PKI__SEV_ERROR, "webpki.leaf.ca", SBR("7.1.2.7.8"),
			       "the subscriber certificate asserts cA in basicConstraints");
		if (c->ku_ok && (c->ku_bits & (GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN)))
			report(o, PKI__SEV_ERROR, "webpki.leaf.ku_ca", SBR("7.1.2.7.11"),
			       "the subscriber certificate's keyUsage asserts keyCertSign or "
			       "cRLSign");
	}
}

static void check_eku(const out_t *o, cert_t *c)
{
	const ext_t *e = find_ext(c, OID_EKU);
	gnutls_x509_key_purposes_t kp;
	unsigned count = 0;
	bool any = false, server = false, ok = false;

	if (e && gnutls_x509_key_purpose_init(&kp) >= 0) {
		parsed(e, gnutls_x509_ext_import_key_purposes(&e->data, kp, 0));
		if (e->parses == 1) {
			gnutls_datum_t oid;

			ok = true;
			for (unsigned i = 0; i < 64; i++) {
				if (gnutls_x509_key_purpose_get(kp, i, &oid) < 0)
					break;
				count++;
				if (oid.size == strlen(OID_ANY_EKU) &&
				    memcmp(oid.data, OID_ANY_EKU, oid.size) == 0)
					any = true;
				if (oid.size == strlen(OID_SERVER_AUTH) &&
				    memcmp(oid.data, OID_SERVER_AUTH, oid.size) == 0)
					server = true;
			}
		}
		gnutls_x509_key_purpose_deinit(kp);
	}
	if (e && !ok)
		report(o, PKI__SEV_ERROR, "rfc5280.eku.malformed", S5280("4.2.1.12"),
		       "the extKeyUsage extension cannot be parsed");
	else if (e && count == 0)
		report(o, PKI__SEV_ERROR, "rfc5280.eku.empty", S5280("4.2.1.12"),
		       "the extKeyUsage extension lists no purpose; at least one is required");
	if (!o->webpki)
		return;
	if (c->anchor && self_signed(c)) {
		if (e)
			report(o, PKI__SEV_ERROR, "webpki.root.eku", SBR("7.1.2.1.2"),
			       "the root certificate has an extKeyUsage extension");
		return;
	}
	if (c->index == 0 && !c->anchor) {
		if (!e)
			report(o, PKI__SEV_ERROR, "webpki.leaf.eku_missing", SBR("7.1.2.7.10"),
			       "the subscriber certificate has no extKeyUsage extension");
		else {
			if (e->critical)
				report(o, PKI__SEV_ERROR, "webpki.leaf.eku_critical",
				       SBR("7.1.2.7.6"),
				       "the subscriber certificate's extKeyUsage is critical");
			if (any)
				report(o, PKI__SEV_ERROR, "webpki.leaf.eku_any", SBR("7.1.2.7.10"),
				       "the subscriber certificate's extKeyUsage contains "
				       "anyExtendedKeyUsage");
			if (ok && count && !server)
				report(o, PKI__SEV_NOTICE, "webpki.leaf.eku_no_server",
				       SBR("7.1.2.7.10"),
				       "the subscriber certificate's extKeyUsage has no serverAuth");
		}
	} else if (c->index > 0 && !c->anchor) {
		/* a subordinate CA: EKU present (7.1.2.10.6); warnings, since cross-certificates
		 * and older intermediates in browsers' own stores may lack it */
		if (!e)
			report(o, PKI__SEV_WARNING, "webpki.ca.eku_missing", SBR("7.1.2.10.6"),
			       "the subordinate CA certificate has no extKeyUsage extension");
		else if (any)
			report(o, PKI__SEV_WARNING, "webpki.ca.eku_any", SBR("7.1.2.10.6"),
			       "the subordinate CA certificate's extKeyUsage contains "
			       "anyExtendedKeyUsage");
	}
}

/* One SAN entry's syntax. */
static void check_general_name(const out_t *o, unsigned type, const gnutls_datum_t *v,
			       bool webpki_leaf)
{
	char q[160];
	const char *why;

	quote(q, sizeof(q), v->data, v->size);
	switch (type) {
	case GNUTLS_SAN_DNSNAME:
		why = dns_problem(v->data, v->size, true);
		if (why)
			report(o, PKI__SEV_ERROR, "rfc5280.san.dns", S5280("4.2.1.6"), "the DNS name \"%s\" %s",
			       q, why);
		else if (dns_is_ipv4(v->data, v->size))
			report(o, PKI__SEV_ERROR, "rfc5280.san.dns", S5280("4.2.1.6"),
			       "the DNS name \"%s\" is an IP address; IP addresses go in "
			       "iPAddress",
			       q);
		else if (webpki_leaf && v->size >= 2 && v->data[0] == '*' &&
			 public_suffix_like(v->data + 2, v->size - 2))
			report(o, PKI__SEV_ERROR, "webpki.san.wildcard_public_suffix",
			       SBR("3.2.2.6"),
			       "the wildcard \"%s\" covers a public suffix (registry-controlled "
			       "domain)",
			       q);
		break;
	case GNUTLS_SAN_IPADDRESS:
		if (v->size != 4 && v->size != 16)
			report(o, PKI__SEV_ERROR, "rfc5280.san.ip", S5280("4.2.1.6"),
			       "an iPAddress entry has %u octets; an address has 4 (IPv4) or 16 "
			       "(IPv6)",
			       v->size);
		break;
	case GNUTLS_SAN_RFC822NAME:
		if (!mailbox_ok(v->data, v->size))
			report(o, PKI__SEV_ERROR, "rfc5280.san.email", S5280("4.2.1.6"),
			       "the rfc822Name \"%s\" is not a mailbox (local-part@domain)", q);
		break;
	case GNUTLS_SAN_URI:
		if (!uri_ok(v->data, v->size))
			report(o, PKI__SEV_ERROR, "rfc5280.san.uri", S5280("4.2.1.6"),
			       "the URI \"%s\" has no scheme or contains spaces or non-ASCII "
			       "characters",
			       q);
		break;
	default:
		break;
	}
}

/* The leaf's common names as raw values (UTF-8 or whatever the certificate holds). */
static void check_cn_in_san(const out_t *o, cert_t *c, gnutls_subject_alt_names_t sans,
			    unsigned nsans)
{
	for (unsigned k = 0; k < 8; k++) {
		char buf[512];
		size_t len = sizeof(buf) - 1;
		bool found = false;
		char q[160];

		if (gnutls_x509_crt_get_dn_by_oid(c->crt, OID_CN, k, 0, buf, &len) < 0)
			break;
		buf[len] = '\0';
		if (k == 1)
			report(o, PKI__SEV_WARNING, "webpki.cn.multiple", SBR("7.1.4.3"),
			       "the subject has more than one commonName");
		for (unsigned i = 0; i < nsans && !found; i++) {
			unsigned type;
			gnutls_datum_t v;
			char text[INET6_ADDRSTRLEN];

			if (gnutls_subject_alt_names_get(sans, i, &type, &v, NULL) < 0)
				break;
			if (type == GNUTLS_SAN_DNSNAME)
				found = v.size == len && memcmp(v.data, buf, len) == 0;
			else if (type == GNUTLS_SAN_IPADDRESS && (v.size == 4 || v.size == 16) &&
				 inet_ntop(v.size == 4 ? AF_INET : AF_INET6, v.data, text,
					   sizeof(text)))
				found = strcmp(text, buf) == 0;
		}
		if (!found) {
			quote(q, sizeof(q), (const unsigned char *)buf, len);
			report(o, PKI__SEV_ERROR, "webpki.cn.not_in_san", SBR("7.1.4.3"),
			       "the commonName \"%s\" is not a character-for-character copy of a "
			       "DNS name or the text form of an IP address in subjectAltName",
			       q);
		}
	}
}

static void check_san(const out_t *o, cert_t *c)
{
	const ext_t *e = find_ext(c, OID_SAN);
	gnutls_subject_alt_names_t sans;
	bool webpki_leaf = o->webpki && c->index == 0 && !c->anchor;
	unsigned n = 0;

	if (!e) {
		if (webpki_leaf)
			report(o, PKI__SEV_ERROR, "webpki.san.missing", SBR("7.1.2.7.12"),
			       "the subscriber certificate has no subjectAltName extension");
		return;
	}
	if (c->subject_empty && !e->critical)
		report(o, PKI__SEV_ERROR, "rfc5280.san.noncritical_empty_subject",
		       S5280("4.2.1.6"),
		       "the subject is empty but the subjectAltName extension is not critical");
	if (webpki_leaf && !c->subject_empty && e->critical)
		report(o, PKI__SEV_ERROR, "webpki.san.critical", SBR("7.1.2.7.12"),
		       "the subjectAltName extension is critical although the subject is not "
		       "empty");
	if (gnutls_subject_alt_names_init(&sans) < 0)
		return;
	parsed(e, gnutls_x509_ext_import_subject_alt_names(&e->data, sans, 0));
	if (e->parses == 0) {
		report(o, PKI__SEV_ERROR, "rfc5280.san.malformed", S5280("4.2.1.6"),
		       "the subjectAltName extension cannot be parsed");
		gnutls_subject_alt_names_deinit(sans);
		return;
	}
	for (;; n++) {
		unsigned type;
		gnutls_datum_t v;

		if (gnutls_subject_alt_names_get(sans, n, &type, &v, NULL) < 0)
			break;
		if (n < 256)
			check_general_name(o, type, &v, webpki_leaf);
		if (webpki_leaf && type != GNUTLS_SAN_DNSNAME && type != GNUTLS_SAN_IPADDRESS &&
		    n < 256)
			report(o, PKI__SEV_WARNING, "webpki.san.type", SBR("7.1.2.7.12"),
			       "the subscriber certificate's subjectAltName has an entry that is "
			       "neither a DNS name nor an IP address");
	}
	if (n == 0)
		report(o, PKI__SEV_ERROR, "rfc5280.san.empty", S5280("4.2.1.6"),
		       "the subjectAltName extension holds no name");
	if (webpki_leaf)
		check_cn_in_san(o, c, sans, n);
	gnutls_subject_alt_names_deinit(sans);
}

static void check_nc_entry(const out_t *o, unsigned type, const gnutls_datum_t *v)
{
	char q[160];

	quote(q, sizeof(q), v->data, v->size);
	switch (type) {
	case GNUTLS_SAN_DNSNAME:
		if (v->size > 0 && dns_problem(v->data, v->size, false))
			report(o, PKI__SEV_ERROR, "rfc5280.nc.dns", S5280("4.2.1.10"),
			       "the DNS name constraint \"%s\" is not a DNS name (%s)", q,
			       dns_problem(v->data, v->size, false));
		break;
	case GNUTLS_SAN_IPADDRESS: {
		bool ok = v->size == 8 || v->size == 32;
		size_t half = v->size / 2;
		bool ones = true;

		/* the mask is contiguous ones then zeros */
		for (size_t i = 0; ok && i < half * 8; i++) {
			bool bit = (v->data[half + i / 8] >> (7 - i % 8)) & 1;

			if (bit && !ones)
				ok = false;
			ones = bit;
		}
		if (!ok)
			report(o, PKI__SEV_ERROR, "rfc5280.nc.ip", S5280("4.2.1.10"),
			       "an iPAddress name constraint is not an address with a contiguous "
			       "mask (%u octets)",
			       v->size);
		break;
	}
	case GNUTLS_SAN_RFC822NAME: {
		const unsigned char *at = memchr(v->data, '@', v->size);

		if (at ? !mailbox_ok(v->data, v->size) :
			 (v->size == 0 ||
			  dns_problem(v->data + (v->data[0] == '.'),
				      v->size - (v->data[0] == '.'), false) != NULL))
			report(o, PKI__SEV_ERROR, "rfc5280.nc.email", S5280("4.2.1.10"),
			       "the rfc822Name constraint \"%s\" is neither a mailbox, a host nor "
			       "a domain",
			       q);
		break;
	}
	default:
		break;
	}
}

/* The subtrees of one set ("permittedSubtrees") of a decoded NameConstraints, each checked by
 * check_nc_entry; the number of subtrees, or -1 when one does not decode. The forms libpki
 * does not look into (otherName, x400Address, ediPartyName, registeredID, and directoryName,
 * which decoding has checked) are counted and left to the verifier, which refuses a path
 * only when a certificate below has a name of such a form (RFC 5280 4.2.1.10: a constraint
 * applies to names of its own form). */
static long nc_subtrees(const out_t *o, asn1_node node, const char *set)
{
	static const struct {
		const char *alt;
		unsigned type;
	} forms[] = {
		{ "rfc822Name", GNUTLS_SAN_RFC822NAME },
		{ "dNSName", GNUTLS_SAN_DNSNAME },
		{ "uniformResourceIdentifier", GNUTLS_SAN_URI },
		{ "iPAddress", GNUTLS_SAN_IPADDRESS },
	};
	size_t n = 0;

	if (pki__asn1_count(&n, node, set) < 0)
		return -1;
	for (size_t k = 0; k < n && k < 256; k++) {
		char elem[96];
		gnutls_datum_t alt = { NULL, 0 }, v = { NULL, 0 };

		snprintf(elem, sizeof(elem), "%s.?%zu.base", set, k + 1);
		if (pki__asn1_read(&alt, node, elem) < 0)
			return -1;
		for (size_t f = 0; f < sizeof(forms) / sizeof(forms[0]); f++) {
			if (strcmp((const char *)alt.data, forms[f].alt) != 0)
				continue;
			snprintf(elem, sizeof(elem), "%s.?%zu.base.%s", set, k + 1, forms[f].alt);
			if (pki__asn1_read(&v, node, elem) < 0) {
				gnutls_free(alt.data);
				return -1;
			}
			check_nc_entry(o, forms[f].type, &v);
			gnutls_free(v.data);
		}
		gnutls_free(alt.data);
	}
	return (long)n;
}

static void check_name_constraints(const out_t *o, cert_t *c)
{
	const ext_t *e = find_ext(c, OID_NC);
	asn1_node node = NULL;
	long np, ne;
	int rc;

	if (!e)
		return;
	if (!acts_as_ca(c))
		report(o, PKI__SEV_ERROR, "rfc5280.nc.not_ca", S5280("4.2.1.10"),
		       "the nameConstraints extension appears in a certificate that is not a CA");
	if (!e->critical && !o->webpki)
		report(o, PKI__SEV_ERROR, "rfc5280.nc.noncritical", S5280("4.2.1.10"),
		       "the nameConstraints extension is not critical; it must be");
	/* libtasn1 (pkix.asn), not GnuTLS: gnutls_x509_ext_import_name_constraints refuses
	 * every subtree of a form it does not know, otherName included */
	rc = pki__asn1_decode(&node, "NameConstraints", e->data.data, e->data.size);
	if (rc == PKI_E_NOMEM)
		return;
	np = rc < 0 ? -1 : nc_subtrees(o, node, "permittedSubtrees");
	ne = np < 0 ? -1 : nc_subtrees(o, node, "excludedSubtrees");
	pki__asn1_free(&node);
	if (np < 0 || ne < 0)
		report(o, PKI__SEV_ERROR, "rfc5280.nc.malformed", S5280("4.2.1.10"),
		       "the nameConstraints extension cannot be parsed");
	else if (np == 0 && ne == 0)
		report(o, PKI__SEV_ERROR, "rfc5280.nc.empty", S5280("4.2.1.10"),
		       "the nameConstraints extension has neither permitted nor excluded "
		       "subtrees");
}

/* The verifier's checks of the extensions (see pki__ext_fn), on what the rules read. */
static void ext_check(const cert_t *c, pki__ext_fn fn, void *arg)
{
	char seen[32][64];
	unsigned nseen = 0;

	if (c->too_many_exts) {
		fn(arg, PKI__EXT_TOO_MANY, NULL);
		return;
	}
	for (size_t k = 0; k < c->next; k++) {
		const ext_t *e = &c->ext[k];
		size_t len = strlen(e->oid);

		for (unsigned j = 0; j < nseen; j++)
			if (strcmp(seen[j], e->oid) == 0)
				fn(arg, PKI__EXT_TWICE, e->oid);
		if (nseen < 32 && len < 64)
			memcpy(seen[nseen++], e->oid, len + 1);
		if (!pki__ext_known(e->oid)) {
			if (e->critical)
				fn(arg, PKI__EXT_UNKNOWN_CRITICAL, e->oid);
			continue;
		}
		if (e->parses == 0 || (e->parses < 0 && !pki__ext_parses(e->oid, &e->data)))
			fn(arg, PKI__EXT_MALFORMED, e->oid);
	}
	if (c->ext_read_error)
		fn(arg, PKI__EXT_UNREADABLE, NULL);
}

void pki__profile_check_cert(gnutls_x509_crt_t crt, gnutls_pubkey_t pub, int profile,
			     size_t index, size_t n, bool is_anchor, pki__finding_fn fn, void *arg,
			     pki__ext_fn ext_fn, void *ext_arg)
{
	out_t o = { fn, arg, profile == PKI_VERIFY_PROFILE_WEBPKI };
	cert_t *c;

	if (!crt || !fn)
		return;
	c = malloc(sizeof(*c)); /* public data only: no wiping (pki_free) of its 10 KiB */
	if (!c) {
		fn(arg, PKI__SEV_ERROR, "pki.nomem", "libpki", "out of memory checking the profile");
		return;
	}
	cert_read(c, crt);
	c->pub = pub;
	c->index = index;
	c->n = n;
	c->anchor = is_anchor;
	check_version_serial(&o, c);
	check_names(&o, c);
	check_validity(&o, c);
	check_key(&o, c);
	check_signature_alg(&o, c);
	check_extensions(&o, c);
	check_key_ids(&o, c);
	check_basic_constraints_ku(&o, c);
	check_eku(&o, c);
	check_san(&o, c);
	check_name_constraints(&o, c);
	if (ext_fn)
		ext_check(c, ext_fn, ext_arg);
	cert_done(c);
	free(c);
}

/* ---------------------------------------------------------------------------------------- */
/* CRL rules (RFC 5280 section 5)                                                            */

static const char *crl_ext_find(gnutls_x509_crl_t crl, const char *oid, unsigned *critical,
				gnutls_datum_t *data)
{
	for (unsigned i = 0; i < MAX_EXTS; i++) {
		char o[128];
		size_t sz = sizeof(o);
		unsigned crit = 0;

		if (gnutls_x509_crl_get_extension_info(crl, i, o, &sz, &crit) < 0)
			break;
		if (strcmp(o, oid) == 0) {
			if (critical)
				*critical = crit;
			if (data && gnutls_x509_crl_get_extension_data2(crl, i, data) < 0)
				data->data = NULL, data->size = 0;
			return oid;
		}
	}
	return NULL;
}

static void check_crl(const out_t *o, const pki_crl_t *pc)
{
	gnutls_x509_crl_t crl = pc->crl;
	gnutls_datum_t issuer = { NULL, 0 };
	unsigned crit = 0, next = 0;
	int version = gnutls_x509_crl_get_version(crl);
	time_t tu = gnutls_x509_crl_get_this_update(crl), nu = gnutls_x509_crl_get_next_update(crl);
	char oids[MAX_EXTS][128];

	for (unsigned i = 0; i < MAX_EXTS; i++) {
		size_t sz = sizeof(oids[0]);

		if (gnutls_x509_crl_get_extension_info(crl, i, oids[i], &sz, &crit) < 0)
			break;
		for (unsigned j = 0; j < i; j++)
			if (strcmp(oids[i], oids[j]) == 0)
				report(o, PKI__SEV_ERROR, "rfc5280.crl.extensions.duplicate",
				       S5280("5.2"), "the CRL extension %s appears more than once",
				       oids[i]);
		next++;
	}
	if (version != 2)
		report(o, PKI__SEV_ERROR, "rfc5280.crl.version", S5280("5.1.2.1"),
		       "the CRL is version %d; CRLs of this profile carry extensions and are "
		       "version 2",
		       version);
	if (gnutls_x509_crl_get_raw_issuer_dn(crl, &issuer) < 0 || name_is_empty(&issuer))
		report(o, PKI__SEV_ERROR, "rfc5280.crl.issuer.empty", S5280("5.1.2.3"),
		       "the CRL issuer name is empty; it must be a non-empty distinguished name");
	gnutls_free(issuer.data);
	if (nu == (time_t)-1)
		report(o, PKI__SEV_ERROR, "rfc5280.crl.next_update.missing", S5280("5.1.2.5"),
		       "the CRL has no nextUpdate; conforming CRL issuers must include it");
	else if (tu != (time_t)-1 && nu < tu)
		report(o, PKI__SEV_ERROR, "rfc5280.crl.next_update.before", S5280("5.1.2.5"),
		       "the CRL's nextUpdate is before its thisUpdate");
	else if (o->webpki && tu != (time_t)-1 && nu - tu > (time_t)10 * 86400)
		report(o, PKI__SEV_NOTICE, "webpki.crl.lifetime", SBR("4.9.7"),
		       "the CRL is valid for %lld days; a CRL for subscriber certificates may be "
		       "valid for at most 10 days (a CA's for 12 months)",
		       (long long)((nu - tu) / 86400));

	{
		int sa = gnutls_x509_crl_get_signature_algorithm(crl);
		gnutls_digest_algorithm_t h =
			sa > 0 ? gnutls_sign_get_hash_algorithm((gnutls_sign_algorithm_t)sa) :
				 GNUTLS_DIG_UNKNOWN;

		if (h == GNUTLS_DIG_MD5 || h == GNUTLS_DIG_MD2 || h == GNUTLS_DIG_SHA1)
			report(o, o->webpki ? PKI__SEV_ERROR : PKI__SEV_WARNING,
			       "webpki.signature.weak", SBR("7.1.3.2"), "the CRL is signed with %s",
			       gnutls_sign_get_name((gnutls_sign_algorithm_t)sa));
	}

	if (!crl_ext_find(crl, OID_AKI, &crit, NULL))
		report(o, PKI__SEV_ERROR, "rfc5280.crl.aki.missing", S5280("5.2.1"),
		       "the CRL has no authorityKeyIdentifier extension");
	else if (crit)
		report(o, PKI__SEV_ERROR, "rfc5280.crl.aki.critical", S5280("5.2.1"),
		       "the CRL's authorityKeyIdentifier extension is critical; it must not be");
	else {
		unsigned char id[64];
		size_t idlen = sizeof(id);

		if (gnutls_x509_crl_get_authority_key_id(crl, id, &idlen, NULL) < 0)
			report(o, PKI__SEV_ERROR, "rfc5280.crl.aki.no_key_id", S5280("5.2.1"),
			       "the CRL's authorityKeyIdentifier has no keyIdentifier field");
	}
	if (!crl_ext_find(crl, OID_CRL_NUMBER, &crit, NULL))
		report(o, PKI__SEV_ERROR, "rfc5280.crl.number.missing", S5280("5.2.3"),
		       "the CRL has no cRLNumber extension");
	else {
		unsigned char num[64];
		size_t len = sizeof(num);
		unsigned ncrit = 0;
		int ret = gnutls_x509_crl_get_number(crl, num, &len, &ncrit);

		if (crit)
			report(o, PKI__SEV_ERROR, "rfc5280.crl.number.critical", S5280("5.2.3"),
			       "the cRLNumber extension is critical; it must not be");
		if (ret < 0 || len == 0)
			report(o, PKI__SEV_ERROR, "rfc5280.crl.number.malformed", S5280("5.2.3"),
			       "the cRLNumber cannot be read");
		else if (len > 20)
			report(o, PKI__SEV_ERROR, "rfc5280.crl.number.length", S5280("5.2.3"),
			       "the cRLNumber is longer than 20 octets");
		else if (num[0] & 0x80)
			report(o, PKI__SEV_ERROR, "rfc5280.crl.number.negative", S5280("5.2.3"),
			       "the cRLNumber is negative");
	}
	if (crl_ext_find(crl, OID_IDP, &crit, NULL) && !crit)
		report(o, PKI__SEV_ERROR, "rfc5280.crl.idp.noncritical", S5280("5.2.5"),
		       "the issuingDistributionPoint extension is not critical; it must be");
	if (crl_ext_find(crl, OID_DELTA, &crit, NULL) && !crit)
		report(o, PKI__SEV_ERROR, "rfc5280.crl.delta.noncritical", S5280("5.2.4"),
		       "the deltaCRLIndicator extension is not critical; it must be");

	for (size_t i = 0; i < pc->count && i < 100000; i++) {
		const pki__crl_entry_t *e = &pc->entries[i];
		bool zero = true;

		for (size_t k = 0; k < e->serial.size; k++)
			zero = zero && e->serial.data[k] == 0;
		if (e->serial.size > 20) {
			report(o, PKI__SEV_WARNING, "rfc5280.crl.entry.serial", S5280("5.1.2.6"),
			       "entry %zu has a serial number longer than 20 octets", i + 1);
		} else if (e->serial.size && (e->serial.data[0] & 0x80)) {
			report(o, PKI__SEV_WARNING, "rfc5280.crl.entry.serial", S5280("5.1.2.6"),
			       "entry %zu has a negative serial number", i + 1);
		} else if (zero) {
			report(o, PKI__SEV_WARNING, "rfc5280.crl.entry.serial", S5280("5.1.2.6"),
			       "entry %zu has serial number zero", i + 1);
		}
	}
	(void)next;
}

static void profile_check_crl(const pki_crl_t *crl, int profile, pki__finding_fn fn, void *arg)
{
	out_t o = { fn, arg, profile == PKI_VERIFY_PROFILE_WEBPKI };

	if (crl && crl->crl && fn)
		check_crl(&o, crl);
}

/* ---------------------------------------------------------------------------------------- */
/* pki lint: the findings as a handle                                                        */

typedef struct {
	int sev;
	const char *rule, *source; /* static strings of the rules above */
	char *text;
} finding_t;

struct pki_lint {
	finding_t *f;
	size_t n, cap;
	bool nomem;
};

void pki_lint_free(pki_lint_t *lint)
{
	if (!lint)
		return;
	for (size_t i = 0; i < lint->n; i++)
		pki_free(lint->f[i].text);
	pki_free(lint->f);
	pki_free(lint);
}

static void collect(void *arg, pki__severity_t sev, const char *rule, const char *source,
		    const char *text)
{
	pki_lint_t *l = arg;
	finding_t *f;
	int err;

	if (l->nomem)
		return;
	/* no limit but memory */
	f = pki__grow(l->f, &l->cap, l->n, sizeof(*f), SIZE_MAX / sizeof(*f), "findings", &err);
	if (!f) {
		l->nomem = true;
		return;
	}
	l->f = f;
	l->f[l->n].text = pki__strdup(text);
	if (!l->f[l->n].text) {
		l->nomem = true;
		return;
	}
	l->f[l->n].sev = (int)sev;
	l->f[l->n].rule = rule;
	l->f[l->n].source = source;
	l->n++;
}

static int lint_finish(pki_lint_t **out, pki_lint_t *l)
{
	if (l->nomem) {
		pki_lint_free(l);
		return pki__fail(PKI_E_NOMEM, "out of memory collecting lint findings");
	}
	*out = l;
	return 0;
}

/* The entry of pki_cert_lint and pki_crl_lint (@p fn), which lint @p obj (named @p what):
 * *out NULL, then "<fn>: out is NULL", "<fn>: <what> is NULL", an unknown profile, flags
 * outside @p allowed. */
static int lint_enter(const char *fn, pki_lint_t **out, const void *obj, const char *what,
		      int profile, unsigned flags, unsigned allowed)
{
	int ret;

	if (out)
		*out = NULL;
	if ((ret = pki__enter_out_of(fn, out, obj, what)) < 0)
		return ret;
	if (profile != PKI_VERIFY_PROFILE_RFC5280 && profile != PKI_VERIFY_PROFILE_WEBPKI)
		return pki__fail(PKI_E_INVALID_ARG, "%s: unknown profile %d", fn, profile);
	return pki__flags(fn, flags, allowed);
}

int pki_cert_lint(pki_lint_t **out, const pki_cert_t *cert, pki_verify_profile_t profile,
		  unsigned flags)
{
	const unsigned as = PKI_LINT_AS_LEAF | PKI_LINT_AS_CA | PKI_LINT_AS_ROOT;
	pki_lint_t *l;
	size_t index = 0, n = 2;
	bool anchor = false;
	int ret;

	if ((ret = lint_enter(__func__, out, cert, "cert", (int)profile, flags, as)) < 0)
		return ret;
	if ((flags & as) && (flags & (flags - 1)))
		return pki__fail(PKI_E_INVALID_ARG, "at most one of PKI_LINT_AS_LEAF, _AS_CA and "
						    "_AS_ROOT");
	if (!flags) {
		unsigned ca = 0;

		gnutls_x509_crt_t crt = pki__cert_crt(cert);

		if (gnutls_x509_crt_get_basic_constraints(crt, NULL, &ca, NULL) >= 0 && ca)
			flags = gnutls_x509_crt_check_issuer(crt, crt) ?
					PKI_LINT_AS_ROOT :
					PKI_LINT_AS_CA;
		else
			flags = PKI_LINT_AS_LEAF;
	}
	if (flags == PKI_LINT_AS_CA)
		index = 1, n = 3;
	else if (flags == PKI_LINT_AS_ROOT)
		index = 1, anchor = true;
	l = pki__zalloc(sizeof(*l));
	if (!l)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	pki__profile_check_cert(pki__cert_crt(cert), NULL, (int)profile, index, n, anchor, collect,
				l, NULL, NULL);
	return lint_finish(out, l);
}

int pki_crl_lint(pki_lint_t **out, const pki_crl_t *crl, pki_verify_profile_t profile,
		 unsigned flags)
{
	pki_lint_t *l;
	int ret;

	if ((ret = lint_enter(__func__, out, crl, "crl", (int)profile, flags, 0)) < 0)
		return ret;
	l = pki__zalloc(sizeof(*l));
	if (!l)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	profile_check_crl(crl, (int)profile, collect, l);
	return lint_finish(out, l);
}

int pki_lint_count(const pki_lint_t *lint)
{
	int ret;

	if ((ret = pki__enter_arg(__func__, lint, "lint")) < 0)
		return ret;
	return (int)lint->n;
}

int pki_lint_count_severity(const pki_lint_t *lint, pki_lint_severity_t sev)
{
	int k = 0, ret;

	if ((ret = pki__enter_arg(__func__, lint, "lint")) < 0)
		return ret;
	for (size_t i = 0; i < lint->n; i++)
		k += lint->f[i].sev == (int)sev;
	return k;
}

int pki_lint_finding(const char **rule, const char **source, const char **text,
		     const pki_lint_t *lint, unsigned index)
{
	int ret;

	if ((ret = pki__enter_arg(__func__, lint, "lint")) < 0)
		return ret;
	if (index >= lint->n)
		return pki__fail(PKI_E_NOT_FOUND, "no finding %u (there are %zu)", index, lint->n);
	if (rule)
		*rule = lint->f[index].rule;
	if (source)
		*source = lint->f[index].source;
	if (text)
		*text = lint->f[index].text;
	return lint->f[index].sev;
}

const char *pki_lint_severity_name(int sev)
{
	switch (sev) {
	case PKI_LINT_ERROR: return "error";
	case PKI_LINT_WARNING: return "warning";
	case PKI_LINT_NOTICE: return "notice";
	default: return NULL;
	}
}

int pki_lint_to_json(char **out, const pki_lint_t *lint, unsigned flags)
{
	pki__buf_t b = { NULL, 0, 0, false };
	int ret;

	if ((ret = PKI__ENTER_OUT_OF(out, lint, "lint")) < 0 ||
	    (ret = pki__flags(__func__, flags, 0)) < 0)
		return ret;
	pki__buf_add(&b, "[", 1);
	for (size_t i = 0; i < lint->n; i++) {
		pki__buf_printf(&b, "%s{\"severity\":\"%s\",\"rule\":", i ? "," : "",
				pki_lint_severity_name(lint->f[i].sev));
		pki__buf_json_str(&b, lint->f[i].rule);
		pki__buf_add(&b, ",\"source\":", 10);
		pki__buf_json_str(&b, lint->f[i].source);
		pki__buf_add(&b, ",\"text\":", 8);
		pki__buf_json_str(&b, lint->f[i].text);
		pki__buf_add(&b, "}", 1);
	}
	pki__buf_add(&b, "]", 1);
	return pki__buf_finish(&b, out);
}
