/*
 * libpki — RFC 5280 6.1 certificate policies: the valid-policy graph.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Not processed yet (the valid-policy graph replaces this): policies cannot be checked, so a
 * certificate of the path with a critical policyMappings, policyConstraints or
 * inhibitAnyPolicy is rejected as having an extension the verifier does not process (fail
 * closed); non-critical ones, and certificatePolicies, are ignored.
 */
#include "verify-int.h"

#include <string.h>

void pki__policy_check(pki__vctx_t *v, const pki__path_t *path)
{
	static const char *const oids[] = { "2.5.29.33", "2.5.29.36", "2.5.29.54" };

	for (size_t i = 0; i < path->n; i++) {
		for (unsigned k = 0;; k++) {
			char oid[128];
			size_t len = sizeof(oid);
			unsigned crit = 0;
			int ret = gnutls_x509_crt_get_extension_info(path->certs[i], k, oid, &len,
								     &crit);

			if (ret < 0)
				break;
			for (size_t j = 0; crit && j < sizeof(oids) / sizeof(oids[0]); j++)
				if (strcmp(oid, oids[j]) == 0)
					pki__vreason(v, PKI_VERIFY_UNKNOWN_CRITICAL, (int)i,
						     "%s has a critical policy extension (%s), and "
						     "certificate policies are not processed",
						     path->names[i], oid);
		}
	}
}
