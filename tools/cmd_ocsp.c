/*
 * pki(1) — `pki ocsp request|respond|check`: OCSP (RFC 6960) without a server.
 * Copyright (C) 2026 the libpki authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "cli.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
	OPT_O_CERT = 1100,
	OPT_O_ISSUER,
	OPT_O_NONCE,
	OPT_O_REQUEST,
	OPT_O_RESPONSE,
	OPT_O_CRL,
	OPT_O_REVOKE,
	OPT_O_SIGNER,
	OPT_O_SIGNER_KEY,
	OPT_O_HOURS,
	OPT_O_AT,
	OPT_O_PORT,
	OPT_O_COUNT,
};

static const char ocsp_request_help[] =
	"Usage: pki ocsp request --cert FILE --issuer FILE [--nonce] -o REQ.der\n"
	"Make a DER OCSP request for a certificate (openssl ocsp -reqin reads it).\n"
	"\n"
	"  --cert FILE          the certificate asked about\n"
	"  --issuer FILE        its issuer's certificate\n"
	"  --nonce              add a random nonce, which the response must echo\n"
	"  -o, --out FILE       where to write the request\n"
	"  -f, --force          replace an existing output file\n";

static const char ocsp_respond_help[] =
	"Usage: pki ocsp respond --ca FILE --ca-key FILE|URI --request REQ.der\n"
	"                        [--crl FILE] [--revoke SERIAL[:REASON]]... -o RESP.der\n"
	"Answer an OCSP request (from pki, openssl ocsp or any client) as the CA: good, revoked\n"
	"(with time and reason, from --crl and --revoke) or unknown (another issuer's\n"
	"certificate). The CA key may be a pkcs11: URI.\n"
	"\n"
	"  --ca FILE            the CA certificate\n"
	"  --ca-key FILE|URI    its private key (signs unless --signer is given)\n"
	"  --signer FILE        a delegated responder certificate (OCSPSigning usage, issued by\n"
	"                       the CA); --signer-key is then its key\n"
	"  --signer-key FILE|URI  the responder's key\n"
	"  --request FILE       the DER OCSP request\n"
	"  --crl FILE           revoked certificates from the CA's CRL\n"
	"  --revoke SERIAL[:REASON]  a revoked serial (hex), revoked now; repeatable\n"
	"  --hours N            the answers' lifetime (nextUpdate), default 24\n"
	"  --pass-file FILE, --pass-env VAR   password of an encrypted key, or a token's PIN\n"
	"  -o, --out FILE       where to write the DER response\n"
	"  -f, --force          replace an existing output file\n";

static const char ocsp_serve_help[] =
	"Usage: pki ocsp serve --ca FILE --ca-key FILE|URI [--crl FILE] [--revoke ...]\n"
	"                      [--signer FILE --signer-key FILE|URI] --port N [--count N]\n"
	"Answer OCSP over HTTP on 127.0.0.1 (RFC 6960 appendix A: POST of a DER request, or GET\n"
	"/BASE64), as pki ocsp respond does. --port 0 picks a free port; the port is printed as\n"
	"\"listening on 127.0.0.1:PORT\". --count N stops after N requests (default: never).\n"
	"The options are those of pki ocsp respond, without --request and -o.\n";

static const char ocsp_check_help[] =
	"Usage: pki ocsp check --cert FILE --issuer FILE --response RESP.der [--request REQ.der]\n"
	"Check an OCSP response for a certificate (signed by the issuer or its delegated\n"
	"responder, current, echoing the request's nonce) and print good, revoked or unknown.\n"
	"Exit status 0 for good, 1 for revoked or unknown, 3 when the response is not\n"
	"acceptable.\n"
	"\n"
	"  --cert FILE          the certificate\n"
	"  --issuer FILE        its issuer\n"
	"  --response FILE      the DER OCSP response\n"
	"  --request FILE       the request it answers: its nonce must be echoed\n"
	"  --at SECONDS         check at this Unix time instead of now\n";

static int read_all(unsigned char **data, size_t *size, const char *path, const char *what)
{
	int rc = pki_file_read(data, size, path, 0);

	return rc < 0 ? cli_fail(rc, "reading the %s %s", what, path) : EXIT_OK;
}

int cmd_ocsp_request(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_ARG("cert", OPT_O_CERT), CLI_ARG("issuer", OPT_O_ISSUER),
		CLI_FLAG("nonce", OPT_O_NONCE), CLI_ARG("out", OPT_OUT),
		CLI_FLAG("force", OPT_FORCE), CLI_OPTS_END,
	};
	const char *cert_path = NULL, *issuer_path = NULL;
	cli_out_t o = { 0 };
	pki_cert_t *cert = NULL, *issuer = NULL;
	unsigned char *der = NULL;
	size_t size = 0;
	bool nonce = false;
	int c, rc, ex;

	while ((c = getopt_long(argc, argv, ":ho:f", opts, NULL)) != -1) {
		switch (c) {
		case OPT_HELP: return cli_help(ocsp_request_help);
		case OPT_O_CERT: cert_path = optarg; break;
		case OPT_O_ISSUER: issuer_path = optarg; break;
		case OPT_O_NONCE: nonce = true; break;
		default:
			if ((ex = cli_out_or_bad_option(&o, c, argv)))
				return ex;
		}
	}
	if ((ex = cli_no_operands(argc, argv, NULL)))
		return ex;
	if (!cert_path || !issuer_path || !o.out)
		return cli_usage("%s is required", !cert_path ? "--cert" : !issuer_path ? "--issuer" : "-o");
	if ((ex = cli_check_new(o.out, o.force)) ||
	    (ex = cli_load_cert(&cert, cert_path, "certificate")) ||
	    (ex = cli_load_cert(&issuer, issuer_path, "issuer certificate")))
		goto out;
	rc = pki_ocsp_request_create(&der, &size, cert, issuer, nonce ? PKI_OCSP_NONCE : 0);
	ex = cli_write_or_fail(rc, der, size, o.out, o.force, false, "making the OCSP request");
out:
	pki_free(der);
	pki_cert_free(cert);
	pki_cert_free(issuer);
	return ex;
}

static int add_revoked_serial(void *o, const char *serial, int64_t when, int reason)
{
	return pki_ocsp_opts_add_revoked(o, serial, when, reason);
}

/* The value of a base64 character (standard alphabet), or -1. */
static int b64(int c)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(alphabet, c) : NULL;

	return p ? (int)(p - alphabet) : -1;
}

