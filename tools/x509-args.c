/*
 * The options and helpers the certificate commands share (see x509-args.h).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "x509-args.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void x509_args_free(x509_args_t *a)
{
	cli_list_free(&a->sans);
	cli_constraints_free(&a->nc);
	cli_list_free(&a->exts);
	cli_list_free(&a->policies);
	cli_list_free(&a->maps);
	pki_dn_free(a->dn);
	pki_free(a->dn_subject);
	cli_pass_free(a->key_pw);
}

/* --dn-attr [+]TYPE=VALUE: one more attribute of the subject. */
static int dn_attr(x509_args_t *a, const char *v)
{
	bool multi = v[0] == '+';
	const char *eq = strchr(v + multi, '=');
	char *type;
	int rc;

	if (!eq || eq == v + multi)
		return cli_usage("--dn-attr takes TYPE=VALUE (or +TYPE=VALUE), not '%s'", v);
	if (!a->dn && (rc = pki_dn_new(&a->dn, 0)) < 0)
		return cli_fail(rc, "--dn-attr");
	type = strndup(v + multi, (size_t)(eq - v - multi));
	if (!type)
		return cli_fail(PKI_E_NOMEM, "--dn-attr");
	rc = pki_dn_add(a->dn, type, eq + 1, multi ? PKI_DN_MULTI_VALUED : 0);
	free(type);
	if (rc == PKI_E_INVALID_ARG && multi)
		return cli_usage("--dn-attr '%s': a '+' attribute joins the one before it", v);
	return rc < 0 ? cli_fail(rc, "--dn-attr '%s'", v) : EXIT_OK;
}

/* Options shared by several commands; returns -1 when @p c is not one of them. */
int x509_common_opt(x509_args_t *a, int c, const char *v)
{
	switch (c) {
	case OPT_OUT: a->out = v; return EXIT_OK;
	case OPT_FORCE: a->force = true; return EXIT_OK;
	case OPT_JSON: a->json = true; return EXIT_OK;
	case OPT_ALL: a->all = true; return EXIT_OK;
	case OPT_TO: a->to = v; return EXIT_OK;
	case OPT_KEY: a->key = v; return EXIT_OK;
	case OPT_KEY_OUT: a->key_out = v; return EXIT_OK;
	case OPT_SUBJECT: a->subject = v; return EXIT_OK;
	case OPT_DN_ATTR: return dn_attr(a, v);
	case OPT_DAYS: a->days = v; return EXIT_OK;
	case OPT_PATH_LEN: a->path_len = v; return EXIT_OK;
	case OPT_PROFILE: a->profile = v; return EXIT_OK;
	case OPT_TYPE: a->kg.type = v; return EXIT_OK;
	case OPT_CURVE: a->kg.curve = v; return EXIT_OK;
	case OPT_BITS: a->kg.bits = v; return EXIT_OK;
	case OPT_ENCRYPT: a->encrypt = true; return EXIT_OK;
	case OPT_ITERATIONS:
		return cli_iterations_option(v, PKI_MAX_KDF_ITERATIONS, &a->iterations);
	case OPT_ALLOW_NO_SAN: a->allow_no_san = true; return EXIT_OK;
	case OPT_EXT: cli_list_add(&a->exts, v); return EXIT_OK;
	case OPT_KEY_USAGE: a->key_usage = v; return EXIT_OK;
	case OPT_EKU: a->eku = v; return EXIT_OK;
	case OPT_HASH: a->hash = v; return EXIT_OK;
	case OPT_PSS: a->pss = true; return EXIT_OK;
	case OPT_POLICY: cli_list_add_owned(&a->policies, cli_typed("P", v)); return EXIT_OK;
	case OPT_CPS:
	case OPT_NOTICE:
		if (!a->policies.n)
			return cli_usage("%s goes after the --policy it qualifies",
					 c == OPT_CPS ? "--cps" : "--notice");
		cli_list_add_owned(&a->policies, cli_typed(c == OPT_CPS ? "C" : "N", v));
		return EXIT_OK;
	case OPT_POLICY_MAPPING: cli_list_add(&a->maps, v); return EXIT_OK;
	case OPT_REQUIRE_EXPLICIT: a->require_explicit = v; return EXIT_OK;
	case OPT_INHIBIT_MAPPING: a->inhibit_mapping = v; return EXIT_OK;
	case OPT_INHIBIT_ANY: a->inhibit_any = v; return EXIT_OK;
	case OPT_PASS_FILE:
	case OPT_PASS_ENV: return cli_set_pass(&a->pass, c, v);
	case OPT_DNS: return cli_add_san(&a->sans, "--dns", "DNS", v);
	case OPT_IP: return cli_add_san(&a->sans, "--ip", "IP", v);
	case OPT_EMAIL: return cli_add_san(&a->sans, "--email", "email", v);
	case OPT_URI: return cli_add_san(&a->sans, "--uri", "URI", v);
	case OPT_SAN: return cli_add_san(&a->sans, "--san", NULL, v);
	default: return cli_constraint_option(&a->nc, c, v);
	}
}


