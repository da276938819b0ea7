/*
 * pki p12 export | import: PKCS#12 (.p12 / .pfx) files for Windows, macOS, Java and browsers.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "cli.h"

#include <getopt.h>
#include <string.h>

/* Options only these commands have (above the shared OPT_* codes of cli.h). */
enum {
	P12_OPT_CERT = 1000,
	P12_OPT_NAME,
	P12_OPT_LEGACY,
	P12_OPT_KEY_PASS_FILE,
	P12_OPT_KEY_PASS_ENV,
	P12_OPT_CERT_OUT,
	P12_OPT_CHAIN_OUT,
	P12_OPT_ALLOW_NO_MAC,
};

static const char p12_export_help[] =
	"Usage: pki p12 export --key FILE --cert FILE [OPTIONS] -o FILE\n"
	"Write a private key, its certificate and optionally the intermediate certificates into\n"
	"a password-protected PKCS#12 file (.p12, .pfx), mode 0600. The key and the certificates\n"
	"are encrypted with PBES2/AES-256-CBC, the file carries an HMAC-SHA256 MAC.\n"
	"\n"
	"  --key FILE           the private key (an encrypted key asks for its password)\n"
	"  --cert FILE          its certificate\n"
	"  --chain FILE         intermediate certificates (PEM bundle), in order\n"
	"  --name NAME          friendly name (Java keytool's alias), printable ASCII\n"
	"  --pass-file FILE     password of the PKCS#12 file, from the first line of FILE\n"
	"  --pass-env VAR       password of the PKCS#12 file, from the environment variable VAR\n"
	"                       (without either, it is asked twice on a terminal)\n"
	"  --key-pass-file FILE, --key-pass-env VAR\n"
	"                       password of an encrypted --key\n"
	"  --legacy             3DES and a SHA-1 MAC instead, only for clients that cannot read\n"
	"                       the default (Windows before 10 1709, old macOS/iOS, Java 8 before\n"
	"                       8u301, some appliances); weaker: prefer upgrading the client\n"
	"  --iterations N       PBKDF2 iterations of the key, the certificates and the MAC,\n"
	"                       10000 to 1000000 (default 600000); not with --legacy\n"
	"  -o, --out FILE       where to write the file (required)\n"
	"  -f, --force          replace FILE if it exists\n"
	"  -h, --help           this help\n";

static const char p12_import_help[] =
	"Usage: pki p12 import [OPTIONS] FILE --key-out FILE --cert-out FILE\n"
	"Read a PKCS#12 file: check its MAC, and write its private key (PKCS#8 PEM, mode 0600),\n"
	"the certificate of that key, and the other certificates (PEM).\n"
	"\n"
	"  --key-out FILE       where to write the private key (required)\n"
	"  --cert-out FILE      where to write the key's certificate (required)\n"
	"  --chain-out FILE     where to write the other certificates, if there are any\n"
	"  --pass-file FILE     password of the PKCS#12 file, from the first line of FILE\n"
	"  --pass-env VAR       password of the PKCS#12 file, from the environment variable VAR\n"
	"                       (without either, it is asked on a terminal)\n"
	"  --key-pass-file FILE, --key-pass-env VAR\n"
	"                       encrypt the written key with this password (PBES2, AES-256-CBC)\n"
	CLI_ITERATIONS_HELP
	"  --allow-no-mac       read a file that has no MAC (openssl pkcs12 -nomac): nothing\n"
	"                       then shows it was not modified; refused without this option\n"
	"  -f, --force          replace the output files if they exist\n"
	"  -h, --help           this help\n";

/* What pki p12 export or import was asked for (each fills its own fields). */
typedef struct {
	cli_pass_t pass, key_pass;     /* the PKCS#12 file's password, the key's */
	const char *key_path, *cert_path, *chain_path, *name, *out; /* export */
	const char *in, *key_out, *cert_out, *chain_out;           /* import */
	bool legacy, allow_no_mac, force;
	unsigned iterations;
} p12_args_t;

/* Read the key, its certificate and the chain (a mismatch fails before any password is
 * asked), then write the file. */
static int export_run(const p12_args_t *a)
{
	pki_key_t *key = NULL;
	pki_cert_t *cert = NULL;
	pki_chain_t *chain = NULL;
	char *pw = NULL;
	int ex, rc;

	if ((ex = cli_load_key(&key, a->key_path, &a->key_pass, NULL)))
		goto out;
	if ((ex = cli_load_cert(&cert, a->cert_path, "certificate")))
		goto out;
	if (!pki_cert_matches_key(cert, key)) {
		ex = cli_error("%s: %s is not the private key of the certificate %s", cli_cmd,
			       a->key_path, a->cert_path);
		goto out;
	}
	if (a->chain_path && (rc = pki_chain_import_file(&chain, a->chain_path, 0)) < 0) {
		ex = cli_fail(rc, "reading the chain %s", a->chain_path);
		goto out;
	}
	if ((ex = cli_password(&pw, &a->pass, "Password for the PKCS#12 file: ", true)))
		goto out;
	if (!pw) {
		ex = cli_usage("a PKCS#12 file needs a password: give --pass-file FILE or "
			       "--pass-env VAR when standard input is not a terminal");
		goto out;
	}
	rc = pki_p12_save_v2(key, cert, chain, a->out, a->name, pw, a->iterations,
			     (a->legacy ? PKI_P12_LEGACY : 0) |
				     (a->force ? PKI_WRITE_OVERWRITE : 0));
	if (rc == PKI_E_INVALID_ARG)
		ex = cli_usage("%s", pki_error_detail());
	else if (rc < 0)
		ex = cli_fail(rc, "writing %s", a->out);
out:
	cli_pass_free(pw);
	pki_chain_free(chain);
	pki_cert_free(cert);
	pki_key_free(key);
	return ex;
}

