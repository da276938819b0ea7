/*
 * libpki — PKCS#10 certificate signing requests.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "asn1.h"
#include "internal.h"
#include "work-int.h"

#include "ext-int.h"

#include <gnutls/x509-ext.h>

#include <stdio.h>
#include <string.h>

/* More SANs than any sane request carries; bounds the work done on hostile input. */

void pki_csr_free(pki_csr_t *csr)
{
	if (csr) {
		gnutls_x509_crq_deinit(csr->crq);
		pki__sans_clear(&csr->sans);
	}
	pki_free(csr);
}

/* The request as the code shared with certificates sees it (x509.c). */
static pki__x509_t x509(const pki_csr_t *csr)
{
	return (pki__x509_t){ NULL, csr ? csr->crq : NULL, csr ? &csr->sans : NULL, "csr",
			      "request" };
}

static int csr_wrap(pki_csr_t **out, gnutls_x509_crq_t crq)
{
	pki_csr_t *csr = pki__zalloc(sizeof(*csr));

	if (csr)
		csr->crq = crq;
	*out = pki__x509_adopt(csr, csr ? &csr->sans : NULL, NULL, crq);
	return *out ? 0 : PKI_E_NOMEM;
}

/* The same for a request made here, whose SANs @p sans were kept as they were encoded: no
 * decoding. Takes @p crq and @p sans in every case. */
static int csr_wrap_made(pki_csr_t **out, gnutls_x509_crq_t crq, pki__sans_t *sans)
{
	pki_csr_t *csr = pki__zalloc(sizeof(*csr));

	*out = csr;
	if (!csr) {
		pki__sans_clear(sans);
		gnutls_x509_crq_deinit(crq);
		return pki__fail(PKI_E_NOMEM, "out of memory");
	}
	csr->crq = crq;
	csr->sans = *sans;
	memset(sans, 0, sizeof(*sans));
	return 0;
}

static int crq_from_der(gnutls_x509_crq_t *out, const gnutls_datum_t *der);
static int crq_sign_pss(gnutls_x509_crq_t *crq, const pki_key_t *key,
			gnutls_digest_algorithm_t dig);

/*
 * Sign @p crq with @p key: with @p dig (GNUTLS_DIG_UNKNOWN: the digest libpki uses for that
 * key) and RSASSA-PSS when @p sign_flags has PKI_SIGN_RSA_PSS (always for an RSA-PSS key).
 */
static int crq_sign(gnutls_x509_crq_t *crq, const pki_key_t *key, gnutls_digest_algorithm_t dig,
		    unsigned sign_flags)
{
	int ret;

	if (dig == GNUTLS_DIG_UNKNOWN)
		dig = pki__key_sign_digest(key);
	if ((ret = pki__key_check_digest(key, dig)) < 0)
		return ret;
	ret = gnutls_x509_crq_privkey_sign(*crq, key->priv, dig, 0);
	if (ret < 0)
		return pki__fail_gnutls(ret == GNUTLS_E_MEMORY_ERROR ? PKI_E_NOMEM : PKI_E_CRYPTO,
					ret, "cannot sign the request");
	if ((sign_flags & PKI_SIGN_RSA_PSS) && key->type == PKI_KEY_RSA)
		return crq_sign_pss(crq, key, dig);
	return 0;
}

#define OID_RSASSA_PSS "1.2.840.113549.1.1.10"

/*
 * GnuTLS 3.7 signs a request with PKCS#1 v1.5 for an RSA key whatever the flags say (only an
 * id-RSASSA-PSS public key makes it use PSS), so a PSS request from an RSA key is signed here:
 * the certificationRequestInfo GnuTLS encoded, an RSASSA-PSS signature, and the
 * signatureAlgorithm with its parameters (RFC 4055 3.1), all through libtasn1.
 */
