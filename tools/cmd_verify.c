/*
 * pki(1) — `pki verify` (chain verification that explains itself).
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

enum {
	OPT_V_UNTRUSTED = 1000,
	OPT_V_HOST,
	OPT_V_PURPOSE,
	OPT_V_AT,
	OPT_V_CRL,
	OPT_V_CRL_CHECK,
	OPT_V_SYSTEM,
	OPT_V_POLICY,
	OPT_V_EXPLICIT_POLICY,
	OPT_V_INHIBIT_MAPPING,
	OPT_V_INHIBIT_ANY,
	OPT_V_MAX_DEPTH,
	OPT_V_EMAIL,
	OPT_V_PROFILE,
	OPT_V_ALLOW_SHA1,
	OPT_V_ALLOW_LEGACY_KEYS,
	OPT_V_OCSP_RESPONSE,
};

/* RFC 3339 ("2011-04-15T00:00:00Z", "...+02:00", or a date "2011-04-15") or "@" + seconds. */
static bool parse_time(const char *s, int64_t *out)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0, oh = 0, om = 0;
	char sign = 0;
	const char *rest;

	if (s[0] == '@') {
		char *end;
		long long v = strtoll(s + 1, &end, 10);

		if (end == s + 1 || *end || v < 0)
			return false;
		*out = v;
		return true;
	}
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3)
		return false;
	rest = s + n;
	if (*rest == 'T' || *rest == 't' || *rest == ' ') {
		if (sscanf(rest + 1, "%2d:%2d:%2d%n", &h, &mi, &sec, &n) != 3)
			return false;
		rest += 1 + n;
		if (*rest == '.') /* fractions of a second are ignored */
			for (rest++; *rest >= '0' && *rest <= '9'; rest++)
				;
		if (*rest == 'Z' || *rest == 'z') {
			rest++;
		} else if (*rest == '+' || *rest == '-') {
			sign = *rest;
			if (sscanf(rest + 1, "%2d:%2d%n", &oh, &om, &n) != 2)
				return false;
			rest += 1 + n;
		} else {
			return false;
		}
	}
	if (*rest || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return false;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*out = (int64_t)timegm(&tm) - (sign == '+' ? 1 : sign == '-' ? -1 : 0) * (oh * 3600 + om * 60);
	return *out >= 0;
}

/* ---------------------------------------------------------------------------------------- */
/* pki verify                                                                                */

static const char verify_help[] =
	"Usage: pki verify --ca FILE [OPTIONS] CERT\n"
	"Verify CERT: build its chain up to a trusted CA and check every certificate of it. Prints\n"
	"the chain built and, when it is not valid, each reason with the certificate concerned.\n"
	"\n"
	"  --ca FILE            trusted CA certificates (a PEM bundle, or a folder of them);\n"
	"                       repeatable\n"
	"  --system             trust the system's CAs too\n"
	"  --untrusted FILE     intermediate certificates to build the chain from, in any order;\n"
	"                       repeatable\n"
	"  --host NAME|IP       the host name or IP address the certificate must be valid for;\n"
	"                       only subject alternative names count, never the CN (as browsers\n"
	"                       and Go clients do)\n"
	"  --purpose P          server, client or any; the default is server with --host,\n"
	"                       any without\n"
	"  --email ADDR         the email address the certificate must be valid for\n"
	"  --at TIME            verify as of TIME instead of now: RFC 3339\n"
	"                       (2027-01-01T00:00:00Z) or @UNIX-SECONDS\n"
	"  --crl FILE           the CRLs of FILE (DER, or every CRL of a PEM bundle);\n"
	"                       repeatable; turns on revocation checking of the leaf\n"
	"  --ocsp-response FILE a DER OCSP response: for the certificates it speaks of, it\n"
	"                       decides revocation before any CRL (good, revoked; unknown or\n"
	"                       unusable fails); repeatable\n"
	"  --crl-check leaf|chain  revocation checking of the leaf only (CRLs of the other\n"
	"                       certificates are used when given), or of the whole chain\n"
	"  --policy OID         an acceptable certificate policy; repeatable; none means any\n"
	"  --explicit-policy    require a valid policy for the whole path\n"
	"  --inhibit-policy-mapping  do not follow policy mappings\n"
	"  --inhibit-any-policy do not accept anyPolicy in certificates\n"
	"  --max-depth N        at most N certificates in a path, trust anchor included (16)\n"
	"  --profile P          rfc5280 (default) or webpki: the certificate profile rules\n"
	"  --allow-sha1         accept SHA-1 signatures\n"
	"  --allow-legacy-keys  accept RSA keys of 1024-2047 bits, P-192/P-224 and DSA\n"
	"  --json               the result as JSON\n"
	"\n"
	"Exit status: 0 valid, 1 not valid, 2 usage error, 3 unreadable input.\n";

