/*
 * pki cert sign | self | show
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "ca-dir.h"
#include "x509-args.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---------------------------------------------------------------------------------------- */
/* cert sign                                                                                 */

static const char cert_sign_help[] =
	"Usage: pki cert sign --ca FILE --ca-key FILE [OPTIONS] (--csr FILE | FILE)...\n"
	"            [-o FILE | --out-dir DIR]\n"
	"       pki cert sign --ca FILE --ca-key FILE --key-out KEY --subject DN [OPTIONS] [-o FILE]\n"
	"Issue certificates from certificate signing requests. The CA is loaded once, so many\n"
	"requests can be signed in one call (with --out-dir). With --key-out, a new key is made\n"
	"and certified in one step, without a request.\n"
	"\n"
	"  --key-out FILE       generate the subject's key (unencrypted, mode 0600) instead of\n"
	"                       reading a request; --type, --curve, --bits as for pki key new\n"
	"  --csr FILE           a request to sign (PEM or DER); repeatable, and requests may also\n"
	"                       be given as arguments\n"
	"  --ca FILE            the issuing CA certificate\n"
	"  --ca-key FILE        the CA's private key\n"
	"  --ca-dir DIR         a CA directory (pki ca init) instead of --ca and --ca-key: each\n"
	"                       certificate is recorded in its inventory (pki ca list)\n"
	"  --profile NAME       server (default), client, server-client, code-signing, email\n"
	"                       (S/MIME), ocsp-signing, timestamping, intermediate\n"
	"  --days N             validity in days (default 397; 3650 for intermediate; without\n"
	"                       --days, never beyond the CA's own end)\n"
	"  --path-len N         path length constraint of an intermediate CA (default 0)\n"
	"  --subject DN         replace the subject of the request\n" DN_ATTR_HELP SAN_HELP
	CONSTRAINT_HELP USAGE_HELP SIG_HELP POLICY_HELP EXT_HELP
	"  --copy-extensions    copy the other extensions the request asks for (never\n"
	"                       basicConstraints, key usages, key identifiers, name or policy\n"
	"                       constraints); by default only its names are copied\n"
	"  --allow-no-san       issue a server certificate without a DNS name or IP address\n"
	"                       (refused by default: TLS clients ignore the CN)\n"
	"  --allow-key-reuse    sign even when the request's key is the CA's own key (refused by\n"
	"                       default: whoever holds that key could act as the CA)\n"
	"  --chain              write the CA certificate after the new one (a full chain)\n"
	"  -o, --out FILE       where to write the certificate (one request; default: standard\n"
	"                       output)\n"
	"  --out-dir DIR        write each certificate to DIR/NAME.pem, NAME being the request's\n"
	"                       file name without .pem/.der and .csr/.req\n"
	"  -f, --force          replace existing output files\n"
	"  --sync MODE          batch (default): the certificates are written without fsync and\n"
	"                       their file system is synced once at the end (syncfs), so the\n"
	"                       batch is durable when pki returns; each: every file and its\n"
	"                       folder are fsynced as they are written. Either way each file is\n"
	"                       atomic (complete or absent) with mode 0644\n"
	"  --pass-file FILE     CA key password from the first line of FILE\n"
	"  --pass-env VAR       CA key password from the environment variable VAR\n"
	"  -h, --help           this help\n";

typedef struct {
	cli_list_t csrs;
	const char *ca, *ca_key, *out_dir, *ca_dir, *sync;
	bool allow_reuse, chain, copy_exts;
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
	case OPT_COPY_EXTENSIONS: s->copy_exts = true; return 0;
	case OPT_CA_DIR: s->ca_dir = v; return 0;
	case OPT_SYNC: s->sync = v; return 0;
	default: return -1;
	}
}

/*
 * Without --days, a certificate that would outlive its CA ends with the CA instead of being
 * refused (the library's PKI_ISSUE_CLAMP_TO_ISSUER): an intermediate made right after its
 * root (both 10 years by default) would otherwise always fail by a few seconds. An explicit
 * --days is never shortened. When the library says it shortened one by more than the clock
 * skew allowance (@p rc 1), say so.
 */
static unsigned clamp_flag(const x509_args_t *a)
{
	return a->days ? 0 : PKI_ISSUE_CLAMP_TO_ISSUER;
}

