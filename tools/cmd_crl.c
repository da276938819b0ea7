/*
 * pki(1) — `pki crl new|show`: make and describe certificate revocation lists.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "ca-dir.h"
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


enum {
	OPT_C_REVOKE = 1000,
	OPT_C_DER,
};

static const char crl_new_help[] =
	"Usage: pki crl new (--ca FILE --ca-key FILE | --ca-dir DIR) [--revoke SERIAL[:REASON]]...\n"
	"                   [--days N] -o FILE\n"
	"Make a certificate revocation list signed by a CA, revoking the given serial numbers now.\n"
	"\n"
	"  --ca FILE            the CA certificate\n"
	"  --ca-key FILE        its private key\n"
	"  --ca-dir DIR         a CA directory (pki ca init): its CA, and every revocation of its\n"
	"                       inventory (pki revoke), with its date and reason, and a CRL\n"
	"                       number above every earlier one of the directory\n"
	"  --pass-file FILE, --pass-env VAR   password of an encrypted CA key\n"
	"  --revoke SERIAL[:REASON]  a serial number in hex (as `pki cert show` prints it), with\n"
	"                       an RFC 5280 reason: keyCompromise, cACompromise,\n"
	"                       affiliationChanged, superseded, cessationOfOperation,\n"
	"                       certificateHold, privilegeWithdrawn, aACompromise; repeatable\n"
	"  --days N             the CRL's lifetime (nextUpdate), default 30\n"
	"  --der                write DER instead of PEM\n"
	"  -o, --out FILE       where to write the CRL ('-' for standard output)\n"
	"  -f, --force          replace an existing output file\n";

static const char crl_show_help[] =
	"Usage: pki crl show FILE [--json]\n"
	"Describe a CRL (PEM or DER): issuer, dates, number and each revoked serial with its\n"
	"date and reason.\n"
	"\n"
	"  --json               as JSON\n";

typedef struct {
	pki_crl_opts_t *co;
	int ex;
} revoked_ctx_t;

static int add_revoked(void *ctx, const inv_entry_t *e)
{
	revoked_ctx_t *r = ctx;
	int rc = pki_crl_opts_add_revoked(r->co, e->serial, e->revoked_at, e->reason);

	if (rc < 0)
		r->ex = cli_fail(rc, "the revocation of %s (inventory)", e->serial);
	return r->ex;
}

/* --ca-dir: every revocation the inventory records (pki revoke). */
static int add_inventory_revocations(pki_crl_opts_t *co, cadir_t *d)
{
	inv_filter_t f = { .revoked_only = true };
	revoked_ctx_t r = { co, EXIT_OK };
	int ex = inv_list(d->inv, &f, add_revoked, &r);

	return ex ? ex : r.ex;
}

/* The inventory's next CRL number (above the last, at least thisUpdate as libpki's default). */
static int crl_number(pki_crl_opts_t *co, cadir_t *d, int64_t now)
{
	uint64_t n = 0;
	char hex[24];
	int ex = inv_next_crl_number(d->inv, (uint64_t)(now > 0 ? now : 1), &n), rc;

	if (ex)
		return ex;
	snprintf(hex, sizeof(hex), "%llx", (unsigned long long)n);
	rc = pki_crl_opts_set_number(co, hex);
	return rc < 0 ? cli_fail(rc, "CRL number %s", hex) : EXIT_OK;
}

static int add_revoked_serial(void *co, const char *serial, int64_t when, int reason)
{
	return pki_crl_opts_add_revoked(co, serial, when, reason);
}

/* Make the CRL of @p co signed by @p ca with @p key, and write it; an exit code. */
static int sign_and_write(const pki_crl_opts_t *co, const pki_cert_t *ca, const pki_key_t *key,
			  const char *out_path, bool der, bool force)
{
	pki_crl_t *crl = NULL;
	unsigned char *data = NULL;
	size_t size = 0;
	int rc, ex;

	if ((rc = pki_crl_create(&crl, ca, key, co, 0)) < 0)
		return cli_fail(rc, "making the CRL");
	rc = pki_crl_export(&data, &size, crl, der ? PKI_FORMAT_DER : PKI_FORMAT_PEM, 0);
	ex = cli_write_or_fail(rc, data, size, out_path, force, false, "encoding the CRL");
	pki_free(data);
	pki_crl_free(crl);
	return ex;
}