/* The DER request of a GET path: percent-decoding, then base64 (RFC 6960 A.1). */
static size_t get_request(unsigned char *out, size_t cap, const char *path, size_t n)
{
	char text[8192];
	size_t t = 0, o = 0;
	unsigned acc = 0, bits = 0;

	for (size_t i = 0; i < n && t + 1 < sizeof(text); i++) {
		unsigned v;

		if (path[i] == '%' && i + 2 < n && sscanf(path + i + 1, "%2x", &v) == 1) {
			text[t++] = (char)v;
			i += 2;
		} else {
			text[t++] = path[i];
		}
	}
	for (size_t i = 0; i < t && text[i] != '='; i++) {
		int v = b64((unsigned char)text[i]);

		if (v < 0)
			return 0;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o == cap)
				return 0;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	return o;
}

static void reply(int fd, const char *status, const unsigned char *body, size_t n)
{
	char head[256];
	int len = snprintf(head, sizeof(head),
			   "HTTP/1.0 %s\r\nContent-Type: application/ocsp-response\r\n"
			   "Content-Length: %zu\r\nConnection: close\r\n\r\n", status, n);

	/* MSG_NOSIGNAL: a client that hangs up must not kill the server with SIGPIPE */
	if (send(fd, head, (size_t)len, MSG_NOSIGNAL) != len ||
	    (n && send(fd, body, n, MSG_NOSIGNAL) != (ssize_t)n))
		cli_warn("ocsp serve: a client went away");
}

