/*
 * The options and helpers the certificate commands share (pki csr, ca, cert, convert).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef PKI_TOOLS_X509_ARGS_H
#define PKI_TOOLS_X509_ARGS_H

#include "cli.h"

#include <getopt.h>

#define SAN_HELP \
	"  --dns NAME           add a DNS name (wildcards allowed: *.example.com); repeatable\n" \
	"  --ip ADDR            add an IPv4 or IPv6 address; repeatable\n" \
	"  --email ADDR         add an e-mail address; repeatable\n" \
	"  --uri URI            add a URI; repeatable\n" \
	"  --san NAME           add a name of any kind, recognised automatically (or typed as\n" \
	"                       DNS:, IP:, email:, URI:); repeatable\n"

#define KEYGEN_HELP \
	"  --type TYPE          type of a generated key: ec (default), rsa, rsa-pss,\n" \
	"                       ed25519, ed448\n" \
	"  --curve CURVE        P-256 (default), P-384 or P-521, for EC keys\n" \
	"  --bits N             RSA modulus size, 2048 to 8192 (default 3072)\n" \
	"  --encrypt            encrypt the generated key (password as below)\n" \
	CLI_ITERATIONS_HELP

#define PASS_HELP \
	"  --pass-file FILE     key password from the first line of FILE\n" \
	"  --pass-env VAR       key password from the environment variable VAR\n"

#define CONSTRAINT_HELP \
	"  --permit-dns SUFFIX  name constraint: the CA may only certify names in SUFFIX\n" \
	"                       (.internal, example.com); repeatable\n" \
	"  --permit-ip CIDR     name constraint: only addresses in CIDR (10.0.0.0/8); repeatable\n" \
	"  --permit-email DOMAIN  name constraint on e-mail addresses; repeatable\n" \
	"  --exclude-dns SUFFIX, --exclude-ip CIDR  excluded subtrees; repeatable\n"

#define EXT_HELP \
	"  --ext OID=[critical,]DER:HEX  add the extension OID with the DER value HEX (openssl's\n" \
	"                       -addext notation, e.g. 1.2.3.4=critical,DER:0500); repeatable\n"
#define USAGE_HELP \
	"  --key-usage LIST     replace the profile's key usage: digitalSignature,\n" \
	"                       nonRepudiation, keyEncipherment, dataEncipherment, keyAgreement,\n" \
	"                       keyCertSign, cRLSign, encipherOnly, decipherOnly (comma-separated)\n" \
	"  --eku LIST           replace the profile's extended key usage: serverAuth, clientAuth,\n" \
	"                       codeSigning, emailProtection, timeStamping, OCSPSigning,\n" \
	"                       anyExtendedKeyUsage or dotted OIDs (comma-separated)\n"
#define SIG_HELP \
	"  --hash HASH          signature hash: sha256, sha384, sha512 (default: the CA key's:\n" \
	"                       SHA-256 for RSA and P-256, SHA-384 for P-384, SHA-512 for P-521)\n" \
	"  --pss                sign with RSA-PSS instead of PKCS#1 v1.5 (an RSA CA key)\n"
#define POLICY_HELP \
	"  --policy OID         a certificate policy (2.5.29.32.0: anyPolicy); repeatable, each\n" \
	"                       followed by its optional --cps URI and --notice TEXT\n" \
	"  --policy-mapping ISSUER:SUBJECT  a policy mapping (CA certificates); repeatable\n" \
	"  --require-explicit-policy N, --inhibit-policy-mapping N  policy constraints (CAs)\n" \
	"  --inhibit-any-policy N  inhibitAnyPolicy (CA certificates)\n"
#define PROFILE_NAMES "server, client, server-client, code-signing, email, ocsp-signing, " \
	"timestamping"

/* Options that many of these commands share. */
typedef struct {
	const char *out, *key, *key_out, *subject, *days, *path_len, *profile;
	bool force, json, encrypt, allow_no_san;
	cli_keygen_t kg;
	cli_pass_t pass;
	cli_list_t sans;      /* normalised typed SANs (owned) */
	cli_constraints_t nc; /* --permit-*, --exclude-* */
	cli_list_t exts;      /* --ext specifications (borrowed from argv) */
	const char *key_usage, *eku; /* comma-separated lists */
	const char *hash;            /* --hash */
	bool pss;                    /* --pss */
	unsigned iterations;         /* --iterations of an encrypted --key-out; 0: default */
	cli_list_t policies; /* "P:oid", "C:cps", "N:notice" in order (owned) */
	cli_list_t maps;     /* --policy-mapping (borrowed) */
	const char *require_explicit, *inhibit_mapping, *inhibit_any;
	bool all;            /* --all (cert show) */
	const char *to;      /* --to (convert) */
	pki_dn_t *dn;        /* --dn-attr, in order; x509_parse makes it the subject string */
	char *dn_subject;    /* that string (pki_free) */
	char *key_pw;        /* the password of the --key-out key (x509_subject_key; wiped) */
} x509_args_t;

