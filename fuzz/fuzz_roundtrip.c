/* import -> export -> import must give the same encoding, for certificates and requests. */
#include "fuzz.h"

static void cert_roundtrip(const uint8_t *data, size_t size)
{
	pki_cert_t *a = NULL, *b = NULL;
	unsigned char *d1 = NULL, *d2 = NULL, *pem = NULL;
	size_t n1 = 0, n2 = 0, np = 0;

	if (pki_cert_import(&a, data, size, 0) != 0)
		return;
	if (pki_cert_export(&d1, &n1, a, PKI_FORMAT_DER, 0) != 0 ||
	    pki_cert_export(&pem, &np, a, PKI_FORMAT_PEM, 0) != 0 ||
	    pki_cert_import(&b, pem, np, 0) != 0 ||
	    pki_cert_export(&d2, &n2, b, PKI_FORMAT_DER, 0) != 0 || n1 != n2 ||
	    memcmp(d1, d2, n1) != 0)
		abort();
	pki_free(d1);
	pki_free(d2);
	pki_free(pem);
	pki_cert_free(a);
	pki_cert_free(b);
}

static void csr_roundtrip(const uint8_t *data, size_t size)
{
	pki_csr_t *a = NULL, *b = NULL;
	unsigned char *d1 = NULL, *d2 = NULL;
	size_t n1 = 0, n2 = 0;

	if (pki_csr_import(&a, data, size, 0) != 0)
		return;
	if (pki_csr_export(&d1, &n1, a, PKI_FORMAT_DER, 0) != 0 ||
	    pki_csr_import(&b, d1, n1, 0) != 0 ||
	    pki_csr_export(&d2, &n2, b, PKI_FORMAT_DER, 0) != 0 || n1 != n2 ||
	    memcmp(d1, d2, n1) != 0)
		abort();
	pki_free(d1);
	pki_free(d2);
	pki_csr_free(a);
	pki_csr_free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cert_roundtrip(data, size);
	csr_roundtrip(data, size);
	return 0;
}
