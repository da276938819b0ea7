/*
 * A catalogue of bad input for every import function: empty input, a lone PEM header, the wrong
 * PEM label, base64 garbage, DER truncated at every length, trailing garbage after DER, NUL
 * bytes, a 10 MB line, and input over the size limit. Each must give the documented error code
 * (PKI_E_PARSE, or PKI_E_TOO_LARGE over PKI_MAX_INPUT_SIZE), never a crash or a wrong object.
 */
#include "helpers.h"

#include <dirent.h>

typedef int (*import_fn)(const void *data, size_t size);

/* imp_T: pki_T_import(&out, data, size, ARGS...) into a fresh handle, which must still be NULL
 * when the import fails; the handle is freed and the code returned. */
#define DEFINE_IMP(T, ...)                                                                    \
	static int imp_##T(const void *d, size_t n)                                        \
	{                                                                                  \
		pki_##T##_t *out = NULL;                                                   \
		int rc = pki_##T##_import(&out, d, n, __VA_ARGS__);                        \
                                                                                           \
		cr_assert(rc == 0 || out == NULL, "out set on failure");                   \
		pki_##T##_free(out);                                                       \
		return rc;                                                                 \
	}
DEFINE_IMP(key, NULL, 0)
DEFINE_IMP(csr, 0)
DEFINE_IMP(cert, 0)
DEFINE_IMP(chain, 0)
DEFINE_IMP(crl, 0)

static int imp_p12(const void *d, size_t n)
{
	pki_key_t *k = NULL;
	pki_cert_t *c = NULL;
	pki_chain_t *ch = NULL;
	char *name = NULL;
	int rc = pki_p12_import(&k, &c, &ch, &name, d, n, "pw", 0);

	cr_assert(rc == 0 || (k == NULL && c == NULL && ch == NULL && name == NULL),
		  "outputs set on failure");
	pki_key_free(k);
	pki_cert_free(c);
	pki_chain_free(ch);
	pki_free(name);
	return rc;
}

/* One valid object of each kind, DER and PEM, made with libpki. */
struct sample {
	const char *what, *label;
	import_fn import;
	unsigned char *der, *pem;
	size_t der_len, pem_len;
};

static struct sample samples[6];

static void make_samples(void)
{
	pki_key_t *key = NULL;
	pki_cert_t *ca = NULL;
	pki_csr_t *csr = NULL;
	pki_chain_t *chain = NULL;
	pki_crl_t *crl = NULL;
	const char *sans[] = { "DNS:catalogue.example.com", NULL };

	ok_(pki_key_generate(&key, PKI_KEY_EC_P256, 0, 0));
	ok_(pki_cert_self_sign(&ca, key, "CN=Catalogue CA", NULL, 0));
	ok_(pki_csr_create(&csr, key, "CN=catalogue.example.com", sans, 0));
	ok_(pki_chain_new(&chain, 0));
	ok_(pki_chain_add(chain, ca, 0));
	ok_(pki_crl_create(&crl, ca, key, NULL, 0)); /* NULL: the defaults of pki_crl_opts_new */

	samples[0] = (struct sample){ "key", "PRIVATE KEY", imp_key, NULL, NULL, 0, 0 };
	ok_(pki_key_export(&samples[0].der, &samples[0].der_len, key, PKI_FORMAT_DER, NULL, 0));
	ok_(pki_key_export(&samples[0].pem, &samples[0].pem_len, key, PKI_FORMAT_PEM, NULL, 0));
	samples[1] = (struct sample){ "csr", "CERTIFICATE REQUEST", imp_csr, NULL, NULL, 0, 0 };
	ok_(pki_csr_export(&samples[1].der, &samples[1].der_len, csr, PKI_FORMAT_DER, 0));
	ok_(pki_csr_export(&samples[1].pem, &samples[1].pem_len, csr, PKI_FORMAT_PEM, 0));
	samples[2] = (struct sample){ "cert", "CERTIFICATE", imp_cert, NULL, NULL, 0, 0 };
	ok_(pki_cert_export(&samples[2].der, &samples[2].der_len, ca, PKI_FORMAT_DER, 0));
	ok_(pki_cert_export(&samples[2].pem, &samples[2].pem_len, ca, PKI_FORMAT_PEM, 0));
	samples[3] = (struct sample){ "chain", "CERTIFICATE", imp_chain, NULL, NULL, 0, 0 };
	ok_(pki_cert_export(&samples[3].der, &samples[3].der_len, ca, PKI_FORMAT_DER, 0));
	ok_(pki_chain_export(&samples[3].pem, &samples[3].pem_len, chain, 0));
	samples[4] = (struct sample){ "crl", "X509 CRL", imp_crl, NULL, NULL, 0, 0 };
	ok_(pki_crl_export(&samples[4].der, &samples[4].der_len, crl, PKI_FORMAT_DER, 0));
	ok_(pki_crl_export(&samples[4].pem, &samples[4].pem_len, crl, PKI_FORMAT_PEM, 0));
	/* PKCS#12 is DER only; PBKDF2 makes it slow (minutes under valgrind at the default
	 * 600,000 iterations), so the file uses the floor, 10,000. */
	samples[5] = (struct sample){ "pkcs12", NULL, imp_p12, NULL, NULL, 0, 0 };
	ok_(pki_p12_export_v2(&samples[5].der, &samples[5].der_len, key, ca, NULL, NULL, "pw",
			      PKI_KDF_MIN_ITERATIONS, 0));

	pki_crl_free(crl);
	pki_chain_free(chain);
	pki_csr_free(csr);
	pki_cert_free(ca);
	pki_key_free(key);
}