/* The usage errors of pki p12 import that need all options, and the outputs checked. */
static int import_check(const p12_args_t *a)
{
	int ex;

	if (!a->key_out || !a->cert_out)
		return cli_usage("--key-out FILE and --cert-out FILE are required");
	if (!strcmp(a->key_out, "-"))
		return cli_usage("a private key is never written to standard output");
	if (a->iterations && !cli_pass_given(&a->key_pass))
		return cli_usage("--iterations needs --key-pass-file or --key-pass-env (the written "
				 "key is otherwise not encrypted)");
	if (!strcmp(a->key_out, a->cert_out) ||
	    (a->chain_out && (!strcmp(a->chain_out, a->key_out) ||
			      !strcmp(a->chain_out, a->cert_out))))
		return cli_usage("the output files must differ");
	if ((ex = cli_check_new(a->key_out, a->force)) ||
	    (ex = cli_check_new(a->cert_out, a->force)) ||
	    (a->chain_out && (ex = cli_check_new(a->chain_out, a->force))))
		return ex;
	return 0;
}

/* Write the certificate, and the other certificates to --chain-out (or say they are left). */
static int import_write_certs(const p12_args_t *a, const pki_cert_t *cert,
			      const pki_chain_t *chain, int count)
{
	unsigned char *pem = NULL;
	size_t n = 0;
	int ex, rc;

	rc = pki_cert_export(&pem, &n, cert, PKI_FORMAT_PEM, 0);
	ex = cli_write_or_fail(rc, pem, n, a->cert_out, a->force, false, "encoding the certificate");
	pki_free(pem);
	if (ex)
		return ex;
	if (a->chain_out && count > 0) {
		pem = NULL;
		rc = pki_chain_export(&pem, &n, chain, 0);
		ex = cli_write_or_fail(rc, pem, n, a->chain_out, a->force, false,
				       "encoding the chain");
		pki_free(pem);
		return ex;
	}
	if (a->chain_out)
		cli_warn("%s holds no other certificate: %s not written", a->in, a->chain_out);
	else if (count > 0)
		cli_warn("%s holds %d more certificate%s: give --chain-out FILE to keep them", a->in,
			 count, count == 1 ? "" : "s");
	return EXIT_OK;
}

/* What was read, on standard output. */
static void import_report(const pki_key_t *key, const pki_cert_t *cert, const char *name,
			  int count)
{
	char *subject = NULL;

	if (pki_cert_subject(&subject, cert) == 0) {
		fputs("certificate: ", stdout);
		cli_put_escaped(stdout, *subject ? subject : "(empty subject)", false);
		fputc('\n', stdout);
	}
	pki_free(subject);
	printf("key:         %s%s%s\n", pki_key_algorithm(key), pki_key_curve(key) ? " " : "",
	       pki_key_curve(key) ? pki_key_curve(key) : "");
	printf("chain:       %d certificate%s\n", count, count == 1 ? "" : "s");
	if (name) {
		fputs("name:        ", stdout);
		cli_put_escaped(stdout, name, false);
		fputc('\n', stdout);
	}
}

/* Read the file (its password asked now), write the key and the certificates, report. */
static int import_run(const p12_args_t *a)
{
	pki_key_t *key = NULL;
	pki_cert_t *cert = NULL;
	pki_chain_t *chain = NULL;
	char *pw = NULL, *kpw = NULL, *name = NULL;
	char prompt[512];
	int ex, rc, count;

	snprintf(prompt, sizeof(prompt), "Password for %s: ", a->in);
	if ((ex = cli_password(&pw, &a->pass, prompt, false)))
		return ex;
	if (cli_pass_given(&a->key_pass)) {
		if ((ex = cli_password(&kpw, &a->key_pass, "", false)))
			goto out;
	}
	/* Without a password, only an unprotected file can be read; the library says which. */
	rc = pki_p12_import_file(&key, &cert, &chain, &name, a->in, pw,
				 a->allow_no_mac ? PKI_P12_ALLOW_NO_MAC : 0);
	if (rc < 0) {
		ex = rc == PKI_E_WEAK && !a->allow_no_mac
			     ? cli_fail(rc, "reading %s (--allow-no-mac reads a file without MAC)",
					a->in)
			     : cli_fail(rc, "reading %s", a->in);
		goto out;
	}
	if ((ex = cli_write_key(key, a->key_out, kpw, a->iterations, a->force)))
		goto out;
	count = pki_chain_count(chain);
	if ((ex = import_write_certs(a, cert, chain, count)))
		goto out;
	import_report(key, cert, name, count);
	ex = EXIT_OK;
out:
	pki_free(name);
	cli_pass_free(pw);
	cli_pass_free(kpw);
	pki_chain_free(chain);
	pki_cert_free(cert);
	pki_key_free(key);
	return ex;
}

