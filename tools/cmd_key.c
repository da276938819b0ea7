/*
 * pki key new | show | pub | sign | verify
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "cli.h"

#include <getopt.h>
#include <string.h>

/* The last lines of the help of the commands that read a key which may be encrypted. */
#define KEY_PASS_HELP \
	"  --pass-file FILE     password of an encrypted key, from the first line of FILE\n" \
	"  --pass-env VAR       password of an encrypted key, from the environment variable VAR\n" \
	"  -h, --help           this help\n"

static const char key_new_help[] =
	"Usage: pki key new [OPTIONS] -o FILE\n"
	"Generate a private key and write it as PKCS#8 PEM, mode 0600.\n"
	"\n"
	"  -o, --out FILE       where to write the key (required)\n"
	"  --type TYPE          ec (default), rsa, rsa-pss (RSASSA-PSS only), ed25519 or ed448\n"
	"  --curve CURVE        P-256 (default), P-384 or P-521, for EC keys\n"
	"  --bits N             RSA and RSA-PSS modulus size, 2048 to 8192 (default 3072)\n"
	"  --pss-hash HASH      rsa-pss: restrict the key to sha256, sha384 or sha512 (RSASSA-PSS\n"
	"                       parameters in the key: MGF1 with that hash, salt as long as the\n"
	"                       hash); without it the key has no parameters (any hash)\n"
	"  --encrypt            encrypt the key (PBES2, AES-256-CBC); the password comes from\n"
	"                       --pass-file or --pass-env, or is asked on a terminal\n"
	"  --pass-file FILE     password from the first line of FILE (implies --encrypt)\n"
	"  --pass-env VAR       password from the environment variable VAR (implies --encrypt)\n"
	CLI_ITERATIONS_HELP
	"  -f, --force          replace FILE if it exists\n"
	"  --token URI          generate the key on the PKCS#11 token URI instead (EC or RSA;\n"
	"                       the PIN from --pass-file, --pass-env, PKI_PIN or a prompt) and\n"
	"                       print the new key's pkcs11: URI; no -o\n"
	"  --label LABEL        the token objects' label (default \"pki-key\")\n"
	"  -h, --help           this help\n";


/* pki key new --token URI: the key is made on the token and only its URI comes out. */
static int key_new_token(const char *token, const char *label, const cli_keygen_t *kg,
			 const cli_pass_t *pass)
{
	pki_key_type_t type;
	pki_key_t *key = NULL;
	char *pin = NULL;
	unsigned bits;
	int ex, rc;

	if ((ex = cli_keygen_check(kg, &type, &bits)))
		return ex;
	if (!pki_is_pkcs11_url(token))
		return cli_usage("--token: '%s' is not a pkcs11: URI", token);
	if ((ex = cli_pin(&pin, pass, token)))
		return ex;
	if (!pin)
		return cli_usage("--token: no PIN (--pass-file, --pass-env or PKI_PIN)");
	rc = pki_key_generate_token(&key, token, label ? label : "pki-key", pin, type, bits, 0);
	cli_pass_free(pin);
	if (rc < 0)
		return cli_fail(rc, "generating a key on %s", token);
	printf("%s\n", pki_key_url(key));
	pki_key_free(key);
	return EXIT_OK;
}

/* The options of key pub and key decrypt: -o, -f, --pass-file, --pass-env; CLI_HELP_SHOWN
 * after --help. */
static int out_pass_args(cli_out_t *o, int argc, char **argv, const char *help)
{
	static const struct option opts[] = {
		CLI_ARG("out", OPT_OUT), CLI_FLAG("force", OPT_FORCE), CLI_OPTS_PASS, CLI_OPTS_END,
	};
	int c, ex;

	while ((c = getopt_long(argc, argv, ":ho:f", opts, NULL)) != -1) {
		if (c == OPT_HELP)
			return cli_help(help), CLI_HELP_SHOWN;
		if ((ex = cli_out_or_bad_option(o, c, argv)))
			return ex;
	}
	return EXIT_OK;
}

