/*
 * libpki — keys on PKCS#11 tokens, through GnuTLS's PKCS#11 layer (p11-kit modules).
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A token key is a pki_key_t whose gnutls_privkey_t is imported from the URI and whose x509
 * member is NULL: every signing path (requests, certificates, CRLs, OCSP, data) goes through
 * gnutls_privkey_t already, and the export paths, which need x509, refuse it.
 * The PIN reaches GnuTLS by a per-key PIN callback (no global state) for the key's logins,
 * and as the URI's pin-value attribute (RFC 7512 5.3) for generation and listing, which
 * GnuTLS only offers with the global callback.
 */
#include "internal.h"

#include <gnutls/pkcs11.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_URL 4096u

struct pki__token {
	char *url; /* the key's URI, without any PIN */
	char *pin; /* NULL: none known */
	bool pin_needed, pin_wrong;
};

void pki__token_free(struct pki__token *t)
{
	if (!t)
		return;
	if (t->pin) {
		gnutls_memset(t->pin, 0, strlen(t->pin));
		pki_free(t->pin);
	}
	pki_free(t->url);
	pki_free(t);
}

bool pki_is_pkcs11_url(const char *s)
{
	pki__clear_error();
	return s && strncasecmp(s, "pkcs11:", 7) == 0;
}

static int check_url(const char *url, const char *what, const char *fn)
{
	if (!url)
		return pki__fail(PKI_E_INVALID_ARG, "%s: %s is NULL", fn, what);
	if (strncasecmp(url, "pkcs11:", 7) != 0)
		return pki__fail(PKI_E_INVALID_ARG, "%s: %s is not a pkcs11: URI", fn, what);
	if (strlen(url) > MAX_URL)
		return pki__fail(PKI_E_INVALID_ARG, "%s: %s is longer than %u bytes", fn, what, MAX_URL);
	if (strcasestr(url, "pin-value="))
		return pki__fail(PKI_E_INVALID_ARG, "%s: %s carries a pin-value: pass the PIN as the "
				 "pin argument, so it does not show in process lists and logs", fn, what);
	return 0;
}

static int pin_cb(void *userdata, int attempt, const char *token_url, const char *token_label,
		  unsigned flags, char *pin, size_t pin_max)
{
	struct pki__token *t = userdata;

	(void)token_url;
	(void)token_label;
	if (!t->pin) {
		t->pin_needed = true;
		return GNUTLS_E_PKCS11_PIN_ERROR;
	}
	/* Never retry a wrong PIN: each try may count towards locking the token. */
	if (attempt > 0 || (flags & GNUTLS_PIN_WRONG)) {
		t->pin_wrong = true;
		return GNUTLS_E_PKCS11_PIN_ERROR;
	}
	if (strlen(t->pin) >= pin_max)
		return GNUTLS_E_PKCS11_PIN_ERROR;
	memcpy(pin, t->pin, strlen(t->pin) + 1);
	return 0;
}

/* The token flags of the token a URI names; PKI_E_TOKEN_NOT_FOUND when none matches. */
static int token_flags(const char *url, unsigned *flags)
{
	int ret = gnutls_pkcs11_token_get_flags(url, flags);

	if (ret == GNUTLS_E_PARSING_ERROR || ret == GNUTLS_E_INVALID_REQUEST)
		return pki__fail_gnutls(PKI_E_INVALID_ARG, ret, "malformed PKCS#11 URI");
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_TOKEN_NOT_FOUND, ret,
					"no PKCS#11 token matches the URI (is the module registered "
					"with p11-kit and the token present?)");
	if (*flags & GNUTLS_PKCS11_TOKEN_USER_PIN_LOCKED)
		return pki__fail(PKI_E_TOKEN_LOCKED, "the token's user PIN is locked (too many "
				 "wrong PINs): the security officer must unlock it");
	return 0;
}

