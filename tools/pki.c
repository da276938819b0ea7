/*
 * pki(1) — keys, requests and certificates from the command line, on the public libpki API.
 * This file: the entry point, dispatch, and the helpers every command shares (messages,
 * passwords, key loading, output files).
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

const char *cli_cmd = "";

/* ---------------------------------------------------------------------------------------- */
/* Messages                                                                                  */

/* What to do about some library codes: a line after the message. */
static const struct {
	int rc;
	const char *hint;
} hints[] = {
	{ PKI_E_EXISTS, "use --force to replace it" },
	{ PKI_E_PASSWORD_REQUIRED, "give the password with --pass-file FILE or --pass-env VAR" },
	{ PKI_E_KEY_REUSE,
	  "the request carries the CA's own public key, so whoever holds that key could also "
	  "sign certificates for any name as the CA; make a separate key and request for the "
	  "subject (pki key new, pki csr new), or pass --allow-key-reuse if you really want this" },
	{ PKI_E_KEY_MISMATCH, "check that --ca-key is the private key of --ca" },
	{ PKI_E_BAD_PIN, "the PIN comes from --pass-file FILE, --pass-env VAR, the environment "
			 "variable PKI_PIN, or a prompt; a token may lock after a few wrong PINs" },
	{ PKI_E_TOKEN_NOT_FOUND, "'pki token list' shows the tokens p11-kit knows" },
	{ PKI_E_KEY_CANNOT_SIGN, "'pki token list URI' shows the token's objects; use a key made "
				 "for signing (pki key new --token)" },
};

static const char *hint_for(int rc)
{
	for (size_t i = 0; i < sizeof(hints) / sizeof(hints[0]); i++)
		if (hints[i].rc == rc)
			return hints[i].hint;
	return NULL;
}

/*
 * Every message and every text on stdout goes through pki_text_escape(): file names, details
 * and names from certificates may hold control characters that would rewrite the terminal.
 * Newlines of @p s are kept when @p keep_newlines is set (multi-line text dumps).
 */
void cli_put_escaped(FILE *f, const char *s, bool keep_newlines)
{
	while (s && *s) {
		size_t n = keep_newlines ? strcspn(s, "\n") : strlen(s);
		char *e = NULL;

		if (n && pki_text_escape(&e, s, n, 0) == 0) {
			fputs(e, f);
			pki_free(e);
		} else if (n) {
			fputs("?", f);
		}
		s += n;
		if (*s == '\n') {
			fputc('\n', f);
			s++;
		}
	}
}

/* The formatted message, escaped, on stderr. */
PKI_CLI_PRINTF(2, 0) static void put_message(FILE *f, const char *fmt, va_list ap)
{
	char buf[2048];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	cli_put_escaped(f, buf, false);
}

PKI_CLI_PRINTF(1, 2) static void put_messagef(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	put_message(stderr, fmt, ap);
	va_end(ap);
}

/* cli_fail with a va_list (cli_write_or_fail and cli_print_or_fail pass theirs on). */
PKI_CLI_PRINTF(2, 0) static int fail_v(int rc, const char *fmt, va_list ap)
{
	char detail[600]; /* a copy: pki_text_escape() clears the thread's detail */
	const char *hint = hint_for(rc);

	snprintf(detail, sizeof(detail), "%s", pki_error_detail());

	fputs("pki: ", stderr);
	put_message(stderr, fmt, ap);
	/* The detail often starts with the generic sentence already: then it alone is enough. */
	if (*detail && strstr(detail, pki_strerror(rc)))
		put_messagef(": %s", detail);
	else if (*detail)
		put_messagef(": %s (%s)", pki_strerror(rc), detail);
	else
		put_messagef(": %s", pki_strerror(rc));
	if (hint)
		put_messagef("; %s", hint);
	fputc('\n', stderr);
	return EXIT_ERROR;
}

int cli_fail(int rc, const char *fmt, ...)
{
	va_list ap;
	int ex;

	va_start(ap, fmt);
	ex = fail_v(rc, fmt, ap);
	va_end(ap);
	return ex;
}

int cli_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "pki: %s%s", cli_cmd, *cli_cmd ? ": " : "");
	va_start(ap, fmt);
	put_message(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see 'pki %s%s--help')\n", cli_cmd, *cli_cmd ? " " : "");
	return EXIT_USAGE;
}

/* PREFIX, the message, a newline: cli_error and cli_warn. */
PKI_CLI_PRINTF(2, 0) static void put_line(const char *prefix, const char *fmt, va_list ap)
{
	fputs(prefix, stderr);
	put_message(stderr, fmt, ap);
	fputc('\n', stderr);
}

int cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	put_line("pki: ", fmt, ap);
	va_end(ap);
	return EXIT_ERROR;
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	put_line("pki: warning: ", fmt, ap);
	va_end(ap);
}

