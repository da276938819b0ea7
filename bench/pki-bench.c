/*
 * pki-bench — what libpki costs on top of GnuTLS.
 *
 * Every operation is written twice: through libpki's public API, and as the same work done
 * by hand with GnuTLS (the baseline). Both run in this process, alternating in rounds (the
 * order is swapped every round so neither side always runs on a warm or cooling CPU); each
 * round gives a time per operation for both sides, and the report is the median over the
 * rounds: operations per second and the ratio libpki time / GnuTLS time.
 *
 * Times are CPU times of the threads doing the work (CLOCK_THREAD_CPUTIME_ID), which a busy
 * machine moves little; ops/s is therefore per CPU-second. With --threads N the issuance and
 * parsing runs also report their throughput by wall time, all threads together, which only
 * means something on an otherwise idle machine with at least N cores.
 *
 * Usage: pki-bench [--quick] [--json] [--threads N] [--rounds N] [--only NAME] [--iterations N]
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _GNU_SOURCE
#include <pki.h>

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs12.h>
#include <gnutls/x509.h>
#include <gnutls/x509-ext.h>

#include <arpa/inet.h>
#include <getopt.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BENCH_NAME "pki-bench"
#include "bench.h"

#define PASSWORD "correct horse battery staple"
#define HOST "www.bench.example.com"
#define MAX_ROUNDS 64
#define MAX_THREADS 256
#define MANY_SANS 10000

static const char *const leaf_sans[] = { "DNS:bench.example.com", "DNS:www.bench.example.com",
					 "IP:192.0.2.10", NULL };

static void pki_ok(int rc, const char *what)
{
	if (rc < 0)
		die("%s: %s (%s)", what, pki_strerror(rc), pki_error_detail());
}

static void gt_ok(int rc, const char *what)
{
	if (rc < 0)
		die("%s: %s", what, gnutls_strerror(rc));
}

/* ---------------------------------------------------------------------------------------- */
/* Fixture: made once with libpki, handed to every context as PEM                            */

static struct {
	unsigned char *root_pem, *inter_pem, *inter_key_pem, *leaf_pem, *leaf_key_pem, *csr_pem;
	size_t root_len, inter_len, inter_key_len, leaf_len, leaf_key_len, csr_len;
	unsigned char *many_der; /* a request with MANY_SANS DNS names */
	size_t many_len;
	unsigned pbkdf2_iterations;
} fx;

static void make_fixture(void)
{
	pki_key_t *root_key = NULL, *inter_key = NULL, *leaf_key = NULL;
	pki_cert_t *root = NULL, *inter = NULL, *leaf = NULL;
	pki_csr_t *csr = NULL;
	pki_issue_opts_t *io = NULL;

	pki_ok(pki_key_generate(&root_key, PKI_KEY_EC_P256, 0, 0), "root key");
	pki_ok(pki_key_generate(&inter_key, PKI_KEY_EC_P256, 0, 0), "intermediate key");
	pki_ok(pki_key_generate(&leaf_key, PKI_KEY_EC_P256, 0, 0), "leaf key");
	pki_ok(pki_cert_self_sign(&root, root_key, "CN=Bench Root CA,O=libpki bench", NULL, 0),
	       "root");
	pki_ok(pki_issue_opts_new(&io, PKI_PROFILE_INTERMEDIATE, 0), "options");
	pki_ok(pki_issue_opts_set_days(io, 3000), "days");
	pki_ok(pki_cert_issue_for_key(&inter, inter_key, "CN=Bench Issuing CA,O=libpki bench",
				      root, root_key, io, 0),
	       "intermediate");
	pki_ok(pki_csr_create(&csr, leaf_key, "CN=bench.example.com,O=libpki bench", leaf_sans, 0),
	       "request");
	pki_ok(pki_cert_issue(&leaf, csr, inter, inter_key, NULL, 0), "leaf");
	pki_ok(pki_cert_export(&fx.root_pem, &fx.root_len, root, PKI_FORMAT_PEM, 0), "export");
	pki_ok(pki_cert_export(&fx.inter_pem, &fx.inter_len, inter, PKI_FORMAT_PEM, 0), "export");
	pki_ok(pki_cert_export(&fx.leaf_pem, &fx.leaf_len, leaf, PKI_FORMAT_PEM, 0), "export");
	pki_ok(pki_csr_export(&fx.csr_pem, &fx.csr_len, csr, PKI_FORMAT_PEM, 0), "export");
	pki_ok(pki_key_export(&fx.inter_key_pem, &fx.inter_key_len, inter_key, PKI_FORMAT_PEM,
			      NULL, 0),
	       "export");
	pki_ok(pki_key_export(&fx.leaf_key_pem, &fx.leaf_key_len, leaf_key, PKI_FORMAT_PEM, NULL,
			      0),
	       "export");
	{
		static char names[MANY_SANS][40];
		static const char *many[MANY_SANS + 1];
		pki_csr_t *big = NULL;

		for (int i = 0; i < MANY_SANS; i++) {
			snprintf(names[i], sizeof(names[i]), "DNS:host%d.bench.example.com", i);
			many[i] = names[i];
		}
		pki_ok(pki_csr_create(&big, leaf_key, "CN=many.bench.example.com", many, 0),
		       "request with many SANs");
		pki_ok(pki_csr_export(&fx.many_der, &fx.many_len, big, PKI_FORMAT_DER, 0), "export");
		pki_csr_free(big);
	}
	pki_issue_opts_free(io);
	pki_csr_free(csr);
	pki_cert_free(root);
	pki_cert_free(inter);
	pki_cert_free(leaf);
	pki_key_free(root_key);
	pki_key_free(inter_key);
	pki_key_free(leaf_key);
}