static void warn_clamped(int rc, const pki_cert_t *cert, const char *what)
{
	int64_t nb = 0, na = 0;
	char buf[32] = "?";
	struct tm tm;
	time_t t;

	if (rc != 1)
		return;
	if (pki_cert_validity(&nb, &na, cert) == 0) {
		t = (time_t)na;
		if (gmtime_r(&t, &tm))
			strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S UTC", &tm);
	}
	cli_warn("the CA expires on %s: the certificate ends then (%s)", buf, what);
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

/*
 * --sync=batch: one syncfs() of the file system holding @p dir (the --out-dir, or the folder
 * of -o FILE) after the last certificate, instead of two fsyncs per file.
 */
static int sync_batch(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0)
		return cli_error("syncing %s: %s", dir, strerror(errno));
#ifdef __linux__
	rc = syncfs(fd); /* the file system of the batch only */
#else
	sync(); /* elsewhere: everything (POSIX has no per-file-system sync) */
	rc = 0;
#endif
	if (rc == 0)
		rc = fsync(fd);
	if (rc != 0) {
		int e = errno;

		close(fd);
		return cli_error("syncing %s: %s", dir, strerror(e));
	}
	close(fd);
	return EXIT_OK;
}

/* The folder of @p path (malloc'd), "." for a bare name. */
static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

/* pki cert sign --key-out KEY --subject DN: a new key certified at once, without a request. */
static int sign_new_key(x509_args_t *a, sign_args_t *s, cadir_t *d)
{
	pki_issue_opts_t *opts = NULL;
	pki_cert_t *ca = NULL, *cert = NULL;
	pki_key_t *ca_key = NULL, *key = NULL;
	int ex, rc, profile;

	if (s->csrs.n)
		return cli_usage("give requests or --key-out KEY (a new key), not both");
	if (!s->ca || !s->ca_key)
		return cli_usage("--ca FILE and --ca-key FILE are required (or --ca-dir DIR)");
	if (!a->subject && !a->sans.n)
		return cli_usage("--key-out needs --subject DN or at least one name (--dns, --email, ...)");
	if (s->out_dir || s->copy_exts)
		return cli_usage("%s applies to requests, not to --key-out",
				 s->out_dir ? "--out-dir" : "--copy-extensions");
	profile = x509_profile_arg(a->profile, PKI_PROFILE_SERVER);
	if (profile < 0)
		return EXIT_USAGE;
	if (profile == PKI_PROFILE_CA)
		return cli_usage("--profile ca makes a root, which is self-signed: use 'pki ca new'");
	if (!strcmp(a->key_out, "-"))
		return cli_usage("a private key is never written to standard output");
	if ((ex = x509_make_opts(&opts, a, profile, true)) ||
	    (ex = cli_check_new(a->out, a->force)) || (ex = cli_check_new(a->key_out, a->force)))
		goto out;
	if ((ex = cli_load_ca(&ca, &ca_key, s->ca, s->ca_key, &a->pass)) ||
	    (ex = cli_generate_key(&key, &a->kg)))
		goto out;
	if (d && (ex = inv_begin(d->inv)))
		goto out; /* the inventory is locked or broken: nothing issued */
	rc = pki_cert_issue_for_key(&cert, key, a->subject ? a->subject : "", ca, ca_key, opts,
				    (s->allow_reuse ? PKI_ISSUE_ALLOW_KEY_REUSE : 0) | clamp_flag(a));
	warn_clamped(rc, cert, a->out ? a->out : "the certificate");
	if (rc < 0)
		ex = cli_fail(rc, "issuing the certificate");
	else if (!(ex = cli_check_server_cert(cert, profile, a->allow_no_san,
					      a->out ? a->out : "the certificate")) &&
		 !(d && (ex = cadir_record(d, cert, key, a->profile))) &&
		 !(ex = x509_save_new_key(key, a)))
		ex = x509_write_cert(cert, s->chain ? ca : NULL, a->out, a->force);
	if (d)
		ex = cadir_end(d, ex, a->out);
out:
	pki_issue_opts_free(opts);
	pki_cert_free(cert);
	pki_cert_free(ca);
	pki_key_free(ca_key);
	pki_key_free(key);
	return ex;
}

/* What each request of one pki cert sign run is signed with (sign_one). */
typedef struct {
	const x509_args_t *a;
	const sign_args_t *s;
	cadir_t *d;
	pki_issuer_t *issuer;
	const pki_issue_opts_t *opts;
	const pki_cert_t *ca;
	const pki_key_t *ca_key;
	int profile;
	bool batch;
	bool wrote; /* a certificate went to a file (for the batch's sync) */
} sign_run_t;

/* --allow-key-reuse: say so when @p csr has the CA's own key. */
static void warn_own_key(const sign_run_t *r, const pki_csr_t *csr, const char *path)
{
	pki_key_t *pub = NULL;

	if (!pki_cert_matches_key(r->ca, r->ca_key))
		return;
	if (pki_csr_public_key(&pub, csr) == 0 && pki_key_equal(pub, r->ca_key))
		cli_warn("%s: the certificate has the CA's own key (--allow-key-reuse)", path);
	pki_key_free(pub);
}

