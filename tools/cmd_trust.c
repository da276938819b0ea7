/*
 * pki(1) — `pki trust install | uninstall | status CA`: put a CA certificate where clients
 * look for it (Debian's system store through update-ca-certificates; Docker's and the
 * containers tools' certs.d folders), take exactly that away again, and say where it is.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "ca-dir.h"
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>


enum {
	OPT_T_ROOT = 1200,
	OPT_T_NAME,
	OPT_T_DRY_RUN,
	OPT_T_DOCKER,
	OPT_T_CONTAINERS,
	OPT_T_SYSTEM,
	OPT_T_NSS,
	OPT_T_JAVA,
	OPT_T_JAVA_PASS_FILE,
	OPT_T_JAVA_PASS_ENV,
};

/* Debian's layout (update-ca-certificates(8)); below --root when given. */
#define LOCAL_CERTS_DIR "/usr/local/share/ca-certificates"
#define BUNDLE "/etc/ssl/certs/ca-certificates.crt"
#define ETC_CERTS_DIR "/etc/ssl/certs"
#define CERTS_CONF "/etc/ca-certificates.conf"
#define CERTS_DIR "/usr/share/ca-certificates"
#define HOOKS_DIR "/etc/ca-certificates/update.d"
#define DOCKER_CERTS_D "/etc/docker/certs.d"
#define CONTAINERS_CERTS_D "/etc/containers/certs.d"
/* Fedora/RHEL (update-ca-trust(8)) */
#define ANCHORS_DIR "/etc/pki/ca-trust/source/anchors"
#define FEDORA_SOURCE "/etc/pki/ca-trust/source"
#define FEDORA_BUNDLE "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"
/* Java: Debian's ca-certificates-java keeps this keystore in step with the system store */
#define DEBIAN_JAVA_CACERTS "/etc/ssl/certs/java/cacerts"
#define DEBIAN_JAVA_HOOK "/etc/ca-certificates/update.d/jks-keystore"
#define JAVA_STOREPASS "changeit"

#define TRUST_OPTIONS_HELP \
	"  --docker HOST[:PORT]     Docker's /etc/docker/certs.d/HOST:PORT/ca.crt (also read by\n" \
	"                           skopeo and Podman; :443 is left out, as image names do);\n" \
	"                           repeatable\n" \
	"  --containers HOST[:PORT] the containers tools' /etc/containers/certs.d/HOST:PORT/ca.crt\n" \
	"                           (Podman, skopeo, Buildah); repeatable\n" \
	"  --system                 the system store (when no place is given: the system store\n" \
	"                           and --nss)\n" \
	"                           (Debian: update-ca-certificates; Fedora/RHEL: " ANCHORS_DIR "\n" \
	"                           and update-ca-trust)\n" \
	"  --nss                    the NSS databases (Chromium's ~/.pki/nssdb, Firefox's\n" \
	"                           ~/.mozilla/firefox/*/cert9.db, and the same in ~/snap) through\n" \
	"                           certutil, nickname NAME,\n" \
	"                           trust C,, (skipped when certutil is not installed)\n" \
	"  --java KEYSTORE          a Java keystore (e.g. $JAVA_HOME/lib/security/cacerts, password\n" \
	"                           changeit) through keytool, alias NAME; Debian's\n" \
	"                           " DEBIAN_JAVA_CACERTS " follows the system store by itself\n" \
	"  --java-pass-file FILE    the keystore's password is the first line of FILE\n" \
	"  --java-pass-env VAR      the keystore's password is in the environment variable VAR\n" \
	"                           (keytool reads either itself: the password is never on a\n" \
	"                           command line)\n" \
	"  --name NAME              the system store's file name, NAME.crt, and the NSS nickname and\n" \
	"                           Java alias (default: pki-, the CA's CN and the start of its\n" \
	"                           SHA-256 fingerprint)\n" \
	"  --root DIR               act on DIR as if it were / (a chroot, an image being built, a\n" \
	"                           test): every path above is below DIR, and\n" \
	"                           update-ca-certificates is told DIR's folders\n" \
	"  -h, --help               this help\n"

static const char install_help[] =
	"Usage: pki trust install [OPTIONS] CA\n"
	"Make the CA certificate CA (PEM or DER) trusted: by default in the system store\n"
	"(Debian: " LOCAL_CERTS_DIR "/NAME.crt, then update-ca-certificates,\n"
	"so that " BUNDLE " holds it for OpenSSL, GnuTLS, curl, Python,\n"
	"Go, ...), with --docker in a registry's certs.d folder. Only a CA certificate\n"
	"(basicConstraints CA:TRUE) is accepted. Running it again changes nothing.\n"
	"\n"
	"  -n, --dry-run            print each action, do none\n" TRUST_OPTIONS_HELP;

static const char uninstall_help[] =
	"Usage: pki trust uninstall [OPTIONS] CA\n"
	"Take away what 'pki trust install' added for CA, with the same options: its file in the\n"
	"system store (then update-ca-certificates --fresh, which also drops its links in\n"
	ETC_CERTS_DIR "), its certs.d files (and their folders when they are left empty).\n"
	"A file there that holds another certificate is left alone.\n"
	"\n"
	"  -n, --dry-run            print each action, do none\n" TRUST_OPTIONS_HELP;

static const char status_help[] =
	"Usage: pki trust status [OPTIONS] CA\n"
	"Say whether CA is trusted: in the system bundle " BUNDLE "\n"
	"(however it got there) and pki's file in the system store; with --docker or --containers,\n"
	"whether the certs.d file is there, and how to put it there by hand.\n"
	"Exit status 0 when CA is in every place asked about, 1 when it is missing from one.\n"
	"\n" TRUST_OPTIONS_HELP;

typedef struct {
	const char *root, *name;
	bool dry_run, system, nss;
	cli_list_t docker, containers; /* certs.d folder names, HOST or HOST:PORT (owned) */
	const char *java;              /* --java KEYSTORE */
	/* keytool's password arguments: "-storepass changeit", or "-storepass:file FILE" /
	 * "-storepass:env VAR" (--java-pass-file / --java-pass-env) */
	const char *storepass_opt, *storepass;
	bool storepass_given;
	char *nick;                    /* NSS nickname, Java alias: file_name without .crt */
	/* the CA */
	const char *ca_path;
	pki_cert_t *ca;
	unsigned char *pem, *der;
	size_t pem_size, der_size;
	char *file_name; /* NAME.crt */
} trust_t;

/* --java-pass-file FILE / --java-pass-env VAR: handed to keytool as -storepass:file or
 * -storepass:env, checked here so that a typo is a usage error, not a keytool failure. */
