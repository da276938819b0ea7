/*
 * pki(1) — `pki lint FILE...`: RFC 5280 / CA/Browser Forum checks on certificates and CRLs,
 * with the rules verification applies for the same profile (pki_cert_lint, pki_crl_lint).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_L_AS = 1100 };

static const char lint_help[] =
	"Usage: pki lint [OPTIONS] FILE...\n"
	"Check certificates and CRLs against RFC 5280 or the CA/Browser Forum baseline\n"
	"requirements: each finding with its severity, rule, source and a sentence. The rules\n"
	"are those `pki verify --profile` applies; error findings are what verification rejects.\n"
	"\n"
	"FILE is PEM (any number of certificates and CRLs) or DER (one certificate or CRL);\n"
	"'-' reads standard input.\n"
	"\n"
	"Options:\n"
	"  --profile NAME   rfc5280 (default) or webpki (adds the baseline requirements)\n"
	"  --as POSITION    leaf, ca or root: where the certificates are meant to sit (default:\n"
	"                   a self-issued CA certificate is a root, another CA certificate an\n"
	"                   intermediate, anything else a leaf)\n"
	"  --json           one JSON object for all files\n"
	"  -h, --help       this help\n"
	"\n"
	"Exit status: 0 no error finding, 1 at least one error finding, 2 usage error,\n"
	"3 a file cannot be read or holds no certificate or CRL.\n";

/* ---------------------------------------------------------------------------------------- */
/* Output helpers: text escapes control characters, JSON is valid for any bytes              */

/* Print @p s with bytes outside printable ASCII as \xHH. (Findings quote certificate text
 * already escaped, a backslash as \x5c; names keep RFC 4514's own backslash escapes.) */
static void put_escaped(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x20 && *p < 0x7f)
			fputc(*p, f);
		else
			fprintf(f, "\\x%02x", *p);
	}
}

/* Length of a valid UTF-8 sequence at @p p (1..4), or 0. */
static size_t utf8_len(const unsigned char *p)
{
	size_t n;
	unsigned cp;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0)
		n = 2, cp = p[0] & 0x1f;
	else if ((p[0] & 0xf0) == 0xe0)
		n = 3, cp = p[0] & 0x0f;
	else if ((p[0] & 0xf8) == 0xf0)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* A JSON string literal; invalid UTF-8 becomes U+FFFD, so the output is always valid. */
static void put_json(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	while (*p) {
		size_t n = utf8_len(p);

		if (n == 0) {
			fputs("\\ufffd", f);
			p++;
			continue;
		}
		if (n > 1) {
			fwrite(p, 1, n, f);
			p += n;
			continue;
		}
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
		p++;
	}
	fputc('"', f);
}

/* ---------------------------------------------------------------------------------------- */

typedef struct {
	pki_verify_profile_t profile;
	unsigned flags;
	bool json;
	unsigned objects, errors, warnings, notices, unreadable;
	bool first; /* no JSON object printed yet */
} lint_run_t;

static void report_object(lint_run_t *r, const char *file, unsigned index, const char *type,
			  const char *name, const pki_lint_t *lint)
{
	int n = pki_lint_count(lint);
	int e = pki_lint_count_severity(lint, PKI_LINT_ERROR);
	int w = pki_lint_count_severity(lint, PKI_LINT_WARNING);
	int no = pki_lint_count_severity(lint, PKI_LINT_NOTICE);

	r->objects++;
	r->errors += (unsigned)e;
	r->warnings += (unsigned)w;
	r->notices += (unsigned)no;
	if (r->json) {
		char *js = NULL;

		printf("%s{\"file\":", r->first ? "" : ",");
		r->first = false;
		put_json(stdout, file);
		printf(",\"index\":%u,\"type\":\"%s\",\"name\":", index, type);
		put_json(stdout, name);
		printf(",\"errors\":%d,\"warnings\":%d,\"notices\":%d,\"findings\":", e, w, no);
		if (pki_lint_to_json(&js, lint, 0) == 0) {
			fputs(js, stdout);
			pki_free(js);
		} else
			fputs("[]", stdout);
		fputc('}', stdout);
		return;
	}
	put_escaped(stdout, file);
	printf(": %s %u (", type, index);
	put_escaped(stdout, name ? name : "?");
	if (n == 0) {
		printf("): clean\n");
		return;
	}
	printf("): %d error%s, %d warning%s, %d notice%s\n", e, e == 1 ? "" : "s", w,
	       w == 1 ? "" : "s", no, no == 1 ? "" : "s");
	for (int i = 0; i < n; i++) {
		const char *rule, *source, *text;
		int sev = pki_lint_finding(&rule, &source, &text, lint, (unsigned)i);

		printf("  %-7s %s (%s): ", pki_lint_severity_name(sev), rule, source);
		put_escaped(stdout, text);
		fputc('\n', stdout);
	}
}