/* What to do about some reasons, in terms of this command's options (the library's messages
 * never name them). */
static void print_hints(const pki_verify_result_t *r)
{
	bool issuer = false, root = false, crl = false;
	int n = pki_verify_result_reason_count(r);

	for (int i = 0; i < n; i++) {
		int code = pki_verify_result_reason(NULL, NULL, r, (unsigned)i);

		issuer |= code == PKI_VERIFY_ISSUER_NOT_FOUND;
		root |= code == PKI_VERIFY_UNTRUSTED_ROOT;
		crl |= code == PKI_VERIFY_CRL_MISSING;
	}
	if (issuer)
		printf("hint: pass the missing issuer with --untrusted (or --ca if it is a trusted "
		       "root)\n");
	if (root)
		printf("hint: add the root with --ca if you trust it\n");
	if (crl)
		printf("hint: pass the issuer's CRL with --crl\n");
}

/* What pki verify was asked for (the lists borrow argv). */
typedef struct {
	cli_list_t cas, untrusted, crls, policies, ocsps;
	const char *host, *purpose, *at, *crl_check, *email, *max_depth, *profile, *file;
	unsigned policy_flags, allow;
	bool json, system;
	int purpose_value;
	int64_t when;
} verify_args_t;

static void args_free(verify_args_t *a)
{
	cli_list_free(&a->cas);
	cli_list_free(&a->untrusted);
	cli_list_free(&a->crls);
	cli_list_free(&a->ocsps);
	cli_list_free(&a->policies);
}

/* Parse argv into @p a and check what needs no library handle; an exit code (EXIT_OK to go
 * on; --help returns its own after printing). */