/* Parse argv into @p a; positional arguments are left at argv[optind..]. */
int x509_parse(x509_args_t *a, int argc, char **argv, const struct option *opts,
		 const char *help, int (*extra)(void *ctx, int c, const char *v), void *ctx)
{
	int c, ex;

	while ((c = getopt_long(argc, argv, ":ho:f", opts, NULL)) != -1) {
		if (c == OPT_HELP) {
			cli_help(help);
			return CLI_HELP_SHOWN;
		}
		if (c == '?' || c == ':')
			return cli_bad_option(c, argv);
		ex = x509_common_opt(a, c, optarg);
		if (ex < 0 && extra)
			ex = extra(ctx, c, optarg);
		if (ex < 0)
			return cli_bad_option('?', argv);
		if (ex)
			return ex;
	}
	if (a->dn) {
		int rc;

		if (a->subject)
			return cli_usage("give the subject with --subject or with --dn-attr, not both");
		if ((rc = pki_dn_to_string(&a->dn_subject, a->dn)) < 0)
			return cli_fail(rc, "--dn-attr");
		a->subject = a->dn_subject;
	}
	return EXIT_OK;
}

int x509_parse_operands(x509_args_t *a, int argc, char **argv, const struct option *opts,
			const char *help, const char *operand)
{
	int ex = x509_parse(a, argc, argv, opts, help, NULL, NULL);

	if (ex)
		return ex;
	return operand ? cli_one_operand(argc, operand) : cli_no_operands(argc, argv, NULL);
}

/*
 * The subject key: --key FILE (read) or --key-out FILE (generated now, its password in
 * a->key_pw, saved by x509_save_new_key once the rest has worked). Exactly one of them.
 */
int x509_subject_key(pki_key_t **key, x509_args_t *a)
{
	int ex;

	*key = NULL;
	if (a->key && a->key_out)
		return cli_usage("give --key FILE (an existing key) or --key-out FILE (a new one), "
				 "not both");
	if (!a->key && !a->key_out)
		return cli_usage("give --key FILE (an existing key) or --key-out FILE (a new one)");
	if (a->key) {
		if (a->kg.type || a->kg.curve || a->kg.bits || a->encrypt || a->iterations)
			return cli_usage("--type, --curve, --bits, --encrypt and --iterations apply to "
					 "a new key (--key-out), not to --key");
		return cli_load_key(key, a->key, &a->pass, NULL);
	}
	if (!strcmp(a->key_out, "-"))
		return cli_usage("a private key is never written to standard output");
	if ((ex = cli_check_new(a->key_out, a->force)))
		return ex;
	if (a->iterations && !a->encrypt && !cli_pass_given(&a->pass))
		return cli_usage("--iterations needs --encrypt (or --pass-file / --pass-env)");
	if (a->encrypt || cli_pass_given(&a->pass)) {
		if ((ex = cli_password(&a->key_pw, &a->pass, "Password for the new key: ", true)))
			return ex;
		if (!a->key_pw)
			return cli_usage("--encrypt needs --pass-file FILE or --pass-env VAR when "
					 "standard input is not a terminal");
	}
	return cli_generate_key(key, &a->kg);
}

int x509_save_new_key(const pki_key_t *key, const x509_args_t *a)
{
	return a->key_out ? cli_write_key(key, a->key_out, a->key_pw, a->iterations, a->force)
			  : EXIT_OK;
}

