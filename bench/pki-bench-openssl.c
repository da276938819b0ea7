/*
 * pki-bench-openssl — the operations of bench/pki-bench done with OpenSSL's libcrypto, so
 * that bench/compare.py can put libpki, GnuTLS, OpenSSL and Python side by side.
 *
 * Benchmark only: built by `make bench` when configure found libcrypto (pkg-config), never
 * linked into libpki. The fixture (a P-256 root, intermediate and its key, a leaf and its
 * key, the leaf's request) is read from a folder that compare.py writes, so the certificates
 * have the shape of pki-bench's: a two-attribute subject, two DNS names and an IPv4 address.
 *
 * Times are CPU time of this thread (CLOCK_THREAD_CPUTIME_ID); each operation runs in rounds
 * of a calibrated number of iterations and the median time per operation is reported.
 *
 * Usage: pki-bench-openssl DIR [--rounds N] [--quick] [--only NAME]   (prints JSON)
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _GNU_SOURCE
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_NAME "pki-bench-openssl"
#define BENCH_DIE_EXTRA ERR_print_errors_fp(stderr)
#include "bench.h"

#define HOST "www.bench.example.com"
#define MAX_ROUNDS 64

#define OK(x)                                                                                  \
	do {                                                                                   \
		if (!(x))                                                                      \
			die("%s failed (line %d)", #x, __LINE__);                              \
	} while (0)

/* ---------------------------------------------------------------------------------------- */
/* Fixture                                                                                   */

static struct {
	char *leaf_pem, *leaf_key_pem;
	long leaf_len, leaf_key_len;
	X509 *root, *inter, *leaf;
	EVP_PKEY *inter_key, *leaf_key;
	X509_REQ *req;
	X509_STORE *store;
	STACK_OF(X509) *untrusted;
	size_t sink;
} fx;

static char *slurp(const char *dir, const char *name, long *len)
{
	char path[4096];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f)
		die("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		die("cannot read %s", path);
	buf[n] = 0;
	fclose(f);
	*len = n;
	return buf;
}

static X509 *read_cert(const char *dir, const char *name)
{
	long n;
	char *pem = slurp(dir, name, &n);
	BIO *b = BIO_new_mem_buf(pem, (int)n);
	X509 *x = PEM_read_bio_X509(b, NULL, NULL, NULL);

	if (!x)
		die("cannot parse %s", name);
	BIO_free(b);
	free(pem);
	return x;
}

static EVP_PKEY *read_key(const char *pem, long n)
{
	BIO *b = BIO_new_mem_buf(pem, (int)n);
	EVP_PKEY *k = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);

	if (!k)
		die("cannot parse a key");
	BIO_free(b);
	return k;
}

static void load_fixture(const char *dir)
{
	long n;
	char *pem;
	BIO *b;

	fx.root = read_cert(dir, "root.pem");
	fx.inter = read_cert(dir, "inter.pem");
	fx.leaf = read_cert(dir, "leaf.pem");
	fx.leaf_pem = slurp(dir, "leaf.pem", &fx.leaf_len);
	fx.leaf_key_pem = slurp(dir, "leaf-key.pem", &fx.leaf_key_len);
	fx.leaf_key = read_key(fx.leaf_key_pem, fx.leaf_key_len);
	pem = slurp(dir, "inter-key.pem", &n);
	fx.inter_key = read_key(pem, n);
	free(pem);
	pem = slurp(dir, "req.pem", &n);
	b = BIO_new_mem_buf(pem, (int)n);
	fx.req = PEM_read_bio_X509_REQ(b, NULL, NULL, NULL);
	if (!fx.req)
		die("cannot parse req.pem");
	BIO_free(b);
	free(pem);
	OK(fx.store = X509_STORE_new());
	OK(X509_STORE_add_cert(fx.store, fx.root));
	OK(fx.untrusted = sk_X509_new_null());
	OK(sk_X509_push(fx.untrusted, fx.inter));
}