static int java_pass_option(trust_t *t, bool file, const char *v)
{
	if (t->storepass_given)
		return cli_usage("give the keystore password once (--java-pass-file or "
				 "--java-pass-env)");
	if (!*v)
		return cli_usage("%s: which %s?", file ? "--java-pass-file" : "--java-pass-env",
				 file ? "file" : "variable");
	if (file ? access(v, R_OK) != 0 : !getenv(v))
		return cli_usage(file ? "--java-pass-file %s: cannot read it"
				      : "--java-pass-env %s: the variable is not set", v);
	t->storepass_opt = file ? "-storepass:file" : "-storepass:env";
	t->storepass = v;
	t->storepass_given = true;
	return EXIT_OK;
}

/* "pki trust install ARGS", shell-quoted, for the hint to a user who is not root. */
static char *trust_cmdline;

static void trust_free(trust_t *t)
{
	cli_list_free(&t->docker);
	cli_list_free(&t->containers);
	pki_cert_free(t->ca);
	pki_free(t->pem);
	pki_free(t->der);
	free(t->file_name);
	free(t->nick);
	free(trust_cmdline);
	trust_cmdline = NULL;
}

/* ROOT + @p path, or @p path (malloc'd). */
static char *rooted(const trust_t *t, const char *path)
{
	size_t n = strlen(t->root) + strlen(path) + 1;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "%s%s", t->root, path);
	return s;
}

/* A certs.d folder name from HOST[:PORT] (or a URL): HOST, HOST:PORT, [IPv6]:PORT. */
static int certs_d_name(cli_list_t *list, const char *opt, const char *value)
{
	unsigned port = 0;
	char *host = cli_host_of(value, &port), *norm = NULL, *dir;
	const char *h = host ? host : value;
	int rc;
	size_t n;

	if (!host && port == UINT_MAX)
		return EXIT_USAGE;
	rc = pki_san_from_string(&norm, h, 0);
	if (rc < 0 || (strncmp(norm, "DNS:", 4) && strncmp(norm, "IP:", 3)) || strchr(h, '*')) {
		pki_free(norm);
		free(host);
		return cli_usage("%s '%s': expected a host name or IP address, with an optional "
				 ":PORT (registry.example.com:5000)", opt, value);
	}
	n = strlen(h) + 16;
	dir = malloc(n);
	if (!dir) {
		pki_free(norm);
		free(host);
		return cli_error("out of memory");
	}
	if (port == 443) {
		/* Docker and containers look the folder up by the registry's name as image
		 * references spell it, and a registry on 443 is named without its port */
		fprintf(stderr, "pki: note: %s '%s': the folder is certs.d/%s (image names leave "
			"out port 443: %s/IMAGE)\n", opt, value, h, h);
		port = 0;
	}
	if (!port)
		snprintf(dir, n, "%s", h);
	else if (strchr(h, ':'))
		snprintf(dir, n, "[%s]:%u", h, port);
	else
		snprintf(dir, n, "%s:%u", h, port);
	pki_free(norm);
	free(host);
	cli_list_add_owned(list, dir);
	return EXIT_OK;
}

/* The default file name: pki-CN-FINGERPRINT8.crt, CN reduced to [A-Za-z0-9.-]. */
static char *default_name(const pki_cert_t *ca)
{
	char *subject = NULL, *fp = NULL, *s, cn[41] = "";
	size_t j = 0;

	if (pki_cert_subject(&subject, ca) == 0 && (s = strstr(subject, "CN=")) &&
	    (s == subject || s[-1] == ',')) {
		for (s += 3; *s && *s != ',' && j < sizeof(cn) - 1; s++) {
			unsigned char c = (unsigned char)*s;
			bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				    (c >= '0' && c <= '9') || c == '.';

			if (keep)
				cn[j++] = (char)c;
			else if (j && cn[j - 1] != '-')
				cn[j++] = '-';
		}
		while (j && (cn[j - 1] == '-' || cn[j - 1] == '.'))
			j--;
		cn[j] = '\0';
	}
	pki_free(subject);
	if (pki_cert_fingerprint(&fp, ca, 0) < 0)
		return NULL;
	s = malloc(strlen(cn) + 24);
	if (s)
		sprintf(s, "pki-%s%s%.8s.crt", cn, *cn ? "-" : "", fp);
	pki_free(fp);
	return s;
}

static int check_name(const char *name)
{
	size_t n = strlen(name);

	if (!n || name[0] == '.' || n > 200)
		return cli_usage("--name '%s': give a plain file name", name);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '-' || c == '_'))
			return cli_usage("--name '%s': only letters, digits, '.', '-' and '_' (it "
					 "becomes a file name in " LOCAL_CERTS_DIR ")", name);
	}
	return EXIT_OK;
}

/* Is @p data (one certificate, PEM or DER) our CA? */
static bool is_our_ca(const trust_t *t, const void *data, size_t size)
{
	pki_cert_t *c = NULL;
	unsigned char *der = NULL;
	size_t n = 0;
	bool yes = pki_cert_import(&c, data, size, 0) == 0 &&
		   pki_cert_export(&der, &n, c, PKI_FORMAT_DER, 0) == 0 && n == t->der_size &&
		   !memcmp(der, t->der, n);

	pki_free(der);
	pki_cert_free(c);
	return yes;
}

/* Does @p text (PEM, @p size bytes, one or more certificates) hold our CA? */
static bool pem_holds_ca(const trust_t *t, const void *text, size_t size)
{
	static const char begin[] = "-----BEGIN CERTIFICATE-----";
	static const char end[] = "-----END CERTIFICATE-----";
	const char *p = text, *stop = p + size;
	bool found = false;

	while (!found && (p = memmem(p, (size_t)(stop - p), begin, sizeof(begin) - 1))) {
		const char *e = memmem(p, (size_t)(stop - p), end, sizeof(end) - 1);

		if (!e)
			break;
		e += sizeof(end) - 1;
		found = is_our_ca(t, p, (size_t)(e - p));
		p = e;
	}
	return found;
}

/*
 * Does @p path hold our CA? 1 yes, 0 it holds something else (or not a certificate), -1 it
 * does not exist. A PEM bundle is searched block by block (the system bundle).
 */
static int holds_ca(const trust_t *t, const char *path)
{
	unsigned char *data = NULL;
	size_t size = 0;
	int found = 0;
	static const char begin[] = "-----BEGIN CERTIFICATE-----";

	if (pki_file_read(&data, &size, path, 0) < 0)
		return access(path, F_OK) != 0 ? -1 : 0;
	found = memmem(data, size, begin, sizeof(begin) - 1) ? pem_holds_ca(t, data, size)
							    : is_our_ca(t, data, size);
	pki_free(data);
	return found;
}

