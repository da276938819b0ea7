/* The RFC 4514 DN parser and the SAN / host name / IP address parsers. */
#include "fuzz.h"
#include "../libpki/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strdup(data, size), *value = NULL, *typed = NULL;
	unsigned char ip[16];
	gnutls_x509_crq_t crq;

	if (!s)
		return 0;
	if (gnutls_x509_crq_init(&crq) == 0) {
		if (pki__dn_set_crq(crq, s) == 0) {
			gnutls_datum_t dn = { NULL, 0 };

			/* what the parser accepted must encode to a DN GnuTLS can print */
			if (gnutls_x509_crq_get_dn3(crq, &dn, 0) < 0 && dn.size != 0)
				abort();
			gnutls_free(dn.data);
		}
		gnutls_x509_crq_deinit(crq);
	}
	if (pki__san_parse(s, &value) > 0)
		pki_free(value);
	if (pki_san_from_string(&typed, s, 0) > 0) {
		/* a normalised SAN must parse again */
		if (pki__san_parse(typed, &value) <= 0)
			abort();
		pki_free(value);
		pki_free(typed);
	}
	(void)pki__is_hostname(s);
	(void)pki__parse_ip(s, ip);
	free(s);
	return 0;
}
