/*
 * libpki — writing PKCS#12 files (RFC 7292) with libtasn1: the SafeContents, the encrypted
 * certificates, the AuthenticatedSafe and the MAC.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Why not GnuTLS: GnuTLS 3.7 fixes the PBKDF2 iterations of gnutls_pkcs12_bag_encrypt() and
 * of the MAC key (gnutls_pkcs12_generate_mac2()), so the count could not be chosen (issue 19
 * item 4). The private key is the PKCS#8 EncryptedPrivateKeyInfo of keyenc.c; the certificates
 * are one SafeContents encrypted with the same PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC); the
 * MAC is HMAC-SHA256 keyed by the PKCS#12 key derivation (RFC 7292 B.2, ID 3) with SHA-256, as
 * OpenSSL 3 and GnuTLS write it. The legacy algorithms (PKI_P12_LEGACY) stay GnuTLS's.
 */
#include "asn1.h"
#include "internal.h"

#include <stdio.h>
#include <string.h>

#define OID_DATA "1.2.840.113549.1.7.1"
#define OID_ENCRYPTED_DATA "1.2.840.113549.1.7.6"
#define OID_SHROUDED_KEY_BAG "1.2.840.113549.1.12.10.1.2"
#define OID_CERT_BAG "1.2.840.113549.1.12.10.1.3"
#define OID_X509_CERTIFICATE "1.2.840.113549.1.9.22.1"
#define OID_FRIENDLY_NAME "1.2.840.113549.1.9.20"
#define OID_LOCAL_KEY_ID "1.2.840.113549.1.9.21"
#define OID_SHA256 "2.16.840.1.101.3.4.2.1"

#define MAC_SALT_SIZE 16
#define SHA256_SIZE 32
#define SHA256_BLOCK 64

/*
 * @p s (UTF-8) as a BMPString's bytes (UTF-16BE; code points above U+FFFF as surrogate pairs,
 * as OpenSSL and GnuTLS convert), with two zero bytes after it when @p nul (the PKCS#12 KDF's
 * password). gnutls_free; wipe for a password.
 */
static int to_bmp(gnutls_datum_t *out, const char *s, bool nul)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), o = 0;
	unsigned char *b;

	out->data = NULL;
	out->size = 0;
	if (!(b = gnutls_malloc(4 * n + 2)))
		return pki__fail(PKI_E_NOMEM, "out of memory");
	for (size_t i = 0; i < n;) {
		unsigned c = p[i], len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3
							 : (c & 0xf8) == 0xf0 ? 4 : 0;
		unsigned cp = len == 1 ? c : len == 2 ? c & 0x1f : len == 3 ? c & 0x0f : c & 0x07;

		if (len == 0 || i + len > n)
			goto bad;
		for (unsigned k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				goto bad;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		/* Overlong forms, surrogates and values above U+10FFFF are not UTF-8. */
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			goto bad;
		if (cp >= 0x10000) {
			unsigned v = cp - 0x10000, hi = 0xd800 | v >> 10, lo = 0xdc00 | (v & 0x3ff);

			b[o++] = (unsigned char)(hi >> 8);
			b[o++] = (unsigned char)hi;
			b[o++] = (unsigned char)(lo >> 8);
			b[o++] = (unsigned char)lo;
		} else {
			b[o++] = (unsigned char)(cp >> 8);
			b[o++] = (unsigned char)cp;
		}
		i += len;
	}
	if (nul) {
		b[o++] = 0;
		b[o++] = 0;
	}
	out->data = b;
	out->size = (unsigned)o;
	return 0;
bad:
	gnutls_memset(b, 0, 4 * n + 2);
	gnutls_free(b);
	return pki__fail(PKI_E_INVALID_ARG, "the password is not valid UTF-8");
}

/*
 * The HMAC-SHA256 key of the MAC: RFC 7292 B.2 with ID 3, SHA-256 (u = 32, v = 64) and
 * @p iter iterations. One block of output is the whole key (n = u), so the B.2 steps that
 * make further blocks are not needed.
 */
