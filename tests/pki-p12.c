/*
 * A small driver for tests/interop-pkcs12.sh (the real CLI is `pki p12`): it exercises the
 * PKCS#12 API from the shell. Exit status: 0 ok, 2 usage, 10 + (-PKI_E_*) on a libpki error,
 * so a script can check for a specific code (13 = PKI_E_PARSE, 14 = PKI_E_PASSWORD_REQUIRED,
 * 15 = PKI_E_BAD_PASSWORD, 21 = PKI_E_KEY_MISMATCH, 25 = PKI_E_NOT_FOUND).
 *
 *   pki-p12 export KEY CERT CHAIN|- NAME|- PASSWORD default|legacy OUT
 *   pki-p12 import IN PASSWORD|-nopass KEY-OUT CERT-OUT [CHAIN-OUT]
 *
 * import writes the key (unencrypted PKCS#8 PEM) and the certificates (PEM), and prints
 * "name=<friendly name>" and "chain=<number of other certificates>". With PKI_P12_NO_MAC=allow
 * in the environment it passes PKI_P12_ALLOW_NO_MAC (17 = PKI_E_WEAK without it; 26 =
 * PKI_E_TOO_LARGE).
 */
#include <pki.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what, int rc)
{
	fprintf(stderr, "pki-p12: %s: %s (%s)\n", what, pki_strerror(rc), pki_error_detail());
	return 10 - rc;
}

static const char *dash_null(const char *s)
{
	return strcmp(s, "-") == 0 ? NULL : s;
}

/* Free the key, certificate and chain a command read, and return @p rc. */
static int done(int rc, pki_key_t *key, pki_cert_t *cert, pki_chain_t *chain)
{
	pki_chain_free(chain);
	pki_cert_free(cert);
	pki_key_free(key);
	return rc;
}

static int do_export(char **argv)
{
	pki_key_t *key = NULL;
	pki_cert_t *cert = NULL;
	pki_chain_t *chain = NULL;
	const char *chain_path = dash_null(argv[4]);
	unsigned flags = strcmp(argv[7], "legacy") == 0 ? PKI_P12_LEGACY : 0;
	int rc;

	if ((rc = pki_key_import_file(&key, argv[2], NULL, 0)) < 0)
		return fail("key", rc);
	if ((rc = pki_cert_import_file(&cert, argv[3], 0)) < 0)
		return done(fail("cert", rc), key, NULL, NULL);
	if (chain_path && (rc = pki_chain_import_file(&chain, chain_path, 0)) < 0) {
		rc = fail("chain", rc);
	} else {
		rc = pki_p12_save(key, cert, chain, argv[8], dash_null(argv[5]), argv[6],
				  flags | PKI_WRITE_OVERWRITE);
		rc = rc < 0 ? fail("export", rc) : 0;
	}
	return done(rc, key, cert, chain);
}

/* Write the @p n bytes at @p pem, made by an export that returned @p rc, to @p path, and free
 * them; 0, or the exit status for @p what. */
static int write_out(int rc, unsigned char *pem, size_t n, const char *path, const char *what)
{
	if (rc >= 0)
		rc = pki_file_write(path, pem, n, PKI_WRITE_OVERWRITE);
	pki_free(pem);
	return rc < 0 ? fail(what, rc) : 0;
}

static int do_import(int argc, char **argv)
{
	pki_key_t *key = NULL;
	pki_cert_t *cert = NULL;
	pki_chain_t *chain = NULL;
	unsigned char *pem = NULL;
	size_t n = 0;
	char *name = NULL;
	const char *pw = strcmp(argv[3], "-nopass") == 0 ? NULL : argv[3];
	const char *nomac = getenv("PKI_P12_NO_MAC");
	unsigned flags = nomac && strcmp(nomac, "allow") == 0 ? PKI_P12_ALLOW_NO_MAC : 0;
	int rc;

	if ((rc = pki_p12_import_file(&key, &cert, &chain, &name, argv[2], pw, flags)) < 0)
		return fail("import", rc);
	rc = pki_key_save(key, argv[4], PKI_FORMAT_PEM, NULL, PKI_WRITE_OVERWRITE);
	if (rc < 0) {
		rc = fail("key-out", rc);
	} else {
		rc = pki_cert_export(&pem, &n, cert, PKI_FORMAT_PEM, 0);
		rc = write_out(rc, pem, n, argv[5], "cert-out");
	}
	if (rc == 0 && argc > 6 && pki_chain_count(chain) > 0) {
		pem = NULL;
		rc = pki_chain_export(&pem, &n, chain, 0);
		rc = write_out(rc, pem, n, argv[6], "chain-out");
	}
	if (rc == 0)
		printf("name=%s\nchain=%d\n", name ? name : "", pki_chain_count(chain));
	pki_free(name);
	return done(rc, key, cert, chain);
}

int main(int argc, char **argv)
{
	if (argc == 9 && strcmp(argv[1], "export") == 0)
		return do_export(argv);
	if ((argc == 6 || argc == 7) && strcmp(argv[1], "import") == 0)
		return do_import(argc, argv);
	fputs("usage: pki-p12 export KEY CERT CHAIN|- NAME|- PASSWORD default|legacy OUT\n"
	      "       pki-p12 import IN PASSWORD|-nopass KEY-OUT CERT-OUT [CHAIN-OUT]\n",
	      stderr);
	return 2;
}
