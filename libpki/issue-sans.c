/*
 * libpki — the names of an issued certificate: the request's subjectAltName names validated
 * again, the options' names, a TLS certificate's host-name CN, and the subject/SAN rules of
 * RFC 5280 4.2.1.6 and RFC 8550 3.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "internal.h"

#include "issue-int.h"

#include <gnutls/x509-ext.h>

#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

/* The SANs written so far, to skip duplicates between the request and the options. */
struct san_set {
	struct san_entry *v;
	size_t n, cap;
};

static void san_set_free(struct san_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		pki_free(s->v[i].value);
	pki_free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

/* Add one validated SAN (type, normalised value) to @p crt unless it is already there. */
static int add_san(gnutls_x509_crt_t crt, struct san_set *set, int type, const char *value)
{
	char *copy;
	int ret;

	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].type == type &&
		    (type == PKI_SAN_DNS ? strcasecmp(set->v[i].value, value)
					 : strcmp(set->v[i].value, value)) == 0)
			return 0;
	(void)crt; /* written once, by write_sans() */
	copy = pki__strdup(value);
	if (!copy)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	if ((ret = pki__issue_san_append(&set->v, &set->n, &set->cap, type, copy)) < 0)
		pki_free(copy);
	return ret;
}

/*
 * Write every SAN at once: adding them one by one makes GnuTLS decode and re-encode the
 * extension for each name (half of libpki's own cost per issuance, measured by bench/).
 */
static int write_sans(gnutls_x509_crt_t crt, const struct san_set *set)
{
	char **values;
	int *types;
	int ret;

	if (set->n == 0)
		return 0;
	values = pki__zalloc(set->n * sizeof(*values));
	types = pki__zalloc(set->n * sizeof(*types));
	if (!values || !types) {
		pki_free(values);
		pki_free(types);
		return pki__fail(PKI_E_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < set->n; i++) {
		values[i] = set->v[i].value;
		types[i] = set->v[i].type;
	}
	ret = pki__sans_set_crt(crt, values, types, set->n);
	pki_free(values);
	pki_free(types);
	return ret;
}

/* Validate "PREFIX:value" with the names module and add it. */
static int add_typed_san(gnutls_x509_crt_t crt, struct san_set *set, const char *prefix,
			 const char *value, size_t vlen)
{
	size_t plen = strlen(prefix);
	char *typed, *norm = NULL;
	int type, ret;

	if (memchr(value, '\0', vlen))
		return pki__fail(PKI_E_INVALID_NAME,
				 "the request has a %s name with an embedded NUL byte", prefix);
	typed = pki__malloc(plen + 1 + vlen + 1);
	if (!typed)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	memcpy(typed, prefix, plen);
	typed[plen] = ':';
	memcpy(typed + plen + 1, value, vlen);
	typed[plen + 1 + vlen] = '\0';
	type = pki__san_parse(typed, &norm);
	pki_free(typed);
	if (type < 0)
		return type;
	ret = add_san(crt, set, type, norm);
	pki_free(norm);
	return ret;
}

/* Add every name of @p sans (a decoded subjectAltName of the request), each validated again. */
static int copy_san_list(gnutls_x509_crt_t crt, gnutls_subject_alt_names_t sans,
			 struct san_set *set)
{
	int ret = 0;

	for (unsigned i = 0;; i++) {
		gnutls_datum_t san = { NULL, 0 }, oid = { NULL, 0 };
		unsigned type = 0;
		char ip[INET6_ADDRSTRLEN];

		ret = gnutls_subject_alt_names_get(sans, i, &type, &san, &oid);
		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			return 0;
		if (ret < 0)
			return pki__fail_gnutls(PKI_E_PARSE, ret, "cannot read the request's "
								  "subject alternative names");
		switch (type) {
		case GNUTLS_SAN_DNSNAME:
			ret = add_typed_san(crt, set, "DNS", (const char *)san.data, san.size);
			break;
		case GNUTLS_SAN_RFC822NAME:
			ret = add_typed_san(crt, set, "email", (const char *)san.data, san.size);
			break;
		case GNUTLS_SAN_URI:
			ret = add_typed_san(crt, set, "URI", (const char *)san.data, san.size);
			break;
		case GNUTLS_SAN_IPADDRESS:
			if ((san.size != 4 && san.size != 16) ||
			    !inet_ntop(san.size == 4 ? AF_INET : AF_INET6, san.data, ip,
				       sizeof(ip))) {
				ret = pki__fail(PKI_E_INVALID_NAME,
						"the request has an IP address SAN of %u bytes",
						san.size);
				break;
			}
			ret = add_typed_san(crt, set, "IP", ip, strlen(ip));
			break;
		default:
			ret = pki__fail(PKI_E_UNSUPPORTED,
					"the request asks for a subject alternative name of a type "
					"libpki does not issue (GeneralName type %u); only DNS, IP, "
					"email and URI names are copied",
					type);
			break;
		}
		if (ret < 0)
			return ret;
	}
}

/*
 * Copy the SANs of the request: only the subjectAltName extension is taken from it, and
 * each name is validated again; never the CA flag, key usage or any other extension.
 * @p decoded is the request handle's list, decoded when it was made (pki__x509_adopt): used
 * as it is when it decoded; otherwise (NULL, or a status) the extension is decoded here, to
 * say why it cannot be read.
 */
static int copy_request_sans(gnutls_x509_crt_t crt, gnutls_x509_crq_t crq,
			     const pki__sans_t *decoded, struct san_set *set)
{
	gnutls_datum_t der = { NULL, 0 };
	gnutls_subject_alt_names_t sans = NULL;
	unsigned critical = 0;
	int ret;

	if (decoded && decoded->status == 0)
		return decoded->list ? copy_san_list(crt, decoded->list, set) : 0;
	ret = gnutls_x509_crq_get_extension_by_oid2(crq, GNUTLS_X509EXT_OID_SAN, 0, &der,
						    &critical);
	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return 0;
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE), ret,
					"cannot read the request's subjectAltName extension");
	ret = gnutls_subject_alt_names_init(&sans);
	if (ret < 0) {
		gnutls_free(der.data);
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "out of memory");
	}
	ret = gnutls_x509_ext_import_subject_alt_names(&der, sans, 0);
	gnutls_free(der.data);
	if (ret < 0)
		ret = pki__fail_gnutls(PKI_E_PARSE, ret,
				       "the request's subjectAltName extension is malformed");
	else
		ret = copy_san_list(crt, sans, set);
	gnutls_subject_alt_names_deinit(sans);
	return ret;
}

