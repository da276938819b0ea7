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

/* Start THREADS threads running @p fn, the i-th on the job at @p jobs + i * @p size, and wait
 * for them all. */
static void run_threads(void *(*fn)(void *), void *jobs, size_t size)
{
	pthread_t t[THREADS];

	for (int i = 0; i < THREADS; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, fn, (char *)jobs + (size_t)i * size), 0);
	for (int i = 0; i < THREADS; i++)
		cr_assert_eq(pthread_join(t[i], NULL), 0);
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
		struct lazy_job jobs[THREADS];
		pthread_barrier_t go;
		pki_cert_t *leaf = NULL;

		ok_(pki_cert_issue_for_key(&leaf, key, "CN=lazy.example.com", ca, ca_key, opts, 0));
		cr_assert_eq(pthread_barrier_init(&go, NULL, THREADS), 0);
		for (int i = 0; i < THREADS; i++)
			jobs[i] = (struct lazy_job){ .cert = leaf, .go = &go, .index = i };
		run_threads(read_lazy, jobs, sizeof(*jobs));
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

/*
 * One certificate handle and one CRL handle, both fresh, shared by THREADS threads released
 * together by a barrier: each reads the cached getters (all SANs at once and by index, every
 * subject and issuer attribute of the certificate, every issuer attribute of the CRL), each
 * thread starting with a different one, so the first decode of each cache races in every
 * round (dn.c, cert.c: decoded once, published with a compare-and-swap). What each thread
 * reads must be what one thread reads from its own handles of the same DER; under
 * ThreadSanitizer a publication without ordering shows.
 */
#define SHARED_ROUNDS 20

struct shared_job {
	const pki_cert_t *cert;
	const pki_crl_t *crl;
	pthread_barrier_t *go;
	int index;
	int failures;
	char seen[1024]; /* everything read, in a fixed order */
	char where[128];
};

/* Append "tag type=value;" for each attribute of one name (@p which: 0 subject, 1 issuer of
 * the certificate, 2 the CRL's issuer) to @p out. */
static int read_attrs(char *out, size_t size, const pki_cert_t *cert, const pki_crl_t *crl,
		      int which)
{
	for (unsigned i = 0;; i++) {
		char *type = NULL, *value = NULL;
		int rdn = which == 0   ? pki_cert_subject_attribute(&type, &value, cert, i)
			  : which == 1 ? pki_cert_issuer_attribute(&type, &value, cert, i)
				       : pki_crl_issuer_attribute(&type, &value, crl, i);

		if (rdn == PKI_E_NOT_FOUND)
			return 0;
		if (rdn < 0)
			return rdn;
		snprintf(out + strlen(out), size - strlen(out), "%d:%d %s=%s;", which, rdn, type,
			 value);
		pki_free(type);
		pki_free(value);
	}
}

/* Everything the shared handles' cached getters say, into @p out. */
static int read_shared(char *out, size_t size, const pki_cert_t *cert, const pki_crl_t *crl,
		       int first)
{
	char part[4][512] = { "", "", "", "" };
	char **sans = NULL;
	int n, ret = 0;

	for (int k = 0; k < 4 && ret == 0; k++) {
		int which = (first + k) % 4; /* the getter this thread calls first differs */

		if (which < 3) {
			ret = read_attrs(part[which], sizeof(part[which]), cert, crl, which);
			continue;
		}
		if ((n = ret = pki_cert_sans(&sans, cert, 0)) < 0)
			break;
		ret = 0;
		for (int i = 0; i < n; i++) {
			char *one = NULL;
			int got = pki_cert_san(&one, cert, (unsigned)i); /* >= 0: not an error */

			if (got < 0) {
				ret = got;
				break;
			}
			snprintf(part[3] + strlen(part[3]), sizeof(part[3]) - strlen(part[3]),
				 "%s=%d:%s;", sans[i], got, one);
			pki_free(one);
		}
		pki_strings_free(sans);
	}
	out[0] = '\0';
	for (int k = 0; k < 4; k++) { /* the parts in one order, '|' between them */
		size_t len = strlen(out), add = strlen(part[k]) + (k > 0);

		if (len + add >= size)
			return PKI_E_TOO_LARGE;
		if (k > 0)
			out[len++] = '|';
		memcpy(out + len, part[k], strlen(part[k]) + 1);
	}
	return ret;
}