/* The key file operand, loaded (cli_load_key: a password only when it is encrypted). */
static int load_key_operand(pki_key_t **key, int argc, char **argv, const cli_pass_t *pass,
			    bool *encrypted)
{
	int ex = cli_one_operand(argc, "key file");

	return ex ? ex : cli_load_key(key, argv[optind], pass, encrypted);
}

static const char key_show_help[] =
	"Usage: pki key show [OPTIONS] FILE\n"
	"Describe a private or public key (PEM or DER, any format pki reads).\n"
	"\n"
	"  --json               print the key as JSON: {\"type\", \"bits\", \"curve\"}\n"
	KEY_PASS_HELP;

static const char key_pub_help[] =
	"Usage: pki key pub [OPTIONS] FILE\n"
	"Write the public key (SubjectPublicKeyInfo, \"PUBLIC KEY\" PEM) of a private key.\n"
	"\n"
	"  -o, --out FILE       where to write it (default: standard output)\n"
	"  -f, --force          replace the output file if it exists\n"
	KEY_PASS_HELP;

/* The new key of pki key new: RSA-PSS restricted to the hash @p pss_hash when it is given,
 * else what --type/--curve/--bits say (@p kg, checked into @p type and @p bits). */
static int key_new_generate(pki_key_t **key, const cli_keygen_t *kg, const char *pss_hash,
			    pki_key_type_t type, unsigned bits)
{
	pki_hash_t hash;
	int ex, rc;

	if (!pss_hash)
		return cli_generate_key(key, kg);
	if (type != PKI_KEY_RSA_PSS)
		return cli_usage("--pss-hash goes with --type rsa-pss");
	if ((ex = cli_hash_option("--pss-hash", pss_hash, &hash)))
		return ex;
	if ((rc = pki_key_generate_rsa_pss(key, bits, hash, 0)) < 0)
		return cli_fail(rc, "generating an RSA-PSS key");
	return EXIT_OK;
}

int cmd_key_new(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_ARG("out", OPT_OUT), CLI_ARG("type", OPT_TYPE), CLI_ARG("curve", OPT_CURVE),
		CLI_ARG("bits", OPT_BITS), CLI_ARG("pss-hash", OPT_HASH),
		CLI_FLAG("encrypt", OPT_ENCRYPT), CLI_OPTS_PASS,
		CLI_ARG("iterations", OPT_ITERATIONS), CLI_FLAG("force", OPT_FORCE),
		CLI_ARG("token", OPT_TOKEN), CLI_ARG("label", OPT_LABEL), CLI_OPTS_END,
	};
	cli_keygen_t kg = { 0 };
	cli_pass_t pass = { 0 };
	const char *out = NULL, *token = NULL, *label = NULL, *pss_hash = NULL;
	bool encrypt = false, force = false;
	pki_key_type_t type;
	pki_key_t *key = NULL;
	char *pw = NULL;
	unsigned bits, iterations = 0;
	int c, ex = EXIT_OK;

	while (!ex && (c = getopt_long(argc, argv, ":ho:f", opts, NULL)) != -1) {
		switch (c) {
		case OPT_HELP: return cli_help(key_new_help);
		case OPT_ITERATIONS:
			ex = cli_iterations_option(optarg, PKI_MAX_KDF_ITERATIONS, &iterations);
			break;
		case OPT_OUT: out = optarg; break;
		case OPT_TYPE: kg.type = optarg; break;
		case OPT_CURVE: kg.curve = optarg; break;
		case OPT_BITS: kg.bits = optarg; break;
		case OPT_HASH: pss_hash = optarg; break;
		case OPT_ENCRYPT: encrypt = true; break;
		case OPT_FORCE: force = true; break;
		case OPT_TOKEN: token = optarg; break;
		case OPT_LABEL: label = optarg; break;
		case OPT_PASS_FILE:
		case OPT_PASS_ENV:
			ex = cli_set_pass(&pass, c, optarg);
			encrypt = true;
			break;
		default: return cli_bad_option(c, argv);
		}
	}
	if (ex || (ex = cli_no_operands(argc, argv, "the output file goes after -o")))
		return ex;
	if (token) {
		if (pss_hash)
			return cli_usage("--pss-hash: RSA-PSS keys are not made on tokens");
		if (out || force)
			return cli_usage("--token: the key stays on the token (no -o, --force)");
		return key_new_token(token, label, &kg, &pass);
	}
	if (label)
		return cli_usage("--label goes with --token");
	if (!out)
		return cli_usage("-o FILE is required");
	if (!strcmp(out, "-"))
		return cli_usage("a private key is never written to standard output");
	if ((ex = cli_keygen_check(&kg, &type, &bits)))
		return ex;
	if (iterations && !encrypt)
		return cli_usage("--iterations needs --encrypt (or --pass-file / --pass-env)");
	if (encrypt) {
		if ((ex = cli_password(&pw, &pass, "Password for the new key: ", true)))
			return ex;
		if (!pw)
			return cli_usage("--encrypt needs --pass-file FILE or --pass-env VAR when "
					 "standard input is not a terminal");
	}
	if (!(ex = key_new_generate(&key, &kg, pss_hash, type, bits)))
		ex = cli_write_key(key, out, pw, iterations, force);
	cli_pass_free(pw);
	pki_key_free(key);
	return ex;
}