static void free_fixture(void)
{
	sk_X509_free(fx.untrusted);
	X509_STORE_free(fx.store);
	X509_free(fx.root);
	X509_free(fx.inter);
	X509_free(fx.leaf);
	EVP_PKEY_free(fx.inter_key);
	EVP_PKEY_free(fx.leaf_key);
	X509_REQ_free(fx.req);
	free(fx.leaf_pem);
	free(fx.leaf_key_pem);
}

/* ---------------------------------------------------------------------------------------- */
/* Operations: the same work as pki-bench's lib_* / gt_*                                      */

static void op_keygen_p256(void)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");

	OK(k);
	fx.sink += (size_t)EVP_PKEY_get_bits(k);
	EVP_PKEY_free(k);
}

static GENERAL_NAME *dns_name(const char *s)
{
	GENERAL_NAME *g = GENERAL_NAME_new();
	ASN1_IA5STRING *v = ASN1_IA5STRING_new();

	OK(g && v && ASN1_STRING_set(v, s, (int)strlen(s)));
	GENERAL_NAME_set0_value(g, GEN_DNS, v);
	return g;
}

/* A request for a subject and two DNS names and an address, signed with P-256 (SHA-256). */
static void op_csr(void)
{
	static const unsigned char ip[4] = { 192, 0, 2, 10 };
	X509_REQ *req = X509_REQ_new();
	X509_NAME *name = X509_NAME_new();
	GENERAL_NAMES *gens = GENERAL_NAMES_new();
	STACK_OF(X509_EXTENSION) *exts = sk_X509_EXTENSION_new_null();
	X509_EXTENSION *ext;
	GENERAL_NAME *g;
	ASN1_OCTET_STRING *addr = ASN1_OCTET_STRING_new();

	OK(req && name && gens && exts && addr);
	OK(X509_REQ_set_version(req, 0));
	OK(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
				      (const unsigned char *)"bench.example.com", -1, -1, 0));
	OK(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
				      (const unsigned char *)"libpki bench", -1, -1, 0));
	OK(X509_REQ_set_subject_name(req, name));
	OK(X509_REQ_set_pubkey(req, fx.leaf_key));
	OK(sk_GENERAL_NAME_push(gens, dns_name("bench.example.com")));
	OK(sk_GENERAL_NAME_push(gens, dns_name("www.bench.example.com")));
	OK(ASN1_OCTET_STRING_set(addr, ip, sizeof(ip)));
	OK(g = GENERAL_NAME_new());
	GENERAL_NAME_set0_value(g, GEN_IPADD, addr);
	OK(sk_GENERAL_NAME_push(gens, g));
	OK(ext = X509V3_EXT_i2d(NID_subject_alt_name, 0, gens));
	OK(sk_X509_EXTENSION_push(exts, ext));
	OK(X509_REQ_add_extensions(req, exts));
	OK(X509_REQ_sign(req, fx.leaf_key, EVP_sha256()));
	fx.sink += (size_t)i2d_X509_REQ(req, NULL);
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	GENERAL_NAMES_free(gens);
	X509_NAME_free(name);
	X509_REQ_free(req);
}

static void add_ext(X509 *x, X509V3_CTX *ctx, int nid, const char *value)
{
	X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, ctx, nid, value);

	OK(e);
	OK(X509_add_ext(x, e, -1));
	X509_EXTENSION_free(e);
}

/*
 * A server certificate from the parsed request, signed by the P-256 intermediate, written as
 * PEM: the request's signature checked, a random 16-byte serial, 397 days from 5 minutes
 * ago, the request's SAN extension copied, basicConstraints, keyUsage, EKU, SKI and AKI.
 */
