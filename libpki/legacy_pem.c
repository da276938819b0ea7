/*
 * libpki — legacy OpenSSL-encrypted PEM keys ("Proc-Type: 4,ENCRYPTED" + "DEK-Info:"), as
 * `openssl genrsa -des3 -traditional` writes them.
 *
 * GnuTLS 3.7 reads these, but aborts the process (a Nettle assertion in CBC decryption) when
 * the ciphertext is not a whole number of blocks, which any damaged or hostile file can arrange.
 * So libpki decrypts them itself: EVP_BytesToKey (MD5, one round, salt = first 8 IV bytes),
 * CBC with GnuTLS's cipher API, PKCS#7 padding check, then the plain DER goes to GnuTLS.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "internal.h"

#include <string.h>
#include <strings.h>

static const struct {
	const char *name;
	gnutls_cipher_algorithm_t alg;
	unsigned key_len, iv_len;
} ciphers[] = {
	{ "DES-EDE3-CBC", GNUTLS_CIPHER_3DES_CBC, 24, 8 },
	{ "AES-128-CBC", GNUTLS_CIPHER_AES_128_CBC, 16, 16 },
	{ "AES-192-CBC", GNUTLS_CIPHER_AES_192_CBC, 24, 16 },
	{ "AES-256-CBC", GNUTLS_CIPHER_AES_256_CBC, 32, 16 },
};

static bool is_b64(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '+' || c == '/' || c == '=';
}

/* EVP_BytesToKey with MD5 and one iteration: D_i = MD5(D_{i-1} || password || salt). */
static int derive_key(unsigned char *key, unsigned key_len, const char *password,
		      const unsigned char salt[8])
{
	unsigned char prev[16], buf[16 + 1024 + 8];
	size_t plen = strlen(password), have = 0, n;
	int ret = 0;

	if (plen > 1024)
		return pki__fail(PKI_E_INVALID_ARG, "password longer than 1024 bytes");
	while (have < key_len) {
		n = 0;
		if (have) {
			memcpy(buf, prev, 16);
			n = 16;
		}
		memcpy(buf + n, password, plen);
		memcpy(buf + n + plen, salt, 8);
		ret = gnutls_hash_fast(GNUTLS_DIG_MD5, buf, n + plen + 8, prev);
		if (ret < 0) {
			ret = pki__fail_gnutls(PKI_E_UNSUPPORTED, ret,
					       "MD5 (needed for legacy encrypted PEM) is unavailable");
			break;
		}
		n = key_len - have < 16 ? key_len - have : 16;
		memcpy(key + have, prev, n);
		have += n;
	}
	gnutls_memset(buf, 0, sizeof(buf));
	gnutls_memset(prev, 0, sizeof(prev));
	return ret;
}

#define N_CIPHERS (sizeof(ciphers) / sizeof(ciphers[0]))

/*
 * The DEK-Info header of the PEM @p data .. @p end: the cipher's index in ciphers[] in @p ci
 * and its IV in @p iv; @p rest points after them.
 */
static int dek_info(size_t *ci, unsigned char iv[16], const char **rest, const char *data,
		    const char *end)
{
	const char *p = memmem(data, (size_t)(end - data), "DEK-Info:", 9);
	size_t i;

	if (!p)
		return pki__fail(PKI_E_PARSE, "encrypted PEM key without a DEK-Info header");
	p += 9;
	while (p < end && *p == ' ')
		p++;
	for (*ci = 0; *ci < N_CIPHERS; (*ci)++) {
		size_t l = strlen(ciphers[*ci].name);

		if ((size_t)(end - p) > l && strncasecmp(p, ciphers[*ci].name, l) == 0 &&
		    p[l] == ',') {
			p += l + 1;
			break;
		}
	}
	if (*ci == N_CIPHERS)
		return pki__fail(PKI_E_UNSUPPORTED, "unsupported legacy PEM cipher (DEK-Info); "
				 "supported: DES-EDE3-CBC, AES-128/192/256-CBC");
	for (i = 0; i < ciphers[*ci].iv_len; i++) {
		int hi = p + 2 * i + 1 < end ? pki__hex_digit((unsigned char)p[2 * i]) : -1;
		int lo = hi >= 0 ? pki__hex_digit((unsigned char)p[2 * i + 1]) : -1;

		if (lo < 0)
			return pki__fail(PKI_E_PARSE, "malformed IV in the DEK-Info header");
		iv[i] = (unsigned char)(hi << 4 | lo);
	}
	*rest = p + 2 * ciphers[*ci].iv_len;
	return 0;
}

