/*
 * pki quick NAME...: a local CA (made once, then reused) and a certificate for the names, in
 * one step, in the spirit of mkcert.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "ca-dir.h"
#include "cli.h"

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
	const char *ca_dir, *cert_file, *key_file, *days;
	bool client, force, allow_no_san;
	cli_keygen_t kg;
	cli_pass_t pass;
	cli_constraints_t nc; /* the CA's, when it is created */
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
		if (q->nc.permitted.n || q->nc.excluded.n)
			cli_warn("the CA in %s exists: name constraints apply only when it is "
				 "created, so they are ignored", q->ca_dir);
		return cli_load_ca(ca, ca_key, ca_path, key_path, &q->pass);
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
	if ((ex = cli_add_constraints(opts, &q->nc)))
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
	case OPT_DAYS: q->days = v; return 0;
	case OPT_CLIENT: q->client = true; return 0;
	case OPT_ALLOW_NO_SAN: q->allow_no_san = true; return 0;
	case OPT_FORCE: q->force = true; return 0;
	case OPT_TYPE: q->kg.type = v; return 0;
	case OPT_CURVE: q->kg.curve = v; return 0;
	case OPT_BITS: q->kg.bits = v; return 0;
	case OPT_PASS_FILE:
	case OPT_PASS_ENV: return cli_set_pass(&q->pass, c, v);
	default: return cli_constraint_option(&q->nc, c, v);
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

