/*
 * Chain verification from one input: byte 0 chooses the options (purpose, CRL checking, host,
 * profile, depth), byte 1 which of the first eight certificates are trust anchors (the others
 * are untrusted intermediates; certificate 0 is the target), the rest is a PEM bundle of
 * certificates and CRLs. A verification must finish (bounded work), and its result must
 * describe itself.
 */
#include "fuzz.h"

#include <gnutls/x509.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pki_chain_t *chain = NULL, *untrusted = NULL;
	pki_trust_t *trust = NULL;
	pki_verify_opts_t *opts = NULL;
	pki_verify_result_t *r = NULL;
	gnutls_x509_crl_t *crls = NULL;
	unsigned ncrls = 0;
	gnutls_datum_t d;
	char *out = NULL;
	int count;

	if (size < 3)
		return 0;
	if (pki_chain_import(&chain, data + 2, size - 2, 0) != 0)
		return 0;
	count = pki_chain_count(chain);
	if (count < 1 || pki_trust_new(&trust, 0) != 0 || pki_verify_opts_new(&opts, 0) != 0 ||
	    pki_chain_new(&untrusted, 0) != 0)
		goto out;
	for (int i = 1; i < count; i++) {
		const pki_cert_t *c = pki_chain_get(chain, (unsigned)i);

		if (i < 9 && (data[1] >> (i - 1) & 1))
			pki_trust_add_cert(trust, c, 0);
		else
			pki_chain_add(untrusted, c, 0);
	}
	if (data[1] == 0xff)
		pki_trust_add_cert(trust, pki_chain_get(chain, 0), 0);
	pki_verify_opts_add_untrusted(opts, untrusted);
	/* every CRL of the input */
	d.data = (unsigned char *)data + 2;
	d.size = (unsigned)(size - 2);
	if (gnutls_x509_crl_list_import2(&crls, &ncrls, &d, GNUTLS_X509_FMT_PEM, 0) >= 0) {
		for (unsigned i = 0; i < ncrls; i++) {
			gnutls_datum_t der = { NULL, 0 };
			pki_crl_t *crl = NULL;

			if (gnutls_x509_crl_export2(crls[i], GNUTLS_X509_FMT_DER, &der) == 0 &&
			    pki_crl_import(&crl, der.data, der.size, 0) == 0)
				pki_trust_add_crl(trust, crl, 0);
			pki_crl_free(crl);
			gnutls_free(der.data);
			gnutls_x509_crl_deinit(crls[i]);
		}
		gnutls_free(crls);
	}
	pki_verify_opts_set_purpose(opts, (pki_purpose_t)(data[0] % 3));
	pki_verify_opts_set_crl_check(opts, (pki_crl_check_t)((data[0] >> 2) % 3));
	if (data[0] & 0x10)
		pki_verify_opts_set_host(opts, "www.example.com");
	if (data[0] & 0x20)
		pki_verify_opts_set_profile(opts, PKI_VERIFY_PROFILE_WEBPKI);
	if (data[0] & 0x40)
		pki_verify_opts_set_max_depth(opts, 64);
	if (data[0] & 0x80)
		pki_verify_opts_set_time(opts, 1700000000);
	if (pki_cert_verify(&r, pki_chain_get(chain, 0), trust, opts, 0) == 0) {
		int n = pki_verify_result_reason_count(r);

		if (pki_verify_result_valid(r) != (n == 0))
			abort();
		for (int i = 0; i < n; i++) {
			const char *msg = NULL;

			if (pki_verify_result_reason(&msg, NULL, r, (unsigned)i) <= 0 || !msg)
				abort();
		}
		if (pki_verify_result_to_json(&out, r, 0) == 0)
			pki_free(out);
		if (pki_verify_result_to_text(&out, r, 0) == 0)
			pki_free(out);
	}
out:
	pki_verify_result_free(r);
	pki_verify_opts_free(opts);
	pki_chain_free(untrusted);
	pki_trust_free(trust);
	pki_chain_free(chain);
	return 0;
}