/*
 * The options of both commands: getopt_long returns only those of @p opts, so one switch
 * serves both. --iterations goes up to @p max_iterations. An exit code, or CLI_HELP_SHOWN.
 */
static int p12_parse(p12_args_t *a, int argc, char **argv, const struct option *opts,
		     const char *shortopts, const char *help, unsigned max_iterations)
{
	const cli_arg_t args[] = {
		{ OPT_KEY, &a->key_path }, { P12_OPT_CERT, &a->cert_path },
		{ OPT_CHAIN, &a->chain_path }, { P12_OPT_NAME, &a->name }, { OPT_OUT, &a->out },
		{ OPT_KEY_OUT, &a->key_out }, { P12_OPT_CERT_OUT, &a->cert_out },
		{ P12_OPT_CHAIN_OUT, &a->chain_out }, { 0 },
	};
	int c, ex = EXIT_OK;

	while (!ex && (c = getopt_long(argc, argv, shortopts, opts, NULL)) != -1) {
		if (cli_store_arg(args, c, optarg))
			continue;
		switch (c) {
		case OPT_HELP: cli_help(help); return CLI_HELP_SHOWN;
		case P12_OPT_LEGACY: a->legacy = true; break;
		case P12_OPT_ALLOW_NO_MAC: a->allow_no_mac = true; break;
		case OPT_FORCE: a->force = true; break;
		case OPT_ITERATIONS:
			ex = cli_iterations_option(optarg, max_iterations, &a->iterations);
			break;
		case P12_OPT_KEY_PASS_FILE: ex = cli_set_pass(&a->key_pass, OPT_PASS_FILE, optarg); break;
		case P12_OPT_KEY_PASS_ENV: ex = cli_set_pass(&a->key_pass, OPT_PASS_ENV, optarg); break;
		default: ex = cli_pass_or_bad_option(&a->pass, c, argv);
		}
	}
	return ex;
}

int cmd_p12_export(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_ARG("key", OPT_KEY), CLI_ARG("cert", P12_OPT_CERT), CLI_ARG("chain", OPT_CHAIN),
		CLI_ARG("name", P12_OPT_NAME), CLI_OPTS_PASS,
		CLI_ARG("key-pass-file", P12_OPT_KEY_PASS_FILE),
		CLI_ARG("key-pass-env", P12_OPT_KEY_PASS_ENV), CLI_FLAG("legacy", P12_OPT_LEGACY),
		CLI_ARG("out", OPT_OUT), CLI_ARG("iterations", OPT_ITERATIONS),
		CLI_FLAG("force", OPT_FORCE), CLI_OPTS_END,
	};
	p12_args_t a = { 0 };
	int ex = p12_parse(&a, argc, argv, opts, ":ho:f", p12_export_help,
			   PKI_P12_MAX_EXPORT_ITERATIONS);

	if (ex || (ex = cli_no_operands(argc, argv, "the output file goes after -o")))
		return ex;
	if (!a.key_path)
		return cli_usage("--key FILE is required");
	if (!a.cert_path)
		return cli_usage("--cert FILE is required");
	if (!a.out)
		return cli_usage("-o FILE is required");
	if (a.legacy && a.iterations)
		return cli_usage("--legacy files are written with GnuTLS's iteration counts: "
				 "--iterations cannot be used with it");
	if (!strcmp(a.out, "-"))
		return cli_usage("a PKCS#12 file is never written to standard output");
	if ((ex = cli_check_new(a.out, a.force)))
		return ex;
	return export_run(&a);
}

int cmd_p12_import(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_ARG("key-out", OPT_KEY_OUT), CLI_ARG("cert-out", P12_OPT_CERT_OUT),
		CLI_ARG("chain-out", P12_OPT_CHAIN_OUT), CLI_OPTS_PASS,
		CLI_ARG("key-pass-file", P12_OPT_KEY_PASS_FILE),
		CLI_ARG("key-pass-env", P12_OPT_KEY_PASS_ENV),
		CLI_FLAG("allow-no-mac", P12_OPT_ALLOW_NO_MAC),
		CLI_ARG("iterations", OPT_ITERATIONS), CLI_FLAG("force", OPT_FORCE), CLI_OPTS_END,
	};
	p12_args_t a = { 0 };
	int ex = p12_parse(&a, argc, argv, opts, ":hf", p12_import_help, PKI_MAX_KDF_ITERATIONS);

	if (ex || (ex = cli_one_operand(argc, "PKCS#12 file")))
		return ex;
	a.in = argv[optind];
	if ((ex = import_check(&a)))
		return ex;
	return import_run(&a);
}