/* --subject and --dn-attr (each command that names a subject takes both). */
#define O_SUBJECT CLI_ARG("subject", OPT_SUBJECT), CLI_ARG("dn-attr", OPT_DN_ATTR)
#define DN_ATTR_HELP \
	"  --dn-attr TYPE=VALUE the subject attribute by attribute instead of --subject: repeat\n" \
	"                       it most significant first (C, O, ..., CN); TYPE is a short name\n" \
	"                       (CN, O, OU, C, ...) or a dotted OID, VALUE is literal UTF-8 (no\n" \
	"                       escapes); +TYPE=VALUE adds to the previous RDN (multi-valued)\n"

#define O_OUT CLI_ARG("out", OPT_OUT)
#define O_FORCE CLI_FLAG("force", OPT_FORCE)
#define O_HELP CLI_FLAG("help", OPT_HELP)
#define O_JSON CLI_FLAG("json", OPT_JSON)
#define O_PASS CLI_OPTS_PASS
#define O_KEYGEN CLI_ARG("key-out", OPT_KEY_OUT), CLI_ARG("type", OPT_TYPE), \
	CLI_ARG("curve", OPT_CURVE), CLI_ARG("bits", OPT_BITS), CLI_FLAG("encrypt", OPT_ENCRYPT), \
	CLI_ARG("iterations", OPT_ITERATIONS)
#define O_SANS CLI_ARG("dns", OPT_DNS), CLI_ARG("ip", OPT_IP), CLI_ARG("email", OPT_EMAIL), \
	CLI_ARG("uri", OPT_URI), CLI_ARG("san", OPT_SAN)
#define O_CONSTRAINTS CLI_ARG("permit-dns", OPT_PERMIT_DNS), CLI_ARG("permit-ip", OPT_PERMIT_IP), \
	CLI_ARG("permit-email", OPT_PERMIT_EMAIL), CLI_ARG("exclude-dns", OPT_EXCLUDE_DNS), \
	CLI_ARG("exclude-ip", OPT_EXCLUDE_IP)

/* The options every issuing command takes (pki ca new, cert self, cert sign). */
#define O_ISSUE CLI_ARG("ext", OPT_EXT), CLI_ARG("key-usage", OPT_KEY_USAGE), \
	CLI_ARG("eku", OPT_EKU), CLI_ARG("hash", OPT_HASH), CLI_FLAG("pss", OPT_PSS), \
	CLI_ARG("policy", OPT_POLICY), CLI_ARG("cps", OPT_CPS), CLI_ARG("notice", OPT_NOTICE), \
	CLI_ARG("policy-mapping", OPT_POLICY_MAPPING), \
	CLI_ARG("require-explicit-policy", OPT_REQUIRE_EXPLICIT), \
	CLI_ARG("inhibit-policy-mapping", OPT_INHIBIT_MAPPING), \
	CLI_ARG("inhibit-any-policy", OPT_INHIBIT_ANY)

/* Free the lists of @p a. */
void x509_args_free(x509_args_t *a);
/* Options shared by several commands; returns -1 when @p c is not one of them. */
int x509_common_opt(x509_args_t *a, int c, const char *v);
/* Parse argv into @p a; positional arguments are left at argv[optind..]. An exit code, or
 * CLI_HELP_SHOWN after --help. */
int x509_parse(x509_args_t *a, int argc, char **argv, const struct option *opts,
	       const char *help, int (*extra)(void *ctx, int c, const char *v), void *ctx);
/* x509_parse without options of the command's own, then its operands: none when
 * @p operand is NULL, else exactly one (argv[optind]), "which OPERAND?" when it is missing. */
int x509_parse_operands(x509_args_t *a, int argc, char **argv, const struct option *opts,
			const char *help, const char *operand);
/*
 * The subject key: --key FILE (read) or --key-out FILE (generated now, its password asked
 * into a->key_pw, saved by x509_save_new_key once the rest has worked). Exactly one of them.
 */
int x509_subject_key(pki_key_t **key, x509_args_t *a);
int x509_save_new_key(const pki_key_t *key, const x509_args_t *a);
/* Issuance options from --days, --path-len, the SANs and the name constraints. */
int x509_make_opts(pki_issue_opts_t **opts, const x509_args_t *a, int profile,
		   bool constraints_ok);
int x509_profile_arg(const char *name, int def);
/* Parse an --ext specification "OID=[critical,]DER:HEX" into @p oid and @p der (malloc'd,
 * free them), its length and criticality; an exit code (EXIT_USAGE with a message). */
int x509_ext_arg(const char *spec, char **oid, unsigned char **der, size_t *size, bool *critical);
int x509_write_cert(const pki_cert_t *cert, const pki_cert_t *ca, const char *out, bool force);

#endif /* PKI_TOOLS_X509_ARGS_H */