static void *read_shared_job(void *arg)
{
	struct shared_job *job = arg;

	pthread_barrier_wait(job->go);
	CHECK(read_shared(job->seen, sizeof(job->seen), job->cert, job->crl, job->index % 4));
out:
	return NULL;
}

Test(threads, shared_certificate_and_crl_names_read_by_all, .timeout = 300)
{
	struct handles h = { 0 }; /* the CA, the leaf's key, its DER in data; the CRL's DER */
	unsigned char *crl_der = NULL;
	size_t cert_size = 0, crl_size = 0;
	char expect[1024];

	ok_(pki_key_generate(&h.ca_key, PKI_KEY_EC_P256, 0, 0));
	ok_(pki_key_generate(&h.key, PKI_KEY_EC_P256, 0, 0));
	ok_(pki_cert_self_sign(&h.ca, h.ca_key, "CN=Shared CA,OU=Names+O=Threads,C=DE", NULL, 0));
	ok_(pki_issue_opts_new(&h.io, PKI_PROFILE_SERVER, 0));
	ok_(pki_issue_opts_add_san(h.io, "DNS:a.example.com"));
	ok_(pki_issue_opts_add_san(h.io, "DNS:b.example.com"));
	ok_(pki_issue_opts_add_san(h.io, "IP:192.0.2.7"));
	ok_(pki_issue_opts_add_san(h.io, "email:c@example.com"));
	ok_(pki_cert_issue_for_key(&h.cert, h.key, "CN=a.example.com,O=Threads,L=Here", h.ca,
				   h.ca_key, h.io, 0));
	ok_(pki_cert_export(&h.data, &cert_size, h.cert, PKI_FORMAT_DER, 0));
	ok_(pki_crl_opts_new(&h.co, 0));
	ok_(pki_crl_opts_add_revoked(h.co, "1234", 1700000000, PKI_CRL_REASON_KEY_COMPROMISE));
	ok_(pki_crl_create(&h.crl, h.ca, h.ca_key, h.co, 0));
	ok_(pki_crl_export(&crl_der, &crl_size, h.crl, PKI_FORMAT_DER, 0));
	for (int r = -1; r < SHARED_ROUNDS; r++) { /* round -1: one thread, for the answer */
		struct shared_job jobs[THREADS];
		pthread_barrier_t go;
		pki_cert_t *cert = NULL;
		pki_crl_t *crl = NULL;

		ok_(pki_cert_import(&cert, h.data, cert_size, 0));
		ok_(pki_crl_import(&crl, crl_der, crl_size, 0));
		if (r < 0) {
			ok_(read_shared(expect, sizeof(expect), cert, crl, 0));
			/* attributes in DER order, the RDN numbers say which */
			cr_assert(strstr(expect, "0:0 L=Here;0:1 O=Threads;0:2 CN=a.example.com;|1:0 "
					 "C=DE;1:1 OU=Names;1:1 O=Threads;1:2 CN=Shared CA;|2:0 "
					 "C=DE;2:1 OU=Names;2:1 O=Threads;2:2 CN=Shared CA;|"
					 "DNS:a.example.com=") == expect,
				  "%s", expect);
			cr_assert(strstr(expect, "b.example.com;IP:192.0.2.7=") != NULL, "%s",
				  expect);
		} else {
			cr_assert_eq(pthread_barrier_init(&go, NULL, THREADS), 0);
			for (int i = 0; i < THREADS; i++)
				jobs[i] = (struct shared_job){ .cert = cert, .crl = crl, .go = &go,
							       .index = i };
			run_threads(read_shared_job, jobs, sizeof(*jobs));
			pthread_barrier_destroy(&go);
			for (int i = 0; i < THREADS; i++) {
				cr_assert_eq(jobs[i].failures, 0, "round %d thread %d: %s", r, i,
					     jobs[i].where);
				cr_assert_str_eq(jobs[i].seen, expect, "round %d thread %d", r, i);
			}
		}
		pki_cert_free(cert);
		pki_crl_free(crl);
	}
	pki_free(crl_der);
	release(&h, 0);
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
