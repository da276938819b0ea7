/*
 * pki token list
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char token_list_help[] =
	"Usage: pki token list [OPTIONS] [URI]\n"
	"List the PKCS#11 tokens p11-kit knows (\"URI label\"), or, with a pkcs11: URI, the\n"
	"token's objects (\"TYPE URI\"). A key's URI goes wherever pki takes a key file.\n"
	"\n"
	"  --login              log in (the PIN from --pass-file, --pass-env, PKI_PIN or a\n"
	"                       prompt) to list private objects too\n"
	"  --pass-file FILE     the PIN, from the first line of FILE (implies --login)\n"
	"  --pass-env VAR       the PIN, from the environment variable VAR (implies --login)\n"
	"  -h, --help           this help\n";

int cmd_token_list(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_FLAG("login", OPT_LOGIN), CLI_OPTS_PASS, CLI_OPTS_END,
	};
	cli_pass_t pass = { 0 };
	bool login = false;
	const char *url = NULL;
	char *pin = NULL, *text = NULL;
	int c, ex, rc;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_HELP: return cli_help(token_list_help);
		case OPT_LOGIN: login = true; break;
		case OPT_PASS_FILE:
		case OPT_PASS_ENV:
			if ((ex = cli_set_pass(&pass, c, optarg)))
				return ex;
			login = true;
			break;
		default: return cli_bad_option(c, argv);
		}
	}
	if (optind < argc)
		url = argv[optind++];
	if ((ex = cli_no_operands(argc, argv, NULL)))
		return ex;
	if (url && !pki_is_pkcs11_url(url))
		return cli_usage("'%s' is not a pkcs11: URI", url);
	if (login && !url)
		return cli_usage("--login needs a token URI");
	if (login || getenv("PKI_PIN")) {
		if ((ex = cli_pin(&pin, &pass, url ? url : "")))
			return ex;
		if (login && !pin)
			return cli_usage("--login: no PIN (--pass-file, --pass-env or PKI_PIN)");
	}
	rc = pki_token_list(&text, url, pin, 0);
	cli_pass_free(pin);
	if (rc < 0)
		return cli_fail(rc, "listing %s", url ? url : "the tokens");
	cli_put_escaped(stdout, text, true);
	pki_free(text);
	return EXIT_OK;
}
