/* Certificate import, every getter and the dumps. */
#include "fuzz.h"

static int (*const getters[])(char **, const pki_cert_t *) = {
	pki_cert_subject, pki_cert_issuer, pki_cert_serial, pki_cert_subject_key_id,
	pki_cert_authority_key_id, pki_cert_signature_algorithm,
};
static int (*const dumps[])(char **, const pki_cert_t *, unsigned) = {
	pki_cert_fingerprint, pki_cert_to_json, pki_cert_to_text,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pki_cert_t *cert = NULL;
	pki_key_t *pub = NULL;
	int64_t nb, na;

	if (pki_cert_import(&cert, data, size, 0) != 0)
		return 0;
	FUZZ_GETTERS_AND_DUMPS(cert);
	(void)pki_cert_validity(&nb, &na, cert);
	(void)pki_cert_is_ca(cert);
	(void)pki_cert_path_len(cert);
	(void)pki_cert_key_usage(cert);
	(void)pki_cert_ext_key_usage(cert);
	int count = pki_cert_san_count(cert);
	for (int i = 0; i < count && i < 64; i++)
		FUZZ_STR(pki_cert_san(&s_, cert, (unsigned)i));
	if (pki_cert_public_key(&pub, cert) == 0) {
		(void)pki_cert_matches_key(cert, pub);
		pki_key_free(pub);
	}
	pki_cert_free(cert);
	return 0;
}
