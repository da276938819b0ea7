/*
 * Thread safety: 8 threads at once, each on its own handles, generate keys, issue, encode,
 * parse and verify. Run under ThreadSanitizer with configure --enable-tsan.
 */
#include "helpers.h"

#include <pthread.h>

#define THREADS 8
#define ROUNDS 6

struct job {
	int index;
	int failures;
	char where[128];
};

#define CHECK(call)                                                                          \
	do {                                                                                 \
		int rc_ = (call);                                                            \
		if (rc_ < 0) {                                                               \
			snprintf(job->where, sizeof(job->where), "%s: %s", #call,            \
				 pki_error_detail());                                        \
			job->failures++;                                                     \
			goto out;                                                            \
		}                                                                            \
	} while (0)

static void one_round(struct job *job)
{
	pki_key_t *ca_key = NULL, *leaf_key = NULL;
	pki_cert_t *ca = NULL, *leaf = NULL, *parsed = NULL;
	pki_csr_t *csr = NULL;
	pki_issue_opts_t *opts = NULL;
	pki_trust_t *trust = NULL;
	pki_verify_opts_t *vopts = NULL;
	pki_verify_result_t *result = NULL;
	unsigned char *pem = NULL;
	size_t n = 0;
	char *subject = NULL, host[64], expect[96];
	const char *sans[2] = { host, NULL };

	snprintf(host, sizeof(host), "DNS:t%d.example.com", job->index);
	snprintf(expect, sizeof(expect), "CN=t%d.example.com", job->index);
	CHECK(pki_key_generate(&ca_key, PKI_KEY_EC_P256, 0, 0));
	CHECK(pki_key_generate(&leaf_key, job->index % 2 ? PKI_KEY_ED25519 : PKI_KEY_EC_P256, 0, 0));
	CHECK(pki_cert_self_sign(&ca, ca_key, "CN=Thread CA", NULL, 0));
	CHECK(pki_csr_create(&csr, leaf_key, expect, sans, 0));
	CHECK(pki_issue_opts_new(&opts, PKI_PROFILE_SERVER, 0));
	CHECK(pki_issue_opts_set_days(opts, 30));
	CHECK(pki_cert_issue(&leaf, csr, ca, ca_key, opts, 0));
	CHECK(pki_cert_export(&pem, &n, leaf, PKI_FORMAT_PEM, 0));
	CHECK(pki_cert_import(&parsed, pem, n, 0));
	CHECK(pki_cert_subject(&subject, parsed));
	if (strcmp(subject, expect) != 0) {
		snprintf(job->where, sizeof(job->where), "subject %s != %s", subject, expect);
		job->failures++;
		goto out;
	}
	CHECK(pki_trust_new(&trust, 0));
	CHECK(pki_trust_add_cert(trust, ca));
	CHECK(pki_verify_opts_new(&vopts, 0));
	CHECK(pki_verify_opts_set_host(vopts, host + 4));
	CHECK(pki_verify_opts_set_purpose(vopts, PKI_PURPOSE_SERVER));
	CHECK(pki_cert_verify(&result, parsed, trust, vopts, 0));
	if (!pki_verify_result_valid(result)) {
		snprintf(job->where, sizeof(job->where), "verification failed");
		job->failures++;
	}
out:
	pki_verify_result_free(result);
	pki_verify_opts_free(vopts);
	pki_trust_free(trust);
	pki_free(subject);
	pki_free(pem);
	pki_cert_free(parsed);
	pki_cert_free(leaf);
	pki_issue_opts_free(opts);
	pki_csr_free(csr);
	pki_cert_free(ca);
	pki_key_free(leaf_key);
	pki_key_free(ca_key);
}

static void *worker(void *arg)
{
	struct job *job = arg;

	for (int r = 0; r < ROUNDS && job->failures == 0; r++)
		one_round(job);
	/* The error detail is per thread: this thread's last failure is its own. */
	return NULL;
}

Test(threads, eight_threads_issue_parse_and_verify, .timeout = 300)
{
	pthread_t t[THREADS];
	struct job jobs[THREADS];

	for (int i = 0; i < THREADS; i++) {
		memset(&jobs[i], 0, sizeof(jobs[i]));
		jobs[i].index = i;
		cr_assert_eq(pthread_create(&t[i], NULL, worker, &jobs[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		cr_assert_eq(pthread_join(t[i], NULL), 0);
	for (int i = 0; i < THREADS; i++)
		cr_assert_eq(jobs[i].failures, 0, "thread %d: %s", i, jobs[i].where);
}

static void *fail_in_thread(void *arg)
{
	pki_key_t *key = NULL;
	int *ok = arg;

	*ok = pki_key_generate(&key, PKI_KEY_RSA, 512, 0) == PKI_E_WEAK &&
	      strstr(pki_error_detail(), "2048") != NULL;
	return NULL;
}

Test(threads, error_detail_is_per_thread)
{
	pthread_t t[THREADS];
	int ok[THREADS];

	for (int i = 0; i < THREADS; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, fail_in_thread, &ok[i]), 0);
	for (int i = 0; i < THREADS; i++) {
		cr_assert_eq(pthread_join(t[i], NULL), 0);
		cr_assert(ok[i], "thread %d did not see its own error detail", i);
	}
}