int cmd_key_show(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_FLAG("json", OPT_JSON), CLI_OPTS_PASS, CLI_OPTS_END,
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
		default:
			if ((ex = cli_pass_or_bad_option(&pass, c, argv)))
				return ex;
		}
	}
	if ((ex = load_key_operand(&key, argc, argv, &pass, &encrypted)))
		return ex;
	if (json) {
		rc = pki_key_to_json(&s, key, 0);
		ex = cli_print_or_fail(rc, s, "describing %s", argv[optind]);
		goto out;
	}
	printf("type:        %s\n", pki_key_algorithm(key));
	if (pki_key_curve(key))
		printf("curve:       %s\n", pki_key_curve(key));
	printf("bits:        %d\n", pki_key_bits(key));
	if (pki_key_type(key) == PKI_KEY_RSA_PSS) {
		pki_hash_t hash;
		unsigned salt;
		static const char *const names[] = { "", "sha256", "sha384", "sha512" };

		rc = pki_key_rsa_pss_params(key, &hash, &salt);
		if (rc < 0 && rc != PKI_E_NOT_FOUND) {
			ex = cli_fail(rc, "describing %s", argv[optind]);
			goto out;
		}
		if (rc == 0)
			printf("pss:         %s, MGF1 %s, salt %u bytes or more (restricted)\n",
			       names[hash], names[hash], salt);
		else
			printf("pss:         no parameters (any hash)\n");
	}
	printf("private:     %s\n", pki_key_has_private(key) ? "yes" : "no (public key only)");
	if (pki_key_has_private(key))
		printf("encrypted:   %s\n", encrypted ? "yes" : "no");
	if ((rc = pki_key_id(&s, key, PKI_KEY_ID_SHA256, 0)) < 0) {
		ex = cli_fail(rc, "describing %s", argv[optind]);
		goto out;
	}
	printf("sha256:      %s\n", s);
	pki_free(s);
	if ((rc = pki_key_id(&s, key, PKI_KEY_ID_SHA1, 0)) < 0) {
		ex = cli_fail(rc, "describing %s", argv[optind]);
		goto out;
	}
	printf("key id:      %s\n", s);
	pki_free(s);
out:
	pki_key_free(key);
	return ex;
}

