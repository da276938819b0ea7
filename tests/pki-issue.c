/*
 * Test driver for tests/interop-issue.sh: issues certificates through the C API so that
 * openssl and certtool can judge them (the real CLI lives in tools/ and is tested apart).
 *
 *   pki-issue [OPTIONS] ca KEYOUT CERTOUT SUBJECT
 *       a new key and a self-signed certificate for it (profile "ca" unless --profile)
 *   pki-issue [OPTIONS] issue CACERT CAKEY KEYOUT CERTOUT SUBJECT [SAN...]
 *       a new key and a certificate for it signed by the CA (profile "server" unless --profile)
 *   pki-issue [OPTIONS] sign CSR CACERT CAKEY CERTOUT PROFILE [SAN...]
 *       a certificate for a request (PEM or DER), signed by the CA
 *
 * OPTIONS: --key-type=T (ec, p384, ed25519, rsa, ...), --profile=P, --days=N, --path-len=N,
 *          --permit=CONSTRAINT, --exclude=CONSTRAINT, --crl=URL, --ocsp=URL,
 *          --ca-issuers=URL, --serial=HEX, --subject=DN, --allow-key-reuse
 * Exit status: 0 on success, 1 when libpki refuses (the reason on stderr), 2 on bad usage.
 */
#define _GNU_SOURCE
#include "handles.h"

#include <getopt.h>
#include <stdio.h>

struct options {
	int key_type;
	int profile; /* 0: the command's default */
	unsigned days;
	int path_len;
	bool have_path_len;
	const char *permit[MAX_LIST], *exclude[MAX_LIST], *crl[MAX_LIST], *ocsp[MAX_LIST],
		*ca_issuers[MAX_LIST];
	int n_permit, n_exclude, n_crl, n_ocsp, n_ca_issuers;
	const char *serial, *subject;
	unsigned flags;
};

static int fail(const char *what, int rc)
{
	fprintf(stderr, "pki-issue: %s: %s (%s)\n", what, pki_strerror(rc), pki_error_detail());
	return 1;
}

static int usage(void)
{
	fprintf(stderr, "usage: pki-issue [OPTIONS] ca KEYOUT CERTOUT SUBJECT\n"
			"       pki-issue [OPTIONS] issue CACERT CAKEY KEYOUT CERTOUT SUBJECT [SAN...]\n"
			"       pki-issue [OPTIONS] sign CSR CACERT CAKEY CERTOUT PROFILE [SAN...]\n");
	return 2;
}

/* Build the issuance options for @p profile from the command line. */
static int make_opts(pki_issue_opts_t **out, const struct options *o, int profile,
		     char *const *sans, int n_sans)
{
	pki_issue_opts_t *opts;
	int rc;

	if ((rc = pki_issue_opts_new(&opts, (pki_profile_t)profile, 0)) < 0)
		return fail("options", rc);
	rc = 0;
	if (o->days && (rc = pki_issue_opts_set_days(opts, o->days)) < 0)
		goto bad;
	if (o->have_path_len &&
	    (rc = o->path_len >= 0 ? pki_issue_opts_set_path_len(opts, (unsigned)o->path_len)
				   : pki_issue_opts_clear_path_len(opts)) < 0)
		goto bad;
	if (o->serial && (rc = pki_issue_opts_set_serial(opts, o->serial)) < 0)
		goto bad;
	if (o->subject && (rc = pki_issue_opts_set_subject(opts, o->subject)) < 0)
		goto bad;
	for (int i = 0; i < o->n_permit; i++)
		if ((rc = pki_issue_opts_add_name_constraint(opts, o->permit[i], PKI_NC_PERMITTED)) < 0)
			goto bad;
	for (int i = 0; i < o->n_exclude; i++)
		if ((rc = pki_issue_opts_add_name_constraint(opts, o->exclude[i], PKI_NC_EXCLUDED)) < 0)
			goto bad;
	for (int i = 0; i < o->n_crl; i++)
		if ((rc = pki_issue_opts_add_crl_url(opts, o->crl[i])) < 0)
			goto bad;
	for (int i = 0; i < o->n_ocsp; i++)
		if ((rc = pki_issue_opts_add_ocsp_url(opts, o->ocsp[i])) < 0)
			goto bad;
	for (int i = 0; i < o->n_ca_issuers; i++)
		if ((rc = pki_issue_opts_add_ca_issuers_url(opts, o->ca_issuers[i])) < 0)
			goto bad;
	for (int i = 0; i < n_sans; i++)
		if ((rc = pki_issue_opts_add_san(opts, sans[i])) < 0)
			goto bad;
	*out = opts;
	return 0;
bad:
	pki_issue_opts_free(opts);
	return fail("options", rc);
}

static int save_cert(const pki_cert_t *cert, const char *path)
{
	unsigned char *pem;
	size_t size;
	int rc = pki_cert_export(&pem, &size, cert, PKI_FORMAT_PEM, 0);

	if (rc < 0)
		return fail("export", rc);
	rc = pki_file_write(path, pem, size, PKI_WRITE_OVERWRITE);
	pki_free(pem);
	return rc < 0 ? fail(path, rc) : 0;
}

/* A new key into h->key, saved to @p path (PEM). 0, or 1 with the reason on stderr; the
 * caller releases h either way. */