static void free_fixture(void)
{
	pki_free(fx.root_pem);
	pki_free(fx.inter_pem);
	pki_free(fx.inter_key_pem);
	pki_free(fx.leaf_pem);
	pki_free(fx.leaf_key_pem);
	pki_free(fx.csr_pem);
	pki_free(fx.many_der);
}

/* ---------------------------------------------------------------------------------------- */
/* Per-thread context: distinct handles for each side                                        */

typedef struct {
	/* libpki */
	pki_key_t *ca_key, *leaf_key;
	pki_cert_t *ca, *leaf;
	pki_csr_t *csr;
	pki_chain_t *inter_chain;
	pki_trust_t *trust;
	pki_trust_t *trust_nocache; /* the same anchor, PKI_TRUST_NO_CACHE */
	pki_verify_opts_t *vopts;
	pki_issuer_t *issuer; /* ca and ca_key, checked once */
	/* GnuTLS */
	gnutls_x509_privkey_t g_ca_x509, g_leaf_x509;
	gnutls_privkey_t g_ca_priv, g_leaf_priv;
	gnutls_pubkey_t g_leaf_pub;
	gnutls_x509_crt_t g_ca, g_leaf, g_inter;
	gnutls_x509_crq_t g_csr;
	gnutls_x509_trust_list_t g_tl;
	/* results kept so that the compiler cannot drop work */
	size_t sink;
} ctx_t;

static gnutls_datum_t dat(const unsigned char *p, size_t n)
{
	gnutls_datum_t d = { (unsigned char *)p, (unsigned)n };
	return d;
}

static gnutls_x509_crt_t g_crt(const unsigned char *pem, size_t n)
{
	gnutls_x509_crt_t c;
	gnutls_datum_t d = dat(pem, n);

	gt_ok(gnutls_x509_crt_init(&c), "crt_init");
	gt_ok(gnutls_x509_crt_import(c, &d, GNUTLS_X509_FMT_PEM), "crt_import");
	return c;
}

static void g_key(gnutls_x509_privkey_t *x, gnutls_privkey_t *p, const unsigned char *pem,
		  size_t n)
{
	gnutls_datum_t d = dat(pem, n);

	gt_ok(gnutls_x509_privkey_init(x), "privkey_init");
	gt_ok(gnutls_x509_privkey_import2(*x, &d, GNUTLS_X509_FMT_PEM, NULL, GNUTLS_PKCS_PLAIN),
	      "privkey_import");
	gt_ok(gnutls_privkey_init(p), "privkey_init");
	gt_ok(gnutls_privkey_import_x509(*p, *x, 0), "privkey_import_x509");
}

static ctx_t *ctx_new(void)
{
	ctx_t *c = calloc(1, sizeof(*c));
	pki_cert_t *root = NULL, *inter = NULL;
	gnutls_x509_crt_t groot;
	gnutls_datum_t d;

	if (!c)
		die("out of memory");
	pki_ok(pki_key_import(&c->ca_key, fx.inter_key_pem, fx.inter_key_len, NULL, 0), "key");
	pki_ok(pki_key_import(&c->leaf_key, fx.leaf_key_pem, fx.leaf_key_len, NULL, 0), "key");
	pki_ok(pki_cert_import(&c->ca, fx.inter_pem, fx.inter_len, 0), "cert");
	pki_ok(pki_cert_import(&c->leaf, fx.leaf_pem, fx.leaf_len, 0), "cert");
	pki_ok(pki_csr_import(&c->csr, fx.csr_pem, fx.csr_len, 0), "csr");
	pki_ok(pki_cert_import(&root, fx.root_pem, fx.root_len, 0), "cert");
	pki_ok(pki_cert_import(&inter, fx.inter_pem, fx.inter_len, 0), "cert");
	pki_ok(pki_trust_new(&c->trust, 0), "trust");
	pki_ok(pki_trust_add_cert(c->trust, root, 0), "trust");
	pki_ok(pki_trust_new(&c->trust_nocache, PKI_TRUST_NO_CACHE), "trust");
	pki_ok(pki_trust_add_cert(c->trust_nocache, root, 0), "trust");
	pki_ok(pki_chain_new(&c->inter_chain, 0), "chain");
	pki_ok(pki_chain_add(c->inter_chain, inter, 0), "chain");
	pki_ok(pki_verify_opts_new(&c->vopts, 0), "verify options");
	pki_ok(pki_verify_opts_set_host(c->vopts, HOST), "host");
	pki_ok(pki_verify_opts_add_untrusted(c->vopts, c->inter_chain), "untrusted");
	pki_ok(pki_issuer_new(&c->issuer, c->ca, c->ca_key, 0), "issuer");
	pki_cert_free(root);
	pki_cert_free(inter);

	g_key(&c->g_ca_x509, &c->g_ca_priv, fx.inter_key_pem, fx.inter_key_len);
	g_key(&c->g_leaf_x509, &c->g_leaf_priv, fx.leaf_key_pem, fx.leaf_key_len);
	gt_ok(gnutls_pubkey_init(&c->g_leaf_pub), "pubkey_init");
	gt_ok(gnutls_pubkey_import_privkey(c->g_leaf_pub, c->g_leaf_priv, 0, 0), "pubkey");
	c->g_ca = g_crt(fx.inter_pem, fx.inter_len);
	c->g_inter = g_crt(fx.inter_pem, fx.inter_len);
	c->g_leaf = g_crt(fx.leaf_pem, fx.leaf_len);
	gt_ok(gnutls_x509_crq_init(&c->g_csr), "crq_init");
	d = dat(fx.csr_pem, fx.csr_len);
	gt_ok(gnutls_x509_crq_import(c->g_csr, &d, GNUTLS_X509_FMT_PEM), "crq_import");
	gt_ok(gnutls_x509_trust_list_init(&c->g_tl, 0), "trust_list_init");
	groot = g_crt(fx.root_pem, fx.root_len);
	if (gnutls_x509_trust_list_add_cas(c->g_tl, &groot, 1, 0) != 1)
		die("trust_list_add_cas");
	return c;
}

