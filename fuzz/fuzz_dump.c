/*
 * Text and JSON dumps of every object libpki reads: whatever the input, the JSON parses
 * (a strict checker in fuzz.h) and the text holds no raw control character but newlines.
 */
#include "fuzz.h"

#define DUMP(obj, to_json, to_text)                                                    \
	do {                                                                           \
		char *j_ = NULL, *t_ = NULL;                                           \
		if (to_json(&j_, obj, 0) == 0)                                         \
			fuzz_check_json(j_);                                           \
		if (to_text(&t_, obj, 0) == 0)                                         \
			fuzz_check_text(t_);                                           \
		pki_free(j_);                                                          \
		pki_free(t_);                                                          \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pki_cert_t *cert = NULL;
	pki_csr_t *csr = NULL;
	pki_crl_t *crl = NULL;
	pki_key_t *key = NULL;

	if (pki_cert_import(&cert, data, size, 0) == 0) {
		DUMP(cert, pki_cert_to_json, pki_cert_to_text);
		pki_cert_free(cert);
	}
	if (pki_csr_import(&csr, data, size, 0) == 0) {
		DUMP(csr, pki_csr_to_json, pki_csr_to_text);
		pki_csr_free(csr);
	}
	if (pki_crl_import(&crl, data, size, 0) == 0) {
		DUMP(crl, pki_crl_to_json, pki_crl_to_text);
		pki_crl_free(crl);
	}
	if (pki_key_import(&key, data, size, NULL, 0) == 0) {
		char *j = NULL;

		if (pki_key_to_json(&j, key, 0) == 0)
			fuzz_check_json(j);
		pki_free(j);
		pki_key_free(key);
	}
	return 0;
}
