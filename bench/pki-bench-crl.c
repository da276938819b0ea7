/*
 * bench/pki-bench-crl: the CPU cost of reading a large CRL and of looking serials up in it
 * (PKI_CRL_MAX_ENTRIES, the 100 ms rule). Nothing is asserted: it prints numbers.
 *
 *   bench/pki-bench-crl FILE [ROUNDS]
 *   bench/pki-bench-crl --create [N...]
 *
 * FILE is a CRL (PEM or DER), e.g. one of PKI_CRL_MAX_ENTRIES entries made by
 * `openssl ca -gencrl` (bench/README.md shows how). Each round imports FILE and looks up
 * every entry's serial plus as many absent ones; the report is the median CPU time of an
 * import and of one lookup (CLOCK_PROCESS_CPUTIME_ID).
 * --create makes CRLs of N revoked entries each (default 1000 2000 5000, PKI_CRL_MAX_ENTRIES:
 * a larger N is refused and said so) with an Ed25519 CA: the median CPU time of adding the N
 * serials to the options and of pki_crl_create.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _POSIX_C_SOURCE 200809L
#include <pki.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_NAME "pki-bench-crl"
#include "bench.h"

/* --create: the cost of making CRLs of @p n entries, median of 9 rounds. */
static void create(unsigned n, const pki_cert_t *ca, const pki_key_t *key)
{
	double add[9], make[9];

	for (unsigned r = 0; r < 9; r++) {
		pki_crl_opts_t *o = NULL;
		pki_crl_t *crl = NULL;
		double t0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
		int ret = 0;

		if (pki_crl_opts_new(&o, 0) < 0)
			die("%s", pki_error_detail());
		for (unsigned i = 1; ret == 0 && i <= n; i++) {
			char hex[32];

			snprintf(hex, sizeof(hex), "%x", i * 2654435761u);
			ret = pki_crl_opts_add_revoked(o, hex, 1700000000 + i, PKI_CRL_REASON_UNSPECIFIED +
						       (i % 2));
		}
		if (ret < 0) {
			printf("create %u entries: refused: %s\n", n, pki_error_detail());
			pki_crl_opts_free(o);
			return;
		}
		add[r] = clock_s(CLOCK_PROCESS_CPUTIME_ID) - t0;
		t0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
		if (pki_crl_create(&crl, ca, key, o, 0) < 0)
			die("%s", pki_error_detail());
		make[r] = clock_s(CLOCK_PROCESS_CPUTIME_ID) - t0;
		if (pki_crl_count(crl) != (int)n)
			die("%d entries, not %u", pki_crl_count(crl), n);
		pki_crl_free(crl);
		pki_crl_opts_free(o);
	}
	printf("create %u entries: add_revoked median %.1f ms CPU, pki_crl_create %.1f ms CPU\n",
	       n, median(add, 9) * 1e3, median(make, 9) * 1e3);
}

int main(int argc, char **argv)
{
	unsigned char *data = NULL;
	size_t size = 0;
	unsigned rounds = argc > 2 ? (unsigned)atoi(argv[2]) : 9;
	double *imp, *look;
	int count = 0;

	if (argc > 1 && strcmp(argv[1], "--create") == 0) {
		static const unsigned sizes[] = { 1000, 2000, 5000 };
		pki_key_t *key = NULL;
		pki_cert_t *ca = NULL;

		if (pki_key_generate(&key, PKI_KEY_ED25519, 0, 0) < 0 ||
		    pki_cert_self_sign(&ca, key, "CN=bench CA", NULL, 0) < 0)
			die("%s", pki_error_detail());
		for (int i = 2; i < argc; i++)
			create((unsigned)strtoul(argv[i], NULL, 10), ca, key);
		for (unsigned i = 0; argc == 2 && i < sizeof(sizes) / sizeof(*sizes); i++)
			create(sizes[i], ca, key);
		pki_cert_free(ca);
		pki_key_free(key);
		return 0;
	}
	if (argc < 2 || rounds < 1 || rounds > 1000) {
		fprintf(stderr, "usage: %s CRL-FILE [ROUNDS] | --create [N...]\n", argv[0]);
		return 2;
	}
	if (pki_file_read(&data, &size, argv[1], 0) < 0) {
		fprintf(stderr, "%s: %s\n", argv[1], pki_error_detail());
		return 1;
	}
	imp = calloc(rounds, sizeof(*imp));
	look = calloc(rounds, sizeof(*look));
	if (!imp || !look)
		return 1;
	for (unsigned r = 0; r < rounds; r++) {
		pki_crl_t *crl = NULL;
		char **serials;
		double t0 = clock_s(CLOCK_PROCESS_CPUTIME_ID), t1;

		if (pki_crl_import(&crl, data, size, 0) < 0) {
			fprintf(stderr, "%s: %s\n", argv[1], pki_error_detail());
			return 1;
		}
		imp[r] = clock_s(CLOCK_PROCESS_CPUTIME_ID) - t0;
		count = pki_crl_count(crl);
		serials = calloc((size_t)count + 1, sizeof(*serials));
		if (!serials)
			return 1;
		for (int i = 0; i < count; i++)
			if (pki_crl_entry(&serials[i], NULL, crl, (unsigned)i) < 0)
				return 1;
		t1 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
		for (int i = 0; i < count; i++) {
			char absent[64];

			if (pki_crl_lookup(NULL, crl, serials[i]) < 0)
				return 1; /* every entry is found */
			snprintf(absent, sizeof(absent), "%sff", serials[i]);
			(void)pki_crl_lookup(NULL, crl, absent);
		}
		look[r] = count ? (clock_s(CLOCK_PROCESS_CPUTIME_ID) - t1) / (2.0 * count) : 0;
		for (int i = 0; i < count; i++)
			pki_free(serials[i]);
		free(serials);
		pki_crl_free(crl);
	}
	printf("%s: %zu bytes, %d entries, %u rounds\n", argv[1], size, count, rounds);
	printf("import: median %.1f ms CPU (%.2f us per entry)\n", median(imp, rounds) * 1e3,
	       count ? median(imp, rounds) * 1e6 / count : 0.0);
	printf("lookup: median %.2f us CPU (found and absent serials)\n",
	       median(look, rounds) * 1e6);
	pki_free(data);
	free(imp);
	free(look);
	return 0;
}
