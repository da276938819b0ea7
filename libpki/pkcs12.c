/*
 * libpki — PKCS#12 export and import.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Certificates and chains are handled through the public API (pki_cert_import, pki_chain_*),
 * so this file depends only on the x509.h contract and the two handle layouts in internal.h.
 */
#include "asn1.h"
#include "internal.h"
#include "work-int.h"

#include <gnutls/pkcs12.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PASSWORD 1024
#define MAX_NAME 255

/* ---------------------------------------------------------------------------------------- */
/* Helpers                                                                                   */

/* The SHA-256 key identifier of a GnuTLS certificate / public key, for comparisons. */
static bool crt_has_key(gnutls_x509_crt_t crt, gnutls_pubkey_t pub)
{
	unsigned char a[32], b[32];
	size_t na = sizeof(a), nb = sizeof(b);

	if (gnutls_x509_crt_get_key_id(crt, GNUTLS_KEYID_USE_SHA256, a, &na) < 0 ||
	    gnutls_pubkey_get_key_id(pub, GNUTLS_KEYID_USE_SHA256, b, &nb) < 0)
		return false;
	return na == nb && memcmp(a, b, na) == 0;
}

/* A short description of a certificate for messages: its subject DN, or "(no subject)". */
static void crt_subject(gnutls_x509_crt_t crt, char *buf, size_t len)
{
	size_t n = len;

	if (gnutls_x509_crt_get_dn(crt, buf, &n) < 0 || !*buf)
		snprintf(buf, len, "(no subject)");
}

static int check_name(const char *name)
{
	size_t n;

	if (!name)
		return 0;
	n = strlen(name);
	if (n == 0 || n > MAX_NAME)
		return pki__fail(PKI_E_INVALID_ARG, "the friendly name must have 1 to %d characters",
				 MAX_NAME);
	for (size_t i = 0; i < n; i++)
		/* GnuTLS writes the BMPString by widening bytes, which is only right for ASCII. */
		if ((unsigned char)name[i] < 0x20 || (unsigned char)name[i] > 0x7e)
			return pki__fail(PKI_E_INVALID_ARG,
					 "the friendly name must be printable ASCII (character %zu is "
					 "not)", i + 1);
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Export                                                                                    */

/* Set the localKeyId and the friendly name of element @p idx of @p bag. */
static int bag_attrs(gnutls_pkcs12_bag_t bag, int idx, const gnutls_datum_t *id, const char *name)
{
	int ret = gnutls_pkcs12_bag_set_key_id(bag, (unsigned)idx, id);

	if (ret >= 0 && name)
		ret = gnutls_pkcs12_bag_set_friendly_name(bag, (unsigned)idx, name);
	return ret;
}

/*
 * The checks of an export, before anything is computed: the arguments, the password, the
 * flags, the name, the chain's length and that @p key is the private key of @p cert. The
 * iteration count to use in @p iter.
 */
static int export_check(unsigned *iter, unsigned char **out, size_t *size, const pki_key_t *key,
			const pki_cert_t *cert, const pki_chain_t *chain, const char *name,
			const char *password, unsigned iterations, unsigned flags)
{
	int ret;

	/* the save functions report as pki_p12_export too */
	if ((ret = pki__enter_export("pki_p12_export", out, size, key, "key", PKI_FORMAT_DER, 0)) < 0 ||
	    (ret = pki__arg("pki_p12_export", cert, "cert")) < 0 ||
	    (ret = pki__check_new_password(password)) < 0)
		return ret;
	/* No "no encryption" here: a file without a MAC is one import refuses (pkcs12.h). */
	if (!password)
		return pki__fail(PKI_E_INVALID_ARG,
				 "a PKCS#12 file is always written with a password (NULL is refused)");
	if (strlen(password) > MAX_PASSWORD)
		return pki__fail(PKI_E_INVALID_ARG, "the password is longer than %d bytes",
				 MAX_PASSWORD);
	if (flags & ~(unsigned)PKI_P12_LEGACY)
		return pki__fail(PKI_E_INVALID_ARG, "pki_p12_export: unknown flags 0x%x", flags);
	if ((flags & PKI_P12_LEGACY) && iterations)
		return pki__fail(PKI_E_INVALID_ARG, "PKI_P12_LEGACY files are written with GnuTLS's "
				 "own iteration counts: pass 0 iterations");
	if ((ret = pki__kdf_iterations(iter, iterations, PKI_P12_MAX_EXPORT_ITERATIONS,
				       password)) < 0)
		return ret;
	if ((ret = check_name(name)) < 0)
		return ret;
	/* GnuTLS reads at most 32 bags of a SafeContents: the leaf and 31 more. */
	if (chain && chain->count > PKI_P12_MAX_CHAIN)
		return pki__fail(PKI_E_TOO_LARGE, "a chain of %zu certificates; a PKCS#12 "
				 "file holds at most %u besides the certificate", chain->count,
				 PKI_P12_MAX_CHAIN);
	if (key->token) /* the private key never leaves its PKCS#11 token */
		return pki__fail(PKI_E_TOKEN_KEY, "a key on a PKCS#11 token cannot go into a "
				 "PKCS#12 file");
	if (!key->x509)
		return pki__fail(PKI_E_NO_PRIVATE_KEY,
				 "the key handle holds only a public key; a PKCS#12 file needs the "
				 "private key");
	if (!crt_has_key(pki__cert_crt(cert), key->pub)) {
		char subj[256];

		crt_subject(pki__cert_crt(cert), subj, sizeof(subj));
		return pki__fail(PKI_E_KEY_MISMATCH,
				 "the private key does not belong to the certificate %s", subj);
	}
	return 0;
}

/*
 * The PKI_P12_LEGACY file, written by GnuTLS: 3DES and a SHA-1 MAC with GnuTLS's own
 * iteration counts. The certificates (leaf first) in one encrypted SafeContents, the key as a
 * shrouded key bag in its own; both paired by @p id.
 */
static int export_legacy(gnutls_datum_t *der, const pki_key_t *key, const pki_cert_t *cert,
			 const pki_chain_t *chain, const gnutls_datum_t *id, const char *name,
			 const char *password)
{
	const gnutls_pkcs_encrypt_flags_t schema = GNUTLS_PKCS_PKCS12_3DES;
	gnutls_pkcs12_t p12 = NULL;
	gnutls_pkcs12_bag_t cbag = NULL, kbag = NULL;
	const char *step = "allocating";
	int ret, idx;

	if ((ret = gnutls_pkcs12_init(&p12)) < 0 || (ret = gnutls_pkcs12_bag_init(&cbag)) < 0 ||
	    (ret = gnutls_pkcs12_bag_init(&kbag)) < 0)
		goto out;

	step = "adding the certificate";
	if ((idx = ret = gnutls_pkcs12_bag_set_crt(cbag, pki__cert_crt(cert))) < 0 ||
	    (ret = bag_attrs(cbag, idx, id, name)) < 0)
		goto out;
	step = "adding the chain";
	for (size_t i = 0; chain && i < chain->count; i++) {
		if ((ret = gnutls_pkcs12_bag_set_crt(cbag, pki__cert_crt(chain->certs[i]))) < 0)
			goto out;
	}
	step = "encrypting the certificates";
	if ((ret = gnutls_pkcs12_bag_encrypt(cbag, password, schema)) < 0)
		goto out;
	step = "adding the certificates";
	if ((ret = gnutls_pkcs12_set_bag(p12, cbag)) < 0)
		goto out;

	step = "encrypting the private key";
	/* pbeWithSHAAnd3-KeyTripleDES-CBC is GnuTLS's: its EC scalar keeps GnuTLS's length
	 * (see keyenc.c). */
	if ((idx = ret = gnutls_pkcs12_bag_set_privkey(kbag, key->x509, password, schema)) < 0 ||
	    (ret = bag_attrs(kbag, idx, id, name)) < 0)
		goto out;
	step = "adding the private key";
	if ((ret = gnutls_pkcs12_set_bag(p12, kbag)) < 0)
		goto out;

	step = "computing the MAC";
	if ((ret = gnutls_pkcs12_generate_mac2(p12, GNUTLS_MAC_SHA1, password)) < 0)
		goto out;
	step = "encoding";
	ret = gnutls_pkcs12_export2(p12, GNUTLS_X509_FMT_DER, der);
out:
	if (ret < 0)
		ret = pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO) == PKI_E_NOMEM
					       ? PKI_E_NOMEM
					       : PKI_E_CRYPTO,
				       ret, "cannot write the PKCS#12 file: %s", step);
	if (kbag)
		gnutls_pkcs12_bag_deinit(kbag);
	if (cbag)
		gnutls_pkcs12_bag_deinit(cbag);
	if (p12)
		gnutls_pkcs12_deinit(p12);
	return ret;
}