static int parse_args(verify_args_t *a, int argc, char **argv, bool *done)
{
	static const struct option opts[] = {
		CLI_FLAG("help", OPT_HELP), CLI_ARG("ca", OPT_CA), CLI_FLAG("system", OPT_V_SYSTEM),
		CLI_ARG("untrusted", OPT_V_UNTRUSTED), CLI_ARG("host", OPT_V_HOST),
		CLI_ARG("purpose", OPT_V_PURPOSE), CLI_ARG("at", OPT_V_AT),
		CLI_ARG("crl", OPT_V_CRL), CLI_ARG("crl-check", OPT_V_CRL_CHECK),
		CLI_FLAG("json", OPT_JSON), CLI_ARG("policy", OPT_V_POLICY),
		CLI_FLAG("explicit-policy", OPT_V_EXPLICIT_POLICY),
		CLI_FLAG("inhibit-policy-mapping", OPT_V_INHIBIT_MAPPING),
		CLI_FLAG("inhibit-any-policy", OPT_V_INHIBIT_ANY),
		CLI_ARG("max-depth", OPT_V_MAX_DEPTH), CLI_ARG("email", OPT_V_EMAIL),
		CLI_ARG("profile", OPT_V_PROFILE), CLI_FLAG("allow-sha1", OPT_V_ALLOW_SHA1),
		CLI_FLAG("allow-legacy-keys", OPT_V_ALLOW_LEGACY_KEYS),
		CLI_ARG("ocsp-response", OPT_V_OCSP_RESPONSE), { 0 },
	};
	int c, ex;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_HELP: *done = true; return cli_help(verify_help);
		case OPT_CA: cli_list_add(&a->cas, optarg); break;
		case OPT_V_SYSTEM: a->system = true; break;
		case OPT_V_UNTRUSTED: cli_list_add(&a->untrusted, optarg); break;
		case OPT_V_HOST: a->host = optarg; break;
		case OPT_V_PURPOSE: a->purpose = optarg; break;
		case OPT_V_AT: a->at = optarg; break;
		case OPT_V_CRL: cli_list_add(&a->crls, optarg); break;
		case OPT_V_OCSP_RESPONSE: cli_list_add(&a->ocsps, optarg); break;
		case OPT_V_CRL_CHECK: a->crl_check = optarg; break;
		case OPT_JSON: a->json = true; break;
		case OPT_V_POLICY: cli_list_add(&a->policies, optarg); break;
		case OPT_V_EXPLICIT_POLICY: a->policy_flags |= PKI_VERIFY_POLICY_EXPLICIT; break;
		case OPT_V_INHIBIT_MAPPING:
			a->policy_flags |= PKI_VERIFY_POLICY_INHIBIT_MAPPING;
			break;
		case OPT_V_INHIBIT_ANY: a->policy_flags |= PKI_VERIFY_POLICY_INHIBIT_ANY; break;
		case OPT_V_MAX_DEPTH: a->max_depth = optarg; break;
		case OPT_V_EMAIL: a->email = optarg; break;
		case OPT_V_PROFILE: a->profile = optarg; break;
		case OPT_V_ALLOW_SHA1: a->allow |= PKI_VERIFY_ALLOW_SHA1; break;
		case OPT_V_ALLOW_LEGACY_KEYS: a->allow |= PKI_VERIFY_ALLOW_LEGACY_KEYS; break;
		default: return cli_bad_option(c, argv);
		}
	}
	if ((ex = cli_one_operand(argc, "certificate file")))
		return ex;
	a->file = argv[optind];
	if (a->cas.n == 0 && !a->system)
		return cli_usage("which trusted CAs? (--ca FILE or --system)");
	if (a->purpose && (a->purpose_value = pki_purpose_from_name(a->purpose)) < 0)
		return cli_usage("--purpose: expected server, client or any, not '%s'", a->purpose);
	if (a->at && !parse_time(a->at, &a->when))
		return cli_usage("--at: expected RFC 3339 (2027-01-01T00:00:00Z) or @SECONDS, not "
				 "'%s'",
				 a->at);
	if (a->crl_check && strcmp(a->crl_check, "leaf") != 0 &&
	    strcmp(a->crl_check, "chain") != 0)
		return cli_usage("--crl-check: expected leaf or chain, not '%s'", a->crl_check);
	return EXIT_OK;
}

/* The verification settings of @p a into @p vo; an exit code (usage errors name the option). */
static int set_options(pki_verify_opts_t *vo, const verify_args_t *a)
{
	if (a->host && pki_verify_opts_set_host(vo, a->host) < 0)
		return cli_usage("--host: '%s' is neither a host name nor an IP address", a->host);
	if (a->purpose)
		pki_verify_opts_set_purpose(vo, (pki_purpose_t)a->purpose_value);
	if (a->email && pki_verify_opts_set_email(vo, a->email) < 0)
		return cli_usage("--email: '%s' is not an email address", a->email);
	if (a->max_depth) {
		char *end;
		long d = strtol(a->max_depth, &end, 10);

		if (end == a->max_depth || *end || d < 1 || d > 64 ||
		    pki_verify_opts_set_max_depth(vo, (unsigned)d) < 0)
			return cli_usage("--max-depth: expected 1..64, not '%s'", a->max_depth);
	}
	if (a->profile) {
		int pr = pki_verify_profile_from_name(a->profile);

		if (pr < 0)
			return cli_usage("--profile: expected rfc5280 or webpki, not '%s'",
					 a->profile);
		pki_verify_opts_set_profile(vo, (pki_verify_profile_t)pr);
	}
	for (size_t i = 0; i < a->policies.n; i++)
		if (pki_verify_opts_add_policy(vo, a->policies.v[i]) < 0)
			return cli_usage("--policy: expected a dotted OID, not '%s'",
					 a->policies.v[i]);
	pki_verify_opts_set_policy_flags(vo, a->policy_flags);
	pki_verify_opts_set_algorithms(vo, a->allow);
	if (a->at && pki_verify_opts_set_time(vo, a->when) < 0)
		return cli_usage("--at: %s", pki_error_detail());
	if (a->crl_check || a->crls.n)
		pki_verify_opts_set_crl_check(vo, a->crl_check && !strcmp(a->crl_check, "chain")
							  ? PKI_CRL_CHECK_CHAIN
							  : PKI_CRL_CHECK_LEAF);
	return EXIT_OK;
}