static int mac_key(unsigned char key[SHA256_SIZE], const char *password, const unsigned char *salt,
		   size_t salt_len, unsigned iter)
{
	gnutls_datum_t pw = { NULL, 0 };
	gnutls_hash_hd_t h = NULL;
	unsigned char *buf = NULL;
	size_t s_len, p_len, len;
	int ret;

	if ((ret = to_bmp(&pw, password, true)) < 0)
		return ret;
	s_len = SHA256_BLOCK * ((salt_len + SHA256_BLOCK - 1) / SHA256_BLOCK);
	p_len = SHA256_BLOCK * ((pw.size + SHA256_BLOCK - 1) / SHA256_BLOCK);
	len = SHA256_BLOCK + s_len + p_len;
	if (!(buf = gnutls_malloc(len))) {
		ret = pki__fail(PKI_E_NOMEM, "out of memory");
		goto out;
	}
	/* D (64 bytes of the ID), then I = S || P, each repeated to a multiple of v. */
	memset(buf, 3, SHA256_BLOCK);
	for (size_t i = 0; i < s_len; i++)
		buf[SHA256_BLOCK + i] = salt[i % salt_len];
	for (size_t i = 0; i < p_len; i++)
		buf[SHA256_BLOCK + s_len + i] = pw.data[i % pw.size];
	if ((ret = gnutls_hash_init(&h, GNUTLS_DIG_SHA256)) < 0 ||
	    (ret = gnutls_hash(h, buf, len)) < 0)
		goto crypto;
	gnutls_hash_output(h, key); /* the output resets the state: the next round starts afresh */
	for (unsigned i = 1; i < iter; i++) {
		if ((ret = gnutls_hash(h, key, SHA256_SIZE)) < 0)
			goto crypto;
		gnutls_hash_output(h, key);
	}
	ret = 0;
	goto out;
crypto:
	ret = pki__fail_gnutls(PKI_E_CRYPTO, ret, "the PKCS#12 MAC key derivation failed");
out:
	if (h)
		gnutls_hash_deinit(h, NULL);
	if (buf) {
		gnutls_memset(buf, 0, len);
		gnutls_free(buf);
	}
	pki__wipe_datum(&pw);
	return ret;
}

/* Append to the SET OF Attribute @p name of @p node one attribute @p oid with one value, the
 * DER @p value. */
static int add_attr(asn1_node node, const char *name, const char *oid, const gnutls_datum_t *value)
{
	char path[96];
	int ret;

	if ((ret = pki__asn1_write(node, name, "NEW", 1)) < 0)
		return ret;
	snprintf(path, sizeof(path), "%s.?LAST.type", name);
	if ((ret = pki__asn1_write_str(node, path, oid)) < 0)
		return ret;
	snprintf(path, sizeof(path), "%s.?LAST.values", name);
	if ((ret = pki__asn1_write(node, path, "NEW", 1)) < 0)
		return ret;
	snprintf(path, sizeof(path), "%s.?LAST.values.?LAST", name);
	return pki__asn1_write(node, path, value->data, value->size);
}

/* The DER of a one-value node of @p type ("OctetString", "BMPValue") holding @p data. */
static int simple_der(gnutls_datum_t *out, const char *type, const void *data, size_t size)
{
	asn1_node n = NULL;
	int ret;

	if ((ret = pki__asn1_create(&n, type)) >= 0 && (ret = pki__asn1_write(n, "", data, size)) >= 0)
		ret = pki__asn1_encode(out, n, "");
	pki__asn1_free(&n);
	return ret;
}

/*
 * Append a SafeBag to the SafeContents @p sc: type @p bag_oid, value the DER @p value, and,
 * when @p id is not NULL, the localKeyId @p id and the friendlyName @p name (when not NULL).
 */
static int add_bag(asn1_node sc, const char *bag_oid, const gnutls_datum_t *value,
		   const gnutls_datum_t *id, const char *name)
{
	gnutls_datum_t v = { NULL, 0 }, bmp = { NULL, 0 };
	int ret;

	if ((ret = pki__asn1_write(sc, "", "NEW", 1)) < 0 ||
	    (ret = pki__asn1_write_str(sc, "?LAST.bagId", bag_oid)) < 0 ||
	    (ret = pki__asn1_write(sc, "?LAST.bagValue", value->data, value->size)) < 0)
		return ret;
	if (!id)
		return pki__asn1_write(sc, "?LAST.bagAttributes", NULL, 0);
	if ((ret = simple_der(&v, "OctetString", id->data, id->size)) < 0 ||
	    (ret = add_attr(sc, "?LAST.bagAttributes", OID_LOCAL_KEY_ID, &v)) < 0)
		goto out;
	if (name) {
		gnutls_free(v.data);
		v.data = NULL;
		if ((ret = to_bmp(&bmp, name, false)) < 0 ||
		    (ret = simple_der(&v, "BMPValue", bmp.data, bmp.size)) < 0 ||
		    (ret = add_attr(sc, "?LAST.bagAttributes", OID_FRIENDLY_NAME, &v)) < 0)
			goto out;
	}
out:
	pki__free_datums(&v, &bmp, NULL);
	return ret;
}