int cmd_quick(int argc, char **argv)
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
	quick_args_t q = { 0 };
	cli_list_t sans = { 0 };
	pki_issue_opts_t *iopts = NULL;
	cadir_t *d = NULL;
	pki_cert_t *ca = NULL, *cert = NULL;
	pki_key_t *ca_key = NULL, *key = NULL;
	pki_key_type_t ktype;
	char *dir = NULL, *ca_path = NULL, *ca_key_path = NULL, *base = NULL;
	char *cert_path = NULL, *key_path = NULL, *subject = NULL, *cn = NULL;
	unsigned char *data = NULL;
	size_t size = 0;
	unsigned days = PKI_DEFAULT_LEAF_DAYS, kbits, port = 0;
	char *first = NULL; /* the first name, without a port or URL around it */
	bool created = false;
	int c, ex = EXIT_OK, rc, profile;

	while ((c = getopt_long(argc, argv, ":hf", opts, NULL)) != -1) {
		if (c == OPT_HELP) {
			ex = cli_help(quick_help);
			goto out;
		}
		if (c == '?' || c == ':' || (ex = quick_opt(&q, c, optarg)) < 0) {
			ex = cli_bad_option(c == ':' ? ':' : '?', argv);
			goto out;
		}
		if (ex)
			goto out;
	}
	if (optind == argc) {
		ex = cli_usage("which names? (e.g. pki quick localhost 127.0.0.1)");
		goto out;
	}
	if (q.days && !cli_parse_uint("--days", q.days, 1, 36500, &days)) {
		ex = EXIT_USAGE;
		goto out;
	}
	if ((ex = cli_keygen_check(&q.kg, &ktype, &kbits)))
		goto out;
	for (int i = optind; i < argc; i++) {
		unsigned p = 0;
		char *h = cli_host_of(argv[i], &p);

		if (!h && p == UINT_MAX) {
			ex = EXIT_USAGE;
			goto out;
		}
		if (p && !port)
			port = p; /* for the certs.d hint */
		if (i == optind)
			first = h ? h : cli_strdup(argv[i]);
		else
			free(h);
		if ((ex = cli_add_san(&sans, NULL, NULL, argv[i])))
			goto out;
	}
	profile = q.client ? PKI_PROFILE_CLIENT : PKI_PROFILE_SERVER;

	/* Output files: refuse early, before the CA is made, when they exist. */
	if (!(base = file_base(first, q.client)) ||
	    !(cert_path = q.cert_file ? cli_strdup(q.cert_file) : with_suffix(base, ".pem")) ||
	    !(key_path = q.key_file ? cli_strdup(q.key_file) : with_suffix(base, "-key.pem"))) {
		ex = cli_error("out of memory");
		goto out;
	}
	if (!strcmp(cert_path, key_path)) {
		ex = cli_usage("the certificate and the key need different files");
		goto out;
	}
	if ((ex = cli_check_new(cert_path, q.force)) || (ex = cli_check_new(key_path, q.force)))
		goto out;

	dir = cadir_default(q.ca_dir);
	if (!dir) {
		ex = cli_usage("no --ca-dir, and neither PKI_CA_DIR, XDG_DATA_HOME nor HOME is set");
		goto out;
	}
	q.ca_dir = dir;
	if (!(ca_path = cadir_join(dir, "ca.pem")) || !(ca_key_path = cadir_join(dir, "ca-key.pem"))) {
		ex = cli_error("out of memory");
		goto out;
	}
	if ((ex = load_or_create_ca(&ca, &ca_key, &q, ca_path, ca_key_path, &created)))
		goto out;
	/* the local CA is a CA directory: each certificate is recorded (pki ca list); a folder
	 * from before the inventory gets one now */
	if ((created && (ex = cadir_write_settings(dir))) || (ex = cadir_open(&d, dir, true)))
		goto out;

	cli_check_leaf_days(profile, days);
	if ((rc = pki_issue_opts_new(&iopts, (pki_profile_t)profile, 0)) < 0 ||
	    (rc = pki_issue_opts_set_days(iopts, days)) < 0) {
		ex = cli_fail(rc, "issuance options");
		goto out;
	}
	for (size_t i = 0; i < sans.n; i++)
		if ((rc = pki_issue_opts_add_san(iopts, sans.v[i])) < 0) {
			ex = cli_fail(rc, "adding %s", sans.v[i]);
			goto out;
		}
	/* CN = the first name when it fits (64 characters), for tools that still show it. */
	if (strlen(first) <= 64 && !strchr(first, ':')) {
		size_t n;

		cn = cli_dn_escape(first);
		n = strlen(cn) + 4;
		subject = malloc(n);
		if (subject)
			snprintf(subject, n, "CN=%s", cn);
	}
	if ((ex = cli_generate_key(&key, &q.kg)))
		goto out;
	/* the inventory's write lock from here to the written certificate (not during keygen) */
	if ((ex = inv_begin(d->inv)))
		goto out;
	rc = pki_cert_issue_for_key(&cert, key, subject ? subject : "", ca, ca_key, iopts, 0);
	if (rc < 0) {
		ex = cli_fail(rc, "issuing the certificate");
		goto out;
	}
	if ((ex = cli_check_server_cert(cert, profile, q.allow_no_san, first)) ||
	    (ex = cadir_record(d, cert, key, q.client ? "client" : "server")))
		goto out;
	/* the key is written once the certificate is encoded, before the certificate */
	rc = pki_cert_export(&data, &size, cert, PKI_FORMAT_PEM, 0);
	if ((rc >= 0 && (ex = cli_write_key(key, key_path, NULL, 0, q.force))) ||
	    (ex = cli_write_or_fail(rc, data, size, cert_path, q.force, false,
				    "encoding the certificate")) ||
	    (ex = cadir_end(d, EXIT_OK, cert_path)))
		goto out;

	print_summary(&sans, cert, dir, ca_path, cert_path, key_path, created, q.client, port);
out:
	cadir_free(d); /* rolls back an issuance that did not finish */
	pki_free(data);
	pki_cert_free(cert);
	pki_cert_free(ca);
	pki_key_free(key);
	pki_key_free(ca_key);
	pki_issue_opts_free(iopts);
	cli_list_free(&sans);
	cli_constraints_free(&q.nc);
	free(dir);
	free(ca_path);
	free(ca_key_path);
	free(base);
	free(cert_path);
	free(key_path);
	free(subject);
	free(cn);
	free(first);
	return ex;
}