static void ctx_free(ctx_t *c)
{
	pki_issuer_free(c->issuer);
	pki_key_free(c->ca_key);
	pki_key_free(c->leaf_key);
	pki_cert_free(c->ca);
	pki_cert_free(c->leaf);
	pki_csr_free(c->csr);
	pki_chain_free(c->inter_chain);
	pki_trust_free(c->trust);
	pki_trust_free(c->trust_nocache);
	pki_verify_opts_free(c->vopts);
	gnutls_privkey_deinit(c->g_ca_priv);
	gnutls_privkey_deinit(c->g_leaf_priv);
	gnutls_x509_privkey_deinit(c->g_ca_x509);
	gnutls_x509_privkey_deinit(c->g_leaf_x509);
	gnutls_pubkey_deinit(c->g_leaf_pub);
	gnutls_x509_crt_deinit(c->g_ca);
	gnutls_x509_crt_deinit(c->g_inter);
	gnutls_x509_crt_deinit(c->g_leaf);
	gnutls_x509_crq_deinit(c->g_csr);
	gnutls_x509_trust_list_deinit(c->g_tl, 1);
	free(c);
}

/* ---------------------------------------------------------------------------------------- */
/* Operations: lib_* through libpki, gt_* the same work with GnuTLS by hand                  */

static void lib_keygen(ctx_t *c, pki_key_type_t type, unsigned bits)
{
	pki_key_t *k = NULL;

	pki_ok(pki_key_generate(&k, type, bits, 0), "pki_key_generate");
	c->sink += (size_t)pki_key_bits(k);
	pki_key_free(k);
}

static void gt_keygen(ctx_t *c, gnutls_pk_algorithm_t pk, unsigned bits)
{
	gnutls_x509_privkey_t k;

	gt_ok(gnutls_x509_privkey_init(&k), "privkey_init");
	gt_ok(gnutls_x509_privkey_generate2(k, pk, bits, 0, NULL, 0), "privkey_generate2");
	c->sink += (size_t)gnutls_x509_privkey_get_pk_algorithm(k);
	gnutls_x509_privkey_deinit(k);
}

static void lib_keygen_rsa(ctx_t *c) { lib_keygen(c, PKI_KEY_RSA, 3072); }
static void gt_keygen_rsa(ctx_t *c) { gt_keygen(c, GNUTLS_PK_RSA, 3072); }
static void lib_keygen_p256(ctx_t *c) { lib_keygen(c, PKI_KEY_EC_P256, 0); }
static void gt_keygen_p256(ctx_t *c)
{
	gt_keygen(c, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1));
}
static void lib_keygen_ed25519(ctx_t *c) { lib_keygen(c, PKI_KEY_ED25519, 0); }
static void gt_keygen_ed25519(ctx_t *c)
{
	gt_keygen(c, GNUTLS_PK_EDDSA_ED25519, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_ED25519));
}

/* A request for a subject and two DNS names and an address, signed with P-256. */
static void lib_csr(ctx_t *c)
{
	pki_csr_t *csr = NULL;

	pki_ok(pki_csr_create(&csr, c->leaf_key, "CN=bench.example.com,O=libpki bench",
			      leaf_sans, 0),
	       "pki_csr_create");
	c->sink += (size_t)(csr != NULL);
	pki_csr_free(csr);
}

static void gt_csr(ctx_t *c)
{
	static const unsigned char ip[4] = { 192, 0, 2, 10 };
	gnutls_x509_crq_t crq;

	gt_ok(gnutls_x509_crq_init(&crq), "crq_init");
	gt_ok(gnutls_x509_crq_set_dn(crq, "CN=bench.example.com,O=libpki bench", NULL), "dn");
	gt_ok(gnutls_x509_crq_set_version(crq, 1), "version");
	gt_ok(gnutls_x509_crq_set_pubkey(crq, c->g_leaf_pub), "pubkey");
	gt_ok(gnutls_x509_crq_set_subject_alt_name(crq, GNUTLS_SAN_DNSNAME, "bench.example.com",
						   17, GNUTLS_FSAN_APPEND),
	      "san");
	gt_ok(gnutls_x509_crq_set_subject_alt_name(crq, GNUTLS_SAN_DNSNAME,
						   "www.bench.example.com", 21, GNUTLS_FSAN_APPEND),
	      "san");
	gt_ok(gnutls_x509_crq_set_subject_alt_name(crq, GNUTLS_SAN_IPADDRESS, ip, 4,
						   GNUTLS_FSAN_APPEND),
	      "san");
	gt_ok(gnutls_x509_crq_privkey_sign(crq, c->g_leaf_priv, GNUTLS_DIG_SHA256, 0), "sign");
	c->sink += (size_t)(crq != NULL);
	gnutls_x509_crq_deinit(crq);
}

/* A server certificate from the request, signed by the P-256 CA, written as PEM. */
static void lib_issue(ctx_t *c)
{
	pki_cert_t *cert = NULL;
	unsigned char *pem = NULL;
	size_t n = 0;

	pki_ok(pki_cert_issue(&cert, c->csr, c->ca, c->ca_key, NULL, 0), "pki_cert_issue");
	pki_ok(pki_cert_export(&pem, &n, cert, PKI_FORMAT_PEM, 0), "pki_cert_export");
	c->sink += n;
	pki_free(pem);
	pki_cert_free(cert);
}

