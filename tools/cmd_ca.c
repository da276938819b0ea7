/*
 * pki ca new, and pki cert self (the same command without the CA extensions); the CA
 * directory: pki ca init, pki ca list and pki revoke (tools/ca-dir.h).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "ca-dir.h"
#include "x509-args.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---------------------------------------------------------------------------------------- */
/* ca new, cert self                                                                         */

static const char ca_new_help[] =
	"Usage: pki ca new --subject DN (--key FILE | --key-out FILE) [OPTIONS] [-o FILE]\n"
	"Make a root CA certificate (self-signed, CA:TRUE, keyCertSign and cRLSign), valid 10\n"
	"years by default.\n"
	"\n"
	"  --subject DN         the CA's name, RFC 4514: \"CN=Example Root CA,O=Example\"\n"
	DN_ATTR_HELP
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
	DN_ATTR_HELP
	"  --profile NAME       server (default), client, server-client, code-signing, email\n"
	"                       (S/MIME), ocsp-signing, timestamping, ca, intermediate\n"
	"  --days N             validity in days (default 397; 3650 for ca)\n"
	"  --path-len N         path length constraint (ca and intermediate profiles)\n" SAN_HELP
	"  --allow-no-san       a server certificate without a DNS name or IP address (refused by\n"
	"                       default: TLS clients ignore the CN)\n"
	CONSTRAINT_HELP USAGE_HELP SIG_HELP POLICY_HELP EXT_HELP
	"  -o, --out FILE       where to write the certificate (default: standard output)\n"
	"  -f, --force          replace existing output files\n" KEYGEN_HELP PASS_HELP
	"  -h, --help           this help\n";

/* The certificate options of ca new, cert self and ca init. */
#define O_CA_CERT O_SUBJECT, \
	{ "days", required_argument, NULL, OPT_DAYS }, \
	{ "path-len", required_argument, NULL, OPT_PATH_LEN }

int cmd_self_signed(int argc, char **argv)
{
	static const struct option ca_opts[] = {
		O_OUT, O_FORCE, O_HELP, O_PASS, O_KEYGEN, O_CONSTRAINTS, O_ISSUE,
		CLI_ARG("key", OPT_KEY), O_CA_CERT, { 0 },
	};
	static const struct option self_opts[] = {
		O_OUT, O_FORCE, O_HELP, O_PASS, O_KEYGEN, O_SANS, O_CONSTRAINTS, O_ISSUE,
		CLI_ARG("key", OPT_KEY), O_CA_CERT, CLI_ARG("profile", OPT_PROFILE),
		CLI_FLAG("allow-no-san", OPT_ALLOW_NO_SAN), { 0 },
	};
	x509_args_t a = { 0 };
	pki_issue_opts_t *opts = NULL;
	pki_key_t *key = NULL;
	pki_cert_t *cert = NULL;
	char *subject = NULL;
	bool ca = !strcmp(argv[0], "new"); /* pki ca new, else pki cert self */
	int ex, rc, profile;

	if ((ex = x509_parse_operands(&a, argc, argv, ca ? ca_opts : self_opts,
				      ca ? ca_new_help : cert_self_help, NULL)))
		goto out;
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
	if ((ex = cli_check_new(a.out, a.force)) || (ex = x509_subject_key(&key, &a)))
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
	    (ex = x509_save_new_key(key, &a)))
		goto out;
	ex = x509_write_cert(cert, NULL, a.out, a.force);
out:
	free(subject);
	pki_cert_free(cert);
	pki_key_free(key);
	pki_issue_opts_free(opts);
	x509_args_free(&a);
	return ex;
}

/* ---------------------------------------------------------------------------------------- */
/* ca init, ca list, revoke: the CA directory                                                */