/* One HTTP exchange on @p fd. */
static void serve_one(int fd, const pki_cert_t *ca, const pki_key_t *key,
		      const pki_ocsp_opts_t *o)
{
	static unsigned char buf[65536 + 8192];
	unsigned char req[65536];
	unsigned char *der = NULL;
	size_t have = 0, req_n = 0, size = 0;
	char *end;

	while (have < sizeof(buf) - 1) {
		ssize_t r = read(fd, buf + have, sizeof(buf) - 1 - have);

		if (r <= 0)
			break;
		have += (size_t)r;
		buf[have] = '\0';
		end = strstr((char *)buf, "\r\n\r\n");
		if (end && !strncmp((char *)buf, "POST ", 5)) {
			char *cl = strcasestr((char *)buf, "\r\nContent-Length:");
			size_t want = cl ? strtoul(cl + 17, NULL, 10) : 0;
			size_t body = have - (size_t)(end + 4 - (char *)buf);

			if (want > sizeof(req)) {
				reply(fd, "413 Payload Too Large", NULL, 0);
				return;
			}
			if (body >= want) {
				memcpy(req, end + 4, want);
				req_n = want;
				break;
			}
		} else if (end && !strncmp((char *)buf, "GET /", 5)) {
			char *sp = strchr((char *)buf + 5, ' ');

			req_n = get_request(req, sizeof(req), (char *)buf + 5,
					    sp ? (size_t)(sp - (char *)buf - 5) : 0);
			break;
		} else if (end) {
			break;
		}
	}
	if (req_n == 0) {
		reply(fd, "400 Bad Request", NULL, 0);
		return;
	}
	if (pki_ocsp_respond(&der, &size, ca, key, req, req_n, o, 0) < 0) {
		/* RFC 6960 2.3: malformedRequest, answered as an unsigned OCSPResponse */
		static const unsigned char malformed[] = { 0x30, 0x03, 0x0a, 0x01, 0x01 };

		cli_warn("ocsp serve: %s", pki_error_detail());
		reply(fd, "200 OK", malformed, sizeof(malformed));
		return;
	}
	reply(fd, "200 OK", der, size);
	pki_free(der);
}

static int serve(const pki_cert_t *ca, const pki_key_t *key, const pki_ocsp_opts_t *o,
		 unsigned port, unsigned count)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	if (s < 0)
		return cli_error("ocsp serve: socket: %s", strerror(errno));
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(s, 16) < 0 ||
	    getsockname(s, (struct sockaddr *)&a, &alen) < 0) {
		int e = errno;

		close(s);
		return cli_error("ocsp serve: cannot listen on 127.0.0.1:%u: %s", port, strerror(e));
	}
	printf("listening on 127.0.0.1:%u\n", (unsigned)ntohs(a.sin_port));
	fflush(stdout);
	for (unsigned n = 0; count == 0 || n < count; n++) {
		int fd = accept(s, NULL, NULL);

		struct timeval tv = { 5, 0 }; /* a silent client is dropped, not waited for */

		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		serve_one(fd, ca, key, o);
		close(fd);
	}
	close(s);
	return EXIT_OK;
}

/* What pki ocsp respond or serve was asked for. */
typedef struct {
	const char *ca_path, *key_path, *signer_path, *skey_path, *req_path, *crl_path;
	cli_list_t revoke;
	cli_out_t out; /* -o, -f, --pass-file, --pass-env */
	unsigned port, count, hours;
	bool port_set, serving;
} respond_args_t;

/* The options of pki ocsp respond (argv[0] "respond") or serve, with their usage errors;
 * an exit code, or CLI_HELP_SHOWN. */