int cmd_key_pub(int argc, char **argv)
{
	cli_out_t o = { 0 };
	pki_key_t *key = NULL;
	unsigned char *data = NULL;
	size_t size = 0;
	int ex, rc;

	if ((ex = out_pass_args(&o, argc, argv, key_pub_help)))
		return ex;
	if ((ex = load_key_operand(&key, argc, argv, &o.pass, NULL)))
		return ex;
	rc = pki_key_export_public(&data, &size, key, PKI_FORMAT_PEM, 0);
	ex = cli_write_or_fail(rc, data, size, o.out, o.force, false,
			       "exporting the public key of %s", argv[optind]);
	pki_free(data);
	pki_key_free(key);
	return ex;
}

static const char key_sign_help[] =
	"Usage: pki key sign [OPTIONS] KEY FILE\n"
	"Sign the content of FILE with the private key KEY: ECDSA (DER, as `openssl dgst -sign`),\n"
	"RSA PKCS#1 v1.5 or PSS, or pure Ed25519/Ed448 (as `openssl pkeyutl -sign -rawin`).\n"
	"\n"
	"  -o, --out SIG        where to write the signature (default: standard output)\n"
	"  --hash HASH          sha256, sha384 or sha512 (default: the key's own: SHA-256 for RSA\n"
	"                       and P-256, SHA-384 for P-384, SHA-512 for P-521); not for EdDSA\n"
	"  --pss                RSA: RSASSA-PSS (MGF1 with the same hash, salt as long as the hash)\n"
	"  -f, --force          replace the output file if it exists\n"
	KEY_PASS_HELP;

static const char key_verify_help[] =
	"Usage: pki key verify [OPTIONS] --sig SIG KEY FILE\n"
	"Check the signature SIG of the content of FILE with KEY (a public or private key).\n"
	"Exit status 0 when it verifies, 1 when it does not.\n"
	"\n"
	"  --sig SIG            the signature file (required)\n"
	"  --hash HASH          as for pki key sign\n"
	"  --pss                as for pki key sign\n"
	KEY_PASS_HELP;

/* Shared by sign and verify: options, then KEY and FILE read; CLI_HELP_SHOWN after --help. */
typedef struct {
	const char *out, *sig;
	bool force, pss;
	pki_hash_t hash;
	cli_pass_t pass;
	pki_key_t *key;
	unsigned char *data, *sig_data; /* the file, and the signature made or read */
	size_t size, sig_size;
} sign_args_t;

static int sign_args(sign_args_t *a, int argc, char **argv, const char *help, bool verify)
{
	static const struct option opts[] = {
		CLI_ARG("out", OPT_OUT), CLI_ARG("sig", OPT_SIG), CLI_ARG("hash", OPT_HASH),
		CLI_FLAG("pss", OPT_PSS), CLI_FLAG("force", OPT_FORCE), CLI_OPTS_PASS, CLI_OPTS_END,
	};
	int c, ex, rc;

	while ((c = getopt_long(argc, argv, verify ? ":h" : ":ho:f", opts, NULL)) != -1) {
		switch (c) {
		case OPT_HELP: return cli_help(help), CLI_HELP_SHOWN;
		case OPT_OUT:
			if (verify)
				return cli_bad_option(c, argv);
			a->out = optarg;
			break;
		case OPT_FORCE:
			if (verify)
				return cli_bad_option(c, argv);
			a->force = true;
			break;
		case OPT_SIG:
			if (!verify)
				return cli_usage("--sig is for pki key verify");
			a->sig = optarg;
			break;
		case OPT_HASH:
			if ((ex = cli_hash_option("--hash", optarg, &a->hash)))
				return ex;
			break;
		case OPT_PSS: a->pss = true; break;
		default:
			if ((ex = cli_pass_or_bad_option(&a->pass, c, argv)))
				return ex;
		}
	}
	if (argc - optind != 2)
		return cli_usage("give the key file and the data file");
	if (verify && !a->sig)
		return cli_usage("--sig SIG is required");
	if ((ex = cli_load_key(&a->key, argv[optind], &a->pass, NULL)))
		return ex;
	if ((rc = pki_file_read(&a->data, &a->size, argv[optind + 1], 0)) < 0)
		return cli_fail(rc, "reading %s", argv[optind + 1]);
	return EXIT_OK;
}

