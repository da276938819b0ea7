/*
 * pki quick NAME...: a local CA (made once, then reused) and a certificate for the names, in
 * one step, in the spirit of mkcert.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "ca-dir.h"
#include "x509-args.h"

#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char quick_help[] =
	"Usage: pki quick [OPTIONS] NAME...\n"
	"Make a certificate and key for the names (DNS names, IP addresses, e-mail addresses and\n"
	"URIs, recognised automatically), issued by a local CA that is created the first time\n"
	"and reused afterwards. Writes ./NAME.pem and ./NAME-key.pem for the first NAME ('*'\n"
	"becomes '_wildcard', ':' and '/' become '_'; --client adds '-client').\n"
	"\n"
	"  --ca-dir DIR         the local CA's folder (default: $PKI_CA_DIR, else\n"
	"                       $XDG_DATA_HOME/libpki/ca, else ~/.local/share/libpki/ca);\n"
	"                       it holds ca.pem and ca-key.pem\n"
	"  --cert-file FILE     where to write the certificate\n"
	"  --key-file FILE      where to write the key (mode 0600)\n"
	"  --days N             validity in days (default 397)\n"
	"  --client             a client certificate (clientAuth) instead of a server one\n"
	"  --allow-no-san       issue a server certificate without a DNS name or IP address\n"
	"  --permit-dns SUFFIX, --permit-ip CIDR, --permit-email DOMAIN, --exclude-dns SUFFIX,\n"
	"  --exclude-ip CIDR    name constraints of the CA, applied when it is created\n"
	"  --type TYPE, --curve CURVE, --bits N   the new key (default ECDSA P-256)\n"
	"  -f, --force          replace existing certificate and key files\n"
	"  --pass-file FILE, --pass-env VAR   password of the CA key, if it is encrypted\n"
	"  -h, --help           this help\n";

/* mkdir -p: parents with the default mode, the folder itself 0700. */
static int make_dirs(const char *dir)
{
	char *p = cli_strdup(dir);
	struct stat st;
	int ret = 0;

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			ret = cli_error("quick: cannot create the folder %s: %s", p, strerror(errno));
			goto out;
		}
		*s = '/';
	}
	if (mkdir(p, 0700) != 0 && errno != EEXIST) {
		ret = cli_error("quick: cannot create the CA folder %s: %s", p, strerror(errno));
		goto out;
	}
	if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode))
		ret = cli_error("quick: %s is not a folder", p);
out:
	free(p);
	return ret;
}

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* "user@host", for the CA's name. */
static void owner(char *buf, size_t n)
{
	const char *user = getenv("USER");
	char host[256] = "localhost";
	struct passwd *pw;

	if (!user || !*user) {
		pw = getpwuid(getuid());
		user = pw ? pw->pw_name : "user";
	}
	if (gethostname(host, sizeof(host)) != 0)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	snprintf(buf, n, "%s@%s", user, host);
}

typedef struct {
	const char *ca_dir, *cert_file, *key_file;
	bool client;
	/* the options pki quick shares with the certificate commands (x509_common_opt): --days,
	 * -f, --allow-no-san, --type/--curve/--bits, --pass-file/--pass-env, the CA's name
	 * constraints (applied when it is created) */
	x509_args_t x;
} quick_args_t;

