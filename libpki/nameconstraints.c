/*
 * libpki — RFC 5280 6.1.3 (b)/(c), 6.1.4 (g): name constraints of one path.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Today's rules (to be rewritten by the name-constraints work): every CA's name constraints,
 * as GnuTLS parses them, against the DNS, IP and rfc822 SANs of the certificates below it
 * (self-issued intermediates exempt), and GnuTLS's own check for SAN-less certificates.
 */
#include "verify-int.h"

void pki__nc_check(pki__vctx_t *v, const pki__path_t *p)
{
	static const unsigned types[] = { GNUTLS_SAN_DNSNAME, GNUTLS_SAN_IPADDRESS,
					  GNUTLS_SAN_RFC822NAME };

	for (size_t i = 1; i < p->n; i++) {
		gnutls_x509_name_constraints_t nc = NULL;
		unsigned crit = 0;

		if (gnutls_x509_name_constraints_init(&nc) < 0)
			continue;
		if (gnutls_x509_crt_get_name_constraints(p->certs[i], nc, 0, &crit) < 0) {
			gnutls_x509_name_constraints_deinit(nc);
			continue;
		}
		for (size_t j = 0; j < i; j++) {
			bool found = false;

			if (j > 0 && pki__crt_self_issued(p->certs[j]))
				continue;
			for (unsigned k = 0; !found; k++) {
				unsigned char val[512];
				size_t n = sizeof(val);
				unsigned type = 0;
				gnutls_datum_t d;
				int ret = gnutls_x509_crt_get_subject_alt_name2(p->certs[j], k, val, &n,
										&type, NULL);

				if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
					break;
				if (ret < 0)
					continue;
				if (type != GNUTLS_SAN_DNSNAME && type != GNUTLS_SAN_IPADDRESS &&
				    type != GNUTLS_SAN_RFC822NAME)
					continue;
				d.data = val;
				d.size = (unsigned)n;
				if (!gnutls_x509_name_constraints_check(nc, (gnutls_x509_subject_alt_name_t)type, &d)) {
					char s[600];

					pki__san_text(s, sizeof(s), type, val, n);
					pki__vreason(v, PKI_VERIFY_NAME_CONSTRAINTS, (int)j,
						   "name constraints violated: %s of %s is not "
						   "permitted by %s",
						   s, p->names[j], p->names[i]);
					found = true;
				}
			}
			/* GnuTLS's own check also covers the CN of SAN-less certificates. */
			for (size_t k = 0; !found && k < sizeof(types) / sizeof(types[0]); k++) {
				if (!gnutls_x509_name_constraints_check_crt(
					    nc, (gnutls_x509_subject_alt_name_t)types[k], p->certs[j])) {
					pki__vreason(v, PKI_VERIFY_NAME_CONSTRAINTS, (int)j,
						   "name constraints violated: the names of %s are "
						   "not permitted by %s",
						   p->names[j], p->names[i]);
					found = true;
				}
			}
		}
		gnutls_x509_name_constraints_deinit(nc);
	}
}