/* Read the trusted CAs, intermediates, CRLs and OCSP responses; false after a message. */
static bool load_inputs(pki_trust_t *trust, pki_verify_opts_t *vo, const verify_args_t *a)
{
	int rc;

	for (size_t i = 0; i < a->cas.n; i++) {
		struct stat st;

		if (stat(a->cas.v[i], &st) == 0 && S_ISDIR(st.st_mode))
			rc = pki_trust_add_dir(trust, a->cas.v[i], 0);
		else
			rc = pki_trust_add_file(trust, a->cas.v[i], 0);
		if (rc < 0)
			return cli_fail(rc, "reading the trusted CAs %s", a->cas.v[i]), false;
	}
	if (a->system && (rc = pki_trust_add_system(trust, 0)) < 0)
		return cli_fail(rc, "loading the system's trusted CAs"), false;
	for (size_t i = 0; i < a->untrusted.n; i++) {
		pki_chain_t *ch = NULL;

		rc = pki_chain_import_file(&ch, a->untrusted.v[i], 0);
		if (rc == 0)
			rc = pki_verify_opts_add_untrusted(vo, ch);
		pki_chain_free(ch);
		if (rc < 0)
			return cli_fail(rc, "reading the intermediates %s", a->untrusted.v[i]), false;
	}
	for (size_t i = 0; i < a->crls.n; i++)
		if ((rc = pki_trust_add_crl_file(trust, a->crls.v[i], 0)) < 0)
			return cli_fail(rc, "reading the CRL %s", a->crls.v[i]), false;
	for (size_t i = 0; i < a->ocsps.n; i++) {
		unsigned char *data = NULL;
		size_t size = 0;

		if ((rc = pki_file_read(&data, &size, a->ocsps.v[i], 0)) == 0)
			rc = pki_verify_opts_add_ocsp_response(vo, data, size, 0);
		pki_free(data);
		if (rc < 0)
			return cli_fail(rc, "reading the OCSP response %s", a->ocsps.v[i]), false;
	}
	return true;
}

/* Verify the certificate file and print the result; EXIT_OK, EXIT_VERIFY or EXIT_ERROR. */
static int verify_file(const pki_trust_t *trust, const pki_verify_opts_t *vo,
		       const verify_args_t *a)
{
	pki_verify_result_t *r = NULL;
	pki_cert_t *cert = NULL;
	char *out = NULL;
	int rc, ex = EXIT_ERROR;

	if (cli_load_cert(&cert, a->file, "certificate"))
		goto out;
	if ((rc = pki_cert_verify(&r, cert, trust, vo, 0)) < 0) {
		cli_fail(rc, "verifying %s", a->file);
		goto out;
	}
	rc = a->json ? pki_verify_result_to_json(&out, r, 0)
		     : pki_verify_result_to_text(&out, r, 0);
	if (cli_print_or_fail(rc, out, "describing the result"))
		goto out;
	if (!a->json)
		print_hints(r);
	ex = pki_verify_result_valid(r) ? EXIT_OK : EXIT_VERIFY;
out:
	pki_verify_result_free(r);
	pki_cert_free(cert);
	return ex;
}

int cmd_verify(int argc, char **argv)
{
	verify_args_t a = { 0 };
	pki_trust_t *trust = NULL;
	pki_verify_opts_t *vo = NULL;
	bool done = false;
	int rc, ex;

	if ((ex = parse_args(&a, argc, argv, &done)) || done)
		goto out;
	if ((rc = pki_verify_opts_new(&vo, 0)) < 0 || (rc = pki_trust_new(&trust, 0)) < 0) {
		ex = cli_fail(rc, "starting");
		goto out;
	}
	if ((ex = set_options(vo, &a)))
		goto out;
	ex = load_inputs(trust, vo, &a) ? verify_file(trust, vo, &a) : EXIT_ERROR;
out:
	pki_verify_opts_free(vo);
	pki_trust_free(trust);
	args_free(&a);
	return ex;
}