static void input_error(lint_run_t *r, const char *file, const char *what)
{
	const char *detail = pki_error_detail();

	r->unreadable++;
	fputs("pki: lint: ", stderr);
	put_escaped(stderr, file);
	fprintf(stderr, ": %s", what);
	if (detail && *detail) {
		fputs(" (", stderr);
		put_escaped(stderr, detail);
		fputc(')', stderr);
	}
	fputc('\n', stderr);
}

static int lint_cert(lint_run_t *r, const char *file, unsigned index, const pki_cert_t *cert)
{
	pki_lint_t *lint = NULL;
	char *subject = NULL;
	int rc = pki_cert_lint(&lint, cert, r->profile, r->flags);

	if (rc < 0)
		return cli_fail(rc, "linting certificate %u of %s", index, file);
	if (pki_cert_subject(&subject, cert) < 0 || !subject || !*subject) {
		pki_free(subject);
		subject = NULL;
		(void)pki_cert_serial(&subject, cert);
	}
	report_object(r, file, index, "certificate", subject, lint);
	pki_free(subject);
	pki_lint_free(lint);
	return EXIT_OK;
}

static int lint_crl(lint_run_t *r, const char *file, unsigned index, const pki_crl_t *crl)
{
	pki_lint_t *lint = NULL;
	char *issuer = NULL;
	int rc = pki_crl_lint(&lint, crl, r->profile, 0);

	if (rc < 0)
		return cli_fail(rc, "linting CRL %u of %s", index, file);
	(void)pki_crl_issuer(&issuer, crl);
	report_object(r, file, index, "crl", issuer, lint);
	pki_free(issuer);
	pki_lint_free(lint);
	return EXIT_OK;
}

/* The PEM blocks of a buffer, one at a time: label and the whole block (BEGIN..END line). */
static bool next_pem(const char **pos, const char *end, char *label, size_t llen,
		     const char **start, size_t *size)
{
	static const char begin[] = "-----BEGIN ";
	const char *p = *pos;

	for (;;) {
		const char *b = NULL, *lend, *e;
		char endline[96];

		for (const char *q = p; q + sizeof(begin) - 1 <= end; q++)
			if (memcmp(q, begin, sizeof(begin) - 1) == 0) {
				b = q;
				break;
			}
		if (!b)
			return false;
		lend = memchr(b, '\n', (size_t)(end - b));
		if (!lend)
			return false;
		{
			const char *l = b + sizeof(begin) - 1, *dash = l;

			while (dash < lend && *dash != '-')
				dash++;
			if ((size_t)(dash - l) >= llen) {
				p = lend;
				continue;
			}
			memcpy(label, l, (size_t)(dash - l));
			label[dash - l] = '\0';
		}
		snprintf(endline, sizeof(endline), "-----END %s-----", label);
		e = NULL;
		for (const char *q = lend; q + strlen(endline) <= end; q++)
			if (memcmp(q, endline, strlen(endline)) == 0) {
				e = q + strlen(endline);
				break;
			}
		if (!e)
			return false;
		*start = b;
		*size = (size_t)(e - b);
		*pos = e;
		return true;
	}
}

/*
 * Lint the @p n-th certificate (or, @p is_crl, CRL) of @p file from its PEM or DER @p data:
 * an exit code (EXIT_ERROR for error findings), or a negative PKI_E_* when it does not import.
 */
static int lint_import(lint_run_t *r, const char *file, bool is_crl, unsigned n, const void *data,
		       size_t size)
{
	pki_cert_t *cert = NULL;
	pki_crl_t *crl = NULL;
	int rc;

	if (is_crl) {
		if ((rc = pki_crl_import(&crl, data, size, 0)) < 0)
			return rc;
		rc = lint_crl(r, file, n, crl);
		pki_crl_free(crl);
	} else {
		if ((rc = pki_cert_import(&cert, data, size, 0)) < 0)
			return rc;
		rc = lint_cert(r, file, n, cert);
		pki_cert_free(cert);
	}
	return rc;
}

