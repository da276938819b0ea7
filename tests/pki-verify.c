/*
 * Test driver for tests/interop-verify.sh and tests/interop-crl.sh: makes certificates and CRLs
 * and verifies chains through the C API, so that openssl and certtool can be compared with it.
 *
 *   pki-verify [OPTS] ca KEYOUT CERTOUT SUBJECT
 *       a key and a self-signed CA, valid from 60 days ago for 4000 days
 *   pki-verify [OPTS] issue CACERT CAKEY KEYOUT CERTOUT SUBJECT [SAN...]
 *       a key and a certificate signed by the CA (--profile, default server)
 *   pki-verify [OPTS] verify CERT
 *       verify; prints the result as text (--json: JSON); exit 0 valid, 1 not valid,
 *       2 usage, 3 unreadable input
 *   pki-verify [OPTS] crl CACERT CAKEY CRLOUT [SERIAL[:REASON[:UNIXTIME]]]...
 *       a CRL (PEM, or DER with --der)
 *   pki-verify [OPTS] crl-show CRL
 *       the CRL as text (--json: JSON)
 *   pki-verify serial CERT
 *       the certificate's serial (hex)
 *
 * Options may come before or after the command.
 * OPTS: --profile=P --path-len=N --permit=C --nb=DAYS --na=DAYS (validity relative to now),
 *       --ca=FILE (repeatable) --untrusted=FILE --host=H --purpose=P --at=UNIX
 *       --crl=FILE (repeatable) --crl-check=leaf|chain --json --der --days=N
 *
 * The wall clock, on purpose (issue 13 item 9 fixes the clock of the C tests, not this one):
 * what this driver writes is checked by the openssl and certtool binaries of the shell tests
 * (interop-verify.sh, interop-crl.sh, cli-verify.sh), against their own clocks, and libpki
 * itself reads the wall clock here (this program links the shared library, without the hook).
 */
#define _GNU_SOURCE
#include "handles.h"

#include <getopt.h>
#include <stdio.h>
#include <time.h>

struct options {
	int profile, path_len;
	const char *permit;
	bool have_nb, have_na, json, der;
	long nb, na;
	const char *ca[MAX_LIST], *crl[MAX_LIST];
	int n_ca, n_crl;
	const char *untrusted, *host, *purpose, *at, *crl_check;
	unsigned days;
};

static int fail(const char *what, int rc, int status)
{
	fprintf(stderr, "pki-verify: %s: %s (%s)\n", what, pki_strerror(rc), pki_error_detail());
	return status;
}

static int usage(void)
{
	fprintf(stderr, "usage: pki-verify [OPTS] ca|issue|verify|crl|crl-show|serial ...\n");
	return 2;
}

static int save_key(const pki_key_t *key, const char *path)
{
	return pki_key_save(key, path, PKI_FORMAT_PEM, NULL, PKI_WRITE_OVERWRITE);
}

static int save_cert(const pki_cert_t *cert, const char *path)
{
	unsigned char *pem = NULL;
	size_t n = 0;
	int rc = pki_cert_export(&pem, &n, cert, PKI_FORMAT_PEM, 0);

	if (rc == 0)
		rc = pki_file_write(path, pem, n, PKI_WRITE_OVERWRITE);
	pki_free(pem);
	return rc;
}

