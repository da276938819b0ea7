/*
 * A small driver for the interop scripts (the real CLI is tools/pki): it exercises the key
 * API from the shell. Exit status: 0 ok, 2 usage, 10 + (-PKI_E_*) on a libpki error, so a
 * script can check for a specific code (e.g. 15 = PKI_E_BAD_PASSWORD).
 *
 *   pki-keytool gen TYPE OUT [pem|der] [PASSWORD]   generate and save a key
 *   pki-keytool info IN [PASSWORD]                  print "TYPE BITS CURVE SHA256-ID SHA1-ID"
 *   pki-keytool pub IN [PASSWORD]                   print the public key (PEM)
 *   pki-keytool convert IN OUT pem|der [INPASS [OUTPASS]]
 */
#include <pki.h>
#include <stdio.h>
#include <string.h>

static int fail(const char *what, int rc)
{
	fprintf(stderr, "pki-keytool: %s: %s (%s)\n", what, pki_strerror(rc), pki_error_detail());
	return 10 - rc;
}

static pki_format_t fmt(const char *s)
{
	return s && strcmp(s, "der") == 0 ? PKI_FORMAT_DER : PKI_FORMAT_PEM;
}

int main(int argc, char **argv)
{
	pki_key_t *key = NULL;
	int rc = 0;

	if (argc < 3)
		return 2;
	if (strcmp(argv[1], "gen") == 0 && argc >= 4) {
		int type = pki_key_type_from_name(argv[2]);

		if (type < 0)
			return fail("type", type);
		if ((rc = pki_key_generate(&key, type, 0, 0)) < 0)
			return fail("generate", rc);
		rc = pki_key_save(key, argv[3], fmt(argc > 4 ? argv[4] : NULL),
				  argc > 5 ? argv[5] : NULL, 0);
		pki_key_free(key);
		return rc < 0 ? fail("save", rc) : 0;
	}
	if ((rc = pki_key_import_file(&key, argv[2], argc > 3 && strcmp(argv[1], "convert") != 0
							    ? argv[3] : (argc > 5 ? argv[5] : NULL), 0)) < 0)
		return fail("import", rc);
	if (strcmp(argv[1], "info") == 0) {
		char *id256 = NULL, *id1 = NULL;

		if ((rc = pki_key_id(&id256, key, PKI_KEY_ID_SHA256, 0)) == 0 &&
		    (rc = pki_key_id(&id1, key, PKI_KEY_ID_SHA1, 0)) == 0)
			printf("%s %d %s %s %s\n", pki_key_algorithm(key), pki_key_bits(key),
			       pki_key_curve(key) ? pki_key_curve(key) : "-", id256, id1);
		pki_free(id256);
		pki_free(id1);
	} else if (strcmp(argv[1], "pub") == 0) {
		unsigned char *pem = NULL;
		size_t n = 0;

		if ((rc = pki_key_export_public(&pem, &n, key, PKI_FORMAT_PEM, 0)) == 0)
			fwrite(pem, 1, n, stdout);
		pki_free(pem);
	} else if (strcmp(argv[1], "convert") == 0 && argc >= 5) {
		rc = pki_key_save(key, argv[3], fmt(argv[4]), argc > 6 ? argv[6] : NULL, 0);
	} else {
		pki_key_free(key);
		return 2;
	}
	pki_key_free(key);
	return rc < 0 ? fail(argv[1], rc) : 0;
}
