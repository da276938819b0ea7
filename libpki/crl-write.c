/*
 * libpki — creating and signing CRLs: options, the DER writer (libtasn1), the signature.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "crl-int.h"
#include "verify-int.h"
#include "work-int.h"

#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------------------------------------- */
/* Creating                                                                                  */

typedef struct {
	unsigned char serial[21];
	size_t serial_len;
	int64_t revoked_at;
	int reason;
} opt_entry_t;

struct pki_crl_opts {
	opt_entry_t *entries;
	size_t count, cap;
	/* The entries' serials as an open-addressing set (entry index + 1; 0: empty), a power of
	 * two at most half full: add_entry's duplicate check without a pass over every entry. */
	uint32_t *slots;
	size_t nslots;
	int64_t this_update, next_update; /* -1: not set */
	unsigned days;
	unsigned char number[21];
	size_t number_len; /* 0: default */
};

int pki_crl_opts_new(pki_crl_opts_t **out, unsigned flags)
{
	pki_crl_opts_t *o;
	int ret;

	if ((ret = PKI__ENTER_OUT(out, flags, 0)) < 0)
		return ret;
	if (!(o = pki__zalloc(sizeof(*o))))
		return pki__fail(PKI_E_NOMEM, "out of memory");
	o->this_update = o->next_update = -1;
	o->days = PKI_DEFAULT_CRL_DAYS;
	*out = o;
	return 0;
}

void pki_crl_opts_free(pki_crl_opts_t *opts)
{
	if (!opts)
		return;
	pki_free(opts->entries);
	pki_free(opts->slots);
	pki_free(opts);
}

/* The slot of the serial @p s (@p len bytes): the one holding it, or the empty one where it
 * goes. FNV-1a, linear probing; the set is never full. */
static uint32_t *serial_slot(const pki_crl_opts_t *opts, const unsigned char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t mask = opts->nslots - 1, i;

	for (size_t k = 0; k < len; k++)
		h = (h ^ s[k]) * 16777619u;
	for (i = h & mask;; i = (i + 1) & mask) {
		uint32_t v = opts->slots[i];

		if (v == 0 || (opts->entries[v - 1].serial_len == len &&
			       memcmp(opts->entries[v - 1].serial, s, len) == 0))
			return &opts->slots[i];
	}
}

/* Room in the serial set for one more entry: twice the slots, rehashed, when it would be
 * more than half full. */
static int reserve_slots(pki_crl_opts_t *opts)
{
	uint32_t *old = opts->slots;
	size_t n = opts->nslots ? opts->nslots * 2 : 64, oldn = opts->nslots;

	if (2 * (opts->count + 1) <= opts->nslots)
		return 0;
	if (!(opts->slots = pki__zalloc(n * sizeof(*opts->slots)))) {
		opts->slots = old;
		return pki__fail(PKI_E_NOMEM, "out of memory");
	}
	opts->nslots = n;
	for (size_t i = 0; i < oldn; i++)
		if (old[i])
			*serial_slot(opts, opts->entries[old[i] - 1].serial,
				     opts->entries[old[i] - 1].serial_len) = old[i];
	pki_free(old);
	return 0;
}

static int add_entry(pki_crl_opts_t *opts, const unsigned char *s, size_t len, int64_t when,
		     int reason, const char *shown)
{
	opt_entry_t *ne;
	int ret = 0;

	if (!pki_crl_reason_name(reason))
		return pki__fail(PKI_E_INVALID_ARG, "unknown revocation reason %d", reason);
	if (opts->count >= PKI_CRL_MAX_ENTRIES)
		return pki__fail(PKI_E_TOO_LARGE, "a CRL has at most %d entries (PKI_CRL_MAX_ENTRIES)",
				 PKI_CRL_MAX_ENTRIES);
	if (opts->nslots && *serial_slot(opts, s, len))
		return pki__fail(PKI_E_INVALID_ARG, "serial %s is already in the CRL", shown);
	ne = pki__grow(opts->entries, &opts->cap, opts->count, sizeof(*ne), PKI_CRL_MAX_ENTRIES,
		       "CRL entries", &ret);
	if (!ne)
		return ret;
	opts->entries = ne;
	if ((ret = reserve_slots(opts)) < 0)
		return ret;
	*serial_slot(opts, s, len) = (uint32_t)(opts->count + 1);
	memcpy(opts->entries[opts->count].serial, s, len);
	opts->entries[opts->count].serial_len = len;
	opts->entries[opts->count].revoked_at = when;
	opts->entries[opts->count].reason = reason;
	opts->count++;
	return 0;
}