int cli_bad_option(int c, char **argv)
{
	const char *opt = argv[optind - 1];

	if (c == ':')
		return cli_usage("option %s needs a value", opt);
	if (optopt && !(opt[0] == '-' && opt[1] == '-'))
		return cli_usage("unknown option -%c", optopt);
	return cli_usage("unknown option %s", opt);
}

int cli_pass_or_bad_option(cli_pass_t *pass, int c, char **argv)
{
	if (c == OPT_PASS_FILE || c == OPT_PASS_ENV)
		return cli_set_pass(pass, c, optarg);
	return cli_bad_option(c, argv);
}

int cli_out_or_bad_option(cli_out_t *o, int c, char **argv)
{
	switch (c) {
	case OPT_OUT: o->out = optarg; return EXIT_OK;
	case OPT_FORCE: o->force = true; return EXIT_OK;
	default: return cli_pass_or_bad_option(&o->pass, c, argv);
	}
}

bool cli_store_arg(const cli_arg_t *args, int c, const char *v)
{
	for (; args->to; args++) {
		if (args->code == c) {
			*args->to = v;
			return true;
		}
	}
	return false;
}

int cli_no_operands(int argc, char **argv, const char *hint)
{
	if (optind >= argc)
		return EXIT_OK;
	if (hint)
		return cli_usage("unexpected argument '%s' (%s)", argv[optind], hint);
	return cli_usage("unexpected argument '%s'", argv[optind]);
}

int cli_one_operand(int argc, const char *what)
{
	if (optind == argc - 1)
		return EXIT_OK;
	return cli_usage(optind == argc ? "which %s?" : "give one %s", what);
}

int cli_help(const char *text)
{
	fputs(text, stdout);
	return EXIT_OK;
}

bool cli_parse_uint(const char *opt, const char *s, unsigned min, unsigned max, unsigned *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ') {
		cli_usage("%s needs a number, not '%s'", opt, s ? s : "");
		return false;
	}
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max) {
		cli_usage("%s must be a number from %u to %u, not '%s'", opt, min, max, s);
		return false;
	}
	*out = (unsigned)v;
	return true;
}

int cli_uint_option(const char *opt, const char *s, unsigned min, unsigned max, unsigned *out)
{
	return cli_parse_uint(opt, s, min, max, out) ? EXIT_OK : EXIT_USAGE;
}

int cli_hash_option(const char *opt, const char *name, pki_hash_t *hash)
{
	static const struct {
		const char *name;
		pki_hash_t hash;
	} hashes[] = { { "sha256", PKI_HASH_SHA256 }, { "sha384", PKI_HASH_SHA384 },
		       { "sha512", PKI_HASH_SHA512 } };

	for (size_t i = 0; i < sizeof(hashes) / sizeof(hashes[0]); i++)
		if (!strcasecmp(name, hashes[i].name) || (!strncasecmp(name, "sha-", 4) &&
							  !strcasecmp(name + 4, hashes[i].name + 3))) {
			*hash = hashes[i].hash;
			return EXIT_OK;
		}
	return cli_usage("%s must be sha256, sha384 or sha512, not '%s'", opt, name);
}

int cli_iterations_option(const char *s, unsigned max, unsigned *out)
{
	return cli_uint_option("--iterations", s, PKI_KDF_MIN_ITERATIONS, max, out);
}

void cli_check_leaf_days(int profile, unsigned days)
{
	if ((profile == PKI_PROFILE_SERVER || profile == PKI_PROFILE_SERVER_CLIENT) && days > 398)
		cli_warn("a server certificate valid for %u days exceeds the 398 days public CAs may "
			 "issue; Apple platforms reject TLS server certificates valid for more than "
			 "825 days, even from a private CA", days);
}

int cli_check_server_cert(const pki_cert_t *cert, int profile, bool allow_no_san,
			  const char *what)
{
	int n = pki_cert_san_count(cert), type;
	bool host = false;
	pki_key_t *pub = NULL;

	if (profile != PKI_PROFILE_SERVER && profile != PKI_PROFILE_SERVER_CLIENT)
		return EXIT_OK;
	for (int i = 0; i < n && !host; i++) {
		char *v = NULL;

		type = pki_cert_san(&v, cert, (unsigned)i);
		host = type == PKI_SAN_DNS || type == PKI_SAN_IP;
		pki_free(v);
	}
	if (!host && !allow_no_san)
		return cli_error("%s: a server certificate needs a DNS name or IP address in its "
				 "subject alternative names: TLS clients ignore the CN, so none would "
				 "accept it; add one with --dns NAME or --ip ADDRESS (or run pki quick "
				 "NAME), or pass --allow-no-san to issue it anyway",
				 what);
	if (pki_cert_public_key(&pub, cert) == 0) {
		type = pki_key_type(pub);
		if (type == PKI_KEY_ED448)
			cli_warn("%s: an Ed448 server key: Go programs (Docker, containerd, the Docker "
				 "registry, skopeo, Podman) cannot load it and web browsers reject it; "
				 "the default P-256 works everywhere",
				 what);
		else if (type == PKI_KEY_ED25519)
			cli_warn("%s: an Ed25519 server key: web browsers (Chrome, Firefox, Safari) "
				 "and Java before 15 reject Ed25519 server certificates (Go, OpenSSL "
				 "and GnuTLS accept them); the default P-256 works everywhere",
				 what);
		pki_key_free(pub);
	}
	return EXIT_OK;
}

