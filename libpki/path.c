/*
 * libpki — path building: from the target up to a trust anchor, with backtracking.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A depth-first search. At each step the candidate issuers are the trust anchors and the
 * untrusted certificates whose subject equals the current certificate's issuer name
 * (pki__dn_equal, RFC 5280 7.1), ranked: an authorityKeyIdentifier matching the candidate's
 * subjectKeyIdentifier first, then candidates without one of the two, then mismatches; anchors
 * before untrusted certificates on a tie. An untrusted candidate whose key did not sign the
 * certificate is not its issuer; a trust anchor that did not ends a path that is validated
 * (and fails: a forged or damaged certificate). A candidate that did sign is either a trust
 * anchor (the path is complete and validated by every stage) or the next step. The first path that validates wins; otherwise the best failed path is reported
 * (verify.c ranks them: anchored before not anchored, then fewer reasons).
 *
 * The work budget keeps hostile input cheap: at most max_depth certificates per path, at most
 * MAX_CANDIDATES candidates per step, MAX_SIG_CHECKS signature verifications and MAX_PATHS
 * validated paths per verification, and keys that would make one check expensive (RSA above
 * 8192 bits or with an exponent above 2^64, DSA above 3072 bits) are refused before any
 * arithmetic. Signature checks are cached in the trust store (bounded, thread-safe), so leaves
 * under the same intermediates cost one check each.
 */
#include "dsa-inherit.h"
#include "namecmp.h"
#include "verify-int.h"

#include <libtasn1.h>
#include <pthread.h>
#include <string.h>

#define MAX_CANDIDATES 8 /* tried per step, after ranking */
#define MAX_MATCHES 256  /* same-name certificates ranked per step */
#define MAX_SIG_CHECKS 48
#define MAX_PATHS 24
#define MAX_RSA_BITS 8192
#define MAX_DSA_BITS 3072

/* ---------------------------------------------------------------------------------------- */
/* Certificates                                                                              */

int pki__crt_from_der(gnutls_x509_crt_t *out, const gnutls_datum_t *der)
{
	int ret;

	*out = NULL;
	ret = gnutls_x509_crt_init(out);
	if (ret == 0)
		ret = gnutls_x509_crt_import(*out, der, GNUTLS_X509_FMT_DER);
	if (ret < 0) {
		if (*out)
			gnutls_x509_crt_deinit(*out);
		*out = NULL;
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
					"cannot copy a certificate");
	}
	return 0;
}

int pki__crt_copy(gnutls_x509_crt_t *out, gnutls_x509_crt_t in)
{
	gnutls_datum_t d = { NULL, 0 };
	int ret;

	*out = NULL;
	ret = gnutls_x509_crt_export2(in, GNUTLS_X509_FMT_DER, &d);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_PARSE, ret, "cannot encode a certificate");
	ret = pki__crt_from_der(out, &d);
	gnutls_free(d.data);
	return ret;
}

static bool dn_eq(const gnutls_datum_t *a, const gnutls_datum_t *b)
{
	return pki__dn_equal(a, b);
}

/* SHA-256 over the DER GnuTLS kept from the import (gnutls_x509_crt_export2 hands it out
 * without encoding; gnutls_x509_crt_get_fingerprint encodes the certificate again first). */
bool pki__crt_fpr(unsigned char fpr[32], gnutls_x509_crt_t crt)
{
	gnutls_datum_t der = { NULL, 0 };
	bool ok;

	if (gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der) < 0)
		return false;
	ok = gnutls_hash_fast(GNUTLS_DIG_SHA256, der.data, der.size, fpr) == 0;
	gnutls_free(der.data);
	return ok;
}

long pki__trust_find(const pki_trust_t *trust, gnutls_x509_crt_t crt)
{
	unsigned char f[32];
	bool have;

	for (size_t i = 0; i < trust->nanchors; i++)
		if (trust->anchors[i] == crt)
			return (long)i;
	have = pki__crt_fpr(f, crt);
	for (size_t i = 0; i < trust->nanchors; i++)
		if (have ? memcmp(trust->meta[i].fpr, f, 32) == 0
			 : gnutls_x509_crt_equals(trust->anchors[i], crt) != 0)
			return (long)i;
	return -1;
}

