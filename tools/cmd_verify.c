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

int cmd_verify(int argc, char **argv);

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

int cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, OPT_HELP },
		{ "ca", required_argument, NULL, OPT_CA },
		{ "system", no_argument, NULL, OPT_V_SYSTEM },
		{ "untrusted", required_argument, NULL, OPT_V_UNTRUSTED },
		{ "host", required_argument, NULL, OPT_V_HOST },
		{ "purpose", required_argument, NULL, OPT_V_PURPOSE },
		{ "at", required_argument, NULL, OPT_V_AT },
		{ "crl", required_argument, NULL, OPT_V_CRL },
		{ "crl-check", required_argument, NULL, OPT_V_CRL_CHECK },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "policy", required_argument, NULL, OPT_V_POLICY },
		{ "explicit-policy", no_argument, NULL, OPT_V_EXPLICIT_POLICY },
		{ "inhibit-policy-mapping", no_argument, NULL, OPT_V_INHIBIT_MAPPING },
		{ "inhibit-any-policy", no_argument, NULL, OPT_V_INHIBIT_ANY },
		{ "max-depth", required_argument, NULL, OPT_V_MAX_DEPTH },
		{ "email", required_argument, NULL, OPT_V_EMAIL },
		{ "profile", required_argument, NULL, OPT_V_PROFILE },
		{ "allow-sha1", no_argument, NULL, OPT_V_ALLOW_SHA1 },
		{ "allow-legacy-keys", no_argument, NULL, OPT_V_ALLOW_LEGACY_KEYS },
		{ "ocsp-response", required_argument, NULL, OPT_V_OCSP_RESPONSE },
		{ 0 },
	};
	cli_list_t cas = { 0 }, untrusted = { 0 }, crls = { 0 }, policies = { 0 }, ocsps = { 0 };
	const char *host = NULL, *purpose = NULL, *at = NULL, *crl_check = NULL, *email = NULL;
	const char *max_depth = NULL, *profile = NULL;
	unsigned policy_flags = 0, allow = 0;
	bool json = false, system = false;
	pki_trust_t *trust = NULL;
	pki_verify_opts_t *vo = NULL;
	pki_verify_result_t *r = NULL;
	pki_cert_t *cert = NULL;
	char *out = NULL;
	int c, rc, ex = EXIT_OK, p = 0;
	int64_t when = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_HELP: ex = cli_help(verify_help); goto out;
		case OPT_CA: cli_list_add(&cas, optarg); break;
		case OPT_V_SYSTEM: system = true; break;
		case OPT_V_UNTRUSTED: cli_list_add(&untrusted, optarg); break;
		case OPT_V_HOST: host = optarg; break;
		case OPT_V_PURPOSE: purpose = optarg; break;
		case OPT_V_AT: at = optarg; break;
		case OPT_V_CRL: cli_list_add(&crls, optarg); break;
		case OPT_V_OCSP_RESPONSE: cli_list_add(&ocsps, optarg); break;
		case OPT_V_CRL_CHECK: crl_check = optarg; break;
		case OPT_JSON: json = true; break;
		case OPT_V_POLICY: cli_list_add(&policies, optarg); break;
		case OPT_V_EXPLICIT_POLICY: policy_flags |= PKI_VERIFY_POLICY_EXPLICIT; break;
		case OPT_V_INHIBIT_MAPPING: policy_flags |= PKI_VERIFY_POLICY_INHIBIT_MAPPING; break;
		case OPT_V_INHIBIT_ANY: policy_flags |= PKI_VERIFY_POLICY_INHIBIT_ANY; break;
		case OPT_V_MAX_DEPTH: max_depth = optarg; break;
		case OPT_V_EMAIL: email = optarg; break;
		case OPT_V_PROFILE: profile = optarg; break;
		case OPT_V_ALLOW_SHA1: allow |= PKI_VERIFY_ALLOW_SHA1; break;
		case OPT_V_ALLOW_LEGACY_KEYS: allow |= PKI_VERIFY_ALLOW_LEGACY_KEYS; break;
		default: ex = cli_bad_option(c, argv); goto out;
		}
	}
	if (optind != argc - 1) {
		ex = cli_usage(optind == argc ? "which certificate file?" : "give one certificate file");
		goto out;
	}
	if (cas.n == 0 && !system) {
		ex = cli_usage("which trusted CAs? (--ca FILE or --system)");
		goto out;
	}
	if (purpose && (p = pki_purpose_from_name(purpose)) < 0) {
		ex = cli_usage("--purpose: expected server, client or any, not '%s'", purpose);
		goto out;
	}
	if (at && !parse_time(at, &when)) {
		ex = cli_usage("--at: expected RFC 3339 (2027-01-01T00:00:00Z) or @SECONDS, not '%s'",
			       at);
		goto out;
	}
	if (crl_check && strcmp(crl_check, "leaf") != 0 && strcmp(crl_check, "chain") != 0) {
		ex = cli_usage("--crl-check: expected leaf or chain, not '%s'", crl_check);
		goto out;
	}
	if ((rc = pki_verify_opts_new(&vo, 0)) < 0 || (rc = pki_trust_new(&trust, 0)) < 0) {
		ex = cli_fail(rc, "starting");
		goto out;
	}
	if (host && (rc = pki_verify_opts_set_host(vo, host)) < 0) {
		ex = cli_usage("--host: '%s' is neither a host name nor an IP address", host);
		goto out;
	}
	if (purpose)
		pki_verify_opts_set_purpose(vo, (pki_purpose_t)p);
	if (email && (rc = pki_verify_opts_set_email(vo, email)) < 0) {
		ex = cli_usage("--email: '%s' is not an email address", email);
		goto out;
	}
	if (max_depth) {
		char *end;
		long d = strtol(max_depth, &end, 10);

		if (end == max_depth || *end || d < 1 || d > 64 ||
		    pki_verify_opts_set_max_depth(vo, (unsigned)d) < 0) {
			ex = cli_usage("--max-depth: expected 1..64, not '%s'", max_depth);
			goto out;
		}
	}
	if (profile) {
		int pr = pki_verify_profile_from_name(profile);

		if (pr < 0) {
			ex = cli_usage("--profile: expected rfc5280 or webpki, not '%s'", profile);
			goto out;
		}
		pki_verify_opts_set_profile(vo, (pki_verify_profile_t)pr);
	}
	for (size_t i = 0; i < policies.n; i++)
		if (pki_verify_opts_add_policy(vo, policies.v[i]) < 0) {
			ex = cli_usage("--policy: expected a dotted OID, not '%s'", policies.v[i]);
			goto out;
		}
	pki_verify_opts_set_policy_flags(vo, policy_flags);
	pki_verify_opts_set_algorithms(vo, allow);
	if (at && (rc = pki_verify_opts_set_time(vo, when)) < 0) {
		ex = cli_usage("--at: %s", pki_error_detail());
		goto out;
	}
	if (crl_check || crls.n)
		pki_verify_opts_set_crl_check(vo, crl_check && !strcmp(crl_check, "chain")
							  ? PKI_CRL_CHECK_CHAIN
							  : PKI_CRL_CHECK_LEAF);
	ex = EXIT_ERROR;
	for (size_t i = 0; i < cas.n; i++) {
		struct stat st;

		if (stat(cas.v[i], &st) == 0 && S_ISDIR(st.st_mode))
			rc = pki_trust_add_dir(trust, cas.v[i], 0);
		else
			rc = pki_trust_add_file(trust, cas.v[i], 0);
		if (rc < 0) {
			cli_fail(rc, "reading the trusted CAs %s", cas.v[i]);
			goto out;
		}
	}
	if (system && (rc = pki_trust_add_system(trust, 0)) < 0) {
		cli_fail(rc, "loading the system's trusted CAs");
		goto out;
	}
	for (size_t i = 0; i < untrusted.n; i++) {
		pki_chain_t *ch = NULL;

		rc = pki_chain_import_file(&ch, untrusted.v[i], 0);
		if (rc == 0)
			rc = pki_verify_opts_add_untrusted(vo, ch);
		pki_chain_free(ch);
		if (rc < 0) {
			cli_fail(rc, "reading the intermediates %s", untrusted.v[i]);
			goto out;
		}
	}
	for (size_t i = 0; i < crls.n; i++) {
		if ((rc = pki_trust_add_crl_file(trust, crls.v[i], 0)) < 0) {
			cli_fail(rc, "reading the CRL %s", crls.v[i]);
			goto out;
		}
	}
	for (size_t i = 0; i < ocsps.n; i++) {
		unsigned char *data = NULL;
		size_t size = 0;

		if ((rc = pki_file_read(&data, &size, ocsps.v[i], 0)) == 0)
			rc = pki_verify_opts_add_ocsp_response(vo, data, size, 0);
		pki_free(data);
		if (rc < 0) {
			cli_fail(rc, "reading the OCSP response %s", ocsps.v[i]);
			goto out;
		}
	}
	if ((rc = pki_cert_import_file(&cert, argv[optind], 0)) < 0) {
		cli_fail(rc, "reading the certificate %s", argv[optind]);
		goto out;
	}
	rc = pki_cert_verify(&r, cert, trust, vo, 0);
	if (rc < 0) {
		cli_fail(rc, "verifying %s", argv[optind]);
		goto out;
	}
	rc = json ? pki_verify_result_to_json(&out, r, 0) : pki_verify_result_to_text(&out, r, 0);
	if (rc < 0) {
		cli_fail(rc, "describing the result");
		goto out;
	}
	cli_print_free(out);
	out = NULL;
	if (!json)
		print_hints(r);
	ex = pki_verify_result_valid(r) ? EXIT_OK : EXIT_VERIFY;
out:
	pki_free(out);
	pki_verify_result_free(r);
	pki_cert_free(cert);
	pki_verify_opts_free(vo);
	pki_trust_free(trust);
	cli_list_free(&cas);
	cli_list_free(&untrusted);
	cli_list_free(&crls);
	cli_list_free(&ocsps);
	cli_list_free(&policies);
	return ex;
}
