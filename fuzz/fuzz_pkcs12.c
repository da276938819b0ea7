/* PKCS#12 import with the corpus password: MAC check, bag decryption, key/certificate pairing. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pki_key_t *key = NULL;
	pki_cert_t *cert = NULL;
	pki_chain_t *chain = NULL;
	char *name = NULL;

	if (pki_p12_import(&key, &cert, &chain, &name, data, size, "fuzz", 0) != 0)
		return 0;
	if (key && cert && !pki_cert_matches_key(cert, key))
		abort(); /* the certificate returned is the one that matches the key */
	pki_key_free(key);
	pki_cert_free(cert);
	pki_chain_free(chain);
	pki_free(name);
	return 0;
}