bool pki__vctx_fpr(pki__vctx_t *v, gnutls_x509_crt_t crt, unsigned char fpr[32])
{
	const pki_trust_t *t = v->trust;
	const pki_verify_opts_t *o = v->opts;

	for (size_t i = 0; i < t->nanchors; i++)
		if (t->anchors[i] == crt) {
			memcpy(fpr, t->meta[i].fpr, 32);
			return true;
		}
	for (size_t i = 0; i < o->nuntrusted; i++)
		if (o->untrusted[i] == crt) {
			memcpy(fpr, o->untrusted_meta[i].fpr, 32);
			return true;
		}
	for (size_t i = 0; i < v->nfmemo; i++)
		if (v->fmemo[i].crt == crt) {
			memcpy(fpr, v->fmemo[i].fpr, 32);
			return true;
		}
	if (!pki__crt_fpr(fpr, crt))
		return false;
	if (v->nfmemo < sizeof(v->fmemo) / sizeof(v->fmemo[0])) {
		v->fmemo[v->nfmemo].crt = crt;
		memcpy(v->fmemo[v->nfmemo].fpr, fpr, 32);
		v->nfmemo++;
	}
	return true;
}

bool pki__vctx_same(pki__vctx_t *v, gnutls_x509_crt_t a, gnutls_x509_crt_t b)
{
	unsigned char fa[32], fb[32];

	if (a == b)
		return true;
	if (!pki__vctx_fpr(v, a, fa) || !pki__vctx_fpr(v, b, fb))
		return gnutls_x509_crt_equals(a, b) != 0;
	return memcmp(fa, fb, 32) == 0;
}

/* The index of @p crt among the anchors (pki__trust_find through the fingerprint memo). */
static long anchor_index(pki__vctx_t *v, gnutls_x509_crt_t crt)
{
	const pki_trust_t *t = v->trust;
	unsigned char f[32];

	for (size_t i = 0; i < t->nanchors; i++)
		if (t->anchors[i] == crt)
			return (long)i;
	if (!pki__vctx_fpr(v, crt, f))
		return pki__trust_find(t, crt);
	for (size_t i = 0; i < t->nanchors; i++)
		if (memcmp(t->meta[i].fpr, f, 32) == 0)
			return (long)i;
	return -1;
}

bool pki__crt_self_issued(gnutls_x509_crt_t crt)
{
	gnutls_datum_t a = { NULL, 0 }, b = { NULL, 0 };
	bool same = false;

	if (gnutls_x509_crt_get_raw_dn(crt, &a) == 0 &&
	    gnutls_x509_crt_get_raw_issuer_dn(crt, &b) == 0)
		same = dn_eq(&a, &b);
	gnutls_free(a.data);
	gnutls_free(b.data);
	return same;
}

/* Whether one signature check with @p crt's key costs a bounded amount of work, read from its
 * imported key @p pub when there is one (gnutls_x509_crt_get_pk_algorithm reads the key from
 * the certificate again at each call), else from the certificate. */
static bool key_bounded(gnutls_x509_crt_t crt, gnutls_pubkey_t pub)
{
	unsigned bits = 0;
	int pk = pub ? gnutls_pubkey_get_pk_algorithm(pub, &bits)
		     : gnutls_x509_crt_get_pk_algorithm(crt, &bits);

	if (pk == GNUTLS_PK_RSA || pk == GNUTLS_PK_RSA_PSS) {
		gnutls_datum_t m = { NULL, 0 }, e = { NULL, 0 };
		size_t z = 0;
		bool ok;

		if (bits > MAX_RSA_BITS)
			return false;
		if ((pub ? gnutls_pubkey_export_rsa_raw2(pub, &m, &e, 0)
			 : gnutls_x509_crt_get_pk_rsa_raw(crt, &m, &e)) < 0)
			return false;
		/* leading zero bytes do not count; an exponent above 2^64 (or even) is absurd */
		while (z < e.size && e.data[z] == 0)
			z++;
		ok = z < e.size && e.size - z <= 8 && (e.data[e.size - 1] & 1);
		gnutls_free(m.data);
		gnutls_free(e.data);
		return ok;
	}
	if (pk == GNUTLS_PK_DSA)
		return bits <= MAX_DSA_BITS;
	return pk > 0;
}

bool pki__crt_key_bounded(gnutls_x509_crt_t issuer)
{
	return key_bounded(issuer, NULL);
}