/* A port: 1..65535 in decimal, nothing else. */
static bool parse_port(const char *s, size_t n, unsigned *port)
{
	unsigned v = 0;

	if (n == 0 || n > 5)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v == 0 || v > 65535)
		return false;
	*port = v;
	return true;
}

char *cli_host_of(const char *value, unsigned *port)
{
	const char *scheme_end = strstr(value, "://"), *h = value, *end, *colon;
	size_t n;
	char *host;

	*port = 0;
	if (scheme_end) {
		size_t sl = (size_t)(scheme_end - value);

		if (!((sl == 5 && !strncasecmp(value, "https", 5)) ||
		      (sl == 4 && !strncasecmp(value, "http", 4)))) {
			/* another scheme: a URI, as given (URI: SANs are for such names) */
			return NULL;
		}
		h = scheme_end + 3;
		n = strcspn(h, "/?#");
		if (memchr(h, '@', n)) {
			*port = UINT_MAX;
			cli_usage("'%s': a URL with a user name is not a host; give the host alone",
				  value);
			return NULL;
		}
	} else {
		n = strlen(h);
	}
	end = h + n;
	if (n && h[0] == '[') {
		const char *rb = memchr(h, ']', n);

		if (!rb || (rb + 1 != end && (rb[1] != ':' ||
					      !parse_port(rb + 2, (size_t)(end - rb - 2), port)))) {
			*port = UINT_MAX;
			cli_usage("'%s': expected [IPv6 address] or [IPv6 address]:PORT", value);
			return NULL;
		}
		host = cli_strdup(h + 1);
		host[rb - h - 1] = '\0';
		return host;
	}
	colon = memchr(h, ':', n);
	if (colon && memchr(colon + 1, ':', (size_t)(end - colon - 1)))
		colon = NULL; /* an IPv6 address without brackets: no port */
	if (colon) {
		if (!parse_port(colon + 1, (size_t)(end - colon - 1), port)) {
			if (!scheme_end)
				return NULL; /* not HOST:PORT; left to the SAN parser */
			*port = UINT_MAX;
			cli_usage("'%s': the port must be a number from 1 to 65535", value);
			return NULL;
		}
		end = colon;
	} else if (!scheme_end)
		return NULL;
	host = cli_strdup(h);
	host[end - h] = '\0';
	return host;
}

/* ---------------------------------------------------------------------------------------- */
/* Lists and strings                                                                         */

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);

	if (!q) {
		fputs("pki: out of memory\n", stderr);
		exit(EXIT_ERROR);
	}
	return q;
}

static void list_push(cli_list_t *l, char *s)
{
	if (l->n + 2 > l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = s;
	l->v[l->n] = NULL;
}

void cli_list_add(cli_list_t *l, const char *s)
{
	list_push(l, (char *)s);
}

void cli_list_add_owned(cli_list_t *l, char *s)
{
	l->owned = true;
	list_push(l, s);
}

void cli_list_free(cli_list_t *l)
{
	if (l->owned)
		for (size_t i = 0; i < l->n; i++)
			free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

char *cli_typed(const char *prefix, const char *value)
{
	size_t n = strlen(prefix) + strlen(value) + 2;
	char *s = xrealloc(NULL, n);

	snprintf(s, n, "%s:%s", prefix, value);
	return s;
}

char *cli_strdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xrealloc(NULL, n), s, n);
}

int cli_add_san(cli_list_t *sans, const char *opt, const char *prefix, const char *value)
{
	char *typed, *norm = NULL, *host = NULL;
	unsigned port = 0;
	int rc;

	/* where a host is expected, HOST:PORT and http(s) URLs give their host */
	if (!prefix || !strcmp(prefix, "DNS") || !strcmp(prefix, "IP")) {
		host = cli_host_of(value, &port);
		if (!host && port == UINT_MAX)
			return EXIT_USAGE;
		if (host)
			fprintf(stderr, "pki: note: using the host %s of '%s' (certificates name hosts, "
				"not ports or URLs)\n", host, value);
	}
	typed = prefix ? cli_typed(prefix, host ? host : value) : NULL;
	rc = pki_san_from_string(&norm, typed ? typed : host ? host : value, 0);
	free(typed);
	free(host);
	if (rc < 0)
		return cli_fail(rc, "%s%s'%s'", opt ? opt : "", opt ? " " : "", value);
	cli_list_add_owned(sans, cli_strdup(norm));
	pki_free(norm);
	return EXIT_OK;
}