/* Build trust_cmdline from the subcommand's arguments (--system after the subcommand when
 * @p add_system). */
static void set_cmdline(int argc, char **argv, bool add_system)
{
	size_t n = 32;
	char *o;

	for (int i = 0; i < argc; i++)
		n += 4 * strlen(argv[i]) + 3;
	if (!(trust_cmdline = o = malloc(n)))
		return;
	o += sprintf(o, "pki trust");
	for (int i = 0; i < argc; i++) {
		bool plain = *argv[i] != '\0';

		if (i == 1 && add_system)
			o += sprintf(o, " --system");

		for (const char *c = argv[i]; *c; c++)
			plain &= (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
				 (*c >= '0' && *c <= '9') || strchr("_./:@=,+-", *c);
		*o++ = ' ';
		if (plain) {
			o += sprintf(o, "%s", argv[i]);
			continue;
		}
		*o++ = '\'';
		for (const char *c = argv[i]; *c; c++) {
			if (*c == '\'') {
				memcpy(o, "'\\''", 4);
				o += 4;
			} else
				*o++ = *c;
		}
		*o++ = '\'';
	}
	*o = '\0';
}

/* The user's name, for permission messages. */
static const char *user_name(void)
{
	struct passwd *pw = getpwuid(geteuid());

	return pw && pw->pw_name ? pw->pw_name : "this user";
}

/*
 * Can we create or remove entries in @p dir (or, when it does not exist yet, create it in its
 * nearest existing parent)? A clear message naming the permission when not.
 */
static char *find_program(const char *name);

static int check_writable(const char *dir, const char *verb)
{
	char *d = cli_strdup(dir), *slash;
	int ex = EXIT_OK;

	for (;;) {
		struct stat st;

		if (stat(d, &st) == 0) {
			if (!S_ISDIR(st.st_mode))
				ex = cli_error("%s is not a folder", d);
			else if (access(d, W_OK | X_OK) != 0) {
				/* sudo only where there is one (a minimal Debian has none) */
				char *sudo = find_program("sudo");
				const char *cmd = trust_cmdline ? trust_cmdline : "pki trust ...";

				ex = cli_error("%s %s needs write permission on %s, which %s does not "
					       "have (it is normally root's): run pki trust as root%s%s%s, "
					       "or give --root DIR for a folder of your own",
					       verb, dir, d, user_name(), sudo ? ": sudo " : " (su -c \"",
					       cmd, sudo ? "" : "\" or a root shell)");
				free(sudo);
			}
			break;
		}
		if (!(slash = strrchr(d, '/')) || slash == d)
			break;
		*slash = '\0';
	}
	free(d);
	return ex;
}

/* mkdir -p, 0755, printing what it makes. */
static int make_dirs(const trust_t *t, const char *dir)
{
	char *d = cli_strdup(dir);
	int ex = EXIT_OK;

	for (char *p = d + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			struct stat st;

			*p = '\0';
			if (stat(d, &st) != 0) {
				if (t->dry_run)
					printf("would create the folder %s\n", d);
				else if (mkdir(d, 0755) != 0) {
					ex = cli_error("creating %s: %s", d, strerror(errno));
					break;
				} else
					printf("created the folder %s\n", d);
			}
			*p = c;
			if (!c)
				break;
		}
	}
	free(d);
	return ex;
}

/*
 * Before put_file (@p install) or take_file: *@p needed when @p path is not there yet (install)
 * or holds our CA (uninstall); else nothing to do (said), or the error that it holds another
 * certificate, left alone. An exit code.
 */
static int file_state(const trust_t *t, const char *path, bool install, bool *needed)
{
	int has = holds_ca(t, path); /* 1: our CA, 0: something else, -1: no file */

	*needed = false;
	if (has == (install ? 1 : -1)) {
		printf("%s: %s\n", install ? "already there" : "not there", path);
		return EXIT_OK;
	}
	if (has == 0)
		return cli_error(install ? "%s exists and holds another certificate (or none); left "
					   "alone: remove it, or give --name NAME for another file"
					 : "%s holds another certificate; left alone (pki trust removes "
					   "only the CA it is given)",
				 path);
	*needed = true;
	return EXIT_OK;
}

/* Write the CA to @p path unless it is there already; *@p changed says whether it was. */
static int put_file(const trust_t *t, const char *dir, const char *path, bool *changed)
{
	bool needed;
	int ex;

	*changed = false;
	if ((ex = file_state(t, path, true, &needed)) || !needed)
		return ex;
	if ((ex = check_writable(dir, "writing")) || (ex = make_dirs(t, dir)))
		return ex;
	if (t->dry_run) {
		printf("would write %s (the CA certificate, PEM, mode 0644)\n", path);
		*changed = true;
		return EXIT_OK;
	}
	if ((ex = cli_write(path, t->pem, t->pem_size, false, false)))
		return ex;
	if (chmod(path, 0644) != 0) /* readable by every client, whatever the umask */
		return cli_error("chmod %s: %s", path, strerror(errno));
	printf("wrote %s\n", path);
	*changed = true;
	return EXIT_OK;
}

/* Remove @p path when it holds our CA; then @p dir when it is left empty (certs.d). */
static int take_file(const trust_t *t, const char *dir, const char *path, bool rm_dir,
		     bool *changed)
{
	bool needed;
	int ex;

	*changed = false;
	if ((ex = file_state(t, path, false, &needed)) || !needed)
		return ex;
	if ((ex = check_writable(dir, "removing a file in")))
		return ex;
	*changed = true;
	if (t->dry_run) {
		printf("would remove %s\n", path);
		if (rm_dir)
			printf("would remove the folder %s if it is then empty\n", dir);
		return EXIT_OK;
	}
	if (unlink(path) != 0)
		return cli_error("removing %s: %s", path, strerror(errno));
	printf("removed %s\n", path);
	if (rm_dir && rmdir(dir) == 0)
		printf("removed the folder %s (empty)\n", dir);
	return EXIT_OK;
}