/* Sign the request @p path and write (and record) its certificate; an exit code. */
static int sign_one(sign_run_t *r, const char *path)
{
	const x509_args_t *a = r->a;
	const sign_args_t *s = r->s;
	char *dest = NULL;
	pki_csr_t *csr = NULL;
	pki_cert_t *cert = NULL;
	int ex = EXIT_OK, rc;

	if ((rc = pki_csr_import_file(&csr, path, 0)) < 0) {
		ex = cli_fail(rc, "reading the request %s", path);
	} else if (r->d && (ex = inv_begin(r->d->inv))) {
		/* the inventory is locked or broken: nothing issued */
	} else if ((rc = pki_issuer_issue(&cert, r->issuer, csr, r->opts,
					  (s->allow_reuse ? PKI_ISSUE_ALLOW_KEY_REUSE : 0) |
						  clamp_flag(a))) < 0) {
		ex = cli_fail(rc, "signing %s", path);
	} else {
		warn_clamped(rc, cert, path);
		if (s->allow_reuse)
			warn_own_key(r, csr, path);
		if ((ex = cli_check_server_cert(cert, r->profile, a->allow_no_san, path))) {
			/* refused: nothing written */
		} else if (s->out_dir && !(dest = out_name(s->out_dir, path))) {
			ex = cli_error("out of memory");
		} else if (dest && !strcmp(dest, path)) {
			ex = cli_error("%s: the certificate would replace the request; use "
				       "another --out-dir", path);
		} else if (r->d && (ex = cadir_record_csr(r->d, cert, csr, a->profile))) {
			/* not recorded (a serial already there): not written */
		} else {
			/* only the certificates are batched; an inventory syncs itself */
			cli_write_no_sync = r->batch;
			ex = x509_write_cert(cert, s->chain ? r->ca : NULL, dest ? dest : a->out,
					     a->force);
			cli_write_no_sync = false;
			r->wrote = r->wrote || (!ex && (dest || (a->out && strcmp(a->out, "-"))));
		}
	}
	if (r->d)
		ex = cadir_end(r->d, ex, dest ? dest : a->out);
	free(dest);
	pki_cert_free(cert);
	pki_csr_free(csr);
	return ex;
}

/* The usage errors of pki cert sign with requests (not --key-out); the profile, and whether
 * the certificates are synced as one batch (--sync). An exit code. */
static int sign_check(const x509_args_t *a, const sign_args_t *s, int *profile, bool *batch)
{
	if (!s->ca || !s->ca_key)
		return cli_usage("--ca FILE and --ca-key FILE are required (or --ca-dir DIR)");
	if (a->out && s->out_dir)
		return cli_usage("give -o FILE or --out-dir DIR, not both");
	if (s->sync && strcmp(s->sync, "batch") && strcmp(s->sync, "each"))
		return cli_usage("--sync %s: expected batch or each", s->sync);
	*batch = !s->sync || !strcmp(s->sync, "batch");
	if (s->csrs.n > 1 && !s->out_dir)
		return cli_usage("%zu requests: give --out-dir DIR for their certificates", s->csrs.n);
	*profile = x509_profile_arg(a->profile, PKI_PROFILE_SERVER);
	if (*profile < 0)
		return EXIT_USAGE;
	if (*profile == PKI_PROFILE_CA)
		return cli_usage("--profile ca makes a root, which is self-signed: use 'pki ca new'; "
				 "a CA below this one is --profile intermediate");
	return EXIT_OK;
}

/* --sync batch, once the run wrote certificates: sync_batch on their folder (--out-dir, or
 * the folder of -o). An exit code. */
static int sync_written(const x509_args_t *a, const sign_args_t *s)
{
	char *dir = s->out_dir ? strdup(s->out_dir) : folder_of(a->out);
	int ex = dir ? sync_batch(dir) : cli_error("out of memory");

	free(dir);
	return ex;
}

