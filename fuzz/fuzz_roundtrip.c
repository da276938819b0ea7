/* import -> export -> import must give the same encoding, for certificates and requests. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pki_cert_t *cert = NULL, *cert2 = NULL;
	pki_csr_t *csr = NULL, *csr2 = NULL;

	/* The second import reads PEM for certificates, DER for requests. */
	if (pki_cert_import(&cert, data, size, 0) == 0)
		FUZZ_REENCODE(cert, cert, PKI_FORMAT_PEM, &cert2);
	if (pki_csr_import(&csr, data, size, 0) == 0)
		FUZZ_REENCODE(csr, csr, PKI_FORMAT_DER, &csr2);
	pki_cert_free(cert);
	pki_cert_free(cert2);
	pki_csr_free(csr);
	pki_csr_free(csr2);
	return 0;
}
