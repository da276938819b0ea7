/*
 * The handles one piece of test code may hold, freed in one place (the interop drivers
 * tests/pki-issue.c and tests/pki-verify.c, one per command; tests/test_threads.c, one per
 * round; a flags test of tests/test_common.c), and what the two drivers share: the reading of
 * a CA certificate with its key and the lists of repeatable options. Plain C, no Criterion:
 * the drivers report through exit statuses and stderr.
 */
#ifndef PKI_TEST_HANDLES_H
#define PKI_TEST_HANDLES_H

#include <pki.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* How many times a repeatable option (--ca, --crl, --permit, ...) may be given. */
enum { MAX_LIST = 16 };

/* Append @p v to @p list of *@p n entries; false when it already holds MAX_LIST. */
static inline bool push(const char **list, int *n, const char *v)
{
	if (*n >= MAX_LIST)
		return false;
	list[(*n)++] = v;
	return true;
}

/* The handles of one command or round, NULL until it makes them; release frees them all. */
struct handles {
	pki_key_t *key, *ca_key;
	pki_cert_t *cert, *ca, *parsed; /* parsed: a certificate read back */
	pki_csr_t *csr;
	pki_issue_opts_t *io;
	pki_trust_t *trust;
	pki_verify_opts_t *vo;
	pki_verify_result_t *result;
	pki_chain_t *untrusted;
	pki_crl_opts_t *co;
	pki_crl_t *crl;
	unsigned char *data;
	char *text;
};

/* Free every handle of @p h and return @p status (`return release(&h, status);`). */
static inline int release(struct handles *h, int status)
{
	pki_free(h->text);
	pki_free(h->data);
	pki_crl_free(h->crl);
	pki_crl_opts_free(h->co);
	pki_chain_free(h->untrusted);
	pki_verify_result_free(h->result);
	pki_verify_opts_free(h->vo);
	pki_trust_free(h->trust);
	pki_issue_opts_free(h->io);
	pki_csr_free(h->csr);
	pki_cert_free(h->parsed);
	pki_cert_free(h->ca);
	pki_cert_free(h->cert);
	pki_key_free(h->ca_key);
	pki_key_free(h->key);
	memset(h, 0, sizeof(*h));
	return status;
}

/*
 * The CA certificate of @p cert_path and its key of @p key_path into h->ca and h->ca_key;
 * 0, or the negative code with *@p failed naming the file that could not be read.
 */
static inline int load_ca(struct handles *h, const char *cert_path, const char *key_path,
			  const char **failed)
{
	int rc = pki_cert_import_file(&h->ca, cert_path, 0);

	*failed = cert_path;
	if (rc >= 0) {
		*failed = key_path;
		rc = pki_key_import_file(&h->ca_key, key_path, NULL, 0);
	}
	return rc;
}

#endif
