/*
 * pki csr new | show, pki ca new, pki cert sign | self | show, pki convert
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SAN_HELP \
	"  --dns NAME           add a DNS name (wildcards allowed: *.example.com); repeatable\n" \
	"  --ip ADDR            add an IPv4 or IPv6 address; repeatable\n" \
	"  --email ADDR         add an e-mail address; repeatable\n" \
	"  --uri URI            add a URI; repeatable\n" \
	"  --san NAME           add a name of any kind, recognised automatically (or typed as\n" \
	"                       DNS:, IP:, email:, URI:); repeatable\n"

#define KEYGEN_HELP \
	"  --type TYPE          type of a generated key: ec (default), rsa, ed25519, ed448\n" \
	"  --curve CURVE        P-256 (default), P-384 or P-521, for EC keys\n" \
	"  --bits N             RSA modulus size, 2048 to 8192 (default 3072)\n" \
	"  --encrypt            encrypt the generated key (password as below)\n"

#define PASS_HELP \
	"  --pass-file FILE     key password from the first line of FILE\n" \
	"  --pass-env VAR       key password from the environment variable VAR\n"

#define CONSTRAINT_HELP \
	"  --permit-dns SUFFIX  name constraint: the CA may only certify names in SUFFIX\n" \
	"                       (.internal, example.com); repeatable\n" \
	"  --permit-ip CIDR     name constraint: only addresses in CIDR (10.0.0.0/8); repeatable\n" \
	"  --permit-email DOMAIN  name constraint on e-mail addresses; repeatable\n" \
	"  --exclude-dns SUFFIX, --exclude-ip CIDR  excluded subtrees; repeatable\n"

/* Options that many of these commands share. */
typedef struct {
	const char *out, *key, *key_out, *subject, *days, *path_len, *profile;
	bool force, json, encrypt;
	cli_keygen_t kg;
	cli_pass_t pass;
	cli_list_t sans;      /* normalised typed SANs (owned) */
	cli_list_t permitted; /* typed name constraints (owned) */
	cli_list_t excluded;
} x509_args_t;

static void args_free(x509_args_t *a)
{
	cli_list_free(&a->sans);
	cli_list_free(&a->permitted);
	cli_list_free(&a->excluded);
}

/* Options shared by several commands; returns -1 when @p c is not one of them. */
static int common_opt(x509_args_t *a, int c, const char *v)
{
	switch (c) {
	case OPT_OUT: a->out = v; return EXIT_OK;
	case OPT_FORCE: a->force = true; return EXIT_OK;
	case OPT_JSON: a->json = true; return EXIT_OK;
	case OPT_KEY: a->key = v; return EXIT_OK;
	case OPT_KEY_OUT: a->key_out = v; return EXIT_OK;
	case OPT_SUBJECT: a->subject = v; return EXIT_OK;
	case OPT_DAYS: a->days = v; return EXIT_OK;
	case OPT_PATH_LEN: a->path_len = v; return EXIT_OK;
	case OPT_PROFILE: a->profile = v; return EXIT_OK;
	case OPT_TYPE: a->kg.type = v; return EXIT_OK;
	case OPT_CURVE: a->kg.curve = v; return EXIT_OK;
	case OPT_BITS: a->kg.bits = v; return EXIT_OK;
	case OPT_ENCRYPT: a->encrypt = true; return EXIT_OK;
	case OPT_PASS_FILE:
	case OPT_PASS_ENV: return cli_set_pass(&a->pass, c, v);
	case OPT_DNS: return cli_add_san(&a->sans, "--dns", "DNS", v);
	case OPT_IP: return cli_add_san(&a->sans, "--ip", "IP", v);
	case OPT_EMAIL: return cli_add_san(&a->sans, "--email", "email", v);
	case OPT_URI: return cli_add_san(&a->sans, "--uri", "URI", v);
	case OPT_SAN: return cli_add_san(&a->sans, "--san", NULL, v);
	case OPT_PERMIT_DNS: cli_list_add_owned(&a->permitted, cli_typed("DNS", v)); return 0;
	case OPT_PERMIT_IP: cli_list_add_owned(&a->permitted, cli_typed("IP", v)); return 0;
	case OPT_PERMIT_EMAIL: cli_list_add_owned(&a->permitted, cli_typed("email", v)); return 0;
	case OPT_EXCLUDE_DNS: cli_list_add_owned(&a->excluded, cli_typed("DNS", v)); return 0;
	case OPT_EXCLUDE_IP: cli_list_add_owned(&a->excluded, cli_typed("IP", v)); return 0;
	default: return -1;
	}
}