int cli_add_revocations(const cli_list_t *revoke, int64_t when,
			int (*add)(void *ctx, const char *serial, int64_t when, int reason),
			void *ctx)
{
	for (size_t i = 0; i < revoke->n; i++) {
		char *serial = cli_strdup(revoke->v[i]), *colon = strchr(serial, ':');
		int reason = PKI_CRL_REASON_UNSPECIFIED, rc;

		if (colon) {
			*colon = '\0';
			reason = pki_crl_reason_from_name(colon + 1);
		}
		rc = reason < 0 ? reason : add(ctx, serial, when, reason);
		free(serial);
		if (rc < 0)
			return cli_usage("--revoke %s: %s", revoke->v[i], pki_error_detail());
	}
	return EXIT_OK;
}

int cli_constraint_option(cli_constraints_t *nc, int c, const char *v)
{
	switch (c) {
	case OPT_PERMIT_DNS: cli_list_add_owned(&nc->permitted, cli_typed("DNS", v)); break;
	case OPT_PERMIT_IP: cli_list_add_owned(&nc->permitted, cli_typed("IP", v)); break;
	case OPT_PERMIT_EMAIL: cli_list_add_owned(&nc->permitted, cli_typed("email", v)); break;
	case OPT_EXCLUDE_DNS: cli_list_add_owned(&nc->excluded, cli_typed("DNS", v)); break;
	case OPT_EXCLUDE_IP: cli_list_add_owned(&nc->excluded, cli_typed("IP", v)); break;
	default: return -1;
	}
	return EXIT_OK;
}

int cli_add_constraints(pki_issue_opts_t *opts, const cli_constraints_t *nc)
{
	const cli_list_t *lists[2] = { &nc->permitted, &nc->excluded };
	int rc;

	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < lists[k]->n; i++)
			if ((rc = pki_issue_opts_add_name_constraint(
				     opts, lists[k]->v[i],
				     k == 0 ? PKI_NC_PERMITTED : PKI_NC_EXCLUDED)) < 0)
				return cli_fail(rc, "name constraint %s", lists[k]->v[i]);
	return EXIT_OK;
}

void cli_constraints_free(cli_constraints_t *nc)
{
	cli_list_free(&nc->permitted);
	cli_list_free(&nc->excluded);
}

char *cli_dn_escape(const char *value)
{
	size_t n = strlen(value);
	char *s = xrealloc(NULL, 2 * n + 1), *p = s;

	for (size_t i = 0; i < n; i++) {
		char c = value[i];

		if (strchr(",+\"\\<>;=", c) || (i == 0 && (c == ' ' || c == '#')) ||
		    (i == n - 1 && c == ' '))
			*p++ = '\\';
		*p++ = c;
	}
	*p = '\0';
	return s;
}

/* ---------------------------------------------------------------------------------------- */
/* Passwords                                                                                 */

int cli_set_pass(cli_pass_t *pass, int c, const char *value)
{
	if ((c == OPT_PASS_FILE && pass->env) || (c == OPT_PASS_ENV && pass->file))
		return cli_usage("give either --pass-file or --pass-env, not both");
	if (c == OPT_PASS_FILE)
		pass->file = value;
	else
		pass->env = value;
	return EXIT_OK;
}

bool cli_pass_given(const cli_pass_t *src)
{
	return src && (src->file || src->env);
}

void cli_pass_free(char *pw)
{
	if (pw) {
		volatile char *p = pw;

		while (*p)
			*p++ = '\0';
		free(pw);
	}
}