static const char ca_init_help[] =
	"Usage: pki ca init DIR [--subject DN] [OPTIONS]\n"
	"Make a CA directory: a new key (DIR/ca-key.pem, mode 0600, never overwritten), a root\n"
	"certificate (DIR/ca.pem), settings (DIR/settings) and an inventory (DIR/inventory.db,\n"
	"SQLite) in which every certificate issued from the directory is recorded\n"
	"(pki cert sign --ca-dir DIR, pki quick --ca-dir DIR), for pki ca list, pki revoke and\n"
	"pki crl new --ca-dir DIR.\n"
	"\n"
	"  --subject DN         the CA's name (default \"CN=pki CA\")\n"
	DN_ATTR_HELP
	"  --days N             validity in days (default 3650)\n"
	"  --path-len N         at most N intermediate CAs below this one\n" CONSTRAINT_HELP
	KEYGEN_HELP PASS_HELP
	"  -h, --help           this help\n";

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* The files of the new CA directory @p dir (free() them): DIR/ca.pem, DIR/ca-key.pem and
 * DIR/inventory.db, none of which may exist (pki never replaces a CA). An exit code. */
static int new_ca_paths(const char *dir, char **ca_path, char **key_path, char **inv_path)
{
	*ca_path = cadir_join(dir, "ca.pem");
	*key_path = cadir_join(dir, "ca-key.pem");
	*inv_path = cadir_join(dir, "inventory.db");
	if (!*ca_path || !*key_path || !*inv_path)
		return cli_error("out of memory");
	if (exists(*ca_path) || exists(*key_path) || exists(*inv_path))
		return cli_error("%s already holds a CA (%s); pki never replaces a CA's key or "
				 "inventory: use another folder", dir,
				 exists(*key_path) ? "ca-key.pem" : exists(*ca_path) ? "ca.pem"
										: "inventory.db");
	return EXIT_OK;
}

int cmd_ca_init(int argc, char **argv)
{
	static const struct option longopts[] = {
		O_HELP, O_PASS, O_KEYGEN, O_CONSTRAINTS, O_CA_CERT, { 0 },
	};
	x509_args_t a = { 0 };
	pki_issue_opts_t *opts = NULL;
	pki_key_t *key = NULL;
	pki_cert_t *cert = NULL;
	cadir_t *d = NULL;
	char *dir = NULL, *ca_path = NULL, *key_path = NULL, *inv_path = NULL;
	unsigned char *data = NULL;
	size_t size = 0;
	bool made = false;
	int ex, rc;

	if ((ex = x509_parse(&a, argc, argv, longopts, ca_init_help, NULL, NULL)))
		goto out;
	if (optind != argc - 1) {
		ex = cli_usage(optind == argc ? "which folder? (pki ca init DIR)" : "give one folder");
		goto out;
	}
	if (a.key_out) {
		ex = cli_usage("the key is DIR/ca-key.pem: no --key-out");
		goto out;
	}
	dir = cli_strdup(argv[optind]);
	if ((ex = new_ca_paths(dir, &ca_path, &key_path, &inv_path)) ||
	    (ex = x509_make_opts(&opts, &a, PKI_PROFILE_CA, true)))
		goto out;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		ex = cli_error("cannot create the folder %s: %s", dir, strerror(errno));
		goto out;
	}
	a.key_out = key_path;
	if ((ex = x509_subject_key(&key, &a)))
		goto out;
	rc = pki_cert_self_sign(&cert, key, a.subject ? a.subject : "CN=pki CA", opts, 0);
	if (rc < 0) {
		ex = cli_fail(rc, "making the CA certificate");
		goto out;
	}
	if ((rc = pki_cert_export(&data, &size, cert, PKI_FORMAT_PEM, 0)) < 0) {
		ex = cli_fail(rc, "encoding the CA certificate");
		goto out;
	}
	/* the inventory first: a folder with a key always has its record */
	if ((ex = cadir_write_settings(dir)))
		goto out;
	made = true;
	if ((ex = cadir_open(&d, dir, true)))
		goto out;
	if ((ex = x509_save_new_key(key, &a)))
		goto out;
	if ((ex = cli_write(ca_path, data, size, false, false))) {
		unlink(key_path); /* never a key without its certificate */
		goto out;
	}
	printf("Made the CA directory %s/: ca.pem (certificate), ca-key.pem (key, keep it "
	       "private), inventory.db.\n"
	       "Issue: pki cert sign --ca-dir %s --csr REQUEST.csr -o CERT.pem\n"
	       "List:  pki ca list --ca-dir %s\n",
	       dir, dir, dir);