#define O_OUT { "out", required_argument, NULL, OPT_OUT }
#define O_FORCE { "force", no_argument, NULL, OPT_FORCE }
#define O_HELP { "help", no_argument, NULL, OPT_HELP }
#define O_JSON { "json", no_argument, NULL, OPT_JSON }
#define O_PASS { "pass-file", required_argument, NULL, OPT_PASS_FILE }, \
	{ "pass-env", required_argument, NULL, OPT_PASS_ENV }
#define O_KEYGEN { "key-out", required_argument, NULL, OPT_KEY_OUT }, \
	{ "type", required_argument, NULL, OPT_TYPE }, \
	{ "curve", required_argument, NULL, OPT_CURVE }, \
	{ "bits", required_argument, NULL, OPT_BITS }, \
	{ "encrypt", no_argument, NULL, OPT_ENCRYPT }
#define O_SANS { "dns", required_argument, NULL, OPT_DNS }, \
	{ "ip", required_argument, NULL, OPT_IP }, \
	{ "email", required_argument, NULL, OPT_EMAIL }, \
	{ "uri", required_argument, NULL, OPT_URI }, \
	{ "san", required_argument, NULL, OPT_SAN }
#define O_CONSTRAINTS { "permit-dns", required_argument, NULL, OPT_PERMIT_DNS }, \
	{ "permit-ip", required_argument, NULL, OPT_PERMIT_IP }, \
	{ "permit-email", required_argument, NULL, OPT_PERMIT_EMAIL }, \
	{ "exclude-dns", required_argument, NULL, OPT_EXCLUDE_DNS }, \
	{ "exclude-ip", required_argument, NULL, OPT_EXCLUDE_IP }

/* Parse argv into @p a; positional arguments are left at argv[optind..]. */
static int parse(x509_args_t *a, int argc, char **argv, const struct option *opts,
		 const char *help, int (*extra)(void *ctx, int c, const char *v), void *ctx)
{
	int c, ex;

	while ((c = getopt_long(argc, argv, ":ho:f", opts, NULL)) != -1) {
		if (c == OPT_HELP) {
			cli_help(help);
			return -1;
		}
		if (c == '?' || c == ':')
			return cli_bad_option(c, argv);
		ex = common_opt(a, c, optarg);
		if (ex < 0 && extra)
			ex = extra(ctx, c, optarg);
		if (ex < 0)
			return cli_bad_option('?', argv);
		if (ex)
			return ex;
	}
	return EXIT_OK;
}

/*
 * The subject key: --key FILE (read) or --key-out FILE (generated now, saved by save_new_key
 * once the rest has worked). Exactly one of them.
 */
static int subject_key(pki_key_t **key, x509_args_t *a, char **pw)
{
	int ex;

	*key = NULL;
	*pw = NULL;
	if (a->key && a->key_out)
		return cli_usage("give --key FILE (an existing key) or --key-out FILE (a new one), "
				 "not both");
	if (!a->key && !a->key_out)
		return cli_usage("give --key FILE (an existing key) or --key-out FILE (a new one)");
	if (a->key) {
		if (a->kg.type || a->kg.curve || a->kg.bits || a->encrypt)
			return cli_usage("--type, --curve, --bits and --encrypt apply to a new key "
					 "(--key-out), not to --key");
		return cli_load_key(key, a->key, &a->pass, NULL);
	}
	if (!strcmp(a->key_out, "-"))
		return cli_usage("a private key is never written to standard output");
	if ((ex = cli_check_new(a->key_out, a->force)))
		return ex;
	if (a->encrypt || cli_pass_given(&a->pass)) {
		if ((ex = cli_password(pw, &a->pass, "Password for the new key: ", true)))
			return ex;
		if (!*pw)
			return cli_usage("--encrypt needs --pass-file FILE or --pass-env VAR when "
					 "standard input is not a terminal");
	}
	return cli_generate_key(key, &a->kg);
}

static int save_new_key(const pki_key_t *key, const x509_args_t *a, const char *pw)
{
	int rc;

	if (!a->key_out)
		return EXIT_OK;
	rc = pki_key_save(key, a->key_out, PKI_FORMAT_PEM, pw, a->force ? PKI_WRITE_OVERWRITE : 0);
	return rc < 0 ? cli_fail(rc, "writing %s", a->key_out) : EXIT_OK;
}