int pki__vctx_pubkey(pki__vctx_t *v, gnutls_x509_crt_t crt, gnutls_pubkey_t *pub, bool *owned)
{
	gnutls_pubkey_t k = NULL;
	int ret = 0;

	*pub = NULL;
	*owned = false;
	for (size_t i = 0; i < v->npmemo; i++)
		if (v->pmemo[i].crt == crt) {
			*pub = v->pmemo[i].pub;
			return *pub ? 0 : -1;
		}
	if (gnutls_pubkey_init(&k) < 0)
		return PKI_E_NOMEM;
	if (gnutls_pubkey_import_x509(k, crt, 0) < 0) {
		gnutls_pubkey_deinit(k);
		k = NULL;
		ret = -1;
	}
	if (v->npmemo < sizeof(v->pmemo) / sizeof(v->pmemo[0])) {
		v->pmemo[v->npmemo].crt = crt;
		v->pmemo[v->npmemo].pub = k;
		v->pmemo[v->npmemo].from = NULL;
		v->pmemo[v->npmemo].bounded = -1;
		v->npmemo++;
	} else {
		*owned = k != NULL;
	}
	*pub = k;
	return ret;
}

void pki__vctx_release(pki__vctx_t *v)
{
	for (size_t i = 0; i < v->npmemo; i++)
		if (v->pmemo[i].pub)
			gnutls_pubkey_deinit(v->pmemo[i].pub);
	v->npmemo = 0;
}

bool pki__vctx_key_bounded(pki__vctx_t *v, gnutls_x509_crt_t issuer)
{
	for (size_t i = 0; i < v->npmemo; i++)
		if (v->pmemo[i].crt == issuer) {
			/* a key GnuTLS cannot import alone (DSA inheriting its parameters) is
			 * judged from the certificate */
			if (v->pmemo[i].bounded < 0)
				v->pmemo[i].bounded = key_bounded(issuer, v->pmemo[i].pub) ? 1 : 0;
			return v->pmemo[i].bounded == 1;
		}
	/* not imported (yet): no import only for this (a cached signature needs none) */
	return pki__crt_key_bounded(issuer);
}

/* ---------------------------------------------------------------------------------------- */
/* Signatures and their cache                                                                */

/* 1024 entries in sets of 4: an entry is only evicted by four newer ones of its set, so a
 * handful of checks per chain never push each other out (with one entry per slot, two of a
 * dozen keys shared a slot about once in twenty stores). */
#define CACHE_WAYS 4
#define CACHE_SETS 256

struct pki__sigcache {
	pthread_mutex_t lock;
	struct {
		struct {
			unsigned char key[32];
			bool used, ok;
		} way[CACHE_WAYS];
		unsigned next; /* the way replaced next when the set is full */
	} set[CACHE_SETS];
};

struct pki__sigcache *pki__sigcache_new(void)
{
	struct pki__sigcache *c = pki__zalloc(sizeof(*c));

	if (c && pthread_mutex_init(&c->lock, NULL) != 0) {
		pki_free(c);
		return NULL;
	}
	return c;
}

void pki__sigcache_free(struct pki__sigcache *c)
{
	if (!c)
		return;
	pthread_mutex_destroy(&c->lock);
	pki_free(c);
}

/* The cache key: SHA-256 over the certificate's SHA-256 fingerprint and the issuer's. The
 * issuer certificate rather than its key: a little more specific than needed (a cross-
 * certificate of the same key misses), never wrong, and both fingerprints are at hand. */
static bool cache_key(pki__vctx_t *v, unsigned char key[32], gnutls_x509_crt_t crt,
		      gnutls_x509_crt_t issuer)
{
	unsigned char buf[64];

	if (!pki__vctx_fpr(v, crt, buf) || !pki__vctx_fpr(v, issuer, buf + 32))
		return false;
	return gnutls_hash_fast(GNUTLS_DIG_SHA256, buf, sizeof(buf), key) == 0;
}

int pki__sigcache_get(struct pki__sigcache *c, const unsigned char key[32])
{
	int r = -1;
	unsigned i = ((unsigned)key[0] << 8 | key[1]) % CACHE_SETS;

	pthread_mutex_lock(&c->lock);
	for (unsigned w = 0; w < CACHE_WAYS && r < 0; w++)
		if (c->set[i].way[w].used && memcmp(c->set[i].way[w].key, key, 32) == 0)
			r = c->set[i].way[w].ok;
	pthread_mutex_unlock(&c->lock);
	return r;
}