out:
	cadir_free(d);
	if (ex && made) { /* nothing half-made: a retry starts from an empty folder */
		char *settings = cadir_join(dir, "settings");

		if (settings)
			unlink(settings);
		free(settings);
		unlink(inv_path);
	}
	pki_free(data);
	pki_cert_free(cert);
	pki_key_free(key);
	pki_issue_opts_free(opts);
	a.key_out = NULL;
	x509_args_free(&a);
	free(dir);
	free(ca_path);
	free(key_path);
	free(inv_path);
	return ex;
}

static const char ca_list_help[] =
	"Usage: pki ca list [--ca-dir DIR] [--expiring DURATION] [--revoked] [--json]\n"
	"List the certificates issued from a CA directory (pki ca init), oldest first: serial,\n"
	"status, end of validity, profile, subject and names.\n"
	"\n"
	"  --ca-dir DIR         the CA directory (default: $PKI_CA_DIR, else pki quick's CA,\n"
	"                       $XDG_DATA_HOME/libpki/ca or ~/.local/share/libpki/ca)\n"
	"  --expiring DURATION  only certificates valid now that expire within DURATION: 30d\n"
	"                       (days), 12h (hours), 2w (weeks); a bare number is days\n"
	"  --revoked            only revoked certificates\n"
	"  --json               a JSON array of objects\n"
	"  -h, --help           this help\n";

enum { OPT_L_EXPIRING = 1100, OPT_L_REVOKED, OPT_R_CERT, OPT_R_REASON };

/* 30d, 12h, 2w, 30: seconds; false on a bad value. */
static bool parse_duration(const char *s, int64_t *secs)
{
	char *end;
	unsigned long long v;
	int64_t unit = 86400;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || v > 100000)
		return false;
	if (*end == 'h')
		unit = 3600;
	else if (*end == 'w')
		unit = 7 * 86400;
	else if (*end && *end != 'd')
		return false;
	if (*end && end[1])
		return false;
	*secs = (int64_t)v * unit;
	return true;
}

static void put_date(FILE *f, int64_t t, bool iso)
{
	char buf[32] = "?";
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm))
		strftime(buf, sizeof(buf), iso ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d", &tm);
	fputs(buf, f);
}