/* Issuance options from --days, --path-len, the SANs and the name constraints. */
static int make_opts(pki_issue_opts_t **opts, const x509_args_t *a, int profile,
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
	if ((a->permitted.n || a->excluded.n) &&
	    (!constraints_ok || (profile != PKI_PROFILE_CA && profile != PKI_PROFILE_INTERMEDIATE)))
		return cli_usage("name constraints (--permit-*, --exclude-*) apply only to CA "
				 "certificates");
	if ((rc = pki_issue_opts_new(opts, (pki_profile_t)profile, 0)) < 0)
		return cli_fail(rc, "issuance options");
	if (days && (rc = pki_issue_opts_set_days(*opts, days)) < 0)
		goto fail;
	if (a->path_len && (rc = pki_issue_opts_set_path_len(*opts, (int)path_len)) < 0)
		goto fail;
	for (size_t i = 0; i < a->sans.n; i++)
		if ((rc = pki_issue_opts_add_san(*opts, a->sans.v[i])) < 0)
			return pki_issue_opts_free(*opts), *opts = NULL,
			       cli_fail(rc, "adding %s", a->sans.v[i]);
	for (size_t i = 0; i < a->permitted.n; i++)
		if ((rc = pki_issue_opts_add_name_constraint(*opts, a->permitted.v[i], true)) < 0)
			return pki_issue_opts_free(*opts), *opts = NULL,
			       cli_fail(rc, "name constraint %s", a->permitted.v[i]);
	for (size_t i = 0; i < a->excluded.n; i++)
		if ((rc = pki_issue_opts_add_name_constraint(*opts, a->excluded.v[i], false)) < 0)
			return pki_issue_opts_free(*opts), *opts = NULL,
			       cli_fail(rc, "name constraint %s", a->excluded.v[i]);
	cli_check_leaf_days(profile, days ? days : PKI_DEFAULT_LEAF_DAYS);
	return EXIT_OK;
fail:
	pki_issue_opts_free(*opts);
	*opts = NULL;
	return cli_fail(rc, "issuance options");
}

static int profile_arg(const char *name, int def)
{
	int p;

	if (!name)
		return def;
	p = pki_profile_from_name(name);
	if (p < 0)
		return cli_usage("unknown profile '%s' (server, client, server-client, ca, "
				 "intermediate)", name),
		       -1;
	return p;
}

static int write_cert(const pki_cert_t *cert, const pki_cert_t *ca, const char *out, bool force)
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

/* ---------------------------------------------------------------------------------------- */
/* csr                                                                                       */

static const char csr_new_help[] =
	"Usage: pki csr new (--key FILE | --key-out FILE) [--subject DN] [NAMES] [-o FILE]\n"
	"Make a certificate signing request (PKCS#10), signed with the key.\n"
	"\n"
	"  --key FILE           the subject's private key\n"
	"  --key-out FILE       generate a new key and write it to FILE (mode 0600)\n"
	"  --subject DN         subject, RFC 4514: \"CN=host.example.com,O=Example,C=GB\"\n"
	"                       (may be omitted when names are given)\n" SAN_HELP
	"  -o, --out FILE       where to write the request (default: standard output)\n"
	"  -f, --force          replace existing output files\n" KEYGEN_HELP PASS_HELP
	"  -h, --help           this help\n";

