/* Request import, every getter, verification and the dumps. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pki_csr_t *csr = NULL;
	pki_key_t *pub = NULL;
	int count;

	if (pki_csr_import(&csr, data, size, 0) != 0)
		return 0;
	(void)pki_csr_verify(csr, 0);
	FUZZ_STR(pki_csr_subject(&s_, csr));
	FUZZ_STR(pki_csr_signature_algorithm(&s_, csr));
	FUZZ_STR(pki_csr_to_json(&s_, csr, 0));
	FUZZ_STR(pki_csr_to_text(&s_, csr, 0));
	count = pki_csr_san_count(csr);
	for (int i = 0; i < count && i < 64; i++)
		FUZZ_STR(pki_csr_san(&s_, csr, (unsigned)i));
	if (pki_csr_public_key(&pub, csr) == 0)
		pki_key_free(pub);
	pki_csr_free(csr);
	return 0;
}