/* A revocation date CRLs can carry: 1950..9999 (UTCTime, then GeneralizedTime). */
static int check_revoked_at(int64_t revoked_at)
{
	if (revoked_at < PKI__TIME_MIN_UTC || revoked_at > PKI__TIME_MAX)
		return pki__fail(PKI_E_INVALID_ARG, "revocation time %lld is out of range",
				 (long long)revoked_at);
	return 0;
}

/* The entry of the setters taking a hex number: the options checked, @p hex parsed. */
static int enter_hex(unsigned char s[21], size_t *len, const char *fn, const pki_crl_opts_t *opts,
		     const char *hex, const char *what)
{
	int ret = pki__enter_arg(fn, opts, "opts");

	return ret < 0 ? ret : pki__crl_parse_serial(s, len, hex, what);
}

int pki_crl_opts_add_revoked(pki_crl_opts_t *opts, const char *serial, int64_t revoked_at,
			     pki_crl_reason_t reason)
{
	unsigned char s[21];
	size_t len;
	int ret;

	if ((ret = enter_hex(s, &len, __func__, opts, serial, "serial")) < 0 ||
	    (ret = check_revoked_at(revoked_at)) < 0)
		return ret;
	return add_entry(opts, s, len, revoked_at, reason, serial);
}

int pki_crl_opts_add_revoked_cert(pki_crl_opts_t *opts, const pki_cert_t *cert,
				  int64_t revoked_at, pki_crl_reason_t reason)
{
	unsigned char s[21];
	size_t len;
	int ret;

	if ((ret = pki__enter_arg(__func__, opts, "opts")) < 0 ||
	    (ret = pki__arg(__func__, cert, "cert")) < 0 || (ret = check_revoked_at(revoked_at)) < 0)
		return ret;
	ret = pki__cert_serial_bytes(s, &len, pki__cert_crt(cert));
	if (ret < 0)
		return ret;
	if (s[0] & 0x80)
		return pki__fail(PKI_E_INVALID_ARG, "the certificate has a negative serial number");
	{
		size_t off = len > 1 && s[0] == 0 ? 1 : 0; /* the options hold magnitudes */
		char *hex = pki__hex(s + off, len - off);

		if (!hex)
			return pki__fail(PKI_E_NOMEM, "out of memory");
		ret = add_entry(opts, s + off, len - off, revoked_at, reason, hex);
		pki_free(hex);
	}
	return ret;
}

int pki_crl_opts_set_days(pki_crl_opts_t *opts, unsigned days)
{
	int ret = pki__enter_arg(__func__, opts, "opts");

	if (ret < 0)
		return ret;
	if (days < 1 || days > 3650)
		return pki__fail(PKI_E_INVALID_ARG, "CRL lifetime of %u days is outside 1..3650",
				 days);
	opts->days = days;
	opts->this_update = opts->next_update = -1;
	return 0;
}

int pki_crl_opts_set_validity(pki_crl_opts_t *opts, int64_t this_update, int64_t next_update)
{
	int ret = pki__enter_arg(__func__, opts, "opts");

	if (ret < 0)
		return ret;
	if (this_update < PKI__TIME_MIN_UTC || next_update > PKI__TIME_MAX || this_update >= next_update)
		return pki__fail(PKI_E_INVALID_ARG,
				 "thisUpdate must be before nextUpdate, both in 1950..9999");
	opts->this_update = this_update;
	opts->next_update = next_update;
	return 0;
}

int pki_crl_opts_set_number(pki_crl_opts_t *opts, const char *hex)
{
	unsigned char s[21];
	size_t len;
	int ret;

	if ((ret = enter_hex(s, &len, __func__, opts, hex, "CRL number")) < 0)
		return ret;
	memcpy(opts->number, s, len);
	opts->number_len = len;
	return 0;
}

/* The signature algorithm of @p key's CRLs. */
static int sig_alg(gnutls_sign_algorithm_t *sign, const pki_key_t *key)
{
	int pk = gnutls_privkey_get_pk_algorithm(key->priv, NULL);

	switch (pk) {
	case GNUTLS_PK_EDDSA_ED25519:
		*sign = GNUTLS_SIGN_EDDSA_ED25519;
		return 0;
	case GNUTLS_PK_EDDSA_ED448:
		*sign = GNUTLS_SIGN_EDDSA_ED448;
		return 0;
	case GNUTLS_PK_RSA:
	case GNUTLS_PK_RSA_PSS: /* id-RSASSA-PSS with explicit parameters (sign.c) */
	case GNUTLS_PK_ECDSA:
		*sign = gnutls_pk_to_sign((gnutls_pk_algorithm_t)pk, pki__key_sign_digest(key));
		if (*sign != GNUTLS_SIGN_UNKNOWN && gnutls_sign_get_oid(*sign))
			return 0;
		break;
	default:
		break;
	}
	return pki__fail(PKI_E_UNSUPPORTED, "cannot sign a CRL with this key type");
}