static int make(const struct options *o, int argc, char **argv, bool self)
{
	struct handles h = { 0 };
	const char *failed;
	/* the real clock, not a fixed one: openssl and certtool check what this makes against
	 * theirs (interop-verify.sh gives --at/-attime relative to the same now) */
	int64_t now = (int64_t)time(NULL);
	int profile = o->profile ? o->profile : self ? PKI_PROFILE_CA : PKI_PROFILE_SERVER;
	int rc, first_san;
	const char *keyout, *certout, *subject;

	if (self ? argc != 3 : argc < 5)
		return usage();
	if (self) {
		keyout = argv[0];
		certout = argv[1];
		subject = argv[2];
		first_san = 3;
	} else {
		keyout = argv[2];
		certout = argv[3];
		subject = argv[4];
		first_san = 5;
		if ((rc = load_ca(&h, argv[0], argv[1], &failed)) < 0)
			return release(&h, fail(failed, rc, 3));
	}
	if ((rc = pki_key_generate(&h.key, PKI_KEY_EC_P256, 0, 0)) < 0 ||
	    (rc = pki_issue_opts_new(&h.io, (pki_profile_t)profile, 0)) < 0)
		goto refused;
	if (o->path_len >= -1 && (profile == PKI_PROFILE_CA || profile == PKI_PROFILE_INTERMEDIATE) &&
	    (rc = o->path_len >= 0 ? pki_issue_opts_set_path_len(h.io, (unsigned)o->path_len)
				   : pki_issue_opts_clear_path_len(h.io)) < 0)
		goto refused;
	if (o->permit &&
	    (rc = pki_issue_opts_add_name_constraint(h.io, o->permit, PKI_NC_PERMITTED)) < 0)
		goto refused;
	if (self && !o->have_nb)
		rc = pki_issue_opts_set_validity(h.io, now - 60 * 86400, now + 4000 * 86400LL);
	else if (o->have_nb || o->have_na)
		rc = pki_issue_opts_set_validity(h.io, now + o->nb * 86400,
						 now + (o->have_na ? o->na : 30) * 86400);
	else if (o->days)
		rc = pki_issue_opts_set_days(h.io, o->days);
	if (rc < 0)
		goto refused;
	for (int i = first_san; i < argc; i++)
		if ((rc = pki_issue_opts_add_san(h.io, argv[i])) < 0)
			goto refused;
	rc = self ? pki_cert_self_sign(&h.cert, h.key, subject, h.io, 0)
		  : pki_cert_issue_for_key(&h.cert, h.key, subject, h.ca, h.ca_key, h.io, 0);
	if (rc < 0)
		goto refused;
	if ((rc = save_key(h.key, keyout)) < 0 || (rc = save_cert(h.cert, certout)) < 0)
		goto refused;
	return release(&h, 0);
refused:
	return release(&h, fail(self ? "ca" : "issue", rc, 1));
}

static int verify(const struct options *o, int argc, char **argv)
{
	struct handles h = { 0 };
	int rc, status = 3;

	if (argc != 1)
		return usage();
	if ((rc = pki_cert_import_file(&h.cert, argv[0], 0)) < 0 ||
	    (rc = pki_trust_new(&h.trust, 0)) < 0 || (rc = pki_verify_opts_new(&h.vo, 0)) < 0)
		goto bad;
	for (int i = 0; i < o->n_ca; i++)
		if ((rc = pki_trust_add_file(h.trust, o->ca[i], 0)) < 0)
			goto bad;
	for (int i = 0; i < o->n_crl; i++)
		if ((rc = pki_trust_add_crl_file(h.trust, o->crl[i], 0)) < 0)
			goto bad;
	if (o->untrusted && ((rc = pki_chain_import_file(&h.untrusted, o->untrusted, 0)) < 0 ||
			     (rc = pki_verify_opts_add_untrusted(h.vo, h.untrusted)) < 0))
		goto bad;
	status = 2;
	if (o->host && (rc = pki_verify_opts_set_host(h.vo, o->host)) < 0)
		goto bad;
	if (o->purpose && ((rc = pki_purpose_from_name(o->purpose)) < 0 ||
			   (rc = pki_verify_opts_set_purpose(h.vo, rc)) < 0))
		goto bad;
	if (o->at && (rc = pki_verify_opts_set_time(h.vo, strtoll(o->at, NULL, 10))) < 0)
		goto bad;
	if (o->crl_check &&
	    (rc = pki_verify_opts_set_crl_check(h.vo, strcmp(o->crl_check, "chain") == 0
							      ? PKI_CRL_CHECK_CHAIN
							      : PKI_CRL_CHECK_LEAF)) < 0)
		goto bad;
	rc = pki_cert_verify(&h.result, h.cert, h.trust, h.vo, 0);
	if (rc < 0)
		return release(&h, fail("verify", rc, 3));
	rc = o->json ? pki_verify_result_to_json(&h.text, h.result, 0)
		     : pki_verify_result_to_text(&h.text, h.result, 0);
	if (rc < 0)
		return release(&h, fail("dump", rc, 3));
	printf("%s\n", h.text);
	return release(&h, pki_verify_result_valid(h.result) ? 0 : 1);
bad:
	return release(&h, fail("input", rc, status));
}