/* pki_p12_export_v2 without the clearing: the save functions share it. The modern file is
 * pkcs12-write.c's; the legacy one GnuTLS's. */
static int p12_export(unsigned char **out, size_t *size, const pki_key_t *key,
		      const pki_cert_t *cert, const pki_chain_t *chain, const char *name,
		      const char *password, unsigned iterations, unsigned flags)
{
	gnutls_datum_t der = { NULL, 0 }, id;
	unsigned char idbuf[20];
	size_t idlen = sizeof(idbuf);
	unsigned iter;
	int ret;

	if ((ret = export_check(&iter, out, size, key, cert, chain, name, password, iterations,
				flags)) < 0)
		return ret;
	/* The key and its certificate are paired by a localKeyId: the SHA-1 key identifier. */
	if ((ret = gnutls_x509_crt_get_key_id(pki__cert_crt(cert), GNUTLS_KEYID_USE_SHA1, idbuf,
					      &idlen)) < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO) == PKI_E_NOMEM
						? PKI_E_NOMEM
						: PKI_E_CRYPTO,
					ret, "cannot write the PKCS#12 file: computing the key "
					"identifier");
	id.data = idbuf;
	id.size = (unsigned)idlen;
	if (flags & PKI_P12_LEGACY) {
		ret = export_legacy(&der, key, cert, chain, &id, name, password);
	} else {
		gnutls_x509_crt_t crts[PKI_P12_MAX_CHAIN];
		size_t n = chain ? chain->count : 0;

		for (size_t i = 0; i < n; i++)
			crts[i] = pki__cert_crt(chain->certs[i]);
		ret = pki__p12_write(&der, key, pki__cert_crt(cert), crts, n, &id, name, password,
				     iter);
	}
	if (ret == 0)
		ret = pki__datum_out(out, size, &der);
	gnutls_memset(idbuf, 0, sizeof(idbuf));
	return ret;
}

int pki_p12_export_v2(unsigned char **out, size_t *size, const pki_key_t *key,
		      const pki_cert_t *cert, const pki_chain_t *chain, const char *name,
		      const char *password, unsigned iterations, unsigned flags)
{
	pki__clear_error();
	return p12_export(out, size, key, cert, chain, name, password, iterations, flags);
}

int pki_p12_export(unsigned char **out, size_t *size, const pki_key_t *key,
		   const pki_cert_t *cert, const pki_chain_t *chain, const char *name,
		   const char *password, unsigned flags)
{
	pki__clear_error();
	return p12_export(out, size, key, cert, chain, name, password, 0, flags);
}