static int crq_sign_pss(gnutls_x509_crq_t *crq, const pki_key_t *key,
			gnutls_digest_algorithm_t dig)
{
	gnutls_datum_t der = { NULL, 0 }, tbs = { NULL, 0 }, sig = { NULL, 0 };
	gnutls_datum_t params = { NULL, 0 }, out = { NULL, 0 };
	gnutls_x509_crq_t again = NULL;
	asn1_node req = NULL;
	gnutls_sign_algorithm_t algo = gnutls_pk_to_sign(GNUTLS_PK_RSA_PSS, dig);
	int ret;

	ret = gnutls_x509_crq_export2(*crq, GNUTLS_X509_FMT_DER, &der);
	if (ret < 0) {
		ret = pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
				       "cannot encode the request");
		goto out;
	}
	if ((ret = pki__asn1_decode(&req, "CertificationRequest", der.data, der.size)) < 0 ||
	    (ret = pki__asn1_encode(&tbs, req, "certificationRequestInfo")) < 0)
		goto out;
	ret = gnutls_privkey_sign_data2(key->priv, algo, 0, &tbs, &sig);
	if (ret < 0) {
		ret = pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO) == PKI_E_NOMEM
					       ? PKI_E_NOMEM
					       : PKI_E_CRYPTO,
				       ret, "cannot sign the request with %s",
				       gnutls_sign_get_name(algo));
		goto out;
	}
	if ((ret = pki__pss_params_der(&params, dig)) < 0 ||
	    (ret = pki__asn1_write_str(req, "signatureAlgorithm.algorithm", OID_RSASSA_PSS)) < 0 ||
	    (ret = pki__asn1_write(req, "signatureAlgorithm.parameters", params.data,
				   params.size)) < 0 ||
	    (ret = pki__asn1_write(req, "signature", sig.data, (size_t)sig.size * 8)) < 0 ||
	    (ret = pki__asn1_encode(&out, req, "")) < 0)
		goto out;
	if ((ret = crq_from_der(&again, &out)) < 0)
		goto out;
	gnutls_x509_crq_deinit(*crq);
	*crq = again;
out:
	gnutls_free(der.data);
	gnutls_free(tbs.data);
	gnutls_free(sig.data);
	gnutls_free(params.data);
	gnutls_free(out.data);
	pki__asn1_free(&req);
	return ret;
}

/* The request's signature hash and PSS flag, to sign it again the same way. */
static void crq_sign_params(gnutls_digest_algorithm_t *dig, unsigned *sign_flags,
			    gnutls_x509_crq_t crq)
{
	int algo = gnutls_x509_crq_get_signature_algorithm(crq);

	*dig = GNUTLS_DIG_UNKNOWN;
	*sign_flags = 0;
	if (algo <= 0)
		return;
	*dig = gnutls_sign_get_hash_algorithm((gnutls_sign_algorithm_t)algo);
	if (gnutls_sign_get_pk_algorithm((gnutls_sign_algorithm_t)algo) == GNUTLS_PK_RSA_PSS)
		*sign_flags = PKI_SIGN_RSA_PSS;
}

/*
 * The digest and flags of pki_csr_create_v2(), checked against @p key: a hash for EdDSA and
 * PSS for a non-RSA key are refused.
 */
static int csr_signature(gnutls_digest_algorithm_t *dig, const pki_key_t *key, pki_hash_t hash,
			 unsigned flags)
{
	bool eddsa = key->type == PKI_KEY_ED25519 || key->type == PKI_KEY_ED448;

	*dig = GNUTLS_DIG_UNKNOWN;
	if (flags & ~(unsigned)PKI_SIGN_RSA_PSS)
		return pki__fail(PKI_E_INVALID_ARG, "pki_csr_create_v2: unknown flags 0x%x", flags);
	switch (hash) {
	case PKI_HASH_DEFAULT: break;
	case PKI_HASH_SHA256: *dig = GNUTLS_DIG_SHA256; break;
	case PKI_HASH_SHA384: *dig = GNUTLS_DIG_SHA384; break;
	case PKI_HASH_SHA512: *dig = GNUTLS_DIG_SHA512; break;
	default: return pki__fail(PKI_E_INVALID_ARG, "pki_csr_create_v2: unknown hash %d", (int)hash);
	}
	if (eddsa && hash != PKI_HASH_DEFAULT)
		return pki__fail(PKI_E_INVALID_ARG, "an %s key signs with pure EdDSA: no hash can be "
				 "chosen", pki_key_type_name((pki_key_type_t)key->type));
	if ((flags & PKI_SIGN_RSA_PSS) && key->type != PKI_KEY_RSA && key->type != PKI_KEY_RSA_PSS)
		return pki__fail(PKI_E_INVALID_ARG, "RSA-PSS signatures need an RSA key, not a %s key",
				 pki_key_type_name((pki_key_type_t)key->type));
	return 0;
}

static int csr_create(pki_csr_t **out, const pki_key_t *key, const char *subject,
		      const char *const *sans, gnutls_digest_algorithm_t dig, unsigned sign_flags);