static void free_samples(void)
{
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		pki_free(samples[i].der);
		pki_free(samples[i].pem);
	}
	memset(samples, 0, sizeof(samples));
}

#define N_SAMPLES (sizeof(samples) / sizeof(samples[0]))

#define expect_code(s, code, data, size, why)                                                \
	do {                                                                                 \
		int rc_ = (s)->import((data), (size));                                       \
		cr_assert_eq(rc_, (code), "%s import of %s: %d (%s), expected %d; detail: %s", \
			     (s)->what, (why), rc_, pki_strerror(rc_), (code),               \
			     pki_error_detail());                                            \
	} while (0)

Test(catalogue, valid_samples_import)
{
	make_samples();
	for (size_t i = 0; i < N_SAMPLES; i++) {
		expect_code(&samples[i], 0, samples[i].der, samples[i].der_len, "valid DER");
		if (samples[i].pem)
			expect_code(&samples[i], 0, samples[i].pem, samples[i].pem_len, "valid PEM");
	}
	free_samples();
}

Test(catalogue, empty_lone_header_wrong_label_garbage)
{
	static const char garbage[] = "-----BEGIN %s-----\n!!!! not base64 ****\n-----END %s-----\n";
	char buf[512], lone[128];

	make_samples();
	for (size_t i = 0; i < N_SAMPLES; i++) {
		struct sample *s = &samples[i];
		/* the PEM of another kind: a key for the rest, a certificate for the key */
		struct sample *other = i == 0 ? &samples[2] : &samples[0];

		expect_code(s, PKI_E_PARSE, "", 0, "empty input");
		snprintf(lone, sizeof(lone), "-----BEGIN %s-----\n", s->label ? s->label : "PKCS12");
		expect_code(s, PKI_E_PARSE, lone, strlen(lone), "a lone PEM header");
		expect_code(s, PKI_E_PARSE, other->pem, other->pem_len, "the wrong PEM label");
		snprintf(buf, sizeof(buf), garbage, s->label ? s->label : "PKCS12",
			 s->label ? s->label : "PKCS12");
		expect_code(s, PKI_E_PARSE, buf, strlen(buf), "base64 garbage");
		memset(buf, 0, 256);
		expect_code(s, PKI_E_PARSE, buf, 256, "NUL bytes");
	}
	free_samples();
}

