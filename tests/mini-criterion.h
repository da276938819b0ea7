/*
 * A single-process stand-in for the part of Criterion the tests use (Test, cr_assert*).
 *
 * Why: Criterion runs every test in a forked worker that leaves without the exit-time leak
 * checks, so neither valgrind nor LeakSanitizer ever sees a test's allocations. Built with
 * PKI_PLAIN_TESTS (configure --enable-plain-tests, implied by --enable-sanitizers), the same
 * test files run one after the other in one process, print TAP, and every leak is reported.
 * Only for test binaries: one translation unit each, so the registry below is file-static.
 */
#ifndef PKI_MINI_CRITERION_H
#define PKI_MINI_CRITERION_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mc_test {
	const char *suite, *name;
	void (*fn)(void);
	struct mc_test *next;
};

static struct mc_test *mc_head, **mc_tail = &mc_head;
static jmp_buf mc_jmp;

/* Test(suite, name, options...): the options (.timeout = N) are accepted and ignored. */
#define Test(suite, name, ...)                                                                 \
	static void mc_fn_##suite##_##name(void);                                              \
	static struct mc_test mc_t_##suite##_##name = { #suite, #name, mc_fn_##suite##_##name, \
							NULL };                                \
	__attribute__((constructor)) static void mc_reg_##suite##_##name(void)                 \
	{                                                                                      \
		*mc_tail = &mc_t_##suite##_##name;                                             \
		mc_tail = &mc_t_##suite##_##name.next;                                         \
	}                                                                                      \
	static void mc_fn_##suite##_##name(void)

__attribute__((format(printf, 4, 5), noreturn, unused)) static void
mc_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
	va_list ap;

	printf("# %s:%d: assertion failed: %s;", file, line, cond);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	longjmp(mc_jmp, 1);
}

/* cr_skip_test(fmt, ...): end the test as skipped, with the reason in its TAP line. */
static char mc_skip_reason[256];
__attribute__((format(printf, 1, 2), noreturn, unused)) static void mc_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(mc_skip_reason, sizeof(mc_skip_reason), fmt, ap);
	va_end(ap);
	longjmp(mc_jmp, 2);
}
#define cr_skip_test(...) mc_skip(__VA_ARGS__)

/* The message arguments are optional, as in Criterion: " " keeps the format non-empty. */
#define cr_assert(cond, ...)                                                     \
	do {                                                                     \
		if (!(cond))                                                     \
			mc_fail(__FILE__, __LINE__, #cond, " " __VA_ARGS__);    \
	} while (0)
#define cr_assert_not(cond, ...) cr_assert(!(cond), __VA_ARGS__)
#define cr_assert_eq(a, b, ...) cr_assert((a) == (b), __VA_ARGS__)
#define cr_assert_neq(a, b, ...) cr_assert((a) != (b), __VA_ARGS__)
#define cr_assert_gt(a, b, ...) cr_assert((a) > (b), __VA_ARGS__)
#define cr_assert_geq(a, b, ...) cr_assert((a) >= (b), __VA_ARGS__)
#define cr_assert_lt(a, b, ...) cr_assert((a) < (b), __VA_ARGS__)
#define cr_assert_leq(a, b, ...) cr_assert((a) <= (b), __VA_ARGS__)
#define cr_assert_null(p, ...) cr_assert((p) == NULL, __VA_ARGS__)
#define cr_assert_not_null(p, ...) cr_assert((p) != NULL, __VA_ARGS__)
#define cr_assert_str_eq(a, b, ...) cr_assert(mc_streq((a), (b)), __VA_ARGS__)
#define cr_assert_str_neq(a, b, ...) cr_assert(!mc_streq((a), (b)), __VA_ARGS__)
#define cr_assert_str_empty(a, ...) cr_assert(mc_streq((a), ""), __VA_ARGS__)
#define cr_assert_str_not_empty(a, ...) cr_assert(!mc_streq((a), ""), __VA_ARGS__)
#define cr_expect cr_assert
#define cr_expect_eq cr_assert_eq
#define cr_expect_str_eq cr_assert_str_eq
#define cr_log_info(...) (printf("# " __VA_ARGS__), printf("\n"))

__attribute__((unused)) static bool mc_streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* Run one test: 1 passed, 0 an assertion failed, 2 skipped (both longjmp back here). */
static int mc_run(const struct mc_test *t)
{
	volatile int result = 0;
	int jumped = setjmp(mc_jmp);

	if (jumped == 0) {
		t->fn();
		result = 1;
	} else if (jumped == 2) {
		result = 2;
	}
	return result;
}

int main(void)
{
	int n = 0, i = 0, failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (struct mc_test *t = mc_head; t; t = t->next)
		n++;
	printf("TAP version 13\n1..%d\n", n);
	for (struct mc_test *t = mc_head; t; t = t->next) {
		int r = mc_run(t);

		failed += r == 0;
		if (r == 2)
			printf("ok %d - %s::%s # SKIP %s\n", ++i, t->suite, t->name, mc_skip_reason);
		else
			printf("%s %d - %s::%s\n", r ? "ok" : "not ok", ++i, t->suite, t->name);
	}
	return failed ? 1 : 0;
}

#endif /* PKI_MINI_CRITERION_H */