/* A PKCS#11 failure of GnuTLS as a PKI_E_* code, using what the PIN callback saw. */
static int token_error(int ret, const struct pki__token *t, const char *what)
{
	if (t && t->pin_needed)
		return pki__fail(PKI_E_PASSWORD_REQUIRED, "%s: the token needs a PIN", what);
	if ((t && t->pin_wrong) || ret == GNUTLS_E_PKCS11_PIN_ERROR)
		return pki__fail_gnutls(PKI_E_BAD_PIN, ret, "%s: the PIN is wrong", what);
	switch (ret) {
	case GNUTLS_E_PKCS11_PIN_LOCKED:
		return pki__fail_gnutls(PKI_E_TOKEN_LOCKED, ret, "%s: the token's PIN is locked",
					what);
	case GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE:
	case GNUTLS_E_PKCS11_REQUESTED_OBJECT_NOT_AVAILBLE:
		return pki__fail_gnutls(PKI_E_NOT_FOUND, ret, "%s: the token holds no such object",
					what);
	case GNUTLS_E_PARSING_ERROR:
	case GNUTLS_E_INVALID_REQUEST:
		return pki__fail_gnutls(PKI_E_INVALID_ARG, ret, "%s: malformed PKCS#11 URI", what);
	case GNUTLS_E_PKCS11_TOKEN_ERROR:
	case GNUTLS_E_PKCS11_SLOT_ERROR:
	case GNUTLS_E_PKCS11_DEVICE_ERROR:
		return pki__fail_gnutls(PKI_E_TOKEN_NOT_FOUND, ret, "%s: the token is not usable",
					what);
	default:
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret, "%s", what);
	}
}

/* A trial signature, so a key that may not sign is refused where it is opened. */
static int check_signs(pki_key_t *key)
{
	static const unsigned char msg[] = "libpki token key check";
	gnutls_datum_t in = { (unsigned char *)msg, sizeof(msg) - 1 }, sig = { NULL, 0 };
	gnutls_sign_algorithm_t algo;
	int pk = gnutls_privkey_get_pk_algorithm(key->priv, NULL), ret;

	switch (key->type) {
	case PKI_KEY_ED25519: algo = GNUTLS_SIGN_EDDSA_ED25519; break;
	case PKI_KEY_ED448: algo = GNUTLS_SIGN_EDDSA_ED448; break;
	default: algo = gnutls_pk_to_sign((gnutls_pk_algorithm_t)pk, pki__key_sign_digest(key));
	}
	ret = gnutls_privkey_sign_data2(key->priv, algo, 0, &in, &sig);
	if (ret >= 0) {
		gnutls_free(sig.data);
		return 0;
	}
	if (key->token->pin_needed || key->token->pin_wrong || ret == GNUTLS_E_PKCS11_PIN_ERROR ||
	    ret == GNUTLS_E_PKCS11_PIN_LOCKED)
		return token_error(ret, key->token, "signing with the token key");
	return pki__fail_gnutls(PKI_E_KEY_CANNOT_SIGN, ret,
				"the token key %s may not sign (its object lacks CKA_SIGN, or the "
				"token refuses %s)", key->token->url, gnutls_sign_get_name(algo));
}

static int open_key(pki_key_t **out, const char *url, const char *pin)
{
	pki_key_t *key;
	unsigned tflags = 0;
	char *full = NULL;
	int ret;

	if ((ret = token_flags(url, &tflags)) < 0)
		return ret;
	key = pki__zalloc(sizeof(*key));
	if (!key || !(key->token = pki__zalloc(sizeof(*key->token))))
		goto nomem;
	key->token->url = pki__strdup(url);
	if (!key->token->url || (pin && !(key->token->pin = pki__strdup(pin))))
		goto nomem;
	/* A URI naming only the token and object finds the private key. */
	if (!strcasestr(url, "type=")) {
		size_t n = strlen(url) + sizeof(";type=private");

		if (!(full = pki__malloc(n)))
			goto nomem;
		snprintf(full, n, "%s%stype=private", url, url[strlen(url) - 1] == ':' ? "" : ";");
	}
	if ((ret = gnutls_privkey_init(&key->priv)) < 0) {
		ret = pki__fail_gnutls(PKI_E_NOMEM, ret, "cannot allocate a key");
		goto fail;
	}
	gnutls_privkey_set_pin_function(key->priv, pin_cb, key->token);
	ret = gnutls_privkey_import_url(key->priv, full ? full : url, 0);
	if (ret < 0) {
		ret = token_error(ret, key->token, "opening the token key");
		goto fail;
	}
	if ((ret = gnutls_pubkey_init(&key->pub)) < 0 ||
	    (ret = gnutls_pubkey_import_privkey(key->pub, key->priv, 0, 0)) < 0) {
		ret = token_error(ret, key->token, "reading the token key's public key");
		goto fail;
	}
	key->type = pki__key_type_of(key->pub);
	if (key->type == PKI_KEY_UNKNOWN) {
		ret = pki__fail(PKI_E_UNSUPPORTED, "the token key's algorithm is not supported");
		goto fail;
	}
	if ((ret = check_signs(key)) < 0)
		goto fail;
	pki_free(full);
	*out = key;
	return 0;
nomem:
	ret = pki__fail(PKI_E_NOMEM, "out of memory");
fail:
	pki_free(full);
	pki_key_free(key);
	return ret;
}

