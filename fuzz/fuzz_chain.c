/* PEM bundle import: every certificate of a chain is readable, and the chain re-exports. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pki_chain_t *chain = NULL, *back = NULL;
	unsigned char *out = NULL;
	size_t n = 0;
	int count;

	if (pki_chain_import(&chain, data, size, 0) != 0)
		return 0;
	count = pki_chain_count(chain);
	for (int i = 0; i < count; i++)
		FUZZ_STR(pki_cert_subject(&s_, pki_chain_get(chain, (unsigned)i)));
	if (pki_chain_get(chain, (unsigned)count) != NULL)
		abort();
	if (pki_chain_export(&out, &n, chain, 0) == 0) {
		if (pki_chain_import(&back, out, n, 0) != 0 || pki_chain_count(back) != count)
			abort();
		pki_chain_free(back);
		pki_free(out);
	}
	pki_chain_free(chain);
	return 0;
}