static int respond_parse(respond_args_t *r, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_ARG("ca", OPT_CA), CLI_ARG("ca-key", OPT_CA_KEY),
		CLI_ARG("signer", OPT_O_SIGNER), CLI_ARG("signer-key", OPT_O_SIGNER_KEY),
		CLI_ARG("request", OPT_O_REQUEST), CLI_ARG("crl", OPT_O_CRL),
		CLI_ARG("revoke", OPT_O_REVOKE), CLI_ARG("hours", OPT_O_HOURS), CLI_OPTS_PASS,
		CLI_ARG("out", OPT_OUT), CLI_FLAG("force", OPT_FORCE), CLI_ARG("port", OPT_O_PORT),
		CLI_ARG("count", OPT_O_COUNT), CLI_OPTS_END,
	};
	const cli_arg_t args[] = {
		{ OPT_CA, &r->ca_path }, { OPT_CA_KEY, &r->key_path },
		{ OPT_O_SIGNER, &r->signer_path }, { OPT_O_SIGNER_KEY, &r->skey_path },
		{ OPT_O_REQUEST, &r->req_path }, { OPT_O_CRL, &r->crl_path }, { 0 },
	};
	int c, ex = EXIT_OK;

	r->hours = 24;
	r->serving = !strcmp(argv[0], "serve");
	while (!ex && (c = getopt_long(argc, argv, ":ho:f", opts, NULL)) != -1) {
		if (cli_store_arg(args, c, optarg))
			continue;
		switch (c) {
		case OPT_HELP:
			cli_help(r->serving ? ocsp_serve_help : ocsp_respond_help);
			return CLI_HELP_SHOWN;
		case OPT_O_PORT:
			ex = cli_uint_option("--port", optarg, 0, 65535, &r->port);
			r->port_set = true;
			break;
		case OPT_O_COUNT: ex = cli_uint_option("--count", optarg, 1, 1000000, &r->count); break;
		case OPT_O_REVOKE: cli_list_add(&r->revoke, optarg); break;
		case OPT_O_HOURS: ex = cli_uint_option("--hours", optarg, 1, 24 * 366, &r->hours); break;
		default: ex = cli_out_or_bad_option(&r->out, c, argv);
		}
	}
	if (ex || (ex = cli_no_operands(argc, argv, NULL)))
		return ex;
	if (r->serving && (r->req_path || r->out.out || !r->port_set))
		return cli_usage(r->port_set ? "serve takes no --request or -o" : "--port is required");
	if (!r->serving && (r->port_set || r->count))
		return cli_usage("--port and --count are for pki ocsp serve");
	if (r->serving) {
		r->req_path = "-";
		r->out.out = "-";
	}
	if (!r->ca_path || !r->req_path || !r->out.out || (!r->key_path && !r->signer_path))
		return cli_usage("%s is required", !r->ca_path ? "--ca" : !r->req_path ? "--request" :
						   !r->out.out ? "-o" : "--ca-key");
	if (!r->signer_path != !r->skey_path)
		return cli_usage("--signer and --signer-key go together");
	return EXIT_OK;
}

/* --crl (it must be the CA's) and --signer (a delegated responder) into @p o; the CRL and
 * the certificate are the caller's, kept until @p o is used. An exit code. */
static int set_crl_and_signer(pki_ocsp_opts_t *o, pki_crl_t **crl, pki_cert_t **signer,
			      const respond_args_t *r, const pki_cert_t *ca)
{
	int rc, ex;

	if (r->crl_path) {
		if ((rc = pki_crl_import_file(crl, r->crl_path, 0)) < 0)
			return cli_fail(rc, "reading the CRL %s", r->crl_path);
		if ((rc = pki_crl_verify(*crl, ca, 0)) < 0)
			return cli_fail(rc, "the CRL %s is not the CA's", r->crl_path);
		pki_ocsp_opts_set_crl(o, *crl);
	}
	if (r->signer_path) {
		if ((ex = cli_load_cert(signer, r->signer_path, "responder certificate")))
			return ex;
		if ((rc = pki_ocsp_opts_set_signer(o, *signer)) < 0)
			return cli_fail(rc, "using the responder certificate %s", r->signer_path);
	}
	return EXIT_OK;
}