/* The same through a prepared issuer (the CA checked once, in ctx_new). */
static void lib_issue_prepared(ctx_t *c)
{
	pki_cert_t *cert = NULL;
	unsigned char *pem = NULL;
	size_t n = 0;

	pki_ok(pki_issuer_issue(&cert, c->issuer, c->csr, NULL, 0), "pki_issuer_issue");
	pki_ok(pki_cert_export(&pem, &n, cert, PKI_FORMAT_PEM, 0), "pki_cert_export");
	c->sink += n;
	pki_free(pem);
	pki_cert_free(cert);
}

static void gt_issue(ctx_t *c)
{
	gnutls_x509_crt_t crt;
	gnutls_datum_t pem = { NULL, 0 };
	unsigned char serial[16], id[64];
	size_t idlen;
	unsigned crit = 0;
	time_t now = time(NULL);

	gt_ok(gnutls_x509_crt_init(&crt), "crt_init");
	gt_ok(gnutls_x509_crt_set_crq(crt, c->g_csr), "set_crq"); /* checks its signature */
	gt_ok(gnutls_x509_crt_set_version(crt, 3), "version");
	do {
		gt_ok(gnutls_rnd(GNUTLS_RND_RANDOM, serial, sizeof(serial)), "rnd");
		serial[0] &= 0x7f;
	} while (!serial[0]);
	gt_ok(gnutls_x509_crt_set_serial(crt, serial, sizeof(serial)), "serial");
	gt_ok(gnutls_x509_crt_set_activation_time(crt, now - 300), "not before");
	gt_ok(gnutls_x509_crt_set_expiration_time(crt, now - 300 + 397 * 86400), "not after");
	gt_ok(gnutls_x509_crt_set_crq_extension_by_oid(crt, c->g_csr, GNUTLS_X509EXT_OID_SAN, 0),
	      "san");
	gt_ok(gnutls_x509_crt_set_basic_constraints(crt, 0, -1), "bc");
	gt_ok(gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE), "ku");
	gt_ok(gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0), "eku");
	idlen = sizeof(id);
	gt_ok(gnutls_x509_crq_get_key_id(c->g_csr, GNUTLS_KEYID_USE_SHA1, id, &idlen), "key id");
	gt_ok(gnutls_x509_crt_set_subject_key_id(crt, id, idlen), "ski");
	idlen = sizeof(id);
	gt_ok(gnutls_x509_crt_get_subject_key_id(c->g_ca, id, &idlen, &crit), "ca ski");
	gt_ok(gnutls_x509_crt_set_authority_key_id(crt, id, idlen), "aki");
	gt_ok(gnutls_x509_crt_privkey_sign(crt, c->g_ca, c->g_ca_priv, GNUTLS_DIG_SHA256, 0),
	      "sign");
	gt_ok(gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &pem), "export");
	c->sink += pem.size;
	gnutls_free(pem.data);
	gnutls_x509_crt_deinit(crt);
}

/* Parse a PEM certificate; read its subject, every SAN as text and notAfter. */
static void lib_parse(ctx_t *c)
{
	pki_cert_t *cert = NULL;
	char *s = NULL;
	int64_t nb = 0, na = 0;
	int n;

	pki_ok(pki_cert_import(&cert, fx.leaf_pem, fx.leaf_len, 0), "pki_cert_import");
	pki_ok(pki_cert_subject(&s, cert), "pki_cert_subject");
	c->sink += strlen(s);
	pki_free(s);
	n = pki_cert_san_count(cert);
	pki_ok(n, "pki_cert_san_count");
	for (int i = 0; i < n; i++) {
		pki_ok(pki_cert_san(&s, cert, (unsigned)i), "pki_cert_san");
		c->sink += strlen(s);
		pki_free(s);
	}
	pki_ok(pki_cert_validity(&nb, &na, cert), "pki_cert_validity");
	c->sink += (size_t)na;
	pki_cert_free(cert);
}

/* All names of a request with 10,000 SANs (certificates are issued with at most 1024, but a
 * request may carry 10,000): libpki decodes them once per handle. */
static void lib_many_sans(ctx_t *c)
{
	pki_csr_t *csr = NULL;
	char **all = NULL;
	int n;

	pki_ok(pki_csr_import(&csr, fx.many_der, fx.many_len, 0), "pki_csr_import");
	n = pki_csr_sans(&all, csr, 0);
	pki_ok(n, "pki_csr_sans");
	if (n != MANY_SANS)
		die("pki_csr_sans gave %d names", n);
	for (int i = 0; i < n; i++)
		c->sink += strlen(all[i]);
	pki_strings_free(all);
	pki_csr_free(csr);
}

/* The same by hand with GnuTLS, the linear way (the extension decoded once; the indexed
 * gnutls_x509_crq_get_subject_alt_name decodes it at every call). */