int pki_csr_create_v2(pki_csr_t **out, const pki_key_t *key, const char *subject,
		      const char *const *sans, pki_hash_t hash, unsigned flags)
{
	gnutls_digest_algorithm_t dig;
	int ret;

	if ((ret = PKI__ENTER_OUT(out, flags, PKI_SIGN_RSA_PSS)) < 0 ||
	    (ret = pki__arg(__func__, key, "key")) < 0 ||
	    (ret = pki__arg(__func__, subject, "subject")) < 0)
		return ret;
	if ((ret = csr_signature(&dig, key, hash, flags)) < 0)
		return ret;
	return csr_create(out, key, subject, sans, dig, flags);
}

int pki_csr_create_dn(pki_csr_t **out, const pki_key_t *key, const pki_dn_t *subject,
		      const char *const *sans, pki_hash_t hash, unsigned flags)
{
	gnutls_digest_algorithm_t dig;
	char *s = NULL;
	int ret;

	if ((ret = PKI__ENTER_OUT(out, flags, PKI_SIGN_RSA_PSS)) < 0 ||
	    (ret = pki__arg(__func__, key, "key")) < 0 ||
	    (ret = pki__arg(__func__, subject, "subject")) < 0)
		return ret;
	if ((ret = csr_signature(&dig, key, hash, flags)) < 0 ||
	    (ret = pki__dn_render(&s, subject)) < 0)
		return ret;
	ret = csr_create(out, key, s, sans, dig, flags);
	pki_free(s);
	return ret;
}

int pki_csr_create(pki_csr_t **out, const pki_key_t *key, const char *subject,
		   const char *const *sans, unsigned flags)
{
	int ret;

	if ((ret = PKI__ENTER_OUT(out, flags, 0)) < 0 || (ret = pki__arg(__func__, key, "key")) < 0 ||
	    (ret = pki__arg(__func__, subject, "subject")) < 0)
		return ret;
	return csr_create(out, key, subject, sans, GNUTLS_DIG_UNKNOWN, 0);
}

static int csr_create(pki_csr_t **out, const pki_key_t *key, const char *subject,
		      const char *const *sans, gnutls_digest_algorithm_t dig, unsigned sign_flags)
{
	gnutls_x509_crq_t crq = NULL;
	pki__sans_t kept = { 0 };
	size_t nsans = 0;
	char **values = NULL;
	int *types = NULL;
	int ret;

	if (!key->priv)
		return pki__fail(PKI_E_NO_PRIVATE_KEY,
				 "a request is signed with its private key; this handle holds only a "
				 "public key");
	if (sans)
		while (sans[nsans])
			if (++nsans > PKI__MAX_SANS)
				return pki__fail(PKI_E_TOO_LARGE, "more than %u SANs", PKI__MAX_SANS);

	/* Validate every name before building anything. */
	if (nsans) {
		values = pki__zalloc(nsans * sizeof(*values));
		types = pki__zalloc(nsans * sizeof(*types));
		if (!values || !types) {
			ret = pki__fail(PKI_E_NOMEM, "out of memory");
			goto out;
		}
		for (size_t i = 0; i < nsans; i++) {
			ret = pki__san_parse(sans[i], &values[i]);
			if (ret < 0)
				goto out;
			types[i] = ret;
		}
	}
	if (!nsans) {
		const char *p = subject;

		while (*p == ' ')
			p++;
		if (!*p) {
			ret = pki__fail(PKI_E_INVALID_NAME,
					"a request needs a subject or at least one SAN");
			goto out;
		}
	}

	ret = gnutls_x509_crq_init(&crq);
	if (ret < 0) {
		ret = pki__fail_gnutls(PKI_E_NOMEM, ret, "cannot allocate a request");
		crq = NULL;
		goto out;
	}
	if ((ret = pki__dn_set_crq(crq, subject)) < 0)
		goto out;
	if ((ret = gnutls_x509_crq_set_version(crq, 1)) < 0 ||
	    (ret = gnutls_x509_crq_set_pubkey(crq, key->pub)) < 0) {
		ret = pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
				       "cannot fill in the request");
		goto out;
	}
	if (nsans && (ret = pki__sans_set_crq(crq, values, types, nsans, &kept)) < 0)
		goto out;
	if ((ret = crq_sign(&crq, key, dig, sign_flags)) < 0)
		goto out;
	ret = csr_wrap_made(out, crq, &kept);
	crq = NULL;
out:
	if (crq)
		gnutls_x509_crq_deinit(crq);
	pki__sans_clear(&kept);
	pki__free_strings(values, nsans);
	pki_free(types);
	return ret;
}

