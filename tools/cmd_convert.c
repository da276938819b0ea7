/*
 * pki convert
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "x509-args.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------------------------------------------------------------------------------------- */
/* convert                                                                                   */

static const char convert_help[] =
	"Usage: pki convert IN --to pem|der|pkcs7|pkcs7-der [-o OUT]\n"
	"Re-encode a certificate (or a PEM or PKCS#7 bundle), a request, a private key (as PKCS#8)\n"
	"or a public key. The kind and encoding of IN are recognised automatically. An encrypted\n"
	"private key stays encrypted with the same password (PBES2, AES-256-CBC).\n"
	"\n"
	"  --to pem|der         the output encoding (required)\n"
	"  --to pkcs7|pkcs7-der certificates as a PKCS#7 bundle (.p7b, PEM or DER), as Windows\n"
	"                       and Java import them\n"
	"  -o, --out FILE       where to write it (default: standard output; a private key\n"
	"                       needs a file, written with mode 0600)\n"
	"  -f, --force          replace OUT if it exists\n" PASS_HELP
	"  --iterations N       PBKDF2 iterations of the re-encrypted key, 10000 or more\n"
	"                       (default 600000)\n"
	"  -h, --help           this help\n";

/* --to pem | der | pkcs7 | pkcs7-der; an exit code. */
static int parse_to(const char *to, pki_format_t *fmt, bool *pkcs7)
{
	if (!to)
		return cli_usage("--to pem or --to der is required");
	if (!strcmp(to, "pem") || !strcmp(to, "PEM")) {
		*fmt = PKI_FORMAT_PEM;
	} else if (!strcmp(to, "der") || !strcmp(to, "DER")) {
		*fmt = PKI_FORMAT_DER;
	} else if (!strcmp(to, "pkcs7") || !strcmp(to, "pkcs7-der")) {
		*fmt = to[5] ? PKI_FORMAT_DER : PKI_FORMAT_PEM;
		*pkcs7 = true;
	} else {
		return cli_usage("--to must be pem, der, pkcs7 or pkcs7-der, not '%s'", to);
	}
	return EXIT_OK;
}

/* Certificates: PEM bundle, PKCS#7, or DER (one certificate only). An exit code; a library
 * failure to encode is left in *rc. */
static int convert_chain(unsigned char **data, size_t *size, int *rc, const pki_chain_t *chain,
			 pki_format_t fmt, bool pkcs7, const char *in)
{
	int n = pki_chain_count(chain);

	if (pkcs7)
		*rc = pki_chain_export_pkcs7(data, size, chain, fmt, 0);
	else if (fmt == PKI_FORMAT_PEM)
		*rc = pki_chain_export(data, size, chain, 0);
	else if (n > 1)
		return cli_error("%s: %s holds %d certificates and DER holds only one (--to "
				 "pkcs7-der keeps them all)",
				 cli_cmd, in, n);
	else
		*rc = pki_cert_export(data, size, pki_chain_get(chain, 0), fmt, 0);
	return EXIT_OK;
}

/* A key (asking for its password when it is encrypted, and keeping it encrypted with it).
 * An exit code; a library failure to encode is left in *rc. */
static int convert_key(unsigned char **data, size_t *size, int *rc, bool *secret,
		       const x509_args_t *a, pki_format_t fmt, const char *in)
{
	pki_key_t *key = NULL;
	char *pw = NULL;
	int ex = EXIT_OK;

	*rc = pki_key_import_file(&key, in, NULL, 0);
	if (*rc == PKI_E_PASSWORD_REQUIRED) {
		char prompt[512];

		snprintf(prompt, sizeof(prompt), "Password for %s: ", in);
		if ((ex = cli_password(&pw, &a->pass, prompt, false)))
			goto out;
		*rc = pki_key_import_file(&key, in, pw, 0);
		if (*rc < 0) {
			ex = cli_fail(*rc, "reading the key %s", in);
			goto out;
		}
	} else if (*rc < 0) {
		ex = cli_error("%s: %s is not a certificate, request or key in PEM or DER", cli_cmd,
			       in);
		goto out;
	}
	*secret = pki_key_has_private(key);
	if (a->iterations && !pw) {
		ex = cli_usage("--iterations is for an encrypted private key; %s is not one", in);
		goto out;
	}
	if (*secret && (!a->out || !strcmp(a->out, "-"))) {
		ex = cli_usage("a private key is never written to standard output: give -o FILE");
		goto out;
	}
	*rc = *secret ? pki_key_export_v2(data, size, key, fmt, pw, a->iterations, 0)
		      : pki_key_export_public(data, size, key, fmt, 0);
out:
	pki_key_free(key);
	cli_pass_free(pw);
	return ex;
}

int cmd_convert(int argc, char **argv)
{
	static const struct option opts[] = {
		O_OUT, O_FORCE, O_HELP, O_PASS, { "to", required_argument, NULL, OPT_TO },
		{ "iterations", required_argument, NULL, OPT_ITERATIONS }, { 0 },
	};
	x509_args_t a = { 0 };
	const char *in;
	pki_format_t fmt = PKI_FORMAT_PEM;
	bool pkcs7 = false;
	pki_chain_t *chain = NULL;
	pki_csr_t *csr = NULL;
	unsigned char *data = NULL;
	size_t size = 0;
	bool secret = false;
	int ex, rc;

	if ((ex = x509_parse_operands(&a, argc, argv, opts, convert_help, "input file")))
		goto out;
	in = argv[optind];
	if ((ex = parse_to(a.to, &fmt, &pkcs7)) || (ex = cli_check_new(a.out, a.force)))
		goto out;
	rc = pki_chain_import_file(&chain, in, 0);
	if (rc == PKI_E_IO || rc == PKI_E_TOO_LARGE) {
		ex = cli_fail(rc, "reading %s", in);
		goto out;
	}
	if (rc == 0)
		ex = convert_chain(&data, &size, &rc, chain, fmt, pkcs7, in);
	else if (pkcs7)
		ex = cli_usage("--to %s is for certificates; %s holds none", a.to, in);
	else if (pki_csr_import_file(&csr, in, 0) == 0)
		rc = pki_csr_export(&data, &size, csr, fmt, 0);
	else
		ex = convert_key(&data, &size, &rc, &secret, &a, fmt, in);
	if (!ex)
		ex = cli_write_or_fail(rc, data, size, a.out, a.force, secret, "encoding %s", in);
out:
	pki_free(data);
	pki_chain_free(chain);
	pki_csr_free(csr);
	x509_args_free(&a);
	return ex;
}