/* Load the CA of @p dir, or create it (with the name constraints) when it is not there. */
static int load_or_create_ca(pki_cert_t **ca, pki_key_t **ca_key, const quick_args_t *q,
			     const char *ca_path, const char *key_path, bool *created)
{
	pki_issue_opts_t *opts = NULL;
	char who[300], *cn = NULL, *subject = NULL;
	unsigned char *data = NULL;
	size_t size = 0, n;
	int rc, ex = EXIT_OK;

	*created = false;
	if (exists(ca_path) || exists(key_path)) {
		if (!exists(ca_path) || !exists(key_path))
			return cli_error("quick: the CA folder %s/ has %s but not %s; restore it or "
					 "use another --ca-dir", q->ca_dir,
					 exists(ca_path) ? "ca.pem" : "ca-key.pem",
					 exists(ca_path) ? "ca-key.pem" : "ca.pem");
		if (q->x.nc.permitted.n || q->x.nc.excluded.n)
			cli_warn("the CA in %s exists: name constraints apply only when it is "
				 "created, so they are ignored", q->ca_dir);
		return cli_load_ca(ca, ca_key, ca_path, key_path, &q->x.pass);
	}

	if ((ex = make_dirs(q->ca_dir)))
		return ex;
	owner(who, sizeof(who));
	cn = cli_dn_escape(who);
	n = strlen(cn) + 64;
	subject = malloc(n);
	if (!subject) {
		ex = cli_error("out of memory");
		goto out;
	}
	snprintf(subject, n, "CN=pki local CA %s,O=libpki local CA", cn);
	if ((rc = pki_key_generate(ca_key, PKI_KEY_EC_P256, 0, 0)) < 0) {
		ex = cli_fail(rc, "generating the CA key");
		goto out;
	}
	/* A development CA signs leaves only: pathLen 0 stops it from minting sub-CAs. */
	if ((rc = pki_issue_opts_new(&opts, PKI_PROFILE_CA, 0)) < 0 ||
	    (rc = pki_issue_opts_set_path_len(opts, 0)) < 0) {
		ex = cli_fail(rc, "CA options");
		goto out;
	}
	if ((ex = cli_add_constraints(opts, &q->x.nc)))
		goto out;
	if ((rc = pki_cert_self_sign(ca, *ca_key, subject, opts, 0)) < 0) {
		ex = cli_fail(rc, "making the CA certificate");
		goto out;
	}
	if ((rc = pki_cert_export(&data, &size, *ca, PKI_FORMAT_PEM, 0)) < 0) {
		ex = cli_fail(rc, "encoding the CA certificate");
		goto out;
	}
	if ((ex = cli_write_key(*ca_key, key_path, NULL, 0, false)))
		goto out;
	if ((ex = cli_write(ca_path, data, size, false, false))) {
		unlink(key_path); /* never leave a key without its certificate */
		goto out;
	}
	*created = true;
out:
	pki_free(data);
	pki_issue_opts_free(opts);
	free(subject);
	free(cn);
	return ex;
}

/* ./NAME.pem from the first name, as mkcert does: '*' -> "_wildcard", ':' and '/' -> '_'. */
static char *file_base(const char *name, bool client)
{
	size_t n = strlen(name);
	char *s = malloc(n * 9 + 16), *p = s;

	if (!s)
		return NULL;
	for (const char *c = name; *c; c++) {
		if (*c == '*') {
			memcpy(p, "_wildcard", 9);
			p += 9;
		} else {
			*p++ = (*c == ':' || *c == '/') ? '_' : *c;
		}
	}
	*p = '\0';
	if (client)
		strcat(s, "-client");
	return s;
}

static char *with_suffix(const char *base, const char *suffix)
{
	size_t n = strlen(base) + strlen(suffix) + 3;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "./%s%s", base, suffix);
	return s;
}

static int quick_opt(quick_args_t *q, int c, const char *v)
{
	switch (c) {
	case OPT_CA_DIR: q->ca_dir = v; return 0;
	case OPT_CERT_FILE: q->cert_file = v; return 0;
	case OPT_KEY_FILE: q->key_file = v; return 0;
	case OPT_CLIENT: q->client = true; return 0;
	default: return x509_common_opt(&q->x, c, v);
	}
}

