/*
 * CRL creation from hostile entries: the input is split into lines "SERIAL TIME REASON" (the
 * serial any text, the time and reason parsed loosely), plus a CRL number and validity from the
 * first line; whatever is accepted is signed by a fixed CA, exported, imported again (the same
 * DER and entry count) and dumped as JSON (which must parse).
 */
#include "fuzz.h"

#include <stdio.h>

static pki_key_t *ca_key;
static pki_cert_t *ca;

static void setup(void)
{
	pki_issue_opts_t *opts = NULL;

	if (ca)
		return;
	if (pki_key_generate(&ca_key, PKI_KEY_EC_P256, 0, 0) != 0 ||
	    pki_issue_opts_new(&opts, PKI_PROFILE_CA, 0) != 0 ||
	    pki_cert_self_sign(&ca, ca_key, "CN=Fuzz CRL CA", opts, 0) != 0)
		abort();
	pki_issue_opts_free(opts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pki_crl_opts_t *opts = NULL;
	pki_crl_t *crl = NULL, *again = NULL;
	char *text, *line, *save = NULL, *json = NULL;
	int added = 0, first = 1;

	setup();
	if (size > 4096 || !(text = fuzz_strdup(data, size)))
		return 0;
	if (pki_crl_opts_new(&opts, 0) != 0)
		abort();
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char serial[128] = "";
		long long t = 0, u = 0;
		int reason = 0;

		if (first) {
			first = 0;
			/* "number THIS NEXT" or "days N" */
			if (sscanf(line, "number %127s %lld %lld", serial, &t, &u) >= 1) {
				(void)pki_crl_opts_set_number(opts, serial);
				if (t || u)
					(void)pki_crl_opts_set_validity(opts, t, u);
				continue;
			}
			if (sscanf(line, "days %lld", &t) == 1) {
				(void)pki_crl_opts_set_days(opts, (unsigned)t);
				continue;
			}
		}
		if (sscanf(line, "%127s %lld %d", serial, &t, &reason) >= 1 &&
		    pki_crl_opts_add_revoked(opts, serial, t, reason) == 0)
			added++;
	}
	if (pki_crl_create(&crl, ca, ca_key, opts, 0) == 0) {
		if (pki_crl_count(crl) != added)
			abort();
		FUZZ_REENCODE(crl, crl, PKI_FORMAT_DER, &again);
		if (pki_crl_count(again) != added)
			abort();
		if (pki_crl_to_json(&json, again, 0) == 0)
			fuzz_check_json(json);
	}
	pki_free(json);
	pki_crl_free(again);
	pki_crl_free(crl);
	pki_crl_opts_free(opts);
	free(text);
	return 0;
}