static int new_key(struct handles *h, const struct options *o, const char *path)
{
	int rc = pki_key_generate(&h->key, (pki_key_type_t)o->key_type, 0, 0);

	if (rc < 0)
		return fail("generate", rc);
	rc = pki_key_save(h->key, path, PKI_FORMAT_PEM, NULL, PKI_WRITE_OVERWRITE);
	return rc < 0 ? fail(path, rc) : 0;
}

/* The CA certificate and key into h->ca and h->ca_key; as new_key. */
static int read_ca(struct handles *h, const char *cert_path, const char *key_path)
{
	const char *failed;
	int rc = load_ca(h, cert_path, key_path, &failed);

	return rc < 0 ? fail(failed, rc) : 0;
}

static int cmd_ca(const struct options *o, char **a, int n)
{
	struct handles h = { 0 };
	int rc;

	if (n != 3)
		return usage();
	if ((rc = make_opts(&h.io, o, o->profile ? o->profile : PKI_PROFILE_CA, NULL, 0)) != 0)
		return rc;
	if ((rc = new_key(&h, o, a[0])) == 0) {
		rc = pki_cert_self_sign(&h.cert, h.key, a[2], h.io, o->flags);
		rc = rc < 0 ? fail("self-sign", rc) : save_cert(h.cert, a[1]);
	}
	return release(&h, rc);
}

static int cmd_issue(const struct options *o, char **a, int n)
{
	struct handles h = { 0 };
	int rc;

	if (n < 5)
		return usage();
	if ((rc = make_opts(&h.io, o, o->profile ? o->profile : PKI_PROFILE_SERVER, a + 5,
			    n - 5)) != 0)
		return rc;
	if ((rc = read_ca(&h, a[0], a[1])) == 0 && (rc = new_key(&h, o, a[2])) == 0) {
		rc = pki_cert_issue_for_key(&h.cert, h.key, a[4], h.ca, h.ca_key, h.io, o->flags);
		rc = rc < 0 ? fail("issue", rc) : save_cert(h.cert, a[3]);
	}
	return release(&h, rc);
}

static int cmd_sign(const struct options *o, char **a, int n)
{
	struct handles h = { 0 };
	int rc, profile;

	if (n < 5)
		return usage();
	profile = pki_profile_from_name(a[4]);
	if (profile < 0)
		return fail("profile", profile);
	if ((rc = make_opts(&h.io, o, profile, a + 5, n - 5)) != 0)
		return rc;
	rc = pki_csr_import_file(&h.csr, a[0], 0);
	if (rc < 0)
		rc = fail(a[0], rc);
	else if ((rc = read_ca(&h, a[1], a[2])) == 0) {
		rc = pki_cert_issue(&h.cert, h.csr, h.ca, h.ca_key, h.io, o->flags);
		rc = rc < 0 ? fail("sign", rc) : save_cert(h.cert, a[3]);
	}
	return release(&h, rc);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "key-type", required_argument, NULL, 'k' },
		{ "profile", required_argument, NULL, 'p' },
		{ "days", required_argument, NULL, 'd' },
		{ "path-len", required_argument, NULL, 'l' },
		{ "permit", required_argument, NULL, 'P' },
		{ "exclude", required_argument, NULL, 'X' },
		{ "crl", required_argument, NULL, 'c' },
		{ "ocsp", required_argument, NULL, 'o' },
		{ "ca-issuers", required_argument, NULL, 'i' },
		{ "serial", required_argument, NULL, 's' },
		{ "subject", required_argument, NULL, 'S' },
		{ "allow-key-reuse", no_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 },
	};
	struct options o;
	int c, rc;
	bool okay = true;

	memset(&o, 0, sizeof(o));
	o.key_type = PKI_KEY_EC_P256;
	/* '+': options come before the command; SANs after it are operands. */
	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			o.key_type = pki_key_type_from_name(optarg);
			if (o.key_type < 0)
				return fail("--key-type", o.key_type);
			break;
		case 'p':
			o.profile = pki_profile_from_name(optarg);
			if (o.profile < 0)
				return fail("--profile", o.profile);
			break;
		case 'd': o.days = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'l':
			o.path_len = atoi(optarg);
			o.have_path_len = true;
			break;
		case 'P': okay = okay && push(o.permit, &o.n_permit, optarg); break;
		case 'X': okay = okay && push(o.exclude, &o.n_exclude, optarg); break;
		case 'c': okay = okay && push(o.crl, &o.n_crl, optarg); break;
		case 'o': okay = okay && push(o.ocsp, &o.n_ocsp, optarg); break;
		case 'i': okay = okay && push(o.ca_issuers, &o.n_ca_issuers, optarg); break;
		case 's': o.serial = optarg; break;
		case 'S': o.subject = optarg; break;
		case 'R': o.flags |= PKI_ISSUE_ALLOW_KEY_REUSE; break;
		default: return usage();
		}
	}
	if (!okay || optind >= argc)
		return usage();
	argv += optind + 1;
	argc -= optind + 1;
	if (strcmp(argv[-1], "ca") == 0)
		rc = cmd_ca(&o, argv, argc);
	else if (strcmp(argv[-1], "issue") == 0)
		rc = cmd_issue(&o, argv, argc);
	else if (strcmp(argv[-1], "sign") == 0)
		rc = cmd_sign(&o, argv, argc);
	else
		rc = usage();
	return rc;
}
