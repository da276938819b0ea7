/*
 * pki(1) — helpers shared by the command groups. The tool uses only the public API <pki.h>.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PKI_CLI_H
#define PKI_CLI_H

#include <getopt.h>
#include <pki.h>
#include <stdbool.h>
#include <stdio.h>

/* Exit codes, documented in pki(1). */
enum {
	EXIT_OK = 0,
	EXIT_VERIFY = 1, /* not valid (verify), error findings (lint), not trusted (trust status) */
	EXIT_USAGE = 2,
	EXIT_ERROR = 3,
};

/* Long-option codes shared by several commands (values above any short option). */
enum {
	OPT_HELP = 'h',
	OPT_OUT = 'o',
	OPT_FORCE = 'f',
	OPT_PASS_FILE = 256,
	OPT_PASS_ENV,
	OPT_JSON,
	OPT_TYPE,
	OPT_CURVE,
	OPT_BITS,
	OPT_ENCRYPT,
	OPT_KEY,
	OPT_KEY_OUT,
	OPT_SUBJECT,
	OPT_DN_ATTR,
	OPT_DNS,
	OPT_IP,
	OPT_EMAIL,
	OPT_URI,
	OPT_SAN,
	OPT_DAYS,
	OPT_PATH_LEN,
	OPT_PERMIT_DNS,
	OPT_PERMIT_IP,
	OPT_PERMIT_EMAIL,
	OPT_EXCLUDE_DNS,
	OPT_EXCLUDE_IP,
	OPT_CSR,
	OPT_CA,
	OPT_CA_KEY,
	OPT_PROFILE,
	OPT_OUT_DIR,
	OPT_ALLOW_KEY_REUSE,
	OPT_CHAIN,
	OPT_ALL,
	OPT_TO,
	OPT_CA_DIR,
	OPT_CERT_FILE,
	OPT_KEY_FILE,
	OPT_CLIENT,
	OPT_TEXT,
	OPT_SIG,
	OPT_HASH,
	OPT_PSS,
	OPT_ALLOW_NO_SAN,
	OPT_EXT, /* the issuance options of x509-args.h (O_ISSUE) */
	OPT_COPY_EXTENSIONS,
	OPT_ITERATIONS,
	OPT_TOKEN,
	OPT_LABEL,
	OPT_LOGIN,
	OPT_SYNC,
	OPT_KEY_USAGE,
	OPT_EKU,
	OPT_POLICY,
	OPT_CPS,
	OPT_NOTICE,
	OPT_POLICY_MAPPING,
	OPT_REQUIRE_EXPLICIT,
	OPT_INHIBIT_MAPPING,
	OPT_INHIBIT_ANY,
};

/* Entries of a getopt_long table: --NAME VALUE, --NAME; --pass-file/--pass-env (cli_set_pass);
 * --help and the terminating entry, last in every table. */
#define CLI_ARG(name, code) { name, required_argument, NULL, code }
#define CLI_FLAG(name, code) { name, no_argument, NULL, code }
#define CLI_OPTS_PASS CLI_ARG("pass-file", OPT_PASS_FILE), CLI_ARG("pass-env", OPT_PASS_ENV)
#define CLI_OPTS_END CLI_FLAG("help", OPT_HELP), { 0 }

/* Where a password comes from: --pass-file, --pass-env, else a prompt on a terminal. */
typedef struct {
	const char *file;
	const char *env;
} cli_pass_t;

/* Key generation options (--type, --curve, --bits), shared by every command that makes keys. */
typedef struct {
	const char *type;
	const char *curve;
	const char *bits;
} cli_keygen_t;

/* A growable NULL-terminated list of strings (borrowed or owned, see cli_list_*). */
typedef struct {
	char **v;
	size_t n;
	size_t cap;
	bool owned;
} cli_list_t;

/* The command being run ("key new"), for messages. */
extern const char *cli_cmd;