static int p12_save(const pki_key_t *key, const pki_cert_t *cert, const pki_chain_t *chain,
		    const char *path, const char *name, const char *password, unsigned iterations,
		    unsigned flags)
{
	unsigned char *data;
	size_t size;
	int ret;

	if (!path || !*path)
		return pki__fail(PKI_E_INVALID_ARG, "pki_p12_save: path is NULL or empty");
	if (flags & ~(unsigned)(PKI_P12_LEGACY | PKI_WRITE_OVERWRITE))
		return pki__fail(PKI_E_INVALID_ARG, "pki_p12_save: unknown flags 0x%x", flags);
	ret = p12_export(&data, &size, key, cert, chain, name, password, iterations,
			 flags & PKI_P12_LEGACY);
	if (ret < 0)
		return ret;
	ret = pki__file_write(path, data, size, (flags & PKI_WRITE_OVERWRITE) | PKI_WRITE_PRIVATE);
	pki_free(data);
	return ret;
}

int pki_p12_save(const pki_key_t *key, const pki_cert_t *cert, const pki_chain_t *chain,
		 const char *path, const char *name, const char *password, unsigned flags)
{
	pki__clear_error();
	return p12_save(key, cert, chain, path, name, password, 0, flags);
}

int pki_p12_save_v2(const pki_key_t *key, const pki_cert_t *cert, const pki_chain_t *chain,
		    const char *path, const char *name, const char *password, unsigned iterations,
		    unsigned flags)
{
	pki__clear_error();
	return p12_save(key, cert, chain, path, name, password, iterations, flags);
}

/* ---------------------------------------------------------------------------------------- */
/* Import                                                                                    */

/*
 * The work a file may ask for, counted before GnuTLS decodes or derives anything: the number
 * of parts (GnuTLS decodes the whole AuthenticatedSafe again for every part it returns, so a
 * file of many small parts costs quadratic time) and the key-derivation iterations of the MAC
 * and of every encrypted part, all together (PKI_P12_MAX_KDF_ITERATIONS).
 */
#define OID_DATA "1.2.840.113549.1.7.1"

/* The bytes of the OCTET STRING (DER or BER, constructed too) at @p der (malloc'd by
 * libtasn1: free()). */
static int octets_of(unsigned char **out, unsigned *len, const gnutls_datum_t *der,
		     const char *what)
{
	unsigned used = 0;
	int rc = asn1_decode_simple_ber(ASN1_ETYPE_OCTET_STRING, der->data, der->size, out, len,
					&used);

	if (rc != ASN1_SUCCESS)
		return pki__fail(rc == ASN1_MEM_ALLOC_ERROR ? PKI_E_NOMEM : PKI_E_PARSE,
				 "malformed PKCS#12 file: %s is not an OCTET STRING (%s)", what,
				 asn1_strerror(rc));
	return 0;
}

/*
 * The elements of the SEQUENCE (OF) that fills @p p (@p n bytes), found with libtasn1's tag and
 * length readers (BER indefinite lengths too) without decoding them: their number in @p count
 * and, when @p elems is not NULL, where each starts and how long it is (up to @p max).
 * PKI_E_TOO_LARGE above @p max elements, before reading further.
 */
static int split_seq(gnutls_datum_t *elems, size_t max, size_t *count, const unsigned char *p,
		     size_t n, const char *what)
{
	unsigned char cls;
	int taglen = 0, lenlen = 0;
	unsigned long tag;
	long len;
	size_t off, end;

	*count = 0;
	if (n > INT_MAX || asn1_get_tag_der(p, (int)n, &cls, &taglen, &tag) != ASN1_SUCCESS ||
	    tag != 16 || (len = asn1_get_length_ber(p + taglen, (int)n - taglen, &lenlen)) < 0 ||
	    (size_t)taglen + (size_t)lenlen + (size_t)len != n)
		return pki__fail(PKI_E_PARSE, "malformed PKCS#12 file: %s is not a SEQUENCE", what);
	off = (size_t)taglen + (size_t)lenlen;
	end = n;
	while (off < end) {
		if (asn1_get_tag_der(p + off, (int)(end - off), &cls, &taglen, &tag) !=
			    ASN1_SUCCESS ||
		    (len = asn1_get_length_ber(p + off + taglen, (int)(end - off) - taglen,
					       &lenlen)) < 0 ||
		    (size_t)taglen + (size_t)lenlen + (size_t)len > end - off)
			return pki__fail(PKI_E_PARSE, "malformed PKCS#12 file: damaged %s", what);
		if (cls == 0 && tag == 0 && len == 0)
			break; /* the end-of-contents of an indefinite length */
		if (*count == max)
			return pki__fail(PKI_E_TOO_LARGE,
					 "the PKCS#12 file has more than %zu %s; libpki reads at "
					 "most %zu",
					 max, what, max);
		if (elems) {
			elems[*count].data = (unsigned char *)p + off;
			elems[*count].size = (unsigned)((size_t)taglen + (size_t)lenlen + (size_t)len);
		}
		(*count)++;
		off += (size_t)taglen + (size_t)lenlen + (size_t)len;
	}
	return 0;
}

/* The content of the P12ContentInfo element @p name of @p node: the bytes of its OCTET STRING
 * (free()). */
static int content_octets(unsigned char **out, unsigned *len, asn1_node node, const char *name,
			  const char *what)
{
	gnutls_datum_t any = { NULL, 0 };
	int ret = pki__asn1_read(&any, node, name);

	if (ret < 0)
		return pki__fail(ret == PKI_E_NOMEM ? ret : PKI_E_PARSE,
				 "malformed PKCS#12 file: %s has no content", what);
	ret = octets_of(out, len, &any, what);
	gnutls_free(any.data);
	return ret;
}