PKI__DEFINE_GNUTLS_IMPORT(crq_import, gnutls_x509_crq_t, gnutls_x509_crq, "a request",
			  "the certificate signing request")

/*
 * GnuTLS keeps a request as a decoded tree and encodes it again on export, and its decoder
 * takes some encodings that are not DER (a fuzzer found a PEM body whose request exports as
 * two bytes). The signature covers the DER of the request, so a request that does not
 * encode back to its own bytes is refused: nothing could check it.
 */
static int crq_from_der(gnutls_x509_crq_t *out, const gnutls_datum_t *der)
{
	gnutls_x509_crq_t crq;
	gnutls_datum_t again = { NULL, 0 };
	int ret;

	*out = NULL;
	if ((ret = crq_import(&crq, der, GNUTLS_X509_FMT_DER)) < 0)
		return ret;
	ret = gnutls_x509_crq_export2(crq, GNUTLS_X509_FMT_DER, &again);
	if (ret < 0 || again.size != der->size || memcmp(again.data, der->data, der->size) != 0) {
		gnutls_free(again.data);
		gnutls_x509_crq_deinit(crq);
		return pki__fail(PKI_E_PARSE, "the certificate signing request is not DER-encoded "
					      "(it does not encode back to the same bytes)");
	}
	gnutls_free(again.data);
	*out = crq;
	return 0;
}

int pki_csr_import(pki_csr_t **out, const void *data, size_t size, unsigned flags)
{
	int ret;

	if ((ret = PKI__ENTER_OUT(out, flags, 0)) < 0 || (ret = pki__arg(__func__, data, "data")) < 0)
		return ret;
	return pki__csr_import(out, data, size);
}

int pki__csr_import(pki_csr_t **out, const void *data, size_t size)
{
	gnutls_x509_crq_t crq;
	gnutls_datum_t d;
	const char *label = NULL;
	int ret;

	*out = NULL;
	if ((ret = pki__check_input(data, size)) < 0)
		return ret;
	if (!pki__is_pem(data, size)) {
		d.data = (unsigned char *)data;
		d.size = (unsigned)size;
		ret = crq_from_der(&crq, &d);
		return ret < 0 ? ret : csr_wrap(out, crq);
	}
	if (pki__pem_has_label(data, size, "CERTIFICATE REQUEST"))
		label = "CERTIFICATE REQUEST";
	else if (pki__pem_has_label(data, size, "NEW CERTIFICATE REQUEST"))
		label = "NEW CERTIFICATE REQUEST";
	else if (pki__pem_has_label(data, size, "CERTIFICATE"))
		return pki__fail(PKI_E_PARSE, "this is a certificate, not a certificate signing request");
	else
		return pki__fail(PKI_E_PARSE, "no CERTIFICATE REQUEST PEM block found");
	if ((ret = pki__pem_to_der(&d, data, size, label)) < 0)
		return ret;
	ret = crq_from_der(&crq, &d);
	gnutls_free(d.data);
	return ret < 0 ? ret : csr_wrap(out, crq);
}

/* pki__csr_import for pki__import_file (no extra argument). */
static int csr_import_bytes(void *out, const void *data, size_t size, const void *arg)
{
	(void)arg;
	return pki__csr_import(out, data, size);
}

int pki_csr_import_file(pki_csr_t **out, const char *path, unsigned flags)
{
	int ret = PKI__ENTER_OUT(out, flags, 0);

	return ret < 0 ? ret : pki__import_file(__func__, path, csr_import_bytes, out, NULL);
}

/* The PEM label is "CERTIFICATE REQUEST" (RFC 7468, openssl), not the legacy "NEW
 * CERTIFICATE REQUEST" GnuTLS writes: libpki encodes the PEM itself (pki__export). */
static const pki__kind_t kind;

int pki_csr_export(unsigned char **out, size_t *size, const pki_csr_t *csr, pki_format_t format,
		   unsigned flags)
{
	return pki__export(__func__, out, size, csr, format, flags, &kind);
}

int pki_csr_verify(const pki_csr_t *csr, unsigned flags)
{
	int ret;

	if ((ret = pki__enter_arg(__func__, csr, "csr")) < 0 ||
	    (ret = pki__flags(__func__, flags, 0)) < 0)
		return ret;
	ret = gnutls_x509_crq_verify(csr->crq, 0);
	if (ret < 0) {
		int code = pki__map_gnutls(ret, PKI_E_BAD_SIGNATURE);

		/* Anything but an unsupported algorithm or a memory failure means "not valid". */
		if (code != PKI_E_UNSUPPORTED && code != PKI_E_NOMEM)
			code = PKI_E_BAD_SIGNATURE;
		return pki__fail_gnutls(code, ret, "the request's self-signature does not verify");
	}
	return 0;
}