static bool same_pubkey(gnutls_x509_crt_t crt, const pki_key_t *key)
{
	gnutls_pubkey_t pub = NULL;
	gnutls_datum_t a = { NULL, 0 }, b = { NULL, 0 };
	bool same = false;

	if (gnutls_pubkey_init(&pub) < 0)
		return false;
	if (gnutls_pubkey_import_x509(pub, crt, 0) == 0 &&
	    gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, &a) == 0 &&
	    gnutls_pubkey_export2(key->pub, GNUTLS_X509_FMT_DER, &b) == 0)
		same = a.size == b.size && memcmp(a.data, b.data, a.size) == 0;
	gnutls_free(a.data);
	gnutls_free(b.data);
	gnutls_pubkey_deinit(pub);
	return same;
}

/* The authorityKeyIdentifier value: the CA's SKI, or SHA-1 of its key (RFC 5280 method 1). */
static int ca_key_id(unsigned char *id, size_t *len, gnutls_x509_crt_t ca, const pki_key_t *key)
{
	unsigned crit = 0;
	size_t n = *len;

	if (gnutls_x509_crt_get_subject_key_id(ca, id, &n, &crit) == 0 && n > 0) {
		*len = n;
		return 0;
	}
	if (*len < 20 || pki__key_sha1_id(id, key->pub) < 0)
		return pki__fail(PKI_E_CRYPTO, "cannot compute the CA key identifier");
	*len = 20;
	return 0;
}

/* A non-negative INTEGER from big-endian magnitude bytes: a 00 sign byte when the top bit is
 * set. */
static int write_uint(asn1_node node, const char *name, const unsigned char *p, size_t n)
{
	unsigned char tmp[32];

	while (n > 1 && p[0] == 0) {
		p++;
		n--;
	}
	if (n == 0 || n > sizeof(tmp) - 1)
		return pki__fail(PKI_E_INVALID_ARG, "integer of %zu bytes", n);
	tmp[0] = 0;
	memcpy(tmp + 1, p, n);
	return (p[0] & 0x80) ? pki__asn1_write(node, name, tmp, n + 1)
			     : pki__asn1_write(node, name, tmp + 1, n);
}

/* Append an Extension to the Extensions element @p exts whose value is the DER of @p value. */
static int add_extension(asn1_node node, const char *exts, const char *oid, asn1_node value)
{
	gnutls_datum_t der = { NULL, 0 };
	char el[128];
	int ret;

	ret = pki__asn1_encode(&der, value, "");
	if (ret == 0)
		ret = pki__asn1_write(node, exts, "NEW", 1);
	snprintf(el, sizeof(el), "%s.?LAST.extnID", exts);
	if (ret == 0)
		ret = pki__asn1_write_str(node, el, oid);
	snprintf(el, sizeof(el), "%s.?LAST.critical", exts);
	if (ret == 0)
		ret = pki__asn1_write_str(node, el, "FALSE"); /* the DEFAULT: not encoded */
	snprintf(el, sizeof(el), "%s.?LAST.extnValue", exts);
	if (ret == 0)
		ret = pki__asn1_write(node, el, der.data, der.size);
	gnutls_free(der.data);
	return ret;
}

/*
 * The revokedCertificates list. Each entry is written by names relative to its own element
 * node ("?<n>.userCertificate"), found from the one before it (asn1_find_node matches a name's
 * first component against a node and its right siblings): the "?LAST" form walks every element
 * before it on each write, which made 5000 entries cost 700 ms. libtasn1 still walks the list
 * on each "NEW" (no call avoids it), a few percent of the time at PKI_CRL_MAX_ENTRIES.
 */
