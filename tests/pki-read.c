/*
 * Driver for tests/interop-read.sh: print what libpki reads from certificates and requests, and
 * write requests for other tools to check.
 *   pki-read cert FILE            JSON of the certificate (pki_cert_to_json)
 *   pki-read cert-text FILE       text dump
 *   pki-read csr FILE             JSON of the request (pki_csr_to_json)
 *   pki-read csr-text FILE        text dump
 *   pki-read csr-verify FILE      exit 0 when the request's signature verifies
 *   pki-read csr-new KEYFILE SUBJECT [SAN...]   a new request, PEM on standard output
 *   pki-read self-sign KEYFILE SUBJECT [SAN...] a self-signed CA certificate, PEM
 *   pki-read chain FILE           number of certificates, then one SHA-256 fingerprint a line
 *   pki-read san NAME             pki_san_from_string
 */
#include <pki.h>
#include <stdio.h>
#include <string.h>

static int fail(const char *what, int rc)
{
	fprintf(stderr, "pki-read: %s: %s (%s)\n", what, pki_strerror(rc), pki_error_detail());
	return 1;
}

static int print_text(char *s)
{
	fputs(s, stdout);
	if (*s && s[strlen(s) - 1] != '\n')
		putchar('\n');
	pki_free(s);
	return 0;
}

/* csr-new and self-sign: a request, or a self-signed CA certificate, for the key in the file
 * argv[2], with the subject argv[3] and the SANs after it; PEM on standard output. */
static int make_pem(const char *cmd, int argc, char **argv)
{
	pki_key_t *key;
	pki_csr_t *csr = NULL;
	pki_cert_t *cert = NULL;
	pki_issue_opts_t *opts = NULL;
	unsigned char *pem;
	size_t n;
	int rc;

	if (argc < 4) {
		fprintf(stderr, "usage: pki-read %s KEYFILE SUBJECT [SAN...]\n", cmd);
		return 2;
	}
	if ((rc = pki_key_import_file(&key, argv[2], NULL, 0)) < 0)
		return fail(argv[2], rc);
	if (strcmp(cmd, "csr-new") == 0) {
		rc = pki_csr_create(&csr, key, argv[3], argc > 4 ? (const char *const *)argv + 4 : NULL,
				    0);
	} else {
		rc = pki_issue_opts_new(&opts, PKI_PROFILE_CA, 0);
		for (int i = 4; rc >= 0 && i < argc; i++)
			rc = pki_issue_opts_add_san(opts, argv[i]);
		if (rc >= 0)
			rc = pki_cert_self_sign(&cert, key, argv[3], opts, 0);
		pki_issue_opts_free(opts);
	}
	pki_key_free(key);
	if (rc < 0)
		return fail(cmd, rc);
	rc = csr ? pki_csr_export(&pem, &n, csr, PKI_FORMAT_PEM, 0)
		 : pki_cert_export(&pem, &n, cert, PKI_FORMAT_PEM, 0);
	pki_csr_free(csr);
	pki_cert_free(cert);
	if (rc < 0)
		return fail("export", rc);
	fwrite(pem, 1, n, stdout);
	pki_free(pem);
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	char *s = NULL;
	int rc;

	if (argc < 3) {
		fprintf(stderr, "usage: pki-read cert|cert-text|csr|csr-text|csr-verify|chain FILE\n"
				"       pki-read csr-new|self-sign KEYFILE SUBJECT [SAN...]\n"
				"       pki-read san NAME\n");
		return 2;
	}
	if (strcmp(cmd, "cert") == 0 || strcmp(cmd, "cert-text") == 0) {
		pki_cert_t *cert;

		if ((rc = pki_cert_import_file(&cert, argv[2], 0)) < 0)
			return fail(argv[2], rc);
		rc = cmd[4] ? pki_cert_to_text(&s, cert, 0) : pki_cert_to_json(&s, cert, 0);
		pki_cert_free(cert);
		return rc < 0 ? fail("cert", rc) : print_text(s);
	}
	if (strcmp(cmd, "csr") == 0 || strcmp(cmd, "csr-text") == 0 ||
	    strcmp(cmd, "csr-verify") == 0) {
		pki_csr_t *csr;

		if ((rc = pki_csr_import_file(&csr, argv[2], 0)) < 0)
			return fail(argv[2], rc);
		if (strcmp(cmd, "csr-verify") == 0) {
			rc = pki_csr_verify(csr, 0);
			pki_csr_free(csr);
			return rc < 0 ? fail("verify", rc) : 0;
		}
		rc = cmd[3] ? pki_csr_to_text(&s, csr, 0) : pki_csr_to_json(&s, csr, 0);
		pki_csr_free(csr);
		return rc < 0 ? fail("csr", rc) : print_text(s);
	}
	if (strcmp(cmd, "csr-new") == 0 || strcmp(cmd, "self-sign") == 0)
		return make_pem(cmd, argc, argv);
	if (strcmp(cmd, "chain") == 0) {
		pki_chain_t *chain;
		int n;

		if ((rc = pki_chain_import_file(&chain, argv[2], 0)) < 0)
			return fail(argv[2], rc);
		n = pki_chain_count(chain);
		printf("%d\n", n);
		for (int i = 0; i < n; i++) {
			if ((rc = pki_cert_fingerprint(&s, pki_chain_get(chain, (unsigned)i), 0)) < 0) {
				pki_chain_free(chain);
				return fail("fingerprint", rc);
			}
			printf("%s\n", s);
			pki_free(s);
		}
		pki_chain_free(chain);
		return 0;
	}
	if (strcmp(cmd, "san") == 0) {
		if ((rc = pki_san_from_string(&s, argv[2], 0)) < 0)
			return fail(argv[2], rc);
		return print_text(s);
	}
	fprintf(stderr, "pki-read: unknown command %s\n", cmd);
	return 2;
}