static void gt_many_sans(ctx_t *c)
{
	gnutls_x509_crq_t crq;
	gnutls_datum_t d = dat(fx.many_der, fx.many_len), ext = { NULL, 0 }, v;
	gnutls_subject_alt_names_t sans;
	unsigned crit = 0, type, n = 0;

	gt_ok(gnutls_x509_crq_init(&crq), "crq_init");
	gt_ok(gnutls_x509_crq_import(crq, &d, GNUTLS_X509_FMT_DER), "crq_import");
	gt_ok(gnutls_x509_crq_get_extension_by_oid2(crq, "2.5.29.17", 0, &ext, &crit), "ext");
	gt_ok(gnutls_subject_alt_names_init(&sans), "sans_init");
	gt_ok(gnutls_x509_ext_import_subject_alt_names(&ext, sans, 0), "sans");
	while (gnutls_subject_alt_names_get(sans, n, &type, &v, NULL) >= 0) {
		char *copy = malloc(v.size + 5);

		if (!copy)
			die("out of memory");
		memcpy(copy, "DNS:", 4);
		memcpy(copy + 4, v.data, v.size);
		copy[v.size + 4] = 0;
		c->sink += strlen(copy);
		free(copy);
		n++;
	}
	if (n != MANY_SANS)
		die("GnuTLS gave %u names", n);
	gnutls_subject_alt_names_deinit(sans);
	gnutls_free(ext.data);
	gnutls_x509_crq_deinit(crq);
}

static void gt_parse(ctx_t *c)
{
	gnutls_x509_crt_t crt;
	gnutls_datum_t d = dat(fx.leaf_pem, fx.leaf_len), dn = { NULL, 0 };
	char buf[1024], ip[INET6_ADDRSTRLEN];

	gt_ok(gnutls_x509_crt_init(&crt), "crt_init");
	gt_ok(gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_PEM), "crt_import");
	gt_ok(gnutls_x509_crt_get_dn3(crt, &dn, 0), "dn");
	c->sink += dn.size;
	gnutls_free(dn.data);
	for (unsigned i = 0;; i++) {
		size_t size = sizeof(buf) - 1;
		unsigned crit = 0;
		int t = gnutls_x509_crt_get_subject_alt_name(crt, i, buf, &size, &crit);

		if (t == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		gt_ok(t, "san");
		if (t == GNUTLS_SAN_IPADDRESS) {
			if (!inet_ntop(size == 4 ? AF_INET : AF_INET6, buf, ip, sizeof(ip)))
				die("inet_ntop");
			c->sink += strlen(ip);
		} else {
			c->sink += size;
		}
	}
	c->sink += (size_t)gnutls_x509_crt_get_expiration_time(crt);
	gnutls_x509_crt_deinit(crt);
}

/* Verify leaf -> intermediate -> trusted root, with a host name: through the trust store's
 * cache (verify_chain_host), or with a store that keeps none, so that every signature and
 * check is done again each time, as GnuTLS does (verify_chain_host_nocache). */
static void lib_verify_with(ctx_t *c, const pki_trust_t *trust)
{
	pki_verify_result_t *r = NULL;

	pki_ok(pki_cert_verify(&r, c->leaf, trust, c->vopts, 0), "pki_cert_verify");
	if (!pki_verify_result_valid(r))
		die("libpki does not verify the chain");
	c->sink++;
	pki_verify_result_free(r);
}

static void lib_verify(ctx_t *c) { lib_verify_with(c, c->trust); }
static void lib_verify_nocache(ctx_t *c) { lib_verify_with(c, c->trust_nocache); }

static void gt_verify(ctx_t *c)
{
	gnutls_x509_crt_t chain[2] = { c->g_leaf, c->g_inter };
	unsigned status = 0;

	gt_ok(gnutls_x509_trust_list_verify_crt2(c->g_tl, chain, 2, NULL, 0, 0, &status, NULL),
	      "verify");
	if (status || !gnutls_x509_crt_check_hostname2(c->g_leaf, HOST, 0))
		die("GnuTLS does not verify the chain (status 0x%x)", status);
	c->sink++;
}

/*
 * Export a P-256 key as PKCS#8 PEM and import it back: unencrypted (key_export_import), or
 * encrypted with @p password (PBES2; key_encrypted_export_import).
 */
static void lib_key_roundtrip(ctx_t *c, const char *password)
{
	pki_key_t *k = NULL;
	unsigned char *pem = NULL;
	size_t n = 0;

	pki_ok(pki_key_export(&pem, &n, c->leaf_key, PKI_FORMAT_PEM, password, 0),
	       "pki_key_export");
	pki_ok(pki_key_import(&k, pem, n, password, 0), "pki_key_import");
	if (password && !fx.pbkdf2_iterations) {
		gnutls_datum_t d = dat(pem, n);
		unsigned schema = 0, cipher = 0, iter = 0;

		gt_ok(gnutls_pkcs8_info(&d, GNUTLS_X509_FMT_PEM, &schema, &cipher, NULL, NULL,
					&iter, NULL),
		      "pkcs8_info");
		fx.pbkdf2_iterations = iter;
	}
	c->sink += n;
	pki_free(pem);
	pki_key_free(k);
}

static void gt_key_roundtrip(ctx_t *c, const char *password)
{
	gnutls_datum_t pem = { NULL, 0 };
	gnutls_x509_privkey_t k;

	gt_ok(gnutls_x509_privkey_export2_pkcs8(c->g_leaf_x509, GNUTLS_X509_FMT_PEM, password,
						password ? GNUTLS_PKCS_PBES2_AES_256
							 : GNUTLS_PKCS_PLAIN,
						&pem),
	      "export");
	gt_ok(gnutls_x509_privkey_init(&k), "privkey_init");
	gt_ok(gnutls_x509_privkey_import2(k, &pem, GNUTLS_X509_FMT_PEM, password,
					  password ? 0 : GNUTLS_PKCS_PLAIN),
	      "import");
	c->sink += pem.size;
	gnutls_x509_privkey_deinit(k);
	gnutls_memset(pem.data, 0, pem.size);
	gnutls_free(pem.data);
}