int pki_key_import_url(pki_key_t **out, const char *url, const char *pin, unsigned flags)
{
	int ret;

	if ((ret = PKI__ENTER_OUT(out, flags, 0)) < 0 || (ret = check_url(url, "url", __func__)) < 0)
		return ret;
	return open_key(out, url, pin);
}

const char *pki_key_url(const pki_key_t *key)
{
	if (pki__enter_arg(__func__, key, "key") < 0)
		return NULL;
	return key->token ? key->token->url : NULL;
}

/* RFC 3986 percent-encoding of @p s (unreserved characters kept) appended to @p b. */
static void pct_encode(pki__buf_t *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~')
			pki__buf_add(b, s, 1);
		else
			pki__buf_printf(b, "%%%02X", c);
	}
}

/* @p url with ";pin-value=PIN" (or without when @p pin is NULL), in new memory: wipe it. */
static int url_with_pin(char **out, const char *url, const char *pin)
{
	pki__buf_t b = { 0 };

	pki__buf_add(&b, url, strlen(url));
	if (pin) {
		if (url[strlen(url) - 1] != ':')
			pki__buf_add(&b, ";", 1);
		pki__buf_add(&b, "pin-value=", 10);
		pct_encode(&b, pin);
	}
	return pki__buf_finish(&b, out);
}

static void wipe_free(char *s)
{
	if (s) {
		gnutls_memset(s, 0, strlen(s));
		pki_free(s);
	}
}