/*
 * The ciphertext in @p ct (gnutls_free): the base64 body that follows the blank line ending
 * the headers at @p p, up to the END line, without its line breaks; anything else is damage.
 */
static int body_ciphertext(gnutls_datum_t *ct, const char *p, const char *end)
{
	gnutls_datum_t b64 = { NULL, 0 };
	const char *body = memmem(p, (size_t)(end - p), "\n\n", 2), *stop;
	int ret = 0;

	if (!body) {
		body = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
		body = body ? body + 4 : NULL;
	} else {
		body += 2;
	}
	stop = body ? memmem(body, (size_t)(end - body), "-----END ", 9) : NULL;
	if (!stop)
		return pki__fail(PKI_E_PARSE, "truncated encrypted PEM key");
	b64.data = gnutls_malloc((size_t)(stop - body) + 1);
	if (!b64.data)
		return pki__fail(PKI_E_NOMEM, "out of memory");
	for (p = body; p < stop && ret == 0; p++) {
		if (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t')
			continue;
		if (!is_b64(*p))
			ret = pki__fail(PKI_E_PARSE, "invalid base64 in the encrypted PEM key");
		b64.data[b64.size++] = (unsigned char)*p;
	}
	if (ret == 0 && (ret = gnutls_base64_decode2(&b64, ct)) < 0)
		ret = pki__fail_gnutls(PKI_E_PARSE, ret, "invalid base64 in the encrypted PEM key");
	gnutls_free(b64.data);
	return ret;
}

/* Decrypt @p ct in place with cipher @p ci, @p iv and the key derived from @p password, and
 * take off its PKCS#7 padding: a wrong password almost always breaks it. */
static int decrypt_unpad(gnutls_datum_t *ct, size_t ci, unsigned char iv[16],
			 const char *password)
{
	unsigned char key[32];
	gnutls_datum_t kd = { key, ciphers[ci].key_len }, ivd = { iv, ciphers[ci].iv_len };
	gnutls_cipher_hd_t h = NULL;
	size_t pad, i;
	int ret;

	if (ct->size == 0 || ct->size % ciphers[ci].iv_len != 0)
		return pki__fail(PKI_E_PARSE,
				 "damaged encrypted PEM key: %u bytes of ciphertext is not a whole "
				 "number of %u-byte blocks", ct->size, ciphers[ci].iv_len);
	if ((ret = derive_key(key, ciphers[ci].key_len, password, iv)) < 0)
		goto out;
	if ((ret = gnutls_cipher_init(&h, ciphers[ci].alg, &kd, &ivd)) < 0) {
		ret = pki__fail_gnutls(PKI_E_UNSUPPORTED, ret, "cannot use cipher %s",
				       ciphers[ci].name);
		goto out;
	}
	if ((ret = gnutls_cipher_decrypt(h, ct->data, ct->size)) < 0) {
		ret = pki__fail_gnutls(PKI_E_CRYPTO, ret, "decryption failed");
		goto out;
	}
	pad = ct->data[ct->size - 1];
	for (i = 0; pad != 0 && pad <= ciphers[ci].iv_len && pad <= ct->size && i < pad; i++)
		if (ct->data[ct->size - 1 - i] != pad)
			break;
	if (pad == 0 || pad > ciphers[ci].iv_len || pad > ct->size || i < pad) {
		ret = pki__fail(PKI_E_BAD_PASSWORD, "wrong password for the encrypted PEM key");
		goto out;
	}
	ct->size -= (unsigned)pad;
out:
	if (h)
		gnutls_cipher_deinit(h);
	gnutls_memset(key, 0, sizeof(key));
	return ret;
}

int pki__legacy_pem_decrypt(gnutls_datum_t *der, const char *data, size_t size,
			    const char *password)
{
	gnutls_datum_t ct = { NULL, 0 };
	unsigned char iv[16];
	const char *rest = NULL;
	size_t ci = 0;
	int ret;

	der->data = NULL;
	der->size = 0;
	if ((ret = dek_info(&ci, iv, &rest, data, data + size)) < 0 ||
	    (ret = body_ciphertext(&ct, rest, data + size)) < 0)
		return ret;
	if ((ret = decrypt_unpad(&ct, ci, iv, password)) < 0) {
		if (ct.data)
			gnutls_memset(ct.data, 0, ct.size);
		gnutls_free(ct.data);
		return ret;
	}
	*der = ct;
	return 0;
}