static int write_entries(asn1_node list, const pki_crl_opts_t *opts)
{
	const char *rc = "tbsCertList.revokedCertificates";
	asn1_node el = NULL;
	char name[64];
	int ret = 0;

	if (!opts || opts->count == 0) /* RFC 5280 5.1.2.6: absent when empty */
		return pki__asn1_write(list, rc, NULL, 0);
	for (size_t i = 0; ret == 0 && i < opts->count; i++) {
		const opt_entry_t *e = &opts->entries[i];
		asn1_node reason = NULL;

		ret = pki__asn1_write(list, rc, "NEW", 1);
		if (ret < 0)
			break;
		snprintf(name, sizeof(name), "%s?%zu", i ? "" : "tbsCertList.revokedCertificates.",
			 i + 1);
		if (!(el = asn1_find_node(i ? el : list, name))) {
			ret = pki__fail(PKI_E_CRYPTO, "internal error: no CRL entry %zu", i + 1);
			break;
		}
		snprintf(name, sizeof(name), "?%zu.userCertificate", i + 1);
		ret = write_uint(el, name, e->serial, e->serial_len);
		snprintf(name, sizeof(name), "?%zu.revocationDate", i + 1);
		if (ret == 0)
			ret = pki__asn1_write_time(el, name, e->revoked_at);
		if (ret < 0)
			break;
		snprintf(name, sizeof(name), "?%zu.crlEntryExtensions", i + 1);
		if (e->reason == PKI_CRL_REASON_UNSPECIFIED) {
			ret = pki__asn1_write(el, name, NULL, 0);
			continue;
		}
		ret = pki__asn1_create(&reason, "CRLReason");
		if (ret == 0)
			ret = pki__asn1_write_int(reason, "", e->reason);
		if (ret == 0)
			ret = add_extension(el, name, OID_REASON_CODE, reason);
		pki__asn1_free(&reason);
	}
	return ret;
}

static int write_crl_extensions(asn1_node list, const unsigned char *aki, size_t aki_len,
				const unsigned char *number, size_t number_len)
{
	const char *exts = "tbsCertList.crlExtensions";
	asn1_node v = NULL;
	int ret;

	/* AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] KeyIdentifier } */
	ret = pki__asn1_create(&v, "AuthorityKeyIdentifier");
	if (ret == 0)
		ret = pki__asn1_write(v, "keyIdentifier", aki, aki_len);
	if (ret == 0)
		ret = pki__asn1_write(v, "authorityCertIssuer", NULL, 0);
	if (ret == 0)
		ret = pki__asn1_write(v, "authorityCertSerialNumber", NULL, 0);
	if (ret == 0)
		ret = add_extension(list, exts, OID_AKI, v);
	pki__asn1_free(&v);
	if (ret < 0)
		return ret;
	ret = pki__asn1_create(&v, "CRLNumber");
	if (ret == 0)
		ret = write_uint(v, "", number, number_len);
	if (ret == 0)
		ret = add_extension(list, exts, OID_CRL_NUMBER, v);
	pki__asn1_free(&v);
	return ret;
}

