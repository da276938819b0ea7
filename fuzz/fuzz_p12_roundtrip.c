/*
 * PKCS#12 export then import (issue 12 item 4): a key, a certificate, a chain, a friendly name
 * and a password taken from the input are written by pki_p12_export_v2() and read back by
 * pki_p12_import(); what comes back must be what went in.
 *
 * Input: FLAGS PWLEN PW NAMELEN NAME DNLEN DN KEYLEN(2, big-endian) KEY REST
 * - KEY is imported (PEM or DER, any format pki_key_import reads); when it is not a private
 *   key, a fresh key of the type FLAGS chooses is made (EC P-256, P-384 or Ed25519: RSA
 *   generation would take most of the time).
 * - REST is imported as a certificate bundle: a certificate of the key is the one exported,
 *   the others are the chain; without one, a self-signed certificate for DN is made.
 * - NAMELEN 0 means no friendly name; PW is any bytes up to its first NUL.
 * The export uses PKI_KDF_MIN_ITERATIONS, so one execution costs six short derivations.
 */
#include "fuzz.h"

typedef struct {
	const uint8_t *p;
	size_t n;
} cursor_t;

/* The next field of @p len bytes as a NUL-terminated copy (malloc), or NULL at the end. */
static char *field(cursor_t *c, size_t len)
{
	char *s;

	if (len > c->n)
		return NULL;
	s = fuzz_strdup(c->p, len);
	c->p += len;
	c->n -= len;
	return s;
}

static char *field8(cursor_t *c)
{
	size_t len;

	if (c->n < 1)
		return NULL;
	len = c->p[0];
	c->p++;
	c->n--;
	return field(c, len);
}

static bool same_cert(const pki_cert_t *a, const pki_cert_t *b)
{
	char *fa = NULL, *fb = NULL;
	bool same;

	if (pki_cert_fingerprint(&fa, a, 0) < 0 || pki_cert_fingerprint(&fb, b, 0) < 0)
		abort();
	same = strcmp(fa, fb) == 0;
	pki_free(fa);
	pki_free(fb);
	return same;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const pki_key_type_t types[] = { PKI_KEY_EC_P256, PKI_KEY_EC_P384, PKI_KEY_ED25519 };
	cursor_t c = { data, size };
	char *pw = NULL, *name = NULL, *dn = NULL, *back_name = NULL;
	pki_key_t *key = NULL, *k = NULL;
	pki_cert_t *cert = NULL, *ct = NULL;
	pki_chain_t *bundle = NULL, *chain = NULL, *back_chain = NULL;
	unsigned char *der = NULL;
	size_t der_len = 0, keylen;
	uint8_t flags;
	int n, ret;

	if (size < 1)
		return 0;
	flags = data[0];
	c.p++;
	c.n--;
	if (!(pw = field8(&c)) || !(name = field8(&c)) || !(dn = field8(&c)) || c.n < 2)
		goto out;
	keylen = (size_t)c.p[0] << 8 | c.p[1];
	c.p += 2;
	c.n -= 2;
	if (keylen > c.n)
		goto out;
	if (keylen == 0 || pki_key_import(&key, c.p, keylen, NULL, 0) < 0 ||
	    !pki_key_has_private(key)) {
		pki_key_free(key);
		key = NULL;
		if (pki_key_generate(&key, types[(flags >> 1) % 3], 0, 0) < 0)
			abort();
	}
	c.p += keylen;
	c.n -= keylen;

	/* The certificate of the key (from REST, or made for DN) and the rest as the chain. */
	if (pki_chain_new(&chain, 0) < 0)
		abort();
	if (c.n && pki_chain_import(&bundle, c.p, c.n, 0) == 0) {
		n = pki_chain_count(bundle);
		for (int i = 0; i < n; i++) {
			const pki_cert_t *x = pki_chain_get(bundle, (unsigned)i);

			if (!cert && pki_cert_matches_key(x, key)) {
				unsigned char *xd = NULL;
				size_t xn = 0;

				if (pki_cert_export(&xd, &xn, x, PKI_FORMAT_DER, 0) < 0 ||
				    pki_cert_import(&cert, xd, xn, 0) < 0)
					abort(); /* a certificate that was read is written and read again */
				pki_free(xd);
			} else if (pki_chain_add(chain, x, 0) < 0) {
				abort();
			}
		}
	}
	if (!cert && pki_cert_self_sign(&cert, key, dn, NULL, 0) < 0)
		goto out; /* DN is not a name libpki writes */

	ret = pki_p12_export_v2(&der, &der_len, key, cert, chain, *name || (flags & 1) ? name : NULL,
				pw, PKI_KDF_MIN_ITERATIONS, 0);
	if (ret < 0) {
		/* The refusals the header documents, and nothing else. */
		if (ret != PKI_E_INVALID_ARG && ret != PKI_E_TOO_LARGE)
			abort();
		if (der || der_len)
			abort();
		goto out;
	}
	if (pki_p12_import(&k, &ct, &back_chain, &back_name, der, der_len, pw, 0) != 0)
		abort(); /* libpki cannot read what it wrote */
	if (!pki_key_equal(k, key) || !pki_key_has_private(k) || !same_cert(ct, cert))
		abort();
	n = pki_chain_count(chain);
	if (pki_chain_count(back_chain) != n)
		abort();
	for (int i = 0; i < n; i++)
		if (!same_cert(pki_chain_get(chain, (unsigned)i),
			       pki_chain_get(back_chain, (unsigned)i)))
			abort();
	if ((*name || (flags & 1)) ? !back_name || strcmp(back_name, name) != 0 : back_name != NULL)
		abort();
out:
	pki_free(der);
	pki_free(back_name);
	pki_chain_free(back_chain);
	pki_cert_free(ct);
	pki_key_free(k);
	pki_chain_free(chain);
	pki_chain_free(bundle);
	pki_cert_free(cert);
	pki_key_free(key);
	free(dn);
	free(name);
	free(pw);
	return 0;
}