/* --policy (with --cps, --notice), --policy-mapping, the policy constraints; an exit code. */
static int policy_opts(pki_issue_opts_t *opts, const x509_args_t *a)
{
	unsigned re = 0, im = 0, ia = 0;
	int rc;

	for (size_t i = 0; i < a->policies.n;) {
		const char *oid = a->policies.v[i++] + 2, *cps = NULL, *notice = NULL;

		for (; i < a->policies.n && a->policies.v[i][0] != 'P'; i++) {
			const char **slot = a->policies.v[i][0] == 'C' ? &cps : &notice;

			if (*slot)
				return cli_usage("--policy %s: one --cps and one --notice at most", oid);
			*slot = a->policies.v[i] + 2;
		}
		if ((rc = pki_issue_opts_add_policy(opts, oid, cps, notice)) < 0)
			return cli_fail(rc, "--policy %s", oid);
	}
	for (size_t i = 0; i < a->maps.n; i++) {
		const char *colon = strchr(a->maps.v[i], ':');
		char issuer[256];

		if (!colon || (size_t)(colon - a->maps.v[i]) >= sizeof(issuer))
			return cli_usage("--policy-mapping %s: expected ISSUER-OID:SUBJECT-OID",
					 a->maps.v[i]);
		memcpy(issuer, a->maps.v[i], (size_t)(colon - a->maps.v[i]));
		issuer[colon - a->maps.v[i]] = '\0';
		if ((rc = pki_issue_opts_add_policy_mapping(opts, issuer, colon + 1)) < 0)
			return cli_fail(rc, "--policy-mapping %s", a->maps.v[i]);
	}
	if ((a->require_explicit &&
	     !cli_parse_uint("--require-explicit-policy", a->require_explicit, 0, 255, &re)) ||
	    (a->inhibit_mapping &&
	     !cli_parse_uint("--inhibit-policy-mapping", a->inhibit_mapping, 0, 255, &im)) ||
	    (a->inhibit_any && !cli_parse_uint("--inhibit-any-policy", a->inhibit_any, 0, 255, &ia)))
		return EXIT_USAGE;
	if (a->require_explicit && (rc = pki_issue_opts_set_require_explicit_policy(opts, re)) < 0)
		return cli_fail(rc, "--require-explicit-policy");
	if (a->inhibit_mapping && (rc = pki_issue_opts_set_inhibit_policy_mapping(opts, im)) < 0)
		return cli_fail(rc, "--inhibit-policy-mapping");
	if (a->inhibit_any && (rc = pki_issue_opts_set_inhibit_any_policy(opts, ia)) < 0)
		return cli_fail(rc, "--inhibit-any-policy");
	return EXIT_OK;
}

/* --key-usage and --eku: comma-separated names (and OIDs for --eku); an exit code. */
static int usage_opts(pki_issue_opts_t *opts, const x509_args_t *a)
{
	const char *lists[2] = { a->key_usage, a->eku };
	unsigned ku = 0;
	int rc;

	for (int which = 0; which < 2; which++) {
		const char *p = lists[which];

		while (p && *p) {
			const char *comma = strchr(p, ',');
			size_t n = comma ? (size_t)(comma - p) : strlen(p);
			char item[128];

			if (n == 0 || n >= sizeof(item))
				return cli_usage("%s: empty or overlong item in '%s'",
						 which ? "--eku" : "--key-usage", lists[which]);
			memcpy(item, p, n);
			item[n] = '\0';
			if (which == 0) {
				if ((rc = pki_key_usage_from_name(item)) < 0)
					return cli_usage("--key-usage: %s", pki_error_detail());
				ku |= (unsigned)rc;
			} else if ((rc = pki_issue_opts_add_ext_key_usage(opts, item)) < 0) {
				return cli_usage("--eku: %s", pki_error_detail());
			}
			p = comma ? comma + 1 : NULL;
		}
	}
	if (a->key_usage && (rc = pki_issue_opts_set_key_usage(opts, ku)) < 0)
		return cli_fail(rc, "--key-usage");
	if (a->hash || a->pss) {
		pki_hash_t hash = PKI_HASH_DEFAULT;

		if (a->hash && (rc = cli_hash_option("--hash", a->hash, &hash)))
			return rc;
		if ((rc = pki_issue_opts_set_signature(opts, hash, a->pss ? PKI_SIGN_RSA_PSS : 0)) < 0)
			return cli_fail(rc, "--hash/--pss");
	}
	return EXIT_OK;
}

