/*
 * Thread safety: 8 threads at once, each on its own handles, generate keys, issue, encode,
 * parse and verify. Run under ThreadSanitizer with configure --enable-tsan.
 */
#include "helpers.h"
/* after helpers.h, which sets the feature macros */
#include "handles.h"

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
	struct handles h = { 0 };
	size_t n = 0;
	char host[64], expect[96];
	const char *sans[2] = { host, NULL };

	snprintf(host, sizeof(host), "DNS:t%d.example.com", job->index);
	snprintf(expect, sizeof(expect), "CN=t%d.example.com", job->index);
	CHECK(pki_key_generate(&h.ca_key, PKI_KEY_EC_P256, 0, 0));
	CHECK(pki_key_generate(&h.key, job->index % 2 ? PKI_KEY_ED25519 : PKI_KEY_EC_P256, 0, 0));
	CHECK(pki_cert_self_sign(&h.ca, h.ca_key, "CN=Thread CA", NULL, 0));
	CHECK(pki_csr_create(&h.csr, h.key, expect, sans, 0));
	CHECK(pki_issue_opts_new(&h.io, PKI_PROFILE_SERVER, 0));
	CHECK(pki_issue_opts_set_days(h.io, 30));
	CHECK(pki_cert_issue(&h.cert, h.csr, h.ca, h.ca_key, h.io, 0));
	CHECK(pki_cert_export(&h.data, &n, h.cert, PKI_FORMAT_PEM, 0));
	CHECK(pki_cert_import(&h.parsed, h.data, n, 0));
	CHECK(pki_cert_subject(&h.text, h.parsed));
	if (strcmp(h.text, expect) != 0) {
		snprintf(job->where, sizeof(job->where), "subject %s != %s", h.text, expect);
		job->failures++;
		goto out;
	}
	CHECK(pki_trust_new(&h.trust, 0));
	CHECK(pki_trust_add_cert(h.trust, h.ca, 0));
	CHECK(pki_verify_opts_new(&h.vo, 0));
	CHECK(pki_verify_opts_set_host(h.vo, host + 4));
	CHECK(pki_verify_opts_set_purpose(h.vo, PKI_PURPOSE_SERVER));
	CHECK(pki_cert_verify(&h.result, h.parsed, h.trust, h.vo, 0));
	if (!pki_verify_result_valid(h.result)) {
		snprintf(job->where, sizeof(job->where), "verification failed");
		job->failures++;
	}
out:
	release(&h, 0);
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

/*
 * One freshly issued certificate, which keeps only its signed DER until a getter decodes it
 * (cert.c: the first caller decodes and publishes with a compare-and-swap, a thread that lost
 * the race frees its copy): THREADS threads released together by a barrier each call a
 * different getter first, so the first decode races in every round; under ThreadSanitizer a
 * missing ordering or a second publisher shows. Each thread must read the same subject, SANs,
 * fingerprint and DER.
 */
#define LAZY_ROUNDS 25

struct lazy_job {
	const pki_cert_t *cert;
	pthread_barrier_t *go;
	int index;
	int failures;
	char *subject, *fpr, *san;
	size_t der_size;
	char where[128];
};

static void *read_lazy(void *arg)
{
	struct lazy_job *job = arg;
	unsigned char *der = NULL;
	char *text = NULL, **sans = NULL;
	int n = 0;

	pthread_barrier_wait(job->go);
	switch (job->index % 4) { /* the first getter differs from thread to thread */
	case 0: CHECK(pki_cert_subject(&job->subject, job->cert)); break;
	case 1: CHECK(pki_cert_fingerprint(&job->fpr, job->cert, 0)); break;
	case 2: CHECK(pki_cert_to_text(&text, job->cert, 0)); break;
	default: CHECK(pki_cert_export(&der, &job->der_size, job->cert, PKI_FORMAT_DER, 0));
	}
	if (!job->subject)
		CHECK(pki_cert_subject(&job->subject, job->cert));
	if (!job->fpr)
		CHECK(pki_cert_fingerprint(&job->fpr, job->cert, 0));
	if (!der)
		CHECK(pki_cert_export(&der, &job->der_size, job->cert, PKI_FORMAT_DER, 0));
	CHECK(n = pki_cert_sans(&sans, job->cert, 0));
	if (n != 1 || !(job->san = strdup(sans[0]))) {
		snprintf(job->where, sizeof(job->where), "%d SANs", n);
		job->failures++;
	}
	if (!pki_cert_is_ca(job->cert) && pki_cert_path_len(job->cert) != PKI_E_NOT_FOUND) {
		snprintf(job->where, sizeof(job->where), "path length of a leaf");
		job->failures++;
	}
out:
	pki_strings_free(sans);
	pki_free(text);
	pki_free(der);
	return NULL;
}

Test(threads, one_lazy_certificate_read_by_all, .timeout = 300)
{
	pki_key_t *ca_key = NULL, *key = NULL;
	pki_cert_t *ca = NULL;
	pki_issue_opts_t *opts = NULL;

	ok_(pki_key_generate(&ca_key, PKI_KEY_EC_P256, 0, 0));
	ok_(pki_key_generate(&key, PKI_KEY_EC_P256, 0, 0));
	ok_(pki_cert_self_sign(&ca, ca_key, "CN=Lazy CA", NULL, 0));
	ok_(pki_issue_opts_new(&opts, PKI_PROFILE_SERVER, 0));
	ok_(pki_issue_opts_add_san(opts, "DNS:lazy.example.com"));
	for (int r = 0; r < LAZY_ROUNDS; r++) {
		pthread_t t[THREADS];
		struct lazy_job jobs[THREADS];
		pthread_barrier_t go;
		pki_cert_t *leaf = NULL;

		ok_(pki_cert_issue_for_key(&leaf, key, "CN=lazy.example.com", ca, ca_key, opts, 0));
		cr_assert_eq(pthread_barrier_init(&go, NULL, THREADS), 0);
		for (int i = 0; i < THREADS; i++) {
			memset(&jobs[i], 0, sizeof(jobs[i]));
			jobs[i].cert = leaf;
			jobs[i].go = &go;
			jobs[i].index = i;
			cr_assert_eq(pthread_create(&t[i], NULL, read_lazy, &jobs[i]), 0);
		}
		for (int i = 0; i < THREADS; i++)
			cr_assert_eq(pthread_join(t[i], NULL), 0);
		pthread_barrier_destroy(&go);
		for (int i = 0; i < THREADS; i++) {
			struct lazy_job *job = &jobs[i];

			cr_assert_eq(job->failures, 0, "round %d thread %d: %s", r, i, job->where);
			cr_assert_str_eq(job->subject, "CN=lazy.example.com");
			cr_assert_str_eq(job->san, "DNS:lazy.example.com");
			cr_assert_str_eq(job->fpr, jobs[0].fpr);
			cr_assert_eq(job->der_size, jobs[0].der_size);
		}
		for (int i = 0; i < THREADS; i++) {
			pki_free(jobs[i].subject);
			pki_free(jobs[i].fpr);
			free(jobs[i].san);
		}
		pki_cert_free(leaf);
	}
	pki_issue_opts_free(opts);
	pki_cert_free(ca);
	pki_key_free(key);
	pki_key_free(ca_key);
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
