/*
 * The seed workflow through the C API: a private CA and a TLS server certificate for it.
 *
 *   seed_workflow DIR [PASSWORD]     (PASSWORD defaults to the PKI_PASSWORD environment variable)
 *
 * writes, in DIR (which must exist; no file is overwritten):
 *   ca.key       the CA's private key, encrypted with PASSWORD (PBES2/AES-256), mode 0600
 *   ca.crt       the self-signed root CA certificate (10 years)
 *   server.key   the server's private key, unencrypted as servers need it, mode 0600
 *   server.csr   the server's certificate signing request, with its subject alternative names
 *   server.crt   the server certificate issued by the CA from that request (397 days)
 *
 * In openssl terms, the same as:
 *   openssl genrsa -des3 -out ca.key 4096
 *   openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/O=Example/CN=Example Root CA" -out ca.crt
 *   openssl genrsa -out server.key 2048
 *   openssl req -new -key server.key -subj "/CN=registry.example.com" \
 *       -addext "subjectAltName=DNS:registry.example.com,DNS:registry,IP:10.0.0.5" -out server.csr
 *   openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 397 \
 *       -sha256 -copy_extensions copy -extfile server.ext -out server.crt
 * with ECDSA P-256 keys, AES instead of DES3, and the server profile's extensions (serverAuth,
 * critical CA:FALSE and key usage, subject and authority key identifiers) made for you.
 */
#include <pki.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what, int rc)
{
	fprintf(stderr, "seed_workflow: %s: %s (%s)\n", what, pki_strerror(rc), pki_error_detail());
	return rc;
}

/* DIR/NAME in a buffer of @p size bytes. */
static const char *path(char *buf, size_t size, const char *dir, const char *name)
{
	snprintf(buf, size, "%s/%s", dir, name);
	return buf;
}

static int save_cert(const pki_cert_t *cert, const char *file)
{
	unsigned char *pem = NULL;
	size_t n = 0;
	int rc = pki_cert_export(&pem, &n, cert, PKI_FORMAT_PEM, 0);

	if (rc == 0)
		rc = pki_file_write(file, pem, n, 0);
	pki_free(pem);
	return rc < 0 ? fail(file, rc) : 0;
}

/* Step 1: the CA key and the self-signed root, both saved. */
static int make_ca(const char *dir, const char *password)
{
	pki_key_t *key = NULL;
	pki_issue_opts_t *opts = NULL;
	pki_cert_t *ca = NULL;
	char file[4096];
	int rc;

	if ((rc = pki_key_generate(&key, PKI_KEY_EC_P256, 0, 0)) < 0)
		return fail("CA key", rc);
	if ((rc = pki_issue_opts_new(&opts, PKI_PROFILE_CA, 0)) < 0 ||
	    (rc = pki_issue_opts_set_days(opts, PKI_DEFAULT_CA_DAYS)) < 0) {
		fail("CA options", rc);
		goto out;
	}
	if ((rc = pki_cert_self_sign(&ca, key, "CN=Example Root CA,O=Example", opts, 0)) < 0) {
		fail("root certificate", rc);
		goto out;
	}
	if ((rc = pki_key_save(key, path(file, sizeof(file), dir, "ca.key"), PKI_FORMAT_PEM,
			       password, 0)) < 0) {
		fail(file, rc);
		goto out;
	}
	rc = save_cert(ca, path(file, sizeof(file), dir, "ca.crt"));
out:
	pki_cert_free(ca);
	pki_issue_opts_free(opts);
	pki_key_free(key);
	return rc;
}

/* Step 2: the server's key and its request, as the server's operator would make them. */
static int make_request(const char *dir)
{
	static const char *const sans[] = { "DNS:registry.example.com", "DNS:registry",
					    "IP:10.0.0.5", NULL };
	pki_key_t *key = NULL;
	pki_csr_t *csr = NULL;
	unsigned char *pem = NULL;
	size_t n = 0;
	char file[4096];
	int rc;

	if ((rc = pki_key_generate(&key, PKI_KEY_EC_P256, 0, 0)) < 0)
		return fail("server key", rc);
	if ((rc = pki_key_save(key, path(file, sizeof(file), dir, "server.key"), PKI_FORMAT_PEM,
			       NULL, 0)) < 0) {
		fail(file, rc);
		goto out;
	}
	if ((rc = pki_csr_create(&csr, key, "CN=registry.example.com", sans, 0)) < 0) {
		fail("request", rc);
		goto out;
	}
	if ((rc = pki_csr_export(&pem, &n, csr, PKI_FORMAT_PEM, 0)) < 0) {
		fail("request", rc);
		goto out;
	}
	if ((rc = pki_file_write(path(file, sizeof(file), dir, "server.csr"), pem, n, 0)) < 0)
		fail(file, rc);
out:
	pki_free(pem);
	pki_csr_free(csr);
	pki_key_free(key);
	return rc;
}

