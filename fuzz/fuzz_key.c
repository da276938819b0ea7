/* Key import, without and with a password; a parsed key must export and re-import. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pki_key_t *key = NULL, *back = NULL;
	unsigned char *out = NULL;
	size_t n = 0;
	char *id = NULL, *json = NULL;

	/* Odd first byte: try with a password (decryption paths), else without. */
	const char *password = size && (data[0] & 1) ? "fuzz" : NULL;

	if (pki_key_import(&key, data, size, password, 0) != 0)
		return 0;
	(void)pki_key_type(key);
	(void)pki_key_bits(key);
	(void)pki_key_curve(key);
	if (pki_key_id(&id, key, PKI_KEY_ID_SHA256, 0) == 0)
		pki_free(id);
	if (pki_key_to_json(&json, key, 0) == 0)
		pki_free(json);
	if (pki_key_export_public(&out, &n, key, PKI_FORMAT_DER, 0) == 0) {
		if (pki_key_import(&back, out, n, NULL, 0) != 0 || !pki_key_equal(key, back))
			abort(); /* what libpki writes, libpki must read */
		pki_key_free(back);
		pki_free(out);
	}
	pki_key_free(key);
	return 0;
}