void pki__sigcache_put(struct pki__sigcache *c, const unsigned char key[32], bool ok)
{
	unsigned i = ((unsigned)key[0] << 8 | key[1]) % CACHE_SETS, w;

	pthread_mutex_lock(&c->lock);
	for (w = 0; w < CACHE_WAYS; w++)
		if (!c->set[i].way[w].used || memcmp(c->set[i].way[w].key, key, 32) == 0)
			break;
	if (w == CACHE_WAYS)
		w = c->set[i].next++ % CACHE_WAYS;
	memcpy(c->set[i].way[w].key, key, 32);
	c->set[i].way[w].used = true;
	c->set[i].way[w].ok = ok;
	pthread_mutex_unlock(&c->lock);
}

/* The TBSCertificate of @p der: the first element of the outer SEQUENCE (libtasn1). */
static bool tbs_of(gnutls_datum_t *tbs, const gnutls_datum_t *der)
{
	unsigned char cls;
	unsigned long tag;
	int taglen, lenlen;
	long len;
	const unsigned char *p = der->data;
	int left = (int)der->size;

	if (asn1_get_tag_der(p, left, &cls, &taglen, &tag) != ASN1_SUCCESS)
		return false;
	len = asn1_get_length_der(p + taglen, left - taglen, &lenlen);
	if (len < 0)
		return false;
	p += taglen + lenlen;
	left = (int)len;
	if (asn1_get_tag_der(p, left, &cls, &taglen, &tag) != ASN1_SUCCESS)
		return false;
	len = asn1_get_length_der(p + taglen, left - taglen, &lenlen);
	if (len < 0 || len > left - taglen - lenlen)
		return false;
	tbs->data = (unsigned char *)p;
	tbs->size = (unsigned)(taglen + lenlen + len);
	return true;
}

/* The signature check itself: the issuer's key on the TBS bytes, whatever the names. The
 * algorithm policy is validate.c's, so weak algorithms are checked arithmetically here.
 * @p key is the issuer's key when imported already (borrowed), else NULL. */
static bool sig_verify(gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer, gnutls_pubkey_t key)
{
	gnutls_datum_t der = { NULL, 0 }, tbs, sig = { NULL, 0 };
	gnutls_pubkey_t pub = NULL;
	unsigned char sigbuf[2048];
	size_t siglen = sizeof(sigbuf);
	int algo = gnutls_x509_crt_get_signature_algorithm(crt);
	bool ok = false;

	if (algo <= 0 || gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der) < 0)
		return false;
	if (!tbs_of(&tbs, &der) || gnutls_x509_crt_get_signature(crt, (char *)sigbuf, &siglen) < 0)
		goto out;
	sig.data = sigbuf;
	sig.size = (unsigned)siglen;
	if (!key && (gnutls_pubkey_init(&pub) < 0 || gnutls_pubkey_import_x509(pub, issuer, 0) < 0))
		goto out;
	ok = gnutls_pubkey_verify_data2(key ? key : pub, (gnutls_sign_algorithm_t)algo,
					GNUTLS_VERIFY_ALLOW_BROKEN | GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1,
					&tbs, &sig) >= 0;
out:
	if (pub)
		gnutls_pubkey_deinit(pub);
	gnutls_free(der.data);
	return ok;
}

bool pki__crt_own_key_signed(gnutls_x509_crt_t crt)
{
	return pki__crt_key_bounded(crt) && sig_verify(crt, crt, NULL);
}

static void budget_spent(pki__vctx_t *v)
{
	v->budget_spent = true;
}

bool pki__vctx_signed_by(pki__vctx_t *v, gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer)
{
	struct pki__sigcache *cache = v->trust->cache;
	unsigned char key[32];
	bool have_key, ok;
	int hit;

	for (size_t i = 0; i < v->nmemo; i++)
		if (v->memo[i].crt == crt && v->memo[i].issuer == issuer)
			return v->memo[i].ok;
	/* A DSA key without parameters is judged with its issuer's (dsa-inherit.c), which the
	 * cache key does not name: such checks are never shared between verifications. */
	have_key = cache && !pki__crt_dsa_no_params(issuer) && cache_key(v, key, crt, issuer);
	hit = have_key ? pki__sigcache_get(cache, key) : -1;
	if (hit >= 0) {
		ok = hit;
	} else {
		if (v->sig_checks >= MAX_SIG_CHECKS) {
			budget_spent(v);
			return false;
		}
		gnutls_pubkey_t pub = NULL;
		bool owned = false;

		if (!pki__vctx_key_bounded(v, issuer))
			return false;
		v->sig_checks++;
		if (pki__vctx_pubkey(v, issuer, &pub, &owned) == PKI_E_NOMEM)
			pki__vnomem(v);
		ok = pub && sig_verify(crt, issuer, pub);
		if (owned)
			gnutls_pubkey_deinit(pub);
		if (have_key)
			pki__sigcache_put(cache, key, ok);
	}
	if (v->nmemo < sizeof(v->memo) / sizeof(v->memo[0])) {
		v->memo[v->nmemo].crt = crt;
		v->memo[v->nmemo].issuer = issuer;
		v->memo[v->nmemo].ok = ok;
		v->nmemo++;
	}
	return ok;
}

