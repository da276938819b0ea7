/* CRL import, every getter, lookups and the dumps. */
#include "fuzz.h"

static int (*const getters[])(char **, const pki_crl_t *) = {
	pki_crl_issuer, pki_crl_number, pki_crl_authority_key_id, pki_crl_signature_algorithm,
};
static int (*const dumps[])(char **, const pki_crl_t *, unsigned) = {
	pki_crl_to_json, pki_crl_to_text,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pki_crl_t *crl = NULL;
	int64_t a, b;

	if (pki_crl_import(&crl, data, size, 0) != 0)
		return 0;
	FUZZ_GETTERS_AND_DUMPS(crl);
	(void)pki_crl_this_update(&a, crl);
	(void)pki_crl_next_update(&b, crl);
	int count = pki_crl_count(crl);
	for (int i = 0; i < count && i < 64; i++) {
		char *serial = NULL;
		int64_t when;

		if (pki_crl_entry(&serial, &when, crl, (unsigned)i) >= 0 && serial) {
			/* An entry's own serial is found. Hex names positive serials, so a
			 * negative one (non-conforming; its hex starts with 8-f, as a positive
			 * serial with a sign byte does) may not be, and one over RFC 5280's 20
			 * bytes is refused as an argument. */
			if (strchr("01234567", serial[0]) &&
			    pki_crl_lookup(&when, crl, serial) == PKI_E_NOT_FOUND)
				abort();
			pki_free(serial);
		}
	}
	pki_crl_free(crl);
	return 0;
}
