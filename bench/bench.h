/*
 * What the benchmark programs share: die(), a clock in seconds, the median of the rounds.
 * A program defines BENCH_NAME, the prefix of die()'s message, before including this, and
 * may define BENCH_DIE_EXTRA, a statement die() runs before exiting (pki-bench-openssl
 * prints OpenSSL's error queue).
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PKI_BENCH_H
#define PKI_BENCH_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef BENCH_DIE_EXTRA
#define BENCH_DIE_EXTRA
#endif

static inline void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static inline void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, BENCH_NAME ": ");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	BENCH_DIE_EXTRA;
	exit(1);
}

/* Seconds on the clock @p id: CLOCK_THREAD_CPUTIME_ID, CLOCK_PROCESS_CPUTIME_ID or
 * CLOCK_MONOTONIC. */
static inline double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median of the @p n (> 0) values of @p v, which are left as they are. */
static inline double median(const double *v, unsigned n)
{
	double *s = malloc(n * sizeof(*s)), m;

	if (!s)
		die("out of memory");
	memcpy(s, v, n * sizeof(*v));
	qsort(s, n, sizeof(*s), cmp_double);
	m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	free(s);
	return m;
}

#endif /* PKI_BENCH_H */
