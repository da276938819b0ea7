/*
 * Generate an ECDSA P-256 key, save it encrypted (PBES2/AES-256, mode 0600), read it back
 * with the password and check it is the same key.
 *
 *   keygen FILE [PASSWORD]      (PASSWORD defaults to the PKI_PASSWORD environment variable)
 */
#include <pki.h>
#include <stdio.h>
#include <stdlib.h>

static int die(const char *what, int rc)
{
	fprintf(stderr, "keygen: %s: %s (%s)\n", what, pki_strerror(rc), pki_error_detail());
	return 1;
}

int main(int argc, char **argv)
{
	pki_key_t *key = NULL, *back = NULL;
	const char *password;
	char *id = NULL;
	int rc;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: keygen FILE [PASSWORD]\n");
		return 2;
	}
	password = argc == 3 ? argv[2] : getenv("PKI_PASSWORD");
	if (!password || !*password) {
		fprintf(stderr, "keygen: give a password as argument or in PKI_PASSWORD\n");
		return 2;
	}
	if ((rc = pki_key_generate(&key, PKI_KEY_EC_P256, 0, 0)) < 0)
		return die("generate", rc);
	if ((rc = pki_key_save(key, argv[1], PKI_FORMAT_PEM, password, 0)) < 0) {
		pki_key_free(key);
		return die("save", rc);
	}
	if ((rc = pki_key_import_file(&back, argv[1], password, 0)) < 0) {
		pki_key_free(key);
		return die("read back", rc);
	}
	if (!pki_key_equal(key, back)) {
		fprintf(stderr, "keygen: the key read back differs\n");
		rc = -1;
	} else if ((rc = pki_key_id(&id, back, PKI_KEY_ID_SHA256, 0)) == 0) {
		printf("wrote %s: %s key, %d bits, encrypted; SHA-256 of public key %s\n", argv[1],
		       pki_key_curve(back), pki_key_bits(back), id);
	}
	pki_free(id);
	pki_key_free(key);
	pki_key_free(back);
	return rc < 0 ? 1 : 0;
}