int pki_key_generate_token(pki_key_t **out, const char *token_url, const char *label,
			   const char *pin, pki_key_type_t type, unsigned bits, unsigned flags)
{
	unsigned char id[16];
	gnutls_datum_t cid = { id, sizeof(id) };
	gnutls_pk_algorithm_t pk;
	unsigned gbits, tflags = 0;
	char *purl = NULL, *kurl = NULL;
	pki__buf_t b = { 0 };
	int ret;

	if ((ret = PKI__ENTER_OUT(out, 0, 0)) < 0 ||
	    (ret = check_url(token_url, "token_url", __func__)) < 0)
		return ret;
	if (!label || !*label || strlen(label) > 128)
		return pki__fail(PKI_E_INVALID_ARG, "pki_key_generate_token: label must be 1..128 "
				 "bytes");
	if (!pin)
		return pki__fail(PKI_E_PASSWORD_REQUIRED, "pki_key_generate_token: generating a key "
				 "on a token needs its user PIN");
	if (flags)
		return pki__fail(PKI_E_INVALID_ARG, "pki_key_generate_token: unknown flags 0x%x",
				 flags);
	switch (type) {
	case PKI_KEY_UNKNOWN:
	case PKI_KEY_EC_P256: pk = GNUTLS_PK_ECDSA; gbits = GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1); break;
	case PKI_KEY_EC_P384: pk = GNUTLS_PK_ECDSA; gbits = GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP384R1); break;
	case PKI_KEY_EC_P521: pk = GNUTLS_PK_ECDSA; gbits = GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP521R1); break;
	case PKI_KEY_RSA:
		pk = GNUTLS_PK_RSA;
		gbits = bits ? bits : PKI_RSA_DEFAULT_BITS;
		if (gbits < PKI_RSA_MIN_BITS)
			return pki__fail(PKI_E_WEAK, "RSA keys shorter than %d bits are refused (%u "
					 "asked)", PKI_RSA_MIN_BITS, gbits);
		if (gbits > PKI_RSA_MAX_BITS)
			return pki__fail(PKI_E_TOO_LARGE, "RSA keys longer than %d bits are not "
					 "supported (%u asked)", PKI_RSA_MAX_BITS, gbits);
		break;
	case PKI_KEY_ED25519:
	case PKI_KEY_ED448:
		return pki__fail(PKI_E_UNSUPPORTED, "EdDSA keys are not generated on tokens "
				 "(GnuTLS 3.7's PKCS#11 layer cannot): use EC or RSA");
	default: return pki__fail(PKI_E_INVALID_ARG, "unknown key type %d", (int)type);
	}
	if (pk != GNUTLS_PK_RSA && bits)
		return pki__fail(PKI_E_INVALID_ARG, "EC keys have a fixed size: pass bits = 0");
	if ((ret = token_flags(token_url, &tflags)) < 0)
		return ret;
	if ((ret = gnutls_rnd(GNUTLS_RND_NONCE, id, sizeof(id))) < 0)
		return pki__fail_gnutls(PKI_E_CRYPTO, ret, "cannot draw a key id");
	if ((ret = url_with_pin(&purl, token_url, pin)) < 0)
		return ret;
	ret = gnutls_pkcs11_privkey_generate3(purl, pk, gbits, label, &cid, 0, NULL,
					      GNUTLS_KEY_DIGITAL_SIGNATURE |
						      GNUTLS_KEY_NON_REPUDIATION |
						      GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN,
					      GNUTLS_PKCS11_OBJ_FLAG_LOGIN |
						      GNUTLS_PKCS11_OBJ_FLAG_MARK_PRIVATE |
						      GNUTLS_PKCS11_OBJ_FLAG_MARK_SENSITIVE);
	wipe_free(purl);
	if (ret < 0)
		return token_error(ret, NULL, "generating a key on the token");
	/* The new key's URI: the token part of token_url plus the id. */
	pki__buf_add(&b, token_url, strlen(token_url));
	if (token_url[strlen(token_url) - 1] != ':')
		pki__buf_add(&b, ";", 1);
	pki__buf_add(&b, "id=", 3);
	for (size_t i = 0; i < sizeof(id); i++)
		pki__buf_printf(&b, "%%%02x", id[i]);
	pki__buf_add(&b, ";type=private", 13);
	if ((ret = pki__buf_finish(&b, &kurl)) < 0)
		return ret;
	ret = open_key(out, kurl, pin);
	pki_free(kurl);
	return ret;
}

static const char *obj_type_name(gnutls_pkcs11_obj_type_t t)
{
	static const struct {
		gnutls_pkcs11_obj_type_t type;
		const char *name;
	} names[] = { { GNUTLS_PKCS11_OBJ_X509_CRT, "certificate" },
		      { GNUTLS_PKCS11_OBJ_PUBKEY, "public-key" },
		      { GNUTLS_PKCS11_OBJ_PRIVKEY, "private-key" },
		      { GNUTLS_PKCS11_OBJ_SECRET_KEY, "secret-key" },
		      { GNUTLS_PKCS11_OBJ_DATA, "data" } };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].type == t)
			return names[i].name;
	return "other";
}

static int list_tokens(pki__buf_t *b)
{
	for (unsigned seq = 0;; seq++) {
		char *url = NULL, label[256];
		size_t n = sizeof(label);
		int ret = gnutls_pkcs11_token_get_url(seq, GNUTLS_PKCS11_URL_GENERIC, &url);

		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			return 0;
		if (ret < 0)
			return token_error(ret, NULL, "listing the tokens");
		if (gnutls_pkcs11_token_get_info(url, GNUTLS_PKCS11_TOKEN_LABEL, label, &n) < 0)
			label[0] = '\0';
		pki__buf_add(b, url, strlen(url));
		pki__buf_add(b, " ", 1);
		pki__buf_add_escaped_str(b, label);
		pki__buf_add(b, "\n", 1);
		gnutls_free(url);
	}
}