Test(catalogue, der_truncated_at_every_length, .timeout = 120)
{
	make_samples();
	for (size_t i = 0; i < N_SAMPLES; i++) {
		struct sample *s = &samples[i];

		for (size_t len = 1; len < s->der_len; len++) {
			char why[96];

			snprintf(why, sizeof(why), "DER truncated to %zu of %zu bytes", len, s->der_len);
			expect_code(s, PKI_E_PARSE, s->der, len, why);
		}
	}
	free_samples();
}

Test(catalogue, trailing_garbage_and_embedded_nul)
{
	make_samples();
	for (size_t i = 0; i < N_SAMPLES; i++) {
		struct sample *s = &samples[i];
		unsigned char *buf = malloc(s->der_len + 16);

		cr_assert_not_null(buf);
		memcpy(buf, s->der, s->der_len);
		memcpy(buf + s->der_len, "trailing garbage", 16);
		expect_code(s, PKI_E_PARSE, buf, s->der_len + 16, "DER with trailing garbage");
		free(buf);
		if (s->pem) {
			buf = malloc(s->pem_len);
			cr_assert_not_null(buf);
			memcpy(buf, s->pem, s->pem_len);
			buf[s->pem_len / 2] = '\0';
			expect_code(s, PKI_E_PARSE, buf, s->pem_len, "PEM with a NUL inside");
			free(buf);
		}
	}
	free_samples();
}

Test(catalogue, huge_line_and_size_limit, .timeout = 120)
{
	size_t big = 10u * 1024 * 1024, over = (size_t)PKI_MAX_INPUT_SIZE + 1;
	char *buf = malloc(over);

	cr_assert_not_null(buf);
	make_samples();
	for (size_t i = 0; i < N_SAMPLES; i++) {
		struct sample *s = &samples[i];
		int n = snprintf(buf, 128, "-----BEGIN %s-----\n", s->label ? s->label : "PKCS12");

		memset(buf + n, 'A', big);
		expect_code(s, PKI_E_PARSE, buf, (size_t)n + big, "a 10 MB line");
		memset(buf, 'A', over);
		expect_code(s, PKI_E_TOO_LARGE, buf, over, "input over the size limit");
	}
	free_samples();
	free(buf);
}

Test(catalogue, null_data)
{
	make_samples();
	for (size_t i = 0; i < N_SAMPLES; i++)
		expect_code(&samples[i], PKI_E_INVALID_ARG, NULL, 10, "NULL data");
	free_samples();
}

/*
 * A PKCS#12 whose MAC algorithm is unknown is refused, not treated as unprotected, and
 * nothing leaks (GnuTLS 3.7's gnutls_pkcs12_mac_info leaks the OID unless asked for it;
 * found by fuzz/fuzz_pkcs12; the valgrind and sanitizer runs check it).
 */
Test(catalogue, pkcs12_with_unknown_mac_algorithm)
{
	static const unsigned char sha256[] = { 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
						0x03, 0x04, 0x02, 0x01 };
	struct sample *s;
	unsigned char *p = NULL;

	make_samples();
	s = &samples[5];
	for (size_t i = 0; i + sizeof(sha256) <= s->der_len; i++)
		if (memcmp(s->der + i, sha256, sizeof(sha256)) == 0)
			p = s->der + i;
	cr_assert_not_null(p, "no SHA-256 MAC OID in the PKCS#12");
	p[sizeof(sha256) - 1] = 0x7f; /* 2.16.840.1.101.3.4.2.127: no such digest */
	expect_code(s, PKI_E_UNSUPPORTED, s->der, s->der_len, "an unknown MAC algorithm");
	cr_assert_not_null(strstr(pki_error_detail(), "2.16.840.1.101.3.4.2.127"), "%s",
			   pki_error_detail());
	free_samples();
}

/* ---- every past fuzz finding, as checked in under fuzz/regress/TARGET/NAME ------------------ */

/* Read @p path as the object of fuzz target @p target (with the corpus password "fuzz"); the
 * code, with every output still NULL on failure. */
