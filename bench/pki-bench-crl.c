/*
 * bench/pki-bench-crl: the CPU cost of reading a large CRL and of looking serials up in it
 * (PKI_CRL_MAX_ENTRIES, the 100 ms rule). Nothing is asserted: it prints numbers.
 *
 *   bench/pki-bench-crl FILE [ROUNDS]
 *
 * FILE is a CRL (PEM or DER), e.g. one of PKI_CRL_MAX_ENTRIES entries made by
 * `openssl ca -gencrl` (bench/README.md shows how). Each round imports FILE and looks up
 * every entry's serial plus as many absent ones; the report is the median CPU time of an
 * import and of one lookup (CLOCK_PROCESS_CPUTIME_ID).
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

int main(int argc, char **argv)
{
	unsigned char *data = NULL;
	size_t size = 0;
	unsigned rounds = argc > 2 ? (unsigned)atoi(argv[2]) : 9;
	double *imp, *look;
	int count = 0;

	if (argc < 2 || rounds < 1 || rounds > 1000) {
		fprintf(stderr, "usage: %s CRL-FILE [ROUNDS]\n", argv[0]);
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