static void lib_keyrt(ctx_t *c) { lib_key_roundtrip(c, NULL); }
static void gt_keyrt(ctx_t *c) { gt_key_roundtrip(c, NULL); }
static void lib_enckey(ctx_t *c) { lib_key_roundtrip(c, PASSWORD); }
static void gt_enckey(ctx_t *c) { gt_key_roundtrip(c, PASSWORD); }

/* PKCS#12: key + certificate + intermediate, PBES2/AES-256 and an HMAC-SHA256 MAC. */
static void lib_p12(ctx_t *c)
{
	unsigned char *der = NULL;
	size_t n = 0;

	pki_ok(pki_p12_export(&der, &n, c->leaf_key, c->leaf, c->inter_chain, "bench", PASSWORD,
			      0),
	       "pki_p12_export");
	c->sink += n;
	pki_free(der);
}

static void gt_p12(ctx_t *c)
{
	gnutls_pkcs12_t p12;
	gnutls_pkcs12_bag_t cbag, kbag;
	gnutls_datum_t der = { NULL, 0 }, id;
	unsigned char idbuf[20];
	size_t idlen = sizeof(idbuf);
	int idx;

	gt_ok(gnutls_x509_crt_get_key_id(c->g_leaf, GNUTLS_KEYID_USE_SHA1, idbuf, &idlen), "id");
	id = dat(idbuf, idlen);
	gt_ok(gnutls_pkcs12_init(&p12), "p12_init");
	gt_ok(gnutls_pkcs12_bag_init(&cbag), "bag_init");
	gt_ok(gnutls_pkcs12_bag_init(&kbag), "bag_init");
	gt_ok(idx = gnutls_pkcs12_bag_set_crt(cbag, c->g_leaf), "bag_set_crt");
	gt_ok(gnutls_pkcs12_bag_set_key_id(cbag, (unsigned)idx, &id), "key id");
	gt_ok(gnutls_pkcs12_bag_set_friendly_name(cbag, (unsigned)idx, "bench"), "name");
	gt_ok(gnutls_pkcs12_bag_set_crt(cbag, c->g_inter), "bag_set_crt");
	gt_ok(gnutls_pkcs12_bag_encrypt(cbag, PASSWORD, GNUTLS_PKCS_PBES2_AES_256), "encrypt");
	gt_ok(gnutls_pkcs12_set_bag(p12, cbag), "set_bag");
	gt_ok(idx = gnutls_pkcs12_bag_set_privkey(kbag, c->g_leaf_x509, PASSWORD,
						  GNUTLS_PKCS_PBES2_AES_256),
	      "bag_set_privkey");
	gt_ok(gnutls_pkcs12_bag_set_key_id(kbag, (unsigned)idx, &id), "key id");
	gt_ok(gnutls_pkcs12_bag_set_friendly_name(kbag, (unsigned)idx, "bench"), "name");
	gt_ok(gnutls_pkcs12_set_bag(p12, kbag), "set_bag");
	gt_ok(gnutls_pkcs12_generate_mac2(p12, GNUTLS_MAC_SHA256, PASSWORD), "mac");
	gt_ok(gnutls_pkcs12_export2(p12, GNUTLS_X509_FMT_DER, &der), "export");
	c->sink += der.size;
	gnutls_memset(der.data, 0, der.size);
	gnutls_free(der.data);
	gnutls_pkcs12_bag_deinit(kbag);
	gnutls_pkcs12_bag_deinit(cbag);
	gnutls_pkcs12_deinit(p12);
}

/* ---------------------------------------------------------------------------------------- */
/* Runner                                                                                    */

typedef void (*op_fn)(ctx_t *);

typedef struct {
	const char *name;
	op_fn lib, gt;
	unsigned fixed_iters;  /* > 0: this many per round and side (slow operations) */
	unsigned fixed_rounds; /* > 0: at most this many rounds */
	bool threaded;         /* also run on --threads N threads */
	const char *note;
} op_t;

static const op_t ops[] = {
	{ "keygen_rsa3072", lib_keygen_rsa, gt_keygen_rsa, 2, 5, false,
	  "prime search: few iterations, high variance" },
	{ "keygen_p256", lib_keygen_p256, gt_keygen_p256, 0, 0, false, NULL },
	{ "keygen_ed25519", lib_keygen_ed25519, gt_keygen_ed25519, 0, 0, false, NULL },
	{ "csr_create_sign_p256", lib_csr, gt_csr, 0, 0, false, NULL },
	{ "issue_server_pem", lib_issue, gt_issue, 0, 0, true, NULL },
	{ "issue_server_pem_issuer", lib_issue_prepared, gt_issue, 0, 0, true,
	  "pki_issuer_issue: the CA checked once" },
	{ "parse_cert_fields", lib_parse, gt_parse, 0, 0, true, NULL },
	{ "verify_chain_host", lib_verify, gt_verify, 0, 0, false, NULL },
	{ "verify_chain_host_nocache", lib_verify_nocache, gt_verify, 0, 0, false,
	  "PKI_TRUST_NO_CACHE: every signature checked each time" },
	{ "read_10000_sans", lib_many_sans, gt_many_sans, 0, 0, false,
	  "import + every SAN of a 10,000-name request" },
	{ "key_export_import", lib_keyrt, gt_keyrt, 0, 0, false, NULL },
	{ "key_encrypted_export_import", lib_enckey, gt_enckey, 1, 5, false,
	  "two PBKDF2 runs per operation" },
	{ "pkcs12_export", lib_p12, gt_p12, 1, 5, false, "three PBKDF2 runs per operation" },
};

static struct {
	unsigned rounds, threads, iters; /* iters: fixed per round (0: calibrate) */
	double slice; /* seconds per side and round */
	bool json, quick;
	const char *only;
} cfg = { 15, 1, 0, 0.05, false, false, NULL };