static int import_finding(const char *target, const char *path)
{
	pki_key_t *k = NULL;
	pki_cert_t *c = NULL;
	pki_chain_t *ch = NULL;
	pki_csr_t *csr = NULL;
	char *name = NULL;
	int rc;

	if (strcmp(target, "key") == 0)
		rc = pki_key_import_file(&k, path, "fuzz", 0);
	else if (strcmp(target, "pkcs12") == 0)
		rc = pki_p12_import_file(&k, &c, &ch, &name, path, "fuzz", 0);
	else if (strcmp(target, "roundtrip") == 0) /* fuzz_roundtrip reads requests */
		rc = pki_csr_import_file(&csr, path, 0);
	else
		rc = 1; /* no importer: not a libpki answer */
	cr_assert_neq(rc, 1, "fuzz/regress/%s: no importer for this target", target);
	cr_assert(rc == 0 || (!k && !c && !ch && !csr && !name), "%s: outputs set on failure",
		  path);
	pki_key_free(k);
	pki_cert_free(c);
	pki_chain_free(ch);
	pki_csr_free(csr);
	pki_free(name);
	return rc;
}

/*
 * Each file under fuzz/regress (issue 13 item 9) gives the error it gave when its fix went in,
 * with the detail that names the cause; a file with no line here fails the test, so a new
 * finding is checked in with its expectation. (tests/golden.sh also runs each through the pki
 * command of its target: an answer or a refusal, never a crash.)
 */
Test(catalogue, every_fuzz_finding_gives_its_error)
{
	static const struct {
		const char *file; /* TARGET/NAME */
		int code;
		const char *detail; /* a part of pki_error_detail() */
	} findings[] = {
		{ "key/legacy-pem-des3-ciphertext-not-whole-blocks.pem", PKI_E_PARSE,
		  "not a whole number of 8-byte blocks" },
		{ "key/legacy-pem-mangled-proc-type.pem", PKI_E_BAD_PASSWORD, "encrypted PEM key" },
		{ "key/pkcs8-encrypted-empty-algorithm.der", PKI_E_PARSE, "private key" },
		{ "pkcs12/p12-unknown-mac-algorithm.p12", PKI_E_UNSUPPORTED,
		  "2.16.840.1.101.3.4.2.127" },
		{ "roundtrip/csr-pem-reencodes-as-two-bytes", PKI_E_PARSE, "truncated DER" },
	};
	const char *top = getenv("top_srcdir");
	char dir[2048], path[4096];
	size_t seen = 0;
	DIR *targets, *files;
	struct dirent *t, *f;

	snprintf(dir, sizeof(dir), "%s/fuzz/regress", top ? top : ".");
	targets = opendir(dir);
	cr_assert_not_null(targets, "cannot open %s", dir);
	while ((t = readdir(targets)) != NULL) {
		if (t->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, t->d_name);
		files = opendir(path);
		cr_assert_not_null(files, "cannot open %s", path);
		while ((f = readdir(files)) != NULL) {
			char file[1024];
			size_t i = 0;
			int rc;

			if (f->d_name[0] == '.')
				continue;
			snprintf(file, sizeof(file), "%s/%s", t->d_name, f->d_name);
			while (i < sizeof(findings) / sizeof(findings[0]) &&
			       strcmp(findings[i].file, file) != 0)
				i++;
			cr_assert_lt(i, sizeof(findings) / sizeof(findings[0]),
				     "fuzz/regress/%s has no expected error in test_catalogue.c", file);
			snprintf(path, sizeof(path), "%s/%s", dir, file);
			rc = import_finding(t->d_name, path);
			cr_assert_eq(rc, findings[i].code, "%s -> %d (%s: %s), expected %s", file, rc,
				     pki_strerror(rc), pki_error_detail(),
				     pki_strerror(findings[i].code));
			cr_assert_not_null(strstr(pki_error_detail(), findings[i].detail),
					   "%s: detail '%s' does not say '%s'", file,
					   pki_error_detail(), findings[i].detail);
			seen++;
		}
		closedir(files);
	}
	closedir(targets);
	cr_assert_eq(seen, sizeof(findings) / sizeof(findings[0]),
		     "%zu files under fuzz/regress, %zu expected", seen,
		     sizeof(findings) / sizeof(findings[0]));
}