int cmd_ocsp_respond(int argc, char **argv)
{
	respond_args_t r = { 0 };
	pki_cert_t *ca = NULL, *signer = NULL;
	pki_key_t *key = NULL;
	pki_crl_t *crl = NULL;
	pki_ocsp_opts_t *o = NULL;
	unsigned char *req = NULL, *der = NULL;
	size_t req_size = 0, size = 0;
	int rc, ex;

	if ((ex = respond_parse(&r, argc, argv)))
		goto out;
	if ((rc = pki_ocsp_opts_new(&o, 0)) < 0) {
		ex = cli_fail(rc, "starting");
		goto out;
	}
	pki_ocsp_opts_set_validity(o, r.hours * 3600u);
	if ((ex = cli_add_revocations(&r.revoke, (int64_t)time(NULL), add_revoked_serial, o)) ||
	    (!r.serving && (ex = cli_check_new(r.out.out, r.out.force))) ||
	    (ex = cli_load_cert(&ca, r.ca_path, "CA certificate")) ||
	    (!r.serving && (ex = read_all(&req, &req_size, r.req_path, "OCSP request"))) ||
	    (ex = set_crl_and_signer(o, &crl, &signer, &r, ca)) ||
	    (ex = cli_load_key(&key, r.signer_path ? r.skey_path : r.key_path, &r.out.pass, NULL)))
		goto out;
	if (r.serving) {
		ex = serve(ca, key, o, r.port, r.count);
	} else {
		rc = pki_ocsp_respond(&der, &size, ca, key, req, req_size, o, 0);
		ex = cli_write_or_fail(rc, der, size, r.out.out, r.out.force, false, "answering %s",
				       r.req_path);
	}
out:
	pki_free(der);
	pki_free(req);
	pki_ocsp_opts_free(o);
	pki_crl_free(crl);
	pki_key_free(key);
	pki_cert_free(signer);
	pki_cert_free(ca);
	cli_list_free(&r.revoke);
	return ex;
}

int cmd_ocsp_check(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_ARG("cert", OPT_O_CERT), CLI_ARG("issuer", OPT_O_ISSUER),
		CLI_ARG("response", OPT_O_RESPONSE), CLI_ARG("request", OPT_O_REQUEST),
		CLI_ARG("at", OPT_O_AT), CLI_OPTS_END,
	};
	const char *cert_path = NULL, *issuer_path = NULL, *resp_path = NULL, *req_path = NULL;
	long long when = 0;
	char *end = NULL;
	pki_cert_t *cert = NULL, *issuer = NULL;
	unsigned char *resp = NULL, *req = NULL;
	size_t resp_size = 0, req_size = 0;
	pki_ocsp_status_t st = PKI_OCSP_UNKNOWN;
	int64_t at = 0;
	pki_crl_reason_t reason = PKI_CRL_REASON_UNSPECIFIED;
	int c, rc, ex;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_HELP: return cli_help(ocsp_check_help);
		case OPT_O_CERT: cert_path = optarg; break;
		case OPT_O_ISSUER: issuer_path = optarg; break;
		case OPT_O_RESPONSE: resp_path = optarg; break;
		case OPT_O_REQUEST: req_path = optarg; break;
		case OPT_O_AT:
			when = strtoll(optarg, &end, 10);
			if (!*optarg || *end || when <= 0)
				return cli_usage("--at takes a Unix time in seconds");
			break;
		default: return cli_bad_option(c, argv);
		}
	}
	if ((ex = cli_no_operands(argc, argv, NULL)))
		return ex;
	if (!cert_path || !issuer_path || !resp_path)
		return cli_usage("%s is required", !cert_path ? "--cert" : !issuer_path ? "--issuer" :
										   "--response");
	if ((ex = cli_load_cert(&cert, cert_path, "certificate")) ||
	    (ex = cli_load_cert(&issuer, issuer_path, "issuer certificate")) ||
	    (ex = read_all(&resp, &resp_size, resp_path, "OCSP response")) ||
	    (req_path && (ex = read_all(&req, &req_size, req_path, "OCSP request"))))
		goto out;
	rc = pki_ocsp_check(&st, &at, &reason, resp, resp_size, cert, issuer, req, req_size, (int64_t)when,
			    when ? PKI_OCSP_CHECK_AT : 0);
	if (rc < 0) {
		ex = cli_fail(rc, "checking the OCSP response %s", resp_path);
		goto out;
	}
	if (st == PKI_OCSP_REVOKED) {
		char stamp[32];
		time_t t = (time_t)at;
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
		printf("revoked: %s%s%s\n", stamp, reason > 0 ? " " : "",
		       reason > 0 ? pki_crl_reason_name(reason) : "");
	} else {
		printf("%s\n", st == PKI_OCSP_GOOD ? "good" : "unknown");
	}
	ex = st == PKI_OCSP_GOOD ? EXIT_OK : EXIT_VERIFY;
out:
	pki_free(resp);
	pki_free(req);
	pki_cert_free(cert);
	pki_cert_free(issuer);
	return ex;
}
