/*
 * pki csr new | show
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "x509-args.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------------------------------------------------------------------------------------- */
/* csr                                                                                       */

static const char csr_new_help[] =
	"Usage: pki csr new (--key FILE | --key-out FILE) [--subject DN] [NAMES] [-o FILE]\n"
	"Make a certificate signing request (PKCS#10), signed with the key.\n"
	"\n"
	"  --key FILE           the subject's private key\n"
	"  --key-out FILE       generate a new key and write it to FILE (mode 0600)\n"
	"  --subject DN         subject, RFC 4514: \"CN=host.example.com,O=Example,C=GB\"\n"
	"                       (may be omitted when names are given)\n" DN_ATTR_HELP SAN_HELP EXT_HELP
	"  --hash HASH          signature hash: sha256, sha384, sha512 (default: the key's:\n"
	"                       SHA-256 for RSA and P-256, SHA-384 for P-384, SHA-512 for P-521)\n"
	"  --pss                sign with RSA-PSS instead of PKCS#1 v1.5 (an RSA key; an RSA-PSS\n"
	"                       key always signs with PSS)\n"
	"  -o, --out FILE       where to write the request (default: standard output)\n"
	"  -f, --force          replace existing output files\n" KEYGEN_HELP PASS_HELP
	"  -h, --help           this help\n";

int cmd_csr_new(int argc, char **argv)
{
	static const struct option opts[] = {
		O_OUT, O_FORCE, O_HELP, O_PASS, O_KEYGEN, O_SANS, O_ISSUE, CLI_ARG("key", OPT_KEY),
		O_SUBJECT, { 0 },
	};
	x509_args_t a = { 0 };
	pki_key_t *key = NULL;
	pki_csr_t *csr = NULL;
	pki_hash_t hash = PKI_HASH_DEFAULT;
	unsigned char *data = NULL;
	size_t size = 0;
	int ex, rc;

	if ((ex = x509_parse_operands(&a, argc, argv, opts, csr_new_help, NULL)))
		goto out;
	if (!a.subject && !a.sans.n) {
		ex = cli_usage("give --subject DN or at least one name (--dns, --ip, ...)");
		goto out;
	}
	/* The issuance options x509_parse shares are for certificates, not for requests. */
	if (a.key_usage || a.eku || a.policies.n || a.maps.n || a.require_explicit ||
	    a.inhibit_mapping || a.inhibit_any) {
		ex = cli_usage("--key-usage, --eku and the policy options are given when the "
			       "certificate is issued, not in the request");
		goto out;
	}
	if ((a.hash && (ex = cli_hash_option("--hash", a.hash, &hash))) ||
	    (ex = cli_check_new(a.out, a.force)) || (ex = x509_subject_key(&key, &a)))
		goto out;
	rc = pki_csr_create_v2(&csr, key, a.subject ? a.subject : "",
			       (const char *const *)a.sans.v, hash, a.pss ? PKI_SIGN_RSA_PSS : 0);
	if (rc < 0) {
		ex = cli_fail(rc, "making the request");
		goto out;
	}
	for (size_t i = 0; i < a.exts.n; i++) {
		char *oid = NULL;
		unsigned char *der = NULL;
		size_t n = 0;
		bool critical = false;

		if ((ex = x509_ext_arg(a.exts.v[i], &oid, &der, &n, &critical)))
			goto out;
		rc = pki_csr_add_extension(csr, key, oid, der, n, critical ? PKI_EXT_CRITICAL : 0);
		free(oid);
		free(der);
		if (rc < 0) {
			ex = cli_fail(rc, "--ext %s", a.exts.v[i]);
			goto out;
		}
	}
	/* the new key is written once the request is encoded, before the request */
	rc = pki_csr_export(&data, &size, csr, PKI_FORMAT_PEM, 0);
	if (rc >= 0 && (ex = x509_save_new_key(key, &a)))
		goto out;
	ex = cli_write_or_fail(rc, data, size, a.out, a.force, false, "encoding the request");
out:
	pki_free(data);
	pki_csr_free(csr);
	pki_key_free(key);
	x509_args_free(&a);
	return ex;
}

static const char csr_show_help[] =
	"Usage: pki csr show [--json] FILE\n"
	"Describe a certificate signing request (PEM or DER) and check its signature.\n"
	"\n"
	"  --json               print the request as JSON\n"
	"  -h, --help           this help\n";

int cmd_csr_show(int argc, char **argv)
{
	static const struct option opts[] = { O_HELP, O_JSON, { 0 } };
	x509_args_t a = { 0 };
	pki_csr_t *csr = NULL;
	char *s = NULL;
	int ex, rc;

	if ((ex = x509_parse_operands(&a, argc, argv, opts, csr_show_help, "request file")))
		goto out;
	if ((rc = pki_csr_import_file(&csr, argv[optind], 0)) < 0) {
		ex = cli_fail(rc, "reading the request %s", argv[optind]);
		goto out;
	}
	rc = a.json ? pki_csr_to_json(&s, csr, 0) : pki_csr_to_text(&s, csr, 0);
	if ((ex = cli_print_or_fail(rc, s, "describing %s", argv[optind])))
		goto out;
	if ((rc = pki_csr_verify(csr, 0)) < 0)
		ex = cli_fail(rc, "the signature of %s", argv[optind]);
out:
	pki_csr_free(csr);
	x509_args_free(&a);
	return ex;
}