/* Step 3: the CA reads the request and its own files back, and issues the certificate. */
static int sign_request(const char *dir, const char *password)
{
	pki_key_t *ca_key = NULL, *server_key = NULL;
	pki_cert_t *ca = NULL, *cert = NULL;
	pki_issue_opts_t *opts = NULL;
	pki_csr_t *csr = NULL;
	char file[4096], *serial = NULL, *subject = NULL;
	int rc, n;

	if ((rc = pki_csr_import_file(&csr, path(file, sizeof(file), dir, "server.csr"), 0)) < 0 ||
	    (rc = pki_cert_import_file(&ca, path(file, sizeof(file), dir, "ca.crt"), 0)) < 0 ||
	    (rc = pki_key_import_file(&ca_key, path(file, sizeof(file), dir, "ca.key"), password,
				      0)) < 0) {
		fail(file, rc);
		goto out;
	}
	/* The server profile: serverAuth, digitalSignature, CA:FALSE, 397 days. */
	if ((rc = pki_issue_opts_new(&opts, PKI_PROFILE_SERVER, 0)) < 0) {
		fail("options", rc);
		goto out;
	}
	if ((rc = pki_cert_issue(&cert, csr, ca, ca_key, opts, 0)) < 0) {
		fail("issue", rc);
		goto out;
	}
	if ((rc = save_cert(cert, path(file, sizeof(file), dir, "server.crt"))) < 0)
		goto out;

	/* What came out: the certificate belongs to the server's key and names it. */
	if ((rc = pki_key_import_file(&server_key, path(file, sizeof(file), dir, "server.key"),
				      NULL, 0)) < 0) {
		fail(file, rc);
		goto out;
	}
	if (!pki_cert_matches_key(cert, server_key)) {
		rc = PKI_E_KEY_MISMATCH;
		fprintf(stderr, "seed_workflow: server.crt does not match server.key\n");
		goto out;
	}
	if ((rc = pki_cert_subject(&subject, cert)) < 0 || (rc = pki_cert_serial(&serial, cert)) < 0) {
		fail("reading the certificate", rc);
		goto out;
	}
	printf("issued %s (serial %s) with", subject, serial);
	n = pki_cert_san_count(cert);
	for (int i = 0; i < n; i++) {
		char *v = NULL;
		int type = pki_cert_san(&v, cert, (unsigned)i);

		if (type > 0)
			printf(" %s:%s", type == PKI_SAN_IP ? "IP" : type == PKI_SAN_DNS ? "DNS" : "?",
			       v);
		pki_free(v);
	}
	printf("\n");
	rc = 0;
out:
	pki_free(serial);
	pki_free(subject);
	pki_issue_opts_free(opts);
	pki_cert_free(cert);
	pki_cert_free(ca);
	pki_csr_free(csr);
	pki_key_free(ca_key);
	pki_key_free(server_key);
	return rc;
}

int main(int argc, char **argv)
{
	const char *password;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: seed_workflow DIR [PASSWORD]\n");
		return 2;
	}
	password = argc == 3 ? argv[2] : getenv("PKI_PASSWORD");
	if (!password || !*password) {
		fprintf(stderr, "seed_workflow: the CA key is encrypted: give a password as "
				"argument or in PKI_PASSWORD\n");
		return 2;
	}
	if (make_ca(argv[1], password) < 0 || make_request(argv[1]) < 0 ||
	    sign_request(argv[1], password) < 0)
		return 1;
	printf("wrote ca.key ca.crt server.key server.csr server.crt in %s\n", argv[1]);
	return 0;
}