/* A JSON string: quotes, backslashes and control characters escaped. */
static void put_json_str(const char *s)
{
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

typedef struct {
	bool json;
	unsigned n;
	int64_t now;
} list_ctx_t;

static int list_one(void *ctx, const inv_entry_t *e)
{
	list_ctx_t *l = ctx;
	const char *status = e->revoked_at ? "revoked" : e->not_after < l->now ? "expired" : "valid";
	char *one;
	bool first = true;

	if (!l->json) {
		if (!l->n++)
			printf("%-40s %-8s %-10s %-13s %s\n", "SERIAL", "STATUS", "NOT AFTER", "PROFILE",
			       "SUBJECT  NAMES");
		printf("%-40s %-8s ", e->serial, status);
		put_date(stdout, e->not_after, false);
		printf(" %-13s ", e->profile);
		cli_put_escaped(stdout, e->subject && *e->subject ? e->subject : "-", false);
		fputs(" ", stdout);
		for (const char *p = e->sans; (one = inv_sans_next(&p)); free(one)) {
			fputs(first ? " " : ", ", stdout);
			first = false;
			cli_put_escaped(stdout, one, false);
		}
		putchar('\n');
		return 0;
	}
	fputs(l->n++ ? ",\n  {" : "[\n  {", stdout);
	printf("\"serial\": ");
	put_json_str(e->serial);
	printf(", \"status\": \"%s\", \"subject\": ", status);
	put_json_str(e->subject);
	printf(", \"sans\": [");
	for (const char *p = e->sans; (one = inv_sans_next(&p)); free(one)) {
		if (!first)
			fputs(", ", stdout);
		first = false;
		put_json_str(one);
	}
	printf("], \"profile\": ");
	put_json_str(e->profile);
	printf(", \"not_before\": \"");
	put_date(stdout, e->not_before, true);
	printf("\", \"not_after\": \"");
	put_date(stdout, e->not_after, true);
	printf("\", \"fingerprint_sha256\": ");
	put_json_str(e->fingerprint);
	printf(", \"issued_at\": \"");
	put_date(stdout, e->issued_at, true);
	printf("\", \"request_key_id\": ");
	put_json_str(e->key_id);
	if (e->revoked_at) {
		printf(", \"revoked_at\": \"");
		put_date(stdout, e->revoked_at, true);
		printf("\", \"revocation_reason\": ");
		put_json_str(pki_crl_reason_name(e->reason));
	}
	putchar('}');
	return 0;
}

/* --ca-dir DIR or the default folder, opened (the inventory must exist). */
static int open_ca_dir(cadir_t **d, const char *given)
{
	char *dir = cadir_default(given);
	int ex;

	if (!dir)
		return cli_usage("no --ca-dir, and neither PKI_CA_DIR, XDG_DATA_HOME nor HOME is set");
	ex = cadir_open(d, dir, false);
	free(dir);
	return ex;
}

int cmd_ca_list(int argc, char **argv)
{
	static const struct option opts[] = {
		O_HELP, O_JSON, CLI_ARG("ca-dir", OPT_CA_DIR), CLI_ARG("expiring", OPT_L_EXPIRING),
		CLI_FLAG("revoked", OPT_L_REVOKED), { 0 },
	};
	const char *dir = NULL;
	inv_filter_t f = { .now = (int64_t)time(NULL) };
	list_ctx_t l = { .now = f.now };
	cadir_t *d = NULL;
	int64_t secs;
	int c, ex;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_HELP: return cli_help(ca_list_help);
		case OPT_JSON: l.json = true; break;
		case OPT_CA_DIR: dir = optarg; break;
		case OPT_L_REVOKED: f.revoked_only = true; break;
		case OPT_L_EXPIRING:
			if (!parse_duration(optarg, &secs))
				return cli_usage("--expiring '%s': a duration such as 30d, 12h or 2w",
						 optarg);
			f.expiring_before = f.now + secs;
			break;
		default: return cli_bad_option(c, argv);
		}
	}
	if ((ex = cli_no_operands(argc, argv, "the folder is --ca-dir DIR")))
		return ex;
	if ((ex = open_ca_dir(&d, dir)))
		return ex;
	ex = inv_list(d->inv, &f, list_one, &l);
	if (l.json)
		fputs(l.n ? "\n]\n" : "[]\n", stdout);
	cadir_free(d);
	return ex;
}

static const char revoke_help[] =
	"Usage: pki revoke [--ca-dir DIR] (SERIAL | --cert FILE) [--reason REASON]\n"
	"Record in a CA directory's inventory that a certificate it issued is revoked; the next\n"
	"'pki crl new --ca-dir DIR' lists it.\n"
	"\n"
	"  SERIAL               the serial number in hex (as pki ca list and pki cert show print\n"
	"                       it; ':' separators allowed)\n"
	"  --cert FILE          the certificate itself (found by its fingerprint)\n"
	"  --reason REASON      an RFC 5280 reason: keyCompromise, cACompromise,\n"
	"                       affiliationChanged, superseded, cessationOfOperation,\n"
	"                       certificateHold, privilegeWithdrawn, aACompromise (default:\n"
	"                       unspecified)\n"
	"  --ca-dir DIR         the CA directory (default as for pki ca list)\n"
	"  -h, --help           this help\n";

/* Lower-case hex without separators or leading zero bytes, as pki_cert_serial() prints. */
static char *normal_serial(const char *s)
{
	size_t n = strlen(s), j = 1;
	char *out = malloc(n + 2), *p;

	if (!out)
		return NULL;
	out[0] = '0';
	for (; *s; s++) {
		if (*s == ':')
			continue;
		if (!isxdigit((unsigned char)*s)) {
			free(out);
			return NULL;
		}
		out[j++] = (char)tolower((unsigned char)*s);
	}
	out[j] = '\0';
	p = (j - 1) % 2 ? out : out + 1; /* an odd number of digits gets a leading 0 */
	while (strlen(p) > 2 && p[0] == '0' && p[1] == '0')
		p += 2;
	if (j == 1 || !strcmp(p, "00")) {
		free(out);
		return NULL;
	}
	memmove(out, p, strlen(p) + 1);
	return out;
}