bool pki__vctx_crl_signed_by(pki__vctx_t *v, const pki_crl_t *crl, gnutls_x509_crt_t issuer)
{
	int inherited;

	if (v->sig_checks >= MAX_SIG_CHECKS) {
		budget_spent(v);
		return false;
	}
	if ((inherited = pki__vctx_dsa_crl_signed_by(v, crl, issuer)) >= 0) {
		v->sig_checks++; /* a DSA key with its issuer's parameters (dsa-inherit.c) */
		return inherited == 1;
	}
	if (!pki__crt_key_bounded(issuer))
		return false;
	v->sig_checks++;
	return pki__crl_verify(crl, issuer) == 0;
}

bool pki__crt_self_signed(pki__vctx_t *v, gnutls_x509_crt_t crt)
{
	return pki__crt_self_issued(crt) && pki__vctx_signed_by(v, crt, crt);
}

/* ---------------------------------------------------------------------------------------- */
/* Candidates                                                                                */

size_t pki__vctx_by_subject(pki__vctx_t *v, const gnutls_datum_t *raw_dn, gnutls_x509_crt_t *out,
			    size_t max)
{
	const pki_trust_t *t = v->trust;
	const pki_verify_opts_t *o = v->opts;
	pki__dn_t *want = NULL;
	size_t n = 0;

	/* the name is prepared once; the candidates' subjects were when they were added */
	if (pki__dn_prepare(&want, raw_dn) < 0)
		return 0; /* a malformed name matches nothing (pki__dn_equal) */
	for (size_t i = 0; i < t->nanchors && n < max; i++)
		if (pki__dn_prep_equal(t->meta[i].subject, want))
			out[n++] = t->anchors[i];
	for (size_t i = 0; i < o->nuntrusted && n < max; i++)
		if (pki__dn_prep_equal(o->untrusted_meta[i].subject, want))
			out[n++] = o->untrusted[i];
	pki__dn_release(want);
	return n;
}

bool pki__vctx_is_anchor(const pki__vctx_t *v, gnutls_x509_crt_t crt)
{
	return anchor_index((pki__vctx_t *)v, crt) >= 0;
}

bool pki__vctx_is_system_anchor(const pki__vctx_t *v, gnutls_x509_crt_t crt)
{
	long i = anchor_index((pki__vctx_t *)v, crt);

	return i >= 0 && v->trust->meta[i].system;
}

static bool is_anchor_ptr(const pki__vctx_t *v, gnutls_x509_crt_t crt)
{
	for (size_t i = 0; i < v->trust->nanchors; i++)
		if (v->trust->anchors[i] == crt)
			return true;
	return false;
}

/* How well @p cand's subjectKeyIdentifier matches @p crt's authorityKeyIdentifier. */
static int rank(gnutls_x509_crt_t crt, gnutls_x509_crt_t cand)
{
	unsigned char aki[128], ski[128];
	size_t alen = sizeof(aki), slen = sizeof(ski);
	unsigned crit = 0;

	if (gnutls_x509_crt_get_authority_key_id(crt, aki, &alen, &crit) < 0 ||
	    gnutls_x509_crt_get_subject_key_id(cand, ski, &slen, &crit) < 0)
		return 1;
	return alen == slen && memcmp(aki, ski, alen) == 0 ? 2 : 0;
}

/* ---------------------------------------------------------------------------------------- */
/* The search                                                                                */

typedef struct {
	gnutls_x509_crt_t c[PKI__VERIFY_MAX_DEPTH + 1];
	size_t n;
	unsigned paths;
	bool done; /* a valid path was found, or the budget is spent */
} search_t;