/* Decode @p der as @p type as GnuTLS would (BER accepted), into @p node. */
static int decode_ber(asn1_node *node, const char *type, const void *der, size_t size)
{
	char err[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";
	int ret, rc, len;

	if (size > INT_MAX)
		return pki__fail(PKI_E_TOO_LARGE, "input too large");
	if ((ret = pki__asn1_create(node, type)) < 0)
		return ret;
	len = (int)size;
	rc = asn1_der_decoding2(node, der, &len, 0, err);
	if (rc != ASN1_SUCCESS) {
		pki__asn1_free(node);
		return pki__fail(rc == ASN1_MEM_ALLOC_ERROR ? PKI_E_NOMEM : PKI_E_PARSE,
				 "not a PKCS#12 file, or a damaged one (%s%s%s)", asn1_strerror(rc),
				 *err ? ": " : "", err);
	}
	return 0;
}

/*
 * Count the parts of the PFX @p der before GnuTLS sees them: at most PKI_P12_MAX_SAFES
 * ContentInfos, at most PKI_P12_MAX_SAFE_BAGS bags in each unencrypted SafeContents; and
 * whether the file has a MAC.
 */
static int prescan(size_t *n_safes, bool *has_mac, const gnutls_datum_t *der)
{
	asn1_node pfx = NULL, ci = NULL;
	unsigned char *auth = NULL, *safe = NULL;
	unsigned auth_len = 0, safe_len = 0;
	gnutls_datum_t elems[PKI_P12_MAX_SAFES];
	char oid[128];
	size_t n = 0, bags;
	int ret;

	*n_safes = 0;
	*has_mac = false;
	if ((ret = decode_ber(&pfx, "PFX", der->data, der->size)) < 0)
		return ret;
	{
		gnutls_datum_t mac;

		*has_mac = pki__asn1_der_of(&mac, pfx, "macData", der->data, der->size) == 0;
		pki__clear_error();
	}
	if ((ret = pki__asn1_read_oid(oid, sizeof(oid), pfx, "authSafe.contentType")) < 0)
		goto out;
	if (strcmp(oid, OID_DATA) != 0) {
		ret = pki__fail(PKI_E_UNSUPPORTED,
				"unsupported PKCS#12 file: its content is of type %s, not data (public-key "
				"integrity mode is not supported)",
				oid);
		goto out;
	}
	if ((ret = content_octets(&auth, &auth_len, pfx, "authSafe.content",
				  "the AuthenticatedSafe")) < 0 ||
	    (ret = split_seq(elems, PKI_P12_MAX_SAFES, &n, auth, auth_len, "parts")) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if ((ret = decode_ber(&ci, "P12ContentInfo", elems[i].data, elems[i].size)) < 0 ||
		    (ret = pki__asn1_read_oid(oid, sizeof(oid), ci, "contentType")) < 0)
			goto out;
		if (strcmp(oid, OID_DATA) == 0) {
			/* GnuTLS keeps the first 32 bags of a SafeContents and drops the rest. */
			if ((ret = content_octets(&safe, &safe_len, ci, "content",
						  "a SafeContents")) < 0 ||
			    (ret = split_seq(NULL, PKI_P12_MAX_SAFE_BAGS, &bags, safe, safe_len,
					     "bags in one SafeContents")) < 0)
				goto out;
			free(safe);
			safe = NULL;
		}
		pki__asn1_free(&ci);
	}
	*n_safes = n;
	ret = 0;
out:
	free(safe);
	free(auth);
	pki__asn1_free(&ci);
	pki__asn1_free(&pfx);
	return ret;
}

/* The iterations spent and allowed: the one budget of a file. */
typedef struct {
	unsigned long long spent;
} budget_t;

/* Take @p iter iterations for @p what from @p b, or PKI_E_TOO_LARGE (nothing is derived). */
static int budget_take(budget_t *b, unsigned iter, const char *what)
{
	if (b->spent + iter > PKI_P12_MAX_KDF_ITERATIONS)
		return pki__fail(PKI_E_TOO_LARGE,
				 "the PKCS#12 file asks for more than %u key-derivation iterations "
				 "in all (%llu before %s, which asks for %u): refused before "
				 "deriving anything",
				 PKI_P12_MAX_KDF_ITERATIONS, b->spent, what, iter);
	b->spent += iter;
	return 0;
}

/* The iterations of the encrypted PKCS#8 key @p d (0 when GnuTLS cannot read its parameters:
 * then it cannot decrypt it either). */
static unsigned pkcs8_iter(const gnutls_datum_t *d)
{
	unsigned schema = 0, cipher = 0, iter = 0;

	/* GnuTLS 3.7's gnutls_pkcs8_info aborts on some malformed structures (key.c): it only
	 * sees what libtasn1 decodes strictly. */
	if (!pki__asn1_is_epki(d->data, d->size))
		return 0;
	if (gnutls_pkcs8_info(d, GNUTLS_X509_FMT_DER, &schema, &cipher, NULL, NULL, &iter,
			      NULL) < 0)
		return 0;
	return iter;
}

/* The iterations the encrypted SafeContents @p bag asks for (0 as for pkcs8_iter). */
static unsigned bag_iter(gnutls_pkcs12_bag_t bag)
{
	unsigned schema = 0, cipher = 0, iter = 0;

	if (gnutls_pkcs12_bag_enc_info(bag, &schema, &cipher, NULL, NULL, &iter, NULL) < 0)
		return 0;
	return iter;
}

/* Take from @p b what the elements of the (decrypted or plain) @p bag ask for. */
static int budget_bag_keys(budget_t *b, gnutls_pkcs12_bag_t bag)
{
	int count = gnutls_pkcs12_bag_get_count(bag), ret;

	for (int i = 0; i < count; i++) {
		gnutls_datum_t d = { NULL, 0 };

		if (gnutls_pkcs12_bag_get_type(bag, (unsigned)i) != GNUTLS_BAG_PKCS8_ENCRYPTED_KEY ||
		    gnutls_pkcs12_bag_get_data(bag, (unsigned)i, &d) < 0)
			continue;
		if ((ret = budget_take(b, pkcs8_iter(&d), "a private key")) < 0)
			return ret;
	}
	return 0;
}

/* What the bags held, collected before deciding which certificate is the key's. */
typedef struct {
	pki_key_t *key;
	char *key_name;        /* friendlyName of the key bag (pki_free) */
	int n_keys;
	pki_cert_t **certs;
	char **cert_names;     /* friendlyName of each certificate bag, or NULL (pki_free) */
	size_t n_certs, cap;
	bool mac_verified;     /* the MAC verified with the password: it is right */
	budget_t budget;       /* iterations of keys found inside encrypted parts are taken here */
} contents_t;

static void contents_clear(contents_t *c)
{
	pki_key_free(c->key);
	pki_free(c->key_name);
	for (size_t i = 0; i < c->n_certs; i++) {
		pki_cert_free(c->certs[i]);
		pki_free(c->cert_names[i]);
	}
	pki_free(c->certs);
	pki_free(c->cert_names);
	memset(c, 0, sizeof(*c));
}

static char *bag_name(gnutls_pkcs12_bag_t bag, unsigned i)
{
	char *name = NULL;

	if (gnutls_pkcs12_bag_get_friendly_name(bag, i, &name) < 0 || !name || !*name)
		return NULL;
	return pki__strdup(name);
}

/* The certificates other than the @p mine one, as a chain: moved out of @p c, not copied. */
static int rest_chain(pki_chain_t **out, contents_t *c, size_t mine)
{
	size_t n = c->n_certs - 1;
	pki_chain_t *rest;

	*out = NULL;
	if (n > PKI_MAX_CHAIN_CERTS)
		return pki__fail(PKI_E_TOO_LARGE, "a chain holds at most %u certificates",
				 PKI_MAX_CHAIN_CERTS);
	if (!(rest = pki__zalloc(sizeof(*rest))) ||
	    (n && !(rest->certs = pki__malloc(n * sizeof(*rest->certs))))) {
		pki_free(rest);
		return pki__fail(PKI_E_NOMEM, "out of memory");
	}
	rest->cap = n;
	for (size_t i = 0; i < c->n_certs; i++)
		if (i != mine) {
			rest->certs[rest->count++] = c->certs[i];
			c->certs[i] = NULL;
		}
	*out = rest;
	return 0;
}

static int add_cert(contents_t *c, gnutls_pkcs12_bag_t bag, unsigned i, const gnutls_datum_t *d)
{
	/* every bag the PFX may hold (count_parts bounds them before GnuTLS decodes) */
	const size_t max = (size_t)PKI_P12_MAX_SAFES * PKI_P12_MAX_SAFE_BAGS;
	size_t cap = c->cap, names_cap = c->cap;
	pki_cert_t *cert = NULL;
	pki_cert_t **certs;
	char **names;
	int ret = 0;

	/* two arrays of one length; should the second fail to grow, the first is only larger */
	if (!(certs = pki__grow(c->certs, &cap, c->n_certs, sizeof(*certs), max, "certificates",
				&ret)))
		return ret;
	c->certs = certs;
	if (!(names = pki__grow(c->cert_names, &names_cap, c->n_certs, sizeof(*names), max,
				"certificates", &ret)))
		return ret;
	c->cert_names = names;
	c->cap = cap < names_cap ? cap : names_cap;
	ret = pki__cert_import(&cert, d->data, d->size);
	if (ret < 0)
		return pki__fail_wrap(ret == PKI_E_NOMEM ? ret : PKI_E_PARSE,
				      "a certificate in the PKCS#12 file");
	c->certs[c->n_certs] = cert;
	c->cert_names[c->n_certs] = bag_name(bag, i);
	c->n_certs++;
	return 0;
}

/*
 * A shrouded key bag read without a password: OpenSSL's PKCS12_create(NULL, ...) and pyca's
 * NoEncryption() encrypt it with the absent (zero-length) password, as they key the MAC, so
 * that password is tried, as for the MAC and the encrypted parts. GnuTLS decrypts with it
 * when given NULL; the plain PKCS#8 it gives back then goes through pki_key_import's checks.
 * Its iterations were taken from the file's budget before.
 */
static int import_key_absent_password(pki_key_t **out, const gnutls_datum_t *d)
{
	gnutls_x509_privkey_t x509 = NULL;
	gnutls_datum_t plain = { NULL, 0 };
	int ret;

	if ((ret = gnutls_x509_privkey_init(&x509)) < 0)
		return pki__fail_gnutls(PKI_E_NOMEM, ret, "cannot allocate a key");
	ret = gnutls_x509_privkey_import_pkcs8(x509, d, GNUTLS_X509_FMT_DER, NULL, 0);
	if (ret >= 0)
		ret = gnutls_x509_privkey_export2_pkcs8(x509, GNUTLS_X509_FMT_DER, NULL,
							GNUTLS_PKCS_PLAIN, &plain);
	gnutls_x509_privkey_deinit(x509);
	if (ret < 0) {
		pki__wipe_datum(&plain);
		return pki__fail(PKI_E_PASSWORD_REQUIRED,
				 "the private key in the PKCS#12 file is encrypted: a password is "
				 "required");
	}
	ret = pki__key_import(out, plain.data, plain.size, NULL);
	pki__wipe_datum(&plain);
	return ret;
}

static int add_key(contents_t *c, gnutls_pkcs12_bag_t bag, unsigned i, const gnutls_datum_t *d,
		   bool encrypted, const char *password)
{
	int ret;

	if (++c->n_keys > 1)
		return 0; /* refused once every bag is read */
	if (encrypted && !password)
		ret = import_key_absent_password(&c->key, d);
	else
		ret = pki__key_import(&c->key, d->data, d->size, encrypted ? password : NULL);
	if (ret == PKI_E_BAD_PASSWORD && c->mac_verified)
		/*
		 * GnuTLS says "decryption failed" when the decrypted key does not parse either.
		 * The MAC proved the password right, so the key itself is what it cannot read.
		 */
		return pki__fail(PKI_E_UNSUPPORTED,
				 "the password is right (the MAC verifies) but the private key "
				 "cannot be decoded; GnuTLS 3.7 cannot read EC keys stored without "
				 "their public key, as Java's keytool writes them");
	if (ret < 0)
		return pki__fail_wrap(ret, "the private key in the PKCS#12 file");
	c->key_name = bag_name(bag, i);
	return 0;
}

/* Decrypt the encrypted SafeContents @p bag in place. */
static int decrypt_bag(gnutls_pkcs12_bag_t bag, const char *password)
{
	int ret, code;

	/* No password: the absent (zero-length) password is tried, as for the MAC. */
	ret = gnutls_pkcs12_bag_decrypt(bag, password);
	if (ret >= 0)
		return 0;
	if (!password)
		return pki__fail(PKI_E_PASSWORD_REQUIRED,
				 "the PKCS#12 file is encrypted: a password is required");
	code = pki__map_gnutls(ret, PKI_E_BAD_PASSWORD);
	/* A wrong key gives garbage that fails to parse as often as it fails the padding
	 * check: both mean the password is wrong. */
	if (code == PKI_E_PARSE)
		code = PKI_E_BAD_PASSWORD;
	return pki__fail_gnutls(code, ret,
				code == PKI_E_BAD_PASSWORD ? "wrong password for the PKCS#12 file"
							   : "cannot decrypt the PKCS#12 certificates");
}

/* Read every element of @p bag (decrypting it first when it is an encrypted SafeContents). */
static int read_bag(contents_t *c, gnutls_pkcs12_bag_t bag, const char *password)
{
	int count, ret;

	if (gnutls_pkcs12_bag_get_type(bag, 0) == GNUTLS_BAG_ENCRYPTED) {
		if ((ret = decrypt_bag(bag, password)) < 0)
			return ret;
		/* Keys inside an encrypted part were not visible before: their iterations
		 * come out of what is left of the budget. */
		if ((ret = budget_bag_keys(&c->budget, bag)) < 0)
			return ret;
	}
	count = gnutls_pkcs12_bag_get_count(bag);
	if (count < 0)
		return pki__fail_gnutls(PKI_E_PARSE, count, "malformed PKCS#12 bag");
	for (unsigned i = 0; i < (unsigned)count; i++) {
		gnutls_datum_t d = { NULL, 0 };
		int type = gnutls_pkcs12_bag_get_type(bag, i);

		if (type != GNUTLS_BAG_CERTIFICATE && type != GNUTLS_BAG_PKCS8_KEY &&
		    type != GNUTLS_BAG_PKCS8_ENCRYPTED_KEY)
			continue; /* CRLs, secrets, unknown bags */
		/* The data stays owned by the bag. */
		ret = gnutls_pkcs12_bag_get_data(bag, i, &d);
		if (ret < 0 || !d.data || d.size == 0)
			return pki__fail_gnutls(PKI_E_PARSE, ret < 0 ? ret : GNUTLS_E_PARSING_ERROR,
						"malformed PKCS#12 bag");
		if (type == GNUTLS_BAG_CERTIFICATE)
			ret = add_cert(c, bag, i, &d);
		else
			ret = add_key(c, bag, i, &d, type == GNUTLS_BAG_PKCS8_ENCRYPTED_KEY,
				      password);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/*
 * After the MAC failed: whether @p password decrypts the first encrypted part (a wrong
 * password, or a damaged file?). One decryption at most: it stops at its first failure.
 */
static bool first_decrypts(gnutls_pkcs12_bag_t *bags, size_t n, const char *password)
{
	for (size_t i = 0; i < n; i++) {
		int count;

		if (gnutls_pkcs12_bag_get_type(bags[i], 0) == GNUTLS_BAG_ENCRYPTED)
			return gnutls_pkcs12_bag_decrypt(bags[i], password) >= 0;
		count = gnutls_pkcs12_bag_get_count(bags[i]);
		for (int j = 0; j < count; j++) {
			gnutls_datum_t d = { NULL, 0 };
			gnutls_x509_privkey_t k;
			int ret;

			if (gnutls_pkcs12_bag_get_type(bags[i], (unsigned)j) !=
				    GNUTLS_BAG_PKCS8_ENCRYPTED_KEY ||
			    gnutls_pkcs12_bag_get_data(bags[i], (unsigned)j, &d) < 0)
				continue;
			if (gnutls_x509_privkey_init(&k) < 0)
				return false;
			ret = gnutls_x509_privkey_import_pkcs8(k, &d, GNUTLS_X509_FMT_DER,
							       password, 0);
			gnutls_x509_privkey_deinit(k);
			return ret >= 0;
		}
	}
	return false;
}

enum { MAC_OK, MAC_MISMATCH };

/* The MAC's iterations, taken from @p b before anything is derived (or an error). */
static int mac_budget(budget_t *b, gnutls_pkcs12_t p12)
{
	unsigned mac = 0, iter = 0;
	char *oid = NULL;
	/* Ask for the OID and free it: with oid NULL, GnuTLS 3.7 leaks it when the MAC's
	 * algorithm is unknown (found by fuzz/fuzz_pkcs12). */
	int ret = gnutls_pkcs12_mac_info(p12, &mac, NULL, NULL, &iter, &oid);

	if (ret == GNUTLS_E_UNKNOWN_HASH_ALGORITHM) {
		/* A MAC we cannot check is not the same as no MAC: refuse rather than skip it. */
		ret = pki__fail(PKI_E_UNSUPPORTED, "unsupported PKCS#12 MAC algorithm %s",
				oid ? oid : "(unknown)");
		gnutls_free(oid);
		return ret;
	}
	gnutls_free(oid);
	if (ret < 0)
		return pki__fail_gnutls(PKI_E_PARSE, ret, "cannot read the PKCS#12 MAC");
	return budget_take(b, iter ? iter : 1, "the MAC");
}

/* Verify the MAC: MAC_OK, MAC_MISMATCH (what it means is decided later), or an error. */
static int check_mac(gnutls_pkcs12_t p12, const char *password)
{
	int ret;

	/* No password: the file may still carry a MAC keyed by the absent password (a zero-length
	 * one, not the empty BMPString), as OpenSSL's PKCS12_create(NULL, ...) and pyca's
	 * NoEncryption() write; it is accepted when that MAC verifies. */
	ret = gnutls_pkcs12_verify_mac(p12, password);
	if (!password && ret < 0)
		return pki__fail(PKI_E_PASSWORD_REQUIRED,
				 "the PKCS#12 file is password-protected: a password is required");
	if (ret == GNUTLS_E_MAC_VERIFY_FAILED)
		return MAC_MISMATCH;
	if (ret < 0) {
		int code = pki__map_gnutls(ret, PKI_E_PARSE);

		return pki__fail_gnutls(code == PKI_E_UNSUPPORTED || code == PKI_E_NOMEM ? code
											 : PKI_E_PARSE,
					ret, "cannot check the PKCS#12 MAC");
	}
	return MAC_OK;
}

/* Choose the key's certificate among @p c and hand everything to the caller. */
static int finish_import(contents_t *c, pki_key_t **key, pki_cert_t **cert, pki_chain_t **chain,
			 char **name)
{
	pki_chain_t *rest = NULL;
	size_t mine;
	int ret;

	if (c->n_keys == 0)
		return pki__fail(PKI_E_NOT_FOUND,
				 "the PKCS#12 file holds no private key (%zu certificate%s only)",
				 c->n_certs, c->n_certs == 1 ? "" : "s");
	if (c->n_keys > 1)
		return pki__fail(PKI_E_UNSUPPORTED,
				 "the PKCS#12 file holds %d private keys; libpki reads files with "
				 "one",
				 c->n_keys);
	for (mine = 0; mine < c->n_certs; mine++)
		if (crt_has_key(pki__cert_crt(c->certs[mine]), c->key->pub))
			break;
	if (mine == c->n_certs)
		return pki__fail(PKI_E_NOT_FOUND,
				 "the PKCS#12 file holds no certificate for its private key (%zu "
				 "other certificate%s)",
				 c->n_certs, c->n_certs == 1 ? "" : "s");
	if (chain && (ret = rest_chain(&rest, c, mine)) < 0)
		return ret;
	if (name) {
		const char *n = c->key_name ? c->key_name : c->cert_names[mine];

		if (n && !(*name = pki__strdup(n))) {
			pki_chain_free(rest);
			return pki__fail(PKI_E_NOMEM, "out of memory");
		}
	}
	*key = c->key;
	c->key = NULL;
	*cert = c->certs[mine];
	c->certs[mine] = NULL;
	if (chain)
		*chain = rest;
	return 0;
}

/*
 * The @p n_safes parts of @p p12 into @p bags (their number, for freeing, in @p n_bags, also on
 * failure), each one's key derivations taken from @p budget before anything is derived.
 */
static int get_parts(gnutls_pkcs12_bag_t *bags, size_t *n_bags, budget_t *budget,
		     gnutls_pkcs12_t p12, size_t n_safes)
{
	int ret;

	for (*n_bags = 0; *n_bags < n_safes; (*n_bags)++) {
		gnutls_pkcs12_bag_t *bag = &bags[*n_bags];

		if ((ret = gnutls_pkcs12_bag_init(bag)) < 0)
			return pki__fail_gnutls(PKI_E_NOMEM, ret, "out of memory");
		ret = gnutls_pkcs12_get_bag(p12, (int)*n_bags, *bag);
		if (ret < 0) {
			gnutls_pkcs12_bag_deinit(*bag);
			return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_PARSE) == PKI_E_UNSUPPORTED
							? PKI_E_UNSUPPORTED
							: PKI_E_PARSE,
						ret, "cannot read PKCS#12 part %zu", *n_bags + 1);
		}
		if (gnutls_pkcs12_bag_get_type(*bag, 0) == GNUTLS_BAG_ENCRYPTED)
			ret = budget_take(budget, bag_iter(*bag), "an encrypted part");
		else
			ret = budget_bag_keys(budget, *bag);
		if (ret < 0) {
			(*n_bags)++;
			return ret;
		}
	}
	return 0;
}

/*
 * 0 when the MAC of @p p12 verifies with @p password. Otherwise the MAC and the encryption use
 * the same password, so one decryption of the parts @p bags tells a wrong password from a
 * modified file; nothing more is tried.
 */
static int verify_mac(gnutls_pkcs12_t p12, const char *password, gnutls_pkcs12_bag_t *bags,
		      size_t n_bags)
{
	int ret = check_mac(p12, password);

	if (ret != MAC_MISMATCH)
		return ret < 0 ? ret : 0;
	if (password && first_decrypts(bags, n_bags, password))
		return pki__fail(PKI_E_PARSE,
				 "the PKCS#12 file is damaged or was modified: its MAC does not "
				 "verify although the password decrypts it");
	return pki__fail(PKI_E_BAD_PASSWORD,
			 "wrong password for the PKCS#12 file (its MAC does not verify)");
}

/* The start of both imports: every output NULL, the two required ones present. */
static int clear_outputs(pki_key_t **key, pki_cert_t **cert, pki_chain_t **chain, char **name,
			 const char *fn)
{
	pki__clear_error();
	if (key)
		*key = NULL;
	if (cert)
		*cert = NULL;
	if (chain)
		*chain = NULL;
	if (name)
		*name = NULL;
	if (!key || !cert)
		return pki__fail(PKI_E_INVALID_ARG, "%s: key or cert is NULL", fn);
	return 0;
}

/* The DER of the input in @p der: @p data itself, or its PEM block decoded into @p pem_der
 * (gnutls_free). */
static int input_der(gnutls_datum_t *der, gnutls_datum_t *pem_der, const void *data, size_t size)
{
	int ret;

	if (!pki__is_pem(data, size)) {
		der->data = (unsigned char *)data;
		der->size = (unsigned)size;
		return 0;
	}
	if (!pki__pem_has_label(data, size, "PKCS12"))
		return pki__fail(PKI_E_PARSE, "not a PKCS#12 file (PEM without a PKCS12 block)");
	if ((ret = pki__pem_to_der(pem_der, data, size, "PKCS12")) < 0)
		return ret;
	*der = *pem_der;
	return 0;
}

/* The body of both imports; @p fn names the public one in the details. */
static int p12_import(const char *fn, pki_key_t **key, pki_cert_t **cert, pki_chain_t **chain,
		      char **name, const void *data, size_t size, const char *password,
		      unsigned flags)
{
	gnutls_pkcs12_t p12 = NULL;
	gnutls_pkcs12_bag_t bags[PKI_P12_MAX_SAFES];
	gnutls_datum_t der = { NULL, 0 }, pem_der = { NULL, 0 };
	contents_t c = { 0 };
	size_t n_safes = 0, n_bags = 0;
	bool has_mac = false;
	int ret;

	if ((ret = clear_outputs(key, cert, chain, name, fn)) < 0 ||
	    (ret = pki__flags(fn, flags, PKI_P12_ALLOW_NO_MAC)) < 0)
		return ret;
	if ((ret = pki__check_input(data, size)) < 0)
		return ret;
	if (password && strlen(password) > MAX_PASSWORD)
		return pki__fail(PKI_E_INVALID_ARG, "the password is longer than %d bytes",
				 MAX_PASSWORD);

	if ((ret = input_der(&der, &pem_der, data, size)) < 0)
		return ret;

	/* 1. Count the parts and look for the MAC, before GnuTLS decodes anything. */
	if ((ret = prescan(&n_safes, &has_mac, &der)) < 0)
		goto out;
	if (!has_mac && !(flags & PKI_P12_ALLOW_NO_MAC)) {
		ret = pki__fail(PKI_E_WEAK,
				"the PKCS#12 file has no MAC, so nothing shows that it was not "
				"modified (a key or certificate could have been swapped); the flag "
				"PKI_P12_ALLOW_NO_MAC reads it anyway");
		goto out;
	}
	if ((ret = gnutls_pkcs12_init(&p12)) < 0) {
		ret = pki__fail_gnutls(PKI_E_NOMEM, ret, "out of memory");
		goto out;
	}
	ret = gnutls_pkcs12_import(p12, &der, GNUTLS_X509_FMT_DER, 0);
	if (ret < 0) {
		ret = pki__fail_gnutls(ret == GNUTLS_E_MEMORY_ERROR ? PKI_E_NOMEM : PKI_E_PARSE, ret,
				       "not a PKCS#12 file, or a damaged one");
		goto out;
	}

	/* 2. The one budget: the MAC and every encrypted part visible now, before deriving. */
	if ((has_mac && (ret = mac_budget(&c.budget, p12)) < 0) ||
	    (ret = get_parts(bags, &n_bags, &c.budget, p12, n_safes)) < 0)
		goto out;
	/* 3. The MAC first; nothing is decrypted before it verifies. */
	if (has_mac) {
		if ((ret = verify_mac(p12, password, bags, n_bags)) < 0)
			goto out;
		c.mac_verified = true;
	}

	/* 4. Read the parts, stopping at the first failure. */
	for (size_t i = 0; i < n_bags; i++)
		if ((ret = read_bag(&c, bags[i], password)) < 0)
			goto out;
	ret = finish_import(&c, key, cert, chain, name);
	if (ret == 0)
		pki__clear_error();
out:
	for (size_t i = 0; i < n_bags; i++)
		gnutls_pkcs12_bag_deinit(bags[i]);
	contents_clear(&c);
	if (p12)
		gnutls_pkcs12_deinit(p12);
	if (pem_der.data)
		gnutls_free(pem_der.data);
	return ret;
}

int pki_p12_import(pki_key_t **key, pki_cert_t **cert, pki_chain_t **chain, char **name,
		   const void *data, size_t size, const char *password, unsigned flags)
{
	pki__clear_error();
	return p12_import(__func__, key, cert, chain, name, data, size, password, flags);
}

int pki_p12_import_file(pki_key_t **key, pki_cert_t **cert, pki_chain_t **chain, char **name,
			const char *path, const char *password, unsigned flags)
{
	unsigned char *data;
	size_t size;
	int ret;

	pki__clear_error();
	if ((ret = clear_outputs(key, cert, chain, name, __func__)) < 0 ||
	    (ret = pki__flags(__func__, flags, PKI_P12_ALLOW_NO_MAC)) < 0 ||
	    (ret = pki__path(__func__, path)) < 0 || (ret = pki__file_read(&data, &size, path)) < 0)
		return ret;
	ret = p12_import(__func__, key, cert, chain, name, data, size, password, flags);
	pki_free(data);
	return ret;
}