static int crl_new(const struct options *o, int argc, char **argv)
{
	struct handles h = { 0 };
	const char *failed;
	size_t n = 0;
	int rc;

	if (argc < 3)
		return usage();
	if ((rc = load_ca(&h, argv[0], argv[1], &failed)) < 0)
		return release(&h, fail(failed, rc, 3));
	if ((rc = pki_crl_opts_new(&h.co, 0)) < 0)
		goto refused;
	if (o->days && (rc = pki_crl_opts_set_days(h.co, o->days)) < 0)
		goto refused;
	for (int i = 3; i < argc; i++) {
		char *spec = strdup(argv[i]), *serial, *reason, *when;
		int r = 0;
		/* a revocation a minute before the real now: openssl and certtool read the CRL
		 * against their own clock */
		int64_t t = (int64_t)time(NULL) - 60;

		if (!spec)
			return release(&h, 3);
		serial = strtok(spec, ":");
		reason = strtok(NULL, ":");
		when = strtok(NULL, ":");
		if (reason && (r = pki_crl_reason_from_name(reason)) < 0) {
			free(spec);
			rc = r;
			goto refused;
		}
		if (when)
			t = strtoll(when, NULL, 10);
		rc = pki_crl_opts_add_revoked(h.co, serial ? serial : "", t, r);
		free(spec);
		if (rc < 0)
			goto refused;
	}
	if ((rc = pki_crl_create(&h.crl, h.ca, h.ca_key, h.co, 0)) < 0 ||
	    (rc = pki_crl_export(&h.data, &n, h.crl, o->der ? PKI_FORMAT_DER : PKI_FORMAT_PEM,
				 0)) < 0 ||
	    (rc = pki_file_write(argv[2], h.data, n, PKI_WRITE_OVERWRITE)) < 0)
		goto refused;
	return release(&h, 0);
refused:
	return release(&h, fail("crl", rc, 1));
}

static int crl_show(const struct options *o, int argc, char **argv)
{
	struct handles h = { 0 };
	int rc;

	if (argc != 1)
		return usage();
	if ((rc = pki_crl_import_file(&h.crl, argv[0], 0)) < 0)
		return fail("crl-show", rc, 3);
	rc = o->json ? pki_crl_to_json(&h.text, h.crl, 0) : pki_crl_to_text(&h.text, h.crl, 0);
	if (rc == 0)
		printf("%s\n", h.text);
	return release(&h, rc == 0 ? 0 : fail("crl-show", rc, 3));
}

static int serial(int argc, char **argv)
{
	struct handles h = { 0 };
	int rc;

	if (argc != 1)
		return usage();
	if ((rc = pki_cert_import_file(&h.cert, argv[0], 0)) < 0 ||
	    (rc = pki_cert_serial(&h.text, h.cert)) < 0)
		return release(&h, fail("serial", rc, 3));
	printf("%s\n", h.text);
	return release(&h, 0);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "path-len", required_argument, NULL, 'l' },
		{ "permit", required_argument, NULL, 'P' },
		{ "nb", required_argument, NULL, 'b' },
		{ "na", required_argument, NULL, 'a' },
		{ "ca", required_argument, NULL, 'c' },
		{ "untrusted", required_argument, NULL, 'u' },
		{ "host", required_argument, NULL, 'h' },
		{ "purpose", required_argument, NULL, 'x' },
		{ "at", required_argument, NULL, 't' },
		{ "crl", required_argument, NULL, 'r' },
		{ "crl-check", required_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' },
		{ "der", no_argument, NULL, 'd' },
		{ "days", required_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 },
	};
	struct options o;
	int c;
	bool okay = true;

	memset(&o, 0, sizeof(o));
	o.path_len = -2; /* not set */
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if ((o.profile = pki_profile_from_name(optarg)) < 0)
				return usage();
			break;
		case 'l': o.path_len = atoi(optarg); break;
		case 'P': o.permit = optarg; break;
		case 'b': o.have_nb = true; o.nb = atol(optarg); break;
		case 'a': o.have_na = true; o.na = atol(optarg); break;
		case 'c': okay = okay && push(o.ca, &o.n_ca, optarg); break;
		case 'u': o.untrusted = optarg; break;
		case 'h': o.host = optarg; break;
		case 'x': o.purpose = optarg; break;
		case 't': o.at = optarg; break;
		case 'r': okay = okay && push(o.crl, &o.n_crl, optarg); break;
		case 'k': o.crl_check = optarg; break;
		case 'j': o.json = true; break;
		case 'd': o.der = true; break;
		case 'D': o.days = (unsigned)atoi(optarg); break;
		default: return usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (!okay || argc < 1)
		return usage();
	if (strcmp(argv[0], "ca") == 0)
		return make(&o, argc - 1, argv + 1, true);
	if (strcmp(argv[0], "issue") == 0)
		return make(&o, argc - 1, argv + 1, false);
	if (strcmp(argv[0], "verify") == 0)
		return verify(&o, argc - 1, argv + 1);
	if (strcmp(argv[0], "crl") == 0)
		return crl_new(&o, argc - 1, argv + 1);
	if (strcmp(argv[0], "crl-show") == 0)
		return crl_show(&o, argc - 1, argv + 1);
	if (strcmp(argv[0], "serial") == 0)
		return serial(argc - 1, argv + 1);
	return usage();
}