/* Issuance options from --days, --path-len, the SANs and the name constraints. */
int x509_make_opts(pki_issue_opts_t **opts, const x509_args_t *a, int profile,
		     bool constraints_ok)
{
	unsigned days = 0, path_len = 0;
	int rc;

	*opts = NULL;
	if (a->days && !cli_parse_uint("--days", a->days, 1, 36500, &days))
		return EXIT_USAGE;
	if (a->path_len) {
		if (profile != PKI_PROFILE_CA && profile != PKI_PROFILE_INTERMEDIATE)
			return cli_usage("--path-len applies only to CA certificates");
		if (!cli_parse_uint("--path-len", a->path_len, 0, 255, &path_len))
			return EXIT_USAGE;
	}
	if ((a->nc.permitted.n || a->nc.excluded.n) &&
	    (!constraints_ok || (profile != PKI_PROFILE_CA && profile != PKI_PROFILE_INTERMEDIATE)))
		return cli_usage("name constraints (--permit-*, --exclude-*) apply only to CA "
				 "certificates");
	if ((rc = pki_issue_opts_new(opts, (pki_profile_t)profile, 0)) < 0)
		return cli_fail(rc, "issuance options");
	if (days && (rc = pki_issue_opts_set_days(*opts, days)) < 0)
		goto fail;
	if (a->path_len && (rc = pki_issue_opts_set_path_len(*opts, path_len)) < 0)
		goto fail;
	for (size_t i = 0; i < a->sans.n; i++)
		if ((rc = pki_issue_opts_add_san(*opts, a->sans.v[i])) < 0)
			return pki_issue_opts_free(*opts), *opts = NULL,
			       cli_fail(rc, "adding %s", a->sans.v[i]);
	if ((rc = cli_add_constraints(*opts, &a->nc)) != EXIT_OK ||
	    (rc = usage_opts(*opts, a)) != EXIT_OK || (rc = policy_opts(*opts, a)) != EXIT_OK) {
		pki_issue_opts_free(*opts);
		*opts = NULL;
		return rc;
	}
	for (size_t i = 0; i < a->exts.n; i++) {
		char *oid = NULL;
		unsigned char *der = NULL;
		size_t n = 0;
		bool critical = false;
		int ex = x509_ext_arg(a->exts.v[i], &oid, &der, &n, &critical);

		if (ex) {
			pki_issue_opts_free(*opts);
			*opts = NULL;
			return ex;
		}
		rc = pki_issue_opts_add_extension(*opts, oid, der, n, critical ? PKI_EXT_CRITICAL : 0);
		free(oid);
		free(der);
		if (rc < 0)
			return pki_issue_opts_free(*opts), *opts = NULL,
			       cli_fail(rc, "--ext %s", a->exts.v[i]);
	}
	cli_check_leaf_days(profile, days ? days : PKI_DEFAULT_LEAF_DAYS);
	return EXIT_OK;
fail:
	pki_issue_opts_free(*opts);
	*opts = NULL;
	return cli_fail(rc, "issuance options");
}

int x509_profile_arg(const char *name, int def)
{
	int p;

	if (!name)
		return def;
	p = pki_profile_from_name(name);
	if (p < 0)
		return cli_usage("unknown profile '%s' (" PROFILE_NAMES ", ca, intermediate)",
				 name),
		       -1;
	return p;
}

int x509_write_cert(const pki_cert_t *cert, const pki_cert_t *ca, const char *out, bool force)
{
	unsigned char *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	int rc, ex;

	rc = pki_cert_export(&a, &na, cert, PKI_FORMAT_PEM, 0);
	if (rc >= 0 && ca)
		rc = pki_cert_export(&b, &nb, ca, PKI_FORMAT_PEM, 0);
	if (rc < 0) {
		ex = cli_fail(rc, "encoding the certificate");
	} else if (b) {
		unsigned char *both = malloc(na + nb);

		if (!both) {
			ex = cli_error("out of memory");
		} else {
			memcpy(both, a, na);
			memcpy(both + na, b, nb);
			ex = cli_write(out, both, na + nb, force, false);
			free(both);
		}
	} else {
		ex = cli_write(out, a, na, force, false);
	}
	pki_free(a);
	pki_free(b);
	return ex;
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

int x509_ext_arg(const char *spec, char **oid, unsigned char **der, size_t *size, bool *critical)
{
	const char *eq = strchr(spec, '='), *v, *hex;
	size_t n, k;

	*oid = NULL;
	*der = NULL;
	*size = 0;
	*critical = false;
	if (!eq || eq == spec)
		return cli_usage("--ext '%s': expected OID=[critical,]DER:HEX", spec);
	v = eq + 1;
	if (!strncmp(v, "critical,", 9)) {
		*critical = true;
		v += 9;
	}
	if (strncmp(v, "DER:", 4))
		return cli_usage("--ext '%s': the value is given as DER:HEX (e.g. DER:0500)", spec);
	hex = v + 4;
	n = strlen(hex);
	/* pairs of hex digits, optionally separated by ':' as openssl prints them */
	*der = malloc(n / 2 + 1);
	*oid = malloc((size_t)(eq - spec) + 1);
	if (!*der || !*oid) {
		free(*der), free(*oid);
		*der = NULL, *oid = NULL;
		return cli_error("out of memory");
	}
	memcpy(*oid, spec, (size_t)(eq - spec));
	(*oid)[eq - spec] = '\0';
	for (k = 0; *hex;) {
		int hi, lo;

		if (*hex == ':' && k) {
			hex++;
			continue;
		}
		hi = hexval(hex[0]);
		lo = hi < 0 || !hex[1] ? -1 : hexval(hex[1]);
		if (lo < 0) {
			free(*der), free(*oid);
			*der = NULL, *oid = NULL;
			return cli_usage("--ext '%s': the DER value is not hex", spec);
		}
		(*der)[k++] = (unsigned char)(hi * 16 + lo);
		hex += 2;
	}
	*size = k;
	return EXIT_OK;
}