typedef struct {
	op_fn fn;
	ctx_t *ctx;
	unsigned iters;
	pthread_barrier_t *start;
	double cpu; /* CPU time of the thread's loop */
} worker_t;

static void *worker(void *arg)
{
	worker_t *w = arg;
	double t0;

	pthread_barrier_wait(w->start);
	t0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
	for (unsigned i = 0; i < w->iters; i++)
		w->fn(w->ctx);
	w->cpu = clock_s(CLOCK_THREAD_CPUTIME_ID) - t0;
	return NULL;
}

/*
 * @p iters operations on each of @p n contexts (one thread each when n > 1): the CPU time
 * they took, all threads together; for n > 1 also the wall time in @p wall.
 */
static double run(op_fn fn, ctx_t **ctx, unsigned n, unsigned iters, double *wall)
{
	pthread_t th[MAX_THREADS];
	worker_t w[MAX_THREADS];
	pthread_barrier_t start;
	double t0;

	/* CPU time: other processes on a busy machine then barely move the numbers. */
	if (n == 1) {
		t0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
		for (unsigned i = 0; i < iters; i++)
			fn(ctx[0]);
		return clock_s(CLOCK_THREAD_CPUTIME_ID) - t0;
	}
	if (pthread_barrier_init(&start, NULL, n + 1))
		die("pthread_barrier_init");
	for (unsigned i = 0; i < n; i++) {
		w[i] = (worker_t){ fn, ctx[i], iters, &start, 0 };
		if (pthread_create(&th[i], NULL, worker, &w[i]))
			die("pthread_create");
	}
	t0 = clock_s(CLOCK_MONOTONIC);
	pthread_barrier_wait(&start);
	for (unsigned i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	if (wall)
		*wall = clock_s(CLOCK_MONOTONIC) - t0;
	pthread_barrier_destroy(&start);
	t0 = 0;
	for (unsigned i = 0; i < n; i++)
		t0 += w[i].cpu;
	return t0;
}

typedef struct {
	char name[64];
	double lib_ops, gt_ops, ratio, rmin, rmax;
	double lib_wall_ops, gt_wall_ops; /* threaded runs: throughput by wall time */
	unsigned rounds, iters, threads;
	const char *note;
} result_t;

static void bench_op(result_t *res, const op_t *op, ctx_t **ctx, unsigned nthreads)
{
	double lib_t[MAX_ROUNDS], gt_t[MAX_ROUNDS], ratio[MAX_ROUNDS], one;
	double lib_w[MAX_ROUNDS], gt_w[MAX_ROUNDS];
	unsigned rounds = cfg.rounds, iters;

	if (op->fixed_rounds && rounds > op->fixed_rounds)
		rounds = op->fixed_rounds;
	if (op->fixed_iters || cfg.iters) {
		iters = cfg.iters ? cfg.iters : cfg.quick ? 1 : op->fixed_iters;
		/* warm both paths once (and learn the PBKDF2 count) before timing */
		op->lib(ctx[0]);
		op->gt(ctx[0]);
	} else {
		/* calibrate on the baseline: iterations filling a slice */
		op->lib(ctx[0]);
		op->gt(ctx[0]);
		iters = 1;
		for (;;) {
			one = run(op->gt, ctx, 1, iters, NULL);
			if (one > cfg.slice / 8 || iters > (1u << 24))
				break;
			iters *= 2;
		}
		iters = (unsigned)((double)iters * cfg.slice / (one > 0 ? one : 1e-9));
		if (iters < 1)
			iters = 1;
	}
	for (unsigned r = 0; r < rounds; r++) {
		double a, b, aw = 0, bw = 0;

		if (r % 2 == 0) {
			a = run(op->lib, ctx, nthreads, iters, &aw);
			b = run(op->gt, ctx, nthreads, iters, &bw);
		} else {
			b = run(op->gt, ctx, nthreads, iters, &bw);
			a = run(op->lib, ctx, nthreads, iters, &aw);
		}
		/* CPU time per operation; wall time per operation of all threads together */
		lib_t[r] = a / ((double)iters * nthreads);
		gt_t[r] = b / ((double)iters * nthreads);
		lib_w[r] = aw / ((double)iters * nthreads);
		gt_w[r] = bw / ((double)iters * nthreads);
		ratio[r] = lib_t[r] / gt_t[r];
	}
	snprintf(res->name, sizeof(res->name), nthreads > 1 ? "%s_t%u" : "%s", op->name,
		 nthreads);
	res->lib_ops = 1.0 / median(lib_t, rounds);
	res->gt_ops = 1.0 / median(gt_t, rounds);
	res->ratio = median(ratio, rounds);
	res->lib_wall_ops = nthreads > 1 ? 1.0 / median(lib_w, rounds) : 0;
	res->gt_wall_ops = nthreads > 1 ? 1.0 / median(gt_w, rounds) : 0;
	res->rmin = res->rmax = ratio[0];
	for (unsigned r = 1; r < rounds; r++) {
		if (ratio[r] < res->rmin)
			res->rmin = ratio[r];
		if (ratio[r] > res->rmax)
			res->rmax = ratio[r];
	}
	res->rounds = rounds;
	res->iters = iters;
	res->threads = nthreads;
	res->note = op->note;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: pki-bench [--quick] [--json] [--threads N] [--rounds N] [--only NAME]\n"
		"                 [--iterations N]\n"
		"Time libpki against the same work done with GnuTLS directly.\n\n"
		"  --quick       a very short run (5 short rounds; 1 key or PBKDF2 run each)\n"
		"  --json        one JSON array: {op, libpki_ops_per_s, gnutls_ops_per_s, ratio}\n"
		"  --threads N   also run issuance and parsing on N threads (distinct handles)\n"
		"  --rounds N    rounds per operation (default 15; the median is reported)\n"
		"  --only NAME   only the operations whose name contains NAME\n"
		"  --iterations N  N operations per side and round instead of calibrating (for\n"
		"                valgrind --tool=callgrind: compare lib_* and gt_* inclusive costs)\n");
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "quick", no_argument, NULL, 'q' },   { "json", no_argument, NULL, 'j' },
		{ "threads", required_argument, NULL, 't' }, { "rounds", required_argument, NULL, 'r' },
		{ "only", required_argument, NULL, 'o' }, { "help", no_argument, NULL, 'h' },
		{ "iterations", required_argument, NULL, 'i' },
		{ 0, 0, 0, 0 },
	};
	result_t res[2 * sizeof(ops) / sizeof(ops[0])];
	ctx_t *ctx[MAX_THREADS];
	unsigned nres = 0, nctx;
	size_t sink = 0;
	int c;
	long v;
	char *end;

	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'q':
			cfg.quick = true;
			cfg.rounds = 5;
			cfg.slice = 0.01;
			break;
		case 'j': cfg.json = true; break;
		case 't':
		case 'r':
		case 'i':
			v = strtol(optarg, &end, 10);
			if (*end || v < 1 ||
			    v > (c == 't' ? MAX_THREADS : c == 'r' ? MAX_ROUNDS : 1000000)) {
				fprintf(stderr, "pki-bench: bad --%s %s\n",
					c == 't' ? "threads" : c == 'r' ? "rounds" : "iterations",
					optarg);
				return 2;
			}
			if (c == 't')
				cfg.threads = (unsigned)v;
			else if (c == 'r')
				cfg.rounds = (unsigned)v;
			else
				cfg.iters = (unsigned)v;
			break;
		case 'o': cfg.only = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return 2;
	}

	make_fixture();
	nctx = cfg.threads;
	for (unsigned i = 0; i < nctx; i++)
		ctx[i] = ctx_new();

	if (!cfg.json) {
		FILE *f = fopen("/proc/loadavg", "r");
		double load = 0;
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);

		if (f && fscanf(f, "%lf", &load) == 1 && cpus > 0 && load > (double)cpus)
			printf("note: load average %.1f on %ld CPUs: CPU times hold, wall-time "
			       "throughput does not\n\n",
			       load, cpus);
		if (f)
			fclose(f);
	}
	if (!cfg.json)
		printf("libpki %s on GnuTLS %s; %u round(s) per operation%s, median reported\n\n"
		       "%-34s %13s %13s %7s  %-15s %s\n",
		       pki_version(), gnutls_check_version(NULL), cfg.rounds,
		       cfg.quick ? " (--quick)" : "", "operation", "libpki op/s", "GnuTLS op/s",
		       "ratio", "[min..max]", "iter/round");
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		for (unsigned pass = 0; pass < 2; pass++) {
			unsigned n = pass ? cfg.threads : 1;
			result_t *r = &res[nres];

			if (pass && (!ops[i].threaded || cfg.threads < 2))
				continue;
			if (cfg.only && !strstr(ops[i].name, cfg.only))
				continue;
			bench_op(r, &ops[i], ctx, n);
			nres++;
			if (!cfg.json) {
				printf("%-34s %13.1f %13.1f %7.3f  [%.3f..%.3f] %u x %u%s%s\n",
				       r->name, r->lib_ops, r->gt_ops, r->ratio, r->rmin, r->rmax,
				       r->iters, r->threads, r->note ? "  " : "",
				       r->note ? r->note : "");
				if (pass)
					printf("%-34s %13.1f %13.1f   by wall time: %.2fx, %.2fx "
					       "the 1-thread rate\n",
					       "  throughput (wall)", r->lib_wall_ops, r->gt_wall_ops,
					       r->lib_wall_ops / res[nres - 2].lib_ops,
					       r->gt_wall_ops / res[nres - 2].gt_ops);
				fflush(stdout);
			}
		}
	}
	if (cfg.json) {
		printf("[");
		for (unsigned i = 0; i < nres; i++) {
			printf("%s\n  {\"op\": \"%s\", \"libpki_ops_per_s\": %.2f, "
			       "\"gnutls_ops_per_s\": %.2f, \"ratio\": %.4f, \"threads\": %u, "
			       "\"rounds\": %u",
			       i ? "," : "", res[i].name, res[i].lib_ops, res[i].gt_ops,
			       res[i].ratio, res[i].threads, res[i].rounds);
			if (res[i].threads > 1)
				printf(", \"libpki_wall_ops_per_s\": %.2f, "
				       "\"gnutls_wall_ops_per_s\": %.2f",
				       res[i].lib_wall_ops, res[i].gt_wall_ops);
			if (!strcmp(res[i].name, "key_encrypted_export_import"))
				printf(", \"pbkdf2_iterations\": %u", fx.pbkdf2_iterations);
			printf("}");
		}
		printf("\n]\n");
	} else if (fx.pbkdf2_iterations) {
		printf("\nencrypted PKCS#8 key: PBES2 AES-256-CBC, PBKDF2 with %u iterations "
		       "(gnutls_pkcs8_info)\n",
		       fx.pbkdf2_iterations);
	}

	for (unsigned i = 0; i < nctx; i++) {
		sink += ctx[i]->sink;
		ctx_free(ctx[i]);
	}
	free_fixture();
	/* the sink keeps the results alive; it is never 0 after a run */
	return sink == 0 && nres > 0 ? 1 : 0;
}