/* Where the files are, and how to trust the CA (system stores, Docker, curl). */
static void print_summary(const cli_list_t *sans, const pki_cert_t *cert, const char *dir,
			  const char *ca_path, const char *cert_path, const char *key_path,
			  bool created, bool client, unsigned port)
{
	int64_t nb = 0, na = 0;
	char until[32] = "?", host[300] = "HOST";

	if (pki_cert_validity(&nb, &na, cert) == 0) {
		time_t t = (time_t)na;
		struct tm tm;

		if (gmtime_r(&t, &tm))
			strftime(until, sizeof(until), "%Y-%m-%d", &tm);
	}
	/* A host name for the examples: the first DNS name (not a wildcard) or IP address. */
	for (size_t i = 0; i < sans->n; i++) {
		const char *v = sans->v[i];

		if (!strncmp(v, "DNS:", 4) && v[4] != '*') {
			snprintf(host, sizeof(host), "%s", v + 4);
			break;
		}
		if (!strncmp(v, "IP:", 3)) {
			snprintf(host, sizeof(host), strchr(v + 3, ':') ? "[%s]" : "%s", v + 3);
			break;
		}
	}
	if (created)
		printf("Created a new local CA in %s/ (certificate ca.pem; key ca-key.pem, keep it "
		       "private).\n", dir);
	else
		printf("Using the local CA in %s/.\n", dir);
	printf("\nThe %s certificate is at \"%s\" and its key at \"%s\";\nit is valid for:",
	       client ? "client" : "server", cert_path, key_path);
	for (size_t i = 0; i < sans->n; i++)
		printf(" %s", strchr(sans->v[i], ':') + 1);
	printf(" (until %s).\n", until);
	printf("\nTo trust the CA (as root; pki trust --help says more):\n"
	       "  system store:    pki trust install %s\n"
	       "                   (Debian, Ubuntu: /usr/local/share/ca-certificates, then "
	       "update-ca-certificates)\n"
	       "  Fedora, RHEL:    cp %s /etc/pki/ca-trust/source/anchors/libpki-local-ca.pem"
	       " && update-ca-trust\n",
	       ca_path, ca_path);
	if (client) {
		printf("  Servers that check client certificates need it as their client CA.\n"
		       "  curl:            curl --cert %s --key %s https://SERVER/\n",
		       cert_path, key_path);
		return;
	}
	if (port) {
		char hp[320];

		snprintf(hp, sizeof(hp), port == 443 ? "%s" : "%s:%u", host, port);
		printf("  Docker, skopeo:  pki trust install --docker %s %s\n"
		       "                   (writes /etc/docker/certs.d/%s/ca.crt; the file must be "
		       "named ca.crt: a ca.pem there is ignored)\n"
		       "  curl:            curl --cacert %s https://%s/\n",
		       hp, ca_path, hp, ca_path, hp);
		return;
	}
	printf("  Docker, skopeo:  pki trust install --docker %s:PORT %s\n"
	       "                   (writes /etc/docker/certs.d/%s:PORT/ca.crt; PORT is the "
	       "registry's port, e.g. 5000;\n"
	       "                   leave out \":PORT\" for 443; the file must be named ca.crt)\n"
	       "  curl:            curl --cacert %s https://%s/\n",
	       host, ca_path, host, ca_path, host);
}

/* What one pki quick run works with (quick_free frees it). */
typedef struct {
	quick_args_t q;
	cli_list_t sans;   /* the names, normalised and typed */
	char *first;       /* the first name, without a port or URL around it */
	unsigned port;     /* the first port given with a name, for the certs.d hint (0: none) */
	unsigned days;
	int profile;
	char *base, *cert_path, *key_path; /* the output files */
	char *dir, *ca_path, *ca_key_path; /* the local CA */
	bool created;                      /* the CA was made by this run */
	cadir_t *d;
	pki_cert_t *ca;
	pki_key_t *ca_key;
} quick_t;

static void quick_free(quick_t *k)
{
	cadir_free(k->d); /* rolls back an issuance that did not finish */
	pki_cert_free(k->ca);
	pki_key_free(k->ca_key);
	cli_list_free(&k->sans);
	x509_args_free(&k->q.x);
	free(k->first);
	free(k->base);
	free(k->cert_path);
	free(k->key_path);
	free(k->dir);
	free(k->ca_path);
	free(k->ca_key_path);
}