static char *dup_line(const char *s, size_t n)
{
	size_t len = 0;
	char *out;

	while (len < n && s[len] != '\n' && s[len] != '\0')
		len++;
	if (len > 0 && s[len - 1] == '\r')
		len--;
	out = xrealloc(NULL, len + 1);
	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

/* The terminal's settings while echo is off, restored if a signal ends the prompt. */
static struct termios saved_tty;
static volatile sig_atomic_t tty_saved;

static void restore_tty_and_die(int sig)
{
	if (tty_saved)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Read one line from the terminal without echo (Ctrl-C leaves the terminal as it was). */
static char *prompt_line(const char *prompt)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction act, prev[sizeof(sigs) / sizeof(sigs[0])];
	struct termios quiet;
	char buf[1024];
	bool restore = false;
	char *line = NULL;

	/* echo goes off before the prompt shows, so nothing typed after it is ever echoed */
	if (tcgetattr(STDIN_FILENO, &saved_tty) == 0) {
		memset(&act, 0, sizeof(act));
		act.sa_handler = restore_tty_and_die;
		sigemptyset(&act.sa_mask);
		for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
			sigaction(sigs[i], &act, &prev[i]);
		tty_saved = 1;
		quiet = saved_tty;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		restore = tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
	}
	fprintf(stderr, "%s", prompt);
	fflush(stderr);
	if (fgets(buf, sizeof(buf), stdin))
		line = dup_line(buf, strlen(buf));
	if (tty_saved) {
		if (restore)
			tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
		tty_saved = 0;
		for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
			sigaction(sigs[i], &prev[i], NULL);
	}
	if (!restore)
		fputc('\n', stderr);
	{
		volatile char *p = buf;

		for (size_t i = 0; i < sizeof(buf); i++)
			p[i] = '\0';
	}
	return line;
}

/*
 * The one rule for passwords (as the library's): a new password (confirm: it encrypts) may not
 * be empty, since an empty one would store the key unencrypted; a password that decrypts may
 * be "", the empty password some tools write (`openssl pkcs12 -passout pass:`).
 */
static int check_new_password(char **out, const char *where)
{
	if (**out)
		return EXIT_OK;
	cli_pass_free(*out);
	*out = NULL;
	return cli_error("%s: %s is empty: an empty password would store the key unencrypted; "
			 "leave out --encrypt, --pass-file and --pass-env for no encryption",
			 cli_cmd, where);
}

int cli_password(char **out, const cli_pass_t *src, const char *prompt, bool confirm)
{
	char where[320];

	*out = NULL;
	if (src && src->file) {
		unsigned char *data = NULL;
		size_t size = 0;
		int rc = pki_file_read(&data, &size, src->file, 0);

		if (rc < 0)
			return cli_fail(rc, "reading the password file %s", src->file);
		*out = dup_line((const char *)data, size);
		pki_free(data);
		snprintf(where, sizeof(where), "the password file %s (its first line is the password)",
			 src->file);
		return confirm ? check_new_password(out, where) : EXIT_OK;
	}
	if (src && src->env) {
		const char *v = getenv(src->env);

		if (!v)
			return cli_error("%s: the environment variable %s is not set", cli_cmd,
					 src->env);
		*out = dup_line(v, strlen(v));
		snprintf(where, sizeof(where), "the environment variable %s", src->env);
		return confirm ? check_new_password(out, where) : EXIT_OK;
	}
	if (!isatty(STDIN_FILENO))
		return EXIT_OK; /* no source: the caller decides */
	*out = prompt_line(prompt);
	if (!*out)
		return cli_error("%s: no password given", cli_cmd);
	if (confirm) {
		char *again;
		bool same;
		int ex = check_new_password(out, "the password");

		if (ex)
			return ex;
		again = prompt_line("Repeat the password: ");
		same = again && strcmp(again, *out) == 0;
		cli_pass_free(again);
		if (!same) {
			cli_pass_free(*out);
			*out = NULL;
			return cli_error("%s: the passwords differ", cli_cmd);
		}
	}
	return EXIT_OK;
}

/* ---------------------------------------------------------------------------------------- */
/* Keys                                                                                      */

int cli_pin(char **out, const cli_pass_t *src, const char *url)
{
	const char *env = getenv("PKI_PIN");
	char prompt[600];

	*out = NULL;
	if (cli_pass_given(src) || !env) {
		snprintf(prompt, sizeof(prompt), "PIN for %s: ", url);
		return cli_password(out, src, prompt, false);
	}
	*out = cli_strdup(env);
	return EXIT_OK;
}

/* A key on a PKCS#11 token: the PIN from cli_pin, or none (PKI_E_PASSWORD_REQUIRED says so). */
static int load_token_key(pki_key_t **out, const char *url, const cli_pass_t *src)
{
	char *pin = NULL;
	int rc, ex = cli_pin(&pin, src, url);

	if (ex)
		return ex;
	rc = pki_key_import_url(out, url, pin, 0);
	cli_pass_free(pin);
	if (rc == PKI_E_PASSWORD_REQUIRED)
		return cli_error("%s: the token key %s needs a PIN: give it with --pass-file FILE, "
				 "--pass-env VAR or the environment variable PKI_PIN", cli_cmd, url);
	if (rc < 0)
		return cli_fail(rc, "opening the token key %s", url);
	return EXIT_OK;
}

int cli_load_key(pki_key_t **out, const char *path, const cli_pass_t *src, bool *encrypted)
{
	char *pw = NULL;
	char prompt[512];
	int rc, ex;

	*out = NULL;
	if (encrypted)
		*encrypted = false;
	if (pki_is_pkcs11_url(path))
		return load_token_key(out, path, src);
	rc = pki_key_import_file(out, path, NULL, 0);
	if (rc != PKI_E_PASSWORD_REQUIRED) {
		if (rc < 0)
			return cli_fail(rc, "reading the key %s", path);
		return EXIT_OK;
	}
	if (encrypted)
		*encrypted = true;
	snprintf(prompt, sizeof(prompt), "Password for %s: ", path);
	ex = cli_password(&pw, src, prompt, false);
	if (ex)
		return ex;
	if (!pw) {
		/* Set the library's detail again: the hint explains what to do. */
		rc = pki_key_import_file(out, path, NULL, 0);
		return cli_fail(rc, "reading the key %s", path);
	}
	rc = pki_key_import_file(out, path, pw, 0);
	cli_pass_free(pw);
	if (rc < 0)
		return cli_fail(rc, "reading the key %s", path);
	return EXIT_OK;
}

int cli_load_cert(pki_cert_t **out, const char *path, const char *what)
{
	int rc = pki_cert_import_file(out, path, 0);

	return rc < 0 ? cli_fail(rc, "reading the %s %s", what, path) : EXIT_OK;
}

int cli_load_ca(pki_cert_t **ca, pki_key_t **key, const char *ca_path, const char *key_path,
		const cli_pass_t *pass)
{
	int ex = cli_load_cert(ca, ca_path, "CA certificate");

	return ex ? ex : cli_load_key(key, key_path, pass, NULL);
}

int cli_keygen_check(const cli_keygen_t *kg, pki_key_type_t *type, unsigned *bits)
{
	int t = PKI_KEY_EC_P256;

	*bits = 0;
	if (kg->type) {
		t = pki_key_type_from_name(kg->type);
		if (t < 0)
			return cli_usage("unknown key type '%s' (ec, rsa, rsa-pss, ed25519, ed448)",
					 kg->type);
	}
	if (kg->curve) {
		int c = pki_key_type_from_name(kg->curve);

		if (c != PKI_KEY_EC_P256 && c != PKI_KEY_EC_P384 && c != PKI_KEY_EC_P521)
			return cli_usage("unknown curve '%s' (P-256, P-384, P-521)", kg->curve);
		if (t != PKI_KEY_EC_P256 && t != PKI_KEY_EC_P384 && t != PKI_KEY_EC_P521)
			return cli_usage("--curve applies only to EC keys");
		if (kg->type && t != PKI_KEY_EC_P256 && t != c)
			return cli_usage("--type %s and --curve %s disagree", kg->type, kg->curve);
		t = c;
	}
	if (kg->bits) {
		if (t != PKI_KEY_RSA && t != PKI_KEY_RSA_PSS)
			return cli_usage("--bits applies only to RSA keys (--type rsa or rsa-pss)");
		if (!cli_parse_uint("--bits", kg->bits, PKI_RSA_MIN_BITS, PKI_RSA_MAX_BITS, bits))
			return EXIT_USAGE;
	}
	*type = (pki_key_type_t)t;
	return EXIT_OK;
}

int cli_generate_key(pki_key_t **out, const cli_keygen_t *kg)
{
	pki_key_type_t type;
	unsigned bits;
	int ex = cli_keygen_check(kg, &type, &bits), rc;

	*out = NULL;
	if (ex)
		return ex;
	rc = pki_key_generate(out, type, bits, 0);
	if (rc < 0)
		return cli_fail(rc, "generating a %s key", pki_key_type_name(type));
	return EXIT_OK;
}

/* ---------------------------------------------------------------------------------------- */
/* Output                                                                                    */

bool cli_write_no_sync;

int cli_write(const char *path, const void *data, size_t size, bool force, bool private)
{
	int rc;

	if (!path || strcmp(path, "-") == 0) {
		if (fwrite(data, 1, size, stdout) != size || fflush(stdout) != 0)
			return cli_error("writing to standard output: %s", strerror(errno));
		return EXIT_OK;
	}
	rc = pki_file_write(path, data, size,
			    (force ? PKI_WRITE_OVERWRITE : 0) | (private ? PKI_WRITE_PRIVATE : 0) |
				    (cli_write_no_sync ? PKI_WRITE_NO_SYNC : 0));
	if (rc < 0)
		return cli_fail(rc, "writing %s", path);
	return EXIT_OK;
}

int cli_write_or_fail(int rc, const void *data, size_t size, const char *path, bool force,
		      bool private, const char *fmt, ...)
{
	va_list ap;
	int ex;

	if (rc >= 0)
		return cli_write(path, data, size, force, private);
	va_start(ap, fmt);
	ex = fail_v(rc, fmt, ap);
	va_end(ap);
	return ex;
}

int cli_write_key(const pki_key_t *key, const char *path, const char *password,
		  unsigned iterations, bool force)
{
	int rc = pki_key_save_v2(key, path, PKI_FORMAT_PEM, password, iterations,
				 force ? PKI_WRITE_OVERWRITE : 0);

	return rc < 0 ? cli_fail(rc, "writing %s", path) : EXIT_OK;
}

int cli_check_new(const char *path, bool force)
{
	struct stat st;

	if (force || !path || !strcmp(path, "-") || lstat(path, &st) != 0)
		return EXIT_OK;
	return cli_error("writing %s: %s (%s exists; not overwriting it); %s", path,
			 pki_strerror(PKI_E_EXISTS), path, hint_for(PKI_E_EXISTS));
}

void cli_print_free(char *s)
{
	size_t n = strlen(s);

	cli_put_escaped(stdout, s, true);
	if (n == 0 || s[n - 1] != '\n')
		fputc('\n', stdout);
	pki_free(s);
}

int cli_print_or_fail(int rc, char *s, const char *fmt, ...)
{
	va_list ap;
	int ex;

	if (rc >= 0) {
		cli_print_free(s);
		return EXIT_OK;
	}
	va_start(ap, fmt);
	ex = fail_v(rc, fmt, ap);
	va_end(ap);
	pki_free(s);
	return ex;
}

/* ---------------------------------------------------------------------------------------- */
/* Dispatch                                                                                  */

static char cmd_buf[64];

/* A command's exit code; CLI_HELP_SHOWN (its help was printed) is a success. */
static int run_command(int (*fn)(int argc, char **argv), int argc, char **argv)
{
	int ex = fn(argc, argv);

	return ex == CLI_HELP_SHOWN ? EXIT_OK : ex;
}

/*
 * Every command: the subcommands of a group ("key", "new") next to each other, in the order
 * of 'pki GROUP --help' (which prints their summaries), then the commands without
 * subcommands ("verify", NULL). The functions are declared in cli.h.
 */
typedef struct {
	const char *group, *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} command_t;

static const command_t commands[] = {
	{ "key", "new", cmd_key_new, "generate a private key" },
	{ "key", "show", cmd_key_show, "describe a private or public key" },
	{ "key", "pub", cmd_key_pub, "write the public key of a key" },
	{ "key", "sign", cmd_key_sign, "sign a file with a private key" },
	{ "key", "verify", cmd_key_verify, "check a file's signature with a key" },
	{ "key", "decrypt", cmd_key_decrypt, "write an unencrypted copy (0600) of an encrypted key" },
	{ "csr", "new", cmd_csr_new, "make a certificate signing request" },
	{ "csr", "show", cmd_csr_show, "describe a request" },
	{ "ca", "new", cmd_self_signed, "make a root CA certificate (and its key)" },
	{ "ca", "init", cmd_ca_init, "make a CA directory: key, certificate, settings, inventory" },
	{ "ca", "list", cmd_ca_list, "list what a CA directory issued" },
	{ "cert", "sign", cmd_cert_sign, "issue certificates from requests with a CA" },
	{ "cert", "self", cmd_self_signed, "make a self-signed certificate" },
	{ "cert", "show", cmd_cert_show, "describe a certificate" },
	{ "crl", "new", cmd_crl_new, "make a CRL signed by a CA" },
	{ "crl", "show", cmd_crl_show, "describe a CRL" },
	{ "p12", "export", cmd_p12_export, "write a key, its certificate and a chain as PKCS#12" },
	{ "p12", "import", cmd_p12_import, "read a PKCS#12 file into PEM key and certificates" },
	{ "trust", "install", cmd_trust_install, "make a CA trusted (system store, certs.d)" },
	{ "trust", "uninstall", cmd_trust_install, "take away what install added" },
	{ "trust", "status", cmd_trust_status, "say where a CA is trusted" },
	{ "token", "list", cmd_token_list, "list PKCS#11 tokens, or a token's objects" },
	{ "ocsp", "request", cmd_ocsp_request, "make an OCSP request for a certificate" },
	{ "ocsp", "respond", cmd_ocsp_respond, "answer an OCSP request as the CA (or its responder)" },
	{ "ocsp", "check", cmd_ocsp_check, "check an OCSP response for a certificate" },
	{ "ocsp", "serve", cmd_ocsp_respond, "answer OCSP over HTTP on 127.0.0.1 (POST and GET)" },
	{ "revoke", NULL, cmd_revoke, NULL },
	{ "convert", NULL, cmd_convert, NULL },
	{ "quick", NULL, cmd_quick, NULL },
	{ "verify", NULL, cmd_verify, NULL },
	{ "lint", NULL, cmd_lint, NULL },
	{ 0 },
};

/* The first command of the group (or the command) @p name; NULL when there is none. */
static const command_t *find_group(const char *name)
{
	for (const command_t *c = commands; c->group; c++)
		if (!strcmp(c->group, name))
			return c;
	return NULL;
}

/* True while @p c is a subcommand of the group that starts at @p first. */
static bool in_group(const command_t *c, const command_t *first)
{
	return c->group && !strcmp(c->group, first->group);
}

static int group_help(const command_t *first)
{
	printf("Usage: pki %s COMMAND [OPTIONS]\n\nCommands:\n", first->group);
	for (const command_t *c = first; in_group(c, first); c++)
		printf("  %-8s %s\n", c->name, c->summary);
	printf("\nRun 'pki %s COMMAND --help' for the options of each command.\n", first->group);
	return EXIT_OK;
}

/* "pki GROUP SUB ...": @p argv[0] is GROUP, @p first its first subcommand. */
static int dispatch(const command_t *first, int argc, char **argv)
{
	if (argc < 2) {
		char names[128] = "";

		for (const command_t *c = first; in_group(c, first); c++) {
			if (c != first)
				strncat(names, ", ", sizeof(names) - strlen(names) - 1);
			strncat(names, c->name, sizeof(names) - strlen(names) - 1);
		}
		return cli_usage("which command? (%s)", names);
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
		return group_help(first);
	for (const command_t *c = first; in_group(c, first); c++) {
		if (!strcmp(argv[1], c->name)) {
			snprintf(cmd_buf, sizeof(cmd_buf), "%s %s", c->group, c->name);
			cli_cmd = cmd_buf;
			return run_command(c->fn, argc - 1, argv + 1);
		}
	}
	return cli_usage("unknown command '%s'", argv[1]);
}

static const char main_help[] =
	"Usage: pki COMMAND [OPTIONS]\n"
	"Private keys, certificate requests and X.509 certificates (libpki).\n"
	"\n"
	"Commands:\n"
	"  key new      generate a private key\n"
	"  key show     describe a private or public key\n"
	"  key pub      write the public key of a key\n"
	"  key decrypt  write an unencrypted copy (0600) of an encrypted key, for daemons\n"
	"  csr new      make a certificate signing request\n"
	"  csr show     describe a request\n"
	"  ca new       make a root CA: key (or an existing one) and self-signed certificate\n"
	"  ca init      make a CA directory that records what it issues (SQLite inventory)\n"
	"  ca list      list a CA directory's certificates (--expiring 30d, --revoked, --json)\n"
	"  revoke       record a revocation in a CA directory (then crl new --ca-dir)\n"
	"  cert sign    issue certificates from requests with a CA\n"
	"  cert self    make a self-signed certificate\n"
	"  cert show    describe a certificate (or every one of a bundle)\n"
	"  convert      re-encode a certificate, request or key as PEM or DER\n"
	"  quick        a local CA (made once) and a certificate for names, in one step\n"
	"  verify       verify a certificate's chain, explaining why it is not valid\n"
	"  crl new      make a certificate revocation list signed by a CA\n"
	"  crl show     describe a certificate revocation list\n"
	"  p12 export   write a key, its certificate and chain as a PKCS#12 file\n"
	"  p12 import   read a PKCS#12 file into PEM key and certificates\n"
	"  lint         check certificates and CRLs against RFC 5280 or the CA/B Forum rules\n"
	"  trust install    make a CA trusted: system store, Docker/containers certs.d\n"
	"  trust uninstall  take away what trust install added\n"
	"  trust status     say where a CA is trusted (and how to add it to certs.d)\n"
	"  token list   list PKCS#11 tokens or a token's objects (keys: pkcs11: URIs)\n"
	"  ocsp request | respond | check | serve   OCSP requests, a CA's signed answers (also\n"
	"               over HTTP on 127.0.0.1), their check\n"
	"\n"
	"Options:\n"
	"  -h, --help     this help; 'pki COMMAND --help' describes a command\n"
	"  --version      the version of pki and of libpki\n"
	"\n"
	"Exit status: 0 success, 1 not valid (verify), error findings (lint) or not trusted\n"
	"(trust status), 2 usage error, 3 input, file or crypto error.\n"
	"See pki(1) for details and examples.\n";

int main(int argc, char **argv)
{
	const command_t *c;

	if (argc < 2) {
		fputs(main_help, stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
		return cli_help(main_help);
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("pki %s (libpki %s)\n", PACKAGE_VERSION, pki_version());
		return EXIT_OK;
	}
	if ((c = find_group(argv[1]))) {
		cli_cmd = c->group;
		return c->name ? dispatch(c, argc - 1, argv + 1) : run_command(c->fn, argc - 1, argv + 1);
	}
	if (argv[1][0] == '-')
		return cli_usage("unknown option %s", argv[1]);
	return cli_usage("unknown command '%s'", argv[1]);
}
