/*
 * pki ca new, and pki cert self (the same command without the CA extensions)
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "x509-args.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------------------------------------------------------------------------------------- */
/* ca new, cert self                                                                         */

static const char ca_new_help[] =
	"Usage: pki ca new --subject DN (--key FILE | --key-out FILE) [OPTIONS] [-o FILE]\n"
	"Make a root CA certificate (self-signed, CA:TRUE, keyCertSign and cRLSign), valid 10\n"
	"years by default.\n"
	"\n"
	"  --subject DN         the CA's name, RFC 4514: \"CN=Example Root CA,O=Example\"\n"
	"  --key FILE           the CA's existing private key\n"
	"  --key-out FILE       generate the CA's key and write it to FILE (mode 0600)\n"
	"  --days N             validity in days (default 3650)\n"
	"  --path-len N         at most N intermediate CAs below this one\n" CONSTRAINT_HELP
	"  -o, --out FILE       where to write the certificate (default: standard output)\n"
	"  -f, --force          replace existing output files\n" KEYGEN_HELP PASS_HELP
	"  -h, --help           this help\n";

static const char cert_self_help[] =
	"Usage: pki cert self (--key FILE | --key-out FILE) [--subject DN] [OPTIONS] [-o FILE]\n"
	"Make a self-signed certificate; by default a server certificate valid 397 days.\n"
	"\n"
	"  --key FILE           the private key\n"
	"  --key-out FILE       generate a key and write it to FILE (mode 0600)\n"
	"  --subject DN         subject and issuer, RFC 4514 (may be omitted when names are given)\n"
	"  --profile NAME       server (default), client, server-client, ca, intermediate\n"
	"  --days N             validity in days (default 397; 3650 for ca)\n"
	"  --path-len N         path length constraint (ca and intermediate profiles)\n" SAN_HELP
	"  --allow-no-san       a server certificate without a DNS name or IP address (refused by\n"
	"                       default: TLS clients ignore the CN)\n"
	CONSTRAINT_HELP EXT_HELP
	"  -o, --out FILE       where to write the certificate (default: standard output)\n"
	"  -f, --force          replace existing output files\n" KEYGEN_HELP PASS_HELP
	"  -h, --help           this help\n";

int x509_self_signed(int argc, char **argv, bool ca)
{
	static const struct option ca_opts[] = {
		O_OUT, O_FORCE, O_HELP, O_PASS, O_KEYGEN, O_CONSTRAINTS, O_ISSUE,
		{ "key", required_argument, NULL, OPT_KEY },
		{ "subject", required_argument, NULL, OPT_SUBJECT },
		{ "days", required_argument, NULL, OPT_DAYS },
		{ "path-len", required_argument, NULL, OPT_PATH_LEN },
		{ 0 },
	};
	static const struct option self_opts[] = {
		O_OUT, O_FORCE, O_HELP, O_PASS, O_KEYGEN, O_SANS, O_CONSTRAINTS, O_ISSUE,
		{ "key", required_argument, NULL, OPT_KEY },
		{ "subject", required_argument, NULL, OPT_SUBJECT },
		{ "days", required_argument, NULL, OPT_DAYS },
		{ "path-len", required_argument, NULL, OPT_PATH_LEN },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		{ "allow-no-san", no_argument, NULL, OPT_ALLOW_NO_SAN },
		{ 0 },
	};
	x509_args_t a = { 0 };
	pki_issue_opts_t *opts = NULL;
	pki_key_t *key = NULL;
	pki_cert_t *cert = NULL;
	char *pw = NULL, *subject = NULL;
	int ex, rc, profile;

	if ((ex = x509_parse(&a, argc, argv, ca ? ca_opts : self_opts, ca ? ca_new_help : cert_self_help,
			NULL, NULL)))
		goto out;
	if (optind < argc) {
		ex = cli_usage("unexpected argument '%s'", argv[optind]);
		goto out;
	}
	profile = ca ? PKI_PROFILE_CA : x509_profile_arg(a.profile, PKI_PROFILE_SERVER);
	if (profile < 0) {
		ex = EXIT_USAGE;
		goto out;
	}
	if (ca && !a.subject) {
		ex = cli_usage("--subject DN is required (e.g. --subject \"CN=Example Root CA\")");
		goto out;
	}
	if (!a.subject && !a.sans.n) {
		ex = cli_usage("give --subject DN or at least one name (--dns, --ip, ...)");
		goto out;
	}
	if ((ex = x509_make_opts(&opts, &a, profile, true)))
		goto out;
	if ((ex = cli_check_new(a.out, a.force)) || (ex = x509_subject_key(&key, &a, &pw)))
		goto out;
	if (!a.subject) {
		/* A self-signed certificate needs a subject (it is also the issuer): the first name. */
		const char *v = strchr(a.sans.v[0], ':') + 1;
		char *esc = cli_dn_escape(v);
		size_t n = strlen(esc) + 4;

		subject = malloc(n);
		if (!subject) {
			free(esc);
			ex = cli_error("out of memory");
			goto out;
		}
		snprintf(subject, n, "CN=%s", esc);
		free(esc);
	}
	rc = pki_cert_self_sign(&cert, key, a.subject ? a.subject : subject, opts, 0);
	if (rc < 0) {
		ex = cli_fail(rc, "making the %scertificate", ca ? "CA " : "");
		goto out;
	}
	if ((ex = cli_check_server_cert(cert, profile, a.allow_no_san,
					a.out ? a.out : "the certificate")) ||
	    (ex = x509_save_new_key(key, &a, pw)))
		goto out;
	ex = x509_write_cert(cert, NULL, a.out, a.force);
out:
	free(subject);
	pki_cert_free(cert);
	pki_key_free(key);
	pki_issue_opts_free(opts);
	cli_pass_free(pw);
	x509_args_free(&a);
	return ex < 0 ? EXIT_OK : ex;
}

static int ca_new(int argc, char **argv)
{
	return x509_self_signed(argc, argv, true);
}

int cmd_ca(int argc, char **argv)
{
	static const cli_sub_t subs[] = {
		{ "new", ca_new, "make a root CA certificate (and its key)" },
		{ 0 },
	};

	return cli_dispatch("ca", subs, argc, argv);
}