/* True when the certificate's subject DN has at least one attribute. */
static bool has_subject(gnutls_x509_crt_t crt)
{
	char oid[128];
	size_t size = sizeof(oid);
	int ret = gnutls_x509_crt_get_dn_oid(crt, 0, oid, &size);

	return ret >= 0 || ret == GNUTLS_E_SHORT_MEMORY_BUFFER;
}

/*
 * Browsers and Go ignore the CN: a server/client certificate without SANs whose CN is a
 * host name or an IP address gets that name as a SAN too.
 */
static int cn_as_san(gnutls_x509_crt_t crt, struct san_set *set)
{
	unsigned char ipbuf[16];
	char cn[256];
	size_t size = sizeof(cn);
	int ret = gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, cn, &size);

	if (ret < 0 || size >= sizeof(cn) || strlen(cn) != size)
		return 0; /* no CN, or one that cannot be a host name anyway */
	if (pki__parse_ip(cn, ipbuf) > 0)
		return add_typed_san(crt, set, "IP", cn, size);
	if (pki__is_hostname(cn))
		return add_typed_san(crt, set, "DNS", cn, size);
	return 0;
}

/* An S/MIME certificate names its mailbox in the SAN (RFC 8550 3): mail clients match it. */
static int check_email_san(const struct san_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].type == PKI_SAN_EMAIL)
			return 0;
	return pki__fail(PKI_E_INVALID_NAME,
			 "an email (S/MIME) certificate needs an email address among its subject "
			 "alternative names (email:user@example.com)");
}

/* RFC 5280 4.2.1.6: with an empty subject, the SAN extension must be critical. */
static int make_san_critical(gnutls_x509_crt_t crt)
{
	gnutls_datum_t der = { NULL, 0 };
	unsigned critical = 0;
	int ret = gnutls_x509_crt_get_extension_by_oid2(crt, GNUTLS_X509EXT_OID_SAN, 0, &der,
						       &critical);

	if (ret < 0)
		return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot read back the SAN extension");
	if (!critical)
		ret = gnutls_x509_crt_set_extension_by_oid(crt, GNUTLS_X509EXT_OID_SAN, der.data,
							   der.size, 1);
	gnutls_free(der.data);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot mark the SAN extension critical");
	return 0;
}

int pki__issue_sans(gnutls_x509_crt_t crt, gnutls_x509_crq_t crq, const pki__sans_t *crq_sans,
		    const pki_issue_opts_t *o, bool self_signed)
{
	struct san_set set = { NULL, 0, 0 };
	int ret = 0;

	if (crq && (ret = copy_request_sans(crt, crq, crq_sans, &set)) < 0)
		goto out;
	for (size_t i = 0; i < o->n_sans; i++)
		if ((ret = add_san(crt, &set, o->sans[i].type, o->sans[i].value)) < 0)
			goto out;
	if (pki__is_tls_profile(o->profile) && set.n == 0 && (ret = cn_as_san(crt, &set)) < 0)
		goto out;
	if (o->profile == PKI_PROFILE_EMAIL && (ret = check_email_san(&set)) < 0)
		goto out;
	if ((ret = write_sans(crt, &set)) < 0)
		goto out;
	if (!has_subject(crt)) {
		if (pki__is_ca_profile(o->profile) || self_signed) {
			ret = pki__fail(PKI_E_INVALID_NAME, "a %s certificate needs a non-empty subject",
					self_signed ? "self-signed" : "CA");
			goto out;
		}
		if (set.n == 0) {
			ret = pki__fail(PKI_E_INVALID_NAME,
					"the certificate would have neither a subject nor a "
					"subject alternative name");
			goto out;
		}
		ret = make_san_critical(crt);
	}
out:
	san_set_free(&set);
	return ret;
}