/* @p name on PATH, or in /usr/sbin and /sbin (not on a user's PATH); NULL when absent. */
static char *find_program(const char *name)
{
	const char *path = getenv("PATH");
	char *copy = cli_strdup(path && *path ? path : "/usr/bin:/bin"), *save = NULL;
	static const char *const extra[] = { "/usr/sbin", "/sbin", NULL };
	char *found = NULL;

	for (char *d = strtok_r(copy, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
		char *f = cadir_join(*d ? d : ".", name);

		if (f && access(f, X_OK) == 0)
			found = f;
		else
			free(f);
	}
	free(copy);
	for (size_t i = 0; extra[i] && !found; i++) {
		char *f = cadir_join(extra[i], name);

		if (f && access(f, X_OK) == 0)
			found = f;
		else
			free(f);
	}
	return found;
}

static char *find_update_program(void)
{
	return find_program("update-ca-certificates");
}

/* Close the ends of run_capture's pipes that are open (-1: closed). */
static void close_pipes(int ip[2], int op[2])
{
	for (int i = 0; i < 2; i++) {
		if (ip[i] >= 0)
			close(ip[i]);
		if (op[i] >= 0)
			close(op[i]);
		ip[i] = op[i] = -1;
	}
}

/* Write @p size bytes from @p p to @p fd, then close it (a failed write ends the input
 * early: the program then fails on it). */
static void feed(int fd, const char *p, size_t size)
{
	while (size) {
		ssize_t w = write(fd, p, size);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		p += w;
		size -= (size_t)w;
	}
	close(fd);
}

/* What @p fd gives until its end (malloc'd, NUL-terminated; what was read before memory ran
 * out; NULL when nothing could be kept), then close it. */
static char *drain(int fd)
{
	size_t n = 0, cap = 0;
	char *buf = NULL;

	for (;;) {
		ssize_t r;

		if (n + 4096 + 1 > cap) {
			char *b = realloc(buf, cap = cap * 2 + 8192);

			if (!b)
				break;
			buf = b;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (buf)
		buf[n] = '\0';
	return buf;
}

/*
 * Run @p argv (argv[0] a path): @p in (when not NULL) on its standard input, its standard
 * output into *@p out (malloc'd, NUL-terminated) when @p out is not NULL, else discarded with
 * its standard error. Returns its exit status, or -1 (a message printed) when it could not run.
 */
static int run_capture(const char *const *argv, const void *in, size_t in_size, char **out)
{
	int ip[2] = { -1, -1 }, op[2] = { -1, -1 }, status;
	pid_t pid;

	if (out)
		*out = NULL;
	if ((in && pipe(ip) != 0) || (out && pipe(op) != 0)) {
		cli_error("pipe: %s", strerror(errno));
		goto fail;
	}
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0) {
		cli_error("fork: %s", strerror(errno));
		goto fail;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDWR);

		dup2(in ? ip[0] : devnull, 0);
		dup2(out ? op[1] : devnull, 1);
		dup2(devnull, 2);
		close_pipes(ip, op);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (in) {
		close(ip[0]);
		ip[0] = -1;
		/* small (a certificate): the pipe takes it whole, so no deadlock with out */
		feed(ip[1], in, in_size);
		ip[1] = -1;
	}
	if (out) {
		close(op[1]);
		op[1] = -1;
		*out = drain(op[0]);
		op[0] = -1;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			cli_error("waiting for %s: %s", argv[0], strerror(errno));
			return -1;
		}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
fail:
	close_pipes(ip, op);
	return -1;
}

/* "would run:" / "running:" and the command. */
static void say_run(const trust_t *t, const char *const *argv, const char *extra)
{
	printf("%s", t->dry_run ? "would run:" : "running:");
	for (int i = 0; argv[i]; i++)
		printf(" %s", argv[i]);
	printf("%s\n", extra ? extra : "");
}


/* Run update-ca-certificates (with --fresh when @p fresh), on --root's folders if given. */
static int run_update(const trust_t *t, const char *prog, bool fresh)
{
	char *dirs[5] = { 0 };
	const char *argv[16];
	int n = 0, ex = EXIT_OK, status;
	pid_t pid;

	argv[n++] = prog;
	if (fresh)
		argv[n++] = "--fresh";
	if (*t->root) {
		static const char *const opt[] = { "--certsconf", "--certsdir", "--localcertsdir",
						   "--etccertsdir", "--hooksdir" };
		static const char *const path[] = { CERTS_CONF, CERTS_DIR, LOCAL_CERTS_DIR,
						    ETC_CERTS_DIR, HOOKS_DIR };

		for (int i = 0; i < 5; i++) {
			if (!(dirs[i] = rooted(t, path[i]))) {
				ex = cli_error("out of memory");
				goto out;
			}
			argv[n++] = opt[i];
			argv[n++] = dirs[i];
		}
	}
	argv[n] = NULL;
	printf("%s", t->dry_run ? "would run:" : "running:");
	for (int i = 0; i < n; i++)
		printf(" %s", argv[i]);
	printf("\n");
	if (t->dry_run)
		goto out;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		ex = cli_error("fork: %s", strerror(errno));
		goto out;
	}
	if (pid == 0) {
		execv(prog, (char *const *)argv);
		fprintf(stderr, "pki: running %s: %s\n", prog, strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			ex = cli_error("waiting for %s: %s", prog, strerror(errno));
			goto out;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		ex = cli_error("%s failed (%s %d)", prog,
			       WIFEXITED(status) ? "exit status" : "signal",
			       WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
out:
	for (int i = 0; i < 5; i++)
		free(dirs[i]);
	return ex;
}

/* --root (an absolute folder; "/" is the same as none) and --java inside it. An exit code. */
static int check_root(trust_t *t)
{
	if (*t->root) {
		struct stat st;

		if (t->root[0] != '/')
			return cli_usage("--root '%s': give an absolute path", t->root);
		if (stat(t->root, &st) != 0 || !S_ISDIR(st.st_mode))
			return cli_error("--root %s: not a folder", t->root);
		if (!strcmp(t->root, "/"))
			t->root = "";
	}
	if (*t->root && t->java && t->java[0] != '/')
		return cli_usage("--java '%s': with --root, give the keystore's absolute path inside "
				 "the root", t->java);
	return EXIT_OK;
}

/*
 * The CA (t->ca_path: a CA certificate), as PEM and DER, and its names: the file NAME.crt
 * (--name, else made from the certificate) and the NSS nickname / Java alias (without .crt).
 * An exit code.
 */
static int trust_load_ca(trust_t *t)
{
	int ex, rc;

	if (t->name) {
		size_t n = strlen(t->name);

		if ((ex = check_name(t->name)))
			return ex;
		t->file_name = malloc(n + 5);
		if (!t->file_name)
			return cli_error("out of memory");
		/* update-ca-certificates reads only *.crt */
		snprintf(t->file_name, n + 5, "%s%s", t->name,
			 n > 4 && !strcmp(t->name + n - 4, ".crt") ? "" : ".crt");
	}
	if ((ex = cli_load_cert(&t->ca, t->ca_path, "CA certificate")))
		return ex;
	if (!pki_cert_is_ca(t->ca))
		return cli_error("%s is not a CA certificate (no basicConstraints CA:TRUE): only a CA "
				 "is made a trust anchor; for a server's own certificate, trust the CA "
				 "that issued it",
				 t->ca_path);
	if ((rc = pki_cert_export(&t->pem, &t->pem_size, t->ca, PKI_FORMAT_PEM, 0)) < 0 ||
	    (rc = pki_cert_export(&t->der, &t->der_size, t->ca, PKI_FORMAT_DER, 0)) < 0)
		return cli_fail(rc, "encoding %s", t->ca_path);
	if (!t->file_name && !(t->file_name = default_name(t->ca)))
		return cli_error("out of memory");
	if (!(t->nick = cli_strdup(t->file_name)))
		return cli_error("out of memory");
	t->nick[strlen(t->nick) - 4] = '\0'; /* .crt */
	return EXIT_OK;
}

/* Options and the CA; @p status: no --dry-run. */
static int trust_args(trust_t *t, int argc, char **argv, const char *help, bool status)
{
	static const struct option opts[] = {
		CLI_ARG("root", OPT_T_ROOT), CLI_ARG("name", OPT_T_NAME),
		CLI_FLAG("dry-run", OPT_T_DRY_RUN), CLI_ARG("docker", OPT_T_DOCKER),
		CLI_ARG("containers", OPT_T_CONTAINERS), CLI_FLAG("system", OPT_T_SYSTEM),
		CLI_FLAG("nss", OPT_T_NSS), CLI_ARG("java", OPT_T_JAVA),
		CLI_ARG("java-pass-file", OPT_T_JAVA_PASS_FILE),
		CLI_ARG("java-pass-env", OPT_T_JAVA_PASS_ENV), CLI_OPTS_END,
	};
	int c, ex;
	bool system = false;

	t->root = "";
	t->storepass_opt = "-storepass";
	t->storepass = JAVA_STOREPASS;
	while ((c = getopt_long(argc, argv, status ? ":h" : ":hn", opts, NULL)) != -1) {
		switch (c) {
		case OPT_HELP: return cli_help(help), CLI_HELP_SHOWN;
		case OPT_T_ROOT: t->root = optarg; break;
		case OPT_T_NAME: t->name = optarg; break;
		case 'n':
		case OPT_T_DRY_RUN:
			if (status)
				return cli_usage("pki trust status changes nothing: no --dry-run");
			t->dry_run = true;
			break;
		case OPT_T_SYSTEM: system = true; break;
		case OPT_T_NSS: t->nss = true; break;
		case OPT_T_JAVA:
			if (!*optarg)
				return cli_usage("--java: which keystore?");
			t->java = optarg;
			break;
		case OPT_T_JAVA_PASS_FILE:
		case OPT_T_JAVA_PASS_ENV:
			if ((ex = java_pass_option(t, c == OPT_T_JAVA_PASS_FILE, optarg)))
				return ex;
			break;
		case OPT_T_DOCKER:
			if ((ex = certs_d_name(&t->docker, "--docker", optarg)))
				return ex;
			break;
		case OPT_T_CONTAINERS:
			if ((ex = certs_d_name(&t->containers, "--containers", optarg)))
				return ex;
			break;
		default: return cli_bad_option(c, argv);
		}
	}
	if ((ex = cli_one_operand(argc, "CA certificate")))
		return ex;
	t->ca_path = argv[optind];
	/* what a user who is not root is told to run as root: the system store alone when the
	 * places were not given (the NSS databases are the user's own) */
	free(trust_cmdline);
	set_cmdline(argc, argv, !system && !t->nss && !t->java && !t->docker.n && !t->containers.n);
	if (!system && !t->nss && !t->java && !t->docker.n && !t->containers.n)
		system = t->nss = true; /* no place given: the system store and NSS */
	t->system = system;
	if ((ex = check_root(t)))
		return ex;
	return trust_load_ca(t);
}

static bool is_dir(const char *path)
{
	struct stat st;

	return path && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The NSS databases (sql:, cert9.db) of this user, below --root: Chromium's ~/.pki/nssdb and
 * each Firefox profile ~/.mozilla/firefox/NAME/ (and the same in Ubuntu's snaps); sorted. */
/* This user's home, below --root (malloc'd; NULL: none). */
static char *nss_home(const trust_t *t)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if ((!home || !*home) && (pw = getpwuid(geteuid())))
		home = pw->pw_dir;
	return home && *home ? rooted(t, home) : NULL;
}

/* Add the folder @p dir (taken over; NULL is fine) to @p dbs when it holds an NSS database
 * (cert9.db), else free it. */
static void add_if_nss_db(cli_list_t *dbs, char *dir)
{
	char *f = dir ? cadir_join(dir, "cert9.db") : NULL;

	if (f && access(f, F_OK) == 0)
		cli_list_add_owned(dbs, dir);
	else
		free(dir);
	free(f);
}

static void nss_dbs(const trust_t *t, cli_list_t *dbs)
{
	/* Chromium's database (also the snap's), then the folders of Firefox profiles */
	static const char *const single[] = { ".pki/nssdb", "snap/chromium/current/.pki/nssdb" };
	static const char *const profiles[] = { ".mozilla/firefox",
						"snap/firefox/common/.mozilla/firefox" };
	char *h = nss_home(t), *d;
	DIR *dir;
	struct dirent *e;

	if (!h)
		return;
	for (size_t i = 0; i < 2; i++)
		add_if_nss_db(dbs, cadir_join(h, single[i]));
	for (size_t i = 0; i < 2; i++) {
		d = cadir_join(h, profiles[i]);
		if (d && (dir = opendir(d))) {
			size_t first = dbs->n;

			while ((e = readdir(dir)))
				add_if_nss_db(dbs, e->d_name[0] == '.' ? NULL : cadir_join(d, e->d_name));
			closedir(dir);
			qsort(dbs->v + first, dbs->n - first, sizeof(*dbs->v), by_name);
		}
		free(d);
	}
	free(h);
}

/* Is our CA in the NSS database @p db under our nickname? 1 yes, 0 another certificate has
 * the nickname, -1 none has it (or certutil failed). */
static int nss_has(const trust_t *t, const char *certutil, const char *db)
{
	char *sql = malloc(strlen(db) + 5), *out = NULL;
	int rc, has;

	if (!sql)
		return -1;
	sprintf(sql, "sql:%s", db);
	{
		const char *argv[] = { certutil, "-L", "-d", sql, "-n", t->nick, "-a", NULL };

		rc = run_capture(argv, NULL, 0, &out);
	}
	has = rc != 0 || !out || !strstr(out, "-----BEGIN") ? -1 : pem_holds_ca(t, out, strlen(out)) ? 1 : 0;
	free(out);
	free(sql);
	return has;
}

/* --nss: add (C,, : a CA trusted for TLS servers) or delete our nickname in each database. */
static int nss_step(const trust_t *t, bool install, bool *any)
{
	char *certutil = find_program("certutil");
	cli_list_t dbs = { 0 };
	int ex = EXIT_OK;

	nss_dbs(t, &dbs);
	if (!certutil) {
		printf("NSS databases: skipped, certutil is not installed (Debian: libnss3-tools)%s\n",
		       dbs.n ? "; there are some" : "");
		goto out;
	}
	if (!dbs.n) {
		char *h = nss_home(t);

		printf("NSS databases: none found (%s/.pki/nssdb, %s/.mozilla/firefox/*/cert9.db)\n",
		       h ? h : "~", h ? h : "~");
		free(h);
	}
	for (size_t i = 0; i < dbs.n; i++) {
		const char *db = dbs.v[i];
		char sql[PATH_MAX + 8];
		int has = nss_has(t, certutil, db), rc;
		const char *add[] = { certutil, "-A", "-d", sql, "-n", t->nick, "-t", "C,,", NULL };
		const char *del[] = { certutil, "-D", "-d", sql, "-n", t->nick, NULL };

		snprintf(sql, sizeof(sql), "sql:%s", db);
		if (has == 0) {
			ex = cli_error("NSS database %s: the nickname '%s' is another certificate's; "
				       "left alone (give --name NAME for another nickname)", db, t->nick);
			continue;
		}
		if ((install && has == 1) || (!install && has < 0)) {
			printf("%s: NSS database %s (nickname %s)\n",
			       install ? "already there" : "not there", db, t->nick);
			continue;
		}
		if (access(db, W_OK | X_OK) != 0) {
			ex = cli_error("NSS database %s: %s needs write permission on it, which %s does "
				       "not have (run pki trust as its owner)", db,
				       install ? "adding" : "removing", user_name());
			continue;
		}
		say_run(t, install ? add : del, install ? " (the CA on its standard input)" : NULL);
		*any = true;
		if (t->dry_run)
			continue;
		rc = run_capture(install ? add : del, install ? t->der : NULL, t->der_size, NULL);
		if (rc != 0 || nss_has(t, certutil, db) != (install ? 1 : -1))
			ex = cli_error("certutil %s failed on %s (exit status %d)",
				       install ? "-A" : "-D", db, rc);
	}
out:
	cli_list_free(&dbs);
	free(certutil);
	return ex;
}

/* The Java alias: the nickname in lower case (JKS keystores lower-case aliases). */
static char *java_alias(const trust_t *t)
{
	char *a = cli_strdup(t->nick);

	for (char *p = a; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return a;
}

static char *find_keytool(void)
{
	const char *jh = getenv("JAVA_HOME");
	char *k;

	if (jh && *jh && (k = malloc(strlen(jh) + 16))) {
		sprintf(k, "%s/bin/keytool", jh);
		if (access(k, X_OK) == 0)
			return k;
		free(k);
	}
	return find_program("keytool");
}

/*
 * Is our CA in the keystore @p ks under @p alias? 1, 0 (another certificate), -1 (absent),
 * -2 (keytool says the password is wrong: nothing can be known or changed).
 */
static int java_has(const trust_t *t, const char *keytool, const char *ks, const char *alias)
{
	const char *argv[] = { keytool, "-exportcert", "-rfc", "-alias", alias, "-keystore", ks,
			       t->storepass_opt, t->storepass, NULL };
	char *out = NULL;
	int rc, has;

	if (access(ks, F_OK) != 0)
		return -1;
	rc = run_capture(argv, NULL, 0, &out);
	/* keytool reports its errors on standard output */
	if (rc != 0 && out && strstr(out, "password was incorrect"))
		has = -2;
	else if (rc != 0 || !out || !strstr(out, "-----BEGIN"))
		has = -1;
	else
		has = pem_holds_ca(t, out, strlen(out)) ? 1 : 0;
	free(out);
	return has;
}

/* --java KEYSTORE: keytool -importcert / -delete of our alias. */
static int java_step(const trust_t *t, bool install, bool *any)
{
	char *keytool = find_keytool(), *ks = rooted(t, t->java), *alias = java_alias(t);
	int ex = EXIT_OK, has, rc;

	if (!ks || !alias) {
		ex = cli_error("out of memory");
		goto out;
	}
	if (!keytool) {
		ex = cli_error("--java %s: keytool was not found (a JDK: Debian's default-jdk-headless; "
			       "or set JAVA_HOME); nothing changed there", ks);
		goto out;
	}
	has = java_has(t, keytool, ks, alias);
	if (has == -2) {
		ex = cli_error("Java keystore %s: its password is not %s; left alone", ks,
			       !t->storepass_given ? "'" JAVA_STOREPASS "' (give it with "
			       "--java-pass-file or --java-pass-env)" : "the one given");
		goto out;
	}
	if (has == 0) {
		ex = cli_error("Java keystore %s: the alias '%s' is another certificate's; left "
			       "alone", ks, alias);
		goto out;
	}
	if ((install && has == 1) || (!install && has < 0)) {
		printf("%s: Java keystore %s (alias %s)\n", install ? "already there" : "not there",
		       ks, alias);
		goto out;
	}
	{
		char *dir = cli_strdup(ks), *slash = strrchr(dir, '/');

		if (slash && slash != dir)
			*slash = '\0';
		ex = access(ks, F_OK) == 0 && access(ks, W_OK) != 0
			     ? cli_error("Java keystore %s: changing it needs write permission, which "
					 "%s does not have (it is normally root's): run pki trust as "
					 "root", ks, user_name())
			     : check_writable(dir, "changing a keystore in");
		free(dir);
		if (ex)
			goto out;
	}
	{
		const char *imp[] = { keytool, "-importcert", "-noprompt", "-alias", alias, "-file",
				      t->ca_path, "-keystore", ks, t->storepass_opt, t->storepass,
				      NULL };
		const char *del[] = { keytool, "-delete", "-alias", alias, "-keystore", ks,
				      t->storepass_opt, t->storepass, NULL };

		say_run(t, install ? imp : del,
			install && access(ks, F_OK) != 0 ? " (creates the keystore)" : NULL);
		*any = true;
		if (t->dry_run)
			goto out;
		if ((rc = run_capture(install ? imp : del, NULL, 0, NULL)) != 0)
			ex = cli_error("keytool %s failed on %s (exit status %d)",
				       install ? "-importcert" : "-delete", ks, rc);
	}
out:
	free(keytool);
	free(ks);
	free(alias);
	return ex;
}

/* What happens to Java without --java (said by install, uninstall and status). */
static void java_note(const trust_t *t)
{
	char *hook = rooted(t, DEBIAN_JAVA_HOOK), *ks = rooted(t, DEBIAN_JAVA_CACERTS);
	const char *jh = getenv("JAVA_HOME");

	if (hook && access(hook, F_OK) == 0)
		printf("Java: %s follows the system store (ca-certificates-java's hook %s runs with "
		       "update-ca-certificates); nothing else to do\n", ks, hook);
	else if (jh && *jh && !*t->root)
		printf("Java: not changed; for the JDK's keystore: pki trust install --java "
		       "%s/lib/security/cacerts %s\n", jh, t->ca_path);
	free(hook);
	free(ks);
}

/* Fedora/RHEL: a system store with /etc/pki/ca-trust/source and not Debian's layout. */
static bool fedora_layout(const trust_t *t)
{
	char *src = rooted(t, FEDORA_SOURCE), *conf = rooted(t, CERTS_CONF);
	bool yes = is_dir(src) && conf && access(conf, F_OK) != 0;

	free(src);
	free(conf);
	return yes;
}

/* The system store on Fedora/RHEL: ANCHORS_DIR/NAME.crt, then update-ca-trust extract (not
 * with --root: it acts on this system's /etc/pki only; the command to run inside is said). */
static int fedora_step(const trust_t *t, bool install, bool *any)
{
	char *dir = rooted(t, ANCHORS_DIR), *file = dir ? cadir_join(dir, t->file_name) : NULL;
	char *prog = find_program("update-ca-trust"), *bundle = rooted(t, FEDORA_BUNDLE);
	bool changed = false;
	int ex;

	if (!file || !bundle) {
		ex = cli_error("out of memory");
		goto out;
	}
	ex = install ? put_file(t, dir, file, &changed) : take_file(t, dir, file, false, &changed);
	if (ex)
		goto out;
	if (!changed && install && !*t->root)
		changed = holds_ca(t, bundle) != 1; /* there, but update-ca-trust did not run */
	*any |= changed;
	if (!changed)
		goto out;
	if (*t->root) {
		printf("%s: update-ca-trust extract, inside %s (chroot %s update-ca-trust extract): "
		       "update-ca-trust has no option for another root\n",
		       t->dry_run ? "then to run" : "now run", t->root, t->root);
		goto out;
	}
	if (!prog) {
		ex = cli_error("update-ca-trust (Fedora's ca-certificates) was not found: run it to "
			       "update %s", bundle);
		goto out;
	}
	{
		const char *argv[] = { prog, "extract", NULL };
		int rc;

		say_run(t, argv, NULL);
		if (!t->dry_run && (rc = run_capture(argv, NULL, 0, NULL)) != 0)
			ex = cli_error("%s extract failed (exit status %d)", prog, rc);
	}
out:
	free(dir);
	free(file);
	free(prog);
	free(bundle);
	return ex;
}

/* The system store on Debian: LOCAL_CERTS_DIR/NAME.crt and update-ca-certificates. */
static int debian_step(const trust_t *t, bool install, bool *any)
{
	char *dir = NULL, *file = NULL, *prog = NULL;
	bool changed = false;
	int ex = EXIT_OK;

	if (!(prog = find_update_program()) && !t->dry_run) {
		ex = cli_error("no system store pki knows here: update-ca-certificates (Debian's "
			       "ca-certificates package) was not found; nothing changed");
		goto out;
	}
	if (!(dir = rooted(t, LOCAL_CERTS_DIR)) || !(file = cadir_join(dir, t->file_name))) {
		ex = cli_error("out of memory");
		goto out;
	}
	if (!t->dry_run) {
		char *etc = rooted(t, ETC_CERTS_DIR);

		ex = etc ? check_writable(etc, "updating the bundle in")
			 : cli_error("out of memory");
		free(etc);
		if (ex)
			goto out;
	}
	ex = install ? put_file(t, dir, file, &changed)
		     : take_file(t, dir, file, false, &changed);
	if (ex)
		goto out;
	if (!changed && install) {
		/* there already: is it in the bundle too (update-ca-certificates ran)? */
		char *bundle = rooted(t, BUNDLE);

		changed = bundle && holds_ca(t, bundle) != 1;
		free(bundle);
	}
	if (changed && (ex = run_update(t, prog ? prog : "update-ca-certificates",
					!install)))
		goto out;
	if (changed && !t->dry_run) {
		char *bundle = rooted(t, BUNDLE);
		int has = bundle ? holds_ca(t, bundle) : -1;

		if (install && has != 1)
			ex = cli_error("%s does not hold %s after update-ca-certificates",
				       bundle ? bundle : BUNDLE, t->ca_path);
		else if (!install && has == 1)
			ex = cli_error("%s still holds %s (another copy of it is installed: "
				       "pki trust status says where to look)",
				       bundle, t->ca_path);
		free(bundle);
		if (ex)
			goto out;
	}
	*any |= changed;
	java_note(t);
out:
	free(dir);
	free(file);
	free(prog);
	return ex;
}

/* Paths of one certs.d entry. */
static int certs_d_paths(const trust_t *t, const char *base, const char *name, char **dir,
			 char **file)
{
	char *b = rooted(t, base);

	*dir = b ? cadir_join(b, name) : NULL;
	*file = *dir ? cadir_join(*dir, "ca.crt") : NULL;
	free(b);
	return *file ? EXIT_OK : cli_error("out of memory");
}

/* What each_certs_d calls for one registry: @p containers (else Docker), its name, and the
 * folder and file of its CA certificate. */
typedef void (*certs_d_fn)(const trust_t *t, bool containers, const char *registry,
			   const char *dir, const char *file, void *ctx);

/* Call @p fn for every --docker and then every --containers registry; EXIT_OK, or the exit
 * code of a path that cannot be made (which stops it). */
static int each_certs_d(const trust_t *t, certs_d_fn fn, void *ctx)
{
	int ex = EXIT_OK;

	for (int k = 0; k < 2 && !ex; k++) {
		const cli_list_t *l = k ? &t->containers : &t->docker;

		for (size_t i = 0; i < l->n && !ex; i++) {
			char *dir = NULL, *file = NULL;

			ex = certs_d_paths(t, k ? CONTAINERS_CERTS_D : DOCKER_CERTS_D, l->v[i], &dir,
					   &file);
			if (!ex)
				fn(t, k == 1, l->v[i], dir, file, ctx);
			free(dir);
			free(file);
		}
	}
	return ex;
}

/* The certs.d part of install and uninstall. */
typedef struct {
	bool install;
	bool any;   /* something changed, or would */
	int failed; /* the exit code of the last place that failed */
} certs_d_step_t;

static void certs_d_step(const trust_t *t, bool containers, const char *registry,
			 const char *dir, const char *file, void *ctx)
{
	certs_d_step_t *s = ctx;
	bool changed = false;
	int ex;

	(void)containers;
	(void)registry;
	ex = s->install ? put_file(t, dir, file, &changed) : take_file(t, dir, file, true, &changed);
	if (ex)
		s->failed = ex;
	s->any |= changed;
}

int cmd_trust_install(int argc, char **argv)
{
	bool install = !strcmp(argv[0], "install"); /* pki trust install, else uninstall */
	trust_t t = { 0 };
	certs_d_step_t step = { .install = install };
	bool any = false;
	int ex, failed = EXIT_OK;

	if ((ex = trust_args(&t, argc, argv, install ? install_help : uninstall_help, false)))
		goto out;
	if (t.system) {
		ex = fedora_layout(&t) ? fedora_step(&t, install, &any)
				       : debian_step(&t, install, &any);
		if (ex) /* the other places are the user's own (NSS) or independent: go on */
			failed = ex;
	}
	if (t.nss && (ex = nss_step(&t, install, &any)))
		failed = ex;
	if (t.java && (ex = java_step(&t, install, &any)))
		failed = ex;
	step.any = any;
	step.failed = failed;
	if ((ex = each_certs_d(&t, certs_d_step, &step)))
		goto out;
	ex = step.failed;
	if (!ex && !step.any)
		printf("nothing to do\n");
out:
	trust_free(&t);
	return ex;
}

/* status of the system store (Debian's or Fedora's): the bundle, and pki's file. */
static int system_status(const trust_t *t, bool fedora, bool *missing)
{
	char *bundle = rooted(t, fedora ? FEDORA_BUNDLE : BUNDLE);
	char *dir = rooted(t, fedora ? ANCHORS_DIR : LOCAL_CERTS_DIR);
	char *file = dir ? cadir_join(dir, t->file_name) : NULL;
	int has, ex = EXIT_OK;

	if (!bundle || !file) {
		ex = cli_error("out of memory");
		goto out;
	}
	has = holds_ca(t, bundle);
	printf("system bundle %s: %s%s\n", bundle,
	       has == 1 ? "holds it (trusted by OpenSSL, GnuTLS, curl, Python, Go, ...)"
	       : has < 0 ? "absent (" : "does not hold it",
	       has < 0 ? (fedora ? "update-ca-trust never ran?)" : "update-ca-certificates never ran?)")
		       : "");
	*missing |= has != 1;
	has = holds_ca(t, file);
	printf("pki's file %s: %s\n", file,
	       has == 1 ? "present" : has < 0 ? "absent" : "holds another certificate");
	if (*missing)
		printf("  to install: pki trust install%s%s %s\n", *t->root ? " --root " : "",
		       t->root, t->ca_path);
out:
	free(bundle);
	free(dir);
	free(file);
	return ex;
}

/* The certs.d part of status; @p ctx: the bool set when the CA is missing somewhere. */
static void certs_d_status(const trust_t *t, bool containers, const char *registry,
			   const char *dir, const char *file, void *ctx)
{
	int has = holds_ca(t, file);

	printf("%s %s: %s\n", containers ? "containers" : "Docker", file,
	       has == 1 ? "present" : has < 0 ? "absent" : "holds another certificate");
	if (has != 1) {
		*(bool *)ctx = true;
		printf("  to install: pki trust install %s %s%s%s %s\n",
		       containers ? "--containers" : "--docker", registry, *t->root ? " --root " : "",
		       t->root, t->ca_path);
		printf("  or by hand: mkdir -p %s && cp %s %s\n", dir, t->ca_path, file);
		printf("  (the file must be named ca.crt: a ca.pem there is ignored; no "
		       "restart is needed)\n");
	}
}

int cmd_trust_status(int argc, char **argv)
{
	trust_t t = { 0 };
	char *bundle = NULL;
	bool missing = false;
	int ex, has;

	if ((ex = trust_args(&t, argc, argv, status_help, true)))
		goto out;
	{
		char *subject = NULL, *fp = NULL;

		pki_cert_subject(&subject, t.ca);
		pki_cert_fingerprint(&fp, t.ca, 0);
		printf("CA: ");
		cli_put_escaped(stdout, subject ? subject : "?", false);
		printf(" (%s, SHA-256 %s)\n", t.ca_path, fp ? fp : "?");
		pki_free(subject);
		pki_free(fp);
	}
	if (t.system) {
		bool fedora = fedora_layout(&t);

		if ((ex = system_status(&t, fedora, &missing)))
			goto out;
		if (!fedora)
			java_note(&t);
	}
	if (t.nss) {
		char *certutil = find_program("certutil");
		cli_list_t dbs = { 0 };

		nss_dbs(&t, &dbs);
		if (!certutil)
			printf("NSS databases: not looked at, certutil is not installed (Debian: "
			       "libnss3-tools)\n");
		else if (!dbs.n)
			printf("NSS databases: none found\n");
		for (size_t i = 0; certutil && i < dbs.n; i++) {
			has = nss_has(&t, certutil, dbs.v[i]);
			printf("NSS database %s: %s\n", dbs.v[i],
			       has == 1 ? "holds it" : has < 0 ? "absent" : "its nickname is another's");
			if (has != 1) {
				missing = true;
				printf("  to install: pki trust install --nss%s%s %s\n",
				       *t.root ? " --root " : "", t.root, t.ca_path);
			}
		}
		cli_list_free(&dbs);
		free(certutil);
	}
	if (t.java) {
		char *keytool = find_keytool(), *ks = rooted(&t, t.java), *alias = java_alias(&t);

		has = keytool && ks && alias ? java_has(&t, keytool, ks, alias) : -1;
		printf("Java keystore %s (alias %s): %s\n", ks ? ks : t.java, alias ? alias : "?",
		       !keytool ? "not looked at, keytool was not found"
		       : has == 1 ? "holds it" : has == -2 ? "not looked at, wrong keystore password"
		       : has < 0 ? "absent" : "the alias is another's");
		missing |= has != 1;
		free(keytool);
		free(ks);
		free(alias);
	}
	if ((ex = each_certs_d(&t, certs_d_status, &missing)))
		goto out;
	ex = missing ? EXIT_VERIFY : EXIT_OK;
out:
	free(bundle);
	trust_free(&t);
	return ex;
}