int pki_csr_subject(char **out, const pki_csr_t *csr)
{
	return pki__x509_subject(__func__, out, x509(csr));
}

int pki_csr_sans(char ***out, const pki_csr_t *csr, unsigned flags)
{
	return pki__x509_san_list(__func__, out, x509(csr), flags);
}

int pki_csr_san(char **out, const pki_csr_t *csr, unsigned index)
{
	return pki__x509_san(__func__, out, x509(csr), index);
}

int pki_csr_public_key(pki_key_t **out, const pki_csr_t *csr)
{
	return pki__x509_public_key(__func__, out, x509(csr));
}

int pki_csr_san_count(const pki_csr_t *csr)
{
	return pki__x509_san_count(__func__, x509(csr));
}

int pki_csr_signature_algorithm(char **out, const pki_csr_t *csr)
{
	return pki__x509_signature_algorithm(__func__, out, x509(csr));
}

/* Everything the JSON and text forms show, read once. */
typedef struct {
	char *subject, *sigalg, *ski;
	gnutls_pubkey_t pub;
	char **sans;
	int *types;
	size_t nsans;
} csr_info_t;

static void info_free(void *info)
{
	csr_info_t *in = info;

	pki_free(in->subject);
	pki_free(in->sigalg);
	pki_free(in->ski);
	if (in->pub)
		gnutls_pubkey_deinit(in->pub);
	pki__free_strings(in->sans, in->nsans);
	pki_free(in->types);
}

/* Everything the dumps show, read once into @p info (a csr_info_t; info_free, also on
 * failure). */
static int info_read(void *info, const void *obj)
{
	csr_info_t *in = info;
	const pki_csr_t *csr = obj;
	unsigned char id[20];
	int ret;

	if ((ret = pki__x509_subject_text(&in->subject, x509(csr))) < 0 ||
	    (ret = pki__x509_sign_name(&in->sigalg, x509(csr))) < 0 ||
	    (ret = pki__x509_pubkey(&in->pub, x509(csr))) < 0)
		return ret;
	if (pki__key_sha1_id(id, in->pub) == 0 && !(in->ski = pki__hex(id, sizeof(id))))
		return pki__fail(PKI_E_NOMEM, "out of memory");
	pki__clear_error();
	return pki__x509_sans_copy(&in->sans, &in->types, &in->nsans, x509(csr));
}

static void json_body(pki__buf_t *b, const void *info, const void *o)
{
	const csr_info_t *in = info;
	const pki_csr_t *csr = o;

	pki__buf_json_member(b, "{\"subject\":", in->subject);
	pki__buf_add(b, ",", 1);
	pki__json_sans(b, in->sans, in->types, in->nsans);
	pki__buf_add(b, ",\"public_key\":", 14);
	pki__pubkey_json(b, in->pub);
	pki__buf_json_member(b, ",\"signature_algorithm\":", in->sigalg);
	pki__buf_json_member(b, ",\"subject_key_id\":", in->ski);
	pki__json_csr_exts(b, csr);
	pki__buf_add(b, "}", 1);
}

static void text_body(pki__buf_t *b, const void *info, const void *o)
{
	static const char *const prefixes[] = { "", "DNS", "IP", "email", "URI", "other" };
	const csr_info_t *in = info;
	const pki_csr_t *csr = o;
	int version;

	version = gnutls_x509_crq_get_version(csr->crq);
	pki__buf_printf(b, "Certificate Request:\n");
	pki__buf_printf(b, "    Version: %d (0x%x)\n", version > 0 ? version : 1,
			version > 0 ? (unsigned)version - 1 : 0u);
	pki__buf_printf(b, "    Subject: ");
	pki__buf_add_escaped_str(b, in->subject);
	pki__buf_printf(b, "\n");
	pki__buf_printf(b, "    Subject Public Key Info:\n        ");
	pki__pubkey_text(b, in->pub);
	pki__buf_printf(b, "\n");
	if (in->ski)
		pki__buf_printf(b, "        Key ID (SHA-1, as subjectKeyIdentifier): %s\n", in->ski);
	if (in->nsans) {
		pki__buf_printf(b, "    Requested Subject Alternative Names:\n");
		for (size_t i = 0; i < in->nsans; i++) {
			pki__buf_printf(b, "        %s:", prefixes[in->types[i]]);
			pki__buf_add_escaped_str(b, in->sans[i]);
			pki__buf_printf(b, "\n");
		}
	}
	pki__buf_printf(b, "    Signature Algorithm: %s\n", in->sigalg);
	pki__buf_printf(b, "    Self-signature: %s\n",
			gnutls_x509_crq_verify(csr->crq, 0) >= 0 ? "valid" : "INVALID");
}