static void op_issue(void)
{
	unsigned char serial[16];
	X509 *x = X509_new();
	EVP_PKEY *pub = X509_REQ_get0_pubkey(fx.req);
	STACK_OF(X509_EXTENSION) *rexts;
	X509V3_CTX v3;
	BIGNUM *bn;
	BIO *out;
	char *p;

	OK(x && pub);
	OK(X509_REQ_verify(fx.req, pub) == 1);
	OK(X509_set_version(x, 2));
	do {
		OK(RAND_bytes(serial, sizeof(serial)) == 1);
		serial[0] &= 0x7f;
	} while (!serial[0]);
	OK(bn = BN_bin2bn(serial, sizeof(serial), NULL));
	OK(BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)));
	BN_free(bn);
	OK(X509_set_issuer_name(x, X509_get_subject_name(fx.inter)));
	OK(X509_set_subject_name(x, X509_REQ_get_subject_name(fx.req)));
	OK(X509_gmtime_adj(X509_getm_notBefore(x), -300));
	OK(X509_gmtime_adj(X509_getm_notAfter(x), -300 + 397L * 86400));
	OK(X509_set_pubkey(x, pub));
	OK(rexts = X509_REQ_get_extensions(fx.req));
	for (int i = 0; i < sk_X509_EXTENSION_num(rexts); i++) {
		X509_EXTENSION *e = sk_X509_EXTENSION_value(rexts, i);

		if (OBJ_obj2nid(X509_EXTENSION_get_object(e)) == NID_subject_alt_name)
			OK(X509_add_ext(x, e, -1));
	}
	sk_X509_EXTENSION_pop_free(rexts, X509_EXTENSION_free);
	X509V3_set_ctx(&v3, fx.inter, x, NULL, NULL, 0);
	add_ext(x, &v3, NID_basic_constraints, "critical,CA:FALSE");
	add_ext(x, &v3, NID_key_usage, "critical,digitalSignature");
	add_ext(x, &v3, NID_ext_key_usage, "serverAuth");
	add_ext(x, &v3, NID_subject_key_identifier, "hash");
	add_ext(x, &v3, NID_authority_key_identifier, "keyid");
	OK(X509_sign(x, fx.inter_key, EVP_sha256()));
	OK(out = BIO_new(BIO_s_mem()));
	OK(PEM_write_bio_X509(out, x));
	fx.sink += (size_t)BIO_get_mem_data(out, &p);
	BIO_free(out);
	X509_free(x);
}

/* Parse a PEM certificate; read its subject (RFC 4514 text), every SAN as text, notAfter. */
static void op_parse(void)
{
	BIO *b = BIO_new_mem_buf(fx.leaf_pem, (int)fx.leaf_len);
	X509 *x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	BIO *s = BIO_new(BIO_s_mem());
	GENERAL_NAMES *gens;
	struct tm tm;
	char ip[INET6_ADDRSTRLEN], *p;

	OK(x && s);
	OK(X509_NAME_print_ex(s, X509_get_subject_name(x), 0, XN_FLAG_RFC2253) > 0);
	fx.sink += (size_t)BIO_get_mem_data(s, &p);
	gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	OK(gens);
	for (int i = 0; i < sk_GENERAL_NAME_num(gens); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
		int type;
		const ASN1_STRING *v = GENERAL_NAME_get0_value(g, &type);

		if (type == GEN_IPADD) {
			OK(inet_ntop(ASN1_STRING_length(v) == 4 ? AF_INET : AF_INET6,
				     ASN1_STRING_get0_data(v), ip, sizeof(ip)));
			fx.sink += strlen(ip);
		} else {
			char *t = strndup((const char *)ASN1_STRING_get0_data(v),
					  (size_t)ASN1_STRING_length(v));

			OK(t);
			fx.sink += strlen(t);
			free(t);
		}
	}
	OK(ASN1_TIME_to_tm(X509_get0_notAfter(x), &tm));
	fx.sink += (size_t)timegm(&tm);
	GENERAL_NAMES_free(gens);
	BIO_free(s);
	X509_free(x);
	BIO_free(b);
}