static int list_objects(pki__buf_t *b, const char *url, const char *pin)
{
	gnutls_pkcs11_obj_t *objs = NULL;
	unsigned n = 0, tflags = 0;
	char *purl = NULL;
	int ret;

	if ((ret = token_flags(url, &tflags)) < 0)
		return ret;
	if ((ret = url_with_pin(&purl, url, pin)) < 0)
		return ret;
	ret = gnutls_pkcs11_obj_list_import_url4(&objs, &n, purl,
						 pin ? GNUTLS_PKCS11_OBJ_FLAG_LOGIN : 0);
	wipe_free(purl);
	if (ret < 0)
		return ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE
			       ? 0
			       : token_error(ret, NULL, "listing the token's objects");
	for (unsigned i = 0; i < n; i++) {
		char *ourl = NULL;

		if (gnutls_pkcs11_obj_export_url(objs[i], GNUTLS_PKCS11_URL_GENERIC, &ourl) >= 0) {
			pki__buf_printf(b, "%s ", obj_type_name(gnutls_pkcs11_obj_get_type(objs[i])));
			pki__buf_add_escaped_str(b, ourl);
			pki__buf_add(b, "\n", 1);
			gnutls_free(ourl);
		}
		gnutls_pkcs11_obj_deinit(objs[i]);
	}
	gnutls_free(objs);
	return 0;
}

int pki_token_list(char **out, const char *url, const char *pin, unsigned flags)
{
	pki__buf_t b = { 0 };
	int ret;

	if ((ret = PKI__ENTER_OUT(out, flags, 0)) < 0 ||
	    (url && (ret = check_url(url, "url", __func__)) < 0))
		return ret;
	ret = url ? list_objects(&b, url, pin) : list_tokens(&b);
	if (ret < 0) {
		pki__buf_discard(&b);
		return ret;
	}
	return pki__buf_finish(&b, out);
}

int pki__cert_import_url(pki_cert_t **out, const char *url)
{
	gnutls_x509_crt_t crt = NULL;
	char *full = NULL;
	unsigned tflags = 0;
	int ret;

	if ((ret = token_flags(url, &tflags)) < 0)
		return ret;
	if (!strcasestr(url, "type=")) {
		size_t n = strlen(url) + sizeof(";type=cert");

		if (!(full = pki__malloc(n)))
			return pki__fail(PKI_E_NOMEM, "out of memory");
		snprintf(full, n, "%s%stype=cert", url, url[strlen(url) - 1] == ':' ? "" : ";");
	}
	if ((ret = gnutls_x509_crt_init(&crt)) < 0) {
		pki_free(full);
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "out of memory");
	}
	ret = gnutls_x509_crt_import_url(crt, full ? full : url, 0);
	pki_free(full);
	if (ret < 0) {
		gnutls_x509_crt_deinit(crt);
		return token_error(ret, NULL, "reading the certificate from the token");
	}
	return pki__cert_wrap(out, crt);
}

int pki_cert_import_url(pki_cert_t **out, const char *url, unsigned flags)
{
	int ret;

	if ((ret = PKI__ENTER_OUT(out, flags, 0)) < 0 || (ret = check_url(url, "url", __func__)) < 0)
		return ret;
	return pki__cert_import_url(out, url);
}

int pki__chain_import_url(pki_chain_t **out, const char *url)
{
	pki_chain_t *chain;
	pki_cert_t *cert = NULL;
	int ret = pki__cert_import_url(&cert, url);

	*out = NULL;
	if (ret < 0)
		return ret;
	chain = pki__zalloc(sizeof(*chain));
	if (!chain || !(chain->certs = pki__malloc(sizeof(*chain->certs)))) {
		pki_free(chain);
		pki_cert_free(cert);
		return pki__fail(PKI_E_NOMEM, "out of memory");
	}
	chain->certs[0] = cert;
	chain->count = chain->cap = 1;
	*out = chain;
	return 0;
}
