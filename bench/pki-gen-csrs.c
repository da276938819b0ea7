/*
 * pki-gen-csrs — write N ECDSA P-256 certificate signing requests for the bulk benchmark
 * (bench/bulk-issue.sh): DIR/host-000001.csr, ... each with CN=host-000001.bench.example and
 * that name as a DNS SAN. One process on libpki, so 10,000 requests take seconds, not the
 * minutes of 10,000 `openssl req` runs.
 * Usage: pki-gen-csrs DIR N
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <pki.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	char *end;
	long n;

	if (argc != 3 || (n = strtol(argv[2], &end, 10)) < 1 || *end || n > 999999) {
		fprintf(stderr, "Usage: pki-gen-csrs DIR N (1 <= N <= 999999)\n");
		return 2;
	}
	for (long i = 1; i <= n; i++) {
		char host[64], subject[96], san[80], path[4096];
		const char *sans[] = { san, NULL };
		pki_key_t *key = NULL;
		pki_csr_t *csr = NULL;
		unsigned char *pem = NULL;
		size_t size = 0;
		int rc;

		snprintf(host, sizeof(host), "host-%06ld.bench.example", i);
		snprintf(subject, sizeof(subject), "CN=%s", host);
		snprintf(san, sizeof(san), "DNS:%s", host);
		if (snprintf(path, sizeof(path), "%s/host-%06ld.csr", argv[1], i) >= (int)sizeof(path)) {
			fprintf(stderr, "pki-gen-csrs: path too long\n");
			return 1;
		}
		if ((rc = pki_key_generate(&key, PKI_KEY_EC_P256, 0, 0)) < 0 ||
		    (rc = pki_csr_create(&csr, key, subject, sans, 0)) < 0 ||
		    (rc = pki_csr_export(&pem, &size, csr, PKI_FORMAT_PEM, 0)) < 0 ||
		    (rc = pki_file_write(path, pem, size, PKI_WRITE_OVERWRITE)) < 0) {
			fprintf(stderr, "pki-gen-csrs: %s: %s (%s)\n", path, pki_strerror(rc),
				pki_error_detail());
			return 1;
		}
		pki_free(pem);
		pki_csr_free(csr);
		pki_key_free(key);
	}
	return 0;
}