static int csr_new(int argc, char **argv)
{
	static const struct option opts[] = {
		O_OUT, O_FORCE, O_HELP, O_PASS, O_KEYGEN, O_SANS,
		{ "key", required_argument, NULL, OPT_KEY },
		{ "subject", required_argument, NULL, OPT_SUBJECT },
		{ 0 },
	};
	x509_args_t a = { 0 };
	pki_key_t *key = NULL;
	pki_csr_t *csr = NULL;
	unsigned char *data = NULL;
	size_t size = 0;
	char *pw = NULL;
	int ex, rc;

	if ((ex = parse(&a, argc, argv, opts, csr_new_help, NULL, NULL)))
		goto out;
	if (optind < argc) {
		ex = cli_usage("unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if (!a.subject && !a.sans.n) {
		ex = cli_usage("give --subject DN or at least one name (--dns, --ip, ...)");
		goto out;
	}
	if ((ex = cli_check_new(a.out, a.force)) || (ex = subject_key(&key, &a, &pw)))
		goto out;
	rc = pki_csr_create(&csr, key, a.subject ? a.subject : "", (const char *const *)a.sans.v,
			    0);
	if (rc < 0) {
		ex = cli_fail(rc, "making the request");
		goto out;
	}
	if ((rc = pki_csr_export(&data, &size, csr, PKI_FORMAT_PEM, 0)) < 0) {
		ex = cli_fail(rc, "encoding the request");
		goto out;
	}
	if ((ex = save_new_key(key, &a, pw)))
		goto out;
	ex = cli_write(a.out, data, size, a.force, false);
out:
	pki_free(data);
	pki_csr_free(csr);
	pki_key_free(key);
	cli_pass_free(pw);
	args_free(&a);
	return ex < 0 ? EXIT_OK : ex;
}

static const char csr_show_help[] =
	"Usage: pki csr show [--json] FILE\n"
	"Describe a certificate signing request (PEM or DER) and check its signature.\n"
	"\n"
	"  --json               print the request as JSON\n"
	"  -h, --help           this help\n";

static int csr_show(int argc, char **argv)
{
	static const struct option opts[] = { O_HELP, O_JSON, { 0 } };
	x509_args_t a = { 0 };
	pki_csr_t *csr = NULL;
	char *s = NULL;
	int ex, rc;

	if ((ex = parse(&a, argc, argv, opts, csr_show_help, NULL, NULL)))
		goto out;
	if (optind != argc - 1) {
		ex = cli_usage(optind == argc ? "which request file?" : "give one request file");
		goto out;
	}
	if ((rc = pki_csr_import_file(&csr, argv[optind], 0)) < 0) {
		ex = cli_fail(rc, "reading the request %s", argv[optind]);
		goto out;
	}
	rc = a.json ? pki_csr_to_json(&s, csr, 0) : pki_csr_to_text(&s, csr, 0);
	if (rc < 0) {
		ex = cli_fail(rc, "describing %s", argv[optind]);
		goto out;
	}
	cli_print_free(s);
	if ((rc = pki_csr_verify(csr, 0)) < 0)
		ex = cli_fail(rc, "the signature of %s", argv[optind]);
out:
	pki_csr_free(csr);
	args_free(&a);
	return ex < 0 ? EXIT_OK : ex;
}

int cmd_csr(int argc, char **argv)
{
	static const cli_sub_t subs[] = {
		{ "new", csr_new, "make a certificate signing request" },
		{ "show", csr_show, "describe a request" },
		{ 0 },
	};

	return cli_dispatch("csr", subs, argc, argv);
}

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
	CONSTRAINT_HELP
	"  -o, --out FILE       where to write the certificate (default: standard output)\n"
	"  -f, --force          replace existing output files\n" KEYGEN_HELP PASS_HELP
	"  -h, --help           this help\n";

static int self_signed(int argc, char **argv, bool ca)
{
	static const struct option ca_opts[] = {
		O_OUT, O_FORCE, O_HELP, O_PASS, O_KEYGEN, O_CONSTRAINTS,
		{ "key", required_argument, NULL, OPT_KEY },
		{ "subject", required_argument, NULL, OPT_SUBJECT },
		{ "days", required_argument, NULL, OPT_DAYS },
		{ "path-len", required_argument, NULL, OPT_PATH_LEN },
		{ 0 },
	};
	static const struct option self_opts[] = {
		O_OUT, O_FORCE, O_HELP, O_PASS, O_KEYGEN, O_SANS, O_CONSTRAINTS,
		{ "key", required_argument, NULL, OPT_KEY },
		{ "subject", required_argument, NULL, OPT_SUBJECT },
		{ "days", required_argument, NULL, OPT_DAYS },
		{ "path-len", required_argument, NULL, OPT_PATH_LEN },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		{ 0 },
	};
	x509_args_t a = { 0 };
	pki_issue_opts_t *opts = NULL;
	pki_key_t *key = NULL;
	pki_cert_t *cert = NULL;
	char *pw = NULL, *subject = NULL;
	int ex, rc, profile;

	if ((ex = parse(&a, argc, argv, ca ? ca_opts : self_opts, ca ? ca_new_help : cert_self_help,
			NULL, NULL)))
		goto out;
	if (optind < argc) {
		ex = cli_usage("unexpected argument '%s'", argv[optind]);
		goto out;
	}
	profile = ca ? PKI_PROFILE_CA : profile_arg(a.profile, PKI_PROFILE_SERVER);
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
	if ((ex = make_opts(&opts, &a, profile, true)))
		goto out;
	if ((ex = cli_check_new(a.out, a.force)) || (ex = subject_key(&key, &a, &pw)))
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
	if ((ex = save_new_key(key, &a, pw)))
		goto out;
	ex = write_cert(cert, NULL, a.out, a.force);
out:
	free(subject);
	pki_cert_free(cert);
	pki_key_free(key);
	pki_issue_opts_free(opts);
	cli_pass_free(pw);
	args_free(&a);
	return ex < 0 ? EXIT_OK : ex;
}

static int ca_new(int argc, char **argv)
{
	return self_signed(argc, argv, true);
}

static int cert_self(int argc, char **argv)
{
	return self_signed(argc, argv, false);
}

int cmd_ca(int argc, char **argv)
{
	static const cli_sub_t subs[] = {
		{ "new", ca_new, "make a root CA certificate (and its key)" },
		{ 0 },
	};

	return cli_dispatch("ca", subs, argc, argv);
}

/* ---------------------------------------------------------------------------------------- */
/* cert sign                                                                                 */

static const char cert_sign_help[] =
	"Usage: pki cert sign --ca FILE --ca-key FILE [OPTIONS] (--csr FILE | FILE)...\n"
	"            [-o FILE | --out-dir DIR]\n"
	"Issue certificates from certificate signing requests. The CA is loaded once, so many\n"
	"requests can be signed in one call (with --out-dir).\n"
	"\n"
	"  --csr FILE           a request to sign (PEM or DER); repeatable, and requests may also\n"
	"                       be given as arguments\n"
	"  --ca FILE            the issuing CA certificate\n"
	"  --ca-key FILE        the CA's private key\n"
	"  --profile NAME       server (default), client, server-client, intermediate\n"
	"  --days N             validity in days (default 397; 3650 for intermediate; without\n"
	"                       --days, never beyond the CA's own end)\n"
	"  --path-len N         path length constraint of an intermediate CA (default 0)\n"
	"  --subject DN         replace the subject of the request\n" SAN_HELP
	CONSTRAINT_HELP
	"  --allow-key-reuse    sign even when the request's key is the CA's own key (refused by\n"
	"                       default: whoever holds that key could act as the CA)\n"
	"  --chain              write the CA certificate after the new one (a full chain)\n"
	"  -o, --out FILE       where to write the certificate (one request; default: standard\n"
	"                       output)\n"
	"  --out-dir DIR        write each certificate to DIR/NAME.pem, NAME being the request's\n"
	"                       file name without .pem/.der and .csr/.req\n"
	"  -f, --force          replace existing output files\n"
	"  --pass-file FILE     CA key password from the first line of FILE\n"
	"  --pass-env VAR       CA key password from the environment variable VAR\n"
	"  -h, --help           this help\n";

typedef struct {
	cli_list_t csrs;
	const char *ca, *ca_key, *out_dir;
	bool allow_reuse, chain;
} sign_args_t;

static int sign_opt(void *ctx, int c, const char *v)
{
	sign_args_t *s = ctx;

	switch (c) {
	case OPT_CSR: cli_list_add(&s->csrs, v); return 0;
	case OPT_CA: s->ca = v; return 0;
	case OPT_CA_KEY: s->ca_key = v; return 0;
	case OPT_OUT_DIR: s->out_dir = v; return 0;
	case OPT_ALLOW_KEY_REUSE: s->allow_reuse = true; return 0;
	case OPT_CHAIN: s->chain = true; return 0;
	default: return -1;
	}
}

/*
 * Without --days, a certificate that would outlive its CA ends with the CA instead of being
 * refused: an intermediate made right after its root (both 10 years by default) would
 * otherwise always fail by a few seconds. An explicit --days is never shortened.
 */
static int clamp_to_ca(pki_issue_opts_t *opts, const pki_cert_t *ca, int profile)
{
	int64_t ca_nb = 0, ca_na = 0, now = (int64_t)time(NULL), end;
	unsigned days = (profile == PKI_PROFILE_INTERMEDIATE || profile == PKI_PROFILE_CA)
				? PKI_DEFAULT_CA_DAYS
				: PKI_DEFAULT_LEAF_DAYS;
	int rc = pki_cert_validity(&ca_nb, &ca_na, ca);

	if (rc < 0)
		return cli_fail(rc, "reading the CA's validity");
	end = now - PKI_CLOCK_SKEW_SECONDS + (int64_t)days * 86400; /* as the library counts */
	if (end <= ca_na)
		return EXIT_OK;
	if (ca_na <= now)
		return EXIT_OK; /* an expired CA: let the library say so */
	if (end - ca_na > 86400) {
		char buf[32] = "?";
		time_t t = (time_t)ca_na;
		struct tm tm;

		if (gmtime_r(&t, &tm))
			strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S UTC", &tm);
		cli_warn("the CA expires on %s: the certificate ends then, %u days would outlive it",
			 buf, days);
	}
	rc = pki_issue_opts_set_validity(opts, now - PKI_CLOCK_SKEW_SECONDS, ca_na);
	return rc < 0 ? cli_fail(rc, "validity") : EXIT_OK;
}

/* DIR/NAME.pem for the request file @p csr. */
static char *out_name(const char *dir, const char *csr)
{
	static const char *const exts[] = { ".pem", ".der", ".csr", ".req", NULL };
	const char *base = strrchr(csr, '/');
	size_t n, dn = strlen(dir);
	char *s;

	base = base ? base + 1 : csr;
	n = strlen(base);
	for (int pass = 0; pass < 2; pass++) {
		for (const char *const *e = exts + 2 * pass; e < exts + 2 * pass + 2; e++) {
			size_t el = strlen(*e);

			if (n > el && !strncmp(base + n - el, *e, el)) {
				n -= el;
				break;
			}
		}
	}
	s = malloc(dn + n + 6);
	if (!s)
		return NULL;
	snprintf(s, dn + n + 6, "%s/%.*s.pem", dir, (int)n, base);
	return s;
}

static int cert_sign(int argc, char **argv)
{
	static const struct option longopts[] = {
		O_OUT, O_FORCE, O_HELP, O_PASS, O_SANS, O_CONSTRAINTS,
		{ "csr", required_argument, NULL, OPT_CSR },
		{ "ca", required_argument, NULL, OPT_CA },
		{ "ca-key", required_argument, NULL, OPT_CA_KEY },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		{ "days", required_argument, NULL, OPT_DAYS },
		{ "path-len", required_argument, NULL, OPT_PATH_LEN },
		{ "subject", required_argument, NULL, OPT_SUBJECT },
		{ "out-dir", required_argument, NULL, OPT_OUT_DIR },
		{ "allow-key-reuse", no_argument, NULL, OPT_ALLOW_KEY_REUSE },
		{ "chain", no_argument, NULL, OPT_CHAIN },
		{ 0 },
	};
	x509_args_t a = { 0 };
	sign_args_t s = { 0 };
	pki_issue_opts_t *opts = NULL;
	pki_cert_t *ca = NULL;
	pki_key_t *ca_key = NULL;
	int ex, rc, profile, failed = 0;

	if ((ex = parse(&a, argc, argv, longopts, cert_sign_help, sign_opt, &s)))
		goto out;
	for (int i = optind; i < argc; i++)
		cli_list_add(&s.csrs, argv[i]);
	if (!s.csrs.n) {
		ex = cli_usage("which request? (--csr FILE)");
		goto out;
	}
	if (!s.ca || !s.ca_key) {
		ex = cli_usage("--ca FILE and --ca-key FILE are required");
		goto out;
	}
	if (a.out && s.out_dir) {
		ex = cli_usage("give -o FILE or --out-dir DIR, not both");
		goto out;
	}
	if (s.csrs.n > 1 && !s.out_dir) {
		ex = cli_usage("%zu requests: give --out-dir DIR for their certificates", s.csrs.n);
		goto out;
	}
	profile = profile_arg(a.profile, PKI_PROFILE_SERVER);
	if (profile < 0) {
		ex = EXIT_USAGE;
		goto out;
	}
	if (profile == PKI_PROFILE_CA) {
		ex = cli_usage("--profile ca makes a root, which is self-signed: use 'pki ca new'; "
			       "a CA below this one is --profile intermediate");
		goto out;
	}
	if ((ex = make_opts(&opts, &a, profile, true)))
		goto out;
	if (a.subject && (rc = pki_issue_opts_set_subject(opts, a.subject)) < 0) {
		ex = cli_fail(rc, "--subject '%s'", a.subject);
		goto out;
	}
	if (s.csrs.n == 1 && !s.out_dir && (ex = cli_check_new(a.out, a.force)))
		goto out;
	if ((rc = pki_cert_import_file(&ca, s.ca, 0)) < 0) {
		ex = cli_fail(rc, "reading the CA certificate %s", s.ca);
		goto out;
	}
	if ((ex = cli_load_key(&ca_key, s.ca_key, &a.pass, NULL)))
		goto out;
	if (!a.days && (ex = clamp_to_ca(opts, ca, profile)))
		goto out;
	for (size_t i = 0; i < s.csrs.n; i++) {
		const char *path = s.csrs.v[i];
		char *dest = NULL;
		pki_csr_t *csr = NULL;
		pki_cert_t *cert = NULL;

		if ((rc = pki_csr_import_file(&csr, path, 0)) < 0) {
			ex = cli_fail(rc, "reading the request %s", path);
		} else if ((rc = pki_cert_issue(&cert, csr, ca, ca_key, opts,
						s.allow_reuse ? PKI_ISSUE_ALLOW_KEY_REUSE : 0)) <
			   0) {
			ex = cli_fail(rc, "signing %s", path);
		} else {
			if (rc >= 0 && s.allow_reuse && pki_cert_matches_key(ca, ca_key)) {
				pki_key_t *pub = NULL;

				if (pki_csr_public_key(&pub, csr) == 0 && pki_key_equal(pub, ca_key))
					cli_warn("%s: the certificate has the CA's own key "
						 "(--allow-key-reuse)", path);
				pki_key_free(pub);
			}
			if (s.out_dir && !(dest = out_name(s.out_dir, path))) {
				ex = cli_error("out of memory");
			} else if (dest && !strcmp(dest, path)) {
				ex = cli_error("%s: the certificate would replace the request; use "
					       "another --out-dir", path);
			} else {
				ex = write_cert(cert, s.chain ? ca : NULL, dest ? dest : a.out,
						a.force);
			}
		}
		if (ex)
			failed = ex;
		free(dest);
		pki_cert_free(cert);
		pki_csr_free(csr);
	}
	ex = failed;
out:
	pki_issue_opts_free(opts);
	pki_cert_free(ca);
	pki_key_free(ca_key);
	cli_list_free(&s.csrs);
	args_free(&a);
	return ex < 0 ? EXIT_OK : ex;
}

/* ---------------------------------------------------------------------------------------- */
/* cert show                                                                                 */

static const char cert_show_help[] =
	"Usage: pki cert show [--json] [--all] FILE\n"
	"Describe a certificate (PEM or DER). For a PEM bundle, the first certificate, or every\n"
	"one with --all.\n"
	"\n"
	"  --json               print JSON (with --all: an array of objects)\n"
	"  --all                every certificate of a bundle\n"
	"  -h, --help           this help\n";

static int show_opt(void *ctx, int c, const char *v)
{
	if (c != OPT_ALL)
		return -1;
	*(bool *)ctx = true;
	return 0;
}

static int cert_show(int argc, char **argv)
{
	static const struct option opts[] = {
		O_HELP, O_JSON, { "all", no_argument, NULL, OPT_ALL }, { 0 },
	};
	x509_args_t a = { 0 };
	pki_chain_t *chain = NULL;
	bool all = false;
	int ex, rc, n;

	if ((ex = parse(&a, argc, argv, opts, cert_show_help, show_opt, &all)))
		goto out;
	if (optind != argc - 1) {
		ex = cli_usage(optind == argc ? "which certificate file?" : "give one certificate file");
		goto out;
	}
	if ((rc = pki_chain_import_file(&chain, argv[optind], 0)) < 0) {
		ex = cli_fail(rc, "reading the certificate %s", argv[optind]);
		goto out;
	}
	n = all ? pki_chain_count(chain) : 1;
	if (a.json && all)
		fputs("[", stdout);
	for (int i = 0; i < n; i++) {
		const pki_cert_t *cert = pki_chain_get(chain, (unsigned)i);
		char *s = NULL;

		rc = a.json ? pki_cert_to_json(&s, cert, 0) : pki_cert_to_text(&s, cert, 0);
		if (rc < 0) {
			ex = cli_fail(rc, "describing certificate %d of %s", i + 1, argv[optind]);
			goto out;
		}
		if (a.json) {
			fputs(i ? ",\n" : "", stdout);
			fputs(s, stdout);
			pki_free(s);
		} else {
			if (n > 1)
				printf("%sCertificate %d of %d:\n", i ? "\n" : "", i + 1, n);
			cli_print_free(s);
		}
	}
	if (a.json)
		fputs(all ? "]\n" : "\n", stdout);
out:
	pki_chain_free(chain);
	args_free(&a);
	return ex < 0 ? EXIT_OK : ex;
}

int cmd_cert(int argc, char **argv)
{
	static const cli_sub_t subs[] = {
		{ "sign", cert_sign, "issue certificates from requests with a CA" },
		{ "self", cert_self, "make a self-signed certificate" },
		{ "show", cert_show, "describe a certificate" },
		{ 0 },
	};

	return cli_dispatch("cert", subs, argc, argv);
}

/* ---------------------------------------------------------------------------------------- */
/* convert                                                                                   */

static const char convert_help[] =
	"Usage: pki convert IN --to pem|der [-o OUT]\n"
	"Re-encode a certificate (or a PEM bundle), a request, a private key (as PKCS#8) or a\n"
	"public key. The kind and encoding of IN are recognised automatically. An encrypted\n"
	"private key stays encrypted with the same password.\n"
	"\n"
	"  --to pem|der         the output encoding (required)\n"
	"  -o, --out FILE       where to write it (default: standard output; a private key\n"
	"                       needs a file, written with mode 0600)\n"
	"  -f, --force          replace OUT if it exists\n" PASS_HELP
	"  -h, --help           this help\n";

static int convert_opt(void *ctx, int c, const char *v)
{
	if (c != OPT_TO)
		return -1;
	*(const char **)ctx = v;
	return 0;
}

int cmd_convert(int argc, char **argv)
{
	static const struct option opts[] = {
		O_OUT, O_FORCE, O_HELP, O_PASS, { "to", required_argument, NULL, OPT_TO }, { 0 },
	};
	x509_args_t a = { 0 };
	const char *to = NULL, *in;
	pki_format_t fmt;
	pki_chain_t *chain = NULL;
	pki_csr_t *csr = NULL;
	pki_key_t *key = NULL;
	unsigned char *data = NULL;
	size_t size = 0;
	char *pw = NULL;
	bool secret = false;
	int ex, rc;

	if ((ex = parse(&a, argc, argv, opts, convert_help, convert_opt, &to)))
		goto out;
	if (optind != argc - 1) {
		ex = cli_usage(optind == argc ? "which input file?" : "give one input file");
		goto out;
	}
	in = argv[optind];
	if (!to) {
		ex = cli_usage("--to pem or --to der is required");
		goto out;
	}
	if (!strcmp(to, "pem") || !strcmp(to, "PEM")) {
		fmt = PKI_FORMAT_PEM;
	} else if (!strcmp(to, "der") || !strcmp(to, "DER")) {
		fmt = PKI_FORMAT_DER;
	} else {
		ex = cli_usage("--to must be pem or der, not '%s'", to);
		goto out;
	}
	if ((ex = cli_check_new(a.out, a.force)))
		goto out;
	rc = pki_chain_import_file(&chain, in, 0);
	if (rc == PKI_E_IO || rc == PKI_E_TOO_LARGE) {
		ex = cli_fail(rc, "reading %s", in);
		goto out;
	}
	if (rc == 0) {
		int n = pki_chain_count(chain);

		if (fmt == PKI_FORMAT_PEM) {
			rc = pki_chain_export(&data, &size, chain, 0);
		} else if (n > 1) {
			ex = cli_error("%s: %s holds %d certificates and DER holds only one", cli_cmd,
				       in, n);
			goto out;
		} else {
			rc = pki_cert_export(&data, &size, pki_chain_get(chain, 0), fmt, 0);
		}
	} else if (pki_csr_import_file(&csr, in, 0) == 0) {
		rc = pki_csr_export(&data, &size, csr, fmt, 0);
	} else {
		rc = pki_key_import_file(&key, in, NULL, 0);
		if (rc == PKI_E_PASSWORD_REQUIRED) {
			char prompt[512];

			snprintf(prompt, sizeof(prompt), "Password for %s: ", in);
			if ((ex = cli_password(&pw, &a.pass, prompt, false)))
				goto out;
			if (!pw) {
				rc = pki_key_import_file(&key, in, NULL, 0);
				ex = cli_fail(rc, "reading the key %s", in);
				goto out;
			}
			rc = pki_key_import_file(&key, in, pw, 0);
			if (rc < 0) {
				ex = cli_fail(rc, "reading the key %s", in);
				goto out;
			}
		} else if (rc < 0) {
			ex = cli_error("%s: %s is not a certificate, request or key in PEM or DER",
				       cli_cmd, in);
			goto out;
		}
		secret = pki_key_has_private(key);
		if (secret && (!a.out || !strcmp(a.out, "-"))) {
			ex = cli_usage("a private key is never written to standard output: give -o FILE");
			goto out;
		}
		rc = secret ? pki_key_export(&data, &size, key, fmt, pw, 0)
			    : pki_key_export_public(&data, &size, key, fmt, 0);
	}
	if (rc < 0) {
		ex = cli_fail(rc, "encoding %s", in);
		goto out;
	}
	ex = cli_write(a.out, data, size, a.force, secret);
out:
	pki_free(data);
	pki_chain_free(chain);
	pki_csr_free(csr);
	pki_key_free(key);
	cli_pass_free(pw);
	args_free(&a);
	return ex < 0 ? EXIT_OK : ex;
}