int cmd_cert_sign(int argc, char **argv)
{
	static const struct option longopts[] = {
		O_OUT, O_FORCE, O_HELP, O_PASS, O_SANS, O_CONSTRAINTS, O_ISSUE,
		CLI_FLAG("copy-extensions", OPT_COPY_EXTENSIONS), CLI_ARG("csr", OPT_CSR),
		CLI_ARG("ca", OPT_CA), CLI_ARG("ca-key", OPT_CA_KEY),
		CLI_ARG("profile", OPT_PROFILE), CLI_ARG("days", OPT_DAYS),
		CLI_ARG("path-len", OPT_PATH_LEN), O_SUBJECT, CLI_ARG("out-dir", OPT_OUT_DIR),
		CLI_FLAG("allow-key-reuse", OPT_ALLOW_KEY_REUSE), CLI_FLAG("chain", OPT_CHAIN),
		CLI_FLAG("allow-no-san", OPT_ALLOW_NO_SAN), CLI_ARG("ca-dir", OPT_CA_DIR),
		CLI_ARG("sync", OPT_SYNC), CLI_ARG("key-out", OPT_KEY_OUT),
		CLI_ARG("type", OPT_TYPE), CLI_ARG("curve", OPT_CURVE), CLI_ARG("bits", OPT_BITS),
		{ 0 },
	};
	x509_args_t a = { 0 };
	sign_args_t s = { 0 };
	cadir_t *d = NULL; /* --ca-dir: the inventory each issuance is recorded in */
	sign_run_t run;
	pki_issue_opts_t *opts = NULL;
	pki_issuer_t *issuer = NULL; /* the CA checked once for every request */
	pki_cert_t *ca = NULL;
	pki_key_t *ca_key = NULL;
	bool batch = true;
	int ex, rc, profile, failed = 0;

	if ((ex = x509_parse(&a, argc, argv, longopts, cert_sign_help, sign_opt, &s)))
		goto out;
	for (int i = optind; i < argc; i++)
		cli_list_add(&s.csrs, argv[i]);
	if ((a.kg.type || a.kg.curve || a.kg.bits) && !a.key_out) {
		ex = cli_usage("--type, --curve and --bits apply to a new key (--key-out)");
		goto out;
	}
	if (!s.csrs.n && !a.key_out) {
		ex = cli_usage("which request? (--csr FILE)");
		goto out;
	}
	if (s.ca_dir && (ex = cadir_open_for_sign(&d, s.ca_dir, &s.ca, &s.ca_key)))
		goto out;
	if (a.key_out) {
		ex = sign_new_key(&a, &s, d);
		goto out;
	}
	if ((ex = sign_check(&a, &s, &profile, &batch)) ||
	    (ex = x509_make_opts(&opts, &a, profile, true)))
		goto out;
	if (s.copy_exts && (rc = pki_issue_opts_set_copy_extensions(opts, true)) < 0) {
		ex = cli_fail(rc, "--copy-extensions");
		goto out;
	}
	if (a.subject && (rc = pki_issue_opts_set_subject(opts, a.subject)) < 0) {
		ex = cli_fail(rc, "--subject '%s'", a.subject);
		goto out;
	}
	if (s.csrs.n == 1 && !s.out_dir && (ex = cli_check_new(a.out, a.force)))
		goto out;
	if ((ex = cli_load_ca(&ca, &ca_key, s.ca, s.ca_key, &a.pass)))
		goto out;
	if ((rc = pki_issuer_new(&issuer, ca, ca_key, 0)) < 0) {
		ex = cli_fail(rc, "signing %s", s.csrs.v[0]); /* the CA cannot sign any of them */
		goto out;
	}
	run = (sign_run_t){ &a, &s, d, issuer, opts, ca, ca_key, profile, batch, false };
	for (size_t i = 0; i < s.csrs.n; i++)
		if ((ex = sign_one(&run, s.csrs.v[i])))
			failed = ex;
	ex = failed;
	if (batch && run.wrote && (rc = sync_written(&a, &s)) && !ex)
		ex = rc;
out:
	cadir_free(d);
	pki_issuer_free(issuer);
	pki_issue_opts_free(opts);
	pki_cert_free(ca);
	pki_key_free(ca_key);
	cli_list_free(&s.csrs);
	x509_args_free(&a);
	return ex;
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

int cmd_cert_show(int argc, char **argv)
{
	static const struct option opts[] = {
		O_HELP, O_JSON, { "all", no_argument, NULL, OPT_ALL }, { 0 },
	};
	x509_args_t a = { 0 };
	pki_chain_t *chain = NULL;
	int ex, rc, n;

	if ((ex = x509_parse_operands(&a, argc, argv, opts, cert_show_help, "certificate file")))
		goto out;
	if ((rc = pki_chain_import_file(&chain, argv[optind], 0)) < 0) {
		ex = cli_fail(rc, "reading the certificate %s", argv[optind]);
		goto out;
	}
	n = a.all ? pki_chain_count(chain) : 1;
	if (a.json && a.all)
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
		fputs(a.all ? "]\n" : "\n", stdout);
out:
	pki_chain_free(chain);
	x509_args_free(&a);
	return ex;
}