typedef struct {
	char *serial, *subject;
	int64_t revoked_at;
	int reason;
} found_t;

static int keep_found(void *ctx, const inv_entry_t *e)
{
	found_t *f = ctx;

	f->serial = cli_strdup(e->serial);
	f->subject = cli_strdup(e->subject);
	f->revoked_at = e->revoked_at;
	f->reason = e->reason;
	return 1;
}

int cmd_revoke(int argc, char **argv)
{
	static const struct option opts[] = {
		O_HELP, CLI_ARG("ca-dir", OPT_CA_DIR), CLI_ARG("cert", OPT_R_CERT),
		CLI_ARG("reason", OPT_R_REASON), { 0 },
	};
	const char *dir = NULL, *cert_path = NULL;
	char *serial = NULL, *fp = NULL;
	found_t f = { 0 };
	pki_cert_t *cert = NULL;
	cadir_t *d = NULL;
	bool found = false;
	int c, rc, ex, reason = PKI_CRL_REASON_UNSPECIFIED;

	cli_cmd = "revoke";
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_HELP: return cli_help(revoke_help);
		case OPT_CA_DIR: dir = optarg; break;
		case OPT_R_CERT: cert_path = optarg; break;
		case OPT_R_REASON:
			if ((reason = pki_crl_reason_from_name(optarg)) < 0)
				return cli_usage("--reason %s: %s", optarg, pki_error_detail());
			break;
		default: return cli_bad_option(c, argv);
		}
	}
	if ((optind == argc) == !cert_path || argc - optind > 1)
		return cli_usage("give one SERIAL or --cert FILE");
	if (!cert_path && !(serial = normal_serial(argv[optind])))
		return cli_usage("'%s' is not a serial number (hex digits, ':' allowed, not zero)",
				 argv[optind]);
	if (cert_path) {
		if ((rc = pki_cert_import_file(&cert, cert_path, 0)) < 0 ||
		    (rc = pki_cert_fingerprint(&fp, cert, 0)) < 0) {
			ex = cli_fail(rc, "reading the certificate %s", cert_path);
			goto out;
		}
	}
	if ((ex = open_ca_dir(&d, dir)) || (ex = inv_begin(d->inv)))
		goto out;
	if ((ex = inv_find(d->inv, serial, fp, keep_found, &f, &found)))
		goto out;
	if (!found) {
		ex = cli_error("%s is not in the inventory of %s: only certificates issued from "
			       "this CA directory can be revoked here", cert_path ? cert_path : serial,
			       d->dir);
		goto out;
	}
	if (f.revoked_at) {
		printf("%s%s", f.serial, *f.subject ? " (" : "");
		cli_put_escaped(stdout, f.subject, false);
		printf("%s was already revoked on ", *f.subject ? ")" : "");
		put_date(stdout, f.revoked_at, true);
		printf(" (%s); nothing changed\n", pki_crl_reason_name(f.reason));
		goto out;
	}
	if ((ex = inv_revoke(d->inv, f.serial, (int64_t)time(NULL), reason)) ||
	    (ex = inv_end(d->inv, true)))
		goto out;
	printf("Revoked %s%s", f.serial, *f.subject ? " (" : "");
	cli_put_escaped(stdout, f.subject, false);
	printf("%s, reason %s.\nPublish a new CRL: pki crl new --ca-dir %s -o crl.pem\n",
	       *f.subject ? ")" : "", pki_crl_reason_name(reason), d->dir);
out:
	if (d)
		inv_end(d->inv, false);
	cadir_free(d);
	pki_cert_free(cert);
	pki_free(fp);
	free(serial);
	free(f.serial);
	free(f.subject);
	return ex;
}