/* Append the certificate @p crt as a CertBag to @p sc (with the attributes of add_bag). */
static int add_cert(asn1_node sc, gnutls_x509_crt_t crt, const gnutls_datum_t *id,
		    const char *name)
{
	gnutls_datum_t der = { NULL, 0 }, oct = { NULL, 0 }, bag = { NULL, 0 };
	asn1_node cb = NULL;
	int ret;

	if ((ret = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der)) < 0)
		return pki__fail_gnutls(pki__map_gnutls(ret, PKI_E_CRYPTO), ret,
					"cannot encode a certificate");
	if ((ret = simple_der(&oct, "OctetString", der.data, der.size)) < 0 ||
	    (ret = pki__asn1_create(&cb, "CertBag")) < 0 ||
	    (ret = pki__asn1_write_str(cb, "certId", OID_X509_CERTIFICATE)) < 0 ||
	    (ret = pki__asn1_write(cb, "certValue", oct.data, oct.size)) < 0 ||
	    (ret = pki__asn1_encode(&bag, cb, "")) < 0)
		goto out;
	ret = add_bag(sc, OID_CERT_BAG, &bag, id, name);
out:
	pki__free_datums(&der, &oct, &bag, NULL);
	pki__asn1_free(&cb);
	return ret;
}

/* The DER of a P12EncryptedData holding @p safe (a SafeContents DER) encrypted with PBES2. */
static int encrypted_data(gnutls_datum_t *out, const gnutls_datum_t *safe, const char *password,
			  unsigned iter)
{
	asn1_node ed = NULL;
	int ret;

	if ((ret = pki__asn1_create(&ed, "P12EncryptedData")) == 0 &&
	    (ret = pki__asn1_write_int(ed, "version", 0)) == 0 &&
	    (ret = pki__asn1_write_str(ed, "encryptedContentInfo.contentType", OID_DATA)) == 0 &&
	    (ret = pki__pbes2_write(ed, "encryptedContentInfo.contentEncryptionAlgorithm",
				    "encryptedContentInfo.encryptedContent", safe, password,
				    iter)) == 0)
		ret = pki__asn1_encode(out, ed, "");
	pki__asn1_free(&ed);
	return ret;
}

/* Append a P12ContentInfo to the AuthenticatedSafe @p as: data holding @p safe (a
 * SafeContents DER), or, with a @p password, encryptedData holding it encrypted. */
static int add_part(asn1_node as, const gnutls_datum_t *safe, const char *password,
		    unsigned iter)
{
	gnutls_datum_t content = { NULL, 0 };
	int ret;

	if ((ret = pki__asn1_write(as, "", "NEW", 1)) < 0 ||
	    (ret = pki__asn1_write_str(as, "?LAST.contentType",
				       password ? OID_ENCRYPTED_DATA : OID_DATA)) < 0)
		return ret;
	ret = password ? encrypted_data(&content, safe, password, iter)
		       : simple_der(&content, "OctetString", safe->data, safe->size);
	if (ret == 0)
		ret = pki__asn1_write(as, "?LAST.content", content.data, content.size);
	gnutls_free(content.data);
	return ret;
}