static int lint_file(lint_run_t *r, const char *file)
{
	unsigned char *data = NULL;
	size_t size = 0;
	int rc = pki_file_read(&data, &size, strcmp(file, "-") ? file : "/dev/stdin", 0);
	unsigned ncert = 0, ncrl = 0;
	int ret = EXIT_OK;

	if (rc < 0) {
		input_error(r, file, pki_strerror(rc));
		pki_free(data);
		return EXIT_ERROR;
	}
	if (size > 10 && memmem(data, size, "-----BEGIN ", 11)) {
		const char *pos = (const char *)data, *end = (const char *)data + size, *blk;
		char label[64];
		size_t bsize;

		while (next_pem(&pos, end, label, sizeof(label), &blk, &bsize)) {
			bool is_crl = !strcmp(label, "X509 CRL");
			unsigned n;

			/* other blocks (keys, requests) are not linted */
			if (!is_crl && strcmp(label, "CERTIFICATE") && strcmp(label, "X509 CERTIFICATE"))
				continue;
			n = is_crl ? ++ncrl : ++ncert;
			rc = lint_import(r, file, is_crl, n, blk, bsize);
			if (rc < 0) {
				char what[64];

				snprintf(what, sizeof(what), "%s %u: %s", is_crl ? "CRL" : "certificate",
					 n, pki_strerror(rc));
				input_error(r, file, what);
			}
			if (rc != EXIT_OK)
				ret = EXIT_ERROR;
		}
	} else {
		if ((rc = lint_import(r, file, false, 1, data, size)) >= 0) {
			ncert++;
		} else if ((rc = lint_import(r, file, true, 1, data, size)) >= 0) {
			ncrl++;
		} else {
			input_error(r, file, "neither a DER certificate nor a DER CRL");
			pki_free(data);
			return EXIT_ERROR;
		}
		if (rc != EXIT_OK)
			ret = EXIT_ERROR;
	}
	pki_free(data);
	if (ret == EXIT_OK && ncert + ncrl == 0) {
		input_error(r, file, "no certificate or CRL in the file");
		ret = EXIT_ERROR;
	}
	return ret;
}

/* The flag of --as @p name (--profile's values are the library's,
 * pki_verify_profile_from_name), or -1. */
static int lint_position(const char *name)
{
	if (!strcmp(name, "leaf"))
		return PKI_LINT_AS_LEAF;
	if (!strcmp(name, "ca"))
		return PKI_LINT_AS_CA;
	if (!strcmp(name, "root"))
		return PKI_LINT_AS_ROOT;
	return -1;
}

int cmd_lint(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_ARG("profile", OPT_PROFILE), CLI_ARG("as", OPT_L_AS),
		CLI_FLAG("json", OPT_JSON), CLI_OPTS_END,
	};
	lint_run_t r;
	int c, v, ret = EXIT_OK;

	memset(&r, 0, sizeof(r));
	r.profile = PKI_VERIFY_PROFILE_RFC5280;
	r.first = true;
	cli_cmd = "lint";
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_PROFILE:
			if ((v = pki_verify_profile_from_name(optarg)) < 0)
				return cli_usage("unknown profile '%s' (rfc5280 or webpki)", optarg);
			r.profile = (pki_verify_profile_t)v;
			break;
		case OPT_L_AS:
			if ((v = lint_position(optarg)) < 0)
				return cli_usage("unknown position '%s' (leaf, ca or root)", optarg);
			r.flags = (unsigned)v;
			break;
		case OPT_JSON:
			r.json = true;
			break;
		case OPT_HELP:
			return cli_help(lint_help);
		default:
			return cli_bad_option(c, argv);
		}
	}
	if (optind >= argc)
		return cli_usage("which files? (pki lint FILE...)");
	if (r.json)
		printf("{\"profile\":\"%s\",\"objects\":[",
		       r.profile == PKI_VERIFY_PROFILE_WEBPKI ? "webpki" : "rfc5280");
	for (int i = optind; i < argc; i++)
		if (lint_file(&r, argv[i]) != EXIT_OK)
			ret = EXIT_ERROR;
	if (r.json)
		printf("],\"errors\":%u,\"warnings\":%u,\"notices\":%u,\"unreadable\":%u}\n",
		       r.errors, r.warnings, r.notices, r.unreadable);
	else if (argc - optind > 1 || r.objects > 1)
		printf("%u object%s checked (%s): %u error%s, %u warning%s, %u notice%s%s\n",
		       r.objects, r.objects == 1 ? "" : "s",
		       r.profile == PKI_VERIFY_PROFILE_WEBPKI ? "webpki" : "rfc5280", r.errors,
		       r.errors == 1 ? "" : "s", r.warnings, r.warnings == 1 ? "" : "s", r.notices,
		       r.notices == 1 ? "" : "s", r.unreadable ? "; some input could not be read" : "");
	if (fflush(stdout) != 0)
		return cli_error("writing to standard output failed");
	if (ret != EXIT_OK)
		return ret;
	return r.errors ? EXIT_VERIFY : EXIT_OK;
}