/* A P-256 key to unencrypted PKCS#8 PEM and back. */
static void op_key_export_import(void)
{
	BIO *b = BIO_new(BIO_s_mem());
	EVP_PKEY *k;
	char *p;
	long n;

	OK(b);
	OK(PEM_write_bio_PrivateKey(b, fx.leaf_key, NULL, NULL, 0, NULL, NULL));
	n = BIO_get_mem_data(b, &p);
	k = read_key(p, n);
	fx.sink += (size_t)n + (size_t)EVP_PKEY_get_bits(k);
	EVP_PKEY_free(k);
	BIO_free(b);
}

/* leaf -> intermediate (untrusted) -> trusted root, host name checked. */
static void op_verify(void)
{
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();

	OK(ctx);
	OK(X509_STORE_CTX_init(ctx, fx.store, fx.leaf, fx.untrusted));
	OK(X509_VERIFY_PARAM_set1_host(X509_STORE_CTX_get0_param(ctx), HOST, 0));
	if (X509_verify_cert(ctx) != 1)
		die("X509_verify_cert: %s",
		    X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
	fx.sink++;
	X509_STORE_CTX_free(ctx);
}

/* ---------------------------------------------------------------------------------------- */
/* Runner                                                                                    */

static const struct {
	const char *name;
	void (*fn)(void);
} ops[] = {
	{ "keygen_p256", op_keygen_p256 },
	{ "csr_create_sign_p256", op_csr },
	{ "issue_server_pem", op_issue },
	{ "parse_cert_fields", op_parse },
	{ "key_export_import", op_key_export_import },
	{ "verify_chain_host", op_verify },
};

static double per_op(void (*fn)(void), unsigned iters)
{
	double t0 = clock_s(CLOCK_THREAD_CPUTIME_ID);

	for (unsigned i = 0; i < iters; i++)
		fn();
	return (clock_s(CLOCK_THREAD_CPUTIME_ID) - t0) / iters;
}

int main(int argc, char **argv)
{
	const char *dir = NULL, *only = NULL;
	unsigned rounds = 15;
	double slice = 0.05;
	int first = 1;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--rounds") && i + 1 < argc) {
			rounds = (unsigned)strtoul(argv[++i], NULL, 10);
			if (rounds < 1 || rounds > MAX_ROUNDS)
				die("bad --rounds");
		} else if (!strcmp(argv[i], "--only") && i + 1 < argc) {
			only = argv[++i];
		} else if (!strcmp(argv[i], "--quick")) {
			rounds = 5;
			slice = 0.01;
		} else if (argv[i][0] != '-' && !dir) {
			dir = argv[i];
		} else {
			fprintf(stderr, "Usage: pki-bench-openssl DIR [--rounds N] [--quick] "
					"[--only NAME]\n");
			return 2;
		}
	}
	if (!dir) {
		fprintf(stderr, "Usage: pki-bench-openssl DIR [--rounds N] [--quick] [--only NAME]\n");
		return 2;
	}
	load_fixture(dir);
	printf("{\"openssl\": \"%s\", \"results\": [", OpenSSL_version(OPENSSL_VERSION_STRING));
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		double t[MAX_ROUNDS], one;
		unsigned iters = 1;

		if (only && !strstr(ops[i].name, only))
			continue;
		ops[i].fn(); /* warm up */
		for (;;) {
			one = per_op(ops[i].fn, iters) * iters;
			if (one > slice / 8 || iters > (1u << 24))
				break;
			iters *= 2;
		}
		iters = (unsigned)((double)iters * slice / (one > 0 ? one : 1e-9));
		if (iters < 1)
			iters = 1;
		for (unsigned r = 0; r < rounds; r++)
			t[r] = per_op(ops[i].fn, iters);
		printf("%s\n  {\"op\": \"%s\", \"ops_per_s\": %.2f, \"rounds\": %u, "
		       "\"iterations\": %u}",
		       first ? "" : ",", ops[i].name, 1.0 / median(t, rounds), rounds, iters);
		first = 0;
	}
	printf("\n]}\n");
	free_fixture();
	return fx.sink ? 0 : 1;
}