/* The names NAME...: their SANs, the first name and the first port; an exit code. */
static int quick_names(quick_t *k, int argc, char **argv)
{
	int ex;

	for (int i = optind; i < argc; i++) {
		unsigned p = 0;
		char *h = cli_host_of(argv[i], &p);

		if (!h && p == UINT_MAX)
			return EXIT_USAGE;
		if (p && !k->port)
			k->port = p;
		if (i == optind)
			k->first = h ? h : cli_strdup(argv[i]);
		else
			free(h);
		if ((ex = cli_add_san(&k->sans, NULL, NULL, argv[i])))
			return ex;
	}
	return EXIT_OK;
}

/* The options and the names; an exit code, or CLI_HELP_SHOWN. */
static int quick_parse(quick_t *k, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_ARG("ca-dir", OPT_CA_DIR), CLI_ARG("cert-file", OPT_CERT_FILE),
		CLI_ARG("key-file", OPT_KEY_FILE), CLI_ARG("days", OPT_DAYS),
		CLI_FLAG("client", OPT_CLIENT), CLI_FLAG("allow-no-san", OPT_ALLOW_NO_SAN),
		CLI_FLAG("force", OPT_FORCE), CLI_ARG("type", OPT_TYPE),
		CLI_ARG("curve", OPT_CURVE), CLI_ARG("bits", OPT_BITS), CLI_OPTS_PASS,
		CLI_ARG("permit-dns", OPT_PERMIT_DNS), CLI_ARG("permit-ip", OPT_PERMIT_IP),
		CLI_ARG("permit-email", OPT_PERMIT_EMAIL), CLI_ARG("exclude-dns", OPT_EXCLUDE_DNS),
		CLI_ARG("exclude-ip", OPT_EXCLUDE_IP), CLI_OPTS_END,
	};
	pki_key_type_t ktype;
	unsigned kbits;
	int c, ex;

	while ((c = getopt_long(argc, argv, ":hf", opts, NULL)) != -1) {
		if (c == OPT_HELP)
			return cli_help(quick_help), CLI_HELP_SHOWN;
		if (c == '?' || c == ':' || (ex = quick_opt(&k->q, c, optarg)) < 0)
			return cli_bad_option(c == ':' ? ':' : '?', argv);
		if (ex)
			return ex;
	}
	if (optind == argc)
		return cli_usage("which names? (e.g. pki quick localhost 127.0.0.1)");
	if (k->q.x.days && !cli_parse_uint("--days", k->q.x.days, 1, 36500, &k->days))
		return EXIT_USAGE;
	if ((ex = cli_keygen_check(&k->q.x.kg, &ktype, &kbits)))
		return ex;
	k->profile = k->q.client ? PKI_PROFILE_CLIENT : PKI_PROFILE_SERVER;
	return quick_names(k, argc, argv);
}

/* The output files, refused early (before the CA is made) when they exist; an exit code. */
static int quick_outputs(quick_t *k)
{
	const quick_args_t *q = &k->q;
	int ex;

	if (!(k->base = file_base(k->first, q->client)) ||
	    !(k->cert_path = q->cert_file ? cli_strdup(q->cert_file)
					  : with_suffix(k->base, ".pem")) ||
	    !(k->key_path = q->key_file ? cli_strdup(q->key_file)
					: with_suffix(k->base, "-key.pem")))
		return cli_error("out of memory");
	if (!strcmp(k->cert_path, k->key_path))
		return cli_usage("the certificate and the key need different files");
	if ((ex = cli_check_new(k->cert_path, q->x.force)))
		return ex;
	return cli_check_new(k->key_path, q->x.force);
}

/* The local CA: loaded, or made the first time; its CA directory opened. An exit code. */
static int quick_open_ca(quick_t *k)
{
	int ex;

	k->dir = cadir_default(k->q.ca_dir);
	if (!k->dir)
		return cli_usage("no --ca-dir, and neither PKI_CA_DIR, XDG_DATA_HOME nor HOME is set");
	k->q.ca_dir = k->dir;
	if (!(k->ca_path = cadir_join(k->dir, "ca.pem")) ||
	    !(k->ca_key_path = cadir_join(k->dir, "ca-key.pem")))
		return cli_error("out of memory");
	if ((ex = load_or_create_ca(&k->ca, &k->ca_key, &k->q, k->ca_path, k->ca_key_path,
				    &k->created)))
		return ex;
	/* the local CA is a CA directory: each certificate is recorded (pki ca list); a folder
	 * from before the inventory gets one now */
	if (k->created && (ex = cadir_write_settings(k->dir)))
		return ex;
	return cadir_open(&k->d, k->dir, true);
}