/* "pki: WHAT: <strerror> (<detail>)" plus a hint for some codes; returns EXIT_ERROR. */
int cli_fail(int rc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "pki: CMD: MESSAGE (see 'pki CMD --help')"; returns EXIT_USAGE. */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "pki: MESSAGE" for an error that is not a library code; returns EXIT_ERROR. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "pki: warning: MESSAGE". */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Handle an option getopt_long did not accept ('?' or ':'); returns EXIT_USAGE. */
int cli_bad_option(int c, char **argv);
/* After the options of a command that takes no operands: EXIT_OK when none is left, else
 * the usage error "unexpected argument 'ARG'", with " (HINT)" when @p hint is not NULL. */
int cli_no_operands(int argc, char **argv, const char *hint);

/* After the options of a command that takes one operand (argv[optind]): EXIT_OK when there
 * is exactly one, else the usage error "which WHAT?" or "give one WHAT". */
int cli_one_operand(int argc, const char *what);

/* Parse a decimal number in [min, max]; on failure prints a usage error and returns false. */
bool cli_parse_uint(const char *opt, const char *s, unsigned min, unsigned max, unsigned *out);
/* cli_parse_uint as an exit code (EXIT_OK, or EXIT_USAGE after the usage error), for an
 * option loop: case OPT_DAYS: ex = cli_uint_option("--days", optarg, 1, 3650, &days); */
int cli_uint_option(const char *opt, const char *s, unsigned min, unsigned max, unsigned *out);
/* A hash name (sha256, sha384, sha512, also as sha-256, any case) given to the option
 * @p opt; an exit code, a usage error naming @p opt when it is none of these. */
int cli_hash_option(const char *opt, const char *name, pki_hash_t *hash);
/* --iterations N (PKI_KDF_MIN_ITERATIONS up to @p max), as cli_uint_option: an exit code. */
int cli_iterations_option(const char *s, unsigned max, unsigned *out);
/* The help line of --iterations, shared by the commands that encrypt. */
#define CLI_ITERATIONS_HELP \
	"  --iterations N       PBKDF2 iterations of the encryption, 10000 or more (default\n" \
	"                       600000); fewer only for tests, batch jobs or random passwords\n"

/*
 * Get a password: from the file (first line), the environment variable, or, when neither is
 * given and stdin is a terminal, a no-echo prompt (@p confirm asks twice). *out is NULL when no
 * source is available. Returns an exit code (0 on success). Free with cli_pass_free().
 */
int cli_password(char **out, const cli_pass_t *src, const char *prompt, bool confirm);
void cli_pass_free(char *pw);
/* Store --pass-file (c == OPT_PASS_FILE) or --pass-env, refusing both; returns an exit code. */
int cli_set_pass(cli_pass_t *pass, int c, const char *value);
/* The default case of an option loop that takes --pass-file and --pass-env: stores those
 * (cli_set_pass), else the usage error of cli_bad_option; returns an exit code. */
int cli_pass_or_bad_option(cli_pass_t *pass, int c, char **argv);
/* True when --pass-file or --pass-env was given. */
bool cli_pass_given(const cli_pass_t *src);

/* What a command that writes one file takes: -o FILE, -f and --pass-file / --pass-env. */
typedef struct {
	const char *out;
	bool force;
	cli_pass_t pass;
} cli_out_t;
/* The default case of such a command's option loop: stores -o, -f, --pass-file and
 * --pass-env, else the usage error of cli_bad_option; returns an exit code. */
int cli_out_or_bad_option(cli_out_t *o, int c, char **argv);

/* Where the value of an option goes when it is kept as given (a path, a name): the
 * getopt_long code and the variable, { OPT_CA, &ca_path }; a table ends with { 0 }. */
typedef struct {
	int code;
	const char **to;
} cli_arg_t;
/* Store @p v for the option @p c of @p args: true, or false when @p c is none of them. */
bool cli_store_arg(const cli_arg_t *args, int c, const char *v);

/*
 * The PIN of a PKCS#11 token @p url: --pass-file / --pass-env when given, else the environment
 * variable PKI_PIN, else a prompt on a terminal; *out NULL when there is no source (never
 * argv). Returns an exit code; free with cli_pass_free().
 */
int cli_pin(char **out, const cli_pass_t *src, const char *url);
/* Read a private (or public) key, asking for a password only when it is encrypted; a
 * "pkcs11:" URI opens a token key, its PIN from cli_pin(). */
int cli_load_key(pki_key_t **out, const char *path, const cli_pass_t *src, bool *encrypted);
/* Read the certificate @p path (PEM or DER); on failure "reading the WHAT PATH" (cli_fail).
 * Returns an exit code. */
int cli_load_cert(pki_cert_t **out, const char *path, const char *what);
/* A CA for signing: its certificate @p ca_path ("the CA certificate"), then its key
 * @p key_path (cli_load_key, password from @p pass). Returns an exit code. */
int cli_load_ca(pki_cert_t **ca, pki_key_t **key, const char *ca_path, const char *key_path,
		const cli_pass_t *pass);
/* Generate a key from --type/--curve/--bits (usage errors give EXIT_USAGE). */
int cli_generate_key(pki_key_t **out, const cli_keygen_t *kg);
/* Check --type/--curve/--bits without generating (for early usage errors). */
int cli_keygen_check(const cli_keygen_t *kg, pki_key_type_t *type, unsigned *bits);

/*
 * Write @p data to @p path atomically (library), or to stdout when @p path is NULL or "-".
 * @p private: mode 0600. Returns an exit code.
 */
int cli_write(const char *path, const void *data, size_t size, bool force, bool private);
/* true: cli_write() leaves out the fsyncs (PKI_WRITE_NO_SYNC); the command syncs the batch. */
extern bool cli_write_no_sync;
/*
 * After a call that made @p data (an export, a signature, an OCSP message) and returned
 * @p rc: when @p rc < 0, the failure "pki: MESSAGE: ..." (cli_fail with @p fmt), else
 * cli_write(). @p data stays the caller's. Returns an exit code.
 */
int cli_write_or_fail(int rc, const void *data, size_t size, const char *path, bool force,
		      bool private, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* Write @p key as PKCS#8 PEM (mode 0600, atomically; encrypted with @p password unless it is
 * NULL, @p iterations 0 for the default); the failure is "writing PATH". An exit code. */
int cli_write_key(const pki_key_t *key, const char *path, const char *password,
		  unsigned iterations, bool force);
/* Refuse early (before any work) when @p path exists and --force was not given. */
int cli_check_new(const char *path, bool force);
/* Print a library-allocated string plus a newline to stdout and free it. */
void cli_print_free(char *s);
/* After a call that made the text @p s (a description) and returned @p rc: when @p rc < 0,
 * the failure "pki: MESSAGE: ..." (cli_fail with @p fmt), else cli_print_free(@p s).
 * Returns an exit code. */
int cli_print_or_fail(int rc, char *s, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

void cli_list_add(cli_list_t *l, const char *s);      /* borrowed */
void cli_list_add_owned(cli_list_t *l, char *s);      /* malloc'd, taken over */
void cli_list_free(cli_list_t *l);

/* "prefix:value" in a malloc'd string (free()). */
char *cli_typed(const char *prefix, const char *value);
/* A malloc'd copy (exits on out-of-memory). */
char *cli_strdup(const char *s);
/*
 * Validate a SAN (typed as PREFIX:VALUE, or classified by pki_san_from_string when @p prefix
 * is NULL) and append its normalised form to @p sans. @p opt names the option for messages.
 */
int cli_add_san(cli_list_t *sans, const char *opt, const char *prefix, const char *value);
/*
 * --revoke SERIAL[:REASON] of pki crl new and pki ocsp respond: @p add(@p ctx, SERIAL, @p when,
 * REASON) for each entry of @p revoke, REASON PKI_CRL_REASON_UNSPECIFIED when none is given.
 * An unknown reason or a refused entry is a usage error naming it; returns an exit code.
 */
int cli_add_revocations(const cli_list_t *revoke, int64_t when,
			int (*add)(void *ctx, const char *serial, int64_t when, int reason),
			void *ctx);
/* A CA's name constraints: --permit-dns, --permit-ip, --permit-email, --exclude-dns and
 * --exclude-ip, typed ("DNS:...") as pki_issue_opts_add_name_constraint takes them. */
typedef struct {
	cli_list_t permitted, excluded; /* owned */
} cli_constraints_t;
/* Store one of those options; -1 when @p c is not one of them, else EXIT_OK. */
int cli_constraint_option(cli_constraints_t *nc, int c, const char *v);
/* Add them all to @p opts; an exit code. */
int cli_add_constraints(pki_issue_opts_t *opts, const cli_constraints_t *nc);
void cli_constraints_free(cli_constraints_t *nc);

/* Escape a value for an RFC 4514 DN string (free()). */
char *cli_dn_escape(const char *value);

/* Warn when a server certificate is valid for more than 398 days. */
void cli_check_leaf_days(int profile, unsigned days);
/*
 * A certificate just issued with @p profile, before it is written: a server (or
 * server-client) certificate without a DNS or IP SAN is refused, since TLS clients ignore the
 * CN (unless @p allow_no_san, --allow-no-san); an Ed25519/Ed448 server key gets a warning
 * naming the clients that reject it. @p what names the certificate. Returns an exit code.
 */
int cli_check_server_cert(const pki_cert_t *cert, int profile, bool allow_no_san,
			  const char *what);
/*
 * HOST:PORT, [IPv6]:PORT and http(s)://HOST[:PORT][/...] where a host is expected: the host
 * alone (malloc'd) and the port (0 when none) in @p port; NULL when @p value is none of these
 * forms (use it as it is). A URL with another scheme, a user name or a bad port is an error:
 * then NULL with *@p port set to UINT_MAX and the message printed.
 */
char *cli_host_of(const char *value, unsigned *port);

/*
 * What a command returns: an exit code, or CLI_HELP_SHOWN when it printed its help (the
 * option parsers x509_parse and the like return it so that the command only cleans up);
 * the dispatcher (main) makes that EXIT_OK.
 */
#define CLI_HELP_SHOWN (-1)

/*
 * The commands, run from the one table of tools/pki.c ("pki key new": cmd_key_new in
 * tools/cmd_key.c). argv[0] is the command's own name ("new"); it tells the functions that
 * serve two commands which one: cmd_self_signed (ca new, cert self), cmd_trust_install
 * (install, uninstall), cmd_ocsp_respond (respond, serve).
 */
int cmd_key_new(int argc, char **argv);
int cmd_key_show(int argc, char **argv);
int cmd_key_pub(int argc, char **argv);
int cmd_key_sign(int argc, char **argv);
int cmd_key_verify(int argc, char **argv);
int cmd_key_decrypt(int argc, char **argv);
int cmd_csr_new(int argc, char **argv);
int cmd_csr_show(int argc, char **argv);
int cmd_self_signed(int argc, char **argv);
int cmd_ca_init(int argc, char **argv);
int cmd_ca_list(int argc, char **argv);
int cmd_revoke(int argc, char **argv);
int cmd_cert_sign(int argc, char **argv);
int cmd_cert_show(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_quick(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_crl_new(int argc, char **argv);
int cmd_crl_show(int argc, char **argv);
int cmd_p12_export(int argc, char **argv);
int cmd_p12_import(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_trust_install(int argc, char **argv);
int cmd_trust_status(int argc, char **argv);
int cmd_token_list(int argc, char **argv);
int cmd_ocsp_request(int argc, char **argv);
int cmd_ocsp_respond(int argc, char **argv);
int cmd_ocsp_check(int argc, char **argv);

#define PKI_CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
/* Write @p s with control characters and invalid UTF-8 escaped (pki_text_escape); newlines
 * kept when @p keep_newlines. For every string of an input (names, friendly names). */
void cli_put_escaped(FILE *f, const char *s, bool keep_newlines);

/* Print a help text to stdout; returns EXIT_OK. */
int cli_help(const char *text);

#endif /* PKI_CLI_H */