static bool in_path(pki__vctx_t *v, const search_t *s, gnutls_x509_crt_t c)
{
	for (size_t i = 0; i < s->n; i++)
		if (pki__vctx_same(v, s->c[i], c))
			return true;
	return false;
}

/* The path's length as the depth limit counts it: self-issued intermediates (key rollover)
 * are not counted, as for pathLenConstraint; PKI__VERIFY_MAX_DEPTH bounds the real length. */
static unsigned length(const search_t *s)
{
	unsigned n = (unsigned)s->n;

	for (size_t i = 1; i < s->n; i++)
		if (pki__crt_self_issued(s->c[i]))
			n--;
	return n;
}

/* Validate the current path; true ends the search. */
static bool evaluate(pki__vctx_t *v, search_t *s, bool anchored, bool too_long)
{
	pki__path_t p;

	if (s->paths >= MAX_PATHS) {
		budget_spent(v);
		s->done = true;
		return true;
	}
	s->paths++;
	memset(&p, 0, sizeof(p));
	p.certs = s->c;
	p.n = s->n;
	p.anchored = anchored;
	p.too_long = too_long;
	if (pki__vctx_evaluate(v, &p)) {
		s->done = true;
		return true;
	}
	return false;
}

static void search(pki__vctx_t *v, search_t *s, unsigned max_depth)
{
	gnutls_x509_crt_t cand[MAX_MATCHES], cur = s->c[s->n - 1];
	int score[MAX_MATCHES];
	gnutls_datum_t issuer = { NULL, 0 };
	size_t found, usable = 0;
	bool tried = false;

	if (gnutls_x509_crt_get_raw_issuer_dn(cur, &issuer) < 0) {
		evaluate(v, s, false, false);
		return;
	}
	found = pki__vctx_by_subject(v, &issuer, cand, sizeof(cand) / sizeof(cand[0]));
	gnutls_free(issuer.data);
	/* drop loops, then rank (stable: anchors came first) */
	for (size_t i = 0; i < found; i++) {
		if (in_path(v, s, cand[i]))
			continue;
		cand[usable] = cand[i];
		score[usable] = rank(cur, cand[i]) * 2 + (is_anchor_ptr(v, cand[i]) ? 1 : 0);
		usable++;
	}
	for (size_t i = 1; i < usable; i++)
		for (size_t j = i; j > 0 && score[j] > score[j - 1]; j--) {
			gnutls_x509_crt_t tc = cand[j];
			int ts = score[j];

			cand[j] = cand[j - 1];
			score[j] = score[j - 1];
			cand[j - 1] = tc;
			score[j - 1] = ts;
		}
	if (usable > MAX_CANDIDATES)
		usable = MAX_CANDIDATES;
	if (usable > 0 && (length(s) >= max_depth || s->n >= PKI__VERIFY_MAX_DEPTH)) {
		evaluate(v, s, false, true);
		return;
	}
	for (size_t i = 0; i < usable && !s->done; i++) {
		bool anchor = is_anchor_ptr(v, cand[i]);
		bool sig = pki__vctx_signed_by(v, cur, cand[i]);

		if (v->budget_spent) {
			s->done = true;
			break;
		}
		/* An untrusted certificate of the right name whose key did not sign is not the
		 * issuer; a trust anchor that did not is reported (a forged or damaged child). One
		 * whose key is too large to check (no arithmetic was done) stays a candidate, so
		 * the path is reported with that reason (validate.c) instead of "issuer not
		 * found"; such a path never validates. */
		if (!sig && !anchor && pki__vctx_key_bounded(v, cand[i]))
			continue;
		tried = true;
		s->c[s->n++] = cand[i];
		if (anchor)
			evaluate(v, s, true, false);
		else
			search(v, s, max_depth);
		s->n--;
	}
	if (!tried && !s->done)
		evaluate(v, s, false, false);
}

void pki__path_search(pki__vctx_t *v, gnutls_x509_crt_t target)
{
	search_t s;
	unsigned max = v->opts->max_depth ? v->opts->max_depth : PKI__VERIFY_DEFAULT_DEPTH;

	memset(&s, 0, sizeof(s));
	s.c[0] = target;
	s.n = 1;
	/* the target itself trusted: a path of one */
	{
		long i = anchor_index(v, target);

		if (i >= 0) {
			s.c[0] = v->trust->anchors[i];
			if (evaluate(v, &s, true, false))
				return;
			s.c[0] = target;
		}
	}
	search(v, &s, max);
}
