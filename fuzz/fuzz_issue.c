/*
 * Issuance from a hostile request: import the CSR, issue it with a fixed CA (made once), export
 * the certificate, import it again (same DER), and dump it as JSON (which must parse).
 */
#include "fuzz.h"

static pki_key_t *ca_key;
static pki_cert_t *ca;

static void setup(void)
{
	if (ca)
		return;
	if (pki_key_generate(&ca_key, PKI_KEY_EC_P256, 0, 0) != 0 ||
	    pki_cert_self_sign(&ca, ca_key, "CN=Fuzz CA", NULL, 0) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pki_csr_t *csr = NULL;
	pki_cert_t *cert = NULL, *again = NULL;
	pki_issue_opts_t *opts = NULL;
	char *json = NULL;

	setup();
	if (size < 1 || pki_csr_import(&csr, data + 1, size - 1, 0) != 0)
		return 0;
	/* The first byte picks the profile (1..5), as a caller would. */
	if (pki_issue_opts_new(&opts, (pki_profile_t)(1 + data[0] % 5), 0) == 0 &&
	    pki_cert_issue(&cert, csr, ca, ca_key, opts, 0) == 0) {
		FUZZ_REENCODE(cert, cert, PKI_FORMAT_DER, &again);
		if (pki_cert_to_json(&json, again, 0) == 0)
			fuzz_check_json(json);
	}
	pki_free(json);
	pki_cert_free(again);
	pki_cert_free(cert);
	pki_issue_opts_free(opts);
	pki_csr_free(csr);
	return 0;
}
