/*
 * pki key new | show | pub
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "cli.h"

#include <getopt.h>
#include <string.h>

static const char key_new_help[] =
	"Usage: pki key new [OPTIONS] -o FILE\n"
	"Generate a private key and write it as PKCS#8 PEM, mode 0600.\n"
	"\n"
	"  -o, --out FILE       where to write the key (required)\n"
	"  --type TYPE          ec (default), rsa, ed25519 or ed448\n"
	"  --curve CURVE        P-256 (default), P-384 or P-521, for EC keys\n"
	"  --bits N             RSA modulus size, 2048 to 8192 (default 3072)\n"
	"  --encrypt            encrypt the key (PBES2, AES-256-CBC); the password comes from\n"
	"                       --pass-file or --pass-env, or is asked on a terminal\n"
	"  --pass-file FILE     password from the first line of FILE (implies --encrypt)\n"
	"  --pass-env VAR       password from the environment variable VAR (implies --encrypt)\n"
	"  -f, --force          replace FILE if it exists\n"
	"  -h, --help           this help\n";

static const char key_show_help[] =
	"Usage: pki key show [OPTIONS] FILE\n"
	"Describe a private or public key (PEM or DER, any format pki reads).\n"
	"\n"
	"  --json               print the key as JSON: {\"type\", \"bits\", \"curve\"}\n"
	"  --pass-file FILE     password of an encrypted key, from the first line of FILE\n"
	"  --pass-env VAR       password of an encrypted key, from the environment variable VAR\n"
	"  -h, --help           this help\n";

static const char key_pub_help[] =
	"Usage: pki key pub [OPTIONS] FILE\n"
	"Write the public key (SubjectPublicKeyInfo, \"PUBLIC KEY\" PEM) of a private key.\n"
	"\n"
	"  -o, --out FILE       where to write it (default: standard output)\n"
	"  -f, --force          replace the output file if it exists\n"
	"  --pass-file FILE     password of an encrypted key, from the first line of FILE\n"
	"  --pass-env VAR       password of an encrypted key, from the environment variable VAR\n"
	"  -h, --help           this help\n";

static int key_new(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, OPT_OUT },
		{ "type", required_argument, NULL, OPT_TYPE },
		{ "curve", required_argument, NULL, OPT_CURVE },
		{ "bits", required_argument, NULL, OPT_BITS },
		{ "encrypt", no_argument, NULL, OPT_ENCRYPT },
		{ "pass-file", required_argument, NULL, OPT_PASS_FILE },
		{ "pass-env", required_argument, NULL, OPT_PASS_ENV },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "help", no_argument, NULL, OPT_HELP },
		{ 0 },
	};
	cli_keygen_t kg = { 0 };
	cli_pass_t pass = { 0 };
	const char *out = NULL;
	bool encrypt = false, force = false;
	pki_key_type_t type;
	pki_key_t *key = NULL;
	char *pw = NULL;
	unsigned bits;
	int c, ex, rc;

	while ((c = getopt_long(argc, argv, ":ho:f", opts, NULL)) != -1) {
		switch (c) {
		case OPT_HELP: return cli_help(key_new_help);
		case OPT_OUT: out = optarg; break;
		case OPT_TYPE: kg.type = optarg; break;
		case OPT_CURVE: kg.curve = optarg; break;
		case OPT_BITS: kg.bits = optarg; break;
		case OPT_ENCRYPT: encrypt = true; break;
		case OPT_FORCE: force = true; break;
		case OPT_PASS_FILE:
		case OPT_PASS_ENV:
			if ((ex = cli_set_pass(&pass, c, optarg)))
				return ex;
			encrypt = true;
			break;
		default: return cli_bad_option(c, argv);
		}
	}
	if (optind < argc)
		return cli_usage("unexpected argument '%s' (the output file goes after -o)",
				 argv[optind]);
	if (!out)
		return cli_usage("-o FILE is required");
	if (!strcmp(out, "-"))
		return cli_usage("a private key is never written to standard output");
	if ((ex = cli_keygen_check(&kg, &type, &bits)))
		return ex;
	if (encrypt) {
		if ((ex = cli_password(&pw, &pass, "Password for the new key: ", true)))
			return ex;
		if (!pw)
			return cli_usage("--encrypt needs --pass-file FILE or --pass-env VAR when "
					 "standard input is not a terminal");
	}
	if ((ex = cli_generate_key(&key, &kg)))
		goto out;
	rc = pki_key_save(key, out, PKI_FORMAT_PEM, pw, force ? PKI_WRITE_OVERWRITE : 0);
	ex = rc < 0 ? cli_fail(rc, "writing %s", out) : EXIT_OK;
out:
	cli_pass_free(pw);
	pki_key_free(key);
	return ex;
}

static int key_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "pass-file", required_argument, NULL, OPT_PASS_FILE },
		{ "pass-env", required_argument, NULL, OPT_PASS_ENV },
		{ "help", no_argument, NULL, OPT_HELP },
		{ 0 },
	};
	cli_pass_t pass = { 0 };
	bool json = false, encrypted = false;
	pki_key_t *key = NULL;
	char *s = NULL;
	int c, ex, rc;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_HELP: return cli_help(key_show_help);
		case OPT_JSON: json = true; break;
		case OPT_PASS_FILE:
		case OPT_PASS_ENV:
			if ((ex = cli_set_pass(&pass, c, optarg)))
				return ex;
			break;
		default: return cli_bad_option(c, argv);
		}
	}
	if (optind != argc - 1)
		return cli_usage(optind == argc ? "which key file?" : "give one key file");
	if ((ex = cli_load_key(&key, argv[optind], &pass, &encrypted)))
		return ex;
	if (json) {
		if ((rc = pki_key_to_json(&s, key, 0)) < 0)
			ex = cli_fail(rc, "describing %s", argv[optind]);
		else
			cli_print_free(s);
		goto out;
	}
	printf("type:        %s\n", pki_key_algorithm(key));
	if (pki_key_curve(key))
		printf("curve:       %s\n", pki_key_curve(key));
	printf("bits:        %d\n", pki_key_bits(key));
	printf("private:     %s\n", pki_key_has_private(key) ? "yes" : "no (public key only)");
	if (pki_key_has_private(key))
		printf("encrypted:   %s\n", encrypted ? "yes" : "no");
	if ((rc = pki_key_id(&s, key, PKI_KEY_ID_SHA256)) < 0) {
		ex = cli_fail(rc, "describing %s", argv[optind]);
		goto out;
	}
	printf("sha256:      %s\n", s);
	pki_free(s);
	if ((rc = pki_key_id(&s, key, PKI_KEY_ID_SHA1)) < 0) {
		ex = cli_fail(rc, "describing %s", argv[optind]);
		goto out;
	}
	printf("key id:      %s\n", s);
	pki_free(s);
out:
	pki_key_free(key);
	return ex;
}

static int key_pub(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, OPT_OUT },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "pass-file", required_argument, NULL, OPT_PASS_FILE },
		{ "pass-env", required_argument, NULL, OPT_PASS_ENV },
		{ "help", no_argument, NULL, OPT_HELP },
		{ 0 },
	};
	cli_pass_t pass = { 0 };
	const char *out = NULL;
	bool force = false;
	pki_key_t *key = NULL;
	unsigned char *data = NULL;
	size_t size = 0;
	int c, ex, rc;

	while ((c = getopt_long(argc, argv, ":ho:f", opts, NULL)) != -1) {
		switch (c) {
		case OPT_HELP: return cli_help(key_pub_help);
		case OPT_OUT: out = optarg; break;
		case OPT_FORCE: force = true; break;
		case OPT_PASS_FILE:
		case OPT_PASS_ENV:
			if ((ex = cli_set_pass(&pass, c, optarg)))
				return ex;
			break;
		default: return cli_bad_option(c, argv);
		}
	}
	if (optind != argc - 1)
		return cli_usage(optind == argc ? "which key file?" : "give one key file");
	if ((ex = cli_load_key(&key, argv[optind], &pass, NULL)))
		return ex;
	rc = pki_key_export_public(&data, &size, key, PKI_FORMAT_PEM, 0);
	if (rc < 0)
		ex = cli_fail(rc, "exporting the public key of %s", argv[optind]);
	else
		ex = cli_write(out, data, size, force, false);
	pki_free(data);
	pki_key_free(key);
	return ex;
}

int cmd_key(int argc, char **argv)
{
	static const cli_sub_t subs[] = {
		{ "new", key_new, "generate a private key" },
		{ "show", key_show, "describe a private or public key" },
		{ "pub", key_pub, "write the public key of a key" },
		{ 0 },
	};

	return cli_dispatch("key", subs, argc, argv);
}