int pki_crl_create(pki_crl_t **out, const pki_cert_t *ca, const pki_key_t *ca_key,
		   const pki_crl_opts_t *opts, unsigned flags)
{
	gnutls_sign_algorithm_t sign = GNUTLS_SIGN_UNKNOWN;
	gnutls_datum_t dn = { NULL, 0 }, sig = { NULL, 0 }, tbs = { NULL, 0 }, der = { NULL, 0 };
	asn1_node list = NULL, name = NULL;
	unsigned char aki[64], number[21];
	size_t aki_len = sizeof(aki), number_len;
	int64_t now = pki__now(), this_update, next_update, ca_nb;
	unsigned ca_flag = 0, ku = 0, crit = 0;
	int ret, rc, pathlen = -1;

	if ((ret = PKI__ENTER_OUT(out, flags, 0)) < 0 || (ret = pki__arg(__func__, ca, "ca")) < 0 ||
	    (ret = pki__arg(__func__, ca_key, "ca_key")) < 0)
		return ret;
	if (!ca_key->priv)
		return pki__fail(PKI_E_NO_PRIVATE_KEY, "the CA key is a public key only");
	ret = gnutls_x509_crt_get_basic_constraints(pki__cert_crt(ca), &crit, &ca_flag, &pathlen);
	if (ret < 0 || !ca_flag)
		return pki__fail(PKI_E_NOT_CA, "the issuer certificate is not a CA (CA:FALSE)");
	if (gnutls_x509_crt_get_key_usage(pki__cert_crt(ca), &ku, &crit) == 0 &&
	    !(ku & GNUTLS_KEY_CRL_SIGN))
		return pki__fail(PKI_E_NOT_CA, "the CA's key usage does not include cRLSign");
	if (!same_pubkey(pki__cert_crt(ca), ca_key))
		return pki__fail(PKI_E_KEY_MISMATCH, "the key is not the CA certificate's key");
	ret = sig_alg(&sign, ca_key);
	if (ret < 0)
		return ret;

	ca_nb = (int64_t)gnutls_x509_crt_get_activation_time(pki__cert_crt(ca));
	if (opts && opts->this_update >= 0) {
		this_update = opts->this_update;
		next_update = opts->next_update;
		if (ca_nb != -1 && this_update < ca_nb)
			return pki__fail(PKI_E_VALIDITY, "thisUpdate is before the CA's notBefore");
	} else {
		/* backdated as certificates are (PKI_CLOCK_SKEW_SECONDS), but never before the
		 * CA's notBefore; the lifetime counts from that instant, as for certificates */
		this_update = now - PKI_CLOCK_SKEW_SECONDS;
		if (ca_nb != -1 && this_update < ca_nb)
			this_update = ca_nb;
		next_update = this_update + 86400LL * (opts ? opts->days : PKI_DEFAULT_CRL_DAYS);
		if (ca_nb != -1 && now < ca_nb)
			return pki__fail(PKI_E_VALIDITY, "thisUpdate is before the CA's notBefore");
	}
	if (opts && opts->number_len) {
		number_len = opts->number_len;
		memcpy(number, opts->number, number_len);
	} else {
		uint64_t v = (uint64_t)(this_update > 0 ? this_update : 1);

		for (int i = 0; i < 8; i++)
			number[i] = (unsigned char)(v >> (56 - 8 * i));
		number_len = 8;
	}
	ret = ca_key_id(aki, &aki_len, pki__cert_crt(ca), ca_key);
	if (ret < 0)
		return ret;
	ret = gnutls_x509_crt_get_raw_dn(pki__cert_crt(ca), &dn);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_PARSE, ret, "cannot read the CA's subject");

	ret = pki__asn1_create(&list, "CertificateList");
	if (ret == 0)
		ret = pki__asn1_write_int(list, "tbsCertList.version", 1); /* v2 */
	if (ret == 0)
		ret = pki__asn1_write_sign_alg(list, "tbsCertList.signature", sign);
	if (ret == 0)
		ret = pki__asn1_decode(&name, "Name", dn.data, dn.size);
	if (ret == 0) { /* issuer: the CA's subject, as encoded in the CA certificate */
		rc = asn1_copy_node(list, "tbsCertList.issuer", name, "");
		if (rc != ASN1_SUCCESS)
			ret = pki__fail(PKI_E_PARSE, "cannot copy the CA's subject (libtasn1: %s)",
					asn1_strerror(rc));
	}
	if (ret == 0)
		ret = pki__asn1_write_time(list, "tbsCertList.thisUpdate", this_update);
	if (ret == 0)
		ret = pki__asn1_write_time(list, "tbsCertList.nextUpdate", next_update);
	if (ret == 0)
		ret = write_entries(list, opts);
	if (ret == 0)
		ret = write_crl_extensions(list, aki, aki_len, number, number_len);
	if (ret == 0)
		ret = pki__asn1_encode(&tbs, list, "tbsCertList");
	if (ret < 0) {
		ret = pki__fail_wrap(ret == PKI_E_NOMEM ? PKI_E_NOMEM : PKI_E_CRYPTO,
				     "cannot encode the CRL");
		goto done;
	}
	ret = gnutls_privkey_sign_data2(ca_key->priv, sign, 0, &tbs, &sig);
	if (ret < 0) {
		ret = pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot sign the CRL");
		goto done;
	}
	/*
	 * The signature checked as a verifier will check it, with the CA certificate's key
	 * (same_pubkey above) over the tbsCertList the CRL holds: a signer that signs wrongly
	 * (a token, a GnuTLS fault) is caught before the CRL is handed out.
	 */
	ret = gnutls_pubkey_verify_data2(ca_key->pub, sign, 0, &tbs, &sig);
	if (ret < 0) {
		ret = pki__fail_gnutls(PKI_E_CRYPTO, ret, "internal error: the new CRL does not verify");
		goto done;
	}
	/* CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue } */
	ret = pki__asn1_write_sign_alg(list, "signatureAlgorithm", sign);
	if (ret == 0)
		ret = pki__asn1_write(list, "signature", sig.data, (size_t)sig.size * 8);
	if (ret == 0)
		ret = pki__asn1_encode(&der, list, "");
	if (ret < 0) {
		ret = pki__fail_wrap(PKI_E_CRYPTO, "cannot encode the CRL");
		goto done;
	}
	ret = pki__crl_from_der(out, der.data, der.size);
	if (ret < 0)
		ret = pki__fail_wrap(PKI_E_CRYPTO, "internal error: the new CRL does not parse");
done:
	gnutls_free(sig.data);
	gnutls_free(tbs.data);
	gnutls_free(der.data);
	gnutls_free(dn.data);
	pki__asn1_free(&name);
	pki__asn1_free(&list);
	return ret;
}