int cmd_crl_new(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_FLAG("help", OPT_HELP), CLI_ARG("ca", OPT_CA), CLI_ARG("ca-key", OPT_CA_KEY),
		CLI_ARG("ca-dir", OPT_CA_DIR), CLI_OPTS_PASS, CLI_ARG("revoke", OPT_C_REVOKE),
		CLI_ARG("days", OPT_DAYS), CLI_FLAG("der", OPT_C_DER), CLI_ARG("out", OPT_OUT),
		CLI_FLAG("force", OPT_FORCE), { 0 },
	};
	const char *ca_path = NULL, *key_path = NULL, *ca_dir = NULL;
	cadir_t *d = NULL;
	cli_list_t revoke = { 0 };
	cli_out_t o = { 0 };
	unsigned days = 0;
	bool der = false;
	pki_crl_opts_t *co = NULL;
	pki_cert_t *ca = NULL;
	pki_key_t *key = NULL;
	int c, rc, ex = EXIT_OK;
	int64_t now = (int64_t)time(NULL);

	optind = 1;
	while (!ex && (c = getopt_long(argc, argv, "ho:f", opts, NULL)) != -1) {
		switch (c) {
		case OPT_HELP: ex = cli_help(crl_new_help); goto out;
		case OPT_CA: ca_path = optarg; break;
		case OPT_CA_KEY: key_path = optarg; break;
		case OPT_CA_DIR: ca_dir = optarg; break;
		case OPT_C_REVOKE: cli_list_add(&revoke, optarg); break;
		case OPT_DAYS: ex = cli_uint_option("--days", optarg, 1, 3650, &days); break;
		case OPT_C_DER: der = true; break;
		default: ex = cli_out_or_bad_option(&o, c, argv);
		}
	}
	if (ex || (ex = cli_no_operands(argc, argv, NULL)))
		goto out;
	if (ca_dir && (ex = cadir_open_for_sign(&d, ca_dir, &ca_path, &key_path)))
		goto out;
	if (!ca_path || !key_path || !o.out) {
		ex = cli_usage("%s is required", !ca_path ? "--ca" : !key_path ? "--ca-key" : "-o");
		goto out;
	}
	if ((rc = pki_crl_opts_new(&co, 0)) < 0) {
		ex = cli_fail(rc, "starting");
		goto out;
	}
	if (days)
		pki_crl_opts_set_days(co, days);
	if ((ex = cli_add_revocations(&revoke, now, add_revoked_serial, co)))
		goto out;
	/* --ca-dir: the revocations and a new CRL number, in one transaction with the writing */
	if (d && ((ex = inv_begin(d->inv)) || (ex = add_inventory_revocations(co, d)) ||
		  (ex = crl_number(co, d, now))))
		goto out;
	if ((ex = cli_check_new(o.out, o.force)))
		goto out;
	if (!(ex = cli_load_ca(&ca, &key, ca_path, key_path, &o.pass)))
		ex = sign_and_write(co, ca, key, o.out, der, o.force);
	if (d)
		ex = cadir_end(d, ex, o.out);
out:
	cadir_free(d); /* rolls back when not committed */
	pki_crl_opts_free(co);
	pki_key_free(key);
	pki_cert_free(ca);
	cli_list_free(&revoke);
	return ex;
}

int cmd_crl_show(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_FLAG("help", OPT_HELP), CLI_FLAG("json", OPT_JSON), { 0 },
	};
	bool json = false;
	pki_crl_t *crl = NULL;
	char *s = NULL;
	int c, rc, ex = EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_HELP: return cli_help(crl_show_help);
		case OPT_JSON: json = true; break;
		default: return cli_bad_option(c, argv);
		}
	}
	if ((ex = cli_one_operand(argc, "CRL file")))
		return ex;
	if ((rc = pki_crl_import_file(&crl, argv[optind], 0)) < 0)
		return cli_fail(rc, "reading the CRL %s", argv[optind]);
	rc = json ? pki_crl_to_json(&s, crl, 0) : pki_crl_to_text(&s, crl, 0);
	ex = cli_print_or_fail(rc, s, "describing the CRL");
	pki_crl_free(crl);
	return ex;
}