/* The MacData of @p pfx over @p auth (the AuthenticatedSafe DER). */
static int write_mac(asn1_node pfx, const gnutls_datum_t *auth, const char *password,
		     unsigned iter)
{
	unsigned char salt[MAC_SALT_SIZE], key[SHA256_SIZE], digest[SHA256_SIZE];
	static const unsigned char null_der[] = { 0x05, 0x00 };
	int ret;

	if (gnutls_rnd(GNUTLS_RND_RANDOM, salt, sizeof(salt)) < 0)
		return pki__fail(PKI_E_CRYPTO, "random generator failed");
	if ((ret = mac_key(key, password, salt, sizeof(salt), iter)) < 0)
		goto out;
	if ((ret = gnutls_hmac_fast(GNUTLS_MAC_SHA256, key, sizeof(key), auth->data, auth->size,
				    digest)) < 0) {
		ret = pki__fail_gnutls(PKI_E_CRYPTO, ret, "HMAC-SHA256 failed");
		goto out;
	}
	if ((ret = pki__asn1_write_str(pfx, "macData.mac.digestAlgorithm.algorithm", OID_SHA256)) <
		    0 ||
	    (ret = pki__asn1_write(pfx, "macData.mac.digestAlgorithm.parameters", null_der,
				   sizeof(null_der))) < 0 ||
	    (ret = pki__asn1_write(pfx, "macData.mac.digest", digest, sizeof(digest))) < 0 ||
	    (ret = pki__asn1_write(pfx, "macData.macSalt", salt, sizeof(salt))) < 0 ||
	    (ret = pki__asn1_write_int(pfx, "macData.iterations", iter)) < 0)
		goto out;
out:
	gnutls_memset(key, 0, sizeof(key));
	return ret;
}

int pki__p12_write(gnutls_datum_t *out, const pki_key_t *key, gnutls_x509_crt_t cert,
		   gnutls_x509_crt_t *chain, size_t n_chain, const gnutls_datum_t *id,
		   const char *name, const char *password, unsigned iter)
{
	asn1_node certs = NULL, keys = NULL, as = NULL, pfx = NULL;
	gnutls_datum_t enc_key = { NULL, 0 }, cert_sc = { NULL, 0 }, key_sc = { NULL, 0 };
	gnutls_datum_t auth = { NULL, 0 }, auth_oct = { NULL, 0 };
	int ret;

	out->data = NULL;
	out->size = 0;
	/* The certificates: the leaf (with the key's attributes), then the chain. */
	if ((ret = pki__asn1_create(&certs, "SafeContents")) < 0 ||
	    (ret = add_cert(certs, cert, id, name)) < 0)
		goto out;
	for (size_t i = 0; i < n_chain; i++)
		if ((ret = add_cert(certs, chain[i], NULL, NULL)) < 0)
			goto out;
	if ((ret = pki__asn1_encode(&cert_sc, certs, "")) < 0)
		goto out;
	/* The key: a PKCS#8 shrouded key bag in its own, unencrypted SafeContents. */
	if ((ret = pki__key_pkcs8_export(&enc_key, key, password, iter)) < 0 ||
	    (ret = pki__asn1_create(&keys, "SafeContents")) < 0 ||
	    (ret = add_bag(keys, OID_SHROUDED_KEY_BAG, &enc_key, id, name)) < 0 ||
	    (ret = pki__asn1_encode(&key_sc, keys, "")) < 0)
		goto out;
	/* The certificates encrypted first, then the key: the order OpenSSL writes. */
	if ((ret = pki__asn1_create(&as, "AuthenticatedSafe")) < 0 ||
	    (ret = add_part(as, &cert_sc, password, iter)) < 0 ||
	    (ret = add_part(as, &key_sc, NULL, 0)) < 0 ||
	    (ret = pki__asn1_encode(&auth, as, "")) < 0)
		goto out;
	if ((ret = simple_der(&auth_oct, "OctetString", auth.data, auth.size)) < 0 ||
	    (ret = pki__asn1_create(&pfx, "PFX")) < 0 ||
	    (ret = pki__asn1_write_int(pfx, "version", 3)) < 0 ||
	    (ret = pki__asn1_write_str(pfx, "authSafe.contentType", OID_DATA)) < 0 ||
	    (ret = pki__asn1_write(pfx, "authSafe.content", auth_oct.data, auth_oct.size)) < 0 ||
	    (ret = write_mac(pfx, &auth, password, iter)) < 0)
		goto out;
	ret = pki__asn1_encode(out, pfx, "");
out:
	pki__wipe_datums(&enc_key, &cert_sc, &key_sc, &auth, &auth_oct, NULL);
	pki__asn1_free(&certs);
	if (keys)
		asn1_delete_structure2(&keys, ASN1_DELETE_FLAG_ZEROIZE);
	if (as)
		asn1_delete_structure2(&as, ASN1_DELETE_FLAG_ZEROIZE);
	if (pfx)
		asn1_delete_structure2(&pfx, ASN1_DELETE_FLAG_ZEROIZE);
	return ret;
}