static int csr_der(gnutls_datum_t *der, const void *csr)
{
	int ret = gnutls_x509_crq_export2(((const pki_csr_t *)csr)->crq, GNUTLS_X509_FMT_DER, der);

	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot encode the request");
	return 0;
}

static const pki__kind_t kind = { "csr", "CERTIFICATE REQUEST", csr_der, sizeof(csr_info_t),
				  info_read, info_free, json_body, text_body };

int pki_csr_to_json(char **out, const pki_csr_t *csr, unsigned flags)
{
	return pki__dump(__func__, out, csr, flags, &kind, true);
}

int pki_csr_to_text(char **out, const pki_csr_t *csr, unsigned flags)
{
	return pki__dump(__func__, out, csr, flags, &kind, false);
}

int pki_csr_add_extension(pki_csr_t *csr, const pki_key_t *key, const char *oid, const void *der,
			  size_t size, unsigned flags)
{
	gnutls_datum_t enc = { NULL, 0 }, old = { NULL, 0 };
	gnutls_x509_crq_t crq = NULL;
	gnutls_pubkey_t pub = NULL;
	gnutls_digest_algorithm_t dig;
	unsigned was_critical = 0, sign_flags;
	bool eq = false;
	int ret;

	if ((ret = pki__enter_arg(__func__, csr, "csr")) < 0 ||
	    (ret = pki__arg(__func__, key, "key")) < 0 || (ret = pki__arg(__func__, oid, "oid")) < 0 ||
	    (ret = pki__arg(__func__, der, "der")) < 0 ||
	    (ret = pki__flags(__func__, flags, PKI_EXT_CRITICAL)) < 0)
		return ret;
	if ((ret = pki__ext_check(oid, der, size)) < 0)
		return ret;
	if (strcmp(oid, "2.5.29.17") == 0)
		return pki__fail(PKI_E_INVALID_ARG,
				 "subject alternative names are given to pki_csr_create, not added "
				 "as an extension");
	if (!key->priv)
		return pki__fail(PKI_E_NO_PRIVATE_KEY,
				 "the request is signed again with its private key; this handle "
				 "holds only a public key");
	ret = gnutls_x509_crq_get_extension_by_oid2(csr->crq, oid, 0, &old, &was_critical);
	gnutls_free(old.data);
	if (ret >= 0)
		return pki__fail(PKI_E_INVALID_ARG, "the request already has extension %s", oid);
	/* Work on a copy, so that a failure leaves the request as it was. */
	ret = gnutls_x509_crq_export2(csr->crq, GNUTLS_X509_FMT_DER, &enc);
	if (ret < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot encode the request");
	ret = crq_from_der(&crq, &enc);
	gnutls_free(enc.data);
	if (ret < 0)
		return ret;
	if ((ret = gnutls_pubkey_init(&pub)) < 0 ||
	    (ret = gnutls_pubkey_import_x509_crq(pub, crq, 0)) < 0) {
		ret = pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_UNSUPPORTED), ret,
				       "cannot read the request's public key");
		goto out;
	}
	if ((ret = pki__pubkey_equal(pub, key->pub, &eq)) < 0)
		goto out;
	if (!eq) {
		ret = pki__fail(PKI_E_KEY_MISMATCH, "the key is not the request's key");
		goto out;
	}
	ret = gnutls_x509_crq_set_extension_by_oid(crq, oid, der, size,
						   (flags & PKI_EXT_CRITICAL) ? 1 : 0);
	if (ret < 0) {
		ret = pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
				       "cannot add extension %s", oid);
		goto out;
	}
	crq_sign_params(&dig, &sign_flags, csr->crq); /* signed again the same way */
	if ((ret = crq_sign(&crq, key, dig, sign_flags)) < 0)
		goto out;
	gnutls_x509_crq_deinit(csr->crq);
	csr->crq = crq;
	crq = NULL;
	ret = 0;
out:
	if (pub)
		gnutls_pubkey_deinit(pub);
	if (crq)
		gnutls_x509_crq_deinit(crq);
	return ret;
}