/* The leaf's issuance options and subject (CN = the first name when it fits in 64
 * characters, for tools that still show it; else none). An exit code. */
static int quick_leaf_opts(const quick_t *k, pki_issue_opts_t **iopts, char **subject)
{
	int rc;

	cli_check_leaf_days(k->profile, k->days);
	if ((rc = pki_issue_opts_new(iopts, (pki_profile_t)k->profile, 0)) < 0 ||
	    (rc = pki_issue_opts_set_days(*iopts, k->days)) < 0)
		return cli_fail(rc, "issuance options");
	for (size_t i = 0; i < k->sans.n; i++)
		if ((rc = pki_issue_opts_add_san(*iopts, k->sans.v[i])) < 0)
			return cli_fail(rc, "adding %s", k->sans.v[i]);
	if (strlen(k->first) <= 64 && !strchr(k->first, ':')) {
		char *cn = cli_dn_escape(k->first);
		size_t n = strlen(cn) + 4;

		*subject = malloc(n);
		if (*subject)
			snprintf(*subject, n, "CN=%s", cn);
		free(cn);
	}
	return EXIT_OK;
}

/* Issue the certificate, record it, write key and certificate, say where; an exit code. */
static int quick_issue(quick_t *k)
{
	pki_issue_opts_t *iopts = NULL;
	pki_cert_t *cert = NULL;
	pki_key_t *key = NULL;
	char *subject = NULL;
	unsigned char *data = NULL;
	size_t size = 0;
	bool force = k->q.x.force;
	int ex, rc;

	if ((ex = quick_leaf_opts(k, &iopts, &subject)) ||
	    (ex = cli_generate_key(&key, &k->q.x.kg)))
		goto out;
	/* the inventory's write lock from here to the written certificate (not during keygen) */
	if ((ex = inv_begin(k->d->inv)))
		goto out;
	rc = pki_cert_issue_for_key(&cert, key, subject ? subject : "", k->ca, k->ca_key, iopts, 0);
	if (rc < 0) {
		ex = cli_fail(rc, "issuing the certificate");
		goto out;
	}
	if ((ex = cli_check_server_cert(cert, k->profile, k->q.x.allow_no_san, k->first)) ||
	    (ex = cadir_record(k->d, cert, key, k->q.client ? "client" : "server")))
		goto out;
	/* the key is written once the certificate is encoded, before the certificate */
	rc = pki_cert_export(&data, &size, cert, PKI_FORMAT_PEM, 0);
	if ((rc >= 0 && (ex = cli_write_key(key, k->key_path, NULL, 0, force))) ||
	    (ex = cli_write_or_fail(rc, data, size, k->cert_path, force, false,
				    "encoding the certificate")) ||
	    (ex = cadir_end(k->d, EXIT_OK, k->cert_path)))
		goto out;
	print_summary(&k->sans, cert, k->dir, k->ca_path, k->cert_path, k->key_path, k->created,
		      k->q.client, k->port);
out:
	pki_free(data);
	pki_cert_free(cert);
	pki_key_free(key);
	pki_issue_opts_free(iopts);
	free(subject);
	return ex;
}

int cmd_quick(int argc, char **argv)
{
	quick_t k = { .days = PKI_DEFAULT_LEAF_DAYS };
	int ex;

	if (!(ex = quick_parse(&k, argc, argv)) && !(ex = quick_outputs(&k)) &&
	    !(ex = quick_open_ca(&k)))
		ex = quick_issue(&k);
	quick_free(&k);
	return ex;
}