static void sign_args_free(sign_args_t *a)
{
	pki_free(a->sig_data);
	pki_free(a->data);
	pki_key_free(a->key);
}

int cmd_key_sign(int argc, char **argv)
{
	sign_args_t a = { 0 };
	int ex, rc;

	if (!(ex = sign_args(&a, argc, argv, key_sign_help, false))) {
		rc = pki_key_sign(&a.sig_data, &a.sig_size, a.key, a.hash, a.data, a.size,
				  a.pss ? PKI_SIGN_RSA_PSS : 0);
		if (rc == PKI_E_INVALID_ARG)
			ex = cli_usage("%s", pki_error_detail());
		else
			ex = cli_write_or_fail(rc, a.sig_data, a.sig_size, a.out, a.force, false,
					       "signing %s", argv[argc - 1]);
	}
	sign_args_free(&a);
	return ex;
}

int cmd_key_verify(int argc, char **argv)
{
	sign_args_t a = { 0 };
	int ex, rc;

	if (!(ex = sign_args(&a, argc, argv, key_verify_help, true))) {
		if ((rc = pki_file_read(&a.sig_data, &a.sig_size, a.sig, 0)) < 0) {
			ex = cli_fail(rc, "reading the signature %s", a.sig);
		} else {
			rc = pki_key_verify(a.key, a.hash, a.data, a.size, a.sig_data, a.sig_size,
					    a.pss ? PKI_SIGN_RSA_PSS : 0);
			if (rc == 0) {
				printf("signature verified\n");
			} else if (rc == PKI_E_BAD_SIGNATURE) {
				printf("signature does not verify: %s\n", pki_error_detail());
				ex = EXIT_VERIFY;
			} else if (rc == PKI_E_INVALID_ARG) {
				ex = cli_usage("%s", pki_error_detail());
			} else {
				ex = cli_fail(rc, "verifying %s", a.sig);
			}
		}
	}
	sign_args_free(&a);
	return ex;
}

static const char key_decrypt_help[] =
	"Usage: pki key decrypt [OPTIONS] KEY -o FILE\n"
	"Write an unencrypted copy (PKCS#8 PEM, mode 0600) of an encrypted private key, for a\n"
	"daemon that reads its key without a password (a web server, a Docker registry).\n"
	"Keep the copy readable by that daemon's user only.\n"
	"\n"
	"  -o, --out FILE       where to write the copy (required; never standard output)\n"
	"  -f, --force          replace FILE if it exists\n"
	"  --pass-file FILE     password from the first line of FILE\n"
	"  --pass-env VAR       password from the environment variable VAR\n"
	"  -h, --help           this help\n";

int cmd_key_decrypt(int argc, char **argv)
{
	cli_out_t o = { 0 };
	bool encrypted = false;
	pki_key_t *key = NULL;
	int ex;

	if ((ex = out_pass_args(&o, argc, argv, key_decrypt_help)))
		return ex;
	if ((ex = cli_one_operand(argc, "key file")))
		return ex;
	if (!o.out || !strcmp(o.out, "-"))
		return cli_usage("-o FILE is required (a private key is never written to standard "
				 "output)");
	if ((ex = cli_check_new(o.out, o.force)))
		return ex;
	if ((ex = cli_load_key(&key, argv[optind], &o.pass, &encrypted)))
		return ex;
	if (!(ex = cli_write_key(key, o.out, NULL, 0, o.force)) && !encrypted)
		cli_warn("%s was not encrypted; %s is a plain copy", argv[optind], o.out);
	pki_key_free(key);
	return ex;
}
